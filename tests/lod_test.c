/* asset/model proxies (asset_model_build_proxy) and their drawing: the generated 1M-triangle
 * model's proxy lands in its triangle band, keeps the model's box (within one cell), stays on
 * its surface (every sampled proxy vertex within one cell diagonal of an original triangle),
 * keeps materials (glass, meshes without UVs, nodes with transforms), comes out the same bytes
 * twice, is not made for small models or degenerate input, and drawn offscreen at 320x180
 * looks like the model. The shared sample models (TEST_SHARED_DIR) are used when present and
 * skipped with a note when not. Images of each comparison are written to /tmp. */
#include "asset/model.h"
#include "check.h"
#include "core/view.h"
#include "gfx/gfx.h"
#include "platform/platform.h"

#include <cglm/cglm.h>
#include <float.h>
#include <stb/stb_image_write.h>
#include <stdlib.h>
#include <string.h>

static char s_tmp[256];

/* ---- geometry helpers ---- */

static void world_point(const float w[16], const float p[3], float out[3])
{
    for (int r = 0; r < 3; r++)
        out[r] = w[r] * p[0] + w[4 + r] * p[1] + w[8 + r] * p[2] + w[12 + r];
}

/* Squared distance from p to triangle abc (Ericson, Real-Time Collision Detection 5.1.5). */
static double point_triangle_d2(const double p[3], const double a[3], const double b[3],
                                const double c[3])
{
    double ab[3], ac[3], ap[3], q[3];
    for (int k = 0; k < 3; k++) {
        ab[k] = b[k] - a[k];
        ac[k] = c[k] - a[k];
        ap[k] = p[k] - a[k];
    }
#define DOT(x, y) ((x)[0] * (y)[0] + (x)[1] * (y)[1] + (x)[2] * (y)[2])
    double d1 = DOT(ab, ap), d2 = DOT(ac, ap);
    if (d1 <= 0 && d2 <= 0) {
        memcpy(q, a, sizeof(q));
        goto out;
    }
    double bp[3] = {p[0] - b[0], p[1] - b[1], p[2] - b[2]};
    double d3 = DOT(ab, bp), d4 = DOT(ac, bp);
    if (d3 >= 0 && d4 <= d3) {
        memcpy(q, b, sizeof(q));
        goto out;
    }
    double vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        double v = d1 / (d1 - d3);
        for (int k = 0; k < 3; k++)
            q[k] = a[k] + v * ab[k];
        goto out;
    }
    double cp[3] = {p[0] - c[0], p[1] - c[1], p[2] - c[2]};
    double d5 = DOT(ab, cp), d6 = DOT(ac, cp);
    if (d6 >= 0 && d5 <= d6) {
        memcpy(q, c, sizeof(q));
        goto out;
    }
    double vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) {
        double w = d2 / (d2 - d6);
        for (int k = 0; k < 3; k++)
            q[k] = a[k] + w * ac[k];
        goto out;
    }
    double va = d3 * d6 - d5 * d4;
    if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
        double w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        for (int k = 0; k < 3; k++)
            q[k] = b[k] + w * (c[k] - b[k]);
        goto out;
    }
    double denom = 1.0 / (va + vb + vc), v = vb * denom, w = vc * denom;
    for (int k = 0; k < 3; k++)
        q[k] = a[k] + ab[k] * v + ac[k] * w;
out:;
    double d[3] = {p[0] - q[0], p[1] - q[1], p[2] - q[2]};
    return DOT(d, d);
#undef DOT
}

/* The distance from p to the model's nearest triangle, looking only at nodes whose own box
 * is within `reach` (farther ones cannot matter); FLT_MAX when none is. */
