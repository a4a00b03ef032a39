/* app/playback: videos inside a visit (see playback.h). */
#include "app/playback.h"

#include "app/booth.h"
#include "render/render.h"
#include "play/play.h"
#include "media/subtitle.h"

#include <math.h>
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

struct playback {
    player_env env;
    bool audio_open, audio_tried;
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
    hud_note notes[HUD_NOTES];
    int note_count;
};

/* ---- audio ---- */

static void audio_fill(void *user, float *out, int frames, double now)
{
    media_mixer_mix(user, out, frames, now);
}

static void open_audio(viewer *v)
{
    playback *pb = v->pb;
    if (pb->env.mixer || v->opt.out || !v->plat)
        return; /* shots and benchmarks are silent */
    media_mixer *m = media_mixer_create(MEDIA_AUDIO_RATE);
    double latency = 0;
    if (!m)
        return;
    pv_result r = v->opt.audio_open ? v->opt.audio_open(v->opt.audio_ctx, audio_fill, m, &latency)
                                    : platform_audio_open(v->plat, audio_fill, m, &latency);
    if (r != PV_OK) {
        media_mixer_destroy(&m);
        return;
    }
    media_mixer_set_latency(m, latency);
    pb->env.mixer = m;
    pb->audio_open = !v->opt.audio_open; /* the platform's device: closed at shutdown */
}

/* ---- labels over videos (drawn by the hud) ---- */

static void add_note(viewer *v, float x, float y, const char *key, const char *text, bool error)
{
    playback *pb = v->pb;
    if (pb->note_count < HUD_NOTES)
        pb->notes[pb->note_count++] = (hud_note){x, y, key, text, error};
}

/* Over a video whose stream stalled (the last frame stays), or that was lost after it had
 * shown frames: a label in the middle of its picture; `detail` shows why it was lost. */
static void note_stream_state(viewer *v, const player *pl, float x, float y, bool detail)
{
    if (pl->state == PLAYER_FAILED && pl->has_frame)
        add_note(v, x, y, detail ? NULL : "video.cannot_play", pl->error, true);
    else if (pl->reconnecting)
        add_note(v, x, y, "video.reconnecting", NULL, false);
}

/* ---- the videos of a place ---- */

