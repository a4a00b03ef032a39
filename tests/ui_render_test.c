/* ui/ drawn through gfx, offscreen (EGL): an info panel with a title, a heading, paragraphs, a
 * bold line and an image, above a row of controls with the keyboard's focus ring, a slider and
 * a toast, in English and mirrored in Arabic; each compared with its golden image in
 * tests/golden/ (ui_panel_en.png, ui_panel_ar.png). Text comes from the glyph atlas in one
 * batch per run of text. Writes the shots to $TMPDIR (or /tmp) as pavilion_ui_panel_*.png; with
 * PAVILION_UPDATE_GOLDEN=1 it writes the golden images instead. Also text fields (ui_fields.png):
 * a PIN as dots, Arabic, an input method's composition underlined, a wrapped comment in Latin
 * and Japanese, a placeholder. A marker's name (ui_callout) over black and white: round ends,
 * the pill's colour premultiplied over the picture, centred white ink. Text goldens
 * (text-mixed.png, text-arabic.png, text-cjk.png): a mixed-script name, an Arabic panel
 * right-aligned, Chinese and Japanese wrapped in a panel. Fonts: the project's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include "gfx/gfx.h"
#include "platform/platform.h"
#include "ui/ui.h"

#include "check.h"
#include "golden_png.h"

enum { W = 480, H = 360 };

/* A small picture for the panel: a gradient with a sun. */
static gfx_image *make_picture(gfx *g)
{
    enum { PW = 160, PH = 80 };
    static uint8_t px[PW * PH * 4];
    for (int y = 0; y < PH; y++)
        for (int x = 0; x < PW; x++) {
            uint8_t *p = &px[(y * PW + x) * 4];
            int dx = x - 120, dy = y - 25;
            bool sun = dx * dx + dy * dy < 144;
            p[0] = sun ? 255 : (uint8_t)(40 + y);
            p[1] = sun ? 210 : (uint8_t)(80 + y);
            p[2] = sun ? 60 : (uint8_t)(160 - y / 2);
            p[3] = 255;
        }
    return gfx_image_create(g, PW, PH, px);
}

typedef struct words {
    const char *lang, *title, *heading, *body, *bold, *play, *toast;
    bool rtl;
} words;

static void describe(ui *u, const words *w, const gfx_image *pic, float *volume, double now)
{
    ui_frame_begin(u, &(ui_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                       .rtl = w->rtl, .lang = w->lang, .now = now});
    ui_block blocks[] = {
        {.kind = UI_BLOCK_HEADING, .utf8 = w->heading},
        {.kind = UI_BLOCK_PARAGRAPH, .utf8 = w->body},
        {.kind = UI_BLOCK_IMAGE, .image = pic},
        {.kind = UI_BLOCK_BOLD, .utf8 = w->bold},
    };
    ui_panel(u, ui_id_of("panel"), (ui_rect){16, 16, 300, 260},
             &(ui_panel_desc){.title = w->title, .blocks = blocks, .block_count = 4,
                              .closable = true});
    ui_fill(u, (ui_rect){16, 290, 448, 54}, 0x0F1218E0, 10);
    ui_button(u, ui_id_of("play"), (ui_rect){24, 297, 110, 40},
              &(ui_button_desc){.label = w->play, .icon = UI_ICON_PLAY});
    ui_slider(u, ui_id_of("volume"), (ui_rect){150, 307, 160, 20}, volume, NULL);
    ui_button(u, ui_id_of("pause"), (ui_rect){410, 297, 44, 40},
              &(ui_button_desc){.icon = UI_ICON_PAUSE, .selected = true});
    if (w->toast)
        ui_toast(u, w->toast, 2);
    ui_frame_end(u);
}

static void shoot(gfx *g, gfx_target *t, ui *u, const words *w, const gfx_image *pic,
                  double start, const char *name)
{
    const float bg[3] = {0.22f, 0.27f, 0.33f};
    float volume = 0.6f;
    ui_set_focus(u, ui_id_of("play")); /* the focus ring shows */
    /* the toast is asked for at `start`, and shown faded in half a second later */
    words first = *w, then = *w;
    then.toast = NULL;
    describe(u, &first, pic, &volume, start);
    describe(u, &then, pic, &volume, start + 0.5);
    gfx_target_bind(g, t);
    gfx_begin(g, W, H, bg);
    ui_render(u, g);
    uint8_t *out = malloc((size_t)W * H * 4);
    gfx_read_pixels(g, W, H, out);

    golden_check(out, W, H, name);

    /* the picture itself: the panel is there, text has ink, the ring is drawn */
    int ring = 0, light = 0;
    for (int i = 0; i < W * H; i++) {
        const uint8_t *p = &out[i * 4];
        ring += p[0] > 230 && p[1] > 180 && p[1] < 220 && p[2] < 90; /* the yellow ring */
        light += p[0] > 230 && p[1] > 230 && p[2] > 230;
    }
    CHECK(ring > 100);
    CHECK(light > 800);
    free(out);
}


