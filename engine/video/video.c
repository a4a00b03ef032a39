/* video: the videos of the place on screen, inside a visit (see video.h). Main thread only. */
#include "video/video.h"

#include "asset/asset.h"
#include "media/subtitle.h"
#include "play/play.h"
#include "render/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTROLS_HIDE_S 3.0   /* controls fade after this long without the pointer moving */
#define SCREEN_NEAR_M 2.0f    /* a screen's sound is at full gain within this distance */
#define SCREEN_FAR_M 25.0f    /* and silent beyond this */

typedef enum video_kind {
    VIDEO_HOTSPOT = 1, /* index: the hotspot */
    VIDEO_PANORAMA,    /* a 360 video place */
    VIDEO_SCREEN,      /* index: the screen of a model place */
    VIDEO_CINEMA,      /* index: the film */
} video_kind;

typedef struct place_video {
    video_kind kind;
    int index;
    player pl;
    player poster;     /* the scene's "poster" image, decoded as a one-frame clip on the
                        * player's threads; closed (state 0) when there is none */
    int material;      /* model screens and cinemas: the material showing it, or -1 */
    float center[3];   /* model screens: where the sound comes from */
    bool has_center;
} place_video;

typedef struct video_set {
    int place;         /* -1: empty */
    place_video *items;
    int count;
} video_set;

struct video {
    gfx *g;
    const scene_exhibit *ex;
    visit *vis;
    platform *plat;
    pv_result (*audio_open)(void *ctx, platform_audio_fill fill, void *user, double *latency);
    void *audio_ctx;
    bool silent;
    const char *lang;
    video_host host;
    double now;             /* the time of the latest call that passed one in */
    player_env env;
    bool audio_device, audio_tried; /* the platform's device is open; tried once */
    video_set cur, old;
    int full;               /* item of `cur` shown full screen, -1 none */
    /* cinema */
    int cinema;             /* item of `cur` that plays the films, -1 when no cinema */
    int film;               /* the film loaded into it, -1 none */
    bool playlist;          /* the playlist is open */
    gfx_image **posters;
    int poster_count;
    /* subtitles */
    media_subs *subs;
    int subs_lang;          /* index into the film's subtitles; -1 = off */
    bool subs_off;          /* the visitor turned them off */
    media_subs_renderer *subr;
    gfx_image *sub_img;
    int sub_x, sub_y;
    int sub_w, sub_h;       /* canvas the image was rendered for */
    /* controls */
    double last_activity;
    float master;           /* volume from the controls, 0..1 */
    bool muted;
    bool controls_shown;    /* at the last update: a change needs a frame */
    /* labels over videos for the hud, gathered while the frame is drawn */
    visit_video_note notes[VISIT_VIDEO_NOTES];
    int note_count;
};

/* ---- audio ---- */

static void audio_fill(void *user, float *out, int frames, double now)
{
    media_mixer_mix(user, out, frames, now);
}

static void open_audio(video *vd)
{
    if (vd->env.mixer || vd->silent || !vd->plat)
        return; /* shots and benchmarks are silent */
    media_mixer *m = media_mixer_create(MEDIA_AUDIO_RATE);
    double latency = 0;
    if (!m)
        return;
    pv_result r = vd->audio_open ? vd->audio_open(vd->audio_ctx, audio_fill, m, &latency)
                                 : platform_audio_open(vd->plat, audio_fill, m, &latency);
    if (r != PV_OK) {
        media_mixer_destroy(&m);
        return;
    }
    media_mixer_set_latency(m, latency);
    vd->env.mixer = m;
    vd->audio_device = !vd->audio_open; /* the platform's device: closed at shutdown */
}

/* ---- what the videos ask of the visit and its host ---- */

static int current(const video *vd) { return visit_place(vd->vis); }

static bool is_model(const video *vd, int place)
{
    return place >= 0 && vd->ex->places[place].model_src != NULL;
}

/* A model place as its camera sees it, and its meshes; false for a panorama. */
static bool booth_of(const video *vd, int place, visit_booth *b, gfx_model **meshes)
{
    gfx_model *none;
    *b = (visit_booth){0};
    return is_model(vd, place) && vd->host.booth &&
           vd->host.booth(vd->host.user, place, b, meshes ? meshes : &none);
}

static bool booth_project(video *vd, const float p[3], float *x, float *y)
{
    visit_booth b;
    booth_of(vd, current(vd), &b, NULL);
    return visit_camera_project(visit_camera_of(vd->vis), &b, p, x, y);
}

static void redraw(video *vd)
{
    if (vd->host.redraw)
        vd->host.redraw(vd->host.user);
}

/* A video event of the current place (played, paused, sought, film chosen, closed), sent by
 * the visit to its listeners (the events log is one). */
static void emit(video *vd, visit_event_kind kind, int index, double seconds)
{
    visit_send(vd->vis, (visit_event){kind, vd->now, current(vd), -1, index, NULL, seconds, -1});
}

/* ---- labels over videos (drawn by the hud) ---- */

static void add_note(video *vd, float x, float y, const char *key, const char *text, bool error)
{
    if (vd->note_count < VISIT_VIDEO_NOTES)
        vd->notes[vd->note_count++] = (visit_video_note){x, y, key, text, error};
}

/* Over a video whose stream stalled (the last frame stays), or that was lost after it had
 * shown frames: a label in the middle of its picture; `detail` shows why it was lost. */
static void note_stream_state(video *vd, const player *pl, float x, float y, bool detail)
{
    if (pl->state == PLAYER_FAILED && pl->has_frame)
        add_note(vd, x, y, detail ? NULL : "video.cannot_play", pl->error, true);
    else if (pl->reconnecting)
        add_note(vd, x, y, "video.reconnecting", NULL, false);
}

