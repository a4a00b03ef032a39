/* gfx: the only GL caller. Panorama cubes (one cube map of six faces with mip levels),
 * screen-space images, hotspot markers, offscreen targets for headless shots, and a blit used
 * as the benchmark's floor. Threads: main thread only (the thread that owns the GL context). */
#ifndef PV_GFX_H
#define PV_GFX_H

#include "asset/asset.h"
#include "asset/model.h"
#include "core/core.h"
#include "core/view.h"

typedef struct gfx gfx;
typedef struct gfx_pano gfx_pano;
typedef struct gfx_image gfx_image;
typedef struct gfx_target gfx_target;

/* Call with a current GL 3.3 core context. */
pv_result gfx_create(gfx **out);
void gfx_destroy(gfx **g);
int gfx_max_texture_size(const gfx *g);
const char *gfx_renderer_name(const gfx *g);

/* Starts a frame on the bound framebuffer: viewport and clear to `rgb`. */
void gfx_begin(gfx *g, int width, int height, const float rgb[3]);
/* Waits until the GPU has finished (benchmarks). */
void gfx_finish(gfx *g);

/* ---- panoramas ---- */
/* Creates the textures of a cube and uploads the faces that are ready. */
gfx_pano *gfx_pano_create(gfx *g, const asset_cube *cube);
/* Uploads faces that became ready since the last call; true when all six are in. */
bool gfx_pano_update(gfx *g, gfx_pano *p, const asset_cube *cube);
bool gfx_pano_complete(const gfx_pano *p);
int gfx_pano_face_size(const gfx_pano *p);
size_t gfx_pano_bytes(const gfx_pano *p);
void gfx_pano_destroy(gfx *g, gfx_pano **p);
/* Draws the panorama for a view; alpha < 1 blends over what is there (transitions). */
void gfx_draw_pano(gfx *g, const gfx_pano *p, const pv_view *view, int width, int height,
                   float alpha);

/* A place's panorama drawn from its own equirectangular pixels (sharp: one bilinear lookup of
 * the source per pixel), with mip levels for zoomed-out views. */
typedef struct gfx_equirect gfx_equirect;
gfx_pano *gfx_pano_create_equirect(gfx *g, const asset_equirect *e);
/* The same, taking over a streamed texture that already holds level 0 of this image (only the
 * smaller levels are uploaded); *stream becomes NULL. */
gfx_pano *gfx_pano_adopt_stream(gfx *g, gfx_equirect **stream, const asset_equirect *e);

/* A multires pyramid streamed by view (asset/tiles.h; the panorama owns the stream from now
 * on): level 1 is uploaded at once; each draw uploads the tiles decoded since, draws the view
 * from the finest tiles it has and asks for the ones it needs. */
struct asset_tile_stream;
gfx_pano *gfx_pano_create_tiled(gfx *g, struct asset_tile_stream *stream);
/* True when tiles decoded for it wait to be uploaded (draw again). */
bool gfx_pano_pending(const gfx_pano *p);
/* Blocks until every tile the view needs is resident (shot, bench, tests); false for a
 * panorama that is not streamed. */
bool gfx_pano_sharpen(gfx *g, gfx_pano *p, const pv_view *view, int width, int height);
/* Without waiting: uploads what is decoded, asks for the view's missing tiles and says whether
 * the view is drawn at the level it needs already (false for a panorama not streamed). */
bool gfx_pano_sharp_now(gfx *g, gfx_pano *p, const pv_view *view, int width, int height);
struct asset_tile_stream *gfx_pano_tile_stream(const gfx_pano *p);
struct asset_tile_plan;
/* The last draw's plan (zeros for a panorama that is not streamed). */
void gfx_pano_tile_plan(const gfx_pano *p, struct asset_tile_plan *out);

/* ---- the equirectangular image, streamed in row by row while it decodes ----
 * A view's part first: with a focus set, rows are uploaded only where that view looks, so it
 * can be drawn once the rows it shows are decoded (a view at the horizon: about two thirds of
 * the decode) without copying the rest first; the rest follows. */
