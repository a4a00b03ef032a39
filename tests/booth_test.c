/* app/booth: model places in a visit, offscreen. A room written at test time as an OBJ
 * (walls, a floor with a low platform, a counter): walking into a wall stops outside it,
 * climbing a low step works and a counter blocks, a click on the counter's surfaces picks its
 * node hotspot, node hotspots sit at their node's centre, and a frame shows the model. */
#include "app/app_internal.h"
#include "app/booth.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char s_dir[256];

/* An axis-aligned box as an OBJ object; `inward` flips the faces for a room. */
static void obj_box(FILE *f, int *base, const char *name, const float lo[3], const float hi[3])
{
    fprintf(f, "o %s\n", name);
    for (int i = 0; i < 8; i++)
        fprintf(f, "v %g %g %g\n", (i & 1) ? hi[0] : lo[0], (i & 2) ? hi[1] : lo[1],
                (i & 4) ? hi[2] : lo[2]);
    static const int quads[6][4] = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4},
                                    {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};
    for (int q = 0; q < 6; q++)
        fprintf(f, "f %d %d %d %d\n", *base + quads[q][0], *base + quads[q][1],
                *base + quads[q][2], *base + quads[q][3]);
    *base += 8;
}

static void write_room(const char *path)
{
    FILE *f = fopen(path, "w");
    int base = 1;
    /* A room 10 x 3 x 10 m: floor, four walls (boxes 0.2 m thick), a 0.2 m platform, and a
     * counter 1 m high. */
    obj_box(f, &base, "Floor", (float[]){-5, -0.1f, -5}, (float[]){5, 0, 5});
    obj_box(f, &base, "WallNorth", (float[]){-5, 0, -5.2f}, (float[]){5, 3, -5});
    obj_box(f, &base, "WallSouth", (float[]){-5, 0, 5}, (float[]){5, 3, 5.2f});
    obj_box(f, &base, "WallWest", (float[]){-5.2f, 0, -5}, (float[]){-5, 3, 5});
    obj_box(f, &base, "WallEast", (float[]){5, 0, -5}, (float[]){5.2f, 3, 5});
    obj_box(f, &base, "Platform", (float[]){2, 0, -1}, (float[]){4, 0.2f, 1});
    obj_box(f, &base, "Counter", (float[]){-1, 0, -3}, (float[]){1, 1, -2.5f});
    fclose(f);
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "booth-test");
    char *obj = pv_asprintf("%s/room.obj", s_dir);
    write_room(obj);
    char *scene = pv_asprintf("%s/expo.json", s_dir);
    FILE *f = fopen(scene, "w");
    fputs("{\"format\": \"pavilion/1\", \"title\": \"Booth\", \"start\": \"walk\", \"places\": [\n"
          " {\"id\": \"walk\", \"model\": \"room.obj\",\n"
          "  \"camera\": {\"mode\": \"walk\", \"position\": [0, 0, 0], \"yaw\": 0},\n"
          "  \"hotspots\": [{\"type\": \"info\", \"node\": \"Counter\", \"title\": \"Counter\"},\n"
          "                {\"type\": \"goto\", \"position\": [0, 2, 4], \"target\": \"orbit\"}]},\n"
          " {\"id\": \"orbit\", \"model\": \"room.obj\",\n"
          "  \"camera\": {\"mode\": \"orbit\", \"target\": [0, 0.5, -2.75], \"distance\": 4,\n"
          "             \"yaw\": 0, \"pitch\": 20}},\n"
          " {\"id\": \"colliders\", \"model\": \"room.obj\", \"colliders\": [\"WallEast\"],\n"
          "  \"camera\": {\"mode\": \"walk\", \"position\": [0, 0, 0]}}\n"
          "]}\n", f);
    fclose(f);
    app_options opt = {.scene = scene, .width = 640, .height = 360};
    viewer v;
    if (viewer_init(&v, &opt, true) != PV_OK) {
        fprintf(stderr, "cannot start an offscreen viewer\n");
        return 1;
    }
    v.width = 640;
    v.height = 360;
    CHECK(viewer_load_now(&v, 0));
    CHECK(v.places[0].model != NULL && v.places[0].gmodel != NULL);
    CHECK(v.cam.mode == SCENE_CAMERA_WALK);

    /* Node hotspots sit at the centre of their node's box. */
    float p[3];
    CHECK(booth_hotspot_point(&v, 0, &v.ex->places[0].hotspots[0], p));
    CHECK_NEAR(p[0], 0, 1e-3);
    CHECK_NEAR(p[1], 0.5, 1e-3);
    CHECK_NEAR(p[2], -2.75, 1e-3);
    CHECK(booth_hotspot_point(&v, 0, &v.ex->places[0].hotspots[1], p));
    CHECK_NEAR(p[2], 4, 1e-3);

    /* Walking east into the wall: many small steps, and the visitor stays inside. */
    v.cam.yaw = 90; /* facing +x */
    for (int i = 0; i < 400; i++)
        booth_walk(&v, 0.05f, 0);
    printf("walked east into the wall: x = %.3f (wall at 5)\n", v.cam.position[0]);
    CHECK(v.cam.position[0] < 5.0f - 0.2f);
    CHECK(v.cam.position[0] > 3.5f);  /* it did walk, over the platform */
    /* Back at the middle, walking north-west: slides along, never through. */
    v.cam.position[0] = v.cam.position[2] = 0;
    v.cam.position[1] = 0;
    v.cam.yaw = -45;
    for (int i = 0; i < 400; i++)
        booth_walk(&v, 0.05f, 0);
    CHECK(v.cam.position[0] > -5.0f && v.cam.position[2] > -5.0f);
    /* The low platform (0.2 m) is climbed: standing on it raises the feet. */
    v.cam.position[0] = 1.0f;
    v.cam.position[1] = 0;
    v.cam.position[2] = 0;
    v.cam.yaw = 90;
    for (int i = 0; i < 30; i++)
        booth_walk(&v, 0.05f, 0);
    printf("on the platform: x = %.3f, feet at %.3f\n", v.cam.position[0], v.cam.position[1]);
    CHECK(v.cam.position[0] > 2.1f);
    CHECK_NEAR(v.cam.position[1], 0.2, 0.02);
    /* The counter (1 m) blocks: walking north from in front of it stops before it. */
    v.cam.position[0] = 0;
    v.cam.position[1] = 0;
    v.cam.position[2] = 0;
    v.cam.yaw = 0; /* facing -z */
    for (int i = 0; i < 200; i++)
        booth_walk(&v, 0.05f, 0);
    printf("walked north into the counter: z = %.3f (counter front at -2.5)\n",
           v.cam.position[2]);
    CHECK(v.cam.position[2] > -2.5f + 0.2f);

    /* A click on the floor walks there, around nothing: 2 m to the right of the start. */
    v.cam.position[0] = v.cam.position[1] = v.cam.position[2] = 0;
    v.cam.yaw = 0;
    v.cam.pitch = 0;
    float spot[3] = {2, 0, -2}, sx, sy;
    float eye_before = v.cam.position[0];
    v.cam.mode = SCENE_CAMERA_WALK;
    /* project the floor spot with the walking camera */
    float vp[16];
    booth_view_proj(&v, 640, 360, vp);
    float cw = vp[3] * spot[0] + vp[7] * spot[1] + vp[11] * spot[2] + vp[15];
    sx = ((vp[0] * spot[0] + vp[4] * spot[1] + vp[8] * spot[2] + vp[12]) / cw * 0.5f + 0.5f) * 640;
    sy = (0.5f - (vp[1] * spot[0] + vp[5] * spot[1] + vp[9] * spot[2] + vp[13]) / cw * 0.5f) * 360;
    platform_event tap = {.type = PLATFORM_EV_POINTER_DOWN, .x = sx, .y = sy, .pointer = 5,
                          .touch = true, .button = 1};
    viewer_handle_event(&v, &tap);
    tap.type = PLATFORM_EV_POINTER_UP;
    viewer_handle_event(&v, &tap);
    CHECK(v.cam.walking_to);
    for (int i = 0; i < 300 && v.cam.walking_to; i++)
        viewer_update(&v, 0.02);
    printf("tap to walk: arrived at %.2f, %.2f (asked 2, -2)\n", v.cam.position[0],
           v.cam.position[2]);
    CHECK_NEAR(v.cam.position[0], 2, 0.1);
    CHECK_NEAR(v.cam.position[2], -2, 0.1);
    CHECK(v.cam.position[0] != eye_before);
    /* A tap on a wall is not a place to walk to. */
    v.cam.yaw = 90;
    CHECK(!booth_walk_to_pixel(&v, 320, 60));

    /* With "colliders", only those nodes block: the counter no longer does, the east wall
     * still does, and the floor's edge still holds the visitor in. */
    v.current = 2;
    CHECK(viewer_load_now(&v, 2));
    CHECK(v.places[2].collide_mask != NULL);
    v.cam.yaw = 0;
    for (int i = 0; i < 200; i++)
        booth_walk(&v, 0.05f, 0);
    printf("colliders: walked north to z = %.3f (past the counter, floor ends at -5)\n",
           v.cam.position[2]);
    CHECK(v.cam.position[2] < -3.0f);
    CHECK(v.cam.position[2] > -5.2f);
    v.cam.position[0] = v.cam.position[2] = 0;
    v.cam.yaw = 90;
    for (int i = 0; i < 200; i++)
        booth_walk(&v, 0.05f, 0);
    CHECK(v.cam.position[0] < 5.0f - 0.2f);

    /* Orbit place: a click on the counter's surface picks the counter's hotspot... */
    v.current = 1;
    booth_reset_camera(&v, 1);
    CHECK(viewer_load_now(&v, 1));
    CHECK(v.cam.mode == SCENE_CAMERA_ORBIT);
    /* (place 1 has no hotspots: borrow place 0's, same model) */
    v.current = 0;
    v.cam.mode = SCENE_CAMERA_ORBIT;
    v.cam.target[0] = 0, v.cam.target[1] = 0.5f, v.cam.target[2] = -2.75f;
    v.cam.distance = 4;
    v.cam.yaw = 0;
    v.cam.pitch = 20;
    float cx, cy;
    float counter[3] = {0, 0.5f, -2.75f};
    CHECK(booth_project(&v, counter, &cx, &cy));
    CHECK_NEAR(cx, 320, 1.0);
    CHECK_NEAR(cy, 180, 1.0);
    CHECK(booth_pick(&v, cx, cy) == 0);
    CHECK(booth_pick(&v, 5, 5) == -1); /* a wall, no hotspot there */

    /* ...and a frame shows the model (the counter in the middle is not the background). */
    gfx_target *t = gfx_target_create(v.g, 640, 360);
    gfx_target_bind(v.g, t);
    viewer_render(&v, 640, 360);
    uint8_t *px = malloc(640 * 360 * 4);
    gfx_read_pixels(v.g, 640, 360, px);
    const uint8_t *mid = px + ((size_t)200 * 640 + 320) * 4;
    printf("centre pixel %d %d %d\n", mid[0], mid[1], mid[2]);
    CHECK(!(mid[0] == 28 && mid[1] == 31 && mid[2] == 36)); /* the background colour */
    CHECK(mid[0] > 40 || mid[1] > 40 || mid[2] > 40);
    free(px);
    gfx_target_bind(v.g, NULL);
    gfx_target_destroy(v.g, &t);
    viewer_shutdown(&v);
    check_rmdir(s_dir);
    free(obj);
    free(scene);
    return check_done();
}