/* ---- the videos of a place ---- */

static void set_close(video *vd, video_set *s)
{
    for (int i = 0; i < s->count; i++) {
        player_close(&vd->env, &s->items[i].pl);
        player_close(&vd->env, &s->items[i].poster);
    }
    free(s->items);
    s->items = NULL;
    s->count = 0;
    s->place = -1;
}

static place_video *add_item(video_set *s, video_kind kind, int index)
{
    s->items = pv_realloc(s->items, sizeof(*s->items) * (size_t)(s->count + 1));
    place_video *it = &s->items[s->count++];
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    it->index = index;
    it->material = -1;
    return it;
}

/* Opens a video's "poster" image, if the scene gives one, beside its player. */
static void open_poster(video *vd, place_video *it, const scene_video *sv)
{
    if (sv->poster)
        player_open(&vd->env, &it->poster, sv->poster, sv->poster_src, false, false, false,
                    0.0f);
}

/* What a video's screen shows: until it first plays (and once it has ended) its poster, the
 * scene's image or else its first frame; its picture otherwise. NULL before either is in. */
static const gfx_video *screen_picture(const place_video *it)
{
    const player *pl = &it->pl;
    bool started = pl->state == PLAYER_PLAYING || pl->state == PLAYER_PAUSED || pl->seeker;
    if (!started && it->poster.has_frame)
        return it->poster.tex;
    return pl->has_frame ? pl->tex : NULL;
}

static int find_material(const asset_model *m, const char *name)
{
    if (!m || !name)
        return -1;
    for (int i = 0; i < m->material_count; i++)
        if (m->materials[i].name && strcmp(m->materials[i].name, name) == 0)
            return i;
    return -1;
}

/* The centre of the surfaces that use a material, in world space. */
static bool material_center(const asset_model *m, int material, float out[3])
{
    float lo[3] = {1e30f, 1e30f, 1e30f}, hi[3] = {-1e30f, -1e30f, -1e30f};
    bool any = false;
    for (int n = 0; n < m->node_count; n++) {
        const asset_node *node = &m->nodes[n];
        for (int k = 0; k < node->mesh_count; k++) {
            int mi = node->meshes[k];
            if (mi < 0 || mi >= m->mesh_count || m->meshes[mi].material != material)
                continue;
            const asset_mesh *mesh = &m->meshes[mi];
            for (int corner = 0; corner < 8; corner++) {
                float p[3] = {corner & 1 ? mesh->bounds_max[0] : mesh->bounds_min[0],
                              corner & 2 ? mesh->bounds_max[1] : mesh->bounds_min[1],
                              corner & 4 ? mesh->bounds_max[2] : mesh->bounds_min[2]};
                const float *w = node->world;
                for (int c = 0; c < 3; c++) {
                    float x = w[c] * p[0] + w[4 + c] * p[1] + w[8 + c] * p[2] + w[12 + c];
                    lo[c] = fminf(lo[c], x);
                    hi[c] = fmaxf(hi[c], x);
                }
            }
            any = true;
        }
    }
    for (int c = 0; c < 3; c++)
        out[c] = 0.5f * (lo[c] + hi[c]);
    return any;
}

/* Model screens find their material once the model is in. */
static void bind_materials(video *vd)
{
    video_set *s = &vd->cur;
    visit_booth b;
    gfx_model *meshes = NULL;
    if (s->place < 0 || !booth_of(vd, s->place, &b, &meshes) || !b.model || !meshes)
        return;
    const scene_place *sp = &vd->ex->places[s->place];
    for (int i = 0; i < s->count; i++) {
        place_video *it = &s->items[i];
        const char *name = it->kind == VIDEO_SCREEN   ? sp->screens[it->index].material
                           : it->kind == VIDEO_CINEMA ? sp->cinema.material
                                                      : NULL;
        if (!name)
            continue;
        if (it->material < 0) {
            it->material = find_material(b.model, name);
            if (it->material < 0) {
                it->material = -2; /* reported once */
                pv_warn("%s: the model %s has no material \"%s\" to show the video on",
                        vd->ex->path, sp->model_src, name);
                continue;
            }
            it->has_center = material_center(b.model, it->material, it->center);
        }
        if (it->material >= 0)
            gfx_model_set_video(meshes, it->material, screen_picture(it));
    }
}

static void unbind_materials(video *vd, video_set *s)
{
    visit_booth b;
    gfx_model *meshes = NULL;
    if (s->place < 0 || !booth_of(vd, s->place, &b, &meshes) || !meshes)
        return;
    for (int i = 0; i < s->count; i++)
        if (s->items[i].material >= 0)
            gfx_model_set_video(meshes, s->items[i].material, NULL);
}

static void free_posters(video *vd)
{
    for (int i = 0; i < vd->poster_count; i++)
        gfx_image_destroy(vd->g, &vd->posters[i]);
    pv_free(&vd->posters);
    vd->poster_count = 0;
}

static void free_subs(video *vd)
{
    media_subs_free(&vd->subs);
    gfx_image_destroy(vd->g, &vd->sub_img);
    vd->subs_lang = -1;
}

