/* asset/tiles: Pannellum's multires layout, and the cutter that turns an equirectangular JPEG
 * into that pyramid with bounded memory (see tiles.h for the layout).
 *
 * The cutter decodes the JPEG once, top to bottom, into a ring of rows (RGB8) about 0.31 of the
 * image tall: the up face needs rows 0 to pitch 35.3 degrees, a row of a side face needs about
 * a tenth of that, the down face the last 0.31. Faces are produced row by row in that order
 * (up; the four sides together; down), each texel an exact direction looked up bilinearly in
 * linear light, with several samples along the row where a texel covers more than one source
 * pixel (near the poles). Each face row goes to the finest level's strip of tile rows (RGB8)
 * and to an area-averaging resampler (linear light) that feeds the next coarser level, and so
 * on: a level holds one strip of tile rows at a time, written out as JPEG tiles
 * (libjpeg-turbo) as soon as it is full. Memory: the ring plus about two strips per face being
 * made, never a whole face or image.
 * Threads: any thread; each call owns everything it uses. */
#include "asset/tiles.h"
#include "asset/asset_internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <jerror.h>
#include <jpeglib.h>
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

const char asset_tiles_face_letters[ASSET_FACE_COUNT + 1] = "frblud";

/* ---- layout ---- */

int asset_tiles_level_size(const asset_tiles_layout *l, int level)
{
    if (level < 1 || level > l->levels || l->levels > ASSET_TILES_MAX_LEVELS)
        return 0;
    return l->face_size >> (l->levels - level);
}

int asset_tiles_per_side(const asset_tiles_layout *l, int level)
{
    int n = asset_tiles_level_size(l, level);
    return l->tile_size > 0 ? (n + l->tile_size - 1) / l->tile_size : 0;
}

int asset_tiles_extent(const asset_tiles_layout *l, int level, int x)
{
    int n = asset_tiles_level_size(l, level);
    int left = n - x * l->tile_size;
    return left < 0 ? 0 : left < l->tile_size ? left : l->tile_size;
}

int asset_tiles_default_face_size(int equirect_width)
{
    int n = 8 * (int)(equirect_width / PV_PI / 8.0);
    return n < 8 ? 8 : n;
}

int asset_tiles_default_levels(int face_size, int tile_size)
{
    if (tile_size <= 0 || face_size <= 0)
        return 1;
    int k = 0;
    /* Pannellum: ceil(log2(face / tile)) + 1, so the coarsest face fits one tile. */
    while (k < ASSET_TILES_MAX_LEVELS - 1 && (long long)tile_size << k < face_size)
        k++;
    return k + 1;
}

const char *asset_tiles_layout_problem(const asset_tiles_layout *l)
{
    if (l->face_size < 1 || l->face_size > 1 << 20)
        return "the face size must be between 1 and 1048576";
    if (l->tile_size < 1 || l->tile_size > 1 << 16)
        return "the tile size must be between 1 and 65536";
    if (l->levels < 1 || l->levels > ASSET_TILES_MAX_LEVELS)
        return "the level count must be between 1 and 16";
    if ((l->face_size >> (l->levels - 1)) < 1)
        return "too many levels: the coarsest face would be smaller than one texel";
    if ((l->face_size >> (l->levels - 1)) > l->tile_size)
        return "too few levels: the coarsest level must fit one tile per face";
    return NULL;
}

void asset_tiles_format(const char *pattern, int face, int level, int x, int y, char *out,
                        size_t n)
{
    size_t o = 0;
    if (n == 0)
        return;
    for (const char *p = pattern; *p && o + 1 < n; p++) {
        char num[24];
        num[0] = 0;
        if (p[0] == '%' && p[1] == 's') {
            num[0] = asset_tiles_face_letters[face];
            num[1] = 0;
            p++;
        } else if (p[0] == '%' && p[1] == 'l' && p[2] == '0') {
            snprintf(num, sizeof(num), "%d", level - 1);
            p += 2;
        } else if (p[0] == '%' && p[1] == 'l') {
            snprintf(num, sizeof(num), "%d", level);
            p++;
        } else if (p[0] == '%' && p[1] == 'x') {
            snprintf(num, sizeof(num), "%d", x);
            p++;
        } else if (p[0] == '%' && p[1] == 'y') {
            snprintf(num, sizeof(num), "%d", y);
            p++;
        } else {
            out[o++] = *p;
            continue;
        }
        for (const char *q = num; *q && o + 1 < n; q++)
            out[o++] = *q;
    }
    out[o] = 0;
}

