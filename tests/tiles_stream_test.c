/* tiles_stream_test: a multires pyramid streamed by view (asset/tiles.h), without GL. The
 * level a view needs; the tiles in view against a pixel-by-pixel reference (every pixel's
 * tile listed, and nothing listed that a slightly wider view does not show); a stream over a
 * cut pyramid: level 1 at once, the view's tiles decoded on its thread, the least recently
 * drawn evicted under a small budget (never level 1 or what is on screen); and Pannellum's
 * example pyramid (../shared, skipped without it) streamed as it is. */
#include "asset/tiles.h"
#include "check.h"
#include "tiles_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <turbojpeg.h>

static char s_work[256];

static bool listed(const asset_tile_key *keys, int n, int face, int x, int y)
{
    for (int i = 0; i < n; i++)
        if (keys[i].face == face && keys[i].x == x && keys[i].y == y)
            return true;
    return false;
}

/* Marks the tiles that the pixels of a view show. */
static void pixel_tiles(const asset_tiles_layout *l, int level, const pv_view *v, int w, int h,
                        uint8_t *hit)
{
    int n = asset_tiles_level_size(l, level), per = asset_tiles_per_side(l, level);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float d[3];
            pv_view_unproject(v, w, h, (float)x + 0.5f, (float)y + 0.5f, d);
            int f = 0;
            double u = 0, vv = 0;
            dir_face(d, &f, &u, &vv);
            int tx = pv_clampi((int)(u * n) / l->tile_size, 0, per - 1);
            int ty = pv_clampi((int)(vv * n) / l->tile_size, 0, per - 1);
            hit[(f * per + ty) * per + tx] = 1;
        }
}

static void test_selection(void)
{
    asset_tiles_layout l = {.face_size = 2048, .tile_size = 512, .levels = 3};
    /* 1280 pixels over 90 degrees: 1280 texels a face at the centre -> 2048 (level 3). */
    CHECK(asset_tiles_view_level(&l, &(pv_view){0, 0, 90}, 1280, 720) == 3);
    CHECK(asset_tiles_view_level(&l, &(pv_view){0, 0, 120}, 1280, 720) == 2); /* 739 */
    CHECK(asset_tiles_view_level(&l, &(pv_view){0, 0, 170}, 1280, 720) == 1); /* 112 */
    CHECK(asset_tiles_view_level(&l, &(pv_view){0, 0, 20}, 1280, 720) == 3);  /* the finest */
    CHECK(asset_tiles_view_level(&l, &(pv_view){0, 0, 90}, 1000, 720) == 2);  /* 1000 */

    /* Straight ahead, 60 degrees: the front face's columns 0-3, rows 1-2. */
    asset_tile_key keys[200];
    int n = asset_tiles_in_view(&l, 3, &(pv_view){0, 0, 60}, 1280, 720, 0, keys, 200);
    CHECK(n == 8);
    for (int i = 0; i < n && i < 200; i++)
        CHECK(keys[i].face == ASSET_FACE_FRONT && keys[i].level == 3 && keys[i].y >= 1 &&
              keys[i].y <= 2);
    /* Counting without room. */
    CHECK(asset_tiles_in_view(&l, 3, &(pv_view){0, 0, 60}, 1280, 720, 0, NULL, 0) == 8);

    /* Against the pixels, at face corners, the seam and both poles. */
    const pv_view views[] = {{45, 0, 90}, {180, 10, 100}, {10, 89, 90}, {-30, -60, 120},
                             {-135, 35, 40}, {0, -90, 60}};
    const int W = 320, H = 180;
    for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
        int per = asset_tiles_per_side(&l, 3);
        uint8_t *hit = calloc((size_t)(ASSET_FACE_COUNT * per * per), 1);
        uint8_t *wide = calloc((size_t)(ASSET_FACE_COUNT * per * per), 1);
        pixel_tiles(&l, 3, &views[i], W, H, hit);
        pv_view wider = views[i];
        wider.fov = (float)PV_RAD2DEG(2 * atan(tan(PV_DEG2RAD(views[i].fov) / 2) * 1.03));
        pixel_tiles(&l, 3, &wider, W * 103 / 100, H * 103 / 100, wide);
        n = asset_tiles_in_view(&l, 3, &views[i], W, H, 0, keys, 200);
        int missed = 0, extra = 0;
        for (int f = 0; f < ASSET_FACE_COUNT; f++)
            for (int y = 0; y < per; y++)
                for (int x = 0; x < per; x++) {
                    bool in = listed(keys, n, f, x, y);
                    missed += hit[(f * per + y) * per + x] && !in;
                    extra += in && !wide[(f * per + y) * per + x];
                }
        printf("view %.0f,%.0f,%.0f: %d tiles listed, %d missed, %d not shown\n",
               views[i].yaw, views[i].pitch, views[i].fov, n, missed, extra);
        CHECK(n > 0 && missed == 0 && extra == 0);
        free(hit);
        free(wide);
    }
    /* Looking up: the up face, never the down face. */
    n = asset_tiles_in_view(&l, 3, &(pv_view){0, 90, 60}, 640, 360, 0, keys, 200);
    bool up = false, down = false;
    for (int i = 0; i < n; i++) {
        up |= keys[i].face == ASSET_FACE_UP;
        down |= keys[i].face == ASSET_FACE_DOWN;
    }
    CHECK(up && !down);
}

