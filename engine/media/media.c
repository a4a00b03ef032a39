/* media: opening and decoding video files and network streams with FFmpeg (see media.h).
 *
 * Threads: the decoding state (format/codec contexts, pass state below "decode side") is used
 * by exactly one thread at a time: the clip's decode thread while it runs, or the caller's
 * thread in media_clip_open and media_clip_seek, which stop the decode thread first. The frame
 * queue, the audio buffer, the stop/eof/loop flags and the network state are shared and guarded
 * by `lock`. FFmpeg calls the interrupt callback from whichever thread is doing I/O; it reads
 * only atomics (`abort_io`, `io_deadline`, the open's cancel flag).
 * Network streams: reopening after a stall happens on the decode thread (media_reconnect), so
 * the caller never waits for the network except in media_clip_open and media_clip_seek.
 * Ownership: queued AVFrames belong to the queue until media_clip_next_frame hands one to the
 * caller in media_frame.internal; media_frame_release frees it. */
#include "media/media.h"
#include "media/media_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/hwcontext.h>
#include <libavutil/pixdesc.h>
#include <libavutil/time.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

#define MEDIA_DEFAULT_QUEUE 8
#define MEDIA_MAX_SIDE 16384
#define MEDIA_MAX_PIXELS (8192LL * 8192LL)
#define MEDIA_AUDIO_MAX_SECONDS 10 /* buffered audio nobody reads is dropped beyond this */

/* Network streams */
#define MEDIA_NET_OPEN_S 8.0    /* connecting and probing (each phase) */
#define MEDIA_NET_STALL_S 5.0   /* no packet for this long: the stream is lost and reopened */
#define MEDIA_NET_SHOW_S 1.0    /* a read waiting longer than this shows as reconnecting, and
                                 * the next frame is marked as a discontinuity */
#define MEDIA_NET_RETRIES 6     /* reopen attempts after a loss, MEDIA_NET_BACKOFF apart */
#define MEDIA_LIVE_JUMP_S 2.0   /* a live stream's timestamps jumping further ahead (or back
                                 * at all) restart its timeline at the last frame */
static const double MEDIA_NET_BACKOFF[MEDIA_NET_RETRIES] = {1, 2, 4, 8, 16, 30};

/* Network streams: where a video keyframe was read (for resuming after a reopen). */
#define MEDIA_KEY_MARKS 8
typedef struct media_key_mark {
    double t;    /* clip time */
    int64_t pos; /* byte position in the stream; 0 = unused */
} media_key_mark;

typedef struct media_queued {
    AVFrame *frame;
    double pts;
    int64_t number;
    bool gap; /* media_frame.discontinuity */
} media_queued;

/* What one call to media_decode_step achieved. */
typedef enum media_step {
    MEDIA_STEP_MORE = 0, /* call again */
    MEDIA_STEP_END,      /* the pass reached the end of the file and the decoders are drained */
    MEDIA_STEP_STOPPED,  /* the clip is stopping (only in the decode thread) */
} media_step;

struct media_clip {
    char *path;
    char *shown;      /* the path for messages (a URL without credentials) */
    bool network;     /* a URL: opened through FFmpeg's protocols, reopened when it stalls */
    bool live;        /* a network stream without a duration: no seeking, its end is a loss */
    bool want_audio;
    double open_timeout, stall_timeout;
    int reconnect_tries;
    const atomic_bool *cancel; /* media_open_desc.cancel, during media_clip_open only */
    atomic_bool abort_io;      /* the clip is stopping: interrupt blocking I/O */
    atomic_llong io_deadline;  /* av_gettime_relative() after which I/O is interrupted; 0 none */
    atomic_bool io_timed_out;  /* the deadline interrupted the I/O in progress */
    AVFormatContext *fmt;
    AVCodecContext *vdec, *adec;
    int vi, ai;
    AVRational vtb, atb;
    int64_t v_origin; /* first video timestamp, in vtb */
    double origin;    /* the same in seconds: pts 0 */
    double fps, frame_dur;
    media_info info;

    /* decode side: one thread at a time (see the header comment) */
    AVPacket *pkt;
    AVFrame *vframe, *aframe;
    struct SwsContext *sws;
    SwrContext *swr;
    float *abuf;
    int abuf_frames;
    bool input_eof, video_drained, audio_drained;
    double loop_offset; /* added to clip pts in this pass */
    double first_clip_pts, last_clip_pts;
    bool have_first;
    int pass_frames;     /* frames emitted in this pass */
    double skip_before;  /* seek: drop frames that end before this; < 0 = none */
    bool seek_first;     /* seek: no frame seen yet since the rewind */
    bool seek_can_retry; /* seek: an earlier start is possible */
    bool seek_overshoot; /* seek: the first frame came after the target */
    bool audio_resync;   /* next audio frame places itself on the timeline */
    int64_t audio_pos;   /* timeline position, in samples, of the next sample buffered */
    int decode_errors;
    char last_error[128];
    bool warned_audio_overflow;
    bool gap_pending;   /* the next frame queued follows a stall or a reopen */
    int last_read_error; /* network: the error that ended the last read, 0 none */
    bool stalled;        /* network: the stall limit interrupted a read (the demuxer may
                          * still hand out what it had; the next read fails) */
    media_key_mark key_marks[MEDIA_KEY_MARKS]; /* network: the last keyframes read */
    int key_mark_next;

    pthread_t thread;
    bool running;
    pthread_mutex_t lock;
    pthread_cond_t cond; /* queue space, stop, loop changes */
    /* guarded by lock */
    media_queued *queue;
    int queue_count, queue_cap, queue_limit;
    bool stop, eof, loop;
    bool audio_end;  /* the pass's audio is all in the fifo: no more will come until a loop */
    AVAudioFifo *fifo;
    /* network, guarded by lock */
    media_state net_state;  /* MEDIA_PLAYING, or reopening (RECONNECTING), or given up */
    double read_since;      /* pv_now() when the read in progress began; 0 = none */
    char net_why[300];      /* MEDIA_FAILED: what happened */
};

/* ---- FFmpeg's own log goes to ours, at debug level: we report problems ourselves ---- */

static void media_av_log(void *avcl, int level, const char *fmt, va_list vl)
{
    if (level > AV_LOG_WARNING)
        return;
    char line[512];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, sizeof line, &print_prefix);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (n)
        pv_debug("ffmpeg: %s", line);
}

static pthread_once_t media_log_once = PTHREAD_ONCE_INIT;
static void media_log_init(void)
{
    av_log_set_callback(media_av_log);
}

void media_route_ffmpeg_log(void)
{
    pthread_once(&media_log_once, media_log_init);
}

static void media_av_error(int err, char *buf, size_t n)
{
    char tmp[AV_ERROR_MAX_STRING_SIZE];
    av_strerror(err, tmp, sizeof tmp);
    snprintf(buf, n, "%s", tmp);
}

/* ---- network I/O: interrupting and timing it ---- */

/* FFmpeg calls this while it waits for the network (every 100 ms or so); non-zero aborts the
 * wait with AVERROR_EXIT. Any thread: atomics only. */
