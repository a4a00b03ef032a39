/* asset/pano: equirectangular panorama -> six cube faces with mip levels.
 *
 * The mapping is exact per texel: each face texel's direction is turned into yaw/pitch and the
 * equirectangular image is sampled there (bilinear; near the poles, where one texel covers many
 * source pixels of a row, several samples across that footprint are averaged so nothing
 * shimmers). The angles depend only on the face size, so they are computed once per size into
 * quarter tables (the faces are symmetric) and shared by later panoramas.
 *
 * While a JPEG decodes in row bands on the calling thread, a second thread builds the up face
 * and then the side faces row by row as soon as the rows they need exist; the calling thread
 * builds the down face once decoding ends. Mip levels are box-filtered in linear light.
 * Threads: any; asset_pano_build uses the calling thread plus one of its own. */
#include "asset/asset_internal.h"

#include <math.h>
#include <pthread.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <stdlib.h>
#include <string.h>

/* ---- directions ---- */

static const float s_face_c[6][3] = {{0, 0, -1}, {1, 0, 0}, {0, 0, 1}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}};
static const float s_face_r[6][3] = {{1, 0, 0}, {0, 0, 1}, {-1, 0, 0}, {0, 0, -1}, {1, 0, 0}, {1, 0, 0}};
static const float s_face_u[6][3] = {{0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, -1}};

void asset_cube_texel_dir(int face, int n, float i, float j, float dir[3])
{
    float a = 2.0f * (i + 0.5f) / (float)n - 1.0f;
    float b = 2.0f * (j + 0.5f) / (float)n - 1.0f;
    for (int k = 0; k < 3; k++)
        dir[k] = s_face_c[face][k] + a * s_face_r[face][k] - b * s_face_u[face][k];
}

void asset_dir_to_yaw_pitch(const float d[3], float *yaw, float *pitch)
{
    *yaw = (float)PV_RAD2DEG(atan2(d[0], -d[2]));
    *pitch = (float)PV_RAD2DEG(atan2(d[1], sqrt((double)d[0] * d[0] + (double)d[2] * d[2])));
}

void asset_yaw_pitch_to_dir(float yaw, float pitch, float d[3])
{
    double y = PV_DEG2RAD(yaw), p = PV_DEG2RAD(pitch);
    d[0] = (float)(sin(y) * cos(p));
    d[1] = (float)sin(p);
    d[2] = (float)(-cos(y) * cos(p));
}

int asset_cube_face_size(int equirect_width)
{
    int n = (int)ceil(equirect_width / PV_PI);
    n = (n + 15) / 16 * 16;
    return n < 16 ? 16 : n;
}

/* ---- angle tables, per face size ---- */

typedef struct face_tables {
    int n, q;             /* face size, quarter size (n + 1) / 2 */
    float *col_yaw;       /* side faces: yaw offset of column i (radians), n entries */
    float *side_pitch;    /* side faces: pitch at quarter texel (qi, qj), q*q, qj in upper half */
    float *pole_yaw;      /* up face: atan2(|a|, |b|) at quarter texel, q*q */
    float *pole_pitch;    /* up face: pitch (positive), q*q */
    float *pole_fp;       /* up face: row footprint of a texel, in radians of longitude, q*q */
} face_tables;

static pthread_mutex_t s_tables_lock = PTHREAD_MUTEX_INITIALIZER;
static face_tables *s_tables[8];

