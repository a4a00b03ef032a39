/* hud_controls: the video controls, the cinema's playlist and the keyboard's hotspot stops of the
 * hud, driven by events as a window would send them, with a fake clock and no GL. The video in
 * control is a real player (play/) whose decoder has fallen behind: it shows the frame at 3 s and
 * the next one is not decoded (there is no clip at all, so nothing can arrive). Checks: a click on
 * Pause pauses the player and the very frame that answers it draws Play (and Enter on the focused
 * button plays again), without any frame from the decoder; a click on the seek bar seeks where it
 * was let go, even with press and release between two frames; volume, mute, subtitles, Next, Films
 * and Close send the visit's commands, and what the controls show is read back from the visit (its
 * host's video_state) at once; full screen is offered to be left in the frame that answers its
 * button; a film chosen in the playlist replaces the playlist in the same frame; the controls are
 * mirrored in Arabic (the time bar is not) and labelled from the catalogues; Tab reaches the
 * place's hotspots first, in reading order as seen (right to left in Arabic), then the interface's
 * controls, with a ring on the focused marker, and Enter activates the hotspot through the visit
 * (a goto enters its place); the focused marker and the one under the pointer show their names (a
 * goto's is where it leads), above them or below when there is no room; a place that cannot be
 * shown gets a card in the visitor's language with the reason, placed off the markers and taking
 * no pointer; a place awaited for more than a moment gets words under its marker. */
#include <stdlib.h>
#include <string.h>

#include "hud/hud.h"
#include "play/play.h"

#include "check.h"
#include "scene_fixture.h"
#include "heard.h"
#include "hud_fixture.h"

enum { W = 1280, H = 720 };
static char s_dir[256];
static double s_now = 100;

/* ---- the visit's host: a cinema whose film is a player that gets no frames ---- */

typedef struct fake {
    player pl;
    player_env env;
    visit_video_mode mode;
    bool playlist;
    int film;
    float volume;
    bool muted;
    int subtitles;        /* -1 off */
    bool closed, fullscreen;
    double seek_to;
    int commands[VISIT_VIDEO_COUNT];
    hud_marker markers[8];
    int marker_count;
    visit_video_note note;
} fake;
static fake s_fake;


static bool host_video_cmd(void *user, visit_video_cmd cmd, double value)
{
    fake *f = &s_fake;
    if (f->mode == VISIT_VIDEO_MODE_NONE)
        return false;
    f->commands[cmd]++;
    switch (cmd) {
    case VISIT_VIDEO_TOGGLE: player_toggle(&f->env, &f->pl, s_now); break;
    case VISIT_VIDEO_SEEK: f->seek_to = value; break;
    case VISIT_VIDEO_FILM: f->film = (int)value; f->playlist = false; break;
    case VISIT_VIDEO_PLAYLIST: f->playlist = true; break;
    case VISIT_VIDEO_VOLUME: f->volume = (float)value; f->muted = false; break;
    case VISIT_VIDEO_MUTE: f->muted = !f->muted; break;
    case VISIT_VIDEO_SUBTITLES: f->subtitles = f->subtitles < 0 ? 0 : -1; break;
    case VISIT_VIDEO_CLOSE: f->mode = VISIT_VIDEO_MODE_NONE; break;
    default: break;
    }
    return true;
}

static void host_video_state(void *user, visit_video_state *out)
{
    fake *f = &s_fake;
    out->mode = f->mode;
    out->controls = true;
    out->playing = player_is_playing(&f->pl) || f->pl.want_play;
    out->position = player_position(&f->pl);
    out->duration = player_duration(&f->pl);
    out->volume = f->volume;
    out->muted = f->muted;
    out->has_subtitles = true;
    out->subtitles = f->subtitles >= 0 ? "en" : NULL;
    out->playlist = f->playlist;
    out->film = f->film;
    out->film_count = 2;
    if (f->note.key) {
        out->notes[0] = f->note;
        out->note_count = 1;
    }
}

static void host_fullscreen(void *user) { s_fake.fullscreen = !s_fake.fullscreen; }
static bool host_is_fullscreen(void *user) { return s_fake.fullscreen; }

