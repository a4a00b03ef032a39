/* hud map and bar: the floor plan panel driven by events as a window sends them, with a fake
 * clock, the real catalogues (build/locale), a scene written by the test (its plan is the
 * fixture tests/fixtures/scene/maps/plan.png, 200x100) and no GL. Checks: the bar's buttons are
 * drawn and answer a click at every window size from 320x180 to 3840x2160 (they once vanished
 * from 600x360 up); the Map button shows only when the scene has a map; the plan is asked of
 * the host; a dot per place on the plan at its point, in the plan's proportions and never
 * mirrored (Arabic too), none for a place off the plan; the visitor's place drawn in the accent
 * colour; each dot hit-tested over at least 9 mm at the display's density; Tab goes through
 * the dots in reading order (right to left in Arabic) and Enter enters the focused place; a
 * click on a dot enters its place through the visit and closes the plan; Esc closes it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hud/hud.h"

#include "check.h"
#include "scene_fixture.h"
#include "heard.h"
#include "hud_fixture.h"

static char s_dir[256];
static double s_now = 100;
static int s_w = 1280, s_h = 720;
static float s_scale = 1, s_dpi = 96;

static int s_plan_asked;
static const gfx_image *host_plan(void *user)
{
    s_plan_asked++;
    return NULL; /* no GL here: the panel draws a blank plan, the dots still work */
}

static void frame(hud *h, visit *v)
{
    s_now += 0.05;
    visit_update(v, s_now);
    hud_frame(h, &(hud_frame_desc){.width = s_w, .height = s_h, .scale = s_scale,
                                   .dpi = s_dpi, .now = s_now, .chrome = true});
}

static bool click(hud *h, ui_id id)
{
    ui_rect r;
    if (!ui_widget_rect(hud_ui(h), id, &r))
        return false;
    platform_event e = {.type = PLATFORM_EV_POINTER_MOVE, .x = r.x + r.w / 2,
                        .y = r.y + r.h / 2, .button = 1};
    hud_event(h, &e);
    e.type = PLATFORM_EV_POINTER_DOWN;
    bool a = hud_event(h, &e);
    e.type = PLATFORM_EV_POINTER_UP;
    return hud_event(h, &e) && a;
}

static bool key(hud *h, platform_key k)
{
    return hud_event(h, &(platform_event){.type = PLATFORM_EV_KEY_DOWN, .key = k});
}

static ui_id dot(int place) { return ui_id_mix(ui_id_of("hud.map_place"), (uint32_t)place); }

/* The drawn (not hit) centre of a dot: the draw list's rectangles recorded by its button. */
static bool dot_centre(hud *h, int place, float *x, float *y)
{
    ui_rect r;
    if (!ui_widget_rect(hud_ui(h), dot(place), &r))
        return false;
    *x = r.x + r.w / 2;
    *y = r.y + r.h / 2;
    return true;
}

/* Something of `color` drawn inside widget `id`'s hit rectangle. */
static bool drawn_in(hud *h, ui_id id, uint32_t color)
{
    ui_rect r;
    if (!ui_widget_rect(hud_ui(h), id, &r))
        return false;
    for (int i = 0; i < ui_draw_count(hud_ui(h)); i++) {
        const ui_draw *d = ui_draw_at(hud_ui(h), i);
        float cx = d->rect.x + d->rect.w / 2, cy = d->rect.y + d->rect.h / 2;
        if (d->kind == UI_DRAW_RECT && d->color == color && cx > r.x && cx < r.x + r.w &&
            cy > r.y && cy < r.y + r.h)
            return true;
    }
    return false;
}

/* A text drawn by widget `id` inside the frame. */
static bool text_of(hud *h, ui_id id)
{
    for (int i = 0; i < ui_draw_count(hud_ui(h)); i++) {
        const ui_draw *d = ui_draw_at(hud_ui(h), i);
        if (d->kind == UI_DRAW_TEXT && d->id == id && d->rect.x >= 0 &&
            d->rect.x < (float)s_w && d->rect.y >= 0 && d->rect.y < (float)s_h)
            return true;
    }
    return false;
}

/* Tab from the start of the panel's Tab order: the three dots come one after the other in
 * `order`, and nothing else comes between them. Leaves the focus on the last. */
static bool tab_through_dots(hud *h, visit *v, const ui_id order[3])
{
    int k = 0;
    for (int tabs = 0; tabs < 16 && k < 3; tabs++) {
        key(h, PLATFORM_KEY_TAB);
        frame(h, v);
        ui_id f = ui_focus(hud_ui(h));
        if (f == order[k])
            k++;
        else if (k > 0)
            return false;
    }
    return k == 3;
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    CHECK(in && out);
    char buf[4096];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        CHECK(fwrite(buf, 1, n, out) == n);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
}

/* The bar at every size: each button drawn with its label inside the frame, at the top end,
 * and a click on it opens what it names. */