static const face_tables *tables_for(int n)
{
    pthread_mutex_lock(&s_tables_lock);
    face_tables *t = NULL;
    int slot = 0;
    for (int k = 0; k < 8; k++) {
        if (s_tables[k] && s_tables[k]->n == n) {
            t = s_tables[k];
            break;
        }
        if (!s_tables[k])
            slot = k;
    }
    if (!t) {
        int q = (n + 1) / 2;
        t = pv_calloc(1, sizeof(*t));
        t->n = n;
        t->q = q;
        t->col_yaw = pv_malloc(sizeof(float) * (size_t)n);
        t->side_pitch = pv_malloc(sizeof(float) * (size_t)q * (size_t)q);
        t->pole_yaw = pv_malloc(sizeof(float) * (size_t)q * (size_t)q);
        t->pole_pitch = pv_malloc(sizeof(float) * (size_t)q * (size_t)q);
        t->pole_fp = pv_malloc(sizeof(float) * (size_t)q * (size_t)q);
        for (int i = 0; i < n; i++)
            t->col_yaw[i] = (float)atan(2.0 * (i + 0.5) / n - 1.0);
        for (int j = 0; j < q; j++) {
            double b = fabs(2.0 * (j + 0.5) / n - 1.0);
            for (int i = 0; i < q; i++) {
                double a = fabs(2.0 * (i + 0.5) / n - 1.0);
                size_t k = (size_t)j * (size_t)q + (size_t)i;
                t->side_pitch[k] = (float)atan2(b, sqrt(1.0 + a * a));
                t->pole_yaw[k] = (float)atan2(a, b);
                t->pole_pitch[k] = (float)atan2(1.0, sqrt(a * a + b * b));
                /* A texel spans (2/n)/sqrt(1+r^2) radians across (gnomonic projection); along a
                 * row of the equirectangular image that is 1/cos(pitch) times more longitude. */
                double delta = (2.0 / n) / sqrt(1.0 + a * a + b * b);
                t->pole_fp[k] = (float)(delta / cos(t->pole_pitch[k]));
            }
        }
        /* The cache holds at most 8 sizes; beyond that the oldest slot is reused (leaked on
         * purpose: another thread may still read it, and sizes rarely vary). */
        s_tables[slot] = t;
    }
    pthread_mutex_unlock(&s_tables_lock);
    return t;
}

/* ---- sampling ---- */

typedef struct sampler {
    const uint8_t *px;   /* RGBA, 4 bytes a pixel */
    int w, h;
    float sx_scale, sy_scale; /* pixels per radian */
} sampler;

static inline int wrap_x(int x, int w)
{
    while (x < 0)
        x += w;
    while (x >= w)
        x -= w;
    return x;
}

/* Adds the bilinear sample at (sx, sy) to acc, weights summing to 65536. */
static inline void sample_bilinear(const sampler *s, float sx, float sy, unsigned acc[3])
{
    float fx0 = floorf(sx), fy0 = floorf(sy);
    int x0 = wrap_x((int)fx0, s->w), y0 = (int)fy0;
    unsigned wx = (unsigned)((sx - fx0) * 256.0f), wy = (unsigned)((sy - fy0) * 256.0f);
    int x1 = x0 + 1 == s->w ? 0 : x0 + 1;
    int y1 = y0 + 1;
    if (y0 < 0)
        y0 = y1 = 0;
    if (y1 >= s->h) {
        y1 = s->h - 1;
        if (y0 > y1)
            y0 = y1;
    }
    const uint8_t *r0 = s->px + (size_t)y0 * (size_t)s->w * 4;
    const uint8_t *r1 = s->px + (size_t)y1 * (size_t)s->w * 4;
    const uint8_t *p00 = r0 + x0 * 4, *p01 = r0 + x1 * 4, *p10 = r1 + x0 * 4, *p11 = r1 + x1 * 4;
    unsigned w00 = (256 - wx) * (256 - wy), w01 = wx * (256 - wy), w10 = (256 - wx) * wy,
             w11 = wx * wy;
    for (int c = 0; c < 3; c++)
        acc[c] += p00[c] * w00 + p01[c] * w01 + p10[c] * w10 + p11[c] * w11;
}

static inline uint32_t pack(const unsigned acc[3], unsigned k)
{
    unsigned div = k * 65536u;
    uint32_t r = (acc[0] + div / 2) / div, g = (acc[1] + div / 2) / div,
             b = (acc[2] + div / 2) / div;
    return r | (g << 8) | (b << 16) | 0xFF000000u;
}

/* Side faces: the column fixes the longitude, so x and its weight are computed once per
 * column; pitch stays within 45 degrees, where one bilinear sample covers a texel. */