static int media_interrupt(void *arg)
{
    media_clip *c = arg;
    if (atomic_load(&c->abort_io) || (c->cancel && atomic_load(c->cancel)))
        return 1;
    long long deadline = atomic_load(&c->io_deadline);
    if (deadline && av_gettime_relative() > deadline) {
        atomic_store(&c->io_timed_out, true);
        return 1;
    }
    return 0;
}

/* The I/O that follows is interrupted after `seconds`. */
static void media_arm(media_clip *c, double seconds)
{
    atomic_store(&c->io_timed_out, false);
    atomic_store(&c->io_deadline, av_gettime_relative() + (long long)(seconds * 1e6));
}

static void media_disarm(media_clip *c) { atomic_store(&c->io_deadline, 0); }

/* The clip is closing (or stopping its thread for a seek), or its opening was cancelled. */
static bool media_aborting(const media_clip *c)
{
    return atomic_load(&c->abort_io) || (c->cancel && atomic_load(c->cancel));
}

bool media_is_url(const char *path)
{
    if (!path || !isalpha((unsigned char)path[0]))
        return false;
    const char *p = path + 1;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    return p - path >= 2 && strncmp(p, "://", 3) == 0;
}

const char *media_display_name(const char *path, char *buf, size_t n)
{
    if (!media_is_url(path) || n == 0)
        return pv_path_display(path);
    const char *host = strstr(path, "://") + 3;
    size_t scheme = (size_t)(host - path);
    const char *end = host + strcspn(host, "/?#");
    const char *at = memchr(host, '@', (size_t)(end - host));
    if (at)
        host = at + 1; /* user:password@ */
    size_t rest = strcspn(host, "?#"); /* a query may carry a token */
    snprintf(buf, n, "%.*s%.*s%s", (int)scheme, path, (int)rest, host,
             host[rest] == '?' ? "?..." : "");
    return buf;
}

/* FFmpeg's options for a network stream: its own timeouts as a backstop to ours, and HTTP's
 * reconnection (a dropped connection resumes with a Range request). */
static void media_net_options(const media_clip *c, AVDictionary **opts)
{
    char us[32];
    snprintf(us, sizeof us, "%lld", (long long)(2.0 * c->stall_timeout * 1e6));
    av_dict_set(opts, "rw_timeout", us, 0);
    bool http = strncasecmp(c->path, "http://", 7) == 0 || strncasecmp(c->path, "https://", 8) == 0;
    /* "timeout" means the socket's I/O timeout for these (for rtmp it is a listen timeout) */
    if (http || strncasecmp(c->path, "rtsp://", 7) == 0 || strncasecmp(c->path, "srt://", 6) == 0)
        av_dict_set(opts, "timeout", us, 0);
    if (http) {
        av_dict_set(opts, "reconnect", "1", 0);
        av_dict_set(opts, "reconnect_streamed", "1", 0);
        av_dict_set(opts, "reconnect_delay_max", "5", 0);
    }
}

/* Opens the container of c->path into *out and reads its streams' parameters. Returns an
 * FFmpeg error; *phase says which step failed ("open" or "probe"). */
static int media_open_input(media_clip *c, AVFormatContext **out, const char **phase)
{
    *out = NULL;
    *phase = "open";
    AVFormatContext *fmt = avformat_alloc_context();
    if (!fmt) {
        pv_error("out of memory opening %s", c->shown);
        abort();
    }
    fmt->interrupt_callback = (AVIOInterruptCB){media_interrupt, c};
    AVDictionary *opts = NULL;
    if (c->network) {
        media_net_options(c, &opts);
        media_arm(c, c->open_timeout);
    }
    int r = avformat_open_input(&fmt, c->path, NULL, &opts); /* frees fmt on failure */
    av_dict_free(&opts);
    if (r >= 0) {
        *phase = "probe";
        if (c->network)
            media_arm(c, c->open_timeout);
        r = avformat_find_stream_info(fmt, NULL);
        if (r < 0)
            avformat_close_input(&fmt);
    }
    media_disarm(c);
    *out = fmt;
    return r;
}

/* Why a network stream could not be opened or read, for the person at the kiosk or the
 * author: "URL: reason". Returns the result code that goes with it. */
static pv_result media_net_reason(const media_clip *c, int err, double waited, char *why,
                                  size_t why_n)
{
    char e[AV_ERROR_MAX_STRING_SIZE];
    media_av_error(err, e, sizeof e);
    if (c->cancel && atomic_load(c->cancel)) {
        snprintf(why, why_n, "%s: opening was cancelled", c->shown);
        return PV_ERR_CANCELLED;
    }
    bool timed_out = atomic_load(&c->io_timed_out) || c->stalled;
    if (err == AVERROR(ETIMEDOUT) || (err == AVERROR_EXIT && timed_out))
        snprintf(why, why_n, "%s: no answer from the server within %g s; check the address and "
                 "the network", c->shown, waited);
    else if (err == AVERROR(ECONNREFUSED))
        snprintf(why, why_n, "%s: the server refused the connection (nothing is listening at "
                 "that address and port)", c->shown);
    else if (err == AVERROR_HTTP_NOT_FOUND)
        snprintf(why, why_n, "%s: the server has no such stream (404 Not Found)", c->shown);
    else if (err == AVERROR_HTTP_UNAUTHORIZED || err == AVERROR_HTTP_FORBIDDEN)
        snprintf(why, why_n, "%s: the server refuses access (%s)", c->shown, e);
    else if (err == AVERROR_PROTOCOL_NOT_FOUND)
        snprintf(why, why_n, "%s: this FFmpeg cannot open such URLs (%s)", c->shown, e);
    else if (err == AVERROR_INVALIDDATA)
        snprintf(why, why_n, "%s: not a playable stream: an unknown or broken format (%s)",
                 c->shown, e);
    else if (timed_out)
        snprintf(why, why_n, "%s: no answer from the server within %g s (%s)", c->shown, waited,
                 e);
    else
        snprintf(why, why_n, "%s: the stream cannot be opened (%s)", c->shown, e);
    return err == AVERROR_INVALIDDATA ? PV_ERR_FORMAT : PV_ERR_IO;
}

/* Reads the next packet. Network reads are timed: the read in progress shows in
 * media_clip_state, the stall limit interrupts it, and a long wait marks the next frame. */
static int media_read(media_clip *c)
{
    if (!c->network)
        return av_read_frame(c->fmt, c->pkt);
    double t0 = pv_now();
    pthread_mutex_lock(&c->lock);
    c->read_since = t0;
    pthread_mutex_unlock(&c->lock);
    media_arm(c, c->stall_timeout);
    int r = av_read_frame(c->fmt, c->pkt);
    media_disarm(c);
    if (atomic_load(&c->io_timed_out))
        c->stalled = true;
    pthread_mutex_lock(&c->lock);
    c->read_since = 0.0;
    pthread_mutex_unlock(&c->lock);
    if (pv_now() - t0 > MEDIA_NET_SHOW_S)
        c->gap_pending = true;
    c->last_read_error = r < 0 ? r : 0;
    AVPacket *p = c->pkt;
    if (r >= 0 && p->stream_index == c->vi && (p->flags & AV_PKT_FLAG_KEY) && p->pos > 0) {
        int64_t ts = p->pts != AV_NOPTS_VALUE ? p->pts : p->dts;
        if (ts != AV_NOPTS_VALUE) {
            c->key_marks[c->key_mark_next] =
                (media_key_mark){(double)(ts - c->v_origin) * av_q2d(c->vtb), p->pos};
            c->key_mark_next = (c->key_mark_next + 1) % MEDIA_KEY_MARKS;
        }
    }
    return r;
}

