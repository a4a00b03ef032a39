/* gfx: what the panorama renderer puts on screen, pixel by pixel, against the exact colour of
 * the direction each pixel looks at: straight up and down (no pinching at the poles), across
 * yaw +-180 (no seam), zoomed in and out. Renders offscreen (SDL offscreen driver, EGL). */
#include "asset/asset.h"
#include "check.h"
#include "core/view.h"
#include "gfx/gfx.h"
#include "platform/platform.h"

#include <stdlib.h>
#include <string.h>

static void colour_at(double yaw_deg, double pitch_deg, double rgb[3])
{
    double y = PV_DEG2RAD(yaw_deg), p = PV_DEG2RAD(pitch_deg);
    rgb[0] = 128.0 + 100.0 * sin(3.0 * y) * cos(p);
    rgb[1] = 128.0 + 100.0 * cos(2.0 * y) * cos(p);
    rgb[2] = 128.0 + 100.0 * sin(p);
}

/* A detailed panorama: fine noise at several scales, thin lines and small checks, so any
 * softening or shift shows in PSNR and sharpness. Deterministic. */
static uint32_t hash2(uint32_t x, uint32_t y)
{
    uint32_t h = x * 0x8da6b343u ^ y * 0xd8163841u;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    return h ^ (h >> 15);
}

static uint8_t *detailed_pano(int pw, int ph)
{
    uint8_t *px = malloc((size_t)pw * ph * 4);
    for (int y = 0; y < ph; y++)
        for (int x = 0; x < pw; x++) {
            uint8_t *o = px + ((size_t)y * pw + x) * 4;
            uint32_t n1 = hash2((uint32_t)x, (uint32_t)y);
            uint32_t n4 = hash2((uint32_t)x / 4, (uint32_t)y / 4 + 7777);
            uint32_t n16 = hash2((uint32_t)x / 16, (uint32_t)y / 16 + 99);
            int base = (int)(n16 & 127) + (int)(n4 & 63) + (int)(n1 & 31);
            if (x % 37 == 0 || y % 29 == 0)
                base = 250; /* thin lines */
            if (((x / 3) + (y / 3)) % 2 == 0 && (x / 64 + y / 64) % 5 == 0)
                base = 20; /* small checks */
            o[0] = (uint8_t)base;
            o[1] = (uint8_t)(255 - base);
            o[2] = (uint8_t)((base * 3 + (int)(n1 >> 24)) & 255);
            o[3] = 255;
        }
    return px;
}

/* sRGB byte <-> linear light, for averaging pixels as light adds up. */
static double to_linear(uint8_t c)
{
    double x = c / 255.0;
    return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
}

static uint8_t to_srgb(double x)
{
    x = x <= 0.0031308 ? x * 12.92 : 1.055 * pow(x, 1.0 / 2.4) - 0.055;
    return (uint8_t)pv_clampi((int)lround(x * 255.0), 0, 255);
}

/* Zoomed far out, nothing shimmers: where a pixel covers several texels, the picture follows
 * the average of what the pixel covers (an exact render at 8x8 rays per pixel, averaged in
 * linear light), much closer than one ray per pixel does (which aliases: detail flickers as
 * the view turns). */
static void zoomed_out(gfx *g, const gfx_pano *pano, const uint8_t *px, int pw, int ph)
{
    enum { W = 240, H = 135, SS = 8 };
    gfx_target *t = gfx_target_create(g, W, H);
    gfx_target_bind(g, t);
    uint8_t *out = malloc((size_t)W * H * 4), *one = malloc((size_t)W * H * 4);
    uint8_t *big = malloc((size_t)W * SS * H * SS * 4), *avg = malloc((size_t)W * H * 4);
    const pv_view views[] = {{30, 0, 100}, {-100, 35, 110}, {0, 85, 100}};
    for (unsigned k = 0; k < sizeof(views) / sizeof(views[0]); k++) {
        const pv_view *v = &views[k];
        const float bg[3] = {1, 0, 1};
        gfx_begin(g, W, H, bg);
        gfx_draw_pano(g, pano, v, W, H, 1.0f);
        gfx_read_pixels(g, W, H, out);
        asset_render_exact(px, pw, ph, v, W, H, one);
        asset_render_exact(px, pw, ph, v, W * SS, H * SS, big);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                for (int c = 0; c < 4; c++) {
                    double sum = 0;
                    for (int j = 0; j < SS; j++)
                        for (int i = 0; i < SS; i++)
                            sum += to_linear(
                                big[(((size_t)(y * SS + j) * W * SS) + x * SS + i) * 4 + c]);
                    avg[((size_t)y * W + x) * 4 + c] = to_srgb(sum / (SS * SS));
                }
        double drawn = asset_picture_psnr(out, avg, W, H);
        double aliased = asset_picture_psnr(one, avg, W, H);
        printf("zoomed out %.0f,%.0f,%.0f: %.1f dB from the covered average (one ray per pixel: "
               "%.1f dB)\n", v->yaw, v->pitch, v->fov, drawn, aliased);
        CHECK(drawn >= aliased + 6.0);
    }
    free(out);
    free(one);
    free(big);
    free(avg);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &t);
}

