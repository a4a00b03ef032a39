/* scene_files_test: the files a scene reaches are checked by their real path (core's
 * pv_path_confine and pv_file_open, through scene_load): symbolic links and "../" out of the
 * scene's folder, a directory, a symlink loop, a dangling link, a FIFO (as the scene and as a
 * panorama: refused at once, never waited on), names stored in decomposed Unicode (as macOS
 * writes them), and the "assets" folders. Every case is built in a scratch folder here.
 * The whole test runs under an alarm: a hang is a failure, not a stuck ctest.
 * Single-threaded. */
#include "core/core.h"
#include "scene/scene.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define FIXTURES TEST_SOURCE_DIR "/fixtures/scene"

/* "Café" composed (U+00E9) and decomposed (e + U+0301). */
#define CAFE_NFC "Caf\xC3\xA9"
#define CAFE_NFD "Cafe\xCC\x81"

static char s_dir[512];

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "scene_files_test: timed out (something blocked on a file)\n";
    if (write(2, msg, sizeof(msg) - 1) < 0)
        _exit(2);
    _exit(2);
}

static char *at(const char *rel) { return pv_asprintf("%s/%s", s_dir, rel); }

static void copy_file(const char *from, const char *to_rel)
{
    uint8_t *bytes;
    size_t n;
    char why[256];
    if (pv_file_read(from, &bytes, &n, why, sizeof(why)) != PV_OK) {
        fprintf(stderr, "cannot read %s: %s\n", from, why);
        exit(1);
    }
    char *to = at(to_rel);
    FILE *f = fopen(to, "wb");
    if (!f || fwrite(bytes, 1, n, f) != n) {
        fprintf(stderr, "cannot write %s\n", to);
        exit(1);
    }
    fclose(f);
    free(to);
    free(bytes);
}

static void make_link(const char *target, const char *rel)
{
    char *p = at(rel);
    if (symlink(target, p) != 0) {
        fprintf(stderr, "cannot make the link %s\n", p);
        exit(1);
    }
    free(p);
}

static void make_dir(const char *rel)
{
    char *p = at(rel);
    if (!pv_make_dirs(p)) {
        fprintf(stderr, "cannot make %s\n", p);
        exit(1);
    }
    free(p);
}

/* Line `line` of `text` and the column (1-based, bytes = characters here: ASCII lines) of
 * the value of the first "key": on it. */
