/* app: a visit driven by synthetic input events, offscreen: drag (the scene follows the
 * pointer), inertia, keys, wheel, touch pinch and tap, hotspots, info panels, going back,
 * previews and prefetch of linked places, and the events log. */
#include "app/app_internal.h"
#include "check.h"
#include "heard.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stb/stb_image_write.h>

static char s_dir[256];

static void write_pano(const char *name, int w, int h, int hue)
{
    uint8_t *px = malloc((size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * w + x) * 3;
            p[0] = (uint8_t)(hue + x * 7 % 60);
            p[1] = (uint8_t)(y * 255 / h);
            p[2] = (uint8_t)((x / 16 + y / 16) % 2 ? 200 : 60);
        }
    char *path = pv_asprintf("%s/%s", s_dir, name);
    stbi_write_jpg(path, w, h, 3, px, 90);
    free(path);
    free(px);
}

/* The visit's clock: the test's own, passed in with every event and update. Loading runs on
 * real threads, so waiting for it still sleeps, while the visit sees 16 ms a frame. */
static double s_t;

static void tick(viewer *v, double dt)
{
    s_t += dt;
    viewer_update(v, s_t);
}

static bool wait_for(viewer *v, bool (*cond)(viewer *), double timeout)
{
    double end = pv_now() + timeout;
    while (pv_now() < end) {
        tick(v, 0.016);
        if (cond(v))
            return true;
        pv_sleep_ms(5);
    }
    return false;
}

static bool all_loaded(viewer *v)
{
    return render_places_full(v->cache, 0) && render_places_full(v->cache, 1);
}

static bool at_hall(viewer *v) { return viewer_place(v) == 1 && !viewer_fading(v); }
static bool at_lobby(viewer *v) { return viewer_place(v) == 0 && !viewer_fading(v); }

static void pointer(viewer *v, platform_event_type type, int64_t id, bool touch, float x, float y)
{
    platform_event e = {.type = type, .x = x, .y = y, .pointer = id, .touch = touch, .button = 1};
    viewer_handle_event(v, &e, s_t);
}

static void key(viewer *v, platform_key k, bool down, bool alt)
{
    platform_event e = {.type = down ? PLATFORM_EV_KEY_DOWN : PLATFORM_EV_KEY_UP, .key = k,
                        .alt = alt};
    viewer_handle_event(v, &e, s_t);
}

static char *read_text(const char *path)
{
    uint8_t *b;
    size_t n;
    char why[128];
    if (pv_file_read(path, &b, &n, why, sizeof(why)) != PV_OK)
        return pv_strdup("");
    return (char *)b;
}

