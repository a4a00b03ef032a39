/* hud: the visitor's interface over the place (title, bar, place menu, floor plan, language
 * switcher, help, info panels), described with ui/ widgets each frame.
 * Threads: main thread only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hud/hud_internal.h"

enum { MAX_LANGUAGES = 32, MAX_MENU = 256, MAX_CARDS = 24 };

struct hud {
    const scene_exhibit *ex;
    visit *vis;
    ui_strings *strings;
    hud_host host;
    ui *ui;
    hud_open open;
    int hotspot;             /* HUD_OPEN_INFO: hotspot of `info_place` */
    int info_place;
    bool help_hint;
    bool hints;              /* first start: how to move shows once in each kind of 3D place */
    bool walk_hinted, orbit_hinted;
    int last_place;          /* the place of the last frame (-1 before the first) */
    int pending;             /* the place awaited since pending_since (-1: none) */
    double pending_since;
    char lang[32];           /* what the visitor reads; scene texts follow it */
    char toast[256];         /* to show at the next frame */
    ui_list_item *items;     /* the menus' rows, rebuilt each frame they are open */
    const char *codes[MAX_LANGUAGES];
    char *card_text[MAX_CARDS]; /* a team panel's lines, made for the frame being described */
    hud_controls_state controls; /* the video controls (controls.c) */
};

static const char *str(const hud *h, const char *key) { return ui_str(h->strings, key); }

/* The scene has a floor plan with places on it. */
static bool has_map(const hud *h) { return h->ex->map.present && h->ex->map.point_count > 0; }

pv_result hud_create(const hud_desc *d, hud **out)
{
    *out = NULL;
    if (!d || !d->exhibit || !d->visit || !d->font)
        return PV_ERR_INVALID;
    hud *h = pv_calloc(1, sizeof(*h));
    h->ex = d->exhibit;
    h->vis = d->visit;
    h->strings = d->strings;
    h->host = d->host;
    h->help_hint = h->hints = d->help;
    h->last_place = h->pending = -1;
    h->hotspot = h->info_place = -1;
    snprintf(h->lang, sizeof(h->lang), "%s",
             d->strings ? ui_strings_language(d->strings) : "en");
    ui_theme theme;
    hud_theme_from_scene(&d->exhibit->theme, &theme);
    pv_result r =
        ui_create(&(ui_desc){.font = d->font, .bold = d->bold, .theme = &theme}, &h->ui);
    if (r != PV_OK) {
        free(h);
        return r;
    }
    h->items = pv_calloc(MAX_MENU, sizeof(*h->items));
    *out = h;
    return PV_OK;
}

void hud_destroy(hud **ph, gfx *g)
{
    if (!ph || !*ph)
        return;
    hud *h = *ph;
    ui_destroy(&h->ui, g);
    for (int i = 0; i < MAX_CARDS; i++)
        free(h->card_text[i]);
    free(h->items);
    free(h);
    *ph = NULL;
}

ui *hud_ui(hud *h) { return h->ui; }

void hud_show(hud *h, hud_open what, int hotspot)
{
    int place = visit_place(h->vis);
    if ((what == HUD_OPEN_INFO &&
         (place < 0 || hotspot < 0 || hotspot >= h->ex->places[place].hotspot_count)) ||
        (what == HUD_OPEN_MAP && !has_map(h)))
        what = HUD_OPEN_NONE;
    if (what != h->open)
        ui_forget_widgets(h->ui); /* what was shown until now takes no more clicks */
    h->open = what;
    h->hotspot = what == HUD_OPEN_INFO ? hotspot : -1;
    h->info_place = what == HUD_OPEN_INFO ? place : -1;
    /* the keyboard starts in what just opened */
    ui_set_focus(h->ui, 0);
}

void hud_close(hud *h) { hud_show(h, HUD_OPEN_NONE, -1); }

hud_open hud_shown(const hud *h, int *hotspot)
{
    if (hotspot)
        *hotspot = h->hotspot;
    return h->open;
}

bool hud_modal(const hud *h) { return h->open != HUD_OPEN_NONE; }

