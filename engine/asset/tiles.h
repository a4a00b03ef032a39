/* asset/tiles: cube-face tile pyramids in Pannellum's multires layout, and the cutter that makes
 * them from an equirectangular JPEG with bounded memory.
 *
 * Layout (as Pannellum's utils/multires/generate.py writes it and its viewer reads it):
 * six faces f r b l u d (front, right, back, left, up, down: ASSET_FACE_* order), levels
 * numbered 1 (coarsest, one tile per face) to `levels` (finest, faces of `face_size`). Level l
 * has faces of face_size >> (levels - l) texels (integer halving), cut into tiles of
 * `tile_size` from the top-left corner; tiles of the last row and column hold what is left
 * (smaller, not padded). Tile (x = column, y = row) of face s at level l is stored at
 * base + pattern with %s, %l, %l0 (l - 1), %x, %y replaced, then "." extension. Face texel
 * orientation is asset_cube_texel_dir's, which is Pannellum's (the up face's top row meets the
 * back face, the down face's top row meets the front face).
 * Threads: any thread; nothing here is shared. */
#ifndef PV_ASSET_TILES_H
#define PV_ASSET_TILES_H

#include "asset/asset.h"
#include "core/view.h"

#define ASSET_TILES_MAX_LEVELS 16
#define ASSET_TILES_DEFAULT_PATTERN "/%l/%s%y_%x"
#define ASSET_TILES_DEFAULT_FALLBACK "/fallback/%s"

typedef struct asset_tiles_layout {
    int face_size;   /* finest level's face size (Pannellum's cubeResolution) */
    int tile_size;   /* Pannellum's tileResolution */
    int levels;      /* Pannellum's maxLevel */
} asset_tiles_layout;

/* Pannellum's face letters in ASSET_FACE_* order: "frblud". */
extern const char asset_tiles_face_letters[ASSET_FACE_COUNT + 1];

/* Face size of `level` (1..levels); 0 when out of range. */
int asset_tiles_level_size(const asset_tiles_layout *l, int level);
/* Tiles along one side of a face at `level`. */
int asset_tiles_per_side(const asset_tiles_layout *l, int level);
/* Width (or height) of tile column (row) `x` at `level`: tile_size except the last. */
int asset_tiles_extent(const asset_tiles_layout *l, int level, int x);
/* generate.py's rules: face size 8 * floor(W / pi / 8), and the level count that makes level
 * 1 a single tile. */
int asset_tiles_default_face_size(int equirect_width);
int asset_tiles_default_levels(int face_size, int tile_size);
/* NULL when the layout is usable, else why not (static text). */
const char *asset_tiles_layout_problem(const asset_tiles_layout *l);
/* Expands a Pannellum path pattern for one tile (fallback patterns use only %s). */
void asset_tiles_format(const char *pattern, int face, int level, int x, int y, char *out,
                        size_t n);

typedef struct asset_tiles_cut_desc {
    const char *input;       /* equirectangular JPEG, 2:1 */
    const char *out_dir;     /* made when missing; tiles overwrite what is there */
    int tile_size;           /* 0 = 512 */
    int levels;              /* 0 = automatic (level 1 = one tile per face) */
    int face_size;           /* 0 = automatic (generate.py's rule) */
    int quality;             /* JPEG quality, 0 = 85 */
    int fallback_size;       /* Pannellum's fallback faces: 0 = 1024 (or the face size if
                              * smaller), < 0 = none */
    /* Optional: progress from 0 to 1, called now and then on the cutting thread. */
    void (*progress)(void *user, double fraction);
    void *user;
    const atomic_int *cancel; /* optional */
} asset_tiles_cut_desc;

typedef struct asset_tiles_cut_stats {
    int tiles;               /* files written (fallback faces included) */
    size_t bytes;            /* their total size */
    size_t ring_bytes;       /* the decoded rows held at once */
    double seconds;
} asset_tiles_cut_stats;

/* Cuts `input` into the pyramid under out_dir and writes Pannellum's config.json there.
 * The JPEG is decoded once, in rows, through a ring of about 0.31 of its height; faces are
 * resampled from it (bilinear in linear light, averaged along rows near the poles) and each
 * level is area-averaged from the finer one in linear light, a strip of tile rows at a time.
 * stats may be NULL. */
pv_result asset_tiles_cut(const asset_tiles_cut_desc *d, asset_tiles_layout *layout,
                          asset_tiles_cut_stats *stats, char *why, size_t why_n);

/* ---- reading: a place's cube faces or pyramid as one cube ---- */
typedef struct asset_tiles_source {
    const char *faces[ASSET_FACE_COUNT]; /* six square images (a "cube" place), or all NULL */
    const char *dir;         /* a pyramid: its folder, */
    const char *pattern;     /* tile pattern (NULL = ASSET_TILES_DEFAULT_PATTERN), */
    const char *extension;   /* "jpg" when NULL, */
    asset_tiles_layout layout;
} asset_tiles_source;

