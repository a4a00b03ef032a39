/* scene_menu_test: what the scene gives the place menu, the floor plan and the team cards:
 * hotspot ids (unique in the exhibit), "groups" and a place's "group", "team" hotspots with
 * their people, and "map" with a point per place. Each rule's message is checked at its exact
 * line:col. Single-threaded; runs under ASan/LSan. */
#include "core/core.h"
#include "scene/scene.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURES TEST_SOURCE_DIR "/fixtures/scene"
#define INLINE FIXTURES "/inline.json"

#include "check.h"

#include "diags.h"

/* Loads a scene that must fail with exactly `errors` errors; returns nothing loaded. */
static void load_failing(const char *json, pv_diags *d, int errors)
{
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(json, INLINE, &ex, d) != PV_OK);
    CHECK(ex == NULL);
    CHECK(d->errors == errors);
    if (d->errors != errors) {
        fprintf(stderr, "  wanted %d errors, got %d:\n", errors, d->errors);
        print_diags(d);
    }
    scene_free(&ex);
}

#define HEAD "{\"format\": \"pavilion/1\",\n"
#define PANO "\"panorama\": \"panoramas/lobby.jpg\""

/* ---- hotspot ids ---- */

static void test_hotspot_ids(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(HEAD
                            " \"places\": [{\"id\": \"a\", " PANO ", \"hotspots\": [\n"
                            "   {\"type\": \"goto\", \"yaw\": 0, \"target\": \"b\", \"id\": \"to-b\"},\n"
                            "   {\"type\": \"info\", \"yaw\": 9, \"title\": \"Hi\"}]},\n"
                            "  {\"id\": \"b\", " PANO ", \"hotspots\": [\n"
                            "   {\"type\": \"info\", \"yaw\": 0, \"title\": \"T\", \"id\": \"desk\"}]}]}\n",
                            INLINE, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    int place = -1, hs = -1;
    CHECK(scene_find_hotspot(ex, "desk", &place, &hs));
    CHECK(place == 1 && hs == 0);
    CHECK(scene_find_hotspot(ex, "to-b", &place, &hs));
    CHECK(place == 0 && hs == 0);
    place = hs = 7;
    CHECK(!scene_find_hotspot(ex, "nowhere", &place, &hs));
    CHECK(place == 7 && hs == 7);
    CHECK(!scene_find_hotspot(ex, NULL, NULL, NULL));
    CHECK(ex && ex->places[0].hotspots[1].id == NULL);
    scene_free(&ex);
    pv_diags_free(&d);

    /* the same id in two places: an error at the second, a note at the first */
    load_failing(HEAD
                 " \"places\": [{\"id\": \"a\", " PANO ", \"hotspots\": [\n"
                 "   {\"type\": \"info\", \"yaw\": 0, \"title\": \"T\", \"id\": \"desk\"}]},\n"
                 "  {\"id\": \"b\", " PANO ", \"hotspots\": [\n"
                 "   {\"type\": \"info\", \"yaw\": 0, \"title\": \"T\", \"id\": \"desk\"},\n"
                 "   {\"type\": \"info\", \"yaw\": 0, \"title\": \"T\", \"id\": \"\"}]}]}\n",
                 &d, 2);
    CHECK_AT(&d, PV_SEV_ERROR, 5, 51, "duplicate hotspot id \"desk\"");
    CHECK_AT(&d, PV_SEV_NOTE, 3, 51, "\"desk\" is first used here");
    CHECK_AT(&d, PV_SEV_ERROR, 6, 51, "hotspot \"id\" is empty");
    pv_diags_free(&d);

    load_failing(HEAD " \"places\": [{\"id\": \"a\", " PANO ", \"hotspots\": [\n"
                 "   {\"type\": \"info\", \"yaw\": 0, \"title\": \"T\", \"id\": 3}]}]}\n", &d, 1);
    CHECK_AT(&d, PV_SEV_ERROR, 3, 51, "\"id\" must be a string, found number 3");
    pv_diags_free(&d);
}

/* ---- groups ---- */

static void test_groups(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(HEAD
                            " \"languages\": [\"en\", \"de\"],\n"
                            " \"groups\": [{\"id\": \"stands\", \"title\": {\"en\": \"Stands\", "
                            "\"de\": \"Stände\"}},\n"
                            "            {\"id\": \"hq\", \"title\": \"HQ\"}],\n"
                            " \"places\": [{\"id\": \"a\", " PANO ", \"group\": \"hq\"},\n"
                            "  {\"id\": \"b\", " PANO "},\n"
                            "  {\"id\": \"c\", " PANO ", \"group\": \"stands\"}]}\n",
                            INLINE, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    if (ex) {
        CHECK(ex->group_count == 2);
        CHECK_STR(ex->groups[0].id, "stands");
        CHECK_STR(scene_text_get(&ex->groups[0].title, "de"), "Stände");
        CHECK_STR(scene_text_get(&ex->groups[0].title, "ja"), "Stands");
        CHECK(ex->groups[0].line == 3 && ex->groups[0].col == 20);
        CHECK(ex->places[0].group == 1);
        CHECK(ex->places[1].group == -1);
        CHECK(ex->places[2].group == 0);
        /* group titles are texts `check` sees: a missing translation is listed */
        pv_diags w = {0};
        scene_check_languages(ex, &w);
        CHECK(w.count == 0);
        pv_diags_free(&w);
    }
    scene_free(&ex);
    pv_diags_free(&d);

    /* unknown group (with a suggestion), no groups at all, duplicates, a missing title,
     * a group nobody is in */
    load_failing(HEAD
                 " \"groups\": [{\"id\": \"stands\", \"title\": \"Stands\"},\n"
                 "            {\"id\": \"stands\", \"title\": \"Again\"},\n"
                 "            {\"id\": \"cinema\"},\n"
                 "            {\"id\": \"hq\", \"title\": \"HQ\"}],\n"
                 " \"places\": [{\"id\": \"a\", " PANO ", \"group\": \"stand\"},\n"
                 "  {\"id\": \"b\", " PANO ", \"group\": 4},\n"
                 "  {\"id\": \"c\", " PANO ", \"group\": \"stands\"}]}\n",
                 &d, 4);
    CHECK_AT(&d, PV_SEV_ERROR, 3, 20, "duplicate group id \"stands\"");
    CHECK_AT(&d, PV_SEV_NOTE, 2, 20, "\"stands\" is first used here");
    CHECK_AT(&d, PV_SEV_ERROR, 4, 13, "group has no \"title\"");
    CHECK_AT(&d, PV_SEV_ERROR, 6, 69, "group \"stand\" is not in \"groups\" (did you mean "
             "\"stands\"?)");
    CHECK_AT(&d, PV_SEV_ERROR, 7, 59, "\"group\" must be a string, found number 4");
    CHECK_AT(&d, PV_SEV_WARNING, 5, 20, "no place is in group \"hq\"");
    CHECK_AT(&d, PV_SEV_WARNING, 4, 20, "no place is in group \"cinema\"");
    pv_diags_free(&d);

    load_failing(HEAD " \"places\": [{\"id\": \"a\", " PANO ", \"group\": \"stands\"}]}\n", &d,
                 1);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 69, "but the scene has no \"groups\"");
    pv_diags_free(&d);

    load_failing(HEAD " \"groups\": {\"stands\": \"Stands\"},\n"
                 " \"places\": [{\"id\": \"a\", " PANO "}]}\n", &d, 1);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 12, "\"groups\" must be an array");
    pv_diags_free(&d);
}

