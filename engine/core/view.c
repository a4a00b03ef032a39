/* view: yaw/pitch/fov maths. Pure; any thread. */
#include "core/view.h"
#include "core/core.h"

#include <math.h>

void pv_view_dir(float yaw, float pitch, float d[3])
{
    double y = PV_DEG2RAD(yaw), p = PV_DEG2RAD(pitch);
    d[0] = (float)(sin(y) * cos(p));
    d[1] = (float)sin(p);
    d[2] = (float)(-cos(y) * cos(p));
}

void pv_view_angles(const float d[3], float *yaw, float *pitch)
{
    *yaw = (float)PV_RAD2DEG(atan2(d[0], -d[2]));
    *pitch = (float)PV_RAD2DEG(atan2(d[1], sqrt((double)d[0] * d[0] + (double)d[2] * d[2])));
}

void pv_view_rotation(const pv_view *v, float r[9])
{
    double y = PV_DEG2RAD(v->yaw), p = PV_DEG2RAD(v->pitch);
    double cy = cos(y), sy = sin(y), cp = cos(p), sp = sin(p);
    /* R = Ryaw * Rpitch; Rpitch tilts -z toward +y, Ryaw turns -z toward +x. */
    r[0] = (float)cy;  r[1] = (float)(-sy * sp); r[2] = (float)(-sy * cp);
    r[3] = 0.0f;       r[4] = (float)cp;         r[5] = (float)(-sp);
    r[6] = (float)sy;  r[7] = (float)(cy * sp);  r[8] = (float)(cy * cp);
}

float pv_view_vfov(float hfov, int width, int height)
{
    double t = tan(PV_DEG2RAD(hfov) * 0.5) * (double)height / (double)(width > 0 ? width : 1);
    return (float)PV_RAD2DEG(2.0 * atan(t));
}

/* pv_view_unproject with the view's rotation and tan(fov / 2) given (many rays of one view). */
static void unproject_in(const float r[9], double t, int width, int height, float x, float y,
                         float dir[3])
{
    double cx = (2.0 * x / width - 1.0) * t;
    double cy = (1.0 - 2.0 * y / height) * t * height / width;
    double cz = -1.0;
    double len = sqrt(cx * cx + cy * cy + 1.0);
    cx /= len, cy /= len, cz /= len;
    dir[0] = (float)(r[0] * cx + r[1] * cy + r[2] * cz);
    dir[1] = (float)(r[3] * cx + r[4] * cy + r[5] * cz);
    dir[2] = (float)(r[6] * cx + r[7] * cy + r[8] * cz);
}

void pv_view_unproject(const pv_view *v, int width, int height, float x, float y, float dir[3])
{
    float r[9];
    pv_view_rotation(v, r);
    unproject_in(r, tan(PV_DEG2RAD(v->fov) * 0.5), width, height, x, y, dir);
}

bool pv_view_project(const pv_view *v, int width, int height, const float d[3], float *x,
                     float *y)
{
    float r[9];
    pv_view_rotation(v, r);
    /* camera = R^T * world */
    double cx = r[0] * d[0] + r[3] * d[1] + r[6] * d[2];
    double cy = r[1] * d[0] + r[4] * d[1] + r[7] * d[2];
    double cz = r[2] * d[0] + r[5] * d[1] + r[8] * d[2];
    if (cz >= -1e-6)
        return false;
    double t = tan(PV_DEG2RAD(v->fov) * 0.5);
    double nx = (cx / -cz) / t, ny = (cy / -cz) / (t * height / width);
    *x = (float)((nx + 1.0) * 0.5 * width);
    *y = (float)((1.0 - ny) * 0.5 * height);
    return true;
}

float pv_dir_angle(const float a[3], const float b[3])
{
    double dot = (double)a[0] * b[0] + (double)a[1] * b[1] + (double)a[2] * b[2];
    double la = sqrt((double)a[0] * a[0] + (double)a[1] * a[1] + (double)a[2] * a[2]);
    double lb = sqrt((double)b[0] * b[0] + (double)b[1] * b[1] + (double)b[2] * b[2]);
    double c = dot / (la * lb);
    c = c > 1 ? 1 : c < -1 ? -1 : c;
    return (float)PV_RAD2DEG(acos(c));
}

