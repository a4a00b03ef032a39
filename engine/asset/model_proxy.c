/* asset/model_proxy: the simplified stand-in drawn while the camera moves (see
 * asset_model_build_proxy in model.h). Any thread; the model is only read. */
#include "asset/model_internal.h"

#include <stdlib.h>

/* ---- the proxy: vertex clustering in world space ----
 *
 * One uniform grid over the model's box. Each cell gets one point (from the planes of the
 * triangles touching it); every corner moves to its cell's point; a triangle whose corners end
 * in fewer than three cells disappears, and of triangles on the same three cells (in the same
 * turn, same output mesh) one is kept.
 * Small separate parts (a screw, a leaf, the 0.8 m boxes of the generated benchmark under a
 * 1.5 m grid) lose all their triangles that way and would leave holes, so the triangles of a
 * connected part that has no triangle left are gathered per cell and direction (the 6 axis
 * directions) into a patch: a rectangle on their mean plane over their box, held inside the
 * cell and shrunk when it would cover more than twice their area. The triangle budget counts
 * patches (2 triangles each) too.
 *
 * World space rather than per mesh in mesh space: one grid over the whole model means one
 * error bound in metres (what the screen shows), corners of different meshes and materials
 * that meet snap to the same point (no cracks between parts), small parts of different meshes
 * merge into one patch, and the budget counts what is drawn (an instanced mesh once per node).
 * The price: instances are not shared, which a proxy of about 100k triangles can afford. */

#define PROXY_NORMAL_COS 0.7071f /* corners within 45 degrees of each other share a normal */
#define PROXY_UV_SPLIT 0.1f      /* and corners whose UVs differ by more do not (seams) */
#define PROXY_REGIONS 4          /* glass is cut into 4 x 4 x 4 regions, sorted as meshes */
#define PROXY_SEARCH_STEPS 12    /* cell sizes tried at most */
#define PROXY_GRID_MAX 1048576.0 /* cells along an axis at most (keys fit in 64 bits) */
#define PROXY_PATCH_MIN 0.05     /* a patch covers at least this part of a cell's face */
#define PROXY_EMPTY64 UINT64_MAX
#define PROXY_NONE UINT32_MAX

/* An open-addressing map from 64-bit keys (never PROXY_EMPTY64) to 32-bit values. It is only
 * looked up, never walked, so its layout cannot change the result. */
typedef struct proxy_map {
    uint64_t *keys;
    uint32_t *values;
    size_t cap, count;
} proxy_map;

static uint64_t proxy_hash(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static void proxy_map_alloc(proxy_map *m, size_t cap)
{
    m->cap = cap;
    m->count = 0;
    m->keys = pv_malloc(cap * sizeof(uint64_t));
    memset(m->keys, 0xff, cap * sizeof(uint64_t));
    m->values = pv_malloc(cap * sizeof(uint32_t));
}

static void proxy_map_free(proxy_map *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof(*m));
}

/* The value stored for `key`, or `value` newly stored (then *added is true). */
static uint32_t proxy_map_get(proxy_map *m, uint64_t key, uint32_t value, bool *added)
{
    if ((m->count + 1) * 2 > m->cap) {
        proxy_map old = *m;
        proxy_map_alloc(m, old.cap ? old.cap * 2 : 1024);
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i] != PROXY_EMPTY64) {
                size_t k = proxy_hash(old.keys[i]) & (m->cap - 1);
                while (m->keys[k] != PROXY_EMPTY64)
                    k = (k + 1) & (m->cap - 1);
                m->keys[k] = old.keys[i];
                m->values[k] = old.values[i];
                m->count++;
            }
        proxy_map_free(&old);
    }
    size_t mask = m->cap - 1, i = proxy_hash(key) & mask;
    while (m->keys[i] != PROXY_EMPTY64) {
        if (m->keys[i] == key) {
            *added = false;
            return m->values[i];
        }
        i = (i + 1) & mask;
    }
    m->keys[i] = key;
    m->values[i] = value;
    m->count++;
    *added = true;
    return value;
}

/* Grows an array of `*cap` elements of `size` bytes to hold `need`. */
static void *proxy_grow(void *p, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return p;
    while (*cap < need)
        *cap = *cap ? *cap * 2 : 256;
    return pv_realloc(p, (size_t)*cap * size);
}

typedef struct proxy_part {
    int node, mesh;
    uint32_t first;  /* its first vertex in proxy_input.pos */
    double nm[9];    /* normal matrix (inverse transpose of the world's 3x3), column-major */
    bool normals_ok; /* the mesh has normals and the node's matrix can be inverted */
} proxy_part;

typedef struct proxy_tri {
    uint32_t v[3]; /* into proxy_input.pos */
    uint32_t part, group;
    uint32_t piece; /* its connected part: the lowest vertex index of it */
    float area;
} proxy_tri;

typedef struct proxy_group {
    int material;
    bool uvs, tangents;
    size_t tri_count, patch_count;
} proxy_group;

/* Every drawn triangle with finite corners, in world space. */
typedef struct proxy_input {
    const asset_model *m;
    proxy_part *parts;
    int part_count;
    float *pos; /* 3 per vertex */
    size_t vertex_count;
    proxy_tri *tris;
    size_t tri_count;
    proxy_group *groups;
    uint32_t group_count, group_cap;
    float lo[3], hi[3]; /* box of the triangles' corners */
    double area;
} proxy_input;

typedef struct proxy_grid {
    double origin[3], cell;
    uint64_t n[3];
} proxy_grid;

static void proxy_input_free(proxy_input *in)
{
    free(in->parts);
    free(in->pos);
    free(in->tris);
    free(in->groups);
    memset(in, 0, sizeof(*in));
}

static void tri_normal(const float *a, const float *b, const float *c, double out[3])
{
    double e1[3] = {(double)b[0] - a[0], (double)b[1] - a[1], (double)b[2] - a[2]};
    double e2[3] = {(double)c[0] - a[0], (double)c[1] - a[1], (double)c[2] - a[2]};
    out[0] = e1[1] * e2[2] - e1[2] * e2[1];
    out[1] = e1[2] * e2[0] - e1[0] * e2[2];
    out[2] = e1[0] * e2[1] - e1[1] * e2[0];
}

