/* asset/model_wire: the import helper's answer, a plain length-checked serialisation of a
 * CPU-side model written by the helper to its memfd and read back by the parent.
 *
 *   "PVIMPRT1", u32 result, str why, u32 n, n x (u32 severity, str message),
 *   and when result is PV_OK:
 *   u32 n, n materials (str name, f32 base_color[4], metallic, roughness, emissive[3],
 *                       u32 alpha_mode, f32 alpha_cutoff, u32 double_sided, i32 tex[5]),
 *   u32 n, n textures  (str name, u32 missing, u32 width, u32 height, u8 rgba[w*h*4];
 *                       or width = height = 0, u32 size, u8 file[size]: the image's
 *                       compressed file bytes, decoded by the parent),
 *   u32 n, n meshes    (u32 vertices, u32 indices, i32 material, u32 has_uvs,
 *                       u32 has_tangents, f32 positions[3v], normals[3v], uvs[2v]?,
 *                       tangents[4v]?, u32 indices[i]),
 *   u32 n, n nodes     (str name, i32 parent, f32 local[16], f32 world[16], u32 n, i32[n]),
 *   "PVIMPEND"
 * where str is u32 length + bytes (no terminator), in the machine's byte order (parent and
 * helper are the same build). The reader trusts none of it: each count is checked against the
 * bytes left before anything is allocated, indices against what they index, floats for
 * finiteness, and bounds are recomputed. Threads: any; no shared state. */
#define _GNU_SOURCE
#include "asset/asset_internal.h"
#include "asset/model_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define WIRE_MAGIC "PVIMPRT1"
/* No image file is larger than an uncompressed one of the largest size, with a header. */
#define WIRE_MAX_TEXTURE_FILE \
    ((size_t)ASSET_TEXTURE_MAX_SIDE * ASSET_TEXTURE_MAX_SIDE * 4 + 65536)
#define WIRE_END "PVIMPEND"
#define WIRE_MAX_STRING 65536
#define WIRE_MAX_WARNINGS 10000

/* ---- writing (the helper) ---- */

typedef struct wire_out {
    int fd;
    bool ok;
    uint8_t buf[65536];
    size_t used;
} wire_out;

static void out_flush(wire_out *w)
{
    size_t at = 0;
    while (w->ok && at < w->used) {
        ssize_t n = write(w->fd, w->buf + at, w->used - at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            w->ok = false;
        else
            at += (size_t)n;
    }
    w->used = 0;
}

static void out_bytes(wire_out *w, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0 && w->ok) {
        if (w->used == sizeof(w->buf))
            out_flush(w);
        size_t take = sizeof(w->buf) - w->used < n ? sizeof(w->buf) - w->used : n;
        memcpy(w->buf + w->used, b, take);
        w->used += take;
        b += take;
        n -= take;
    }
}

static void out_u32(wire_out *w, uint32_t v)
{
    out_bytes(w, &v, sizeof(v));
}

static void out_i32(wire_out *w, int32_t v)
{
    out_bytes(w, &v, sizeof(v));
}

static void out_str(wire_out *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > WIRE_MAX_STRING)
        n = WIRE_MAX_STRING;
    out_u32(w, (uint32_t)n);
    out_bytes(w, s, n);
}

