/* demo_trace: the demo generator's ray tracer. A scene is a list of analytic primitives
 * (boxes that may turn about the vertical axis, rooms seen from inside, vertical cylinders,
 * spheres, one ground plane) with procedural materials, point lights, a sun and a sky.
 * Rays go through a small BVH. Lighting: hemispheric ambient with a distance-field ambient
 * occlusion, point lights, a sun with hard shadows, one mirror bounce for polished floors and
 * glass facades, clear glass that rays pass through.
 * A scene is built on one thread, then read-only while any number of threads trace it.
 * Included by tools/demo_gen.c. */

#define MAX_PRIMS 1200
#define MAX_MATS 256
#define MAX_LIGHTS 64
#define MAX_SIGNS 96
#define GROUND_PRIM 4095
#define RAY_EPS 1e-4f

enum prim_kind { PK_BOX, PK_ROOM, PK_CYL, PK_SPHERE };

enum face { FACE_PX, FACE_NX, FACE_PY, FACE_NY, FACE_PZ, FACE_NZ };

typedef struct prim {
    int kind;
    v3 c, h;          /* centre, half extents (cylinder: h.x radius, h.y half height) */
    float cs, sn;     /* turn about +Y: world = c + R * local */
    uint16_t mat[6];  /* per face, indexed by the visible side's local normal */
    bool no_ao;       /* glass: does not darken its surroundings */
    v3 lo, hi;        /* world bounds */
} prim;

enum mat_kind {
    MK_PLAIN, MK_TILES, MK_WOOD, MK_CARPET, MK_PANELS, MK_GLASS, MK_FACADE, MK_CEILING,
    MK_SIGN, MK_SCREEN, MK_EMIT, MK_FOLIAGE, MK_GROUND, MK_WINDOWS, MK_METAL, MK_BARK,
    MK_SLATS, MK_PAVING,
};

typedef struct material {
    int kind;
    v3 a, b;              /* main and second colour, linear */
    float p1, p2, p3;     /* kind parameters (sizes, styles) */
    float gloss;          /* strength of light highlights */
    float mirror;         /* reflectance at normal incidence (one bounce) */
    float mirror_max;     /* reflectance at grazing incidence */
    v3 emit;
    int sign;             /* index into scene.signs or -1 */
    float text_h, text_dx, text_dy;
    v3 text_color;
    float text_emit;
} material;

typedef struct light {
    v3 pos, color;
    float range;
} light;

#define LGRID_CELL 2.0f
#define LGRID_MAX 64
#define LGRID_PER_CELL 24

/* Lights reaching each 2 x 2 m column of space, so shading only visits those. */
typedef struct light_grid {
    float x0, z0;
    int nx, nz;
    uint8_t count[LGRID_MAX * LGRID_MAX];
    uint8_t list[LGRID_MAX * LGRID_MAX][LGRID_PER_CELL];
} light_grid;

typedef struct bvh_node {
    v3 lo, hi;
    int first, count;  /* leaf: prims idx[first..first+count) */
    int left, right;   /* inner node (count 0): children */
} bvh_node;

typedef struct scene {
    const demo_font *font;
    prim prims[MAX_PRIMS];
    int prim_count;
    material mats[MAX_MATS];
    int mat_count;
    light lights[MAX_LIGHTS];
    int light_count;
    light_grid lgrid;
    sign_text signs[MAX_SIGNS];
    int sign_count;
    bvh_node nodes[2 * MAX_PRIMS];
    int node_count;
    int idx[MAX_PRIMS];
    float sah_tmp[MAX_PRIMS];
    bool has_ground;
    float ground_y;
    int ground_mat;
    bool sky, sun;
    uint32_t sky_seed;  /* cloud pattern */
    v3 sun_dir, sun_color;
    v3 amb_up, amb_down;
    float fog;        /* metres of haze half-distance, 0 = none */
    float exposure;
    v3 cam;
    float grain;      /* film grain in 8-bit levels (bench picture) */
    /* builder frame: shapes are placed relative to it */
    v3 fo;
    float fth;
} scene;

typedef struct hit {
    float t;
    int prim, face;
    v3 lp, ln;  /* local point and normal */
    v3 p, n;    /* world */
} hit;

typedef struct surface {
    v3 albedo, emit, n, transmit;
    float gloss, spec_pow, mirror, mirror_max;
    bool transparent;
} surface;

/* ---------------------------------------------------------------- building */

static v3 frame_point(const scene *s, v3 p)
{
    float c = cosf(s->fth), sn = sinf(s->fth);
    return v3_make(s->fo.x + c * p.x + sn * p.z, s->fo.y + p.y, s->fo.z - sn * p.x + c * p.z);
}

static void prim_bounds(prim *pr)
{
    if (pr->kind == PK_BOX || pr->kind == PK_ROOM) {
        float ex = fabsf(pr->cs) * pr->h.x + fabsf(pr->sn) * pr->h.z;
        float ez = fabsf(pr->sn) * pr->h.x + fabsf(pr->cs) * pr->h.z;
        v3 e = v3_make(ex, pr->h.y, ez);
        pr->lo = v_sub(pr->c, e);
        pr->hi = v_add(pr->c, e);
    } else if (pr->kind == PK_CYL) {
        v3 e = v3_make(pr->h.x, pr->h.y, pr->h.x);
        pr->lo = v_sub(pr->c, e);
        pr->hi = v_add(pr->c, e);
    } else {
        v3 e = v3_make(pr->h.x, pr->h.x, pr->h.x);
        pr->lo = v_sub(pr->c, e);
        pr->hi = v_add(pr->c, e);
    }
}

static prim *add_prim(scene *s, int kind, v3 c, v3 h, float th, int mat)
{
    if (s->prim_count >= MAX_PRIMS) {
        fprintf(stderr, "pavilion-demo-gen: too many shapes in one scene\n");
        exit(1);
    }
    prim *pr = &s->prims[s->prim_count++];
    memset(pr, 0, sizeof *pr);
    pr->kind = kind;
    pr->c = c;
    pr->h = h;
    pr->cs = cosf(th);
    pr->sn = sinf(th);
    for (int i = 0; i < 6; i++)
        pr->mat[i] = (uint16_t)mat;
    pr->no_ao = s->mats[mat].kind == MK_GLASS;
    prim_bounds(pr);
    return pr;
}

/* A box given by its min and max corners in the builder frame (turned with it). */
static prim *box(scene *s, float x0, float y0, float z0, float x1, float y1, float z1, int mat)
{
    v3 c = frame_point(s, v3_make((x0 + x1) * 0.5f, (y0 + y1) * 0.5f, (z0 + z1) * 0.5f));
    v3 h = v3_make(fabsf(x1 - x0) * 0.5f, fabsf(y1 - y0) * 0.5f, fabsf(z1 - z0) * 0.5f);
    return add_prim(s, PK_BOX, c, h, s->fth, mat);
}

