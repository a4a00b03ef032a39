/* clip_films: the demo cinema's two short films, as picture functions of (frame, size).
 *
 *   aurora   a winter night by a lake: curtains of green and violet light drifting over dark
 *            mountains, stars, a shooting star, the sky mirrored in the water, pines in
 *            front; the camera pans slowly (layers move at different speeds)
 *   harbour  a harbour at dusk: the sun sinking between a headland with a lighthouse and a
 *            town, drifting clouds, boats coming home, pier lamps lighting up one by one,
 *            the lighthouse beam sweeping, gulls, everything mirrored in the rippling water
 *
 * Both open with a title card and fade in from and out to black. Everything costly is
 * precomputed per picture size into tables (silhouettes per column, sky per row, aurora
 * profiles), so a 720p frame is a few table lookups per pixel. A film belongs to one clip
 * and so to one thread. Included by tools/clip_gen.c. */

#define FILM_FPS 30.0f
#define FILM_SECONDS 20.0f

/* The title card: the name in light spaced capitals over a rule and "A SHORT FILM". */
static clip_layer film_title_layer(const booth_font *f, int w, int h, const char *spaced_name)
{
    clip_layer l = clip_layer_create(w, h);
    float s = (float)h / 720.0f;
    colour white = colour_hex(0xf4f1ea), shade = colour_hex(0x000000);
    for (int pass = 0; pass < 2; pass++) { /* a soft shadow first, so it reads on any sky */
        float o = pass ? 0 : 2 * s;
        colour c = pass ? white : shade;
        float a = pass ? 1.0f : 0.35f;
        clip_layer_text(&l, f, spaced_name, w * 0.5f + o, h * 0.43f + o, 64 * s, 0.05f, c, a);
        clip_layer_rect(&l, w * 0.5f - 60 * s + o, h * 0.43f + 58 * s + o, w * 0.5f + 60 * s + o,
                        h * 0.43f + 59.5f * s + o, c, 0.7f * a);
        clip_layer_text(&l, f, "A   S H O R T   F I L M", w * 0.5f + o, h * 0.43f + 88 * s + o,
                        15 * s, 0.08f, c, (pass ? 0.9f : 0.5f));
    }
    clip_layer_finish(&l);
    return l;
}

/* ---- aurora ---- */

#define AURORA_CURTAINS 3
#define AURORA_PROFILE 512
#define AURORA_D0 -0.15f /* profile range, in curtain heights above the lower edge */
#define AURORA_D1 1.35f
#define AURORA_RAYS 2048

typedef struct film_star {
    float x, y, bright, phase, rate;
    colour tint;
} film_star;

typedef struct film_aurora {
    int w, h, ext; /* ext: columns of the panning silhouette tables */
    float horizon;
    colour *sky;                          /* per row */
    float *far_ridge, *near_ridge, *fore; /* silhouette tops per column of the wide strip */
    float rays[AURORA_RAYS];              /* periodic ray brightness */
    float profile[AURORA_PROFILE];
    colour tint[AURORA_PROFILE];
    float *base[AURORA_CURTAINS], *bright[AURORA_CURTAINS]; /* per column, this frame */
    float *row_shift, *row_src, *row_gain;                  /* per lake row, this frame */
    film_star *stars;
    int star_count;
    clip_layer title;
} film_aurora;

/* One curtain: its lower edge at `base` picture heights, waving with two sines; rays drift
 * along it. */
typedef struct aurora_curtain {
    float base, height, strength;
    float a1, f1, s1, a2, f2, s2, phase;
    float ray_scale, ray_speed;
} aurora_curtain;

static const aurora_curtain aurora_curtains[AURORA_CURTAINS] = {
    {0.37f, 0.30f, 1.00f, 0.060f, 0.9f, 0.014f, 0.025f, 2.3f, 0.030f, 0.3f, 1.7f, 0.010f},
    {0.27f, 0.21f, 0.55f, 0.050f, 1.3f, -0.018f, 0.020f, 3.1f, 0.022f, 2.1f, 2.3f, -0.014f},
    {0.50f, 0.17f, 0.45f, 0.035f, 0.7f, 0.010f, 0.018f, 2.7f, -0.026f, 4.2f, 1.3f, 0.008f},
};

/* Pan of each silhouette layer over the whole film, in picture widths. */
#define AURORA_PAN_FORE 0.10f
#define AURORA_PAN_NEAR 0.045f
#define AURORA_PAN_FAR 0.025f
#define AURORA_PAN_STARS 0.012f

static float *aurora_silhouette(int ext, int w, float horizon, float h, float lo, float hi,
                                int period, float sharp, uint32_t seed)
{
    float *top = pv_malloc((size_t)ext * sizeof *top);
    for (int x = 0; x < ext; x++) {
        float u = (float)x / (float)w * (float)period * 0.5f;
        float n = clip_fbm1(u, period * 4, 5, seed);
        n = powf(clampf((n - 0.25f) / 0.55f, 0, 1), sharp);
        top[x] = horizon - h * (lo + (hi - lo) * n);
    }
    return top;
}

