/* clip_canvas: what the demo clips are drawn into. A canvas is a float RGB picture (video
 * values 0..1, BT.709 primaries) converted to the encoder's YUV 4:2:0 (BT.709 matrix, limited
 * range) or to 8-bit RGB for a JPEG poster. A layer is a premultiplied RGBA picture painted
 * once with the booth generator's anti-aliased helpers and stroke font (titles, slides,
 * static silhouettes), then composited every frame over its painted box only. Also small
 * helpers shared by the pictures: ramps, tables, 1D noise, lines and glows.
 *
 * A canvas or a layer belongs to one clip and so to one worker thread; the font is read-only
 * and shared. Included by tools/clip_gen.c. */

typedef struct clip_canvas {
    int w, h;
    float *rgb; /* w * h * 3 */
} clip_canvas;

static clip_canvas clip_canvas_create(int w, int h)
{
    return (clip_canvas){w, h, pv_calloc((size_t)w * (size_t)h * 3, sizeof(float))};
}

static void clip_canvas_destroy(clip_canvas *c)
{
    pv_free(&c->rgb);
    c->w = c->h = 0;
}

static inline float *clip_px(clip_canvas *c, int x, int y)
{
    return c->rgb + ((size_t)y * (size_t)c->w + (size_t)x) * 3;
}

static inline void clip_set(float *p, colour c)
{
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
}

/* p = p * (1 - a) + c * a */
static inline void clip_mix(float *p, colour c, float a)
{
    p[0] += (c.r - p[0]) * a;
    p[1] += (c.g - p[1]) * a;
    p[2] += (c.b - p[2]) * a;
}

static inline void clip_add(float *p, colour c, float a)
{
    p[0] += c.r * a, p[1] += c.g * a, p[2] += c.b * a;
}

/* Adds colour c with weight a at a fractional position, split over four pixels, so a
 * slowly moving point does not jump from pixel to pixel. */
static void clip_splat(clip_canvas *cv, float x, float y, colour c, float a)
{
    x -= 0.5f, y -= 0.5f;
    int ix = (int)floorf(x), iy = (int)floorf(y);
    float fx = x - (float)ix, fy = y - (float)iy;
    float wts[4] = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
    for (int k = 0; k < 4; k++) {
        int px = ix + (k & 1), py = iy + (k >> 1);
        if (px >= 0 && py >= 0 && px < cv->w && py < cv->h)
            clip_add(clip_px(cv, px, py), c, a * wts[k]);
    }
}

/* Multiplies every pixel by f (fades to and from black). */
static void clip_canvas_scale(clip_canvas *c, float f)
{
    if (f >= 1.0f)
        return;
    size_t n = (size_t)c->w * (size_t)c->h * 3;
    for (size_t i = 0; i < n; i++)
        c->rgb[i] *= f;
}

static inline uint8_t clip_luma_byte(const float *p)
{
    float luma = 0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2];
    luma = luma < 0 ? 0 : luma > 1 ? 1 : luma;
    return (uint8_t)(16.5f + 219.0f * luma);
}

/* Two rows of the canvas (a, b) into two luma rows and one row of each chroma plane. The
 * restrict pointers tell the compiler the byte stores do not touch the canvas. */
static void clip_rows_to_yuv(const float *restrict a, const float *restrict b, int w,
                             uint8_t *restrict la, uint8_t *restrict lb, uint8_t *restrict u,
                             uint8_t *restrict v)
{
    const float kr = 0.2126f, kg = 0.7152f, kb = 0.0722f;
    const float ku = 224.0f / 1.8556f, kv = 224.0f / 1.5748f;
    for (int x = 0; x < w; x += 2) {
        int x1 = x + 1 < w ? 1 : 0; /* an odd width repeats the last column */
        const float *a0 = a + x * 3, *b0 = b + x * 3;
        const float *a1 = a0 + x1 * 3, *b1 = b0 + x1 * 3;
        la[x] = clip_luma_byte(a0), lb[x] = clip_luma_byte(b0);
        la[x + x1] = clip_luma_byte(a1), lb[x + x1] = clip_luma_byte(b1);
        float r = 0.25f * (a0[0] + a1[0] + b0[0] + b1[0]);
        float g = 0.25f * (a0[1] + a1[1] + b0[1] + b1[1]);
        float bl = 0.25f * (a0[2] + a1[2] + b0[2] + b1[2]);
        r = r < 0 ? 0 : r > 1 ? 1 : r;
        g = g < 0 ? 0 : g > 1 ? 1 : g;
        bl = bl < 0 ? 0 : bl > 1 ? 1 : bl;
        float luma = kr * r + kg * g + kb * bl;
        u[x / 2] = (uint8_t)(128.5f + ku * (bl - luma));
        v[x / 2] = (uint8_t)(128.5f + kv * (r - luma));
    }
}

