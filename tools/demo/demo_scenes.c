/* demo_scenes: the places of the demo exhibition, built as ray tracer scenes, with the
 * hotspots that belong to them. Hotspot directions are computed from the camera to the
 * thing they lead to, so they always sit on it. Main thread only.
 * Included by tools/demo_gen.c. */

#define MAX_HOTSPOTS 16

/* Where a hotspot belongs in a place: the direction from the camera to the thing (a door, a
 * counter, a screen), printed by `pavilion-demo-gen --anchors` for the scene file. */
typedef struct hotspot_def {
    const char *name;   /* what it sits on: a place it leads to, or the thing */
    float yaw, pitch;
} hotspot_def;

typedef struct place_def {
    const char *id;
    float view_yaw, view_pitch;
    hotspot_def hs[MAX_HOTSPOTS];
    int hs_count;
} place_def;

/* ---------------------------------------------------------------- helpers */

static void dir_to(v3 from, v3 to, float *yaw, float *pitch)
{
    v3 d = v_sub(to, from);
    *yaw = (float)(atan2((double)d.x, (double)-d.z) * 180.0 / PV_PI);
    *pitch = (float)(atan2((double)d.y, sqrt((double)(d.x * d.x + d.z * d.z))) * 180.0 / PV_PI);
}

static void anchor(place_def *pd, const scene *s, v3 at, const char *name)
{
    if (pd->hs_count >= MAX_HOTSPOTS)
        return;
    hotspot_def *h = &pd->hs[pd->hs_count++];
    h->name = name;
    dir_to(s->cam, at, &h->yaw, &h->pitch);
}

static void look_at(place_def *pd, const scene *s, v3 at)
{
    dir_to(s->cam, at, &pd->view_yaw, &pd->view_pitch);
}

static void frame_set(scene *s, float x, float y, float z, float th)
{
    s->fo = v3_make(x, y, z);
    s->fth = th;
}
static void frame_reset(scene *s) { frame_set(s, 0, 0, 0, 0); }

/* Angle that turns a frame's +Z toward (tx, tz) from (x, z). */
static float facing(float x, float z, float tx, float tz) { return atan2f(tx - x, tz - z); }

static int m_plain(scene *s, uint32_t hex)
{
    return add_mat(s, (material){.kind = MK_PLAIN, .a = rgb(hex), .sign = -1});
}
static int m_noisy(scene *s, uint32_t hex, float amount, float scale)
{
    return add_mat(s, (material){.kind = MK_PLAIN, .a = rgb(hex), .p1 = amount, .p2 = scale,
                                 .sign = -1});
}
static int m_gloss(scene *s, uint32_t hex, float gloss)
{
    return add_mat(s, (material){.kind = MK_PLAIN, .a = rgb(hex), .gloss = gloss, .sign = -1});
}
static int m_emit(scene *s, uint32_t hex, float power)
{
    return add_mat(s, (material){.kind = MK_EMIT, .a = v3_make(0, 0, 0),
                                 .emit = v_scale(rgb(hex), power), .sign = -1});
}
static int m_kind(scene *s, int kind, uint32_t a, uint32_t b, float p1, float p2, float p3)
{
    return add_mat(s, (material){.kind = kind, .a = rgb(a), .b = rgb(b), .p1 = p1, .p2 = p2,
                                 .p3 = p3, .sign = -1});
}
static int m_mirror(scene *s, int mat, float mirror, float mirror_max, float gloss)
{
    s->mats[mat].mirror = mirror;
    s->mats[mat].mirror_max = mirror_max;
    s->mats[mat].gloss = gloss;
    return mat;
}
/* A sign face: background colour, text in another colour, cap height in metres. */
static int m_sign(scene *s, const char *text, uint32_t bg, uint32_t fg, float cap_h,
                  float text_emit)
{
    return add_mat(s, (material){.kind = MK_SIGN, .a = rgb(bg), .b = rgb(fg),
                                 .sign = text ? add_sign(s, text) : -1, .text_h = cap_h,
                                 .text_color = rgb(fg), .text_emit = text_emit});
}
static int m_glass(scene *s, uint32_t tint, float mu, float mv, float width, uint32_t frame)
{
    return add_mat(s, (material){.kind = MK_GLASS, .a = rgb(tint), .b = rgb(frame), .p1 = mu,
                                 .p2 = mv, .p3 = width, .sign = -1});
}
static int m_facade(scene *s, uint32_t glass, uint32_t frame, float cell, float floor_h,
                    float spandrel)
{
    int m = m_kind(s, MK_FACADE, glass, frame, cell, floor_h, spandrel);
    return m_mirror(s, m, 0.1f, 0.75f, 0.5f);
}

static void tree(scene *s, float x, float z, float h, int bark, int leaves, uint32_t seed)
{
    cyl(s, x, 0, z, 0.13f + h * 0.012f, h * 0.62f, bark);
    float r = h * 0.3f;
    sphere(s, x, h * 0.72f, z, r, leaves);
    for (int i = 0; i < 4; i++) {
        float a = hash2i((int)seed, i, 5) * 6.283f;
        float rr = r * (0.55f + 0.25f * hash2i((int)seed, i, 6));
        sphere(s, x + cosf(a) * r * 0.7f, h * (0.6f + 0.22f * hash2i((int)seed, i, 7)),
               z + sinf(a) * r * 0.7f, rr, leaves);
    }
}

static void potted_plant(scene *s, float x, float z, float size, int pot, int leaves)
{
    cyl(s, x, 0, z, 0.32f * size, 0.75f * size, pot);
    sphere(s, x, 1.25f * size, z, 0.5f * size, leaves);
    sphere(s, x + 0.22f * size, 1.0f * size, z + 0.1f * size, 0.38f * size, leaves);
    sphere(s, x - 0.2f * size, 1.05f * size, z - 0.12f * size, 0.36f * size, leaves);
    sphere(s, x + 0.05f * size, 1.65f * size, z - 0.05f * size, 0.3f * size, leaves);
}

/* A wall along X at z0..z1 from x0 to x1, height y1, with an opening [dx0, dx1] x [0, dy1]. */
static void wall_x_door(scene *s, float x0, float x1, float z0, float z1, float y1, float dx0,
                        float dx1, float dy1, int mat)
{
    box(s, x0, 0, z0, dx0, y1, z1, mat);
    box(s, dx1, 0, z0, x1, y1, z1, mat);
    box(s, dx0, dy1, z0, dx1, y1, z1, mat);
}
/* The same for a wall along Z. */
static void wall_z_door(scene *s, float z0, float z1, float x0, float x1, float y1, float dz0,
                        float dz1, float dy1, int mat)
{
    box(s, x0, 0, z0, x1, y1, dz0, mat);
    box(s, x0, 0, dz1, x1, y1, z1, mat);
    box(s, x0, dy1, dz0, x1, y1, dz1, mat);
}

static void lights_grid(scene *s, float x0, float x1, int nx, float z0, float z1, int nz, float y,
                        v3 color, float range)
{
    for (int i = 0; i < nx; i++)
        for (int k = 0; k < nz; k++) {
            float x = nx > 1 ? x0 + (x1 - x0) * (float)i / (float)(nx - 1) : x0;
            float z = nz > 1 ? z0 + (z1 - z0) * (float)k / (float)(nz - 1) : z0;
            add_light(s, v3_make(x, y, z), color, range);
        }
}

/* ---------------------------------------------------------------- exhibition hall */

typedef struct booth_desc {
    const char *name, *screen_text, *banner_text;
    uint32_t color, dark, light;
    int style;  /* 0 security, 1 cloud, 2 devices, 3 generic */
    float x, z, th;
} booth_desc;

