/* Tests for the hardened model import (engine/asset/model_child.c, model_wire.c,
 * model_gltf.c, the confinement and texture limits in model_import.c): the reproducers of
 * issue 8 (tests/fixtures/models), the import helper crashing, spinning, sleeping, eating
 * memory and lying (pavilion-import-test, built beside this test with its hooks), no
 * descriptor left open by failed loads, files named inside models kept inside the scene's
 * folder, and the glTF pre-validator against the glTF validator's own verdicts on its GLB
 * edge cases (../shared, skipped when absent). */
#define _GNU_SOURCE /* memfd_create */
#include "asset/model.h"
#include "asset/model_internal.h"
#include "check.h"

#include <dirent.h>
#include <jansson.h>
#include <limits.h>
#include <stb/stb_image_write.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static char s_tmp[512];
static char s_fixtures[1024];

static char *fixture(const char *name)
{
    return pv_path_join(s_fixtures, name);
}

static bool diags_have(const pv_diags *d, pv_severity sev, const char *a, const char *b)
{
    for (int i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].message, a) &&
            (!b || strstr(d->items[i].message, b)))
            return true;
    return false;
}

static pv_result load(const asset_model_desc *d, pv_diags *diags, char *why, size_t why_n)
{
    asset_model *m = NULL;
    why[0] = 0;
    pv_result r = asset_model_load(d, &m, diags, why, why_n);
    CHECK((r == PV_OK) == (m != NULL));
    asset_model_free(&m);
    return r;
}

/* Each finding of issue 8 with its small reproducer: refused with a message naming the file
 * and the JSON element, before Assimp sees it. */
