/* media/mixer: mixing synthetic sources (constants, sample counters, sines) with gains, ramps,
 * pause fades, master gain and mute, the soft clip, underruns, seeks, and the per-source clock
 * driven by a fake `now`. One test mixes on a second thread while the main thread adds and
 * removes sources. No audio device: mixer_test is pure computation (audio_device_test plays
 * through SDL). */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "check.h"
#include "core/core.h"
#include "media/media.h"
#include "media/mixer.h"

#define RATE MEDIA_AUDIO_RATE
#define RAMP 960 /* 20 ms gain ramp */
#define FADE 240 /* 5 ms pause/resume fade */

/* A synthetic source. kind: constant (l, r), counter (sample index / 100000, exact in float),
 * or sine (freq, amp). `available` < 0: endless; else frames it can still give. */
typedef enum { SRC_CONST, SRC_COUNTER, SRC_SINE } src_kind;
typedef struct test_src {
    src_kind kind;
    float l, r;
    double freq, amp;
    int64_t index;     /* next frame */
    int64_t available; /* < 0: endless */
    int64_t pulls;
} test_src;

static int src_pull(void *user, float *out, int frames)
{
    test_src *s = user;
    s->pulls++;
    int n = frames;
    if (s->available >= 0 && s->available < n)
        n = (int)s->available;
    for (int i = 0; i < n; i++, s->index++) {
        float l, r;
        switch (s->kind) {
        case SRC_CONST:
            l = s->l, r = s->r;
            break;
        case SRC_COUNTER:
            l = (float)(s->index % 100000) / 100000.0f, r = -l;
            break;
        default:
            l = r = (float)(s->amp * sin(2.0 * PV_PI * s->freq * (double)s->index / RATE));
            break;
        }
        out[2 * i] = l;
        out[2 * i + 1] = r;
    }
    if (s->available >= 0)
        s->available -= n;
    return n;
}

static float s_buf[2 * 16384];

/* Exact mixing of two sources with their gains once ramps and fades have settled. */
static void test_two_sources(void)
{
    media_mixer *m = media_mixer_create(RATE);
    test_src a = {.kind = SRC_CONST, .l = 0.4f, .r = -0.2f, .available = -1};
    test_src b = {.kind = SRC_CONST, .l = 0.8f, .r = 0.6f, .available = -1};
    int ia = media_mixer_add(m, src_pull, &a, 0.0), ib = media_mixer_add(m, src_pull, &b, 0.0);
    CHECK(ia > 0 && ib > 0 && ia != ib);
    /* Added paused: nothing is pulled, the output is silence. */
    media_mixer_mix(m, s_buf, 512, 0.0);
    CHECK(a.pulls == 0 && b.pulls == 0);
    CHECK(s_buf[0] == 0.0f && s_buf[1023] == 0.0f);
    media_mixer_set_paused(m, ia, false);
    media_mixer_set_paused(m, ib, false);
    media_mixer_set_gain(m, ia, 0.5f);
    media_mixer_set_gain(m, ib, 0.25f);
    media_mixer_mix(m, s_buf, 2048, 0.0); /* ramps (960) and fades (240) settle */
    media_mixer_mix(m, s_buf, 1024, 0.0);
    int bad = 0;
    for (int i = 0; i < 1024; i++)
        if (fabsf(s_buf[2 * i] - 0.4f) > 1e-6f || fabsf(s_buf[2 * i + 1] - 0.05f) > 1e-6f)
            bad++;
    CHECK(bad == 0);
    CHECK_NEAR(s_buf[0], 0.4, 1e-6);
    CHECK_NEAR(s_buf[1], 0.05, 1e-6);
    CHECK(a.index == 3072 && b.index == 3072);
    media_mixer_destroy(&m);
    CHECK(m == NULL);
    media_mixer_destroy(&m); /* NULL is fine */
}

/* Samples come through in order and unchanged, also when one call is longer than the
 * mixer's internal chunk. */
