/* booth_model: an in-memory model being built (named nodes, each holding one triangle list
 * per material; PBR materials; PNG textures) and the geometry helpers the booths are made
 * of: boxes, quads, cylinders, spheres, ring sectors. Geometry is given in the current
 * frame (origin plus orthonormal axes) and stored in model space; the writer moves it into
 * each node's local space. The model owns every array; model_free releases them.
 * Main thread only. Included by tools/booth_gen.c. */

#define MODEL_NAME_MAX 40

typedef struct vertex {
    vec3 p, n;
    float u, v;
} vertex;

typedef struct model_prim {
    int material;
    vertex *verts;
    uint32_t *indices;
    int vert_count, vert_cap, index_count, index_cap;
} model_prim;

typedef struct model_node {
    char name[MODEL_NAME_MAX];
    int parent; /* -1 for the root */
    vec3 origin; /* in model space */
    model_prim *prims;
    int prim_count;
} model_node;

typedef struct model_texture {
    char name[MODEL_NAME_MAX];
    png_bytes png;
    int w, h;
} model_texture;

/* Texture handles are 1-based so that a zero field means "no texture". */
typedef struct material_desc {
    const char *name;
    uint32_t colour;   /* sRGB hex; multiplies the base colour texture */
    float alpha;       /* 0 means opaque */
    float metallic, roughness;
    int base_tex, normal_tex, orm_tex, emissive_tex;
    float normal_scale; /* 0 means 1 */
    float occlusion;    /* occlusion strength when orm_tex is set; 0 means 1 */
    uint32_t emissive;  /* sRGB hex, 0 for none; emissive_tex defaults to white */
    float uv_metres;    /* size of one texture repeat on metric-mapped faces; 0 means 1 m */
    bool blend, double_sided, orm_has_metal_rough;
} material_desc;

typedef struct model_frame {
    vec3 o, x, y, z;
} model_frame;

typedef struct model {
    char name[MODEL_NAME_MAX];
    model_node *nodes;
    int node_count, node_cap;
    material_desc *materials; /* their names are in material_names */
    char (*material_names)[MODEL_NAME_MAX];
    int material_count, material_cap;
    model_texture *textures;
    int texture_count, texture_cap;
    int current_node;
    model_frame frame;
} model;

#define GROW(arr, count, cap, need)                                                     \
    do {                                                                                \
        if ((need) > (cap)) {                                                           \
            (cap) = (cap) ? (cap) * 2 : 16;                                             \
            if ((cap) < (need))                                                         \
                (cap) = (need);                                                         \
            (arr) = pv_realloc((arr), (size_t)(cap) * sizeof *(arr));                   \
        }                                                                               \
    } while (0)

static const model_frame frame_identity = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

static void model_init(model *m, const char *name)
{
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    m->frame = frame_identity;
    m->current_node = -1;
}

static void model_free(model *m)
{
    for (int i = 0; i < m->node_count; i++) {
        for (int k = 0; k < m->nodes[i].prim_count; k++) {
            pv_free(&m->nodes[i].prims[k].verts);
            pv_free(&m->nodes[i].prims[k].indices);
        }
        pv_free(&m->nodes[i].prims);
    }
    for (int i = 0; i < m->texture_count; i++)
        pv_free(&m->textures[i].png.bytes);
    pv_free(&m->nodes);
    pv_free(&m->materials);
    pv_free(&m->material_names);
    pv_free(&m->textures);
    m->node_count = m->material_count = m->texture_count = 0;
}

/* Encodes the image as PNG into the model; returns a 1-based texture handle. */
static int model_texture_add(model *m, const char *name, const image *img, int comp)
{
    GROW(m->textures, m->texture_count, m->texture_cap, m->texture_count + 1);
    model_texture *t = &m->textures[m->texture_count++];
    snprintf(t->name, sizeof t->name, "%s", name);
    t->png = image_encode_png(img, comp);
    t->w = img->w, t->h = img->h;
    return m->texture_count;
}

static int model_material_add(model *m, material_desc desc)
{
    GROW(m->materials, m->material_count, m->material_cap, m->material_count + 1);
    m->material_names = pv_realloc(m->material_names,
                                   (size_t)m->material_cap * sizeof *m->material_names);
    snprintf(m->material_names[m->material_count], MODEL_NAME_MAX, "%s", desc.name);
    desc.name = NULL; /* the model keeps its own copy in material_names */
    m->materials[m->material_count] = desc;
    return m->material_count++;
}

