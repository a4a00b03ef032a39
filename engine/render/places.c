/* render/places: the place cache (places.h): the GPU resources of every place and their
 * loading through the loader thread. Panoramas (a preview decoded small first, then the full
 * image, its rows streamed into a texture as they decode), places given as "cube" faces or
 * "multires" tiles, a huge panorama shown shrunk until the pyramid cut from it into the tile
 * cache takes over, booth models (imported in a helper process) with their environment, and
 * the place menu's thumbnails. Main thread only; the loader's threads call desc.wake. */
#include "render/places.h"
#include "asset/asset.h"
#include "asset/tiles.h"
#include "render/render.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PRIO_CURRENT_PREVIEW 200
#define PRIO_CURRENT 150
#define PRIO_LINKED_PREVIEW 100
#define PRIO_LINKED 50
#define PRIO_THUMB 10 /* pictures for the place menu */

typedef struct place_state {
    gfx_pano *full;          /* full resolution, once loaded */
    gfx_pano *preview;       /* low resolution, shown until `full` is in */
    gfx_pano *tiled_next;    /* a huge panorama's pyramid, cut while `full` showed it shrunk:
                              * takes over once the view's tiles are in */
    render_place_status status;
    char error[600];
    double last_used;
    gfx_image *thumb;        /* for the place menu, from the first picture decoded */
    bool thumb_asked;        /* its preview was asked for by the menu */
    /* model places */
    asset_model *model;      /* CPU copy: bounds, nodes and triangles for picking and walking */
    gfx_model *gmodel;
    gfx_env *env;            /* lighting from the environment panorama */
    bool model_requested;
    uint8_t *collide_mask;   /* walk: nodes that block (the place's colliders and their
                              * children); NULL = all geometry */
    uint8_t *opaque_mask;    /* nodes with something not see-through: glass neither hides
                              * markers nor catches clicks */
} place_state;

struct render_places {
    render_places_desc d;
    gfx *g;
    const scene_exhibit *ex;
    asset_loader *loader;
    place_state *places;
    /* One place at a time gets its full image uploaded as it decodes and shown (once
     * complete) until its cube is ready. The texture is kept for the next place: allocating
     * 128 MB afresh each time costs as much as decoding. */
    gfx_equirect *stream;
    int stream_place;        /* -1: the texture holds nothing useful */
    bool stream_behind;      /* decoded rows wait for their upload: keep updating */
    int width, height;       /* the window, as of the latest update */
    double now;              /* the latest update's time */
    bool changed;            /* something to draw again since the update began */
};

static bool is_model(const render_places *p, int place)
{
    return place >= 0 && p->ex->places[place].model_src != NULL;
}

static bool is_jpeg(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0);
}

static void emit(render_places *p, visit_event_kind kind, int place, const char *what,
                 double seconds)
{
    visit_send(p->d.visit, (visit_event){kind, p->now, place, -1, -1, what, seconds, -1});
}

/* How a place is (or will be) looked at: the waiting place's view, else the current one. */
static const pv_view *place_view(const render_places *p, int place)
{
    const pv_view *pending = visit_pending_view(p->d.visit);
    return place == visit_pending(p->d.visit) && pending ? pending : visit_view(p->d.visit);
}

/* Whether the streamed image can draw the place as it is looked at: every row decoded and
 * uploaded where that view looks (the rest of the rows follow). */
static bool stream_shows(const render_places *p, int place, int width, int height)
{
    return p->stream_place == place &&
           gfx_equirect_ready(p->stream, place_view(p, place), width, height);
}

/* ---- places given as tiles (cube faces, a multires pyramid, the tile cache) ---- */

/* The source of a place given as "cube" faces or "multires" tiles; false for other places. */
static bool tiles_source(const scene_place *sp, asset_tiles_source *out)
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

/* A place's picture for messages. */
static const char *place_source(const scene_place *sp)
{
    const char *s = sp->panorama;
    if (!s && sp->cube)
        s = sp->cube->face[0];
    if (!s && sp->multires)
        s = sp->multires->dir;
    return s ? pv_path_display(s) : sp->id;
}

