/* asset/model_gltf: checks a glTF 2.0 file (.gltf text or .glb binary) before Assimp reads it.
 * Assimp 5.2 trusts much of what a glTF says: a GLB chunk length sends it allocating
 * gigabytes, a byteStride or byteOffset past the end of a buffer makes it read memory it does
 * not own, a string where KHR_texture_transform wants a number ends the process in a
 * rapidjson assertion. What is cheap to check is checked here, with a message naming the file
 * and the JSON element ("accessors[3]: reads 12 bytes past bufferView 2"):
 * - GLB: the 12-byte header (magic, version 2, length = the file's size), chunks inside the
 *   file and 4-byte aligned, one JSON chunk first, at most one BIN chunk right after it;
 * - the JSON parses (jansson) and has an "asset";
 * - buffers: byteLength within the real size (the GLB BIN chunk, the data: URI's bytes or the
 *   external file's size); bufferViews: inside their buffer, byteStride 4..252 and a multiple
 *   of 4; accessors (and sparse parts): known componentType and type, the last element read
 *   (byteOffset + stride * (count - 1) + element size) inside the bufferView, counts without
 *   a bufferView no larger than the bytes the file brings;
 * - indices between objects (meshes' accessors and materials, textures' images, images'
 *   bufferViews) and the types of KHR_texture_transform's offset, scale, rotation, texCoord
 *   wherever that extension appears.
 * External files are looked for only when `dir` is given (the fuzz target gives none).
 * glTF 1.0 files (objects instead of arrays) get only the GLB and JSON checks.
 * Threads: any; no shared state. */
#include "asset/model_internal.h"

#include <jansson.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>

#define GLB_MAGIC 0x46546C67u      /* "glTF" */
#define GLB_CHUNK_JSON 0x4E4F534Au /* "JSON" */
#define GLB_CHUNK_BIN 0x004E4942u  /* "BIN\0" */
#define GLTF_MAX_BUFFERS 4096

typedef struct gltf_check {
    const char *display;
    const char *dir;          /* for external buffers, or NULL */
    const char *root_real;    /* their files must lie in it (real path), or NULL */
    char *why;
    size_t why_n;
    const json_t *root;
    long long bin_size;       /* the GLB BIN chunk's length, or -1 */
    long long total_bytes;    /* the file and every buffer it brings */
    long long *buffer_length; /* declared byteLength per buffer */
    size_t buffer_count;
} gltf_check;