/* The canvas into a YUV 4:2:0 frame of the same size: BT.709, limited range. Chroma is the
 * mean of each 2x2 block, clamped after averaging (a glow brighter than white only spills a
 * little into its block's colour). One pass over pairs of rows: this runs for every frame of
 * every clip. */
static void clip_canvas_to_yuv(const clip_canvas *c, AVFrame *f)
{
    int w = c->w, h = c->h;
    for (int y = 0; y < h; y += 2) {
        int y1 = y + 1 < h ? y + 1 : y;
        clip_rows_to_yuv(c->rgb + (size_t)y * (size_t)w * 3, c->rgb + (size_t)y1 * (size_t)w * 3, w,
                         f->data[0] + (size_t)y * (size_t)f->linesize[0],
                         f->data[0] + (size_t)y1 * (size_t)f->linesize[0],
                         f->data[1] + (size_t)(y / 2) * (size_t)f->linesize[1],
                         f->data[2] + (size_t)(y / 2) * (size_t)f->linesize[2]);
    }
}

/* The canvas as 8-bit RGB (for JPEG). The caller frees the result. */
static uint8_t *clip_canvas_to_rgb8(const clip_canvas *c)
{
    size_t n = (size_t)c->w * (size_t)c->h * 3;
    uint8_t *out = pv_malloc(n);
    for (size_t i = 0; i < n; i++)
        out[i] = unit_to_byte(c->rgb[i]);
    return out;
}

/* ---- layers ---- */

typedef struct clip_layer {
    int w, h;
    float *rgba;        /* premultiplied, w * h * 4 */
    int x0, y0, x1, y1; /* the painted box, x1 and y1 exclusive; empty when x0 >= x1 */
    image scratch;      /* coverage of the shape being painted, in its red channel */
} clip_layer;

static clip_layer clip_layer_create(int w, int h)
{
    clip_layer l = {w, h, pv_calloc((size_t)w * (size_t)h * 4, sizeof(float)), w, h, 0, 0, {0}};
    l.scratch = image_create(w, h, (colour){0, 0, 0});
    return l;
}

static void clip_layer_destroy(clip_layer *l)
{
    pv_free(&l->rgba);
    image_free(&l->scratch);
}

/* Painting is over: frees the scratch picture (the layer can still be drawn). */
static void clip_layer_finish(clip_layer *l)
{
    image_free(&l->scratch);
}

/* Moves the coverage painted into the scratch image within the box onto the layer in colour
 * c, and clears the scratch there. */
static void clip_layer_merge(clip_layer *l, float fx0, float fy0, float fx1, float fy1, colour c,
                             float alpha)
{
    int x0 = pv_clampi((int)floorf(fx0) - 2, 0, l->w), x1 = pv_clampi((int)ceilf(fx1) + 2, 0, l->w);
    int y0 = pv_clampi((int)floorf(fy0) - 2, 0, l->h), y1 = pv_clampi((int)ceilf(fy1) + 2, 0, l->h);
    for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
            float *s = image_at(&l->scratch, x, y);
            float a = s[0] * alpha;
            s[0] = s[1] = s[2] = 0;
            if (a <= 0)
                continue;
            float *p = l->rgba + ((size_t)y * (size_t)l->w + (size_t)x) * 4;
            p[0] = c.r * a + p[0] * (1 - a);
            p[1] = c.g * a + p[1] * (1 - a);
            p[2] = c.b * a + p[2] * (1 - a);
            p[3] = a + p[3] * (1 - a);
        }
    }
    if (x0 < x1 && y0 < y1) {
        l->x0 = l->x0 < x0 ? l->x0 : x0;
        l->y0 = l->y0 < y0 ? l->y0 : y0;
        l->x1 = l->x1 > x1 ? l->x1 : x1;
        l->y1 = l->y1 > y1 ? l->y1 : y1;
    }
}

