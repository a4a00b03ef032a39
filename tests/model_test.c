/* Tests for asset/model: booth models through Assimp. The parts that use the
 * shared sample models (TEST_SHARED_DIR/models) are skipped with a note when
 * that folder is absent; the tiny models written at test time always run. */
#include "asset/model.h"
#include "check.h"

#include <dirent.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char s_models[1024];
static char s_tmp[256];

static bool diags_mention(const pv_diags *d, const char *text)
{
    for (int i = 0; i < d->count; i++)
        if (d->items[i].severity == PV_SEV_WARNING && strstr(d->items[i].message, text))
            return true;
    return false;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

static asset_model *load(const char *rel, pv_diags *diags, char *why, size_t why_n)
{
    char *path = pv_path_join(s_models, rel);
    asset_model *m = NULL;
    pv_result r = asset_model_load(&(asset_model_desc){.path = path}, &m, diags, why, why_n);
    if (r != PV_OK)
        fprintf(stderr, "load %s: %s\n", rel, why);
    free(path);
    return m;
}

static bool have(const char *rel)
{
    char *path = pv_path_join(s_models, rel);
    bool ok = pv_file_exists(path);
    if (!ok)
        check_skip("%s not found", path);
    free(path);
    return ok;
}

/* ---- models written here ---- */

static void test_tiny_obj(void)
{
    char obj[512], mtl[512];
    snprintf(obj, sizeof(obj), "%s/tiny.obj", s_tmp);
    snprintf(mtl, sizeof(mtl), "%s/tiny.mtl", s_tmp);
    write_file(mtl, "newmtl red\nKd 1 0 0\nKs 1 1 1\nNs 100\nmap_Kd missing.png\n");
    write_file(obj, "mtllib tiny.mtl\n"
                    "o quad\n"
                    "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv nan 0 0\n"
                    "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvt 0.5 0.5\n"
                    "usemtl red\n"
                    "f 1/1 2/2 3/3\nf 1/1 3/3 4/4\nf 1/1 2/2 5/5\n");
    pv_diags diags = {0};
    char why[512] = "";
    asset_model *m = NULL;
    pv_result r = asset_model_load(&(asset_model_desc){.path = obj}, &m, &diags, why, sizeof(why));
    CHECK(r == PV_OK);
    if (!m) {
        fprintf(stderr, "tiny.obj: %s\n", why);
        pv_diags_free(&diags);
        return;
    }
    CHECK(m->triangle_count == 2);       /* the NaN triangle is gone */
    CHECK(diags_mention(&diags, "NaN")); /* ... and said so, once, with a count */
    CHECK(diags_mention(&diags, "1 triangles dropped"));
    CHECK(diags_mention(&diags, "missing.png"));
    for (int i = 0; i < diags.count; i++)
        CHECK_STR(diags.items[i].file, pv_path_display(obj));
    CHECK(m->mesh_count == 1);
    const asset_mesh *me = &m->meshes[0];
    CHECK(me->vertex_count == 4);
    for (int v = 0; v < me->vertex_count * 3; v++)
        CHECK(isfinite(me->positions[v]));
    CHECK_NEAR(me->bounds_min[0], 0, 1e-6);
    CHECK_NEAR(me->bounds_max[1], 1, 1e-6);
    /* UVs: OBJ's v runs bottom-up; ours has v = 0 at the image's top row. */
    CHECK(me->uvs != NULL);
    for (int v = 0; me->uvs && v < me->vertex_count; v++) {
        const float *p = &me->positions[v * 3], *uv = &me->uvs[v * 2];
        CHECK_NEAR(uv[0], p[0], 1e-6);
        CHECK_NEAR(uv[1], 1.0f - p[1], 1e-6);
    }
    CHECK(me->tangents != NULL);
    /* Normals face +Z (counter-clockwise quad). */
    for (int v = 0; v < me->vertex_count; v++)
        CHECK_NEAR(me->normals[v * 3 + 2], 1, 1e-4);
    const asset_material *mat = &m->materials[me->material];
    CHECK_STR(mat->name, "red");
    CHECK_NEAR(mat->base_color[0], 1, 1e-6);
    CHECK_NEAR(mat->base_color[1], 0, 1e-6);
    CHECK_NEAR(mat->metallic, 0, 1e-6);
    CHECK_NEAR(mat->roughness, sqrtf(2.0f / 102.0f), 1e-3);
    CHECK(mat->tex_base_color >= 0);
    if (mat->tex_base_color >= 0) {
        const asset_texture *t = &m->textures[mat->tex_base_color];
        CHECK(t->missing);
        CHECK(t->image.width == 2 && t->image.height == 2);
        CHECK(t->image.pixels && t->image.pixels[0] == 255 && t->image.pixels[1] == 0 &&
              t->image.pixels[2] == 255);
    }
    CHECK(asset_model_find_node(m, "quad") > 0);
    CHECK(asset_model_find_node(m, "nothing") == -1);
    CHECK(asset_model_find_node(NULL, "quad") == -1);
    asset_model_free(&m);
    CHECK(m == NULL);
    asset_model_free(&m); /* NULL is fine */
    pv_diags_free(&diags);

    /* scale 2, then 90 degrees about Y: (x, y, z) -> (2z, 2y, -2x) */
    r = asset_model_load(&(asset_model_desc){.path = obj, .scale = 2, .rotate = {0, 90, 0}}, &m,
                         NULL, why, sizeof(why));
    CHECK(r == PV_OK);
    if (m) {
        CHECK_NEAR(m->bounds_min[0], 0, 1e-5);
        CHECK_NEAR(m->bounds_max[0], 0, 1e-5);
        CHECK_NEAR(m->bounds_max[1], 2, 1e-5);
        CHECK_NEAR(m->bounds_min[2], -2, 1e-5);
        CHECK_NEAR(m->bounds_max[2], 0, 1e-5);
        /* the quad now faces +X: hit it from x = 5 */
        int node = -2;
        float t = asset_model_raycast(m, (float[3]){5, 1, -1}, (float[3]){-1, 0, 0}, &node);
        CHECK_NEAR(t, 5, 1e-4);
        CHECK(node == asset_model_find_node(m, "quad"));
        asset_model_free(&m);
    }

    /* too many nodes: root + "quad" */
    r = asset_model_load(&(asset_model_desc){.path = obj, .max_nodes = 1}, &m, NULL, why,
                         sizeof(why));
    CHECK(r == PV_ERR_LIMIT);
    CHECK(m == NULL);
    CHECK(strstr(why, "nodes") != NULL && strstr(why, "tiny.obj") != NULL);
    remove(obj);
    remove(mtl);
}

static void test_bad_files(void)
{
    char path[512], why[512];
    asset_model *m = NULL;
    pv_diags diags = {0};

    snprintf(path, sizeof(path), "%s/does-not-exist.glb", s_tmp);
    CHECK(asset_model_load(&(asset_model_desc){.path = path}, &m, &diags, why, sizeof(why)) ==
          PV_ERR_IO);
    CHECK(m == NULL && strstr(why, "does-not-exist.glb") != NULL);

    snprintf(path, sizeof(path), "%s/empty.obj", s_tmp);
    write_file(path, "");
    CHECK(asset_model_load(&(asset_model_desc){.path = path}, &m, &diags, why, sizeof(why)) !=
          PV_OK);
    CHECK(m == NULL && strstr(why, "empty.obj") != NULL && strstr(why, "empty") != NULL);
    remove(path);

    snprintf(path, sizeof(path), "%s/notes.txt", s_tmp);
    write_file(path, "Booth 12: the stand of the bakery.\nNot a model at all.\n");
    CHECK(asset_model_load(&(asset_model_desc){.path = path}, &m, &diags, why, sizeof(why)) ==
          PV_ERR_FORMAT);
    CHECK(m == NULL && strstr(why, "notes.txt") != NULL);
    remove(path);

    /* An OBJ without any faces: the error says so. */
    snprintf(path, sizeof(path), "%s/nomesh.obj", s_tmp);
    write_file(path, "# exported empty\no nothing\nv 0 0 0\n");
    CHECK(asset_model_load(&(asset_model_desc){.path = path}, &m, &diags, why, sizeof(why)) !=
          PV_OK);
    CHECK(m == NULL && strstr(why, "nomesh.obj") != NULL);
    printf("  nomesh.obj: %s\n", why);
    remove(path);

    /* Only lines: no meshes to draw. */
    snprintf(path, sizeof(path), "%s/lines.obj", s_tmp);
    write_file(path, "v 0 0 0\nv 1 0 0\nv 1 1 0\nl 1 2\nl 2 3\n");
    CHECK(asset_model_load(&(asset_model_desc){.path = path}, &m, &diags, why, sizeof(why)) ==
          PV_ERR_FORMAT);
    CHECK(m == NULL && strstr(why, "has no meshes") != NULL);
    remove(path);

    CHECK(asset_model_load(&(asset_model_desc){0}, &m, NULL, why, sizeof(why)) == PV_ERR_INVALID);
    CHECK(asset_model_load(NULL, &m, NULL, why, sizeof(why)) == PV_ERR_INVALID);
    CHECK(diags.errors == 0); /* failures are returned, not added as warnings */
    pv_diags_free(&diags);
}

static void test_generated(void)
{
    asset_model *m = asset_model_generate_boxes(12);
    CHECK(m && m->triangle_count == 12 && m->mesh_count == 1);
    if (m) {
        /* one box: x, z in [-0.4, 0.4], y in [0, 0.8] */
        CHECK_NEAR(m->bounds_min[0], -0.4, 1e-6);
        CHECK_NEAR(m->bounds_max[1], 0.8, 1e-6);
        int node;
        float t = asset_model_raycast(m, (float[3]){0.1f, 0.4f, 5}, (float[3]){0, 0, -2}, &node);
        CHECK_NEAR(t, 4.6, 1e-5);
        CHECK(node == 1);
        t = asset_model_raycast(m, (float[3]){0, 2, 5}, (float[3]){0, 0, -1}, &node);
        CHECK(t < 0 && node == -1);
        t = asset_model_raycast(m, (float[3]){0, 0.4f, 0}, (float[3]){0, 1, 0}, NULL);
        CHECK_NEAR(t, 0.4, 1e-5); /* from inside: the back of the lid */
        const asset_mesh *me = &m->meshes[0];
        for (int v = 0; v < me->vertex_count; v++) {
            const float *p = &me->positions[v * 3], *n = &me->normals[v * 3];
            /* normals point away from the box's centre */
            CHECK((p[0] * n[0] + (p[1] - 0.4f) * n[1] + p[2] * n[2]) > 0.0f);
        }
        asset_model_free(&m);
    }
    double t0 = pv_now();
    m = asset_model_generate_boxes(1000000);
    double t1 = pv_now();
    CHECK(m && m->triangle_count >= 1000000);
    if (m) {
        size_t tris = 0;
        for (int i = 0; i < m->mesh_count; i++)
            tris += (size_t)m->meshes[i].index_count / 3;
        CHECK(tris == m->triangle_count);
        CHECK(m->node_count == m->mesh_count + 1);
        CHECK(m->bounds_max[0] > 200 && m->bounds_max[2] > 200);
        int node;
        float t = asset_model_raycast(m, (float[3]){0.1f, 10, 0.1f}, (float[3]){0, -1, 0}, &node);
        double t2 = pv_now();
        CHECK_NEAR(t, 9.2, 1e-4);
        CHECK(node == 1);
        printf("  %zu generated triangles in %.0f ms, one ray cast over them %.0f "
               "ms\n",
               m->triangle_count, (t1 - t0) * 1e3, (t2 - t1) * 1e3);
        asset_model_free(&m);
    }
}

/* ---- the shared sample models ---- */

static void test_box(void)
{
    const char *rel = "gltf/khronos/Box/glTF-Binary/Box.glb";
    if (!have(rel))
        return;
    char why[512];
    pv_diags diags = {0};
    asset_model *m = load(rel, &diags, why, sizeof(why));
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(m->mesh_count == 1);
    CHECK(m->triangle_count == 12);
    CHECK(diags.count == 0);
    for (int k = 0; k < 3; k++) {
        CHECK_NEAR(m->bounds_min[k], -0.5, 1e-5);
        CHECK_NEAR(m->bounds_max[k], 0.5, 1e-5);
    }
    CHECK(m->nodes[0].parent == -1);
    int with_mesh = -1;
    for (int i = 0; i < m->node_count; i++) {
        if (i > 0)
            CHECK(m->nodes[i].parent >= 0 && m->nodes[i].parent < i);
        if (m->nodes[i].mesh_count)
            with_mesh = i;
    }
    CHECK(with_mesh > 0);
    CHECK(asset_model_find_node(m, m->nodes[with_mesh].name) == with_mesh);
    const asset_material *mat = &m->materials[m->meshes[0].material];
    CHECK_STR(mat->name, "Red");
    CHECK_NEAR(mat->base_color[0], 0.8, 1e-5);
    CHECK_NEAR(mat->metallic, 0, 1e-6);

    int node = -2;
    float t = asset_model_raycast(m, (float[3]){0.1f, 0.2f, 5}, (float[3]){0, 0, -1}, &node);
    CHECK_NEAR(t, 4.5, 1e-5);
    CHECK(node == with_mesh);
    t = asset_model_raycast(m, (float[3]){3, 0.2f, 0.1f}, (float[3]){-3, 0, 0}, &node);
    CHECK_NEAR(t, 2.5, 1e-5);
    t = asset_model_raycast(m, (float[3]){-3, -3, -3}, (float[3]){1, 1, 1}, &node);
    CHECK_NEAR(t, sqrt(27.0) - sqrt(0.75), 1e-4); /* along the diagonal to the corner */
    t = asset_model_raycast(m, (float[3]){0, 5, 0}, (float[3]){1, 0, 0}, &node);
    CHECK(t == -1.0f && node == -1);
    t = asset_model_raycast(m, (float[3]){0, 0, 5}, (float[3]){0, 0, 1}, &node); /* away */
    CHECK(t == -1.0f);
    asset_model_free(&m);
    pv_diags_free(&diags);

    /* scale and rotate: twice the size, 45 degrees about Y */
    char *path = pv_path_join(s_models, rel);
    pv_result r =
        asset_model_load(&(asset_model_desc){.path = path, .scale = 2, .rotate = {0, 45, 0}}, &m,
                         NULL, why, sizeof(why));
    CHECK(r == PV_OK);
    if (m) {
        CHECK_NEAR(m->bounds_max[0], sqrt(2.0), 1e-4);
        CHECK_NEAR(m->bounds_min[2], -sqrt(2.0), 1e-4);
        CHECK_NEAR(m->bounds_max[1], 1, 1e-5);
        float t2 = asset_model_raycast(m, (float[3]){5, 0, 0}, (float[3]){-1, 0, 0}, NULL);
        CHECK_NEAR(t2, 5 - sqrt(2.0), 1e-4); /* the edge now points at us */
        asset_model_free(&m);
    }
    free(path);
}

static void test_box_textured(void)
{
    const char *glb = "gltf/khronos/BoxTextured/glTF-Binary/BoxTextured.glb";
    const char *gltf = "gltf/khronos/BoxTextured/glTF/BoxTextured.gltf";
    if (!have(glb) || !have(gltf))
        return;
    char why[512];
    asset_model *a = load(glb, NULL, why, sizeof(why));
    asset_model *b = load(gltf, NULL, why, sizeof(why));
    CHECK(a && b);
    if (a && b) {
        const asset_material *ma = &a->materials[a->meshes[0].material];
        const asset_material *mb = &b->materials[b->meshes[0].material];
        CHECK(ma->tex_base_color >= 0 && mb->tex_base_color >= 0);
        if (ma->tex_base_color >= 0 && mb->tex_base_color >= 0) {
            const asset_texture *ta = &a->textures[ma->tex_base_color];
            const asset_texture *tb = &b->textures[mb->tex_base_color];
            CHECK_STR(ta->name, "*0");                 /* embedded in the .glb */
            CHECK_STR(tb->name, "CesiumLogoFlat.png"); /* beside the .gltf */
            CHECK(!ta->missing && !tb->missing);
            CHECK(ta->image.width == 256 && ta->image.height == 256);
            CHECK(tb->image.width == 256 && tb->image.height == 256);
            /* the same PNG, decoded by stb_image from memory and by asset_image_load
             */
            CHECK(ta->image.pixels && tb->image.pixels &&
                  memcmp(ta->image.pixels, tb->image.pixels, 256 * 256 * 4) == 0);
        }
        CHECK(a->meshes[0].uvs != NULL && a->meshes[0].tangents != NULL);
        CHECK(a->meshes[0].vertex_count == b->meshes[0].vertex_count);
        if (a->meshes[0].uvs && b->meshes[0].uvs)
            CHECK(memcmp(a->meshes[0].uvs, b->meshes[0].uvs,
                         sizeof(float) * 2 * (size_t)a->meshes[0].vertex_count) == 0);
    }
    asset_model_free(&a);
    asset_model_free(&b);
}

static void test_duck(void)
{
    const char *rel = "gltf/khronos/Duck/glTF-Binary/Duck.glb";
    if (!have(rel))
        return;
    char why[512];
    asset_model *m = load(rel, NULL, why, sizeof(why));
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(m->triangle_count == 4212);
    CHECK(m->node_count >= 2);
    for (int i = 0; i < m->node_count; i++)
        CHECK(m->nodes[i].name != NULL && asset_model_find_node(m, m->nodes[i].name) <= i);
    /* about 1.6 m tall, standing on the ground */
    CHECK(m->bounds_min[1] > -0.01f && m->bounds_min[1] < 0.2f);
    CHECK(m->bounds_max[1] > 1.5f && m->bounds_max[1] < 1.7f);
    CHECK(m->bounds_max[0] - m->bounds_min[0] > 1.0f && m->bounds_max[0] - m->bounds_min[0] < 2);
    /* the root's box holds every node's box */
    for (int i = 0; i < m->node_count; i++)
        if (m->nodes[i].bounds_min[0] <= m->nodes[i].bounds_max[0])
            for (int k = 0; k < 3; k++) {
                CHECK(m->nodes[i].bounds_min[k] >= m->nodes[0].bounds_min[k]);
                CHECK(m->nodes[i].bounds_max[k] <= m->nodes[0].bounds_max[k]);
            }
    /* a node without meshes below it has an empty box */
    for (int i = 0; i < m->node_count; i++) {
        bool any = false;
        for (int j = i; j < m->node_count; j++) {
            int p = j;
            while (p > i)
                p = m->nodes[p].parent;
            if (p == i && m->nodes[j].mesh_count)
                any = true;
        }
        CHECK(any == (m->nodes[i].bounds_min[0] <= m->nodes[i].bounds_max[0]));
    }
    const asset_material *mat = &m->materials[m->meshes[0].material];
    CHECK(mat->tex_base_color >= 0 && !m->textures[mat->tex_base_color].missing);
    asset_model_free(&m);
}

static void test_helmet(void)
{
    const char *rel = "gltf/khronos/DamagedHelmet/glTF-Binary/DamagedHelmet.glb";
    if (!have(rel))
        return;
    char why[512];
    double t0 = pv_now();
    asset_model *m = load(rel, NULL, why, sizeof(why));
    double t1 = pv_now();
    CHECK(m != NULL);
    if (!m)
        return;
    printf("  DamagedHelmet.glb: %zu triangles, %d textures, loaded in %.0f ms\n",
           m->triangle_count, m->texture_count, (t1 - t0) * 1e3);
    const asset_material *mat = &m->materials[m->meshes[0].material];
    CHECK(mat->tex_base_color >= 0);
    CHECK(mat->tex_metal_rough >= 0);
    CHECK(mat->tex_normal >= 0);
    CHECK(mat->tex_occlusion >= 0);
    CHECK(mat->tex_emissive >= 0);
    int slots[5] = {mat->tex_base_color, mat->tex_metal_rough, mat->tex_normal, mat->tex_occlusion,
                    mat->tex_emissive};
    for (int i = 0; i < 5; i++) {
        if (slots[i] < 0)
            continue;
        for (int j = i + 1; j < 5; j++)
            CHECK(slots[i] != slots[j]);
        CHECK(!m->textures[slots[i]].missing);
        CHECK(m->textures[slots[i]].image.width == 2048);
    }
    CHECK_NEAR(mat->emissive[0], 1, 1e-6);
    CHECK(m->meshes[0].tangents != NULL);
    asset_model_free(&m);
}

static void test_other_formats(void)
{
    char why[512];
    pv_diags diags = {0};
    /* OBJ + MTL with textures beside it, written as ".\name.jpg" */
    const char *rel = "assimp/OBJ/spider.obj";
    if (have(rel)) {
        asset_model *m = load(rel, &diags, why, sizeof(why));
        CHECK(m != NULL);
        if (m) {
            CHECK(m->mesh_count == 19 && m->texture_count == 5);
            for (int i = 0; i < m->texture_count; i++)
                CHECK(!m->textures[i].missing && m->textures[i].image.width > 100);
            CHECK(asset_model_find_node(m, "HLeib01") > 0);
        }
        asset_model_free(&m);
    }
    /* FBX in centimetres: a 1-unit cube from Maya is 1 cm */
    rel = "assimp/FBX/phong_cube.fbx";
    if (have(rel)) {
        asset_model *m = load(rel, NULL, why, sizeof(why));
        CHECK(m != NULL);
        if (m) {
            CHECK(m->triangle_count == 12);
            CHECK_NEAR(m->bounds_max[0] - m->bounds_min[0], 0.01, 1e-6);
        }
        asset_model_free(&m);
    }
    /* Z-up FBX (3ds Max) with an embedded texture named by its original path: a
     * box 1.2 tall standing on the ground must come out along +Y. */
    rel = "assimp/FBX/embedded_ascii/box.FBX";
    if (have(rel)) {
        asset_model *m = load(rel, NULL, why, sizeof(why));
        CHECK(m != NULL);
        if (m) {
            CHECK_NEAR(m->bounds_min[1], 0, 1e-4);
            CHECK_NEAR(m->bounds_max[1], 1.2, 1e-4);
            CHECK_NEAR(m->bounds_max[0], 0.6, 1e-4);
            CHECK_NEAR(m->bounds_max[2], 0.6, 1e-4);
            CHECK(m->texture_count == 1 && !m->textures[0].missing &&
                  m->textures[0].image.width == 512);
        }
        asset_model_free(&m);
    }
    /* Missing textures: warnings naming them, placeholders */
    rel = "assimp/FBX/maxPbrMaterial_metalRough.fbx";
    if (have(rel)) {
        pv_diags_free(&diags);
        asset_model *m = load(rel, &diags, why, sizeof(why));
        CHECK(m != NULL);
        if (m) {
            CHECK(diags_mention(&diags, "albedo.png"));
            CHECK(diags.warnings >= 1 && diags.errors == 0);
            const asset_material *mat = &m->materials[m->meshes[0].material];
            CHECK(mat->tex_base_color >= 0 && m->textures[mat->tex_base_color].missing);
            CHECK(m->textures[mat->tex_base_color].image.width == 2);
        }
        asset_model_free(&m);
    }
    /* 3DS writes DOS names (IMAGE1.JPG for IMAGE1.jpg); Assimp turns it Y-up */
    rel = "assimp/3DS/test1.3ds";
    if (have(rel)) {
        asset_model *m = load(rel, NULL, why, sizeof(why));
        CHECK(m != NULL);
        if (m) {
            CHECK(m->texture_count == 3);
            for (int i = 0; i < m->texture_count; i++)
                CHECK(!m->textures[i].missing);
        }
        asset_model_free(&m);
    }
    pv_diags_free(&diags);
}

static int s_loaded, s_failed;

static void load_everything_in(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = pv_path_join(dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            load_everything_in(path);
        } else if (stat(path, &st) == 0) {
            asset_model *m = NULL;
            pv_diags diags = {0};
            char why[512] = "";
            pv_result r =
                asset_model_load(&(asset_model_desc){.path = path}, &m, &diags, why, sizeof(why));
            if (r == PV_OK) {
                s_loaded++;
                CHECK(m && m->mesh_count > 0 && m->node_count > 0 && m->triangle_count > 0);
                for (int i = 0; m && i < m->mesh_count; i++)
                    for (int v = 0; v < m->meshes[i].vertex_count * 3; v++)
                        if (!isfinite(m->meshes[i].positions[v]) ||
                            !isfinite(m->meshes[i].normals[v])) {
                            CHECK(!"non-finite vertex data kept");
                            v = m->meshes[i].vertex_count * 3;
                        }
                printf("  ok    %s (%d warnings)\n", pv_path_display(path), diags.warnings);
            } else {
                s_failed++;
                CHECK(m == NULL);
                CHECK(strstr(why, e->d_name) != NULL); /* the message names the file */
                printf("  error %s\n", why);
            }
            asset_model_free(&m);
            pv_diags_free(&diags);
        }
        free(path);
    }
    closedir(d);
}

