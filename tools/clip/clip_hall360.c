/* clip_hall360: an equirectangular 360 video of an open rotunda at blue hour, for a 360
 * video place. The viewer stands at the centre, eyes 1.6 m over a polished stone floor with
 * brass rings; ten stone pillars on a 6.2 m circle carry a ring-shaped roof with a glowing
 * inner edge, open to the sky in the middle; beyond, paving runs to hazy hills under a sky
 * with drifting clouds, warm towards the image's centre. Eight lanterns float round the
 * viewer and light the floor and the pillars.
 *
 * Mapping: longitude across (the left edge is -180 degrees, the centre straight ahead along
 * -Z, increasing to the right), latitude down (the top row looks straight up, the bottom row
 * straight down). Everything loops: the lanterns turn one eighth of a circle per loop (they
 * sit an eighth apart), and the clouds cross-fade between two offsets one loop apart.
 *
 * Per picture size the rows (latitude, floor distance), the columns (longitude, which
 * pillar is hit and where), the clouds and the lanterns' light on the floor are tables, so a
 * frame is a few lookups per pixel. One hall belongs to one clip and so to one thread.
 * Included by tools/clip_gen.c. */

#define HALL_EYE 1.6f     /* eye over the floor */
#define HALL_ROOF 2.8f    /* the roof's underside over the eye */
#define HALL_FASCIA 0.55f /* depth of the roof's inner edge */
#define HALL_ROOF_IN 4.2f /* radii of the roof ring */
#define HALL_ROOF_OUT 8.2f
#define HALL_PILLARS 10
#define HALL_PILLAR_RING 6.2f
#define HALL_PILLAR_R 0.28f
#define HALL_LANTERNS 8
#define HALL_LANTERN_RING 3.0f
#define HALL_LANTERN_UP 0.35f /* over the eye */
#define HALL_FLOOR_IN 8.6f    /* the polished floor; paving beyond */
#define HALL_CLOUD 512
#define HALL_POOL_R 256
#define HALL_POOL_A 64
#define HALL_POOL_MAX 14.0f

typedef struct hall_360 {
    int w, h, frames;
    float *tan_lat, *row_fw, *row_lat, *row_haze; /* per row */
    colour *row_cool, *row_warm; /* the sky per row, away from / towards the glow */
    float *sin_lon, *cos_lon, *lon, *warm, *hills; /* per column */
    float *spoke, *rib; /* per column: radians to the nearest floor spoke and roof rib */
    int *pool_col;      /* per column, this frame: the lantern light table's column */
    float *still;       /* w * h * 3: what does not move (hall_bake) */
    float *lit;         /* w * (h - h / 2) * 3: the floor's response to lantern light */
    float *row_hit;     /* per row: horizontal distance to what the rays meet */
    float *pillar_d, *pillar_cover, *pillar_shade; /* per column: distance, coverage, shading */
    int *pillar_id;
    float *cloud;                         /* HALL_CLOUD^2, tiling */
    float *stone;                         /* 256^2, tiling */
    float pool[HALL_POOL_R][HALL_POOL_A]; /* lantern light on the floor, one sector */
} hall_360;

static void hall_bake(hall_360 *hl);

