/* booth_cinema: the demo's cinema as a walkable glTF model: a room 9 m wide (x from -4.5 to
 * 4.5), 12 m deep (z from -6 at the screen to 6 at the back) and 5 m high, closed on all
 * sides. A 6.4 x 3.6 m (16:9) screen on the front wall, framed in black with red velvet
 * curtains and a valance, above a low stage; five rows of twelve red seats on stepped risers
 * (0.3 m each, low enough to walk up) with aisles on both sides; a back platform with the
 * door and the projection window; dark acoustic panels between wooden pilasters, dim warm
 * sconces, amber step lights and a starry ceiling, so the room is dark but not black.
 *
 * The material `Screen` covers exactly the picture, with the same convention as the stands'
 * screens: u from 0 at the left to 1 at the right, v from 0 at the top to 1 at the bottom
 * (glTF's), seen from the seats; its node `Screen` has its origin at the picture's centre.
 * Main thread only. Included by tools/booth_gen.c. */

#define CINEMA_HX 4.5f   /* half width (x) */
#define CINEMA_HZ 6.0f   /* half depth (z); the screen wall is at -CINEMA_HZ */
#define CINEMA_H 5.0f
#define CINEMA_WALL 0.2f
#define CINEMA_ROWS 5
#define CINEMA_SEATS 12      /* per row */
#define CINEMA_SEAT_W 0.55f  /* seat pitch across a row */
#define CINEMA_ROW_D 1.2f    /* depth of a row's tread */
#define CINEMA_RISE 0.3f     /* height of each step */
#define CINEMA_ROW0_Z -1.8f  /* front edge of the first row's tread */
#define CINEMA_STAGE_Z -4.9f /* front edge of the stage */
#define CINEMA_STAGE_H 0.3f
#define CINEMA_SCREEN_W 6.4f
#define CINEMA_SCREEN_H 3.6f
#define CINEMA_SCREEN_Y 2.9f /* the picture's centre */
#define CINEMA_SCREEN_Z (-CINEMA_HZ + 0.16f)

/* Top of the floor at depth z: the flat front, the rows' treads, the back platform. */
static float cinema_floor_y(float z)
{
    if (z < CINEMA_ROW0_Z + CINEMA_ROW_D)
        return 0;
    int k = (int)((z - CINEMA_ROW0_Z) / CINEMA_ROW_D);
    return CINEMA_RISE * (float)(k > CINEMA_ROWS ? CINEMA_ROWS : k);
}

/* Acoustic wall panels: fabric-wrapped boards 0.6 m wide with dark grooves between them and
 * a faint weave. One texture is two panels across and one high. */
static texture_set cinema_panel_texture(model *m, int size, uint32_t seed)
{
    image img = image_create(size, size, colour_hex(0xffffff));
    float *h = height_create(size, size);
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            float u = ((float)x + 0.5f) / (float)size * 2.0f;
            float across = fractf(u) * (float)size * 0.5f; /* pixels across a panel */
            float groove = smoothstepf(1.0f, 3.5f, minf(across, (float)size * 0.5f - across));
            float weave = 0.5f + 0.5f * sinf((float)x * 1.9f) * sinf((float)y * 1.9f);
            float mottle = tex_fbm(x, y, size, size / 32, size / 32, 3, seed);
            float height = groove * (0.9f + 0.04f * weave);
            h[y * size + x] = height;
            float shade = (0.3f + 0.7f * groove) *
                          (0.92f + 0.06f * weave + 0.1f * (mottle - 0.5f));
            image_set(&img, x, y, colour_scale(colour_hex(0xffffff), shade));
        }
    }
    return texture_finish(m, "AcousticPanel", &img, h, 2.0f);
}

