/* scene_test: the scene loader (every rule of "pavilion/1" and the exact file:line:col of its
 * messages) and the core path helpers it relies on. Runs under ASan/LSan, so every path
 * through the loader must free what it built. Single-threaded. */
#include "core/core.h"
#include "scene/scene.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURES TEST_SOURCE_DIR "/fixtures/scene"
/* Inline scenes are named as if they sat in the fixtures folder, so their relative paths
 * resolve against the placeholder panoramas there. */
#define INLINE FIXTURES "/inline.json"

#include "check.h"

#define CHECK_ANGLE(a, b) CHECK_NEAR(a, b, 1e-4)

static void dump_diags(const pv_diags *d)
{
    fprintf(stderr, "  diagnostics were:\n");
    char buf[2048];
    for (int i = 0; i < d->count; i++) {
        pv_diag_format(&d->items[i], buf, sizeof(buf));
        fprintf(stderr, "    %s\n", buf);
    }
}

/* True when `d` holds a message of this severity at exactly line:col containing `text`. */
static bool has_diag(const pv_diags *d, pv_severity sev, int line, int col, const char *text)
{
    for (int i = 0; i < d->count; i++) {
        const pv_diag *g = &d->items[i];
        if (g->severity == sev && g->line == line && g->col == col &&
            strstr(g->message, text))
            return true;
    }
    return false;
}

