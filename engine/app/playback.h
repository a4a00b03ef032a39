/* app/playback: the videos of the place on screen, inside a visit. Video hotspots on
 * panoramas, 360 video places, screens on booth models, the cinema (playlist, controls,
 * subtitles) and full-screen playback. Videos of a place start opening when it is entered and
 * are closed once it has faded out. Sound goes through one mixer on the platform's audio
 * device. Main thread only. */
#ifndef PV_APP_PLAYBACK_H
#define PV_APP_PLAYBACK_H

#include "app/app_internal.h"

void playback_init(viewer *v);
void playback_shutdown(viewer *v);
/* The visit moved to `place` (start of its fade): its videos start opening; the previous
 * place's videos pause and stay on screen until playback_fade_done. */
void playback_enter(viewer *v, int place);
void playback_fade_done(viewer *v);
/* Presents due frames; true when something on screen changed. */
bool playback_update(viewer *v, double now);
/* Milliseconds the main loop may sleep before a video needs it, or -1. */
int playback_wait_ms(viewer *v, double now);
/* For tests that drive the clock: true while a video of the place waits for one of its
 * threads (player_pending); the test updates again at the same time until it is false. */
bool playback_pending(viewer *v, int audio_frames);

/* A 360 video place: draws its frame; false when it has none yet. */
bool playback_draw_place(viewer *v, int place, const pv_view *view, int width, int height,
                         float alpha);
/* What a 360 video place shows: "video" once its first frame is on screen, "error" when it
 * cannot play; NULL while it is opening. */
const char *playback_place_shown(viewer *v, int place);
/* Video hotspots and a panorama cinema's screen of the current place, on the sphere. */
void playback_draw_screens(viewer *v, int width, int height, float alpha);
/* A full-screen video's picture, the cinema's subtitles, and the labels over videos for the
 * hud (which draws the controls, Close and the playlist from playback_hud_video). */
void playback_draw_overlay(viewer *v, int width, int height);
/* What the hud's video controls show (hud_host.video): the video in control, the cinema's
 * playlist, the sound, and the labels over videos gathered while the frame was drawn. */
void playback_hud_video(viewer *v, hud_video *out);
/* The pointer moved or pressed: the controls show again for a while. */
void playback_activity(viewer *v);
/* True when the overlay takes the pointer or keys (the view must not move). */
bool playback_modal(const viewer *v);

/* Input the videos take after the hud: a full-screen video keeps the pointer (a click plays
 * or pauses it) and the cinema its keys; true when consumed. */
bool playback_pointer(viewer *v, const platform_event *e);
bool playback_key(viewer *v, const platform_event *e);
/* A video command of the visit (visit_host.video) on the video in control: full screen, or
 * the cinema's film; false when there is none. */
bool playback_command(viewer *v, visit_video_cmd cmd, double seconds);
/* A click on a video hotspot: plays or pauses it, or opens it full screen. */
void playback_activate(viewer *v, int hotspot);
/* Whether pixel (x, y) lies on the screen of video hotspot `hotspot`. */
bool playback_hit_hotspot(viewer *v, int hotspot, float x, float y);

/* The centre of a video control as the hud last described it (hud_control_id's names:
 * "play", "seek", "cc", "mute", "volume", "next", "list", "fullscreen", "close"), for tests
 * and automation; false when it is not on screen. */
bool playback_control_center(const viewer *v, const char *name, float *x, float *y);

/* shot: every video of the current place shows its frame at clip time t (seconds), opened and
 * decoded on this thread. */
void playback_show_at(viewer *v, double t);

#endif
