/* app/viewer: the visit. Which place is shown and how it is looked at, moving between places
 * with a fade, hotspots (hover, labels, activation), info panels, input (mouse, keyboard,
 * touch) and render on demand; the places' pictures and their loading are the place cache's
 * (render/places.h). Main thread only; the loader's worker reports back through platform_wake. */
#include "app/app_internal.h"
#include "app/booth.h"
#include "record/record.h"
#include "render/places.h"
#include "render/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CLICK_SLOP_PT 6.0f

/* ---- events (the log is a listener: record/) ---- */

void viewer_emit(viewer *v, visit_event_kind kind, int place, int hotspot, int video,
                 const char *what, double seconds)
{
    visit_send(v->vis, (visit_event){kind, v->now, place, hotspot, video, what, seconds, -1});
}

/* ---- what the visit asks of the viewer (visit_host) ---- */

/* What the visitor sees of a place, or NULL while it shows nothing yet. */
static const char *host_shown(void *user, int place)
{
    viewer *v = user;
    if (v->ex->places[place].panorama_video &&
        render_places_status(v->cache, place) != RENDER_PLACE_FAILED)
        return video_place_shown(v->video, place);
    return render_places_shown(v->cache, place, v->width, v->height);
}

/* A place can be crossed to once it has something to show, or its error card. */
static bool host_ready(void *user, int place)
{
    viewer *v = user;
    return render_places_has_picture(v->cache, place, v->width, v->height) ||
           render_places_gpu_model(v->cache, place) ||
           render_places_status(v->cache, place) == RENDER_PLACE_FAILED ||
           v->ex->places[place].panorama_video;
}

static bool host_fades(void *user, int place)
{
    viewer *v = user;
    return render_places_has_picture(v->cache, place, v->width, v->height) ||
           v->ex->places[place].panorama_video;
}

static bool host_booth(void *user, int place, visit_booth *out)
{
    return booth_context(user, place, out);
}

static bool host_video(void *user, visit_video_cmd cmd, double seconds)
{
    viewer *v = user;
    return video_command(v->video, cmd, seconds, v->now);
}

/* The video in control as video/ describes it (asked after a command too, so it shows what
 * the command did). */
static void host_video_state(void *user, visit_video_state *out)
{
    viewer *v = user;
    video_describe(v->video, out, v->now);
}

/* ---- what the videos ask of the viewer (video_host) ---- */

static bool video_booth(void *user, int place, visit_booth *out, gfx_model **meshes)
{
    viewer *v = user;
    if (!booth_context(v, place, out))
        return false;
    *meshes = render_places_gpu_model(v->cache, place);
    return true;
}

static void video_redraw(void *user) { ((viewer *)user)->dirty = true; }

static bool host_look(void *user, int place, pv_view *out)
{
    viewer *v = user;
    if (!booth_is_model(v, place))
        return false;
    *out = booth_look(v);
    return true;
}

/* ---- loading (render/places.h) ---- */

static void wake(void *user) { platform_wake(((viewer *)user)->plat); }

/* A booth's model is in: the camera of the place on screen starts where the scene says. */
static void model_ready(void *user, int place)
{
    viewer *v = user;
    if (place == viewer_place(v))
        booth_reset_camera(v, place);
}

/* ---- moving between places ---- */

static void close_panel(viewer *v)
{
    if (v->hud)
        hud_close(v->hud);
    v->dirty = true;
}

/* A panel or menu of the hud is open: the place beneath takes no input. */
static bool panel_open(const viewer *v) { return v->hud && hud_modal(v->hud); }

void viewer_enter(viewer *v, int place, const pv_view *view, bool record_history)
{
    close_panel(v);
    visit_cmd_enter(v->vis, place, view, record_history);
}

static void go_back(viewer *v)
{
    close_panel(v);
    visit_cmd_back(v->vis);
}

/* The info panel of hotspot `hotspot`. */
static void open_panel(viewer *v, int hotspot);

/* The viewer's part of the visit's events: what it shows and loads follows the place. */
static void on_visit_event(void *user, const visit_event *e)
{
    viewer *v = user;
    switch (e->kind) {
    case VISIT_EVENT_CROSSED:
        if (booth_is_model(v, e->place))
            booth_reset_camera(v, e->place);
        v->vel_yaw = v->vel_pitch = 0;
        v->hover = -1;
        render_places_enter(v->cache, e->place, v->now);
        v->dirty = true;
        break;
    case VISIT_EVENT_FADED:
        v->dirty = true; /* one more frame, at full opacity */
        break;
    case VISIT_EVENT_WAITING:
        /* Nothing to show yet: its own images first, ahead of everything queued. */
        render_places_hurry(v->cache, e->place);
        v->dirty = true;
        break;
    case VISIT_EVENT_HOTSPOT: {
        const scene_hotspot *h = &v->ex->places[e->place].hotspots[e->hotspot];
        if (h->type == SCENE_HOTSPOT_INFO || h->type == SCENE_HOTSPOT_TEAM)
            open_panel(v, e->hotspot); /* video hotspots are video/'s: it listens too */
        break;
    }
    default:
        break;
    }
}

