/* media_test: generates the test clips in-process (tools/clip_gen.c) into a temporary folder,
 * then checks decoding with engine/media: frame counts, pts, the frame-number barcodes, seek,
 * loop, colour info, audio timing, broken files; and decodes the shared real clips
 * (TEST_SHARED_DIR/video) when they are present. Runs on the main thread; each clip's decode
 * thread is the only other thread. */
#define CLIP_GEN_NO_MAIN
#include "../tools/clip_gen.c"

#include <dirent.h>
#include <unistd.h>

#include "check.h"
#include "media/media.h"

static char s_dir[512];

static char *clip_path(const char *name)
{
    return pv_path_join(s_dir, name);
}

/* Waits (up to 20 s) for the next frame; false at the end of the clip. */
static bool wait_frame(media_clip *c, media_frame *f)
{
    double t0 = pv_now();
    while (!media_clip_next_frame(c, f)) {
        if (media_clip_ended(c) || pv_now() - t0 > 20.0)
            return false;
        pv_sleep_ms(1);
    }
    return true;
}

static int frame_barcode(const media_frame *f)
{
    return clip_gen_read_barcode(f->planes[0], f->linesize[0], f->width, f->height);
}

static media_clip *open_clip(const char *name, bool audio)
{
    char *path = clip_path(name);
    char why[512];
    media_clip *c = NULL;
    pv_result r =
        media_clip_open(&(media_open_desc){.path = path, .audio = audio}, &c, why, sizeof why);
    if (r != PV_OK)
        fprintf(stderr, "cannot open %s: %s\n", name, why);
    CHECK(r == PV_OK);
    free(path);
    return c;
}

/* Decodes a generated clip to the end: every frame's barcode is its index, pts step 1/fps. */
static void test_clip_decodes(const clip_gen_spec *s)
{
    media_clip *c = open_clip(s->name, false);
    if (!c)
        return;
    media_info info;
    media_clip_info(c, &info);
    CHECK(info.width == s->width && info.height == s->height);
    CHECK_NEAR(info.fps, s->fps, 1e-6);
    CHECK_NEAR(info.duration, (double)s->frames / s->fps, 0.1);
    int count = 0, bad_code = 0, bad_pts = 0, bad_number = 0;
    double last = -1.0;
    media_frame f;
    double t0 = pv_now();
    while (wait_frame(c, &f)) {
        int code = frame_barcode(&f);
        if (code != count && bad_code++ == 0)
            fprintf(stderr, "%s: frame %d reads barcode %d\n", s->name, count, code);
        if ((fabs(f.pts - (double)count / s->fps) > 1e-3 || f.pts <= last) && bad_pts++ == 0)
            fprintf(stderr, "%s: frame %d has pts %.4f\n", s->name, count, f.pts);
        if (f.number != count && bad_number++ == 0)
            fprintf(stderr, "%s: frame %d has number %lld\n", s->name, count, (long long)f.number);
        CHECK(f.width == s->width && f.height == s->height);
        last = f.pts;
        count++;
        media_frame_release(c, &f);
    }
    printf("%s: %d frames decoded in %.3f s (%s %dx%d)\n", s->name, count, pv_now() - t0,
           info.codec, info.width, info.height);
    CHECK(media_clip_ended(c));
    CHECK(count == s->frames);
    CHECK(bad_code == 0);
    CHECK(bad_pts == 0);
    CHECK(bad_number == 0);
    media_clip_close(&c);
    CHECK(c == NULL);
}

/* --hwdec: with VAAPI where there is a device (every frame still reads its own barcode), and
 * where there is none (this machine, CI) the same clip in software, with no error. */
static void test_hw_decode(void)
{
    char *path = clip_path("h264_720p30_aac.mp4");
    char why[512];
    media_clip *c = NULL;
    pv_result r = media_clip_open(&(media_open_desc){.path = path, .hw = true}, &c, why, sizeof why);
    free(path);
    CHECK(r == PV_OK);
    if (r != PV_OK) {
        fprintf(stderr, "hw open: %s\n", why);
        return;
    }
    media_info info;
    media_clip_info(c, &info);
    int count = 0, bad = 0;
    media_frame f;
    while (wait_frame(c, &f)) {
        bad += frame_barcode(&f) != count;
        CHECK(f.format == MEDIA_FMT_YUV420P || f.format == MEDIA_FMT_NV12);
        count++;
        media_frame_release(c, &f);
    }
    printf("hw decoding requested: %s, %d frames, %d wrong barcodes\n",
           info.hw ? info.hw : "no VAAPI device here, software", count, bad);
    CHECK(count == 60);
    CHECK(bad == 0);
    media_clip_close(&c);
}

