/* clip_screens: the clips for screens in the demo's booths.
 *
 *   product   an 8 s loop for the security booth's screen: a red shield with a padlock
 *             swinging on a lit floor, a light ring orbiting it, and "ENDPOINT SECURITY" with
 *             a live bar chart. Every motion is a whole number of cycles per loop, so the
 *             last frame flows into the first.
 *   keynote   12 s of a keynote recording: a stage, a speaker at a lectern who sways, nods
 *             and gestures, a projected slide that changes every 4 s, the audience's heads in
 *             front, a name caption; the sound is a synthesised voice (a glottal tone whose
 *             harmonics are shaped by moving vowel formants, in syllables and phrases).
 *
 * Static parts are painted once (a background picture, layers); a frame copies them and
 * draws what moves. A screen clip belongs to one clip and so to one thread. Included by
 * tools/clip_gen.c. */

/* ---- product ---- */

typedef struct screen_product {
    int w, h, frames;
    float *background; /* w * h * 3 */
    float *grid_col, *grid_row;
    clip_layer text;
} screen_product;

#define PRODUCT_BARS 12

static void *product_create(const booth_font *font, int w, int h, int frames)
{
    screen_product *pr = pv_calloc(1, sizeof *pr);
    pr->w = w, pr->h = h, pr->frames = frames;
    float hf = (float)h, s = hf / 720.0f;
    pr->background = pv_malloc((size_t)w * (size_t)h * 3 * sizeof(float));
    colour top = colour_hex(0x0b111e), bottom = colour_hex(0x07080d);
    colour red = colour_hex(0xc0392b);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            float u = ((float)x + 0.5f) / hf, v = ((float)y + 0.5f) / hf;
            colour c = colour_mix(top, bottom, v);
            float dx = u - 0.29f * (float)w / hf, dy = v - 0.5f;
            float glow = expf(-(dx * dx + dy * dy) / 0.09f);
            c = colour_mix(c, red, 0.3f * glow);
            float floor = smoothstepf(0.78f, 0.84f, v) * expf(-dx * dx / 0.12f) * 0.08f;
            c.r += floor, c.g += floor * 0.8f, c.b += floor * 0.8f;
            float *p = pr->background + ((size_t)y * (size_t)w + (size_t)x) * 3;
            clip_set(p, c);
        }
    }
    pr->grid_col = pv_malloc((size_t)w * sizeof(float));
    pr->grid_row = pv_malloc((size_t)h * sizeof(float));

    /* the words and the chart's frame */
    pr->text = clip_layer_create(w, h);
    clip_layer *l = &pr->text;
    colour white = colour_hex(0xf6f4f0), soft = colour_hex(0xb8bcc6);
    colour light_red = colour_hex(0xff7a66);
    float x0 = 0.54f * w, x1 = 0.95f * w;
    clip_layer_text_left(l, font, "PAVILION SECURITY", x0, 88 * s, 12 * s, 0.1f, light_red, 1);
    clip_layer_text_left(l, font, "ENDPOINT", x0, 140 * s, 44 * s, 0.1f, white, 1);
    clip_layer_text_left(l, font, "SECURITY", x0, 202 * s, 44 * s, 0.1f, white, 1);
    clip_layer_rect(l, x0, 240 * s, x0 + 90 * s, 245 * s, red, 1);
    clip_layer_text_left(l, font, "EVERY DEVICE CHECKED, EVERY THREAT STOPPED", x0, 272 * s,
                         11.5f * s, 0.1f, soft, 1);
    clip_layer_round_rect(l, x0 - 14 * s, 305 * s, x1, 560 * s, 12 * s, white, 0.05f);
    clip_layer_text_left(l, font, "THREATS BLOCKED PER HOUR", x0 + 6 * s, 330 * s, 10 * s, 0.1f,
                         soft, 1);
    clip_layer_ring(l, x1 - 58 * s, 330 * s, 0, 4 * s, colour_hex(0x4cd97b), 1);
    clip_layer_text_left(l, font, "LIVE", x1 - 48 * s, 330 * s, 10 * s, 0.1f, colour_hex(0x4cd97b),
                         1);
    for (int i = 0; i < 4; i++)
        clip_layer_rect(l, x0 + 6 * s, (360 + 45 * i) * s, x1 - 14 * s, (360 + 45 * i) * s + 1,
                        white, 0.08f);
    static const char *stat_big[3] = {"99.9%", "24/7", "0.8 S"};
    static const char *stat_small[3] = {"DEVICES PROTECTED", "SOC WATCH", "RESPONSE"};
    for (int i = 0; i < 3; i++) {
        float sx = x0 + (float)i * 0.14f * w;
        clip_layer_text_left(l, font, stat_big[i], sx, 604 * s, 24 * s, 0.1f, white, 1);
        clip_layer_text_left(l, font, stat_small[i], sx, 636 * s, 9 * s, 0.1f, soft, 1);
    }
    clip_layer_finish(l);
    return pr;
}

static void product_destroy(void *ctx)
{
    screen_product *pr = ctx;
    pv_free(&pr->background);
    pv_free(&pr->grid_col);
    pv_free(&pr->grid_row);
    clip_layer_destroy(&pr->text);
    free(pr);
}

