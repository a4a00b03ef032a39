/* mixer: playing sources pulled and mixed into one stereo float stream on the audio thread,
 * with gain ramps, pause fades, a soft clip, and a clock per source (see mixer.h).
 *
 * Threads: any thread; `lock` guards the whole struct and is held while the pull callbacks
 * run, which is what makes remove() final. media_mixer_mix allocates nothing: sources are
 * pulled into a scratch buffer sized at creation, in chunks of MIX_CHUNK frames. */
#include "media/mixer.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#define MIX_CHUNK 4096 /* frames pulled per source per step */
#define GAIN_RAMP_SECONDS 0.020
#define FADE_SECONDS 0.005 /* pause / resume */
#define CLIP_KNEE 0.8f     /* below this the soft clip changes nothing */

/* A linear ramp from `from` to `to` over `length` frames; `left` frames remain. */
typedef struct mixer_ramp {
    float from, to;
    int left, length;
} mixer_ramp;

static float ramp_value(const mixer_ramp *r)
{
    if (r->left <= 0)
        return r->to;
    return r->to + (r->from - r->to) * ((float)r->left / (float)r->length);
}

static void ramp_set(mixer_ramp *r, float to)
{
    r->from = ramp_value(r);
    r->to = to;
    r->left = r->from == to ? 0 : r->length;
}

/* The value for this frame, then one frame on. */
static inline float ramp_next(mixer_ramp *r)
{
    if (r->left <= 0)
        return r->to;
    float v = ramp_value(r);
    r->left--;
    return v;
}

typedef struct mixer_source {
    int id; /* 0: a free slot */
    media_mixer_pull pull;
    void *user;
    bool paused;
    int fade; /* 0 (silent) .. fade_frames (full): where the pause/resume fade is */
    mixer_ramp gain;
    double base;    /* timeline time of the first frame counted in `pulled` */
    int64_t pulled; /* frames the source gave since `base` */
    /* The clock, as of the last mix that asked this source for frames. */
    bool valid;      /* it gave frames since add/set_position/resume */
    bool running;    /* playing, and that mix got every frame it asked for */
    double consumed; /* base + pulled / rate after that mix */
    double mixed_at; /* that mix's `now` */
    double period;   /* that mix's length in seconds */
    bool has_last;   /* `last` is the floor that keeps the clock from going back */
    double last;
    int64_t underruns;
    /* Per mix call. */
    int64_t mix_asked, mix_got;
} mixer_source;

struct media_mixer {
    pthread_mutex_t lock;
    int rate;
    int ramp_frames, fade_frames;
    /* Guarded by lock: */
    mixer_source *sources;
    int count, capacity;
    int next_id;
    mixer_ramp master;
    double latency;
    float *scratch; /* MIX_CHUNK stereo frames */
};

media_mixer *media_mixer_create(int rate)
{
    media_mixer *m = pv_calloc(1, sizeof(*m));
    pthread_mutex_init(&m->lock, NULL);
    m->rate = rate > 0 ? rate : 48000;
    m->ramp_frames = (int)lround(GAIN_RAMP_SECONDS * m->rate);
    m->fade_frames = (int)lround(FADE_SECONDS * m->rate);
    if (m->ramp_frames < 1)
        m->ramp_frames = 1;
    if (m->fade_frames < 1)
        m->fade_frames = 1;
    m->next_id = 1;
    m->master = (mixer_ramp){.from = 1.0f, .to = 1.0f, .length = m->ramp_frames};
    m->scratch = pv_malloc(sizeof(float) * 2 * MIX_CHUNK);
    return m;
}

void media_mixer_destroy(media_mixer **pm)
{
    media_mixer *m = *pm;
    if (!m)
        return;
    pthread_mutex_destroy(&m->lock);
    free(m->sources);
    free(m->scratch);
    free(m);
    *pm = NULL;
}

static mixer_source *find(media_mixer *m, int id)
{
    if (id <= 0)
        return NULL;
    for (int i = 0; i < m->count; i++)
        if (m->sources[i].id == id)
            return &m->sources[i];
    return NULL;
}

int media_mixer_add(media_mixer *m, media_mixer_pull pull, void *user, double position)
{
    if (!m || !pull)
        return 0;
    pthread_mutex_lock(&m->lock);
    mixer_source *s = NULL;
    for (int i = 0; i < m->count && !s; i++)
        if (m->sources[i].id == 0)
            s = &m->sources[i];
    if (!s) {
        if (m->count == m->capacity) {
            m->capacity = m->capacity ? m->capacity * 2 : 8;
            m->sources = pv_realloc(m->sources, sizeof(*m->sources) * (size_t)m->capacity);
        }
        s = &m->sources[m->count++];
    }
    *s = (mixer_source){
        .id = m->next_id++,
        .pull = pull,
        .user = user,
        .paused = true,
        .gain = {.from = 1.0f, .to = 1.0f, .length = m->ramp_frames},
        .base = position,
    };
    int id = s->id;
    pthread_mutex_unlock(&m->lock);
    return id;
}

void media_mixer_remove(media_mixer *m, int id)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    mixer_source *s = find(m, id);
    if (s) {
        memset(s, 0, sizeof(*s));
        while (m->count > 0 && m->sources[m->count - 1].id == 0)
            m->count--;
    }
    pthread_mutex_unlock(&m->lock);
}

