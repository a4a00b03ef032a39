/* Tests for engine/text's layout: font fallback across scripts (checked by glyph ids), UAX #14
 * line breaking (Chinese and Japanese without spaces, Latin at spaces, never inside a word),
 * bidi order of mixed Arabic and Latin, Arabic joining, alignment, the layout cache and the
 * glyph atlas. Only the project's font files are used, so these pass whatever other fonts are
 * installed. The golden images of this text as drawn (tests/golden/text-*.png: a mixed-script
 * label, a right-aligned Arabic panel, wrapped Chinese and Japanese) are ui_render_test's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "text/text.h"

#include "check.h"

static text_layout *layout(text_font *f, const char *s, float px, float max_width,
                           text_dir dir, text_align align)
{
    text_layout *l = NULL;
    CHECK(text_layout_create(f,
                             &(text_layout_desc){.utf8 = s, .px = px, .max_width = max_width,
                                                 .dir = dir, .align = align},
                             &l) == PV_OK);
    return l;
}

static int zero_glyphs(const text_layout *l)
{
    int n = 0;
    for (int i = 0; i < l->glyph_count; i++)
        n += l->glyphs[i].id == 0;
    return n;
}

/* The glyph showing the character at byte offset `cluster`, or NULL. */
static const text_glyph *glyph_at(const text_layout *l, uint32_t cluster)
{
    for (int i = 0; i < l->glyph_count; i++)
        if (l->glyphs[i].cluster == cluster)
            return &l->glyphs[i];
    return NULL;
}

static void test_fallback(text_font *f)
{
    const char *s = "Hall · Зал · قاعة · ホール · 홀 · 大厅";
    text_layout *l = layout(f, s, 20, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->missing == 0);
    CHECK(l && zero_glyphs(l) == 0);
    CHECK(l && l->line_count == 1);
    /* Each script is drawn by a project face that has it. */
    const text_glyph *latin = glyph_at(l, (uint32_t)(strstr(s, "Hall") - s));
    const text_glyph *cyr = glyph_at(l, (uint32_t)(strstr(s, "Зал") - s));
    const text_glyph *kana = glyph_at(l, (uint32_t)(strstr(s, "ホ") - s));
    const text_glyph *hangul = glyph_at(l, (uint32_t)(strstr(s, "홀") - s));
    const text_glyph *han = glyph_at(l, (uint32_t)(strstr(s, "大") - s));
    CHECK(latin && strstr(text_face_family(latin->face), "DejaVu Sans"));
    CHECK(cyr && strstr(text_face_family(cyr->face), "DejaVu Sans"));
    CHECK(kana && strstr(text_face_family(kana->face), "WenQuanYi"));
    CHECK(hangul && strstr(text_face_family(hangul->face), "WenQuanYi"));
    CHECK(han && strstr(text_face_family(han->face), "WenQuanYi"));
    for (int i = 0; l && i < l->glyph_count; i++) {
        const char *path = text_face_path(l->glyphs[i].face);
        bool project = false;
        for (const char *const *p = pv_font_files(); *p; p++)
            project |= strcmp(*p, path) == 0;
        CHECK(project);
    }
    text_layout_destroy(&l);
    CHECK(l == NULL);

    /* The film title that used to draw as four boxes. */
    l = layout(f, "オーロラ", 20, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->glyph_count == 4 && zero_glyphs(l) == 0 && l->missing == 0);
    text_layout_destroy(&l);
    /* A character no project font has is counted and drawn as .notdef (glyph 0). */
    l = layout(f, "a\xf0\x93\x80\x80", 20, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START); /* U+13000 */
    CHECK(l && l->missing == 1 && zero_glyphs(l) == 1);
    text_layout_destroy(&l);
}

/* The text of line i, from its glyphs' clusters: [first, end) bytes in logical order. */
static void line_span(const text_layout *l, const char *s, int i, size_t *first, size_t *end)
{
    const text_layout_line *line = &l->lines[i];
    size_t lo = strlen(s), hi = 0;
    for (int r = line->first_run; r < line->first_run + line->run_count; r++)
        for (int g = l->runs[r].first; g < l->runs[r].first + l->runs[r].count; g++) {
            size_t c = l->glyphs[g].cluster;
            lo = c < lo ? c : lo;
            hi = c + 1 > hi ? c + 1 : hi;
        }
    *first = lo;
    *end = hi;
}

