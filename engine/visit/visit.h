/* visit: the visit without drawing, SDL or a clock of its own, growing out of app/ step by
 * step. So far: the visit object (which place is shown and how it is looked at, moving
 * between places with a fade and waiting for a place's first picture, history; commands in,
 * events out, time passed in by visit_update; the video in control, whose commands and state
 * its host answers: visit_video), the events it sends to its listeners (the
 * events log, tests, later analytics and kiosks), and the camera of model places (3D
 * booths): orbit and walk cameras, walking with collisions, picking hotspots by ray cast, and
 * movement by elapsed time (never by frame), as pure functions of a camera, the place's model
 * and the window's size, testable without GL. Main thread only (the model is read, never
 * changed). */
#ifndef PV_VISIT_H
#define PV_VISIT_H

#include "asset/model.h"
#include "core/view.h"
#include "gfx/gfx.h" /* gfx_image: a film's poster in visit_video_state (a handle only) */
#include "scene/scene.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- events ---- */

typedef enum visit_event_kind {
    VISIT_EVENT_INVALID = 0,
    VISIT_EVENT_ENTERED,    /* a place is on screen (its fade in begins with a picture):
                             * `what` says which: "full", "preview", "model", "video", "error" */
    VISIT_EVENT_HOTSPOT,    /* the visitor used `hotspot` */
    VISIT_EVENT_LOADED,     /* a place's full image or model is in: `what` "panorama" or
                             * "model", `seconds` it took */
    VISIT_EVENT_PLAYED,     /* a video started or went on: `video` */
    VISIT_EVENT_PAUSED,
    VISIT_EVENT_SOUGHT,     /* `video` jumps to `seconds` */
    VISIT_EVENT_FILM,       /* the visitor chose film `video` of the place's cinema */
    VISIT_EVENT_CLOSED,     /* full-screen video `video` was closed */
    VISIT_EVENT_SCREENSHOT, /* the frame was saved as `what` */
    VISIT_EVENT_ERROR,      /* `place` cannot be shown as it should: `what` says why */
    VISIT_EVENT_CROSSED,    /* the visit moved to `place` from `from` (-1 at the start): its
                             * fade begins; what it shows is announced by ENTERED */
    VISIT_EVENT_WAITING,    /* the visitor asked for `place`, which has nothing to show yet:
                             * the current place stays until it has */
    VISIT_EVENT_FADED,      /* the fade into `place` is over; `from` is no longer drawn */
    VISIT_EVENT_COUNT
} visit_event_kind;

typedef struct visit_event {
    visit_event_kind kind;
    double t;            /* when, on the clock passed to the visit (seconds) */
    int place;           /* index into the exhibit's places; -1 none */
    int hotspot;         /* index into the place's hotspots; -1 none */
    int video;           /* video events: the hotspot, screen or film index; -1 none */
    const char *what;    /* see the kinds; NULL none (valid during the call only) */
    double seconds;
    int from;            /* crossed, faded: the place left; -1 none */
} visit_event;

/* Called on the main thread for each event, in the order they happen. */
typedef void (*visit_listener)(void *user, const visit_event *e);

#define VISIT_LISTENERS_MAX 8
typedef struct visit_listeners {
    struct {
        visit_listener fn;
        void *user;
    } at[VISIT_LISTENERS_MAX];
    int count;
} visit_listeners;

/* Adds a listener; false (with a message) when VISIT_LISTENERS_MAX are listening. */
bool visit_listen(visit_listeners *l, visit_listener fn, void *user);
void visit_unlisten(visit_listeners *l, visit_listener fn, void *user);
/* Sends `e` to every listener, in the order they were added. */
void visit_emit(const visit_listeners *l, const visit_event *e);
/* The event's name in logs: "enter", "hotspot", "loaded", "play", "pause", "seek", "film",
 * "close", "screenshot", "error", "cross", "wait", "faded". */
const char *visit_event_name(visit_event_kind kind);

/* ---- the camera of model places ---- */

/* How a model place is being looked at. Conventions: an orbit camera at yaw Y and pitch P
 * looks at its target from above when P > 0; a walking one looks up when P > 0. */