static void test_counter_and_chunks(void)
{
    media_mixer *m = media_mixer_create(RATE);
    test_src c = {.kind = SRC_COUNTER, .available = -1};
    int id = media_mixer_add(m, src_pull, &c, 0.0);
    media_mixer_set_paused(m, id, false);
    media_mixer_mix(m, s_buf, 256, 0.0); /* the fade-in */
    media_mixer_mix(m, s_buf, 10000, 0.0);
    int bad = 0;
    for (int i = 0; i < 10000; i++) {
        float want = (float)((256 + i) % 100000) / 100000.0f;
        if (s_buf[2 * i] != want || s_buf[2 * i + 1] != -want)
            bad++;
    }
    CHECK(bad == 0);
    CHECK(c.index == 10256);
    CHECK(media_mixer_underruns(m, id) == 0);
    media_mixer_destroy(&m);
}

/* Largest |out[i+1] - out[i]| on the left channel over frames [from, to). */
static float max_step(const float *out, int from, int to)
{
    float worst = 0.0f;
    for (int i = from + 1; i < to; i++)
        worst = fmaxf(worst, fabsf(out[2 * i] - out[2 * (i - 1)]));
    return worst;
}

/* Gain, resume and master changes are ramps: no step larger than the ramp's slope. */
static void test_ramps(void)
{
    media_mixer *m = media_mixer_create(RATE);
    test_src a = {.kind = SRC_CONST, .l = 0.5f, .r = 0.5f, .available = -1};
    int id = media_mixer_add(m, src_pull, &a, 0.0);
    media_mixer_set_paused(m, id, false);
    media_mixer_mix(m, s_buf, 1024, 0.0);
    /* Fade-in over 5 ms from silence. */
    CHECK(s_buf[0] == 0.0f);
    CHECK(max_step(s_buf, 0, 1024) <= 0.5f / FADE + 1e-6f);
    CHECK(s_buf[2 * (FADE - 10)] < 0.5f && s_buf[2 * FADE] == 0.5f);

    media_mixer_set_gain(m, id, 0.0f);
    media_mixer_mix(m, s_buf, 2048, 0.0);
    CHECK(max_step(s_buf, 0, 2048) <= 0.5f / RAMP + 1e-6f);
    CHECK(s_buf[0] > 0.49f); /* starts where it was: no jump */
    CHECK(s_buf[2 * (RAMP / 2)] > 0.2f && s_buf[2 * (RAMP / 2)] < 0.3f); /* halfway */
    CHECK(s_buf[2 * (RAMP - 20)] > 0.0f); /* still ramping near 20 ms */
    CHECK(s_buf[2 * RAMP] == 0.0f && s_buf[2 * 2047] == 0.0f);

    /* A change in the middle of a ramp continues from where the ramp is. */
    media_mixer_set_gain(m, id, 2.0f);
    media_mixer_mix(m, s_buf, 300, 0.0);
    media_mixer_set_gain(m, id, 1.0f);
    media_mixer_mix(m, s_buf + 600, 2000, 0.0);
    CHECK(max_step(s_buf, 0, 2300) <= 1.0f / RAMP + 1e-6f);
    CHECK(s_buf[2 * 2299] == 0.5f);

    /* Master gain ramps the same way. */
    media_mixer_set_master(m, 0.5f, false);
    media_mixer_mix(m, s_buf, 2048, 0.0);
    CHECK(max_step(s_buf, 0, 2048) <= 0.25f / RAMP + 1e-6f);
    CHECK_NEAR(s_buf[2 * 2047], 0.25, 1e-7);
    media_mixer_destroy(&m);
}

/* Pausing fades out over 5 ms, then the source is not pulled and its clock stands; resuming
 * fades in and the clock is invalid until the next mix. */
