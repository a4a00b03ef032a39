/* Tests for ui/ without GL: metrics (dp, the 9 mm touch target at a display's density),
 * hit tests through events between frames, keyboard focus order (Tab, Shift+Tab, Enter, Esc),
 * sliders, lists, panel scrolling, tooltips and toasts on a fake clock, and right-to-left
 * mirroring, all read from the draw list and the widgets' rectangles. Fonts: the project's
 * (DejaVu Sans), opened by name through text/'s private fontconfig. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

#include "check.h"

enum { W = 800, H = 600 };

static void begin(ui *u, bool rtl, double now)
{
    ui_frame_begin(u, &(ui_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                       .rtl = rtl, .lang = rtl ? "ar" : "en", .now = now});
}

static bool ev(ui *u, platform_event_type type, float x, float y)
{
    return ui_event(u, &(platform_event){.type = type, .x = x, .y = y, .button = 1});
}

static bool click(ui *u, float x, float y)
{
    bool a = ev(u, PLATFORM_EV_POINTER_MOVE, x, y);
    bool b = ev(u, PLATFORM_EV_POINTER_DOWN, x, y);
    bool c = ev(u, PLATFORM_EV_POINTER_UP, x, y);
    return a && b && c;
}

static bool key(ui *u, platform_key k, bool shift)
{
    return ui_event(u, &(platform_event){.type = PLATFORM_EV_KEY_DOWN, .key = k, .shift = shift});
}

/* The first draw command of a kind recorded for a widget. */
static const ui_draw *find_draw(const ui *u, ui_draw_kind kind, ui_id id)
{
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind == kind && d->id == id)
            return d;
    }
    return NULL;
}

static void test_metrics(ui *u)
{
    ui_frame_begin(u, &(ui_frame_desc){.width = 1600, .height = 1200, .scale = 2, .dpi = 192});
    CHECK_NEAR(ui_px(u, 10), 20, 1e-4);
    CHECK_NEAR(ui_width_dp(u), 800, 1e-4);
    CHECK_NEAR(ui_touch_px(u), 9 / 25.4 * 192, 0.01); /* 68 pixels */
    ui_frame_end(u);
    /* no DPI from the platform: 96 per point */
    ui_frame_begin(u, &(ui_frame_desc){.width = 1600, .height = 1200, .scale = 2, .dpi = 0});
    CHECK_NEAR(ui_touch_px(u), 9 / 25.4 * 192, 0.01);
    ui_frame_end(u);
    ui_frame_begin(u, &(ui_frame_desc){.width = 800, .height = 600, .scale = 1, .dpi = 1e6f});
    CHECK_NEAR(ui_touch_px(u), 9 / 25.4 * 96, 0.01); /* absurd values fall back too */
    ui_frame_end(u);
    /* a dense phone screen: the same 9 mm take more pixels */
    ui_frame_begin(u, &(ui_frame_desc){.width = 1080, .height = 2000, .scale = 3, .dpi = 450});
    CHECK_NEAR(ui_touch_px(u), 9 / 25.4 * 450, 0.01);
    ui_frame_end(u);
}

static void test_button_hits(ui *u)
{
    ui_id b = ui_id_of("small");
    ui_rect r = {100, 100, 20, 20}; /* drawn 20 px, centre (110, 110) */
    begin(u, false, 0);
    CHECK(!ui_button(u, b, r, &(ui_button_desc){.label = "x"}));
    ui_frame_end(u);
    ui_rect hit;
    CHECK(ui_widget_rect(u, b, &hit));
    CHECK(hit.w >= 9 / 25.4f * 96 - 0.01f && hit.h >= 9 / 25.4f * 96 - 0.01f);
    CHECK_NEAR(hit.x + hit.w / 2, 110, 1e-3);
    /* 15 px right of the centre: outside the drawing, inside the 34 px target */
    CHECK(click(u, 125, 110));
    begin(u, false, 0.1);
    CHECK(ui_button(u, b, r, &(ui_button_desc){.label = "x"}));
    ui_frame_end(u);
    begin(u, false, 0.2); /* a click is answered once */
    CHECK(!ui_button(u, b, r, &(ui_button_desc){.label = "x"}));
    ui_frame_end(u);
    /* 20 px away: nothing, and the viewer gets the event */
    CHECK(!ev(u, PLATFORM_EV_POINTER_DOWN, 130, 110));
    CHECK(!ev(u, PLATFORM_EV_POINTER_UP, 130, 110));
    begin(u, false, 0.3);
    CHECK(!ui_button(u, b, r, &(ui_button_desc){.label = "x"}));
    ui_frame_end(u);
    /* pressed on it, released elsewhere: not a click */
    ev(u, PLATFORM_EV_POINTER_DOWN, 110, 110);
    ev(u, PLATFORM_EV_POINTER_UP, 300, 300);
    begin(u, false, 0.4);
    CHECK(!ui_button(u, b, r, &(ui_button_desc){.label = "x"}));
    ui_frame_end(u);
    /* something opaque over the button takes the click */
    begin(u, false, 0.5);
    ui_button(u, b, r, &(ui_button_desc){.label = "x"});
    ui_fill(u, (ui_rect){90, 90, 60, 60}, 0x000000FF, 0);
    ui_frame_end(u);
    CHECK(click(u, 110, 110));
    CHECK(ui_over(u, 140, 140) && !ui_over(u, 200, 200));
    begin(u, false, 0.6);
    CHECK(!ui_button(u, b, r, &(ui_button_desc){.label = "x"}));
    ui_frame_end(u);
}

