/* text: fonts, their fallback chains and glyph bitmaps (see text.h).
 *
 * A font is a chain of faces: fontconfig, given a private configuration that holds only the
 * project's font files (pv_font_files), sorts them for the requested pattern; the first is the
 * primary face and the rest are fallbacks picked per character by their character sets. Faces
 * are loaded with FreeType on first use and wrapped in a HarfBuzz font for shaping. Glyph
 * bitmaps are cached per (glyph, size) in each face.
 *
 * Threads: a text_font is used by one thread at a time; every font owns its FreeType library,
 * so different fonts work in parallel. No global fontconfig state is created. */
#include "text/text_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ft.h>

enum {
    CACHE_INITIAL = 256,
    CACHE_MAX_ENTRIES = 4096, /* flushed beyond this: a few sizes of a few scripts fit */
};

static atomic_uint face_serial = 1;

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

/* A fontconfig configuration that sees the project's font files and nothing else: no system
 * configuration is loaded, so no directories are scanned and no aliases apply. */
static FcConfig *project_config(void)
{
    FcConfig *config = FcConfigCreate();
    if (!config)
        return NULL;
    int added = 0;
    for (const char *const *file = pv_font_files(); *file; file++) {
        if (FcConfigAppFontAddFile(config, (const FcChar8 *)*file))
            added++;
        else
            pv_warn("text: font file \"%s\" is missing or unreadable; run tools/setup.sh "
                    "(fonts-dejavu-core, fonts-wqy-microhei)", *file);
    }
    if (!added) {
        FcConfigDestroy(config);
        return NULL;
    }
    return config;
}

static char *pattern_string(FcPattern *p, const char *object)
{
    FcChar8 *s = NULL;
    return FcPatternGetString(p, object, 0, &s) == FcResultMatch ? pv_strdup((const char *)s)
                                                                 : NULL;
}

static void chain_add(text_font *f, const char *path, int index, const char *family,
                      const FcCharSet *charset)
{
    for (int i = 0; i < f->face_count; i++)
        if (strcmp(f->faces[i].path, path) == 0 && f->faces[i].index == index)
            return;
    f->faces = pv_realloc(f->faces, (size_t)(f->face_count + 1) * sizeof *f->faces);
    text_face *face = &f->faces[f->face_count++];
    *face = (text_face){
        .font = f,
        .serial = atomic_fetch_add(&face_serial, 1),
        .path = pv_strdup(path),
        .family = pv_strdup(family ? family : ""),
        .index = index,
        .charset = charset ? FcCharSetCopy((FcCharSet *)charset) : NULL,
    };
}

/* Fills the chain: `file` (when opening a file) first, then the project's faces sorted by
 * fontconfig for `name`. */
static pv_result build_chain(text_font *f, const char *name, const char *file)
{
    pv_result r = PV_OK;
    FcPattern *pattern = NULL;
    FcFontSet *sorted = NULL;
    FcConfig *config = project_config();
    if (!config) {
        pv_error("text: none of the project's font files is installed; run tools/setup.sh");
        return PV_ERR_IO;
    }
    pattern = FcNameParse((const FcChar8 *)(name ? name : ""));
    if (!pattern) {
        pv_error("text: \"%s\" is not a fontconfig pattern (expected e.g. \"DejaVu Sans\" or "
                 "\"sans-serif:bold\")", name);
        r = PV_ERR_INVALID;
        goto done;
    }
    char *wanted = pattern_string(pattern, FC_FAMILY);
    if (!wanted || is_generic_family(wanted)) {
        /* The project's default family stands for every generic one. */
        FcPatternDel(pattern, FC_FAMILY);
        FcFontSet *all = FcConfigGetFonts(config, FcSetApplication);
        FcChar8 *fam = NULL;
        if (all && all->nfont > 0 &&
            FcPatternGetString(all->fonts[0], FC_FAMILY, 0, &fam) == FcResultMatch)
            FcPatternAddString(pattern, FC_FAMILY, fam);
        free(wanted);
        wanted = NULL;
    }
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult fr = FcResultNoMatch;
    sorted = FcFontSort(config, pattern, FcFalse, NULL, &fr);
    if (!sorted || sorted->nfont == 0) {
        pv_error("text: fontconfig found no project font for \"%s\"", name ? name : "");
        free(wanted);
        r = PV_ERR_IO;
        goto done;
    }
    if (file) {
        FcPattern *q = FcFreeTypeQuery((const FcChar8 *)file, 0, NULL, NULL);
        FcCharSet *cs = NULL;
        if (q)
            FcPatternGetCharSet(q, FC_CHARSET, 0, &cs);
        char *fam = q ? pattern_string(q, FC_FAMILY) : NULL;
        chain_add(f, file, 0, fam, cs);
        free(fam);
        if (q)
            FcPatternDestroy(q);
    }
    for (int i = 0; i < sorted->nfont; i++) {
        FcPattern *p = sorted->fonts[i];
        FcChar8 *path = NULL;
        FcCharSet *cs = NULL;
        int index = 0;
        if (FcPatternGetString(p, FC_FILE, 0, &path) != FcResultMatch)
            continue;
        FcPatternGetInteger(p, FC_INDEX, 0, &index);
        FcPatternGetCharSet(p, FC_CHARSET, 0, &cs);
        char *fam = pattern_string(p, FC_FAMILY);
        chain_add(f, (const char *)path, index, fam, cs);
        free(fam);
    }
    if (wanted && FcStrCmpIgnoreCase((const FcChar8 *)f->faces[0].family,
                                     (const FcChar8 *)wanted) != 0)
        pv_warn("text: font family \"%s\" is not one of the project's fonts; using \"%s\" (%s) "
                "instead", wanted, f->faces[0].family, f->faces[0].path);
    free(wanted);
done:
    if (sorted)
        FcFontSetDestroy(sorted);
    if (pattern)
        FcPatternDestroy(pattern);
    FcConfigDestroy(config);
    return r;
}

