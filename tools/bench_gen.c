/* pavilion-bench-gen: the bench's huge panoramas, written a row at a time (a 32768x16384
 * picture would take 1.6 GB whole), so `make bench` can measure opening them.
 *
 *   pavilion-bench-gen --pano FILE.jpg WIDTH     a WIDTH x WIDTH/2 JPEG (16384 or 32768)
 *
 * The picture is as busy as a photograph of that size: blocks and bands at every scale, fine
 * stripes, and grain on every pixel (the file is tens of megabytes, like a real one). */
#include "core/core.h"
#include "common/jpeg_rows.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static uint32_t hash(uint32_t x, uint32_t y)
{
    uint32_t h = x * 73856093u ^ y * 19349663u;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    return h ^ (h >> 15);
}

static void busy_row(void *user, int y, uint8_t *rgb)
{
    int w = *(const int *)user;
    for (int x = 0; x < w; x++) {
        float v[3] = {0, 0, 0};
        /* blocks at four scales, each a colour of its own */
        for (int s = 0, size = w / 16; s < 4; s++, size /= 6) {
            uint32_t h = hash((uint32_t)(x / size) + 977u * (uint32_t)s, (uint32_t)(y / size));
            for (int c = 0; c < 3; c++)
                v[c] += (float)((h >> (8 * c)) & 255) * (0.5f / (float)(s + 1));
        }
        float stripes = 18.0f * sinf((float)x * 0.7f + (float)(y / 97) * 1.3f);
        uint32_t g = hash((uint32_t)x, (uint32_t)y);
        for (int c = 0; c < 3; c++) {
            float grain = (float)((g >> (8 * c)) & 255) / 255.0f * 10.0f - 5.0f;
            rgb[x * 3 + c] = (uint8_t)pv_clampi((int)lrintf(v[c] * 0.6f + stripes + grain), 0, 255);
        }
    }
}

int main(int argc, char **argv)
{
    int w = argc == 4 ? atoi(argv[3]) : 0;
    if (argc != 4 || strcmp(argv[1], "--pano") != 0 || (w != 16384 && w != 32768)) {
        fprintf(stderr, "usage: pavilion-bench-gen --pano FILE.jpg 16384|32768\n");
        return 2;
    }
    char *dir = pv_path_dir(argv[2]);
    bool made = pv_make_dirs(dir);
    free(dir);
    double t = pv_now();
    if (!made || !write_jpeg_rows(argv[2], w, w / 2, 85, busy_row, &w)) {
        fprintf(stderr, "pavilion-bench-gen: cannot write %s\n", argv[2]);
        return 1;
    }
    printf("wrote %s (%dx%d, %.1f s)\n", argv[2], w, w / 2, pv_now() - t);
    return 0;
}
