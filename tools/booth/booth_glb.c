/* booth_glb: writes a model as a glTF 2.0 binary (.glb): a JSON chunk made by a tiny writer
 * below, and a BIN chunk holding, per primitive, positions, normals, tangents (for
 * normal-mapped materials), texture coordinates and 32-bit indices, each in its own tightly
 * packed bufferView, followed by the PNG images. Main thread only. Included by
 * tools/booth_gen.c. */

/* ---- a growable byte buffer ---- */

typedef struct byte_buf {
    unsigned char *bytes;
    size_t size, capacity;
} byte_buf;

static void buf_append(byte_buf *b, const void *src, size_t n)
{
    if (b->size + n > b->capacity) {
        b->capacity = (b->size + n) * 2 + 256;
        b->bytes = pv_realloc(b->bytes, b->capacity);
    }
    memcpy(b->bytes + b->size, src, n);
    b->size += n;
}

static void buf_pad(byte_buf *b, unsigned char fill)
{
    while (b->size % 4)
        buf_append(b, &fill, 1);
}

static void buf_printf(byte_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(byte_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        buf_append(b, tmp, (size_t)n);
        return;
    }
    char *big = pv_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf_append(b, big, (size_t)n);
    free(big);
}

/* ---- a minimal JSON writer: tracks whether a comma is due at each nesting level ---- */

#define JSON_MAX_DEPTH 16

typedef struct json_writer {
    byte_buf out;
    int depth;
    bool need_comma[JSON_MAX_DEPTH];
} json_writer;

static void json_prefix(json_writer *j, const char *key)
{
    if (j->need_comma[j->depth])
        buf_append(&j->out, ",", 1);
    j->need_comma[j->depth] = true;
    if (key)
        buf_printf(&j->out, "\"%s\":", key); /* keys are fixed glTF names */
}

static void json_string_value(json_writer *j, const char *s)
{
    buf_append(&j->out, "\"", 1);
    for (const char *c = s; *c; c++) {
        if (*c == '"' || *c == '\\')
            buf_printf(&j->out, "\\%c", *c);
        else if ((unsigned char)*c < 0x20)
            buf_printf(&j->out, "\\u%04x", (unsigned)*c);
        else
            buf_append(&j->out, c, 1);
    }
    buf_append(&j->out, "\"", 1);
}

static void json_open(json_writer *j, const char *key, char bracket)
{
    json_prefix(j, key);
    buf_append(&j->out, &bracket, 1);
    j->depth++;
    j->need_comma[j->depth] = false;
}

static void json_close(json_writer *j, char bracket)
{
    j->depth--;
    buf_append(&j->out, &bracket, 1);
}

#define json_object(j, key) json_open(j, key, '{')
#define json_array(j, key) json_open(j, key, '[')
#define json_end_object(j) json_close(j, '}')
#define json_end_array(j) json_close(j, ']')

static void json_str(json_writer *j, const char *key, const char *value)
{
    json_prefix(j, key);
    json_string_value(j, value);
}

static void json_int(json_writer *j, const char *key, long long value)
{
    json_prefix(j, key);
    buf_printf(&j->out, "%lld", value);
}

static void json_num(json_writer *j, const char *key, double value)
{
    json_prefix(j, key);
    if (value == 0)
        value = 0; /* no "-0" */
    buf_printf(&j->out, "%.7g", value);
}

static void json_bool(json_writer *j, const char *key, bool value)
{
    json_prefix(j, key);
    buf_printf(&j->out, "%s", value ? "true" : "false");
}

static void json_vec(json_writer *j, const char *key, const float *v, int n)
{
    json_array(j, key);
    for (int i = 0; i < n; i++)
        json_num(j, NULL, v[i]);
    json_end_array(j);
}

/* ---- the glTF document ---- */

enum { GL_FLOAT = 5126, GL_UNSIGNED_INT = 5125 };
enum { GL_ARRAY_BUFFER = 34962, GL_ELEMENT_ARRAY_BUFFER = 34963 };

typedef struct glb_writer {
    json_writer views, accessors;
    byte_buf bin;
    int view_count, accessor_count;
} glb_writer;

static int glb_view(glb_writer *g, const void *src, size_t n, int target)
{
    buf_pad(&g->bin, 0);
    json_object(&g->views, NULL);
    json_int(&g->views, "buffer", 0);
    json_int(&g->views, "byteOffset", (long long)g->bin.size);
    json_int(&g->views, "byteLength", (long long)n);
    if (target)
        json_int(&g->views, "target", target);
    json_end_object(&g->views);
    buf_append(&g->bin, src, n);
    return g->view_count++;
}

