/* render/places: the place cache. The one part of render/ that keeps state: it owns the GPU
 * resources of a scene's places (each panorama's full image, preview and cut pyramid, the
 * texture a full image streams into while it decodes, booth models with their environment
 * lighting and walk masks, the place menu's thumbnails) and the loader thread that decodes
 * them. It asks for a place's pictures when the visit enters it (then the places it links to),
 * keeps full images within a byte budget (the least recently used that is not a neighbour of
 * the current place goes first) and sends `loaded` and `error` events through the visit.
 * It reads which place is shown and how it is looked at from the visit; it decides nothing of
 * the visit and knows no viewer. Time is passed in.
 * Main thread only (the thread that owns the GL context); the loader's threads call `wake`. */
#ifndef PV_RENDER_PLACES_H
#define PV_RENDER_PLACES_H

#include "gfx/gfx.h"
#include "scene/scene.h"
#include "visit/visit.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct render_places render_places;

typedef enum render_place_status {
    RENDER_PLACE_IDLE = 0,
    RENDER_PLACE_LOADING,
    RENDER_PLACE_READY,
    RENDER_PLACE_FAILED,
} render_place_status;

typedef struct render_places_desc {
    gfx *g;
    const scene_exhibit *exhibit;
    visit *visit;           /* the place shown, its view, the one coming; events go to it */
    size_t budget_bytes;    /* full-resolution images kept at most; 0: 768 MB */
    /* Called from the loader's threads when a result waits (then call render_places_update
     * on the main thread); NULL: none. */
    void (*wake)(void *user);
    /* A booth's model is in (loaded in the background or now): its camera may reset. */
    void (*model_ready)(void *user, int place);
    void *user;
} render_places_desc;

/* Starts the loader's threads; files named inside models must lie in the scene's folder. */
render_places *render_places_create(const render_places_desc *d);
void render_places_destroy(render_places **p);

/* ---- loading ---- */

/* The visit crossed to `place` at `now`: the loads queued for other places are dropped, its
 * own pictures are asked for first, then those of the places it links to. */
void render_places_enter(render_places *p, int place, double now);
/* The visit waits for `place` to show something: its pictures ahead of everything queued. */
void render_places_hurry(render_places *p, int place);
/* Once per frame before drawing, the window width x height pixels: streams the rows decoded of
 * the place on screen (or coming), takes the loader's results, keeps the budget. True when
 * something changed that needs a frame. */
bool render_places_update(render_places *p, double now, int width, int height);
/* Decoded rows wait for their upload: update again at once rather than sleep. */
bool render_places_behind(const render_places *p);
/* Loads a place's pictures (its full panorama, or its model and environment) now, on this
 * thread (shot, bench, tests); false with render_places_error set when it cannot be shown. */
bool render_places_load_now(render_places *p, int place);
/* The place menu's 16:9 picture of a place, asked for from its panorama on first call; NULL
 * until it is decoded (or when the place has no JPEG panorama). */
const gfx_image *render_places_thumbnail(render_places *p, int place);

/* ---- what a place has ---- */

render_place_status render_places_status(const render_places *p, int place);
/* Why a place cannot be shown, compiler-style ("file: error: ..."); "" when it can. */
const char *render_places_error(const render_places *p, int place);
/* What the visitor sees of a place looked at in a window width x height pixels: "error",
 * "model", "full" (its full image, or the streamed image once it covers the view), "preview",
 * or NULL while it has nothing yet. A place given as a 360 video is not the cache's: NULL. */
const char *render_places_shown(const render_places *p, int place, int width, int height);
/* Something to draw a crossing with: a full image, a streamed one covering the view, or a
 * preview (of a panorama, or of a booth's environment). */
bool render_places_has_picture(const render_places *p, int place, int width, int height);
/* The full image (panorama, pyramid or booth environment), NULL until loaded. */
gfx_pano *render_places_full(const render_places *p, int place);
/* A huge panorama's pyramid is cut and waits for its view's tiles before it replaces the
 * shrunk image. */
bool render_places_cut_waiting(const render_places *p, int place);
/* A booth's model as loaded (CPU copy and GPU model), NULL until then. */
const asset_model *render_places_model(const render_places *p, int place);
gfx_model *render_places_gpu_model(const render_places *p, int place);
/* A model place as the camera code sees it, in a window width x height pixels. */
visit_booth render_places_booth(const render_places *p, int place, int width, int height);

/* ---- drawing (render.h) ---- */

/* Draws a panorama place (render_panorama) with the sharpest picture it has; a cut pyramid
 * takes over first once its view's tiles are in. For a model place: only its environment,
 * full size (a booth being left fades out with its surroundings). False when it has nothing to
 * show yet. */
bool render_places_draw_panorama(render_places *p, int place, const pv_view *view, int width,
                                 int height, float alpha);
/* Draws a model place (render_booth) seen by `camera`; moving: the fast path. */
bool render_places_draw_booth(render_places *p, int place, const visit_camera *camera,
                              bool moving, int width, int height);

#endif