static void *aurora_create(const booth_font *font, int w, int h, int frames)
{
    (void)frames;
    film_aurora *a = pv_calloc(1, sizeof *a);
    a->w = w, a->h = h;
    a->ext = w + (int)ceilf(AURORA_PAN_FORE * (float)w) + 4;
    a->horizon = roundf(h * 0.70f);
    float hf = (float)h;

    static const float sky_t[] = {0.0f, 0.45f, 0.85f, 1.0f};
    static const uint32_t sky_c[] = {0x010208, 0x040c1c, 0x0c2232, 0x173c46};
    a->sky = pv_malloc((size_t)h * sizeof *a->sky);
    for (int y = 0; y < h; y++)
        a->sky[y] = clip_ramp(sky_t, sky_c, 4, ((float)y + 0.5f) / a->horizon);

    a->far_ridge = aurora_silhouette(a->ext, w, a->horizon, hf, 0.02f, 0.12f, 6, 1.5f, 301);
    a->near_ridge = aurora_silhouette(a->ext, w, a->horizon, hf, 0.005f, 0.04f, 9, 1.1f, 307);

    /* pines on both banks over a low shore in front */
    a->fore = pv_malloc((size_t)a->ext * sizeof *a->fore);
    for (int x = 0; x < a->ext; x++) {
        float u = (float)x / (float)w;
        float bank = 0.5f + 0.5f * cosf(minf(fabsf(u - 0.58f) * 2.6f, 1.0f) * BOOTH_PI);
        a->fore[x] = hf * (0.905f + 0.06f * bank + 0.012f * clip_noise1(u * 20, 64, 311));
    }
    for (int i = 0; i < 26; i++) {
        float cx = i < 14 ? 0.02f + 0.3f * hash2(i, 1, 313) : 0.86f + 0.26f * hash2(i, 1, 313);
        float th = hf * (0.16f + 0.22f * hash2(i, 2, 313)) * (i < 14 ? 1.0f : 0.9f);
        float tw = th * (0.2f + 0.06f * hash2(i, 3, 313));
        float foot = hf * (0.93f + 0.02f * hash2(i, 4, 313));
        int layers = 7 + (int)(5 * hash2(i, 5, 313));
        int x0 = pv_clampi((int)((cx * w) - tw), 0, a->ext),
            x1 = pv_clampi((int)((cx * w) + tw) + 1, 0, a->ext);
        for (int x = x0; x < x1; x++) {
            float dx = fabsf((float)x + 0.5f - cx * (float)w);
            /* highest point whose layered half width covers dx: scan down from the tip */
            for (int k = 0; k <= 200; k++) {
                float f = 1.0f - (float)k / 200.0f;
                float saw = fractf(f * (float)layers);
                float hw = tw * (1 - f) * (0.7f + 0.3f * saw) + hf * 0.002f;
                if (hw >= dx) {
                    float top = foot - f * th;
                    a->fore[x] = minf(a->fore[x], top);
                    break;
                }
            }
        }
    }

    for (int i = 0; i < AURORA_RAYS; i++) {
        float u = (float)i / AURORA_RAYS;
        float n = 0.6f * clip_noise1(u * 96, 96, 321) + 0.4f * clip_noise1(u * 230, 230, 322);
        a->rays[i] = 0.25f + 0.75f * powf(n, 1.6f);
    }
    static const float tint_t[] = {-0.1f, 0.06f, 0.22f, 0.5f, 0.8f, 1.2f};
    static const uint32_t tint_c[] = {0x9dffd0, 0x7affb4, 0x2df08a, 0x1fb89c, 0x5a44d8, 0x9b3ccc};
    for (int i = 0; i < AURORA_PROFILE; i++) {
        float d = AURORA_D0 + (AURORA_D1 - AURORA_D0) * (float)i / (AURORA_PROFILE - 1);
        /* a bright hem at the lower edge with a faint glow under it, rays fading upwards */
        float p = d < 0 ? 0.8f * expf(-(d / 0.03f) * (d / 0.03f)) +
                              0.2f * expf(-(d / 0.12f) * (d / 0.12f))
                        : (expf(-d * 2.1f) + 0.5f * expf(-(d / 0.04f) * (d / 0.04f))) *
                              (1 - smoothstepf(0.75f, AURORA_D1, d));
        a->profile[i] = p;
        a->tint[i] = clip_ramp(tint_t, tint_c, 6, d);
    }
    for (int k = 0; k < AURORA_CURTAINS; k++) {
        a->base[k] = pv_malloc((size_t)w * sizeof(float));
        a->bright[k] = pv_malloc((size_t)w * sizeof(float));
    }
    a->row_shift = pv_malloc((size_t)h * sizeof(float));
    a->row_src = pv_malloc((size_t)h * sizeof(float));
    a->row_gain = pv_malloc((size_t)h * sizeof(float));

    a->star_count = (int)((float)w * a->horizon / 1900.0f);
    a->stars = pv_malloc((size_t)a->star_count * sizeof *a->stars);
    float star_w = (float)w * (1 + AURORA_PAN_STARS) + 2;
    for (int i = 0; i < a->star_count; i++) {
        film_star *st = &a->stars[i];
        st->x = star_w * hash2(i, 1, 331);
        st->y = a->horizon * powf(hash2(i, 2, 331), 1.3f);
        float r = hash2(i, 3, 331);
        st->bright = 0.12f + 0.9f * r * r * r * r * r;
        st->phase = hash2(i, 4, 331);
        st->rate = 0.4f + 1.6f * hash2(i, 5, 331);
        float warm = hash2(i, 6, 331);
        st->tint = warm < 0.3f   ? colour_hex(0xffe8c8)
                   : warm > 0.8f ? colour_hex(0xc8d8ff)
                                 : colour_hex(0xf4f6ff);
    }
    a->title = film_title_layer(font, w, h, "A  U  R  O  R  A");
    return a;
}

static void aurora_destroy(void *ctx)
{
    film_aurora *a = ctx;
    pv_free(&a->sky);
    pv_free(&a->far_ridge);
    pv_free(&a->near_ridge);
    pv_free(&a->fore);
    for (int k = 0; k < AURORA_CURTAINS; k++) {
        pv_free(&a->base[k]);
        pv_free(&a->bright[k]);
    }
    pv_free(&a->row_shift);
    pv_free(&a->row_src);
    pv_free(&a->row_gain);
    pv_free(&a->stars);
    clip_layer_destroy(&a->title);
    free(a);
}

/* Overall strength of the lights: faint at first, full by the middle, fading at the end. */
static float aurora_strength(float t)
{
    return (0.45f + 0.55f * smoothstepf(0.0f, 8.0f, t)) *
           (1 - 0.75f * smoothstepf(15.5f, 19.5f, t));
}

