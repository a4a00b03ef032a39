/* hud/spots: the hotspots' markers on screen as keyboard stops. Tab reaches them first, in
 * reading order as the visitor sees them (rows top to bottom, each left to right, or right to
 * left in a right-to-left language), then the interface's controls; the focused one gets a
 * ring, and Enter uses it through the visit's activate command. The pointer stays the
 * place's: the viewer picks markers under it as before. The marker under the pointer and the
 * focused one show their names (where a door leads, what a panel is about) in a pill beside
 * them. Threads: main thread only. */
#include <math.h>

#include "hud/hud_internal.h"

enum { MAX_SPOTS = 64 };

void hud_reading_order(const hud_marker *m, int n, bool rtl, float row, int *order)
{
    for (int i = 0; i < n; i++)
        order[i] = i;
    /* by height (insertion sort: a place has few hotspots; equal heights keep their order) */
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && m[order[k]].y < m[order[k - 1]].y; k--) {
            int t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    /* rows: markers within `row` of the row's highest share it; each row along the line */
    for (int start = 0; start < n;) {
        int end = start + 1;
        while (end < n && m[order[end]].y - m[order[start]].y <= row)
            end++;
        for (int i = start + 1; i < end; i++)
            for (int k = i; k > start; k--) {
                float a = m[order[k]].x, b = m[order[k - 1]].x;
                if (!(rtl ? a > b : a < b))
                    break;
                int t = order[k];
                order[k] = order[k - 1];
                order[k - 1] = t;
            }
        start = end;
    }
}

ui_id hud_spot_name_id(int place, int hotspot)
{
    return ui_id_mix(ui_id_mix(ui_id_of("hud.spot_name"), (uint32_t)place), (uint32_t)hotspot);
}

/* What a hotspot's marker is called beside it: its label, else where a door leads, else its
 * title; in the visitor's language. */
static const char *hotspot_name(const hud_parts *p, const scene_hotspot *h)
{
    if (!scene_text_empty(&h->label))
        return scene_text_get(&h->label, p->lang);
    if (h->type == SCENE_HOTSPOT_GOTO) /* where it leads */
        return scene_text_get(&p->ex->places[h->target].title, p->lang);
    return scene_text_get(&h->title, p->lang);
}

void hud_spots_frame(const hud_parts *p)
{
    if (!p->host->markers)
        return;
    hud_marker m[MAX_SPOTS];
    int n = p->host->markers(p->host->user, m, MAX_SPOTS);
    n = n < 0 ? 0 : n > MAX_SPOTS ? MAX_SPOTS : n;
    int order[MAX_SPOTS];
    hud_reading_order(m, n, ui_rtl(p->ui), ui_px(p->ui, 24), order);
    ui_id base = ui_id_mix(ui_id_of("hud.spot"), (uint32_t)visit_place(p->vis));
    const scene_place *place = &p->ex->places[visit_place(p->vis)];
    for (int k = 0; k < n; k++) {
        const hud_marker *s = &m[order[k]];
        ui_id id = ui_id_mix(base, (uint32_t)s->hotspot);
        if (ui_spot(p->ui, id, s->x, s->y, s->size))
            visit_cmd_activate(p->vis, s->hotspot);
        bool focused = ui_focus(p->ui) == id && ui_focus_visible(p->ui);
        if ((s->hover || focused) && s->hotspot >= 0 && s->hotspot < place->hotspot_count)
            ui_callout(p->ui, hud_spot_name_id(visit_place(p->vis), s->hotspot), s->x, s->y,
                       s->size * 0.5f + ui_px(p->ui, 10), false,
                       hotspot_name(p, &place->hotspots[s->hotspot]));
    }
}