static bool tiles_load_now(render_places *p, int place)
{
    place_state *ps = &p->places[place];
    asset_tiles_source src;
    if (!tiles_source(&p->ex->places[place], &src))
        return false;
    asset_cube *cube = NULL;
    asset_tile_stream *stream = NULL;
    char why[512];
    pv_result r = src.dir ? asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src},
                                                   &stream, why, sizeof(why))
                          : asset_tiles_load_cube(&src, gfx_max_texture_size(p->g) / 4, NULL,
                                                  &cube, why, sizeof(why));
    if (r != PV_OK) {
        ps->status = RENDER_PLACE_FAILED;
        snprintf(ps->error, sizeof(ps->error), "%s: error: %s",
                 place_source(&p->ex->places[place]), why);
        return false;
    }
    ps->full = stream ? gfx_pano_create_tiled(p->g, stream) : gfx_pano_create(p->g, cube);
    asset_cube_free(&cube);
    ps->status = RENDER_PLACE_READY;
    return true;
}

/* A huge panorama cut into the tile cache (asset_job_result.tiles_cut): held until its view
 * is sharp, or why it stays shrunk (a warning). */
static void take_cut(render_places *p, asset_job_result *r)
{
    place_state *ps = &p->places[r->place];
    const char *name = place_source(&p->ex->places[r->place]);
    if (!r->tiles) {
        fprintf(stderr, "%s: warning: panorama stays shown at a reduced size: %s\n", name,
                r->why);
        return;
    }
    gfx_pano *pano = gfx_pano_create_tiled(p->g, r->tiles);
    r->tiles = NULL;
    gfx_pano_destroy(p->g, &ps->tiled_next);
    if (ps->full && ps->status == RENDER_PLACE_READY) {
        ps->tiled_next = pano; /* the shrunk image stays until the view's tiles are in */
    } else {
        gfx_pano_destroy(p->g, &ps->full);
        ps->full = pano;
        ps->status = RENDER_PLACE_READY;
    }
    pv_info("%s: every pixel from the tile cache now (cut in %.1f s)", name, r->seconds);
}

/* Before drawing a place: its cut pyramid replaces the shrunk image once the view's tiles are
 * in (asking for them meanwhile). */
static void tiles_switch(render_places *p, int place, const pv_view *view, int width,
                         int height)
{
    place_state *ps = &p->places[place];
    if (!ps->tiled_next || !gfx_pano_sharp_now(p->g, ps->tiled_next, view, width, height))
        return;
    gfx_pano_destroy(p->g, &ps->full);
    ps->full = ps->tiled_next;
    ps->tiled_next = NULL;
}

/* A panorama's cached pyramid, opened now; false when there is none. */
static bool tiles_cached_now(render_places *p, int place)
{
    place_state *ps = &p->places[place];
    const char *path = p->ex->places[place].panorama;
    asset_image_kind kind;
    int w, h;
    char why[512], dir[PATH_MAX];
    asset_tiles_source src;
    if (!path || asset_image_probe(path, &kind, &w, &h, why, sizeof(why)) != PV_OK ||
        !asset_tiles_cache_wanted(kind, w, h, gfx_max_texture_size(p->g)) ||
        !asset_tiles_cache_find(path, &src, dir, sizeof(dir)))
        return false;
    asset_tile_stream *stream = NULL;
    if (asset_tile_stream_open(&(asset_tile_stream_desc){.source = &src}, &stream, why,
                               sizeof(why)) != PV_OK)
        return false;
    ps->full = gfx_pano_create_tiled(p->g, stream);
    ps->status = RENDER_PLACE_READY;
    return true;
}

/* ---- model places (booths) ---- */

