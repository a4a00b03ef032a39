/* hud/controls: the controls of the video in control (play and pause, the seek bar with the
 * time, volume and mute, subtitles, the cinema's Next and Films, full screen), Close over a
 * full-screen video, the cinema's playlist, and the labels over videos (a stalled stream, a
 * video that cannot play), described with ui/ widgets each frame from what the visit says of
 * the video in control (visit_video). A click or key is carried out before the control is
 * drawn, through the visit's video commands, and the visit is asked again: the frame that
 * answers an event already shows what it did, whatever the decoders are doing (nothing here
 * waits on them).
 * Threads: main thread only. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hud/hud_internal.h"

enum { MAX_FILMS = 16 };

static const char *str(const hud_parts *p, const char *key) { return ui_str(p->strings, key); }

ui_id hud_control_id(const char *name, int index)
{
    char n[64];
    snprintf(n, sizeof(n), "hud.video.%s", name);
    ui_id id = ui_id_of(n);
    return strcmp(name, "film") == 0 ? ui_id_mix(id, (uint32_t)index) : id;
}

static void ask(const hud_parts *p, hud_controls_state *st)
{
    visit_video(p->vis, &st->video);
    st->fullscreen = p->host->is_fullscreen && p->host->is_fullscreen(p->host->user);
}

static void format_time(double t, char *buf, size_t n)
{
    if (!(t >= 0))
        t = 0;
    int s = (int)t;
    if (s >= 3600)
        snprintf(buf, n, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%d:%02d", s / 60, s % 60);
}

/* Carries out what the events since the last frame asked of the controls, before any is
 * drawn; asks the visit again after each command. */
static void take_clicks(const hud_parts *p, hud_controls_state *st)
{
    ui *u = p->ui;
    const visit_video_state *v = &st->video;
    static const struct {
        const char *name;
        visit_video_cmd cmd;
    } buttons[] = {
        {"play", VISIT_VIDEO_TOGGLE},      {"cc", VISIT_VIDEO_SUBTITLES},
        {"mute", VISIT_VIDEO_MUTE},        {"list", VISIT_VIDEO_PLAYLIST},
        {"close", VISIT_VIDEO_CLOSE},
    };
    for (size_t i = 0; i < sizeof(buttons) / sizeof(buttons[0]); i++)
        if (ui_clicked(u, hud_control_id(buttons[i].name, 0))) {
            visit_cmd_video(p->vis, buttons[i].cmd, 0);
            ask(p, st);
        }
    if (ui_clicked(u, hud_control_id("next", 0)) && v->film_count > 0) {
        visit_cmd_video(p->vis, VISIT_VIDEO_FILM, (v->film + 1) % v->film_count);
        ask(p, st);
    }
    if (ui_clicked(u, hud_control_id("fullscreen", 0)) && p->host->fullscreen) {
        p->host->fullscreen(p->host->user);
        ask(p, st);
    }
    for (int i = 0; i < v->film_count && i < MAX_FILMS; i++)
        if (ui_clicked(u, hud_control_id("film", i))) {
            visit_cmd_video(p->vis, VISIT_VIDEO_FILM, i);
            ask(p, st);
        }
}

/* A rectangle in dp from the start edge centred on a pixel of the window. */
static ui_rect around_pixel(const ui *u, float x, float y, float w, float h)
{
    float s = ui_px(u, 1), cx = x / s, cy = y / s;
    if (ui_rtl(u))
        cx = ui_width_dp(u) - cx;
    return (ui_rect){cx - w * 0.5f, cy - h * 0.5f, w, h};
}

static void draw_notes(const hud_parts *p, const visit_video_state *v)
{
    ui *u = p->ui;
    for (int i = 0; i < v->note_count && i < VISIT_VIDEO_NOTES; i++) {
        const visit_video_note *n = &v->notes[i];
        const char *t = n->key ? str(p, n->key) : n->text;
        if (!t || !*t)
            continue;
        float tw, th;
        ui_text_size(u, t, 15, &tw, &th);
        tw = fminf(tw + 1, ui_width_dp(u) - 48);
        ui_rect r = around_pixel(u, n->x, n->y, tw + 24, th + 12);
        /* the screen beneath still takes clicks (play, pause) */
        ui_paint(u, r, n->error ? 0x7A1C1CE6 : 0x202428E6, 6);
        ui_label(u, (ui_rect){r.x + 12, r.y, tw, r.h}, t, 15, 0, TEXT_ALIGN_CENTER);
    }
}