/* A 6 x 4 m stand in its own frame: the open front faces +Z. */
static void booth(scene *s, const booth_desc *b, int white, int wood, int dark_metal)
{
    frame_set(s, b->x, 0, b->z, b->th);
    int wall = m_noisy(s, b->color, 0.06f, 1.5f);
    int floor = m_kind(s, MK_CARPET, b->light, b->light, 0, 0, 0);
    int side = m_kind(s, MK_PANELS, 0xf1f0ec, 0xc9c7c0, 1.0f, 3.0f, 0);
    box(s, -3, 0, -2, 3, 0.08f, 2, floor);
    box(s, -3, 0.08f, -2, 3, 3.6f, -1.8f, wall);
    prim *sl = box(s, -3, 0.08f, -1.8f, -2.85f, 3.1f, 0.7f, side);
    prim *sr = box(s, 2.85f, 0.08f, -1.8f, 3, 3.1f, 0.7f, side);
    int stripe = m_sign(s, NULL, 0xf1f0ec, b->color, 1, 0);
    s->mats[stripe].p2 = 0.5f;
    set_face(sl, FACE_PX, stripe);
    set_face(sr, FACE_NX, stripe);
    /* header with the stand's name, lit from inside */
    prim *hd = box(s, -3.2f, 3.6f, -2.2f, 3.2f, 4.45f, -1.6f, white);
    int hs = m_sign(s, b->name, 0xf7f7f4, b->dark, 0.42f, 0.0f);
    s->mats[hs].p2 = 0.09f;
    s->mats[hs].b = rgb(b->color);
    s->mats[hs].text_dy = 0.04f;
    s->mats[hs].emit = v3_make(0.12f, 0.12f, 0.12f);
    set_face(hd, FACE_PZ, hs);
    /* screen */
    prim *sc = box(s, -1.35f, 1.3f, -1.8f, 1.35f, 2.85f, -1.72f, dark_metal);
    int sm = add_mat(s, (material){.kind = MK_SCREEN, .a = rgb(b->dark), .b = rgb(b->color),
                                   .p1 = (float)b->style, .p2 = 1.5f, .gloss = 0.6f,
                                   .sign = add_sign(s, b->screen_text), .text_h = 0.12f,
                                   .text_dy = -0.5f, .text_color = v3_make(1, 1, 1)});
    set_face(sc, FACE_PZ, sm);
    /* counter */
    prim *ct = box(s, -1.15f, 0.08f, 0.45f, 1.15f, 1.02f, 1.05f, white);
    int cf = m_sign(s, b->name, 0xf4f3ef, b->dark, 0.13f, 0);
    s->mats[cf].p2 = 0.12f;
    s->mats[cf].b = rgb(b->color);
    s->mats[cf].text_dy = 0.1f;
    set_face(ct, FACE_PZ, cf);
    box(s, -1.22f, 1.02f, 0.4f, 1.22f, 1.08f, 1.1f, wood);
    /* roll-up banner */
    prim *bn = box(s, 1.85f, 0.12f, 0.75f, 2.65f, 2.3f, 0.79f, white);
    int bm = m_sign(s, b->banner_text, b->color, 0xffffff, 0.12f, 0.0f);
    s->mats[bm].text_dy = 0.72f;
    s->mats[bm].p2 = 0.55f;
    s->mats[bm].b = rgb(b->dark);
    set_face(bn, FACE_PZ, bm);
    box(s, 1.8f, 0.08f, 0.65f, 2.7f, 0.14f, 0.9f, dark_metal);
    /* a high table and two stools */
    cyl(s, -2.0f, 0.08f, 0.9f, 0.05f, 1.0f, dark_metal);
    cyl(s, -2.0f, 1.08f, 0.9f, 0.38f, 0.04f, white);
    int seat = m_plain(s, b->color);
    cyl(s, -2.45f, 0.08f, 1.45f, 0.04f, 0.7f, dark_metal);
    cyl(s, -2.45f, 0.78f, 1.45f, 0.2f, 0.06f, seat);
    if (b->style == 1) { /* a cloud sculpture over the stand */
        int cloud = m_plain(s, 0xf4f7fb);
        sphere(s, -0.3f, 5.6f, -0.2f, 0.5f, cloud);
        sphere(s, 0.35f, 5.7f, -0.25f, 0.6f, cloud);
        sphere(s, 0.95f, 5.55f, -0.2f, 0.42f, cloud);
        sphere(s, -0.85f, 5.5f, -0.15f, 0.38f, cloud);
        sphere(s, 0.2f, 6.15f, -0.3f, 0.42f, cloud);
        cyl(s, 0.1f, 6.4f, -0.25f, 0.015f, 0.6f, dark_metal);
    } else if (b->style == 2) { /* product pedestals */
        int screen_on = m_emit(s, 0x6ab7ff, 1.1f);
        for (int i = 0; i < 2; i++) {
            float px = -2.2f + 0.0f * (float)i;
            float pz = -1.0f + 0.9f * (float)i;
            box(s, px - 0.3f, 0.08f, pz - 0.3f, px + 0.3f, 1.0f, pz + 0.3f, white);
            prim *dv = box(s, px - 0.18f, 1.0f, pz - 0.02f, px + 0.18f, 1.26f, pz + 0.02f,
                           dark_metal);
            set_face(dv, FACE_PZ, screen_on);
        }
    } else if (b->style == 0) { /* an information kiosk */
        box(s, -2.35f, 0.08f, -0.9f, -1.85f, 1.6f, -0.5f, white);
        prim *k = box(s, -2.3f, 1.0f, -0.5f, -1.9f, 1.5f, -0.47f, dark_metal);
        int ks = add_mat(s, (material){.kind = MK_SCREEN, .a = rgb(b->dark), .b = rgb(b->color),
                                       .p1 = 0, .p2 = 1.3f, .sign = -1});
        set_face(k, FACE_PZ, ks);
    }
    v3 warm = v3_make(5.0f, 4.5f, 3.8f);
    add_light(s, v3_make(-1.6f, 3.3f, 0.6f), warm, 6.0f);
    add_light(s, v3_make(1.6f, 3.3f, 0.6f), warm, 6.0f);
    frame_reset(s);
}

static const booth_desc hall_booths[] = {
    {"SECURITY", "ZERO TRUST", "SECURE", 0xc0392b, 0x5e1a14, 0xd98b80, 0, -7.0f, -3.5f, 0},
    {"CLOUD", "SCALE ANYWHERE", "SCALE", 0x2e86de, 0x123b66, 0x8fbce8, 1, 0.0f, -8.0f, 0},
    {"DEVICES", "SMART DEVICES", "SMART", 0x27ae60, 0x0f4d2a, 0x8fd1a8, 2, 7.0f, -3.5f, 0},
    {"DATA", "INSIGHTS", "DATA", 0x8e44ad, 0x3d1a4d, 0xc39bd3, 3, -11.5f, 7.5f, 0},
    {"AI LAB", "AI LAB", "AI", 0xe67e22, 0x6b3608, 0xf0b27a, 3, 11.5f, 7.5f, 0},
};
#define HALL_CAM_X 0.0f
#define HALL_CAM_Z 3.0f

static float booth_theta(const booth_desc *b)
{
    return facing(b->x, b->z, HALL_CAM_X, HALL_CAM_Z);
}

/* Where the camera stands for a stand place, and the stand's screen centre. */
static v3 booth_point(const booth_desc *b, float lx, float ly, float lz)
{
    float th = booth_theta(b);
    float c = cosf(th), sn = sinf(th);
    return v3_make(b->x + c * lx + sn * lz, ly, b->z - sn * lx + c * lz);
}