static void booth_request(render_places *p, int place, int prio_preview, int prio_full)
{
    const scene_place *sp = &p->ex->places[place];
    place_state *ps = &p->places[place];
    if (sp->model && !ps->model && !ps->model_requested && ps->status != RENDER_PLACE_FAILED) {
        asset_loader_request_model(p->loader, place, sp->model, sp->scale, sp->rotate,
                                   prio_full + 5);
        ps->model_requested = true;
    }
    if (sp->environment && !ps->full) {
        asset_loader_request_cube(p->loader, place, sp->environment, 8, prio_preview);
        asset_loader_request_cube(p->loader, place, sp->environment, 1, prio_full);
    }
}

/* The colliders a place names and every node below them; and the nodes that are not glass. */
static void make_masks(render_places *p, int place)
{
    const scene_place *sp = &p->ex->places[place];
    place_state *ps = &p->places[place];
    const asset_model *m = ps->model;
    pv_free(&ps->opaque_mask);
    ps->opaque_mask = pv_calloc((size_t)(m->node_count ? m->node_count : 1), 1);
    for (int i = 0; i < m->node_count; i++)
        for (int k = 0; k < m->nodes[i].mesh_count; k++) {
            int mat = m->meshes[m->nodes[i].meshes[k]].material;
            if (mat < 0 || mat >= m->material_count ||
                m->materials[mat].alpha_mode != ASSET_ALPHA_BLEND)
                ps->opaque_mask[i] = 1;
        }
    pv_free(&ps->collide_mask);
    if (!sp->collider_count)
        return;
    ps->collide_mask = pv_calloc((size_t)m->node_count, 1);
    for (int i = 0; i < m->node_count; i++) {
        for (int k = 0; k < sp->collider_count && !ps->collide_mask[i]; k++)
            if (m->nodes[i].name && strcmp(m->nodes[i].name, sp->colliders[k]) == 0)
                ps->collide_mask[i] = 1;
        /* parents come before children */
        if (m->nodes[i].parent >= 0 && ps->collide_mask[m->nodes[i].parent])
            ps->collide_mask[i] = 1;
    }
}

static void report_node_problems(render_places *p, int place)
{
    const scene_place *sp = &p->ex->places[place];
    const asset_model *m = p->places[place].model;
    for (int i = 0; i < sp->hotspot_count; i++) {
        const scene_hotspot *h = &sp->hotspots[i];
        if (h->node && asset_model_find_node(m, h->node) < 0)
            fprintf(stderr, "%s:%d:%d: warning: node \"%s\" is not in %s; the hotspot is not "
                    "shown\n", pv_path_display(p->ex->path), h->node_line, h->node_col, h->node,
                    sp->model_src);
    }
}

/* A model arrived (from the loader or loaded now): upload it and get its place ready. */
static void model_ready(render_places *p, int place, asset_model *m)
{
    place_state *ps = &p->places[place];
    ps->model = m;
    ps->gmodel = gfx_model_create(p->g, m);
    make_masks(p, place);
    report_node_problems(p, place);
    ps->status = RENDER_PLACE_READY;
    if (p->d.model_ready)
        p->d.model_ready(p->d.user, place);
}

/* The model cannot be shown: the place opens with this message on it. */
static void model_failed(render_places *p, int place, const char *why)
{
    place_state *ps = &p->places[place];
    const scene_place *sp = &p->ex->places[place];
    snprintf(ps->error, sizeof(ps->error), "%s:%d:%d: error: model \"%s\": %s",
             pv_path_display(p->ex->path), sp->model_line, sp->model_col, sp->model_src,
             pv_path_reason(why, sp->model));
    ps->status = RENDER_PLACE_FAILED;
}