/* A tightly packed accessor; min/max are written when given. */
static int glb_accessor(glb_writer *g, const void *src, int count, int components, int ctype,
                        int target, const float *min, const float *max)
{
    static const char *types[] = {"", "SCALAR", "VEC2", "VEC3", "VEC4"};
    int view = glb_view(g, src, (size_t)count * (size_t)components * 4, target);
    json_object(&g->accessors, NULL);
    json_int(&g->accessors, "bufferView", view);
    json_int(&g->accessors, "componentType", ctype);
    json_int(&g->accessors, "count", count);
    json_str(&g->accessors, "type", types[components]);
    if (min && max) {
        json_vec(&g->accessors, "min", min, components);
        json_vec(&g->accessors, "max", max, components);
    }
    json_end_object(&g->accessors);
    return g->accessor_count++;
}

/* Per-vertex tangents from texture coordinates, with w chosen so that
 * cross(normal, tangent) * w points up the image (towards smaller v), as glTF expects. */
static float *prim_tangents(const model_prim *p)
{
    int n = p->vert_count;
    vec3 *tu = pv_calloc((size_t)n * 2, sizeof *tu), *tv = tu + n;
    for (int i = 0; i + 2 < p->index_count; i += 3) {
        const vertex *v[3] = {&p->verts[p->indices[i]], &p->verts[p->indices[i + 1]],
                              &p->verts[p->indices[i + 2]]};
        vec3 e1 = vec3_sub(v[1]->p, v[0]->p), e2 = vec3_sub(v[2]->p, v[0]->p);
        float du1 = v[1]->u - v[0]->u, dv1 = v[1]->v - v[0]->v;
        float du2 = v[2]->u - v[0]->u, dv2 = v[2]->v - v[0]->v;
        float det = du1 * dv2 - du2 * dv1;
        if (fabsf(det) < 1e-12f)
            continue;
        float r = 1.0f / det;
        vec3 t = vec3_scale(vec3_sub(vec3_scale(e1, dv2), vec3_scale(e2, dv1)), r);
        vec3 b = vec3_scale(vec3_sub(vec3_scale(e2, du1), vec3_scale(e1, du2)), r);
        for (int k = 0; k < 3; k++) {
            uint32_t idx = p->indices[i + k];
            tu[idx] = vec3_add(tu[idx], t);
            tv[idx] = vec3_add(tv[idx], b);
        }
    }
    float *out = pv_malloc((size_t)n * 4 * sizeof(float));
    for (int i = 0; i < n; i++) {
        vec3 nrm = p->verts[i].n;
        vec3 t = vec3_sub(tu[i], vec3_scale(nrm, vec3_dot(nrm, tu[i])));
        if (vec3_len(t) < 1e-8f) { /* no usable mapping: any perpendicular will do */
            vec3 a = fabsf(nrm.x) < 0.9f ? vec3_make(1, 0, 0) : vec3_make(0, 1, 0);
            t = vec3_cross(a, nrm);
        }
        t = vec3_norm(t);
        float w = vec3_dot(vec3_cross(nrm, t), tv[i]) > 0 ? -1.0f : 1.0f;
        out[i * 4 + 0] = t.x, out[i * 4 + 1] = t.y, out[i * 4 + 2] = t.z, out[i * 4 + 3] = w;
    }
    free(tu);
    return out;
}

/* Writes one primitive's arrays into the buffer and its JSON into `meshes`. */
static void glb_primitive(glb_writer *g, json_writer *meshes, const model *m,
                          const model_node *node, const model_prim *p)
{
    int n = p->vert_count;
    float *pos = pv_malloc((size_t)n * 3 * sizeof(float));
    float *nrm = pv_malloc((size_t)n * 3 * sizeof(float));
    float *uv = pv_malloc((size_t)n * 2 * sizeof(float));
    float lo[3] = {1e30f, 1e30f, 1e30f}, hi[3] = {-1e30f, -1e30f, -1e30f};
    for (int i = 0; i < n; i++) {
        vec3 q = vec3_sub(p->verts[i].p, node->origin);
        float c[3] = {q.x, q.y, q.z};
        for (int k = 0; k < 3; k++) {
            pos[i * 3 + k] = c[k];
            lo[k] = minf(lo[k], c[k]);
            hi[k] = maxf(hi[k], c[k]);
        }
        vec3 nn = vec3_norm(p->verts[i].n);
        nrm[i * 3 + 0] = nn.x, nrm[i * 3 + 1] = nn.y, nrm[i * 3 + 2] = nn.z;
        uv[i * 2 + 0] = p->verts[i].u, uv[i * 2 + 1] = p->verts[i].v;
    }
    json_object(meshes, NULL);
    json_object(meshes, "attributes");
    json_int(meshes, "POSITION", glb_accessor(g, pos, n, 3, GL_FLOAT, GL_ARRAY_BUFFER, lo, hi));
    json_int(meshes, "NORMAL", glb_accessor(g, nrm, n, 3, GL_FLOAT, GL_ARRAY_BUFFER, NULL, NULL));
    if (m->materials[p->material].normal_tex) {
        float *tan = prim_tangents(p);
        json_int(meshes, "TANGENT",
                 glb_accessor(g, tan, n, 4, GL_FLOAT, GL_ARRAY_BUFFER, NULL, NULL));
        free(tan);
    }
    json_int(meshes, "TEXCOORD_0",
             glb_accessor(g, uv, n, 2, GL_FLOAT, GL_ARRAY_BUFFER, NULL, NULL));
    json_end_object(meshes);
    json_int(meshes, "indices", glb_accessor(g, p->indices, p->index_count, 1, GL_UNSIGNED_INT,
                                             GL_ELEMENT_ARRAY_BUFFER, NULL, NULL));
    json_int(meshes, "material", p->material);
    json_int(meshes, "mode", 4);
    json_end_object(meshes);
    free(pos);
    free(nrm);
    free(uv);
}

