/* app/bench: `pavilion bench` prints `name: value unit` lines, each timing beside its floor
 * measured in the same run (machines are noisy: compare ratios, not absolute times).
 * Main thread; loading uses the loader's two threads. */
#include "app/app_internal.h"

#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#ifndef PAVILION_BENCH_PANO
#define PAVILION_BENCH_PANO "bench/hall-8k.jpg"
#endif

extern char **environ;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Runs libjpeg-turbo's own decoder on the file; seconds, or -1 when djpeg is missing. */
static double time_djpeg(const char *path)
{
    char *argv[] = {"djpeg", "-outfile", "/dev/null", (char *)path, NULL};
    double t0 = pv_now();
    pid_t pid;
    if (posix_spawnp(&pid, "djpeg", NULL, NULL, argv, environ) != 0)
        return -1;
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return pv_now() - t0;
}

int app_bench(const app_options *opt)
{
    const char *path = opt->pano ? opt->pano : PAVILION_BENCH_PANO;
    if (!pv_file_exists(path)) {
        fprintf(stderr, "pavilion: bench: %s not found: `make bench` generates it, or pass "
                        "--pano FILE.jpg (an 8192x4096 equirectangular JPEG)\n", path);
        return 1;
    }
    enum { W = 1920, H = 1080, FRAMES = 40 };
    platform *plat = NULL;
    gfx *g = NULL;
    int code = 1;
    platform_desc pd = {.title = "bench", .width = 320, .height = 180, .offscreen = true};
    if (platform_create(&pd, &plat) != PV_OK || gfx_create(&g) != PV_OK)
        goto done;
    gfx_target *target = gfx_target_create(g, W, H);
    if (!target)
        goto done;
    gfx_target_bind(g, target);
    printf("# renderer: %s\n# pano: %s\n", gfx_renderer_name(g), pv_path_display(path));

    /* Floor: a full-screen textured quad (bilinear, no mip levels) of a 2048x1024 image. */
    asset_image small;
    char why[512];
    if (asset_image_load(path, 4, &small, why, sizeof(why)) != PV_OK) {
        fprintf(stderr, "pavilion: bench: %s %s\n", path, why);
        goto done;
    }
    uint8_t *rgba = pv_malloc((size_t)small.width * (size_t)small.height * 4);
    for (size_t i = 0; i < (size_t)small.width * (size_t)small.height; i++) {
        memcpy(rgba + i * 4, small.rgb + i * 3, 3);
        rgba[i * 4 + 3] = 255;
    }
    gfx_image *img = gfx_image_create(g, small.width, small.height, rgba);
    free(rgba);
    asset_image_free(&small);
    static const float bg[3] = {0, 0, 0};
    double t[FRAMES];
    for (int i = -5; i < FRAMES; i++) {
        double t0 = pv_now();
        gfx_begin(g, W, H, bg);
        gfx_draw_blit(g, img, (float)i * 0.001f);
        gfx_finish(g);
        if (i >= 0)
            t[i] = pv_now() - t0;
    }
    double blit = median(t, FRAMES) * 1000.0;
    gfx_image_destroy(g, &img);

    /* Loading: file to first full-resolution frame. The first run also builds the angle tables
     * for this face size (once per size per process). */
    double loads[4];
    gfx_pano *pano = NULL;
    pv_view view = {0, 0, 90};
    for (int run = 0; run < 4; run++) {
        gfx_pano_destroy(g, &pano);
        double t0 = pv_now();
        asset_cube *cube = NULL;
        if (asset_pano_build(path, 1, gfx_max_texture_size(g), &cube, NULL, why, sizeof(why)) !=
            PV_OK) {
            fprintf(stderr, "pavilion: bench: %s %s\n", path, why);
            goto done;
        }
        pano = gfx_pano_create(g, cube);
        asset_cube_free(&cube);
        gfx_begin(g, W, H, bg);
        gfx_draw_pano(g, pano, &view, W, H, 1.0f);
        gfx_finish(g);
        loads[run] = pv_now() - t0;
    }
    double load_cold = loads[0] * 1000.0;
    double load = median(loads + 1, 3) * 1000.0;
    double dj[3];
    int djn = 0;
    for (int i = 0; i < 3; i++) {
        double s = time_djpeg(path);
        if (s >= 0)
            dj[djn++] = s;
    }

    /* Panorama frames while the yaw turns every frame, at three zooms. */
    static const float fovs[3] = {90.0f, 110.0f, 40.0f};
    double pano_ms[3];
    for (int k = 0; k < 3; k++) {
        for (int i = -5; i < FRAMES; i++) {
            pv_view vw = {(float)i * 1.7f - 40.0f, 10.0f, fovs[k]};
            double t0 = pv_now();
            gfx_begin(g, W, H, bg);
            gfx_draw_pano(g, pano, &vw, W, H, 1.0f);
            gfx_finish(g);
            if (i >= 0)
                t[i] = pv_now() - t0;
        }
        pano_ms[k] = median(t, FRAMES) * 1000.0;
    }
    printf("blit_frame_ms: %.2f ms\n", blit);
    printf("pano_frame_ms: %.2f ms\n", pano_ms[0]);
    printf("pano_vs_blit: %.2f x\n", pano_ms[0] / blit);
    printf("pano_frame_fov110_ms: %.2f ms\n", pano_ms[1]);
    printf("pano_frame_fov40_ms: %.2f ms\n", pano_ms[2]);
    printf("load_8k_ms: %.0f ms\n", load);
    printf("load_8k_cold_ms: %.0f ms\n", load_cold);
    if (djn > 0) {
        double d = median(dj, djn) * 1000.0;
        printf("djpeg_8k_ms: %.0f ms\n", d);
        printf("load_vs_djpeg: %.2f x\n", load / d);
    } else {
        printf("# djpeg not found (package libjpeg-turbo-progs): no decode floor\n");
    }
    printf("pano_texture_mb: %.0f MB\n", gfx_pano_bytes(pano) / 1048576.0);
    printf("# notes: the panorama is drawn as six cube faces, each a 2D texture sampled with\n"
           "# GL_LINEAR_MIPMAP_NEAREST (one bilinear fetch at the level matching the screen);\n"
           "# faces are built on a second thread while libjpeg-turbo decodes the rows they need,\n"
           "# from per-size angle tables; the down face is built once decoding ends.\n"
           "# load_8k_ms is the median of 3 warm runs (tables built), cold is the first run.\n");
    gfx_pano_destroy(g, &pano);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &target);
    code = 0;
done:
    gfx_destroy(&g);
    platform_destroy(&plat);
    return code;
}