static void activate(viewer *v, int hotspot)
{
    if (v->ex->places[viewer_place(v)].hotspots[hotspot].type == SCENE_HOTSPOT_GOTO)
        close_panel(v);
    visit_cmd_activate(v->vis, hotspot);
}

static void open_panel(viewer *v, int hotspot)
{
    if (v->hud)
        hud_show(v->hud, HUD_OPEN_INFO, hotspot);
    v->dirty = true;
}

/* ---- hotspots on screen ---- */

static bool hotspot_screen(viewer *v, const scene_hotspot *h, float *x, float *y)
{
    if (booth_is_model(v, viewer_place(v))) {
        float p[3];
        return booth_hotspot_point(v, viewer_place(v), h, p) && booth_project(v, p, x, y);
    }
    float dir[3];
    pv_view_dir(h->yaw, h->pitch, dir);
    return pv_view_project(viewer_view(v), v->width, v->height, dir, x, y);
}

static int pick_hotspot(viewer *v, float px, float py)
{
    if (viewer_fading(v))
        return -1;
    const scene_place *p = &v->ex->places[viewer_place(v)];
    float r = RENDER_MARKER_PT * 0.5f * v->scale + 2.0f, best = r * r;
    int hit = -1;
    for (int i = 0; i < p->hotspot_count; i++) {
        float x, y;
        if (p->hotspots[i].type == SCENE_HOTSPOT_VIDEO) {
            /* the screen itself */
            if (video_hit_hotspot(v->video, i, px, py, v->width, v->height))
                return i;
            continue;
        }
        if (!hotspot_screen(v, &p->hotspots[i], &x, &y))
            continue;
        float d = (x - px) * (x - px) + (y - py) * (y - py);
        if (d <= best) {
            best = d;
            hit = i;
        }
    }
    if (hit < 0 && booth_is_model(v, viewer_place(v)))
        hit = booth_pick(v, px, py); /* the surfaces of a hotspot's node */
    return hit;
}

/* ---- drawing ---- */

/* The sharpest image a place has: its image with mip levels, its full image streamed in while
 * the levels are averaged, or its preview. False when it has nothing yet. */
static bool draw_place(viewer *v, int place, const pv_view *view, int width, int height,
                       float alpha)
{
    if (v->ex->places[place].panorama_video)
        return video_draw_place(v->video, place, view, width, height, alpha);
    if (booth_is_model(v, place) && place == viewer_place(v))
        return render_places_draw_booth(v->cache, place, visit_camera_of(v->vis), v->moving,
                                        width, height);
    /* a booth being left: only its surroundings, fading out */
    return render_places_draw_panorama(v->cache, place, view, width, height, alpha);
}

static float smooth(float t) { return t * t * (3.0f - 2.0f * t); }

void viewer_render(viewer *v, int width, int height)
{
    v->width = width;
    v->height = height;
    render_begin(v->g, width, height);
    float s = v->scale;
    if (viewer_place(v) < 0)
        return;
    float fade = 1.0f, progress = 1.0f;
    int from = -1;
    pv_view from_view;
    bool fading = visit_fading(v->vis, &from, &from_view, &progress);
    if (fading)
        fade = smooth(progress);
    /* The place arrived at, then the one left on top of it, fading out. */
    draw_place(v, viewer_place(v), viewer_view(v), width, height, 1.0f);
    if (fading && fade < 1.0f)
        draw_place(v, from, &from_view, width, height, 1.0f - fade);

    const scene_place *p = &v->ex->places[viewer_place(v)];

    /* Hotspot markers: fade in with the place. Video hotspots are screens on the sphere. */
    float marker_alpha = fading ? fade : 1.0f;
    video_draw_screens(v->video, width, height, s, marker_alpha, v->hover);
    render_marker marks[64];
    int n = 0;
    for (int i = 0; i < p->hotspot_count; i++) {
        const scene_hotspot *h = &p->hotspots[i];
        float x, y;
        if (h->type == SCENE_HOTSPOT_VIDEO || !hotspot_screen(v, h, &x, &y))
            continue;
        /* On a model, a marker behind a wall is drawn faint. */
        bool hidden = booth_is_model(v, viewer_place(v)) && booth_hotspot_hidden(v, h);
        marks[n++] = (render_marker){x, y, h->type == SCENE_HOTSPOT_GOTO, i == v->hover, hidden};
        if (n == (int)(sizeof(marks) / sizeof(marks[0]))) { /* drawn in batches, in order */
            render_markers(v->g, marks, n, s, marker_alpha);
            n = 0;
        }
    }
    render_markers(v->g, marks, n, s, marker_alpha);

    video_draw_overlay(v->video, width, height, s, v->now);

    if (visit_pending(v->vis) >= 0) {
        render_waiting(v->g, width, height, s, v->now); /* the next place's first picture */
    }
    /* The interface over everything: title, bar, menus, the info panel, the names of the
     * markers under the pointer or the keyboard, the card of a place that cannot be shown. */
    bool failed = render_places_status(v->cache, viewer_place(v)) == RENDER_PLACE_FAILED;
    if (v->hud) {
        hud_frame(v->hud, &(hud_frame_desc){.width = width, .height = height, .scale = s,
                                            .dpi = v->plat ? platform_display_dpi(v->plat) : 0,
                                            .now = v->now, .chrome = !video_modal(v->video),
                                            .place_error = failed ? render_places_error(
                                                                        v->cache, viewer_place(v))
                                                                  : NULL});
        hud_render(v->hud, v->g);
        /* typing (and an input method) only while a text field has the focus */
        float caret[4];
        if (v->plat)
            platform_text_input(v->plat, ui_text_input_wanted(hud_ui(v->hud), caret), caret);
    }
}

