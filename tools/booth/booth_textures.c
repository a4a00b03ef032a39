/* booth_textures: procedural textures for booths and the lobby (fabric, brushed metal,
 * carpet, wood, floor tiles, slats, plaster), each encoded into the model as PNG. Tiling
 * textures use periodic noise so they repeat without seams; normal maps come from the same
 * height field as the colour. Fixed seeds: the same bytes on every run. Main thread only.
 * Included by tools/booth_gen.c. */

typedef struct texture_set {
    int base, normal, orm; /* 1-based model texture handles; 0 when absent */
} texture_set;

static float *height_create(int w, int h)
{
    return pv_calloc((size_t)w * (size_t)h, sizeof(float));
}

/* Noise over a square texture of `size` pixels with (cx, cy) lattice cells across it, so it
 * tiles exactly. */
static inline float tex_noise(int x, int y, int size, int cx, int cy, uint32_t seed)
{
    float s = 1.0f / (float)size;
    return noise_tiled((float)x * (float)cx * s, (float)y * (float)cy * s, cx, cy, seed);
}

static inline float tex_fbm(int x, int y, int size, int cx, int cy, int octaves, uint32_t seed)
{
    float s = 1.0f / (float)size;
    return fbm_tiled((float)x * (float)cx * s, (float)y * (float)cy * s, cx, cy, octaves, seed);
}

static void image_set(image *img, int x, int y, colour c)
{
    float *p = image_at(img, x, y);
    p[0] = c.r, p[1] = c.g, p[2] = c.b;
}

static texture_set texture_finish(model *m, const char *name, image *base, float *height,
                                  float strength)
{
    char label[MODEL_NAME_MAX];
    texture_set t = {0};
    snprintf(label, sizeof label, "%s_base", name);
    t.base = model_texture_add(m, label, base, 3);
    if (height) {
        image nm = normal_map_from_height(height, base->w, base->h, strength);
        snprintf(label, sizeof label, "%s_normal", name);
        t.normal = model_texture_add(m, label, &nm, 3);
        image_free(&nm);
    }
    image_free(base);
    free(height);
    return t;
}

/* Plain-weave fabric: threads over and under in a checker, a little slub noise. */
static texture_set texture_fabric(model *m, const char *name, uint32_t hex, int size,
                                  int threads, uint32_t seed)
{
    colour c = colour_hex(hex);
    image img = image_create(size, size, c);
    float *h = height_create(size, size);
    float pitch = (float)size / (float)threads;
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            float u = ((float)x + 0.5f) / pitch, v = ((float)y + 0.5f) / pitch;
            int i = (int)floorf(u), j = (int)floorf(v);
            float fu = u - (float)i, fv = v - (float)j;
            bool warp_up = ((i + j) & 1) == 0;
            float prof = warp_up ? sinf(BOOTH_PI * fu) : sinf(BOOTH_PI * fv);
            float along = warp_up ? sinf(BOOTH_PI * fv) : sinf(BOOTH_PI * fu);
            float slub = tex_noise(x, y, size, size / 24, size / 3, seed);
            float height = 0.55f * prof + 0.25f * along + 0.2f * slub;
            h[y * size + x] = height;
            float shade = 0.86f + 0.16f * height;
            shade += 0.05f * (tex_fbm(x, y, size, size / 64, size / 64, 3, seed + 5) - 0.5f);
            image_set(&img, x, y, colour_scale(c, shade));
        }
    }
    return texture_finish(m, name, &img, h, 1.2f);
}

/* Brushed metal: fine streaks along u. */
static texture_set texture_brushed(model *m, const char *name, uint32_t hex, int size,
                                   uint32_t seed)
{
    colour c = colour_hex(hex);
    image img = image_create(size, size, c);
    float *h = height_create(size, size);
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            float streak = 0.55f * tex_noise(x, y, size, size / 128, size * 2 / 3, seed) +
                           0.3f * tex_noise(x, y, size, size / 32, size * 4 / 3, seed + 1) +
                           0.15f * tex_noise(x, y, size, size / 256, size / 16, seed + 2);
            h[y * size + x] = streak;
            float shade = 0.9f + 0.14f * (streak - 0.5f) * 2;
            image_set(&img, x, y, colour_scale(c, shade));
        }
    }
    return texture_finish(m, name, &img, h, 0.9f);
}

/* Loop-pile carpet: small tufts and soft mottling. */
static texture_set texture_carpet(model *m, const char *name, uint32_t hex, int size,
                                  uint32_t seed)
{
    colour c = colour_hex(hex);
    image img = image_create(size, size, c);
    float *h = height_create(size, size);
    int cells = size / 4;
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            float tuft = tex_noise(x, y, size, cells, cells, seed);
            float fine = tex_noise(x, y, size, cells * 2, cells * 2, seed + 3);
            float mottle = tex_fbm(x, y, size, size / 64, size / 64, 3, seed + 7);
            float height = 0.7f * tuft + 0.3f * fine;
            h[y * size + x] = height;
            float shade = 0.8f + 0.22f * height + 0.12f * (mottle - 0.5f);
            image_set(&img, x, y, colour_scale(c, shade));
        }
    }
    return texture_finish(m, name, &img, h, 1.6f);
}

