/* app: the command line (run, shot, check) and the commands that need no window.
 * Main thread only. */
#include "app/app_internal.h"
#include "author/author.h"
#include "media/media.h"
#include "media/subtitle.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stb/stb_image_write.h>

#ifndef PAVILION_DATA_FROM_BIN
#define PAVILION_DATA_FROM_BIN "../share/pavilion"
#endif

static void usage(FILE *f)
{
    fprintf(f,
            "usage: pavilion [SCENE] [options]          open an exhibition (the demo without SCENE)\n"
            "       pavilion shot SCENE --out FILE.png [--place ID] [--view Y,P,F] [--size WxH]\n"
            "                                            [--time SECONDS] [--lang CODE] [--scale S]\n"
            "                                            [--open ID|places|map|languages|help]\n"
            "       pavilion check [SCENE]               validate a scene and every file it names\n"
            "                                            (the demo without SCENE)\n"
            "       pavilion bench --pano FILE.jpg [--demo SCENE] [--model FILE.glb]\n"
            "                      [--clip FILE.mp4] [--clip-360 FILE.mp4]\n"
            "                                            measure rendering and loading\n"
            "       pavilion tile PANO.jpg --out DIR [--tile-size 512] [--levels N] [--quality Q]\n"
            "                                            cut a panorama into multires tiles\n"
            "options:\n"
            "  --place ID          start at this place\n"
            "  --view YAW,PITCH,FOV  start looking this way (degrees)\n"
            "  --size WxH          window or image size in pixels\n"
            "  --fullscreen        full screen (F11 toggles)\n"
            "  --events FILE       append one JSON line per place entered and hotspot used\n"
            "  --frames FILE       write one JSON line per video frame shown (pts, clock)\n"
            "  --time SECONDS      shot: every video at its frame for this time (default: the\n"
            "                      first frame)\n"
            "  --lang CODE         language of the interface and texts (default: the\n"
            "                      system's, else English)\n"
            "  --scale S           the interface's pixels per point, 0.5-4 (default: the\n"
            "                      display's, from its density; PAVILION_SCALE; a shot: 1)\n"
            "  --open WHAT         shot: with a hotspot's panel open (its id), or the\n"
            "                      place menu, the floor plan, the language menu or help\n"
            "                      open\n"
            "  --hwdec             decode videos on the GPU with VAAPI where the machine\n"
            "                      offers it (also PAVILION_HWDEC=vaapi); software otherwise\n"
            "  --no-network        do not open videos that are URLs (streams); kiosks can set\n"
            "                      PAVILION_NO_NETWORK=1 instead (run, shot, check)\n"
            "  --help, --version\n"
            "in the window: drag, arrows or WASD to look; wheel, pinch, +/- to zoom;\n"
            "click a marker to go there; Backspace or Alt+Left goes back; Esc closes a panel;\n"
            "F12 saves a screenshot (pavilion-PLACE-N.png) in the current folder.\n");
}

static int bad_arg(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "pavilion: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, " (see pavilion --help)\n");
    return 2;
}

static bool parse_floats(const char *s, float *out, int n)
{
    const char *p = s;
    for (int i = 0; i < n; i++) {
        char *end;
        errno = 0;
        double d = strtod(p, &end);
        if (end == p || errno || !isfinite(d))
            return false;
        out[i] = (float)d;
        p = end;
        if (i + 1 < n) {
            if (*p != ',')
                return false;
            p++;
        }
    }
    return *p == 0;
}

static bool parse_size(const char *s, int *w, int *h)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return false;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end)
        return false;
    if (a < 16 || b < 16 || a > 16384 || b > 16384)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* Parses options after the command word; returns 0 or the exit code 2. */