/* A button sized to its words (dp). */
static float text_button_w(ui *u, const char *label)
{
    float w, h;
    ui_text_size(u, label, 14, &w, &h);
    return fmaxf(48, w + 24);
}

/* A control of the bar's end part: laid out from the end edge, described in reading order. */
typedef struct bar_item {
    const char *name, *label; /* label NULL: the volume slider */
    float size, x, w;
} bar_item;

/* Lays an item out before *end (dp), which moves past it. */
static void end_item(ui *u, bar_item *items, int *n, const char *name, const char *label,
                     float size, float *end)
{
    float w = label ? text_button_w(u, label) : 72;
    *end -= w;
    items[(*n)++] = (bar_item){name, label, size, *end, w};
    *end -= label ? 6 : 2;
}

static void draw_bar(const hud_parts *p, hud_controls_state *st)
{
    ui *u = p->ui;
    const visit_video_state *v = &st->video;
    const ui_theme *t = ui_get_theme(u);
    float W = ui_width_dp(u), H = ui_height_dp(u);
    float bw = fminf(W - 24, 960), bh = 48;
    ui_rect bar = {(W - bw) * 0.5f, H - bh - 14, bw, bh};
    ui_fill(u, bar, t->panel, t->radius);
    float y = bar.y + 4, h = bh - 8;
    bool cinema = v->mode == VISIT_VIDEO_MODE_CINEMA;
    /* a narrow window keeps what matters most: play, the seek bar, subtitles, next */
    bool has_time = bw >= 480, has_vol = bw >= 640, has_list = cinema && bw >= 400;
    bool has_full = p->host->fullscreen && bw >= 720;

    char cc[64];
    if (v->subtitles)
        snprintf(cc, sizeof(cc), str(p, "cinema.subtitles"), v->subtitles);
    else
        snprintf(cc, sizeof(cc), "%s", str(p, "cinema.subtitles_off"));

    /* the end part, laid out from the end edge: full screen, Films, Next, volume, subtitles */
    bar_item items[6];
    int n = 0;
    float end = bar.x + bar.w - 4;
    if (has_full)
        end_item(u, items, &n, "fullscreen",
                 str(p, st->fullscreen ? "nav.exit_fullscreen" : "nav.fullscreen"), 14, &end);
    if (has_list)
        end_item(u, items, &n, "list", str(p, "cinema.films"), 14, &end);
    if (cinema && v->film_count > 1)
        end_item(u, items, &n, "next", str(p, "cinema.next"), 14, &end);
    if (has_vol) {
        end_item(u, items, &n, "volume", NULL, 0, &end);
        end_item(u, items, &n, "mute", str(p, v->muted ? "video.muted" : "video.volume"), 13,
                 &end);
    }
    if (v->has_subtitles)
        end_item(u, items, &n, "cc", cc, 14, &end);

    /* described in reading order (the Tab order): play, the time, the seek bar, the rest */
    float x = bar.x + 4;
    ui_id play = hud_control_id("play", 0);
    ui_button(u, play, (ui_rect){x, y, h, h},
              &(ui_button_desc){.icon = v->playing ? UI_ICON_PAUSE : UI_ICON_PLAY,
                                .quiet = true, .size = 18});
    ui_tooltip(u, play, str(p, v->playing ? "video.pause" : "video.play"));
    x += h + 6;
    if (has_time) {
        char a[32], b[32], both[80];
        format_time(v->position, a, sizeof(a));
        format_time(v->duration, b, sizeof(b));
        /* a left-to-right isolate: "0:03 / 0:20" reads the same in Arabic */
        snprintf(both, sizeof(both), "\xe2\x81\xa6%s / %s\xe2\x81\xa9", a, b);
        float tw, th;
        ui_text_size(u, "0:00:00 / 0:00:00", 14, &tw, &th);
        ui_label(u, (ui_rect){x, y, tw, h}, both, 14, 0, TEXT_ALIGN_START);
        x += tw + 6;
    }
    /* the seek bar takes what is left; its knob follows a drag, the seek happens on release
     * (a seek decodes from the keyframe before it) */
    float sx = x + 8, sw = end - 8 - sx;
    if (sw >= 40 && v->duration > 0) {
        float value = st->dragging ? st->drag : (float)(v->position / v->duration);
        int fl = ui_slider(u, hud_control_id("seek", 0), (ui_rect){sx, y, sw, h}, &value,
                           &(ui_slider_desc){.media = true, .step = (float)(5.0 / v->duration)});
        if (fl & UI_SLIDER_DRAGGING) {
            st->dragging = true;
            st->drag = value;
        }
        if (fl & UI_SLIDER_RELEASED) {
            st->dragging = false;
            visit_cmd_seek(p->vis, value * v->duration);
        }
    } else {
        st->dragging = false;
    }
    for (int i = n - 1; i >= 0; i--) {
        const bar_item *it = &items[i];
        ui_id id = hud_control_id(it->name, 0);
        ui_rect r = {it->x, y, it->w, h};
        if (!it->label) {
            float value = v->muted ? 0 : v->volume;
            int fl = ui_slider(u, id, r, &value, &(ui_slider_desc){.media = true, .step = 0.1f});
            if (fl & (UI_SLIDER_CHANGED | UI_SLIDER_RELEASED))
                visit_cmd_video(p->vis, VISIT_VIDEO_VOLUME, value);
            continue;
        }
        ui_button(u, id, r,
                  &(ui_button_desc){.label = it->label, .quiet = true, .size = it->size});
        if (strcmp(it->name, "mute") == 0)
            ui_tooltip(u, id, str(p, v->muted ? "video.unmute" : "video.mute"));
    }
}

