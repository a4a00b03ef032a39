/* gfx glyphs: text drawn as batched quads from atlas pages (see gfx.h). Each page is an R8
 * texture; quads are queued per page on the CPU and drawn with one draw call per page from a
 * streamed vertex buffer. Threads: main thread only. */
#include "gfx/gfx_internal.h"

#include <stdlib.h>
#include <string.h>

enum { FLOATS_PER_VERTEX = 8, VERTS_PER_QUAD = 6 };

typedef struct glyph_page {
    GLuint tex;
    int size;
    float *verts; /* queued quads */
    int vert_count, vert_cap;
} glyph_page;

struct gfx_glyphs {
    program prog;
    GLuint vao, vbo;
    size_t vbo_bytes;
    glyph_page *pages;
    int page_count;
};

gfx_glyphs *gfx_glyphs_create(gfx *g)
{
    (void)g;
    gfx_glyphs *b = pv_calloc(1, sizeof *b);
    if (!gfx_program_link(&b->prog, "glyph.vert.glsl", "glyph.frag.glsl")) {
        if (b->prog.id)
            glDeleteProgram(b->prog.id);
        free(b);
        return NULL;
    }
    glGenVertexArrays(1, &b->vao);
    glBindVertexArray(b->vao);
    glGenBuffers(1, &b->vbo);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    GLsizei stride = FLOATS_PER_VERTEX * sizeof(float);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, (void *)0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, (void *)(2 * sizeof(float)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, (void *)(4 * sizeof(float)));
    glBindVertexArray(0);
    return b;
}

void gfx_glyphs_destroy(gfx *g, gfx_glyphs **pb)
{
    (void)g;
    if (!pb || !*pb)
        return;
    gfx_glyphs *b = *pb;
    for (int i = 0; i < b->page_count; i++) {
        if (b->pages[i].tex)
            glDeleteTextures(1, &b->pages[i].tex);
        free(b->pages[i].verts);
    }
    free(b->pages);
    glDeleteBuffers(1, &b->vbo);
    glDeleteVertexArrays(1, &b->vao);
    glDeleteProgram(b->prog.id);
    free(b);
    *pb = NULL;
}

static glyph_page *page_at(gfx_glyphs *b, int page)
{
    if (page >= b->page_count) {
        b->pages = pv_realloc(b->pages, (size_t)(page + 1) * sizeof *b->pages);
        memset(b->pages + b->page_count, 0, (size_t)(page + 1 - b->page_count) * sizeof *b->pages);
        b->page_count = page + 1;
    }
    return &b->pages[page];
}

void gfx_glyphs_upload(gfx *g, gfx_glyphs *b, int page, int size, const uint8_t *pixels, int y0,
                       int y1)
{
    (void)g;
    if (!b || page < 0 || size <= 0 || !pixels)
        return;
    glyph_page *p = page_at(b, page);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (!p->tex || p->size != size) {
        if (!p->tex)
            glGenTextures(1, &p->tex);
        glBindTexture(GL_TEXTURE_2D, p->tex);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, size, size, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
        gfx_sampling(GL_TEXTURE_2D, GL_LINEAR, GL_LINEAR, GL_CLAMP_TO_EDGE, GL_CLAMP_TO_EDGE);
        p->size = size;
    } else if (y0 < y1) {
        y0 = y0 < 0 ? 0 : y0;
        y1 = y1 > size ? size : y1;
        glBindTexture(GL_TEXTURE_2D, p->tex);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, size, y1 - y0, GL_RED, GL_UNSIGNED_BYTE,
                        pixels + (size_t)y0 * size);
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
}

void gfx_glyphs_quad(gfx_glyphs *b, int page, float x, float y, float w, float h, int tx, int ty,
                     const float rgba[4])
{
    if (!b || page < 0 || page >= b->page_count || !b->pages[page].size || w <= 0 || h <= 0)
        return;
    glyph_page *p = &b->pages[page];
    if (p->vert_count + VERTS_PER_QUAD > p->vert_cap) {
        p->vert_cap = p->vert_cap ? p->vert_cap * 2 : 64 * VERTS_PER_QUAD;
        p->verts = pv_realloc(p->verts, (size_t)p->vert_cap * FLOATS_PER_VERTEX * sizeof(float));
    }
    float inv = 1.0f / (float)p->size;
    float u0 = tx * inv, v0 = ty * inv, u1 = (tx + w) * inv, v1 = (ty + h) * inv;
    float a = rgba[3], c[4] = {rgba[0] * a, rgba[1] * a, rgba[2] * a, a};
    const float corners[VERTS_PER_QUAD][4] = {
        {x, y, u0, v0},         {x + w, y, u1, v0}, {x + w, y + h, u1, v1},
        {x, y, u0, v0},         {x + w, y + h, u1, v1}, {x, y + h, u0, v1},
    };
    float *v = p->verts + (size_t)p->vert_count * FLOATS_PER_VERTEX;
    for (int i = 0; i < VERTS_PER_QUAD; i++, v += FLOATS_PER_VERTEX) {
        memcpy(v, corners[i], 4 * sizeof(float));
        memcpy(v + 4, c, 4 * sizeof(float));
    }
    p->vert_count += VERTS_PER_QUAD;
}

int gfx_glyphs_flush(gfx *g, gfx_glyphs *b)
{
    if (!g || !b)
        return 0;
    int calls = 0;
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(b->prog.id);
    glUniform2f(b->prog.u_screen, (float)g->width, (float)g->height);
    glUniform1i(b->prog.u_tex, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(b->vao);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    for (int i = 0; i < b->page_count; i++) {
        glyph_page *p = &b->pages[i];
        if (!p->vert_count)
            continue;
        size_t bytes = (size_t)p->vert_count * FLOATS_PER_VERTEX * sizeof(float);
        if (bytes > b->vbo_bytes) {
            glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)bytes, p->verts, GL_STREAM_DRAW);
            b->vbo_bytes = bytes;
        } else {
            glBufferSubData(GL_ARRAY_BUFFER, 0, (GLsizeiptr)bytes, p->verts);
        }
        glBindTexture(GL_TEXTURE_2D, p->tex);
        glDrawArrays(GL_TRIANGLES, 0, p->vert_count);
        p->vert_count = 0;
        calls++;
    }
    glBindVertexArray(0);
    return calls;
}