/* A 1024x512 panorama, smooth colours, cut into faces of 256 in tiles of 64 (3 levels). */
static bool make_pyramid(const char *dir, asset_tiles_layout *lay)
{
    const int w = 1024, h = 512;
    uint8_t *px = malloc((size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + 3 * ((size_t)y * w + x);
            p[0] = (uint8_t)(128 + 100 * sin(x * 2 * PV_PI / w));
            p[1] = (uint8_t)(128 + 100 * sin(y * PV_PI / h - PV_PI / 2));
            p[2] = (uint8_t)((x ^ y) & 255);
        }
    return fixture_pyramid(s_work, px, w, h, dir, 64, 256, lay) && lay->levels == 3;
}

static uint32_t s_next_id = 1;

/* Plans, waits for the worker, "uploads" (a fake handle per tile) until the view is sharp;
 * returns how many tiles were decoded for it. */
static int settle(asset_tile_stream *s, const pv_view *v, asset_tile_plan *plan)
{
    asset_tile_quad quads[256];
    int uploaded = 0;
    for (int round = 0; round < 20; round++) {
        asset_tile_upload up;
        while (asset_tile_stream_take(s, &up)) {
            CHECK(up.pixels[0] && up.width > 0 && up.height > 0);
            asset_tile_stream_placed(s, up.slot, s_next_id++);
            uploaded++;
        }
        uint32_t gone[64];
        while (asset_tile_stream_evicted(s, gone, 64) > 0) {
        }
        asset_tile_stream_plan(s, v, 400, 300, quads, 256, plan);
        if (plan->missing == 0)
            return uploaded;
        asset_tile_stream_wait(s);
    }
    return -1;
}

static bool view_resident(asset_tile_stream *s, const pv_view *v)
{
    asset_tile_key keys[64];
    int n = asset_tiles_in_view(asset_tile_stream_layout(s), 3, v, 400, 300, 0, keys, 64);
    for (int i = 0; i < n; i++)
        if (!asset_tile_stream_is_resident(s, keys[i]))
            return false;
    return n > 0;
}

/* A fake GPU for test_borders: each handle's texture as uploaded, borders replaced. */
typedef struct fake_texture {
    uint8_t *px, *level[ASSET_TILE_MIP_LEVELS]; /* px = level[0] */
    int w, h;
    asset_tile_key key;
} fake_texture;

static void fake_upload(asset_tile_stream *s, fake_texture *tex, int *count, int *refreshed)
{
    asset_tile_upload up;
    while (asset_tile_stream_take(s, &up)) {
        fake_texture *t = &tex[++*count];
        for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++) {
            size_t n = (size_t)(up.width >> m) * (up.height >> m) * 4;
            t->level[m] = malloc(n);
            memcpy(t->level[m], up.pixels[m], n);
        }
        t->px = t->level[0];
        t->w = up.width;
        t->h = up.height;
        t->key = up.key;
        asset_tile_stream_placed(s, up.slot, (uint32_t)*count);
    }
    asset_tile_border b;
    while (asset_tile_stream_take_border(s, &b)) {
        fake_texture *t = &tex[b.gpu];
        for (int i = 0; i < 4 * ASSET_TILE_MIP_LEVELS; i++) {
            int lw = t->w >> b.rect[i].level;
            for (int y = 0; y < b.rect[i].h; y++)
                memcpy(t->level[b.rect[i].level] + ((size_t)(b.rect[i].y + y) * lw +
                                                    b.rect[i].x) * 4,
                       b.rect[i].pixels + (size_t)y * b.rect[i].w * 4, (size_t)b.rect[i].w * 4);
        }
        (*refreshed)++;
    }
}