static void proxy_normal_matrix(const float w[16], proxy_part *p)
{
    /* a[r][c] = w[c * 4 + r]; inverse transpose = cofactors / determinant */
    double a[3][3];
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
            a[r][c] = w[c * 4 + r];
    double cof[3][3];
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++) {
            int r1 = (r + 1) % 3, r2 = (r + 2) % 3, c1 = (c + 1) % 3, c2 = (c + 2) % 3;
            cof[r][c] = a[r1][c1] * a[r2][c2] - a[r1][c2] * a[r2][c1];
        }
    double det = a[0][0] * cof[0][0] + a[0][1] * cof[0][1] + a[0][2] * cof[0][2];
    if (!(fabs(det) > 1e-30) || !isfinite(det))
        return; /* flattened by its node: face normals instead */
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
            p->nm[c * 3 + r] = cof[r][c] / det;
    p->normals_ok = true;
}

static uint32_t proxy_group_of(proxy_input *in, proxy_map *groups, const proxy_tri *t)
{
    const asset_model *m = in->m;
    const asset_mesh *me = &m->meshes[in->parts[t->part].mesh];
    int material = me->material;
    bool blend = material >= 0 && material < m->material_count &&
                 m->materials[material].alpha_mode == ASSET_ALPHA_BLEND;
    uint64_t region = 0;
    if (blend) {
        for (int k = 0; k < 3; k++) {
            double c = ((double)in->pos[t->v[0] * 3 + k] + in->pos[t->v[1] * 3 + k] +
                        in->pos[t->v[2] * 3 + k]) /
                       3.0;
            double ext = (double)in->hi[k] - in->lo[k];
            int r = ext > 0 ? (int)floor((c - in->lo[k]) / ext * PROXY_REGIONS) : 0;
            r = r < 0 ? 0 : r >= PROXY_REGIONS ? PROXY_REGIONS - 1 : r;
            region = region * PROXY_REGIONS + (uint64_t)r;
        }
    }
    bool uvs = me->uvs != NULL, tangents = me->tangents != NULL;
    uint64_t key = ((uint64_t)(uint32_t)material << 24) | ((uint64_t)uvs << 17) |
                   ((uint64_t)tangents << 16) | region;
    bool added;
    uint32_t g = proxy_map_get(groups, key, in->group_count, &added);
    if (added) {
        in->groups =
            proxy_grow(in->groups, &in->group_cap, in->group_count + 1, sizeof(*in->groups));
        in->groups[in->group_count++] =
            (proxy_group){.material = material, .uvs = uvs, .tangents = tangents};
    }
    return g;
}