static void json_texture_ref(json_writer *j, const char *key, int handle)
{
    json_object(j, key);
    json_int(j, "index", handle - 1);
    json_end_object(j);
}

static void glb_material(json_writer *j, const char *name, const material_desc *d)
{
    colour c = colour_hex(d->colour);
    float base[4] = {srgb_to_linear(c.r), srgb_to_linear(c.g), srgb_to_linear(c.b),
                     d->alpha > 0 ? d->alpha : 1};
    json_object(j, NULL);
    json_str(j, "name", name);
    json_object(j, "pbrMetallicRoughness");
    json_vec(j, "baseColorFactor", base, 4);
    json_num(j, "metallicFactor", d->metallic);
    json_num(j, "roughnessFactor", d->roughness);
    if (d->base_tex)
        json_texture_ref(j, "baseColorTexture", d->base_tex);
    if (d->orm_tex && d->orm_has_metal_rough)
        json_texture_ref(j, "metallicRoughnessTexture", d->orm_tex);
    json_end_object(j);
    if (d->normal_tex) {
        json_object(j, "normalTexture");
        json_int(j, "index", d->normal_tex - 1);
        json_num(j, "scale", d->normal_scale > 0 ? d->normal_scale : 1);
        json_end_object(j);
    }
    if (d->orm_tex) {
        json_object(j, "occlusionTexture");
        json_int(j, "index", d->orm_tex - 1);
        json_num(j, "strength", d->occlusion > 0 ? d->occlusion : 1);
        json_end_object(j);
    }
    if (d->emissive || d->emissive_tex) {
        colour e = colour_hex(d->emissive ? d->emissive : 0xffffff);
        float em[3] = {srgb_to_linear(e.r), srgb_to_linear(e.g), srgb_to_linear(e.b)};
        json_vec(j, "emissiveFactor", em, 3);
        if (d->emissive_tex)
            json_texture_ref(j, "emissiveTexture", d->emissive_tex);
    }
    if (d->blend)
        json_str(j, "alphaMode", "BLEND");
    if (d->double_sided)
        json_bool(j, "doubleSided", true);
    json_end_object(j);
}

static int count_children(const model *m, int parent)
{
    int n = 0;
    for (int i = 0; i < m->node_count; i++)
        n += m->nodes[i].parent == parent;
    return n;
}