static int host_markers(void *user, hud_marker *out, int max)
{
    int n = s_fake.marker_count < max ? s_fake.marker_count : max;
    memcpy(out, s_fake.markers, sizeof(*out) * (size_t)n);
    return n;
}

/* ---- driving the hud ---- */

static const char *s_place_error; /* what the viewer would say of a place it cannot show */
static int s_unready = -1;        /* a place whose first picture has not arrived */

static bool host_ready(void *user, int place) { return place != s_unready; }

static void frame(hud *h, visit *v)
{
    s_now += 0.05;
    visit_update(v, s_now);
    hud_frame(h, &(hud_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                   .now = s_now, .chrome = true, .place_error = s_place_error});
}

static void pointer(hud *h, platform_event_type type, float x, float y)
{
    hud_event(h, &(platform_event){.type = type, .x = x, .y = y, .button = 1});
}

/* Press and release on a widget of the last frame, at `fx` of its width. */
static bool click_in(hud *h, ui_id id, float fx)
{
    ui_rect r;
    if (!ui_widget_rect(hud_ui(h), id, &r))
        return false;
    float x = r.x + r.w * fx, y = r.y + r.h / 2;
    pointer(h, PLATFORM_EV_POINTER_MOVE, x, y);
    pointer(h, PLATFORM_EV_POINTER_DOWN, x, y);
    pointer(h, PLATFORM_EV_POINTER_UP, x, y);
    return true;
}

static bool key(hud *h, platform_key k, bool shift)
{
    return hud_event(h, &(platform_event){.type = PLATFORM_EV_KEY_DOWN, .key = k, .shift = shift});
}

/* What the last frame drew for widget `id`: 'P' a play triangle (text), 'Z' pause bars (two
 * tall rectangles), 0 nothing of it. */
static char drawn_icon(hud *h, ui_id id)
{
    ui *u = hud_ui(h);
    int bars = 0;
    bool text = false;
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->id != id)
            continue;
        text |= d->kind == UI_DRAW_TEXT;
        bars += d->kind == UI_DRAW_RECT && d->rect.h > d->rect.w * 2;
    }
    return bars >= 2 ? 'Z' : text ? 'P' : 0;
}

static bool drawn(hud *h, ui_id id)
{
    ui *u = hud_ui(h);
    for (int i = 0; i < ui_draw_count(u); i++)
        if (ui_draw_at(u, i)->id == id)
            return true;
    return false;
}

/* The first glyph of the text widget `id` drew last frame (0: none). */
static uint32_t first_glyph(hud *h, ui_id id)
{
    ui *u = hud_ui(h);
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->id == id && d->kind == UI_DRAW_TEXT && d->layout->glyph_count > 0)
            return d->layout->glyphs[0].id + 1;
    }
    return 0;
}

/* The draw list holds a ring (an outline) centred on (x, y). */
static bool ring_at(hud *h, float x, float y)
{
    ui *u = hud_ui(h);
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind == UI_DRAW_RECT && d->border > 0 &&
            fabsf(d->rect.x + d->rect.w / 2 - x) < 1 && fabsf(d->rect.y + d->rect.h / 2 - y) < 1)
            return true;
    }
    return false;
}

/* The name drawn beside hotspot `hotspot`'s marker this frame: its text (NULL: none) and the
 * pill around it. */
static const text_layout *name_drawn(hud *h, int place, int hotspot, ui_rect *pill)
{
    ui *u = hud_ui(h);
    ui_id id = hud_spot_name_id(place, hotspot);
    const text_layout *text = NULL;
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->id == id && d->kind == UI_DRAW_RECT)
            *pill = d->rect;
        if (d->id == id && d->kind == UI_DRAW_TEXT)
            text = d->layout;
    }
    return text;
}

/* How many glyphs utf8 shapes to at the theme's size (what a label of it shows). */
static int glyphs_of(text_font *font, const char *utf8, float px)
{
    text_layout *l = NULL;
    if (text_layout_create(font, &(text_layout_desc){.utf8 = utf8, .px = px}, &l) != PV_OK)
        return -1;
    int n = l->glyph_count;
    text_layout_destroy(&l);
    return n;
}

