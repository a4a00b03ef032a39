/* gfx: GL 3.3 core through GLEW. Owns every GL object. Main thread only.
 * A cube panorama (booth backdrops, `cube` places) is drawn as the six faces of a cube around
 * the eye, one cube-map texture sampled by direction, bilinearly within the mip level that
 * matches the screen (GL_LINEAR_MIPMAP_NEAREST) and across face edges (seamless cube-map
 * filtering): exact at the poles and across yaw +-180 (the cube has no seam there), no seam at
 * face edges, no shimmer when zoomed out. */
#include "gfx/gfx_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gfx_image {
    GLuint tex;
    int width, height;
};

struct gfx_target {
    GLuint fbo, color, depth;
    int width, height;
};

/* `name` may end in "#SYMBOL": the file is compiled with `#define SYMBOL` after its #version
 * line (two variants of one shader without two copies of it). */
static GLuint compile(GLenum type, const char *name)
{
    char file[128], define[160] = "";
    const char *hash = strchr(name, '#');
    snprintf(file, sizeof(file), "%.*s", hash ? (int)(hash - name) : (int)strlen(name), name);
    if (hash)
        snprintf(define, sizeof(define), "#define %s\n", hash + 1);
    const char *src = gfx_shader_source(file);
    if (!src) {
        pv_error("shader %s is missing from the build", file);
        return 0;
    }
    const char *eol = strchr(src, '\n');
    int first = eol ? (int)(eol - src + 1) : 0;
    const char *parts[3] = {src, define, src + first};
    const GLint lens[3] = {first, (GLint)strlen(define), -1};
    GLuint s = glCreateShader(type);
    glShaderSource(s, 3, parts, lens);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetShaderInfoLog(s, sizeof(log), NULL, log);
        pv_error("shader %s: %s", name, log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

static bool link(program *p, const char *vs_name, const char *fs_name)
{
    GLuint vs = compile(GL_VERTEX_SHADER, vs_name), fs = compile(GL_FRAGMENT_SHADER, fs_name);
    if (!vs || !fs)
        return false;
    p->id = glCreateProgram();
    glAttachShader(p->id, vs);
    glAttachShader(p->id, fs);
    glLinkProgram(p->id);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p->id, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048];
        glGetProgramInfoLog(p->id, sizeof(log), NULL, log);
        pv_error("shaders %s + %s: %s", vs_name, fs_name, log);
        return false;
    }
    p->u_mvp = glGetUniformLocation(p->id, "u_mvp");
    p->u_tex = glGetUniformLocation(p->id, "u_tex");
    p->u_alpha = glGetUniformLocation(p->id, "u_alpha");
    p->u_rect = glGetUniformLocation(p->id, "u_rect");
    p->u_screen = glGetUniformLocation(p->id, "u_screen");
    p->u_mode = glGetUniformLocation(p->id, "u_mode");
    p->u_tint = glGetUniformLocation(p->id, "u_tint");
    p->u_hover = glGetUniformLocation(p->id, "u_hover");
    p->u_icon = glGetUniformLocation(p->id, "u_icon");
    p->u_radius = glGetUniformLocation(p->id, "u_radius");
    p->u_border = glGetUniformLocation(p->id, "u_border");
    p->u_offset = glGetUniformLocation(p->id, "u_offset");
    p->u_rot = glGetUniformLocation(p->id, "u_rot");
    p->u_tan = glGetUniformLocation(p->id, "u_tan");
    p->u_max_aniso = glGetUniformLocation(p->id, "u_max_aniso");
    p->u_lod_bias = glGetUniformLocation(p->id, "u_lod_bias");
    p->u_fwd = glGetUniformLocation(p->id, "u_fwd");
    p->u_k = glGetUniformLocation(p->id, "u_k");
    p->u_lod = glGetUniformLocation(p->id, "u_lod");
    struct { GLint *loc; const char *name; } more[] = {
        {&p->u_model, "u_model"}, {&p->u_normal_matrix, "u_normal_matrix"},
        {&p->u_view_proj, "u_view_proj"}, {&p->u_base_color, "u_base_color"},
        {&p->u_metallic, "u_metallic"}, {&p->u_roughness, "u_roughness"},
        {&p->u_emissive, "u_emissive"}, {&p->u_alpha_mode, "u_alpha_mode"},
        {&p->u_alpha_cutoff, "u_alpha_cutoff"}, {&p->u_has_normal_map, "u_has_normal_map"},
        {&p->u_has_tangents, "u_has_tangents"}, {&p->u_tex_base, "u_tex_base"},
        {&p->u_tex_mr, "u_tex_mr"}, {&p->u_tex_normal, "u_tex_normal"},
        {&p->u_tex_occlusion, "u_tex_occlusion"}, {&p->u_tex_emissive, "u_tex_emissive"},
        {&p->u_eye, "u_eye"}, {&p->u_light_dir, "u_light_dir"},
        {&p->u_light_color, "u_light_color"}, {&p->u_sh, "u_sh"}, {&p->u_env, "u_env"},
        {&p->u_env_levels, "u_env_levels"}, {&p->u_exposure, "u_exposure"},
        {&p->u_shadow, "u_shadow"}, {&p->u_light_vp, "u_light_vp"},
        {&p->u_has_shadow, "u_has_shadow"}, {&p->u_y, "u_y"}, {&p->u_u, "u_u"},
        {&p->u_v, "u_v"}, {&p->u_nv12, "u_nv12"}, {&p->u_matrix, "u_matrix"},
        {&p->u_scale, "u_scale"}, {&p->u_corners, "u_corners"}, {&p->u_is_screen, "u_is_screen"},
    };
    for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
        *more[i].loc = glGetUniformLocation(p->id, more[i].name);
    return true;
}

