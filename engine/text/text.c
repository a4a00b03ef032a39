/* text: CPU text rendering for hover labels and info panels (see text.h).
 *
 * Pipeline: decode UTF-8 -> shape (cmap + kerning, one face) -> break lines (greedy, at spaces,
 * mid-word when a word is too long) -> draw a rounded-rect background and composite glyph
 * coverage over it. Glyph bitmaps are cached per (glyph, size) in the font.
 *
 * Threads: a text_font is used by one thread at a time; every font owns its FreeType library,
 * so different fonts work in parallel. fontconfig is used with a private configuration per
 * text_font_open call, so no global fontconfig state is created. */
#include "text/text.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

enum {
    MAX_IMAGE_SIDE = 8192,
    CACHE_INITIAL = 256,
    CACHE_MAX_ENTRIES = 4096, /* flushed beyond this: a few sizes of a few scripts fit */
    LIN_TO_SRGB_SIZE = 4096,
};
#define MAX_PX 1024.0f

#define DEFAULT_LABEL_PX 17.0f
#define DEFAULT_TITLE_PX 24.0f
#define DEFAULT_BODY_PX 17.0f
#define DEFAULT_TEXT_COLOR 0xFFFFFFFFu
#define DEFAULT_BODY_COLOR 0xE4E7ECFFu
#define DEFAULT_BACKGROUND 0x14171DD9u

/* ---- fonts and the glyph cache ---- */

typedef struct glyph_entry {
    uint32_t glyph;
    int32_t size; /* 26.6 pixels; 0 marks an empty slot */
    int32_t advance; /* 26.6, unhinted */
    int left, top, width, rows;
    uint8_t *coverage; /* width * rows, NULL when the glyph has no ink */
} glyph_entry;

typedef struct line_metrics {
    int ascent, descent, height; /* whole pixels */
} line_metrics;

struct text_font {
    FT_Library library;
    FT_Face face;
    char *path;
    bool kerning;
    int32_t size; /* 26.6 size currently set on the face, 0 for none */
    line_metrics metrics; /* for `size` */
    glyph_entry *cache;
    int cache_cap, cache_count;
    bool load_error_logged;
    float srgb_to_linear[256];
    uint8_t linear_to_srgb[LIN_TO_SRGB_SIZE];
};

static const char *ft_error_text(FT_Error e)
{
    switch (e) {
    case FT_Err_Cannot_Open_Resource: return "cannot open the file";
    case FT_Err_Unknown_File_Format: return "not a font format FreeType knows";
    case FT_Err_Invalid_File_Format: return "the font file is broken";
    case FT_Err_Invalid_Argument: return "invalid argument";
    case FT_Err_Out_Of_Memory: return "out of memory";
    default: return "FreeType error";
    }
}

static bool is_generic_family(const char *family)
{
    static const char *const generic[] = {"sans-serif", "sans", "serif", "monospace", "mono",
                                          "system-ui", "cursive", "fantasy", "emoji", "math"};
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        if (FcStrCmpIgnoreCase((const FcChar8 *)family, (const FcChar8 *)generic[i]) == 0)
            return true;
    return false;
}

/* Resolves a fontconfig pattern to a file and face index. */
static pv_result find_font_file(const char *name, char **path, int *index)
{
    pv_result r = PV_OK;
    FcPattern *pattern = NULL, *match = NULL;
    FcConfig *config = FcInitLoadConfigAndFonts();
    if (!config) {
        pv_error("text: fontconfig could not load its configuration; cannot look up font \"%s\"",
                 name);
        return PV_ERR_IO;
    }
    pattern = FcNameParse((const FcChar8 *)name);
    if (!pattern) {
        pv_error("text: \"%s\" is not a fontconfig pattern (expected e.g. \"DejaVu Sans\" or "
                 "\"sans-serif:bold\")", name);
        r = PV_ERR_INVALID;
        goto done;
    }
    FcChar8 *wanted = NULL;
    char *wanted_family = NULL;
    if (FcPatternGetString(pattern, FC_FAMILY, 0, &wanted) == FcResultMatch)
        wanted_family = pv_strdup((const char *)wanted);

    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult fr = FcResultNoMatch;
    match = FcFontMatch(config, pattern, &fr);
    FcChar8 *file = NULL;
    if (!match || FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch) {
        pv_error("text: fontconfig found no font for \"%s\"; install a font package such as "
                 "fonts-dejavu-core", name);
        free(wanted_family);
        r = PV_ERR_IO;
        goto done;
    }
    if (wanted_family && !is_generic_family(wanted_family)) {
        bool found = false;
        FcChar8 *fam = NULL;
        for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &fam) == FcResultMatch; i++)
            if (FcStrCmpIgnoreCase(fam, (const FcChar8 *)wanted_family) == 0)
                found = true;
        if (!found) {
            fam = NULL;
            FcPatternGetString(match, FC_FAMILY, 0, &fam);
            pv_warn("text: font family \"%s\" is not installed; using \"%s\" (%s) instead",
                    wanted_family, fam ? (const char *)fam : "?", (const char *)file);
        }
    }
    free(wanted_family);
    int idx = 0;
    if (FcPatternGetInteger(match, FC_INDEX, 0, &idx) != FcResultMatch)
        idx = 0;
    *path = pv_strdup((const char *)file);
    *index = idx;
