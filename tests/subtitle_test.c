/* subtitle_test: engine/media/subtitle. Writes SRT, WebVTT and container fixtures into a scratch
 * folder and checks the cues (exact times and texts), media_subs_at at cue boundaries, bad times,
 * encodings and files that are not subtitles; loads the shared real subtitle files
 * (TEST_SHARED_DIR/video/subtitles) when present; and draws English, Arabic and Japanese cues
 * with libass at 1280x720 and 3840x2160. With SUBTITLE_TEST_PNG_DIR set, the drawn canvases
 * are written there as PNG (over grey) for a look. Main thread only. */
#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>

#include <libavformat/avformat.h>
#include <stb/stb_image_write.h>

#include "check.h"
#include "media/subtitle.h"

static char s_dir[512];

static char *fixture(const char *name, const void *data, size_t n)
{
    char *path = pv_path_join(s_dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fwrite(data, 1, n, f) == n);
        fclose(f);
    }
    return path;
}

static char *fixture_text(const char *name, const char *text)
{
    return fixture(name, text, strlen(text));
}

static media_subs *load_ok(const char *path)
{
    char why[512];
    media_subs *s = NULL;
    pv_result r = media_subs_load(path, &s, why, sizeof why);
    if (r != PV_OK)
        fprintf(stderr, "cannot load %s: %s\n", path, why);
    CHECK(r == PV_OK);
    CHECK((r == PV_OK) == (s != NULL));
    return s;
}

/* Loads a file that must be refused with `expect`; why must start with the file's name and
 * contain `needle`. */
static void load_refused(const char *path, pv_result expect, const char *needle)
{
    char why[512] = "unset";
    media_subs *s = (media_subs *)&s; /* must be reset to NULL */
    pv_result r = media_subs_load(path, &s, why, sizeof why);
    printf("refused as expected? %s -> %d: %s\n", path, (int)r, why);
    CHECK(r == expect);
    CHECK(s == NULL);
    const char *shown = pv_path_display(path);
    CHECK(strncmp(why, shown, strlen(shown)) == 0);
    CHECK(strchr(why, '\n') == NULL);
    if (!strstr(why, needle))
        fprintf(stderr, "  expected \"%s\" in the reason\n", needle);
    CHECK(strstr(why, needle) != NULL);
}

static void check_cue(const media_subs *s, int i, double start, double end, const char *text)
{
    const media_sub_cue *c = media_subs_cue(s, i);
    CHECK(c != NULL);
    if (!c)
        return;
    CHECK_NEAR(c->start, start, 1e-9);
    CHECK_NEAR(c->end, end, 1e-9);
    CHECK_STR(c->text, text);
}

/* ---- loading ---- */

static void test_srt(void)
{
    /* CRLF line ends, a BOM, a multi-line cue, tags, entities and an {\an8} block */
    char *path = fixture_text("basic.srt", "\xEF\xBB\xBF"
                                           "1\r\n"
                                           "00:00:01,000 --> 00:00:02,500\r\n"
                                           "Hello, <i>world</i>!\r\n"
                                           "\r\n"
                                           "2\r\n"
                                           "00:00:03,000 --> 00:00:05,000\r\n"
                                           "Two <font color=\"#ffff00\">lines</font>\r\n"
                                           "<b>second</b> line &amp; more &lt;3\r\n"
                                           "\r\n"
                                           "3\r\n"
                                           "00:01:00,250 --> 00:01:02,000 X1:10 X2:20 Y1:5 Y2:9\r\n"
                                           "{\\an8}Third: a {brace} and a back\\slash\r\n"
                                           "\r\n");
    media_subs *s = load_ok(path);
    if (s) {
        CHECK(media_subs_count(s) == 3);
        check_cue(s, 0, 1.0, 2.5, "Hello, world!");
        check_cue(s, 1, 3.0, 5.0, "Two lines\nsecond line & more <3");
        check_cue(s, 2, 60.25, 62.0, "Third: a {brace} and a back\\slash");
        CHECK(media_subs_cue(s, -1) == NULL);
        CHECK(media_subs_cue(s, 3) == NULL);
        CHECK(media_subs_at(s, 0.0) == -1);
        CHECK(media_subs_at(s, 0.999) == -1);
        CHECK(media_subs_at(s, 1.0) == 0);
        CHECK(media_subs_at(s, 2.499) == 0);
        CHECK(media_subs_at(s, 2.5) == -1);
        CHECK(media_subs_at(s, 3.0) == 1);
        CHECK(media_subs_at(s, 4.999) == 1);
        CHECK(media_subs_at(s, 5.0) == -1);
        CHECK(media_subs_at(s, 60.25) == 2);
        CHECK(media_subs_at(s, 61.9999) == 2);
        CHECK(media_subs_at(s, 62.0) == -1);
        CHECK(media_subs_at(s, 1e9) == -1);
        CHECK(media_subs_at(s, NAN) == -1);
        media_subs_free(&s);
        CHECK(s == NULL);
    }
    media_subs_free(&s); /* NULL is fine */
    media_subs_free(NULL);
    CHECK(media_subs_count(NULL) == 0);
    CHECK(media_subs_at(NULL, 1.0) == -1);
    free(path);

    /* no blank lines between cues, cues out of order, overlapping cues, times without
     * milliseconds or with one digit (a decimal fraction), and no final newline */
    path = fixture_text("dense.srt", "1\n"
                                     "00:00:10 --> 00:00:12\n"
                                     "later\n"
                                     "2\n"
                                     "00:00:01,5 --> 00:00:11,25\n"
                                     "long\n"
                                     "3\n"
                                     "00:00:02.000 --> 00:00:03.000\n"
                                     "inside");
    s = load_ok(path);
    if (s) {
        CHECK(media_subs_count(s) == 3);
        check_cue(s, 0, 1.5, 11.25, "long");
        check_cue(s, 1, 2.0, 3.0, "inside");
        check_cue(s, 2, 10.0, 12.0, "later");
        CHECK(media_subs_at(s, 2.5) == 0); /* the first showing, in start order */
        CHECK(media_subs_at(s, 10.5) == 0);
        CHECK(media_subs_at(s, 11.25) == 2);
        media_subs_free(&s);
    }
    free(path);
}

