/* asset: decoding images and preparing panoramas for drawing, on worker threads.
 * A panorama becomes the six faces of a cube (RGBA8, each with its mip levels), built from
 * the equirectangular image with an exact per-texel mapping while the JPEG is still being
 * decoded (libjpeg-turbo, row bands) so preparation hides behind the decode.
 * Threads: asset_image_* and asset_pano_build run on any thread. The loader owns one worker
 * thread; its results are read on the main thread. Nothing here calls GL. */
#ifndef PV_ASSET_H
#define PV_ASSET_H

#include "core/core.h"

#include <stdatomic.h>

/* ---- images ---- */
/* The largest JPEG opened (pixels): 65536x32768. Larger ones are cut into tiles. */
#define ASSET_MAX_PIXELS (65536.0 * 32768.0)
typedef enum asset_image_kind { ASSET_IMAGE_UNKNOWN = 0, ASSET_IMAGE_JPEG, ASSET_IMAGE_PNG } asset_image_kind;

typedef struct asset_image {
    int width, height;
    uint8_t *pixels;   /* width * height * 4 (RGBA, alpha 255 for JPEG), rows top-down */
    char warning[256]; /* non-empty when the decoder recovered from damaged data */
} asset_image;

/* Reads the header only: kind and size. A clear reason in `why` when it is not a JPEG or PNG. */
pv_result asset_image_probe(const char *path, asset_image_kind *kind, int *w, int *h,
                            char *why, size_t why_n);
/* Decodes a whole image to RGBA. scale_denom 1, 2, 4 or 8 shrinks JPEGs while decoding
 * (PNGs are decoded whole and shrunk after). Truncated or corrupt data is an error. */
pv_result asset_image_load(const char *path, int scale_denom, asset_image *out, char *why,
                           size_t why_n);
void asset_image_free(asset_image *img);

/* Limits checked before any pixel is allocated (docs/scene-format.md, "Image limits"). */
#define ASSET_IMAGE_MAX_SIDE 16384                         /* pixels, either side */
#define ASSET_IMAGE_MAX_PIXELS ((int64_t)16384 * 8192)     /* 512 MB as RGBA */
/* Deflate never packs more than 1032 bytes into one: a PNG claiming more pixel data than that
 * times its size is damaged or forged. */
#define ASSET_PNG_MAX_RATIO 1032
/* Reads a PNG's header from `bytes` (the file's start; `file_size` is the whole file's size)
 * and checks its size against the limits and against the file's size. PV_ERR_FORMAT for what
 * is not a PNG, PV_ERR_LIMIT (a decompression bomb, an image too large) with the reason in
 * `why`. Also for PNGs inside models. */
/* Every chunk of a whole PNG file in memory lies inside it, up to IEND (stb_image trusts the
 * lengths and grows its buffers to what they claim). */
pv_result asset_png_chunks_check(const uint8_t *bytes, size_t n, char *why, size_t why_n);
pv_result asset_png_check(const uint8_t *bytes, size_t n, size_t file_size, int *w, int *h,
                          char *why, size_t why_n);

/* ---- panoramas as cubes ---- */
enum { ASSET_FACE_FRONT, ASSET_FACE_RIGHT, ASSET_FACE_BACK, ASSET_FACE_LEFT, ASSET_FACE_UP,
       ASSET_FACE_DOWN, ASSET_FACE_COUNT };
#define ASSET_CUBE_MAX_LEVELS 16

typedef struct asset_cube {
    int size;     /* face width and height at level 0 */
    int levels;   /* mip levels, down to 1x1 */
    uint8_t *face[ASSET_FACE_COUNT][ASSET_CUBE_MAX_LEVELS]; /* RGBA8, premultiplied = opaque */
    atomic_int face_ready[ASSET_FACE_COUNT]; /* 1 once that face and all its levels are written */
    int source_width, source_height;
} asset_cube;

/* Face size for an equirectangular width: the density of the equator at the face centre. */
int asset_cube_face_size(int equirect_width);
/* Direction (x right, y up, z forward is -z) of the centre of texel (i, j) of a face of size n. */
void asset_cube_texel_dir(int face, int n, float i, float j, float dir[3]);
/* yaw/pitch in degrees for a direction, and back. yaw 0 looks along -z, positive right. */
void asset_dir_to_yaw_pitch(const float dir[3], float *yaw, float *pitch);
void asset_yaw_pitch_to_dir(float yaw, float pitch, float dir[3]);