/* ---- linear light ---- */

static float s_to_linear[256];
static uint8_t s_to_srgb[65536];
static pthread_once_t s_luts_once = PTHREAD_ONCE_INIT;

static void make_luts(void)
{
    for (int i = 0; i < 256; i++) {
        double c = i / 255.0;
        s_to_linear[i] = (float)(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4));
    }
    for (int i = 0; i < 65536; i++) {
        double l = i / 65535.0;
        double c = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1.0 / 2.4) - 0.055;
        s_to_srgb[i] = (uint8_t)(c * 255.0 + 0.5);
    }
}

static inline uint8_t to_srgb(float l)
{
    int i = (int)(l * 65535.0f + 0.5f);
    return s_to_srgb[i < 0 ? 0 : i > 65535 ? 65535 : i];
}

/* ---- area resampling in linear light, one source row at a time ---- */

/* Source pixel s spans [s*nd, (s+1)*nd) and destination pixel d spans [d*ns, (d+1)*ns) in
 * units of 1/(ns*nd) of the face: with ns >= nd a source pixel touches at most two
 * destination pixels, and each destination pixel's weights sum to one. */
typedef struct resampler {
    int ns, nd;
    int *d0;          /* per source index: first destination index */
    float *w0;        /* ... and its weight (the rest goes to d0 + 1) */
    float *acc[2];    /* destination rows k and k + 1, RGB */
    float *hrow;      /* a source row resampled horizontally */
    int k;            /* destination row in acc[0] */
    int next;         /* next source row expected */
} resampler;

static void resampler_init(resampler *r, int ns, int nd)
{
    memset(r, 0, sizeof(*r));
    r->ns = ns;
    r->nd = nd;
    r->d0 = pv_malloc(sizeof(int) * (size_t)ns);
    r->w0 = pv_malloc(sizeof(float) * (size_t)ns);
    for (int s = 0; s < ns; s++) {
        long long a = (long long)s * nd, b = a + nd;
        int d = (int)(a / ns);
        long long end = (long long)(d + 1) * ns;
        r->d0[s] = d;
        r->w0[s] = (float)((b < end ? b : end) - a) / (float)ns;
    }
    for (int i = 0; i < 2; i++)
        r->acc[i] = pv_calloc((size_t)nd * 3, sizeof(float));
    r->hrow = pv_malloc(sizeof(float) * 3 * (size_t)nd);
}

static void resampler_free(resampler *r)
{
    free(r->d0);
    free(r->w0);
    free(r->acc[0]);
    free(r->acc[1]);
    free(r->hrow);
    memset(r, 0, sizeof(*r));
}

typedef void (*row_sink)(void *ctx, int row, const float *rgb);

/* Takes source row r->next; emits each destination row as soon as it is complete. */
static void resampler_push(resampler *r, const float *src, row_sink emit, void *ctx)
{
    int nd = r->nd;
    float *h = r->hrow;
    memset(h, 0, sizeof(float) * 3 * (size_t)nd);
    for (int s = 0; s < r->ns; s++) {
        int d = r->d0[s];
        float w = r->w0[s], v = 1.0f / (float)r->ns * (float)nd - w;
        const float *p = src + 3 * s;
        h[3 * d] += w * p[0];
        h[3 * d + 1] += w * p[1];
        h[3 * d + 2] += w * p[2];
        if (v > 1e-7f && d + 1 < nd) {
            h[3 * d + 3] += v * p[0];
            h[3 * d + 4] += v * p[1];
            h[3 * d + 5] += v * p[2];
        }
    }
    int s = r->next++;
    float w = r->w0[s], v = (float)nd / (float)r->ns - w;
    for (int i = 0; i < 3 * nd; i++) {
        r->acc[0][i] += w * h[i];
        r->acc[1][i] += v * h[i];
    }
    /* Row k ends where source row s ends (or the last source row came). */
    while (r->k < nd && ((long long)(s + 1) * nd >= (long long)(r->k + 1) * r->ns ||
                         s + 1 == r->ns)) {
        emit(ctx, r->k, r->acc[0]);
        float *t = r->acc[0];
        r->acc[0] = r->acc[1];
        r->acc[1] = t;
        memset(r->acc[1], 0, sizeof(float) * 3 * (size_t)nd);
        r->k++;
        if (s + 1 < r->ns)
            break;
    }
}

/* ---- the cutter ---- */

typedef struct cutter cutter;

typedef struct level_out {
    cutter *c;
    int face, level, size, rows;
    uint8_t *strip;           /* tile_size rows of the level's face, RGB8 */
    resampler down;           /* into level - 1 (levels > 1) */
} level_out;