const char *hud_language(const hud *h) { return h->lang; }

bool hud_set_language(hud *h, const char *lang, char *why, size_t why_n)
{
    if (!h->strings) {
        snprintf(why, why_n, "no catalogues are loaded");
        return false;
    }
    if (ui_strings_set_language(h->strings, lang, why, why_n) != PV_OK)
        return false;
    const char *now = ui_strings_language(h->strings);
    if (strcmp(now, h->lang) == 0)
        return true;
    snprintf(h->lang, sizeof(h->lang), "%s", now);
    /* "Language: 日本語", in the new language */
    snprintf(h->toast, sizeof(h->toast), str(h, "lang.changed"),
             ui_strings_language_name(h->strings, now));
    if (h->host.language_changed)
        h->host.language_changed(h->host.user, now);
    return true;
}

bool hud_event(hud *h, const platform_event *e)
{
    /* Esc closes what is open at once (not at the next frame) */
    if (e->type == PLATFORM_EV_KEY_DOWN && e->key == PLATFORM_KEY_ESCAPE && hud_modal(h)) {
        hud_close(h);
        return true;
    }
    bool used = ui_event(h->ui, e);
    /* the visitor started exploring on their own: the first-start hint has done its job (full
     * screen and a screenshot are not exploring) */
    bool window_key = e->type == PLATFORM_EV_KEY_DOWN &&
                      (e->key == PLATFORM_KEY_F11 || e->key == PLATFORM_KEY_F12);
    if (!used && h->help_hint && !window_key &&
        (e->type == PLATFORM_EV_POINTER_DOWN || e->type == PLATFORM_EV_KEY_DOWN ||
         e->type == PLATFORM_EV_WHEEL)) {
        h->help_hint = false;
        ui_forget_widgets(h->ui);
    }
    /* a modal panel keeps the place's keys (turning, going back) to itself */
    if (!used && hud_modal(h) && e->type == PLATFORM_EV_KEY_DOWN) {
        switch (e->key) {
        case PLATFORM_KEY_F11:
        case PLATFORM_KEY_F12:
        case PLATFORM_KEY_F:
            return false;
        default:
            return true;
        }
    }
    return used;
}

bool hud_animating(const hud *h) { return ui_animating(h->ui); }

void hud_render(hud *h, gfx *g) { ui_render(h->ui, g); }

/* ---- parts of a frame ---- */

static const char *scene_str(const hud *h, const scene_text *t) { return scene_text_get(t, h->lang); }

/* The title's pill and the bar: the theme's panel colour, a little more transparent. */
static uint32_t chrome_color(const ui *u)
{
    uint32_t panel = ui_get_theme(u)->panel;
    return (panel & ~0xFFu) | ((panel & 0xFF) * 0xB0 / 0xE0);
}

/* The place's title on a pill, top centre; below the bar (`bar` dp tall, `bar_w` wide at the
 * end edge) when the two would meet. */
static void draw_title(hud *h, int place, float bar, float bar_w)
{
    ui *u = h->ui;
    const char *title = scene_str(h, &h->ex->places[place].title);
    if (!title[0])
        return;
    float size = 18, tw, th;
    ui_text_size(u, title, size, &tw, &th);
    float maxw = ui_width_dp(u) - 24;
    tw = fminf(tw, maxw - 32);
    float x = (ui_width_dp(u) - tw - 32) * 0.5f;
    bool meets = x + tw + 32 + 8 > ui_width_dp(u) - bar_w;
    ui_rect pill = {x, meets ? bar + 8 : 14, tw + 32, th + 14};
    ui_fill(u, pill, chrome_color(u), pill.h * 0.5f);
    ui_label(u, (ui_rect){pill.x + 16, pill.y, tw, pill.h}, title, size, 0, TEXT_ALIGN_CENTER);
}

/* A button of the bar that opens `what` (or closes it when open); advances *x. */
static void bar_button(hud *h, const char *name, const char *label, float *x, float y, float w,
                       hud_open what)
{
    if (ui_button(h->ui, ui_id_of(name), (ui_rect){*x, y, w, 36},
                  &(ui_button_desc){.label = label, .quiet = true, .selected = h->open == what}))
        hud_show(h, h->open == what ? HUD_OPEN_NONE : what, -1);
    *x += w + 4;
}

