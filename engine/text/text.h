/* text: strings to positioned glyphs, and the glyph atlas they are drawn from.
 *
 * A string is laid out as paragraphs: decoded, split into runs of one direction (FriBidi),
 * one script and one face, each face picked per character from the project's fonts through a
 * private fontconfig configuration (pv_font_files: nothing else installed is ever used),
 * shaped with HarfBuzz, broken into lines at UAX #14 opportunities (libunibreak, so Chinese and
 * Japanese wrap without spaces), reordered per line into visual order and aligned. The result
 * is a text_layout of positioned glyphs; a text_atlas packs their bitmaps into pages that gfx
 * draws as batched quads (ui/ does, for every label and panel: no image per label).
 *
 * Threads: a text_font (its faces, glyph cache, and layouts and atlases made from it) is used
 * by one thread at a time; different fonts may be used on different threads at once (each
 * owns its own FreeType library). Layouts are plain memory owned by the caller. */
#ifndef PV_TEXT_H
#define PV_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* A font: its primary face and the fallback chain behind it (the project's other faces in
 * fontconfig's order for the pattern), each loaded on first use, with cached glyph bitmaps. */
typedef struct text_font text_font;
/* One face of a font's chain (owned by the font). */
typedef struct text_face text_face;

/* Finds a font among the project's font files (pv_font_files) by fontconfig pattern
 * ("DejaVu Sans", "sans-serif:bold") or opens a file when `name` contains '/' (the project's
 * files then follow it as fallbacks). NULL, "" and generic families ("sans-serif") mean the
 * project's default face. When no project face has the requested family the closest one is
 * used and a warning logged. Fails with
 * PV_ERR_IO (file missing / unreadable), PV_ERR_FORMAT (not a usable scalable font) and logs
 * the reason. */
pv_result text_font_open(const char *name, text_font **out);
/* Accepts NULL and *f == NULL; sets *f to NULL. */
void text_font_close(text_font **f);
/* The file the face was loaded from (owned by the font). */
const char *text_font_path(const text_font *f);

/* Advance width in pixels of `utf8` set on one line at `px` (for several '\n'-separated lines,
 * the widest). 0 for NULL, empty or invalid arguments. */
float text_measure(text_font *f, const char *utf8, float px);

/* ---- layout ---- */

typedef enum text_dir {
    TEXT_DIR_AUTO = 0, /* from the first strong character of each paragraph (LTR if none) */
    TEXT_DIR_LTR,
    TEXT_DIR_RTL,
} text_dir;

typedef enum text_align {
    TEXT_ALIGN_START = 0, /* left in a left-to-right paragraph, right in a right-to-left one */
    TEXT_ALIGN_END,
    TEXT_ALIGN_CENTER,
    TEXT_ALIGN_LEFT,
    TEXT_ALIGN_RIGHT,
} text_align;

/* '\n' (also "\r\n", U+2028, U+2029) separates paragraphs; each paragraph has its own bidi
 * base direction when dir is TEXT_DIR_AUTO. Lines wrap at UAX #14 opportunities when wider
 * than max_width (a word wider than max_width breaks between characters); spaces at the end
 * of a line hang and are not drawn. Lines are aligned within the widest line. */
typedef struct text_layout_desc {
    const char *utf8;
    float px;            /* font size in pixels (already multiplied by the display scale) */
    float max_width;     /* pixels; 0: no wrapping */
    float line_height;   /* distance between baselines; 0 (or less than the face's): the face's */
    float paragraph_gap; /* extra space before a non-empty line that starts a paragraph */
    text_dir dir;
    text_align align;
    const char *lang;    /* BCP 47 ("ja", "ar"); NULL: none. Tunes line breaking and shaping */
    bool keep_spaces;    /* spaces at a line's end are placed and counted (a text field's caret
                          * goes after them) instead of hanging */
    bool fill;           /* a box max_width wide (a multi-line text field): each line is aligned
                          * in it, not in the widest line, and width is at least max_width, so a
                          * right-to-left paragraph among left-to-right ones starts at the box's
                          * right edge */
} text_layout_desc;

/* One glyph: its face, glyph index in that face, and pen position (pixels, from the layout's
 * top-left corner, y on the baseline, offsets from shaping included). */
typedef struct text_glyph {
    const text_face *face;
    uint32_t id;
    float x, y;
    float advance;    /* pen advance in pixels (0 for marks that sit on their base) */
    uint32_t cluster; /* byte offset in utf8 of the first character it shows */
} text_glyph;

/* Consecutive glyphs of one line drawn with one face, in visual (left to right) order. */
typedef struct text_run {
    int first, count; /* range in text_layout.glyphs */
    const text_face *face;
    bool rtl;
} text_run;

