/* hud: the visitor's interface driven by events as a window would send them, with a fake clock,
 * the real catalogues (build/locale) and a scene written by the test; no GL. Checks: the bar's
 * buttons and Tab order; the language switcher lists every catalogue, switching re-lays out
 * the next frame (words, the scene's texts, mirroring) without reloading or leaving the place,
 * and tells the host; the place menu enters the chosen place through the visit; an info
 * panel's text follows the language and Esc closes it; the first-start hint goes away with
 * its button. */
#include <stdlib.h>
#include <string.h>

#include "hud/hud.h"

#include "check.h"
#include "scene_fixture.h"
#include "heard.h"
#include "hud_fixture.h"

static char s_dir[256];
static double s_now = 100;

typedef struct host {
    int changes;
    char lang[16];
} host;

static void language_changed(void *user, const char *lang)
{
    host *h = user;
    h->changes++;
    snprintf(h->lang, sizeof(h->lang), "%s", lang);
}

static void frame(hud *h, visit *v)
{
    s_now += 0.05;
    visit_update(v, s_now);
    hud_frame(h, &(hud_frame_desc){.width = 1280, .height = 720, .scale = 1, .dpi = 96,
                                   .now = s_now, .chrome = true});
}

static bool click_at(hud *h, float x, float y)
{
    platform_event e = {.type = PLATFORM_EV_POINTER_MOVE, .x = x, .y = y, .button = 1};
    hud_event(h, &e);
    e.type = PLATFORM_EV_POINTER_DOWN;
    bool a = hud_event(h, &e);
    e.type = PLATFORM_EV_POINTER_UP;
    return hud_event(h, &e) && a;
}

/* Clicks the middle of a widget described in the last frame. */
static bool click(hud *h, ui_id id)
{
    ui_rect r;
    if (!ui_widget_rect(hud_ui(h), id, &r))
        return false;
    return click_at(h, r.x + r.w / 2, r.y + r.h / 2);
}

