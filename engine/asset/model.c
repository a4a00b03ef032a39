/* asset/model: booth models imported through Assimp's C API into plain CPU
 * data. One import: Assimp parses and post-processes the file (triangulate,
 * smooth normals where missing, tangents, shared vertices, cache order, one
 * primitive type per mesh, validation), then this file copies what the renderer
 * needs into asset_model, cleaning as it goes: triangles touching NaN/infinite
 * positions are dropped, broken normals and tangents are rebuilt, point and
 * line meshes are skipped, textures are decoded (embedded ones from memory with
 * stb_image, external ones with asset_image_load) or replaced by a placeholder.
 * Large models also get a proxy (vertex clustering, at the end of this file).
 * Threads: see model.h. The only shared state is the lock around Assimp's
 * import call. */
#include "asset/model.h"

#include <assimp/GltfMaterial.h>
#include <assimp/cimport.h>
#include <assimp/config.h>
#include <assimp/material.h>
#include <assimp/metadata.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <stb/stb_image.h>

#include <dirent.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

_Static_assert(sizeof(ai_real) == sizeof(float), "Assimp built with double precision");

#define MODEL_MAX_NODES_DEFAULT 100000
#define MODEL_MAX_TEXTURE_SIDE 16384
/* Normals are generated only for meshes without any; edges sharper than this
 * stay hard, which suits the boxy geometry of booths exported from CAD tools
 * (STL, bare OBJ). */
#define MODEL_SMOOTHING_ANGLE 45.0f

static const unsigned MODEL_IMPORT_FLAGS =
    aiProcess_Triangulate | aiProcess_GenSmoothNormals | aiProcess_CalcTangentSpace |
    aiProcess_JoinIdenticalVertices | aiProcess_ImproveCacheLocality | aiProcess_SortByPType |
    aiProcess_ValidateDataStructure |
    /* Assimp's UVs have v = 0 at the bottom of the image (GL style); ours have
     * v = 0 at the top row, as the decoded image is uploaded rows-top-down (and
     * as glTF writes them). */
    aiProcess_FlipUVs;

/* aiImportFile* reports failure through a process-wide string
 * (aiGetErrorString), so two imports on two threads must not overlap between
 * the call and reading that string. */
static pthread_mutex_t s_import_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- small maths (column-major 4x4, like GL and cglm) ---- */

static void mat_identity(float m[16])
{
    memset(m, 0, 16 * sizeof(float));
    m[0] = m[5] = m[10] = m[15] = 1.0f;
}

static void mat_mul(float out[16], const float a[16], const float b[16])
{
    float r[16];
    for (int c = 0; c < 4; c++)
        for (int row = 0; row < 4; row++) {
            float s = 0.0f;
            for (int k = 0; k < 4; k++)
                s += a[k * 4 + row] * b[c * 4 + k];
            r[c * 4 + row] = s;
        }
    memcpy(out, r, sizeof(r));
}

static void mat_point(const float m[16], const float p[3], float out[3])
{
    for (int r = 0; r < 3; r++)
        out[r] = m[r] * p[0] + m[4 + r] * p[1] + m[8 + r] * p[2] + m[12 + r];
}

/* Assimp matrices are row-major (a1 a2 a3 a4 is the first row). */
static void mat_from_ai(const struct aiMatrix4x4 *a, float m[16])
{
    const float *rows = &a->a1;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            m[c * 4 + r] = rows[r * 4 + c];
}

static void mat_rotation(int axis, float degrees, float m[16])
{
    mat_identity(m);
    float c = cosf((float)PV_DEG2RAD(degrees)), s = sinf((float)PV_DEG2RAD(degrees));
    int i = (axis + 1) % 3, j = (axis + 2) % 3; /* the plane rotated: i -> j */
    m[i * 4 + i] = c;
    m[i * 4 + j] = s;
    m[j * 4 + i] = -s;
    m[j * 4 + j] = c;
}

static void box_empty(float mn[3], float mx[3])
{
    for (int k = 0; k < 3; k++) {
        mn[k] = FLT_MAX;
        mx[k] = -FLT_MAX;
    }
}

static bool box_is_empty(const float mn[3], const float mx[3])
{
    return mn[0] > mx[0] || mn[1] > mx[1] || mn[2] > mx[2];
}

static void box_add_point(float mn[3], float mx[3], const float p[3])
{
    for (int k = 0; k < 3; k++) {
        if (p[k] < mn[k])
            mn[k] = p[k];
        if (p[k] > mx[k])
            mx[k] = p[k];
    }
}

static void box_add_box(float mn[3], float mx[3], const float bmn[3], const float bmx[3])
{
    if (box_is_empty(bmn, bmx))
        return;
    box_add_point(mn, mx, bmn);
    box_add_point(mn, mx, bmx);
}

static bool finite3(const float *v)
{
    return isfinite(v[0]) && isfinite(v[1]) && isfinite(v[2]);
}

static void cross3(const float a[3], const float b[3], float out[3])
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

static float dot3(const float a[3], const float b[3])
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static bool normalize3(float v[3])
{
    float len = sqrtf(dot3(v, v));
    if (!(len > 1e-20f) || !isfinite(len))
        return false;
    v[0] /= len;
    v[1] /= len;
    v[2] /= len;
    return true;
}

/* ---- the import context ---- */

typedef struct model_build {
    const char *path;    /* as given */
    const char *display; /* as shown in messages */
    char *dir;           /* the model's folder, for external textures */
    const struct aiScene *scene;
    asset_model *model;
    pv_diags *diags;
    int texture_capacity;
    /* counts for one warning each */
    size_t dropped_nonfinite, dropped_bad_index, fixed_normals, fixed_tangents;
    int skipped_meshes, skipped_faces;
} model_build;

