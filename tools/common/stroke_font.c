/* stroke_font: the stroke font the demo's generators share (capitals, digits, some
 * punctuation): glyphs are polylines on a grid six units high, parsed from short path strings.
 * The panorama generator (tools/demo/demo_font.c) and the booth and clip generators
 * (tools/booth/booth_font.c) draw text from it each in their own way. Needs FONT_MAX_SEGS
 * defined first. Built once, then read-only. */

typedef struct font_seg {
    float ax, ay, bx, by;
} font_seg;

typedef struct font_glyph {
    float width;
    int first, count;
} font_glyph;

typedef struct stroke_font {
    font_glyph glyphs[128];
    font_seg segs[FONT_MAX_SEGS];
    int seg_count;
} stroke_font;

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
    {'<', 3.6f, "M3.6 6 L0 3 L3.6 0"},
    {'!', 0.0f, "M0 6 L0 1.8 M0 0 L0 0.02"},
    {'%', 4.6f, "A1 5 1 1 0 360 | A3.6 1 1 1 0 360 | M0.2 0 L4.4 6"},
    {'?', 3.6f, "A1.8 4.2 1.8 1.8 160 -60 L1.8 1.8 M1.8 0 L1.8 0.02"},
};

static void font_add_seg(stroke_font *f, float ax, float ay, float bx, float by)
{
    if (f->seg_count < FONT_MAX_SEGS)
        f->segs[f->seg_count++] = (font_seg){ax, ay, bx, by};
}

/* Builds the glyphs' segments. `pi` and `arc_step` (the largest angle, in radians, one arc
 * segment spans) are the caller's, so each generator keeps the exact curves it always drew. */
static void stroke_font_build(stroke_font *f, float pi, float arc_step)
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
                float a0 = a[4] * pi / 180.0f, a1 = a[5] * pi / 180.0f;
                int steps = (int)ceilf(fabsf(a1 - a0) / arc_step) + 1;
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