/* Starts a node; later geometry goes into it. `origin` is in model space. Returns its index. */
static int model_node_begin(model *m, const char *name, int parent, vec3 origin)
{
    GROW(m->nodes, m->node_count, m->node_cap, m->node_count + 1);
    model_node *n = &m->nodes[m->node_count];
    memset(n, 0, sizeof *n);
    snprintf(n->name, sizeof n->name, "%s", name);
    n->parent = parent;
    n->origin = origin;
    m->current_node = m->node_count;
    return m->node_count++;
}

static void model_frame_set(model *m, vec3 origin, float yaw)
{
    float c = cosf(yaw), s = sinf(yaw);
    m->frame = (model_frame){origin, {c, 0, -s}, {0, 1, 0}, {s, 0, c}};
}

static void model_frame_reset(model *m) { m->frame = frame_identity; }

static inline vec3 frame_point(const model_frame *f, vec3 p)
{
    return vec3_add(f->o, vec3_add(vec3_add(vec3_scale(f->x, p.x), vec3_scale(f->y, p.y)),
                                   vec3_scale(f->z, p.z)));
}

static inline vec3 frame_dir(const model_frame *f, vec3 d)
{
    return vec3_add(vec3_add(vec3_scale(f->x, d.x), vec3_scale(f->y, d.y)), vec3_scale(f->z, d.z));
}

static model_prim *prim_for(model *m, int material)
{
    if (m->current_node < 0)
        model_node_begin(m, "Geometry", -1, vec3_make(0, 0, 0));
    model_node *n = &m->nodes[m->current_node];
    for (int i = 0; i < n->prim_count; i++)
        if (n->prims[i].material == material)
            return &n->prims[i];
    n->prims = pv_realloc(n->prims, (size_t)(n->prim_count + 1) * sizeof *n->prims);
    model_prim *p = &n->prims[n->prim_count++];
    memset(p, 0, sizeof *p);
    p->material = material;
    return p;
}

/* Adds a vertex given in the current frame; returns its index in the primitive. */
static uint32_t prim_vertex(model *m, model_prim *p, vec3 pos, vec3 nrm, float u, float v)
{
    GROW(p->verts, p->vert_count, p->vert_cap, p->vert_count + 1);
    p->verts[p->vert_count] = (vertex){frame_point(&m->frame, pos),
                                       vec3_norm(frame_dir(&m->frame, nrm)), u, v};
    return (uint32_t)p->vert_count++;
}

static void prim_triangle(model_prim *p, uint32_t a, uint32_t b, uint32_t c)
{
    GROW(p->indices, p->index_count, p->index_cap, p->index_count + 3);
    p->indices[p->index_count++] = a;
    p->indices[p->index_count++] = b;
    p->indices[p->index_count++] = c;
}

static float material_uv_metres(const model *m, int material)
{
    float s = m->materials[material].uv_metres;
    return s > 0 ? s : 1.0f;
}

/* A flat quad: corner p0 (bottom left as seen from the front), edges eu (to the right) and
 * ev (up). The texture rectangle (u0, v0)-(u1, v1) is in image coordinates, v0 at the top.
 * The front is the side cross(eu, ev) points to. */
static void geo_quad_uv(model *m, int mat, vec3 p0, vec3 eu, vec3 ev, float u0, float v0,
                        float u1, float v1)
{
    model_prim *p = prim_for(m, mat);
    vec3 n = vec3_norm(vec3_cross(eu, ev));
    uint32_t a = prim_vertex(m, p, p0, n, u0, v1);
    uint32_t b = prim_vertex(m, p, vec3_add(p0, eu), n, u1, v1);
    uint32_t c = prim_vertex(m, p, vec3_add(vec3_add(p0, eu), ev), n, u1, v0);
    uint32_t d = prim_vertex(m, p, vec3_add(p0, ev), n, u0, v0);
    prim_triangle(p, a, b, c);
    prim_triangle(p, a, c, d);
}

/* A quad showing the whole texture once. */
static void geo_quad(model *m, int mat, vec3 p0, vec3 eu, vec3 ev)
{
    geo_quad_uv(m, mat, p0, eu, ev, 0, 0, 1, 1);
}

