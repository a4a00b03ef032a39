/* demo_render: renders a scene into an equirectangular RGB picture with worker threads.
 * Pass 1 traces one ray per pixel (fewer near the poles, where pixels are narrow) and keeps
 * what each pixel hit; pass 2 re-traces four more rays in pixels at an edge or a sharp
 * change of colour. Rows are handed out through an atomic counter; each pixel depends only
 * on its own rays, so the picture is the same whatever the thread count or timing.
 * Called from the main thread; it starts and joins its own workers.
 * Included by tools/demo_gen.c. */

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#define LUT_SIZE 4096

typedef struct render_job {
    const scene *s;
    int w, h;
    float pix;        /* angle of one pixel, radians */
    uint8_t *img;     /* pass 1 picture */
    uint16_t *ids;    /* pass 1: what each pixel hit */
    uint8_t *ao;      /* pass 1: ambient occlusion there, reused by pass 2 */
    uint8_t *out;     /* final picture */
    float lut[LUT_SIZE + 1];
    atomic_int next_row;
    int pass;
} render_job;

static inline float tone_aces(float x)
{
    x = maxf(x, 0.0f);
    return clampf((x * (2.51f * x + 0.03f)) / (x * (2.43f * x + 0.59f) + 0.14f), 0.0f, 1.0f);
}

/* Linear radiance to display values 0..255 (not yet rounded). */
static void to_display(const render_job *j, v3 c, float out[3])
{
    float ch[3] = {c.x, c.y, c.z};
    for (int i = 0; i < 3; i++) {
        float f = tone_aces(ch[i] * j->s->exposure) * LUT_SIZE;
        int k = (int)f;
        if (k >= LUT_SIZE) {
            out[i] = j->lut[LUT_SIZE];
        } else {
            float t = f - (float)k;
            out[i] = j->lut[k] + (j->lut[k + 1] - j->lut[k]) * t;
        }
    }
}

