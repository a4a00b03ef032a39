/* fuzz_json_diag: the position index of scene files (scene_internal.h) and the diagnostics
 * (pv_diags_add, pv_diag_format) on any bytes. For every text jansson accepts, every member and
 * item of the tree must have a position, and that position must point at the start of a value
 * of the right kind ('{' for an object, '"' for a string, ...) and, for a member, at its key's
 * opening quote. Columns count code points. Single-threaded. */
#include "core/core.h"
#include "scene/scene_internal.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct text_map {
    const char *s;
    size_t n;
    size_t *line_start; /* byte offset of each line's first byte, 1-based lines */
    int lines;
} text_map;

/* The byte at line:col (col in code points), or -1. */
static long byte_at(const text_map *m, scene_pos p)
{
    if (p.line < 1 || p.line > m->lines || p.col < 1)
        return -1;
    size_t i = m->line_start[p.line];
    int col = 1;
    while (i < m->n && col < p.col) {
        if (m->s[i] == '\n')
            return -1;
        i++;
        while (i < m->n && ((unsigned char)m->s[i] & 0xC0) == 0x80)
            i++;
        col++;
    }
    return i < m->n ? (long)i : -1;
}

static bool starts_value(char c, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return c == '{';
    case JSON_ARRAY:
        return c == '[';
    case JSON_STRING:
        return c == '"';
    case JSON_INTEGER:
    case JSON_REAL:
        return c == '-' || (c >= '0' && c <= '9');
    case JSON_TRUE:
        return c == 't';
    case JSON_FALSE:
        return c == 'f';
    case JSON_NULL:
        return c == 'n';
    }
    return false;
}

static void check_entry(const text_map *m, const scene_pos_entry *e, const json_t *v, bool key)
{
    if (!e)
        abort();
    long at = byte_at(m, e->value_pos);
    if (at < 0 || !starts_value(m->s[at], v))
        abort();
    if (key) {
        long k = byte_at(m, e->key_pos);
        if (k < 0 || m->s[k] != '"')
            abort();
    }
}

static void check_tree(const text_map *m, const scene_pos_index *ix, const json_t *v)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *child;
        json_object_foreach((json_t *)v, key, child) {
            check_entry(m, scene_pos_find(ix, v, key, 0), child, true);
            check_tree(m, ix, child);
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            const json_t *child = json_array_get(v, i);
            check_entry(m, scene_pos_find(ix, v, NULL, i), child, false);
            check_tree(m, ix, child);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1 << 20))
        return 0;
    const char *s = (const char *)data;
    /* The diagnostics: any file name and message, formatted into a small buffer. */
    if (size >= 4) {
        pv_diags d = {0};
        size_t cut = data[0] % (size - 1) + 1;
        char *file = pv_strndup(s + 1, cut - 1);
        char *msg = pv_strndup(s + cut, size - cut);
        pv_diags_add(&d, (pv_severity)(data[1] % 3), file, data[2] - 1, data[3] - 1, "%s", msg);
        char small[40], big[600];
        pv_diag_format(&d.items[0], small, sizeof(small));
        pv_diag_format(&d.items[0], big, sizeof(big));
        if (strlen(small) >= sizeof(small))
            abort();
        pv_diags_free(&d);
        free(file);
        free(msg);
    }
    json_error_t err;
    json_t *root = json_loadb(s, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (!root)
        return 0;
    text_map m = {.s = s, .n = size};
    int lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += s[i] == '\n';
    m.line_start = pv_malloc(sizeof(size_t) * (size_t)(lines + 2));
    m.line_start[1] = 0;
    int l = 1;
    for (size_t i = 0; i < size; i++)
        if (s[i] == '\n')
            m.line_start[++l] = i + 1;
    m.lines = lines;
    scene_pos_index ix = {0};
    scene_pos_index_build(&ix, s, size, root);
    check_entry(&m, scene_pos_find(&ix, NULL, NULL, 0), root, false);
    check_tree(&m, &ix, root);
    scene_pos_index_free(&ix);
    free(m.line_start);
    json_decref(root);
    return 0;
}
