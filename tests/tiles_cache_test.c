/* tiles_cache_test: a panorama too large to be shown as one image is shown shrunk at once and
 * cut once into the tile cache (a temporary XDG_CACHE_HOME here), then shown from the cut
 * pyramid: every pixel, in bounded memory. Checks the cache (keyed by the file, reused, a cut
 * interrupted by a kill or a cancel never trusted and cleaned, least recently used pyramids
 * evicted beyond the cap, an unwritable cache an error), the loader's two results (the shrunk
 * image, then the pyramid; a second open the pyramid directly), and a 16384x8192 JPEG opened
 * in a child under a memory bound (peak resident memory, and an address space capped with
 * RLIMIT_AS at 1.5 GB beyond what the process maps with GL up) whose tiled view at a narrow
 * field of view is closer to the exact render than the shrunk image was, while a wide view
 * matches the shrunk one (no jump at the switch). Under an absurd cap (64 MB beyond) the
 * child stops with a message saying memory ran out, never a crash. Skipped under the
 * sanitizers (their shadow memory reserves terabytes of address space). */
#include "app/app.h"
#include "app/app_internal.h"
#include "asset/asset.h"
#include "asset/tiles.h"
#include "check.h"
#include "core/view.h"
#include "gfx/gfx.h"
#include "../tools/common/jpeg_rows.h"
#include "platform/platform.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char s_dir[256];

/* The test image's pixel (x, y) of a w-wide image: a coarse pattern of blocks (what a wide view
 * shows) under ripples about 6 pixels long (what only the full resolution shows). */
static void pixel_at(int w, int x, int y, uint8_t rgb[3])
{
    int bx = x * 32 / w, by = y * 16 / (w / 2);
    /* grey ripples: JPEG keeps colour at half resolution, but brightness at full */
    double r = 40.0 * sin(x * 1.05) * cos(y * 0.95);
    rgb[0] = (uint8_t)lrint(110 + 40 * ((bx + by) & 1) + r);
    rgb[1] = (uint8_t)lrint(100 + 9 * (bx % 8) + r);
    rgb[2] = (uint8_t)lrint(90 + 11 * (by % 8) + r);
}

static void image_row(void *user, int y, uint8_t *rgb)
{
    int w = *(const int *)user;
    for (int x = 0; x < w; x++)
        pixel_at(w, x, y, rgb + x * 3);
}

static void fetch_image(void *user, int x, int y, uint8_t rgb[3])
{
    pixel_at(*(const int *)user, x, y, rgb);
}

static char *write_pano(const char *name, int w)
{
    char *path = pv_asprintf("%s/%s", s_dir, name);
    CHECK(write_jpeg_rows(path, w, w / 2, 92, image_row, &w));
    return path;
}

static int count_entries(const char *root, const char *with)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "ls -1 '%s' 2>/dev/null | grep -c -- '%s'", root, with);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p && fscanf(p, "%d", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    return n;
}

static void kill_self_midway(void *user, double fraction)
{
    (void)user;
    if (fraction > 0.3)
        raise(SIGKILL);
}

static void cancel_midway(void *user, double fraction)
{
    if (fraction > 0.3)
        atomic_store((atomic_int *)user, 1);
}