/* Builds a cube from six face images (no mips) or from a pyramid: the finest level whose faces
 * are at most max_face texels, with the coarser levels below it as mip levels. Tiles are read
 * coarsest first; a missing tile of a finer level is filled from the coarser one (a tile of
 * level 1, or any damaged or wrongly sized tile or face, is an error naming the file).
 * Faces larger than max_face are shrunk while decoding (JPEG). Any thread. */
pv_result asset_tiles_load_cube(const asset_tiles_source *s, int max_face,
                                const atomic_int *cancel, asset_cube **out, char *why,
                                size_t why_n);
/* A deep copy (every string duplicated) and its release. */
asset_tiles_source *asset_tiles_source_copy(const asset_tiles_source *s);
void asset_tiles_source_free(asset_tiles_source **s);

/* ---- streaming a pyramid by view (tiles_stream.c) ---- */
#define ASSET_TILES_DEFAULT_BUDGET ((size_t)192 << 20) /* resident tile bytes (RGBA) */

typedef struct asset_tile_key {
    int face, level, x, y;   /* ASSET_FACE_*, 1..levels, column, row */
} asset_tile_key;

/* The level whose faces give at least one texel per screen pixel at the view's centre (the
 * finest when none does). Pure. */
int asset_tiles_view_level(const asset_tiles_layout *l, const pv_view *v, int width, int height);
/* The tiles of `level` that a width x height view shows (the view's pyramid widened by
 * `margin`, 0.1 = 10%, clipping each tile's quad exactly): how many there are; the first `cap`
 * go to out (out may be NULL with cap 0). Pure. */
int asset_tiles_in_view(const asset_tiles_layout *l, int level, const pv_view *v, int width,
                        int height, float margin, asset_tile_key *out, int cap);

/* A resident tile's texture: the tile with a border of the texels around it in its face (past a
 * face's edge, the adjacent face's, turned as the cube turns them), ASSET_TILE_BORDER texels
 * before it and ASSET_TILE_BORDER to 2 * ASSET_TILE_BORDER - 1 after it, so that its size is a
 * multiple of ASSET_TILE_BORDER: bilinear filtering and its ASSET_TILE_MIP_LEVELS mip levels
 * then run across tile and face edges exactly as inside a face. A neighbour not resident yet
 * leaves the tile's own edge texels repeated there until it arrives. */
#define ASSET_TILE_MIP_LEVELS 4
#define ASSET_TILE_BORDER (1 << (ASSET_TILE_MIP_LEVELS - 1))
/* A tile's texture width (height) for a tile width (height). Pure. */
int asset_tiles_texture_extent(int extent);
/* The bytes of a tile's texture, border and mip levels included (what the budget counts). */
size_t asset_tiles_texture_bytes(const asset_tiles_layout *l, int level, int x, int y);

typedef struct asset_tile_stream asset_tile_stream;

typedef struct asset_tile_stream_desc {
    const asset_tiles_source *source; /* a pyramid (dir); copied */
    size_t budget_bytes;              /* resident tiles; 0 = ASSET_TILES_DEFAULT_BUDGET */
    void (*wake)(void *user);         /* called on the worker after each decoded tile */
    void *user;
    const atomic_int *cancel;         /* optional, while level 1 decodes */
} asset_tile_stream_desc;

/* Opens a pyramid: decodes all of level 1 on the calling thread (an error names the tile) and
 * starts the stream's decoding thread. Any thread; from then on, one thread only. */
pv_result asset_tile_stream_open(const asset_tile_stream_desc *d, asset_tile_stream **out,
                                 char *why, size_t why_n);
void asset_tile_stream_close(asset_tile_stream **s);
const asset_tiles_layout *asset_tile_stream_layout(const asset_tile_stream *s);

/* A quad to draw: a face rectangle (corner directions, top-left first, clockwise as seen from
 * inside) textured from the resident tile `gpu` (uv address its texture, border included: they
 * may reach into the border by a fraction of a texel where face sizes halve unevenly). */
typedef struct asset_tile_quad {
    float corner[4][3];
    float uv[4][2];
    uint32_t gpu;
    int level;
} asset_tile_quad;

typedef struct asset_tile_plan {
    int level;      /* the level the view needs */
    int tiles;      /* its tiles in view */
    int missing;    /* of those, not resident yet (decoding or queued; a failed one counts
                     * as there: it is drawn from the coarser level for good) */
} asset_tile_plan;

/* One frame: the quads that draw the view (each tile of the needed level in view, from itself
 * or from its finest resident ancestor: every pixel once), the plan, requests for the missing
 * tiles (nearest to the view's centre first; earlier requests not decoded yet are dropped),
 * and evictions down to the budget (never level 1 or a tile drawn by this plan; collect their
 * handles with asset_tile_stream_evicted). Returns the number of quads (up to cap written). */
int asset_tile_stream_plan(asset_tile_stream *s, const pv_view *v, int width, int height,
                           asset_tile_quad *quads, int cap, asset_tile_plan *plan);

