/* visit/visit: the visit object (see visit.h): the current place and its view, moving between
 * places with a fade, waiting for a place's first picture, history, and announcing a place
 * when it shows. Time comes in through visit_update and visit_set_now; it never reads a clock.
 * Main thread only. */
#include "visit/visit.h"

#include "core/core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FLING_TAU 0.25f /* seconds for a fling's speed to fall to 1/e */

struct visit {
    const scene_exhibit *ex;
    visit_host host;
    visit_listeners listeners;
    double now;
    int current;
    pv_view view;
    int *history;
    int history_count;
    /* moving between places */
    bool fading;
    int from_place;
    pv_view from_view;
    double fade_t0;
    int pending;             /* a place waiting for its first picture; -1 none */
    pv_view pending_view;
    int announce;            /* a place entered whose ENTERED waits for a picture; -1 none */
    /* motion */
    visit_camera cam;        /* the current place's, when it is a model place */
    visit_hold hold;         /* what held keys ask for */
    float fling_yaw, fling_pitch; /* degrees per second, coasting after a drag */
    double motion_t;         /* motion has been advanced to here */
};

static void send(visit *v, visit_event_kind kind, int place, int from, const char *what)
{
    visit_event e = {.kind = kind, .t = v->now, .place = place, .hotspot = -1, .video = -1,
                     .what = what, .from = from};
    visit_emit(&v->listeners, &e);
}

void visit_send(visit *v, visit_event e)
{
    e.t = v->now;
    visit_emit(&v->listeners, &e);
}

static void clamp_view(const visit *v, pv_view *view, int place)
{
    const scene_place *p = &v->ex->places[place];
    view->fov = pv_clampf(view->fov, p->fov_min, p->fov_max);
    view->pitch = pv_clampf(view->pitch, -90.0f, 90.0f);
    view->yaw = pv_wrap_deg(view->yaw);
}

visit *visit_create(const visit_desc *d)
{
    visit *v = pv_calloc(1, sizeof(*v));
    v->ex = d->exhibit;
    v->host = d->host;
    v->now = v->motion_t = d->now;
    v->current = d->start >= 0 && d->start < v->ex->place_count ? d->start : v->ex->start;
    v->view = d->view ? *d->view : v->ex->places[v->current].view;
    clamp_view(v, &v->view, v->current);
    v->from_place = v->pending = v->announce = -1;
    return v;
}

void visit_destroy(visit **v)
{
    if (!*v)
        return;
    free((*v)->history);
    pv_free(v);
}

visit_listeners *visit_listeners_of(visit *v) { return &v->listeners; }
double visit_now(const visit *v) { return v->now; }
void visit_set_now(visit *v, double now)
{
    if (now > v->now)
        v->now = now;
}
const scene_exhibit *visit_exhibit(const visit *v) { return v->ex; }
int visit_place(const visit *v) { return v->current; }
int visit_pending(const visit *v) { return v->pending; }
const pv_view *visit_pending_view(const visit *v)
{
    return v->pending >= 0 ? &v->pending_view : NULL;
}
int visit_history_count(const visit *v) { return v->history_count; }
pv_view *visit_view(visit *v) { return &v->view; }
visit_camera *visit_camera_of(visit *v) { return &v->cam; }
void visit_cmd_hold(visit *v, const visit_hold *h) { v->hold = *h; }

void visit_cmd_fling(visit *v, float yaw_per_s, float pitch_per_s)
{
    v->fling_yaw = yaw_per_s;
    v->fling_pitch = pitch_per_s;
}

static bool holding(const visit_hold *h)
{
    return h->turn != 0 || h->look != 0 || h->walk != 0 || h->side != 0 || h->zoom != 0;
}

static bool flinging(const visit *v)
{
    return fabsf(v->fling_yaw) > 0.5f || fabsf(v->fling_pitch) > 0.5f;
}

bool visit_animating(const visit *v)
{
    return v->fading || v->pending >= 0 || holding(&v->hold) || flinging(v) ||
           (v->cam.walking_to && v->cam.mode == SCENE_CAMERA_WALK);
}