static uint32_t piece_root(uint32_t *parent, uint32_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

static bool part_usable(const asset_model *m, int mi)
{
    return mi >= 0 && mi < m->mesh_count && m->meshes[mi].vertex_count > 0 &&
           m->meshes[mi].index_count >= 3 && m->meshes[mi].positions && m->meshes[mi].indices;
}

static bool proxy_gather(const asset_model *m, proxy_input *in)
{
    memset(in, 0, sizeof(*in));
    in->m = m;
    size_t verts = 0, tris = 0;
    int parts = 0;
    for (int i = 0; i < m->node_count; i++)
        for (int k = 0; k < m->nodes[i].mesh_count; k++)
            if (part_usable(m, m->nodes[i].meshes[k])) {
                parts++;
                verts += (size_t)m->meshes[m->nodes[i].meshes[k]].vertex_count;
                tris += (size_t)m->meshes[m->nodes[i].meshes[k]].index_count / 3;
            }
    /* Flat 32-bit indices; a model beyond that is far past what a proxy is for anyway. */
    if (parts == 0 || verts >= PROXY_NONE / 2 || tris >= PROXY_NONE / 4)
        return false;
    in->parts = pv_calloc((size_t)parts, sizeof(*in->parts));
    in->pos = pv_malloc(verts * 3 * sizeof(float));
    in->tris = pv_malloc(tris * sizeof(*in->tris));
    box_empty(in->lo, in->hi);
    for (int i = 0; i < m->node_count; i++)
        for (int k = 0; k < m->nodes[i].mesh_count; k++) {
            int mi = m->nodes[i].meshes[k];
            if (!part_usable(m, mi))
                continue;
            const asset_mesh *me = &m->meshes[mi];
            const float *w = m->nodes[i].world;
            proxy_part *p = &in->parts[in->part_count];
            p->node = i;
            p->mesh = mi;
            p->first = (uint32_t)in->vertex_count;
            if (me->normals)
                proxy_normal_matrix(w, p);
            for (int v = 0; v < me->vertex_count; v++)
                mat_point(w, &me->positions[v * 3], &in->pos[(p->first + (uint32_t)v) * 3]);
            for (int t = 0; t + 2 < me->index_count; t += 3) {
                proxy_tri tri = {.part = (uint32_t)in->part_count};
                bool ok = true;
                for (int c = 0; c < 3 && ok; c++) {
                    uint32_t v = me->indices[t + c];
                    ok = v < (uint32_t)me->vertex_count && finite3(&in->pos[(p->first + v) * 3]);
                    tri.v[c] = p->first + v;
                }
                if (!ok)
                    continue;
                double n[3];
                tri_normal(&in->pos[tri.v[0] * 3], &in->pos[tri.v[1] * 3], &in->pos[tri.v[2] * 3],
                           n);
                double area = 0.5 * sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
                tri.area = isfinite(area) ? (float)area : 0.0f;
                in->area += tri.area;
                for (int c = 0; c < 3; c++)
                    box_add_point(in->lo, in->hi, &in->pos[tri.v[c] * 3]);
                in->tris[in->tri_count++] = tri;
            }
            in->vertex_count += (size_t)me->vertex_count;
            in->part_count++;
        }
    if (in->tri_count == 0)
        return false;
    /* Connected parts (through shared vertices), each named by its lowest vertex. */
    uint32_t *parent = pv_malloc(in->vertex_count * sizeof(uint32_t));
    for (size_t v = 0; v < in->vertex_count; v++)
        parent[v] = (uint32_t)v;
    for (size_t t = 0; t < in->tri_count; t++)
        for (int c = 1; c < 3; c++) {
            uint32_t a = piece_root(parent, in->tris[t].v[0]);
            uint32_t b = piece_root(parent, in->tris[t].v[c]);
            if (a < b)
                parent[b] = a;
            else
                parent[a] = b;
        }
    proxy_map groups = {0};
    proxy_map_alloc(&groups, 64);
    uint32_t part = PROXY_NONE, part_group = PROXY_NONE;
    for (size_t t = 0; t < in->tri_count; t++) {
        proxy_tri *tri = &in->tris[t];
        tri->piece = piece_root(parent, tri->v[0]);
        int mat = m->meshes[in->parts[tri->part].mesh].material;
        if (mat >= 0 && mat < m->material_count &&
            m->materials[mat].alpha_mode == ASSET_ALPHA_BLEND) {
            tri->group = proxy_group_of(in, &groups, tri); /* per region */
            continue;
        }
        if (tri->part != part) { /* the same for the whole mesh */
            part = tri->part;
            part_group = proxy_group_of(in, &groups, tri);
        }
        tri->group = part_group;
    }
    proxy_map_free(&groups);
    free(parent);
    return true;
}

static void proxy_grid_make(const proxy_input *in, double cell, proxy_grid *g)
{
    double ext = 0;
    for (int k = 0; k < 3; k++)
        ext = fmax(ext, (double)in->hi[k] - in->lo[k]);
    g->cell = fmax(cell, ext / (PROXY_GRID_MAX - 2));
    for (int k = 0; k < 3; k++) {
        g->origin[k] = in->lo[k];
        g->n[k] = (uint64_t)floor(((double)in->hi[k] - in->lo[k]) / g->cell) + 1;
    }
}

static uint64_t proxy_cell_key(const proxy_grid *g, const double p[3])
{
    uint64_t idx[3];
    for (int k = 0; k < 3; k++) {
        double f = floor((p[k] - g->origin[k]) / g->cell);
        idx[k] = f <= 0 ? 0 : f >= (double)(g->n[k] - 1) ? g->n[k] - 1 : (uint64_t)f;
    }
    return idx[0] + g->n[0] * (idx[1] + g->n[1] * idx[2]);
}

static void proxy_cell_box(const proxy_grid *g, uint64_t key, float lo[3], float hi[3])
{
    uint64_t idx[3] = {key % g->n[0], key / g->n[0] % g->n[1], key / g->n[0] / g->n[1]};
    for (int k = 0; k < 3; k++) {
        lo[k] = (float)(g->origin[k] + (double)idx[k] * g->cell);
        hi[k] = (float)(g->origin[k] + (double)(idx[k] + 1) * g->cell);
    }
}

/* A triangle's corner keys turned so the smallest comes first (the winding is kept); false
 * when two corners share a key (the triangle collapses). */
static bool proxy_tri_keys(const uint64_t *vkey, const proxy_tri *t, uint64_t k[3])
{
    uint64_t a = vkey[t->v[0]], b = vkey[t->v[1]], c = vkey[t->v[2]];
    if (a == b || b == c || a == c)
        return false;
    if (a < b && a < c)
        k[0] = a, k[1] = b, k[2] = c;
    else if (b < c)
        k[0] = b, k[1] = c, k[2] = a;
    else
        k[0] = c, k[1] = a, k[2] = b;
    return true;
}

/* Triangles of vanished parts, per cell, direction and output mesh. */
typedef struct proxy_patch {
    uint32_t next; /* the next patch of the same cell and direction (another mesh) */
    uint32_t group;
    uint32_t tri;                      /* its first triangle: the patch takes its UV */
    double area, normal[3], center[3]; /* normal and centre: area-weighted sums */
    float lo[3], hi[3];                /* the triangles' corners, held inside the cell */
} proxy_patch;

/* What one grid makes of the input. */
typedef struct proxy_pass {
    uint64_t *vkey; /* per vertex: its cell */
    uint32_t *set;  /* triangles kept, by their three cells */
    size_t set_cap; /* a power of 2 */
    uint8_t *keep;  /* per triangle: kept */
    uint8_t *alive; /* per connected part (by its lowest vertex): some triangle is left */
    proxy_map patch_map;
    proxy_patch *patches;
    uint32_t patch_count, patch_cap;
    size_t kept, patched; /* triangles kept; patches large enough to be drawn */
} proxy_pass;

static void proxy_pass_free(proxy_pass *ps)
{
    free(ps->vkey);
    free(ps->set);
    free(ps->keep);
    free(ps->alive);
    free(ps->patches);
    proxy_map_free(&ps->patch_map);
}

static int proxy_axis(const double n[3])
{
    int a = fabs(n[0]) >= fabs(n[1]) && fabs(n[0]) >= fabs(n[2]) ? 0
            : fabs(n[1]) >= fabs(n[2])                           ? 1
                                                                 : 2;
    return a * 2 + (n[a] < 0);
}

static void proxy_pass_run(const proxy_input *in, const proxy_grid *g, proxy_pass *ps)
{
    for (size_t v = 0; v < in->vertex_count; v++) {
        const float *p = &in->pos[v * 3];
        ps->vkey[v] = proxy_cell_key(g, (const double[3]){p[0], p[1], p[2]});
    }
    memset(ps->set, 0xff, ps->set_cap * sizeof(uint32_t));
    memset(ps->alive, 0, in->vertex_count);
    ps->kept = 0;
    size_t mask = ps->set_cap - 1;
    for (size_t t = 0; t < in->tri_count; t++) {
        const proxy_tri *tri = &in->tris[t];
        uint64_t k[3];
        ps->keep[t] = 0;
        if (!proxy_tri_keys(ps->vkey, tri, k))
            continue;
        ps->alive[tri->piece] = 1;
        size_t i = proxy_hash(k[0] ^ proxy_hash(k[1] ^ proxy_hash(k[2] ^ tri->group))) & mask;
        bool dup = false;
        while (ps->set[i] != PROXY_NONE) {
            const proxy_tri *o = &in->tris[ps->set[i]];
            uint64_t ok[3];
            /* Triangles in the set never collapse: their keys are always there. */
            if (proxy_tri_keys(ps->vkey, o, ok) && o->group == tri->group && ok[0] == k[0] &&
                ok[1] == k[1] && ok[2] == k[2]) {
                dup = true;
                break;
            }
            i = (i + 1) & mask;
        }
        if (dup)
            continue;
        ps->set[i] = (uint32_t)t;
        ps->kept++;
        ps->keep[t] = 1;
    }
    /* The vanished parts' triangles into patches. */
    proxy_map_free(&ps->patch_map);
    proxy_map_alloc(&ps->patch_map, 1024);
    ps->patch_count = 0;
    for (size_t t = 0; t < in->tri_count; t++) {
        const proxy_tri *tri = &in->tris[t];
        if (ps->alive[tri->piece] || !(tri->area > 0))
            continue;
        const float *p[3] = {&in->pos[tri->v[0] * 3], &in->pos[tri->v[1] * 3],
                             &in->pos[tri->v[2] * 3]};
        double c[3], n[3];
        for (int k = 0; k < 3; k++)
            c[k] = ((double)p[0][k] + p[1][k] + p[2][k]) / 3.0;
        tri_normal(p[0], p[1], p[2], n);
        double len = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        for (int k = 0; k < 3; k++)
            n[k] /= len;
        uint64_t cell = proxy_cell_key(g, c);
        bool added;
        uint32_t id = proxy_map_get(&ps->patch_map, cell * 6 + (uint64_t)proxy_axis(n),
                                    ps->patch_count, &added),
                 last = PROXY_NONE;
        if (!added)
            while (id != PROXY_NONE && ps->patches[id].group != tri->group) {
                last = id;
                id = ps->patches[id].next;
            }
        if (added || id == PROXY_NONE) {
            ps->patches =
                proxy_grow(ps->patches, &ps->patch_cap, ps->patch_count + 1, sizeof(*ps->patches));
            id = ps->patch_count++;
            proxy_patch *np = &ps->patches[id];
            memset(np, 0, sizeof(*np));
            np->next = PROXY_NONE;
            np->group = tri->group;
            np->tri = (uint32_t)t;
            box_empty(np->lo, np->hi);
            if (last != PROXY_NONE)
                ps->patches[last].next = id;
        }
        proxy_patch *pp = &ps->patches[id];
        double a = tri->area;
        pp->area += a;
        for (int k = 0; k < 3; k++) {
            pp->normal[k] += a * n[k];
            pp->center[k] += a * c[k];
        }
        float clo[3], chi[3];
        proxy_cell_box(g, cell, clo, chi);
        for (int v = 0; v < 3; v++) {
            float q[3];
            for (int k = 0; k < 3; k++)
                q[k] = p[v][k] < clo[k] ? clo[k] : p[v][k] > chi[k] ? chi[k] : p[v][k];
            box_add_point(pp->lo, pp->hi, q);
        }
    }
    ps->patched = 0;
    for (uint32_t i = 0; i < ps->patch_count; i++)
        ps->patched += ps->patches[i].area >= PROXY_PATCH_MIN * g->cell * g->cell;
}

/* A patch's rectangle: on the plane through its triangles' centre with their mean normal,
 * over their box seen along that normal, shrunk (about its middle) to twice their area at
 * most, and held inside their box. Corners counter-clockwise seen from the front. */
static void proxy_patch_quad(const proxy_patch *pp, float q[4][3], float normal[3],
                             float tangent[3])
{
    double n[3], c[3], t1[3], t2[3];
    double len = sqrt(pp->normal[0] * pp->normal[0] + pp->normal[1] * pp->normal[1] +
                      pp->normal[2] * pp->normal[2]);
    for (int k = 0; k < 3; k++) {
        n[k] = len > 0 ? pp->normal[k] / len : k == 1;
        c[k] = pp->center[k] / pp->area;
    }
    /* t1 across the axis least along n, t2 = n x t1, so that t1 x t2 = n */
    int least = fabs(n[0]) <= fabs(n[1]) && fabs(n[0]) <= fabs(n[2]) ? 0
                : fabs(n[1]) <= fabs(n[2])                           ? 1
                                                                     : 2;
    double e[3] = {least == 0, least == 1, least == 2};
    t1[0] = e[1] * n[2] - e[2] * n[1];
    t1[1] = e[2] * n[0] - e[0] * n[2];
    t1[2] = e[0] * n[1] - e[1] * n[0];
    double tl = sqrt(t1[0] * t1[0] + t1[1] * t1[1] + t1[2] * t1[2]);
    for (int k = 0; k < 3; k++)
        t1[k] /= tl;
    t2[0] = n[1] * t1[2] - n[2] * t1[1];
    t2[1] = n[2] * t1[0] - n[0] * t1[2];
    t2[2] = n[0] * t1[1] - n[1] * t1[0];
    double u0 = INFINITY, u1 = -INFINITY, v0 = INFINITY, v1 = -INFINITY;
    for (int i = 0; i < 8; i++) {
        double d[3];
        for (int k = 0; k < 3; k++)
            d[k] = ((i >> k) & 1 ? pp->hi[k] : pp->lo[k]) - c[k];
        double u = d[0] * t1[0] + d[1] * t1[1] + d[2] * t1[2];
        double v = d[0] * t2[0] + d[1] * t2[1] + d[2] * t2[2];
        u0 = fmin(u0, u), u1 = fmax(u1, u), v0 = fmin(v0, v), v1 = fmax(v1, v);
    }
    /* Up to twice their area is left as it is: rows of small parts (slats, tiles, the
     * benchmark's boxes) read as one surface, their narrow gaps showing their sides. */
    double cover = (u1 - u0) * (v1 - v0);
    if (cover > 2.0 * pp->area) {
        double s = sqrt(2.0 * pp->area / cover), um = 0.5 * (u0 + u1), vm = 0.5 * (v0 + v1);
        u0 = um + (u0 - um) * s, u1 = um + (u1 - um) * s;
        v0 = vm + (v0 - vm) * s, v1 = vm + (v1 - vm) * s;
    }
    const double uv[4][2] = {{u0, v0}, {u1, v0}, {u1, v1}, {u0, v1}};
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 3; k++) {
            double x = c[k] + t1[k] * uv[i][0] + t2[k] * uv[i][1];
            q[i][k] = (float)(x < pp->lo[k] ? pp->lo[k] : x > pp->hi[k] ? pp->hi[k] : x);
        }
    for (int k = 0; k < 3; k++) {
        normal[k] = (float)n[k];
        tangent[k] = (float)t1[k];
    }
}

