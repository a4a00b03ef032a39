/* pavilion-clip-gen: writes small deterministic test clips with libavcodec/libavformat.
 *
 *   pavilion-clip-gen OUTDIR           the default set (a few seconds to generate)
 *   pavilion-clip-gen --bench OUTDIR   also h264_1080p30_10s.mp4 (decode and play benchmarks)
 *                                      and h264_3840x1920_360.mp4 (a 360 video place)
 *   pavilion-clip-gen --demo OUTDIR    the demo exhibition's films, booth videos and 360 video
 *                                      (tools/clip/, see docs/demo.md), not test clips
 *
 * Every video frame shows its own number twice: in big seven-segment digits and as a barcode,
 * a row of 16 blocks across the top third of the picture, most significant bit on the left,
 * black = 0, white = 1. clip_gen_read_barcode() reads the number back from a decoded Y plane.
 * Below the barcode a gradient moves so consecutive frames differ. Audio tracks carry a 1 kHz
 * beep of 50 ms at each whole second, so A/V sync can be measured.
 *
 * Encoders run with one thread and bit-exact flags, so the output is the same bytes every run.
 * Missing encoders are skipped with a printed line.
 *
 * The test (tests/media_test.c) includes this file with CLIP_GEN_NO_MAIN defined and calls
 * clip_gen_write_all() into a temporary folder. Threads: the test set is written on the
 * calling thread; --demo writes its clips on one worker thread per core (tools/clip/
 * clip_demo.c), each clip with its own encoders and picture state. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <stb/stb_image_write.h>
#include <turbojpeg.h>

#include "core/core.h"

#define CLIP_GEN_BITS 16
#define CLIP_GEN_BEEP_HZ 1000.0
#define CLIP_GEN_BEEP_SECONDS 0.05

typedef enum clip_gen_color {
    CLIP_GEN_COLOR_UNTAGGED = 0,
    CLIP_GEN_COLOR_BT601,
    CLIP_GEN_COLOR_BT709,
} clip_gen_color;

typedef struct clip_gen_spec {
    const char *name;   /* file name inside OUTDIR; the extension picks the container */
    const char *vcodec; /* encoder name, NULL = no video */
    int width, height, fps;
    int frames;
    clip_gen_color color;
    const char *preset;      /* libx264 preset */
    const char *acodec;      /* encoder name, NULL = no audio */
    double audio_seconds;    /* for audio-only clips */
    const char *x264_params; /* more libx264 options ("subme=1:me=dia"), NULL for none */
} clip_gen_spec;

static const clip_gen_spec clip_gen_default_specs[] = {
    {"h264_720p30_aac.mp4", "libx264", 1280, 720, 30, 60, CLIP_GEN_COLOR_BT709, "veryfast", "aac",
     0, NULL},
    {"mpeg4_480p25.mp4", "mpeg4", 640, 480, 25, 50, CLIP_GEN_COLOR_UNTAGGED, NULL, NULL, 0, NULL},
    {"vp9_opus.webm", "libvpx-vp9", 640, 360, 30, 60, CLIP_GEN_COLOR_BT601, NULL, "libopus", 0,
     NULL},
    {"odd_size.mp4", "mpeg4", 321, 241, 25, 10, CLIP_GEN_COLOR_UNTAGGED, NULL, NULL, 0, NULL},
    {"vorbis_only.ogg", NULL, 0, 0, 0, 0, CLIP_GEN_COLOR_UNTAGGED, NULL, "libvorbis", 2.0, NULL},
};
#define CLIP_GEN_DEFAULT_COUNT                                                                     \
    ((int)(sizeof clip_gen_default_specs / sizeof clip_gen_default_specs[0]))

/* --bench: the decode and play benchmarks' 1080p30 clip, and a 3840x1920 clip for a 360
 * video place. */
