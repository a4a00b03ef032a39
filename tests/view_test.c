/* view maths: directions, yaw/pitch, projection to and from the screen, conventions. */
#include "check.h"
#include "core/core.h"
#include "core/view.h"

#include <cglm/cglm.h>

static void test_dirs(void)
{
    float d[3], yaw, pitch;
    pv_view_dir(0, 0, d);
    CHECK_NEAR(d[0], 0, 1e-6);
    CHECK_NEAR(d[1], 0, 1e-6);
    CHECK_NEAR(d[2], -1, 1e-6); /* yaw 0 looks along -z */
    pv_view_dir(90, 0, d);
    CHECK_NEAR(d[0], 1, 1e-6);   /* positive yaw turns right, toward +x */
    pv_view_dir(0, 90, d);
    CHECK_NEAR(d[1], 1, 1e-6);   /* positive pitch is up */
    for (float y = -179.5f; y < 180; y += 7.25f)
        for (float p = -89.5f; p <= 89.5f; p += 6.5f) {
            pv_view_dir(y, p, d);
            pv_view_angles(d, &yaw, &pitch);
            CHECK_NEAR(yaw, y, 1e-3);
            CHECK_NEAR(pitch, p, 1e-3);
        }
    CHECK_NEAR(pv_wrap_deg(190), -170, 1e-4);
    CHECK_NEAR(pv_wrap_deg(-190), 170, 1e-4);
    CHECK_NEAR(pv_wrap_deg(180), -180, 1e-4);
    CHECK_NEAR(pv_wrap_deg(720 + 30), 30, 1e-3);
}

static void test_projection(void)
{
    const int W = 1280, H = 720;
    pv_view views[] = {{0, 0, 90}, {135, 40, 70}, {-170, -60, 110}, {179.9f, 89, 100},
                       {-45, -90, 30}};
    for (unsigned k = 0; k < sizeof(views) / sizeof(views[0]); k++) {
        const pv_view *v = &views[k];
        float d[3], c[3], yaw, pitch, x, y;
        /* The screen centre looks along the view's own direction. */
        pv_view_unproject(v, W, H, W * 0.5f, H * 0.5f, d);
        pv_view_dir(v->yaw, v->pitch, c);
        CHECK(pv_dir_angle(d, c) < 1e-2f);
        /* The left and right edges are fov/2 away from the centre. */
        pv_view_unproject(v, W, H, 0, H * 0.5f, d);
        CHECK_NEAR(pv_dir_angle(d, c), v->fov * 0.5f, 1e-2);
        /* Above the centre is higher up, unless looking straight up or down. */
        if (fabsf(v->pitch) < 80) {
            pv_view_unproject(v, W, H, W * 0.5f, H * 0.25f, d);
            pv_view_angles(d, &yaw, &pitch);
            CHECK(pitch > v->pitch);
            pv_view_unproject(v, W, H, W * 0.75f, H * 0.5f, d);
            pv_view_angles(d, &yaw, &pitch);
            CHECK(pv_wrap_deg(yaw - v->yaw) > 0); /* right of centre is a larger yaw */
        }
        /* Round trips everywhere on the screen. */
        for (int py = 0; py <= H; py += 90)
            for (int px = 0; px <= W; px += 160) {
                pv_view_unproject(v, W, H, (float)px, (float)py, d);
                CHECK(pv_view_project(v, W, H, d, &x, &y));
                CHECK_NEAR(x, px, 0.02);
                CHECK_NEAR(y, py, 0.02);
            }
        /* Behind the viewer does not project. */
        float back[3] = {-c[0], -c[1], -c[2]};
        CHECK(!pv_view_project(v, W, H, back, &x, &y));
    }
    /* vertical fov from horizontal fov and aspect */
    CHECK_NEAR(pv_view_vfov(90, 1000, 1000), 90, 1e-3);
    CHECK_NEAR(pv_view_vfov(90, 1600, 900), 58.7155, 1e-3);
}

static void test_equirect(void)
{
    float x, y;
    pv_equirect_pixel(0, 0, 4096, 2048, &x, &y);
    CHECK_NEAR(x, 2048, 1e-3); /* yaw 0 is the horizontal centre of the image */
    CHECK_NEAR(y, 1024, 1e-3);
    pv_equirect_pixel(-180, 90, 4096, 2048, &x, &y);
    CHECK_NEAR(x, 0, 1e-3);
    CHECK_NEAR(y, 0, 1e-3);
    pv_equirect_pixel(90, -45, 4096, 2048, &x, &y);
    CHECK_NEAR(x, 3072, 1e-3);
    CHECK_NEAR(y, 1536, 1e-3);
}

