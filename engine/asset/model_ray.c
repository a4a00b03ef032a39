/* asset/model_ray: ray casts against a model's triangles in world space (picking, walking,
 * marker occlusion). Any thread; the model is only read. */
#include "asset/model_internal.h"

/* Slab test: does the ray enter the box before `tmax`? */
static bool ray_box(const float o[3], const float inv[3], const float mn[3], const float mx[3],
                    float tmax)
{
    if (box_is_empty(mn, mx))
        return false;
    float t0 = 0.0f, t1 = tmax;
    for (int k = 0; k < 3; k++) {
        float a = (mn[k] - o[k]) * inv[k], b = (mx[k] - o[k]) * inv[k];
        if (isnan(a) || isnan(b)) /* ray parallel to and on a slab face */
            continue;
        if (a > b) {
            float t = a;
            a = b;
            b = t;
        }
        t0 = a > t0 ? a : t0;
        t1 = b < t1 ? b : t1;
        if (t0 > t1)
            return false;
    }
    return true;
}

/* Möller–Trumbore, both faces. Returns t > 0 or -1. */
static float ray_triangle(const float o[3], const float d[3], const float p0[3], const float p1[3],
                          const float p2[3])
{
    float e1[3] = {p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
    float e2[3] = {p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]};
    float pv[3], qv[3];
    cross3(d, e2, pv);
    float det = dot3(e1, pv);
    if (fabsf(det) < 1e-12f)
        return -1.0f;
    float inv = 1.0f / det;
    float tv[3] = {o[0] - p0[0], o[1] - p0[1], o[2] - p0[2]};
    float u = dot3(tv, pv) * inv;
    if (u < 0.0f || u > 1.0f)
        return -1.0f;
    cross3(tv, e1, qv);
    float v = dot3(d, qv) * inv;
    if (v < 0.0f || u + v > 1.0f)
        return -1.0f;
    float t = dot3(e2, qv) * inv;
    return t > 1e-6f ? t : -1.0f;
}

float asset_model_raycast(const asset_model *m, const float origin[3], const float dir[3],
                          int *node_hit)
{
    return asset_model_raycast_mask(m, origin, dir, NULL, node_hit);
}

float asset_model_raycast_mask(const asset_model *m, const float origin[3], const float dir[3],
                               const uint8_t *node_mask, int *node_hit)
{
    if (node_hit)
        *node_hit = -1;
    float d[3] = {dir[0], dir[1], dir[2]};
    if (!m || !finite3(origin) || !finite3(d) || !normalize3(d))
        return -1.0f;
    float inv[3] = {1.0f / d[0], 1.0f / d[1], 1.0f / d[2]};
    float best = FLT_MAX;
    int best_node = -1;
    for (int i = 0; i < m->node_count; i++) {
        const asset_node *n = &m->nodes[i];
        /* The box holds this node's meshes and its subtree's: a miss skips only
         * this node's own triangles (children are tested with their own, smaller
         * boxes). */
        if (n->mesh_count == 0 || (node_mask && !node_mask[i]) ||
            !ray_box(origin, inv, n->bounds_min, n->bounds_max, best))
            continue;
        for (int k = 0; k < n->mesh_count; k++) {
            const asset_mesh *me = &m->meshes[n->meshes[k]];
            for (int t = 0; t + 2 < me->index_count; t += 3) {
                float p[3][3];
                for (int c = 0; c < 3; c++)
                    mat_point(n->world, &me->positions[me->indices[t + c] * 3], p[c]);
                float hit = ray_triangle(origin, d, p[0], p[1], p[2]);
                if (hit > 0.0f && hit < best) {
                    best = hit;
                    best_node = i;
                }
            }
        }
    }
    if (best_node < 0)
        return -1.0f;
    if (node_hit)
        *node_hit = best_node;
    return best;
}