static int parse_options(int argc, char **argv, int first, app_options *o, bool scene_required,
                         const char *command)
{
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = strcmp(a, "--place") == 0 || strcmp(a, "--view") == 0 ||
                     strcmp(a, "--size") == 0 || strcmp(a, "--events") == 0 ||
                     strcmp(a, "--out") == 0 || strcmp(a, "--lang") == 0 ||
                     strcmp(a, "--time") == 0 || strcmp(a, "--open") == 0 ||
                     strcmp(a, "--frames") == 0 || strcmp(a, "--scale") == 0;
        if (takes && !val)
            return bad_arg("%s needs a value%s", a, "");
        if (strcmp(a, "--place") == 0) {
            o->place = val;
        } else if (strcmp(a, "--view") == 0) {
            float f[3];
            if (!parse_floats(val, f, 3))
                return bad_arg("--view %s: expected YAW,PITCH,FOV in degrees, e.g. 30,-5,90%s",
                               val, "");
            if (f[1] < -90 || f[1] > 90 || f[2] < 1 || f[2] > 179)
                return bad_arg("--view %s: pitch must be within -90..90 and fov within 1..179%s",
                               val, "");
            o->view = (pv_view){pv_wrap_deg(f[0]), f[1], f[2]};
            o->has_view = true;
        } else if (strcmp(a, "--size") == 0) {
            if (!parse_size(val, &o->width, &o->height))
                return bad_arg("--size %s: expected WIDTHxHEIGHT between 16 and 16384, e.g. "
                               "1280x720%s", val, "");
        } else if (strcmp(a, "--events") == 0) {
            o->events = val;
        } else if (strcmp(a, "--out") == 0) {
            o->out = val;
        } else if (strcmp(a, "--lang") == 0) {
            o->lang = val;
        } else if (strcmp(a, "--open") == 0) {
            o->open = val;
        } else if (strcmp(a, "--scale") == 0) {
            float f;
            if (!parse_floats(val, &f, 1) || f < 0.5f || f > 4)
                return bad_arg("--scale %s: expected the interface's pixels per point, 0.5 to "
                               "4 (2 for a HiDPI screen)%s", val, "");
            o->scale = f;
        } else if (strcmp(a, "--frames") == 0) {
            o->frames_log = val;
        } else if (strcmp(a, "--time") == 0) {
            float t;
            if (!parse_floats(val, &t, 1) || t < 0 || t > 1e6)
                return bad_arg("--time %s: expected seconds from the start, e.g. 2.5%s", val, "");
            o->time = t;
            o->has_time = true;
        } else if (strcmp(a, "--fullscreen") == 0) {
            o->fullscreen = true;
        } else if (strcmp(a, "--no-network") == 0) {
            o->no_network = true;
        } else if (strcmp(a, "--hwdec") == 0) {
            o->hwdec = true;
        } else if (a[0] == '-' && a[1]) {
            return bad_arg("unknown option %s for %s", a, command);
        } else if (!o->scene) {
            o->scene = a;
            continue;
        } else {
            return bad_arg("unexpected argument %s (%s takes one scene file)", a, command);
        }
        if (takes)
            i++;
    }
    if (scene_required && !o->scene)
        return bad_arg("%s needs a scene file%s", command, "");
    return 0;
}

bool app_write_png(const char *path, int w, int h, const uint8_t *rgba)
{
    if (!stbi_write_png(path, w, h, 4, rgba, w * 4)) {
        fprintf(stderr, "pavilion: cannot write %s\n", path);
        return false;
    }
    return true;
}

int app_shot(const app_options *opt)
{
    viewer v;
    int code = 1;
    if (viewer_init(&v, opt, true) != PV_OK)
        goto done;
    if (!render_places_load_now(v.cache, viewer_place(&v))) {
        fprintf(stderr, "%s\n", render_places_error(v.cache, viewer_place(&v)));
        goto done;
    }
    if (opt->open && !viewer_open(&v, opt->open))
        goto done;
    /* Videos show their frame for --time (the first frame without it). */
    video_show_at(v.video, opt->has_time ? opt->time : 0.0, v.now);
    int w = opt->width > 0 ? opt->width : 1280, h = opt->height > 0 ? opt->height : 720;
    gfx_target *t = gfx_target_create(v.g, w, h);
    if (!t)
        goto done;
    gfx_target_bind(v.g, t);
    /* A multires place: the tiles this view needs, at the level it needs, are in first. */
    gfx_pano_sharpen(v.g, render_places_full(v.cache, viewer_place(&v)), viewer_view(&v), w, h);
    viewer_render(&v, w, h);
    uint8_t *px = pv_malloc((size_t)w * (size_t)h * 4);
    gfx_read_pixels(v.g, w, h, px);
    gfx_target_bind(v.g, NULL);
    gfx_target_destroy(v.g, &t);
    if (app_write_png(opt->out, w, h, px))
        code = 0;
    free(px);
done:
    viewer_shutdown(&v);
    return code;
}

