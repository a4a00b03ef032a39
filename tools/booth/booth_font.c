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

typedef struct font_seg {
    float ax, ay, bx, by;
} font_seg;

typedef struct font_glyph {
    float width;
    int first, count;
} font_glyph;

typedef struct booth_font {
    font_glyph glyphs[128];
    font_seg segs[FONT_MAX_SEGS];
    int seg_count;
} booth_font;

/* M x y: start a stroke; L x y: line to; A cx cy rx ry a0 a1: arc in degrees, continuing
 * the stroke; '|': end the stroke. */
static const struct {
    char ch;
    float width;
    const char *path;
} font_glyph_paths[] = {
    {'A', 4.6f, "M0 0 L2.3 6 L4.6 0 M0.85 2.1 L3.75 2.1"},
    {'B', 4.0f, "M0 0 L0 6 L2.4 6 A2.4 4.5 1.5 1.5 90 -90 L0 3 M2.4 3 "
                "A2.45 1.5 1.55 1.5 90 -90 L0 0"},
    {'C', 4.5f, "A2.6 3 2.6 3 42 318"},
    {'D', 4.4f, "M0 0 L0 6 L1.5 6 A1.5 3 2.9 3 90 -90 L0 0"},
    {'E', 3.6f, "M3.6 6 L0 6 L0 0 L3.6 0 M0 3 L3.1 3"},
    {'F', 3.4f, "M3.4 6 L0 6 L0 0 M0 3 L3 3"},
    {'G', 5.0f, "A2.55 3 2.55 3 42 360 L2.9 3"},
    {'H', 4.2f, "M0 0 L0 6 M4.2 0 L4.2 6 M0 3 L4.2 3"},
    {'I', 0.0f, "M0 0 L0 6"},
    {'J', 3.4f, "M3.4 6 L3.4 1.7 A1.7 1.7 1.7 1.7 0 -165"},
    {'K', 4.1f, "M0 0 L0 6 M4.1 6 L0 1.9 M1.5 3.4 L4.1 0"},
    {'L', 3.4f, "M0 6 L0 0 L3.4 0"},
    {'M', 5.4f, "M0 0 L0 6 L2.7 1.2 L5.4 6 L5.4 0"},
    {'N', 4.4f, "M0 0 L0 6 L4.4 0 L4.4 6"},
    {'O', 5.4f, "A2.7 3 2.7 3 0 360"},
    {'P', 4.0f, "M0 0 L0 6 L2.3 6 A2.3 4.35 1.7 1.65 90 -90 L0 2.7"},
    {'Q', 5.4f, "A2.7 3 2.7 3 0 360 | M3.3 1.3 L5.3 -0.5"},
    {'R', 4.1f, "M0 0 L0 6 L2.3 6 A2.3 4.35 1.7 1.65 90 -90 L0 2.7 M2.2 2.7 L4.1 0"},
    {'S', 4.0f, "A2 4.5 1.85 1.5 12 270 A2 1.5 2 1.5 90 -168"},
    {'T', 4.6f, "M0 6 L4.6 6 M2.3 6 L2.3 0"},
    {'U', 4.3f, "M0 6 L0 2.15 A2.15 2.15 2.15 2.15 180 360 L4.3 6"},
    {'V', 4.6f, "M0 6 L2.3 0 L4.6 6"},
    {'W', 6.6f, "M0 6 L1.6 0 L3.3 5 L5 0 L6.6 6"},
    {'X', 4.4f, "M0 6 L4.4 0 M0 0 L4.4 6"},
    {'Y', 4.6f, "M0 6 L2.3 3 L4.6 6 M2.3 3 L2.3 0"},
    {'Z', 4.0f, "M0.2 6 L4 6 L0 0 L4 0"},
    {'0', 4.0f, "A2 3 2 3 0 360"},
    {'1', 2.0f, "M0 4.6 L2 6 L2 0"},
    {'2', 4.0f, "A2 4.15 1.85 1.85 165 -35 L0 0 L4 0"},
    {'3', 4.0f, "A2 4.55 1.75 1.45 155 -90 A2 1.55 2 1.55 90 -155"},
    {'4', 4.4f, "M3.2 0 L3.2 6 L0 1.8 L4.4 1.8"},
    {'5', 4.0f, "M3.7 6 L0.5 6 L0.2 3.1 A2 1.95 2 1.95 145 -150"},
    {'6', 4.0f, "M3.2 6 L0.45 2.5 | A2 1.95 2 1.95 0 360"},
    {'7', 4.0f, "M0 6 L4 6 L1.4 0"},
    {'8', 4.0f, "A2 4.55 1.7 1.45 0 360 | A2 1.6 2 1.6 0 360"},
    {'9', 4.0f, "A2 4.05 2 1.95 0 360 | M3.55 3.5 L0.8 0"},
    {'-', 2.4f, "M0 3 L2.4 3"},
    {'.', 0.0f, "M0 0 L0 0.02"},
    {',', 0.6f, "M0.6 0.2 L0 -1"},
    {':', 0.0f, "M0 0 L0 0.02 M0 3.6 L0 3.62"},
    {'/', 3.0f, "M0 -0.3 L3 6.3"},
    {'\'', 0.0f, "M0 6 L0 4.6"},
    {'&', 4.6f, "M4.6 0 L1.1 4.1 A2 4.9 1.1 1.1 225 -45 L0.4 1.9 A1.8 1.6 1.6 1.6 180 300 "
                "L4.2 2.4"},
    {'+', 4.0f, "M0 3 L4 3 M2 1 L2 5"},
    {'>', 3.6f, "M0 6 L3.6 3 L0 0"},
    {'!', 0.0f, "M0 6 L0 1.8 M0 0 L0 0.02"},
    {'%', 4.6f, "A1 5 1 1 0 360 | A3.6 1 1 1 0 360 | M0.2 0 L4.4 6"},
};