static const clip_gen_spec clip_gen_bench_specs[] = {
    {"h264_1080p30_10s.mp4", "libx264", 1920, 1080, 30, 300, CLIP_GEN_COLOR_BT709, "ultrafast",
     NULL, 0, NULL},
    {"h264_3840x1920_360.mp4", "libx264", 3840, 1920, 30, 150, CLIP_GEN_COLOR_BT709,
     "ultrafast", NULL, 0, NULL},
};
#define CLIP_GEN_BENCH_COUNT ((int)(sizeof clip_gen_bench_specs / sizeof clip_gen_bench_specs[0]))

/* ---- the picture ---- */

/* The barcode's geometry for a picture size; the reader and the writer share it. */
static void clip_gen_barcode_rect(int w, int h, int *x0, int *bw, int *y0, int *y1)
{
    *bw = w / CLIP_GEN_BITS;
    *x0 = (w - *bw * CLIP_GEN_BITS) / 2;
    *y0 = h / 24;
    *y1 = h / 3 - h / 24;
}

/* Reads the frame number from a decoded luma plane: the mean of the middle half of each
 * block, thresholded at mid-grey. Returns -1 when a block is neither clearly black nor white. */
__attribute__((unused)) static int clip_gen_read_barcode(const uint8_t *y_plane, int linesize,
                                                         int w, int h)
{
    int x0, bw, y0, y1;
    clip_gen_barcode_rect(w, h, &x0, &bw, &y0, &y1);
    int value = 0;
    for (int b = 0; b < CLIP_GEN_BITS; b++) {
        int bx0 = x0 + b * bw + bw / 4, bx1 = x0 + b * bw + bw * 3 / 4;
        int by0 = y0 + (y1 - y0) / 4, by1 = y1 - (y1 - y0) / 4;
        long sum = 0, n = 0;
        for (int y = by0; y < by1; y++)
            for (int x = bx0; x < bx1; x++, n++)
                sum += y_plane[(size_t)y * (size_t)linesize + (size_t)x];
        long mean = n ? sum / n : 0;
        if (mean > 90 && mean < 160)
            return -1;
        value = (value << 1) | (mean >= 128);
    }
    return value;
}

static void clip_gen_fill(uint8_t *plane, int linesize, int x0, int y0, int x1, int y1, int v)
{
    for (int y = y0; y < y1; y++)
        memset(plane + (size_t)y * (size_t)linesize + x0, v, (size_t)(x1 - x0));
}

/* Seven-segment digits: bits a (top), b, c, d (bottom), e, f, g (middle). */
static const uint8_t clip_gen_segments[10] = {0x3F, 0x06, 0x5B, 0x4F, 0x66,
                                              0x6D, 0x7D, 0x07, 0x7F, 0x6F};

static void clip_gen_draw_digit(uint8_t *y_plane, int ls, int x, int y, int dw, int digit)
{
    int t = dw / 5 > 1 ? dw / 5 : 1, dh = dw * 2;
    uint8_t s = clip_gen_segments[digit];
    int mid = y + dh / 2 - t / 2;
    if (s & 0x01)
        clip_gen_fill(y_plane, ls, x, y, x + dw, y + t, 235);
    if (s & 0x02)
        clip_gen_fill(y_plane, ls, x + dw - t, y, x + dw, y + dh / 2, 235);
    if (s & 0x04)
        clip_gen_fill(y_plane, ls, x + dw - t, y + dh / 2, x + dw, y + dh, 235);
    if (s & 0x08)
        clip_gen_fill(y_plane, ls, x, y + dh - t, x + dw, y + dh, 235);
    if (s & 0x10)
        clip_gen_fill(y_plane, ls, x, y + dh / 2, x + t, y + dh, 235);
    if (s & 0x20)
        clip_gen_fill(y_plane, ls, x, y, x + t, y + dh / 2, 235);
    if (s & 0x40)
        clip_gen_fill(y_plane, ls, x, mid, x + dw, mid + t, 235);
}

