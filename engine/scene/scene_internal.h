/* scene (internal): where each value of a scene file was written. jansson parses the values
 * but keeps no positions, and every message must say file:line:col; so after jansson accepted
 * the text, a small pass walks the same text in step with jansson's tree and records, for each
 * member of each object or array (keyed by the parent json_t and the member's key or index),
 * where the key and the value start. Lines and columns are 1-based; columns count characters
 * (code points), as jansson's own messages do.
 * Threads: an index belongs to one thread. Shared by scene.c and the fuzz tests. */
#ifndef PV_SCENE_INTERNAL_H
#define PV_SCENE_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

typedef struct scene_pos {
    int line, col;
} scene_pos;

typedef struct scene_pos_entry {
    const json_t *parent; /* the object or array holding the member; NULL for the root */
    const char *key;      /* jansson's own copy of the key (lives as long as the tree); NULL
                           * for array items and the root */
    size_t index;         /* array items */
    scene_pos key_pos;    /* where the key's opening quote is */
    scene_pos value_pos;  /* where the value starts */
} scene_pos_entry;

typedef struct scene_pos_index {
    scene_pos_entry *entries;
    size_t count, capacity;
    size_t *slots;        /* open addressing: entry index + 1, 0 = free */
    size_t slot_count;    /* power of two */
} scene_pos_index;

/* Builds the index for `text` (n bytes, no BOM) that jansson parsed into `root`. The root
 * value is entered with parent NULL, key NULL, index 0. */
void scene_pos_index_build(scene_pos_index *ix, const char *text, size_t n, const json_t *root);
/* The member `key` of object `parent`, or item `index` of array `parent` (key NULL). */
const scene_pos_entry *scene_pos_find(const scene_pos_index *ix, const json_t *parent,
                                      const char *key, size_t index);
void scene_pos_index_free(scene_pos_index *ix);

#endif
