/* booth_plan: the demo's floor plan (maps/floor.png) and the portraits on its team cards
 * (people/NAME.png), drawn with the booth generator's 2D helpers and stroke font. The plan's
 * rooms follow the panoramas' geometry (tools/demo/demo_scenes.c: the hall spans x -20..20,
 * z -20..12 metres); the pixel of each place on it is written in scenes/demo/expo.json
 * ("map"), so moving a room here means moving its point there. Main thread only.
 * Included by tools/booth_gen.c. */

#define PLAN_W 1200
#define PLAN_H 800

/* A room: a filled rectangle with a border and its name. */
static void plan_room(image *img, const booth_font *f, float x0, float y0, float x1, float y1,
                      uint32_t fill, const char *name, float name_y)
{
    colour line = colour_hex(0x1d2a44);
    image_rect(img, x0 - 3, y0 - 3, x1 + 3, y1 + 3, line, 1);
    image_rect(img, x0, y0, x1, y1, colour_hex(fill), 1);
    if (name)
        image_text(img, f, name, (x0 + x1) * 0.5f, name_y, 18, 0.12f, line, 1);
}

/* A stand of the hall at its position in metres, in its colour, with its name in its upper
 * half: the viewer's dot for it goes in the lower half (expo.json), off the letters. */
static void plan_stand(image *img, const booth_font *f, float x, float z, uint32_t colour_,
                       const char *name)
{
    float px = 150.0f + (x + 20.0f) / 40.0f * 900.0f, py = 60.0f + (z + 20.0f) / 32.0f * 380.0f;
    image_round_rect(img, px - 48, py - 30, px + 48, py + 30, 8, colour_hex(colour_), 1);
    image_text(img, f, name, px, py - 13, 14, 0.13f, colour_hex(0xffffff), 1);
}

/* Writes `n` bytes to `path`; false with a message when it cannot. */
static bool write_bytes(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(bytes, 1, n, f) == n;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        fprintf(stderr, "pavilion-booth-gen: cannot write %s: %s\n", path, strerror(errno));
    return ok;
}

static bool write_png(const char *path, const image *img)
{
    png_bytes png = image_encode_png(img, 3);
    bool ok = write_bytes(path, png.bytes, png.size);
    if (ok)
        printf("wrote %s (%.0f KB)\n", path, (double)png.size / 1024.0);
    free(png.bytes);
    return ok;
}

static bool write_floor_plan(const char *path, const booth_font *f)
{
    image img = image_create(PLAN_W, PLAN_H, colour_hex(0xf4f1ea));
    /* the expo: hall, its cinema, the lobby below it and the plaza in front */
    plan_room(&img, f, 150, 60, 1050, 440, 0xdfe4ec, "EXHIBITION HALL", 90);
    plan_room(&img, f, 1060, 200, 1180, 400, 0x3b2a2e, NULL, 0);
    image_text(&img, f, "CINEMA", 1120, 230, 16, 0.12f, colour_hex(0xff8a80), 1);
    plan_room(&img, f, 450, 450, 750, 680, 0xeae3d6, "LOBBY", 480);
    plan_room(&img, f, 450, 700, 1180, 780, 0xd5d0c6, "PLAZA", 740);
    plan_stand(&img, f, -7.0f, -3.5f, 0xc0392b, "SECURITY");
    plan_stand(&img, f, 0.0f, -8.0f, 0x2e86de, "CLOUD");
    plan_stand(&img, f, 7.0f, -3.5f, 0x27ae60, "DEVICES");
    plan_stand(&img, f, -11.5f, 7.5f, 0x8e44ad, "DATA");
    plan_stand(&img, f, 11.5f, 7.5f, 0xe67e22, "AI LAB");
    image_round_rect(&img, 160, 270, 230, 336, 6, colour_hex(0x6e4b32), 1);
    image_text(&img, f, "CAFE", 195, 287, 13, 0.13f, colour_hex(0xffd9a0), 1);
    /* doors: hall - lobby, hall - cinema */
    image_rect(&img, 560, 436, 640, 454, colour_hex(0xf4f1ea), 1);
    image_rect(&img, 1046, 280, 1064, 320, colour_hex(0xf4f1ea), 1);
    /* the headquarters, a shuttle ride away */
    plan_room(&img, f, 40, 470, 400, 780, 0xe3ece8, "PAVILION HQ", 500);
    /* names in the rooms' upper part: the dots go below them (expo.json) */
    plan_room(&img, f, 70, 530, 370, 600, 0xcfe3c8, "ROOF GARDEN", 550);
    plan_room(&img, f, 70, 615, 370, 690, 0xf1efe9, "ATRIUM", 635);
    plan_room(&img, f, 70, 705, 215, 772, 0xf1efe9, NULL, 0);
    plan_room(&img, f, 225, 705, 370, 772, 0xf1efe9, NULL, 0);
    image_text(&img, f, "HQ LOBBY", 142, 720, 13, 0.12f, colour_hex(0x1d2a44), 1);
    image_text(&img, f, "ENTRANCE", 297, 720, 13, 0.12f, colour_hex(0x1d2a44), 1);
    image_text(&img, f, "SHUTTLE", 425, 620, 12, 0.12f, colour_hex(0x1f6f5c), 1);
    image_rect(&img, 402, 640, 448, 644, colour_hex(0x1f6f5c), 1);
    bool ok = write_png(path, &img);
    image_free(&img);
    return ok;
}

