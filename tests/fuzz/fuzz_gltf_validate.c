/* libFuzzer target: the glTF/GLB pre-validator (engine/asset/model_gltf.c) over any bytes,
 * as a .glb and as a .gltf (the name decides whether a missing GLB header is an error). No
 * external files are looked at. Seeds: tests/fuzz/corpus/gltf_validate (the reproducers of
 * issue 8, a valid triangle, GLB edge cases). */
#include "asset/model_internal.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[1024];
    model_gltf_validate(data, size, NULL, NULL, "fuzz.glb", why, sizeof(why));
    model_gltf_validate(data, size, NULL, NULL, "fuzz.gltf", why, sizeof(why));
    return 0;
}
