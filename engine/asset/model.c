/* asset/model: loading a booth model (the Assimp import in model_import.c, then the proxy of
 * model_proxy.c for large models), freeing it, finding nodes, and the generated box models
 * of the benchmark. Ray casts are in model_ray.c.
 * Threads: see model.h. */
#include "asset/model_internal.h"

#include <stdio.h>
#include <stdlib.h>

/* A plain grey material with no textures (glTF's defaults otherwise). */
asset_material model_material_plain(const char *name, float roughness)
{
    return (asset_material){.name = pv_strdup(name),
                            .base_color = {0.8f, 0.8f, 0.8f, 1.0f},
                            .roughness = roughness,
                            .alpha_cutoff = 0.5f,
                            .tex_base_color = -1,
                            .tex_metal_rough = -1,
                            .tex_normal = -1,
                            .tex_occlusion = -1,
                            .tex_emissive = -1};
}

void model_mesh_free(asset_mesh *me)
{
    free(me->positions);
    free(me->normals);
    free(me->uvs);
    free(me->tangents);
    free(me->indices);
}


/* World boxes: each node's own meshes (every vertex transformed, so rotated
 * parts stay tight), then folded into the parents, children first. */
void model_bounds(asset_model *m)
{
    for (int i = 0; i < m->node_count; i++) {
        asset_node *n = &m->nodes[i];
        for (int k = 0; k < n->mesh_count; k++) {
            const asset_mesh *me = &m->meshes[n->meshes[k]];
            for (int v = 0; v < me->vertex_count; v++) {
                float w[3];
                mat_point(n->world, &me->positions[v * 3], w);
                box_add_point(n->bounds_min, n->bounds_max, w);
            }
        }
    }
    for (int i = m->node_count - 1; i > 0; i--) {
        asset_node *n = &m->nodes[i];
        if (n->parent >= 0)
            box_add_box(m->nodes[n->parent].bounds_min, m->nodes[n->parent].bounds_max,
                        n->bounds_min, n->bounds_max);
    }
    box_empty(m->bounds_min, m->bounds_max);
    if (m->node_count > 0)
        box_add_box(m->bounds_min, m->bounds_max, m->nodes[0].bounds_min, m->nodes[0].bounds_max);
    m->triangle_count = 0;
    for (int i = 0; i < m->mesh_count; i++)
        m->triangle_count += (size_t)m->meshes[i].index_count / 3;
}

pv_result asset_model_load(const asset_model_desc *d, asset_model **out, pv_diags *diags, char *why,
                           size_t why_n)
{
    if (out)
        *out = NULL;
    if (!d || !d->path || !d->path[0] || !out) {
        snprintf(why, why_n, "no model path given");
        return PV_ERR_INVALID;
    }
    pv_result r = model_child_import(d, out, diags, why, why_n);
    if (r != PV_OK)
        return r;
    asset_model *m = *out;
    /* Here, on the loading thread: the main thread only uploads it. The textures came
     * compressed (sending decoded ones through the memfd cost more than decoding them). */
    model_textures_decode(m, pv_path_display(d->path), diags);
    if (!d->no_proxy && asset_model_drawn_triangles(m) > ASSET_PROXY_ABOVE)
        m->proxy = asset_model_build_proxy(m, ASSET_PROXY_TARGET);
    return PV_OK;
}

void asset_model_free(asset_model **pm)
{
    if (!pm || !*pm)
        return;
    asset_model *m = *pm;
    asset_model_free(&m->proxy);
    for (int i = 0; i < m->mesh_count; i++)
        model_mesh_free(&m->meshes[i]);
    free(m->meshes);
    for (int i = 0; i < m->material_count; i++)
        free(m->materials[i].name);
    free(m->materials);
    for (int i = 0; i < m->texture_count; i++) {
        free(m->textures[i].name);
        asset_image_free(&m->textures[i].image);
        free(m->textures[i].file_bytes);
    }
    free(m->textures);
    for (int i = 0; i < m->node_count; i++) {
        free(m->nodes[i].name);
        free(m->nodes[i].meshes);
    }
    free(m->nodes);
    free(m);
    *pm = NULL;
}

int asset_model_find_node(const asset_model *m, const char *name)
{
    if (!m || !name)
        return -1;
    for (int i = 0; i < m->node_count; i++)
        if (m->nodes[i].name && strcmp(m->nodes[i].name, name) == 0)
            return i;
    return -1;
}

/* ---- generated boxes ---- */

#define BOXES_PER_MESH 4096

