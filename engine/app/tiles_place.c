/* app/tiles_place: what the viewer needs to load a place given as "cube" faces or "multires"
 * tiles (scene.h) through asset/tiles.h, and the switch of a huge panorama, shown shrunk, to
 * the pyramid the loader cut from it into the tile cache. Main thread only. */
#include "app/app_internal.h"
#include "asset/tiles.h"

#include <limits.h>

bool viewer_tiles_source(const scene_place *sp, asset_tiles_source *out)
{
    memset(out, 0, sizeof(*out));
    if (sp->cube) {
        for (int f = 0; f < ASSET_FACE_COUNT; f++)
            out->faces[f] = sp->cube->face[f];
        return out->faces[0] != NULL;
    }
    if (!sp->multires)
        return false;
    out->dir = sp->multires->dir;
    out->pattern = sp->multires->pattern;
    out->extension = sp->multires->extension;
    out->layout = (asset_tiles_layout){sp->multires->face_size, sp->multires->tile_size,
                                       sp->multires->levels};
    return out->dir != NULL;
}

const char *viewer_place_source(const scene_place *sp)
{
    const char *s = sp->panorama;
    if (!s && sp->cube)
        s = sp->cube->face[0];
    if (!s && sp->multires)
        s = sp->multires->dir;
    return s ? pv_path_display(s) : sp->id;
}

bool viewer_tiles_load_now(viewer *v, int place)
{
    place_state *ps = &v->places[place];
    asset_tiles_source src;
    if (!viewer_tiles_source(&v->ex->places[place], &src))
        return false;
    asset_cube *cube = NULL;
    asset_tile_stream *stream = NULL;
    char why[512];
    pv_result r = src.dir ? asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src},
                                                   &stream, why, sizeof(why))
                          : asset_tiles_load_cube(&src, gfx_max_texture_size(v->g) / 4, NULL,
                                                  &cube, why, sizeof(why));
    if (r != PV_OK) {
        ps->status = PLACE_FAILED;
        snprintf(ps->error, sizeof(ps->error), "%s: error: %s",
                 viewer_place_source(&v->ex->places[place]), why);
        return false;
    }
    ps->full = stream ? gfx_pano_create_tiled(v->g, stream) : gfx_pano_create(v->g, cube);
    asset_cube_free(&cube);
    ps->status = PLACE_READY;
    return true;
}

void viewer_tiles_take_cut(viewer *v, asset_job_result *r)
{
    place_state *ps = &v->places[r->place];
    const char *name = viewer_place_source(&v->ex->places[r->place]);
    if (!r->tiles) {
        fprintf(stderr, "%s: warning: panorama stays shown at a reduced size: %s\n", name,
                r->why);
        return;
    }
    gfx_pano *p = gfx_pano_create_tiled(v->g, r->tiles);
    r->tiles = NULL;
    gfx_pano_destroy(v->g, &ps->tiled_next);
    if (ps->full && ps->status == PLACE_READY) {
        ps->tiled_next = p; /* the shrunk image stays until the view's tiles are in */
    } else {
        gfx_pano_destroy(v->g, &ps->full);
        ps->full = p;
        ps->status = PLACE_READY;
    }
    pv_info("%s: every pixel from the tile cache now (cut in %.1f s)", name, r->seconds);
}

void viewer_tiles_switch(viewer *v, int place, const pv_view *view, int width, int height)
{
    place_state *ps = &v->places[place];
    if (!ps->tiled_next || !gfx_pano_sharp_now(v->g, ps->tiled_next, view, width, height))
        return;
    gfx_pano_destroy(v->g, &ps->full);
    ps->full = ps->tiled_next;
    ps->tiled_next = NULL;
}

bool viewer_tiles_cached_now(viewer *v, int place)
{
    place_state *ps = &v->places[place];
    const char *path = v->ex->places[place].panorama;
    asset_image_kind kind;
    int w, h;
    char why[512], dir[PATH_MAX];
    asset_tiles_source src;
    if (!path || asset_image_probe(path, &kind, &w, &h, why, sizeof(why)) != PV_OK ||
        !asset_tiles_cache_wanted(kind, w, h, gfx_max_texture_size(v->g)) ||
        !asset_tiles_cache_find(path, &src, dir, sizeof(dir)))
        return false;
    asset_tile_stream *stream = NULL;
    if (asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src}, &stream, why,
                               sizeof(why)) != PV_OK)
        return false;
    ps->full = gfx_pano_create_tiled(v->g, stream);
    ps->status = PLACE_READY;
    return true;
}
