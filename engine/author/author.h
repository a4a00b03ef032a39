/* author: tools for the people who make exhibitions, as opposed to those who visit them. So
 * far tiled panoramas: `pavilion tile` cuts a panorama into a multires pyramid (tile.c), and
 * `pavilion check` verifies a place's "cube" faces or "multires" tiles through
 * author_check_tiled (check_tiles.c), and says what the viewer will do with a huge panorama.
 * No window, no GL, no visit: they read files and write diagnostics. Main thread only. */
#ifndef PV_AUTHOR_H
#define PV_AUTHOR_H

#include "asset/asset.h"
#include "core/core.h"
#include "scene/scene.h"

/* `pavilion tile PANO.jpg --out DIR [--tile-size N] [--levels N] [--quality Q]
 * [--face-size N] [--no-fallback]`; argv starts after "tile". Returns the exit code. */
int author_tile(int argc, char **argv);

/* `check` of a place's "cube" faces or "multires" tiles: every file there, an image of the
 * size its place in the pyramid gives it (headers only), each problem at the key's line:col. */
void author_check_tiled(pv_diags *d, const scene_exhibit *ex, const scene_place *p);

/* For check's warning about a huge panorama: what the viewer does with it through the tile
 * cache ("; the viewer cuts it once into tiles in DIR ..."), or "" when it does not. */
void author_cache_note(const char *path, asset_image_kind kind, int w, int h, char *out,
                       size_t n);

#endif