/* The bar at the top end: places, map, language, help. Returns its height in dp, and in *w
 * the room it takes from the end edge. */
static float draw_bar(hud *h, float *w)
{
    ui *u = h->ui;
    const float bh = 36, pad = 14, gap = 4, margin = 12;
    const char *places = str(h, "menu.open"), *map = str(h, "map.open");
    const char *lang = h->strings ? ui_strings_language_name(h->strings, h->lang) : h->lang;
    bool menu = h->ex->place_count > 1, plan = has_map(h);
    float wp = 0, wm = 0, wl, wh = bh, th;
    if (menu)
        ui_text_size(u, places, 0, &wp, &th);
    if (plan)
        ui_text_size(u, map, 0, &wm, &th);
    ui_text_size(u, lang, 0, &wl, &th);
    wp = menu ? wp + 2 * pad : 0;
    wm = plan ? wm + 2 * pad : 0;
    wl += 2 * pad;
    float total = wp + wm + wl + wh + (1 + menu + plan) * gap + 2 * gap;
    float x = ui_width_dp(u) - margin - total;
    *w = margin + total;
    ui_fill(u, (ui_rect){x, margin, total, bh + 2 * gap}, chrome_color(u),
            ui_get_theme(u)->radius);
    x += gap;
    float y = margin + gap;
    if (menu)
        bar_button(h, "hud.places", places, &x, y, wp, HUD_OPEN_PLACES);
    if (plan) {
        bar_button(h, "hud.map", map, &x, y, wm, HUD_OPEN_MAP);
        ui_tooltip(u, ui_id_of("hud.map"), str(h, "map.title"));
    }
    bar_button(h, "hud.language", lang, &x, y, wl, HUD_OPEN_LANGUAGES);
    ui_tooltip(u, ui_id_of("hud.language"), str(h, "tip.language"));
    bar_button(h, "hud.help", "?", &x, y, wh, HUD_OPEN_HELP);
    ui_tooltip(u, ui_id_of("hud.help"), str(h, "tip.help"));
    return margin + bh + 2 * gap;
}

/* A centred panel rectangle: at most `w` wide and `hmax` tall, inside the frame. */
static ui_rect centred(const ui *u, float w, float hmax)
{
    float W = ui_width_dp(u), H = ui_height_dp(u);
    w = fminf(w, W - 32);
    float hh = fminf(hmax, H - 96);
    return (ui_rect){(W - w) * 0.5f, fmaxf(16, (H - hh) * 0.5f), w, hh};
}

static void draw_info(hud *h)
{
    const scene_place *p = &h->ex->places[h->info_place];
    const scene_hotspot *hs = &p->hotspots[h->hotspot];
    ui_block blocks[1];
    int n = 0;
    const char *text = scene_str(h, &hs->text);
    if (text[0])
        blocks[n++] = (ui_block){.kind = UI_BLOCK_PARAGRAPH, .utf8 = text};
    /* a team's people: cards (team.c) in room the panel keeps after its text */
    hud_parts parts = {h->ui, h->vis, h->ex, h->strings, h->lang, &h->host};
    int cards_n = hs->person_count < MAX_CARDS ? hs->person_count : MAX_CARDS;
    for (int i = 0; i < cards_n; i++) {
        free(h->card_text[i]);
        h->card_text[i] = hud_card_lines(&parts, &hs->people[i]);
    }
    ui_rect cards;
    ui_panel_desc d = {.title = scene_str(h, &hs->title), .blocks = blocks, .block_count = n,
                       .closable = true, .reserved = &cards,
                       .reserve = hud_cards_height(&parts, h->card_text, cards_n)};
    if (!ui_panel(h->ui, ui_id_of("hud.info"), centred(h->ui, 560, 640), &d))
        hud_close(h);
    else if (cards_n)
        hud_cards(&parts, hs, h->card_text, cards_n, cards);
}

