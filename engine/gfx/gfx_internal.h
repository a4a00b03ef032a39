/* gfx internals shared by the files of the module. Main thread only. */
#ifndef PV_GFX_INTERNAL_H
#define PV_GFX_INTERNAL_H

#include "gfx/gfx.h"
#include "asset/tiles.h"

#include <GL/glew.h>
#include <cglm/cglm.h>

const char *gfx_shader_source(const char *name); /* generated from shaders/ by CMake */

typedef struct program {
    GLuint id;
    GLint u_mvp, u_tex, u_alpha, u_rect, u_screen, u_mode, u_tint, u_hover, u_icon, u_radius,
        u_border, u_offset, u_rot, u_tan, u_max_aniso, u_lod_bias, u_fwd, u_k, u_lod;
    /* model.* */
    GLint u_model, u_normal_matrix, u_view_proj, u_base_color, u_metallic, u_roughness,
        u_emissive, u_alpha_mode, u_alpha_cutoff, u_has_normal_map, u_has_tangents, u_tex_base,
        u_tex_mr, u_tex_normal, u_tex_occlusion, u_tex_emissive, u_eye, u_light_dir,
        u_light_color, u_sh, u_env, u_env_levels, u_exposure, u_shadow, u_light_vp,
        u_has_shadow, u_y, u_u, u_v, u_nv12, u_matrix, u_scale, u_corners, u_is_screen;
} program;

struct gfx {
    program pano, pano_cube, ui, blit, sphere, sphere_poles, model, shadow, video, video3d,
        video360, video_sphere;
    GLuint cube_vao, cube_vbo;
    GLuint quad_vao, quad_vbo;
    GLuint sphere_vao, sphere_vbo, sphere_ibo; /* 360 videos, made on first use */
    int sphere_index_count;
    struct { GLuint tex; int w, h, levels; } spare; /* one panorama texture kept for reuse */
    GLuint pano_level0, pano_level0_repeat;    /* samplers: level 0 only, clamped and repeating
                                                * across yaw 180 (sphere.c) */
    GLuint white, flat_normal, grey_env;
    GLuint msaa_fbo, msaa_color, msaa_depth;
    int msaa_width, msaa_height, msaa_samples;
    GLint msaa_resolve_to;   /* the framebuffer bound when begin was called */
    int max_texture_size;
    bool has_texture_storage;
    int width, height;
    float clear_rgb[3];      /* the colour of the last gfx_begin */
    char renderer[256];
};

/* Compiles and links shaders/<vs_name> and <fs_name> into `p` and looks up its uniforms; logs
 * and returns false on an error. */
bool gfx_program_link(program *p, const char *vs_name, const char *fs_name);

/* A panorama: a cube map of six faces with mip levels (booth backdrops, `cube` places), its
 * own equirectangular image with mip levels (places; drawn on a sphere by sphere.c) or a
 * multires pyramid (tiles.c). */
struct gfx_pano {
    GLuint cube_tex;           /* GL_TEXTURE_CUBE_MAP, faces as asset's (gfx.c) */
    bool uploaded[6];          /* per asset face: its levels are in cube_tex */
    int size, levels;
    size_t bytes;
    GLuint eq_tex;             /* non-zero for an equirectangular panorama */
    int eq_w, eq_h, eq_levels;
    struct gfx_tiled *tiled;   /* non-NULL for a multires pyramid streamed by view (tiles.c) */
};

/* tiles.c: the streamed pyramid behind a gfx_pano. */
typedef struct gfx_tiled gfx_tiled;
void gfx_tiled_draw(gfx *g, gfx_tiled *t, const pv_view *view, int width, int height,
                    float alpha);
size_t gfx_tiled_bytes(const gfx_tiled *t);
void gfx_tiled_destroy(gfx *g, gfx_tiled **t);

/* sphere.c: draws an equirectangular texture (GL_REPEAT across yaw +-180) around the eye. */
void gfx_sphere_draw(gfx *g, GLuint tex, int h, const pv_view *view, int width,
                     int height, float alpha);
/* Hands a panorama texture back for reuse by the next one of the same size. */
void gfx_sphere_recycle(gfx *g, GLuint tex, int w, int h, int levels);
void gfx_sphere_release(gfx *g);

/* Filtering and wrapping of the texture bound to `target`. */
static inline void gfx_sampling(GLenum target, GLint min, GLint mag, GLint wrap_s, GLint wrap_t)
{
    glTexParameteri(target, GL_TEXTURE_MIN_FILTER, min);
    glTexParameteri(target, GL_TEXTURE_MAG_FILTER, mag);
    glTexParameteri(target, GL_TEXTURE_WRAP_S, wrap_s);
    glTexParameteri(target, GL_TEXTURE_WRAP_T, wrap_t);
}

/* For shaders that cast a ray per pixel (equirect.vert.glsl): the camera-to-world rotation
 * (column-major mat3) and the tangents of the half fields of view. */
void gfx_ray_camera(const pv_view *view, int width, int height, float rot[9], float *tan_x,
                    float *tan_y);
/* Blending for `alpha`, the 2D face program (pano.*.glsl; multires tiles) with the view's
 * projection, and texture unit 0: then bind a face's texture and draw its triangles. */
void gfx_pano_faces_begin(gfx *g, const pv_view *view, int width, int height, float alpha);
/* The panorama's projection: view rotation and perspective for a window size. */
void gfx_pano_mvp(const pv_view *view, int width, int height, float out[16]);
/* Binds a video's planes to texture units unit..unit+2 and sets the conversion uniforms of `p`
 * (u_y/u_u/u_v, u_nv12, u_matrix, u_offset, u_scale). */
void gfx_video_bind(const program *p, const gfx_video *v, int unit);

#endif
