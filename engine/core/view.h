/* view: the maths of looking around a sphere: yaw/pitch/fov views, directions, and
 * projecting to and from screen pixels. Conventions (Pannellum's): yaw 0 looks along -z at the
 * horizontal centre of the equirectangular image, positive yaw turns right (+x), pitch is
 * positive up (+y), fov is the horizontal field of view. All angles in degrees. Pure functions. */
#ifndef PV_VIEW_H
#define PV_VIEW_H

#include <stdbool.h>

typedef struct pv_view {
    float yaw, pitch, fov;
} pv_view;

void pv_view_dir(float yaw, float pitch, float dir[3]);
void pv_view_angles(const float dir[3], float *yaw, float *pitch);
/* Camera basis: world = R * camera, camera looking along -z. Row-major 3x3. */
void pv_view_rotation(const pv_view *v, float r[9]);
/* Vertical fov (degrees) for a horizontal fov and a viewport. */
float pv_view_vfov(float hfov, int width, int height);
/* The view-projection matrix (column-major, OpenGL clip space) of a camera at `eye` looking
 * along `look` (yaw, pitch, horizontal fov in degrees) for a width x height picture, with its
 * near and far planes in the same units as `eye`. */
void pv_view_proj_at(const pv_view *look, const float eye[3], int width, int height, float near,
                     float far, float out[16]);
/* Screen pixel (x right, y down, pixel centres at +0.5) -> world direction (unit). */
void pv_view_unproject(const pv_view *v, int width, int height, float x, float y, float dir[3]);
/* World direction -> screen pixel; false when it is behind the viewer. */
bool pv_view_project(const pv_view *v, int width, int height, const float dir[3], float *x,
                     float *y);
/* Angle between two directions in degrees. */
float pv_dir_angle(const float a[3], const float b[3]);
/* The part of the sphere a view shows, with a margin: yaws [yaw0, yaw0 + yaw_span] (degrees;
 * yaw_span 360 when every longitude is in view, as when a pole is) and pitches [pitch0, pitch1].
 * Conservative: every pixel's ray and its neighbours' lie inside. */
typedef struct pv_footprint {
    float yaw0, yaw_span, pitch0, pitch1;
} pv_footprint;
void pv_view_footprint(const pv_view *v, int width, int height, pv_footprint *out);
/* Equirectangular pixel coordinates (continuous, pixel centres at +0.5) of yaw/pitch. */
void pv_equirect_pixel(float yaw, float pitch, int width, int height, float *x, float *y);

#endif
