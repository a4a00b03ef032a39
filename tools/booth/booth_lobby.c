/* booth_lobby: the HQ lobby as a walkable glTF model: a 20 x 14 m room with a 4 m ceiling,
 * closed on all sides (doors are closed leaves in their openings), so first-person walking
 * with collision works. Reception desk in front of a slatted wall with 3D lettering, four
 * columns, a lounge facing a large screen, doors to the hall and the garden, ceiling light
 * panels. Main thread only. Included by tools/booth_gen.c. */

#define LOBBY_HX 10.0f /* half width (x) */
#define LOBBY_HZ 7.0f  /* half depth (z) */
#define LOBBY_H 4.0f
#define LOBBY_WALL 0.2f

static int lobby_screen_texture(model *m, const booth_font *f)
{
    colour navy = colour_hex(0x101a2b), gold = colour_hex(0xf5b041);
    colour white = colour_hex(0xffffff), teal = colour_hex(0x48c9b0);
    image img = image_create(1024, 576, navy);
    image_vgradient(&img, 0, 576, colour_hex(0x1d2a44), navy);
    for (int i = 0; i < 5; i++) /* soft arcs, like the hall's banner */
        image_ring(&img, 1024, 576, 300.0f + 70.0f * (float)i, 330.0f + 70.0f * (float)i,
                   i % 2 ? teal : gold, 0.12f);
    image_text(&img, f, "WELCOME TO", 512, 170, 34, 0.1f, colour_mix(white, gold, 0.4f), 1);
    image_text(&img, f, "PAVILION HQ", 512, 250, 70, 0.12f, white, 1);
    image_rect(&img, 452, 310, 572, 316, gold, 1);
    image_text(&img, f, "PARTNER BRIEFING CENTRE  -  ATRIUM  -  ROOF GARDEN", 512, 360, 17,
               0.1f, colour_mix(white, navy, 0.2f), 1);
    float pill = text_width_px(f, "EXPO SHUTTLE EVERY 15 MIN", 16, 0.11f) * 0.5f + 30;
    image_round_rect(&img, 512 - pill, 430, 512 + pill, 480, 25, gold, 1);
    image_text(&img, f, "EXPO SHUTTLE EVERY 15 MIN", 512, 455, 16, 0.11f, navy, 1);
    int t = model_texture_add(m, "LobbyScreen", &img, 3);
    image_free(&img);
    return t;
}

/* A dark door sign with white text over a gold rule. */
static int lobby_door_sign(model *m, const booth_font *f, const char *name, const char *text)
{
    colour dark = colour_hex(0x24272d), white = colour_hex(0xffffff);
    image img = image_create(512, 128, dark);
    image_rect(&img, 0, 118, 512, 128, colour_hex(0xf5b041), 1);
    image_text(&img, f, text, 256, 60, 50, 0.12f, white, 1);
    int t = model_texture_add(m, name, &img, 3);
    image_free(&img);
    return t;
}

/* An abstract print in the exhibition's colours; `variant` picks the composition. */
static int lobby_artwork_texture(model *m, int variant)
{
    static const uint32_t palette[] = {0xc0392b, 0x2e86de, 0x27ae60, 0xf5b041, 0x8e44ad,
                                       0x1d2a44};
    image img = image_create(320, 224, colour_hex(0xf4efe6));
    char name[32];
    snprintf(name, sizeof name, "Artwork%d", variant + 1);
    for (int i = 0; i < 7; i++) {
        colour c = colour_hex(palette[(i + variant * 2) % 6]);
        float x = 30 + 260 * hash2(i, variant, 91), y = 30 + 164 * hash2(i, variant, 92);
        float r = 18 + 50 * hash2(i, variant, 93);
        if ((i + variant) % 3 == 0)
            image_rect(&img, x - r, y - r * 0.6f, x + r, y + r * 0.6f, c, 0.9f);
        else if ((i + variant) % 3 == 1)
            image_ring(&img, x, y, 0, r, c, 0.85f);
        else
            image_ring(&img, x, y, r * 0.7f, r, c, 0.9f);
    }
    int t = model_texture_add(m, name, &img, 3);
    image_free(&img);
    return t;
}