/* Eigen decomposition of a symmetric 3x3 matrix (cyclic Jacobi): a is destroyed, its
 * diagonal left as the eigenvalues; the columns of v are the eigenvectors. */
static void sym3_eigen(double a[3][3], double v[3][3])
{
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
            v[r][c] = r == c;
    for (int sweep = 0; sweep < 32; sweep++) {
        double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
        double diag = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];
        if (off <= 1e-30 * diag || off == 0)
            break;
        static const int pairs[3][2] = {{0, 1}, {0, 2}, {1, 2}};
        for (int pi = 0; pi < 3; pi++) {
            int p = pairs[pi][0], q = pairs[pi][1];
            if (a[p][q] == 0)
                continue;
            double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
            double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
            double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
            for (int k = 0; k < 3; k++) {
                double kp = a[k][p], kq = a[k][q];
                a[k][p] = c * kp - s * kq;
                a[k][q] = s * kp + c * kq;
            }
            for (int k = 0; k < 3; k++) {
                double pk = a[p][k], qk = a[q][k];
                a[p][k] = c * pk - s * qk;
                a[q][k] = s * pk + c * qk;
            }
            for (int k = 0; k < 3; k++) {
                double kp = v[k][p], kq = v[k][q];
                v[k][p] = c * kp - s * kq;
                v[k][q] = s * kp + c * kq;
            }
        }
    }
}