static void aurora_paint(void *ctx, clip_canvas *cv, int frame)
{
    film_aurora *a = ctx;
    int w = a->w, h = a->h, hz = (int)a->horizon;
    float t = (float)frame / FILM_FPS, hf = (float)h, p = t / FILM_SECONDS;
    float s = hf / 720.0f;
    float strength = aurora_strength(t);
    float off_fore = AURORA_PAN_FORE * w * p, off_near = AURORA_PAN_NEAR * w * p;
    float off_far = AURORA_PAN_FAR * w * p, off_stars = AURORA_PAN_STARS * w * p;

    /* the curtains' lower edges and brightness per column */
    for (int k = 0; k < AURORA_CURTAINS; k++) {
        const aurora_curtain *c = &aurora_curtains[k];
        for (int x = 0; x < w; x++) {
            float u = ((float)x + off_stars * 2) / (float)w;
            float y =
                c->base + c->a1 * sinf(2 * BOOTH_PI * (u * c->f1 + t * c->s1) + c->phase) +
                c->a2 * sinf(2 * BOOTH_PI * (u * c->f2 - t * c->s2) + c->phase * 1.7f) +
                0.012f * sinf(2 * BOOTH_PI * (u * 7.3f + t * 0.05f * (float)(k + 1)) + (float)k);
            a->base[k][x] = y * hf;
            float ray_pos = (u * c->ray_scale + t * c->ray_speed) * AURORA_RAYS;
            ray_pos -= floorf(ray_pos / AURORA_RAYS) * AURORA_RAYS;
            int ri = (int)ray_pos;
            float rf = ray_pos - (float)ri;
            float ray = a->rays[ri % AURORA_RAYS] * (1 - rf) + a->rays[(ri + 1) % AURORA_RAYS] * rf;
            float patch = smoothstepf(
                0.3f, 0.75f, clip_noise1(u * 2.6f + t * 0.05f + k * 3.1f, 64, 341 + (uint32_t)k));
            a->bright[k][x] = ray * (0.12f + 0.88f * patch) * c->strength * strength;
        }
    }

    /* sky, aurora and the far shore, down to the waterline */
    const float prof_scale = (AURORA_PROFILE - 1) / (AURORA_D1 - AURORA_D0);
    for (int y = 0; y < hz; y++) {
        float *px = clip_px(cv, 0, y);
        colour sky = a->sky[y];
        float fy = (float)y + 0.5f;
        for (int x = 0; x < w; x++, px += 3) {
            float r = sky.r, g = sky.g, b = sky.b;
            for (int k = 0; k < AURORA_CURTAINS; k++) {
                float d = (a->base[k][x] - fy) / (aurora_curtains[k].height * hf);
                if (d <= AURORA_D0 || d >= AURORA_D1)
                    continue;
                int i = (int)((d - AURORA_D0) * prof_scale);
                float v = a->profile[i] * a->bright[k][x] * 0.85f;
                r += a->tint[i].r * v, g += a->tint[i].g * v, b += a->tint[i].b * v;
            }
            px[0] = r, px[1] = g, px[2] = b;
        }
    }
    /* stars behind the mountains: only where the far ridge does not hide them */
    for (int i = 0; i < a->star_count; i++) {
        const film_star *st = &a->stars[i];
        float x = st->x - off_stars;
        if (x < 0 || x >= (float)w)
            continue;
        float ridge = clip_lerp_table(a->far_ridge, a->ext, x + off_far);
        if (st->y > ridge - 2)
            continue;
        float tw = 0.7f + 0.3f * sinf(2 * BOOTH_PI * (st->phase + t * st->rate));
        float b = st->bright * tw * (1 - 0.5f * smoothstepf(0.6f, 1.0f, st->y / a->horizon));
        clip_splat(cv, x, st->y, st->tint, b);
        if (st->bright > 0.5f) {
            clip_splat(cv, x - 1, st->y, st->tint, b * 0.25f);
            clip_splat(cv, x + 1, st->y, st->tint, b * 0.25f);
            clip_splat(cv, x, st->y - 1, st->tint, b * 0.25f);
            clip_splat(cv, x, st->y + 1, st->tint, b * 0.25f);
        }
    }
    /* a shooting star */
    if (t > 10.6f && t < 11.4f) {
        float q = (t - 10.6f) / 0.8f;
        float ax = 0.56f * w, ay = 0.08f * hf, bx = 0.70f * w, by = 0.2f * hf;
        float hx = ax + (bx - ax) * q, hy = ay + (by - ay) * q;
        float tail = minf(q * 3, 1) * 0.45f;
        float fade = 1 - smoothstepf(0.7f, 1.0f, q);
        for (int k = 0; k < 10; k++) {
            float q0 = (float)k / 10, q1 = (float)(k + 1) / 10;
            float x0 = hx - (bx - ax) * tail * q0, y0 = hy - (by - ay) * tail * q0;
            float x1 = hx - (bx - ax) * tail * q1, y1 = hy - (by - ay) * tail * q1;
            clip_line(cv, x0, y0, x1, y1, 0.8f * s, colour_hex(0xf0fff8), fade * (1 - q0) * 0.9f);
        }
    }
    /* mountains: the far range with a faint lit rim, then the near hills */
    colour far_c = colour_hex(0x050b15), rim = colour_hex(0x1c3442);
    colour near_c = colour_hex(0x02040a);
    far_c = colour_mix(far_c, colour_hex(0x0a2a2a), 0.3f * strength);
    for (int x = 0; x < w; x++) {
        float far = clip_lerp_table(a->far_ridge, a->ext, (float)x + off_far);
        float near = clip_lerp_table(a->near_ridge, a->ext, (float)x + off_near);
        for (int y = (int)floorf(far); y < hz; y++) {
            if (y < 0)
                continue;
            float *px = clip_px(cv, x, y);
            float cover = clip_below((float)y, far);
            float lit = 1 - smoothstepf(0, 5 * s, (float)y - far);
            clip_mix(px, colour_mix(far_c, rim, lit * 0.5f), cover);
            float nc = clip_below((float)y, near);
            if (nc > 0)
                clip_mix(px, near_c, nc);
        }
    }

    /* the lake: the picture above mirrored, rippled, darker */
    for (int y = hz; y < h; y++) {
        float dy = (float)(y - hz) + 0.5f, n = dy / (hf - a->horizon);
        float persp = logf(1 + dy / s) * 9.0f;
        a->row_shift[y] = (0.5f + 6.0f * n) * s * sinf(persp * 1.3f - t * 1.1f) *
                          (0.6f + 0.4f * sinf(persp * 0.37f + t * 0.3f));
        /* a stylised mirror: the water shows the sky higher up than a flat mirror would,
         * so the lights are in it too */
        a->row_src[y] =
            a->horizon - dy * 1.7f + (0.3f + 2.0f * n) * s * sinf(persp * 0.9f - t * 0.8f);
        a->row_gain[y] = (0.62f - 0.22f * n) * (0.9f + 0.1f * sinf(persp * 2.1f - t * 1.7f));
    }
    colour deep = colour_hex(0x01040a);
    for (int y = hz; y < h; y++) {
        int sy = pv_clampi((int)a->row_src[y], 0, hz - 1);
        float shift = a->row_shift[y], gain = a->row_gain[y];
        float *px = clip_px(cv, 0, y);
        const float *src = clip_px(cv, 0, sy);
        for (int x = 0; x < w; x++, px += 3) {
            float sx = (float)x + shift;
            int ix = pv_clampi((int)floorf(sx), 0, w - 2);
            float f = clampf(sx - (float)ix, 0, 1);
            const float *s0 = src + (size_t)ix * 3;
            /* one store per channel: re-reading a just-written pixel stalls the CPU */
            float r = (s0[0] * (1 - f) + s0[3] * f) * gain + deep.r;
            float g = (s0[1] * (1 - f) + s0[4] * f) * gain + deep.g;
            float b = (s0[2] * (1 - f) + s0[5] * f) * gain + deep.b;
            px[0] = r, px[1] = g, px[2] = b;
        }
    }
    /* the near bank and the pines, black against the water */
    colour fore_c = colour_hex(0x010205);
    for (int x = 0; x < w; x++) {
        float top = clip_lerp_table(a->fore, a->ext, (float)x + off_fore);
        for (int y = pv_clampi((int)floorf(top), 0, h); y < h; y++)
            clip_mix(clip_px(cv, x, y), fore_c, clip_below((float)y, top));
    }

    clip_layer_draw(cv, &a->title, clip_window(t, 1.0f, 2.6f, 5.2f, 6.6f), 0, 0);
    clip_canvas_scale(cv, smoothstepf(0.0f, 1.5f, t) * (1 - smoothstepf(18.6f, 19.9f, t)));
}