/* ---- team hotspots ---- */

#define TEAM_PLACE " \"places\": [{\"id\": \"a\", " PANO ", \"hotspots\": [\n"

static void test_team(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(HEAD
                            " \"languages\": [\"en\", \"ja\"],\n"
                            TEAM_PLACE
                            "  {\"type\": \"team\", \"id\": \"apac\", \"yaw\": 10, \"pitch\": -4,\n"
                            "   \"title\": {\"en\": \"Meet the team\", \"ja\": \"チーム紹介\"},\n"
                            "   \"people\": [\n"
                            "    {\"name\": {\"en\": \"Ana Lima\", \"ja\": \"アナ・リマ\"},\n"
                            "     \"role\": {\"en\": \"Partner manager\", \"ja\": \"担当\"},\n"
                            "     \"region\": {\"en\": \"Asia-Pacific\", \"ja\": \"アジア太平洋\"},\n"
                            "     \"languages\": [\"pt-BR\", \"en\", \"ja\"],\n"
                            "     \"contact\": \"ana@example.org\",\n"
                            "     \"photo\": \"people/ana.png\"},\n"
                            "    {\"name\": \"Kenji Sato\"}]}]}]}\n",
                            INLINE, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    print_diags(&d);
    if (ex) {
        const scene_hotspot *h = &ex->places[0].hotspots[0];
        CHECK(h->type == SCENE_HOTSPOT_TEAM);
        CHECK_STR(h->id, "apac");
        CHECK_STR(scene_text_get(&h->title, "ja"), "チーム紹介");
        CHECK(h->person_count == 2);
        const scene_person *p = &h->people[0];
        CHECK_STR(scene_text_get(&p->name, "ja"), "アナ・リマ");
        CHECK_STR(scene_text_get(&p->role, "en"), "Partner manager");
        CHECK_STR(scene_text_get(&p->region, "fr"), "Asia-Pacific");
        CHECK_STR(scene_text_get(&p->contact, "ja"), "ana@example.org");
        CHECK(p->language_count == 3);
        CHECK(p->language_count == 3 && strcmp(p->languages[0], "pt-BR") == 0);
        CHECK(p->photo && strstr(p->photo, "/fixtures/scene/people/ana.png"));
        CHECK_STR(p->photo_src, "people/ana.png");
        CHECK(p->photo_line == 12 && p->photo_col == 15);
        CHECK(p->line == 7 && p->col == 5);
        CHECK(h->people[1].photo == NULL && h->people[1].language_count == 0);
        /* a card's texts are checked for translations like any other text */
        pv_diags w = {0};
        scene_check_languages(ex, &w);
        CHECK(w.count == 0);
        pv_diags_free(&w);
    }
    scene_free(&ex);
    pv_diags_free(&d);

    /* a missing translation in a card is listed by check */
    CHECK(scene_load_string(HEAD " \"languages\": [\"en\", \"ja\"],\n" TEAM_PLACE
                            "  {\"type\": \"team\", \"yaw\": 0, \"title\": \"Team\", \"people\": [\n"
                            "    {\"name\": \"Ana\", \"role\": {\"en\": \"Manager\"}}]}]}]}\n",
                            INLINE, &ex, &d) == PV_OK);
    pv_diags w = {0};
    scene_check_languages(ex, &w);
    CHECK_AT(&w, PV_SEV_WARNING, 5, 29, "\"role\" text has no \"ja\" translation");
    CHECK(w.count == 1);
    pv_diags_free(&w);
    scene_free(&ex);
    pv_diags_free(&d);

    /* every mistake at its place */
    load_failing(HEAD TEAM_PLACE
                 "  {\"type\": \"team\", \"yaw\": 0, \"people\": [\n"
                 "    {\"role\": \"Manager\", \"languages\": [\"english\", \"en\", \"en\", 5],\n"
                 "     \"photo\": \"people/notes.png\", \"fax\": \"123\"},\n"
                 "    {\"name\": \"B\", \"photo\": \"people/none.png\"},\n"
                 "    \"Carla\"]},\n"
                 "  {\"type\": \"team\", \"yaw\": 0, \"title\": \"T\"},\n"
                 "  {\"type\": \"team\", \"yaw\": 0, \"title\": \"T\", \"people\": []},\n"
                 "  {\"type\": \"taem\", \"yaw\": 0}]}]}\n",
                 &d, 11);
    CHECK_AT(&d, PV_SEV_ERROR, 3, 3, "team hotspot has no \"title\"");
    CHECK_AT(&d, PV_SEV_ERROR, 4, 5, "person has no \"name\"");
    CHECK_AT(&d, PV_SEV_ERROR, 4, 39, "\"english\" in \"languages\" is not a language code");
    CHECK_AT(&d, PV_SEV_ERROR, 4, 56, "\"en\" is in \"languages\" twice");
    CHECK_AT(&d, PV_SEV_ERROR, 4, 62, "\"languages\" must be a list of language codes");
    CHECK_AT(&d, PV_SEV_ERROR, 5, 15, "photo \"people/notes.png\" is not a JPEG or PNG image");
    CHECK_AT(&d, PV_SEV_WARNING, 5, 35, "unknown key \"fax\" in person");
    CHECK_AT(&d, PV_SEV_ERROR, 6, 28, "photo file \"people/none.png\" not found");
    CHECK_AT(&d, PV_SEV_ERROR, 7, 5, "\"people\" must be objects like");
    CHECK_AT(&d, PV_SEV_ERROR, 8, 3, "team hotspot has no \"people\"");
    CHECK_AT(&d, PV_SEV_ERROR, 9, 54, "\"people\" must be a non-empty array");
    CHECK_AT(&d, PV_SEV_ERROR, 10, 12, "unknown hotspot type \"taem\" (did you mean \"team\"?)");
    pv_diags_free(&d);

    /* a photo outside the scene's folder is refused like any other file */
    load_failing(HEAD TEAM_PLACE
                 "  {\"type\": \"team\", \"yaw\": 0, \"title\": \"T\", \"people\": [\n"
                 "    {\"name\": \"A\", \"photo\": \"../scene_test.c\"}]}]}]}\n", &d, 1);
    CHECK_AT(&d, PV_SEV_ERROR, 4, 28, "photo \"../scene_test.c\" leads outside");
    pv_diags_free(&d);
}

/* ---- the floor plan ---- */

static void test_map(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(HEAD
                            " \"map\": {\"image\": \"maps/plan.png\", \"title\": \"Floor plan\",\n"
                            "         \"places\": {\"a\": [10, 20], \"b\": [200, 100]}},\n"
                            " \"places\": [{\"id\": \"a\", " PANO "}, {\"id\": \"b\", " PANO "},\n"
                            "  {\"id\": \"c\", " PANO "}]}\n",
                            INLINE, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    print_diags(&d);
    if (ex) {
        CHECK(ex->map.present);
        CHECK(ex->map.width == 200 && ex->map.height == 100);
        CHECK_STR(ex->map.image_src, "maps/plan.png");
        CHECK(ex->map.point_count == 2);
        const scene_map_point *pa = scene_map_point_of(ex, 0);
        CHECK(pa && pa->x == 10.0f && pa->y == 20.0f);
        CHECK(pa && pa->line == 3 && pa->col == 26);
        const scene_map_point *pb = scene_map_point_of(ex, 1);
        CHECK(pb && pb->x == 200.0f && pb->y == 100.0f); /* the far corner is on the image */
        CHECK(scene_map_point_of(ex, 2) == NULL);
        CHECK_STR(scene_text_get(&ex->map.title, "en"), "Floor plan");
    }
    scene_free(&ex);
    pv_diags_free(&d);

    /* no map: nothing */
    CHECK(scene_load_string(HEAD " \"places\": [{\"id\": \"a\", " PANO "}]}\n", INLINE, &ex,
                            &d) == PV_OK);
    CHECK(ex && !ex->map.present && scene_map_point_of(ex, 0) == NULL);
    scene_free(&ex);
    pv_diags_free(&d);

    /* every mistake at its place */
    load_failing(HEAD
                 " \"map\": {\"image\": \"maps/plan.png\", \"places\": {\n"
                 "   \"lobyy\": [1, 1],\n"
                 "   \"lobby\": [201, 50],\n"
                 "   \"hall\": [5, -1],\n"
                 "   \"b\": [5],\n"
                 "   \"c\": \"north\"}, \"scale\": 2},\n"
                 " \"places\": [{\"id\": \"lobby\", " PANO "}, {\"id\": \"hall\", " PANO "},\n"
                 "  {\"id\": \"b\", " PANO "}, {\"id\": \"c\", " PANO "}]}\n",
                 &d, 5);
    CHECK_AT(&d, PV_SEV_ERROR, 3, 4, "map place \"lobyy\" is not a place (did you mean "
             "\"lobby\"?)");
    CHECK_AT(&d, PV_SEV_ERROR, 4, 13, "map point [201, 50] of \"lobby\" is outside the image, "
             "which is 200 x 100 pixels");
    CHECK_AT(&d, PV_SEV_ERROR, 5, 12, "map point [5, -1] of \"hall\" is outside the image");
    CHECK_AT(&d, PV_SEV_ERROR, 6, 9, "map point of \"b\" must be two numbers [x, y]");
    CHECK_AT(&d, PV_SEV_ERROR, 7, 9, "map point of \"c\" must be two numbers [x, y] (pixels of "
             "the image from its top left corner), found string \"north\"");
    CHECK_AT(&d, PV_SEV_WARNING, 7, 19, "unknown key \"scale\" in map");
    pv_diags_free(&d);

    /* the image: missing, not an image, outside the folder; no places */
    load_failing(HEAD " \"map\": {\"places\": {}},\n \"places\": [{\"id\": \"a\", " PANO "}]}\n",
                 &d, 1);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 9, "map has no \"image\"");
    CHECK_AT(&d, PV_SEV_WARNING, 2, 20, "the map's \"places\" is empty");
    pv_diags_free(&d);

    load_failing(HEAD " \"map\": {\"image\": \"people/notes.png\"},\n"
                 " \"places\": [{\"id\": \"a\", " PANO "}]}\n", &d, 2);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 19, "image \"people/notes.png\" is not a JPEG or PNG image");
    CHECK_AT(&d, PV_SEV_ERROR, 2, 9, "map has no \"places\"");
    pv_diags_free(&d);

    load_failing(HEAD " \"map\": {\"image\": \"../../scene_test.c\", \"places\": {}},\n"
                 " \"places\": [{\"id\": \"a\", " PANO "}]}\n", &d, 1);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 19, "image");
    pv_diags_free(&d);

    load_failing(HEAD " \"map\": \"maps/plan.png\",\n \"places\": [{\"id\": \"a\", " PANO "}]}\n",
                 &d, 1);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 9, "\"map\" must be an object");
    pv_diags_free(&d);
}

int main(void)
{
    test_hotspot_ids();
    test_groups();
    test_team();
    test_map();
    return check_done();
}