typedef struct proxy_cell {
    double q[9];   /* quadric: A (xx xy xz yy yz zz), then b (x y z) */
    double sum[3]; /* of the cell's vertices */
    uint32_t count;
    float lo[3], hi[3]; /* box of the cell's vertices */
    float p[3];         /* the representative */
} proxy_cell;

/* The point with the least squared distance to the cell's planes, found around the vertices'
 * mean with small eigenvalues dropped (a flat cell keeps the mean, an edge slides along it),
 * then held inside the box of the cell's vertices. */
static void proxy_cell_point(proxy_cell *c)
{
    double mean[3], a[3][3], v[3][3];
    for (int k = 0; k < 3; k++)
        mean[k] = c->sum[k] / (c->count ? c->count : 1);
    const double *q = c->q;
    a[0][0] = q[0], a[0][1] = a[1][0] = q[1], a[0][2] = a[2][0] = q[2];
    a[1][1] = q[3], a[1][2] = a[2][1] = q[4], a[2][2] = q[5];
    double r[3]; /* -(A mean + b) */
    for (int k = 0; k < 3; k++)
        r[k] = -(a[k][0] * mean[0] + a[k][1] * mean[1] + a[k][2] * mean[2] + q[6 + k]);
    sym3_eigen(a, v);
    double lmax = fmax(fabs(a[0][0]), fmax(fabs(a[1][1]), fabs(a[2][2])));
    double x[3] = {mean[0], mean[1], mean[2]};
    for (int e = 0; e < 3 && lmax > 0; e++) {
        double l = a[e][e];
        if (!(l > 1e-3 * lmax))
            continue;
        double d = (v[0][e] * r[0] + v[1][e] * r[1] + v[2][e] * r[2]) / l;
        for (int k = 0; k < 3; k++)
            x[k] += d * v[k][e];
    }
    for (int k = 0; k < 3; k++) {
        double p = isfinite(x[k]) ? x[k] : mean[k];
        p = p < c->lo[k] ? c->lo[k] : p > c->hi[k] ? c->hi[k] : p;
        c->p[k] = (float)p;
    }
}

/* One vertex of the proxy: a cell, an output mesh, a direction and (with UVs) a place on the
 * texture. */
typedef struct proxy_vertex {
    uint32_t next; /* the next vertex of the same cell and output mesh */
    uint32_t cell, group;
    uint32_t local; /* index in its output mesh, PROXY_NONE before it is used */
    float seed[3];  /* the first corner's normal and UV */
    float seed_uv[2];
    double normal[3]; /* area-weighted sum of its corners' normals */
    double best_d2;   /* the corner nearest the cell's point so far gives UV and tangent */
    uint32_t best_tri;
    int best_corner;
} proxy_vertex;

static void proxy_corner_normal(const proxy_input *in, const proxy_tri *t, int c, float out[3])
{
    const proxy_part *p = &in->parts[t->part];
    const asset_mesh *me = &in->m->meshes[p->mesh];
    if (p->normals_ok) {
        const float *n = &me->normals[(t->v[c] - p->first) * 3];
        for (int k = 0; k < 3; k++)
            out[k] = (float)(p->nm[k] * n[0] + p->nm[3 + k] * n[1] + p->nm[6 + k] * n[2]);
        if (finite3(out) && normalize3(out))
            return;
    }
    double n[3];
    tri_normal(&in->pos[t->v[0] * 3], &in->pos[t->v[1] * 3], &in->pos[t->v[2] * 3], n);
    for (int k = 0; k < 3; k++)
        out[k] = (float)n[k];
    if (!finite3(out) || !normalize3(out))
        out[0] = 0, out[1] = 1, out[2] = 0;
}