/* Vertical cylinder standing on (x, y0, z). */
static prim *cyl(scene *s, float x, float y0, float z, float r, float height, int mat)
{
    v3 c = frame_point(s, v3_make(x, y0 + height * 0.5f, z));
    return add_prim(s, PK_CYL, c, v3_make(r, height * 0.5f, r), 0, mat);
}

static prim *sphere(scene *s, float x, float y, float z, float r, int mat)
{
    return add_prim(s, PK_SPHERE, frame_point(s, v3_make(x, y, z)), v3_make(r, r, r), 0, mat);
}

static void set_face(prim *pr, int face, int mat) { pr->mat[face] = (uint16_t)mat; }

static int add_mat(scene *s, material m)
{
    if (s->mat_count >= MAX_MATS) {
        fprintf(stderr, "pavilion-demo-gen: too many materials in one scene\n");
        exit(1);
    }
    if (m.mirror_max == 0)
        m.mirror_max = m.mirror;
    if (m.sign == 0 && m.kind != MK_SIGN && m.kind != MK_SCREEN)
        m.sign = -1;
    s->mats[s->mat_count] = m;
    return s->mat_count++;
}

static int add_sign(scene *s, const char *text)
{
    if (s->sign_count >= MAX_SIGNS) {
        fprintf(stderr, "pavilion-demo-gen: too many signs in one scene\n");
        exit(1);
    }
    sign_layout(s->font, &s->signs[s->sign_count], text);
    return s->sign_count++;
}

static void add_light(scene *s, v3 pos, v3 color, float range)
{
    if (s->light_count >= MAX_LIGHTS)
        return;
    s->lights[s->light_count++] = (light){frame_point(s, pos), color, range};
}

/* ---------------------------------------------------------------- BVH */

static float prim_centroid(const prim *pr, int axis)
{
    return axis == 0 ? pr->lo.x + pr->hi.x : axis == 1 ? pr->lo.y + pr->hi.y : pr->lo.z + pr->hi.z;
}

static float box_area(v3 lo, v3 hi)
{
    v3 e = v_sub(hi, lo);
    return 2.0f * (e.x * e.y + e.y * e.z + e.z * e.x);
}

static void sort_by_axis(scene *s, int first, int count, int axis)
{
    /* insertion sort by centroid: scenes are small */
    for (int i = first + 1; i < first + count; i++) {
        int v = s->idx[i];
        float key = prim_centroid(&s->prims[v], axis);
        int j = i - 1;
        while (j >= first && prim_centroid(&s->prims[s->idx[j]], axis) > key) {
            s->idx[j + 1] = s->idx[j];
            j--;
        }
        s->idx[j + 1] = v;
    }
}

/* Surface area heuristic split over sorted centroids. */
static int bvh_build_rec(scene *s, int first, int count)
{
    int ni = s->node_count++;
    v3 lo = v3_make(1e30f, 1e30f, 1e30f), hi = v3_make(-1e30f, -1e30f, -1e30f);
    for (int i = first; i < first + count; i++) {
        const prim *pr = &s->prims[s->idx[i]];
        lo = v3_make(minf(lo.x, pr->lo.x), minf(lo.y, pr->lo.y), minf(lo.z, pr->lo.z));
        hi = v3_make(maxf(hi.x, pr->hi.x), maxf(hi.y, pr->hi.y), maxf(hi.z, pr->hi.z));
    }
    s->nodes[ni].lo = lo;
    s->nodes[ni].hi = hi;
    s->nodes[ni].first = first;
    s->nodes[ni].count = count;
    if (count <= 1)
        return ni;
    float best = 1e30f;
    int best_axis = 0, best_split = count / 2;
    for (int axis = 0; axis < 3; axis++) {
        sort_by_axis(s, first, count, axis);
        v3 rl = v3_make(1e30f, 1e30f, 1e30f), rh = v3_make(-1e30f, -1e30f, -1e30f);
        for (int i = count - 1; i >= 1; i--) {
            const prim *pr = &s->prims[s->idx[first + i]];
            rl = v3_make(minf(rl.x, pr->lo.x), minf(rl.y, pr->lo.y), minf(rl.z, pr->lo.z));
            rh = v3_make(maxf(rh.x, pr->hi.x), maxf(rh.y, pr->hi.y), maxf(rh.z, pr->hi.z));
            s->sah_tmp[i] = box_area(rl, rh);
        }
        v3 ll = v3_make(1e30f, 1e30f, 1e30f), lh = v3_make(-1e30f, -1e30f, -1e30f);
        for (int i = 1; i < count; i++) {
            const prim *pr = &s->prims[s->idx[first + i - 1]];
            ll = v3_make(minf(ll.x, pr->lo.x), minf(ll.y, pr->lo.y), minf(ll.z, pr->lo.z));
            lh = v3_make(maxf(lh.x, pr->hi.x), maxf(lh.y, pr->hi.y), maxf(lh.z, pr->hi.z));
            float cost = box_area(ll, lh) * (float)i + s->sah_tmp[i] * (float)(count - i);
            if (cost < best) {
                best = cost;
                best_axis = axis;
                best_split = i;
            }
        }
    }
    /* a leaf when splitting does not pay (traversal costs about one primitive test) */
    float parent = box_area(lo, hi);
    if (count <= 3 && best + parent * 0.5f >= parent * (float)count)
        return ni;
    sort_by_axis(s, first, count, best_axis);
    int left = bvh_build_rec(s, first, best_split);
    int right = bvh_build_rec(s, first + best_split, count - best_split);
    s->nodes[ni].count = 0;
    s->nodes[ni].left = left;
    s->nodes[ni].right = right;
    return ni;
}

static void light_grid_build(scene *s)
{
    light_grid *g = &s->lgrid;
    memset(g, 0, sizeof *g);
    if (!s->light_count)
        return;
    float x0 = 1e30f, x1 = -1e30f, z0 = 1e30f, z1 = -1e30f;
    for (int i = 0; i < s->light_count; i++) {
        const light *L = &s->lights[i];
        x0 = minf(x0, L->pos.x - L->range);
        x1 = maxf(x1, L->pos.x + L->range);
        z0 = minf(z0, L->pos.z - L->range);
        z1 = maxf(z1, L->pos.z + L->range);
    }
    g->x0 = x0;
    g->z0 = z0;
    g->nx = (int)ceilf((x1 - x0) / LGRID_CELL);
    g->nz = (int)ceilf((z1 - z0) / LGRID_CELL);
    if (g->nx > LGRID_MAX)
        g->nx = LGRID_MAX;
    if (g->nz > LGRID_MAX)
        g->nz = LGRID_MAX;
    for (int cz = 0; cz < g->nz; cz++)
        for (int cx = 0; cx < g->nx; cx++) {
            float ax = x0 + (float)cx * LGRID_CELL, az = z0 + (float)cz * LGRID_CELL;
            int c = cz * LGRID_MAX + cx;
            for (int i = 0; i < s->light_count; i++) {
                const light *L = &s->lights[i];
                float dx = maxf(maxf(ax - L->pos.x, L->pos.x - (ax + LGRID_CELL)), 0);
                float dz = maxf(maxf(az - L->pos.z, L->pos.z - (az + LGRID_CELL)), 0);
                if (dx * dx + dz * dz > L->range * L->range)
                    continue;
                if (g->count[c] < LGRID_PER_CELL) {
                    g->list[c][g->count[c]++] = (uint8_t)i;
                } else { /* full: replace the weakest contribution */
                    int weakest = 0;
                    float wv = 1e30f;
                    for (int k = 0; k < LGRID_PER_CELL; k++) {
                        const light *o = &s->lights[g->list[c][k]];
                        float v = o->color.x + o->color.y + o->color.z;
                        if (v < wv) {
                            wv = v;
                            weakest = k;
                        }
                    }
                    if (L->color.x + L->color.y + L->color.z > wv)
                        g->list[c][weakest] = (uint8_t)i;
                }
            }
        }
}