/* Draws frame `number` into a YUV 4:2:0 frame of any (odd) size. */
static void clip_gen_draw_frame(AVFrame *f, int number)
{
    int w = f->width, h = f->height, cw = (w + 1) / 2, ch = (h + 1) / 2;
    /* moving gradient */
    for (int y = 0; y < h; y++) {
        uint8_t *row = f->data[0] + (size_t)y * (size_t)f->linesize[0];
        for (int x = 0; x < w; x++)
            row[x] = (uint8_t)(40 + ((x + y + number * 8) % 256) * 140 / 256);
    }
    for (int y = 0; y < ch; y++) {
        uint8_t *u = f->data[1] + (size_t)y * (size_t)f->linesize[1];
        uint8_t *v = f->data[2] + (size_t)y * (size_t)f->linesize[2];
        for (int x = 0; x < cw; x++) {
            u[x] = (uint8_t)(128 + ((x * 2 + number * 4) % 64) - 32);
            v[x] = (uint8_t)(128 + ((y * 2 + number * 2) % 64) - 32);
        }
    }
    /* barcode on a neutral band */
    int x0, bw, y0, y1;
    clip_gen_barcode_rect(w, h, &x0, &bw, &y0, &y1);
    clip_gen_fill(f->data[0], f->linesize[0], 0, 0, w, h / 3, 128);
    clip_gen_fill(f->data[1], f->linesize[1], 0, 0, cw, h / 6, 128);
    clip_gen_fill(f->data[2], f->linesize[2], 0, 0, cw, h / 6, 128);
    for (int b = 0; b < CLIP_GEN_BITS; b++) {
        int bit = (number >> (CLIP_GEN_BITS - 1 - b)) & 1;
        clip_gen_fill(f->data[0], f->linesize[0], x0 + b * bw, y0, x0 + (b + 1) * bw, y1,
                      bit ? 235 : 16);
    }
    /* big digits, centred in the lower two thirds */
    char text[16];
    int n = snprintf(text, sizeof text, "%d", number);
    int dw = h / 8, gap = dw / 2;
    if (n * (dw + gap) > w - 8) {
        dw = (w - 8) / n * 2 / 3;
        gap = dw / 2;
    }
    int tx = (w - n * (dw + gap) + gap) / 2, ty = h / 2;
    clip_gen_fill(f->data[0], f->linesize[0], tx - gap, ty - gap, tx + n * (dw + gap),
                  ty + 2 * dw + gap, 16);
    for (int i = 0; i < n; i++)
        clip_gen_draw_digit(f->data[0], f->linesize[0], tx + i * (dw + gap), ty, dw, text[i] - '0');
}

/* The beep: 1 kHz for 50 ms from each whole second. */
static float clip_gen_beep_sample(int64_t i, int rate)
{
    double t = (double)i / rate;
    double in_second = t - floor(t);
    if (in_second >= CLIP_GEN_BEEP_SECONDS)
        return 0.0f;
    return (float)(0.5 * sin(2.0 * PV_PI * CLIP_GEN_BEEP_HZ * t));
}

/* Fills an audio frame with the beeps, or with left/right when they are given. */
static void clip_gen_fill_audio(AVFrame *f, int64_t first, int rate, const float *left,
                                const float *right)
{
    int ch = f->ch_layout.nb_channels;
    for (int i = 0; i < f->nb_samples; i++) {
        float beep = left ? 0.0f : clip_gen_beep_sample(first + i, rate);
        for (int c = 0; c < ch; c++) {
            float s = !left ? beep : c == 1 ? right[i] : left[i];
            switch (f->format) {
            case AV_SAMPLE_FMT_FLTP:
                ((float *)f->data[c])[i] = s;
                break;
            case AV_SAMPLE_FMT_FLT:
                ((float *)f->data[0])[i * ch + c] = s;
                break;
            case AV_SAMPLE_FMT_S16P:
                ((int16_t *)f->data[c])[i] = (int16_t)(s * 32767);
                break;
            case AV_SAMPLE_FMT_S16:
                ((int16_t *)f->data[0])[i * ch + c] = (int16_t)(s * 32767);
                break;
            default:
                break;
            }
        }
    }
}