/* Half width of the shield at height Y (1 top, -1.35 the point), in shield radii. */
static inline float shield_half_width(float Y)
{
    if (Y > 1.0f || Y < -1.35f)
        return -1;
    if (Y < 0)
        return 1 - powf(-Y / 1.35f, 1.6f);
    if (Y > 0.82f) { /* rounded top corners */
        float q = (Y - 0.82f) / 0.18f;
        return 0.82f + 0.18f * sqrtf(maxf(1 - q * q, 0));
    }
    return 1;
}

/* The padlock on the shield's face: body, shackle and keyhole, in face units. */
static inline bool shield_padlock(float X, float Y)
{
    float ax = fabsf(X);
    bool body = ax < 0.36f && Y > -0.62f && Y < -0.02f;
    float r = sqrtf(X * X + (Y - 0.02f) * (Y - 0.02f));
    bool shackle = Y > -0.02f && r > 0.17f && r < 0.27f;
    float kr = sqrtf(X * X + (Y + 0.25f) * (Y + 0.25f));
    bool keyhole = kr < 0.065f || (ax < 0.025f && Y < -0.25f && Y > -0.44f);
    return (body && !keyhole) || shackle;
}

/* A light ring on the floor around the shield: the half behind it (back) or in front. */
static void product_ring(clip_canvas *cv, float cx, float cy, float rx, float ry, float p,
                         bool back)
{
    colour ring = colour_hex(0xff8a74);
    int x0 = pv_clampi((int)(cx - rx - 4), 0, cv->w), x1 = pv_clampi((int)(cx + rx + 4), 0, cv->w);
    int y0 = pv_clampi((int)(back ? cy - ry - 4 : cy), 0, cv->h);
    int y1 = pv_clampi((int)(back ? cy : cy + ry + 4), 0, cv->h);
    for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
            float dx = (float)x + 0.5f - cx, dy = (float)y + 0.5f - cy;
            float e = sqrtf(dx * dx / (rx * rx) + dy * dy / (ry * ry));
            float gx = dx / (rx * rx), gy = dy / (ry * ry);
            float grad = sqrtf(gx * gx + gy * gy) / maxf(e, 1e-4f);
            float d = fabsf(e - 1) / maxf(grad, 1e-6f);
            float a = clampf(1.2f - d, 0, 1) * 0.5f + 0.25f * expf(-d * d / 30.0f);
            if (a > 0.002f)
                clip_add(clip_px(cv, x, y), ring, a * (back ? 0.6f : 1.0f));
        }
    }
    for (int i = 0; i < 3; i++) { /* three sparks running round, once per loop */
        float ang = 2 * BOOTH_PI * (p + (float)i / 3.0f);
        float sy = sinf(ang);
        if ((sy < 0) != back)
            continue;
        float sx = cx + rx * cosf(ang), spy = cy + ry * sy;
        clip_glow(cv, sx, spy, 4.0f + 2.0f * (sy + 1), colour_hex(0xffe0d8), 0.9f);
        clip_glow(cv, sx, spy, 16.0f, ring, 0.25f);
    }
}

