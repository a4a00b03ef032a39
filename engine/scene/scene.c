/* scene: loads "pavilion/1" scene files into an immutable exhibit model.
 *
 * jansson parses the values but keeps no positions, and every message must say file:line:col;
 * the position index (json_pos.c, scene_internal.h) records where each value was written and
 * the validator asks it.
 *
 * Lines are 1-based. Columns are 1-based and count characters (Unicode code points), the way
 * jansson counts them in its own syntax errors, so both kinds of message agree; a UTF-8 byte
 * order mark at the start of the file is skipped and not counted.
 *
 * Threads: any thread may load (no shared state); the exhibit returned is read-only.
 * Ownership: the exhibit owns every string in it; scene_free releases the whole tree. */
#include "scene/scene.h"
#include "scene/scene_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <stb/stb_image.h>

#define SCENE_FORMAT "pavilion/1"
#define SCENE_FADE_DEFAULT 0.6f
#define SCENE_FADE_MAX 10.0
#define SCENE_FOV_DEFAULT 90.0
#define SCENE_FOV_MIN_DEFAULT 30.0
#define SCENE_FOV_MAX_DEFAULT 110.0
#define SCENE_FOV_LOWEST 5.0
#define SCENE_FOV_HIGHEST 170.0

/* ------------------------------------------------------------------------------------------ */
/* Loader context and messages                                                                */
/* ------------------------------------------------------------------------------------------ */

typedef struct scene_loader {
    const char *file;     /* as given by the caller, for messages */
    pv_diags *diags;
    scene_pos_index ix;
    scene_exhibit *ex;
    const char **place_ids; /* per place, borrowed from the jansson tree; NULL if unusable */
    int *id_slots;          /* open addressing over place_ids: first index + 1, 0 = free */
    size_t id_slot_count;   /* power of two, at least twice the places */
    int suggestions;        /* "did you mean" searches so far (each scans every place) */
    json_t *hotspot_ids;    /* hotspot "id" -> [line, col] of its first use */
} scene_loader;

static void loader_vreport(scene_loader *L, pv_severity sev, scene_pos at, const char *fmt,
                           va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    pv_diags_add(L->diags, sev, L->file, at.line, at.col, "%s", buf);
}

