/* tiles_test: Pannellum's multires layout and the cutter (asset/tiles.h): level sizes and
 * counts, path patterns, the pyramid a small generated panorama gives (every tile's name and
 * size, partial edge tiles, fallback faces, config.json), the direction every face texel shows
 * (a panorama whose colour encodes its direction), Pannellum's own cube faces of its example
 * panorama (../shared, skipped without it), bad input, and an 8192x4096 JPEG cut with less
 * address space than the image takes. */
#include "asset/tiles.h"
#include "check.h"
#include "../tools/common/jpeg_rows.h"

#include <stdio.h>
#include <jpeglib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <turbojpeg.h>

static char s_work[256];

/* The colour a direction shows: red and blue from the yaw, green from the pitch, all smooth
 * (no edge at yaw 180), so every direction has its own colour. */
static void dir_colour(double yaw, double pitch, double rgb[3])
{
    rgb[0] = 128 + 100 * sin(yaw);
    rgb[1] = 128 + 110 * sin(pitch);
    rgb[2] = 128 + 100 * cos(yaw) * cos(pitch);
}

/* Row y of a w x w/2 equirectangular image of dir_colour. */
static void pano_row(void *user, int y, uint8_t *row)
{
    int w = *(const int *)user, h = w / 2;
    double pitch = (0.5 - (y + 0.5) / h) * PV_PI;
    for (int x = 0; x < w; x++) {
        double yaw = ((x + 0.5) / w - 0.5) * 2 * PV_PI, rgb[3];
        dir_colour(yaw, pitch, rgb);
        for (int k = 0; k < 3; k++)
            row[3 * x + k] = (uint8_t)(rgb[k] + 0.5);
    }
}

/* Writes a w x w/2 equirectangular JPEG row by row (a 16K image never sits in memory). */
static bool write_pano(const char *path, int w, int quality)
{
    return write_jpeg_rows(path, w, w / 2, quality, pano_row, &w);
}

static void test_layout(void)
{
    asset_tiles_layout pannellum = {.face_size = 2048, .tile_size = 256, .levels = 4};
    CHECK(asset_tiles_default_levels(2048, 256) == 4);   /* the example in ../shared */
    CHECK(asset_tiles_default_levels(5208, 512) == 5);
    CHECK(asset_tiles_default_levels(512, 512) == 1);
    CHECK(asset_tiles_default_levels(513, 512) == 2);
    CHECK(asset_tiles_default_face_size(4096) == 1296);  /* 8 * floor(4096 / pi / 8) */
    CHECK(asset_tiles_default_face_size(16384) == 5208);
    CHECK(asset_tiles_level_size(&pannellum, 1) == 256);
    CHECK(asset_tiles_level_size(&pannellum, 4) == 2048);
    CHECK(asset_tiles_level_size(&pannellum, 5) == 0);
    CHECK(asset_tiles_per_side(&pannellum, 3) == 4);
    CHECK(asset_tiles_layout_problem(&pannellum) == NULL);
    asset_tiles_layout odd = {.face_size = 5208, .tile_size = 512, .levels = 5};
    CHECK(asset_tiles_level_size(&odd, 2) == 651);
    CHECK(asset_tiles_level_size(&odd, 1) == 325);
    CHECK(asset_tiles_per_side(&odd, 5) == 11);
    CHECK(asset_tiles_extent(&odd, 5, 10) == 5208 - 5120);
    CHECK(asset_tiles_extent(&odd, 2, 1) == 651 - 512);
    CHECK(asset_tiles_extent(&odd, 2, 2) == 0);
    odd.levels = 4; /* level 1 would be 651: two tiles, which Pannellum never asks for */
    CHECK(asset_tiles_layout_problem(&odd) != NULL);
    odd.levels = 14;
    CHECK(asset_tiles_layout_problem(&odd) != NULL);

    char s[64];
    asset_tiles_format("/%l/%s%y_%x", ASSET_FACE_UP, 3, 2, 1, s, sizeof(s));
    CHECK_STR(s, "/3/u1_2");
    asset_tiles_format("/%l/%s%x%y", ASSET_FACE_LEFT, 4, 7, 0, s, sizeof(s));
    CHECK_STR(s, "/4/l70");
    asset_tiles_format("/%l0/%s/%y/%x", ASSET_FACE_DOWN, 1, 0, 0, s, sizeof(s));
    CHECK_STR(s, "/0/d/0/0");
    asset_tiles_format("/fallback/%s", ASSET_FACE_BACK, 0, 0, 0, s, sizeof(s));
    CHECK_STR(s, "/fallback/b");
    asset_tiles_format("/%l/%s%y_%x", ASSET_FACE_FRONT, 12, 10, 11, s, 6);
    CHECK(strlen(s) == 5); /* cut, terminated */
}