/* Three buttons in a row described A, B, C. */
static void row_of_three(ui *u, bool rtl, double now, bool got[3])
{
    begin(u, rtl, now);
    const char *names[3] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++)
        got[i] = ui_button(u, ui_id_of(names[i]), (ui_rect){20 + 120.0f * i, 20, 100, 40},
                           &(ui_button_desc){.label = names[i]});
    ui_frame_end(u);
}

static void test_focus(ui *u)
{
    bool got[3];
    ui_id a = ui_id_of("A"), b = ui_id_of("B"), c = ui_id_of("C");
    ui_set_focus(u, 0);
    row_of_three(u, false, 0, got);
    CHECK(ui_focus(u) == 0);
    CHECK(key(u, PLATFORM_KEY_TAB, false) && ui_focus(u) == a && ui_focus_visible(u));
    CHECK(key(u, PLATFORM_KEY_TAB, false) && ui_focus(u) == b);
    CHECK(key(u, PLATFORM_KEY_TAB, true) && ui_focus(u) == a);
    CHECK(key(u, PLATFORM_KEY_TAB, true) && ui_focus(u) == c); /* wraps */
    CHECK(key(u, PLATFORM_KEY_TAB, false) && ui_focus(u) == a);
    /* the ring is drawn around the focused button, behind it */
    row_of_three(u, false, 0.1, got);
    bool ring = false;
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind == UI_DRAW_RECT && d->id == 0 && d->color == ui_get_theme(u)->focus_ring) {
            ring = d->rect.x < 20 && d->rect.x + d->rect.w > 120 && d->rect.y < 20;
            CHECK(i + 1 < ui_draw_count(u) && ui_draw_at(u, i + 1)->id == a);
        }
    }
    CHECK(ring);
    CHECK(key(u, PLATFORM_KEY_TAB, false) && key(u, PLATFORM_KEY_RETURN, false));
    row_of_three(u, false, 0.2, got);
    CHECK(!got[0] && got[1] && !got[2]);
    /* Esc without a closable panel is the viewer's (it goes back) */
    CHECK(!key(u, PLATFORM_KEY_ESCAPE, false));
    /* a mouse press moves the focus there and hides the ring */
    CHECK(click(u, 20 + 240 + 50, 40));
    CHECK(ui_focus(u) == c && !ui_focus_visible(u));
    row_of_three(u, false, 0.3, got);
    CHECK(got[2]);
    /* a press on nothing clears the focus; Tab with nothing focusable is not the interface's */
    CHECK(!click(u, 700, 500));
    CHECK(ui_focus(u) == 0);
    begin(u, false, 0.4);
    ui_frame_end(u);
    CHECK(!key(u, PLATFORM_KEY_TAB, false));
}