/* Text fields: a name, a PIN shown as dots, Arabic, a Japanese composition underlined at the
 * focused field's caret, a multi-line comment wrapping Latin and Japanese, a placeholder. */
static void shoot_fields(gfx *g, gfx_target *t, ui *u)
{
    char name[64] = "Ana Lima", pin[16] = "1234";
    char arabic[128] = "\u0645\u0631\u062D\u0628\u0627 \u0628\u0643\u0645 \u0641\u064A "
                       "\u0627\u0644\u062C\u0646\u0627\u062D"; /* مرحبا بكم في الجناح */
    char tokyo[64] = "\u6771\u4EAC"; /* 東京 */
    char comment[256] = "The keynote was clear and the demos worked. Thank you!\n"
                        "\u65E5\u672C\u8A9E\u306E\u30B3\u30E1\u30F3\u30C8\u3082"
                        "\u6298\u308A\u8FD4\u3057\u307E\u3059\u3002\u3068\u3066\u3082"
                        "\u826F\u304B\u3063\u305F\u3067\u3059\u3002";
    char search[32] = "";
    ui_id ime = ui_id_of("field-ja");
    for (int frame = 0; frame < 3; frame++) {
        ui_frame_begin(u, &(ui_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                           .lang = "en", .now = 30 + frame * 0.5});
        ui_fill(u, (ui_rect){16, 16, 448, 328}, 0x0F1218E0, 10);
        ui_text_field(u, ui_id_of("field-name"), (ui_rect){32, 32, 200, 36}, name,
                      sizeof name, NULL);
        ui_text_field(u, ui_id_of("field-pin"), (ui_rect){248, 32, 200, 36}, pin, sizeof pin,
                      &(ui_field_desc){.password = true, .max_chars = 4});
        ui_text_field(u, ui_id_of("field-ar"), (ui_rect){32, 80, 416, 36}, arabic,
                      sizeof arabic, NULL);
        ui_text_field(u, ime, (ui_rect){32, 128, 416, 36}, tokyo, sizeof tokyo, NULL);
        ui_text_field(u, ui_id_of("field-comment"), (ui_rect){32, 176, 416, 104}, comment,
                      sizeof comment, &(ui_field_desc){.multiline = true});
        ui_text_field(u, ui_id_of("field-search"), (ui_rect){32, 292, 416, 36}, search,
                      sizeof search, &(ui_field_desc){.placeholder = "Search the exhibition"});
        ui_frame_end(u);
        if (frame == 0) {
            ui_set_focus(u, ime);
        } else if (frame == 1) {
            platform_event e = {.type = PLATFORM_EV_TEXT_EDIT, .edit_cursor = 4};
            snprintf(e.text, sizeof e.text, "%s", "\u306B\u307B\u3093\u3054"); /* にほんご */
            CHECK(ui_event(u, &e));
        }
    }
    CHECK(strcmp(tokyo, "\u6771\u4EAC") == 0); /* a composition is not text yet */
    const float bg[3] = {0.22f, 0.27f, 0.33f};
    gfx_target_bind(g, t);
    gfx_begin(g, W, H, bg);
    ui_render(u, g);
    uint8_t *out = malloc((size_t)W * H * 4);
    gfx_read_pixels(g, W, H, out);
    golden_check(out, W, H, "ui_fields");
    free(out);
}

/* Draws the last frame described over a plain picture and reads it back. */
static void render(gfx *g, gfx_target *t, ui *u, const float bg[3], uint8_t *out)
{
    gfx_target_bind(g, t);
    gfx_begin(g, W, H, bg);
    ui_render(u, g);
    gfx_read_pixels(g, W, H, out);
}

static const uint8_t *at(const uint8_t *img, int x, int y)
{
    return img + ((size_t)y * W + x) * 4;
}

/* True when the pixel is within `tol` of rgb in every channel. */
static bool near(const uint8_t *p, float r, float g, float b, float tol)
{
    return fabsf(p[0] - r) <= tol && fabsf(p[1] - g) <= tol && fabsf(p[2] - b) <= tol;
}

/* A marker's name (ui_callout, what hover labels are): drawn over a black and over a white
 * picture, the ends of the pill are round (the picture shows at its corners), the pill is its
 * premultiplied colour over the picture (c * a + picture * (1 - a)), the text has white ink,
 * centred from top to bottom, and nothing is drawn outside the pill. */
