/* asset: equirectangular -> cube faces. The mapping is checked texel by texel against the
 * exact direction of each texel (poles and the yaw +-180 seam included), the threaded JPEG
 * pipeline must give the very same bytes as the plain path, and bad files get clear errors. */
#include "asset/asset.h"
#include "check.h"
#include "../tools/common/jpeg_rows.h"
#include "core/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>


#include <stb/stb_image_write.h>

enum { W = 1024, H = 512 };

/* Smooth but busy colours: a one-pixel shift at the seam shows as several levels. */
static void colour_at(double yaw_deg, double pitch_deg, double rgb[3])
{
    double y = PV_DEG2RAD(yaw_deg), p = PV_DEG2RAD(pitch_deg);
    rgb[0] = 128.0 + 100.0 * sin(8.0 * y) * cos(p);
    rgb[1] = 128.0 + 100.0 * cos(3.0 * y) * cos(p);
    rgb[2] = 128.0 + 100.0 * sin(p);
}

static uint8_t *make_equirect(int w, int h)
{
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double yaw = (x + 0.5) / w * 360.0 - 180.0, pitch = 90.0 - (y + 0.5) / h * 180.0;
            double c[3];
            colour_at(yaw, pitch, c);
            for (int k = 0; k < 3; k++)
                px[((size_t)y * w + x) * 4 + k] = (uint8_t)lround(c[k]);
            px[((size_t)y * w + x) * 4 + 3] = 255;
        }
    return px;
}

static void test_mapping(void)
{
    asset_image img = {.width = W, .height = H, .pixels = make_equirect(W, H)};
    asset_cube *cube = asset_cube_from_image(&img, 0);
    CHECK(cube->size == asset_cube_face_size(W));
    CHECK(cube->size >= (int)(W / PV_PI)); /* no blur at 1:1: face centre as dense as the equator */
    int n = cube->size, worst_rgb = 0, worst_b = 0, checked = 0;
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        CHECK(atomic_load(&cube->face_ready[f]) == 1);
        const uint8_t *face = cube->face[f][0];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                float d[3], yaw, pitch;
                asset_cube_texel_dir(f, n, (float)i, (float)j, d);
                pv_view_angles(d, &yaw, &pitch);
                double c[3];
                colour_at(yaw, pitch, c);
                const uint8_t *t = face + ((size_t)j * n + i) * 4;
                /* Blue depends on pitch only: exact everywhere, poles included. */
                int eb = abs((int)t[2] - (int)lround(c[2]));
                worst_b = eb > worst_b ? eb : worst_b;
                /* Near the poles red/green are averaged over a texel's footprint on purpose. */
                if (fabsf(pitch) < 70.0f) {
                    for (int k = 0; k < 2; k++) {
                        int e = abs((int)t[k] - (int)lround(c[k]));
                        worst_rgb = e > worst_rgb ? e : worst_rgb;
                    }
                }
                CHECK(t[3] == 255 || (fprintf(stderr, "alpha at %d %d %d\n", f, i, j), 0));
                checked++;
            }
    }
    printf("mapping: %d texels, worst red/green error %d, worst blue error %d (of 255)\n",
           checked, worst_rgb, worst_b);
    CHECK(worst_rgb <= 4);
    CHECK(worst_b <= 2);
    /* Mip chain down to 1x1, halving each level. */
    int m = n, levels = 0;
    while (m > 1) {
        m /= 2;
        levels++;
    }
    CHECK(cube->levels == levels + 1);
    asset_cube_free(&cube);
    CHECK(cube == NULL);
    asset_cube_free(&cube); /* NULL is fine */
    free(img.pixels);
}

static double srgb_to_linear(int v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static int linear_to_srgb(double l)
{
    double c = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1.0 / 2.4) - 0.055;
    return (int)lround(c * 255.0);
}

/* Each mip texel is the average of its four parents in linear light (a black and white
 * pair gives sRGB 188, where averaging the sRGB numbers would give a too dark 128). */