/* The cache itself: keyed by the file, reused, interruptions never trusted, eviction. */
static void test_cache(void)
{
    char root[512], dir[4096], dir2[4096], why[512];
    asset_tiles_source src;
    char *pano = write_pano("small.jpg", 2048);
    CHECK(asset_tiles_cache_root(root, sizeof(root)));
    CHECK(strstr(root, s_dir) == root && strstr(root, "/pavilion/tiles"));
    CHECK(!asset_tiles_cache_find(pano, &src, dir, sizeof(dir)));

    /* A cut killed halfway leaves its temporary folder: never read, removed by the next cut. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        asset_tiles_cache_make(&(asset_tiles_cache_desc){.pano = pano,
                                                         .progress = kill_self_midway},
                               &src, dir, sizeof(dir), why, sizeof(why));
        _exit(3);
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));
    CHECK(count_entries(root, ".tmp-") == 1);
    CHECK(!asset_tiles_cache_find(pano, &src, dir, sizeof(dir)));

    /* A cancelled cut leaves nothing. */
    atomic_int cancel = 0;
    CHECK(asset_tiles_cache_make(&(asset_tiles_cache_desc){.pano = pano, .cancel = &cancel,
                                                           .progress = cancel_midway,
                                                           .user = &cancel},
                                 &src, dir, sizeof(dir), why, sizeof(why)) == PV_ERR_CANCELLED);
    CHECK(!asset_tiles_cache_find(pano, &src, dir, sizeof(dir)));
    CHECK(count_entries(root, ".tmp-") == 0); /* the killed one's too: its process is gone */

    asset_tiles_cut_stats st = {0};
    CHECK(asset_tiles_cache_make(&(asset_tiles_cache_desc){.pano = pano, .stats = &st}, &src,
                                 dir, sizeof(dir), why, sizeof(why)) == PV_OK);
    printf("cache: 2048x1024 cut into %s: %d files, %.1f MB\n", dir, st.tiles, st.bytes / 1e6);
    CHECK(st.tiles > 6 && src.layout.face_size == 648 && src.dir == dir);
    CHECK(count_entries(root, "") == 1);
    CHECK(asset_tiles_cache_find(pano, &src, dir2, sizeof(dir2)) && strcmp(dir, dir2) == 0);
    CHECK(src.layout.levels == 2 && src.layout.tile_size == 512);
    char tile[4200];
    snprintf(tile, sizeof(tile), "%s/2/f1_1.jpg", dir);
    CHECK(pv_file_exists(tile));

    /* A second make finds it (nothing cut again). */
    st.tiles = -1;
    CHECK(asset_tiles_cache_make(&(asset_tiles_cache_desc){.pano = pano, .stats = &st}, &src,
                                 dir2, sizeof(dir2), why, sizeof(why)) == PV_OK);
    CHECK(strcmp(dir, dir2) == 0 && st.tiles == -1);

    /* The file changed (its time): another key, not found. */
    struct timeval tv[2] = {{1000000000, 0}, {1000000000, 0}};
    CHECK(utimes(pano, tv) == 0);
    CHECK(!asset_tiles_cache_find(pano, &src, dir2, sizeof(dir2)));

    /* Beyond the cap, the least recently used pyramid goes, never the one just made. */
    setenv("PAVILION_TILE_CACHE_MB", "0", 1);
    CHECK(asset_tiles_cache_make(&(asset_tiles_cache_desc){.pano = pano}, &src, dir2,
                                 sizeof(dir2), why, sizeof(why)) == PV_OK);
    CHECK(strcmp(dir, dir2) != 0);
    CHECK(count_entries(root, "") == 1);
    CHECK(asset_tiles_cache_find(pano, &src, dir2, sizeof(dir2)));
    unsetenv("PAVILION_TILE_CACHE_MB");
    CHECK(asset_tiles_cache_cap() == (uint64_t)ASSET_TILES_CACHE_DEFAULT_MB << 20);

    /* A cache that cannot be written (a file where its folder should be): an error naming it. */
    char *blocked = pv_asprintf("%s/blocked", s_dir), *saved = pv_strdup(getenv("XDG_CACHE_HOME"));
    FILE *f = fopen(blocked, "w");
    CHECK(f && fclose(f) == 0);
    setenv("XDG_CACHE_HOME", blocked, 1);
    CHECK(asset_tiles_cache_make(&(asset_tiles_cache_desc){.pano = pano}, &src, dir2,
                                 sizeof(dir2), why, sizeof(why)) == PV_ERR_IO);
    printf("cache: unwritable: %s\n", why);
    CHECK(strstr(why, "cannot write the tile cache") && strstr(why, "blocked"));
    setenv("XDG_CACHE_HOME", saved, 1);
    free(saved);
    free(blocked);

    CHECK(asset_tiles_cache_wanted(ASSET_IMAGE_JPEG, 16384, 8192, 16384));
    CHECK(asset_tiles_cache_wanted(ASSET_IMAGE_JPEG, 2048, 1024, 512));
    CHECK(!asset_tiles_cache_wanted(ASSET_IMAGE_JPEG, 8192, 4096, 16384));
    CHECK(!asset_tiles_cache_wanted(ASSET_IMAGE_PNG, 16384, 8192, 16384));
    free(pano);
}

