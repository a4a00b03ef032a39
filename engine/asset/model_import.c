/* asset/model_import: booth models imported through Assimp's C API into plain CPU
 * data. One import: Assimp parses and post-processes the file (triangulate,
 * smooth normals where missing, tangents, shared vertices, cache order, one
 * primitive type per mesh, validation), then this file copies what the renderer
 * needs into asset_model, cleaning as it goes: triangles touching NaN/infinite
 * positions are dropped, broken normals and tangents are rebuilt, point and
 * line meshes are skipped; textures are found (embedded, or files confined to the
 * scene's folder) and handed over as their compressed file bytes, decoded by the
 * parent (model_texture.c), or replaced by a placeholder.
 * Threads: see model.h. The only shared state is the lock around Assimp's
 * import call. */
#define _GNU_SOURCE /* memmem */
#include "asset/model_internal.h"

#include <assimp/GltfMaterial.h>
#include <assimp/cimport.h>
#include <assimp/config.h>
#include <assimp/material.h>
#include <assimp/metadata.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>

_Static_assert(sizeof(ai_real) == sizeof(float), "Assimp built with double precision");

#define MODEL_MAX_NODES_DEFAULT 100000
/* A texture file larger than an uncompressed image at the largest size (with room for a
 * header) is not read. */
#define MODEL_TEXTURE_MAX_FILE \
    ((uint64_t)ASSET_TEXTURE_MAX_SIDE * ASSET_TEXTURE_MAX_SIDE * 4 + 65536)

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

/* Assimp matrices are row-major (a1 a2 a3 a4 is the first row). */
static void mat_from_ai(const struct aiMatrix4x4 *a, float m[16])
{
    const float *rows = &a->a1;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            m[c * 4 + r] = rows[r * 4 + c];
}

/* ---- the import context ---- */

typedef struct model_build {
    const char *path;    /* as given */
    const char *display; /* as shown in messages */
    char *dir;           /* the model's folder, for external textures */
    char *root;          /* real path of the folder referenced files must lie in, or NULL */
    const struct aiScene *scene;
    asset_model *model;
    pv_diags *diags;
    int texture_capacity;
    /* counts for one warning each */
    size_t dropped_nonfinite, dropped_bad_index, fixed_normals, fixed_tangents;
    int skipped_meshes, skipped_faces;
} model_build;

static void model_say(model_build *b, pv_severity sev, const char *fmt, va_list ap)
{
    if (!b->diags)
        return;
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    pv_diags_add(b->diags, sev, b->display, 0, 0, "%s", msg);
}