static void test_info(void)
{
    media_info info;
    media_clip *c = open_clip("h264_720p30_aac.mp4", true);
    if (c) {
        media_clip_info(c, &info);
        CHECK(info.colorspace == MEDIA_CS_BT709);
        CHECK(!info.full_range);
        CHECK(info.has_audio && info.sample_rate == 48000 && info.channels == 2);
        CHECK_STR(info.codec, "h264");
        media_clip_close(&c);
    }
    c = open_clip("vp9_opus.webm", true);
    if (c) {
        media_clip_info(c, &info);
        CHECK(info.colorspace == MEDIA_CS_BT601);
        CHECK(info.has_audio);
        CHECK_STR(info.codec, "vp9");
        media_clip_close(&c);
    }
    c = open_clip("mpeg4_480p25.mp4", true); /* untagged, below 720 lines: BT.601 */
    if (c) {
        media_clip_info(c, &info);
        CHECK(info.colorspace == MEDIA_CS_BT601);
        CHECK(!info.has_audio);
        CHECK_STR(info.codec, "mpeg4");
        media_clip_close(&c);
    }
    media_clip_close(&c); /* NULL is fine */
}

static void test_seek(const char *name, double t, int fps)
{
    media_clip *c = open_clip(name, false);
    if (!c)
        return;
    media_frame f;
    /* take a few frames first so the seek has to throw queued ones away */
    for (int i = 0; i < 3 && wait_frame(c, &f); i++)
        media_frame_release(c, &f);
    CHECK(media_clip_seek(c, t) == PV_OK);
    int want = (int)lround(t * fps);
    for (int i = 0; i < 3; i++) {
        if (!wait_frame(c, &f)) {
            CHECK(!"a frame after the seek");
            break;
        }
        if (frame_barcode(&f) != want + i)
            fprintf(stderr, "%s: seek %.2f: frame %d reads %d\n", name, t, want + i,
                    frame_barcode(&f));
        CHECK(frame_barcode(&f) == want + i);
        CHECK(f.number == want + i);
        CHECK_NEAR(f.pts, (double)(want + i) / fps, 1e-3);
        media_frame_release(c, &f);
    }
    /* seeking back to the start, and past the end */
    CHECK(media_clip_seek(c, 0.0) == PV_OK);
    CHECK(wait_frame(c, &f) && frame_barcode(&f) == 0);
    media_frame_release(c, &f);
    CHECK(media_clip_seek(c, 100.0) == PV_OK);
    int after = 0;
    while (wait_frame(c, &f)) {
        after++;
        media_frame_release(c, &f);
    }
    CHECK(after <= 1);
    CHECK(media_clip_ended(c));
    media_clip_close(&c);
}

static void test_loop(const char *name, int frames, int fps, int passes)
{
    media_clip *c = open_clip(name, false);
    if (!c)
        return;
    media_clip_set_loop(c, true);
    media_frame f;
    int bad = 0;
    double last = -1.0;
    for (int i = 0; i < frames * passes; i++) {
        if (!wait_frame(c, &f)) {
            CHECK(!"looping keeps giving frames");
            break;
        }
        int code = frame_barcode(&f);
        bool ok = code == i % frames && f.number == i % frames && f.pts > last &&
                  fabs(f.pts - (double)i / fps) < 1e-3;
        if (!ok && bad++ == 0)
            fprintf(stderr, "%s loop: frame %d reads %d, number %lld, pts %.4f\n", name, i, code,
                    (long long)f.number, f.pts);
        last = f.pts;
        media_frame_release(c, &f);
    }
    CHECK(bad == 0);
    CHECK(!media_clip_ended(c));
    media_clip_set_loop(c, false);
    media_clip_close(&c);
}

/* Start times of the beeps: loud after at least 0.3 s of quiet. */
static int find_beeps(const float *s, int frames, double *at, int max)
{
    int n = 0, quiet = MEDIA_AUDIO_RATE; /* the start counts as after quiet */
    for (int i = 0; i < frames && n < max; i++) {
        float v = fabsf(s[2 * i]) > fabsf(s[2 * i + 1]) ? fabsf(s[2 * i]) : fabsf(s[2 * i + 1]);
        if (v > 0.1f) {
            if (quiet >= MEDIA_AUDIO_RATE * 3 / 10)
                at[n++] = (double)i / MEDIA_AUDIO_RATE;
            quiet = 0;
        } else {
            quiet++;
        }
    }
    return n;
}

