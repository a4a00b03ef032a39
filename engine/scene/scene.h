/* scene: the exhibit model, parsed from scene files (JSON, format "pavilion/1") with jansson,
 * validated and resolved (ids to indices, paths to checked paths, text to language tables).
 * An exhibit never changes once loaded; reload builds a new one.
 * Threads: any thread may load; a loaded exhibit is read-only and may be shared. */
#ifndef PV_SCENE_H
#define PV_SCENE_H

#include "core/core.h"
#include "core/view.h"

/* A text field: either a plain string (one item, lang "") or a map language -> string. */
typedef struct scene_text_item {
    char *lang;   /* "" for a plain string */
    char *value;  /* UTF-8 */
    int line, col; /* where its language key is written (the value, for a plain string) */
} scene_text_item;

typedef struct scene_text {
    scene_text_item *items;
    int count;
    int line, col;        /* where the field's value starts (0 when absent) */
    const char *fallback; /* the exhibit's default_language (borrowed from the exhibit) */
} scene_text;

/* The value for `lang` ("de-CH"), else its language without the region ("de"), else the
 * scene's default_language, else "en", else the plain string, else the first item, else ""
 * (never NULL). */
const char *scene_text_get(const scene_text *t, const char *lang);
bool scene_text_empty(const scene_text *t);

typedef enum scene_hotspot_type {
    SCENE_HOTSPOT_INVALID = 0,
    SCENE_HOTSPOT_GOTO,
    SCENE_HOTSPOT_INFO,
    SCENE_HOTSPOT_VIDEO,  /* a flat screen on the sphere showing a video */
    SCENE_HOTSPOT_TEAM,   /* the cards of the people behind a stand or a region */
    SCENE_HOTSPOT_COUNT
} scene_hotspot_type;

/* A video as scene files give it: a file (resolved inside the scene's folder) or a network
 * stream's URL (http, https, rtmp, rtmps, rtsp, srt; kept as written, with the scheme in lower
 * case, and not checked), and how it plays. */
typedef struct scene_video {
    char *path;          /* resolved path or the URL; NULL when missing or invalid */
    char *src;           /* as written */
    bool url;            /* `path` is a URL */
    int line, col;
    bool autoplay;       /* starts playing when its place is entered */
    bool loop;
    float volume;        /* 0..1, default 1 */
    /* hotspots and screens: "poster", a JPEG or PNG shown until the video first plays (and
     * after it ends); NULL: its first frame. (A film's poster is scene_film's.) */
    char *poster, *poster_src;
    int poster_line, poster_col;
} scene_video;

/* yaw: degrees, 0 = centre of the equirectangular image, positive turns right;
 * pitch: degrees, positive up, [-90, 90]; fov: degrees, horizontal field of view. */
typedef pv_view scene_view;

/* One card of a team hotspot: a person visitors can meet. Every text may be translated. */
typedef struct scene_person {
    scene_text name;
    scene_text role;
    scene_text region;
    scene_text contact;   /* e-mail, phone, "at the counter" ... */
    char *photo;          /* resolved path of a portrait (JPEG or PNG); NULL when none */
    char *photo_src;
    int photo_line, photo_col;
    char **languages;     /* language codes the person speaks, as written ("en", "pt-BR") */
    int language_count;
    int line, col;
} scene_person;

typedef struct scene_hotspot {
    scene_hotspot_type type;
    char *id;           /* optional "id", unique in the exhibit; NULL when absent */
    float yaw, pitch;
    int target;         /* goto: index into exhibit->places; -1 otherwise */
    scene_text label;   /* goto: shown on hover */
    scene_text title;   /* info, team: panel title (also the hover label when no label) */
    scene_text text;    /* info, team: panel body (team: an introduction above the cards) */
    scene_person *people; /* team: the cards, in the file's order (at least one) */
    int person_count;
    /* video: a screen centred on yaw/pitch, `width` degrees wide, aspect from the video */
    scene_video video;
    float width;
    bool fullscreen;    /* "open": "fullscreen": a click plays it over the whole window */
    /* In a model place a hotspot sits at a point of the model instead of a direction: */
    bool has_position;
    float position[3];  /* "position": [x, y, z] in model space, metres */
    char *node;         /* "node": a node's name in the model (marker at its box centre) */
    int node_line, node_col;
    int line, col;      /* where the hotspot object starts in the scene file */
} scene_hotspot;