/* Wood with the grain along u; planks of `planks` rows per tile when > 0. */
static texture_set texture_wood(model *m, const char *name, uint32_t light, uint32_t dark,
                                int size, int planks, uint32_t seed)
{
    colour cl = colour_hex(light), cd = colour_hex(dark);
    image img = image_create(size, size, cl);
    float *h = planks > 0 ? height_create(size, size) : NULL;
    for (int y = 0; y < size; y++) {
        int plank = planks > 0 ? y * planks / size : 0;
        uint32_t ps = seed + (uint32_t)plank * 31u;
        for (int x = 0; x < size; x++) {
            float warp = tex_fbm(x, y, size, size / 128, size / 32, 3, ps);
            float rings = fractf((float)y / 8.0f + warp * 5.0f);
            float grain = smoothstepf(0.0f, 0.35f, rings) * smoothstepf(1.0f, 0.55f, rings);
            float fleck = tex_noise(x, y, size, size / 24, size * 3 / 4, ps + 9);
            float t = 0.55f * (1 - grain) + 0.3f * fleck + 0.15f * hash2(plank, 0, seed);
            colour col = colour_mix(cl, cd, clampf(t, 0, 1));
            if (planks > 0) {
                float fy_in = fractf(((float)y + 0.5f) * (float)planks / (float)size);
                float seam = minf(fy_in, 1 - fy_in) * (float)size / (float)planks;
                float groove = smoothstepf(0.5f, 2.0f, seam);
                col = colour_scale(col, 0.55f + 0.45f * groove);
                h[y * size + x] = groove + 0.1f * grain;
            }
            image_set(&img, x, y, col);
        }
    }
    return texture_finish(m, name, &img, h, 2.0f);
}

/* Large-format stone floor tiles: `tiles` x `tiles` per texture, grout lines, per-tile
 * shade, a soft veining; an ORM texture with grout occlusion and roughness. */
static texture_set texture_floor_tiles(model *m, const char *name, uint32_t hex,
                                       uint32_t grout_hex, int size, int tiles, uint32_t seed)
{
    colour c = colour_hex(hex), grout = colour_hex(grout_hex);
    image img = image_create(size, size, c);
    image orm = image_create(size, size, (colour){1, 0.35f, 0});
    float *h = height_create(size, size);
    float pitch = (float)size / (float)tiles;
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            float u = ((float)x + 0.5f) / pitch, v = ((float)y + 0.5f) / pitch;
            int i = (int)floorf(u), j = (int)floorf(v);
            float fu = u - (float)i, fv = v - (float)j;
            float edge = minf(minf(fu, 1 - fu), minf(fv, 1 - fv)) * pitch; /* pixels */
            float joint = smoothstepf(0.8f, 2.0f, edge);
            float tone = 0.88f + 0.08f * hash2(i, j, seed);
            float vein = tex_fbm(x, y, size, size / 128, size / 128, 4, seed + 1);
            float veins = 1 - 0.06f * smoothstepf(0.04f, 0.0f, fabsf(vein - 0.5f));
            float speck = 0.03f * (tex_noise(x, y, size, size / 4, size / 4, seed + 2) - 0.5f);
            colour col = colour_scale(c, tone * veins + speck);
            col = colour_mix(grout, col, joint);
            image_set(&img, x, y, col);
            h[y * size + x] = joint;
            float *o = image_at(&orm, x, y);
            o[0] = 0.55f + 0.45f * smoothstepf(0.0f, 5.0f, edge);
            o[1] = mixf(0.85f, 0.28f + 0.06f * vein, joint);
            o[2] = 0;
        }
    }
    texture_set t = texture_finish(m, name, &img, h, 1.2f);
    char label[MODEL_NAME_MAX];
    snprintf(label, sizeof label, "%s_orm", name);
    t.orm = model_texture_add(m, label, &orm, 3);
    image_free(&orm);
    return t;
}

/* Vertical wooden slats with dark gaps, `slats` per texture width. */
static texture_set texture_slats(model *m, const char *name, uint32_t light, uint32_t dark,
                                 uint32_t gap_hex, int size, int slats, uint32_t seed)
{
    colour cl = colour_hex(light), cd = colour_hex(dark), gap = colour_hex(gap_hex);
    image img = image_create(size, size, cl);
    float *h = height_create(size, size);
    float pitch = (float)size / (float)slats;
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            float u = ((float)x + 0.5f) / pitch;
            int i = (int)floorf(u);
            float fu = (u - (float)i) * pitch; /* pixels across the slat */
            float in = smoothstepf(0.0f, 2.0f, fu - pitch * 0.22f) *
                       smoothstepf(0.0f, 2.0f, pitch - fu);
            float warp = tex_fbm(x, y, size, size / 8, size / 128, 3, seed + (uint32_t)i);
            float grain = fractf((float)x / 5.0f + warp * 4.0f);
            float t = 0.5f * smoothstepf(0.2f, 0.9f, grain) + 0.35f * hash2(i, 7, seed);
            colour col = colour_mix(cl, cd, clampf(t, 0, 1));
            image_set(&img, x, y, colour_mix(gap, col, in));
            h[y * size + x] = in;
        }
    }
    return texture_finish(m, name, &img, h, 3.0f);
}

/* Smooth painted plaster with a faint trowel texture. */
static texture_set texture_plaster(model *m, const char *name, uint32_t hex, int size,
                                   uint32_t seed)
{
    colour c = colour_hex(hex);
    image img = image_create(size, size, c);
    float *h = height_create(size, size);
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            float n = tex_fbm(x, y, size, size / 32, size / 32, 4, seed);
            h[y * size + x] = n;
            image_set(&img, x, y, colour_scale(c, 0.97f + 0.05f * n));
        }
    }
    return texture_finish(m, name, &img, h, 1.0f);
}