typedef struct face_out face_out;
struct face_out {
    level_out lv[ASSET_TILES_MAX_LEVELS + 1];  /* index = level */
    resampler to_fallback;
    uint8_t *fallback;        /* whole fallback face, RGB8 */
    int face;
    cutter *c;
};

struct cutter {
    const asset_tiles_cut_desc *d;
    asset_tiles_layout lay;
    int quality, fallback;
    int w, h;                 /* source */
    uint8_t *ring;            /* ring_rows rows of w * 3 bytes */
    int ring_rows, decoded;   /* rows decoded so far (row y lives in slot y % ring_rows) */
    struct jpeg_decompress_struct jd;
    tjhandle tj;
    float *row;               /* one face row, linear RGB */
    long long rows_made, rows_total;
    int last_percent;
    char *why;
    size_t why_n;
    pv_result failed;         /* set by writers; checked between rows */
    struct face_out *open[ASSET_FACE_COUNT]; /* faces being made (freed after a JPEG error) */
    asset_tiles_cut_stats stats;
};

static void fail(cutter *c, pv_result r, const char *fmt, const char *a, const char *b)
{
    if (c->failed != PV_OK)
        return;
    c->failed = r;
    snprintf(c->why, c->why_n, fmt, a, b);
}

static void write_jpeg(cutter *c, const char *path, const uint8_t *rgb, int w, int pitch, int h)
{
    unsigned char *buf = NULL;
    unsigned long size = 0;
    if (tjCompress2(c->tj, rgb, w, pitch, h, TJPF_RGB, &buf, &size, TJSAMP_420, c->quality,
                    0) != 0) {
        fail(c, PV_ERR_FORMAT, "cannot encode %s (%s)", path, tjGetErrorStr2(c->tj));
        tjFree(buf);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, size, f) != size || fclose(f) != 0) {
        fail(c, PV_ERR_IO, "cannot write %s (%s)", path, strerror(errno));
        f = NULL;
    }
    tjFree(buf);
    c->stats.tiles++;
    c->stats.bytes += size;
}

static void write_strip(level_out *o)
{
    cutter *c = o->c;
    int t = c->lay.tile_size;
    int ty = (o->rows - 1) / t, th = o->rows - ty * t;
    int n = asset_tiles_per_side(&c->lay, o->level);
    for (int tx = 0; tx < n && c->failed == PV_OK; tx++) {
        char rel[64], path[4096];
        asset_tiles_format(ASSET_TILES_DEFAULT_PATTERN, o->face, o->level, tx, ty, rel,
                           sizeof(rel));
        snprintf(path, sizeof(path), "%s%s.jpg", c->d->out_dir, rel);
        write_jpeg(c, path, o->strip + (size_t)tx * t * 3, asset_tiles_extent(&c->lay, o->level, tx),
                   o->size * 3, th);
    }
}

static void level_push(void *ctx, int row, const float *rgb)
{
    level_out *o = ctx;
    cutter *c = o->c;
    int t = c->lay.tile_size;
    (void)row;
    uint8_t *dst = o->strip + (size_t)(o->rows % t) * o->size * 3;
    for (int i = 0; i < o->size * 3; i++)
        dst[i] = to_srgb(rgb[i]);
    o->rows++;
    if (o->rows % t == 0 || o->rows == o->size)
        write_strip(o);
    if (o->level > 1)
        resampler_push(&o->down, rgb, level_push, &o[-1]);
}

static void fallback_push(void *ctx, int row, const float *rgb)
{
    face_out *f = ctx;
    uint8_t *dst = f->fallback + (size_t)row * f->c->fallback * 3;
    for (int i = 0; i < f->c->fallback * 3; i++)
        dst[i] = to_srgb(rgb[i]);
    if (row == f->c->fallback - 1) {
        char rel[64], path[4096];
        asset_tiles_format(ASSET_TILES_DEFAULT_FALLBACK, f->face, 0, 0, 0, rel, sizeof(rel));
        snprintf(path, sizeof(path), "%s%s.jpg", f->c->d->out_dir, rel);
        write_jpeg(f->c, path, f->fallback, f->c->fallback, f->c->fallback * 3, f->c->fallback);
    }
}