static void build_hall(scene *s)
{
    s->exposure = 0.95f;
    s->amb_up = v3_make(0.3f, 0.3f, 0.32f);
    s->amb_down = v3_make(0.13f, 0.13f, 0.14f);
    int carpet = m_kind(s, MK_CARPET, 0x5a6578, 0x5a6578, 0, 0, 0);
    int wall = m_kind(s, MK_PANELS, 0x4a5568, 0x3a4353, 2.4f, 4.0f, 0);
    int wall_low = m_kind(s, MK_PANELS, 0xdcdad4, 0xb0ada6, 1.2f, 3.0f, 0);
    int ceil = m_kind(s, MK_PANELS, 0x30343d, 0x262a31, 3.0f, 3.0f, 0);
    int white = m_gloss(s, 0xf2f1ed, 0.2f);
    int wood = m_kind(s, MK_WOOD, 0xb78457, 0x94633b, 0.12f, 1.6f, 0);
    int metal = m_kind(s, MK_METAL, 0x8d939b, 0, 0, 0, 0);
    s->mats[metal].gloss = 0.4f;
    int dark = m_gloss(s, 0x1c1e22, 0.3f);
    int lamp = m_emit(s, 0xfff3dc, 5.0f);
    /* shell: floor, ceiling, walls (the back one opens to the lobby) */
    box(s, -20, -0.3f, -20, 20, 0, 12, carpet);
    box(s, -20, 9, -20, 20, 9.3f, 12, ceil);
    box(s, -20.3f, 0, -20.3f, 20.3f, 9, -20, wall);
    box(s, -20.3f, 0, -20, -20, 9, 12, wall);
    box(s, 20, 0, -20, 20.3f, 9, 12, wall);
    wall_x_door(s, -20.3f, 20.3f, 12, 12.3f, 9, -2.5f, 2.5f, 3.6f, wall);
    /* a light lower band on the walls */
    box(s, -19.99f, 0, -19.99f, -19.9f, 3.0f, -2.5f, wall_low);
    box(s, -19.99f, 0, 3.5f, -19.9f, 3.0f, 11.99f, wall_low);
    box(s, 19.9f, 0, -19.99f, 19.99f, 3.0f, -2.5f, wall_low);
    box(s, 19.9f, 0, 6.2f, 19.99f, 3.0f, 11.99f, wall_low);
    box(s, -19.99f, 0, -19.99f, 19.99f, 3.0f, -19.9f, wall_low);
    /* trusses with hanging lights */
    for (int t = 0; t < 4; t++) {
        float z = -14.0f + 8.0f * (float)t;
        box(s, -20, 7.6f, z - 0.2f, 20, 8.0f, z + 0.2f, metal);
        for (int i = 0; i < 4; i++) {
            float x = -13.5f + 9.0f * (float)i;
            box(s, x - 0.35f, 7.35f, z - 0.35f, x + 0.35f, 7.6f, z + 0.35f, dark);
            box(s, x - 0.3f, 7.33f, z - 0.3f, x + 0.3f, 7.35f, z + 0.3f, lamp);
            add_light(s, v3_make(x, 7.0f, z), v3_make(27, 26, 24), 15.0f);
        }
    }
    /* doorway back to the lobby, and the lobby beyond it */
    int lobby_floor = m_kind(s, MK_TILES, 0xe9e2d6, 0xb8b0a4, 1.2f, 0, 0);
    int lobby_wall = m_kind(s, MK_SLATS, 0xb98a5a, 0x9a6b40, 0.12f, 0, 0);
    box(s, -6, -0.3f, 12.3f, 6, 0, 22, lobby_floor);
    box(s, -6, 5.5f, 12.3f, 6, 5.8f, 22, m_kind(s, MK_CEILING, 0xf4f2ee, 0xdedbd5, 2.5f, 0,
                                                  0.14f));
    s->mats[s->mat_count - 1].emit = v3_make(4, 3.7f, 3.3f);
    box(s, -6, 0, 22, 6, 5.5f, 22.3f, lobby_wall);
    box(s, -6.3f, 0, 12.3f, -6, 5.5f, 22, m_plain(s, 0xe8e4dc));
    box(s, 6, 0, 12.3f, 6.3f, 5.5f, 22, m_plain(s, 0xe8e4dc));
    add_light(s, v3_make(0, 5.0f, 16.0f), v3_make(12, 11, 10), 12.0f);
    prim *ls = box(s, -2.0f, 3.9f, 11.85f, 2.0f, 4.7f, 12.0f, dark);
    set_face(ls, FACE_NZ, m_sign(s, "LOBBY", 0x20242c, 0xffffff, 0.4f, 3.0f));
    box(s, -2.6f, 0, 11.95f, -2.5f, 3.7f, 12.35f, dark);
    box(s, 2.5f, 0, 11.95f, 2.6f, 3.7f, 12.35f, dark);
    box(s, -2.6f, 3.6f, 11.95f, 2.6f, 3.7f, 12.35f, dark);
    /* stands */
    for (size_t i = 0; i < sizeof hall_booths / sizeof hall_booths[0]; i++) {
        booth_desc b = hall_booths[i];
        b.th = booth_theta(&b);
        booth(s, &b, white, wood, dark);
    }
    /* the central banner */
    for (int i = -1; i <= 1; i += 2)
        cyl(s, 4.6f * (float)i, 7.0f, -1.5f, 0.02f, 0.6f, metal);
    prim *bn = box(s, -5.2f, 5.2f, -1.55f, 5.2f, 7.0f, -1.45f, dark);
    int bm = m_sign(s, "PAVILION EXPO", 0x1d2a44, 0xffffff, 0.72f, 1.6f);
    s->mats[bm].p2 = 0.16f;
    s->mats[bm].b = rgb(0xf5b041);
    s->mats[bm].text_dy = 0.08f;
    set_face(bn, FACE_PZ, bm);
    set_face(bn, FACE_NZ, bm);
    /* the far wall's greeting */
    prim *fw = box(s, -11, 6.3f, -20.0f, 11, 8.3f, -19.9f, wall);
    int fwm = m_sign(s, "GLOBAL PARTNER EXPO", 0x2c3440, 0xf5b041, 0.95f, 1.2f);
    set_face(fw, FACE_PZ, fwm);
    /* cinema on the right wall */
    int curtain = m_kind(s, MK_SLATS, 0x8e1b24, 0x6d121a, 0.22f, 0, 0);
    box(s, 19.8f, 0, -2.0f, 19.95f, 3.4f, 3.0f, curtain);
    box(s, 19.7f, 3.4f, -2.3f, 19.95f, 3.55f, 3.3f, dark);
    box(s, 19.7f, 0, -2.3f, 19.95f, 3.55f, -2.0f, dark);
    box(s, 19.7f, 0, 3.0f, 19.95f, 3.55f, 3.3f, dark);
    prim *cs = box(s, 19.75f, 3.9f, -2.6f, 19.9f, 5.1f, 3.6f, dark);
    int csm = m_sign(s, "CINEMA", 0x141414, 0xff4d4d, 0.7f, 3.5f);
    s->mats[csm].p1 = 0.06f;
    s->mats[csm].b = rgb(0xf5b041);
    set_face(cs, FACE_NX, csm);
    prim *poster = box(s, 19.8f, 0.9f, 4.2f, 19.9f, 2.9f, 5.8f, dark);
    int pm = add_mat(s, (material){.kind = MK_SCREEN, .a = rgb(0x3a0d12), .b = rgb(0xc0392b),
                                   .p1 = 3, .p2 = 1.2f, .sign = add_sign(s, "KEYNOTE"),
                                   .text_h = 0.13f, .text_dy = -0.6f,
                                   .text_color = v3_make(1, 1, 1)});
    set_face(poster, FACE_NX, pm);
    add_light(s, v3_make(18.5f, 4.2f, 0.5f), v3_make(6, 2.5f, 2.2f), 6.0f);
    /* cafe on the left wall */
    prim *cf = box(s, -19.9f, 3.6f, -1.5f, -19.75f, 4.6f, 2.5f, dark);
    set_face(cf, FACE_PX, m_sign(s, "CAFE", 0x2b1d14, 0xffd9a0, 0.6f, 3.0f));
    box(s, -19.9f, 0, -2.0f, -18.6f, 1.05f, 3.0f, wood);
    box(s, -19.9f, 1.05f, -2.1f, -18.5f, 1.1f, 3.1f, white);
    int chair_a = m_plain(s, 0xd35400), chair_b = m_plain(s, 0x16a085);
    for (int i = 0; i < 3; i++) {
        float z = -4.0f + 3.5f * (float)i;
        cyl(s, -15.5f, 0, z, 0.05f, 0.72f, dark);
        cyl(s, -15.5f, 0.72f, z, 0.45f, 0.04f, white);
        cyl(s, -16.1f, 0, z + 0.4f, 0.22f, 0.45f, chair_a);
        cyl(s, -14.9f, 0, z - 0.4f, 0.22f, 0.45f, chair_b);
    }
    int pot = m_plain(s, 0x2f2f33);
    int leaves = m_kind(s, MK_FOLIAGE, 0x2e6b2f, 0x6aa84f, 0, 0, 0);
    potted_plant(s, -18.5f, 5.0f, 1.4f, pot, leaves);
    potted_plant(s, -18.5f, -4.0f, 1.4f, pot, leaves);
    potted_plant(s, 4.0f, 10.8f, 1.3f, pot, leaves);
    potted_plant(s, -4.0f, 10.8f, 1.3f, pot, leaves);
    potted_plant(s, 18.5f, -4.0f, 1.4f, pot, leaves);
    potted_plant(s, 18.5f, 8.0f, 1.4f, pot, leaves);
    add_light(s, v3_make(-17.5f, 4.0f, 0.5f), v3_make(6, 4.6f, 3.2f), 7.0f);
    s->cam = v3_make(HALL_CAM_X, 1.6f, HALL_CAM_Z);
}