static double surface_distance(const asset_model *m, const float p[3], float reach)
{
    double best = DBL_MAX, pd[3] = {p[0], p[1], p[2]};
    for (int i = 0; i < m->node_count; i++) {
        const asset_node *n = &m->nodes[i];
        for (int k = 0; k < n->mesh_count; k++) {
            const asset_mesh *me = &m->meshes[n->meshes[k]];
            /* the mesh's box in world space (its 8 corners) */
            float lo[3] = {FLT_MAX, FLT_MAX, FLT_MAX}, hi[3] = {-FLT_MAX, -FLT_MAX, -FLT_MAX};
            for (int c = 0; c < 8; c++) {
                float q[3] = {(c & 1) ? me->bounds_max[0] : me->bounds_min[0],
                              (c & 2) ? me->bounds_max[1] : me->bounds_min[1],
                              (c & 4) ? me->bounds_max[2] : me->bounds_min[2]},
                      w[3];
                world_point(n->world, q, w);
                for (int a = 0; a < 3; a++) {
                    lo[a] = fminf(lo[a], w[a]);
                    hi[a] = fmaxf(hi[a], w[a]);
                }
            }
            bool near = true;
            for (int a = 0; a < 3; a++)
                near = near && p[a] >= lo[a] - reach && p[a] <= hi[a] + reach;
            if (!near)
                continue;
            for (int t = 0; t + 2 < me->index_count; t += 3) {
                double v[3][3];
                bool ok = true;
                for (int c = 0; c < 3 && ok; c++) {
                    float w[3];
                    ok = me->indices[t + c] < (uint32_t)me->vertex_count;
                    if (ok)
                        world_point(n->world, &me->positions[me->indices[t + c] * 3], w);
                    ok = ok && isfinite(w[0]) && isfinite(w[1]) && isfinite(w[2]);
                    for (int a = 0; a < 3 && ok; a++)
                        v[c][a] = w[a];
                }
                if (!ok)
                    continue; /* skipped by the proxy too */
                double d2 = point_triangle_d2(pd, v[0], v[1], v[2]);
                if (d2 < best)
                    best = d2;
            }
        }
    }
    return best == DBL_MAX ? FLT_MAX : sqrt(best);
}

/* Mesh boxes as the proxy needs them: recomputed after a test edits a model. */
static void refresh_bounds(asset_model *m)
{
    for (int i = 0; i < 3; i++) {
        m->bounds_min[i] = FLT_MAX;
        m->bounds_max[i] = -FLT_MAX;
    }
    for (int i = 0; i < m->node_count; i++) {
        asset_node *n = &m->nodes[i];
        for (int k = 0; k < n->mesh_count; k++) {
            const asset_mesh *me = &m->meshes[n->meshes[k]];
            for (int v = 0; v < me->vertex_count; v++) {
                float w[3];
                world_point(n->world, &me->positions[v * 3], w);
                if (!isfinite(w[0]) || !isfinite(w[1]) || !isfinite(w[2]))
                    continue;
                for (int a = 0; a < 3; a++) {
                    m->bounds_min[a] = fminf(m->bounds_min[a], w[a]);
                    m->bounds_max[a] = fmaxf(m->bounds_max[a], w[a]);
                }
            }
        }
    }
}

/* What every proxy must satisfy against its model: in the box (within a cell), on the
 * surface (sampled vertices within a cell diagonal), materials valid, counts consistent. */
