/* ui/ drawn through gfx, offscreen (EGL): an info panel with a title, a heading, paragraphs, a
 * bold line and an image, above a row of controls with the keyboard's focus ring, a slider and
 * a toast, in English and mirrored in Arabic; each compared with its golden image in
 * tests/golden/ (ui_panel_en.png, ui_panel_ar.png). Text comes from the glyph atlas in one
 * batch per run of text. Writes the shots to $TMPDIR (or /tmp) as pavilion_ui_panel_*.png; with
 * PAVILION_UPDATE_GOLDEN=1 it writes the golden images instead. Also text fields (ui_fields.png):
 * a PIN as dots, Arabic, an input method's composition underlined, a wrapped comment in Latin
 * and Japanese, a placeholder. Fonts: the project's. */
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

    gfx_image_destroy(g, &pic);
    gfx_target_destroy(g, &t);
    ui_destroy(&u, g);
    text_font_close(&bold);
    text_font_close(&f);
    gfx_destroy(&g);
    platform_destroy(&plat);
    return check_done();
}