static void scene_finish(scene *s)
{
    light_grid_build(s);
    for (int i = 0; i < s->prim_count; i++)
        s->idx[i] = i;
    s->node_count = 0;
    if (s->prim_count)
        bvh_build_rec(s, 0, s->prim_count);
}

/* ---------------------------------------------------------------- intersection */

static inline v3 to_local_dir(const prim *pr, v3 d)
{
    return v3_make(pr->cs * d.x - pr->sn * d.z, d.y, pr->sn * d.x + pr->cs * d.z);
}
static inline v3 to_world_dir(const prim *pr, v3 d)
{
    return v3_make(pr->cs * d.x + pr->sn * d.z, d.y, -pr->sn * d.x + pr->cs * d.z);
}

/* Closest hit of one primitive nearer than h->t; fills h when found. */
static bool isect_prim(const scene *s, int pi, v3 o, v3 d, hit *h)
{
    const prim *pr = &s->prims[pi];
    v3 ro = v_sub(o, pr->c);
    if (pr->kind == PK_BOX || pr->kind == PK_ROOM) {
        v3 lo = to_local_dir(pr, ro), ld = to_local_dir(pr, d);
        float o3[3] = {lo.x, lo.y, lo.z}, d3[3] = {ld.x, ld.y, ld.z};
        float h3[3] = {pr->h.x, pr->h.y, pr->h.z};
        float tn = -1e30f, tf = 1e30f;
        int an = 0, af = 0;
        for (int a = 0; a < 3; a++) {
            if (fabsf(d3[a]) < 1e-12f) {
                if (fabsf(o3[a]) > h3[a])
                    return false;
                continue;
            }
            float inv = 1.0f / d3[a];
            float t1 = (-h3[a] - o3[a]) * inv, t2 = (h3[a] - o3[a]) * inv;
            if (t1 > t2) {
                float tmp = t1;
                t1 = t2;
                t2 = tmp;
            }
            if (t1 > tn) {
                tn = t1;
                an = a;
            }
            if (t2 < tf) {
                tf = t2;
                af = a;
            }
        }
        if (tn > tf)
            return false;
        float t;
        int axis;
        if (pr->kind == PK_BOX) {
            t = tn;
            axis = an;
        } else {
            t = tf;
            axis = af;
        }
        if (t <= RAY_EPS || t >= h->t)
            return false;
        float sgn = d3[axis] > 0 ? -1.0f : 1.0f;
        h->t = t;
        h->prim = pi;
        h->face = axis * 2 + (sgn > 0 ? 0 : 1);
        h->lp = v_madd(lo, ld, t);
        h->ln = v3_make(axis == 0 ? sgn : 0, axis == 1 ? sgn : 0, axis == 2 ? sgn : 0);
        return true;
    }
    if (pr->kind == PK_CYL) {
        float r = pr->h.x, hh = pr->h.y;
        float best = h->t;
        int face = -1;
        float a = d.x * d.x + d.z * d.z;
        if (a > 1e-12f) {
            float b = ro.x * d.x + ro.z * d.z;
            float c = ro.x * ro.x + ro.z * ro.z - r * r;
            float disc = b * b - a * c;
            if (disc >= 0) {
                float t = (-b - sqrtf(disc)) / a;
                float y = ro.y + d.y * t;
                if (t > RAY_EPS && t < best && fabsf(y) <= hh) {
                    best = t;
                    face = 0;
                }
            }
        }
        if (fabsf(d.y) > 1e-12f) {
            float cap = d.y < 0 ? hh : -hh;
            float t = (cap - ro.y) / d.y;
            float x = ro.x + d.x * t, z = ro.z + d.z * t;
            if (t > RAY_EPS && t < best && x * x + z * z <= r * r) {
                best = t;
                face = d.y < 0 ? FACE_PY : FACE_NY;
            }
        }
        if (face < 0)
            return false;
        h->t = best;
        h->prim = pi;
        h->face = face;
        h->lp = v_madd(ro, d, best);
        if (face == 0)
            h->ln = v_norm(v3_make(h->lp.x, 0, h->lp.z));
        else
            h->ln = v3_make(0, face == FACE_PY ? 1.0f : -1.0f, 0);
        return true;
    }
    /* sphere */
    float r = pr->h.x;
    float b = v_dot(ro, d), c = v_dot(ro, ro) - r * r;
    float disc = b * b - c;
    if (disc < 0)
        return false;
    float t = -b - sqrtf(disc);
    if (t <= RAY_EPS || t >= h->t)
        return false;
    h->t = t;
    h->prim = pi;
    h->face = 0;
    h->lp = v_madd(ro, d, t);
    h->ln = v_scale(h->lp, 1.0f / r);
    return true;
}

/* oi is -o * inv, so each slab is one multiply-add. */
static inline bool aabb_hit(const bvh_node *nd, v3 oi, v3 inv, float tmax, float *tentry)
{
    float tx1 = nd->lo.x * inv.x + oi.x, tx2 = nd->hi.x * inv.x + oi.x;
    float ty1 = nd->lo.y * inv.y + oi.y, ty2 = nd->hi.y * inv.y + oi.y;
    float tz1 = nd->lo.z * inv.z + oi.z, tz2 = nd->hi.z * inv.z + oi.z;
    float tn = maxf(maxf(minf(tx1, tx2), minf(ty1, ty2)), minf(tz1, tz2));
    float tf = minf(minf(maxf(tx1, tx2), maxf(ty1, ty2)), maxf(tz1, tz2));
    *tentry = tn;
    return tf >= maxf(tn, 0.0f) && tn < tmax;
}

static inline v3 safe_inv(v3 d)
{
    return v3_make(fabsf(d.x) > 1e-12f ? 1.0f / d.x : 1e12f,
                   fabsf(d.y) > 1e-12f ? 1.0f / d.y : 1e12f,
                   fabsf(d.z) > 1e-12f ? 1.0f / d.z : 1e12f);
}

