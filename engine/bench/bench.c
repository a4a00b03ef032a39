/* bench: `pavilion bench` prints `name: value unit` lines, each timing beside its floor
 * measured in the same run (machines are noisy: compare ratios, not absolute times).
 * Linked into the pavilion program only, not into the engine library: its inputs (the 8K
 * panorama, the clips, a sample model) come from arguments, which `make bench` passes.
 * Main thread; loading uses the loader's two threads. */
#include "bench/bench.h"
#include "app/app.h"
#include "app/app_internal.h"
#include "asset/tiles.h"
#include "play/play.h"
#include "media/media.h"

#include <spawn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cglm/cglm.h>
#include <jansson.h>
#include <math.h>

extern char **environ;

/* What to measure with: every path from the command line; a missing one skips its lines. */
typedef struct bench_options {
    const char *pano;     /* --pano: an 8192x4096 equirectangular JPEG (required) */
    const char *demo;     /* --demo: the demo's scene (default: the one the program ships) */
    const char *model;    /* --model: a glTF/GLB to time loading */
    const char *clip;     /* --clip: a 1080p30 H.264 clip */
    const char *clip_360; /* --clip-360: a 3840x1920 360 H.264 clip */
    const char *pano_16k; /* --pano-16k: a 16384x8192 JPEG, to measure opening it */
    const char *pano_32k; /* --pano-32k: a 32768x16384 JPEG */
    char *cache_32k;      /* the tile cache its load_32k child left, with its pyramid */
} bench_options;

