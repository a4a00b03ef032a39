/* fuzz_jpeg: the JPEG band decoder through asset.h, on any bytes: probing, a whole decode at a
 * DCT scale the first byte picks, and for 2:1 images the panorama path (bands decoded while a
 * second thread builds cube faces). PNGs reach the PNG checks too. Images over 4 megapixels
 * are only probed, so each run stays short (decoding limits are the decoders' own business,
 * checked by the probe). Any thread. */
#include "asset/asset.h"
#include "core/core.h"

#include "fuzz_memfile.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > (1 << 20))
        return 0;
    static const int scales[4] = {1, 2, 4, 8};
    int scale = scales[data[0] & 3];
    bool pano = data[0] & 4;
    char path[64];
    int fd = fuzz_memfile(NULL, 0, data + 1, size - 1, path, sizeof(path));
    if (fd < 0)
        return 0;
    char why[512];
    asset_image_kind kind;
    int w = 0, h = 0;
    if (asset_image_probe(path, &kind, &w, &h, why, sizeof(why)) == PV_OK &&
        (int64_t)w * h <= (4 << 20)) {
        if (pano && w == 2 * h) {
            asset_cube *cube = NULL;
            pv_result r = asset_pano_build(path, scale, 0, &cube, NULL, why, sizeof(why));
            if ((r == PV_OK) != (cube != NULL))
                abort();
            asset_cube_free(&cube);
        } else {
            asset_image img;
            if (asset_image_load(path, scale, &img, why, sizeof(why)) == PV_OK) {
                if (!img.pixels || img.width < 1 || img.height < 1 || img.width > w ||
                    img.height > h)
                    abort();
                asset_image_free(&img);
            }
        }
    }
    close(fd);
    return 0;
}
