/* gfx/video: video frames drawn from their YUV planes. Solid colours in BT.601 and BT.709,
 * limited and full range, three planes and NV12, an odd size with padded rows: each comes out
 * as the RGB the standard says. Then a real decoded frame (media/): its barcode, read back
 * from the drawn picture, is its frame number; drawn as a 360 video on the sphere of quads it
 * matches the exact per-pixel mapping. Offscreen GL. */
#define CLIP_GEN_NO_MAIN
#include "../tools/clip_gen.c"

#include "check.h"
#include "gfx/gfx.h"
#include "media/media.h"
#include "platform/platform.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { TW = 64, TH = 64 };

/* The centre pixel of a frame of one colour (R'G'B' in 0..1), encoded and drawn. */
static void draw_solid(gfx *g, const float rgb[3], int matrix, bool full, bool nv12, int w,
                       int h, int pad, uint8_t out[4])
{
    float kr = matrix == GFX_MATRIX_BT709 ? 0.2126f : 0.299f;
    float kb = matrix == GFX_MATRIX_BT709 ? 0.0722f : 0.114f;
    float y = kr * rgb[0] + (1 - kr - kb) * rgb[1] + kb * rgb[2];
    float cb = (rgb[2] - y) / (2 * (1 - kb)), cr = (rgb[0] - y) / (2 * (1 - kr));
    int Y = (int)lroundf(full ? y * 255 : 16 + 219 * y);
    int U = (int)lroundf(128 + (full ? 255 : 224) * cb);
    int V = (int)lroundf(128 + (full ? 255 : 224) * cr);
    U = U > 255 ? 255 : U;
    V = V > 255 ? 255 : V;
    int cw = (w + 1) / 2, ch = (h + 1) / 2;
    int ls_y = w + pad, ls_c = (nv12 ? cw * 2 : cw) + pad;
    uint8_t *py = malloc((size_t)ls_y * h), *pu = malloc((size_t)ls_c * ch),
            *pv = malloc((size_t)ls_c * ch);
    memset(py, Y, (size_t)ls_y * h);
    for (int j = 0; j < ch; j++)
        for (int i = 0; i < ls_c; i++) {
            if (nv12)
                pu[j * ls_c + i] = (uint8_t)(i % 2 ? V : U);
            else
                pu[j * ls_c + i] = (uint8_t)U, pv[j * ls_c + i] = (uint8_t)V;
        }
    gfx_yuv_desc d = {.width = w, .height = h, .format = nv12 ? GFX_YUV_NV12 : GFX_YUV420P,
                      .planes = {py, pu, nv12 ? NULL : pv}, .linesize = {ls_y, ls_c, ls_c},
                      .matrix = matrix, .full_range = full};
    gfx_video *v = gfx_video_create(g);
    gfx_video_upload(g, v, &d);
    const float bg[3] = {0.5f, 0.5f, 0.5f};
    gfx_begin(g, TW, TH, bg);
    gfx_draw_video(g, v, 0, 0, TW, TH, 1.0f);
    uint8_t *px = malloc(TW * TH * 4);
    gfx_read_pixels(g, TW, TH, px);
    memcpy(out, px + ((size_t)(TH / 2) * TW + TW / 2) * 4, 4);
    free(px);
    gfx_video_destroy(g, &v);
    free(py);
    free(pu);
    free(pv);
}