done:
    if (match)
        FcPatternDestroy(match);
    if (pattern)
        FcPatternDestroy(pattern);
    FcConfigDestroy(config);
    return r;
}

static float srgb_decode(float c)
{
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

static float srgb_encode(float l)
{
    return l <= 0.0031308f ? l * 12.92f : 1.055f * powf(l, 1.0f / 2.4f) - 0.055f;
}

pv_result text_font_open(const char *name, text_font **out)
{
    if (!out)
        return PV_ERR_INVALID;
    *out = NULL;
    pv_result r = PV_OK;
    char *path = NULL;
    int index = 0;
    text_font *f = NULL;

    if (name && strchr(name, '/')) {
        path = pv_strdup(name);
    } else {
        r = find_font_file(name && *name ? name : "sans-serif", &path, &index);
        if (r != PV_OK)
            return r;
    }
    if (!pv_file_exists(path)) {
        pv_error("text: font file \"%s\" does not exist; check the path or name a family "
                 "instead (e.g. \"DejaVu Sans\")", pv_path_display(path));
        r = PV_ERR_IO;
        goto done;
    }

    f = pv_calloc(1, sizeof *f);
    FT_Error e = FT_Init_FreeType(&f->library);
    if (e) {
        pv_error("text: FreeType failed to initialise (%s, code %d)", ft_error_text(e), e);
        r = PV_ERR_IO;
        goto done;
    }
    e = FT_New_Face(f->library, path, index, &f->face);
    if (e) {
        pv_error("text: cannot load font \"%s\": %s (FreeType code %d)", pv_path_display(path),
                 ft_error_text(e), e);
        r = e == FT_Err_Cannot_Open_Resource ? PV_ERR_IO : PV_ERR_FORMAT;
        goto done;
    }
    if (!FT_IS_SCALABLE(f->face)) {
        pv_error("text: font \"%s\" has only fixed bitmap sizes; use a scalable (outline) font",
                 pv_path_display(path));
        r = PV_ERR_FORMAT;
        goto done;
    }
    if (FT_Select_Charmap(f->face, FT_ENCODING_UNICODE)) {
        pv_error("text: font \"%s\" has no Unicode character map; use another font",
                 pv_path_display(path));
        r = PV_ERR_FORMAT;
        goto done;
    }
    f->kerning = FT_HAS_KERNING(f->face);
    f->path = path;
    path = NULL;
    for (int i = 0; i < 256; i++)
        f->srgb_to_linear[i] = srgb_decode(i / 255.0f);
    for (int i = 0; i < LIN_TO_SRGB_SIZE; i++)
        f->linear_to_srgb[i] =
            (uint8_t)lrintf(pv_clampf(srgb_encode(i / (float)(LIN_TO_SRGB_SIZE - 1)), 0, 1) *
                            255.0f);
    *out = f;
    f = NULL;
done:
    text_font_close(&f);
    free(path);
    return r;
}

static void cache_clear(text_font *f)
{
    for (int i = 0; i < f->cache_cap; i++) {
        free(f->cache[i].coverage);
        f->cache[i] = (glyph_entry){0};
    }
    f->cache_count = 0;
}

void text_font_close(text_font **pf)
{
    if (!pf || !*pf)
        return;
    text_font *f = *pf;
    if (f->cache)
        cache_clear(f);
    free(f->cache);
    if (f->face)
        FT_Done_Face(f->face);
    if (f->library)
        FT_Done_FreeType(f->library);
    free(f->path);
    free(f);
    *pf = NULL;
}

const char *text_font_path(const text_font *f)
{
    return f ? f->path : NULL;
}

static int32_t px_to_size(float px)
{
    return (int32_t)lrintf(px * 64.0f);
}

static bool font_set_size(text_font *f, int32_t size)
{
    if (f->size == size)
        return true;
    FT_Error e = FT_Set_Char_Size(f->face, 0, size, 72, 72);
    if (e) {
        pv_error("text: font \"%s\" cannot be set to %.1f px: %s", pv_path_display(f->path),
                 size / 64.0, ft_error_text(e));
        f->size = 0;
        return false;
    }
    f->size = size;
    const FT_Size_Metrics *m = &f->face->size->metrics;
    line_metrics lm;
    lm.ascent = (int)((m->ascender + 63) >> 6);
    lm.descent = (int)((-m->descender + 63) >> 6);
    lm.height = (int)((m->height + 32) >> 6);
    if (lm.height < lm.ascent + lm.descent)
        lm.height = lm.ascent + lm.descent;
    f->metrics = lm;
    return true;
}

static uint32_t cache_hash(uint32_t glyph, int32_t size)
{
    uint32_t h = glyph * 2654435761u ^ ((uint32_t)size * 40503u + 0x9E3779B9u);
    return h ^ (h >> 15);
}

static glyph_entry *cache_slot(text_font *f, uint32_t glyph, int32_t size)
{
    uint32_t mask = (uint32_t)f->cache_cap - 1;
    for (uint32_t i = cache_hash(glyph, size) & mask;; i = (i + 1) & mask) {
        glyph_entry *e = &f->cache[i];
        if (e->size == 0 || (e->glyph == glyph && e->size == size))
            return e;
    }
}

static void cache_grow(text_font *f)
{
    glyph_entry *old = f->cache;
    int old_cap = f->cache_cap;
    f->cache_cap = old_cap ? old_cap * 2 : CACHE_INITIAL;
    f->cache = pv_calloc((size_t)f->cache_cap, sizeof *f->cache);
    for (int i = 0; i < old_cap; i++)
        if (old[i].size)
            *cache_slot(f, old[i].glyph, old[i].size) = old[i];
    free(old);
}

/* Renders a glyph into `e`; false when FreeType cannot load it. */
static bool glyph_render(text_font *f, uint32_t glyph, glyph_entry *e)
{
    FT_Error err = FT_Load_Glyph(f->face, glyph, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP);
    if (!err)
        err = FT_Render_Glyph(f->face->glyph, FT_RENDER_MODE_NORMAL);
    if (err)
        return false;
    FT_GlyphSlot slot = f->face->glyph;
    const FT_Bitmap *bm = &slot->bitmap;
    e->advance = (int32_t)(slot->linearHoriAdvance >> 10); /* 16.16 -> 26.6 */
    e->left = slot->bitmap_left;
    e->top = slot->bitmap_top;
    e->width = (int)bm->width;
    e->rows = (int)bm->rows;
    e->coverage = NULL;
    if (e->width > 0 && e->rows > 0 && bm->buffer) {
        e->coverage = pv_malloc((size_t)e->width * (size_t)e->rows);
        int pitch = bm->pitch < 0 ? -bm->pitch : bm->pitch;
        for (int y = 0; y < e->rows; y++) {
            const uint8_t *src = bm->pitch < 0 ? bm->buffer + (size_t)(e->rows - 1 - y) * pitch
                                               : bm->buffer + (size_t)y * pitch;
            uint8_t *dst = e->coverage + (size_t)y * e->width;
            if (bm->pixel_mode == FT_PIXEL_MODE_GRAY && bm->num_grays == 256) {
                memcpy(dst, src, (size_t)e->width);
            } else if (bm->pixel_mode == FT_PIXEL_MODE_MONO) {
                for (int x = 0; x < e->width; x++)
                    dst[x] = (src[x >> 3] >> (7 - (x & 7)) & 1) ? 255 : 0;
            } else if (bm->pixel_mode == FT_PIXEL_MODE_GRAY && bm->num_grays > 1) {
                for (int x = 0; x < e->width; x++)
                    dst[x] = (uint8_t)(src[x] * 255 / (bm->num_grays - 1));
            } else {
                memset(dst, 0, (size_t)e->width);
            }
        }
    }
    return true;
}

/* The cached glyph at the size set on the face. The pointer is valid until the next call. */
static const glyph_entry *font_glyph(text_font *f, uint32_t glyph)
{
    if (!f->cache || (f->cache_count + 1) * 10 > f->cache_cap * 7) {
        if (f->cache_count >= CACHE_MAX_ENTRIES)
            cache_clear(f);
        else
            cache_grow(f);
    }
    glyph_entry *e = cache_slot(f, glyph, f->size);
    if (e->size)
        return e;
    glyph_entry fresh = {.glyph = glyph, .size = f->size};
    if (!glyph_render(f, glyph, &fresh)) {
        if (!f->load_error_logged)
            pv_warn("text: font \"%s\" cannot render glyph %u; drawing the missing-glyph box",
                    pv_path_display(f->path), glyph);
        f->load_error_logged = true;
        if (glyph == 0 || !glyph_render(f, 0, &fresh))
            fresh = (glyph_entry){.glyph = glyph, .size = f->size};
    }
    *e = fresh;
    f->cache_count++;
    return e;
}

/* ---- UTF-8 ---- */

uint32_t text_utf8_next(const char *str, size_t len, size_t *pos)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t i = *pos;
    if (!s || i >= len)
        return 0;
    uint8_t b0 = s[i];
    if (b0 < 0x80) {
        *pos = i + 1;
        return b0;
    }
    int need;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    uint32_t cp;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1, cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2, cp = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0; /* overlong */
        if (b0 == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3, cp = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90; /* overlong */
        if (b0 == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        *pos = i + 1;
        return 0xFFFD;
    }
    size_t j = i + 1;
    for (int k = 0; k < need; k++, j++) {
        uint8_t lo_k = k == 0 ? lo : 0x80, hi_k = k == 0 ? hi : 0xBF;
        if (j >= len || s[j] < lo_k || s[j] > hi_k) {
            *pos = j; /* the maximal ill-formed subpart ends before s[j] */
            return 0xFFFD;
        }
        cp = cp << 6 | (s[j] & 0x3F);
    }
    *pos = j;
    return cp;
}

/* ---- shaping: code points to positioned glyphs ---- */

/* One glyph of a shaped run. A later shaper (HarfBuzz) fills the same fields; `cluster` keeps
 * the byte offset into the source text so bidi and selection can map back. */
typedef struct shaped_glyph {
    uint32_t glyph;
    uint32_t cp; /* source code point; '\n' marks a mandatory line break */
    uint32_t cluster;
    int32_t kern; /* 26.6, applied before this glyph when it follows another on a line */
    int32_t advance; /* 26.6 */
} shaped_glyph;

typedef struct shaped_run {
    shaped_glyph *glyphs;
    int count, capacity;
} shaped_run;

static void run_free(shaped_run *run)
{
    free(run->glyphs);
    *run = (shaped_run){0};
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) ||
           cp == 0x1680 || cp == 0x205F;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFEFF;
}