static int count(const char *hay, const char *needle)
{
    int c = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        c++;
    return c;
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "visit-test");
    write_pano("lobby.jpg", 1024, 512, 20);
    write_pano("hall.jpg", 1024, 512, 150);
    char *scene = pv_asprintf("%s/expo.json", s_dir);
    FILE *f = fopen(scene, "w");
    fputs("{\"format\": \"pavilion/1\", \"title\": \"Visit\", \"start\": \"lobby\",\n"
          " \"transition\": {\"fade\": 0.2},\n"
          " \"places\": [\n"
          "  {\"id\": \"lobby\", \"title\": \"Lobby\", \"panorama\": \"lobby.jpg\",\n"
          "   \"view\": {\"yaw\": 0, \"pitch\": 0, \"fov\": 90},\n"
          "   \"hotspots\": [\n"
          "    {\"type\": \"goto\", \"yaw\": 30, \"pitch\": 0, \"target\": \"hall\", \"label\": \"Hall\"},\n"
          "    {\"type\": \"info\", \"yaw\": -30, \"pitch\": 0, \"title\": \"Welcome\",\n"
          "     \"text\": \"A panel with some words.\"}]},\n"
          "  {\"id\": \"hall\", \"title\": \"Hall\", \"panorama\": \"hall.jpg\",\n"
          "   \"view\": {\"yaw\": 90, \"pitch\": 10, \"fov\": 80},\n"
          "   \"hotspots\": [{\"type\": \"goto\", \"yaw\": 0, \"pitch\": 0, \"target\": \"lobby\"}]}\n"
          " ]}\n", f);
    fclose(f);
    char *events = pv_asprintf("%s/events.jsonl", s_dir);
    app_options opt = {.scene = scene, .width = 640, .height = 360, .events = events};
    viewer v;
    if (viewer_init(&v, &opt, true) != PV_OK) {
        fprintf(stderr, "cannot start an offscreen viewer\n");
        return 1;
    }
    v.width = 640;
    v.height = 360;
    s_t = v.now;
    static heard h, h2;
    CHECK(visit_listen(visit_listeners_of(v.vis), heard_listen, &h));
    CHECK(visit_listen(visit_listeners_of(v.vis), heard_listen, &h2));
    viewer_start(&v);
    /* Nothing is on screen yet: the start place is entered when its first picture shows. */
    CHECK_STR(heard_names(&h, 0), "cross");
    double started = s_t;
    /* The start place loads, and the place it links to is loaded ahead. */
    CHECK(wait_for(&v, all_loaded, 30));
    CHECK(viewer_place(&v) == 0);
    int entered = heard_find(&h, VISIT_EVENT_ENTERED, 0);
    CHECK(entered >= 0 && h.e[entered].place == 0 && h.e[entered].t > started);
    CHECK(entered >= 0 && (strcmp(h.e[entered].what, "preview") == 0 ||
                           strcmp(h.e[entered].what, "full") == 0));
    int loaded = heard_find(&h, VISIT_EVENT_LOADED, 0);
    CHECK(loaded >= 0 && strcmp(h.e[loaded].what, "panorama") == 0);
    /* Listeners hear the same, in order; one that stops listening hears no more. */
    CHECK(h2.count == h.count && h2.e[0].kind == h.e[0].kind);
    visit_unlisten(visit_listeners_of(v.vis), heard_listen, &h2);
    int h2_count = h2.count;

    /* Drag: the point under the pointer stays under it. */
    float d0[3], d1[3];
    pv_view_unproject(viewer_view(&v), 640, 360, 200, 150, d0);
    pointer(&v, PLATFORM_EV_POINTER_DOWN, 0, false, 200, 150);
    for (int i = 1; i <= 10; i++) {
        s_t += 0.01; /* a hand moves over time: that is what inertia measures */
        pointer(&v, PLATFORM_EV_POINTER_MOVE, 0, false, 200 + i * 12.0f, 150 + i * 4.0f);
    }
    pv_view_unproject(viewer_view(&v), 640, 360, 320, 190, d1);
    CHECK(pv_dir_angle(d0, d1) < 0.3f);
    CHECK(viewer_view(&v)->yaw < 0); /* dragging right turns the view left */
    CHECK(viewer_view(&v)->pitch > 0); /* dragging down looks up */
    /* Release while moving: inertia carries on, then stops. */
    pointer(&v, PLATFORM_EV_POINTER_UP, 0, false, 320, 190);
    float yaw_release = viewer_view(&v)->yaw;
    tick(&v, 0.05);
    CHECK(viewer_view(&v)->yaw < yaw_release);
    for (int i = 0; i < 400; i++)
        tick(&v, 0.02);
    float yaw_rest = viewer_view(&v)->yaw;
    tick(&v, 0.05);
    CHECK(viewer_view(&v)->yaw == yaw_rest);
    /* It coasts as far whether frames come every 20 ms or in one late frame. */
    float coast[2];
    for (int k = 0; k < 2; k++) {
        key(&v, PLATFORM_KEY_HOME, true, false);
        key(&v, PLATFORM_KEY_HOME, false, false);
        pointer(&v, PLATFORM_EV_POINTER_DOWN, 0, false, 200, 150);
        for (int i = 1; i <= 10; i++) {
            s_t += 0.01;
            pointer(&v, PLATFORM_EV_POINTER_MOVE, 0, false, 200 + i * 12.0f, 150);
        }
        pointer(&v, PLATFORM_EV_POINTER_UP, 0, false, 320, 150);
        float released = viewer_view(&v)->yaw;
        if (k == 0)
            for (int i = 0; i < 400; i++)
                tick(&v, 0.02);
        else
            tick(&v, 8.0);
        coast[k] = pv_wrap_deg(viewer_view(&v)->yaw - released);
    }
    printf("inertia: coasted %.4f degrees in 400 frames, %.4f in one\n", coast[0], coast[1]);
    CHECK(coast[0] < -1.0f);
    CHECK_NEAR(coast[1], coast[0], 0.01);

    /* Keys turn and zoom; Home returns to the place's view. */
    key(&v, PLATFORM_KEY_HOME, true, false);
    key(&v, PLATFORM_KEY_HOME, false, false);
    CHECK(viewer_view(&v)->yaw == 0 && viewer_view(&v)->fov == 90);
    /* Right turns 0.9 fov a second: 0.5 s at 20 frames a second, then at 2 a second. */
    key(&v, PLATFORM_KEY_RIGHT, true, false);
    for (int i = 0; i < 10; i++)
        tick(&v, 0.05);
    key(&v, PLATFORM_KEY_RIGHT, false, false);
    CHECK_NEAR(viewer_view(&v)->yaw, 0.5 * 81.0, 0.01);
    key(&v, PLATFORM_KEY_RIGHT, true, false);
    tick(&v, 0.5);
    key(&v, PLATFORM_KEY_RIGHT, false, false);
    CHECK_NEAR(viewer_view(&v)->yaw, 81.0, 0.01);
    tick(&v, 1.0); /* released: it stays */
    CHECK_NEAR(viewer_view(&v)->yaw, 81.0, 0.01);
    key(&v, PLATFORM_KEY_HOME, true, false);
    key(&v, PLATFORM_KEY_HOME, false, false);

    /* Wheel zooms, within the place's limits (default 30..110). */
    platform_event wheel = {.type = PLATFORM_EV_WHEEL, .wheel = 1, .x = 320, .y = 180};
    viewer_handle_event(&v, &wheel, s_t);
    CHECK(viewer_view(&v)->fov < 90);
    wheel.wheel = 40;
    viewer_handle_event(&v, &wheel, s_t);
    CHECK(viewer_view(&v)->fov == 30);
    wheel.wheel = -80;
    viewer_handle_event(&v, &wheel, s_t);
    CHECK(viewer_view(&v)->fov == 110);
    viewer_view(&v)->fov = 90;

    /* Touch: two fingers spreading zoom in. */
    pointer(&v, PLATFORM_EV_POINTER_DOWN, 11, true, 300, 180);
    pointer(&v, PLATFORM_EV_POINTER_DOWN, 12, true, 340, 180);
    for (int i = 1; i <= 5; i++) {
        pointer(&v, PLATFORM_EV_POINTER_MOVE, 11, true, 300 - i * 10.0f, 180);
        pointer(&v, PLATFORM_EV_POINTER_MOVE, 12, true, 340 + i * 10.0f, 180);
    }
    CHECK(viewer_view(&v)->fov < 60);
    CHECK(fabsf(viewer_view(&v)->yaw) < 1.0f); /* the centre of the pinch did not move */
    pointer(&v, PLATFORM_EV_POINTER_UP, 11, true, 250, 180);
    pointer(&v, PLATFORM_EV_POINTER_UP, 12, true, 390, 180);
    *viewer_view(&v) = (pv_view){0, 0, 90};

    /* Hover shows the hand and the label; the info hotspot opens a panel; Esc closes it. */
    float x, y, dir[3];
    pv_view_dir(-30, 0, dir);
    CHECK(pv_view_project(viewer_view(&v), 640, 360, dir, &x, &y));
    pointer(&v, PLATFORM_EV_POINTER_MOVE, 0, false, x, y);
    CHECK(v.hover == 1);
    pointer(&v, PLATFORM_EV_POINTER_DOWN, 0, false, x, y);
    pointer(&v, PLATFORM_EV_POINTER_UP, 0, false, x, y);
    int shown = -1;
    CHECK(hud_shown(v.hud, &shown) == HUD_OPEN_INFO && shown == 1);
    gfx_target *t = gfx_target_create(v.g, 640, 360);
    gfx_target_bind(v.g, t);
    viewer_render(&v, 640, 360); /* panel, dimming, labels: must draw without trouble */
    key(&v, PLATFORM_KEY_ESCAPE, true, false);
    key(&v, PLATFORM_KEY_ESCAPE, false, false);
    CHECK(hud_shown(v.hud, NULL) == HUD_OPEN_NONE);

    /* A tap on the goto hotspot crosses to the hall, at the hall's own view, full image. */
    pv_view_dir(30, 0, dir);
    CHECK(pv_view_project(viewer_view(&v), 640, 360, dir, &x, &y));
    pointer(&v, PLATFORM_EV_POINTER_DOWN, 21, true, x, y);
    pointer(&v, PLATFORM_EV_POINTER_UP, 21, true, x + 2, y);
    CHECK(viewer_place(&v) == 1);
    CHECK(viewer_fading(&v));
    /* The listener heard the hotspot, then the hall entered at once: it was loaded ahead. */
    int used = heard_find(&h, VISIT_EVENT_HOTSPOT, 0);
    while (used >= 0 && h.e[used].hotspot != 0)
        used = heard_find(&h, VISIT_EVENT_HOTSPOT, used + 1);
    CHECK(used >= 0 && h.e[used].place == 0 && h.e[used].t == s_t);
    int hall = heard_find(&h, VISIT_EVENT_ENTERED, used < 0 ? 0 : used);
    CHECK(hall >= 0 && h.e[hall].place == 1 && strcmp(h.e[hall].what, "full") == 0);
    CHECK(h2.count == h2_count);
    viewer_render(&v, 640, 360); /* mid-fade frame */
    CHECK(wait_for(&v, at_hall, 5));
    CHECK(viewer_view(&v)->yaw == 90 && viewer_view(&v)->pitch == 10 && viewer_view(&v)->fov == 80);
    /* Alt+Left goes back. */
    key(&v, PLATFORM_KEY_LEFT, true, true);
    key(&v, PLATFORM_KEY_LEFT, false, true);
    CHECK(wait_for(&v, at_lobby, 5));
    /* Backspace with no history left does nothing. */
    key(&v, PLATFORM_KEY_BACKSPACE, true, false);
    CHECK(viewer_place(&v) == 0);
    viewer_render(&v, 640, 360);
    gfx_target_bind(v.g, NULL);
    gfx_target_destroy(v.g, &t);
    viewer_shutdown(&v);

    char *log = read_text(events);
    printf("events log:\n%s", log);
    CHECK(count(log, "\"event\": \"enter\"") == 3);
    CHECK(count(log, "\"event\": \"hotspot\"") == 2);
    CHECK(strstr(log, "\"place\": \"hall\", \"image\": \"full\"") != NULL);
    CHECK(strstr(log, "\"type\": \"goto\", \"target\": \"hall\"") != NULL);
    CHECK(strstr(log, "\"type\": \"info\"") != NULL);
    free(log);
    check_rmdir(s_dir);
    free(scene);
    free(events);
    return check_done();
}
