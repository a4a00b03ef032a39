/* hud's private parts: what hud.c hands to the video controls (controls.c), the keyboard's
 * hotspot spots (spots.c), the floor plan (map.c) and team cards (team.c) each frame.
 * Threads: main thread only. */
#ifndef PV_HUD_INTERNAL_H
#define PV_HUD_INTERNAL_H

#include "hud/hud.h"

/* What a part of the hud describes a frame with. */
typedef struct hud_parts {
    ui *ui;
    visit *vis;
    const scene_exhibit *ex;
    ui_strings *strings;   /* NULL: keys show as themselves */
    const char *lang;      /* the scene's texts in this language */
    const hud_host *host;
} hud_parts;

/* What the controls keep between frames. */
typedef struct hud_controls_state {
    bool dragging;         /* the seek bar is held: its knob follows the pointer */
    float drag;            /* where, 0..1 */
    visit_video_state video; /* asked of the visit this frame */
    bool fullscreen;       /* the window is full screen (asked of the host this frame) */
} hud_controls_state;

/* The video controls, the full-screen Close, the cinema's playlist and the notes over
 * videos (controls.c). */
void hud_controls_frame(const hud_parts *p, hud_controls_state *st);
/* The hotspots' markers as keyboard stops, first in the Tab order (spots.c). */
void hud_spots_frame(const hud_parts *p);

/* The floor plan's panel (map.c): the plan, a dot per place, the visitor's place marked. Returns
 * the place whose dot was chosen this frame (-1: none); *open is false once it was closed. */
int hud_map_frame(const hud_parts *p, bool *open);

/* A team's cards (team.c): each person's lines in the visitor's language (role, region,
 * languages, contact; NULL when none; the caller frees), the room `count` cards take (dp)
 * with `lines` made so, and the first `count` cards drawn in r (dp from the start edge). */
char *hud_card_lines(const hud_parts *p, const scene_person *person);
float hud_cards_height(const hud_parts *p, char **lines, int count);
void hud_cards(const hud_parts *p, const scene_hotspot *hs, char **lines, int count,
               ui_rect r);
/* The first character of a name's first and last words ("Ana Lima" -> "AL"). */
void hud_initials(const char *name, char *out, size_t n);

#endif