/* Shapes `utf8` with the size already set on the face. */
static void shape(text_font *f, const char *utf8, shaped_run *run)
{
    size_t len = strlen(utf8), pos = 0;
    uint32_t prev_glyph = 0;
    bool have_prev = false;
    while (pos < len) {
        size_t start = pos;
        uint32_t cp = text_utf8_next(utf8, len, &pos);
        if (cp == '\r') {
            if (pos < len && utf8[pos] == '\n')
                continue; /* the '\n' breaks */
            cp = '\n';
        }
        if (cp == '\t')
            cp = ' ';
        if (cp == 0x2028 || cp == 0x2029)
            cp = '\n';
        if (cp != '\n' && is_control(cp))
            continue;
        if (run->count == run->capacity) {
            run->capacity = run->capacity ? run->capacity * 2 : 64;
            run->glyphs = pv_realloc(run->glyphs, (size_t)run->capacity * sizeof *run->glyphs);
        }
        shaped_glyph *g = &run->glyphs[run->count++];
        *g = (shaped_glyph){.cp = cp, .cluster = (uint32_t)start};
        if (cp == '\n') {
            have_prev = false;
            continue;
        }
        /* Missing characters get glyph 0, the face's .notdef box, until fallback fonts. */
        g->glyph = FT_Get_Char_Index(f->face, cp);
        g->advance = font_glyph(f, g->glyph)->advance;
        if (have_prev && f->kerning) {
            FT_Vector k = {0, 0};
            if (!FT_Get_Kerning(f->face, prev_glyph, g->glyph, FT_KERNING_UNFITTED, &k))
                g->kern = (int32_t)k.x;
        }
        prev_glyph = g->glyph;
        have_prev = true;
    }
}

