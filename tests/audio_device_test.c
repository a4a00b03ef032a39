/* platform audio + media/mixer: a 440 Hz sine played through the real SDL audio path with
 * SDL's "disk" driver (SDL_AUDIODRIVER=disk writes the device's stream, here 48 kHz stereo
 * float, to SDL_DISKAUDIOFILE in a scratch folder), then read back and compared sample by
 * sample. Also: an audio driver that does not exist fails cleanly, pause stops the callback,
 * close stops it for good. The platform is offscreen (no display needed). When the disk
 * driver is missing from the SDL build, falls back to "dummy" and only checks the callback
 * ran. */
#include <stdatomic.h>

#include "check.h"
#include "media/media.h"
#include "media/mixer.h"
#include "platform/platform.h"

#define RATE MEDIA_AUDIO_RATE
#define AMP 0.5
#define FREQ 440.0

typedef struct sine_src {
    int64_t index;
} sine_src;

static float sine_at(int64_t i)
{
    return (float)(AMP * sin(2.0 * PV_PI * FREQ * (double)i / RATE));
}

static int sine_pull(void *user, float *out, int frames)
{
    sine_src *s = user;
    for (int i = 0; i < frames; i++, s->index++)
        out[2 * i] = out[2 * i + 1] = sine_at(s->index);
    return frames;
}

typedef struct device_ctx {
    media_mixer *mixer;
    atomic_llong frames; /* frames the device asked for */
    atomic_int calls;
} device_ctx;

static void fill(void *user, float *out, int frames, double now)
{
    device_ctx *ctx = user;
    media_mixer_mix(ctx->mixer, out, frames, now);
    atomic_fetch_add(&ctx->frames, frames);
    atomic_fetch_add(&ctx->calls, 1);
}

/* Checks the disk driver's file: silence while the device was still paused at open, then the
 * sine from its first sample (faded in over 5 ms), exactly, for the `played` frames mixed
 * before the pause; its frequency from zero crossings. */
static void check_file(const char *path, int64_t played)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    char why[256];
    CHECK(pv_file_read(path, &bytes, &size, why, sizeof why) == PV_OK);
    if (!bytes)
        return;
    CHECK(size % (2 * sizeof(float)) == 0);
    int64_t n = (int64_t)(size / (2 * sizeof(float)));
    const float *x = (const float *)(const void *)bytes;
    printf("disk driver wrote %lld frames, %lld of them mixed before the pause\n", (long long)n,
           (long long)played);
    int64_t first = 0;
    while (first < n && x[2 * first] == 0.0f)
        first++;
    /* Source frame 0 is sin(0) * fade 0 = 0: the first non-zero frame is source frame 1. */
    int64_t start = first - 1;
    CHECK(start >= 0 && start % 1024 == 0); /* whole silent buffers before it */
    CHECK(n - start >= played);
    if (start < 0 || played < 4800 || n - start < played) {
        free(bytes);
        return;
    }
    int bad = 0, crossings = 0;
    float peak = 0.0f;
    const int64_t fade = RATE / 200;
    for (int64_t i = fade; i < played; i++) {
        const float *f = x + 2 * (start + i);
        bad += fabsf(f[0] - sine_at(i)) > 1e-6f || f[1] != f[0];
        peak = fmaxf(peak, fabsf(f[0]));
        if (i > fade && f[-2] < 0.0f && f[0] >= 0.0f)
            crossings++;
    }
    CHECK(bad == 0);
    CHECK_NEAR(peak, AMP, 0.001);
    double seconds = (double)(played - fade) / RATE;
    printf("%d upward zero crossings in %.3f s: %.1f Hz, peak %.4f\n", crossings, seconds,
           crossings / seconds, peak);
    CHECK_NEAR(crossings / seconds, FREQ, 3.0);
    free(bytes);
}

int main(void)
{
    char dir[512];
    check_tmpdir(dir, sizeof dir, "audio");
    char *raw = pv_path_join(dir, "out.raw");

    platform *plat = NULL;
    platform_desc pd = {.width = 64, .height = 64, .offscreen = true};
    if (platform_create(&pd, &plat) != PV_OK) {
        fprintf(stderr, "no offscreen platform: cannot test the audio device\n");
        return 1;
    }
    device_ctx ctx = {.mixer = media_mixer_create(RATE)};
    double latency = -1.0;

    /* No such driver (as on a machine without sound): an error, no crash, and the platform
     * lives on. */
    setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    CHECK(platform_audio_open(plat, fill, &ctx, &latency) != PV_OK);
    CHECK(latency == 0.0);
    platform_audio_pause(plat, true);
    platform_audio_close(plat);
    int w = 0, h = 0;
    platform_drawable_size(plat, &w, &h);
    CHECK(w == 64 && h == 64);

    sine_src sine = {0};
    int id = media_mixer_add(ctx.mixer, sine_pull, &sine, 0.0);
    media_mixer_set_paused(ctx.mixer, id, false);

    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", raw, 1);
    bool disk = platform_audio_open(plat, fill, &ctx, &latency) == PV_OK;
    if (!disk) {
        printf("no disk audio driver in this SDL: falling back to dummy (callback only)\n");
        setenv("SDL_AUDIODRIVER", "dummy", 1);
        CHECK(platform_audio_open(plat, fill, &ctx, &latency) == PV_OK);
    }
    CHECK(latency >= 1024.0 / RATE && latency < 0.2);
    media_mixer_set_latency(ctx.mixer, latency);

    /* Play about half a second: the callback runs and the source clock becomes valid. */
    double t0 = pv_now(), c = 0.0;
    bool clocked = false;
    while (pv_now() - t0 < 0.5 || atomic_load(&ctx.frames) < RATE / 4) {
        pv_sleep_ms(10);
        clocked = media_mixer_clock(ctx.mixer, id, pv_now(), &c) || clocked;
        if (pv_now() - t0 > 20.0)
            break;
    }
    CHECK(atomic_load(&ctx.calls) > 0);
    CHECK(atomic_load(&ctx.frames) >= RATE / 4);
    CHECK(clocked);
    double c2 = 0.0;
    CHECK(media_mixer_clock(ctx.mixer, id, pv_now(), &c2));
    CHECK(c2 >= c && c2 > 0.0);

    /* Paused: the callback stops (SDL takes the device lock, so none is running after it). */
    platform_audio_pause(plat, true);
    long long played = (long long)sine.index; /* read after the pause: no fill runs now */
    long long frames = atomic_load(&ctx.frames);
    pv_sleep_ms(60);
    CHECK(atomic_load(&ctx.frames) == frames);
    platform_audio_pause(plat, false);
    pv_sleep_ms(60);
    platform_audio_close(plat);
    frames = atomic_load(&ctx.frames);
    pv_sleep_ms(60);
    CHECK(atomic_load(&ctx.frames) == frames); /* closed: never called again */
    printf("%s driver: %d callbacks, %lld frames in %.2f s, latency %.1f ms\n",
           disk ? "disk" : "dummy", atomic_load(&ctx.calls), frames, pv_now() - t0,
           latency * 1000.0);

    if (disk)
        check_file(raw, played);

    /* The platform still closes cleanly after audio (platform_destroy closes it again). */
    CHECK(platform_audio_open(plat, fill, &ctx, &latency) == PV_OK);
    platform_destroy(&plat);
    CHECK(plat == NULL);
    media_mixer_destroy(&ctx.mixer);
    free(raw);
    check_rmdir(dir);
    return check_done();
}