__attribute__((format(printf, 3, 4)))
static void loader_error(scene_loader *L, scene_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    loader_vreport(L, PV_SEV_ERROR, at, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void loader_warning(scene_loader *L, scene_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    loader_vreport(L, PV_SEV_WARNING, at, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void loader_note(scene_loader *L, scene_pos at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    loader_vreport(L, PV_SEV_NOTE, at, fmt, ap);
    va_end(ap);
}

/* Where the value of member `key` (or item `index` when key is NULL) of `parent` starts.
 * Falls back to `fallback` so a message is never without a place. */
static scene_pos loader_value_pos(const scene_loader *L, const json_t *parent, const char *key,
                                  size_t index, scene_pos fallback)
{
    const scene_pos_entry *e = scene_pos_find(&L->ix, parent, key, index);
    return e ? e->value_pos : fallback;
}

static scene_pos loader_key_pos(const scene_loader *L, const json_t *parent, const char *key,
                                scene_pos fallback)
{
    const scene_pos_entry *e = scene_pos_find(&L->ix, parent, key, 0);
    return e ? e->key_pos : fallback;
}

/* What a value is, for "found ..." in messages: `string "30"`, `number 12`, `an array`. */
static void describe_json(const json_t *v, char *buf, size_t n)
{
    switch (json_typeof(v)) {
    case JSON_STRING: {
        const char *s = json_string_value(v);
        if (strlen(s) > 40)
            snprintf(buf, n, "string \"%.37s...\"", s);
        else
            snprintf(buf, n, "string \"%s\"", s);
        break;
    }
    case JSON_INTEGER:
        snprintf(buf, n, "number %" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        snprintf(buf, n, "number %g", json_real_value(v));
        break;
    case JSON_TRUE:
        snprintf(buf, n, "true");
        break;
    case JSON_FALSE:
        snprintf(buf, n, "false");
        break;
    case JSON_NULL:
        snprintf(buf, n, "null");
        break;
    case JSON_ARRAY:
        snprintf(buf, n, "an array");
        break;
    case JSON_OBJECT:
        snprintf(buf, n, "an object");
        break;
    }
}

/* The closest candidate within a small edit distance, or NULL. Short names need a closer
 * match, so "x" is not "corrected" into some unrelated one-letter id. */
static const char *closest_name(const char *name, const char *const *candidates, int count)
{
    const char *best = NULL;
    int best_d = 3;
    int len = (int)strlen(name);
    int limit = len <= 2 ? 1 : 2;
    for (int i = 0; i < count; i++) {
        if (!candidates[i])
            continue;
        int d = pv_edit_distance(name, candidates[i]);
        if (d > 0 && d <= limit && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

static void type_error(scene_loader *L, scene_pos at, const char *key, const char *expected,
                       const json_t *found)
{
    char what[96];
    describe_json(found, what, sizeof(what));
    loader_error(L, at, "\"%s\" must be %s, found %s", key, expected, what);
}

/* Warns about members that pavilion/1 does not know in `obj`. Keys starting with '_' are the
 * authors' own notes (JSON has no comments) and pass silently. */
static void check_keys(scene_loader *L, const json_t *obj, const char *const *known,
                       const char *where, scene_pos obj_at)
{
    int known_count = 0;
    while (known[known_count])
        known_count++;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value) {
        (void)value;
        if (key[0] == '_')
            continue;
        bool ok = false;
        for (int i = 0; i < known_count && !ok; i++)
            ok = strcmp(key, known[i]) == 0;
        if (ok)
            continue;
        scene_pos at = loader_key_pos(L, obj, key, obj_at);
        const char *hint = closest_name(key, known, known_count);
        if (hint)
            loader_warning(L, at, "unknown key \"%s\" in %s (did you mean \"%s\"?)", key, where,
                           hint);
        else
            loader_warning(L, at, "unknown key \"%s\" in %s; it is ignored", key, where);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Values                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/* Reads a number member. Returns true and sets *out when present and a number; reports a
 * missing required member (at obj_at, with `missing_hint`) or a wrong type. */
static bool get_number(scene_loader *L, const json_t *obj, const char *key, scene_pos obj_at,
                       const char *owner, const char *missing_hint, double *out,
                       scene_pos *value_at)
{
    const json_t *v = json_object_get(obj, key);
    scene_pos at = loader_value_pos(L, obj, key, 0, obj_at);
    if (value_at)
        *value_at = at;
    if (!v) {
        if (missing_hint)
            loader_error(L, obj_at, "%s has no \"%s\"; %s", owner, key, missing_hint);
        return false;
    }
    if (!json_is_number(v)) {
        type_error(L, at, key, "a number", v);
        return false;
    }
    *out = json_number_value(v);
    return true;
}

/* Like get_number for strings; the string stays owned by the jansson tree. */
static const char *get_string(scene_loader *L, const json_t *obj, const char *key,
                              scene_pos obj_at, const char *owner, const char *missing_hint,
                              scene_pos *value_at)
{
    const json_t *v = json_object_get(obj, key);
    scene_pos at = loader_value_pos(L, obj, key, 0, obj_at);
    if (value_at)
        *value_at = at;
    if (!v) {
        if (missing_hint)
            loader_error(L, obj_at, "%s has no \"%s\"; %s", owner, key, missing_hint);
        return NULL;
    }
    if (!json_is_string(v)) {
        type_error(L, at, key, "a string", v);
        return NULL;
    }
    return json_string_value(v);
}

/* "en", "de", "pt-BR", "zh-Hans": 2-3 lowercase letters, then optional "-" subtags of
 * 2-8 letters or digits (a BCP 47 subset that covers what content teams write). */
static bool lang_code_valid(const char *s)
{
    size_t n = 0;
    while (s[n] >= 'a' && s[n] <= 'z')
        n++;
    if (n < 2 || n > 3)
        return false;
    s += n;
    while (*s == '-') {
        s++;
        n = 0;
        while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
               (s[n] >= '0' && s[n] <= '9'))
            n++;
        if (n < 2 || n > 8)
            return false;
        s += n;
    }
    return *s == 0;
}

static void text_add(scene_text *t, const char *lang, const char *value, scene_pos at)
{
    t->items = pv_realloc(t->items, sizeof(*t->items) * (size_t)(t->count + 1));
    t->items[t->count].lang = pv_strdup(lang);
    t->items[t->count].value = pv_strdup(value);
    t->items[t->count].line = at.line;
    t->items[t->count].col = at.col;
    t->count++;
}

static void text_free(scene_text *t)
{
    for (int i = 0; i < t->count; i++) {
        free(t->items[i].lang);
        free(t->items[i].value);
    }
    free(t->items);
    t->items = NULL;
    t->count = 0;
}

/* A text member: a string, or a map from language codes to strings. */
static bool get_text(scene_loader *L, const json_t *obj, const char *key, scene_pos obj_at,
                     const char *owner, const char *missing_hint, scene_text *out)
{
    const json_t *v = json_object_get(obj, key);
    scene_pos at = loader_value_pos(L, obj, key, 0, obj_at);
    if (!v) {
        if (missing_hint)
            loader_error(L, obj_at, "%s has no \"%s\"; %s", owner, key, missing_hint);
        return false;
    }
    out->line = at.line;
    out->col = at.col;
    if (json_is_string(v)) {
        text_add(out, "", json_string_value(v), at);
        return true;
    }
    if (!json_is_object(v)) {
        type_error(L, at, key, "a string or a language map like {\"en\": \"...\"}", v);
        return false;
    }
    if (json_object_size(v) == 0) {
        loader_error(L, at, "\"%s\" has no languages; write a string or a map like "
                     "{\"en\": \"...\"}", key);
        return false;
    }
    bool ok = true;
    const char *lang;
    json_t *item;
    json_object_foreach((json_t *)v, lang, item) {
        if (!lang_code_valid(lang)) {
            loader_error(L, loader_key_pos(L, v, lang, at),
                         "\"%s\" in \"%s\" is not a language code; use a code like \"en\", "
                         "\"de\" or \"pt-BR\"", lang, key);
            ok = false;
            continue;
        }
        if (!json_is_string(item)) {
            char what[96];
            describe_json(item, what, sizeof(what));
            loader_error(L, loader_value_pos(L, v, lang, 0, at),
                         "\"%s\" text for \"%s\" must be a string, found %s", key, lang, what);
            ok = false;
            continue;
        }
        text_add(out, lang, json_string_value(item), loader_key_pos(L, v, lang, at));
    }
    return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Validation                                                                                 */
/* ------------------------------------------------------------------------------------------ */

static size_t id_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 29));
}

/* The place ids in a hash table, so linking targets costs the same for 20 places or 20,000.
 * A duplicate id keeps its first place. */
static void place_ids_index(scene_loader *L)
{
    size_t n = 16;
    while (n < (size_t)L->ex->place_count * 2)
        n *= 2;
    L->id_slots = pv_calloc(n, sizeof(*L->id_slots));
    L->id_slot_count = n;
    for (int i = 0; i < L->ex->place_count; i++) {
        const char *id = L->place_ids[i];
        if (!id)
            continue;
        size_t s = id_hash(id) & (n - 1);
        while (L->id_slots[s] && strcmp(L->place_ids[L->id_slots[s] - 1], id) != 0)
            s = (s + 1) & (n - 1);
        if (!L->id_slots[s])
            L->id_slots[s] = i + 1;
    }
}

static int place_index_of(const scene_loader *L, const char *id)
{
    if (!L->id_slot_count)
        return -1;
    size_t n = L->id_slot_count;
    for (size_t s = id_hash(id) & (n - 1); L->id_slots[s]; s = (s + 1) & (n - 1))
        if (strcmp(L->place_ids[L->id_slots[s] - 1], id) == 0)
            return L->id_slots[s] - 1;
    return -1;
}

/* Each suggestion compares the name with every place: a file with thousands of broken
 * targets gets suggestions for the first ones only, so loading it stays linear. */
#define SCENE_SUGGESTIONS_MAX 64

/* Reports an unknown place id with a suggestion, or the list of ids when there are few. */
static void report_unknown_place(scene_loader *L, scene_pos at, const char *what,
                                 const char *name, const char *field)
{
    int count = L->ex->place_count;
    if (L->suggestions++ >= SCENE_SUGGESTIONS_MAX) {
        loader_error(L, at, "%s \"%s\" is not a place", what, name);
        return;
    }
    const char *hint = closest_name(name, L->place_ids, count);
    if (hint) {
        loader_error(L, at, "%s \"%s\" is not a place (did you mean \"%s\"?)", what, name, hint);
        return;
    }
    char list[512] = "";
    size_t used = 0;
    int listed = 0;
    bool more = false;
    for (int i = 0; i < count; i++) {
        if (!L->place_ids[i] || place_index_of(L, L->place_ids[i]) != i)
            continue; /* unusable or a duplicate: listed once */
        int w = listed < 8 ? snprintf(list + used, sizeof(list) - used, "%s\"%s\"",
                                      listed ? ", " : "", L->place_ids[i])
                           : -1;
        if (w < 0 || (size_t)w >= sizeof(list) - used) {
            list[used] = 0;
            more = true;
            break;
        }
        used += (size_t)w;
        listed++;
    }
    if (listed)
        loader_error(L, at, "%s \"%s\" is not a place; \"%s\" must be the \"id\" of a place "
                     "(places: %s%s)", what, name, field, list, more ? ", ..." : "");
    else
        loader_error(L, at, "%s \"%s\" is not a place", what, name);
}

static bool pitch_valid(scene_loader *L, double pitch, scene_pos at, const char *owner)
{
    if (pitch >= -90.0 && pitch <= 90.0)
        return true;
    loader_error(L, at, "%s \"pitch\" %g is out of range; it must be between -90 (straight "
                 "down) and 90 (straight up)", owner, pitch);
    return false;
}

static void load_view(scene_loader *L, const json_t *place, scene_pos place_at, scene_place *p)
{
    p->view = (scene_view){0.0f, 0.0f, (float)SCENE_FOV_DEFAULT};
    p->fov_min = (float)SCENE_FOV_MIN_DEFAULT;
    p->fov_max = (float)SCENE_FOV_MAX_DEFAULT;
    const json_t *view = json_object_get(place, "view");
    if (!view)
        return;
    scene_pos at = loader_value_pos(L, place, "view", 0, place_at);
    if (!json_is_object(view)) {
        type_error(L, at, "view", "an object like {\"yaw\": 0, \"pitch\": 0, \"fov\": 90}",
                   view);
        return;
    }
    static const char *const known[] = {"yaw", "pitch", "fov", "fov_min", "fov_max", NULL};
    check_keys(L, view, known, "view", at);

    double yaw = 0, pitch = 0, fov = SCENE_FOV_DEFAULT;
    double fov_min = SCENE_FOV_MIN_DEFAULT, fov_max = SCENE_FOV_MAX_DEFAULT;
    scene_pos pitch_at, fov_at, min_at, max_at;
    if (get_number(L, view, "yaw", at, "view", NULL, &yaw, NULL))
        p->view.yaw = pv_wrap_deg((float)yaw);
    if (get_number(L, view, "pitch", at, "view", NULL, &pitch, &pitch_at) &&
        pitch_valid(L, pitch, pitch_at, "view"))
        p->view.pitch = (float)pitch;

    bool limits_ok = true;
    bool has_min = get_number(L, view, "fov_min", at, "view", NULL, &fov_min, &min_at);
    bool has_max = get_number(L, view, "fov_max", at, "view", NULL, &fov_max, &max_at);
    if (has_min && fov_min < SCENE_FOV_LOWEST) {
        loader_error(L, min_at, "\"fov_min\" %g is too small; it must be at least %g degrees",
                     fov_min, SCENE_FOV_LOWEST);
        limits_ok = false;
    }
    if (has_max && fov_max > SCENE_FOV_HIGHEST) {
        loader_error(L, max_at, "\"fov_max\" %g is too large; it must be at most %g degrees",
                     fov_max, SCENE_FOV_HIGHEST);
        limits_ok = false;
    }
    if (limits_ok && fov_min > fov_max) {
        loader_error(L, has_max ? max_at : min_at,
                     "\"fov_min\" %g is larger than \"fov_max\" %g; the zoom range must not be "
                     "empty", fov_min, fov_max);
        limits_ok = false;
    }
    if (!limits_ok)
        return;
    p->fov_min = (float)fov_min;
    p->fov_max = (float)fov_max;

    if (get_number(L, view, "fov", at, "view", NULL, &fov, &fov_at)) {
        if (fov < fov_min || fov > fov_max) {
            loader_error(L, fov_at, "\"fov\" %g is outside the zoom range [%g, %g]; change it "
                         "or set \"fov_min\"/\"fov_max\"", fov, fov_min, fov_max);
            return;
        }
        p->view.fov = (float)fov;
    } else if (SCENE_FOV_DEFAULT < fov_min || SCENE_FOV_DEFAULT > fov_max) {
        /* The default must fit limits the author narrowed; take the nearest end. */
        p->view.fov = pv_clampf((float)SCENE_FOV_DEFAULT, (float)fov_min, (float)fov_max);
    }
}

/* A file path member: resolved inside the scene's folder and checked to exist. Returns the
 * resolved path (caller owns) or NULL; *src gets a copy of the text as written. */
static char *load_path(scene_loader *L, const json_t *obj, const char *key, scene_pos obj_at,
                       const char *owner, const char *missing_hint, const char *what,
                       char **src_out, int *line, int *col)
{
    scene_pos at;
    const char *src = get_string(L, obj, key, obj_at, owner, missing_hint, &at);
    if (!src)
        return NULL;
    *src_out = pv_strdup(src);
    *line = at.line;
    *col = at.col;
    if (!*src) {
        loader_error(L, at, "\"%s\" is empty; give the path of %s, relative to the scene file",
                     key, what);
        return NULL;
    }
    char why[768];
    if (src[0] == '/' || strchr(src, '\\') || (strlen(src) > 1 && src[1] == ':')) {
        loader_error(L, at, "%s \"%s\" is an absolute path; write it relative to the scene file",
                     key, src);
        return NULL;
    }
    /* Without "assets" folders a path that leaves the folder by its text is refused before
     * anything is looked up; otherwise its real path decides. */
    if (L->ex->root_count == 1) {
        char *inside = pv_path_resolve_inside(L->ex->dir, L->ex->dir, src, why, sizeof(why));
        if (!inside) {
            loader_error(L, at, "%s %s", key, why);
            return NULL;
        }
        free(inside);
    }
    char *joined = pv_path_join(L->ex->dir, src);
    char *resolved = pv_path_normalize(joined);
    free(joined);
    char *found = NULL;
    pv_path_status st = pv_path_confine((const char *const *)L->ex->roots, L->ex->root_count,
                                        resolved, &found, why, sizeof(why));
    if (st == PV_PATH_NOT_FOUND && strcmp(why, "was not found") == 0)
        loader_error(L, at, "%s file \"%s\" not found (looked for \"%s\")", key, src,
                     pv_path_display(resolved));
    else if (st == PV_PATH_DIRECTORY)
        loader_error(L, at, "%s \"%s\" is a directory; give the path of %s in it", key, src,
                     what);
    else if (st != PV_PATH_OK)
        loader_error(L, at, "%s \"%s\" %s", key, src, why);
    free(resolved);
    return found;
}

/* The network streams a video may be (FFmpeg opens them; see docs/video.md). */
static const char *const s_stream_schemes[] = {"http", "https", "rtmp", "rtmps", "rtsp", "srt",
                                               NULL};

/* Length of the URL scheme that starts `s` ("http" in "http://..."), 0 when there is none.
 * One letter followed by ':' is a Windows drive, left to the path rules. */
static size_t url_scheme_len(const char *s)
{
    if (!isalpha((unsigned char)s[0]))
        return 0;
    size_t n = 1;
    while (isalnum((unsigned char)s[n]) || s[n] == '+' || s[n] == '-' || s[n] == '.')
        n++;
    return n >= 2 && s[n] == ':' ? n : 0;
}

/* A video's path member: a file (as load_path) or a stream's URL, which is kept (the scheme in
 * lower case, as FFmpeg wants it) and neither resolved nor checked to exist. */
static char *load_video_path(scene_loader *L, const json_t *obj, const char *key,
                             scene_pos obj_at, const char *owner, const char *missing_hint,
                             const char *what, char **src_out, int *line, int *col, bool *url)
{
    *url = false;
    const json_t *jv = json_object_get(obj, key);
    size_t n = json_is_string(jv) ? url_scheme_len(json_string_value(jv)) : 0;
    if (!n)
        return load_path(L, obj, key, obj_at, owner, missing_hint, what, src_out, line, col);
    scene_pos at;
    const char *src = get_string(L, obj, key, obj_at, owner, missing_hint, &at);
    if (!src)
        return NULL;
    *src_out = pv_strdup(src);
    *line = at.line;
    *col = at.col;
    bool known = false;
    for (int i = 0; s_stream_schemes[i] && !known; i++)
        known = strlen(s_stream_schemes[i]) == n && strncasecmp(src, s_stream_schemes[i], n) == 0;
    if (!known && n == 4 && strncasecmp(src, "file", 4) == 0) {
        loader_error(L, at, "%s \"%s\": file: URLs are not used; write the path relative to the "
                     "scene file, e.g. \"videos/clip.mp4\"", key, src);
        return NULL;
    }
    if (!known) {
        loader_error(L, at, "%s \"%s\": \"%.*s:\" is not something a video can play; give a "
                     "file relative to the scene file, or a stream's http://, https://, "
                     "rtmp://, rtmps://, rtsp:// or srt:// URL", key, src, (int)n, src);
        return NULL;
    }
    bool slashes = strncmp(src + n, "://", 3) == 0;
    if (!slashes || !src[n + 3] || strchr("/?#:", src[n + 3])) {
        loader_error(L, at, "%s \"%s\" is not a complete URL; write it as %.*s://server/path",
                     key, src, (int)n, src);
        return NULL;
    }
    for (const char *c = src; *c; c++) {
        if ((unsigned char)*c <= ' ' || *c == 0x7f) {
            loader_error(L, at, "%s URL \"%s\" contains a space or a control character; "
                         "write a space as %%20", key, src);
            return NULL;
        }
    }
    char *path = pv_strdup(src);
    for (size_t i = 0; i < n; i++)
        path[i] = (char)tolower((unsigned char)path[i]);
    *url = true;
    return path;
}

/* "position": [x, y, z] and the like. */
static bool get_vec3(scene_loader *L, const json_t *obj, const char *key, scene_pos obj_at,
                     float out[3], scene_pos *value_at)
{
    const json_t *v = json_object_get(obj, key);
    scene_pos at = loader_value_pos(L, obj, key, 0, obj_at);
    if (value_at)
        *value_at = at;
    if (!v)
        return false;
    if (!json_is_array(v) || json_array_size(v) != 3 || !json_is_number(json_array_get(v, 0)) ||
        !json_is_number(json_array_get(v, 1)) || !json_is_number(json_array_get(v, 2))) {
        type_error(L, at, key, "three numbers like [0, 1.2, 0]", v);
        return false;
    }
    for (int i = 0; i < 3; i++)
        out[i] = (float)json_number_value(json_array_get(v, (size_t)i));
    return true;
}


/* A true/false member. */
static bool get_bool(scene_loader *L, const json_t *obj, const char *key, scene_pos obj_at,
                     bool *out)
{
    const json_t *v = json_object_get(obj, key);
    if (!v)
        return false;
    if (!json_is_boolean(v)) {
        type_error(L, loader_value_pos(L, obj, key, 0, obj_at), key, "true or false", v);
        return false;
    }
    *out = json_is_true(v);
    return true;
}

/* Files FFmpeg plays as video, by extension (a panorama with one is a 360 video). */
static bool is_video_path(const char *path)
{
    static const char *const exts[] = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".ogv", NULL};
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return false;
    for (int i = 0; exts[i]; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return true;
    return false;
}

/* "video", "autoplay", "loop" and "volume" of a hotspot, screen or film. */
static void load_video(scene_loader *L, const json_t *obj, scene_pos at, const char *owner,
                       const char *missing_hint, bool autoplay, bool loop, scene_video *out)
{
    out->autoplay = autoplay;
    out->loop = loop;
    out->volume = 1.0f;
    out->path = load_video_path(L, obj, "video", at, owner, missing_hint,
                                "a video file (.mp4, .webm, .mkv, .mov) or a stream's URL",
                                &out->src, &out->line, &out->col, &out->url);
    get_bool(L, obj, "autoplay", at, &out->autoplay);
    get_bool(L, obj, "loop", at, &out->loop);
    double vol;
    scene_pos v_at;
    if (get_number(L, obj, "volume", at, owner, NULL, &vol, &v_at)) {
        if (!(vol >= 0.0 && vol <= 1.0))
            loader_error(L, v_at, "\"volume\" %g is outside 0..1 (1 = as recorded, 0 = "
                         "silent)", vol);
        else
            out->volume = (float)vol;
    }
}

/* A screen's width on the sphere, in degrees. */
static void load_width(scene_loader *L, const json_t *obj, scene_pos at, const char *owner,
                       const char *missing_hint, float *out)
{
    double w;
    scene_pos w_at;
    if (get_number(L, obj, "width", at, owner, missing_hint, &w, &w_at)) {
        if (!(w > 0.5 && w < 170.0))
            loader_error(L, w_at, "\"width\" %g degrees is out of range; a screen is between "
                         "1 and 170 degrees wide", w);
        else
            *out = (float)w;
    }
}

static void video_free(scene_video *v)
{
    free(v->path);
    free(v->src);
    free(v->poster);
    free(v->poster_src);
}

static void load_panorama(scene_loader *L, const json_t *place, scene_pos place_at,
                          scene_place *p, const char *owner)
{
    bool tiled = json_object_get(place, "cube") || json_object_get(place, "multires");
    if ((p->model_src || tiled) && !json_object_get(place, "panorama"))
        return; /* a model place needs no panorama; cube and multires are panoramas */
    p->panorama = load_video_path(L, place, "panorama", place_at, owner,
                                  "give the path of its equirectangular image (or of a 3D "
                                  "\"model\", or its \"cube\" faces or \"multires\" tiles), "
                                  "relative to the scene file",
                                  "an equirectangular image", &p->panorama_src,
                                  &p->panorama_line, &p->panorama_col, &p->panorama_url);
    /* a stream is always a video */
    if (p->panorama_src && (p->panorama_url || is_video_path(p->panorama_src))) {
        p->panorama_video = true;
        if (p->model_src)
            loader_error(L, (scene_pos){p->panorama_line, p->panorama_col},
                         "a model place cannot have a video panorama; use \"screens\" to "
                         "show video on the model");
    }
}

/* The size of an image file from its header (JPEG or PNG), without decoding it. */
static bool image_size(const char *path, int *w, int *h)
{
    int comp;
    return stbi_info(path, w, h, &comp) == 1 && *w > 0 && *h > 0;
}

/* An image member ("photo", the map's "image"): a file inside the scene's folder that is a
 * JPEG or PNG (checked from its header). Returns the resolved path or NULL. */
static char *load_image(scene_loader *L, const json_t *obj, const char *key, scene_pos obj_at,
                        const char *owner, const char *missing_hint, char **src, int *line,
                        int *col, int *w, int *h)
{
    char *path = load_path(L, obj, key, obj_at, owner, missing_hint, "an image (JPEG or PNG)",
                           src, line, col);
    int iw = 0, ih = 0;
    if (path && !image_size(path, &iw, &ih)) {
        loader_error(L, (scene_pos){*line, *col}, "%s \"%s\" is not a JPEG or PNG image",
                     key, *src);
        free(path);
        return NULL;
    }
    if (w)
        *w = iw;
    if (h)
        *h = ih;
    return path;
}

/* A video's optional "poster" (hotspots and screens): a JPEG or PNG shown until it plays. */
static void load_poster(scene_loader *L, const json_t *obj, scene_pos at, const char *owner,
                        scene_video *v)
{
    if (json_object_get(obj, "poster"))
        v->poster = load_image(L, obj, "poster", at, owner, NULL, &v->poster_src,
                               &v->poster_line, &v->poster_col, NULL, NULL);
}

/* A hotspot's optional "id": a non-empty name, unique in the whole exhibit, so a tour, a
 * test or `shot --open` can name the hotspot whatever place it is in. */
static void load_hotspot_id(scene_loader *L, const json_t *hs, scene_pos at, scene_hotspot *h)
{
    scene_pos id_at;
    const char *id = get_string(L, hs, "id", at, "hotspot", NULL, &id_at);
    if (!id)
        return;
    if (!*id) {
        loader_error(L, id_at, "hotspot \"id\" is empty; give it a name or leave it out");
        return;
    }
    h->id = pv_strdup(id);
    const json_t *first = json_object_get(L->hotspot_ids, id);
    if (first) {
        loader_error(L, id_at, "duplicate hotspot id \"%s\"; each hotspot needs its own id",
                     id);
        loader_note(L, (scene_pos){(int)json_integer_value(json_array_get(first, 0)),
                                   (int)json_integer_value(json_array_get(first, 1))},
                    "\"%s\" is first used here", id);
        return;
    }
    json_object_set_new(L->hotspot_ids, id, json_pack("[ii]", id_at.line, id_at.col));
}

/* The items of a "languages" array (at `at`): valid language codes, each once; the others
 * are reported and left out. Returns the codes (caller owns; never NULL). */
static char **load_codes(scene_loader *L, const json_t *arr, scene_pos at, int *count)
{
    size_t n = json_array_size(arr);
    char **codes = pv_calloc(n ? n : 1, sizeof(char *));
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        scene_pos v_at = loader_value_pos(L, arr, NULL, i, at);
        if (!json_is_string(v)) {
            type_error(L, v_at, "languages", "a list of language codes like \"ja\"", v);
            continue;
        }
        const char *code = json_string_value(v);
        if (!lang_code_valid(code)) {
            loader_error(L, v_at, "\"%s\" in \"languages\" is not a language code; use a code "
                         "like \"en\", \"ja\" or \"pt-BR\"", code);
            continue;
        }
        bool twice = false;
        for (int k = 0; k < *count; k++)
            twice |= strcmp(codes[k], code) == 0;
        if (twice) {
            loader_error(L, v_at, "\"%s\" is in \"languages\" twice", code);
            continue;
        }
        codes[(*count)++] = pv_strdup(code);
    }
    return codes;
}

/* "languages": ["en", "ja"] of a team member: codes, each once. */
static void load_spoken(scene_loader *L, const json_t *obj, scene_pos at, scene_person *person)
{
    const json_t *arr = json_object_get(obj, "languages");
    if (!arr)
        return;
    scene_pos arr_at = loader_value_pos(L, obj, "languages", 0, at);
    if (!json_is_array(arr)) {
        type_error(L, arr_at, "languages", "an array of language codes like [\"en\", \"ja\"]",
                   arr);
        return;
    }
    person->languages = load_codes(L, arr, arr_at, &person->language_count);
}

/* "people": the cards of a team hotspot. */
static void load_people(scene_loader *L, const json_t *hs, scene_pos at, scene_hotspot *h)
{
    const json_t *arr = json_object_get(hs, "people");
    scene_pos arr_at = loader_value_pos(L, hs, "people", 0, at);
    if (!arr) {
        loader_error(L, at, "team hotspot has no \"people\"; add \"people\": [{\"name\": "
                     "..., \"role\": ..., \"photo\": ...}]");
        return;
    }
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        type_error(L, arr_at, "people", "a non-empty array of people like [{\"name\": ...}]",
                   arr);
        return;
    }
    size_t n = json_array_size(arr);
    h->people = pv_calloc(n, sizeof(*h->people));
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(arr, i);
        scene_pos o_at = loader_value_pos(L, arr, NULL, i, arr_at);
        if (!json_is_object(o)) {
            type_error(L, o_at, "people", "objects like {\"name\": ..., \"role\": ...}", o);
            continue;
        }
        static const char *const known[] = {"name", "role", "region", "languages", "contact",
                                            "photo", NULL};
        check_keys(L, o, known, "person", o_at);
        scene_person *person = &h->people[h->person_count++];
        person->line = o_at.line;
        person->col = o_at.col;
        get_text(L, o, "name", o_at, "person", "add \"name\": the name on the card",
                 &person->name);
        get_text(L, o, "role", o_at, "person", NULL, &person->role);
        get_text(L, o, "region", o_at, "person", NULL, &person->region);
        get_text(L, o, "contact", o_at, "person", NULL, &person->contact);
        if (json_object_get(o, "photo"))
            person->photo = load_image(L, o, "photo", o_at, "person", NULL, &person->photo_src,
                                       &person->photo_line, &person->photo_col, NULL, NULL);
        load_spoken(L, o, o_at, person);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Panoramas already cut into cube faces: "cube" (six images) and "multires" (a tile pyramid  */
/* in Pannellum's layout; docs/scene-format.md)                                               */
/* ------------------------------------------------------------------------------------------ */

static const char *const s_cube_faces[] = {"front", "right", "back", "left", "up", "down", NULL};

/* A file or folder a cube or pyramid names: inside the scene's folder, and there. */
static char *tiled_resolve(scene_loader *L, scene_pos at, const char *key, const char *src,
                           bool folder)
{
    if (!*src) {
        loader_error(L, at, "\"%s\" is empty; give a path relative to the scene file", key);
        return NULL;
    }
    char why[768];
    /* As load_path: the text stays inside without "assets", the real path decides. */
    char *resolved = pv_path_resolve_inside(L->ex->dir, L->ex->dir, src, why, sizeof(why));
    if (!resolved) {
        loader_error(L, at, "%s %s", key, why);
        return NULL;
    }
    char *found = NULL;
    pv_path_status st = pv_path_confine((const char *const *)L->ex->roots, L->ex->root_count,
                                        resolved, &found, why, sizeof(why));
    if (folder && st == PV_PATH_DIRECTORY) {
        /* A folder: its real path must lie in one of the scene's folders. */
        char *real = pv_path_real(resolved);
        for (int i = 0; real && i < L->ex->root_count && !found; i++) {
            if (!L->ex->roots[i])
                continue;
            size_t n = strlen(L->ex->roots[i]);
            if (strncmp(real, L->ex->roots[i], n) == 0 && (real[n] == '/' || !real[n]))
                found = pv_strdup(resolved);
        }
        if (!found && real)
            loader_error(L, at, "%s folder \"%s\" leads outside the scene's folders (its real "
                         "path is %s)", key, src, pv_path_display(real));
        free(real);
    } else if (st == PV_PATH_OK && folder) {
        loader_error(L, at, "%s \"%s\" is a file; give the folder of the tiles", key, src);
        free(found);
        found = NULL;
    } else if (st == PV_PATH_NOT_FOUND) {
        loader_error(L, at, "%s %s \"%s\" not found (looked for \"%s\")", key,
                     folder ? "folder" : "file", src, pv_path_display(resolved));
    } else if (st == PV_PATH_DIRECTORY) {
        loader_error(L, at, "%s \"%s\" is a directory; give the path of an image", key, src);
    } else if (st != PV_PATH_OK) {
        loader_error(L, at, "%s \"%s\" %s", key, src, why);
    }
    free(resolved);
    return found;
}

static void cube_face(scene_loader *L, scene_cube *c, int face, const json_t *v, scene_pos at,
                      const char *key)
{
    if (!json_is_string(v)) {
        type_error(L, at, key, "the path of a square image", v);
        return;
    }
    c->face_src[face] = pv_strdup(json_string_value(v));
    c->face_line[face] = at.line;
    c->face_col[face] = at.col;
    c->face[face] = tiled_resolve(L, at, key, c->face_src[face], false);
}

static void load_cube(scene_loader *L, const json_t *place, scene_pos place_at, scene_place *p)
{
    const json_t *v = json_object_get(place, "cube");
    if (!v)
        return;
    scene_pos at = loader_value_pos(L, place, "cube", 0, place_at);
    scene_cube *c = pv_calloc(1, sizeof(*c));
    c->line = at.line;
    c->col = at.col;
    p->cube = c;
    if (json_is_array(v)) {
        size_t n = json_array_size(v);
        if (n != 6)
            loader_error(L, at, "\"cube\" lists %zu images; give six, in Pannellum's cubeMap "
                         "order: front, right, back, left, up, down", n);
        for (size_t i = 0; i < n && i < 6; i++) {
            char key[32];
            snprintf(key, sizeof(key), "cube %s face", s_cube_faces[i]);
            cube_face(L, c, (int)i, json_array_get(v, i), loader_value_pos(L, v, NULL, i, at),
                      key);
        }
    } else if (json_is_object(v)) {
        check_keys(L, v, s_cube_faces, "cube", at);
        for (int i = 0; i < 6; i++) {
            const json_t *f = json_object_get(v, s_cube_faces[i]);
            if (!f) {
                loader_error(L, at, "\"cube\" has no \"%s\"; give all six faces: front, right, "
                             "back, left, up, down", s_cube_faces[i]);
                continue;
            }
            cube_face(L, c, i, f, loader_value_pos(L, v, s_cube_faces[i], 0, at),
                      s_cube_faces[i]);
        }
    } else {
        type_error(L, at, "cube", "an object {\"front\": ..., \"right\": ..., \"back\": ..., "
                   "\"left\": ..., \"up\": ..., \"down\": ...} or an array of those six images",
                   v);
    }
}

/* A member of "multires" under our name or Pannellum's (one of them, not both). */
static const json_t *multires_member(scene_loader *L, const json_t *m, scene_pos at,
                                     const char *ours, const char *theirs, const char **used,
                                     scene_pos *value_at)
{
    const json_t *a = json_object_get(m, ours), *b = theirs ? json_object_get(m, theirs) : NULL;
    if (a && b)
        loader_error(L, loader_key_pos(L, m, theirs, at), "\"multires\" gives both \"%s\" and "
                     "Pannellum's \"%s\"; keep one", ours, theirs);
    *used = a ? ours : theirs;
    *value_at = at;
    if (a || b)
        *value_at = loader_value_pos(L, m, a ? ours : theirs, 0, at);
    return a ? a : b;
}

static int multires_int(scene_loader *L, const json_t *m, scene_pos at, const char *ours,
                        const char *theirs, const char *meaning)
{
    const char *key;
    scene_pos v_at;
    const json_t *v = multires_member(L, m, at, ours, theirs, &key, &v_at);
    if (!v) {
        loader_error(L, at, "\"multires\" has no \"%s\" (Pannellum's \"%s\"); give %s", ours,
                     theirs, meaning);
        return 0;
    }
    double x = json_is_number(v) ? json_number_value(v) : -1;
    if (!json_is_number(v) || x != floor(x) || x < 1 || x > 1 << 20) {
        type_error(L, v_at, key, "a whole number from 1 to 1048576", v);
        return 0;
    }
    return (int)x;
}

/* A path pattern: a string holding every placeholder in `needs`. */
static char *multires_pattern(scene_loader *L, const json_t *m, scene_pos at, const char *ours,
                              const char *theirs, const char *fallback_value, bool tiles)
{
    const char *key;
    scene_pos v_at;
    const json_t *v = multires_member(L, m, at, ours, theirs, &key, &v_at);
    if (!v)
        return fallback_value ? pv_strdup(fallback_value) : NULL;
    if (!json_is_string(v)) {
        type_error(L, v_at, key, "a path pattern like \"/%l/%s%y_%x\"", v);
        return NULL;
    }
    const char *s = json_string_value(v);
    static const char *const tile_needs[] = {"%s", "%l", "%x", "%y", NULL};
    static const char *const face_needs[] = {"%s", NULL};
    for (const char *const *n = tiles ? tile_needs : face_needs; *n; n++) {
        if (!strstr(s, *n)) {
            loader_error(L, v_at, "\"%s\" \"%s\" has no %s; a %s path holds %s", key, s, *n,
                         tiles ? "tile" : "fallback",
                         tiles ? "%s (face), %l (level), %x (column) and %y (row)"
                               : "%s (the face letter)");
            return NULL;
        }
    }
    if (strstr(s, "..")) {
        loader_error(L, v_at, "\"%s\" \"%s\" must stay inside the tile folder", key, s);
        return NULL;
    }
    return s[0] == '/' ? pv_strdup(s) : pv_asprintf("/%s", s);
}

static void load_multires(scene_loader *L, const json_t *place, scene_pos place_at,
                          scene_place *p)
{
    const json_t *m = json_object_get(place, "multires");
    if (!m)
        return;
    scene_pos at = loader_value_pos(L, place, "multires", 0, place_at);
    if (!json_is_object(m)) {
        type_error(L, at, "multires", "an object like {\"path\": \"tiles/hall\", "
                   "\"tile_size\": 512, \"levels\": 5, \"face_size\": 5208}", m);
        return;
    }
    static const char *const known[] = {
        "path", "pattern", "fallback", "extension", "tile_size", "levels", "face_size",
        "basePath", "fallbackPath", "tileResolution", "maxLevel", "cubeResolution",
        "shtHash", "equirectangularThumbnail", "missingTiles", NULL};
    check_keys(L, m, known, "multires", at);
    scene_multires *r = pv_calloc(1, sizeof(*r));
    r->line = at.line;
    r->col = at.col;
    p->multires = r;
    /* With Pannellum's "basePath", "path" is Pannellum's too: the tile pattern. */
    bool pannellum = json_object_get(m, "basePath") != NULL;
    scene_pos dir_at;
    const char *dir = get_string(L, m, pannellum ? "basePath" : "path", at, "\"multires\"",
                                 "give the folder of the tiles, relative to the scene file",
                                 &dir_at);
    if (dir) {
        r->dir_src = pv_strdup(dir);
        r->dir = tiled_resolve(L, dir_at, pannellum ? "basePath" : "path", dir, true);
    }
    r->pattern = pannellum ? multires_pattern(L, m, at, "path", NULL, "/%l/%s%y_%x", true)
                           : multires_pattern(L, m, at, "pattern", NULL, "/%l/%s%y_%x", true);
    r->fallback = multires_pattern(L, m, at, "fallback", "fallbackPath", NULL, false);
    scene_pos ext_at;
    const char *ext = get_string(L, m, "extension", at, "\"multires\"", NULL, &ext_at);
    if (ext && strcasecmp(ext, "jpg") != 0 && strcasecmp(ext, "jpeg") != 0 &&
        strcasecmp(ext, "png") != 0)
        loader_error(L, ext_at, "\"extension\" \"%s\" is not one Pavilion reads; tiles are "
                     "\"jpg\", \"jpeg\" or \"png\"", ext);
    r->extension = pv_strdup(ext && *ext ? ext : "jpg");
    r->tile_size = multires_int(L, m, at, "tile_size", "tileResolution",
                                "the tiles' width in texels");
    r->levels = multires_int(L, m, at, "levels", "maxLevel", "the number of levels");
    r->face_size = multires_int(L, m, at, "face_size", "cubeResolution",
                                "the finest level's face width in texels");
    if (r->tile_size && r->levels && r->face_size) {
        /* Level 1 (the coarsest) must be one tile a face, and at least one texel. */
        if (r->levels > 16 || (r->face_size >> (r->levels - 1)) < 1)
            loader_error(L, at, "\"multires\" has too many levels (%d) for faces of %d "
                         "texels", r->levels, r->face_size);
        else if ((r->face_size >> (r->levels - 1)) > r->tile_size)
            loader_error(L, at, "\"multires\" has too few levels (%d): the coarsest face would "
                         "be %d texels, more than one tile of %d", r->levels,
                         r->face_size >> (r->levels - 1), r->tile_size);
    }
}

/* "cube" or "multires" instead of "panorama". */
static void load_tiled(scene_loader *L, const json_t *place, scene_pos place_at, scene_place *p)
{
    load_cube(L, place, place_at, p);
    load_multires(L, place, place_at, p);
    const char *kinds[3] = {"panorama", "cube", "multires"};
    const char *given[3];
    int n = 0;
    for (int i = 0; i < 3; i++)
        if (json_object_get(place, kinds[i]))
            given[n++] = kinds[i];
    if (n > 1)
        loader_error(L, loader_key_pos(L, place, given[1], place_at), "a place shows one "
                     "panorama: it has both \"%s\" and \"%s\"; keep one", given[0], given[1]);
    if (p->model_src && (p->cube || p->multires))
        loader_error(L, loader_key_pos(L, place, p->cube ? "cube" : "multires", place_at),
                     "a model place has no \"%s\"; its surroundings are its \"environment\"",
                     p->cube ? "cube" : "multires");
}

static void tiled_free(scene_place *p)
{
    if (p->cube) {
        for (int i = 0; i < 6; i++) {
            free(p->cube->face[i]);
            free(p->cube->face_src[i]);
        }
        pv_free(&p->cube);
    }
    if (p->multires) {
        free(p->multires->dir);
        free(p->multires->dir_src);
        free(p->multires->pattern);
        free(p->multires->fallback);
        free(p->multires->extension);
        pv_free(&p->multires);
    }
}

static void load_hotspot(scene_loader *L, const json_t *hs, scene_pos at, scene_hotspot *h,
                         bool in_model)
{
    h->line = at.line;
    h->col = at.col;
    h->target = -1;

    const char *type = get_string(L, hs, "type", at, "hotspot",
                                  "use \"type\": \"goto\" or \"type\": \"info\"", NULL);
    scene_pos type_at = loader_value_pos(L, hs, "type", 0, at);
    if (type) {
        if (strcmp(type, "goto") == 0) {
            h->type = SCENE_HOTSPOT_GOTO;
        } else if (strcmp(type, "info") == 0) {
            h->type = SCENE_HOTSPOT_INFO;
        } else if (strcmp(type, "video") == 0) {
            h->type = SCENE_HOTSPOT_VIDEO;
        } else if (strcmp(type, "team") == 0) {
            h->type = SCENE_HOTSPOT_TEAM;
        } else {
            static const char *const types[] = {"goto", "info", "video", "team"};
            const char *hint = closest_name(type, types, 4);
            if (hint)
                loader_error(L, type_at, "unknown hotspot type \"%s\" (did you mean \"%s\"?); "
                             "known types are \"goto\", \"info\", \"video\" and \"team\"",
                             type, hint);
            else
                loader_error(L, type_at, "unknown hotspot type \"%s\"; known types are "
                             "\"goto\", \"info\", \"video\" and \"team\"", type);
        }
    }

    static const char *const known_goto[] = {"type", "id", "yaw", "pitch", "target", "label",
                                             "position", "node", NULL};
    static const char *const known_info[] = {"type", "id", "yaw", "pitch", "title", "text",
                                             "label", "position", "node", NULL};
    static const char *const known_video[] = {"type", "id", "yaw", "pitch", "width", "video",
                                              "autoplay", "loop", "volume", "open", "label",
                                              "title", "poster", NULL};
    static const char *const known_team[] = {"type", "id", "yaw", "pitch", "title", "text",
                                             "label", "people", "position", "node", NULL};
    /* With an unknown type there is no telling which keys belong; do not pile on. */
    if (h->type == SCENE_HOTSPOT_GOTO)
        check_keys(L, hs, known_goto, "goto hotspot", at);
    else if (h->type == SCENE_HOTSPOT_INFO)
        check_keys(L, hs, known_info, "info hotspot", at);
    else if (h->type == SCENE_HOTSPOT_VIDEO)
        check_keys(L, hs, known_video, "video hotspot", at);
    else if (h->type == SCENE_HOTSPOT_TEAM)
        check_keys(L, hs, known_team, "team hotspot", at);

    load_hotspot_id(L, hs, at, h);

    if (in_model && h->type == SCENE_HOTSPOT_VIDEO) {
        loader_error(L, type_at, "video hotspots sit on panoramas; in a model place show video "
                     "on a surface of the model with \"screens\": [{\"material\": ..., "
                     "\"video\": ...}]");
    } else if (in_model) {
        /* A point of the model: "position" in model space, or a node by name. */
        h->has_position = get_vec3(L, hs, "position", at, h->position, NULL);
        scene_pos node_at;
        const char *node = get_string(L, hs, "node", at, "hotspot", NULL, &node_at);
        if (node && *node) {
            h->node = pv_strdup(node);
            h->node_line = node_at.line;
            h->node_col = node_at.col;
        } else if (node) {
            loader_error(L, node_at, "\"node\" is empty; give the name of a node in the model");
        }
        if (!h->has_position && !h->node && !json_object_get(hs, "position") &&
            !json_object_get(hs, "node"))
            loader_error(L, at, "a hotspot in a model place needs \"position\": [x, y, z] "
                         "(metres, model space) or \"node\": the name of a part of the model");
    } else if (json_object_get(hs, "position") || json_object_get(hs, "node")) {
        scene_pos key_at = loader_key_pos(L, hs, json_object_get(hs, "node") ? "node" :
                                          "position", at);
        loader_error(L, key_at, "\"position\" and \"node\" place hotspots on a model, but "
                     "this place has no \"model\"; use \"yaw\" and \"pitch\"");
    }

    double yaw = 0, pitch = 0;
    scene_pos pitch_at;
    if (get_number(L, hs, "yaw", at, "hotspot",
                   in_model ? NULL
                            : "add \"yaw\": degrees from the image centre, positive to the "
                              "right",
                   &yaw, NULL))
        h->yaw = pv_wrap_deg((float)yaw);
    if (get_number(L, hs, "pitch", at, "hotspot", NULL, &pitch, &pitch_at) &&
        pitch_valid(L, pitch, pitch_at, "hotspot"))
        h->pitch = (float)pitch;

    get_text(L, hs, "label", at, "hotspot", NULL, &h->label);
    if (h->type == SCENE_HOTSPOT_GOTO) {
        scene_pos target_at;
        const char *target = get_string(L, hs, "target", at, "goto hotspot",
                                        "add \"target\": the \"id\" of the place it leads to",
                                        &target_at);
        if (target) {
            h->target = place_index_of(L, target);
            if (h->target < 0)
                report_unknown_place(L, target_at, "hotspot target", target, "target");
        }
    } else if (h->type == SCENE_HOTSPOT_INFO) {
        get_text(L, hs, "title", at, "info hotspot", "add \"title\": the heading of its panel",
                 &h->title);
        get_text(L, hs, "text", at, "info hotspot", NULL, &h->text);
    } else if (h->type == SCENE_HOTSPOT_TEAM) {
        get_text(L, hs, "title", at, "team hotspot", "add \"title\": the heading of its "
                 "cards, like \"Meet the team\"", &h->title);
        get_text(L, hs, "text", at, "team hotspot", NULL, &h->text);
        load_people(L, hs, at, h);
    } else if (h->type == SCENE_HOTSPOT_VIDEO) {
        get_text(L, hs, "title", at, "video hotspot", NULL, &h->title);
        h->width = 40.0f;
        load_width(L, hs, at, "video hotspot", NULL, &h->width);
        load_video(L, hs, at, "video hotspot",
                   "add \"video\": the path of the clip, relative to the scene file", false,
                   false, &h->video);
        load_poster(L, hs, at, "video hotspot", &h->video);
        scene_pos open_at;
        const char *open = get_string(L, hs, "open", at, "video hotspot", NULL, &open_at);
        if (open && strcmp(open, "fullscreen") == 0)
            h->fullscreen = true;
        else if (open && strcmp(open, "inline") != 0)
            loader_error(L, open_at, "\"open\" is \"%s\"; use \"inline\" (play on the hotspot) "
                         "or \"fullscreen\"", open);
    }
}

/* "screens": [{"material": "Screen", "video": ..., "autoplay", "loop", "volume"}] */
static void load_screens(scene_loader *L, const json_t *obj, scene_pos at, scene_place *p,
                         const char *owner)
{
    const json_t *arr = json_object_get(obj, "screens");
    if (!arr)
        return;
    scene_pos arr_at = loader_value_pos(L, obj, "screens", 0, at);
    if (!p->model_src) {
        loader_error(L, arr_at, "\"screens\" show video on a model's materials, but this "
                     "place has no \"model\"; on a panorama use a \"video\" hotspot");
        return;
    }
    if (!json_is_array(arr)) {
        type_error(L, arr_at, "screens", "an array like [{\"material\": \"Screen\", "
                   "\"video\": \"videos/clip.mp4\"}]", arr);
        return;
    }
    size_t n = json_array_size(arr);
    p->screens = pv_calloc(n ? n : 1, sizeof(*p->screens));
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(arr, i);
        scene_pos o_at = loader_value_pos(L, arr, NULL, i, arr_at);
        if (!json_is_object(o)) {
            type_error(L, o_at, "screens", "objects like {\"material\": ..., \"video\": ...}",
                       o);
            continue;
        }
        static const char *const known[] = {"material", "video", "autoplay", "loop", "volume",
                                            "poster", NULL};
        check_keys(L, o, known, "screen", o_at);
        scene_screen *sc = &p->screens[p->screen_count++];
        sc->line = o_at.line;
        sc->col = o_at.col;
        scene_pos m_at;
        const char *mat = get_string(L, o, "material", o_at, "screen",
                                     "add \"material\": the name of the model's material that "
                                     "shows the video", &m_at);
        if (mat) {
            sc->material = pv_strdup(mat);
            sc->material_line = m_at.line;
            sc->material_col = m_at.col;
        }
        load_video(L, o, o_at, "screen", "add \"video\": the path of the clip", true, true,
                   &sc->video);
        load_poster(L, o, o_at, "screen", &sc->video);
    }
    (void)owner;
}

/* "cinema": {"material" | "yaw", "pitch", "width"; "playlist": [films]; "volume"} */
static void load_cinema(scene_loader *L, const json_t *obj, scene_pos at, scene_place *p,
                        const char *owner)
{
    const json_t *c = json_object_get(obj, "cinema");
    if (!c)
        return;
    scene_cinema *cn = &p->cinema;
    scene_pos c_at = loader_value_pos(L, obj, "cinema", 0, at);
    cn->line = c_at.line;
    cn->col = c_at.col;
    if (!json_is_object(c)) {
        type_error(L, c_at, "cinema", "an object with \"playlist\" and the screen", c);
        return;
    }
    cn->present = true;
    cn->volume = 1.0f;
    static const char *const known[] = {"material", "yaw", "pitch", "width", "playlist",
                                        "volume", NULL};
    check_keys(L, c, known, "cinema", c_at);
    if (p->model_src) {
        scene_pos m_at;
        const char *mat = get_string(L, c, "material", c_at, "cinema",
                                     "add \"material\": the model's screen material", &m_at);
        if (mat) {
            cn->material = pv_strdup(mat);
            cn->material_line = m_at.line;
            cn->material_col = m_at.col;
        }
    } else {
        double yaw = 0, pitch = 0;
        scene_pos pitch_at;
        if (get_number(L, c, "yaw", c_at, "cinema", NULL, &yaw, NULL))
            cn->yaw = pv_wrap_deg((float)yaw);
        if (get_number(L, c, "pitch", c_at, "cinema", NULL, &pitch, &pitch_at) &&
            pitch_valid(L, pitch, pitch_at, "cinema"))
            cn->pitch = (float)pitch;
        cn->width = 60.0f;
        load_width(L, c, c_at, "cinema", NULL, &cn->width);
        if (json_object_get(c, "material"))
            loader_error(L, loader_key_pos(L, c, "material", c_at),
                         "\"material\" names a model's screen, but this place has no "
                         "\"model\"; give the screen as \"yaw\", \"pitch\" and \"width\"");
    }
    double vol;
    scene_pos v_at;
    if (get_number(L, c, "volume", c_at, "cinema", NULL, &vol, &v_at)) {
        if (!(vol >= 0.0 && vol <= 1.0))
            loader_error(L, v_at, "\"volume\" %g is outside 0..1", vol);
        else
            cn->volume = (float)vol;
    }
    const json_t *list = json_object_get(c, "playlist");
    scene_pos l_at = loader_value_pos(L, c, "playlist", 0, c_at);
    if (!list) {
        loader_error(L, c_at, "cinema has no \"playlist\"; add the films it shows: "
                     "[{\"title\": ..., \"video\": ...}]");
        return;
    }
    if (!json_is_array(list) || json_array_size(list) == 0) {
        type_error(L, l_at, "playlist", "a non-empty array of films", list);
        return;
    }
    size_t n = json_array_size(list);
    cn->films = pv_calloc(n, sizeof(*cn->films));
    for (size_t i = 0; i < n; i++) {
        const json_t *f = json_array_get(list, i);
        scene_pos f_at = loader_value_pos(L, list, NULL, i, l_at);
        if (!json_is_object(f)) {
            type_error(L, f_at, "playlist", "films like {\"title\": ..., \"video\": ...}", f);
            continue;
        }
        static const char *const fknown[] = {"title", "video", "poster", "subtitles", "loop",
                                             "autoplay", "volume", NULL};
        check_keys(L, f, fknown, "film", f_at);
        scene_film *film = &cn->films[cn->film_count++];
        film->line = f_at.line;
        film->col = f_at.col;
        get_text(L, f, "title", f_at, "film", "add \"title\": the name shown in the playlist",
                 &film->title);
        load_video(L, f, f_at, "film", "add \"video\": the path of the film", false, false,
                   &film->video);
        if (json_object_get(f, "poster"))
            film->poster = load_path(L, f, "poster", f_at, "film", NULL, "an image (JPEG or PNG)",
                                     &film->poster_src, &film->poster_line, &film->poster_col);
        const json_t *subs = json_object_get(f, "subtitles");
        if (!subs)
            continue;
        scene_pos s_at = loader_value_pos(L, f, "subtitles", 0, f_at);
        if (!json_is_object(subs)) {
            type_error(L, s_at, "subtitles", "a map of language to file, like {\"en\": "
                       "\"films/a.en.srt\"}", subs);
            continue;
        }
        film->subtitles = pv_calloc(json_object_size(subs) + 1, sizeof(*film->subtitles));
        const char *lang;
        json_t *item;
        json_object_foreach((json_t *)subs, lang, item) {
            if (!lang_code_valid(lang)) {
                loader_error(L, loader_key_pos(L, subs, lang, s_at),
                             "\"%s\" in \"subtitles\" is not a language code; use a code like "
                             "\"en\", \"de\" or \"pt-BR\"", lang);
                continue;
            }
            scene_subtitle *st = &film->subtitles[film->subtitle_count];
            st->path = load_path(L, subs, lang, s_at, "subtitles", NULL,
                                 "a subtitle file (.srt or .vtt)", &st->src, &st->line, &st->col);
            if (!st->src)
                continue;
            st->lang = pv_strdup(lang);
            film->subtitle_count++;
        }
    }
    (void)owner;
}

static void load_camera(scene_loader *L, const json_t *place, scene_pos place_at,
                        scene_place *p)
{
    scene_camera *c = &p->camera;
    *c = (scene_camera){.mode = SCENE_CAMERA_ORBIT, .yaw = 20.0f, .pitch = 15.0f,
                        .pitch_min = -10.0f, .pitch_max = 80.0f, .eye_height = 1.6f,
                        .fov = 70.0f};
    const json_t *cam = json_object_get(place, "camera");
    if (!cam)
        return;
    scene_pos at = loader_value_pos(L, place, "camera", 0, place_at);
    if (!json_is_object(cam)) {
        type_error(L, at, "camera", "an object like {\"mode\": \"orbit\", \"distance\": 6}",
                   cam);
        return;
    }
    static const char *const known[] = {"mode", "target", "distance", "distance_min",
                                        "distance_max", "yaw", "pitch", "pitch_min",
                                        "pitch_max", "position", "eye_height", "fov", NULL};
    check_keys(L, cam, known, "camera", at);
    scene_pos mode_at;
    const char *mode = get_string(L, cam, "mode", at, "camera", NULL, &mode_at);
    if (mode) {
        if (strcmp(mode, "orbit") == 0) {
            c->mode = SCENE_CAMERA_ORBIT;
        } else if (strcmp(mode, "walk") == 0) {
            c->mode = SCENE_CAMERA_WALK;
            c->pitch = 0.0f;
        } else {
            static const char *const modes[] = {"orbit", "walk"};
            const char *hint = closest_name(mode, modes, 2);
            loader_error(L, mode_at, "unknown camera mode \"%s\"%s%s%s; use \"orbit\" or "
                         "\"walk\"", mode, hint ? " (did you mean \"" : "", hint ? hint : "",
                         hint ? "\"?)" : "");
        }
    }
    c->has_target = get_vec3(L, cam, "target", at, c->target, NULL);
    c->has_position = get_vec3(L, cam, "position", at, c->position, NULL);
    struct { const char *key; float *dst; double lo, hi; } nums[] = {
        {"distance", &c->distance, 0.01, 10000}, {"distance_min", &c->distance_min, 0.01, 10000},
        {"distance_max", &c->distance_max, 0.01, 10000}, {"yaw", &c->yaw, -1e6, 1e6},
        {"pitch", &c->pitch, -89, 89}, {"pitch_min", &c->pitch_min, -89, 89},
        {"pitch_max", &c->pitch_max, -89, 89}, {"eye_height", &c->eye_height, 0.2, 10},
        {"fov", &c->fov, SCENE_FOV_LOWEST, SCENE_FOV_HIGHEST},
    };
    for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        double v;
        scene_pos v_at;
        if (!get_number(L, cam, nums[i].key, at, "camera", NULL, &v, &v_at))
            continue;
        if (v < nums[i].lo || v > nums[i].hi) {
            loader_error(L, v_at, "camera \"%s\" %g is out of range [%g, %g]", nums[i].key, v,
                         nums[i].lo, nums[i].hi);
            continue;
        }
        *nums[i].dst = (float)v;
    }
    c->yaw = pv_wrap_deg(c->yaw);
    if (c->pitch_min > c->pitch_max)
        loader_error(L, at, "camera \"pitch_min\" %g is above \"pitch_max\" %g",
                     (double)c->pitch_min, (double)c->pitch_max);
    if (c->distance_min > 0 && c->distance_max > 0 && c->distance_min > c->distance_max)
        loader_error(L, at, "camera \"distance_min\" %g is above \"distance_max\" %g",
                     (double)c->distance_min, (double)c->distance_max);
}

static void load_light(scene_loader *L, const json_t *place, scene_pos place_at, scene_place *p)
{
    scene_light *l = &p->light;
    *l = (scene_light){{-0.35f, -1.0f, -0.45f}, {1.0f, 0.97f, 0.92f}, 3.0f};
    const json_t *light = json_object_get(place, "light");
    if (light) {
        scene_pos at = loader_value_pos(L, place, "light", 0, place_at);
        if (!json_is_object(light)) {
            type_error(L, at, "light", "an object like {\"direction\": [-0.3, -1, -0.4]}",
                       light);
        } else {
            static const char *const known[] = {"direction", "color", "intensity", NULL};
            check_keys(L, light, known, "light", at);
            scene_pos dir_at;
            float dir[3];
            if (get_vec3(L, light, "direction", at, dir, &dir_at)) {
                if (dir[0] == 0 && dir[1] == 0 && dir[2] == 0)
                    loader_error(L, dir_at, "light \"direction\" must not be [0, 0, 0]");
                else
                    memcpy(l->direction, dir, sizeof(dir));
            }
            get_vec3(L, light, "color", at, l->color, NULL);
            double v;
            scene_pos v_at;
            if (get_number(L, light, "intensity", at, "light", NULL, &v, &v_at)) {
                if (v < 0 || v > 1000)
                    loader_error(L, v_at, "light \"intensity\" %g is out of range [0, 1000]", v);
                else
                    l->intensity = (float)v;
            }
        }
    }
    float len = sqrtf(l->direction[0] * l->direction[0] + l->direction[1] * l->direction[1] +
                      l->direction[2] * l->direction[2]);
    for (int i = 0; i < 3; i++)
        l->direction[i] /= len;
}

/* The 3D part of a place: model, environment, camera, light, corrections, colliders. */
static void load_model(scene_loader *L, const json_t *obj, scene_pos at, scene_place *p,
                       const char *owner)
{
    p->scale = 1.0f;
    if (!json_object_get(obj, "model")) {
        static const char *const only_3d[] = {"environment", "camera", "light", "scale",
                                              "rotate", "colliders"};
        for (size_t i = 0; i < sizeof(only_3d) / sizeof(only_3d[0]); i++)
            if (json_object_get(obj, only_3d[i]))
                loader_warning(L, loader_key_pos(L, obj, only_3d[i], at),
                               "\"%s\" applies to model places; this place has no \"model\", "
                               "so it is ignored", only_3d[i]);
        return;
    }
    p->model = load_path(L, obj, "model", at, owner, NULL, "a 3D model (.glb, .gltf, .obj, "
                         ".fbx, .dae, .3ds, .ply, .stl)", &p->model_src, &p->model_line,
                         &p->model_col);
    if (!p->model_src)
        p->model_src = pv_strdup(""); /* marks the place as a model place for its hotspots */
    if (json_object_get(obj, "environment"))
        p->environment = load_path(L, obj, "environment", at, owner, NULL,
                                   "an equirectangular image", &p->environment_src,
                                   &p->environment_line, &p->environment_col);
    load_camera(L, obj, at, p);
    load_light(L, obj, at, p);
    double scale;
    scene_pos v_at;
    if (get_number(L, obj, "scale", at, owner, NULL, &scale, &v_at)) {
        if (!(scale > 0) || scale > 1e6)
            loader_error(L, v_at, "\"scale\" %g must be a positive factor (0.01 turns "
                         "centimetres into metres)", scale);
        else
            p->scale = (float)scale;
    }
    get_vec3(L, obj, "rotate", at, p->rotate, NULL);
    const json_t *colliders = json_object_get(obj, "colliders");
    if (colliders) {
        scene_pos c_at = loader_value_pos(L, obj, "colliders", 0, at);
        p->colliders_line = c_at.line;
        p->colliders_col = c_at.col;
        if (!json_is_array(colliders)) {
            type_error(L, c_at, "colliders", "an array of node names", colliders);
        } else {
            size_t n = json_array_size(colliders);
            p->colliders = pv_calloc(n ? n : 1, sizeof(char *));
            for (size_t i = 0; i < n; i++) {
                const json_t *c = json_array_get(colliders, i);
                if (!json_is_string(c)) {
                    type_error(L, loader_value_pos(L, colliders, NULL, i, c_at), "colliders",
                               "an array of node names", c);
                    continue;
                }
                p->colliders[p->collider_count++] = pv_strdup(json_string_value(c));
            }
        }
    }
}

/* "group": "stands": the section of the place menu the place is listed in. */
static void load_place_group(scene_loader *L, const json_t *obj, scene_pos at, scene_place *p,
                             const char *owner)
{
    p->group = -1;
    scene_pos g_at;
    const char *name = get_string(L, obj, "group", at, owner, NULL, &g_at);
    if (!name)
        return;
    const scene_exhibit *ex = L->ex;
    for (int i = 0; i < ex->group_count; i++)
        if (strcmp(ex->groups[i].id, name) == 0) {
            p->group = i;
            return;
        }
    if (ex->group_count == 0) {
        loader_error(L, g_at, "%s is in group \"%s\", but the scene has no \"groups\"; add "
                     "\"groups\": [{\"id\": \"%s\", \"title\": ...}] at the top", owner, name,
                     name);
        return;
    }
    const char **ids = pv_calloc((size_t)ex->group_count, sizeof(*ids));
    for (int i = 0; i < ex->group_count; i++)
        ids[i] = ex->groups[i].id;
    const char *hint = closest_name(name, ids, ex->group_count);
    free(ids);
    if (hint)
        loader_error(L, g_at, "group \"%s\" is not in \"groups\" (did you mean \"%s\"?)",
                     name, hint);
    else
        loader_error(L, g_at, "group \"%s\" is not in \"groups\"; add it there or use the "
                     "\"id\" of one of them", name);
}

static void load_place(scene_loader *L, const json_t *places, size_t index, scene_place *p)
{
    const json_t *obj = json_array_get(places, index);
    scene_pos at = loader_value_pos(L, places, NULL, index, (scene_pos){0, 0});
    p->line = at.line;
    p->col = at.col;
    p->group = -1;
    if (!json_is_object(obj)) {
        char what[96];
        describe_json(obj, what, sizeof(what));
        loader_error(L, at, "each place must be an object like {\"id\": ..., \"panorama\": ...}"
                     ", found %s", what);
        return;
    }
    static const char *const known[] = {"id", "title", "panorama", "view", "hotspots",
                                        "model", "environment", "camera", "light", "scale",
                                        "rotate", "colliders", "screens", "cinema", "group",
                                        "cube", "multires",
                                        NULL};
    check_keys(L, obj, known, "place", at);

    char owner[160] = "place";
    scene_pos id_at;
    const char *id = get_string(L, obj, "id", at, "place",
                                "give it a unique \"id\" that hotspots and \"start\" refer to",
                                &id_at);
    if (id && !*id) {
        loader_error(L, id_at, "place \"id\" is empty; give it a unique name");
    } else if (id) {
        p->id = pv_strdup(id);
        snprintf(owner, sizeof(owner), "place \"%s\"", id);
        int first = place_index_of(L, id);
        if (first >= 0 && (size_t)first < index) {
            loader_error(L, id_at, "duplicate place id \"%s\"; each place needs its own id", id);
            const json_t *first_obj = json_array_get(places, (size_t)first);
            scene_pos first_at = loader_value_pos(L, first_obj, "id", 0, (scene_pos){0, 0});
            loader_note(L, first_at, "\"%s\" is first used here", id);
        }
    }

    get_text(L, obj, "title", at, owner, NULL, &p->title);
    load_place_group(L, obj, at, p, owner);
    load_model(L, obj, at, p, owner);
    load_tiled(L, obj, at, p);
    load_panorama(L, obj, at, p, owner);
    load_view(L, obj, at, p);
    load_screens(L, obj, at, p, owner);
    load_cinema(L, obj, at, p, owner);

    const json_t *hotspots = json_object_get(obj, "hotspots");
    if (!hotspots)
        return;
    scene_pos hs_at = loader_value_pos(L, obj, "hotspots", 0, at);
    if (!json_is_array(hotspots)) {
        type_error(L, hs_at, "hotspots", "an array of hotspot objects", hotspots);
        return;
    }
    size_t count = json_array_size(hotspots);
    p->hotspots = pv_calloc(count, sizeof(*p->hotspots));
    p->hotspot_count = (int)count;
    for (size_t i = 0; i < count; i++) {
        const json_t *hs = json_array_get(hotspots, i);
        scene_pos at_i = loader_value_pos(L, hotspots, NULL, i, hs_at);
        if (!json_is_object(hs)) {
            char what[96];
            describe_json(hs, what, sizeof(what));
            loader_error(L, at_i, "each hotspot must be an object like {\"type\": \"goto\", "
                         "...}, found %s", what);
            p->hotspots[i].target = -1;
            continue;
        }
        load_hotspot(L, hs, at_i, &p->hotspots[i], p->model_src != NULL);
    }
}

static void load_transition(scene_loader *L, const json_t *root, scene_pos root_at)
{
    L->ex->fade_seconds = SCENE_FADE_DEFAULT;
    const json_t *tr = json_object_get(root, "transition");
    if (!tr)
        return;
    scene_pos at = loader_value_pos(L, root, "transition", 0, root_at);
    if (!json_is_object(tr)) {
        type_error(L, at, "transition", "an object like {\"fade\": 0.6}", tr);
        return;
    }
    static const char *const known[] = {"fade", NULL};
    check_keys(L, tr, known, "transition", at);
    double fade;
    scene_pos fade_at;
    if (!get_number(L, tr, "fade", at, "transition", NULL, &fade, &fade_at))
        return;
    if (fade < 0 || fade > SCENE_FADE_MAX) {
        loader_error(L, fade_at, "\"fade\" %g is out of range; it must be between 0 (cut) and "
                     "%g seconds", fade, SCENE_FADE_MAX);
        return;
    }
    L->ex->fade_seconds = (float)fade;
}

/* ------------------------------------------------------------------------------------------ */
/* Languages: "languages", "default_language", and the text fields that use them              */
/* ------------------------------------------------------------------------------------------ */

/* "languages": ["en", "ja", ...] and "default_language": "en". Read before any text, so the
 * fallback is known; a text may be written in fewer languages (check lists what is missing). */
static void load_languages(scene_loader *L, const json_t *root, scene_pos root_at)
{
    scene_exhibit *ex = L->ex;
    const json_t *list = json_object_get(root, "languages");
    scene_pos at = loader_value_pos(L, root, "languages", 0, root_at);
    if (list && !json_is_array(list)) {
        type_error(L, at, "languages", "an array of language codes like [\"en\", \"ja\"]", list);
    } else if (list && json_array_size(list) == 0) {
        loader_error(L, at, "\"languages\" is empty; list the languages the exhibition is "
                     "offered in, like [\"en\", \"ja\"], or leave it out");
    } else if (list) {
        ex->languages_line = at.line;
        ex->languages_col = at.col;
        ex->languages = load_codes(L, list, at, &ex->language_count);
    }
    scene_pos def_at;
    const char *def = get_string(L, root, "default_language", root_at, "the scene", NULL,
                                 &def_at);
    if (def && !lang_code_valid(def)) {
        loader_error(L, def_at, "\"default_language\" \"%s\" is not a language code; use a "
                     "code like \"en\", \"ja\" or \"pt-BR\"", def);
        def = NULL;
    } else if (def && ex->language_count > 0) {
        bool listed = false;
        for (int k = 0; k < ex->language_count; k++)
            listed |= strcmp(ex->languages[k], def) == 0;
        if (!listed) {
            const char *near = closest_name(def, (const char *const *)ex->languages,
                                            ex->language_count);
            if (near)
                loader_error(L, def_at, "\"default_language\" \"%s\" is not in \"languages\" "
                             "(did you mean \"%s\"?)", def, near);
            else
                loader_error(L, def_at, "\"default_language\" \"%s\" is not in \"languages\"; "
                             "add it there or choose one of them", def);
            def = NULL;
        }
    }
    ex->default_language = pv_strdup(def ? def : ex->language_count ? ex->languages[0] : "en");
}

/* Every text field of the exhibit, with the key it was written under. New text fields must
 * be added here, so they fall back to the default language and `check` sees them. */
typedef void (*text_visit_fn)(scene_text *t, const char *key, void *user);

static void texts_visit(scene_exhibit *ex, text_visit_fn fn, void *user)
{
    fn(&ex->title, "title", user);
    for (int i = 0; i < ex->group_count; i++)
        fn(&ex->groups[i].title, "title", user);
    fn(&ex->map.title, "title", user);
    for (int i = 0; i < ex->place_count; i++) {
        scene_place *p = &ex->places[i];
        fn(&p->title, "title", user);
        for (int k = 0; k < p->hotspot_count; k++) {
            fn(&p->hotspots[k].label, "label", user);
            fn(&p->hotspots[k].title, "title", user);
            fn(&p->hotspots[k].text, "text", user);
            for (int m = 0; m < p->hotspots[k].person_count; m++) {
                scene_person *person = &p->hotspots[k].people[m];
                fn(&person->name, "name", user);
                fn(&person->role, "role", user);
                fn(&person->region, "region", user);
                fn(&person->contact, "contact", user);
            }
        }
        for (int k = 0; k < p->cinema.film_count; k++)
            fn(&p->cinema.films[k].title, "title", user);
    }
}

static void text_link_fallback(scene_text *t, const char *key, void *user)
{
    (void)key;
    t->fallback = (const char *)user;
}

/* Whether visitors reading `lang` get their own language from `t`: "de-CH" is served by a
 * "de" entry, as scene_text_get does. */
static bool text_serves(const scene_text *t, const char *lang)
{
    size_t primary = strcspn(lang, "-");
    for (int i = 0; i < t->count; i++) {
        const char *l = t->items[i].lang;
        if (strcmp(l, lang) == 0 || (strlen(l) == primary && strncmp(l, lang, primary) == 0))
            return true;
    }
    return false;
}

typedef struct lang_check {
    const scene_exhibit *ex;
    pv_diags *diags;
} lang_check;

static void text_check_languages(scene_text *t, const char *key, void *user)
{
    const lang_check *c = user;
    const scene_exhibit *ex = c->ex;
    bool map = false;
    for (int i = 0; i < t->count; i++)
        map |= t->items[i].lang[0] != 0;
    if (!map)
        return; /* absent, or a plain string: one text for every language */
    for (int k = 0; k < ex->language_count; k++)
        if (!text_serves(t, ex->languages[k]))
            pv_diags_add(c->diags, PV_SEV_WARNING, ex->path, t->line, t->col,
                         "\"%s\" text has no \"%s\" translation", key, ex->languages[k]);
    /* an entry in no offered language that is one typo away from one ("jp" for "ja") */
    for (int i = 0; i < t->count; i++) {
        const scene_text_item *it = &t->items[i];
        bool offered = false;
        for (int k = 0; k < ex->language_count && !offered; k++) {
            size_t primary = strcspn(ex->languages[k], "-");
            offered = strcmp(it->lang, ex->languages[k]) == 0 ||
                      (strlen(it->lang) == primary &&
                       strncmp(it->lang, ex->languages[k], primary) == 0);
        }
        const char *near = offered ? NULL : closest_name(it->lang,
                                                         (const char *const *)ex->languages,
                                                         ex->language_count);
        if (near)
            pv_diags_add(c->diags, PV_SEV_WARNING, ex->path, it->line, it->col,
                         "\"%s\" is not one of the scene's \"languages\" (did you mean "
                         "\"%s\"?)", it->lang, near);
    }
}

void scene_check_languages(const scene_exhibit *ex, pv_diags *diags)
{
    if (!ex || !diags || ex->language_count == 0)
        return;
    lang_check c = {ex, diags};
    texts_visit((scene_exhibit *)ex, text_check_languages, &c);
}

/* "assets": ["../shared-media"]: more folders (relative to the scene file) whose files the
 * scene may use, for media that several exhibitions share. */
static void load_assets(scene_loader *L, const json_t *root, scene_pos root_at)
{
    const json_t *arr = json_object_get(root, "assets");
    if (!arr)
        return;
    scene_pos at = loader_value_pos(L, root, "assets", 0, root_at);
    if (!json_is_array(arr)) {
        type_error(L, at, "assets", "an array of folders like [\"../shared-media\"]", arr);
        return;
    }
    size_t n = json_array_size(arr);
    L->ex->roots = pv_realloc(L->ex->roots, sizeof(char *) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        scene_pos v_at = loader_value_pos(L, arr, NULL, i, at);
        if (!json_is_string(v) || !*json_string_value(v)) {
            type_error(L, v_at, "assets", "an array of folder paths", v);
            continue;
        }
        const char *src = json_string_value(v);
        if (src[0] == '/' || strchr(src, '\\') || (strlen(src) > 1 && src[1] == ':')) {
            loader_error(L, v_at, "assets folder \"%s\" is an absolute path; write it relative "
                         "to the scene file", src);
            continue;
        }
        char *joined = pv_path_join(L->ex->dir, src);
        char *real = pv_path_real(joined);
        struct stat st;
        if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
            loader_error(L, v_at, "assets folder \"%s\" %s (looked for \"%s\")", src,
                         real ? "is not a folder" : "was not found", pv_path_display(joined));
            free(real);
        } else {
            L->ex->roots[L->ex->root_count++] = real;
        }
        free(joined);
    }
}

/* "groups": [{"id": "stands", "title": {...}}]: the sections of the place menu, in order. */
static void load_groups(scene_loader *L, const json_t *root, scene_pos root_at)
{
    const json_t *arr = json_object_get(root, "groups");
    if (!arr)
        return;
    scene_pos at = loader_value_pos(L, root, "groups", 0, root_at);
    if (!json_is_array(arr)) {
        type_error(L, at, "groups", "an array like [{\"id\": \"stands\", \"title\": "
                   "\"Stands\"}]", arr);
        return;
    }
    size_t n = json_array_size(arr);
    scene_exhibit *ex = L->ex;
    ex->groups = pv_calloc(n ? n : 1, sizeof(*ex->groups));
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(arr, i);
        scene_pos o_at = loader_value_pos(L, arr, NULL, i, at);
        if (!json_is_object(o)) {
            type_error(L, o_at, "groups", "objects like {\"id\": \"stands\", \"title\": "
                       "\"Stands\"}", o);
            continue;
        }
        static const char *const known[] = {"id", "title", NULL};
        check_keys(L, o, known, "group", o_at);
        scene_pos id_at;
        const char *id = get_string(L, o, "id", o_at, "group", "give it an \"id\" that "
                                    "places name in their \"group\"", &id_at);
        scene_text title = {0};
        get_text(L, o, "title", o_at, "group", "add \"title\": the section's heading in the "
                 "place menu", &title);
        int twice = -1;
        for (int k = 0; id && k < ex->group_count; k++)
            if (strcmp(ex->groups[k].id, id) == 0)
                twice = k;
        if (id && !*id) {
            loader_error(L, id_at, "group \"id\" is empty; give it a name");
        } else if (twice >= 0) {
            loader_error(L, id_at, "duplicate group id \"%s\"; each group needs its own id", id);
            loader_note(L, (scene_pos){ex->groups[twice].line, ex->groups[twice].col},
                        "\"%s\" is first used here", id);
        } else if (id) {
            scene_group *g = &ex->groups[ex->group_count++];
            g->id = pv_strdup(id);
            g->title = title;
            g->line = id_at.line;
            g->col = id_at.col;
            continue;
        }
        text_free(&title);
    }
}

/* A group no place is in would be an empty section of the menu: a forgotten "group"? */
static void check_groups_used(scene_loader *L)
{
    const scene_exhibit *ex = L->ex;
    for (int g = 0; g < ex->group_count; g++) {
        bool used = false;
        for (int i = 0; i < ex->place_count && !used; i++)
            used = ex->places[i].group == g;
        if (!used)
            loader_warning(L, (scene_pos){ex->groups[g].line, ex->groups[g].col},
                           "no place is in group \"%s\"; its section of the place menu would "
                           "be empty (give places \"group\": \"%s\")", ex->groups[g].id,
                           ex->groups[g].id);
    }
}

/* "map": {"image": "maps/plan.png", "title": ..., "places": {"lobby": [x, y]}}: a floor
 * plan; points are pixels of the image from its top left corner and must lie on it. */
static void load_map(scene_loader *L, const json_t *root, scene_pos root_at)
{
    const json_t *obj = json_object_get(root, "map");
    if (!obj)
        return;
    scene_map *m = &L->ex->map;
    scene_pos at = loader_value_pos(L, root, "map", 0, root_at);
    m->line = at.line;
    m->col = at.col;
    if (!json_is_object(obj)) {
        type_error(L, at, "map", "an object like {\"image\": \"maps/plan.png\", \"places\": "
                   "{\"lobby\": [120, 340]}}", obj);
        return;
    }
    m->present = true;
    static const char *const known[] = {"image", "title", "places", NULL};
    check_keys(L, obj, known, "map", at);
    m->image = load_image(L, obj, "image", at, "map", "add \"image\": the floor plan (JPEG or "
                          "PNG), relative to the scene file", &m->image_src, &m->image_line,
                          &m->image_col, &m->width, &m->height);
    get_text(L, obj, "title", at, "map", NULL, &m->title);
    const json_t *places = json_object_get(obj, "places");
    scene_pos p_at = loader_value_pos(L, obj, "places", 0, at);
    if (!places) {
        loader_error(L, at, "map has no \"places\"; add \"places\": {\"lobby\": [x, y]} with "
                     "the pixel where each place is on the plan");
        return;
    }
    if (!json_is_object(places)) {
        type_error(L, p_at, "places", "an object like {\"lobby\": [120, 340]}", places);
        return;
    }
    if (json_object_size(places) == 0)
        loader_warning(L, p_at, "the map's \"places\" is empty; the plan shows no place");
    m->points = pv_calloc(json_object_size(places) + 1, sizeof(*m->points));
    const char *id;
    json_t *v;
    json_object_foreach((json_t *)places, id, v) {
        scene_pos v_at = loader_value_pos(L, places, id, 0, p_at);
        int place = place_index_of(L, id);
        if (place < 0) {
            report_unknown_place(L, loader_key_pos(L, places, id, p_at), "map place", id,
                                 "places");
            continue;
        }
        if (!json_is_array(v) || json_array_size(v) != 2 ||
            !json_is_number(json_array_get(v, 0)) || !json_is_number(json_array_get(v, 1))) {
            char what[96];
            describe_json(v, what, sizeof(what));
            loader_error(L, v_at, "map point of \"%s\" must be two numbers [x, y] (pixels of "
                         "the image from its top left corner), found %s", id, what);
            continue;
        }
        double x = json_number_value(json_array_get(v, 0));
        double y = json_number_value(json_array_get(v, 1));
        if (m->width > 0 && !(x >= 0 && x <= m->width && y >= 0 && y <= m->height)) {
            loader_error(L, v_at, "map point [%g, %g] of \"%s\" is outside the image, which is "
                         "%d x %d pixels; measure from its top left corner", x, y, id, m->width,
                         m->height);
            continue;
        }
        m->points[m->point_count++] = (scene_map_point){place, (float)x, (float)y, v_at.line,
                                                        v_at.col};
    }
}

/* ------------------------------------------------------------------------------------------ */
/* "theme": the interface's colours, corner radius and text sizes                             */
/* ------------------------------------------------------------------------------------------ */

static const char *const s_theme_colors[SCENE_THEME_COLORS + 1] = {
    "text", "text_dim", "accent", "panel", "control", "control_hover", "control_pressed",
    "track", "focus_ring", "tooltip", "toast", NULL};

const char *scene_theme_color_name(int i)
{
    return i >= 0 && i < SCENE_THEME_COLORS ? s_theme_colors[i] : NULL;
}

/* "#RRGGBB" or "#RRGGBBAA" -> 0xRRGGBBAA. */
static bool parse_color(const char *s, uint32_t *out)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 7 && n != 9))
        return false;
    uint32_t v = 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = n == 7 ? v << 8 | 0xFF : v;
    return true;
}