bool gfx_program_link(program *p, const char *vs_name, const char *fs_name)
{
    return link(p, vs_name, fs_name);
}

/* Face corners as in asset/pano.c: texel (i, j) of face f lies along c + a*r - b*u. */
static const float s_c[6][3] = {{0, 0, -1}, {1, 0, 0}, {0, 0, 1}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}};
static const float s_r[6][3] = {{1, 0, 0}, {0, 0, 1}, {-1, 0, 0}, {0, 0, -1}, {1, 0, 0}, {1, 0, 0}};
static const float s_u[6][3] = {{0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, -1}};

pv_result gfx_create(gfx **out)
{
    *out = NULL;
    glewExperimental = GL_TRUE;
    GLenum err = glewInit();
    /* Under EGL (the offscreen driver) GLEW loads the GL entry points and then fails to find
     * a GLX display: that error is expected and harmless. */
    if (err != GLEW_OK && err != GLEW_ERROR_NO_GLX_DISPLAY) {
        pv_error("cannot load OpenGL functions: %s", (const char *)glewGetErrorString(err));
        return PV_ERR_GL;
    }
    if (!glGenVertexArrays || !glCreateShader || !glGenFramebuffers) {
        pv_error("this system's OpenGL lacks 3.3 core functions");
        return PV_ERR_GL;
    }
    glGetError(); /* GLEW may leave GL_INVALID_ENUM behind on core profiles */
    gfx *g = pv_calloc(1, sizeof(*g));
    snprintf(g->renderer, sizeof(g->renderer), "%s (%s)", (const char *)glGetString(GL_RENDERER),
             (const char *)glGetString(GL_VERSION));
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &g->max_texture_size);
    g->has_texture_storage = GLEW_ARB_texture_storage && glTexStorage2D;
    if (!link(&g->pano, "pano.vert.glsl", "pano.frag.glsl") ||
        !link(&g->pano_cube, "pano.vert.glsl", "pano.frag.glsl#CUBE_MAP") ||
        !link(&g->ui, "ui.vert.glsl", "ui.frag.glsl") ||
        !link(&g->blit, "blit.vert.glsl", "blit.frag.glsl") ||
        !link(&g->sphere, "pano_sphere.vert.glsl", "pano_sphere.frag.glsl") ||
        !link(&g->sphere_poles, "pano_sphere.vert.glsl", "pano_sphere.frag.glsl#PER_PIXEL_LOD") ||
        !link(&g->model, "model.vert.glsl", "model.frag.glsl") ||
        !link(&g->shadow, "shadow.vert.glsl", "shadow.frag.glsl") ||
        !link(&g->video, "ui.vert.glsl", "video.frag.glsl") ||
        !link(&g->video3d, "video3d.vert.glsl", "video.frag.glsl") ||
        !link(&g->video360, "equirect.vert.glsl", "video360.frag.glsl") ||
        !link(&g->video_sphere, "video_sphere.vert.glsl", "video.frag.glsl")) {
        gfx_destroy(&g);
        return PV_ERR_GL;
    }
    /* Cube maps (cube panoramas) filter across their faces' edges as within a face. */
    glEnable(GL_TEXTURE_CUBE_MAP_SEAMLESS);
    /* The cube: 6 faces x 2 triangles, position + uv. */
    float verts[6 * 6 * 5];
    int k = 0;
    static const float corner[6][2] = {{-1, 1}, {1, 1}, {1, -1}, {-1, 1}, {1, -1}, {-1, -1}};
    for (int f = 0; f < 6; f++) {
        for (int v = 0; v < 6; v++) {
            float a = corner[v][0], b = -corner[v][1];
            for (int i = 0; i < 3; i++)
                verts[k++] = s_c[f][i] + a * s_r[f][i] - b * s_u[f][i];
            verts[k++] = (a + 1.0f) * 0.5f;
            verts[k++] = (b + 1.0f) * 0.5f;
        }
    }
    glGenVertexArrays(1, &g->cube_vao);
    glBindVertexArray(g->cube_vao);
    glGenBuffers(1, &g->cube_vbo);
    glBindBuffer(GL_ARRAY_BUFFER, g->cube_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof(verts), verts, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 5 * sizeof(float), (void *)0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 5 * sizeof(float), (void *)(3 * sizeof(float)));

    static const float quad[] = {0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1};
    glGenVertexArrays(1, &g->quad_vao);
    glBindVertexArray(g->quad_vao);
    glGenBuffers(1, &g->quad_vbo);
    glBindBuffer(GL_ARRAY_BUFFER, g->quad_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof(quad), quad, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), (void *)0);
    glBindVertexArray(0);

    const uint8_t white[4] = {255, 255, 255, 255};
    glGenTextures(1, &g->white);
    glBindTexture(GL_TEXTURE_2D, g->white);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, white);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    const uint8_t flat[4] = {128, 128, 255, 255};
    glGenTextures(1, &g->flat_normal);
    glBindTexture(GL_TEXTURE_2D, g->flat_normal);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, flat);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    uint8_t grey[6 * 4];
    for (int i = 0; i < 24; i++)
        grey[i] = i % 4 == 3 ? 255 : (i / 4 == 4 ? 200 : 150); /* brighter from above */
    glGenTextures(1, &g->grey_env);
    glBindTexture(GL_TEXTURE_2D_ARRAY, g->grey_env);
    glTexImage3D(GL_TEXTURE_2D_ARRAY, 0, GL_RGBA8, 1, 1, 6, 0, GL_RGBA, GL_UNSIGNED_BYTE, grey);
    glTexParameteri(GL_TEXTURE_2D_ARRAY, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D_ARRAY, GL_TEXTURE_MAG_FILTER, GL_NEAREST);

    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    GLenum e = glGetError();
    if (e != GL_NO_ERROR) {
        pv_error("OpenGL set-up failed (error 0x%x)", e);
        gfx_destroy(&g);
        return PV_ERR_GL;
    }
    *out = g;
    return PV_OK;
}

