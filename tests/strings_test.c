/* strings_test: the interface's catalogues (every key in all twelve languages, no extra keys,
 * printf placeholders that match English, plural forms against CLDR's rules), the .mo reader
 * against malformed and truncated files, the Plural-Forms evaluator, and ui_strings: lookup,
 * fallback to English, switching language at run time, choosing the starting language.
 * Single-threaded; chooses its own environment (no installed locale is needed). */
#include "core/core.h"
#include "ui/strings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *const s_langs[] = {"en", "ja", "zh", "ko", "ru", "ar",
                                      "es", "pt", "de", "fr", "it", "tr"};
#define LANG_COUNT 12

static ui_catalogue *load_lang(const char *code)
{
    char path[1024], why[512];
    snprintf(path, sizeof(path), "%s/%s.mo", TEST_LOCALE_DIR, code);
    ui_catalogue *c = NULL;
    if (ui_catalogue_load(path, &c, why, sizeof(why)) != PV_OK)
        fprintf(stderr, "  %s\n", why);
    return c;
}

/* Whether plural form `form` of a catalogue serves exactly one count (then a translation may
 * spell the number out, as Arabic does for 0, 1 and 2, and leave %d out). */
static bool form_serves_one_count(const ui_catalogue *c, int form)
{
    int hits = 0;
    for (unsigned long n = 0; n < 2000; n++)
        hits += ui_catalogue_plural(c, n) == form;
    return hits == 1;
}

static void test_catalogues_complete(void)
{
    ui_catalogue *en = load_lang("en");
    CHECK(en != NULL);
    if (!en)
        return;
    CHECK(ui_catalogue_count(en) >= 100);
    /* strings Pavilion shows today, and those issue 10 adds */
    static const char *const required[] = {
        "video.cannot_play", "video.reconnecting", "place.loading", "place.failed",
        "common.close", "cinema.choose_film", "cinema.films", "cinema.next",
        "cinema.subtitles", "cinema.subtitles_off", "video.volume", "video.muted",
        "nav.close_hint", "menu.title", "map.title", "help.title", "lang.title",
        "team.role", "team.region", "team.languages", "team.contact", "comments.send",
        "kiosk.pin_prompt", "tip.back", "toast.fullscreen", "language.name",
        "language.direction"};
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
        if (ui_catalogue_find(en, required[i]) < 0) {
            fprintf(stderr, "  en.mo has no \"%s\"\n", required[i]);
            CHECK(!"a required key is missing from English");
        }
    for (int l = 0; l < LANG_COUNT; l++) {
        ui_catalogue *c = load_lang(s_langs[l]);
        CHECK(c != NULL);
        if (!c)
            continue;
        int missing = 0, extra = 0, stale = 0, forms = 0, formats = 0;
        for (int i = 0; i < ui_catalogue_count(en); i++) {
            const char *key = ui_catalogue_key(en, i);
            int k = ui_catalogue_find(c, key);
            if (k < 0) {
                fprintf(stderr, "  %s.mo has no \"%s\"\n", s_langs[l], key);
                missing++;
                continue;
            }
            /* translated from the current English text */
            const char *ps = ui_catalogue_plural_source(en, i);
            const char *pk = ui_catalogue_plural_source(c, k);
            if (strcmp(ui_catalogue_source(en, i), ui_catalogue_source(c, k)) != 0 ||
                (ps == NULL) != (pk == NULL) || (ps && strcmp(ps, pk) != 0)) {
                fprintf(stderr, "  %s.mo: \"%s\" translates another English text\n",
                        s_langs[l], key);
                stale++;
            }
            int want = ps ? ui_catalogue_nplurals(c) : 1;
            if (ui_catalogue_form_count(c, k) != want) {
                fprintf(stderr, "  %s.mo: \"%s\" has %d forms, expected %d\n", s_langs[l], key,
                        ui_catalogue_form_count(c, k), want);
                forms++;
            }
            for (int f = 0; f < ui_catalogue_form_count(c, k); f++) {
                const char *t = ui_catalogue_form(c, k, f);
                const char *ref = ps ? ps : ui_catalogue_source(en, i);
                bool exact = !ps || !form_serves_one_count(c, f);
                if (!*t || !ui_format_compatible(ref, t, exact)) {
                    fprintf(stderr, "  %s.mo: \"%s\" form %d \"%s\" does not take the "
                            "arguments of \"%s\"\n", s_langs[l], key, f, t, ref);
                    formats++;
                }
            }
        }
        for (int k = 0; k < ui_catalogue_count(c); k++)
            if (ui_catalogue_find(en, ui_catalogue_key(c, k)) < 0) {
                fprintf(stderr, "  %s.mo has \"%s\", which English lacks\n", s_langs[l],
                        ui_catalogue_key(c, k));
                extra++;
            }
        CHECK(missing == 0);
        CHECK(extra == 0);
        CHECK(stale == 0);
        CHECK(forms == 0);
        CHECK(formats == 0);
        /* a real translation, not English copied: most texts differ (ja, zh, ko, ru, ar
         * share no word with English; Latin-script languages share a few like "OK") */
        int same = 0;
        for (int k = 0; k < ui_catalogue_count(c); k++) {
            int i = ui_catalogue_find(en, ui_catalogue_key(c, k));
            if (i >= 0 && strcmp(ui_catalogue_form(c, k, 0), ui_catalogue_form(en, i, 0)) == 0)
                same++;
        }
        if (l > 0 && same * 5 > ui_catalogue_count(c)) {
            fprintf(stderr, "  %s.mo: %d of %d texts are the English ones\n", s_langs[l], same,
                    ui_catalogue_count(c));
            CHECK(!"a catalogue is mostly English");
        }
        ui_catalogue_free(&c);
        CHECK(c == NULL);
    }
    ui_catalogue_free(&en);
}