static void check_proxy_shape(const char *what, const asset_model *m, const asset_model *p,
                              int samples)
{
    float cell = p->cell_size, diag = cell * sqrtf(3.0f);
    CHECK(cell > 0);
    for (int k = 0; k < 3; k++) {
        if (fabsf(p->bounds_min[k] - m->bounds_min[k]) > cell ||
            fabsf(p->bounds_max[k] - m->bounds_max[k]) > cell)
            printf("%s: axis %d: proxy %g..%g, model %g..%g, cell %g\n", what, k, p->bounds_min[k],
                   p->bounds_max[k], m->bounds_min[k], m->bounds_max[k], cell);
        CHECK(fabsf(p->bounds_min[k] - m->bounds_min[k]) <= cell);
        CHECK(fabsf(p->bounds_max[k] - m->bounds_max[k]) <= cell);
        /* the points stay inside the boxes of their cells' vertices */
        CHECK(p->bounds_min[k] >= m->bounds_min[k] - 1e-4f * (1 + fabsf(m->bounds_min[k])));
        CHECK(p->bounds_max[k] <= m->bounds_max[k] + 1e-4f * (1 + fabsf(m->bounds_max[k])));
    }
    size_t tris = 0, verts = 0;
    for (int i = 0; i < p->mesh_count; i++) {
        const asset_mesh *me = &p->meshes[i];
        tris += (size_t)me->index_count / 3;
        verts += (size_t)me->vertex_count;
        CHECK(me->material >= 0 && me->material < p->material_count);
        CHECK(me->index_count % 3 == 0 && me->index_count > 0);
        bool idx_ok = true;
        for (int k = 0; k < me->index_count; k++)
            idx_ok = idx_ok && me->indices[k] < (uint32_t)me->vertex_count;
        CHECK(idx_ok);
        bool unit = true;
        for (int v = 0; v < me->vertex_count; v++) {
            const float *n = &me->normals[v * 3];
            unit = unit && fabsf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2] - 1.0f) < 1e-3f;
        }
        CHECK(unit);
    }
    CHECK(tris == p->triangle_count);
    CHECK(p->node_count == 1 && p->nodes[0].mesh_count == p->mesh_count);
    CHECK(p->material_count == m->material_count);
    for (int i = 0; i < p->material_count && i < m->material_count; i++) {
        CHECK_STR(p->materials[i].name, m->materials[i].name);
        CHECK(p->materials[i].alpha_mode == m->materials[i].alpha_mode);
        CHECK(p->materials[i].tex_base_color == m->materials[i].tex_base_color);
        CHECK(memcmp(p->materials[i].base_color, m->materials[i].base_color, sizeof(float[4])) ==
              0);
    }
    /* Sampled vertices, spread over all meshes (a fixed stride: the same ones every run). */
    size_t stride = verts / (size_t)samples + 1, seen = 0, tested = 0;
    double worst = 0;
    for (int i = 0; i < p->mesh_count; i++) {
        const asset_mesh *me = &p->meshes[i];
        for (int v = 0; v < me->vertex_count; v++, seen++) {
            if (seen % stride)
                continue;
            double d = surface_distance(m, &me->positions[v * 3], diag);
            worst = d > worst ? d : worst;
            tested++;
        }
    }
    printf("%s: %zu triangles (model %zu drawn), cell %.3f m, %zu vertices sampled, farthest "
           "%.4f m from the surface (limit %.4f)\n",
           what, p->triangle_count, asset_model_drawn_triangles(m), cell, tested, worst, diag);
    CHECK(tested >= (size_t)samples / 2);
    CHECK(worst <= diag);
}

static bool same_bytes(const void *a, const void *b, size_t n)
{
    if (!a || !b)
        return a == b;
    return memcmp(a, b, n) == 0;
}

static bool same_model(const asset_model *a, const asset_model *b)
{
    if (a->mesh_count != b->mesh_count || a->triangle_count != b->triangle_count ||
        a->cell_size != b->cell_size || a->material_count != b->material_count ||
        memcmp(a->bounds_min, b->bounds_min, sizeof(a->bounds_min)) != 0 ||
        memcmp(a->bounds_max, b->bounds_max, sizeof(a->bounds_max)) != 0)
        return false;
    for (int i = 0; i < a->mesh_count; i++) {
        const asset_mesh *x = &a->meshes[i], *y = &b->meshes[i];
        size_t n = (size_t)x->vertex_count;
        if (x->vertex_count != y->vertex_count || x->index_count != y->index_count ||
            x->material != y->material || !same_bytes(x->positions, y->positions, n * 12) ||
            !same_bytes(x->normals, y->normals, n * 12) || !same_bytes(x->uvs, y->uvs, n * 8) ||
            !same_bytes(x->tangents, y->tangents, n * 16) ||
            !same_bytes(x->indices, y->indices, (size_t)x->index_count * 4) ||
            memcmp(x->bounds_min, y->bounds_min, sizeof(x->bounds_min)) != 0)
            return false;
    }
    return true;
}

/* ---- drawing ---- */

typedef struct render_ctx {
    platform *plat;
    gfx *g;
    gfx_target *target;
} render_ctx;

enum { RW = 320, RH = 180 };

typedef struct shot {
    float yaw, pitch;
    float zoom; /* 1: the model's bounding sphere fills the height; 2: twice as close */
} shot;

/* Draws the model (or its proxy) seen from an orbit around its box, as the bench does, into
 * `rgba` (RW x RH), 4x multisampled. */