/* ---- encoding ---- */

/* What a clip shows and plays. A zero source (or NULL) is the numbered test pattern with its
 * beeps. `draw` fills the YUV 4:2:0 frame `number`; `sound` writes `n` stereo samples from
 * sample index `first` into left and right. */
typedef struct clip_gen_source {
    void (*draw)(void *ctx, AVFrame *f, int number);
    void (*sound)(void *ctx, float *left, float *right, int64_t first, int n, int rate);
    void *ctx;
} clip_gen_source;

typedef struct clip_gen_track {
    AVCodecContext *enc;
    AVStream *st;
    AVFrame *frame;
    const clip_gen_source *source; /* NULL: the test pattern */
    float *left, *right;           /* one audio frame from source->sound */
    int64_t next;                  /* next frame index (video) or sample index (audio) */
    int64_t total;                 /* frames or samples */
    bool done;
} clip_gen_track;

static bool clip_gen_err(char *why, size_t why_n, const char *what, int err)
{
    char buf[AV_ERROR_MAX_STRING_SIZE];
    av_strerror(err, buf, sizeof buf);
    snprintf(why, why_n, "%s: %s", what, buf);
    return false;
}

static bool clip_gen_drain(AVFormatContext *oc, clip_gen_track *t, char *why, size_t why_n)
{
    AVPacket *pkt = av_packet_alloc();
    bool ok = true;
    for (;;) {
        int r = avcodec_receive_packet(t->enc, pkt);
        if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
            break;
        if (r < 0) {
            ok = clip_gen_err(why, why_n, "encoding failed", r);
            break;
        }
        av_packet_rescale_ts(pkt, t->enc->time_base, t->st->time_base);
        pkt->stream_index = t->st->index;
        r = av_interleaved_write_frame(oc, pkt);
        if (r < 0) {
            ok = clip_gen_err(why, why_n, "writing failed", r);
            break;
        }
    }
    av_packet_free(&pkt);
    return ok;
}

static bool clip_gen_open_video(AVFormatContext *oc, const clip_gen_spec *s, clip_gen_track *t,
                                char *why, size_t why_n)
{
    const AVCodec *codec = avcodec_find_encoder_by_name(s->vcodec);
    t->st = avformat_new_stream(oc, NULL);
    t->enc = avcodec_alloc_context3(codec);
    AVCodecContext *e = t->enc;
    e->width = s->width;
    e->height = s->height;
    e->time_base = (AVRational){1, s->fps};
    e->framerate = (AVRational){s->fps, 1};
    e->pix_fmt = AV_PIX_FMT_YUV420P;
    e->gop_size = s->fps; /* a keyframe each second, so seeking decodes forward */
    e->thread_count = 1;
    e->flags |= AV_CODEC_FLAG_BITEXACT;
    if (oc->oformat->flags & AVFMT_GLOBALHEADER)
        e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (s->color == CLIP_GEN_COLOR_BT709) {
        e->color_primaries = AVCOL_PRI_BT709;
        e->color_trc = AVCOL_TRC_BT709;
        e->colorspace = AVCOL_SPC_BT709;
        e->color_range = AVCOL_RANGE_MPEG;
    } else if (s->color == CLIP_GEN_COLOR_BT601) {
        e->color_primaries = AVCOL_PRI_SMPTE170M;
        e->color_trc = AVCOL_TRC_SMPTE170M;
        e->colorspace = AVCOL_SPC_SMPTE170M;
        e->color_range = AVCOL_RANGE_MPEG;
    }
    if (strcmp(s->vcodec, "libx264") == 0) {
        av_opt_set(e->priv_data, "preset", s->preset ? s->preset : "veryfast", 0);
        av_opt_set(e->priv_data, "crf", "28", 0);
        char params[256];
        snprintf(params, sizeof params, "scenecut=0%s%s", s->x264_params ? ":" : "",
                 s->x264_params ? s->x264_params : "");
        av_opt_set(e->priv_data, "x264-params", params, 0);
    } else if (strcmp(s->vcodec, "libvpx-vp9") == 0) {
        av_opt_set(e->priv_data, "deadline", "realtime", 0);
        av_opt_set_int(e->priv_data, "cpu-used", 8, 0);
        av_opt_set_int(e->priv_data, "row-mt", 0, 0);
        e->bit_rate = 800000;
    } else {
        e->bit_rate = (int64_t)s->width * s->height * s->fps / 8;
        e->max_b_frames = 2;
    }
    int r = avcodec_open2(e, codec, NULL);
    if (r < 0)
        return clip_gen_err(why, why_n, "cannot open the video encoder", r);
    avcodec_parameters_from_context(t->st->codecpar, e);
    t->st->time_base = e->time_base;
    t->st->avg_frame_rate = e->framerate;
    t->frame = av_frame_alloc();
    t->frame->format = e->pix_fmt;
    t->frame->width = e->width;
    t->frame->height = e->height;
    r = av_frame_get_buffer(t->frame, 0);
    if (r < 0)
        return clip_gen_err(why, why_n, "cannot allocate a frame", r);
    t->total = s->frames;
    return true;
}