/* UV and tangent of a source corner (tangent into world space). */
static void proxy_corner_uv(const proxy_input *in, uint32_t tri, int corner, float uv[2],
                            float tangent[4])
{
    const proxy_tri *t = &in->tris[tri];
    const proxy_part *part = &in->parts[t->part];
    const asset_mesh *src = &in->m->meshes[part->mesh];
    uint32_t sv = t->v[corner] - part->first;
    if (uv && src->uvs)
        memcpy(uv, &src->uvs[sv * 2], 2 * sizeof(float));
    if (tangent && src->tangents) {
        const float *w = in->m->nodes[part->node].world, *st = &src->tangents[sv * 4];
        for (int k = 0; k < 3; k++)
            tangent[k] = w[k] * st[0] + w[4 + k] * st[1] + w[8 + k] * st[2];
        if (!finite3(tangent) || !normalize3(tangent))
            tangent[0] = 1, tangent[1] = 0, tangent[2] = 0;
        tangent[3] = st[3] < 0 ? -1.0f : 1.0f;
    }
}

/* The cell size giving about `target` triangles: a first guess from the surface area (a
 * surface on a grid keeps about two triangles per cell it crosses), then steps scaled by the
 * square root of the miss, bracketed. Returns -1 when no size gives between 1 and `hi`;
 * *last is the size `ps` was last run with. */
static double proxy_search(const proxy_input *in, size_t target, size_t hi, proxy_pass *ps,
                           double *last)
{
    size_t lo = target * 3 / 5;
    double ext = 0;
    for (int k = 0; k < 3; k++)
        ext = fmax(ext, (double)in->hi[k] - in->lo[k]);
    double finest = ext / (PROXY_GRID_MAX - 2);
    double s = sqrt(2.0 * in->area / (double)target);
    if (!(s > 0) || !isfinite(s))
        s = ext / sqrt((double)target);
    double too_fine = 0, too_coarse = INFINITY, best = -1, best_miss = INFINITY;
    for (int step = 0; step < PROXY_SEARCH_STEPS; step++) {
        proxy_grid g;
        proxy_grid_make(in, s, &g);
        s = *last = g.cell;
        proxy_pass_run(in, &g, ps);
        size_t count = ps->kept + ps->patched * 2;
        if (count > 0 && count <= hi) {
            double miss = fabs(log((double)count / (double)target));
            if (miss < best_miss) {
                best_miss = miss;
                best = s;
            }
            if (count >= lo)
                break;
        }
        if (count > hi)
            too_fine = fmax(too_fine, s);
        else
            too_coarse = fmin(too_coarse, s);
        double next = count ? s * sqrt((double)count / (double)target) : s * 0.25;
        if (next <= too_fine || next >= too_coarse)
            next = too_coarse < INFINITY && too_fine > 0 ? sqrt(too_fine * too_coarse)
                   : count > hi                          ? s * 2.0
                                                         : s * 0.5;
        if (next <= finest && s <= finest)
            break; /* as fine as the grid goes */
        s = next;
    }
    return best;
}

