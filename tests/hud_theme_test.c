/* hud theme: a scene's "theme" parsed (colours, radius, text sizes; bad values are errors at
 * their line:col) and applied by the hud: an info panel opened over a plain background is
 * drawn offscreen (EGL) and its pixels are the theme's panel colour, its corners the theme's
 * radius, its title the theme's size. Fonts: the project's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfx/gfx.h"
#include "hud/hud.h"

#include "check.h"
#include "diags.h"
#include "hud_fixture.h"

static char s_dir[256];


/* Loads `json` as DIR/expo.json; messages go to *d (freed by the caller). */
static scene_exhibit *load(const char *json, pv_diags *d)
{
    char *path = pv_asprintf("%s/expo.json", s_dir);
    scene_exhibit *ex = NULL;
    scene_load_string(json, path, &ex, d);
    free(path);
    return ex;
}

#define SCENE_HEAD                                                                          \
    "{\"format\": \"pavilion/1\", \"places\": [{\"id\": \"a\", \"panorama\": \"a.jpg\"}],\n"

static void test_errors(void)
{
    pv_diags d = {0};
    CHECK(load(SCENE_HEAD " \"theme\": {\"colors\": {\"accent\": \"#12345\"}}}", &d) == NULL);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 33, "theme colour \"accent\" must be \"#RRGGBB\" or "
                                      "\"#RRGGBBAA\" (hexadecimal; AA is the opacity), found "
                                      "string \"#12345\"");
    pv_diags_free(&d);
    CHECK(load(SCENE_HEAD " \"theme\": {\"radius\": -4}}", &d) == NULL);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 22, "theme \"radius\" -4 is out of range; it must be "
                                      "between 0 and 48 points");
    pv_diags_free(&d);
    CHECK(load(SCENE_HEAD " \"theme\": {\"colors\": {\"panel\": \"#zz0000\"}, "
               "\"font_size\": \"big\"}}", &d) == NULL);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 32, "theme colour \"panel\"");
    CHECK_AT(&d, PV_SEV_ERROR, 2, 57, "\"font_size\" must be a number, found");
    pv_diags_free(&d);
    /* a misspelt colour is a warning with a suggestion; the scene still loads */
    scene_exhibit *ex = load(SCENE_HEAD " \"theme\": {\"colors\": {\"acent\": \"#123456\"}}}",
                             &d);
    CHECK(ex != NULL);
    CHECK_AT(&d, PV_SEV_WARNING, 2, 23, "unknown key \"acent\" in theme colors (did you mean "
                                        "\"accent\"?)");
    CHECK(ex && !ex->theme.color_given[2]);
    pv_diags_free(&d);
    scene_free(&ex);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    check_tmpdir(s_dir, sizeof(s_dir), "hud-theme-test");
    char *jpg = pv_asprintf("%s/a.jpg", s_dir);
    fclose(fopen(jpg, "w"));
    free(jpg);
    test_errors();

    pv_diags d = {0};
    scene_exhibit *ex = load(
        "{\"format\": \"pavilion/1\",\n"
        " \"theme\": {\"colors\": {\"panel\": \"#C03020\", \"text\": \"#FFF8E0FF\"},\n"
        "           \"radius\": 3, \"title_size\": 30},\n"
        " \"places\": [{\"id\": \"a\", \"panorama\": \"a.jpg\", \"hotspots\": [\n"
        "   {\"type\": \"info\", \"yaw\": 0, \"title\": \"Themed\", \"text\": \"A panel.\"}]}]}",
        &d);
    CHECK(ex != NULL);
    print_diags(&d);
    pv_diags_free(&d);
    if (!ex)
        return check_done();
    CHECK(ex->theme.present && ex->theme.color_given[3] && ex->theme.color[3] == 0xC03020FF);
    CHECK(ex->theme.color_given[0] && ex->theme.color[0] == 0xFFF8E0FF);
    CHECK(!ex->theme.color_given[2] && ex->theme.font_size < 0);
    ui_theme t, def;
    hud_theme_from_scene(&ex->theme, &t);
    ui_theme_default(&def);
    CHECK(t.panel == 0xC03020FF && t.radius == 3 && t.title_size == 30);
    CHECK(t.accent == def.accent && t.font_size == def.font_size); /* not given: default */

    platform *plat = NULL;
    gfx *g = NULL;
    if (!fixture_gl(&plat, &g))
        return 1;
    text_font *font = NULL, *bold = NULL;
    fixture_fonts(&font, &bold);
    visit *v = visit_create(&(visit_desc){
        .exhibit = ex, .start = -1, .now = 1,
        .host = fixture_visit_host(NULL)});
    hud *h = NULL;
    CHECK(hud_create(&(hud_desc){.exhibit = ex, .visit = v, .font = font, .bold = bold}, &h) ==
          PV_OK);
    if (!h || !font || !bold)
        return check_done();
    enum { W = 960, H = 540 };
    visit_update(v, 1);
    hud_show(h, HUD_OPEN_INFO, 0);
    hud_frame(h, &(hud_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96, .now = 1,
                                   .chrome = true});
    /* the panel's background in the draw list: the theme's colour and radius */
    const ui *u = hud_ui(h);
    const ui_draw *panel = NULL;
    for (int i = 0; i < ui_draw_count(u) && !panel; i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind == UI_DRAW_RECT && d->color == 0xC03020FF && d->rect.w > 200)
            panel = d;
    }
    CHECK(panel != NULL);
    uint8_t *px = fixture_render(g, h, W, H, (const float[3]){0, 0.5f, 0});
    if (panel && px) {
        CHECK(panel->radius == 3);
        /* the bottom padding strip, half-way along: the theme's opaque panel colour */
        int x = (int)(panel->rect.x + panel->rect.w / 2);
        int y = (int)(panel->rect.y + panel->rect.h - 4);
        /* gfx_read_pixels gives rows bottom-up (GL) or top-down: try both and take the match */
        const uint8_t *a = &px[((size_t)y * W + (size_t)x) * 4];
        const uint8_t *b = &px[((size_t)(H - 1 - y) * W + (size_t)x) * 4];
        const uint8_t *p = abs(a[0] - 0xC0) < abs(b[0] - 0xC0) ? a : b;
        printf("panel pixel at %d,%d: %02X%02X%02X\n", x, y, p[0], p[1], p[2]);
        CHECK(abs(p[0] - 0xC0) <= 2 && abs(p[1] - 0x30) <= 2 && abs(p[2] - 0x20) <= 2);
    }
    free(px);
    hud_destroy(&h, g);
    visit_destroy(&v);
    text_font_close(&bold);
    text_font_close(&font);
    scene_free(&ex);
    gfx_destroy(&g);
    platform_destroy(&plat);
    return check_done();
}
