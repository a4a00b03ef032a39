/* hud: what a visitor sees over the place, built from ui/ widgets each frame: the place's
 * title, a bar with the place menu, the floor plan, the language switcher and help, the info
 * panel of a hotspot, and a help hint at first start. Words come from the interface's catalogues
 * (ui/strings), the place's texts from the scene in the same language; switching language
 * lays everything out again in the next frame, without reloading the place.
 *
 * The hud drives the visit by its commands (a place chosen in the menu is entered, the video
 * controls send video commands), reads the video in control from the visit (visit_video), and
 * asks its host for what it does not own (thumbnails of places, the floor plan's picture, what
 * follows a change of language).
 *
 * Threads: main thread only. */
#ifndef PV_HUD_H
#define PV_HUD_H

#include "gfx/gfx.h"
#include "platform/platform.h"
#include "scene/scene.h"
#include "text/text.h"
#include "ui/strings.h"
#include "ui/ui.h"
#include "visit/visit.h"

typedef struct hud hud;

/* A hotspot's marker on screen, for the keyboard (spots.c). */
typedef struct hud_marker {
    int hotspot;         /* index in the current place */
    float x, y;          /* pixels from the top left */
    float size;          /* its diameter in pixels */
    bool hover;          /* the pointer is over it: its name shows beside it */
} hud_marker;

typedef struct hud_host {
    void *user;
    /* A small picture of the place for the menu (16:9 is best), or NULL while there is none
     * (the host may start making one). */
    const gfx_image *(*thumbnail)(void *user, int place);
    /* The language changed to `lang` (normalised, "pt-BR"): forget what was drawn in the old
     * one. May be NULL. */
    void (*language_changed)(void *user, const char *lang);
    /* Turns the window's full screen on or off (the controls' button); NULL: no button. */
    void (*fullscreen)(void *user);
    /* Whether the window is full screen now (the button offers to leave it); NULL: never.
     * Asked again after the button was used, so the frame shows what it did. */
    bool (*is_fullscreen)(void *user);
    /* The current place's hotspot markers on screen (at most max), in any order; NULL or 0:
     * none (a full-screen video hides them). Tab reaches them before the interface. */
    int (*markers)(void *user, hud_marker *out, int max);
    /* A picture the scene names (a person's photo: a resolved path from the exhibit), or NULL
     * when it cannot be had (then a card shows initials). May be NULL. */
    const gfx_image *(*image)(void *user, const char *path);
    /* The scene's floor plan (exhibit->map.image) for the map panel, or NULL while there is
     * none (a blank plan is drawn; the dots still work). May be NULL. */
    const gfx_image *(*plan)(void *user);
} hud_host;

typedef struct hud_desc {
    const scene_exhibit *exhibit; /* read-only, outlives the hud */
    visit *visit;                 /* the hud enters places through it */
    ui_strings *strings;          /* the interface's words; NULL: every key shows as itself */
    text_font *font, *bold;       /* bold may be NULL */
    hud_host host;
    bool help;                    /* show the help hint until the visitor dismisses it or
                                   * starts exploring (a press, key or wheel on the place) */
} hud_desc;
pv_result hud_create(const hud_desc *d, hud **out);
/* Accepts NULL; call with the GL context current when hud_render was ever called. */
void hud_destroy(hud **h, gfx *g);

typedef enum hud_open {
    HUD_OPEN_NONE = 0,
    HUD_OPEN_INFO,       /* a hotspot's info panel */
    HUD_OPEN_PLACES,     /* the place menu */
    HUD_OPEN_LANGUAGES,  /* the language switcher */
    HUD_OPEN_HELP,       /* the help panel */
    HUD_OPEN_MAP,        /* the floor plan (when the scene has a map) */
    HUD_OPEN_COUNT
} hud_open;

/* Opens a panel or menu (closing any other); HUD_OPEN_INFO takes a hotspot of the current
 * place. hud_close closes it. */
void hud_show(hud *h, hud_open what, int hotspot);
void hud_close(hud *h);
hud_open hud_shown(const hud *h, int *hotspot);
/* A panel or menu is open: the place beneath takes no pointer or key. */
bool hud_modal(const hud *h);

/* The language the visitor sees: interface words and the scene's texts ("en" at first). */
const char *hud_language(const hud *h);
/* Switches language (a code with a catalogue); false with `why` filled when there is none. */
bool hud_set_language(hud *h, const char *lang, char *why, size_t why_n);

typedef struct hud_frame_desc {
    int width, height;    /* drawable pixels */
    float scale;          /* pixels per point */
    float dpi;            /* drawable pixels per inch, 0: unknown */
    double now;
    bool chrome;          /* the title and the bar (off while a film plays full screen) */
    /* The current place cannot be shown: why (the loader's words, under a card that says so
     * in the visitor's language; its markers still work). NULL: it can. */
    const char *place_error;
} hud_frame_desc;
/* Takes an event before the viewer does; true when the hud used it. */
bool hud_event(hud *h, const platform_event *e);
/* Describes this frame's interface; hud_render then draws it over the frame. */
void hud_frame(hud *h, const hud_frame_desc *f);
void hud_render(hud *h, gfx *g);
/* Something animates (hover, a toast, a tooltip's delay): draw another frame soon. */
bool hud_animating(const hud *h);
/* The scene's "theme" over ui_theme_default (hud_create applies it). */
void hud_theme_from_scene(const scene_theme *st, ui_theme *out);
/* The interface context (tests, and features that add widgets between hud_frame's parts). */
ui *hud_ui(hud *h);

/* The ids of the video controls ("play", "seek", "cc", "mute", "volume", "next", "list",
 * "fullscreen", "close") and of film `index`'s card in the playlist ("film"); tests and
 * automation find them with ui_widget_rect. */
ui_id hud_control_id(const char *name, int index);
/* The id the draws of a hotspot's name beside its marker carry (tests). */
ui_id hud_spot_name_id(int place, int hotspot);
/* The keyboard's order over markers: reading order as seen on screen, rows top to bottom
 * (markers whose centres lie within `row` pixels of a row's first share it), each row left
 * to right, or right to left when `rtl`. Writes indices into m to order[n]. */
void hud_reading_order(const hud_marker *m, int n, bool rtl, float row, int *order);

#endif
