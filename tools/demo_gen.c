/* pavilion-demo-gen: generates the demo exhibition's panoramas from code, with no inputs:
 * equirectangular pictures rendered by a small ray tracer (tools/demo/). The scene file is
 * written by hand (scenes/demo/expo.json) and copied beside them by the build.
 *
 *   pavilion-demo-gen OUTDIR                     OUTDIR/panoramas/PLACE.jpg
 *   pavilion-demo-gen --anchors                  where the hotspots of each place belong:
 *                                                yaw and pitch from the camera to the thing
 *                                                (a door, a counter), for the scene file
 *   pavilion-demo-gen --bench-pano FILE WIDTH    one busy WIDTH x WIDTH/2 JPEG for benchmarks
 *
 * Output is deterministic: the same bytes on every run and machine thread count.
 * Rendering uses all cores (tools/demo/demo_render.c); everything else runs on the main
 * thread. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <stb/stb_image_write.h>
#include <turbojpeg.h>

#include "core/core.h"

#include "demo/demo_math.h"
#include "demo/demo_font.c"
#include "demo/demo_trace.c"
#include "demo/demo_render.c"
#include "demo/demo_scenes.c"

#define PANO_W 4096
#define PANO_H 2048
#define JPEG_QUALITY 90

typedef void (*place_builder)(scene *s, place_def *pd);

static void place_stand_security(scene *s, place_def *pd) { place_stand(s, pd, 0); }
static void place_stand_cloud(scene *s, place_def *pd) { place_stand(s, pd, 1); }
static void place_stand_devices(scene *s, place_def *pd) { place_stand(s, pd, 2); }
static void place_stand_data(scene *s, place_def *pd) { place_stand(s, pd, 3); }
static void place_stand_ai(scene *s, place_def *pd) { place_stand(s, pd, 4); }

static const place_builder place_builders[] = {
    place_lobby,         place_hall,        place_stand_security, place_stand_cloud,
    place_stand_devices, place_stand_data,  place_stand_ai,       place_cafe,
    place_hq_entrance,   place_hq_atrium,   place_hq_garden,
};
#define PLACE_COUNT ((int)(sizeof place_builders / sizeof place_builders[0]))


static bool write_file(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "pavilion-demo-gen: cannot write %s: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = fwrite(bytes, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        fprintf(stderr, "pavilion-demo-gen: cannot write %s: %s\n", path, strerror(errno));
    return ok;
}

static bool write_jpeg(const char *path, const uint8_t *rgb_px, int w, int h)
{
    tjhandle tj = tjInitCompress();
    if (!tj) {
        fprintf(stderr, "pavilion-demo-gen: cannot start the JPEG encoder: %s\n",
                tjGetErrorStr());
        return false;
    }
    unsigned char *jpeg = NULL;
    unsigned long size = 0;
    bool ok = tjCompress2(tj, rgb_px, w, 0, h, TJPF_RGB, &jpeg, &size, TJSAMP_420, JPEG_QUALITY,
                          TJFLAG_ACCURATEDCT) == 0;
    if (!ok)
        fprintf(stderr, "pavilion-demo-gen: cannot encode %s: %s\n", path, tjGetErrorStr2(tj));
    else
        ok = write_file(path, jpeg, size);
    tjFree(jpeg);
    tjDestroy(tj);
    return ok;
}

/* ---------------------------------------------------------------- commands */

static scene *scene_new(const demo_font *font)
{
    scene *s = pv_calloc(1, sizeof *s);
    s->font = font;
    s->exposure = 1.0f;
    return s;
}

static int generate(const char *outdir, const char *only, int width)
{
    char *pano_dir = pv_path_join(outdir, "panoramas");
    if (!pv_make_dirs(pano_dir)) {
        fprintf(stderr, "pavilion-demo-gen: cannot create the folder %s: %s\n", pano_dir,
                strerror(errno));
        free(pano_dir);
        return 1;
    }
    demo_font *font = pv_calloc(1, sizeof *font);
    font_build(font);
    place_def places[PLACE_COUNT];
    memset(places, 0, sizeof places);
    int status = 0;
    double t0 = pv_now();
    for (int i = 0; i < PLACE_COUNT && status == 0; i++) {
        scene *s = scene_new(font);
        place_builders[i](s, &places[i]);
        if (only && strcmp(only, places[i].id) != 0) {
            free(s);
            continue;
        }
        scene_finish(s);
        double t = pv_now();
        uint8_t *px = render_pano(s, width, width / 2);
        char *name = pv_asprintf("%s.jpg", places[i].id);
        char *path = pv_path_join(pano_dir, name);
        if (write_jpeg(path, px, width, width / 2))
            printf("wrote %s (%.1f s)\n", path, pv_now() - t);
        else
            status = 1;
        fflush(stdout);
        free(path);
        free(name);
        free(px);
        free(s);
    }
    if (status == 0 && !only)
        printf("wrote %d panoramas in %s (%.1f s in all)\n", PLACE_COUNT, pano_dir,
               pv_now() - t0);
    free(font);
    free(pano_dir);
    return status;
}