asset_model *asset_model_build_proxy(const asset_model *m, size_t target_triangles)
{
    size_t target = target_triangles ? target_triangles : ASSET_PROXY_TARGET;
    if (target > INT32_MAX / 8) /* mesh index counts are ints */
        target = INT32_MAX / 8;
    proxy_input in;
    if (!m || !proxy_gather(m, &in) || in.tri_count <= target) {
        if (m)
            proxy_input_free(&in);
        return NULL;
    }
    asset_model *out = NULL;
    proxy_pass ps = {0};
    ps.set_cap = 64;
    while (ps.set_cap < in.tri_count * 2)
        ps.set_cap *= 2;
    ps.vkey = pv_malloc(in.vertex_count * sizeof(uint64_t));
    ps.set = pv_malloc(ps.set_cap * sizeof(uint32_t));
    ps.keep = pv_malloc(in.tri_count);
    ps.alive = pv_malloc(in.vertex_count);
    uint32_t *vcell = NULL, *corner = NULL, *order = NULL, *used = NULL, *patch_order = NULL;
    proxy_cell *cells = NULL;
    proxy_vertex *pvs = NULL;
    proxy_map cell_map = {0}, vert_map = {0};
    size_t *first = NULL;

    /* No more than 3/4 of the model either: a proxy must be worth drawing instead. */
    size_t hi = target * 6 / 5 < in.tri_count * 3 / 4 ? target * 6 / 5 : in.tri_count * 3 / 4;
    double last = 0, cell = proxy_search(&in, target, hi, &ps, &last);
    if (cell <= 0)
        goto done;
    proxy_grid g;
    proxy_grid_make(&in, cell, &g);
    if (g.cell != last)
        proxy_pass_run(&in, &g, &ps);

    /* Cells, numbered in the order triangles reach them; each vertex's cell. */
    vcell = pv_malloc(in.vertex_count * sizeof(uint32_t));
    memset(vcell, 0xff, in.vertex_count * sizeof(uint32_t));
    proxy_map_alloc(&cell_map, 1024);
    uint32_t cell_count = 0, cell_cap = 0;
    for (size_t t = 0; t < in.tri_count; t++)
        for (int c = 0; c < 3; c++) {
            uint32_t v = in.tris[t].v[c];
            if (vcell[v] != PROXY_NONE)
                continue;
            bool added;
            uint32_t id = proxy_map_get(&cell_map, ps.vkey[v], cell_count, &added);
            if (added) {
                cells = proxy_grow(cells, &cell_cap, cell_count + 1, sizeof(*cells));
                proxy_cell *pc = &cells[cell_count++];
                memset(pc, 0, sizeof(*pc));
                box_empty(pc->lo, pc->hi);
            }
            vcell[v] = id;
            proxy_cell *pc = &cells[id];
            const float *p = &in.pos[v * 3];
            for (int k = 0; k < 3; k++)
                pc->sum[k] += p[k];
            pc->count++;
            box_add_point(pc->lo, pc->hi, p);
        }
    /* Every triangle's plane, weighted by its area, into each cell it touches. */
    for (size_t t = 0; t < in.tri_count; t++) {
        const proxy_tri *tri = &in.tris[t];
        double n[3];
        const float *p0 = &in.pos[tri->v[0] * 3];
        tri_normal(p0, &in.pos[tri->v[1] * 3], &in.pos[tri->v[2] * 3], n);
        double len = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        if (!(len > 0) || !isfinite(len))
            continue;
        for (int k = 0; k < 3; k++)
            n[k] /= len;
        double w = 0.5 * len, d = -(n[0] * p0[0] + n[1] * p0[1] + n[2] * p0[2]);
        double q[9] = {n[0] * n[0], n[0] * n[1], n[0] * n[2], n[1] * n[1], n[1] * n[2],
                       n[2] * n[2], n[0] * d,    n[1] * d,    n[2] * d};
        uint32_t c0 = vcell[tri->v[0]], c1 = vcell[tri->v[1]], c2 = vcell[tri->v[2]];
        uint32_t cs[3] = {c0, c1 != c0 ? c1 : PROXY_NONE, c2 != c0 && c2 != c1 ? c2 : PROXY_NONE};
        for (int c = 0; c < 3; c++)
            if (cs[c] != PROXY_NONE)
                for (int k = 0; k < 9; k++)
                    cells[cs[c]].q[k] += w * q[k];
    }
    for (uint32_t c = 0; c < cell_count; c++)
        proxy_cell_point(&cells[c]);

    /* Proxy vertices: per cell and output mesh, one per bundle of corner normals (and UVs). */
    corner = pv_malloc(in.tri_count * 3 * sizeof(uint32_t));
    proxy_map_alloc(&vert_map, 1024);
    uint32_t pv_count = 0, pv_cap = 0;
    for (size_t t = 0; t < in.tri_count; t++) {
        const proxy_tri *tri = &in.tris[t];
        bool uvs = in.groups[tri->group].uvs;
        if (!ps.keep[t])
            continue; /* only kept triangles have corners in the proxy */
        for (int c = 0; c < 3; c++) {
            uint32_t v = tri->v[c], cid = vcell[v];
            float n[3], uv[2] = {0, 0};
            proxy_corner_normal(&in, tri, c, n);
            if (uvs)
                proxy_corner_uv(&in, (uint32_t)t, c, uv, NULL);
            bool added;
            uint64_t key = (uint64_t)cid * in.group_count + tri->group;
            uint32_t id = proxy_map_get(&vert_map, key, pv_count, &added), last = PROXY_NONE;
            if (!added)
                while (id != PROXY_NONE &&
                       (dot3(pvs[id].seed, n) < PROXY_NORMAL_COS ||
                        (uvs && (fabsf(uv[0] - pvs[id].seed_uv[0]) > PROXY_UV_SPLIT ||
                                 fabsf(uv[1] - pvs[id].seed_uv[1]) > PROXY_UV_SPLIT)))) {
                    last = id;
                    id = pvs[id].next;
                }
            if (added || id == PROXY_NONE) {
                pvs = proxy_grow(pvs, &pv_cap, pv_count + 1, sizeof(*pvs));
                id = pv_count++;
                proxy_vertex *nv = &pvs[id];
                memset(nv, 0, sizeof(*nv));
                nv->next = PROXY_NONE;
                nv->cell = cid;
                nv->group = tri->group;
                nv->local = PROXY_NONE;
                memcpy(nv->seed, n, sizeof(nv->seed));
                memcpy(nv->seed_uv, uv, sizeof(nv->seed_uv));
                nv->best_d2 = INFINITY;
                if (last != PROXY_NONE)
                    pvs[last].next = id;
            }
            proxy_vertex *pv = &pvs[id];
            for (int k = 0; k < 3; k++)
                pv->normal[k] += (double)tri->area * n[k];
            const float *p = &in.pos[v * 3], *cp = cells[cid].p;
            double d2 = ((double)p[0] - cp[0]) * ((double)p[0] - cp[0]) +
                        ((double)p[1] - cp[1]) * ((double)p[1] - cp[1]) +
                        ((double)p[2] - cp[2]) * ((double)p[2] - cp[2]);
            if (d2 < pv->best_d2) {
                pv->best_d2 = d2;
                pv->best_tri = (uint32_t)t;
                pv->best_corner = c;
            }
            corner[t * 3 + c] = id;
        }
    }

    /* The kept triangles that still have an area once snapped, and the patches large enough,
     * by output mesh in the order they came. */
    for (size_t t = 0; t < in.tri_count; t++) {
        if (!ps.keep[t])
            continue;
        double n[3];
        tri_normal(cells[vcell[in.tris[t].v[0]]].p, cells[vcell[in.tris[t].v[1]]].p,
                   cells[vcell[in.tris[t].v[2]]].p, n);
        double min_area = 1e-12 * g.cell * g.cell;
        if (!(n[0] * n[0] + n[1] * n[1] + n[2] * n[2] > min_area * min_area)) {
            ps.keep[t] = 0;
            continue;
        }
        in.groups[in.tris[t].group].tri_count++;
    }
    double patch_min = PROXY_PATCH_MIN * g.cell * g.cell;
    for (uint32_t i = 0; i < ps.patch_count; i++)
        if (ps.patches[i].area >= patch_min)
            in.groups[ps.patches[i].group].patch_count++;
    first = pv_calloc((size_t)in.group_count + 1, sizeof(size_t));
    size_t *pfirst = pv_calloc((size_t)in.group_count + 1, sizeof(size_t));
    for (uint32_t gi = 0; gi < in.group_count; gi++) {
        first[gi + 1] = first[gi] + in.groups[gi].tri_count;
        pfirst[gi + 1] = pfirst[gi] + in.groups[gi].patch_count;
    }
    size_t kept = first[in.group_count], patched = pfirst[in.group_count];
    if (kept + patched == 0) {
        free(pfirst);
        goto done;
    }
    order = pv_malloc((kept ? kept : 1) * sizeof(uint32_t));
    patch_order = pv_malloc((patched ? patched : 1) * sizeof(uint32_t));
    used = pv_malloc((kept ? kept : 1) * 3 * sizeof(uint32_t));
    {
        size_t *fill = pv_malloc(((size_t)in.group_count + 1) * sizeof(size_t));
        memcpy(fill, first, ((size_t)in.group_count + 1) * sizeof(size_t));
        for (size_t t = 0; t < in.tri_count; t++)
            if (ps.keep[t])
                order[fill[in.tris[t].group]++] = (uint32_t)t;
        memcpy(fill, pfirst, ((size_t)in.group_count + 1) * sizeof(size_t));
        for (uint32_t i = 0; i < ps.patch_count; i++)
            if (ps.patches[i].area >= patch_min)
                patch_order[fill[ps.patches[i].group]++] = i;
        free(fill);
    }

    out = pv_calloc(1, sizeof(*out));
    out->cell_size = (float)g.cell;
    int mesh_count = 0;
    for (uint32_t gi = 0; gi < in.group_count; gi++)
        mesh_count += in.groups[gi].tri_count + in.groups[gi].patch_count > 0;
    out->meshes = pv_calloc((size_t)mesh_count, sizeof(*out->meshes));
    box_empty(out->bounds_min, out->bounds_max);
    for (uint32_t gi = 0; gi < in.group_count; gi++) {
        const proxy_group *gr = &in.groups[gi];
        size_t tris = gr->tri_count + gr->patch_count * 2;
        if (!tris)
            continue;
        asset_mesh *me = &out->meshes[out->mesh_count++];
        me->material = gr->material;
        me->index_count = (int)(tris * 3);
        me->indices = pv_malloc(tris * 3 * sizeof(uint32_t));
        /* Vertices in the order the triangles use them, then four per patch. */
        int nv = 0;
        for (size_t i = first[gi]; i < first[gi + 1]; i++)
            for (int c = 0; c < 3; c++) {
                uint32_t id = corner[(size_t)order[i] * 3 + c];
                if (pvs[id].local == PROXY_NONE) {
                    pvs[id].local = (uint32_t)nv;
                    used[nv++] = id;
                }
                me->indices[(i - first[gi]) * 3 + (size_t)c] = pvs[id].local;
            }
        int clustered = nv;
        me->vertex_count = nv + (int)gr->patch_count * 4;
        size_t vn = (size_t)me->vertex_count;
        me->positions = pv_malloc(vn * 3 * sizeof(float));
        me->normals = pv_malloc(vn * 3 * sizeof(float));
        me->uvs = gr->uvs ? pv_malloc(vn * 2 * sizeof(float)) : NULL;
        me->tangents = gr->tangents ? pv_malloc(vn * 4 * sizeof(float)) : NULL;
        box_empty(me->bounds_min, me->bounds_max);
        for (int l = 0; l < clustered; l++) {
            const proxy_vertex *pv = &pvs[used[l]];
            float *p = &me->positions[l * 3];
            memcpy(p, cells[pv->cell].p, 3 * sizeof(float));
            float n[3] = {(float)pv->normal[0], (float)pv->normal[1], (float)pv->normal[2]};
            if (!finite3(n) || !normalize3(n))
                memcpy(n, pv->seed, sizeof(n));
            memcpy(&me->normals[l * 3], n, sizeof(n));
            proxy_corner_uv(&in, pv->best_tri, pv->best_corner, me->uvs ? &me->uvs[l * 2] : NULL,
                            me->tangents ? &me->tangents[l * 4] : NULL);
        }
        size_t at = gr->tri_count * 3;
        for (size_t i = pfirst[gi]; i < pfirst[gi + 1]; i++) {
            const proxy_patch *pp = &ps.patches[patch_order[i]];
            float q[4][3], n[3], t[3];
            proxy_patch_quad(pp, q, n, t);
            int base = clustered + (int)(i - pfirst[gi]) * 4;
            for (int k = 0; k < 4; k++) {
                memcpy(&me->positions[(base + k) * 3], q[k], sizeof(q[k]));
                memcpy(&me->normals[(base + k) * 3], n, sizeof(n));
                if (me->uvs) /* the colour at its first triangle */
                    proxy_corner_uv(&in, pp->tri, 0, &me->uvs[(base + k) * 2], NULL);
                if (me->tangents) {
                    memcpy(&me->tangents[(base + k) * 4], t, sizeof(t));
                    me->tangents[(base + k) * 4 + 3] = 1.0f;
                }
            }
            static const int quad[6] = {0, 1, 2, 0, 2, 3};
            for (int k = 0; k < 6; k++)
                me->indices[at++] = (uint32_t)(base + quad[k]);
        }
        for (int v = 0; v < me->vertex_count; v++)
            box_add_point(me->bounds_min, me->bounds_max, &me->positions[v * 3]);
        box_add_box(out->bounds_min, out->bounds_max, me->bounds_min, me->bounds_max);
        out->triangle_count += tris;
    }
    free(pfirst);
    out->material_count = m->material_count;
    out->materials =
        pv_calloc((size_t)(m->material_count ? m->material_count : 1), sizeof(*out->materials));
    for (int i = 0; i < m->material_count; i++) {
        out->materials[i] = m->materials[i];
        out->materials[i].name = m->materials[i].name ? pv_strdup(m->materials[i].name) : NULL;
    }
    out->node_count = 1;
    out->nodes = pv_calloc(1, sizeof(*out->nodes));
    asset_node *root = &out->nodes[0];
    root->name = pv_strdup("proxy");
    root->parent = -1;
    mat_identity(root->local);
    mat_identity(root->world);
    root->meshes = pv_malloc(sizeof(int) * (size_t)out->mesh_count);
    for (int i = 0; i < out->mesh_count; i++)
        root->meshes[root->mesh_count++] = i;
    memcpy(root->bounds_min, out->bounds_min, sizeof(root->bounds_min));
    memcpy(root->bounds_max, out->bounds_max, sizeof(root->bounds_max));

done:
    free(used);
    free(patch_order);
    free(order);
    free(first);
    free(pvs);
    free(corner);
    free(cells);
    free(vcell);
    proxy_pass_free(&ps);
    proxy_map_free(&cell_map);
    proxy_map_free(&vert_map);
    proxy_input_free(&in);
    return out;
}