/* A size of the theme in points: absent leaves -1, out of [lo, hi] is an error at its value. */
static void theme_size(scene_loader *L, const json_t *obj, const char *key, scene_pos at,
                       double lo, double hi, float *out)
{
    double v;
    scene_pos v_at;
    *out = -1;
    if (!get_number(L, obj, key, at, "theme", NULL, &v, &v_at))
        return;
    if (!(v >= lo && v <= hi)) {
        loader_error(L, v_at, "theme \"%s\" %g is out of range; it must be between %g and %g "
                     "points", key, v, lo, hi);
        return;
    }
    *out = (float)v;
}

/* "colors": {"accent": "#E4572E", ...} of the theme. */
static void load_theme_colors(scene_loader *L, const json_t *obj, scene_pos at, scene_theme *t)
{
    const json_t *colors = json_object_get(obj, "colors");
    if (!colors)
        return;
    scene_pos c_at = loader_value_pos(L, obj, "colors", 0, at);
    if (!json_is_object(colors)) {
        type_error(L, c_at, "colors", "an object like {\"accent\": \"#E4572E\"}", colors);
        return;
    }
    check_keys(L, colors, s_theme_colors, "theme colors", c_at);
    for (int i = 0; i < SCENE_THEME_COLORS; i++) {
        const json_t *v = json_object_get(colors, s_theme_colors[i]);
        if (!v)
            continue;
        scene_pos v_at = loader_value_pos(L, colors, s_theme_colors[i], 0, c_at);
        if (!json_is_string(v) || !parse_color(json_string_value(v), &t->color[i])) {
            char what[96];
            describe_json(v, what, sizeof(what));
            loader_error(L, v_at, "theme colour \"%s\" must be \"#RRGGBB\" or \"#RRGGBBAA\" "
                         "(hexadecimal; AA is the opacity), found %s", s_theme_colors[i], what);
            continue;
        }
        t->color_given[i] = true;
    }
}