static void test_mips_linear(void)
{
    int w = 512, h = 256;
    uint8_t *px = malloc((size_t)w * h * 4);
    for (int i = 0; i < w * h; i++)
        memset(px + i * 4, ((i % w) / 3 + (i / w) / 3) % 2 ? 255 : 0, 4);
    asset_image img = {.width = w, .height = h, .pixels = px};
    asset_cube *cube = asset_cube_from_image(&img, 0);
    int worst = 0, n = cube->size;
    for (int l = 1; l < cube->levels; l++, n /= 2) {
        int m = n / 2;
        const uint8_t *up = cube->face[ASSET_FACE_RIGHT][l - 1], *lo = cube->face[ASSET_FACE_RIGHT][l];
        for (int y = 0; y < m; y++)
            for (int x = 0; x < m; x++) {
                double sum = 0;
                for (int k = 0; k < 4; k++)
                    sum += srgb_to_linear(up[((size_t)(2 * y + k / 2) * n + 2 * x + k % 2) * 4]);
                int e = abs(linear_to_srgb(sum / 4) - lo[((size_t)y * m + x) * 4]);
                worst = e > worst ? e : worst;
            }
    }
    printf("mips: worst difference from the linear-light average %d (of 255)\n", worst);
    CHECK(worst <= 1);
    CHECK(linear_to_srgb((srgb_to_linear(0) + srgb_to_linear(255)) / 2) == 188);
    asset_cube_free(&cube);
    free(px);
}

static char s_dir[256];