static void test_bar_sizes(hud *h, visit *v)
{
    static const struct { int w, h; float scale, dpi; } sizes[] = {
        {320, 180, 1, 96},   {600, 360, 1, 96},    {640, 360, 1, 96},  {1280, 720, 1, 96},
        {1920, 1080, 1, 96}, {2560, 1440, 2, 192}, {3840, 2160, 2, 0},
    };
    static const struct { const char *id; hud_open opens; } buttons[] = {
        {"hud.places", HUD_OPEN_PLACES}, {"hud.map", HUD_OPEN_MAP},
        {"hud.language", HUD_OPEN_LANGUAGES}, {"hud.help", HUD_OPEN_HELP},
    };
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        s_w = sizes[s].w;
        s_h = sizes[s].h;
        s_scale = sizes[s].scale;
        s_dpi = sizes[s].dpi;
        for (size_t b = 0; b < sizeof(buttons) / sizeof(buttons[0]); b++) {
            hud_close(h);
            frame(h, v);
            ui_id id = ui_id_of(buttons[b].id);
            ui_rect r = {0};
            bool there = ui_widget_rect(hud_ui(h), id, &r);
            bool inside = there && r.x + r.w > 0 && r.x < (float)s_w && r.y < (float)s_h &&
                          r.y + r.h > 0 && r.y < (float)s_h * 0.25f;
            bool labelled = text_of(h, id);
            bool opens = click(h, id);
            frame(h, v);
            opens = opens && hud_shown(h, NULL) == buttons[b].opens;
            if (!there || !inside || !labelled || !opens)
                fprintf(stderr, "  %dx%d: %s: described %d, inside the frame %d, label drawn "
                        "%d, a click opens it %d\n", s_w, s_h, buttons[b].id, there, inside,
                        labelled, opens);
            CHECK(there && inside && labelled && opens);
        }
    }
    hud_close(h);
    s_w = 1280;
    s_h = 720;
    s_scale = 1;
    s_dpi = 96;
    frame(h, v);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    check_tmpdir(s_dir, sizeof(s_dir), "hud-map-test");
    char maps[300], plan[320];
    snprintf(maps, sizeof(maps), "%s/maps", s_dir);
    CHECK(pv_make_dirs(maps));
    snprintf(plan, sizeof(plan), "%s/plan.png", maps);
    copy_file(TEST_SOURCE_DIR "/fixtures/scene/maps/plan.png", plan);
    static const char *const files[] = {"a.jpg", "b.jpg", "c.jpg", "d.jpg", NULL};
    /* a and d on the plan's top row (a at the left), b lower right, c off the plan */
    scene_exhibit *ex = fixture_scene(
        s_dir, files,
        "{\"format\": \"pavilion/1\", \"title\": \"Visit\", \"start\": \"a\",\n"
        " \"map\": {\"image\": \"maps/plan.png\", \"title\": {\"en\": \"Plan\", \"ar\": \"مخطط\"},\n"
        "         \"places\": {\"a\": [20, 20], \"b\": [180, 80], \"d\": [120, 20]}},\n"
        " \"places\": [\n"
        "  {\"id\": \"a\", \"panorama\": \"a.jpg\", \"title\": \"Alpha\"},\n"
        "  {\"id\": \"b\", \"panorama\": \"b.jpg\", \"title\": \"Bravo\"},\n"
        "  {\"id\": \"c\", \"panorama\": \"c.jpg\", \"title\": \"Charlie\"},\n"
        "  {\"id\": \"d\", \"panorama\": \"d.jpg\", \"title\": \"Delta\"}\n"
        " ]}\n");
    scene_exhibit *bare = fixture_scene(
        s_dir, NULL,
        "{\"format\": \"pavilion/1\", \"title\": \"Visit\", \"start\": \"a\",\n"
        " \"places\": [{\"id\": \"a\", \"panorama\": \"a.jpg\"},\n"
        "  {\"id\": \"b\", \"panorama\": \"b.jpg\"}]}\n");
    ui_strings *strings = NULL;
    text_font *font = NULL;
    fixture_words(&strings, &font, NULL);
    char why[600];
    if (!ex || !bare || !strings || !font)
        return check_done();
    CHECK(ex->map.width == 200 && ex->map.height == 100);

    visit_host vh = fixture_visit_host(NULL);
    visit *v = visit_create(&(visit_desc){.exhibit = ex, .start = -1, .now = s_now, .host = vh});
    heard events = {0};
    visit_listen(visit_listeners_of(v), heard_listen, &events);
    hud *h = NULL;
    CHECK(hud_create(&(hud_desc){.exhibit = ex, .visit = v, .strings = strings, .font = font,
                                 .host = {.plan = host_plan}},
                     &h) == PV_OK);
    if (!h)
        return check_done();
    frame(h, v);
    CHECK(visit_place(v) == 0);

    test_bar_sizes(h, v);

    /* a scene without a map has no Map button, and cannot open one */
    visit *bv = visit_create(&(visit_desc){.exhibit = bare, .start = -1, .now = s_now,
                                            .host = vh});
    hud *bh = NULL;
    CHECK(hud_create(&(hud_desc){.exhibit = bare, .visit = bv, .strings = strings, .font = font},
                     &bh) == PV_OK);
    ui_rect r;
    if (bh) {
        frame(bh, bv);
        CHECK(ui_widget_rect(hud_ui(bh), ui_id_of("hud.places"), &r));
        CHECK(!ui_widget_rect(hud_ui(bh), ui_id_of("hud.map"), &r));
        hud_show(bh, HUD_OPEN_MAP, -1);
        CHECK(hud_shown(bh, NULL) == HUD_OPEN_NONE);
        hud_destroy(&bh, NULL);
    }
    visit_destroy(&bv);

    /* the Map button opens the plan: a dot per place on it, the plan asked of the host */
    s_plan_asked = 0;
    CHECK(click(h, ui_id_of("hud.map")));
    frame(h, v);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_MAP && hud_modal(h));
    CHECK(s_plan_asked > 0);
    float ax = 0, ay = 0, bx = 0, by = 0, dx = 0, dy = 0;
    CHECK(dot_centre(h, 0, &ax, &ay) && dot_centre(h, 1, &bx, &by) && dot_centre(h, 3, &dx, &dy));
    CHECK(!ui_widget_rect(hud_ui(h), dot(2), &r)); /* Charlie is not on the plan */
    /* at their points, in the plan's proportions (200x100: a to b is 160 across, 60 down) */
    CHECK(bx > ax && by > ay);
    CHECK_NEAR((bx - ax) / (by - ay), (160.0f / 200.0f) / (60.0f / 100.0f) * 2.0f, 0.08);
    CHECK(dx > ax && dx < bx && fabsf(dy - ay) < 3);
    /* the visitor's place in the accent colour, the others not */
    uint32_t accent = ui_get_theme(hud_ui(h))->accent;
    CHECK(drawn_in(h, dot(0), accent));
    CHECK(!drawn_in(h, dot(1), accent));
    /* touch targets of at least 9 mm at 2x and 192 dpi (68 pixels), though drawn smaller */
    s_scale = 2;
    s_dpi = 192;
    s_w = 2560;
    s_h = 1440;
    frame(h, v);
    CHECK(ui_widget_rect(hud_ui(h), dot(1), &r));
    CHECK(r.w >= 9 / 25.4f * 192 - 0.5f && r.h >= 9 / 25.4f * 192 - 0.5f);
    s_scale = 1;
    s_dpi = 96;
    s_w = 1280;
    s_h = 720;
    frame(h, v);

    /* Tab: the bar and the panel's close button, then the dots in reading order: a, d (top
     * row, left to right), b; Enter enters the focused place */
    ui_id order[3] = {dot(0), dot(3), dot(1)};
    CHECK(tab_through_dots(h, v, order));
    CHECK(ui_focus(hud_ui(h)) == dot(1));
    int from = events.count;
    CHECK(key(h, PLATFORM_KEY_RETURN));
    frame(h, v);
    frame(h, v);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_NONE);
    CHECK(visit_place(v) == 1 || visit_pending(v) == 1);
    CHECK(heard_find(&events, VISIT_EVENT_ENTERED, from) >= 0);
    for (int i = 0; i < 4; i++)
        frame(h, v);
    CHECK(visit_place(v) == 1);

    /* a click on a dot enters its place and closes the plan; now b is "here" */
    hud_show(h, HUD_OPEN_MAP, -1);
    frame(h, v);
    CHECK(drawn_in(h, dot(1), accent) && !drawn_in(h, dot(0), accent));
    CHECK(click(h, dot(3)));
    for (int i = 0; i < 4; i++)
        frame(h, v);
    CHECK(hud_shown(h, NULL) == HUD_OPEN_NONE);
    CHECK(visit_place(v) == 3);

    /* Esc closes it */
    hud_show(h, HUD_OPEN_MAP, -1);
    frame(h, v);
    CHECK(key(h, PLATFORM_KEY_ESCAPE));
    CHECK(hud_shown(h, NULL) == HUD_OPEN_NONE);

    /* Arabic: the plan is not mirrored (a stays left of b, at the same distance), the Tab
     * order reads the top row right to left: d, a, then b */
    CHECK(hud_set_language(h, "ar", why, sizeof(why)));
    hud_show(h, HUD_OPEN_MAP, -1);
    frame(h, v);
    float ax2 = 0, ay2 = 0, bx2 = 0, by2 = 0;
    CHECK(dot_centre(h, 0, &ax2, &ay2) && dot_centre(h, 1, &bx2, &by2));
    CHECK(ax2 < bx2);
    CHECK_NEAR(bx2 - ax2, bx - ax, 1.0);
    CHECK_NEAR(by2 - ay2, by - ay, 1.0);
    ui_id rtl_order[3] = {dot(3), dot(0), dot(1)};
    CHECK(tab_through_dots(h, v, rtl_order));

    hud_destroy(&h, NULL);
    visit_destroy(&v);
    text_font_close(&font);
    ui_strings_destroy(&strings);
    scene_free(&ex);
    scene_free(&bare);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s_dir);
    CHECK(system(cmd) == 0);
    return check_done();
}