/* "theme": {"colors": {"accent": "#E4572E", ...}, "radius": 8, "font_size": 16, ...} */
static void load_theme(scene_loader *L, const json_t *root, scene_pos root_at)
{
    scene_theme *t = &L->ex->theme;
    t->radius = t->font_size = t->title_size = t->small_size = -1;
    const json_t *obj = json_object_get(root, "theme");
    if (!obj)
        return;
    scene_pos at = loader_value_pos(L, root, "theme", 0, root_at);
    t->line = at.line;
    t->col = at.col;
    if (!json_is_object(obj)) {
        type_error(L, at, "theme", "an object like {\"colors\": {\"accent\": \"#E4572E\"}, "
                   "\"radius\": 8}", obj);
        return;
    }
    t->present = true;
    static const char *const known[] = {"colors", "radius", "font_size", "title_size",
                                        "small_size", NULL};
    check_keys(L, obj, known, "theme", at);
    load_theme_colors(L, obj, at, t);
    theme_size(L, obj, "radius", at, 0, 48, &t->radius);
    theme_size(L, obj, "font_size", at, 8, 48, &t->font_size);
    theme_size(L, obj, "title_size", at, 8, 72, &t->title_size);
    theme_size(L, obj, "small_size", at, 8, 48, &t->small_size);
}