static void font_add_seg(booth_font *f, float ax, float ay, float bx, float by)
{
    if (f->seg_count < FONT_MAX_SEGS)
        f->segs[f->seg_count++] = (font_seg){ax, ay, bx, by};
}

static void font_build(booth_font *f)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < sizeof font_glyph_paths / sizeof font_glyph_paths[0]; i++) {
        font_glyph *g = &f->glyphs[(unsigned char)font_glyph_paths[i].ch];
        g->width = font_glyph_paths[i].width;
        g->first = f->seg_count;
        const char *s = font_glyph_paths[i].path;
        bool have = false;
        float px = 0, py = 0;
        while (*s) {
            char op = *s++;
            if (op == ' ')
                continue;
            if (op == '|') {
                have = false;
                continue;
            }
            float a[6] = {0};
            int na = op == 'A' ? 6 : 2;
            for (int k = 0; k < na; k++) {
                char *end;
                a[k] = strtof(s, &end);
                s = end;
            }
            if (op == 'M') {
                px = a[0], py = a[1], have = true;
            } else if (op == 'L') {
                if (have)
                    font_add_seg(f, px, py, a[0], a[1]);
                px = a[0], py = a[1], have = true;
            } else if (op == 'A') {
                float a0 = a[4] * BOOTH_PI / 180.0f, a1 = a[5] * BOOTH_PI / 180.0f;
                int steps = (int)ceilf(fabsf(a1 - a0) / (BOOTH_PI / 16.0f)) + 1;
                for (int k = 0; k <= steps; k++) {
                    float t = a0 + (a1 - a0) * (float)k / (float)steps;
                    float x = a[0] + a[2] * cosf(t), y = a[1] + a[3] * sinf(t);
                    if (have)
                        font_add_seg(f, px, py, x, y);
                    px = x, py = y, have = true;
                }
            }
        }
        g->count = f->seg_count - g->first;
    }
}

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
