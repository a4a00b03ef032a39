/* Fixtures of the tile tests: a pyramid cut from a panorama the test made, and the tests' own
 * cube-face lookup (independent of the engine's). */
#ifndef PV_TEST_TILES_FIXTURE_H
#define PV_TEST_TILES_FIXTURE_H

#include "asset/tiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <turbojpeg.h>

/* Writes the RGB panorama `px` (w x h; freed here) as work/pano.jpg and cuts it into `dir`
 * in tiles of tile_size, faces of face_size. */
static inline bool fixture_pyramid(const char *work, uint8_t *px, int w, int h, const char *dir,
                                   int tile_size, int face_size, asset_tiles_layout *lay)
{
    tjhandle tj = tjInitCompress();
    unsigned char *jpg = NULL;
    unsigned long size = 0;
    bool ok = tjCompress2(tj, px, w, 0, h, TJPF_RGB, &jpg, &size, TJSAMP_444, 95, 0) == 0;
    char path[400];
    snprintf(path, sizeof(path), "%s/pano.jpg", work);
    FILE *f = fopen(path, "wb");
    ok = ok && f && fwrite(jpg, 1, size, f) == size;
    if (f)
        fclose(f);
    tjFree(jpg);
    tjDestroy(tj);
    free(px);
    char why[512] = "";
    asset_tiles_cut_desc d = {.input = path, .out_dir = dir, .tile_size = tile_size,
                              .face_size = face_size, .fallback_size = -1};
    ok = ok && asset_tiles_cut(&d, lay, NULL, why, sizeof(why)) == PV_OK;
    if (why[0])
        printf("cut: %s\n", why);
    return ok;
}

/* The face and face coordinates (0..1 from the top-left) a direction falls on. */
static inline void dir_face(const float d[3], int *face, double *u, double *v)
{
    double best = -1e30;
    *face = 0;
    *u = *v = 0;
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        float c[3], r[3], up[3];
        asset_cube_texel_dir(f, 1, 0, 0, c);      /* the face centre */
        asset_cube_texel_dir(f, 1, 0.5f, 0, r);   /* c + right */
        asset_cube_texel_dir(f, 1, 0, 0.5f, up);  /* c - up */
        double dc = d[0] * c[0] + d[1] * c[1] + d[2] * c[2];
        if (dc <= best)
            continue;
        best = dc;
        *face = f;
        double a = 0, b = 0;
        for (int k = 0; k < 3; k++) {
            a += d[k] / dc * (r[k] - c[k]);
            b += d[k] / dc * (c[k] - up[k]);
        }
        *u = (a + 1) * 0.5;
        *v = (-b + 1) * 0.5;
    }
}

#endif