/* ---- line breaking ---- */

typedef struct text_line {
    int start, end; /* glyph range, trailing spaces excluded */
    int32_t width; /* 26.6 */
    bool paragraph; /* follows a '\n' rather than a wrap */
    int top; /* pixels from the block's top to the line's top (ascent above the baseline) */
} text_line;

typedef struct text_lines {
    text_line *items;
    int count, capacity;
    int32_t widest; /* 26.6 */
} text_lines;

static int32_t line_width(const shaped_run *run, int start, int end)
{
    int32_t w = 0;
    for (int i = start; i < end; i++)
        w += (i > start ? run->glyphs[i].kern : 0) + run->glyphs[i].advance;
    return w;
}

static void lines_add(text_lines *lines, const shaped_run *run, int start, int end,
                      bool paragraph)
{
    while (end > start && is_space(run->glyphs[end - 1].cp))
        end--;
    if (lines->count == lines->capacity) {
        lines->capacity = lines->capacity ? lines->capacity * 2 : 8;
        lines->items = pv_realloc(lines->items, (size_t)lines->capacity * sizeof *lines->items);
    }
    int32_t w = line_width(run, start, end);
    lines->items[lines->count++] = (text_line){start, end, w, paragraph, 0};
    if (w > lines->widest)
        lines->widest = w;
}

