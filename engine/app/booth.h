/* app/booth: model places (3D booths) on screen: the visit's camera on the current place.
 * Main thread only. */
#ifndef PV_APP_BOOTH_H
#define PV_APP_BOOTH_H

#include "app/app_internal.h"
#include "visit/visit.h"

bool booth_is_model(const viewer *v, int place);
void booth_reset_camera(viewer *v, int place);
pv_view booth_look(const viewer *v);
void booth_eye(const viewer *v, float eye[3]);
void booth_view_proj(const viewer *v, int width, int height, float out[16]);
bool booth_project(const viewer *v, const float p[3], float *x, float *y);
bool booth_hotspot_point(const viewer *v, int place, const scene_hotspot *h, float out[3]);
int booth_pick(const viewer *v, float px, float py);
/* True when the model stands between the eye and the hotspot (its own node excepted). */
bool booth_hotspot_hidden(const viewer *v, const scene_hotspot *h);
void booth_drag(viewer *v, float dx, float dy);
void booth_zoom(viewer *v, float factor);
void booth_walk(viewer *v, float forward, float right);
/* Walk mode: a tap or click on the floor sets a spot to walk to; each step moves there. */
bool booth_walk_to_pixel(viewer *v, float px, float py);
/* What the camera code needs of a model place (visit_host.booth); false for a panorama. */
bool booth_context(const viewer *v, int place, visit_booth *out);

#endif