void gfx_destroy(gfx **pg)
{
    gfx *g = *pg;
    if (!g)
        return;
    if (g->pano.id)
        glDeleteProgram(g->pano.id);
    if (g->pano_cube.id)
        glDeleteProgram(g->pano_cube.id);
    if (g->ui.id)
        glDeleteProgram(g->ui.id);
    if (g->blit.id)
        glDeleteProgram(g->blit.id);
    if (g->sphere.id)
        glDeleteProgram(g->sphere.id);
    if (g->sphere_poles.id)
        glDeleteProgram(g->sphere_poles.id);
    gfx_sphere_release(g);
    if (g->model.id)
        glDeleteProgram(g->model.id);
    if (g->shadow.id)
        glDeleteProgram(g->shadow.id);
    if (g->video.id)
        glDeleteProgram(g->video.id);
    if (g->video3d.id)
        glDeleteProgram(g->video3d.id);
    if (g->video360.id)
        glDeleteProgram(g->video360.id);
    if (g->video_sphere.id)
        glDeleteProgram(g->video_sphere.id);
    if (g->sphere_vao) {
        glDeleteVertexArrays(1, &g->sphere_vao);
        glDeleteBuffers(1, &g->sphere_vbo);
        glDeleteBuffers(1, &g->sphere_ibo);
    }
    glDeleteFramebuffers(1, &g->msaa_fbo);
    glDeleteRenderbuffers(1, &g->msaa_color);
    glDeleteRenderbuffers(1, &g->msaa_depth);
    glDeleteTextures(1, &g->flat_normal);
    glDeleteTextures(1, &g->grey_env);
    glDeleteVertexArrays(1, &g->cube_vao);
    glDeleteBuffers(1, &g->cube_vbo);
    glDeleteVertexArrays(1, &g->quad_vao);
    glDeleteBuffers(1, &g->quad_vbo);
    glDeleteTextures(1, &g->white);
    free(g);
    *pg = NULL;
}