static void load_root(scene_loader *L, const json_t *root)
{
    scene_pos root_at = loader_value_pos(L, NULL, NULL, 0, (scene_pos){1, 1});
    if (!json_is_object(root)) {
        loader_error(L, root_at, "a scene file must hold one JSON object "
                     "({\"format\": \"" SCENE_FORMAT "\", ...}), found an array");
        return;
    }
    static const char *const known[] = {"$schema", "format", "title", "start", "transition",
                                        "languages", "default_language", "assets", "groups",
                                        "map", "places", "theme", NULL};
    check_keys(L, root, known, "the scene", root_at);

    scene_pos format_at;
    const char *format = get_string(L, root, "format", root_at, "the scene",
                                    "add \"format\": \"" SCENE_FORMAT "\" at the top",
                                    &format_at);
    if (format && strcmp(format, SCENE_FORMAT) != 0)
        loader_error(L, format_at, "unsupported format \"%s\"; this version of Pavilion reads "
                     "\"" SCENE_FORMAT "\"", format);
    L->ex->format = pv_strdup(SCENE_FORMAT);

    get_string(L, root, "$schema", root_at, "the scene", NULL, NULL);
    load_languages(L, root, root_at);
    get_text(L, root, "title", root_at, "the scene", NULL, &L->ex->title);
    load_transition(L, root, root_at);
    load_assets(L, root, root_at);
    load_groups(L, root, root_at);
    load_theme(L, root, root_at);

    /* Ids first, so hotspots may lead to places further down the file. */
    const json_t *places = json_object_get(root, "places");
    scene_pos places_at = loader_value_pos(L, root, "places", 0, root_at);
    size_t count = 0;
    if (!places) {
        loader_error(L, root_at, "the scene has no \"places\"; add \"places\": [ ... ] with at "
                     "least one place");
    } else if (!json_is_array(places)) {
        type_error(L, places_at, "places", "an array of places", places);
    } else if (json_array_size(places) == 0) {
        loader_error(L, places_at, "\"places\" is empty; add at least one place");
    } else {
        count = json_array_size(places);
    }
    L->ex->places = pv_calloc(count, sizeof(*L->ex->places));
    L->ex->place_count = (int)count;
    L->place_ids = pv_calloc(count, sizeof(*L->place_ids));
    for (size_t i = 0; i < count; i++) {
        const json_t *id = json_object_get(json_array_get(places, i), "id");
        if (json_is_string(id) && *json_string_value(id))
            L->place_ids[i] = json_string_value(id);
    }
    place_ids_index(L);

    /* "start" usually sits above "places", so it is checked first to keep messages in
     * file order. */
    scene_pos start_at;
    const char *start = get_string(L, root, "start", root_at, "the scene", NULL, &start_at);
    if (start && count > 0) {
        L->ex->start = place_index_of(L, start);
        if (L->ex->start < 0) {
            report_unknown_place(L, start_at, "start place", start, "start");
            L->ex->start = 0;
        }
    }

    for (size_t i = 0; i < count; i++)
        load_place(L, places, i, &L->ex->places[i]);
    check_groups_used(L);
    load_map(L, root, root_at);
    texts_visit(L->ex, text_link_fallback, L->ex->default_language);
}