/* Loads face `i`; logs why not. */
static bool face_load(text_font *f, text_face *face)
{
    face->tried = true;
    FT_Error e = FT_New_Face(f->library, face->path, face->index, &face->ft);
    if (e) {
        pv_error("text: cannot load font \"%s\": %s (FreeType code %d)",
                 pv_path_display(face->path), ft_error_text(e), e);
        face->ft = NULL;
        return false;
    }
    const char *why = NULL;
    if (!FT_IS_SCALABLE(face->ft))
        why = "has only fixed bitmap sizes; use a scalable (outline) font";
    else if (FT_Select_Charmap(face->ft, FT_ENCODING_UNICODE))
        why = "has no Unicode character map; use another font";
    if (why) {
        pv_error("text: font \"%s\" %s", pv_path_display(face->path), why);
        FT_Done_Face(face->ft);
        face->ft = NULL;
        return false;
    }
    face->hb = hb_ft_font_create_referenced(face->ft);
    hb_ft_font_set_load_flags(face->hb, FT_LOAD_NO_HINTING);
    face->usable = true;
    return true;
}

text_face *text_font_face(text_font *f, int i)
{
    if (!f || i < 0 || i >= f->face_count)
        return NULL;
    text_face *face = &f->faces[i];
    if (!face->tried)
        face_load(f, face);
    return face->usable ? face : NULL;
}

int text_font_face_for(text_font *f, uint32_t cp, int prev, bool keep_prev)
{
    if (keep_prev && prev >= 0 && prev < f->face_count && f->faces[prev].charset &&
        FcCharSetHasChar(f->faces[prev].charset, cp) && text_font_face(f, prev))
        return prev;
    for (int i = 0; i < f->face_count; i++)
        if (f->faces[i].charset && FcCharSetHasChar(f->faces[i].charset, cp) &&
            text_font_face(f, i))
            return i;
    return -1;
}

pv_result text_font_open(const char *name, text_font **out)
{
    if (!out)
        return PV_ERR_INVALID;
    *out = NULL;
    pv_result r = PV_OK;
    bool is_file = name && strchr(name, '/');
    if (is_file && !pv_file_exists(name)) {
        pv_error("text: font file \"%s\" does not exist; check the path or name a family "
                 "instead (e.g. \"DejaVu Sans\")", pv_path_display(name));
        return PV_ERR_IO;
    }
    text_font *f = pv_calloc(1, sizeof *f);
    FT_Error e = FT_Init_FreeType(&f->library);
    if (e) {
        pv_error("text: FreeType failed to initialise (%s, code %d)", ft_error_text(e), e);
        f->library = NULL;
        r = PV_ERR_IO;
        goto done;
    }
    r = build_chain(f, is_file ? NULL : name, is_file ? name : NULL);
    if (r != PV_OK)
        goto done;
    if (!text_font_face(f, 0)) {
        FT_Error fe = FT_Err_Unknown_File_Format;
        FT_Face probe = NULL;
        if (is_file)
            fe = FT_New_Face(f->library, name, 0, &probe);
        if (probe)
            FT_Done_Face(probe);
        r = fe == FT_Err_Cannot_Open_Resource ? PV_ERR_IO : PV_ERR_FORMAT;
        goto done;
    }
    *out = f;
    f = NULL;
done:
    text_font_close(&f);
    return r;
}

static void cache_clear(text_face *face)
{
    for (int i = 0; i < face->cache_cap; i++) {
        free(face->cache[i].coverage);
        face->cache[i] = (text_glyph_bitmap){0};
    }
    face->cache_count = 0;
}