/* Loads the subtitles of the film in the visitor's language (else English, else the first). */
static void load_subs(video *vd, const scene_film *f, int lang_index)
{
    free_subs(vd);
    if (f->subtitle_count == 0 || vd->subs_off)
        return;
    int pick = lang_index;
    if (pick < 0) {
        for (int i = 0; i < f->subtitle_count && pick < 0; i++)
            if (vd->lang && strcmp(f->subtitles[i].lang, vd->lang) == 0)
                pick = i;
        for (int i = 0; i < f->subtitle_count && pick < 0; i++)
            if (strcmp(f->subtitles[i].lang, "en") == 0)
                pick = i;
        if (pick < 0)
            pick = 0;
    }
    if (!f->subtitles[pick].path)
        return;
    char why[512];
    if (media_subs_load(f->subtitles[pick].path, &vd->subs, why, sizeof(why)) != PV_OK) {
        fprintf(stderr, "%s\n", why);
        return;
    }
    vd->subs_lang = pick;
    vd->sub_w = vd->sub_h = 0; /* render afresh */
}

static void start_film(video *vd, int film, bool play)
{
    if (vd->cinema < 0)
        return;
    const scene_place *sp = &vd->ex->places[vd->cur.place];
    const scene_cinema *cn = &sp->cinema;
    if (film < 0 || film >= cn->film_count)
        return;
    place_video *it = &vd->cur.items[vd->cinema];
    const scene_film *f = &cn->films[film];
    unbind_materials(vd, &vd->cur);
    player_close(&vd->env, &it->pl);
    it->index = film;
    if (it->material >= 0)
        it->material = -1; /* looked up again (the texture is new) */
    vd->film = film;
    if (f->video.path) {
        player_open(&vd->env, &it->pl, f->video.path, f->video.src, vd->env.mixer != NULL,
                    f->video.loop, play, f->video.volume * cn->volume);
    } else {
        snprintf(it->pl.error, sizeof(it->pl.error), "film \"%s\" has no playable file",
                 scene_text_get(&f->title, vd->lang));
        it->pl.state = PLAYER_FAILED;
    }
    load_subs(vd, f, -1);
    vd->playlist = false;
    vd->last_activity = vd->now;
}

/* The visitor chose a film (a card, Next, Space on the playlist): it starts playing. */
static void choose_film(video *vd, int film)
{
    start_film(vd, film, true);
    if (vd->film != film)
        return;
    emit(vd, VISIT_EVENT_FILM, film, 0);
    emit(vd, VISIT_EVENT_PLAYED, film, 0);
}

/* Plays or pauses a video for the visitor, and says which it did. */
static void toggle(video *vd, place_video *it)
{
    player_toggle(&vd->env, &it->pl, vd->now);
    bool playing = player_is_playing(&it->pl) || it->pl.want_play;
    emit(vd, playing ? VISIT_EVENT_PLAYED : VISIT_EVENT_PAUSED, it->index, 0);
}

static void pause_for_visitor(video *vd, place_video *it)
{
    bool was = player_is_playing(&it->pl) || it->pl.want_play;
    player_pause(&vd->env, &it->pl, vd->now);
    if (was)
        emit(vd, VISIT_EVENT_PAUSED, it->index, 0);
}

/* The visit moved to `place` (start of its fade): its videos start opening; the previous
 * place's videos pause and stay on screen until the fade is over (fade_done). */
static void enter(video *vd, int place)
{
    if (vd->cur.place == place)
        return;
    /* The place left keeps its last frames while it fades; its sound stops now. */
    set_close(vd, &vd->old);
    for (int i = 0; i < vd->cur.count; i++)
        player_pause(&vd->env, &vd->cur.items[i].pl, vd->now);
    unbind_materials(vd, &vd->cur);
    vd->old = vd->cur;
    memset(&vd->cur, 0, sizeof(vd->cur));
    vd->cur.place = place;
    vd->full = -1;
    vd->cinema = -1;
    vd->film = -1;
    vd->playlist = false;
    free_posters(vd);
    free_subs(vd);

    const scene_place *sp = &vd->ex->places[place];
    /* The audio device opens with the first place that has videos: a visit without them never
     * touches the sound system. */
    bool any = sp->panorama_video || sp->screen_count > 0 || sp->cinema.present;
    for (int i = 0; i < sp->hotspot_count && !any; i++)
        any = sp->hotspots[i].type == SCENE_HOTSPOT_VIDEO;
    if (any && !vd->audio_tried) {
        vd->audio_tried = true;
        open_audio(vd);
    }
    bool audio = vd->env.mixer != NULL;
    if (sp->panorama_video && sp->panorama) {
        place_video *it = add_item(&vd->cur, VIDEO_PANORAMA, 0);
        player_open(&vd->env, &it->pl, sp->panorama, sp->panorama_src, audio, true, true, 1.0f);
    }
    for (int i = 0; i < sp->hotspot_count; i++) {
        const scene_hotspot *h = &sp->hotspots[i];
        if (h->type != SCENE_HOTSPOT_VIDEO || !h->video.path)
            continue;
        place_video *it = add_item(&vd->cur, VIDEO_HOTSPOT, i);
        player_open(&vd->env, &it->pl, h->video.path, h->video.src, audio, h->video.loop,
                    h->video.autoplay && !h->fullscreen, h->video.volume);
        open_poster(vd, it, &h->video);
    }
    for (int i = 0; i < sp->screen_count; i++) {
        const scene_screen *sc = &sp->screens[i];
        if (!sc->video.path)
            continue;
        place_video *it = add_item(&vd->cur, VIDEO_SCREEN, i);
        player_open(&vd->env, &it->pl, sc->video.path, sc->video.src, audio, sc->video.loop,
                    sc->video.autoplay, sc->video.volume);
        open_poster(vd, it, &sc->video);
    }
    if (sp->cinema.present && sp->cinema.film_count > 0) {
        add_item(&vd->cur, VIDEO_CINEMA, -1);
        vd->cinema = vd->cur.count - 1;
        vd->playlist = true;
        vd->posters = pv_calloc((size_t)sp->cinema.film_count, sizeof(gfx_image *));
        vd->poster_count = sp->cinema.film_count;
        for (int i = 0; i < sp->cinema.film_count; i++) {
            const char *path = sp->cinema.films[i].poster;
            if (!path)
                continue;
            asset_image img = {0};
            char why[512];
            if (asset_image_load(path, 1, &img, why, sizeof(why)) == PV_OK) {
                vd->posters[i] = gfx_image_create(vd->g, img.width, img.height, img.pixels);
                asset_image_free(&img);
            } else {
                fprintf(stderr, "%s\n", why);
            }
        }
        /* The first film is on the screen, paused, until the visitor picks one. */
        start_film(vd, 0, false);
        vd->playlist = true;
    }
    vd->last_activity = vd->now;
}