/* ---- the queue (lock held) ---- */

static void media_queue_clear(media_clip *c)
{
    for (int i = 0; i < c->queue_count; i++)
        av_frame_free(&c->queue[i].frame);
    c->queue_count = 0;
}

/* Appends a frame. In the decode thread this waits while the queue is full; in the caller's
 * thread (open, seek) it never waits. Returns false when the clip is stopping. */
static bool media_queue_push(media_clip *c, AVFrame *frame, double pts, int64_t number,
                             bool gap, bool threaded)
{
    pthread_mutex_lock(&c->lock);
    while (threaded && !c->stop && c->queue_count >= c->queue_limit)
        pthread_cond_wait(&c->cond, &c->lock);
    if (threaded && c->stop) {
        pthread_mutex_unlock(&c->lock);
        av_frame_free(&frame);
        return false;
    }
    if (c->queue_count == c->queue_cap) {
        c->queue_cap = c->queue_cap ? c->queue_cap * 2 : 16;
        c->queue = pv_realloc(c->queue, sizeof(*c->queue) * (size_t)c->queue_cap);
    }
    c->queue[c->queue_count++] = (media_queued){frame, pts, number, gap};
    pthread_mutex_unlock(&c->lock);
    return true;
}

/* ---- decoding ---- */

static bool media_is_yuvj(int fmt)
{
    return fmt == AV_PIX_FMT_YUVJ420P || fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P ||
           fmt == AV_PIX_FMT_YUVJ440P;
}

/* Brings a decoded picture to YUV 4:2:0 or NV12; returns a new reference (caller owns it). */
static AVFrame *media_convert(media_clip *c, AVFrame *src)
{
    if (src->format == AV_PIX_FMT_VAAPI) {
        /* A GPU surface: read it back (NV12, or P010 for 10-bit, converted below). */
        AVFrame *sw = av_frame_alloc();
        if (!sw || av_hwframe_transfer_data(sw, src, 0) < 0) {
            av_frame_free(&sw);
            return NULL;
        }
        av_frame_copy_props(sw, src);
        AVFrame *out = media_convert(c, sw);
        av_frame_free(&sw);
        return out;
    }
    if (src->format == AV_PIX_FMT_YUV420P || src->format == AV_PIX_FMT_YUVJ420P ||
        src->format == AV_PIX_FMT_NV12) {
        AVFrame *ref = av_frame_alloc();
        if (!ref || av_frame_ref(ref, src) < 0) {
            av_frame_free(&ref);
            return NULL;
        }
        return ref;
    }
    AVFrame *out = av_frame_alloc();
    if (!out)
        return NULL;
    out->format = AV_PIX_FMT_YUV420P;
    out->width = src->width;
    out->height = src->height;
    c->sws = sws_getCachedContext(c->sws, src->width, src->height, src->format, src->width,
                                  src->height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, NULL, NULL, NULL);
    if (!c->sws || av_frame_get_buffer(out, 0) < 0) {
        av_frame_free(&out);
        return NULL;
    }
    /* Out in the clip's matrix (an RGB picture, such as a PNG poster, is shown with it) and
     * in limited range, and marked so: a full-range source (RGB, JPEG-range YUV) must not be
     * shown as if it still were. */
    const int *coef = sws_getCoefficients(c->info.colorspace == MEDIA_CS_BT709 ? SWS_CS_ITU709
                                                                               : SWS_CS_ITU601);
    bool src_full = src->color_range == AVCOL_RANGE_JPEG || media_is_yuvj(src->format);
    sws_setColorspaceDetails(c->sws, coef, src_full, coef, 0, 0, 1 << 16, 1 << 16);
    sws_scale(c->sws, (const uint8_t *const *)src->data, src->linesize, 0, src->height, out->data,
              out->linesize);
    av_frame_copy_props(out, src);
    out->color_range = AVCOL_RANGE_MPEG;
    return out;
}

/* Returns false when the clip is stopping. */
static bool media_emit_video(media_clip *c, AVFrame *frame, bool threaded)
{
    int64_t ts = frame->best_effort_timestamp;
    double t;
    if (ts == AV_NOPTS_VALUE)
        t = c->pass_frames ? c->last_clip_pts + c->frame_dur : 0.0;
    else
        t = (double)(ts - c->v_origin) * av_q2d(c->vtb);
    if (c->live && c->pass_frames > 0) {
        double dur = c->frame_dur > 0 ? c->frame_dur : 1.0 / 30.0;
        double expect = c->last_clip_pts + dur;
        if (t < c->last_clip_pts - 0.5 * dur || t > expect + MEDIA_LIVE_JUMP_S) {
            /* The server restarted, FFmpeg reconnected inside the protocol, or the clock
             * wrapped: the picture goes on from the last frame, and so does the sound (its
             * samples are appended as they come). */
            pv_debug("%s: timestamps jumped by %.3f s; the timeline goes on", c->shown,
                     t - expect);
            c->loop_offset += expect - t;
            c->gap_pending = true;
        }
    }
    if (c->seek_overshoot)
        return true;
    if (c->skip_before >= 0.0) {
        /* demuxers that seek by decode time (mp4 with B-frames) can land on a keyframe shown
         * after t: the seek then tries again from earlier */
        if (c->seek_first && t > c->skip_before + 0.002 && c->seek_can_retry) {
            c->seek_overshoot = true;
            return true;
        }
        c->seek_first = false;
        double end = t + (c->frame_dur > 0 ? c->frame_dur : 1e-9);
        /* timestamps rounded to the container's unit (webm: 1 ms) must not keep the frame
         * that ends exactly at t */
        if (end <= c->skip_before + 0.002) {
            c->last_clip_pts = t;
            return true;
        }
        c->skip_before = -1.0;
    }
    if (frame->width <= 0 || frame->height <= 0)
        return true;
    AVFrame *out = media_convert(c, frame);
    if (!out) {
        snprintf(c->last_error, sizeof c->last_error, "a picture could not be converted");
        c->decode_errors++;
        return true;
    }
    if (!c->have_first) {
        c->first_clip_pts = t;
        c->have_first = true;
    }
    c->last_clip_pts = t;
    c->pass_frames++;
    int64_t number = c->fps > 0 ? llround(t * c->fps) : c->pass_frames - 1;
    bool gap = c->gap_pending;
    c->gap_pending = false;
    return media_queue_push(c, out, t + c->loop_offset, number, gap, threaded);
}