static void test_audio(const char *name, double seconds)
{
    media_clip *c = open_clip(name, true);
    if (!c)
        return;
    int cap = (int)(MEDIA_AUDIO_RATE * (seconds + 1));
    float *pcm = pv_calloc((size_t)cap * 2, sizeof(float));
    int have = 0;
    media_frame f;
    double frame1s_pts = -1;
    while (wait_frame(c, &f)) {
        if (frame_barcode(&f) == (int)lround(1.0 * 30))
            frame1s_pts = f.pts;
        media_frame_release(c, &f);
        have += media_clip_read_audio(c, pcm + 2 * have, cap - have);
    }
    for (int n; (n = media_clip_read_audio(c, pcm + 2 * have, cap - have)) > 0;)
        have += n;
    printf("%s: %d audio frames (%.3f s)\n", name, have, (double)have / MEDIA_AUDIO_RATE);
    CHECK_NEAR((double)have / MEDIA_AUDIO_RATE, seconds, 0.05);
    double beeps[8];
    int n = find_beeps(pcm, have, beeps, 8);
    printf("%s: beeps at", name);
    for (int i = 0; i < n; i++)
        printf(" %.4f", beeps[i]);
    printf(" s; the frame numbered 30 is at %.4f s\n", frame1s_pts);
    CHECK(n == (int)ceil(seconds - 0.05));
    for (int i = 0; i < n; i++)
        CHECK_NEAR(beeps[i], (double)i, 0.04);
    if (n >= 2)
        CHECK_NEAR(beeps[1], frame1s_pts, 0.04);
    free(pcm);
    media_clip_close(&c);
}

static void test_audio_after_seek(void)
{
    media_clip *c = open_clip("h264_720p30_aac.mp4", true);
    if (!c)
        return;
    CHECK(media_clip_seek(c, 0.5) == PV_OK);
    int cap = MEDIA_AUDIO_RATE * 3;
    float *pcm = pv_calloc((size_t)cap * 2, sizeof(float));
    int have = 0;
    media_frame f;
    while (wait_frame(c, &f)) {
        media_frame_release(c, &f);
        have += media_clip_read_audio(c, pcm + 2 * have, cap - have);
    }
    for (int n; (n = media_clip_read_audio(c, pcm + 2 * have, cap - have)) > 0;)
        have += n;
    /* audio restarts at 0.5 s: 1.5 s left, the beep of second 1 half a second in */
    CHECK_NEAR((double)have / MEDIA_AUDIO_RATE, 1.5, 0.05);
    double beeps[4];
    int n = find_beeps(pcm, have, beeps, 4);
    CHECK(n == 1);
    if (n >= 1)
        CHECK_NEAR(beeps[0], 0.5, 0.04);
    free(pcm);
    media_clip_close(&c);
}

static void expect_refused(const char *path, const char *expect_in_why, pv_result expect)
{
    char why[512];
    media_clip *c = NULL;
    pv_result r =
        media_clip_open(&(media_open_desc){.path = path, .audio = true}, &c, why, sizeof why);
    printf("refused as expected: %s\n", why);
    CHECK(r == expect);
    CHECK(c == NULL);
    CHECK(why[0] != '\0');
    if (expect_in_why && !strstr(why, expect_in_why)) {
        fprintf(stderr, "message lacks \"%s\": %s\n", expect_in_why, why);
        CHECK(!"the message says why");
    }
    media_clip_close(&c);
}

static void test_broken(void)
{
    char *p = clip_path("truncated.mp4");
    expect_refused(p, "truncated", PV_ERR_FORMAT);
    free(p);
    p = clip_path("garbage.mp4");
    expect_refused(p, "not a playable video", PV_ERR_FORMAT);
    free(p);
    p = clip_path("vorbis_only.ogg");
    expect_refused(p, "no video stream", PV_ERR_FORMAT);
    free(p);
    p = clip_path("missing.mp4");
    expect_refused(p, "not found", PV_ERR_IO);
    free(p);
    expect_refused("", NULL, PV_ERR_INVALID);
}

/* ---- the shared real clips ---- */

/* Decodes a real clip to the end; returns the frame count, -1 when it would not open. */
static int decode_real(const char *path, char *why, size_t why_n, media_info *info)
{
    media_clip *c = NULL;
    if (media_clip_open(&(media_open_desc){.path = path, .audio = true}, &c, why, why_n) != PV_OK)
        return -1;
    media_clip_info(c, info);
    int count = 0, back = 0;
    double last = -1e9;
    float pcm[4096 * 2];
    media_frame f;
    while (wait_frame(c, &f)) {
        if (f.pts <= last)
            back++;
        last = f.pts;
        count++;
        media_frame_release(c, &f);
        while (media_clip_read_audio(c, pcm, 4096) > 0) {
        }
    }
    if (back)
        fprintf(stderr, "%s: %d frames went back in time\n", path, back);
    CHECK(back == 0);
    CHECK(media_clip_ended(c));
    media_clip_close(&c);
    return count;
}