static void build_side_rows(const face_tables *t, const sampler *s, int face, int j0, int j1,
                            uint32_t *out, int *col_x, unsigned *col_w)
{
    int n = t->n, q = t->q;
    static const float face_yaw[4] = {0.0f, (float)(PV_PI / 2), (float)PV_PI,
                                      (float)(-PV_PI / 2)};
    for (int i = 0; i < n; i++) {
        float sx = (face_yaw[face] + t->col_yaw[i]) * s->sx_scale + 0.5f * (float)s->w - 0.5f;
        float fx0 = floorf(sx);
        col_x[i] = wrap_x((int)fx0, s->w);
        col_w[i] = (unsigned)((sx - fx0) * 256.0f);
    }
    size_t stride = (size_t)s->w * 4;
    float cy = 0.5f * (float)s->h - 0.5f;
    for (int j = j0; j < j1; j++) {
        int qj = j < q ? j : n - 1 - j;
        float sign = j < n - 1 - j ? -1.0f : 1.0f; /* upper half: positive pitch */
        const float *pitch_row = t->side_pitch + (size_t)qj * (size_t)q;
        uint32_t *row = out + (size_t)j * (size_t)n;
        for (int i = 0; i < n; i++) {
            int qi = i < q ? i : n - 1 - i;
            float sy = sign * pitch_row[qi] * s->sy_scale + cy;
            float fy0 = floorf(sy);
            int y0 = (int)fy0, y1 = y0 + 1;
            unsigned wy = (unsigned)((sy - fy0) * 256.0f), wx = col_w[i];
            if (y0 < 0)
                y0 = 0;
            if (y1 >= s->h)
                y1 = s->h - 1;
            int x0 = col_x[i], x1 = x0 + 1 == s->w ? 0 : x0 + 1;
            const uint8_t *r0 = s->px + (size_t)y0 * stride, *r1 = s->px + (size_t)y1 * stride;
            const uint8_t *p00 = r0 + x0 * 4, *p01 = r0 + x1 * 4, *p10 = r1 + x0 * 4,
                          *p11 = r1 + x1 * 4;
            unsigned w00 = (256 - wx) * (256 - wy), w01 = wx * (256 - wy),
                     w10 = (256 - wx) * wy, w11 = wx * wy;
            uint32_t px = 0xFF000000u;
            for (int c = 0; c < 3; c++) {
                unsigned v = p00[c] * w00 + p01[c] * w01 + p10[c] * w10 + p11[c] * w11;
                px |= ((v + 32768u) >> 16) << (8 * c);
            }
            row[i] = px;
        }
    }
}

/* Up and down faces: yaw and pitch from the quarter tables; near the pole one texel covers
 * many pixels of a row, so samples spread across that footprint are averaged. */
static void build_pole_rows(const face_tables *t, const sampler *s, int face, int j0, int j1,
                            uint32_t *out)
{
    int n = t->n, q = t->q;
    float cx = 0.5f * (float)s->w - 0.5f, cy = 0.5f * (float)s->h - 0.5f;
    for (int j = j0; j < j1; j++) {
        int qj = j < q ? j : n - 1 - j;
        bool upper = j < n - 1 - j;
        /* up: dir (a, 1, -b) -> yaw atan2(a, b); down: dir (a, -1, b) -> yaw atan2(a, -b) */
        bool b_pos = face == ASSET_FACE_UP ? !upper : upper;
        float psign = face == ASSET_FACE_UP ? 1.0f : -1.0f;
        uint32_t *row = out + (size_t)j * (size_t)n;
        for (int i = 0; i < n; i++) {
            int qi = i < q ? i : n - 1 - i;
            size_t k = (size_t)qj * (size_t)q + (size_t)qi;
            float th = t->pole_yaw[k];
            float yaw = b_pos ? th : (float)PV_PI - th;
            if (i < n - 1 - i)
                yaw = -yaw;
            float sx = yaw * s->sx_scale + cx;
            float sy = -psign * t->pole_pitch[k] * s->sy_scale + cy;
            float fp = t->pole_fp[k] * s->sx_scale;
            unsigned acc[3] = {0, 0, 0};
            unsigned m = 1;
            if (fp > 1.5f) {
                m = fp > 64.0f ? 64u : (unsigned)ceilf(fp);
                float step = fp / (float)m, x = sx - 0.5f * fp + 0.5f * step;
                for (unsigned c = 0; c < m; c++, x += step)
                    sample_bilinear(s, x, sy, acc);
            } else {
                sample_bilinear(s, sx, sy, acc);
            }
            row[i] = pack(acc, m);
        }
    }
}

/* Builds rows [j0, j1) of a face at level 0. */
static void build_face_rows(const face_tables *t, const sampler *s, int face, int j0, int j1,
                            uint32_t *out)
{
    if (face >= ASSET_FACE_UP) {
        build_pole_rows(t, s, face, j0, j1, out);
        return;
    }
    int *col_x = pv_malloc(sizeof(int) * (size_t)t->n);
    unsigned *col_w = pv_malloc(sizeof(unsigned) * (size_t)t->n);
    build_side_rows(t, s, face, j0, j1, out, col_x, col_w);
    free(col_x);
    free(col_w);
}