static bool trace(const scene *s, v3 o, v3 d, float tmax, hit *h)
{
    h->t = tmax;
    h->prim = -1;
    if (s->has_ground && d.y < 0) {
        float t = (s->ground_y - o.y) / d.y;
        if (t > RAY_EPS && t < h->t) {
            h->t = t;
            h->prim = GROUND_PRIM;
            h->face = FACE_PY;
            h->lp = v_madd(o, d, t);
            h->ln = v3_make(0, 1, 0);
        }
    }
    if (s->node_count) {
        /* children are tested before they are pushed, with their entry distance, so a
         * popped node only needs comparing against the nearest hit so far */
        v3 inv = safe_inv(d);
        v3 oi = v3_make(-o.x * inv.x, -o.y * inv.y, -o.z * inv.z);
        int stack[64], sp = 0;
        float entry[64], te;
        if (aabb_hit(&s->nodes[0], oi, inv, h->t, &te)) {
            stack[sp] = 0;
            entry[sp++] = te;
        }
        while (sp) {
            sp--;
            if (entry[sp] >= h->t)
                continue;
            const bvh_node *nd = &s->nodes[stack[sp]];
            if (nd->count) {
                for (int i = 0; i < nd->count; i++)
                    isect_prim(s, s->idx[nd->first + i], o, d, h);
                continue;
            }
            float tl, tr;
            bool hl = aabb_hit(&s->nodes[nd->left], oi, inv, h->t, &tl);
            bool hr = aabb_hit(&s->nodes[nd->right], oi, inv, h->t, &tr);
            if (hl && hr) {
                bool lfirst = tl < tr;
                stack[sp] = lfirst ? nd->right : nd->left;
                entry[sp++] = lfirst ? tr : tl;
                stack[sp] = lfirst ? nd->left : nd->right;
                entry[sp++] = lfirst ? tl : tr;
            } else if (hl) {
                stack[sp] = nd->left;
                entry[sp++] = tl;
            } else if (hr) {
                stack[sp] = nd->right;
                entry[sp++] = tr;
            }
        }
    }
    if (h->prim < 0)
        return false;
    h->p = v_madd(o, d, h->t);
    if (h->prim == GROUND_PRIM)
        h->n = h->ln;
    else
        h->n = to_world_dir(&s->prims[h->prim], h->ln);
    return true;
}

static int hit_material(const scene *s, const hit *h)
{
    if (h->prim == GROUND_PRIM)
        return s->ground_mat;
    return s->prims[h->prim].mat[h->face];
}

/* Glass with mullions: is the point on a mullion (opaque)? */
static float glass_mullion(const material *m, float u, float v, float fw);
static void face_uv(const scene *s, const hit *h, float *u, float *v, float *fwid, float *fhei);

/* Whether anything opaque lies between o and o + d * tmax (clear glass lets light through
 * except at its mullions). Stops at the first blocker found. */
static bool occluded(const scene *s, v3 o, v3 d, float tmax)
{
    if (s->has_ground && d.y < 0) {
        float t = (s->ground_y - o.y) / d.y;
        if (t > RAY_EPS && t < tmax)
            return true;
    }
    if (!s->node_count)
        return false;
    v3 inv = safe_inv(d);
    v3 oi = v3_make(-o.x * inv.x, -o.y * inv.y, -o.z * inv.z);
    int stack[64], sp = 0;
    float te;
    if (aabb_hit(&s->nodes[0], oi, inv, tmax, &te))
        stack[sp++] = 0;
    while (sp) {
        const bvh_node *nd = &s->nodes[stack[--sp]];
        if (!nd->count) {
            if (aabb_hit(&s->nodes[nd->left], oi, inv, tmax, &te))
                stack[sp++] = nd->left;
            if (aabb_hit(&s->nodes[nd->right], oi, inv, tmax, &te))
                stack[sp++] = nd->right;
            continue;
        }
        for (int i = 0; i < nd->count; i++) {
            hit h;
            h.t = tmax;
            if (!isect_prim(s, s->idx[nd->first + i], o, d, &h))
                continue;
            const material *m = &s->mats[hit_material(s, &h)];
            if (m->kind != MK_GLASS)
                return true;
            float u, v, fw, fh;
            face_uv(s, &h, &u, &v, &fw, &fh);
            if (glass_mullion(m, u + fw * 0.5f, v + fh * 0.5f, 0.01f) > 0.5f)
                return true;
        }
    }
    return false;
}

/* ---------------------------------------------------------------- occlusion */

static float prim_sdf(const prim *pr, v3 p)
{
    v3 q = v_sub(p, pr->c);
    switch (pr->kind) {
    case PK_BOX:
    case PK_ROOM: {
        float lx = pr->cs * q.x - pr->sn * q.z, lz = pr->sn * q.x + pr->cs * q.z;
        float dx = fabsf(lx) - pr->h.x, dy = fabsf(q.y) - pr->h.y, dz = fabsf(lz) - pr->h.z;
        float ox = maxf(dx, 0), oy = maxf(dy, 0), oz = maxf(dz, 0);
        float d = sqrtf(ox * ox + oy * oy + oz * oz) + minf(maxf(dx, maxf(dy, dz)), 0.0f);
        return pr->kind == PK_ROOM ? -d : d;
    }
    case PK_CYL: {
        float dr = sqrtf(q.x * q.x + q.z * q.z) - pr->h.x, dy = fabsf(q.y) - pr->h.y;
        float ox = maxf(dr, 0), oy = maxf(dy, 0);
        return minf(maxf(dr, dy), 0.0f) + sqrtf(ox * ox + oy * oy);
    }
    default:
        return v_len(q) - pr->h.x;
    }
}

#define AO_RADIUS 0.9f
#define AO_MAX_CAND 24

static float ambient_occlusion(const scene *s, v3 p, v3 n)
{
    int cand[AO_MAX_CAND], nc = 0;
    v3 q = v_madd(p, n, AO_RADIUS * 0.5f);
    float r = AO_RADIUS * 0.5f + 0.05f;
    int stack[64], sp = 0;
    if (s->node_count)
        stack[sp++] = 0;
    while (sp && nc < AO_MAX_CAND) {
        const bvh_node *nd = &s->nodes[stack[--sp]];
        float dx = maxf(maxf(nd->lo.x - q.x, q.x - nd->hi.x), 0);
        float dy = maxf(maxf(nd->lo.y - q.y, q.y - nd->hi.y), 0);
        float dz = maxf(maxf(nd->lo.z - q.z, q.z - nd->hi.z), 0);
        if (dx * dx + dy * dy + dz * dz > r * r)
            continue;
        if (nd->count) {
            for (int i = 0; i < nd->count && nc < AO_MAX_CAND; i++)
                if (!s->prims[s->idx[nd->first + i]].no_ao)
                    cand[nc++] = s->idx[nd->first + i];
        } else {
            stack[sp++] = nd->left;
            stack[sp++] = nd->right;
        }
    }
    static const float dist[2] = {0.15f, 0.7f};
    static const float weight[2] = {0.6f, 0.4f};
    float occ = 0;
    for (int k = 0; k < 2; k++) {
        v3 x = v_madd(p, n, dist[k]);
        float d = s->has_ground ? x.y - s->ground_y : 1e9f;
        for (int i = 0; i < nc; i++) {
            float sd = prim_sdf(&s->prims[cand[i]], x);
            if (sd < d)
                d = sd;
        }
        occ += weight[k] * clampf((dist[k] - d) / dist[k], 0.0f, 1.0f);
    }
    return 1.0f - 0.85f * occ;
}

