/* text layout: a string to lines of positioned glyphs (see text.h), and a cache of layouts.
 *
 * Per paragraph: FriBidi resolves embedding levels (UAX #9), HarfBuzz gives each character's
 * script, the font's chain gives each character a face (marks and joiners stay with their
 * base; common characters such as spaces stay with the face before them when it has them),
 * runs of one level, script and face are shaped with HarfBuzz, libunibreak gives the UAX #14
 * break opportunities, lines are filled greedily in logical order, and each line is put into
 * visual order by fribidi_reorder_line before its glyphs are placed.
 *
 * Threads: as the font the layout is made with. */
#include "text/text_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <linebreak.h>

static pthread_once_t linebreak_once = PTHREAD_ONCE_INIT;

static void linebreak_init(void)
{
    init_linebreak();
}

/* One glyph of a shaped item, in HarfBuzz's (visual) order. */
typedef struct shaped {
    uint32_t id;
    int32_t advance, dx, dy; /* 26.6 */
    int cluster;             /* character index */
} shaped;

/* Characters [start, end) of one level, script and face; glyphs [first, first + count). */
typedef struct item {
    int start, end, face, level;
    int first, count;
    int emitted_line; /* the last line that placed its glyphs */
} item;

typedef struct builder {
    text_font *font;
    const text_layout_desc *d;
    int32_t size;
    text_line_metrics metrics;
    hb_buffer_t *buf;
    hb_language_t language;
    /* the whole text */
    uint32_t *cps, *offs;
    char *brks;
    int n;
    /* per character of the text (scratch reused per paragraph) */
    FriBidiCharType *types;
    FriBidiBracketType *brackets;
    FriBidiLevel *levels, *line_levels;
    FriBidiStrIndex *map;
    hb_script_t *scripts;
    int *faces, *item_of;
    int32_t *advance;
    item *items;
    int item_count, item_cap;
    shaped *glyphs;
    int glyph_count, glyph_cap;
    /* output */
    text_layout *out;
    int out_glyph_cap, out_run_cap, out_line_cap;
} builder;

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) ||
           cp == 0x1680 || cp == 0x205F;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFEFF;
}

/* Joiners, variation selectors and combining marks belong to the character before them. */
static bool attaches(hb_unicode_funcs_t *uf, uint32_t cp)
{
    if (cp == 0x200C || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
        (cp >= 0xE0100 && cp <= 0xE01EF))
        return true;
    hb_unicode_general_category_t gc = hb_unicode_general_category(uf, cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

static bool script_is_weak(hb_script_t s)
{
    return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN;
}

/* UTF-8 to code points: "\r\n", '\r', U+2028 and U+2029 become '\n', tabs spaces; other
 * control characters are dropped. */
static void decode(builder *b, const char *utf8)
{
    size_t len = strlen(utf8), pos = 0;
    b->cps = pv_malloc((len + 1) * sizeof *b->cps);
    b->offs = pv_malloc((len + 1) * sizeof *b->offs);
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
        b->cps[b->n] = cp;
        b->offs[b->n++] = (uint32_t)start;
    }
}

static void *grow(void *p, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return p;
    int c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    *cap = c;
    return pv_realloc(p, (size_t)c * elem);
}

static void add_item(builder *b, int start, int end, int face, int level)
{
    b->items = grow(b->items, &b->item_cap, b->item_count + 1, sizeof *b->items);
    b->items[b->item_count++] =
        (item){.start = start, .end = end, .face = face, .level = level, .emitted_line = -1};
}

/* Shapes item `it` of the paragraph starting at character `ps` (length `plen`). */
static void shape_item(builder *b, item *it, int ps, int plen)
{
    text_face *face = text_font_face(b->font, it->face);
    it->first = b->glyph_count;
    it->count = 0;
    if (!face || !text_face_set_size(face, b->size))
        return;
    hb_buffer_clear_contents(b->buf);
    hb_buffer_add_codepoints(b->buf, b->cps + ps, plen, (unsigned)(it->start - ps),
                             it->end - it->start);
    hb_buffer_set_direction(b->buf, it->level & 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(b->buf, b->scripts[it->start]);
    hb_buffer_set_language(b->buf, b->language);
    hb_shape(face->hb, b->buf, NULL, 0);
    unsigned count = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b->buf, &count);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b->buf, NULL);
    b->glyphs = grow(b->glyphs, &b->glyph_cap, b->glyph_count + (int)count, sizeof *b->glyphs);
    for (unsigned i = 0; i < count; i++) {
        int cluster = ps + (int)info[i].cluster;
        b->glyphs[b->glyph_count++] = (shaped){info[i].codepoint, pos[i].x_advance,
                                               pos[i].x_offset, pos[i].y_offset, cluster};
        b->advance[cluster] += pos[i].x_advance;
    }
    it->count = (int)count;
}

