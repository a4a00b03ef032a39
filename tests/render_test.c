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
    gfx_pano *pano = gfx_pano_create(g, cube);
    CHECK(gfx_pano_complete(pano));
    asset_cube_free(&cube);
    gfx_target *t = gfx_target_create(g, W, H);
    CHECK(t != NULL);
    gfx_target_bind(g, t);
    uint8_t *out = malloc((size_t)W * H * 4);
    const pv_view views[] = {{0, 0, 90},   {180, 0, 90},   {-179, 10, 60}, {0, 90, 100},
                             {37, -90, 100}, {-135, 45, 60}, {60, -30, 30},  {90, 0, 110}};
    /* The equirectangular image drawn directly (shown while a cube is being prepared). */
    gfx_equirect *eq = gfx_equirect_create(g, PW, PH);
    gfx_equirect_upload(g, eq, px, 0, PH / 3);
    CHECK(!gfx_equirect_complete(eq));
    gfx_equirect_upload(g, eq, px, PH / 3, PH);
    CHECK(gfx_equirect_complete(eq));
    unsigned nviews = sizeof(views) / sizeof(views[0]);
    for (unsigned k = 0; k < 2 * nviews; k++) {
        const pv_view *v = &views[k % nviews];
        const float bg[3] = {1, 0, 1};
        gfx_begin(g, W, H, bg);
        if (k < nviews)
            gfx_draw_pano(g, pano, v, W, H, 1.0f);
        else
            gfx_draw_equirect(g, eq, v, W, H, 1.0f);
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
               k < nviews ? "cube" : "equirect", v->yaw, v->pitch, v->fov, mean, worst);
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
    free(out);
    free(px);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &t);
    gfx_pano_destroy(g, &pano);
    gfx_destroy(&g);
    platform_destroy(&plat);
    return check_done();
}
