/* app/booth: model places (3D booths). Loading a place's model and environment through the
 * loader; the cameras, walking and picking are visit/camera.c's, here applied to the viewer's
 * current place, and the drawing is render/'s (render_booth). Main thread only. */
#include "app/booth.h"
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

bool booth_is_model(const viewer *v, int place)
{
    return place >= 0 && v->ex->places[place].model_src != NULL;
}

/* ---- loading ---- */

void booth_request(viewer *v, int place, int prio_preview, int prio_full)
{
    const scene_place *sp = &v->ex->places[place];
    place_state *ps = &v->places[place];
    if (sp->model && !ps->model && !ps->model_requested && ps->status != PLACE_FAILED) {
        asset_loader_request_model(v->loader, place, sp->model, sp->scale, sp->rotate,
                                   prio_full + 5);
        ps->model_requested = true;
    }
    if (sp->environment && !ps->full) {
        asset_loader_request_cube(v->loader, place, sp->environment, 8, prio_preview);
        asset_loader_request_cube(v->loader, place, sp->environment, 1, prio_full);
    }
}

/* The colliders a place names and every node below them; and the nodes that are not glass. */
static void make_opaque_mask(viewer *v, int place)
{
    place_state *ps = &v->places[place];
    pv_free(&ps->opaque_mask);
    const asset_model *m = ps->model;
    ps->opaque_mask = pv_calloc((size_t)(m->node_count ? m->node_count : 1), 1);
    for (int i = 0; i < m->node_count; i++)
        for (int k = 0; k < m->nodes[i].mesh_count; k++) {
            int mat = m->meshes[m->nodes[i].meshes[k]].material;
            if (mat < 0 || mat >= m->material_count ||
                m->materials[mat].alpha_mode != ASSET_ALPHA_BLEND)
                ps->opaque_mask[i] = 1;
        }
}

static void make_masks(viewer *v, int place)
{
    make_opaque_mask(v, place);
    const scene_place *sp = &v->ex->places[place];
    place_state *ps = &v->places[place];
    pv_free(&ps->collide_mask);
    if (!sp->collider_count || !ps->model)
        return;
    const asset_model *m = ps->model;
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

static void report_node_problems(viewer *v, int place)
{
    const scene_place *sp = &v->ex->places[place];
    const asset_model *m = v->places[place].model;
    for (int i = 0; i < sp->hotspot_count; i++) {
        const scene_hotspot *h = &sp->hotspots[i];
        if (h->node && asset_model_find_node(m, h->node) < 0)
            fprintf(stderr, "%s:%d:%d: warning: node \"%s\" is not in %s; the hotspot is not "
                    "shown\n", pv_path_display(v->ex->path), h->node_line, h->node_col, h->node,
                    sp->model_src);
    }
}

/* A model arrived (from the loader or loaded now): upload it and get its place ready. */
static void model_ready(viewer *v, int place, asset_model *m)
{
    place_state *ps = &v->places[place];
    ps->model = m;
    ps->gmodel = gfx_model_create(v->g, m);
    make_masks(v, place);
    report_node_problems(v, place);
    ps->status = PLACE_READY;
    if (place == viewer_place(v))
        booth_reset_camera(v, place);
}

/* The model cannot be shown: the place opens with this message on it. */
static void model_failed(viewer *v, int place, const char *why)
{
    place_state *ps = &v->places[place];
    const scene_place *sp = &v->ex->places[place];
    snprintf(ps->error, sizeof(ps->error), "%s:%d:%d: error: model \"%s\": %s",
             pv_path_display(v->ex->path), sp->model_line, sp->model_col, sp->model_src,
             app_reason(why, sp->model));
    ps->status = PLACE_FAILED;
}

bool booth_take_result(viewer *v, asset_job_result *r)
{
    if (r->scale_denom != 0 && !booth_is_model(v, r->place))
        return false;
    place_state *ps = &v->places[r->place];
    const scene_place *sp = &v->ex->places[r->place];
    if (r->scale_denom == 0) {
        pv_diags_print(&r->warnings, stderr);
        pv_diags_free(&r->warnings);
        ps->model_requested = false;
        if (!r->model) {
            model_failed(v, r->place, r->why);
            fprintf(stderr, "%s\n", ps->error);
            viewer_emit(v, VISIT_EVENT_ERROR, r->place, -1, -1, ps->error, 0);
            return true;
        }
        model_ready(v, r->place, r->model);
        r->model = NULL;
        viewer_emit(v, VISIT_EVENT_LOADED, r->place, -1, -1, "model", r->seconds);
        return true;
    }
    /* The environment: drawn behind the model and lighting it. */
    if (r->cube) {
        gfx_pano *pano = gfx_pano_create(v->g, r->cube);
        if (r->scale_denom == 1) {
            gfx_pano_destroy(v->g, &ps->full);
            ps->full = pano;
            gfx_env_destroy(v->g, &ps->env);
            ps->env = gfx_env_create(v->g, r->cube);
        } else if (!ps->full) {
            gfx_pano_destroy(v->g, &ps->preview);
            ps->preview = pano;
            if (!ps->env)
                ps->env = gfx_env_create(v->g, r->cube);
        } else {
            gfx_pano_destroy(v->g, &pano);
        }
        asset_cube_free(&r->cube);
    } else if (r->scale_denom == 1) {
        fprintf(stderr, "%s:%d:%d: warning: environment \"%s\" %s; the model is lit by a plain "
                "sky\n", pv_path_display(v->ex->path), sp->environment_line,
                sp->environment_col, sp->environment_src, r->why);
    }
    return true;
}

bool booth_load_now(viewer *v, int place)
{
    const scene_place *sp = &v->ex->places[place];
    place_state *ps = &v->places[place];
    char why[512];
    if (!ps->model) {
        /* Loaded now for a still frame (shots): no proxy, which only moving views draw. */
        char *scene_dir = pv_path_dir(v->ex->path); /* files inside models stay in it */
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
            model_failed(v, place, why);
            return false;
        }
        model_ready(v, place, m);
    }
    if (sp->environment && !ps->full) {
        asset_cube *cube = NULL;
        if (asset_pano_build(sp->environment, 1, gfx_max_texture_size(v->g), &cube, NULL, why,
                             sizeof(why)) == PV_OK) {
            ps->full = gfx_pano_create(v->g, cube);
            ps->env = gfx_env_create(v->g, cube);
            asset_cube_free(&cube);
        } else {
            fprintf(stderr, "%s:%d:%d: warning: environment \"%s\" %s\n",
                    pv_path_display(v->ex->path), sp->environment_line, sp->environment_col,
                    sp->environment_src, why);
        }
    }
    return true;
}