/* Pitch has no extremum inside a region of the sphere other than a pole, and neither has yaw
 * when no pole is inside: so the border of the view, sampled finely, bounds both; the margin
 * covers what lies between samples (an edge is a great circle arc, which bulges by less than
 * the spacing) and a bilinear neighbour. */
void pv_view_footprint(const pv_view *v, int width, int height, pv_footprint *out)
{
    enum { N = 48 };
    const float vfov = pv_view_vfov(v->fov, width, height);
    const float spacing = (v->fov > vfov ? v->fov : vfov) / (float)N;
    float pmin = 90.0f, pmax = -90.0f, dmin = 180.0f, dmax = -180.0f, r[9];
    pv_view_rotation(v, r);
    const double t_half = tan(PV_DEG2RAD(v->fov) * 0.5);
    for (int i = 0; i < 4 * N; i++) {
        int edge = i / N;
        float t = (float)(i % N) / (float)N;
        float w = (float)width, h = (float)height;
        float x = edge == 0 ? t * w : edge == 1 ? w : edge == 2 ? (1 - t) * w : 0;
        float y = edge == 0 ? 0 : edge == 1 ? t * h : edge == 2 ? h : (1 - t) * h;
        float dir[3], yaw, pitch;
        unproject_in(r, t_half, width, height, x, y, dir);
        pv_view_angles(dir, &yaw, &pitch);
        float d = fmodf(yaw - v->yaw + 540.0f, 360.0f) - 180.0f; /* -180..180 from the view */
        pmin = fminf(pmin, pitch);
        pmax = fmaxf(pmax, pitch);
        dmin = fminf(dmin, d);
        dmax = fmaxf(dmax, d);
    }
    const float margin = spacing + 0.5f;
    out->pitch0 = fmaxf(pmin - margin, -90.0f);
    out->pitch1 = fminf(pmax + margin, 90.0f);
    bool all = false;
    for (int s = -1; s <= 1; s += 2) { /* a pole in view: every longitude meets there */
        float pole[3] = {0.0f, (float)s, 0.0f}, x, y;
        if (pv_view_project(v, width, height, pole, &x, &y) && x >= 0 && x <= width && y >= 0 &&
            y <= height) {
            all = true;
            if (s > 0)
                out->pitch1 = 90.0f;
            else
                out->pitch0 = -90.0f;
        }
    }
    float high = fmaxf(fabsf(out->pitch0), fabsf(out->pitch1));
    if (high > 80.0f) /* near a pole a texel spans many degrees of yaw */
        all = true;
    /* a degree of pitch at latitude p spans 1/cos(p) degrees of yaw */
    float ymargin = all ? 0.0f : margin / cosf((float)PV_DEG2RAD(high));
    if (all || dmax - dmin + 2.0f * ymargin >= 360.0f) {
        out->yaw0 = -180.0f;
        out->yaw_span = 360.0f;
        return;
    }
    out->yaw0 = v->yaw + dmin - ymargin;
    out->yaw_span = dmax - dmin + 2.0f * ymargin;
}

void pv_equirect_pixel(float yaw, float pitch, int width, int height, float *x, float *y)
{
    *x = (yaw / 360.0f + 0.5f) * (float)width;
    *y = (0.5f - pitch / 180.0f) * (float)height;
}

void pv_view_proj_at(const pv_view *look, const float eye[3], int width, int height, float near,
                     float far, float out[16])
{
    float r[9], v[16] = {0}, p[16] = {0};
    pv_view_rotation(look, r);
    /* world -> camera: R^T, then the eye moved to the origin (v[col * 4 + row]) */
    for (int row = 0; row < 3; row++) {
        for (int col = 0; col < 3; col++)
            v[col * 4 + row] = r[col * 3 + row];
        v[12 + row] = -(v[row] * eye[0] + v[4 + row] * eye[1] + v[8 + row] * eye[2]);
    }
    v[15] = 1.0f;
    float f = 1.0f / tanf((float)PV_DEG2RAD(pv_view_vfov(look->fov, width, height)) * 0.5f);
    p[0] = f / ((float)width / (float)height);
    p[5] = f;
    p[10] = (near + far) / (near - far);
    p[11] = -1.0f;
    p[14] = 2.0f * near * far / (near - far);
    for (int col = 0; col < 4; col++)
        for (int row = 0; row < 4; row++) {
            float s = 0.0f;
            for (int k = 0; k < 4; k++)
                s += p[k * 4 + row] * v[col * 4 + k];
            out[col * 4 + row] = s;
        }
}