/* ---- input ---- */

static void look_by_pixels(viewer *v, float x0, float y0, float x1, float y1)
{
    /* Keep the point under the pointer under the pointer. */
    float d0[3], d1[3], yaw0, pitch0, yaw1, pitch1;
    pv_view_unproject(viewer_view(v), v->width, v->height, x0, y0, d0);
    pv_view_unproject(viewer_view(v), v->width, v->height, x1, y1, d1);
    pv_view_angles(d0, &yaw0, &pitch0);
    pv_view_angles(d1, &yaw1, &pitch1);
    viewer_view(v)->yaw = pv_wrap_deg(viewer_view(v)->yaw - pv_wrap_deg(yaw1 - yaw0));
    viewer_view(v)->pitch = pv_clampf(viewer_view(v)->pitch - (pitch1 - pitch0), -90.0f, 90.0f);
}

static void zoom_to(viewer *v, float fov)
{
    if (booth_is_model(v, viewer_place(v))) {
        booth_zoom(v, fov / viewer_view(v)->fov); /* callers scale the panorama fov; same factor */
        v->dirty = true;
        return;
    }
    const scene_place *p = &v->ex->places[viewer_place(v)];
    viewer_view(v)->fov = pv_clampf(fov, p->fov_min, p->fov_max);
    v->dirty = true;
}

static pointer_state *find_pointer(viewer *v, int64_t id)
{
    for (int i = 0; i < v->ptr_count; i++)
        if (v->ptr[i].id == id)
            return &v->ptr[i];
    return NULL;
}

static float pinch_distance(viewer *v)
{
    float dx = v->ptr[0].x - v->ptr[1].x, dy = v->ptr[0].y - v->ptr[1].y;
    return sqrtf(dx * dx + dy * dy);
}

static void update_hover(viewer *v, float x, float y)
{
    int h = panel_open(v) ? -1 : pick_hotspot(v, x, y);
    if (h != v->hover) {
        v->hover = h;
        v->dirty = true;
    }
    platform_set_cursor_hand(v->plat, h >= 0);
}