#define CHECK_DIAG(d, sev, line, col, text)                                                 \
    do {                                                                                    \
        if (has_diag((d), (sev), (line), (col), (text))) {                                  \
            s_check_passed++;                                                                     \
        } else {                                                                            \
            s_check_failed++;                                                                     \
            fprintf(stderr, "%s:%d: no %s at %d:%d containing '%s'\n", __FILE__, __LINE__,  \
                    #sev, (line), (col), (text));                                           \
            dump_diags(d);                                                                  \
        }                                                                                   \
    } while (0)

/* Loads an inline scene that must fail, and checks the failure contract: a non-OK result,
 * no exhibit, `errors` errors, and every message named after the given path. */
static pv_result load_failing(const char *json, pv_diags *d, int errors)
{
    scene_exhibit *ex = (scene_exhibit *)&ex; /* garbage: the loader must reset it */
    pv_result r = scene_load_string(json, INLINE, &ex, d);
    CHECK(r != PV_OK);
    CHECK(ex == NULL);
    if (d->errors != errors) {
        fprintf(stderr, "expected %d errors, got %d\n", errors, d->errors);
        dump_diags(d);
    }
    CHECK(d->errors == errors);
    for (int i = 0; i < d->count; i++)
        CHECK_STR(d->items[i].file, INLINE);
    scene_free(&ex);
    return r;
}

/* ---- a valid scene ---- */

static void test_valid_scene(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    const char *path = FIXTURES "/valid.json";
    CHECK(scene_load(path, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    if (d.count)
        dump_diags(&d);
    CHECK(ex != NULL);
    if (!ex)
        goto done;

    CHECK_STR(ex->path, path);
    CHECK_STR(ex->dir, FIXTURES);
    CHECK_STR(ex->format, "pavilion/1");
    CHECK_STR(scene_text_get(&ex->title, "de"), "Globale Partnermesse");
    CHECK_STR(scene_text_get(&ex->title, "fr"), "Global Partner Expo");
    CHECK(ex->place_count == 2);
    CHECK(ex->start == 1);
    CHECK_ANGLE(ex->fade_seconds, 1.5);
    CHECK(scene_find_place(ex, "lobby") == 0);
    CHECK(scene_find_place(ex, "hall") == 1);
    CHECK(scene_find_place(ex, "cafe") == -1);
    CHECK(scene_find_place(NULL, "hall") == -1);

    const scene_place *lobby = &ex->places[0];
    CHECK_STR(lobby->id, "lobby");
    CHECK(lobby->line == 9 && lobby->col == 5);
    CHECK_STR(scene_text_get(&lobby->title, "de"), "Lobby");
    CHECK_STR(lobby->panorama, FIXTURES "/panoramas/lobby.jpg");
    CHECK_STR(lobby->panorama_src, "panoramas/lobby.jpg");
    CHECK(lobby->panorama_line == 12 && lobby->panorama_col == 19);
    /* No "view": the defaults. */
    CHECK_ANGLE(lobby->view.yaw, 0);
    CHECK_ANGLE(lobby->view.pitch, 0);
    CHECK_ANGLE(lobby->view.fov, 90);
    CHECK_ANGLE(lobby->fov_min, 30);
    CHECK_ANGLE(lobby->fov_max, 110);
    CHECK(lobby->hotspot_count == 2);
    if (lobby->hotspot_count == 2) {
        const scene_hotspot *go = &lobby->hotspots[0];
        CHECK(go->type == SCENE_HOTSPOT_GOTO);
        CHECK(go->id == NULL);
        CHECK(go->target == 1);
        CHECK_ANGLE(go->yaw, 30);
        CHECK_ANGLE(go->pitch, -5);
        CHECK(go->line == 14 && go->col == 9);
        CHECK_STR(scene_text_get(&go->label, "de"), "Ausstellungshalle");
        CHECK_STR(scene_text_get(&go->label, "it"), "Exhibition hall");
        CHECK(scene_text_empty(&go->title));

        const scene_hotspot *info = &lobby->hotspots[1];
        CHECK(info->type == SCENE_HOTSPOT_INFO);
        CHECK_STR(info->id, "welcome");
        CHECK(info->target == -1);
        CHECK_ANGLE(info->yaw, -60);
        CHECK_ANGLE(info->pitch, 10);
        CHECK(info->line == 16 && info->col == 9);
        CHECK_STR(scene_text_get(&info->title, NULL), "Welcome");
        CHECK_STR(scene_text_get(&info->text, "pt-BR"), "Bem-vindo");
        /* Region falls back to its language, then English, then plain, then the first. */
        CHECK_STR(scene_text_get(&info->text, "fr-CA"), "Bienvenue");
        CHECK_STR(scene_text_get(&info->text, "de"), "Bienvenue");
        CHECK(info->text.count == 2);
        CHECK(scene_text_empty(&info->label));
        CHECK_STR(scene_text_get(&info->label, "en"), "");
    }

    const scene_place *hall = &ex->places[1];
    CHECK_STR(hall->panorama, FIXTURES "/panoramas/hall.jpg");
    CHECK_STR(hall->panorama_src, "./panoramas/../panoramas/hall.jpg");
    CHECK_ANGLE(hall->view.yaw, -170); /* 190 wraps into [-180, 180) */
    CHECK_ANGLE(hall->view.pitch, -10);
    CHECK_ANGLE(hall->view.fov, 60);
    CHECK_ANGLE(hall->fov_min, 20);
    CHECK_ANGLE(hall->fov_max, 120);
    CHECK_STR(scene_text_get(&hall->title, "zh-Hans"), "展厅");
    CHECK_STR(scene_text_get(&hall->title, "en"), "Halle"); /* no en, no plain: first */
    CHECK(hall->hotspot_count == 1);
    if (hall->hotspot_count == 1) {
        CHECK(hall->hotspots[0].target == 0);
        CHECK_ANGLE(hall->hotspots[0].yaw, -170.5);
        CHECK_ANGLE(hall->hotspots[0].pitch, 0);
    }

done:
    scene_free(&ex);
    CHECK(ex == NULL);
    scene_free(&ex); /* twice is harmless */
    scene_free(NULL);
    pv_diags_free(&d);
}

static void test_defaults(void)
{
    /* Only what is required: start is the first place, fade 0.6, view defaults. */
    const char *json =
        "{\"format\": \"pavilion/1\", \"places\": [\n"
        "  {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\"},\n"
        "  {\"id\": \"b\", \"panorama\": \"panoramas/hall.jpg\", \"view\": {\"fov_max\": 80}}\n"
        "]}\n";
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(json, INLINE, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    CHECK(ex != NULL);
    if (ex) {
        CHECK(ex->start == 0);
        CHECK_ANGLE(ex->fade_seconds, 0.6);
        CHECK(scene_text_empty(&ex->title));
        CHECK_STR(scene_text_get(&ex->title, "en"), "");
        CHECK(ex->places[0].hotspot_count == 0);
        CHECK(ex->places[0].hotspots == NULL);
        CHECK(scene_text_empty(&ex->places[0].title));
        /* A narrowed zoom range pulls the default fov inside it. */
        CHECK_ANGLE(ex->places[1].fov_max, 80);
        CHECK_ANGLE(ex->places[1].view.fov, 80);
    }
    scene_free(&ex);
    pv_diags_free(&d);

    /* A NULL diags list is allowed; a cut (fade 0) is valid. */
    const char *cut = "{\"format\": \"pavilion/1\", \"transition\": {\"fade\": 0}, \"places\": "
                      "[{\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\"}]}";
    CHECK(scene_load_string(cut, INLINE, &ex, NULL) == PV_OK);
    CHECK(ex && ex->fade_seconds == 0.0f);
    scene_free(&ex);
    CHECK(scene_load_string("{", INLINE, &ex, NULL) == PV_ERR_FORMAT);
    CHECK(ex == NULL);
    CHECK(scene_load_string(NULL, INLINE, &ex, NULL) == PV_ERR_INVALID);
}

static void test_text_get(void)
{
    scene_text_item items[] = {{.lang = "", .value = "Plain"}, {.lang = "de", .value = "Deutsch"},
                               {.lang = "en", .value = "English"}};
    scene_text t = {.items = items, .count = 3};
    CHECK_STR(scene_text_get(&t, "de"), "Deutsch");
    CHECK_STR(scene_text_get(&t, "de-AT"), "Deutsch");
    CHECK_STR(scene_text_get(&t, "fr"), "English");
    CHECK_STR(scene_text_get(&t, NULL), "English");
    scene_text plain = {.items = items, .count = 1};
    CHECK_STR(scene_text_get(&plain, "fr"), "Plain");
    scene_text first = {.items = items + 1, .count = 1};
    CHECK_STR(scene_text_get(&first, "fr"), "Deutsch");
    scene_text none = {.items = NULL, .count = 0};
    CHECK_STR(scene_text_get(&none, "fr"), "");
    CHECK_STR(scene_text_get(NULL, "fr"), "");
    CHECK(scene_text_empty(&none));
    CHECK(!scene_text_empty(&t));
    scene_text_item blank[] = {{.lang = "", .value = ""}};
    CHECK(scene_text_empty(&(scene_text){.items = blank, .count = 1}));
}

/* ---- every error class, with its position ---- */

static void test_missing_file(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    const char *path = FIXTURES "/no-such-scene.json";
    CHECK(scene_load(path, &ex, &d) == PV_ERR_IO);
    CHECK(ex == NULL);
    CHECK(d.errors == 1 && d.count == 1);
    if (d.count == 1) {
        CHECK_STR(d.items[0].file, path);
        CHECK(d.items[0].line == 0);
        CHECK(strstr(d.items[0].message, "cannot read the scene file") != NULL);
        CHECK(strstr(d.items[0].message, "was not found") != NULL);
    }
    pv_diags_free(&d);
}

static void test_malformed(void)
{
    pv_diags d = {0};
    load_failing("{\n"
                 "  \"format\": \"pavilion/1\",\n"
                 "  \"places\": ]\n"
                 "}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 13, "unexpected token near ']'");
    pv_diags_free(&d);

    /* jansson's columns count characters, like ours: "é" is one column. */
    load_failing("{\"title\": \"é\", \"format\": tru}", &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 28, "invalid token near 'tru'");
    pv_diags_free(&d);

    /* A key written twice is ambiguous: which one wins would be jansson's choice. */
    load_failing("{\"format\": \"pavilion/1\",\n \"format\": \"pavilion/1\"}", &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 9, "duplicate object key");
    pv_diags_free(&d);

    load_failing("", &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 1, "expected near end of file");
    pv_diags_free(&d);

    /* The root must be an object. */
    load_failing("\n  [1, 2]", &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 3, "a scene file must hold one JSON object");
    pv_diags_free(&d);
}

static void test_format(void)
{
    pv_diags d = {0};
    load_failing("{\n"
                 "  \"places\": [{\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\"}]\n"
                 "}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 1, "the scene has no \"format\"; add \"format\": "
                                       "\"pavilion/1\"");
    pv_diags_free(&d);

    load_failing("{ \"format\": \"pavilion/2\", \"places\": "
                 "[{\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\"}] }",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 13, "unsupported format \"pavilion/2\"; this version of "
                                        "Pavilion reads \"pavilion/1\"");
    pv_diags_free(&d);

    load_failing("{ \"format\": 1, \"places\": "
                 "[{\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\"}] }",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 13, "\"format\" must be a string, found number 1");
    pv_diags_free(&d);
}

static void test_places(void)
{
    pv_diags d = {0};
    load_failing("{\n"
                 "  \"format\": \"pavilion/1\",\n"
                 "  \"places\": []\n"
                 "}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 13, "\"places\" is empty; add at least one place");
    pv_diags_free(&d);

    load_failing("{\"format\": \"pavilion/1\"}", &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 1, "the scene has no \"places\"");
    pv_diags_free(&d);

    load_failing("{\"format\": \"pavilion/1\", \"places\": {}}", &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 36, "\"places\" must be an array of places, found an "
                                        "object");
    pv_diags_free(&d);

    /* Place-level shape problems: not an object, no id, empty id, no panorama. */
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  \"lobby\",\n"
                 "  {\"panorama\": \"panoramas/lobby.jpg\"},\n"
                 "  {\"id\": \"\", \"panorama\": \"panoramas/lobby.jpg\"},\n"
                 "  {\"id\": \"d\"}\n"
                 "]}\n",
                 &d, 4);
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 3, "each place must be an object");
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 3, "place has no \"id\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 10, "place \"id\" is empty");
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 3, "place \"d\" has no \"panorama\"");
    pv_diags_free(&d);
}

static void test_duplicate_id(void)
{
    pv_diags d = {0};
    load_failing("{\n"
                 "  \"format\": \"pavilion/1\",\n"
                 "  \"places\": [\n"
                 "    {\"id\": \"hall\", \"panorama\": \"panoramas/hall.jpg\"},\n"
                 "    {\"id\": \"hall\", \"panorama\": \"panoramas/hall.jpg\"}\n"
                 "  ]\n"
                 "}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 12, "duplicate place id \"hall\"");
    CHECK_DIAG(&d, PV_SEV_NOTE, 4, 12, "\"hall\" is first used here");
    /* The note follows its error. */
    CHECK(d.count == 2 && d.items[0].severity == PV_SEV_ERROR &&
          d.items[1].severity == PV_SEV_NOTE);
    pv_diags_free(&d);
}

static void test_targets(void)
{
    pv_diags d = {0};
    load_failing("{\n"
                 "  \"format\": \"pavilion/1\",\n"
                 "  \"places\": [\n"
                 "    {\"id\": \"hall\", \"panorama\": \"panoramas/hall.jpg\"},\n"
                 "    {\"id\": \"lobby\", \"panorama\": \"panoramas/lobby.jpg\",\n"
                 "     \"hotspots\": [{\"type\": \"goto\", \"yaw\": 0, \"target\": \"hal\"}]}\n"
                 "  ]\n"
                 "}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 56, "hotspot target \"hal\" is not a place "
                                        "(did you mean \"hall\"?)");
    pv_diags_free(&d);

    /* Nothing close: list the places instead. A target may point further down the file. */
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"lobby\", \"panorama\": \"panoramas/lobby.jpg\", \"hotspots\": [\n"
                 "    {\"type\": \"goto\", \"yaw\": 0, \"target\": \"hall\"},\n"
                 "    {\"type\": \"goto\", \"yaw\": 0, \"target\": \"cafeteria\"},\n"
                 "    {\"type\": \"goto\", \"yaw\": 0},\n"
                 "    {\"type\": \"goto\", \"yaw\": 0, \"target\": 3}\n"
                 "  ]},\n"
                 "  {\"id\": \"hall\", \"panorama\": \"panoramas/hall.jpg\"}\n"
                 "]}\n",
                 &d, 3);
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 42, "hotspot target \"cafeteria\" is not a place; "
                                        "\"target\" must be the \"id\" of a place (places: "
                                        "\"lobby\", \"hall\")");
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 5, "goto hotspot has no \"target\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 42, "\"target\" must be a string, found number 3");
    pv_diags_free(&d);
}