/* A loader result meant for a model place; false when it is not one. */
static bool booth_take_result(render_places *p, asset_job_result *r)
{
    if (r->scale_denom != 0 && !is_model(p, r->place))
        return false;
    place_state *ps = &p->places[r->place];
    const scene_place *sp = &p->ex->places[r->place];
    if (r->scale_denom == 0) {
        pv_diags_print(&r->warnings, stderr);
        pv_diags_free(&r->warnings);
        ps->model_requested = false;
        if (!r->model) {
            model_failed(p, r->place, r->why);
            fprintf(stderr, "%s\n", ps->error);
            emit(p, VISIT_EVENT_ERROR, r->place, ps->error, 0);
            return true;
        }
        model_ready(p, r->place, r->model);
        r->model = NULL;
        emit(p, VISIT_EVENT_LOADED, r->place, "model", r->seconds);
        return true;
    }
    /* The environment: drawn behind the model and lighting it. */
    if (r->cube) {
        gfx_pano *pano = gfx_pano_create(p->g, r->cube);
        if (r->scale_denom == 1) {
            gfx_pano_destroy(p->g, &ps->full);
            ps->full = pano;
            gfx_env_destroy(p->g, &ps->env);
            ps->env = gfx_env_create(p->g, r->cube);
        } else if (!ps->full) {
            gfx_pano_destroy(p->g, &ps->preview);
            ps->preview = pano;
            if (!ps->env)
                ps->env = gfx_env_create(p->g, r->cube);
        } else {
            gfx_pano_destroy(p->g, &pano);
        }
        asset_cube_free(&r->cube);
    } else if (r->scale_denom == 1) {
        fprintf(stderr, "%s:%d:%d: warning: environment \"%s\" %s; the model is lit by a plain "
                "sky\n", pv_path_display(p->ex->path), sp->environment_line,
                sp->environment_col, sp->environment_src, r->why);
    }
    return true;
}

static bool booth_load_now(render_places *p, int place)
{
    const scene_place *sp = &p->ex->places[place];
    place_state *ps = &p->places[place];
    char why[512];
    if (!ps->model) {
        /* Loaded now for a still frame (shots): no proxy, which only moving views draw. */
        char *scene_dir = pv_path_dir(p->ex->path); /* files inside models stay in it */
        asset_model_desc md = {.path = sp->model, .scale = sp->scale, .no_proxy = true,
                               .root = scene_dir};
        memcpy(md.rotate, sp->rotate, sizeof(md.rotate));
        pv_diags warnings = {0};
        asset_model *m = NULL;
        pv_result r = asset_model_load(&md, &m, &warnings, why, sizeof(why));
        free(scene_dir);
        pv_diags_print(&warnings, stderr);
        pv_diags_free(&warnings);
        if (r != PV_OK) {
            model_failed(p, place, why);
            return false;
        }
        model_ready(p, place, m);
    }
    if (sp->environment && !ps->full) {
        asset_cube *cube = NULL;
        if (asset_pano_build(sp->environment, 1, gfx_max_texture_size(p->g), &cube, NULL, why,
                             sizeof(why)) == PV_OK) {
            ps->full = gfx_pano_create(p->g, cube);
            ps->env = gfx_env_create(p->g, cube);
            asset_cube_free(&cube);
        } else {
            fprintf(stderr, "%s:%d:%d: warning: environment \"%s\" %s\n",
                    pv_path_display(p->ex->path), sp->environment_line, sp->environment_col,
                    sp->environment_src, why);
        }
    }
    return true;
}

/* ---- loading ---- */

static void request_place(render_places *p, int place, int prio_preview, int prio_full)
{
    place_state *ps = &p->places[place];
    const char *path = p->ex->places[place].panorama;
    if (is_model(p, place)) {
        booth_request(p, place, prio_preview, prio_full);
        return;
    }
    if (p->ex->places[place].panorama_video)
        return; /* a 360 video: opened by its player when the place is entered */
    asset_tiles_source tiles;
    if (tiles_source(&p->ex->places[place], &tiles)) {
        if (ps->status != RENDER_PLACE_FAILED && !ps->full) {
            asset_loader_request_tiles(p->loader, place, &tiles, prio_full);
            ps->status = ps->status == RENDER_PLACE_IDLE ? RENDER_PLACE_LOADING : ps->status;
        }
        return;
    }
    if (!path || ps->status == RENDER_PLACE_FAILED || ps->full)
        return;
    if (!ps->preview && is_jpeg(path))
        asset_loader_request(p->loader, place, path, 8, prio_preview);
    asset_loader_request(p->loader, place, path, 1, prio_full);
    if (ps->status == RENDER_PLACE_IDLE)
        ps->status = RENDER_PLACE_LOADING;
}