static void media_audio_append(media_clip *c, const float *samples, int n)
{
    pthread_mutex_lock(&c->lock);
    int max = MEDIA_AUDIO_MAX_SECONDS * MEDIA_AUDIO_RATE;
    int have = av_audio_fifo_size(c->fifo);
    if (have + n > max) {
        if (!c->warned_audio_overflow)
            pv_debug("%s: audio is not being read; dropping the oldest", c->shown);
        c->warned_audio_overflow = true;
        av_audio_fifo_drain(c->fifo, have + n - max < have ? have + n - max : have);
    }
    void *planes[1] = {(void *)samples};
    av_audio_fifo_write(c->fifo, planes, n);
    c->audio_end = false;
    pthread_mutex_unlock(&c->lock);
    c->audio_pos += n;
}

static void media_emit_audio(media_clip *c, AVFrame *frame)
{
    int cap = swr_get_out_samples(c->swr, frame->nb_samples);
    if (cap <= 0)
        return;
    if (cap > c->abuf_frames) {
        c->abuf_frames = cap;
        c->abuf = pv_realloc(c->abuf, sizeof(float) * 2 * (size_t)cap);
    }
    uint8_t *outp[1] = {(uint8_t *)c->abuf};
    int n =
        swr_convert(c->swr, outp, cap, (const uint8_t **)frame->extended_data, frame->nb_samples);
    if (n <= 0)
        return;
    const float *s = c->abuf;
    if (c->audio_resync) {
        int64_t ts = frame->best_effort_timestamp;
        if (ts == AV_NOPTS_VALUE) {
            c->audio_resync = false;
        } else {
            double t = (double)ts * av_q2d(c->atb) - c->origin + c->loop_offset;
            int64_t diff = llround(t * MEDIA_AUDIO_RATE) - c->audio_pos;
            if (diff > 0) {
                /* the track starts late: silence until it does */
                static const float zeros[2 * 1024];
                int64_t max = (int64_t)MEDIA_AUDIO_MAX_SECONDS * MEDIA_AUDIO_RATE;
                for (int64_t left = diff < max ? diff : max; left > 0;) {
                    int k = left < 1024 ? (int)left : 1024;
                    media_audio_append(c, zeros, k);
                    left -= k;
                }
                c->audio_resync = false;
            } else if (diff < 0) {
                /* starts early (or before a seek target): drop what comes before */
                if (-diff >= n)
                    return;
                s += 2 * (-diff);
                n -= (int)(-diff);
                c->audio_resync = false;
            } else {
                c->audio_resync = false;
            }
        }
    }
    media_audio_append(c, s, n);
}

static void media_note_error(media_clip *c, const char *what, int err)
{
    char e[AV_ERROR_MAX_STRING_SIZE];
    media_av_error(err, e, sizeof e);
    snprintf(c->last_error, sizeof c->last_error, "%s: %s", what, e);
    c->decode_errors++;
}

/* Receives every frame the decoders have ready. Returns false when the clip is stopping. */
static bool media_receive(media_clip *c, bool video, bool threaded)
{
    AVCodecContext *dec = video ? c->vdec : c->adec;
    AVFrame *frame = video ? c->vframe : c->aframe;
    for (;;) {
        int r = avcodec_receive_frame(dec, frame);
        if (r == AVERROR(EAGAIN))
            return true;
        if (r == AVERROR_EOF) {
            if (video)
                c->video_drained = true;
            else
                c->audio_drained = true;
            return true;
        }
        if (r < 0) {
            media_note_error(c, "a frame could not be decoded", r);
            return true;
        }
        bool go = true;
        if (video)
            go = media_emit_video(c, frame, threaded);
        else
            media_emit_audio(c, frame);
        av_frame_unref(frame);
        if (!go)
            return false;
    }
}

static bool media_reconnect(media_clip *c, int err);

/* A failed read of a network stream that is a loss (to reopen), not its end: an error, a
 * stall, or the end of a live stream (a broadcast that drops looks the same). */
static bool media_net_lost(const media_clip *c, int err)
{
    if (!c->network || media_aborting(c))
        return false;
    return err != AVERROR_EOF || c->live || c->stalled || (c->fmt->pb && c->fmt->pb->error < 0);
}

/* Reads one packet and decodes it; at the end of the file, drains the decoders. */
static media_step media_decode_step(media_clip *c, bool threaded)
{
    if (c->input_eof) {
        if (!c->video_drained && !media_receive(c, true, threaded))
            return MEDIA_STEP_STOPPED;
        if (c->adec && !c->audio_drained)
            media_receive(c, false, threaded);
        /* a decoder that errors instead of reporting EOF must not hang the pass */
        c->video_drained = true;
        c->audio_drained = true;
        return MEDIA_STEP_END;
    }
    int r = media_read(c);
    if (r < 0) {
        if (threaded && media_aborting(c))
            return MEDIA_STEP_STOPPED; /* interrupted: a seek or close follows */
        if (threaded && media_net_lost(c, r)) {
            if (media_reconnect(c, r))
                return MEDIA_STEP_MORE;
            if (media_aborting(c))
                return MEDIA_STEP_STOPPED;
            /* given up: what was decoded plays out, then the clip ends */
        }
        if (r != AVERROR_EOF)
            media_note_error(c, "reading stopped early", r);
        c->input_eof = true;
        avcodec_send_packet(c->vdec, NULL);
        if (c->adec)
            avcodec_send_packet(c->adec, NULL);
        return MEDIA_STEP_MORE;
    }
    bool go = true;
    if (c->pkt->stream_index == c->vi) {
        r = avcodec_send_packet(c->vdec, c->pkt);
        if (r < 0 && r != AVERROR(EAGAIN))
            media_note_error(c, "a packet could not be decoded", r);
        go = media_receive(c, true, threaded);
    } else if (c->adec && c->pkt->stream_index == c->ai) {
        r = avcodec_send_packet(c->adec, c->pkt);
        if (r < 0 && r != AVERROR(EAGAIN))
            media_note_error(c, "an audio packet could not be decoded", r);
        media_receive(c, false, threaded);
    }
    av_packet_unref(c->pkt);
    return go ? MEDIA_STEP_MORE : MEDIA_STEP_STOPPED;
}

/* Starts a new pass at the keyframe before clip time t. */
static void media_rewind(media_clip *c, double t)
{
    int64_t ts = c->v_origin + (int64_t)llround(t / av_q2d(c->vtb));
    int64_t pos = -1;
    if (c->network && !(c->fmt->iformat->flags & AVFMT_NO_BYTE_SEEK)) {
        /* A stream on a server without an index (MPEG-TS) seeks by bisecting the file with
         * a request per step, and can land after t: where a keyframe before t was read is
         * known exactly. */
        double best = -1.0;
        for (int i = 0; i < MEDIA_KEY_MARKS; i++) {
            const media_key_mark *k = &c->key_marks[i];
            if (k->pos > 0 && k->t <= t + 1e-3 && k->t > best) {
                best = k->t;
                pos = k->pos;
            }
        }
    }
    if (c->network)
        media_arm(c, c->open_timeout); /* each step of a seek may open a connection */
    if (pos < 0 || av_seek_frame(c->fmt, -1, pos, AVSEEK_FLAG_BYTE) < 0) {
        if (av_seek_frame(c->fmt, c->vi, ts, AVSEEK_FLAG_BACKWARD) < 0 &&
            av_seek_frame(c->fmt, c->vi, c->v_origin, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY) <
                0)
            avformat_seek_file(c->fmt, -1, INT64_MIN, 0, INT64_MAX, 0);
    }
    if (c->network)
        media_disarm(c);
    avcodec_flush_buffers(c->vdec);
    if (c->adec)
        avcodec_flush_buffers(c->adec);
    c->input_eof = false;
    c->video_drained = false;
    c->audio_drained = false;
    c->pass_frames = 0;
    c->audio_resync = true;
}