static void *hall_create(const booth_font *font, int w, int h, int frames)
{
    (void)font;
    hall_360 *hl = pv_calloc(1, sizeof *hl);
    hl->w = w, hl->h = h, hl->frames = frames;
    hl->tan_lat = pv_malloc((size_t)h * sizeof(float));
    hl->row_fw = pv_malloc((size_t)h * sizeof(float));
    hl->row_lat = pv_malloc((size_t)h * sizeof(float));
    hl->row_haze = pv_malloc((size_t)h * sizeof(float));
    hl->row_cool = pv_malloc((size_t)h * sizeof(colour));
    hl->row_warm = pv_malloc((size_t)h * sizeof(colour));
    float dang = BOOTH_PI / (float)h;
    static const float cool_t[] = {0.0f, 0.08f, 0.35f, 1.0f};
    static const uint32_t cool_c[] = {0x9aa6c8, 0x7284b8, 0x3c5496, 0x16224e};
    static const uint32_t warm_c[] = {0xffc890, 0xf0a098, 0x8070b0, 0x16224e};
    for (int y = 0; y < h; y++) {
        float lat = BOOTH_PI * 0.5f - ((float)y + 0.5f) * dang;
        float tl = tanf(lat);
        hl->tan_lat[y] = tl;
        /* the floor's footprint of one pixel, in metres, for anti-aliasing its lines */
        float fd = tl < 0 ? HALL_EYE / -tl : 0;
        float sl = sinf(lat);
        hl->row_fw[y] =
            tl < 0 ? maxf(HALL_EYE * dang / (sl * sl), fd * 2 * BOOTH_PI / (float)w) : 0;
        float e = maxf(sinf(lat), 0);
        hl->row_cool[y] = clip_ramp(cool_t, cool_c, 4, sqrtf(e));
        hl->row_warm[y] = clip_ramp(cool_t, warm_c, 4, sqrtf(e));
        hl->row_lat[y] = lat;
        hl->row_haze[y] = tl < 0 ? 1 - expf(-fd / 70.0f) : 1;
    }
    hl->sin_lon = pv_malloc((size_t)w * sizeof(float));
    hl->cos_lon = pv_malloc((size_t)w * sizeof(float));
    hl->lon = pv_malloc((size_t)w * sizeof(float));
    hl->spoke = pv_malloc((size_t)w * sizeof(float));
    hl->rib = pv_malloc((size_t)w * sizeof(float));
    hl->pool_col = pv_malloc((size_t)w * sizeof(int));
    hl->warm = pv_malloc((size_t)w * sizeof(float));
    hl->hills = pv_malloc((size_t)w * sizeof(float));
    hl->pillar_d = pv_malloc((size_t)w * sizeof(float));
    hl->pillar_cover = pv_malloc((size_t)w * sizeof(float));
    hl->pillar_shade = pv_malloc((size_t)w * sizeof(float));
    hl->pillar_id = pv_malloc((size_t)w * sizeof(int));
    for (int x = 0; x < w; x++) {
        float lon = ((float)x + 0.5f) / (float)w * 2 * BOOTH_PI - BOOTH_PI;
        hl->sin_lon[x] = sinf(lon), hl->cos_lon[x] = cosf(lon), hl->lon[x] = lon;
        hl->warm[x] = expf(-lon * lon / 0.8f);
        float a = lon / (BOOTH_PI / 6.0f), b = lon / (BOOTH_PI / 18.0f);
        hl->spoke[x] = fabsf(a - roundf(a)) * (BOOTH_PI / 6.0f);
        hl->rib[x] = fabsf(b - roundf(b)) * (BOOTH_PI / 18.0f);
        float u = ((float)x + 0.5f) / (float)w;
        hl->hills[x] = 0.004f + 0.045f * powf(fbm_tiled(u * 12, 0.5f, 12, 1, 5, 601), 1.6f);
        /* pillars: four rays across the column, the nearest hit of each */
        float sum_d = 0, sum_shade = 0;
        int hits = 0, id = -1;
        for (int k = 0; k < 4; k++) {
            float l =
                lon + ((float)k + 0.5f) / 4.0f * 2 * BOOTH_PI / (float)w - BOOTH_PI / (float)w;
            float dx = sinf(l), dz = -cosf(l);
            float best = 1e9f, shade = 0;
            int best_id = -1;
            for (int j = 0; j < HALL_PILLARS; j++) {
                float b = 2 * BOOTH_PI * ((float)j + 0.5f) / HALL_PILLARS;
                float px = HALL_PILLAR_RING * sinf(b), pz = -HALL_PILLAR_RING * cosf(b);
                float dc = dx * px + dz * pz;
                float disc =
                    dc * dc - (HALL_PILLAR_RING * HALL_PILLAR_RING - HALL_PILLAR_R * HALL_PILLAR_R);
                if (disc < 0)
                    continue;
                float tt = dc - sqrtf(disc);
                if (tt > 0 && tt < best) {
                    best = tt, best_id = j;
                    float nx = (dx * tt - px) / HALL_PILLAR_R, nz = (dz * tt - pz) / HALL_PILLAR_R;
                    shade = maxf(0, -(nx * dx + nz * dz)); /* facing the centre, and the lights */
                }
            }
            if (best_id >= 0) {
                hits++, sum_d += best, sum_shade += shade, id = best_id;
            }
        }
        hl->pillar_cover[x] = (float)hits / 4.0f;
        hl->pillar_d[x] = hits ? sum_d / (float)hits : 1e9f;
        hl->pillar_shade[x] = hits ? sum_shade / (float)hits : 0;
        hl->pillar_id[x] = id;
    }
    hl->cloud = pv_malloc((size_t)HALL_CLOUD * HALL_CLOUD * sizeof(float));
    for (int y = 0; y < HALL_CLOUD; y++)
        for (int x = 0; x < HALL_CLOUD; x++) {
            float n = fbm_tiled((float)x / HALL_CLOUD * 8, (float)y / HALL_CLOUD * 8, 8, 8, 5, 611);
            hl->cloud[y * HALL_CLOUD + x] = smoothstepf(0.52f, 0.75f, n);
        }
    hl->stone = pv_malloc(256 * 256 * sizeof(float));
    for (int y = 0; y < 256; y++)
        for (int x = 0; x < 256; x++)
            hl->stone[y * 256 + x] =
                fbm_tiled((float)x / 256 * 16, (float)y / 256 * 16, 16, 16, 4, 621);
    /* light on the floor from the lanterns at rotation 0; the floor 2.3 m below them */
    float H = HALL_EYE + HALL_LANTERN_UP;
    for (int i = 0; i < HALL_POOL_R; i++) {
        float r = HALL_POOL_MAX * (float)i / (HALL_POOL_R - 1);
        for (int k = 0; k < HALL_POOL_A; k++) {
            float a = 2 * BOOTH_PI / HALL_LANTERNS * (float)k / HALL_POOL_A;
            float px = r * sinf(a), pz = r * cosf(a), e = 0;
            for (int j = 0; j < HALL_LANTERNS; j++) {
                float b = 2 * BOOTH_PI * (float)j / HALL_LANTERNS;
                float dx = px - HALL_LANTERN_RING * sinf(b), dz = pz - HALL_LANTERN_RING * cosf(b);
                float d2 = dx * dx + dz * dz + H * H;
                e += H / (d2 * sqrtf(d2));
            }
            hl->pool[i][k] = e;
        }
    }
    hall_bake(hl);
    return hl;
}

