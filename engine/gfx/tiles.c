/* gfx/tiles: a multires panorama streamed by view (asset/tiles.h's asset_tile_stream). Each
 * resident tile is a texture of its own holding a border of its neighbours' texels (bilinear,
 * with mip levels for minification); a frame uploads the tiles decoded since the last one and
 * the borders that neighbours arriving later filled in, asks the stream for the view's quads
 * (each tile of the needed level in view, drawn from itself or from its finest resident
 * ancestor, so every pixel is drawn once and a fade blends correctly) and draws them with the
 * cube-face program, then releases the textures of evicted tiles. Main thread only. */
#include "gfx/gfx_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_QUADS 4096

struct gfx_tiled {
    asset_tile_stream *stream;
    GLuint vao, vbo;
    asset_tile_quad *quads;
    asset_tile_plan plan;
};

static void upload_decoded(gfx *g, gfx_tiled *t)
{
    asset_tile_upload up;
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    while (asset_tile_stream_take(t->stream, &up)) {
        GLuint tex = 0;
        glGenTextures(1, &tex);
        glBindTexture(GL_TEXTURE_2D, tex);
        if (g->has_texture_storage)
            glTexStorage2D(GL_TEXTURE_2D, ASSET_TILE_MIP_LEVELS, GL_RGBA8, up.width, up.height);
        for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++) {
            if (g->has_texture_storage)
                glTexSubImage2D(GL_TEXTURE_2D, m, 0, 0, up.width >> m, up.height >> m, GL_RGBA,
                                GL_UNSIGNED_BYTE, up.pixels[m]);
            else
                glTexImage2D(GL_TEXTURE_2D, m, GL_RGBA8, up.width >> m, up.height >> m, 0,
                             GL_RGBA, GL_UNSIGNED_BYTE, up.pixels[m]);
        }
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, ASSET_TILE_MIP_LEVELS - 1);
        /* Mip levels for minification only: level 0 until a pixel spans two texels (the
         * pyramid's level already gives one to two texels per pixel at the view's centre),
         * smaller levels beyond, where faces are squeezed near their edges and zoomed out. */
        glTexParameterf(GL_TEXTURE_2D, GL_TEXTURE_LOD_BIAS, -0.5f);
        gfx_sampling(GL_TEXTURE_2D, GL_LINEAR_MIPMAP_NEAREST, GL_LINEAR, GL_CLAMP_TO_EDGE,
                     GL_CLAMP_TO_EDGE);
        asset_tile_stream_placed(t->stream, up.slot, tex);
    }
    /* Borders that neighbours arriving later have filled in, at every level. */
    asset_tile_border b;
    while (asset_tile_stream_take_border(t->stream, &b)) {
        glBindTexture(GL_TEXTURE_2D, b.gpu);
        for (int i = 0; i < 4 * ASSET_TILE_MIP_LEVELS; i++)
            if (b.rect[i].w > 0 && b.rect[i].h > 0)
                glTexSubImage2D(GL_TEXTURE_2D, b.rect[i].level, b.rect[i].x, b.rect[i].y,
                                b.rect[i].w, b.rect[i].h, GL_RGBA, GL_UNSIGNED_BYTE,
                                b.rect[i].pixels);
    }
}

static void release_evicted(gfx_tiled *t)
{
    uint32_t ids[256];
    int n;
    while ((n = asset_tile_stream_evicted(t->stream, ids, 256)) > 0)
        glDeleteTextures(n, ids);
}

gfx_pano *gfx_pano_create_tiled(gfx *g, asset_tile_stream *stream)
{
    gfx_pano *p = pv_calloc(1, sizeof(*p));
    gfx_tiled *t = pv_calloc(1, sizeof(*t));
    p->tiled = t;
    t->stream = stream;
    t->quads = pv_malloc(sizeof(*t->quads) * MAX_QUADS);
    glGenVertexArrays(1, &t->vao);
    glBindVertexArray(t->vao);
    glGenBuffers(1, &t->vbo);
    glBindBuffer(GL_ARRAY_BUFFER, t->vbo);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 5 * sizeof(float), (void *)0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 5 * sizeof(float),
                          (void *)(3 * sizeof(float)));
    glBindVertexArray(0);
    upload_decoded(g, t); /* level 1, decoded when the stream opened */
    p->size = asset_tile_stream_layout(stream)->face_size;
    return p;
}

