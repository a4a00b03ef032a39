/* play/player: presentation of one clip (see play.h). */
#include "play/play.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct opener {
    pthread_t thread;
    char *path;
    bool audio;
    atomic_bool cancel; /* the player closed before the clip opened: stop waiting for it */
    bool hw;
    atomic_bool done;
    pv_result result;
    media_clip *clip;
    char why[400];
} opener;

static void *opener_main(void *arg)
{
    opener *o = arg;
    media_open_desc d = {.path = o->path, .audio = o->audio, .hw = o->hw, .cancel = &o->cancel};
    o->result = media_clip_open(&d, &o->clip, o->why, sizeof(o->why));
    atomic_store(&o->done, true);
    return NULL;
}

typedef struct seeker {
    pthread_t thread;
    media_clip *clip;
    double t;
    atomic_bool done;
    pv_result result;
} seeker;

static void *seeker_main(void *arg)
{
    seeker *s = arg;
    s->result = media_clip_seek(s->clip, s->t);
    atomic_store(&s->done, true);
    return NULL;
}

static int pull_audio(void *user, float *out, int frames)
{
    return media_clip_read_audio(user, out, frames);
}

static void log_frame(const player_env *env, const player *p, double now, double clock)
{
    if (!env->frames_log)
        return;
    fprintf(env->frames_log,
            "{\"t\": %.4f, \"video\": \"%s\", \"pts\": %.4f, \"number\": %lld, \"clock\": %.4f, "
            "\"source\": \"%s\", \"dropped\": %lld}\n",
            now - env->t0, p->name ? p->name : "", p->shown_pts, (long long)p->shown_number,
            clock, p->audio_clock ? "audio" : "system", (long long)p->dropped);
}

static void upload(const player_env *env, player *p, const media_frame *f)
{
    if (!p->tex)
        p->tex = gfx_video_create(env->g);
    gfx_yuv_desc d = {
        .width = f->width,
        .height = f->height,
        .format = f->format == MEDIA_FMT_NV12 ? GFX_YUV_NV12 : GFX_YUV420P,
        .matrix = p->info.colorspace == MEDIA_CS_BT709 ? GFX_MATRIX_BT709 : GFX_MATRIX_BT601,
        .full_range = p->info.full_range,
    };
    for (int i = 0; i < 3; i++) {
        d.planes[i] = f->planes[i];
        d.linesize[i] = f->linesize[i];
    }
    gfx_video_upload(env->g, p->tex, &d);
    p->has_frame = true;
    p->shown_pts = f->pts;
    p->shown_number = f->number;
}

static void set_error(player *p, const char *why)
{
    p->state = PLAYER_FAILED;
    p->reconnecting = false;
    snprintf(p->error, sizeof(p->error), "%s", why);
    pv_error("%s", why);
}

/* --no-network: a URL is refused before anything is opened. */
static bool network_refused(const player_env *env, player *p, const char *path)
{
    if (!env || !env->no_network || !media_is_url(path))
        return false;
    char name[256], why[sizeof(p->error)];
    snprintf(why, sizeof(why), "%s: network videos are turned off on this kiosk (--no-network)",
             media_display_name(path, name, sizeof(name)));
    set_error(p, why);
    return true;
}

/* The clip is open: show its first frame as the poster, start when asked. */
static void opened(const player_env *env, player *p, media_clip *clip, double now)
{
    p->clip = clip;
    media_clip_info(clip, &p->info);
    media_clip_set_loop(clip, p->loop);
    p->state = PLAYER_STOPPED;
    if (media_clip_next_frame(clip, &p->next)) {
        upload(env, p, &p->next);
        media_frame_release(clip, &p->next);
    }
    p->paused_at = p->has_frame ? p->shown_pts : 0.0;
    if (p->want_play)
        player_play(env, p, now);
}

void player_open(const player_env *env, player *p, const char *path, const char *name,
                 bool audio, bool loop, bool autoplay, float volume)
{
    memset(p, 0, sizeof(*p));
    p->path = pv_strdup(path);
    p->name = name;
    p->audio = audio;
    p->loop = loop;
    p->want_play = autoplay;
    p->volume = volume;
    p->gain = 1.0f;
    if (network_refused(env, p, path))
        return;
    opener *o = pv_calloc(1, sizeof(*o));
    o->path = pv_strdup(path);
    o->audio = audio;
    o->hw = env && env->hw;
    atomic_init(&o->cancel, false);
    atomic_init(&o->done, false);
    if (pthread_create(&o->thread, NULL, opener_main, o) != 0) {
        free(o->path);
        free(o);
        snprintf(p->error, sizeof(p->error), "%s: cannot start a thread to open it",
                 pv_path_display(path));
        p->state = PLAYER_FAILED;
        return;
    }
    p->opener = o;
    p->state = PLAYER_OPENING;
}