static char *tmp_path(const char *name)
{
    return pv_asprintf("%s/%s", s_dir, name);
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

static void test_pipeline_matches_plain(void)
{
    uint8_t *px = make_equirect(2048, 1024);
    char *path = tmp_path("pano.jpg");
    CHECK(stbi_write_jpg(path, 2048, 1024, 4, px, 92) != 0);
    free(px);
    char why[512] = "";
    asset_image img;
    CHECK(asset_image_load(path, 1, &img, why, sizeof(why)) == PV_OK);
    asset_cube *plain = asset_cube_from_image(&img, 0);
    asset_image_free(&img);
    for (int run = 0; run < 3; run++) {
        asset_cube *piped = NULL;
        CHECK(asset_pano_build(path, 1, 16384, &piped, NULL, why, sizeof(why)) == PV_OK);
        CHECK(piped && piped->size == plain->size && piped->levels == plain->levels);
        bool same = true;
        for (int f = 0; piped && f < ASSET_FACE_COUNT; f++) {
            int n = plain->size;
            for (int l = 0; l < plain->levels; l++, n = n / 2 > 0 ? n / 2 : 1)
                same &= memcmp(plain->face[f][l], piped->face[f][l], (size_t)n * n * 4) == 0;
            same &= atomic_load(&piped->face_ready[f]) == 1;
        }
        CHECK(same);
        asset_cube_free(&piped);
    }
    /* A preview: decoded at 1/8 scale, a small cube. */
    asset_cube *preview = NULL;
    CHECK(asset_pano_build(path, 8, 16384, &preview, NULL, why, sizeof(why)) == PV_OK);
    CHECK(preview && preview->size == asset_cube_face_size(2048 / 8));
    asset_cube_free(&preview);
    /* A cancelled build stops and leaves nothing behind. */
    atomic_int cancel = 1;
    asset_cube *none = NULL;
    CHECK(asset_pano_build(path, 1, 16384, &none, &cancel, why, sizeof(why)) ==
          PV_ERR_CANCELLED);
    CHECK(none == NULL);
    asset_cube_free(&plain);

    /* The loader: one result per request, even when asked twice. */
    asset_loader *loader = asset_loader_create(NULL, NULL, 16384);
    asset_loader_request(loader, 7, path, 1, 10);
    asset_loader_request(loader, 7, path, 1, 20);
    asset_job_result r;
    int results = 0;
    double t0 = pv_now();
    while (pv_now() - t0 < 60 && (results == 0 || asset_loader_busy(loader))) {
        while (asset_loader_poll(loader, &r)) {
            results++;
            CHECK(r.place == 7 && r.result == PV_OK && r.equirect != NULL && r.cube == NULL);
            if (r.equirect) {
                CHECK(r.equirect->width == r.equirect->source_width);
                CHECK(r.equirect->levels > 1 && r.equirect->level_w[1] * 2 == r.equirect->width);
            }
            asset_equirect_free(&r.equirect);
        }
        pv_sleep_ms(5);
    }
    CHECK(results == 1);
    /* Destroying a loader with work queued and running must not leak or hang. */
    asset_loader_request(loader, 1, path, 1, 1);
    asset_loader_request(loader, 2, path, 1, 1);
    asset_loader_destroy(&loader);
    CHECK(loader == NULL);
    free(path);
}

static void expect_error(const char *name, int max_width, pv_result want, const char *words)
{
    char *path = tmp_path(name);
    char why[512] = "";
    asset_cube *cube = NULL;
    pv_result r = asset_pano_build(path, 1, max_width, &cube, NULL, why, sizeof(why));
    printf("%s: %s\n", name, why);
    CHECK(r == want);
    CHECK(cube == NULL);
    CHECK(strstr(why, words) != NULL || (fprintf(stderr, "  wanted \"%s\"\n", words), 0));
    free(path);
}

static void test_bad_files(void)
{
    uint8_t *px = make_equirect(512, 256);
    char *jpg = tmp_path("small.jpg");
    stbi_write_jpg(jpg, 512, 256, 4, px, 90);
    uint8_t *bytes;
    size_t n;
    char why[256];
    CHECK(pv_file_read(jpg, &bytes, &n, why, sizeof(why)) == PV_OK);
    char *cut = tmp_path("truncated.jpg");
    write_file(cut, bytes, n / 2);
    free(bytes);
    expect_error("truncated.jpg", 0, PV_ERR_FORMAT, "truncated");
    expect_error("small.jpg", 256, PV_ERR_LIMIT, "GL_MAX_TEXTURE_SIZE");
    char *png = tmp_path("square.png");
    stbi_write_png(png, 64, 64, 4, px, 512 * 4);
    expect_error("square.png", 0, PV_ERR_FORMAT, "twice its height");
    char *txt = tmp_path("text.jpg");
    write_file(txt, "hello, not an image\n", 20);
    expect_error("text.jpg", 0, PV_ERR_FORMAT, "neither a JPEG nor a PNG");
    char *empty = tmp_path("empty.jpg");
    write_file(empty, "", 0);
    expect_error("empty.jpg", 0, PV_ERR_FORMAT, "empty");
    char *header_only = tmp_path("header.jpg");
    write_file(header_only, "\xff\xd8\xff\xe0", 4);
    expect_error("header.jpg", 0, PV_ERR_FORMAT, "JPEG");
    expect_error("missing.jpg", 0, PV_ERR_IO, "cannot open");
    /* A 2:1 PNG goes through the plain path. */
    char *ok_png = tmp_path("ok.png");
    stbi_write_png(ok_png, 512, 256, 4, px, 512 * 4);
    asset_cube *cube = NULL;
    CHECK(asset_pano_build(ok_png, 1, 0, &cube, NULL, why, sizeof(why)) == PV_OK);
    CHECK(cube && cube->size == asset_cube_face_size(512));
    asset_cube_free(&cube);
    free(px);
    free(jpg);
    free(cut);
    free(png);
    free(txt);
    free(empty);
    free(header_only);
    free(ok_png);
}

/* Places keep the image itself: the levels the loading pipeline builds (level 1 on its own
 * thread while rows decode) are the image's exact linear-light averages, byte for byte the same
 * as building them after the decode; JPEGs wider than the GPU holds are shrunk with a warning;
 * a decompression bomb is refused before anything is allocated. */
static void test_equirect(void)
{
    uint8_t *px = make_equirect(2048, 1024);
    char *path = tmp_path("eq.jpg");
    CHECK(stbi_write_jpg(path, 2048, 1024, 4, px, 92) != 0);
    free(px);
    char why[512] = "";
    asset_image img;
    CHECK(asset_image_load(path, 1, &img, why, sizeof(why)) == PV_OK);
    for (int run = 0; run < 3; run++) {
        asset_equirect *e = NULL;
        asset_pano_desc d = {.path = path, .max_width = 16384};
        CHECK(asset_equirect_load(&d, &e, why, sizeof(why)) == PV_OK);
        if (!e)
            break;
        CHECK(e->width == 2048 && e->height == 1024 && e->levels == 12);
        CHECK(e->level_w[11] == 1 && e->level_h[11] == 1 && e->level_h[10] == 1);
        CHECK(e->warning[0] == 0);
        CHECK(memcmp(e->level[0], img.pixels, (size_t)2048 * 1024 * 4) == 0);
        /* the same levels, built again after the fact */
        asset_equirect copy = *e;
        for (int l = 1; l < e->levels; l++)
            copy.level[l] = malloc((size_t)e->level_w[l] * e->level_h[l] * 4);
        asset_equirect_build_mips(&copy);
        int worst = 0;
        bool same = true;
        for (int l = 1; l < e->levels; l++) {
            size_t n = (size_t)e->level_w[l] * e->level_h[l] * 4;
            same = same && memcmp(copy.level[l], e->level[l], n) == 0;
            /* against a direct linear-light average of the level above */
            int w = e->level_w[l], pw = e->level_w[l - 1];
            for (int y = 0; y < e->level_h[l]; y++)
                for (int x = 0; x < w; x++)
                    for (int c = 0; c < 3; c++) {
                        double sum = 0;
                        for (int k = 0; k < 4; k++) {
                            int sy = pv_clampi(2 * y + k / 2, 0, e->level_h[l - 1] - 1);
                            int sx = pv_clampi(2 * x + k % 2, 0, pw - 1);
                            sum += srgb_to_linear(e->level[l - 1][((size_t)sy * pw + sx) * 4 + c]);
                        }
                        int got = e->level[l][((size_t)y * w + x) * 4 + c];
                        int d2 = abs(linear_to_srgb(sum / 4) - got);
                        worst = d2 > worst ? d2 : worst;
                    }
            free(copy.level[l]);
        }
        CHECK(same);
        CHECK(worst <= 1);
        if (run == 0)
            printf("equirect levels: worst difference from the linear-light average %d\n", worst);
        asset_equirect_free(&e);
        CHECK(e == NULL);
    }
    asset_image_free(&img);
    /* Wider than the GPU: shrunk while decoding, and said so. */
    asset_equirect *e = NULL;
    asset_pano_desc narrow = {.path = path, .max_width = 600};
    CHECK(asset_equirect_load(&narrow, &e, why, sizeof(why)) == PV_OK);
    CHECK(e && e->width == 512 && e->height == 256 && e->source_width == 2048);
    CHECK(e && strstr(e->warning, "shown at 512x256") != NULL);
    if (e)
        printf("shrunk: %s\n", e->warning);
    asset_equirect_free(&e);
    asset_pano_desc tiny = {.path = path, .max_width = 200};
    CHECK(asset_equirect_load(&tiny, &e, why, sizeof(why)) == PV_ERR_LIMIT && e == NULL);
    CHECK(strstr(why, "pavilion tile") != NULL);
    /* Cancelled while decoding: no result, no leak. */
    atomic_int cancel = 1;
    asset_pano_desc cancelled = {.path = path, .cancel = &cancel};
    CHECK(asset_equirect_load(&cancelled, &e, why, sizeof(why)) == PV_ERR_CANCELLED && !e);
    /* A bomb: a real JPEG header claiming 16384x8192, then almost nothing. */
    uint8_t *bytes;
    size_t n;
    CHECK(pv_file_read(path, &bytes, &n, why, sizeof(why)) == PV_OK);
    for (size_t i = 0; i + 8 < n; i++)
        if (bytes[i] == 0xFF && bytes[i + 1] == 0xC0) { /* SOF0: height then width */
            bytes[i + 5] = 0x20, bytes[i + 6] = 0x00; /* 8192 */
            bytes[i + 7] = 0x40, bytes[i + 8] = 0x00; /* 16384 */
            break;
        }
    char *bomb = tmp_path("bomb.jpg");
    write_file(bomb, bytes, 2700);
    free(bytes);
    asset_pano_desc bd = {.path = bomb, .max_width = 16384};
    pv_result r = asset_equirect_load(&bd, &e, why, sizeof(why));
    printf("bomb: %s\n", why);
    CHECK(r == PV_ERR_FORMAT && e == NULL);
    CHECK(strstr(why, "16384x8192") && strstr(why, "decompression bomb"));
    asset_image bimg;
    CHECK(asset_image_load(bomb, 8, &bimg, why, sizeof(why)) == PV_ERR_FORMAT);
    free(bomb);
    free(path);
}

/* Which JPEG scale shows a panorama: within the GPU's width and 80 megapixels. */
static void test_fit_scale(void)
{
    CHECK(asset_equirect_fit_scale(8192, 4096, 16384) == 1);
    CHECK(asset_equirect_fit_scale(12000, 6000, 16384) == 1);   /* 72 megapixels */
    CHECK(asset_equirect_fit_scale(16384, 8192, 16384) == 2);   /* 134 */
    CHECK(asset_equirect_fit_scale(16384, 8192, 0) == 2);
    CHECK(asset_equirect_fit_scale(32768, 16384, 16384) == 4);
    CHECK(asset_equirect_fit_scale(65536, 32768, 16384) == 8);
    CHECK(asset_equirect_fit_scale(8192, 4096, 4096) == 2);     /* the GPU's width first */
    CHECK(asset_equirect_fit_scale(65536, 32768, 4096) == 0);   /* 8 times is not enough */
}

/* Row y of a noisy gradient (w x h in user), so the file is large enough not to look like a
 * decompression bomb. */
static void noisy_row(void *user, int y, uint8_t *row)
{
    const int *size = user;
    uint32_t seed = (uint32_t)y * 2654435761u + 1;
    for (int x = 0; x < size[0]; x++) {
        seed = seed * 1664525u + 1013904223u;
        row[x * 3] = (uint8_t)(x * 255 / size[0]);
        row[x * 3 + 1] = (uint8_t)(y * 255 / size[1]);
        row[x * 3 + 2] = (uint8_t)(seed >> 27);
    }
}

/* A 16384x8192 JPEG (134 megapixels, 512 MB decoded) opens shrunk to 8192x4096 with a warning
 * naming the tile command, and the process that loads it stays far below the 1 GB a place may
 * take (loaded in a child, whose peak resident memory the kernel reports). */
static void test_huge_jpeg(void)
{
    char *path = pv_asprintf("%s/huge.jpg", s_dir);
    int size[2] = {16384, 8192};
    CHECK(write_jpeg_rows(path, size[0], size[1], 60, noisy_row, size));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        asset_pano_desc d = {.path = path, .max_width = 16384};
        asset_equirect *e = NULL;
        char why[512];
        int code = 0;
        if (asset_equirect_load(&d, &e, why, sizeof(why)) != PV_OK) {
            printf("  huge: %s\n", why);
            code = 1;
        } else {
            printf("  huge: 16384x8192 shown at %dx%d, %d levels: %s\n", e->width, e->height,
                   e->levels, e->warning);
            if (e->width != 8192 || e->height != 4096 || e->source_width != 16384 ||
                !strstr(e->warning, "pavilion tile"))
                code = 2;
        }
        asset_equirect_free(&e);
        fflush(stdout);
        _exit(code);
    }
    int status = 0;
    struct rusage ru;
    CHECK(pid > 0 && wait4(pid, &status, 0, &ru) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    printf("  huge: the loading process peaked at %ld MB resident\n", ru.ru_maxrss / 1024);
#if defined(__SANITIZE_ADDRESS__) || UNDER_TSAN
    printf("  (not held to a memory bound under a sanitizer: its shadow memory counts)\n");
#else
    CHECK(ru.ru_maxrss / 1024 < 600);
#endif
    unlink(path);
    free(path);
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "pano-test");
    test_mapping();
    test_mips_linear();
    test_pipeline_matches_plain();
    test_equirect();
    test_bad_files();
    test_fit_scale();
    test_huge_jpeg();
    check_rmdir(s_dir);
    return check_done();
}