/* ---- harbour ---- */

#define HARBOUR_LAMPS 4

typedef struct harbour_window {
    float x, y, on; /* on: seconds at which it lights */
} harbour_window;

typedef struct film_harbour {
    int w, h, ext;
    float horizon;
    float *land;  /* headland and town silhouette top per column */
    float *cloud; /* cloud cover, ext x h */
    harbour_window *windows;
    int window_count;
    float *row_shift, *row_src, *row_gain;
    float *glow_col;         /* this frame: the sun glow's two column factors, 2 * w */
    float glitter[256 * 64]; /* a tiling sparkle field for the sun's path */
    film_star *stars;
    int star_count;
    clip_layer title, pier;
} film_harbour;

#define HARBOUR_CLOUD_DRIFT 0.06f /* picture widths over the film */

static const float harbour_lamp_x[HARBOUR_LAMPS] = {0.05f, 0.15f, 0.25f, 0.35f};

static float harbour_sun_y(const film_harbour *hb, float t)
{
    return hb->horizon - hb->h * (0.05f - 0.07f * t / FILM_SECONDS);
}

static void *harbour_create(const booth_font *font, int w, int h, int frames)
{
    (void)frames;
    film_harbour *hb = pv_calloc(1, sizeof *hb);
    hb->w = w, hb->h = h;
    hb->ext = w + (int)ceilf(HARBOUR_CLOUD_DRIFT * (float)w) + 4;
    hb->horizon = roundf(h * 0.58f);
    float hf = (float)h, s = hf / 720.0f;

    /* the headland on the left rises to the lighthouse; the town on the right */
    hb->land = pv_malloc((size_t)w * sizeof *hb->land);
    for (int x = 0; x < w; x++) {
        float u = (float)x / (float)w;
        float hill =
            0.11f * expf(-powf((u - 0.12f) / 0.16f, 2)) + 0.012f * clip_fbm1(u * 12, 64, 4, 401);
        hill *= 1 - smoothstepf(0.22f, 0.36f, u);
        hb->land[x] = hb->horizon - hf * (hill + 0.004f);
    }
    int windows_cap = 512;
    hb->windows = pv_malloc((size_t)windows_cap * sizeof *hb->windows);
    float bx = 0.6f * w;
    for (int i = 0; bx < (float)w; i++) {
        float bw = (0.025f + 0.035f * hash2(i, 1, 411)) * w;
        float bh = (0.03f + 0.07f * hash2(i, 2, 411) * smoothstepf(0.58f, 0.8f, bx / w)) * hf;
        float roof = hash2(i, 6, 411); /* flat, pitched, or a church with a spire */
        for (int x = (int)bx; x < (int)(bx + bw) && x < w; x++) {
            float q = fabsf(((float)x + 0.5f - bx) / bw - 0.5f) * 2; /* 0 middle .. 1 sides */
            float extra = roof > 0.75f   ? bw * 0.35f * (1 - q)
                          : roof > 0.68f ? maxf(0, 1 - q * 5) * bw * 1.6f + bw * 0.2f * (1 - q)
                                         : 0;
            hb->land[x] = minf(hb->land[x], hb->horizon - bh - extra);
        }
        /* windows on a grid, lighting at different times */
        float step = 9 * s;
        for (float wy = hb->horizon - bh + step; wy < hb->horizon - step * 0.6f; wy += step)
            for (float wx = bx + step * 0.6f; wx < bx + bw - step * 0.5f; wx += step) {
                int k = hb->window_count;
                if (k >= windows_cap || hash2(k, 3, 411) < 0.45f)
                    continue;
                hb->windows[hb->window_count++] =
                    (harbour_window){wx, wy, 2.0f + 16.0f * hash2(k, 4, 411)};
            }
        bx += bw + (hash2(i, 5, 411) < 0.3f ? 0.01f * w : 0);
    }

    hb->cloud = pv_malloc((size_t)hb->ext * (size_t)h * sizeof(float));
    for (int y = 0; y < h; y++) {
        float v = (float)y / hf;
        float band = expf(-powf((v - 0.18f) / 0.08f, 2)) * 0.9f +
                     expf(-powf((v - 0.36f) / 0.05f, 2)) * 0.7f +
                     expf(-powf((v - 0.46f) / 0.025f, 2)) * 0.5f;
        for (int x = 0; x < hb->ext; x++) {
            float u = (float)x / (float)w;
            float n = fbm_tiled(u * 3.0f, v * 22.0f, 64, 64, 5, 421);
            float streak = smoothstepf(0.45f, 0.75f, n) * band;
            hb->cloud[(size_t)y * (size_t)hb->ext + (size_t)x] = clampf(streak, 0, 1);
        }
    }
    for (int i = 0; i < 256 * 64; i++) {
        int x = i % 256, y = i / 256;
        float n = noise_tiled((float)x * 0.25f, (float)y * 0.5f, 64, 32, 431);
        hb->glitter[i] = smoothstepf(0.62f, 0.85f, n);
    }
    hb->row_shift = pv_malloc((size_t)h * sizeof(float));
    hb->row_src = pv_malloc((size_t)h * sizeof(float));
    hb->row_gain = pv_malloc((size_t)h * sizeof(float));
    hb->glow_col = pv_malloc((size_t)w * 2 * sizeof(float));

    hb->star_count = (int)((float)w * hb->horizon / 5000.0f);
    hb->stars = pv_malloc((size_t)hb->star_count * sizeof *hb->stars);
    for (int i = 0; i < hb->star_count; i++) {
        film_star *st = &hb->stars[i];
        st->x = (float)w * hash2(i, 1, 441);
        st->y = hf * 0.3f * hash2(i, 2, 441);
        float r = hash2(i, 3, 441);
        st->bright = 0.1f + 0.6f * r * r * r;
        st->phase = hash2(i, 4, 441);
        st->rate = 0.5f + hash2(i, 5, 441);
        st->tint = colour_hex(0xf4f6ff);
    }

    /* the pier: a deck on posts along the bottom left, lamp posts on it */
    hb->pier = clip_layer_create(w, h);
    colour wood = colour_hex(0x1c1418), wood_top = colour_hex(0x3a2a26);
    float deck = hf * 0.80f;
    clip_layer_rect(&hb->pier, -10, deck, w * 0.40f, deck + 14 * s, wood, 1);
    clip_layer_rect(&hb->pier, -10, deck - 2 * s, w * 0.40f, deck + 1 * s, wood_top, 1);
    for (int i = 0; i < 8; i++) {
        float px = w * (0.02f + 0.054f * i);
        clip_layer_rect(&hb->pier, px, deck, px + 7 * s, hf * 0.88f, wood, 1);
    }
    clip_layer_rect(&hb->pier, -10, deck - 26 * s, w * 0.40f, deck - 23 * s, wood, 1);
    for (int i = 0; i < 8; i++) {
        float px = w * (0.02f + 0.054f * i);
        clip_layer_rect(&hb->pier, px + 1 * s, deck - 26 * s, px + 5 * s, deck, wood, 1);
    }
    for (int i = 0; i < HARBOUR_LAMPS; i++) {
        float lx = w * harbour_lamp_x[i];
        clip_layer_rect(&hb->pier, lx - 2.5f * s, hf * 0.63f, lx + 2.5f * s, deck, wood, 1);
        clip_layer_round_rect(&hb->pier, lx - 9 * s, hf * 0.615f, lx + 9 * s, hf * 0.632f, 3 * s,
                              wood, 1);
    }
    clip_layer_finish(&hb->pier);
    hb->title = film_title_layer(font, w, h, "H  A  R  B  O  U  R");
    return hb;
}