static void *media_thread_main(void *arg)
{
    media_clip *c = arg;
    for (;;) {
        media_step s = media_decode_step(c, true);
        if (s == MEDIA_STEP_STOPPED)
            break;
        if (s == MEDIA_STEP_MORE)
            continue;
        /* end of a pass: wait for a loop request or the end */
        pthread_mutex_lock(&c->lock);
        c->audio_end = true;
        if (c->pass_frames == 0 && c->loop && !c->live && c->net_state != MEDIA_FAILED) {
            pv_warn("%s: no picture decodes after restarting; looping stops", c->shown);
            c->loop = false;
        }
        /* a lost stream (given up) or a live one does not loop */
        while (!c->stop && (!c->loop || c->live || c->net_state == MEDIA_FAILED)) {
            c->eof = true;
            pthread_cond_wait(&c->cond, &c->lock);
        }
        bool stop = c->stop;
        c->eof = false;
        pthread_mutex_unlock(&c->lock);
        if (stop)
            break;
        if (c->have_first)
            c->loop_offset += c->last_clip_pts + c->frame_dur - c->first_clip_pts;
        media_rewind(c, c->first_clip_pts);
    }
    return NULL;
}

static void media_thread_start(media_clip *c)
{
    c->stop = false;
    atomic_store(&c->abort_io, false);
    if (pthread_create(&c->thread, NULL, media_thread_main, c) == 0)
        c->running = true;
    else
        pv_error("%s: cannot start the decode thread", c->shown);
}

static void media_thread_stop(media_clip *c)
{
    if (!c->running)
        return;
    pthread_mutex_lock(&c->lock);
    c->stop = true;
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->lock);
    if (c->network)
        atomic_store(&c->abort_io, true); /* a read waiting for the network gives up now */
    pthread_join(c->thread, NULL);
    if (c->network) {
        /* a seek may read on the caller's thread next: an interrupted read's error must not
         * stick to the connection (the seek makes a new one) */
        atomic_store(&c->abort_io, false);
        if (c->fmt && c->fmt->pb && c->fmt->pb->error == AVERROR_EXIT)
            c->fmt->pb->error = 0;
    }
    c->running = false;
}

/* ---- opening ---- */

/* VAAPI when the decoder offers it for this stream, else the first software format. */
static enum AVPixelFormat media_get_format(AVCodecContext *dec, const enum AVPixelFormat *fmts)
{
    for (const enum AVPixelFormat *f = fmts; *f != AV_PIX_FMT_NONE; f++)
        if (*f == AV_PIX_FMT_VAAPI)
            return *f;
    for (const enum AVPixelFormat *f = fmts; *f != AV_PIX_FMT_NONE; f++) {
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(*f);
        if (d && !(d->flags & AV_PIX_FMT_FLAG_HWACCEL))
            return *f;
    }
    return fmts[0];
}

static atomic_bool s_vaapi_missing; /* tried once and there was no device: do not ask again */

/* A VAAPI device, or NULL (said once) when the machine has none. */
static AVBufferRef *media_vaapi_device(void)
{
    if (atomic_load(&s_vaapi_missing))
        return NULL;
    AVBufferRef *dev = NULL;
    int r = av_hwdevice_ctx_create(&dev, AV_HWDEVICE_TYPE_VAAPI, NULL, NULL, 0);
    if (r < 0) {
        if (!atomic_exchange(&s_vaapi_missing, true)) {
            char e[AV_ERROR_MAX_STRING_SIZE];
            media_av_error(r, e, sizeof e);
            pv_info("hardware decoding: no VAAPI device (%s); videos decode in software", e);
        }
        return NULL;
    }
    return dev;
}

static int media_open_decoder_hw(AVStream *st, AVCodecContext **out, bool frame_threads,
                                 AVBufferRef *hw_device);

static int media_open_decoder(AVStream *st, AVCodecContext **out, bool frame_threads)
{
    return media_open_decoder_hw(st, out, frame_threads, NULL);
}

static int media_open_decoder_hw(AVStream *st, AVCodecContext **out, bool frame_threads,
                                 AVBufferRef *hw_device)
{
    const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!codec)
        return AVERROR_DECODER_NOT_FOUND;
    AVCodecContext *dec = avcodec_alloc_context3(codec);
    if (!dec)
        return AVERROR(ENOMEM);
    int r = avcodec_parameters_to_context(dec, st->codecpar);
    if (r >= 0) {
        dec->pkt_timebase = st->time_base;
        if (hw_device) {
            /* the GPU decodes; one thread feeds it */
            dec->hw_device_ctx = av_buffer_ref(hw_device);
            dec->get_format = media_get_format;
        } else if (frame_threads) {
            dec->thread_count = 0;
            dec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
        }
        r = avcodec_open2(dec, codec, NULL);
    }
    if (r < 0)
        avcodec_free_context(&dec);
    *out = dec;
    return r;
}

/* The first audio track of `fmt` with its decoder and a resampler to 48 kHz stereo float;
 * false (with a warning) when there is none that plays. */
static bool media_find_audio(const media_clip *c, AVFormatContext *fmt, int vi, int *ai_out,
                             AVCodecContext **dec_out, SwrContext **swr_out)
{
    int ai = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, vi, NULL, 0);
    if (ai < 0)
        return false;
    AVStream *st = fmt->streams[ai];
    AVCodecContext *dec = NULL;
    int r = media_open_decoder(st, &dec, false);
    if (r < 0) {
        char e[AV_ERROR_MAX_STRING_SIZE];
        media_av_error(r, e, sizeof e);
        pv_warn("%s: the audio track (%s) cannot be decoded (%s); playing without sound",
                c->shown, avcodec_get_name(st->codecpar->codec_id), e);
        return false;
    }
    SwrContext *swr = NULL;
    AVChannelLayout out_layout = AV_CHANNEL_LAYOUT_STEREO;
    AVChannelLayout in_layout = {0};
    if (dec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || dec->ch_layout.nb_channels <= 0)
        av_channel_layout_default(&in_layout,
                                  dec->ch_layout.nb_channels > 0 ? dec->ch_layout.nb_channels : 2);
    else
        av_channel_layout_copy(&in_layout, &dec->ch_layout);
    r = swr_alloc_set_opts2(&swr, &out_layout, AV_SAMPLE_FMT_FLT, MEDIA_AUDIO_RATE, &in_layout,
                            dec->sample_fmt, dec->sample_rate, 0, NULL);
    if (r >= 0)
        r = swr_init(swr);
    av_channel_layout_uninit(&in_layout);
    if (r < 0) {
        pv_warn("%s: the audio track cannot be converted to 48 kHz stereo; playing without "
                "sound",
                c->shown);
        swr_free(&swr);
        avcodec_free_context(&dec);
        return false;
    }
    *ai_out = ai;
    *dec_out = dec;
    *swr_out = swr;
    return true;
}

