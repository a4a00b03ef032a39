/* render: draws a visit through gfx. It reads what it is given (a place's GPU resources, the
 * visit's camera, the markers on screen with their positions) and draws it; it keeps no state
 * of its own (but for the place cache, places.h, which owns the places' GPU resources), knows
 * no SDL, no hud and no viewer, and decides nothing about the visit.
 * Main thread only: the thread that owns the GL context. */
#ifndef PV_RENDER_H
#define PV_RENDER_H

#include "gfx/gfx.h"
#include "visit/visit.h"

#include <stdbool.h>

#define RENDER_MARKER_PT 44.0f /* a hotspot marker's diameter in points */

/* Starts a frame of the given size, cleared to the colour behind every place. */
void render_begin(gfx *g, int width, int height);

/* ---- panorama places ---- */

typedef struct render_pano_desc {
    const gfx_pano *full;       /* its image with mip levels (or its tiles); NULL: not yet */
    const gfx_equirect *stream; /* its full image streaming in; NULL: none */
    const gfx_pano *preview;    /* a small image shown until the others can be */
    const pv_view *view;
    int width, height;
    float alpha; /* below 1 while the place fades out */
} render_pano_desc;

/* Draws the sharpest picture a panorama place has: its full image, else the streamed image
 * once it covers the view, else its preview. False when it has nothing to show yet. */
bool render_panorama(gfx *g, const render_pano_desc *d);

/* ---- video screens on a panorama ---- */

typedef struct render_screen_desc {
    float corners[4][3];      /* on the sphere (gfx_sphere_screen_corners) */
    const gfx_video *picture; /* its poster or its frame; NULL: none yet, a card instead */
    bool playing, failed;     /* no play button while playing or after a failure */
    bool reconnecting;        /* a stalled stream: its last frame stays, no play button */
    bool hover;               /* under the pointer: the play button lights */
    const pv_view *view;
    int width, height;
    float scale, alpha; /* pixels per point; the place's fade */
} render_screen_desc;

/* Draws a video screen on the sphere: its picture, else a dark card where it will be, and a
 * play button in the middle while it does not play. True when the screen is in front of the
 * viewer; then centre is where a label over it goes (the middle of the picture, or of the
 * card). */
bool render_screen(gfx *g, const render_screen_desc *d, float centre[2]);

/* A 360 video place: its frame around the viewer (alpha below 1 while it fades out). */
void render_video_place(gfx *g, const gfx_video *frame, const pv_view *view, int width,
                        int height, float alpha);

/* ---- videos over a place ---- */

/* A video shown full screen: the place dimmed, the picture (NULL: none yet) as large as the
 * window allows at its aspect (width / height), centred on whole pixels. */
void render_fullscreen_video(gfx *g, const gfx_video *picture, float aspect, int width,
                             int height);
/* A film's subtitles, rendered for the window, with their top left at (x, y). */
void render_subtitles(gfx *g, const gfx_image *subtitles, float x, float y);

/* ---- model places (booths) ---- */

typedef struct render_booth_desc {
    const visit_camera *camera; /* the visit's camera on this place */
    visit_booth booth;          /* the place as the camera sees it (its model, the window) */
    const gfx_pano *background; /* its environment, full or preview; NULL: none yet */
    gfx_model *model;           /* NULL while the model loads: only the background shows */
    const gfx_env *env;         /* lights the model; NULL: a neutral sky */
    bool moving;                /* the view moves: no multisampling, a large model's proxy */
    int width, height;
} render_booth_desc;

/* Draws a model place: its environment around the camera, then the model lit by the scene's
 * light, with its shadows, multisampled when the view is still. False when there was nothing
 * to draw (neither model nor environment yet). */
bool render_booth(gfx *g, const render_booth_desc *d);

/* ---- hotspots ---- */

typedef struct render_marker {
    float x, y;  /* centre, in pixels */
    bool go;     /* leads to a place (else it shows something) */
    bool hover;  /* under the pointer: larger and lit */
    bool hidden; /* on a model, behind a wall: drawn faint */
} render_marker;

/* Draws markers in order, scale = pixels per point, alpha = the place's fade. */
void render_markers(gfx *g, const render_marker *markers, int count, float scale, float alpha);
/* Waiting for the next place's first picture: a marker pulsing once a second at the centre;
 * now = the frame's time in seconds. */
void render_waiting(gfx *g, int width, int height, float scale, double now);

#endif