static void on_pointer(viewer *v, const platform_event *e)
{
    double now = v->now;
    if (!panel_open(v) && video_pointer(v->video, e, v->now)) {
        /* the videos' controls took it */
        if (e->type == PLATFORM_EV_POINTER_UP) {
            pointer_state *p = find_pointer(v, e->pointer);
            if (p)
                *p = v->ptr[--v->ptr_count];
            if (v->ptr_count == 0)
                v->dragging = v->pinching = false;
        }
        v->dirty = true;
        return;
    }
    if (e->type == PLATFORM_EV_POINTER_DOWN) {
        if (v->ptr_count == 4 || find_pointer(v, e->pointer))
            return;
        pointer_state *p = &v->ptr[v->ptr_count++];
        *p = (pointer_state){e->pointer, true, e->x, e->y, e->x, e->y, now};
        v->vel_yaw = v->vel_pitch = 0;
        visit_cmd_fling(v->vis, 0, 0); /* a finger down stops the coasting */
        v->last_move_t = now;
        if (v->ptr_count == 2) {
            v->pinching = true;
            v->pinch_dist0 = v->pinch_last = pinch_distance(v);
            v->pinch_fov0 = viewer_view(v)->fov;
        }
        return;
    }
    if (e->type == PLATFORM_EV_POINTER_MOVE) {
        if (!e->touch) {
            v->mouse_x = e->x;
            v->mouse_y = e->y;
            v->mouse_inside = true;
        }
        pointer_state *p = find_pointer(v, e->pointer);
        if (!p) {
            if (!e->touch)
                update_hover(v, e->x, e->y);
            return;
        }
        float slop = CLICK_SLOP_PT * v->scale;
        if (!v->dragging && (fabsf(e->x - p->start_x) > slop || fabsf(e->y - p->start_y) > slop))
            v->dragging = true;
        if (v->pinching && v->ptr_count >= 2) {
            float cx0 = (v->ptr[0].x + v->ptr[1].x) * 0.5f, cy0 = (v->ptr[0].y + v->ptr[1].y) * 0.5f;
            p->x = e->x;
            p->y = e->y;
            float cx1 = (v->ptr[0].x + v->ptr[1].x) * 0.5f, cy1 = (v->ptr[0].y + v->ptr[1].y) * 0.5f;
            float d = pinch_distance(v);
            if (booth_is_model(v, viewer_place(v))) {
                if (v->pinch_last > 1.0f && d > 1.0f)
                    booth_zoom(v, v->pinch_last / d);
                v->pinch_last = d;
                booth_drag(v, cx1 - cx0, cy1 - cy0);
                v->dirty = true;
                return;
            }
            if (v->pinch_dist0 > 1.0f && d > 1.0f) {
                /* fov scales with the inverse of the spread, in tangent space */
                double t0 = tan(PV_DEG2RAD(v->pinch_fov0) * 0.5) * v->pinch_dist0 / d;
                zoom_to(v, (float)PV_RAD2DEG(2.0 * atan(t0)));
            }
            look_by_pixels(v, cx0, cy0, cx1, cy1);
            v->dirty = true;
            return;
        }
        if (v->dragging && !v->pinching && booth_is_model(v, viewer_place(v))) {
            booth_drag(v, e->x - p->x, e->y - p->y);
            v->dirty = true;
        } else if (v->dragging && !v->pinching) {
            float yaw0 = viewer_view(v)->yaw, pitch0 = viewer_view(v)->pitch;
            look_by_pixels(v, p->x, p->y, e->x, e->y);
            double dt = now - v->last_move_t;
            if (dt > 1e-4) {
                float vy = pv_wrap_deg(viewer_view(v)->yaw - yaw0) / (float)dt;
                float vp = (viewer_view(v)->pitch - pitch0) / (float)dt;
                float k = (float)fmin(1.0, dt / 0.05); /* smooth over ~50 ms */
                v->vel_yaw += (vy - v->vel_yaw) * k;
                v->vel_pitch += (vp - v->vel_pitch) * k;
            }
            v->last_move_t = now;
            v->dirty = true;
        }
        p->x = e->x;
        p->y = e->y;
        return;
    }
    if (e->type == PLATFORM_EV_POINTER_UP) {
        pointer_state *p = find_pointer(v, e->pointer);
        if (!p)
            return;
        bool click = !v->dragging && !v->pinching && now - p->start_t < 0.8;
        float ux = e->x, uy = e->y;
        *p = v->ptr[--v->ptr_count];
        if (v->ptr_count == 0) {
            if (now - v->last_move_t > 0.08) /* the pointer rested before release: no coast */
                v->vel_yaw = v->vel_pitch = 0;
            visit_cmd_fling(v->vis, v->vel_yaw, v->vel_pitch);
            v->dragging = false;
            v->pinching = false;
        } else if (v->ptr_count == 1) {
            v->pinching = false;
            v->vel_yaw = v->vel_pitch = 0;
        }
        if (click && e->button == 1) {
            if (panel_open(v)) {
                close_panel(v);
                return;
            }
            int h = pick_hotspot(v, ux, uy);
            if (h >= 0)
                activate(v, h);
            else if (booth_is_model(v, viewer_place(v)) &&
                     visit_camera_of(v->vis)->mode == SCENE_CAMERA_WALK)
                booth_walk_to_pixel(v, ux, uy); /* a tap on the floor walks there */
        }
        if (!e->touch)
            update_hover(v, ux, uy);
        v->dirty = true;
    }
}

static void on_key(viewer *v, const platform_event *e)
{
    if (e->type == PLATFORM_EV_KEY_UP) {
        v->keys[e->key] = false;
        return;
    }
    if (!panel_open(v) && !e->repeat && video_key(v->video, e, v->hover, v->now))
        return;
    v->keys[e->key] = !(e->alt && e->key == PLATFORM_KEY_LEFT); /* Alt+Left is "back" */
    if (e->repeat)
        return;
    switch (e->key) {
    case PLATFORM_KEY_BACKSPACE:
        go_back(v);
        break;
    case PLATFORM_KEY_LEFT:
        if (e->alt)
            go_back(v);
        break;
    case PLATFORM_KEY_ESCAPE:
        if (panel_open(v))
            close_panel(v);
        else if (platform_is_fullscreen(v->plat))
            platform_set_fullscreen(v->plat, false);
        break;
    case PLATFORM_KEY_F11:
    case PLATFORM_KEY_F:
        platform_set_fullscreen(v->plat, !platform_is_fullscreen(v->plat));
        break;
    case PLATFORM_KEY_F12:
        v->screenshot = true;
        v->dirty = true;
        break;
    case PLATFORM_KEY_HOME:
        /* The place's own view; a booth's camera as the scene sets it (not --view's). */
        v->cam_from_options = false;
        visit_cmd_home(v->vis);
        v->dirty = true;
        break;
    default:
        break;
    }
}