typedef struct visit_camera {
    scene_camera_mode mode;
    float target[3], distance, distance_min, distance_max; /* orbit */
    float position[3];       /* walk: feet */
    float yaw, pitch;        /* orbit: around the target (pitch > 0 looks down); walk: look */
    float fov;
    bool walking_to;         /* walk: heading for walk_to after a tap on the floor */
    float walk_to[3];
} visit_camera;

/* What a camera moves in: the place's scene settings, its model (NULL until loaded), the
 * nodes that block walking (NULL = all geometry) and those that are not see-through (NULL =
 * all), and the window's size in pixels. */
typedef struct visit_booth {
    const scene_place *place;
    const asset_model *model;
    const uint8_t *collide_mask;
    const uint8_t *opaque_mask;
    int width, height;
} visit_booth;

/* Speeds of held keys: turning (walk), walking, and the orbit's turn per second. */
#define VISIT_WALK_SPEED 1.4f      /* metres per second */
#define VISIT_TURN_SPEED 90.0f     /* degrees per second (walk: left/right) */
/* Motion longer than this is taken in steps, so walls stop a walk at any frame rate. */
#define VISIT_MOTION_STEP 0.02

/* The place's camera as the scene sets it, fitted to the model when it gives no distance. */
void visit_camera_reset(visit_camera *c, const visit_booth *b);
/* The view the background panorama is drawn with: the camera's own direction. */
pv_view visit_camera_look(const visit_camera *c);
void visit_camera_eye(const visit_camera *c, const visit_booth *b, float eye[3]);
void visit_camera_view_proj(const visit_camera *c, const visit_booth *b, int width, int height,
                            float out[16]);
/* Where a world point falls in the window; false when it is behind the eye. */
bool visit_camera_project(const visit_camera *c, const visit_booth *b, const float p[3],
                          float *x, float *y);
/* Where a hotspot of a model place sits, in world space; false when it has no spot there. */
bool visit_hotspot_point(const asset_model *m, const scene_hotspot *h, float out[3]);
/* The hotspot whose node (or a node above it) the ray through pixel (px, py) hits; -1 none. */
int visit_camera_pick(const visit_camera *c, const visit_booth *b, float px, float py);
/* True when the model stands between the eye and the hotspot (its own node excepted). */
bool visit_camera_hidden(const visit_camera *c, const visit_booth *b, const scene_hotspot *h);

/* A drag by (dx, dy) pixels: walk looks about, orbit turns the model as if held. */
void visit_camera_drag(visit_camera *c, const visit_booth *b, float dx, float dy);
void visit_camera_zoom(visit_camera *c, float factor);
/* Moves a walking visitor by (forward, right) metres, stopped by walls and following the
 * floor up small steps. */
void visit_camera_walk(visit_camera *c, const visit_booth *b, float forward, float right);
/* Walk mode: a tap on the floor sets a spot to walk to; false when the pixel is not floor. */
bool visit_camera_walk_to_pixel(visit_camera *c, const visit_booth *b, float px, float py);
/* Walks towards that spot for dt seconds; true while still walking. */
bool visit_camera_walk_step(visit_camera *c, const visit_booth *b, float dt);

/* What held keys ask for, each -1, 0 or 1: turn (left/right), look (down/up), walk
 * (back/forward), side (left/right), zoom (in/out). */
typedef struct visit_hold {
    float turn, look, walk, side, zoom;
} visit_hold;

/* Moves the camera as the held keys ask for `seconds` of time, in steps of at most
 * VISIT_MOTION_STEP: the same keys held for the same time move the same way at any frame
 * rate. Walk: walk and side walk, turn turns, look tilts; orbit: turn and look orbit. */
void visit_camera_hold(visit_camera *c, const visit_booth *b, const visit_hold *h,
                       double seconds);

/* ---- the visit ---- */

typedef struct visit visit;