static bool next_result(asset_loader *l, asset_job_result *r)
{
    for (int i = 0; i < 90000; i++) { /* 15 minutes: a loaded machine */
        if (asset_loader_poll(l, r))
            return true;
        pv_sleep_ms(10);
    }
    return false;
}

/* The loader: a panorama wider than it shows (max width 512 here) comes shrunk, then as the
 * cut pyramid; opened again, as the pyramid at once. An unwritable cache: a reason, no
 * pyramid. */
static void test_loader(void)
{
    char *pano = write_pano("wide.jpg", 2048);
    asset_job_result r;
    asset_loader *l = asset_loader_create(NULL, NULL, 512);
    asset_loader_request(l, 0, pano, 1, 10);
    CHECK(next_result(l, &r) && r.equirect && !r.tiles_cut);
    CHECK(r.equirect && r.equirect->width == 512 && r.equirect->source_width == 2048);
    asset_equirect_free(&r.equirect);
    CHECK(next_result(l, &r) && r.tiles_cut && r.tiles && r.result == PV_OK);
    if (r.tiles)
        CHECK(asset_tile_stream_layout(r.tiles)->face_size == 648);
    asset_tile_stream_close(&r.tiles);
    asset_loader_request(l, 0, pano, 1, 10);
    CHECK(next_result(l, &r) && r.tiles && !r.tiles_cut && !r.equirect);
    asset_tile_stream_close(&r.tiles);
    asset_loader_destroy(&l);

    char *blocked = pv_asprintf("%s/blocked2", s_dir), *saved = pv_strdup(getenv("XDG_CACHE_HOME"));
    FILE *f = fopen(blocked, "w");
    CHECK(f && fclose(f) == 0);
    setenv("XDG_CACHE_HOME", blocked, 1);
    l = asset_loader_create(NULL, NULL, 512);
    asset_loader_request(l, 0, pano, 1, 10);
    CHECK(next_result(l, &r) && r.equirect);
    asset_equirect_free(&r.equirect);
    CHECK(next_result(l, &r) && r.tiles_cut && !r.tiles && strstr(r.why, "blocked2"));
    asset_loader_destroy(&l);
    setenv("XDG_CACHE_HOME", saved, 1);
    free(saved);
    free(blocked);
    free(pano);
}

enum { NW = 640, NH = 360, WW = 320, WH = 180 };
static const pv_view s_narrow = {20, 5, 15}, s_wide = {-30, 10, 90};

static void render(gfx *g, gfx_pano *p, const pv_view *v, int w, int h, const char *name)
{
    gfx_target *t = gfx_target_create(g, w, h);
    gfx_target_bind(g, t);
    const float bg[3] = {1, 0, 1};
    gfx_pano_sharpen(g, p, v, w, h);
    gfx_begin(g, w, h, bg);
    gfx_draw_pano(g, p, v, w, h, 1.0f);
    uint8_t *px = malloc((size_t)w * h * 4);
    gfx_read_pixels(g, w, h, px);
    char *path = pv_asprintf("%s/%s.rgba", s_dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(px, 1, (size_t)w * h * 4, f);
        fclose(f);
    }
    free(path);
    free(px);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &t);
}

static uint8_t *read_picture(const char *name, int w, int h)
{
    char *path = pv_asprintf("%s/%s.rgba", s_dir, name);
    uint8_t *px = calloc((size_t)w * h, 4);
    FILE *f = fopen(path, "rb");
    bool ok = f && fread(px, 1, (size_t)w * h * 4, f) == (size_t)w * h * 4;
    if (f)
        fclose(f);
    free(path);
    CHECK(ok);
    return px;
}

/* The address space this process maps now (code, libraries, the GL driver), in MB. */
static long mapped_mb(void)
{
    long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f || fscanf(f, "%ld", &pages) != 1)
        pages = 0;
    if (f)
        fclose(f);
    return pages * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

/* The child: opens the JPEG as the viewer does (shrunk image first, then the cut pyramid) and
 * draws both at the narrow and the wide view into files. Once its GL context is up, its
 * address space is capped (RLIMIT_AS) at what it maps then plus `room_mb`. */
