/* visit/camera: the cameras of model places (see visit.h): orbit and walk, walking with
 * collisions against the model (always the full model: a proxy is only drawn), picking by ray
 * cast, and held keys turned into motion by elapsed time. Main thread only. */
#include "visit/visit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BOOTH_NEAR 0.05f
#define WALK_RADIUS 0.3f    /* how close the visitor's body comes to a wall, metres */
#define WALK_STEP 0.45f     /* the highest step the visitor climbs */
#define ORBIT_TURN 200.0f   /* degrees per second of a held key around the target */
#define ORBIT_TILT 120.0f

static float model_radius(const asset_model *m)
{
    if (!m || m->bounds_min[0] > m->bounds_max[0])
        return 2.0f;
    float d[3];
    for (int i = 0; i < 3; i++)
        d[i] = m->bounds_max[i] - m->bounds_min[i];
    return 0.5f * sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

void visit_camera_reset(visit_camera *c, const visit_booth *b)
{
    const scene_camera *sc = &b->place->camera;
    const asset_model *m = b->model;
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
    float vhalf = (float)PV_DEG2RAD(pv_view_vfov(c->fov, b->width, b->height)) * 0.5f;
    c->distance = sc->distance > 0 ? sc->distance : r / sinf(vhalf > 0.05f ? vhalf : 0.05f);
    c->distance_min = sc->distance_min > 0 ? sc->distance_min : fmaxf(0.3f, r * 0.25f);
    c->distance_max = sc->distance_max > 0 ? sc->distance_max : fmaxf(r * 6.0f, c->distance);
    c->distance = pv_clampf(c->distance, c->distance_min, c->distance_max);
    if (sc->has_position)
        memcpy(c->position, sc->position, sizeof(c->position));
}

pv_view visit_camera_look(const visit_camera *c)
{
    float pitch = c->mode == SCENE_CAMERA_WALK ? c->pitch : -c->pitch;
    return (pv_view){c->yaw, pitch, c->fov};
}

void visit_camera_eye(const visit_camera *c, const visit_booth *b, float eye[3])
{
    if (c->mode == SCENE_CAMERA_WALK) {
        eye[0] = c->position[0];
        eye[1] = c->position[1] + b->place->camera.eye_height;
        eye[2] = c->position[2];
        return;
    }
    pv_view look = visit_camera_look(c);
    float f[3];
    pv_view_dir(look.yaw, look.pitch, f);
    for (int i = 0; i < 3; i++)
        eye[i] = c->target[i] - f[i] * c->distance;
}

void visit_camera_view_proj(const visit_camera *c, const visit_booth *b, int width, int height,
                            float out[16])
{
    pv_view look = visit_camera_look(c);
    float eye[3];
    visit_camera_eye(c, b, eye);
    float far = fmaxf(200.0f, (model_radius(b->model) + c->distance) * 4.0f);
    pv_view_proj_at(&look, eye, width, height, BOOTH_NEAR, far, out);
}

bool visit_camera_project(const visit_camera *c, const visit_booth *b, const float p[3],
                          float *x, float *y)
{
    float vp[16];
    visit_camera_view_proj(c, b, b->width, b->height, vp);
    float cx = vp[0] * p[0] + vp[4] * p[1] + vp[8] * p[2] + vp[12];
    float cy = vp[1] * p[0] + vp[5] * p[1] + vp[9] * p[2] + vp[13];
    float cw = vp[3] * p[0] + vp[7] * p[1] + vp[11] * p[2] + vp[15];
    if (cw <= BOOTH_NEAR)
        return false;
    *x = (cx / cw * 0.5f + 0.5f) * (float)b->width;
    *y = (0.5f - cy / cw * 0.5f) * (float)b->height;
    return true;
}

bool visit_hotspot_point(const asset_model *m, const scene_hotspot *h, float out[3])
{
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

int visit_camera_pick(const visit_camera *c, const visit_booth *b, float px, float py)
{
    const asset_model *m = b->model;
    const scene_place *sp = b->place;
    if (!m)
        return -1;
    pv_view look = visit_camera_look(c);
    float dir[3], eye[3];
    pv_view_unproject(&look, b->width, b->height, px, py, dir);
    visit_camera_eye(c, b, eye);
    int node = -1;
    if (asset_model_raycast_mask(m, eye, dir, b->opaque_mask, &node) < 0 || node < 0)
        return -1;
    for (int n = node; n >= 0; n = m->nodes[n].parent)
        for (int i = 0; i < sp->hotspot_count; i++)
            if (sp->hotspots[i].node &&
                strcmp(sp->hotspots[i].node, m->nodes[n].name ? m->nodes[n].name : "") == 0)
                return i;
    return -1;
}

bool visit_camera_hidden(const visit_camera *c, const visit_booth *b, const scene_hotspot *h)
{
    const asset_model *m = b->model;
    float p[3], eye[3], d[3];
    if (!m || !visit_hotspot_point(m, h, p))
        return false;
    visit_camera_eye(c, b, eye);
    for (int i = 0; i < 3; i++)
        d[i] = p[i] - eye[i];
    float dist = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    int node = -1;
    float hit = asset_model_raycast_mask(m, eye, d, b->opaque_mask, &node);
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

void visit_camera_drag(visit_camera *c, const visit_booth *b, float dx, float dy)
{
    const scene_camera *sc = &b->place->camera;
    float k = c->fov / (float)(b->width > 0 ? b->width : 1); /* degrees per pixel */
    if (c->mode == SCENE_CAMERA_WALK) {
        c->yaw = pv_wrap_deg(c->yaw - dx * k);
        c->pitch = pv_clampf(c->pitch + dy * k, -85.0f, 85.0f);
    } else {
        /* The model turns with the hand, as if held. */
        c->yaw = pv_wrap_deg(c->yaw - dx * k * 1.5f);
        c->pitch = pv_clampf(c->pitch + dy * k * 1.5f, sc->pitch_min, sc->pitch_max);
    }
}

void visit_camera_zoom(visit_camera *c, float factor)
{
    if (c->mode == SCENE_CAMERA_WALK) {
        c->fov = pv_clampf(c->fov * factor, 30.0f, 100.0f);
        return;
    }
    c->distance = pv_clampf(c->distance * factor, c->distance_min, c->distance_max);
}

/* A circle of WALK_RADIUS at knee and chest height must stay clear, and the floor below is
 * followed up steps of at most WALK_STEP. */
void visit_camera_walk(visit_camera *c, const visit_booth *b, float forward, float right)
{
    const asset_model *m = b->model;
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
            float hit = asset_model_raycast_mask(m, o, dir, b->collide_mask, NULL);
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

bool visit_camera_walk_to_pixel(visit_camera *c, const visit_booth *b, float px, float py)
{
    const asset_model *m = b->model;
    if (!m || c->mode != SCENE_CAMERA_WALK)
        return false;
    pv_view look = visit_camera_look(c);
    float dir[3], eye[3];
    pv_view_unproject(&look, b->width, b->height, px, py, dir);
    visit_camera_eye(c, b, eye);
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

bool visit_camera_walk_step(visit_camera *c, const visit_booth *b, float dt)
{
    if (!c->walking_to || c->mode != SCENE_CAMERA_WALK)
        return false;
    float dx = c->walk_to[0] - c->position[0], dz = c->walk_to[2] - c->position[2];
    float dist = sqrtf(dx * dx + dz * dz);
    float step = fminf(VISIT_WALK_SPEED * dt, dist);
    if (dist < 0.05f || step <= 0) {
        c->walking_to = false;
        return false;
    }
    float mx = dx / dist * step, mz = dz / dist * step;
    /* World motion to forward/right of the current yaw (the view does not turn). */
    float yaw = (float)PV_DEG2RAD(c->yaw);
    float before[3];
    memcpy(before, c->position, sizeof(before));
    visit_camera_walk(c, b, mx * sinf(yaw) - mz * cosf(yaw), mx * cosf(yaw) + mz * sinf(yaw));
    float moved = fabsf(c->position[0] - before[0]) + fabsf(c->position[2] - before[2]);
    if (moved < step * 0.2f) /* something is in the way */
        c->walking_to = false;
    return c->walking_to;
}

void visit_camera_hold(visit_camera *c, const visit_booth *b, const visit_hold *h,
                       double seconds)
{
    const scene_camera *sc = &b->place->camera;
    while (seconds > 1e-9) {
        float t = (float)fmin(seconds, VISIT_MOTION_STEP);
        seconds -= t;
        if (c->mode == SCENE_CAMERA_WALK) {
            c->yaw = pv_wrap_deg(c->yaw + h->turn * VISIT_TURN_SPEED * t);
            visit_camera_walk(c, b, h->walk * VISIT_WALK_SPEED * t,
                              h->side * VISIT_WALK_SPEED * t);
        } else {
            c->yaw = pv_wrap_deg(c->yaw + h->turn * ORBIT_TURN * t);
            c->pitch = pv_clampf(c->pitch - h->look * ORBIT_TILT * t, sc->pitch_min,
                                 sc->pitch_max);
        }
        if (h->zoom != 0)
            visit_camera_zoom(c, powf(1.8f, h->zoom * t));
    }
}