static void render_model(render_ctx *rc, gfx_model *gm, const asset_model *m, shot sh, bool proxy,
                         uint8_t *rgba)
{
    float c[3], r = 0;
    for (int i = 0; i < 3; i++) {
        c[i] = 0.5f * (m->bounds_min[i] + m->bounds_max[i]);
        r += (m->bounds_max[i] - m->bounds_min[i]) * (m->bounds_max[i] - m->bounds_min[i]);
    }
    r = 0.5f * sqrtf(r);
    pv_view look = {sh.yaw, sh.pitch, 60.0f};
    float f[3], eye[3];
    pv_view_dir(look.yaw, look.pitch, f);
    float dist = r / sinf((float)PV_DEG2RAD(pv_view_vfov(look.fov, RW, RH)) * 0.5f) / sh.zoom;
    for (int k = 0; k < 3; k++)
        eye[k] = c[k] - f[k] * dist;
    float vp[16];
    pv_view_proj_at(&look, eye, RW, RH, 0.05f, dist * 4.0f + r * 4.0f, vp);
    gfx_scene3d s = {.light_dir = {-0.35f, -0.82f, -0.45f},
                     .light_color = {1, 0.97f, 0.92f},
                     .light_intensity = 3.0f,
                     .exposure = 1.0f,
                     .proxy = proxy};
    memcpy(s.view_proj, vp, sizeof(s.view_proj));
    memcpy(s.eye, eye, sizeof(s.eye));
    static const float bg[3] = {0.1f, 0.1f, 0.1f};
    gfx_begin(rc->g, RW, RH, bg);
    gfx_msaa_begin(rc->g, RW, RH, 4);
    gfx_draw_model(rc->g, gm, NULL, &s);
    gfx_msaa_end(rc->g);
    gfx_read_pixels(rc->g, RW, RH, rgba);
}

/* Draws model and proxy from one view, writes both (and their difference, 4x) to /tmp, and
 * returns the mean absolute difference per channel (0..255) over the pixels either covers
 * (over the whole image it would be smaller, the more background there is). The limits the
 * callers set are about 1.3 times what was measured when the proxy was written, when the
 * images were also looked at. */
static double compare_drawn(render_ctx *rc, const char *name, const asset_model *m, shot sh)
{
    gfx_model *gm = gfx_model_create(rc->g, m);
    CHECK(gfx_model_has_proxy(gm) == (m->proxy != NULL));
    uint8_t *full = pv_malloc((size_t)RW * RH * 4), *prox = pv_malloc((size_t)RW * RH * 4);
    uint8_t *diff = pv_malloc((size_t)RW * RH * 4);
    /* the background alone, to tell which pixels the model covers */
    static const float bg[3] = {0.1f, 0.1f, 0.1f};
    uint8_t bg_px[4];
    gfx_begin(rc->g, RW, RH, bg);
    gfx_read_pixels(rc->g, 1, 1, bg_px);
    render_model(rc, gm, m, sh, false, full);
    render_model(rc, gm, m, sh, true, prox);
    double sum = 0, sum_all = 0;
    size_t covered = 0, either = 0;
    for (size_t i = 0; i < (size_t)RW * RH; i++) {
        bool in_full = memcmp(full + i * 4, bg_px, 3) != 0;
        bool in_proxy = memcmp(prox + i * 4, bg_px, 3) != 0;
        int px = 0;
        for (int c = 0; c < 3; c++) {
            int d = abs((int)full[i * 4 + c] - (int)prox[i * 4 + c]);
            px += d;
            diff[i * 4 + c] = (uint8_t)(d * 4 > 255 ? 255 : d * 4);
        }
        diff[i * 4 + 3] = 255;
        covered += in_full;
        either += in_full || in_proxy;
        sum_all += px;
        if (in_full || in_proxy)
            sum += px;
    }
    double mean = either ? sum / ((double)either * 3) : 0;
    char path[512];
    snprintf(path, sizeof(path), "/tmp/lod_%s_full.png", name);
    stbi_write_png(path, RW, RH, 4, full, RW * 4);
    snprintf(path, sizeof(path), "/tmp/lod_%s_proxy.png", name);
    stbi_write_png(path, RW, RH, 4, prox, RW * 4);
    snprintf(path, sizeof(path), "/tmp/lod_%s_diff4x.png", name);
    stbi_write_png(path, RW, RH, 4, diff, RW * 4);
    printf("%s drawn at %dx%d: mean difference %.2f of 255 where model or proxy is (%.2f over "
           "the whole image), the model covers %.0f%% (/tmp/lod_%s_{full,proxy,diff4x}.png)\n",
           name, RW, RH, mean, sum_all / ((double)RW * RH * 3), 100.0 * (double)covered / (RW * RH),
           name);
    CHECK(covered > (size_t)RW * RH / 20); /* the model is in the picture */
    free(full);
    free(prox);
    free(diff);
    gfx_model_destroy(rc->g, &gm);
    return mean;
}