/* What the screen shows before a film starts. */
static int cinema_screen_texture(model *m, const booth_font *f)
{
    colour night = colour_hex(0x0b0f1c), gold = colour_hex(0xf5b041);
    colour white = colour_hex(0xffffff), teal = colour_hex(0x48c9b0);
    image img = image_create(1024, 576, night);
    image_vgradient(&img, 0, 576, colour_hex(0x161d33), night);
    for (int i = 0; i < 6; i++) /* soft arcs like a projector's beam */
        image_ring(&img, 512, 760, 420.0f + 60.0f * (float)i, 424.0f + 60.0f * (float)i,
                   i % 2 ? teal : gold, 0.12f);
    image_text(&img, f, "PAVILION CINEMA", 512, 190, 30, 0.1f, colour_mix(white, gold, 0.5f), 1);
    image_text(&img, f, "NOW SHOWING", 512, 262, 62, 0.12f, white, 1);
    image_rect(&img, 452, 318, 572, 323, gold, 1);
    image_text(&img, f, "AURORA  -  HARBOUR", 512, 372, 24, 0.11f, colour_mix(white, teal, 0.3f),
               1);
    image_text(&img, f, "PICK A FILM TO START", 512, 440, 15, 0.1f,
               colour_mix(white, night, 0.35f), 1);
    int t = model_texture_add(m, "ScreenIdle", &img, 3);
    image_free(&img);
    return t;
}

static int cinema_exit_texture(model *m, const booth_font *f)
{
    image img = image_create(256, 96, colour_hex(0x0c8a3e));
    image_text(&img, f, "EXIT", 128, 48, 46, 0.13f, colour_hex(0xffffff), 1);
    int t = model_texture_add(m, "ExitSign", &img, 3);
    image_free(&img);
    return t;
}

/* A soft round glow, white with the falloff in alpha, for the light a sconce throws on the
 * wall. */
static int cinema_glow_texture(model *m)
{
    image img = image_create(128, 128, colour_hex(0xffffff));
    for (int y = 0; y < 128; y++)
        for (int x = 0; x < 128; x++) {
            float dx = ((float)x + 0.5f - 64) / 64, dy = ((float)y + 0.5f - 64) / 64;
            float d2 = dx * dx * 1.6f + dy * dy;
            image_at(&img, x, y)[3] = clampf(expf(-d2 * 3.2f) - 0.02f, 0, 1) * 0.9f;
        }
    int t = model_texture_add(m, "SconceGlow", &img, 4);
    image_free(&img);
    return t;
}

/* A curtain hanging in folds: from x0 to x1 (either way), from y0 to y1, its mean plane at
 * z, folds `depth` deep. The front faces +Z; use a double-sided material. */
static void cinema_curtain(model *m, int mat, float x0, float x1, float y0, float y1, float z,
                           float depth, int folds)
{
    model_prim *p = prim_for(m, mat);
    int cols = folds * 8;
    float s = material_uv_metres(m, mat);
    uint32_t first = (uint32_t)p->vert_count;
    for (int i = 0; i <= cols; i++) {
        float q = (float)i / (float)cols;
        float a = 2 * BOOTH_PI * (float)folds * q;
        float x = x0 + (x1 - x0) * q;
        float dz = depth * 0.5f * sinf(a);
        float slope = depth * 0.5f * cosf(a) * 2 * BOOTH_PI * (float)folds / (x1 - x0);
        vec3 n = vec3_norm(vec3_make(-slope, 0, 1));
        float u = fabsf(x - x0) / s;
        prim_vertex(m, p, vec3_make(x, y0, z + dz), n, u, -y0 / s);
        prim_vertex(m, p, vec3_make(x, y1, z + dz), n, u, -y1 / s);
    }
    for (int i = 0; i < cols; i++) {
        uint32_t a = first + (uint32_t)i * 2;
        if (x1 > x0)
            prim_triangle(p, a, a + 2, a + 3), prim_triangle(p, a, a + 3, a + 1);
        else
            prim_triangle(p, a, a + 3, a + 2), prim_triangle(p, a, a + 1, a + 3);
    }
}

typedef struct cinema_materials {
    int fabric, shell, arm, metal;
} cinema_materials;