static void test_pause(void)
{
    media_mixer *m = media_mixer_create(RATE);
    test_src a = {.kind = SRC_CONST, .l = 0.5f, .r = 0.5f, .available = -1};
    int id = media_mixer_add(m, src_pull, &a, 0.0);
    double now = 10.0, period = 1024.0 / RATE, clock = 0.0, clock2 = 0.0;
    CHECK(!media_mixer_clock(m, id, now, &clock)); /* never mixed */
    media_mixer_set_paused(m, id, false);
    CHECK(!media_mixer_clock(m, id, now, &clock));
    for (int i = 0; i < 3; i++, now += period)
        media_mixer_mix(m, s_buf, 1024, now);
    CHECK(a.index == 3072);
    /* now is one period past the last mix: consumed + that period. */
    CHECK(media_mixer_clock(m, id, now, &clock));
    CHECK_NEAR(clock, 4096.0 / RATE, 1e-9);

    media_mixer_set_paused(m, id, true);
    media_mixer_mix(m, s_buf, 1024, now);
    now += period;
    CHECK(a.index == 3072 + FADE); /* pulled only the fade-out */
    CHECK(s_buf[0] == 0.5f && s_buf[2 * FADE] == 0.0f && s_buf[2 * 1023] == 0.0f);
    CHECK(max_step(s_buf, 0, 1024) <= 0.5f / FADE + 1e-6f);
    CHECK(media_mixer_clock(m, id, now, &clock));
    int64_t pulls = a.pulls;
    int nonzero = 0;
    for (int i = 0; i < 5; i++, now += period) {
        media_mixer_mix(m, s_buf, 1024, now);
        for (int k = 0; k < 2048; k++)
            nonzero += s_buf[k] != 0.0f;
    }
    CHECK(a.pulls == pulls && nonzero == 0);
    CHECK(media_mixer_clock(m, id, now + 1.0, &clock2));
    CHECK(clock2 == clock); /* the clock stands while paused */
    CHECK(media_mixer_underruns(m, id) == 0);

    media_mixer_set_paused(m, id, false);
    CHECK(!media_mixer_clock(m, id, now, &clock2));
    media_mixer_mix(m, s_buf, 1024, now);
    CHECK(a.index == 3072 + FADE + 1024);
    CHECK(s_buf[0] == 0.0f && s_buf[2 * 1023] == 0.5f);
    CHECK(max_step(s_buf, 0, 1024) <= 0.5f / FADE + 1e-6f);
    CHECK(media_mixer_clock(m, id, now, &clock2));
    CHECK_NEAR(clock2, (3072.0 + FADE + 1024) / RATE, 1e-9);
    CHECK(clock2 >= clock);
    media_mixer_destroy(&m);
}

/* A starving source: silence for what it did not give, an underrun per short pull, and its
 * clock waits for its samples. */
static void test_underrun(void)
{
    media_mixer *m = media_mixer_create(RATE);
    media_mixer_set_latency(m, 0.05);
    test_src a = {.kind = SRC_CONST, .l = 0.5f, .r = 0.5f, .available = 4096};
    int id = media_mixer_add(m, src_pull, &a, 1.0);
    media_mixer_set_paused(m, id, false);
    double now = 0.0, period = 1024.0 / RATE, c0 = 0.0, c1 = 0.0;
    for (int i = 0; i < 4; i++, now += period)
        media_mixer_mix(m, s_buf, 1024, now);
    CHECK(media_mixer_underruns(m, id) == 0);
    /* Starved: nothing comes. */
    for (int i = 0; i < 3; i++, now += period)
        media_mixer_mix(m, s_buf, 1024, now);
    CHECK(media_mixer_underruns(m, id) == 3);
    CHECK(s_buf[0] == 0.0f && s_buf[2047] == 0.0f);
    CHECK(media_mixer_clock(m, id, now, &c0));
    CHECK(media_mixer_clock(m, id, now + 0.5, &c1));
    CHECK(c0 == c1); /* not advancing */
    CHECK(c0 >= 1.0 + 4096.0 / RATE - 0.05 - 1e-9);
    CHECK(c0 <= 1.0 + 4096.0 / RATE - 0.05 + period + 1e-9);
    /* Half a buffer: the rest is silence, the position advances by what came. */
    a.available = 500;
    media_mixer_mix(m, s_buf, 1024, now);
    now += period;
    CHECK(media_mixer_underruns(m, id) == 4);
    CHECK(s_buf[2 * 499] == 0.5f && s_buf[2 * 500] == 0.0f && s_buf[2 * 1023] == 0.0f);
    CHECK(media_mixer_clock(m, id, now + 0.5, &c1));
    CHECK_NEAR(c1, 1.0 + 4596.0 / RATE - 0.05, 1e-9);
    CHECK(media_mixer_clock(m, id, now + 0.7, &c0));
    CHECK(c0 == c1);
    /* Fed again: the clock runs. */
    a.available = -1;
    media_mixer_mix(m, s_buf, 1024, now);
    CHECK(media_mixer_underruns(m, id) == 4);
    CHECK(media_mixer_clock(m, id, now + period / 2, &c0));
    CHECK_NEAR(c0, 1.0 + 5620.0 / RATE - 0.05 + period / 2, 1e-9);
    /* A pause's fade-out is not an underrun, even from a starving source. */
    a.available = 0;
    media_mixer_set_paused(m, id, true);
    media_mixer_mix(m, s_buf, 1024, now);
    CHECK(media_mixer_underruns(m, id) == 4);
    CHECK(media_mixer_underruns(m, 999) == 0);
    media_mixer_destroy(&m);
}