/* ------------------------------------------------------------------------------------------ */
/* Public interface                                                                           */
/* ------------------------------------------------------------------------------------------ */

pv_result scene_load_string(const char *json, const char *path, scene_exhibit **out,
                            pv_diags *diags)
{
    if (out)
        *out = NULL;
    if (!json || !path || !out)
        return PV_ERR_INVALID;

    pv_diags own_diags = {0};
    pv_diags *d = diags ? diags : &own_diags;
    int errors_before = d->errors;
    pv_result result = PV_ERR_FORMAT;
    scene_loader L = {.file = path, .diags = d, .hotspot_ids = json_object()};
    json_t *root = NULL;

    /* Editors on Windows save a byte order mark; JSON parsers reject it, we skip it. */
    const char *text = json;
    if ((unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF)
        text += 3;
    size_t n = strlen(text);

    json_error_t jerr;
    root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        pv_diags_add(d, PV_SEV_ERROR, path, jerr.line > 0 ? jerr.line : 1,
                     jerr.column > 0 ? jerr.column : 1, "%s", jerr.text);
        goto done;
    }
    scene_pos_index_build(&L.ix, text, n, root);

    L.ex = pv_calloc(1, sizeof(*L.ex));
    L.ex->path = pv_strdup(path);
    L.ex->dir = pv_path_dir(path);
    L.ex->roots = pv_calloc(1, sizeof(char *));
    L.ex->roots[0] = pv_path_real(L.ex->dir);
    L.ex->root_count = 1;
    load_root(&L, root);

    if (d->errors == errors_before) {
        *out = L.ex;
        L.ex = NULL;
        result = PV_OK;
    }

done:
    scene_free(&L.ex);
    free(L.place_ids);
    free(L.id_slots);
    json_decref(L.hotspot_ids);
    scene_pos_index_free(&L.ix);
    json_decref(root);
    pv_diags_free(&own_diags);
    return result;
}