static void product_paint(void *ctx, clip_canvas *cv, int frame)
{
    screen_product *pr = ctx;
    int w = pr->w, h = pr->h;
    float hf = (float)h, s = hf / 720.0f;
    float p = (float)frame / (float)pr->frames; /* 0..1, the loop's phase */
    memcpy(cv->rgb, pr->background, (size_t)w * (size_t)h * 3 * sizeof(float));

    /* a faint grid drifting one cell per loop */
    float cell = 48 * s, off = p * cell;
    for (int x = 0; x < w; x++) {
        float q = fmodf((float)x + off, cell);
        pr->grid_col[x] = clampf(1.0f - minf(q, cell - q), 0, 1);
    }
    for (int y = 0; y < h; y++) {
        float q = fmodf((float)y + off, cell);
        pr->grid_row[y] = clampf(1.0f - minf(q, cell - q), 0, 1);
    }
    for (int y = 0; y < h; y++) {
        float *px = clip_px(cv, 0, y);
        for (int x = 0; x < w; x++, px += 3) {
            float g = maxf(pr->grid_col[x], pr->grid_row[y]) * 0.045f;
            px[0] += g, px[1] += g, px[2] += g * 1.2f;
        }
    }

    /* the shield swings to and fro on its stand and floats a little, twice per loop */
    float cx = 0.29f * w, R = 0.16f * hf;
    float cy = 0.45f * hf - 6 * s * sinf(2 * BOOTH_PI * p * 2);
    float theta = 0.95f * sinf(2 * BOOTH_PI * p), ct = cosf(theta), st = sinf(theta);
    float thick = 0.22f;
    float ring_y = 0.79f * hf, ring_rx = 0.2f * w, ring_ry = 0.045f * hf;

    /* a soft shadow under the shield, and the back half of the ring */
    float shw = R * (0.5f + 0.6f * fabsf(ct) + thick * fabsf(st));
    for (int y = (int)(ring_y - 30 * s); y < (int)(ring_y + 30 * s); y++)
        for (int x = (int)(cx - shw * 1.8f); x < (int)(cx + shw * 1.8f); x++) {
            float dx = ((float)x + 0.5f - cx) / shw, dy = ((float)y + 0.5f - ring_y) / (12 * s);
            clip_mix(clip_px(cv, x, y), colour_hex(0x000000), 0.55f * expf(-dx * dx - dy * dy));
        }
    product_ring(cv, cx, ring_y, ring_rx, ring_ry, p, true);

    /* the shield: a slab turned by theta about the vertical; the face towards us and the
     * band of its edge beside it, 2 x 2 samples per pixel */
    float face_off = thick * 0.5f * st * R; /* the front face's centre, from cx */
    float half_face = ct * R;
    float edge_w = thick * 0.5f * fabsf(st) * R;
    float light = 0.6f + 0.4f * maxf(0, cosf(theta - 0.45f));
    float scan = 1.0f - 2.5f * fractf(p * 2); /* a scan line sweeping down the face */
    float hl = st * 1.8f;                     /* a highlight crossing as it turns */
    colour red_top = colour_hex(0xe84c3a), red_low = colour_hex(0x7e1d15);
    colour rim = colour_hex(0xff8a74), white = colour_hex(0xf7f5f2);
    colour edge = colour_scale(colour_hex(0xa8aeb6), 0.5f + 0.4f * fabsf(st));
    int x0 = pv_clampi((int)(cx - R * 1.3f), 0, w), x1 = pv_clampi((int)(cx + R * 1.3f), 0, w);
    int y0 = pv_clampi((int)(cy - R * 1.05f), 0, h), y1 = pv_clampi((int)(cy + R * 1.4f), 0, h);
    for (int y = y0; y < y1; y++) {
        float Ys[2], hws[2], scans[2];
        for (int j = 0; j < 2; j++) {
            Ys[j] = (cy - ((float)y + 0.25f + 0.5f * (float)j)) / R;
            hws[j] = shield_half_width(Ys[j]);
            scans[j] = expf(-(Ys[j] - scan) * (Ys[j] - scan) / 0.002f) * 0.7f;
        }
        if (hws[0] < 0 && hws[1] < 0)
            continue;
        for (int x = x0; x < x1; x++) {
            float r = 0, g = 0, b = 0;
            int n = 0;
            for (int k = 0; k < 4; k++) {
                float hw = hws[k >> 1], Y = Ys[k >> 1];
                if (hw < 0)
                    continue;
                float sx = (float)x + 0.25f + 0.5f * (float)(k & 1) - cx;
                float fx = sx - face_off;
                colour c;
                if (fabsf(fx) <= hw * half_face) {
                    float X = fx / half_face;
                    c = colour_mix(red_top, red_low, (1 - Y) / 2.4f);
                    float inset = hw - fabsf(X);
                    if (inset < 0.08f || Y > 0.92f)
                        c = rim;
                    else if (inset < 0.11f)
                        c = colour_scale(c, 0.7f);
                    if (shield_padlock(X, Y - 0.05f))
                        c = white;
                    c = colour_mix(c, colour_hex(0xffe6e0), scans[k >> 1]);
                    float hlt = X * 0.8f + Y * 0.35f - hl;
                    c = colour_mix(c, white, 0.25f * expf(-hlt * hlt / 0.03f));
                    c = colour_scale(c, light);
                } else {
                    /* the edge: between the face and the back face's outline */
                    float lo = minf(-hw * half_face + face_off, -hw * half_face - face_off);
                    float hi = maxf(hw * half_face + face_off, hw * half_face - face_off);
                    if (sx < lo - 0.01f || sx > hi + 0.01f || edge_w < 0.3f)
                        continue;
                    c = edge;
                }
                r += c.r, g += c.g, b += c.b, n++;
            }
            if (n)
                clip_mix(clip_px(cv, x, y), (colour){r / (float)n, g / (float)n, b / (float)n},
                         (float)n / 4.0f);
        }
    }
    product_ring(cv, cx, ring_y, ring_rx, ring_ry, p, false);

    /* the chart: bars moving in whole cycles of the loop */
    clip_layer_draw(cv, &pr->text, 1, 0, 0);
    float bx0 = 0.54f * w + 6 * s, bx1 = 0.95f * w - 14 * s, base = 535 * s, top = 350 * s;
    float slot = (bx1 - bx0) / PRODUCT_BARS;
    colour bar_lo = colour_hex(0x9b2a1f), bar_hi = colour_hex(0xff6b57);
    float line_prev = 0;
    for (int i = 0; i < PRODUCT_BARS; i++) {
        float q = (float)i / PRODUCT_BARS;
        float v = 0.55f + 0.2f * sinf(2 * BOOTH_PI * (p + q)) +
                  0.12f * sinf(2 * BOOTH_PI * (2 * p - q * 3.0f)) +
                  0.07f * sinf(2 * BOOTH_PI * (3 * p + q * 5.0f));
        float bt = base - (base - top) * v;
        float xa = bx0 + slot * ((float)i + 0.18f), xb = bx0 + slot * ((float)i + 0.82f);
        for (int y = (int)bt; y < (int)base; y++) {
            float k = ((float)y - bt) / (base - bt);
            colour c = colour_mix(bar_hi, bar_lo, k);
            float cover_y = clip_below((float)y, bt);
            for (int x = (int)xa; x <= (int)xb; x++)
                clip_mix(clip_px(cv, x, y), c, cover_y * span_cover((float)x + 0.5f, xa, xb));
        }
        float lv = top + (base - top) * (0.1f + 0.12f * (1 + sinf(2 * BOOTH_PI * (p + q * 2))));
        float lx = bx0 + slot * ((float)i + 0.5f);
        if (i > 0)
            clip_line(cv, lx - slot, line_prev, lx, lv, 1.4f * s, colour_hex(0xffd9a0), 0.9f);
        clip_glow(cv, lx, lv, 3 * s, colour_hex(0xffd9a0), 0.6f);
        line_prev = lv;
    }
}