static bool key(hud *h, platform_key k, bool shift)
{
    return hud_event(h, &(platform_event){.type = PLATFORM_EV_KEY_DOWN, .key = k, .shift = shift});
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    check_tmpdir(s_dir, sizeof(s_dir), "hud-test");
    static const char *const files[] = {"lobby.jpg", "hall.jpg", NULL};
    scene_exhibit *ex = fixture_scene(
        s_dir, files,
        "{\"format\": \"pavilion/1\", \"title\": \"Visit\", \"start\": \"lobby\",\n"
        " \"groups\": [{\"id\": \"stands\", \"title\": {\"en\": \"Stands\", \"ja\": \"ブース\"}}],\n"
        " \"places\": [\n"
        "  {\"id\": \"lobby\", \"panorama\": \"lobby.jpg\",\n"
        "   \"title\": {\"en\": \"Lobby\", \"ar\": \"الردهة\"},\n"
        "   \"hotspots\": [\n"
        "    {\"type\": \"info\", \"id\": \"welcome\", \"yaw\": -30,\n"
        "     \"title\": {\"en\": \"Welcome\", \"ja\": \"ようこそ\"},\n"
        "     \"text\": {\"en\": \"Hello there.\", \"ja\": \"こんにちは。\"}},\n"
        "    {\"type\": \"goto\", \"id\": \"to-hall\", \"yaw\": 30, \"target\": \"hall\"},\n"
        "    {\"type\": \"team\", \"id\": \"team\", \"yaw\": 90, \"title\": \"Team\",\n"
        "     \"people\": [{\"name\": {\"en\": \"Kenji Sato\", \"ja\": \"佐藤健二\"},\n"
        "      \"role\": {\"en\": \"Sales\", \"ja\": \"営業\"}, \"languages\": [\"ja\", \"en\"],\n"
        "      \"contact\": \"kenji@example.org\"}]}]},\n"
        "  {\"id\": \"hall\", \"panorama\": \"hall.jpg\", \"title\": \"Hall\",\n"
        "   \"group\": \"stands\"}\n"
        " ]}\n");
    ui_strings *strings = NULL;
    text_font *font = NULL, *bold = NULL;
    fixture_words(&strings, &font, &bold);
    char why[600];
    if (!ex || !strings || !font || !bold)
        return check_done();

    visit *v = visit_create(&(visit_desc){
        .exhibit = ex, .start = -1, .now = s_now,
        .host = fixture_visit_host(NULL)});
    heard events = {0};
    visit_listen(visit_listeners_of(v), heard_listen, &events);
    host hs = {0};
    hud *h = NULL;
    CHECK(hud_create(&(hud_desc){.exhibit = ex, .visit = v, .strings = strings, .font = font,
                                 .bold = bold,
                                 .host = {.user = &hs, .language_changed = language_changed},
                                 .help = true},
                     &h) == PV_OK);
    CHECK(hud_create(&(hud_desc){.exhibit = ex}, &(hud *){NULL}) == PV_ERR_INVALID);
    if (!h)
        return check_done();
    CHECK_STR(hud_language(h), "en");
    frame(h, v);

    /* the first-start hint is there, not modal, and its button dismisses it */
    ui_rect r;
    ui_id hint_ok = ui_id_mix(ui_id_of("hud.hint"), 1);
    CHECK(ui_widget_rect(hud_ui(h), hint_ok, &r));
    CHECK(!hud_modal(h));
    CHECK(click(h, hint_ok));
    frame(h, v);
    frame(h, v);
    CHECK(!ui_widget_rect(hud_ui(h), hint_ok, &r));
    /* with a new hud, the hint goes as soon as the visitor presses on the place */
    hud *h2 = NULL;
    CHECK(hud_create(&(hud_desc){.exhibit = ex, .visit = v, .strings = strings, .font = font,
                                 .help = true},
                     &h2) == PV_OK);
    frame(h2, v);
    CHECK(ui_widget_rect(hud_ui(h2), ui_id_mix(ui_id_of("hud.hint"), 1), &r));
    /* full screen (F11) and a screenshot (F12) leave it: that is not exploring */
    for (int k = 0; k < 2; k++) {
        platform_key key = k ? PLATFORM_KEY_F12 : PLATFORM_KEY_F11;
        hud_event(h2, &(platform_event){.type = PLATFORM_EV_KEY_DOWN, .key = key});
        frame(h2, v);
        CHECK(ui_widget_rect(hud_ui(h2), ui_id_mix(ui_id_of("hud.hint"), 1), &r));
    }
    CHECK(!click_at(h2, 640, 200)); /* the place's: a drag or a hotspot */
    frame(h2, v);
    CHECK(!ui_widget_rect(hud_ui(h2), ui_id_mix(ui_id_of("hud.hint"), 1), &r));
    hud_destroy(&h2, NULL);

    /* the bar: places, language, help, in that order for Tab, at the top right */
    ui_id places = ui_id_of("hud.places"), lang = ui_id_of("hud.language");
    ui_id help = ui_id_of("hud.help");
    ui_rect rp, rl, rh;
    CHECK(ui_widget_rect(hud_ui(h), places, &rp) && ui_widget_rect(hud_ui(h), lang, &rl) &&
          ui_widget_rect(hud_ui(h), help, &rh));
    CHECK(rp.x < rl.x && rl.x < rh.x && rh.x > 1280 - 100);
    CHECK(key(h, PLATFORM_KEY_TAB, false) && ui_focus(hud_ui(h)) == places);
    CHECK(key(h, PLATFORM_KEY_TAB, false) && ui_focus(hud_ui(h)) == lang);
    CHECK(key(h, PLATFORM_KEY_TAB, false) && ui_focus(hud_ui(h)) == help);
    /* Enter on the language button opens the switcher */
    CHECK(key(h, PLATFORM_KEY_TAB, true) && key(h, PLATFORM_KEY_RETURN, false));
    frame(h, v);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_LANGUAGES && hud_modal(h));
    frame(h, v);

    /* every catalogue is a row; choose Arabic */
    const char *codes[32];
    int n = ui_strings_languages(strings, codes, 32);
    CHECK(n >= 12);
    int ar = -1;
    for (int i = 0; i < n && i < 32; i++)
        if (strcmp(codes[i], "ar") == 0)
            ar = i;
    ui_id list = ui_id_of("hud.languages_list");
    CHECK(ar >= 0 && ui_widget_rect(hud_ui(h), ui_id_mix(list, (uint32_t)ar), &r));
    int events_before = events.count;
    uint32_t gen = ui_strings_generation(strings);
    CHECK(click(h, ui_id_mix(list, (uint32_t)ar)));
    frame(h, v);
    CHECK_STR(hud_language(h), "ar");
    CHECK(hs.changes == 1);
    CHECK_STR(hs.lang, "ar");
    CHECK(ui_strings_generation(strings) == gen + 1);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_NONE);
    /* the same place, nothing entered or loaded again */
    CHECK(visit_place(v) == 0);
    CHECK(events.count == events_before);
    /* the next frame is mirrored: the bar at the top left, places first from the right */
    frame(h, v);
    CHECK(ui_widget_rect(hud_ui(h), places, &rp) && ui_widget_rect(hud_ui(h), help, &rh));
    CHECK(rh.x < 100 && rp.x > rh.x);
    CHECK(ui_rtl(hud_ui(h)));
    /* the place's title is drawn in Arabic: the scene's Arabic text was laid out (its glyphs
     * are Arabic letters from the project's fonts; "Lobby" is five Latin letters) */
    bool arabic_title = false;
    for (int i = 0; i < ui_draw_count(hud_ui(h)); i++) {
        const ui_draw *d = ui_draw_at(hud_ui(h), i);
        if (d->kind == UI_DRAW_TEXT && d->layout->line_count == 1 && d->layout->lines[0].rtl &&
            d->rect.y < 60 && d->rect.x > 400 && d->rect.x < 880)
            arabic_title = true;
    }
    CHECK(arabic_title);

    /* a toast says the new language, and goes */
    bool toast = false;
    for (int i = 0; i < 80; i++) {
        frame(h, v);
        toast |= hud_animating(h);
    }
    CHECK(toast && !hud_animating(h));

    /* back to Japanese through the API; an unknown language is refused */
    CHECK(!hud_set_language(h, "xx", why, sizeof(why)));
    CHECK_STR(hud_language(h), "ar");
    CHECK(hud_set_language(h, "ja", why, sizeof(why)));
    CHECK(hs.changes == 2);

    /* the info panel: in Japanese; Esc closes it */
    hud_show(h, HUD_OPEN_INFO, 0);
    frame(h, v);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_INFO);
    CHECK(!ui_rtl(hud_ui(h)));
    int shown = -1;
    CHECK(hud_shown(h, &shown) == HUD_OPEN_INFO && shown == 0);
    /* the modal panel keeps the arrows from the place */
    CHECK(key(h, PLATFORM_KEY_LEFT, false));
    CHECK(!key(h, PLATFORM_KEY_F11, false));
    CHECK(key(h, PLATFORM_KEY_ESCAPE, false));
    frame(h, v);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_NONE);
    CHECK(!key(h, PLATFORM_KEY_ESCAPE, false)); /* nothing open: Esc is the viewer's */
    /* a team's card, in Japanese: the panel's title, then the card (team.c): initials on a
     * disc (no photo), the name, and role, languages by their own names and contact */
    hud_show(h, HUD_OPEN_INFO, 2);
    frame(h, v);
    int titles = 0, name_n = 0, card = 0, initials = 0;
    for (int i = 0; i < ui_draw_count(hud_ui(h)); i++) {
        const ui_draw *d = ui_draw_at(hud_ui(h), i);
        if (d->kind != UI_DRAW_TEXT)
            continue;
        /* "Team", 佐藤健二: four glyphs each; the card: 営業 / 対応言語: 日本語 · English /
         * 連絡先: kenji@example.org (no region given); 佐 on the disc */
        bool four = d->layout->line_count == 1 && d->layout->glyph_count == 4;
        titles += d->id == ui_id_of("hud.info") && four;
        name_n += d->id == 0 && four;
        card += d->layout->line_count == 3;
        initials += d->id == 0 && d->layout->glyph_count == 1;
    }
    CHECK(titles == 1 && name_n == 1);
    CHECK(card == 1);
    CHECK(initials == 1);
    hud_close(h);
    /* a hotspot that does not exist opens nothing */
    hud_show(h, HUD_OPEN_INFO, 7);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_NONE);

    /* the place menu: choose the hall; the visit enters it */
    frame(h, v);
    CHECK(click(h, places));
    frame(h, v);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_PLACES);
    frame(h, v);
    ui_id plist = ui_id_of("hud.places_list");
    /* the group's places first (the hall), then the others under "other places"; two
     * headings drawn without a row's id */
    ui_rect area;
    CHECK(ui_widget_rect(hud_ui(h), plist, &area));
    int headings = 0;
    for (int i = 0; i < ui_draw_count(hud_ui(h)); i++) {
        const ui_draw *d = ui_draw_at(hud_ui(h), i);
        headings += d->kind == UI_DRAW_TEXT && d->id == 0 && d->rect.y >= area.y &&
                    d->rect.y < area.y + area.h;
    }
    CHECK(headings == 2);
    CHECK(ui_widget_rect(hud_ui(h), ui_id_mix(plist, 0), &r));
    CHECK(click(h, ui_id_mix(plist, 0))); /* row 0 is the hall */
    frame(h, v);
    frame(h, v);
    CHECK(visit_place(v) == 1);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_NONE);
    /* a click on the veil closes a menu */
    hud_show(h, HUD_OPEN_HELP, -1);
    frame(h, v);
    CHECK(click_at(h, 5, 700));
    frame(h, v);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_NONE);

    hud_destroy(&h, NULL);
    CHECK(h == NULL);
    visit_destroy(&v);
    ui_strings_destroy(&strings);
    text_font_close(&bold);
    text_font_close(&font);
    scene_free(&ex);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s_dir);
    CHECK(system(cmd) == 0);
    return check_done();
}