static void test_breaking(text_font *f)
{
    /* Japanese and Chinese have no spaces and still wrap, within the width. */
    const char *ja = "東京の展示会場では十二の地域から集まったチームが来場者を迎えます。";
    text_layout *l = layout(f, ja, 20, 200, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->line_count >= 3);
    for (int i = 0; l && i < l->line_count; i++) /* full lines but the last */
        CHECK(l->lines[i].width <= 200 && (l->lines[i].width > 170 || i == l->line_count - 1));
    CHECK(l && zero_glyphs(l) == 0);
    /* Kinsoku: no line starts with the closing full stop. */
    for (int i = 1; l && i < l->line_count; i++) {
        size_t a, b;
        line_span(l, ja, i, &a, &b);
        CHECK(strncmp(ja + a, "。", strlen("。")) != 0);
    }
    text_layout_destroy(&l);
    const char *zh = "展览馆的东翼收藏了十二幅画作按照一九一一年展览时的方式悬挂";
    l = layout(f, zh, 18, 150, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->line_count >= 3);
    for (int i = 0; l && i < l->line_count; i++)
        CHECK(l->lines[i].width <= 150);
    text_layout_destroy(&l);

    /* Latin breaks at spaces: every line after the first starts after a space. */
    const char *en = "The east wing gathers twelve paintings from the collection of the Pavilion";
    l = layout(f, en, 17, 120, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->line_count >= 4);
    for (int i = 0; l && i < l->line_count; i++) {
        size_t a, b;
        line_span(l, en, i, &a, &b);
        CHECK(l->lines[i].width <= 120);
        if (i > 0)
            CHECK(en[a - 1] == ' ');
        CHECK(en[b] == ' ' || en[b] == 0); /* the line ends at a word's end */
    }
    text_layout_destroy(&l);

    /* No break inside a word that fits on a line of its own. */
    const char *two = "Pavilion exhibition";
    float whole = text_measure(f, two, 17);
    l = layout(f, two, 17, whole - 4, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->line_count == 2);
    if (l && l->line_count == 2) {
        size_t a, b;
        line_span(l, two, 1, &a, &b);
        CHECK(a == 9 && b == strlen(two));
    }
    text_layout_destroy(&l);
    l = layout(f, two, 17, whole + 1, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->line_count == 1);
    text_layout_destroy(&l);
}