static face_out *face_begin(cutter *c, int face)
{
    face_out *f = pv_calloc(1, sizeof(*f));
    f->face = face;
    f->c = c;
    for (int l = 1; l <= c->lay.levels; l++) {
        level_out *o = &f->lv[l];
        o->c = c;
        o->face = face;
        o->level = l;
        o->size = asset_tiles_level_size(&c->lay, l);
        o->strip = pv_malloc((size_t)c->lay.tile_size * (size_t)o->size * 3);
        if (l > 1)
            resampler_init(&o->down, o->size, asset_tiles_level_size(&c->lay, l - 1));
    }
    if (c->fallback > 0) {
        resampler_init(&f->to_fallback, c->lay.face_size, c->fallback);
        f->fallback = pv_malloc((size_t)c->fallback * (size_t)c->fallback * 3);
    }
    return f;
}

static void face_end(face_out **pf)
{
    face_out *f = *pf;
    if (!f)
        return;
    for (int l = 1; l <= f->c->lay.levels; l++) {
        free(f->lv[l].strip);
        resampler_free(&f->lv[l].down);
    }
    resampler_free(&f->to_fallback);
    free(f->fallback);
    free(f);
    *pf = NULL;
}

static void face_push(face_out *f, int row, const float *rgb)
{
    level_push(&f->lv[f->c->lay.levels], row, rgb);
    if (f->fallback)
        resampler_push(&f->to_fallback, rgb, fallback_push, f);
}

/* Source position (pixel coordinates, centres at +0.5) of face texel (i, j) at the finest
 * level, and how many source pixels along the row the texel covers. */
static void texel_source(const cutter *c, int face, int i, int j, double *x, double *y,
                         double *footprint)
{
    int n = c->lay.face_size;
    float d[3];
    asset_cube_texel_dir(face, n, (float)i, (float)j, d);
    double yaw = atan2(d[0], -d[2]);
    double pitch = atan2(d[1], sqrt((double)d[0] * d[0] + (double)d[2] * d[2]));
    *x = (yaw / (2.0 * PV_PI) + 0.5) * c->w - 0.5;
    *y = (0.5 - pitch / PV_PI) * c->h - 0.5;
    if (footprint) {
        double a = 2.0 * (i + 0.5) / n - 1.0, b = 2.0 * (j + 0.5) / n - 1.0;
        /* The yaw a texel spans: 2/n / (1 + a^2) on a side face, 2/n / rho on a pole face. */
        double span = face >= ASSET_FACE_UP ? 2.0 / n / fmax(sqrt(a * a + b * b), 1e-6)
                                            : 2.0 / n / (1.0 + a * a);
        *footprint = span * c->w / (2.0 * PV_PI);
    }
}

/* Rows [lo, hi] that face rows [j0, j1) read. Along a row the pitch is extreme at the centre
 * column and at the edges; across rows at the first, last and centre rows. */
static void rows_needed(const cutter *c, int face, int j0, int j1, int *lo, int *hi)
{
    int n = c->lay.face_size;
    int is[4] = {0, n / 2 - 1, n / 2, n - 1};
    int js[4] = {j0, j1 - 1, n / 2 - 1, n / 2};
    double ymin = 1e30, ymax = -1e30;
    for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
            int i = pv_clampi(is[a], 0, n - 1), j = js[b];
            if (j < j0 || j >= j1)
                continue;
            double x, y;
            texel_source(c, face, i, j, &x, &y, NULL);
            ymin = fmin(ymin, y);
            ymax = fmax(ymax, y);
        }
    }
    *lo = pv_clampi((int)floor(ymin) - 1, 0, c->h - 1);
    *hi = pv_clampi((int)floor(ymax) + 2, 0, c->h - 1);
}

static void decode_through(cutter *c, int last)
{
    while (c->decoded <= last) {
        JSAMPROW row = c->ring + (size_t)(c->decoded % c->ring_rows) * c->w * 3;
        while (jpeg_read_scanlines(&c->jd, &row, 1) != 1) {
        }
        c->decoded++;
    }
}

static inline void sample(const cutter *c, double x, double y, float rgb[3])
{
    double fx = floor(x), fy = floor(y);
    int x0 = (int)fx, y0 = (int)fy;
    float ax = (float)(x - fx), ay = (float)(y - fy);
    x0 %= c->w;
    if (x0 < 0)
        x0 += c->w;
    int x1 = x0 + 1 == c->w ? 0 : x0 + 1;
    int y1 = pv_clampi(y0 + 1, 0, c->h - 1);
    y0 = pv_clampi(y0, 0, c->h - 1);
    const uint8_t *r0 = c->ring + (size_t)(y0 % c->ring_rows) * c->w * 3;
    const uint8_t *r1 = c->ring + (size_t)(y1 % c->ring_rows) * c->w * 3;
    for (int k = 0; k < 3; k++) {
        float top = s_to_linear[r0[3 * x0 + k]] * (1 - ax) + s_to_linear[r0[3 * x1 + k]] * ax;
        float bot = s_to_linear[r1[3 * x0 + k]] * (1 - ax) + s_to_linear[r1[3 * x1 + k]] * ax;
        rgb[k] = top * (1 - ay) + bot * ay;
    }
}

