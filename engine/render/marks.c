/* render/marks: what is drawn over a place: the hotspots' markers and the marker pulsing while
 * the next place loads (their names and a place's error card are the hud's, in its glyph
 * atlas). Main thread only. */
#include "render/render.h"

#include "core/core.h"

#include <math.h>

static const float s_background[3] = {0.11f, 0.12f, 0.14f};

void render_begin(gfx *g, int width, int height) { gfx_begin(g, width, height, s_background); }

void render_markers(gfx *g, const render_marker *markers, int count, float scale, float alpha)
{
    for (int i = 0; i < count; i++) {
        const render_marker *m = &markers[i];
        float hover = m->hover ? 1.0f : 0.0f;
        float seen = m->hidden ? 0.35f : 1.0f; /* there, but not in sight */
        gfx_draw_marker(g, m->x, m->y, RENDER_MARKER_PT * scale * (1.0f + 0.12f * hover),
                        m->go ? GFX_MARKER_GOTO : GFX_MARKER_INFO, hover,
                        alpha * fmaxf(seen, hover));
    }
}

void render_waiting(gfx *g, int width, int height, float scale, double now)
{
    float t = (float)fmod(now * 2.0, 2.0);
    float a = 0.5f + 0.5f * fabsf(1.0f - t);
    gfx_draw_marker(g, width * 0.5f, height * 0.5f, 30.0f * scale, GFX_MARKER_GOTO, 1.0f, a);
}