/* Builds a cube from a decoded equirectangular image (any thread). face_size 0 = automatic. */
asset_cube *asset_cube_from_image(const asset_image *img, int face_size);
/* Decodes a panorama file and builds its cube, decoding and resampling on two threads at once.
 * scale_denom > 1 gives a quick low-resolution preview (JPEG DCT scaling).
 * `cancel` (may be NULL) stops the work early. */
pv_result asset_pano_build(const char *path, int scale_denom, int max_width, asset_cube **out,
                           const atomic_int *cancel, char *why, size_t why_n);

/* A JPEG panorama's rows as they decode, so a viewer can show the image itself at full
 * resolution long before its cube is ready. */
typedef struct asset_pano_watch {
    _Atomic(const uint8_t *) pixels; /* NULL until decoding starts; then RGBA rows */
    atomic_int width, height;
    atomic_int rows_done;            /* rows of `pixels` that are final */
    void (*on_rows)(void *user);        /* optional: called every few hundred rows */
    void *user;
} asset_pano_watch;

typedef struct asset_pano_desc {
    const char *path;
    int scale_denom;            /* 0 or 1 = full resolution */
    int max_width;              /* 0 = no limit */
    const atomic_int *cancel;   /* optional */
    asset_pano_watch *watch;    /* optional (JPEG only) */
    asset_image *keep_image;    /* optional: receives the decoded JPEG (even on failure) instead
                                 * of it being freed, so a watcher can read it safely */
} asset_pano_desc;
pv_result asset_pano_build_desc(const asset_pano_desc *desc, asset_cube **out, char *why,
                                size_t why_n);
void asset_cube_free(asset_cube **c);

/* ---- panoramas as their own pixels (what places show) ---- */
#define ASSET_EQ_MAX_LEVELS 17

typedef struct asset_equirect {
    int width, height;     /* level 0, as decoded (shrunk when wider than max_width) */
    int levels;            /* mip levels, down to 1x1 as GL counts them */
    int level_w[ASSET_EQ_MAX_LEVELS], level_h[ASSET_EQ_MAX_LEVELS];
    uint8_t *level[ASSET_EQ_MAX_LEVELS]; /* RGBA8 rows top-down; smaller levels averaged in
                                          * linear light */
    int source_width, source_height;     /* the file's size */
    char warning[256];     /* non-empty when shown shrunk or with damaged data */
} asset_equirect;

/* The most pixels a panorama is shown with as one image: while it loads it takes about 10.7
 * bytes a pixel (the decoded image and its mip levels, in memory and again on the GPU), so 80
 * megapixels keep a place within about 860 MB. Larger JPEGs are shrunk while decoding, with a
 * warning naming `pavilion tile` (a multires pyramid shows every pixel in bounded memory);
 * larger PNGs are refused. */
#define ASSET_EQ_MAX_SHOWN_PIXELS 80000000.0
/* The JPEG DCT scale (1, 2, 4, 8; 0 when even 8 is not enough) that brings a w x h panorama
 * within max_width (0 = no limit) and ASSET_EQ_MAX_SHOWN_PIXELS. */
int asset_equirect_fit_scale(int w, int h, int max_width);
/* Decodes a panorama and builds its mip levels, on the calling thread plus two of its own.
 * JPEGs wider than max_width or larger than ASSET_EQ_MAX_SHOWN_PIXELS are shrunk while
 * decoding (up to 8 times) with a warning; rows are published to desc->watch as they decode.
 * keep_image receives the image only on failure. */
pv_result asset_equirect_load(const asset_pano_desc *desc, asset_equirect **out, char *why,
                              size_t why_n);
/* An equirectangular image already in memory (RGBA, malloc'd: the result owns it), with its
 * mip levels built. */
asset_equirect *asset_equirect_from_pixels(uint8_t *rgba, int width, int height);
/* Rebuilds every level below 0 from level 0 (after level 0 was written by hand). */
void asset_equirect_build_mips(asset_equirect *e);
void asset_equirect_free(asset_equirect **e);
size_t asset_equirect_bytes(const asset_equirect *e);
/* Is a w x h image a panorama we can show (2:1, at most max_width wide when > 0)? */
pv_result asset_pano_check_shape(int w, int h, int max_width, char *why, size_t why_n);
size_t asset_cube_bytes(const asset_cube *c);