/* ---- keynote ---- */

#define KEYNOTE_SLIDES 3
#define KEYNOTE_SLIDE_SECONDS 4.0f

/* Phrases of the speech: syllables run from start to end, pauses between. */
static const float keynote_phrases[][2] = {
    {0.35f, 2.85f}, {3.35f, 5.95f}, {6.5f, 8.75f}, {9.3f, 11.5f}};
#define KEYNOTE_PHRASES 4
#define KEYNOTE_SYLLABLE_HZ 4.4f

/* Where the speech is at time t: the phrase (or -1 in a pause), the syllable's index and
 * the position in it (0..1), and the phrase's progress (0..1). */
static int keynote_speech_at(double t, int *syllable, float *in_syllable, float *progress)
{
    for (int i = 0; i < KEYNOTE_PHRASES; i++) {
        float a = keynote_phrases[i][0], b = keynote_phrases[i][1];
        if (t >= a && t < b) {
            double q = (t - a) * KEYNOTE_SYLLABLE_HZ;
            *syllable = (int)q + i * 37;
            *in_syllable = (float)(q - floor(q));
            *progress = (float)((t - a) / (b - a));
            return i;
        }
    }
    return -1;
}

/* Loudness of the voice at time t, 0..1 (the speaker nods with it). */
static float keynote_voice_env(double t)
{
    int syl;
    float in, prog;
    int phrase = keynote_speech_at(t, &syl, &in, &prog);
    if (phrase < 0)
        return 0;
    /* phrases start and stop softly, whatever syllable they cut */
    float edge =
        smoothstepf(keynote_phrases[phrase][0], keynote_phrases[phrase][0] + 0.08f, (float)t) *
        (1 - smoothstepf(keynote_phrases[phrase][1] - 0.2f, keynote_phrases[phrase][1], (float)t));
    float stress = (0.55f + 0.45f * hash2(syl, 1, 501)) * edge;
    /* a smooth rise and fall (a cusp here would click) */
    float shape = smoothstepf(0.0f, 0.3f, in) * (1 - smoothstepf(0.62f, 1.0f, in));
    return stress * shape * (1 - 0.3f * prog);
}

#define KEYNOTE_HARMONICS 40
#define KEYNOTE_BLOCK 32 /* samples between fresh harmonic weights; ramped in between */

typedef struct keynote_voice {
    double phase; /* of the glottal tone, in cycles */
    float amp[KEYNOTE_HARMONICS], step[KEYNOTE_HARMONICS];
    int amp_left; /* samples until the harmonic weights are worked out again */
    float echo[4096];
    int echo_pos;
} keynote_voice;

/* Vowel formants (F1, F2, F3 in Hz) the syllables move between. */
static const float keynote_vowels[6][3] = {{730, 1090, 2440}, {530, 1840, 2480}, {390, 1990, 2550},
                                           {570, 840, 2410},  {440, 1020, 2240}, {660, 1720, 2410}};

static void keynote_sound(keynote_voice *v, float *left, float *right, int64_t first, int n,
                          int rate)
{
    for (int i = 0; i < n; i++) {
        double t = (double)(first + i) / rate;
        int syl = 0;
        float in = 0, prog = 0;
        int phrase = keynote_speech_at(t, &syl, &in, &prog);
        float env = keynote_voice_env(t);
        /* the pitch: falling through a phrase, rising on stressed syllables */
        float f0 = 128.0f - 22.0f * prog + 14.0f * hash2(syl, 2, 501) * sinf(BOOTH_PI * in) +
                   3.0f * sinf((float)t * 2 * BOOTH_PI * 5.1f);
        if (phrase < 0)
            f0 = 110.0f;
        v->phase += f0 / rate;
        v->phase -= floor(v->phase);
        if (v->amp_left-- <= 0) {
            /* the weights a block ahead, reached by a linear ramp: no zipper noise */
            v->amp_left = KEYNOTE_BLOCK - 1;
            double ta = t + (double)KEYNOTE_BLOCK / rate;
            int syl_a = syl;
            float in_a = in, prog_a = prog;
            if (keynote_speech_at(ta, &syl_a, &in_a, &prog_a) < 0)
                syl_a = syl, in_a = in;
            const float *va = keynote_vowels[hash_u32((uint32_t)syl_a * 7u + 3u) % 6];
            const float *vb = keynote_vowels[hash_u32((uint32_t)(syl_a + 1) * 7u + 3u) % 6];
            float mixq = smoothstepf(0.55f, 1.0f, in_a);
            for (int k = 0; k < KEYNOTE_HARMONICS; k++) {
                float fh = f0 * (float)(k + 1);
                float a = 0;
                for (int f = 0; f < 3; f++) {
                    float F = mixf(va[f], vb[f], mixq), B = 90.0f + 40.0f * (float)f;
                    float d = (fh - F) / B;
                    a += expf(-d * d) * (f == 0 ? 1.0f : f == 1 ? 0.6f : 0.25f);
                }
                float target = (a + 0.04f) / powf((float)(k + 1), 0.7f);
                target *= 1 - smoothstepf(3000.0f, 4000.0f, fh);
                v->step[k] = (target - v->amp[k]) / KEYNOTE_BLOCK;
            }
        }
        float s = 0;
        float ph = (float)(2.0 * PV_PI * v->phase);
        for (int k = 0; k < KEYNOTE_HARMONICS; k++) {
            v->amp[k] += v->step[k];
            if (v->amp[k] > 1e-4f)
                s += v->amp[k] * sinf(ph * (float)(k + 1));
        }
        s *= env * 0.4f;
        /* a small hall: two late copies */
        int e1 = (v->echo_pos - 1900 + 4096) & 4095, e2 = (v->echo_pos - 3700 + 4096) & 4095;
        float wet_l = v->echo[e1] * 0.22f + v->echo[e2] * 0.1f;
        float wet_r = v->echo[e2] * 0.2f + v->echo[e1] * 0.12f;
        v->echo[v->echo_pos] = s + wet_l * 0.3f;
        v->echo_pos = (v->echo_pos + 1) & 4095;
        left[i] = s + wet_l;
        right[i] = s + wet_r;
    }
}

