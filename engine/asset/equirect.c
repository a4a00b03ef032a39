/* asset/equirect: a panorama kept as its own equirectangular pixels, with mip levels.
 *
 * Panoramas are drawn straight from the source image (see gfx's sphere): no resampling into
 * another layout, so what is on screen is one bilinear lookup of the photograph, as sharp as
 * an exact per-pixel render. This file decodes the image and builds its mip levels (2x2 boxes
 * in linear light) for zoomed-out views. While a JPEG decodes in row bands on the calling
 * thread, a second thread (at a lower priority) builds level 1 from the rows already there, so
 * the levels cost little more than the decode; the smaller levels follow from level 1.
 * An image wider than the GPU can hold is shrunk while decoding (JPEG DCT scaling) and says so
 * in `warning`. Threads: any; asset_equirect_load uses the calling thread plus two of its own
 * (level 1, and mapping fresh memory ahead of the decoder). */
#include "asset/asset_internal.h"

#include <math.h>
#include <pthread.h>
#ifdef __linux__
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <stdlib.h>
#include <string.h>

/* ---- mip levels in linear light ---- */

static uint16_t s_s2l[256];    /* sRGB byte -> linear, 0..16383 */
static uint8_t s_l2s[16384];   /* linear (sum of four >> 2) -> sRGB byte */
static pthread_once_t s_lut_once = PTHREAD_ONCE_INIT;

static void init_luts(void)
{
    for (int i = 0; i < 256; i++) {
        double c = i / 255.0;
        double l = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
        s_s2l[i] = (uint16_t)(l * 16383.0 + 0.5);
    }
    for (int i = 0; i < 16384; i++) {
        double l = i / 16383.0;
        double c = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1.0 / 2.4) - 0.055;
        s_l2s[i] = (uint8_t)(c * 255.0 + 0.5);
    }
}

/* Row y of level `dst` from rows 2y and 2y+1 of the level above (clamped at the bottom). */
static void mip_row(const asset_equirect *e, int dst, int y)
{
    int sw = e->level_w[dst - 1], sh = e->level_h[dst - 1];
    int dw = e->level_w[dst];
    const uint8_t *src = e->level[dst - 1];
    const uint8_t *r0 = src + (size_t)pv_clampi(2 * y, 0, sh - 1) * (size_t)sw * 4;
    const uint8_t *r1 = src + (size_t)pv_clampi(2 * y + 1, 0, sh - 1) * (size_t)sw * 4;
    uint8_t *o = e->level[dst] + (size_t)y * (size_t)dw * 4;
    for (int x = 0; x < dw; x++, o += 4) {
        int x0 = 2 * x < sw ? 2 * x : sw - 1, x1 = 2 * x + 1 < sw ? 2 * x + 1 : sw - 1;
        const uint8_t *a = r0 + x0 * 4, *b = r0 + x1 * 4, *c = r1 + x0 * 4, *d = r1 + x1 * 4;
        for (int ch = 0; ch < 3; ch++) {
            unsigned sum = (unsigned)s_s2l[a[ch]] + s_s2l[b[ch]] + s_s2l[c[ch]] + s_s2l[d[ch]];
            o[ch] = s_l2s[(sum + 2) >> 2];
        }
        o[3] = 255;
    }
}

static void alloc_levels(asset_equirect *e)
{
    int w = e->width, h = e->height, levels = 1;
    e->level_w[0] = w;
    e->level_h[0] = h;
    while ((w > 1 || h > 1) && levels < ASSET_EQ_MAX_LEVELS) {
        w = w / 2 > 0 ? w / 2 : 1;
        h = h / 2 > 0 ? h / 2 : 1;
        e->level_w[levels] = w;
        e->level_h[levels] = h;
        e->level[levels] = pv_malloc((size_t)w * (size_t)h * 4);
        levels++;
    }
    e->levels = levels;
}

/* Levels 2 and smaller, once level 1 is complete. */
static void finish_levels(asset_equirect *e)
{
    for (int l = 2; l < e->levels; l++)
        for (int y = 0; y < e->level_h[l]; y++)
            mip_row(e, l, y);
}

void asset_equirect_build_mips(asset_equirect *e)
{
    pthread_once(&s_lut_once, init_luts);
    if (e->levels > 1)
        for (int y = 0; y < e->level_h[1]; y++)
            mip_row(e, 1, y);
    finish_levels(e);
}

asset_equirect *asset_equirect_from_pixels(uint8_t *rgba, int width, int height)
{
    asset_equirect *e = pv_calloc(1, sizeof(*e));
    e->width = e->source_width = width;
    e->height = e->source_height = height;
    e->level[0] = rgba;
    alloc_levels(e);
    asset_equirect_build_mips(e);
    return e;
}

/* ---- pipelined load ---- */

