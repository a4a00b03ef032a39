/* hud in twelve languages: the demo exhibition's welcome panel (an info hotspot of the lobby)
 * drawn offscreen (EGL) over a plain background in each of the languages the event ran in,
 * with the real catalogues and the scene's own texts, and the place menu and the floor plan;
 * compared with tests/golden/hud_info_LANG.png (480x270), hud_places_en.png and hud_map_ar.png
 * (640x360). Beside the pictures, the draw list is checked: every text has all its glyphs (no
 * boxes: `missing` is 0), the scene's text is in that language (not the English fallback),
 * Arabic is laid out right to left and mirrored (title at the right, close button at the
 * left), Chinese, Japanese and Korean wrap into several lines. Fonts: the project's (text/'s
 * own fontconfig), so the pictures do not change with whatever else is installed. Needs the
 * built demo (build/demo); skipped without it. Writes the shots to $TMPDIR (or /tmp); with
 * PAVILION_UPDATE_GOLDEN=1 it writes the golden images instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include "asset/asset.h"
#include "gfx/gfx.h"
#include "hud/hud.h"

#include "check.h"
#include "golden_png.h"
#include "hud_fixture.h"

enum { W = 480, H = 270 };
static gfx *s_gfx;
static gfx_image *s_plan;
static const scene_exhibit *s_ex;

static const gfx_image *host_plan(void *user)
{
    if (s_plan)
        return s_plan;
    asset_image pic = {0};
    char why[256];
    if (asset_image_load(s_ex->map.image, 1, &pic, why, sizeof why) != PV_OK) {
        fprintf(stderr, "%s\n", why);
        return NULL;
    }
    s_plan = gfx_image_create(s_gfx, pic.width, pic.height, pic.pixels);
    asset_image_free(&pic);
    return s_plan;
}

/* Two frames 5 s apart (the toast saying the language changed has gone by the second),
 * then the picture against its golden. */
static void shoot(hud *h, const char *name, int w, int hh)
{
    static double now = 2;
    for (int i = 0; i < 2; i++, now += 5)
        hud_frame(h, &(hud_frame_desc){.width = w, .height = hh, .scale = 1, .dpi = 96,
                                       .now = now, .chrome = true});
    uint8_t *out = fixture_render(s_gfx, h, w, hh, (const float[3]){0.3f, 0.33f, 0.36f});
    if (out)
        golden_check(out, w, hh, name);
    free(out);
}

/* Texts drawn by widget `id` (0: any): how many, how many lines the tallest has, the glyphs
 * no face had, and the leftmost and rightmost pixel of their glyphs. */
typedef struct texts {
    int count, lines, missing;
    float left, right;
} texts;
static texts texts_of(const ui *u, ui_id id)
{
    texts r = {.left = W, .right = 0};
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind != UI_DRAW_TEXT || (id && d->id != id))
            continue;
        r.count++;
        r.missing += d->layout->missing;
        r.lines = d->layout->line_count > r.lines ? d->layout->line_count : r.lines;
        for (int k = 0; k < d->layout->line_count; k++) {
            const text_layout_line *ln = &d->layout->lines[k];
            r.left = d->rect.x + ln->x < r.left ? d->rect.x + ln->x : r.left;
            r.right = d->rect.x + ln->x + ln->width > r.right ? d->rect.x + ln->x + ln->width
                                                               : r.right;
        }
    }
    return r;
}

