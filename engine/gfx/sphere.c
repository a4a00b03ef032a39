/* gfx/sphere: panoramas drawn from their own equirectangular pixels. Main thread only.
 *
 * The image is one texture (level 0 as decoded, smaller levels averaged in linear light by
 * asset/equirect.c). It is drawn on the six faces of a cube around the eye, whose corners carry
 * their directions: a direction interpolated across a flat face is exactly the ray through the
 * pixel, and the fragment shader turns it into the image's longitude and latitude and fetches
 * once (pano_sphere.frag.glsl). So what is on screen is one bilinear lookup of the photograph,
 * as an exact render has it: no resampling into cube faces first (the second bilinear pass made
 * panoramas visibly softer than the web viewers), and no flat-triangle approximation of the
 * mapping (a latitude-longitude mesh fine enough to stay under a twentieth of a texel costs more
 * on a software rasteriser than the two arctangents do). Exact at both poles; the texture
 * repeats across yaw +-180, so there is no seam. The mip level is chosen from the projection,
 * not from screen derivatives, so it is smooth everywhere (also across the seam).
 *
 * The texture is kept for the next panorama of the same size (its pages are already there: on a
 * two-core machine faulting in hundreds of fresh megabytes costs as much as decoding). */
#include "gfx/gfx_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Level 0 until a pixel spans 2^0.5 texel rows; at most 16 texels of a row squeezed near a pole
 * per pixel (as sharp as an exact render there; docs/architecture.md). */
#define PANO_LOD_BIAS 0.5f
#define PANO_MAX_SQUEEZE 16.0f