static bool probe(const char *path, int *w, int *h)
{
    asset_image_kind kind;
    char why[256];
    return asset_image_probe(path, &kind, w, h, why, sizeof(why)) == PV_OK &&
           kind == ASSET_IMAGE_JPEG;
}

/* A 1024x512 panorama, 64-texel tiles: faces of 320 -> levels 320, 160, 80, 40. */
static void test_small_pyramid(void)
{
    char pano[300], out[300], path[512];
    snprintf(pano, sizeof(pano), "%s/small.jpg", s_work);
    snprintf(out, sizeof(out), "%s/small-tiles", s_work);
    CHECK(write_pano(pano, 1024, 95));
    asset_tiles_layout lay;
    asset_tiles_cut_stats st;
    char why[512] = "";
    asset_tiles_cut_desc d = {.input = pano, .out_dir = out, .tile_size = 64, .quality = 95,
                              .fallback_size = 100};
    pv_result r = asset_tiles_cut(&d, &lay, &st, why, sizeof(why));
    if (r != PV_OK)
        fprintf(stderr, "cut: %s\n", why);
    CHECK(r == PV_OK);
    CHECK(lay.face_size == 320 && lay.tile_size == 64 && lay.levels == 4);
    static const int sizes[5] = {0, 40, 80, 160, 320}, counts[5] = {0, 1, 2, 3, 5};
    int files = 0, ok_size = 0, expected = 0;
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        for (int l = 1; l <= 4; l++) {
            CHECK(asset_tiles_level_size(&lay, l) == sizes[l]);
            for (int y = 0; y <= counts[l]; y++) {
                for (int x = 0; x <= counts[l]; x++) {
                    char rel[64];
                    asset_tiles_format("/%l/%s%y_%x", f, l, x, y, rel, sizeof(rel));
                    snprintf(path, sizeof(path), "%s%s.jpg", out, rel);
                    int w = 0, h = 0;
                    bool there = probe(path, &w, &h);
                    bool want = x < counts[l] && y < counts[l];
                    /* tiles exist exactly where the layout says, one past the edge does not */
                    CHECK(there == want);
                    if (!want)
                        continue;
                    expected++;
                    files += there;
                    int ew = sizes[l] - x * 64 < 64 ? sizes[l] - x * 64 : 64;
                    int eh = sizes[l] - y * 64 < 64 ? sizes[l] - y * 64 : 64;
                    ok_size += w == ew && h == eh;
                }
            }
        }
        snprintf(path, sizeof(path), "%s/fallback/%c.jpg", out, asset_tiles_face_letters[f]);
        int w = 0, h = 0;
        CHECK(probe(path, &w, &h) && w == 100 && h == 100);
    }
    CHECK(files == expected && expected == 6 * (1 + 4 + 9 + 25));
    CHECK(ok_size == expected); /* 320 = 4 x 64 + 64; 160 = 2 x 64 + 32; 80 = 64 + 16 */
    CHECK(st.tiles == expected + 6);
    CHECK(st.ring_bytes < (size_t)1024 * 512 * 3 / 2);

    snprintf(path, sizeof(path), "%s/config.json", out);
    uint8_t *text = NULL;
    size_t n = 0;
    CHECK(pv_file_read(path, &text, &n, why, sizeof(why)) == PV_OK);
    if (text) {
        text = realloc(text, n + 1);
        text[n] = 0;
        CHECK(strstr((char *)text, "\"path\": \"/%l/%s%y_%x\"") != NULL);
        CHECK(strstr((char *)text, "\"fallbackPath\": \"/fallback/%s\"") != NULL);
        CHECK(strstr((char *)text, "\"tileResolution\": 64") != NULL);
        CHECK(strstr((char *)text, "\"maxLevel\": 4") != NULL);
        CHECK(strstr((char *)text, "\"cubeResolution\": 320") != NULL);
        free(text);
    }

    /* Every level shows every direction where it should: decode tiles, compare each texel
     * with the colour of its direction. */
    double worst[5] = {0};
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        for (int l = 2; l <= 4; l++) {
            int n_l = sizes[l];
            for (int ty = 0; ty < counts[l]; ty++) {
                for (int tx = 0; tx < counts[l]; tx++) {
                    char rel[64];
                    asset_tiles_format("/%l/%s%y_%x", f, l, tx, ty, rel, sizeof(rel));
                    snprintf(path, sizeof(path), "%s%s.jpg", out, rel);
                    asset_image img;
                    if (asset_image_load(path, 1, &img, why, sizeof(why)) != PV_OK) {
                        CHECK(!"tile decodes");
                        continue;
                    }
                    for (int y = 2; y < img.height - 2; y += 5) {
                        for (int x = 2; x < img.width - 2; x += 5) {
                            float d3[3], yaw, pitch;
                            asset_cube_texel_dir(f, n_l, (float)(tx * 64 + x),
                                                 (float)(ty * 64 + y), d3);
                            asset_dir_to_yaw_pitch(d3, &yaw, &pitch);
                            if (fabsf(pitch) > 80) /* the pole pinches the colour field */
                                continue;
                            double want[3];
                            dir_colour(PV_DEG2RAD(yaw), PV_DEG2RAD(pitch), want);
                            const uint8_t *px = img.pixels + 4 * ((size_t)y * img.width + x);
                            for (int k = 0; k < 3; k++)
                                worst[l] = fmax(worst[l], fabs(px[k] - want[k]));
                        }
                    }
                    asset_image_free(&img);
                }
            }
        }
    }
    /* A one-texel shift at level 4 is 0.28 degrees: up to 1.1 levels of this field. Linear
     * light averaging bends the smooth field a little at coarse levels. */
    printf("tiles: largest colour error per level: %.1f %.1f %.1f\n", worst[2], worst[3],
           worst[4]);
    CHECK(worst[4] < 5.0);
    CHECK(worst[3] < 6.0);
    CHECK(worst[2] < 8.0);
}