/* ---- the tests ---- */

static void test_boxes_1m(render_ctx *rc)
{
    asset_model *m = asset_model_generate_boxes(1000000);
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK(m->proxy == NULL); /* generated, not loaded: nobody asked */
    double t0 = pv_now();
    asset_model *p = asset_model_build_proxy(m, 0);
    double ms = (pv_now() - t0) * 1000.0;
    CHECK(p != NULL);
    if (!p) {
        asset_model_free(&m);
        return;
    }
    printf("1M boxes: proxy built in %.0f ms\n", ms);
    CHECK(p->triangle_count >= 60000 && p->triangle_count <= 120000);
    check_proxy_shape("1M boxes", m, p, 300);
    asset_model *again = asset_model_build_proxy(m, 0);
    CHECK(again && same_model(p, again));
    asset_model_free(&again);
    m->proxy = p;
    if (rc) {
        /* Each box is under a pixel or two: the full model shimmers (moire), the proxy is a
         * plain surface of patches, a little brighter (the boxes' shaded sides are hidden). */
        CHECK(compare_drawn(rc, "boxes", m, (shot){20.0f, -15.0f, 1.0f}) < 28.0);
        CHECK(compare_drawn(rc, "boxes_near", m, (shot){60.0f, -25.0f, 3.0f}) < 35.0);
    }
    asset_model_free(&m); /* and its proxy */
}

/* Boxes in several materials, one of them glass, one mesh without UVs or tangents, and nodes
 * moved, turned, scaled and mirrored. */
static asset_model *mixed_model(void)
{
    asset_model *m = asset_model_generate_boxes(300000);
    asset_material *mats = pv_calloc(3, sizeof(*mats));
    mats[0] = m->materials[0];
    mats[1] = m->materials[0];
    mats[1].name = pv_strdup("glass");
    mats[1].alpha_mode = ASSET_ALPHA_BLEND;
    mats[1].base_color[3] = 0.3f;
    mats[1].double_sided = true;
    mats[2] = m->materials[0];
    mats[2].name = pv_strdup("red");
    mats[2].base_color[1] = mats[2].base_color[2] = 0.1f;
    free(m->materials);
    m->materials = mats;
    m->material_count = 3;
    m->meshes[1].material = 1;
    m->meshes[2].material = 2;
    pv_free(&m->meshes[2].uvs);
    pv_free(&m->meshes[2].tangents);
    /* node 3 (mesh 2): turned 30 degrees about Y, scaled 1.5, lifted; node 4: mirrored in X */
    float *w = m->nodes[3].world;
    float c = cosf(0.5236f) * 1.5f, s = sinf(0.5236f) * 1.5f;
    memset(w, 0, 16 * sizeof(float));
    w[0] = c, w[2] = -s, w[5] = 1.5f, w[8] = s, w[10] = c, w[13] = 2.0f, w[12] = 10.0f, w[15] = 1;
    memcpy(m->nodes[3].local, w, 16 * sizeof(float));
    m->nodes[4].world[0] = -1.0f;
    m->nodes[4].world[12] = -5.0f;
    refresh_bounds(m);
    return m;
}