bool player_open_now(const player_env *env, player *p, const char *path, const char *name,
                     bool audio, bool loop, float volume)
{
    memset(p, 0, sizeof(*p));
    p->path = pv_strdup(path);
    p->name = name;
    p->audio = audio;
    p->loop = loop;
    p->volume = volume;
    p->gain = 1.0f;
    if (network_refused(env, p, path))
        return false;
    media_open_desc d = {.path = path, .audio = audio, .hw = env && env->hw};
    media_clip *clip = NULL;
    char why[400];
    if (media_clip_open(&d, &clip, why, sizeof(why)) != PV_OK) {
        set_error(p, why);
        return false;
    }
    opened(env, p, clip, pv_now());
    return true;
}

/* Waits for the opening thread; keeps what it opened unless `discard`. */
static void finish_opening(const player_env *env, player *p, bool discard, double now)
{
    opener *o = p->opener;
    if (!o)
        return;
    if (discard)
        atomic_store(&o->cancel, true); /* a stream still connecting gives up within 0.1 s */
    pthread_join(o->thread, NULL);
    p->opener = NULL;
    if (discard) {
        media_clip_close(&o->clip);
    } else if (o->result != PV_OK) {
        set_error(p, o->why);
    } else {
        opened(env, p, o->clip, now);
    }
    free(o->path);
    free(o);
}

static void remove_audio(const player_env *env, player *p)
{
    if (p->mix_id && env->mixer)
        media_mixer_remove(env->mixer, p->mix_id);
    p->mix_id = 0;
}

static void finish_seek(const player_env *env, player *p, bool discard, double now);

void player_close(const player_env *env, player *p)
{
    if (p->state == PLAYER_CLOSED && !p->path)
        return;
    finish_opening(env, p, true, 0.0);
    finish_seek(env, p, true, 0.0); /* the clip is the seek thread's until it is done */
    remove_audio(env, p);
    if (p->has_next)
        media_frame_release(p->clip, &p->next);
    media_clip_close(&p->clip);
    gfx_video_destroy(env->g, &p->tex);
    free(p->path);
    memset(p, 0, sizeof(*p));
}

static float source_gain(const player *p) { return p->volume * p->gain; }

/* The clip time heard (or, without sound, elapsed) now. */
static double clock_now(const player_env *env, player *p, double now)
{
    double c;
    if (p->mix_id && env->mixer && !media_clip_audio_done(p->clip) &&
        media_mixer_clock(env->mixer, p->mix_id, now, &c)) {
        /* The audio track may end before the picture, or stall: then the system clock,
         * continued from where the audio was, takes over. */
        if (c > p->last_audio_clock + 1e-6 || p->audio_stall_t == 0.0) {
            p->last_audio_clock = c;
            p->audio_stall_t = now;
            p->audio_clock = true;
            p->sys_base = now - c;
            return c;
        }
        if (now - p->audio_stall_t < 0.25) {
            p->audio_clock = true;
            return c;
        }
    }
    p->audio_clock = false;
    return now - p->sys_base;
}

void player_play(const player_env *env, player *p, double now)
{
    if (p->state == PLAYER_OPENING || p->state == PLAYER_CLOSED) {
        p->want_play = true;
        return;
    }
    if (p->state == PLAYER_ENDED) {
        player_seek(env, p, 0.0, now);
    }
    if (p->state != PLAYER_STOPPED && p->state != PLAYER_PAUSED && p->state != PLAYER_ENDED)
        return;
    p->state = PLAYER_PLAYING;
    p->want_play = true;
    p->sys_base = now - p->paused_at;
    p->audio_stall_t = 0.0;
    p->last_audio_clock = p->paused_at;
    if (p->seeker) {
        p->seek_audio = p->seek_audio || (p->info.has_audio && env->mixer); /* when it is done */
    } else if (p->info.has_audio && env->mixer) {
        if (!p->mix_id)
            p->mix_id = media_mixer_add(env->mixer, pull_audio, p->clip, p->paused_at);
        media_mixer_set_gain(env->mixer, p->mix_id, source_gain(p));
        media_mixer_set_paused(env->mixer, p->mix_id, false);
    }
}

void player_pause(const player_env *env, player *p, double now)
{
    p->want_play = false;
    if (p->state != PLAYER_PLAYING)
        return;
    p->paused_at = p->seeker ? p->seek_target : clock_now(env, p, now);
    p->state = PLAYER_PAUSED;
    if (p->mix_id && env->mixer)
        media_mixer_set_paused(env->mixer, p->mix_id, true);
}

void player_toggle(const player_env *env, player *p, double now)
{
    if (p->state == PLAYER_PLAYING)
        player_pause(env, p, now);
    else
        player_play(env, p, now);
}

