/* demo_font: a small built-in stroke font (capitals, digits, a little punctuation) for the
 * signage painted into the demo panoramas. Glyphs are polylines on a grid six units high;
 * text is drawn as the distance to those strokes, so edges are anti-aliased analytically at
 * any size. Built once, then read-only: any thread may evaluate text.
 * Included by tools/demo_gen.c. */

#define FONT_CAP 6.0f      /* cap height in font units */
#define FONT_STROKE 0.62f  /* half width of a stroke */
#define FONT_TRACK 1.25f   /* extra space between letters */
#define FONT_SPACE 2.8f    /* advance of a space */
#define FONT_MAX_SEGS 2400
#define SIGN_MAX_CHARS 40

#include "../common/stroke_font.c"

typedef stroke_font demo_font;

/* One line of text laid out with the font. */
typedef struct sign_text {
    int n;
    unsigned char ch[SIGN_MAX_CHARS];
    float x[SIGN_MAX_CHARS];
    float width;
} sign_text;

static void font_build(demo_font *f) { stroke_font_build(f, (float)PV_PI, (float)(PV_PI / 14.0)); }

static void sign_layout(const demo_font *f, sign_text *st, const char *text)
{
    memset(st, 0, sizeof *st);
    float x = 0;
    for (const char *p = text; *p && st->n < SIGN_MAX_CHARS; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        if (c >= 128 || (f->glyphs[c].count == 0 && c != ' '))
            c = ' ';
        st->ch[st->n] = c;
        st->x[st->n] = x;
        st->n++;
        x += c == ' ' ? FONT_SPACE : f->glyphs[c].width + 2 * FONT_STROKE + FONT_TRACK;
    }
    /* The last advance adds tracking that is not ink. */
    st->width = st->n ? x - FONT_TRACK - 2 * FONT_STROKE : 0;
    st->width += 2 * FONT_STROKE;
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

/* Ink coverage at (u, v) metres from the text centre for text of cap height `cap_h` metres,
 * with a pixel footprint of `fw` metres. */
static float text_coverage(const demo_font *f, const sign_text *st, float u, float v, float cap_h,
                           float fw)
{
    float s = FONT_CAP / cap_h;
    float fu = u * s + st->width * 0.5f - FONT_STROKE, fv = v * s + FONT_CAP * 0.5f;
    float fwu = maxf(fw * s, 0.02f);
    float pad = FONT_STROKE + fwu;
    if (fv < -1.2f - pad || fv > FONT_CAP + 0.4f + pad || fu < -pad || fu > st->width + pad)
        return 0.0f;
    float best = 1e9f;
    for (int i = 0; i < st->n; i++) {
        const font_glyph *g = &f->glyphs[st->ch[i]];
        float gx = st->x[i];
        if (!g->count || fu < gx - pad || fu > gx + g->width + pad)
            continue;
        for (int k = 0; k < g->count; k++) {
            float d2 = seg_dist2(fu - gx, fv, &f->segs[g->first + k]);
            if (d2 < best)
                best = d2;
        }
    }
    if (best > 1e8f)
        return 0.0f;
    return clampf(0.5f - (sqrtf(best) - FONT_STROKE) / fwu, 0.0f, 1.0f);
}