typedef enum scene_camera_mode {
    SCENE_CAMERA_INVALID = 0,
    SCENE_CAMERA_ORBIT,   /* drag orbits a target, wheel and pinch dolly */
    SCENE_CAMERA_WALK,    /* first person at eye height, WASD walks, collisions */
    SCENE_CAMERA_COUNT
} scene_camera_mode;

typedef struct scene_camera {
    scene_camera_mode mode;  /* default orbit */
    bool has_target;
    float target[3];         /* orbit: the point looked at (default: the model's box centre) */
    float distance;          /* orbit: metres from the target (0 = fit the model) */
    float distance_min, distance_max; /* orbit limits (0 = derived from the model) */
    float yaw, pitch;        /* degrees: orbit around the target, or walk's look direction */
    float pitch_min, pitch_max;       /* orbit: default -10 .. 80 */
    bool has_position;
    float position[3];       /* walk: where the visitor stands (feet; eyes at +eye_height) */
    float eye_height;        /* walk: default 1.6 */
    float fov;               /* horizontal, degrees (default 70) */
} scene_camera;

typedef struct scene_light {
    float direction[3];      /* towards which the light travels (default down and slanted) */
    float color[3];          /* linear RGB, default white */
    float intensity;         /* default 3 */
} scene_light;

/* "screens": a material of the model shows a video in place of its base colour. */
typedef struct scene_screen {
    char *material;
    int material_line, material_col;
    scene_video video;
    int line, col;
} scene_screen;

/* A subtitle file of a film, for one language. */
typedef struct scene_subtitle {
    char *lang;
    char *path, *src;
    int line, col;
} scene_subtitle;

typedef struct scene_film {
    scene_text title;
    scene_video video;
    char *poster, *poster_src;   /* optional image; NULL: the film's first frame */
    int poster_line, poster_col;
    scene_subtitle *subtitles;
    int subtitle_count;
    int line, col;
} scene_film;

/* "cinema": a screen (a model's material, or a rectangle on a panorama) and a playlist. */
typedef struct scene_cinema {
    bool present;
    char *material;              /* model cinema: the screen's material */
    int material_line, material_col;
    float yaw, pitch, width;     /* panorama cinema: the screen rectangle (degrees) */
    float volume;                /* default 1 */
    scene_film *films;
    int film_count;
    int line, col;
} scene_cinema;

/* "groups": the sections of the place menu, in the file's order. */
typedef struct scene_group {
    char *id;
    scene_text title;
    int line, col;
} scene_group;

/* "map": a floor plan, with a point per place on it (pixels of the image, origin top left). */
typedef struct scene_map_point {
    int place;            /* index into exhibit->places */
    float x, y;
    int line, col;
} scene_map_point;

typedef struct scene_map {
    bool present;
    char *image;          /* resolved path of the plan (JPEG or PNG) */
    char *image_src;
    int image_line, image_col;
    int width, height;    /* the image's size in pixels, from its header */
    scene_text title;
    scene_map_point *points;
    int point_count;
    int line, col;
} scene_map;

/* A panorama already cut into cube faces: six images, one per face, in Pannellum's cubeMap
 * order (front, right, back, left, up, down = ASSET_FACE_* order). */
typedef struct scene_cube {
    char *face[6];        /* resolved paths */
    char *face_src[6];    /* as written */
    int face_line[6], face_col[6];
    int line, col;
} scene_cube;

/* A multi-resolution tile pyramid in Pannellum's multires layout (see asset/tiles.h). */
typedef struct scene_multires {
    char *dir;            /* resolved folder (Pannellum's basePath) */
    char *dir_src;
    char *pattern;        /* tile path below dir, "/%l/%s%y_%x" by default */
    char *fallback;       /* one image per face below dir ("/fallback/%s"), NULL if none */
    char *extension;      /* "jpg" by default */
    int tile_size, levels, face_size;
    int line, col;        /* of the "multires" value */
} scene_multires;

