/* gfx/model: booth models on the GPU and their drawing: meshes (one VAO each), material
 * textures (base colour and emissive as sRGB, the rest linear, all mipmapped), and the
 * environment a model is lit by (its panorama's cube faces as a mipmapped 2D array for
 * reflections, and 9 spherical-harmonic coefficients of irradiance).
 * A model with a proxy (asset_model.proxy) has a second set of meshes, drawn instead of its own
 * when the scene asks for it (the camera moves); both share the textures, materials, screens
 * and the sun's depth map, which is always drawn from the full model.
 * Opaque and masked meshes first, then blended ones (glass) far to near without depth writes.
 * Main thread only. */
#include "gfx/gfx_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct gfx_mesh {
    GLuint vao, vbo, ibo;
    int index_count, material;
    bool has_uvs, has_tangents;
    float center[3]; /* mesh space, for sorting glass */
} gfx_mesh;

typedef struct gfx_draw_item {
    int node, mesh;
} gfx_draw_item;

/* One level of detail: the model's own meshes and nodes, or its proxy's. */
typedef struct gfx_lod {
    gfx_mesh *meshes;
    int mesh_count;
    float (*node_world)[16];
    gfx_draw_item *items;
    int item_count;
} gfx_lod;

struct gfx_model {
    gfx_lod full, proxy; /* proxy.item_count is 0 without one */
    GLuint *textures;
    int texture_count;
    asset_material *materials; /* copies (names not kept) */
    int material_count;
    const gfx_video **videos;  /* per material: the video a screen shows, or NULL */
    float bounds_min[3], bounds_max[3];
    /* The sun's depth map: the model and its light do not move, so it is drawn once. */
    GLuint shadow_tex, shadow_fbo;
    float light_vp[16], shadow_dir[3];
    bool shadow_valid;
};

#define SHADOW_SIZE 2048

struct gfx_env {
    GLuint array;
    int levels;
    float sh[9][3];
};

static GLuint upload_texture(const asset_image *img, bool srgb)
{
    GLuint t;
    glGenTextures(1, &t);
    glBindTexture(GL_TEXTURE_2D, t);
    glTexImage2D(GL_TEXTURE_2D, 0, srgb ? GL_SRGB8_ALPHA8 : GL_RGBA8, img->width, img->height, 0,
                 GL_RGBA, GL_UNSIGNED_BYTE, img->pixels);
    glGenerateMipmap(GL_TEXTURE_2D);
    gfx_sampling(GL_TEXTURE_2D, GL_LINEAR_MIPMAP_LINEAR, GL_LINEAR, GL_REPEAT, GL_REPEAT);
    return t;
}