/* ---- mip levels, in linear light ---- */

static float s_s2l[256];
static uint8_t s_l2s[4097];
static pthread_once_t s_lut_once = PTHREAD_ONCE_INIT;

static void init_luts(void)
{
    for (int i = 0; i < 256; i++) {
        double c = i / 255.0;
        s_s2l[i] = (float)(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4));
    }
    for (int i = 0; i <= 4096; i++) {
        double l = i / 4096.0;
        double c = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1.0 / 2.4) - 0.055;
        s_l2s[i] = (uint8_t)(c * 255.0 + 0.5);
    }
}

static void build_mips(asset_cube *c, int face)
{
    pthread_once(&s_lut_once, init_luts);
    int n = c->size;
    for (int level = 1; level < c->levels; level++) {
        int m = n / 2 > 0 ? n / 2 : 1;
        const uint8_t *src = c->face[face][level - 1];
        uint8_t *dst = pv_malloc((size_t)m * (size_t)m * 4);
        for (int y = 0; y < m; y++) {
            int y0 = pv_clampi(2 * y, 0, n - 1), y1 = pv_clampi(2 * y + 1, 0, n - 1);
            for (int x = 0; x < m; x++) {
                int x0 = pv_clampi(2 * x, 0, n - 1), x1 = pv_clampi(2 * x + 1, 0, n - 1);
                const uint8_t *p[4] = {src + ((size_t)y0 * n + x0) * 4, src + ((size_t)y0 * n + x1) * 4,
                                       src + ((size_t)y1 * n + x0) * 4, src + ((size_t)y1 * n + x1) * 4};
                uint8_t *o = dst + ((size_t)y * m + x) * 4;
                for (int ch = 0; ch < 3; ch++) {
                    float l = s_s2l[p[0][ch]] + s_s2l[p[1][ch]] + s_s2l[p[2][ch]] + s_s2l[p[3][ch]];
                    o[ch] = s_l2s[(int)(l * 1024.0f + 0.5f)];
                }
                o[3] = 255;
            }
        }
        c->face[face][level] = dst;
        n = m;
    }
}

static asset_cube *cube_alloc(int size, int src_w, int src_h)
{
    asset_cube *c = pv_calloc(1, sizeof(*c));
    c->size = size;
    c->source_width = src_w;
    c->source_height = src_h;
    int levels = 1;
    for (int n = size; n > 1; n /= 2)
        levels++;
    c->levels = levels < ASSET_CUBE_MAX_LEVELS ? levels : ASSET_CUBE_MAX_LEVELS;
    for (int f = 0; f < ASSET_FACE_COUNT; f++)
        c->face[f][0] = asset_big_alloc((size_t)size * (size_t)size * 4);
    return c;
}

static void finish_face(asset_cube *c, int face)
{
    build_mips(c, face);
    atomic_store_explicit(&c->face_ready[face], 1, memory_order_release);
}

static sampler make_sampler(const asset_image *img)
{
    sampler s = {img->pixels, img->width, img->height, (float)(img->width / (2.0 * PV_PI)),
                 (float)(img->height / PV_PI)};
    return s;
}

asset_cube *asset_cube_from_image(const asset_image *img, int face_size)
{
    int n = face_size > 0 ? face_size : asset_cube_face_size(img->width);
    const face_tables *t = tables_for(n);
    asset_cube *c = cube_alloc(n, img->width, img->height);
    sampler s = make_sampler(img);
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        build_face_rows(t, &s, f, 0, n, (uint32_t *)c->face[f][0]);
        finish_face(c, f);
    }
    return c;
}

void asset_cube_free(asset_cube **pc)
{
    asset_cube *c = *pc;
    if (!c)
        return;
    for (int f = 0; f < ASSET_FACE_COUNT; f++)
        for (int l = 0; l < ASSET_CUBE_MAX_LEVELS; l++)
            if (l == 0)
                asset_big_free(c->face[f][0], (size_t)c->size * (size_t)c->size * 4);
            else
                free(c->face[f][l]);
    free(c);
    *pc = NULL;
}

size_t asset_cube_bytes(const asset_cube *c)
{
    size_t total = 0;
    int n = c->size;
    for (int l = 0; l < c->levels; l++, n = n / 2 > 0 ? n / 2 : 1)
        total += (size_t)n * (size_t)n * 4 * ASSET_FACE_COUNT;
    return total;
}

