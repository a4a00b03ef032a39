/* booth_stands: the two exhibition stands (security, cloud) as glTF models: a 6 x 4 x 3 m
 * stand centred on the origin, floor at y = 0, open side facing +Z, with signage textures
 * painted here (header lightbox, screen idle picture, counter print, roll-up banner, wall
 * lettering). Colours and words follow the hall panoramas (tools/demo/demo_scenes.c).
 * Main thread only. Included by tools/booth_gen.c. */

typedef enum stand_style { STAND_SECURITY, STAND_CLOUD } stand_style;

typedef struct stand_desc {
    const char *file, *model_name, *name;
    const char *screen_title, *screen_sub, *banner_text, *banner_sub;
    const char *tagline[3], *wall_lines[3];
    uint32_t colour, dark, light, carpet;
    stand_style style;
} stand_desc;

static const stand_desc stand_descs[] = {
    {"booth-security.glb", "BoothSecurity", "SECURITY", "ZERO TRUST",
     "IDENTITY  -  DEVICE CHECKS  -  24/7 SOC", "SECURE", "EVERY PARTNER",
     {"ZERO TRUST", "FOR EVERY", "PARTNER"}, {"PROTECT", "EVERY IDENTITY,", "EVERY DEVICE"},
     0xc0392b, 0x5e1a14, 0xd98b80, 0x45484f,
     STAND_SECURITY},
    {"booth-cloud.glb", "BoothCloud", "CLOUD", "SCALE ANYWHERE",
     "30 REGIONS  -  ONE CONSOLE  -  MIGRATION CREDITS", "SCALE", "30 REGIONS",
     {"RUN IT IN", "30 REGIONS", "WITH ONE CONSOLE"}, {"YOUR CLOUD,", "EVERYWHERE", "AT ONCE"},
     0x2e86de, 0x123b66, 0x8fbce8, 0xc3cad2,
     STAND_CLOUD},
};
#define STAND_COUNT ((int)(sizeof stand_descs / sizeof stand_descs[0]))

/* The stand's mark, `size` pixels tall, centred at (cx, cy): a padlock or a cloud. */
static void draw_logo(image *img, stand_style style, float cx, float cy, float size, colour fg,
                      colour bg)
{
    float s = size;
    if (style == STAND_SECURITY) {
        image_ring(img, cx, cy - 0.14f * s, 0.17f * s, 0.27f * s, fg, 1);
        image_round_rect(img, cx - 0.36f * s, cy - 0.08f * s, cx + 0.36f * s, cy + 0.46f * s,
                         0.07f * s, fg, 1);
        image_ring(img, cx, cy + 0.12f * s, 0, 0.075f * s, bg, 1);
        image_rect(img, cx - 0.03f * s, cy + 0.14f * s, cx + 0.03f * s, cy + 0.3f * s, bg, 1);
    } else {
        image_ring(img, cx - 0.2f * s, cy + 0.06f * s, 0, 0.2f * s, fg, 1);
        image_ring(img, cx + 0.06f * s, cy - 0.08f * s, 0, 0.28f * s, fg, 1);
        image_ring(img, cx + 0.3f * s, cy + 0.1f * s, 0, 0.17f * s, fg, 1);
        image_round_rect(img, cx - 0.4f * s, cy + 0.04f * s, cx + 0.47f * s, cy + 0.27f * s,
                         0.1f * s, fg, 1);
    }
}

/* Name and mark side by side, centred at (cx, cy). */
static void draw_lockup(image *img, const booth_font *f, const stand_desc *sd, float cx,
                        float cy, float cap, colour fg, colour bg)
{
    float logo = cap * 1.45f, gap = cap * 0.5f;
    float tw = text_width_px(f, sd->name, cap, 0.13f);
    float x0 = cx - (logo + gap + tw) * 0.5f;
    draw_logo(img, sd->style, x0 + logo * 0.5f, cy - cap * 0.1f, logo, fg, bg);
    image_text(img, f, sd->name, x0 + logo + gap + tw * 0.5f, cy, cap, 0.13f, fg, 1);
}

