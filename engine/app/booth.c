/* app/booth: model places (3D booths). Loading a place's model and environment through the
 * loader, the orbit and walk cameras, drawing, hotspots on positions and nodes, picking by
 * ray cast and walking with collisions against the model (always the full model: the proxy
 * is only drawn).
 * Conventions: an orbit camera at yaw Y and pitch P looks at its target from above when P > 0;
 * the background panorama is drawn with the camera's own yaw and look pitch, so the model sits
 * in it. Main thread only. */
#include "app/booth.h"

#include <cglm/cglm.h>
#include <math.h>
#include <string.h>

#define BOOTH_NEAR 0.05f
#define BOOTH_MSAA 4        /* samples per pixel on booth places */
#define WALK_RADIUS 0.3f    /* how close the visitor's body comes to a wall, metres */
#define WALK_STEP 0.45f     /* the highest step the visitor climbs */

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
        asset_loader_request(v->loader, place, sp->environment, 8, prio_preview);
        asset_loader_request(v->loader, place, sp->environment, 1, prio_full);
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
    if (place == v->current)
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
            return true;
        }
        model_ready(v, r->place, r->model);
        r->model = NULL;
        viewer_log_loaded(v, r->place, "model", r->seconds);
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
        asset_model_desc md = {.path = sp->model, .scale = sp->scale, .no_proxy = true};
        memcpy(md.rotate, sp->rotate, sizeof(md.rotate));
        pv_diags warnings = {0};
        asset_model *m = NULL;
        pv_result r = asset_model_load(&md, &m, &warnings, why, sizeof(why));
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

/* ---- the camera ---- */