static int lobby_directory_texture(model *m, const booth_font *f)
{
    colour navy = colour_hex(0x1d2a44), white = colour_hex(0xffffff);
    colour gold = colour_hex(0xf5b041);
    image img = image_create(256, 512, navy);
    image_text(&img, f, "PAVILION", 128, 60, 24, 0.12f, white, 1);
    image_rect(&img, 98, 92, 158, 96, gold, 1);
    static const char *lines[] = {"PLAZA  >", "ATRIUM  >", "ROOF GARDEN", "BRIEFING L2", "RECEPTION"};
    for (int i = 0; i < 5; i++) {
        float y = 160.0f + 62.0f * (float)i;
        image_rect(&img, 24, y + 26, 232, y + 27, white, 0.25f);
        float w = text_width_px(f, lines[i], 17, 0.11f);
        image_text(&img, f, lines[i], 30 + w * 0.5f, y, 17, 0.11f, white, 1);
    }
    int t = model_texture_add(m, "Directory", &img, 3);
    image_free(&img);
    return t;
}

typedef struct lobby_materials {
    int plaster, frame, frosted, sign_letters;
} lobby_materials;

/* A double door filling an opening `w` wide, `h` high, centred at `at` in a wall whose room
 * side faces `yaw` (the frame's +Z points into the room). Behind the frosted leaves a bright
 * panel suggests the space beyond. */
static void lobby_door(model *m, const prop_materials *pm, const lobby_materials *lm,
                       const char *name, int parent, vec3 at, float yaw, float w, float h,
                       int beyond, int sign)
{
    model_node_begin(m, name, parent, vec3_add(at, vec3_make(0, h * 0.5f, 0)));
    model_frame_set(m, at, yaw);
    float hw = w * 0.5f, t = LOBBY_WALL;
    /* the frame lines the opening */
    geo_box(m, lm->frame, -hw, 0, -t, -hw + 0.08f, h, 0.02f);
    geo_box(m, lm->frame, hw - 0.08f, 0, -t, hw, h, 0.02f);
    geo_box(m, lm->frame, -hw, h - 0.08f, -t, hw, h, 0.02f);
    /* two leaves: metal rails around frosted glass, with push bars */
    for (int i = 0; i < 2; i++) {
        float x0 = i ? 0.005f : -hw + 0.08f, x1 = i ? hw - 0.08f : -0.005f;
        float z0 = -t * 0.5f - 0.025f, z1 = -t * 0.5f + 0.025f;
        geo_box(m, lm->frame, x0, 0, z0, x0 + 0.07f, h - 0.08f, z1);
        geo_box(m, lm->frame, x1 - 0.07f, 0, z0, x1, h - 0.08f, z1);
        geo_box(m, lm->frame, x0 + 0.07f, 0, z0, x1 - 0.07f, 0.18f, z1);
        geo_box(m, lm->frame, x0 + 0.07f, h - 0.16f, z0, x1 - 0.07f, h - 0.08f, z1);
        geo_quad(m, lm->frosted, vec3_make(x0 + 0.07f, 0.18f, -t * 0.5f),
                 vec3_make(x1 - x0 - 0.14f, 0, 0), vec3_make(0, h - 0.34f, 0));
        float bx = i ? x0 + 0.12f : x1 - 0.12f;
        geo_cylinder(m, pm->metal, vec3_make(bx, 0.75f, z1 + 0.06f), 0.018f, 0.018f, 0.7f, 10,
                     true);
        geo_box(m, pm->metal, bx - 0.012f, 0.85f, z1, bx + 0.012f, 0.88f, z1 + 0.06f);
        geo_box(m, pm->metal, bx - 0.012f, 1.32f, z1, bx + 0.012f, 1.35f, z1 + 0.06f);
    }
    /* light from beyond, and the sign over the door */
    geo_quad(m, beyond, vec3_make(-hw, 0, -t - 0.4f), vec3_make(w, 0, 0), vec3_make(0, h, 0));
    geo_box_faces(m, lm->plaster, vec3_make(-hw, 0, -t - 0.4f), vec3_make(hw, h, -t),
                  FACE_PX | FACE_NX | FACE_PY | FACE_NY);
    geo_box(m, lm->frame, -0.8f, h + 0.2f, 0, 0.8f, h + 0.6f, 0.06f);
    geo_quad(m, sign, vec3_make(-0.78f, h + 0.22f, 0.061f), vec3_make(1.56f, 0, 0),
             vec3_make(0, 0.36f, 0));
    model_frame_reset(m);
}