/* Pannellum's example: examplepano.jpg and its six cube faces, made by Pannellum's author
 * from the same picture. Our faces of the same size must show the same things. */
static void test_pannellum_cube(void)
{
    char pano[512];
    snprintf(pano, sizeof(pano), "%s/tours/pannellum/examplepano.jpg", TEST_SHARED_DIR);
    if (!pv_file_exists(pano)) {
        printf("skip: %s is absent (Pannellum's cube faces)\n", pano);
        return;
    }
    char out[300], why[512], path[600];
    snprintf(out, sizeof(out), "%s/jordan", s_work);
    asset_tiles_cut_desc d = {.input = pano, .out_dir = out, .tile_size = 1584,
                              .face_size = 1584, .quality = 95, .fallback_size = -1};
    asset_tiles_layout lay;
    CHECK(asset_tiles_cut(&d, &lay, NULL, why, sizeof(why)) == PV_OK);
    CHECK(lay.levels == 1);
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        asset_image ours, theirs;
        snprintf(path, sizeof(path), "%s/1/%c0_0.jpg", out, asset_tiles_face_letters[f]);
        pv_result a = asset_image_load(path, 1, &ours, why, sizeof(why));
        snprintf(path, sizeof(path), "%s/tours/pannellum/examplepanocube%d.jpg",
                 TEST_SHARED_DIR, f);
        pv_result b = asset_image_load(path, 1, &theirs, why, sizeof(why));
        CHECK(a == PV_OK && b == PV_OK);
        if (a == PV_OK && b == PV_OK && ours.width == theirs.width) {
            /* the same face, and ours turned a quarter, a half, and mirrored: the first must
             * match best by far */
            double psnr[4];
            int n = ours.width;
            for (int t = 0; t < 4; t++) {
                double se = 0;
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        int sx = t == 0 ? x : t == 1 ? y : t == 2 ? n - 1 - x : n - 1 - x;
                        int sy = t == 0 ? y : t == 1 ? n - 1 - x : t == 2 ? n - 1 - y : y;
                        const uint8_t *p = ours.pixels + 4 * ((size_t)sy * n + sx);
                        const uint8_t *q = theirs.pixels + 4 * ((size_t)y * n + x);
                        for (int k = 0; k < 3; k++)
                            se += ((double)p[k] - q[k]) * ((double)p[k] - q[k]);
                    }
                }
                psnr[t] = 10 * log10(255.0 * 255.0 / (se / (3.0 * n * n) + 1e-9));
            }
            printf("tiles: face %c against Pannellum's: %.1f dB (turned %.1f, %.1f; mirrored "
                   "%.1f)\n", asset_tiles_face_letters[f], psnr[0], psnr[1], psnr[2], psnr[3]);
            CHECK(psnr[0] > 24.0);
            for (int t = 1; t < 4; t++)
                CHECK(psnr[0] > psnr[t] + 4.0);
        }
        CHECK(a == PV_OK && b == PV_OK && ours.width == theirs.width);
        if (a == PV_OK)
            asset_image_free(&ours);
        if (b == PV_OK)
            asset_image_free(&theirs);
    }
}