/* ---- fidelity (bench and tests) ---- */
struct pv_view;
/* The exact picture of a view of an equirectangular RGBA image: a ray per pixel centre, the
 * lookup in double precision, bilinear in the image's bytes, no mip levels. out: w*h*4. */
void asset_render_exact(const uint8_t *rgba, int pw, int ph, const struct pv_view *v, int w,
                        int h, uint8_t *out);
/* The same for an image too large to hold: fetch(user, x, y, rgb) gives pixel (x, y) of the
 * pw x ph image (x in 0..pw-1, y in 0..ph-1). */
void asset_render_exact_fn(void (*fetch)(void *user, int x, int y, uint8_t rgb[3]), void *user,
                           int pw, int ph, const struct pv_view *v, int w, int h, uint8_t *out);
/* PSNR of the RGB channels of two w x h RGBA pictures, in dB (99 when identical). */
double asset_picture_psnr(const uint8_t *a, const uint8_t *b, int w, int h);
/* Variance of the Laplacian of luma: compare two pictures' ratio (1.0 = as sharp). */
double asset_picture_sharpness(const uint8_t *rgba, int w, int h);

/* ---- the loader: a queue of panorama jobs served by one worker thread ---- */
typedef struct asset_loader asset_loader;

struct asset_model;

typedef struct asset_job_result {
    int place;           /* caller's key */
    int scale_denom;     /* 1 = full resolution, > 1 = preview, 0 = a model */
    asset_cube *cube;    /* environment jobs: NULL on failure (then `why` says why) */
    asset_equirect *equirect; /* panorama jobs: NULL on failure */
    struct asset_model *model; /* model jobs: the model, or NULL on failure */
    struct asset_tile_stream *tiles; /* multires places: the stream, level 1 decoded */
    bool tiles_cut;      /* a panorama shown shrunk, cut into the tile cache: `tiles` is its
                          * pyramid, or NULL and `why` says why it stays shrunk */
    pv_diags warnings;   /* model jobs: problems that did not stop it (caller frees) */
    pv_result result;
    char why[512];
    double seconds;
} asset_job_result;

/* wake(user) is called from the worker whenever a result or a finished face is ready. */
asset_loader *asset_loader_create(void (*wake)(void *user), void *user, int max_width);
void asset_loader_destroy(asset_loader **l);
/* Queues a job; jobs with a higher priority run first. A job already queued or running for
 * the same (place, scale) is not queued twice. */
void asset_loader_request(asset_loader *l, int place, const char *path, int scale_denom,
                          int priority);
/* Queues a panorama as a cube (a booth's environment: it also lights the model). */
void asset_loader_request_cube(asset_loader *l, int place, const char *path, int scale_denom,
                               int priority);
/* Queues a 3D model import (result with scale_denom 0). */
/* The folder (the scene's) that files named inside models must lie in; NULL = each model's
 * own folder. Copied. */
void asset_loader_set_root(asset_loader *l, const char *root);
void asset_loader_request_model(asset_loader *l, int place, const char *path, float scale,
                                const float rotate[3], int priority);
/* Queues a place's cube faces (asset/tiles.h; copied): a full-resolution result (scale_denom
 * 1) whose faces are at most a quarter of max_width; or its tile pyramid: result->tiles, a
 * stream opened with level 1 decoded (asset_tile_stream_open, waking like the loader). */
struct asset_tiles_source;
void asset_loader_request_tiles(asset_loader *l, int place, const struct asset_tiles_source *t,
                                int priority);
/* Drops queued jobs (not the running one) whose priority is below `min_priority`. */
void asset_loader_drop_below(asset_loader *l, int min_priority);
/* Takes one finished result; false when none. The caller owns result->cube. */
bool asset_loader_poll(asset_loader *l, asset_job_result *result);
/* When the running job is `place` at full resolution and has started decoding, calls
 * use(user, pixels, width, height, rows_done) with the loader locked (the rows cannot go
 * away meanwhile) and returns true. */
bool asset_loader_stream(asset_loader *l, int place,
                         void (*use)(void *user, const uint8_t *rgba, int w, int h, int rows),
                         void *user);
bool asset_loader_busy(asset_loader *l);

#endif