static void build_lobby(model *m, const booth_font *f)
{
    model_init(m, "HqLobby");
    vec3 o = vec3_make(0, 0, 0);
    int root = model_node_begin(m, "HqLobby", -1, o);
    const float hx = LOBBY_HX, hz = LOBBY_HZ, ht = LOBBY_H, t = LOBBY_WALL;

    texture_set tiles_tex = texture_floor_tiles(m, "FloorTiles", 0xffffff, 0x9c958a, 1024, 4, 51);
    texture_set plaster_tex = texture_plaster(m, "Plaster", 0xffffff, 256, 61);
    texture_set slats_tex = texture_slats(m, "Slats", 0xc79a6b, 0x9a6d45, 0x2a2420, 512, 8, 71);
    texture_set fabric_tex = texture_fabric(m, "Fabric", 0xffffff, 256, 40, 81);
    texture_set wood_tex = texture_wood(m, "Wood", 0xc8935f, 0x8f5c34, 512, 0, 41);
    texture_set brushed_tex = texture_brushed(m, "Brushed", 0xffffff, 256, 31);
    int screen_tex = lobby_screen_texture(m, f);
    int hall_sign_tex = lobby_door_sign(m, f, "SignHall", "PLAZA  >");
    int garden_sign_tex = lobby_door_sign(m, f, "SignGarden", "ATRIUM");

    int floor = model_material_add(m, (material_desc){
        .name = "FloorTiles", .colour = 0xe6e0d4, .metallic = 1, .roughness = 1,
        .base_tex = tiles_tex.base, .normal_tex = tiles_tex.normal, .orm_tex = tiles_tex.orm,
        .orm_has_metal_rough = true, .uv_metres = 2.4f});
    lobby_materials lm;
    lm.plaster = model_material_add(m, (material_desc){
        .name = "Plaster", .colour = 0xece7de, .roughness = 0.9f, .base_tex = plaster_tex.base,
        .normal_tex = plaster_tex.normal, .normal_scale = 0.4f, .uv_metres = 2.0f});
    int slats = model_material_add(m, (material_desc){
        .name = "WoodSlats", .colour = 0xffffff, .roughness = 0.6f, .base_tex = slats_tex.base,
        .normal_tex = slats_tex.normal, .uv_metres = 0.8f});
    int wood = model_material_add(m, (material_desc){
        .name = "Wood", .colour = 0xffffff, .roughness = 0.5f, .base_tex = wood_tex.base,
        .uv_metres = 1.2f});
    prop_materials pm = prop_materials_add(m, wood);
    int ceiling = model_material_add(m, (material_desc){
        .name = "Ceiling", .colour = 0xf3f1ec, .roughness = 0.95f});
    int light = model_material_add(m, (material_desc){
        .name = "CeilingLight", .colour = 0xffffff, .roughness = 0.5f, .emissive = 0xfff6e6});
    int skirting = model_material_add(m, (material_desc){
        .name = "Skirting", .colour = 0x3a3835, .roughness = 0.5f});
    int solid = model_material_add(m, (material_desc){
        .name = "SolidSurface", .colour = 0xf5f3ef, .roughness = 0.3f});
    int led = model_material_add(m, (material_desc){
        .name = "LedStrip", .colour = 0xffe2b0, .roughness = 0.5f, .emissive = 0xffd9a0});
    int screen = model_material_add(m, (material_desc){
        .name = "Screen", .colour = 0xffffff, .roughness = 0.2f, .base_tex = screen_tex,
        .emissive_tex = screen_tex, .emissive = 0xffffff});
    int bezel = model_material_add(m, (material_desc){
        .name = "ScreenBezel", .colour = 0x15171a, .metallic = 0.3f, .roughness = 0.35f});
    int sofa = model_material_add(m, (material_desc){
        .name = "SofaFabric", .colour = 0x56707a, .roughness = 0.9f, .base_tex = fabric_tex.base,
        .normal_tex = fabric_tex.normal, .normal_scale = 0.6f, .uv_metres = 0.3f});
    int rug = model_material_add(m, (material_desc){
        .name = "Rug", .colour = 0xb8a98f, .roughness = 1, .base_tex = fabric_tex.base,
        .normal_tex = fabric_tex.normal, .uv_metres = 0.2f});
    int rug_border = model_material_add(m, (material_desc){
        .name = "RugBorder", .colour = 0x3d4a52, .roughness = 1, .base_tex = fabric_tex.base,
        .normal_tex = fabric_tex.normal, .uv_metres = 0.2f});
    lm.sign_letters = model_material_add(m, (material_desc){
        .name = "SignLetters", .colour = 0xe0b85a, .metallic = 1, .roughness = 0.3f,
        .base_tex = brushed_tex.base, .normal_tex = brushed_tex.normal, .normal_scale = 0.5f,
        .uv_metres = 0.5f});
    lm.frame = pm.dark_metal;
    lm.frosted = model_material_add(m, (material_desc){
        .name = "FrostedGlass", .colour = 0xeef3f4, .alpha = 0.55f, .roughness = 0.5f,
        .blend = true, .double_sided = true});
    int glass = model_material_add(m, (material_desc){
        .name = "Glass", .colour = 0xdcebef, .alpha = 0.25f, .roughness = 0.05f, .blend = true,
        .double_sided = true});
    int hall_light = model_material_add(m, (material_desc){
        .name = "BeyondHall", .colour = 0xe8edf4, .roughness = 1, .emissive = 0xdfe7f2});
    int garden_light = model_material_add(m, (material_desc){
        .name = "BeyondGarden", .colour = 0xcfe8c0, .roughness = 1, .emissive = 0xbfe0a8});
    int hall_sign = model_material_add(m, (material_desc){
        .name = "SignHall", .colour = 0xffffff, .roughness = 0.4f, .base_tex = hall_sign_tex,
        .emissive_tex = hall_sign_tex, .emissive = 0x808080});
    int garden_sign = model_material_add(m, (material_desc){
        .name = "SignGarden", .colour = 0xffffff, .roughness = 0.4f,
        .base_tex = garden_sign_tex, .emissive_tex = garden_sign_tex, .emissive = 0x808080});

    /* shell: floor, ceiling, four walls outside the room's bounds, door openings */
    model_node_begin(m, "Floor", root, o);
    geo_box_faces(m, floor, vec3_make(-hx - t, -0.1f, -hz - t), vec3_make(hx + t, 0, hz + t),
                  FACE_PY);
    model_node_begin(m, "Ceiling", root, vec3_make(0, ht, 0));
    geo_box_faces(m, ceiling, vec3_make(-hx - t, ht, -hz - t), vec3_make(hx + t, ht + 0.1f,
                  hz + t), FACE_NY);
    const float door_h = 2.8f, hall_w = 2.6f, garden_w = 2.4f, garden_x = 5.0f;
    model_node_begin(m, "WallNorth", root, vec3_make(0, ht * 0.5f, -hz - t * 0.5f));
    geo_box(m, lm.plaster, -hx - t, 0, -hz - t, hx + t, ht, -hz);
    model_node_begin(m, "WallWest", root, vec3_make(-hx - t * 0.5f, ht * 0.5f, 0));
    geo_box(m, lm.plaster, -hx - t, 0, -hz, -hx, ht, hz);
    model_node_begin(m, "WallEast", root, vec3_make(hx + t * 0.5f, ht * 0.5f, 0));
    geo_box(m, lm.plaster, hx, 0, -hz, hx + t, ht, -hall_w * 0.5f);
    geo_box(m, lm.plaster, hx, 0, hall_w * 0.5f, hx + t, ht, hz);
    geo_box(m, lm.plaster, hx, door_h, -hall_w * 0.5f, hx + t, ht, hall_w * 0.5f);
    model_node_begin(m, "WallSouth", root, vec3_make(0, ht * 0.5f, hz + t * 0.5f));
    geo_box(m, lm.plaster, -hx - t, 0, hz, garden_x - garden_w * 0.5f, ht, hz + t);
    geo_box(m, lm.plaster, garden_x + garden_w * 0.5f, 0, hz, hx + t, ht, hz + t);
    geo_box(m, lm.plaster, garden_x - garden_w * 0.5f, door_h, hz, garden_x + garden_w * 0.5f,
            ht, hz + t);
    /* skirting along the walls, broken at the doors */
    model_node_begin(m, "Skirting", root, o);
    geo_box_faces(m, skirting, vec3_make(-hx, 0, -hz), vec3_make(hx, 0.08f, -hz + 0.015f),
                  FACE_PZ | FACE_PY);
    geo_box_faces(m, skirting, vec3_make(-hx, 0, -hz), vec3_make(-hx + 0.015f, 0.08f, hz),
                  FACE_PX | FACE_PY);
    geo_box_faces(m, skirting, vec3_make(hx - 0.015f, 0, -hz), vec3_make(hx, 0.08f,
                  -hall_w * 0.5f), FACE_NX | FACE_PY);
    geo_box_faces(m, skirting, vec3_make(hx - 0.015f, 0, hall_w * 0.5f), vec3_make(hx, 0.08f,
                  hz), FACE_NX | FACE_PY);
    geo_box_faces(m, skirting, vec3_make(-hx, 0, hz - 0.015f), vec3_make(garden_x -
                  garden_w * 0.5f, 0.08f, hz), FACE_NZ | FACE_PY);
    geo_box_faces(m, skirting, vec3_make(garden_x + garden_w * 0.5f, 0, hz - 0.015f),
                  vec3_make(hx, 0.08f, hz), FACE_NZ | FACE_PY);

    /* feature wall of slats behind reception, with the name in 3D letters */
    model_node_begin(m, "SlatWall", root, vec3_make(0, ht * 0.5f, -hz + 0.05f));
    geo_box_faces(m, slats, vec3_make(-4.4f, 0, -hz), vec3_make(4.4f, ht, -hz + 0.1f),
                  FACE_PZ);
    geo_box_faces(m, pm.dark_metal, vec3_make(-4.4f, 0, -hz), vec3_make(4.4f, ht,
                  -hz + 0.1f), FACE_PX | FACE_NX);
    model_node_begin(m, "LobbySign", root, vec3_make(0, 2.6f, -hz + 0.1f));
    model_frame_set(m, vec3_make(0, 2.35f, -hz + 0.1f), 0);
    geo_text(m, lm.sign_letters, f, "PAVILION", 0.55f, 0.11f, 0.06f);
    model_frame_set(m, vec3_make(0, 1.95f, -hz + 0.1f), 0);
    geo_text(m, lm.sign_letters, f, "HEADQUARTERS", 0.16f, 0.1f, 0.03f);
    model_frame_reset(m);

    /* reception: a curved desk, solid surface front, wood top, a glowing plinth */
    vec3 rc = vec3_make(0, 0, -6.7f);
    model_node_begin(m, "Reception", root, vec3_make(0, 0, -4.3f));
    float a0 = -0.62f, a1 = 0.62f;
    geo_ring_sector(m, pm.dark_metal, rc, 2.25f, 2.7f, a0 + 0.02f, a1 - 0.02f, 0, 0.1f, 32);
    geo_ring_sector(m, led, rc, 2.7f, 2.715f, a0 + 0.02f, a1 - 0.02f, 0.1f, 0.125f, 32);
    geo_ring_sector(m, solid, rc, 2.2f, 2.8f, a0, a1, 0.1f, 1.06f, 40);
    geo_ring_sector(m, wood, rc, 2.15f, 2.86f, a0 - 0.01f, a1 + 0.01f, 1.06f, 1.1f, 40);
    geo_ring_sector(m, wood, rc, 1.65f, 2.2f, a0 + 0.05f, a1 - 0.05f, 0.72f, 0.75f, 32);
    for (int i = 0; i < 2; i++) { /* monitors on the work surface */
        float a = i ? 0.25f : -0.25f;
        vec3 at = vec3_add(rc, vec3_make(sinf(a) * 1.95f, 0.75f, cosf(a) * 1.95f));
        model_frame_set(m, at, a + BOOTH_PI);
        geo_box(m, pm.dark_metal, -0.1f, 0, -0.08f, 0.1f, 0.01f, 0.08f);
        geo_box(m, pm.dark_metal, -0.02f, 0.01f, -0.01f, 0.02f, 0.25f, 0.01f);
        geo_box(m, bezel, -0.28f, 0.2f, 0.01f, 0.28f, 0.52f, 0.04f);
    }
    model_frame_reset(m);
    /* an office chair behind the desk */
    vec3 ch = vec3_add(rc, vec3_make(0, 0, 1.3f));
    geo_cylinder(m, pm.dark_metal, ch, 0.3f, 0.3f, 0.03f, 5, true);
    geo_cylinder(m, pm.metal, vec3_add(ch, vec3_make(0, 0.03f, 0)), 0.03f, 0.03f, 0.4f, 10,
                 false);
    geo_box(m, sofa, ch.x - 0.25f, 0.43f, ch.z - 0.25f, ch.x + 0.25f, 0.5f, ch.z + 0.22f);
    geo_box(m, sofa, ch.x - 0.23f, 0.55f, ch.z - 0.3f, ch.x + 0.23f, 1.0f, ch.z - 0.24f);
    geo_box(m, pm.dark_metal, ch.x - 0.03f, 0.45f, ch.z - 0.28f, ch.x + 0.03f, 0.6f,
            ch.z - 0.24f);

    /* pendant lights over the desk */
    model_node_begin(m, "Pendants", root, vec3_make(0, 3.4f, -4.4f));
    for (int i = -1; i <= 1; i++) {
        vec3 p = vec3_make(1.3f * (float)i, 3.05f, -4.3f + 0.2f * (float)(i * i));
        geo_cylinder(m, pm.dark_metal, vec3_add(p, vec3_make(0, 0.3f, 0)), 0.004f, 0.004f,
                     ht - p.y - 0.3f, 6, false);
        geo_cylinder(m, pm.dark_metal, p, 0.22f, 0.05f, 0.3f, 28, true);
        geo_cylinder(m, led, vec3_add(p, vec3_make(0, -0.005f, 0)), 0.2f, 0.2f, 0.006f, 28,
                     true);
    }

    /* four columns */
    static const float columns[4][2] = {{-5.5f, -2.5f}, {5.5f, -2.5f}, {-5.5f, 3.0f},
                                        {5.5f, 3.0f}};
    for (int i = 0; i < 4; i++) {
        char name[16];
        snprintf(name, sizeof name, "Column%d", i + 1);
        vec3 c = vec3_make(columns[i][0], 0, columns[i][1]);
        model_node_begin(m, name, root, vec3_add(c, vec3_make(0, ht * 0.5f, 0)));
        geo_cylinder(m, lm.plaster, c, 0.3f, 0.3f, ht, 40, false);
        geo_cylinder(m, pm.metal, c, 0.33f, 0.33f, 0.12f, 40, true);
        geo_cylinder(m, pm.metal, vec3_add(c, vec3_make(0, ht - 0.06f, 0)), 0.34f, 0.34f,
                     0.06f, 40, true);
    }

    /* the big screen on the west wall, 4.8 x 2.7 m (16:9) */
    vec3 sc = vec3_make(-hx + 0.1f, 2.1f, 0.0f);
    model_node_begin(m, "Screen", root, sc);
    geo_box(m, bezel, -hx, sc.y - 1.4f, sc.z - 2.46f, sc.x, sc.y + 1.4f, sc.z + 2.46f);
    geo_quad(m, screen, vec3_make(sc.x + 0.001f, sc.y - 1.35f, sc.z + 2.4f),
             vec3_make(0, 0, -4.8f), vec3_make(0, 2.7f, 0));

    /* lounge facing the screen */
    model_node_begin(m, "Rug", root, vec3_make(-6.4f, 0, 0));
    geo_box_faces(m, rug_border, vec3_make(-8.2f, 0, -2.2f), vec3_make(-4.6f, 0.012f, 2.2f),
                  FACE_PY | FACE_SIDES);
    geo_box_faces(m, rug, vec3_make(-8.05f, 0.012f, -2.05f), vec3_make(-4.75f, 0.014f, 2.05f),
                  FACE_PY | FACE_SIDES);
    prop_sofa(m, &pm, "Sofa1", root, vec3_make(-4.55f, 0.014f, 0), -BOOTH_PI * 0.5f, 3, sofa);
    prop_sofa(m, &pm, "Sofa2", root, vec3_make(-6.5f, 0.014f, -1.75f), 0, 2, sofa);
    prop_sofa(m, &pm, "Sofa3", root, vec3_make(-6.5f, 0.014f, 1.75f), BOOTH_PI, 2, sofa);
    model_node_begin(m, "CoffeeTable", root, vec3_make(-6.4f, 0, 0));
    geo_box(m, pm.dark_metal, -6.85f, 0.014f, -0.45f, -5.95f, 0.36f, 0.45f);
    geo_box(m, wood, -6.95f, 0.36f, -0.55f, -5.85f, 0.4f, 0.55f);
    geo_box(m, glass, -6.8f, 0.4f, -0.2f, -6.5f, 0.58f, -0.1f);

    /* doors: to the hall (east wall) and the garden (south wall) */
    lobby_door(m, &pm, &lm, "DoorHall", root, vec3_make(hx, 0, 0), -BOOTH_PI * 0.5f, hall_w,
               door_h, hall_light, hall_sign);
    lobby_door(m, &pm, &lm, "DoorGarden", root, vec3_make(garden_x, 0, hz), BOOTH_PI, garden_w,
               door_h, garden_light, garden_sign);

    /* ceiling light panels */
    model_node_begin(m, "CeilingLights", root, vec3_make(0, ht - 0.01f, 0));
    for (int i = 0; i < 4; i++) {
        for (int k = 0; k < 3; k++) {
            float x = -7.5f + 5.0f * (float)i, z = -2.0f + 4.5f * (float)k;
            if (k == 0 && i > 0 && i < 3)
                continue; /* the pendants light the desk */
            geo_box_faces(m, pm.metal, vec3_make(x - 0.64f, ht - 0.03f, z - 0.34f),
                          vec3_make(x + 0.64f, ht, z + 0.34f), FACE_NY | FACE_SIDES);
            geo_quad(m, light, vec3_make(x - 0.6f, ht - 0.031f, z - 0.3f),
                     vec3_make(1.2f, 0, 0), vec3_make(0, 0, 0.6f));
        }
    }

    /* greenery and a bench by the garden door */
    prop_plant(m, &pm, "Plant1", root, vec3_make(-9.3f, 0, -6.3f), 1.9f, 3);
    prop_plant(m, &pm, "Plant2", root, vec3_make(9.3f, 0, -6.3f), 1.9f, 5);
    prop_plant(m, &pm, "Plant3", root, vec3_make(-9.3f, 0, 6.3f), 1.7f, 13);
    prop_plant(m, &pm, "Plant4", root, vec3_make(3.3f, 0, -6.3f), 1.4f, 17);
    prop_plant(m, &pm, "Plant5", root, vec3_make(9.3f, 0, 6.3f), 1.7f, 19);
    /* framed prints on the south and east walls, and a directory by the hall door */
    static const struct {
        float x, z, yaw;
    } prints[] = {{-6.0f, hz, BOOTH_PI}, {-1.8f, hz, BOOTH_PI}, {hx, -4.6f, -BOOTH_PI * 0.5f}};
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "Artwork%d", i + 1);
        int art = model_material_add(m, (material_desc){
            .name = name, .colour = 0xffffff, .roughness = 0.7f,
            .base_tex = lobby_artwork_texture(m, i)});
        vec3 at = vec3_make(prints[i].x, 1.65f, prints[i].z);
        model_node_begin(m, name, root, at);
        model_frame_set(m, at, prints[i].yaw);
        geo_box(m, pm.dark_metal, -0.85f, -0.6f, 0, 0.85f, 0.6f, 0.04f);
        geo_box(m, pm.white, -0.8f, -0.55f, 0.04f, 0.8f, 0.55f, 0.045f);
        geo_quad(m, art, vec3_make(-0.64f, -0.45f, 0.046f), vec3_make(1.28f, 0, 0),
                 vec3_make(0, 0.9f, 0));
    }
    int directory = model_material_add(m, (material_desc){
        .name = "DirectoryScreen", .colour = 0xffffff, .roughness = 0.2f,
        .base_tex = lobby_directory_texture(m, f), .emissive = 0xffffff});
    m->materials[directory].emissive_tex = m->materials[directory].base_tex;
    vec3 dir_at = vec3_make(8.9f, 0, -2.6f);
    model_node_begin(m, "Directory", root, dir_at);
    model_frame_set(m, dir_at, -BOOTH_PI * 0.5f);
    geo_box(m, pm.dark_metal, -0.36f, 0, -0.14f, 0.36f, 1.95f, 0.14f);
    geo_quad(m, directory, vec3_make(-0.3f, 0.75f, 0.141f), vec3_make(0.6f, 0, 0),
             vec3_make(0, 1.15f, 0));
    model_frame_reset(m);

    model_node_begin(m, "Bench", root, vec3_make(0.5f, 0, 6.5f));
    geo_box(m, pm.dark_metal, -0.8f, 0, 6.3f, -0.7f, 0.42f, 6.7f);
    geo_box(m, pm.dark_metal, 1.7f, 0, 6.3f, 1.8f, 0.42f, 6.7f);
    geo_box(m, wood, -0.9f, 0.42f, 6.25f, 1.9f, 0.47f, 6.75f);
}