static int stand_header_texture(model *m, const booth_font *f, const stand_desc *sd)
{
    colour white = colour_hex(0xf8f7f3), c = colour_hex(sd->colour);
    image img = image_create(1024, 128, white);
    image_rect(&img, 0, 116, 1024, 128, c, 1);
    draw_lockup(&img, f, sd, 512, 58, 54, colour_hex(sd->dark), white);
    int t = model_texture_add(m, "HeaderSign", &img, 3);
    image_free(&img);
    return t;
}

static int stand_screen_texture(model *m, const booth_font *f, const stand_desc *sd,
                                const char *title, const char *sub)
{
    colour c = colour_hex(sd->colour), dark = colour_hex(sd->dark);
    colour navy = colour_hex(0x0c1422), white = colour_hex(0xffffff);
    image img = image_create(1024, 576, navy);
    image_vgradient(&img, 0, 576, colour_mix(dark, navy, 0.35f), navy);
    for (int i = 0; i < 14; i++) /* a faint grid */
        image_rect(&img, (float)i * 80 - 0.5f, 0, (float)i * 80 + 0.5f, 576, white, 0.05f);
    for (int i = 0; i < 8; i++)
        image_rect(&img, 0, (float)i * 80 - 0.5f, 1024, (float)i * 80 + 0.5f, white, 0.05f);
    for (int r = 0; r < 4; r++) /* rings around the mark */
        image_ring(&img, 800, 260, 120.0f + 45.0f * (float)r, 123.0f + 45.0f * (float)r,
                   colour_mix(c, white, 0.3f), 0.45f - 0.1f * (float)r);
    draw_logo(&img, sd->style, 800, 262, 170, white, dark);
    float cap = minf(58, 58 * 560 / text_width_px(f, title, 58, 0.12f)); /* left of the mark */
    float tw = text_width_px(f, title, cap, 0.12f);
    image_text(&img, f, title, 70 + tw * 0.5f, 250 + (58 - cap) * 0.5f, cap, 0.12f, white, 1);
    image_rect(&img, 70, 300, 170, 306, c, 1);
    float sw = text_width_px(f, sub, 17, 0.1f);
    image_text(&img, f, sub, 70 + sw * 0.5f, 340, 17, 0.1f, colour_mix(c, white, 0.6f), 1);
    image_round_rect(&img, 70, 470, 330, 516, 23, c, 1);
    image_text(&img, f, "LIVE DEMO 10:00", 200, 493, 17, 0.11f, white, 1);
    int t = model_texture_add(m, "ScreenIdle", &img, 3);
    image_free(&img);
    return t;
}

static int stand_counter_texture(model *m, const booth_font *f, const stand_desc *sd)
{
    colour c = colour_hex(sd->colour), white = colour_hex(0xffffff);
    image img = image_create(512, 224, c);
    for (int i = 0; i < 6; i++) { /* soft diagonal bands */
        float x = 260.0f + 55.0f * (float)i;
        for (int y = 0; y < 224; y++)
            image_rect(&img, x + (float)y * 0.5f, (float)y, x + (float)y * 0.5f + 24,
                       (float)y + 1, white, 0.06f);
    }
    draw_lockup(&img, f, sd, 256, 100, 40, white, c);
    image_rect(&img, 176, 150, 336, 153, white, 0.8f);
    int t = model_texture_add(m, "CounterPrint", &img, 3);
    image_free(&img);
    return t;
}