/* One seat, facing the screen (-Z), standing on its tread at `at` (the seat's centre). */
static void cinema_seat(model *m, const cinema_materials *cm, vec3 at)
{
    model_frame_set(m, at, BOOTH_PI); /* local +Z faces the screen */
    /* the pan, a little thicker at the front edge */
    geo_box(m, cm->fabric, -0.24f, 0.36f, -0.2f, 0.24f, 0.47f, 0.28f);
    geo_box(m, cm->shell, -0.23f, 0.3f, -0.18f, 0.23f, 0.36f, 0.26f);
    /* the backrest, leaning back by 14 degrees, with a dark shell behind */
    float lean = 14.0f * BOOTH_PI / 180.0f;
    vec3 up = vec3_make(0, cosf(lean), -sinf(lean)), back = vec3_make(0, sinf(lean), cosf(lean));
    vec3 c = vec3_make(0, 0.8f, -0.29f);
    geo_obox(m, cm->fabric, c, vec3_make(0.24f, 0, 0), vec3_scale(up, 0.36f),
             vec3_scale(back, 0.05f));
    geo_obox(m, cm->shell, vec3_add(c, vec3_scale(back, -0.075f)), vec3_make(0.245f, 0, 0),
             vec3_scale(up, 0.37f), vec3_scale(back, 0.025f));
    /* a headrest roll */
    geo_obox(m, cm->fabric, vec3_add(c, vec3_add(vec3_scale(up, 0.4f), vec3_scale(back, 0.01f))),
             vec3_make(0.2f, 0, 0), vec3_scale(up, 0.06f), vec3_scale(back, 0.06f));
    model_frame_reset(m);
}

/* The standard between two seats (or at a row's end): a side panel and an armrest. */
static void cinema_armrest(model *m, const cinema_materials *cm, vec3 at)
{
    model_frame_set(m, at, BOOTH_PI);
    geo_box(m, cm->shell, -0.03f, 0, -0.32f, 0.03f, 0.62f, 0.22f);
    geo_box(m, cm->arm, -0.045f, 0.62f, -0.3f, 0.045f, 0.67f, 0.3f);
    geo_box(m, cm->metal, -0.08f, 0, -0.3f, 0.08f, 0.02f, 0.1f);
    model_frame_reset(m);
}