void media_mixer_set_paused(media_mixer *m, int id, bool paused)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    mixer_source *s = find(m, id);
    if (s && s->paused != paused) {
        s->paused = paused;
        s->running = false;
        if (!paused)
            s->valid = false; /* until a mix gives its first frames again */
    }
    pthread_mutex_unlock(&m->lock);
}

void media_mixer_set_gain(media_mixer *m, int id, float gain)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    mixer_source *s = find(m, id);
    if (s)
        ramp_set(&s->gain, isfinite(gain) && gain > 0.0f ? gain : 0.0f);
    pthread_mutex_unlock(&m->lock);
}

void media_mixer_set_master(media_mixer *m, float gain, bool muted)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    ramp_set(&m->master, !muted && isfinite(gain) && gain > 0.0f ? gain : 0.0f);
    pthread_mutex_unlock(&m->lock);
}

void media_mixer_set_position(media_mixer *m, int id, double position)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    mixer_source *s = find(m, id);
    if (s) {
        s->base = position;
        s->pulled = 0;
        s->valid = false;
        s->running = false;
        s->has_last = false; /* the one time the clock may go back */
    }
    pthread_mutex_unlock(&m->lock);
}

void media_mixer_set_latency(media_mixer *m, double seconds)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    m->latency = isfinite(seconds) && seconds > 0.0 ? seconds : 0.0;
    pthread_mutex_unlock(&m->lock);
}

/* Linear below the knee, then a tanh curve that meets it with the same slope and tends to 1. */
static inline float soft_clip(float x)
{
    float a = fabsf(x);
    if (a <= CLIP_KNEE)
        return x;
    if (isnan(a))
        return 0.0f;
    float y = CLIP_KNEE + (1.0f - CLIP_KNEE) * tanhf((a - CLIP_KNEE) / (1.0f - CLIP_KNEE));
    if (y > 1.0f)
        y = 1.0f;
    return x < 0.0f ? -y : y;
}

/* Pulls one chunk of one source and adds it into out. */
static void mix_source(media_mixer *m, mixer_source *s, float *out, int frames)
{
    bool fading_out = s->paused;
    int want = frames;
    if (fading_out && s->fade < want)
        want = s->fade; /* the rest of the fade-out, then nothing */
    if (want <= 0)
        return;
    float *in = m->scratch;
    int got = s->pull(s->user, in, want);
    got = got < 0 ? 0 : got > want ? want : got;
    s->pulled += got;
    s->mix_asked += want;
    s->mix_got += got;
    if (got < want && !fading_out)
        s->underruns++;
    float fade_scale = 1.0f / (float)m->fade_frames;
    for (int i = 0; i < want; i++) {
        float g = ramp_next(&s->gain) * ((float)s->fade * fade_scale);
        if (fading_out) {
            if (s->fade > 0)
                s->fade--;
        } else if (s->fade < m->fade_frames) {
            s->fade++;
        }
        if (i < got) {
            out[2 * i] += in[2 * i] * g;
            out[2 * i + 1] += in[2 * i + 1] * g;
        }
    }
}

void media_mixer_mix(media_mixer *m, float *out, int frames, double now)
{
    if (frames <= 0)
        return;
    memset(out, 0, sizeof(float) * 2 * (size_t)frames);
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    for (int j = 0; j < m->count; j++)
        m->sources[j].mix_asked = m->sources[j].mix_got = 0;
    for (int done = 0; done < frames;) {
        int n = frames - done < MIX_CHUNK ? frames - done : MIX_CHUNK;
        float *chunk = out + 2 * (size_t)done;
        for (int j = 0; j < m->count; j++)
            if (m->sources[j].id)
                mix_source(m, &m->sources[j], chunk, n);
        for (int i = 0; i < n; i++) {
            float g = ramp_next(&m->master);
            chunk[2 * i] = soft_clip(chunk[2 * i] * g);
            chunk[2 * i + 1] = soft_clip(chunk[2 * i + 1] * g);
        }
        done += n;
    }
    double period = (double)frames / m->rate;
    for (int j = 0; j < m->count; j++) {
        mixer_source *s = &m->sources[j];
        if (!s->id || s->mix_asked == 0)
            continue;
        s->consumed = s->base + (double)s->pulled / m->rate;
        s->mixed_at = now;
        s->period = period;
        s->running = !s->paused && s->mix_got == s->mix_asked;
        if (s->mix_got > 0)
            s->valid = true;
    }
    pthread_mutex_unlock(&m->lock);
}

bool media_mixer_clock(media_mixer *m, int id, double now, double *seconds)
{
    if (!m)
        return false;
    pthread_mutex_lock(&m->lock);
    mixer_source *s = find(m, id);
    bool ok = s && s->valid;
    if (ok) {
        double t = s->consumed - m->latency;
        if (s->running) {
            double dt = now - s->mixed_at;
            t += dt < 0.0 ? 0.0 : dt > s->period ? s->period : dt;
        }
        if (s->has_last && t < s->last)
            t = s->last;
        s->last = t;
        s->has_last = true;
        *seconds = t;
    }
    pthread_mutex_unlock(&m->lock);
    return ok;
}

int64_t media_mixer_underruns(media_mixer *m, int id)
{
    if (!m)
        return 0;
    pthread_mutex_lock(&m->lock);
    mixer_source *s = find(m, id);
    int64_t n = s ? s->underruns : 0;
    pthread_mutex_unlock(&m->lock);
    return n;
}
