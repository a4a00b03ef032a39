/* app/booth: model places (3D booths) on screen: the cameras, walking and picking are
 * visit/camera.c's, here applied to the viewer's current place; their models and environments
 * are the place cache's (render/places.h), which also draws them. Main thread only. */
#include "app/booth.h"

bool booth_is_model(const viewer *v, int place)
{
    return place >= 0 && v->ex->places[place].model_src != NULL;
}

/* ---- the camera (visit/camera.c) ---- */

/* A place as the camera code sees it. */
static visit_booth booth_of(const viewer *v, int place)
{
    return render_places_booth(v->cache, place, v->width, v->height);
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
    return visit_hotspot_point(render_places_model(v->cache, place), h, out);
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
