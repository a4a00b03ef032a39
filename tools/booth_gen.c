/* pavilion-booth-gen: generates the demo's 3D places as glTF 2.0 binaries (.glb) from code,
 * with no inputs: two exhibition stands, a walkable HQ lobby and a cinema, with procedural
 * PNG textures embedded (tools/booth/).
 *
 *   pavilion-booth-gen OUTDIR                 OUTDIR/models/{booth-security,booth-cloud,
 *                                             hq-lobby,cinema}.glb, the floor plan
 *                                             OUTDIR/maps/floor.png and the team cards'
 *                                             portraits OUTDIR/people/NAME.png
 *   pavilion-booth-gen --bench-1m FILE.glb    one model of about a million triangles
 *
 * Units are metres, +Y is up, floors at y = 0. Output is deterministic: fixed seeds, no
 * clocks, single thread. Assumes a little-endian host, as glTF's binary layout is. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <stb/stb_image_write.h>

#include "core/core.h"

#include "booth/booth_math.h"
#include "booth/booth_image.c"
#include "booth/booth_font.c"
#include "booth/booth_model.c"
#include "booth/booth_glb.c"
#include "booth/booth_textures.c"
#include "booth/booth_props.c"
#include "booth/booth_stands.c"
#include "booth/booth_lobby.c"
#include "booth/booth_cinema.c"
#include "booth/booth_bench.c"
#include "booth/booth_plan.c"

/* mkdir -p; returns false with errno set. */

static long model_triangles(const model *m)
{
    long n = 0;
    for (int i = 0; i < m->node_count; i++)
        for (int k = 0; k < m->nodes[i].prim_count; k++)
            n += m->nodes[i].prims[k].index_count / 3;
    return n;
}

/* Writes the model as .glb; false (with a message) when the file cannot be written. */
static bool write_model(const model *m, const char *path)
{
    byte_buf glb;
    glb_build(m, &glb);
    bool ok = write_bytes(path, glb.bytes, glb.size);
    if (ok)
        printf("wrote %s (%.0f KB, %ld triangles, %d nodes, %d materials, %d textures)\n", path,
               (double)glb.size / 1024.0, model_triangles(m), m->node_count, m->material_count,
               m->texture_count);
    free(glb.bytes);
    return ok;
}

static int generate(const char *outdir)
{
    char *dir = pv_path_join(outdir, "models");
    if (!pv_make_dirs(dir)) {
        fprintf(stderr, "pavilion-booth-gen: cannot create the folder %s: %s\n", dir,
                strerror(errno));
        free(dir);
        return 1;
    }
    booth_font *font = pv_calloc(1, sizeof *font);
    font_build(font);
    int status = 0;
    for (int i = 0; i < STAND_COUNT && status == 0; i++) {
        model m;
        build_stand(&m, font, &stand_descs[i]);
        char *path = pv_path_join(dir, stand_descs[i].file);
        status = write_model(&m, path) ? 0 : 1;
        free(path);
        model_free(&m);
    }
    if (status == 0) {
        model m;
        build_lobby(&m, font);
        char *path = pv_path_join(dir, "hq-lobby.glb");
        status = write_model(&m, path) ? 0 : 1;
        free(path);
        model_free(&m);
    }
    if (status == 0) {
        model m;
        build_cinema(&m, font);
        char *path = pv_path_join(dir, "cinema.glb");
        status = write_model(&m, path) ? 0 : 1;
        free(path);
        model_free(&m);
    }
    if (status == 0 && !write_plan_and_people(outdir, font))
        status = 1;
    free(font);
    free(dir);
    return status;
}

static int bench(const char *file)
{
    model m;
    build_bench(&m);
    int status = write_model(&m, file) ? 0 : 1;
    model_free(&m);
    return status;
}

static void usage(void)
{
    fprintf(stderr, "usage: pavilion-booth-gen OUTDIR\n"
                    "       pavilion-booth-gen --bench-1m FILE.glb\n");
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--bench-1m") == 0)
        return bench(argv[2]);
    if (argc != 2 || argv[1][0] == '-') {
        usage();
        return 2;
    }
    return generate(argv[1]);
}
