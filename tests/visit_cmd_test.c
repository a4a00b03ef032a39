/* visit: the visit object driven only through its public commands and events, with a fake
 * host (what each place shows is set by the test) and a fake clock: no GL, no window, no
 * files. Starting, entering by hotspot id, the fade and its progress, a place that waits for
 * its first picture, back, home, the time every event carries, listeners in order; and
 * motion by the clock: held keys turn the same at 5 and 60 updates a second, zoom stops at
 * the place's limit, a fling coasts as far in one update as in many; video commands reach the
 * host's video in control, and visit_video answers what it is (zeroed first, no film) with
 * what each command did at once. */
#include "visit/visit.h"
#include "check.h"
#include "scene_fixture.h"
#include "heard.h"

#include <stdlib.h>
#include <string.h>

static char s_dir[256];

/* The fake host: what each place shows (NULL nothing yet) and how a booth is looked at. */
typedef struct host {
    const char *shows[4];
    bool has_video;          /* a video is in control */
    visit_video_cmd cmd;     /* the last video command carried out */
    double seconds;
    bool playing;            /* the video in control, as the commands left it */
    double position;
} host;

static const char *host_shown(void *user, int place) { return ((host *)user)->shows[place]; }
static bool host_ready(void *user, int place) { return ((host *)user)->shows[place] != NULL; }
static bool host_fades(void *user, int place) { return ((host *)user)->shows[place] != NULL; }
static bool host_video(void *user, visit_video_cmd cmd, double seconds)
{
    host *h = user;
    if (!h->has_video)
        return false;
    h->cmd = cmd;
    h->seconds = seconds;
    switch (cmd) {
    case VISIT_VIDEO_PLAY: h->playing = true; break;
    case VISIT_VIDEO_PAUSE: h->playing = false; break;
    case VISIT_VIDEO_TOGGLE: h->playing = !h->playing; break;
    case VISIT_VIDEO_SEEK: h->position = seconds; break;
    case VISIT_VIDEO_SEEK_BY: h->position += seconds; break;
    default: break;
    }
    return true;
}