int gfx_max_texture_size(const gfx *g) { return g->max_texture_size; }
const char *gfx_renderer_name(const gfx *g) { return g->renderer; }

void gfx_begin(gfx *g, int width, int height, const float rgb[3])
{
    g->width = width;
    g->height = height;
    memcpy(g->clear_rgb, rgb, sizeof(g->clear_rgb));
    glViewport(0, 0, width, height);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_BLEND);
    glClearColor(rgb[0], rgb[1], rgb[2], 1.0f);
    glDepthMask(GL_TRUE);
    glClearDepth(1.0);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void gfx_finish(gfx *g) { glFinish(); }

void gfx_msaa_begin(gfx *g, int width, int height, int samples)
{
    GLint max_samples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
    samples = samples > max_samples ? max_samples : samples;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &g->msaa_resolve_to);
    if (samples < 2)
        return;
    if (!g->msaa_fbo || g->msaa_width != width || g->msaa_height != height ||
        g->msaa_samples != samples) {
        if (!g->msaa_fbo) {
            glGenFramebuffers(1, &g->msaa_fbo);
            glGenRenderbuffers(1, &g->msaa_color);
            glGenRenderbuffers(1, &g->msaa_depth);
        }
        glBindRenderbuffer(GL_RENDERBUFFER, g->msaa_color);
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height);
        glBindRenderbuffer(GL_RENDERBUFFER, g->msaa_depth);
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH_COMPONENT24, width,
                                         height);
        glBindFramebuffer(GL_FRAMEBUFFER, g->msaa_fbo);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                                  g->msaa_color);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER,
                                  g->msaa_depth);
        g->msaa_width = width;
        g->msaa_height = height;
        g->msaa_samples = samples;
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
            pv_warn("no %dx multisampling here: booth edges are not smoothed", samples);
            g->msaa_samples = 0;
            glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)g->msaa_resolve_to);
            return;
        }
    }
    glBindFramebuffer(GL_FRAMEBUFFER, g->msaa_fbo);
    glViewport(0, 0, width, height);
    glDepthMask(GL_TRUE);
    glClearColor(g->clear_rgb[0], g->clear_rgb[1], g->clear_rgb[2], 1);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void gfx_msaa_end(gfx *g)
{
    GLint bound = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &bound);
    if (!g->msaa_fbo || (GLuint)bound != g->msaa_fbo)
        return; /* begin did not switch */
    glBindFramebuffer(GL_READ_FRAMEBUFFER, g->msaa_fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, (GLuint)g->msaa_resolve_to);
    glBlitFramebuffer(0, 0, g->msaa_width, g->msaa_height, 0, 0, g->msaa_width,
                      g->msaa_height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)g->msaa_resolve_to);
}

/* ---- panoramas ---- */

/* Asset's faces as GL's cube-map faces: GL's orientation is asset_cube_texel_dir's with z
 * turned round (pano.frag.glsl), so each face's rows go up as they are. */
static const GLenum s_cube_target[ASSET_FACE_COUNT] = {
    GL_TEXTURE_CUBE_MAP_POSITIVE_Z, GL_TEXTURE_CUBE_MAP_POSITIVE_X,
    GL_TEXTURE_CUBE_MAP_NEGATIVE_Z, GL_TEXTURE_CUBE_MAP_NEGATIVE_X,
    GL_TEXTURE_CUBE_MAP_POSITIVE_Y, GL_TEXTURE_CUBE_MAP_NEGATIVE_Y};