static void model_warn(model_build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void model_warn(model_build *b, const char *fmt, ...)
{
    if (!b->diags)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pv_diags_add(b->diags, PV_SEV_WARNING, b->display, 0, 0, "%s", msg);
}

/* ---- textures ---- */

static void texture_placeholder(asset_image *img)
{
    /* 2x2 magenta/black checker: impossible to mistake for real content. */
    static const uint8_t px[16] = {255, 0, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 0, 255, 255};
    memset(img, 0, sizeof(*img));
    img->width = img->height = 2;
    img->pixels = pv_malloc(sizeof(px));
    memcpy(img->pixels, px, sizeof(px));
}

static bool texture_size_ok(int w, int h, char *why, size_t why_n)
{
    if (w <= 0 || h <= 0 || w > MODEL_MAX_TEXTURE_SIDE || h > MODEL_MAX_TEXTURE_SIDE) {
        snprintf(why, why_n, "%dx%d is larger than %dx%d", w, h, MODEL_MAX_TEXTURE_SIDE,
                 MODEL_MAX_TEXTURE_SIDE);
        return false;
    }
    return true;
}

/* stb's buffer is a malloc'd block: asset_image_free hands it back to free().
 */
static bool texture_from_stb(stbi_uc *px, int w, int h, asset_image *img, char *why, size_t why_n)
{
    if (!px) {
        snprintf(why, why_n, "%s", stbi_failure_reason() ? stbi_failure_reason() : "unknown");
        return false;
    }
    memset(img, 0, sizeof(*img));
    img->width = w;
    img->height = h;
    img->pixels = px;
    return true;
}

static bool texture_decode_embedded(const struct aiTexture *t, asset_image *img, char *why,
                                    size_t why_n)
{
    if (!t->pcData || t->mWidth == 0) {
        snprintf(why, why_n, "the embedded image is empty");
        return false;
    }
    if (t->mHeight == 0) {
        /* Compressed file bytes (PNG, JPEG...); mWidth is their size. */
        if (t->mWidth > INT32_MAX) {
            snprintf(why, why_n, "the embedded image is too large");
            return false;
        }
        const stbi_uc *bytes = (const stbi_uc *)t->pcData;
        int w, h, comp;
        if (!stbi_info_from_memory(bytes, (int)t->mWidth, &w, &h, &comp)) {
            snprintf(why, why_n, "not a decodable image (%s)", stbi_failure_reason());
            return false;
        }
        if (!texture_size_ok(w, h, why, why_n))
            return false;
        stbi_uc *px = stbi_load_from_memory(bytes, (int)t->mWidth, &w, &h, &comp, 4);
        return texture_from_stb(px, w, h, img, why, why_n);
    }
    /* Raw texels, BGRA in aiTexel order. */
    if (t->mWidth > MODEL_MAX_TEXTURE_SIDE || t->mHeight > MODEL_MAX_TEXTURE_SIDE) {
        snprintf(why, why_n, "%ux%u is larger than %dx%d", t->mWidth, t->mHeight,
                 MODEL_MAX_TEXTURE_SIDE, MODEL_MAX_TEXTURE_SIDE);
        return false;
    }
    size_t n = (size_t)t->mWidth * t->mHeight;
    memset(img, 0, sizeof(*img));
    img->width = (int)t->mWidth;
    img->height = (int)t->mHeight;
    img->pixels = pv_malloc(n * 4);
    for (size_t i = 0; i < n; i++) {
        img->pixels[i * 4 + 0] = t->pcData[i].r;
        img->pixels[i * 4 + 1] = t->pcData[i].g;
        img->pixels[i * 4 + 2] = t->pcData[i].b;
        img->pixels[i * 4 + 3] = t->pcData[i].a;
    }
    return true;
}

static const char *path_base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Texture paths written on Windows use backslashes; ours do not. */
static char *path_unwindows(const char *p)
{
    char *s = pv_strdup(p);
    for (char *c = s; *c; c++)
        if (*c == '\\')
            *c = '/';
    return s;
}

static const struct aiTexture *texture_find_embedded(const struct aiScene *scene, const char *name)
{
    if (name[0] == '*') {
        char *end;
        errno = 0;
        long i = strtol(name + 1, &end, 10);
        if (errno || end == name + 1 || *end || i < 0 || i >= (long)scene->mNumTextures)
            return NULL;
        return scene->mTextures[i];
    }
    /* FBX and others refer to embedded files by their original name. */
    char *want = path_unwindows(name);
    const struct aiTexture *found = NULL;
    for (unsigned i = 0; i < scene->mNumTextures && !found; i++) {
        const struct aiTexture *t = scene->mTextures[i];
        if (!t || !t->mFilename.length)
            continue;
        char *have = path_unwindows(t->mFilename.data);
        if (strcmp(have, want) == 0 || strcmp(path_base(have), path_base(want)) == 0)
            found = t;
        free(have);
    }
    free(want);
    return found;
}

/* The file in `dir` whose name matches `name` ignoring case (3DS and other
 * DOS-era formats write "IMAGE1.JPG" for image1.jpg), or NULL. Caller frees. */
static char *path_find_nocase(const char *dir, const char *name)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return NULL;
    char *found = NULL;
    struct dirent *e;
    while (!found && (e = readdir(dh)) != NULL)
        if (strcasecmp(e->d_name, name) == 0)
            found = pv_path_join(dir, e->d_name);
    closedir(dh);
    if (found && !pv_file_exists(found))
        pv_free(&found);
    return found;
}

static bool texture_decode_file(const char *file, asset_image *img, char *why, size_t why_n)
{
    asset_image_kind kind;
    int w, h;
    char probe_why[256];
    if (asset_image_probe(file, &kind, &w, &h, probe_why, sizeof(probe_why)) == PV_OK) {
        if (!texture_size_ok(w, h, why, why_n))
            return false;
        char load_why[256];
        if (asset_image_load(file, 1, img, load_why, sizeof(load_why)) != PV_OK) {
            snprintf(why, why_n, "%s", load_why);
            return false;
        }
        return true;
    }
    /* Not JPEG or PNG: content teams also export TGA and BMP, which stb_image
     * reads. */
    int comp;
    if (!stbi_info(file, &w, &h, &comp)) {
        snprintf(why, why_n, "%s", probe_why);
        return false;
    }
    if (!texture_size_ok(w, h, why, why_n))
        return false;
    stbi_uc *px = stbi_load(file, &w, &h, &comp, 4);
    return texture_from_stb(px, w, h, img, why, why_n);
}

