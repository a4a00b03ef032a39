/* text: CPU text rendering for hover labels and info panels.
 *
 * Produces premultiplied RGBA8 images (rows top-down) that the renderer uploads as textures;
 * nothing here touches GL. Fonts are FreeType faces found through fontconfig.
 *
 * Threads: a text_font (and its glyph cache) is used by one thread at a time; different fonts
 * may be used on different threads at once (each owns its own FreeType library). Images are
 * plain memory owned by the caller.
 *
 * Layout today is one face, cmap lookup plus kerning, left-to-right. It is organised as
 * decode -> shape -> break lines -> rasterise so that HarfBuzz shaping, bidi and font fallback
 * can replace the shaping step later without changing this API. */
#ifndef PV_TEXT_H
#define PV_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/* One face, loaded with FreeType, with a cache of rendered glyphs. */
typedef struct text_font text_font;

/* Finds a font through fontconfig by pattern ("DejaVu Sans", "sans-serif:bold") or opens a
 * file when `name` contains '/'. NULL or "" means the default sans-serif. When fontconfig has
 * no face of the requested family it substitutes one and logs a warning. Fails with
 * PV_ERR_IO (file missing / unreadable), PV_ERR_FORMAT (not a usable scalable font) and logs
 * the reason. */
pv_result text_font_open(const char *name, text_font **out);
/* Accepts NULL and *f == NULL; sets *f to NULL. */
void text_font_close(text_font **f);
/* The file the face was loaded from (owned by the font). */
const char *text_font_path(const text_font *f);

/* Premultiplied RGBA8, rows top-down, stride = width * 4. */
typedef struct text_image {
    int width, height;
    uint8_t *rgba;
} text_image;
/* Frees the pixels and zeroes the struct; accepts NULL. */
void text_image_free(text_image *img);

/* Colours are 0xRRGGBBAA, straight (not premultiplied) sRGB. In the descs below a zero field
 * means "default"; for a fully transparent background pass an alpha of 0 with any non-zero
 * RGB (e.g. 0xFFFFFF00), for square corners a negative radius. */

/* A single hover label on a pill. Lines ('\n') are centred. Defaults: px 17, white text on
 * dark translucent grey, padding 0.45 * px (horizontal padding is 1.6 times that so the
 * round ends don't crowd the text), radius = half the height (a full pill). */
typedef struct text_label_desc {
    const char *utf8;
    float px; /* font size in pixels, already multiplied by the display scale */
    uint32_t color, background;
    float padding, radius;
} text_label_desc;
pv_result text_render_label(text_font *f, const text_label_desc *d, text_image *out);

/* An info panel: title, then body wrapped at max_width (which includes the padding) and
 * honouring '\n'. The image shrinks to the widest line and is never wider than max_width.
 * Defaults: title_px 24, body_px 17, max_width 26 * body_px, padding 0.9 * body_px,
 * radius 0.6 * body_px, title white, body light grey, dark translucent background. Body lines
 * sit 1.4 * body_px apart, with an extra 0.5 * body_px before a line that follows a '\n'.
 * title_font may be a bold face, body_font a regular one; either text may be NULL. */
typedef struct text_panel_desc {
    const char *title, *body;
    float title_px, body_px, max_width, padding, radius;
    uint32_t title_color, body_color, background;
} text_panel_desc;
pv_result text_render_panel(text_font *title_font, text_font *body_font,
                            const text_panel_desc *d, text_image *out);

/* Advance width in pixels of `utf8` set on one line at `px` (for several '\n'-separated lines,
 * the widest). 0 for NULL, empty or invalid arguments. */
float text_measure(text_font *f, const char *utf8, float px);

/* Decodes the code point at s[*pos] (s holds len bytes) and advances *pos. Invalid or
 * truncated sequences yield U+FFFD and advance past the maximal ill-formed subpart (as
 * Unicode recommends); never reads at or past s[len]. Returns 0 at the end. */
uint32_t text_utf8_next(const char *s, size_t len, size_t *pos);

#endif
