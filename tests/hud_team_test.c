/* hud team cards: a "team" hotspot's panel drawn offscreen (EGL) in English and Arabic with the
 * real catalogues: a card with the person's photo (a portrait the test writes), a card with
 * initials on an accent disc when there is no photo, names, roles, regions, languages spoken
 * and contacts; compared with tests/golden/hud_team_en.png and hud_team_ar.png (the Arabic one
 * mirrored: portraits at the right). Writes the shots to $TMPDIR (or /tmp); with
 * PAVILION_UPDATE_GOLDEN=1 it writes the golden images instead. Also hud_initials. Fonts: the
 * project's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include "asset/asset.h"
#include "gfx/gfx.h"
#include "hud/hud_internal.h"

#include "check.h"
#include "scene_fixture.h"
#include "golden_png.h"
#include "hud_fixture.h"

enum { W = 720, H = 480 };
static char s_dir[256];
static gfx *s_gfx;
static gfx_image *s_photo;
static int s_asked;

static const gfx_image *host_image(void *user, const char *path)
{
    s_asked++;
    if (s_photo)
        return s_photo;
    asset_image pic = {0};
    char why[256];
    if (asset_image_load(path, 1, &pic, why, sizeof why) != PV_OK) {
        fprintf(stderr, "%s\n", why);
        return NULL;
    }
    s_photo = gfx_image_create(s_gfx, pic.width, pic.height, pic.pixels);
    asset_image_free(&pic);
    return s_photo;
}

/* A portrait: a blue backdrop, a head and shoulders. */
static void write_portrait(const char *path)
{
    enum { S = 96 };
    static uint8_t px[S * S * 3];
    for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++) {
            uint8_t *p = &px[(y * S + x) * 3];
            int hx = x - 48, hy = y - 38, sx = x - 48, sy = y - 110;
            bool head = hx * hx + hy * hy < 20 * 20;
            bool body = sx * sx / 2 + sy * sy < 46 * 46 && y > 64;
            p[0] = head ? 224 : body ? 60 : 70;
            p[1] = head ? 180 : body ? 70 : 120;
            p[2] = head ? 150 : body ? 90 : 190;
        }
    CHECK(stbi_write_png(path, S, S, 3, px, S * 3));
}

static void test_initials(void)
{
    char out[32];
    hud_initials("Ana Lima", out, sizeof out);
    CHECK_STR(out, "AL");
    hud_initials("  maria  de la o ", out, sizeof out);
    CHECK_STR(out, "MO");
    hud_initials("\u4F50\u85E4\u5065\u4E8C", out, sizeof out); /* 佐藤健二: one word */
    CHECK_STR(out, "\u4F50");
    /* ليلى حسن */
    hud_initials("\u0644\u064A\u0644\u0649 \u062D\u0633\u0646", out, sizeof out);
    CHECK_STR(out, "\u0644\u062D");
    hud_initials("", out, sizeof out);
    CHECK_STR(out, "");
    hud_initials("Ana Lima", out, 2); /* no room for two: one */
    CHECK_STR(out, "A");
}

static void shoot(hud *h, const char *name)
{
    hud_show(h, HUD_OPEN_INFO, 0);
    for (int i = 0; i < 2; i++)
        hud_frame(h, &(hud_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                       .now = 2 + i, .chrome = true});
    /* the draw list: the photo for the first person, an accent disc for the second */
    const ui *u = hud_ui(h);
    const ui_theme *th = ui_get_theme(u);
    int images = 0, discs = 0;
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        images += d->kind == UI_DRAW_IMAGE && d->image == s_photo && d->rect.w <= 72.5f;
        discs += d->kind == UI_DRAW_RECT && d->color == th->accent && d->radius == 36;
    }
    CHECK(images == 1);
    CHECK(discs == 1);
    uint8_t *out = fixture_render(s_gfx, h, W, H, (const float[3]){0.3f, 0.33f, 0.36f});
    if (out)
        golden_check(out, W, H, name);
    free(out);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    test_initials();
    check_tmpdir(s_dir, sizeof(s_dir), "hud-team-test");
    char *photo = pv_asprintf("%s/ana.png", s_dir);
    write_portrait(photo);
    static const char *const files[] = {"booth.jpg", NULL};
    scene_exhibit *ex = fixture_scene(
        s_dir, files,
        "{\"format\": \"pavilion/1\", \"places\": [{\"id\": \"booth\", \"panorama\": "
        "\"booth.jpg\", \"hotspots\": [\n"
        " {\"type\": \"team\", \"yaw\": 0, \"title\": {\"en\": \"Meet the team\", "
        "\"ar\": \"\u062A\u0639\u0631\u0641 \u0639\u0644\u0649 "
        "\u0627\u0644\u0641\u0631\u064A\u0642\"},\n"
        "  \"text\": {\"en\": \"Our partner managers.\", "
        "\"ar\": \"\u0645\u062F\u064A\u0631\u0648 "
        "\u0627\u0644\u0634\u0631\u0627\u0643\u0627\u062A.\"},\n"
        "  \"people\": [\n"
        "   {\"name\": \"Ana Lima\", \"photo\": \"ana.png\", \"role\": {\"en\": \"Partner "
        "manager\", \"ar\": \"\u0645\u062F\u064A\u0631\u0629 "
        "\u0634\u0631\u0627\u0643\u0627\u062A\"},\n"
        "    \"region\": {\"en\": \"Latin America\", "
        "\"ar\": \"\u0623\u0645\u0631\u064A\u0643\u0627 "
        "\u0627\u0644\u0644\u0627\u062A\u064A\u0646\u064A\u0629\"},\n"
        "    \"languages\": [\"pt\", \"es\", \"en\"], \"contact\": \"ana.lima@example.org\"},\n"
        "   {\"name\": {\"en\": \"Kenji Sato\", \"ja\": \"\u4F50\u85E4\u5065\u4E8C\"}, "
        "\"role\": {\"en\": \"Solutions engineer\", \"ar\": \"\u0645\u0647\u0646\u062F\u0633 "
        "\u062D\u0644\u0648\u0644\"},\n"
        "    \"languages\": [\"ja\", \"en\"], \"contact\": \"kenji@example.org\"}]}]}]}\n");
    platform *plat = NULL;
    if (!fixture_gl(&plat, &s_gfx))
        return 1;
    ui_strings *strings = NULL;
    text_font *font = NULL, *bold = NULL;
    fixture_words(&strings, &font, &bold);
    char why[600];
    if (!ex || !strings || !font || !bold)
        return check_done();
    visit *v = visit_create(&(visit_desc){.exhibit = ex, .start = -1, .now = 1,
                                          .host = fixture_visit_host(NULL)});
    visit_update(v, 1);
    hud_host host = {.image = host_image};
    hud *h = NULL;
    CHECK(hud_create(&(hud_desc){.exhibit = ex, .visit = v, .strings = strings, .font = font,
                                 .bold = bold, .host = host},
                     &h) == PV_OK);
    if (h) {
        shoot(h, "hud_team_en");
        CHECK(s_asked >= 1 && s_photo != NULL); /* only the person with a photo is asked */
        CHECK(hud_set_language(h, "ar", why, sizeof why));
        shoot(h, "hud_team_ar");
    }
    hud_destroy(&h, s_gfx);
    gfx_image_destroy(s_gfx, &s_photo);
    visit_destroy(&v);
    fixture_words_close(&strings, &font, &bold);
    scene_free(&ex);
    gfx_destroy(&s_gfx);
    platform_destroy(&plat);
    free(photo);
    return check_done();
}
