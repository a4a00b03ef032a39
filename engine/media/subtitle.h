/* media/subtitle: subtitles for video screens. Cues come from an SRT or WebVTT file or from the
 * first text subtitle track of a video container (MKV/MP4 with subrip, webvtt, mov_text or ass
 * tracks, read with FFmpeg's demuxers and decoders); libass draws them (HarfBuzz and FriBidi
 * shape Arabic, Hebrew and CJK; fontconfig finds the fonts).
 *
 * SRT and WebVTT text files are read by a parser of our own rather than FFmpeg's srt/webvtt
 * demuxers: FFmpeg 5.1 refuses SRT times without milliseconds ("00:00:04", which browsers and
 * players accept) and cannot say which cue of a file is bad.
 *
 * A container is read to its end (subtitle packets are spread through it): for a long video,
 * load its subtitles off the main thread or keep them in a sidecar SRT/WebVTT file.
 *
 * Times are seconds. For a container they are relative to its video track's start time, the
 * timeline media_clip's pts use; a cue starting before 0 there is shown from 0.
 *
 * Threads: a media_subs never changes after loading, so any number of threads may read it at
 * once (media_subs_count/cue/at, media_subs_render). A media_subs_renderer belongs to one
 * thread at a time; keep one per screen (it caches the libass track of the last media_subs it
 * drew, and switching between media_subs on one renderer rebuilds that track).
 * Ownership: cue texts belong to their media_subs; the canvas belongs to the renderer. */
#ifndef PV_MEDIA_SUBTITLE_H
#define PV_MEDIA_SUBTITLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

typedef struct media_subs media_subs; /* parsed cues of one subtitle file or track */

typedef struct media_sub_cue {
    double start, end; /* seconds; the cue shows while start <= t < end */
    const char *text;  /* plain UTF-8, lines joined by \n, tags stripped, entities decoded */
} media_sub_cue;

#define MEDIA_SUBS_MAX_FILE (16 << 20) /* bytes of an SRT/WebVTT file */
#define MEDIA_SUBS_MAX_CUES 200000

/* Loads SRT or WebVTT (recognised by content, whatever the file is called) or the first text
 * subtitle track of a video container. Cues are sorted by start time (stable).
 * Errors, with one line starting with the file's display name in `why`:
 *  PV_ERR_IO     missing or unreadable;
 *  PV_ERR_FORMAT empty, not a subtitle file, no (text) subtitle track, text that is not UTF-8
 *                ("is not UTF-8 text ...; save it as UTF-8"), or no usable cue: every cue had
 *                bad times (unreadable, negative, end before start; the first is named by its
 *                number and line);
 *  PV_ERR_LIMIT  an SRT/WebVTT file over MEDIA_SUBS_MAX_FILE or over MEDIA_SUBS_MAX_CUES cues.
 * When some cues are bad and others fine, the bad ones are skipped with one pv_warn. */
pv_result media_subs_load(const char *path, media_subs **out, char *why, size_t why_n);
/* Accepts NULL; sets *s to NULL. */
void media_subs_free(media_subs **s);
int media_subs_count(const media_subs *s);
/* NULL when i is out of range. */
const media_sub_cue *media_subs_cue(const media_subs *s, int i);
/* Index of the first cue (in start order) showing at time t (start <= t < end), or -1. */
int media_subs_at(const media_subs *s, double t);

typedef struct media_subs_renderer media_subs_renderer;

/* One ASS_Library + ASS_Renderer with fontconfig fonts ("sans-serif", with fallback per glyph).
 * NULL on failure, after a pv_error. */
media_subs_renderer *media_subs_renderer_create(void);
/* Accepts NULL; sets *r to NULL. */
void media_subs_renderer_destroy(media_subs_renderer **r);

#define MEDIA_SUBS_MAX_CANVAS 8192 /* per side */

/* Draws the cues of `s` showing at time t onto a transparent width x height canvas (the video's
 * on-screen rectangle): white text with a dark outline and shadow, bottom-centred with a margin,
 * the font size proportional to the height (54/1080 of it), lines wrapped to the width.
 * *rgba gets premultiplied RGBA8 rows top-down, width * 4 bytes apart, owned by the renderer
 * and valid until its next call; everything outside the box *x, *y, *w, *h (the bounding box of
 * non-transparent pixels) is zero, and *w = *h = 0 when nothing shows.
 * Returns 1 when the picture changed since the previous call (or on the first call, a new size
 * or other subtitles), 0 when it is identical, so callers re-upload only when needed.
 * s may be NULL (nothing shows). A size below 1 or over MEDIA_SUBS_MAX_CANVAS draws nothing:
 * *rgba = NULL, returns 0. */
int media_subs_render(media_subs_renderer *r, const media_subs *s, double t, int width, int height,
                      const uint8_t **rgba, int *x, int *y, int *w, int *h);

#endif
