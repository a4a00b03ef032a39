/* asset/model: 3D booth models (glTF, FBX, OBJ, Collada, 3DS, PLY, STL... through Assimp)
 * imported into plain CPU data: meshes, PBR materials, decoded textures and a node tree with
 * world matrices and bounds. Nothing here calls GL; a later step uploads the model.
 *
 * Conventions of the loaded data:
 * - Units are metres, +Y is up, right-handed. Models written Z-up (FBX "UpAxis" metadata;
 *   Collada and 3DS are converted by Assimp itself) are turned Y-up, FBX unit scale
 *   ("UnitScaleFactor", centimetres per unit) is applied, then desc->scale and desc->rotate.
 *   All of that is folded into the root's world matrix: node.world includes it, node.local
 *   and mesh data do not.
 * - UVs: v = 0 is the TOP row of the texture image (asset_image rows are top-down, uploaded
 *   first row first), i.e. glTF's convention; Assimp's v-up UVs are flipped on import.
 * - Triangles are counter-clockwise seen from the front, indices 32-bit.
 * - An 'empty' box has min > max (min = +FLT_MAX, max = -FLT_MAX).
 *
 * Threads: asset_model_load may run on any thread (imports are serialised around Assimp's
 * process-wide error string; everything after the parse runs concurrently). A model is owned
 * by one thread at a time; the query functions only read it.
 * Ownership: asset_model is one tree, its proxy included; asset_model_free releases all of
 * it. */
#ifndef PV_ASSET_MODEL_H
#define PV_ASSET_MODEL_H

#include "asset/asset.h"

enum { ASSET_ALPHA_OPAQUE = 0, ASSET_ALPHA_MASK, ASSET_ALPHA_BLEND };

typedef struct asset_material {
    char *name;
    float base_color[4];       /* linear RGBA factor */
    float metallic, roughness; /* glTF factors (1, 1 by default for glTF); other formats:
                                * metallic 0, roughness from the Phong shininess */
    float emissive[3];
    int alpha_mode;            /* ASSET_ALPHA_OPAQUE, _MASK, _BLEND */
    float alpha_cutoff;        /* 0.5 default */
    bool double_sided;
    /* Index into model->textures or -1. tex_metal_rough follows glTF: roughness in G,
     * metalness in B. */
    int tex_base_color, tex_metal_rough, tex_normal, tex_occlusion, tex_emissive;
} asset_material;

typedef struct asset_texture {
    char *name;        /* file path as written in the model, or "*0" for embedded ones */
    asset_image image; /* decoded RGBA, rows top-down */
    bool missing;      /* could not be read: image is a visible 2x2 magenta/black placeholder */
    /* Only between the import helper and asset_model_load, which decodes them into image
     * and frees them: the image's compressed file bytes (NULL in a loaded model). */
    uint8_t *file_bytes;
    size_t file_size;
} asset_texture;

typedef struct asset_mesh {
    float *positions, *normals, *uvs, *tangents; /* 3,3,2,4 floats per vertex; uvs/tangents
                                                  * may be NULL (tangent w = handedness) */
    uint32_t *indices;
    int vertex_count, index_count; /* triangles: index_count / 3 */
    int material;                  /* index into model->materials */
    float bounds_min[3], bounds_max[3]; /* in mesh space */
} asset_mesh;

typedef struct asset_node {
    char *name;
    int parent;                    /* -1 for the root; parents come before their children */
    float local[16], world[16];    /* column-major 4x4; world includes the place's axis,
                                    * unit, scale and rotate correction */
    int *meshes;
    int mesh_count;
    float bounds_min[3], bounds_max[3]; /* world-space box of this node's meshes AND its
                                         * descendants' ('empty' when none) */
} asset_node;

typedef struct asset_model {
    asset_mesh *meshes;
    int mesh_count;
    asset_material *materials;
    int material_count;
    asset_texture *textures;
    int texture_count;
    asset_node *nodes; /* nodes[0] is the root */
    int node_count;
    float bounds_min[3], bounds_max[3]; /* world space, all nodes */
    size_t triangle_count;              /* sum over meshes (an instanced mesh counts once) */
    /* A simplified stand-in drawn while the camera moves (see asset_model_build_proxy), or
     * NULL: asset_model_load makes one for models that draw more than ASSET_PROXY_ABOVE
     * triangles. Owned by this model. Ray casts, nodes and bounds stay with the model. */
    struct asset_model *proxy;
    float cell_size; /* in a proxy: the grid's cell size in metres (0 in other models) */
} asset_model;