/* Sharp as its source: every view matches the exact render (a ray per pixel, bilinear, no mip
 * levels) within 40 dB and 0.95 of its sharpness, across the seam and both poles included. */
static void fidelity(gfx *g)
{
    enum { PW = 4096, PH = 2048, W = 1280, H = 720 };
    uint8_t *px = detailed_pano(PW, PH);
    asset_equirect *e = asset_equirect_from_pixels(px, PW, PH);
    gfx_pano *pano = gfx_pano_create_equirect(g, e);
    gfx_target *t = gfx_target_create(g, W, H);
    gfx_target_bind(g, t);
    uint8_t *out = malloc((size_t)W * H * 4), *ref = malloc((size_t)W * H * 4);
    /* The four views, the seam, and both poles. */
    const pv_view views[] = {{0, 0, 90},  {-150, -20, 100}, {40, 30, 60}, {0, 0, 40},
                             {180, 5, 70}, {20, 90, 90},    {-60, -90, 90}};
    for (unsigned k = 0; k < sizeof(views) / sizeof(views[0]); k++) {
        const pv_view *v = &views[k];
        const float bg[3] = {1, 0, 1};
        gfx_begin(g, W, H, bg);
        gfx_draw_pano(g, pano, v, W, H, 1.0f);
        gfx_read_pixels(g, W, H, out);
        asset_render_exact(px, PW, PH, v, W, H, ref);
        double psnr = asset_picture_psnr(out, ref, W, H);
        double sharp = asset_picture_sharpness(out, W, H) / asset_picture_sharpness(ref, W, H);
        printf("fidelity view %.0f,%.0f,%.0f: %.1f dB, sharpness %.3f\n", v->yaw, v->pitch,
               v->fov, psnr, sharp);
        if (getenv("FIDELITY_DUMP")) { /* for a person to look at: diff x8 */
            char name[64];
            snprintf(name, sizeof(name), "fidelity-%u.ppm", k);
            FILE *f = fopen(name, "wb");
            fprintf(f, "P6 %d %d 255\n", W, H);
            for (int i = 0; i < W * H; i++)
                for (int c = 0; c < 3; c++)
                    fputc(pv_clampi(128 + 8 * (out[i * 4 + c] - ref[i * 4 + c]), 0, 255), f);
            fclose(f);
        }
        CHECK(psnr >= 40.0);
        CHECK(sharp >= 0.95);
        CHECK(sharp <= 1.10);
    }
    free(out);
    free(ref);
    zoomed_out(g, pano, px, PW, PH);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &t);
    gfx_pano_destroy(g, &pano);
    asset_equirect_free(&e); /* and px with it */
}

/* The stream as a place's first view has it: focused on that view, rows fed in bands with
 * nothing of the rest, drawn once ready; then the rest completes it. */
static void stream_view(gfx *g, gfx_equirect *eq, const uint8_t *magenta, const uint8_t *px,
                        const pv_view *v, int w, int h)
{
    int pw, ph;
    gfx_equirect_size(eq, &pw, &ph);
    gfx_equirect_reset(eq);
    gfx_equirect_feed(g, eq, magenta, ph, 0); /* no focus: all of it */
    CHECK(gfx_equirect_complete(eq));
    gfx_equirect_reset(eq);
    gfx_equirect_focus(eq, v, w, h);
    CHECK(!gfx_equirect_ready(eq, v, w, h));
    int rows = 0;
    while (!gfx_equirect_ready(eq, v, w, h) && rows < ph) {
        rows += ph / 16;
        gfx_equirect_feed(g, eq, px, rows, 0);
    }
    const pv_view behind = {v->yaw + 180.0f, 0.0f, 60.0f};
    bool pole = fabsf(v->pitch) + v->fov * 0.5f > 60.0f;
    if (!pole) { /* a narrow view: only its part is there */
        CHECK(!gfx_equirect_complete(eq));
        CHECK(!gfx_equirect_ready(eq, &behind, w, h));
    }
    gfx_draw_equirect(g, eq, v, w, h, 1.0f); /* read by the caller */
    while (gfx_equirect_feed(g, eq, px, ph, ph / 8))
        ;
    CHECK(gfx_equirect_complete(eq));
    CHECK(gfx_equirect_ready(eq, &behind, w, h));
}