void booth_unload(viewer *v, int place)
{
    place_state *ps = &v->places[place];
    pv_free(&ps->collide_mask);
    pv_free(&ps->opaque_mask);
    gfx_model_destroy(v->g, &ps->gmodel);
    gfx_env_destroy(v->g, &ps->env);
    asset_model_free(&ps->model);
}

/* ---- the camera (visit/camera.c) ---- */

/* A place as the camera code sees it. */
static visit_booth booth_of(const viewer *v, int place)
{
    const place_state *ps = &v->places[place];
    return (visit_booth){&v->ex->places[place], ps->model, ps->collide_mask, ps->opaque_mask,
                         v->width, v->height};
}

bool booth_context(const viewer *v, int place, visit_booth *out)
{
    if (!booth_is_model(v, place))
        return false;
    *out = booth_of(v, place);
    return true;
}

void booth_reset_camera(viewer *v, int place)
{
    visit_booth b = booth_of(v, place);
    visit_camera *c = visit_camera_of(v->vis);
    visit_camera_reset(c, &b);
    if (v->cam_from_options && place == viewer_place(v)) {
        /* --view YAW,PITCH,FOV: the camera's own yaw, pitch (orbit: height above the target)
         * and field of view. */
        c->yaw = v->opt.view.yaw;
        c->pitch = c->mode == SCENE_CAMERA_WALK ? v->opt.view.pitch
                                                : pv_clampf(v->opt.view.pitch, -89.0f, 89.0f);
        c->fov = v->opt.view.fov;
    }
}

pv_view booth_look(const viewer *v) { return visit_camera_look(visit_camera_of(v->vis)); }

void booth_eye(const viewer *v, float eye[3])
{
    visit_booth b = booth_of(v, viewer_place(v));
    visit_camera_eye(visit_camera_of(v->vis), &b, eye);
}

void booth_view_proj(const viewer *v, int width, int height, float out[16])
{
    visit_booth b = booth_of(v, viewer_place(v));
    visit_camera_view_proj(visit_camera_of(v->vis), &b, width, height, out);
}

bool booth_project(const viewer *v, const float p[3], float *x, float *y)
{
    visit_booth b = booth_of(v, viewer_place(v));
    return visit_camera_project(visit_camera_of(v->vis), &b, p, x, y);
}

bool booth_hotspot_point(const viewer *v, int place, const scene_hotspot *h, float out[3])
{
    return visit_hotspot_point(v->places[place].model, h, out);
}

int booth_pick(const viewer *v, float px, float py)
{
    visit_booth b = booth_of(v, viewer_place(v));
    return visit_camera_pick(visit_camera_of(v->vis), &b, px, py);
}

bool booth_hotspot_hidden(const viewer *v, const scene_hotspot *h)
{
    visit_booth b = booth_of(v, viewer_place(v));
    return visit_camera_hidden(visit_camera_of(v->vis), &b, h);
}

void booth_drag(viewer *v, float dx, float dy)
{
    visit_booth b = booth_of(v, viewer_place(v));
    visit_camera_drag(visit_camera_of(v->vis), &b, dx, dy);
}

void booth_zoom(viewer *v, float factor) { visit_camera_zoom(visit_camera_of(v->vis), factor); }

void booth_walk(viewer *v, float forward, float right)
{
    visit_booth b = booth_of(v, viewer_place(v));
    visit_camera_walk(visit_camera_of(v->vis), &b, forward, right);
}

bool booth_walk_to_pixel(viewer *v, float px, float py)
{
    visit_booth b = booth_of(v, viewer_place(v));
    return visit_camera_walk_to_pixel(visit_camera_of(v->vis), &b, px, py);
}

/* ---- drawing (render/) ---- */

bool booth_draw(viewer *v, int place, int width, int height)
{
    place_state *ps = &v->places[place];
    render_booth_desc d = {.camera = visit_camera_of(v->vis), .booth = booth_of(v, place),
                           .background = ps->full ? ps->full : ps->preview,
                           .model = ps->gmodel, .env = ps->env, .moving = v->moving,
                           .width = width, .height = height};
    return render_booth(v->g, &d);
}