static void make_row(cutter *c, int face, int j)
{
    int n = c->lay.face_size;
    for (int i = 0; i < n; i++) {
        double x, y, fp;
        texel_source(c, face, i, j, &x, &y, &fp);
        float *out = c->row + 3 * i;
        if (fp <= 1.25) {
            sample(c, x, y, out);
            continue;
        }
        int taps = (int)ceil(fp);
        if (taps > 4096)
            taps = 4096;
        float acc[3] = {0, 0, 0}, s[3];
        for (int t = 0; t < taps; t++) {
            sample(c, x + ((t + 0.5) / taps - 0.5) * fp, y, s);
            acc[0] += s[0];
            acc[1] += s[1];
            acc[2] += s[2];
        }
        for (int k = 0; k < 3; k++)
            out[k] = acc[k] / (float)taps;
    }
}

static void progress(cutter *c)
{
    c->rows_made++;
    int percent = (int)(100 * c->rows_made / c->rows_total);
    if (percent != c->last_percent && c->d->progress) {
        c->last_percent = percent;
        c->d->progress(c->d->user, (double)c->rows_made / (double)c->rows_total);
    }
}

static bool cancelled(cutter *c)
{
    if (c->d->cancel && atomic_load(c->d->cancel) && c->failed == PV_OK) {
        c->failed = PV_ERR_CANCELLED;
        snprintf(c->why, c->why_n, "cancelled");
    }
    return c->failed != PV_OK;
}

/* Makes faces `faces` (all reading the same rows) row by row. */
static void make_faces(cutter *c, const int *faces, int count)
{
    int n = c->lay.face_size;
    face_out **out = c->open;
    for (int f = 0; f < count; f++)
        out[f] = face_begin(c, faces[f]);
    bool pole = faces[0] >= ASSET_FACE_UP;
    int lo = 0, hi = 0;
    if (pole)
        rows_needed(c, faces[0], 0, n, &lo, &hi);
    for (int j = 0; j < n && !cancelled(c); j++) {
        if (!pole)
            rows_needed(c, faces[0], j, j + 1, &lo, &hi);
        if (!pole || j == 0) { /* a pole face reads all its rows from its first row on */
            decode_through(c, hi);
            if (c->decoded - c->ring_rows > lo) {
                fail(c, PV_ERR_LIMIT, "%s: internal error: face rows outrun the ring%s",
                     c->d->input, "");
                break;
            }
        }
        for (int f = 0; f < count && c->failed == PV_OK; f++) {
            make_row(c, faces[f], j);
            face_push(out[f], j, c->row);
            progress(c);
        }
    }
    for (int f = 0; f < count; f++)
        face_end(&out[f]);
}

static pv_result write_config(cutter *c)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/config.json", c->d->out_dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(c->why, c->why_n, "cannot write %s (%s)", path, strerror(errno));
        return PV_ERR_IO;
    }
    fprintf(f, "{\n    \"type\": \"multires\",\n    \"multiRes\": {\n");
    fprintf(f, "        \"path\": \"%s\",\n", ASSET_TILES_DEFAULT_PATTERN);
    if (c->fallback > 0)
        fprintf(f, "        \"fallbackPath\": \"%s\",\n", ASSET_TILES_DEFAULT_FALLBACK);
    fprintf(f, "        \"extension\": \"jpg\",\n        \"tileResolution\": %d,\n"
               "        \"maxLevel\": %d,\n        \"cubeResolution\": %d\n    }\n}\n",
            c->lay.tile_size, c->lay.levels, c->lay.face_size);
    if (fclose(f) != 0) {
        snprintf(c->why, c->why_n, "cannot write %s (%s)", path, strerror(errno));
        return PV_ERR_IO;
    }
    return PV_OK;
}

static pv_result make_folders(cutter *c)
{
    for (int l = 0; l <= c->lay.levels; l++) {
        if (l == 0 && c->fallback <= 0)
            continue;
        char path[4096];
        if (l == 0)
            snprintf(path, sizeof(path), "%s/fallback", c->d->out_dir);
        else
            snprintf(path, sizeof(path), "%s/%d", c->d->out_dir, l);
        if (!pv_make_dirs(path)) {
            snprintf(c->why, c->why_n, "cannot make the folder %s (%s)", path, strerror(errno));
            return PV_ERR_IO;
        }
    }
    return PV_OK;
}

