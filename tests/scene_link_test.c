/* scene_link_test: a scene of 20,000 places and 200,000 hotspots (generated here, never a
 * committed file) loads with every hotspot linked to the right place; the same scene with
 * broken targets and duplicate ids gives exactly one message per fault. Linking goes through
 * hash tables, so this runs in about the time of parsing the JSON (`pavilion bench` prints
 * scene_parse_ms and scene_link_ms); the test asserts the result, never the time.
 * Single-threaded. */
#include "core/core.h"
#include "scene/scene.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define FIXTURES TEST_SOURCE_DIR "/fixtures/scene"
#define PLACES 20000
#define HOTSPOTS 10 /* per place */

/* The place hotspot k of place i leads to (never a place whose id is broken). */
static int target_of(int i, int k, int broken_every)
{
    int t = (int)(((long)i * 7919 + (long)k * 104729 + 1) % PLACES);
    return broken_every && t % broken_every == broken_every - 1 ? t - 1 : t;
}

typedef struct text_buf {
    char *s;
    size_t n, cap;
} text_buf;

__attribute__((format(printf, 2, 3)))
static void put(text_buf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int w = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (w >= 0 && (size_t)w < b->cap - b->n) {
            b->n += (size_t)w;
            return;
        }
        b->cap = b->cap * 2 + (size_t)w + 64;
        b->s = pv_realloc(b->s, b->cap);
    }
}

/* One place per line; `broken` places get a target that is no place and a repeated id. */
static char *big_scene(int broken_every)
{
    text_buf b = {pv_malloc(1 << 20), 0, 1 << 20};
    put(&b, "{\"format\": \"pavilion/1\", \"start\": \"place-%d\", \"places\": [\n", PLACES - 2);
    for (int i = 0; i < PLACES; i++) {
        bool broken = broken_every && i % broken_every == broken_every - 1;
        if (broken)
            put(&b, "{\"id\": \"place-%d\", ", i - 1);
        else
            put(&b, "{\"id\": \"place-%d\", ", i);
        put(&b, "\"panorama\": \"panoramas/lobby.jpg\", \"hotspots\": [");
        for (int k = 0; k < HOTSPOTS; k++) {
            if (broken && k == 3)
                put(&b, "{\"type\": \"goto\", \"yaw\": %d, \"target\": \"nowhere-%d\"}",
                    k * 30, i);
            else
                put(&b, "{\"type\": \"goto\", \"yaw\": %d, \"target\": \"place-%d\"}", k * 30,
                    target_of(i, k, broken_every));
            put(&b, k + 1 < HOTSPOTS ? ", " : "");
        }
        put(&b, "]}%s\n", i + 1 < PLACES ? "," : "");
    }
    put(&b, "]}\n");
    return b.s;
}

static void test_linked(void)
{
    char *json = big_scene(0);
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(json, FIXTURES "/big.json", &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    if (ex) {
        CHECK(ex->place_count == PLACES);
        CHECK(ex->start == PLACES - 2);
        int wrong = 0, hotspots = 0;
        for (int i = 0; i < ex->place_count; i++) {
            const scene_place *p = &ex->places[i];
            char want[32];
            snprintf(want, sizeof(want), "place-%d", i);
            if (!p->id || strcmp(p->id, want) != 0 || p->hotspot_count != HOTSPOTS) {
                wrong++;
                continue;
            }
            for (int k = 0; k < p->hotspot_count; k++) {
                hotspots++;
                if (p->hotspots[k].target != target_of(i, k, 0))
                    wrong++;
            }
        }
        CHECK(hotspots == PLACES * HOTSPOTS);
        CHECK(wrong == 0);
        CHECK(scene_find_place(ex, "place-12345") == 12345);
    }
    scene_free(&ex);
    pv_diags_free(&d);
    free(json);
}

/* Every 100th place repeats the id before it and has a target that is no place: 200 of each,
 * each reported once, at its own line (line = place index + 2). */
static void test_broken(void)
{
    char *json = big_scene(100);
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(json, FIXTURES "/big.json", &ex, &d) == PV_ERR_FORMAT);
    CHECK(ex == NULL);
    int duplicates = 0, targets = 0, notes = 0, misplaced = 0;
    for (int i = 0; i < d.count; i++) {
        const pv_diag *g = &d.items[i];
        int place = g->line - 2;
        if (strstr(g->message, "duplicate place id")) {
            duplicates++;
            misplaced += place % 100 != 99;
        } else if (strstr(g->message, "is not a place")) {
            targets++;
            misplaced += place % 100 != 99 || !strstr(g->message, "\"nowhere-");
        } else if (g->severity == PV_SEV_NOTE && strstr(g->message, "is first used here")) {
            notes++;
            misplaced += place % 100 != 98;
        }
    }
    CHECK(duplicates == PLACES / 100);
    CHECK(targets == PLACES / 100);
    CHECK(notes == PLACES / 100);
    CHECK(misplaced == 0);
    CHECK(d.errors == 2 * PLACES / 100);
    pv_diags_free(&d);
    free(json);
}

int main(void)
{
    test_linked();
    test_broken();
    return check_done();
}