/* Builds the whole .glb in memory. The caller frees out->bytes. */
static void glb_build(const model *m, byte_buf *out)
{
    glb_writer g = {0};
    json_writer meshes = {0}, doc = {0};
    json_array(&g.views, NULL);
    json_array(&g.accessors, NULL);
    json_array(&meshes, NULL);
    int *mesh_of = pv_malloc((size_t)m->node_count * sizeof *mesh_of);
    int mesh_count = 0;
    for (int i = 0; i < m->node_count; i++) {
        const model_node *node = &m->nodes[i];
        mesh_of[i] = -1;
        if (!node->prim_count)
            continue;
        mesh_of[i] = mesh_count++;
        json_object(&meshes, NULL);
        json_str(&meshes, "name", node->name);
        json_array(&meshes, "primitives");
        for (int k = 0; k < node->prim_count; k++)
            glb_primitive(&g, &meshes, m, node, &node->prims[k]);
        json_end_array(&meshes);
        json_end_object(&meshes);
    }
    int *image_view = pv_malloc((size_t)(m->texture_count + 1) * sizeof *image_view);
    for (int i = 0; i < m->texture_count; i++)
        image_view[i] = glb_view(&g, m->textures[i].png.bytes, m->textures[i].png.size, 0);
    buf_pad(&g.bin, 0);
    json_end_array(&g.views);
    json_end_array(&g.accessors);
    json_end_array(&meshes);

    json_writer *j = &doc;
    json_object(j, NULL);
    json_object(j, "asset");
    json_str(j, "version", "2.0");
    json_str(j, "generator", "pavilion-booth-gen");
    json_end_object(j);
    json_int(j, "scene", 0);
    json_array(j, "scenes");
    json_object(j, NULL);
    json_str(j, "name", m->name);
    json_array(j, "nodes");
    for (int i = 0; i < m->node_count; i++)
        if (m->nodes[i].parent < 0)
            json_int(j, NULL, i);
    json_end_array(j);
    json_end_object(j);
    json_end_array(j);

    json_array(j, "nodes");
    for (int i = 0; i < m->node_count; i++) {
        const model_node *node = &m->nodes[i];
        json_object(j, NULL);
        json_str(j, "name", node->name);
        vec3 t = node->origin;
        if (node->parent >= 0)
            t = vec3_sub(t, m->nodes[node->parent].origin);
        if (t.x != 0 || t.y != 0 || t.z != 0)
            json_vec(j, "translation", (float[3]){t.x, t.y, t.z}, 3);
        if (mesh_of[i] >= 0)
            json_int(j, "mesh", mesh_of[i]);
        if (count_children(m, i)) {
            json_array(j, "children");
            for (int k = 0; k < m->node_count; k++)
                if (m->nodes[k].parent == i)
                    json_int(j, NULL, k);
            json_end_array(j);
        }
        json_end_object(j);
    }
    json_end_array(j);

    /* glTF forbids empty top-level arrays */
    if (mesh_count) {
        json_prefix(j, "meshes");
        buf_append(&j->out, meshes.out.bytes, meshes.out.size);
    }
    if (m->material_count) {
        json_array(j, "materials");
        for (int i = 0; i < m->material_count; i++)
            glb_material(j, m->material_names[i], &m->materials[i]);
        json_end_array(j);
    }
    if (m->texture_count) {
        json_array(j, "samplers");
        json_object(j, NULL);
        json_int(j, "magFilter", 9729);  /* LINEAR */
        json_int(j, "minFilter", 9987);  /* LINEAR_MIPMAP_LINEAR */
        json_int(j, "wrapS", 10497);     /* REPEAT */
        json_int(j, "wrapT", 10497);
        json_end_object(j);
        json_end_array(j);
        json_array(j, "images");
        for (int i = 0; i < m->texture_count; i++) {
            json_object(j, NULL);
            json_str(j, "name", m->textures[i].name);
            json_int(j, "bufferView", image_view[i]);
            json_str(j, "mimeType", "image/png");
            json_end_object(j);
        }
        json_end_array(j);
        json_array(j, "textures");
        for (int i = 0; i < m->texture_count; i++) {
            json_object(j, NULL);
            json_str(j, "name", m->textures[i].name);
            json_int(j, "sampler", 0);
            json_int(j, "source", i);
            json_end_object(j);
        }
        json_end_array(j);
    }
    json_prefix(j, "bufferViews");
    buf_append(&j->out, g.views.out.bytes, g.views.out.size);
    json_prefix(j, "accessors");
    buf_append(&j->out, g.accessors.out.bytes, g.accessors.out.size);
    json_array(j, "buffers");
    json_object(j, NULL);
    json_int(j, "byteLength", (long long)g.bin.size);
    json_end_object(j);
    json_end_array(j);
    json_end_object(j);
    buf_pad(&j->out, ' ');

    /* header, JSON chunk, BIN chunk; every length is a multiple of four */
    uint32_t total = (uint32_t)(12 + 8 + j->out.size + 8 + g.bin.size);
    uint32_t header[3] = {0x46546C67u, 2, total};
    uint32_t json_head[2] = {(uint32_t)j->out.size, 0x4E4F534Au};
    uint32_t bin_head[2] = {(uint32_t)g.bin.size, 0x004E4942u};
    memset(out, 0, sizeof *out);
    buf_append(out, header, sizeof header);
    buf_append(out, json_head, sizeof json_head);
    buf_append(out, j->out.bytes, j->out.size);
    buf_append(out, bin_head, sizeof bin_head);
    buf_append(out, g.bin.bytes, g.bin.size);

    free(mesh_of);
    free(image_view);
    free(g.views.out.bytes);
    free(g.accessors.out.bytes);
    free(g.bin.bytes);
    free(meshes.out.bytes);
    free(doc.out.bytes);
}