gfx_pano *gfx_pano_create(gfx *g, const asset_cube *cube)
{
    gfx_pano *p = pv_calloc(1, sizeof(*p));
    p->size = cube->size;
    p->levels = cube->levels;
    glGenTextures(1, &p->cube_tex);
    glBindTexture(GL_TEXTURE_CUBE_MAP, p->cube_tex);
    /* Immutable storage for every face's whole chain, then each level as its face arrives:
     * with per-level glTexImage2D, Mesa keeps levels apart and copies them all once more when
     * the texture is first used (an 8K panorama uploaded in 1.3 s instead of 0.2 s). Without
     * it, every face and level is defined now so the cube is complete from the first face. */
    if (g->has_texture_storage) {
        glTexStorage2D(GL_TEXTURE_CUBE_MAP, cube->levels, GL_RGBA8, cube->size, cube->size);
    } else {
        for (int f = 0; f < ASSET_FACE_COUNT; f++) {
            int n = cube->size;
            for (int l = 0; l < cube->levels; l++, n = n / 2 > 0 ? n / 2 : 1)
                glTexImage2D(s_cube_target[f], l, GL_RGBA8, n, n, 0, GL_RGBA,
                             GL_UNSIGNED_BYTE, NULL);
        }
    }
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_BASE_LEVEL, 0);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAX_LEVEL, cube->levels - 1);
    gfx_sampling(GL_TEXTURE_CUBE_MAP, GL_LINEAR_MIPMAP_NEAREST, GL_LINEAR, GL_CLAMP_TO_EDGE,
                 GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_R, GL_CLAMP_TO_EDGE);
    gfx_pano_update(g, p, cube);
    return p;
}

bool gfx_pano_update(gfx *g, gfx_pano *p, const asset_cube *cube)
{
    (void)g;
    bool all = true;
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        if (p->uploaded[f])
            continue;
        if (!atomic_load_explicit(&cube->face_ready[f], memory_order_acquire)) {
            all = false;
            continue;
        }
        glBindTexture(GL_TEXTURE_CUBE_MAP, p->cube_tex);
        int n = cube->size;
        for (int l = 0; l < cube->levels; l++, n = n / 2 > 0 ? n / 2 : 1) {
            glTexSubImage2D(s_cube_target[f], l, 0, 0, n, n, GL_RGBA, GL_UNSIGNED_BYTE,
                            cube->face[f][l]);
            p->bytes += (size_t)n * (size_t)n * 4;
        }
        p->uploaded[f] = true;
    }
    return all;
}

bool gfx_pano_complete(const gfx_pano *p)
{
    if (p->eq_tex || p->tiled)
        return true;
    for (int f = 0; f < ASSET_FACE_COUNT; f++)
        if (!p->uploaded[f])
            return false;
    return true;
}

int gfx_pano_face_size(const gfx_pano *p) { return p->eq_tex ? p->eq_w : p->size; }
size_t gfx_pano_bytes(const gfx_pano *p)
{
    return p ? (p->tiled ? gfx_tiled_bytes(p->tiled) : p->bytes) : 0;
}

void gfx_pano_destroy(gfx *g, gfx_pano **pp)
{
    gfx_pano *p = *pp;
    if (!p)
        return;
    if (p->tiled)
        gfx_tiled_destroy(g, &p->tiled);
    else if (p->eq_tex)
        gfx_sphere_recycle(g, p->eq_tex, p->eq_w, p->eq_h, p->eq_levels);
    else
        glDeleteTextures(1, &p->cube_tex);
    free(p);
    *pp = NULL;
}

void gfx_pano_mvp(const pv_view *view, int width, int height, float out[16])
{
    float r[9];
    pv_view_rotation(view, r);
    /* world -> camera is R^T; cglm matrices are column-major: m[col][row]. */
    mat4 vm = GLM_MAT4_IDENTITY_INIT;
    for (int row = 0; row < 3; row++)
        for (int col = 0; col < 3; col++)
            vm[col][row] = r[col * 3 + row];
    mat4 proj, mvp;
    float vfov = pv_view_vfov(view->fov, width, height);
    glm_perspective(glm_rad(vfov), (float)width / (float)height, 0.05f, 10.0f, proj);
    glm_mat4_mul(proj, vm, mvp);
    memcpy(out, mvp, sizeof(mvp));
}

