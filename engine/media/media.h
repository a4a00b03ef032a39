/* media: video files decoded with FFmpeg (the only module that includes FFmpeg headers).
 *
 * A media_clip is one open file: demuxer, video decoder (frame-threaded), optional audio
 * decoder + resampler, and a decode thread of its own that fills a bounded frame queue and an
 * audio buffer. The decode thread waits when the queue is full; the caller never waits in
 * media_clip_next_frame.
 *
 * Threads: a media_clip belongs to one caller thread (open/close/next_frame/release/seek/
 * set_loop/ended/info); media_clip_read_audio may be called from one other thread (the mixer).
 * Different clips are independent.
 *
 * Times: pts are seconds from the clip's first video frame; with looping they keep increasing
 * across loops (each pass adds the clip's length). media_frame.number is the frame's index
 * within the clip (round(pts * fps) for constant-rate clips), restarting at 0 on each loop. */
#ifndef PV_MEDIA_H
#define PV_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

typedef struct media_clip media_clip;

typedef struct media_open_desc {
    const char *path;
    bool audio;       /* decode the audio track too (when there is one) */
    int queue_frames; /* decoded frames held ahead; 0 = 8 */
} media_open_desc;

/* Opens a file and decodes its first frame. On failure returns PV_ERR_IO (missing/unreadable),
 * PV_ERR_FORMAT (not a video, no video stream, unsupported codec, 0x0, corrupt) or
 * PV_ERR_LIMIT (too large), with a one-line reason naming the file in `why`. */
pv_result media_clip_open(const media_open_desc *d, media_clip **out, char *why, size_t why_n);
/* Stops the decode thread and frees everything; accepts NULL and sets *c to NULL. */
void media_clip_close(media_clip **c);

enum { MEDIA_CS_INVALID = 0, MEDIA_CS_BT601, MEDIA_CS_BT709, MEDIA_CS_COUNT };
enum { MEDIA_FMT_INVALID = 0, MEDIA_FMT_YUV420P, MEDIA_FMT_NV12, MEDIA_FMT_COUNT };

typedef struct media_info {
    int width, height;
    double duration, fps; /* 0 when unknown */
    int colorspace;       /* MEDIA_CS_*; untagged clips: BT.709 from 720 lines up, else BT.601 */
    bool full_range;
    bool has_audio;            /* an audio track is being decoded */
    int sample_rate, channels; /* of the source track */
    const char *codec;         /* video codec name, static */
} media_info;

void media_clip_info(const media_clip *c, media_info *out);

/* A decoded frame in planes as the decoder gives them (YUV 4:2:0 or NV12; other formats are
 * converted to YUV 4:2:0), with its presentation time in seconds. Chroma planes are
 * (width + 1) / 2 x (height + 1) / 2. Lines are linesize bytes apart (never assume width).
 * Plane pointers stay valid until media_frame_release. */
typedef struct media_frame {
    int width, height, format; /* MEDIA_FMT_* */
    const uint8_t *planes[3];
    int linesize[3];
    double pts;
    int64_t number;
    void *internal;
} media_frame;

/* Non-blocking: takes the next decoded frame if the decode thread has one queued. */
bool media_clip_next_frame(media_clip *c, media_frame *f);
void media_frame_release(media_clip *c, media_frame *f);

/* Blocking: decodes on the caller's thread from the keyframe before t; the next frames start
 * at the frame covering t (pts <= t < pts + 1/fps). Resets the loop offset: pts restart at
 * clip time. Audio restarts at t too. */
pv_result media_clip_seek(media_clip *c, double t);
void media_clip_set_loop(media_clip *c, bool loop);
/* True once the last frame has been taken (never while looping). */
bool media_clip_ended(const media_clip *c);

/* Audio: interleaved float stereo at 48 kHz. Sample i of the stream plays at time i / 48000
 * on the same timeline as the video pts (silence is inserted where the track starts late).
 * Non-blocking: returns how many frames (sample pairs) were written, 0 when none are ready. */
#define MEDIA_AUDIO_RATE 48000
int media_clip_read_audio(media_clip *c, float *out, int frames);
/* True when the clip has no audio, or all of this pass's audio has been read (the track may
 * end before the picture does): a player then times the remaining frames by the system
 * clock. Any thread. */
bool media_clip_audio_done(const media_clip *c);

#endif