/* The place's section of the menu ("groups" in the scene), or NULL when the scene has none. */
static const char *place_group(const hud *h, int place)
{
    int g = h->ex->places[place].group;
    if (h->ex->group_count == 0)
        return NULL;
    if (g < 0 || g >= h->ex->group_count)
        return str(h, "menu.group_other");
    return scene_str(h, &h->ex->groups[g].title);
}

/* The menu's order: the scene's groups in their order, then places without one (all in file
 * order when the scene has no groups). */
static int menu_order(const hud *h, int *order, int max)
{
    int n = 0;
    for (int g = 0; g < h->ex->group_count; g++)
        for (int i = 0; i < h->ex->place_count && n < max; i++)
            if (h->ex->places[i].group == g)
                order[n++] = i;
    for (int i = 0; i < h->ex->place_count && n < max; i++) {
        int g = h->ex->places[i].group;
        if (g < 0 || g >= h->ex->group_count)
            order[n++] = i;
    }
    return n;
}

static void draw_places(hud *h)
{
    ui *u = h->ui;
    int order[MAX_MENU];
    int n = menu_order(h, order, MAX_MENU);
    int current = visit_place(h->vis);
    for (int k = 0; k < n; k++) {
        int i = order[k];
        h->items[k] = (ui_list_item){
            .title = scene_str(h, &h->ex->places[i].title),
            .thumb = h->host.thumbnail ? h->host.thumbnail(h->host.user, i) : NULL,
            .placeholder = true,
            .group = place_group(h, i),
            .selected = i == current,
        };
    }
    char count[128];
    snprintf(count, sizeof(count), ui_strn(h->strings, "menu.place_count", n), n);
    ui_block sub = {.kind = UI_BLOCK_PARAGRAPH, .utf8 = count};
    ui_rect r = centred(u, 460, 620);
    ui_rect room = {0};
    float list_h = fminf(56.0f * (float)n + 40, r.h - 110);
    ui_panel_desc d = {.title = str(h, "menu.title"), .blocks = &sub, .block_count = 1,
                       .closable = true, .reserve = list_h, .reserved = &room};
    if (!ui_panel(u, ui_id_of("hud.places_panel"), r, &d)) {
        hud_close(h);
        return;
    }
    int chosen = ui_list(u, ui_id_of("hud.places_list"), room, h->items, n);
    if (chosen >= 0) {
        hud_close(h);
        if (order[chosen] != current)
            visit_cmd_enter(h->vis, order[chosen], NULL, true);
    }
}

static void draw_languages(hud *h)
{
    ui *u = h->ui;
    int n = ui_strings_languages(h->strings, h->codes, MAX_LANGUAGES);
    n = n < MAX_LANGUAGES ? n : MAX_LANGUAGES;
    for (int i = 0; i < n; i++)
        h->items[i] = (ui_list_item){
            .title = ui_strings_language_name(h->strings, h->codes[i]),
            .subtitle = h->codes[i],
            .selected = strcmp(h->codes[i], h->lang) == 0,
        };
    ui_block sub = {.kind = UI_BLOCK_PARAGRAPH, .utf8 = str(h, "lang.choose")};
    ui_rect r = centred(u, 400, 640);
    ui_rect room = {0};
    ui_panel_desc d = {.title = str(h, "lang.title"), .blocks = &sub, .block_count = 1,
                       .closable = true, .reserve = fminf(56.0f * (float)n, r.h - 130),
                       .reserved = &room};
    if (!ui_panel(u, ui_id_of("hud.languages_panel"), r, &d)) {
        hud_close(h);
        return;
    }
    int chosen = ui_list(u, ui_id_of("hud.languages_list"), room, h->items, n);
    if (chosen >= 0) {
        char why[600];
        hud_close(h);
        if (!hud_set_language(h, h->codes[chosen], why, sizeof(why)))
            pv_warn("%s", why);
    }
}