/* Index of the texture named `name` (as written in the material), loading it
 * the first time. Never fails: an unreadable texture becomes a placeholder and
 * a warning. */
static int model_texture(model_build *b, const char *name)
{
    asset_model *m = b->model;
    for (int i = 0; i < m->texture_count; i++)
        if (strcmp(m->textures[i].name, name) == 0)
            return i;
    if (m->texture_count == b->texture_capacity) {
        b->texture_capacity = b->texture_capacity ? b->texture_capacity * 2 : 8;
        m->textures = pv_realloc(m->textures, sizeof(*m->textures) * (size_t)b->texture_capacity);
    }
    asset_texture *t = &m->textures[m->texture_count++];
    memset(t, 0, sizeof(*t));
    t->name = pv_strdup(name);

    char why[512] = "";
    bool ok = false;
    const struct aiTexture *emb = texture_find_embedded(b->scene, name);
    if (emb) {
        ok = texture_decode_embedded(emb, &t->image, why, sizeof(why));
    } else if (name[0] == '*') {
        snprintf(why, sizeof(why), "the model has no embedded image %s", name);
    } else {
        char *rel = path_unwindows(name);
        bool absolute = rel[0] == '/' || (rel[0] && rel[1] == ':');
        char *file = absolute ? pv_strdup(rel) : pv_path_join(b->dir, rel);
        /* Paths often point into the author's machine ("C:/Users/.../wood.jpg") or
         * a folder that was not shipped: the image beside the model is the one
         * meant. */
        if (!pv_file_exists(file)) {
            char *beside = pv_path_join(b->dir, path_base(rel));
            if (!pv_file_exists(beside)) {
                char *other = path_find_nocase(b->dir, path_base(rel));
                if (other) {
                    free(beside);
                    beside = other;
                }
            }
            if (pv_file_exists(beside)) {
                free(file);
                file = beside;
            } else {
                bool elsewhere = strcmp(path_base(rel), rel) != 0;
                snprintf(why, sizeof(why), "not found at %s%s%s", pv_path_display(file),
                         elsewhere ? " nor beside the model as " : "",
                         elsewhere ? path_base(rel) : "");
                free(beside);
            }
        }
        if (pv_file_exists(file))
            ok = texture_decode_file(file, &t->image, why, sizeof(why));
        free(file);
        free(rel);
    }
    if (!ok) {
        asset_image_free(&t->image);
        texture_placeholder(&t->image);
        t->missing = true;
        model_warn(b,
                   "texture \"%s\" cannot be used (%s); drawn as a magenta/black "
                   "placeholder until the file is fixed",
                   name, why);
    }
    return m->texture_count - 1;
}

/* ---- materials ---- */

static bool mat_texture_path(const struct aiMaterial *am, enum aiTextureType type,
                             struct aiString *path)
{
    return aiGetMaterialString(am, _AI_MATKEY_TEXTURE_BASE, type, 0, path) == aiReturn_SUCCESS &&
           path->length > 0;
}

static int mat_texture(model_build *b, const struct aiMaterial *am, enum aiTextureType type)
{
    struct aiString path;
    return mat_texture_path(am, type, &path) ? model_texture(b, path.data) : -1;
}