typedef struct asset_tile_upload {
    int slot, width, height; /* the texture's size (asset_tiles_texture_extent) */
    /* RGBA, the tile and its border, then its mip levels (level m is width >> m by
     * height >> m: 2x2 averages); valid until asset_tile_stream_placed */
    const uint8_t *pixels[ASSET_TILE_MIP_LEVELS];
    asset_tile_key key;
} asset_tile_upload;
/* A decoded tile to upload, all its mip levels made; then asset_tile_stream_placed with its
 * GPU handle (non-zero). */
bool asset_tile_stream_take(asset_tile_stream *s, asset_tile_upload *out);
void asset_tile_stream_placed(asset_tile_stream *s, int slot, uint32_t gpu);

/* A resident tile whose border has changed because a neighbour arrived: per mip level four
 * rectangles of its texture (top, bottom, left, right; a rectangle may be empty) to replace:
 * the border and the mip texels that cover it. Pixels valid until the next call. */
typedef struct asset_tile_border {
    uint32_t gpu;
    struct {
        int level, x, y, w, h;
        const uint8_t *pixels;
    } rect[4 * ASSET_TILE_MIP_LEVELS];
} asset_tile_border;
/* Call after taking every decoded tile (then each border is made once). */
bool asset_tile_stream_take_border(asset_tile_stream *s, asset_tile_border *out);
/* Handles of evicted tiles, to release (up to cap; call until 0). */
int asset_tile_stream_evicted(asset_tile_stream *s, uint32_t *gpu, int cap);
/* Handles of every resident tile (to release them all at the end). */
int asset_tile_stream_resident(const asset_tile_stream *s, uint32_t *gpu, int cap);
bool asset_tile_stream_is_resident(const asset_tile_stream *s, asset_tile_key k);
size_t asset_tile_stream_bytes(const asset_tile_stream *s);
/* True when decoded tiles wait for asset_tile_stream_take. */
bool asset_tile_stream_pending(asset_tile_stream *s);
/* Blocks until the worker has nothing queued or decoding (shot, bench, tests). */
void asset_tile_stream_wait(asset_tile_stream *s);

typedef struct asset_tile_stream_stats {
    int decoded, evicted, resident_tiles;
    double decode_seconds;   /* decoding time summed over tiles (level 1 included) */
    size_t resident_bytes;
} asset_tile_stream_stats;
void asset_tile_stream_get_stats(asset_tile_stream *s, asset_tile_stream_stats *out);

/* ---- pyramids cut once from huge panoramas, kept in the user's cache (tiles_cache.c) ---- */
#define ASSET_TILES_CACHE_VERSION 1     /* part of the key: a new cutter cuts again */
#define ASSET_TILES_CACHE_DEFAULT_MB 4096 /* PAVILION_TILE_CACHE_MB overrides (0: only the
                                          * newest pyramid is kept) */

/* Is a panorama of this kind and size cut into the cache by the viewer: a JPEG larger than
 * it can be shown as one image (asset_equirect_fit_scale shrinks it)? Pure. */
bool asset_tiles_cache_wanted(asset_image_kind kind, int w, int h, int max_width);
/* $XDG_CACHE_HOME/pavilion/tiles, else $HOME/.cache/pavilion/tiles; false when neither is an
 * absolute path. */
bool asset_tiles_cache_root(char *out, size_t n);
/* The cache's cap in bytes: PAVILION_TILE_CACHE_MB, else ASSET_TILES_CACHE_DEFAULT_MB. */
uint64_t asset_tiles_cache_cap(void);
/* A whole pyramid of this panorama (its real path, size and modification time) is in the
 * cache: its folder into dir (src->dir points at it) and its layout. Marks it used. */
bool asset_tiles_cache_find(const char *pano, asset_tiles_source *src, char *dir, size_t dir_n);

typedef struct asset_tiles_cache_desc {
    const char *pano;                 /* the equirectangular JPEG */
    const atomic_int *cancel;         /* optional: the temporary folder is removed */
    void (*progress)(void *user, double fraction); /* optional, as asset_tiles_cut's */
    void *user;
    asset_tiles_cut_stats *stats;     /* optional */
} asset_tiles_cache_desc;
/* Cuts the panorama into the cache (asset_tiles_cut, JPEG quality 90) through a temporary
 * folder renamed when whole, then removes the least recently used pyramids beyond the cap
 * (never this one) and temporary folders of processes that are gone. An unwritable or full
 * cache is an error (PV_ERR_IO) naming the folder; nothing partial is left to be trusted. */
pv_result asset_tiles_cache_make(const asset_tiles_cache_desc *d, asset_tiles_source *src,
                                 char *dir, size_t dir_n, char *why, size_t why_n);
/* Removes temporary folders of processes that are gone, then the least recently used pyramids
 * until the cache holds at most cap bytes, never `keep` (a folder name, or NULL). */
void asset_tiles_cache_tidy(const char *root, const char *keep, uint64_t cap);

#endif