/* Uploads a model's meshes and records what each node draws. */
static void lod_create(gfx_lod *lod, const asset_model *m)
{
    lod->mesh_count = m->mesh_count;
    lod->meshes = pv_calloc((size_t)(m->mesh_count ? m->mesh_count : 1), sizeof(gfx_mesh));
    for (int i = 0; i < m->mesh_count; i++) {
        const asset_mesh *am = &m->meshes[i];
        gfx_mesh *mesh = &lod->meshes[i];
        size_t n = (size_t)am->vertex_count;
        /* Interleaved: position 3, normal 3, uv 2, tangent 4. */
        float *v = pv_malloc(n * 12 * sizeof(float));
        for (size_t k = 0; k < n; k++) {
            float *o = v + k * 12;
            memcpy(o, am->positions + k * 3, 3 * sizeof(float));
            if (am->normals)
                memcpy(o + 3, am->normals + k * 3, 3 * sizeof(float));
            else
                o[3] = 0, o[4] = 1, o[5] = 0;
            if (am->uvs)
                memcpy(o + 6, am->uvs + k * 2, 2 * sizeof(float));
            else
                o[6] = o[7] = 0;
            if (am->tangents)
                memcpy(o + 8, am->tangents + k * 4, 4 * sizeof(float));
            else
                o[8] = 1, o[9] = 0, o[10] = 0, o[11] = 1;
        }
        glGenVertexArrays(1, &mesh->vao);
        glBindVertexArray(mesh->vao);
        glGenBuffers(1, &mesh->vbo);
        glBindBuffer(GL_ARRAY_BUFFER, mesh->vbo);
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(n * 12 * sizeof(float)), v, GL_STATIC_DRAW);
        free(v);
        const GLsizei stride = 12 * sizeof(float);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride, (void *)0);
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride, (void *)(3 * sizeof(float)));
        glEnableVertexAttribArray(2);
        glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, stride, (void *)(6 * sizeof(float)));
        glEnableVertexAttribArray(3);
        glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, stride, (void *)(8 * sizeof(float)));
        glGenBuffers(1, &mesh->ibo);
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, mesh->ibo);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)((size_t)am->index_count * 4),
                     am->indices, GL_STATIC_DRAW);
        glBindVertexArray(0);
        mesh->index_count = am->index_count;
        mesh->material = am->material;
        mesh->has_uvs = am->uvs != NULL;
        mesh->has_tangents = am->tangents != NULL;
        for (int c = 0; c < 3; c++)
            mesh->center[c] = 0.5f * (am->bounds_min[c] + am->bounds_max[c]);
    }

    lod->node_world = pv_calloc((size_t)(m->node_count ? m->node_count : 1), sizeof(float[16]));
    int items = 0;
    for (int i = 0; i < m->node_count; i++) {
        memcpy(lod->node_world[i], m->nodes[i].world, sizeof(float[16]));
        items += m->nodes[i].mesh_count;
    }
    lod->items = pv_calloc((size_t)(items ? items : 1), sizeof(gfx_draw_item));
    for (int i = 0; i < m->node_count; i++)
        for (int k = 0; k < m->nodes[i].mesh_count; k++)
            if (m->nodes[i].meshes[k] >= 0 && m->nodes[i].meshes[k] < m->mesh_count)
                lod->items[lod->item_count++] = (gfx_draw_item){i, m->nodes[i].meshes[k]};
}

static void lod_destroy(gfx_lod *lod)
{
    for (int i = 0; i < lod->mesh_count; i++) {
        glDeleteVertexArrays(1, &lod->meshes[i].vao);
        glDeleteBuffers(1, &lod->meshes[i].vbo);
        glDeleteBuffers(1, &lod->meshes[i].ibo);
    }
    free(lod->meshes);
    free(lod->node_world);
    free(lod->items);
    memset(lod, 0, sizeof(*lod));
}

gfx_model *gfx_model_create(gfx *g, const asset_model *m)
{
    gfx_model *gm = pv_calloc(1, sizeof(*gm));
    /* A texture used as colour is sRGB; the same image used as data would need a second
     * upload, which glTF files practically never ask for. */
    gm->texture_count = m->texture_count;
    gm->textures = pv_calloc((size_t)(m->texture_count ? m->texture_count : 1), sizeof(GLuint));
    bool *srgb = pv_calloc((size_t)(m->texture_count ? m->texture_count : 1), sizeof(bool));
    for (int i = 0; i < m->material_count; i++) {
        const asset_material *mat = &m->materials[i];
        if (mat->tex_base_color >= 0 && mat->tex_base_color < m->texture_count)
            srgb[mat->tex_base_color] = true;
        if (mat->tex_emissive >= 0 && mat->tex_emissive < m->texture_count)
            srgb[mat->tex_emissive] = true;
    }
    for (int i = 0; i < m->texture_count; i++)
        gm->textures[i] = upload_texture(&m->textures[i].image, srgb[i]);
    free(srgb);
    gm->material_count = m->material_count;
    gm->materials = pv_calloc((size_t)(m->material_count ? m->material_count : 1),
                              sizeof(asset_material));
    for (int i = 0; i < m->material_count; i++) {
        gm->materials[i] = m->materials[i];
        gm->materials[i].name = NULL;
    }
    gm->videos = pv_calloc((size_t)(m->material_count ? m->material_count : 1),
                           sizeof(gm->videos[0]));

    lod_create(&gm->full, m);
    if (m->proxy)
        lod_create(&gm->proxy, m->proxy);
    memcpy(gm->bounds_min, m->bounds_min, sizeof(gm->bounds_min));
    memcpy(gm->bounds_max, m->bounds_max, sizeof(gm->bounds_max));
    return gm;
}