/* A, B, C, then a backdrop with a panel's two buttons P and Q over them. */
static void panel_over_row(ui *u, double now)
{
    begin(u, false, now);
    const char *names[3] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++)
        ui_button(u, ui_id_of(names[i]), (ui_rect){20 + 120.0f * i, 20, 100, 40},
                  &(ui_button_desc){.label = names[i]});
    ui_backdrop(u, ui_id_of("veil"), 0x00000070);
    ui_button(u, ui_id_of("P"), (ui_rect){200, 200, 100, 40}, &(ui_button_desc){.label = "P"});
    ui_button(u, ui_id_of("Q"), (ui_rect){320, 200, 100, 40}, &(ui_button_desc){.label = "Q"});
    ui_frame_end(u);
}

/* While a panel is open over its backdrop, Tab and Shift+Tab stay among the panel's controls:
 * the bar behind it is out of reach, as it is for the pointer. */
static void test_focus_modal(ui *u)
{
    ui_id a = ui_id_of("A"), p = ui_id_of("P"), q = ui_id_of("Q");
    ui_set_focus(u, a); /* the button that opened the panel keeps the focus at first */
    panel_over_row(u, 0);
    CHECK(key(u, PLATFORM_KEY_TAB, false) && ui_focus(u) == p);
    panel_over_row(u, 0.1);
    CHECK(key(u, PLATFORM_KEY_TAB, false) && ui_focus(u) == q);
    panel_over_row(u, 0.2);
    CHECK(key(u, PLATFORM_KEY_TAB, false) && ui_focus(u) == p); /* wraps inside the panel */
    panel_over_row(u, 0.3);
    CHECK(key(u, PLATFORM_KEY_TAB, true) && ui_focus(u) == q);
    panel_over_row(u, 0.4);
    CHECK(key(u, PLATFORM_KEY_TAB, true) && ui_focus(u) == p);
    /* closed: the row is reachable again */
    bool got[3];
    row_of_three(u, false, 0.5, got);
    CHECK(key(u, PLATFORM_KEY_TAB, false) && ui_focus(u) == a);
}

static void test_rtl(ui *u)
{
    bool got[3];
    ui_id a = ui_id_of("A");
    ui_set_focus(u, 0);
    row_of_three(u, true, 0, got);
    ui_rect ra, rc;
    CHECK(ui_widget_rect(u, a, &ra) && ui_widget_rect(u, ui_id_of("C"), &rc));
    /* mirrored: A starts 20 dp from the right edge, C is left of it */
    CHECK_NEAR(ra.x, W - 20 - 100, 1e-3);
    CHECK(rc.x < ra.x);
    /* reading order: the first Tab goes to A, at the right */
    key(u, PLATFORM_KEY_TAB, false);
    CHECK(ui_focus(u) == a);
    ui_set_focus(u, 0);

    /* a slider fills from the right: a press near its left end is near 1 */
    ui_id s = ui_id_of("slider");
    float v = 0.5f;
    ui_rect sr = {100, 200, 400, 20};
    begin(u, true, 0);
    ui_slider(u, s, sr, &v, NULL);
    ui_frame_end(u);
    float left = (float)W - 100 - 400; /* pixels */
    ev(u, PLATFORM_EV_POINTER_DOWN, left + 40, 210);
    begin(u, true, 0.1);
    int fl = ui_slider(u, s, sr, &v, NULL);
    ui_frame_end(u);
    CHECK((fl & UI_SLIDER_CHANGED) && (fl & UI_SLIDER_DRAGGING));
    CHECK_NEAR(v, 0.9, 1e-3);
    ev(u, PLATFORM_EV_POINTER_UP, left + 40, 210);
    /* Right moves it towards the start (the right edge): smaller */
    key(u, PLATFORM_KEY_RIGHT, false);
    begin(u, true, 0.2);
    fl = ui_slider(u, s, sr, &v, &(ui_slider_desc){.step = 0.1f});
    ui_frame_end(u);
    CHECK(fl & UI_SLIDER_RELEASED);
    CHECK_NEAR(v, 0.8, 1e-3);
    /* a film's time is not mirrored */
    ev(u, PLATFORM_EV_POINTER_DOWN, left + 40, 210);
    begin(u, true, 0.3);
    ui_slider(u, s, sr, &v, &(ui_slider_desc){.media = true});
    ui_frame_end(u);
    ev(u, PLATFORM_EV_POINTER_UP, left + 40, 210);
    CHECK_NEAR(v, 0.1, 1e-3);

    /* a list's thumbnails sit at the start edge: the right in RTL, the left otherwise */
    ui_list_item items[2] = {{.title = "قاعة", .subtitle = "٣ أجنحة", .placeholder = true},
                             {.title = "Hall", .placeholder = true}};
    ui_id list = ui_id_of("list");
    for (int rtl = 0; rtl < 2; rtl++) {
        begin(u, rtl, 1);
        ui_list(u, list, (ui_rect){100, 100, 400, 300}, items, 2);
        ui_frame_end(u);
        const ui_draw *thumb = find_draw(u, UI_DRAW_RECT, ui_id_mix(list, 0));
        const ui_draw *title = find_draw(u, UI_DRAW_TEXT, ui_id_mix(list, 0));
        CHECK(thumb && title);
        if (!thumb || !title)
            continue;
        /* the row's background is transparent until hovered: the first rect is the thumb */
        ui_rect box = ui_rect_px(u, (ui_rect){100, 100, 400, 300});
        if (rtl) {
            CHECK(thumb->rect.x + thumb->rect.w > box.x + box.w - 20);
            CHECK(title->rect.x + title->rect.w <= thumb->rect.x);
            /* right-aligned next to the thumbnail */
            CHECK(thumb->rect.x - (title->rect.x + title->rect.w) < 20);
        } else {
            CHECK(thumb->rect.x < box.x + 20);
            CHECK(title->rect.x >= thumb->rect.x + thumb->rect.w);
        }
    }
}