static void place_hall(scene *s, place_def *pd)
{
    build_hall(s);
    pd->id = "hall";
    pd->view_yaw = 0;
    pd->view_pitch = 0;
    static const char *stand_ids[] = {"stand-security", "stand-cloud", "stand-devices",
                                      "stand-data", "stand-ai"};
    for (int i = 0; i < 5; i++)
        anchor(pd, s, booth_point(&hall_booths[i], 0, 0.7f, 1.4f), stand_ids[i]);
    anchor(pd, s, v3_make(0, 1.2f, 12.0f), "lobby");
    anchor(pd, s, v3_make(19.8f, 1.7f, 0.5f), "cinema (curtain)");
    anchor(pd, s, v3_make(19.8f, 1.9f, 5.0f), "cinema (keynote poster)");
    anchor(pd, s, v3_make(-18.8f, 1.15f, 0.5f), "cafe");
    anchor(pd, s, v3_make(-12.0f, 5.6f, -19.9f), "info: far wall, left of the greeting");
}

static void place_stand(scene *s, place_def *pd, int which)
{
    static const char *ids[] = {"stand-security", "stand-cloud", "stand-devices", "stand-data",
                                "stand-ai"};
    build_hall(s);
    const booth_desc *b = &hall_booths[which];
    s->cam = booth_point(b, 0.4f, 1.6f, 4.6f);
    pd->id = ids[which];
    look_at(pd, s, booth_point(b, 0, 1.9f, 0));
    pd->view_pitch = 0;
    anchor(pd, s, v3_make(HALL_CAM_X, 0.6f, HALL_CAM_Z), "hall");
    for (int i = 0; i < 5; i++) {
        if (i == which)
            continue;
        anchor(pd, s, booth_point(&hall_booths[i], 0, 0.9f, 1.0f), ids[i]);
    }
    anchor(pd, s, booth_point(b, 0, 2.1f, -1.7f), "info: the stand's screen");
    anchor(pd, s, booth_point(b, 0, 1.05f, 1.05f), "team: the counter top");
}

/* The hall's cafe, seen from a table in front of its counter on the left wall. */
static void place_cafe(scene *s, place_def *pd)
{
    build_hall(s);
    s->cam = v3_make(-15.2f, 1.6f, 1.2f);
    pd->id = "cafe";
    look_at(pd, s, v3_make(-19.9f, 1.6f, 0.5f));
    pd->view_pitch = 0;
    anchor(pd, s, v3_make(HALL_CAM_X, 0.6f, HALL_CAM_Z), "hall");
    anchor(pd, s, v3_make(-18.9f, 1.2f, -1.0f), "info: the counter");
    anchor(pd, s, booth_point(&hall_booths[3], 0, 0.9f, 1.0f), "stand-data");
}

/* ---------------------------------------------------------------- lobby */