/* A cue without text shows nothing: it is dropped (and does not take its neighbour's text). */
static void test_empty_cue(void)
{
    char *path = fixture_text("empty_cue.srt", "1\n00:00:01,000 --> 00:00:02,000\nA\n\n"
                                               "2\n00:00:03,000 --> 00:00:04,000\n\n"
                                               "3\n00:00:05,000 --> 00:00:06,000\n<i></i>\n\n"
                                               "4\n00:00:07,000 --> 00:00:08,000\nD\n");
    media_subs *s = load_ok(path);
    if (s) {
        CHECK(media_subs_count(s) == 2);
        check_cue(s, 0, 1.0, 2.0, "A");
        check_cue(s, 1, 7.0, 8.0, "D");
        CHECK(media_subs_at(s, 3.5) == -1);
        media_subs_free(&s);
    }
    free(path);
}

static void test_vtt(void)
{
    char *path = fixture_text("captions.vtt",
                              "WEBVTT - the exhibition\n"
                              "Kind: captions\n"
                              "Language: en\n"
                              "\n"
                              "STYLE\n"
                              "::cue { color: yellow }\n"
                              "\n"
                              "NOTE written by hand\n"
                              "over two lines\n"
                              "\n"
                              "intro\n"
                              "00:01.500 --> 00:04.000 align:start position:10% line:0\n"
                              "<v Roger>Hi <c.yellow>there</c></v>\n"
                              "&#x263A; &eacute; &#233;\n"
                              "\n"
                              "01:02:03.004 --> 01:02:05.000 line:90% size:50%\n"
                              "An hour <00:01:02.500>later, <i>in</i> <ruby>漢<rt>kan</rt></ruby>\n"
                              "\n"
                              "123:00:00.000 --> 123:00:01.000\n"
                              "hours have no limit\n");
    media_subs *s = load_ok(path);
    if (s) {
        CHECK(media_subs_count(s) == 3);
        /* unknown named references stay as they are */
        check_cue(s, 0, 1.5, 4.0, "Hi there\n\xE2\x98\xBA &eacute; \xC3\xA9");
        check_cue(s, 1, 3723.004, 3725.0, "An hour later, in 漢kan");
        check_cue(s, 2, 442800.0, 442801.0, "hours have no limit");
        CHECK(media_subs_at(s, 1.4999) == -1);
        CHECK(media_subs_at(s, 1.5) == 0);
        CHECK(media_subs_at(s, 3723.004) == 1);
        CHECK(media_subs_at(s, 3723.0039) == -1);
        CHECK(media_subs_at(s, 3724.9999) == 1);
        CHECK(media_subs_at(s, 3725.0) == -1);
        media_subs_free(&s);
    }
    free(path);
}

