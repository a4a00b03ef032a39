/* Golden images for tests that render: golden_check writes the shot to $TMPDIR (or /tmp) as
 * pavilion_NAME.png and compares it with tests/golden/NAME.png (mean channel difference under
 * 1, fewer than 60 pixels off by more than 64: the same fonts and rasteriser, only rounding
 * may differ); with PAVILION_UPDATE_GOLDEN=1 it writes the golden image instead. Include after
 * check.h, with stb_image and stb_image_write. */
#ifndef PV_TEST_GOLDEN_PNG_H
#define PV_TEST_GOLDEN_PNG_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static double golden_compare(const uint8_t *a, const uint8_t *b, int n, int *bad)
{
    double sum = 0;
    *bad = 0;
    for (int i = 0; i < n; i++) {
        int d = 0;
        for (int c = 0; c < 3; c++)
            d = abs(a[i * 4 + c] - b[i * 4 + c]) > d ? abs(a[i * 4 + c] - b[i * 4 + c]) : d;
        sum += d;
        *bad += d > 64;
    }
    return sum / n;
}

static void golden_check(const uint8_t *out, int w, int h, const char *name)
{
    char path[512], golden[512];
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(path, sizeof(path), "%s/pavilion_%s.png", tmp, name);
    snprintf(golden, sizeof(golden), "%s/golden/%s.png", TEST_SOURCE_DIR, name);
    CHECK(stbi_write_png(path, w, h, 4, out, w * 4));
    if (getenv("PAVILION_UPDATE_GOLDEN")) {
        CHECK(stbi_write_png(golden, w, h, 4, out, w * 4));
        printf("wrote %s\n", golden);
    }
    int gw = 0, gh = 0, gc = 0;
    uint8_t *ref = stbi_load(golden, &gw, &gh, &gc, 4);
    CHECK(ref != NULL && gw == w && gh == h);
    if (ref && gw == w && gh == h) {
        int bad;
        double mean = golden_compare(out, ref, w * h, &bad);
        printf("%s: mean difference %.3f, %d pixels off by more than 64 (shot: %s)\n", name,
               mean, bad, path);
        /* the same fonts and rasteriser: only rounding may differ */
        CHECK(mean < 1.0);
        CHECK(bad < 60);
    } else {
        fprintf(stderr, "%s: no golden image %s (PAVILION_UPDATE_GOLDEN=1 writes it)\n", name,
                golden);
    }
    stbi_image_free(ref);
}

#endif