/* The texts drawn this frame whose glyph count is n (a title, a line of a card). */
static int texts_with(hud *h, int n)
{
    int found = 0;
    for (int i = 0; i < ui_draw_count(hud_ui(h)); i++) {
        const ui_draw *d = ui_draw_at(hud_ui(h), i);
        found += d->kind == UI_DRAW_TEXT && d->layout->glyph_count == n;
    }
    return found;
}

static void reading_order_checks(void)
{
    /* two rows as seen: (100,200) (400,190) (700,210) and, lower, (250,400) (600,380) */
    const hud_marker m[5] = {{0, 700, 210, 44, false}, {1, 250, 400, 44, false},
                             {2, 100, 200, 44, false}, {3, 600, 380, 44, false},
                             {4, 400, 190, 44, false}};
    int order[5];
    hud_reading_order(m, 5, false, 24, order);
    int want[5] = {2, 4, 0, 1, 3};
    for (int i = 0; i < 5; i++)
        CHECK(order[i] == want[i]);
    hud_reading_order(m, 5, true, 24, order);
    int want_rtl[5] = {0, 4, 2, 3, 1};
    for (int i = 0; i < 5; i++)
        CHECK(order[i] == want_rtl[i]);
    hud_reading_order(m, 0, false, 24, order); /* nothing on screen: nothing to do */
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    reading_order_checks();
    check_tmpdir(s_dir, sizeof(s_dir), "hud-controls-test");
    static const char *const files[] = {"lobby.jpg", "hall.jpg", "one.mp4", "two.mp4", NULL};
    scene_exhibit *ex = fixture_scene(
        s_dir, files,
        "{\"format\": \"pavilion/1\", \"title\": \"Cinema\", \"start\": \"lobby\",\n"
        " \"places\": [\n"
        "  {\"id\": \"lobby\", \"panorama\": \"lobby.jpg\", \"title\": \"Lobby\",\n"
        "   \"hotspots\": [\n"
        "    {\"type\": \"info\", \"yaw\": -30, \"title\": \"Welcome\", \"text\": \"Hi\"},\n"
        "    {\"type\": \"goto\", \"yaw\": 30, \"target\": \"hall\"},\n"
        "    {\"type\": \"info\", \"yaw\": 0, \"pitch\": -20, \"title\": \"Low\",\n"
        "     \"text\": \"\"}],\n"
        "   \"cinema\": {\"yaw\": 0, \"width\": 60, \"playlist\": [\n"
        "     {\"title\": {\"en\": \"One\", \"ar\": \"واحد\"}, \"video\": \"one.mp4\"},\n"
        "     {\"title\": \"Two\", \"video\": \"two.mp4\"}]}},\n"
        "  {\"id\": \"hall\", \"panorama\": \"hall.jpg\", \"title\": \"Hall\"}\n"
        " ]}\n");
    ui_strings *strings = NULL;
    text_font *font = NULL;
    fixture_words(&strings, &font, NULL);
    char why[600];
    if (!ex || !strings || !font)
        return check_done();

    /* the film: on screen at 3 s of 10, playing, its next frame not decoded */
    fake *fk = &s_fake;
    fk->pl.state = PLAYER_PLAYING;
    fk->pl.want_play = true;
    fk->pl.has_frame = true;
    fk->pl.shown_pts = 3.0;
    fk->pl.sys_base = s_now - 3.0;
    fk->pl.info.duration = 10.0;
    fk->mode = VISIT_VIDEO_MODE_CINEMA;
    fk->film = 0;
    fk->volume = 1;
    fk->subtitles = -1;
    /* markers as the viewer would give them: the goto at the right, the info at the left, a
     * lower one in the middle */
    fk->markers[0] = (hud_marker){0, 300, 360, 44, false};
    fk->markers[1] = (hud_marker){1, 980, 355, 44, false};
    fk->markers[2] = (hud_marker){2, 640, 520, 44, false};
    fk->marker_count = 3;

    visit_host vh = fixture_visit_host(host_video_cmd);
    vh.ready = host_ready; /* every place is ready but s_unready */
    vh.video_state = host_video_state; /* the hud reads the video in control from the visit */
    visit *v = visit_create(&(visit_desc){.exhibit = ex, .start = -1, .now = s_now, .host = vh});
    heard events = {0};
    visit_listen(visit_listeners_of(v), heard_listen, &events);
    visit_start(v);
    hud *h = NULL;
    CHECK(hud_create(&(hud_desc){.exhibit = ex, .visit = v, .strings = strings, .font = font,
                                 .host = {.fullscreen = host_fullscreen,
                                          .is_fullscreen = host_is_fullscreen,
                                          .markers = host_markers}},
                     &h) == PV_OK);
    if (!h)
        return check_done();
    frame(h, v);

    /* ---- the decoder has fallen behind: the controls answer in the frame anyway ---- */
    ui_id play = hud_control_id("play", 0), seek = hud_control_id("seek", 0);
    CHECK(drawn_icon(h, play) == 'Z'); /* playing: the button offers Pause */
    /* the player waits for its decoder: the next frame is not there */
    double wait = player_wait(&fk->pl, s_now);
    CHECK(!fk->pl.has_next && wait > 0 && wait < 0.01);
    CHECK(click_in(h, play, 0.5f));
    frame(h, v); /* the one frame that answers the click */
    CHECK(fk->commands[VISIT_VIDEO_TOGGLE] == 1);
    CHECK(fk->pl.state == PLAYER_PAUSED);
    CHECK(drawn_icon(h, play) == 'P');
    CHECK(fabs(player_position(&fk->pl) - 3.0) < 0.2); /* paused where the picture is */
    /* Enter on the focused button (the click focused it): playing again, in that frame */
    CHECK(key(h, PLATFORM_KEY_RETURN, false));
    frame(h, v);
    CHECK(fk->pl.state == PLAYER_PLAYING && drawn_icon(h, play) == 'Z');

    /* the seek bar: press and release at three quarters between two frames */
    CHECK(click_in(h, seek, 0.75f));
    frame(h, v);
    printf("  seek bar clicked at 3/4: seek to %.2f s of 10\n", fk->seek_to);
    CHECK(fk->commands[VISIT_VIDEO_SEEK] == 1 && fabs(fk->seek_to - 7.5) < 0.1);
    /* a drag: the knob follows, one seek on release */
    ui_rect sr;
    CHECK(ui_widget_rect(hud_ui(h), seek, &sr));
    float sy = sr.y + sr.h / 2;
    pointer(h, PLATFORM_EV_POINTER_DOWN, sr.x + sr.w * 0.2f, sy);
    frame(h, v);
    pointer(h, PLATFORM_EV_POINTER_MOVE, sr.x + sr.w * 0.4f, sy);
    frame(h, v);
    CHECK(fk->commands[VISIT_VIDEO_SEEK] == 1);
    pointer(h, PLATFORM_EV_POINTER_UP, sr.x + sr.w * 0.4f, sy);
    frame(h, v);
    CHECK(fk->commands[VISIT_VIDEO_SEEK] == 2 && fabs(fk->seek_to - 4.0) < 0.1);

    /* volume, mute, subtitles, Next, full screen */
    CHECK(click_in(h, hud_control_id("volume", 0), 0.5f));
    frame(h, v);
    CHECK(fabsf(fk->volume - 0.5f) < 0.05f);
    CHECK(click_in(h, hud_control_id("mute", 0), 0.5f));
    frame(h, v);
    CHECK(fk->muted);
    CHECK(click_in(h, hud_control_id("cc", 0), 0.5f));
    frame(h, v);
    CHECK(fk->subtitles == 0);
    CHECK(click_in(h, hud_control_id("next", 0), 0.5f));
    frame(h, v);
    CHECK(fk->film == 1 && fk->commands[VISIT_VIDEO_FILM] == 1);
    /* full screen: the frame that answers the click offers to leave it */
    uint32_t enter_full = first_glyph(h, hud_control_id("fullscreen", 0));
    CHECK(click_in(h, hud_control_id("fullscreen", 0), 0.5f));
    frame(h, v);
    CHECK(fk->fullscreen);
    uint32_t leave_full = first_glyph(h, hud_control_id("fullscreen", 0));
    CHECK(enter_full != 0 && leave_full != 0 && leave_full != enter_full);

    uint32_t films_en = first_glyph(h, hud_control_id("list", 0));
    /* Films opens the playlist; a card chosen closes it in the frame that answers */
    CHECK(click_in(h, hud_control_id("list", 0), 0.5f));
    frame(h, v);
    CHECK(fk->playlist && drawn(h, hud_control_id("film", 0)) && !drawn(h, play));
    CHECK(click_in(h, hud_control_id("film", 0), 0.5f));
    frame(h, v);
    CHECK(fk->film == 0 && !fk->playlist);
    CHECK(!drawn(h, hud_control_id("film", 0)) && drawn(h, play));

    /* a label over a stalled stream, in the interface's words */
    fk->note = (visit_video_note){640, 300, "video.reconnecting", NULL, false};
    frame(h, v);
    bool note = false;
    for (int i = 0; i < ui_draw_count(hud_ui(h)); i++)
        note |= ui_draw_at(hud_ui(h), i)->color == 0x202428E6;
    CHECK(note);
    fk->note = (visit_video_note){0};

    /* ---- Tab: the hotspots in reading order, then the bar, then the controls ---- */
    ui *u = hud_ui(h);
    ui_set_focus(u, 0);
    frame(h, v);
    ui_id stops[12];
    ui_rect pill;
    float size = ui_get_theme(u)->font_size;
    CHECK(!name_drawn(h, 0, 0, &pill) && !name_drawn(h, 0, 1, &pill)); /* nothing hovered */
    for (int i = 0; i < 12; i++) {
        CHECK(key(h, PLATFORM_KEY_TAB, false));
        stops[i] = ui_focus(u);
        frame(h, v);
        if (i == 0) { /* a ring on the focused marker, and its name above it */
            CHECK(ring_at(h, 300, 360));
            const text_layout *name = name_drawn(h, 0, 0, &pill);
            CHECK(name && name->glyph_count == glyphs_of(font, "Welcome", size));
            CHECK(fabsf(pill.x + pill.w / 2 - 300) < 1 && pill.y + pill.h <= 360 - 22);
            CHECK(!name_drawn(h, 0, 1, &pill));
        }
    }
    /* the pointer over the goto marker: where it leads (the hall's title), nothing else */
    ui_set_focus(u, 0);
    fk->markers[1].hover = true;
    frame(h, v);
    const text_layout *hall = name_drawn(h, 0, 1, &pill);
    CHECK(hall && hall->glyph_count == glyphs_of(font, "Hall", size));
    CHECK(!name_drawn(h, 0, 0, &pill) && pill.x + pill.w <= W - 4);
    /* a marker at the top: its name goes below it */
    fk->markers[1].y = 12;
    frame(h, v);
    CHECK(name_drawn(h, 0, 1, &pill) && pill.y >= 12 + 22);
    fk->markers[1] = (hud_marker){1, 980, 355, 44, false};
    frame(h, v);
    CHECK(!name_drawn(h, 0, 1, &pill));
    ui_id spot = ui_id_mix(ui_id_of("hud.spot"), (uint32_t)visit_place(v));
    CHECK(stops[0] == ui_id_mix(spot, 0) && stops[1] == ui_id_mix(spot, 1) &&
          stops[2] == ui_id_mix(spot, 2));
    CHECK(stops[3] == ui_id_of("hud.places"));
    int play_at = -1;
    for (int i = 3; i < 12; i++)
        if (stops[i] == play)
            play_at = i;
    CHECK(play_at >= 6); /* after the bar's three buttons */
    /* Shift+Tab from the first marker wraps to the last control */
    ui_set_focus(u, stops[0]);
    CHECK(key(h, PLATFORM_KEY_TAB, true));
    CHECK(ui_focus(u) != stops[0] && ui_focus(u) != stops[1]);

    /* ---- Arabic: mirrored, words from the catalogue, hotspots right to left ---- */
    CHECK(hud_set_language(h, "ar", why, sizeof(why)));
    frame(h, v);
    frame(h, v);
    ui_rect pr;
    CHECK(ui_widget_rect(u, play, &pr) && pr.x > W / 2);
    /* Films in Arabic: the catalogue's word, not the English one */
    CHECK(strcmp(ui_str(strings, "cinema.films"), "Films") != 0);
    uint32_t films_ar = first_glyph(h, hud_control_id("list", 0));
    CHECK(films_ar && films_en && films_ar != films_en);
    ui_set_focus(u, 0);
    CHECK(key(h, PLATFORM_KEY_TAB, false));
    CHECK(ui_focus(u) == ui_id_mix(spot, 1)); /* the one at the right first */
    frame(h, v);

    /* Enter on the goto marker: the visit activates it and enters the hall */
    CHECK(key(h, PLATFORM_KEY_RETURN, false));
    frame(h, v);
    CHECK(heard_find(&events, VISIT_EVENT_HOTSPOT, 0) >= 0);
    for (int i = 0; i < 40 && visit_place(v) != 1; i++)
        frame(h, v);
    CHECK(visit_place(v) == 1);

    /* ---- full screen: Close sends the command; no controls in the frame after ---- */
    fk->mode = VISIT_VIDEO_MODE_FULL;
    frame(h, v);
    ui_id close = hud_control_id("close", 0);
    CHECK(drawn(h, close) && drawn(h, play));
    CHECK(click_in(h, close, 0.5f));
    frame(h, v);
    CHECK(fk->commands[VISIT_VIDEO_CLOSE] == 1 && !drawn(h, close) && !drawn(h, play));

    /* ---- a place that cannot be shown: a card in the visitor's language ---- */
    const char *title_ar = ui_str(strings, "place.failed"); /* still in Arabic */
    CHECK(strcmp(title_ar, "This place cannot be shown") != 0);
    s_place_error = "hall.jpg: error: panorama not a JPEG file";
    fk->markers[0] = (hud_marker){0, 300, 360, 44, false};
    fk->marker_count = 1;
    frame(h, v);
    bool card = false;
    ui_rect card_r = {0};
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind == UI_DRAW_RECT && d->color == 0x7A1C1CE6) {
            card = true;
            card_r = d->rect;
        }
    }
    float title_px = ui_get_theme(u)->title_size;
    CHECK(card && texts_with(h, glyphs_of(font, title_ar, title_px)) >= 1);
    CHECK(texts_with(h, glyphs_of(font, ui_str(strings, "place.failed_hint"), size)) >= 1);
    CHECK(texts_with(h, glyphs_of(font, s_place_error, ui_get_theme(u)->small_size)) >= 1);
    CHECK(fabsf(card_r.y + card_r.h / 2 - H / 2) < 2); /* in the middle, hiding no marker */
    CHECK(!ui_over(u, W / 2, H / 2));                  /* and taking no pointer */
    /* a marker in the middle: the card moves up, off it */
    fk->markers[0] = (hud_marker){0, W / 2, H / 2, 44, false};
    frame(h, v);
    for (int i = 0; i < ui_draw_count(u); i++)
        if (ui_draw_at(u, i)->color == 0x7A1C1CE6)
            card_r = ui_draw_at(u, i)->rect;
    CHECK(card_r.y + card_r.h < H / 2 - 22);
    /* in English, the English words */
    CHECK(hud_set_language(h, "en", why, sizeof(why)));
    frame(h, v);
    CHECK(texts_with(h, glyphs_of(font, "This place cannot be shown", title_px)) >= 1);
    s_place_error = NULL;
    frame(h, v);
    for (int i = 0; i < ui_draw_count(u); i++)
        CHECK(ui_draw_at(u, i)->color != 0x7A1C1CE6);

    /* ---- going to a place whose picture has not arrived: after a moment, words say so ---- */
    s_unready = 0;
    visit_cmd_enter(v, 0, NULL, true);
    frame(h, v);
    CHECK(visit_pending(v) == 0);
    ui_id loading = ui_id_of("hud.loading");
    int loading_glyphs = glyphs_of(font, ui_str(strings, "place.loading"), size);
    CHECK(!drawn(h, loading)); /* not at once: most places come within a moment */
    for (int i = 0; i < 10; i++)
        frame(h, v);
    CHECK(drawn(h, loading) && texts_with(h, loading_glyphs) >= 1);
    s_unready = -1;
    for (int i = 0; i < 40 && visit_pending(v) >= 0; i++)
        frame(h, v);
    CHECK(visit_place(v) == 0 && !drawn(h, loading));

    hud_destroy(&h, NULL);
    visit_destroy(&v);
    text_font_close(&font);
    ui_strings_destroy(&strings);
    scene_free(&ex);
    if (!s_check_failed)
        check_rmdir(s_dir);
    return check_done();
}