/* A quad with texture coordinates in metres of the current frame, so neighbouring faces
 * and boxes continue the same texture. */
static void geo_quad_metric(model *m, int mat, vec3 p0, vec3 eu, vec3 ev)
{
    float s = material_uv_metres(m, mat);
    vec3 du = vec3_norm(eu), dv = vec3_norm(ev);
    float u0 = vec3_dot(p0, du) / s, v1 = -vec3_dot(p0, dv) / s;
    float u1 = u0 + vec3_len(eu) / s, v0 = v1 - vec3_len(ev) / s;
    geo_quad_uv(m, mat, p0, eu, ev, u0, v0, u1, v1);
}

enum {
    FACE_PX = 1, FACE_NX = 2, FACE_PY = 4, FACE_NY = 8, FACE_PZ = 16, FACE_NZ = 32,
    FACE_ALL = 63,
    FACE_SIDES = FACE_PX | FACE_NX | FACE_PZ | FACE_NZ,
};

/* An axis-aligned box (in the current frame) with the faces in `faces`, metric UVs. */
static void geo_box_faces(model *m, int mat, vec3 lo, vec3 hi, int faces)
{
    float sx = hi.x - lo.x, sy = hi.y - lo.y, sz = hi.z - lo.z;
    if (faces & FACE_PZ)
        geo_quad_metric(m, mat, vec3_make(lo.x, lo.y, hi.z), vec3_make(sx, 0, 0),
                        vec3_make(0, sy, 0));
    if (faces & FACE_NZ)
        geo_quad_metric(m, mat, vec3_make(hi.x, lo.y, lo.z), vec3_make(-sx, 0, 0),
                        vec3_make(0, sy, 0));
    if (faces & FACE_PX)
        geo_quad_metric(m, mat, vec3_make(hi.x, lo.y, hi.z), vec3_make(0, 0, -sz),
                        vec3_make(0, sy, 0));
    if (faces & FACE_NX)
        geo_quad_metric(m, mat, vec3_make(lo.x, lo.y, lo.z), vec3_make(0, 0, sz),
                        vec3_make(0, sy, 0));
    if (faces & FACE_PY)
        geo_quad_metric(m, mat, vec3_make(lo.x, hi.y, hi.z), vec3_make(sx, 0, 0),
                        vec3_make(0, 0, -sz));
    if (faces & FACE_NY)
        geo_quad_metric(m, mat, vec3_make(lo.x, lo.y, lo.z), vec3_make(sx, 0, 0),
                        vec3_make(0, 0, sz));
}

static void geo_box(model *m, int mat, float x0, float y0, float z0, float x1, float y1,
                    float z1)
{
    geo_box_faces(m, mat, vec3_make(x0, y0, z0), vec3_make(x1, y1, z1), FACE_ALL);
}

/* A cylinder or cone frustum standing on `base`, smooth sides, optional flat caps. */
static void geo_cylinder(model *m, int mat, vec3 base, float r0, float r1, float h, int segs,
                         bool caps)
{
    model_prim *p = prim_for(m, mat);
    float s = material_uv_metres(m, mat);
    float slope = (r0 - r1) / h;
    uint32_t first = (uint32_t)p->vert_count;
    for (int i = 0; i <= segs; i++) {
        float a = 2 * BOOTH_PI * (float)i / (float)segs;
        float c = cosf(a), sn = sinf(a);
        vec3 n = vec3_norm(vec3_make(sn, slope, c));
        float u = a * maxf(r0, r1) / s;
        prim_vertex(m, p, vec3_add(base, vec3_make(sn * r0, 0, c * r0)), n, u, 0);
        prim_vertex(m, p, vec3_add(base, vec3_make(sn * r1, h, c * r1)), n, u, -h / s);
    }
    for (int i = 0; i < segs; i++) {
        uint32_t a = first + (uint32_t)i * 2;
        prim_triangle(p, a, a + 2, a + 3);
        prim_triangle(p, a, a + 3, a + 1);
    }
    if (!caps)
        return;
    for (int cap = 0; cap < 2; cap++) {
        float r = cap ? r1 : r0, y = cap ? h : 0;
        if (r <= 0)
            continue;
        vec3 n = vec3_make(0, cap ? 1.0f : -1.0f, 0);
        uint32_t centre = prim_vertex(m, p, vec3_add(base, vec3_make(0, y, 0)), n,
                                      base.x / s, -base.z / s);
        uint32_t ring = (uint32_t)p->vert_count;
        for (int i = 0; i <= segs; i++) {
            float a = 2 * BOOTH_PI * (float)i / (float)segs;
            vec3 q = vec3_add(base, vec3_make(sinf(a) * r, y, cosf(a) * r));
            prim_vertex(m, p, q, n, q.x / s, -q.z / s);
        }
        for (int i = 0; i < segs; i++) {
            uint32_t a = ring + (uint32_t)i;
            if (cap)
                prim_triangle(p, centre, a, a + 1);
            else
                prim_triangle(p, centre, a + 1, a);
        }
    }
}