static void test_bad_times(void)
{
    /* cue 2 ends before it starts, cue 4 has unreadable times: skipped with a warning */
    char *path = fixture_text("some_bad.srt", "1\n"
                                              "00:00:01,000 --> 00:00:02,000\n"
                                              "one\n"
                                              "\n"
                                              "2\n"
                                              "00:00:05,000 --> 00:00:04,000\n"
                                              "two\n"
                                              "\n"
                                              "3\n"
                                              "00:00:06,000 --> 00:00:07,000\n"
                                              "three\n"
                                              "\n"
                                              "4\n"
                                              "00:00:08,000 --> 00:00:61,000\n"
                                              "four\n");
    media_subs *s = load_ok(path);
    if (s) {
        CHECK(media_subs_count(s) == 2);
        check_cue(s, 0, 1.0, 2.0, "one");
        check_cue(s, 1, 6.0, 7.0, "three");
        CHECK(media_subs_at(s, 4.5) == -1);
        media_subs_free(&s);
    }
    free(path);

    /* a blank line inside a cue's text: the line after it is left out, with a warning */
    path = fixture_text("stray.srt", "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\nstray line\n\n"
                                     "2\n00:00:03,000 --> 00:00:04,000\nsecond\n");
    s = load_ok(path);
    if (s) {
        CHECK(media_subs_count(s) == 2);
        check_cue(s, 0, 1.0, 2.0, "first");
        check_cue(s, 1, 3.0, 4.0, "second");
        media_subs_free(&s);
    }
    free(path);

    /* nothing valid: an error naming the first bad cue by number and line */
    path = fixture_text("all_bad.srt", "\n"
                                       "7\n"
                                       "00:00:05,000 --> 00:00:01,000\n"
                                       "backwards\n"
                                       "\n"
                                       "8\n"
                                       "00:00:xx,000 --> 00:00:09,000\n"
                                       "unreadable\n"
                                       "\n"
                                       "9\n"
                                       "-00:00:01,000 --> 00:00:02,000\n"
                                       "negative\n");
    load_refused(path, PV_ERR_FORMAT,
                 "no usable cue: cue 7 (line 3) ends (00:00:01.000) "
                 "before it starts (00:00:05.000) (and 2 more bad cues)");
    free(path);

    path = fixture_text("unreadable.vtt", "WEBVTT\n\nfirst\n00:00:01.000 -> 00:00:02.000\nx\n");
    load_refused(path, PV_ERR_FORMAT, "cue \"first\" (line 3) has no time line");
    free(path);
    path = fixture_text("garbled.srt", "1\n00:00:01,000 --> 00:00:02,000junk\nx\n");
    load_refused(path, PV_ERR_FORMAT, "cue 1 (line 2): cannot read the times");
    free(path);
    path = fixture_text("negative.srt", "1\n-00:00:01,000 --> 00:00:02,000\nx\n");
    load_refused(path, PV_ERR_FORMAT, "cue 1 (line 2) has a negative time");
    free(path);
    path = fixture_text("header_only.vtt", "WEBVTT\n\nNOTE nothing yet\n");
    load_refused(path, PV_ERR_FORMAT, "has no cues");
    free(path);
}

static void test_not_subtitles(void)
{
    /* Latin-1 text: refused with the line of the first non-UTF-8 byte */
    char *path = fixture_text("latin1.srt", "1\n00:00:01,000 --> 00:00:02,000\nOK\n\n"
                                            "2\n00:00:03,000 --> 00:00:04,000\nCaf\xE9 cr\xE8me\n");
    load_refused(path, PV_ERR_FORMAT, "is not UTF-8 text (line 7 has the byte 0xE9");
    load_refused(path, PV_ERR_FORMAT, "save it as UTF-8");
    free(path);
    /* UTF-16 with a BOM */
    static const uint8_t utf16[] = {0xFF, 0xFE, '1', 0, '\n', 0, '0', 0, '0', 0};
    path = fixture("utf16.srt", utf16, sizeof utf16);
    load_refused(path, PV_ERR_FORMAT, "is not UTF-8 text (it is UTF-16)");
    free(path);

    path = fixture("empty.srt", "", 0);
    load_refused(path, PV_ERR_FORMAT, "is empty");
    free(path);
    path = fixture_text("blank.vtt", "\xEF\xBB\xBF  \r\n\n\t\n");
    load_refused(path, PV_ERR_FORMAT, "is empty");
    free(path);

    path = pv_path_join(s_dir, "missing.srt");
    load_refused(path, PV_ERR_IO, "subtitle file not found");
    free(path);
    load_refused(s_dir, PV_ERR_IO, "cannot read the file");
    load_refused(s_dir, PV_ERR_IO, "is a directory");
    /* A FIFO is refused at once, never waited on (the alarm turns a hang into a failure). */
    path = pv_path_join(s_dir, "pipe.srt");
    CHECK(mkfifo(path, 0600) == 0);
    alarm(30);
    load_refused(path, PV_ERR_IO, "is a FIFO");
    alarm(0);
    free(path);
    char why[128];
    media_subs *s = NULL;
    CHECK(media_subs_load("", &s, why, sizeof why) == PV_ERR_INVALID && s == NULL);

    /* a PNG renamed .srt */
    uint8_t px[16 * 16 * 4];
    for (int i = 0; i < 16 * 16 * 4; i++)
        px[i] = (uint8_t)(i * 7);
    path = pv_path_join(s_dir, "picture.srt");
    CHECK(stbi_write_png(path, 16, 16, 4, px, 16 * 4) != 0);
    load_refused(path, PV_ERR_FORMAT, "is an image (png_pipe), not a subtitle file");
    free(path);
    /* binary noise, and prose */
    uint8_t noise[3000];
    uint32_t seed = 12345;
    for (size_t i = 0; i < sizeof noise; i++) {
        seed = seed * 1103515245u + 12345u;
        noise[i] = (uint8_t)(seed >> 16);
    }
    noise[0] = 0x01; /* not a digit, BOM or text */
    path = fixture("noise.srt", noise, sizeof noise);
    load_refused(path, PV_ERR_FORMAT, "not a subtitle file");
    free(path);
    path = fixture_text("prose.srt", "Dear visitor,\nthis is not a subtitle file.\n");
    load_refused(path, PV_ERR_FORMAT, "not a subtitle file");
    free(path);
}