void gfx_model_destroy(gfx *g, gfx_model **pm)
{
    gfx_model *m = *pm;
    if (!m)
        return;
    lod_destroy(&m->full);
    lod_destroy(&m->proxy);
    if (m->texture_count)
        glDeleteTextures(m->texture_count, m->textures);
    glDeleteTextures(1, &m->shadow_tex);
    glDeleteFramebuffers(1, &m->shadow_fbo);
    free(m->textures);
    free(m->materials);
    free(m->videos);
    free(m);
    *pm = NULL;
}

/* ---- environment ---- */

static float srgb_to_linear(uint8_t v)
{
    float c = v / 255.0f;
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

gfx_env *gfx_env_create(gfx *g, const asset_cube *cube)
{
    gfx_env *e = pv_calloc(1, sizeof(*e));
    /* Reflections need no more than 256 texels a face. */
    int base = 0, n = cube->size;
    while (n > 256 && base + 1 < cube->levels) {
        n = n / 2 > 0 ? n / 2 : 1;
        base++;
    }
    e->levels = cube->levels - base;
    glGenTextures(1, &e->array);
    glBindTexture(GL_TEXTURE_2D_ARRAY, e->array);
    int size = n;
    for (int l = 0; l < e->levels; l++, size = size / 2 > 0 ? size / 2 : 1) {
        glTexImage3D(GL_TEXTURE_2D_ARRAY, l, GL_RGBA8, size, size, ASSET_FACE_COUNT, 0, GL_RGBA,
                     GL_UNSIGNED_BYTE, NULL);
        for (int f = 0; f < ASSET_FACE_COUNT; f++)
            glTexSubImage3D(GL_TEXTURE_2D_ARRAY, l, 0, 0, f, size, size, 1, GL_RGBA,
                            GL_UNSIGNED_BYTE, cube->face[f][base + l]);
    }
    glTexParameteri(GL_TEXTURE_2D_ARRAY, GL_TEXTURE_MAX_LEVEL, e->levels - 1);
    gfx_sampling(GL_TEXTURE_2D_ARRAY, GL_LINEAR_MIPMAP_LINEAR, GL_LINEAR, GL_CLAMP_TO_EDGE,
                 GL_CLAMP_TO_EDGE);

    /* Irradiance: project a 32-texel level onto 9 spherical harmonics, each texel weighted by
     * the solid angle it covers. */
    int sl = 0, sn = cube->size;
    while (sn > 32 && sl + 1 < cube->levels) {
        sn = sn / 2 > 0 ? sn / 2 : 1;
        sl++;
    }
    double sh[9][3] = {{0}};
    double total = 0;
    for (int f = 0; f < ASSET_FACE_COUNT; f++)
        for (int j = 0; j < sn; j++)
            for (int i = 0; i < sn; i++) {
                float d[3];
                asset_cube_texel_dir(f, sn, (float)i, (float)j, d);
                double len2 = (double)d[0] * d[0] + (double)d[1] * d[1] + (double)d[2] * d[2];
                double len = sqrt(len2), w = 1.0 / (len2 * len); /* solid angle ~ 1/r^3 */
                double x = d[0] / len, y = d[1] / len, z = d[2] / len;
                double basis[9] = {0.282095, 0.488603 * y, 0.488603 * z, 0.488603 * x,
                                   1.092548 * x * y, 1.092548 * y * z,
                                   0.315392 * (3 * z * z - 1), 1.092548 * x * z,
                                   0.546274 * (x * x - y * y)};
                const uint8_t *px = cube->face[f][sl] + ((size_t)j * (size_t)sn + (size_t)i) * 4;
                for (int c = 0; c < 3; c++) {
                    double v = srgb_to_linear(px[c]);
                    for (int k = 0; k < 9; k++)
                        sh[k][c] += v * basis[k] * w;
                }
                total += w;
            }
    double norm = 4.0 * PV_PI / total;
    for (int k = 0; k < 9; k++)
        for (int c = 0; c < 3; c++)
            e->sh[k][c] = (float)(sh[k][c] * norm);
    return e;
}

void gfx_env_destroy(gfx *g, gfx_env **pe)
{
    gfx_env *e = *pe;
    if (!e)
        return;
    glDeleteTextures(1, &e->array);
    free(e);
    *pe = NULL;
}

/* ---- drawing ---- */

static void bind_tex(int unit, GLuint tex, GLuint fallback)
{
    glActiveTexture(GL_TEXTURE0 + (GLenum)unit);
    glBindTexture(GL_TEXTURE_2D, tex ? tex : fallback);
}

static GLuint model_tex(const gfx_model *m, int index)
{
    return index >= 0 && index < m->texture_count ? m->textures[index] : 0;
}

typedef struct sort_item {
    float depth;
    int item;
} sort_item;

static int by_depth_desc(const void *a, const void *b)
{
    float x = ((const sort_item *)a)->depth, y = ((const sort_item *)b)->depth;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void draw_item(gfx *g, const gfx_model *m, const gfx_lod *lod, const gfx_draw_item *it)
{
    const gfx_mesh *mesh = &lod->meshes[it->mesh];
    static const asset_material fallback = {NULL, {0.8f, 0.8f, 0.8f, 1}, 0, 0.7f, {0, 0, 0},
                                            ASSET_ALPHA_OPAQUE, 0.5f, false, -1, -1, -1, -1, -1};
    const asset_material *mat = mesh->material >= 0 && mesh->material < m->material_count
                                    ? &m->materials[mesh->material]
                                    : &fallback;
    const program *p = &g->model;
    const float *w = lod->node_world[it->node];
    glUniformMatrix4fv(p->u_model, 1, GL_FALSE, w);
    /* normal matrix: inverse transpose of the upper 3x3 */
    mat3 up = {{w[0], w[1], w[2]}, {w[4], w[5], w[6]}, {w[8], w[9], w[10]}}, inv;
    glm_mat3_inv(up, inv);
    glm_mat3_transpose(inv);
    glUniformMatrix3fv(p->u_normal_matrix, 1, GL_FALSE, (const float *)inv);
    glUniform4fv(p->u_base_color, 1, mat->base_color);
    glUniform1f(p->u_metallic, mat->metallic);
    glUniform1f(p->u_roughness, mat->roughness);
    glUniform3fv(p->u_emissive, 1, mat->emissive);
    glUniform1i(p->u_alpha_mode, mat->alpha_mode);
    glUniform1f(p->u_alpha_cutoff, mat->alpha_cutoff);
    GLuint normal_tex = mesh->has_uvs ? model_tex(m, mat->tex_normal) : 0;
    glUniform1i(p->u_has_normal_map, normal_tex != 0);
    glUniform1i(p->u_has_tangents, mesh->has_tangents);
    bind_tex(0, mesh->has_uvs ? model_tex(m, mat->tex_base_color) : 0, g->white);
    bind_tex(1, mesh->has_uvs ? model_tex(m, mat->tex_metal_rough) : 0, g->white);
    bind_tex(2, normal_tex, g->flat_normal);
    bind_tex(3, mesh->has_uvs ? model_tex(m, mat->tex_occlusion) : 0, g->white);
    bind_tex(4, mesh->has_uvs ? model_tex(m, mat->tex_emissive) : 0, g->white);
    const gfx_video *video = mesh->material >= 0 && mesh->material < m->material_count
                                 ? m->videos[mesh->material]
                                 : NULL;
    bool screen = video && gfx_video_has_frame(video) && mesh->has_uvs;
    glUniform1i(p->u_is_screen, screen);
    if (screen)
        gfx_video_bind(p, video, 7);
    if (mat->double_sided)
        glDisable(GL_CULL_FACE);
    else
        glEnable(GL_CULL_FACE);
    glBindVertexArray(mesh->vao);
    glDrawElements(GL_TRIANGLES, mesh->index_count, GL_UNSIGNED_INT, NULL);
}

bool gfx_model_has_proxy(const gfx_model *m)
{
    return m && m->proxy.item_count > 0;
}

void gfx_model_set_video(gfx_model *m, int material, const gfx_video *v)
{
    if (m && material >= 0 && material < m->material_count)
        m->videos[material] = v;
}

/* Renders the sun's depth map of the model: an orthographic view along the light that
 * encloses the model's box. */
static void render_shadow(gfx *g, gfx_model *m, const float light_dir[3])
{
    if (m->bounds_min[0] > m->bounds_max[0])
        return;
    GLint prev_fbo, prev_viewport[4];
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &prev_fbo);
    glGetIntegerv(GL_VIEWPORT, prev_viewport);
    if (!m->shadow_tex) {
        glGenTextures(1, &m->shadow_tex);
        glBindTexture(GL_TEXTURE_2D, m->shadow_tex);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_DEPTH_COMPONENT24, SHADOW_SIZE, SHADOW_SIZE, 0,
                     GL_DEPTH_COMPONENT, GL_FLOAT, NULL);
        gfx_sampling(GL_TEXTURE_2D, GL_LINEAR, GL_LINEAR, GL_CLAMP_TO_EDGE, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_COMPARE_MODE, GL_COMPARE_REF_TO_TEXTURE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_COMPARE_FUNC, GL_LEQUAL);
        glGenFramebuffers(1, &m->shadow_fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, m->shadow_fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_TEXTURE_2D, m->shadow_tex,
                               0);
        glDrawBuffer(GL_NONE);
        glReadBuffer(GL_NONE);
    }
    vec3 center, lo, hi, dir = {light_dir[0], light_dir[1], light_dir[2]};
    glm_vec3_copy(m->bounds_min, lo);
    glm_vec3_copy(m->bounds_max, hi);
    glm_vec3_center(lo, hi, center);
    float radius = glm_vec3_distance(lo, hi) * 0.5f + 0.01f;
    vec3 eye, up = {0, 1, 0};
    glm_vec3_normalize(dir);
    if (fabsf(dir[1]) > 0.99f)
        up[1] = 0, up[2] = 1;
    glm_vec3_scale(dir, -2.0f * radius, eye);
    glm_vec3_add(eye, center, eye);
    mat4 view, proj, vp;
    glm_lookat(eye, center, up, view);
    glm_ortho(-radius, radius, -radius, radius, 0.01f, 4.0f * radius, proj);
    glm_mat4_mul(proj, view, vp);
    memcpy(m->light_vp, vp, sizeof(m->light_vp));
    memcpy(m->shadow_dir, light_dir, sizeof(m->shadow_dir));

    glBindFramebuffer(GL_FRAMEBUFFER, m->shadow_fbo);
    glViewport(0, 0, SHADOW_SIZE, SHADOW_SIZE);
    glEnable(GL_DEPTH_TEST);
    glDepthMask(GL_TRUE);
    glClear(GL_DEPTH_BUFFER_BIT);
    glDisable(GL_CULL_FACE);
    glEnable(GL_POLYGON_OFFSET_FILL);
    glPolygonOffset(1.5f, 2.0f);
    glUseProgram(g->shadow.id);
    glUniformMatrix4fv(g->shadow.u_view_proj, 1, GL_FALSE, m->light_vp);
    const gfx_lod *lod = &m->full;
    for (int i = 0; i < lod->item_count; i++) {
        const gfx_draw_item *it = &lod->items[i];
        int mi = lod->meshes[it->mesh].material;
        if (mi >= 0 && mi < m->material_count && m->materials[mi].alpha_mode == ASSET_ALPHA_BLEND)
            continue; /* glass lets the sun through */
        glUniformMatrix4fv(g->shadow.u_model, 1, GL_FALSE, lod->node_world[it->node]);
        glBindVertexArray(lod->meshes[it->mesh].vao);
        glDrawElements(GL_TRIANGLES, lod->meshes[it->mesh].index_count, GL_UNSIGNED_INT, NULL);
    }
    glDisable(GL_POLYGON_OFFSET_FILL);
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)prev_fbo);
    glViewport(prev_viewport[0], prev_viewport[1], prev_viewport[2], prev_viewport[3]);
    m->shadow_valid = true;
}