bool model_wire_write(int fd, pv_result result, const char *why, const pv_diags *diags,
                      const asset_model *m)
{
    wire_out *w = pv_calloc(1, sizeof(*w));
    w->fd = fd;
    w->ok = true;
    out_bytes(w, WIRE_MAGIC, 8);
    out_u32(w, (uint32_t)(result == PV_OK && !m ? PV_ERR_FORMAT : result));
    out_str(w, why);
    int nw = diags ? (diags->count < WIRE_MAX_WARNINGS ? diags->count : WIRE_MAX_WARNINGS) : 0;
    out_u32(w, (uint32_t)nw);
    for (int i = 0; i < nw; i++) {
        out_u32(w, (uint32_t)diags->items[i].severity);
        out_str(w, diags->items[i].message);
    }
    if (result == PV_OK && m) {
        out_u32(w, (uint32_t)m->material_count);
        for (int i = 0; i < m->material_count; i++) {
            const asset_material *a = &m->materials[i];
            out_str(w, a->name);
            out_bytes(w, a->base_color, sizeof(a->base_color));
            out_bytes(w, &a->metallic, sizeof(float));
            out_bytes(w, &a->roughness, sizeof(float));
            out_bytes(w, a->emissive, sizeof(a->emissive));
            out_u32(w, (uint32_t)a->alpha_mode);
            out_bytes(w, &a->alpha_cutoff, sizeof(float));
            out_u32(w, a->double_sided);
            int32_t tex[5] = {a->tex_base_color, a->tex_metal_rough, a->tex_normal,
                              a->tex_occlusion, a->tex_emissive};
            out_bytes(w, tex, sizeof(tex));
        }
        out_u32(w, (uint32_t)m->texture_count);
        for (int i = 0; i < m->texture_count; i++) {
            const asset_texture *t = &m->textures[i];
            out_str(w, t->name);
            out_u32(w, t->missing);
            if (t->file_bytes && !t->missing) { /* 0 x 0: the file's bytes follow */
                out_u32(w, 0);
                out_u32(w, 0);
                out_u32(w, t->file_size <= WIRE_MAX_TEXTURE_FILE ? (uint32_t)t->file_size : 0);
                if (t->file_size <= WIRE_MAX_TEXTURE_FILE)
                    out_bytes(w, t->file_bytes, t->file_size);
                continue;
            }
            out_u32(w, (uint32_t)t->image.width);
            out_u32(w, (uint32_t)t->image.height);
            out_bytes(w, t->image.pixels, (size_t)t->image.width * (size_t)t->image.height * 4);
        }
        out_u32(w, (uint32_t)m->mesh_count);
        for (int i = 0; i < m->mesh_count; i++) {
            const asset_mesh *me = &m->meshes[i];
            size_t v = (size_t)me->vertex_count;
            out_u32(w, (uint32_t)me->vertex_count);
            out_u32(w, (uint32_t)me->index_count);
            out_i32(w, me->material);
            out_u32(w, me->uvs != NULL);
            out_u32(w, me->tangents != NULL);
            out_bytes(w, me->positions, v * 3 * sizeof(float));
            out_bytes(w, me->normals, v * 3 * sizeof(float));
            if (me->uvs)
                out_bytes(w, me->uvs, v * 2 * sizeof(float));
            if (me->tangents)
                out_bytes(w, me->tangents, v * 4 * sizeof(float));
            out_bytes(w, me->indices, (size_t)me->index_count * sizeof(uint32_t));
        }
        out_u32(w, (uint32_t)m->node_count);
        for (int i = 0; i < m->node_count; i++) {
            const asset_node *n = &m->nodes[i];
            out_str(w, n->name);
            out_i32(w, n->parent);
            out_bytes(w, n->local, sizeof(n->local));
            out_bytes(w, n->world, sizeof(n->world));
            out_u32(w, (uint32_t)n->mesh_count);
            out_bytes(w, n->meshes, (size_t)n->mesh_count * sizeof(int));
        }
    }
    out_bytes(w, WIRE_END, 8);
    out_flush(w);
    bool ok = w->ok;
    free(w);
    return ok;
}

/* ---- reading (the parent) ---- */

typedef struct wire_in {
    const uint8_t *p;
    size_t left;
    bool ok;
    const char *bad; /* what was wrong, for the message */
} wire_in;

static bool in_fail(wire_in *r, const char *what)
{
    if (r->ok) {
        r->ok = false;
        r->bad = what;
    }
    return false;
}

/* A pointer to `count` elements of `size` bytes, or NULL (and failed) when fewer are left. */
static const void *in_array(wire_in *r, size_t count, size_t size, const char *what)
{
    if (!r->ok || (size && count > r->left / size)) {
        in_fail(r, what);
        return NULL;
    }
    const void *p = r->p;
    r->p += count * size;
    r->left -= count * size;
    return p;
}