/* An image a scene names (panorama or environment): readable, 2:1, whole. */
static void check_image(pv_diags *d, const scene_exhibit *ex, const char *path, const char *src,
                        int line, int col, const char *key)
{
    char why[512];
    asset_image_kind kind;
    int w, h;
    pv_result r = asset_image_probe(path, &kind, &w, &h, why, sizeof(why));
    /* JPEGs wider than the GPU holds are shown shrunk (DCT scaling); PNGs are not. */
    if (r == PV_OK)
        r = asset_pano_check_shape(w, h, kind == ASSET_IMAGE_PNG ? 16384 : 0, why, sizeof(why));
    if (r == PV_OK && w > 8192) {
        /* as asset_equirect_load will show it on a GPU that holds 16384 pixels */
        int s = kind == ASSET_IMAGE_JPEG ? asset_equirect_fit_scale(w, h, 16384) : 1;
        int sw = s > 0 ? (w + s - 1) / s : w, sh = s > 0 ? (h + s - 1) / s : h;
        char shown[96] = "";
        if (s != 1)
            snprintf(shown, sizeof(shown), ", shown at %dx%d (at most %.0f megapixels as one "
                     "image)", sw, sh, ASSET_EQ_MAX_SHOWN_PIXELS / 1e6);
        char cache[700];
        author_cache_note(path, kind, w, h, cache, sizeof(cache));
        pv_diags_add(d, PV_SEV_WARNING, ex->path, line, col,
                     "%s \"%s\" is %dx%d%s: it takes about %.0f MB of memory while it loads "
                     "and seconds to open%s; cut it into tiles for a quick view, sharp at every "
                     "zoom, in bounded memory: pavilion tile %s --out DIR",
                     key, src, w, h, shown, (double)sw * sh * 4.0 * (4.0 / 3.0) * 2.0 / 1048576.0,
                     cache, src);
    }
    if (r == PV_OK) {
        /* A quick decode (DCT-scaled for JPEG) still reads every byte: truncation shows. */
        asset_image img;
        r = asset_image_load(path, 8, &img, why, sizeof(why));
        if (r == PV_OK && img.warning[0])
            pv_diags_add(d, PV_SEV_WARNING, ex->path, line, col, "%s \"%s\" %s", key, src,
                         img.warning);
        asset_image_free(&img);
    }
    if (r != PV_OK)
        pv_diags_add(d, PV_SEV_ERROR, ex->path, line, col, "%s \"%s\" %s", key, src, why);
}

/* A poster, a portrait or a floor plan (`key`): any readable image. */
static void check_image_file(pv_diags *d, const scene_exhibit *ex, const char *path,
                             const char *src, int line, int col, const char *key)
{
    char why[512];
    asset_image_kind kind;
    int w, h;
    if (asset_image_probe(path, &kind, &w, &h, why, sizeof(why)) != PV_OK)
        pv_diags_add(d, PV_SEV_ERROR, ex->path, line, col, "%s \"%s\" %s", key, src, why);
}

/* PAVILION_NO_NETWORK=1 (any value but empty or 0): what --no-network does. */
static bool no_network_env(void)
{
    const char *e = getenv("PAVILION_NO_NETWORK");
    return e && *e && strcmp(e, "0") != 0;
}

/* A video a scene names: it opens and its first frame decodes. A 360 video should be 2:1.
 * A stream (URL) that cannot be reached is a warning: a live broadcast may not have begun
 * yet, and the place shows a card until it has. With --no-network it is not opened. */
