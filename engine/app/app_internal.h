/* app internals: options shared by the commands, and the viewer that `run`, `shot` and
 * `bench` drive. Main thread only. */
#ifndef PV_APP_INTERNAL_H
#define PV_APP_INTERNAL_H

#include "app/app.h"
#include "asset/asset.h"
#include "core/view.h"
#include "gfx/gfx.h"
#include "hud/hud.h"
#include "platform/platform.h"
#include "record/record.h"
#include "render/places.h"
#include "scene/scene.h"
#include "text/text.h"
#include "ui/strings.h"
#include "video/video.h"
#include "visit/visit.h"

#include <stdio.h>
#include <string.h>

typedef struct app_options {
    const char *scene;
    const char *place;       /* --place ID */
    bool has_view;
    pv_view view;            /* --view YAW,PITCH,FOV */
    int width, height;       /* --size WxH */
    bool fullscreen;
    const char *events;      /* --events FILE */
    const char *out;         /* shot --out FILE.png */
    const char *lang;        /* --lang CODE */
    const char *open;        /* shot --open HOTSPOT_ID | places | languages | help */
    float scale;             /* --scale S: the interface's pixels per point (0: the display's;
                              * a shot's is 1 unless given) */
    bool has_time;
    double time;             /* shot --time SECONDS: every video at its frame for that time */
    const char *frames_log;  /* --frames FILE: one JSON line per video frame presented */
    bool hwdec;              /* --hwdec or PAVILION_HWDEC=vaapi: VAAPI decoding where offered */
    bool no_network;         /* --no-network or PAVILION_NO_NETWORK=1: videos that are URLs
                              * are not opened (kiosks); they show a "cannot play" card */
    /* Tests: the audio device is the caller's. Called instead of platform_audio_open, it
     * keeps `fill` and `user` and mixes by calling fill(user, out, frames, now) with its own
     * clock, setting *latency (seconds). NULL = the platform's device. */
    pv_result (*audio_open)(void *ctx, platform_audio_fill fill, void *user, double *latency);
    void *audio_ctx;
} app_options;

typedef struct pointer_state {
    int64_t id;
    bool down;
    float x, y, start_x, start_y;
    double start_t;
} pointer_state;

typedef struct viewer {
    app_options opt;
    video *video;            /* the videos of the place on screen (video/) */
    platform *plat;
    gfx *g;
    scene_exhibit *ex;
    text_font *font, *font_bold;
    render_places *cache;    /* the places' pictures and models, their loading */
    const char *lang;
    int width, height;
    float scale;             /* pixels per point of the interface (ui_scale) */
    float scale_option;      /* --scale, 0 = the display's (platform_ui_scale) */
    bool offscreen;

    visit *vis;              /* the place, its view, moving between places, history, events */
    bool cam_from_options;   /* --view still to apply to the first model place's camera */

    /* input */
    pointer_state ptr[4];
    int ptr_count;
    bool dragging, pinching;
    float pinch_dist0, pinch_fov0, pinch_last;
    float vel_yaw, vel_pitch;   /* degrees per second while dragging: the fling on release */
    double last_move_t;
    bool keys[PLATFORM_KEY_COUNT];
    int hover;                  /* hotspot under the pointer, -1 none */
    float mouse_x, mouse_y;
    bool mouse_inside;

    /* the interface: title, bar, menus, info panels (hud/), its words (ui/strings) */
    ui_strings *strings;
    hud *hud;
    /* pictures the hud asked for by path (people's photos), decoded once (NULL: failed) */
    struct {
        const char *path;
        gfx_image *img;
    } pictures[32];
    int picture_count;

    record_log *events;      /* --events: the log, one of the visit's listeners */
    double t_start;
    double now;              /* the time of the latest event or update (the caller's clock) */
    bool moved;              /* an event advanced motion since the last update */
    bool dirty, quit;
    bool moving;             /* the view moved this frame: draw fast, settle afterwards */
    bool screenshot;         /* F12: save the next frame as a PNG */
    int screenshot_count;
} viewer;

/* The current place, its view (input turns it), and whether a fade is running. */
static inline int viewer_place(const viewer *v) { return visit_place(v->vis); }
static inline pv_view *viewer_view(viewer *v) { return visit_view(v->vis); }
static inline bool viewer_fading(const viewer *v)
{
    return visit_fading(v->vis, NULL, NULL, NULL);
}

/* The viewer set-up shared by run and shot: scene loaded, GL ready, fonts open. */
pv_result viewer_init(viewer *v, const app_options *opt, bool offscreen);
void viewer_shutdown(viewer *v);
void viewer_enter(viewer *v, int place, const pv_view *view, bool record_history);
void viewer_render(viewer *v, int width, int height);
int viewer_run(viewer *v);
/* One input event at time `now` (seconds, the caller's clock); then viewer_update(now)
 * advances time (inertia, keys, fades, loads). Motion goes by elapsed time, never by frame. */
void viewer_handle_event(viewer *v, const platform_event *e, double now);
void viewer_update(viewer *v, double now);
/* Starts the visit: logs the first place and queues its loads (viewer_run does this). */
void viewer_start(viewer *v);
/* Sends an event of the visit (at v->now) to its listeners (the events log is one). */
void viewer_emit(viewer *v, visit_event_kind kind, int place, int hotspot, int video,
                 const char *what, double seconds);
/* Opens a hotspot's panel (by its id, in the current place) or a menu of the hud ("places",
 * "languages", "help"); false after saying why on stderr. */
bool viewer_open(viewer *v, const char *what);

int app_shot(const app_options *opt);
bool app_write_png(const char *path, int w, int h, const uint8_t *rgba);

#endif