static uint32_t in_u32(wire_in *r, const char *what)
{
    uint32_t v = 0;
    const void *p = in_array(r, 1, sizeof(v), what);
    if (p)
        memcpy(&v, p, sizeof(v));
    return v;
}

static int32_t in_i32(wire_in *r, const char *what)
{
    return (int32_t)in_u32(r, what);
}

static float in_f32(wire_in *r, const char *what)
{
    float v = 0.0f;
    const void *p = in_array(r, 1, sizeof(v), what);
    if (p)
        memcpy(&v, p, sizeof(v));
    if (!isfinite(v))
        in_fail(r, what);
    return v;
}

static char *in_str(wire_in *r, const char *what)
{
    uint32_t n = in_u32(r, what);
    if (n > WIRE_MAX_STRING) {
        in_fail(r, what);
        return pv_strdup("");
    }
    const char *p = in_array(r, n, 1, what);
    char *s = pv_malloc((size_t)n + 1);
    if (p)
        memcpy(s, p, n);
    s[p ? n : 0] = 0;
    return s;
}

/* `count` floats, all finite, copied into a new array. */
static float *in_floats(wire_in *r, size_t count, const char *what)
{
    const float *p = in_array(r, count, sizeof(float), what);
    if (!p)
        return NULL;
    float *f = pv_malloc(count * sizeof(float) + 1);
    memcpy(f, p, count * sizeof(float));
    for (size_t i = 0; i < count; i++)
        if (!isfinite(f[i])) {
            in_fail(r, what);
            break;
        }
    return f;
}

static void read_material(wire_in *r, asset_material *a, int textures)
{
    a->name = in_str(r, "a material's name");
    for (int k = 0; k < 4; k++)
        a->base_color[k] = in_f32(r, "a material's colour");
    a->metallic = in_f32(r, "a material's factors");
    a->roughness = in_f32(r, "a material's factors");
    for (int k = 0; k < 3; k++)
        a->emissive[k] = in_f32(r, "a material's emission");
    uint32_t mode = in_u32(r, "a material's alpha mode");
    if (mode > ASSET_ALPHA_BLEND)
        in_fail(r, "a material's alpha mode");
    a->alpha_mode = (int)mode;
    a->alpha_cutoff = in_f32(r, "a material's alpha cutoff");
    a->double_sided = in_u32(r, "a material's sides") != 0;
    int32_t tex[5];
    for (int k = 0; k < 5; k++) {
        tex[k] = in_i32(r, "a material's textures");
        if (tex[k] < -1 || tex[k] >= textures)
            in_fail(r, "a material's texture index");
    }
    a->tex_base_color = tex[0];
    a->tex_metal_rough = tex[1];
    a->tex_normal = tex[2];
    a->tex_occlusion = tex[3];
    a->tex_emissive = tex[4];
}

static void read_texture(wire_in *r, asset_texture *t)
{
    t->name = in_str(r, "a texture's name");
    t->missing = in_u32(r, "a texture") != 0;
    uint32_t w = in_u32(r, "a texture's size"), h = in_u32(r, "a texture's size");
    if (w == 0 && h == 0 && !t->missing) { /* the image's file bytes, decoded later */
        uint32_t n = in_u32(r, "a texture's file size");
        const void *b = in_array(r, n, 1, "a texture's file bytes");
        if (!b || n == 0 || n > WIRE_MAX_TEXTURE_FILE) {
            in_fail(r, "a texture's file bytes");
            return;
        }
        t->file_bytes = pv_malloc(n);
        t->file_size = n;
        memcpy(t->file_bytes, b, n);
        return;
    }
    if (w < 1 || h < 1 || w > ASSET_TEXTURE_MAX_SIDE || h > ASSET_TEXTURE_MAX_SIDE) {
        in_fail(r, "a texture's size");
        return;
    }
    const void *px = in_array(r, (size_t)w * h, 4, "a texture's pixels");
    if (!px)
        return;
    t->image.width = (int)w;
    t->image.height = (int)h;
    /* recycled large blocks: fresh pages cost as much as the copy (asset_image_free) */
    t->image.pixels = asset_big_alloc((size_t)w * h * 4);
    memcpy(t->image.pixels, px, (size_t)w * h * 4);
}