/* What video commands ask of the video in control (full screen, or the cinema's film). */
typedef enum visit_video_cmd {
    VISIT_VIDEO_INVALID = 0,
    VISIT_VIDEO_PLAY,
    VISIT_VIDEO_PAUSE,
    VISIT_VIDEO_TOGGLE,
    VISIT_VIDEO_SEEK,        /* to `seconds` */
    VISIT_VIDEO_SEEK_BY,     /* by `seconds` from where it is */
    VISIT_VIDEO_CLOSE,       /* the full-screen video closes (it pauses) */
    VISIT_VIDEO_FILM,        /* the cinema plays film number `seconds` of its playlist */
    VISIT_VIDEO_PLAYLIST,    /* the cinema's film pauses and its playlist opens */
    VISIT_VIDEO_SUBTITLES,   /* the film's next subtitle language, then none, then the first */
    VISIT_VIDEO_VOLUME,      /* the videos' volume becomes `seconds` (0..1), sound on */
    VISIT_VIDEO_MUTE,        /* the videos' sound goes off, or on again */
    VISIT_VIDEO_COUNT
} visit_video_cmd;

/* ---- the video in control, as the host says it is ---- */

/* What the host says of the place's videos each frame: the video in control and the labels
 * over videos. visit_video asks for it; the host fills it (the viewer, from video/), the hud
 * draws the controls from it. */
typedef enum visit_video_mode {
    VISIT_VIDEO_MODE_NONE = 0, /* no video in control: no controls */
    VISIT_VIDEO_MODE_FULL,     /* a video over the whole window: its controls and Close */
    VISIT_VIDEO_MODE_CINEMA,   /* the place's cinema: its film's controls, or its playlist */
    VISIT_VIDEO_MODE_COUNT
} visit_video_mode;

enum { VISIT_VIDEO_NOTES = 16 };
/* A label over a video: a stream that stalled, a video that cannot play. */
typedef struct visit_video_note {
    float x, y;       /* pixels from the top left: the middle of the video it is about */
    const char *key;  /* a catalogue key ("video.cannot_play"); NULL: `text` */
    const char *text; /* shown as it is (a decoder's reason), valid until the next update */
    bool error;       /* on red */
} visit_video_note;

typedef struct visit_video_state {
    visit_video_mode mode;
    bool controls;             /* the controls show (paused, or the pointer moved lately) */
    bool playing;              /* playing or about to: the controls offer Pause */
    double position, duration; /* seconds; duration 0: unknown (no seek bar) */
    float volume;              /* 0..1 */
    bool muted;
    bool has_subtitles;        /* the film has subtitles */
    const char *subtitles;     /* the language they show in, NULL: off */
    /* cinema */
    bool playlist;             /* its playlist shows instead of the controls */
    int film;                  /* the film on its screen, -1 none */
    int film_count;
    const gfx_image *const *posters; /* film_count pictures, NULL where a film has none */
    /* labels over the place's videos, gathered while the last frame was drawn */
    visit_video_note notes[VISIT_VIDEO_NOTES];
    int note_count;
} visit_video_state;

/* What the visit asks of whoever shows it (the viewer): all may be NULL. */
typedef struct visit_host {
    void *user;
    /* What `place` shows now ("full", "preview", "model", "video", "error"), or NULL while it
     * has nothing on screen: ENTERED is sent once it has. */
    const char *(*shown)(void *user, int place);
    /* Whether `place` can be crossed to now (it has something to show, or its error card);
     * a place that cannot waits (WAITING) and is crossed to at the first update it can. */
    bool (*ready)(void *user, int place);
    /* Whether `place`, being left, has a picture to fade out. */
    bool (*fades)(void *user, int place);
    /* How `place` is looked at now when it is not by the visit's view (a booth's camera). */
    bool (*look)(void *user, int place, pv_view *out);
    /* A model place's model and window size for its camera; false for a panorama. */
    bool (*booth)(void *user, int place, visit_booth *out);
    /* Carries out a video command on the video in control (which then sends PLAYED, PAUSED or
     * SOUGHT); false when no video is in control. */
    bool (*video)(void *user, visit_video_cmd cmd, double seconds);
    /* What the place's videos are now (`out` comes zeroed, film -1): it must already show
     * what a video command just did, so the frame that answers a click shows it. NULL: no
     * videos. */
    void (*video_state)(void *user, visit_video_state *out);
} visit_host;

typedef struct visit_desc {
    const scene_exhibit *exhibit; /* must outlive the visit */
    int start;                    /* place index; < 0: the exhibit's start */
    const pv_view *view;          /* NULL: the start place's own view */
    double now;                   /* the clock when the visit starts (seconds) */
    visit_host host;
} visit_desc;

