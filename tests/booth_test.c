/* app/booth: model places in a visit, offscreen, in the room of tests/room.h: a model place
 * loads and draws, a tap on the floor walks there, held keys go by the clock passed in (the
 * same seconds of Right at 5 and 60 frames a second turn the same), Home resets a booth's
 * camera, and a click on the counter's surfaces picks its node hotspot. The camera's own
 * walking and picking are tested without GL in camera_test. */
#include "app/app_internal.h"
#include "app/booth.h"
#include "check.h"
#include "room.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char s_dir[256];

static void key(viewer *v, platform_key k, bool down, double now)
{
    platform_event e = {.type = down ? PLATFORM_EV_KEY_DOWN : PLATFORM_EV_KEY_UP, .key = k};
    viewer_handle_event(v, &e, now);
}

/* Holds a key from `t` for `seconds`, with frames (viewer_update) `fps` times a second; returns
 * the time at the end. */
static double hold_key(viewer *v, platform_key k, double t, double seconds, double fps)
{
    key(v, k, true, t);
    int frames = (int)(seconds * fps + 0.5);
    for (int i = 1; i <= frames; i++)
        viewer_update(v, t + seconds * i / frames);
    key(v, k, false, t + seconds);
    return t + seconds;
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "booth-test");
    char *obj, *scene;
    room_make(s_dir, &obj, &scene);
    app_options opt = {.scene = scene, .width = 640, .height = 360};
    viewer v;
    if (viewer_init(&v, &opt, true) != PV_OK) {
        fprintf(stderr, "cannot start an offscreen viewer\n");
        return 1;
    }
    v.width = 640;
    v.height = 360;
    visit_camera *cam = visit_camera_of(v.vis); /* the visit's: moved by its commands */
    CHECK(render_places_load_now(v.cache, 0));
    CHECK(render_places_model(v.cache, 0) != NULL && render_places_gpu_model(v.cache, 0) != NULL);
    CHECK(cam->mode == SCENE_CAMERA_WALK);

    /* Node hotspots sit at the centre of their node's box. */
    float p[3];
    CHECK(booth_hotspot_point(&v, 0, &v.ex->places[0].hotspots[0], p));
    CHECK_NEAR(p[0], 0, 1e-3);
    CHECK_NEAR(p[1], 0.5, 1e-3);
    CHECK_NEAR(p[2], -2.75, 1e-3);
    CHECK(booth_hotspot_point(&v, 0, &v.ex->places[0].hotspots[1], p));
    CHECK_NEAR(p[2], 4, 1e-3);

    /* Held keys go by the clock passed in, not by frames: 2 s of Right turn a walking
     * visitor 180 degrees at 5 frames a second, and 2 more at 60 complete the round (4 s
     * once turned 110 degrees at a low frame rate). */
    double t = v.now;
    float yaw0 = cam->yaw;
    t = hold_key(&v, PLATFORM_KEY_RIGHT, t, 2.0, 5);
    printf("2 s of Right at 5 fps: yaw %.3f -> %.3f\n", yaw0, cam->yaw);
    CHECK_NEAR(pv_wrap_deg(cam->yaw - (yaw0 + 180.0f)), 0, 0.01);
    t = hold_key(&v, PLATFORM_KEY_RIGHT, t, 2.0, 60);
    CHECK_NEAR(pv_wrap_deg(cam->yaw - yaw0), 0, 0.01);
    /* A frame that comes late (the machine was busy) still moves by all the time held. */
    key(&v, PLATFORM_KEY_RIGHT, true, t);
    viewer_update(&v, t + 0.5);
    key(&v, PLATFORM_KEY_RIGHT, false, t + 1.0); /* the release counts to its own time */
    t += 1.0;
    viewer_update(&v, t + 3.0);                  /* nothing held: nothing moves */
    t += 3.0;
    CHECK_NEAR(pv_wrap_deg(cam->yaw - (yaw0 + 90.0f)), 0, 0.01);
    /* W walks 1.4 m a second: 1 s at 5 frames a second from the start, facing -z. */
    memset(cam->position, 0, sizeof(cam->position));
    cam->yaw = 0;
    t = hold_key(&v, PLATFORM_KEY_W, t, 1.0, 5);
    CHECK_NEAR(cam->position[2], -VISIT_WALK_SPEED, 1e-3);
    /* Home: the place's camera as the scene sets it. */
    cam->yaw = 123;
    cam->position[0] = 2;
    key(&v, PLATFORM_KEY_HOME, true, t);
    key(&v, PLATFORM_KEY_HOME, false, t);
    CHECK(cam->yaw == 0 && cam->position[0] == 0 && cam->position[2] == 0);

    /* A click on the floor walks there, around nothing: 2 m to the right of the start. */
    cam->position[0] = cam->position[1] = cam->position[2] = 0;
    cam->yaw = 0;
    cam->pitch = 0;
    float spot[3] = {2, 0, -2}, sx, sy;
    float eye_before = cam->position[0];
    cam->mode = SCENE_CAMERA_WALK;
    /* project the floor spot with the walking camera */
    float vp[16];
    booth_view_proj(&v, 640, 360, vp);
    float cw = vp[3] * spot[0] + vp[7] * spot[1] + vp[11] * spot[2] + vp[15];
    sx = ((vp[0] * spot[0] + vp[4] * spot[1] + vp[8] * spot[2] + vp[12]) / cw * 0.5f + 0.5f) * 640;
    sy = (0.5f - (vp[1] * spot[0] + vp[5] * spot[1] + vp[9] * spot[2] + vp[13]) / cw * 0.5f) * 360;
    platform_event tap = {.type = PLATFORM_EV_POINTER_DOWN, .x = sx, .y = sy, .pointer = 5,
                          .touch = true, .button = 1};
    viewer_handle_event(&v, &tap, t);
    tap.type = PLATFORM_EV_POINTER_UP;
    viewer_handle_event(&v, &tap, t);
    CHECK(cam->walking_to);
    for (int i = 0; i < 300 && cam->walking_to; i++)
        viewer_update(&v, t += 0.02);
    printf("tap to walk: arrived at %.2f, %.2f (asked 2, -2)\n", cam->position[0],
           cam->position[2]);
    CHECK_NEAR(cam->position[0], 2, 0.1);
    CHECK_NEAR(cam->position[2], -2, 0.1);
    CHECK(cam->position[0] != eye_before);
    /* A tap on a wall is not a place to walk to. */
    cam->yaw = 90;
    CHECK(!booth_walk_to_pixel(&v, 320, 60));

    /* Orbit place: a click on the counter's surface picks the counter's hotspot... */
    CHECK(render_places_load_now(v.cache, 1));
    viewer_enter(&v, 1, NULL, false); /* loaded: crossed at once, the camera reset */
    CHECK(viewer_place(&v) == 1);
    CHECK(cam->mode == SCENE_CAMERA_ORBIT);
    /* (place 1 has no hotspots: borrow place 0's, same model) */
    viewer_enter(&v, 0, NULL, false);
    cam->mode = SCENE_CAMERA_ORBIT;
    cam->target[0] = 0, cam->target[1] = 0.5f, cam->target[2] = -2.75f;
    cam->distance = 4;
    cam->yaw = 0;
    cam->pitch = 20;
    float cx, cy;
    float counter[3] = {0, 0.5f, -2.75f};
    CHECK(booth_project(&v, counter, &cx, &cy));
    CHECK_NEAR(cx, 320, 1.0);
    CHECK_NEAR(cy, 180, 1.0);
    CHECK(booth_pick(&v, cx, cy) == 0);
    CHECK(booth_pick(&v, 5, 5) == -1); /* a wall, no hotspot there */

    /* ...and a frame shows the model (the counter in the middle is not the background). */
    gfx_target *target = gfx_target_create(v.g, 640, 360);
    gfx_target_bind(v.g, target);
    viewer_render(&v, 640, 360);
    uint8_t *px = malloc(640 * 360 * 4);
    gfx_read_pixels(v.g, 640, 360, px);
    const uint8_t *mid = px + ((size_t)200 * 640 + 320) * 4;
    printf("centre pixel %d %d %d\n", mid[0], mid[1], mid[2]);
    CHECK(!(mid[0] == 28 && mid[1] == 31 && mid[2] == 36)); /* the background colour */
    CHECK(mid[0] > 40 || mid[1] > 40 || mid[2] > 40);
    free(px);
    gfx_target_bind(v.g, NULL);
    gfx_target_destroy(v.g, &target);
    viewer_shutdown(&v);
    check_rmdir(s_dir);
    free(obj);
    free(scene);
    return check_done();
}