static enum AVSampleFormat clip_gen_pick_sample_fmt(const AVCodec *codec)
{
    static const enum AVSampleFormat ok[] = {AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT,
                                             AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_S16P};
    if (!codec->sample_fmts)
        return AV_SAMPLE_FMT_FLTP;
    for (const enum AVSampleFormat *f = codec->sample_fmts; *f != AV_SAMPLE_FMT_NONE; f++)
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
            if (*f == ok[i])
                return *f;
    return codec->sample_fmts[0];
}

static bool clip_gen_open_audio(AVFormatContext *oc, const clip_gen_spec *s, double seconds,
                                clip_gen_track *t, char *why, size_t why_n)
{
    const AVCodec *codec = avcodec_find_encoder_by_name(s->acodec);
    t->st = avformat_new_stream(oc, NULL);
    t->enc = avcodec_alloc_context3(codec);
    AVCodecContext *e = t->enc;
    e->sample_rate = 48000;
    e->sample_fmt = clip_gen_pick_sample_fmt(codec);
    av_channel_layout_default(&e->ch_layout, 2);
    e->bit_rate = 96000;
    e->time_base = (AVRational){1, e->sample_rate};
    e->thread_count = 1;
    e->flags |= AV_CODEC_FLAG_BITEXACT;
    if (oc->oformat->flags & AVFMT_GLOBALHEADER)
        e->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    int r = avcodec_open2(e, codec, NULL);
    if (r < 0)
        return clip_gen_err(why, why_n, "cannot open the audio encoder", r);
    avcodec_parameters_from_context(t->st->codecpar, e);
    t->st->time_base = e->time_base;
    t->frame = av_frame_alloc();
    t->frame->format = e->sample_fmt;
    av_channel_layout_copy(&t->frame->ch_layout, &e->ch_layout);
    t->frame->sample_rate = e->sample_rate;
    t->frame->nb_samples = e->frame_size > 0 ? e->frame_size : 1024;
    r = av_frame_get_buffer(t->frame, 0);
    if (r < 0)
        return clip_gen_err(why, why_n, "cannot allocate a frame", r);
    t->left = pv_calloc((size_t)t->frame->nb_samples, sizeof *t->left);
    t->right = pv_calloc((size_t)t->frame->nb_samples, sizeof *t->right);
    t->total = (int64_t)llround(seconds * e->sample_rate);
    return true;
}

