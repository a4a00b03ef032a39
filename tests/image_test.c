/* image_test: PNG limits are checked before any pixel memory is taken (asset_png_check through
 * asset_image_probe/load): the 16384x16384 texture of the hardening issue and a forged header
 * claiming 128 MB of pixels in 69 bytes (fixtures/image) are refused with a message, a real
 * PNG still loads, the file-size rule works both ways, and a FIFO given as an image is refused
 * at once (under an alarm: a hang fails). Single-threaded. */
#include "asset/asset.h"
#include "core/core.h"

#include <stb/stb_image_write.h>
#include <sys/stat.h>

#include "check.h"

#define FIXTURES TEST_SOURCE_DIR "/fixtures/image"

static void test_refused(void)
{
    char why[512] = "";
    asset_image_kind kind;
    int w = -1, h = -1;
    CHECK(asset_image_probe(FIXTURES "/huge-16k.png", &kind, &w, &h, why, sizeof(why)) ==
          PV_ERR_LIMIT);
    CHECK(kind == ASSET_IMAGE_PNG);
    CHECK(w == 0 && h == 0);
    CHECK(strstr(why, "is 16384x16384 pixels") && strstr(why, "scale it down"));

    asset_image img;
    CHECK(asset_image_load(FIXTURES "/forged-8000x4000.png", 1, &img, why, sizeof(why)) ==
          PV_ERR_LIMIT);
    CHECK(img.pixels == NULL);
    CHECK(strstr(why, "claims 8000x4000 pixels but holds only 69 bytes") != NULL);
    CHECK(strstr(why, "decompression bomb") != NULL);
    CHECK(asset_image_load(FIXTURES "/huge-16k.png", 8, &img, why, sizeof(why)) ==
          PV_ERR_LIMIT);
}

static void test_png_check(void)
{
    uint8_t *bytes;
    size_t n;
    char why[512];
    CHECK(pv_file_read(FIXTURES "/forged-8000x4000.png", &bytes, &n, why, sizeof(why)) ==
          PV_OK);
    int w, h;
    /* 8000x4000 RGBA is 128,004,000 bytes of rows: a file of 124,035 bytes could hold them. */
    CHECK(asset_png_check(bytes, n, 124035, &w, &h, why, sizeof(why)) == PV_OK);
    CHECK(w == 8000 && h == 4000);
    CHECK(asset_png_check(bytes, n, 124000, &w, &h, why, sizeof(why)) == PV_ERR_LIMIT);
    bytes[25] = 5; /* colour type 5 does not exist */
    CHECK(asset_png_check(bytes, n, n, &w, &h, why, sizeof(why)) == PV_ERR_FORMAT);
    CHECK(asset_png_check(bytes, 20, n, &w, &h, why, sizeof(why)) == PV_ERR_FORMAT);
    free(bytes);
}

static void test_loads(const char *dir)
{
    uint8_t px[64 * 32 * 4];
    for (int i = 0; i < 64 * 32 * 4; i++)
        px[i] = (uint8_t)(i * 7);
    char *path = pv_path_join(dir, "ok.png");
    CHECK(stbi_write_png(path, 64, 32, 4, px, 64 * 4) != 0);
    asset_image img;
    char why[512];
    CHECK(asset_image_load(path, 1, &img, why, sizeof(why)) == PV_OK);
    CHECK(img.width == 64 && img.height == 32);
    CHECK(img.pixels && memcmp(img.pixels, px, sizeof(px)) == 0);
    asset_image_free(&img);
    free(path);

    char *fifo = pv_path_join(dir, "pipe.png");
    CHECK(mkfifo(fifo, 0600) == 0);
    alarm(30);
    CHECK(asset_image_load(fifo, 1, &img, why, sizeof(why)) == PV_ERR_IO);
    alarm(0);
    CHECK(strstr(why, "FIFO") != NULL);
    free(fifo);
}

int main(void)
{
    char dir[512];
    check_tmpdir(dir, sizeof(dir), "image-test");
    test_refused();
    test_png_check();
    test_loads(dir);
    check_rmdir(dir);
    return check_done();
}