/* ---- containers, muxed here with libavformat ---- */

typedef struct mux_cue {
    int64_t start_ms, dur_ms;
    const char *text;
} mux_cue;

/* Writes a file with one subtitle track (codec `id`) and the cues given; for mov_text the
 * packets get the 16-bit length prefix. Returns false when this FFmpeg cannot write it. */
static bool mux_subtitles(const char *path, const char *format, enum AVCodecID id,
                          const char *extradata, const mux_cue *cues, int n)
{
    AVFormatContext *oc = NULL;
    if (avformat_alloc_output_context2(&oc, NULL, format, path) < 0)
        return false;
    AVStream *st = avformat_new_stream(oc, NULL);
    st->codecpar->codec_type = AVMEDIA_TYPE_SUBTITLE;
    st->codecpar->codec_id = id;
    st->time_base = (AVRational){1, 1000};
    if (extradata) {
        size_t len = strlen(extradata);
        st->codecpar->extradata = av_mallocz(len + AV_INPUT_BUFFER_PADDING_SIZE);
        memcpy(st->codecpar->extradata, extradata, len);
        st->codecpar->extradata_size = (int)len;
    }
    bool ok = avio_open(&oc->pb, path, AVIO_FLAG_WRITE) >= 0;
    ok = ok && avformat_write_header(oc, NULL) >= 0;
    for (int i = 0; ok && i < n; i++) {
        AVPacket *pkt = av_packet_alloc();
        size_t len = strlen(cues[i].text);
        bool prefix = id == AV_CODEC_ID_MOV_TEXT;
        av_new_packet(pkt, (int)len + (prefix ? 2 : 0));
        uint8_t *d = pkt->data;
        if (prefix) {
            d[0] = (uint8_t)(len >> 8);
            d[1] = (uint8_t)len;
            d += 2;
        }
        memcpy(d, cues[i].text, len);
        AVRational ms = {1, 1000};
        pkt->pts = pkt->dts = av_rescale_q(cues[i].start_ms, ms, st->time_base);
        pkt->duration = av_rescale_q(cues[i].dur_ms, ms, st->time_base);
        pkt->stream_index = st->index;
        pkt->flags |= AV_PKT_FLAG_KEY;
        ok = av_interleaved_write_frame(oc, pkt) >= 0;
        av_packet_free(&pkt);
    }
    ok = ok && av_write_trailer(oc) >= 0;
    avio_closep(&oc->pb);
    avformat_free_context(oc);
    return ok;
}

static void test_containers(void)
{
    static const mux_cue cues[] = {
        {1000, 1500, "Hello <i>world</i>"},
        {3000, 1000, "Grüße\nzweite Zeile"},
        {4500, 500, "مرحبا"},
    };
    char *path = pv_path_join(s_dir, "subrip.mkv");
    bool made = mux_subtitles(path, "matroska", AV_CODEC_ID_SUBRIP, NULL, cues, 3);
    CHECK(made);
    media_subs *s = made ? load_ok(path) : NULL;
    if (s) {
        CHECK(media_subs_count(s) == 3);
        check_cue(s, 0, 1.0, 2.5, "Hello world");
        check_cue(s, 1, 3.0, 4.0, "Grüße\nzweite Zeile");
        check_cue(s, 2, 4.5, 5.0, "مرحبا");
        CHECK(media_subs_at(s, 2.5) == -1);
        CHECK(media_subs_at(s, 3.5) == 1);
        media_subs_free(&s);
    }
    free(path);

    path = pv_path_join(s_dir, "movtext.mp4");
    made = mux_subtitles(path, "mp4", AV_CODEC_ID_MOV_TEXT, NULL, cues + 1, 2);
    if (!made) {
        check_skip("this FFmpeg cannot write mov_text into MP4");
    } else {
        s = load_ok(path);
        if (s) {
            CHECK(media_subs_count(s) == 2);
            check_cue(s, 0, 3.0, 4.0, "Grüße\nzweite Zeile");
            check_cue(s, 1, 4.5, 5.0, "مرحبا");
            media_subs_free(&s);
        }
    }
    free(path);

    /* an ASS track: override tags dropped (italics kept for drawing), \N is a line break */
    static const char ass_header[] =
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 640\nPlayResY: 360\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, "
        "OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, "
        "Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, "
        "Encoding\nStyle: Default,Arial,20,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,"
        "100,100,0,0,1,1,0,2,10,10,10,1\n\n[Events]\nFormat: Layer, Start, End, Style, Name, "
        "MarginL, MarginR, MarginV, Effect, Text\n";
    static const mux_cue ass_cues[] = {
        {2000, 2000, "0,0,Default,,0,0,0,,{\\pos(320,40)\\i1}Sign{\\i0} one\\Nline two"},
        {5000, 1000, "1,0,Default,,0,0,0,,comma, kept\\hhere"},
    };
    path = pv_path_join(s_dir, "ass.mkv");
    made = mux_subtitles(path, "matroska", AV_CODEC_ID_ASS, ass_header, ass_cues, 2);
    CHECK(made);
    s = made ? load_ok(path) : NULL;
    if (s) {
        CHECK(media_subs_count(s) == 2);
        check_cue(s, 0, 2.0, 4.0, "Sign one\nline two");
        check_cue(s, 1, 5.0, 6.0, "comma, kept here");
        media_subs_free(&s);
    }
    free(path);

    /* a subtitle track whose text is not UTF-8 */
    static const mux_cue latin1[] = {{1000, 1000, "Caf\xE9"}};
    path = pv_path_join(s_dir, "latin1.mkv");
    made = mux_subtitles(path, "matroska", AV_CODEC_ID_SUBRIP, NULL, latin1, 1);
    CHECK(made);
    if (made)
        load_refused(path, PV_ERR_FORMAT,
                     "is not UTF-8 text (cue 1 (at 00:00:01.000) has the "
                     "byte 0xE9); save it as UTF-8");
    free(path);
}

