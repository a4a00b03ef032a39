/* asset/image: JPEG (libjpeg-turbo) and PNG (stb_image) decoding to RGB. Any thread. */
#include "asset/asset.h"
#include "asset/asset_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stb/stb_image.h>

static asset_image_kind sniff(const uint8_t *b, size_t n)
{
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return ASSET_IMAGE_JPEG;
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return ASSET_IMAGE_PNG;
    return ASSET_IMAGE_UNKNOWN;
}

#define BIG_SLOTS 12
#define BIG_KEEP ((size_t)384 << 20) /* at most this much is kept for reuse */
static pthread_mutex_t s_big_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { void *p; size_t n; uint64_t age; } s_big[BIG_SLOTS]; /* guarded by s_big_lock */
static size_t s_big_total;
static uint64_t s_big_clock;

void asset_big_free(void *p, size_t n)
{
    if (!p)
        return;
    if (n < ((size_t)2 << 20) || n > BIG_KEEP) {
        free(p);
        return;
    }
    pthread_mutex_lock(&s_big_lock);
    /* Make room: drop the oldest kept blocks until this one fits. */
    while (s_big_total + n > BIG_KEEP) {
        int oldest = -1;
        for (int i = 0; i < BIG_SLOTS; i++)
            if (s_big[i].p && (oldest < 0 || s_big[i].age < s_big[oldest].age))
                oldest = i;
        if (oldest < 0)
            break;
        free(s_big[oldest].p);
        s_big_total -= s_big[oldest].n;
        s_big[oldest].p = NULL;
    }
    int slot = -1;
    for (int i = 0; i < BIG_SLOTS && slot < 0; i++)
        if (!s_big[i].p)
            slot = i;
    if (slot >= 0) {
        s_big[slot].p = p;
        s_big[slot].n = n;
        s_big[slot].age = ++s_big_clock;
        s_big_total += n;
        p = NULL;
    }
    pthread_mutex_unlock(&s_big_lock);
    free(p);
}

void *asset_big_alloc(size_t n)
{
    const size_t huge = (size_t)2 << 20;
    if (n < huge)
        return pv_malloc(n);
    /* A kept block at least as large, and not much larger. */
    pthread_mutex_lock(&s_big_lock);
    int best = -1;
    for (int i = 0; i < BIG_SLOTS; i++)
        if (s_big[i].p && s_big[i].n >= n && s_big[i].n <= n + n / 4 &&
            (best < 0 || s_big[i].n < s_big[best].n))
            best = i;
    void *p = NULL;
    if (best >= 0) {
        p = s_big[best].p;
        s_big_total -= s_big[best].n;
        s_big[best].p = NULL;
    }
    pthread_mutex_unlock(&s_big_lock);
    if (p)
        return p;
    if (posix_memalign(&p, huge, (n + huge - 1) / huge * huge) != 0 || !p)
        return pv_malloc(n);
#ifdef MADV_HUGEPAGE
    madvise(p, (n + huge - 1) / huge * huge, MADV_HUGEPAGE);
#endif
    return p;
}

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

pv_result asset_png_check(const uint8_t *b, size_t n, size_t file_size, int *w, int *h,
                          char *why, size_t why_n)
{
    *w = *h = 0;
    /* Signature, then the IHDR chunk: length 13, "IHDR", width, height, depth, colour type. */
    if (n < 33 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0 || be32(b + 8) != 13 ||
        memcmp(b + 12, "IHDR", 4) != 0) {
        snprintf(why, why_n, "is not a readable PNG (no image header)");
        return PV_ERR_FORMAT;
    }
    uint32_t pw = be32(b + 16), ph = be32(b + 20);
    int depth = b[24], type = b[25];
    static const int channels_of[7] = {1, 0, 3, 1, 2, 0, 4};
    int channels = type <= 6 ? channels_of[type] : 0;
    if (pw == 0 || ph == 0 || channels == 0 ||
        !(depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16)) {
        snprintf(why, why_n, "is not a readable PNG (a %ux%u image of colour type %d and "
                 "depth %d)", pw, ph, type, depth);
        return PV_ERR_FORMAT;
    }
    if (pw > ASSET_IMAGE_MAX_SIDE || ph > ASSET_IMAGE_MAX_SIDE ||
        (int64_t)pw * ph > ASSET_IMAGE_MAX_PIXELS) {
        snprintf(why, why_n, "is %ux%u pixels, more than Pavilion shows (at most %d on a side "
                 "and %lld megapixels); scale it down", pw, ph, ASSET_IMAGE_MAX_SIDE,
                 (long long)(ASSET_IMAGE_MAX_PIXELS >> 20));
        return PV_ERR_LIMIT;
    }
    /* The compressed rows: each starts with a filter byte. */
    uint64_t raw = (uint64_t)ph * (1 + ((uint64_t)pw * (uint64_t)(channels * depth) + 7) / 8);
    if (raw / ASSET_PNG_MAX_RATIO > file_size) {
        snprintf(why, why_n, "claims %ux%u pixels but holds only %zu bytes, less than any PNG "
                 "of that size (a decompression bomb or a damaged file); it is not decoded",
                 pw, ph, file_size);
        return PV_ERR_LIMIT;
    }
    *w = (int)pw;
    *h = (int)ph;
    return PV_OK;
}