static void test_start(void)
{
    pv_diags d = {0};
    load_failing("{\n"
                 "  \"format\": \"pavilion/1\",\n"
                 "  \"start\": \"lobbby\",\n"
                 "  \"places\": [ {\"id\": \"lobby\", \"panorama\": \"panoramas/lobby.jpg\"} ]\n"
                 "}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 12, "start place \"lobbby\" is not a place "
                                        "(did you mean \"lobby\"?)");
    pv_diags_free(&d);

    /* One-letter names only get one-letter corrections. */
    load_failing("{\"format\": \"pavilion/1\", \"start\": \"x\", \"places\": [\n"
                 "  {\"id\": \"y\", \"panorama\": \"panoramas/lobby.jpg\"},\n"
                 "  {\"id\": \"zzz\", \"panorama\": \"panoramas/lobby.jpg\"}]}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 35, "start place \"x\" is not a place "
                                        "(did you mean \"y\"?)");
    pv_diags_free(&d);
}

static void test_types(void)
{
    pv_diags d = {0};
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "    {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\",\n"
                 "     \"hotspots\": [{\"type\": \"info\", \"yaw\": \"30\", \"title\": \"T\"}]}\n"
                 "]}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 43, "\"yaw\" must be a number, found string \"30\"");
    pv_diags_free(&d);

    /* Several wrong types in one file: all of them are reported. */
    load_failing("{\"format\": \"pavilion/1\", \"title\": 5, \"transition\": 1, \"places\": [\n"
                 "  {\"id\": 7, \"panorama\": true, \"view\": [], \"hotspots\": {}},\n"
                 "  {\"id\": \"b\", \"panorama\": \"panoramas/lobby.jpg\", \"hotspots\": [\n"
                 "    null,\n"
                 "    {\"type\": \"info\", \"yaw\": 1, \"pitch\": null, \"title\": [\"x\"]},\n"
                 "    {\"yaw\": 1},\n"
                 "    {\"type\": \"link\", \"yaw\": 1},\n"
                 "    {\"type\": \"gotoo\", \"yaw\": 1},\n"
                 "    {\"type\": \"info\", \"title\": \"t\"}\n"
                 "  ]}\n"
                 "]}\n",
                 &d, 13);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 35, "\"title\" must be a string or a language map like "
                                        "{\"en\": \"...\"}, found number 5");
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 52, "\"transition\" must be an object like "
                                        "{\"fade\": 0.6}, found number 1");
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 10, "\"id\" must be a string, found number 7");
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 25, "\"panorama\" must be a string, found true");
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 39, "\"view\" must be an object");
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 55, "\"hotspots\" must be an array of hotspot objects, "
                                        "found an object");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 5, "each hotspot must be an object");
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 41, "\"pitch\" must be a number, found null");
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 56, "\"title\" must be a string or a language map");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 5, "hotspot has no \"type\"; use \"type\": \"goto\" or "
                                       "\"type\": \"info\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 7, 14, "unknown hotspot type \"link\"; known types are "
                                        "\"goto\", \"info\", \"video\" and \"team\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 8, 14, "unknown hotspot type \"gotoo\" (did you mean "
                                        "\"goto\"?)");
    CHECK_DIAG(&d, PV_SEV_ERROR, 9, 5, "hotspot has no \"yaw\"");
    pv_diags_free(&d);
}