static pv_result gltf_fail(gltf_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static pv_result gltf_fail(gltf_check *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(c->why, c->why_n, "%s: %s", c->display, msg);
    return PV_ERR_FORMAT;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* What a JSON value is, for messages; NULL (a property that is absent) is "nothing". */
static const char *json_kind(const json_t *v)
{
    if (!v)
        return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* An optional integer property: absent gives `def`; present must be an integer in
 * [lo, hi]. */
static pv_result gltf_int(gltf_check *c, const json_t *obj, const char *where, const char *key,
                          long long def, long long lo, long long hi, long long *out)
{
    const json_t *v = json_object_get(obj, key);
    if (!v) {
        if (def < lo)
            return gltf_fail(c, "%s: has no %s", where, key);
        *out = def;
        return PV_OK;
    }
    if (!json_is_integer(v))
        return gltf_fail(c, "%s.%s: expected an integer, found %s", where, key, json_kind(v));
    long long n = json_integer_value(v);
    if (n < lo || n > hi)
        return gltf_fail(c, "%s.%s: %lld is outside %lld..%lld", where, key, n, lo, hi);
    *out = n;
    return PV_OK;
}

/* An optional index into the top-level array `array`: *out = -1 when absent. */
static pv_result gltf_index(gltf_check *c, const json_t *obj, const char *where, const char *key,
                            const char *array, long long *out)
{
    const json_t *v = json_object_get(obj, key);
    *out = -1;
    if (!v)
        return PV_OK;
    size_t n = json_array_size(json_object_get(c->root, array));
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        (unsigned long long)json_integer_value(v) >= n) {
        if (json_is_integer(v))
            return gltf_fail(c, "%s.%s: %lld is not one of the file's %zu %s", where, key,
                             (long long)json_integer_value(v), n, array);
        return gltf_fail(c, "%s.%s: expected an index into %s, found %s", where, key, array,
                         json_kind(v));
    }
    *out = json_integer_value(v);
    return PV_OK;
}

/* Bytes a base64 data: URI decodes to (an upper bound; padding subtracted). */
static long long data_uri_bytes(const char *uri)
{
    const char *comma = strchr(uri, ',');
    if (!comma)
        return 0;
    size_t n = strlen(comma + 1);
    if (!strstr(uri, ";base64"))
        return (long long)n;
    long long bytes = (long long)(n / 4) * 3 + (long long)(n % 4 ? n % 4 - 1 : 0);
    if (n >= 1 && comma[n] == '=')
        bytes--;
    if (n >= 2 && comma[n - 1] == '=')
        bytes--;
    return bytes < 0 ? 0 : bytes;
}

/* "%20" and friends in a relative URI. */
static char *uri_decode(const char *uri)
{
    char *s = pv_strdup(uri), *o = s;
    for (const char *p = uri; *p; p++) {
        unsigned v;
        if (p[0] == '%' && p[1] && p[2] && sscanf(p + 1, "%2x", &v) == 1 && v) {
            *o++ = (char)v;
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return s;
}

static pv_result gltf_buffers(gltf_check *c)
{
    const json_t *buffers = json_object_get(c->root, "buffers");
    if (!buffers)
        return PV_OK;
    if (!json_is_array(buffers))
        return gltf_fail(c, "buffers: expected an array, found %s", json_kind(buffers));
    c->buffer_count = json_array_size(buffers);
    if (c->buffer_count > GLTF_MAX_BUFFERS)
        return gltf_fail(c, "buffers: %zu buffers, more than the %d allowed", c->buffer_count,
                         GLTF_MAX_BUFFERS);
    c->buffer_length = pv_calloc(c->buffer_count ? c->buffer_count : 1, sizeof(long long));
    for (size_t i = 0; i < c->buffer_count; i++) {
        const json_t *b = json_array_get(buffers, i);
        char where[48];
        snprintf(where, sizeof(where), "buffers[%zu]", i);
        if (!json_is_object(b))
            return gltf_fail(c, "%s: expected an object, found %s", where, json_kind(b));
        long long length;
        pv_result r = gltf_int(c, b, where, "byteLength", -1, 1, (1LL << 53), &length);
        if (r != PV_OK)
            return r;
        c->buffer_length[i] = length;
        const json_t *uri = json_object_get(b, "uri");
        long long real = 0;
        const char *from;
        if (!uri) {
            if (i != 0 || c->bin_size < 0)
                return gltf_fail(c, "%s: has no uri and is not the GLB's BIN chunk", where);
            real = c->bin_size;
            from = "the GLB's BIN chunk";
        } else if (!json_is_string(uri)) {
            return gltf_fail(c, "%s.uri: expected a string, found %s", where, json_kind(uri));
        } else if (strncmp(json_string_value(uri), "data:", 5) == 0) {
            real = data_uri_bytes(json_string_value(uri));
            from = "its data: URI";
        } else if (!c->dir) {
            continue; /* no files to look at */
        } else {
            char *rel = uri_decode(json_string_value(uri));
            char *file = pv_path_join(c->dir, rel);
            /* By its real path (a name in the other Unicode normalisation is found too). */
            char cwhy[512], *at = NULL;
            pv_path_status ps = c->root_real ? pv_path_confine(&c->root_real, 1, file, &at,
                                                               cwhy, sizeof(cwhy))
                                             : PV_PATH_OK;
            if (ps != PV_PATH_OK && ps != PV_PATH_NOT_FOUND) {
                pv_result fr = gltf_fail(c, "%s: its file \"%s\" %s", where, rel, cwhy);
                free(file);
                free(rel);
                return fr;
            }
            struct stat st;
            bool found = stat(at ? at : file, &st) == 0 && S_ISREG(st.st_mode);
            free(at);
            free(file);
            if (!found) {
                pv_result fr = gltf_fail(c, "%s: its file \"%s\" is not there", where, rel);
                free(rel);
                return fr;
            }
            free(rel);
            real = (long long)st.st_size;
            from = "its file";
            c->total_bytes += real;
        }
        if (length > real)
            return gltf_fail(c, "%s: byteLength %lld is more than the %lld bytes of %s", where,
                             length, real, from);
    }
    return PV_OK;
}

static pv_result gltf_buffer_views(gltf_check *c)
{
    const json_t *views = json_object_get(c->root, "bufferViews");
    if (!views)
        return PV_OK;
    if (!json_is_array(views))
        return gltf_fail(c, "bufferViews: expected an array, found %s", json_kind(views));
    for (size_t i = 0; i < json_array_size(views); i++) {
        const json_t *v = json_array_get(views, i);
        char where[48];
        snprintf(where, sizeof(where), "bufferViews[%zu]", i);
        if (!json_is_object(v))
            return gltf_fail(c, "%s: expected an object, found %s", where, json_kind(v));
        long long buffer, offset, length, stride;
        pv_result r = gltf_index(c, v, where, "buffer", "buffers", &buffer);
        if (r == PV_OK && buffer < 0)
            r = gltf_fail(c, "%s: has no buffer", where);
        if (r == PV_OK)
            r = gltf_int(c, v, where, "byteOffset", 0, 0, (1LL << 53), &offset);
        if (r == PV_OK)
            r = gltf_int(c, v, where, "byteLength", -1, 1, (1LL << 53), &length);
        if (r == PV_OK)
            r = gltf_int(c, v, where, "byteStride", 0, 0, (1LL << 53), &stride);
        if (r != PV_OK)
            return r;
        if (json_object_get(v, "byteStride") && (stride < 4 || stride > 252 || stride % 4))
            return gltf_fail(c, "%s.byteStride: %lld is not a multiple of 4 between 4 and 252",
                             where, stride);
        long long have = c->buffer_length[buffer];
        if (offset + length > have)
            return gltf_fail(c, "%s: bytes %lld..%lld run %lld bytes past buffer %lld (%lld bytes)",
                             where, offset, offset + length, offset + length - have, buffer, have);
    }
    return PV_OK;
}

static int component_size(long long type)
{
    switch (type) {
    case 5120: /* BYTE */
    case 5121: return 1;
    case 5122: /* SHORT */
    case 5123: return 2;
    case 5125: /* UNSIGNED_INT */
    case 5126: return 4;
    default: return 0;
    }
}

/* Bytes of one element, with glTF's column padding for small matrices. */
static long long element_size(const char *type, int comp)
{
    static const struct { const char *name; int columns, rows; } types[] = {
        {"SCALAR", 1, 1}, {"VEC2", 1, 2}, {"VEC3", 1, 3}, {"VEC4", 1, 4},
        {"MAT2", 2, 2},   {"MAT3", 3, 3}, {"MAT4", 4, 4}};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(type, types[i].name) == 0) {
            long long column = (long long)types[i].rows * comp;
            if (types[i].columns > 1)
                column = (column + 3) / 4 * 4;
            return column * types[i].columns;
        }
    return 0;
}

/* Elements [offset, offset + stride * (count - 1) + size) must lie in bufferView `view`. */
static pv_result gltf_range(gltf_check *c, const char *where, long long view, long long offset,
                           long long count, long long size, bool own_stride)
{
    const json_t *v = json_array_get(json_object_get(c->root, "bufferViews"), (size_t)view);
    long long length = json_integer_value(json_object_get(v, "byteLength"));
    const json_t *s = json_object_get(v, "byteStride");
    long long stride = own_stride && s ? json_integer_value(s) : size;
    if (stride < size && own_stride && s)
        return gltf_fail(c, "%s: its elements (%lld bytes) are longer than bufferView %lld's "
                         "byteStride %lld", where, size, view, stride);
    /* count <= length keeps stride * count inside 64 bits (stride <= 252, length < 2^53) */
    if (count > length)
        return gltf_fail(c, "%s: %lld elements cannot fit in bufferView %lld (%lld bytes)", where,
                         count, view, length);
    long long end = offset + stride * (count - 1) + size;
    if (end > length)
        return gltf_fail(c, "%s: reads %lld bytes past bufferView %lld", where, end - length,
                         view);
    return PV_OK;
}

static pv_result gltf_accessors(gltf_check *c)
{
    const json_t *accessors = json_object_get(c->root, "accessors");
    if (!accessors)
        return PV_OK;
    if (!json_is_array(accessors))
        return gltf_fail(c, "accessors: expected an array, found %s", json_kind(accessors));
    for (size_t i = 0; i < json_array_size(accessors); i++) {
        const json_t *a = json_array_get(accessors, i);
        char where[48];
        snprintf(where, sizeof(where), "accessors[%zu]", i);
        if (!json_is_object(a))
            return gltf_fail(c, "%s: expected an object, found %s", where, json_kind(a));
        long long view, offset, count, ctype;
        pv_result r = gltf_index(c, a, where, "bufferView", "bufferViews", &view);
        if (r == PV_OK)
            r = gltf_int(c, a, where, "byteOffset", 0, 0, (1LL << 53), &offset);
        if (r == PV_OK)
            r = gltf_int(c, a, where, "count", -1, 1, (1LL << 53), &count);
        if (r == PV_OK)
            r = gltf_int(c, a, where, "componentType", -1, 0, 99999, &ctype);
        if (r != PV_OK)
            return r;
        int comp = component_size(ctype);
        if (!comp)
            return gltf_fail(c, "%s.componentType: %lld is not a glTF component type", where,
                             ctype);
        const json_t *type = json_object_get(a, "type");
        long long size = json_is_string(type) ? element_size(json_string_value(type), comp) : 0;
        if (!size)
            return gltf_fail(c, "%s.type: expected \"SCALAR\", \"VEC2\"...\"MAT4\", found %s",
                             where, json_is_string(type) ? json_string_value(type)
                                                         : json_kind(type));
        if (view >= 0) {
            r = gltf_range(c, where, view, offset, count, size, true);
        } else if (count > c->total_bytes) {
            r = gltf_fail(c, "%s: %lld elements, more than the file's %lld bytes could describe",
                          where, count, c->total_bytes);
        }
        if (r != PV_OK)
            return r;
        const json_t *sparse = json_object_get(a, "sparse");
        if (!sparse)
            continue;
        char part[80];
        snprintf(part, sizeof(part), "%s.sparse", where);
        long long n;
        if (!json_is_object(sparse))
            return gltf_fail(c, "%s: expected an object, found %s", part, json_kind(sparse));
        r = gltf_int(c, sparse, part, "count", -1, 1, count, &n);
        for (int k = 0; k < 2 && r == PV_OK; k++) {
            const char *key = k ? "values" : "indices";
            const json_t *o = json_object_get(sparse, key);
            snprintf(part, sizeof(part), "%s.sparse.%s", where, key);
            if (!json_is_object(o))
                return gltf_fail(c, "%s: expected an object", part);
            long long sv, so, st = 0;
            r = gltf_index(c, o, part, "bufferView", "bufferViews", &sv);
            if (r == PV_OK && sv < 0)
                r = gltf_fail(c, "%s: has no bufferView", part);
            if (r == PV_OK)
                r = gltf_int(c, o, part, "byteOffset", 0, 0, (1LL << 53), &so);
            if (r == PV_OK && !k)
                r = gltf_int(c, o, part, "componentType", -1, 0, 99999, &st);
            if (r == PV_OK && !k && (st != 5121 && st != 5123 && st != 5125))
                r = gltf_fail(c, "%s.componentType: %lld is not an index type", part, st);
            if (r == PV_OK)
                r = gltf_range(c, part, sv, so, n, k ? size : component_size(st), false);
        }
        if (r != PV_OK)
            return r;
    }
    return PV_OK;
}

/* Indices between objects that Assimp follows without looking. */
static pv_result gltf_references(gltf_check *c)
{
    pv_result r = PV_OK;
    const json_t *meshes = json_object_get(c->root, "meshes");
    for (size_t i = 0; r == PV_OK && i < json_array_size(meshes); i++) {
        const json_t *prims = json_object_get(json_array_get(meshes, i), "primitives");
        for (size_t p = 0; r == PV_OK && p < json_array_size(prims); p++) {
            const json_t *prim = json_array_get(prims, p);
            char where[80];
            long long idx;
            snprintf(where, sizeof(where), "meshes[%zu].primitives[%zu]", i, p);
            r = gltf_index(c, prim, where, "indices", "accessors", &idx);
            if (r == PV_OK)
                r = gltf_index(c, prim, where, "material", "materials", &idx);
            const json_t *attrs = json_object_get(prim, "attributes");
            const char *key;
            const json_t *v;
            char at[120];
            snprintf(at, sizeof(at), "%s.attributes", where);
            json_object_foreach((json_t *)attrs, key, v)
            {
                if (r == PV_OK)
                    r = gltf_index(c, attrs, at, key, "accessors", &idx);
            }
        }
    }
    const json_t *textures = json_object_get(c->root, "textures");
    for (size_t i = 0; r == PV_OK && i < json_array_size(textures); i++) {
        char where[48];
        long long idx;
        snprintf(where, sizeof(where), "textures[%zu]", i);
        r = gltf_index(c, json_array_get(textures, i), where, "source", "images", &idx);
        if (r == PV_OK)
            r = gltf_index(c, json_array_get(textures, i), where, "sampler", "samplers", &idx);
    }
    const json_t *images = json_object_get(c->root, "images");
    for (size_t i = 0; r == PV_OK && i < json_array_size(images); i++) {
        const json_t *im = json_array_get(images, i);
        char where[48];
        long long idx;
        snprintf(where, sizeof(where), "images[%zu]", i);
        r = gltf_index(c, im, where, "bufferView", "bufferViews", &idx);
        const json_t *uri = json_object_get(im, "uri");
        if (r == PV_OK && uri && !json_is_string(uri))
            r = gltf_fail(c, "%s.uri: expected a string, found %s", where, json_kind(uri));
        if (r == PV_OK && !uri && idx < 0)
            r = gltf_fail(c, "%s: has neither a uri nor a bufferView", where);
    }
    return r;
}

/* KHR_texture_transform wherever it appears (material texture slots and extensions' own). */
static pv_result gltf_texture_transform(gltf_check *c, const json_t *t, const char *where)
{
    if (!json_is_object(t))
        return gltf_fail(c, "%s: expected an object, found %s", where, json_kind(t));
    static const char *pairs[] = {"offset", "scale"};
    for (int k = 0; k < 2; k++) {
        const json_t *v = json_object_get(t, pairs[k]);
        if (!v)
            continue;
        if (!json_is_array(v) || json_array_size(v) != 2)
            return gltf_fail(c, "%s.%s: expected an array of two numbers, found %s", where,
                             pairs[k], json_is_array(v) ? "another length" : json_kind(v));
        for (size_t e = 0; e < 2; e++)
            if (!json_is_number(json_array_get(v, e)))
                return gltf_fail(c, "%s.%s[%zu]: expected a number, found %s", where, pairs[k],
                                 e, json_kind(json_array_get(v, e)));
    }
    const json_t *rot = json_object_get(t, "rotation");
    if (rot && !json_is_number(rot))
        return gltf_fail(c, "%s.rotation: expected a number, found %s", where, json_kind(rot));
    const json_t *tc = json_object_get(t, "texCoord");
    if (tc && (!json_is_integer(tc) || json_integer_value(tc) < 0))
        return gltf_fail(c, "%s.texCoord: expected a non-negative integer, found %s", where,
                         json_kind(tc));
    return PV_OK;
}

/* Walks the materials' tree (without recursion on the C stack: jansson's own depth limit
 * applies to parsing, not to us) for "extensions" objects. */
static pv_result gltf_extensions(gltf_check *c)
{
    const json_t *materials = json_object_get(c->root, "materials");
    if (!materials)
        return PV_OK;
    if (!json_is_array(materials))
        return gltf_fail(c, "materials: expected an array, found %s", json_kind(materials));
    typedef struct { const json_t *v; char *where; } todo;
    size_t cap = 64, top = 0;
    todo *stack = pv_malloc(cap * sizeof(*stack));
    for (size_t i = 0; i < json_array_size(materials); i++) {
        if (top == cap)
            stack = pv_realloc(stack, (cap *= 2) * sizeof(*stack));
        stack[top++] = (todo){json_array_get(materials, i), pv_asprintf("materials[%zu]", i)};
    }
    pv_result r = PV_OK;
    while (top > 0) {
        todo t = stack[--top];
        if (r == PV_OK && json_is_object(t.v)) {
            const char *key;
            const json_t *v;
            json_object_foreach((json_t *)t.v, key, v)
            {
                size_t wn = strlen(t.where);
                if (strcmp(key, "KHR_texture_transform") == 0 && wn > 11 &&
                    strcmp(t.where + wn - 11, ".extensions") == 0) {
                    char *w = pv_asprintf("%s.%s", t.where, key);
                    r = gltf_texture_transform(c, v, w);
                    free(w);
                } else if (json_is_object(v) || json_is_array(v)) {
                    if (top == cap)
                        stack = pv_realloc(stack, (cap *= 2) * sizeof(*stack));
                    stack[top++] = (todo){v, pv_asprintf("%s.%s", t.where, key)};
                }
            }
        } else if (r == PV_OK && json_is_array(t.v)) {
            for (size_t i = 0; i < json_array_size(t.v); i++) {
                const json_t *v = json_array_get(t.v, i);
                if (!json_is_object(v) && !json_is_array(v))
                    continue;
                if (top == cap)
                    stack = pv_realloc(stack, (cap *= 2) * sizeof(*stack));
                stack[top++] = (todo){v, pv_asprintf("%s[%zu]", t.where, i)};
            }
        }
        free(t.where);
    }
    free(stack);
    return r;
}

/* The GLB container: *json and *json_n point into `bytes`. */
static pv_result glb_chunks(gltf_check *c, const uint8_t *bytes, size_t n, const char **json,
                            size_t *json_n)
{
    if (n < 12)
        return gltf_fail(c, "the GLB header needs 12 bytes, the file has %zu", n);
    if (le32(bytes) != GLB_MAGIC)
        return gltf_fail(c, "not a GLB file (it does not start with \"glTF\")");
    if (le32(bytes + 4) != 2)
        return gltf_fail(c, "GLB version %u: only version 2 is read", le32(bytes + 4));
    uint32_t length = le32(bytes + 8);
    if (length > n || length < 12)
        return gltf_fail(c, "the GLB header declares %u bytes, the file has %zu", length, n);
    n = length; /* bytes after the declared length are not part of the model */
    size_t at = 12;
    int chunk = 0;
    while (at < n) {
        if (n - at < 8)
            return gltf_fail(c, "GLB chunk %d: its 8-byte header is cut off at byte %zu", chunk,
                             at);
        uint32_t clen = le32(bytes + at), ctype = le32(bytes + at + 4);
        if (clen > n - at - 8)
            return gltf_fail(c, "GLB chunk %d declares %u bytes, only %zu remain in the file",
                             chunk, clen, n - at - 8);
        if (clen % 4)
            return gltf_fail(c, "GLB chunk %d: length %u is not a multiple of 4", chunk, clen);
        if (chunk == 0) {
            if (ctype != GLB_CHUNK_JSON)
                return gltf_fail(c, "the first GLB chunk is not JSON");
            if (clen == 0)
                return gltf_fail(c, "the GLB's JSON chunk is empty");
            *json = (const char *)bytes + at + 8;
            *json_n = clen;
        } else if (ctype == GLB_CHUNK_JSON) {
            return gltf_fail(c, "GLB chunk %d: a second JSON chunk", chunk);
        } else if (ctype == GLB_CHUNK_BIN) {
            if (chunk != 1)
                return gltf_fail(c, "GLB chunk %d: a BIN chunk must come right after the JSON",
                                 chunk);
            c->bin_size = clen;
        }
        at += 8 + (size_t)clen;
        chunk++;
    }
    if (chunk == 0)
        return gltf_fail(c, "the GLB has no JSON chunk");
    return PV_OK;
}

pv_result model_gltf_validate(const uint8_t *bytes, size_t n, const char *dir,
                              const char *root_real, const char *display, char *why,
                              size_t why_n)
{
    gltf_check c = {.display = display, .dir = dir, .root_real = root_real, .why = why,
                    .why_n = why_n, .bin_size = -1, .total_bytes = (long long)n};
    const char *text = (const char *)bytes;
    size_t text_n = n;
    json_t *root = NULL;
    pv_result r = PV_OK;
    size_t dn = strlen(display);
    bool glb_name = dn > 4 && strcasecmp(display + dn - 4, ".glb") == 0;
    if (glb_name || (n >= 4 && le32(bytes) == GLB_MAGIC)) {
        r = glb_chunks(&c, bytes, n, &text, &text_n);
        if (r != PV_OK)
            goto done;
    }
    json_error_t err;
    root = json_loadb(text, text_n, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        r = gltf_fail(&c, "the glTF JSON does not parse: %s (line %d, column %d)", err.text,
                      err.line, err.column);
        goto done;
    }
    c.root = root;
    if (!json_is_object(root)) {
        r = gltf_fail(&c, "the glTF JSON is %s, not an object", json_kind(root));
        goto done;
    }
    if (!json_is_object(json_object_get(root, "asset"))) {
        r = gltf_fail(&c, "has no \"asset\" object: not a glTF file");
        goto done;
    }
    /* glTF 1.0 keeps its objects in dictionaries: Assimp's glTF 1 reader is on its own. */
    const json_t *version = json_object_get(json_object_get(root, "asset"), "version");
    if (json_is_string(version) && json_string_value(version)[0] == '1')
        goto done;
    r = gltf_buffers(&c);
    if (r == PV_OK)
        r = gltf_buffer_views(&c);
    if (r == PV_OK)
        r = gltf_accessors(&c);
    if (r == PV_OK)
        r = gltf_references(&c);
    if (r == PV_OK)
        r = gltf_extensions(&c);
done:
    json_decref(root);
    free(c.buffer_length);
    return r;
}