typedef struct screen_keynote {
    int w, h;
    float *background;
    float sx0, sy0, sx1, sy1; /* the projected slide */
    clip_layer slides[KEYNOTE_SLIDES], lectern, audience, caption, bug;
    keynote_voice voice;
} screen_keynote;

static clip_layer keynote_slide(const booth_font *f, const screen_keynote *k, int which)
{
    clip_layer l = clip_layer_create(k->w, k->h);
    float x0 = k->sx0, y0 = k->sy0, x1 = k->sx1, y1 = k->sy1;
    float sw = x1 - x0, sh = y1 - y0, u = sw / 100.0f; /* u: a hundredth of the slide */
    colour paper = colour_hex(0xf3f1ec), ink = colour_hex(0x1d2230);
    colour red = colour_hex(0xc0392b), grey = colour_hex(0x6b7280), gold = colour_hex(0xf5b041);
    clip_layer_rect(&l, x0, y0, x1, y1, paper, 1);
    clip_layer_rect(&l, x0, y0, x1, y0 + sh * 0.025f, red, 1);
    clip_layer_text_left(&l, f, "PAVILION EXPO  -  KEYNOTE", x0 + 6 * u, y0 + 8 * u, 1.8f * u, 0.1f,
                         grey, 1);
    if (which == 0) {
        clip_layer_text_left(&l, f, "THE EXHIBITION", x0 + 6 * u, y0 + 0.36f * sh, 5.2f * u, 0.11f,
                             ink, 1);
        clip_layer_text_left(&l, f, "IS NOW A PLACE", x0 + 6 * u, y0 + 0.36f * sh + 8.5f * u,
                             5.2f * u, 0.11f, red, 1);
        clip_layer_rect(&l, x0 + 6 * u, y0 + 0.36f * sh + 17 * u, x0 + 18 * u,
                        y0 + 0.36f * sh + 17.6f * u, ink, 1);
        clip_layer_text_left(&l, f, "OPEN IT IN ANY BROWSER, WALK IN, MEET PEOPLE", x0 + 6 * u,
                             y0 + 0.36f * sh + 22 * u, 2.0f * u, 0.1f, grey, 1);
        for (int i = 0; i < 5; i++) /* the hall's five stands as coloured tiles */
            clip_layer_round_rect(&l, x0 + (78 + 5.5f * (float)(i % 3)) * u,
                                  y0 + (5 + 5.5f * (float)(i / 3)) * u,
                                  x0 + (82.5f + 5.5f * (float)(i % 3)) * u,
                                  y0 + (9.5f + 5.5f * (float)(i / 3)) * u, 0.7f * u,
                                  colour_hex(i == 0   ? 0xc0392b
                                             : i == 1 ? 0x2e86de
                                             : i == 2 ? 0x27ae60
                                             : i == 3 ? 0xf5b041
                                                      : 0x8e44ad),
                                  1);
    } else if (which == 1) {
        clip_layer_text_left(&l, f, "FIVE PARTNERS,", x0 + 6 * u, y0 + 0.3f * sh, 5.0f * u, 0.11f,
                             ink, 1);
        clip_layer_text_left(&l, f, "ONE VISIT", x0 + 6 * u, y0 + 0.3f * sh + 8 * u, 5.0f * u,
                             0.11f, red, 1);
        clip_layer_text_left(&l, f, "VISITORS PER DAY, THOUSANDS", x0 + 6 * u, y0 + 0.86f * sh,
                             1.8f * u, 0.1f, grey, 1);
        clip_layer_rect(&l, x0 + 6 * u, y0 + 0.8f * sh, x0 + 94 * u, y0 + 0.8f * sh + 0.3f * u, ink,
                        1);
    } else {
        clip_layer_text_left(&l, f, "WHAT COMES NEXT", x0 + 6 * u, y0 + 0.3f * sh, 5.0f * u, 0.11f,
                             ink, 1);
        static const char *labels[3] = {"360 VIDEO", "CINEMA", "LIVE Q&A"};
        static const uint32_t tints[3] = {0x2e86de, 0xc0392b, 0x27ae60};
        for (int i = 0; i < 3; i++) {
            float cx = x0 + (20 + 30 * (float)i) * u, cy = y0 + 0.6f * sh;
            clip_layer_ring(&l, cx, cy, 0, 9 * u, colour_hex(tints[i]), 1);
            clip_layer_ring(&l, cx, cy, 5.5f * u, 6.3f * u, paper, 1);
            clip_layer_text(&l, f, labels[i], cx, cy + 15 * u, 2.4f * u, 0.11f, ink, 1);
        }
        clip_layer_rect(&l, x0 + 6 * u, y0 + 0.3f * sh + 5.5f * u, x0 + 18 * u,
                        y0 + 0.3f * sh + 6.1f * u, gold, 1);
    }
    clip_layer_finish(&l);
    return l;
}

