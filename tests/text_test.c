/* Tests for engine/text: the project's fonts through fontconfig, UTF-8 decoding, measuring, and
 * layouts as ui/ makes them for labels and panels: lines for "\n" and "\r\n", invalid UTF-8
 * shown as U+FFFD glyphs with ink in the glyph atlas, Latin, Cyrillic and Greek without missing
 * glyphs, a CJK character from the fallback face, and wrapping at a panel's width. How labels
 * and panels look (pill, ink, compositing) is tested where they are drawn: ui_test (the draw
 * list) and ui_render_test (pixels). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "text/text.h"

#include "check.h"

static text_layout *lay(text_font *f, const char *s, float px, float max_width)
{
    text_layout *l = NULL;
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = s, .px = px, .max_width = max_width},
                             &l) == PV_OK);
    return l;
}

/* Ink of one glyph as the atlas holds it: pixels over half coverage, and the most ink runs a
 * row of it crosses (no row of an outline box, .notdef, crosses more than two). 0 without ink. */
static int glyph_ink(text_atlas *a, const text_layout *l, int i, int *row_runs)
{
    text_atlas_glyph g;
    *row_runs = 0;
    if (!text_atlas_glyph_get(a, l->glyphs[i].face, l->glyphs[i].id, l->px, &g) || !g.w)
        return 0;
    int y0, y1, size = text_atlas_page_size(a);
    const uint8_t *page = text_atlas_page_take_dirty(a, g.page, &y0, &y1);
    int ink = 0;
    for (int y = g.y; y < g.y + g.h; y++) {
        int runs = 0;
        bool prev = false;
        for (int x = g.x; x < g.x + g.w; x++) {
            bool on = page[(size_t)y * size + x] > 128;
            ink += on;
            runs += on && !prev;
            prev = on;
        }
        *row_runs = runs > *row_runs ? runs : *row_runs;
    }
    return ink;
}

/* Ink of a whole layout (pixels over half coverage, summed over its glyphs). */
static int layout_ink(text_atlas *a, const text_layout *l)
{
    int ink = 0, runs;
    for (int i = 0; i < l->glyph_count; i++)
        ink += glyph_ink(a, l, i, &runs);
    return ink;
}

static int zero_glyphs(const text_layout *l)
{
    int n = 0;
    for (int i = 0; i < l->glyph_count; i++)
        n += l->glyphs[i].id == 0;
    return n;
}

static void test_utf8(void)
{
    size_t pos = 0;
    const char *s = "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    size_t len = strlen(s);
    CHECK(text_utf8_next(s, len, &pos) == 'A');
    CHECK(text_utf8_next(s, len, &pos) == 0xE9);
    CHECK(text_utf8_next(s, len, &pos) == 0x20AC);
    CHECK(text_utf8_next(s, len, &pos) == 0x1F600);
    CHECK(pos == len);
    CHECK(text_utf8_next(s, len, &pos) == 0);

    /* "\xff\xfe": two invalid bytes, two replacement characters. */
    pos = 0;
    CHECK(text_utf8_next("\xff\xfe", 2, &pos) == 0xFFFD && pos == 1);
    CHECK(text_utf8_next("\xff\xfe", 2, &pos) == 0xFFFD && pos == 2);
    /* Truncated three-byte sequence at the end: one U+FFFD, no read past len. */
    pos = 0;
    CHECK(text_utf8_next("\xe2\x82", 2, &pos) == 0xFFFD && pos == 2);
    /* Truncated sequence followed by ASCII keeps the ASCII. */
    pos = 0;
    CHECK(text_utf8_next("\xe2" "A", 2, &pos) == 0xFFFD && pos == 1);
    CHECK(text_utf8_next("\xe2" "A", 2, &pos) == 'A');
    /* Overlong, surrogate and out-of-range forms are rejected. */
    pos = 0;
    CHECK(text_utf8_next("\xc0\xaf", 2, &pos) == 0xFFFD);
    pos = 0;
    CHECK(text_utf8_next("\xed\xa0\x80", 3, &pos) == 0xFFFD && pos == 1);
    pos = 0;
    CHECK(text_utf8_next("\xf4\x90\x80\x80", 4, &pos) == 0xFFFD && pos == 1);
    /* The length bound is honoured even when the bytes go on. */
    pos = 0;
    CHECK(text_utf8_next("\xc3\xa9", 1, &pos) == 0xFFFD && pos == 1);
}