/* CLDR's cardinal categories for integers, in the order of each catalogue's forms. */
static void test_plural_rules(void)
{
    static const unsigned long counts[7] = {0, 1, 2, 5, 11, 21, 101};
    static const struct {
        const char *lang;
        int nplurals;
        int form[7];
    } expect[] = {
        /* one (n = 1), other */
        {"en", 2, {1, 0, 1, 1, 1, 1, 1}}, {"de", 2, {1, 0, 1, 1, 1, 1, 1}},
        {"es", 2, {1, 0, 1, 1, 1, 1, 1}}, {"it", 2, {1, 0, 1, 1, 1, 1, 1}},
        {"tr", 2, {1, 0, 1, 1, 1, 1, 1}},
        /* one (i = 0 or 1), other: 0 is singular in French and Brazilian Portuguese */
        {"fr", 2, {0, 0, 1, 1, 1, 1, 1}}, {"pt", 2, {0, 0, 1, 1, 1, 1, 1}},
        /* other only */
        {"ja", 1, {0, 0, 0, 0, 0, 0, 0}}, {"zh", 1, {0, 0, 0, 0, 0, 0, 0}},
        {"ko", 1, {0, 0, 0, 0, 0, 0, 0}},
        /* one (1, 21, 101), few (2-4, 22-24), many (0, 5-20, 25-30) */
        {"ru", 3, {2, 0, 1, 2, 2, 0, 0}},
        /* zero, one, two, few (n%100 = 3..10), many (n%100 = 11..99), other (100-102) */
        {"ar", 6, {0, 1, 2, 3, 4, 4, 5}},
    };
    for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        ui_catalogue *c = load_lang(expect[i].lang);
        CHECK(c != NULL);
        if (!c)
            continue;
        CHECK(ui_catalogue_nplurals(c) == expect[i].nplurals);
        for (int k = 0; k < 7; k++) {
            int got = ui_catalogue_plural(c, counts[k]);
            if (got != expect[i].form[k]) {
                fprintf(stderr, "  %s: %lu takes form %d, CLDR says %d\n", expect[i].lang,
                        counts[k], got, expect[i].form[k]);
                CHECK(!"plural form differs from CLDR");
            } else {
                CHECK(true);
            }
        }
        ui_catalogue_free(&c);
    }
    /* Russian teens and Arabic hundreds, the usual mistakes */
    ui_catalogue *ru = load_lang("ru"), *ar = load_lang("ar");
    if (ru && ar) {
        CHECK(ui_catalogue_plural(ru, 12) == 2 && ui_catalogue_plural(ru, 22) == 1);
        CHECK(ui_catalogue_plural(ru, 111) == 2 && ui_catalogue_plural(ru, 1001) == 0);
        CHECK(ui_catalogue_plural(ar, 100) == 5 && ui_catalogue_plural(ar, 102) == 5);
        CHECK(ui_catalogue_plural(ar, 103) == 3 && ui_catalogue_plural(ar, 111) == 4);
    }
    ui_catalogue_free(&ru);
    ui_catalogue_free(&ar);
}

static int eval_expr(const char *header, unsigned long n)
{
    ui_plural_rule *r = NULL;
    char why[256];
    if (ui_plural_parse(header, &r, why, sizeof(why)) != PV_OK)
        return -1;
    int v = ui_plural_eval(r, n);
    ui_plural_free(&r);
    CHECK(r == NULL);
    return v;
}