/* What the video in control is now: full screen while there is one, with a label over it. */
static void host_video_state(void *user, visit_video_state *out)
{
    host *h = user;
    out->notes[out->note_count++] = (visit_video_note){10, 20, "video.reconnecting", NULL, false};
    if (!h->has_video)
        return;
    out->mode = VISIT_VIDEO_MODE_FULL;
    out->playing = h->playing;
    out->position = h->position;
    out->duration = 60;
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "visit-cmd-test");
    /* The panoramas only have to exist: the fake host says what they show. */
    static const char *const files[] = {"lobby.jpg", "hall.jpg", "far.jpg", NULL};
    scene_exhibit *ex = fixture_scene(
        s_dir, files,
        "{\"format\": \"pavilion/1\", \"title\": \"Visit\", \"start\": \"lobby\",\n"
        " \"transition\": {\"fade\": 0.5},\n"
        " \"places\": [\n"
        "  {\"id\": \"lobby\", \"panorama\": \"lobby.jpg\",\n"
        "   \"view\": {\"yaw\": 10, \"pitch\": 0, \"fov\": 90},\n"
        "   \"hotspots\": [\n"
        "    {\"type\": \"info\", \"id\": \"welcome\", \"yaw\": -30, \"title\": \"Hi\"},\n"
        "    {\"type\": \"goto\", \"id\": \"to-hall\", \"yaw\": 30, \"target\": \"hall\"},\n"
        "    {\"type\": \"goto\", \"id\": \"to-far\", \"yaw\": 60, \"target\": \"far\"}]},\n"
        "  {\"id\": \"hall\", \"panorama\": \"hall.jpg\",\n"
        "   \"view\": {\"yaw\": 90, \"pitch\": 10, \"fov\": 80}},\n"
        "  {\"id\": \"far\", \"panorama\": \"far.jpg\"}\n"
        " ]}\n");
    if (!ex)
        return check_done();

    host hs = {.shows = {NULL, "full", NULL}};
    double t = 100.0;
    visit_desc d = {.exhibit = ex, .start = -1, .now = t,
                    .host = {&hs, host_shown, host_ready, host_fades, NULL, NULL, host_video,
                             host_video_state}};
    visit *v = visit_create(&d);
    heard h = {0}, late = {0};
    CHECK(visit_listen(visit_listeners_of(v), heard_listen, &h));
    CHECK(visit_place(v) == 0);
    CHECK(visit_view(v)->yaw == 10);

    /* Start: crossed at once, entered only when the lobby shows something. */
    visit_start(v);
    CHECK_STR(heard_names(&h, 0), "cross");
    CHECK(h.e[0].place == 0 && h.e[0].from == -1 && h.e[0].t == 100.0);
    visit_update(v, t += 0.1);
    CHECK_STR(heard_names(&h, 0), "cross");
    hs.shows[0] = "preview";
    visit_update(v, t += 0.1);
    CHECK_STR(heard_names(&h, 0), "cross enter");
    CHECK(h.e[1].t == t && strcmp(h.e[1].what, "preview") == 0);

    /* A second listener hears what follows, after the first. */
    CHECK(visit_listen(visit_listeners_of(v), heard_listen, &late));

    /* The hotspot "to-hall" by its id: used, then the hall is crossed to (it shows its full
     * image) and fades in over half a second. */
    int mark = h.count;
    CHECK(!visit_cmd_activate_id(v, "no-such-hotspot"));
    CHECK(visit_cmd_activate_id(v, "to-hall"));
    CHECK_STR(heard_names(&h, mark), "hotspot cross enter");
    CHECK(h.e[mark].hotspot == 1 && h.e[mark].place == 0);
    CHECK(h.e[mark + 1].place == 1 && h.e[mark + 1].from == 0);
    CHECK(late.count == 3 && late.e[0].kind == VISIT_EVENT_HOTSPOT);
    CHECK(visit_place(v) == 1);
    CHECK(visit_view(v)->yaw == 90 && visit_view(v)->fov == 80);
    int from = -1;
    pv_view from_view;
    float progress = -1;
    CHECK(visit_fading(v, &from, &from_view, &progress));
    CHECK(from == 0 && from_view.yaw == 10 && progress == 0.0f);
    visit_set_now(v, t + 0.25);
    CHECK(visit_fading(v, NULL, NULL, &progress));
    CHECK_NEAR(progress, 0.5, 1e-6);
    mark = h.count;
    visit_update(v, t += 0.5);
    CHECK_STR(heard_names(&h, mark), "faded");
    CHECK(!visit_fading(v, NULL, NULL, NULL));
    CHECK(visit_history_count(v) == 1);

    /* Back to the lobby; Home turns the view back to the place's own. */
    visit_cmd_back(v);
    CHECK(visit_place(v) == 0 && visit_history_count(v) == 0);
    visit_update(v, t += 1.0);
    visit_view(v)->yaw = 123;
    visit_cmd_home(v);
    CHECK(visit_view(v)->yaw == 10);
    visit_cmd_back(v); /* no history: nothing happens */
    CHECK(visit_place(v) == 0);

    /* "far" has nothing to show: the visit waits on the lobby, then crosses at the first
     * update after its picture arrived, and announces it then. */
    mark = h.count;
    CHECK(visit_cmd_activate_id(v, "to-far"));
    CHECK_STR(heard_names(&h, mark), "hotspot wait");
    CHECK(visit_place(v) == 0 && visit_pending(v) == 2);
    visit_update(v, t += 0.3);
    CHECK(visit_place(v) == 0);
    hs.shows[2] = "full";
    visit_update(v, t += 0.3);
    CHECK_STR(heard_names(&h, mark), "hotspot wait cross enter");
    CHECK(visit_place(v) == 2 && visit_pending(v) == -1);
    CHECK(h.e[h.count - 1].t == t && h.e[h.count - 1].place == 2);
    CHECK(!visit_cmd_enter_id(v, "nowhere", NULL));
    CHECK(visit_cmd_enter_id(v, "hall", &(pv_view){45, 0, 60}));
    CHECK(visit_view(v)->yaw == 45 && visit_view(v)->fov == 60);
    /* Listening stops. */
    visit_unlisten(visit_listeners_of(v), heard_listen, &late);
    int late_count = late.count;
    visit_cmd_back(v);
    CHECK(late.count == late_count && h.count > late_count);

    /* Held keys by the clock given to visit_update: 4 s of Right on the hall (fov 60: 54
     * degrees a second) turn 216 degrees at 5 and at 60 updates a second. */
    double fps[2] = {5, 60};
    float turned[2];
    for (int k = 0; k < 2; k++) {
        visit_cmd_enter(v, 1, &(pv_view){0, 0, 60}, false);
        visit_update(v, t += 1.0); /* the fade ends */
        visit_cmd_hold(v, &(visit_hold){.turn = 1});
        int frames = (int)(4.0 * fps[k]);
        double t0 = t;
        for (int i = 1; i <= frames; i++)
            CHECK(visit_update(v, t0 + 4.0 * i / frames)); /* moving */
        t = t0 + 4.0;
        visit_cmd_hold(v, &(visit_hold){0});
        CHECK(!visit_update(v, t += 1.0)); /* released: still */
        turned[k] = pv_wrap_deg(visit_view(v)->yaw);
        printf("4 s of Right at %g updates a second: yaw %.4f (expect 216 = -144)\n", fps[k],
               turned[k]);
    }
    CHECK_NEAR(turned[0], -144.0, 0.01);
    CHECK_NEAR(turned[1], turned[0], 0.01);
    /* Zooming out stops at the place's limit (default 110). */
    visit_cmd_hold(v, &(visit_hold){.zoom = 1});
    visit_update(v, t += 10.0);
    CHECK(visit_view(v)->fov == 110.0f);
    visit_cmd_hold(v, &(visit_hold){0});
    /* A fling coasts and stops; the same in one late update as in many; Home stops it. */
    float coast[2];
    for (int k = 0; k < 2; k++) {
        visit_cmd_home(v);
        visit_cmd_fling(v, 100, 0);
        CHECK(visit_animating(v));
        if (k == 0)
            for (int i = 0; i < 300; i++)
                visit_update(v, t += 0.01);
        else
            visit_update(v, t += 3.0);
        coast[k] = visit_view(v)->yaw - 90.0f;
        CHECK(!visit_animating(v));
    }
    printf("a fling of 100 degrees a second coasted %.3f and %.3f degrees\n", coast[0],
           coast[1]);
    CHECK(coast[0] > 20.0f && coast[0] < 25.0f); /* 100 x 0.25 s, less the last slow part */
    CHECK_NEAR(coast[1], coast[0], 0.01);
    visit_cmd_fling(v, 100, 0);
    visit_cmd_home(v);
    CHECK(!visit_animating(v));

    /* Video commands go to the video in control; without one they say so. What the video in
     * control is comes from the host (zeroed first, no film), and shows what a command did
     * as soon as it returns. */
    visit_video_state vs;
    memset(&vs, 0x5A, sizeof(vs));
    CHECK(!visit_video(v, &vs) && vs.mode == VISIT_VIDEO_MODE_NONE && vs.film == -1);
    CHECK(!vs.playing && vs.duration == 0 && vs.posters == NULL && vs.subtitles == NULL);
    CHECK(vs.note_count == 1 && vs.notes[0].y == 20 && !vs.notes[0].error);
    CHECK_STR(vs.notes[0].key, "video.reconnecting");
    CHECK(!visit_cmd_play(v) && hs.cmd == VISIT_VIDEO_INVALID);
    hs.has_video = true;
    CHECK(visit_video(v, &vs) && vs.mode == VISIT_VIDEO_MODE_FULL && vs.duration == 60);
    CHECK(visit_cmd_seek(v, 12.5) && hs.cmd == VISIT_VIDEO_SEEK && hs.seconds == 12.5);
    CHECK(visit_video(v, &vs) && vs.position == 12.5 && vs.note_count == 1);
    CHECK(visit_cmd_seek_by(v, -5) && hs.cmd == VISIT_VIDEO_SEEK_BY && hs.seconds == -5);
    CHECK(visit_video(v, &vs) && vs.position == 7.5);
    CHECK(visit_cmd_pause(v) && hs.cmd == VISIT_VIDEO_PAUSE);
    CHECK(visit_video(v, &vs) && !vs.playing);
    CHECK(visit_cmd_toggle(v) && hs.cmd == VISIT_VIDEO_TOGGLE);
    CHECK(visit_video(v, &vs) && vs.playing);
    CHECK(visit_cmd_play(v) && hs.cmd == VISIT_VIDEO_PLAY);
    CHECK(visit_video(v, &vs) && vs.playing);

    /* A host that says nothing of videos: none in control, nothing over them. */
    visit *bare = visit_create(&(visit_desc){.exhibit = ex, .start = -1, .now = t});
    memset(&vs, 0x5A, sizeof(vs));
    CHECK(!visit_video(bare, &vs) && vs.mode == VISIT_VIDEO_MODE_NONE && vs.film == -1);
    CHECK(vs.note_count == 0 && !vs.playing && vs.position == 0);
    visit_destroy(&bare);

    visit_destroy(&v);
    CHECK(v == NULL);
    visit_destroy(&v);
    scene_free(&ex);
    check_rmdir(s_dir);
    return check_done();
}