int main(void)
{
    platform *plat = NULL;
    gfx *g = NULL;
    platform_desc pd = {.width = 64, .height = 64, .offscreen = true};
    if (platform_create(&pd, &plat) != PV_OK || gfx_create(&g) != PV_OK) {
        fprintf(stderr, "no offscreen GL context: cannot test rendering\n");
        return 1;
    }
    enum { PW = 2048, PH = 1024, W = 320, H = 240 };
    uint8_t *px = malloc((size_t)PW * PH * 4);
    for (int y = 0; y < PH; y++)
        for (int x = 0; x < PW; x++) {
            double c[3];
            colour_at((x + 0.5) / PW * 360.0 - 180.0, 90.0 - (y + 0.5) / PH * 180.0, c);
            for (int k = 0; k < 3; k++)
                px[((size_t)y * PW + x) * 4 + k] = (uint8_t)lround(c[k]);
            px[((size_t)y * PW + x) * 4 + 3] = 255;
        }
    asset_image img = {.width = PW, .height = PH, .pixels = px};
    asset_cube *cube = asset_cube_from_image(&img, 0);
    gfx_pano *cube_pano = gfx_pano_create(g, cube); /* booth environments */
    CHECK(gfx_pano_complete(cube_pano));
    asset_cube_free(&cube);
    /* Places: the image itself with its mip levels (a copy: the test keeps px). */
    uint8_t *copy = malloc((size_t)PW * PH * 4);
    memcpy(copy, px, (size_t)PW * PH * 4);
    asset_equirect *e = asset_equirect_from_pixels(copy, PW, PH);
    gfx_pano *pano = gfx_pano_create_equirect(g, e);
    CHECK(gfx_pano_complete(pano));
    gfx_target *t = gfx_target_create(g, W, H);
    CHECK(t != NULL);
    gfx_target_bind(g, t);
    uint8_t *out = malloc((size_t)W * H * 4);
    const pv_view views[] = {{0, 0, 90},   {180, 0, 90},   {-179, 10, 60}, {0, 90, 100},
                             {37, -90, 100}, {-135, 45, 60}, {60, -30, 30},  {90, 0, 110}};
    /* The equirectangular image drawn directly (shown while a cube is being prepared). */
    gfx_equirect *eq = gfx_equirect_create(g, PW, PH);
    /* Magenta before each stream view: a texel its focus left out would show. */
    uint8_t *magenta = malloc((size_t)PW * PH * 4);
    for (size_t i = 0; i < (size_t)PW * PH; i++)
        memcpy(magenta + i * 4, (const uint8_t[4]){255, 0, 255, 255}, 4);
    unsigned nviews = sizeof(views) / sizeof(views[0]);
    static const char *const kinds[3] = {"cube", "sphere", "stream"};
    for (unsigned k = 0; k < 3 * nviews; k++) {
        const pv_view *v = &views[k % nviews];
        const float bg[3] = {1, 0, 1};
        gfx_begin(g, W, H, bg);
        if (k < nviews)
            gfx_draw_pano(g, cube_pano, v, W, H, 1.0f);
        else if (k < 2 * nviews)
            gfx_draw_pano(g, pano, v, W, H, 1.0f);
        else
            stream_view(g, eq, magenta, px, v, W, H);
        gfx_read_pixels(g, W, H, out);
        double sum = 0;
        int worst = 0, count = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                float d[3], yaw, pitch;
                pv_view_unproject(v, W, H, x + 0.5f, y + 0.5f, d);
                pv_view_angles(d, &yaw, &pitch);
                double c[3];
                colour_at(yaw, pitch, c);
                const uint8_t *o = out + ((size_t)y * W + x) * 4;
                for (int ch = 0; ch < 3; ch++) {
                    if (ch < 2 && fabsf(pitch) > 75.0f)
                        continue; /* near the poles hue is averaged over a texel on purpose */
                    int e = abs((int)o[ch] - (int)lround(c[ch]));
                    worst = e > worst ? e : worst;
                    sum += e;
                    count++;
                }
            }
        double mean = sum / count;
        printf("%s view %.0f,%.0f,%.0f: mean error %.2f, worst %d (of 255)\n",
               kinds[k / nviews], v->yaw, v->pitch, v->fov, mean, worst);
        CHECK(mean < 1.0);
        CHECK(worst <= 8);
    }
    /* A half-transparent draw over another blends (the fade between places). */
    const float black[3] = {0, 0, 0};
    gfx_begin(g, W, H, black);
    gfx_draw_pano(g, pano, &views[0], W, H, 0.5f);
    gfx_read_pixels(g, W, H, out);
    double c[3];
    colour_at(0, 0, c);
    const uint8_t *mid = out + ((size_t)(H / 2) * W + W / 2) * 4;
    CHECK_NEAR(mid[2], c[2] * 0.5, 2.0);
    gfx_equirect_destroy(g, &eq);
    free(magenta);
    free(out);
    asset_equirect_free(&e);
    free(px);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &t);
    gfx_pano_destroy(g, &pano);
    gfx_pano_destroy(g, &cube_pano);
    fidelity(g);
    gfx_destroy(&g);
    platform_destroy(&plat);
    return check_done();
}