static void hall_destroy(void *ctx)
{
    hall_360 *hl = ctx;
    pv_free(&hl->tan_lat);
    pv_free(&hl->row_fw);
    pv_free(&hl->row_lat);
    pv_free(&hl->row_haze);
    pv_free(&hl->lon);
    pv_free(&hl->spoke);
    pv_free(&hl->rib);
    pv_free(&hl->pool_col);
    pv_free(&hl->still);
    pv_free(&hl->lit);
    pv_free(&hl->row_hit);
    pv_free(&hl->row_cool);
    pv_free(&hl->row_warm);
    pv_free(&hl->sin_lon);
    pv_free(&hl->cos_lon);
    pv_free(&hl->warm);
    pv_free(&hl->hills);
    pv_free(&hl->pillar_d);
    pv_free(&hl->pillar_cover);
    pv_free(&hl->pillar_shade);
    pv_free(&hl->pillar_id);
    pv_free(&hl->cloud);
    pv_free(&hl->stone);
    free(hl);
}

static inline float hall_cloud_at(const hall_360 *hl, float x, float y)
{
    int ix = (int)floorf(x), iy = (int)floorf(y);
    float fx = x - (float)ix, fy = y - (float)iy;
    ix &= HALL_CLOUD - 1, iy &= HALL_CLOUD - 1;
    int jx = (ix + 1) & (HALL_CLOUD - 1), jy = (iy + 1) & (HALL_CLOUD - 1);
    const float *c = hl->cloud;
    float a = c[iy * HALL_CLOUD + ix], b = c[iy * HALL_CLOUD + jx];
    float d = c[jy * HALL_CLOUD + ix], e = c[jy * HALL_CLOUD + jx];
    return mixf(mixf(a, b, fx), mixf(d, e, fx), fy);
}