typedef struct text_layout_line {
    float x, width;   /* left edge after alignment, advance width (trailing spaces excluded) */
    float top, baseline;
    int first_run, run_count;
    bool rtl;         /* the paragraph's base direction */
} text_layout_line;

typedef struct text_layout {
    float width, height; /* widest line; top of the first line to the bottom of the last */
    float px, ascent, descent;
    text_glyph *glyphs;
    int glyph_count;
    text_run *runs;
    int run_count;
    text_layout_line *lines;
    int line_count;
    int missing; /* characters no project face has (drawn as the primary face's .notdef) */
    text_align align;
} text_layout;

/* Lays out d->utf8 with `f`. Fails with PV_ERR_INVALID (NULL arguments, size not positive),
 * PV_ERR_LIMIT (size over 1024 px). */
pv_result text_layout_create(text_font *f, const text_layout_desc *d, text_layout **out);
/* Accepts NULL and *l == NULL; sets *l to NULL. */
void text_layout_destroy(text_layout **l);
/* Where the layout's left edge goes in a box `box_width` wide so that its lines keep their
 * alignment there (0 for left and for a box no wider than the layout). */
float text_layout_box_offset(const text_layout *l, float box_width);

/* Layouts by their desc, so an unchanged string is not shaped again each frame. A returned
 * layout stays valid until `capacity` other distinct layouts have been requested from the
 * cache after its last request, or the cache is destroyed. */
typedef struct text_layout_cache text_layout_cache;
text_layout_cache *text_layout_cache_create(text_font *f, int capacity);
void text_layout_cache_destroy(text_layout_cache **c);
/* NULL when the layout fails (logged as text_layout_create does). */
const text_layout *text_layout_cache_get(text_layout_cache *c, const text_layout_desc *d);
/* Lookups answered from the cache and layouts made, since creation. */
void text_layout_cache_stats(const text_layout_cache *c, uint64_t *hits, uint64_t *misses);

/* The face's file, face index within it and family name (owned by the face). */
const char *text_face_path(const text_face *face);
int text_face_index(const text_face *face);
const char *text_face_family(const text_face *face);

/* ---- glyph atlas: glyph bitmaps packed into square 8-bit coverage pages ---- */

typedef struct text_atlas text_atlas;
typedef struct text_atlas_desc {
    int page_size; /* pixels, default 1024 */
    int max_pages; /* default 4: when all are full, the atlas starts again empty at the next
                    * text_atlas_begin_frame */
} text_atlas_desc;
pv_result text_atlas_create(const text_atlas_desc *d, text_atlas **out);
void text_atlas_destroy(text_atlas **a);

/* Where a glyph's bitmap sits: page, rectangle in the page (pixels), and the bitmap's offset
 * from the pen position (left, and top above the baseline). w == 0 for glyphs without ink. */
typedef struct text_atlas_glyph {
    int page;
    int x, y, w, h;
    int left, top;
} text_atlas_glyph;
/* Finds or rasterises glyph `id` of `face` at `px`; false when it cannot be placed (the
 * atlas is full for this frame, or FreeType cannot render it). */
bool text_atlas_glyph_get(text_atlas *a, const text_face *face, uint32_t id, float px,
                          text_atlas_glyph *out);
/* Call once per frame before looking glyphs up: starts again empty when the atlas filled up
 * during the previous frame. Returns true when it did (every page must be uploaded again). */
bool text_atlas_begin_frame(text_atlas *a);
int text_atlas_page_count(const text_atlas *a);
int text_atlas_page_size(const text_atlas *a);
/* The page's pixels (page_size rows of page_size bytes) and the rows changed since the last
 * call for that page ([*y0, *y1), empty when *y0 == *y1); the call marks them clean. */
const uint8_t *text_atlas_page_take_dirty(text_atlas *a, int page, int *y0, int *y1);

/* Grapheme clusters (Unicode's extended grapheme clusters, UAX #29, from utf8proc): what a
 * reader counts as one character (a Korean syllable of jamo, a letter and its marks, an emoji
 * with its modifiers and joiners). text_grapheme_next returns the boundary after byte `pos`
 * (len at the end), text_grapheme_prev the one before it (0 at the start); `pos` need not be a
 * boundary. text_grapheme_count counts the clusters of s[0, len). */
size_t text_grapheme_next(const char *s, size_t len, size_t pos);
size_t text_grapheme_prev(const char *s, size_t len, size_t pos);
size_t text_grapheme_count(const char *s, size_t len);

/* Decodes the code point at s[*pos] (s holds len bytes) and advances *pos. Invalid or
 * truncated sequences yield U+FFFD and advance past the maximal ill-formed subpart (as
 * Unicode recommends); never reads at or past s[len]. Returns 0 at the end. */
uint32_t text_utf8_next(const char *s, size_t len, size_t *pos);

#endif
