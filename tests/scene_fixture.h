/* scene_fixture: a scene file written into a test's folder and loaded, for the tests that drive
 * the visit or the hud through a real exhibit (header-only, like check.h). The files the scene
 * names are made empty: these tests never decode them. */
#ifndef PV_TEST_SCENE_FIXTURE_H
#define PV_TEST_SCENE_FIXTURE_H

#include "check.h"
#include "core/core.h"
#include "scene/scene.h"

#include <stdio.h>
#include <stdlib.h>

/* Writes `json` as DIR/expo.json, makes each of `files` (NULL-terminated) empty in DIR, loads
 * the scene and prints its diagnostics; NULL (and a failed check) when it does not load. */
static inline scene_exhibit *fixture_scene(const char *dir, const char *const *files,
                                           const char *json)
{
    for (size_t i = 0; files && files[i]; i++) {
        char *path = pv_asprintf("%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        CHECK(f != NULL);
        if (f)
            fclose(f);
        free(path);
    }
    char *scene = pv_asprintf("%s/expo.json", dir);
    FILE *f = fopen(scene, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(json, f);
        fclose(f);
    }
    scene_exhibit *ex = NULL;
    pv_diags diags = {0};
    CHECK(scene_load(scene, &ex, &diags) == PV_OK);
    pv_diags_print(&diags, stderr);
    pv_diags_free(&diags);
    free(scene);
    return ex;
}

#endif