static void harbour_destroy(void *ctx)
{
    film_harbour *hb = ctx;
    pv_free(&hb->land);
    pv_free(&hb->cloud);
    pv_free(&hb->windows);
    pv_free(&hb->row_shift);
    pv_free(&hb->row_src);
    pv_free(&hb->row_gain);
    pv_free(&hb->glow_col);
    pv_free(&hb->stars);
    clip_layer_destroy(&hb->title);
    clip_layer_destroy(&hb->pier);
    free(hb);
}

/* A boat: hull, cabin, mast and (sail > 0) a sail, in its own units: u along the boat
 * (-0.5 stern .. 0.5 bow), v up from the waterline, in boat lengths. Returns which part
 * covers (u, v): 0 none, 1 hull, 2 cabin, 3 window, 4 mast, 5 sail. */
static int boat_part(float u, float v, float sail)
{
    if (v < -0.02f)
        return 0;
    float deck = 0.09f;
    if (v <= deck) {
        float bow = 0.5f - 0.22f * (deck - v) / (deck + 0.02f) - 0.08f * (v / deck) * (v / deck);
        float stern = -0.46f + 0.05f * (deck - v) / (deck + 0.02f);
        return u >= stern && u <= bow ? 1 : 0;
    }
    if (u > -0.3f && u < 0.0f && v < deck + 0.11f) {
        bool window = v > deck + 0.04f && v < deck + 0.08f && fractf((u + 0.3f) * 22.0f) > 0.3f;
        return window ? 3 : 2;
    }
    if (fabsf(u - 0.1f) < 0.007f && v < deck + (sail > 0 ? 0.62f * sail : 0.3f))
        return 4;
    if (sail > 0) {
        float top = deck + 0.62f * sail, hgt = (v - deck - 0.03f) / (top - deck - 0.03f);
        if (hgt >= 0 && hgt <= 1 && u < 0.09f && u > 0.09f - 0.5f * (1 - hgt) * sail)
            return 5;
    }
    return 0;
}

