/* author/check_tiles: what `pavilion check` verifies of places given as "cube" faces or
 * "multires" tiles: every file there, an image of the size its place in the pyramid gives it
 * (headers only); and what the viewer does with a huge panorama through the tile cache.
 * Main thread only. */
#include "author/author.h"
#include "asset/tiles.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define MAX_SIDE 16384

static void check_cube(pv_diags *d, const scene_exhibit *ex, const scene_cube *c)
{
    int size = 0, first = -1;
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        if (!c->face[f])
            continue;
        char why[512];
        asset_image_kind kind;
        int w = 0, h = 0;
        const char *name = c->face_src[f];
        if (asset_image_probe(c->face[f], &kind, &w, &h, why, sizeof(why)) != PV_OK)
            pv_diags_add(d, PV_SEV_ERROR, ex->path, c->face_line[f], c->face_col[f],
                         "cube face \"%s\" %s", name, why);
        else if (w != h)
            pv_diags_add(d, PV_SEV_ERROR, ex->path, c->face_line[f], c->face_col[f],
                         "cube face \"%s\" is %dx%d; a face must be square", name, w, h);
        else if (w > MAX_SIDE)
            pv_diags_add(d, PV_SEV_ERROR, ex->path, c->face_line[f], c->face_col[f],
                         "cube face \"%s\" is %d texels wide, more than %d; cut the panorama "
                         "into tiles with pavilion tile", name, w, MAX_SIDE);
        else if (size && w != size)
            pv_diags_add(d, PV_SEV_ERROR, ex->path, c->face_line[f], c->face_col[f],
                         "cube face \"%s\" is %dx%d but \"%s\" is %dx%d; all six must be of "
                         "one size", name, w, h, c->face_src[first], size, size);
        else if (!size) {
            size = w;
            first = f;
        }
    }
}

static void check_multires(pv_diags *d, const scene_exhibit *ex, const scene_multires *m)
{
    asset_tiles_layout lay = {m->face_size, m->tile_size, m->levels};
    if (!m->dir || !m->pattern || asset_tiles_layout_problem(&lay))
        return; /* the scene loader said why */
    if (m->tile_size > MAX_SIDE) {
        pv_diags_add(d, PV_SEV_ERROR, ex->path, m->line, m->col, "multires tiles of %d texels "
                     "are larger than %d", m->tile_size, MAX_SIDE);
        return;
    }
    int missing = 0, wrong = 0, reported = 0;
    char first_missing[4096] = "";
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        for (int l = 1; l <= m->levels; l++) {
            int n = asset_tiles_per_side(&lay, l);
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    char rel[512], path[4096], why[512];
                    asset_tiles_format(m->pattern, f, l, x, y, rel, sizeof(rel));
                    snprintf(path, sizeof(path), "%s%s.%s", m->dir, rel, m->extension);
                    asset_image_kind kind;
                    int w = 0, h = 0;
                    int ew = asset_tiles_extent(&lay, l, x), eh = asset_tiles_extent(&lay, l, y);
                    if (!pv_file_exists(path)) {
                        if (!missing++)
                            snprintf(first_missing, sizeof(first_missing), "%s", path);
                        if (l == 1)
                            pv_diags_add(d, PV_SEV_ERROR, ex->path, m->line, m->col,
                                         "multires tile \"%s\" is missing: level 1 is what "
                                         "shows first, it must be whole", pv_path_display(path));
                        continue;
                    }
                    pv_result r = asset_image_probe(path, &kind, &w, &h, why, sizeof(why));
                    if (r == PV_OK && w == ew && h == eh)
                        continue;
                    wrong++;
                    if (reported++ < 5) {
                        if (r != PV_OK)
                            pv_diags_add(d, PV_SEV_ERROR, ex->path, m->line, m->col,
                                         "multires tile \"%s\" %s", pv_path_display(path), why);
                        else
                            pv_diags_add(d, PV_SEV_ERROR, ex->path, m->line, m->col,
                                         "multires tile \"%s\" is %dx%d; at level %d of faces "
                                         "of %d texels it must be %dx%d (check tile_size, "
                                         "levels and face_size)", pv_path_display(path), w, h,
                                         l, asset_tiles_level_size(&lay, l), ew, eh);
                    }
                }
            }
        }
        if (m->fallback) {
            char rel[512], path[4096], why[512];
            asset_tiles_format(m->fallback, f, 0, 0, 0, rel, sizeof(rel));
            snprintf(path, sizeof(path), "%s%s.%s", m->dir, rel, m->extension);
            asset_image_kind kind;
            int w = 0, h = 0;
            if (asset_image_probe(path, &kind, &w, &h, why, sizeof(why)) != PV_OK)
                pv_diags_add(d, PV_SEV_ERROR, ex->path, m->line, m->col,
                             "multires fallback face \"%s\" %s", pv_path_display(path), why);
            else if (w != h)
                pv_diags_add(d, PV_SEV_ERROR, ex->path, m->line, m->col,
                             "multires fallback face \"%s\" is %dx%d; it must be square",
                             pv_path_display(path), w, h);
        }
    }
    if (wrong > 5)
        pv_diags_add(d, PV_SEV_ERROR, ex->path, m->line, m->col, "... and %d more multires "
                     "tiles of the wrong size", wrong - 5);
    if (missing)
        pv_diags_add(d, PV_SEV_WARNING, ex->path, m->line, m->col, "%d multires tile%s missing "
                     "(the first: \"%s\"); the coarser level shows there", missing,
                     missing == 1 ? " is" : "s are", pv_path_display(first_missing));
}

void author_check_tiled(pv_diags *d, const scene_exhibit *ex, const scene_place *p)
{
    if (p->cube)
        check_cube(d, ex, p->cube);
    if (p->multires)
        check_multires(d, ex, p->multires);
}

void author_cache_note(const char *path, asset_image_kind kind, int w, int h, char *out,
                       size_t n)
{
    char root[PATH_MAX], dir[PATH_MAX];
    asset_tiles_source src;
    out[0] = '\0';
    if (!asset_tiles_cache_wanted(kind, w, h, 16384))
        return;
    if (asset_tiles_cache_find(path, &src, dir, sizeof(dir)))
        snprintf(out, n, " (the viewer shows every pixel from the tiles it cut into %s)", dir);
    else if (asset_tiles_cache_root(root, sizeof(root)))
        snprintf(out, n, " (the viewer shows it shrunk at first, and every pixel once it has "
                 "cut it into tiles in %s, once)", root);
    else
        snprintf(out, n, " (shown shrunk: no cache folder to cut it into tiles, neither "
                 "XDG_CACHE_HOME nor HOME is set)");
}
