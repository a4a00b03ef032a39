/* playback_test: videos inside a visit, offscreen, driven like a visitor on the test's own
 * clock, with sound mixed by a fake audio device on that clock (see `step`): nothing it checks
 * depends on the machine's speed. The clips come from tools/clip_gen.c (each frame carries its number
 * as a barcode), so the test reads which frame is on screen from the rendered picture:
 * the poster is frame 0; a click plays the hotspot's video; Space pauses it (the picture stays);
 * it ends on its last frame; the frame log keeps video within 40 ms of the audio clock; a broken
 * file shows a card; a full-screen video opens and closes; the cinema plays the film the
 * visitor picks, with subtitles, and seeks; a 360 video place shows its frames; the videos of
 * a place left are closed; `shot --time` (video_show_at) shows the frame for that time; a
 * video hotspot with a "poster" shows that image until it is played, then its frames; and,
 * when the demo is built, its 20 s film plays for 10 s within 40 ms of its sound and a shot of
 * its lobby shows the keynote's poster, not a black screen. */
#define CLIP_GEN_NO_MAIN
#include "../tools/clip_gen.c"

#include "app/app_internal.h"
#include "media/media.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stb/stb_image_write.h>

enum { W = 1280, H = 720 };
static char s_dir[256];

static void write_file(const char *name, const char *text)
{
    char *path = pv_asprintf("%s/%s", s_dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(path);
}

static void write_pano(const char *name, int w, int h)
{
    uint8_t *px = malloc((size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * w + x) * 3;
            p[0] = (uint8_t)(90 + x * 5 % 40);
            p[1] = (uint8_t)(60 + y * 120 / h);
            p[2] = 120;
        }
    char *path = pv_asprintf("%s/%s", s_dir, name);
    stbi_write_jpg(path, w, h, 3, px, 90);
    free(path);
    free(px);
}

static bool copy_file(const char *from, const char *name)
{
    uint8_t *bytes;
    size_t n;
    char why[256];
    if (pv_file_read(from, &bytes, &n, why, sizeof(why)) != PV_OK)
        return false;
    char *path = pv_asprintf("%s/%s", s_dir, name);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(bytes, 1, n, f) == n;
    if (f)
        fclose(f);
    free(path);
    free(bytes);
    return ok;
}

/* The test's clock. Time moves only when the test says, in 5 ms steps; at each step the fake
 * audio device mixes the next 5 ms of sound (as SDL's thread would), then the viewer updates.
 * Before the clock moves on, the test waits in real time until every video has what it needs
 * (opened, sought, its next frame and the sound ahead decoded) and every panorama asked for
 * is loaded: so what the test sees is the same on a loaded machine as on an idle one. The
 * wait fails only on a hang (a minute without progress). */
enum { STEP_FRAMES = 240 }; /* 5 ms at 48 kHz */
#define STEP_S ((double)STEP_FRAMES / MEDIA_AUDIO_RATE)
#define HANG_S 60.0
static double s_now; /* starts where the viewer's clock starts (viewer_init) */

/* The audio device: the mixer's fill, called by the test; what it mixed, kept for the end. */
typedef struct fake_audio {
    platform_audio_fill fill;
    void *user;
    float *out;
    size_t frames, cap;
} fake_audio;
static fake_audio s_audio;

static pv_result fake_audio_open(void *ctx, platform_audio_fill fill, void *user,
                                 double *latency)
{
    fake_audio *a = ctx;
    a->fill = fill;
    a->user = user;
    *latency = STEP_S; /* the buffer being filled is heard over the next step */
    return PV_OK;
}

static void mix_step(void)
{
    fake_audio *a = &s_audio;
    if (!a->fill)
        return;
    if (a->frames + STEP_FRAMES > a->cap) {
        a->cap = a->cap ? a->cap * 2 : MEDIA_AUDIO_RATE * 8;
        a->out = realloc(a->out, a->cap * 2 * sizeof(float));
    }
    a->fill(a->user, a->out + a->frames * 2, STEP_FRAMES, s_now);
    a->frames += STEP_FRAMES;
}

/* The centre of a video control as the hud last laid it out (hud_control_id's names: "play",
 * "seek", "cc", "mute", "volume", "next", "list", "fullscreen", "close"); false when it is not
 * on screen. */
static bool control_center(const viewer *v, const char *name, float *x, float *y)
{
    ui_rect r;
    if (!v->hud || !ui_widget_rect(hud_ui(v->hud), hud_control_id(name, 0), &r) || r.w <= 0)
        return false;
    *x = r.x + r.w * 0.5f;
    *y = r.y + r.h * 0.5f;
    return true;
}

static bool busy(viewer *v)
{
    if (video_pending(v->video, 2 * STEP_FRAMES))
        return true;
    for (int i = 0; i < v->ex->place_count; i++)
        if (render_places_status(v->cache, i) == RENDER_PLACE_LOADING)
            return true;
    return false;
}

/* Updates at the same time until no video or panorama waits for a thread. */
static void settle(viewer *v)
{
    double give_up = pv_now() + HANG_S;
    viewer_update(v, s_now);
    while (busy(v)) {
        if (pv_now() > give_up) {
            CHECK(!"a video or panorama made no progress for a minute (a hang)");
            return;
        }
        pv_sleep_ms(1);
        viewer_update(v, s_now);
    }
}

static void step(viewer *v)
{
    s_now += STEP_S;
    mix_step();
    settle(v);
}

static void pump(viewer *v, double seconds)
{
    double end = s_now + seconds - 1e-9;
    settle(v);
    while (s_now < end)
        step(v);
}

static void pointer(viewer *v, platform_event_type type, float x, float y)
{
    platform_event e = {.type = type, .x = x, .y = y, .button = 1};
    viewer_handle_event(v, &e, s_now);
}

static void click(viewer *v, float x, float y)
{
    pointer(v, PLATFORM_EV_POINTER_DOWN, x, y);
    pointer(v, PLATFORM_EV_POINTER_UP, x, y);
}

static void key(viewer *v, platform_key k)
{
    platform_event e = {.type = PLATFORM_EV_KEY_DOWN, .key = k};
    viewer_handle_event(v, &e, s_now);
    e.type = PLATFORM_EV_KEY_UP;
    viewer_handle_event(v, &e, s_now);
}

static uint8_t s_px[W * H * 4];

static void render(viewer *v)
{
    viewer_render(v, W, H);
    gfx_read_pixels(v->g, W, H, s_px);
}

/* The frame number of the video on an upright 16:9 screen `width_deg` wide straight ahead
 * (yaw 0, pitch 0, fov 90 at 1280x720): the screen spans +-tan(width/2) in NDC across and the
 * same height in pixels / (16/9), centred. Reads the barcode from the luma of that
 * rectangle; -1 when it cannot. */
static int rect_number(int x0, int y0, int x1, int y1)
{
    int w = x1 - x0, h = y1 - y0;
    if (w <= 16 || h <= 16)
        return -1;
    uint8_t *luma = malloc((size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const uint8_t *p = s_px + ((size_t)(y0 + y) * W + (size_t)(x0 + x)) * 4;
            luma[(size_t)y * w + x] = (uint8_t)((p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8);
        }
    int n = clip_gen_read_barcode(luma, w, w, h);
    free(luma);
    return n;
}

static int screen_number(float width_deg)
{
    float t = tanf((float)PV_DEG2RAD(width_deg) * 0.5f); /* fov 90: tan(45) = 1 */
    float half_h = 0.5f * t * W * 9.0f / 16.0f;
    return rect_number((int)ceilf((0.5f - 0.5f * t) * W) + 2,
                       (int)ceilf(H * 0.5f - half_h) + 2,
                       (int)floorf((0.5f + 0.5f * t) * W) - 2,
                       (int)floorf(H * 0.5f + half_h) - 2);
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

static double json_num(const char *line, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof(pat), "\"%s\": ", key);
    const char *p = strstr(line, pat);
    return p ? atof(p + strlen(pat)) : -1e9;
}

/* Presentation log of one video: every frame within 40 ms of the clock it was presented by,
 * no frame presented twice, frame numbers going back only `seeks` times (a seek, or the clip
 * started again), and most frames timed by the audio clock when it has sound. */
static int64_t check_frame_log(const char *log, const char *video, int min_frames, bool audio,
                               int seeks)
{
    int frames = 0, audio_frames = 0, back = 0, repeats = 0;
    int64_t dropped = 0;
    double worst = 0;
    long long last = -1;
    char pat[128];
    snprintf(pat, sizeof(pat), "\"video\": \"%s\"", video);
    for (const char *line = log; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char buf[512];
        snprintf(buf, sizeof(buf), "%.*s", (int)(n < sizeof(buf) ? n : sizeof(buf) - 1), line);
        if (strstr(buf, pat)) {
            double pts = json_num(buf, "pts"), clock = json_num(buf, "clock");
            long long num = (long long)json_num(buf, "number");
            dropped = (int64_t)json_num(buf, "dropped");
            if (fabs(pts - clock) > worst)
                worst = fabs(pts - clock);
            if (num < last)
                back++; /* only a seek goes back */
            if (num == last)
                repeats++;
            last = num;
            frames++;
            audio_frames += strstr(buf, "\"source\": \"audio\"") != NULL;
        }
        line = end ? end + 1 : NULL;
    }
    printf("  %s: %d frames presented, %d by the audio clock, %lld dropped, worst |pts - clock| "
           "%.1f ms\n", video, frames, audio_frames, (long long)dropped, worst * 1000.0);
    CHECK(frames >= min_frames);
    CHECK(worst <= 0.040);
    CHECK(back == seeks);
    CHECK(repeats == 0);
    if (audio)
        CHECK(audio_frames >= frames * 9 / 10);
    return dropped;
}

/* The mean of |sample| over the disk driver's output, and the gaps between 1 kHz beeps. */
static void check_audio(const fake_audio *a, double before_seconds)
{
    const float *s = a->out;
    size_t frames = a->frames;
    size_t scan = before_seconds > 0 ? (size_t)(before_seconds * MEDIA_AUDIO_RATE) : frames;
    if (scan > frames)
        scan = frames;
    double sum = 0;
    long long onsets[16];
    int on = 0;
    long long last_loud = -100000;
    for (size_t i = 0; i < scan; i++) {
        float a = fabsf(s[2 * i]);
        sum += a;
        if (a > 0.05f) {
            if ((long long)i - last_loud > 9600 && on < 16)
                onsets[on++] = (long long)i;
            last_loud = (long long)i;
        }
    }
    printf("  audio: %zu frames written, mean |x| %.4f, %d beeps\n", frames, sum / (double)frames,
           on);
    for (int i = 0; i < on; i++)
        printf("  beep at %.3f s of output\n", onsets[i] / (double)MEDIA_AUDIO_RATE);
    CHECK(frames > MEDIA_AUDIO_RATE); /* more than a second of output */
    /* The clips beep at each whole second: the hotspot's (0 s, paused, 1 s), the full-screen
     * clip's (0 s, 1 s if it got there) and the cinema film's (0 s and 1 s, played without a
     * pause in between: the last two beeps are exactly a second of clip apart). */
    CHECK(on >= 4);
    if (on >= 2) {
        long long gap = onsets[on - 1] - onsets[on - 2];
        printf("  the film's beeps are %lld samples apart\n", gap);
        CHECK(llabs(gap - MEDIA_AUDIO_RATE) <= 480);
    }
}

/* Mean RGB of a rectangle of the last rendered frame. */
static void mean_rgb(int x0, int y0, int w, int h, float out[3])
{
    double acc[3] = {0};
    for (int y = y0; y < y0 + h; y++)
        for (int x = x0; x < x0 + w; x++)
            for (int c = 0; c < 3; c++)
                acc[c] += s_px[((size_t)y * W + (size_t)x) * 4 + (size_t)c];
    for (int c = 0; c < 3; c++)
        out[c] = (float)(acc[c] / ((double)w * h));
}

/* A solid-colour PNG (a poster the test can recognise on screen). */
static void write_poster(const char *name, const uint8_t rgb[3])
{
    enum { PW = 320, PH = 180 };
    uint8_t *px = malloc((size_t)PW * PH * 3);
    for (size_t i = 0; i < (size_t)PW * PH; i++)
        memcpy(px + i * 3, rgb, 3);
    char *path = pv_asprintf("%s/%s", s_dir, name);
    stbi_write_png(path, PW, PH, 3, px, PW * 3);
    free(path);
    free(px);
}

/* The demo's lobby, shot as `pavilion shot --place lobby --view -104,4,75` does: the keynote's
 * video hotspot must show its poster (the clip itself opens on a black frame), so the middle
 * of its screen is bright and varied. Skipped when the demo is not built. */
static void check_demo_poster(void)
{
    char *scene = pv_asprintf("%s/expo.json", TEST_DEMO_DIR);
    if (access(scene, R_OK) != 0) {
        check_skip("the demo's keynote poster (%s is missing: build the demo target)", scene);
        free(scene);
        return;
    }
    char *out = pv_asprintf("%s/lobby-keynote.png", s_dir);
    app_options opt = {.scene = scene, .place = "lobby", .has_view = true,
                       .view = {.yaw = -104, .pitch = 4, .fov = 75}, .width = 640,
                       .height = 360, .out = out};
    CHECK(app_shot(&opt) == 0);
    asset_image img = {0};
    char why[512];
    bool loaded = asset_image_load(out, 1, &img, why, sizeof(why)) == PV_OK;
    CHECK(loaded);
    if (loaded) {
        /* the screen spans about x 208..432, y 104..228 at 640x360; its upper half (the slide,
         * above the play marker) is sampled */
        double sum = 0, sum2 = 0;
        int n = 0;
        for (int y = 112; y < 150; y++)
            for (int x = 216; x < 424; x++) {
                const uint8_t *p = img.pixels + ((size_t)y * (size_t)img.width + (size_t)x) * 4;
                double l = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
                sum += l;
                sum2 += l * l;
                n++;
            }
        double mean = sum / n, sd = sqrt(fmax(0.0, sum2 / n - mean * mean));
        printf("  demo lobby keynote screen: mean luma %.0f, deviation %.0f\n", mean, sd);
        CHECK(mean > 60.0); /* a black frame measured 0 */
        CHECK(sd > 20.0);   /* a picture, not a flat card */
        asset_image_free(&img);
    }
    free(out);
    free(scene);
}

static bool wait_number(viewer *v, float width, int want_min, int want_max, double timeout,
                        int *got)
{
    /* Renders (and reads back) every 50 ms of the test's clock only: in between the loop
     * presents frames on time, as the viewer's own loop would with a GPU. */
    double end = s_now + timeout, next_look = 0;
    settle(v);
    do {
        if (s_now >= next_look) {
            render(v);
            *got = screen_number(width);
            if (*got >= want_min && *got <= want_max)
                return true;
            next_look = s_now + 0.05;
        }
        step(v);
    } while (s_now < end);
    return false;
}

int main(void)
{
    check_tmpdir(s_dir, sizeof(s_dir), "playback-test");
    char why[512];
    if (!clip_gen_write_all(s_dir, false, true, why, sizeof why)) {
        fprintf(stderr, "cannot write the test clips: %s\n", why);
        return 1;
    }
    write_pano("hall.jpg", 1024, 512);
    static const uint8_t orange[3] = {230, 120, 20};
    write_poster("poster.png", orange);
    /* the cinema's film: the same clip under its own name, so the logs tell them apart; and
     * the demo's 20 s film (with music) for a long run, when the demo has been built */
    char *src = pv_asprintf("%s/h264_720p30_aac.mp4", s_dir);
    copy_file(src, "film.mp4");
    copy_file(src, "poster_clip.mp4"); /* the poster's place: its own name in the frame log */
    free(src);
    bool long_film = copy_file(TEST_DEMO_DIR "/films/aurora.mp4", "long.mp4");
    if (!long_film)
        check_skip("the long-film check (%s/films/aurora.mp4 is missing: build the demo "
                   "target)", TEST_DEMO_DIR);
    write_file("film.en.srt", "1\n00:00:00,200 --> 00:00:01,800\nWelcome to the cinema\n");
    char *json = pv_asprintf(
               "{\"format\": \"pavilion/1\", \"title\": \"Playback\", \"start\": \"hall\",\n"
               " \"transition\": {\"fade\": 0.1},\n"
               " \"places\": [\n"
               "  {\"id\": \"hall\", \"panorama\": \"hall.jpg\",\n"
               "   \"view\": {\"yaw\": 0, \"pitch\": 0, \"fov\": 90},\n"
               "   \"hotspots\": [\n"
               "    {\"type\": \"video\", \"yaw\": 0, \"width\": 60, \"video\": \"h264_720p30_aac.mp4\"},\n"
               "    {\"type\": \"video\", \"yaw\": 180, \"width\": 60, \"video\": \"garbage.mp4\"},\n"
               "    {\"type\": \"video\", \"yaw\": 90, \"width\": 40, \"video\": \"vp9_opus.webm\",\n"
               "     \"open\": \"fullscreen\"}]},\n"
               "  {\"id\": \"cinema\", \"panorama\": \"hall.jpg\",\n"
               "   \"view\": {\"yaw\": 0, \"pitch\": 0, \"fov\": 90},\n"
               "   \"cinema\": {\"yaw\": 0, \"pitch\": 0, \"width\": 60, \"playlist\": [\n"
               "     {\"title\": \"One\", \"video\": \"film.mp4\",\n"
               "      \"subtitles\": {\"en\": \"film.en.srt\"}},\n"
               "     {\"title\": \"Two\", \"video\": \"mpeg4_480p25.mp4\"},\n"
               "     {\"title\": \"Long\", \"video\": \"%s\"}]}},\n"
               "  {\"id\": \"v360\", \"panorama\": \"mpeg4_480p25.mp4\"},\n"
               "  {\"id\": \"posters\", \"panorama\": \"hall.jpg\",\n"
               "   \"view\": {\"yaw\": 0, \"pitch\": 0, \"fov\": 90},\n"
               "   \"hotspots\": [\n"
               "    {\"type\": \"video\", \"yaw\": 0, \"width\": 60, \"video\": \"poster_clip.mp4\",\n"
               "     \"poster\": \"poster.png\"}]}\n"
               " ]}\n",
               long_film ? "long.mp4" : "film.mp4");
    write_file("expo.json", json);
    free(json);
    char *scene = pv_asprintf("%s/expo.json", s_dir);
    char *frames = pv_asprintf("%s/frames.jsonl", s_dir);
    char *events = pv_asprintf("%s/events.jsonl", s_dir);

    app_options opt = {.scene = scene, .width = W, .height = H, .frames_log = frames,
                       .events = events, .audio_open = fake_audio_open,
                       .audio_ctx = &s_audio};
    viewer v;
    if (viewer_init(&v, &opt, true) != PV_OK) {
        fprintf(stderr, "cannot start an offscreen viewer\n");
        return 1;
    }
    s_now = v.now;
    v.width = W;
    v.height = H;
    gfx_target *t = gfx_target_create(v.g, W, H);
    gfx_target_bind(v.g, t);
    viewer_start(&v); /* the first place has videos: the audio device opens now */
    double audio_t0 = s_now, long_start = 0;
    CHECK(render_places_load_now(v.cache, 0));

    /* The hotspot shows its first frame as a poster, opened off the main thread. */
    int n = -1;
    CHECK(wait_number(&v, 60.0f, 0, 0, 10.0, &n));
    printf("  poster: frame %d\n", n);

    /* A click on the screen plays it. */
    click(&v, W * 0.5f, H * 0.5f);
    pump(&v, 1.0);
    render(&v);
    n = screen_number(60.0f);
    printf("  after a click and 1 s of play: frame %d\n", n);
    CHECK(n >= 10 && n <= 59);

    /* Space pauses: the picture stays. */
    key(&v, PLATFORM_KEY_SPACE);
    pump(&v, 0.1);
    render(&v);
    int paused = screen_number(60.0f);
    pump(&v, 0.6);
    render(&v);
    printf("  paused at frame %d, 0.6 s later frame %d\n", paused, screen_number(60.0f));
    CHECK(paused >= n);
    CHECK(screen_number(60.0f) == paused);

    /* Space again: it plays on and ends on its last frame (the clip has 60). */
    key(&v, PLATFORM_KEY_SPACE);
    CHECK(wait_number(&v, 60.0f, 59, 59, 8.0, &n));
    pump(&v, 0.3);
    render(&v);
    CHECK(screen_number(60.0f) == 59);

    /* A file that cannot play: a dark card where the picture would be. */
    viewer_view(&v)->yaw = 180;
    pump(&v, 0.05);
    render(&v);
    float rgb[3];
    mean_rgb(W / 2 - 200, H / 2 + 60, 400, 60, rgb);
    printf("  broken video's card: mean rgb %.0f %.0f %.0f\n", rgb[0], rgb[1], rgb[2]);
    CHECK(rgb[0] < 50 && rgb[1] < 50 && rgb[2] < 50);

    /* "open": "fullscreen": a click plays it over the whole window (a 16:9 clip fills it);
     * Escape closes it. */
    viewer_view(&v)->yaw = 90;
    pump(&v, 0.3);
    click(&v, W * 0.5f, H * 0.5f);
    CHECK(video_modal(v.video));
    pump(&v, 0.8);
    render(&v);
    int full = rect_number(2, 2, W - 2, H - 2);
    printf("  full screen: frame %d over the whole window\n", full);
    CHECK(full >= 5 && full <= 59);
    key(&v, PLATFORM_KEY_ESCAPE);
    CHECK(!video_modal(v.video));
    render(&v);
    CHECK(rect_number(2, 2, W - 2, H - 2) < 0); /* the panorama again */

    /* The cinema: the playlist first; Space plays the first film with its subtitles. */
    viewer_view(&v)->yaw = 0;
    viewer_enter(&v, 1, NULL, true);
    pump(&v, 0.4);
    CHECK(viewer_place(&v) == 1);
    key(&v, PLATFORM_KEY_SPACE);
    CHECK(wait_number(&v, 60.0f, 38, 50, 6.0, &n));
    printf("  cinema: frame %d while the subtitle shows\n", n);
    /* subtitles: white text in the band below the screen */
    int bright = 0;
    for (int y = H - 200; y < H - 60; y++)
        for (int x = W / 4; x < 3 * W / 4; x++) {
            const uint8_t *p = s_px + ((size_t)y * W + (size_t)x) * 4;
            bright += p[0] > 235 && p[1] > 235 && p[2] > 235;
        }
    printf("  subtitle pixels: %d\n", bright);
    CHECK(bright > 200);
    /* Left seeks back 5 s (to the start) on a thread of its own: the picture stays until the
     * target frame is decoded, then shows it, paused or not. */
    key(&v, PLATFORM_KEY_SPACE);
    key(&v, PLATFORM_KEY_LEFT);
    CHECK(wait_number(&v, 60.0f, 0, 0, 5.0, &n));
    printf("  after seeking back: frame %d\n", n);
    /* a second seek while paused: Right 5 s from 0 goes to the end of this 2 s clip */
    key(&v, PLATFORM_KEY_RIGHT);
    CHECK(wait_number(&v, 60.0f, 59, 59, 5.0, &n));
    printf("  after seeking forward: frame %d\n", n);
    /* Back to the start through the visit's command, as a tour or a kiosk would; a hotspot
     * id that is not there does nothing. */
    CHECK(visit_cmd_seek(v.vis, 0.0));
    CHECK(wait_number(&v, 60.0f, 0, 0, 5.0, &n));
    printf("  after visit_cmd_seek(0): frame %d\n", n);
    CHECK(!visit_cmd_activate_id(v.vis, "no-such-hotspot"));

    /* A long film (the demo's, 20 s with music): "Next" twice from the first film, then 10 s
     * of play, looked at once a second. */
    if (long_film) {
        long_start = s_now;
        key(&v, PLATFORM_KEY_SPACE); /* play on: the controls show the "Next" button */
        pump(&v, 0.1);
        render(&v);
        platform_event m = {.type = PLATFORM_EV_POINTER_MOVE, .x = W * 0.5f, .y = H * 0.5f};
        viewer_handle_event(&v, &m, s_now);
        for (int film = 1; film <= 2; film++) {
            render(&v); /* lays out the controls */
            (void)film;
            /* the Next button: right part of the bar, found by the layout the render made */
            float nx = 0, ny = 0;
            if (control_center(&v, "next", &nx, &ny))
                click(&v, nx, ny);
            render(&v); /* the frame that answers the click, as the viewer's loop draws it */
            pump(&v, 0.2);
        }
        for (int i = 0; i < 10; i++) {
            pump(&v, 1.0);
            render(&v);
        }
    }

    /* A 360 video place: its frames are the surroundings. */
    viewer_enter(&v, 2, NULL, true);
    pump(&v, 1.0);
    render(&v);
    mean_rgb(W / 2 - 100, H / 2 - 100, 200, 200, rgb);
    printf("  360 place: mean rgb %.0f %.0f %.0f\n", rgb[0], rgb[1], rgb[2]);
    CHECK(rgb[0] + rgb[1] + rgb[2] > 30);

    /* Deterministic frames for shot --time: back in the hall, every video at 1.5 s. */
    viewer_enter(&v, 0, NULL, true);
    pump(&v, 0.3);
    viewer_view(&v)->yaw = 0;
    video_show_at(v.video, 1.5, v.now);
    render(&v);
    printf("  show_at 1.5 s: frame %d\n", screen_number(60.0f));
    CHECK(screen_number(60.0f) == 45);
    video_show_at(v.video, 0.0, v.now);
    render(&v);
    CHECK(screen_number(60.0f) == 0);

    /* A video hotspot with a "poster": the image until it is played (opened, like the clip,
     * off the main thread), then the clip's frames; paused, its frame stays. */
    viewer_enter(&v, 3, NULL, true);
    pump(&v, 0.3);
    settle(&v);
    render(&v);
    mean_rgb(W / 2 - 200, H / 2 - 150, 400, 60, rgb);
    printf("  poster: mean rgb %.0f %.0f %.0f, frame %d\n", rgb[0], rgb[1], rgb[2],
           screen_number(60.0f));
    CHECK(fabsf(rgb[0] - orange[0]) < 12 && fabsf(rgb[1] - orange[1]) < 12 &&
          fabsf(rgb[2] - orange[2]) < 12);
    CHECK(screen_number(60.0f) == -1);
    video_show_at(v.video, 0.0, v.now); /* a shot without --time: still the poster */
    render(&v);
    mean_rgb(W / 2 - 200, H / 2 - 150, 400, 60, rgb);
    CHECK(fabsf(rgb[0] - orange[0]) < 12 && fabsf(rgb[2] - orange[2]) < 12);
    click(&v, W * 0.5f, H * 0.5f);
    CHECK(wait_number(&v, 60.0f, 5, 59, 5.0, &n));
    printf("  poster played: frame %d\n", n);
    key(&v, PLATFORM_KEY_SPACE);
    pump(&v, 0.2);
    render(&v);
    int still = screen_number(60.0f);
    printf("  poster paused: frame %d\n", still);
    CHECK(still >= 5);

    gfx_target_bind(v.g, NULL);
    gfx_target_destroy(v.g, &t);
    viewer_shutdown(&v);
    check_demo_poster();

    char *log = read_text(frames);
    /* on the test's clock, which waits for the decoder, no frame is late: none dropped */
    CHECK(check_frame_log(log, "h264_720p30_aac.mp4", 40, true, 0) == 0);
    /* played on after the seek */
    CHECK(check_frame_log(log, "film.mp4", 30, true, long_film ? 1 : 0) == 0);
    if (long_film)
        CHECK(check_frame_log(log, "long.mp4", 270, true, 0) == 0);
    /* the cinema's second film, then the 360 place: the same clip played twice */
    check_frame_log(log, "mpeg4_480p25.mp4", 5, false, long_film ? 1 : 0);
    free(log);
    check_audio(&s_audio, long_start - audio_t0 - 0.2);
    free(s_audio.out);
    char *ev = read_text(events);
    CHECK(strstr(ev, "\"event\": \"hotspot\", \"place\": \"hall\", \"hotspot\": 0, \"type\": \"video\""));
    CHECK(strstr(ev, "\"event\": \"pause\""));
    CHECK(strstr(ev, "\"event\": \"close\", \"place\": \"hall\", \"video\": 2"));
    CHECK(strstr(ev, "\"event\": \"film\", \"place\": \"cinema\""));
    /* Films in the log are the visitor's choices only (Space, then Next twice with the long
     * film), not the one waiting on the screen when the cinema opens; each is followed by its
     * "play". Keyboard seeks are recorded (Left, Right), and the command's. The 360
     * place is entered when its first frame shows. */
    int films = 0, films_played = 0, seeks = 0;
    for (const char *line = ev; line && *line;) {
        const char *next = strchr(line, '\n');
        next = next ? next + 1 : NULL;
        if (strstr(line, "\"event\": \"seek\", \"place\": \"cinema\"") &&
            (!next || strstr(line, "\"event\": \"seek\"") < next))
            seeks++;
        const char *film = strstr(line, "\"event\": \"film\", \"place\": \"cinema\"");
        if (film && (!next || film < next)) {
            films++;
            const char *vid = strstr(film, "\"video\": ");
            int index = vid ? atoi(vid + strlen("\"video\": ")) : -1;
            char want[96];
            snprintf(want, sizeof(want), "\"event\": \"play\", \"place\": \"cinema\", "
                     "\"video\": %d}", index);
            const char *after = next ? strchr(next, '\n') : NULL;
            const char *play = next ? strstr(next, want) : NULL;
            if (play && (!after || play < after))
                films_played++;
        }
        line = next;
    }
    printf("  events: %d films chosen, %d of them played at once, %d seeks\n", films,
           films_played, seeks);
    CHECK(films == (long_film ? 3 : 1));
    CHECK(films_played == films);
    CHECK(seeks == 3);
    CHECK(strstr(ev, "\"event\": \"enter\", \"place\": \"v360\", \"image\": \"video\"}"));
    free(ev);

    free(scene);
    free(frames);
    free(events);
    if (!s_check_failed)
        check_rmdir(s_dir);
    return check_done();
}