static void draw_close(const hud_parts *p)
{
    ui *u = p->ui;
    const char *close = str(p, "common.close");
    float w = text_button_w(u, close) + 24;
    ui_button(u, hud_control_id("close", 0), (ui_rect){ui_width_dp(u) - 16 - w, 16, w, 40},
              &(ui_button_desc){.label = close, .icon = UI_ICON_CLOSE, .size = 15});
}

static void draw_playlist(const hud_parts *p, const visit_video_state *v)
{
    ui *u = p->ui;
    const ui_theme *t = ui_get_theme(u);
    int place = visit_place(p->vis);
    if (place < 0 || !p->ex->places[place].cinema.present)
        return;
    const scene_cinema *cn = &p->ex->places[place].cinema;
    int n = v->film_count < MAX_FILMS ? v->film_count : MAX_FILMS;
    n = n < cn->film_count ? n : cn->film_count;
    if (n <= 0)
        return;
    float W = ui_width_dp(u), H = ui_height_dp(u);
    float cw = fminf(300, (W - 40) / (float)n - 16), ch = cw * 9 / 16;
    float total = (float)n * cw + (float)(n - 1) * 16;
    float x = roundf((W - total) * 0.5f), y = roundf(fminf(H * 0.62f, H - ch - 62));
    ui_fill(u, (ui_rect){x - 20, y - 56, total + 40, ch + 110}, t->panel, 14);
    ui_label(u, (ui_rect){x, y - 50, total, 34}, str(p, "cinema.choose_film"), 17, 0,
             TEXT_ALIGN_START);
    for (int i = 0; i < n; i++) {
        ui_rect r = {x + (float)i * (cw + 16), y, cw, ch};
        if (i == v->film)
            ui_fill(u, (ui_rect){r.x - 3, r.y - 3, r.w + 6, r.h + 6}, t->accent, 6);
        const gfx_image *poster = v->posters && i < v->film_count ? v->posters[i] : NULL;
        if (poster)
            ui_image(u, r, poster, 1);
        else
            ui_fill(u, r, 0x272A30FF, 4);
        ui_button(u, hud_control_id("film", i), r,
                  &(ui_button_desc){.icon = UI_ICON_PLAY, .quiet = true, .size = 28});
        ui_label(u, (ui_rect){r.x, r.y + r.h + 6, cw, 24},
                 scene_text_get(&cn->films[i].title, p->lang), 15, 0, TEXT_ALIGN_START);
    }
}

void hud_controls_frame(const hud_parts *p, hud_controls_state *st)
{
    ask(p, st);
    take_clicks(p, st);
    const visit_video_state *v = &st->video;
    draw_notes(p, v);
    if (v->mode == VISIT_VIDEO_MODE_NONE) {
        st->dragging = false;
        return;
    }
    if (v->mode == VISIT_VIDEO_MODE_FULL)
        draw_close(p);
    if (v->mode == VISIT_VIDEO_MODE_CINEMA && v->playlist) {
        st->dragging = false;
        draw_playlist(p, v);
        return;
    }
    if (v->controls || st->dragging)
        draw_bar(p, st);
    else
        st->dragging = false;
}