static void test_mixed(render_ctx *rc)
{
    asset_model *m = mixed_model();
    asset_model *p = asset_model_build_proxy(m, 20000);
    CHECK(p != NULL);
    if (!p) {
        asset_model_free(&m);
        return;
    }
    CHECK(p->triangle_count >= 12000 && p->triangle_count <= 24000);
    check_proxy_shape("mixed boxes", m, p, 300);
    bool used[3] = {false, false, false};
    int glass_meshes = 0;
    for (int i = 0; i < p->mesh_count; i++) {
        const asset_mesh *me = &p->meshes[i];
        used[me->material] = true;
        glass_meshes += me->material == 1;
        /* the red mesh had no UVs: its proxy has none either; the others keep theirs */
        CHECK((me->uvs == NULL) == (me->material == 2));
        CHECK((me->tangents == NULL) == (me->material == 2));
    }
    CHECK(used[0] && used[1] && used[2]);
    printf("mixed boxes: %d meshes, %d of them glass (regions, sorted far to near)\n",
           p->mesh_count, glass_meshes);
    CHECK(glass_meshes >= 2);
    asset_model *again = asset_model_build_proxy(m, 20000);
    CHECK(again && same_model(p, again));
    asset_model_free(&again);
    m->proxy = p;
    if (rc)
        CHECK(compare_drawn(rc, "mixed", m, (shot){30.0f, -35.0f, 2.0f}) < 35.0);
    asset_model_free(&m);
}

/* A hand-made model of one mesh on one node (positions given, no normals, no UVs). */
static asset_model *one_mesh(const float *pos, int verts, const uint32_t *idx, int indices)
{
    asset_model *m = pv_calloc(1, sizeof(*m));
    m->material_count = 1;
    m->materials = pv_calloc(1, sizeof(*m->materials));
    m->materials[0] = (asset_material){.name = pv_strdup("plain"),
                                       .base_color = {0.8f, 0.8f, 0.8f, 1},
                                       .roughness = 0.5f,
                                       .tex_base_color = -1,
                                       .tex_metal_rough = -1,
                                       .tex_normal = -1,
                                       .tex_occlusion = -1,
                                       .tex_emissive = -1};
    m->mesh_count = 1;
    m->meshes = pv_calloc(1, sizeof(*m->meshes));
    asset_mesh *me = &m->meshes[0];
    me->vertex_count = verts;
    me->index_count = indices;
    me->positions = pv_malloc(sizeof(float) * 3 * (size_t)(verts ? verts : 1));
    memcpy(me->positions, pos, sizeof(float) * 3 * (size_t)verts);
    me->indices = pv_malloc(sizeof(uint32_t) * (size_t)(indices ? indices : 1));
    if (indices)
        memcpy(me->indices, idx, sizeof(uint32_t) * (size_t)indices);
    m->node_count = 1;
    m->nodes = pv_calloc(1, sizeof(*m->nodes));
    m->nodes[0].name = pv_strdup("root");
    m->nodes[0].parent = -1;
    for (int i = 0; i < 16; i += 5)
        m->nodes[0].world[i] = m->nodes[0].local[i] = 1;
    m->nodes[0].meshes = pv_malloc(sizeof(int));
    m->nodes[0].meshes[0] = 0;
    m->nodes[0].mesh_count = 1;
    m->triangle_count = (size_t)indices / 3;
    refresh_bounds(m);
    for (int k = 0; k < 3; k++) {
        me->bounds_min[k] = m->bounds_min[k];
        me->bounds_max[k] = m->bounds_max[k];
    }
    return m;
}