static void test_slider(ui *u)
{
    ui_id s = ui_id_of("volume");
    float v = 0;
    ui_rect r = {100, 100, 200, 10};
    begin(u, false, 0);
    CHECK(ui_slider(u, s, r, &v, NULL) == 0);
    ui_frame_end(u);
    /* the thin track still takes a finger 9 mm tall */
    CHECK(ev(u, PLATFORM_EV_POINTER_DOWN, 150, 105 + 15));
    begin(u, false, 0.1);
    int fl = ui_slider(u, s, r, &v, NULL);
    ui_frame_end(u);
    CHECK(fl == (UI_SLIDER_CHANGED | UI_SLIDER_DRAGGING));
    CHECK_NEAR(v, 0.25, 1e-4);
    CHECK(ev(u, PLATFORM_EV_POINTER_MOVE, 400, 300)); /* past the end: held at 1 */
    begin(u, false, 0.2);
    fl = ui_slider(u, s, r, &v, NULL);
    ui_frame_end(u);
    CHECK_NEAR(v, 1, 1e-4);
    CHECK(ev(u, PLATFORM_EV_POINTER_UP, 400, 300));
    begin(u, false, 0.3);
    fl = ui_slider(u, s, r, &v, NULL);
    ui_frame_end(u);
    CHECK(fl == UI_SLIDER_RELEASED);
    /* pressing it gave it the focus (arrows then move it); keys move it only while it has it */
    CHECK(ui_focus(u) == s && !ui_focus_visible(u));
    ui_set_focus(u, 0);
    CHECK(!key(u, PLATFORM_KEY_LEFT, false));
    ui_set_focus(u, s);
    CHECK(key(u, PLATFORM_KEY_LEFT, false) && key(u, PLATFORM_KEY_LEFT, false));
    begin(u, false, 0.4);
    fl = ui_slider(u, s, r, &v, NULL);
    ui_frame_end(u);
    CHECK(fl == (UI_SLIDER_CHANGED | UI_SLIDER_RELEASED));
    CHECK_NEAR(v, 0.9, 1e-4);
    CHECK(!key(u, PLATFORM_KEY_RETURN, false)); /* Enter does nothing to a slider */
    ui_set_focus(u, 0);
}