void render_places_enter(render_places *p, int place, double now)
{
    p->places[place].last_used = now;
    asset_loader_drop_below(p->loader, 1 << 30);
    for (int i = 0; i < p->ex->place_count; i++)
        if (p->places[i].status == RENDER_PLACE_LOADING && !p->places[i].full)
            p->places[i].status = RENDER_PLACE_IDLE;
    request_place(p, place, PRIO_CURRENT_PREVIEW, PRIO_CURRENT);
    const scene_place *sp = &p->ex->places[place];
    for (int i = 0; i < sp->hotspot_count; i++)
        if (sp->hotspots[i].type == SCENE_HOTSPOT_GOTO)
            request_place(p, sp->hotspots[i].target, PRIO_LINKED_PREVIEW - i, PRIO_LINKED - i);
}

void render_places_hurry(render_places *p, int place)
{
    asset_loader_drop_below(p->loader, 1 << 30);
    request_place(p, place, PRIO_CURRENT_PREVIEW + 10, PRIO_CURRENT + 10);
}

/* The place shown, the one fading out, the one coming, and those the shown one links to. */
static bool is_neighbour(const render_places *p, int place)
{
    int from = -1, here = visit_place(p->d.visit);
    visit_fading(p->d.visit, &from, NULL, NULL);
    if (place == here || place == from || place == visit_pending(p->d.visit))
        return true;
    const scene_place *sp = &p->ex->places[here];
    for (int i = 0; i < sp->hotspot_count; i++)
        if (sp->hotspots[i].type == SCENE_HOTSPOT_GOTO && sp->hotspots[i].target == place)
            return true;
    return false;
}

/* Keeps full-resolution textures within the budget, dropping the least recently used. */
static void enforce_budget(render_places *p)
{
    for (;;) {
        size_t total = 0;
        int victim = -1;
        for (int i = 0; i < p->ex->place_count; i++) {
            const place_state *ps = &p->places[i];
            total += gfx_pano_bytes(ps->full);
            total += gfx_pano_bytes(ps->tiled_next);
            if (ps->full && !is_neighbour(p, i) &&
                (victim < 0 || ps->last_used < p->places[victim].last_used))
                victim = i;
        }
        if (total <= p->d.budget_bytes || victim < 0)
            return;
        gfx_pano_destroy(p->g, &p->places[victim].full);
        gfx_pano_destroy(p->g, &p->places[victim].tiled_next);
        p->places[victim].status = RENDER_PLACE_IDLE;
    }
}

/* A 16:9 picture of the middle of a panorama for the place menu: its view straight ahead
 * (a quarter of the image wide), from the smallest level that still has 160 pixels there. */
static void make_thumb(render_places *p, int place, const asset_equirect *e)
{
    enum { TW = 160, TH = 90 };
    place_state *ps = &p->places[place];
    if (ps->thumb || !e->levels)
        return;
    int lv = 0;
    while (lv + 1 < e->levels && e->level_w[lv + 1] / 4 >= TW)
        lv++;
    int w = e->level_w[lv], h = e->level_h[lv];
    float cw = (float)w / 4, ch = cw * TH / TW;
    float x0 = ((float)w - cw) * 0.5f, y0 = ((float)h - ch) * 0.5f;
    uint8_t *px = pv_malloc((size_t)TW * TH * 4);
    for (int y = 0; y < TH; y++)
        for (int x = 0; x < TW; x++) {
            int sx = (int)(x0 + ((float)x + 0.5f) * cw / TW);
            int sy = (int)(y0 + ((float)y + 0.5f) * ch / TH);
            sx = sx < 0 ? 0 : sx >= w ? w - 1 : sx;
            sy = sy < 0 ? 0 : sy >= h ? h - 1 : sy;
            memcpy(px + ((size_t)y * TW + x) * 4, e->level[lv] + ((size_t)sy * w + sx) * 4, 4);
        }
    ps->thumb = gfx_image_create(p->g, TW, TH, px);
    free(px);
}

