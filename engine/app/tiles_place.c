/* app/tiles_place: what the viewer needs to load a place given as "cube" faces or "multires"
 * tiles (scene.h) through asset/tiles.h. Main thread only. */
#include "app/app_internal.h"
#include "asset/tiles.h"

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