/* What the held keys ask of the visit: on a panorama, arrows and WASD turn and +/- (E/Q)
 * zoom; walking in a booth, W/S and up/down walk, A/D step aside, left/right turn; orbiting,
 * they turn around the target. Nothing while a panel is open. */
static void hold_keys(viewer *v)
{
    const bool *k = v->keys;
    visit_hold h = {0};
    if (!panel_open(v)) {
        h.turn = (float)(k[PLATFORM_KEY_RIGHT] || k[PLATFORM_KEY_D]) -
                 (float)(k[PLATFORM_KEY_LEFT] || k[PLATFORM_KEY_A]);
        h.look = (float)(k[PLATFORM_KEY_UP] || k[PLATFORM_KEY_W]) -
                 (float)(k[PLATFORM_KEY_DOWN] || k[PLATFORM_KEY_S]);
        h.zoom = (float)(k[PLATFORM_KEY_MINUS] || k[PLATFORM_KEY_Q]) -
                 (float)(k[PLATFORM_KEY_PLUS] || k[PLATFORM_KEY_E]);
        if (booth_is_model(v, viewer_place(v)) &&
            visit_camera_of(v->vis)->mode == SCENE_CAMERA_WALK) {
            h.walk = h.look;
            h.side = (float)k[PLATFORM_KEY_D] - (float)k[PLATFORM_KEY_A];
            h.turn = (float)k[PLATFORM_KEY_RIGHT] - (float)k[PLATFORM_KEY_LEFT];
            h.look = 0;
        }
    }
    visit_cmd_hold(v->vis, &h);
}

/* ---- set-up and the loop ---- */

/* ---- the interface ---- */

/* Gives an event to the hud; true when it used it (then it needs a frame). */
static bool to_hud(viewer *v, const platform_event *e)
{
    if (!v->hud)
        return false;
    ui *u = hud_ui(v->hud);
    ui_id hover = ui_hover(u), focus = ui_focus(u);
    bool used = hud_event(v->hud, e);
    if (used || ui_hover(u) != hover || ui_focus(u) != focus)
        v->dirty = true;
    return used;
}

/* A picture the scene names (a person's photo, the floor plan): decoded once, shrunk by the
 * most that keeps it min_width wide, kept until the viewer closes; a file that fails is logged
 * once and left out (a card then shows initials, the plan a blank). */
static const gfx_image *picture(viewer *v, const char *path, int min_width)
{
    for (int i = 0; i < v->picture_count; i++)
        if (v->pictures[i].path == path)
            return v->pictures[i].img;
    enum { MAX_PICTURES = sizeof(v->pictures) / sizeof(v->pictures[0]) };
    if (v->picture_count == MAX_PICTURES)
        return NULL;
    v->pictures[v->picture_count].path = path;
    gfx_image **img = &v->pictures[v->picture_count++].img;
    asset_image_kind kind;
    int w = 0, h = 0;
    char why[300];
    asset_image pic = {0};
    if (asset_image_probe(path, &kind, &w, &h, why, sizeof why) != PV_OK ||
        asset_image_load(path, w >= 8 * min_width ? 8 : w >= 4 * min_width ? 4
                               : w >= 2 * min_width ? 2 : 1, &pic, why, sizeof why) != PV_OK) {
        pv_warn("%s: %s; it is left out", path, why);
        return NULL;
    }
    *img = gfx_image_create(v->g, pic.width, pic.height, pic.pixels);
    asset_image_free(&pic);
    return *img;
}

static const gfx_image *hud_image(void *user, const char *path)
{
    return picture(user, path, 256);
}

/* The floor plan, sharp in a panel as wide as a window. */
static const gfx_image *hud_plan(void *user)
{
    viewer *v = user;
    return v->ex->map.present ? picture(v, v->ex->map.image, 1024) : NULL;
}

static const gfx_image *hud_thumbnail(void *user, int place)
{
    return render_places_thumbnail(((viewer *)user)->cache, place);
}

/* The window's full screen, for the controls' button. */
static bool hud_is_fullscreen(void *user)
{
    viewer *v = user;
    return v->plat && platform_is_fullscreen(v->plat);
}

static void hud_fullscreen(void *user)
{
    viewer *v = user;
    if (v->plat)
        platform_set_fullscreen(v->plat, !platform_is_fullscreen(v->plat));
    v->dirty = true;
}

/* The current place's markers on screen, for the keyboard (none under a full-screen video or
 * while fading). Video hotspots count by the middle of their screen. */