static void test_list(ui *u)
{
    ui_id id = ui_id_of("places");
    ui_list_item items[12];
    char titles[12][24]; /* room for any int: gcc -O0 cannot bound i */
    for (int i = 0; i < 12; i++) {
        snprintf(titles[i], sizeof(titles[i]), "Place %d", i);
        items[i] = (ui_list_item){.title = titles[i], .group = i < 4 ? "Stands" : "Cinema"};
    }
    ui_rect r = {50, 50, 300, 240};
    begin(u, false, 0);
    CHECK(ui_list(u, id, r, items, 12) == -1);
    ui_frame_end(u);
    /* two group headings (text without a row id) */
    int headings = 0;
    for (int i = 0; i < ui_draw_count(u); i++)
        headings += ui_draw_at(u, i)->kind == UI_DRAW_TEXT && ui_draw_at(u, i)->id == 0;
    CHECK(headings == 1); /* the second is scrolled out of view */
    ui_rect row2;
    CHECK(ui_widget_rect(u, ui_id_mix(id, 2), &row2));
    CHECK(row2.h >= ui_touch_px(u));
    CHECK(click(u, row2.x + 30, row2.y + row2.h / 2));
    begin(u, false, 0.1);
    CHECK(ui_list(u, id, r, items, 12) == 2);
    ui_frame_end(u);
    /* Down moves along the rows and the list scrolls to keep the focused row in view */
    ui_set_focus(u, ui_id_mix(id, 2));
    for (int i = 0; i < 8; i++)
        CHECK(key(u, PLATFORM_KEY_DOWN, false));
    CHECK(ui_focus(u) == ui_id_mix(id, 10));
    begin(u, false, 0.2);
    ui_list(u, id, r, items, 12);
    ui_frame_end(u);
    float content, offset;
    CHECK(ui_panel_scroll(u, id, &content, &offset));
    CHECK(offset > 0);
    ui_rect row10;
    CHECK(ui_widget_rect(u, ui_id_mix(id, 10), &row10));
    CHECK(row10.y >= 50 && row10.y + row10.h <= 50 + 240 + 0.5f);
    CHECK(key(u, PLATFORM_KEY_RETURN, false));
    begin(u, false, 0.3);
    CHECK(ui_list(u, id, r, items, 12) == 10);
    ui_frame_end(u);
    /* a row scrolled out of view takes no clicks through the list's edge */
    ui_rect row0;
    CHECK(ui_widget_rect(u, ui_id_mix(id, 0), &row0));
    CHECK(row0.y < 50);
    ui_set_focus(u, 0);
}

static void test_panel(ui *u)
{
    ui_id id = ui_id_of("info");
    char body[2000] = "";
    for (int i = 0; i < 30; i++)
        strcat(body, "The pavilion shows the regional teams and their work. ");
    ui_block blocks[] = {
        {.kind = UI_BLOCK_HEADING, .utf8 = "Welcome"},
        {.kind = UI_BLOCK_PARAGRAPH, .utf8 = body},
        {.kind = UI_BLOCK_IMAGE, .aspect = 2},
        {.kind = UI_BLOCK_BOLD, .utf8 = "Open daily"},
    };
    ui_panel_desc d = {.title = "Hall", .blocks = blocks, .block_count = 4, .closable = true};
    ui_rect r = {100, 50, 400, 400};
    begin(u, false, 0);
    CHECK(ui_panel(u, id, r, &d));
    ui_frame_end(u);
    float content, offset;
    CHECK(ui_panel_scroll(u, id, &content, &offset));
    CHECK(content > 400 && offset == 0);
    /* the wheel over the panel scrolls it (and is not the viewer's zoom) */
    ev(u, PLATFORM_EV_POINTER_MOVE, 300, 300);
    CHECK(ui_event(u, &(platform_event){.type = PLATFORM_EV_WHEEL, .wheel = -2}));
    begin(u, false, 0.1);
    CHECK(ui_panel(u, id, r, &d));
    ui_frame_end(u);
    CHECK(ui_panel_scroll(u, id, &content, &offset) && offset > 0);
    float after_wheel = offset;
    /* scrolling never passes the end */
    for (int i = 0; i < 50; i++)
        ui_event(u, &(platform_event){.type = PLATFORM_EV_WHEEL, .wheel = -5});
    begin(u, false, 0.2);
    ui_panel(u, id, r, &d);
    ui_frame_end(u);
    ui_panel_scroll(u, id, &content, &offset);
    CHECK(offset > after_wheel && offset < content);
    /* text is clipped to the content area: a clip command precedes the paragraph */
    bool clip = false;
    for (int i = 0; i < ui_draw_count(u); i++)
        if (ui_draw_at(u, i)->kind == UI_DRAW_CLIP && ui_draw_at(u, i)->rect.w > 0)
            clip = true;
    CHECK(clip);
    /* Tab reaches the body (it scrolls) and the close button; Up scrolls back */
    ui_set_focus(u, id);
    CHECK(key(u, PLATFORM_KEY_UP, false));
    begin(u, false, 0.3);
    ui_panel(u, id, r, &d);
    ui_frame_end(u);
    float before = offset;
    ui_panel_scroll(u, id, &content, &offset);
    CHECK(offset < before);
    /* Esc closes the panel */
    CHECK(key(u, PLATFORM_KEY_ESCAPE, false));
    begin(u, false, 0.4);
    CHECK(!ui_panel(u, id, r, &d));
    ui_frame_end(u);
    /* a short panel shrinks to its content */
    ui_panel_desc small = {.title = "Hall", .blocks = blocks, .block_count = 1};
    begin(u, false, 0.5);
    CHECK(ui_panel(u, ui_id_of("small"), r, &small));
    ui_frame_end(u);
    const ui_draw *bg = find_draw(u, UI_DRAW_RECT, ui_id_of("small"));
    CHECK(bg && bg->rect.h < 150);
    CHECK(!key(u, PLATFORM_KEY_ESCAPE, false)); /* not closable: Esc stays the viewer's */
    ui_set_focus(u, 0);

    /* Arabic: the title and paragraphs are right-aligned inside the mirrored panel */
    ui_block ar[] = {{.kind = UI_BLOCK_PARAGRAPH, .utf8 = "مرحبا بكم في الجناح"}};
    ui_panel_desc dar = {.title = "القاعة", .blocks = ar, .block_count = 1, .closable = true};
    begin(u, true, 1);
    ui_panel(u, id, (ui_rect){20, 20, 400, 300}, &dar);
    ui_frame_end(u);
    float right = (float)W - 20;
    int texts = 0;
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *t = ui_draw_at(u, i);
        if (t->kind != UI_DRAW_TEXT || t->id != id)
            continue;
        texts++;
        CHECK(t->rect.x + t->rect.w > right - 14 - 10 && t->rect.x + t->rect.w <= right);
    }
    CHECK(texts == 2);
    /* and the close button sits at the left */
    ui_rect close;
    CHECK(ui_widget_rect(u, ui_id_mix(id, 0xC105E), &close));
    CHECK(close.x < W - 400);
}