/* ---- the shared real files ---- */

/* Counts the "-->" lines of a text file and reads the first one's start and end the simple way:
 * h:m:s with an optional decimal fraction after ',' or '.'. */
static int count_time_lines(const char *path, double *first_start, double *first_end,
                            char *first_text, size_t text_n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char line[1024];
    int n = 0;
    bool want_text = false;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (want_text) {
            snprintf(first_text, text_n, "%s", line);
            want_text = false;
        }
        char *arrow = strstr(line, "-->");
        if (!arrow)
            continue;
        if (n++ == 0) {
            double t[2];
            char *parts[2] = {line, arrow + 3};
            for (int k = 0; k < 2; k++) {
                int h = 0, m = 0, sec = 0, used = 0;
                char *p = parts[k];
                while (*p == ' ')
                    p++;
                sscanf(p, "%d:%d:%d%n", &h, &m, &sec, &used);
                double frac = 0.0;
                if (p[used] == ',' || p[used] == '.') {
                    double scale = 0.1;
                    for (char *q = p + used + 1; *q >= '0' && *q <= '9'; q++, scale /= 10)
                        frac += (*q - '0') * scale;
                }
                t[k] = h * 3600.0 + m * 60.0 + sec + frac;
            }
            *first_start = t[0];
            *first_end = t[1];
            want_text = true;
        }
    }
    fclose(f);
    return n;
}

static void replace_all(char *s, const char *from, const char *to)
{
    char *p;
    while ((p = strstr(s, from))) {
        memmove(p + strlen(to), p + strlen(from), strlen(p + strlen(from)) + 1);
        memcpy(p, to, strlen(to));
    }
}

static void test_shared(void)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/video/subtitles", TEST_SHARED_DIR);
    DIR *probe = opendir(dir);
    if (!probe) {
        check_skip("no shared subtitle files in %s", dir);
        return;
    }
    closedir(probe);
    static const char *files[] = {"mdn-subtitles_en.vtt", "mediaelement.srt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *path = pv_path_join(dir, files[i]);
        double start = -1, end = -1;
        char text[1024] = "";
        int expect = count_time_lines(path, &start, &end, text, sizeof text);
        if (expect < 0) {
            check_skip("%s is absent", files[i]);
            free(path);
            continue;
        }
        replace_all(text, "&lt;", "<");
        replace_all(text, "&gt;", ">");
        replace_all(text, "&amp;", "&");
        media_subs *s = load_ok(path);
        if (s) {
            printf("%s: %d cues (the file has %d time lines), first %.3f-%.3f \"%s\"\n", files[i],
                   media_subs_count(s), expect, media_subs_cue(s, 0)->start,
                   media_subs_cue(s, 0)->end, media_subs_cue(s, 0)->text);
            CHECK(expect > 0);
            CHECK(media_subs_count(s) == expect);
            CHECK_NEAR(media_subs_cue(s, 0)->start, start, 1e-6);
            CHECK_NEAR(media_subs_cue(s, 0)->end, end, 1e-6);
            CHECK_STR(media_subs_cue(s, 0)->text, text);
            CHECK(media_subs_at(s, start) == 0);
            bool sorted = true;
            for (int k = 1; k < media_subs_count(s); k++)
                sorted = sorted && media_subs_cue(s, k)->start >= media_subs_cue(s, k - 1)->start;
            CHECK(sorted);
            media_subs_free(&s);
        }
        free(path);
    }
}

/* ---- drawing ---- */

typedef struct shot {
    const uint8_t *rgba;
    int width, height, x, y, w, h, changed;
} shot;

static shot render(media_subs_renderer *r, const media_subs *s, double t, int width, int height)
{
    shot o = {.width = width, .height = height};
    o.changed = media_subs_render(r, s, t, width, height, &o.rgba, &o.x, &o.y, &o.w, &o.h);
    return o;
}