static void read_mesh(wire_in *r, asset_mesh *me, int materials)
{
    uint32_t nv = in_u32(r, "a mesh"), ni = in_u32(r, "a mesh");
    int32_t material = in_i32(r, "a mesh's material");
    uint32_t has_uvs = in_u32(r, "a mesh"), has_tangents = in_u32(r, "a mesh");
    if (nv < 1 || nv > INT32_MAX || ni < 3 || ni > INT32_MAX || ni % 3 || material < 0 ||
        material >= materials || has_uvs > 1 || has_tangents > 1) {
        in_fail(r, "a mesh's counts");
        return;
    }
    me->material = material;
    me->positions = in_floats(r, (size_t)nv * 3, "a mesh's positions");
    me->normals = in_floats(r, (size_t)nv * 3, "a mesh's normals");
    if (has_uvs)
        me->uvs = in_floats(r, (size_t)nv * 2, "a mesh's UVs");
    if (has_tangents)
        me->tangents = in_floats(r, (size_t)nv * 4, "a mesh's tangents");
    const uint32_t *idx = in_array(r, ni, sizeof(uint32_t), "a mesh's indices");
    if (!r->ok || !idx)
        return;
    me->indices = pv_malloc((size_t)ni * sizeof(uint32_t));
    memcpy(me->indices, idx, (size_t)ni * sizeof(uint32_t));
    for (uint32_t i = 0; i < ni; i++)
        if (me->indices[i] >= nv) {
            in_fail(r, "a mesh's indices");
            break;
        }
    me->vertex_count = (int)nv;
    me->index_count = (int)ni;
    box_empty(me->bounds_min, me->bounds_max);
    for (uint32_t v = 0; v < nv; v++)
        box_add_point(me->bounds_min, me->bounds_max, &me->positions[v * 3]);
}

static void read_node(wire_in *r, asset_node *n, int index, int meshes)
{
    n->name = in_str(r, "a node's name");
    n->parent = in_i32(r, "a node's parent");
    if (index == 0 ? n->parent != -1 : (n->parent < 0 || n->parent >= index))
        in_fail(r, "a node's parent");
    const void *local = in_array(r, 16, sizeof(float), "a node's matrix");
    const void *world = in_array(r, 16, sizeof(float), "a node's matrix");
    if (local)
        memcpy(n->local, local, sizeof(n->local));
    if (world)
        memcpy(n->world, world, sizeof(n->world));
    box_empty(n->bounds_min, n->bounds_max);
    uint32_t count = in_u32(r, "a node's meshes");
    const int32_t *list = in_array(r, count, sizeof(int32_t), "a node's meshes");
    if (!list)
        return;
    n->meshes = pv_malloc(((size_t)count + 1) * sizeof(int));
    for (uint32_t i = 0; i < count; i++) {
        int32_t v;
        memcpy(&v, &list[i], sizeof(v));
        if (v < 0 || v >= meshes) {
            in_fail(r, "a node's mesh index");
            break;
        }
        n->meshes[n->mesh_count++] = v;
    }
}

/* Counts of things, each needing at least `least` bytes: no more than the bytes left. */
static int in_count(wire_in *r, size_t least, const char *what)
{
    uint32_t n = in_u32(r, what);
    if (n > INT32_MAX || (size_t)n > r->left / least) {
        in_fail(r, what);
        return 0;
    }
    return (int)n;
}

