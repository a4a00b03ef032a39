/* asset/model internals shared by model.c (loading, freeing, generated boxes), model_import.c
 * (Assimp), model_ray.c (ray casts) and model_proxy.c (the proxy): small maths on column-major
 * 4x4 matrices and boxes, and the steps asset_model_load strings together. Any thread. */
#ifndef PV_ASSET_MODEL_INTERNAL_H
#define PV_ASSET_MODEL_INTERNAL_H

#include "asset/model.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* ---- small maths (column-major 4x4, like GL and cglm) ---- */

static inline void mat_identity(float m[16])
{
    memset(m, 0, 16 * sizeof(float));
    m[0] = m[5] = m[10] = m[15] = 1.0f;
}

static inline void mat_mul(float out[16], const float a[16], const float b[16])
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

static inline void mat_point(const float m[16], const float p[3], float out[3])
{
    for (int r = 0; r < 3; r++)
        out[r] = m[r] * p[0] + m[4 + r] * p[1] + m[8 + r] * p[2] + m[12 + r];
}

static inline void mat_rotation(int axis, float degrees, float m[16])
{
    mat_identity(m);
    float c = cosf((float)PV_DEG2RAD(degrees)), s = sinf((float)PV_DEG2RAD(degrees));
    int i = (axis + 1) % 3, j = (axis + 2) % 3; /* the plane rotated: i -> j */
    m[i * 4 + i] = c;
    m[i * 4 + j] = s;
    m[j * 4 + i] = -s;
    m[j * 4 + j] = c;
}

static inline void box_empty(float mn[3], float mx[3])
{
    for (int k = 0; k < 3; k++) {
        mn[k] = FLT_MAX;
        mx[k] = -FLT_MAX;
    }
}

static inline bool box_is_empty(const float mn[3], const float mx[3])
{
    return mn[0] > mx[0] || mn[1] > mx[1] || mn[2] > mx[2];
}

static inline void box_add_point(float mn[3], float mx[3], const float p[3])
{
    for (int k = 0; k < 3; k++) {
        if (p[k] < mn[k])
            mn[k] = p[k];
        if (p[k] > mx[k])
            mx[k] = p[k];
    }
}

static inline void box_add_box(float mn[3], float mx[3], const float bmn[3], const float bmx[3])
{
    if (box_is_empty(bmn, bmx))
        return;
    box_add_point(mn, mx, bmn);
    box_add_point(mn, mx, bmx);
}

static inline bool finite3(const float *v)
{
    return isfinite(v[0]) && isfinite(v[1]) && isfinite(v[2]);
}

static inline void cross3(const float a[3], const float b[3], float out[3])
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

static inline float dot3(const float a[3], const float b[3])
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static inline bool normalize3(float v[3])
{
    float len = sqrtf(dot3(v, v));
    if (!(len > 1e-20f) || !isfinite(len))
        return false;
    v[0] /= len;
    v[1] /= len;
    v[2] /= len;
    return true;
}

/* ---- steps of asset_model_load ---- */

/* Imports d->path through Assimp into a model without a proxy (model_import.c). Same
 * contract as asset_model_load otherwise. */
pv_result model_import_assimp(const asset_model_desc *d, asset_model **out, pv_diags *diags,
                              char *why, size_t why_n);
/* World boxes of every node and of the model, and triangle_count, from the meshes and world
 * matrices (the nodes' boxes must start 'empty'). */
void model_bounds(asset_model *m);
/* A plain grey material with no textures (glTF's defaults otherwise). */
asset_material model_material_plain(const char *name, float roughness);
void model_mesh_free(asset_mesh *me);
/* Runs model_import_assimp in the helper process and reads its answer (model_child.c). */
pv_result model_child_import(const asset_model_desc *d, asset_model **out, pv_diags *diags,
                             char *why, size_t why_n);
/* The helper's answer (model_wire.c): written by the helper to `fd`; read (and checked as
 * hostile) by the parent from the memfd `fd` or from bytes. m may be NULL when result is not
 * PV_OK. */
bool model_wire_write(int fd, pv_result result, const char *why, const pv_diags *diags,
                      const asset_model *m);
pv_result model_wire_read(int fd, const char *display, asset_model **out, pv_diags *diags,
                          char *why, size_t why_n);
pv_result model_wire_parse(const uint8_t *bytes, size_t size, const char *display,
                           asset_model **out, pv_diags *diags, char *why, size_t why_n);
/* Checks a glTF 2.0 file's bytes (.gltf JSON or .glb) before Assimp reads them
 * (model_gltf.c): GLB structure, buffer, bufferView and accessor bounds, indices between
 * objects, KHR_texture_transform's types. External .bin files are measured in `dir` (NULL:
 * not looked at). PV_ERR_FORMAT with `why` = "DISPLAY: accessors[3]: reads 12 bytes past
 * bufferView 2" on the first problem. Any thread. */
pv_result model_gltf_validate(const uint8_t *bytes, size_t n, const char *dir,
                              const char *root_real, const char *display, char *why,
                              size_t why_n);
/* Textures (model_texture.c): the 2x2 magenta/black placeholder of a texture that cannot be
 * used; and the decoding of every texture that came as file bytes (checked before any pixel is
 * allocated; one that fails becomes the placeholder with a warning in `diags`, which may be
 * NULL, naming `display`). */
void model_texture_placeholder(asset_image *img);
void model_textures_decode(asset_model *m, const char *display, pv_diags *diags);
/* Confinement (model_import.c): the real path of the folder a model's files must lie in
 * (d->root, else the model's folder; NULL if it does not resolve). Files are checked against
 * it with core's pv_path_confine; a NULL root lets nothing in. */
char *model_root_real(const asset_model_desc *d);

#endif