static void test_tooltip_toast(ui *u)
{
    ui_id b = ui_id_of("tip");
    ui_rect r = {300, 300, 40, 40};
    begin(u, false, 10);
    ui_button(u, b, r, NULL);
    ui_tooltip(u, b, "Language");
    ui_frame_end(u);
    ev(u, PLATFORM_EV_POINTER_MOVE, 320, 320);
    for (int step = 0; step < 3; step++) {
        double now = 10.1 + step * 0.3; /* 10.1, 10.4, 10.7: hovered since 10.1 */
        begin(u, false, now);
        ui_button(u, b, r, NULL);
        ui_tooltip(u, b, "Language");
        ui_frame_end(u);
        bool shown = false;
        for (int i = 0; i < ui_draw_count(u); i++)
            shown |= ui_draw_at(u, i)->kind == UI_DRAW_TEXT && ui_draw_at(u, i)->id == 0;
        CHECK(shown == (step == 2));
        CHECK(ui_animating(u) == (step < 2));
    }
    ev(u, PLATFORM_EV_POINTER_LEAVE, 0, 0);

    begin(u, false, 20);
    ui_toast(u, "Copied", 2);
    ui_frame_end(u);
    int texts = 0;
    for (int t = 0; t < 3; t++) {
        begin(u, false, 20.5 + t); /* 20.5 and 21.5 show it, 22.5 is past */
        ui_frame_end(u);
        texts = 0;
        for (int i = 0; i < ui_draw_count(u); i++)
            texts += ui_draw_at(u, i)->kind == UI_DRAW_TEXT;
        CHECK(texts == (t < 2));
        CHECK(ui_animating(u) == (t < 2));
    }
}

/* A name over the place (ui_callout: a marker's hover label): a pill as wide as its text with
 * the text centred, in the theme's colours, above the point; nothing for no text. A panel with
 * only a title, and one narrower than its padding, still draw their text inside a clip. */