static void test_plural_parser(void)
{
    CHECK(eval_expr("nplurals=6; plural=2+3*4-10;", 0) == 4);
    CHECK(eval_expr("nplurals=6; plural=(2+3)*4-18;", 0) == 2);
    CHECK(eval_expr("nplurals=2; plural=n/0 + n%0;", 7) == 0); /* no SIGFPE */
    CHECK(eval_expr("nplurals=3; plural=!n ? 2 : n<=1 ? 0 : 1;", 0) == 2);
    CHECK(eval_expr("nplurals=3; plural=!n ? 2 : n<=1 ? 0 : 1;", 1) == 0);
    CHECK(eval_expr("nplurals=3; plural=!n ? 2 : n<=1 ? 0 : 1;", 9) == 1);
    CHECK(eval_expr("nplurals=2; plural=n>=2 && n!=5 || n==0;", 5) == 0);
    CHECK(eval_expr("nplurals=2; plural=n>=2 && n!=5 || n==0;", 0) == 1);
    CHECK(eval_expr("nplurals=2;plural=n != 1", 3) == 1); /* no closing ';' is fine */
    /* a value past nplurals is clamped into range */
    CHECK(eval_expr("nplurals=2; plural=n;", 9) == 1);
    static const char *const bad[] = {
        "", "plural=n!=1;", "nplurals=0; plural=0;", "nplurals=7; plural=0;",
        "nplurals=12; plural=0;", "nplurals=2; plural=(n!=1;", "nplurals=2; plural=n!=1);",
        "nplurals=2; plural=n ? 1;", "nplurals=2; plural=x;", "nplurals=2; plural=n!=1; junk",
        "nplurals=2; plural=;", "nplurals=2; plural=99999999999 > n;", "nplurals=2 plural=n;",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ui_plural_rule *r = NULL;
        char why[256] = "";
        pv_result res = ui_plural_parse(bad[i], &r, why, sizeof(why));
        if (res == PV_OK)
            fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
        CHECK(res != PV_OK && r == NULL && why[0]);
    }
    /* nesting and length are bounded, not the stack */
    char deep[4096] = "nplurals=2; plural=";
    for (int i = 0; i < 1000; i++)
        strcat(deep, "(");
    strcat(deep, "n");
    for (int i = 0; i < 1000; i++)
        strcat(deep, ")");
    CHECK(eval_expr(deep, 1) == -1);
    char nots[4096] = "nplurals=2; plural=";
    for (int i = 0; i < 2000; i++)
        strcat(nots, "!");
    strcat(nots, "n;");
    CHECK(eval_expr(nots, 1) == -1);
    char longx[8192] = "nplurals=2; plural=n";
    for (int i = 0; i < 500; i++)
        strcat(longx, "+n");
    CHECK(eval_expr(longx, 1) == -1);
}

static void test_formats(void)
{
    CHECK(ui_format_compatible("%d films", "%d фильмов", true));
    CHECK(ui_format_compatible("Stop %d of %d", "%2$d か所中 %1$d か所目", true));
    CHECK(ui_format_compatible("CC %s", "Sous-titres : %s", true));
    CHECK(ui_format_compatible("100%% of %s", "%s : 100 %%", true));
    CHECK(!ui_format_compatible("%d films", "%s films", false));
    CHECK(!ui_format_compatible("%d films", "%ld films", false));
    CHECK(!ui_format_compatible("%d films", "%d %d films", false));
    CHECK(!ui_format_compatible("%d films", "%n films", false));
    CHECK(!ui_format_compatible("%d films", "%*d films", false));
    CHECK(!ui_format_compatible("%d of %d", "%1$d of %d", false)); /* mixed */
    CHECK(!ui_format_compatible("%d", "%", false));
    CHECK(!ui_format_compatible("%d", "%10$d", false));
    CHECK(ui_format_compatible("%d films", "no films", false));
    CHECK(!ui_format_compatible("%d films", "no films", true));
    CHECK(ui_format_compatible("Go to %s", "%s へ移動", true));
}

/* ---- hand-made .mo files ---- */

typedef struct mo_item {
    const char *orig;   /* with "\4" between context and msgid */
    size_t orig_len;    /* 0: strlen */
    const char *trans;
    size_t trans_len;
} mo_item;

/* a string literal with NULs inside, and its length */
#define LIT(s) s, sizeof(s) - 1