static void test_open(text_font **regular, text_font **bold)
{
    text_font *f = (text_font *)1;
    CHECK(text_font_open("/nonexistent/dir/NoSuchFont.ttf", &f) != PV_OK);
    CHECK(f == NULL);
    const char *junk = "/tmp/pavilion_text_test_not_a_font.ttf";
    FILE *fp = fopen(junk, "wb");
    if (fp) {
        fputs("this is not a font\n", fp);
        fclose(fp);
    }
    CHECK(text_font_open(junk, &f) == PV_ERR_FORMAT);
    CHECK(f == NULL);
    remove(junk);
    text_font_close(&f); /* NULL is fine */
    text_font_close(NULL);

    CHECK(text_font_open("DejaVu Sans", regular) == PV_OK);
    CHECK(*regular && strstr(text_font_path(*regular), "DejaVuSans.ttf"));
    CHECK(text_font_open("sans-serif:bold", bold) == PV_OK);
    CHECK(*bold && strstr(text_font_path(*bold), "Bold"));

    text_font *def = NULL;
    CHECK(text_font_open(NULL, &def) == PV_OK && def);
    text_font_close(&def);
    CHECK(def == NULL);
    text_font *by_path = NULL;
    CHECK(text_font_open("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", &by_path) == PV_OK);
    text_font_close(&by_path);
}

static void test_measure(text_font *f)
{
    float a = text_measure(f, "Hall", 17);
    float b = text_measure(f, "Hall of Mirrors", 17);
    CHECK(a > 0 && b > a);
    CHECK(text_measure(f, "Hall", 34) > a * 1.8f);
    CHECK(text_measure(f, "", 17) == 0);
    CHECK(text_measure(f, NULL, 17) == 0);
    /* Kerning: "AV" is tighter than "A" + "V". */
    float av = text_measure(f, "AV", 40);
    CHECK(av < text_measure(f, "A", 40) + text_measure(f, "V", 40) - 0.5f);
}

/* Bad arguments fail cleanly: a size that is not positive or too large, no text, no font. */
static void test_bad_args(text_font *f)
{
    text_layout *l = (text_layout *)1;
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = "x", .px = -3}, &l) ==
              PV_ERR_INVALID &&
          l == NULL);
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = "x", .px = 1e6f}, &l) ==
              PV_ERR_LIMIT &&
          l == NULL);
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = NULL, .px = 17}, &l) ==
          PV_ERR_INVALID);
    CHECK(text_layout_create(NULL, &(text_layout_desc){.utf8 = "x", .px = 17}, &l) ==
          PV_ERR_INVALID);
    /* Empty text is an empty layout (ui/ then draws nothing: ui_test) */
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = "", .px = 17}, &l) == PV_OK);
    CHECK(l && l->glyph_count == 0 && l->width == 0);
    text_layout_destroy(&l);
}

static void test_newline(text_font *f)
{
    text_layout *one = lay(f, "Gallery", 17, 0), *two = lay(f, "Gallery\nEast wing", 17, 0),
                *crlf = lay(f, "Gallery\r\nEast wing", 17, 0);
    if (one && two && crlf) {
        CHECK(one->line_count == 1 && two->line_count == 2);
        CHECK(two->height > one->height + 10);
        CHECK(two->lines[1].baseline > two->lines[0].baseline + 10);
        /* "\r\n" is one line break: the same lines, glyphs and places as "\n" */
        CHECK(crlf->line_count == 2 && crlf->glyph_count == two->glyph_count);
        CHECK(crlf->width == two->width && crlf->height == two->height);
        int same = 0;
        for (int i = 0; i < two->glyph_count && crlf->glyph_count == two->glyph_count; i++) {
            const text_glyph *a = &two->glyphs[i], *b = &crlf->glyphs[i];
            same += a->id == b->id && a->face == b->face && a->x == b->x && a->y == b->y;
        }
        CHECK(same == two->glyph_count);
    }
    text_layout_destroy(&one);
    text_layout_destroy(&two);
    text_layout_destroy(&crlf);
}