gfx_equirect *gfx_equirect_create(gfx *g, int width, int height);
/* The view that will be drawn first (a window of width x height). */
void gfx_equirect_focus(gfx_equirect *e, const pv_view *view, int width, int height);
/* Uploads from an RGBA image `width` pixels wide of which rows [0, decoded) are there: the
 * focus's part of them, then at most `rest_rows` rows of the rest (0: the focus only; any
 * number without a focus). Returns whether decoded rows are left to upload. */
bool gfx_equirect_feed(gfx *g, gfx_equirect *e, const uint8_t *rgba, int decoded,
                       int rest_rows);
/* Whether every pixel `view` samples is uploaded. */
bool gfx_equirect_ready(const gfx_equirect *e, const pv_view *view, int width, int height);
void gfx_equirect_reset(gfx_equirect *e); /* forget the rows: reuse for another image */
void gfx_equirect_size(const gfx_equirect *e, int *w, int *h);
bool gfx_equirect_complete(const gfx_equirect *e); /* every row uploaded */
void gfx_equirect_destroy(gfx *g, gfx_equirect **e);
void gfx_draw_equirect(gfx *g, const gfx_equirect *e, const pv_view *view, int width, int height,
                       float alpha);

/* ---- booth models ---- */
typedef struct gfx_model gfx_model;
typedef struct gfx_env gfx_env;
/* Uploads the model and its proxy (asset_model.proxy) when it has one. */
gfx_model *gfx_model_create(gfx *g, const asset_model *m);
void gfx_model_destroy(gfx *g, gfx_model **m);
bool gfx_model_has_proxy(const gfx_model *m);
/* The environment a model is lit by, from its panorama's cube. */
gfx_env *gfx_env_create(gfx *g, const asset_cube *cube);
void gfx_env_destroy(gfx *g, gfx_env **e);

typedef struct gfx_scene3d {
    float view_proj[16];   /* column-major */
    float eye[3];
    float light_dir[3], light_color[3], light_intensity;
    float exposure;        /* 0 = 1 */
    bool proxy;            /* draw the model's proxy, if it has one (the camera moves) */
} gfx_scene3d;
/* Multisampled drawing (booth edges must not crawl): begin binds an offscreen multisampled
 * target of the bound framebuffer's size, end resolves it into that framebuffer. */
void gfx_msaa_begin(gfx *g, int width, int height, int samples);
void gfx_msaa_end(gfx *g);
/* Draws a model with depth testing (env may be NULL: a neutral sky lights it). */
void gfx_draw_model(gfx *g, gfx_model *m, const gfx_env *env, const gfx_scene3d *s);

/* ---- video frames ---- */
typedef struct gfx_video gfx_video;
enum { GFX_YUV_INVALID = 0, GFX_YUV420P, GFX_YUV_NV12 };
enum { GFX_MATRIX_INVALID = 0, GFX_MATRIX_BT601, GFX_MATRIX_BT709 };
typedef struct gfx_yuv_desc {
    int width, height, format;     /* GFX_YUV420P or GFX_YUV_NV12 */
    const uint8_t *planes[3];
    int linesize[3];               /* bytes per row of each plane, padding included */
    int matrix;                    /* GFX_MATRIX_BT601 or GFX_MATRIX_BT709 */
    bool full_range;
} gfx_yuv_desc;
gfx_video *gfx_video_create(gfx *g);
/* Uploads a frame's planes (reallocating when the size or layout changes). */
void gfx_video_upload(gfx *g, gfx_video *v, const gfx_yuv_desc *frame);
void gfx_video_destroy(gfx *g, gfx_video **v);
bool gfx_video_has_frame(const gfx_video *v);
void gfx_video_size(const gfx_video *v, int *w, int *h); /* 0x0 before the first frame */
/* Draws the last frame uploaded into a screen rectangle (pixels, y down). */
void gfx_draw_video(gfx *g, const gfx_video *v, float x, float y, float w, float h, float alpha);
/* An upright screen in a panorama, centred on (yaw, pitch) degrees, `width` degrees wide,
 * with the aspect w/h: its corners (top-left, top-right, bottom-right, bottom-left). */
void gfx_sphere_screen_corners(float yaw, float pitch, float width, float aspect,
                               float out[4][3]);