static void test_angles(void)
{
    pv_diags d = {0};
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\",\n"
                 "   \"view\": {\"pitch\": -91},\n"
                 "   \"hotspots\": [{\"type\": \"goto\", \"yaw\": 0, \"pitch\": 95, "
                 "\"target\": \"a\"}]}\n"
                 "]}\n",
                 &d, 2);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 22, "view \"pitch\" -91 is out of range; it must be "
                                        "between -90");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 53, "hotspot \"pitch\" 95 is out of range");
    pv_diags_free(&d);

    /* The edges are inside. */
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string("{\"format\": \"pavilion/1\", \"places\": [{\"id\": \"a\", "
                            "\"panorama\": \"panoramas/lobby.jpg\", \"view\": {\"pitch\": 90, "
                            "\"fov_min\": 5, \"fov_max\": 170, \"fov\": 170, \"yaw\": -540}}]}",
                            INLINE, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    if (ex) {
        CHECK_ANGLE(ex->places[0].view.pitch, 90);
        CHECK_ANGLE(ex->places[0].view.fov, 170);
        CHECK_ANGLE(ex->places[0].view.yaw, -180);
    }
    scene_free(&ex);
    pv_diags_free(&d);
}

static void test_fov(void)
{
    pv_diags d = {0};
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\", "
                 "\"view\": {\"fov\": 120}},\n"
                 "  {\"id\": \"b\", \"panorama\": \"panoramas/lobby.jpg\", "
                 "\"view\": {\"fov_min\": 2}},\n"
                 "  {\"id\": \"c\", \"panorama\": \"panoramas/lobby.jpg\", "
                 "\"view\": {\"fov_max\": 175}},\n"
                 "  {\"id\": \"d\", \"panorama\": \"panoramas/lobby.jpg\",\n"
                 "   \"view\": {\"fov_min\": 100, \"fov_max\": 50}},\n"
                 "  {\"id\": \"e\", \"panorama\": \"panoramas/lobby.jpg\",\n"
                 "   \"view\": {\"fov_min\": 50, \"fov\": 40}}\n"
                 "]}\n",
                 &d, 5);
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 66, "\"fov\" 120 is outside the zoom range [30, 110]");
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 70, "\"fov_min\" 2 is too small; it must be at least 5");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 70, "\"fov_max\" 175 is too large; it must be at most 170");
    /* An empty range is reported at "fov_max", the end usually edited last. */
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 40, "\"fov_min\" 100 is larger than \"fov_max\" 50");
    CHECK_DIAG(&d, PV_SEV_ERROR, 8, 35, "\"fov\" 40 is outside the zoom range [50, 110]");
    pv_diags_free(&d);

    load_failing("{\"format\": \"pavilion/1\", \"transition\": {\"fade\": 11}, \"places\": [\n"
                 "  {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\"}]}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 49, "\"fade\" 11 is out of range; it must be between 0");
    pv_diags_free(&d);
}

static void test_paths(void)
{
    pv_diags d = {0};
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"a\", \"panorama\": \"/etc/hosts\"},\n"
                 "  {\"id\": \"b\", \"panorama\": \"../scene_test.c\"},\n"
                 "  {\"id\": \"c\", \"panorama\": \"panoramas/../../x.jpg\"},\n"
                 "  {\"id\": \"d\", \"panorama\": \"panoramas/x.jpg\"},\n"
                 "  {\"id\": \"e\", \"panorama\": \"\"},\n"
                 "  {\"id\": \"f\", \"panorama\": \"panoramas\"}\n"
                 "]}\n",
                 &d, 6);
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 27, "panorama \"/etc/hosts\" is an absolute path; write it "
                                        "relative to the scene file");
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 27, "panorama \"../scene_test.c\" leads outside the "
                                        "scene's folder");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 27, "panorama \"panoramas/../../x.jpg\" leads outside");
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 27, "panorama file \"panoramas/x.jpg\" not found");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 27, "\"panorama\" is empty");
    /* A folder is not an image file, and the message says so. */
    CHECK_DIAG(&d, PV_SEV_ERROR, 7, 27, "panorama \"panoramas\" is a directory");
    pv_diags_free(&d);
}

static void test_unknown_keys(void)
{
    /* Unknown keys warn (with line:col of the key) but the scene still loads. */
    const char *json =
        "{\"format\": \"pavilion/1\", \"titel\": \"x\", \"places\": [\n"
        "  {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\",\n"
        "   \"hotpsots\": [], \"colour\": \"red\", \"_comment\": \"notes are fine\",\n"
        "   \"view\": {\"yaw\": 0, \"fox\": 80},\n"
        "   \"hotspots\": [{\"type\": \"goto\", \"yaw\": 0, \"target\": \"a\", \"text\": \"t\"},\n"
        "                {\"type\": \"info\", \"yaw\": 0, \"title\": \"T\", \"txt\": \"t\"},\n"
        "                {\"type\": \"nope\", \"yaw\": 0, \"whatever\": 1}]}\n"
        "]}\n";
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    pv_result r = scene_load_string(json, INLINE, &ex, &d);
    /* The unknown type is the one error; the warnings come regardless. */
    CHECK(r == PV_ERR_FORMAT);
    CHECK(d.errors == 1);
    CHECK(d.warnings == 6);
    CHECK_DIAG(&d, PV_SEV_WARNING, 1, 26, "unknown key \"titel\" in the scene (did you mean "
                                          "\"title\"?)");
    CHECK_DIAG(&d, PV_SEV_WARNING, 3, 4, "unknown key \"hotpsots\" in place (did you mean "
                                         "\"hotspots\"?)");
    CHECK_DIAG(&d, PV_SEV_WARNING, 3, 20, "unknown key \"colour\" in place; it is ignored");
    CHECK_DIAG(&d, PV_SEV_WARNING, 4, 23, "unknown key \"fox\" in view (did you mean \"fov\"?)");
    CHECK_DIAG(&d, PV_SEV_WARNING, 5, 59, "unknown key \"text\" in goto hotspot");
    CHECK_DIAG(&d, PV_SEV_WARNING, 6, 58, "unknown key \"txt\" in info hotspot (did you mean "
                                          "\"text\"?)");
    pv_diags_free(&d);

    /* Warnings alone do not stop a load. */
    CHECK(scene_load_string("{\"format\": \"pavilion/1\", \"places\": [{\"id\": \"a\", "
                            "\"panorama\": \"panoramas/lobby.jpg\", \"hotpsots\": []}]}",
                            INLINE, &ex, &d) == PV_OK);
    CHECK(ex != NULL);
    CHECK(d.errors == 0 && d.warnings == 1);
    CHECK_DIAG(&d, PV_SEV_WARNING, 1, 84, "unknown key \"hotpsots\" in place");
    scene_free(&ex);
    pv_diags_free(&d);
}