pv_result model_wire_parse(const uint8_t *bytes, size_t size, const char *display,
                           asset_model **out, pv_diags *diags, char *why, size_t why_n)
{
    wire_in rd = {.p = bytes, .left = size, .ok = true}, *r = &rd;
    *out = NULL;
    const void *magic = in_array(r, 8, 1, "its start");
    if (!magic || memcmp(magic, WIRE_MAGIC, 8) != 0)
        in_fail(r, "its start");
    uint32_t result = in_u32(r, "its result");
    if (result > PV_ERR_CANCELLED)
        in_fail(r, "its result");
    char *msg = in_str(r, "its message");
    int warnings = in_count(r, 8, "its warnings");
    if (warnings > WIRE_MAX_WARNINGS)
        in_fail(r, "its warnings");
    for (int i = 0; i < warnings && r->ok; i++) {
        uint32_t sev = in_u32(r, "a warning");
        char *text = in_str(r, "a warning");
        if (sev > PV_SEV_ERROR)
            in_fail(r, "a warning");
        if (r->ok && diags)
            pv_diags_add(diags, (pv_severity)sev, display, 0, 0, "%s", text);
        free(text);
    }
    asset_model *m = NULL;
    if (r->ok && result == PV_OK) {
        m = pv_calloc(1, sizeof(*m));
        int textures_at_most = (int)(r->left / 16 < INT32_MAX ? r->left / 16 : INT32_MAX);
        m->material_count = in_count(r, 72, "its materials");
        m->materials = pv_calloc((size_t)m->material_count + 1, sizeof(*m->materials));
        /* Texture indices are checked against the count that follows: peek it first. */
        for (int i = 0; i < m->material_count && r->ok; i++)
            read_material(r, &m->materials[i], textures_at_most);
        m->texture_count = in_count(r, 20, "its textures");
        m->textures = pv_calloc((size_t)m->texture_count + 1, sizeof(*m->textures));
        for (int i = 0; i < m->texture_count && r->ok; i++)
            read_texture(r, &m->textures[i]);
        for (int i = 0; i < m->material_count && r->ok; i++) {
            const asset_material *a = &m->materials[i];
            int tex[5] = {a->tex_base_color, a->tex_metal_rough, a->tex_normal, a->tex_occlusion,
                          a->tex_emissive};
            for (int k = 0; k < 5; k++)
                if (tex[k] >= m->texture_count)
                    in_fail(r, "a material's texture index");
        }
        m->mesh_count = in_count(r, 20, "its meshes");
        m->meshes = pv_calloc((size_t)m->mesh_count + 1, sizeof(*m->meshes));
        for (int i = 0; i < m->mesh_count && r->ok; i++)
            read_mesh(r, &m->meshes[i], m->material_count);
        m->node_count = in_count(r, 140, "its nodes");
        if (m->node_count < 1 || m->mesh_count < 1)
            in_fail(r, "its nodes");
        m->nodes = pv_calloc((size_t)m->node_count + 1, sizeof(*m->nodes));
        for (int i = 0; i < m->node_count && r->ok; i++)
            read_node(r, &m->nodes[i], i, m->mesh_count);
    }
    const void *end = in_array(r, 8, 1, "its end");
    if (!end || memcmp(end, WIRE_END, 8) != 0 || r->left != 0)
        in_fail(r, "its end");
    pv_result res;
    if (!r->ok) {
        snprintf(why, why_n,
                 "%s: could not import the model: the importer's answer is damaged (%s)",
                 display, r->bad);
        asset_model_free(&m);
        res = PV_ERR_FORMAT;
    } else if (result != PV_OK) {
        snprintf(why, why_n, "%s", *msg ? msg : "the model could not be imported");
        res = (pv_result)result;
    } else {
        model_bounds(m);
        *out = m;
        res = PV_OK;
    }
    free(msg);
    return res;
}

pv_result model_wire_read(int fd, const char *display, asset_model **out, pv_diags *diags,
                          char *why, size_t why_n)
{
    *out = NULL;
    /* Nobody may change the answer while it is read (a leftover process of the helper). */
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        snprintf(why, why_n, "%s: could not import the model: the importer gave no answer",
                 display);
        return PV_ERR_FORMAT;
    }
    size_t size = (size_t)st.st_size;
    /* populated at once: faster than a fault per page */
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED) {
        snprintf(why, why_n, "%s: could not import the model: %s", display, strerror(errno));
        return PV_ERR_IO;
    }
    pv_result r = model_wire_parse(map, size, display, out, diags, why, why_n);
    munmap(map, size);
    return r;
}