void text_font_close(text_font **pf)
{
    if (!pf || !*pf)
        return;
    text_font *f = *pf;
    for (int i = 0; i < f->face_count; i++) {
        text_face *face = &f->faces[i];
        if (face->cache)
            cache_clear(face);
        free(face->cache);
        if (face->hb)
            hb_font_destroy(face->hb); /* releases the FT_Face it references */
        else if (face->ft)
            FT_Done_Face(face->ft);
        if (face->charset)
            FcCharSetDestroy(face->charset);
        free(face->path);
        free(face->family);
    }
    free(f->faces);
    if (f->library)
        FT_Done_FreeType(f->library);
    free(f);
    *pf = NULL;
}

const char *text_font_path(const text_font *f)
{
    return f && f->face_count ? f->faces[0].path : NULL;
}

const char *text_face_path(const text_face *face)
{
    return face ? face->path : NULL;
}

int text_face_index(const text_face *face)
{
    return face ? face->index : 0;
}

const char *text_face_family(const text_face *face)
{
    return face ? face->family : NULL;
}

pv_result text_check_px(float px, const char *what)
{
    if (!(px > 0)) {
        pv_error("text: %s size %g px is not positive", what, px);
        return PV_ERR_INVALID;
    }
    if (px > TEXT_MAX_PX) {
        pv_error("text: %s size %g px exceeds the %g px limit", what, px, TEXT_MAX_PX);
        return PV_ERR_LIMIT;
    }
    return PV_OK;
}

bool text_face_set_size(text_face *face, int32_t size)
{
    if (face->size == size)
        return true;
    FT_Error e = FT_Set_Char_Size(face->ft, 0, size, 72, 72);
    if (e) {
        pv_error("text: font \"%s\" cannot be set to %.1f px: %s", pv_path_display(face->path),
                 size / 64.0, ft_error_text(e));
        face->size = 0;
        return false;
    }
    hb_ft_font_changed(face->hb);
    face->size = size;
    const FT_Size_Metrics *m = &face->ft->size->metrics;
    text_line_metrics lm;
    lm.ascent = (int)((m->ascender + 63) >> 6);
    lm.descent = (int)((-m->descender + 63) >> 6);
    lm.height = (int)((m->height + 32) >> 6);
    if (lm.height < lm.ascent + lm.descent)
        lm.height = lm.ascent + lm.descent;
    face->metrics = lm;
    return true;
}

static uint32_t cache_hash(uint32_t glyph, int32_t size)
{
    uint32_t h = glyph * 2654435761u ^ ((uint32_t)size * 40503u + 0x9E3779B9u);
    return h ^ (h >> 15);
}

static text_glyph_bitmap *cache_slot(text_face *f, uint32_t glyph, int32_t size)
{
    uint32_t mask = (uint32_t)f->cache_cap - 1;
    for (uint32_t i = cache_hash(glyph, size) & mask;; i = (i + 1) & mask) {
        text_glyph_bitmap *e = &f->cache[i];
        if (e->size == 0 || (e->glyph == glyph && e->size == size))
            return e;
    }
}

static void cache_grow(text_face *f)
{
    text_glyph_bitmap *old = f->cache;
    int old_cap = f->cache_cap;
    f->cache_cap = old_cap ? old_cap * 2 : CACHE_INITIAL;
    f->cache = pv_calloc((size_t)f->cache_cap, sizeof *f->cache);
    for (int i = 0; i < old_cap; i++)
        if (old[i].size)
            *cache_slot(f, old[i].glyph, old[i].size) = old[i];
    free(old);
}

/* Renders a glyph into `e`; false when FreeType cannot load it. */
static bool glyph_render(text_face *f, uint32_t glyph, text_glyph_bitmap *e)
{
    FT_Error err = FT_Load_Glyph(f->ft, glyph, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP);
    if (!err)
        err = FT_Render_Glyph(f->ft->glyph, FT_RENDER_MODE_NORMAL);
    if (err)
        return false;
    FT_GlyphSlot slot = f->ft->glyph;
    const FT_Bitmap *bm = &slot->bitmap;
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

const text_glyph_bitmap *text_face_glyph(text_face *f, uint32_t glyph)
{
    if (!f->cache || (f->cache_count + 1) * 10 > f->cache_cap * 7) {
        if (f->cache_count >= CACHE_MAX_ENTRIES)
            cache_clear(f);
        else
            cache_grow(f);
    }
    text_glyph_bitmap *e = cache_slot(f, glyph, f->size);
    if (e->size)
        return e;
    text_glyph_bitmap fresh = {.glyph = glyph, .size = f->size};
    if (!glyph_render(f, glyph, &fresh)) {
        pv_warn("text: font \"%s\" cannot render glyph %u; drawing nothing for it",
                pv_path_display(f->path), glyph);
        fresh = (text_glyph_bitmap){.glyph = glyph, .size = f->size};
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
