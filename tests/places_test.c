/* render/places: the place cache on its own, offscreen, under a real visit whose host asks the
 * cache what each place shows (no viewer). The place menu's thumbnail is asked for, decoded on
 * the loader's thread and taken by render_places_update, with the preview it came from; a
 * picture that cannot be decoded fails its place with a message naming the file, through the
 * visit's events; the budget of full images drops the least recently entered place that is
 * neither shown nor linked, and never the shown place or the ones it links to, even over it. */
#include "check.h"
#include "heard.h"
#include "platform/platform.h"
#include "render/places.h"
#include "scene_fixture.h"

#include <stdlib.h>
#include <string.h>

#include <stb/stb_image_write.h>

enum { W = 320, H = 180 };

static char s_dir[256];

static void write_pano(const char *name, int hue)
{
    enum { PW = 512, PH = 256 };
    uint8_t *px = malloc((size_t)PW * PH * 3);
    for (int i = 0; i < PW * PH; i++) {
        px[i * 3] = (uint8_t)hue;
        px[i * 3 + 1] = (uint8_t)(i / PW);
        px[i * 3 + 2] = (uint8_t)(i % PW / 2);
    }
    char *path = pv_asprintf("%s/%s", s_dir, name);
    CHECK(stbi_write_jpg(path, PW, PH, 3, px, 90) != 0);
    free(path);
    free(px);
}

/* The visit's host: what the cache has. */
static const char *host_shown(void *user, int place)
{
    return render_places_shown(*(render_places **)user, place, W, H);
}

static bool host_ready(void *user, int place)
{
    return render_places_has_picture(*(render_places **)user, place, W, H);
}

/* Crossing to a place tells the cache, as the viewer does. */
static void on_event(void *user, const visit_event *e)
{
    if (e->kind == VISIT_EVENT_CROSSED)
        render_places_enter(*(render_places **)user, e->place, e->t);
}

/* Updates the cache until cond(place) holds (the loader runs on real threads). */
static bool pump(render_places *p, double *t, int place,
                 bool (*cond)(render_places *, int))
{
    double end = pv_now() + 60;
    while (pv_now() < end) {
        render_places_update(p, *t += 0.016, W, H);
        if (cond(p, place))
            return true;
        pv_sleep_ms(5);
    }
    return false;
}

static bool has_thumb(render_places *p, int place) { return render_places_thumbnail(p, place); }
static bool failed(render_places *p, int place)
{
    return render_places_status(p, place) == RENDER_PLACE_FAILED;
}