static void media_open_audio(media_clip *c)
{
    int ai;
    AVCodecContext *dec;
    SwrContext *swr;
    if (!media_find_audio(c, c->fmt, c->vi, &ai, &dec, &swr))
        return;
    c->adec = dec;
    c->swr = swr;
    c->ai = ai;
    c->atb = c->fmt->streams[ai]->time_base;
    c->info.has_audio = true;
    c->info.sample_rate = dec->sample_rate;
    c->info.channels = dec->ch_layout.nb_channels;
}


/* ---- reopening a lost network stream (decode thread) ---- */

/* Waits `seconds` unless the clip stops first; true when it stops. */
static bool media_wait_unless_stopped(media_clip *c, double seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    double whole = floor(seconds);
    until.tv_sec += (time_t)whole;
    until.tv_nsec += (long)((seconds - whole) * 1e9);
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&c->lock);
    while (!c->stop && pthread_cond_timedwait(&c->cond, &c->lock, &until) != ETIMEDOUT) {
    }
    bool stop = c->stop;
    pthread_mutex_unlock(&c->lock);
    return stop;
}

/* Opens the stream again and continues the timeline: a live stream's pts go on from the last
 * frame (whatever its new timestamps are), a stream with a duration resumes after the last
 * frame shown. The old demuxer and decoders are replaced only when the new ones work. */
static bool media_reopen(media_clip *c, char *why, size_t why_n)
{
    AVFormatContext *fmt = NULL;
    const char *phase;
    int r = media_open_input(c, &fmt, &phase);
    if (r < 0) {
        media_net_reason(c, r, c->open_timeout, why, why_n);
        return false;
    }
    int vi = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    AVCodecContext *vdec = NULL;
    if (vi < 0 || media_open_decoder(fmt->streams[vi], &vdec, true) < 0) {
        snprintf(why, why_n, "%s: the stream came back without a playable video", c->shown);
        avformat_close_input(&fmt);
        return false;
    }
    int ai = -1;
    AVCodecContext *adec = NULL;
    SwrContext *swr = NULL;
    if (c->want_audio && c->info.has_audio) /* info is only written by the open */
        media_find_audio(c, fmt, vi, &ai, &adec, &swr);

    double dur = c->frame_dur > 0 ? c->frame_dur : 1.0 / 30.0;
    double next_pts = c->loop_offset + (c->have_first ? c->last_clip_pts + dur : 0.0);
    avcodec_free_context(&c->vdec);
    avcodec_free_context(&c->adec);
    swr_free(&c->swr);
    avformat_close_input(&c->fmt);
    c->fmt = fmt;
    c->vi = vi;
    c->vdec = vdec;
    c->ai = ai;
    c->adec = adec;
    c->swr = swr;
    AVStream *st = fmt->streams[vi];
    c->vtb = st->time_base;
    if (adec) {
        c->atb = fmt->streams[ai]->time_base;
    } else if (c->info.has_audio) {
        pthread_mutex_lock(&c->lock);
        c->audio_end = true; /* the sound did not come back: players go by the system clock */
        pthread_mutex_unlock(&c->lock);
    }
    if (c->live) {
        c->v_origin = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
        c->origin = (double)c->v_origin * av_q2d(c->vtb);
        c->loop_offset = next_pts;
        c->have_first = false;
        c->pass_frames = 0;
        c->input_eof = c->video_drained = c->audio_drained = false;
        c->audio_resync = true;
    } else {
        int kept = c->pass_frames;
        double resume = kept > 0 ? c->last_clip_pts + c->frame_dur : c->first_clip_pts;
        media_rewind(c, resume);
        c->pass_frames = kept;
        if (kept > 0) {
            c->skip_before = resume; /* the frames already shown are dropped */
            c->seek_first = true;
            c->seek_can_retry = false;
            c->seek_overshoot = false;
        }
    }
    c->gap_pending = true;
    c->last_read_error = 0;
    c->stalled = false;
    return true;
}

/* A message from media_net_reason without its leading "name: ". */
static const char *media_without_name(const media_clip *c, const char *why)
{
    size_t n = strlen(c->shown);
    if (strncmp(why, c->shown, n) == 0 && why[n] == ':' && why[n + 1] == ' ')
        return why + n + 2;
    return why[0] ? why : "unknown";
}

/* The stream was lost (`err` ended a read): reopens it after 1, 2, 4... s while the clip
 * shows MEDIA_RECONNECTING. False when the clip is stopping or the attempts are used up (the
 * clip is then MEDIA_FAILED). */
static bool media_reconnect(media_clip *c, int err)
{
    char lost[AV_ERROR_MAX_STRING_SIZE + 32];
    if (c->stalled)
        snprintf(lost, sizeof lost, "no data for %g s", c->stall_timeout);
    else if (err == AVERROR_EOF)
        snprintf(lost, sizeof lost, "the stream ended");
    else
        media_av_error(err, lost, sizeof lost);
    pv_warn("%s: the stream was lost (%s); reconnecting", c->shown, lost);
    pthread_mutex_lock(&c->lock);
    c->net_state = MEDIA_RECONNECTING;
    pthread_mutex_unlock(&c->lock);
    char why[300] = "";
    for (int i = 0; i < c->reconnect_tries; i++) {
        int k = i < MEDIA_NET_RETRIES ? i : MEDIA_NET_RETRIES - 1;
        if (media_wait_unless_stopped(c, MEDIA_NET_BACKOFF[k]))
            return false;
        if (media_reopen(c, why, sizeof why)) {
            pv_info("%s: reconnected", c->shown);
            pthread_mutex_lock(&c->lock);
            c->net_state = MEDIA_PLAYING;
            pthread_mutex_unlock(&c->lock);
            return true;
        }
        if (media_aborting(c))
            return false;
        pv_debug("reconnecting, attempt %d of %d: %s", i + 1, c->reconnect_tries, why);
    }
    pthread_mutex_lock(&c->lock);
    c->net_state = MEDIA_FAILED;
    char *msg = pv_asprintf("%s: the stream was lost (%s) and %d attempts to reconnect failed "
                            "(the last: %s)", c->shown, lost, c->reconnect_tries,
                            media_without_name(c, why));
    pv_debug("%s", msg); /* whoever shows the clip reports it (media_clip_state) */
    snprintf(c->net_why, sizeof c->net_why, "%s", msg); /* a very long URL is cut short */
    free(msg);
    pthread_mutex_unlock(&c->lock);
    return false;
}

