/* booth_props: furniture and fittings shared by the booths and the lobby: stools, tables,
 * plants, a roll-up banner, spotlights, sofas, and 3D letters from the stroke font. Each
 * prop starts its own named node. Main thread only. Included by tools/booth_gen.c. */

/* Shared materials for props; indices into the model. */
typedef struct prop_materials {
    int metal, dark_metal, white, wood, leaf, leaf_dark, pot, soil;
} prop_materials;

static prop_materials prop_materials_add(model *m, int wood)
{
    prop_materials pm;
    pm.metal = model_material_add(m, (material_desc){
        .name = "Aluminium", .colour = 0xc9cdd2, .metallic = 1, .roughness = 0.32f});
    pm.dark_metal = model_material_add(m, (material_desc){
        .name = "DarkMetal", .colour = 0x2b2d31, .metallic = 0.9f, .roughness = 0.45f});
    pm.white = model_material_add(m, (material_desc){
        .name = "WhiteLaminate", .colour = 0xf2f1ed, .roughness = 0.45f});
    pm.wood = wood;
    pm.leaf = model_material_add(m, (material_desc){
        .name = "Leaf", .colour = 0x3f8a3a, .roughness = 0.55f, .double_sided = true});
    pm.leaf_dark = model_material_add(m, (material_desc){
        .name = "LeafDark", .colour = 0x2a6a2e, .roughness = 0.6f, .double_sided = true});
    pm.pot = model_material_add(m, (material_desc){
        .name = "Planter", .colour = 0x3a3c40, .roughness = 0.7f});
    pm.soil = model_material_add(m, (material_desc){
        .name = "Soil", .colour = 0x3b2a1e, .roughness = 1});
    return pm;
}

static void prop_stool(model *m, const prop_materials *pm, const char *name, int parent,
                       vec3 at, int seat)
{
    model_node_begin(m, name, parent, at);
    geo_cylinder(m, pm->dark_metal, at, 0.2f, 0.2f, 0.02f, 24, true);
    geo_cylinder(m, pm->metal, vec3_add(at, vec3_make(0, 0.02f, 0)), 0.025f, 0.025f, 0.62f, 12,
                 false);
    geo_cylinder(m, pm->metal, vec3_add(at, vec3_make(0, 0.3f, 0)), 0.16f, 0.16f, 0.015f, 24,
                 true);
    geo_cylinder(m, seat, vec3_add(at, vec3_make(0, 0.64f, 0)), 0.17f, 0.19f, 0.07f, 28, true);
}

static void prop_high_table(model *m, const prop_materials *pm, const char *name, int parent,
                            vec3 at, int top)
{
    model_node_begin(m, name, parent, at);
    geo_cylinder(m, pm->dark_metal, at, 0.27f, 0.25f, 0.025f, 28, true);
    geo_cylinder(m, pm->metal, vec3_add(at, vec3_make(0, 0.025f, 0)), 0.035f, 0.035f, 1.0f, 12,
                 false);
    geo_cylinder(m, top, vec3_add(at, vec3_make(0, 1.025f, 0)), 0.36f, 0.36f, 0.03f, 36, true);
}

/* A potted plant about `height` metres tall. */
static void prop_plant(model *m, const prop_materials *pm, const char *name, int parent,
                       vec3 at, float height, uint32_t seed)
{
    model_node_begin(m, name, parent, at);
    float pot_h = 0.25f + 0.2f * height;
    geo_cylinder(m, pm->pot, at, 0.18f, 0.23f, pot_h, 28, true);
    geo_cylinder(m, pm->soil, vec3_add(at, vec3_make(0, pot_h - 0.03f, 0)), 0.21f, 0.21f,
                 0.02f, 20, true);
    int stems = 7;
    for (int s = 0; s < stems; s++) {
        float sa = 2 * BOOTH_PI * ((float)s + hash2(s, 1, seed)) / (float)stems;
        float lean = 0.06f + 0.12f * hash2(s, 2, seed);
        float top = pot_h + (height - pot_h) * (0.55f + 0.35f * hash2(s, 3, seed));
        vec3 foot = vec3_add(at, vec3_make(sinf(sa) * 0.05f, pot_h - 0.02f, cosf(sa) * 0.05f));
        vec3 tip = vec3_add(foot, vec3_make(sinf(sa) * lean, top - pot_h, cosf(sa) * lean));
        geo_leaf(m, pm->leaf_dark, foot, sa, atan2f(top - pot_h, lean), vec3_len(vec3_sub(tip,
                 foot)), 0.02f, 0.0f);
        int leaves = 8;
        for (int k = 0; k < leaves; k++) {
            float t = 0.3f + 0.7f * (float)k / (float)(leaves - 1);
            vec3 b = vec3_add(foot, vec3_scale(vec3_sub(tip, foot), t));
            float yaw = sa + (float)k * 2.4f + hash2(s * 11 + k, 4, seed);
            float len = (0.3f + 0.2f * hash2(s, k, seed + 5)) * (1.25f - 0.5f * t) *
                        (0.5f + 0.5f * height);
            geo_leaf(m, (k + s) % 3 ? pm->leaf : pm->leaf_dark, b, yaw, 0.5f + 0.35f * t, len,
                     len * 0.36f, 1.3f);
        }
    }
}