typedef struct mip_pipeline {
    asset_rows_progress progress;
    asset_equirect *eq;
    atomic_int aborted, level1_done;
    pthread_t thread, populate;
    bool thread_running, populate_running;
} mip_pipeline;

/* Fresh memory is slow to touch the first time (the kernel zeroes every page as it is
 * faulted in: on a virtual machine about 1 ms per megabyte, as much as decoding the image).
 * This thread maps the decode buffer's pages ahead of the decoder, in 4 MB steps, and then the
 * smaller levels' buffers, so the decoder (the first frame's critical path) writes into pages
 * that are already there. MADV_POPULATE_WRITE faults pages in without touching their contents,
 * so it is safe beside the decoder's writes; buffers reused from an earlier panorama are
 * already mapped and cost nothing. Where the kernel lacks it (before Linux 5.14), nothing. */
static void *populate_thread(void *arg)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    mip_pipeline *p = arg;
    asset_equirect *e = p->eq;
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), step = (uintptr_t)4 << 20;
    size_t stride = (size_t)e->width * 4;
    for (int l = 0; l < e->levels; l++) {
        uintptr_t a = (uintptr_t)e->level[l];
        uintptr_t end = a + (size_t)e->level_w[l] * (size_t)e->level_h[l] * 4;
        /* whole pages inside the buffer only: its neighbours are none of our business */
        a = (a + page - 1) & ~(page - 1);
        end &= ~(page - 1);
        for (; a < end; a += step) {
            if (atomic_load(&p->aborted) || atomic_load(&p->progress.failed))
                return NULL;
            if (l == 0) {
                /* the decoder has passed here: nothing left to win */
                size_t done = (size_t)atomic_load_explicit(&p->progress.rows_done,
                                                           memory_order_relaxed) * stride;
                if (a + step <= (uintptr_t)e->level[0] + done)
                    continue;
            }
            uintptr_t n = end - a < step ? end - a : step;
            if (madvise((void *)a, n, MADV_POPULATE_WRITE) != 0)
                return NULL;
        }
    }
#else
    (void)arg;
#endif
    return NULL;
}