static int stand_banner_texture(model *m, const booth_font *f, const stand_desc *sd)
{
    colour c = colour_hex(sd->colour), dark = colour_hex(sd->dark);
    colour white = colour_hex(0xffffff), ink = colour_hex(0x24272d);
    image img = image_create(256, 640, white);
    image_vgradient(&img, 0, 420, c, colour_mix(c, dark, 0.55f));
    for (int y = 300; y < 420; y++) /* a diagonal cut into the white */
        image_rect(&img, 0, (float)y, 256.0f * (float)(y - 300) / 120.0f, (float)y + 1, white,
                   1);
    draw_logo(&img, sd->style, 128, 92, 86, white, c);
    image_text(&img, f, sd->banner_text, 128, 200, 36, 0.13f, white, 1);
    image_text(&img, f, sd->banner_sub, 128, 250, 13, 0.11f, colour_mix(c, white, 0.75f), 1);
    for (int i = 0; i < 3; i++)
        image_text(&img, f, sd->tagline[i], 128, 470.0f + 30.0f * (float)i, 14, 0.11f, ink, 1);
    image_rect(&img, 98, 566, 158, 569, c, 1);
    image_text(&img, f, "PAVILION EXPO", 128, 600, 12, 0.1f, dark, 1);
    int t = model_texture_add(m, "BannerPrint", &img, 3);
    image_free(&img);
    return t;
}

/* White lettering with a transparent background for the back wall. */
static int stand_wall_lettering(model *m, const booth_font *f, const stand_desc *sd)
{
    image mask = image_create(1024, 512, (colour){0, 0, 0});
    colour on = {1, 1, 1};
    for (int i = 0; i < 3; i++) {
        float cap = i == 0 ? 86.0f : 62.0f;
        float w = text_width_px(f, sd->wall_lines[i], cap, 0.12f);
        image_text(&mask, f, sd->wall_lines[i], 40 + w * 0.5f, 110.0f + 140.0f * (float)i, cap,
                   0.12f, on, 1);
    }
    image_rect(&mask, 40, 470, 200, 478, on, 1);
    image img = image_create(1024, 512, colour_hex(0xffffff));
    for (int i = 0; i < 1024 * 512; i++)
        img.px[(size_t)i * 4 + 3] = mask.px[(size_t)i * 4];
    int t = model_texture_add(m, "WallLettering", &img, 4);
    image_free(&img);
    image_free(&mask);
    return t;
}