static inline void store_pixel(const render_job *j, uint8_t *dst, const float c[3], int x, int y)
{
    for (int i = 0; i < 3; i++) {
        float n = hash2i(x * 3 + i, y, 0x5eed) - 0.5f;
        if (j->s->grain > 0)
            n += (hash2i(x, y * 3 + i, 0x9a1) - 0.5f) * j->s->grain * 2.0f +
                 (hash2i(x, y, 0x9a2) - 0.5f) * j->s->grain * 2.0f;
        int v = (int)lrintf(c[i] + n);
        dst[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
}

static inline v3 pano_dir(float yaw, float pitch)
{
    float cp = cosf(pitch);
    return v3_make(sinf(yaw) * cp, sinf(pitch), -cosf(yaw) * cp);
}

static v3 pano_sample(const render_job *j, float fx, float fy, int *id, float *ao)
{
    float yaw = fx / (float)j->w * 2.0f * (float)PV_PI - (float)PV_PI;
    float pitch = (float)PV_PI * 0.5f - fy / (float)j->h * (float)PV_PI;
    return radiance(j->s, j->s->cam, pano_dir(yaw, pitch), j->pix, 0, id, ao);
}

/* Rows away from the horizon cover less of the sphere: they get fewer rays, spread evenly,
 * and the pixels in between are interpolated. */
static void render_row_pass1(render_job *j, int y, float *row, float *samples)
{
    int w = j->w;
    float pitch = (float)PV_PI * 0.5f - ((float)y + 0.5f) / (float)j->h * (float)PV_PI;
    int n = (int)ceilf((float)w * cosf(pitch) * 1.02f);
    n = n < 8 ? 8 : n > w ? w : n;
    uint16_t *ids = j->ids + (size_t)y * w;
    uint8_t *aos = j->ao + (size_t)y * w;
    uint8_t *aosamp = (uint8_t *)(samples + 3 * (size_t)w);
    uint16_t *idsamp = (uint16_t *)(aosamp + w);
    float scale = (float)w / (float)n;
    for (int k = 0; k < n; k++) {
        int id;
        float ao = -1.0f;
        v3 c = pano_sample(j, ((float)k + 0.5f) * scale, (float)y + 0.5f, &id, &ao);
        to_display(j, c, samples + 3 * k);
        idsamp[k] = (uint16_t)id;
        aosamp[k] = (uint8_t)(ao < 0 ? 255 : lrintf(ao * 255.0f));
    }
    for (int x = 0; x < w; x++) {
        if (n == w) {
            memcpy(row + 3 * x, samples + 3 * x, 3 * sizeof(float));
            ids[x] = idsamp[x];
            aos[x] = aosamp[x];
            continue;
        }
        float f = ((float)x + 0.5f) / scale - 0.5f;
        int k0 = (int)floorf(f);
        float t = f - (float)k0;
        int a = (k0 + n) % n, b = (k0 + 1) % n;
        for (int i = 0; i < 3; i++)
            row[3 * x + i] = samples[3 * a + i] + (samples[3 * b + i] - samples[3 * a + i]) * t;
        int near = t < 0.5f ? a : b;
        ids[x] = idsamp[near];
        aos[x] = aosamp[near];
    }
    uint8_t *dst = j->img + (size_t)y * w * 3;
    for (int x = 0; x < w; x++)
        store_pixel(j, dst + 3 * x, row + 3 * x, x, y);
}

static bool differs(const render_job *j, size_t a, size_t b)
{
    const uint8_t *pa = j->img + a * 3, *pb = j->img + b * 3;
    for (int i = 0; i < 3; i++)
        if (abs((int)pa[i] - (int)pb[i]) > 26)
            return true;
    return false;
}

static void render_row_pass2(render_job *j, int y)
{
    static const float off[4][2] = {
        {0.125f, 0.375f}, {0.375f, -0.125f}, {-0.125f, -0.375f}, {-0.375f, 0.125f}};
    int w = j->w;
    for (int x = 0; x < w; x++) {
        size_t i = (size_t)y * w + x;
        size_t l = (size_t)y * w + (x + w - 1) % w, r = (size_t)y * w + (x + 1) % w;
        bool edge = differs(j, i, l) || differs(j, i, r);
        if (!edge && y > 0)
            edge = differs(j, i, i - w);
        if (!edge && y + 1 < j->h)
            edge = differs(j, i, i + w);
        uint8_t *dst = j->out + i * 3;
        if (!edge) {
            memcpy(dst, j->img + i * 3, 3);
            continue;
        }
        float acc[3] = {0, 0, 0};
        for (int k = 0; k < 4; k++) {
            float c[3], ao = (float)j->ao[i] / 255.0f;
            v3 rad = pano_sample(j, (float)x + 0.5f + off[k][0], (float)y + 0.5f + off[k][1],
                                 NULL, &ao);
            to_display(j, rad, c);
            for (int ch = 0; ch < 3; ch++)
                acc[ch] += c[ch];
        }
        /* the first-pass sample counts too (its dither is noise well under a level) */
        for (int ch = 0; ch < 3; ch++)
            acc[ch] = (acc[ch] + (float)j->img[i * 3 + ch]) / 5.0f;
        for (int ch = 0; ch < 3; ch++) {
            int v = (int)lrintf(acc[ch]);
            dst[ch] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }
}

static void *render_worker(void *arg)
{
    render_job *j = arg;
    float *row = NULL, *samples = NULL;
    if (j->pass == 1) {
        row = pv_malloc(sizeof(float) * 3 * (size_t)j->w);
        samples = pv_malloc((sizeof(float) * 3 + 3) * (size_t)j->w + 16);
    }
    for (;;) {
        int y = atomic_fetch_add(&j->next_row, 1);
        if (y >= j->h)
            break;
        if (j->pass == 1)
            render_row_pass1(j, y, row, samples);
        else
            render_row_pass2(j, y);
    }
    free(row);
    free(samples);
    return NULL;
}

static int render_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 16 ? 16 : (int)n;
}

static void run_pass(render_job *j, int pass)
{
    int n = render_threads();
    pthread_t th[16];
    int started = 0;
    j->pass = pass;
    atomic_store(&j->next_row, 0);
    for (int i = 1; i < n; i++) {
        if (pthread_create(&th[started], NULL, render_worker, j) == 0)
            started++;
    }
    render_worker(j);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
}

/* Renders the scene as seen from s->cam; returns a w x h RGB picture (caller frees). */
static uint8_t *render_pano(const scene *s, int w, int h)
{
    render_job *j = pv_calloc(1, sizeof *j);
    j->s = s;
    j->w = w;
    j->h = h;
    j->pix = 2.0f * (float)PV_PI / (float)w;
    for (int i = 0; i <= LUT_SIZE; i++) {
        float v = (float)i / LUT_SIZE;
        float e = v <= 0.0031308f ? 12.92f * v : 1.055f * powf(v, 1.0f / 2.4f) - 0.055f;
        j->lut[i] = e * 255.0f;
    }
    size_t n = (size_t)w * h;
    j->img = pv_malloc(n * 3);
    j->ids = pv_malloc(n * sizeof(uint16_t));
    j->ao = pv_malloc(n);
    j->out = pv_malloc(n * 3);
    run_pass(j, 1);
    run_pass(j, 2);
    uint8_t *out = j->out;
    free(j->img);
    free(j->ids);
    free(j->ao);
    free(j);
    return out;
}