/* ---------------------------------------------------------------- materials */

static void face_uv(const scene *s, const hit *h, float *u, float *v, float *fwid, float *fhei)
{
    if (h->prim == GROUND_PRIM) {
        *u = h->p.x;
        *v = -h->p.z;
        *fwid = *fhei = 0;
        return;
    }
    const prim *pr = &s->prims[h->prim];
    v3 lp = h->lp, ln = h->ln;
    if (pr->kind == PK_BOX || pr->kind == PK_ROOM) {
        if (fabsf(ln.y) > 0.5f) {
            *u = lp.x;
            *v = -lp.z * ln.y;
            *fwid = 2 * pr->h.x;
            *fhei = 2 * pr->h.z;
        } else {
            float rx = ln.z, rz = -ln.x;
            *u = lp.x * rx + lp.z * rz;
            *v = lp.y;
            *fwid = 2 * (fabsf(rx) * pr->h.x + fabsf(rz) * pr->h.z);
            *fhei = 2 * pr->h.y;
        }
    } else if (pr->kind == PK_CYL && h->face == 0) {
        *u = atan2f(lp.x, lp.z) * pr->h.x;
        *v = lp.y;
        *fwid = 2 * (float)PV_PI * pr->h.x;
        *fhei = 2 * pr->h.y;
    } else {
        *u = lp.x;
        *v = pr->kind == PK_SPHERE ? lp.y : -lp.z;
        *fwid = *fhei = 2 * pr->h.x;
    }
}

static float glass_mullion(const material *m, float u, float v, float fw)
{
    float g = 0;
    if (m->p1 > 0)
        g = aa_grid_line(u / m->p1, m->p3 / m->p1, fw / m->p1);
    if (m->p2 > 0)
        g = maxf(g, aa_grid_line(v / m->p2, m->p3 / m->p2, fw / m->p2));
    return g;
}

/* 2D signed distances for screen graphics (units: screen heights). */
static inline float sd_circle(float x, float y, float r) { return sqrtf(x * x + y * y) - r; }
static inline float sd_rbox(float x, float y, float hx, float hy, float r)
{
    float qx = fabsf(x) - hx + r, qy = fabsf(y) - hy + r;
    float ox = maxf(qx, 0), oy = maxf(qy, 0);
    return sqrtf(ox * ox + oy * oy) + minf(maxf(qx, qy), 0.0f) - r;
}
static inline float cover(float sd, float fw) { return clampf(0.5f - sd / fw, 0.0f, 1.0f); }

/* Emitted picture of a booth screen: colour gradient, an icon, a caption. */
static v3 screen_content(const scene *s, const material *m, float u, float v, float w, float h,
                         float fw)
{
    float x01 = u / w + 0.5f, y01 = v / h + 0.5f;
    float fy = fw / h;
    v3 bg = v_lerp(m->a, m->b, clampf(0.15f + y01 * 0.55f + 0.2f * x01, 0.0f, 1.0f));
    float band = smoothstepf(0.0f, 0.02f, x01 - y01 * 0.6f - 0.45f) * 0.18f;
    bg = v_add(bg, v_scale(v3_make(1, 1, 1), band * 0.25f));
    /* thin frame lines of a user interface */
    float bar = cover(fabsf(y01 - 0.93f) * h / h - 0.012f, fy);
    bg = v_lerp(bg, v_scale(m->b, 1.6f), bar * 0.5f);
    /* the icon is drawn at twice the scale of its coordinates */
    float px = (x01 - 0.5f) * (w / h) * 0.56f, py = (y01 - 0.6f) * 0.56f;
    fy *= 0.56f;
    float ink = 0, hole = 0;
    int style = (int)m->p1;
    if (style == 0) { /* padlock */
        float body = sd_rbox(px, py + 0.07f, 0.13f, 0.1f, 0.025f);
        float ring = fabsf(sd_circle(px, py - 0.05f, 0.085f)) - 0.022f;
        if (py < 0.05f)
            ring = maxf(fabsf(fabsf(px) - 0.085f) - 0.022f, py - 0.05f);
        ink = maxf(cover(body, fy), cover(maxf(ring, -(py + 0.03f)), fy));
        hole = maxf(cover(sd_circle(px, py + 0.05f, 0.028f), fy),
                     cover(sd_rbox(px, py + 0.1f, 0.011f, 0.045f, 0.005f), fy));
    } else if (style == 1) { /* cloud */
        float c = minf(minf(sd_circle(px + 0.12f, py + 0.02f, 0.09f),
                              sd_circle(px - 0.02f, py - 0.04f, 0.13f)),
                        minf(sd_circle(px - 0.15f, py + 0.03f, 0.08f),
                              sd_rbox(px, py + 0.07f, 0.2f, 0.05f, 0.05f)));
        ink = cover(c, fy);
        float arrow = minf(sd_rbox(px, py + 0.02f, 0.012f, 0.06f, 0.004f),
                            maxf(fabsf(px) * 0.8f + (py - 0.06f), -(py - 0.01f)) );
        hole = cover(arrow, fy);
    } else if (style == 2) { /* laptop and phone */
        float scr = fabsf(sd_rbox(px + 0.07f, py - 0.02f, 0.17f, 0.11f, 0.012f)) - 0.012f;
        float base = sd_rbox(px + 0.07f, py + 0.115f, 0.23f, 0.014f, 0.01f);
        float phone = sd_rbox(px - 0.22f, py + 0.03f, 0.06f, 0.11f, 0.018f);
        float phone_in = sd_rbox(px - 0.22f, py + 0.03f, 0.045f, 0.085f, 0.006f);
        ink = maxf(maxf(cover(scr, fy), cover(base, fy)), cover(phone, fy));
        hole = cover(phone_in, fy);
    } else { /* play button */
        float ring = fabsf(sd_circle(px, py, 0.16f)) - 0.015f;
        float tri = maxf(maxf(-px - 0.05f, px * 0.5f + fabsf(py) - 0.06f), -1.0f);
        ink = maxf(cover(ring, fy), cover(tri, fy));
    }
    v3 col = v_lerp(bg, v3_make(1.0f, 1.0f, 1.0f), ink);
    col = v_lerp(col, v_scale(m->a, 0.6f), hole * ink);
    if (m->sign >= 0) {
        float cov = text_coverage(s->font, &s->signs[m->sign], u - m->text_dx, v - m->text_dy,
                                  m->text_h, fw);
        col = v_lerp(col, m->text_color, cov);
    }
    /* a row of dots for pagination */
    float dots = 1e9f, dx = (x01 - 0.5f) * (w / h);
    for (int i = 0; i < 4; i++)
        dots = minf(dots, sd_circle(dx - ((float)i - 1.5f) * 0.04f, y01 - 0.07f, 0.008f));
    col = v_lerp(col, v3_make(0.9f, 0.9f, 0.9f), cover(dots, fy / 0.56f) * 0.8f);
    /* a thin black bezel */
    float edge = minf(minf(u + w * 0.5f, w * 0.5f - u), minf(v + h * 0.5f, h * 0.5f - v));
    col = v_scale(col, aa_step(0.035f, edge, fw));
    return v_scale(col, m->p2 > 0 ? m->p2 : 1.4f);
}