static int value_col(const char *text, int line, const char *key)
{
    const char *p = text;
    for (int i = 1; i < line && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    char *needle = pv_asprintf("\"%s\": ", key);
    const char *k = p ? strstr(p, needle) : NULL;
    int col = k ? (int)(k - p) + (int)strlen(needle) + 1 : -1;
    free(needle);
    return col;
}

static bool has_error(const pv_diags *d, int line, int col, const char *text)
{
    for (int i = 0; i < d->count; i++) {
        const pv_diag *g = &d->items[i];
        if (g->severity == PV_SEV_ERROR && g->line == line && g->col == col &&
            strstr(g->message, text))
            return true;
    }
    fprintf(stderr, "no error at %d:%d containing '%s'; the messages were:\n", line, col, text);
    char buf[2048];
    for (int i = 0; i < d->count; i++) {
        pv_diag_format(&d->items[i], buf, sizeof(buf));
        fprintf(stderr, "    %s\n", buf);
    }
    return false;
}

#define CHECK_ERROR(d, text_, line, key, msg)                                               \
    CHECK(has_error(d, line, value_col(text_, line, key), msg))

/* The scratch tree:
 *   outside.jpg                    beside the scene's folder
 *   media/poster.jpg               a shared folder, named by "assets" in one scene
 *   expo/panoramas/lobby.jpg
 *   expo/panoramas/Café.jpg        stored decomposed
 *   expo/panoramas/Nat<NFC>.jpg    stored composed (the scene writes it decomposed)
 *   expo/in.jpg -> panoramas/lobby.jpg        a link that stays inside: fine
 *   expo/out.jpg -> ../outside.jpg            a link that leaves
 *   expo/abs.jpg -> /etc/passwd (absolute)    a link that leaves
 *   expo/up -> ..                             a folder link that leaves
 *   expo/loop-a.jpg <-> expo/loop-b.jpg       a loop
 *   expo/dangling.jpg -> nothing.jpg
 *   expo/pipe.jpg                             a FIFO
 *   expo/pipe.json                            a FIFO as the scene itself */
static void build_tree(void)
{
    make_dir("expo/panoramas");
    make_dir("media");
    copy_file(FIXTURES "/panoramas/lobby.jpg", "outside.jpg");
    copy_file(FIXTURES "/panoramas/lobby.jpg", "media/poster.jpg");
    copy_file(FIXTURES "/panoramas/lobby.jpg", "expo/panoramas/lobby.jpg");
    copy_file(FIXTURES "/panoramas/lobby.jpg", "expo/panoramas/" CAFE_NFD ".jpg");
    copy_file(FIXTURES "/panoramas/lobby.jpg", "expo/panoramas/Nat" CAFE_NFC ".jpg");
    make_link("panoramas/lobby.jpg", "expo/in.jpg");
    make_link("../outside.jpg", "expo/out.jpg");
    make_link("/etc/passwd", "expo/abs.jpg");
    make_link("..", "expo/up");
    make_link("loop-b.jpg", "expo/loop-a.jpg");
    make_link("loop-a.jpg", "expo/loop-b.jpg");
    make_link("nothing.jpg", "expo/dangling.jpg");
    char *fifo = at("expo/pipe.jpg");
    char *fifo_scene = at("expo/pipe.json");
    if (mkfifo(fifo, 0600) != 0 || mkfifo(fifo_scene, 0600) != 0) {
        fprintf(stderr, "cannot make a FIFO in %s\n", s_dir);
        exit(1);
    }
    free(fifo);
    free(fifo_scene);
}

static void test_confined_paths(void)
{
    const char *json =
        "{\"format\": \"pavilion/1\", \"places\": [\n"                        /* 1 */
        "  {\"id\": \"ok\", \"panorama\": \"in.jpg\"},\n"                     /* 2 */
        "  {\"id\": \"out\", \"panorama\": \"out.jpg\"},\n"                   /* 3 */
        "  {\"id\": \"abs\", \"panorama\": \"abs.jpg\"},\n"                   /* 4 */
        "  {\"id\": \"up\", \"panorama\": \"up/outside.jpg\"},\n"             /* 5 */
        "  {\"id\": \"dotdot\", \"panorama\": \"../outside.jpg\"},\n"         /* 6 */
        "  {\"id\": \"dir\", \"panorama\": \"panoramas\"},\n"                 /* 7 */
        "  {\"id\": \"loop\", \"panorama\": \"loop-a.jpg\"},\n"               /* 8 */
        "  {\"id\": \"dangling\", \"panorama\": \"dangling.jpg\"},\n"         /* 9 */
        "  {\"id\": \"fifo\", \"panorama\": \"pipe.jpg\"},\n"                 /* 10 */
        "  {\"id\": \"missing\", \"panorama\": \"panoramas/none.jpg\"},\n"    /* 11 */
        "  {\"id\": \"model\", \"model\": \"out.jpg\", \"environment\": \"pipe.jpg\"}\n" /* 12 */
        "]}\n";
    char *path = at("expo/expo.json");
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(json, path, &ex, &d) == PV_ERR_FORMAT);
    CHECK(ex == NULL);
    CHECK(d.errors == 11);
    CHECK_ERROR(&d, json, 3, "panorama", "panorama \"out.jpg\" leads outside the scene's folder");
    CHECK_ERROR(&d, json, 4, "panorama", "panorama \"abs.jpg\" leads outside the scene's folder");
    CHECK_ERROR(&d, json, 4, "panorama", "its real path is \"/etc/passwd\"");
    CHECK_ERROR(&d, json, 5, "panorama", "panorama \"up/outside.jpg\" leads outside");
    CHECK_ERROR(&d, json, 6, "panorama", "panorama \"../outside.jpg\" leads outside");
    CHECK_ERROR(&d, json, 7, "panorama", "panorama \"panoramas\" is a directory");
    CHECK_ERROR(&d, json, 8, "panorama", "panorama \"loop-a.jpg\" is a symlink loop");
    CHECK_ERROR(&d, json, 9, "panorama", "is a symbolic link to \"nothing.jpg\", which does "
                                         "not exist");
    CHECK_ERROR(&d, json, 10, "panorama", "panorama \"pipe.jpg\" is a FIFO");
    CHECK_ERROR(&d, json, 11, "panorama", "panorama file \"panoramas/none.jpg\" not found");
    CHECK_ERROR(&d, json, 12, "model", "model \"out.jpg\" leads outside");
    CHECK_ERROR(&d, json, 12, "environment", "environment \"pipe.jpg\" is a FIFO");
    /* The first place, a link that stays inside, is fine: no message on line 2. */
    for (int i = 0; i < d.count; i++)
        CHECK(d.items[i].line != 2);
    pv_diags_free(&d);
    free(path);
}