pv_result asset_tiles_cut(const asset_tiles_cut_desc *d, asset_tiles_layout *layout,
                          asset_tiles_cut_stats *stats, char *why, size_t why_n)
{
    pthread_once(&s_luts_once, make_luts);
    double t0 = pv_now();
    cutter *c = pv_calloc(1, sizeof(*c));
    c->d = d;
    c->why = why;
    c->why_n = why_n;
    c->quality = d->quality > 0 ? pv_clampi(d->quality, 1, 100) : 85;
    c->last_percent = -1;
    pv_result result = PV_OK;
    FILE *file = fopen(d->input, "rb");
    asset_jpeg_err err;
    c->jd.err = asset_jpeg_err_init(&err);
    jpeg_create_decompress(&c->jd);
    if (!file) {
        snprintf(why, why_n, "cannot open %s (%s)", d->input, strerror(errno));
        result = PV_ERR_IO;
        goto done;
    }
    if (setjmp(err.jump)) {
        snprintf(why, why_n, "%s cannot be decoded as JPEG (%s)", d->input, err.message);
        result = PV_ERR_FORMAT;
        goto done;
    }
    jpeg_stdio_src(&c->jd, file);
    jpeg_read_header(&c->jd, TRUE);
    c->w = (int)c->jd.image_width;
    c->h = (int)c->jd.image_height;
    char shape[256];
    if (asset_pano_check_shape(c->w, c->h, 0, shape, sizeof(shape)) != PV_OK) {
        snprintf(why, why_n, "%s %s", d->input, shape);
        result = PV_ERR_FORMAT;
        goto done;
    }
    c->lay.tile_size = d->tile_size > 0 ? d->tile_size : 512;
    c->lay.face_size = d->face_size > 0 ? d->face_size : asset_tiles_default_face_size(c->w);
    if (c->lay.tile_size > c->lay.face_size)
        c->lay.tile_size = c->lay.face_size;
    c->lay.levels = d->levels > 0 ? d->levels
                                  : asset_tiles_default_levels(c->lay.face_size,
                                                               c->lay.tile_size);
    const char *problem = asset_tiles_layout_problem(&c->lay);
    if (problem) {
        snprintf(why, why_n, "cannot cut %s into %d levels of %d-texel tiles from %d-texel "
                 "faces: %s", d->input, c->lay.levels, c->lay.tile_size, c->lay.face_size,
                 problem);
        result = PV_ERR_INVALID;
        goto done;
    }
    c->fallback = d->fallback_size < 0 ? 0 : d->fallback_size > 0 ? d->fallback_size : 1024;
    if (c->fallback > c->lay.face_size)
        c->fallback = c->lay.face_size;
    if ((result = make_folders(c)) != PV_OK)
        goto done;

    /* The ring holds the rows the up face reads, which are also the most any stage reads. */
    int lo, hi, side_lo, side_hi;
    rows_needed(c, ASSET_FACE_UP, 0, c->lay.face_size, &lo, &hi);
    c->ring_rows = hi + 1;
    rows_needed(c, ASSET_FACE_DOWN, 0, c->lay.face_size, &lo, &hi);
    if (c->h - lo > c->ring_rows)
        c->ring_rows = c->h - lo;
    for (int j = 0; j < c->lay.face_size; j += 1 + c->lay.face_size / 64) {
        rows_needed(c, ASSET_FACE_FRONT, j, j + 1, &side_lo, &side_hi);
        if (side_hi - side_lo + 1 > c->ring_rows)
            c->ring_rows = side_hi - side_lo + 1;
    }
    c->ring_rows = pv_clampi(c->ring_rows + 2, 1, c->h);
    c->stats.ring_bytes = (size_t)c->ring_rows * c->w * 3;
    c->ring = pv_malloc(c->stats.ring_bytes);
    c->row = pv_malloc(sizeof(float) * 3 * (size_t)c->lay.face_size);
    c->tj = tjInitCompress();
    c->rows_total = 6LL * c->lay.face_size;

    c->jd.out_color_space = JCS_RGB;
    c->jd.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&c->jd);
    static const int up[1] = {ASSET_FACE_UP}, down[1] = {ASSET_FACE_DOWN};
    static const int sides[4] = {ASSET_FACE_FRONT, ASSET_FACE_RIGHT, ASSET_FACE_BACK,
                                 ASSET_FACE_LEFT};
    make_faces(c, up, 1);
    if (c->failed == PV_OK)
        make_faces(c, sides, 4);
    if (c->failed == PV_OK)
        make_faces(c, down, 1);
    if (c->failed != PV_OK) {
        result = c->failed;
        goto done;
    }
    decode_through(c, c->h - 1);
    jpeg_finish_decompress(&c->jd);
    if (err.truncated) {
        snprintf(why, why_n, "%s is truncated: the image data ends early", d->input);
        result = PV_ERR_FORMAT;
        goto done;
    }
    result = write_config(c);