/* ---- pipelined build ---- */

enum { SIDE_BAND = 32 };

typedef struct pipeline {
    asset_rows_progress progress;
    const asset_image *img;   /* valid once started */
    asset_cube *cube;
    int n;                    /* face size */
    int face_size, max_width;
    atomic_int started;
    int band_count;
    atomic_int next_band, bands_done, next_mip_face, aborted;
    pthread_t thread;
    bool thread_running;
} pipeline;

/* Highest source row (exclusive) that texel row j of a side face reads. */
static int side_rows_needed(const face_tables *t, const sampler *s, int j)
{
    int n = t->n, q = t->q;
    int qj = j < q ? j : n - 1 - j;
    bool upper = j < n - 1 - j;
    /* Above the centre, rows reach lowest at the face's left/right edges; below, at the middle. */
    int qi = upper ? 0 : q - 1;
    float pitch = t->side_pitch[(size_t)qj * (size_t)q + (size_t)qi];
    if (!upper)
        pitch = -pitch;
    float sy = -pitch * s->sy_scale + 0.5f * (float)s->h - 0.5f;
    return pv_clampi((int)floorf(sy) + 2, 0, s->h);
}

static bool wait_rows(pipeline *p, int rows)
{
    while (atomic_load_explicit(&p->progress.rows_done, memory_order_acquire) < rows) {
        if (atomic_load(&p->progress.failed) || atomic_load(&p->aborted) ||
            (p->progress.cancel && atomic_load(p->progress.cancel)))
            return false;
        pv_sleep_ms(1);
    }
    return true;
}

/* Both threads take bands of side-face rows in order, then the side faces' mip levels. */
static void share_side_work(pipeline *p, const face_tables *t, const sampler *s)
{
    int n = t->n;
    for (;;) {
        int b = atomic_fetch_add(&p->next_band, 1);
        if (b >= p->band_count)
            break;
        int j0 = b * SIDE_BAND, j1 = j0 + SIDE_BAND < n ? j0 + SIDE_BAND : n;
        if (!wait_rows(p, side_rows_needed(t, s, j1 - 1))) {
            atomic_store(&p->aborted, 1);
            return;
        }
        for (int f = ASSET_FACE_FRONT; f <= ASSET_FACE_LEFT; f++)
            build_face_rows(t, s, f, j0, j1, (uint32_t *)p->cube->face[f][0]);
        atomic_fetch_add(&p->bands_done, 1);
    }
    while (atomic_load(&p->bands_done) < p->band_count) {
        if (atomic_load(&p->aborted))
            return;
        pv_sleep_ms(1);
    }
    for (;;) {
        int f = atomic_fetch_add(&p->next_mip_face, 1);
        if (f > ASSET_FACE_LEFT)
            break;
        finish_face(p->cube, f);
    }
}

static void *resample_thread(void *arg)
{
    pipeline *p = arg;
#ifdef __linux__
    /* Yield to the decoder and to the main thread's uploads: the image itself can be on
     * screen as soon as it is decoded; the cube only makes later frames cheaper. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
    sampler s = make_sampler(p->img);
    /* Computed here, not before decoding starts: the tables take a while the first time. */
    const face_tables *t = tables_for(p->n);
    /* Up face first: it needs only the top third of the image. */
    float corner = t->pole_pitch[0];
    int up_rows = pv_clampi((int)(-corner * s.sy_scale + 0.5f * (float)s.h) + 2, 0, s.h);
    if (!wait_rows(p, up_rows)) {
        atomic_store(&p->aborted, 1);
        return NULL;
    }
    build_face_rows(t, &s, ASSET_FACE_UP, 0, t->n, (uint32_t *)p->cube->face[ASSET_FACE_UP][0]);
    finish_face(p->cube, ASSET_FACE_UP);
    share_side_work(p, t, &s);
    return NULL;
}

static void on_decode_start(void *user, const asset_image *img)
{
    pipeline *p = user;
    p->img = img;
    int n = p->face_size > 0 ? p->face_size : asset_cube_face_size(img->width);
    p->n = n;
    p->cube = cube_alloc(n, img->width, img->height);
    p->band_count = (n + SIDE_BAND - 1) / SIDE_BAND;
    if (p->progress.watch) {
        atomic_store(&p->progress.watch->width, img->width);
        atomic_store(&p->progress.watch->height, img->height);
        atomic_store(&p->progress.watch->pixels, img->pixels);
    }
    if (pthread_create(&p->thread, NULL, resample_thread, p) == 0)
        p->thread_running = true;
    atomic_store(&p->started, 1);
}