static void set_close(viewer *v, video_set *s)
{
    for (int i = 0; i < s->count; i++) {
        player_close(&v->pb->env, &s->items[i].pl);
        player_close(&v->pb->env, &s->items[i].poster);
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
static void open_poster(viewer *v, place_video *it, const scene_video *sv)
{
    if (sv->poster)
        player_open(&v->pb->env, &it->poster, sv->poster, sv->poster_src, false, false, false,
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
static void bind_materials(viewer *v)
{
    video_set *s = &v->pb->cur;
    if (s->place < 0)
        return;
    place_state *ps = &v->places[s->place];
    const scene_place *sp = &v->ex->places[s->place];
    if (!ps->model || !ps->gmodel)
        return;
    for (int i = 0; i < s->count; i++) {
        place_video *it = &s->items[i];
        const char *name = it->kind == VIDEO_SCREEN   ? sp->screens[it->index].material
                           : it->kind == VIDEO_CINEMA ? sp->cinema.material
                                                      : NULL;
        if (!name)
            continue;
        if (it->material < 0) {
            it->material = find_material(ps->model, name);
            if (it->material < 0) {
                it->material = -2; /* reported once */
                pv_warn("%s: the model %s has no material \"%s\" to show the video on",
                        v->ex->path, sp->model_src, name);
                continue;
            }
            it->has_center = material_center(ps->model, it->material, it->center);
        }
        if (it->material >= 0)
            gfx_model_set_video(ps->gmodel, it->material, screen_picture(it));
    }
}

static void unbind_materials(viewer *v, video_set *s)
{
    if (s->place < 0)
        return;
    place_state *ps = &v->places[s->place];
    for (int i = 0; i < s->count; i++)
        if (s->items[i].material >= 0 && ps->gmodel)
            gfx_model_set_video(ps->gmodel, s->items[i].material, NULL);
}

static void free_posters(viewer *v)
{
    playback *pb = v->pb;
    for (int i = 0; i < pb->poster_count; i++)
        gfx_image_destroy(v->g, &pb->posters[i]);
    pv_free(&pb->posters);
    pb->poster_count = 0;
}

static void free_subs(viewer *v)
{
    playback *pb = v->pb;
    media_subs_free(&pb->subs);
    gfx_image_destroy(v->g, &pb->sub_img);
    pb->subs_lang = -1;
}

/* Loads the subtitles of the film in the visitor's language (else English, else the first). */
static void load_subs(viewer *v, const scene_film *f, int lang_index)
{
    playback *pb = v->pb;
    free_subs(v);
    if (f->subtitle_count == 0 || pb->subs_off)
        return;
    int pick = lang_index;
    if (pick < 0) {
        for (int i = 0; i < f->subtitle_count && pick < 0; i++)
            if (v->lang && strcmp(f->subtitles[i].lang, v->lang) == 0)
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
    if (media_subs_load(f->subtitles[pick].path, &pb->subs, why, sizeof(why)) != PV_OK) {
        fprintf(stderr, "%s\n", why);
        return;
    }
    pb->subs_lang = pick;
    pb->sub_w = pb->sub_h = 0; /* render afresh */
}

static void start_film(viewer *v, int film, bool play)
{
    playback *pb = v->pb;
    if (pb->cinema < 0)
        return;
    const scene_place *sp = &v->ex->places[pb->cur.place];
    const scene_cinema *cn = &sp->cinema;
    if (film < 0 || film >= cn->film_count)
        return;
    place_video *it = &pb->cur.items[pb->cinema];
    const scene_film *f = &cn->films[film];
    unbind_materials(v, &pb->cur);
    player_close(&pb->env, &it->pl);
    it->index = film;
    if (it->material >= 0)
        it->material = -1; /* looked up again (the texture is new) */
    pb->film = film;
    if (f->video.path) {
        player_open(&pb->env, &it->pl, f->video.path, f->video.src, pb->env.mixer != NULL,
                    f->video.loop, play, f->video.volume * cn->volume);
    } else {
        snprintf(it->pl.error, sizeof(it->pl.error), "film \"%s\" has no playable file",
                 scene_text_get(&f->title, v->lang));
        it->pl.state = PLAYER_FAILED;
    }
    load_subs(v, f, -1);
    pb->playlist = false;
    pb->last_activity = v->now;
}

/* The visitor chose a film (a card, Next, Space on the playlist): it starts playing. */
static void choose_film(viewer *v, int film)
{
    start_film(v, film, true);
    if (v->pb->film != film)
        return;
    viewer_emit_video(v, VISIT_EVENT_FILM, film);
    viewer_emit_video(v, VISIT_EVENT_PLAYED, film);
}

/* Plays or pauses a video for the visitor, and says which it did. */
static void toggle(viewer *v, place_video *it)
{
    player_toggle(&v->pb->env, &it->pl, v->now);
    bool playing = player_is_playing(&it->pl) || it->pl.want_play;
    viewer_emit_video(v, playing ? VISIT_EVENT_PLAYED : VISIT_EVENT_PAUSED, it->index);
}

static void pause_for_visitor(viewer *v, place_video *it)
{
    bool was = player_is_playing(&it->pl) || it->pl.want_play;
    player_pause(&v->pb->env, &it->pl, v->now);
    if (was)
        viewer_emit_video(v, VISIT_EVENT_PAUSED, it->index);
}

void playback_enter(viewer *v, int place)
{
    playback *pb = v->pb;
    if (pb->cur.place == place)
        return;
    /* The place left keeps its last frames while it fades; its sound stops now. */
    set_close(v, &pb->old);
    for (int i = 0; i < pb->cur.count; i++)
        player_pause(&pb->env, &pb->cur.items[i].pl, v->now);
    unbind_materials(v, &pb->cur);
    pb->old = pb->cur;
    memset(&pb->cur, 0, sizeof(pb->cur));
    pb->cur.place = place;
    pb->full = -1;
    pb->cinema = -1;
    pb->film = -1;
    pb->playlist = false;
    free_posters(v);
    free_subs(v);

    const scene_place *sp = &v->ex->places[place];
    /* The audio device opens with the first place that has videos: a visit without them never
     * touches the sound system. */
    bool any = sp->panorama_video || sp->screen_count > 0 || sp->cinema.present;
    for (int i = 0; i < sp->hotspot_count && !any; i++)
        any = sp->hotspots[i].type == SCENE_HOTSPOT_VIDEO;
    if (any && !pb->audio_tried) {
        pb->audio_tried = true;
        open_audio(v);
    }
    bool audio = pb->env.mixer != NULL;
    if (sp->panorama_video && sp->panorama) {
        place_video *it = add_item(&pb->cur, VIDEO_PANORAMA, 0);
        player_open(&pb->env, &it->pl, sp->panorama, sp->panorama_src, audio, true, true, 1.0f);
    }
    for (int i = 0; i < sp->hotspot_count; i++) {
        const scene_hotspot *h = &sp->hotspots[i];
        if (h->type != SCENE_HOTSPOT_VIDEO || !h->video.path)
            continue;
        place_video *it = add_item(&pb->cur, VIDEO_HOTSPOT, i);
        player_open(&pb->env, &it->pl, h->video.path, h->video.src, audio, h->video.loop,
                    h->video.autoplay && !h->fullscreen, h->video.volume);
        open_poster(v, it, &h->video);
    }
    for (int i = 0; i < sp->screen_count; i++) {
        const scene_screen *sc = &sp->screens[i];
        if (!sc->video.path)
            continue;
        place_video *it = add_item(&pb->cur, VIDEO_SCREEN, i);
        player_open(&pb->env, &it->pl, sc->video.path, sc->video.src, audio, sc->video.loop,
                    sc->video.autoplay, sc->video.volume);
        open_poster(v, it, &sc->video);
    }
    if (sp->cinema.present && sp->cinema.film_count > 0) {
        add_item(&pb->cur, VIDEO_CINEMA, -1);
        pb->cinema = pb->cur.count - 1;
        pb->playlist = true;
        pb->posters = pv_calloc((size_t)sp->cinema.film_count, sizeof(gfx_image *));
        pb->poster_count = sp->cinema.film_count;
        for (int i = 0; i < sp->cinema.film_count; i++) {
            const char *path = sp->cinema.films[i].poster;
            if (!path)
                continue;
            asset_image img = {0};
            char why[512];
            if (asset_image_load(path, 1, &img, why, sizeof(why)) == PV_OK) {
                pb->posters[i] = gfx_image_create(v->g, img.width, img.height, img.pixels);
                asset_image_free(&img);
            } else {
                fprintf(stderr, "%s\n", why);
            }
        }
        /* The first film is on the screen, paused, until the visitor picks one. */
        start_film(v, 0, false);
        pb->playlist = true;
    }
    pb->last_activity = v->now;
}

void playback_fade_done(viewer *v)
{
    set_close(v, &v->pb->old);
}

void playback_init(viewer *v)
{
    v->pb = pv_calloc(1, sizeof(*v->pb));
    playback *pb = v->pb;
    pb->env.g = v->g;
    pb->env.t0 = v->t_start;
    pb->env.no_network = v->opt.no_network;
    pb->env.hw = v->opt.hwdec;
    pb->cur.place = pb->old.place = -1;
    pb->full = pb->cinema = pb->film = -1;
    pb->subs_lang = -1;
    pb->master = 1.0f;
    if (v->opt.frames_log) {
        pb->env.frames_log = fopen(v->opt.frames_log, "w");
        if (!pb->env.frames_log)
            pv_error("cannot write the frame log %s", v->opt.frames_log);
    }
}

void playback_shutdown(viewer *v)
{
    playback *pb = v->pb;
    if (!pb)
        return;
    unbind_materials(v, &pb->cur);
    if (v->plat && pb->audio_open)
        platform_audio_close(v->plat);
    set_close(v, &pb->old);
    set_close(v, &pb->cur);
    free_posters(v);
    free_subs(v);
    media_subs_renderer_destroy(&pb->subr);
    media_mixer_destroy(&pb->env.mixer);
    if (pb->env.frames_log)
        fclose(pb->env.frames_log);
    free(pb);
    v->pb = NULL;
}

/* ---- time ---- */

/* A screen's sound fades with the visitor's distance from it. */
static float distance_gain(viewer *v, const place_video *it)
{
    if (!it->has_center || !booth_is_model(v, viewer_place(v)))
        return 1.0f;
    float eye[3];
    booth_eye(v, eye);
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
static bool render_subs(viewer *v, bool always)
{
    playback *pb = v->pb;
    const player *pl = &pb->cur.items[pb->cinema].pl;
    const uint8_t *rgba;
    int x, y, w, h;
    int r = media_subs_render(pb->subr, pb->subs, player_position(pl), pb->sub_w, pb->sub_h,
                              &rgba, &x, &y, &w, &h);
    if (r != 1 && !always)
        return false;
    gfx_image_destroy(v->g, &pb->sub_img);
    if (w > 0 && h > 0) {
        uint8_t *crop = pv_malloc((size_t)w * (size_t)h * 4);
        for (int row = 0; row < h; row++)
            memcpy(crop + (size_t)row * (size_t)w * 4,
                   rgba + ((size_t)(y + row) * (size_t)pb->sub_w + (size_t)x) * 4,
                   (size_t)w * 4);
        pb->sub_img = gfx_image_create(v->g, w, h, crop);
        free(crop);
        pb->sub_x = x;
        pb->sub_y = y;
    }
    return true;
}

bool playback_update(viewer *v, double now)
{
    playback *pb = v->pb;
    bool changed = false;
    for (int i = 0; i < pb->cur.count; i++) {
        place_video *it = &pb->cur.items[i];
        player_state before = it->pl.state;
        if (player_update(&pb->env, &it->pl, now))
            changed = true;
        if (player_update(&pb->env, &it->poster, now))
            changed = true;
        if (before != PLAYER_ENDED && it->pl.state == PLAYER_ENDED && it->kind == VIDEO_CINEMA) {
            /* the film is over: the playlist comes back */
            pb->playlist = true;
            changed = true;
        }
        float gain = pb->muted ? 0.0f : pb->master;
        if (it->kind == VIDEO_SCREEN)
            gain *= distance_gain(v, it);
        player_set_gain(&pb->env, &it->pl, gain);
    }
    for (int i = 0; i < pb->old.count; i++) {
        if (player_update(&pb->env, &pb->old.items[i].pl, now))
            changed = true;
        if (player_update(&pb->env, &pb->old.items[i].poster, now))
            changed = true;
    }
    bind_materials(v);
    /* Subtitles follow the film's clock. */
    if (pb->cinema >= 0 && pb->subs && pb->subr && pb->sub_w > 0 && render_subs(v, false))
        changed = true;
    /* The controls hide while a film plays and the pointer rests. */
    bool visible = now - pb->last_activity < CONTROLS_HIDE_S;
    if (visible != pb->controls_shown)
        changed = true;
    pb->controls_shown = visible;
    return changed;
}

bool playback_pending(viewer *v, int audio_frames)
{
    playback *pb = v->pb;
    for (int s = 0; s < 2; s++) {
        video_set *set = s ? &pb->old : &pb->cur;
        for (int i = 0; i < set->count; i++)
            if (player_pending(&set->items[i].pl, audio_frames) ||
                player_pending(&set->items[i].poster, audio_frames))
                return true;
    }
    return false;
}

int playback_wait_ms(viewer *v, double now)
{
    playback *pb = v->pb;
    double wait = -1.0;
    for (int s = 0; s < 2; s++) {
        video_set *set = s ? &pb->old : &pb->cur;
        for (int i = 0; i < set->count; i++) {
            for (int k = 0; k < 2; k++) {
                const place_video *it = &set->items[i];
                double w = player_wait(k ? &it->poster : &it->pl, now);
                if (w >= 0 && (wait < 0 || w < wait))
                    wait = w;
            }
        }
    }
    double hide = pb->last_activity + CONTROLS_HIDE_S - now;
    if (hide > 0 && (wait < 0 || hide < wait))
        wait = hide;
    if (wait < 0)
        return -1;
    return (int)ceil(fmin(wait, 0.5) * 1000.0);
}

/* ---- drawing ---- */

static place_video *find_item(video_set *s, video_kind kind, int index)
{
    for (int i = 0; i < s->count; i++)
        if (s->items[i].kind == kind && (index < 0 || s->items[i].index == index))
            return &s->items[i];
    return NULL;
}

const char *playback_place_shown(viewer *v, int place)
{
    if (v->pb->cur.place != place)
        return NULL;
    place_video *it = find_item(&v->pb->cur, VIDEO_PANORAMA, -1);
    if (!it || it->pl.state == PLAYER_FAILED)
        return "error"; /* the card that says why */
    return it->pl.has_frame ? "video" : NULL;
}

static video_set *set_of(viewer *v, int place)
{
    if (v->pb->cur.place == place)
        return &v->pb->cur;
    if (v->pb->old.place == place)
        return &v->pb->old;
    return NULL;
}

bool playback_draw_place(viewer *v, int place, const pv_view *view, int width, int height,
                         float alpha)
{
    video_set *s = set_of(v, place);
    place_video *it = s ? find_item(s, VIDEO_PANORAMA, -1) : NULL;
    if (!it || !it->pl.tex || !it->pl.has_frame)
        return false;
    gfx_draw_video_360(v->g, it->pl.tex, view, width, height, alpha);
    return true;
}

static float aspect_of(const player *p, float fallback)
{
    if (p->info.width > 0 && p->info.height > 0)
        return (float)p->info.width / (float)p->info.height;
    return fallback;
}

/* The corners of a screen on the sphere, projected; false when it is behind the viewer. */
static bool project_quad(viewer *v, const float c[4][3], float out[4][2])
{
    for (int k = 0; k < 4; k++)
        if (!pv_view_project(viewer_view(v), v->width, v->height, c[k], &out[k][0], &out[k][1]))
            return false;
    return true;
}

static bool screen_corners(viewer *v, int hotspot, float c[4][3], const place_video **out)
{
    const scene_place *sp = &v->ex->places[viewer_place(v)];
    place_video *it = NULL;
    float yaw, pitch, width;
    if (hotspot >= 0) {
        const scene_hotspot *h = &sp->hotspots[hotspot];
        it = find_item(&v->pb->cur, VIDEO_HOTSPOT, hotspot);
        yaw = h->yaw, pitch = h->pitch, width = h->width;
    } else {
        if (!sp->cinema.present || sp->model_src || v->pb->cinema < 0)
            return false;
        it = &v->pb->cur.items[v->pb->cinema];
        yaw = sp->cinema.yaw, pitch = sp->cinema.pitch, width = sp->cinema.width;
    }
    if (!it)
        return false;
    gfx_sphere_screen_corners(yaw, pitch, width, aspect_of(&it->pl, 16.0f / 9.0f), c);
    *out = it;
    return true;
}

static void draw_sphere_screen(viewer *v, int hotspot, int width, int height, float alpha,
                               bool hover)
{
    render_screen_desc d = {.view = viewer_view(v), .width = width, .height = height,
                            .scale = v->scale, .alpha = alpha, .hover = hover};
    const place_video *it;
    if (!screen_corners(v, hotspot, d.corners, &it))
        return;
    const player *pl = &it->pl;
    d.picture = screen_picture(it);
    d.playing = pl->state == PLAYER_PLAYING;
    d.failed = pl->state == PLAYER_FAILED;
    d.reconnecting = pl->reconnecting;
    float at[2];
    if (!render_screen(v->g, &d, at))
        return;
    if (d.picture)
        note_stream_state(v, pl, at[0], at[1], false);
    else if (d.failed)
        add_note(v, at[0], at[1], "video.cannot_play", NULL, true);
}

void playback_draw_screens(viewer *v, int width, int height, float alpha)
{
    v->pb->note_count = 0; /* the frame's labels over videos are gathered from here on */
    if (viewer_place(v) < 0 || v->pb->cur.place != viewer_place(v) || booth_is_model(v, viewer_place(v)))
        return;
    const scene_place *sp = &v->ex->places[viewer_place(v)];
    for (int i = 0; i < sp->hotspot_count; i++)
        if (sp->hotspots[i].type == SCENE_HOTSPOT_VIDEO)
            draw_sphere_screen(v, i, width, height, alpha, v->hover == i);
    if (sp->cinema.present)
        draw_sphere_screen(v, -1, width, height, alpha, false);
}

/* The player the controls drive: the full-screen video, else the cinema's film. */
static place_video *controlled(viewer *v)
{
    playback *pb = v->pb;
    if (pb->full >= 0 && pb->full < pb->cur.count)
        return &pb->cur.items[pb->full];
    if (pb->cinema >= 0 && pb->cinema < pb->cur.count && !pb->playlist)
        return &pb->cur.items[pb->cinema];
    return NULL;
}

static const scene_film *current_film(viewer *v)
{
    playback *pb = v->pb;
    if (pb->cinema < 0 || pb->film < 0)
        return NULL;
    return &v->ex->places[pb->cur.place].cinema.films[pb->film];
}

static void draw_subtitles(viewer *v, int width, int height, float lift)
{
    playback *pb = v->pb;
    if (!pb->subs)
        return;
    if (!pb->subr) {
        pb->subr = media_subs_renderer_create();
        if (!pb->subr) {
            free_subs(v);
            return;
        }
    }
    if (pb->sub_w != width || pb->sub_h != height) {
        pb->sub_w = width;
        pb->sub_h = height;
        render_subs(v, true); /* for the new size now, so a shot shows it */
    }
    if (pb->sub_img) {
        int w, h;
        gfx_image_size(pb->sub_img, &w, &h);
        gfx_draw_image(v->g, pb->sub_img, (float)pb->sub_x, (float)pb->sub_y - lift, (float)w,
                       (float)h, 1.0f);
    }
}

/* Whether the controls of the video in control show: while it does not play, and for a
 * while after the pointer moved. */
static bool controls_show(viewer *v, const place_video *it)
{
    return !player_is_playing(&it->pl) || v->now - v->pb->last_activity < CONTROLS_HIDE_S;
}

void playback_draw_overlay(viewer *v, int width, int height)
{
    playback *pb = v->pb;
    if (viewer_place(v) < 0 || pb->cur.place != viewer_place(v) || viewer_fading(v))
        return;
    if (pb->full >= 0 && pb->full < pb->cur.count) {
        place_video *it = &pb->cur.items[pb->full];
        render_fullscreen_video(v->g, it->pl.has_frame ? it->pl.tex : NULL,
                                aspect_of(&it->pl, 16.0f / 9.0f), width, height);
        if (it->pl.has_frame) {
            note_stream_state(v, &it->pl, width * 0.5f, height * 0.5f, true);
        } else if (it->pl.state == PLAYER_FAILED) {
            add_note(v, width * 0.5f, height * 0.5f, NULL, it->pl.error, true);
        }
        return; /* its controls and Close are the hud's */
    }
    /* A 360 video place's stream, or a model cinema's (a panorama cinema's screen carries
     * its own label): the state in the middle of the window. */
    place_video *pano = find_item(&pb->cur, VIDEO_PANORAMA, -1);
    if (pano && pano->pl.has_frame)
        note_stream_state(v, &pano->pl, width * 0.5f, height * 0.5f, false);
    /* Screens on a booth: the state where the screen is, when it is in front of the camera. */
    for (int i = 0; i < pb->cur.count && booth_is_model(v, viewer_place(v)); i++) {
        place_video *sc = &pb->cur.items[i];
        float x, y;
        if (sc->kind == VIDEO_SCREEN && sc->has_center && sc->pl.has_frame &&
            booth_project(v, sc->center, &x, &y))
            note_stream_state(v, &sc->pl, x, y, false);
    }
    if (pb->cinema < 0)
        return;
    place_video *it = &pb->cur.items[pb->cinema];
    if (!pb->playlist && it->pl.reconnecting && booth_is_model(v, viewer_place(v)))
        note_stream_state(v, &it->pl, width * 0.5f, height * 0.4f, false);
    if (it->pl.state == PLAYER_FAILED && !pb->playlist)
        add_note(v, width * 0.5f, height * 0.4f, NULL, it->pl.error, true);
    if (!pb->playlist) /* above the controls while they show */
        draw_subtitles(v, width, height, controls_show(v, it) ? 62.0f * v->scale : 0.0f);
}

void playback_hud_video(viewer *v, hud_video *out)
{
    playback *pb = v->pb;
    if (!pb)
        return;
    memcpy(out->notes, pb->notes, sizeof(pb->notes[0]) * (size_t)pb->note_count);
    out->note_count = pb->note_count;
    out->volume = pb->master;
    out->muted = pb->muted;
    out->fullscreen = v->plat && platform_is_fullscreen(v->plat);
    if (viewer_place(v) < 0 || pb->cur.place != viewer_place(v) || viewer_fading(v))
        return;
    if (pb->full >= 0 && pb->full < pb->cur.count)
        out->mode = HUD_VIDEO_FULL;
    else if (pb->cinema >= 0 && pb->cinema < pb->cur.count)
        out->mode = HUD_VIDEO_CINEMA;
    else
        return;
    if (out->mode == HUD_VIDEO_CINEMA) {
        const scene_film *f = current_film(v);
        out->playlist = pb->playlist;
        out->film = pb->film;
        out->film_count = v->ex->places[pb->cur.place].cinema.film_count;
        out->posters = (const gfx_image *const *)pb->posters;
        out->has_subtitles = f && f->subtitle_count > 0;
        out->subtitles = f && pb->subs_lang >= 0 ? f->subtitles[pb->subs_lang].lang : NULL;
    }
    place_video *it = controlled(v);
    if (!it)
        return;
    out->playing = player_is_playing(&it->pl) || it->pl.want_play;
    out->position = player_position(&it->pl);
    out->duration = player_duration(&it->pl);
    out->controls = controls_show(v, it);
}

void playback_activity(viewer *v)
{
    playback *pb = v->pb;
    if (!pb)
        return;
    if (v->now - pb->last_activity >= CONTROLS_HIDE_S)
        v->dirty = true; /* the controls come back */
    pb->last_activity = v->now;
}

bool playback_modal(const viewer *v)
{
    return v->pb && v->pb->full >= 0;
}

/* ---- input ---- */

static void close_full(viewer *v)
{
    playback *pb = v->pb;
    if (pb->full < 0)
        return;
    player_pause(&pb->env, &pb->cur.items[pb->full].pl, v->now);
    viewer_emit_video(v, VISIT_EVENT_CLOSED, pb->cur.items[pb->full].index);
    pb->full = -1;
    v->dirty = true;
}

bool playback_pointer(viewer *v, const platform_event *e)
{
    playback *pb = v->pb;
    if (!pb || pb->cur.place != viewer_place(v) || pb->full < 0 ||
        e->type == PLATFORM_EV_POINTER_MOVE)
        return false;
    /* full screen: the view behind stays put, and a click on the picture plays or pauses
     * (its controls and Close are the hud's, which sees the pointer first) */
    if (e->type == PLATFORM_EV_POINTER_UP) {
        toggle(v, &pb->cur.items[pb->full]);
        v->dirty = true;
    }
    return true;
}

bool playback_key(viewer *v, const platform_event *e)
{
    playback *pb = v->pb;
    if (!pb || e->type != PLATFORM_EV_KEY_DOWN || pb->cur.place != viewer_place(v))
        return false;
    place_video *it = controlled(v);
    double now = v->now;
    pb->last_activity = now;
    switch (e->key) {
    case PLATFORM_KEY_SPACE:
        if (it) {
            visit_cmd_toggle(v->vis);
        } else if (pb->cinema >= 0 && pb->playlist) {
            choose_film(v, pb->film >= 0 ? pb->film : 0);
        } else {
            /* a video hotspot of the place: the one hovered, else the first */
            for (int i = 0; i < pb->cur.count; i++) {
                place_video *h = &pb->cur.items[i];
                if (h->kind == VIDEO_HOTSPOT && (v->hover < 0 || v->hover == h->index)) {
                    toggle(v, h);
                    break;
                }
            }
        }
        v->dirty = true;
        return true;
    case PLATFORM_KEY_ESCAPE:
        /* through the visit's commands, as the hud's Close and Films buttons go (a tour or
         * a kiosk reset closes the same way) */
        if (pb->full >= 0)
            return visit_cmd_video(v->vis, VISIT_VIDEO_CLOSE, 0);
        if (pb->cinema >= 0 && !pb->playlist)
            return visit_cmd_video(v->vis, VISIT_VIDEO_PLAYLIST, 0);
        return false;
    case PLATFORM_KEY_LEFT:
    case PLATFORM_KEY_RIGHT:
        if (e->alt || !visit_cmd_seek_by(v->vis, e->key == PLATFORM_KEY_LEFT ? -5.0 : 5.0))
            return false;
        v->dirty = true;
        return true;
    case PLATFORM_KEY_F11:
    case PLATFORM_KEY_F12:
    case PLATFORM_KEY_F:
        return false;
    default:
        return pb->full >= 0; /* full screen: the view behind stays put */
    }
}

/* The film's next subtitle language, then none, then the first again. */
static void next_subtitles(viewer *v)
{
    playback *pb = v->pb;
    const scene_film *f = current_film(v);
    if (!f || !f->subtitle_count)
        return;
    int next = pb->subs_lang + 1;
    if (next >= f->subtitle_count) {
        pb->subs_off = true;
        free_subs(v);
    } else {
        pb->subs_off = false;
        load_subs(v, f, next < 0 ? 0 : next);
    }
}

/* The commands that need no video in control: the cinema's playlist and films, the sound. */
static bool command_of_place(viewer *v, visit_video_cmd cmd, double value)
{
    playback *pb = v->pb;
    switch (cmd) {
    case VISIT_VIDEO_FILM: {
        if (pb->cinema < 0)
            return false;
        int film = (int)value;
        if (film < 0 || film >= v->ex->places[pb->cur.place].cinema.film_count)
            return false;
        place_video *it = &pb->cur.items[pb->cinema];
        if (film == pb->film && it->pl.state != PLAYER_FAILED) {
            /* the film on the screen: it plays on */
            pb->playlist = false;
            if (!player_is_playing(&it->pl)) {
                player_play(&pb->env, &it->pl, v->now);
                viewer_emit_video(v, VISIT_EVENT_PLAYED, film);
            }
        } else {
            choose_film(v, film);
        }
        return true;
    }
    case VISIT_VIDEO_PLAYLIST:
        if (pb->cinema < 0)
            return false;
        if (!pb->playlist)
            pause_for_visitor(v, &pb->cur.items[pb->cinema]);
        pb->playlist = true;
        return true;
    case VISIT_VIDEO_SUBTITLES:
        if (!current_film(v))
            return false;
        next_subtitles(v);
        return true;
    case VISIT_VIDEO_VOLUME:
        pb->master = pv_clampf((float)value, 0.0f, 1.0f);
        pb->muted = false;
        return true;
    case VISIT_VIDEO_MUTE:
        pb->muted = !pb->muted;
        return true;
    case VISIT_VIDEO_CLOSE:
        if (pb->full < 0)
            return false;
        close_full(v);
        return true;
    default:
        return false;
    }
}

bool playback_command(viewer *v, visit_video_cmd cmd, double seconds)
{
    if (!v->pb || v->pb->cur.place != viewer_place(v))
        return false;
    if (command_of_place(v, cmd, seconds)) {
        v->pb->last_activity = v->now;
        v->dirty = true;
        return true;
    }
    place_video *it = controlled(v);
    if (!it)
        return false;
    bool playing = player_is_playing(&it->pl) || it->pl.want_play;
    switch (cmd) {
    case VISIT_VIDEO_PLAY:
        if (!playing) {
            player_play(&v->pb->env, &it->pl, v->now);
            viewer_emit_video(v, VISIT_EVENT_PLAYED, it->index);
        }
        break;
    case VISIT_VIDEO_PAUSE:
        pause_for_visitor(v, it);
        break;
    case VISIT_VIDEO_TOGGLE:
        toggle(v, it);
        break;
    case VISIT_VIDEO_SEEK:
    case VISIT_VIDEO_SEEK_BY: {
        double to = cmd == VISIT_VIDEO_SEEK ? seconds : player_position(&it->pl) + seconds;
        player_seek_async(&v->pb->env, &it->pl, to, v->now);
        viewer_emit(v, VISIT_EVENT_SOUGHT, viewer_place(v), -1, it->index, NULL, to);
        break;
    }
    default:
        return false;
    }
    v->pb->last_activity = v->now;
    v->dirty = true;
    return true;
}

void playback_activate(viewer *v, int hotspot)
{
    playback *pb = v->pb;
    const scene_hotspot *h = &v->ex->places[viewer_place(v)].hotspots[hotspot];
    for (int i = 0; i < pb->cur.count; i++) {
        place_video *it = &pb->cur.items[i];
        if (it->kind != VIDEO_HOTSPOT || it->index != hotspot)
            continue;
        double now = v->now;
        if (h->fullscreen) {
            pb->full = i;
            pb->last_activity = now;
            player_play(&pb->env, &it->pl, now);
        } else {
            player_toggle(&pb->env, &it->pl, now);
        }
        viewer_emit_video(v, player_is_playing(&it->pl) || it->pl.want_play ? VISIT_EVENT_PLAYED
                                                                            : VISIT_EVENT_PAUSED,
                          hotspot);
        v->dirty = true;
        return;
    }
}

bool playback_hit_hotspot(viewer *v, int hotspot, float x, float y)
{
    float c[4][3], q[4][2];
    const place_video *it;
    if (!screen_corners(v, hotspot, c, &it) || !project_quad(v, c, q))
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

bool playback_control_center(const viewer *v, const char *name, float *x, float *y)
{
    ui_rect r;
    if (!v->hud || !ui_widget_rect(hud_ui(v->hud), hud_control_id(name, 0), &r) || r.w <= 0)
        return false;
    *x = r.x + r.w * 0.5f;
    *y = r.y + r.h * 0.5f;
    return true;
}

/* ---- deterministic frames ---- */

void playback_show_at(viewer *v, double t)
{
    playback *pb = v->pb;
    if (pb->cur.place != viewer_place(v))
        playback_enter(v, viewer_place(v));
    double now = v->now;
    for (int i = 0; i < pb->cur.count; i++) {
        place_video *it = &pb->cur.items[i];
        player *pl = &it->pl;
        if (pl->state == PLAYER_OPENING || pl->state == PLAYER_CLOSED) {
            /* open here and now: join the opening thread */
            player_seek(&pb->env, pl, 0.0, now);
        }
        if (it->poster.state == PLAYER_OPENING)
            player_seek(&pb->env, &it->poster, 0.0, now);
        if (pl->state == PLAYER_FAILED || !pl->clip)
            continue;
        player_pause(&pb->env, pl, now);
        double dur = player_duration(pl);
        double at = t;
        if (dur > 0 && at >= dur)
            at = pl->loop ? fmod(at, dur) : dur - 1e-3;
        player_seek(&pb->env, pl, at, now);
        /* At a time, the frame of that time; without one (t = 0), the poster as a visitor
         * first sees it. */
        if (t > 0 && (pl->state == PLAYER_STOPPED || pl->state == PLAYER_ENDED))
            pl->state = PLAYER_PAUSED;
    }
    if (pb->cinema >= 0 && t > 0)
        pb->playlist = false; /* a shot at a time shows the film, not the playlist */
    bind_materials(v);
}