pv_result scene_load(const char *path, scene_exhibit **out, pv_diags *diags)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return PV_ERR_INVALID;
    uint8_t *bytes = NULL;
    size_t size = 0;
    char why[256];
    if (pv_file_read(path, &bytes, &size, why, sizeof(why)) != PV_OK) {
        if (diags)
            pv_diags_add(diags, PV_SEV_ERROR, path, 0, 0, "cannot read the scene file: it %s",
                         why);
        return PV_ERR_IO;
    }
    if (memchr(bytes, 0, size)) {
        /* scene_load_string works on C strings; a NUL byte would silently cut the file. */
        if (diags)
            pv_diags_add(diags, PV_SEV_ERROR, path, 0, 0, "the scene file contains a NUL "
                         "byte; it must be UTF-8 text");
        free(bytes);
        return PV_ERR_FORMAT;
    }
    pv_result r = scene_load_string((const char *)bytes, path, out, diags);
    free(bytes);
    return r;
}

static void place_free(scene_place *p)
{
    tiled_free(p);
    free(p->id);
    text_free(&p->title);
    free(p->panorama);
    free(p->panorama_src);
    free(p->model);
    free(p->model_src);
    free(p->environment);
    free(p->environment_src);
    for (int i = 0; i < p->collider_count; i++)
        free(p->colliders[i]);
    free(p->colliders);
    for (int i = 0; i < p->hotspot_count; i++) {
        scene_hotspot *h = &p->hotspots[i];
        free(h->id);
        free(h->node);
        text_free(&h->label);
        text_free(&h->title);
        text_free(&h->text);
        video_free(&h->video);
        for (int m = 0; m < h->person_count; m++) {
            scene_person *person = &h->people[m];
            text_free(&person->name);
            text_free(&person->role);
            text_free(&person->region);
            text_free(&person->contact);
            free(person->photo);
            free(person->photo_src);
            for (int k = 0; k < person->language_count; k++)
                free(person->languages[k]);
            free(person->languages);
        }
        free(h->people);
    }
    free(p->hotspots);
    for (int i = 0; i < p->screen_count; i++) {
        free(p->screens[i].material);
        video_free(&p->screens[i].video);
    }
    free(p->screens);
    free(p->cinema.material);
    for (int i = 0; i < p->cinema.film_count; i++) {
        scene_film *f = &p->cinema.films[i];
        text_free(&f->title);
        video_free(&f->video);
        free(f->poster);
        free(f->poster_src);
        for (int k = 0; k < f->subtitle_count; k++) {
            free(f->subtitles[k].lang);
            free(f->subtitles[k].path);
            free(f->subtitles[k].src);
        }
        free(f->subtitles);
    }
    free(p->cinema.films);
}