static float model_radius(const asset_model *m)
{
    if (!m || m->bounds_min[0] > m->bounds_max[0])
        return 2.0f;
    float d[3];
    for (int i = 0; i < 3; i++)
        d[i] = m->bounds_max[i] - m->bounds_min[i];
    return 0.5f * sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

void booth_reset_camera(viewer *v, int place)
{
    const scene_camera *sc = &v->ex->places[place].camera;
    const asset_model *m = v->places[place].model;
    booth_camera *c = &v->cam;
    memset(c, 0, sizeof(*c));
    c->mode = sc->mode;
    c->yaw = sc->yaw;
    c->pitch = sc->pitch;
    c->fov = sc->fov;
    float r = model_radius(m);
    if (sc->has_target) {
        memcpy(c->target, sc->target, sizeof(c->target));
    } else if (m && m->bounds_min[0] <= m->bounds_max[0]) {
        for (int i = 0; i < 3; i++)
            c->target[i] = 0.5f * (m->bounds_min[i] + m->bounds_max[i]);
    }
    float vhalf = (float)PV_DEG2RAD(pv_view_vfov(c->fov, v->width, v->height)) * 0.5f;
    c->distance = sc->distance > 0 ? sc->distance : r / sinf(vhalf > 0.05f ? vhalf : 0.05f);
    c->distance_min = sc->distance_min > 0 ? sc->distance_min : fmaxf(0.3f, r * 0.25f);
    c->distance_max = sc->distance_max > 0 ? sc->distance_max : fmaxf(r * 6.0f, c->distance);
    c->distance = pv_clampf(c->distance, c->distance_min, c->distance_max);
    if (sc->has_position)
        memcpy(c->position, sc->position, sizeof(c->position));
    if (v->cam_from_options && place == v->current) {
        /* --view YAW,PITCH,FOV: the camera's own yaw, pitch (orbit: height above the target)
         * and field of view. */
        c->yaw = v->opt.view.yaw;
        c->pitch = c->mode == SCENE_CAMERA_WALK ? v->opt.view.pitch
                                                : pv_clampf(v->opt.view.pitch, -89.0f, 89.0f);
        c->fov = v->opt.view.fov;
    }
}

/* The view the background panorama is drawn with: the camera's own direction. */
pv_view booth_look(const viewer *v)
{
    const booth_camera *c = &v->cam;
    float pitch = c->mode == SCENE_CAMERA_WALK ? c->pitch : -c->pitch;
    return (pv_view){c->yaw, pitch, c->fov};
}

void booth_eye(const viewer *v, float eye[3])
{
    const booth_camera *c = &v->cam;
    if (c->mode == SCENE_CAMERA_WALK) {
        eye[0] = c->position[0];
        eye[1] = c->position[1] + v->ex->places[v->current].camera.eye_height;
        eye[2] = c->position[2];
        return;
    }
    pv_view look = booth_look(v);
    float f[3];
    pv_view_dir(look.yaw, look.pitch, f);
    for (int i = 0; i < 3; i++)
        eye[i] = c->target[i] - f[i] * c->distance;
}

static float far_plane(const viewer *v)
{
    float r = model_radius(v->places[v->current].model);
    return fmaxf(200.0f, (r + v->cam.distance) * 4.0f);
}

void booth_view_proj(const viewer *v, int width, int height, float out[16])
{
    pv_view look = booth_look(v);
    float eye[3];
    booth_eye(v, eye);
    pv_view_proj_at(&look, eye, width, height, BOOTH_NEAR, far_plane(v), out);
}

bool booth_project(const viewer *v, const float p[3], float *x, float *y)
{
    float vp[16];
    booth_view_proj(v, v->width, v->height, vp);
    float cx = vp[0] * p[0] + vp[4] * p[1] + vp[8] * p[2] + vp[12];
    float cy = vp[1] * p[0] + vp[5] * p[1] + vp[9] * p[2] + vp[13];
    float cw = vp[3] * p[0] + vp[7] * p[1] + vp[11] * p[2] + vp[15];
    if (cw <= BOOTH_NEAR)
        return false;
    *x = (cx / cw * 0.5f + 0.5f) * (float)v->width;
    *y = (0.5f - cy / cw * 0.5f) * (float)v->height;
    return true;
}

/* Where a hotspot of a model place sits, in world space. */
bool booth_hotspot_point(const viewer *v, int place, const scene_hotspot *h, float out[3])
{
    const asset_model *m = v->places[place].model;
    if (!m)
        return false;
    if (h->node) {
        int n = asset_model_find_node(m, h->node);
        if (n < 0 || m->nodes[n].bounds_min[0] > m->nodes[n].bounds_max[0])
            return false;
        for (int i = 0; i < 3; i++)
            out[i] = 0.5f * (m->nodes[n].bounds_min[i] + m->nodes[n].bounds_max[i]);
        return true;
    }
    if (!h->has_position)
        return false;
    /* Model space: through the root's correction (axis, units, scale, rotate). */
    const float *w = m->nodes[0].world;
    for (int i = 0; i < 3; i++)
        out[i] = w[i] * h->position[0] + w[4 + i] * h->position[1] + w[8 + i] * h->position[2] +
                 w[12 + i];
    return true;
}

/* The hotspot whose node (or a node above it) was hit by the ray through a pixel. */
int booth_pick(const viewer *v, float px, float py)
{
    const asset_model *m = v->places[v->current].model;
    const scene_place *sp = &v->ex->places[v->current];
    if (!m)
        return -1;
    pv_view look = booth_look(v);
    float dir[3], eye[3];
    pv_view_unproject(&look, v->width, v->height, px, py, dir);
    booth_eye(v, eye);
    int node = -1;
    if (asset_model_raycast_mask(m, eye, dir, v->places[v->current].opaque_mask, &node) < 0 ||
        node < 0)
        return -1;
    for (int n = node; n >= 0; n = m->nodes[n].parent)
        for (int i = 0; i < sp->hotspot_count; i++)
            if (sp->hotspots[i].node && strcmp(sp->hotspots[i].node, m->nodes[n].name ? m->nodes[n].name : "") == 0)
                return i;
    return -1;
}

bool booth_hotspot_hidden(const viewer *v, const scene_hotspot *h)
{
    const asset_model *m = v->places[v->current].model;
    float p[3], eye[3], d[3];
    if (!m || !booth_hotspot_point(v, v->current, h, p))
        return false;
    booth_eye(v, eye);
    for (int i = 0; i < 3; i++)
        d[i] = p[i] - eye[i];
    float dist = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    int node = -1;
    float hit = asset_model_raycast_mask(m, eye, d, v->places[v->current].opaque_mask, &node);
    if (hit < 0 || hit > dist - 0.05f)
        return false;
    /* Hitting the hotspot's own node (or a part of it) is seeing it. */
    int own = h->node ? asset_model_find_node(m, h->node) : -1;
    for (int n = node; n >= 0 && own >= 0; n = m->nodes[n].parent)
        if (n == own)
            return false;
    return true;
}

/* ---- moving ---- */

void booth_drag(viewer *v, float dx, float dy)
{
    booth_camera *c = &v->cam;
    const scene_camera *sc = &v->ex->places[v->current].camera;
    float k = c->fov / (float)(v->width > 0 ? v->width : 1); /* degrees per pixel */
    if (c->mode == SCENE_CAMERA_WALK) {
        c->yaw = pv_wrap_deg(c->yaw - dx * k);
        c->pitch = pv_clampf(c->pitch + dy * k, -85.0f, 85.0f);
    } else {
        /* The model turns with the hand, as if held. */
        c->yaw = pv_wrap_deg(c->yaw - dx * k * 1.5f);
        c->pitch = pv_clampf(c->pitch + dy * k * 1.5f, sc->pitch_min, sc->pitch_max);
    }
}

void booth_zoom(viewer *v, float factor)
{
    booth_camera *c = &v->cam;
    if (c->mode == SCENE_CAMERA_WALK) {
        c->fov = pv_clampf(c->fov * factor, 30.0f, 100.0f);
        return;
    }
    c->distance = pv_clampf(c->distance * factor, c->distance_min, c->distance_max);
}

/* Moves a walking visitor by (dx, dz) on the floor, stopped by walls: a circle of
 * WALK_RADIUS at knee and chest height must stay clear, and the floor below is followed up
 * steps of at most WALK_STEP. */
void booth_walk(viewer *v, float forward, float right)
{
    booth_camera *c = &v->cam;
    const asset_model *m = v->places[v->current].model;
    float yaw = (float)PV_DEG2RAD(c->yaw);
    float mx = sinf(yaw) * forward + cosf(yaw) * right;
    float mz = -cosf(yaw) * forward + sinf(yaw) * right;
    float len = sqrtf(mx * mx + mz * mz);
    if (len < 1e-6f)
        return;
    if (!m) {
        c->position[0] += mx;
        c->position[2] += mz;
        return;
    }
    float dir[3] = {mx / len, 0, mz / len};
    /* Try the full move, then each axis alone (sliding along walls). */
    float tries[3][2] = {{mx, mz}, {mx, 0}, {0, mz}};
    for (int t = 0; t < 3; t++) {
        float tx = tries[t][0], tz = tries[t][1];
        float tl = sqrtf(tx * tx + tz * tz);
        if (tl < 1e-6f)
            continue;
        dir[0] = tx / tl;
        dir[2] = tz / tl;
        bool blocked = false;
        static const float heights[2] = {WALK_STEP + 0.05f, 1.2f};
        for (int h = 0; h < 2 && !blocked; h++) {
            float o[3] = {c->position[0], c->position[1] + heights[h], c->position[2]};
            float hit = asset_model_raycast_mask(m, o, dir, v->places[v->current].collide_mask,
                                                 NULL);
            blocked = hit >= 0 && hit < tl + WALK_RADIUS;
        }
        if (blocked)
            continue;
        float nx = c->position[0] + tx, nz = c->position[2] + tz;
        /* The floor under the new spot: no floor, no step there. */
        float down[3] = {0, -1, 0};
        float o[3] = {nx, c->position[1] + WALK_STEP + 0.05f, nz};
        float fall = asset_model_raycast(m, o, down, NULL);
        if (fall < 0 || fall > WALK_STEP * 2 + 0.05f)
            continue;
        c->position[0] = nx;
        c->position[2] = nz;
        c->position[1] = o[1] - fall;
        return;
    }
}

bool booth_walk_to_pixel(viewer *v, float px, float py)
{
    const asset_model *m = v->places[v->current].model;
    booth_camera *c = &v->cam;
    if (!m || c->mode != SCENE_CAMERA_WALK)
        return false;
    pv_view look = booth_look(v);
    float dir[3], eye[3];
    pv_view_unproject(&look, v->width, v->height, px, py, dir);
    booth_eye(v, eye);
    float hit = asset_model_raycast(m, eye, dir, NULL);
    if (hit < 0)
        return false;
    float p[3] = {eye[0] + dir[0] * hit, eye[1] + dir[1] * hit, eye[2] + dir[2] * hit};
    /* Only the floor: a spot about as high as the feet (a low step at most). */
    if (fabsf(p[1] - c->position[1]) > WALK_STEP + 0.05f)
        return false;
    memcpy(c->walk_to, p, sizeof(p));
    c->walking_to = true;
    return true;
}

bool booth_walk_step(viewer *v, float dt)
{
    booth_camera *c = &v->cam;
    if (!c->walking_to || c->mode != SCENE_CAMERA_WALK)
        return false;
    float dx = c->walk_to[0] - c->position[0], dz = c->walk_to[2] - c->position[2];
    float dist = sqrtf(dx * dx + dz * dz);
    float step = fminf(1.4f * dt, dist);
    if (dist < 0.05f || step <= 0) {
        c->walking_to = false;
        return false;
    }
    float mx = dx / dist * step, mz = dz / dist * step;
    /* World motion to forward/right of the current yaw (the view does not turn). */
    float yaw = (float)PV_DEG2RAD(c->yaw);
    float before[3];
    memcpy(before, c->position, sizeof(before));
    booth_walk(v, mx * sinf(yaw) - mz * cosf(yaw), mx * cosf(yaw) + mz * sinf(yaw));
    float moved = fabsf(c->position[0] - before[0]) + fabsf(c->position[2] - before[2]);
    if (moved < step * 0.2f) /* something is in the way */
        c->walking_to = false;
    return c->walking_to;
}

/* ---- drawing ---- */

bool booth_draw(viewer *v, int place, int width, int height)
{
    place_state *ps = &v->places[place];
    pv_view look = booth_look(v);
    if (!ps->gmodel) {
        if (ps->full)
            gfx_draw_pano(v->g, ps->full, &look, width, height, 1.0f);
        else if (ps->preview)
            gfx_draw_pano(v->g, ps->preview, &look, width, height, 1.0f);
        return ps->full || ps->preview;
    }
    /* While the view moves, a frame without multisampling costs half on a software
     * rasteriser, and a large model draws its proxy (built by the loader); the frame drawn
     * when it stops is multisampled and draws the full model. */
    gfx_msaa_begin(v->g, width, height, v->moving ? 0 : BOOTH_MSAA);
    if (ps->full)
        gfx_draw_pano(v->g, ps->full, &look, width, height, 1.0f);
    else if (ps->preview)
        gfx_draw_pano(v->g, ps->preview, &look, width, height, 1.0f);
    const scene_light *l = &v->ex->places[place].light;
    gfx_scene3d s = {.light_intensity = l->intensity, .exposure = 1.0f, .proxy = v->moving};
    booth_view_proj(v, width, height, s.view_proj);
    booth_eye(v, s.eye);
    memcpy(s.light_dir, l->direction, sizeof(s.light_dir));
    memcpy(s.light_color, l->color, sizeof(s.light_color));
    gfx_draw_model(v->g, ps->gmodel, ps->env, &s);
    gfx_msaa_end(v->g);
    return true;
}