/* Each tile's texture holds its neighbours' texels around it (across face edges too), also
 * when a neighbour arrived after it: its border is handed over again. */
static void test_borders(void)
{
    char dir[400];
    snprintf(dir, sizeof(dir), "%s/borders", s_work);
    asset_tiles_layout lay;
    CHECK(make_pyramid(dir, &lay));
    asset_tiles_source src = {.dir = dir, .layout = lay};
    asset_tile_stream *s = NULL;
    char why[512];
    CHECK(asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src}, &s, why,
                                 sizeof(why)) == PV_OK);
    if (!s)
        return;
    enum { MAX = 6 * 21 + 1 };
    fake_texture tex[MAX] = {{0}};
    int count = 0, refreshed = 0;
    asset_tile_quad quads[256];
    asset_tile_plan plan;
    /* One view after the other: the second's tiles border the first's, and the front face's
     * right edge meets the right face. */
    const pv_view views[] = {{0, 0, 30}, {25, 0, 30}, {45, 10, 30}};
    for (int k = 0; k < 3; k++)
        for (int round = 0; round < 20; round++) {
            fake_upload(s, tex, &count, &refreshed);
            asset_tile_stream_plan(s, &views[k], 400, 300, quads, 256, &plan);
            if (plan.missing == 0)
                break;
            asset_tile_stream_wait(s);
        }
    fake_upload(s, tex, &count, &refreshed);
    /* Every border texel whose tile is resident is that tile's texel. */
    const int b = ASSET_TILE_BORDER, t = lay.tile_size;
    int checked = 0, wrong = 0, across = 0;
    for (int h = 1; h <= count; h++) {
        asset_tile_key k = tex[h].key;
        int n = asset_tiles_level_size(&lay, k.level);
        for (int j = 0; j < tex[h].h; j++)
            for (int i = 0; i < tex[h].w; i++) {
                int fx = k.x * t + i - b, fy = k.y * t + j - b, f = k.face, crossed = 0;
                int w = asset_tiles_extent(&lay, k.level, k.x);
                int hh = asset_tiles_extent(&lay, k.level, k.y);
                if (i >= b && j >= b && i < b + w && j < b + hh)
                    continue; /* the tile itself */
                if (fx < 0 || fy < 0 || fx >= n || fy >= n) {
                    float d[3];
                    double u, v;
                    asset_cube_texel_dir(f, n, (float)fx, (float)fy, d);
                    dir_face(d, &f, &u, &v);
                    fx = pv_clampi((int)floor(u * n), 0, n - 1);
                    fy = pv_clampi((int)floor(v * n), 0, n - 1);
                    crossed = f != k.face;
                }
                asset_tile_key nk = {f, k.level, fx / t, fy / t};
                if (!asset_tile_stream_is_resident(s, nk))
                    continue;
                across += crossed;
                int other = 0;
                for (int o = 1; o <= count; o++)
                    if (!memcmp(&tex[o].key, &nk, sizeof(nk)))
                        other = o;
                const uint8_t *want = tex[other].px +
                                      ((size_t)(b + fy % t) * tex[other].w + b + fx % t) * 4;
                wrong += memcmp(tex[h].px + ((size_t)j * tex[h].w + i) * 4, want, 4) != 0;
                checked++;
            }
    }
    /* Each mip level, its border rectangles replaced, is the 2x2 average of the one above. */
    int mip_wrong = 0;
    for (int h = 1; h <= count; h++)
        for (int m = 1; m < ASSET_TILE_MIP_LEVELS; m++) {
            int lw = tex[h].w >> m, lh = tex[h].h >> m, sw = tex[h].w >> (m - 1);
            for (int y = 0; y < lh; y++)
                for (int x = 0; x < lw * 4; x++) {
                    const uint8_t *a = tex[h].level[m - 1] + ((size_t)2 * y * sw) * 4;
                    int i = (x >> 2) * 8 + (x & 3), sum = a[i] + a[i + 4] + a[sw * 4 + i] +
                                                           a[sw * 4 + i + 4];
                    mip_wrong += abs(tex[h].level[m][(size_t)y * lw * 4 + x] - (sum + 2) / 4) > 0;
                }
        }
    printf("borders: %d tiles, %d borders handed over again, %d border texels checked (%d "
           "across a face edge), %d wrong; %d mip texels wrong\n", count, refreshed, checked,
           across, wrong, mip_wrong);
    CHECK(refreshed > 0 && checked > 10000 && across > 1000 && wrong == 0 && mip_wrong == 0);
    for (int h = 1; h <= count; h++)
        for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++)
            free(tex[h].level[m]);
    asset_tile_stream_close(&s);
}