static int huge_child(const char *pano, long room_mb)
{
    platform *plat = NULL;
    gfx *g = NULL;
    platform_desc pd = {.width = 64, .height = 64, .offscreen = true};
    if (platform_create(&pd, &plat) != PV_OK || gfx_create(&g) != PV_OK)
        return 2;
    long base = mapped_mb();
    struct rlimit cap = {.rlim_cur = (rlim_t)(base + room_mb) << 20,
                         .rlim_max = (rlim_t)(base + room_mb) << 20};
    if (setrlimit(RLIMIT_AS, &cap) != 0)
        return 5;
    printf("huge: address space capped at %ld MB (%ld mapped with GL up)\n", base + room_mb,
           base);
    fflush(stdout);
    asset_loader *l = asset_loader_create(NULL, NULL, gfx_max_texture_size(g));
    asset_loader_request(l, 0, pano, 1, 10);
    asset_job_result r;
    if (!next_result(l, &r) || !r.equirect) {
        fprintf(stderr, "huge: no picture: %s\n", r.why);
        return 3;
    }
    printf("huge: shown first at %dx%d\n", r.equirect->width, r.equirect->height);
    gfx_pano *shrunk = gfx_pano_create_equirect(g, r.equirect);
    asset_equirect_free(&r.equirect);
    render(g, shrunk, &s_narrow, NW, NH, "shrunk-narrow");
    render(g, shrunk, &s_wide, WW, WH, "shrunk-wide");
    if (!next_result(l, &r) || !r.tiles_cut || !r.tiles) {
        printf("huge: no pyramid: %s\n", r.why);
        return 4;
    }
    printf("huge: cut in %.1f s (wall)\n", r.seconds);
    gfx_pano *tiled = gfx_pano_create_tiled(g, r.tiles);
    render(g, tiled, &s_narrow, NW, NH, "tiled-narrow");
    render(g, tiled, &s_wide, WW, WH, "tiled-wide");
    gfx_pano_destroy(g, &tiled);
    gfx_pano_destroy(g, &shrunk);
    asset_loader_destroy(&l);
    gfx_destroy(&g);
    platform_destroy(&plat);
    fflush(stdout);
    return 0;
}

/* What `pavilion check` says of the scene's huge panorama, stdout and stderr together. */
static char *check_says(const char *scene)
{
    char *log = pv_asprintf("%s/check.log", s_dir);
    fflush(stdout);
    fflush(stderr);
    int out = dup(1), err = dup(2), fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    app_check(scene);
    fflush(stdout);
    fflush(stderr);
    dup2(out, 1);
    dup2(err, 2);
    close(out);
    close(err);
    close(fd);
    uint8_t *text = NULL;
    size_t n = 0;
    char why[256];
    if (pv_file_read(log, &text, &n, why, sizeof(why)) != PV_OK)
        text = (uint8_t *)pv_strdup("");
    free(log);
    return (char *)text;
}