/* ---- time ---- */

/* A screen's sound fades with the visitor's distance from it. */
static float distance_gain(video *vd, const place_video *it)
{
    if (!it->has_center || !is_model(vd, current(vd)))
        return 1.0f;
    float eye[3];
    visit_booth b;
    booth_of(vd, current(vd), &b, NULL);
    visit_camera_eye(visit_camera_of(vd->vis), &b, eye);
    float dx = eye[0] - it->center[0], dy = eye[1] - it->center[1], dz = eye[2] - it->center[2];
    float d = sqrtf(dx * dx + dy * dy + dz * dz);
    if (d <= SCREEN_NEAR_M)
        return 1.0f;
    if (d >= SCREEN_FAR_M)
        return 0.0f;
    /* inverse distance, eased to zero at the far end */
    float inv = SCREEN_NEAR_M / d;
    float edge = 1.0f - (d - SCREEN_NEAR_M) / (SCREEN_FAR_M - SCREEN_NEAR_M);
    return inv * sqrtf(edge);
}

/* The film's subtitle at its position, rendered for the canvas (sub_w x sub_h) and cropped to
 * what it covers; `always`: even when it did not change. True when the image changed. */
static bool render_subs(video *vd, bool always)
{
    const player *pl = &vd->cur.items[vd->cinema].pl;
    const uint8_t *rgba;
    int x, y, w, h;
    int r = media_subs_render(vd->subr, vd->subs, player_position(pl), vd->sub_w, vd->sub_h,
                              &rgba, &x, &y, &w, &h);
    if (r != 1 && !always)
        return false;
    gfx_image_destroy(vd->g, &vd->sub_img);
    if (w > 0 && h > 0) {
        uint8_t *crop = pv_malloc((size_t)w * (size_t)h * 4);
        for (int row = 0; row < h; row++)
            memcpy(crop + (size_t)row * (size_t)w * 4,
                   rgba + ((size_t)(y + row) * (size_t)vd->sub_w + (size_t)x) * 4,
                   (size_t)w * 4);
        vd->sub_img = gfx_image_create(vd->g, w, h, crop);
        free(crop);
        vd->sub_x = x;
        vd->sub_y = y;
    }
    return true;
}

bool video_update(video *vd, double now)
{
    if (!vd)
        return false;
    vd->now = now;
    bool changed = false;
    for (int i = 0; i < vd->cur.count; i++) {
        place_video *it = &vd->cur.items[i];
        player_state before = it->pl.state;
        if (player_update(&vd->env, &it->pl, now))
            changed = true;
        if (player_update(&vd->env, &it->poster, now))
            changed = true;
        if (before != PLAYER_ENDED && it->pl.state == PLAYER_ENDED && it->kind == VIDEO_CINEMA) {
            /* the film is over: the playlist comes back */
            vd->playlist = true;
            changed = true;
        }
        float gain = vd->muted ? 0.0f : vd->master;
        if (it->kind == VIDEO_SCREEN)
            gain *= distance_gain(vd, it);
        player_set_gain(&vd->env, &it->pl, gain);
    }
    for (int i = 0; i < vd->old.count; i++) {
        if (player_update(&vd->env, &vd->old.items[i].pl, now))
            changed = true;
        if (player_update(&vd->env, &vd->old.items[i].poster, now))
            changed = true;
    }
    bind_materials(vd);
    /* Subtitles follow the film's clock. */
    if (vd->cinema >= 0 && vd->subs && vd->subr && vd->sub_w > 0 && render_subs(vd, false))
        changed = true;
    /* The controls hide while a film plays and the pointer rests. */
    bool visible = now - vd->last_activity < CONTROLS_HIDE_S;
    if (visible != vd->controls_shown)
        changed = true;
    vd->controls_shown = visible;
    return changed;
}

bool video_pending(const video *vd, int audio_frames)
{
    for (int s = 0; s < 2; s++) {
        const video_set *set = s ? &vd->old : &vd->cur;
        for (int i = 0; i < set->count; i++)
            if (player_pending(&set->items[i].pl, audio_frames) ||
                player_pending(&set->items[i].poster, audio_frames))
                return true;
    }
    return false;
}

int video_wait_ms(const video *vd, double now)
{
    double wait = -1.0;
    for (int s = 0; s < 2; s++) {
        const video_set *set = s ? &vd->old : &vd->cur;
        for (int i = 0; i < set->count; i++) {
            for (int k = 0; k < 2; k++) {
                const place_video *it = &set->items[i];
                double w = player_wait(k ? &it->poster : &it->pl, now);
                if (w >= 0 && (wait < 0 || w < wait))
                    wait = w;
            }
        }
    }
    double hide = vd->last_activity + CONTROLS_HIDE_S - now;
    if (hide > 0 && (wait < 0 || hide < wait))
        wait = hide;
    if (wait < 0)
        return -1;
    return (int)ceil(fmin(wait, 0.5) * 1000.0);
}