static void draw_map(hud *h)
{
    hud_parts parts = {h->ui, h->vis, h->ex, h->strings, h->lang, &h->host};
    bool open;
    int chosen = hud_map_frame(&parts, &open);
    int current = visit_place(h->vis);
    if (!open || chosen >= 0)
        hud_close(h);
    if (chosen >= 0 && chosen != current)
        visit_cmd_enter(h->vis, chosen, NULL, true);
}

/* The help: as a panel (from the bar), or as a hint at the bottom at first start. */
static void draw_help(hud *h, bool hint)
{
    ui *u = h->ui;
    ui_block lines[] = {
        {.kind = UI_BLOCK_PARAGRAPH, .utf8 = str(h, "help.look")},
        {.kind = UI_BLOCK_PARAGRAPH, .utf8 = str(h, "help.zoom")},
        {.kind = UI_BLOCK_PARAGRAPH, .utf8 = str(h, "help.markers")},
        {.kind = UI_BLOCK_PARAGRAPH, .utf8 = str(h, "help.keys")},
        {.kind = UI_BLOCK_PARAGRAPH, .utf8 = str(h, "help.keyboard")},
    };
    ui_rect room = {0};
    ui_panel_desc d = {.title = str(h, "help.title"), .blocks = lines,
                       .block_count = hint ? 3 : 5, .closable = true, .reserve = 40,
                       .reserved = &room};
    ui_rect r = hint ? (ui_rect){(ui_width_dp(u) - fminf(420, ui_width_dp(u) - 32)) * 0.5f,
                                 ui_height_dp(u) - 16 - 260, fminf(420, ui_width_dp(u) - 32),
                                 260}
                     : centred(u, 480, 520);
    ui_id id = ui_id_of(hint ? "hud.hint" : "hud.help_panel");
    bool open = ui_panel(u, id, r, &d);
    const char *ok = str(h, "help.dismiss");
    float tw, th;
    ui_text_size(u, ok, 0, &tw, &th);
    float bw = fmaxf(96, tw + 32);
    if (ui_button(u, ui_id_mix(id, 1), (ui_rect){room.x + room.w - bw, room.y + 2, bw, 36},
                  &(ui_button_desc){.label = ok, .selected = true}))
        open = false;
    if (!open) {
        if (hint)
            h->help_hint = false;
        else
            hud_close(h);
    }
}

/* Whether one of the n markers lies within r (dp). */
static bool covers_marker(const hud *h, const hud_marker *m, int n, ui_rect r)
{
    ui_rect px = ui_rect_px(h->ui, r);
    for (int i = 0; i < n; i++)
        if (m[i].x >= px.x && m[i].x <= px.x + px.w && m[i].y >= px.y &&
            m[i].y <= px.y + px.h)
            return true;
    return false;
}

/* The current place cannot be shown: a card saying so in the visitor's language, that its
 * markers still work, and the loader's reason in small type. It takes no pointer, and it sits
 * in the middle, else higher or lower where it hides no marker. */
static void draw_place_error(hud *h, int place, const char *why)
{
    ui *u = h->ui;
    bool stand = h->ex->places[place].model_src != NULL;
    const char *title = str(h, stand ? "booth.failed" : "place.failed");
    const char *hint = str(h, "place.failed_hint");
    const ui_theme *t = ui_get_theme(u);
    float W = ui_width_dp(u), H = ui_height_dp(u), pad = t->padding;
    float w = fmaxf(2 * pad + 1, fminf(480, W - 32)), inner = w - 2 * pad;
    float tw, th, hw, hh, ww = 0, wh = 0;
    ui_text_size_in(u, title, t->title_size, inner, &tw, &th);
    ui_text_size_in(u, hint, 0, inner, &hw, &hh);
    if (why && *why)
        ui_text_size_in(u, why, t->small_size, inner, &ww, &wh);
    float card_h = pad + th + t->spacing + hh + (wh > 0 ? t->spacing + wh : 0) + pad;
    ui_rect r = {(W - w) * 0.5f, (H - card_h) * 0.5f, w, card_h};
    hud_marker m[64];
    int n = h->host.markers ? h->host.markers(h->host.user, m, 64) : 0;
    n = n < 0 ? 0 : n > 64 ? 64 : n;
    const float at[] = {0.5f, 0.3f, 0.7f};
    for (int i = 0; i < 3; i++) {
        ui_rect c = {r.x, H * at[i] - card_h * 0.5f, w, card_h};
        if (c.y >= 8 && c.y + card_h <= H - 8 && !covers_marker(h, m, n, c)) {
            r = c;
            break;
        }
    }
    ui_paint(u, r, 0x7A1C1CE6, t->radius);
    float y = r.y + pad;
    ui_label(u, (ui_rect){r.x + pad, y, inner, th}, title, t->title_size, 0, TEXT_ALIGN_CENTER);
    y += th + t->spacing;
    ui_label(u, (ui_rect){r.x + pad, y, inner, hh}, hint, 0, 0, TEXT_ALIGN_CENTER);
    y += hh + t->spacing;
    if (wh > 0)
        ui_label(u, (ui_rect){r.x + pad, y, inner, wh}, why, t->small_size, t->text_dim,
                 TEXT_ALIGN_CENTER);
}