/* Clamps a seek target; false when the clip cannot seek. */
static bool seek_target(const player *p, double *t)
{
    if (!p->clip)
        return false;
    if (p->info.duration <= 0 && media_is_url(p->path))
        return false; /* a live stream: no seeking (and its sound stays in the mixer) */
    /* past the end: the last frame (the frame covering the clip's end has none after it) */
    double dur = p->info.duration;
    double last = p->info.fps > 0 ? dur - 1.0 / p->info.fps : dur;
    if (dur > 0 && *t > last)
        *t = last;
    if (*t < 0)
        *t = 0;
    return true;
}

/* Before a seek: the held frame goes back, and the clip's audio leaves the mixer (it comes
 * back as a new source at the new position, so no fade still running on the old source can
 * pull the new position's first samples). Returns whether it had audio. */
static bool seek_begin(const player_env *env, player *p)
{
    if (p->has_next) {
        media_frame_release(p->clip, &p->next);
        p->has_next = false;
    }
    bool had_audio = p->mix_id != 0;
    remove_audio(env, p);
    return had_audio;
}

/* After a seek to t: the target frame on the texture, the clocks at t, the sound back. */
static void seek_end(const player_env *env, player *p, double t, bool had_audio, double now)
{
    media_clip_set_loop(p->clip, p->loop);
    if (media_clip_next_frame(p->clip, &p->next)) {
        upload(env, p, &p->next);
        media_frame_release(p->clip, &p->next);
    }
    p->paused_at = t;
    p->sys_base = now - t;
    p->audio_stall_t = 0.0;
    p->last_audio_clock = t;
    if (had_audio && env->mixer) {
        p->mix_id = media_mixer_add(env->mixer, pull_audio, p->clip, t);
        media_mixer_set_gain(env->mixer, p->mix_id, source_gain(p));
        media_mixer_set_paused(env->mixer, p->mix_id, p->state != PLAYER_PLAYING);
    }
    if (p->state == PLAYER_ENDED)
        p->state = PLAYER_PAUSED;
}

/* Waits for a seek thread and finishes its seek (or drops it when `discard`). */
static void finish_seek(const player_env *env, player *p, bool discard, double now)
{
    seeker *s = p->seeker;
    if (!s)
        return;
    pthread_join(s->thread, NULL);
    p->seeker = NULL;
    pv_result r = s->result;
    double t = s->t;
    free(s);
    if (discard)
        return;
    if (r != PV_OK) {
        pv_warn("%s: cannot seek to %.2f s", p->name ? p->name : p->path, t);
        return;
    }
    seek_end(env, p, t, p->seek_audio, now);
}

static bool start_seek(player *p, double t)
{
    seeker *s = pv_calloc(1, sizeof(*s));
    s->clip = p->clip;
    s->t = t;
    atomic_init(&s->done, false);
    if (pthread_create(&s->thread, NULL, seeker_main, s) != 0) {
        free(s);
        return false;
    }
    p->seeker = s;
    p->seek_target = t;
    p->seek_next = -1.0;
    return true;
}

bool player_seek(const player_env *env, player *p, double t, double now)
{
    if (p->state == PLAYER_OPENING)
        finish_opening(env, p, false, now);
    finish_seek(env, p, false, now);
    if (!seek_target(p, &t))
        return false;
    bool had_audio = seek_begin(env, p);
    if (media_clip_seek(p->clip, t) != PV_OK)
        return false;
    seek_end(env, p, t, had_audio, now);
    return true;
}

bool player_seek_async(const player_env *env, player *p, double t, double now)
{
    if (p->state == PLAYER_OPENING || !p->clip)
        return player_seek(env, p, t, now); /* nothing on screen to keep: open, then seek */
    if (!seek_target(p, &t))
        return false;
    if (p->seeker) {
        p->seek_next = t; /* after the one running */
        return true;
    }
    p->seek_audio = seek_begin(env, p);
    if (!start_seek(p, t)) {
        /* no thread: seek here */
        if (media_clip_seek(p->clip, t) != PV_OK)
            return false;
        seek_end(env, p, t, p->seek_audio, now);
    }
    return true;
}

bool player_seeking(const player *p) { return p->seeker != NULL; }

/* A running seek: once its thread is done, the target frame shows; a later request starts
 * next. True when the picture changed. */
static bool follow_seek(const player_env *env, player *p, double now)
{
    seeker *s = p->seeker;
    if (!atomic_load(&s->done))
        return false;
    double next = p->seek_next;
    finish_seek(env, p, false, now);
    if (next >= 0)
        player_seek_async(env, p, next, now);
    return true;
}

void player_set_gain(const player_env *env, player *p, float gain)
{
    if (fabsf(gain - p->gain) < 1e-4f)
        return;
    p->gain = gain;
    if (p->mix_id && env->mixer)
        media_mixer_set_gain(env->mixer, p->mix_id, source_gain(p));
}

