/* booth_font: a small stroke font (capitals, digits, some punctuation) for signage painted
 * into booth textures. Glyphs are polylines on a grid six units high, drawn as the distance
 * to their strokes, so edges are anti-aliased at any size. The glyph shapes follow the demo
 * panorama font (tools/demo/demo_font.c) so signs read the same in panoramas and models.
 * Built once, then read-only. Included by tools/booth_gen.c. */

#define FONT_CAP 6.0f   /* cap height in font units */
#define FONT_TRACK 1.3f /* space between letters, besides the stroke width */
#define FONT_SPACE 3.0f /* advance of a space */
#define FONT_MAX_SEGS 2400
#define TEXT_MAX_CHARS 96

#include "../common/stroke_font.c"

typedef stroke_font booth_font;

static void font_build(booth_font *f) { stroke_font_build(f, BOOTH_PI, BOOTH_PI / 16.0f); }

/* One line of text laid out in font units, for a given stroke half width. */
typedef struct text_line {
    int n;
    unsigned char ch[TEXT_MAX_CHARS];
    float x[TEXT_MAX_CHARS];
    float width, stroke;
} text_line;

static text_line text_layout(const booth_font *f, const char *text, float stroke)
{
    text_line t = {.stroke = stroke};
    float x = 0;
    for (const char *p = text; *p && t.n < TEXT_MAX_CHARS; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        if (c >= 128 || (f->glyphs[c].count == 0 && c != ' '))
            c = ' ';
        t.ch[t.n] = c;
        t.x[t.n] = x;
        t.n++;
        x += c == ' ' ? FONT_SPACE : f->glyphs[c].width + 2 * stroke + FONT_TRACK;
    }
    t.width = t.n ? x - FONT_TRACK : 0;
    return t;
}

static inline float seg_dist2(float px, float py, const font_seg *s)
{
    float dx = s->bx - s->ax, dy = s->by - s->ay;
    float wx = px - s->ax, wy = py - s->ay;
    float l2 = dx * dx + dy * dy;
    float t = l2 > 0 ? clampf((wx * dx + wy * dy) / l2, 0.0f, 1.0f) : 0.0f;
    float ex = wx - dx * t, ey = wy - dy * t;
    return ex * ex + ey * ey;
}

/* Width in pixels of `text` drawn with cap height `cap_px` and stroke `weight` (half width
 * as a fraction of the cap height; 0.1 is regular, 0.14 bold). */
static float text_width_px(const booth_font *f, const char *text, float cap_px, float weight)
{
    text_line t = text_layout(f, text, weight * FONT_CAP);
    return t.width * cap_px / FONT_CAP;
}

/* Draws one line of text centred at (cx, cy) pixels. */
static void image_text(image *img, const booth_font *f, const char *text, float cx, float cy,
                       float cap_px, float weight, colour c, float alpha)
{
    text_line t = text_layout(f, text, weight * FONT_CAP);
    float s = FONT_CAP / cap_px; /* font units per pixel */
    float w_px = t.width / s;
    float pad = t.stroke / s + 2;
    int x0 = (int)floorf(cx - w_px * 0.5f - 2), x1 = (int)ceilf(cx + w_px * 0.5f + 2);
    int y0 = (int)floorf(cy - cap_px * 0.5f - pad), y1 = (int)ceilf(cy + cap_px * 0.5f + pad);
    for (int y = y0; y <= y1; y++) {
        if (y < 0 || y >= img->h)
            continue;
        float fv = (cy - ((float)y + 0.5f)) * s + FONT_CAP * 0.5f;
        for (int x = x0; x <= x1; x++) {
            if (x < 0 || x >= img->w)
                continue;
            float fu = ((float)x + 0.5f - cx) * s + t.width * 0.5f - t.stroke;
            float best = 1e9f;
            for (int i = 0; i < t.n; i++) {
                const font_glyph *g = &f->glyphs[t.ch[i]];
                float gx = t.x[i];
                if (!g->count || fu < gx - t.stroke - s || fu > gx + g->width + t.stroke + s)
                    continue;
                for (int k = 0; k < g->count; k++) {
                    float d2 = seg_dist2(fu - gx, fv, &f->segs[g->first + k]);
                    best = minf(best, d2);
                }
            }
            if (best > 1e8f)
                continue;
            float cover = clampf(0.5f - (sqrtf(best) - t.stroke) / s, 0, 1);
            image_blend(img, x, y, c, alpha * cover);
        }
    }
}