/* Crosses to `place` (the scene cuts: no fade) at *t. */
static void cross(visit *v, int place, double *t)
{
    visit_cmd_enter(v, place, NULL, true);
    visit_update(v, *t += 1.0);
    CHECK(visit_place(v) == place && !visit_fading(v, NULL, NULL, NULL));
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "places-test");
    write_pano("lobby.jpg", 40);
    write_pano("hall.jpg", 90);
    write_pano("far1.jpg", 140);
    write_pano("far2.jpg", 190);
    static const char *const files[] = {"broken.jpg", NULL}; /* empty: not a JPEG */
    scene_exhibit *ex = fixture_scene(
        s_dir, files,
        "{\"format\": \"pavilion/1\", \"title\": \"Places\", \"start\": \"lobby\",\n"
        " \"transition\": {\"fade\": 0},\n"
        " \"places\": [\n"
        "  {\"id\": \"lobby\", \"panorama\": \"lobby.jpg\", \"hotspots\": [\n"
        "    {\"type\": \"goto\", \"yaw\": 30, \"target\": \"hall\"}]},\n"
        "  {\"id\": \"hall\", \"panorama\": \"hall.jpg\"},\n"
        "  {\"id\": \"far1\", \"panorama\": \"far1.jpg\"},\n"
        "  {\"id\": \"far2\", \"panorama\": \"far2.jpg\"},\n"
        "  {\"id\": \"broken\", \"panorama\": \"broken.jpg\"}\n"
        " ]}\n");
    if (!ex)
        return check_done();
    enum { LOBBY, HALL, FAR1, FAR2, BROKEN };

    platform *plat = NULL;
    gfx *g = NULL;
    if (platform_create(&(platform_desc){.width = W, .height = H, .offscreen = true}, &plat) !=
            PV_OK ||
        gfx_create(&g) != PV_OK) {
        fprintf(stderr, "cannot open an offscreen GL context\n");
        return 1;
    }
    render_places *p = NULL;
    double t = 10.0;
    visit *v = visit_create(&(visit_desc){
        .exhibit = ex, .start = LOBBY, .now = t,
        .host = {.user = &p, .shown = host_shown, .ready = host_ready, .fades = host_ready}});
    heard h = {0};
    visit_listen(visit_listeners_of(v), heard_listen, &h);
    visit_listen(visit_listeners_of(v), on_event, &p);

    /* What one full image costs, from a cache of its own. */
    p = render_places_create(&(render_places_desc){.g = g, .exhibit = ex, .visit = v});
    CHECK(render_places_load_now(p, LOBBY));
    size_t one = gfx_pano_bytes(render_places_full(p, LOBBY));
    CHECK(one > 0);
    render_places_destroy(&p);
    CHECK(p == NULL);

    /* Room for three full images. */
    p = render_places_create(
        &(render_places_desc){.g = g, .exhibit = ex, .visit = v, .budget_bytes = 3 * one});
    visit_start(v);
    CHECK(!render_places_shown(p, FAR1, W, H));
    CHECK(render_places_status(p, FAR1) == RENDER_PLACE_IDLE);

    /* The place menu asks for a thumbnail: decoded small, it is also the place's preview. */
    CHECK(render_places_thumbnail(p, FAR1) == NULL);
    CHECK(pump(p, &t, FAR1, has_thumb));
    CHECK_STR(render_places_shown(p, FAR1, W, H), "preview");
    CHECK(render_places_full(p, FAR1) == NULL);
    CHECK(render_places_thumbnail(p, BROKEN) == NULL);

    /* A panorama that cannot be decoded: its place fails, with the file in the message, and
     * the visit's listeners hear why. */
    render_places_hurry(p, BROKEN);
    CHECK(pump(p, &t, BROKEN, failed));
    CHECK_STR(render_places_shown(p, BROKEN, W, H), "error");
    const char *why = render_places_error(p, BROKEN);
    CHECK(strstr(why, "broken.jpg: error: panorama") != NULL);
    int e = heard_find(&h, VISIT_EVENT_ERROR, 0);
    CHECK(e >= 0 && h.e[e].place == BROKEN && strncmp(h.e[e].what, why, 15) == 0);

    /* Four full images in a budget of three: entered far1, far2, then back at the lobby, the
     * first of the far places goes (the lobby is shown and the hall is linked from it). */
    for (int i = LOBBY; i <= FAR2; i++)
        CHECK(render_places_load_now(p, i));
    CHECK_STR(render_places_shown(p, FAR1, W, H), "full");
    cross(v, FAR1, &t);
    cross(v, FAR2, &t);
    cross(v, LOBBY, &t);
    render_places_update(p, t, W, H);
    CHECK(render_places_full(p, FAR1) == NULL);
    CHECK(render_places_status(p, FAR1) == RENDER_PLACE_IDLE);
    CHECK(render_places_full(p, FAR2) != NULL);
    CHECK(render_places_full(p, LOBBY) != NULL && render_places_full(p, HALL) != NULL);
    render_places_destroy(&p);

    /* A budget smaller than one image: all but the shown place and the one it links to go. */
    p = render_places_create(
        &(render_places_desc){.g = g, .exhibit = ex, .visit = v, .budget_bytes = 1});
    for (int i = LOBBY; i <= FAR2; i++)
        CHECK(render_places_load_now(p, i));
    render_places_update(p, t += 0.016, W, H);
    CHECK(render_places_full(p, FAR1) == NULL && render_places_full(p, FAR2) == NULL);
    CHECK(render_places_full(p, LOBBY) != NULL && render_places_full(p, HALL) != NULL);
    CHECK_STR(render_places_shown(p, LOBBY, W, H), "full");

    render_places_destroy(&p);
    visit_destroy(&v);
    gfx_destroy(&g);
    platform_destroy(&plat);
    scene_free(&ex);
    return check_done();
}