bool visit_fading(const visit *v, int *from, pv_view *from_view, float *progress)
{
    if (!v->fading)
        return false;
    if (from)
        *from = v->from_place;
    if (from_view)
        *from_view = v->from_view;
    if (progress) {
        double f = v->ex->fade_seconds > 0 ? (v->now - v->fade_t0) / v->ex->fade_seconds : 1;
        *progress = pv_clampf((float)f, 0.0f, 1.0f);
    }
    return true;
}

static const char *shown(visit *v, int place)
{
    return v->host.shown ? v->host.shown(v->host.user, place) : "full";
}

/* A place entered is announced when it is on screen, not when it was asked for. */
static void announce(visit *v)
{
    if (v->announce < 0 || v->announce != v->current)
        return;
    const char *what = shown(v, v->announce);
    if (!what)
        return;
    int place = v->announce;
    v->announce = -1;
    send(v, VISIT_EVENT_ENTERED, place, -1, what);
}

/* The visit moves to `place`: the place left fades out over it when it has a picture. */
static void cross(visit *v, int place, const pv_view *view)
{
    int old = v->current;
    v->from_place = old;
    v->from_view = v->view;
    if (v->host.look)
        v->host.look(v->host.user, old, &v->from_view);
    v->current = place;
    v->view = *view;
    clamp_view(v, &v->view, place);
    v->fading = old != place && v->ex->fade_seconds > 0 &&
                (!v->host.fades || v->host.fades(v->host.user, old));
    v->fade_t0 = v->now;
    v->fling_yaw = v->fling_pitch = 0;
    v->announce = place;
    send(v, VISIT_EVENT_CROSSED, place, old, NULL);
    if (!v->fading)
        send(v, VISIT_EVENT_FADED, place, old, NULL);
    announce(v);
}

void visit_start(visit *v)
{
    v->announce = v->current;
    send(v, VISIT_EVENT_CROSSED, v->current, -1, NULL);
    announce(v);
}

void visit_cmd_enter(visit *v, int place, const pv_view *view, bool history)
{
    if (place < 0 || place >= v->ex->place_count)
        return;
    if (history && place != v->current) {
        v->history = pv_realloc(v->history, sizeof(int) * (size_t)(v->history_count + 1));
        v->history[v->history_count++] = v->current;
    }
    pv_view target = view ? *view : v->ex->places[place].view;
    if (!v->host.ready || v->host.ready(v->host.user, place)) {
        v->pending = -1;
        cross(v, place, &target);
        return;
    }
    /* Nothing to show yet: the current place stays on screen until it has. */
    v->pending = place;
    v->pending_view = target;
    send(v, VISIT_EVENT_WAITING, place, v->current, NULL);
}

bool visit_cmd_enter_id(visit *v, const char *place_id, const pv_view *view)
{
    int place = scene_find_place(v->ex, place_id);
    if (place < 0)
        return false;
    visit_cmd_enter(v, place, view, true);
    return true;
}

void visit_cmd_back(visit *v)
{
    if (v->history_count == 0)
        return;
    int place = v->history[--v->history_count];
    visit_cmd_enter(v, place, NULL, false);
}

void visit_cmd_home(visit *v)
{
    v->view = v->ex->places[v->current].view;
    v->fling_yaw = v->fling_pitch = 0;
    visit_booth b;
    if (v->host.booth && v->host.booth(v->host.user, v->current, &b))
        visit_camera_reset(&v->cam, &b);
}

static bool video(visit *v, visit_video_cmd cmd, double seconds)
{
    return v->host.video && v->host.video(v->host.user, cmd, seconds);
}

bool visit_cmd_video(visit *v, visit_video_cmd cmd, double value)
{
    return cmd > VISIT_VIDEO_INVALID && cmd < VISIT_VIDEO_COUNT && video(v, cmd, value);
}

bool visit_video(const visit *v, visit_video_state *out)
{
    memset(out, 0, sizeof(*out));
    out->film = -1;
    if (v->host.video_state)
        v->host.video_state(v->host.user, out);
    return out->mode != VISIT_VIDEO_MODE_NONE;
}