static void test_bidi(text_font *f)
{
    /* A left-to-right line with an Arabic word: Latin, then the Arabic read right to left,
     * then Latin. */
    const char *s = "Hello مرحبا World";
    size_t ar = (size_t)(strstr(s, "مرحبا") - s), world = (size_t)(strstr(s, "World") - s);
    text_layout *l = layout(f, s, 20, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->line_count == 1 && !l->lines[0].rtl);
    CHECK(l && l->run_count == 3);
    if (l && l->run_count == 3) {
        const text_run *r = l->runs;
        CHECK(!r[0].rtl && r[1].rtl && !r[2].rtl);
        CHECK(l->glyphs[r[0].first].cluster == 0);
        CHECK(l->glyphs[r[2].first].cluster >= world - 1);
        /* Inside the Arabic run, the first character is at the right. */
        const text_glyph *a = &l->glyphs[r[1].first];
        CHECK(a[0].cluster > a[r[1].count - 1].cluster);
        CHECK(a[r[1].count - 1].cluster == ar);
        CHECK(l->glyphs[r[0].first].x < a[0].x && a[0].x < l->glyphs[r[2].first].x);
    }
    text_layout_destroy(&l);

    /* A right-to-left paragraph: the Latin word sits left of the Arabic one. */
    const char *rtl = "مرحبا Pavilion";
    l = layout(f, rtl, 20, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->lines[0].rtl);
    const text_glyph *p = l ? glyph_at(l, (uint32_t)(strstr(rtl, "Pavilion") - rtl)) : NULL;
    const text_glyph *m = l ? glyph_at(l, 0) : NULL;
    CHECK(p && m && p->x < m->x);
    text_layout_destroy(&l);
    /* Forced left-to-right base direction puts the Arabic word first (left). */
    l = layout(f, rtl, 20, 0, TEXT_DIR_LTR, TEXT_ALIGN_START);
    p = l ? glyph_at(l, (uint32_t)(strstr(rtl, "Pavilion") - rtl)) : NULL;
    m = l ? glyph_at(l, 0) : NULL;
    CHECK(l && !l->lines[0].rtl && p && m && p->x > m->x);
    text_layout_destroy(&l);

    /* Start alignment is right alignment in a right-to-left paragraph; end mirrors it. */
    const char *par = "مرحبا بكم في المعرض الدولي\nأهلا";
    l = layout(f, par, 20, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->line_count == 2);
    if (l && l->line_count == 2) {
        CHECK(l->lines[1].width < l->lines[0].width * 0.5f);
        CHECK_NEAR(l->lines[1].x + l->lines[1].width, l->width, 0.01);
        CHECK(text_layout_box_offset(l, l->width + 50) == 50);
    }
    text_layout_destroy(&l);
    l = layout(f, par, 20, 0, TEXT_DIR_AUTO, TEXT_ALIGN_END);
    CHECK(l && l->line_count == 2 && l->lines[1].x == 0);
    CHECK(l && text_layout_box_offset(l, l->width + 50) == 0);
    text_layout_destroy(&l);
    /* Start alignment in a left-to-right paragraph is left. */
    l = layout(f, "Pavilion exhibition\nHall", 20, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(l && l->line_count == 2 && l->lines[1].x == 0);
    text_layout_destroy(&l);
}

static void test_arabic_joining(text_font *f)
{
    /* بيت: initial, medial and final forms, not the isolated forms of each letter. */
    const char *letters[] = {"ب", "ي", "ت"};
    text_layout *word = layout(f, "بيت", 24, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START);
    CHECK(word && word->glyph_count == 3);
    int differ = 0;
    size_t off = 0;
    for (int i = 0; word && i < 3; i++) {
        text_layout *one = layout(f, letters[i], 24, 0, TEXT_DIR_AUTO, TEXT_ALIGN_START);
        const text_glyph *joined = glyph_at(word, (uint32_t)off);
        CHECK(one && one->glyph_count == 1 && joined);
        if (one && joined && one->glyph_count == 1)
            differ += joined->id != one->glyphs[0].id;
        off += strlen(letters[i]);
        text_layout_destroy(&one);
    }
    CHECK(differ == 3);
    text_layout_destroy(&word);
}

static void test_cache(text_font *f)
{
    text_layout_cache *c = text_layout_cache_create(f, 2);
    CHECK(c != NULL);
    text_layout_desc a = {.utf8 = "Hall · 大厅", .px = 17};
    char copy[64];
    snprintf(copy, sizeof copy, "%s", a.utf8);
    const text_layout *l1 = text_layout_cache_get(c, &a);
    const text_layout *l2 = text_layout_cache_get(c, &(text_layout_desc){.utf8 = copy, .px = 17});
    CHECK(l1 && l1 == l2);
    uint64_t hits = 0, misses = 0;
    text_layout_cache_stats(c, &hits, &misses);
    CHECK(hits == 1 && misses == 1);
    /* Any field of the desc makes another layout. */
    const text_layout *big = text_layout_cache_get(c, &(text_layout_desc){.utf8 = copy, .px = 30});
    CHECK(big && big != l1 && big->width > l1->width);
    text_layout_cache_stats(c, &hits, &misses);
    CHECK(hits == 1 && misses == 2);
    /* Capacity 2: a third layout evicts the least recently used (px 17). */
    CHECK(text_layout_cache_get(c, &(text_layout_desc){.utf8 = "Foyer", .px = 17}));
    CHECK(text_layout_cache_get(c, &(text_layout_desc){.utf8 = copy, .px = 30}) == big);
    CHECK(text_layout_cache_get(c, &a) != NULL);
    text_layout_cache_stats(c, &hits, &misses);
    CHECK(hits == 2 && misses == 4);
    CHECK(text_layout_cache_get(c, &(text_layout_desc){.utf8 = NULL}) == NULL);
    text_layout_cache_destroy(&c);
    CHECK(c == NULL);
    text_layout_cache_destroy(NULL);
}

static void test_atlas(text_font *f)
{
    text_atlas *a = NULL;
    CHECK(text_atlas_create(&(text_atlas_desc){.page_size = 8}, &a) == PV_ERR_INVALID && !a);
    CHECK(text_atlas_create(&(text_atlas_desc){.page_size = 128, .max_pages = 1}, &a) == PV_OK);
    text_layout *l = layout(f, "Pavilion Зал قاعة ホール 홀 大厅 exhibition", 32, 0,
                            TEXT_DIR_AUTO, TEXT_ALIGN_START);
    text_atlas_glyph placed[64];
    int n = 0;
    bool full = false;
    for (int i = 0; l && i < l->glyph_count && i < 64; i++) {
        text_atlas_glyph g;
        if (!text_atlas_glyph_get(a, l->glyphs[i].face, l->glyphs[i].id, 32, &g)) {
            full = true;
            break;
        }
        placed[n++] = g;
        CHECK(g.page == 0 && g.x >= 0 && g.y >= 0 && g.x + g.w <= 128 && g.y + g.h <= 128);
        /* The same glyph again: the same place. */
        text_atlas_glyph again;
        CHECK(text_atlas_glyph_get(a, l->glyphs[i].face, l->glyphs[i].id, 32, &again) &&
              memcmp(&again, &g, sizeof g) == 0);
    }
    /* A 128 px page holds some but not all of these 32 px glyphs. */
    CHECK(full && n > 8);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            const text_atlas_glyph *p = &placed[i], *q = &placed[j];
            if (!p->w || !q->w || (p->x == q->x && p->y == q->y && p->w == q->w))
                continue; /* no ink, or the same glyph twice */
            bool apart = p->x + p->w <= q->x || q->x + q->w <= p->x || p->y + p->h <= q->y ||
                         q->y + q->h <= p->y;
            CHECK(apart);
        }
    CHECK(text_atlas_page_count(a) == 1 && text_atlas_page_size(a) == 128);
    int y0, y1;
    const uint8_t *px = text_atlas_page_take_dirty(a, 0, &y0, &y1);
    CHECK(px && y0 == 0 && y1 > 0 && y1 <= 128);
    int ink = 0;
    for (int i = 0; px && i < 128 * 128; i++)
        ink += px[i] > 128;
    CHECK(ink > 200);
    text_atlas_page_take_dirty(a, 0, &y0, &y1);
    CHECK(y0 == y1); /* taken: clean */
    /* Full for the rest of the frame; the next frame starts empty and places it. */
    CHECK(text_atlas_begin_frame(a));
    CHECK(!text_atlas_begin_frame(a));
    text_atlas_glyph g;
    CHECK(l && text_atlas_glyph_get(a, l->glyphs[n].face, l->glyphs[n].id, 32, &g));
    text_layout_destroy(&l);
    text_atlas_destroy(&a);
    CHECK(a == NULL);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    text_font *regular = NULL, *bold = NULL;
    CHECK(text_font_open("DejaVu Sans", &regular) == PV_OK);
    CHECK(text_font_open("DejaVu Sans:bold", &bold) == PV_OK);
    if (regular && bold) {
        test_fallback(regular);
        test_breaking(regular);
        test_bidi(regular);
        test_arabic_joining(regular);
        test_cache(regular);
        test_atlas(regular);
    }
    /* Bad descs fail cleanly. */
    text_layout *l = (text_layout *)1;
    CHECK(text_layout_create(regular, &(text_layout_desc){.utf8 = "x"}, &l) == PV_ERR_INVALID);
    CHECK(l == NULL);
    CHECK(text_layout_create(regular, &(text_layout_desc){.utf8 = "x", .px = 5000}, &l) ==
          PV_ERR_LIMIT);
    CHECK(text_layout_create(NULL, &(text_layout_desc){.utf8 = "x", .px = 5}, &l) ==
          PV_ERR_INVALID);
    text_layout_destroy(NULL);
    text_font_close(&regular);
    text_font_close(&bold);
    return check_done();
}