int main(void)
{
    platform *plat = NULL;
    gfx *g = NULL;
    platform_desc pd = {.width = 64, .height = 64, .offscreen = true};
    if (platform_create(&pd, &plat) != PV_OK || gfx_create(&g) != PV_OK) {
        fprintf(stderr, "no offscreen GL context\n");
        return 1;
    }
    gfx_target *t = gfx_target_create(g, TW, TH);
    gfx_target_bind(g, t);
    static const float colours[][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1},
                                       {0, 0, 0}, {0.5f, 0.25f, 0.75f}};
    int worst = 0;
    for (int matrix = GFX_MATRIX_BT601; matrix <= GFX_MATRIX_BT709; matrix++)
        for (int full = 0; full < 2; full++)
            for (int nv12 = 0; nv12 < 2; nv12++)
                for (unsigned c = 0; c < sizeof(colours) / sizeof(colours[0]); c++) {
                    uint8_t px[4];
                    /* odd size and padded rows on every other case */
                    bool odd = (c + (unsigned)nv12) % 2;
                    draw_solid(g, colours[c], matrix, full, nv12, odd ? 321 : 320,
                               odd ? 241 : 240, odd ? 31 : 0, px);
                    for (int k = 0; k < 3; k++) {
                        int want = (int)lroundf(colours[c][k] * 255);
                        int e = abs((int)px[k] - want);
                        worst = e > worst ? e : worst;
                        if (e > 3)
                            fprintf(stderr, "matrix %d full %d nv12 %d colour %u: channel %d is "
                                    "%d, want %d\n", matrix, full, nv12, c, k, px[k], want);
                        CHECK(e <= 3);
                    }
                }
    printf("solid colours: worst channel error %d (of 255)\n", worst);
    /* The wrong matrix would be visibly off: 709 red decoded as 601 is not red. */
    {
        uint8_t px[4];
        static const float red[3] = {1, 0, 0};
        draw_solid(g, red, GFX_MATRIX_BT709, false, false, 320, 240, 0, px);
        CHECK(px[0] > 250 && px[1] < 5);
    }

    /* A real frame: the barcode of frame 37 of a generated clip survives decode and drawing. */
    char dir[256], why[512];
    check_tmpdir(dir, sizeof(dir), "video-test");
    CHECK(clip_gen_write_all(dir, false, true, why, sizeof(why)));
    char *path = pv_asprintf("%s/mpeg4_480p25.mp4", dir);
    media_clip *clip = NULL;
    media_open_desc od = {.path = path};
    CHECK(media_clip_open(&od, &clip, why, sizeof(why)) == PV_OK);
    if (clip) {
        CHECK(media_clip_seek(clip, 37.0 / 25.0) == PV_OK);
        media_frame f;
        bool got = false;
        for (int i = 0; i < 2000 && !(got = media_clip_next_frame(clip, &f)); i++)
            pv_sleep_ms(2);
        CHECK(got);
        if (got) {
            media_info info;
            media_clip_info(clip, &info);
            gfx_yuv_desc d = {.width = f.width, .height = f.height,
                              .format = f.format == MEDIA_FMT_NV12 ? GFX_YUV_NV12 : GFX_YUV420P,
                              .planes = {f.planes[0], f.planes[1], f.planes[2]},
                              .linesize = {f.linesize[0], f.linesize[1], f.linesize[2]},
                              .matrix = info.colorspace == MEDIA_CS_BT709 ? GFX_MATRIX_BT709
                                                                         : GFX_MATRIX_BT601,
                              .full_range = info.full_range};
            gfx_video *v = gfx_video_create(g);
            gfx_video_upload(g, v, &d);
            int64_t number = f.number;
            media_frame_release(clip, &f);
            gfx_target *big = gfx_target_create(g, d.width, d.height);
            gfx_target_bind(g, big);
            const float bg[3] = {0, 0, 0};
            gfx_begin(g, d.width, d.height, bg);
            gfx_draw_video(g, v, 0, 0, (float)d.width, (float)d.height, 1.0f);
            uint8_t *px = malloc((size_t)d.width * d.height * 4);
            uint8_t *luma = malloc((size_t)d.width * d.height);
            gfx_read_pixels(g, d.width, d.height, px);
            for (int i = 0; i < d.width * d.height; i++)
                luma[i] = px[i * 4 + 1]; /* green follows luma closely on a grey barcode */
            int read = clip_gen_read_barcode(luma, d.width, d.width, d.height);
            printf("frame %lld drawn; its barcode reads %d\n", (long long)number, read);
            CHECK(number == 37);
            CHECK(read == 37);
            free(px);
            free(luma);
            gfx_target_bind(g, t);
            gfx_target_destroy(g, &big);

            /* 360: the sphere of quads against the exact per-pixel mapping, ahead, across the
             * seam behind, and near both poles. */
            enum { SW = 320, SH = 180 };
            gfx_target *st = gfx_target_create(g, SW, SH);
            gfx_target_bind(g, st);
            uint8_t *a = malloc((size_t)SW * SH * 4), *b = malloc((size_t)SW * SH * 4);
            const pv_view views[] = {{0, 0, 90}, {180, 10, 100}, {40, 80, 100}, {-120, -85, 110},
                                     {90, 30, 40}};
            for (unsigned k = 0; k < sizeof(views) / sizeof(views[0]); k++) {
                gfx_begin(g, SW, SH, bg);
                gfx_draw_video_360(g, v, &views[k], SW, SH, 1.0f);
                gfx_read_pixels(g, SW, SH, a);
                gfx_begin(g, SW, SH, bg);
                gfx_draw_video_360_exact(g, v, &views[k], SW, SH, 1.0f);
                gfx_read_pixels(g, SW, SH, b);
                double sum = 0;
                int off = 0;
                for (int i = 0; i < SW * SH; i++)
                    for (int c = 0; c < 3; c++) {
                        int e = abs((int)a[i * 4 + c] - (int)b[i * 4 + c]);
                        sum += e;
                        off += c == 0 && e > 32;
                    }
                double mean = sum / (SW * SH * 3.0);
                printf("360 view %.0f,%.0f,%.0f: sphere vs exact mean %.2f, %.2f%% of pixels "
                       "off by more than 32\n", views[k].yaw, views[k].pitch, views[k].fov, mean,
                       100.0 * off / (SW * SH));
                CHECK(mean < 2.0);
                CHECK(off < SW * SH / 100);
            }
            free(a);
            free(b);
            gfx_target_bind(g, t);
            gfx_target_destroy(g, &st);
            gfx_video_destroy(g, &v);
        }
        media_clip_close(&clip);
    }
    free(path);
    check_rmdir(dir);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &t);
    gfx_destroy(&g);
    platform_destroy(&plat);
    return check_done();
}
