/* Tests for engine/text: the project's fonts through fontconfig, UTF-8 decoding, labels, panels, wrapping.
 * Writes /tmp/pavilion_text_label.png and /tmp/pavilion_text_panel.png for a visual check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb/stb_image_write.h>

#include "core/core.h"
#include "text/text.h"

#include "check.h"

static const uint8_t *pixel(const text_image *img, int x, int y)
{
    return img->rgba + ((size_t)y * img->width + x) * 4;
}

/* Pixels inside the rectangle that differ from `ref` by more than `tol` in any channel. */
static int count_differing(const text_image *img, int x0, int y0, int x1, int y1,
                           const uint8_t ref[4], int tol)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const uint8_t *p = pixel(img, x, y);
            for (int i = 0; i < 4; i++)
                if (abs(p[i] - ref[i]) > tol) {
                    n++;
                    break;
                }
        }
    return n;
}

/* Rows that contain at least one pixel brighter than the background (text ink). */
static int ink_rows(const text_image *img, int *first, int *last)
{
    int n = 0;
    *first = -1;
    *last = -1;
    for (int y = 0; y < img->height; y++) {
        bool ink = false;
        for (int x = 0; x < img->width && !ink; x++)
            ink = pixel(img, x, y)[0] > 128;
        if (ink) {
            n++;
            if (*first < 0)
                *first = y;
            *last = y;
        }
    }
    return n;
}

/* Groups of consecutive ink rows: roughly the number of text lines. */
static int ink_bands(const text_image *img)
{
    int bands = 0;
    bool prev = false;
    for (int y = 0; y < img->height; y++) {
        bool ink = false;
        for (int x = 0; x < img->width && !ink; x++)
            ink = pixel(img, x, y)[0] > 128;
        if (ink && !prev)
            bands++;
        prev = ink;
    }
    return bands;
}

