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

/* Uploaded: rows [0, rows) whole, and with a focus, columns [fx, fx + fw) (wrapping) of rows
 * [fy0, frows) within [fy0, fy1). */
struct gfx_equirect {
    GLuint tex;
    int width, height, rows, levels;
    bool focused;
    int fx, fw, fy0, fy1, frows;
};

static void upload_rect(gfx_equirect *e, const uint8_t *rgba, int x, int w, int y0, int y1)
{
    if (w <= 0 || y1 <= y0)
        return;
    while (x >= e->width)
        x -= e->width;
    int first = x + w > e->width ? e->width - x : w; /* wraps past the right edge */
    glPixelStorei(GL_UNPACK_ROW_LENGTH, e->width);
    glTexSubImage2D(GL_TEXTURE_2D, 0, x, y0, first, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE,
                    rgba + ((size_t)y0 * (size_t)e->width + (size_t)x) * 4);
    if (first < w)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, w - first, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE,
                        rgba + (size_t)y0 * (size_t)e->width * 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
}

/* The texels a view samples: columns [x, x + w) (wrapping), rows [y0, y1). */
static void view_rect(const gfx_equirect *e, const pv_view *view, int width, int height, int *x,
                      int *w, int *y0, int *y1)
{
    pv_footprint f;
    pv_view_footprint(view, width, height, &f);
    float fx, fy0, fy1, unused;
    pv_equirect_pixel(f.yaw0, f.pitch1, e->width, e->height, &fx, &fy0);
    pv_equirect_pixel(f.yaw0, f.pitch0, e->width, e->height, &unused, &fy1);
    *y0 = (int)floorf(fy0) - 2;
    *y1 = (int)ceilf(fy1) + 2;
    *y0 = *y0 < 0 ? 0 : *y0;
    *y1 = *y1 > e->height ? e->height : *y1;
    *w = (int)ceilf(f.yaw_span / 360.0f * (float)e->width) + 6;
    int x0 = (int)floorf(fx) - 3;
    if (*w >= e->width) {
        *x = 0;
        *w = e->width;
        return;
    }
    x0 %= e->width;
    *x = x0 < 0 ? x0 + e->width : x0;
}

gfx_pano *gfx_pano_adopt_stream(gfx *g, gfx_equirect **stream, const asset_equirect *e)
{
    gfx_equirect *s = *stream;
    if (!s || s->width != e->width || s->height != e->height || s->levels != e->levels)
        return gfx_pano_create_equirect(g, e);
    gfx_equirect_feed(g, s, e->level[0], e->height, e->height); /* what the view did not need */
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

void gfx_equirect_focus(gfx_equirect *e, const pv_view *view, int width, int height)
{
    int x, w, y0, y1;
    view_rect(e, view, width, height, &x, &w, &y0, &y1);
    if (e->focused) {
        /* inside the focus already: nothing changes; elsewhere: the rest follows whole rows */
        int dx = x - e->fx;
        dx = dx < 0 ? dx + e->width : dx;
        if (!(y0 >= e->fy0 && y1 <= e->fy1 && dx + w <= e->fw))
            e->focused = false;
        return;
    }
    if (e->rows > 0 || w * (int64_t)(y1 - y0) > (int64_t)e->width * e->height / 2)
        return; /* started already, or the view needs most of the image anyway */
    e->focused = true;
    e->fx = x;
    e->fw = w;
    e->fy0 = e->frows = y0;
    e->fy1 = y1;
}

bool gfx_equirect_feed(gfx *g, gfx_equirect *e, const uint8_t *rgba, int decoded,
                       int rest_rows)
{
    (void)g;
    decoded = decoded < e->height ? decoded : e->height;
    glBindTexture(GL_TEXTURE_2D, e->tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (!e->focused) {
        upload_rect(e, rgba, 0, e->width, e->rows, decoded);
        e->rows = decoded > e->rows ? decoded : e->rows;
        return false;
    }
    int top = e->frows > e->rows ? e->frows : e->rows;
    int end = decoded < e->fy1 ? decoded : e->fy1;
    if (end > top) {
        upload_rect(e, rgba, e->fx, e->fw, top, end);
        e->frows = end;
    }
    /* The rest, in order: rows the focus holds get the other columns only. */
    int stop = e->rows + rest_rows < decoded ? e->rows + rest_rows : decoded;
    while (e->rows < stop) {
        int y = e->rows, next;
        if (y >= e->fy0 && y < e->frows) {
            next = e->frows < stop ? e->frows : stop;
            upload_rect(e, rgba, e->fx + e->fw, e->width - e->fw, y, next);
        } else {
            next = y < e->fy0 && e->fy0 < stop ? e->fy0 : stop;
            upload_rect(e, rgba, 0, e->width, y, next);
        }
        e->rows = next;
    }
    return e->rows < decoded;
}

bool gfx_equirect_ready(const gfx_equirect *e, const pv_view *view, int width, int height)
{
    if (!e)
        return false;
    if (e->rows >= e->height)
        return true;
    if (!e->focused)
        return false;
    int x, w, y0, y1;
    view_rect(e, view, width, height, &x, &w, &y0, &y1);
    if (y1 <= e->rows)
        return true;
    int dx = x - e->fx;
    dx = dx < 0 ? dx + e->width : dx;
    /* rows below `rows` are whole; the others must lie in the focus */
    return dx + w <= e->fw && (y0 > e->rows ? y0 : e->rows) >= e->fy0 && y1 <= e->frows;
}

void gfx_equirect_reset(gfx_equirect *e)
{
    e->rows = 0;
    e->focused = false;
}

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
