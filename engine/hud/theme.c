/* hud theme: the scene's "theme" (colours, corner radius, text sizes) laid over Pavilion's
 * default look; what the scene does not give keeps the default.
 * Threads: any (reads the exhibit, writes the caller's struct). */
#include "hud/hud.h"

void hud_theme_from_scene(const scene_theme *st, ui_theme *t)
{
    ui_theme_default(t);
    if (!st || !st->present)
        return;
    /* in scene_theme_color_name's order */
    uint32_t *slot[SCENE_THEME_COLORS] = {&t->text,    &t->text_dim,      &t->accent,
                                          &t->panel,   &t->control,       &t->control_hover,
                                          &t->control_pressed, &t->track, &t->focus_ring,
                                          &t->tooltip, &t->toast};
    for (int i = 0; i < SCENE_THEME_COLORS; i++)
        if (st->color_given[i])
            *slot[i] = st->color[i];
    if (st->radius >= 0)
        t->radius = st->radius;
    if (st->font_size > 0)
        t->font_size = st->font_size;
    if (st->title_size > 0)
        t->title_size = st->title_size;
    if (st->small_size > 0)
        t->small_size = st->small_size;
}