static void test_stream(void)
{
    char dir[400];
    snprintf(dir, sizeof(dir), "%s/tiles", s_work);
    asset_tiles_layout lay;
    CHECK(make_pyramid(dir, &lay));
    /* What the budget counts: each tile's texture, its border and mip levels included. */
    const size_t level1 = 6 * asset_tiles_texture_bytes(&lay, 1, 0, 0);
    const size_t tile = asset_tiles_texture_bytes(&lay, 3, 0, 0);
    asset_tiles_source src = {.dir = dir, .layout = lay};

    /* Room for level 1 and one view's 4 tiles: coming back to a view decodes it again. */
    for (int room = 4; room <= 8; room += 4) {
        asset_tile_stream *s = NULL;
        char why[512];
        CHECK(asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src,
                                     .budget_bytes = level1 + (size_t)room * tile},
                                     &s, why, sizeof(why)) == PV_OK);
        if (!s)
            return;
        /* Level 1 is decoded when the stream opens: the first plan draws the whole view. */
        asset_tile_quad quads[256];
        asset_tile_plan plan;
        asset_tile_upload up;
        int first = 0;
        while (asset_tile_stream_take(s, &up)) {
            CHECK(up.key.level == 1);
            asset_tile_stream_placed(s, up.slot, s_next_id++);
            first++;
        }
        CHECK(first == 6);
        const pv_view a = {0, 0, 30}, b = {90, 0, 30};
        int nq = asset_tile_stream_plan(s, &a, 400, 300, quads, 256, &plan);
        CHECK(plan.level == 3 && plan.tiles == 4 && plan.missing == 4 && nq == 4);
        for (int i = 0; i < nq; i++)
            CHECK(quads[i].level == 1 && quads[i].gpu != 0);
        CHECK(settle(s, &a, &plan) == 4);
        nq = asset_tile_stream_plan(s, &a, 400, 300, quads, 256, &plan);
        for (int i = 0; i < nq; i++)
            CHECK(quads[i].level == 3);
        CHECK(settle(s, &b, &plan) == 4);
        CHECK(view_resident(s, &b));
        CHECK(asset_tile_stream_bytes(s) <= level1 + (size_t)room * tile);
        int again = settle(s, &a, &plan);
        printf("budget of %d tiles: %d decoded to come back\n", room, again);
        CHECK(again == (room == 4 ? 4 : 0));
        /* Around the horizon and up and down: never over the budget, level 1 stays. */
        for (int yaw = -180; yaw < 180; yaw += 40) {
            pv_view v = {(float)yaw, (float)(yaw % 80), 30};
            CHECK(settle(s, &v, &plan) >= 0);
            CHECK(view_resident(s, &v));
            /* Over the budget only by what is on screen. */
            int keep = plan.tiles > room ? plan.tiles : room;
            CHECK(asset_tile_stream_bytes(s) <= level1 + (size_t)keep * tile);
        }
        for (int f = 0; f < ASSET_FACE_COUNT; f++)
            CHECK(asset_tile_stream_is_resident(s, (asset_tile_key){f, 1, 0, 0}));
        asset_tile_stream_stats st;
        asset_tile_stream_get_stats(s, &st);
        printf("budget of %d tiles: %d decoded, %d evicted, %d resident\n", room, st.decoded,
               st.evicted, st.resident_tiles);
        CHECK(st.evicted > 0);
        asset_tile_stream_close(&s);
    }

    /* A budget smaller than one view: what is on screen stays anyway. */
    asset_tile_stream *s = NULL;
    char why[512];
    CHECK(asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src, .budget_bytes = 1},
                                 &s, why, sizeof(why)) == PV_OK);
    asset_tile_plan plan;
    const pv_view wide = {20, 10, 60};
    CHECK(settle(s, &wide, &plan) > 0);
    CHECK(view_resident(s, &wide));
    asset_tile_stream_close(&s);

    /* A tile that is not there is drawn from level 1; a missing level-1 tile is an error. */
    char path[600];
    snprintf(path, sizeof(path), "%s/3/f2_2.jpg", dir);
    CHECK(remove(path) == 0);
    CHECK(asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src}, &s, why,
                                 sizeof(why)) == PV_OK);
    CHECK(settle(s, &(pv_view){0, 0, 30}, &plan) == 6 + 3);
    asset_tile_quad quads[16];
    int nq = asset_tile_stream_plan(s, &(pv_view){0, 0, 30}, 400, 300, quads, 16, &plan);
    int coarse = 0;
    for (int i = 0; i < nq; i++)
        coarse += quads[i].level == 1;
    CHECK(nq == 4 && coarse == 1 && plan.missing == 0);
    asset_tile_stream_close(&s);
    snprintf(path, sizeof(path), "%s/1/u0_0.jpg", dir);
    CHECK(remove(path) == 0);
    CHECK(asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src}, &s, why,
                                 sizeof(why)) != PV_OK);
    printf("missing level 1: %s\n", why);
    CHECK(s == NULL && strstr(why, "1/u0_0.jpg") != NULL);

    /* A tile that is a link out of the pyramid's folder is refused, like a scene's files. */
    char outside[600], linked[600];
    snprintf(outside, sizeof(outside), "%s/outside.jpg", s_work);
    snprintf(linked, sizeof(linked), "%s/1/f0_0.jpg", dir);
    CHECK(rename(linked, outside) == 0 && symlink(outside, path) == 0 &&
          symlink(outside, linked) == 0);
    CHECK(asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src}, &s, why,
                                 sizeof(why)) != PV_OK);
    printf("a link out of the folder: %s\n", why);
    CHECK(s == NULL && strstr(why, "1/f0_0.jpg") && strstr(why, "outside"));
}