static void check_video(pv_diags *d, const scene_exhibit *ex, const scene_video *v,
                        const char *key, bool equirect, bool no_network)
{
    if (v->poster)
        check_image_file(d, ex, v->poster, v->poster_src, v->poster_line, v->poster_col,
                         "poster");
    if (!v->path)
        return;
    bool url = media_is_url(v->path);
    if (url && no_network) {
        pv_diags_add(d, PV_SEV_WARNING, ex->path, v->line, v->col,
                     "%s \"%s\": network videos are turned off on this kiosk (--no-network); "
                     "it shows a \"Cannot play\" card", key, v->src);
        return;
    }
    media_open_desc md = {.path = v->path};
    media_clip *c = NULL;
    char why[512];
    if (media_clip_open(&md, &c, why, sizeof(why)) != PV_OK) {
        char name[512];
        const char *shown = url ? media_display_name(v->path, name, sizeof(name)) : v->path;
        pv_diags_add(d, url ? PV_SEV_WARNING : PV_SEV_ERROR, ex->path, v->line, v->col,
                     "%s \"%s\": %s%s", key, v->src, pv_path_reason(why, shown),
                     url ? " (a live stream may not have started yet)" : "");
        return;
    }
    media_info info;
    media_clip_info(c, &info);
    if (equirect && info.width != 2 * info.height)
        pv_diags_add(d, PV_SEV_WARNING, ex->path, v->line, v->col,
                     "%s \"%s\" is %dx%d; a 360 video is equirectangular, twice as wide as "
                     "high, so this one will look stretched", key, v->src, info.width,
                     info.height);
    media_clip_close(&c);
}

static void check_subtitles(pv_diags *d, const scene_exhibit *ex, const scene_subtitle *st)
{
    if (!st->path)
        return;
    media_subs *subs = NULL;
    char why[512];
    if (media_subs_load(st->path, &subs, why, sizeof(why)) != PV_OK)
        pv_diags_add(d, PV_SEV_ERROR, ex->path, st->line, st->col, "subtitles \"%s\": %s",
                     st->src, pv_path_reason(why, st->path));
    media_subs_free(&subs);
}

/* The materials a place shows videos on must be in its model. */
static void check_material(pv_diags *d, const scene_exhibit *ex, const scene_place *p,
                           const asset_model *m, const char *name, int line, int col)
{
    if (!name)
        return;
    for (int i = 0; i < m->material_count; i++)
        if (m->materials[i].name && strcmp(m->materials[i].name, name) == 0)
            return;
    char list[400] = "";
    size_t used = 0;
    for (int k = 0; k < m->material_count && k < 10 && used < sizeof(list) - 80; k++)
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s\"%.60s\"", k ? ", " : "",
                                 m->materials[k].name ? m->materials[k].name : "");
    pv_diags_add(d, PV_SEV_ERROR, ex->path, line, col,
                 "material \"%s\" is not in %s (its materials: %s%s)", name, p->model_src, list,
                 m->material_count > 10 ? ", ..." : "");
}