/* Greedy breaking at spaces; a word wider than `max_width` (26.6, <= 0 for no limit) breaks
 * between glyphs. Spaces at the end of a line hang past the limit and are dropped. */
static void break_lines(const shaped_run *run, int32_t max_width, text_lines *lines)
{
    const shaped_glyph *g = run->glyphs;
    int start = 0;
    bool paragraph = false;
    for (;;) {
        int32_t pen = 0;
        int break_end = -1; /* a line may end here (before a space run) */
        int j = start;
        bool wrapped = false;
        for (; j < run->count && g[j].cp != '\n'; j++) {
            bool space = is_space(g[j].cp);
            if (space && j > start && !is_space(g[j - 1].cp))
                break_end = j;
            int32_t adv = (j > start ? g[j].kern : 0) + g[j].advance;
            if (!space && max_width > 0 && j > start && pen + adv > max_width) {
                int next;
                if (break_end > start) {
                    lines_add(lines, run, start, break_end, paragraph);
                    next = break_end;
                    while (next < run->count && is_space(g[next].cp))
                        next++;
                } else {
                    lines_add(lines, run, start, j, paragraph);
                    next = j;
                }
                start = next;
                paragraph = false;
                wrapped = true;
                break;
            }
            pen += adv;
        }
        if (wrapped)
            continue;
        lines_add(lines, run, start, j, paragraph);
        if (j >= run->count)
            return;
        start = j + 1; /* past the '\n' */
        paragraph = true;
    }
}

static void lines_free(text_lines *lines)
{
    free(lines->items);
    *lines = (text_lines){0};
}

/* A block of text laid out with one font at one size. */
typedef struct text_block {
    text_font *font;
    int32_t size;
    line_metrics metrics;
    shaped_run run;
    text_lines lines;
} text_block;

static pv_result check_px(float px, const char *what)
{
    if (!(px > 0)) {
        pv_error("text: %s size %g px is not positive", what, px);
        return PV_ERR_INVALID;
    }
    if (px > MAX_PX) {
        pv_error("text: %s size %g px exceeds the %g px limit", what, px, MAX_PX);
        return PV_ERR_LIMIT;
    }
    return PV_OK;
}

/* `leading` is the distance between baselines (0: the face's line height), `paragraph_gap`
 * extra space before a line that follows a '\n'. */
static pv_result block_layout(text_font *f, const char *utf8, float px, float max_width,
                              int leading, int paragraph_gap, text_block *b)
{
    *b = (text_block){.font = f, .size = px_to_size(px)};
    if (!font_set_size(f, b->size))
        return PV_ERR_FORMAT;
    b->metrics = f->metrics;
    shape(f, utf8, &b->run);
    break_lines(&b->run, max_width > 0 ? (int32_t)(max_width * 64.0f) : 0, &b->lines);
    if (leading < b->metrics.height)
        leading = b->metrics.height;
    int top = 0;
    for (int i = 0; i < b->lines.count; i++) {
        text_line *line = &b->lines.items[i];
        if (i > 0)
            top += leading + (line->paragraph && line->end > line->start ? paragraph_gap : 0);
        line->top = top;
    }
    return PV_OK;
}

static void block_free(text_block *b)
{
    run_free(&b->run);
    lines_free(&b->lines);
}

static int block_height(const text_block *b)
{
    if (b->lines.count == 0)
        return 0;
    return b->lines.items[b->lines.count - 1].top + b->metrics.ascent + b->metrics.descent;
}

/* ---- drawing ---- */

typedef struct canvas {
    int width, height;
    uint8_t *rgba;
    uint8_t fill[4]; /* the background's inside pixel, for the blending fast path */
} canvas;