/* Names that differ only by Unicode normalisation are found, both ways round. */
static void test_unicode_names(void)
{
    CHECK(pv_unicode_same(CAFE_NFC, CAFE_NFD));
    CHECK(pv_unicode_same("abc", "abc"));
    CHECK(!pv_unicode_same("abc", "abd"));
    CHECK(!pv_unicode_same(CAFE_NFC, "Cafe"));

    const char *json =
        "{\"format\": \"pavilion/1\", \"places\": [\n"
        "  {\"id\": \"nfc\", \"panorama\": \"panoramas/" CAFE_NFC ".jpg\"},\n"
        "  {\"id\": \"nfd\", \"panorama\": \"panoramas/Nat" CAFE_NFD ".jpg\"},\n"
        "  {\"id\": \"none\", \"panorama\": \"panoramas/Th" CAFE_NFC ".jpg\"}\n"
        "]}\n";
    char *path = at("expo/expo.json");
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(json, path, &ex, &d) == PV_ERR_FORMAT);
    CHECK(d.errors == 1);
    CHECK(has_error(&d, 4, 30, "panorama file \"panoramas/Th" CAFE_NFC ".jpg\" not found"));
    pv_diags_free(&d);

    /* Without the missing one, the scene loads and names the files as they are on disk. */
    const char *ok =
        "{\"format\": \"pavilion/1\", \"places\": [\n"
        "  {\"id\": \"nfc\", \"panorama\": \"panoramas/" CAFE_NFC ".jpg\"},\n"
        "  {\"id\": \"nfd\", \"panorama\": \"panoramas/Nat" CAFE_NFD ".jpg\"}\n"
        "]}\n";
    CHECK(scene_load_string(ok, path, &ex, &d) == PV_OK);
    CHECK(d.count == 0);
    if (ex) {
        char *want_nfd = at("expo/panoramas/" CAFE_NFD ".jpg");
        char *want_nfc = at("expo/panoramas/Nat" CAFE_NFC ".jpg");
        CHECK_STR(ex->places[0].panorama, want_nfd);
        CHECK_STR(ex->places[1].panorama, want_nfc);
        CHECK(pv_file_exists(ex->places[0].panorama));
        free(want_nfd);
        free(want_nfc);
    }
    scene_free(&ex);
    pv_diags_free(&d);
    free(path);
}

/* "assets" names more folders the scene may use; everything else stays refused. */
static void test_assets(void)
{
    const char *json =
        "{\"format\": \"pavilion/1\", \"assets\": [\"../media\"], \"places\": [\n"
        "  {\"id\": \"a\", \"panorama\": \"../media/poster.jpg\"},\n"
        "  {\"id\": \"b\", \"panorama\": \"../outside.jpg\"},\n"
        "  {\"id\": \"c\", \"panorama\": \"panoramas/lobby.jpg\"}\n"
        "]}\n";
    char *path = at("expo/expo.json");
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    CHECK(scene_load_string(json, path, &ex, &d) == PV_ERR_FORMAT);
    CHECK(d.errors == 1);
    CHECK_ERROR(&d, json, 3, "panorama", "panorama \"../outside.jpg\" leads outside the "
                                         "scene's folders");
    pv_diags_free(&d);

    const char *ok =
        "{\"format\": \"pavilion/1\", \"assets\": [\"../media\"], \"places\": [\n"
        "  {\"id\": \"a\", \"panorama\": \"../media/poster.jpg\"}\n"
        "]}\n";
    CHECK(scene_load_string(ok, path, &ex, &d) == PV_OK);
    if (ex) {
        CHECK(ex->root_count == 2);
        char *media = pv_path_real(s_dir);
        char *want = pv_asprintf("%s/media", media);
        CHECK_STR(ex->roots[1], want);
        free(want);
        free(media);
    }
    scene_free(&ex);

    const char *bad =
        "{\"format\": \"pavilion/1\", \"assets\": [\"../nowhere\", \"/srv\", 3,\n"
        "  \"../outside.jpg\"],\n"
        "  \"places\": [{\"id\": \"a\", \"panorama\": \"panoramas/lobby.jpg\"}]}\n";
    CHECK(scene_load_string(bad, path, &ex, &d) == PV_ERR_FORMAT);
    CHECK(d.errors == 4);
    CHECK(has_error(&d, 1, 37, "assets folder \"../nowhere\" was not found"));
    CHECK(has_error(&d, 1, 51, "assets folder \"/srv\" is an absolute path"));
    CHECK(has_error(&d, 1, 59, "\"assets\" must be an array of folder paths"));
    CHECK(has_error(&d, 2, 3, "assets folder \"../outside.jpg\" is not a folder"));
    pv_diags_free(&d);
    free(path);
}