static void test_bad_input(void)
{
    char path[300], out[300], why[512];
    snprintf(out, sizeof(out), "%s/bad-tiles", s_work);
    asset_tiles_cut_desc d = {.input = path, .out_dir = out, .tile_size = 64};
    asset_tiles_layout lay;

    snprintf(path, sizeof(path), "%s/missing.jpg", s_work);
    CHECK(asset_tiles_cut(&d, &lay, NULL, why, sizeof(why)) == PV_ERR_IO);
    CHECK(strstr(why, "missing.jpg") != NULL);

    snprintf(path, sizeof(path), "%s/text.jpg", s_work);
    FILE *f = fopen(path, "w");
    fputs("not a picture at all, just words\n", f);
    fclose(f);
    CHECK(asset_tiles_cut(&d, &lay, NULL, why, sizeof(why)) == PV_ERR_FORMAT);
    CHECK(strstr(why, "text.jpg") != NULL);

    /* 3:1 is not an equirectangular panorama */
    snprintf(path, sizeof(path), "%s/wide.jpg", s_work);
    uint8_t *px = calloc(300 * 100 * 3, 1);
    tjhandle tj = tjInitCompress();
    unsigned char *buf = NULL;
    unsigned long size = 0;
    tjCompress2(tj, px, 300, 0, 100, TJPF_RGB, &buf, &size, TJSAMP_420, 80, 0);
    f = fopen(path, "wb");
    fwrite(buf, 1, size, f);
    fclose(f);
    CHECK(asset_tiles_cut(&d, &lay, NULL, why, sizeof(why)) == PV_ERR_FORMAT);

    /* a JPEG cut short: an error, no tiles half made, no crash */
    snprintf(path, sizeof(path), "%s/small.jpg", s_work);
    uint8_t *whole = NULL;
    size_t n = 0;
    CHECK(pv_file_read(path, &whole, &n, why, sizeof(why)) == PV_OK);
    snprintf(path, sizeof(path), "%s/cut-short.jpg", s_work);
    f = fopen(path, "wb");
    fwrite(whole, 1, n / 3, f);
    fclose(f);
    free(whole);
    pv_result r = asset_tiles_cut(&d, &lay, NULL, why, sizeof(why));
    CHECK(r == PV_ERR_FORMAT);
    CHECK(strstr(why, "truncated") != NULL);

    /* levels too few for the tile size */
    snprintf(path, sizeof(path), "%s/small.jpg", s_work);
    d.levels = 2;
    CHECK(asset_tiles_cut(&d, &lay, NULL, why, sizeof(why)) == PV_ERR_INVALID);
    CHECK(strstr(why, "too few levels") != NULL);
    tjFree(buf);
    tjDestroy(tj);
    free(px);
}