typedef struct rgba_f {
    float r, g, b, a;
} rgba_f;

static rgba_f unpack(uint32_t c)
{
    return (rgba_f){(c >> 24 & 255) / 255.0f, (c >> 16 & 255) / 255.0f, (c >> 8 & 255) / 255.0f,
                    (c & 255) / 255.0f};
}

static float rounded_box_distance(float px, float py, float hx, float hy, float r)
{
    float qx = fabsf(px) - (hx - r), qy = fabsf(py) - (hy - r);
    float ox = qx > 0 ? qx : 0, oy = qy > 0 ? qy : 0;
    float inside = qx > qy ? qx : qy;
    return sqrtf(ox * ox + oy * oy) + (inside < 0 ? inside : 0) - r;
}

/* Fills the canvas with an anti-aliased rounded rectangle and a 1px border a little lighter
 * (or darker, on light backgrounds) than the fill. */
static void draw_background(canvas *c, uint32_t color, float radius)
{
    rgba_f fill = unpack(color);
    float lum = 0.2126f * fill.r + 0.7152f * fill.g + 0.0722f * fill.b;
    float toward = lum > 0.6f ? 0.0f : 1.0f, mix = lum > 0.6f ? 0.12f : 0.16f;
    rgba_f border = {fill.r + (toward - fill.r) * mix, fill.g + (toward - fill.g) * mix,
                     fill.b + (toward - fill.b) * mix, fill.a + (1 - fill.a) * fill.a * 0.25f};
    float hx = c->width * 0.5f, hy = c->height * 0.5f;
    float r = pv_clampf(radius, 0, hx < hy ? hx : hy);
    c->fill[0] = (uint8_t)lrintf(255 * fill.r * fill.a);
    c->fill[1] = (uint8_t)lrintf(255 * fill.g * fill.a);
    c->fill[2] = (uint8_t)lrintf(255 * fill.b * fill.a);
    c->fill[3] = (uint8_t)lrintf(255 * fill.a);
    for (int y = 0; y < c->height; y++) {
        uint8_t *row = c->rgba + (size_t)y * c->width * 4;
        bool corner_row = y + 0.5f < r || y + 0.5f > c->height - r;
        bool edge_row = y < 2 || y >= c->height - 2;
        for (int x = 0; x < c->width; x++) {
            /* Away from the corners and the outer two pixels, everything is plain fill. */
            bool corner = corner_row && (x + 0.5f < r || x + 0.5f > c->width - r);
            if (!corner && !edge_row && x >= 2 && x < c->width - 2) {
                memcpy(row + x * 4, c->fill, 4);
                continue;
            }
            float d = rounded_box_distance(x + 0.5f - hx, y + 0.5f - hy, hx, hy, r);
            float outer = pv_clampf(0.5f - d, 0, 1);
            float inner = pv_clampf(-0.5f - d, 0, 1);
            float ring = outer - inner;
            float a = fill.a * inner + border.a * ring;
            uint8_t *p = row + x * 4;
            p[0] = (uint8_t)lrintf(255 * (fill.r * fill.a * inner + border.r * border.a * ring));
            p[1] = (uint8_t)lrintf(255 * (fill.g * fill.a * inner + border.g * border.a * ring));
            p[2] = (uint8_t)lrintf(255 * (fill.b * fill.a * inner + border.b * border.a * ring));
            p[3] = (uint8_t)lrintf(255 * a);
        }
    }
}

/* Composites coverage of one colour over the canvas. Edges are blended in linear light so
 * anti-aliasing keeps the stroke weight the same for light-on-dark and dark-on-light text. */
typedef struct ink {
    const text_font *font; /* for the gamma tables */
    uint8_t srgb[3];
    float linear[3];
    float alpha;
    uint8_t fill[4]; /* most glyph pixels land on this background pixel... */
    uint8_t over_fill[256][4]; /* ...so the result per coverage is computed once */
} ink;

static void blend_pixel(const ink *k, uint8_t *p, uint8_t coverage);

static void make_ink(ink *k, const text_font *f, uint32_t color, const canvas *c)
{
    k->font = f;
    k->srgb[0] = color >> 24 & 255, k->srgb[1] = color >> 16 & 255, k->srgb[2] = color >> 8 & 255;
    for (int i = 0; i < 3; i++)
        k->linear[i] = f->srgb_to_linear[k->srgb[i]];
    k->alpha = (color & 255) / 255.0f;
    memcpy(k->fill, c->fill, 4);
    for (int cov = 0; cov < 256; cov++) {
        memcpy(k->over_fill[cov], c->fill, 4);
        blend_pixel(k, k->over_fill[cov], (uint8_t)cov);
    }
}