static void place_lobby(scene *s, place_def *pd)
{
    s->exposure = 0.82f;
    s->amb_up = v3_make(0.3f, 0.285f, 0.26f);
    s->amb_down = v3_make(0.13f, 0.12f, 0.1f);
    s->sky = true;
    s->sky_seed = 101;
    s->sun = true;
    s->sun_dir = v_norm(v3_make(0.35f, 0.55f, 0.75f));
    s->sun_color = v3_make(1.6f, 1.45f, 1.25f);
    s->has_ground = true;
    s->ground_y = -0.02f;
    s->ground_mat = m_kind(s, MK_GROUND, 0x4d7a34, 0x6e9a44, 0, 0, 0);
    s->fog = 900;
    int floor = m_kind(s, MK_TILES, 0xd9d1c3, 0xa8a094, 1.2f, 0, 0);
    m_mirror(s, floor, 0.06f, 0.5f, 0.3f);
    int ceil = m_kind(s, MK_CEILING, 0xece7df, 0xd6d1c9, 2.5f, 0, 0.14f);
    s->mats[ceil].emit = v3_make(3.6f, 3.4f, 3.0f);
    int slats = m_kind(s, MK_SLATS, 0xb98a5a, 0x9a6b40, 0.12f, 0, 0);
    int plaster = m_noisy(s, 0xe9e5dd, 0.05f, 1.0f);
    int dark = m_gloss(s, 0x24272d, 0.3f);
    int white = m_gloss(s, 0xf3f1ec, 0.25f);
    int wood = m_kind(s, MK_WOOD, 0xb78457, 0x94633b, 0.15f, 1.8f, 0);
    int glass = m_glass(s, 0xe4eef0, 2.0f, 2.75f, 0.035f, 0x3a3f46);
    int paving = m_kind(s, MK_PAVING, 0xcfcac0, 0x8f8a80, 0.9f, 0.45f, 0);
    int pot = m_plain(s, 0x34363b);
    int leaves = m_kind(s, MK_FOLIAGE, 0x2e6b2f, 0x6aa84f, 0, 0, 0);
    int bark = m_kind(s, MK_BARK, 0x5a4634, 0, 0, 0, 0);
    /* shell */
    box(s, -10, -0.3f, -7.3f, 10, 0, 7, floor);
    box(s, -10, 5.5f, -7, 10, 5.8f, 7, ceil);
    wall_x_door(s, -10, 10, -7.3f, -7, 5.5f, -2.5f, 2.5f, 3.6f, slats);
    box(s, -10.3f, 0, -7.3f, -10, 5.5f, 7.3f, plaster);
    wall_z_door(s, -7.3f, 7.3f, 10, 10.3f, 5.5f, -4.5f, -0.5f, 3.0f, plaster);
    box(s, 10.05f, 0, -4.5f, 10.1f, 3.0f, -0.5f, glass);
    box(s, -10, 0, 7.0f, 10, 5.5f, 7.1f, glass);
    box(s, -10, 5.4f, 6.9f, 10, 5.5f, 7.2f, dark);
    /* door frames */
    box(s, -2.62f, 0, -7.35f, -2.5f, 3.72f, -6.95f, dark);
    box(s, 2.5f, 0, -7.35f, 2.62f, 3.72f, -6.95f, dark);
    box(s, -2.62f, 3.6f, -7.35f, 2.62f, 3.72f, -6.95f, dark);
    box(s, 9.95f, 0, -4.62f, 10.35f, 3.1f, -4.5f, dark);
    box(s, 9.95f, 0, -0.5f, 10.35f, 3.1f, -0.38f, dark);
    box(s, 9.95f, 3.0f, -4.62f, 10.35f, 3.1f, -0.38f, dark);
    /* the big sign over the hall doorway */
    prim *sg = box(s, -4.7f, 3.9f, -7.0f, 4.7f, 5.2f, -6.9f, dark);
    int sgm = m_sign(s, "PAVILION EXPO", 0x1d2a44, 0xffffff, 0.56f, 2.6f);
    s->mats[sgm].p2 = 0.07f;
    s->mats[sgm].b = rgb(0xf5b041);
    s->mats[sgm].text_dy = 0.04f;
    set_face(sg, FACE_PZ, sgm);
    /* sign over the HQ door */
    prim *hq = box(s, 9.88f, 3.25f, -4.6f, 9.98f, 4.05f, -0.4f, dark);
    set_face(hq, FACE_NX, m_sign(s, "HQ SHUTTLE", 0x1f6f5c, 0xffffff, 0.34f, 1.8f));
    /* reception */
    float rx = -5.6f, rz = -3.3f;
    frame_set(s, rx, 0, rz, facing(rx, rz, 0, 0));
    prim *desk = box(s, -1.9f, 0, -0.45f, 1.9f, 1.05f, 0.45f, white);
    int dm = m_sign(s, "RECEPTION", 0xf3f1ec, 0x1d2a44, 0.15f, 0);
    s->mats[dm].p2 = 0.1f;
    s->mats[dm].b = rgb(0xb78457);
    s->mats[dm].text_dy = 0.08f;
    set_face(desk, FACE_PZ, dm);
    box(s, -2.0f, 1.05f, -0.55f, 2.0f, 1.1f, 0.55f, wood);
    box(s, 0.5f, 1.1f, -0.3f, 1.0f, 1.45f, -0.27f, dark);
    prim *bd = box(s, -2.8f, 0, -2.0f, 2.8f, 3.5f, -1.8f, white);
    int bdm = m_sign(s, "WELCOME", 0x2f6f73, 0xffffff, 0.5f, 1.2f);
    s->mats[bdm].text_dy = 0.55f;
    s->mats[bdm].p2 = 0.25f;
    s->mats[bdm].b = rgb(0xb78457);
    set_face(bd, FACE_PZ, bdm);
    add_light(s, v3_make(0, 3.4f, 0.8f), v3_make(5, 4.6f, 4.0f), 6);
    frame_reset(s);
    /* columns and plants */
    int column = m_gloss(s, 0xefece6, 0.15f);
    for (int i = -1; i <= 1; i += 2) {
        cyl(s, 3.9f * (float)i, 0, -4.6f, 0.35f, 5.5f, column);
        cyl(s, 3.9f * (float)i, 0, 4.2f, 0.35f, 5.5f, column);
        potted_plant(s, 3.3f * (float)i, -6.35f, 1.2f, pot, leaves);
    }
    potted_plant(s, -9.2f, -6.2f, 1.3f, pot, leaves);
    potted_plant(s, 9.2f, 6.2f, 1.3f, pot, leaves);
    /* a lounge corner */
    int fabric = m_noisy(s, 0x3f5f8a, 0.12f, 12.0f);
    int rug = m_kind(s, MK_CARPET, 0x8a7a66, 0x8a7a66, 0, 0, 0);
    box(s, 3.8f, 0, 2.2f, 8.6f, 0.02f, 5.6f, rug);
    box(s, 8.2f, 0, 2.6f, 9.2f, 0.45f, 5.2f, fabric);
    box(s, 9.0f, 0.45f, 2.6f, 9.3f, 1.0f, 5.2f, fabric);
    box(s, 4.6f, 0, 5.6f, 7.4f, 0.45f, 6.5f, fabric);
    box(s, 4.6f, 0.45f, 6.3f, 7.4f, 1.0f, 6.7f, fabric);
    cyl(s, 6.0f, 0, 3.9f, 0.6f, 0.42f, wood);
    /* lights */
    lights_grid(s, -6.25f, 6.25f, 4, -5.75f, 4.25f, 3, 5.2f, v3_make(4.4f, 4.1f, 3.6f), 11.0f);
    /* the hall seen through the doorway */
    int hall_carpet = m_kind(s, MK_CARPET, 0x4b5a6e, 0x9aa7b8, 0, 0, 0);
    int hall_wall = m_plain(s, 0x3c4656);
    box(s, -14, -0.3f, -30, 14, 0, -7.3f, hall_carpet);
    box(s, -14, 9, -30, 14, 9.3f, -7.3f, m_plain(s, 0x23262c));
    box(s, -14, 0, -30.3f, 14, 9, -30, hall_wall);
    box(s, -14.3f, 0, -30, -14, 9, -7.3f, hall_wall);
    box(s, 14, 0, -30, 14.3f, 9, -7.3f, hall_wall);
    box(s, -3, 0, -24, 3, 3.6f, -23.8f, m_plain(s, 0x2e86de));
    prim *hb = box(s, -3.2f, 3.6f, -24.1f, 3.2f, 4.4f, -23.7f, white);
    set_face(hb, FACE_PZ, m_sign(s, "CLOUD", 0xf7f7f4, 0x123b66, 0.42f, 0));
    static const uint32_t glimpse[4] = {0xc0392b, 0x27ae60, 0x8e44ad, 0xe67e22};
    static const float gx[4] = {-6.5f, 6.5f, -11.0f, 11.0f}, gz[4] = {-17, -17, -26, -26};
    for (int i = 0; i < 4; i++) {
        box(s, gx[i] - 2.5f, 0, gz[i] - 0.2f, gx[i] + 2.5f, 3.4f, gz[i], m_plain(s, glimpse[i]));
        box(s, gx[i] - 2.6f, 3.4f, gz[i] - 0.3f, gx[i] + 2.6f, 4.1f, gz[i] + 0.1f, white);
        box(s, gx[i] - 2.5f, 0, gz[i], gx[i] + 2.5f, 0.06f, gz[i] + 3, m_plain(s, 0x8795a8));
    }
    lights_grid(s, -8, 8, 2, -22, -12, 2, 7.5f, v3_make(22, 21, 19), 14);
    /* outside: plaza and trees behind the glass front and the HQ door */
    box(s, -40, -0.3f, 7.1f, 40, 0, 40, paving);
    box(s, 10.3f, -0.3f, -12, 40, 0, 7.1f, paving);
    tree(s, -6, 12, 6.5f, bark, leaves, 1);
    tree(s, 3, 14, 7.0f, bark, leaves, 2);
    tree(s, 12, 10, 6.0f, bark, leaves, 3);
    tree(s, 15, -6, 6.5f, bark, leaves, 4);
    tree(s, 16, 1, 5.5f, bark, leaves, 5);
    int far = m_kind(s, MK_WINDOWS, 0, 0xc9c4ba, 1.8f, 3.4f, 0.25f);
    box(s, -30, 0, 26, 10, 22, 40, far);
    box(s, 14, 0, 24, 40, 14, 40, far);
    s->cam = v3_make(0, 1.6f, 0);
    pd->id = "lobby";
    pd->view_yaw = 0;
    pd->view_pitch = 0;
    anchor(pd, s, v3_make(0, s->cam.y - tanf(5.0f * (float)PV_PI / 180.0f) * 7.0f, -7.0f),
            "hall");
    anchor(pd, s, v3_make(10.0f, 1.3f, -2.5f), "hq-entrance");
    anchor(pd, s, v3_make(-5.4f, 1.15f, -3.0f), "info: the reception desk");
    anchor(pd, s, v3_make(6.0f, 1.0f, 4.2f), "info: the lounge");
}

/* ---------------------------------------------------------------- headquarters */

static void outdoor_light(scene *s, v3 sun_dir)
{
    s->exposure = 0.8f;
    s->sky = true;
    s->sky_seed = 77;
    s->sun = true;
    s->sun_dir = v_norm(sun_dir);
    s->sun_color = v3_make(2.3f, 2.12f, 1.85f);
    s->amb_up = v3_make(0.42f, 0.5f, 0.62f);
    s->amb_down = v3_make(0.2f, 0.2f, 0.18f);
    s->fog = 350;
}