/* The address space this process already has mapped (libraries, heap), in bytes. */
static size_t mapped_now(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t kb = 0;
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "VmSize: %zu kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb * 1024;
}

/* 8192x4096 in a child process allowed 100 MB more address space than it has mapped: less
 * than the image alone (100.7 MB as RGB), so the cut cannot hold it whole. (The 16384x8192 cut
 * under 1 GB was measured once, in the commit that made the cutter: too slow for every run.) */
static void test_big_under_limit(void)
{
    if (UNDER_ASAN) {
        printf("skip: the 8192x4096 cut under a memory limit (AddressSanitizer reserves "
               "terabytes of address space)\n");
        return;
    }
    char pano[300], out[300];
    snprintf(pano, sizeof(pano), "%s/big.jpg", s_work);
    snprintf(out, sizeof(out), "%s/big-tiles", s_work);
    CHECK(write_pano(pano, 8192, 80));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        size_t limit = mapped_now() + ((size_t)100 << 20);
        struct rlimit lim = {.rlim_cur = limit, .rlim_max = limit};
        setrlimit(RLIMIT_AS, &lim);
        char why[512];
        asset_tiles_layout lay;
        asset_tiles_cut_stats st;
        asset_tiles_cut_desc d = {.input = pano, .out_dir = out, .quality = 70};
        pv_result r = asset_tiles_cut(&d, &lay, &st, why, sizeof(why));
        if (r != PV_OK)
            fprintf(stderr, "big cut: %s\n", why);
        printf("tiles: 8192x4096 under %.0f MB of address space -> %d levels of %d, faces %d, "
               "%d files, ring %.0f MB\n", limit / 1048576.0, lay.levels, lay.tile_size,
               lay.face_size, st.tiles, st.ring_bytes / 1e6);
        fflush(stdout);
        _exit(r == PV_OK && lay.face_size == 2600 && lay.levels == 4 ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char path[600];
    int w = 0, h = 0;
    snprintf(path, sizeof(path), "%s/4/d5_5.jpg", out); /* the corner: 2600 - 5 * 512 */
    CHECK(probe(path, &w, &h) && w == 40 && h == 40);
    snprintf(path, sizeof(path), "%s/1/f0_0.jpg", out);
    CHECK(probe(path, &w, &h) && w == 325 && h == 325);
    remove(pano);
}

int main(void)
{
    check_tmpdir(s_work, sizeof(s_work), "tiles-test");
    test_layout();
    test_small_pyramid();
    test_pannellum_cube();
    test_bad_input();
    if (getenv("TILES_TEST_QUICK"))
        printf("skip: the 8192x4096 cut (TILES_TEST_QUICK is set)\n");
    else
        test_big_under_limit();
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s_work);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", s_work);
    return check_done();
}