static void *keynote_create(const booth_font *font, int w, int h, int frames)
{
    screen_keynote *k = pv_calloc(1, sizeof *k);
    k->w = w, k->h = h;
    float hf = (float)h, s = hf / 720.0f;
    k->sx0 = 0.1f * w, k->sx1 = 0.64f * w;
    k->sy0 = 0.07f * hf, k->sy1 = k->sy0 + (k->sx1 - k->sx0) * 9.0f / 16.0f;
    float floor_y = 0.74f * hf;

    /* the stage: a dark wall with washes of blue light, a wooden floor with the screen's
     * light spilling onto it, a spotlight pool at the lectern */
    k->background = pv_malloc((size_t)w * (size_t)h * 3 * sizeof(float));
    colour wall = colour_hex(0x0d1018), wash = colour_hex(0x1d3a7a);
    colour board = colour_hex(0x2a1e19), board2 = colour_hex(0x3b2a22);
    float lect_x = 0.8f * w;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            float u = ((float)x + 0.5f) / (float)w, v = ((float)y + 0.5f) / hf;
            colour c;
            if ((float)y < floor_y) {
                float beams = 0;
                for (int b = 0; b < 5; b++) {
                    float bx = 0.06f + 0.22f * (float)b;
                    float spread = 0.02f + 0.05f * (1 - v);
                    beams += expf(-powf((u - bx) / spread, 2)) * (0.3f + 0.7f * v);
                }
                c = colour_mix(wall, wash, 0.45f * beams);
                /* light from the screen on the wall around it */
                float gx = maxf(maxf(k->sx0 / w - u, u - k->sx1 / w), 0);
                float gy = maxf(maxf(k->sy0 / hf - v, v - k->sy1 / hf), 0);
                float g = expf(-(gx * gx + gy * gy) / 0.004f);
                c = colour_mix(c, colour_hex(0x6a6e80), 0.35f * g);
            } else {
                float q = (v - floor_y / hf) / (1 - floor_y / hf);
                float plank = fractf(u * 40.0f / (0.3f + q));
                c = colour_mix(board2, board, q);
                c = colour_scale(c, 0.85f + 0.15f * smoothstepf(0.0f, 0.06f, plank));
                float spill = expf(-powf((u - 0.37f) / 0.25f, 2)) * (1 - q) * 0.25f;
                float pool = expf(-powf((u - lect_x / w) / 0.09f, 2) - powf((q - 0.25f) / 0.2f, 2));
                c.r += spill * 0.5f + pool * 0.35f, c.g += spill * 0.5f + pool * 0.3f;
                c.b += spill * 0.6f + pool * 0.22f;
                if ((float)y < floor_y + 2 * s)
                    c = colour_hex(0x120c0a);
            }
            clip_set(k->background + ((size_t)y * (size_t)w + (size_t)x) * 3, c);
        }
    }
    /* the screen's frame */
    for (int y = (int)(k->sy0 - 6 * s); y < (int)(k->sy1 + 6 * s); y++)
        for (int x = (int)(k->sx0 - 6 * s); x < (int)(k->sx1 + 6 * s); x++)
            clip_set(k->background + ((size_t)y * (size_t)w + (size_t)x) * 3, colour_hex(0x050608));

    for (int i = 0; i < KEYNOTE_SLIDES; i++)
        k->slides[i] = keynote_slide(font, k, i);

    /* the lectern: dark wood, a red band with the name */
    k->lectern = clip_layer_create(w, h);
    float lt = 0.56f * hf, lb = 0.82f * hf, lw = 0.075f * w;
    colour wood = colour_hex(0x2b1d18), wood_lit = colour_hex(0x4a332a);
    for (int i = 0; i < 24; i++) { /* tapering towards the foot */
        float q0 = (float)i / 24, q1 = (float)(i + 1) / 24;
        float hw = lw * (1 - 0.25f * q0);
        clip_layer_rect(&k->lectern, lect_x - hw, lt + (lb - lt) * q0, lect_x + hw,
                        lt + (lb - lt) * q1 + 0.5f, colour_mix(wood_lit, wood, q0), 1);
    }
    clip_layer_rect(&k->lectern, lect_x - lw * 1.08f, lt - 8 * s, lect_x + lw * 1.08f, lt,
                    colour_hex(0x3a2820), 1);
    clip_layer_rect(&k->lectern, lect_x - lw * 0.95f, lt + 30 * s, lect_x + lw * 0.95f, lt + 58 * s,
                    colour_hex(0xc0392b), 1);
    clip_layer_text(&k->lectern, font, "PAVILION", lect_x, lt + 44 * s, 11 * s, 0.11f,
                    colour_hex(0xffffff), 1);
    clip_layer_rect(&k->lectern, lect_x - 14 * s, lt - 44 * s, lect_x - 11 * s, lt - 8 * s,
                    colour_hex(0x101014), 1); /* the microphone */
    clip_layer_round_rect(&k->lectern, lect_x - 17 * s, lt - 52 * s, lect_x - 8 * s, lt - 40 * s,
                          4 * s, colour_hex(0x22232a), 1);
    clip_layer_finish(&k->lectern);

    /* the audience's heads and shoulders in front, against the lit stage */
    k->audience = clip_layer_create(w, h);
    colour dark = colour_hex(0x050507);
    for (int row = 0; row < 2; row++) {
        float y = hf * (row ? 1.0f : 0.9f), size = (row ? 62.0f : 44.0f) * s;
        for (int i = 0; i < 14; i++) {
            float x =
                w * (-0.02f + 0.078f * ((float)i + 0.5f * (float)row) + 0.02f * hash2(i, row, 511));
            float head = size * (0.85f + 0.2f * hash2(i, row + 5, 511));
            clip_layer_round_rect(&k->audience, x - head * 1.25f, y - head * 0.6f, x + head * 1.25f,
                                  y + head * 2, head * 0.7f, dark, 1);
            clip_layer_ring(&k->audience, x, y - head * 0.95f, 0, head * 0.5f, dark, 1);
        }
    }
    clip_layer_finish(&k->audience);

    /* the name caption and the event's mark */
    k->caption = clip_layer_create(w, h);
    float cy = 0.79f * hf;
    clip_layer_rect(&k->caption, 0.06f * w, cy - 30 * s, 0.06f * w + 360 * s, cy + 30 * s,
                    colour_hex(0x0f1420), 0.88f);
    clip_layer_rect(&k->caption, 0.06f * w, cy - 30 * s, 0.06f * w + 6 * s, cy + 30 * s,
                    colour_hex(0xc0392b), 1);
    clip_layer_text_left(&k->caption, font, "ANNA LINDQVIST", 0.06f * w + 22 * s, cy - 9 * s,
                         17 * s, 0.11f, colour_hex(0xffffff), 1);
    clip_layer_text_left(&k->caption, font, "CHIEF EXECUTIVE, PAVILION", 0.06f * w + 22 * s,
                         cy + 16 * s, 9.5f * s, 0.1f, colour_hex(0xb8bcc6), 1);
    clip_layer_finish(&k->caption);
    k->bug = clip_layer_create(w, h);
    clip_layer_text_left(&k->bug, font, "PAVILION EXPO  KEYNOTE", 0.74f * w, 0.06f * hf, 10 * s,
                         0.1f, colour_hex(0xffffff), 0.75f);
    clip_layer_ring(&k->bug, 0.74f * w - 12 * s, 0.06f * hf, 0, 4 * s, colour_hex(0xc0392b), 1);
    clip_layer_finish(&k->bug);
    (void)frames;
    return k;
}