static void skyline(scene *s, float radius, float base, uint32_t seed, float skip_from,
                    float skip_to)
{
    int win_a = m_kind(s, MK_WINDOWS, 0, 0xc9c4ba, 1.6f, 3.4f, 0.3f);
    int win_b = m_kind(s, MK_WINDOWS, 0, 0x9aa3ad, 1.4f, 3.2f, 0.22f);
    int win_c = m_kind(s, MK_WINDOWS, 0, 0xd8cdb8, 2.0f, 3.6f, 0.35f);
    int mats[3] = {win_a, win_b, win_c};
    for (int i = 0; i < 26; i++) {
        float a = ((float)i + 0.5f * hash2i(i, 1, seed)) / 26.0f * 6.2832f;
        float deg = a * 180.0f / (float)PV_PI;
        if (deg > skip_from && deg < skip_to)
            continue;
        float r = radius * (0.8f + 0.5f * hash2i(i, 2, seed));
        float x = sinf(a) * r, z = -cosf(a) * r;
        float w = 14 + 18 * hash2i(i, 3, seed), d = 14 + 14 * hash2i(i, 4, seed);
        float h = 18 + 60 * hash2i(i, 5, seed) * hash2i(i, 6, seed) + 10 * hash2i(i, 7, seed);
        frame_set(s, x, 0, z, facing(x, z, 0, 0));
        box(s, -w * 0.5f, base, -d * 0.5f, w * 0.5f, h, d * 0.5f, mats[i % 3]);
    }
    frame_reset(s);
}

static void place_hq_entrance(scene *s, place_def *pd)
{
    outdoor_light(s, v3_make(-0.45f, 0.6f, 0.65f));
    s->has_ground = true;
    s->ground_y = 0;
    s->ground_mat = m_kind(s, MK_GROUND, 0x3f6f2a, 0x6e9a44, 0, 0, 0);
    int paving = m_kind(s, MK_PAVING, 0xb9b4aa, 0x7f7a72, 0.9f, 0.45f, 0);
    int asphalt = m_noisy(s, 0x3c3d40, 0.2f, 3.0f);
    int facade = m_facade(s, 0x2b3d55, 0xd9dde2, 1.5f, 3.6f, 0.9f);
    int concrete = m_noisy(s, 0xcfcdc8, 0.08f, 0.8f);
    int white = m_gloss(s, 0xf1f1ee, 0.2f);
    int dark = m_gloss(s, 0x24272d, 0.3f);
    int metal = m_kind(s, MK_METAL, 0x8d939b, 0, 0, 0, 0);
    int bark = m_kind(s, MK_BARK, 0x5a4634, 0, 0, 0, 0);
    int leaves = m_kind(s, MK_FOLIAGE, 0x2f6a2a, 0x74a94a, 0, 0, 0);
    int hedge = m_kind(s, MK_FOLIAGE, 0x285a24, 0x5d8f3c, 1, 0, 0);
    int wood = m_kind(s, MK_WOOD, 0xa8744a, 0x8a5a34, 0.1f, 2.0f, 0);
    int lamp = m_emit(s, 0xfff1d6, 2.0f);
    /* plaza, road */
    box(s, -12, -0.1f, -22, 12, 0.02f, 15, paving);
    box(s, -70, -0.1f, 16, 70, 0.01f, 24, asphalt);
    box(s, -70, -0.1f, 15, 70, 0.03f, 16, concrete);
    /* main building */
    prim *mb = box(s, -24, 0, -46, 24, 16.5f, -22, concrete);
    set_face(mb, FACE_PZ, facade);
    prim *band = box(s, -24.3f, 16.5f, -46, 24.3f, 18.6f, -21.8f, white);
    int bandm = m_sign(s, "PAVILION HQ", 0xf1f1ee, 0x1d2a44, 1.15f, 0);
    set_face(band, FACE_PZ, bandm);
    /* entrance: canopy, doors, columns */
    prim *cn = box(s, -6.5f, 4.0f, -22, 6.5f, 4.6f, -16.5f, white);
    int cnm = m_sign(s, "ENTRANCE", 0xf1f1ee, 0x1d2a44, 0.3f, 0);
    set_face(cn, FACE_PZ, cnm);
    for (int i = -1; i <= 1; i += 2)
        cyl(s, 6.0f * (float)i, 0.02f, -17.0f, 0.16f, 3.98f, metal);
    int doors = m_facade(s, 0x1a2230, 0x5a6068, 1.5f, 4.0f, 0.0f);
    box(s, -4.5f, 0, -22.05f, 4.5f, 4.0f, -21.95f, doors);
    add_light(s, v3_make(0, 3.6f, -19.5f), v3_make(6, 5.5f, 4.8f), 8);
    /* side wing and a lower pavilion */
    prim *wing = box(s, 27, 0, -46, 50, 12, -6, concrete);
    set_face(wing, FACE_NX, m_facade(s, 0x2f4660, 0xe2e0da, 1.8f, 3.6f, 1.0f));
    prim *pav = box(s, -50, 0, -40, -28, 7.5f, -12, concrete);
    set_face(pav, FACE_PX, m_kind(s, MK_WINDOWS, 0, 0xb9a58c, 2.4f, 3.6f, 0.35f));
    /* planters with hedges along the path, benches, lamps */
    for (int i = -1; i <= 1; i += 2) {
        float x = 4.2f * (float)i;
        box(s, x - 0.5f, 0, -15, x + 0.5f, 0.55f, -5, concrete);
        box(s, x - 0.42f, 0.55f, -14.9f, x + 0.42f, 1.1f, -5.1f, hedge);
        box(s, x - 0.25f + 1.2f * (float)i, 0, -10.5f, x + 0.25f + 1.2f * (float)i, 0.42f,
            -8.5f, wood);
        cyl(s, 6.0f * (float)i, 0.02f, -3.5f, 0.07f, 4.2f, dark);
        sphere(s, 6.0f * (float)i, 4.35f, -3.5f, 0.2f, lamp);
        cyl(s, 6.0f * (float)i, 0.02f, 6.5f, 0.07f, 4.2f, dark);
        sphere(s, 6.0f * (float)i, 4.35f, 6.5f, 0.2f, lamp);
    }
    /* trees */
    tree(s, -9, -4, 7.0f, bark, leaves, 11);
    tree(s, 9, -5, 6.5f, bark, leaves, 12);
    tree(s, -9.5f, -14, 7.5f, bark, leaves, 13);
    tree(s, 9.5f, -15, 7.0f, bark, leaves, 14);
    tree(s, -16, 4, 8.0f, bark, leaves, 15);
    tree(s, 17, 6, 7.5f, bark, leaves, 16);
    tree(s, -20, -12, 8.5f, bark, leaves, 17);
    tree(s, 20, -2, 6.5f, bark, leaves, 18);
    tree(s, -10, 10, 6.0f, bark, leaves, 19);
    tree(s, 10, 11, 6.5f, bark, leaves, 20);
    /* shuttle stop and bus behind the camera */
    box(s, -11.2f, 2.6f, 12.2f, -4.8f, 2.8f, 14.4f, white);
    int shelter_glass = m_glass(s, 0xdbe8ec, 1.6f, 0, 0.03f, 0x5a6068);
    box(s, -11.0f, 0.02f, 14.2f, -5.0f, 2.6f, 14.28f, shelter_glass);
    for (int i = -1; i <= 1; i += 2)
        cyl(s, -8.0f + 3.0f * (float)i, 0.02f, 14.2f, 0.06f, 2.6f, dark);
    box(s, -10.0f, 0.02f, 13.6f, -6.0f, 0.48f, 14.0f, wood);
    cyl(s, 4.0f, 0.02f, 12.6f, 0.06f, 3.2f, dark);
    prim *st = box(s, 4.06f, 2.5f, 12.55f, 8.2f, 3.3f, 12.65f, dark);
    int stm = m_sign(s, "EXPO SHUTTLE", 0x1f6f5c, 0xffffff, 0.3f, 0.6f);
    set_face(st, FACE_NZ, stm);
    set_face(st, FACE_PZ, stm);
    prim *bus = box(s, -7, 0.45f, 17.2f, 5, 3.3f, 19.7f, white);
    int busm = m_sign(s, "PAVILION EXPO SHUTTLE", 0xf1f1ee, 0x1d2a44, 0.32f, 0);
    s->mats[busm].p2 = 0.55f;
    s->mats[busm].b = rgb(0x2e86de);
    s->mats[busm].text_dy = -0.45f;
    set_face(bus, FACE_NZ, busm);
    int bus_glass = m_facade(s, 0x1a2230, 0x1a1c20, 1.4f, 2.0f, 0.0f);
    box(s, -6.6f, 2.0f, 17.15f, 4.6f, 3.0f, 17.2f, bus_glass);
    box(s, -6.8f, 0.1f, 17.3f, 4.8f, 0.5f, 19.6f, dark);
    skyline(s, 150, 0, 7, 150, 210);
    s->cam = v3_make(0, 1.6f, 0);
    pd->id = "hq-entrance";
    pd->view_yaw = 0;
    pd->view_pitch = 4;
    anchor(pd, s, v3_make(0, 1.3f, -22), "hq-atrium");
    anchor(pd, s, v3_make(-1.0f, 1.6f, 17.2f), "lobby");
    anchor(pd, s, v3_make(10.3f, 17.5f, -22), "info: the facade, right of PAVILION HQ");
}

