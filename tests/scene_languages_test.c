/* scene_languages_test: the scene's "languages" and "default_language" (parsing, errors at
 * line:col, the fallback of text fields) and scene_check_languages, the missing-translation
 * warnings of `pavilion check`. Single-threaded; runs under ASan/LSan. */
#include "core/core.h"
#include "scene/scene.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURES TEST_SOURCE_DIR "/fixtures/scene"
#define INLINE FIXTURES "/inline.json"

#include "check.h"

#include "diags.h"

#define PLACE "{\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\""

static void test_parse(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    /* declared: the list, the default, the fallback for texts */
    CHECK(scene_load_string("{\"format\": \"pavilion/1\",\n"
                            " \"languages\": [\"ja\", \"de\", \"en\", \"pt-BR\"],\n"
                            " \"default_language\": \"de\",\n"
                            " \"places\": [" PLACE ",\n"
                            "   \"title\": {\"en\": \"Hall\", \"de\": \"Halle\"}}]}\n",
                            INLINE, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    if (ex) {
        CHECK(ex->language_count == 4);
        CHECK_STR(ex->languages[0], "ja");
        CHECK_STR(ex->languages[3], "pt-BR");
        CHECK(ex->languages_line == 2 && ex->languages_col == 15);
        CHECK_STR(ex->default_language, "de");
        /* a Japanese visitor gets the default language, not English */
        CHECK_STR(scene_text_get(&ex->places[0].title, "ja"), "Halle");
        CHECK_STR(scene_text_get(&ex->places[0].title, "en"), "Hall");
        CHECK_STR(scene_text_get(&ex->places[0].title, "de-AT"), "Halle");
        CHECK(ex->places[0].title.line == 5 && ex->places[0].title.col == 13);
    }
    scene_free(&ex);
    pv_diags_free(&d);

    /* not declared: no list, English as before */
    CHECK(scene_load_string("{\"format\": \"pavilion/1\", \"places\": [" PLACE ",\n"
                            "   \"title\": {\"de\": \"Halle\", \"en\": \"Hall\"}}]}\n",
                            INLINE, &ex, &d) == PV_OK);
    if (ex) {
        CHECK(ex->language_count == 0 && ex->languages == NULL);
        CHECK_STR(ex->default_language, "en");
        CHECK_STR(scene_text_get(&ex->places[0].title, "ja"), "Hall");
    }
    scene_free(&ex);
    pv_diags_free(&d);

    /* no default given: the first language */
    CHECK(scene_load_string("{\"format\": \"pavilion/1\", \"languages\": [\"fr\", \"en\"],\n"
                            " \"places\": [" PLACE ",\n"
                            "   \"title\": {\"en\": \"Hall\", \"fr\": \"Salle\"}}]}\n",
                            INLINE, &ex, &d) == PV_OK);
    if (ex) {
        CHECK_STR(ex->default_language, "fr");
        CHECK_STR(scene_text_get(&ex->places[0].title, "it"), "Salle");
    }
    scene_free(&ex);
    pv_diags_free(&d);
}

static void expect_errors(const char *json, int errors, pv_diags *d)
{
    scene_exhibit *ex = (scene_exhibit *)&ex;
    CHECK(scene_load_string(json, INLINE, &ex, d) != PV_OK);
    CHECK(ex == NULL);
    if (d->errors != errors) {
        fprintf(stderr, "  expected %d errors, got %d:\n", errors, d->errors);
        print_diags(d);
    }
    CHECK(d->errors == errors);
}

static void test_errors(void)
{
    /* one error each, at its line:col */
    static const struct {
        const char *head; /* the lines between "format" and "places" */
        int line, col;
        const char *text;
    } one[] = {
        {" \"languages\": \"en\",\n", 2, 15, "\"languages\" must be an array of language codes"},
        {" \"languages\": [],\n", 2, 15, "\"languages\" is empty"},
        {" \"languages\": [\"en\", \"ja\"],\n \"default_language\": \"jp\",\n", 3, 22,
         "\"default_language\" \"jp\" is not in \"languages\" (did you mean \"ja\"?)"},
        {" \"languages\": [\"en\", \"ja\"],\n \"default_language\": \"fr\",\n", 3, 22,
         "\"default_language\" \"fr\" is not in \"languages\"; add"},
        {" \"default_language\": \"English\",\n", 2, 22,
         "\"default_language\" \"English\" is not a language code"},
        {" \"default_language\": [\"en\"],\n", 2, 22, "\"default_language\" must be a string"},
    };
    pv_diags d = {0};
    for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
        char json[1024];
        snprintf(json, sizeof(json), "{\"format\": \"pavilion/1\",\n%s \"places\": [" PLACE
                 "}]}\n", one[i].head);
        expect_errors(json, 1, &d);
        CHECK_AT(&d, PV_SEV_ERROR, one[i].line, one[i].col, one[i].text);
        pv_diags_free(&d);
    }

    /* each bad item of the list at its own place; the good ones stay */
    expect_errors("{\"format\": \"pavilion/1\",\n"
                  " \"languages\": [\"en\", \"Japanese\", 7, \"en\",\n"
                  "               \"pt_BR\"],\n"
                  " \"places\": [" PLACE "}]}\n", 4, &d);
    CHECK_AT(&d, PV_SEV_ERROR, 2, 22, "\"Japanese\" in \"languages\" is not a language code");
    CHECK_AT(&d, PV_SEV_ERROR, 2, 34, "found number 7");
    CHECK_AT(&d, PV_SEV_ERROR, 2, 37, "\"en\" is in \"languages\" twice");
    CHECK_AT(&d, PV_SEV_ERROR, 3, 16, "\"pt_BR\" in \"languages\" is not a language code");
    pv_diags_free(&d);
}

static void test_check_warnings(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    const char *json =
        "{\"format\": \"pavilion/1\",\n"
        " \"title\": {\"en\": \"Expo\", \"ja\": \"博覧会\", \"ar\": \"معرض\"},\n"
        " \"languages\": [\"en\", \"ja\", \"ar\", \"pt-BR\"],\n"
        " \"places\": [\n"
        "  {\"id\": \"hall\", \"panorama\": \"panoramas/hall.jpg\", \"title\": \"HALL\",\n"
        "   \"hotspots\": [\n"
        "    {\"type\": \"info\", \"yaw\": 0, \"pitch\": 0,\n"
        "     \"title\": {\"en\": \"Welcome\", \"jp\": \"ようこそ\", \"ar\": \"أهلا\", \"pt\": \"Oi\"},\n"
        "     \"text\": {\"en\": \"Hi\", \"ja\": \"やあ\", \"ar\": \"مرحبا\", \"pt-BR\": \"Olá\"}}]},\n"
        "  " PLACE ", \"title\": {\"en\": \"Lobby\"},\n"
        "   \"cinema\": {\"yaw\": 0, \"pitch\": 0, \"width\": 40, \"playlist\": [\n"
        "     {\"title\": {\"ja\": \"オーロラ\"}, \"video\": \"videos/clip.mp4\"}]}}\n"
        " ]}\n";
    pv_result r = scene_load_string(json, INLINE, &ex, &d);
    if (r != PV_OK)
        print_diags(&d);
    CHECK(r == PV_OK);
    CHECK(d.count == 0); /* loading does not list translations: check does */
    scene_check_languages(ex, &d);
    /* the scene's title lacks pt-BR */
    CHECK_AT(&d, PV_SEV_WARNING, 2, 11, "\"title\" text has no \"pt-BR\" translation");
    /* the hotspot title: "jp" is a typo for "ja"; "pt" serves pt-BR */
    CHECK_AT(&d, PV_SEV_WARNING, 8, 15, "\"title\" text has no \"ja\" translation");
    CHECK_AT(&d, PV_SEV_WARNING, 8, 33,
             "\"jp\" is not one of the scene's \"languages\" (did you mean \"ja\"?)");
    CHECK(count_at(&d, PV_SEV_WARNING, 8, 15, "\"pt-BR\"") == 0);
    /* the lobby's title lacks three, the film's title three */
    CHECK_AT(&d, PV_SEV_WARNING, 10, 59, "\"title\" text has no \"ja\" translation");
    CHECK_AT(&d, PV_SEV_WARNING, 10, 59, "\"title\" text has no \"ar\" translation");
    CHECK_AT(&d, PV_SEV_WARNING, 10, 59, "\"title\" text has no \"pt-BR\" translation");
    CHECK_AT(&d, PV_SEV_WARNING, 12, 16, "\"title\" text has no \"en\" translation");
    CHECK_AT(&d, PV_SEV_WARNING, 12, 16, "\"title\" text has no \"ar\" translation");
    CHECK_AT(&d, PV_SEV_WARNING, 12, 16, "\"title\" text has no \"pt-BR\" translation");
    /* nothing else: the plain "HALL" and the complete hotspot text pass */
    if (d.count != 9)
        print_diags(&d);
    CHECK(d.count == 9 && d.warnings == 9 && d.errors == 0);
    for (int i = 0; i < d.count; i++)
        CHECK_STR(d.items[i].file, INLINE);
    pv_diags_free(&d);
    /* a scene that declares no languages: nothing to report */
    scene_exhibit *plain = NULL;
    CHECK(scene_load_string("{\"format\": \"pavilion/1\", \"places\": [" PLACE ",\n"
                            "   \"title\": {\"en\": \"Hall\"}}]}\n",
                            INLINE, &plain, &d) == PV_OK);
    scene_check_languages(plain, &d);
    CHECK(d.count == 0);
    scene_check_languages(NULL, &d);
    CHECK(d.count == 0);
    scene_free(&plain);
    scene_free(&ex);
    pv_diags_free(&d);
}

int main(void)
{
    test_parse();
    test_errors();
    test_check_warnings();
    return check_done();
}