static const uint8_t *px_at(const shot *o, int x, int y)
{
    return o->rgba + ((size_t)y * o->width + x) * 4;
}

/* Bright: opaque light text; dark: opaque dark outline (premultiplied: rgb <= alpha). */
static void count_tones(const shot *o, int *bright, int *dark)
{
    *bright = *dark = 0;
    for (int y = o->y; y < o->y + o->h; y++)
        for (int x = o->x; x < o->x + o->w; x++) {
            const uint8_t *p = px_at(o, x, y);
            if (p[3] >= 200 && p[0] >= 200 && p[1] >= 200 && p[2] >= 200)
                (*bright)++;
            else if (p[3] >= 200 && p[0] <= 60 && p[1] <= 60 && p[2] <= 60)
                (*dark)++;
        }
}

/* Non-zero pixels outside the box, and premultiplication errors (a colour above alpha). */
static int stray_pixels(const shot *o)
{
    int n = 0;
    for (int y = 0; y < o->height; y++)
        for (int x = 0; x < o->width; x++) {
            const uint8_t *p = px_at(o, x, y);
            bool inside = x >= o->x && x < o->x + o->w && y >= o->y && y < o->y + o->h;
            if ((!inside && (p[0] | p[1] | p[2] | p[3])) || p[0] > p[3] || p[1] > p[3] ||
                p[2] > p[3])
                n++;
        }
    return n;
}

/* Distinct rows of the text (bright) mask inside the box: glyphs give many, empty boxes
 * ("tofu") only a few (their top, sides and bottom). */
static int distinct_rows(const shot *o)
{
    int n = 0;
    uint64_t *seen = calloc((size_t)o->h + 1, sizeof *seen);
    for (int y = o->y; y < o->y + o->h; y++) {
        uint64_t h = 1469598103934665603ULL;
        int ink = 0;
        for (int x = o->x; x < o->x + o->w; x++) {
            const uint8_t *p = px_at(o, x, y);
            bool on = p[3] >= 200 && p[0] >= 160;
            ink += on;
            h = (h ^ (on ? (uint64_t)(x - o->x) + 1 : 0)) * 1099511628211ULL;
        }
        if (!ink)
            continue;
        bool dup = false;
        for (int k = 0; k < n && !dup; k++)
            dup = seen[k] == h;
        if (!dup)
            seen[n++] = h;
    }
    free(seen);
    return n;
}

/* The widest run of columns without text (bright) pixels inside the box, as the centre of the
 * run relative to the box (0 = left edge, 1 = right edge). */
static double widest_gap_at(const shot *o)
{
    int best = 0, best_at = 0, run = 0;
    for (int x = o->x; x < o->x + o->w; x++) {
        bool ink = false;
        for (int y = o->y; y < o->y + o->h && !ink; y++) {
            const uint8_t *p = px_at(o, x, y);
            ink = p[3] >= 128 && p[0] >= 128;
        }
        run = ink ? 0 : run + 1;
        if (run > best) {
            best = run;
            best_at = x - run / 2;
        }
    }
    return o->w ? (double)(best_at - o->x) / o->w : -1.0;
}