static void eval_surface(const scene *s, const hit *h, v3 d, float pix, float tdist,
                         surface *sf)
{
    const material *m = &s->mats[hit_material(s, h)];
    float u, v, W, H;
    face_uv(s, h, &u, &v, &W, &H);
    float cosi = fabsf(v_dot(d, h->n));
    float fw = tdist * pix / maxf(cosi, 0.2f);
    float uu = u + W * 0.5f, vv = v + H * 0.5f;
    v3 p = h->p;
    sf->albedo = m->a;
    sf->emit = m->emit;
    sf->n = h->n;
    sf->transmit = v3_make(0, 0, 0);
    sf->gloss = m->gloss;
    sf->spec_pow = 40;
    sf->mirror = m->mirror;
    sf->mirror_max = m->mirror_max;
    sf->transparent = false;
    switch (m->kind) {
    case MK_PLAIN:
        if (m->p1 > 0) {
            float sc = m->p2 > 0 ? m->p2 : 2.0f;
            float n = vnoise3(p.x * sc, p.y * sc, p.z * sc, 3) * 0.6f +
                      vnoise3(p.x * sc * 4, p.y * sc * 4, p.z * sc * 4, 4) * 0.4f;
            sf->albedo = v_scale(m->a, 1.0f + m->p1 * (n - 0.5f));
        }
        break;
    case MK_TILES: {
        float T = m->p1, tu = uu / T, tv = vv / T;
        int iu = (int)floorf(tu), iv = (int)floorf(tv);
        float var = hash2i(iu, iv, 11) - 0.5f;
        float marble = 0.5f;
        if (fw < 0.05f)
            marble = fbm2(uu * 1.1f + (float)iu * 3.1f, vv * 1.1f + (float)iv * 1.7f, 3, 5);
        float vein = 1.0f - smoothstepf(0.0f, 0.025f, fabsf(marble - 0.5f));
        v3 base = v_scale(m->a, (1.0f + 0.08f * var) * (0.94f + 0.12f * marble - 0.04f * vein));
        if (m->p2 > 0 && ((iu + iv) & 1))
            base = v_scale(base, m->p2);
        float gw = m->p3 > 0 ? m->p3 : 0.004f;
        float g = maxf(aa_grid_line(tu, gw / T, fw / T), aa_grid_line(tv, gw / T, fw / T));
        sf->albedo = v_lerp(base, m->b, g);
        sf->mirror *= 1.0f - g;
        sf->mirror_max *= 1.0f - g;
        break;
    }
    case MK_WOOD: {
        float a1 = uu, a2 = vv;
        if (m->p3 > 0) {
            a1 = vv;
            a2 = uu;
        }
        float pw = m->p1, pl = m->p2;
        float row = floorf(a2 / pw);
        float off = hash2i((int)row, 0, 3) * pl;
        float col = floorf((a1 + off) / pl);
        float hv = hash2i((int)row, (int)col, 7);
        v3 base = v_lerp(m->a, m->b, hv * 0.8f);
        float grain = vnoise2((a1 + off) * 0.9f, a2 * 16.0f + hv * 50.0f, 9);
        float fine_amp = clampf(1.0f - fw * 30.0f, 0.0f, 1.0f);
        float fine = fine_amp > 0 ? vnoise2((a1 + off) * 4.0f, a2 * 90.0f, 10) - 0.5f : 0.0f;
        base = v_scale(base, 0.8f + 0.3f * grain + 0.16f * fine * fine_amp);
        float g = maxf(aa_grid_line(a2 / pw, 0.0025f / pw, fw / pw),
                        aa_grid_line((a1 + off) / pl, 0.002f / pl, fw / pl));
        sf->albedo = v_scale(base, 1.0f - 0.55f * g);
        break;
    }
    case MK_SLATS: {
        float pw = m->p1;
        float ix = floorf(uu / pw);
        float hv = hash2i((int)ix, 1, 13);
        float grain = vnoise2(uu * 30.0f, vv * 1.5f + hv * 20.0f, 14);
        v3 base = v_scale(v_lerp(m->a, m->b, hv * 0.6f), 0.8f + 0.3f * grain);
        float gap = aa_grid_line(uu / pw, 0.18f, fw / pw);
        sf->albedo = v_scale(base, 1.0f - 0.75f * gap);
        break;
    }
    case MK_CARPET: {
        float it = floorf(uu / 0.5f), jt = floorf(vv / 0.5f);
        float dir = (((int)it + (int)jt) & 1) ? 1.0f : -1.0f;
        float amp = clampf(1.0f - fw / 0.03f, 0.0f, 1.0f);
        float fine = amp > 0 ? vnoise2(uu * 45.0f, vv * 45.0f, 21) - 0.5f : 0.0f;
        float med = fbm2(uu * 2.5f, vv * 2.5f, 2, 22) - 0.5f;
        float sh = 1.0f + 0.25f * med + 0.035f * dir + 0.35f * amp * fine;
        sf->albedo = v_scale(m->a, sh);
        if (m->p1 > 0) { /* accent stripes along the aisles */
            float st = aa_grid_line(uu / m->p1, 0.06f / m->p1, fw / m->p1);
            sf->albedo = v_lerp(sf->albedo, m->b, st);
        }
        break;
    }
    case MK_PANELS: {
        float pw = m->p1, ph = m->p2;
        int iu = (int)floorf(uu / pw), iv = (int)floorf(vv / ph);
        float var = hash2i(iu, iv, 17) - 0.5f;
        float g = maxf(aa_grid_line(uu / pw, 0.005f / pw, fw / pw),
                        aa_grid_line(vv / ph, 0.005f / ph, fw / ph));
        sf->albedo = v_lerp(v_scale(m->a, 1.0f + 0.06f * var), m->b, g);
        break;
    }
    case MK_GLASS: {
        float g = glass_mullion(m, uu, vv, fw);
        if (g > 0.5f) {
            sf->albedo = m->b;
            sf->gloss = 0.3f;
        } else {
            sf->transparent = true;
            sf->transmit = m->a;
        }
        break;
    }
    case MK_FACADE: {
        float cw = m->p1, fh = m->p2;
        float in_floor = fractf(vv / fh) * fh;
        int cu = (int)floorf(uu / cw), cv = (int)floorf(vv / fh);
        float span = 1.0f - aa_step(m->p3, in_floor, fw);
        float mull = aa_grid_line(uu / cw, 0.035f / cw, fw / cw);
        float solid = maxf(span, mull);
        float hv = hash2i(cu, cv, 23);
        v3 glass = v_scale(m->a, 0.75f + 0.5f * hv);
        sf->albedo = v_lerp(glass, m->b, solid);
        sf->mirror = mixf(m->mirror, 0.03f, solid);
        sf->mirror_max = mixf(m->mirror_max, 0.2f, solid);
        sf->gloss = mixf(0.8f, 0.2f, solid);
        sf->spec_pow = 200;
        if (hv > 0.82f)
            sf->emit = v_scale(v3_make(1.0f, 0.8f, 0.55f), 0.12f * (1 - solid));
        break;
    }
    case MK_WINDOWS: {
        float cw = m->p1, fh = m->p2, mg = m->p3;
        float x = fractf(uu / cw) * cw, y = fractf(vv / fh) * fh;
        int cu = (int)floorf(uu / cw), cv = (int)floorf(vv / fh);
        float win = aa_step(mg, x, fw) * (1 - aa_step(cw - mg, x, fw)) *
                    aa_step(mg * 1.6f, y, fw) * (1 - aa_step(fh - mg, y, fw));
        float hv = hash2i(cu, cv, 29);
        v3 glass = v_scale(v3_make(0.06f, 0.08f, 0.11f), 0.7f + 0.6f * hv);
        sf->albedo = v_lerp(m->b, glass, win);
        sf->mirror = 0.25f * win;
        sf->mirror_max = 0.6f * win;
        if (hv > 0.9f)
            sf->emit = v_scale(v3_make(1.0f, 0.85f, 0.6f), 0.25f * win);
        break;
    }
    case MK_CEILING: {
        float c = m->p1;
        float cu = (fractf(uu / c) - 0.5f) * c, cv = (fractf(vv / c) - 0.5f) * c;
        float inside;
        if (m->p3 > 0)
            inside = 1.0f - aa_step(m->p3, sqrtf(cu * cu + cv * cv), fw);
        else
            inside = (1.0f - aa_step(m->p2, fabsf(cu), fw)) *
                     (1.0f - aa_step(m->p2, fabsf(cv), fw));
        float seam = maxf(aa_grid_line(uu / 0.6f, 0.004f / 0.6f, fw / 0.6f),
                           aa_grid_line(vv / 0.6f, 0.004f / 0.6f, fw / 0.6f));
        sf->albedo = v_lerp(v_lerp(m->a, m->b, seam * 0.6f), v3_make(0.9f, 0.9f, 0.9f), inside);
        sf->emit = v_scale(m->emit, inside);
        break;
    }
    case MK_SIGN: {
        v3 alb = m->a, em = m->emit;
        if (m->p1 > 0) { /* frame */
            float ex = minf(uu, W - uu), ey = minf(vv, H - vv);
            float fr = 1.0f - aa_step(m->p1, minf(ex, ey), fw);
            alb = v_lerp(alb, m->b, fr);
            em = v_scale(em, 1 - fr);
        }
        if (m->p2 > 0) { /* accent bar at the bottom */
            float br = 1.0f - aa_step(m->p2, vv, fw);
            alb = v_lerp(alb, m->b, br);
        }
        if (m->sign >= 0) {
            float cov = text_coverage(s->font, &s->signs[m->sign], u - m->text_dx,
                                      v - m->text_dy, m->text_h, fw);
            alb = v_lerp(alb, m->text_color, cov);
            em = v_lerp(em, v_scale(m->text_color, m->text_emit), cov);
        }
        sf->albedo = alb;
        sf->emit = em;
        break;
    }
    case MK_SCREEN:
        sf->albedo = v3_make(0.02f, 0.02f, 0.02f);
        sf->emit = screen_content(s, m, u, v, W, H, fw);
        sf->spec_pow = 300;
        break;
    case MK_EMIT:
        break;
    case MK_FOLIAGE: {
        /* clumps of leaves: coarse lumps, finer leaves faded out when under a pixel */
        float n0 = vnoise3(p.x * 3.0f, p.y * 3.0f, p.z * 3.0f, 30);
        float n1 = vnoise3(p.x * 8.0f, p.y * 8.0f, p.z * 8.0f, 31);
        float fine = clampf(1.5f - fw * 30.0f, 0.0f, 1.0f);
        float n2 = fine > 0 ? vnoise3(p.x * 21.0f, p.y * 21.0f, p.z * 21.0f, 32) : 0.5f;
        n2 = mixf(0.5f, n2, fine);
        float leaf = n0 * 0.35f + n1 * 0.4f + n2 * 0.25f;
        sf->albedo = v_lerp(v_scale(m->a, 0.45f), m->b, smoothstepf(0.3f, 0.7f, leaf));
        if (m->p1 > 0 && n2 > 0.78f)
            sf->albedo = v_lerp(sf->albedo, v3_make(0.85f, 0.35f, 0.45f),
                                smoothstepf(0.78f, 0.85f, n2));
        sf->n = v_norm(v_add(h->n, v3_make((n1 - 0.5f) * 0.9f, (n0 - 0.5f) * 0.6f,
                                           (n2 - n1) * 0.9f)));
        break;
    }
    case MK_GROUND: {
        float sc = m->p1 > 0 ? m->p1 : 0.15f;
        float big = fbm2(p.x * sc, p.z * sc, 3, 41);
        float amp = clampf(1.0f - fw / 0.05f, 0.0f, 1.0f);
        float fine = amp > 0 ? vnoise2(p.x * 25.0f, p.z * 25.0f, 42) - 0.5f : 0.0f;
        sf->albedo = v_scale(v_lerp(m->a, m->b, big), 0.9f + 0.5f * fine * amp);
        break;
    }
    case MK_PAVING: {
        float sw = m->p1, sh = m->p2;
        float row = floorf(vv / sh);
        float off = ((int)row & 1) ? sw * 0.5f : 0.0f;
        int ix = (int)floorf((uu + off) / sw);
        float hv = hash2i(ix, (int)row, 43);
        float n = fw < 0.04f ? vnoise2(uu * 9.0f, vv * 9.0f, 44) : 0.5f;
        v3 base = v_scale(m->a, 0.88f + 0.2f * hv + 0.1f * n);
        float g = maxf(aa_grid_line(vv / sh, 0.006f / sh, fw / sh),
                        aa_grid_line((uu + off) / sw, 0.006f / sw, fw / sw));
        sf->albedo = v_lerp(base, m->b, g);
        break;
    }
    case MK_METAL: {
        float n = fw < 0.02f ? vnoise2(uu * 3.0f, vv * 150.0f, 51) : 0.5f;
        sf->albedo = v_scale(m->a, 0.9f + 0.2f * n);
        sf->spec_pow = 60;
        break;
    }
    case MK_BARK: {
        float n = vnoise2(u * 9.0f, v * 2.5f, 61) * 0.6f + vnoise2(u * 30.0f, v * 8.0f, 62) * 0.4f;
        sf->albedo = v_scale(m->a, 0.6f + 0.7f * n);
        break;
    }
    }
}