static void test_callout(ui *u)
{
    ui_id id = ui_id_of("name");
    const ui_theme *th = ui_get_theme(u);
    /* the default look: white text on a translucent pill */
    CHECK(th->text == 0xFFFFFFFF && (th->tooltip & 0xFF) > 0 && (th->tooltip & 0xFF) < 255);
    const char *names[2] = {"Foyer", "Foyer and Great Hall"};
    ui_rect pill[2] = {{0}};
    for (int k = 0; k < 2; k++) {
        begin(u, false, 30 + k);
        ui_callout(u, id, 400, 300, 10, false, names[k]);
        ui_frame_end(u);
        CHECK(ui_draw_count(u) == 2);
        const ui_draw *bg = find_draw(u, UI_DRAW_RECT, id), *t = find_draw(u, UI_DRAW_TEXT, id);
        CHECK(bg && t);
        if (!bg || !t)
            return;
        pill[k] = bg->rect;
        CHECK(bg->color == th->tooltip && t->color == th->text);
        CHECK(fabsf(bg->radius - bg->rect.h * 0.5f) < 0.01f); /* round ends */
        /* centred over the point, 10 px above it */
        CHECK(fabsf(bg->rect.y + bg->rect.h - 290) < 0.5f);
        CHECK(fabsf(bg->rect.x + bg->rect.w * 0.5f - 400) < 0.5f);
        /* the text is centred in the pill, with more room at the ends than above and below */
        float left = t->rect.x - bg->rect.x;
        float right = bg->rect.x + bg->rect.w - (t->rect.x + t->rect.w);
        float top = t->rect.y - bg->rect.y;
        float bottom = bg->rect.y + bg->rect.h - (t->rect.y + t->rect.h);
        CHECK(fabsf(left - right) <= 1 && fabsf(top - bottom) <= 1);
        CHECK(top >= 4 && left > top);
    }
    CHECK(pill[1].w > pill[0].w + 50 && pill[1].h == pill[0].h);
    CHECK(pill[0].h >= 16 && pill[0].h < 16 * 3);
    begin(u, false, 32);
    ui_callout(u, id, 400, 300, 10, false, "");
    ui_callout(u, id, 400, 300, 10, false, NULL);
    ui_frame_end(u);
    CHECK(ui_draw_count(u) == 0);

    ui_id only = ui_id_of("title-only"), narrow = ui_id_of("narrow");
    begin(u, false, 33);
    ui_panel(u, only, (ui_rect){100, 100, 300, 300}, &(ui_panel_desc){.title = "Only a title"});
    ui_block b = {.kind = UI_BLOCK_PARAGRAPH, .utf8 = "A paragraph in a panel far too narrow"};
    ui_panel(u, narrow, (ui_rect){500, 100, 10, 480},
             &(ui_panel_desc){.title = "Narrow", .blocks = &b, .block_count = 1});
    ui_frame_end(u);
    const ui_draw *obg = find_draw(u, UI_DRAW_RECT, only), *ot = find_draw(u, UI_DRAW_TEXT, only);
    CHECK(obg && ot && obg->rect.h < 100);
    CHECK(obg && ot && ot->rect.x >= obg->rect.x && ot->rect.y >= obg->rect.y &&
          ot->rect.x + ot->rect.w <= obg->rect.x + obg->rect.w);
    /* the narrow one's title and paragraph wrap at its width, the paragraph under a clip */
    int texts = 0;
    bool clipped = false;
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind == UI_DRAW_CLIP)
            clipped = d->rect.w > 0 && d->rect.x >= 500 && d->rect.x + d->rect.w <= 510;
        if (d->kind != UI_DRAW_TEXT || d->id != narrow)
            continue;
        texts++;
        CHECK(d->layout->line_count > 4);
        CHECK(texts == 1 || clipped);
    }
    CHECK(texts == 2);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    text_font *f = NULL, *bold = NULL;
    CHECK(text_font_open("DejaVu Sans", &f) == PV_OK);
    CHECK(text_font_open("DejaVu Sans:bold", &bold) == PV_OK);
    ui *u = NULL;
    CHECK(ui_create(&(ui_desc){.font = f, .bold = bold}, &u) == PV_OK);
    CHECK(ui_create(&(ui_desc){0}, &(ui *){NULL}) == PV_ERR_INVALID);
    if (!u)
        return check_done();
    test_metrics(u);
    test_button_hits(u);
    test_focus(u);
    test_focus_modal(u);
    test_rtl(u);
    test_slider(u);
    test_list(u);
    test_panel(u);
    test_tooltip_toast(u);
    test_callout(u);
    ui_destroy(&u, NULL);
    CHECK(u == NULL);
    ui_destroy(&u, NULL);
    text_font_close(&bold);
    text_font_close(&f);
    return check_done();
}