/* Draws the frame on such a screen, seen from the panorama's view. */
void gfx_draw_video_sphere(gfx *g, const gfx_video *v, const pv_view *view, int width,
                           int height, const float corners[4][3], float alpha);
/* Draws an equirectangular video as the whole surroundings (a 360 video place), on a sphere
 * of 96 x 48 latitude-longitude quads: texel lookups only, about a third of the cost of the
 * exact per-pixel mapping, which gfx_draw_video_360_exact keeps as the reference for tests. */
void gfx_draw_video_360(gfx *g, const gfx_video *v, const pv_view *view, int width, int height,
                        float alpha);
void gfx_draw_video_360_exact(gfx *g, const gfx_video *v, const pv_view *view, int width,
                              int height, float alpha);
/* A booth screen: the model's material shows the video's frames in place of its base colour
 * (NULL restores the material). The video must outlive the model or be unset first. */
void gfx_model_set_video(gfx_model *m, int material, const gfx_video *v);

/* ---- screen-space drawing, in pixels, y down ---- */
gfx_image *gfx_image_create(gfx *g, int width, int height, const uint8_t *rgba_premultiplied);
void gfx_image_destroy(gfx *g, gfx_image **img);
void gfx_image_size(const gfx_image *img, int *w, int *h);
void gfx_draw_image(gfx *g, const gfx_image *img, float x, float y, float w, float h,
                    float alpha);
/* Clips later drawing to a rectangle (pixels, y down); w or h <= 0 turns clipping off. */
void gfx_set_clip(gfx *g, float x, float y, float w, float h);
/* A rounded rectangle; rgba straight (not premultiplied). */
void gfx_draw_rect(gfx *g, float x, float y, float w, float h, float radius, const float rgba[4]);
/* The outline of one: a line `width` pixels wide inside the rectangle's edge (focus rings). */
void gfx_draw_frame(gfx *g, float x, float y, float w, float h, float radius, float width,
                    const float rgba[4]);
typedef enum gfx_marker_icon {
    GFX_MARKER_GOTO = 1,
    GFX_MARKER_INFO = 2,
    GFX_MARKER_PLAY = 3,
    GFX_MARKER_PAUSE = 4,
} gfx_marker_icon;
void gfx_draw_marker(gfx *g, float cx, float cy, float diameter, gfx_marker_icon icon,
                     float hover, float alpha);

/* ---- glyph batches: text drawn from atlas pages of 8-bit coverage as quads ---- */
/* The pages mirror text/'s glyph atlas (text_atlas_page_take_dirty); each page is one
 * texture, and all quads queued for a page are drawn with one draw call. */
typedef struct gfx_glyphs gfx_glyphs;
gfx_glyphs *gfx_glyphs_create(gfx *g);
void gfx_glyphs_destroy(gfx *g, gfx_glyphs **b);
/* Uploads rows [y0, y1) of page `page` (size x size bytes, rows top-down); a page seen for
 * the first time, or at another size, gets a new texture (then upload every row). */
void gfx_glyphs_upload(gfx *g, gfx_glyphs *b, int page, int size, const uint8_t *pixels, int y0,
                       int y1);
/* Queues one glyph: screen rectangle (pixels, y down), its texels' top-left corner in the page
 * (w x h texels, one per pixel), colour straight RGBA. */
void gfx_glyphs_quad(gfx_glyphs *b, int page, float x, float y, float w, float h, int tx, int ty,
                     const float rgba[4]);
/* Draws the queued quads (blended over what is there) and empties the queue; returns the number
 * of draw calls made (one per page with quads). */
int gfx_glyphs_flush(gfx *g, gfx_glyphs *b);

/* ---- offscreen targets ---- */
gfx_target *gfx_target_create(gfx *g, int width, int height);
void gfx_target_bind(gfx *g, gfx_target *t);   /* NULL binds the window */
void gfx_target_destroy(gfx *g, gfx_target **t);
/* Reads the bound framebuffer as RGBA8, rows top-down. */
void gfx_read_pixels(gfx *g, int width, int height, uint8_t *rgba);

/* ---- benchmark floor: a full-screen textured quad ---- */
void gfx_draw_blit(gfx *g, const gfx_image *img, float offset);

#endif