static bool mat_float(const struct aiMaterial *am, const char *key, float *out)
{
    ai_real v;
    unsigned n = 1;
    if (aiGetMaterialFloatArray(am, key, 0, 0, &v, &n) != aiReturn_SUCCESS || n < 1 || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static bool mat_color(const struct aiMaterial *am, const char *key, float out[4])
{
    struct aiColor4D c;
    if (aiGetMaterialColor(am, key, 0, 0, &c) != aiReturn_SUCCESS)
        return false;
    float v[4] = {c.r, c.g, c.b, c.a};
    for (int k = 0; k < 4; k++)
        if (!isfinite(v[k]))
            return false;
    memcpy(out, v, sizeof(v));
    return true;
}

static void model_material(model_build *b, const struct aiMaterial *am, asset_material *out)
{
    memset(out, 0, sizeof(*out));
    out->base_color[0] = out->base_color[1] = out->base_color[2] = out->base_color[3] = 1.0f;
    out->metallic = 1.0f;
    out->roughness = 1.0f;
    out->alpha_mode = ASSET_ALPHA_OPAQUE;
    out->alpha_cutoff = 0.5f;
    out->tex_base_color = out->tex_metal_rough = out->tex_normal = out->tex_occlusion =
        out->tex_emissive = -1;

    struct aiString s;
    out->name =
        pv_strdup(aiGetMaterialString(am, "?mat.name", 0, 0, &s) == aiReturn_SUCCESS ? s.data : "");
    /* glTF materials carry an alpha mode; their factors are used as they are. */
    struct aiString alpha;
    bool gltf = aiGetMaterialString(am, "$mat.gltf.alphaMode", 0, 0, &alpha) == aiReturn_SUCCESS;

    float c[4];
    if (mat_color(am, "$clr.base", c)) {
        memcpy(out->base_color, c, sizeof(c));
    } else if (mat_color(am, "$clr.diffuse", c)) {
        memcpy(out->base_color, c, 3 * sizeof(float));
    }
    if (mat_color(am, "$clr.emissive", c)) {
        float intensity = 1.0f;
        mat_float(am, "$mat.emissiveIntensity", &intensity);
        for (int k = 0; k < 3; k++)
            out->emissive[k] = c[k] * intensity;
    }

    float f;
    if (gltf) {
        if (mat_float(am, "$mat.metallicFactor", &f))
            out->metallic = f;
        if (mat_float(am, "$mat.roughnessFactor", &f))
            out->roughness = f;
        if (strcmp(alpha.data, "MASK") == 0)
            out->alpha_mode = ASSET_ALPHA_MASK;
        else if (strcmp(alpha.data, "BLEND") == 0)
            out->alpha_mode = ASSET_ALPHA_BLEND;
        if (mat_float(am, "$mat.gltf.alphaCutoff", &f))
            out->alpha_cutoff = f;
    } else {
        /* Phong-era formats: dielectric, roughness from the specular highlight's
         * size (the usual Blinn-Phong exponent to GGX mapping); no highlight at all
         * is fully rough. */
        out->metallic = mat_float(am, "$mat.metallicFactor", &f) ? f : 0.0f;
        float shininess = 0.0f, strength = 1.0f, spec[4] = {1, 1, 1, 1};
        bool has_spec = mat_color(am, "$clr.specular", spec);
        mat_float(am, "$mat.shinpercent", &strength);
        if (mat_float(am, "$mat.roughnessFactor", &f)) {
            out->roughness = f;
        } else if (mat_float(am, "$mat.glossinessFactor", &f)) {
            out->roughness = 1.0f - f;
        } else if (mat_float(am, "$mat.shininess", &shininess) && shininess > 0.0f &&
                   strength > 0.0f && (!has_spec || spec[0] + spec[1] + spec[2] > 0.0f)) {
            out->roughness = sqrtf(2.0f / (shininess + 2.0f));
        }
        float opacity;
        if (mat_float(am, "$mat.opacity", &opacity) && opacity < 1.0f) {
            if (opacity <= 0.0f) {
                /* Some exporters write 0 for "not set"; invisible booth parts help no
                 * one. */
                model_warn(b, "material \"%s\" has opacity 0 (invisible): drawn opaque", out->name);
            } else {
                out->base_color[3] = opacity;
                out->alpha_mode = ASSET_ALPHA_BLEND;
            }
        }
    }
    out->metallic = pv_clampf(out->metallic, 0.0f, 1.0f);
    out->roughness = pv_clampf(out->roughness, 0.0f, 1.0f);
    out->alpha_cutoff = pv_clampf(out->alpha_cutoff, 0.0f, 1.0f);

    int twosided = 0;
    unsigned n = 1;
    if (aiGetMaterialIntegerArray(am, "$mat.twosided", 0, 0, &twosided, &n) == aiReturn_SUCCESS)
        out->double_sided = twosided != 0;

    /* Texture slots: glTF's through Assimp's glTF importer, then the older
     * equivalents. */
    out->tex_base_color = mat_texture(b, am, aiTextureType_BASE_COLOR);
    if (out->tex_base_color < 0)
        out->tex_base_color = mat_texture(b, am, aiTextureType_DIFFUSE);
    out->tex_normal = mat_texture(b, am, aiTextureType_NORMALS);
    if (out->tex_normal < 0)
        out->tex_normal = mat_texture(b, am, aiTextureType_NORMAL_CAMERA);
    out->tex_emissive = mat_texture(b, am, aiTextureType_EMISSIVE);
    if (out->tex_emissive < 0)
        out->tex_emissive = mat_texture(b, am, aiTextureType_EMISSION_COLOR);
    out->tex_occlusion = mat_texture(b, am, aiTextureType_AMBIENT_OCCLUSION);
    if (out->tex_occlusion < 0 && gltf) /* Assimp's glTF importer files occlusion here */
        out->tex_occlusion = mat_texture(b, am, aiTextureType_LIGHTMAP);
    /* A packed glTF metallic-roughness image: Assimp lists it as "unknown" (and
     * as metalness and roughness); separate metalness and roughness images are
     * not combined (yet). */
    struct aiString metal, rough;
    bool has_metal = mat_texture_path(am, aiTextureType_METALNESS, &metal);
    bool has_rough = mat_texture_path(am, aiTextureType_DIFFUSE_ROUGHNESS, &rough);
    if (gltf)
        out->tex_metal_rough = mat_texture(b, am, aiTextureType_UNKNOWN);
    if (out->tex_metal_rough < 0 && has_metal && has_rough && strcmp(metal.data, rough.data) == 0)
        out->tex_metal_rough = model_texture(b, metal.data);
}

/* ---- meshes ---- */

/* Rebuilds unusable normals from the faces around each vertex. */
static size_t mesh_fix_normals(asset_mesh *me, const bool *bad)
{
    size_t fixed = 0;
    float *acc = pv_calloc((size_t)me->vertex_count * 3, sizeof(float));
    for (int t = 0; t + 2 < me->index_count; t += 3) {
        const uint32_t *tri = &me->indices[t];
        if (!bad[tri[0]] && !bad[tri[1]] && !bad[tri[2]])
            continue;
        const float *p0 = &me->positions[tri[0] * 3], *p1 = &me->positions[tri[1] * 3],
                    *p2 = &me->positions[tri[2] * 3];
        float e1[3] = {p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
        float e2[3] = {p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]};
        float n[3];
        cross3(e1, e2, n); /* area-weighted */
        for (int k = 0; k < 3; k++)
            for (int c = 0; c < 3; c++)
                acc[tri[k] * 3 + c] += n[c];
    }
    for (int v = 0; v < me->vertex_count; v++) {
        if (!bad[v])
            continue;
        float *n = &me->normals[v * 3];
        memcpy(n, &acc[v * 3], 3 * sizeof(float));
        if (!normalize3(n)) {
            n[0] = 0.0f;
            n[1] = 1.0f;
            n[2] = 0.0f;
        }
        fixed++;
    }
    free(acc);
    return fixed;
}

static void tangent_fallback(const float n[3], float t[4])
{
    float up[3] = {0, 1, 0}, x[3] = {1, 0, 0};
    cross3(fabsf(n[1]) < 0.99f ? up : x, n, t);
    if (!normalize3(t)) {
        t[0] = 1.0f;
        t[1] = t[2] = 0.0f;
    }
    t[3] = 1.0f;
}

/* Copies one triangle mesh. Returns false (and counts why) when nothing
 * drawable is left. */
static bool model_mesh(model_build *b, const struct aiMesh *am, asset_mesh *out)
{
    memset(out, 0, sizeof(*out));
    if (!(am->mPrimitiveTypes & aiPrimitiveType_TRIANGLE) || !am->mVertices || !am->mFaces ||
        am->mNumVertices == 0) {
        b->skipped_meshes++;
        return false;
    }
    if (am->mNumFaces > (unsigned)(INT32_MAX / 3) || am->mNumVertices > (unsigned)INT32_MAX) {
        model_warn(b, "mesh \"%s\" has %u faces, more than can be drawn at once: skipped",
                   am->mName.data, am->mNumFaces);
        b->skipped_meshes++;
        return false;
    }
    unsigned nv = am->mNumVertices;
    const float *pos = &am->mVertices[0].x;

    /* Keep the triangles whose three vertices exist and are finite. */
    uint32_t *idx = pv_malloc(sizeof(uint32_t) * (size_t)am->mNumFaces * 3);
    size_t ni = 0;
    for (unsigned f = 0; f < am->mNumFaces; f++) {
        const struct aiFace *face = &am->mFaces[f];
        if (face->mNumIndices != 3 || !face->mIndices) {
            b->skipped_faces++;
            continue;
        }
        const unsigned *fi = face->mIndices;
        if (fi[0] >= nv || fi[1] >= nv || fi[2] >= nv) {
            b->dropped_bad_index++;
            continue;
        }
        if (!finite3(&pos[fi[0] * 3]) || !finite3(&pos[fi[1] * 3]) || !finite3(&pos[fi[2] * 3])) {
            b->dropped_nonfinite++;
            continue;
        }
        idx[ni++] = fi[0];
        idx[ni++] = fi[1];
        idx[ni++] = fi[2];
    }
    if (ni == 0) {
        free(idx);
        return false;
    }

    /* Keep only the vertices those triangles use, in their order. */
    int32_t *remap = pv_malloc(sizeof(int32_t) * nv);
    for (unsigned v = 0; v < nv; v++)
        remap[v] = -1;
    int count = 0;
    for (size_t i = 0; i < ni; i++)
        if (remap[idx[i]] < 0)
            remap[idx[i]] = count++;
    uint32_t *from = pv_malloc(sizeof(uint32_t) * (size_t)count);
    for (unsigned v = 0; v < nv; v++)
        if (remap[v] >= 0)
            from[remap[v]] = v;
    for (size_t i = 0; i < ni; i++)
        idx[i] = (uint32_t)remap[idx[i]];
    free(remap);

    out->vertex_count = count;
    out->index_count = (int)ni;
    out->indices = idx;
    out->material = (int)am->mMaterialIndex;
    out->positions = pv_malloc(sizeof(float) * 3 * (size_t)count);
    out->normals = pv_malloc(sizeof(float) * 3 * (size_t)count);
    const struct aiVector3D *uv = am->mTextureCoords[0];
    if (uv)
        out->uvs = pv_malloc(sizeof(float) * 2 * (size_t)count);
    bool tangents = uv && am->mTangents && am->mBitangents && am->mNormals;
    if (tangents)
        out->tangents = pv_malloc(sizeof(float) * 4 * (size_t)count);

    bool *bad_normal = pv_calloc((size_t)count, sizeof(bool));
    bool any_bad_normal = false;
    box_empty(out->bounds_min, out->bounds_max);
    for (int v = 0; v < count; v++) {
        uint32_t s = from[v];
        float *p = &out->positions[v * 3];
        memcpy(p, &pos[s * 3], 3 * sizeof(float));
        box_add_point(out->bounds_min, out->bounds_max, p);

        float *n = &out->normals[v * 3];
        if (am->mNormals) {
            n[0] = am->mNormals[s].x;
            n[1] = am->mNormals[s].y;
            n[2] = am->mNormals[s].z;
        }
        if (!am->mNormals || !finite3(n) || !normalize3(n)) {
            bad_normal[v] = true;
            any_bad_normal = true;
        }
        if (uv) {
            float u0 = uv[s].x, v0 = uv[s].y;
            out->uvs[v * 2 + 0] = isfinite(u0) ? u0 : 0.0f;
            out->uvs[v * 2 + 1] = isfinite(v0) ? v0 : 0.0f;
        }
    }
    if (any_bad_normal)
        b->fixed_normals += mesh_fix_normals(out, bad_normal);
    if (tangents) {
        for (int v = 0; v < count; v++) {
            uint32_t s = from[v];
            float *t = &out->tangents[v * 4];
            const float *n = &out->normals[v * 3];
            float bt[3] = {am->mBitangents[s].x, am->mBitangents[s].y, am->mBitangents[s].z};
            t[0] = am->mTangents[s].x;
            t[1] = am->mTangents[s].y;
            t[2] = am->mTangents[s].z;
            if (bad_normal[v] || !finite3(t) || !finite3(bt) || !normalize3(t)) {
                tangent_fallback(n, t);
                b->fixed_tangents++;
                continue;
            }
            /* w: which way the bitangent points, so the shader can rebuild it. */
            float c[3];
            cross3(n, t, c);
            t[3] = dot3(c, bt) < 0.0f ? -1.0f : 1.0f;
        }
    }
    free(bad_normal);
    free(from);
    return true;
}

static void mesh_free(asset_mesh *me)
{
    free(me->positions);
    free(me->normals);
    free(me->uvs);
    free(me->tangents);
    free(me->indices);
}

/* ---- nodes ---- */

/* Counts nodes without recursion (a hostile file may nest deeply), stopping
 * past `limit`. */
static int node_count(const struct aiNode *root, int limit)
{
    int count = 0, top = 0, cap = 64;
    const struct aiNode **stack = pv_malloc(sizeof(*stack) * (size_t)cap);
    stack[top++] = root;
    while (top > 0 && count <= limit) {
        const struct aiNode *n = stack[--top];
        count++;
        for (unsigned i = 0; i < n->mNumChildren; i++) {
            if (!n->mChildren || !n->mChildren[i])
                continue;
            if (top == cap) {
                cap *= 2;
                stack = pv_realloc(stack, sizeof(*stack) * (size_t)cap);
            }
            stack[top++] = n->mChildren[i];
        }
    }
    free(stack);
    return count;
}

typedef struct node_todo {
    const struct aiNode *node;
    int parent;
} node_todo;

/* Flattens the tree depth-first, parents before children, children in file
 * order. */
static void model_nodes(model_build *b, int count, const int *mesh_map, const float root_fix[16])
{
    asset_model *m = b->model;
    m->nodes = pv_calloc((size_t)count, sizeof(*m->nodes));
    node_todo *stack = pv_malloc(sizeof(*stack) * (size_t)count);
    int top = 0;
    stack[top++] = (node_todo){b->scene->mRootNode, -1};
    while (top > 0 && m->node_count < count) {
        node_todo todo = stack[--top];
        const struct aiNode *an = todo.node;
        int index = m->node_count++;
        asset_node *n = &m->nodes[index];
        n->name = pv_strdup(an->mName.data);
        n->parent = todo.parent;
        mat_from_ai(&an->mTransformation, n->local);
        mat_mul(n->world, todo.parent < 0 ? root_fix : m->nodes[todo.parent].world, n->local);
        box_empty(n->bounds_min, n->bounds_max);
        if (an->mNumMeshes && an->mMeshes) {
            n->meshes = pv_malloc(sizeof(int) * an->mNumMeshes);
            for (unsigned i = 0; i < an->mNumMeshes; i++) {
                unsigned s = an->mMeshes[i];
                if (s < b->scene->mNumMeshes && mesh_map[s] >= 0)
                    n->meshes[n->mesh_count++] = mesh_map[s];
            }
        }
        for (unsigned i = an->mNumChildren; i-- > 0;)
            if (an->mChildren && an->mChildren[i] && top < count)
                stack[top++] = (node_todo){an->mChildren[i], index};
    }
    free(stack);
}

/* World boxes: each node's own meshes (every vertex transformed, so rotated
 * parts stay tight), then folded into the parents, children first. */
static void model_bounds(asset_model *m)
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

/* ---- the place's correction: file axes and units, then the desc's scale and
 * rotation ---- */

static bool meta_number(const struct aiScene *scene, const char *key, double *out)
{
    const struct aiMetadata *md = scene->mMetaData;
    if (!md || !md->mKeys || !md->mValues)
        return false;
    for (unsigned i = 0; i < md->mNumProperties; i++) {
        if (strcmp(md->mKeys[i].data, key) != 0 || !md->mValues[i].mData)
            continue;
        const void *d = md->mValues[i].mData;
        switch (md->mValues[i].mType) {
        case AI_INT32: *out = *(const int32_t *)d; return true;
        case AI_UINT64: *out = (double)*(const uint64_t *)d; return true;
        case AI_FLOAT: *out = *(const float *)d; return true;
        case AI_DOUBLE: *out = *(const double *)d; return true;
        default: return false;
        }
    }
    return false;
}

static void model_correction(model_build *b, const asset_model_desc *d, float fix[16])
{
    /* Up axis (FBX writes it; Assimp turns Collada and 3DS Y-up itself): a
     * rotation taking the file's up direction to +Y. */
    float axis[16];
    mat_identity(axis);
    double up = 1, sign = 1;
    if (meta_number(b->scene, "UpAxis", &up)) {
        meta_number(b->scene, "UpAxisSign", &sign);
        int u = (int)up;
        bool neg = sign < 0;
        if (u == 2)
            mat_rotation(0, neg ? 90.0f : -90.0f, axis); /* +Z up: (x, y, z) -> (x, z, -y) */
        else if (u == 0)
            mat_rotation(2, neg ? -90.0f : 90.0f, axis); /* +X up: (x, y, z) -> (-y, x, z) */
        else if (u == 1 && neg)
            mat_rotation(0, 180.0f, axis);
        else if (u != 1)
            model_warn(b, "unknown up axis %d in the file's settings: taken as +Y", u);
    }
    /* FBX units: UnitScaleFactor is centimetres per file unit. */
    double unit = 100.0, s = 1.0;
    if (meta_number(b->scene, "UnitScaleFactor", &unit) && isfinite(unit) && unit > 0.0)
        s = unit / 100.0;
    float user = d->scale > 0.0f && isfinite(d->scale) ? d->scale : 1.0f;
    s *= user;

    float scale[16];
    mat_identity(scale);
    scale[0] = scale[5] = scale[10] = (float)s;
    float rx[16], ry[16], rz[16];
    mat_rotation(0, d->rotate[0], rx);
    mat_rotation(1, d->rotate[1], ry);
    mat_rotation(2, d->rotate[2], rz);
    /* fix = Rz * Ry * Rx * scale * axis */
    mat_mul(fix, scale, axis);
    mat_mul(fix, rx, fix);
    mat_mul(fix, ry, fix);
    mat_mul(fix, rz, fix);
}

/* ---- loading ---- */

static void model_report(model_build *b)
{
    if (b->dropped_nonfinite)
        model_warn(b, "%zu triangles dropped: their vertices are NaN or infinite",
                   b->dropped_nonfinite);
    if (b->dropped_bad_index)
        model_warn(b, "%zu triangles dropped: they use vertices that do not exist",
                   b->dropped_bad_index);
    if (b->skipped_meshes)
        model_warn(b, "%d meshes of points or lines skipped: only triangles are drawn",
                   b->skipped_meshes);
    if (b->skipped_faces)
        model_warn(b, "%d faces that are not triangles skipped", b->skipped_faces);
    if (b->fixed_normals)
        model_warn(b, "%zu vertex normals were invalid and were rebuilt from the faces",
                   b->fixed_normals);
}

/* ---- checks before Assimp ----
 * Assimp 5.2's OFF and PLY readers trust the element counts in their headers: a
 * 300-byte file announcing billions of vertices makes them allocate without
 * end, and a damaged PLY header crashes the reader. A file cannot hold more
 * elements than it has bytes, and a PLY header is plain text ending in
 * "end_header": anything else is refused here. */

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

static pv_result preflight_counts(const char *head, size_t head_n, long long size,
                                  const char *display, char *why, size_t why_n)
{
    bool ply = head_n >= 4 && strncmp(head, "ply", 3) == 0 && (head[3] == '\n' || head[3] == '\r');
    if (ply) {
        const char *end = NULL;
        for (size_t i = 0; i + 10 <= head_n && !end; i++)
            if (memcmp(head + i, "end_header", 10) == 0)
                end = head + i;
        if (!end) {
            snprintf(why, why_n,
                     "%s: the PLY header has no end_header line in its first %zu "
                     "bytes: the file is damaged",
                     display, head_n);
            return PV_ERR_FORMAT;
        }
        for (const char *c = head; c < end; c++)
            if ((unsigned char)*c < 0x20 && *c != '\n' && *c != '\r' && *c != '\t') {
                snprintf(why, why_n,
                         "%s: the PLY header contains binary bytes: the file is "
                         "damaged",
                         display);
                return PV_ERR_FORMAT;
            }
        /* Element counts must fit in the file; the vertex element must come once
         * and have x, y and z (Assimp 5.2.5 overflows its buffers otherwise:
         * JVN#42386607). */
        int vertex_elements = 0, xyz = 0;
        bool in_vertex = false;
        for (const char *c = head; c < end; c++) {
            if (c != head && c[-1] != '\n')
                continue;
            if (strncmp(c, "element ", 8) == 0) {
                const char *name = c + 8 + strspn(c + 8, " \t");
                in_vertex = strncmp(name, "vertex", 6) == 0 && (name[6] == ' ' || name[6] == '\t');
                vertex_elements += in_vertex;
                const char *num = strpbrk(name, " \t");
                long long count = num ? strtoll(num, NULL, 10) : 0;
                if (count < 0 || count > size) {
                    snprintf(why, why_n,
                             "%s: the PLY header announces %lld elements, more "
                             "than the file's %lld bytes can hold",
                             display, count, size);
                    return PV_ERR_FORMAT;
                }
            } else if (in_vertex && strncmp(c, "property ", 9) == 0) {
                const char *eol = memchr(c, '\n', (size_t)(end - c));
                const char *last = eol ? eol : end;
                while (last > c && (last[-1] == '\r' || last[-1] == ' ' || last[-1] == '\t'))
                    last--;
                if (last - c >= 2 && (last[-2] == ' ' || last[-2] == '\t') &&
                    (last[-1] == 'x' || last[-1] == 'y' || last[-1] == 'z'))
                    xyz |= 1 << (last[-1] - 'x');
            }
        }
        if (vertex_elements != 1 || xyz != 7) {
            snprintf(why, why_n,
                     "%s: the PLY header needs exactly one vertex element with x, "
                     "y and z properties: the file is damaged",
                     display);
            return PV_ERR_FORMAT;
        }
        return PV_OK;
    }
    /* OFF: [ST][C][N][4][n]OFF, then (after comments) "vertices faces edges". */
    const char *off = strstr(head, "OFF");
    if (!off || off - head > 8)
        return PV_OK;
    const char *c = off + 3;
    for (;;) {
        c += strspn(c, " \t\r\n");
        if (*c != '#')
            break;
        c += strcspn(c, "\n");
    }
    char *end;
    long long nv = strtoll(c, &end, 10);
    long long nf = end != c ? strtoll(end, NULL, 10) : 0;
    if (nv < 0 || nf < 0 || nv > size || nf > size) {
        snprintf(why, why_n,
                 "%s: the OFF header announces %lld vertices and %lld faces, more "
                 "than the file's %lld bytes can hold",
                 display, nv, nf, size);
        return PV_ERR_FORMAT;
    }
    return PV_OK;
}

static pv_result model_preflight(const char *path, const char *display, long long size, char *why,
                                 size_t why_n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_n, "%s: cannot open the model: %s", display, strerror(errno));
        return PV_ERR_IO;
    }
    char head[4097];
    size_t n = fread(head, 1, sizeof(head) - 1, f);
    fclose(f);
    head[n] = 0;
    bool ply = n >= 3 && strncmp(head, "ply", 3) == 0;
    bool off =
        has_ext(path, ".off") || (n >= 3 && strstr(head, "OFF") && strstr(head, "OFF") - head <= 8);
    if (!ply && !off)
        return PV_OK;
    return preflight_counts(head, n, size, display, why, why_n);
}