static void place_hq_atrium(scene *s, place_def *pd)
{
    outdoor_light(s, v3_make(0.35f, 0.85f, 0.4f));
    s->sun_color = v3_make(1.6f, 1.5f, 1.3f);
    s->sky_seed = 300;
    s->exposure = 0.85f;
    s->amb_up = v3_make(0.4f, 0.42f, 0.45f);
    s->amb_down = v3_make(0.2f, 0.19f, 0.17f);
    s->fog = 600;
    s->has_ground = true;
    s->ground_y = -0.02f;
    s->ground_mat = m_kind(s, MK_GROUND, 0x3f6f2a, 0x6e9a44, 0, 0, 0);
    int floor = m_kind(s, MK_TILES, 0xc9c5be, 0x9d9992, 1.5f, 0.94f, 0);
    m_mirror(s, floor, 0.02f, 0.5f, 0.3f);
    int white = m_noisy(s, 0xf0efeb, 0.04f, 1.0f);
    int offices = m_facade(s, 0x3a4656, 0xf0efeb, 1.8f, 5.0f, 1.1f);
    m_mirror(s, offices, 0.0f, 0.6f, 0.5f);  /* only grazing reflections: they cost a ray */
    int roof = m_glass(s, 0xdde7ea, 2.0f, 2.0f, 0.05f, 0xe9e9e6);
    int front_glass = m_glass(s, 0xe0eaec, 2.0f, 3.5f, 0.04f, 0x3a3f46);
    int balustrade = m_glass(s, 0xe6eef0, 0, 0, 0, 0);
    int metal = m_kind(s, MK_METAL, 0xa7adb4, 0, 0, 0, 0);
    int wood = m_kind(s, MK_WOOD, 0xb78457, 0x94633b, 0.12f, 1.8f, 0);
    int bark = m_kind(s, MK_BARK, 0x5a4634, 0, 0, 0, 0);
    int leaves = m_kind(s, MK_FOLIAGE, 0x2f6a2a, 0x74a94a, 0, 0, 0);
    int hedge = m_kind(s, MK_FOLIAGE, 0x285a24, 0x5d8f3c, 1, 0, 0);
    int paving = m_kind(s, MK_PAVING, 0xd2cdc3, 0x8f8a80, 0.9f, 0.45f, 0);
    /* shell */
    box(s, -12, -0.3f, -14, 12, 0, 10, floor);
    box(s, -12, 16, -14, 12, 16.1f, 10, roof);
    for (int i = 0; i < 3; i++) {
        float z = -8.0f + 8.0f * (float)i;
        box(s, -12, 15.7f, z - 0.08f, 12, 16.0f, z + 0.08f, white);
    }
    prim *lw = box(s, -12.3f, 0, -14.3f, -12, 16, 10.3f, white);
    set_face(lw, FACE_PX, offices);
    prim *rw = box(s, 12, 0, -14.3f, 12.3f, 16, 10.3f, white);
    set_face(rw, FACE_NX, offices);
    /* galleries */
    for (int f = 1; f <= 2; f++) {
        float y = 5.0f * (float)f;
        for (int sd = -1; sd <= 1; sd += 2) {
            float x0 = sd < 0 ? -12.0f : 9.0f, x1 = sd < 0 ? -9.0f : 12.0f;
            float xe = sd < 0 ? -9.0f : 9.0f;
            box(s, x0, y - 0.45f, -14, x1, y, 10, white);
            box(s, xe - 0.03f, y, -14, xe + 0.03f, y + 1.05f, 10, balustrade);
            box(s, xe - 0.05f, y + 1.05f, -14, xe + 0.05f, y + 1.12f, 10, metal);
            add_light(s, v3_make(xe - 1.5f * (float)sd, y - 0.8f, -2), v3_make(8, 7.4f, 6.5f),
                      9);
        }
    }
    /* front: glass to the garden, WELCOME above */
    box(s, -12, 0, -14.1f, 12, 7, -14.0f, front_glass);
    box(s, -12, 7, -14.4f, 12, 16, -14.1f, white);
    prim *wl = box(s, -7.5f, 8.4f, -14.1f, 7.5f, 10.8f, -14.05f, white);
    int wlm = m_sign(s, "WELCOME", 0xf0efeb, 0x1f6f5c, 1.35f, 0);
    set_face(wl, FACE_PZ, wlm);
    prim *wl2 = box(s, -5.0f, 7.5f, -14.1f, 5.0f, 8.2f, -14.05f, white);
    set_face(wl2, FACE_PZ, m_sign(s, "TO THE GARDEN", 0xf0efeb, 0x5d6d7e, 0.3f, 0));
    /* back: glass to the plaza */
    box(s, -12, 0, 10.0f, 12, 6, 10.1f, front_glass);
    box(s, -12, 6, 10.1f, 12, 16, 10.4f, white);
    prim *bs = box(s, -2.5f, 6.6f, 10.05f, 2.5f, 7.6f, 10.1f, white);
    set_face(bs, FACE_NZ, m_sign(s, "PLAZA", 0xf0efeb, 0x1d2a44, 0.4f, 0));
    /* information desk */
    float dx = 4.5f, dz = -3.0f;
    prim *desk = cyl(s, dx, 0, dz, 1.3f, 1.05f, m_gloss(s, 0xf4f3ef, 0.2f));
    int dm = m_sign(s, "INFO", 0xf4f3ef, 0x1f6f5c, 0.2f, 0);
    s->mats[dm].text_dx = atan2f(0 - dx, 0 - dz) * 1.3f;
    s->mats[dm].text_dy = 0.1f;
    set_face(desk, 0, dm);
    cyl(s, dx, 1.05f, dz, 1.38f, 0.06f, wood);
    /* an indoor tree with a round bench */
    float tx = -4.5f, tz = -5.0f;
    cyl(s, tx, 0, tz, 1.8f, 0.45f, wood);
    cyl(s, tx, 0.45f, tz, 1.5f, 0.2f, m_kind(s, MK_GROUND, 0x4a3a2a, 0x5c4a35, 0, 0, 0));
    cyl(s, tx, 0.6f, tz, 0.22f, 4.2f, bark);
    for (int i = 0; i < 9; i++) {
        float a = (float)i * 2.4f, r = i == 0 ? 0.0f : 1.2f + 0.5f * hash2i(i, 3, 99);
        float y = 4.6f + 1.8f * hash2i(i, 4, 99) + (i == 0 ? 1.0f : 0.0f);
        float rad = i == 0 ? 1.7f : 1.0f + 0.4f * hash2i(i, 5, 99);
        sphere(s, tx + cosf(a) * r, y, tz + sinf(a) * r, rad, leaves);
    }
    /* benches */
    box(s, 2.0f, 0, 4.0f, 5.0f, 0.45f, 4.6f, wood);
    box(s, -5.0f, 0, 4.0f, -2.0f, 0.45f, 4.6f, wood);
    /* garden outside */
    box(s, -40, -0.3f, -60, 40, 0, -14.4f, m_kind(s, MK_GROUND, 0x4a7f32, 0x6e9a44, 0, 0, 0));
    box(s, -3, -0.29f, -40, 3, 0.01f, -14.4f, paving);
    for (int i = -1; i <= 1; i += 2) {
        box(s, 3.5f * (float)i - 0.4f, 0, -30, 3.5f * (float)i + 0.4f, 0.9f, -16, hedge);
        tree(s, 8.0f * (float)i, -20, 7.0f, bark, leaves, (uint32_t)(30 + i));
        tree(s, 6.0f * (float)i, -30, 8.0f, bark, leaves, (uint32_t)(33 + i));
        tree(s, 14.0f * (float)i, -26, 7.5f, bark, leaves, (uint32_t)(36 + i));
    }
    box(s, -40, 0, -45, 40, 3.0f, -44, hedge);
    /* plaza outside the back */
    box(s, -40, -0.3f, 10.4f, 40, 0, 50, paving);
    tree(s, -6, 16, 7.0f, bark, leaves, 40);
    tree(s, 7, 18, 7.5f, bark, leaves, 41);
    skyline(s, 160, 0, 9, -60, 60);
    s->cam = v3_make(0, 1.6f, 0);
    pd->id = "hq-atrium";
    pd->view_yaw = 0;
    pd->view_pitch = 8;
    anchor(pd, s, v3_make(0, 1.2f, -14.0f), "hq-garden");
    anchor(pd, s, v3_make(0, 1.2f, 10.0f), "hq-entrance");
    anchor(pd, s, v3_make(dx, 1.4f, dz), "info: the info desk");
    anchor(pd, s, v3_make(0, 15.5f, -4.0f), "info: the glass roof");
}