static int cmp_double_fn(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct play_result {
    int64_t presented, dropped;
    double seconds, frame_ms; /* wall time; median render time of a frame */
    double upload_ms;         /* median time taking a frame and uploading its planes */
} play_result;

/* Plays a clip in real time the way the viewer does (player.c presents by timestamps, late
 * frames are dropped) for `seconds`, looping, rendering each new frame into the bound
 * `width` x `height` target: on a cinema screen in front of a panorama (`pano`), or as a 360
 * video place (pano NULL). The render waits for the GPU each frame, as a swap would. */
static bool play_clip(gfx *g, const char *path, gfx_pano *pano, int width, int height,
                      double seconds, play_result *out)
{
    player_env env = {.g = g};
    player p;
    memset(out, 0, sizeof(*out));
    if (!player_open_now(&env, &p, path, path, false, true, 1.0f)) {
        fprintf(stderr, "pavilion: bench: %s\n", p.error);
        player_close(&env, &p);
        return false;
    }
    float corners[4][3];
    gfx_sphere_screen_corners(0.0f, 4.0f, 64.0f, 16.0f / 9.0f, corners);
    pv_view view = {0.0f, 2.0f, 80.0f};
    const float bg[3] = {0, 0, 0};
    double *times = pv_malloc(sizeof(double) * 4096), *uploads = pv_malloc(sizeof(double) * 4096);
    int nt = 0, nu = 0;
    double t0 = pv_now();
    player_play(&env, &p, t0);
    for (;;) {
        double now = pv_now();
        if (now - t0 >= seconds)
            break;
        double u0 = pv_now();
        if (player_update(&env, &p, now)) {
            gfx_finish(g); /* the upload's cost is not billed to the draw */
            double r0 = pv_now();
            if (nu < 4096)
                uploads[nu++] = r0 - u0;
            gfx_begin(g, width, height, bg);
            if (pano) {
                gfx_draw_pano(g, pano, &view, width, height, 1.0f);
                gfx_draw_video_sphere(g, p.tex, &view, width, height, corners, 1.0f);
            } else {
                view.yaw = (float)(now - t0) * 6.0f; /* the visitor looks around slowly */
                gfx_draw_video_360(g, p.tex, &view, width, height, 1.0f);
            }
            gfx_finish(g);
            if (nt < 4096)
                times[nt++] = pv_now() - r0;
        }
        double wait = player_wait(&p, pv_now());
        if (wait > 0.001)
            pv_sleep_ms((int)(wait * 1000.0));
    }
    out->seconds = pv_now() - t0;
    out->presented = p.presented;
    out->dropped = p.dropped;
    qsort(times, (size_t)nt, sizeof(double), cmp_double_fn);
    out->frame_ms = nt ? times[nt / 2] * 1000.0 : 0;
    qsort(uploads, (size_t)nu, sizeof(double), cmp_double_fn);
    out->upload_ms = nu ? uploads[nu / 2] * 1000.0 : 0;
    free(times);
    free(uploads);
    player_close(&env, &p);
    return true;
}

/* Decodes a clip as fast as possible through media_clip (its own decode thread); frames per
 * second, or -1. */
static double video_decode_fps(const char *path, int *frames_out)
{
    media_clip *c = NULL;
    char why[512];
    media_open_desc d = {.path = path, .queue_frames = 16};
    if (media_clip_open(&d, &c, why, sizeof(why)) != PV_OK) {
        fprintf(stderr, "pavilion: bench: %s\n", why);
        return -1;
    }
    int frames = 0;
    double t0 = pv_now();
    media_frame f;
    for (;;) {
        bool ended = media_clip_ended(c); /* read first: frames queued before it still come */
        if (media_clip_next_frame(c, &f)) {
            frames++;
            media_frame_release(c, &f);
        } else if (ended) {
            break;
        } else {
            pv_sleep_ms(0);
        }
    }
    double s = pv_now() - t0;
    media_clip_close(&c);
    *frames_out = frames;
    return frames / s;
}

/* The same clip through the ffmpeg command (package ffmpeg), 2 threads, decode only. */
static double ffmpeg_decode_fps(const char *path, int frames)
{
    char *argv[] = {"ffmpeg", "-v", "quiet", "-threads", "2", "-i", (char *)path, "-f", "null",
                    "-", NULL};
    double t0 = pv_now();
    pid_t pid;
    if (posix_spawnp(&pid, "ffmpeg", NULL, NULL, argv, environ) != 0)
        return -1;
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return frames / (pv_now() - t0);
}


static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* CPU seconds used so far by this process and its waited-for children (the import helper). */
static double cpu_seconds(void)
{
    double s = 0;
    struct rusage u;
    if (getrusage(RUSAGE_SELF, &u) == 0)
        s += (double)u.ru_utime.tv_sec + (double)u.ru_stime.tv_sec +
             ((double)u.ru_utime.tv_usec + (double)u.ru_stime.tv_usec) * 1e-6;
    if (getrusage(RUSAGE_CHILDREN, &u) == 0)
        s += (double)u.ru_utime.tv_sec + (double)u.ru_stime.tv_sec +
             ((double)u.ru_utime.tv_usec + (double)u.ru_stime.tv_usec) * 1e-6;
    return s;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Runs libjpeg-turbo's own decoder on the file; seconds, or -1 when djpeg is missing. */
static double time_djpeg(const char *path)
{
    char *argv[] = {"djpeg", "-outfile", "/dev/null", (char *)path, NULL};
    double t0 = pv_now();
    pid_t pid;
    if (posix_spawnp(&pid, "djpeg", NULL, NULL, argv, environ) != 0)
        return -1;
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return pv_now() - t0;
}

typedef struct bench_stream {
    gfx *g;
    gfx_equirect *e;
    pv_view view; /* drawn first */
    int w, h;
    double t_first, upload_s;
} bench_stream;

static void bench_upload(void *user, const uint8_t *rgba, int w, int h, int rows)
{
    bench_stream *bs = user;
    double t0 = pv_now();
    if (!bs->e) {
        bs->e = gfx_equirect_create(bs->g, w, h);
        if (getenv("PAVILION_BENCH_DEBUG"))
            printf("# texture created in %.0f ms\n", (pv_now() - t0) * 1e3);
    }
    if (!bs->t_first)
        bs->t_first = t0;
    /* as the viewer does: the view's part first, the rest once it can be drawn */
    gfx_equirect_focus(bs->e, &bs->view, bs->w, bs->h);
    bool shows = gfx_equirect_ready(bs->e, &bs->view, bs->w, bs->h);
    gfx_equirect_feed(bs->g, bs->e, rgba, rows, shows ? 256 : 0);
    bs->upload_s += pv_now() - t0;
}

/* Frames of a model seen from an orbit turning every frame, multisampled, lit by `env`
 * (may be NULL), with the environment panorama behind when given, drawing the model's proxy
 * when asked to (as booths do while the camera moves); median milliseconds. */
static double model_frames_lod(gfx *g, gfx_model *gm, const asset_model *m, gfx_pano *pano,
                               gfx_env *env, int w, int h, int frames, int samples, bool proxy)
{
    float c[3], r = 1.0f;
    for (int i = 0; i < 3; i++)
        c[i] = 0.5f * (m->bounds_min[i] + m->bounds_max[i]);
    r = 0.5f * sqrtf((m->bounds_max[0] - m->bounds_min[0]) * (m->bounds_max[0] - m->bounds_min[0]) +
                     (m->bounds_max[1] - m->bounds_min[1]) * (m->bounds_max[1] - m->bounds_min[1]) +
                     (m->bounds_max[2] - m->bounds_min[2]) * (m->bounds_max[2] - m->bounds_min[2]));
    double *t = pv_malloc(sizeof(double) * (size_t)frames);
    static const float bg[3] = {0.1f, 0.1f, 0.1f};
    for (int i = -3; i < frames; i++) {
        pv_view look = {(float)i * 2.0f + 20.0f, -15.0f, 70.0f};
        float f[3], eye[3];
        pv_view_dir(look.yaw, look.pitch, f);
        float dist = r / sinf((float)PV_DEG2RAD(pv_view_vfov(look.fov, w, h)) * 0.5f);
        for (int k = 0; k < 3; k++)
            eye[k] = c[k] - f[k] * dist;
        float vp[16];
        pv_view_proj_at(&look, eye, w, h, 0.05f, dist * 4.0f + r * 4.0f, vp);
        gfx_scene3d s = {.light_dir = {-0.35f, -0.82f, -0.45f}, .light_color = {1, 0.97f, 0.92f},
                         .light_intensity = 3.0f, .exposure = 1.0f, .proxy = proxy};
        memcpy(s.view_proj, vp, sizeof(s.view_proj));
        memcpy(s.eye, eye, sizeof(s.eye));
        double t0 = pv_now();
        gfx_begin(g, w, h, bg);
        gfx_msaa_begin(g, w, h, samples);
        if (pano)
            gfx_draw_pano(g, pano, &look, w, h, 1.0f);
        gfx_draw_model(g, gm, env, &s);
        gfx_msaa_end(g);
        gfx_finish(g);
        if (i >= 0)
            t[i] = pv_now() - t0;
    }
    double ms = median(t, frames) * 1000.0;
    free(t);
    return ms;
}

static double model_frames(gfx *g, gfx_model *gm, const asset_model *m, gfx_pano *pano,
                           gfx_env *env, int w, int h, int frames, int samples)
{
    return model_frames_lod(g, gm, m, pano, env, w, h, frames, samples, false);
}

/* text_layout_us: a 500-character paragraph mixing Latin, Cyrillic, Arabic, Japanese, Korean
 * and Chinese, laid out at 17 px in 360 px lines: a fresh layout (shaping, bidi, line breaks;
 * the faces already loaded), then the same desc from a layout cache, as a frame would ask. */
static void bench_text_layout(void)
{
    static const char *const parts[] = {"Welcome to the hall. ", "Добро пожаловать. ",
                                        "مرحبا بكم في المعرض. ", "展示会へようこそ。",
                                        "전시회에 오신 것을 환영합니다. ", "欢迎来到展览馆。"};
    char text[4096] = "";
    size_t len = 0, cps = 0;
    for (int i = 0; cps < 500; i = (i + 1) % 6) {
        for (const char *p = parts[i]; *p; p++) {
            bool lead = ((unsigned char)*p & 0xC0) != 0x80;
            if (lead && cps == 500)
                break;
            cps += lead;
            text[len++] = *p;
        }
    }
    text[len] = 0;
    text_font *f = NULL;
    if (text_font_open("DejaVu Sans", &f) != PV_OK) {
        printf("# text_layout_us: no font\n");
        return;
    }
    text_layout_desc d = {.utf8 = text, .px = 17, .max_width = 360};
    text_layout *warm = NULL;
    text_layout_create(f, &d, &warm); /* loads the faces */
    text_layout_destroy(&warm);
    enum { RUNS = 20, CACHED = 2000 };
    double first[RUNS];
    for (int i = 0; i < RUNS; i++) {
        text_layout *l = NULL;
        double t0 = pv_now();
        text_layout_create(f, &d, &l);
        first[i] = pv_now() - t0;
        text_layout_destroy(&l);
    }
    text_layout_cache *cache = text_layout_cache_create(f, 64);
    text_layout_cache_get(cache, &d);
    double t0 = pv_now();
    for (int i = 0; i < CACHED; i++)
        text_layout_cache_get(cache, &d);
    double cached = (pv_now() - t0) / CACHED;
    text_layout_cache_destroy(&cache);
    text_font_close(&f);
    printf("text_layout_us: %.0f us (500-character mixed-script paragraph, first layout)\n",
           median(first, RUNS) * 1e6);
    printf("text_layout_cached_us: %.2f us (the same paragraph from the layout cache)\n",
           cached * 1e6);
}

/* ui_frame_ms: an info panel (a title, paragraphs in Latin, Arabic and Japanese, a bold line,
 * a close button) and a bar of three buttons described, laid out and drawn by ui/ over the
 * panorama at w x h (1.5 pixels per point) while the view turns; each such frame is timed
 * beside a frame of the panorama alone, so both see the same machine load. Layouts come from
 * ui's cache after the first frame, as in the viewer. */
static void bench_ui_frame(gfx *g, gfx_pano *pano, int w, int h, double *ui_ms,
                           double *alone_ms)
{
    enum { FRAMES = 40 };
    *ui_ms = *alone_ms = -1;
    text_font *f = NULL, *b = NULL;
    ui *u = NULL;
    if (text_font_open("DejaVu Sans", &f) != PV_OK ||
        text_font_open("DejaVu Sans:bold", &b) != PV_OK ||
        ui_create(&(ui_desc){.font = f, .bold = b}, &u) != PV_OK)
        goto done;
    const ui_block blocks[] = {
        {.kind = UI_BLOCK_PARAGRAPH,
         .utf8 = "The hall gathers the regional teams. Walk to a stand to meet them, or open "
                 "the cinema for the keynote film."},
        {.kind = UI_BLOCK_PARAGRAPH,
         .utf8 = "\u062A\u062C\u0645\u0639 \u0627\u0644\u0642\u0627\u0639\u0629 "
                 "\u0627\u0644\u0641\u0631\u0642 \u0627\u0644\u0625\u0642\u0644\u064A"
                 "\u0645\u064A\u0629."},
        {.kind = UI_BLOCK_PARAGRAPH,
         .utf8 = "\u30DB\u30FC\u30EB\u306B\u306F\u5730\u57DF\u306E\u30C1\u30FC\u30E0"
                 "\u304C\u96C6\u307E\u3063\u3066\u3044\u307E\u3059\u3002"},
        {.kind = UI_BLOCK_BOLD, .utf8 = "Open every day, 9:00-18:00"},
    };
    static const char *const bar[] = {"Places", "English", "?"};
    const float bg[3] = {0, 0, 0};
    double t[FRAMES], ta[FRAMES];
    for (int i = -5; i < FRAMES; i++) {
        pv_view vw = {(float)i * 1.7f - 40.0f, 10.0f, 90.0f};
        double t0 = pv_now();
        gfx_begin(g, w, h, bg);
        gfx_draw_pano(g, pano, &vw, w, h, 1.0f);
        ui_frame_begin(u, &(ui_frame_desc){.width = w, .height = h, .scale = 1.5f, .dpi = 144,
                                           .lang = "en", .now = (double)i / 60.0});
        ui_panel(u, ui_id_of("panel"), (ui_rect){340, 120, 560, 480},
                 &(ui_panel_desc){.title = "Aurora Hall", .blocks = blocks, .block_count = 4,
                                  .closable = true});
        for (int k = 0; k < 3; k++)
            ui_button(u, ui_id_mix(ui_id_of("bar"), (uint32_t)k),
                      (ui_rect){900 + 120 * (float)k, 16, 110, 36},
                      &(ui_button_desc){.label = bar[k], .quiet = true});
        ui_frame_end(u);
        ui_render(u, g);
        gfx_finish(g);
        double t1 = pv_now();
        gfx_begin(g, w, h, bg);
        gfx_draw_pano(g, pano, &vw, w, h, 1.0f);
        gfx_finish(g);
        double t2 = pv_now();
        if (i >= 0) {
            t[i] = t1 - t0;
            ta[i] = t2 - t1;
        }
    }
    *ui_ms = median(t, FRAMES) * 1000.0;
    *alone_ms = median(ta, FRAMES) * 1000.0;
done:
    ui_destroy(&u, g);
    text_font_close(&b);
    text_font_close(&f);
}

/* A big scene (20,000 places, 200,000 hotspots, made here) parsed by jansson alone, then
 * loaded whole by scene_load_string (parse, positions, validation, paths, linking): linking
 * is linear, so the second stays within a few times the first. Medians of three. */
static void bench_scene_link(const char *demo, double *parse_ms, double *link_ms)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    fprintf(f, "{\"format\": \"pavilion/1\", \"places\": [\n");
    for (int i = 0; i < 20000; i++) {
        fprintf(f, "%s{\"id\": \"p%d\", \"panorama\": \"panoramas/hall.jpg\", \"hotspots\": [",
                i ? ",\n" : "", i);
        for (int k = 0; k < 10; k++)
            fprintf(f, "%s{\"type\": \"goto\", \"yaw\": %d, \"target\": \"p%d\"}",
                    k ? ", " : "", k * 36, (i * 7919 + k * 104729 + 1) % 20000);
        fprintf(f, "]}");
    }
    fprintf(f, "]}\n");
    fclose(f);
    char *demo_dir = demo ? pv_path_dir(demo) : pv_strdup(".");
    char *path = pv_path_join(demo_dir, "bench-big.json");
    double parse[3], link[3];
    for (int r = 0; r < 3; r++) {
        double t0 = pv_now();
        json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, NULL);
        double t1 = pv_now();
        json_decref(root);
        pv_diags d = {0};
        scene_exhibit *ex = NULL;
        double t2 = pv_now();
        if (scene_load_string(text, path, &ex, &d) != PV_OK)
            pv_diags_print(&d, stderr);
        double t3 = pv_now();
        scene_free(&ex);
        pv_diags_free(&d);
        parse[r] = (t1 - t0) * 1000.0;
        link[r] = (t3 - t2) * 1000.0;
    }
    *parse_ms = median(parse, 3);
    *link_ms = median(link, 3);
    free(path);
    free(demo_dir);
    free(text);
}