static void test_degenerate(void)
{
    /* nothing at all */
    CHECK(asset_model_build_proxy(NULL, 0) == NULL);
    asset_model *empty = pv_calloc(1, sizeof(*empty));
    CHECK(asset_model_build_proxy(empty, 0) == NULL);
    asset_model_free(&empty);
    /* a mesh with no triangles */
    asset_model *m = one_mesh((const float[]){0, 0, 0}, 1, NULL, 0);
    CHECK(asset_model_build_proxy(m, 0) == NULL);
    asset_model_free(&m);
    /* one triangle: already below any target */
    m = one_mesh((const float[]){0, 0, 0, 1, 0, 0, 0, 1, 0}, 3, (const uint32_t[]){0, 1, 2}, 3);
    CHECK(asset_model_build_proxy(m, 0) == NULL);
    CHECK(asset_model_build_proxy(m, 1) == NULL);
    asset_model_free(&m);

    /* 20000 triangles on one point: all collapse, no proxy. */
    enum { N = 20000 };
    float *pos = pv_calloc(3 * 3 * N, sizeof(float));
    uint32_t *idx = pv_malloc(sizeof(uint32_t) * 3 * N);
    for (uint32_t i = 0; i < 3 * N; i++)
        idx[i] = i;
    m = one_mesh(pos, 3 * N, idx, 3 * N);
    CHECK(asset_model_build_proxy(m, 100) == NULL);
    asset_model_free(&m);

    /* A strip of 20000 triangles with NaN corners in every 7th, an index out of range in
     * every 11th, and no normals: those are skipped, the rest is simplified. */
    for (int i = 0; i < N + 2; i++) {
        float *p = &pos[(size_t)i * 3];
        p[0] = (float)(i / 2) * 0.01f;
        p[1] = 0.2f * sinf((float)i * 0.05f);
        p[2] = (float)(i % 2);
    }
    for (int t = 0; t < N; t++) {
        idx[t * 3 + 0] = (uint32_t)t;
        idx[t * 3 + 1] = (uint32_t)(t % 2 ? t + 2 : t + 1);
        idx[t * 3 + 2] = (uint32_t)(t % 2 ? t + 1 : t + 2);
        if (t % 11 == 5)
            idx[t * 3 + 2] = 10 * N;
    }
    for (int t = 3; t < N; t += 7)
        pos[(size_t)t * 3 + 1] = NAN;
    m = one_mesh(pos, N + 2, idx, 3 * N);
    asset_model *p = asset_model_build_proxy(m, 1000);
    CHECK(p != NULL);
    if (p) {
        bool finite = true;
        for (int i = 0; i < p->mesh_count; i++)
            for (int v = 0; v < p->meshes[i].vertex_count * 3; v++)
                finite = finite && isfinite(p->meshes[i].positions[v]) &&
                         isfinite(p->meshes[i].normals[v]);
        CHECK(finite);
        CHECK(p->meshes[0].uvs == NULL && p->meshes[0].tangents == NULL);
        check_proxy_shape("strip with NaN and bad indices", m, p, 200);
        CHECK(p->triangle_count >= 600 && p->triangle_count <= 1200);
    }
    asset_model_free(&p);
    /* Its node flattened to a plane (scale 0 in y): no normal matrix, face normals. */
    m->nodes[0].world[5] = 0;
    refresh_bounds(m);
    p = asset_model_build_proxy(m, 1000);
    CHECK(p != NULL);
    if (p) {
        bool finite = true;
        for (int v = 0; v < p->meshes[0].vertex_count * 3; v++)
            finite = finite && isfinite(p->meshes[0].normals[v]);
        CHECK(finite);
        check_proxy_shape("flattened strip", m, p, 100);
    }
    asset_model_free(&p);
    asset_model_free(&m);
    free(pos);
    free(idx);
}

/* Loading: a small model gets no proxy, a large one does (and not when asked not to). */
static void test_load(void)
{
    char small[512], large[512];
    snprintf(small, sizeof(small), "%s/small.obj", s_tmp);
    snprintf(large, sizeof(large), "%s/large.obj", s_tmp);
    FILE *f = fopen(small, "w");
    fputs("v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3\nf 1 3 4\n", f);
    fclose(f);
    /* 160 x 160 boxes of 12 triangles: 307200 triangles, above ASSET_PROXY_ABOVE */
    f = fopen(large, "w");
    int base = 1;
    for (int z = 0; z < 160; z++)
        for (int x = 0; x < 160; x++) {
            for (int i = 0; i < 8; i++)
                fprintf(f, "v %g %g %g\n", x + ((i & 1) ? 0.8 : 0.0), (i & 2) ? 0.8 : 0.0,
                        z + ((i & 4) ? 0.8 : 0.0));
            static const int quads[6][4] = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4},
                                            {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};
            for (int q = 0; q < 6; q++)
                fprintf(f, "f %d %d %d %d\n", base + quads[q][0], base + quads[q][1],
                        base + quads[q][2], base + quads[q][3]);
            base += 8;
        }
    fclose(f);
    char why[512];
    asset_model *m = NULL;
    CHECK(asset_model_load(&(asset_model_desc){.path = small}, &m, NULL, why, sizeof(why)) ==
          PV_OK);
    CHECK(m && m->proxy == NULL);
    asset_model_free(&m);
    double t0 = pv_now();
    CHECK(asset_model_load(&(asset_model_desc){.path = large}, &m, NULL, why, sizeof(why)) ==
          PV_OK);
    double load_ms = (pv_now() - t0) * 1000.0;
    CHECK(m && m->proxy != NULL);
    if (m && m->proxy) {
        printf("large.obj: %zu triangles loaded with a proxy of %zu in %.0f ms\n",
               m->triangle_count, m->proxy->triangle_count, load_ms);
        CHECK(m->triangle_count == 307200);
        CHECK(m->proxy->triangle_count >= 60000 && m->proxy->triangle_count <= 120000);
        CHECK(m->proxy->proxy == NULL);
    }
    asset_model_free(&m);
    CHECK(asset_model_load(&(asset_model_desc){.path = large, .no_proxy = true}, &m, NULL, why,
                           sizeof(why)) == PV_OK);
    CHECK(m && m->proxy == NULL);
    asset_model_free(&m);
}