/* One box: 6 faces of 4 vertices, flat normals, UVs 0..1 per face. */
static void box_append(asset_mesh *me, const float c[3], float half, float height)
{
    static const float face_n[6][3] = {{1, 0, 0},  {-1, 0, 0}, {0, 1, 0},
                                       {0, -1, 0}, {0, 0, 1},  {0, 0, -1}};
    float mn[3] = {c[0] - half, c[1], c[2] - half},
          mx[3] = {c[0] + half, c[1] + height, c[2] + half};
    for (int f = 0; f < 6; f++) {
        const float *n = face_n[f];
        /* u and v axes so that u x v = n (counter-clockwise from outside). */
        float u[3], v[3];
        float up[3] = {0, 1, 0}, fwd[3] = {0, 0, -1};
        cross3(fabsf(n[1]) > 0.5f ? fwd : up, n, u);
        cross3(n, u, v);
        int base = me->vertex_count;
        for (int k = 0; k < 4; k++) {
            float su = (k == 1 || k == 2) ? 1.0f : -1.0f, sv = (k >= 2) ? 1.0f : -1.0f;
            float *p = &me->positions[(base + k) * 3];
            for (int a = 0; a < 3; a++) {
                float mid = 0.5f * (mn[a] + mx[a]), ext = 0.5f * (mx[a] - mn[a]);
                p[a] = mid + ext * (n[a] + su * u[a] + sv * v[a]);
            }
            memcpy(&me->normals[(base + k) * 3], n, 3 * sizeof(float));
            me->uvs[(base + k) * 2 + 0] = su > 0 ? 1.0f : 0.0f;
            me->uvs[(base + k) * 2 + 1] = sv > 0 ? 0.0f : 1.0f; /* v = 0 at the top */
            float *t = &me->tangents[(base + k) * 4];
            memcpy(t, u, 3 * sizeof(float));
            t[3] = 1.0f;
        }
        static const int quad[6] = {0, 1, 2, 0, 2, 3};
        for (int k = 0; k < 6; k++)
            me->indices[me->index_count++] = (uint32_t)(base + quad[k]);
        me->vertex_count += 4;
    }
}

asset_model *asset_model_generate_boxes(size_t triangles)
{
    size_t boxes = triangles / 12 + (triangles % 12 ? 1 : 0);
    if (boxes == 0)
        boxes = 1;
    if (boxes > (size_t)INT32_MAX / 2)
        return NULL;
    size_t side = (size_t)ceil(sqrt((double)boxes));
    int meshes = (int)((boxes + BOXES_PER_MESH - 1) / BOXES_PER_MESH);

    asset_model *m = pv_calloc(1, sizeof(*m));
    m->material_count = 1;
    m->materials = pv_calloc(1, sizeof(*m->materials));
    m->materials[0] = model_material_plain("boxes", 0.6f);
    m->meshes = pv_calloc((size_t)meshes, sizeof(*m->meshes));
    m->mesh_count = meshes;
    m->node_count = meshes + 1;
    m->nodes = pv_calloc((size_t)m->node_count, sizeof(*m->nodes));
    asset_node *root = &m->nodes[0];
    root->name = pv_strdup("boxes");
    root->parent = -1;
    mat_identity(root->local);
    mat_identity(root->world);
    box_empty(root->bounds_min, root->bounds_max);

    size_t done = 0;
    for (int i = 0; i < meshes; i++) {
        size_t here = boxes - done < BOXES_PER_MESH ? boxes - done : BOXES_PER_MESH;
        asset_mesh *me = &m->meshes[i];
        me->positions = pv_malloc(sizeof(float) * 3 * 24 * here);
        me->normals = pv_malloc(sizeof(float) * 3 * 24 * here);
        me->uvs = pv_malloc(sizeof(float) * 2 * 24 * here);
        me->tangents = pv_malloc(sizeof(float) * 4 * 24 * here);
        me->indices = pv_malloc(sizeof(uint32_t) * 36 * here);
        box_empty(me->bounds_min, me->bounds_max);
        for (size_t k = 0; k < here; k++, done++) {
            float c[3] = {(float)(done % side), 0.0f, (float)(done / side)};
            box_append(me, c, 0.4f, 0.8f);
        }
        for (int v = 0; v < me->vertex_count; v++)
            box_add_point(me->bounds_min, me->bounds_max, &me->positions[v * 3]);

        asset_node *n = &m->nodes[i + 1];
        n->name = pv_asprintf("boxes.%d", i);
        n->parent = 0;
        mat_identity(n->local);
        mat_identity(n->world);
        n->meshes = pv_malloc(sizeof(int));
        n->meshes[0] = i;
        n->mesh_count = 1;
        memcpy(n->bounds_min, me->bounds_min, sizeof(n->bounds_min));
        memcpy(n->bounds_max, me->bounds_max, sizeof(n->bounds_max));
    }
    for (int i = 1; i < m->node_count; i++)
        box_add_box(root->bounds_min, root->bounds_max, m->nodes[i].bounds_min,
                    m->nodes[i].bounds_max);
    memcpy(m->bounds_min, root->bounds_min, sizeof(m->bounds_min));
    memcpy(m->bounds_max, root->bounds_max, sizeof(m->bounds_max));
    for (int i = 0; i < m->mesh_count; i++)
        m->triangle_count += (size_t)m->meshes[i].index_count / 3;
    return m;
}

size_t asset_model_drawn_triangles(const asset_model *m)
{
    size_t n = 0;
    for (int i = 0; m && i < m->node_count; i++)
        for (int k = 0; k < m->nodes[i].mesh_count; k++) {
            int mi = m->nodes[i].meshes[k];
            if (mi >= 0 && mi < m->mesh_count)
                n += (size_t)m->meshes[mi].index_count / 3;
        }
    return n;
}