static const colour clip_white = {1, 1, 1};

static void clip_layer_rect(clip_layer *l, float x0, float y0, float x1, float y1, colour c,
                            float alpha)
{
    image_rect(&l->scratch, x0, y0, x1, y1, clip_white, 1);
    clip_layer_merge(l, x0, y0, x1, y1, c, alpha);
}

static void clip_layer_round_rect(clip_layer *l, float x0, float y0, float x1, float y1, float r,
                                  colour c, float alpha)
{
    image_round_rect(&l->scratch, x0, y0, x1, y1, r, clip_white, 1);
    clip_layer_merge(l, x0, y0, x1, y1, c, alpha);
}

static void clip_layer_ring(clip_layer *l, float cx, float cy, float inner, float outer, colour c,
                            float alpha)
{
    image_ring(&l->scratch, cx, cy, inner, outer, clip_white, 1);
    clip_layer_merge(l, cx - outer, cy - outer, cx + outer, cy + outer, c, alpha);
}

/* One line of capitals centred at (cx, cy); weight is the stroke half width as a fraction of
 * the cap height (0.1 regular, 0.06 light). */
static void clip_layer_text(clip_layer *l, const booth_font *f, const char *text, float cx,
                            float cy, float cap, float weight, colour c, float alpha)
{
    float hw = text_width_px(f, text, cap, weight) * 0.5f + cap * 0.5f;
    image_text(&l->scratch, f, text, cx, cy, cap, weight, clip_white, 1);
    clip_layer_merge(l, cx - hw, cy - cap, cx + hw, cy + cap, c, alpha);
}

/* Text whose left edge is at x. */
static void clip_layer_text_left(clip_layer *l, const booth_font *f, const char *text, float x,
                                 float cy, float cap, float weight, colour c, float alpha)
{
    float w = text_width_px(f, text, cap, weight);
    clip_layer_text(l, f, text, x + w * 0.5f, cy, cap, weight, c, alpha);
}

/* Draws the layer over the canvas with opacity alpha, moved by (dx, dy) pixels. */
static void clip_layer_draw(clip_canvas *c, const clip_layer *l, float alpha, int dx, int dy)
{
    if (alpha <= 0 || l->x0 >= l->x1)
        return;
    int y0 = pv_clampi(l->y0 + dy, 0, c->h), y1 = pv_clampi(l->y1 + dy, 0, c->h);
    int x0 = pv_clampi(l->x0 + dx, 0, c->w), x1 = pv_clampi(l->x1 + dx, 0, c->w);
    for (int y = y0; y < y1; y++) {
        const float *s = l->rgba + ((size_t)(y - dy) * (size_t)l->w + (size_t)(x0 - dx)) * 4;
        float *p = clip_px(c, x0, y);
        for (int x = x0; x < x1; x++, s += 4, p += 3) {
            if (s[3] <= 0)
                continue;
            float k = 1 - s[3] * alpha;
            p[0] = p[0] * k + s[0] * alpha;
            p[1] = p[1] * k + s[1] * alpha;
            p[2] = p[2] * k + s[2] * alpha;
        }
    }
}

/* ---- shared helpers ---- */