static void shoot_callout(gfx *g, gfx_target *t, ui *u)
{
    ui_frame_begin(u, &(ui_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                       .lang = "en", .now = 40});
    ui_callout(u, ui_id_of("name"), 240, 200, 10, false, "Foyer and Great Hall");
    ui_frame_end(u);
    const ui_draw *pill = ui_draw_at(u, 0);
    CHECK(ui_draw_count(u) == 2 && pill && pill->kind == UI_DRAW_RECT);
    if (!pill)
        return;
    int x0 = (int)ceilf(pill->rect.x), y0 = (int)ceilf(pill->rect.y);
    int x1 = (int)floorf(pill->rect.x + pill->rect.w) - 1;
    int y1 = (int)floorf(pill->rect.y + pill->rect.h) - 1, ym = (y0 + y1) / 2;
    uint8_t *black = malloc((size_t)W * H * 4), *white = malloc((size_t)W * H * 4);
    render(g, t, u, (const float[3]){0, 0, 0}, black);
    render(g, t, u, (const float[3]){1, 1, 1}, white);
    CHECK(stbi_write_png("/tmp/pavilion_ui_callout.png", W, H, 4, white, W * 4));

    /* the corners of the rectangle are outside the round ends */
    CHECK(near(at(black, x0, y0), 0, 0, 0, 2) && near(at(white, x0, y0), 255, 255, 255, 2));
    CHECK(near(at(black, x1, y1), 0, 0, 0, 2) && near(at(white, x1, y1), 255, 255, 255, 2));
    CHECK(near(at(black, x1, y0), 0, 0, 0, 2) && near(at(black, x0, y1), 0, 0, 0, 2));
    /* inside, away from the text: the theme's colour premultiplied over the picture */
    uint32_t c = ui_get_theme(u)->tooltip;
    float a = (float)(c & 255) / 255.0f, rgb[3] = {(float)(c >> 24), (float)(c >> 16 & 255),
                                                  (float)(c >> 8 & 255)};
    const int inside[3][2] = {{x0 + 4, ym}, {x1 - 4, ym}, {(x0 + x1) / 2, y0 + 2}};
    for (int i = 0; i < 3; i++) {
        const uint8_t *b = at(black, inside[i][0], inside[i][1]);
        const uint8_t *w = at(white, inside[i][0], inside[i][1]);
        CHECK(near(b, rgb[0] * a, rgb[1] * a, rgb[2] * a, 3));
        CHECK(near(w, rgb[0] * a + 255 * (1 - a), rgb[1] * a + 255 * (1 - a),
                   rgb[2] * a + 255 * (1 - a), 3));
    }
    /* white ink in the middle of the pill, rows of it centred from top to bottom */
    int ink = 0, first = -1, last = -1;
    for (int y = y0; y <= y1; y++) {
        bool row = false;
        for (int x = x0; x <= x1; x++)
            if (near(at(black, x, y), 255, 255, 255, 40)) {
                ink++;
                row = true;
            }
        if (row) {
            first = first < 0 ? y : first;
            last = y;
        }
    }
    CHECK(ink > 100 && last - first > 8);
    CHECK(abs((first - y0) - (y1 - last)) <= 4);
    /* nothing around it */
    int outside = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            if (x < x0 - 1 || x > x1 + 1 || y < y0 - 1 || y > y1 + 1)
                outside += !near(at(black, x, y), 0, 0, 0, 0);
    CHECK(outside == 0);
    free(black);
    free(white);
}

/* The part of the last frame under the first draw command (a pill or a panel), compared with
 * tests/golden/NAME.png. Returns the crop's width. */
static int golden_of_first(gfx *g, gfx_target *t, ui *u, const char *name, int *ink_left,
                           int *ink_right)
{
    const ui_draw *d = ui_draw_at(u, 0);
    CHECK(d && d->kind == UI_DRAW_RECT);
    if (!d)
        return 0;
    int x0 = (int)floorf(d->rect.x), y0 = (int)floorf(d->rect.y);
    int cw = (int)ceilf(d->rect.x + d->rect.w) - x0, ch = (int)ceilf(d->rect.y + d->rect.h) - y0;
    uint8_t *out = malloc((size_t)W * H * 4), *crop = malloc((size_t)cw * ch * 4);
    render(g, t, u, (const float[3]){0x20 / 255.0f, 0x28 / 255.0f, 0x33 / 255.0f}, out);
    *ink_left = *ink_right = 0;
    for (int y = 0; y < ch; y++) {
        memcpy(crop + (size_t)y * cw * 4, at(out, x0, y0 + y), (size_t)cw * 4);
        for (int x = 0; x < cw; x++)
            *(x < cw / 2 ? ink_left : ink_right) += at(out, x0 + x, y0 + y)[0] > 160;
    }
    golden_check(crop, cw, ch, name);
    free(crop);
    free(out);
    return cw;
}