static pv_result model_import(const char *path, const char *display, const struct aiScene **scene,
                              char *why, size_t why_n)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, why_n, "%s: cannot open the model: %s", display, strerror(errno));
        return PV_ERR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_n, "%s: the model is not a regular file", display);
        return PV_ERR_IO;
    }
    if (st.st_size == 0) {
        snprintf(why, why_n, "%s: the model file is empty", display);
        return PV_ERR_FORMAT;
    }
    pv_result r = model_preflight(path, display, (long long)st.st_size, why, why_n);
    if (r != PV_OK)
        return r;
    struct aiPropertyStore *props = aiCreatePropertyStore();
    aiSetImportPropertyFloat(props, AI_CONFIG_PP_GSN_MAX_SMOOTHING_ANGLE, MODEL_SMOOTHING_ANGLE);
    pthread_mutex_lock(&s_import_lock);
    *scene = aiImportFileExWithProperties(path, MODEL_IMPORT_FLAGS, NULL, props);
    if (!*scene) {
        const char *err = aiGetErrorString();
        if (err && strstr(err, "mNumMeshes is 0"))
            snprintf(why, why_n, "%s: has no meshes (nothing to draw)", display);
        else
            snprintf(why, why_n, "%s: cannot be read as a 3D model: %s", display,
                     err && *err ? err : "unknown error");
    }
    pthread_mutex_unlock(&s_import_lock);
    aiReleasePropertyStore(props);
    return *scene ? PV_OK : PV_ERR_FORMAT;
}