static void *mip_thread(void *arg)
{
    mip_pipeline *p = arg;
#ifdef __linux__
    /* Yield to the decoder and to the main thread's uploads of the rows. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
    asset_equirect *e = p->eq;
    int y = 0, h1 = e->levels > 1 ? e->level_h[1] : 0;
    while (y < h1) {
        int rows = atomic_load_explicit(&p->progress.rows_done, memory_order_acquire);
        int ready = pv_clampi(rows / 2, 0, h1);
        if (rows >= e->height)
            ready = h1;
        if (ready <= y) {
            if (atomic_load(&p->progress.failed) || atomic_load(&p->aborted) ||
                (p->progress.cancel && atomic_load(p->progress.cancel)))
                return NULL;
            pv_sleep_ms(1);
            continue;
        }
        for (; y < ready; y++)
            mip_row(e, 1, y);
    }
    atomic_store(&p->level1_done, 1);
    return NULL;
}

static void on_decode_start(void *user, const asset_image *img)
{
    mip_pipeline *p = user;
    asset_equirect *e = p->eq;
    e->width = img->width;
    e->height = img->height;
    e->level[0] = img->pixels;
    alloc_levels(e);
    if (p->progress.watch) {
        atomic_store(&p->progress.watch->width, img->width);
        atomic_store(&p->progress.watch->height, img->height);
        atomic_store(&p->progress.watch->pixels, img->pixels);
    }
    if (pthread_create(&p->populate, NULL, populate_thread, p) == 0)
        p->populate_running = true;
    if (pthread_create(&p->thread, NULL, mip_thread, p) == 0)
        p->thread_running = true;
}

int asset_equirect_fit_scale(int w, int h, int max_width)
{
    for (int s = 1; s <= 8; s *= 2) {
        double sw = (w + s - 1) / s, sh = (h + s - 1) / s;
        if ((max_width <= 0 || sw <= max_width) && sw * sh <= ASSET_EQ_MAX_SHOWN_PIXELS)
            return s;
    }
    return 0;
}

pv_result asset_equirect_load(const asset_pano_desc *d, asset_equirect **out, char *why,
                              size_t why_n)
{
    *out = NULL;
    if (d->keep_image)
        memset(d->keep_image, 0, sizeof(*d->keep_image));
    asset_image_kind kind;
    int w, h;
    pv_result r = asset_image_probe(d->path, &kind, &w, &h, why, why_n);
    if (r != PV_OK)
        return r;
    r = asset_pano_check_shape(w, h, 0, why, why_n);
    if (r != PV_OK)
        return r;
    pthread_once(&s_lut_once, init_luts);
    int scale = d->scale_denom > 1 ? d->scale_denom : 1;
    int fit = asset_equirect_fit_scale(w, h, d->max_width);
    bool too_wide = d->max_width > 0 && w > d->max_width;
    if (kind == ASSET_IMAGE_PNG && too_wide && w / scale > d->max_width) {
        snprintf(why, why_n,
                 "is %dx%d; this system's GPU holds images at most %d pixels wide: scale the "
                 "PNG down, or save it as JPEG (JPEGs this wide are shown at a reduced size)",
                 w, h, d->max_width);
        return PV_ERR_LIMIT;
    }
    /* a PNG is decoded whole, whatever the scale */
    if (kind == ASSET_IMAGE_PNG && (double)w * h > ASSET_EQ_MAX_SHOWN_PIXELS) {
        snprintf(why, why_n,
                 "is %dx%d, more than the %.0f megapixels a panorama is shown with as one "
                 "image: save it as JPEG (shown at a reduced size), or cut it into tiles "
                 "(pavilion tile)", w, h, ASSET_EQ_MAX_SHOWN_PIXELS / 1e6);
        return PV_ERR_LIMIT;
    }
    if (kind == ASSET_IMAGE_JPEG && fit == 0) {
        snprintf(why, why_n,
                 "is %dx%d, more than 8 times too large to be shown as one image here (at most "
                 "%d pixels wide and %.0f megapixels): cut it into tiles (pavilion tile)", w, h,
                 d->max_width, ASSET_EQ_MAX_SHOWN_PIXELS / 1e6);
        return PV_ERR_LIMIT;
    }
    if (fit > scale && kind == ASSET_IMAGE_JPEG)
        scale = fit;
    if (kind != ASSET_IMAGE_JPEG) {
        asset_image img;
        r = asset_image_load(d->path, scale, &img, why, why_n);
        if (r != PV_OK)
            return r;
        *out = asset_equirect_from_pixels(img.pixels, img.width, img.height);
        (*out)->source_width = w;
        (*out)->source_height = h;
        return PV_OK;
    }
    asset_equirect *e = pv_calloc(1, sizeof(*e));
    e->source_width = w;
    e->source_height = h;
    mip_pipeline *p = pv_calloc(1, sizeof(*p));
    p->eq = e;
    p->progress.cancel = d->cancel;
    p->progress.on_start = on_decode_start;
    p->progress.user = p;
    p->progress.watch = d->watch;
    asset_image img;
    r = asset_jpeg_decode(d->path, scale, &p->progress, &img, why, why_n);
    if (r != PV_OK)
        atomic_store(&p->aborted, 1);
    if (p->populate_running)
        pthread_join(p->populate, NULL);
    if (p->thread_running)
        pthread_join(p->thread, NULL);
    else if (r == PV_OK && e->level[0]) /* no second thread could be had: level 1 here */
        for (int y = 0; e->levels > 1 && y < e->level_h[1]; y++)
            mip_row(e, 1, y);
    if (r == PV_OK && p->thread_running && !atomic_load(&p->level1_done)) {
        snprintf(why, why_n, "cancelled");
        r = PV_ERR_CANCELLED;
    }
    if (r == PV_OK)
        finish_levels(e);
    if (r == PV_OK && scale > 1 && scale > (d->scale_denom > 1 ? d->scale_denom : 1)) {
        if (too_wide)
            snprintf(e->warning, sizeof(e->warning),
                     "is %dx%d, wider than this system's GPU can hold (%d): shown at %dx%d; "
                     "cut it into tiles (pavilion tile) to show every pixel",
                     w, h, d->max_width, img.width, img.height);
        else
            snprintf(e->warning, sizeof(e->warning),
                     "is %dx%d: shown at %dx%d to keep its memory within about 1 GB; cut it "
                     "into tiles (pavilion tile) to show every pixel",
                     w, h, img.width, img.height);
    }
    else if (r == PV_OK && img.warning[0])
        snprintf(e->warning, sizeof(e->warning), "%s", img.warning);
    /* Level 0 is the decoded image: it stays with the result. On failure a watcher may still
     * be reading its rows, so it goes to the caller, who frees it once nobody reads. */
    if (r != PV_OK) {
        if (d->keep_image)
            *d->keep_image = img;
        else
            asset_image_free(&img);
        e->level[0] = NULL;
    }
    free(p);
    if (r != PV_OK) {
        asset_equirect_free(&e);
        return r;
    }
    *out = e;
    return PV_OK;
}

void asset_equirect_free(asset_equirect **pe)
{
    asset_equirect *e = *pe;
    if (!e)
        return;
    asset_big_free(e->level[0], (size_t)e->width * (size_t)e->height * 4);
    for (int l = 1; l < ASSET_EQ_MAX_LEVELS; l++)
        free(e->level[l]);
    free(e);
    *pe = NULL;
}

size_t asset_equirect_bytes(const asset_equirect *e)
{
    size_t total = 0;
    for (int l = 0; e && l < e->levels; l++)
        total += (size_t)e->level_w[l] * (size_t)e->level_h[l] * 4;
    return total;
}