static int hud_markers(void *user, hud_marker *out, int max)
{
    viewer *v = user;
    if (viewer_place(v) < 0 || viewer_fading(v) || video_modal(v->video))
        return 0;
    const scene_place *p = &v->ex->places[viewer_place(v)];
    int n = 0;
    for (int i = 0; i < p->hotspot_count && n < max; i++) {
        float x, y;
        if (!hotspot_screen(v, &p->hotspots[i], &x, &y) || x < 0 || y < 0 ||
            x >= (float)v->width || y >= (float)v->height)
            continue;
        out[n++] = (hud_marker){i, x, y, RENDER_MARKER_PT * v->scale, i == v->hover};
    }
    return n;
}

static void hud_language_changed(void *user, const char *lang)
{
    viewer *v = user;
    v->lang = hud_language(v->hud);
    video_set_language(v->video, v->lang);
    if (v->plat)
        platform_set_title(v->plat, scene_text_get(&v->ex->title, v->lang));
    pv_info("language: %s", lang);
    v->dirty = true;
}

/* The interface's words in the starting language (--lang, else the system's), and the hud. */
static void start_interface(viewer *v, const app_options *opt, bool offscreen)
{
    char dir[1024], why[600], lang[64];
    char *exe = app_exe_dir();
    if (!ui_strings_find_dir(exe, dir, sizeof(dir)))
        pv_warn("the interface's catalogues are not in %s: words show as their keys", dir);
    free(exe);
    if (ui_strings_create(&(ui_strings_desc){.dir = dir}, &v->strings, why, sizeof(why)) !=
        PV_OK)
        pv_warn("%s", why);
    if (v->strings) {
        ui_strings_choose_language(v->strings, opt->lang, getenv, lang, sizeof(lang));
        if (ui_strings_set_language(v->strings, lang, why, sizeof(why)) != PV_OK)
            pv_info("%s: the interface stays in English", why);
    }
    hud_desc hd = {
        .exhibit = v->ex, .visit = v->vis, .strings = v->strings,
        .font = v->font, .bold = v->font_bold,
        .host = {v, hud_thumbnail, hud_language_changed,
                 v->plat && !offscreen ? hud_fullscreen : NULL, hud_is_fullscreen, hud_markers,
                 hud_image, hud_plan},
        .help = !offscreen, /* a shot shows the place, not the first-start hint */
    };
    if (hud_create(&hd, &v->hud) != PV_OK) {
        pv_warn("the interface could not start: no menus or panels");
        return;
    }
    /* the scene's texts follow the interface, unless --lang asked for a language only the
     * scene has */
    if (!opt->lang || (v->strings && strcmp(ui_strings_language(v->strings), "en") != 0))
        v->lang = hud_language(v->hud);
}

bool viewer_open(viewer *v, const char *what)
{
    static const struct { const char *name; hud_open open; } menus[] = {
        {"places", HUD_OPEN_PLACES}, {"languages", HUD_OPEN_LANGUAGES}, {"help", HUD_OPEN_HELP},
        {"map", HUD_OPEN_MAP},
    };
    if (!v->hud) {
        fprintf(stderr, "pavilion: --open %s: the interface did not start\n", what);
        return false;
    }
    for (size_t i = 0; i < sizeof(menus) / sizeof(menus[0]); i++)
        if (strcmp(what, menus[i].name) == 0) {
            hud_show(v->hud, menus[i].open, -1);
            if (hud_shown(v->hud, NULL) == menus[i].open)
                return true;
            fprintf(stderr, "pavilion: --open %s: the scene has no floor plan (\"map\" with "
                    "places on it)\n", what);
            return false;
        }
    const scene_place *p = &v->ex->places[viewer_place(v)];
    for (int i = 0; i < p->hotspot_count; i++)
        if (p->hotspots[i].id && strcmp(p->hotspots[i].id, what) == 0) {
            if (p->hotspots[i].type != SCENE_HOTSPOT_INFO &&
                p->hotspots[i].type != SCENE_HOTSPOT_TEAM) {
                fprintf(stderr, "pavilion: --open %s: that hotspot of place \"%s\" has no panel "
                        "(info and team hotspots do)\n", what, p->id);
                return false;
            }
            hud_show(v->hud, HUD_OPEN_INFO, i);
            return true;
        }
    for (int k = 0; k < v->ex->place_count; k++)
        for (int i = 0; i < v->ex->places[k].hotspot_count; i++)
            if (v->ex->places[k].hotspots[i].id &&
                strcmp(v->ex->places[k].hotspots[i].id, what) == 0) {
                fprintf(stderr, "pavilion: --open %s: that hotspot is in place \"%s\": add "
                        "--place %s\n", what, v->ex->places[k].id, v->ex->places[k].id);
                return false;
            }
    fprintf(stderr, "pavilion: --open %s: no hotspot has this id in %s (hotspots take an \"id\"; "
            "or open places, languages or help)\n", what, pv_path_display(v->ex->path));
    return false;
}