void gfx_ray_camera(const pv_view *view, int width, int height, float rot[9], float *tan_x,
                    float *tan_y)
{
    float r[9];
    pv_view_rotation(view, r);
    for (int row = 0; row < 3; row++) /* GL wants columns first */
        for (int col = 0; col < 3; col++)
            rot[col * 3 + row] = r[row * 3 + col];
    *tan_x = tanf((float)PV_DEG2RAD(view->fov) * 0.5f);
    *tan_y = *tan_x * (float)height / (float)width;
}

/* Blending for `alpha`, program `prog` (pano.*.glsl) with the view's projection, unit 0. */
static void faces_begin(const program *prog, const pv_view *view, int width, int height,
                        float alpha)
{
    float mvp[16];
    gfx_pano_mvp(view, width, height, mvp);
    if (alpha < 1.0f) {
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    } else {
        glDisable(GL_BLEND);
    }
    glUseProgram(prog->id);
    glUniformMatrix4fv(prog->u_mvp, 1, GL_FALSE, mvp);
    glUniform1i(prog->u_tex, 0);
    glUniform1f(prog->u_alpha, alpha);
    glActiveTexture(GL_TEXTURE0);
}

void gfx_pano_faces_begin(gfx *g, const pv_view *view, int width, int height, float alpha)
{
    faces_begin(&g->pano, view, width, height, alpha);
}

void gfx_draw_pano(gfx *g, const gfx_pano *p, const pv_view *view, int width, int height,
                   float alpha)
{
    if (p->eq_tex) {
        gfx_sphere_draw(g, p->eq_tex, p->eq_h, view, width, height, alpha);
        return;
    }
    if (p->tiled) {
        gfx_tiled_draw(g, p->tiled, view, width, height, alpha);
        return;
    }
    /* One cube map, filtered across face edges (GL_TEXTURE_CUBE_MAP_SEAMLESS, gfx_create);
     * faces not uploaded yet are left out. */
    faces_begin(&g->pano_cube, view, width, height, alpha);
    glBindTexture(GL_TEXTURE_CUBE_MAP, p->cube_tex);
    glBindVertexArray(g->cube_vao);
    for (int f = 0; f < ASSET_FACE_COUNT; f++)
        if (p->uploaded[f])
            glDrawArrays(GL_TRIANGLES, f * 6, 6);
    glBindVertexArray(0);
}

/* ---- screen-space ---- */