/* A roll-up banner facing +Z in its frame: cassette, pole, print 0.8 x 2.0 m. */
static void prop_banner(model *m, const prop_materials *pm, int parent, vec3 at, float yaw,
                        int print, int back)
{
    model_node_begin(m, "Banner", parent, at);
    model_frame_set(m, at, yaw);
    geo_box(m, pm->metal, -0.42f, 0, -0.09f, 0.42f, 0.08f, 0.09f);
    geo_box(m, pm->dark_metal, -0.2f, 0, -0.3f, -0.16f, 0.015f, 0.09f);
    geo_box(m, pm->dark_metal, 0.16f, 0, -0.3f, 0.2f, 0.015f, 0.09f);
    geo_cylinder(m, pm->metal, vec3_make(0, 0.08f, -0.04f), 0.008f, 0.008f, 2.02f, 8, false);
    geo_quad(m, print, vec3_make(-0.4f, 0.08f, 0.0f), vec3_make(0.8f, 0, 0),
             vec3_make(0, 2.0f, 0));
    geo_quad(m, back, vec3_make(0.4f, 0.08f, -0.002f), vec3_make(-0.8f, 0, 0),
             vec3_make(0, 2.0f, 0));
    geo_box(m, pm->metal, -0.41f, 2.07f, -0.012f, 0.41f, 2.1f, 0.01f);
    model_frame_reset(m);
}

/* A spotlight on an arm from the wall top at (x, y, z), pointing down and back. */
static void prop_spot_arm(model *m, const prop_materials *pm, int lamp, vec3 wall_top,
                          float reach)
{
    vec3 tip = vec3_add(wall_top, vec3_make(0, 0, reach));
    geo_box(m, pm->dark_metal, wall_top.x - 0.015f, wall_top.y - 0.03f, wall_top.z,
            wall_top.x + 0.015f, wall_top.y, tip.z);
    vec3 head = vec3_add(tip, vec3_make(0, -0.06f, 0));
    model_frame_set(m, head, 0);
    m->frame.y = vec3_norm(vec3_make(0, 1, 0.6f));
    m->frame.z = vec3_cross(m->frame.x, m->frame.y);
    geo_cylinder(m, pm->dark_metal, vec3_make(0, -0.12f, 0), 0.05f, 0.045f, 0.16f, 16, true);
    geo_cylinder(m, lamp, vec3_make(0, -0.125f, 0), 0.04f, 0.04f, 0.006f, 16, true);
    model_frame_reset(m);
}

/* 3D letters: each stroke of the font becomes a box `depth` deep, standing on the plane
 * z = 0 of the current frame, centred on x = 0, with the baseline at y = 0. */
static void geo_text(model *m, int mat, const booth_font *f, const char *text, float cap_h,
                     float weight, float depth)
{
    text_line t = text_layout(f, text, weight * FONT_CAP);
    float s = cap_h / FONT_CAP, hw = t.stroke * s;
    float x0 = -t.width * 0.5f * s + hw;
    for (int i = 0; i < t.n; i++) {
        const font_glyph *g = &f->glyphs[t.ch[i]];
        for (int k = 0; k < g->count; k++) {
            const font_seg *sg = &f->segs[g->first + k];
            vec3 a = vec3_make(x0 + (t.x[i] + sg->ax) * s, sg->ay * s, depth * 0.5f);
            vec3 b = vec3_make(x0 + (t.x[i] + sg->bx) * s, sg->by * s, depth * 0.5f);
            vec3 d = vec3_sub(b, a);
            float len = vec3_len(d);
            vec3 dir = len > 1e-6f ? vec3_scale(d, 1.0f / len) : vec3_make(0, 1, 0);
            vec3 perp = vec3_make(-dir.y, dir.x, 0);
            vec3 c = vec3_scale(vec3_add(a, b), 0.5f);
            /* extend past the ends by most of the half width so joints close */
            geo_obox(m, mat, c, vec3_scale(dir, len * 0.5f + hw * 0.8f), vec3_scale(perp, hw),
                     vec3_make(0, 0, depth * 0.5f));
        }
    }
}

/* A lounge sofa along +X in its frame, seat facing +Z, `seats` cushions wide. */
static void prop_sofa(model *m, const prop_materials *pm, const char *name, int parent,
                      vec3 at, float yaw, int seats, int fabric)
{
    model_node_begin(m, name, parent, at);
    model_frame_set(m, at, yaw);
    float w = 0.75f * (float)seats, hx = w * 0.5f + 0.16f;
    geo_box(m, pm->dark_metal, -hx + 0.05f, 0, -0.38f, hx - 0.05f, 0.1f, 0.38f);
    geo_box(m, fabric, -hx, 0.1f, -0.45f, hx, 0.3f, 0.45f);
    for (int i = 0; i < seats; i++) {
        float x = -w * 0.5f + 0.75f * (float)i;
        geo_box(m, fabric, x + 0.01f, 0.3f, -0.22f, x + 0.74f, 0.44f, 0.44f);
        geo_box(m, fabric, x + 0.02f, 0.44f, -0.42f, x + 0.73f, 0.85f, -0.2f);
    }
    geo_box(m, fabric, -hx, 0.3f, -0.45f, hx, 0.8f, -0.3f);
    geo_box(m, fabric, -hx, 0.3f, -0.45f, -w * 0.5f, 0.62f, 0.45f);
    geo_box(m, fabric, w * 0.5f, 0.3f, -0.45f, hx, 0.62f, 0.45f);
    model_frame_reset(m);
}