static void keynote_destroy(void *ctx)
{
    screen_keynote *k = ctx;
    pv_free(&k->background);
    for (int i = 0; i < KEYNOTE_SLIDES; i++)
        clip_layer_destroy(&k->slides[i]);
    clip_layer_destroy(&k->lectern);
    clip_layer_destroy(&k->audience);
    clip_layer_destroy(&k->caption);
    clip_layer_destroy(&k->bug);
    free(k);
}

/* The speaker behind the lectern, 2 x 2 samples per pixel: head, hair, neck, jacket with a
 * shirt collar, and a hand that rises to gesture. */
static void keynote_speaker(clip_canvas *cv, float cx, float head_y, float s, float hand)
{
    float hr = 26 * s;
    colour skin = colour_hex(0xb07a5e), hair = colour_hex(0x2a1c16);
    colour jacket = colour_hex(0x1b1e28), shirt = colour_hex(0xd8dce4);
    float lect_top = 0.56f * (float)cv->h;
    int x0 = pv_clampi((int)(cx - 110 * s), 0, cv->w),
        x1 = pv_clampi((int)(cx + 110 * s), 0, cv->w);
    int y0 = pv_clampi((int)(head_y - hr * 1.3f), 0, cv->h);
    int y1 = pv_clampi((int)(lect_top + 2), 0, cv->h);
    float hand_x = cx + 62 * s, hand_y = lect_top - hand * 70 * s;
    for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
            float r = 0, g = 0, b = 0, n = 0;
            for (int k = 0; k < 4; k++) {
                float px = (float)x + 0.25f + 0.5f * (float)(k & 1);
                float py = (float)y + 0.25f + 0.5f * (float)(k >> 1);
                float dx = px - cx, dy = py - head_y;
                colour c;
                bool hit = true;
                float head = (dx * dx) / (hr * hr * 0.72f) + (dy * dy) / (hr * hr);
                float shoulders = head_y + hr * 1.75f;
                if (head < 1) {
                    bool top = dy < -hr * 0.35f || (dy < hr * 0.1f && fabsf(dx) > hr * 0.7f);
                    c = top ? hair : colour_scale(skin, 0.75f + 0.35f * (dx / hr + 0.5f));
                } else if (fabsf(dx) < hr * 0.36f && dy > 0 && dy < hr * 1.9f) {
                    c = colour_scale(skin, 0.6f);
                } else if (py > shoulders) {
                    float sw = hr * (2.2f + 1.2f * minf((py - shoulders) / (hr * 1.2f), 1));
                    float round =
                        py - shoulders < hr * 0.5f
                            ? sqrtf(maxf(0, 1 - powf(1 - (py - shoulders) / (hr * 0.5f), 2)))
                            : 1;
                    if (fabsf(dx) > sw * (0.75f + 0.25f * round)) {
                        hit = false;
                        c = jacket;
                    } else {
                        bool collar = fabsf(dx) < (py - shoulders) * 0.45f + 2 * s &&
                                      py - shoulders < hr * 1.3f;
                        c = collar ? shirt : colour_scale(jacket, 1.0f + 0.5f * (dx / sw));
                    }
                } else {
                    hit = false;
                    c = jacket;
                }
                if (hand > 0.01f) { /* forearm and hand */
                    float d = clip_seg_dist(px, py, cx + 50 * s, lect_top + 10 * s, hand_x, hand_y);
                    if (d < 9 * s) {
                        c = jacket, hit = true;
                    }
                    float hd = sqrtf(powf(px - hand_x, 2) + powf(py - hand_y + 8 * s, 2));
                    if (hd < 9 * s) {
                        c = skin, hit = true;
                    }
                }
                if (!hit)
                    continue;
                r += c.r, g += c.g, b += c.b, n += 1;
            }
            if (n > 0)
                clip_mix(clip_px(cv, x, y), (colour){r / n, g / n, b / n}, n / 4);
        }
    }
}

