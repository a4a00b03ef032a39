/* gfx/video: video frames as textures of their planes (no CPU colour conversion), converted
 * to RGB in the shader with the stream's matrix and range. Main thread only. */
#include "gfx/gfx_internal.h"

#include <stdlib.h>
#include <string.h>

struct gfx_video {
    GLuint tex[3];
    int width, height, format, matrix;
    bool full_range, has_frame;
};

gfx_video *gfx_video_create(gfx *g)
{
    gfx_video *v = pv_calloc(1, sizeof(*v));
    glGenTextures(3, v->tex);
    for (int i = 0; i < 3; i++) {
        glBindTexture(GL_TEXTURE_2D, v->tex[i]);
        gfx_sampling(GL_TEXTURE_2D, GL_LINEAR, GL_LINEAR, GL_CLAMP_TO_EDGE, GL_CLAMP_TO_EDGE);
    }
    return v;
}

void gfx_video_destroy(gfx *g, gfx_video **pv)
{
    gfx_video *v = *pv;
    if (!v)
        return;
    glDeleteTextures(3, v->tex);
    free(v);
    *pv = NULL;
}

/* One plane: `texel_bytes` 1 (R8) or 2 (RG8); rows may be padded beyond the picture. */
static void upload_plane(GLuint tex, int w, int h, int texel_bytes, const uint8_t *data,
                         int linesize, bool realloc_storage)
{
    glBindTexture(GL_TEXTURE_2D, tex);
    uint8_t *packed = NULL;
    if (linesize % texel_bytes) {
        /* A row stride GL cannot express in texels: repack the rows tightly. */
        size_t row = (size_t)w * (size_t)texel_bytes;
        packed = pv_malloc(row * (size_t)h);
        for (int y = 0; y < h; y++)
            memcpy(packed + row * (size_t)y, data + (size_t)linesize * (size_t)y, row);
        data = packed;
        linesize = (int)row;
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, linesize / texel_bytes);
    GLenum fmt = texel_bytes == 2 ? GL_RG : GL_RED;
    GLint ifmt = texel_bytes == 2 ? GL_RG8 : GL_R8;
    if (realloc_storage)
        glTexImage2D(GL_TEXTURE_2D, 0, ifmt, w, h, 0, fmt, GL_UNSIGNED_BYTE, data);
    else
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, fmt, GL_UNSIGNED_BYTE, data);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    free(packed);
}

void gfx_video_upload(gfx *g, gfx_video *v, const gfx_yuv_desc *f)
{
    bool realloc_storage = !v->has_frame || v->width != f->width || v->height != f->height ||
                           v->format != f->format;
    int cw = (f->width + 1) / 2, ch = (f->height + 1) / 2; /* 4:2:0 chroma, odd sizes round up */
    upload_plane(v->tex[0], f->width, f->height, 1, f->planes[0], f->linesize[0],
                 realloc_storage);
    if (f->format == GFX_YUV_NV12) {
        upload_plane(v->tex[1], cw, ch, 2, f->planes[1], f->linesize[1], realloc_storage);
    } else {
        upload_plane(v->tex[1], cw, ch, 1, f->planes[1], f->linesize[1], realloc_storage);
        upload_plane(v->tex[2], cw, ch, 1, f->planes[2], f->linesize[2], realloc_storage);
    }
    v->width = f->width;
    v->height = f->height;
    v->format = f->format;
    v->matrix = f->matrix;
    v->full_range = f->full_range;
    v->has_frame = true;
}

bool gfx_video_has_frame(const gfx_video *v) { return v && v->has_frame; }

void gfx_video_size(const gfx_video *v, int *w, int *h)
{
    *w = v && v->has_frame ? v->width : 0;
    *h = v && v->has_frame ? v->height : 0;
}