/* A panorama's picture decoded (a preview, or its full image with mip levels). */
static void take_equirect(render_places *p, asset_job_result *r)
{
    place_state *ps = &p->places[r->place];
    const scene_place *sp = &p->ex->places[r->place];
    make_thumb(p, r->place, r->equirect);
    /* The streamed texture already holds this image's pixels: keep it. */
    gfx_pano *pano = r->scale_denom == 1 && p->stream_place == r->place
                         ? gfx_pano_adopt_stream(p->g, &p->stream, r->equirect)
                         : gfx_pano_create_equirect(p->g, r->equirect);
    if (r->scale_denom == 1 && r->equirect->warning[0])
        fprintf(stderr, "%s: warning: panorama %s\n", pv_path_display(sp->panorama),
                r->equirect->warning);
    asset_equirect_free(&r->equirect);
    if (r->scale_denom == 1) {
        gfx_pano_destroy(p->g, &ps->full);
        if (p->stream_place == r->place)
            p->stream_place = -1;
        ps->full = pano;
        ps->status = RENDER_PLACE_READY;
        pv_debug("%s: loaded in %.0f ms", sp->id, r->seconds * 1000.0);
        emit(p, VISIT_EVENT_LOADED, r->place, "panorama", r->seconds);
    } else if (!ps->full) {
        gfx_pano_destroy(p->g, &ps->preview);
        ps->preview = pano;
    } else {
        gfx_pano_destroy(p->g, &pano);
    }
}

static void take_results(render_places *p)
{
    asset_job_result r;
    while (asset_loader_poll(p->loader, &r)) {
        place_state *ps = &p->places[r.place];
        const scene_place *sp = &p->ex->places[r.place];
        p->changed = true;
        if (booth_take_result(p, &r))
            continue;
        if (r.tiles_cut) {
            take_cut(p, &r);
            asset_tile_stream_close(&r.tiles);
        } else if (r.equirect) {
            take_equirect(p, &r);
        } else if (r.cube || r.tiles) {
            /* A place given as "cube" faces or "multires" tiles. */
            gfx_pano_destroy(p->g, &ps->full);
            ps->full = r.tiles ? gfx_pano_create_tiled(p->g, r.tiles)
                               : gfx_pano_create(p->g, r.cube);
            asset_cube_free(&r.cube);
            ps->status = RENDER_PLACE_READY;
            pv_debug("%s: loaded in %.0f ms", sp->id, r.seconds * 1000.0);
            emit(p, VISIT_EVENT_LOADED, r.place, "panorama", r.seconds);
        } else if ((r.scale_denom == 1 || !ps->preview) && ps->status != RENDER_PLACE_FAILED) {
            if (p->stream_place == r.place)
                p->stream_place = -1;
            ps->status = RENDER_PLACE_FAILED;
            snprintf(ps->error, sizeof(ps->error), "%s: error: panorama %s", place_source(sp),
                     r.why);
            fprintf(stderr, "%s\n", ps->error); /* compiler-style, like `pavilion check` */
            emit(p, VISIT_EVENT_ERROR, r.place, ps->error, 0);
        }
    }
    enforce_budget(p);
}

typedef struct stream_target {
    render_places *p;
    int place;
} stream_target;

static void upload_rows(void *user, const uint8_t *rgba, int w, int h, int rows)
{
    stream_target *t = user;
    render_places *p = t->p;
    if (p->stream_place != t->place) {
        if (w > gfx_max_texture_size(p->g) || h > gfx_max_texture_size(p->g))
            return; /* wider than textures can be (the loader shrinks such JPEGs) */
        int sw = 0, sh = 0;
        if (p->stream)
            gfx_equirect_size(p->stream, &sw, &sh);
        if (sw != w || sh != h) {
            gfx_equirect_destroy(p->g, &p->stream);
            p->stream = gfx_equirect_create(p->g, w, h);
        }
        gfx_equirect_reset(p->stream);
        p->stream_place = t->place;
    }
    /* The view's part of the rows first, so the place shows as soon as the rows it looks at
     * are decoded; once it can be drawn, the rest 256 rows (8 MB) per update. */
    gfx_equirect_focus(p->stream, place_view(p, t->place), p->width, p->height);
    bool shows = stream_shows(p, t->place, p->width, p->height);
    bool left = gfx_equirect_feed(p->g, p->stream, rgba, rows, shows ? 256 : 0);
    p->stream_behind = shows && left; /* the rest: the loop comes back at once for more */
    if (!shows && stream_shows(p, t->place, p->width, p->height))
        p->changed = true;
}