/* Encodes one more frame of a track, or flushes it at the end. */
static bool clip_gen_step(AVFormatContext *oc, clip_gen_track *t, bool video, char *why,
                          size_t why_n)
{
    int r;
    if (t->next >= t->total) {
        r = avcodec_send_frame(t->enc, NULL);
        t->done = true;
    } else {
        r = av_frame_make_writable(t->frame);
        if (r < 0)
            return clip_gen_err(why, why_n, "cannot write a frame", r);
        if (video) {
            if (t->source && t->source->draw)
                t->source->draw(t->source->ctx, t->frame, (int)t->next);
            else
                clip_gen_draw_frame(t->frame, (int)t->next);
            t->frame->pts = t->next++;
        } else {
            int full = t->enc->frame_size > 0 ? t->enc->frame_size : 1024;
            int64_t left = t->total - t->next;
            bool small_ok = t->enc->codec->capabilities &
                            (AV_CODEC_CAP_SMALL_LAST_FRAME | AV_CODEC_CAP_VARIABLE_FRAME_SIZE);
            t->frame->nb_samples = left < full && small_ok ? (int)left : full;
            bool sourced = t->source && t->source->sound;
            if (sourced) {
                int n = t->frame->nb_samples;
                int64_t real = left < n ? left : n; /* silence pads a full last frame */
                memset(t->left, 0, (size_t)n * sizeof *t->left);
                memset(t->right, 0, (size_t)n * sizeof *t->right);
                t->source->sound(t->source->ctx, t->left, t->right, t->next, (int)real,
                                 t->enc->sample_rate);
            }
            clip_gen_fill_audio(t->frame, t->next, t->enc->sample_rate, sourced ? t->left : NULL,
                                sourced ? t->right : NULL);
            t->frame->pts = t->next;
            t->next += t->frame->nb_samples;
        }
        r = avcodec_send_frame(t->enc, t->frame);
    }
    if (r < 0)
        return clip_gen_err(why, why_n, "encoding failed", r);
    return clip_gen_drain(oc, t, why, why_n);
}

/* Writes one clip showing `source` (NULL: the test pattern). Returns false with a reason;
 * `skipped` is set when an encoder is missing. */