/* After a seek the clock restarts at the new position, backwards too. */
static void test_set_position(void)
{
    media_mixer *m = media_mixer_create(RATE);
    media_mixer_set_latency(m, 0.02);
    test_src a = {.kind = SRC_CONST, .l = 0.1f, .r = 0.1f, .available = -1};
    int id = media_mixer_add(m, src_pull, &a, 10.0);
    media_mixer_set_paused(m, id, false);
    double now = 5.0, period = 1024.0 / RATE, c = 0.0;
    media_mixer_mix(m, s_buf, 1024, now);
    CHECK(media_mixer_clock(m, id, now, &c));
    CHECK_NEAR(c, 10.0 + period - 0.02, 1e-9);
    media_mixer_set_position(m, id, 50.0);
    CHECK(!media_mixer_clock(m, id, now, &c));
    now += period;
    media_mixer_mix(m, s_buf, 1024, now);
    CHECK(media_mixer_clock(m, id, now, &c));
    CHECK_NEAR(c, 50.0 + period - 0.02, 1e-9);
    media_mixer_set_position(m, id, 3.0); /* back */
    now += period;
    media_mixer_mix(m, s_buf, 1024, now);
    CHECK(media_mixer_clock(m, id, now + period / 4, &c));
    CHECK_NEAR(c, 3.0 + period - 0.02 + period / 4, 1e-9);
    media_mixer_destroy(&m);
}

/* Two loud sines in phase sum to 1.8: the output stays within +-1, keeps its sign, and still
 * nearly reaches 1. */
static void test_soft_clip(void)
{
    media_mixer *m = media_mixer_create(RATE);
    test_src a = {.kind = SRC_SINE, .freq = 440.0, .amp = 0.9, .available = -1};
    test_src b = a;
    int ia = media_mixer_add(m, src_pull, &a, 0.0), ib = media_mixer_add(m, src_pull, &b, 0.0);
    media_mixer_set_paused(m, ia, false);
    media_mixer_set_paused(m, ib, false);
    media_mixer_mix(m, s_buf, 512, 0.0);
    media_mixer_mix(m, s_buf, 8192, 0.0);
    float peak = 0.0f;
    int over = 0, flipped = 0, changed = 0;
    for (int i = 0; i < 8192; i++) {
        float x = s_buf[2 * i];
        double in = 1.8 * sin(2.0 * PV_PI * 440.0 * (512.0 + i) / RATE);
        peak = fmaxf(peak, fabsf(x));
        over += fabsf(x) > 1.0f || fabsf(s_buf[2 * i + 1]) > 1.0f;
        flipped += (in > 1e-3 && x <= 0.0f) || (in < -1e-3 && x >= 0.0f);
        if (fabs(in) <= 0.79)
            changed += fabs(x - in) > 1e-5; /* below the knee: untouched */
    }
    CHECK(over == 0 && flipped == 0 && changed == 0);
    CHECK(peak > 0.95f);
    /* Even absurd input stays bounded. */
    media_mixer_set_gain(m, ia, 1000.0f);
    media_mixer_mix(m, s_buf, 4096, 0.0);
    over = 0;
    for (int k = 0; k < 2 * 4096; k++)
        over += !(fabsf(s_buf[k]) <= 1.0f);
    CHECK(over == 0);
    media_mixer_destroy(&m);
}

/* Mute ramps to exact silence while the sources keep playing (and their clocks running);
 * unmute brings the exact mix back. */
