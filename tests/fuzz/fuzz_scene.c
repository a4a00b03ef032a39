/* fuzz_scene: the scene loader (scene_load_string) on any bytes. Besides the sanitizers it
 * checks the loader's contract: PV_OK exactly when there is an exhibit and no error, every
 * link inside the exhibit in range, every message formattable. Paths resolve against the
 * scene fixtures (FUZZ_SCENE_DIR), so some inputs reach real files. Single-threaded. */
#include "core/core.h"
#include "scene/scene.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_SCENE_DIR
#define FUZZ_SCENE_DIR "tests/fixtures/scene"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1 << 20))
        return 0;
    char *text = pv_malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    pv_result r = scene_load_string(text, FUZZ_SCENE_DIR "/fuzz.json", &ex, &d);
    if ((r == PV_OK) != (ex != NULL) || (r == PV_OK) != (d.errors == 0))
        abort();
    char line[512];
    for (int i = 0; i < d.count; i++)
        pv_diag_format(&d.items[i], line, sizeof(line));
    if (ex) {
        if (ex->place_count < 1 || ex->start < 0 || ex->start >= ex->place_count)
            abort();
        for (int i = 0; i < ex->place_count; i++) {
            const scene_place *p = &ex->places[i];
            if (!p->id || scene_find_place(ex, p->id) < 0)
                abort();
            for (int k = 0; k < p->hotspot_count; k++) {
                const scene_hotspot *h = &p->hotspots[k];
                if (h->type == SCENE_HOTSPOT_GOTO && (h->target < 0 || h->target >= ex->place_count))
                    abort();
                (void)scene_text_get(&h->label, "de-CH");
            }
        }
    }
    scene_free(&ex);
    pv_diags_free(&d);
    free(text);
    return 0;
}