/* A model place: the model loads, and every node its hotspots and colliders name exists. */
static void check_model(pv_diags *d, const scene_exhibit *ex, const scene_place *p)
{
    char *scene_dir = pv_path_dir(ex->path); /* files inside models stay in it */
    asset_model_desc md = {.path = p->model, .scale = p->scale, .no_proxy = true,
                           .root = scene_dir};
    memcpy(md.rotate, p->rotate, sizeof(md.rotate));
    asset_model *m = NULL;
    char why[512];
    pv_diags warnings = {0};
    pv_result r = asset_model_load(&md, &m, &warnings, why, sizeof(why));
    free(scene_dir);
    for (int i = 0; i < warnings.count; i++) /* the model's own problems, under its name */
        pv_diags_add(d, warnings.items[i].severity, warnings.items[i].file,
                     warnings.items[i].line, warnings.items[i].col, "%s",
                     warnings.items[i].message);
    pv_diags_free(&warnings);
    if (r != PV_OK) {
        pv_diags_add(d, PV_SEV_ERROR, ex->path, p->model_line, p->model_col, "model \"%s\": %s",
                     p->model_src, pv_path_reason(why, p->model));
        return;
    }
    const char **names = pv_calloc((size_t)m->node_count, sizeof(char *));
    for (int i = 0; i < m->node_count; i++)
        names[i] = m->nodes[i].name ? m->nodes[i].name : "";
    for (int i = 0; i < p->hotspot_count; i++) {
        const scene_hotspot *h = &p->hotspots[i];
        if (!h->node || asset_model_find_node(m, h->node) >= 0)
            continue;
        const char *best = NULL;
        int best_d = 3;
        for (int k = 0; k < m->node_count; k++) {
            int dist = pv_edit_distance(h->node, names[k]);
            if (dist < best_d) {
                best_d = dist;
                best = names[k];
            }
        }
        if (best)
            pv_diags_add(d, PV_SEV_ERROR, ex->path, h->node_line, h->node_col,
                         "node \"%s\" is not in %s (did you mean \"%s\"?)", h->node,
                         p->model_src, best);
        else {
            char list[400] = "";
            size_t used = 0;
            for (int k = 0; k < m->node_count && k < 8 && used < sizeof(list) - 80; k++)
                used += (size_t)snprintf(list + used, sizeof(list) - used, "%s\"%.60s\"",
                                         k ? ", " : "", names[k]);
            pv_diags_add(d, PV_SEV_ERROR, ex->path, h->node_line, h->node_col,
                         "node \"%s\" is not in %s (its nodes: %s%s)", h->node, p->model_src,
                         list, m->node_count > 8 ? ", ..." : "");
        }
    }
    for (int i = 0; i < p->collider_count; i++)
        if (asset_model_find_node(m, p->colliders[i]) < 0)
            pv_diags_add(d, PV_SEV_ERROR, ex->path, p->colliders_line, p->colliders_col,
                         "collider \"%s\" is not a node of %s", p->colliders[i], p->model_src);
    for (int i = 0; i < p->screen_count; i++)
        check_material(d, ex, p, m, p->screens[i].material, p->screens[i].material_line,
                       p->screens[i].material_col);
    if (p->cinema.present)
        check_material(d, ex, p, m, p->cinema.material, p->cinema.material_line,
                       p->cinema.material_col);
    free(names);
    asset_model_free(&m);
}

/* `pavilion check`, with --no-network or not. */
static int check_scene(const char *scene_path, bool no_network)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    scene_load(scene_path, &ex, &d);
    scene_check_languages(ex, &d);
    int images = 0, models = 0, videos = 0, pictures = 0; /* pictures: portraits and plans */
    if (ex && ex->map.image) {
        check_image_file(&d, ex, ex->map.image, ex->map.image_src, ex->map.image_line,
                         ex->map.image_col, "map image");
        pictures++;
    }
    for (int i = 0; ex && i < ex->place_count; i++) {
        const scene_place *p = &ex->places[i];
        if (p->panorama && p->panorama_video) {
            scene_video pv = {.path = p->panorama, .src = p->panorama_src,
                              .line = p->panorama_line, .col = p->panorama_col};
            check_video(&d, ex, &pv, "panorama", true, no_network);
            videos++;
        } else if (p->panorama) {
            check_image(&d, ex, p->panorama, p->panorama_src, p->panorama_line, p->panorama_col,
                        "panorama");
            images++;
        }
        if (p->environment) {
            check_image(&d, ex, p->environment, p->environment_src, p->environment_line,
                        p->environment_col, "environment");
            images++;
        }
        if (p->model) {
            check_model(&d, ex, p);
            models++;
        }
        author_check_tiled(&d, ex, p);
        for (int k = 0; k < p->hotspot_count; k++) {
            const scene_hotspot *h = &p->hotspots[k];
            if (h->type == SCENE_HOTSPOT_VIDEO) {
                check_video(&d, ex, &h->video, "video", false, no_network);
                videos++;
            }
            for (int m = 0; m < h->person_count; m++)
                if (h->people[m].photo) {
                    check_image_file(&d, ex, h->people[m].photo, h->people[m].photo_src,
                                     h->people[m].photo_line, h->people[m].photo_col, "photo");
                    pictures++;
                }
        }
        for (int k = 0; k < p->screen_count; k++) {
            check_video(&d, ex, &p->screens[k].video, "video", false, no_network);
            videos++;
        }
        for (int k = 0; k < p->cinema.film_count; k++) {
            const scene_film *f = &p->cinema.films[k];
            check_video(&d, ex, &f->video, "video", false, no_network);
            videos++;
            if (f->poster)
                check_image_file(&d, ex, f->poster, f->poster_src, f->poster_line,
                                 f->poster_col, "poster");
            for (int s = 0; s < f->subtitle_count; s++)
                check_subtitles(&d, ex, &f->subtitles[s]);
        }
    }
    pv_diags_print(&d, stderr);
    int code = d.errors ? 1 : 0;
    if (d.errors || d.warnings)
        fprintf(stderr, "%s: %d error%s, %d warning%s\n", pv_path_display(scene_path), d.errors,
                d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s");
    if (!d.errors && ex) {
        int hotspots = 0;
        for (int i = 0; i < ex->place_count; i++)
            hotspots += ex->places[i].hotspot_count;
        printf("%s: ok: %d places, %d hotspots, %d panoramas checked", pv_path_display(scene_path),
               ex->place_count, hotspots, images);
        if (models)
            printf(", %d model%s", models, models == 1 ? "" : "s");
        if (videos)
            printf(", %d video%s", videos, videos == 1 ? "" : "s");
        if (pictures)
            printf(", %d picture%s", pictures, pictures == 1 ? "" : "s");
        printf("\n");
    }
    pv_diags_free(&d);
    scene_free(&ex);
    return code;
}