static void keynote_paint(void *ctx, clip_canvas *cv, int frame)
{
    screen_keynote *k = ctx;
    int w = k->w, h = k->h;
    float t = (float)frame / 30.0f, hf = (float)h, s = hf / 720.0f;
    memcpy(cv->rgb, k->background, (size_t)w * (size_t)h * 3 * sizeof(float));

    /* the slide, with a short dissolve at each change */
    int slide = pv_clampi((int)(t / KEYNOTE_SLIDE_SECONDS), 0, KEYNOTE_SLIDES - 1);
    float since = t - (float)slide * KEYNOTE_SLIDE_SECONDS;
    if (slide > 0 && since < 0.4f)
        clip_layer_draw(cv, &k->slides[slide - 1], 1, 0, 0);
    clip_layer_draw(cv, &k->slides[slide], slide > 0 ? smoothstepf(0, 0.4f, since) : 1, 0, 0);
    if (slide == 1) { /* the chart grows */
        float u = (k->sx1 - k->sx0) / 100.0f, base = k->sy0 + 0.8f * (k->sy1 - k->sy0);
        static const float values[5] = {0.35f, 0.5f, 0.62f, 0.8f, 0.95f};
        for (int i = 0; i < 5; i++) {
            float grow = smoothstepf(0.3f + 0.12f * i, 1.2f + 0.12f * i, since);
            float top = base - values[i] * grow * 0.42f * (k->sy1 - k->sy0);
            float x0 = k->sx0 + (52 + 8.5f * (float)i) * u, x1 = x0 + 6 * u;
            for (int y = (int)top; y < (int)base; y++)
                for (int x = (int)x0; x < (int)x1; x++)
                    clip_mix(clip_px(cv, x, y), colour_hex(i == 4 ? 0xc0392b : 0x9aa3b5),
                             clip_below((float)y, top));
        }
    }

    /* the speaker: sways, nods with the voice, turns to the slide when it changes */
    float env = keynote_voice_env(t);
    float turn = -10 * s * clip_window(since, 0.0f, 0.4f, 1.0f, 1.6f) * (slide > 0);
    float sway = 4 * s * sinf(2 * BOOTH_PI * 0.21f * t) + turn;
    float head_y = 0.4f * hf - 3 * s * env + 1.5f * s * sinf(2 * BOOTH_PI * 0.33f * t);
    float hand = clip_window(t, 4.6f, 5.1f, 6.2f, 6.8f) + clip_window(t, 9.5f, 9.9f, 10.7f, 11.2f);
    keynote_speaker(cv, 0.8f * w + sway, head_y, s, hand);
    clip_layer_draw(cv, &k->lectern, 1, 0, 0);
    clip_layer_draw(cv, &k->audience, 1, 0, 0);

    float cap = clip_window(t, 0.8f, 1.4f, 4.6f, 5.2f);
    float slide_in = 1 - smoothstepf(0.8f, 1.5f, t);
    clip_layer_draw(cv, &k->caption, cap, -(int)(slide_in * 60 * s), 0);
    clip_layer_draw(cv, &k->bug, 1, 0, 0);
    clip_canvas_scale(cv, smoothstepf(0.0f, 0.5f, t) * (1 - smoothstepf(11.4f, 11.95f, t)));
}