static void test_bom(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load(FIXTURES "/bom.json", &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    CHECK(ex && ex->place_count == 1);
    scene_free(&ex);

    /* The BOM takes no column: "plces" is at 1:26 as an editor shows it. */
    const char *path = FIXTURES "/bom_error.json";
    CHECK(scene_load(path, &ex, &d) == PV_ERR_FORMAT);
    CHECK(ex == NULL);
    CHECK_DIAG(&d, PV_SEV_WARNING, 1, 26, "unknown key \"plces\" in the scene (did you mean "
                                          "\"places\"?)");
    CHECK_DIAG(&d, PV_SEV_ERROR, 1, 1, "the scene has no \"places\"");
    CHECK(d.count == 2);
    if (d.count > 0)
        CHECK_STR(d.items[0].file, path);
    pv_diags_free(&d);
}

static void test_language_maps(void)
{
    pv_diags d = {0};
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\",\n"
                 "   \"title\": {\"en\": \"Hall\", \"de\": 5, \"english\": \"Hall\"},\n"
                 "   \"hotspots\": [{\"type\": \"info\", \"yaw\": 0, \"title\": {}}]}\n"
                 "]}\n",
                 &d, 3);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 34, "\"title\" text for \"de\" must be a string, "
                                        "found number 5");
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 37, "\"english\" in \"title\" is not a language code");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 53, "\"title\" has no languages");
    pv_diags_free(&d);

    /* Escaped keys and non-ASCII text before a value still give the right columns. */
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\",\n"
                 "   \"title\": {\"d\\u0065\": \"Größe\", \"fr\": null}}\n"
                 "]}\n",
                 &d, 1);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 40, "\"title\" text for \"fr\" must be a string, found "
                                        "null");
    pv_diags_free(&d);
}

static void test_all_problems(void)
{
    /* Loading keeps going: one file, one error of each kind, each at its own line. */
    pv_diags d = {0};
    load_failing("{\n"
                 "  \"format\": \"pavilion/1\",\n"
                 "  \"start\": \"nowhere\",\n"
                 "  \"places\": [\n"
                 "    {\"id\": \"a\", \"panorama\": \"missing.jpg\"},\n"
                 "    {\"id\": \"a\", \"panorama\": \"/abs.jpg\", \"view\": {\"pitch\": 100}}\n"
                 "  ]\n"
                 "}\n",
                 &d, 5);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 12, "start place \"nowhere\" is not a place; \"start\" "
                                        "must be the \"id\" of a place (places: \"a\")");
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 29, "panorama file \"missing.jpg\" not found");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 12, "duplicate place id \"a\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 29, "is an absolute path");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 59, "view \"pitch\" 100 is out of range");
    /* Messages come in file order. */
    for (int i = 1; i < d.count; i++)
        CHECK(d.items[i].severity == PV_SEV_NOTE || d.items[i].line >= d.items[i - 1].line);
    pv_diags_free(&d);
}

static void test_diag_format(void)
{
    pv_diags d = {0};
    load_failing("{\"format\": \"pavilion/1\", \"start\": \"hal\", \"places\": [\n"
                 "  {\"id\": \"hall\", \"panorama\": \"panoramas/hall.jpg\"}]}\n",
                 &d, 1);
    char buf[512];
    pv_diag_format(&d.items[0], buf, sizeof(buf));
    /* The path is shown as given (relative to the working directory when below it). */
    char expected[1024];
    snprintf(expected, sizeof(expected), "%s:1:35: error: start place \"hal\" is not a place "
             "(did you mean \"hall\"?)", pv_path_display(INLINE));
    CHECK_STR(buf, expected);
    pv_diags_free(&d);
}

/* The JSON Schema in scenes/ must stay valid JSON and describe the same keys as the loader;
 * full schema validation is done by editors, this only catches a broken or drifting file. */
static void test_schema_file(void)
{
    json_error_t err;
    json_t *schema = json_load_file(TEST_SOURCE_DIR "/../scenes/pavilion-scene.schema.json", 0,
                                    &err);
    CHECK(schema != NULL);
    if (!schema) {
        fprintf(stderr, "schema: %d:%d: %s\n", err.line, err.column, err.text);
        return;
    }
    CHECK_STR(json_string_value(json_object_get(schema, "$schema")),
              "https://json-schema.org/draft/2020-12/schema");
    json_t *props = json_object_get(schema, "properties");
    CHECK_STR(json_string_value(json_object_get(json_object_get(props, "format"), "const")),
              "pavilion/1");
    static const char *const top[] = {"$schema", "format", "title", "start", "transition",
                                      "assets", "places"};
    for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
        CHECK(json_object_get(props, top[i]) != NULL);
    json_t *defs = json_object_get(schema, "$defs");
    json_t *place = json_object_get(json_object_get(defs, "place"), "properties");
    static const char *const place_keys[] = {"id", "title", "panorama", "view", "hotspots"};
    for (size_t i = 0; i < sizeof(place_keys) / sizeof(place_keys[0]); i++)
        CHECK(json_object_get(place, place_keys[i]) != NULL);
    json_t *view = json_object_get(json_object_get(defs, "view"), "properties");
    CHECK(json_object_size(view) == 5);
    CHECK(json_object_get(view, "fov_min") && json_object_get(view, "fov_max"));
    json_decref(schema);
}

/* ---- core path helpers used by the loader ---- */

static void check_normalize(const char *in, const char *want, int line)
{
    char *got = pv_path_normalize(in);
    if (strcmp(got, want) == 0) {
        s_check_passed++;
    } else {
        s_check_failed++;
        fprintf(stderr, "%s:%d: pv_path_normalize(\"%s\") = \"%s\", want \"%s\"\n", __FILE__,
                line, in, got, want);
    }
    free(got);
}

