/* video: the videos of the place on screen, inside a visit. Video hotspots on panoramas, 360
 * video places, screens on booth models, the cinema (playlist, films, subtitles) and
 * full-screen playback, with their posters; the video commands of the visit and what the
 * video in control is (visit_host.video and video_state). It listens to the visit: a place
 * crossed to starts opening its videos, the place left pauses and keeps its last frames until
 * the fade is over (faded), a video hotspot used plays or pauses; what the visitor does to a
 * video (played, paused, sought, film, closed) goes out as the visit's events. Sound goes
 * through one mixer on the platform's audio device, opened with the first place that has
 * videos. Drawing goes through render/; the controls and the playlist are drawn from
 * video_describe's visit_video_state, which the hud asks the visit for (visit_video). Time
 * is passed in (`now`, seconds on the caller's clock), never read.
 * Main thread only (players run their own open, decode and seek threads, play/). */
#ifndef PV_VIDEO_H
#define PV_VIDEO_H

#include "core/view.h"
#include "gfx/gfx.h"
#include "platform/platform.h"
#include "scene/scene.h"
#include "visit/visit.h"

#include <stdbool.h>

typedef struct video video;

/* What the videos ask of whoever shows the visit (user may be anything; the others NULL). */
typedef struct video_host {
    void *user;
    /* A model place as its camera sees it (its model, NULL until loaded, and the window's
     * size), and its meshes on the GPU (NULL until uploaded) where screens show videos; false
     * for a panorama. */
    bool (*booth)(void *user, int place, visit_booth *out, gfx_model **meshes);
    /* Something on screen changed between updates (a click, a key, a command): draw again. */
    void (*redraw)(void *user);
} video_host;

typedef struct video_desc {
    gfx *g;
    const scene_exhibit *exhibit; /* outlives the videos */
    visit *visit;                 /* listened to; video events go out through it */
    platform *platform;           /* its audio device; NULL: no sound */
    /* Tests: the audio device is the caller's. Called instead of platform_audio_open, it
     * keeps `fill` and `user` and mixes by calling fill(user, out, frames, now) with its own
     * clock, setting *latency (seconds). NULL = the platform's device. */
    pv_result (*audio_open)(void *ctx, platform_audio_fill fill, void *user, double *latency);
    void *audio_ctx;
    bool silent;            /* no sound at all (shots, benchmarks) */
    double t0;              /* the clock at the start (frame log times count from it) */
    const char *lang;       /* the scene's language for film titles and subtitles */
    bool hwdec;             /* VAAPI decoding where offered */
    bool no_network;        /* videos that are URLs are not opened ("cannot play") */
    const char *frames_log; /* one JSON line per video frame presented; NULL: none */
    video_host host;
} video_desc;

video *video_create(const video_desc *d);
void video_destroy(video **vd);
/* The language changed (film titles, the subtitles of the next film). */
void video_set_language(video *vd, const char *lang);

/* Presents due frames; true when something on screen changed. */
bool video_update(video *vd, double now);
/* Milliseconds the main loop may sleep before a video needs it, or -1. */
int video_wait_ms(const video *vd, double now);
/* For tests that drive the clock: true while a video of the place waits for one of its
 * threads (player_pending); the test updates again at the same time until it is false. */
bool video_pending(const video *vd, int audio_frames);

/* What a 360 video place shows: "video" once its first frame is on screen, "error" when it
 * cannot play; NULL while it is opening (visit_host.shown). */
const char *video_place_shown(const video *vd, int place);

/* ---- drawing (through render/) ---- */

/* A 360 video place: draws its frame; false when it has none yet. */
bool video_draw_place(video *vd, int place, const pv_view *view, int width, int height,
                      float alpha);
/* Video hotspots and a panorama cinema's screen of the current place, on the sphere; `hover`
 * is the hotspot under the pointer (-1 none), scale the pixels per point. Starts the frame's
 * labels over videos. */
void video_draw_screens(video *vd, int width, int height, float scale, float alpha, int hover);
/* A full-screen video's picture and the cinema's subtitles (above the controls while they
 * show), and the labels over videos gathered for video_describe. */
void video_draw_overlay(video *vd, int width, int height, float scale, double now);

/* ---- what the controls show (the hud draws them) ---- */

/* The video in control and the labels over videos gathered while the frame was drawn
 * (zeroed first; film -1 when there is no cinema): the host's answer to
 * visit_host.video_state. */
void video_describe(const video *vd, visit_video_state *out, double now);

/* ---- input and commands ---- */

/* The pointer moved or pressed: the controls show again for a while; true when they were
 * hidden (a frame is needed). */
bool video_activity(video *vd, double now);
/* True when the videos take the pointer and keys (a full-screen video: the view must not
 * move). */
bool video_modal(const video *vd);
/* Input the videos take after the hud: a full-screen video keeps the pointer (a click plays
 * or pauses it) and the cinema its keys (Space: `hover`, the hotspot under the pointer, else
 * the first video hotspot); true when consumed. */
bool video_pointer(video *vd, const platform_event *e, double now);
bool video_key(video *vd, const platform_event *e, int hover, double now);
/* A video command of the visit (visit_host.video) on the video in control: full screen, or
 * the cinema's film; false when there is none. */
bool video_command(video *vd, visit_video_cmd cmd, double value, double now);
/* Whether pixel (x, y) of a width x height window lies on video hotspot `hotspot`'s screen. */
bool video_hit_hotspot(const video *vd, int hotspot, float x, float y, int width, int height);

/* shot: every video of the current place shows its frame at clip time t (seconds), opened
 * and decoded on this thread. */
void video_show_at(video *vd, double t, double now);

#endif