int app_check(const char *scene_path)
{
    return check_scene(scene_path, no_network_env());
}

char *app_exe_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    return pv_path_dir(exe);
}

char *app_data_path(const char *rel)
{
    char *bin = app_exe_dir();
    if (!bin)
        return NULL;
    char *bases[2] = {pv_strdup(bin), pv_path_join(bin, PAVILION_DATA_FROM_BIN)};
    char *found = NULL;
    for (int i = 0; i < 2; i++) {
        char *path = pv_path_join(bases[i], rel);
        char *normal = pv_path_normalize(path);
        if (!found && pv_file_exists(normal))
            found = pv_strdup(normal);
        free(normal);
        free(path);
        free(bases[i]);
    }
    free(bin);
    return found;
}

/* The demo's scene the program ships, or NULL after saying it is not there. */
static char *demo_scene(void)
{
    char *demo = app_data_path("demo/expo.json");
    if (!demo)
        fprintf(stderr, "pavilion: the demo exhibition is neither beside the program (demo/) "
                        "nor in %s/demo: name a scene\n", PAVILION_DATA_FROM_BIN);
    return demo;
}

int app_main(int argc, char **argv)
{
    app_options o;
    memset(&o, 0, sizeof(o));
    /* Panoramas come and go in blocks of tens of megabytes: keep freed blocks in the heap
     * for the next one instead of returning them to the system and faulting them in again
     * (page faults were a third of an 8K panorama's load time). */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    if (getenv("PAVILION_DEBUG"))
        pv_log_set_level(PV_LOG_DEBUG);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("pavilion %s\n", PAVILION_VERSION);
            return 0;
        }
    }
    const char *cmd = argc > 1 ? argv[1] : "";
    int rc;
    o.no_network = no_network_env(); /* kiosks set it in their service file */
    const char *hw = getenv("PAVILION_HWDEC");
    o.hwdec = hw && strcmp(hw, "vaapi") == 0;
    if (strcmp(cmd, "shot") == 0) {
        if ((rc = parse_options(argc, argv, 2, &o, true, "shot")))
            return rc;
        if (!o.out)
            return bad_arg("shot needs --out FILE.png%s%s", "", "");
        return app_shot(&o);
    }
    if (strcmp(cmd, "check") == 0) {
        if ((rc = parse_options(argc, argv, 2, &o, false, "check")))
            return rc;
        char *demo = o.scene ? NULL : demo_scene();
        if (!o.scene && !demo)
            return 1;
        rc = check_scene(o.scene ? o.scene : demo, o.no_network);
        free(demo);
        return rc;
    }
    if (strcmp(cmd, "tile") == 0)
        return author_tile(argc - 2, argv + 2);
    if ((rc = parse_options(argc, argv, 1, &o, false, "pavilion")))
        return rc;
    char *demo = NULL;
    if (!o.scene && !(o.scene = demo = demo_scene()))
        return 1;
    viewer v;
    int code = 1;
    if (viewer_init(&v, &o, false) == PV_OK)
        code = viewer_run(&v);
    viewer_shutdown(&v);
    free(demo);
    return code;
}