static void test_master_mute(void)
{
    media_mixer *m = media_mixer_create(RATE);
    test_src a = {.kind = SRC_CONST, .l = 0.3f, .r = -0.3f, .available = -1};
    int id = media_mixer_add(m, src_pull, &a, 0.0);
    media_mixer_set_paused(m, id, false);
    media_mixer_mix(m, s_buf, 1024, 0.0);
    media_mixer_set_master(m, 0.7f, true);
    media_mixer_mix(m, s_buf, 1024, 0.0);
    CHECK(max_step(s_buf, 0, 1024) <= 0.3f / RAMP + 1e-6f);
    media_mixer_mix(m, s_buf, 1024, 0.0);
    int nonzero = 0;
    for (int k = 0; k < 2048; k++)
        nonzero += s_buf[k] != 0.0f;
    CHECK(nonzero == 0);
    CHECK(a.index == 3072); /* still pulled */
    media_mixer_set_master(m, 0.7f, false);
    media_mixer_mix(m, s_buf, 2048, 0.0);
    CHECK_NEAR(s_buf[2 * 2047], 0.21, 1e-6);
    CHECK_NEAR(s_buf[2 * 2047 + 1], -0.21, 1e-6);
    media_mixer_destroy(&m);
}

/* The clock under a fake `now` that advances by mix periods: consumed / rate - latency, plus
 * the time since the mix (at most one period), never backwards. */
static void test_clock(void)
{
    media_mixer *m = media_mixer_create(RATE);
    media_mixer_set_latency(m, 0.05);
    test_src a = {.kind = SRC_SINE, .freq = 100.0, .amp = 0.1, .available = -1};
    int id = media_mixer_add(m, src_pull, &a, 2.0);
    media_mixer_set_paused(m, id, false);
    double now = 100.0, period = 1024.0 / RATE, c = 0.0, prev = -1e9;
    int bad_exact = 0, bad_half = 0, bad_clamp = 0, backwards = 0;
    for (int k = 1; k <= 50; k++) {
        media_mixer_mix(m, s_buf, 1024, now);
        double want = 2.0 + k * period - 0.05;
        if (!media_mixer_clock(m, id, now, &c) || fabs(c - want) > 1e-9)
            bad_exact++;
        backwards += c < prev;
        prev = c;
        media_mixer_clock(m, id, now + period / 2, &c);
        bad_half += fabs(c - (want + period / 2)) > 1e-9;
        backwards += c < prev;
        prev = c;
        if (k % 10 == 0) { /* a late callback: the clock stops one period ahead */
            media_mixer_clock(m, id, now + 5 * period, &c);
            bad_clamp += fabs(c - (want + period)) > 1e-9;
            backwards += c < prev;
            prev = c;
        }
        now += period;
    }
    CHECK(bad_exact == 0 && bad_half == 0 && bad_clamp == 0 && backwards == 0);

    /* A larger latency would move it back: it waits instead. */
    media_mixer_clock(m, id, now, &prev);
    media_mixer_set_latency(m, 0.1);
    media_mixer_clock(m, id, now + 0.001, &c);
    CHECK(c == prev);

    media_mixer_destroy(&m);

    /* Irregular callbacks (bursts and gaps) and queries at increasing times: never back, never
     * behind consumed - latency, never more than a period ahead of it. */
    m = media_mixer_create(RATE);
    media_mixer_set_latency(m, 0.1);
    a.index = 0;
    id = media_mixer_add(m, src_pull, &a, 2.0);
    media_mixer_set_paused(m, id, false);
    srand(7);
    int64_t consumed = 0;
    backwards = 0;
    prev = -1e9;
    int off = 0;
    for (int k = 0; k < 2000; k++) {
        int frames = 256 + rand() % 2048;
        now += (double)frames / RATE * (0.5 + (double)rand() / RAND_MAX);
        media_mixer_mix(m, s_buf, frames, now);
        consumed += frames;
        for (int q = 0; q < 3; q++) {
            CHECK(media_mixer_clock(m, id, now + q * 0.004, &c));
            backwards += c < prev;
            double base = 2.0 + (double)consumed / RATE - 0.1;
            off += c < base - 1e-9 || c > base + 2304.0 / RATE + 1e-9;
            prev = c;
        }
    }
    CHECK(backwards == 0 && off == 0);
    CHECK(a.index == consumed);
    media_mixer_destroy(&m);
}