static void blend_pixel(const ink *k, uint8_t *p, uint8_t coverage)
{
    float t = k->alpha * (coverage / 255.0f);
    if (t >= 1.0f) {
        p[0] = k->srgb[0], p[1] = k->srgb[1], p[2] = k->srgb[2], p[3] = 255;
        return;
    }
    float da = p[3] / 255.0f;
    float a = t + da * (1 - t);
    if (a <= 0)
        return;
    for (int i = 0; i < 3; i++) {
        float lin = k->linear[i] * t;
        if (p[3]) {
            int straight = (p[i] * 255 + p[3] / 2) / p[3];
            lin += k->font->srgb_to_linear[straight > 255 ? 255 : straight] * da * (1 - t);
        }
        float l = pv_clampf(lin / a, 0, 1);
        uint8_t s = k->font->linear_to_srgb[(int)(l * (LIN_TO_SRGB_SIZE - 1) + 0.5f)];
        p[i] = (uint8_t)lrintf(s * a);
    }
    p[3] = (uint8_t)lrintf(a * 255);
}

static void draw_glyph(canvas *c, const ink *k, const glyph_entry *e, int gx, int gy)
{
    for (int y = 0; y < e->rows; y++) {
        int cy = gy + y;
        if (cy < 0 || cy >= c->height)
            continue;
        const uint8_t *src = e->coverage + (size_t)y * e->width;
        uint8_t *row = c->rgba + (size_t)cy * c->width * 4;
        for (int x = 0; x < e->width; x++) {
            int cx = gx + x;
            if (!src[x] || cx < 0 || cx >= c->width)
                continue;
            uint8_t *p = row + cx * 4;
            if (memcmp(p, k->fill, 4) == 0)
                memcpy(p, k->over_fill[src[x]], 4);
            else
                blend_pixel(k, p, src[x]);
        }
    }
}

/* Draws the lines of `b`, the first baseline at `top + ascent`. `align` 0 = left, 1 = centre
 * within `box_width` pixels starting at `left`. */
static void draw_block(canvas *c, text_block *b, uint32_t color, float left, float top,
                       float box_width, int align)
{
    text_font *f = b->font;
    if (!font_set_size(f, b->size))
        return;
    ink k;
    make_ink(&k, f, color, c);
    for (int li = 0; li < b->lines.count; li++) {
        const text_line *line = &b->lines.items[li];
        int32_t pen = (int32_t)lrintf(left * 64.0f);
        if (align == 1)
            pen += (int32_t)lrintf((box_width * 64.0f - line->width) * 0.5f);
        int baseline = (int)lrintf(top) + line->top + b->metrics.ascent;
        for (int i = line->start; i < line->end; i++) {
            const shaped_glyph *g = &b->run.glyphs[i];
            if (i > line->start)
                pen += g->kern;
            const glyph_entry *e = font_glyph(f, g->glyph);
            if (e->coverage)
                draw_glyph(c, &k, e, ((pen + 32) >> 6) + e->left, baseline - e->top);
            pen += g->advance;
        }
    }
}

static pv_result canvas_create(canvas *c, float w, float h, const char *what)
{
    int iw = (int)ceilf(w), ih = (int)ceilf(h);
    if (iw < 1)
        iw = 1;
    if (ih < 1)
        ih = 1;
    if (iw > MAX_IMAGE_SIDE || ih > MAX_IMAGE_SIDE) {
        pv_error("text: the %s would be %dx%d pixels, over the %d pixel limit; shorten the text "
                 "or set a max width", what, iw, ih, MAX_IMAGE_SIDE);
        return PV_ERR_LIMIT;
    }
    c->width = iw;
    c->height = ih;
    c->rgba = pv_calloc((size_t)iw * (size_t)ih, 4);
    return PV_OK;
}

/* ---- public rendering ---- */

void text_image_free(text_image *img)
{
    if (!img)
        return;
    free(img->rgba);
    *img = (text_image){0};
}