gfx_image *gfx_image_create(gfx *g, int width, int height, const uint8_t *rgba)
{
    gfx_image *img = pv_calloc(1, sizeof(*img));
    img->width = width;
    img->height = height;
    glGenTextures(1, &img->tex);
    glBindTexture(GL_TEXTURE_2D, img->tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    gfx_sampling(GL_TEXTURE_2D, GL_LINEAR, GL_LINEAR, GL_CLAMP_TO_EDGE, GL_CLAMP_TO_EDGE);
    return img;
}

void gfx_image_destroy(gfx *g, gfx_image **pimg)
{
    gfx_image *img = *pimg;
    if (!img)
        return;
    glDeleteTextures(1, &img->tex);
    free(img);
    *pimg = NULL;
}

void gfx_image_size(const gfx_image *img, int *w, int *h)
{
    *w = img->width;
    *h = img->height;
}

static void ui_begin(gfx *g, float x, float y, float w, float h, int mode)
{
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(g->ui.id);
    glUniform4f(g->ui.u_rect, x, y, w, h);
    glUniform2f(g->ui.u_screen, (float)g->width, (float)g->height);
    glUniform1i(g->ui.u_mode, mode);
    glUniform1i(g->ui.u_tex, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(g->quad_vao);
}

void gfx_draw_image(gfx *g, const gfx_image *img, float x, float y, float w, float h, float alpha)
{
    ui_begin(g, x, y, w, h, 0);
    glUniform4f(g->ui.u_tint, alpha, alpha, alpha, alpha);
    glBindTexture(GL_TEXTURE_2D, img->tex);
    glDrawArrays(GL_TRIANGLES, 0, 6);
}

void gfx_set_clip(gfx *g, float x, float y, float w, float h)
{
    if (w <= 0 || h <= 0) {
        glDisable(GL_SCISSOR_TEST);
        return;
    }
    /* GL counts rows from the bottom */
    int x0 = (int)floorf(x), y0 = (int)floorf(y), x1 = (int)ceilf(x + w), y1 = (int)ceilf(y + h);
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, g->height - y1, x1 - x0, y1 - y0);
}

static void draw_rounded(gfx *g, float x, float y, float w, float h, float radius, float border,
                         const float rgba[4])
{
    ui_begin(g, x, y, w, h, 2);
    glUniform4f(g->ui.u_tint, rgba[0] * rgba[3], rgba[1] * rgba[3], rgba[2] * rgba[3], rgba[3]);
    glUniform1f(g->ui.u_radius, radius);
    glUniform1f(g->ui.u_border, border);
    glBindTexture(GL_TEXTURE_2D, g->white);
    glDrawArrays(GL_TRIANGLES, 0, 6);
}

void gfx_draw_rect(gfx *g, float x, float y, float w, float h, float radius, const float rgba[4])
{
    draw_rounded(g, x, y, w, h, radius, 0, rgba);
}

void gfx_draw_frame(gfx *g, float x, float y, float w, float h, float radius, float width,
                    const float rgba[4])
{
    draw_rounded(g, x, y, w, h, radius, width > 0 ? width : 1, rgba);
}

void gfx_draw_marker(gfx *g, float cx, float cy, float diameter, gfx_marker_icon icon,
                     float hover, float alpha)
{
    float d = diameter + 4.0f;
    ui_begin(g, cx - d * 0.5f, cy - d * 0.5f, d, d, 1);
    glUniform4f(g->ui.u_tint, alpha, alpha, alpha, alpha);
    glUniform1f(g->ui.u_hover, hover);
    glUniform1i(g->ui.u_icon, (int)icon);
    glBindTexture(GL_TEXTURE_2D, g->white);
    glDrawArrays(GL_TRIANGLES, 0, 6);
}

/* ---- targets ---- */

gfx_target *gfx_target_create(gfx *g, int width, int height)
{
    gfx_target *t = pv_calloc(1, sizeof(*t));
    t->width = width;
    t->height = height;
    glGenFramebuffers(1, &t->fbo);
    glGenRenderbuffers(1, &t->color);
    glBindRenderbuffer(GL_RENDERBUFFER, t->color);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glGenRenderbuffers(1, &t->depth);
    glBindRenderbuffer(GL_RENDERBUFFER, t->depth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, t->color);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, t->depth);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        pv_error("cannot create a %dx%d offscreen target", width, height);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        gfx_target_destroy(g, &t);
        return NULL;
    }
    return t;
}

void gfx_target_bind(gfx *g, gfx_target *t) { glBindFramebuffer(GL_FRAMEBUFFER, t ? t->fbo : 0); }

void gfx_target_destroy(gfx *g, gfx_target **pt)
{
    gfx_target *t = *pt;
    if (!t)
        return;
    glDeleteFramebuffers(1, &t->fbo);
    glDeleteRenderbuffers(1, &t->color);
    glDeleteRenderbuffers(1, &t->depth);
    free(t);
    *pt = NULL;
}

void gfx_read_pixels(gfx *g, int width, int height, uint8_t *rgba)
{
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    size_t stride = (size_t)width * 4;
    uint8_t *tmp = pv_malloc(stride);
    for (int y = 0; y < height / 2; y++) {
        uint8_t *a = rgba + stride * (size_t)y, *b = rgba + stride * (size_t)(height - 1 - y);
        memcpy(tmp, a, stride);
        memcpy(a, b, stride);
        memcpy(b, tmp, stride);
    }
    free(tmp);
}

void gfx_draw_blit(gfx *g, const gfx_image *img, float offset)
{
    glDisable(GL_BLEND);
    glUseProgram(g->blit.id);
    glUniform1i(g->blit.u_tex, 0);
    glUniform2f(g->blit.u_offset, offset, 0.0f);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, img->tex);
    glBindVertexArray(g->quad_vao);
    glDrawArrays(GL_TRIANGLES, 0, 6);
}