/* Real models: many nodes with transforms (2CylinderEngine), textures (DamagedHelmet), a
 * skinned figure in 59 meshes (BrainStem), an OBJ of thin legs (spider). */
static void test_shared(render_ctx *rc)
{
    static const struct {
        const char *rel, *name;
        size_t target;
        shot sh;
        double alike; /* the largest mean difference accepted */
    } models[] = {
        {"models/gltf/khronos/2CylinderEngine/glTF-Binary/2CylinderEngine.glb",
         "engine",
         20000,
         {30.0f, -20.0f, 1.5f},
         25.0},
        {"models/gltf/khronos/DamagedHelmet/glTF-Binary/DamagedHelmet.glb",
         "helmet",
         12000,
         {20.0f, -10.0f, 1.5f},
         10.0},
        {"models/gltf/khronos/BrainStem/glTF-Binary/BrainStem.glb",
         "brainstem",
         15000,
         {0.0f, -5.0f, 1.2f},
         17.0},
        {"models/assimp/OBJ/spider.obj",
         "spider",
         600,
         {30.0f, -30.0f, 1.2f},
         12.0},
    };
    for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
        char *path = pv_path_join(TEST_SHARED_DIR, models[i].rel);
        if (!pv_file_exists(path)) {
            check_skip("%s not found (the shared sample models are absent)", path);
            free(path);
            continue;
        }
        char why[512];
        asset_model *m = NULL;
        CHECK(asset_model_load(&(asset_model_desc){.path = path}, &m, NULL, why, sizeof(why)) ==
              PV_OK);
        free(path);
        if (!m)
            continue;
        CHECK(m->proxy == NULL); /* well below ASSET_PROXY_ABOVE */
        asset_model *p = asset_model_build_proxy(m, models[i].target);
        CHECK(p != NULL);
        if (p) {
            CHECK(p->triangle_count >= models[i].target * 3 / 5 &&
                  p->triangle_count <= models[i].target * 6 / 5);
            check_proxy_shape(models[i].name, m, p, 300);
            m->proxy = p;
            if (rc)
                CHECK(compare_drawn(rc, models[i].name, m, models[i].sh) < models[i].alike);
        }
        asset_model_free(&m);
    }
}

int main(void)
{
    check_tmpdir(s_tmp, sizeof(s_tmp), "lod-test");
    render_ctx rc = {0};
    platform_desc pd = {.width = 64, .height = 64, .offscreen = true};
    render_ctx *prc = NULL;
    if (platform_create(&pd, &rc.plat) == PV_OK && gfx_create(&rc.g) == PV_OK &&
        (rc.target = gfx_target_create(rc.g, RW, RH)) != NULL) {
        gfx_target_bind(rc.g, rc.target);
        prc = &rc;
    } else {
        fprintf(stderr, "no offscreen GL context: cannot compare drawings\n");
        CHECK(false);
    }
    test_degenerate();
    test_load();
    test_mixed(prc);
    test_boxes_1m(prc);
    test_shared(prc);
    if (rc.g) {
        gfx_target_bind(rc.g, NULL);
        gfx_target_destroy(rc.g, &rc.target);
    }
    gfx_destroy(&rc.g);
    platform_destroy(&rc.plat);
    check_rmdir(s_tmp);
    return check_done();
}