/* Streams pyramid `src` at `view` from nothing: the first frame (the coarsest level), the
 * time to the sharp frame against the time its tiles took to decode, then (with `frames`)
 * frames while turning and the tiles' memory. Lines are named PREFIX_... */
static void multires_measure(gfx *g, const asset_tiles_source *src, pv_view view, int width,
                             int height, double blit_ms, const char *prefix, bool frames)
{
    static const float bg[3] = {0, 0, 0};
    char why[512];
    double t0 = pv_now();
    asset_tile_stream *s = NULL;
    if (asset_tile_stream_open(&(asset_tile_stream_desc){.source = src}, &s, why,
                               sizeof(why)) != PV_OK) {
        printf("# %s: %s\n", prefix, why);
        return;
    }
    gfx_pano *pano = gfx_pano_create_tiled(g, s);
    gfx_begin(g, width, height, bg);
    gfx_draw_pano(g, pano, &view, width, height, 1.0f);
    gfx_finish(g);
    double first = pv_now() - t0;
    gfx_pano_sharpen(g, pano, &view, width, height);
    gfx_begin(g, width, height, bg);
    gfx_draw_pano(g, pano, &view, width, height, 1.0f);
    gfx_finish(g);
    double sharp = pv_now() - t0;
    asset_tile_stream_stats st;
    asset_tile_stream_get_stats(s, &st);
    asset_tile_plan plan;
    gfx_pano_tile_plan(pano, &plan);
    printf("%s_first_frame_ms: %.0f ms (level 1 decoded, uploaded and drawn)\n", prefix,
           first * 1000.0);
    printf("%s_sharp_frame_ms: %.0f ms (level %d of %d, %d tiles in view, %.0f-degree view)\n",
           prefix, sharp * 1000.0, plan.level, src->layout.levels, plan.tiles, view.fov);
    printf("%s_decode_ms: %.0f ms (the %d tiles decoded for it, one after another)\n", prefix,
           st.decode_seconds * 1000.0, st.decoded);
    printf("%s_sharp_vs_decode: %.2f x\n", prefix, sharp / st.decode_seconds);
    if (frames) {
        enum { FRAMES = 30 };
        double t[FRAMES];
        for (int i = 0; i < FRAMES; i++) { /* tiles already resident: drawing alone */
            pv_view vw = view;
            vw.yaw += (float)(i % 2) * 0.5f;
            double a = pv_now();
            gfx_begin(g, width, height, bg);
            gfx_draw_pano(g, pano, &vw, width, height, 1.0f);
            gfx_finish(g);
            t[i] = pv_now() - a;
        }
        double frame = median(t, FRAMES) * 1000.0;
        printf("%s_frame_ms: %.2f ms\n", prefix, frame);
        printf("%s_vs_blit: %.2f x\n", prefix, frame / blit_ms);
        asset_tile_stream_get_stats(s, &st);
        printf("%s_resident_mb: %.1f MB (%d tiles)\n", prefix,
               st.resident_bytes / 1048576.0, st.resident_tiles);
    }
    gfx_pano_destroy(g, &pano);
}