static void put32(unsigned char *p, uint32_t v, bool big)
{
    for (int i = 0; i < 4; i++)
        p[big ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* A .mo file as msgfmt lays it out (header, two tables, strings), in either byte order. */
static size_t make_mo(unsigned char *buf, size_t cap, const mo_item *items, int n, bool big)
{
    size_t at = 28 + (size_t)n * 16;
    memset(buf, 0, cap);
    put32(buf, 0x950412de, big);
    put32(buf + 4, 0, big);
    put32(buf + 8, (uint32_t)n, big);
    put32(buf + 12, 28, big);
    put32(buf + 16, 28 + (uint32_t)n * 8, big);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            const char *s = pass ? items[i].trans : items[i].orig;
            size_t len = pass ? items[i].trans_len : items[i].orig_len;
            if (!len)
                len = strlen(s);
            unsigned char *slot = buf + 28 + (size_t)pass * (size_t)n * 8 + (size_t)i * 8;
            put32(slot, (uint32_t)len, big);
            put32(slot + 4, (uint32_t)at, big);
            memcpy(buf + at, s, len);
            at += len + 1;
        }
    return at;
}

static void write_file(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    fwrite(bytes, 1, n, f);
    fclose(f);
}

#define HEADER "Language: xx\nPlural-Forms: nplurals=2; plural=(n != 1);\n"

/* Loads a file that must be refused, with a message naming it. */
static void expect_refused(const char *dir, const char *name, const void *bytes, size_t n,
                           const char *reason)
{
    char path[1024], why[512] = "";
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    write_file(path, bytes, n);
    ui_catalogue *c = (ui_catalogue *)1;
    pv_result r = ui_catalogue_load(path, &c, why, sizeof(why));
    if (r == PV_OK || !strstr(why, name) || (reason && !strstr(why, reason)))
        fprintf(stderr, "  %s: result %d, message \"%s\"\n", name, (int)r, why);
    CHECK(r != PV_OK);
    CHECK(c == NULL);
    CHECK(strstr(why, name) != NULL);
    if (reason)
        CHECK(strstr(why, reason) != NULL);
}

static void test_malformed_mo(const char *dir)
{
    static unsigned char buf[4096];
    mo_item ok[] = {{"", 0, HEADER, 0},
                    {"cinema.play\4Play", 0, "Jouer", 0},
                    {LIT("menu.count\4%d place\0%d places"), LIT("%d lieu\0%d lieux")}};
    /* the reference: valid in both byte orders */
    for (int big = 0; big < 2; big++) {
        size_t n = make_mo(buf, sizeof(buf), ok, 3, big);
        char path[1024], why[512] = "";
        snprintf(path, sizeof(path), "%s/ok%d.mo", dir, big);
        write_file(path, buf, n);
        ui_catalogue *c = NULL;
        CHECK(ui_catalogue_load(path, &c, why, sizeof(why)) == PV_OK);
        CHECK(ui_catalogue_count(c) == 2);
        CHECK_STR(ui_catalogue_language(c), "xx");
        int k = ui_catalogue_find(c, "menu.count");
        CHECK(k >= 0 && ui_catalogue_form_count(c, k) == 2);
        CHECK_STR(ui_catalogue_form(c, k, 1), "%d lieux");
        CHECK_STR(ui_catalogue_plural_source(c, k), "%d places");
        CHECK_STR(ui_catalogue_source(c, ui_catalogue_find(c, "cinema.play")), "Play");
        ui_catalogue_free(&c);
    }
    size_t full = make_mo(buf, sizeof(buf), ok, 3, false);

    expect_refused(dir, "empty.mo", buf, 0, "not a .mo");
    expect_refused(dir, "short.mo", buf, 20, "not a .mo");
    unsigned char wrong[64];
    memcpy(wrong, "<html>this is not a catalogue at all</html>.....................", 64);
    expect_refused(dir, "magic.mo", wrong, sizeof(wrong), "magic");
    /* every proper prefix of a valid file */
    int refused = 0;
    for (size_t cut = 0; cut < full; cut++) {
        char path[1024], why[512] = "";
        snprintf(path, sizeof(path), "%s/cut.mo", dir);
        write_file(path, buf, cut);
        ui_catalogue *c = NULL;
        if (ui_catalogue_load(path, &c, why, sizeof(why)) != PV_OK && !c && strstr(why, "cut.mo"))
            refused++;
        ui_catalogue_free(&c);
    }
    CHECK(refused == (int)full);

    unsigned char bad[4096];
    /* more entries than the file holds */
    memcpy(bad, buf, full);
    put32(bad + 8, 100000, false);
    expect_refused(dir, "count.mo", bad, full, "truncated");
    memcpy(bad, buf, full);
    put32(bad + 8, 0xFFFFFFFFu, false);
    expect_refused(dir, "count2.mo", bad, full, NULL);
    /* a table offset past the end, and one that wraps around */
    memcpy(bad, buf, full);
    put32(bad + 16, 0xFFFFFFF0u, false);
    expect_refused(dir, "table.mo", bad, full, "truncated");
    /* a string offset past the end, and a length that wraps */
    memcpy(bad, buf, full);
    put32(bad + 28 + 8 + 4, (uint32_t)full + 10, false);
    expect_refused(dir, "offset.mo", bad, full, "outside");
    memcpy(bad, buf, full);
    put32(bad + 28 + 8, 0xFFFFFFFFu, false);
    expect_refused(dir, "length.mo", bad, full, "outside");
    /* a string whose terminating NUL is not there */
    memcpy(bad, buf, full);
    uint32_t off = 28 + 8 + 4 <= full ? (uint32_t)(bad[28 + 12] | bad[28 + 13] << 8) : 0;
    uint32_t len = (uint32_t)(bad[28 + 8] | bad[28 + 9] << 8);
    bad[off + len] = 'x';
    expect_refused(dir, "nul.mo", bad, full, "NUL");
    /* a newer revision */
    memcpy(bad, buf, full);
    put32(bad + 4, 2u << 16, false);
    expect_refused(dir, "revision.mo", bad, full, "revision");

    /* invalid UTF-8 (a lone continuation byte, an overlong '/', a surrogate) */
    static const char *const bad_utf8[] = {"Jou\x80r", "\xc0\xaf", "\xed\xa0\x80"};
    for (int i = 0; i < 3; i++) {
        mo_item items[] = {{"", 0, HEADER, 0}, {"cinema.play\4Play", 0, bad_utf8[i], 0}};
        size_t n = make_mo(bad, sizeof(bad), items, 2, false);
        expect_refused(dir, "utf8.mo", bad, n, "UTF-8");
    }
    /* the same key twice */
    mo_item twice[] = {{"", 0, HEADER, 0}, {"a\4A", 0, "1", 0}, {"a\4B", 0, "2", 0}};
    size_t n = make_mo(bad, sizeof(bad), twice, 3, false);
    expect_refused(dir, "twice.mo", bad, n, "twice");
    /* a Plural-Forms header that is not an expression */
    mo_item plural[] = {{"", 0, "Plural-Forms: nplurals=2; plural=(n != ;\n", 0}};
    n = make_mo(bad, sizeof(bad), plural, 1, false);
    expect_refused(dir, "plural.mo", bad, n, "Plural-Forms");
    /* more forms than any language has */
    mo_item seven[] = {{"", 0, HEADER, 0}, {LIT("k\4%d x\0%d xs"), LIT("1\0002\0003\0004\0005\0006\0007")}};
    n = make_mo(bad, sizeof(bad), seven, 2, false);
    expect_refused(dir, "seven.mo", bad, n, "plural forms");

    /* a translation that would read the wrong printf argument is dropped, the rest stays */
    mo_item formats[] = {{"", 0, HEADER, 0},
                         {"a.count\4%d places", 0, "%s lieux", 0},
                         {"b.count\4%d places", 0, "%n", 0},
                         {"c.name\4Go to %s", 0, "Aller à %s", 0}};
    n = make_mo(bad, sizeof(bad), formats, 4, false);
    char path[1024], why[512];
    snprintf(path, sizeof(path), "%s/formats.mo", dir);
    write_file(path, bad, n);
    ui_catalogue *c = NULL;
    CHECK(ui_catalogue_load(path, &c, why, sizeof(why)) == PV_OK);
    CHECK(ui_catalogue_count(c) == 1);
    CHECK(ui_catalogue_find(c, "a.count") < 0 && ui_catalogue_find(c, "b.count") < 0);
    CHECK(ui_catalogue_find(c, "c.name") >= 0);
    ui_catalogue_free(&c);

    /* a missing file */
    snprintf(path, sizeof(path), "%s/absent.mo", dir);
    why[0] = 0;
    CHECK(ui_catalogue_load(path, &c, why, sizeof(why)) == PV_ERR_IO && !c);
    CHECK(strstr(why, "absent.mo") != NULL);
}

/* The real English catalogue with bytes changed at random (a fixed seed): every result is a
 * catalogue or a message naming the file, and ASan sees no stray read. */
static void test_damaged_real_mo(const char *dir)
{
    char src[1024], why[512];
    snprintf(src, sizeof(src), "%s/en.mo", TEST_LOCALE_DIR);
    uint8_t *bytes = NULL;
    size_t size = 0;
    CHECK(pv_file_read(src, &bytes, &size, why, sizeof(why)) == PV_OK);
    if (!bytes)
        return;
    uint8_t *copy = pv_malloc(size);
    uint32_t seed = 12345;
    int loaded = 0, refused = 0;
    char path[1024];
    snprintf(path, sizeof(path), "%s/damaged.mo", dir);
    for (int round = 0; round < 300; round++) {
        memcpy(copy, bytes, size);
        int flips = 1 + round % 4;
        for (int i = 0; i < flips; i++) {
            seed = seed * 1103515245u + 12345u;
            /* half the damage in the tables at the front, where it hurts most */
            size_t at = (round & 1) ? (seed >> 8) % (size < 1024 ? size : 1024)
                                    : (seed >> 8) % size;
            seed = seed * 1103515245u + 12345u;
            copy[at] = (uint8_t)(seed >> 16);
        }
        size_t len = (round % 7 == 0) ? (seed >> 4) % size : size;
        write_file(path, copy, len);
        ui_catalogue *c = NULL;
        why[0] = 0;
        if (ui_catalogue_load(path, &c, why, sizeof(why)) == PV_OK) {
            loaded++;
            /* whatever survived is usable */
            for (int i = 0; i < ui_catalogue_count(c); i++)
                CHECK(ui_catalogue_form(c, i, 0) != NULL);
            ui_catalogue_free(&c);
        } else {
            refused++;
            if (!strstr(why, "damaged.mo"))
                fprintf(stderr, "  message without the file: %s\n", why);
            CHECK(strstr(why, "damaged.mo") != NULL);
        }
    }
    CHECK(loaded + refused == 300);
    CHECK(refused > 0);
    free(copy);
    free(bytes);
}

static void copy_file(const char *from, const char *to)
{
    uint8_t *bytes = NULL;
    size_t n = 0;
    char why[256];
    if (pv_file_read(from, &bytes, &n, why, sizeof(why)) != PV_OK) {
        fprintf(stderr, "%s\n", why);
        exit(1);
    }
    write_file(to, bytes, n);
    free(bytes);
}

static void test_strings(const char *dir)
{
    char why[512] = "";
    ui_strings *s = NULL;
    CHECK(ui_strings_create(&(ui_strings_desc){.dir = TEST_LOCALE_DIR}, &s, why, sizeof(why)) ==
          PV_OK);
    if (!s) {
        fprintf(stderr, "  %s\n", why);
        return;
    }
    CHECK_STR(ui_strings_language(s), "en");
    CHECK(ui_strings_generation(s) == 0);
    CHECK_STR(ui_str(s, "video.cannot_play"), "Cannot play this video");
    CHECK_STR(ui_str(s, "no.such.key"), "no.such.key");
    CHECK_STR(ui_str(s, NULL), "");
    CHECK(!ui_strings_rtl(s));
    char buf[256];
    snprintf(buf, sizeof(buf), ui_strn(s, "menu.place_count", 1), 1);
    CHECK_STR(buf, "1 place");
    snprintf(buf, sizeof(buf), ui_strn(s, "menu.place_count", 0), 0);
    CHECK_STR(buf, "0 places");
    CHECK_STR(ui_strn(s, "menu.place_count", -1), "%d place");

    const char *codes[32];
    int count = ui_strings_languages(s, codes, 32);
    CHECK(count == LANG_COUNT);
    for (int i = 0; i < LANG_COUNT; i++) {
        bool found = false;
        for (int k = 0; k < count && k < 32; k++)
            found |= strcmp(codes[k], s_langs[i]) == 0;
        CHECK(found);
    }
    CHECK_STR(ui_strings_language_name(s, "ja"), "日本語");
    CHECK_STR(ui_strings_language_name(s, "pt-BR"), "Português (Brasil)");
    CHECK_STR(ui_strings_language_name(s, "xx"), "xx");
    CHECK_STR(ui_strings_language(s), "en"); /* asking for a name switched nothing */
    CHECK(ui_strings_generation(s) == 0);

    /* switching at run time */
    CHECK(ui_strings_set_language(s, "ja", why, sizeof(why)) == PV_OK);
    CHECK(ui_strings_generation(s) == 1);
    CHECK_STR(ui_str(s, "common.close"), "閉じる");
    CHECK(ui_strings_set_language(s, "ja", why, sizeof(why)) == PV_OK);
    CHECK(ui_strings_generation(s) == 1); /* the same language: nothing to lay out again */
    CHECK(ui_strings_set_language(s, "ru_RU.UTF-8", why, sizeof(why)) == PV_OK);
    CHECK(ui_strings_generation(s) == 2);
    CHECK_STR(ui_strings_language(s), "ru-RU");
    static const struct { long n; const char *text; } ru[] = {
        {1, "1 фильм"}, {3, "3 фильма"}, {5, "5 фильмов"}, {11, "11 фильмов"},
        {21, "21 фильм"}, {0, "0 фильмов"}};
    for (size_t i = 0; i < sizeof(ru) / sizeof(ru[0]); i++) {
        snprintf(buf, sizeof(buf), ui_strn(s, "cinema.film_count", ru[i].n), (int)ru[i].n);
        CHECK_STR(buf, ru[i].text);
    }
    CHECK(ui_strings_set_language(s, "ar", why, sizeof(why)) == PV_OK);
    CHECK(ui_strings_rtl(s));
    CHECK_STR(ui_strn(s, "cinema.film_count", 2), "فيلمان");
    snprintf(buf, sizeof(buf), ui_strn(s, "cinema.film_count", 11), 11);
    CHECK_STR(buf, "11 فيلمًا");
    CHECK(ui_strings_set_language(s, "pt-br", why, sizeof(why)) == PV_OK);
    CHECK_STR(ui_strings_language(s), "pt-BR");
    CHECK_STR(ui_str(s, "nav.fullscreen"), "Tela cheia");
    snprintf(buf, sizeof(buf), ui_strn(s, "cinema.film_count", 0), 0);
    CHECK_STR(buf, "0 filme"); /* CLDR: 0 is singular in Brazilian Portuguese */
    uint32_t gen = ui_strings_generation(s);
    why[0] = 0;
    CHECK(ui_strings_set_language(s, "xx", why, sizeof(why)) == PV_ERR_IO);
    CHECK(strstr(why, "xx") != NULL);
    CHECK(ui_strings_set_language(s, "../en", why, sizeof(why)) != PV_OK);
    CHECK(ui_strings_set_language(s, "", why, sizeof(why)) == PV_ERR_INVALID);
    CHECK_STR(ui_strings_language(s), "pt-BR"); /* unchanged by the failures */
    CHECK(ui_strings_generation(s) == gen);
    CHECK(ui_strings_set_language(s, "en", why, sizeof(why)) == PV_OK);
    CHECK(!ui_strings_rtl(s));
    CHECK_STR(ui_str(s, "common.close"), "Close");

    /* choosing the starting language */
    char lang[64];
    ui_strings_choose_language(s, "de_CH", NULL, lang, sizeof(lang));
    CHECK_STR(lang, "de-CH");
    ui_strings_choose_language(s, "eo", NULL, lang, sizeof(lang)); /* asked for: kept */
    CHECK_STR(lang, "eo");
    ui_strings_choose_language(s, NULL, NULL, lang, sizeof(lang));
    CHECK_STR(lang, "en");
    ui_strings_choose_language(s, "it", getenv, lang, sizeof(lang)); /* getenv fits */
    CHECK_STR(lang, "it");
    ui_strings_destroy(&s);
    CHECK(s == NULL);
    ui_strings_destroy(&s); /* NULL is fine */

    /* English beneath a partial catalogue; the key beneath English */
    char path[1024], en_path[1024];
    snprintf(en_path, sizeof(en_path), "%s/en.mo", TEST_LOCALE_DIR);
    snprintf(path, sizeof(path), "%s/en.mo", dir);
    copy_file(en_path, path);
    static unsigned char mo[4096];
    mo_item partial[] = {{"", 0, "Language: fr\nPlural-Forms: nplurals=2; plural=(n > 1);\n", 0},
                         {"common.close\4Close", 0, "Fermer", 0}};
    size_t n = make_mo(mo, sizeof(mo), partial, 2, false);
    snprintf(path, sizeof(path), "%s/fr.mo", dir);
    write_file(path, mo, n);
    snprintf(path, sizeof(path), "%s/de.mo", dir);
    write_file(path, "not a catalogue", 15);
    CHECK(ui_strings_create(&(ui_strings_desc){.dir = dir}, &s, why, sizeof(why)) == PV_OK);
    CHECK(ui_strings_set_language(s, "fr", why, sizeof(why)) == PV_OK);
    CHECK_STR(ui_str(s, "common.close"), "Fermer");
    CHECK_STR(ui_str(s, "common.back"), "Back");
    CHECK_STR(ui_str(s, "no.such.key"), "no.such.key");
    why[0] = 0;
    CHECK(ui_strings_set_language(s, "de", why, sizeof(why)) == PV_ERR_FORMAT);
    CHECK(strstr(why, "de.mo") != NULL);
    CHECK_STR(ui_strings_language(s), "fr");
    ui_strings_destroy(&s);

    /* no English: refused with the file named, and lookups still answer */
    snprintf(path, sizeof(path), "%s/none", dir);
    pv_make_dirs(path);
    why[0] = 0;
    CHECK(ui_strings_create(&(ui_strings_desc){.dir = path}, &s, why, sizeof(why)) == PV_ERR_IO);
    CHECK(s == NULL && strstr(why, "en.mo") != NULL);
    CHECK_STR(ui_str(NULL, "common.close"), "common.close");
    CHECK_STR(ui_strn(NULL, "menu.place_count", 3), "menu.place_count");
}

/* A fake environment for ui_strings_choose_language (getenv's type). */
static const char *s_env[4][2];
static char *fake_getenv(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (s_env[i][0] && strcmp(s_env[i][0], name) == 0)
            return (char *)s_env[i][1];
    return NULL;
}

static void set_env(const char *language, const char *lc_all, const char *lc_messages,
                    const char *lang)
{
    s_env[0][0] = "LANGUAGE", s_env[0][1] = language;
    s_env[1][0] = "LC_ALL", s_env[1][1] = lc_all;
    s_env[2][0] = "LC_MESSAGES", s_env[2][1] = lc_messages;
    s_env[3][0] = "LANG", s_env[3][1] = lang;
}

static void test_choose_language(void)
{
    char why[512], lang[64];
    ui_strings *s = NULL;
    CHECK(ui_strings_create(&(ui_strings_desc){.dir = TEST_LOCALE_DIR}, &s, why, sizeof(why)) ==
          PV_OK);
    if (!s)
        return;
    static const struct {
        const char *cli, *language, *lc_all, *lc_messages, *lang, *expect;
    } cases[] = {
        {"ko", "de", "fr_FR.UTF-8", NULL, "ja_JP.UTF-8", "ko"},      /* --lang first */
        {NULL, "eo:de_AT:fr", NULL, NULL, "ja_JP.UTF-8", "de-AT"},    /* LANGUAGE, in order */
        {NULL, "", "fr_FR@euro", "it_IT", "ja_JP", "fr-FR"},          /* then LC_ALL */
        {NULL, NULL, NULL, "it_IT.UTF-8", "ja_JP", "it-IT"},          /* then LC_MESSAGES */
        {NULL, NULL, NULL, NULL, "ja_JP.UTF-8", "ja-JP"},             /* then LANG */
        {NULL, NULL, NULL, NULL, "zh_CN.GB18030", "zh-CN"},
        {NULL, NULL, "C", NULL, "ja_JP.UTF-8", "en"},                 /* C: no preference */
        {NULL, NULL, "POSIX", NULL, NULL, "en"},
        {NULL, NULL, NULL, NULL, "eo_XX.UTF-8", "en"},                /* no catalogue */
        {NULL, NULL, NULL, NULL, NULL, "en"},
        {NULL, "../../etc/passwd", NULL, NULL, NULL, "en"},           /* not a language */
        {NULL, "tr", NULL, NULL, NULL, "tr"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        set_env(cases[i].language, cases[i].lc_all, cases[i].lc_messages, cases[i].lang);
        ui_strings_choose_language(s, cases[i].cli, fake_getenv, lang, sizeof(lang));
        if (strcmp(lang, cases[i].expect) != 0)
            fprintf(stderr, "  case %zu: chose \"%s\", expected \"%s\"\n", i, lang,
                    cases[i].expect);
        CHECK_STR(lang, cases[i].expect);
        /* and the choice switches the interface */
        CHECK(ui_strings_set_language(s, lang, why, sizeof(why)) == PV_OK ||
              strcmp(lang, "eo") == 0);
    }
    ui_strings_destroy(&s);

    static const struct { const char *in, *out; } norm[] = {
        {"pt_BR.UTF-8", "pt-BR"}, {"ZH_cn", "zh-CN"}, {"zh-hans", "zh-Hans"},
        {"de_DE@euro", "de-DE"}, {"C", ""}, {"C.UTF-8", ""}, {"POSIX", ""}, {"", ""},
        {"en", "en"}, {"sr_RS@latin", "sr-RS"}, {"a/b", ""}, {"en_", ""}, {"_en", ""},
        {"es-419", "es-419"}};
    for (size_t i = 0; i < sizeof(norm) / sizeof(norm[0]); i++) {
        char out[32];
        ui_strings_normalize(norm[i].in, out, sizeof(out));
        CHECK_STR(out, norm[i].out);
    }
}

static void test_find_dir(const char *dir)
{
    char out[1024];
    setenv("PAVILION_LOCALE_DIR", TEST_LOCALE_DIR, 1);
    CHECK(ui_strings_find_dir("/nonexistent", out, sizeof(out)));
    CHECK_STR(out, TEST_LOCALE_DIR);
    unsetenv("PAVILION_LOCALE_DIR");
    /* the build tree: <exe_dir>/locale (the folder made by test_strings holds en.mo) */
    char exe[1024], loc[1100];
    snprintf(exe, sizeof(exe), "%s/bin", dir);
    snprintf(loc, sizeof(loc), "%s/locale", exe);
    pv_make_dirs(loc);
    char from[1024], to[1200];
    snprintf(from, sizeof(from), "%s/en.mo", TEST_LOCALE_DIR);
    snprintf(to, sizeof(to), "%s/en.mo", loc);
    copy_file(from, to);
    CHECK(ui_strings_find_dir(exe, out, sizeof(out)));
    CHECK_STR(out, loc);
    /* installed: <exe_dir>/../share/pavilion/locale wins over the build tree */
    snprintf(loc, sizeof(loc), "%s/share/pavilion/locale", dir);
    pv_make_dirs(loc);
    snprintf(to, sizeof(to), "%s/en.mo", loc);
    copy_file(from, to);
    CHECK(ui_strings_find_dir(exe, out, sizeof(out)));
    CHECK(strstr(out, "/share/pavilion/locale") != NULL);
    CHECK(!ui_strings_find_dir("/nonexistent", out, sizeof(out)));
}

int main(void)
{
    char dir[512];
    check_tmpdir(dir, sizeof(dir), "strings-test");
    test_catalogues_complete();
    test_plural_rules();
    test_plural_parser();
    test_formats();
    test_malformed_mo(dir);
    test_damaged_real_mo(dir);
    test_strings(dir);
    test_choose_language();
    test_find_dir(dir);
    check_rmdir(dir);
    return check_done();
}