/* Goldens of text as the product draws it: a mixed-script name in its pill, an Arabic panel
 * (right-aligned in a right-to-left frame), a panel wrapping Chinese and Japanese. */
static void shoot_text(gfx *g, gfx_target *t, ui *u)
{
    int left, right;
    ui_frame_begin(u, &(ui_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                       .lang = "en", .now = 50});
    ui_callout(u, ui_id_of("mixed"), 240, 100, 0, false,
               "Hall \u00b7 \u0417\u0430\u043b \u00b7 \u0642\u0627\u0639\u0629 \u00b7 "
               "\u30db\u30fc\u30eb \u00b7 \ud640 \u00b7 \u5927\u5385");
    ui_frame_end(u);
    golden_of_first(g, t, u, "text-mixed", &left, &right);
    CHECK(left > 50 && right > 50);

    ui_block ar = {.kind = UI_BLOCK_PARAGRAPH,
                   .utf8 = "تضم القاعة اثنتي عشرة لوحة من مجموعة الجناح، معلقة كما كانت في معرض "
                           "عام 1911.\nساعات العمل: يوميا"};
    ui_frame_begin(u, &(ui_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                       .rtl = true, .lang = "ar", .now = 51});
    ui_panel(u, ui_id_of("ar"), (ui_rect){16, 16, 300, 328},
             &(ui_panel_desc){.title = "قاعة المعرض", .blocks = &ar, .block_count = 1});
    ui_frame_end(u);
    golden_of_first(g, t, u, "text-arabic", &left, &right);
    CHECK(right > left); /* right-aligned: the right half holds more ink */

    ui_block cjk = {.kind = UI_BLOCK_PARAGRAPH,
                    .utf8 = "展览馆的东翼收藏了十二幅画作，按照一九一一年展览时的方式悬挂。"
                            "東京の展示会場では来場者を迎えます。"};
    ui_frame_begin(u, &(ui_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                       .lang = "zh", .now = 52});
    ui_panel(u, ui_id_of("cjk"), (ui_rect){16, 16, 240, 328},
             &(ui_panel_desc){.title = "展览馆 · オーロラ", .blocks = &cjk, .block_count = 1});
    ui_frame_end(u);
    CHECK(golden_of_first(g, t, u, "text-cjk", &left, &right) <= 240);
    CHECK(left > 100 && right > 100);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    platform *plat = NULL;
    gfx *g = NULL;
    platform_desc pd = {.width = 64, .height = 64, .offscreen = true};
    if (platform_create(&pd, &plat) != PV_OK || gfx_create(&g) != PV_OK) {
        fprintf(stderr, "no offscreen GL context: cannot test rendering\n");
        return 1;
    }
    text_font *f = NULL, *bold = NULL;
    CHECK(text_font_open("DejaVu Sans", &f) == PV_OK);
    CHECK(text_font_open("DejaVu Sans:bold", &bold) == PV_OK);
    ui *u = NULL;
    CHECK(ui_create(&(ui_desc){.font = f, .bold = bold}, &u) == PV_OK);
    gfx_target *t = gfx_target_create(g, W, H);
    gfx_image *pic = make_picture(g);
    if (!u || !t || !pic)
        return check_done();

    const words en = {
        .lang = "en",
        .title = "Aurora Hall",
        .heading = "Welcome",
        .body = "The hall gathers the regional teams. Walk to a stand to meet them, or open the "
                "cinema for the keynote film.",
        .bold = "Open every day, 9:00-18:00",
        .play = "Play",
        .toast = "Language: English",
    };
    const words ar = {
        .lang = "ar",
        .title = "قاعة الشفق",
        .heading = "أهلا وسهلا",
        .body = "تجمع القاعة الفرق الإقليمية. امش إلى جناح للقائهم، أو افتح السينما لمشاهدة "
                "فيلم الافتتاح.",
        .bold = "مفتوح كل يوم، 9:00-18:00",
        .play = "تشغيل",
        .toast = "اللغة: العربية",
        .rtl = true,
    };
    shoot(g, t, u, &en, pic, 10, "ui_panel_en");
    shoot(g, t, u, &ar, pic, 20, "ui_panel_ar"); /* the English toast is gone by then */
    shoot_fields(g, t, u);
    shoot_callout(g, t, u);
    shoot_text(g, t, u);

    gfx_image_destroy(g, &pic);
    gfx_target_destroy(g, &t);
    ui_destroy(&u, g);
    text_font_close(&bold);
    text_font_close(&f);
    gfx_destroy(&g);
    platform_destroy(&plat);
    return check_done();
}
