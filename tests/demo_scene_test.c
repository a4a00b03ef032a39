/* demo_scene_test: the demo exhibition (scenes/demo/expo.json, copied into the build's demo
 * folder) is a coherent conference: it loads without warnings, every visitor text is in all
 * twelve languages, every place can be reached from the start and left again, every place is
 * in a place-menu group and on the floor plan, every hotspot has an id, and every stand has
 * its team. Skips when the demo has not been built. Single-threaded; runs under ASan/LSan. */
#include "core/core.h"
#include "scene/scene.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diags.h"

#define DEMO TEST_DEMO_DIR "/expo.json"

static const char *const s_languages[] = {"en", "ja", "zh", "ko", "ru", "ar",
                                          "es", "pt", "de", "fr", "it", "tr"};

static void test_languages(const scene_exhibit *ex)
{
    CHECK(ex->language_count == 12);
    for (int i = 0; i < 12 && i < ex->language_count; i++)
        CHECK_STR(ex->languages[i], s_languages[i]);
    pv_diags d = {0};
    scene_check_languages(ex, &d);
    CHECK(d.count == 0); /* no text lacks a translation */
    if (d.count)
        print_diags(&d);
    pv_diags_free(&d);
}

/* Every place reached from the start by goto hotspots, and every place has a way on. */
static void test_paths(const scene_exhibit *ex)
{
    int n = ex->place_count;
    bool *seen = pv_calloc((size_t)n, sizeof(bool));
    int *queue = pv_calloc((size_t)n, sizeof(int));
    int head = 0, tail = 0;
    seen[ex->start] = true;
    queue[tail++] = ex->start;
    while (head < tail) {
        const scene_place *p = &ex->places[queue[head++]];
        for (int k = 0; k < p->hotspot_count; k++) {
            int t = p->hotspots[k].target;
            if (p->hotspots[k].type == SCENE_HOTSPOT_GOTO && t >= 0 && !seen[t]) {
                seen[t] = true;
                queue[tail++] = t;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        const scene_place *p = &ex->places[i];
        int ways_on = 0;
        for (int k = 0; k < p->hotspot_count; k++)
            ways_on += p->hotspots[k].type == SCENE_HOTSPOT_GOTO;
        if (!seen[i] || ways_on == 0)
            fprintf(stderr, "place \"%s\": %s\n", p->id,
                    !seen[i] ? "cannot be reached from the start" : "is a dead end");
        CHECK(seen[i]);
        CHECK(ways_on > 0);
    }
    free(seen);
    free(queue);
}

static void test_menu_and_cards(const scene_exhibit *ex)
{
    CHECK(ex->group_count == 4);
    CHECK(ex->map.present && ex->map.width > 0);
    int stands = 0, teams = 0;
    for (int i = 0; i < ex->place_count; i++) {
        const scene_place *p = &ex->places[i];
        /* the 3D stands are other views of stands already on the plan */
        bool on_map = scene_map_point_of(ex, i) != NULL || strncmp(p->id, "booth-", 6) == 0;
        if (p->group < 0 || !on_map)
            fprintf(stderr, "place \"%s\" has no group or is not on the map\n", p->id);
        CHECK(p->group >= 0);
        CHECK(on_map);
        bool stand = strncmp(p->id, "stand-", 6) == 0;
        stands += stand;
        for (int k = 0; k < p->hotspot_count; k++) {
            const scene_hotspot *h = &p->hotspots[k];
            CHECK(h->id != NULL);
            if (h->type == SCENE_HOTSPOT_TEAM) {
                CHECK(stand);
                CHECK(h->person_count >= 2);
                for (int m = 0; m < h->person_count; m++)
                    CHECK(h->people[m].photo != NULL && h->people[m].language_count > 0);
                teams++;
            }
        }
    }
    CHECK(stands == 5);
    CHECK(teams == stands);
}

int main(void)
{
    if (access(DEMO, R_OK) != 0) {
        check_skip("the demo is not built (" DEMO ")");
        return check_done();
    }
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load(DEMO, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    if (d.count)
        print_diags(&d);
    pv_diags_free(&d);
    if (ex) {
        test_languages(ex);
        test_paths(ex);
        test_menu_and_cards(ex);
    }
    scene_free(&ex);
    return check_done();
}