static void save_png(const shot *o, const char *name)
{
    const char *dir = getenv("SUBTITLE_TEST_PNG_DIR");
    if (!dir || !o->rgba)
        return;
    /* the box with a margin (the whole canvas when nothing shows), over mid grey so that the
     * outline shows */
    int m = o->height / 40;
    int x0 = o->w ? (o->x > m ? o->x - m : 0) : 0, y0 = o->w ? (o->y > m ? o->y - m : 0) : 0;
    int x1 = o->w ? (o->x + o->w + m < o->width ? o->x + o->w + m : o->width) : o->width;
    int y1 = o->w ? (o->y + o->h + m < o->height ? o->y + o->h + m : o->height) : o->height;
    int w = x1 - x0, h = y1 - y0;
    uint8_t *rgb = malloc((size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const uint8_t *p = px_at(o, x0 + x, y0 + y);
            for (int c = 0; c < 3; c++)
                rgb[((size_t)y * w + x) * 3 + c] = (uint8_t)(p[c] + 128 * (255 - p[3]) / 255);
        }
    char *path = pv_asprintf("%s/%s.png", dir, name);
    CHECK(stbi_write_png(path, w, h, 3, rgb, w * 3) != 0);
    printf("wrote %s (%dx%d at %d,%d)\n", path, w, h, x0, y0);
    free(path);
    free(rgb);
}

/* A shown cue at 1280x720: a box of sensible size in the lower part, centred, with light text
 * and a dark outline, and nothing outside the box. */
static void check_shown(const shot *o, const char *what)
{
    int bright, dark;
    count_tones(o, &bright, &dark);
    double centre = o->x + o->w / 2.0;
    printf("%s: box %d,%d %dx%d (centre %.1f), %d bright and %d dark pixels\n", what, o->x, o->y,
           o->w, o->h, centre, bright, dark);
    CHECK(o->rgba != NULL);
    CHECK(o->w > 0 && o->h > 0);
    CHECK(o->y >= o->height / 2);
    CHECK(o->y + o->h <= o->height - o->height / 100); /* a margin below */
    CHECK(fabs(centre - o->width / 2.0) <= 0.03 * o->width);
    CHECK(o->h >= o->height / 40 && o->h <= o->height / 6); /* one line of readable size */
    CHECK(bright >= 100);
    CHECK(dark >= 100);
    CHECK(stray_pixels(o) == 0);
}

static void test_render(void)
{
    static const char srt[] = "1\n00:00:01,000 --> 00:00:02,000\nWelcome to the exhibition\n\n"
                              "2\n00:00:03,000 --> 00:00:04,000\nمرحبا بكم في المعرض\n\n"
                              "3\n00:00:05,000 --> 00:00:06,000\n展示会へようこそ\n\n"
                              "4\n00:00:07,000 --> 00:00:08,000\n東京国立博物館へ\n\n"
                              /* the Arabic cue with joining forbidden (ZWNJ between letters) */
                              "5\n00:00:09,000 --> 00:00:10,000\n"
                              "م\u200Cر\u200Cح\u200Cب\u200Cا ب\u200Cك\u200Cم ف\u200Cي "
                              "ا\u200Cل\u200Cم\u200Cع\u200Cر\u200Cض\n\n"
                              /* a one-letter word then a long one: right to left, the gap
                               * between them is on the right */
                              "6\n00:00:11,000 --> 00:00:12,000\nو المعرض\n\n"
                              "7\n00:00:13,000 --> 00:00:14,000\nA and exhibition\n\n"
                              /* long lines wrap, CJK ones too (no spaces) */
                              "9\n00:00:17,000 --> 00:00:18,000\nThis long sentence about the "
                              "paintings in the east wing of the pavilion should wrap onto a "
                              "second line rather than run off the screen\n\n"
                              "10\n00:00:19,000 --> 00:00:20,000\nこの展示会では日本の美術と工芸の"
                              "歴史を紹介しています。ごゆっくりお楽しみください。東京国立博物館の"
                              "特別展です。\n\n"
                              /* private-use code points: no font has them, so "tofu" */
                              "8\n00:00:15,000 --> 00:00:16,000\n\uE000\uE001\uE002\uE003"
                              "\uE004\uE005\uE006\uE007\n";
    char *path = fixture_text("render.srt", srt);
    media_subs *s = load_ok(path);
    free(path);
    media_subs_renderer *r = media_subs_renderer_create();
    CHECK(r != NULL);
    if (!s || !r) {
        media_subs_renderer_destroy(&r);
        media_subs_free(&s);
        return;
    }
    const int W = 1280, H = 720;

    shot en = render(r, s, 1.5, W, H);
    CHECK(en.changed == 1); /* the first call */
    check_shown(&en, "English");
    save_png(&en, "subtitle_en_720");
    int en_h = en.h;
    shot again = render(r, s, 1.5, W, H);
    CHECK(again.changed == 0);
    CHECK(again.rgba == en.rgba && again.x == en.x && again.w == en.w && again.h == en.h);
    CHECK(render(r, s, 1.75, W, H).changed == 0); /* the same cue later: the same picture */

    shot ar = render(r, s, 3.5, W, H);
    CHECK(ar.changed == 1);
    check_shown(&ar, "Arabic");
    save_png(&ar, "subtitle_ar_720");
    int ar_w = ar.w;
    shot ar_apart = render(r, s, 9.5, W, H);
    check_shown(&ar_apart, "Arabic, letters kept apart");
    save_png(&ar_apart, "subtitle_ar_unjoined_720");
    /* joined letters take their connected forms, which are narrower than isolated ones */
    printf("Arabic joined %d px wide, unjoined %d px\n", ar_w, ar_apart.w);
    CHECK(ar_w < ar_apart.w * 0.95);
    shot rtl = render(r, s, 11.5, W, H);
    double gap_rtl = widest_gap_at(&rtl);
    save_png(&rtl, "subtitle_ar_rtl_720");
    shot ltr = render(r, s, 13.5, W, H);
    double gap_ltr = widest_gap_at(&ltr);
    printf("widest gap at %.2f of the box (Arabic), %.2f (Latin)\n", gap_rtl, gap_ltr);
    CHECK(gap_rtl > 0.6); /* "و" is on the right */
    CHECK(gap_ltr >= 0.0 && gap_ltr < 0.4);

    shot ja = render(r, s, 5.5, W, H);
    CHECK(ja.changed == 1);
    check_shown(&ja, "Japanese");
    save_png(&ja, "subtitle_ja_720");
    size_t ja_size = (size_t)W * H * 4;
    uint8_t *ja_copy = malloc(ja_size);
    memcpy(ja_copy, ja.rgba, ja_size);
    int ja_rows = distinct_rows(&ja);
    shot ja2 = render(r, s, 7.5, W, H);
    check_shown(&ja2, "Japanese, other words");
    save_png(&ja2, "subtitle_ja2_720");
    int ja2_rows = distinct_rows(&ja2);
    int differ = 0;
    for (size_t i = 0; i < ja_size; i++)
        differ += ja_copy[i] != ja2.rgba[i];
    free(ja_copy);
    shot tofu = render(r, s, 15.5, W, H);
    save_png(&tofu, "subtitle_tofu_720");
    int tofu_rows = tofu.w ? distinct_rows(&tofu) : 0;
    printf("distinct text rows: %d and %d (Japanese), %d (missing glyphs); %d bytes differ\n",
           ja_rows, ja2_rows, tofu_rows, differ);
    CHECK(differ > 1000); /* two strings of 8 characters, different glyphs */
    if (ja_rows < 15 || ja2_rows < 15)
        fprintf(stderr, "no Japanese glyphs: is a CJK font installed (fonts-wqy-microhei, see "
                        "tools/setup.sh)?\n");
    CHECK(ja_rows >= 15 && ja2_rows >= 15);
    if (tofu.w) /* the control: empty boxes give few distinct rows */
        CHECK(ja_rows > 2 * tofu_rows && ja2_rows > 2 * tofu_rows);

    /* long lines wrap within the side margins (120 of 1920 units each side) */
    shot wrap = render(r, s, 17.5, W, H);
    save_png(&wrap, "subtitle_wrap_en_720");
    printf("long English line: %dx%d\n", wrap.w, wrap.h);
    CHECK(wrap.w > 0 && wrap.w <= W - 2 * 72);
    CHECK(wrap.h >= en_h * 1.8 && wrap.h <= H / 4);
    CHECK(fabs(wrap.x + wrap.w / 2.0 - W / 2.0) <= 0.03 * W);
    shot wrap_ja = render(r, s, 19.5, W, H);
    save_png(&wrap_ja, "subtitle_wrap_ja_720");
    printf("long Japanese line: %dx%d\n", wrap_ja.w, wrap_ja.h);
    CHECK(wrap_ja.w > 0 && wrap_ja.w <= W - 2 * 72);
    CHECK(wrap_ja.h >= ja.h * 1.8 && wrap_ja.h <= H / 4);
    CHECK(stray_pixels(&wrap_ja) == 0);

    /* between cues: nothing, once changed, then unchanged */
    shot none = render(r, s, 2.5, W, H);
    CHECK(none.changed == 1);
    CHECK(none.w == 0 && none.h == 0);
    CHECK(none.rgba != NULL && stray_pixels(&none) == 0);
    CHECK(render(r, s, 2.6, W, H).changed == 0);
    CHECK(render(r, s, 100.0, W, H).w == 0);
    CHECK(render(r, s, 1.5, W, H).changed == 1); /* a cue again */
    /* no subtitles at all */
    shot nothing = render(r, NULL, 1.5, W, H);
    CHECK(nothing.changed == 1 && nothing.w == 0);
    CHECK(render(r, NULL, 1.5, W, H).changed == 0);
    /* sizes out of range */
    shot bad = render(r, s, 1.5, 0, H);
    CHECK(bad.rgba == NULL && bad.w == 0 && bad.changed == 0);
    bad = render(r, s, 1.5, W, MEDIA_SUBS_MAX_CANVAS + 1);
    CHECK(bad.rgba == NULL && bad.w == 0);

    /* 4K: the same layout, three times the size */
    shot big = render(r, s, 1.5, 3840, 2160);
    CHECK(big.changed == 1);
    check_shown(&big, "English at 3840x2160");
    save_png(&big, "subtitle_en_2160");
    printf("text height %d px at 720 lines, %d px at 2160\n", en_h, big.h);
    CHECK(big.h > en_h * 2.6 && big.h < en_h * 3.4);
    shot big_ja = render(r, s, 5.5, 3840, 2160);
    check_shown(&big_ja, "Japanese at 3840x2160");
    /* back to 720: a new size redraws */
    CHECK(render(r, s, 5.5, W, H).changed == 1);

    /* a renderer caches its track by content: other subtitles redraw */
    path = fixture_text("other.srt", "1\n00:00:05,000 --> 00:00:06,000\nsomething else\n");
    media_subs *other = load_ok(path);
    free(path);
    if (other) {
        shot o = render(r, other, 5.5, W, H);
        CHECK(o.changed == 1);
        CHECK(o.w > 0 && o.w < ja.w * 2);
        CHECK(render(r, other, 5.5, W, H).changed == 0);
        CHECK(render(r, s, 5.5, W, H).changed == 1);
        media_subs_free(&other);
    }
    media_subs_renderer_destroy(&r);
    CHECK(r == NULL);
    media_subs_renderer_destroy(&r); /* NULL is fine */
    media_subs_free(&s);
}

int main(void)
{
    check_tmpdir(s_dir, sizeof s_dir, "subtitle");
    test_srt();
    test_empty_cue();
    test_vtt();
    test_bad_times();
    test_not_subtitles();
    test_containers();
    test_shared();
    test_render();
    check_rmdir(s_dir);
    return check_done();
}
