/* media: opening and decoding video files with FFmpeg (see media.h).
 *
 * Threads: the decoding state (format/codec contexts, pass state below "decode side") is used
 * by exactly one thread at a time: the clip's decode thread while it runs, or the caller's
 * thread in media_clip_open and media_clip_seek, which stop the decode thread first. The frame
 * queue, the audio buffer and the stop/eof/loop flags are shared and guarded by `lock`.
 * Ownership: queued AVFrames belong to the queue until media_clip_next_frame hands one to the
 * caller in media_frame.internal; media_frame_release frees it. */
#include "media/media.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

#define MEDIA_DEFAULT_QUEUE 8
#define MEDIA_MAX_SIDE 16384
#define MEDIA_MAX_PIXELS (8192LL * 8192LL)
#define MEDIA_AUDIO_MAX_SECONDS 10 /* buffered audio nobody reads is dropped beyond this */

typedef struct media_queued {
    AVFrame *frame;
    double pts;
    int64_t number;
} media_queued;

/* What one call to media_decode_step achieved. */
typedef enum media_step {
    MEDIA_STEP_MORE = 0, /* call again */
    MEDIA_STEP_END,      /* the pass reached the end of the file and the decoders are drained */
    MEDIA_STEP_STOPPED,  /* the clip is stopping (only in the decode thread) */
} media_step;

struct media_clip {
    char *path;
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

static void media_av_error(int err, char *buf, size_t n)
{
    char tmp[AV_ERROR_MAX_STRING_SIZE];
    av_strerror(err, tmp, sizeof tmp);
    snprintf(buf, n, "%s", tmp);
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
                             bool threaded)
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
    c->queue[c->queue_count++] = (media_queued){frame, pts, number};
    pthread_mutex_unlock(&c->lock);
    return true;
}

/* ---- decoding ---- */

/* Brings a decoded picture to YUV 4:2:0 or NV12; returns a new reference (caller owns it). */
static AVFrame *media_convert(media_clip *c, AVFrame *src)
{
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
    sws_scale(c->sws, (const uint8_t *const *)src->data, src->linesize, 0, src->height, out->data,
              out->linesize);
    av_frame_copy_props(out, src);
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
    return media_queue_push(c, out, t + c->loop_offset, number, threaded);
}