/* --scale, else a shot's 1 (the same picture on every machine), else the display's. */
static float ui_scale(const viewer *v)
{
    if (v->scale_option > 0)
        return v->scale_option;
    return v->offscreen ? 1.0f : platform_ui_scale(v->plat);
}

pv_result viewer_init(viewer *v, const app_options *opt, bool offscreen)
{
    memset(v, 0, sizeof(*v));
    v->opt = *opt;
    v->hover = -1;
    v->lang = opt->lang ? opt->lang : "en";
    v->t_start = v->now = pv_now();

    pv_diags diags = {0};
    pv_result r = scene_load(opt->scene, &v->ex, &diags);
    pv_diags_print(&diags, stderr);
    pv_diags_free(&diags);
    if (r != PV_OK)
        return r;
    int place = v->ex->start;
    if (opt->place) {
        place = scene_find_place(v->ex, opt->place);
        if (place < 0) {
            fprintf(stderr, "pavilion: --place %s: no such place in %s\n", opt->place,
                    pv_path_display(opt->scene));
            return PV_ERR_INVALID;
        }
    }
    visit_desc vd = {
        .exhibit = v->ex, .start = place, .view = opt->has_view ? &opt->view : NULL,
        .now = v->now,
        .host = {v, host_shown, host_ready, host_fades, host_look, host_booth, host_video,
                 host_video_state},
    };
    v->vis = visit_create(&vd);
    /* The log listens first: it writes what happened before what follows from it. */
    if (opt->events) {
        char why[600];
        if (record_open(opt->events, v->ex, v->t_start, &v->events, why, sizeof(why)) != PV_OK) {
            fprintf(stderr, "pavilion: %s\n", why);
            return PV_ERR_IO;
        }
        visit_listen(visit_listeners_of(v->vis), record_event, v->events);
    }
    visit_listen(visit_listeners_of(v->vis), on_visit_event, v);
    platform_desc pd = {
        .title = scene_text_get(&v->ex->title, v->lang),
        .width = opt->width, .height = opt->height,
        .fullscreen = opt->fullscreen, .offscreen = offscreen,
    };
    r = platform_create(&pd, &v->plat);
    if (r != PV_OK)
        return r;
    r = gfx_create(&v->g);
    if (r != PV_OK)
        return r;
    r = text_font_open("DejaVu Sans", &v->font);
    if (r == PV_OK)
        r = text_font_open("DejaVu Sans:bold", &v->font_bold);
    if (r != PV_OK)
        return r;
    v->scale_option = opt->scale;
    v->offscreen = offscreen;
    v->scale = ui_scale(v);
    if (!offscreen)
        pv_debug("interface scale %.2f (pixel scale %.2f, %.0f dpi)", v->scale,
                 platform_pixel_scale(v->plat), platform_display_dpi(v->plat));
    platform_drawable_size(v->plat, &v->width, &v->height);
    v->cache = render_places_create(&(render_places_desc){
        .g = v->g, .exhibit = v->ex, .visit = v->vis, .wake = wake,
        .model_ready = model_ready, .user = v});
    v->cam_from_options = opt->has_view;
    /* Videos listen to the visit after the viewer: a place crossed to has its loads queued
     * before its videos open. */
    v->video = video_create(&(video_desc){
        .g = v->g, .exhibit = v->ex, .visit = v->vis, .platform = v->plat,
        .audio_open = opt->audio_open, .audio_ctx = opt->audio_ctx,
        .silent = opt->out != NULL, /* shots and benchmarks */
        .t0 = v->t_start, .lang = v->lang,
        .hwdec = opt->hwdec, .no_network = opt->no_network, .frames_log = opt->frames_log,
        .host = {v, video_booth, video_redraw},
    });
    start_interface(v, opt, offscreen);
    video_set_language(v->video, v->lang);
    return PV_OK;
}

void viewer_shutdown(viewer *v)
{
    video_destroy(&v->video);
    render_places_destroy(&v->cache);
    if (v->g) {
        for (int i = 0; i < v->picture_count; i++)
            gfx_image_destroy(v->g, &v->pictures[i].img);
        hud_destroy(&v->hud, v->g);
    }
    ui_strings_destroy(&v->strings);
    text_font_close(&v->font);
    text_font_close(&v->font_bold);
    gfx_destroy(&v->g);
    platform_destroy(&v->plat);
    scene_free(&v->ex);
    record_close(&v->events);
    visit_destroy(&v->vis);
}

