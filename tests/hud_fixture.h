/* hud_fixture: what the hud's tests share (header-only, like check.h): a visit host whose places
 * show at once, the project's fonts and the real catalogues, an offscreen GL context, and a
 * hud's last frame drawn offscreen into pixels. Include after check.h; fixture_words needs
 * TEST_LOCALE_DIR (assets/i18n/i18n.cmake defines it for the hud's tests). */
#ifndef PV_TEST_HUD_FIXTURE_H
#define PV_TEST_HUD_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "gfx/gfx.h"
#include "hud/hud.h"

static inline const char *fixture_shown(void *user, int place) { return "full"; }
static inline bool fixture_ready(void *user, int place) { return true; }
static inline bool fixture_fades(void *user, int place) { return false; }

/* A visit host whose every place is ready and shown in full at once, without a fade; `video`
 * (may be NULL) carries out video commands. */
static inline visit_host fixture_visit_host(bool (*video)(void *, visit_video_cmd, double))
{
    return (visit_host){.shown = fixture_shown, .ready = fixture_ready,
                        .fades = fixture_fades, .video = video};
}

/* DejaVu Sans and its bold (bold may be NULL: not wanted) through text/'s own fontconfig. */
static inline bool fixture_fonts(text_font **font, text_font **bold)
{
    CHECK(text_font_open("DejaVu Sans", font) == PV_OK);
    if (bold)
        CHECK(text_font_open("DejaVu Sans:bold", bold) == PV_OK);
    return *font && (!bold || *bold);
}

#ifdef TEST_LOCALE_DIR
/* The interface's catalogues as built (build/locale) and the fonts. */
static inline bool fixture_words(ui_strings **strings, text_font **font, text_font **bold)
{
    char why[600];
    CHECK(ui_strings_create(&(ui_strings_desc){.dir = TEST_LOCALE_DIR}, strings, why,
                            sizeof(why)) == PV_OK);
    return fixture_fonts(font, bold) && *strings;
}
#endif

/* Closes what fixture_words or fixture_fonts opened (any may be NULL). */
static inline void fixture_words_close(ui_strings **strings, text_font **font,
                                       text_font **bold)
{
    if (strings)
        ui_strings_destroy(strings);
    if (bold)
        text_font_close(bold);
    text_font_close(font);
}

/* An offscreen GL context; false with a message when this machine has none. */
static inline bool fixture_gl(platform **plat, gfx **g)
{
    if (platform_create(&(platform_desc){.width = 64, .height = 64, .offscreen = true},
                        plat) != PV_OK ||
        gfx_create(g) != PV_OK) {
        fprintf(stderr, "no offscreen GL context: cannot test rendering\n");
        return false;
    }
    return true;
}

/* The hud's last frame drawn over `bg` at w x h: RGBA pixels as gfx_read_pixels gives them
 * (the caller frees), NULL when no target could be made. */
static inline uint8_t *fixture_render(gfx *g, hud *h, int w, int hh, const float bg[3])
{
    gfx_target *t = gfx_target_create(g, w, hh);
    CHECK(t != NULL);
    if (!t)
        return NULL;
    gfx_target_bind(g, t);
    gfx_begin(g, w, hh, bg);
    hud_render(h, g);
    uint8_t *px = malloc((size_t)w * hh * 4);
    gfx_read_pixels(g, w, hh, px);
    gfx_target_destroy(g, &t);
    return px;
}

#endif