void gfx_draw_model(gfx *g, gfx_model *m, const gfx_env *env, const gfx_scene3d *s)
{
    if (!m->shadow_valid || memcmp(m->shadow_dir, s->light_dir, sizeof(m->shadow_dir)) != 0)
        render_shadow(g, m, s->light_dir);
    const program *p = &g->model;
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glDepthMask(GL_TRUE);
    glCullFace(GL_BACK);
    glFrontFace(GL_CCW);
    glDisable(GL_BLEND);
    glUseProgram(p->id);
    glUniformMatrix4fv(p->u_view_proj, 1, GL_FALSE, s->view_proj);
    glUniform3fv(p->u_eye, 1, s->eye);
    glUniform3fv(p->u_light_dir, 1, s->light_dir);
    float lc[3] = {s->light_color[0] * s->light_intensity, s->light_color[1] * s->light_intensity,
                   s->light_color[2] * s->light_intensity};
    glUniform3fv(p->u_light_color, 1, lc);
    glUniform1f(p->u_exposure, s->exposure > 0 ? s->exposure : 1.0f);
    glUniform1i(p->u_tex_base, 0);
    glUniform1i(p->u_tex_mr, 1);
    glUniform1i(p->u_tex_normal, 2);
    glUniform1i(p->u_tex_occlusion, 3);
    glUniform1i(p->u_tex_emissive, 4);
    glUniform1i(p->u_env, 5);
    glUniform1i(p->u_shadow, 6);
    glUniform1i(p->u_y, 7); /* screens: video planes on 7..9 */
    glUniform1i(p->u_u, 8);
    glUniform1i(p->u_v, 9);
    glUniform1i(p->u_has_shadow, m->shadow_valid);
    glUniformMatrix4fv(p->u_light_vp, 1, GL_FALSE, m->light_vp);
    glActiveTexture(GL_TEXTURE6);
    glBindTexture(GL_TEXTURE_2D, m->shadow_tex);
    glActiveTexture(GL_TEXTURE5);
    if (env) {
        glBindTexture(GL_TEXTURE_2D_ARRAY, env->array);
        glUniform3fv(p->u_sh, 9, &env->sh[0][0]);
        glUniform1f(p->u_env_levels, (float)env->levels);
    } else {
        /* No environment: a soft grey sky from above, darker below. */
        glBindTexture(GL_TEXTURE_2D_ARRAY, g->grey_env);
        static const float sh[9][3] = {{1.6f, 1.6f, 1.7f}, {0.5f, 0.5f, 0.55f}, {0, 0, 0},
                                       {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},
                                       {0, 0, 0}};
        glUniform3fv(p->u_sh, 9, &sh[0][0]);
        glUniform1f(p->u_env_levels, 1.0f);
    }
    const gfx_lod *lod = s->proxy && m->proxy.item_count ? &m->proxy : &m->full;
    /* Opaque and masked first, then blended far to near, without depth writes. */
    sort_item *blend =
        pv_malloc(sizeof(sort_item) * (size_t)(lod->item_count ? lod->item_count : 1));
    int nb = 0;
    for (int i = 0; i < lod->item_count; i++) {
        const gfx_draw_item *it = &lod->items[i];
        int mi = lod->meshes[it->mesh].material;
        bool blended = mi >= 0 && mi < m->material_count &&
                       m->materials[mi].alpha_mode == ASSET_ALPHA_BLEND;
        if (!blended) {
            draw_item(g, m, lod, it);
            continue;
        }
        const float *w = lod->node_world[it->node], *c = lod->meshes[it->mesh].center;
        float wc[3];
        for (int k = 0; k < 3; k++)
            wc[k] = w[k] * c[0] + w[4 + k] * c[1] + w[8 + k] * c[2] + w[12 + k];
        float dx = wc[0] - s->eye[0], dy = wc[1] - s->eye[1], dz = wc[2] - s->eye[2];
        blend[nb++] = (sort_item){dx * dx + dy * dy + dz * dz, i};
    }
    if (nb) {
        qsort(blend, (size_t)nb, sizeof(*blend), by_depth_desc);
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        glDepthMask(GL_FALSE);
        for (int i = 0; i < nb; i++)
            draw_item(g, m, lod, &lod->items[blend[i].item]);
        glDepthMask(GL_TRUE);
        glDisable(GL_BLEND);
    }
    free(blend);
    glBindVertexArray(0);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glActiveTexture(GL_TEXTURE0);
}
