/* scene_tiles_test: places given as "cube" faces or "multires" tiles in scene files: what loads,
 * every mistake at its line:col, Pannellum's own multiRes object pasted as it is (the example
 * in ../shared, skipped without it), and `pavilion check` over a pyramid cut by asset/tiles
 * (whole, a tile missing, a tile of the wrong size). */
#include "app/app.h"
#include "asset/tiles.h"
#include "check.h"
#include "scene/scene.h"

#include <sys/stat.h>
#include <turbojpeg.h>

static char s_dir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", s_dir, rel);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

/* A grey JPEG of w x h. */
static void write_jpeg(const char *rel, int w, int h)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", s_dir, rel);
    uint8_t *px = malloc((size_t)w * h * 3);
    for (size_t i = 0; i < (size_t)w * h * 3; i++)
        px[i] = (uint8_t)(i * 7);
    tjhandle tj = tjInitCompress();
    unsigned char *buf = NULL;
    unsigned long size = 0;
    tjCompress2(tj, px, w, 0, h, TJPF_RGB, &buf, &size, TJSAMP_420, 80, 0);
    FILE *f = fopen(path, "wb");
    fwrite(buf, 1, size, f);
    fclose(f);
    tjFree(buf);
    tjDestroy(tj);
    free(px);
}

/* Loads `places` (a JSON array's inside) as a scene; returns the error count and whether one
 * diagnostic is at line:col and contains `needle`. */
static int load(const char *places, const char *needle, int line, int col, bool *found)
{
    char text[4096];
    snprintf(text, sizeof(text), "{\"format\": \"pavilion/1\", \"start\": \"a\",\n"
             "\"places\": [\n%s\n]}\n", places);
    write_file("scene.json", text);
    char path[512];
    snprintf(path, sizeof(path), "%s/scene.json", s_dir);
    scene_exhibit *ex = NULL;
    pv_diags d = {0};
    scene_load(path, &ex, &d);
    *found = needle == NULL;
    for (int i = 0; i < d.count; i++) {
        bool hit = needle && strstr(d.items[i].message, needle) && d.items[i].line == line &&
                   (col == 0 || d.items[i].col == col);
        if (hit)
            *found = true;
        if (needle && !hit)
            fprintf(stderr, "  (%d:%d: %s)\n", d.items[i].line, d.items[i].col,
                    d.items[i].message);
    }
    int errors = d.errors;
    pv_diags_free(&d);
    scene_free(&ex);
    return errors;
}

static void test_cube(void)
{
    for (int f = 0; f < 6; f++) {
        char rel[32];
        snprintf(rel, sizeof(rel), "face%d.jpg", f);
        write_jpeg(rel, 64, 64);
    }
    bool found;
    CHECK(load("{\"id\": \"a\", \"cube\": {\"front\": \"face0.jpg\", \"right\": \"face1.jpg\", "
               "\"back\": \"face2.jpg\", \"left\": \"face3.jpg\", \"up\": \"face4.jpg\", "
               "\"down\": \"face5.jpg\"}}", NULL, 0, 0, &found) == 0);
    CHECK(load("{\"id\": \"a\", \"cube\": [\"face0.jpg\", \"face1.jpg\", \"face2.jpg\", "
               "\"face3.jpg\", \"face4.jpg\", \"face5.jpg\"]}", NULL, 0, 0, &found) == 0);
    /* line 3, the array at column 21 */
    CHECK(load("{\"id\": \"a\", \"cube\": [\"face0.jpg\"]}", "lists 1 images; give six", 3,
               21, &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"cube\": {\"front\": \"face0.jpg\", \"right\": \"face1.jpg\", "
               "\"back\": \"face2.jpg\", \"left\": \"face3.jpg\", \"up\": \"face4.jpg\"}}",
               "has no \"down\"", 3, 21, &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"cube\": [\"face0.jpg\", \"face1.jpg\", \"face2.jpg\", "
               "\"face3.jpg\", \"face4.jpg\", \"nope.jpg\"]}", "not found", 3, 87, &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"cube\": 5}", "\"cube\" must be an object", 3, 21,
               &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"panorama\": \"face0.jpg\", \"cube\": [\"face0.jpg\", "
               "\"face1.jpg\", \"face2.jpg\", \"face3.jpg\", \"face4.jpg\", \"face5.jpg\"]}",
               "has both \"panorama\" and \"cube\"", 3, 0, &found) >= 1);
    CHECK(found);

    /* check: a face of another size */
    write_jpeg("face5.jpg", 32, 32);
    load("{\"id\": \"a\", \"cube\": [\"face0.jpg\", \"face1.jpg\", \"face2.jpg\", "
         "\"face3.jpg\", \"face4.jpg\", \"face5.jpg\"]}", NULL, 0, 0, &found);
    char path[512];
    snprintf(path, sizeof(path), "%s/scene.json", s_dir);
    CHECK(app_check(path) == 1);
    write_jpeg("face5.jpg", 64, 64);
    CHECK(app_check(path) == 0);
}