static bool clip_gen_write_source(const char *dir, const clip_gen_spec *s,
                                  const clip_gen_source *source, bool *skipped, char *why,
                                  size_t why_n)
{
    *skipped = false;
    const char *missing = NULL;
    if (s->vcodec && !avcodec_find_encoder_by_name(s->vcodec))
        missing = s->vcodec;
    else if (s->acodec && !avcodec_find_encoder_by_name(s->acodec))
        missing = s->acodec;
    if (missing) {
        *skipped = true;
        snprintf(why, why_n, "encoder %s is not in this libavcodec", missing);
        return false;
    }
    /* Written under a temporary name and renamed when whole: a generator stopped half way
     * (Ctrl-C, a killed build) leaves no short clip that the build would take as done. */
    char *path = pv_path_join(dir, s->name);
    char *part = pv_asprintf("%s.part", path);
    AVFormatContext *oc = NULL;
    clip_gen_track v = {.source = source}, a = {.source = source};
    bool ok = false, header = false;
    int r = avformat_alloc_output_context2(&oc, av_guess_format(NULL, path, NULL), NULL, part);
    if (r < 0) {
        clip_gen_err(why, why_n, "cannot make the container", r);
        goto done;
    }
    oc->flags |= AVFMT_FLAG_BITEXACT;
    double seconds = s->vcodec ? (double)s->frames / s->fps : s->audio_seconds;
    if (s->vcodec && !clip_gen_open_video(oc, s, &v, why, why_n))
        goto done;
    if (s->acodec && !clip_gen_open_audio(oc, s, seconds, &a, why, why_n))
        goto done;
    v.done = !s->vcodec;
    a.done = !s->acodec;
    r = avio_open(&oc->pb, part, AVIO_FLAG_WRITE);
    if (r < 0) {
        clip_gen_err(why, why_n, part, r);
        goto done;
    }
    r = avformat_write_header(oc, NULL);
    if (r < 0) {
        clip_gen_err(why, why_n, "cannot write the header", r);
        goto done;
    }
    header = true;
    while (!v.done || !a.done) {
        double tv = v.done ? 1e30 : (double)v.next / s->fps;
        double ta = a.done ? 1e30 : (double)a.next / 48000.0;
        bool video = tv <= ta;
        if (!clip_gen_step(oc, video ? &v : &a, video, why, why_n))
            goto done;
    }
    r = av_write_trailer(oc);
    header = false;
    if (r < 0) {
        clip_gen_err(why, why_n, "cannot finish the file", r);
        goto done;
    }
    ok = true;
done:
    if (header)
        av_write_trailer(oc);
    if (oc && oc->pb)
        avio_closep(&oc->pb);
    avformat_free_context(oc);
    avcodec_free_context(&v.enc);
    avcodec_free_context(&a.enc);
    av_frame_free(&v.frame);
    av_frame_free(&a.frame);
    pv_free(&a.left);
    pv_free(&a.right);
    if (ok && rename(part, path) != 0) {
        snprintf(why, why_n, "cannot rename %s to %s: %s", part, path, strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(part);
    free(part);
    free(path);
    return ok;
}

static bool clip_gen_write(const char *dir, const clip_gen_spec *s, bool *skipped, char *why,
                           size_t why_n)
{
    return clip_gen_write_source(dir, s, NULL, skipped, why, why_n);
}

static bool clip_gen_write_bytes(const char *dir, const char *name, const uint8_t *bytes, size_t n,
                                 char *why, size_t why_n)
{
    char *path = pv_path_join(dir, name);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(bytes, 1, n, f) == n;
    if (f)
        ok = fclose(f) == 0 && ok;
    if (!ok)
        snprintf(why, why_n, "cannot write %s: %s", path, strerror(errno));
    free(path);
    return ok;
}

/* The broken files: the first clip cut to 40 %, and random bytes from a fixed seed. */
static bool clip_gen_write_broken(const char *dir, bool quiet, char *why, size_t why_n)
{
    char *src = pv_path_join(dir, clip_gen_default_specs[0].name);
    uint8_t *bytes = NULL;
    size_t size = 0;
    bool ok = pv_file_read(src, &bytes, &size, why, why_n) == PV_OK;
    if (ok)
        ok = clip_gen_write_bytes(dir, "truncated.mp4", bytes, size * 4 / 10, why, why_n);
    if (ok && !quiet)
        printf("truncated.mp4: %zu bytes (first 40%% of %s)\n", size * 4 / 10,
               clip_gen_default_specs[0].name);
    free(bytes);
    free(src);
    if (!ok)
        return false;
    uint8_t garbage[65536];
    uint32_t seed = 12345u;
    for (size_t i = 0; i < sizeof garbage; i++) {
        seed = seed * 1664525u + 1013904223u;
        garbage[i] = (uint8_t)(seed >> 24);
    }
    ok = clip_gen_write_bytes(dir, "garbage.mp4", garbage, sizeof garbage, why, why_n);
    if (ok && !quiet)
        printf("garbage.mp4: %zu random bytes\n", sizeof garbage);
    return ok;
}

static void clip_gen_print(const char *dir, const clip_gen_spec *s, double secs)
{
    char *path = pv_path_join(dir, s->name);
    uint8_t *bytes = NULL;
    size_t size = 0;
    char why[256];
    if (pv_file_read(path, &bytes, &size, why, sizeof why) != PV_OK)
        size = 0;
    if (s->vcodec)
        printf("%s: %s %dx%d %d fps, %d frames%s%s, %zu bytes, %.2f s\n", s->name, s->vcodec,
               s->width, s->height, s->fps, s->frames, s->acodec ? " + " : "",
               s->acodec ? s->acodec : "", size, secs);
    else
        printf("%s: %s audio only, %.1f s, %zu bytes, %.2f s\n", s->name, s->acodec,
               s->audio_seconds, size, secs);
    free(bytes);
    free(path);
}

/* Writes the default set (and the benchmark clip when asked) into dir, which must exist.
 * Returns false with a reason on the first failure; missing encoders are only reported. */
static bool clip_gen_write_all(const char *dir, bool bench, bool quiet, char *why, size_t why_n)
{
    int count = CLIP_GEN_DEFAULT_COUNT + (bench ? CLIP_GEN_BENCH_COUNT : 0);
    for (int i = 0; i < count; i++) {
        const clip_gen_spec *s = i < CLIP_GEN_DEFAULT_COUNT
                                     ? &clip_gen_default_specs[i]
                                     : &clip_gen_bench_specs[i - CLIP_GEN_DEFAULT_COUNT];
        bool skipped;
        double t0 = pv_now();
        if (!clip_gen_write(dir, s, &skipped, why, why_n)) {
            if (!skipped) {
                char msg[600];
                snprintf(msg, sizeof msg, "%s: %.500s", s->name, why);
                size_t k = strlen(msg) < why_n ? strlen(msg) : why_n - 1;
                memcpy(why, msg, k);
                why[k] = '\0';
                return false;
            }
            printf("%s: skipped, %s\n", s->name, why);
            continue;
        }
        if (!quiet)
            clip_gen_print(dir, s, pv_now() - t0);
    }
    return clip_gen_write_broken(dir, quiet, why, why_n);
}

#ifndef CLIP_GEN_NO_MAIN
/* The demo's clips draw with the booth generator's image helpers and stroke font, of which
 * they use only some. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "booth/booth_math.h"
#include "booth/booth_image.c"
#include "booth/booth_font.c"
#pragma GCC diagnostic pop
#include "clip/clip_canvas.c"
#include "clip/clip_score.c"
#include "clip/clip_films.c"
#include "clip/clip_screens.c"
#include "clip/clip_hall360.c"
#include "clip/clip_subtitles.c"
#include "clip/clip_demo.c"

static void usage(void)
{
    fprintf(stderr, "usage: pavilion-clip-gen [--bench] OUTDIR\n"
                    "       pavilion-clip-gen --demo OUTDIR\n"
                    "  writes small test clips whose frames show their own number as digits\n"
                    "  and a 16-bit barcode; --bench adds a 10 s 1080p and a 5 s 3840x1920 H.264 clip;\n"
                    "  --demo writes the demo exhibition's films, booth videos and 360 video\n"
                    "  into OUTDIR/films and OUTDIR/videos instead\n");
}

int main(int argc, char **argv)
{
    bool bench = false, demo = false;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--bench") == 0) {
            bench = true;
        } else if (strcmp(argv[i], "--demo") == 0) {
            demo = true;
        } else if (argv[i][0] == '-' || dir) {
            usage();
            return 2;
        } else {
            dir = argv[i];
        }
    }
    if (!dir || (bench && demo)) {
        usage();
        return 2;
    }
    av_log_set_level(AV_LOG_ERROR);
    if (!pv_make_dirs(dir)) {
        fprintf(stderr, "pavilion-clip-gen: cannot create the folder %s: %s\n", dir,
                strerror(errno));
        return 1;
    }
    char why[512];
    double t0 = pv_now();
    if (demo ? !clip_demo_write_all(dir, false, why, sizeof why)
             : !clip_gen_write_all(dir, bench, false, why, sizeof why)) {
        fprintf(stderr, "pavilion-clip-gen: %s\n", why);
        return 1;
    }
    printf("done in %.2f s\n", pv_now() - t0);
    return 0;
}
#endif
