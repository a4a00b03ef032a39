/* booth_image: small RGBA float images for procedural textures, 2D drawing helpers
 * (anti-aliased rectangles, discs, gradients), height fields turned into normal maps, and
 * PNG encoding in memory with stb_image_write. Main thread only. Included by
 * tools/booth_gen.c. */

typedef struct image {
    int w, h;
    float *px; /* w * h * 4: r, g, b, a; colour images hold sRGB values, data images linear */
} image;

typedef struct png_bytes {
    unsigned char *bytes;
    size_t size, capacity;
} png_bytes;

static image image_create(int w, int h, colour fill)
{
    image img = {w, h, pv_malloc((size_t)w * (size_t)h * 4 * sizeof(float))};
    for (int i = 0; i < w * h; i++) {
        float *p = img.px + (size_t)i * 4;
        p[0] = fill.r, p[1] = fill.g, p[2] = fill.b, p[3] = 1;
    }
    return img;
}

static void image_free(image *img)
{
    pv_free(&img->px);
    img->w = img->h = 0;
}

static inline float *image_at(image *img, int x, int y)
{
    return img->px + ((size_t)y * (size_t)img->w + (size_t)x) * 4;
}

/* Blends colour c over pixel (x, y) with coverage a. */
static inline void image_blend(image *img, int x, int y, colour c, float a)
{
    if (x < 0 || y < 0 || x >= img->w || y >= img->h || a <= 0)
        return;
    float *p = image_at(img, x, y);
    a = minf(a, 1);
    p[0] = mixf(p[0], c.r, a);
    p[1] = mixf(p[1], c.g, a);
    p[2] = mixf(p[2], c.b, a);
}

/* Coverage of a pixel by the span [lo, hi] along one axis (box filter of one pixel). */
static inline float span_cover(float p, float lo, float hi)
{
    return clampf(minf(p + 0.5f, hi) - maxf(p - 0.5f, lo), 0, 1);
}

/* Rectangle in pixel coordinates (edges may be fractional), anti-aliased. */
static void image_rect(image *img, float x0, float y0, float x1, float y1, colour c, float alpha)
{
    int ix0 = (int)floorf(x0), iy0 = (int)floorf(y0);
    int ix1 = (int)ceilf(x1), iy1 = (int)ceilf(y1);
    for (int y = iy0; y <= iy1; y++) {
        float cy = span_cover((float)y + 0.5f, y0, y1);
        for (int x = ix0; x <= ix1; x++)
            image_blend(img, x, y, c, alpha * cy * span_cover((float)x + 0.5f, x0, x1));
    }
}

/* Rounded rectangle of corner radius r, anti-aliased by distance. */
static void image_round_rect(image *img, float x0, float y0, float x1, float y1, float r,
                             colour c, float alpha)
{
    float cx = (x0 + x1) * 0.5f, cy = (y0 + y1) * 0.5f;
    float hx = (x1 - x0) * 0.5f - r, hy = (y1 - y0) * 0.5f - r;
    for (int y = (int)floorf(y0); y <= (int)ceilf(y1); y++) {
        for (int x = (int)floorf(x0); x <= (int)ceilf(x1); x++) {
            float dx = maxf(fabsf((float)x + 0.5f - cx) - hx, 0);
            float dy = maxf(fabsf((float)y + 0.5f - cy) - hy, 0);
            float d = sqrtf(dx * dx + dy * dy) - r;
            image_blend(img, x, y, c, alpha * clampf(0.5f - d, 0, 1));
        }
    }
}

/* Ring (or disc when inner is 0) centred at (cx, cy). */
static void image_ring(image *img, float cx, float cy, float inner, float outer, colour c,
                       float alpha)
{
    for (int y = (int)floorf(cy - outer - 1); y <= (int)ceilf(cy + outer + 1); y++) {
        for (int x = (int)floorf(cx - outer - 1); x <= (int)ceilf(cx + outer + 1); x++) {
            float d = hypotf((float)x + 0.5f - cx, (float)y + 0.5f - cy);
            float a = clampf(outer - d + 0.5f, 0, 1) * clampf(d - inner + 0.5f, 0, 1);
            image_blend(img, x, y, c, alpha * a);
        }
    }
}

/* Vertical gradient from top colour to bottom colour over rows [y0, y1). */
static void image_vgradient(image *img, int y0, int y1, colour top, colour bottom)
{
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < img->h; y++) {
        float t = (float)(y - y0) / maxf((float)(y1 - y0 - 1), 1);
        colour c = colour_mix(top, bottom, t);
        for (int x = 0; x < img->w; x++)
            image_blend(img, x, y, c, 1);
    }
}

/* Height field (w * h floats, tiling) to a tangent-space normal map following glTF: red is
 * +u (right), green is image up, blue out of the surface. `strength` scales the slopes. */
static image normal_map_from_height(const float *height, int w, int h, float strength)
{
    image img = image_create(w, h, (colour){0.5f, 0.5f, 1});
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            float l = height[y * w + (x + w - 1) % w], r = height[y * w + (x + 1) % w];
            float u = height[((y + h - 1) % h) * w + x], d = height[((y + 1) % h) * w + x];
            float dx = (r - l) * 0.5f * strength;  /* rise to the right */
            float dy = (u - d) * 0.5f * strength;  /* rise upwards in the image */
            vec3 n = vec3_norm(vec3_make(-dx, -dy, 1));
            float *p = image_at(&img, x, y);
            p[0] = n.x * 0.5f + 0.5f, p[1] = n.y * 0.5f + 0.5f, p[2] = n.z * 0.5f + 0.5f;
        }
    }
    return img;
}

static void png_write_bytes(void *context, void *data, int size)
{
    png_bytes *out = context;
    if (out->size + (size_t)size > out->capacity) {
        out->capacity = (out->size + (size_t)size) * 2;
        out->bytes = pv_realloc(out->bytes, out->capacity);
    }
    memcpy(out->bytes + out->size, data, (size_t)size);
    out->size += (size_t)size;
}

/* Encodes with `comp` channels (1: red only, 3: RGB, 4: RGBA). */
static png_bytes image_encode_png(const image *img, int comp)
{
    size_t n = (size_t)img->w * (size_t)img->h;
    uint8_t *bytes = pv_malloc(n * (size_t)comp);
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < comp; c++)
            bytes[i * (size_t)comp + (size_t)c] = unit_to_byte(img->px[i * 4 + (size_t)c]);
    png_bytes out = {0};
    stbi_write_png_compression_level = 9;
    if (!stbi_write_png_to_func(png_write_bytes, &out, img->w, img->h, comp, bytes,
                                img->w * comp)) {
        fprintf(stderr, "pavilion-booth-gen: PNG encoding of a %dx%d texture failed\n", img->w,
                img->h);
        exit(1);
    }
    free(bytes);
    return out;
}
