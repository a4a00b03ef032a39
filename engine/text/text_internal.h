/* text internals shared by the files of the module: fonts, faces and their glyph caches.
 * Threads: as text.h (a font and everything made from it on one thread at a time). */
#ifndef PV_TEXT_INTERNAL_H
#define PV_TEXT_INTERNAL_H

#include "text/text.h"

#include <stdbool.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#define TEXT_MAX_PX 1024.0f

typedef struct text_glyph_bitmap {
    uint32_t glyph;
    int32_t size;    /* 26.6 pixels; 0 marks an empty slot */
    int left, top, width, rows;
    uint8_t *coverage; /* width * rows, NULL when the glyph has no ink */
} text_glyph_bitmap;

typedef struct text_line_metrics {
    int ascent, descent, height; /* whole pixels */
} text_line_metrics;

struct text_face {
    text_font *font;   /* owner */
    uint32_t serial;   /* unique in the process: atlas keys */
    char *path, *family;
    int index;
    FcCharSet *charset; /* from fontconfig: which characters the face has, before loading */
    bool tried, usable; /* loading was attempted / succeeded */
    FT_Face ft;
    hb_font_t *hb;
    int32_t size;      /* 26.6 size set on ft and hb, 0 for none */
    text_line_metrics metrics;
    text_glyph_bitmap *cache;
    int cache_cap, cache_count;
};

struct text_font {
    FT_Library library;
    text_face *faces; /* [0] the primary face, then the fallbacks in fontconfig's order */
    int face_count;
};

/* Loads the face on first use; NULL when it cannot be loaded (logged once). */
text_face *text_font_face(text_font *f, int i);
/* The face index for `cp`: `prev` (the face of the character before, -1 for none) when it has
 * the character and `keep_prev` is set, else the first face of the chain that has it, else -1. */
int text_font_face_for(text_font *f, uint32_t cp, int prev, bool keep_prev);
/* Sets the size (26.6 pixels) on the FreeType face and HarfBuzz font. */
bool text_face_set_size(text_face *face, int32_t size);
/* The glyph's bitmap at the face's current size (cached). Never NULL. */
const text_glyph_bitmap *text_face_glyph(text_face *face, uint32_t glyph);

static inline int32_t text_px_to_size(float px)
{
    return (int32_t)(px * 64.0f + 0.5f);
}

/* Checks a size in pixels; logs and fails like text_layout_create. */
pv_result text_check_px(float px, const char *what);

#endif