static void test_invalid_utf8(text_font *f, text_atlas *a)
{
    static const char *const bad[] = {
        "\xff\xfe", "Hall \xe2\x82", "\xe2", "\xf0\x9f\x98", "ab\xc3", "\xc0\xaf\xed\xa0\x80",
        "\x80\x80\x80", "x\xf4\x90\x80\x80y", "\x01\x02\x1b[31m",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        text_layout *l = lay(f, bad[i], 17, 0);
        CHECK(l && l->glyph_count > 0 && l->width > 0 && layout_ink(a, l) > 0);
        text_layout_destroy(&l);
    }
    /* Random bytes (fixed seed): laid out as a label and wrapped as in a narrow panel. */
    uint32_t seed = 12345;
    int ok = 0;
    for (int i = 0; i < 200; i++) {
        char buf[48];
        int n = 1 + i % 47;
        for (int j = 0; j < n; j++) {
            seed = seed * 1664525u + 1013904223u;
            buf[j] = (char)((seed >> 24) | 1); /* no NUL inside */
        }
        buf[n] = 0;
        text_layout *l = NULL, *p = NULL;
        ok += text_layout_create(f, &(text_layout_desc){.utf8 = buf, .px = 17}, &l) == PV_OK;
        ok += text_layout_create(f, &(text_layout_desc){.utf8 = buf, .px = 24, .max_width = 120},
                                 &p) == PV_OK &&
              p->width <= 120;
        text_layout_destroy(&l);
        text_layout_destroy(&p);
    }
    CHECK(ok == 400);
    /* "\xff\xfe" is two replacement characters: U+FFFD's own glyph twice, with ink. */
    text_layout *l = lay(f, "\xff\xfe", 17, 0), *fffd = lay(f, "\xef\xbf\xbd", 17, 0);
    CHECK(l && l->glyph_count == 2 && l->missing == 0);
    CHECK(fffd && fffd->glyph_count == 1 && fffd->glyphs[0].id != 0);
    int runs = 0;
    if (l && l->glyph_count == 2 && fffd && fffd->glyph_count == 1) {
        CHECK(l->glyphs[0].id == fffd->glyphs[0].id && l->glyphs[1].id == fffd->glyphs[0].id);
        CHECK(l->glyphs[0].cluster != l->glyphs[1].cluster);
        CHECK(glyph_ink(a, l, 0, &runs) > 20);
    }
    text_layout_destroy(&l);
    text_layout_destroy(&fffd);
    /* A character the primary face lacks comes from the project's CJK face: real ink, not
     * the .notdef box (a box is an outline: no row crosses ink more than twice). */
    l = lay(f, "\xe6\xbc\xa2" /* U+6F22, CJK */, 40, 0);
    CHECK(l && l->glyph_count == 1 && l->glyphs[0].id != 0 && l->missing == 0);
    CHECK(l && strstr(text_face_path(l->glyphs[0].face), "wqy"));
    int cjk_ink = l ? glyph_ink(a, l, 0, &runs) : 0;
    printf("U+6F22: %d ink pixels, up to %d ink runs a row\n", cjk_ink, runs);
    CHECK(cjk_ink > 100 && runs > 2);
    text_layout_destroy(&l);
    /* ...which a character no project face has is: .notdef, counted missing, two crossings. */
    l = lay(f, "\xf4\x8f\xbf\xbd" /* U+10FFFD, private use */, 40, 0);
    CHECK(l && l->glyph_count == 1 && l->glyphs[0].id == 0 && l->missing == 1);
    CHECK(l && glyph_ink(a, l, 0, &runs) > 0 && runs == 2);
    text_layout_destroy(&l);
    /* The film title オーロラ: four real glyphs, none of them .notdef. */
    l = lay(f, "\xe3\x82\xaa\xe3\x83\xbc\xe3\x83\xad\xe3\x83\xa9", 20, 0);
    CHECK(l && l->glyph_count == 4 && zero_glyphs(l) == 0 && l->missing == 0);
    text_layout_destroy(&l);
}