/* An ellipsoid with radii r, `segs` around and `rings` from pole to pole. */
static void geo_sphere(model *m, int mat, vec3 c, vec3 r, int segs, int rings)
{
    model_prim *p = prim_for(m, mat);
    uint32_t first = (uint32_t)p->vert_count;
    for (int j = 0; j <= rings; j++) {
        float t = BOOTH_PI * (float)j / (float)rings;
        float y = cosf(t), ring_r = sinf(t);
        for (int i = 0; i <= segs; i++) {
            float a = 2 * BOOTH_PI * (float)i / (float)segs;
            vec3 d = vec3_make(sinf(a) * ring_r, y, cosf(a) * ring_r);
            vec3 pos = vec3_add(c, vec3_make(d.x * r.x, d.y * r.y, d.z * r.z));
            vec3 n = vec3_norm(vec3_make(d.x / r.x, d.y / r.y, d.z / r.z));
            prim_vertex(m, p, pos, n, (float)i / (float)segs * 2, (float)j / (float)rings);
        }
    }
    uint32_t row = (uint32_t)segs + 1;
    for (int j = 0; j < rings; j++) {
        for (int i = 0; i < segs; i++) {
            uint32_t a = first + (uint32_t)j * row + (uint32_t)i, b = a + row;
            if (j > 0)
                prim_triangle(p, a, b, a + 1);
            if (j < rings - 1)
                prim_triangle(p, a + 1, b, b + 1);
        }
    }
}

/* A horizontal ring sector (curved counter, arc wall): radii r0 < r1 around `centre`,
 * angles a0..a1 (radians, 0 towards +Z, increasing towards +X), from y0 to y1. */
static void geo_ring_sector(model *m, int mat, vec3 centre, float r0, float r1, float a0,
                            float a1, float y0, float y1, int segs)
{
    model_prim *p = prim_for(m, mat);
    float s = material_uv_metres(m, mat);
    for (int side = 0; side < 2; side++) { /* outer then inner wall */
        float r = side ? r0 : r1, sign = side ? -1.0f : 1.0f;
        uint32_t first = (uint32_t)p->vert_count;
        for (int i = 0; i <= segs; i++) {
            float a = a0 + (a1 - a0) * (float)i / (float)segs;
            vec3 n = vec3_make(sinf(a) * sign, 0, cosf(a) * sign);
            vec3 q = vec3_add(centre, vec3_make(sinf(a) * r, 0, cosf(a) * r));
            float u = a * r / s;
            prim_vertex(m, p, vec3_make(q.x, y0, q.z), n, u, -y0 / s);
            prim_vertex(m, p, vec3_make(q.x, y1, q.z), n, u, -y1 / s);
        }
        for (int i = 0; i < segs; i++) {
            uint32_t a = first + (uint32_t)i * 2;
            if (side)
                prim_triangle(p, a, a + 3, a + 2), prim_triangle(p, a, a + 1, a + 3);
            else
                prim_triangle(p, a, a + 2, a + 3), prim_triangle(p, a, a + 3, a + 1);
        }
    }
    for (int cap = 0; cap < 2; cap++) { /* top and bottom */
        float y = cap ? y1 : y0;
        vec3 n = vec3_make(0, cap ? 1.0f : -1.0f, 0);
        uint32_t first = (uint32_t)p->vert_count;
        for (int i = 0; i <= segs; i++) {
            float a = a0 + (a1 - a0) * (float)i / (float)segs;
            for (int k = 0; k < 2; k++) {
                float r = k ? r1 : r0;
                vec3 q = vec3_add(centre, vec3_make(sinf(a) * r, y, cosf(a) * r));
                prim_vertex(m, p, q, n, q.x / s, q.z / s);
            }
        }
        for (int i = 0; i < segs; i++) {
            uint32_t a = first + (uint32_t)i * 2;
            if (cap)
                prim_triangle(p, a, a + 1, a + 3), prim_triangle(p, a, a + 3, a + 2);
            else
                prim_triangle(p, a, a + 3, a + 1), prim_triangle(p, a, a + 2, a + 3);
        }
    }
    for (int end = 0; end < 2; end++) { /* flat ends, facing away from the sector */
        float a = end ? a1 : a0;
        vec3 dir = vec3_make(sinf(a), 0, cosf(a));
        vec3 q0 = vec3_add(centre, vec3_scale(dir, r0));
        vec3 q1 = vec3_add(centre, vec3_scale(dir, r1));
        q0.y = q1.y = y0;
        vec3 eu = vec3_sub(q1, q0), ev = vec3_make(0, y1 - y0, 0);
        if (end)
            geo_quad_metric(m, mat, q1, vec3_scale(eu, -1), ev);
        else
            geo_quad_metric(m, mat, q0, eu, ev);
    }
}