static void test_hostile_files(void)
{
    const char *dirs[] = {"assimp/invalid", "assimp/glTF2-edge", "gltf/validator-glb-edge"};
    for (int i = 0; i < 3; i++) {
        char *dir = pv_path_join(s_models, dirs[i]);
        struct stat st;
        if (stat(dir, &st) != 0) {
            check_skip("%s not found", dir);
        } else {
            load_everything_in(dir);
        }
        free(dir);
    }
    printf("  hostile files: %d loaded (with warnings), %d refused\n", s_loaded, s_failed);
}

static void test_timings(void)
{
    const char *rels[] = {"gltf/khronos/2CylinderEngine/glTF-Binary/2CylinderEngine.glb",
                          "gltf/khronos/BrainStem/glTF-Binary/BrainStem.glb"};
    for (int i = 0; i < 2; i++) {
        if (!have(rels[i]))
            continue;
        char why[512];
        double t0 = pv_now();
        asset_model *m = load(rels[i], NULL, why, sizeof(why));
        double t1 = pv_now();
        CHECK(m != NULL);
        if (m)
            printf("  %s: %zu triangles, %d meshes, %d nodes in %.0f ms\n",
                   strrchr(rels[i], '/') + 1, m->triangle_count, m->mesh_count, m->node_count,
                   (t1 - t0) * 1e3);
        asset_model_free(&m);
    }
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    snprintf(s_models, sizeof(s_models), "%s/models", TEST_SHARED_DIR);
    snprintf(s_tmp, sizeof(s_tmp), "/tmp/pv-model-test-XXXXXX");
    if (!mkdtemp(s_tmp)) {
        perror("mkdtemp");
        return 1;
    }
    test_tiny_obj();
    test_bad_files();
    test_generated();
    struct stat st;
    if (stat(s_models, &st) != 0) {
        check_skip("%s not found (sample models)", s_models);
    } else {
        test_box();
        test_box_textured();
        test_duck();
        test_helmet();
        test_other_formats();
        test_hostile_files();
        test_timings();
    }
    rmdir(s_tmp);
    return check_done();
}