static void build_stand(model *m, const booth_font *f, const stand_desc *sd)
{
    model_init(m, sd->model_name);
    vec3 o = vec3_make(0, 0, 0);
    int root = model_node_begin(m, sd->model_name, -1, o);
    const float fl = 0.08f; /* platform height */

    texture_set carpet_tex = texture_carpet(m, "Carpet", 0xffffff, 256, 11);
    texture_set fabric_tex = texture_fabric(m, "Fabric", 0xffffff, 256, 48, 21);
    texture_set brushed_tex = texture_brushed(m, "Brushed", 0xffffff, 512, 31);
    texture_set wood_tex = texture_wood(m, "Wood", 0xc8935f, 0x8f5c34, 512, 0, 41);
    int header_tex = stand_header_texture(m, f, sd);
    int screen_tex = stand_screen_texture(m, f, sd, sd->screen_title, sd->screen_sub);
    int counter_tex = stand_counter_texture(m, f, sd);
    int banner_tex = stand_banner_texture(m, f, sd);
    int lettering_tex = stand_wall_lettering(m, f, sd);

    int carpet = model_material_add(m, (material_desc){
        .name = "Carpet", .colour = sd->carpet, .roughness = 0.95f, .base_tex = carpet_tex.base,
        .normal_tex = carpet_tex.normal, .normal_scale = 0.8f, .uv_metres = 0.5f});
    int fabric = model_material_add(m, (material_desc){
        .name = "FabricWall", .colour = sd->colour, .roughness = 0.85f,
        .base_tex = fabric_tex.base, .normal_tex = fabric_tex.normal, .normal_scale = 0.5f,
        .uv_metres = 0.2f});
    int brushed = model_material_add(m, (material_desc){
        .name = "BrushedMetal", .colour = 0xb9bec5, .metallic = 1, .roughness = 0.38f,
        .base_tex = brushed_tex.base, .normal_tex = brushed_tex.normal, .normal_scale = 0.6f,
        .uv_metres = 1.0f});
    int wood = model_material_add(m, (material_desc){
        .name = "Wood", .colour = 0xffffff, .roughness = 0.55f, .base_tex = wood_tex.base,
        .uv_metres = 1.2f});
    prop_materials pm = prop_materials_add(m, wood);
    int glass = model_material_add(m, (material_desc){
        .name = "Glass", .colour = 0xdcebef, .alpha = 0.25f, .roughness = 0.05f, .blend = true,
        .double_sided = true});
    int frost = model_material_add(m, (material_desc){
        .name = "GlassFrost", .colour = 0xf4f6f7, .alpha = 0.6f, .roughness = 0.6f,
        .blend = true, .double_sided = true});
    int header = model_material_add(m, (material_desc){
        .name = "HeaderSign", .colour = 0xffffff, .roughness = 0.4f, .base_tex = header_tex,
        .emissive_tex = header_tex, .emissive = 0xc8c8c8});
    int screen = model_material_add(m, (material_desc){
        .name = "Screen", .colour = 0xffffff, .roughness = 0.2f, .base_tex = screen_tex,
        .emissive_tex = screen_tex, .emissive = 0xffffff});
    int bezel = model_material_add(m, (material_desc){
        .name = "ScreenBezel", .colour = 0x15171a, .metallic = 0.3f, .roughness = 0.35f});
    int counter_print = model_material_add(m, (material_desc){
        .name = "CounterPrint", .colour = 0xffffff, .roughness = 0.5f, .base_tex = counter_tex});
    int banner_print = model_material_add(m, (material_desc){
        .name = "BannerPrint", .colour = 0xffffff, .roughness = 0.6f, .base_tex = banner_tex});
    int banner_back = model_material_add(m, (material_desc){
        .name = "BannerBack", .colour = 0xe9e9e6, .roughness = 0.7f});
    int seat = model_material_add(m, (material_desc){
        .name = "StoolSeat", .colour = sd->colour, .roughness = 0.5f});
    int lettering = model_material_add(m, (material_desc){
        .name = "WallLettering", .colour = 0xffffff, .roughness = 0.8f,
        .base_tex = lettering_tex, .blend = true});
    int lamp = model_material_add(m, (material_desc){
        .name = "SpotLamp", .colour = 0xfff4e0, .roughness = 0.5f, .emissive = 0xfff1d6});
    int accent = model_material_add(m, (material_desc){
        .name = "Accent", .colour = sd->colour, .roughness = 0.45f});

    /* platform: carpet on top, aluminium edge trim */
    model_node_begin(m, "Floor", root, o);
    geo_box_faces(m, carpet, vec3_make(-3, 0, -2), vec3_make(3, fl, 2), FACE_PY);
    geo_box_faces(m, pm.metal, vec3_make(-3, 0, -2), vec3_make(3, fl, 2), FACE_SIDES);

    /* back wall: tensioned fabric in the stand colour, white returns */
    model_node_begin(m, "WallBack", root, vec3_make(0, fl, -1.94f));
    geo_box_faces(m, fabric, vec3_make(-3, fl, -2), vec3_make(3, 3.0f, -1.88f), FACE_PZ);
    geo_box_faces(m, pm.white, vec3_make(-3, fl, -2), vec3_make(3, 3.0f, -1.88f),
                  FACE_ALL & ~FACE_PZ & ~FACE_NY);
    model_node_begin(m, "WallLettering", root, vec3_make(-1.85f, 1.75f, -1.877f));
    geo_quad(m, lettering, vec3_make(-2.8f, 1.28f, -1.877f), vec3_make(1.9f, 0, 0),
             vec3_make(0, 0.95f, 0));

    /* left wall: brushed metal inside, white outside, an accent stripe at the front edge */
    model_node_begin(m, "WallLeft", root, vec3_make(-2.94f, fl, -0.4f));
    vec3 wl0 = vec3_make(-3, fl, -1.88f), wl1 = vec3_make(-2.88f, 2.6f, 1.1f);
    geo_box_faces(m, brushed, wl0, wl1, FACE_PX);
    geo_box_faces(m, pm.white, wl0, wl1, FACE_NX | FACE_PY | FACE_NZ);
    geo_box_faces(m, accent, wl0, wl1, FACE_PZ);
    geo_box(m, accent, -2.879f, fl, 0.98f, -2.872f, 2.6f, 1.1f);

    /* right side: a glass partition between aluminium posts, with a frosted band */
    model_node_begin(m, "Glass", root, vec3_make(2.95f, fl, -0.4f));
    geo_box(m, pm.metal, 2.93f, fl, -1.88f, 2.97f, 2.35f, -1.84f);
    geo_box(m, pm.metal, 2.93f, fl, 1.06f, 2.97f, 2.35f, 1.1f);
    geo_box(m, pm.metal, 2.93f, 2.31f, -1.84f, 2.97f, 2.35f, 1.06f);
    geo_box(m, pm.metal, 2.93f, fl, -1.84f, 2.97f, fl + 0.05f, 1.06f);
    geo_quad(m, glass, vec3_make(2.95f, fl + 0.05f, 1.06f), vec3_make(0, 0, -2.9f),
             vec3_make(0, 2.26f - fl - 0.05f, 0));
    geo_quad(m, frost, vec3_make(2.948f, 1.1f, 1.06f), vec3_make(0, 0, -2.9f),
             vec3_make(0, 0.22f, 0));

    /* header lightbox with the stand's name */
    model_node_begin(m, "Header", root, vec3_make(0, 2.7f, -1.77f));
    geo_box_faces(m, pm.white, vec3_make(-2.4f, 2.4f, -1.88f), vec3_make(2.4f, 3.0f, -1.66f),
                  FACE_ALL & ~FACE_PZ);
    geo_quad(m, header, vec3_make(-2.4f, 2.4f, -1.66f), vec3_make(4.8f, 0, 0),
             vec3_make(0, 0.6f, 0));

    /* the display: 2.0 x 1.125 m, 16:9, the "Screen" material covers exactly the picture */
    vec3 sc = vec3_make(0.55f, 1.73f, -1.82f);
    model_node_begin(m, "Screen", root, sc);
    geo_box(m, bezel, sc.x - 1.03f, sc.y - 0.59f, -1.88f, sc.x + 1.03f, sc.y + 0.59f, sc.z);
    geo_quad(m, screen, vec3_make(sc.x - 1.0f, sc.y - 0.5625f, sc.z + 0.001f),
             vec3_make(2.0f, 0, 0), vec3_make(0, 1.125f, 0));

    /* counter: print on the front, wood top, recessed dark plinth, a tablet */
    vec3 ct = vec3_make(-0.1f, fl, 0.8f);
    model_node_begin(m, "Counter", root, ct);
    float cx0 = ct.x - 1.1f, cx1 = ct.x + 1.1f;
    geo_box(m, pm.dark_metal, cx0 + 0.04f, fl, 0.54f, cx1 - 0.04f, fl + 0.1f, 1.06f);
    geo_box_faces(m, pm.white, vec3_make(cx0, fl + 0.1f, 0.5f), vec3_make(cx1, 1.0f, 1.1f),
                  FACE_ALL & ~FACE_PZ);
    geo_quad(m, counter_print, vec3_make(cx0, fl + 0.1f, 1.1f), vec3_make(2.2f, 0, 0),
             vec3_make(0, 1.0f - fl - 0.1f, 0));
    geo_box(m, wood, cx0 - 0.03f, 1.0f, 0.46f, cx1 + 0.03f, 1.045f, 1.13f);
    geo_box(m, bezel, ct.x + 0.45f, 1.045f, 0.62f, ct.x + 0.75f, 1.06f, 0.84f);
    geo_box(m, pm.white, cx0 + 0.15f, 1.045f, 0.6f, cx0 + 0.45f, 1.07f, 0.8f);

    prop_banner(m, &pm, root, vec3_make(2.25f, fl, 1.35f), -0.35f, banner_print, banner_back);
    prop_high_table(m, &pm, "Table", root, vec3_make(-2.05f, fl, 1.05f), wood);
    prop_stool(m, &pm, "Stool1", root, vec3_make(-2.55f, fl, 1.55f), seat);
    prop_stool(m, &pm, "Stool2", root, vec3_make(-1.55f, fl, 1.6f), seat);
    prop_plant(m, &pm, "Plant", root, vec3_make(-2.45f, fl, -1.35f), 1.5f, 7);

    /* spotlights on arms over the back wall */
    model_node_begin(m, "Lights", root, vec3_make(0, 3.0f, -1.3f));
    for (int i = 0; i < 3; i++)
        prop_spot_arm(m, &pm, lamp, vec3_make(-2.0f + 2.0f * (float)i, 3.0f, -1.88f), 1.3f);

    if (sd->style == STAND_SECURITY) {
        /* an information kiosk by the glass */
        vec3 k = vec3_make(2.2f, fl, -0.9f);
        model_node_begin(m, "Kiosk", root, k);
        model_frame_set(m, k, -0.6f);
        geo_box(m, pm.white, -0.25f, 0, -0.18f, 0.25f, 1.05f, 0.18f);
        geo_box(m, accent, -0.25f, 0.1f, 0.181f, 0.25f, 0.16f, 0.185f);
        int kiosk = model_material_add(m, (material_desc){
            .name = "KioskScreen", .colour = 0xffffff, .roughness = 0.2f, .base_tex = screen_tex,
            .emissive_tex = screen_tex, .emissive = 0xffffff});
        /* the screen leans back towards the visitor */
        m->frame.o = frame_point(&m->frame, vec3_make(0, 1.07f, 0));
        m->frame.y = frame_dir(&m->frame, vec3_norm(vec3_make(0, 0.82f, 0.57f)));
        m->frame.z = vec3_cross(m->frame.x, m->frame.y);
        geo_box(m, bezel, -0.26f, -0.02f, -0.17f, 0.26f, 0.02f, 0.17f);
        geo_quad(m, kiosk, vec3_make(-0.24f, 0.021f, 0.135f), vec3_make(0.48f, 0, 0),
                 vec3_make(0, 0, -0.27f));
        model_frame_reset(m);
    } else {
        /* a cloud sculpture on a slim pole */
        vec3 k = vec3_make(2.2f, fl, -0.9f);
        model_node_begin(m, "CloudSculpture", root, k);
        int cloud = model_material_add(m, (material_desc){
            .name = "CloudWhite", .colour = 0xf5f8fc, .roughness = 0.3f, .emissive = 0x1a2a40});
        geo_cylinder(m, pm.metal, k, 0.18f, 0.18f, 0.03f, 24, true);
        geo_cylinder(m, pm.metal, vec3_add(k, vec3_make(0, 0.03f, 0)), 0.02f, 0.02f, 1.75f, 10,
                     false);
        static const float puffs[][4] = {{-0.28f, 0.0f, 0.0f, 0.22f}, {0.0f, 0.1f, 0.02f, 0.3f},
                                         {0.3f, 0.0f, -0.02f, 0.2f}, {0.12f, -0.06f, 0.12f, 0.2f},
                                         {-0.1f, -0.05f, -0.12f, 0.2f}};
        for (int i = 0; i < 5; i++)
            geo_sphere(m, cloud, vec3_add(k, vec3_make(puffs[i][0], 1.95f + puffs[i][1],
                                                       puffs[i][2])),
                       vec3_make(puffs[i][3], puffs[i][3] * 0.85f, puffs[i][3]), 24, 12);
        prop_plant(m, &pm, "Plant2", root, vec3_make(2.45f, fl, -1.45f), 1.1f, 9);
    }
}