/* The scene file itself: a FIFO or a directory is refused at once with what it is. */
static void test_scene_file(void)
{
    char *fifo = at("expo/pipe.json");
    char *dir = at("expo/panoramas");
    char *loop = at("expo/loop-a.jpg");
    struct { const char *path, *text; } cases[] = {
        {fifo, "cannot read the scene file: it is a FIFO"},
        {dir, "cannot read the scene file: it is a directory"},
        {loop, "cannot read the scene file: it is a symlink loop"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pv_diags d = {0};
        scene_exhibit *ex = NULL;
        CHECK(scene_load(cases[i].path, &ex, &d) == PV_ERR_IO);
        CHECK(ex == NULL);
        CHECK(d.errors == 1 && strstr(d.items[0].message, cases[i].text));
        pv_diags_free(&d);
    }
    free(fifo);
    free(dir);
    free(loop);
}

/* The core helpers directly. */
static void test_core_helpers(void)
{
    char why[512];
    char *fifo = at("expo/pipe.jpg");
    CHECK(pv_file_open(fifo, false, why, sizeof(why)) < 0);
    CHECK(strstr(why, "FIFO") != NULL);
    char *in = at("expo/in.jpg");
    int fd = pv_file_open(in, false, why, sizeof(why));
    CHECK(fd >= 0);
    if (fd >= 0) {
        /* Opened for blocking reads again after the non-blocking open. */
        CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) == 0);
        close(fd);
    }
    CHECK(pv_file_open(in, true, why, sizeof(why)) < 0);
    CHECK(strstr(why, "symbolic link") != NULL);
    CHECK(pv_file_open("/dev/null", false, why, sizeof(why)) < 0);
    CHECK(strstr(why, "device") != NULL);

    char *root = at("expo");
    char *real_root = pv_path_real(root);
    const char *roots[] = {real_root};
    char *found = NULL;
    CHECK(pv_path_confine(roots, 1, in, &found, why, sizeof(why)) == PV_PATH_OK);
    CHECK_STR(found, in);
    free(found);
    char *out = at("expo/out.jpg");
    CHECK(pv_path_confine(roots, 1, out, &found, why, sizeof(why)) == PV_PATH_OUTSIDE);
    CHECK(found == NULL);
    /* A folder sharing the root's name as a prefix is not inside it. */
    char *sibling = pv_asprintf("%s-2", real_root);
    const char *prefix_roots[] = {sibling};
    CHECK(pv_path_confine(prefix_roots, 1, in, NULL, why, sizeof(why)) == PV_PATH_OUTSIDE);
    CHECK(pv_path_confine(roots, 1, fifo, NULL, why, sizeof(why)) == PV_PATH_NOT_REGULAR);
    CHECK(pv_path_confine(roots, 1, root, NULL, why, sizeof(why)) == PV_PATH_DIRECTORY);
    CHECK(pv_path_confine(NULL, 0, in, NULL, why, sizeof(why)) == PV_PATH_OUTSIDE);
    free(sibling);
    free(out);
    free(real_root);
    free(root);
    free(in);
    free(fifo);
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    alarm(60);
    check_tmpdir(s_dir, sizeof(s_dir), "scene-files");
    build_tree();
    test_confined_paths();
    test_unicode_names();
    test_assets();
    test_scene_file();
    test_core_helpers();
    check_rmdir(s_dir);
    return check_done();
}
