/* scene/json_pos: the position index of scene files (see scene_internal.h): a hash table from
 * (parent, key or index) to where the key and value start, filled by a walk over the text in
 * step with jansson's tree. Any thread; an index belongs to one. */
#include "scene/scene_internal.h"

#include "core/core.h"

#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* Position index                                                                             */
/* ------------------------------------------------------------------------------------------ */

static size_t pos_hash(const json_t *parent, const char *key, size_t index)
{
    /* FNV-1a over the key (or the index) mixed with the parent's address. */
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)parent;
    h *= 1099511628211ull;
    if (key) {
        for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
            h ^= *p;
            h *= 1099511628211ull;
        }
    } else {
        h ^= (uint64_t)index + 0x9e3779b97f4a7c15ull;
        h *= 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 29));
}

static bool pos_entry_is(const scene_pos_entry *e, const json_t *parent, const char *key,
                         size_t index)
{
    if (e->parent != parent)
        return false;
    if (key)
        return e->key && strcmp(e->key, key) == 0;
    return !e->key && e->index == index;
}

static void pos_rehash(scene_pos_index *ix, size_t slot_count)
{
    free(ix->slots);
    ix->slots = pv_calloc(slot_count, sizeof(size_t));
    ix->slot_count = slot_count;
    for (size_t i = 0; i < ix->count; i++) {
        const scene_pos_entry *e = &ix->entries[i];
        size_t s = pos_hash(e->parent, e->key, e->index) & (slot_count - 1);
        while (ix->slots[s])
            s = (s + 1) & (slot_count - 1);
        ix->slots[s] = i + 1;
    }
}

static void pos_add(scene_pos_index *ix, const json_t *parent, const char *key, size_t index,
                    scene_pos key_pos, scene_pos value_pos)
{
    if (ix->count == ix->capacity) {
        ix->capacity = ix->capacity ? ix->capacity * 2 : 64;
        ix->entries = pv_realloc(ix->entries, sizeof(*ix->entries) * ix->capacity);
    }
    ix->entries[ix->count++] = (scene_pos_entry){parent, key, index, key_pos, value_pos};
    /* Keep the table at most half full. */
    if (ix->count * 2 > ix->slot_count) {
        pos_rehash(ix, ix->slot_count ? ix->slot_count * 2 : 128);
        return;
    }
    size_t s = pos_hash(parent, key, index) & (ix->slot_count - 1);
    while (ix->slots[s])
        s = (s + 1) & (ix->slot_count - 1);
    ix->slots[s] = ix->count;
}

const scene_pos_entry *scene_pos_find(const scene_pos_index *ix, const json_t *parent,
                                      const char *key, size_t index)
{
    if (!ix->slot_count)
        return NULL;
    size_t s = pos_hash(parent, key, index) & (ix->slot_count - 1);
    while (ix->slots[s]) {
        const scene_pos_entry *e = &ix->entries[ix->slots[s] - 1];
        if (pos_entry_is(e, parent, key, index))
            return e;
        s = (s + 1) & (ix->slot_count - 1);
    }
    return NULL;
}

void scene_pos_index_free(scene_pos_index *ix)
{
    free(ix->entries);
    free(ix->slots);
    memset(ix, 0, sizeof(*ix));
}

/* The walk over the raw text. The text has already been accepted by jansson, so this only
 * needs to find where things are, not to diagnose; it still never reads past the end. */
typedef struct pos_walker {
    const char *s;
    size_t n, i;
    int line, col; /* of s[i] */
    scene_pos_index *ix;
} pos_walker;

static void walker_step(pos_walker *w)
{
    unsigned char c = (unsigned char)w->s[w->i++];
    if (c == '\n') {
        w->line++;
        w->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        /* Continuation bytes belong to the character already counted. */
        w->col++;
    }
}

static void walker_skip_space(pos_walker *w)
{
    while (w->i < w->n && strchr(" \t\r\n", w->s[w->i]) && w->s[w->i])
        walker_step(w);
}

static scene_pos walker_pos(const pos_walker *w) { return (scene_pos){w->line, w->col}; }