typedef struct scene_place {
    char *id;
    scene_text title;
    int group;            /* index into exhibit->groups; -1 when the place has no "group" */
    char *panorama;       /* resolved path (scene folder joined, normalised), NULL if none */
    char *panorama_src;   /* as written in the file */
    int panorama_line, panorama_col;
    bool panorama_video;  /* the panorama is an equirectangular video (.mp4, .webm, .mkv,
                           * .mov, .m4v, or a stream's URL), played looped */
    bool panorama_url;    /* `panorama` is a URL (always a video) */
    scene_cube *cube;     /* instead of `panorama`: six face images; NULL if none */
    scene_multires *multires; /* instead of `panorama`: a tile pyramid; NULL if none */
    scene_view view;      /* initial view; defaults yaw 0, pitch 0, fov 90 */
    float fov_min, fov_max; /* limits; defaults 30 and 110 (from "view": {"fov_min", "fov_max"}) */
    scene_hotspot *hotspots;
    int hotspot_count;
    /* 3D booths: a model (glTF first; OBJ, FBX, COLLADA, 3DS, PLY, STL through Assimp) */
    char *model;          /* resolved path, NULL for a panorama place */
    char *model_src;
    int model_line, model_col;
    char *environment;    /* equirectangular image behind the model, lighting it; may be NULL */
    char *environment_src;
    int environment_line, environment_col;
    scene_camera camera;
    scene_light light;
    float scale;          /* applied to the model (default 1) */
    float rotate[3];      /* degrees about X, Y, Z, applied after the axis conversion */
    char **colliders;     /* walk: node names that block the visitor (none = all geometry) */
    int collider_count;
    int colliders_line, colliders_col;
    scene_screen *screens;   /* model places: materials showing videos */
    int screen_count;
    scene_cinema cinema;
    int line, col;
} scene_place;

/* "theme": the interface's look. Colours are 0xRRGGBBAA (straight sRGB), in the order of
 * scene_theme_color_name; one not given keeps Pavilion's default (color_given false), as do
 * sizes left at -1. Sizes are in points (dp). */
enum { SCENE_THEME_COLORS = 11 };
typedef struct scene_theme {
    bool present;
    uint32_t color[SCENE_THEME_COLORS];
    bool color_given[SCENE_THEME_COLORS];
    float radius;                          /* corners of panels, buttons, cards; -1: default */
    float font_size, title_size, small_size; /* -1: default */
    int line, col;
} scene_theme;
/* The key of colour i in "theme"."colors" ("text", "text_dim", "accent", "panel", "control",
 * "control_hover", "control_pressed", "track", "focus_ring", "tooltip", "toast"); NULL past
 * the end. */
const char *scene_theme_color_name(int i);

typedef struct scene_exhibit {
    char *path;           /* the scene file as given */
    char *dir;            /* its folder: every referenced path stays inside it */
    /* Real paths of the folders its files may lie in (checked by real path, symbolic links
     * resolved): its folder, then the folders named by "assets". Files that a model names
     * are held to the same folders. An entry is NULL when the folder does not exist. */
    char **roots;
    int root_count;
    char *format;         /* "pavilion/1" */
    scene_text title;
    int start;            /* index of the start place */
    float fade_seconds;   /* "transition": {"fade": seconds}; default 0.6, 0 = cut */
    scene_place *places;
    int place_count;
    /* "languages": the languages the exhibition is offered in (none: not declared), and
     * "default_language": the one a text falls back to (always set: default the first of
     * "languages", else "en"). */
    char **languages;
    int language_count;
    int languages_line, languages_col;
    char *default_language;
    scene_group *groups;  /* "groups": sections of the place menu; none when absent */
    int group_count;
    scene_map map;        /* "map": the floor plan; map.present is false when absent */
    scene_theme theme;    /* "theme": the interface's look; theme.present is false when absent */
} scene_exhibit;

/* Parses and validates a scene file. Problems go to `diags` as file:line:col messages
 * (unknown keys are warnings). Returns PV_OK and a new exhibit when there is no error;
 * otherwise *out is NULL. Referenced files are checked to exist (not decoded). */
pv_result scene_load(const char *path, scene_exhibit **out, pv_diags *diags);
/* The same from a string; `path` names it in messages and sets the folder. */
pv_result scene_load_string(const char *json, const char *path, scene_exhibit **out,
                            pv_diags *diags);
void scene_free(scene_exhibit **ex);
/* Index of the place with this id, or -1. */
int scene_find_place(const scene_exhibit *ex, const char *id);
/* The hotspot with this "id" (ids are unique in an exhibit): true and its place and index in
 * that place, or false (outputs untouched). */
bool scene_find_hotspot(const scene_exhibit *ex, const char *id, int *place, int *hotspot);
/* The map point of place `place`, or NULL when the scene has no map or the place is not on
 * it. */
const scene_map_point *scene_map_point_of(const scene_exhibit *ex, int place);
/* For `pavilion check`: a warning at its line:col for each text map that lacks one of the
 * scene's "languages" ("text has no \"ja\" translation"), and for each map entry in a language
 * the scene does not offer. Plain-string texts are the same in every language and pass.
 * Nothing when the scene declares no "languages". */
void scene_check_languages(const scene_exhibit *ex, pv_diags *diags);

#endif