done:
    for (int f = 0; f < ASSET_FACE_COUNT; f++)
        face_end(&c->open[f]);
    jpeg_destroy_decompress(&c->jd);
    if (file)
        fclose(file);
    if (c->tj)
        tjDestroy(c->tj);
    free(c->ring);
    free(c->row);
    if (layout)
        *layout = c->lay;
    c->stats.seconds = pv_now() - t0;
    if (stats)
        *stats = c->stats;
    free(c);
    return result;
}

/* ---- reading a cube or a pyramid into one cube ---- */

asset_tiles_source *asset_tiles_source_copy(const asset_tiles_source *s)
{
    asset_tiles_source *c = pv_calloc(1, sizeof(*c));
    for (int f = 0; f < ASSET_FACE_COUNT; f++)
        c->faces[f] = s->faces[f] ? pv_strdup(s->faces[f]) : NULL;
    c->dir = s->dir ? pv_strdup(s->dir) : NULL;
    c->pattern = s->pattern ? pv_strdup(s->pattern) : NULL;
    c->extension = s->extension ? pv_strdup(s->extension) : NULL;
    c->layout = s->layout;
    return c;
}

void asset_tiles_source_free(asset_tiles_source **ps)
{
    asset_tiles_source *s = *ps;
    if (!s)
        return;
    for (int f = 0; f < ASSET_FACE_COUNT; f++)
        free((char *)s->faces[f]);
    free((char *)s->dir);
    free((char *)s->pattern);
    free((char *)s->extension);
    free(s);
    *ps = NULL;
}

static pv_result load_faces(const asset_tiles_source *s, int max_face, const atomic_int *cancel,
                            asset_cube *c, char *why, size_t why_n)
{
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        if (cancel && atomic_load(cancel)) {
            snprintf(why, why_n, "cancelled");
            return PV_ERR_CANCELLED;
        }
        asset_image_kind kind;
        int w, h, denom = 1;
        char reason[384];
        pv_result r = asset_image_probe(s->faces[f], &kind, &w, &h, reason, sizeof(reason));
        while (r == PV_OK && kind == ASSET_IMAGE_JPEG && w / denom > max_face && denom < 8)
            denom *= 2;
        asset_image img;
        if (r == PV_OK)
            r = asset_image_load(s->faces[f], denom, &img, reason, sizeof(reason));
        if (r != PV_OK) {
            snprintf(why, why_n, "cube face %s %s", pv_path_display(s->faces[f]), reason);
            return r;
        }
        if (img.width != img.height || (c->size && img.width != c->size)) {
            snprintf(why, why_n, "cube face %s is %dx%d; faces must be square and of one size "
                     "(the first is %d)", pv_path_display(s->faces[f]), img.width, img.height,
                     c->size ? c->size : img.width);
            asset_image_free(&img);
            return PV_ERR_FORMAT;
        }
        c->size = img.width;
        c->face[f][0] = img.pixels; /* asset_cube_free gives it back as a big block */
        atomic_store(&c->face_ready[f], 1);
    }
    c->levels = 1;
    return PV_OK;
}

/* Fills the tile at (x0, y0, w, h) of an n-texel face from the coarser face `m` texels wide,
 * bilinearly in sRGB (a stand-in until the real tile exists). */
static void fill_from_coarser(uint8_t *face, int n, const uint8_t *coarse, int m, int x0, int y0,
                              int w, int h)
{
    for (int y = y0; y < y0 + h; y++) {
        float sy = ((float)y + 0.5f) * (float)m / (float)n - 0.5f;
        int a = pv_clampi((int)floorf(sy), 0, m - 1), b = pv_clampi(a + 1, 0, m - 1);
        float fy = pv_clampf(sy - floorf(sy), 0, 1);
        for (int x = x0; x < x0 + w; x++) {
            float sx = ((float)x + 0.5f) * (float)m / (float)n - 0.5f;
            int l = pv_clampi((int)floorf(sx), 0, m - 1), r = pv_clampi(l + 1, 0, m - 1);
            float fx = pv_clampf(sx - floorf(sx), 0, 1);
            for (int k = 0; k < 4; k++) {
                float top = coarse[4 * ((size_t)a * m + l) + k] * (1 - fx) +
                            coarse[4 * ((size_t)a * m + r) + k] * fx;
                float bot = coarse[4 * ((size_t)b * m + l) + k] * (1 - fx) +
                            coarse[4 * ((size_t)b * m + r) + k] * fx;
                face[4 * ((size_t)y * n + x) + k] = (uint8_t)(top * (1 - fy) + bot * fy + 0.5f);
            }
        }
    }
}