static void test_reproducers(void)
{
    static const struct {
        const char *file, *says;
    } cases[] = {
        {"texture_transform_string.gltf",
         "materials[0].pbrMetallicRoughness.baseColorTexture.extensions.KHR_texture_transform"
         ".offset[0]: expected a number, found a string"},
        {"stride_overrun.gltf", "accessors[0]: reads 8 bytes past bufferView 0"},
        {"huge_chunk.glb", "GLB chunk 0 declares 4294967280 bytes, only 31 remain"},
        {"bad_bytelength.gltf", "buffers[0]: byteLength 1000 is more than the 36 bytes"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *path = fixture(cases[i].file);
        char why[1024];
        pv_result r = load(&(asset_model_desc){.path = path}, NULL, why, sizeof(why));
        CHECK(r == PV_ERR_FORMAT);
        CHECK(strstr(why, cases[i].file) != NULL);
        CHECK(strstr(why, cases[i].says) != NULL);
        printf("  refused: %s\n", why);
        free(path);
    }
    /* A well-formed triangle passes the same checks and loads. */
    char *path = fixture("triangle.gltf");
    char why[1024];
    CHECK(load(&(asset_model_desc){.path = path}, NULL, why, sizeof(why)) == PV_OK);
    free(path);
}

/* Found by fuzz_gltf_validate: an accessor without "type" was described through a NULL
 * json_t (undefined behaviour); now the message says the type is missing. */
static void test_accessor_without_type(void)
{
    char *path = fixture("triangle.gltf");
    uint8_t *bytes = NULL;
    size_t len = 0;
    char why[1024];
    CHECK(pv_file_read(path, &bytes, &len, why, sizeof(why)) == PV_OK);
    char *type = bytes ? memmem(bytes, len, "\"type\"", 6) : NULL;
    CHECK(type != NULL);
    if (type) {
        memcpy(type, "\"typ_\"", 6);
        CHECK(model_gltf_validate(bytes, len, NULL, NULL, "triangle.gltf", why, sizeof(why)) ==
              PV_ERR_FORMAT);
        CHECK(strstr(why, "accessors[0].type: expected \"SCALAR\"") != NULL);
        CHECK(strstr(why, "found nothing") != NULL);
        printf("  refused: %s\n", why);
    }
    free(bytes);
    free(path);
}

/* A 16384x16384 texture is refused from its header: placeholder and a warning, no 1 GB
 * allocation (the helper's memory limit would turn one into an error). */
static void test_texture_limit(void)
{
    char *path = fixture("huge_texture.obj");
    pv_diags d = {0};
    char why[1024];
    asset_model *m = NULL;
    pv_result r = asset_model_load(&(asset_model_desc){.path = path, .import_memory_mb = 512},
                                   &m, &d, why, sizeof(why));
    CHECK(r == PV_OK);
    CHECK(diags_have(&d, PV_SEV_WARNING, "huge_texture.png",
                     "16384x16384 is larger than the 8192x8192 limit"));
    CHECK(m && m->texture_count == 1 && m->textures[0].missing &&
          m->textures[0].image.width == 2);
    asset_model_free(&m);
    pv_diags_free(&d);
    free(path);
}

static int open_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* The helper misbehaving on purpose: each is a message for that model, and this process
 * goes on (and loads the next model). */
static void test_helper_failures(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    CHECK(n > 0);
    exe[n > 0 ? n : 0] = 0;
    char *dir = pv_path_dir(exe);
    char *helper = pv_path_join(dir, "pavilion-import-test");
    free(dir);
    if (access(helper, X_OK) != 0) {
        printf("  FAIL: %s is not built\n", helper);
        CHECK(!"pavilion-import-test is built beside the test");
        free(helper);
        return;
    }
    setenv("PAVILION_IMPORT_HELPER", helper, 1);
    char *path = fixture("triangle.gltf");
    static const struct {
        const char *hook;
        int seconds, memory_mb;
        const char *says;
    } cases[] = {
        {"abort", 0, 0, "could not import the model: the importer crashed (signal 6)"},
        {"spin", 1, 0, "could not import the model: it took longer than 1 s"},
        {"sleep", 1, 0, "could not import the model: it took longer than 1 s"},
        {"hog", 0, 256, "it ran out of the importer's 256 MB memory limit"},
        {"garbage", 0, 0, "the importer's answer is damaged"},
    };
    int fds = open_fds();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (UNDER_TSAN && cases[i].memory_mb) {
            /* ThreadSanitizer's shadow memory rules out RLIMIT_AS, and it has no RSS limit of
             * its own: the hog would only meet the time limit */
            printf("  helper %s: not run under ThreadSanitizer\n", cases[i].hook);
            continue;
        }
        setenv("PAVILION_IMPORT_TEST", cases[i].hook, 1);
        char why[1024];
        pv_result r = load(&(asset_model_desc){.path = path,
                                               .import_seconds = cases[i].seconds,
                                               .import_memory_mb = cases[i].memory_mb},
                           NULL, why, sizeof(why));
        CHECK(r != PV_OK);
        CHECK(strstr(why, "triangle.gltf") != NULL);
        CHECK(strstr(why, cases[i].says) != NULL);
        printf("  helper %s: %s\n", cases[i].hook, why);
    }
    unsetenv("PAVILION_IMPORT_TEST");
    char why[1024];
    CHECK(load(&(asset_model_desc){.path = path}, NULL, why, sizeof(why)) == PV_OK);
    CHECK(open_fds() == fds);
    unsetenv("PAVILION_IMPORT_HELPER");
    free(path);
    free(helper);
}