static text_run *add_run(builder *b, const text_face *face, bool rtl)
{
    text_layout *l = b->out;
    l->runs = grow(l->runs, &b->out_run_cap, l->run_count + 1, sizeof *l->runs);
    text_run *r = &l->runs[l->run_count++];
    *r = (text_run){.first = l->glyph_count, .face = face, .rtl = rtl};
    return r;
}

/* Places characters [ls, le) of the paragraph at `ps` as one line. */
static void emit_line(builder *b, int ps, int ls, int le, bool rtl, bool paragraph_start)
{
    text_layout *l = b->out;
    int te = le;
    while (!b->d->keep_spaces && te > ls && is_space(b->cps[te - 1]))
        te--;
    float top = 0;
    if (l->line_count > 0) {
        float leading = b->d->line_height > b->metrics.height ? b->d->line_height
                                                                : (float)b->metrics.height;
        top = l->lines[l->line_count - 1].top + roundf(leading);
        if (paragraph_start && te > ls)
            top += roundf(b->d->paragraph_gap);
    }
    l->lines = grow(l->lines, &b->out_line_cap, l->line_count + 1, sizeof *l->lines);
    int line_index = l->line_count++;
    text_layout_line *line = &l->lines[line_index];
    *line = (text_layout_line){.top = top, .baseline = top + b->metrics.ascent,
                               .first_run = l->run_count, .rtl = rtl};
    if (te == ls)
        return;
    FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    for (int k = ls; k < te; k++) {
        b->line_levels[k - ps] = b->levels[k - ps];
        b->map[k - ps] = k - ps;
    }
    if (!fribidi_reorder_line(0, b->types, te - ls, ls - ps, base, b->line_levels, NULL, b->map))
        for (int k = ls; k < te; k++) /* out of memory in FriBidi: logical order */
            b->map[k - ps] = k - ps;
    int32_t pen = 0;
    for (int v = ls; v < te; v++) {
        item *it = &b->items[b->item_of[ps + b->map[v - ps]]];
        if (it->emitted_line == line_index)
            continue;
        it->emitted_line = line_index;
        text_face *face = text_font_face(b->font, it->face);
        text_run *run = NULL;
        for (int g = it->first; g < it->first + it->count; g++) {
            const shaped *s = &b->glyphs[g];
            if (s->cluster < ls || s->cluster >= te)
                continue;
            if (!run)
                run = add_run(b, face, it->level & 1);
            l->glyphs = grow(l->glyphs, &b->out_glyph_cap, l->glyph_count + 1,
                             sizeof *l->glyphs);
            l->glyphs[l->glyph_count++] = (text_glyph){
                .face = face,
                .id = s->id,
                .x = (pen + s->dx) / 64.0f,
                .y = line->baseline - s->dy / 64.0f,
                .advance = s->advance / 64.0f,
                .cluster = b->offs[s->cluster],
            };
            run->count++;
            pen += s->advance;
        }
    }
    line->run_count = l->run_count - line->first_run;
    line->width = pen / 64.0f;
}

