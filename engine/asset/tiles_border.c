/* asset/tiles_border: what a streamed tile's border is made of (tiles.h, tiles_stream.c).
 * A tile's texture holds its neighbours' texels around it, so bilinear filtering and the mip
 * levels within it run across tile and cube-face edges as they do inside a face. Here: the
 * texture's geometry, the texel of the face (or of the adjacent face, turned as the cube turns
 * it) that a position outside a face stands for, and the strips along a tile's edges that are
 * kept while it is resident, for its neighbours' borders.
 * Threads: any; pure. */
#include "asset/tiles_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int asset_tiles_texture_extent(int extent)
{
    /* ASSET_TILE_BORDER before, at least as many after, and a multiple of it in all: each mip
     * level's texels then cover the same face texels as the face's own mip level would. */
    int pad = (ASSET_TILE_BORDER - extent % ASSET_TILE_BORDER) % ASSET_TILE_BORDER;
    return extent + 2 * ASSET_TILE_BORDER + pad;
}

size_t asset_tiles_texture_bytes(const asset_tiles_layout *l, int level, int x, int y)
{
    size_t w = (size_t)asset_tiles_texture_extent(asset_tiles_extent(l, level, x));
    size_t h = (size_t)asset_tiles_texture_extent(asset_tiles_extent(l, level, y));
    size_t bytes = 0;
    for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++)
        bytes += (w >> m) * (h >> m) * 4;
    return bytes;
}

void asset_cube_frame_init(asset_cube_frame *f)
{
    for (int face = 0; face < ASSET_FACE_COUNT; face++) {
        float c[3], r[3], d[3];
        asset_cube_texel_dir(face, 2, 0.5f, 0.5f, c); /* the face's centre */
        asset_cube_texel_dir(face, 2, 1.5f, 0.5f, r); /* its right edge's middle */
        asset_cube_texel_dir(face, 2, 0.5f, 1.5f, d); /* its bottom edge's middle */
        for (int k = 0; k < 3; k++) {
            f->c[face][k] = c[k];
            f->r[face][k] = r[k] - c[k];
            f->u[face][k] = c[k] - d[k];
        }
    }
}

void asset_cube_wrap(const asset_cube_frame *f, int n, int face, int x, int y, int *out_face,
                     int *out_x, int *out_y)
{
    if (x >= 0 && y >= 0 && x < n && y < n) {
        *out_face = face;
        *out_x = x;
        *out_y = y;
        return;
    }
    /* The texel centre's point on the face's plane, extended past its edge, seen from the
     * cube's centre: the face that ray meets, and the texel of it there. */
    double a = 2.0 * (x + 0.5) / n - 1.0, b = 2.0 * (y + 0.5) / n - 1.0, d[3];
    for (int k = 0; k < 3; k++)
        d[k] = f->c[face][k] + a * f->r[face][k] - b * f->u[face][k];
    int best = 0;
    double best_dot = -1e30;
    for (int g = 0; g < ASSET_FACE_COUNT; g++) {
        double dot = d[0] * f->c[g][0] + d[1] * f->c[g][1] + d[2] * f->c[g][2];
        if (dot > best_dot) {
            best_dot = dot;
            best = g;
        }
    }
    double a2 = (d[0] * f->r[best][0] + d[1] * f->r[best][1] + d[2] * f->r[best][2]) / best_dot;
    double b2 = -(d[0] * f->u[best][0] + d[1] * f->u[best][1] + d[2] * f->u[best][2]) / best_dot;
    *out_face = best;
    *out_x = pv_clampi((int)floor((a2 + 1.0) * 0.5 * n), 0, n - 1);
    *out_y = pv_clampi((int)floor((b2 + 1.0) * 0.5 * n), 0, n - 1);
}

/* The rows kept whole (top, then bottom) and the columns kept of the rows between. */
static void edge_shape(int w, int h, int *top, int *bottom, int *left, int *right)
{
    *top = h < ASSET_TILE_EDGE_DEPTH ? h : ASSET_TILE_EDGE_DEPTH;
    *bottom = h - *top < ASSET_TILE_EDGE_DEPTH ? h - *top : ASSET_TILE_EDGE_DEPTH;
    *left = w < ASSET_TILE_EDGE_DEPTH ? w : ASSET_TILE_EDGE_DEPTH;
    *right = w - *left < ASSET_TILE_EDGE_DEPTH ? w - *left : ASSET_TILE_EDGE_DEPTH;
}

uint8_t *asset_tile_edges_make(const uint8_t *px, int w, int h)
{
    int top, bottom, left, right;
    edge_shape(w, h, &top, &bottom, &left, &right);
    int middle = h - top - bottom, cols = left + right;
    uint8_t *e = pv_malloc(((size_t)(top + bottom) * w + (size_t)middle * cols) * 4 + 4);
    uint8_t *o = e;
    memcpy(o, px, (size_t)top * w * 4);
    o += (size_t)top * w * 4;
    memcpy(o, px + (size_t)(h - bottom) * w * 4, (size_t)bottom * w * 4);
    o += (size_t)bottom * w * 4;
    for (int y = top; y < top + middle; y++) {
        memcpy(o, px + (size_t)y * w * 4, (size_t)left * 4);
        memcpy(o + (size_t)left * 4, px + ((size_t)y * w + (w - right)) * 4, (size_t)right * 4);
        o += (size_t)cols * 4;
    }
    return e;
}

const uint8_t *asset_tile_edges_texel(const uint8_t *e, int w, int h, int x, int y)
{
    int top, bottom, left, right;
    edge_shape(w, h, &top, &bottom, &left, &right);
    if (x < 0 || y < 0 || x >= w || y >= h)
        return NULL;
    if (y < top)
        return e + ((size_t)y * w + x) * 4;
    if (y >= h - bottom)
        return e + ((size_t)(top + y - (h - bottom)) * w + x) * 4;
    size_t row = (size_t)(top + bottom) * w + (size_t)(y - top) * (left + right);
    if (x < left)
        return e + (row + x) * 4;
    if (x >= w - right)
        return e + (row + left + x - (w - right)) * 4;
    return NULL;
}

void asset_tile_mips(uint8_t *const level[ASSET_TILE_MIP_LEVELS], int width, int height)
{
    /* On the CPU: a GPU's mipmap generation costs llvmpipe a shader compilation on first use
     * (about 230 ms here) and more per tile than this loop. */
    for (int m = 1; m < ASSET_TILE_MIP_LEVELS; m++) {
        int w = width >> m, h = height >> m, sw = width >> (m - 1);
        const uint8_t *src = level[m - 1];
        uint8_t *dst = level[m];
        for (int y = 0; y < h; y++) {
            const uint8_t *a = src + (size_t)(2 * y) * sw * 4, *b = a + (size_t)sw * 4;
            uint8_t *o = dst + (size_t)y * w * 4;
            for (int x = 0; x < w * 4; x++) {
                int i = (x >> 2) * 8 + (x & 3);
                o[x] = (uint8_t)((a[i] + a[i + 4] + b[i] + b[i + 4] + 2) >> 2);
            }
        }
    }
}