static void model_warn(model_build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void model_warn(model_build *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    model_say(b, PV_SEV_WARNING, fmt, ap);
    va_end(ap);
}

/* An error that does not stop loading (the model is drawn without what it named). */
static void model_error(model_build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void model_error(model_build *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    model_say(b, PV_SEV_ERROR, fmt, ap);
    va_end(ap);
}

/* ---- confinement: files a model names stay inside the scene's folder ---- */

char *model_root_real(const asset_model_desc *d)
{
    char *dir = d->root && *d->root ? pv_strdup(d->root) : pv_path_dir(d->path);
    char *real = pv_path_real(dir);
    free(dir);
    return real;
}

/* ---- textures ---- */

/* An embedded image: compressed file bytes (PNG, JPEG...) are handed over as they are, to be
 * checked and decoded by the parent (model_texture.c); raw texels are turned into RGBA here. */
static bool texture_take_embedded(const struct aiTexture *t, asset_texture *out, char *why,
                                  size_t why_n)
{
    if (!t->pcData || t->mWidth == 0) {
        snprintf(why, why_n, "the embedded image is empty");
        return false;
    }
    if (t->mHeight == 0) { /* mWidth is the size of the file bytes */
        out->file_size = t->mWidth;
        out->file_bytes = pv_malloc(out->file_size);
        memcpy(out->file_bytes, t->pcData, out->file_size);
        return true;
    }
    /* Raw texels, BGRA in aiTexel order. */
    if (t->mWidth > ASSET_TEXTURE_MAX_SIDE || t->mHeight > ASSET_TEXTURE_MAX_SIDE) {
        snprintf(why, why_n, "%ux%u is larger than the %dx%d limit for model textures",
                 t->mWidth, t->mHeight, ASSET_TEXTURE_MAX_SIDE, ASSET_TEXTURE_MAX_SIDE);
        return false;
    }
    size_t n = (size_t)t->mWidth * t->mHeight;
    asset_image *img = &out->image;
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

    char why[1024] = "";
    bool ok = false, outside = false;
    const struct aiTexture *emb = texture_find_embedded(b->scene, name);
    if (emb) {
        ok = texture_take_embedded(emb, t, why, sizeof(why));
    } else if (name[0] == '*') {
        snprintf(why, sizeof(why), "the model has no embedded image %s", name);
    } else {
        char *rel = path_unwindows(name);
        bool absolute = rel[0] == '/' || (rel[0] && rel[1] == ':');
        char *file = absolute ? pv_strdup(rel) : pv_path_join(b->dir, rel);
        /* Paths often point into the author's machine ("C:/Users/.../wood.jpg") or
         * a folder that was not shipped: the image beside the model is the one
         * meant. Each candidate is checked by its real path (pv_path_confine). */
        char *candidate[3] = {file, NULL, NULL}, *found = NULL, cwhy[sizeof(why) - 8] = "";
        const char *root = b->root;
        pv_path_status st = PV_PATH_NOT_FOUND;
        for (int i = 0; i < 3 && st == PV_PATH_NOT_FOUND; i++) {
            if (i == 1)
                candidate[1] = pv_path_join(b->dir, path_base(rel));
            else if (i == 2)
                candidate[2] = path_find_nocase(b->dir, path_base(rel));
            if (candidate[i])
                st = pv_path_confine(&root, 1, candidate[i], &found, cwhy, sizeof(cwhy));
        }
        if (st == PV_PATH_NOT_FOUND) {
            bool elsewhere = strcmp(path_base(rel), rel) != 0;
            snprintf(why, sizeof(why), "not found at %s%s%s", pv_path_display(file),
                     elsewhere ? " nor beside the model as " : "",
                     elsewhere ? path_base(rel) : "");
        } else if (st != PV_PATH_OK) {
            outside = st == PV_PATH_OUTSIDE;
            snprintf(why, sizeof(why), "it %s", cwhy);
        } else {
            /* A regular file inside the folder: its bytes go to the parent, which decodes
             * them (model_texture.c). */
            struct stat fs;
            char rwhy[256];
            if (stat(found, &fs) == 0 && (uint64_t)fs.st_size > MODEL_TEXTURE_MAX_FILE) {
                snprintf(why, sizeof(why), "its file holds %lld MB, more than any %dx%d "
                         "texture needs", (long long)(fs.st_size >> 20),
                         ASSET_TEXTURE_MAX_SIDE, ASSET_TEXTURE_MAX_SIDE);
            } else if (pv_file_read(found, &t->file_bytes, &t->file_size, rwhy,
                                    sizeof(rwhy)) == PV_OK) {
                ok = true;
            } else {
                snprintf(why, sizeof(why), "%s", rwhy);
            }
        }
        free(found);
        free(candidate[1]);
        free(candidate[2]);
        free(file);
        free(rel);
    }
    if (outside) {
        asset_image_free(&t->image);
        model_texture_placeholder(&t->image);
        t->missing = true;
        model_error(b, "texture \"%s\" is not read: %s; drawn as a magenta/black placeholder",
                    name, why);
    } else if (!ok) {
        asset_image_free(&t->image);
        model_texture_placeholder(&t->image);
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

/* The whole file mapped (pages of a GLB's BIN chunk are never touched) for the glTF
 * checks. */
static pv_result gltf_preflight(FILE *f, const char *path, const char *display, long long size,
                                const char *root, char *why, size_t why_n)
{
    if ((unsigned long long)size > SIZE_MAX / 2) {
        snprintf(why, why_n, "%s: the model file is too large", display);
        return PV_ERR_LIMIT;
    }
    void *map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    if (map == MAP_FAILED) {
        snprintf(why, why_n, "%s: cannot read the model: %s", display, strerror(errno));
        return PV_ERR_IO;
    }
    char *dir = pv_path_dir(path);
    pv_result r = model_gltf_validate(map, (size_t)size, dir, root, display, why, why_n);
    free(dir);
    munmap(map, (size_t)size);
    return r;
}

/* OBJ: every "mtllib" line names a file Assimp will open beside the model; it must lie in
 * the scene's folder. */
static pv_result obj_preflight(FILE *f, const char *path, const char *display, long long size,
                               const char *root, char *why, size_t why_n)
{
    if (size <= 0 || (unsigned long long)size > SIZE_MAX / 2)
        return PV_OK;
    void *map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    if (map == MAP_FAILED) {
        snprintf(why, why_n, "%s: cannot read the model: %s", display, strerror(errno));
        return PV_ERR_IO;
    }
    const char *text = map, *end = text + size;
    char *dir = pv_path_dir(path);
    pv_result r = PV_OK;
    for (const char *c = text; r == PV_OK && c < end;) {
        const char *hit = memmem(c, (size_t)(end - c), "mtllib", 6);
        if (!hit)
            break;
        c = hit + 6;
        if ((hit != text && hit[-1] != '\n') || c >= end || (*c != ' ' && *c != '\t'))
            continue;
        /* The rest of the line: one or more file names (Assimp takes the whole rest). */
        const char *eol = memchr(c, '\n', (size_t)(end - c));
        size_t n = (size_t)((eol ? eol : end) - c);
        char *names = pv_malloc(n + 1);
        memcpy(names, c, n);
        names[n] = 0;
        char *s = names + strspn(names, " \t");
        size_t len = strlen(s);
        while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
            s[--len] = 0;
        char *rel = path_unwindows(s);
        char *file = rel[0] == '/' ? pv_strdup(rel) : pv_path_join(dir, rel);
        /* A missing MTL only loses the materials (Assimp says so); one outside the scene's
         * folder, or a FIFO, a directory or a link loop, is not handed to Assimp at all. */
        char cwhy[512];
        pv_path_status st = *rel ? pv_path_confine(&root, 1, file, NULL, cwhy, sizeof(cwhy))
                                 : PV_PATH_NOT_FOUND;
        if (st != PV_PATH_OK && st != PV_PATH_NOT_FOUND) {
            snprintf(why, why_n, "%s: mtllib \"%s\" %s", display, s, cwhy);
            r = PV_ERR_INVALID;
        }
        free(file);
        free(rel);
        free(names);
    }
    free(dir);
    munmap(map, (size_t)size);
    return r;
}

static pv_result model_preflight(const char *path, const char *display, long long size,
                                 const char *root, char *why, size_t why_n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_n, "%s: cannot open the model: %s", display, strerror(errno));
        return PV_ERR_IO;
    }
    char head[4097];
    size_t n = fread(head, 1, sizeof(head) - 1, f);
    head[n] = 0;
    bool gltf = has_ext(path, ".gltf") || has_ext(path, ".glb") ||
                (n >= 4 && memcmp(head, "glTF", 4) == 0);
    if (gltf) {
        pv_result r = gltf_preflight(f, path, display, size, root, why, why_n);
        fclose(f);
        return r;
    }
    if (has_ext(path, ".obj")) {
        pv_result r = obj_preflight(f, path, display, size, root, why, why_n);
        fclose(f);
        return r;
    }
    fclose(f);
    bool ply = n >= 3 && strncmp(head, "ply", 3) == 0;
    bool off =
        has_ext(path, ".off") || (n >= 3 && strstr(head, "OFF") && strstr(head, "OFF") - head <= 8);
    if (!ply && !off)
        return PV_OK;
    return preflight_counts(head, n, size, display, why, why_n);
}

static pv_result model_import(const char *path, const char *display, const char *root,
                              const struct aiScene **scene, char *why, size_t why_n)
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
    pv_result r = model_preflight(path, display, (long long)st.st_size, root, why, why_n);
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

pv_result model_import_assimp(const asset_model_desc *d, asset_model **out, pv_diags *diags,
                              char *why, size_t why_n)
{
    if (out)
        *out = NULL;
    if (!d || !d->path || !d->path[0] || !out) {
        snprintf(why, why_n, "no model path given");
        return PV_ERR_INVALID;
    }
    model_build b = {.path = d->path, .display = pv_path_display(d->path), .diags = diags};
    int *mesh_map = NULL;
    b.root = model_root_real(d);
    pv_result r = model_import(d->path, b.display, b.root, &b.scene, why, why_n);
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
            m->materials[i] = model_material_plain("default", 1.0f);
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
    r = PV_OK;

done:
    free(mesh_map);
    free(b.dir);
    free(b.root);
    if (b.scene)
        aiReleaseImport(b.scene);
    if (r == PV_OK)
        *out = b.model;
    else
        asset_model_free(&b.model);
    return r;
}