static void place_hq_garden(scene *s, place_def *pd)
{
    outdoor_light(s, v3_make(0.55f, 0.55f, 0.6f));
    s->sky_seed = 555;
    s->has_ground = true;
    s->ground_y = -40;
    s->ground_mat = m_kind(s, MK_GROUND, 0x56704a, 0x7d8a70, 0, 0, 0);
    s->fog = 420;
    int deck = m_kind(s, MK_WOOD, 0x9c7a5c, 0x7e5e44, 0.14f, 3.0f, 0);
    int concrete = m_noisy(s, 0xcfcdc8, 0.08f, 0.8f);
    int planter = m_kind(s, MK_WOOD, 0x6d5037, 0x5a3f2a, 0.2f, 2.4f, 0);
    int glass = m_glass(s, 0xe2ecee, 1.5f, 0, 0.025f, 0x6a7078);
    int metal = m_kind(s, MK_METAL, 0x8d939b, 0, 0, 0, 0);
    int bark = m_kind(s, MK_BARK, 0x5a4634, 0, 0, 0, 0);
    int leaves = m_kind(s, MK_FOLIAGE, 0x2f6a2a, 0x74a94a, 0, 0, 0);
    int flowers = m_kind(s, MK_FOLIAGE, 0x2b5e26, 0x6aa04a, 1, 0, 0);
    int grass = m_kind(s, MK_GROUND, 0x4f7d36, 0x6f9446, 1.2f, 0, 0);
    int white = m_gloss(s, 0xf1f1ee, 0.2f);
    int cushion = m_noisy(s, 0xe67e22, 0.1f, 10.0f);
    int facade = m_facade(s, 0x2b3d55, 0xd9dde2, 1.5f, 3.6f, 0.9f);
    /* terrace */
    box(s, -16, -0.4f, -14, 16, 0, 9, deck);
    box(s, -16.5f, -40, -14.5f, 16.5f, -0.4f, 9, concrete);
    box(s, 3, 0, -11, 12, 0.06f, -3, grass);
    /* railing */
    box(s, -16, 0, -14.05f, 16, 1.1f, -13.95f, glass);
    box(s, -16.05f, 0, -14, -15.95f, 1.1f, 9, glass);
    box(s, 15.95f, 0, -14, 16.05f, 1.1f, 9, glass);
    box(s, -16.05f, 1.1f, -14.08f, 16.05f, 1.16f, -13.92f, metal);
    box(s, -16.08f, 1.1f, -14, -15.92f, 1.16f, 9, metal);
    box(s, 15.92f, 1.1f, -14, 16.08f, 1.16f, 9, metal);
    /* planters with hedges and flowers */
    box(s, -15.5f, 0, -13.5f, -13.5f, 0.7f, 6, planter);
    box(s, -15.4f, 0.7f, -13.4f, -13.6f, 1.4f, 5.9f, flowers);
    box(s, 13.5f, 0, -13.5f, 15.5f, 0.7f, -2, planter);
    box(s, 13.6f, 0.7f, -13.4f, 15.4f, 1.3f, -2.1f, flowers);
    for (int i = 0; i < 4; i++) {
        float x = -9.0f + 6.0f * (float)i;
        box(s, x - 1.0f, 0, -13.4f, x + 1.0f, 0.8f, -11.6f, planter);
        tree(s, x, -12.5f, 4.5f + 0.8f * (float)(i & 1), bark, leaves, (uint32_t)(50 + i));
    }
    /* pergola with seating */
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 2; k++)
            box(s, -11.0f + 3.5f * (float)i - 0.08f, 0, -8.0f + 5.0f * (float)k - 0.08f,
                -11.0f + 3.5f * (float)i + 0.08f, 2.8f, -8.0f + 5.0f * (float)k + 0.08f, white);
    for (int k = 0; k < 2; k++)
        box(s, -11.3f, 2.8f, -8.0f + 5.0f * (float)k - 0.1f, -3.7f, 3.0f,
            -8.0f + 5.0f * (float)k + 0.1f, white);
    for (int i = 0; i < 12; i++) {
        float x = -11.0f + 0.65f * (float)i;
        box(s, x - 0.05f, 3.0f, -8.4f, x + 0.05f, 3.18f, -2.6f, white);
    }
    box(s, -10.5f, 0, -7.2f, -5.0f, 0.45f, -6.5f, planter);
    box(s, -10.4f, 0.45f, -7.1f, -5.1f, 0.55f, -6.6f, cushion);
    box(s, -10.5f, 0, -3.8f, -5.0f, 0.45f, -3.1f, planter);
    box(s, -10.4f, 0.45f, -3.7f, -5.1f, 0.55f, -3.2f, cushion);
    cyl(s, -7.75f, 0, -5.15f, 0.7f, 0.42f, white);
    /* loungers on the lawn */
    for (int i = 0; i < 3; i++) {
        float x = 5.0f + 2.6f * (float)i;
        box(s, x - 0.35f, 0.06f, -8.0f, x + 0.35f, 0.4f, -6.2f, white);
        box(s, x - 0.35f, 0.4f, -6.6f, x + 0.35f, 0.85f, -6.2f, white);
    }
    /* the building behind: facade with the door back into the atrium */
    prim *bd = box(s, -16.5f, -40, 9, 16.5f, 6.5f, 30, concrete);
    set_face(bd, FACE_NZ, facade);
    box(s, -2.2f, 0, 8.9f, 2.2f, 3.0f, 9.0f, m_facade(s, 0x1a2230, 0x5a6068, 1.1f, 3.0f, 0));
    box(s, -3.0f, 3.0f, 7.4f, 3.0f, 3.25f, 9.0f, white);
    prim *ds = box(s, -2.0f, 3.3f, 8.85f, 2.0f, 3.9f, 8.95f, white);
    set_face(ds, FACE_NZ, m_sign(s, "ATRIUM", 0xf1f1ee, 0x1d2a44, 0.3f, 0));
    skyline(s, 170, -40, 21, 400, 400);
    s->cam = v3_make(0, 1.6f, 0);
    pd->id = "hq-garden";
    pd->view_yaw = 0;
    pd->view_pitch = 0;
    anchor(pd, s, v3_make(0, 1.2f, 9.0f), "hq-atrium");
    anchor(pd, s, v3_make(-7.5f, 1.6f, -5.0f), "info: the pergola");
    anchor(pd, s, v3_make(0, 9.0f, -150), "info: the skyline");
}