static pv_result load_pyramid(const asset_tiles_source *s, int max_face, const atomic_int *cancel,
                              asset_cube *c, char *why, size_t why_n)
{
    const asset_tiles_layout *lay = &s->layout;
    const char *problem = asset_tiles_layout_problem(lay);
    if (problem) {
        snprintf(why, why_n, "multires %s: %s", pv_path_display(s->dir), problem);
        return PV_ERR_FORMAT;
    }
    int top = 1;
    while (top < lay->levels && asset_tiles_level_size(lay, top + 1) <= max_face)
        top++;
    if (top > ASSET_CUBE_MAX_LEVELS)
        top = ASSET_CUBE_MAX_LEVELS;
    const char *pattern = s->pattern ? s->pattern : ASSET_TILES_DEFAULT_PATTERN;
    const char *ext = s->extension ? s->extension : "jpg";
    c->size = asset_tiles_level_size(lay, top);
    c->levels = top;
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        for (int l = 1; l <= top; l++) {
            int n = asset_tiles_level_size(lay, l), tiles = asset_tiles_per_side(lay, l);
            uint8_t *face = pv_malloc((size_t)n * n * 4);
            c->face[f][top - l] = face;
            for (int ty = 0; ty < tiles; ty++) {
                for (int tx = 0; tx < tiles; tx++) {
                    if (cancel && atomic_load(cancel)) {
                        snprintf(why, why_n, "cancelled");
                        return PV_ERR_CANCELLED;
                    }
                    char rel[512], path[4096], reason[384];
                    asset_tiles_format(pattern, f, l, tx, ty, rel, sizeof(rel));
                    snprintf(path, sizeof(path), "%s%s.%s", s->dir, rel, ext);
                    int w = asset_tiles_extent(lay, l, tx), h = asset_tiles_extent(lay, l, ty);
                    if (l > 1 && !pv_file_exists(path)) {
                        fill_from_coarser(face, n, c->face[f][top - l + 1],
                                          asset_tiles_level_size(lay, l - 1), tx * lay->tile_size,
                                          ty * lay->tile_size, w, h);
                        continue;
                    }
                    asset_image img;
                    pv_result r = asset_image_load(path, 1, &img, reason, sizeof(reason));
                    if (r != PV_OK) {
                        snprintf(why, why_n, "multires tile %s %s", pv_path_display(path),
                                 reason);
                        return r;
                    }
                    if (img.width != w || img.height != h) {
                        snprintf(why, why_n, "multires tile %s is %dx%d; at level %d it must "
                                 "be %dx%d (check tile_size, levels and face_size)",
                                 pv_path_display(path), img.width, img.height, l, w, h);
                        asset_image_free(&img);
                        return PV_ERR_FORMAT;
                    }
                    for (int y = 0; y < h; y++)
                        memcpy(face + 4 * ((size_t)(ty * lay->tile_size + y) * n +
                                           (size_t)tx * lay->tile_size),
                               img.pixels + 4 * (size_t)y * w, 4 * (size_t)w);
                    asset_image_free(&img);
                }
            }
        }
        atomic_store(&c->face_ready[f], 1);
    }
    return PV_OK;
}

pv_result asset_tiles_load_cube(const asset_tiles_source *s, int max_face,
                                const atomic_int *cancel, asset_cube **out, char *why,
                                size_t why_n)
{
    *out = NULL;
    asset_cube *c = pv_calloc(1, sizeof(*c));
    if (max_face <= 0)
        max_face = 4096;
    pv_result r = s->faces[0] ? load_faces(s, max_face, cancel, c, why, why_n)
                              : load_pyramid(s, max_face, cancel, c, why, why_n);
    if (r != PV_OK) {
        asset_cube_free(&c);
        return r;
    }
    c->source_width = 4 * c->size;
    c->source_height = 2 * c->size;
    *out = c;
    return PV_OK;
}