/* The place on screen (or about to be) gets its full image as soon as it is decoded. */
static void stream_place(render_places *p, int place)
{
    p->stream_behind = false; /* until the rows being decoded say otherwise */
    if (place < 0 || p->places[place].full || is_model(p, place))
        return; /* a booth's environment waits for its cube: it also lights the model */
    stream_target t = {p, place};
    asset_loader_stream(p->loader, place, upload_rows, &t);
}

bool render_places_update(render_places *p, double now, int width, int height)
{
    p->now = now;
    p->width = width;
    p->height = height;
    p->changed = false;
    int pending = visit_pending(p->d.visit), here = visit_place(p->d.visit);
    stream_place(p, pending >= 0 ? pending : here);
    take_results(p);
    if (here >= 0 && (gfx_pano_pending(p->places[here].full) ||
                      gfx_pano_pending(p->places[here].tiled_next)))
        p->changed = true; /* tiles of a multires place to upload */
    return p->changed;
}

bool render_places_behind(const render_places *p) { return p->stream_behind; }

bool render_places_load_now(render_places *p, int place)
{
    place_state *ps = &p->places[place];
    const scene_place *sp = &p->ex->places[place];
    if (is_model(p, place))
        return booth_load_now(p, place);
    if (ps->full || sp->panorama_video)
        return true;
    if (sp->cube || sp->multires)
        return tiles_load_now(p, place);
    if (tiles_cached_now(p, place))
        return true; /* a huge panorama cut into the tile cache before */
    if (!sp->panorama) {
        snprintf(ps->error, sizeof(ps->error), "place \"%s\" has no panorama", sp->id);
        return false;
    }
    asset_equirect *eq = NULL;
    char why[512];
    asset_pano_desc desc = {.path = sp->panorama, .max_width = gfx_max_texture_size(p->g)};
    pv_result r = asset_equirect_load(&desc, &eq, why, sizeof(why));
    if (r != PV_OK) {
        ps->status = RENDER_PLACE_FAILED;
        snprintf(ps->error, sizeof(ps->error), "%s: error: panorama %s",
                 pv_path_display(sp->panorama), why);
        return false;
    }
    if (eq->warning[0])
        fprintf(stderr, "%s: warning: panorama %s\n", pv_path_display(sp->panorama),
                eq->warning);
    ps->full = gfx_pano_create_equirect(p->g, eq);
    asset_equirect_free(&eq);
    ps->status = RENDER_PLACE_READY;
    return true;
}

const gfx_image *render_places_thumbnail(render_places *p, int place)
{
    place_state *ps = &p->places[place];
    const char *path = p->ex->places[place].panorama;
    if (!ps->thumb && !ps->thumb_asked && path && is_jpeg(path) && !is_model(p, place) &&
        !p->ex->places[place].panorama_video && ps->status != RENDER_PLACE_FAILED) {
        asset_loader_request(p->loader, place, path, 8, PRIO_THUMB);
        ps->thumb_asked = true;
    }
    return ps->thumb;
}

/* ---- the cache ---- */