/* A multires pyramid cut from the bench panorama, streamed by view (multires_measure). */
static void bench_multires(gfx *g, const char *path, int width, int height, double blit_ms)
{
    char dir[512], why[512];
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof(dir), "%s/pavilion-bench-tiles-%d", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    asset_tiles_layout lay;
    asset_tiles_cut_stats cut;
    if (asset_tiles_cut(&(asset_tiles_cut_desc){.input = path, .out_dir = dir,
                                                .fallback_size = -1},
                        &lay, &cut, why, sizeof(why)) != PV_OK) {
        printf("# multires: %s\n", why);
    } else {
        printf("multires_cut_s: %.1f s (%d files, faces of %d, %d levels)\n", cut.seconds,
               cut.tiles, lay.face_size, lay.levels);
        asset_tiles_source src = {.dir = dir, .layout = lay};
        multires_measure(g, &src, (pv_view){30, 5, 90}, width, height, blit_ms, "multires",
                         true);
    }
    if (!pv_remove_tree(dir))
        printf("# multires: could not remove %s\n", dir);
}

/* The 32768x16384 panorama's pyramid, as the load_32k child left it in its tile cache
 * (`cache`), at a 30-degree view, where the finest level is the one the screen needs. */
static void bench_multires_32k(gfx *g, const char *pano, const char *cache, int width,
                               int height)
{
    const char *old = getenv("XDG_CACHE_HOME");
    char *saved = old ? pv_strdup(old) : NULL;
    setenv("XDG_CACHE_HOME", cache, 1);
    asset_tiles_source src;
    char dir[1024];
    if (asset_tiles_cache_find(pano, &src, dir, sizeof(dir)))
        multires_measure(g, &src, (pv_view){30, 5, 30}, width, height, 0, "multires_32k",
                         false);
    else
        printf("# multires_32k: no pyramid of %s in %s\n", pv_path_display(pano), cache);
    if (saved)
        setenv("XDG_CACHE_HOME", saved, 1);
    else
        unsetenv("XDG_CACHE_HOME");
    free(saved);
}

/* ---- opening huge panoramas: peak memory, in a child process each ---- */

/* The child: the viewer opens a scene of one place showing `pano` (headless, 1280x720) and
 * draws until it shows the full image, or, for a panorama too large to be shown as one image,
 * until it shows it from the tiles it cut (the view's tiles all in). */
static int load_child(const char *scene, bool until_tiled)
{
    enum { W = 1280, H = 720 };
    app_options o = {.scene = scene, .width = W, .height = H, .has_view = true,
                     .view = {30, 5, 40}};
    viewer v;
    if (viewer_init(&v, &o, true) != PV_OK)
        return 2;
    gfx_target *t = gfx_target_create(v.g, W, H);
    gfx_target_bind(v.g, t);
    viewer_start(&v);
    int code = 3;
    double last = 0;
    for (double t0 = pv_now(); pv_now() - t0 < 3600;) {
        viewer_update(&v, pv_now());
        if (v.dirty || pv_now() - last > 1.0) {
            viewer_render(&v, W, H);
            v.dirty = false;
            last = pv_now();
        }
        int here = viewer_place(&v);
        gfx_pano *full = render_places_full(v.cache, here);
        if (render_places_status(v.cache, here) == RENDER_PLACE_FAILED)
            break;
        if (full && (!until_tiled || (!render_places_cut_waiting(v.cache, here) &&
                                      gfx_pano_tile_stream(full)))) {
            gfx_pano_sharpen(v.g, full, viewer_view(&v), W, H);
            viewer_render(&v, W, H);
            gfx_finish(v.g);
            code = 0;
            break;
        }
        pv_sleep_ms(10);
    }
    gfx_target_bind(v.g, NULL);
    gfx_target_destroy(v.g, &t);
    viewer_shutdown(&v);
    return code;
}