/* ---------------------------------------------------------------- lighting */

/* x^n for highlights, close enough near 1 and cheap: (1 - (1 - x) n / 8)^8. */
static inline float spec_pow(float x, float n)
{
    float t = 1.0f - (1.0f - x) * n * 0.125f;
    if (t <= 0)
        return 0;
    t *= t;
    t *= t;
    return t * t;
}

static v3 sky_color(const scene *s, v3 d)
{
    if (!s->sky)
        return v3_make(0.02f, 0.02f, 0.025f);
    v3 hor = v3_make(0.72f, 0.82f, 0.95f), zen = v3_make(0.16f, 0.36f, 0.82f);
    float y = d.y;
    v3 col;
    if (y >= 0) {
        col = v_lerp(hor, zen, powf(y, 0.5f));
        if (y > 0.005f) {
            float k = 2.5f / (y + 0.06f);
            float cx = d.x * k + 3.0f, cz = d.z * k - 7.0f;
            float n = fbm2(cx, cz, 4, s->sky_seed);
            float cov = smoothstepf(0.47f, 0.72f, n) * smoothstepf(0.005f, 0.18f, y);
            float shade = 0.78f + 0.3f * fbm2(cx * 2.1f + 5.0f, cz * 2.1f, 2, s->sky_seed + 1);
            col = v_lerp(col, v_scale(v3_make(1.0f, 0.98f, 0.96f), shade * 1.25f), cov * 0.9f);
        }
    } else {
        col = v_scale(hor, 0.85f);
    }
    if (s->sun) {
        float c = maxf(v_dot(d, s->sun_dir), 0.0f);
        float disc = c > 0.9995f ? 30.0f : 0.0f;
        col = v_add(col, v_scale(s->sun_color, disc + powf(c, 10.0f) * 0.22f +
                                                   powf(c, 300.0f) * 1.5f));
    }
    return col;
}

