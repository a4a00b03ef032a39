/* hud: what a visitor sees over the place, built from ui/ widgets each frame: the place's
 * title, a bar with the place menu, the language switcher and help, the info panel of a
 * hotspot, and a help hint at first start. Words come from the interface's catalogues
 * (ui/strings), the place's texts from the scene in the same language; switching language
 * lays everything out again in the next frame, without reloading the place.
 *
 * The hud drives the visit by its commands (a place chosen in the menu is entered) and asks
 * its host for what it does not own (thumbnails of places, what follows a change of language).
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

typedef struct hud_host {
    void *user;
    /* A small picture of the place for the menu (16:9 is best), or NULL while there is none
     * (the host may start making one). */
    const gfx_image *(*thumbnail)(void *user, int place);
    /* The language changed to `lang` (normalised, "pt-BR"): forget what was drawn in the old
     * one. May be NULL. */
    void (*language_changed)(void *user, const char *lang);
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
} hud_frame_desc;
/* Takes an event before the viewer does; true when the hud used it. */
bool hud_event(hud *h, const platform_event *e);
/* Describes this frame's interface; hud_render then draws it over the frame. */
void hud_frame(hud *h, const hud_frame_desc *f);
void hud_render(hud *h, gfx *g);
/* Something animates (hover, a toast, a tooltip's delay): draw another frame soon. */
bool hud_animating(const hud *h);
/* The interface context (tests, and features that add widgets between hud_frame's parts). */
ui *hud_ui(hud *h);

#endif