static void test_huge(void)
{
    if (getenv("TILES_TEST_QUICK")) {
        printf("skip: the 16384x8192 panorama (TILES_TEST_QUICK is set)\n");
        return;
    }
#if defined(__SANITIZE_THREAD__)
    const bool sanitized = true;
#else
    const bool sanitized = UNDER_ASAN;
#endif
    if (sanitized) { /* minutes there, and no memory bound to hold: the small cases ran */
        printf("skip: the 16384x8192 panorama under a sanitizer\n");
        return;
    }
    int w = 16384;
    char *pano = write_pano("huge.jpg", w);
    char *scene = pv_asprintf("%s/scene.json", s_dir);
    FILE *sf = fopen(scene, "w");
    CHECK(sf && fputs("{\"format\": \"pavilion/1\", \"places\": [{\"id\": \"hq\", "
                      "\"panorama\": \"huge.jpg\"}]}\n", sf) >= 0 && fclose(sf) == 0);
    char *said = check_says(scene);
    printf("huge: check before the cut: %s", said);
    CHECK(strstr(said, "16384x8192") && strstr(said, "shows it shrunk at first") &&
          strstr(said, "pavilion/tiles"));
    free(said);
    /* Under an absurd cap (64 MB beyond what the process maps with GL up): a clear message,
     * an exit or an abort after it, never a crash. */
    char *err = pv_asprintf("%s/capped.err", s_dir);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        _exit(huge_child(pano, 64));
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    uint8_t *text = NULL;
    size_t text_n = 0;
    char why[256];
    if (pv_file_read(err, &text, &text_n, why, sizeof(why)) != PV_OK)
        text = (uint8_t *)pv_strdup("");
    printf("huge: under a cap of 64 MB more: %s %d, said: %s\n",
           WIFEXITED(status) ? "exit" : "signal",
           WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), (char *)text);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) != 0) ||
          (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT));
    CHECK(strstr((char *)text, "memory") != NULL);
    free(text);
    free(err);

    /* Under a sensible cap (1.5 GB beyond code and GL): the whole way. */
    fflush(stdout);
    pid = fork();
    if (pid == 0)
        _exit(huge_child(pano, 1536));
    struct rusage ru;
    CHECK(pid > 0 && wait4(pid, &status, 0, &ru) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
                 ru.ru_stime.tv_usec / 1e6;
    printf("huge: 16384x8192 opened, shown shrunk, cut and shown tiled: peak %ld MB resident, "
           "%.1f s of CPU\n", ru.ru_maxrss / 1024, cpu);
    CHECK(ru.ru_maxrss / 1024 < 1024);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        goto done;

    uint8_t *ref = malloc((size_t)NW * NH * 4);
    asset_render_exact_fn(fetch_image, &w, w, w / 2, &s_narrow, NW, NH, ref);
    uint8_t *sn = read_picture("shrunk-narrow", NW, NH), *tn = read_picture("tiled-narrow", NW, NH);
    double ps = asset_picture_psnr(sn, ref, NW, NH), pt = asset_picture_psnr(tn, ref, NW, NH);
    double sharp_ref = asset_picture_sharpness(ref, NW, NH);
    double ss = asset_picture_sharpness(sn, NW, NH) / sharp_ref;
    double st = asset_picture_sharpness(tn, NW, NH) / sharp_ref;
    printf("huge: narrow view against the exact render: shrunk %.1f dB, sharpness %.2f; "
           "tiled %.1f dB, sharpness %.2f\n", ps, ss, pt, st);
    if (getenv("TILES_CACHE_KEEP")) { /* the pictures, for a person to look at */
        char *n1 = pv_asprintf("%s/ref.png", s_dir), *n2 = pv_asprintf("%s/shrunk.png", s_dir),
             *n3 = pv_asprintf("%s/tiled.png", s_dir);
        app_write_png(n1, NW, NH, ref);
        app_write_png(n2, NW, NH, sn);
        app_write_png(n3, NW, NH, tn);
        free(n1);
        free(n2);
        free(n3);
    }
    CHECK(pt >= ps + 6.0);
    CHECK(fabs(st - 1.0) < fabs(ss - 1.0) && st > 0.6);
    uint8_t *sw = read_picture("shrunk-wide", WW, WH), *tw = read_picture("tiled-wide", WW, WH);
    double pw = asset_picture_psnr(sw, tw, WW, WH);
    printf("huge: wide view, tiled against shrunk (the switch): %.1f dB\n", pw);
    CHECK(pw >= 30.0);
    said = check_says(scene);
    printf("huge: check after the cut: %s", said);
    CHECK(strstr(said, "shows every pixel from the tiles it cut into"));
    free(said);
    free(ref);
    free(sn);
    free(tn);
    free(sw);
    free(tw);
done:
    unlink(pano);
    free(pano);
    free(scene);
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "tiles-cache-test");
    char *cache = pv_asprintf("%s/cache", s_dir);
    setenv("XDG_CACHE_HOME", cache, 1);
    unsetenv("PAVILION_TILE_CACHE_MB");
    test_cache();
    test_loader();
    test_huge();
    free(cache);
    if (getenv("TILES_CACHE_KEEP")) /* the pictures, for a person to look at */
        printf("kept %s\n", s_dir);
    else
        check_rmdir(s_dir);
    return check_done();
}