pv_result media_clip_open(const media_open_desc *d, media_clip **out, char *why, size_t why_n)
{
    *out = NULL;
    if (why_n)
        why[0] = '\0';
    if (!d || !d->path || !d->path[0]) {
        snprintf(why, why_n, "no video file given");
        return PV_ERR_INVALID;
    }
    media_route_ffmpeg_log();
    pv_result res = PV_ERR_FORMAT;
    char e[AV_ERROR_MAX_STRING_SIZE];
    media_clip *c = pv_calloc(1, sizeof *c);
    c->path = pv_strdup(d->path);
    c->network = media_is_url(d->path);
    char name[512];
    c->shown = pv_strdup(media_display_name(d->path, name, sizeof name));
    const char *shown = c->shown;
    c->open_timeout = d->open_timeout > 0 ? d->open_timeout : MEDIA_NET_OPEN_S;
    c->stall_timeout = d->stall_timeout > 0 ? d->stall_timeout : MEDIA_NET_STALL_S;
    c->reconnect_tries = d->reconnect_tries > 0 ? d->reconnect_tries : MEDIA_NET_RETRIES;
    c->want_audio = d->audio;
    c->cancel = d->cancel;
    atomic_init(&c->abort_io, false);
    atomic_init(&c->io_deadline, 0);
    atomic_init(&c->io_timed_out, false);
    c->net_state = MEDIA_PLAYING;
    c->vi = c->ai = -1;
    c->skip_before = -1.0;
    c->queue_limit = d->queue_frames > 0 ? d->queue_frames : MEDIA_DEFAULT_QUEUE;
    pthread_mutex_init(&c->lock, NULL);
    /* timed waits (the reconnect back-off) use the monotonic clock */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&c->cond, &ca);
    pthread_condattr_destroy(&ca);

    if (!c->network && !pv_file_exists(d->path)) {
        snprintf(why, why_n, "%s: video file not found", shown);
        res = PV_ERR_IO;
        goto fail;
    }
    const char *phase;
    int r = media_open_input(c, &c->fmt, &phase);
    if (r < 0 && c->network) {
        res = media_net_reason(c, r, c->open_timeout, why, why_n);
        goto fail;
    }
    if (r < 0 && strcmp(phase, "open") == 0) {
        media_av_error(r, e, sizeof e);
        /* the file exists, so anything but a permission problem is about its contents */
        bool io = r == AVERROR(EACCES);
        snprintf(why, why_n, "%s: %s (%s)", shown,
                 io ? "cannot read the file"
                    : "not a playable video: corrupt, truncated or an "
                      "unknown container",
                 e);
        res = io ? PV_ERR_IO : PV_ERR_FORMAT;
        goto fail;
    }
    if (r < 0) {
        media_av_error(r, e, sizeof e);
        snprintf(why, why_n, "%s: corrupt or truncated: the streams cannot be read (%s)", shown, e);
        goto fail;
    }
    r = av_find_best_stream(c->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (r < 0) {
        bool audio = av_find_best_stream(c->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0) >= 0;
        const char *what = c->network ? "stream" : "file";
        snprintf(why, why_n, "%s: no video stream (the %s has %s); a screen needs a video", shown,
                 what, audio ? "only audio" : "no playable streams");
        goto fail;
    }
    c->vi = r;
    AVStream *st = c->fmt->streams[c->vi];
    AVCodecParameters *par = st->codecpar;
    c->info.codec = avcodec_get_name(par->codec_id);
    if (par->width <= 0 || par->height <= 0) {
        snprintf(why, why_n, "%s: the video (%s) has no picture size (%dx%d)", shown, c->info.codec,
                 par->width, par->height);
        goto fail;
    }
    if (par->width > MEDIA_MAX_SIDE || par->height > MEDIA_MAX_SIDE ||
        (long long)par->width * par->height > MEDIA_MAX_PIXELS) {
        snprintf(why, why_n, "%s: the video is %dx%d; at most %dx%d is supported", shown,
                 par->width, par->height, 8192, 8192);
        res = PV_ERR_LIMIT;
        goto fail;
    }
    AVBufferRef *hw_device = d->hw ? media_vaapi_device() : NULL;
    r = media_open_decoder_hw(st, &c->vdec, true, hw_device);
    if (r < 0 && hw_device) { /* the GPU refused this stream: software, as without hw */
        pv_info("%s: hardware decoding unavailable for %s; decoding in software", shown,
                c->info.codec);
        av_buffer_unref(&hw_device);
        r = media_open_decoder(st, &c->vdec, true);
    }
    if (hw_device) {
        c->info.hw = "vaapi";
        av_buffer_unref(&hw_device); /* the decoder keeps its own reference */
    }
    if (r == AVERROR_DECODER_NOT_FOUND) {
        snprintf(why, why_n, "%s: unsupported video codec '%s'; re-encode it as H.264 or VP9",
                 shown, c->info.codec);
        goto fail;
    }
    if (r < 0) {
        media_av_error(r, e, sizeof e);
        snprintf(why, why_n, "%s: the %s decoder cannot start (%s)", shown, c->info.codec, e);
        goto fail;
    }
    c->vtb = st->time_base;
    c->v_origin = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    c->origin = (double)c->v_origin * av_q2d(c->vtb);
    AVRational rate = av_guess_frame_rate(c->fmt, st, NULL);
    c->fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
    c->frame_dur = c->fps > 0 ? 1.0 / c->fps : 0.0;

    c->info.width = par->width;
    c->info.height = par->height;
    c->info.fps = c->fps;
    if (c->fmt->duration > 0)
        c->info.duration = (double)c->fmt->duration / AV_TIME_BASE;
    else if (st->duration > 0)
        c->info.duration = (double)st->duration * av_q2d(c->vtb);
    c->live = c->network && c->info.duration <= 0;
    switch (par->color_space) {
    case AVCOL_SPC_BT709:
        c->info.colorspace = MEDIA_CS_BT709;
        break;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:
    case AVCOL_SPC_SMPTE240M:
    case AVCOL_SPC_FCC:
        c->info.colorspace = MEDIA_CS_BT601;
        break;
    default:
        /* untagged (or a space we do not convert): guess as players do */
        c->info.colorspace = par->height >= 720 ? MEDIA_CS_BT709 : MEDIA_CS_BT601;
        break;
    }
    c->info.full_range = par->color_range == AVCOL_RANGE_JPEG || media_is_yuvj(par->format);

    c->pkt = av_packet_alloc();
    c->vframe = av_frame_alloc();
    c->aframe = av_frame_alloc();
    c->fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLT, 2, MEDIA_AUDIO_RATE);
    if (!c->pkt || !c->vframe || !c->aframe || !c->fifo) {
        pv_error("out of memory opening %s", shown);
        abort();
    }
    if (d->audio)
        media_open_audio(c);
    c->audio_resync = true;

    /* the first picture, here, so a file that cannot play fails now and not on screen */
    media_step s = MEDIA_STEP_MORE;
    while (c->queue_count == 0 && s == MEDIA_STEP_MORE)
        s = media_decode_step(c, false);
    if (c->queue_count == 0 && c->network && c->last_read_error &&
        (c->last_read_error != AVERROR_EOF || media_aborting(c))) {
        char reason[400];
        res = media_net_reason(c, c->last_read_error, c->stall_timeout, reason, sizeof reason);
        if (res == PV_ERR_CANCELLED)
            snprintf(why, why_n, "%s", reason);
        else
            snprintf(why, why_n, "%s (the stream stopped before its first picture)", reason);
        goto fail;
    }
    if (c->queue_count == 0) {
        snprintf(why, why_n, "%s: corrupt: no %s picture could be decoded%s%s", shown,
                 c->info.codec, c->last_error[0] ? " (" : "",
                 c->last_error[0] ? c->last_error : "");
        if (c->last_error[0])
            strncat(why, ")", why_n - strlen(why) - 1);
        goto fail;
    }
    /* the decoder knows the real size (and range) once it has a picture */
    AVFrame *first = c->queue[0].frame;
    c->info.width = first->width;
    c->info.height = first->height;
    if (first->color_range != AVCOL_RANGE_UNSPECIFIED || media_is_yuvj(first->format))
        c->info.full_range = first->color_range == AVCOL_RANGE_JPEG || media_is_yuvj(first->format);
    c->cancel = NULL; /* the caller's flag is not kept past the open */
    media_thread_start(c);
    *out = c;
    return PV_OK;