/* want NULL: must be refused, with `why` containing `why_has`. */
static void check_resolve(const char *base, const char *from, const char *rel, const char *want,
                          const char *why_has, int line)
{
    char why[256] = "";
    char *got = pv_path_resolve_inside(base, from, rel, why, sizeof(why));
    bool ok = want ? (got && strcmp(got, want) == 0) : (!got && strstr(why, why_has));
    if (ok) {
        s_check_passed++;
    } else {
        s_check_failed++;
        fprintf(stderr, "%s:%d: pv_path_resolve_inside(\"%s\", \"%s\", \"%s\") = %s (why: %s)\n",
                __FILE__, line, base, from, rel, got ? got : "NULL", why);
    }
    free(got);
}

static void test_path_helpers(void)
{
    check_normalize("a/../b", "b", __LINE__);
    check_normalize("./x", "x", __LINE__);
    check_normalize("../x", "../x", __LINE__);
    check_normalize("a/../../x", "../x", __LINE__);
    check_normalize("../../x/./y/..", "../../x", __LINE__);
    check_normalize("/a/../b", "/b", __LINE__);
    check_normalize("/..", "/", __LINE__);
    check_normalize("a//b/./c/", "a/b/c", __LINE__);
    check_normalize("a/..", ".", __LINE__);
    check_normalize("", ".", __LINE__);

    check_resolve("scenes", "scenes", "a/../b.jpg", "scenes/b.jpg", NULL, __LINE__);
    check_resolve("scenes", "scenes", "./x.jpg", "scenes/x.jpg", NULL, __LINE__);
    check_resolve("scenes", "scenes/sub", "../x.jpg", "scenes/x.jpg", NULL, __LINE__);
    check_resolve("./scenes/", "scenes", "x.jpg", "scenes/x.jpg", NULL, __LINE__);
    check_resolve(".", ".", "x/y.jpg", "x/y.jpg", NULL, __LINE__);
    check_resolve("/srv/expo", "/srv/expo", "p/a.jpg", "/srv/expo/p/a.jpg", NULL, __LINE__);
    check_resolve("scenes", "scenes", "../x.jpg", NULL, "leads outside", __LINE__);
    check_resolve("scenes", "scenes", "a/../../x.jpg", NULL, "leads outside", __LINE__);
    /* A sibling folder sharing the prefix is still outside. */
    check_resolve("scenes", "scenes", "../scenes2/x.jpg", NULL, "leads outside", __LINE__);
    check_resolve(".", ".", "../x.jpg", NULL, "leads outside", __LINE__);
    check_resolve("scenes", "scenes", "..", NULL, "leads outside", __LINE__);
    check_resolve("scenes", "scenes", "/etc/passwd", NULL, "absolute", __LINE__);
    check_resolve("scenes", "scenes", "C:\\tour\\a.jpg", NULL, "absolute", __LINE__);
    check_resolve("scenes", "scenes", "", NULL, "empty", __LINE__);
    check_resolve("scenes", "scenes", NULL, NULL, "empty", __LINE__);
}

/* ---- 3D booths: model places ---- */

static void test_model_places(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    const char *json =
        "{\"format\": \"pavilion/1\", \"start\": \"booth\", \"places\": [\n"
        "  {\"id\": \"booth\", \"title\": \"B2B stand\", \"model\": \"models/booth.glb\",\n"
        "   \"environment\": \"panoramas/hall.jpg\",\n"
        "   \"camera\": {\"mode\": \"orbit\", \"target\": [0, 1.2, 0], \"distance\": 6,\n"
        "              \"yaw\": 20, \"pitch\": 10},\n"
        "   \"light\": {\"direction\": [0, -2, 0], \"intensity\": 4},\n"
        "   \"scale\": 0.01, \"rotate\": [-90, 0, 0], \"colliders\": [\"Walls\", \"Counter\"],\n"
        "   \"hotspots\": [\n"
        "     {\"type\": \"info\", \"node\": \"Counter\", \"title\": \"Endpoint security\"},\n"
        "     {\"type\": \"goto\", \"position\": [3.5, 1.0, 0], \"target\": \"hq\"}]},\n"
        "  {\"id\": \"hq\", \"model\": \"models/booth.glb\", \"camera\": {\"mode\": \"walk\",\n"
        "   \"position\": [1, 0, 2]}}\n"
        "]}\n";
    CHECK(scene_load_string(json, INLINE, &ex, &d) == PV_OK);
    if (!ex) {
        dump_diags(&d);
        pv_diags_free(&d);
        return;
    }
    CHECK(d.count == 0);
    const scene_place *b = &ex->places[0];
    CHECK(b->model && strstr(b->model, "models/booth.glb"));
    CHECK_STR(b->model_src, "models/booth.glb");
    CHECK(b->model_line == 2 && b->model_col == 50);
    CHECK(b->panorama == NULL);
    CHECK(b->environment && strstr(b->environment, "panoramas/hall.jpg"));
    CHECK(b->camera.mode == SCENE_CAMERA_ORBIT);
    CHECK(b->camera.has_target);
    CHECK_ANGLE(b->camera.target[1], 1.2);
    CHECK_ANGLE(b->camera.distance, 6);
    CHECK_ANGLE(b->camera.yaw, 20);
    CHECK_ANGLE(b->camera.pitch, 10);
    CHECK_ANGLE(b->light.direction[1], -1); /* normalised */
    CHECK_ANGLE(b->light.intensity, 4);
    CHECK_ANGLE(b->scale, 0.01);
    CHECK_ANGLE(b->rotate[0], -90);
    CHECK(b->collider_count == 2);
    CHECK_STR(b->colliders[1], "Counter");
    CHECK(b->hotspot_count == 2);
    CHECK_STR(b->hotspots[0].node, "Counter");
    CHECK(b->hotspots[0].node_line == 9 && b->hotspots[0].node_col == 31);
    CHECK(!b->hotspots[0].has_position);
    CHECK(b->hotspots[1].has_position);
    CHECK_ANGLE(b->hotspots[1].position[0], 3.5);
    CHECK(b->hotspots[1].target == 1);
    const scene_place *hq = &ex->places[1];
    CHECK(hq->camera.mode == SCENE_CAMERA_WALK);
    CHECK(hq->camera.has_position);
    CHECK_ANGLE(hq->camera.eye_height, 1.6);
    CHECK_ANGLE(hq->scale, 1);
    scene_free(&ex);
    pv_diags_free(&d);

    /* Errors of model places, each at its line:col. */
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"a\", \"model\": \"models/missing.glb\"},\n"
                 "  {\"id\": \"b\", \"model\": \"models/booth.glb\", \"camera\": {\"mode\": \"orbitt\"},\n"
                 "   \"scale\": -1, \"rotate\": [1, 2],\n"
                 "   \"hotspots\": [{\"type\": \"info\", \"title\": \"x\"},\n"
                 "                {\"type\": \"info\", \"title\": \"y\", \"position\": \"up\"}]},\n"
                 "  {\"id\": \"c\", \"panorama\": \"panoramas/lobby.jpg\",\n"
                 "   \"hotspots\": [{\"type\": \"info\", \"title\": \"z\", \"node\": \"Counter\"}]},\n"
                 "  {\"id\": \"d\", \"model\": \"../outside.glb\"}\n"
                 "]}\n",
                 &d, 9);
    CHECK_DIAG(&d, PV_SEV_ERROR, 2, 24, "model file \"models/missing.glb\" not found");
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 63, "unknown camera mode \"orbitt\" (did you mean \"orbit\"?)");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 13, "\"scale\" -1 must be a positive factor");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 27, "\"rotate\" must be three numbers");
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 17, "needs \"position\": [x, y, z]");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 60, "\"position\" must be three numbers");
    CHECK_DIAG(&d, PV_SEV_ERROR, 8, 48, "this place has no \"model\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 8, 17, "hotspot has no \"yaw\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 9, 24, "model \"../outside.glb\" leads outside the scene's folder");
    pv_diags_free(&d);

    /* 3D keys on a panorama place are warnings: they would be silently useless. */
    CHECK(scene_load_string("{\"format\": \"pavilion/1\", \"places\": [\n"
                            "  {\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\", \"scale\": 2}\n"
                            "]}\n", INLINE, &ex, &d) == PV_OK);
    CHECK_DIAG(&d, PV_SEV_WARNING, 2, 50, "\"scale\" applies to model places");
    scene_free(&ex);
    pv_diags_free(&d);
}