typedef struct harbour_boat {
    float x, waterline, length, sail, tilt;
    bool facing_left, lit;
} harbour_boat;

/* Draws a boat and its reflection, 2x2 samples per pixel. */
static void harbour_draw_boat(clip_canvas *cv, const harbour_boat *b, float t, float dusk)
{
    float L = b->length;
    int x0 = pv_clampi((int)(b->x - L * 0.6f), 0, cv->w);
    int x1 = pv_clampi((int)(b->x + L * 0.6f), 0, cv->w);
    float mast = 0.09f + (b->sail > 0 ? 0.62f * b->sail : 0.3f) + 0.02f;
    int y0 = pv_clampi((int)(b->waterline - L * mast), 0, cv->h);
    int y1 = pv_clampi((int)(b->waterline + L * mast * 0.6f), 0, cv->h);
    colour hull = colour_mix(colour_hex(0x2c2f45), colour_hex(0x14121c), dusk);
    colour cabin = colour_mix(colour_hex(0xcab6b4), colour_hex(0x4a4050), dusk);
    colour window = colour_hex(0xffcf80);
    colour sail = colour_mix(colour_hex(0xf0d2c0), colour_hex(0x6a5a6a), dusk);
    colour mast_c = colour_hex(0x1a1820);
    float ct = cosf(b->tilt), st = sinf(b->tilt), dir = b->facing_left ? -1.0f : 1.0f;
    float inv_l = 1.0f / L;
    for (int y = y0; y < y1; y++) {
        bool below = (float)y + 0.5f > b->waterline;
        float sub_y[2], wobble[2];
        for (int j = 0; j < 2; j++) {
            float sy = b->waterline - ((float)y + 0.25f + 0.5f * (float)j);
            wobble[j] = below ? 0.012f * L * sinf(-sy * 0.35f + t * 3.0f) : 0;
            sub_y[j] = below ? -sy * 1.05f : sy; /* mirrored under the waterline */
        }
        for (int x = x0; x < x1; x++) {
            float r = 0, g = 0, bl = 0, cover = 0;
            for (int k = 0; k < 4; k++) {
                float sx = (float)x + 0.25f + 0.5f * (float)(k & 1) - b->x + wobble[k >> 1];
                float sy = sub_y[k >> 1];
                float u = (sx * ct + sy * st) * inv_l * dir, v = (sy * ct - sx * st) * inv_l;
                int part = boat_part(u, v, b->sail);
                if (!part)
                    continue;
                colour c = part == 1   ? hull
                           : part == 2 ? cabin
                           : part == 3 ? (b->lit ? window : cabin)
                           : part == 4 ? mast_c
                                       : sail;
                if (part == 5) /* the sunset catches the sail's leading edge */
                    c = colour_mix(c, colour_hex(0xffb080), 0.35f * (1 - dusk) * (u + 0.5f));
                r += c.r, g += c.g, bl += c.b, cover += 1;
            }
            if (cover <= 0)
                continue;
            float a = cover / 4.0f * (below ? 0.55f : 1.0f);
            clip_mix(clip_px(cv, x, y), (colour){r / cover, g / cover, bl / cover}, a);
        }
    }
    if (b->lit) { /* a mast-head light */
        float u = 0.1f * dir * L, v = (mast - 0.02f) * L;
        float lx = b->x + u * ct - v * st, ly = b->waterline - (v * ct + u * st);
        clip_glow(cv, lx, ly, L * 0.012f + 1, colour_hex(0xfff0d0), 0.9f);
    }
}