static void test_shared(void)
{
    static const char *real[] = {
        "mp4/rabbit320.mp4",
        "mp4/aframe-test.mp4",
        "webm/rabbit320.webm",
        "webm/bbb_480p_vp9_opus_1second.webm",
        "360/threejs-pano.mp4",
        "360/threejs-pano.webm",
        "webm/libwebm/test_stereo_left_right.webm",
    };
    char dir[512];
    snprintf(dir, sizeof dir, "%s/video", TEST_SHARED_DIR);
    DIR *probe = opendir(dir);
    if (probe)
        closedir(probe);
    else {
        check_skip("no shared test videos in %s", dir);
        return;
    }
    char why[512];
    for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) {
        char *path = pv_path_join(dir, real[i]);
        if (!pv_file_exists(path)) {
            check_skip("%s is absent", real[i]);
            free(path);
            continue;
        }
        media_info info;
        double t0 = pv_now();
        int n = decode_real(path, why, sizeof why, &info);
        if (n < 0)
            fprintf(stderr, "%s: %s\n", real[i], why);
        else
            printf("%s: %s %dx%d %.2f fps %.2f s, %s: %d frames in %.2f s\n", real[i], info.codec,
                   info.width, info.height, info.fps, info.duration,
                   info.colorspace == MEDIA_CS_BT709 ? "BT.709" : "BT.601", n, pv_now() - t0);
        CHECK(n > 0);
        if (n > 0 && info.fps > 0 && info.duration > 0.5)
            CHECK(fabs(n - info.duration * info.fps) <= 0.1 * info.duration * info.fps + 2);
        free(path);
    }
    /* libwebm's muxer test files and the invalid ones: refused with a reason, or decoded to
     * the end; never a crash, a hang or a leak */
    static const char *edge[] = {
        "webm/libwebm/projection.webm",
        "webm/libwebm/colour.webm",
        "webm/libwebm/chapters.webm",
        "webm/libwebm/invalid/fixed_lacing_bad_lace_size.mkv",
        "webm/libwebm/invalid/chapters_truncated_chapter_string.mkv",
        "webm/libwebm/invalid/primarychromaticity_fieldtoolarge.webm",
        "webm/libwebm/invalid/invalid_vp9_bitstream-bug_1416.webm",
        "webm/libwebm/invalid/block_ends_beyond_cluster.mkv",
        "webm/libwebm/invalid/projection_float_overflow.webm",
    };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        char *path = pv_path_join(dir, edge[i]);
        if (!pv_file_exists(path)) {
            free(path);
            continue;
        }
        media_info info;
        why[0] = '\0';
        int n = decode_real(path, why, sizeof why, &info);
        if (n < 0) {
            printf("%s: refused: %s\n", edge[i], why);
            CHECK(why[0] != '\0');
        } else {
            printf("%s: plays what it can: %d frames of %s %dx%d\n", edge[i], n, info.codec,
                   info.width, info.height);
        }
        free(path);
    }
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = pv_path_join(dir, e->d_name);
        unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

int main(void)
{
    check_tmpdir(s_dir, sizeof s_dir, "media-test");
    av_log_set_level(AV_LOG_ERROR);
    char why[512];
    double t0 = pv_now();
    bool made = clip_gen_write_all(s_dir, false, true, why, sizeof why);
    if (!made)
        fprintf(stderr, "clip generation failed: %s\n", why);
    CHECK(made);
    printf("clips generated in %.2f s\n", pv_now() - t0);

    if (made) {
        for (int i = 0; i < CLIP_GEN_DEFAULT_COUNT; i++) {
            char *p = clip_path(clip_gen_default_specs[i].name);
            bool present = pv_file_exists(p);
            free(p);
            if (clip_gen_default_specs[i].vcodec && present)
                test_clip_decodes(&clip_gen_default_specs[i]);
        }
        test_info();
        test_hw_decode();
        test_seek("h264_720p30_aac.mp4", 1.0, 30);
        test_seek("mpeg4_480p25.mp4", 1.0, 25);
        test_seek("vp9_opus.webm", 1.5, 30);
        test_loop("odd_size.mp4", 10, 25, 3);
        test_loop("h264_720p30_aac.mp4", 60, 30, 2);
        test_audio("h264_720p30_aac.mp4", 2.0);
        test_audio("vp9_opus.webm", 2.0);
        test_audio_after_seek();
        test_broken();
    }
    remove_dir(s_dir);
    t0 = pv_now();
    test_shared();
    printf("shared clips in %.2f s\n", pv_now() - t0);
    return check_done();
}