/* A network stream's state: reconnecting (the last frame stays), or lost for good. True when
 * that changed what is on screen. */
static bool follow_stream(const player_env *env, player *p)
{
    if (!p->clip || p->state == PLAYER_FAILED)
        return false;
    char why[400];
    media_state st = media_clip_state(p->clip, why, sizeof(why));
    if (st == MEDIA_FAILED) {
        set_error(p, why);
        p->want_play = false;
        if (p->mix_id && env->mixer)
            media_mixer_set_paused(env->mixer, p->mix_id, true);
        return true;
    }
    bool reconnecting = st == MEDIA_RECONNECTING;
    if (reconnecting == p->reconnecting)
        return false;
    p->reconnecting = reconnecting;
    return true;
}

bool player_update(const player_env *env, player *p, double now)
{
    if (p->state == PLAYER_OPENING) {
        opener *o = p->opener;
        if (!atomic_load(&o->done))
            return false;
        finish_opening(env, p, false, now);
        return true;
    }
    if (p->seeker)
        return follow_seek(env, p, now);
    bool followed = follow_stream(env, p);
    if (p->state == PLAYER_FAILED)
        return followed;
    if (p->state == PLAYER_STOPPED && !p->has_frame) {
        /* The poster: the first frame, once decoded. */
        media_frame f;
        if (media_clip_next_frame(p->clip, &f)) {
            upload(env, p, &f);
            media_frame_release(p->clip, &f);
            return true;
        }
        return followed;
    }
    if (p->state != PLAYER_PLAYING)
        return followed;
    double clock = clock_now(env, p, now);
    media_frame due;
    bool have_due = false;
    for (;;) {
        if (!p->has_next) {
            if (!media_clip_next_frame(p->clip, &p->next))
                break;
            p->has_next = true;
            if (p->next.discontinuity && !p->audio_clock) {
                /* The stream stalled or was reopened: the clock went on without frames. It
                 * restarts at this one, so the frames after the gap neither count as late
                 * nor wait. (The audio clock, when it runs, waited for the sound itself.) */
                p->sys_base = now - p->next.pts;
                clock = p->next.pts;
            }
        }
        if (p->next.pts > clock + 0.002)
            break;
        if (have_due) { /* a newer frame is due too: this one is late */
            media_frame_release(p->clip, &due);
            p->dropped++;
        }
        due = p->next;
        have_due = true;
        p->has_next = false;
    }
    bool changed = followed;
    if (have_due) {
        upload(env, p, &due);
        media_frame_release(p->clip, &due);
        p->presented++;
        log_frame(env, p, now, clock);
        changed = true;
    }
    if (!p->has_next && media_clip_ended(p->clip)) {
        p->state = PLAYER_ENDED;
        p->want_play = false;
        p->paused_at = p->shown_pts;
        if (p->mix_id && env->mixer)
            media_mixer_set_paused(env->mixer, p->mix_id, true);
        changed = true;
    }
    return changed;
}

double player_wait(const player *p, double now)
{
    if (p->state == PLAYER_OPENING || p->seeker)
        return 0.005;
    if (p->state == PLAYER_STOPPED && !p->has_frame)
        return 0.01;
    if (p->reconnecting && !p->has_next)
        return 0.1; /* a stream waiting for data: look again now and then */
    if (p->state != PLAYER_PLAYING)
        return -1.0;
    if (!p->has_next)
        return 0.004; /* the decoder has not delivered it yet */
    double clock = p->audio_clock ? p->last_audio_clock + (now - p->audio_stall_t)
                                  : now - p->sys_base;
    double d = p->next.pts - clock;
    return d > 0 ? d : 0.0;
}

double player_position(const player *p)
{
    double t = p->state == PLAYER_PLAYING ? p->shown_pts : p->paused_at;
    if (p->seeker) /* the seek bar shows where it is going */
        t = p->seek_next >= 0 ? p->seek_next : p->seek_target;
    double dur = p->info.duration;
    if (dur > 0 && t >= dur)
        t = p->loop ? fmod(t, dur) : dur;
    return t > 0 ? t : 0;
}

double player_duration(const player *p) { return p->info.duration; }

bool player_is_playing(const player *p) { return p->state == PLAYER_PLAYING; }

bool player_pending(const player *p, int audio_frames)
{
    if (p->state == PLAYER_OPENING || p->seeker)
        return true;
    if (!p->clip || p->reconnecting)
        return false;
    if (p->state == PLAYER_STOPPED && !p->has_frame)
        return true;
    if (p->state != PLAYER_PLAYING)
        return false;
    if (!p->has_next && !media_clip_ended(p->clip))
        return true;
    return p->mix_id && !media_clip_audio_ready(p->clip, audio_frames);
}