static int hotspot_by_id(const scene_place *p, const char *id)
{
    for (int i = 0; i < p->hotspot_count; i++)
        if (p->hotspots[i].id && strcmp(p->hotspots[i].id, id) == 0)
            return i;
    return -1;
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    scene_exhibit *ex = NULL;
    pv_diags diags = {0};
    if (scene_load(TEST_DEMO_DIR "/expo.json", &ex, &diags) != PV_OK) {
        pv_diags_print(&diags, stderr);
        pv_diags_free(&diags);
        fprintf(stderr, "skipped: no demo exhibition in %s (build the demo target)\n",
                TEST_DEMO_DIR);
        return 77;
    }
    pv_diags_free(&diags);
    s_ex = ex;
    platform *plat = NULL;
    if (!fixture_gl(&plat, &s_gfx))
        return 1;
    ui_strings *strings = NULL;
    text_font *font = NULL, *bold = NULL;
    fixture_words(&strings, &font, &bold);
    char why[600];
    visit *v = visit_create(&(visit_desc){.exhibit = ex, .start = -1, .now = 1,
                                          .host = fixture_visit_host(NULL)});
    visit_update(v, 1);
    hud *h = NULL;
    CHECK(hud_create(&(hud_desc){.exhibit = ex, .visit = v, .strings = strings, .font = font,
                                 .bold = bold, .host = {.plan = host_plan}},
                     &h) == PV_OK);
    const scene_place *lobby = &ex->places[visit_place(v)];
    int welcome = hotspot_by_id(lobby, "lobby-welcome");
    CHECK(strcmp(lobby->id, "lobby") == 0 && welcome >= 0);
    if (!h || !strings || !font || !bold || welcome < 0)
        return check_done();

    static const char *const langs[] = {"en", "ja", "zh", "ko", "ru", "ar",
                                        "es", "pt", "de", "fr", "it", "tr"};
    const scene_hotspot *hs = &lobby->hotspots[welcome];
    ui_id panel = ui_id_of("hud.info"), close = ui_id_mix(panel, 0xC105E);
    for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
        const char *lang = langs[i];
        CHECK(hud_set_language(h, lang, why, sizeof why));
        CHECK_STR(hud_language(h), lang);
        /* the scene says it in this language, not in English */
        CHECK(i == 0 || strcmp(scene_text_get(&hs->text, lang),
                               scene_text_get(&hs->text, "en")) != 0);
        hud_show(h, HUD_OPEN_INFO, welcome);
        char name[32];
        snprintf(name, sizeof name, "hud_info_%s", lang);
        shoot(h, name, W, H);
        const ui *u = hud_ui(h);
        texts all = texts_of(u, 0), body = texts_of(u, panel);
        if (all.missing)
            fprintf(stderr, "  %s: %d characters drawn as boxes\n", lang, all.missing);
        CHECK(all.missing == 0);
        CHECK(body.count >= 2); /* the title and the paragraph */
        /* the panel's text keeps to its box, from the right edge in Arabic */
        ui_rect cr;
        CHECK(ui_widget_rect(u, close, &cr));
        bool rtl = strcmp(lang, "ar") == 0;
        CHECK(rtl ? cr.x < W / 2 : cr.x > W / 2); /* the close button at the end edge */
        CHECK(rtl ? body.right > W - 60 : body.left < 60);
        if (strcmp(lang, "ja") == 0 || strcmp(lang, "zh") == 0 || strcmp(lang, "ko") == 0)
            CHECK(body.lines >= 2); /* wrapped, though CJK has few or no spaces */
    }

    /* the place menu (placeholders for thumbnails) and the floor plan in Arabic */
    CHECK(hud_set_language(h, "en", why, sizeof why));
    hud_show(h, HUD_OPEN_PLACES, -1);
    shoot(h, "hud_places_en", 640, 360);
    CHECK(texts_of(hud_ui(h), 0).missing == 0);
    CHECK(hud_set_language(h, "ar", why, sizeof why));
    hud_show(h, HUD_OPEN_MAP, -1);
    shoot(h, "hud_map_ar", 640, 360);
    CHECK(s_plan != NULL);
    CHECK(texts_of(hud_ui(h), 0).missing == 0);

    hud_destroy(&h, s_gfx);
    gfx_image_destroy(s_gfx, &s_plan);
    visit_destroy(&v);
    fixture_words_close(&strings, &font, &bold);
    scene_free(&ex);
    gfx_destroy(&s_gfx);
    platform_destroy(&plat);
    return check_done();
}
