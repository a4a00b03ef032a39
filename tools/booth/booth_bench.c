/* booth_bench: a benchmark model of about a million triangles: a 40 x 25 field of UV
 * spheres (36 segments, 15 rings: 1,008 triangles each) on a floor, one node per row so
 * culling has something to work with. No textures. Main thread only. Included by
 * tools/booth_gen.c. */

#define BENCH_COLS 40
#define BENCH_ROWS 25

static void build_bench(model *m)
{
    static const uint32_t colours[] = {0xc0392b, 0x2e86de, 0x27ae60, 0xf5b041, 0x8e44ad};
    model_init(m, "Bench1M");
    int root = model_node_begin(m, "Bench1M", -1, vec3_make(0, 0, 0));
    int mats[5];
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "Sphere%d", i + 1);
        mats[i] = model_material_add(m, (material_desc){
            .name = name, .colour = colours[i], .metallic = (float)(i % 2) * 0.8f,
            .roughness = 0.25f + 0.15f * (float)i});
    }
    int floor = model_material_add(m, (material_desc){
        .name = "Floor", .colour = 0x8a8d93, .roughness = 0.8f});
    model_node_begin(m, "Floor", root, vec3_make(0, 0, 0));
    geo_box_faces(m, floor, vec3_make(-21, -0.1f, -13.5f), vec3_make(21, 0, 13.5f), FACE_PY);
    for (int r = 0; r < BENCH_ROWS; r++) {
        char name[16];
        snprintf(name, sizeof name, "Row%02d", r + 1);
        float z = -12.0f + (float)r;
        model_node_begin(m, name, root, vec3_make(0, 0.45f, z));
        for (int c = 0; c < BENCH_COLS; c++) {
            vec3 at = vec3_make(-19.5f + (float)c, 0.45f + 0.05f * (float)((c + r) % 3), z);
            geo_sphere(m, mats[(c + r * 3) % 5], at, vec3_make(0.4f, 0.4f, 0.4f), 36, 15);
        }
    }
}