static bool premultiplied_ok(const text_image *img)
{
    for (int i = 0; i < img->width * img->height; i++) {
        const uint8_t *p = img->rgba + (size_t)i * 4;
        if (p[0] > p[3] || p[1] > p[3] || p[2] > p[3])
            return false;
    }
    return true;
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

static void test_label(text_font *f)
{
    const uint32_t bg = 0x202020FF; /* opaque so the inside of the pill is alpha 255 */
    text_image shortl = {0}, longl = {0};
    CHECK(text_render_label(f, &(text_label_desc){.utf8 = "Foyer", .px = 17, .background = bg},
                            &shortl) == PV_OK);
    CHECK(text_render_label(f,
                            &(text_label_desc){.utf8 = "Foyer and Great Hall", .px = 17,
                                               .background = bg},
                            &longl) == PV_OK);
    CHECK(longl.width > shortl.width);
    CHECK(longl.height == shortl.height);
    CHECK(shortl.height >= 17 && shortl.height < 17 * 3);
    CHECK(premultiplied_ok(&longl));

    /* Corners outside the radius are transparent; the middle of the left end is opaque. */
    const text_image *im = &longl;
    CHECK(pixel(im, 0, 0)[3] == 0);
    CHECK(pixel(im, im->width - 1, 0)[3] == 0);
    CHECK(pixel(im, 0, im->height - 1)[3] == 0);
    CHECK(pixel(im, im->width - 1, im->height - 1)[3] == 0);
    CHECK(pixel(im, 3, im->height / 2)[3] == 255);
    CHECK(pixel(im, im->width / 2, 3)[3] == 255);
    /* Every pixel inside the pill minus its anti-aliased edge is opaque. */
    int not_opaque = 0;
    for (int y = 2; y < im->height - 2; y++)
        for (int x = im->height / 2; x < im->width - im->height / 2; x++)
            not_opaque += pixel(im, x, y)[3] != 255;
    CHECK(not_opaque == 0);
    /* The text area differs from the background, and the text is white-ish. */
    const uint8_t bgpx[4] = {0x20, 0x20, 0x20, 0xFF};
    int diff = count_differing(im, im->height / 2, 2, im->width - im->height / 2,
                               im->height - 2, bgpx, 8);
    CHECK(diff > 100);
    int first, last;
    CHECK(ink_rows(im, &first, &last) > 8);
    /* Vertically centred within a couple of pixels (caps sit a bit above the descender line). */
    CHECK(abs(first - (im->height - 1 - last)) <= 4);
    text_image_free(&shortl);
    text_image_free(&longl);
    CHECK(shortl.rgba == NULL && shortl.width == 0);
    text_image_free(NULL);

    /* Defaults: translucent background, white text. */
    text_image def = {0};
    CHECK(text_render_label(f, &(text_label_desc){.utf8 = "Hover label"}, &def) == PV_OK);
    CHECK(def.rgba && pixel(&def, def.width / 2, 1)[3] > 0 &&
          pixel(&def, def.width / 2, 1)[3] < 255);
    CHECK(premultiplied_ok(&def));
    text_image_free(&def);

    /* Bad arguments fail cleanly and leave the image empty. */
    text_image bad = {.width = 5};
    CHECK(text_render_label(f, &(text_label_desc){.utf8 = NULL}, &bad) == PV_ERR_INVALID);
    CHECK(bad.rgba == NULL && bad.width == 0);
    CHECK(text_render_label(f, &(text_label_desc){.utf8 = "x", .px = -3}, &bad) != PV_OK);
    CHECK(text_render_label(f, &(text_label_desc){.utf8 = "x", .px = 1e6f}, &bad) != PV_OK);
    CHECK(text_render_label(NULL, &(text_label_desc){.utf8 = "x"}, &bad) == PV_ERR_INVALID);

    /* Empty text still gives a (small) pill. */
    text_image empty = {0};
    CHECK(text_render_label(f, &(text_label_desc){.utf8 = ""}, &empty) == PV_OK);
    CHECK(empty.width > 0 && empty.height > 0);
    text_image_free(&empty);
}

static void test_newline(text_font *f)
{
    text_image one = {0}, two = {0}, crlf = {0};
    CHECK(text_render_label(f, &(text_label_desc){.utf8 = "Gallery", .background = 0x000000FF},
                            &one) == PV_OK);
    CHECK(text_render_label(f,
                            &(text_label_desc){.utf8 = "Gallery\nEast wing",
                                               .background = 0x000000FF},
                            &two) == PV_OK);
    CHECK(text_render_label(f,
                            &(text_label_desc){.utf8 = "Gallery\r\nEast wing",
                                               .background = 0x000000FF},
                            &crlf) == PV_OK);
    CHECK(two.height > one.height + 10);
    CHECK(ink_bands(&one) == 1);
    CHECK(ink_bands(&two) == 2);
    CHECK(crlf.width == two.width && crlf.height == two.height);
    CHECK(crlf.rgba && two.rgba &&
          memcmp(crlf.rgba, two.rgba, (size_t)two.width * two.height * 4) == 0);
    text_image_free(&one);
    text_image_free(&two);
    text_image_free(&crlf);
}

static void test_invalid_utf8(text_font *f)
{
    static const char *const bad[] = {
        "\xff\xfe", "Hall \xe2\x82", "\xe2", "\xf0\x9f\x98", "ab\xc3", "\xc0\xaf\xed\xa0\x80",
        "\x80\x80\x80", "x\xf4\x90\x80\x80y", "\x01\x02\x1b[31m",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        text_image img = {0};
        CHECK(text_render_label(f, &(text_label_desc){.utf8 = bad[i], .background = 0x000000FF},
                                &img) == PV_OK);
        CHECK(img.rgba && img.width > 0);
        text_image_free(&img);
    }
    /* Random bytes (fixed seed): labels and narrow panels render without crashing. */
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
        text_image a = {0}, p = {0};
        ok += text_render_label(f, &(text_label_desc){.utf8 = buf}, &a) == PV_OK;
        ok += text_render_panel(f, f, &(text_panel_desc){.title = buf, .body = buf,
                                                         .max_width = 120},
                                &p) == PV_OK && p.width <= 120;
        text_image_free(&a);
        text_image_free(&p);
    }
    CHECK(ok == 400);
    /* "\xff\xfe" draws two replacement glyphs: there is ink. */
    text_image img = {0};
    CHECK(text_render_label(f, &(text_label_desc){.utf8 = "\xff\xfe", .background = 0x000000FF},
                            &img) == PV_OK);
    int first, last;
    CHECK(img.rgba && ink_rows(&img, &first, &last) > 4);
    text_image_free(&img);
    /* A character the primary face lacks comes from the project's CJK face: real ink, not
     * the .notdef box (a box is an outline: its middle row crosses ink only twice). */
    CHECK(text_render_label(f,
                            &(text_label_desc){.utf8 = "\xe6\xbc\xa2", /* U+6F22, CJK */
                                               .px = 40, .background = 0x000000FF},
                            &img) == PV_OK);
    CHECK(img.rgba && ink_rows(&img, &first, &last) > 4);
    text_image_free(&img);
    text_layout *l = NULL;
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = "\xe6\xbc\xa2", .px = 40}, &l) ==
          PV_OK);
    CHECK(l && l->glyph_count == 1 && l->glyphs[0].id != 0 && l->missing == 0);
    CHECK(l && strstr(text_face_path(l->glyphs[0].face), "wqy"));
    text_layout_destroy(&l);
    /* The film title オーロラ: four real glyphs, none of them .notdef. */
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = "\xe3\x82\xaa\xe3\x83\xbc"
                                                            "\xe3\x83\xad\xe3\x83\xa9",
                                                    .px = 20},
                             &l) == PV_OK);
    int notdef = 0;
    for (int i = 0; l && i < l->glyph_count; i++)
        notdef += l->glyphs[i].id == 0;
    CHECK(l && l->glyph_count == 4 && notdef == 0);
    text_layout_destroy(&l);
}

