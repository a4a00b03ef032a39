/* author/tile: `pavilion tile PANO.jpg --out DIR [--tile-size N] [--levels N] [--quality Q]
 * [--face-size N] [--no-fallback]`, the command line of asset_tiles_cut: a progress line on
 * stderr, Pannellum's config.json in DIR and the scene's "multires" key on stdout.
 * Main thread only. */
#include "author/author.h"
#include "asset/tiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void show_progress(void *user, double fraction)
{
    int *last = user, percent = (int)(fraction * 100.0);
    bool tty = isatty(2);
    /* A terminal gets one line redrawn; a log one line per tenth. */
    if (percent == *last || (!tty && percent / 10 == *last / 10))
        return;
    *last = percent;
    fprintf(stderr, tty ? "\rpavilion tile: %3d%%" : "pavilion tile: %3d%%\n", percent);
    fflush(stderr);
}

static int tile_usage(const char *why, const char *arg)
{
    fprintf(stderr, "pavilion tile: %s%s\nusage: pavilion tile PANO.jpg --out DIR "
            "[--tile-size 512] [--levels N] [--quality 85] [--face-size N] [--no-fallback]\n",
            why, arg ? arg : "");
    return 2;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

int author_tile(int argc, char **argv)
{
    int last_percent = -1;
    asset_tiles_cut_desc d = {.progress = show_progress, .user = &last_percent};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--out") == 0 && v) {
            d.out_dir = v;
            i++;
        } else if (strcmp(a, "--tile-size") == 0) {
            if (!parse_int(v, 16, 8192, &d.tile_size))
                return tile_usage("--tile-size takes a number from 16 to 8192", NULL);
            i++;
        } else if (strcmp(a, "--levels") == 0) {
            if (!parse_int(v, 1, ASSET_TILES_MAX_LEVELS, &d.levels))
                return tile_usage("--levels takes a number from 1 to 16", NULL);
            i++;
        } else if (strcmp(a, "--quality") == 0) {
            if (!parse_int(v, 1, 100, &d.quality))
                return tile_usage("--quality takes a number from 1 to 100", NULL);
            i++;
        } else if (strcmp(a, "--face-size") == 0) {
            if (!parse_int(v, 16, 1 << 17, &d.face_size))
                return tile_usage("--face-size takes a number from 16 to 131072", NULL);
            i++;
        } else if (strcmp(a, "--no-fallback") == 0) {
            d.fallback_size = -1;
        } else if (a[0] == '-' || d.input) {
            return tile_usage("unexpected argument ", a);
        } else {
            d.input = a;
        }
    }
    if (!d.input || !d.out_dir)
        return tile_usage("needs a panorama and --out DIR", NULL);
    asset_tiles_layout lay;
    asset_tiles_cut_stats st;
    char why[1024];
    pv_result r = asset_tiles_cut(&d, &lay, &st, why, sizeof(why));
    if (isatty(2))
        fputc('\n', stderr);
    if (r != PV_OK) {
        fprintf(stderr, "pavilion tile: error: %s\n", why);
        return 1;
    }
    fprintf(stderr, "pavilion tile: %d files, %.1f MB in %s (%.1f s); Pannellum's settings "
            "are in %s/config.json\n", st.tiles, st.bytes / 1e6, d.out_dir, st.seconds,
            d.out_dir);
    printf("\"multires\": {\"path\": \"%s\", \"tile_size\": %d, \"levels\": %d, "
           "\"face_size\": %d, \"extension\": \"jpg\"}\n", d.out_dir, lay.tile_size, lay.levels,
           lay.face_size);
    return 0;
}