void viewer_handle_event(viewer *v, const platform_event *e, double now)
{
    if (now > v->now)
        v->now = now;
    /* What was held until now moved until now; the event changes what happens next. */
    hold_keys(v);
    if (visit_update(v->vis, now))
        v->moved = true;
    switch (e->type) {
    case PLATFORM_EV_QUIT:
        v->quit = true;
        break;
    case PLATFORM_EV_RESIZE:
    case PLATFORM_EV_EXPOSE:
        v->scale = ui_scale(v); /* the window may have moved to another display */
        v->dirty = true;
        break;
    case PLATFORM_EV_WAKE:
        break;
    case PLATFORM_EV_POINTER_DOWN:
    case PLATFORM_EV_POINTER_MOVE:
    case PLATFORM_EV_POINTER_UP:
        if (e->type != PLATFORM_EV_POINTER_UP && video_activity(v->video, v->now))
            v->dirty = true; /* the video controls show again */
        /* a pointer the place holds (a drag) stays the place's; others go to the hud first */
        if (!find_pointer(v, e->pointer) && to_hud(v, e)) {
            if (v->hover >= 0) {
                v->hover = -1;
                platform_set_cursor_hand(v->plat, false);
            }
            break;
        }
        on_pointer(v, e);
        break;
    case PLATFORM_EV_POINTER_LEAVE:
        v->mouse_inside = false;
        if (v->hover >= 0) {
            v->hover = -1;
            v->dirty = true;
        }
        break;
    case PLATFORM_EV_WHEEL:
        if (to_hud(v, e))
            break;
        if (!panel_open(v) && !video_modal(v->video))
            zoom_to(v, viewer_view(v)->fov * powf(0.9f, e->wheel));
        break;
    case PLATFORM_EV_KEY_DOWN:
        if (to_hud(v, e))
            break;
        on_key(v, e);
        break;
    case PLATFORM_EV_KEY_UP:
        on_key(v, e);
        break;
    default:
        break;
    }
}

void viewer_update(viewer *v, double now)
{
    if (now > v->now)
        v->now = now;
    if (render_places_update(v->cache, v->now, v->width, v->height))
        v->dirty = true; /* a picture arrived, or tiles of a multires place to upload */
    if (video_update(v->video, v->now))
        v->dirty = true;
    /* Motion by the time elapsed; a place that has its picture now is crossed to; fades end. */
    hold_keys(v);
    bool moving = visit_update(v->vis, v->now) || v->moved || v->dragging || v->pinching;
    v->moved = false;
    if (v->moving && !moving)
        v->dirty = true; /* one more frame at full quality now that it stopped */
    v->moving = moving;
    if (moving && v->mouse_inside && v->ptr_count == 0)
        update_hover(v, v->mouse_x, v->mouse_y);
    if (moving || (v->hud && hud_animating(v->hud)))
        v->dirty = true;
}

void viewer_start(viewer *v)
{
    visit_start(v->vis); /* crossed: its videos and loads start (on_visit_event) */
    v->dirty = true;
}

/* The frame just drawn, as the visitor sees it, into pavilion-PLACE-N.png here. */
static void save_screenshot(viewer *v, int w, int h)
{
    v->screenshot = false;
    uint8_t *px = pv_malloc((size_t)w * (size_t)h * 4);
    gfx_read_pixels(v->g, w, h, px);
    char *name = pv_asprintf("pavilion-%s-%d.png", v->ex->places[viewer_place(v)].id,
                             ++v->screenshot_count);
    if (app_write_png(name, w, h, px)) {
        pv_info("saved %s", name);
        viewer_emit(v, VISIT_EVENT_SCREENSHOT, viewer_place(v), -1, -1, name, 0);
    }
    free(name);
    free(px);
}

int viewer_run(viewer *v)
{
    viewer_start(v);
    while (!v->quit) {
        bool animating = visit_animating(v->vis);
        for (int k = 0; k < PLATFORM_KEY_COUNT; k++)
            animating |= v->keys[k];
        platform_event e;
        /* Render on demand: with nothing moving, sleep until an event arrives. */
        int timeout = animating || v->dirty || render_places_behind(v->cache) ? 0 : -1;
        int video_ms = video_wait_ms(v->video, pv_now());
        if (video_ms >= 0 && (timeout < 0 || video_ms < timeout))
            timeout = video_ms;
        while (platform_next_event(v->plat, &e, timeout)) {
            timeout = 0;
            viewer_handle_event(v, &e, pv_now());
        }
        double now = pv_now();
        viewer_update(v, now);
        if (v->dirty) {
            int w, h;
            platform_drawable_size(v->plat, &w, &h);
            viewer_render(v, w, h);
            if (v->screenshot)
                save_screenshot(v, w, h);
            platform_swap(v->plat);
            v->dirty = false;
            /* Without vsync (offscreen, Xvfb) keep animation near 60 frames per second. */
            double spent = pv_now() - now;
            if (spent < 1.0 / 60.0)
                pv_sleep_ms((int)((1.0 / 60.0 - spent) * 1000.0));
        }
    }
    return 0;
}