void gfx_tiled_destroy(gfx *g, gfx_tiled **pt)
{
    (void)g;
    gfx_tiled *t = *pt;
    if (!t)
        return;
    release_evicted(t);
    uint32_t *ids = pv_malloc(sizeof(uint32_t) * 65536);
    int n = asset_tile_stream_resident(t->stream, ids, 65536);
    glDeleteTextures(n, ids);
    free(ids);
    asset_tile_stream_close(&t->stream);
    glDeleteBuffers(1, &t->vbo);
    glDeleteVertexArrays(1, &t->vao);
    free(t->quads);
    free(t);
    *pt = NULL;
}

size_t gfx_tiled_bytes(const gfx_tiled *t) { return asset_tile_stream_bytes(t->stream); }

bool gfx_pano_pending(const gfx_pano *p)
{
    return p && p->tiled && asset_tile_stream_pending(p->tiled->stream);
}

void gfx_tiled_draw(gfx *g, gfx_tiled *t, const pv_view *view, int width, int height,
                    float alpha)
{
    upload_decoded(g, t);
    int n = asset_tile_stream_plan(t->stream, view, width, height, t->quads, MAX_QUADS,
                                   &t->plan);
    if (n > MAX_QUADS)
        n = MAX_QUADS;
    release_evicted(t);
    float *verts = pv_malloc(sizeof(float) * 30 * (size_t)(n > 0 ? n : 1));
    static const int order[6] = {0, 1, 2, 0, 2, 3};
    for (int q = 0; q < n; q++)
        for (int v = 0; v < 6; v++) {
            float *o = verts + (q * 6 + v) * 5;
            memcpy(o, t->quads[q].corner[order[v]], sizeof(float) * 3);
            memcpy(o + 3, t->quads[q].uv[order[v]], sizeof(float) * 2);
        }
    gfx_pano_faces_begin(g, view, width, height, alpha);
    glBindVertexArray(t->vao);
    glBindBuffer(GL_ARRAY_BUFFER, t->vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(float) * 30 * (size_t)n), verts,
                 GL_STREAM_DRAW);
    for (int q = 0; q < n; q++) {
        glBindTexture(GL_TEXTURE_2D, t->quads[q].gpu);
        glDrawArrays(GL_TRIANGLES, q * 6, 6);
    }
    glBindVertexArray(0);
    free(verts);
}

bool gfx_pano_sharp_now(gfx *g, gfx_pano *p, const pv_view *view, int width, int height)
{
    if (!p || !p->tiled)
        return false;
    gfx_tiled *t = p->tiled;
    upload_decoded(g, t);
    asset_tile_stream_plan(t->stream, view, width, height, t->quads, MAX_QUADS, &t->plan);
    release_evicted(t);
    return t->plan.missing == 0;
}

bool gfx_pano_sharpen(gfx *g, gfx_pano *p, const pv_view *view, int width, int height)
{
    if (!p || !p->tiled)
        return false;
    for (int round = 0; round < 64; round++) {
        if (gfx_pano_sharp_now(g, p, view, width, height))
            return true;
        asset_tile_stream_wait(p->tiled->stream);
    }
    return false;
}

asset_tile_stream *gfx_pano_tile_stream(const gfx_pano *p)
{
    return p && p->tiled ? p->tiled->stream : NULL;
}

void gfx_pano_tile_plan(const gfx_pano *p, asset_tile_plan *out)
{
    memset(out, 0, sizeof(*out));
    if (p && p->tiled)
        *out = p->tiled->plan;
}
