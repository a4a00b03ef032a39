/* app: `pavilion check` on every bad-input fixture, in-process, so AddressSanitizer and
 * LeakSanitizer see the scene and image error paths (the script test runs the binary). */
#include "app/app.h"
#include "check.h"
#include "core/core.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stb/stb_image_write.h>

int main(void)
{
    char dir[256];
    check_tmpdir(dir, sizeof(dir), "check-test");
    char *cmd = pv_asprintf("cp -R '%s/fixtures/bad/.' '%s/'", TEST_SOURCE_DIR, dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    /* The images the fixtures expect beside them: a good 2:1 JPEG and a truncated one. */
    enum { W = 256, H = 128 };
    uint8_t *px = malloc(W * H * 3);
    for (int i = 0; i < W * H * 3; i++)
        px[i] = (uint8_t)(i * 13 % 251);
    char *ok = pv_asprintf("%s/panoramas/ok.jpg", dir);
    CHECK(stbi_write_jpg(ok, W, H, 3, px, 90) != 0);
    free(px);
    uint8_t *bytes;
    size_t n;
    char why[128];
    CHECK(pv_file_read(ok, &bytes, &n, why, sizeof(why)) == PV_OK);
    char *cut = pv_asprintf("%s/panoramas/truncated.jpg", dir);
    FILE *f = fopen(cut, "wb");
    fwrite(bytes, 1, n / 2, f);
    fclose(f);
    free(bytes);

    static const char *bad[] = {"absolute", "bad_start", "duplicate_id", "empty_image", "escape",
                                "malformed", "malformed_array", "missing_pano", "not21",
                                "not_image", "truncated", "unknown_target", "no_such_file"};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *path = pv_asprintf("%s/%s.json", dir, bad[i]);
        fprintf(stderr, "-- %s\n", bad[i]);
        CHECK(app_check(path) == 1);
        free(path);
    }
    char *valid = pv_asprintf("%s/valid.json", dir);
    CHECK(app_check(valid) == 0);
    free(valid);
    CHECK(app_check(dir) == 1); /* a folder is not a scene file */
    check_rmdir(dir);
    free(ok);
    free(cut);
    return check_done();
}