static void test_multires(void)
{
    bool found;
    mkdir(s_dir, 0755);
    char folder[512];
    snprintf(folder, sizeof(folder), "%s/tiles", s_dir);
    mkdir(folder, 0755);
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"tiles\", \"tile_size\": 512, "
               "\"levels\": 2, \"face_size\": 1024}}", NULL, 0, 0, &found) == 0);
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"tiles\", \"tile_size\": 256, "
               "\"levels\": 2, \"face_size\": 1024}}", "too few levels (2)", 3, 25,
               &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"tiles\", \"tile_size\": 512, "
               "\"levels\": 2.5, \"face_size\": 1024}}", "\"levels\" must be a whole number",
               3, 71, &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"nowhere\", \"tile_size\": 512, "
               "\"levels\": 2, \"face_size\": 1024}}", "folder \"nowhere\" not found", 3, 34,
               &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"tiles\", \"pattern\": \"/%l/%x_%y\", "
               "\"tile_size\": 512, \"levels\": 2, \"face_size\": 1024}}", "has no %s", 3, 0,
               &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"tiles\", \"tile_size\": 512, "
               "\"tileResolution\": 512, \"levels\": 2, \"face_size\": 1024}}",
               "both \"tile_size\" and Pannellum's \"tileResolution\"", 3, 0, &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"tiles\", \"levels\": 2, "
               "\"face_size\": 1024}}", "has no \"tile_size\"", 3, 25, &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"tiles\", \"tile_size\": 512, "
               "\"levels\": 2, \"face_size\": 1024, \"extension\": \"webp\"}}",
               "\"extension\" \"webp\"", 3, 0, &found) == 1);
    CHECK(found);
    CHECK(load("{\"id\": \"a\", \"multires\": [1]}", "\"multires\" must be an object", 3, 25,
               &found) == 1);
    CHECK(found);

    /* A pyramid from the cutter: check passes; a tile missing warns; a wrong size fails. */
    uint8_t *px = calloc(512 * 256 * 3, 1);
    tjhandle tj = tjInitCompress();
    unsigned char *buf = NULL;
    unsigned long size = 0;
    tjCompress2(tj, px, 512, 0, 256, TJPF_RGB, &buf, &size, TJSAMP_420, 80, 0);
    char pano[512], why[512];
    snprintf(pano, sizeof(pano), "%s/pano.jpg", s_dir);
    FILE *f = fopen(pano, "wb");
    fwrite(buf, 1, size, f);
    fclose(f);
    tjFree(buf);
    tjDestroy(tj);
    free(px);
    asset_tiles_cut_desc cut = {.input = pano, .out_dir = folder, .tile_size = 64};
    asset_tiles_layout lay;
    CHECK(asset_tiles_cut(&cut, &lay, NULL, why, sizeof(why)) == PV_OK);
    CHECK(lay.face_size == 160 && lay.levels == 3);
    char places[512], scene[512];
    snprintf(places, sizeof(places), "{\"id\": \"a\", \"multires\": {\"path\": \"tiles\", "
             "\"fallback\": \"/fallback/%%s\", \"tile_size\": 64, \"levels\": %d, "
             "\"face_size\": %d}}", lay.levels, lay.face_size);
    CHECK(load(places, NULL, 0, 0, &found) == 0);
    snprintf(scene, sizeof(scene), "%s/scene.json", s_dir);
    CHECK(app_check(scene) == 0);
    char tile[600];
    snprintf(tile, sizeof(tile), "%s/3/r2_1.jpg", folder);
    CHECK(remove(tile) == 0);
    CHECK(app_check(scene) == 0); /* a warning: the coarser level shows there */
    write_jpeg("tiles/3/r2_1.jpg", 64, 64); /* the last row is 32 texels tall */
    CHECK(app_check(scene) == 1);
    write_jpeg("tiles/3/r2_1.jpg", 64, 32);
    CHECK(app_check(scene) == 0);
    snprintf(tile, sizeof(tile), "%s/1/u0_0.jpg", folder);
    CHECK(remove(tile) == 0);
    CHECK(app_check(scene) == 1); /* level 1 must be whole */
}

/* Pannellum's example multires tour, its multiRes object pasted as it is. */
static void test_pannellum_example(void)
{
    char shared[512];
    snprintf(shared, sizeof(shared), "%s/tours/pannellum/multires", TEST_SHARED_DIR);
    struct stat st;
    if (stat(shared, &st) != 0) {
        printf("skip: %s is absent (Pannellum's multires example)\n", shared);
        return;
    }
    /* A link that leads out of the scene's folder is refused (confinement by real path)... */
    char link[512], cmd[1200];
    snprintf(link, sizeof(link), "%s/multires", s_dir);
    CHECK(symlink(shared, link) == 0);
    bool found;
    CHECK(load("{\"id\": \"a\", \"multires\": {\"path\": \"multires\", \"tile_size\": 256, "
               "\"levels\": 4, \"face_size\": 2048}}", "leads outside the scene's folders", 3,
               0, &found) == 1);
    CHECK(found);
    /* ... so the example is copied in, as it is. */
    CHECK(remove(link) == 0);
    snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s'", shared, link);
    CHECK(system(cmd) == 0);
    CHECK(load("{\"id\": \"a\", \"multires\": {\n"
               "        \"basePath\": \"./multires\",\n"
               "        \"path\": \"/%l/%s%x%y\",\n"
               "        \"fallbackPath\": \"/fallback/%s\",\n"
               "        \"extension\": \"png\",\n"
               "        \"tileResolution\": 256,\n"
               "        \"maxLevel\": 4,\n"
               "        \"cubeResolution\": 2048\n"
               "    }}", NULL, 0, 0, &found) == 0);
    char scene[512];
    snprintf(scene, sizeof(scene), "%s/scene.json", s_dir);
    CHECK(app_check(scene) == 0);
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "scene-tiles");
    test_cube();
    test_multires();
    test_pannellum_example();
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", s_dir);
    return check_done();
}