/* Coverage of a line of half width hw at distance d, with a pixel footprint fw. */
static inline float hall_line(float d, float hw, float fw)
{
    return clampf((hw - d) / fw + 0.5f, 0, 1) * minf(1.0f, 2 * hw / fw);
}

/* The parts of the picture that do not move, worked out once: the sky's gradient and the
 * hills, the roof, and the floor's pattern. The floor's pixel is still + lit * (the lanterns'
 * pool there), so a frame only adds the light. Also, per row, the distance to what the rays
 * meet (for the pillars in front). */
static void hall_bake(hall_360 *hl)
{
    int w = hl->w, h = hl->h;
    colour stone = colour_hex(0xc9c0b2), brass = colour_hex(0xd8b060);
    colour paving = colour_hex(0x8e8982), joint = colour_hex(0x55524e);
    colour roof_c = colour_hex(0x5a4536), roof_dark = colour_hex(0x2a2018);
    colour fascia_c = colour_hex(0x3e3438), strip = colour_hex(0xffe4b0);
    colour hill_c = colour_hex(0x3c4670), lamp = colour_hex(0xffd9a0);
    hl->still = pv_malloc((size_t)w * (size_t)h * 3 * sizeof(float));
    hl->lit = pv_calloc((size_t)w * (size_t)(h - h / 2) * 3, sizeof(float));
    hl->row_hit = pv_malloc((size_t)h * sizeof(float));
    for (int y = 0; y < h; y++) {
        float tl = hl->tan_lat[y], fw = hl->row_fw[y];
        float lat = hl->row_lat[y], haze = hl->row_haze[y];
        colour cool = hl->row_cool[y], warmc = hl->row_warm[y];
        float *px = hl->still + (size_t)y * (size_t)w * 3;
        if (tl < 0) { /* the floor */
            float *lit = hl->lit + (size_t)(y - h / 2) * (size_t)w * 3;
            float fd = HALL_EYE / -tl;
            hl->row_hit[y] = fd;
            float rings = hall_line(fabsf(fd - 1.2f), 0.03f, fw) +
                          hall_line(fabsf(fd - HALL_ROOF_IN), 0.04f, fw) +
                          hall_line(fabsf(fd - HALL_FLOOR_IN + 0.1f), 0.05f, fw);
            bool spokes = fd > 1.2f && fd < HALL_ROOF_IN, inner = fd < HALL_FLOOR_IN;
            /* a polished floor mirrors the sky at grazing angles */
            float fresnel = 0.06f + 0.5f * powf(1 - minf(-lat * 1.4f, 1), 5);
            if (!inner)
                fresnel *= 0.4f;
            for (int x = 0; x < w; x++, px += 3, lit += 3) {
                float sn = hl->sin_lon[x], cs = hl->cos_lon[x];
                float fx = fd * sn, fz = -fd * cs;
                colour c;
                if (inner) {
                    int sx = (int)(fx * 40.0f) & 255, sz = (int)(fz * 40.0f) & 255;
                    c = colour_scale(stone, 0.86f + 0.2f * hl->stone[sz * 256 + sx]);
                    float line = rings;
                    if (spokes)
                        line += hall_line(hl->spoke[x] * fd, 0.02f, fw);
                    c = colour_mix(c, brass, minf(line, 1));
                } else {
                    float gx = fabsf(fx / 1.2f - roundf(fx / 1.2f)) * 1.2f;
                    float gz = fabsf(fz / 1.2f - roundf(fz / 1.2f)) * 1.2f;
                    float j = maxf(hall_line(gx, 0.015f, fw), hall_line(gz, 0.015f, fw));
                    c = colour_mix(paving, joint, j);
                }
                /* contact shadows round the pillars' feet */
                float ao = 1;
                if (fd > HALL_PILLAR_RING - 1.2f && fd < HALL_PILLAR_RING + 1.2f) {
                    float a = hl->lon[x] / (2 * BOOTH_PI / HALL_PILLARS) - 0.5f;
                    float b = (roundf(a) + 0.5f) * (2 * BOOTH_PI / HALL_PILLARS);
                    float dx = fx - HALL_PILLAR_RING * sinf(b),
                          dz = fz + HALL_PILLAR_RING * cosf(b);
                    float d = sqrtf(dx * dx + dz * dz) - HALL_PILLAR_R;
                    ao = 0.45f + 0.55f * smoothstepf(0.0f, 0.7f, d);
                }
                c = colour_scale(c, ao);
                /* lit by the blue hour (and, each frame, the lanterns), then the mirrored sky
                 * and the haze */
                colour sky = colour_mix(cool, warmc, hl->warm[x]);
                float keep = (1 - fresnel) * (1 - haze);
                float sky_part = fresnel * (1 - haze) + haze;
                px[0] = c.r * 0.3f * keep + sky.r * sky_part;
                px[1] = c.g * 0.32f * keep + sky.g * sky_part;
                px[2] = c.b * 0.42f * keep + sky.b * sky_part;
                lit[0] = c.r * 1.3f * lamp.r * keep;
                lit[1] = c.g * 1.3f * lamp.g * keep;
                lit[2] = c.b * 1.3f * lamp.b * keep;
            }
            continue;
        }
        float rd = tl > 1e-5f ? HALL_ROOF / tl : 1e9f;
        float up = tl * HALL_ROOF_IN; /* height over the eye at the roof's inner edge */
        if (rd < HALL_ROOF_IN && up < HALL_ROOF + HALL_FASCIA) { /* the roof's inner edge */
            hl->row_hit[y] = HALL_ROOF_IN;
            float fq = (up - HALL_ROOF) / HALL_FASCIA;
            colour c = colour_mix(colour_scale(fascia_c, 0.8f + 0.5f * (1 - fq)), strip,
                                  hall_line(fq, 0.06f, 0.08f) * 0.8f);
            for (int x = 0; x < w; x++, px += 3)
                clip_set(px, c);
        } else if (rd >= HALL_ROOF_IN && rd <= HALL_ROOF_OUT) { /* the underside: coffers */
            hl->row_hit[y] = rd;
            float lit = 0.55f + 0.9f * expf(-(rd - HALL_ROOF_IN) * 0.9f);
            float beam = minf(fabsf(rd - 5.4f), fabsf(rd - 6.8f));
            float beam_line = hall_line(beam, 0.08f, 0.02f * rd);
            float edge = hall_line(rd - HALL_ROOF_IN, 0.09f, 0.02f * rd);
            for (int x = 0; x < w; x++, px += 3) {
                float dark = maxf(hall_line(hl->rib[x] * rd, 0.05f, 0.02f * rd), beam_line);
                colour c = colour_scale(colour_mix(roof_c, roof_dark, dark), lit);
                clip_set(px, colour_mix(c, strip, edge));
            }
        } else { /* the sky, and hills on the horizon */
            hl->row_hit[y] = 1e9f;
            float horizon_glow = 1 - smoothstepf(0.0f, 0.5f, lat);
            for (int x = 0; x < w; x++, px += 3) {
                colour c = colour_mix(cool, warmc, hl->warm[x] * horizon_glow);
                if (lat < hl->hills[x] + 0.002f) {
                    float cover = clampf((hl->hills[x] - lat) / 0.0031f + 0.5f, 0, 1);
                    c = colour_mix(c, colour_mix(hill_c, warmc, 0.3f * hl->warm[x]), cover);
                }
                clip_set(px, c);
            }
        }
    }
}