/* Opens `pano` in a child (an empty tile cache of its own) and prints its peak resident
 * memory and CPU time. Forked before the bench opens GL. */
static void bench_load_peak(const char *name, const char *pano, bool until_tiled,
                            const char *what, char **keep)
{
    if (!pano || !pv_file_exists(pano)) {
        printf("# %s: no panorama given (--pano-16k, --pano-32k)\n", name);
        return;
    }
    char *dir = pv_path_dir(pano);
    char *work = pv_asprintf("%s/.pavilion-bench-XXXXXX", dir);
    const char *base = strrchr(pano, '/') ? strrchr(pano, '/') + 1 : pano;
    if (!mkdtemp(work)) {
        printf("# %s: cannot make a folder beside %s\n", name, pano);
        goto done;
    }
    char *scene = pv_asprintf("%s/scene.json", work), *cache = pv_asprintf("%s/cache", work);
    FILE *f = fopen(scene, "w");
    if (f) {
        fprintf(f, "{\"format\": \"pavilion/1\", \"assets\": [\"..\"], \"places\": [{\"id\": "
                   "\"p\", \"panorama\": \"../%s\"}]}\n", base);
        fclose(f);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("XDG_CACHE_HOME", cache, 1);
        _exit(load_child(scene, until_tiled));
    }
    int status = 0;
    struct rusage ru;
    if (pid > 0 && wait4(pid, &status, 0, &ru) == pid && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0) {
        double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                     (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
        printf("%s: %.0f MB (%s; %.1f s of CPU)\n", name, ru.ru_maxrss / 1024.0, what, cpu);
        if (keep) { /* the caller measures the pyramid left in its cache, then removes it */
            *keep = work;
            work = NULL;
            free(scene);
            free(cache);
            goto done;
        }
    } else {
        printf("# %s: the child failed (status %d)\n", name, status);
    }
    if (!pv_remove_tree(work))
        printf("# %s: could not remove %s\n", name, work);
    free(scene);
    free(cache);
done:
    free(work);
    free(dir);
}

static int bench_run(const bench_options *opt)
{
    const char *path = opt->pano;
    if (!path || !pv_file_exists(path)) {
        fprintf(stderr, "pavilion: bench: %s: pass --pano FILE.jpg (an 8192x4096 "
                        "equirectangular JPEG; `make bench` generates one and passes it)\n",
                path ? path : "no panorama");
        return 1;
    }
    enum { W = 1920, H = 1080, FRAMES = 40 };
    platform *plat = NULL;
    gfx *g = NULL;
    int code = 1;
    platform_desc pd = {.title = "bench", .width = 320, .height = 180, .offscreen = true};
    if (platform_create(&pd, &plat) != PV_OK || gfx_create(&g) != PV_OK)
        goto done;
    gfx_target *target = gfx_target_create(g, W, H);
    if (!target)
        goto done;
    gfx_target_bind(g, target);
    printf("# renderer: %s\n# pano: %s\n", gfx_renderer_name(g), pv_path_display(path));

    /* Floor: a full-screen textured quad (bilinear, no mip levels) of a 2048x1024 image. */
    asset_image small;
    char why[512];
    if (asset_image_load(path, 4, &small, why, sizeof(why)) != PV_OK) {
        fprintf(stderr, "pavilion: bench: %s %s\n", path, why);
        goto done;
    }
    gfx_image *img = gfx_image_create(g, small.width, small.height, small.pixels);
    asset_image_free(&small);
    static const float bg[3] = {0, 0, 0};
    double t[FRAMES], blit = 0;

    /* Loading, the way the viewer does it: the loader decodes in row bands while this (main)
     * thread uploads each band into the equirectangular texture; the first full-resolution
     * frame is drawn straight from it, while the cube is still being built behind. */
    double loads[4], cubes[4];
    gfx_pano *pano = NULL;
    pv_view view = {0, 0, 90};
    bench_stream bs = {.g = g, .view = view, .w = W, .h = H};
    for (int run = 0; run < 4; run++) {
        gfx_pano_destroy(g, &pano); /* its texture is kept for the next run, as in the viewer */
        if (bs.e)
            gfx_equirect_reset(bs.e);
        bs.t_first = bs.upload_s = 0;
        asset_loader *loader = asset_loader_create(NULL, NULL, gfx_max_texture_size(g));
        double t0 = pv_now(), c0 = cpu_seconds();
        loads[run] = cubes[run] = -1;
        asset_loader_request(loader, 0, path, 1, 1);
        asset_job_result res;
        for (;;) {
            asset_loader_stream(loader, 0, bench_upload, &bs);
            if (loads[run] < 0 && gfx_equirect_ready(bs.e, &view, W, H)) {
                double t_ready = pv_now();
                gfx_begin(g, W, H, bg);
                gfx_draw_equirect(g, bs.e, &view, W, H, 1.0f);
                gfx_finish(g);
                loads[run] = pv_now() - t0;
                if (getenv("PAVILION_BENCH_DEBUG"))
                    printf("# run %d: first rows %.0f, uploads %.0f, ready %.0f, drawn %.0f ms "
                           "(CPU %.0f ms)\n", run, (bs.t_first - t0) * 1e3, bs.upload_s * 1e3,
                           (t_ready - t0) * 1e3, loads[run] * 1e3, (cpu_seconds() - c0) * 1e3);
            }
            if (asset_loader_poll(loader, &res)) {
                if (!res.equirect) {
                    fprintf(stderr, "pavilion: bench: %s %s\n", path, res.why);
                    asset_loader_destroy(&loader);
                    gfx_equirect_destroy(g, &bs.e);
                    goto done;
                }
                /* As the viewer does: the streamed texture gets its mip levels. */
                pano = gfx_pano_adopt_stream(g, &bs.e, res.equirect);
                asset_equirect_free(&res.equirect);
                gfx_begin(g, W, H, bg);
                gfx_draw_pano(g, pano, &view, W, H, 1.0f);
                gfx_finish(g);
                cubes[run] = pv_now() - t0;
                if (loads[run] < 0)
                    loads[run] = cubes[run];
                break;
            }
            pv_sleep_ms(1);
        }
        asset_loader_destroy(&loader);
    }
    gfx_equirect_destroy(g, &bs.e);
    double load_cold = loads[0] * 1000.0;
    double load = median(loads + 1, 3) * 1000.0;
    double cube_ms = median(cubes + 1, 3) * 1000.0;
    double dj[3];
    int djn = 0;
    for (int i = 0; i < 3; i++) {
        double s = time_djpeg(path);
        if (s >= 0)
            dj[djn++] = s;
    }

    /* Panorama frames while the yaw turns every frame, at three zooms, each frame beside a
     * blit frame so both see the same machine load. */
    static const float fovs[3] = {90.0f, 110.0f, 40.0f};
    double pano_ms[3], tb[FRAMES];
    for (int k = 0; k < 3; k++) {
        for (int i = -5; i < FRAMES; i++) {
            pv_view vw = {(float)i * 1.7f - 40.0f, 10.0f, fovs[k]};
            double t0 = pv_now();
            gfx_begin(g, W, H, bg);
            gfx_draw_pano(g, pano, &vw, W, H, 1.0f);
            gfx_finish(g);
            double t1 = pv_now();
            gfx_begin(g, W, H, bg);
            gfx_draw_blit(g, img, (float)i * 0.001f);
            gfx_finish(g);
            double t2 = pv_now();
            if (i >= 0) {
                t[i] = t1 - t0;
                tb[i] = t2 - t1;
            }
        }
        pano_ms[k] = median(t, FRAMES) * 1000.0;
        if (k == 0)
            blit = median(tb, FRAMES) * 1000.0;
    }
    double ui_ms, ui_alone_ms;
    bench_ui_frame(g, pano, W, H, &ui_ms, &ui_alone_ms);
    /* Fidelity, in the conditions: the bench panorama decoded at 4096x2048, drawn at
     * 1280x720 against an exact render of the same views (a ray per pixel, bilinear, no mip
     * levels): the worst PSNR and sharpness ratio. (At 8192 wide the wider views minify, where
     * mip levels rightly differ from the aliased exact render.) */
    double worst_psnr = 99, worst_sharp = 99;
    {
        enum { FW = 1280, FH = 720 };
        asset_image src;
        gfx_target *ft = gfx_target_create(g, FW, FH);
        if (ft && asset_image_load(path, 2, &src, why, sizeof(why)) == PV_OK) {
            asset_equirect *fe = asset_equirect_from_pixels(src.pixels, src.width, src.height);
            gfx_pano *fp = gfx_pano_create_equirect(g, fe);
            gfx_target_bind(g, ft);
            uint8_t *out = pv_malloc((size_t)FW * FH * 4), *ref = pv_malloc((size_t)FW * FH * 4);
            static const pv_view fv[] = {{0, 0, 90}, {-150, -20, 100}, {40, 30, 60}, {0, 0, 40}};
            for (int k = 0; fp && k < 4; k++) {
                gfx_begin(g, FW, FH, bg);
                gfx_draw_pano(g, fp, &fv[k], FW, FH, 1.0f);
                gfx_read_pixels(g, FW, FH, out);
                asset_render_exact(fe->level[0], fe->width, fe->height, &fv[k], FW, FH, ref);
                double p = asset_picture_psnr(out, ref, FW, FH);
                double sh = asset_picture_sharpness(out, FW, FH) /
                            asset_picture_sharpness(ref, FW, FH);
                worst_psnr = p < worst_psnr ? p : worst_psnr;
                worst_sharp = sh < worst_sharp ? sh : worst_sharp;
            }
            free(out);
            free(ref);
            gfx_pano_destroy(g, &fp);
            asset_equirect_free(&fe); /* and the decoded pixels with it */
            gfx_target_bind(g, target);
        }
        gfx_target_destroy(g, &ft);
    }
    /* Booths: the demo's security stand in the hall, a generated 1M-triangle model, and the
     * largest sample model's load time. */
    double booth_ms = -1, mesh_ms = -1, load_model_ms = -1, import_cpu_ms = -1,
           booth_moving_ms = -1,
           mesh_moving_ms = -1, mesh_moving_full_ms = -1, proxy_build_ms = -1;
    size_t mesh_tris = 0, proxy_tris = 0, proxy_verts = 0;
    char *demo_dir = opt->demo ? pv_path_dir(opt->demo) : pv_strdup(".");
    char *booth_path = pv_path_join(demo_dir, "models/booth-security.glb");
    char *hall_path = pv_path_join(demo_dir, "panoramas/hall.jpg");
    asset_model *bm = NULL;
    asset_model_desc md = {.path = booth_path};
    if (pv_file_exists(booth_path) && asset_model_load(&md, &bm, NULL, why, sizeof(why)) == PV_OK) {
        asset_cube *hall = NULL;
        gfx_pano *hall_pano = NULL;
        gfx_env *env = NULL;
        if (asset_pano_build(hall_path, 1, gfx_max_texture_size(g), &hall, NULL, why,
                             sizeof(why)) == PV_OK) {
            hall_pano = gfx_pano_create(g, hall);
            env = gfx_env_create(g, hall);
            asset_cube_free(&hall);
        }
        gfx_model *gm = gfx_model_create(g, bm);
        booth_ms = model_frames(g, gm, bm, hall_pano, env, W, H, FRAMES, 4);
        booth_moving_ms = model_frames(g, gm, bm, hall_pano, env, W, H, FRAMES, 0);
        gfx_model_destroy(g, &gm);
        gfx_env_destroy(g, &env);
        gfx_pano_destroy(g, &hall_pano);
        asset_model_free(&bm);
    }
    asset_model *big = asset_model_generate_boxes(1000000);
    if (big) {
        mesh_tris = big->triangle_count;
        /* Its proxy, as the loader builds it after a load (median of 3 builds). */
        double builds[3];
        for (int i = 0; i < 3; i++) {
            asset_model_free(&big->proxy);
            double t0 = pv_now();
            big->proxy = asset_model_build_proxy(big, ASSET_PROXY_TARGET);
            builds[i] = pv_now() - t0;
        }
        proxy_build_ms = median(builds, 3) * 1000.0;
        if (big->proxy) {
            proxy_tris = big->proxy->triangle_count;
            for (int i = 0; i < big->proxy->mesh_count; i++)
                proxy_verts += (size_t)big->proxy->meshes[i].vertex_count;
        }
        gfx_model *gm = gfx_model_create(g, big);
        mesh_ms = model_frames(g, gm, big, NULL, NULL, W, H, 10, 4);
        mesh_moving_ms = model_frames_lod(g, gm, big, NULL, NULL, W, H, 10, 0, true);
        mesh_moving_full_ms = model_frames(g, gm, big, NULL, NULL, W, H, 10, 0);
        gfx_model_destroy(g, &gm);
        asset_model_free(&big);
    }
    const char *sample = opt->model;
    if (sample && pv_file_exists(sample)) {
        /* wall clock, and CPU time of this process and the import helper (the machine's
         * load does not stretch it): median of 5 */
        double loads_m[5], cpu_m[5];
        for (int i = 0; i < 5; i++) {
            asset_model *sm = NULL;
            asset_model_desc sd = {.path = sample};
            double t0 = pv_now(), c0 = cpu_seconds();
            bool ok = asset_model_load(&sd, &sm, NULL, why, sizeof(why)) == PV_OK;
            loads_m[i] = ok ? pv_now() - t0 : -1;
            cpu_m[i] = ok ? cpu_seconds() - c0 : -1;
            asset_model_free(&sm);
        }
        load_model_ms = median(loads_m, 5) * 1000.0;
        import_cpu_ms = median(cpu_m, 5) * 1000.0;
    }
    free(demo_dir);
    free(booth_path);
    free(hall_path);

    /* Video: decode only, as fast as it goes. */
    int clip_frames = 0;
    double vfps = opt->clip && pv_file_exists(opt->clip)
                      ? video_decode_fps(opt->clip, &clip_frames) : -1;
    double ffps = vfps > 0 ? ffmpeg_decode_fps(opt->clip, clip_frames) : -1;
    /* Playing: the 1080p30 clip for 20 s on a cinema screen at 1280x720, and a 3840x1920 360
     * video place at 1920x1080, in real time. */
    play_result cinema = {0}, v360 = {0};
    bool have_cinema = false, have_360 = false;
    double fps_360_decode = -1;
    int frames_360 = 0;
    if (vfps > 0) {
        gfx_target *t720 = gfx_target_create(g, 1280, 720);
        if (t720) {
            gfx_target_bind(g, t720);
            have_cinema = play_clip(g, opt->clip, pano, 1280, 720, 20.0, &cinema);
            gfx_target_bind(g, target);
            gfx_target_destroy(g, &t720);
        }
    }
    if (opt->clip_360 && pv_file_exists(opt->clip_360)) {
        fps_360_decode = video_decode_fps(opt->clip_360, &frames_360);
        have_360 = play_clip(g, opt->clip_360, NULL, W, H, 10.0, &v360);
    }

    double parse_ms, link_ms;
    bench_scene_link(opt->demo, &parse_ms, &link_ms);
    printf("scene_parse_ms: %.0f ms (20,000 places, 200,000 hotspots: jansson alone)\n",
           parse_ms);
    printf("scene_link_ms: %.0f ms (the whole load: positions, validation, paths, links)\n",
           link_ms);
    printf("blit_frame_ms: %.2f ms\n", blit);
    printf("pano_frame_ms: %.2f ms\n", pano_ms[0]);
    if (ui_ms >= 0) {
        printf("ui_frame_ms: %.2f ms (an info panel and a bar over the panorama at 1920x1080)\n",
               ui_ms);
        printf("ui_pano_alone_ms: %.2f ms (the panorama alone, frames alternating with those)\n",
               ui_alone_ms);
    } else {
        printf("# ui_frame_ms: no font\n");
    }
    printf("pano_vs_blit: %.2f x\n", pano_ms[0] / blit);
    printf("pano_sharpness: %.3f (worst of 4 views, 4096x2048 at 1280x720, against an exact "
           "render)\n",
           worst_sharp);
    printf("pano_psnr_db: %.1f dB (worst of the same views)\n", worst_psnr);
    printf("pano_frame_fov110_ms: %.2f ms\n", pano_ms[1]);
    printf("pano_frame_fov40_ms: %.2f ms\n", pano_ms[2]);
    printf("load_8k_ms: %.0f ms\n", load);
    printf("load_8k_cold_ms: %.0f ms\n", load_cold);
    printf("load_8k_mips_ms: %.0f ms\n", cube_ms);
    if (djn > 0) {
        double d = median(dj, djn) * 1000.0;
        printf("djpeg_8k_ms: %.0f ms\n", d);
        printf("load_vs_djpeg: %.2f x\n", load / d);
    } else {
        printf("# djpeg not found (package libjpeg-turbo-progs): no decode floor\n");
    }
    printf("pano_texture_mb: %.0f MB\n", gfx_pano_bytes(pano) / 1048576.0);
    if (booth_ms >= 0) {
        printf("booth_frame_ms: %.2f ms\n", booth_ms);
        printf("booth_vs_blit: %.2f x\n", booth_ms / blit);
        printf("booth_moving_frame_ms: %.2f ms\n", booth_moving_ms);
    } else {
        printf("# booth_frame_ms: the demo booth is missing (build the demo target)\n");
    }
    if (mesh_ms >= 0) {
        printf("mesh_1m_frame_ms: %.2f ms (%zu triangles)\n", mesh_ms, mesh_tris);
        printf("mesh_1m_vs_blit: %.2f x\n", mesh_ms / blit);
        printf("mesh_1m_moving_frame_ms: %.2f ms (%s)\n", mesh_moving_ms,
               proxy_tris ? "its proxy" : "no proxy: the full model");
        printf("mesh_1m_moving_vs_blit: %.2f x\n", mesh_moving_ms / blit);
        printf("mesh_1m_moving_full_frame_ms: %.2f ms (the full model, no multisampling)\n",
               mesh_moving_full_ms);
        printf("mesh_1m_proxy_build_ms: %.0f ms\n", proxy_build_ms);
        printf("mesh_1m_proxy_triangles: %zu triangles (%zu vertices)\n", proxy_tris,
               proxy_verts);
    }
    if (vfps > 0) {
        printf("video_1080p_decode_fps: %.1f fps (%d frames)\n", vfps, clip_frames);
        if (ffps > 0)
            printf("ffmpeg_1080p_decode_fps: %.1f fps\nvideo_vs_ffmpeg: %.2f x\n", ffps,
                   vfps / ffps);
        else
            printf("# ffmpeg not found (package ffmpeg): no decode floor\n");
    } else {
        printf("# video_1080p_decode_fps: %s missing (--clip; `make bench` makes it)\n",
               opt->clip ? opt->clip : "the clip");
    }
    if (have_cinema) {
        printf("video_1080p_play_dropped: %lld frames (of %lld due in %.1f s)\n",
               (long long)cinema.dropped, (long long)(cinema.dropped + cinema.presented),
               cinema.seconds);
        printf("video_1080p_play_presented_fps: %.1f fps\n", cinema.presented / cinema.seconds);
        printf("video_1080p_play_upload_ms: %.2f ms\n", cinema.upload_ms);
        printf("video_1080p_play_frame_ms: %.2f ms (render of one new frame at 1280x720)\n",
               cinema.frame_ms);
    }
    if (have_360) {
        printf("video_4k_360_fps: %.1f fps (presented, of a %.0f fps clip)\n",
               v360.presented / v360.seconds,
               (v360.presented + v360.dropped) / v360.seconds);
        printf("video_4k_360_dropped: %lld frames in %.1f s\n", (long long)v360.dropped,
               v360.seconds);
        printf("video_4k_360_upload_ms: %.2f ms (a 3840x1920 frame's planes to textures)\n",
               v360.upload_ms);
        printf("video_4k_360_frame_ms: %.2f ms (drawn at 1920x1080)\n", v360.frame_ms);
        printf("video_4k_360_frame_vs_blit: %.2f x\n", v360.frame_ms / blit);
        /* presented against the clip's own rate (what a visitor should see), and decoding
         * alone on the same machine (what the decoder could give) */
        printf("video_4k_360_vs_clip: %.2f x\n",
               v360.presented / (double)(v360.presented + v360.dropped));
        if (fps_360_decode > 0)
            printf("video_4k_decode_fps: %.1f fps (decode only, as fast as it goes)\n",
                   fps_360_decode);
    } else {
        printf("# video_4k_360_fps: %s missing (--clip-360; `make bench` makes it)\n",
               opt->clip_360 ? opt->clip_360 : "the 360 clip");
    }
    if (load_model_ms >= 0)
        printf("model_load_ms: %.0f ms (%s)\nmodel_import_cpu_ms: %.0f ms (CPU of the "
               "program and its import helper, median of 5)\n",
               load_model_ms, pv_path_display(sample), import_cpu_ms);
    else
        printf("# model_load_ms: %s not found (--model FILE.glb)\n",
               sample ? sample : "no model");
    bench_multires(g, path, W, H, blit);
    if (opt->cache_32k)
        bench_multires_32k(g, opt->pano_32k, opt->cache_32k, W, H);
    bench_text_layout();
    printf("# notes: the panorama is drawn from its own equirectangular pixels, looked up\n"
           "# exactly per pixel on the cube's faces: one bilinear fetch of level 0 unless a\n"
           "# pixel spans more than 1.4 texel rows (pano_sharpness and pano_psnr_db: against\n"
           "# an exact render of 4 views of a 4096x2048 decode at 1280x720).\n"
           "# Loading: libjpeg-turbo decodes in row bands (RGBX) on the loader thread; the main\n"
           "# thread uploads each band into the panorama's texture as it lands, so the first\n"
           "# full-resolution frame follows the decode's last band; meanwhile a second thread\n"
           "# averages the mip levels (load_8k_mips_ms: levels uploaded and drawn).\n"
           "# Loads are the median of 3 warm runs; cold is the first run.\n"
           "# Booth frames: 1920x1080, 4x multisampling, PBR with the sun's shadow map (drawn\n"
           "# once per model and light) and the environment panorama behind. While the camera\n"
           "# moves, booth frames skip multisampling (*_moving_frame_ms); the frame drawn when\n"
           "# it stops is multisampled (booth_frame_ms). Models drawing more than 250k\n"
           "# triangles also draw a proxy while it moves: vertex clustering to about 100k\n"
           "# triangles, built on the loader thread (mesh_1m_proxy_build_ms, one thread).\n");
    gfx_pano_destroy(g, &pano);
    gfx_image_destroy(g, &img);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &target);
    code = 0;
done:
    gfx_destroy(&g);
    platform_destroy(&plat);
    return code;
}