pv_result asset_pano_check_shape(int w, int h, int max_width, char *why, size_t why_n)
{
    if (w <= 0 || h <= 0) {
        snprintf(why, why_n, "has no pixels");
        return PV_ERR_FORMAT;
    }
    if (abs(w - 2 * h) > 2) {
        snprintf(why, why_n,
                 "is %dx%d, not an equirectangular panorama (its width must be twice its height)",
                 w, h);
        return PV_ERR_FORMAT;
    }
    if (max_width > 0 && w > max_width) {
        snprintf(why, why_n,
                 "is %dx%d; panoramas wider than %d pixels are not supported yet on this system "
                 "(GL_MAX_TEXTURE_SIZE): scale it down to %dx%d",
                 w, h, max_width, max_width, max_width / 2);
        return PV_ERR_LIMIT;
    }
    return PV_OK;
}

pv_result asset_pano_build(const char *path, int scale_denom, int max_width, asset_cube **out,
                           const atomic_int *cancel, char *why, size_t why_n)
{
    asset_pano_desc d = {.path = path, .scale_denom = scale_denom, .max_width = max_width,
                         .cancel = cancel};
    return asset_pano_build_desc(&d, out, why, why_n);
}

pv_result asset_pano_build_desc(const asset_pano_desc *d, asset_cube **out, char *why,
                                size_t why_n)
{
    const char *path = d->path;
    int scale_denom = d->scale_denom > 1 ? d->scale_denom : 1, max_width = d->max_width;
    const atomic_int *cancel = d->cancel;
    *out = NULL;
    if (d->keep_image)
        memset(d->keep_image, 0, sizeof(*d->keep_image));
    asset_image_kind kind;
    int w, h;
    pv_result r = asset_image_probe(path, &kind, &w, &h, why, why_n);
    if (r != PV_OK)
        return r;
    r = asset_pano_check_shape(w, h, max_width, why, why_n);
    if (r != PV_OK)
        return r;
    if (kind != ASSET_IMAGE_JPEG) {
        asset_image img;
        r = asset_image_load(path, scale_denom, &img, why, why_n);
        if (r != PV_OK)
            return r;
        *out = asset_cube_from_image(&img, 0);
        asset_image_free(&img);
        return PV_OK;
    }
    pipeline *p = pv_calloc(1, sizeof(*p));
    p->progress.cancel = cancel;
    p->progress.on_start = on_decode_start;
    p->progress.user = p;
    p->progress.watch = d->watch;
    p->max_width = max_width;
    asset_image img;
    r = asset_jpeg_decode(path, scale_denom, &p->progress, &img, why, why_n);
    if (r == PV_OK && atomic_load(&p->started)) {
        /* Decoding is over: this thread builds the down face, then shares the side faces. */
        sampler s = make_sampler(&img);
        const face_tables *t = tables_for(p->n); /* waits if the other thread is making them */
        if (!p->thread_running) { /* no second thread could be had: do its part too */
            build_face_rows(t, &s, ASSET_FACE_UP, 0, t->n,
                            (uint32_t *)p->cube->face[ASSET_FACE_UP][0]);
            finish_face(p->cube, ASSET_FACE_UP);
        }
        build_face_rows(t, &s, ASSET_FACE_DOWN, 0, t->n,
                        (uint32_t *)p->cube->face[ASSET_FACE_DOWN][0]);
        finish_face(p->cube, ASSET_FACE_DOWN);
        share_side_work(p, t, &s);
    } else {
        atomic_store(&p->aborted, 1);
    }
    if (p->thread_running)
        pthread_join(p->thread, NULL);
    if (r == PV_OK && (atomic_load(&p->aborted) || !p->cube ||
                       !atomic_load(&p->cube->face_ready[ASSET_FACE_UP]))) {
        snprintf(why, why_n, "cancelled");
        r = PV_ERR_CANCELLED;
    }
    if (d->keep_image)
        *d->keep_image = img;
    else
        asset_image_free(&img);
    if (r == PV_OK)
        *out = p->cube;
    else
        asset_cube_free(&p->cube);
    free(p);
    return r;
}