/* Lays out the paragraph of characters [ps, pe). */
static void paragraph(builder *b, int ps, int pe)
{
    int plen = pe - ps;
    bool rtl = b->d->dir == TEXT_DIR_RTL;
    if (plen == 0) {
        emit_line(b, ps, ps, ps, rtl, true);
        return;
    }
    const uint32_t *cps = b->cps + ps;
    FriBidiParType base = b->d->dir == TEXT_DIR_LTR   ? FRIBIDI_PAR_LTR
                          : b->d->dir == TEXT_DIR_RTL ? FRIBIDI_PAR_RTL
                                                      : FRIBIDI_PAR_ON;
    fribidi_get_bidi_types(cps, plen, b->types);
    fribidi_get_bracket_types(cps, plen, b->types, b->brackets);
    if (!fribidi_get_par_embedding_levels_ex(b->types, b->brackets, plen, &base, b->levels))
        memset(b->levels, base == FRIBIDI_PAR_RTL, (size_t)plen * sizeof *b->levels);
    rtl = FRIBIDI_IS_RTL(base);

    /* Scripts: common and inherited characters (spaces, digits, punctuation, marks) take the
     * script of a neighbour at their own bidi level, the one before them first. */
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    for (int i = ps; i < pe; i++)
        b->scripts[i] = hb_unicode_script(uf, b->cps[i]);
    hb_script_t next = HB_SCRIPT_COMMON;
    int next_level = -1;
    for (int i = pe - 1; i >= ps; i--) { /* the next strong script, in item_of as scratch */
        if (!script_is_weak(b->scripts[i]))
            next = b->scripts[i], next_level = b->levels[i - ps];
        b->item_of[i] = (int)next;
        b->advance[i] = next_level;
    }
    hb_script_t prev_script = HB_SCRIPT_COMMON;
    int prev_level = -1;
    for (int i = ps; i < pe; i++) {
        int level = b->levels[i - ps];
        if (!script_is_weak(b->scripts[i])) {
            prev_script = b->scripts[i], prev_level = level;
            continue;
        }
        hb_script_t after = (hb_script_t)b->item_of[i];
        if (prev_level == level || (prev_level >= 0 && b->advance[i] != level))
            b->scripts[i] = prev_script;
        else
            b->scripts[i] = b->advance[i] >= 0 ? after : prev_script;
    }

    /* Faces, per character. */
    int prev = -1;
    for (int i = ps; i < pe; i++) {
        uint32_t cp = b->cps[i];
        int face;
        if (prev >= 0 && attaches(uf, cp)) {
            face = prev;
        } else {
            bool weak = script_is_weak(hb_unicode_script(uf, cp));
            face = text_font_face_for(b->font, cp, prev, weak);
            if (face < 0) {
                b->out->missing++;
                face = 0;
            }
        }
        b->faces[i] = face;
        b->advance[i] = 0;
        prev = face;
    }

    /* Items of one level, script and face, shaped. */
    int first_item = b->item_count;
    for (int i = ps; i < pe;) {
        int j = i + 1;
        while (j < pe && b->levels[j - ps] == b->levels[i - ps] &&
               b->scripts[j] == b->scripts[i] && b->faces[j] == b->faces[i])
            j++;
        add_item(b, i, j, b->faces[i], b->levels[i - ps]);
        for (int k = i; k < j; k++)
            b->item_of[k] = b->item_count - 1;
        i = j;
    }
    for (int k = first_item; k < b->item_count; k++)
        shape_item(b, &b->items[k], ps, plen);

    /* Lines: greedy in logical order at UAX #14 opportunities; a character boundary when a
     * word alone is too wide. Spaces hang past the edge. */
    int32_t max = b->d->max_width > 0 ? (int32_t)(b->d->max_width * 64.0f) : 0;
    for (int ls = ps; ls < pe;) {
        int32_t w = 0;
        int last_break = -1, le = pe;
        for (int i = ls; i < pe; i++) {
            w += b->advance[i];
            if (max > 0 && i > ls && b->advance[i] > 0 && !is_space(b->cps[i]) && w > max) {
                le = last_break >= ls ? last_break + 1 : i;
                break;
            }
            if (b->brks[i] == LINEBREAK_ALLOWBREAK)
                last_break = i;
        }
        emit_line(b, ps, ls, le, rtl, ls == ps);
        ls = le;
    }
}

static float align_offset(text_align align, bool rtl, float box, float width)
{
    switch (align) {
    case TEXT_ALIGN_CENTER: return (box - width) * 0.5f;
    case TEXT_ALIGN_LEFT: return 0;
    case TEXT_ALIGN_RIGHT: return box - width;
    case TEXT_ALIGN_END: return rtl ? 0 : box - width;
    case TEXT_ALIGN_START:
    default: return rtl ? box - width : 0;
    }
}