/* An oriented box: centre plus three perpendicular half-extent vectors, flat faces. */
static void geo_obox(model *m, int mat, vec3 c, vec3 hx, vec3 hy, vec3 hz)
{
    vec3 ax[3] = {hx, hy, hz};
    for (int a = 0; a < 3; a++) {
        vec3 n = ax[a], u = ax[(a + 1) % 3], v = ax[(a + 2) % 3];
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            vec3 fn = vec3_scale(n, (float)sgn);
            vec3 eu = vec3_scale(u, 2.0f * (float)sgn), ev = vec3_scale(v, 2.0f);
            vec3 p0 = vec3_sub(vec3_sub(vec3_add(c, fn), vec3_scale(eu, 0.5f)),
                               vec3_scale(ev, 0.5f));
            geo_quad_metric(m, mat, p0, eu, ev);
        }
    }
}

/* A leaf: a folded, drooping strip from `base`, heading `yaw` (radians around +Y) and
 * rising at `pitch`, bending down by `droop` radians towards its tip. Use a double-sided
 * material. */
static void geo_leaf(model *m, int mat, vec3 base, float yaw, float pitch, float length,
                     float width, float droop)
{
    enum { LEAF_STEPS = 5 };
    model_prim *p = prim_for(m, mat);
    vec3 h = vec3_make(sinf(yaw), 0, cosf(yaw));
    vec3 side = vec3_make(cosf(yaw), 0, -sinf(yaw));
    vec3 pos = base;
    uint32_t first = (uint32_t)p->vert_count;
    for (int k = 0; k <= LEAF_STEPS; k++) {
        float t = (float)k / LEAF_STEPS;
        float a = pitch - droop * t;
        vec3 d = vec3_add(vec3_scale(h, cosf(a)), vec3_make(0, sinf(a), 0));
        vec3 n = vec3_norm(vec3_cross(d, side));
        if (n.y < 0)
            n = vec3_scale(n, -1);
        float w = width * 0.5f * sinf(BOOTH_PI * minf(t * 1.15f + 0.04f, 1.0f));
        vec3 lift = vec3_scale(n, w * 0.35f);
        prim_vertex(m, p, vec3_add(vec3_add(pos, vec3_scale(side, -w)), lift), n, 0, t);
        prim_vertex(m, p, pos, n, 0.5f, t);
        prim_vertex(m, p, vec3_add(vec3_add(pos, vec3_scale(side, w)), lift), n, 1, t);
        pos = vec3_madd(pos, d, length / LEAF_STEPS);
    }
    for (int k = 0; k < LEAF_STEPS; k++) {
        uint32_t a = first + (uint32_t)k * 3, b = a + 3;
        prim_triangle(p, a, a + 1, b + 1);
        prim_triangle(p, a, b + 1, b);
        prim_triangle(p, a + 1, a + 2, b + 2);
        prim_triangle(p, a + 1, b + 2, b + 1);
    }
}