pv_result text_render_label(text_font *f, const text_label_desc *d, text_image *out)
{
    if (out)
        *out = (text_image){0};
    if (!f || !d || !out || !d->utf8)
        return PV_ERR_INVALID;
    float px = d->px != 0 ? d->px : DEFAULT_LABEL_PX;
    pv_result r = check_px(px, "label");
    if (r != PV_OK)
        return r;
    uint32_t color = d->color ? d->color : DEFAULT_TEXT_COLOR;
    uint32_t background = d->background ? d->background : DEFAULT_BACKGROUND;
    float pad_y = d->padding > 0 ? d->padding : roundf(px * 0.45f);
    float pad_x = roundf(pad_y * 1.6f);

    text_block b;
    canvas c = {0};
    r = block_layout(f, d->utf8, px, 0, 0, 0, &b);
    if (r != PV_OK)
        goto done;
    float text_w = ceilf(b.lines.widest / 64.0f);
    float w = text_w + 2 * pad_x, h = (float)block_height(&b) + 2 * pad_y;
    r = canvas_create(&c, w, h, "label");
    if (r != PV_OK)
        goto done;
    float radius = d->radius > 0 ? d->radius : d->radius < 0 ? 0 : c.height * 0.5f;
    draw_background(&c, background, radius);
    draw_block(&c, &b, color, pad_x, pad_y, c.width - 2 * pad_x, 1);
    out->width = c.width;
    out->height = c.height;
    out->rgba = c.rgba;
done:
    block_free(&b);
    return r;
}

static bool has_text(const char *s)
{
    return s && *s;
}

pv_result text_render_panel(text_font *title_font, text_font *body_font,
                            const text_panel_desc *d, text_image *out)
{
    if (out)
        *out = (text_image){0};
    if (!d || !out)
        return PV_ERR_INVALID;
    bool with_title = has_text(d->title), with_body = has_text(d->body);
    if ((with_title && !title_font) || (with_body && !body_font))
        return PV_ERR_INVALID;
    float title_px = d->title_px != 0 ? d->title_px : DEFAULT_TITLE_PX;
    float body_px = d->body_px != 0 ? d->body_px : DEFAULT_BODY_PX;
    pv_result r = check_px(title_px, "panel title");
    if (r == PV_OK)
        r = check_px(body_px, "panel body");
    if (r != PV_OK)
        return r;
    float pad = d->padding > 0 ? d->padding : roundf(body_px * 0.9f);
    float max_w = d->max_width > 0 ? d->max_width : roundf(body_px * 26.0f);
    float content_max = floorf(max_w) - 2 * pad;
    float needed = (with_title ? title_px : 0) > body_px ? title_px : body_px;
    if (content_max < needed) {
        pv_error("text: panel max width %g px leaves %g px for text after %g px padding; "
                 "it needs at least %g px", max_w, content_max, pad, needed);
        return PV_ERR_INVALID;
    }
    uint32_t background = d->background ? d->background : DEFAULT_BACKGROUND;

    text_block title = {0}, body = {0};
    canvas c = {0};
    /* Body text reads better with more leading than the face's default (~1.16 em). */
    int body_leading = (int)lrintf(body_px * 1.4f);
    if (with_title &&
        (r = block_layout(title_font, d->title, title_px, content_max, 0, 0, &title)))
        goto done;
    if (with_body && (r = block_layout(body_font, d->body, body_px, content_max, body_leading,
                                       (int)lrintf(body_px * 0.5f), &body)))
        goto done;

    int32_t widest = title.lines.widest > body.lines.widest ? title.lines.widest
                                                            : body.lines.widest;
    float w = ceilf(widest / 64.0f) + 2 * pad;
    if (w > floorf(max_w))
        w = floorf(max_w);
    float gap = with_title && with_body ? roundf(body_px * 0.7f) : 0;
    float title_h = (float)block_height(&title), body_h = (float)block_height(&body);
    float h = title_h + gap + body_h + 2 * pad;
    r = canvas_create(&c, w, h, "panel");
    if (r != PV_OK)
        goto done;
    float radius = d->radius > 0 ? d->radius : d->radius < 0 ? 0 : roundf(body_px * 0.6f);
    draw_background(&c, background, radius);
    if (with_title)
        draw_block(&c, &title, d->title_color ? d->title_color : DEFAULT_TEXT_COLOR, pad, pad,
                   content_max, 0);
    if (with_body)
        draw_block(&c, &body, d->body_color ? d->body_color : DEFAULT_BODY_COLOR, pad,
                   pad + title_h + gap, content_max, 0);
    out->width = c.width;
    out->height = c.height;
    out->rgba = c.rgba;
done:
    block_free(&title);
    block_free(&body);
    return r;
}

float text_measure(text_font *f, const char *utf8, float px)
{
    if (!f || !utf8 || !(px > 0) || px > MAX_PX)
        return 0;
    text_block b;
    if (block_layout(f, utf8, px, 0, 0, 0, &b) != PV_OK) {
        block_free(&b);
        return 0;
    }
    float w = b.lines.widest / 64.0f;
    block_free(&b);
    return w;
}
