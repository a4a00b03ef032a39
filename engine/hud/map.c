/* hud map: the scene's floor plan in a panel, a dot per place at its point (the scene's "map"),
 * the visitor's place marked "You are here", each dot a button (Tab in reading order, Enter,
 * a click over at least the touch size) named by its place's title. The plan's picture is asked
 * of the host; the plan is never mirrored, but in a right-to-left language the panel's
 * title and the dots' reading order and labels are. Threads: main thread only. */
#include <math.h>
#include <string.h>

#include "hud/hud_internal.h"

enum { MAX_DOTS = 256 };
/* The dots are laid out as hud_marker (spots.c's reading order): `hotspot` holds the place. */

static const float DOT_DP = 14, HERE_DP = 20, HINT_DP = 28;
/* on a small plan the dots shrink to 8 dp, to keep the plan readable (their hit areas keep
 * the touch size) */
static float dot_scale(float plan_w) { return fminf(1, fmaxf(8 / DOT_DP, plan_w / 30 / DOT_DP)); }

/* A rectangle given from the left edge (dp) as the ui takes it: from the start edge. */
static ui_rect from_left(const ui *u, ui_rect r)
{
    if (ui_rtl(u))
        r.x = ui_width_dp(u) - r.x - r.w;
    return r;
}

/* The plan's size in its own pixels (from the image's header; 3:2 when unknown). */
static void plan_size(const scene_map *m, float *w, float *h)
{
    *w = m->width > 0 ? (float)m->width : 1200;
    *h = m->height > 0 ? (float)m->height : 800;
}

/* A place's name beside its dot on a pill, at the end side unless it would leave the plan. */
static void dot_label(const hud_parts *p, const char *text, float cx, float cy, float rad,
                      ui_rect plan, bool accent)
{
    ui *u = p->ui;
    const ui_theme *t = ui_get_theme(u);
    float tw, th, size = t->small_size;
    ui_text_size(u, text, size, &tw, &th);
    float w = fminf(tw + 16, plan.w), h = th + 6;
    bool before = ui_rtl(u);
    float x = before ? cx - rad - 4 - w : cx + rad + 4;
    if (x + w > plan.x + plan.w || x < plan.x)
        x = before ? cx + rad + 4 : cx - rad - 4 - w;
    x = fmaxf(plan.x, fminf(x, plan.x + plan.w - w));
    ui_rect r = from_left(u, (ui_rect){x, cy - h * 0.5f, w, h});
    ui_paint(u, r, accent ? t->accent : t->tooltip, h * 0.5f);
    ui_label(u, (ui_rect){r.x + 8, r.y, r.w - 16, r.h}, text, size, t->text, TEXT_ALIGN_CENTER);
}

int hud_map_frame(const hud_parts *p, bool *open)
{
    ui *u = p->ui;
    const scene_map *m = &p->ex->map;
    const ui_theme *t = ui_get_theme(u);
    float W = ui_width_dp(u), H = ui_height_dp(u);
    float iw, ih;
    plan_size(m, &iw, &ih);
    /* the plan as large as the window allows under the panel's title and hint (no hint in a
     * low window: the plan needs the room more) */
    bool hint_shown = H >= 300;
    float chrome = 2 * t->padding + 32 + 2 * t->spacing + (hint_shown ? HINT_DP : 0);
    float margin = H >= 300 ? 16 : 6;
    float pw = fminf(W - 32, 760) - 2 * t->padding - 8;
    float ph = pw * ih / iw;
    float room_h = fmaxf(40, H - 2 * margin - chrome);
    if (ph > room_h) {
        ph = room_h;
        pw = ph * iw / ih;
    }
    float panel_w = fmaxf(pw + 2 * t->padding + 8, fminf(W - 32, 280));
    float panel_h = ph + chrome;
    ui_rect r = {(W - panel_w) * 0.5f, fmaxf(margin, (H - panel_h) * 0.5f), panel_w, panel_h};
    const char *title = scene_text_get(&m->title, p->lang);
    ui_block hint = {.kind = UI_BLOCK_PARAGRAPH, .utf8 = ui_str(p->strings, "map.hint")};
    ui_rect room = {0};
    ui_id id = ui_id_of("hud.map_panel");
    ui_panel_desc d = {.title = title[0] ? title : ui_str(p->strings, "map.title"),
                       .blocks = &hint, .block_count = hint_shown, .closable = true,
                       .reserve = ph,
                       .reserved = &room};
    *open = ui_panel(u, id, r, &d);
    if (!*open)
        return -1;
    /* the plan, centred in the room, placed from the left: it is not mirrored */
    ui_rect plan = {0, room.y, pw, ph};
    plan.x = ui_rtl(u) ? W - room.x - room.w : room.x;
    plan.x += (room.w - pw) * 0.5f;
    const gfx_image *img = p->host->plan ? p->host->plan(p->host->user) : NULL;
    if (img)
        ui_image(u, from_left(u, plan), img, 1);
    else
        ui_paint(u, from_left(u, plan), t->control, 4);

    /* the dots in reading order as seen (right to left in Arabic) */
    hud_marker dots[MAX_DOTS];
    int n = 0, current = visit_place(p->vis);
    for (int i = 0; i < m->point_count && n < MAX_DOTS; i++) {
        const scene_map_point *pt = &m->points[i];
        dots[n++] = (hud_marker){pt->place, plan.x + pt->x / iw * pw, plan.y + pt->y / ih * ph,
                                 (pt->place == current ? HERE_DP : DOT_DP) * dot_scale(pw), false};
    }
    int order[MAX_DOTS];
    hud_reading_order(dots, n, ui_rtl(u), 12, order);
    int chosen = -1;
    ui_id base = ui_id_of("hud.map_place");
    ui_id shown = 0;
    const hud_marker *named = NULL;
    for (int k = 0; k < n; k++) {
        const hud_marker *dot = &dots[order[k]];
        float rad = dot->size * 0.5f;
        ui_rect box = from_left(u, (ui_rect){dot->x - rad, dot->y - rad, dot->size, dot->size});
        ui_id did = ui_id_mix(base, (uint32_t)dot->hotspot);
        if (ui_button(u, did, box, &(ui_button_desc){.quiet = true}))
            chosen = dot->hotspot;
        bool here = dot->hotspot == current;
        /* a disc with a dark rim, so it reads on any plan */
        ui_paint(u, box, 0x000000C0, rad);
        float in = dot->size * (here ? 0.15f : 0.18f);
        ui_paint(u, (ui_rect){box.x + in, box.y + in, box.w - 2 * in, box.h - 2 * in},
                 here ? t->accent : 0xFFFFFFFF, rad - in);
        if (ui_hover(u) == did || (ui_focus(u) == did && ui_focus_visible(u))) {
            shown = did;
            named = dot;
        }
    }
    /* "You are here" at the visitor's place; the title of the dot under the pointer or the
     * keyboard (drawn last, over the dots) */
    for (int k = 0; k < n; k++)
        if (dots[k].hotspot == current && ui_id_mix(base, (uint32_t)current) != shown)
            dot_label(p, ui_str(p->strings, "common.you_are_here"), dots[k].x, dots[k].y,
                      HERE_DP * dot_scale(pw) * 0.5f, plan, true);
    if (named)
        dot_label(p, scene_text_get(&p->ex->places[named->hotspot].title, p->lang), named->x,
                  named->y, named->size * 0.5f, plan, named->hotspot == current);
    return chosen;
}
