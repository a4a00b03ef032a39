/* tests/room.h: a room written at test time as an OBJ, for the booth and camera tests: a floor
 * 10 x 10 m, four walls 3 m high (boxes 0.2 m thick), a 0.2 m platform at x 2..4, z -1..1 and
 * a counter 1 m high at x -1..1, z -3..-2.5. Static functions: include it in one test file. */
#ifndef PV_TEST_ROOM_H
#define PV_TEST_ROOM_H

#include "core/core.h"

#include <stdio.h>

/* An axis-aligned box as an OBJ object. */
static void room_box(FILE *f, int *base, const char *name, const float lo[3], const float hi[3])
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

static void room_write(const char *path)
{
    FILE *f = fopen(path, "w");
    int base = 1;
    room_box(f, &base, "Floor", (float[]){-5, -0.1f, -5}, (float[]){5, 0, 5});
    room_box(f, &base, "WallNorth", (float[]){-5, 0, -5.2f}, (float[]){5, 3, -5});
    room_box(f, &base, "WallSouth", (float[]){-5, 0, 5}, (float[]){5, 3, 5.2f});
    room_box(f, &base, "WallWest", (float[]){-5.2f, 0, -5}, (float[]){-5, 3, 5});
    room_box(f, &base, "WallEast", (float[]){5, 0, -5}, (float[]){5.2f, 3, 5});
    room_box(f, &base, "Platform", (float[]){2, 0, -1}, (float[]){4, 0.2f, 1});
    room_box(f, &base, "Counter", (float[]){-1, 0, -3}, (float[]){1, 1, -2.5f});
    fclose(f);
}

/* Its scene: "walk" (walk camera at the origin, facing -z, an info hotspot on the counter's
 * node and a goto hotspot at a position), "orbit" (orbiting the counter) and "colliders"
 * (walk, only the east wall blocks). */
static const char s_room_scene[] =
    "{\"format\": \"pavilion/1\", \"title\": \"Booth\", \"start\": \"walk\", \"places\": [\n"
    " {\"id\": \"walk\", \"model\": \"room.obj\",\n"
    "  \"camera\": {\"mode\": \"walk\", \"position\": [0, 0, 0], \"yaw\": 0},\n"
    "  \"hotspots\": [{\"type\": \"info\", \"node\": \"Counter\", \"title\": \"Counter\"},\n"
    "                {\"type\": \"goto\", \"position\": [0, 2, 4], \"target\": \"orbit\"}]},\n"
    " {\"id\": \"orbit\", \"model\": \"room.obj\",\n"
    "  \"camera\": {\"mode\": \"orbit\", \"target\": [0, 0.5, -2.75], \"distance\": 4,\n"
    "             \"yaw\": 0, \"pitch\": 20}},\n"
    " {\"id\": \"colliders\", \"model\": \"room.obj\", \"colliders\": [\"WallEast\"],\n"
    "  \"camera\": {\"mode\": \"walk\", \"position\": [0, 0, 0]}}\n"
    "]}\n";

/* Writes room.obj and expo.json (s_room_scene) into `dir`; their paths are the caller's to
 * free. */
static void room_make(const char *dir, char **obj, char **scene)
{
    *obj = pv_asprintf("%s/room.obj", dir);
    room_write(*obj);
    *scene = pv_asprintf("%s/expo.json", dir);
    FILE *f = fopen(*scene, "w");
    fputs(s_room_scene, f);
    fclose(f);
}

#endif
