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

void gfx_draw_video(gfx *g, const gfx_video *v, float x, float y, float w, float h, float alpha)
{
    if (!v->has_frame)
        return;
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
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(g->video.id);
    glUniform4f(g->video.u_rect, x, y, w, h);
    glUniform2f(g->video.u_screen, (float)g->width, (float)g->height);
    glUniformMatrix3fv(g->video.u_matrix, 1, GL_FALSE, m);
    glUniform3fv(g->video.u_offset, 1, off);
    glUniform3fv(g->video.u_scale, 1, sc);
    glUniform1i(g->video.u_nv12, v->format == GFX_YUV_NV12);
    glUniform1f(g->video.u_alpha, alpha);
    for (int i = 0; i < 3; i++) {
        glActiveTexture(GL_TEXTURE0 + (GLenum)i);
        glBindTexture(GL_TEXTURE_2D, v->tex[i]);
    }
    glUniform1i(g->video.u_y, 0);
    glUniform1i(g->video.u_u, 1);
    glUniform1i(g->video.u_v, 2);
    glBindVertexArray(g->quad_vao);
    glDrawArrays(GL_TRIANGLES, 0, 6);
    glBindVertexArray(0);
    glActiveTexture(GL_TEXTURE0);
}