/* Skips a string starting at its opening quote; reports whether it holds escapes. */
static void walker_skip_string(pos_walker *w, size_t *start, size_t *end, bool *escaped)
{
    *escaped = false;
    walker_step(w); /* opening quote */
    *start = w->i;
    while (w->i < w->n && w->s[w->i] != '"') {
        if (w->s[w->i] == '\\') {
            *escaped = true;
            walker_step(w);
            if (w->i >= w->n)
                break;
        }
        walker_step(w);
    }
    *end = w->i;
    if (w->i < w->n)
        walker_step(w); /* closing quote */
}

static void walker_value(pos_walker *w, const json_t *v);

static void walker_object(pos_walker *w, const json_t *obj)
{
    walker_step(w); /* '{' */
    for (;;) {
        walker_skip_space(w);
        if (w->i >= w->n || w->s[w->i] == '}')
            break;
        if (w->s[w->i] == ',') {
            walker_step(w);
            continue;
        }
        if (w->s[w->i] != '"')
            return; /* cannot happen with text jansson accepted */
        scene_pos key_pos = walker_pos(w);
        size_t start, end;
        bool escaped;
        walker_skip_string(w, &start, &end, &escaped);

        /* Find jansson's member for this key. Escaped keys are decoded by jansson itself,
         * so both sides agree on what the key is. */
        const json_t *child = NULL;
        const char *stored_key = NULL;
        char *key = NULL;
        if (escaped) {
            json_t *decoded = json_loadb(w->s + start - 1, end - start + 2, JSON_DECODE_ANY,
                                         NULL);
            if (json_is_string(decoded))
                key = pv_strdup(json_string_value(decoded));
            json_decref(decoded);
        } else {
            key = pv_strndup(w->s + start, end - start);
        }
        if (key && json_is_object(obj)) {
            void *it = json_object_iter_at((json_t *)obj, key);
            if (it) {
                stored_key = json_object_iter_key(it);
                child = json_object_iter_value(it);
            }
        }
        free(key);

        walker_skip_space(w);
        if (w->i < w->n && w->s[w->i] == ':')
            walker_step(w);
        walker_skip_space(w);
        if (stored_key)
            pos_add(w->ix, obj, stored_key, 0, key_pos, walker_pos(w));
        walker_value(w, child);
    }
    if (w->i < w->n)
        walker_step(w); /* '}' */
}

static void walker_array(pos_walker *w, const json_t *arr)
{
    walker_step(w); /* '[' */
    size_t index = 0;
    for (;;) {
        walker_skip_space(w);
        if (w->i >= w->n || w->s[w->i] == ']')
            break;
        if (w->s[w->i] == ',') {
            walker_step(w);
            continue;
        }
        const json_t *child = json_is_array(arr) ? json_array_get(arr, index) : NULL;
        if (child)
            pos_add(w->ix, arr, NULL, index, walker_pos(w), walker_pos(w));
        index++;
        walker_value(w, child);
    }
    if (w->i < w->n)
        walker_step(w); /* ']' */
}

static void walker_value(pos_walker *w, const json_t *v)
{
    walker_skip_space(w);
    if (w->i >= w->n)
        return;
    char c = w->s[w->i];
    if (c == '{') {
        walker_object(w, v);
    } else if (c == '[') {
        walker_array(w, v);
    } else if (c == '"') {
        size_t start, end;
        bool escaped;
        walker_skip_string(w, &start, &end, &escaped);
    } else {
        /* A number, true, false or null (a stray NUL byte is stepped over, not taken for a
         * delimiter: strchr finds the terminator, and the walk would stand still). */
        while (w->i < w->n && (!w->s[w->i] || !strchr(",]} \t\r\n", w->s[w->i])))
            walker_step(w);
    }
}

void scene_pos_index_build(scene_pos_index *ix, const char *text, size_t n, const json_t *root)
{
    pos_walker w = {.s = text, .n = n, .i = 0, .line = 1, .col = 1, .ix = ix};
    walker_skip_space(&w);
    pos_add(ix, NULL, NULL, 0, walker_pos(&w), walker_pos(&w));
    walker_value(&w, root);
}