static void build_cinema(model *m, const booth_font *f)
{
    model_init(m, "Cinema");
    vec3 o = vec3_make(0, 0, 0);
    int root = model_node_begin(m, "Cinema", -1, o);
    const float hx = CINEMA_HX, hz = CINEMA_HZ, ht = CINEMA_H, t = CINEMA_WALL;

    texture_set carpet_tex = texture_carpet(m, "Carpet", 0xffffff, 256, 811);
    texture_set panel_tex = cinema_panel_texture(m, 256, 821);
    texture_set seat_tex = texture_fabric(m, "SeatFabric", 0xffffff, 256, 64, 831);
    texture_set velvet_tex = texture_fabric(m, "Velvet", 0xffffff, 256, 96, 841);
    texture_set wood_tex = texture_wood(m, "Wood", 0x8a5a3a, 0x4a2c1a, 256, 0, 851);
    int screen_tex = cinema_screen_texture(m, f);
    int exit_tex = cinema_exit_texture(m, f);
    int glow_tex = cinema_glow_texture(m);

    int carpet = model_material_add(m, (material_desc){
        .name = "Carpet", .colour = 0x2a2b3e, .roughness = 1, .base_tex = carpet_tex.base,
        .normal_tex = carpet_tex.normal, .normal_scale = 0.8f, .uv_metres = 0.6f});
    int panels = model_material_add(m, (material_desc){
        .name = "AcousticPanel", .colour = 0x34363f, .roughness = 0.95f,
        .base_tex = panel_tex.base, .normal_tex = panel_tex.normal, .normal_scale = 0.7f,
        .uv_metres = 1.2f});
    int black = model_material_add(m, (material_desc){
        .name = "BlackVelvet", .colour = 0x0b0b0d, .roughness = 1});
    int ceiling = model_material_add(m, (material_desc){
        .name = "Ceiling", .colour = 0x16171d, .roughness = 0.95f});
    int riser = model_material_add(m, (material_desc){
        .name = "Riser", .colour = 0x1b1c24, .roughness = 0.8f});
    int wood = model_material_add(m, (material_desc){
        .name = "Wood", .colour = 0xffffff, .roughness = 0.55f, .base_tex = wood_tex.base,
        .uv_metres = 1.5f});
    cinema_materials cm;
    cm.fabric = model_material_add(m, (material_desc){
        .name = "SeatFabric", .colour = 0x9a1c26, .roughness = 0.9f, .base_tex = seat_tex.base,
        .normal_tex = seat_tex.normal, .normal_scale = 0.6f, .uv_metres = 0.25f});
    cm.shell = model_material_add(m, (material_desc){
        .name = "SeatShell", .colour = 0x1c1a1d, .roughness = 0.5f});
    cm.arm = wood;
    cm.metal = model_material_add(m, (material_desc){
        .name = "DarkMetal", .colour = 0x2b2d31, .metallic = 0.9f, .roughness = 0.45f});
    int velvet = model_material_add(m, (material_desc){
        .name = "Curtain", .colour = 0x7a1420, .roughness = 0.85f, .base_tex = velvet_tex.base,
        .normal_tex = velvet_tex.normal, .normal_scale = 0.4f, .uv_metres = 0.3f,
        .double_sided = true});
    int screen = model_material_add(m, (material_desc){
        .name = "Screen", .colour = 0xffffff, .roughness = 0.3f, .base_tex = screen_tex,
        .emissive_tex = screen_tex, .emissive = 0xffffff});
    int sconce = model_material_add(m, (material_desc){
        .name = "Sconce", .colour = 0xffe6c0, .roughness = 0.5f, .emissive = 0xffc98a});
    int glow = model_material_add(m, (material_desc){
        .name = "SconceGlow", .colour = 0xffd6a0, .roughness = 1, .base_tex = glow_tex,
        .emissive_tex = glow_tex, .emissive = 0x7a5a38, .blend = true});
    int step_light = model_material_add(m, (material_desc){
        .name = "StepLight", .colour = 0xffc070, .roughness = 0.5f, .emissive = 0xffa040});
    int star = model_material_add(m, (material_desc){
        .name = "CeilingStar", .colour = 0xc8d0e0, .roughness = 0.5f, .emissive = 0xaab8e0});
    int exit_sign = model_material_add(m, (material_desc){
        .name = "ExitSign", .colour = 0xffffff, .roughness = 0.4f, .base_tex = exit_tex,
        .emissive_tex = exit_tex, .emissive = 0xffffff});
    int booth_glass = model_material_add(m, (material_desc){
        .name = "ProjectorWindow", .colour = 0x9ab4d8, .roughness = 0.1f, .emissive = 0x6a7ea0});

    /* the room: the flat front floor, the rows' steps, walls outside the room's bounds,
     * ceiling */
    float back_y = CINEMA_RISE * CINEMA_ROWS;
    model_node_begin(m, "Room", root, vec3_make(0, ht * 0.5f, 0));
    geo_box_faces(m, carpet, vec3_make(-hx - t, -0.1f, -hz - t),
                  vec3_make(hx + t, 0, CINEMA_ROW0_Z + CINEMA_ROW_D), FACE_PY);
    for (int k = 1; k <= CINEMA_ROWS; k++) {
        float z0 = CINEMA_ROW0_Z + CINEMA_ROW_D * (float)k;
        float z1 = k == CINEMA_ROWS ? hz + t : z0 + CINEMA_ROW_D;
        float y = CINEMA_RISE * (float)k;
        geo_box_faces(m, carpet, vec3_make(-hx - t, 0, z0), vec3_make(hx + t, y, z1), FACE_PY);
        geo_box_faces(m, riser, vec3_make(-hx, 0, z0), vec3_make(hx, y, z1), FACE_NZ);
    }
    geo_box(m, panels, -hx - t, 0, -hz, -hx, ht, hz);        /* west */
    geo_box(m, panels, hx, 0, -hz, hx + t, ht, hz);          /* east */
    geo_box(m, panels, -hx - t, 0, hz, hx + t, ht, hz + t);  /* back */
    geo_box(m, black, -hx - t, 0, -hz - t, hx + t, ht, -hz); /* front, behind the screen */
    geo_box_faces(m, ceiling, vec3_make(-hx - t, ht, -hz - t), vec3_make(hx + t, ht + 0.1f,
                  hz + t), FACE_NY);
    /* wooden pilasters along the side walls, a dado rail at the back */
    for (int side = -1; side <= 1; side += 2)
        for (int i = 0; i < 5; i++) {
            float z = -3.6f + 2.4f * (float)i;
            float x_in = (float)side * (hx - 0.12f), x_wall = (float)side * hx;
            geo_box(m, wood, minf(x_in, x_wall), cinema_floor_y(z - 0.2f), z - 0.2f,
                    maxf(x_in, x_wall), ht, z + 0.2f);
        }
    geo_box(m, wood, -hx, back_y + 1.0f, hz - 0.06f, -1.0f, back_y + 1.08f, hz);
    geo_box(m, wood, 1.0f, back_y + 1.0f, hz - 0.06f, hx, back_y + 1.08f, hz);

    /* the stage under the screen, its front lit by a line of amber lights */
    model_node_begin(m, "Stage", root,
                     vec3_make(0, CINEMA_STAGE_H * 0.5f, (-hz + CINEMA_STAGE_Z) * 0.5f));
    geo_box_faces(m, wood, vec3_make(-hx, 0, -hz), vec3_make(hx, CINEMA_STAGE_H, CINEMA_STAGE_Z),
                  FACE_PY);
    geo_box_faces(m, black, vec3_make(-hx, 0, -hz), vec3_make(hx, CINEMA_STAGE_H, CINEMA_STAGE_Z),
                  FACE_PZ);
    geo_box(m, step_light, -hx, CINEMA_STAGE_H - 0.04f, CINEMA_STAGE_Z, hx, CINEMA_STAGE_H - 0.02f,
            CINEMA_STAGE_Z + 0.01f);

    /* the screen: a black masking frame, then the picture, 16:9, exactly the "Screen" material */
    vec3 sc = vec3_make(0, CINEMA_SCREEN_Y, CINEMA_SCREEN_Z);
    float sw = CINEMA_SCREEN_W * 0.5f, sh = CINEMA_SCREEN_H * 0.5f;
    model_node_begin(m, "Screen", root, sc);
    geo_box(m, black, -sw - 0.25f, sc.y - sh - 0.25f, -hz, sw + 0.25f, sc.y + sh + 0.25f,
            sc.z - 0.01f);
    geo_quad(m, screen, vec3_make(-sw, sc.y - sh, sc.z), vec3_make(CINEMA_SCREEN_W, 0, 0),
             vec3_make(0, CINEMA_SCREEN_H, 0));

    /* velvet curtains either side of the screen and a valance over it */
    model_node_begin(m, "Curtains", root, vec3_make(0, ht * 0.5f, -hz + 0.3f));
    cinema_curtain(m, velvet, -hx, -sw - 0.3f, CINEMA_STAGE_H, ht - 0.3f, -hz + 0.35f, 0.14f, 7);
    cinema_curtain(m, velvet, sw + 0.3f, hx, CINEMA_STAGE_H, ht - 0.3f, -hz + 0.35f, 0.14f, 7);
    cinema_curtain(m, velvet, -hx, hx, ht - 0.55f, ht, -hz + 0.45f, 0.1f, 30);

    /* seats: five rows of twelve, each row on its tread, aisles on both sides */
    model_node_begin(m, "Seats", root, vec3_make(0, 1.0f, CINEMA_ROW0_Z + CINEMA_ROW_D * 2.5f));
    float x0 = -CINEMA_SEAT_W * (CINEMA_SEATS - 1) * 0.5f;
    for (int k = 0; k < CINEMA_ROWS; k++) {
        float y = CINEMA_RISE * (float)k;
        float z = CINEMA_ROW0_Z + CINEMA_ROW_D * (float)k + 0.72f;
        for (int i = 0; i < CINEMA_SEATS; i++)
            cinema_seat(m, &cm, vec3_make(x0 + CINEMA_SEAT_W * (float)i, y, z));
        for (int i = 0; i <= CINEMA_SEATS; i++)
            cinema_armrest(m, &cm, vec3_make(x0 + CINEMA_SEAT_W * ((float)i - 0.5f), y, z));
    }

    /* the back: a double door to the lobby with an exit sign, the projection window */
    model_node_begin(m, "Door", root, vec3_make(0, back_y + 1.1f, hz - 0.05f));
    geo_box(m, cm.metal, -0.95f, back_y, hz - 0.08f, 0.95f, back_y + 2.3f, hz);
    for (int i = 0; i < 2; i++) {
        float xa = i ? 0.02f : -0.88f, xb = i ? 0.88f : -0.02f;
        geo_box(m, wood, xa, back_y, hz - 0.1f, xb, back_y + 2.22f, hz - 0.08f);
        float bx = i ? xa + 0.1f : xb - 0.1f;
        geo_box(m, cm.metal, bx - 0.02f, back_y + 0.95f, hz - 0.16f, bx + 0.02f, back_y + 1.25f,
                hz - 0.1f);
    }
    geo_box(m, cm.metal, -0.42f, back_y + 2.42f, hz - 0.06f, 0.42f, back_y + 2.74f, hz);
    geo_quad(m, exit_sign, vec3_make(0.4f, back_y + 2.44f, hz - 0.061f), vec3_make(-0.8f, 0, 0),
             vec3_make(0, 0.28f, 0));
    geo_box(m, cm.metal, -0.7f, ht - 0.75f, hz - 0.05f, 0.7f, ht - 0.25f, hz);
    geo_quad(m, booth_glass, vec3_make(0.6f, ht - 0.68f, hz - 0.051f), vec3_make(-1.2f, 0, 0),
             vec3_make(0, 0.36f, 0));

    /* dim lights: sconces on the pilasters with a glow on the wall, step lights along the
     * aisles, stars in the ceiling */
    model_node_begin(m, "Lights", root, vec3_make(0, ht * 0.5f, 0));
    for (int side = -1; side <= 1; side += 2)
        for (int i = 0; i < 5; i++) {
            float z = -3.6f + 2.4f * (float)i, x = (float)side * (hx - 0.12f);
            float y = maxf(2.7f, cinema_floor_y(z) + 2.3f);
            float dir = (float)-side; /* towards the room */
            float xa = x + dir * 0.001f, xb = x + dir * 0.12f;
            geo_box(m, cm.metal, minf(xa, xb), y - 0.2f, z - 0.09f, maxf(xa, xb), y + 0.2f,
                    z + 0.09f);
            float xc = x + dir * 0.121f;
            /* the lit face, and the glow it throws on the pilaster and the wall */
            geo_quad(m, sconce, vec3_make(xc, y - 0.17f, z + 0.07f * dir),
                     vec3_make(0, 0, -0.14f * dir), vec3_make(0, 0.34f, 0));
            geo_quad(m, glow, vec3_make(x + dir * 0.005f, y - 1.0f, z + 0.7f * dir),
                     vec3_make(0, 0, -1.4f * dir), vec3_make(0, 2.0f, 0));
        }
    for (int side = -1; side <= 1; side += 2)
        for (int k = 1; k <= CINEMA_ROWS; k++) {
            float z = CINEMA_ROW0_Z + CINEMA_ROW_D * (float)k;
            float xa = (float)side * (hx - 0.9f), xb = (float)side * (hx - 0.15f);
            float y = CINEMA_RISE * (float)k;
            geo_box(m, step_light, minf(xa, xb), y - 0.05f, z - 0.012f, maxf(xa, xb), y - 0.03f,
                    z);
        }
    for (int i = 0; i < 90; i++) {
        float x = (hash2(i, 1, 861) * 2 - 1) * (hx - 0.4f);
        float z = -hz + 1.2f + hash2(i, 2, 861) * (2 * hz - 1.6f);
        float s = 0.008f + 0.01f * hash2(i, 3, 861);
        geo_quad(m, star, vec3_make(x - s, ht - 0.002f, z - s), vec3_make(2 * s, 0, 0),
                 vec3_make(0, 0, 2 * s));
    }
}
