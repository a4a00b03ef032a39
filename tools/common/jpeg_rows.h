/* A JPEG writer for tests and the bench's generator: a w x h RGB JPEG written a row at a time,
 * so a 16K or 32K image never sits in memory. row(user, y, rgb) fills row y (w * 3 bytes). */
#ifndef PAVILION_TESTS_JPEG_ROWS_H
#define PAVILION_TESTS_JPEG_ROWS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

static bool write_jpeg_rows(const char *path, int w, int h, int quality,
                            void (*row)(void *user, int y, uint8_t *rgb), void *user)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, f);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    jpeg_start_compress(&c, TRUE);
    uint8_t *buf = malloc((size_t)w * 3);
    while (c.next_scanline < c.image_height) {
        row(user, (int)c.next_scanline, buf);
        JSAMPROW r = buf;
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(buf);
    return fclose(f) == 0;
}

#endif