/* Pannellum's example multires pyramid, as its author made it (PNG tiles, "%s%x%y" names). */
static void test_pannellum(void)
{
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/tours/pannellum/multires", TEST_SHARED_DIR);
    struct stat st;
    if (stat(dir, &st) != 0) {
        check_skip("%s is absent (Pannellum's multires example)", dir);
        return;
    }
    asset_tiles_source src = {.dir = dir, .pattern = "/%l/%s%x%y", .extension = "png",
                              .layout = {.face_size = 2048, .tile_size = 256, .levels = 4}};
    asset_tile_stream *s = NULL;
    char why[512] = "";
    CHECK(asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src}, &s, why,
                                 sizeof(why)) == PV_OK);
    if (!s) {
        printf("pannellum: %s\n", why);
        return;
    }
    asset_tile_plan plan;
    int decoded = settle(s, &(pv_view){-60, 10, 40}, &plan);
    printf("pannellum example: level %d, %d tiles in view, %d decoded\n", plan.level,
           plan.tiles, decoded);
    CHECK(plan.level == 4 && plan.tiles > 0 && decoded >= 6 + plan.tiles);
    asset_tile_stream_stats stats;
    asset_tile_stream_get_stats(s, &stats);
    CHECK(stats.decoded == decoded);
    asset_tile_stream_close(&s);
}

int main(void)
{
    check_tmpdir(s_work, sizeof(s_work), "tiles-stream");
    test_selection();
    test_borders();
    test_stream();
    test_pannellum();
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s_work);
    if (system(cmd) != 0)
        printf("could not remove %s\n", s_work);
    return check_done();
}