pv_result asset_png_chunks_check(const uint8_t *b, size_t n, char *why, size_t why_n)
{
    size_t off = 8;
    while (off < n) {
        if (n - off < 12) {
            snprintf(why, why_n, "is damaged: it ends inside a chunk's header at byte %zu", off);
            return PV_ERR_FORMAT;
        }
        uint32_t len = be32(b + off);
        if (len > n - off - 12) {
            snprintf(why, why_n, "is damaged: its chunk at byte %zu claims %u bytes, past the "
                     "end of the file (%zu bytes); it is not decoded", off, len, n);
            return PV_ERR_FORMAT;
        }
        bool end = memcmp(b + off + 4, "IEND", 4) == 0;
        off += 12 + (size_t)len;
        if (end)
            return PV_OK;
    }
    snprintf(why, why_n, "is truncated: it has no end chunk (IEND)");
    return PV_ERR_FORMAT;
}

/* Opens an image without blocking on FIFOs or devices (see pv_file_open). */
static FILE *image_open(const char *path, char *why, size_t why_n)
{
    char reason[200];
    int fd = pv_file_open(path, false, reason, sizeof(reason));
    if (fd < 0) {
        snprintf(why, why_n, "cannot open the file (it %s)", reason);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        snprintf(why, why_n, "cannot be opened");
        close(fd);
    }
    return f;
}

pv_result asset_image_probe(const char *path, asset_image_kind *kind, int *w, int *h, char *why,
                            size_t why_n)
{
    *kind = ASSET_IMAGE_UNKNOWN;
    *w = *h = 0;
    FILE *f = image_open(path, why, why_n);
    if (!f)
        return PV_ERR_IO;
    uint8_t head[64];
    size_t n = fread(head, 1, sizeof(head), f);
    *kind = sniff(head, n);
    pv_result r = PV_OK;
    if (*kind == ASSET_IMAGE_JPEG) {
        fseek(f, 0, SEEK_SET);
        r = asset_jpeg_header(f, w, h, why, why_n);
    } else if (*kind == ASSET_IMAGE_PNG) {
        struct stat st;
        size_t size = fstat(fileno(f), &st) == 0 ? (size_t)st.st_size : n;
        r = asset_png_check(head, n, size, w, h, why, why_n);
    } else {
        snprintf(why, why_n, n == 0 ? "is empty" : "is neither a JPEG nor a PNG image");
        r = PV_ERR_FORMAT;
    }
    fclose(f);
    return r;
}

pv_result asset_image_load(const char *path, int scale_denom, asset_image *out, char *why,
                           size_t why_n)
{
    memset(out, 0, sizeof(*out));
    asset_image_kind kind;
    int w, h;
    pv_result r = asset_image_probe(path, &kind, &w, &h, why, why_n);
    if (r != PV_OK)
        return r;
    if (kind == ASSET_IMAGE_JPEG)
        return asset_jpeg_decode(path, scale_denom, NULL, out, why, why_n);
    FILE *f = image_open(path, why, why_n);
    if (!f)
        return PV_ERR_IO;
    /* Read whole (a PNG's size was checked against its pixels by the probe), its chunks
     * checked against the file's end before stb_image sees them: a chunk claiming more than
     * the file holds made stb_image grow its buffer to gigabytes. */
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size <= 0 || st.st_size > ((off_t)1 << 30)) {
        fclose(f);
        snprintf(why, why_n, "cannot be read (empty, or larger than 1 GB)");
        return PV_ERR_IO;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *bytes = malloc(n);
    size_t got = bytes ? fread(bytes, 1, n, f) : 0;
    fclose(f);
    if (got != n) {
        free(bytes);
        snprintf(why, why_n, "cannot be read");
        return PV_ERR_IO;
    }
    r = asset_png_chunks_check(bytes, n, why, why_n);
    if (r != PV_OK) {
        free(bytes);
        return r;
    }
    int comp, pw = w, ph = h;
    stbi_uc *px = stbi_load_from_memory(bytes, (int)n, &w, &h, &comp, 4);
    free(bytes);
    if (!px) {
        snprintf(why, why_n, "cannot be decoded as PNG (%s)", stbi_failure_reason());
        return PV_ERR_FORMAT;
    }
    if (w != pw || h != ph) { /* the file changed between the two reads */
        stbi_image_free(px);
        snprintf(why, why_n, "changed while it was read");
        return PV_ERR_IO;
    }
    out->width = w;
    out->height = h;
    out->pixels = px;
    if (scale_denom > 1) {
        int sw = w / scale_denom, sh = h / scale_denom;
        if (sw < 1)
            sw = 1;
        if (sh < 1)
            sh = 1;
        uint8_t *small = pv_malloc((size_t)sw * (size_t)sh * 4);
        for (int y = 0; y < sh; y++)
            for (int x = 0; x < sw; x++)
                for (int c = 0; c < 4; c++) {
                    unsigned sum = 0, cnt = 0;
                    for (int dy = 0; dy < scale_denom && y * scale_denom + dy < h; dy++)
                        for (int dx = 0; dx < scale_denom && x * scale_denom + dx < w; dx++) {
                            sum += px[((size_t)(y * scale_denom + dy) * (size_t)w +
                                       (size_t)(x * scale_denom + dx)) * 4 + (size_t)c];
                            cnt++;
                        }
                    small[((size_t)y * (size_t)sw + (size_t)x) * 4 + (size_t)c] =
                        (uint8_t)((sum + cnt / 2) / cnt);
                }
        stbi_image_free(px);
        out->pixels = small;
        out->width = sw;
        out->height = sh;
    }
    return PV_OK;
}

void asset_image_free(asset_image *img)
{
    asset_big_free(img->pixels, (size_t)img->width * (size_t)img->height * 4);
    memset(img, 0, sizeof(*img));
}