static void test_scripts(text_font *f)
{
    static const char *const texts[] = {
        u8"Foyer \u2013 Ausstellungshalle \u00dcber",
        "\xd0\x92\xd1\x8b\xd1\x81\xd1\x82\xd0\xb0\xd0\xb2\xd0\xba\xd0\xb0", /* Выставка */
        "\xce\x88\xce\xba\xce\xb8\xce\xb5\xcf\x83\xce\xb7",                 /* Έκθεση */
    };
    const uint8_t bgpx[4] = {0x10, 0x10, 0x10, 0xFF};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        text_image img = {0};
        CHECK(text_render_label(f, &(text_label_desc){.utf8 = texts[i], .px = 18,
                                                      .background = 0x101010FF},
                                &img) == PV_OK);
        CHECK(img.rgba && count_differing(&img, img.height / 2, 2, img.width - img.height / 2,
                                          img.height - 2, bgpx, 8) > 60);
        /* Real glyphs, not .notdef boxes: the same width as a box string would be unlikely. */
        CHECK(text_measure(f, texts[i], 18) > 30);
        text_image_free(&img);
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

static void test_panel(text_font *bold, text_font *regular)
{
    text_panel_desc d = {
        .title = "East Wing", .body = "Short body.", .title_px = 24, .body_px = 17,
        .max_width = 380,
    };
    text_image small = {0}, big = {0}, bigger = {0};
    CHECK(text_render_panel(bold, regular, &d, &small) == PV_OK);
    CHECK(small.width > 0 && small.width <= 380);

    d.body = body_text;
    double t0 = pv_now();
    CHECK(text_render_panel(bold, regular, &d, &big) == PV_OK);
    double ms = (pv_now() - t0) * 1000;
    CHECK(big.width <= 380);
    CHECK(big.width >= 300); /* long text fills the line */
    CHECK(big.height > small.height * 2);
    CHECK(premultiplied_ok(&big));
    CHECK(pixel(&big, 0, 0)[3] == 0);
    CHECK(ink_bands(&big) >= 7); /* title + wrapped body lines */

    char *more = pv_asprintf("%s\n%s", body_text, body_text);
    d.body = more;
    CHECK(text_render_panel(bold, regular, &d, &bigger) == PV_OK);
    CHECK(bigger.width <= 380 && bigger.height > big.height);
    free(more);

    /* Cached glyphs make the second render cheap (the times are printed, not asserted: timings
     * belong to the bench, and a loaded machine must not fail a test). */
    char *long_body = malloc(700);
    long_body[0] = 0;
    while (strlen(long_body) < 600)
        strcat(long_body, "Twelve paintings hung as in 1911. ");
    d.body = long_body;
    text_image timed = {0};
    t0 = pv_now();
    CHECK(text_render_panel(bold, regular, &d, &timed) == PV_OK);
    double ms2 = (pv_now() - t0) * 1000;
    printf("panel render: %.2f ms first, %.2f ms for ~600 characters cached\n", ms, ms2);
    CHECK(timed.width > 0 && timed.height > big.height);
    text_image_free(&timed);
    free(long_body);

    /* A word longer than the line breaks mid-word and stays within max_width. */
    text_image word = {0};
    d = (text_panel_desc){.body = "Donaudampfschifffahrtsgesellschaftskapit\xc3\xa4nswitwe",
                          .max_width = 150};
    CHECK(text_render_panel(NULL, regular, &d, &word) == PV_OK);
    CHECK(word.width <= 150 && word.width > 100);
    CHECK(ink_bands(&word) >= 3);
    text_image_free(&word);

    /* Bad widths fail, missing texts are fine. */
    text_image none = {0};
    d = (text_panel_desc){.body = "x", .max_width = 10};
    CHECK(text_render_panel(bold, regular, &d, &none) == PV_ERR_INVALID && none.rgba == NULL);
    d = (text_panel_desc){.title = "Only a title"};
    CHECK(text_render_panel(bold, NULL, &d, &none) == PV_OK && none.rgba);
    text_image_free(&none);

    text_image_free(&small);
    text_image_free(&big);
    text_image_free(&bigger);
}

static void write_samples(text_font *bold, text_font *regular)
{
    text_image label = {0}, panel = {0};
    CHECK(text_render_label(regular,
                            &(text_label_desc){.utf8 = "Foyer \xe2\x80\x93 Ausstellungshalle",
                                               .px = 17},
                            &label) == PV_OK);
    CHECK(text_render_panel(bold, regular,
                            &(text_panel_desc){.title = "East Wing", .body = body_text,
                                               .max_width = 400},
                            &panel) == PV_OK);
    CHECK(stbi_write_png("/tmp/pavilion_text_label.png", label.width, label.height, 4,
                         label.rgba, label.width * 4));
    CHECK(stbi_write_png("/tmp/pavilion_text_panel.png", panel.width, panel.height, 4,
                         panel.rgba, panel.width * 4));
    printf("wrote /tmp/pavilion_text_label.png (%dx%d), /tmp/pavilion_text_panel.png (%dx%d)\n",
           label.width, label.height, panel.width, panel.height);
    text_image_free(&label);
    text_image_free(&panel);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    test_utf8();
    text_font *regular = NULL, *bold = NULL;
    test_open(&regular, &bold);
    if (regular && bold) {
        test_measure(regular);
        test_label(regular);
        test_newline(regular);
        test_invalid_utf8(regular);
        test_scripts(regular);
        test_panel(bold, regular);
        write_samples(bold, regular);
    }
    text_font_close(&regular);
    text_font_close(&bold);
    CHECK(regular == NULL && bold == NULL);
    return check_done();
}