typedef struct asset_model_desc {
    const char *path;
    float scale;     /* 0 = 1 */
    float rotate[3]; /* degrees about X, then Y, then Z (applied after scale) */
    int max_nodes;   /* 0 = 100000 */
    bool no_proxy;   /* do not build a proxy (the model is only inspected or drawn still) */
    /* The folder every file the model names (textures, MTL, .bin buffers) must lie in, by
     * real path: the scene's folder. NULL = the model's own folder. */
    const char *root;
    int import_seconds;   /* the importer's time limit (wall clock and CPU); 0 = 60 */
    int import_memory_mb; /* the importer's memory limit; 0 = 2048 */
} asset_model_desc;

/* The import runs in a helper process, `pavilion-import` beside the program (or
 * $PAVILION_IMPORT_HELPER), limited to these by default. */
#define ASSET_IMPORT_SECONDS 60
#define ASSET_IMPORT_MEMORY_MB 2048
/* Textures wider or taller than this are refused (drawn as the placeholder, with a warning)
 * before they are decoded: 8192 x 8192 RGBA is 256 MB. */
#define ASSET_TEXTURE_MAX_SIDE 8192

/* Models drawing more triangles than this (instances counted each time) get a proxy of about
 * ASSET_PROXY_TARGET triangles when they load. */
#define ASSET_PROXY_ABOVE 250000
#define ASSET_PROXY_TARGET 100000

/* Imports in a helper process: Assimp and the texture decoders run in `pavilion-import`
 * (see model_child.c), limited in memory and time, and hand the model back; a crash, a hang
 * or running out of memory there is an error for this model (`why`: "could not import the
 * model: the importer crashed (signal 6)", "... ran out of the importer's 2048 MB memory
 * limit", "... took longer than 60 s"), never the end of this process.
 * Problems that do not stop loading (a missing texture, NaN vertices dropped, a non-triangle
 * primitive skipped) are appended as warnings to `diags` (file = the model path); diags may
 * be NULL. Fatal ones (unreadable file, no meshes, too many nodes) return an error with `why`
 * naming the file. The proxy, when one is made, is built in the same call (on the caller's
 * thread: the loader's worker in the viewer). */
pv_result asset_model_load(const asset_model_desc *d, asset_model **out, pv_diags *diags,
                           char *why, size_t why_n);
void asset_model_free(asset_model **m);
/* The main function of the `pavilion-import` helper (argv as the parent passes it). */
int asset_model_helper_main(int argc, char **argv);
/* The helper's limits on itself (also for test hooks run in its place). */
void asset_model_helper_limits(int seconds, int memory_mb);
int asset_model_find_node(const asset_model *m, const char *name); /* -1 if absent */
/* Ray cast against all triangles (both faces) in world space: returns the nearest hit
 * distance along dir in metres (dir need not be unit length), or -1; *node_hit (may be NULL)
 * receives the node hit, or -1. */
float asset_model_raycast(const asset_model *m, const float origin[3], const float dir[3],
                          int *node_hit);
/* The same, only against nodes whose node_mask entry is non-zero (NULL: all). */
float asset_model_raycast_mask(const asset_model *m, const float origin[3], const float dir[3],
                               const uint8_t *node_mask, int *node_hit);
/* A generated test model: a grid of 1 m boxes on the XZ plane with at least `triangles`
 * triangles (12 per box), in meshes of at most 4096 boxes, one node each. */
asset_model *asset_model_generate_boxes(size_t triangles);
/* A simplified copy of the model for drawing while the camera moves, by vertex clustering in
 * world space: a uniform grid over the model's box, its cell size searched for so that the copy
 * has about `target_triangles` (0 = ASSET_PROXY_TARGET; between 3/5 and 6/5 of it unless the
 * model cannot be cut that way). Each vertex moves to its cell's point (the least squared
 * distance to the planes of the triangles touching the cell, kept inside the box of the cell's
 * vertices), triangles with two corners in one cell disappear, duplicates go. Connected parts
 * that lose every triangle (parts smaller than a cell) come back as patches: per cell and axis
 * direction, one rectangle on their triangles' mean plane, at most twice their area.
 * Materials stay per mesh (one mesh per material and UV/tangent layout, and for blended
 * materials per coarse region, so glass is still sorted far to near); normals are averaged per
 * cell over corners facing within 45 degrees of each other (hard edges stay hard), UVs split
 * at seams; UVs and tangents come from the corner nearest the cell's point.
 * The result has one node (identity) holding every mesh, vertices in world space, copies of
 * the materials with the same indices, no textures (its materials' texture indices refer to
 * m->textures) and cell_size set. Every vertex lies inside the model's box, and within one
 * cell diagonal of its surface. Same input, same bytes. Returns NULL when there is nothing to simplify:
 * no valid triangle, or the model draws no more than the target. Any thread; m is only read. */
asset_model *asset_model_build_proxy(const asset_model *m, size_t target_triangles);
/* Triangles the model draws: each node's meshes, an instanced mesh counted per node. */
size_t asset_model_drawn_triangles(const asset_model *m);

#endif