float text_layout_box_offset(const text_layout *l, float box_width)
{
    if (!l || box_width <= l->width)
        return 0;
    bool rtl = l->line_count > 0 && l->lines[0].rtl;
    return align_offset(l->align, rtl, box_width, l->width);
}

pv_result text_layout_create(text_font *f, const text_layout_desc *d, text_layout **out)
{
    if (out)
        *out = NULL;
    if (!f || !d || !d->utf8 || !out)
        return PV_ERR_INVALID;
    pv_result r = text_check_px(d->px, "text");
    if (r != PV_OK)
        return r;
    text_face *primary = text_font_face(f, 0);
    if (!primary || !text_face_set_size(primary, text_px_to_size(d->px)))
        return PV_ERR_FORMAT;
    pthread_once(&linebreak_once, linebreak_init);

    builder b = {.font = f, .d = d, .size = text_px_to_size(d->px)};
    b.metrics = primary->metrics;
    b.out = pv_calloc(1, sizeof *b.out);
    b.out->px = d->px;
    b.out->ascent = (float)b.metrics.ascent;
    b.out->descent = (float)b.metrics.descent;
    b.out->align = d->align;
    b.language = d->lang && *d->lang ? hb_language_from_string(d->lang, -1)
                                     : HB_LANGUAGE_INVALID;
    decode(&b, d->utf8);
    size_t n = (size_t)b.n + 1;
    b.brks = pv_malloc(n);
    if (b.n > 0)
        set_linebreaks_utf32(b.cps, (size_t)b.n, d->lang, b.brks);
    b.types = pv_malloc(n * sizeof *b.types);
    b.brackets = pv_malloc(n * sizeof *b.brackets);
    b.levels = pv_malloc(n * sizeof *b.levels);
    b.line_levels = pv_malloc(n * sizeof *b.line_levels);
    b.map = pv_malloc(n * sizeof *b.map);
    b.scripts = pv_malloc(n * sizeof *b.scripts);
    b.faces = pv_malloc(n * sizeof *b.faces);
    b.item_of = pv_malloc(n * sizeof *b.item_of);
    b.advance = pv_malloc(n * sizeof *b.advance);
    b.buf = hb_buffer_create();

    int ps = 0;
    for (int i = 0; i <= b.n; i++) {
        if (i == b.n || b.cps[i] == '\n') {
            paragraph(&b, ps, i);
            ps = i + 1;
        }
    }

    text_layout *l = b.out;
    for (int i = 0; i < l->line_count; i++)
        if (l->lines[i].width > l->width)
            l->width = l->lines[i].width;
    if (d->fill && d->max_width > l->width)
        l->width = d->max_width;
    for (int i = 0; i < l->line_count; i++) {
        text_layout_line *line = &l->lines[i];
        float dx = align_offset(d->align, line->rtl, l->width, line->width);
        line->x = dx;
        for (int k = line->first_run; k < line->first_run + line->run_count; k++)
            for (int g = l->runs[k].first; g < l->runs[k].first + l->runs[k].count; g++)
                l->glyphs[g].x += dx;
    }
    if (l->line_count > 0)
        l->height = l->lines[l->line_count - 1].top + l->ascent + l->descent;

    hb_buffer_destroy(b.buf);
    free(b.cps);
    free(b.offs);
    free(b.brks);
    free(b.types);
    free(b.brackets);
    free(b.levels);
    free(b.line_levels);
    free(b.map);
    free(b.scripts);
    free(b.faces);
    free(b.item_of);
    free(b.advance);
    free(b.items);
    free(b.glyphs);
    *out = l;
    return PV_OK;
}

void text_layout_destroy(text_layout **pl)
{
    if (!pl || !*pl)
        return;
    text_layout *l = *pl;
    free(l->glyphs);
    free(l->runs);
    free(l->lines);
    free(l);
    *pl = NULL;
}

float text_measure(text_font *f, const char *utf8, float px)
{
    if (!f || !utf8 || !(px > 0) || px > TEXT_MAX_PX)
        return 0;
    text_layout *l = NULL;
    if (text_layout_create(f, &(text_layout_desc){.utf8 = utf8, .px = px}, &l) != PV_OK)
        return 0;
    float w = l->width;
    text_layout_destroy(&l);
    return w;
}