/* Moving into a place: the first time in a 3D room or at a 3D stand, how to move there. */
static void entered(hud *h, int place)
{
    h->last_place = place;
    const scene_place *p = place >= 0 ? &h->ex->places[place] : NULL;
    if (!h->hints || !p || !p->model_src)
        return;
    bool walk = p->camera.mode == SCENE_CAMERA_WALK;
    bool *done = walk ? &h->walk_hinted : &h->orbit_hinted;
    if (!*done)
        ui_toast(h->ui, str(h, walk ? "booth.walk_hint" : "booth.orbit_hint"), 6);
    *done = true;
}

void hud_frame(hud *h, const hud_frame_desc *f)
{
    ui *u = h->ui;
    ui_frame_begin(u, &(ui_frame_desc){
                          .width = f->width, .height = f->height, .scale = f->scale,
                          .dpi = f->dpi, .now = f->now, .lang = h->lang,
                          .rtl = h->strings && ui_strings_rtl(h->strings),
                      });
    if (h->toast[0]) {
        ui_toast(u, h->toast, 2.5);
        h->toast[0] = '\0';
    }
    int place = visit_place(h->vis);
    if (h->open == HUD_OPEN_INFO && place != h->info_place)
        hud_close(h); /* the panel belonged to the place left */
    if (place != h->last_place)
        entered(h, place);
    hud_parts parts = {u, h->vis, h->ex, h->strings, h->lang, &h->host};
    if (place >= 0 && f->place_error)
        draw_place_error(h, place, f->place_error);
    /* the next place's first picture is awaited (a marker pulses in the middle): after a
     * moment, words under it */
    int pending = visit_pending(h->vis);
    if (pending != h->pending) {
        h->pending = pending;
        h->pending_since = f->now;
    }
    if (pending >= 0 && f->now - h->pending_since >= 0.4)
        ui_callout(u, ui_id_of("hud.loading"), f->width * 0.5f, f->height * 0.5f,
                   ui_px(u, 28), true, str(h, "place.loading"));
    if (place >= 0 && !hud_modal(h))
        hud_spots_frame(&parts); /* the keyboard reaches the place's hotspots first */
    if (f->chrome && place >= 0) {
        float bar_w, bar = draw_bar(h, &bar_w);
        draw_title(h, place, bar, bar_w);
    }
    if (place >= 0)
        hud_controls_frame(&parts, &h->controls);
    if (h->open != HUD_OPEN_NONE && ui_backdrop(u, ui_id_of("hud.backdrop"), 0x00000070))
        hud_close(h);
    switch (h->open) {
    case HUD_OPEN_INFO: draw_info(h); break;
    case HUD_OPEN_PLACES: draw_places(h); break;
    case HUD_OPEN_LANGUAGES: draw_languages(h); break;
    case HUD_OPEN_HELP: draw_help(h, false); break;
    case HUD_OPEN_MAP: draw_map(h); break;
    default:
        if (h->help_hint && f->chrome)
            draw_help(h, true);
        break;
    }
    ui_frame_end(u);
}