/* A plain grey material with no textures (glTF's defaults otherwise). */
static asset_material material_plain(const char *name, float roughness)
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

pv_result asset_model_load(const asset_model_desc *d, asset_model **out, pv_diags *diags, char *why,
                           size_t why_n)
{
    if (out)
        *out = NULL;
    if (!d || !d->path || !d->path[0] || !out) {
        snprintf(why, why_n, "no model path given");
        return PV_ERR_INVALID;
    }
    model_build b = {.path = d->path, .display = pv_path_display(d->path), .diags = diags};
    int *mesh_map = NULL;
    pv_result r = model_import(d->path, b.display, &b.scene, why, why_n);
    if (r != PV_OK)
        goto done;
    const struct aiScene *sc = b.scene;
    if (!sc->mRootNode) {
        snprintf(why, why_n, "%s: has no meshes (no scene nodes)", b.display);
        r = PV_ERR_FORMAT;
        goto done;
    }
    int max_nodes = d->max_nodes > 0 ? d->max_nodes : MODEL_MAX_NODES_DEFAULT;
    int nodes = node_count(sc->mRootNode, max_nodes);
    if (nodes > max_nodes) {
        snprintf(why, why_n,
                 "%s: has more than %d nodes (the limit); merge objects before "
                 "exporting",
                 b.display, max_nodes);
        r = PV_ERR_LIMIT;
        goto done;
    }

    b.dir = pv_path_dir(d->path);
    b.model = pv_calloc(1, sizeof(*b.model));
    asset_model *m = b.model;

    /* Meshes first: materials and textures are only read for what is drawn. */
    mesh_map = pv_malloc(sizeof(int) * (sc->mNumMeshes ? sc->mNumMeshes : 1));
    m->meshes = pv_calloc(sc->mNumMeshes ? sc->mNumMeshes : 1, sizeof(*m->meshes));
    for (unsigned i = 0; i < sc->mNumMeshes; i++) {
        mesh_map[i] = -1;
        if (sc->mMeshes[i] && model_mesh(&b, sc->mMeshes[i], &m->meshes[m->mesh_count]))
            mesh_map[i] = m->mesh_count++;
    }
    if (m->mesh_count == 0) {
        snprintf(why, why_n, "%s: has no meshes%s", b.display,
                 b.skipped_meshes ? " with triangles (only points or lines)"
                 : b.dropped_nonfinite || b.dropped_bad_index ? " with valid triangles"
                                                              : "");
        r = PV_ERR_FORMAT;
        goto done;
    }

    /* Materials: every mesh gets a valid index; a file without any gets a plain
     * grey one. */
    m->material_count = sc->mNumMaterials ? (int)sc->mNumMaterials : 1;
    m->materials = pv_calloc((size_t)m->material_count, sizeof(*m->materials));
    for (int i = 0; i < m->material_count; i++) {
        if (i < (int)sc->mNumMaterials && sc->mMaterials[i]) {
            model_material(&b, sc->mMaterials[i], &m->materials[i]);
        } else {
            m->materials[i] = material_plain("default", 1.0f);
        }
    }
    for (int i = 0; i < m->mesh_count; i++)
        if (m->meshes[i].material < 0 || m->meshes[i].material >= m->material_count)
            m->meshes[i].material = 0;

    float fix[16];
    model_correction(&b, d, fix);
    model_nodes(&b, nodes, mesh_map, fix);
    model_bounds(m);
    model_report(&b);
    float extent = 0.0f;
    for (int k = 0; k < 3; k++)
        extent = fmaxf(extent, m->bounds_max[k] - m->bounds_min[k]);
    if (extent > 1000.0f || extent < 0.01f)
        model_warn(&b,
                   "the model is %g m across: check the units it was exported in, or set "
                   "the place's scale",
                   extent);
    /* Here, on the loading thread: the main thread only uploads it. */
    if (!d->no_proxy && asset_model_drawn_triangles(m) > ASSET_PROXY_ABOVE)
        m->proxy = asset_model_build_proxy(m, ASSET_PROXY_TARGET);
    r = PV_OK;

done:
    free(mesh_map);
    free(b.dir);
    if (b.scene)
        aiReleaseImport(b.scene);
    if (r == PV_OK)
        *out = b.model;
    else
        asset_model_free(&b.model);
    return r;
}

void asset_model_free(asset_model **pm)
{
    if (!pm || !*pm)
        return;
    asset_model *m = *pm;
    asset_model_free(&m->proxy);
    for (int i = 0; i < m->mesh_count; i++)
        mesh_free(&m->meshes[i]);
    free(m->meshes);
    for (int i = 0; i < m->material_count; i++)
        free(m->materials[i].name);
    free(m->materials);
    for (int i = 0; i < m->texture_count; i++) {
        free(m->textures[i].name);
        asset_image_free(&m->textures[i].image);
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

/* ---- ray cast ---- */

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
    m->materials[0] = material_plain("boxes", 0.6f);
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
            proxy_tri_keys(ps->vkey, o, ok);
            if (o->group == tri->group && ok[0] == k[0] && ok[1] == k[1] && ok[2] == k[2]) {
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