bool visit_cmd_play(visit *v) { return video(v, VISIT_VIDEO_PLAY, 0); }
bool visit_cmd_pause(visit *v) { return video(v, VISIT_VIDEO_PAUSE, 0); }
bool visit_cmd_toggle(visit *v) { return video(v, VISIT_VIDEO_TOGGLE, 0); }
bool visit_cmd_seek(visit *v, double seconds) { return video(v, VISIT_VIDEO_SEEK, seconds); }
bool visit_cmd_seek_by(visit *v, double seconds)
{
    return video(v, VISIT_VIDEO_SEEK_BY, seconds);
}

/* One step of motion, dt seconds; true when something moved. */
static bool animate(visit *v, double dt)
{
    bool moving = false;
    const visit_hold *h = &v->hold;
    visit_booth b;
    bool booth = v->host.booth && v->host.booth(v->host.user, v->current, &b);
    if (holding(h) && booth) {
        visit_camera_hold(&v->cam, &b, h, dt);
        moving = true;
    } else if (holding(h)) {
        const scene_place *p = &v->ex->places[v->current];
        float rate = v->view.fov * 0.9f; /* degrees per second, slower when zoomed in */
        v->view.yaw = pv_wrap_deg(v->view.yaw + h->turn * rate * (float)dt);
        v->view.pitch = pv_clampf(v->view.pitch + h->look * rate * (float)dt, -90.0f, 90.0f);
        if (h->zoom != 0)
            v->view.fov = pv_clampf(v->view.fov * powf(1.8f, h->zoom * (float)dt), p->fov_min,
                                    p->fov_max);
        moving = true;
    }
    if (flinging(v)) {
        /* The speed decays with a time constant of 0.25 s; the way covered in dt is its
         * integral, so the coast is as long whatever the steps. */
        float decay = expf(-(float)dt / FLING_TAU);
        float way = FLING_TAU * (1.0f - decay);
        v->view.yaw = pv_wrap_deg(v->view.yaw + v->fling_yaw * way);
        v->view.pitch = pv_clampf(v->view.pitch + v->fling_pitch * way, -90.0f, 90.0f);
        v->fling_yaw *= decay;
        v->fling_pitch *= decay;
        moving = true;
    } else {
        v->fling_yaw = v->fling_pitch = 0;
    }
    if (booth && visit_camera_walk_step(&v->cam, &b, (float)dt))
        moving = true;
    return moving;
}

void visit_cmd_activate(visit *v, int hotspot)
{
    const scene_place *p = &v->ex->places[v->current];
    if (hotspot < 0 || hotspot >= p->hotspot_count)
        return;
    visit_event e = {.kind = VISIT_EVENT_HOTSPOT, .t = v->now, .place = v->current,
                     .hotspot = hotspot, .video = -1, .from = -1};
    visit_emit(&v->listeners, &e);
    if (p->hotspots[hotspot].type == SCENE_HOTSPOT_GOTO)
        visit_cmd_enter(v, p->hotspots[hotspot].target, NULL, true);
}

bool visit_cmd_activate_id(visit *v, const char *hotspot_id)
{
    const scene_place *p = &v->ex->places[v->current];
    for (int i = 0; i < p->hotspot_count; i++)
        if (p->hotspots[i].id && strcmp(p->hotspots[i].id, hotspot_id) == 0) {
            visit_cmd_activate(v, i);
            return true;
        }
    return false;
}

bool visit_update(visit *v, double now)
{
    visit_set_now(v, now);
    /* Motion from the last update to now, in short steps: the same keys held for the same
     * time move the same way at 5 or 60 frames per second, and walls stop a walk. */
    double dt = now - v->motion_t;
    if (now > v->motion_t)
        v->motion_t = now;
    bool moving = false;
    while (dt > 1e-9) {
        double step = fmin(dt, VISIT_MOTION_STEP);
        dt -= step;
        if (!animate(v, step))
            break; /* nothing moves: the rest of the time changes nothing either */
        moving = true;
    }
    if (v->pending >= 0 && (!v->host.ready || v->host.ready(v->host.user, v->pending))) {
        int place = v->pending;
        v->pending = -1;
        cross(v, place, &v->pending_view);
    }
    if (v->fading && v->now - v->fade_t0 >= v->ex->fade_seconds) {
        v->fading = false;
        send(v, VISIT_EVENT_FADED, v->current, v->from_place, NULL);
    }
    announce(v);
    return moving || v->fading || v->pending >= 0;
}