static void test_video_places(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    const char *json =
        "{\"format\": \"pavilion/1\", \"start\": \"hall\", \"places\": [\n"
        "  {\"id\": \"hall\", \"panorama\": \"panoramas/hall.jpg\", \"hotspots\": [\n"
        "    {\"type\": \"video\", \"yaw\": 120, \"pitch\": 0, \"width\": 40,\n"
        "     \"video\": \"videos/clip.mp4\", \"autoplay\": false, \"loop\": false,\n"
        "     \"poster\": \"people/ana.png\"},\n"
        "    {\"type\": \"video\", \"yaw\": -30, \"video\": \"videos/clip.mp4\",\n"
        "     \"open\": \"fullscreen\", \"volume\": 0.5, \"title\": \"Keynote\"}]},\n"
        "  {\"id\": \"v360\", \"panorama\": \"videos/clip.mp4\"},\n"
        "  {\"id\": \"booth\", \"model\": \"models/booth.glb\",\n"
        "   \"screens\": [{\"material\": \"Screen\", \"video\": \"videos/clip.mp4\",\n"
        "                \"autoplay\": true, \"loop\": true, \"volume\": 0.6}]},\n"
        "  {\"id\": \"cinema\", \"model\": \"models/booth.glb\", \"cinema\": {\"material\": \"Screen\",\n"
        "   \"playlist\": [{\"title\": {\"en\": \"Aurora\", \"de\": \"Polarlicht\"},\n"
        "                  \"video\": \"videos/clip.mp4\", \"poster\": \"panoramas/lobby.jpg\",\n"
        "                  \"subtitles\": {\"en\": \"videos/clip.en.srt\"}},\n"
        "                 {\"title\": \"Two\", \"video\": \"videos/clip.mp4\"}]}},\n"
        "  {\"id\": \"pcinema\", \"panorama\": \"panoramas/hall.jpg\",\n"
        "   \"cinema\": {\"yaw\": 10, \"pitch\": 5, \"width\": 70, \"volume\": 0.8,\n"
        "   \"playlist\": [{\"title\": \"One\", \"video\": \"videos/clip.mp4\"}]}}\n"
        "]}\n";
    CHECK(scene_load_string(json, INLINE, &ex, &d) == PV_OK);
    if (!ex) {
        dump_diags(&d);
        pv_diags_free(&d);
        return;
    }
    CHECK(d.count == 0);
    const scene_place *hall = &ex->places[0];
    CHECK(hall->hotspot_count == 2);
    const scene_hotspot *h = &hall->hotspots[0];
    CHECK(h->type == SCENE_HOTSPOT_VIDEO);
    CHECK_ANGLE(h->yaw, 120);
    CHECK_ANGLE(h->width, 40);
    CHECK(h->video.path && strstr(h->video.path, "videos/clip.mp4"));
    CHECK_STR(h->video.src, "videos/clip.mp4");
    CHECK(h->video.line == 4 && h->video.col == 15);
    CHECK(!h->video.autoplay && !h->video.loop && !h->fullscreen);
    CHECK(h->video.poster && strstr(h->video.poster, "people/ana.png"));
    CHECK_STR(h->video.poster_src, "people/ana.png");
    CHECK(h->video.poster_line == 5 && h->video.poster_col == 16);
    CHECK(hall->hotspots[1].video.poster == NULL);
    CHECK_ANGLE(h->video.volume, 1);
    CHECK(hall->hotspots[1].fullscreen);
    CHECK_ANGLE(hall->hotspots[1].video.volume, 0.5);
    CHECK_ANGLE(hall->hotspots[1].width, 40); /* the default */
    CHECK(ex->places[1].panorama_video);
    CHECK(!hall->panorama_video);
    const scene_place *booth = &ex->places[2];
    CHECK(booth->screen_count == 1);
    CHECK_STR(booth->screens[0].material, "Screen");
    CHECK(booth->screens[0].material_line == 10 && booth->screens[0].material_col == 29);
    CHECK(booth->screens[0].video.poster == NULL); /* its first frame */
    CHECK(booth->screens[0].video.autoplay && booth->screens[0].video.loop);
    CHECK_ANGLE(booth->screens[0].video.volume, 0.6);
    const scene_cinema *cn = &ex->places[3].cinema;
    CHECK(cn->present);
    CHECK_STR(cn->material, "Screen");
    CHECK(cn->film_count == 2);
    CHECK_STR(scene_text_get(&cn->films[0].title, "de"), "Polarlicht");
    CHECK(cn->films[0].poster && strstr(cn->films[0].poster, "panoramas/lobby.jpg"));
    CHECK(cn->films[0].subtitle_count == 1);
    CHECK_STR(cn->films[0].subtitles[0].lang, "en");
    CHECK(cn->films[0].subtitles[0].path && strstr(cn->films[0].subtitles[0].path, "clip.en.srt"));
    CHECK(cn->films[1].subtitle_count == 0 && cn->films[1].poster == NULL);
    CHECK(!cn->films[0].video.autoplay && !cn->films[0].video.loop);
    const scene_cinema *pc = &ex->places[4].cinema;
    CHECK(pc->present && pc->material == NULL);
    CHECK_ANGLE(pc->yaw, 10);
    CHECK_ANGLE(pc->pitch, 5);
    CHECK_ANGLE(pc->width, 70);
    CHECK_ANGLE(pc->volume, 0.8);
    scene_free(&ex);
    pv_diags_free(&d);

    /* Every mistake at its line:col. */
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"a\", \"panorama\": \"panoramas/hall.jpg\", \"hotspots\": [\n"
                 "    {\"type\": \"video\", \"yaw\": 0},\n"
                 "    {\"type\": \"video\", \"yaw\": 0, \"video\": \"videos/none.mp4\"},\n"
                 "    {\"type\": \"video\", \"yaw\": 0, \"video\": \"videos/clip.mp4\", \"width\": 400,\n"
                 "     \"volume\": 2, \"open\": \"popup\", \"loop\": \"yes\"}],\n"
                 "   \"screens\": [{\"material\": \"Screen\", \"video\": \"videos/clip.mp4\"}]},\n"
                 "  {\"id\": \"b\", \"model\": \"models/booth.glb\", \"screens\": {\"material\": 1},\n"
                 "   \"hotspots\": [{\"type\": \"video\", \"position\": [0, 0, 0],\n"
                 "                 \"video\": \"videos/clip.mp4\"}]},\n"
                 "  {\"id\": \"c\", \"model\": \"models/booth.glb\", \"cinema\": {\"playlist\": []}},\n"
                 "  {\"id\": \"d\", \"panorama\": \"panoramas/hall.jpg\", \"cinema\": {\"material\": \"S\",\n"
                 "   \"playlist\": [{\"video\": \"videos/clip.mp4\",\n"
                 "                  \"subtitles\": {\"english\": \"videos/clip.en.srt\",\n"
                 "                                \"de\": \"videos/clip.de.srt\"}}]}},\n"
                 "  {\"id\": \"e\", \"model\": \"models/booth.glb\", \"panorama\": \"videos/clip.mp4\"}\n"
                 "]}\n",
                 &d, 16);
    CHECK_DIAG(&d, PV_SEV_ERROR, 3, 5, "video hotspot has no \"video\"; add \"video\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 42, "video file \"videos/none.mp4\" not found");
    CHECK_DIAG(&d, PV_SEV_ERROR, 5, 70, "\"width\" 400 degrees is out of range");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 16, "\"volume\" 2 is outside 0..1");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 27, "\"open\" is \"popup\"; use \"inline\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 44, "\"loop\" must be true or false");
    CHECK_DIAG(&d, PV_SEV_ERROR, 7, 15, "\"screens\" show video on a model's materials, but this "
                                        "place has no \"model\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 8, 55, "\"screens\" must be an array");
    CHECK_DIAG(&d, PV_SEV_ERROR, 9, 26, "video hotspots sit on panoramas");
    CHECK_DIAG(&d, PV_SEV_WARNING, 9, 35, "unknown key \"position\" in video hotspot");
    CHECK_DIAG(&d, PV_SEV_ERROR, 11, 67, "\"playlist\" must be a non-empty array");
    CHECK_DIAG(&d, PV_SEV_ERROR, 11, 54, "cinema has no \"material\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 12, 60, "\"material\" names a model's screen, but this place has "
                                         "no \"model\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 13, 17, "film has no \"title\"");
    CHECK_DIAG(&d, PV_SEV_ERROR, 14, 33, "\"english\" in \"subtitles\" is not a language code");
    CHECK_DIAG(&d, PV_SEV_ERROR, 15, 39, "de file \"videos/clip.de.srt\" not found");
    CHECK_DIAG(&d, PV_SEV_ERROR, 16, 56, "a model place cannot have a video panorama");
    pv_diags_free(&d);

    /* A poster (video hotspots and screens) is a JPEG or PNG in the scene's folder. */
    load_failing("{\"format\": \"pavilion/1\", \"places\": [\n"
                 "  {\"id\": \"a\", \"panorama\": \"panoramas/hall.jpg\", \"hotspots\": [\n"
                 "    {\"type\": \"video\", \"yaw\": 0, \"video\": \"videos/clip.mp4\",\n"
                 "     \"poster\": \"people/notes.png\"},\n"
                 "    {\"type\": \"video\", \"yaw\": 90, \"video\": \"videos/clip.mp4\",\n"
                 "     \"poster\": \"videos/none.jpg\"}]},\n"
                 "  {\"id\": \"b\", \"model\": \"models/booth.glb\",\n"
                 "   \"screens\": [{\"material\": \"Screen\", \"video\": \"videos/clip.mp4\",\n"
                 "                \"poster\": \"videos/clip.mp4\"}]}\n"
                 "]}\n",
                 &d, 3);
    CHECK_DIAG(&d, PV_SEV_ERROR, 4, 16, "poster \"people/notes.png\" is not a JPEG or PNG image");
    CHECK_DIAG(&d, PV_SEV_ERROR, 6, 16, "poster file \"videos/none.jpg\" not found");
    CHECK_DIAG(&d, PV_SEV_ERROR, 9, 27, "poster \"videos/clip.mp4\" is not a JPEG or PNG image");
    pv_diags_free(&d);
}

int main(void)
{
    test_valid_scene();
    test_model_places();
    test_video_places();
    test_defaults();
    test_text_get();
    test_missing_file();
    test_malformed();
    test_format();
    test_places();
    test_duplicate_id();
    test_targets();
    test_start();
    test_types();
    test_angles();
    test_fov();
    test_paths();
    test_unknown_keys();
    test_bom();
    test_language_maps();
    test_all_problems();
    test_diag_format();
    test_schema_file();
    test_path_helpers();

    return check_done();
}