int bench_main(int argc, char **argv)
{
    bench_options o = {0};
    static const struct {
        const char *flag;
        size_t field;
    } flags[] = {
        {"--pano", offsetof(bench_options, pano)},
        {"--demo", offsetof(bench_options, demo)},
        {"--model", offsetof(bench_options, model)},
        {"--clip", offsetof(bench_options, clip)},
        {"--clip-360", offsetof(bench_options, clip_360)},
        {"--pano-16k", offsetof(bench_options, pano_16k)},
        {"--pano-32k", offsetof(bench_options, pano_32k)},
    };
    for (int i = 2; i < argc; i++) {
        size_t k = 0;
        while (k < sizeof flags / sizeof flags[0] && strcmp(argv[i], flags[k].flag) != 0)
            k++;
        if (k == sizeof flags / sizeof flags[0] || i + 1 >= argc) {
            fprintf(stderr, "pavilion: bench: %s %s (usage: pavilion bench --pano FILE.jpg "
                            "[--demo SCENE] [--model FILE.glb] [--clip FILE.mp4] "
                            "[--clip-360 FILE.mp4] [--pano-16k FILE.jpg] "
                            "[--pano-32k FILE.jpg])\n", argv[i],
                    k == sizeof flags / sizeof flags[0] ? "is not an option of bench"
                                                        : "needs a value");
            return 2;
        }
        *(const char **)((char *)&o + flags[k].field) = argv[++i];
    }
    char *demo = o.demo ? NULL : app_data_path("demo/expo.json");
    if (!o.demo)
        o.demo = demo;
    /* Peak memory of opening panoramas, each in a child forked before GL: the 8192x4096 one
     * (shown as one image) is the floor the huge ones are compared with. */
    bench_load_peak("load_8k_peak_mb", o.pano, false, "8192x4096, shown as one image: the floor",
                    NULL);
    bench_load_peak("load_16k_peak_mb", o.pano_16k, true,
                    "16384x8192: shown shrunk, cut into the tile cache, drawn from its tiles",
                    NULL);
    char *work_32k = NULL;
    if (o.pano_32k)
        bench_load_peak("load_32k_peak_mb", o.pano_32k, true,
                        "32768x16384: shown shrunk, cut into the tile cache, drawn from its tiles",
                        &work_32k);
    if (work_32k)
        o.cache_32k = pv_asprintf("%s/cache", work_32k);
    int code = bench_run(&o);
    if (work_32k) {
        if (!pv_remove_tree(work_32k))
            printf("# multires_32k: could not remove %s\n", work_32k);
        free(work_32k);
        free(o.cache_32k);
    }
    free(demo);
    return code;
}