/* Failed loads leave no descriptor open (Assimp's leaks end with the helper). */
static void test_no_fd_leak(void)
{
    char *bad = fixture("bad_bytelength.gltf");
    char *junk = pv_path_join(s_tmp, "junk.obj");
    FILE *f = fopen(junk, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("v 0 0 0\nf 1 2 3 4 5 6\nmtllib nowhere.mtl\nusemtl x\nf -9 -9 -9\n", f);
        fclose(f);
    }
    int before = open_fds();
    for (int i = 0; i < 10; i++) {
        char why[1024];
        CHECK(load(&(asset_model_desc){.path = i % 2 ? bad : junk}, NULL, why, sizeof(why)) !=
              PV_OK);
    }
    CHECK(open_fds() == before);
    free(bad);
    free(junk);
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char *p = pv_path_join(dir, name);
    FILE *f = fopen(p, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

/* The fixture triangle.gltf written into `dir` as `name`, its buffer's data: URI replaced by
 * `uri`. */
static void write_triangle_gltf(const char *dir, const char *name, const char *uri)
{
    char *tri = fixture("triangle.gltf"), *text = NULL, why[256];
    size_t len = 0;
    CHECK(pv_file_read(tri, (uint8_t **)&text, &len, why, sizeof(why)) == PV_OK);
    char *at = text ? strstr(text, "data:") : NULL;
    char *end = at ? strchr(at, '"') : NULL;
    CHECK(at && end);
    if (at && end) {
        char *g = pv_asprintf("%.*s%s%s", (int)(at - text), text, uri, end);
        write_text(dir, name, g);
        free(g);
    }
    free(text);
    free(tri);
}

/* Files named inside a model resolve (real path) inside the scene's folder: a texture by
 * ../, by an absolute path or through a symlink pointing out is an error naming the model
 * and the reference (the model still draws, with the placeholder); an MTL or a .bin outside
 * refuses the model. */
static void test_confinement(void)
{
    char *scene = pv_path_join(s_tmp, "scene");
    char *models = pv_path_join(scene, "models");
    char *outside = pv_path_join(s_tmp, "outside");
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s' '%s' '%s/textures'", models, outside, scene);
    CHECK(system(cmd) == 0);
    char *png = fixture("huge_texture.png"); /* any image: refused before it is read */
    snprintf(cmd, sizeof(cmd),
             "cp '%s' '%s/secret.png' && cp '%s' '%s/textures/ok.png' && "
             "ln -sf '%s/secret.png' '%s/link.png' && printf 'newmtl X\\nKd 1 1 1\\n' > "
             "'%s/evil.mtl' && cp '%s/bad_bytelength.bin' '%s/tri.bin'",
             png, outside, png, scene, outside, models, outside, s_fixtures, outside);
    CHECK(system(cmd) == 0);
    char mtl[2048];
    snprintf(mtl, sizeof(mtl),
             "newmtl Up\nmap_Kd ../../outside/secret.png\n"
             "newmtl Abs\nmap_Kd %s/secret.png\n"
             "newmtl Link\nmap_Kd link.png\n"
             "newmtl Fine\nmap_Kd ../textures/ok.png\n",
             outside);
    write_text(models, "room.mtl", mtl);
    write_text(models, "room.obj",
               "mtllib room.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 1 1\n"
               "usemtl Up\nf 1/1 2/2 3/3\nusemtl Abs\nf 1/1 3/3 4/2\nusemtl Link\nf 2/1 3/2 "
               "4/3\nusemtl Fine\nf 1/1 2/2 4/3\n");
    char *obj = pv_path_join(models, "room.obj");
    pv_diags d = {0};
    char why[1024];
    pv_result r = load(&(asset_model_desc){.path = obj, .root = scene}, &d, why, sizeof(why));
    CHECK(r == PV_OK);
    CHECK(diags_have(&d, PV_SEV_ERROR, "\"../../outside/secret.png\"", "outside the scene's"));
    CHECK(diags_have(&d, PV_SEV_ERROR, "/outside/secret.png\" is not read",
                     "outside the scene's"));
    CHECK(diags_have(&d, PV_SEV_ERROR, "\"link.png\"", "outside the scene's"));
    /* ../textures/ok.png is inside the scene's folder: only its size is wrong. */
    CHECK(!diags_have(&d, PV_SEV_ERROR, "ok.png", NULL));
    CHECK(diags_have(&d, PV_SEV_WARNING, "ok.png", "limit for model textures"));
    for (int i = 0; i < d.count; i++)
        CHECK(strstr(d.items[i].file, "room.obj") != NULL);
    pv_diags_free(&d);
    /* Without a root, the model's own folder is the limit: ../textures is outside then. */
    r = load(&(asset_model_desc){.path = obj}, &d, why, sizeof(why));
    CHECK(r == PV_OK && diags_have(&d, PV_SEV_ERROR, "ok.png", "outside"));
    pv_diags_free(&d);

    write_text(models, "evil.obj", "mtllib ../../outside/evil.mtl\nv 0 0 0\nv 1 0 0\n"
                                   "v 0 1 0\nf 1 2 3\n");
    char *evil = pv_path_join(models, "evil.obj");
    r = load(&(asset_model_desc){.path = evil, .root = scene}, NULL, why, sizeof(why));
    CHECK(r != PV_OK);
    CHECK(strstr(why, "evil.obj: mtllib \"../../outside/evil.mtl\"") != NULL &&
          strstr(why, "outside the scene's folder") != NULL);

    /* the same triangle, its buffer moved outside */
    write_triangle_gltf(models, "escape.gltf", "../../outside/tri.bin");
    char *gltf = pv_path_join(models, "escape.gltf");
    r = load(&(asset_model_desc){.path = gltf, .root = scene}, NULL, why, sizeof(why));
    CHECK(r == PV_ERR_FORMAT);
    CHECK(strstr(why, "escape.gltf: buffers[0]: its file \"../../outside/tri.bin\"") != NULL &&
          strstr(why, "outside the scene's folder") != NULL);
    printf("  %s\n", why);
    free(gltf);
    free(evil);
    free(obj);
    free(png);
    free(outside);
    free(models);
    free(scene);
}

/* What else a name can lead to, checked by the same confinement (core's pv_path_confine) as
 * the scene's own files: a FIFO named as the MTL refuses the model at once (never handed to
 * Assimp, which would wait on it until the time limit); a FIFO or a directory named as a
 * texture is a warning naming what it is; a texture written composed (NFC) and stored
 * decomposed (NFD, as macOS writes names) is found; a glTF buffer that is a FIFO is refused
 * with the buffer's JSON path. */
static void test_confinement_kinds(void)
{
    char *scene = pv_path_join(s_tmp, "kinds");
    char *png = fixture("huge_texture.png"); /* found when its size is what is refused */
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s/dir.png' && mkfifo '%s/pipe.png' '%s/pipe.mtl' '%s/pipe.bin' && "
             "cp '%s' '%s/cafe\xcc\x81.png'",
             scene, scene, scene, scene, png, scene);
    CHECK(system(cmd) == 0);
    write_text(scene, "room.mtl",
               "newmtl Pipe\nmap_Kd pipe.png\nnewmtl Dir\nmap_Kd dir.png\n"
               "newmtl Cafe\nmap_Kd caf\xc3\xa9.png\n");
    write_text(scene, "room.obj",
               "mtllib room.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nvt 0 0\nvt 1 0\nvt 1 1\n"
               "usemtl Pipe\nf 1/1 2/2 3/3\nusemtl Dir\nf 1/1 3/3 2/2\n"
               "usemtl Cafe\nf 2/2 1/1 3/3\n");
    char *obj = pv_path_join(scene, "room.obj");
    pv_diags d = {0};
    char why[1024];
    double t0 = pv_now();
    pv_result r = load(&(asset_model_desc){.path = obj, .root = scene}, &d, why, sizeof(why));
    CHECK(r == PV_OK);
    CHECK(diags_have(&d, PV_SEV_WARNING, "texture \"pipe.png\" cannot be used (it is a FIFO",
                     "placeholder"));
    CHECK(diags_have(&d, PV_SEV_WARNING, "texture \"dir.png\" cannot be used (it is a "
                     "directory", NULL));
    CHECK(diags_have(&d, PV_SEV_WARNING, "caf\xc3\xa9.png", "limit for model textures"));
    CHECK(!diags_have(&d, PV_SEV_WARNING, "caf\xc3\xa9.png", "not found"));
    for (int i = 0; i < d.count; i++)
        printf("  %s\n", d.items[i].message);
    pv_diags_free(&d);

    write_text(scene, "fifo.obj", "mtllib pipe.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
    char *fifo_obj = pv_path_join(scene, "fifo.obj");
    r = load(&(asset_model_desc){.path = fifo_obj, .root = scene, .import_seconds = 20}, NULL,
             why, sizeof(why));
    CHECK(r != PV_OK);
    CHECK(strstr(why, "fifo.obj: mtllib \"pipe.mtl\" is a FIFO") != NULL);
    printf("  %s\n", why);

    write_triangle_gltf(scene, "pipe.gltf", "pipe.bin");
    char *gltf = pv_path_join(scene, "pipe.gltf");
    r = load(&(asset_model_desc){.path = gltf, .root = scene, .import_seconds = 20}, NULL, why,
             sizeof(why));
    CHECK(r == PV_ERR_FORMAT);
    CHECK(strstr(why, "pipe.gltf: buffers[0]: its file \"pipe.bin\" is a FIFO") != NULL);
    printf("  %s\n", why);
    /* Nothing waited on a FIFO: far below the 20 s limit (a hang would end in that error). */
    CHECK(strstr(why, "longer than") == NULL);
    printf("  (three imports in %.1f s)\n", pv_now() - t0);
    free(gltf);
    free(fifo_obj);
    free(obj);
    free(png);
    free(scene);
}

static void jpeg_bytes(void *user, void *data, int size)
{
    uint8_t **buf = user;
    size_t have = buf[1] ? (size_t)(buf[1] - buf[0]) : 0;
    buf[0] = pv_realloc(buf[0], have + (size_t)size);
    memcpy(buf[0] + have, data, (size_t)size);
    buf[1] = buf[0] + have + (size_t)size;
}

/* Textures come from the helper as file bytes and are decoded in the parent: a JPEG decodes
 * to its colour (rows top-down, alpha 255), a cut one and one whose header claims 8000x8000
 * in a few hundred bytes become the placeholder with a warning naming the texture. */
static void test_texture_bytes(void)
{
    enum { W = 16, H = 8 };
    uint8_t rgb[W * H * 3];
    for (int i = 0; i < W * H; i++) {
        bool top = i < W * H / 2;
        rgb[i * 3 + 0] = top ? 200 : 20;
        rgb[i * 3 + 1] = top ? 40 : 180;
        rgb[i * 3 + 2] = 60;
    }
    uint8_t *buf[2] = {NULL, NULL};
    CHECK(stbi_write_jpg_to_func(jpeg_bytes, buf, W, H, 3, rgb, 95) != 0);
    size_t n = (size_t)(buf[1] - buf[0]);
    asset_model m = {0};
    asset_texture tex[3] = {{.name = "good.jpg"}, {.name = "cut.jpg"}, {.name = "bomb.jpg"}};
    m.textures = tex;
    m.texture_count = 3;
    for (int i = 0; i < 3; i++) {
        tex[i].file_bytes = pv_malloc(n);
        memcpy(tex[i].file_bytes, buf[0], n);
        tex[i].file_size = i == 1 ? n / 2 : n;
    }
    /* the frame header (SOF0): height and width after its length and precision */
    for (size_t k = 2; k + 8 < n; k++)
        if (tex[2].file_bytes[k] == 0xff && tex[2].file_bytes[k + 1] == 0xc0) {
            uint8_t *sof = &tex[2].file_bytes[k + 5];
            sof[0] = sof[2] = 8000 >> 8;
            sof[1] = sof[3] = 8000 & 0xff;
            break;
        }
    pv_diags d = {0};
    model_textures_decode(&m, "booth.glb", &d);
    const asset_image *g = &tex[0].image;
    CHECK(!tex[0].missing && g->width == W && g->height == H && tex[0].file_bytes == NULL);
    if (g->pixels) {
        const uint8_t *top = &g->pixels[(1 * W + 8) * 4], *bottom = &g->pixels[(6 * W + 8) * 4];
        CHECK(abs(top[0] - 200) < 12 && abs(top[1] - 40) < 12 && top[3] == 255);
        CHECK(abs(bottom[0] - 20) < 12 && abs(bottom[1] - 180) < 12 && bottom[3] == 255);
    }
    CHECK(tex[1].missing && tex[1].image.width == 2 && tex[1].file_bytes == NULL);
    CHECK(tex[2].missing && tex[2].image.width == 2);
    CHECK(diags_have(&d, PV_SEV_WARNING, "texture \"cut.jpg\" cannot be used", "placeholder"));
    CHECK(diags_have(&d, PV_SEV_WARNING, "texture \"bomb.jpg\" cannot be used",
                     "decompression bomb"));
    CHECK(d.count == 2 && strcmp(d.items[0].file, "booth.glb") == 0);
    for (int i = 0; i < d.count; i++)
        printf("  %s\n", d.items[i].message);
    pv_diags_free(&d);
    for (int i = 0; i < 3; i++)
        asset_image_free(&tex[i].image);
    free(buf[0]);
}

/* The parent reads the helper's answer as hostile: every cut and many flipped bytes of a real
 * answer are refused or give a model whose indices are all in range. */
static void test_wire(void)
{
    char *path = fixture("huge_texture.obj");
    asset_model *m = NULL;
    pv_diags d = {0};
    char why[1024];
    CHECK(model_import_assimp(&(asset_model_desc){.path = path}, &m, &d, why, sizeof(why)) ==
          PV_OK);
    int fd = memfd_create("wire-test", 0);
    CHECK(fd >= 0 && model_wire_write(fd, PV_OK, "", &d, m));
    off_t size = lseek(fd, 0, SEEK_END);
    uint8_t *bytes = pv_malloc((size_t)size);
    CHECK(pread(fd, bytes, (size_t)size, 0) == size);
    close(fd);
    asset_model *back = NULL;
    pv_diags d2 = {0};
    CHECK(model_wire_parse(bytes, (size_t)size, "x.obj", &back, &d2, why, sizeof(why)) == PV_OK);
    CHECK(back && back->mesh_count == m->mesh_count && back->texture_count == 1 &&
          back->triangle_count == m->triangle_count && d2.count == d.count);
    CHECK(back && memcmp(back->bounds_min, m->bounds_min, sizeof(m->bounds_min)) == 0);
    asset_model_free(&back);
    pv_diags_free(&d2);
    int refused = 0, cuts = 0;
    for (off_t cut = 0; cut < size; cut += 1 + cut / 16, cuts++)
        refused += model_wire_parse(bytes, (size_t)cut, "x.obj", &back, NULL, why,
                                    sizeof(why)) != PV_OK && !back;
    CHECK(refused == cuts);
    uint32_t seed = 12345;
    for (int k = 0; k < 400; k++) {
        uint8_t *copy = pv_malloc((size_t)size);
        memcpy(copy, bytes, (size_t)size);
        for (int f = 0; f < 4; f++) {
            seed = seed * 1664525u + 1013904223u;
            copy[seed % (uint32_t)size] ^= (uint8_t)(1u << (seed >> 29));
        }
        if (model_wire_parse(copy, (size_t)size, "x.obj", &back, NULL, why, sizeof(why)) ==
            PV_OK) {
            for (int i = 0; i < back->mesh_count; i++)
                for (int j = 0; j < back->meshes[i].index_count; j++)
                    if (back->meshes[i].indices[j] >= (uint32_t)back->meshes[i].vertex_count)
                        CHECK(!"an index out of range was accepted");
        }
        asset_model_free(&back);
        free(copy);
    }
    free(bytes);
    asset_model_free(&m);
    pv_diags_free(&d);
    free(path);
}

/* The glTF validator's GLB edge cases: refused exactly when its report has errors. */
static void test_validator_corpus(void)
{
    char *dir = pv_path_join(TEST_SHARED_DIR, "models/gltf/validator-glb-edge");
    DIR *dh = opendir(dir);
    if (!dh) {
        printf("skipping: %s not found\n", dir);
        free(dir);
        return;
    }
    struct dirent *e;
    int files = 0;
    while ((e = readdir(dh)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".glb") != 0)
            continue;
        char *path = pv_path_join(dir, e->d_name);
        char *report_path = pv_asprintf("%s.report.json", path);
        json_t *report = json_load_file(report_path, 0, NULL);
        uint8_t *bytes = NULL;
        size_t len = 0;
        char why[1024];
        if (report && pv_file_read(path, &bytes, &len, why, sizeof(why)) == PV_OK) {
            json_int_t errors =
                json_integer_value(json_object_get(json_object_get(report, "issues"),
                                                   "numErrors"));
            pv_result r = model_gltf_validate(bytes, len, dir, NULL, e->d_name, why,
                                              sizeof(why));
            CHECK((r != PV_OK) == (errors > 0));
            if ((r != PV_OK) != (errors > 0))
                printf("  disagree on %s (%lld errors): %s\n", e->d_name, (long long)errors,
                       r == PV_OK ? "ok" : why);
            files++;
        }
        free(bytes);
        json_decref(report);
        free(report_path);
        free(path);
    }
    closedir(dh);
    CHECK(files > 20);
    printf("  validator-glb-edge: %d files, same verdicts as the glTF validator\n", files);
    free(dir);
}

int main(void)
{
    pv_log_set_level(PV_LOG_ERROR);
    snprintf(s_fixtures, sizeof(s_fixtures), "%s/fixtures/models", TEST_SOURCE_DIR);
    check_tmpdir(s_tmp, sizeof(s_tmp), "model-import-test");
    test_reproducers();
    test_accessor_without_type();
    test_texture_limit();
    test_helper_failures();
    test_no_fd_leak();
    test_confinement();
    test_confinement_kinds();
    test_texture_bytes();
    test_wire();
    test_validator_corpus();
    check_rmdir(s_tmp);
    return check_done();
}
