/* asset/fidelity: how faithfully a panorama is drawn. An exact render of a view (a ray through
 * every pixel's centre, the equirectangular lookup in double precision, bilinear in the image's
 * own bytes, no mip levels: what the web viewers and our GL path are compared against), PSNR
 * between two pictures and sharpness (variance of the Laplacian of luma). Used by the bench
 * and the tests. Any thread. */
#include "asset/asset.h"
#include "core/view.h"

#include <math.h>
#include <stdlib.h>

typedef struct buffer_image {
    const uint8_t *rgba;
    int pw;
} buffer_image;

static void fetch_buffer(void *user, int x, int y, uint8_t rgb[3])
{
    const buffer_image *b = user;
    const uint8_t *p = b->rgba + ((size_t)y * b->pw + x) * 4;
    rgb[0] = p[0], rgb[1] = p[1], rgb[2] = p[2];
}

void asset_render_exact(const uint8_t *rgba, int pw, int ph, const pv_view *v, int w, int h,
                        uint8_t *out)
{
    buffer_image b = {rgba, pw};
    asset_render_exact_fn(fetch_buffer, &b, pw, ph, v, w, h, out);
}

void asset_render_exact_fn(void (*fetch)(void *user, int x, int y, uint8_t rgb[3]), void *user,
                           int pw, int ph, const pv_view *v, int w, int h, uint8_t *out)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float d[3];
            pv_view_unproject(v, w, h, (float)x + 0.5f, (float)y + 0.5f, d);
            double len = sqrt((double)d[0] * d[0] + (double)d[1] * d[1] + (double)d[2] * d[2]);
            double yaw = atan2(d[0], -d[2]), pitch = asin(d[1] / len);
            double sx = (yaw / (2.0 * PV_PI) + 0.5) * pw - 0.5;
            double sy = (0.5 - pitch / PV_PI) * ph - 0.5;
            double fx = floor(sx), fy = floor(sy), ax = sx - fx, ay = sy - fy;
            int x0 = (((int)fx % pw) + pw) % pw, x1 = (x0 + 1) % pw;
            int y0 = (int)fy, y1 = y0 + 1;
            y0 = y0 < 0 ? 0 : y0 >= ph ? ph - 1 : y0;
            y1 = y1 < 0 ? 0 : y1 >= ph ? ph - 1 : y1;
            uint8_t p00[3], p01[3], p10[3], p11[3];
            fetch(user, x0, y0, p00);
            fetch(user, x1, y0, p01);
            fetch(user, x0, y1, p10);
            fetch(user, x1, y1, p11);
            uint8_t *o = out + ((size_t)y * w + x) * 4;
            for (int c = 0; c < 3; c++) {
                double top = p00[c] + (p01[c] - p00[c]) * ax;
                double bot = p10[c] + (p11[c] - p10[c]) * ax;
                o[c] = (uint8_t)lround(top + (bot - top) * ay);
            }
            o[3] = 255;
        }
}

double asset_picture_psnr(const uint8_t *a, const uint8_t *b, int w, int h)
{
    double se = 0;
    size_t n = (size_t)w * (size_t)h;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 3; c++) {
            double d = (double)a[i * 4 + c] - (double)b[i * 4 + c];
            se += d * d;
        }
    double mse = se / (double)(n * 3);
    return mse <= 0 ? 99.0 : 10.0 * log10(255.0 * 255.0 / mse);
}

double asset_picture_sharpness(const uint8_t *rgba, int w, int h)
{
    double sum = 0, sum2 = 0;
    size_t n = 0;
    for (int y = 1; y + 1 < h; y++)
        for (int x = 1; x + 1 < w; x++) {
#define LUMA(xx, yy)                                                                       \
    (0.299 * rgba[((size_t)(yy) * w + (xx)) * 4] + 0.587 * rgba[((size_t)(yy) * w + (xx)) * 4 + 1] + \
     0.114 * rgba[((size_t)(yy) * w + (xx)) * 4 + 2])
            double l = LUMA(x - 1, y) + LUMA(x + 1, y) + LUMA(x, y - 1) + LUMA(x, y + 1) -
                       4.0 * LUMA(x, y);
#undef LUMA
            sum += l;
            sum2 += l * l;
            n++;
        }
    if (n == 0)
        return 0;
    double mean = sum / (double)n;
    return sum2 / (double)n - mean * mean;
}