visit *visit_create(const visit_desc *d);
void visit_destroy(visit **v);
visit_listeners *visit_listeners_of(visit *v);
/* The visit begins at its start place: CROSSED (from -1), then ENTERED when it shows. */
void visit_start(visit *v);
/* Advances to `now`: moves the view or the booth's camera as held keys, a fling and a walk to
 * a tapped spot ask for, by the time elapsed since the last update in steps of at most
 * VISIT_MOTION_STEP (the same at any frame rate); ends a finished fade (FADED), crosses to a
 * place waiting for its first picture once it has one, announces a place entered when it
 * shows. True while something still moves, fades or waits (more frames are needed). */
bool visit_update(visit *v, double now);
/* The time of the latest update or command (the caller's clock). */
double visit_now(const visit *v);
/* Sets the time of the commands that follow (input arrives between updates). */
void visit_set_now(visit *v, double now);

/* Commands. enter: to place index `place`, looking `view` (NULL: its own view); `history`
 * records the place left for back. */
void visit_cmd_enter(visit *v, int place, const pv_view *view, bool history);
bool visit_cmd_enter_id(visit *v, const char *place_id, const pv_view *view);
void visit_cmd_back(visit *v);
/* The current place's own view again, a booth's camera as the scene sets it. */
void visit_cmd_home(visit *v);
/* What the held keys ask for from now on (all zero: nothing held). On a panorama turn and
 * look turn the view at 0.9 fov per second and zoom scales the fov 1.8 times a second; on a
 * model place visit_camera_hold. */
void visit_cmd_hold(visit *v, const visit_hold *h);
/* The video in control (full screen, or the cinema's film once chosen) plays, pauses, plays
 * or pauses, jumps to `seconds`, or by `seconds`; false when there is none. Video hotspots
 * play and pause through visit_cmd_activate. */
bool visit_cmd_play(visit *v);
bool visit_cmd_pause(visit *v);
bool visit_cmd_toggle(visit *v);
bool visit_cmd_seek(visit *v, double seconds);
bool visit_cmd_seek_by(visit *v, double seconds);
/* Any video command (the controls' close, film, playlist, subtitles, volume and mute); `value`
 * is what the command says it is. False when no video takes it. */
bool visit_cmd_video(visit *v, visit_video_cmd cmd, double value);
/* A drag let go while moving: the view coasts at this many degrees per second, slowing
 * down (0, 0 stops it). */
void visit_cmd_fling(visit *v, float yaw_per_s, float pitch_per_s);
/* The visitor uses hotspot `hotspot` of the current place: HOTSPOT is sent (listeners open
 * panels and videos), and a goto hotspot enters its target. */
void visit_cmd_activate(visit *v, int hotspot);
bool visit_cmd_activate_id(visit *v, const char *hotspot_id);

/* Queries. */
const scene_exhibit *visit_exhibit(const visit *v);
int visit_place(const visit *v);          /* the current place's index */
int visit_pending(const visit *v);        /* the place waiting for a picture, or -1 */
/* How the waiting place will be looked at when it shows; NULL when none waits. */
const pv_view *visit_pending_view(const visit *v);
int visit_history_count(const visit *v);
/* During a fade: the place left and how it was looked at, and the fade's progress 0..1;
 * false when not fading. */
bool visit_fading(const visit *v, int *from, pv_view *from_view, float *progress);
/* How the current place is looked at (a panorama's view; input turns it). */
pv_view *visit_view(visit *v);
/* The camera of the current place when it is a model place (input turns it). */
visit_camera *visit_camera_of(visit *v);
/* True while held keys, a fling, a walk, a fade or a waiting place need frames. */
bool visit_animating(const visit *v);
/* What the place's videos are now, as the host says (visit_host.video_state), after any
 * command already carried out; false when no video is in control (mode NONE; notes over
 * videos may still be there). */
bool visit_video(const visit *v, visit_video_state *out);
/* Sends an event from the visit (for the parts of the visit still in app/: videos, loads),
 * at the visit's time. */
void visit_send(visit *v, visit_event e);

#endif
