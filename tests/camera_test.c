/* visit/camera: the cameras of model places without GL or a window, in a room written at test
 * time (tests/room.h): walking into a wall stops outside it, sliding along walls, climbing a
 * low step, a counter blocking, "colliders", node hotspots at their node's centre, projecting
 * and picking by ray cast; and held keys moving by time, not by frame: the same seconds of a
 * held key turn and walk the same at 1, 5 and 60 steps per second. */
#include "visit/visit.h"
#include "check.h"
#include "room.h"

#include <stdlib.h>
#include <string.h>

static char s_dir[256];

/* Holds `h` for `seconds`, in frames of 1/fps (the last one shorter). */
static void hold_for(visit_camera *c, const visit_booth *b, visit_hold h, double seconds,
                     double fps)
{
    double done = 0;
    while (done < seconds - 1e-9) {
        double dt = 1.0 / fps;
        if (done + dt > seconds)
            dt = seconds - done;
        visit_camera_hold(c, b, &h, dt);
        done += dt;
    }
}

static void walk_n(visit_camera *c, const visit_booth *b, int n, float step)
{
    for (int i = 0; i < n; i++)
        visit_camera_walk(c, b, step, 0);
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "camera-test");
    char *obj, *scene;
    room_make(s_dir, &obj, &scene);
    scene_exhibit *ex = NULL;
    pv_diags diags = {0};
    CHECK(scene_load(scene, &ex, &diags) == PV_OK);
    pv_diags_print(&diags, stderr);
    pv_diags_free(&diags);
    asset_model *m = NULL;
    char why[512];
    CHECK(asset_model_load(&(asset_model_desc){.path = obj, .no_proxy = true}, &m, NULL, why,
                           sizeof(why)) == PV_OK);
    if (!ex || !m) {
        fprintf(stderr, "cannot load the room: %s\n", why);
        return 1;
    }
    visit_booth b = {&ex->places[0], m, NULL, NULL, 640, 360};
    visit_camera c;
    visit_camera_reset(&c, &b);
    CHECK(c.mode == SCENE_CAMERA_WALK);
    CHECK(c.yaw == 0 && c.position[2] == 0);

    /* Node hotspots sit at the centre of their node's box; positions go through the root. */
    float p[3];
    CHECK(visit_hotspot_point(m, &ex->places[0].hotspots[0], p));
    CHECK_NEAR(p[0], 0, 1e-3);
    CHECK_NEAR(p[1], 0.5, 1e-3);
    CHECK_NEAR(p[2], -2.75, 1e-3);
    CHECK(visit_hotspot_point(m, &ex->places[0].hotspots[1], p));
    CHECK_NEAR(p[2], 4, 1e-3);
    CHECK(!visit_hotspot_point(NULL, &ex->places[0].hotspots[1], p)); /* not loaded yet */

    /* Walking east into the wall: many small steps, and the visitor stays inside. */
    c.yaw = 90; /* facing +x */
    walk_n(&c, &b, 400, 0.05f);
    printf("walked east into the wall: x = %.3f (wall at 5)\n", c.position[0]);
    CHECK(c.position[0] < 5.0f - 0.2f);
    CHECK(c.position[0] > 3.5f); /* it did walk, over the platform */
    /* Back at the middle, walking north-west: slides along, never through. */
    memset(c.position, 0, sizeof(c.position));
    c.yaw = -45;
    walk_n(&c, &b, 400, 0.05f);
    CHECK(c.position[0] > -5.0f && c.position[2] > -5.0f);
    CHECK(c.position[0] < -4.0f && c.position[2] < -4.0f); /* it went into the corner */
    /* The low platform (0.2 m) is climbed: standing on it raises the feet. */
    memcpy(c.position, (float[]){1, 0, 0}, sizeof(c.position));
    c.yaw = 90;
    walk_n(&c, &b, 30, 0.05f);
    printf("on the platform: x = %.3f, feet at %.3f\n", c.position[0], c.position[1]);
    CHECK(c.position[0] > 2.1f);
    CHECK_NEAR(c.position[1], 0.2, 0.02);
    /* The counter (1 m) blocks: walking north from in front of it stops before it. */
    memset(c.position, 0, sizeof(c.position));
    c.yaw = 0; /* facing -z */
    walk_n(&c, &b, 200, 0.05f);
    printf("walked north into the counter: z = %.3f (counter front at -2.5)\n", c.position[2]);
    CHECK(c.position[2] > -2.5f + 0.2f);
    CHECK(c.position[2] < -1.5f);

    /* With "colliders", only those nodes block: the counter no longer does, the east wall
     * still does, and the floor's edge still holds the visitor in. */
    uint8_t *collide = calloc((size_t)m->node_count, 1);
    for (int i = 0; i < m->node_count; i++)
        collide[i] = m->nodes[i].name && strcmp(m->nodes[i].name, "WallEast") == 0;
    visit_booth bc = {&ex->places[2], m, collide, NULL, 640, 360};
    memset(c.position, 0, sizeof(c.position));
    c.yaw = 0;
    walk_n(&c, &bc, 200, 0.05f);
    printf("colliders: walked north to z = %.3f (past the counter, floor ends at -5)\n",
           c.position[2]);
    CHECK(c.position[2] < -3.0f);
    CHECK(c.position[2] > -5.2f);
    memset(c.position, 0, sizeof(c.position));
    c.yaw = 90;
    walk_n(&c, &bc, 200, 0.05f);
    CHECK(c.position[0] < 5.0f - 0.2f);

    /* Held keys go by time. Turning: 4 s of Right turn 360 degrees whether the frames come
     * 60, 5 or 1 times a second (at 5 frames a second this once turned 110 degrees). */
    double fps[3] = {60, 5, 1};
    for (int k = 0; k < 3; k++) {
        visit_camera_reset(&c, &b);
        hold_for(&c, &b, (visit_hold){.turn = 1}, 3.0, fps[k]);
        printf("3 s of Right at %g fps: yaw %.4f (expect -90: 270 degrees)\n", fps[k], c.yaw);
        CHECK_NEAR(c.yaw, -90.0, 1e-2);
        hold_for(&c, &b, (visit_hold){.turn = 1}, 1.0, fps[k]);
        CHECK_NEAR(c.yaw, 0.0, 1e-2);
    }
    /* Walking: 8 s of W in the open (no model yet) cover 8 x 1.4 m at any frame rate; in the
     * room, 2 s from the south wall cover 2.8 m, and 8 s end at the north wall, never past
     * it, even with one frame a second. */
    for (int k = 0; k < 3; k++) {
        visit_booth open = {&ex->places[0], NULL, NULL, NULL, 640, 360};
        visit_camera_reset(&c, &open);
        hold_for(&c, &open, (visit_hold){.walk = 1}, 8.0, fps[k]);
        printf("8 s of W at %g fps in the open: z = %.4f (expect -11.2)\n", fps[k],
               c.position[2]);
        CHECK_NEAR(c.position[2], -8.0 * VISIT_WALK_SPEED, 1e-3);
        visit_camera_reset(&c, &b);
        memcpy(c.position, (float[]){-3, 0, 4.5f}, sizeof(c.position));
        hold_for(&c, &b, (visit_hold){.walk = 1}, 2.0, fps[k]);
        CHECK_NEAR(c.position[2], 4.5 - 2.0 * VISIT_WALK_SPEED, 1e-3);
        hold_for(&c, &b, (visit_hold){.walk = 1}, 6.0, fps[k]);
        printf("8 s of W at %g fps in the room: z = %.3f (north wall at -5)\n", fps[k],
               c.position[2]);
        CHECK(c.position[2] > -5.0f + 0.2f && c.position[2] < -4.0f);
    }
    /* Orbit: held keys circle the target by time too, pitch within the scene's limits. */
    visit_booth bo = {&ex->places[1], m, NULL, NULL, 640, 360};
    visit_camera_reset(&c, &bo);
    CHECK(c.mode == SCENE_CAMERA_ORBIT && c.distance == 4);
    hold_for(&c, &bo, (visit_hold){.turn = 1}, 0.45, 5);
    float yaw5 = c.yaw;
    visit_camera_reset(&c, &bo);
    hold_for(&c, &bo, (visit_hold){.turn = 1}, 0.45, 60);
    CHECK_NEAR(c.yaw, yaw5, 1e-3);
    CHECK_NEAR(c.yaw, 90.0, 1e-2);
    hold_for(&c, &bo, (visit_hold){.look = -1}, 5.0, 5);
    CHECK_NEAR(c.pitch, ex->places[1].camera.pitch_max, 1e-4);

    /* Projecting and picking: the counter in the middle of an orbit view is its hotspot's
     * (place 0's hotspots on the same model); a wall has none. */
    visit_booth bp = {&ex->places[0], m, NULL, NULL, 640, 360};
    c.mode = SCENE_CAMERA_ORBIT;
    memcpy(c.target, (float[]){0, 0.5f, -2.75f}, sizeof(c.target));
    c.distance = 4;
    c.yaw = 0;
    c.pitch = 20;
    float cx, cy;
    CHECK(visit_camera_project(&c, &bp, (float[]){0, 0.5f, -2.75f}, &cx, &cy));
    CHECK_NEAR(cx, 320, 1.0);
    CHECK_NEAR(cy, 180, 1.0);
    CHECK(visit_camera_pick(&c, &bp, cx, cy) == 0);
    CHECK(visit_camera_pick(&c, &bp, 5, 5) == -1);
    CHECK(!visit_camera_hidden(&c, &bp, &ex->places[0].hotspots[0])); /* its own node */

    free(collide);
    asset_model_free(&m);
    scene_free(&ex);
    check_rmdir(s_dir);
    free(obj);
    free(scene);
    return check_done();
}