static int bench_pano(const char *file, int width)
{
    if (width < 64 || width > 16384 || width % 4) {
        fprintf(stderr, "pavilion-demo-gen: --bench-pano WIDTH must be a multiple of 4 from 64 "
                        "to 16384 (got %d)\n", width);
        return 2;
    }
    char *dir = pv_path_dir(file);
    if (!pv_make_dirs(dir)) {
        fprintf(stderr, "pavilion-demo-gen: cannot create the folder %s: %s\n", dir,
                strerror(errno));
        free(dir);
        return 1;
    }
    free(dir);
    demo_font *font = pv_calloc(1, sizeof *font);
    font_build(font);
    scene *s = scene_new(font);
    place_def pd = {0};
    place_hall(s, &pd);
    s->grain = 3.0f;  /* sensor-like noise makes the picture as busy as a photo */
    scene_finish(s);
    double t = pv_now();
    uint8_t *px = render_pano(s, width, width / 2);
    int status = write_jpeg(file, px, width, width / 2) ? 0 : 1;
    if (status == 0)
        printf("wrote %s (%dx%d, %.1f s)\n", file, width, width / 2, pv_now() - t);
    free(px);
    free(s);
    free(font);
    return status;
}

/* Development aid: a perspective view out of a panorama, as PNG. */
static int preview(const char *in, const char *out, float yaw, float pitch, float fov, int ow,
                   int oh)
{
    uint8_t *jpeg = NULL;
    size_t size = 0;
    char why[256];
    if (pv_file_read(in, &jpeg, &size, why, sizeof why) != PV_OK) {
        fprintf(stderr, "pavilion-demo-gen: %s\n", why);
        return 1;
    }
    tjhandle tj = tjInitDecompress();
    int w, h, sub, cs;
    if (!tj || tjDecompressHeader3(tj, jpeg, (unsigned long)size, &w, &h, &sub, &cs) != 0) {
        fprintf(stderr, "pavilion-demo-gen: %s is not a JPEG\n", in);
        return 1;
    }
    uint8_t *px = pv_malloc((size_t)w * h * 3);
    tjDecompress2(tj, jpeg, (unsigned long)size, px, w, 0, h, TJPF_RGB, 0);
    tjDestroy(tj);
    uint8_t *img = pv_malloc((size_t)ow * oh * 3);
    float y0 = yaw * (float)PV_PI / 180, p0 = pitch * (float)PV_PI / 180;
    v3 fwd = pano_dir(y0, p0);
    v3 right = v_norm(v_cross(fwd, v3_make(0, 1, 0)));
    v3 up = v_cross(right, fwd);
    float f = tanf(fov * (float)PV_PI / 360.0f);
    for (int j = 0; j < oh; j++)
        for (int i = 0; i < ow; i++) {
            float sx = ((float)i + 0.5f) / (float)ow * 2 - 1;
            float sy = (1 - ((float)j + 0.5f) / (float)oh * 2) * (float)oh / (float)ow;
            v3 d = v_norm(v_add(fwd, v_add(v_scale(right, sx * f), v_scale(up, sy * f))));
            float ya = atan2f(d.x, -d.z), pa = asinf(clampf(d.y, -1, 1));
            float fx = (ya + (float)PV_PI) / (2 * (float)PV_PI) * (float)w - 0.5f;
            float fy = ((float)PV_PI / 2 - pa) / (float)PV_PI * (float)h - 0.5f;
            int x0 = (int)floorf(fx), yy0 = (int)floorf(fy);
            float tx = fx - (float)x0, ty = fy - (float)yy0;
            for (int c = 0; c < 3; c++) {
                float acc = 0;
                for (int k = 0; k < 4; k++) {
                    int xx = ((x0 + (k & 1)) % w + w) % w;
                    int yy = pv_clampi(yy0 + (k >> 1), 0, h - 1);
                    float wt = ((k & 1) ? tx : 1 - tx) * ((k >> 1) ? ty : 1 - ty);
                    acc += wt * px[((size_t)yy * w + xx) * 3 + c];
                }
                img[((size_t)j * ow + i) * 3 + c] = (uint8_t)pv_clampi((int)(acc + 0.5f), 0, 255);
            }
        }
    int ok = stbi_write_png(out, ow, oh, 3, img, ow * 3);
    free(img);
    free(px);
    free(jpeg);
    return ok ? 0 : 1;
}

static void usage(void)
{
    fprintf(stderr, "usage: pavilion-demo-gen OUTDIR\n"
                    "       pavilion-demo-gen --anchors\n"
                    "       pavilion-demo-gen --bench-pano FILE.jpg WIDTH\n");
}

static int anchors(void)
{
    demo_font *font = pv_calloc(1, sizeof *font);
    font_build(font);
    for (int i = 0; i < PLACE_COUNT; i++) {
        scene *s = scene_new(font);
        place_def pd = {0};
        place_builders[i](s, &pd);
        printf("%s view %.1f %.1f\n", pd.id, pd.view_yaw, pd.view_pitch);
        for (int k = 0; k < pd.hs_count; k++)
            printf("  %s: yaw %.1f pitch %.1f\n", pd.hs[k].name, pd.hs[k].yaw, pd.hs[k].pitch);
        free(s);
    }
    free(font);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--anchors") == 0)
        return anchors();
    if (argc == 4 && strcmp(argv[1], "--bench-pano") == 0)
        return bench_pano(argv[2], atoi(argv[3]));
    if (argc == 9 && strcmp(argv[1], "--preview") == 0)
        return preview(argv[2], argv[3], strtof(argv[4], NULL), strtof(argv[5], NULL),
                       strtof(argv[6], NULL), atoi(argv[7]), atoi(argv[8]));
    /* development: --only PLACE [WIDTH] OUTDIR renders one place */
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "--only") == 0)
        return generate(argv[argc - 1], argv[2], argc == 5 ? atoi(argv[3]) & ~3 : PANO_W);
    if (argc != 2 || argv[1][0] == '-') {
        usage();
        return 2;
    }
    return generate(argv[1], NULL, PANO_W);
}
