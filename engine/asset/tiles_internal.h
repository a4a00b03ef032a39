/* asset/tiles internals shared by tiles_stream.c and tiles_border.c. Any thread; pure. */
#ifndef PV_ASSET_TILES_INTERNAL_H
#define PV_ASSET_TILES_INTERNAL_H

#include "asset/tiles.h"

/* How deep the strips kept along a resident tile's edges are: the deepest border a
 * neighbour's texture takes from it (ASSET_TILE_BORDER plus its padding). */
#define ASSET_TILE_EDGE_DEPTH (2 * ASSET_TILE_BORDER)

/* The cube's frame, per face: centre, right and up vectors (asset_cube_texel_dir's). */
typedef struct asset_cube_frame {
    double c[ASSET_FACE_COUNT][3], r[ASSET_FACE_COUNT][3], u[ASSET_FACE_COUNT][3];
} asset_cube_frame;
void asset_cube_frame_init(asset_cube_frame *f);
/* Texel (x, y) of a face of n texels, which may lie past its edges: the texel it stands for,
 * on this face or across the edge on the adjacent one (the texel the direction of its centre
 * meets). */
void asset_cube_wrap(const asset_cube_frame *f, int n, int face, int x, int y, int *out_face,
                     int *out_x, int *out_y);

/* The texels of a w x h RGBA tile within ASSET_TILE_EDGE_DEPTH of its edges (pv_free'd with
 * free), and one of them by tile coordinates (NULL when not kept). */
uint8_t *asset_tile_edges_make(const uint8_t *px, int w, int h);
const uint8_t *asset_tile_edges_texel(const uint8_t *e, int w, int h, int x, int y);

/* Fills levels 1.. of a tile's texture from level 0 (2x2 averages; width and height are
 * multiples of 1 << (ASSET_TILE_MIP_LEVELS - 1)). level[m] is (width >> m) x (height >> m). */
void asset_tile_mips(uint8_t *const level[ASSET_TILE_MIP_LEVELS], int width, int height);

#endif