static void harbour_paint(void *ctx, clip_canvas *cv, int frame)
{
    film_harbour *hb = ctx;
    int w = hb->w, h = hb->h, hz = (int)hb->horizon;
    float t = (float)frame / FILM_FPS, hf = (float)h, s = hf / 720.0f;
    float dusk = t / FILM_SECONDS; /* 0 sunset .. 1 blue hour */
    float sun_x = 0.46f * w, sun_y = harbour_sun_y(hb, t), sun_r = 0.034f * hf;

    /* the sky: the sunset's colours sink and dim as the film goes on */
    static const float sky_t[] = {0.0f, 0.35f, 0.62f, 0.84f, 1.0f};
    static const uint32_t sky_c[] = {0x191c48, 0x433572, 0xa85a74, 0xf0905a, 0xffcf8a};
    static const uint32_t dusk_c[] = {0x0a0d2a, 0x22234e, 0x5a3a62, 0xa85a58, 0xd8905e};
    float cloud_off = HARBOUR_CLOUD_DRIFT * w * (1 - t / FILM_SECONDS);
    /* the sun's glow is a sum of two Gaussians, each the product of a column and a row factor */
    float glow_fade = 1 - 0.6f * dusk, inv_r2 = 1.0f / (sun_r * sun_r);
    for (int x = 0; x < w; x++) {
        float dx = (float)x + 0.5f - sun_x;
        hb->glow_col[x] = expf(-dx * dx * inv_r2 * 0.02f);
        hb->glow_col[w + x] = expf(-dx * dx * inv_r2 * 0.002f);
    }
    for (int y = 0; y < hz; y++) {
        float v = ((float)y + 0.5f) / hb->horizon;
        colour c = colour_mix(clip_ramp(sky_t, sky_c, 5, v), clip_ramp(sky_t, dusk_c, 5, v), dusk);
        colour cloud_lit = colour_mix(colour_hex(0xffa07a), colour_hex(0x6a4466), 1 - v);
        colour cloud_c = colour_mix(cloud_lit, colour_hex(0x2a2440), dusk * 0.8f);
        cloud_c = colour_mix(cloud_c, colour_hex(0x3a2c52), 0.3f);
        const float *cl = hb->cloud + (size_t)y * (size_t)hb->ext;
        float *px = clip_px(cv, 0, y);
        float dy = (float)y + 0.5f - sun_y;
        float near_row = 0.55f * glow_fade * expf(-dy * dy * inv_r2 * 0.02f);
        float far_row = 0.25f * glow_fade * expf(-dy * dy * inv_r2 * 0.002f);
        for (int x = 0; x < w; x++, px += 3) {
            colour p = c;
            float glow = near_row * hb->glow_col[x] + far_row * hb->glow_col[w + x];
            p.r += 1.0f * glow, p.g += 0.62f * glow, p.b += 0.32f * glow;
            float dx = (float)x + 0.5f - sun_x;
            float d2 = (dx * dx + dy * dy) * inv_r2;
            if (d2 < 1.3f) { /* the sun's disc, soft edged */
                float disc = clampf((1.0f - sqrtf(d2)) * sun_r * 0.6f + 0.5f, 0, 1);
                p = colour_mix(p, colour_hex(0xfff0c8), disc * (1 - 0.4f * dusk));
            }
            float cx = (float)x + cloud_off;
            int ix = (int)cx;
            float f = cx - (float)ix, a = cl[ix] * (1 - f) + cl[ix + 1] * f;
            if (a > 0)
                p = colour_mix(p, cloud_c, a * 0.85f);
            px[0] = p.r, px[1] = p.g, px[2] = p.b;
        }
    }
    float star_a = smoothstepf(6.0f, 18.0f, t);
    for (int i = 0; i < hb->star_count && star_a > 0; i++) {
        const film_star *st = &hb->stars[i];
        float tw = 0.7f + 0.3f * sinf(2 * BOOTH_PI * (st->phase + t * st->rate));
        clip_splat(cv, st->x, st->y, st->tint, st->bright * tw * star_a);
    }
    /* gulls crossing the sky */
    for (int i = 0; i < 2; i++) {
        float gx = w * (-0.05f + 0.055f * (t + 3.0f * i)),
              gy = hf * (0.22f + 0.06f * i) + 6 * s * sinf(t * 0.7f + i);
        float span = (13 - 3 * i) * s, flap = sinf(2 * BOOTH_PI * (2.2f * t + 0.3f * i));
        colour gc = colour_hex(0x1a1424);
        clip_line(cv, gx - span, gy - flap * span * 0.45f, gx, gy, 1.2f * s, gc, 0.9f);
        clip_line(cv, gx, gy, gx + span, gy - flap * span * 0.45f, 1.2f * s, gc, 0.9f);
    }
    /* headland and town */
    colour land_c = colour_mix(colour_hex(0x2a2238), colour_hex(0x120f20), dusk);
    for (int x = 0; x < w; x++) {
        float top = hb->land[x];
        for (int y = pv_clampi((int)floorf(top), 0, hz); y < hz; y++)
            clip_mix(clip_px(cv, x, y), land_c, clip_below((float)y, top));
    }
    for (int i = 0; i < hb->window_count; i++) {
        const harbour_window *wn = &hb->windows[i];
        float on = smoothstepf(wn->on, wn->on + 0.3f, t);
        if (on <= 0)
            continue;
        for (int k = 0; k < 4; k++)
            clip_splat(cv, wn->x + (float)(k & 1) * 2 * s, wn->y + (float)(k >> 1) * 2 * s,
                       colour_hex(0xffc870), on * 0.45f);
    }
    /* the lighthouse on the headland */
    float lh_x = 0.2f * w, lh_base = hb->land[(int)(0.2f * w)] + 2 * s;
    float lh_top = lh_base - 0.09f * hf;
    colour tower = colour_mix(colour_hex(0xd8ccc8), colour_hex(0x5a5060), 0.4f + 0.5f * dusk);
    for (int y = (int)lh_top; y < (int)lh_base; y++) {
        float q = ((float)y - lh_top) / (lh_base - lh_top);
        float hw = (5 + 4 * q) * s;
        bool band = fractf(q * 3.0f) > 0.6f;
        colour c = band ? colour_mix(colour_hex(0xa03030), tower, 0.5f) : tower;
        for (int x = (int)(lh_x - hw - 1); x <= (int)(lh_x + hw + 1); x++)
            clip_mix(clip_px(cv, x, y), c, clampf(hw + 0.5f - fabsf((float)x + 0.5f - lh_x), 0, 1));
    }
    float lamp_y = lh_top - 5 * s;
    for (int y = (int)(lh_top - 12 * s); y < (int)lh_top; y++)
        for (int x = (int)(lh_x - 6 * s); x <= (int)(lh_x + 6 * s); x++)
            clip_mix(clip_px(cv, x, y), colour_hex(0x201820), 1);

    /* the water: the picture above mirrored, with waves that crowd towards the horizon */
    for (int y = hz; y < h; y++) {
        float dy = (float)(y - hz) + 0.5f, n = dy / (hf - hb->horizon);
        float persp = logf(1 + dy / s) * 10.0f;
        hb->row_shift[y] = (0.8f + 9.0f * n) * s * sinf(persp * 1.7f - t * 1.6f) *
                           (0.6f + 0.4f * sinf(persp * 0.41f + t * 0.5f));
        hb->row_src[y] =
            hb->horizon - dy * 1.05f + (0.4f + 3.0f * n) * s * sinf(persp * 1.1f - t * 1.2f);
        hb->row_gain[y] = (0.72f - 0.3f * n) * (0.9f + 0.06f * sinf(persp * 2.3f - t * 2.0f) +
                                                0.04f * sinf(persp * 5.1f + t * 1.3f));
    }
    colour deep = colour_mix(colour_hex(0x0a0c1e), colour_hex(0x04050e), dusk);
    for (int y = hz; y < h; y++) {
        int sy = pv_clampi((int)hb->row_src[y], 0, hz - 1);
        float shift = hb->row_shift[y], gain = hb->row_gain[y];
        float dy = (float)(y - hz) + 0.5f;
        float path_w = (0.02f + 0.25f * dy / hf) * w; /* the sun's glitter path */
        float path_gain = (1 - dusk * 0.8f) * smoothstepf(0, 6 * s, dy) *
                          (1 - smoothstepf(hb->horizon, hb->horizon + 12 * s, sun_y));
        int gy = (int)(logf(1 + dy / s) * 18.0f + t * 9.0f) & 63;
        float glitter_scale = 0.35f / s, row_seed = (float)(hash_u32((uint32_t)y) & 255);
        float *px = clip_px(cv, 0, y);
        const float *src = clip_px(cv, 0, sy);
        for (int x = 0; x < w; x++, px += 3) {
            float sx = (float)x + shift;
            int ix = pv_clampi((int)floorf(sx), 0, w - 2);
            float f = clampf(sx - (float)ix, 0, 1);
            const float *s0 = src + (size_t)ix * 3;
            float r = (s0[0] * (1 - f) + s0[3] * f) * gain + deep.r;
            float g = (s0[1] * (1 - f) + s0[4] * f) * gain + deep.g;
            float b = (s0[2] * (1 - f) + s0[5] * f) * gain + deep.b;
            float dx = fabsf((float)x + 0.5f - sun_x);
            if (dx < path_w && path_gain > 0) {
                int gx = (int)(((float)x + 0.5f) * glitter_scale + row_seed) & 255;
                float sparkle = hb->glitter[gy * 256 + gx] * (1 - dx / path_w) * path_gain;
                r += 1.0f * sparkle, g += 0.72f * sparkle, b += 0.42f * sparkle;
            }
            px[0] = r, px[1] = g, px[2] = b;
        }
    }

    /* boats: a yacht far out, a fishing boat coming home, one moored by the pier */
    harbour_boat far = {w * (0.3f + 0.2f * t / FILM_SECONDS),
                        hb->horizon + 9 * s,
                        80 * s,
                        0.9f,
                        0.01f * sinf(t * 1.3f),
                        false,
                        false};
    far.waterline += 1.0f * s * sinf(t * 1.9f);
    harbour_draw_boat(cv, &far, t, dusk);
    float fx = w * (1.12f - 0.62f * smoothstepf(0.0f, 19.0f, t));
    harbour_boat fishing = {fx,
                            hb->horizon + 62 * s + 2.5f * s * sinf(t * 2.2f),
                            230 * s,
                            0,
                            0.025f * sinf(t * 1.6f + 0.5f),
                            true,
                            t > 4.0f};
    harbour_draw_boat(cv, &fishing, t, dusk);

    /* the lighthouse lamp and its beam, from about 12 s */
    float beam_on = smoothstepf(12.0f, 13.5f, t);
    if (beam_on > 0) {
        float ang = 2 * BOOTH_PI * (t - 12.0f) / 5.0f;
        float toward = cosf(ang), side = sinf(ang);
        float len = 0.75f * w * fabsf(side);
        colour beam = colour_hex(0xfff2c8);
        if (len > 4) {
            float dirx = side > 0 ? 1.0f : -1.0f;
            int x0 = pv_clampi((int)(side > 0 ? lh_x : lh_x - len), 0, w);
            int x1 = pv_clampi((int)(side > 0 ? lh_x + len : lh_x), 0, w);
            for (int x = x0; x < x1; x++) {
                float along = ((float)x + 0.5f - lh_x) * dirx;
                float half = 2 * s + along * 0.07f;
                float fade = (1 - along / len) * 0.35f * beam_on;
                int ya = pv_clampi((int)(lamp_y - half - 2), 0, h);
                int yb = pv_clampi((int)(lamp_y + half + 2), 0, h);
                for (int y = ya; y < yb; y++) {
                    float q = fabsf((float)y + 0.5f - lamp_y) / half;
                    if (q < 1)
                        clip_add(clip_px(cv, x, y), beam, fade * (1 - q * q));
                }
            }
        }
        float flash = powf(maxf(toward, 0), 8);
        clip_glow(cv, lh_x, lamp_y, 4 * s + 18 * s * flash, beam, beam_on * (0.8f + 0.6f * flash));
    }

    /* the pier; its lamps come on one by one, their light runs down the water */
    clip_layer_draw(cv, &hb->pier, 1, 0, 0);
    for (int i = 0; i < HARBOUR_LAMPS; i++) {
        float start = 9.4f + 0.6f * i;
        float on = smoothstepf(start, start + 0.15f, t);
        if (t > start && t < start + 0.5f) /* a flicker as it strikes */
            on *= 0.55f + 0.45f * sinf(t * 90.0f + i);
        if (on <= 0)
            continue;
        float lx = w * harbour_lamp_x[i], ly = hf * 0.607f;
        colour warm = colour_hex(0xffc878);
        clip_glow(cv, lx, ly, 5 * s, colour_hex(0xfff0d0), on * 1.2f);
        clip_glow(cv, lx, ly, 28 * s, warm, on * 0.3f);
        for (int y = (int)(hf * 0.82f); y < h; y++) {
            float dy = (float)y - hf * 0.82f;
            float wob = 4 * s * sinf(dy * 0.21f / s - t * 3.0f + i) +
                        2 * s * sinf(dy * 0.57f / s + t * 2.1f);
            float cx = lx + wob, hw = (3 + dy * 0.05f) * s;
            float fade =
                on * 0.5f * (1 - dy / (hf * 0.2f)) * (0.6f + 0.4f * sinf(dy * 0.9f / s - t * 4.0f));
            for (int x = (int)(cx - hw - 1); x <= (int)(cx + hw + 1); x++) {
                if (x < 0 || x >= w)
                    continue;
                float q = fabsf((float)x + 0.5f - cx) / hw;
                if (q < 1)
                    clip_add(clip_px(cv, x, y), warm, fade * (1 - q));
            }
        }
    }
    harbour_boat moored = {
        w * 0.56f, hf * 0.86f + 3 * s * sinf(t * 1.4f), 210 * s, 0, 0.035f * sinf(t * 1.1f), false,
        t > 10.0f};
    harbour_draw_boat(cv, &moored, t, dusk);

    clip_layer_draw(cv, &hb->title, clip_window(t, 1.0f, 2.6f, 5.2f, 6.6f), 0, 0);
    clip_canvas_scale(cv, smoothstepf(0.0f, 1.5f, t) * (1 - smoothstepf(18.6f, 19.9f, t)));
}