/* ---- drawing ---- */

static place_video *find_item(const video_set *s, video_kind kind, int index)
{
    for (int i = 0; i < s->count; i++)
        if (s->items[i].kind == kind && (index < 0 || s->items[i].index == index))
            return &s->items[i];
    return NULL;
}

const char *video_place_shown(const video *vd, int place)
{
    if (vd->cur.place != place)
        return NULL;
    place_video *it = find_item(&vd->cur, VIDEO_PANORAMA, -1);
    if (!it || it->pl.state == PLAYER_FAILED)
        return "error"; /* the card that says why */
    return it->pl.has_frame ? "video" : NULL;
}

static video_set *set_of(video *vd, int place)
{
    if (vd->cur.place == place)
        return &vd->cur;
    if (vd->old.place == place)
        return &vd->old;
    return NULL;
}

bool video_draw_place(video *vd, int place, const pv_view *view, int width, int height,
                      float alpha)
{
    video_set *s = set_of(vd, place);
    place_video *it = s ? find_item(s, VIDEO_PANORAMA, -1) : NULL;
    if (!it || !it->pl.tex || !it->pl.has_frame)
        return false;
    render_video_place(vd->g, it->pl.tex, view, width, height, alpha);
    return true;
}

static float aspect_of(const player *p, float fallback)
{
    if (p->info.width > 0 && p->info.height > 0)
        return (float)p->info.width / (float)p->info.height;
    return fallback;
}

/* The corners of a screen on the sphere, projected; false when it is behind the viewer. */
static bool project_quad(const video *vd, const float c[4][3], int width, int height,
                         float out[4][2])
{
    for (int k = 0; k < 4; k++)
        if (!pv_view_project(visit_view(vd->vis), width, height, c[k], &out[k][0], &out[k][1]))
            return false;
    return true;
}

static bool screen_corners(const video *vd, int hotspot, float c[4][3], const place_video **out)
{
    const scene_place *sp = &vd->ex->places[current(vd)];
    place_video *it = NULL;
    float yaw, pitch, width;
    if (hotspot >= 0) {
        const scene_hotspot *h = &sp->hotspots[hotspot];
        it = find_item(&vd->cur, VIDEO_HOTSPOT, hotspot);
        yaw = h->yaw, pitch = h->pitch, width = h->width;
    } else {
        if (!sp->cinema.present || sp->model_src || vd->cinema < 0)
            return false;
        it = &vd->cur.items[vd->cinema];
        yaw = sp->cinema.yaw, pitch = sp->cinema.pitch, width = sp->cinema.width;
    }
    if (!it)
        return false;
    gfx_sphere_screen_corners(yaw, pitch, width, aspect_of(&it->pl, 16.0f / 9.0f), c);
    *out = it;
    return true;
}

static void draw_sphere_screen(video *vd, int hotspot, int width, int height, float scale,
                               float alpha, bool hover)
{
    render_screen_desc d = {.view = visit_view(vd->vis), .width = width, .height = height,
                            .scale = scale, .alpha = alpha, .hover = hover};
    const place_video *it;
    if (!screen_corners(vd, hotspot, d.corners, &it))
        return;
    const player *pl = &it->pl;
    d.picture = screen_picture(it);
    d.playing = pl->state == PLAYER_PLAYING;
    d.failed = pl->state == PLAYER_FAILED;
    d.reconnecting = pl->reconnecting;
    float at[2];
    if (!render_screen(vd->g, &d, at))
        return;
    if (d.picture)
        note_stream_state(vd, pl, at[0], at[1], false);
    else if (d.failed)
        add_note(vd, at[0], at[1], "video.cannot_play", NULL, true);
}

void video_draw_screens(video *vd, int width, int height, float scale, float alpha,
                        int hover)
{
    vd->note_count = 0; /* the frame's labels over videos are gathered from here on */
    if (current(vd) < 0 || vd->cur.place != current(vd) || is_model(vd, current(vd)))
        return;
    const scene_place *sp = &vd->ex->places[current(vd)];
    for (int i = 0; i < sp->hotspot_count; i++)
        if (sp->hotspots[i].type == SCENE_HOTSPOT_VIDEO)
            draw_sphere_screen(vd, i, width, height, scale, alpha, hover == i);
    if (sp->cinema.present)
        draw_sphere_screen(vd, -1, width, height, scale, alpha, false);
}

/* The player the controls drive: the full-screen video, else the cinema's film. */
static place_video *controlled(const video *vd)
{
    if (vd->full >= 0 && vd->full < vd->cur.count)
        return &vd->cur.items[vd->full];
    if (vd->cinema >= 0 && vd->cinema < vd->cur.count && !vd->playlist)
        return &vd->cur.items[vd->cinema];
    return NULL;
}

static const scene_film *current_film(const video *vd)
{
    if (vd->cinema < 0 || vd->film < 0)
        return NULL;
    return &vd->ex->places[vd->cur.place].cinema.films[vd->film];
}

static void draw_subtitles(video *vd, int width, int height, float lift)
{
    if (!vd->subs)
        return;
    if (!vd->subr) {
        vd->subr = media_subs_renderer_create();
        if (!vd->subr) {
            free_subs(vd);
            return;
        }
    }
    if (vd->sub_w != width || vd->sub_h != height) {
        vd->sub_w = width;
        vd->sub_h = height;
        render_subs(vd, true); /* for the new size now, so a shot shows it */
    }
    if (vd->sub_img)
        render_subtitles(vd->g, vd->sub_img, (float)vd->sub_x, (float)vd->sub_y - lift);
}