static v3 radiance(const scene *s, v3 o, v3 d, float pix, int depth, int *id, float *ao_io);

/* ao_io: when >= 0, the occlusion to use (from a nearby ray); else it is computed and
 * stored there. */
static v3 light_surface(const scene *s, const hit *h, const surface *sf, v3 d, float pix,
                        int depth, float *ao_io)
{
    v3 n = sf->n;
    v3 p = v_madd(h->p, h->n, 2e-3f);
    float ao = 1.0f;
    if (depth == 0 && ao_io && *ao_io >= 0) {
        ao = *ao_io;
    } else if (depth == 0) {
        ao = ambient_occlusion(s, h->p, h->n);
        if (ao_io)
            *ao_io = ao;
    }
    v3 amb = v_scale(v_lerp(s->amb_down, s->amb_up, 0.5f + 0.5f * n.y), ao);
    v3 dir = v3_make(0, 0, 0), spec = v3_make(0, 0, 0);
    v3 r = v_madd(d, n, -2.0f * v_dot(d, n));
    const light_grid *g = &s->lgrid;
    int gx = (int)floorf((p.x - g->x0) / LGRID_CELL), gz = (int)floorf((p.z - g->z0) / LGRID_CELL);
    int cell = gx >= 0 && gz >= 0 && gx < g->nx && gz < g->nz ? gz * LGRID_MAX + gx : -1;
    int nl = cell >= 0 ? g->count[cell] : 0;
    for (int li = 0; li < nl; li++) {
        const light *L = &s->lights[g->list[cell][li]];
        v3 l = v_sub(L->pos, p);
        float d2 = v_dot(l, l), r2 = L->range * L->range;
        if (d2 > r2)
            continue;
        float il = 1.0f / sqrtf(d2);
        l = v_scale(l, il);
        float ndl = v_dot(n, l);
        if (ndl <= 0)
            continue;
        float fall = 1.0f - d2 / r2;
        v3 c = v_scale(L->color, fall * fall / (d2 + 1.0f));
        dir = v_madd(dir, c, ndl);
        if (sf->gloss > 0) {
            float rl = v_dot(r, l);
            if (rl > 0)
                spec = v_madd(spec, c, spec_pow(rl, sf->spec_pow));
        }
    }
    dir = v_scale(dir, 0.45f + 0.55f * ao);
    if (s->sun) {
        float ndl = v_dot(n, s->sun_dir);
        /* reflections skip the shadow test: they are faint and it halves their cost */
        if (ndl > 0 && v_dot(h->n, s->sun_dir) > 0 &&
            (depth > 0 || !occluded(s, p, s->sun_dir, 1e4f))) {
            dir = v_madd(dir, s->sun_color, ndl);
            float rl = v_dot(r, s->sun_dir);
            if (sf->gloss > 0 && rl > 0)
                spec = v_madd(spec, s->sun_color, spec_pow(rl, sf->spec_pow) * 4.0f);
        }
    }
    v3 col = v_add(v_mul(sf->albedo, v_add(amb, dir)), sf->emit);
    col = v_madd(col, spec, sf->gloss);
    if (depth == 0 && sf->mirror > 0) {
        float c = clampf(-v_dot(d, n), 0.0f, 1.0f);
        float k = 1.0f - c, k2 = k * k;
        float fres = sf->mirror + (sf->mirror_max - sf->mirror) * k2 * k2 * k;
        /* faint reflections are left out (faded, so no seam shows): they cost a ray */
        fres *= smoothstepf(0.02f, 0.045f, fres);
        if (fres > 0) {
            v3 refl = radiance(s, p, r, pix, depth + 1, NULL, NULL);
            col = v_add(v_scale(col, 1.0f - fres * 0.5f), v_scale(refl, fres));
        }
    }
    return col;
}

static v3 radiance(const scene *s, v3 o, v3 d, float pix, int depth, int *id, float *ao_io)
{
    v3 acc = v3_make(0, 0, 0), thr = v3_make(1, 1, 1);
    float dist = 0;
    for (int layer = 0; layer < 6; layer++) {
        hit h;
        if (!trace(s, o, d, 1e5f, &h)) {
            if (id)
                *id = 0xFFFF;
            return v_add(acc, v_mul(thr, sky_color(s, d)));
        }
        dist += h.t;
        if (id)
            *id = (h.prim * 6 + h.face) & 0xFFFF;
        surface sf;
        eval_surface(s, &h, d, pix, dist, &sf);
        if (sf.transparent) {
            float c = fabsf(v_dot(d, h.n));
            float k = 1.0f - c, k2 = k * k;
            float fres = 0.04f + 0.96f * k2 * k2 * k;
            if (s->sky) {
                v3 r = v_madd(d, h.n, -2.0f * v_dot(d, h.n));
                acc = v_add(acc, v_mul(thr, v_scale(sky_color(s, r), fres * 0.5f)));
            }
            thr = v_mul(thr, v_scale(sf.transmit, 1.0f - fres));
            o = v_madd(h.p, d, 2e-3f);
            continue;
        }
        v3 col = light_surface(s, &h, &sf, d, pix, depth, ao_io);
        if (s->fog > 0) {
            float f = 1.0f - expf(-dist / s->fog);
            col = v_lerp(col, v3_make(0.7f, 0.78f, 0.9f), f);
        }
        return v_add(acc, v_mul(thr, col));
    }
    return acc;
}