void gfx_video_bind(const program *p, const gfx_video *v, int unit)
{
    /* Kr/Kb of each standard; rows of the matrix taking centred Y'CbCr to R'G'B'. */
    float kr = v->matrix == GFX_MATRIX_BT709 ? 0.2126f : 0.299f;
    float kb = v->matrix == GFX_MATRIX_BT709 ? 0.0722f : 0.114f;
    float kg = 1.0f - kr - kb;
    /* column-major mat3: columns are the contributions of Y, Cb, Cr */
    float m[9] = {1.0f, 1.0f, 1.0f,
                  0.0f, -2.0f * kb * (1.0f - kb) / kg, 2.0f * (1.0f - kb),
                  2.0f * (1.0f - kr), -2.0f * kr * (1.0f - kr) / kg, 0.0f};
    float off[3] = {v->full_range ? 0.0f : 16.0f / 255.0f, 128.0f / 255.0f, 128.0f / 255.0f};
    float sc[3] = {v->full_range ? 1.0f : 255.0f / 219.0f, v->full_range ? 1.0f : 255.0f / 224.0f,
                   v->full_range ? 1.0f : 255.0f / 224.0f};
    glUniformMatrix3fv(p->u_matrix, 1, GL_FALSE, m);
    glUniform3fv(p->u_offset, 1, off);
    glUniform3fv(p->u_scale, 1, sc);
    glUniform1i(p->u_nv12, v->format == GFX_YUV_NV12);
    for (int i = 0; i < 3; i++) {
        glActiveTexture(GL_TEXTURE0 + (GLenum)(unit + i));
        glBindTexture(GL_TEXTURE_2D, v->tex[i]);
    }
    glUniform1i(p->u_y, unit);
    glUniform1i(p->u_u, unit + 1);
    glUniform1i(p->u_v, unit + 2);
    glActiveTexture(GL_TEXTURE0);
}

void gfx_draw_video(gfx *g, const gfx_video *v, float x, float y, float w, float h, float alpha)
{
    if (!v->has_frame)
        return;
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(g->video.id);
    glUniform4f(g->video.u_rect, x, y, w, h);
    glUniform2f(g->video.u_screen, (float)g->width, (float)g->height);
    glUniform1f(g->video.u_alpha, alpha);
    gfx_video_bind(&g->video, v, 0);
    glBindVertexArray(g->quad_vao);
    glDrawArrays(GL_TRIANGLES, 0, 6);
    glBindVertexArray(0);
}

/* The corners of a screen on the panorama sphere: an upright rectangle (a real screen stands
 * vertical, also when it hangs above or below eye level) centred on the direction (yaw, pitch)
 * at unit distance, `width` degrees wide as seen straight on, height from the aspect (w / h),
 * in the order top-left, top-right, bottom-right, bottom-left. */
void gfx_sphere_screen_corners(float yaw, float pitch, float width, float aspect,
                               float out[4][3])
{
    float cy = cosf((float)PV_DEG2RAD(yaw)), sy = sinf((float)PV_DEG2RAD(yaw));
    float p = pv_clampf(pitch, -75.0f, 75.0f);
    float cp = cosf((float)PV_DEG2RAD(p)), sp = sinf((float)PV_DEG2RAD(p));
    /* centre: yaw turns right from -Z, pitch up (as the panorama shaders map directions) */
    float f[3] = {sy * cp, sp, -cy * cp};
    float r[3] = {cy, 0.0f, sy}; /* right, horizontal */
    float u[3] = {0.0f, 1.0f, 0.0f};
    float hw = tanf((float)PV_DEG2RAD(width) * 0.5f) * cp; /* at horizontal distance cp */
    float hh = hw / (aspect > 0.01f ? aspect : 16.0f / 9.0f);
    const float sx[4] = {-1, 1, 1, -1}, syy[4] = {1, 1, -1, -1};
    for (int k = 0; k < 4; k++)
        for (int c = 0; c < 3; c++)
            out[k][c] = f[c] + sx[k] * hw * r[c] + syy[k] * hh * u[c];
}

void gfx_draw_video_sphere(gfx *g, const gfx_video *v, const pv_view *view, int width,
                           int height, const float corners[4][3], float alpha)
{
    if (!v->has_frame)
        return;
    float mvp[16];
    gfx_pano_mvp(view, width, height, mvp);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(g->video3d.id);
    glUniformMatrix4fv(g->video3d.u_mvp, 1, GL_FALSE, mvp);
    glUniform3fv(g->video3d.u_corners, 4, &corners[0][0]);
    glUniform1f(g->video3d.u_alpha, alpha);
    gfx_video_bind(&g->video3d, v, 0);
    glBindVertexArray(g->quad_vao);
    glDrawArrays(GL_TRIANGLES, 0, 6);
    glBindVertexArray(0);
}

void gfx_draw_video_360_exact(gfx *g, const gfx_video *v, const pv_view *view, int width,
                              int height, float alpha)
{
    if (!v->has_frame)
        return;
    float m[9], tx, ty;
    gfx_ray_camera(view, width, height, m, &tx, &ty);
    if (alpha < 1.0f) {
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    } else {
        glDisable(GL_BLEND);
    }
    const program *p = &g->video360;
    glUseProgram(p->id);
    glUniformMatrix3fv(p->u_rot, 1, GL_FALSE, m);
    glUniform2f(p->u_tan, tx, ty);
    glUniform1f(p->u_alpha, alpha);
    gfx_video_bind(p, v, 0);
    for (int i = 0; i < 3; i++) { /* longitude wraps around: no seam at the back */
        glActiveTexture(GL_TEXTURE0 + (GLenum)i);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
    }
    glBindVertexArray(g->quad_vao);
    glDrawArrays(GL_TRIANGLES, 0, 6);
    glBindVertexArray(0);
    for (int i = 0; i < 3; i++) {
        glActiveTexture(GL_TEXTURE0 + (GLenum)i);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    }
    glActiveTexture(GL_TEXTURE0);
}