/* Whether the controls of the video in control show: while it does not play, and for a
 * while after the pointer moved. */
static bool controls_show(const video *vd, const place_video *it)
{
    return !player_is_playing(&it->pl) || vd->now - vd->last_activity < CONTROLS_HIDE_S;
}

void video_draw_overlay(video *vd, int width, int height, float scale, double now)
{
    vd->now = now;
    if (current(vd) < 0 || vd->cur.place != current(vd) || visit_fading(vd->vis, NULL, NULL, NULL))
        return;
    if (vd->full >= 0 && vd->full < vd->cur.count) {
        place_video *it = &vd->cur.items[vd->full];
        render_fullscreen_video(vd->g, it->pl.has_frame ? it->pl.tex : NULL,
                                aspect_of(&it->pl, 16.0f / 9.0f), width, height);
        if (it->pl.has_frame) {
            note_stream_state(vd, &it->pl, width * 0.5f, height * 0.5f, true);
        } else if (it->pl.state == PLAYER_FAILED) {
            add_note(vd, width * 0.5f, height * 0.5f, NULL, it->pl.error, true);
        }
        return; /* its controls and Close are the hud's */
    }
    /* A 360 video place's stream, or a model cinema's (a panorama cinema's screen carries
     * its own label): the state in the middle of the window. */
    place_video *pano = find_item(&vd->cur, VIDEO_PANORAMA, -1);
    if (pano && pano->pl.has_frame)
        note_stream_state(vd, &pano->pl, width * 0.5f, height * 0.5f, false);
    /* Screens on a booth: the state where the screen is, when it is in front of the camera. */
    for (int i = 0; i < vd->cur.count && is_model(vd, current(vd)); i++) {
        place_video *sc = &vd->cur.items[i];
        float x, y;
        if (sc->kind == VIDEO_SCREEN && sc->has_center && sc->pl.has_frame &&
            booth_project(vd, sc->center, &x, &y))
            note_stream_state(vd, &sc->pl, x, y, false);
    }
    if (vd->cinema < 0)
        return;
    place_video *it = &vd->cur.items[vd->cinema];
    if (!vd->playlist && it->pl.reconnecting && is_model(vd, current(vd)))
        note_stream_state(vd, &it->pl, width * 0.5f, height * 0.4f, false);
    if (it->pl.state == PLAYER_FAILED && !vd->playlist)
        add_note(vd, width * 0.5f, height * 0.4f, NULL, it->pl.error, true);
    if (!vd->playlist) /* above the controls while they show */
        draw_subtitles(vd, width, height, controls_show(vd, it) ? 62.0f * scale : 0.0f);
}

void video_describe(const video *vd, visit_video_state *out, double now)
{
    memset(out, 0, sizeof(*out));
    out->film = -1;
    if (!vd)
        return;
    memcpy(out->notes, vd->notes, sizeof(vd->notes[0]) * (size_t)vd->note_count);
    out->note_count = vd->note_count;
    out->volume = vd->master;
    out->muted = vd->muted;
    if (current(vd) < 0 || vd->cur.place != current(vd) || visit_fading(vd->vis, NULL, NULL, NULL))
        return;
    if (vd->full >= 0 && vd->full < vd->cur.count)
        out->mode = VISIT_VIDEO_MODE_FULL;
    else if (vd->cinema >= 0 && vd->cinema < vd->cur.count)
        out->mode = VISIT_VIDEO_MODE_CINEMA;
    else
        return;
    if (out->mode == VISIT_VIDEO_MODE_CINEMA) {
        const scene_film *f = current_film(vd);
        out->playlist = vd->playlist;
        out->film = vd->film;
        out->film_count = vd->ex->places[vd->cur.place].cinema.film_count;
        out->posters = (const gfx_image *const *)vd->posters;
        out->has_subtitles = f && f->subtitle_count > 0;
        out->subtitles = f && vd->subs_lang >= 0 ? f->subtitles[vd->subs_lang].lang : NULL;
    }
    place_video *it = controlled(vd);
    if (!it)
        return;
    out->playing = player_is_playing(&it->pl) || it->pl.want_play;
    out->position = player_position(&it->pl);
    out->duration = player_duration(&it->pl);
    out->controls = !player_is_playing(&it->pl) || now - vd->last_activity < CONTROLS_HIDE_S;
}

bool video_activity(video *vd, double now)
{
    if (!vd)
        return false;
    vd->now = now;
    bool back = now - vd->last_activity >= CONTROLS_HIDE_S; /* the controls come back */
    vd->last_activity = now;
    return back;
}

bool video_modal(const video *vd)
{
    return vd && vd->full >= 0;
}

/* ---- input ---- */

static void close_full(video *vd)
{
    if (vd->full < 0)
        return;
    player_pause(&vd->env, &vd->cur.items[vd->full].pl, vd->now);
    emit(vd, VISIT_EVENT_CLOSED, vd->cur.items[vd->full].index, 0);
    vd->full = -1;
    redraw(vd);
}

bool video_pointer(video *vd, const platform_event *e, double now)
{
    if (!vd)
        return false;
    vd->now = now;
    if (vd->cur.place != current(vd) || vd->full < 0 ||
        e->type == PLATFORM_EV_POINTER_MOVE)
        return false;
    /* full screen: the view behind stays put, and a click on the picture plays or pauses
     * (its controls and Close are the hud's, which sees the pointer first) */
    if (e->type == PLATFORM_EV_POINTER_UP) {
        toggle(vd, &vd->cur.items[vd->full]);
        redraw(vd);
    }
    return true;
}