render_places *render_places_create(const render_places_desc *d)
{
    render_places *p = pv_calloc(1, sizeof(*p));
    p->d = *d;
    if (!p->d.budget_bytes)
        p->d.budget_bytes = (size_t)768 << 20;
    p->g = d->g;
    p->ex = d->exhibit;
    p->stream_place = -1;
    p->places = pv_calloc((size_t)(p->ex->place_count ? p->ex->place_count : 1),
                          sizeof(place_state));
    p->loader = asset_loader_create(d->wake, d->user, gfx_max_texture_size(d->g));
    char *scene_dir = pv_path_dir(p->ex->path); /* files inside models stay in it */
    asset_loader_set_root(p->loader, scene_dir);
    free(scene_dir);
    return p;
}

void render_places_destroy(render_places **pp)
{
    render_places *p = *pp;
    if (!p)
        return;
    asset_loader_destroy(&p->loader); /* its threads stop before what they feed goes */
    for (int i = 0; i < p->ex->place_count; i++) {
        place_state *ps = &p->places[i];
        gfx_pano_destroy(p->g, &ps->full);
        gfx_pano_destroy(p->g, &ps->preview);
        gfx_pano_destroy(p->g, &ps->tiled_next);
        gfx_image_destroy(p->g, &ps->thumb);
        pv_free(&ps->collide_mask);
        pv_free(&ps->opaque_mask);
        gfx_model_destroy(p->g, &ps->gmodel);
        gfx_env_destroy(p->g, &ps->env);
        asset_model_free(&ps->model);
    }
    gfx_equirect_destroy(p->g, &p->stream);
    free(p->places);
    pv_free(pp);
}

/* ---- what a place has ---- */

render_place_status render_places_status(const render_places *p, int place)
{
    return p->places[place].status;
}

const char *render_places_error(const render_places *p, int place)
{
    return p->places[place].error;
}

const char *render_places_shown(const render_places *p, int place, int width, int height)
{
    const place_state *ps = &p->places[place];
    if (ps->status == RENDER_PLACE_FAILED)
        return "error";
    if (p->ex->places[place].panorama_video)
        return NULL;
    if (ps->gmodel)
        return "model";
    if (ps->full || stream_shows(p, place, width, height))
        return "full";
    return ps->preview ? "preview" : NULL;
}

bool render_places_has_picture(const render_places *p, int place, int width, int height)
{
    const place_state *ps = &p->places[place];
    return ps->full || ps->preview || stream_shows(p, place, width, height);
}

gfx_pano *render_places_full(const render_places *p, int place)
{
    return p->places[place].full;
}

bool render_places_cut_waiting(const render_places *p, int place)
{
    return p->places[place].tiled_next != NULL;
}

const asset_model *render_places_model(const render_places *p, int place)
{
    return p->places[place].model;
}

gfx_model *render_places_gpu_model(const render_places *p, int place)
{
    return p->places[place].gmodel;
}

visit_booth render_places_booth(const render_places *p, int place, int width, int height)
{
    const place_state *ps = &p->places[place];
    return (visit_booth){&p->ex->places[place], ps->model, ps->collide_mask, ps->opaque_mask,
                         width, height};
}

/* ---- drawing ---- */

bool render_places_draw_panorama(render_places *p, int place, const pv_view *view, int width,
                                 int height, float alpha)
{
    place_state *ps = &p->places[place];
    if (is_model(p, place)) /* a booth being left: its surroundings fade out */
        return render_panorama(p->g, &(render_pano_desc){.full = ps->full, .view = view,
                                                         .width = width, .height = height,
                                                         .alpha = alpha});
    tiles_switch(p, place, view, width, height);
    render_pano_desc d = {.full = ps->full, .preview = ps->preview, .view = view,
                          .width = width, .height = height, .alpha = alpha,
                          .stream = p->stream_place == place ? p->stream : NULL};
    return render_panorama(p->g, &d);
}

bool render_places_draw_booth(render_places *p, int place, const visit_camera *camera,
                              bool moving, int width, int height)
{
    place_state *ps = &p->places[place];
    render_booth_desc d = {.camera = camera, .booth = render_places_booth(p, place, width, height),
                           .background = ps->full ? ps->full : ps->preview,
                           .model = ps->gmodel, .env = ps->env, .moving = moving,
                           .width = width, .height = height};
    return render_booth(p->g, &d);
}