fail:
    media_clip_close(&c);
    return res;
}

void media_clip_close(media_clip **cp)
{
    media_clip *c = cp ? *cp : NULL;
    if (!c)
        return;
    media_thread_stop(c);
    atomic_store(&c->abort_io, true); /* closing never waits for the network (rtsp says bye) */
    c->cancel = NULL;
    media_queue_clear(c);
    free(c->queue);
    av_audio_fifo_free(c->fifo);
    av_packet_free(&c->pkt);
    av_frame_free(&c->vframe);
    av_frame_free(&c->aframe);
    avcodec_free_context(&c->vdec);
    avcodec_free_context(&c->adec);
    avformat_close_input(&c->fmt);
    sws_freeContext(c->sws);
    swr_free(&c->swr);
    free(c->abuf);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->cond);
    free(c->path);
    free(c->shown);
    free(c);
    *cp = NULL;
}

void media_clip_info(const media_clip *c, media_info *out)
{
    if (c)
        *out = c->info;
    else
        memset(out, 0, sizeof *out);
}

/* ---- the caller's side ---- */

bool media_clip_next_frame(media_clip *c, media_frame *f)
{
    memset(f, 0, sizeof *f);
    if (!c)
        return false;
    pthread_mutex_lock(&c->lock);
    if (c->queue_count == 0) {
        pthread_mutex_unlock(&c->lock);
        return false;
    }
    media_queued q = c->queue[0];
    c->queue_count--;
    memmove(c->queue, c->queue + 1, sizeof(*c->queue) * (size_t)c->queue_count);
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->lock);

    AVFrame *fr = q.frame;
    f->width = fr->width;
    f->height = fr->height;
    f->format = fr->format == AV_PIX_FMT_NV12 ? MEDIA_FMT_NV12 : MEDIA_FMT_YUV420P;
    int planes = f->format == MEDIA_FMT_NV12 ? 2 : 3;
    for (int i = 0; i < planes; i++) {
        f->planes[i] = fr->data[i];
        f->linesize[i] = fr->linesize[i];
    }
    f->pts = q.pts;
    f->number = q.number;
    f->discontinuity = q.gap;
    f->internal = fr;
    return true;
}

void media_frame_release(media_clip *c, media_frame *f)
{
    if (!f || !f->internal)
        return;
    AVFrame *fr = f->internal;
    av_frame_free(&fr);
    memset(f, 0, sizeof *f);
}

pv_result media_clip_seek(media_clip *c, double t)
{
    if (!c || !(t >= 0.0) || c->live)
        return PV_ERR_INVALID;
    media_thread_stop(c);
    double back = 0.0;
    for (;;) {
        pthread_mutex_lock(&c->lock);
        media_queue_clear(c);
        av_audio_fifo_reset(c->fifo);
        c->eof = false;
        c->audio_end = false;
        pthread_mutex_unlock(&c->lock);
        if (c->swr)
            swr_init(c->swr); /* drops samples buffered inside the resampler */
        double from = t - back > 0.0 ? t - back : 0.0;
        media_rewind(c, from);
        c->loop_offset = 0.0;
        c->skip_before = t;
        c->seek_first = true;
        c->seek_can_retry = from > 0.0;
        c->seek_overshoot = false;
        c->audio_pos = llround(t * MEDIA_AUDIO_RATE);
        media_step s = MEDIA_STEP_MORE;
        while (c->queue_count == 0 && s == MEDIA_STEP_MORE && !c->seek_overshoot)
            s = media_decode_step(c, false);
        if (!c->seek_overshoot)
            break;
        back = back > 0.0 ? back * 2.0 : 1.0;
    }
    c->skip_before = -1.0;
    c->seek_overshoot = false;
    /* past the end: the thread finds the pass over and waits (or loops) */
    media_thread_start(c);
    return PV_OK;
}

void media_clip_set_loop(media_clip *c, bool loop)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    c->loop = loop;
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->lock);
}

bool media_clip_ended(const media_clip *c)
{
    if (!c)
        return true;
    media_clip *m = (media_clip *)c; /* the lock is not part of the logical state */
    pthread_mutex_lock(&m->lock);
    bool ended = m->eof && m->queue_count == 0 &&
                 (!m->loop || m->live || m->net_state == MEDIA_FAILED);
    pthread_mutex_unlock(&m->lock);
    return ended;
}

bool media_clip_audio_done(const media_clip *c)
{
    if (!c || !c->fifo)
        return true;
    media_clip *m = (media_clip *)c; /* the lock is not part of the logical state */
    pthread_mutex_lock(&m->lock);
    bool done = m->audio_end && av_audio_fifo_size(m->fifo) == 0;
    pthread_mutex_unlock(&m->lock);
    return done;
}

bool media_clip_audio_ready(const media_clip *c, int frames)
{
    if (!c || !c->fifo)
        return true;
    media_clip *m = (media_clip *)c; /* the lock is not part of the logical state */
    pthread_mutex_lock(&m->lock);
    bool ready = m->audio_end || av_audio_fifo_size(m->fifo) >= frames;
    pthread_mutex_unlock(&m->lock);
    return ready;
}

int media_clip_read_audio(media_clip *c, float *out, int frames)
{
    if (!c || !c->fifo || frames <= 0)
        return 0;
    pthread_mutex_lock(&c->lock);
    void *planes[1] = {out};
    int n = av_audio_fifo_read(c->fifo, planes, frames);
    pthread_mutex_unlock(&c->lock);
    return n > 0 ? n : 0;
}

media_state media_clip_state(const media_clip *c, char *why, size_t why_n)
{
    if (why && why_n)
        why[0] = '\0';
    if (!c)
        return MEDIA_STATE_INVALID;
    if (!c->network)
        return MEDIA_PLAYING;
    media_clip *m = (media_clip *)c; /* the lock is not part of the logical state */
    pthread_mutex_lock(&m->lock);
    media_state st = m->net_state;
    if (st == MEDIA_PLAYING && m->read_since > 0.0 && pv_now() - m->read_since > MEDIA_NET_SHOW_S)
        st = MEDIA_RECONNECTING;
    if (st == MEDIA_FAILED && why && why_n)
        snprintf(why, why_n, "%s", m->net_why);
    pthread_mutex_unlock(&m->lock);
    return st;
}