bool video_key(video *vd, const platform_event *e, int hover, double now)
{
    if (!vd)
        return false;
    vd->now = now;
    if (e->type != PLATFORM_EV_KEY_DOWN || vd->cur.place != current(vd))
        return false;
    place_video *it = controlled(vd);
    vd->last_activity = now;
    switch (e->key) {
    case PLATFORM_KEY_SPACE:
        if (it) {
            visit_cmd_toggle(vd->vis);
        } else if (vd->cinema >= 0 && vd->playlist) {
            choose_film(vd, vd->film >= 0 ? vd->film : 0);
        } else {
            /* a video hotspot of the place: the one hovered, else the first */
            for (int i = 0; i < vd->cur.count; i++) {
                place_video *h = &vd->cur.items[i];
                if (h->kind == VIDEO_HOTSPOT && (hover < 0 || hover == h->index)) {
                    toggle(vd, h);
                    break;
                }
            }
        }
        redraw(vd);
        return true;
    case PLATFORM_KEY_ESCAPE:
        /* through the visit's commands, as the hud's Close and Films buttons go (a tour or
         * a kiosk reset closes the same way) */
        if (vd->full >= 0)
            return visit_cmd_video(vd->vis, VISIT_VIDEO_CLOSE, 0);
        if (vd->cinema >= 0 && !vd->playlist)
            return visit_cmd_video(vd->vis, VISIT_VIDEO_PLAYLIST, 0);
        return false;
    case PLATFORM_KEY_LEFT:
    case PLATFORM_KEY_RIGHT:
        if (e->alt || !visit_cmd_seek_by(vd->vis, e->key == PLATFORM_KEY_LEFT ? -5.0 : 5.0))
            return false;
        redraw(vd);
        return true;
    case PLATFORM_KEY_F11:
    case PLATFORM_KEY_F12:
    case PLATFORM_KEY_F:
        return false;
    default:
        return vd->full >= 0; /* full screen: the view behind stays put */
    }
}

/* The film's next subtitle language, then none, then the first again. */
static void next_subtitles(video *vd)
{
    const scene_film *f = current_film(vd);
    if (!f || !f->subtitle_count)
        return;
    int next = vd->subs_lang + 1;
    if (next >= f->subtitle_count) {
        vd->subs_off = true;
        free_subs(vd);
    } else {
        vd->subs_off = false;
        load_subs(vd, f, next < 0 ? 0 : next);
    }
}

/* The commands that need no video in control: the cinema's playlist and films, the sound. */
static bool command_of_place(video *vd, visit_video_cmd cmd, double value)
{
    switch (cmd) {
    case VISIT_VIDEO_FILM: {
        if (vd->cinema < 0)
            return false;
        int film = (int)value;
        if (film < 0 || film >= vd->ex->places[vd->cur.place].cinema.film_count)
            return false;
        place_video *it = &vd->cur.items[vd->cinema];
        if (film == vd->film && it->pl.state != PLAYER_FAILED) {
            /* the film on the screen: it plays on */
            vd->playlist = false;
            if (!player_is_playing(&it->pl)) {
                player_play(&vd->env, &it->pl, vd->now);
                emit(vd, VISIT_EVENT_PLAYED, film, 0);
            }
        } else {
            choose_film(vd, film);
        }
        return true;
    }
    case VISIT_VIDEO_PLAYLIST:
        if (vd->cinema < 0)
            return false;
        if (!vd->playlist)
            pause_for_visitor(vd, &vd->cur.items[vd->cinema]);
        vd->playlist = true;
        return true;
    case VISIT_VIDEO_SUBTITLES:
        if (!current_film(vd))
            return false;
        next_subtitles(vd);
        return true;
    case VISIT_VIDEO_VOLUME:
        vd->master = pv_clampf((float)value, 0.0f, 1.0f);
        vd->muted = false;
        return true;
    case VISIT_VIDEO_MUTE:
        vd->muted = !vd->muted;
        return true;
    case VISIT_VIDEO_CLOSE:
        if (vd->full < 0)
            return false;
        close_full(vd);
        return true;
    default:
        return false;
    }
}

bool video_command(video *vd, visit_video_cmd cmd, double seconds, double now)
{
    if (!vd)
        return false;
    vd->now = now;
    if (vd->cur.place != current(vd))
        return false;
    if (command_of_place(vd, cmd, seconds)) {
        vd->last_activity = vd->now;
        redraw(vd);
        return true;
    }
    place_video *it = controlled(vd);
    if (!it)
        return false;
    bool playing = player_is_playing(&it->pl) || it->pl.want_play;
    switch (cmd) {
    case VISIT_VIDEO_PLAY:
        if (!playing) {
            player_play(&vd->env, &it->pl, vd->now);
            emit(vd, VISIT_EVENT_PLAYED, it->index, 0);
        }
        break;
    case VISIT_VIDEO_PAUSE:
        pause_for_visitor(vd, it);
        break;
    case VISIT_VIDEO_TOGGLE:
        toggle(vd, it);
        break;
    case VISIT_VIDEO_SEEK:
    case VISIT_VIDEO_SEEK_BY: {
        double to = cmd == VISIT_VIDEO_SEEK ? seconds : player_position(&it->pl) + seconds;
        player_seek_async(&vd->env, &it->pl, to, vd->now);
        emit(vd, VISIT_EVENT_SOUGHT, it->index, to);
        break;
    }
    default:
        return false;
    }
    vd->last_activity = vd->now;
    redraw(vd);
    return true;
}