/* pv_view_proj_at against cglm's look-at and perspective, and a point straight ahead lands in
 * the middle of the picture. */
static void test_view_proj(void)
{
    const pv_view looks[] = {{0, 0, 90}, {35, -20, 70}, {-170, 60, 40}};
    const float eyes[][3] = {{0, 1.6f, 4}, {-2, 0.5f, 1}, {3, 2, -5}};
    for (int i = 0; i < 3; i++) {
        float m[16];
        pv_view_proj_at(&looks[i], eyes[i], 1280, 720, 0.05f, 60.0f, m);
        float f[3];
        pv_view_dir(looks[i].yaw, looks[i].pitch, f);
        vec3 eye = {eyes[i][0], eyes[i][1], eyes[i][2]}, up = {0, 1, 0}, centre;
        glm_vec3_add(eye, (vec3){f[0], f[1], f[2]}, centre);
        mat4 view, proj, vp;
        glm_lookat(eye, centre, up, view);
        glm_perspective(glm_rad(pv_view_vfov(looks[i].fov, 1280, 720)), 1280.0f / 720.0f, 0.05f,
                        60.0f, proj);
        glm_mat4_mul(proj, view, vp);
        float worst = 0;
        for (int k = 0; k < 16; k++)
            worst = fmaxf(worst, fabsf(m[k] - ((float *)vp)[k]));
        CHECK(worst < 1e-4f);
        /* 3 m ahead: clip x and y are 0 */
        float p[3] = {eyes[i][0] + 3 * f[0], eyes[i][1] + 3 * f[1], eyes[i][2] + 3 * f[2]};
        float cx = m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12];
        float cy = m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13];
        float cw = m[3] * p[0] + m[7] * p[1] + m[11] * p[2] + m[15];
        CHECK(fabsf(cx / cw) < 1e-5f && fabsf(cy / cw) < 1e-5f && cw > 0);
    }
}

/* Every pixel's ray (and a texel around it) lies in the view's footprint, which is also not
 * much larger than the view: narrow views take a small part of the image. */
static void test_footprint(void)
{
    static const int sizes[3][2] = {{320, 240}, {1920, 1080}, {1080, 1920}};
    unsigned seed = 7;
    int narrow = 0;
    for (int n = 0; n < 300; n++) {
        seed = seed * 1103515245u + 12345u;
        pv_view v = {(float)(seed % 3600) / 10.0f - 180.0f, 0, 0};
        seed = seed * 1103515245u + 12345u;
        v.pitch = (float)(seed % 1800) / 10.0f - 90.0f;
        seed = seed * 1103515245u + 12345u;
        v.fov = 20.0f + (float)(seed % 1000) / 10.0f;
        const int w = sizes[n % 3][0], h = sizes[n % 3][1];
        pv_footprint f;
        pv_view_footprint(&v, w, h, &f);
        CHECK(f.pitch0 < f.pitch1 && f.pitch0 >= -90.0f && f.pitch1 <= 90.0f);
        CHECK(f.yaw_span > 0.0f && f.yaw_span <= 360.0f);
        const float texel = 360.0f / 8192.0f; /* a bilinear neighbour of an 8192-wide image */
        int bad = 0;
        for (int y = 0; y <= h; y += h / 60)
            for (int x = 0; x <= w; x += w / 60) {
                float d[3], yaw, pitch;
                pv_view_unproject(&v, w, h, (float)x, (float)y, d);
                pv_view_angles(d, &yaw, &pitch);
                float dy = fmodf(yaw - f.yaw0 + 720.0f, 360.0f);
                float tol = texel / fmaxf(cosf(pitch * 0.0174533f), 1e-3f);
                float lo = fmaxf(pitch - texel, -90.0f), hi = fminf(pitch + texel, 90.0f);
                if (lo < f.pitch0 || hi > f.pitch1 ||
                    (f.yaw_span < 360.0f && (dy < tol || dy > f.yaw_span - tol)))
                    bad++;
            }
        if (bad)
            printf("footprint of %.1f,%.1f,%.1f at %dx%d misses %d rays\n", v.yaw, v.pitch,
                   v.fov, w, h, bad);
        CHECK(bad == 0);
        if (fabsf(v.pitch) < 20.0f && v.fov < 60.0f && w > h) {
            narrow++; /* little more than the view itself */
            CHECK(f.yaw_span < v.fov + 10.0f);
            CHECK(f.pitch1 - f.pitch0 < pv_view_vfov(v.fov, w, h) + 10.0f);
        }
    }
    CHECK(narrow > 10);
}

int main(void)
{
    test_footprint();
    test_view_proj();
    test_dirs();
    test_projection();
    test_equirect();
    return check_done();
}