/* The colour of the pillar seen in column x at a ray slope tl: stone lit by the lanterns,
 * a darker base and capital, a little fluting. */
static inline colour hall_pillar(const hall_360 *hl, int x, float tl, colour stone,
                                 const float *pillar_light)
{
    float ht = tl * hl->pillar_d[x] + HALL_EYE; /* height on the pillar */
    float sh = hl->pillar_shade[x];
    float light = 0.22f + 0.3f * sh + 2.6f * pillar_light[hl->pillar_id[x]] * (0.3f + 0.7f * sh);
    if (ht < 0.3f || ht > HALL_EYE + HALL_ROOF - 0.4f)
        stone = colour_scale(stone, 0.75f);
    float fl = fabsf(fractf(sh * 6.0f) - 0.5f);
    stone = colour_scale(stone, (0.92f + 0.12f * fl) * light);
    return (colour){stone.r * 1.05f, stone.g, stone.b * 0.88f};
}

static void hall_paint(void *ctx, clip_canvas *cv, int frame)
{
    hall_360 *hl = ctx;
    int w = hl->w, h = hl->h;
    float p = (float)frame / (float)hl->frames; /* the loop's phase */
    float turn = 2 * BOOTH_PI / HALL_LANTERNS * p;

    /* the lanterns: where they are, and how much each pillar gets from them */
    float lx[HALL_LANTERNS], lz[HALL_LANTERNS], ly[HALL_LANTERNS];
    for (int i = 0; i < HALL_LANTERNS; i++) {
        float a = 2 * BOOTH_PI * (float)i / HALL_LANTERNS + turn;
        lx[i] = HALL_LANTERN_RING * sinf(a), lz[i] = -HALL_LANTERN_RING * cosf(a);
        ly[i] = HALL_LANTERN_UP + 0.09f * sinf(a * 3 + 2 * BOOTH_PI * p * 2);
    }
    float pillar_light[HALL_PILLARS];
    for (int j = 0; j < HALL_PILLARS; j++) {
        float b = 2 * BOOTH_PI * ((float)j + 0.5f) / HALL_PILLARS;
        float px = (HALL_PILLAR_RING - HALL_PILLAR_R) * sinf(b);
        float pz = -(HALL_PILLAR_RING - HALL_PILLAR_R) * cosf(b);
        float e = 0;
        for (int i = 0; i < HALL_LANTERNS; i++) {
            float dx = lx[i] - px, dz = lz[i] - pz;
            float d2 = dx * dx + dz * dz + 0.5f;
            float facing = maxf(0, -(dx * sinf(b) - dz * cosf(b)) / sqrtf(d2));
            e += facing / d2;
        }
        pillar_light[j] = e;
    }

    colour pillar_c = colour_hex(0xe2dbcf), lamp = colour_hex(0xffd9a0);
    colour cloud_dark = colour_hex(0x7a7aa6), cloud_lit = colour_hex(0xf8c0a4);
    const float sector = 2 * BOOTH_PI / HALL_LANTERNS;
    const float cloud_scale = 0.5f * HALL_CLOUD / 1000.0f; /* texels per metre at 1 km */
    float wind0 = p * 160.0f, wind1 = (p - 1) * 160.0f;    /* texels the clouds drift per loop */
    for (int x = 0; x < w; x++) {
        float a = hl->lon[x] - turn;
        a -= floorf(a / sector) * sector;
        hl->pool_col[x] = (int)(a / sector * HALL_POOL_A) & (HALL_POOL_A - 1);
    }
    for (int y = 0; y < h; y++) {
        float tl = hl->tan_lat[y], lat = hl->row_lat[y];
        const float *still = hl->still + (size_t)y * (size_t)w * 3;
        float *px = clip_px(cv, 0, y);
        float hit = hl->row_hit[y];
        if (tl < 0) { /* the floor: its still picture plus the lanterns' pools */
            float ri = -HALL_EYE / tl / HALL_POOL_MAX * (HALL_POOL_R - 1);
            const float *lit = hl->lit + (size_t)(y - h / 2) * (size_t)w * 3;
            if (ri < HALL_POOL_R - 1) {
                const float *pool_row = hl->pool[(int)ri];
                for (int x = 0; x < w * 3; x += 3) {
                    float pool = pool_row[hl->pool_col[x / 3]];
                    px[x] = still[x] + lit[x] * pool;
                    px[x + 1] = still[x + 1] + lit[x + 1] * pool;
                    px[x + 2] = still[x + 2] + lit[x + 2] * pool;
                }
            } else {
                memcpy(px, still, (size_t)w * 3 * sizeof(float));
            }
        } else if (hit >= 1e8f && tl > 0.03f) { /* open sky: clouds on a layer 1 km up */
            float k = 1000.0f / tl * cloud_scale;
            float fade = smoothstepf(0.03f, 0.3f, tl) * 0.75f;
            float horizon_glow = 1 - smoothstepf(0.0f, 0.5f, lat);
            for (int x = 0; x < w; x++, px += 3, still += 3) {
                float u = hl->sin_lon[x] * k, v = -hl->cos_lon[x] * k;
                float d0 = hall_cloud_at(hl, u + wind0, v + wind0 * 0.4f);
                float d1 = hall_cloud_at(hl, u + wind1, v + wind1 * 0.4f);
                float dens = mixf(d0, d1, p) * fade;
                colour cc =
                    colour_mix(cloud_dark, cloud_lit, 0.15f + 0.75f * hl->warm[x] * horizon_glow);
                px[0] = still[0] + (cc.r - still[0]) * dens;
                px[1] = still[1] + (cc.g - still[1]) * dens;
                px[2] = still[2] + (cc.b - still[2]) * dens;
            }
            px = clip_px(cv, 0, y);
        } else {
            memcpy(px, still, (size_t)w * 3 * sizeof(float));
        }
        /* pillars in front of what the row's rays meet, below the roof */
        if (tl * HALL_PILLAR_RING > HALL_ROOF + 0.5f || tl * HALL_PILLAR_RING < -HALL_EYE - 2.0f)
            continue;
        for (int x = 0; x < w; x++, px += 3) {
            float pc = hl->pillar_cover[x];
            if (pc > 0 && hl->pillar_d[x] < hit && tl * hl->pillar_d[x] < HALL_ROOF)
                clip_mix(px, hall_pillar(hl, x, tl, pillar_c, pillar_light), pc);
        }
    }

    /* the lanterns: a bright core and a halo around each one's direction, and below, their
     * blurred reflection in the polished floor */
    float dang = 2 * BOOTH_PI / (float)w;
    for (int i = 0; i < HALL_LANTERNS; i++) {
        float lon = atan2f(lx[i], -lz[i]);
        float hd = sqrtf(lx[i] * lx[i] + lz[i] * lz[i]);
        for (int mirror = 0; mirror < 2; mirror++) {
            float dy_m = mirror ? -(2 * HALL_EYE + ly[i]) : ly[i];
            float lat = atan2f(dy_m, hd);
            float core = 0.09f / sqrtf(hd * hd + dy_m * dy_m); /* angular radius */
            float cx = (lon + BOOTH_PI) / dang, cy = (BOOTH_PI * 0.5f - lat) / dang;
            float stretch = mirror ? 2.5f : 1.0f; /* the reflection smears downwards */
            float reach = core * (mirror ? 7.0f : 9.0f) / dang;
            float cl = cosf(lat);
            int y0 = pv_clampi((int)(cy - reach), 0, h);
            int y1 = pv_clampi((int)(cy + reach * stretch), 0, h);
            int xr = (int)(reach / maxf(cl, 0.2f)) + 1;
            for (int y = y0; y < y1; y++) {
                float dy = ((float)y + 0.5f - cy) / (y > cy ? stretch : 1.0f);
                for (int xi = (int)cx - xr; xi <= (int)cx + xr; xi++) {
                    int x = ((xi % w) + w) % w;
                    float dx = ((float)xi + 0.5f - cx) * cl;
                    float d2 = (dx * dx + dy * dy) * (dang / core) * (dang / core);
                    float *q = clip_px(cv, x, y);
                    /* halos fall off as 1 / (1 + d^2)^2: no exponentials per pixel */
                    float k = 1.0f / (1.0f + d2 * (mirror ? 0.25f : 0.6f));
                    if (mirror) {
                        clip_add(q, lamp, 0.32f * k * k);
                        continue;
                    }
                    float a = clampf((1.0f - sqrtf(d2)) * core / dang + 0.5f, 0, 1);
                    clip_mix(q, colour_hex(0xffe2b4), a);
                    clip_add(q, lamp, 0.6f * k * k + 0.12f * k);
                }
            }
        }
    }
}