/* The sphere a 360 video is drawn on: SPHERE_COLS x SPHERE_ROWS quads of latitude and
 * longitude. The seam's column of vertices is doubled (u = 0 and u = 1) and each pole gets one
 * vertex per column (u at the column's middle), so no triangle's texture coordinates wrap.
 * 3.75-degree quads keep the flat-triangle approximation of the mapping under a tenth of a
 * texel of a 3840-wide video. */
#define SPHERE_COLS 96
#define SPHERE_ROWS 48

static void make_sphere(gfx *g)
{
    int vcount = (SPHERE_COLS + 1) * (SPHERE_ROWS + 1);
    float *v = pv_malloc(sizeof(float) * 5 * (size_t)vcount);
    for (int r = 0; r <= SPHERE_ROWS; r++) {
        float vv = (float)r / SPHERE_ROWS;             /* 0 top .. 1 bottom */
        float pitch = (0.5f - vv) * (float)PV_PI;
        for (int c = 0; c <= SPHERE_COLS; c++) {
            float u = (float)c / SPHERE_COLS;
            if (r == 0 || r == SPHERE_ROWS) /* the pole: one vertex per column, mid-column u */
                u = ((float)c + 0.5f) / SPHERE_COLS;
            float yaw = (u - 0.5f) * 2.0f * (float)PV_PI;
            float *o = v + 5 * (size_t)(r * (SPHERE_COLS + 1) + c);
            /* as the panorama shaders map directions: yaw = atan(x, -z), pitch = asin(y) */
            o[0] = sinf(yaw) * cosf(pitch);
            o[1] = sinf(pitch);
            o[2] = -cosf(yaw) * cosf(pitch);
            o[3] = u;
            o[4] = vv;
        }
    }
    int icount = SPHERE_COLS * SPHERE_ROWS * 6;
    uint32_t *idx = pv_malloc(sizeof(uint32_t) * (size_t)icount);
    int k = 0;
    for (int r = 0; r < SPHERE_ROWS; r++)
        for (int c = 0; c < SPHERE_COLS; c++) {
            uint32_t a = (uint32_t)(r * (SPHERE_COLS + 1) + c), b = a + 1;
            uint32_t d = a + SPHERE_COLS + 1, e = d + 1;
            idx[k++] = a, idx[k++] = d, idx[k++] = b;
            idx[k++] = b, idx[k++] = d, idx[k++] = e;
        }
    glGenVertexArrays(1, &g->sphere_vao);
    glBindVertexArray(g->sphere_vao);
    glGenBuffers(1, &g->sphere_vbo);
    glBindBuffer(GL_ARRAY_BUFFER, g->sphere_vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(float) * 5 * (size_t)vcount), v,
                 GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 5 * sizeof(float), (void *)0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 5 * sizeof(float), (void *)(3 * sizeof(float)));
    glGenBuffers(1, &g->sphere_ibo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g->sphere_ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(sizeof(uint32_t) * (size_t)icount), idx,
                 GL_STATIC_DRAW);
    glBindVertexArray(0);
    g->sphere_index_count = icount;
    free(v);
    free(idx);
}

void gfx_draw_video_360(gfx *g, const gfx_video *v, const pv_view *view, int width, int height,
                        float alpha)
{
    if (!v->has_frame)
        return;
    if (!g->sphere_vao)
        make_sphere(g);
    float mvp[16];
    gfx_pano_mvp(view, width, height, mvp);
    if (alpha < 1.0f) {
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    } else {
        glDisable(GL_BLEND);
    }
    const program *p = &g->video_sphere;
    glUseProgram(p->id);
    glUniformMatrix4fv(p->u_mvp, 1, GL_FALSE, mvp);
    glUniform1f(p->u_alpha, alpha);
    gfx_video_bind(p, v, 0);
    glDisable(GL_CULL_FACE);
    glBindVertexArray(g->sphere_vao);
    glDrawElements(GL_TRIANGLES, g->sphere_index_count, GL_UNSIGNED_INT, NULL);
    glBindVertexArray(0);
}