/* ---- the layout cache ---- */

typedef struct cache_entry {
    uint64_t hash, last_use;
    char *utf8, *lang;
    text_layout_desc desc; /* utf8 and lang point at the copies above */
    text_layout *layout;
} cache_entry;

struct text_layout_cache {
    text_font *font;
    cache_entry *entries;
    int count, capacity;
    uint64_t clock, hits, misses;
};

text_layout_cache *text_layout_cache_create(text_font *f, int capacity)
{
    if (!f)
        return NULL;
    text_layout_cache *c = pv_calloc(1, sizeof *c);
    c->font = f;
    c->capacity = capacity > 0 ? capacity : 256;
    c->entries = pv_calloc((size_t)c->capacity, sizeof *c->entries);
    return c;
}

static void entry_free(cache_entry *e)
{
    free(e->utf8);
    free(e->lang);
    text_layout_destroy(&e->layout);
    *e = (cache_entry){0};
}

void text_layout_cache_destroy(text_layout_cache **pc)
{
    if (!pc || !*pc)
        return;
    text_layout_cache *c = *pc;
    for (int i = 0; i < c->count; i++)
        entry_free(&c->entries[i]);
    free(c->entries);
    free(c);
    *pc = NULL;
}

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const uint8_t *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 0x100000001B3ull;
    return h;
}

static uint64_t desc_hash(const text_layout_desc *d)
{
    uint64_t h = 0xCBF29CE484222325ull;
    h = hash_bytes(h, d->utf8, strlen(d->utf8) + 1);
    if (d->lang)
        h = hash_bytes(h, d->lang, strlen(d->lang));
    float nums[4] = {d->px, d->max_width, d->line_height, d->paragraph_gap};
    int enums[4] = {(int)d->dir, (int)d->align, (int)d->keep_spaces, (int)d->fill};
    h = hash_bytes(h, nums, sizeof nums);
    return hash_bytes(h, enums, sizeof enums);
}

static bool same_str(const char *a, const char *b)
{
    if (!a || !b)
        return (!a || !*a) && (!b || !*b);
    return strcmp(a, b) == 0;
}

static bool desc_equal(const text_layout_desc *a, const text_layout_desc *b)
{
    return a->px == b->px && a->max_width == b->max_width && a->line_height == b->line_height &&
           a->paragraph_gap == b->paragraph_gap && a->dir == b->dir && a->align == b->align &&
           a->keep_spaces == b->keep_spaces && a->fill == b->fill && same_str(a->lang, b->lang) &&
           strcmp(a->utf8, b->utf8) == 0;
}

const text_layout *text_layout_cache_get(text_layout_cache *c, const text_layout_desc *d)
{
    if (!c || !d || !d->utf8)
        return NULL;
    uint64_t h = desc_hash(d);
    c->clock++;
    for (int i = 0; i < c->count; i++) {
        cache_entry *e = &c->entries[i];
        if (e->hash == h && desc_equal(&e->desc, d)) {
            e->last_use = c->clock;
            c->hits++;
            return e->layout;
        }
    }
    c->misses++;
    text_layout *l = NULL;
    if (text_layout_create(c->font, d, &l) != PV_OK)
        return NULL;
    cache_entry *slot;
    if (c->count < c->capacity) {
        slot = &c->entries[c->count++];
    } else {
        slot = &c->entries[0];
        for (int i = 1; i < c->count; i++)
            if (c->entries[i].last_use < slot->last_use)
                slot = &c->entries[i];
        entry_free(slot);
    }
    slot->hash = h;
    slot->last_use = c->clock;
    slot->utf8 = pv_strdup(d->utf8);
    slot->lang = d->lang ? pv_strdup(d->lang) : NULL;
    slot->desc = *d;
    slot->desc.utf8 = slot->utf8;
    slot->desc.lang = slot->lang;
    slot->layout = l;
    return l;
}

void text_layout_cache_stats(const text_layout_cache *c, uint64_t *hits, uint64_t *misses)
{
    if (hits)
        *hits = c ? c->hits : 0;
    if (misses)
        *misses = c ? c->misses : 0;
}