/* A sampler of level 0 alone (bilinear), made on first use. */
static GLuint level0_sampler(GLuint *sampler, GLint wrap_s)
{
    if (!*sampler) {
        glGenSamplers(1, sampler);
        glSamplerParameteri(*sampler, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glSamplerParameteri(*sampler, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glSamplerParameteri(*sampler, GL_TEXTURE_WRAP_S, wrap_s);
        glSamplerParameteri(*sampler, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    return *sampler;
}

void gfx_sphere_draw(gfx *g, GLuint tex, int h, const pv_view *view, int width,
                     int height, float alpha)
{
    float mvp[16];
    gfx_pano_mvp(view, width, height, mvp);
    float yaw = (float)PV_DEG2RAD(view->yaw), pitch = (float)PV_DEG2RAD(view->pitch);
    float fwd[3] = {sinf(yaw) * cosf(pitch), sinf(pitch), -cosf(yaw) * cosf(pitch)};
    /* radians a pixel spans at the centre of the view, in texel rows */
    float pixel = 2.0f * tanf((float)PV_DEG2RAD(view->fov) * 0.5f) / (float)width;
    if (alpha < 1.0f) {
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    } else {
        glDisable(GL_BLEND);
    }
    /* Side faces (4): one level; up and down faces (2): a level per pixel. */
    float k = pixel * (float)h / (float)PV_PI;
    float lod = log2f(k > 1e-6f ? k : 1e-6f) - PANO_LOD_BIAS;
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, tex);
    glBindVertexArray(g->cube_vao);
    for (int pass = 0; pass < 2; pass++) {
        const program *pr = pass == 0 ? &g->sphere : &g->sphere_poles;
        glUseProgram(pr->id);
        glUniformMatrix4fv(pr->u_mvp, 1, GL_FALSE, mvp);
        glUniform1i(pr->u_tex, 0);
        glUniform1f(pr->u_alpha, alpha);
        glUniform1f(pr->u_lod, lod > 0.0f ? lod : 0.0f);
        glUniform3fv(pr->u_fwd, 1, fwd);
        glUniform1f(pr->u_k, k);
        glUniform1f(pr->u_max_aniso, PANO_MAX_SQUEEZE);
        glUniform1f(pr->u_lod_bias, PANO_LOD_BIAS);
        if (pass == 1 || lod > 0.0f) {
            /* the texture's own sampler: mip levels, repeating across the seam */
            glBindSampler(0, 0);
            glDrawArrays(GL_TRIANGLES, pass == 0 ? 0 : 24, pass == 0 ? 24 : 12);
            continue;
        }
        /* Level 0 for the whole side pass: samplers without mip levels skip the level
         * selection altogether (llvmpipe's fastest path). The front, right and left faces
         * never reach the image's edges (their longitudes stay within 0.125-0.875 turns), so
         * they clamp; only the back face, which holds the seam, repeats (6% cheaper). */
        glBindSampler(0, level0_sampler(&g->pano_level0, GL_CLAMP_TO_EDGE));
        glDrawArrays(GL_TRIANGLES, 0, 12);
        glDrawArrays(GL_TRIANGLES, 18, 6);
        glBindSampler(0, level0_sampler(&g->pano_level0_repeat, GL_REPEAT));
        glDrawArrays(GL_TRIANGLES, 12, 6);
    }
    glBindSampler(0, 0);
    glBindVertexArray(0);
}

/* ---- textures ---- */

static int level_count(int w, int h)
{
    int levels = 1;
    while (w > 1 || h > 1) {
        w = w / 2 > 0 ? w / 2 : 1;
        h = h / 2 > 0 ? h / 2 : 1;
        levels++;
    }
    return levels;
}

/* A texture with storage for the whole mip chain; only level 0 is sampled until set_mipped. */
static GLuint make_texture(gfx *g, int w, int h, int levels)
{
    GLuint tex = 0;
    if (g->spare.tex && g->spare.w == w && g->spare.h == h && g->spare.levels == levels) {
        tex = g->spare.tex; /* its pages are already there: no faults for a new image */
        g->spare.tex = 0;
        glBindTexture(GL_TEXTURE_2D, tex);
    } else {
        glGenTextures(1, &tex);
        glBindTexture(GL_TEXTURE_2D, tex);
        if (g->has_texture_storage) {
            glTexStorage2D(GL_TEXTURE_2D, levels, GL_RGBA8, w, h);
        } else {
            int lw = w, lh = h;
            for (int l = 0; l < levels; l++) {
                glTexImage2D(GL_TEXTURE_2D, l, GL_RGBA8, lw, lh, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                             NULL);
                lw = lw / 2 > 0 ? lw / 2 : 1;
                lh = lh / 2 > 0 ? lh / 2 : 1;
            }
        }
    }
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_BASE_LEVEL, 0);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
    /* yaw wraps at +-180; the poles clamp */
    gfx_sampling(GL_TEXTURE_2D, GL_LINEAR, GL_LINEAR, GL_REPEAT, GL_CLAMP_TO_EDGE);
    return tex;
}

/* Uploads levels [from, e->levels) and turns mip filtering on. */
static void upload_levels(gfx *g, GLuint tex, const asset_equirect *e, int from)
{
    glBindTexture(GL_TEXTURE_2D, tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    for (int l = from; l < e->levels; l++)
        glTexSubImage2D(GL_TEXTURE_2D, l, 0, 0, e->level_w[l], e->level_h[l], GL_RGBA,
                        GL_UNSIGNED_BYTE, e->level[l]);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, e->levels - 1);
    gfx_sampling(GL_TEXTURE_2D, GL_LINEAR_MIPMAP_LINEAR, GL_LINEAR, GL_REPEAT,
                 GL_CLAMP_TO_EDGE);
}

static gfx_pano *pano_of(GLuint tex, const asset_equirect *e)
{
    gfx_pano *p = pv_calloc(1, sizeof(*p));
    p->eq_tex = tex;
    p->eq_w = e->width;
    p->eq_h = e->height;
    p->eq_levels = e->levels;
    p->size = e->width;
    p->levels = e->levels;
    p->bytes = asset_equirect_bytes(e);
    for (int f = 0; f < 6; f++)
        p->uploaded[f] = true;
    return p;
}

gfx_pano *gfx_pano_create_equirect(gfx *g, const asset_equirect *e)
{
    GLuint tex = make_texture(g, e->width, e->height, e->levels);
    upload_levels(g, tex, e, 0);
    return pano_of(tex, e);
}

struct gfx_equirect {
    GLuint tex;
    int width, height, rows, levels;
};

gfx_pano *gfx_pano_adopt_stream(gfx *g, gfx_equirect **stream, const asset_equirect *e)
{
    gfx_equirect *s = *stream;
    if (!s || s->width != e->width || s->height != e->height || s->rows < s->height ||
        s->levels != e->levels)
        return gfx_pano_create_equirect(g, e);
    upload_levels(g, s->tex, e, 1);
    gfx_pano *p = pano_of(s->tex, e);
    free(s);
    *stream = NULL;
    return p;
}

void gfx_sphere_recycle(gfx *g, GLuint tex, int w, int h, int levels)
{
    /* Keep one texture of up to 8192x4096 for the next panorama of the same size. */
    if ((size_t)w * (size_t)h * 4 > ((size_t)128 << 20)) {
        glDeleteTextures(1, &tex);
        return;
    }
    if (g->spare.tex)
        glDeleteTextures(1, &g->spare.tex);
    g->spare.tex = tex;
    g->spare.w = w;
    g->spare.h = h;
    g->spare.levels = levels;
}

void gfx_sphere_release(gfx *g)
{
    if (g->pano_level0)
        glDeleteSamplers(1, &g->pano_level0);
    if (g->pano_level0_repeat)
        glDeleteSamplers(1, &g->pano_level0_repeat);
    g->pano_level0 = g->pano_level0_repeat = 0;
    if (g->spare.tex)
        glDeleteTextures(1, &g->spare.tex);
    g->spare.tex = 0;
}

/* ---- streaming level 0 while the image decodes ---- */

gfx_equirect *gfx_equirect_create(gfx *g, int width, int height)
{
    gfx_equirect *e = pv_calloc(1, sizeof(*e));
    e->width = width;
    e->height = height;
    e->levels = level_count(width, height);
    e->tex = make_texture(g, width, height, e->levels);
    return e;
}

void gfx_equirect_upload(gfx *g, gfx_equirect *e, const uint8_t *rgba, int y0, int y1)
{
    if (y1 <= y0)
        return;
    glBindTexture(GL_TEXTURE_2D, e->tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, e->width, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE,
                    rgba + (size_t)y0 * (size_t)e->width * 4);
    if (y1 > e->rows)
        e->rows = y1;
}

int gfx_equirect_rows(const gfx_equirect *e) { return e->rows; }
void gfx_equirect_reset(gfx_equirect *e) { e->rows = 0; }

void gfx_equirect_size(const gfx_equirect *e, int *w, int *h)
{
    *w = e->width;
    *h = e->height;
}
bool gfx_equirect_complete(const gfx_equirect *e) { return e && e->rows >= e->height; }

void gfx_equirect_destroy(gfx *g, gfx_equirect **pe)
{
    gfx_equirect *e = *pe;
    if (!e)
        return;
    glDeleteTextures(1, &e->tex);
    free(e);
    *pe = NULL;
}

void gfx_draw_equirect(gfx *g, const gfx_equirect *e, const pv_view *view, int width, int height,
                       float alpha)
{
    gfx_sphere_draw(g, e->tex, e->height, view, width, height, alpha);
}