static void media_audio_append(media_clip *c, const float *samples, int n)
{
    pthread_mutex_lock(&c->lock);
    int max = MEDIA_AUDIO_MAX_SECONDS * MEDIA_AUDIO_RATE;
    int have = av_audio_fifo_size(c->fifo);
    if (have + n > max) {
        if (!c->warned_audio_overflow)
            pv_debug("%s: audio is not being read; dropping the oldest", pv_path_display(c->path));
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
    int r = av_read_frame(c->fmt, c->pkt);
    if (r < 0) {
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
    if (av_seek_frame(c->fmt, c->vi, ts, AVSEEK_FLAG_BACKWARD) < 0 &&
        av_seek_frame(c->fmt, c->vi, c->v_origin, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY) < 0)
        avformat_seek_file(c->fmt, -1, INT64_MIN, 0, INT64_MAX, 0);
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
        if (c->pass_frames == 0 && c->loop) {
            pv_warn("%s: no picture decodes after restarting; looping stops",
                    pv_path_display(c->path));
            c->loop = false;
        }
        while (!c->stop && !c->loop) {
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
    if (pthread_create(&c->thread, NULL, media_thread_main, c) == 0)
        c->running = true;
    else
        pv_error("%s: cannot start the decode thread", pv_path_display(c->path));
}

static void media_thread_stop(media_clip *c)
{
    if (!c->running)
        return;
    pthread_mutex_lock(&c->lock);
    c->stop = true;
    pthread_cond_broadcast(&c->cond);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    c->running = false;
}

/* ---- opening ---- */

static int media_open_decoder(AVStream *st, AVCodecContext **out, bool frame_threads)
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
        if (frame_threads) {
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

static void media_open_audio(media_clip *c)
{
    int ai = av_find_best_stream(c->fmt, AVMEDIA_TYPE_AUDIO, -1, c->vi, NULL, 0);
    if (ai < 0)
        return;
    AVStream *st = c->fmt->streams[ai];
    AVCodecContext *dec = NULL;
    int r = media_open_decoder(st, &dec, false);
    if (r < 0) {
        char e[AV_ERROR_MAX_STRING_SIZE];
        media_av_error(r, e, sizeof e);
        pv_warn("%s: the audio track (%s) cannot be decoded (%s); playing without sound",
                pv_path_display(c->path), avcodec_get_name(st->codecpar->codec_id), e);
        return;
    }
    AVChannelLayout out_layout = AV_CHANNEL_LAYOUT_STEREO;
    AVChannelLayout in_layout = {0};
    if (dec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || dec->ch_layout.nb_channels <= 0)
        av_channel_layout_default(&in_layout,
                                  dec->ch_layout.nb_channels > 0 ? dec->ch_layout.nb_channels : 2);
    else
        av_channel_layout_copy(&in_layout, &dec->ch_layout);
    r = swr_alloc_set_opts2(&c->swr, &out_layout, AV_SAMPLE_FMT_FLT, MEDIA_AUDIO_RATE, &in_layout,
                            dec->sample_fmt, dec->sample_rate, 0, NULL);
    if (r >= 0)
        r = swr_init(c->swr);
    av_channel_layout_uninit(&in_layout);
    if (r < 0) {
        pv_warn("%s: the audio track cannot be converted to 48 kHz stereo; playing without "
                "sound",
                pv_path_display(c->path));
        swr_free(&c->swr);
        avcodec_free_context(&dec);
        return;
    }
    c->adec = dec;
    c->ai = ai;
    c->atb = st->time_base;
    c->info.has_audio = true;
    c->info.sample_rate = dec->sample_rate;
    c->info.channels = dec->ch_layout.nb_channels;
}

static bool media_is_yuvj(int fmt)
{
    return fmt == AV_PIX_FMT_YUVJ420P || fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P ||
           fmt == AV_PIX_FMT_YUVJ440P;
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
    pthread_once(&media_log_once, media_log_init);
    const char *shown = pv_path_display(d->path);
    pv_result res = PV_ERR_FORMAT;
    char e[AV_ERROR_MAX_STRING_SIZE];
    media_clip *c = pv_calloc(1, sizeof *c);
    c->path = pv_strdup(d->path);
    c->vi = c->ai = -1;
    c->skip_before = -1.0;
    c->queue_limit = d->queue_frames > 0 ? d->queue_frames : MEDIA_DEFAULT_QUEUE;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->cond, NULL);

    if (!pv_file_exists(d->path)) {
        snprintf(why, why_n, "%s: video file not found", shown);
        res = PV_ERR_IO;
        goto fail;
    }
    int r = avformat_open_input(&c->fmt, d->path, NULL, NULL);
    if (r < 0) {
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
    r = avformat_find_stream_info(c->fmt, NULL);
    if (r < 0) {
        media_av_error(r, e, sizeof e);
        snprintf(why, why_n, "%s: corrupt or truncated: the streams cannot be read (%s)", shown, e);
        goto fail;
    }
    r = av_find_best_stream(c->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (r < 0) {
        bool audio = av_find_best_stream(c->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0) >= 0;
        snprintf(why, why_n, "%s: no video stream (%s); a screen needs a video", shown,
                 audio ? "the file has only audio" : "the file has no playable streams");
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
    r = media_open_decoder(st, &c->vdec, true);
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
    if (first->color_range == AVCOL_RANGE_JPEG || media_is_yuvj(first->format))
        c->info.full_range = true;
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
    if (!c || !(t >= 0.0))
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
    bool ended = m->eof && m->queue_count == 0 && !m->loop;
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