static void test_scripts(text_font *f, text_atlas *a)
{
    static const char *const texts[] = {
        u8"Foyer \u2013 Ausstellungshalle \u00dcber",
        "\xd0\x92\xd1\x8b\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xba\xd0\xb0", /* Выставка */
        "\xce\x88\xce\xba\xce\xb8\xce\xb5\xcf\x83\xce\xb7",                 /* Έκθεση */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        text_layout *l = lay(f, texts[i], 18, 0);
        /* Real glyphs with ink, not .notdef boxes. */
        CHECK(l && l->missing == 0 && zero_glyphs(l) == 0 && l->width > 30);
        CHECK(l && layout_ink(a, l) > 60);
        text_layout_destroy(&l);
    }
    /* The Cyrillic word is not rendered as boxes: it measures differently from 8 U+FFFF. */
    CHECK(text_measure(f, texts[1], 18) !=
          text_measure(f, "\xef\xbf\xbf\xef\xbf\xbf\xef\xbf\xbf\xef\xbf\xbf"
                          "\xef\xbf\xbf\xef\xbf\xbf\xef\xbf\xbf\xef\xbf\xbf", 18));
}

static const char *const body_text =
    "The east wing gathers twelve paintings from the collection of the Pavilion, hung as "
    "they were in the 1911 exhibition. Walk towards the window to see the restored ceiling, "
    "or open the audio guide for the curator's notes on each piece.\n"
    "Opening hours: daily 10:00 \xe2\x80\x93 18:00.";

/* A panel's paragraph as ui/ lays it out: 1.4 lines apart, half a line before a paragraph. */
static text_layout *paragraph(text_font *f, const char *s, float max_width)
{
    text_layout *l = NULL;
    CHECK(text_layout_create(f,
                             &(text_layout_desc){.utf8 = s, .px = 17, .max_width = max_width,
                                                 .line_height = 24, .paragraph_gap = 9},
                             &l) == PV_OK);
    return l;
}

/* Wrapping at a panel's width (the panel itself: ui_test's test_panel, ui_render_test). */
static void test_wrapping(text_font *bold, text_font *regular)
{
    text_layout *title = lay(bold, "East Wing", 24, 350);
    CHECK(title && title->line_count == 1 && strstr(text_face_path(title->glyphs[0].face), "Bold"));
    text_layout *small = paragraph(regular, "Short body.", 350);
    CHECK(small && small->line_count == 1 && small->width > 0 && small->width <= 350);

    text_layout *big = paragraph(regular, body_text, 350);
    CHECK(big && big->width <= 350);
    CHECK(big && big->width >= 270); /* long text fills the line */
    CHECK(big && big->line_count >= 6 && small && big->height > small->height * 2);
    /* lines 24 px apart, 9 more before the paragraph after the '\n' (the last line) */
    int n = big ? big->line_count : 0;
    for (int i = 1; i < n - 1; i++)
        CHECK(fabsf(big->lines[i].baseline - big->lines[i - 1].baseline - 24) < 0.5f);
    CHECK(n > 2 && fabsf(big->lines[n - 1].baseline - big->lines[n - 2].baseline - 33) < 0.5f);

    char *more = pv_asprintf("%s\n%s", body_text, body_text);
    text_layout *bigger = paragraph(regular, more, 350);
    CHECK(bigger && big && bigger->width <= 350 && bigger->height > big->height &&
          bigger->line_count > big->line_count);
    free(more);

    /* A word longer than the line breaks mid-word and stays within the width. */
    text_layout *word =
        paragraph(regular, "Donaudampfschifffahrtsgesellschaftskapit\xc3\xa4nswitwe", 120);
    CHECK(word && word->width <= 120 && word->width > 70 && word->line_count >= 3);
    for (int i = 0; word && i < word->line_count; i++)
        CHECK(word->lines[i].width <= 120);

    text_layout_destroy(&title);
    text_layout_destroy(&small);
    text_layout_destroy(&big);
    text_layout_destroy(&bigger);
    text_layout_destroy(&word);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    test_utf8();
    text_font *regular = NULL, *bold = NULL;
    test_open(&regular, &bold);
    text_atlas *atlas = NULL;
    CHECK(text_atlas_create(NULL, &atlas) == PV_OK);
    if (regular && bold && atlas) {
        test_measure(regular);
        test_bad_args(regular);
        test_newline(regular);
        test_invalid_utf8(regular, atlas);
        test_scripts(regular, atlas);
        test_wrapping(bold, regular);
    }
    text_atlas_destroy(&atlas);
    text_font_close(&regular);
    text_font_close(&bold);
    CHECK(regular == NULL && bold == NULL);
    return check_done();
}