/* Sources added, changed and removed while another thread mixes: no crash, no race (ASan,
 * TSan), and a removed source is never pulled again (its memory is freed right away). */
typedef struct mix_thread_ctx {
    media_mixer *m;
    atomic_int stop;
    atomic_long mixes;
} mix_thread_ctx;

static void *mix_thread(void *arg)
{
    mix_thread_ctx *ctx = arg;
    static float buf[2 * 512];
    double now = 0.0;
    while (!atomic_load(&ctx->stop)) {
        media_mixer_mix(ctx->m, buf, 64 + (int)(atomic_load(&ctx->mixes) % 448), now);
        now += 0.002;
        atomic_fetch_add(&ctx->mixes, 1);
        /* A real device mixes every few ms; without a pause the lock would rarely come free. */
        nanosleep(&(struct timespec){.tv_nsec = 20000}, NULL);
    }
    return NULL;
}

static void test_threads(void)
{
    mix_thread_ctx ctx = {.m = media_mixer_create(RATE)};
    pthread_t th;
    CHECK(pthread_create(&th, NULL, mix_thread, &ctx) == 0);
    test_src *live[6] = {0};
    int ids[6] = {0};
    int added = 0, pulled_after_remove = 0, bad_id = 0;
    double t0 = pv_now();
    while ((added < 600 || atomic_load(&ctx.mixes) < 300) && pv_now() - t0 < 30.0) {
        int slot = added % 6;
        if (live[slot]) {
            media_mixer_remove(ctx.m, ids[slot]);
            /* From here the source is ours again: a pull after remove would be a bug (and a
             * use after free below, for ASan). */
            int64_t settled = live[slot]->pulls;
            pv_sleep_ms(added % 7 == 0 ? 1 : 0);
            pulled_after_remove += live[slot]->pulls != settled;
            free(live[slot]);
        }
        live[slot] = pv_calloc(1, sizeof(test_src));
        *live[slot] = (test_src){.kind = SRC_SINE,
                                 .freq = 200.0 + slot * 50,
                                 .amp = 0.2,
                                 .available = added % 5 == 0 ? 300 : -1};
        ids[slot] = media_mixer_add(ctx.m, src_pull, live[slot], 0.0);
        bad_id += ids[slot] <= 0;
        media_mixer_set_paused(ctx.m, ids[slot], false);
        media_mixer_set_gain(ctx.m, ids[(added + 3) % 6], 0.5f);
        media_mixer_set_master(ctx.m, 0.8f, added % 11 == 0);
        double c;
        media_mixer_clock(ctx.m, ids[(added + 1) % 6], pv_now(), &c);
        if (added % 3 == 0)
            media_mixer_set_paused(ctx.m, ids[(added + 2) % 6], added % 2 == 0);
        added++;
        if (added % 50 == 0)
            pv_sleep_ms(1);
    }
    atomic_store(&ctx.stop, 1);
    pthread_join(th, NULL);
    for (int i = 0; i < 6; i++) {
        media_mixer_remove(ctx.m, ids[i]);
        free(live[i]);
    }
    media_mixer_destroy(&ctx.m);
    printf("threads: %d sources added and removed during %ld mixes\n", added,
           atomic_load(&ctx.mixes));
    CHECK(pulled_after_remove == 0 && bad_id == 0);
    CHECK(added >= 600 && atomic_load(&ctx.mixes) >= 300);
}

int main(void)
{
    test_two_sources();
    test_counter_and_chunks();
    test_ramps();
    test_pause();
    test_underrun();
    test_set_position();
    test_soft_clip();
    test_master_mute();
    test_clock();
    test_threads();
    /* Unknown ids and NULL mixers are harmless. */
    double c;
    CHECK(!media_mixer_clock(NULL, 1, 0.0, &c));
    CHECK(media_mixer_add(NULL, src_pull, NULL, 0.0) == 0);
    media_mixer_remove(NULL, 1);
    media_mixer_mix(NULL, s_buf, 16, 0.0);
    CHECK(s_buf[0] == 0.0f);
    return check_done();
}