/* Linear interpolation through colour stops at positions t[0] < t[1] < ... */
static colour clip_ramp(const float *t, const uint32_t *hex, int n, float x)
{
    if (x <= t[0])
        return colour_hex(hex[0]);
    for (int i = 1; i < n; i++)
        if (x <= t[i])
            return colour_mix(colour_hex(hex[i - 1]), colour_hex(hex[i]),
                              (x - t[i - 1]) / (t[i] - t[i - 1]));
    return colour_hex(hex[n - 1]);
}

/* 1D value noise with period `period` cells, 0..1, smooth. */
static inline float clip_noise1(float x, int period, uint32_t seed)
{
    return noise_tiled(x, 0.5f, period, 1, seed);
}

static inline float clip_fbm1(float x, int period, int octaves, uint32_t seed)
{
    return fbm_tiled(x, 0.5f, period, 1, octaves, seed);
}

/* Linear lookup in a table of n floats; x in samples, clamped at the ends. */
static inline float clip_lerp_table(const float *tab, int n, float x)
{
    if (x <= 0)
        return tab[0];
    int i = (int)x;
    if (i >= n - 1)
        return tab[n - 1];
    float f = x - (float)i;
    return tab[i] + (tab[i + 1] - tab[i]) * f;
}

/* Fraction of the pixel row [y, y + 1) below a silhouette edge at `top`. */
static inline float clip_below(float y, float top)
{
    return clampf(y + 1.0f - top, 0, 1);
}

/* 0..1 in, 0..1 out: fades in from a to b, out from c to d. */
static inline float clip_window(float t, float a, float b, float c, float d)
{
    return smoothstepf(a, b, t) * (1 - smoothstepf(c, d, t));
}

/* Distance from (px, py) to the segment (ax, ay)-(bx, by). */
static inline float clip_seg_dist(float px, float py, float ax, float ay, float bx, float by)
{
    float dx = bx - ax, dy = by - ay, wx = px - ax, wy = py - ay;
    float l2 = dx * dx + dy * dy;
    float t = l2 > 0 ? clampf((wx * dx + wy * dy) / l2, 0, 1) : 0;
    float ex = wx - dx * t, ey = wy - dy * t;
    return sqrtf(ex * ex + ey * ey);
}

/* Draws an anti-aliased line of half width hw in colour c over the canvas. */
static void clip_line(clip_canvas *cv, float ax, float ay, float bx, float by, float hw, colour c,
                      float alpha)
{
    int x0 = pv_clampi((int)floorf(minf(ax, bx) - hw - 1), 0, cv->w);
    int x1 = pv_clampi((int)ceilf(maxf(ax, bx) + hw + 1), 0, cv->w);
    int y0 = pv_clampi((int)floorf(minf(ay, by) - hw - 1), 0, cv->h);
    int y1 = pv_clampi((int)ceilf(maxf(ay, by) + hw + 1), 0, cv->h);
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            float d = clip_seg_dist((float)x + 0.5f, (float)y + 0.5f, ax, ay, bx, by);
            float a = clampf(hw + 0.5f - d, 0, 1) * alpha;
            if (a > 0)
                clip_mix(clip_px(cv, x, y), c, a);
        }
}

/* A soft round glow added at (cx, cy): weight a * exp(-(d / radius)^2). */
static void clip_glow(clip_canvas *cv, float cx, float cy, float radius, colour c, float a)
{
    if (a <= 0)
        return;
    float reach = radius * 2.6f;
    int x0 = pv_clampi((int)floorf(cx - reach), 0, cv->w);
    int x1 = pv_clampi((int)ceilf(cx + reach), 0, cv->w);
    int y0 = pv_clampi((int)floorf(cy - reach), 0, cv->h);
    int y1 = pv_clampi((int)ceilf(cy + reach), 0, cv->h);
    float inv = 1.0f / (radius * radius);
    for (int y = y0; y < y1; y++) {
        float dy = (float)y + 0.5f - cy;
        float *p = clip_px(cv, x0, y);
        for (int x = x0; x < x1; x++, p += 3) {
            float dx = (float)x + 0.5f - cx;
            float d2 = (dx * dx + dy * dy) * inv;
            if (d2 < 6.8f)
                clip_add(p, c, a * expf(-d2));
        }
    }
}