void scene_free(scene_exhibit **ex)
{
    if (!ex || !*ex)
        return;
    scene_exhibit *e = *ex;
    free(e->path);
    free(e->dir);
    for (int i = 0; i < e->root_count; i++)
        free(e->roots[i]);
    free(e->roots);
    free(e->format);
    text_free(&e->title);
    for (int i = 0; i < e->place_count; i++)
        place_free(&e->places[i]);
    free(e->places);
    for (int i = 0; i < e->language_count; i++)
        free(e->languages[i]);
    free(e->languages);
    free(e->default_language);
    for (int i = 0; i < e->group_count; i++) {
        free(e->groups[i].id);
        text_free(&e->groups[i].title);
    }
    free(e->groups);
    free(e->map.image);
    free(e->map.image_src);
    text_free(&e->map.title);
    free(e->map.points);
    free(e);
    *ex = NULL;
}

int scene_find_place(const scene_exhibit *ex, const char *id)
{
    if (!ex || !id)
        return -1;
    for (int i = 0; i < ex->place_count; i++)
        if (ex->places[i].id && strcmp(ex->places[i].id, id) == 0)
            return i;
    return -1;
}

bool scene_find_hotspot(const scene_exhibit *ex, const char *id, int *place, int *hotspot)
{
    if (!ex || !id)
        return false;
    for (int i = 0; i < ex->place_count; i++)
        for (int k = 0; k < ex->places[i].hotspot_count; k++)
            if (ex->places[i].hotspots[k].id && strcmp(ex->places[i].hotspots[k].id, id) == 0) {
                if (place)
                    *place = i;
                if (hotspot)
                    *hotspot = k;
                return true;
            }
    return false;
}

const scene_map_point *scene_map_point_of(const scene_exhibit *ex, int place)
{
    if (!ex || !ex->map.present)
        return NULL;
    for (int i = 0; i < ex->map.point_count; i++)
        if (ex->map.points[i].place == place)
            return &ex->map.points[i];
    return NULL;
}

static const char *text_find(const scene_text *t, const char *lang, size_t n)
{
    for (int i = 0; i < t->count; i++)
        if (strlen(t->items[i].lang) == n && strncmp(t->items[i].lang, lang, n) == 0)
            return t->items[i].value;
    return NULL;
}

const char *scene_text_get(const scene_text *t, const char *lang)
{
    if (!t || t->count == 0)
        return "";
    const char *v = NULL;
    if (lang && *lang) {
        v = text_find(t, lang, strlen(lang));
        /* "de-CH" is better served by "de" than by English. */
        const char *dash = strchr(lang, '-');
        if (!v && dash)
            v = text_find(t, lang, (size_t)(dash - lang));
    }
    if (!v && t->fallback)
        v = text_find(t, t->fallback, strlen(t->fallback));
    if (!v)
        v = text_find(t, "en", 2);
    if (!v)
        v = text_find(t, "", 0);
    if (!v)
        v = t->items[0].value;
    return v ? v : "";
}

bool scene_text_empty(const scene_text *t)
{
    if (!t)
        return true;
    for (int i = 0; i < t->count; i++)
        if (t->items[i].value && *t->items[i].value)
            return false;
    return true;
}