/* A head-and-shoulders portrait on the stand's colour: no real person, a friendly outline. */
static bool write_portrait(const char *path, uint32_t background, uint32_t skin, uint32_t hair,
                           uint32_t shirt, bool long_hair)
{
    image img = image_create(256, 256, colour_hex(background));
    image_vgradient(&img, 0, 256, colour_mix(colour_hex(background), colour_hex(0xffffff), 0.25f),
                    colour_hex(background));
    if (long_hair)
        image_round_rect(&img, 76, 70, 180, 200, 40, colour_hex(hair), 1);
    image_ring(&img, 128, 300, 0, 110, colour_hex(shirt), 1);     /* shoulders */
    image_rect(&img, 112, 150, 144, 200, colour_hex(skin), 1);   /* neck */
    image_ring(&img, 128, 112, 0, 50, colour_hex(skin), 1);      /* face */
    image_round_rect(&img, 78, 56, 178, 96, 30, colour_hex(hair), 1);
    bool ok = write_png(path, &img);
    image_free(&img);
    return ok;
}

typedef struct portrait_desc {
    const char *file;
    uint32_t background, skin, hair, shirt;
    bool long_hair;
} portrait_desc;

/* Two people per stand, in the stand's colour (see scenes/demo/expo.json, "people"). */
static const portrait_desc s_portraits[] = {
    {"amira-haddad.png", 0xc0392b, 0xc68e6b, 0x2b1d14, 0xf3f1ec, true},
    {"lukas-becker.png", 0xc0392b, 0xf0c8a8, 0x8a6a3a, 0x2c3e50, false},
    {"yuki-tanaka.png", 0x2e86de, 0xf2cfb3, 0x1a1a1a, 0xecf0f1, true},
    {"carlos-mendoza.png", 0x2e86de, 0xd19a72, 0x2a1a10, 0x34495e, false},
    {"park-minjun.png", 0x27ae60, 0xeec7a5, 0x151515, 0x1d2a44, false},
    {"li-wei.png", 0x27ae60, 0xf0cfae, 0x121212, 0xf5f5f5, true},
    {"ana-souza.png", 0x8e44ad, 0xb97a56, 0x3a2414, 0xf1c40f, true},
    {"elif-yilmaz.png", 0x8e44ad, 0xe8bc98, 0x4a2a18, 0x2c3e50, true},
    {"sophie-martin.png", 0xe67e22, 0xf3d2b8, 0xb5823c, 0x1d2a44, true},
    {"dmitri-volkov.png", 0xe67e22, 0xf0ccb0, 0x6b5a48, 0x7f8c8d, false},
};

/* OUTDIR/maps/floor.png and OUTDIR/people/NAME.png. */
static bool write_plan_and_people(const char *outdir, const booth_font *f)
{
    char *maps = pv_path_join(outdir, "maps"), *people = pv_path_join(outdir, "people");
    bool ok = pv_make_dirs(maps) && pv_make_dirs(people);
    if (!ok)
        fprintf(stderr, "pavilion-booth-gen: cannot create %s or %s: %s\n", maps, people,
                strerror(errno));
    if (ok) {
        char *path = pv_path_join(maps, "floor.png");
        ok = write_floor_plan(path, f);
        free(path);
    }
    for (size_t i = 0; ok && i < sizeof(s_portraits) / sizeof(s_portraits[0]); i++) {
        const portrait_desc *p = &s_portraits[i];
        char *path = pv_path_join(people, p->file);
        ok = write_portrait(path, p->background, p->skin, p->hair, p->shirt, p->long_hair);
        free(path);
    }
    free(maps);
    free(people);
    return ok;
}