/* A click on a video hotspot: plays or pauses it, or opens it full screen. */
static void activate(video *vd, int hotspot)
{
    const scene_hotspot *h = &vd->ex->places[current(vd)].hotspots[hotspot];
    for (int i = 0; i < vd->cur.count; i++) {
        place_video *it = &vd->cur.items[i];
        if (it->kind != VIDEO_HOTSPOT || it->index != hotspot)
            continue;
        double now = vd->now;
        if (h->fullscreen) {
            vd->full = i;
            vd->last_activity = now;
            player_play(&vd->env, &it->pl, now);
        } else {
            player_toggle(&vd->env, &it->pl, now);
        }
        bool playing = player_is_playing(&it->pl) || it->pl.want_play;
        emit(vd, playing ? VISIT_EVENT_PLAYED : VISIT_EVENT_PAUSED, hotspot, 0);
        redraw(vd);
        return;
    }
}

bool video_hit_hotspot(const video *vd, int hotspot, float x, float y, int width, int height)
{
    float c[4][3], q[4][2];
    const place_video *it;
    if (!screen_corners(vd, hotspot, c, &it) || !project_quad(vd, c, width, height, q))
        return false;
    /* inside the convex quad: the same side of all four edges */
    int sign = 0;
    for (int k = 0; k < 4; k++) {
        const float *a = q[k], *b = q[(k + 1) % 4];
        float cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
        int sg = cross > 0 ? 1 : cross < 0 ? -1 : 0;
        if (sg && sign && sg != sign)
            return false;
        if (sg)
            sign = sg;
    }
    return true;
}

/* ---- deterministic frames ---- */

void video_show_at(video *vd, double t, double now)
{
    vd->now = now;
    if (vd->cur.place != current(vd))
        enter(vd, current(vd));
    for (int i = 0; i < vd->cur.count; i++) {
        place_video *it = &vd->cur.items[i];
        player *pl = &it->pl;
        if (pl->state == PLAYER_OPENING || pl->state == PLAYER_CLOSED) {
            /* open here and now: join the opening thread */
            player_seek(&vd->env, pl, 0.0, now);
        }
        if (it->poster.state == PLAYER_OPENING)
            player_seek(&vd->env, &it->poster, 0.0, now);
        if (pl->state == PLAYER_FAILED || !pl->clip)
            continue;
        player_pause(&vd->env, pl, now);
        double dur = player_duration(pl);
        double at = t;
        if (dur > 0 && at >= dur)
            at = pl->loop ? fmod(at, dur) : dur - 1e-3;
        player_seek(&vd->env, pl, at, now);
        /* At a time, the frame of that time; without one (t = 0), the poster as a visitor
         * first sees it. */
        if (t > 0 && (pl->state == PLAYER_STOPPED || pl->state == PLAYER_ENDED))
            pl->state = PLAYER_PAUSED;
    }
    if (vd->cinema >= 0 && t > 0)
        vd->playlist = false; /* a shot at a time shows the film, not the playlist */
    bind_materials(vd);
}

/* ---- following the visit ---- */

static void on_visit_event(void *user, const visit_event *e)
{
    video *vd = user;
    switch (e->kind) {
    case VISIT_EVENT_CROSSED:
        vd->now = e->t;
        enter(vd, e->place);
        break;
    case VISIT_EVENT_FADED:
        set_close(vd, &vd->old); /* the place left is no longer drawn */
        break;
    case VISIT_EVENT_HOTSPOT:
        if (vd->ex->places[e->place].hotspots[e->hotspot].type == SCENE_HOTSPOT_VIDEO) {
            vd->now = e->t;
            activate(vd, e->hotspot);
        }
        break;
    default:
        break;
    }
}

video *video_create(const video_desc *d)
{
    video *vd = pv_calloc(1, sizeof(*vd));
    vd->g = d->g;
    vd->ex = d->exhibit;
    vd->vis = d->visit;
    vd->plat = d->platform;
    vd->audio_open = d->audio_open;
    vd->audio_ctx = d->audio_ctx;
    vd->silent = d->silent;
    vd->lang = d->lang ? d->lang : "en";
    vd->host = d->host;
    vd->now = d->t0;
    vd->env.g = d->g;
    vd->env.t0 = d->t0;
    vd->env.no_network = d->no_network;
    vd->env.hw = d->hwdec;
    vd->cur.place = vd->old.place = -1;
    vd->full = vd->cinema = vd->film = -1;
    vd->subs_lang = -1;
    vd->master = 1.0f;
    if (d->frames_log) {
        vd->env.frames_log = fopen(d->frames_log, "w");
        if (!vd->env.frames_log)
            pv_error("cannot write the frame log %s", d->frames_log);
    }
    visit_listen(visit_listeners_of(vd->vis), on_visit_event, vd);
    return vd;
}

void video_destroy(video **p)
{
    video *vd = *p;
    if (!vd)
        return;
    visit_unlisten(visit_listeners_of(vd->vis), on_visit_event, vd);
    unbind_materials(vd, &vd->cur);
    if (vd->plat && vd->audio_device)
        platform_audio_close(vd->plat);
    set_close(vd, &vd->old);
    set_close(vd, &vd->cur);
    free_posters(vd);
    free_subs(vd);
    media_subs_renderer_destroy(&vd->subr);
    media_mixer_destroy(&vd->env.mixer);
    if (vd->env.frames_log)
        fclose(vd->env.frames_log);
    free(vd);
    *p = NULL;
}

void video_set_language(video *vd, const char *lang) { vd->lang = lang ? lang : "en"; }
