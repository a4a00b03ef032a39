/* media: video files decoded with FFmpeg (the only module that includes FFmpeg headers).
 *
 * A media_clip is one open file or network stream: demuxer, video decoder (frame-threaded),
 * optional audio decoder + resampler, and a decode thread of its own that fills a bounded frame
 * queue and an audio buffer. The decode thread waits when the queue is full; the caller never
 * waits in media_clip_next_frame.
 *
 * Network streams (a path that is a URL: http, https, rtmp, rtmps, rtsp, srt...) play like
 * files. Their blocking I/O is interrupted when the clip closes or when no data comes for a
 * while; a stream that stalls reports MEDIA_RECONNECTING, the decode thread reopens it with
 * back-off, and pts keep increasing across the gap (the first frame after it is marked
 * `discontinuity`). A live stream has no duration (info.duration 0) and cannot seek.
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

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

typedef struct media_clip media_clip;

typedef struct media_open_desc {
    const char *path; /* a file, or a URL (media_is_url) */
    bool audio;       /* decode the audio track too (when there is one) */
    /* Decode on the GPU through VAAPI when the machine has a VAAPI device and the codec and
     * profile are supported; otherwise (and on any VAAPI error) in software, as without it. */
    bool hw;
    int queue_frames; /* decoded frames held ahead; 0 = 8 */
    /* Network streams only (0 = default): seconds to connect and probe (8), seconds without
     * a packet before the stream counts as lost (5), and attempts to reopen a lost stream,
     * 1, 2, 4, 8, 16, 30 s apart, before it fails (6). */
    double open_timeout, stall_timeout;
    int reconnect_tries;
    /* Checked while opening a network stream: once it is true, opening stops and returns
     * PV_ERR_CANCELLED (another thread may set it). NULL = never. Not kept after open. */
    const atomic_bool *cancel;
} media_open_desc;

/* True when `path` is a URL ("scheme://..."), which media_clip_open hands to FFmpeg's network
 * protocols instead of the file system. */
bool media_is_url(const char *path);
/* The name to show for a path in messages: a file as pv_path_display gives it, a URL without
 * its user name, password and query (which may hold credentials). Returns buf or the path. */
const char *media_display_name(const char *path, char *buf, size_t n);

/* Opens a file or stream and decodes its first frame. On failure returns PV_ERR_IO
 * (missing/unreadable file, stream unreachable, refused or not answering), PV_ERR_FORMAT (not a
 * video, no video stream, unsupported codec, 0x0, corrupt), PV_ERR_LIMIT (too large) or
 * PV_ERR_CANCELLED, with a one-line reason naming the file or URL in `why`. */
pv_result media_clip_open(const media_open_desc *d, media_clip **out, char *why, size_t why_n);
/* Stops the decode thread and frees everything; accepts NULL and sets *c to NULL. Never waits
 * for the network: blocking I/O is interrupted. */
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
    const char *hw;            /* "vaapi" while decoding on the GPU, else NULL */
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
    bool discontinuity; /* the stream stalled or was reopened just before this frame: a
                         * player restarts its clock here instead of catching up */
    void *internal;
} media_frame;

/* Non-blocking: takes the next decoded frame if the decode thread has one queued. */
bool media_clip_next_frame(media_clip *c, media_frame *f);
void media_frame_release(media_clip *c, media_frame *f);

/* Blocking: decodes on the caller's thread from the keyframe before t; the next frames start
 * at the frame covering t (pts <= t < pts + 1/fps). Resets the loop offset: pts restart at
 * clip time. Audio restarts at t too. A live stream (no duration) returns PV_ERR_INVALID. */
pv_result media_clip_seek(media_clip *c, double t);
void media_clip_set_loop(media_clip *c, bool loop);
/* True once the last frame has been taken (never while looping). */
bool media_clip_ended(const media_clip *c);

/* How the clip's source is doing. Files are always MEDIA_PLAYING (also when paused or at the
 * end). A network stream is MEDIA_RECONNECTING while a read has waited more than a second for
 * data or while it is being reopened (after 1, 2, 4, 8, 16, 30 s), and MEDIA_FAILED once the
 * attempts are used up: `why` (may be NULL) then says what happened, naming the URL. The frames
 * already decoded stay available. Any thread. */
typedef enum media_state {
    MEDIA_STATE_INVALID = 0,
    MEDIA_PLAYING,
    MEDIA_RECONNECTING,
    MEDIA_FAILED,
    MEDIA_STATE_COUNT
} media_state;
media_state media_clip_state(const media_clip *c, char *why, size_t why_n);

/* Audio: interleaved float stereo at 48 kHz. Sample i of the stream plays at time i / 48000
 * on the same timeline as the video pts (silence is inserted where the track starts late).
 * Non-blocking: returns how many frames (sample pairs) were written, 0 when none are ready. */
#define MEDIA_AUDIO_RATE 48000
int media_clip_read_audio(media_clip *c, float *out, int frames);
/* True when the clip has no audio, or all of this pass's audio has been read (the track may
 * end before the picture does): a player then times the remaining frames by the system
 * clock. Any thread. */
bool media_clip_audio_done(const media_clip *c);
/* True when at least `frames` frames of sound are decoded and waiting, or no more will come
 * before a loop (also: no audio). For callers that drive the clock themselves (tests): they
 * mix only once the sound is there, so their results do not depend on the machine's speed.
 * Any thread. */
bool media_clip_audio_ready(const media_clip *c, int frames);

#endif
