/* stream_test: videos over the network. A tiny HTTP/1.1 server runs on 127.0.0.1 in threads of
 * this test and serves clips generated in-process (tools/clip_gen.c): progressive MP4 with
 * Range requests, MPEG-TS with a length (a file) and without (a live stream). It misbehaves on
 * request: stalls, drops the connection, hangs, never answers, answers 404. Checked: a URL
 * plays every frame; a stall shows MEDIA_RECONNECTING and the frames after it arrive in order
 * with pts still increasing; a lost stream is reopened (and fails after its attempts); opening
 * a server that never answers gives up within its timeout and can be cancelled; closing a clip
 * blocked in a read returns at once; a refused connection names the URL; --no-network and
 * PAVILION_NO_NETWORK refuse URLs (player and `pavilion check`); scene files accept stream
 * URLs and report other schemes at line:col.
 * Threads: the main thread drives the clips; the server has an accept thread and one thread per
 * connection; each clip has its decode thread. */
#define CLIP_GEN_NO_MAIN
#include "../tools/clip_gen.c"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/app.h"
#include "play/play.h"
#include "check.h"
#include "media/media.h"
#include "scene/scene.h"

#define INLINE TEST_SOURCE_DIR "/fixtures/scene/inline.json"

static char s_dir[512];

/* ---- the server ---- */

#define MAX_CONNS 64

typedef struct http_server {
    int fd, port;
    pthread_t thread;
    atomic_bool stop;
    const uint8_t *body;
    size_t size;
    bool live;             /* no Content-Length and no ranges: a stream that ends when closed */
    /* Misbehaviour. A stall is a condition, never a time: every response that reaches
     * stall_at (from before it) waits there until the test releases it (server_release,
     * once the clip has shown what the test checks), however slow the machine. */
    size_t stall_at;
    atomic_bool released;
    /* Once the test arms it (after the clip has opened: probing reads the file more than
     * once), the first time a response reaches the byte (live streams and hang_every are
     * armed from the start: a live stream is read once, as it comes): */
    size_t drop_at;        /* close the connection */
    size_t hang_at;        /* stop sending and keep the connection open; every response
                            * reaching it when hang_every */
    bool hang_every;
    bool silent;           /* read the request, never answer */
    int refuse_from;       /* requests from this index on get 404; 0 = never */
    atomic_bool armed, fired;
    atomic_int requests, ranged;
    atomic_int stalls;     /* responses that waited at stall_at and went on */
    pthread_mutex_t lock;
    pthread_t conns[MAX_CONNS];
    int conn_count;
} http_server;

typedef struct http_conn {
    http_server *s;
    int fd;
} http_conn;

/* Sleeps unless the server stops; false when it stops. */
static bool server_nap(http_server *s, double seconds)
{
    double until = pv_now() + seconds;
    while (pv_now() < until) {
        if (atomic_load(&s->stop))
            return false;
        pv_sleep_ms(10);
    }
    return true;
}

static bool send_all(http_server *s, int fd, const void *data, size_t n)
{
    const uint8_t *p = data;
    while (n > 0) {
        if (atomic_load(&s->stop))
            return false;
        struct pollfd pf = {.fd = fd, .events = POLLOUT};
        int r = poll(&pf, 1, 50);
        if (r <= 0)
            continue;
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (k < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            return false; /* the client went away */
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Reads the request head; returns the start of a "Range: bytes=N-" (0 without one), or -1. */
static long long read_request(http_server *s, int fd)
{
    char buf[4096];
    size_t used = 0;
    while (used < sizeof buf - 1) {
        if (atomic_load(&s->stop))
            return -1;
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, 50) <= 0)
            continue;
        ssize_t k = recv(fd, buf + used, sizeof buf - 1 - used, 0);
        if (k <= 0)
            return -1;
        used += (size_t)k;
        buf[used] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            break;
    }
    for (char *c = buf; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    const char *range = strstr(buf, "\r\nrange: bytes=");
    return range ? atoll(range + 15) : 0;
}

static void *conn_main(void *arg)
{
    http_conn *hc = arg;
    http_server *s = hc->s;
    int fd = hc->fd;
    free(hc);
    long long start = read_request(s, fd);
    int index = atomic_fetch_add(&s->requests, 1);
    if (getenv("STREAM_TEST_VERBOSE"))
        fprintf(stderr, "server %d: request %d from byte %lld of %zu\n", s->port, index, start,
                s->size);
    if (start < 0 || s->silent) {
        while (server_nap(s, 0.05)) {
        }
        close(fd);
        return NULL;
    }
    char head[512];
    if (s->refuse_from && index >= s->refuse_from) {
        snprintf(head, sizeof head, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                                    "Connection: close\r\n\r\n");
        send_all(s, fd, head, strlen(head));
        close(fd);
        return NULL;
    }
    size_t from = 0;
    if (s->live) {
        snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\n"
                                    "Connection: close\r\n\r\n");
    } else if (start > 0 && (size_t)start < s->size) {
        from = (size_t)start;
        atomic_fetch_add(&s->ranged, 1);
        snprintf(head, sizeof head,
                 "HTTP/1.1 206 Partial Content\r\nContent-Type: video/mp4\r\n"
                 "Accept-Ranges: bytes\r\nContent-Range: bytes %zu-%zu/%zu\r\n"
                 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                 from, s->size - 1, s->size, s->size - from);
    } else {
        snprintf(head, sizeof head,
                 "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nAccept-Ranges: bytes\r\n"
                 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                 s->size);
    }
    /* The body goes out in 8 KiB pieces 5 ms apart (about 1.6 MB/s, twenty times the clip's
     * rate), so the client reads close behind the server and a pause is a pause for it too
     * (without pacing the whole clip would sit in the socket buffers at once). */
    bool ok = send_all(s, fd, head, strlen(head));
    size_t pos = from;
    while (ok && pos < s->size) {
        size_t end = pos + 8192 < s->size ? pos + 8192 : s->size;
        enum { NONE, STALL, DROP, HANG } what = NONE;
        size_t at = 0;
        if (s->stall_at > pos && s->stall_at <= end && !atomic_load(&s->released))
            what = STALL, at = s->stall_at;
        if (atomic_load(&s->armed) || s->live || s->hang_every) {
            bool once = !atomic_load(&s->fired);
            if (once && s->drop_at > pos && s->drop_at <= end)
                what = DROP, at = s->drop_at;
            if ((once || s->hang_every) && s->hang_at > pos && s->hang_at <= end)
                what = HANG, at = s->hang_at;
        }
        if (what != NONE)
            end = at;
        ok = send_all(s, fd, s->body + pos, end - pos);
        pos = end;
        if (!ok)
            break;
        if (what == DROP || what == HANG)
            atomic_store(&s->fired, true);
        if (what == DROP)
            break;
        if (what == HANG) {
            while (server_nap(s, 0.05)) {
            }
            break;
        }
        if (what == STALL) {
            while (!atomic_load(&s->released) && server_nap(s, 0.005)) {
            }
            atomic_fetch_add(&s->stalls, 1);
        }
        ok = server_nap(s, 0.005);
    }
    close(fd);
    return NULL;
}

static void *accept_main(void *arg)
{
    http_server *s = arg;
    while (!atomic_load(&s->stop)) {
        struct pollfd pf = {.fd = s->fd, .events = POLLIN};
        if (poll(&pf, 1, 50) <= 0)
            continue;
        int fd = accept(s->fd, NULL, NULL);
        if (fd < 0)
            continue;
        pthread_mutex_lock(&s->lock);
        if (s->conn_count == MAX_CONNS) {
            pthread_mutex_unlock(&s->lock);
            close(fd);
            continue;
        }
        http_conn *hc = pv_calloc(1, sizeof *hc);
        hc->s = s;
        hc->fd = fd;
        if (pthread_create(&s->conns[s->conn_count], NULL, conn_main, hc) == 0)
            s->conn_count++;
        else {
            close(fd);
            free(hc);
        }
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

/* A socket bound to 127.0.0.1 on a port of the system's choosing. */
static int bind_local(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

/* Starts serving `s` (its behaviour fields set by the caller). */
static bool server_start(http_server *s)
{
    atomic_init(&s->stop, false);
    atomic_init(&s->armed, false);
    atomic_init(&s->fired, false);
    atomic_init(&s->released, false);
    atomic_init(&s->stalls, 0);
    atomic_init(&s->requests, 0);
    atomic_init(&s->ranged, 0);
    pthread_mutex_init(&s->lock, NULL);
    s->fd = bind_local(&s->port);
    if (s->fd < 0 || listen(s->fd, 16) != 0) {
        fprintf(stderr, "cannot listen on 127.0.0.1\n");
        return false;
    }
    return pthread_create(&s->thread, NULL, accept_main, s) == 0;
}

static void server_stop(http_server *s)
{
    atomic_store(&s->stop, true);
    pthread_join(s->thread, NULL);
    for (int i = 0; i < s->conn_count; i++)
        pthread_join(s->conns[i], NULL);
    close(s->fd);
    pthread_mutex_destroy(&s->lock);
}

static char *server_url(const http_server *s, const char *name)
{
    return pv_asprintf("http://127.0.0.1:%d/%s", s->port, name);
}

/* ---- clips ---- */

typedef struct clip_bytes {
    uint8_t *bytes;
    size_t size;
} clip_bytes;

static clip_bytes s_mp4, s_ts;

static bool load_clip(const char *name, clip_bytes *out)
{
    char *path = pv_path_join(s_dir, name);
    char why[256];
    bool ok = pv_file_read(path, &out->bytes, &out->size, why, sizeof why) == PV_OK;
    if (!ok)
        fprintf(stderr, "%s\n", why);
    free(path);
    return ok;
}

/* The MPEG-TS the stream tests serve: 3 s of 640x480 at 25 fps (a keyframe each second) with
 * AAC, written by the same generator as the other test clips. Larger than the 250 KB FFmpeg
 * reads from a TS's end for its duration while opening, so that read starts after the stall
 * and hang points (2/5 of the file) and opening never waits at them. */
static const clip_gen_spec s_ts_spec = {"stream.ts", "libx264", 640, 480, 25, 75,
                                        CLIP_GEN_COLOR_BT601, "ultrafast", "aac", 0, NULL};

static int frame_barcode(const media_frame *f)
{
    return clip_gen_read_barcode(f->planes[0], f->linesize[0], f->width, f->height);
}

/* What a clip delivered until it ended, failed or `seconds` passed. */
typedef struct delivery {
    int frames;
    int codes[512];
    double pts[512];
    int gaps;             /* frames marked as a discontinuity */
    int first_gap;        /* index of the first of them, -1 none */
    bool saw_reconnecting;
    double reconnecting_at; /* seconds after the start when it was first seen */
    media_state last_state;
    char why[400];
} delivery;

/* Ends a server's stall when the clip has shown what the test looks for: that it is
 * reconnecting (after_requests < 0), or that it asked the server again (more than
 * after_requests requests: it reopened the stream). */
typedef struct release_rule {
    http_server *server;
    int after_requests;
} release_rule;

static void release_when(const release_rule *r, const delivery *d)
{
    if (!r || !r->server || atomic_load(&r->server->released))
        return;
    if (r->after_requests < 0 ? d->saw_reconnecting
                              : atomic_load(&r->server->requests) > r->after_requests)
        atomic_store(&r->server->released, true);
}

/* `seconds` bounds a hang only (real time: no check depends on how fast this machine is). */
static void drain_releasing(media_clip *c, double seconds, int max_frames,
                            bool until_reconnecting, const release_rule *release, delivery *d)
{
    memset(d, 0, sizeof *d);
    d->first_gap = -1;
    double t0 = pv_now();
    while (pv_now() - t0 < seconds && d->frames < max_frames &&
           !(until_reconnecting && d->saw_reconnecting)) {
        media_frame f;
        media_state st = media_clip_state(c, d->why, sizeof d->why);
        d->last_state = st;
        if (st == MEDIA_RECONNECTING && !d->saw_reconnecting) {
            d->saw_reconnecting = true;
            d->reconnecting_at = pv_now() - t0;
        }
        release_when(release, d);
        if (media_clip_next_frame(c, &f)) {
            if (d->frames < 512) {
                d->codes[d->frames] = frame_barcode(&f);
                d->pts[d->frames] = f.pts;
            }
            if (f.discontinuity && d->gaps++ == 0)
                d->first_gap = d->frames;
            d->frames++;
            media_frame_release(c, &f);
            continue;
        }
        if (media_clip_ended(c))
            break;
        pv_sleep_ms(2);
    }
    d->last_state = media_clip_state(c, d->why, sizeof d->why);
}

static void drain_until(media_clip *c, double seconds, int max_frames, bool until_reconnecting,
                        delivery *d)
{
    drain_releasing(c, seconds, max_frames, until_reconnecting, NULL, d);
}

static void drain(media_clip *c, double seconds, int max_frames, delivery *d)
{
    drain_until(c, seconds, max_frames, false, d);
}

/* Every frame from `from` on reads barcode first, first + 1, ... and pts rise strictly. */
static bool in_order(const delivery *d, int from, int to, int first_code)
{
    for (int i = from; i < to && i < 512; i++) {
        if (d->codes[i] != first_code + (i - from)) {
            fprintf(stderr, "frame %d reads barcode %d, expected %d\n", i, d->codes[i],
                    first_code + (i - from));
            return false;
        }
    }
    return true;
}

static bool pts_rise(const delivery *d)
{
    for (int i = 1; i < d->frames && i < 512; i++) {
        if (!(d->pts[i] > d->pts[i - 1])) {
            fprintf(stderr, "frame %d has pts %.4f after %.4f\n", i, d->pts[i], d->pts[i - 1]);
            return false;
        }
    }
    return true;
}

/* Opens `url`, then arms the server's misbehaviour. */
static media_clip *open_url(http_server *s, const char *url, const media_open_desc *extra,
                            char *why, size_t why_n, pv_result *res)
{
    media_open_desc d = extra ? *extra : (media_open_desc){0};
    d.path = url;
    media_clip *c = NULL;
    *res = media_clip_open(&d, &c, why, why_n);
    if (s)
        atomic_store(&s->armed, true);
    return c;
}

/* The first frame after 0 that reads barcode 0 (a stream that started again), or -1. */
static int restart_index(const delivery *d)
{
    for (int i = 1; i < d->frames && i < 512; i++)
        if (d->codes[i] == 0)
            return i;
    return -1;
}

/* ---- (a) a URL plays like a file ---- */

static void test_progressive_mp4(void)
{
    http_server s = {.body = s_mp4.bytes, .size = s_mp4.size};
    if (!server_start(&s))
        return;
    char *url = server_url(&s, "h264_720p30_aac.mp4");
    char why[512];
    pv_result r;
    media_clip *c = open_url(&s, url, &(media_open_desc){.audio = true}, why, sizeof why, &r);
    if (r != PV_OK)
        fprintf(stderr, "%s\n", why);
    CHECK(r == PV_OK && c);
    if (c) {
        media_info info;
        media_clip_info(c, &info);
        CHECK(info.width == 1280 && info.height == 720);
        CHECK_NEAR(info.duration, 2.0, 0.1);
        CHECK(info.has_audio);
        delivery d;
        drain(c, 60.0, 1000, &d);
        printf("mp4 over http: %d frames, %d requests (%d with a range)\n", d.frames,
               atomic_load(&s.requests), atomic_load(&s.ranged));
        CHECK(d.frames == 60);
        CHECK(in_order(&d, 0, d.frames, 0));
        CHECK(pts_rise(&d));
        CHECK(d.gaps == 0);
        CHECK(d.last_state == MEDIA_PLAYING);
        CHECK(media_clip_ended(c));
        CHECK(media_clip_seek(c, 1.0) == PV_OK); /* a file on a server seeks */
        media_frame f;
        double t0 = pv_now();
        while (!media_clip_next_frame(c, &f) && pv_now() - t0 < 60)
            pv_sleep_ms(2);
        CHECK(f.internal && frame_barcode(&f) == 30);
        media_frame_release(c, &f);
        media_clip_close(&c);
    }
    CHECK(atomic_load(&s.ranged) >= 1); /* the index at the end was fetched with a range */
    free(url);
    server_stop(&s);
}

/* ---- (b) stalls and drops ---- */

/* The server stops sending in the middle until the clip shows reconnecting (after a second
 * without data), within its stall limit: then every remaining frame arrives, in order, the
 * first of them marked, from the same request. */
static void test_stall_resumes(void)
{
    http_server s = {.body = s_ts.bytes, .size = s_ts.size, .stall_at = s_ts.size * 2 / 5};
    if (!server_start(&s))
        return;
    char *url = server_url(&s, "stream.ts");
    char why[512];
    pv_result r;
    media_clip *c = open_url(&s, url, NULL, why, sizeof why, &r);
    int at_open = atomic_load(&s.requests);
    if (r != PV_OK)
        fprintf(stderr, "%s\n", why);
    CHECK(r == PV_OK && c);
    if (c) {
        delivery d;
        drain_releasing(c, 60.0, 1000, false, &(release_rule){&s, -1}, &d);
        printf("stall until reconnecting shows: %d frames, reconnecting seen %.2f s in, first "
               "marked frame %d, %d requests\n", d.frames, d.reconnecting_at, d.first_gap,
               atomic_load(&s.requests));
        CHECK(d.saw_reconnecting);
        CHECK(atomic_load(&s.stalls) >= 1);
        CHECK(d.frames == 75);
        CHECK(in_order(&d, 0, d.frames, 0));
        CHECK(pts_rise(&d));
        CHECK(d.gaps >= 1 && d.first_gap > 0);
        CHECK(d.last_state == MEDIA_PLAYING);
        CHECK(atomic_load(&s.requests) == at_open); /* it only waited */
        media_clip_close(&c);
    }
    free(url);
    server_stop(&s);
}

/* The connection closes in the middle: FFmpeg's HTTP reconnects with a Range request and the
 * frames go on where they stopped. */
static void test_drop_resumes_with_range(void)
{
    http_server s = {.body = s_ts.bytes, .size = s_ts.size, .drop_at = s_ts.size / 2};
    if (!server_start(&s))
        return;
    char *url = server_url(&s, "stream.ts");
    char why[512];
    pv_result r;
    media_clip *c = open_url(&s, url, NULL, why, sizeof why, &r);
    CHECK(r == PV_OK && c);
    if (c) {
        delivery d;
        drain(c, 60.0, 1000, &d);
        printf("dropped connection: %d frames, %d requests (%d with a range)\n", d.frames,
               atomic_load(&s.requests), atomic_load(&s.ranged));
        CHECK(d.frames == 75);
        CHECK(in_order(&d, 0, d.frames, 0));
        CHECK(pts_rise(&d));
        CHECK(atomic_load(&s.ranged) >= 1);
        media_clip_close(&c);
    }
    free(url);
    server_stop(&s);
}

/* The server goes silent until the clip gives up waiting (its stall limit) and asks again:
 * the clip reopens the file and continues after the last frame it delivered. */
static void test_stall_reopens(void)
{
    http_server s = {.body = s_ts.bytes, .size = s_ts.size, .stall_at = s_ts.size * 2 / 5};
    if (!server_start(&s))
        return;
    char *url = server_url(&s, "stream.ts");
    char why[512];
    pv_result r;
    media_open_desc od = {.stall_timeout = 2.5};
    media_clip *c = open_url(&s, url, &od, why, sizeof why, &r);
    int at_open = atomic_load(&s.requests);
    CHECK(r == PV_OK && c);
    if (c) {
        delivery d;
        double t0 = pv_now();
        drain_releasing(c, 60.0, 1000, false, &(release_rule){&s, at_open}, &d);
        printf("stall past the limit: %d frames in %.2f s, reconnecting seen %.2f s in, first "
               "marked frame %d, %d requests\n", d.frames, pv_now() - t0, d.reconnecting_at,
               d.first_gap, atomic_load(&s.requests));
        CHECK(d.saw_reconnecting);
        CHECK(d.frames == 75);
        CHECK(in_order(&d, 0, d.frames, 0));
        CHECK(pts_rise(&d));
        CHECK(d.gaps >= 1 && d.first_gap > 0);
        CHECK(d.last_state == MEDIA_PLAYING);
        CHECK(atomic_load(&s.requests) > at_open);
        media_clip_close(&c);
    }
    free(url);
    server_stop(&s);
}

/* A live stream (no length): it hangs, is reopened (the server starts it again), its pts go on
 * increasing; when it ends and the server answers 404, the attempts run out and it fails. */
static void test_live_reopens_then_fails(void)
{
    http_server s = {.body = s_ts.bytes, .size = s_ts.size, .live = true,
                     .hang_at = s_ts.size / 2, .refuse_from = 2};
    if (!server_start(&s))
        return;
    char *url = server_url(&s, "live.ts");
    char why[512];
    pv_result r;
    media_clip *c = open_url(&s, url,
                             &(media_open_desc){.audio = true, .stall_timeout = 3.0,
                                                .reconnect_tries = 2},
                             why, sizeof why, &r);
    if (r != PV_OK)
        fprintf(stderr, "%s\n", why);
    CHECK(r == PV_OK && c);
    if (c) {
        media_info info;
        media_clip_info(c, &info);
        CHECK(info.duration == 0.0); /* live */
        CHECK(media_clip_seek(c, 1.0) == PV_ERR_INVALID);
        delivery d;
        double t0 = pv_now();
        float audio[2 * 4800];
        drain(c, 60.0, 1000, &d);
        while (media_clip_read_audio(c, audio, 4800) > 0) {
        }
        int again = restart_index(&d);
        printf("live stream: %d frames in %.2f s, started again at frame %d, first marked "
               "frame %d, %d requests, then: %s\n", d.frames, pv_now() - t0, again, d.first_gap,
               atomic_load(&s.requests), d.why);
        CHECK(d.saw_reconnecting);
        CHECK(again > 0);
        if (again > 0) {
            CHECK(in_order(&d, 0, again, 0));
            CHECK(in_order(&d, again, d.frames, 0)); /* the stream again, all of it */
            CHECK(d.frames - again == 75);
            CHECK(d.first_gap > 0 && d.first_gap <= again);
        }
        CHECK(pts_rise(&d));
        CHECK(d.last_state == MEDIA_FAILED);
        CHECK(strstr(d.why, url) != NULL);
        CHECK(strstr(d.why, "404") != NULL);
        CHECK(media_clip_ended(c));
        media_clip_close(&c);
    }
    free(url);
    server_stop(&s);
}

/* A live stream whose connection drops: FFmpeg reconnects inside HTTP and the server starts
 * it from the beginning, so its timestamps jump back; the timeline goes on. */
static void test_live_timestamps_jump(void)
{
    http_server s = {.body = s_ts.bytes, .size = s_ts.size, .live = true,
                     .drop_at = s_ts.size / 2, .refuse_from = 2};
    if (!server_start(&s))
        return;
    char *url = server_url(&s, "live.ts");
    char why[512];
    pv_result r;
    media_open_desc od = {.stall_timeout = 3.0, .reconnect_tries = 1};
    media_clip *c = open_url(&s, url, &od, why, sizeof why, &r);
    CHECK(r == PV_OK && c);
    if (c) {
        delivery d;
        drain(c, 60.0, 113, &d); /* half the frames, then all 75 again */
        int again = restart_index(&d);
        printf("live stream restarting: %d frames, started again at frame %d, first marked "
               "frame %d, %d requests\n", d.frames, again, d.first_gap, atomic_load(&s.requests));
        CHECK(again > 0);
        if (again > 0) {
            CHECK(in_order(&d, 0, again, 0));
            CHECK(in_order(&d, again, d.frames, 0));
        }
        CHECK(d.first_gap > 0 && d.first_gap <= again);
        CHECK(pts_rise(&d));
        media_clip_close(&c);
    }
    free(url);
    server_stop(&s);
}

/* ---- (c) servers that do not answer ---- */

typedef struct open_job {
    const char *url;
    atomic_bool cancel;
    pv_result r;
    media_clip *clip;
    char why[512];
} open_job;

static void *open_job_main(void *arg)
{
    open_job *j = arg;
    j->r = media_clip_open(&(media_open_desc){.path = j->url, .cancel = &j->cancel}, &j->clip,
                           j->why, sizeof j->why);
    return NULL;
}

static void test_no_answer(void)
{
    http_server s = {.silent = true};
    if (!server_start(&s))
        return;
    char *url = server_url(&s, "never.mp4");
    char why[512];
    pv_result r;
    double t0 = pv_now();
    media_clip *c = open_url(&s, url, &(media_open_desc){.open_timeout = 3}, why, sizeof why, &r);
    double took = pv_now() - t0;
    printf("a server that never answers: gave up after %.2f s: %s\n", took, why);
    CHECK(r == PV_ERR_IO && !c);
    CHECK(took > 2.5 && took < 30.0);
    CHECK(strstr(why, url) && strstr(why, "no answer"));

    /* The same, cancelled from another thread (a player that leaves the place). */
    open_job j = {.url = url};
    atomic_init(&j.cancel, false);
    pthread_t th;
    CHECK(pthread_create(&th, NULL, open_job_main, &j) == 0);
    pv_sleep_ms(300);
    t0 = pv_now();
    atomic_store(&j.cancel, true);
    pthread_join(th, NULL);
    took = pv_now() - t0;
    printf("opening cancelled: returned %.3f s after the cancel: %s\n", took, j.why);
    CHECK(j.r == PV_ERR_CANCELLED && !j.clip);
    CHECK(took < 10.0); /* it looks every 0.1 s; only a wait for the network reaches this */
    free(url);
    server_stop(&s);
}

/* A clip whose server hangs after the first frames: its decode thread waits in a read, and
 * closing the clip does not wait for the network. */
static void test_close_while_blocked(void)
{
    http_server s = {.body = s_ts.bytes, .size = s_ts.size, .hang_at = s_ts.size * 2 / 5,
                     .hang_every = true};
    if (!server_start(&s))
        return;
    char *url = server_url(&s, "stream.ts");
    char why[512];
    pv_result r;
    media_clip *c = open_url(&s, url, NULL, why, sizeof why, &r);
    CHECK(r == PV_OK && c);
    if (c) {
        delivery d;
        /* takes what comes, then sees the read waiting (however slow this machine is) */
        drain_until(c, 60.0, 1000, true, &d);
        CHECK(d.frames > 0 && d.frames < 75);
        CHECK(d.saw_reconnecting);
        double t0 = pv_now();
        media_clip_close(&c);
        double took = pv_now() - t0;
        printf("close while a read waits: %d frames came, closed in %.3f s\n", d.frames, took);
        CHECK(c == NULL);
        CHECK(took < 10.0); /* the server never sends again: waiting for it would hang */
    }
    free(url);
    server_stop(&s);
}

/* ---- (d) nobody listening ---- */

static void test_refused(void)
{
    int port;
    int fd = bind_local(&port); /* a port nobody listens on once it is closed */
    CHECK(fd >= 0);
    close(fd);
    char *url = pv_asprintf("http://127.0.0.1:%d/show.mp4", port);
    char why[512];
    pv_result r;
    double t0 = pv_now();
    media_clip *c = open_url(NULL, url, NULL, why, sizeof why, &r);
    printf("refused in %.3f s: %s\n", pv_now() - t0, why);
    CHECK(r == PV_ERR_IO && !c);
    CHECK(strstr(why, url) != NULL);
    CHECK(strstr(why, "refused") != NULL);
    free(url);

    /* credentials and tokens stay out of messages */
    char name[256];
    CHECK_STR(media_display_name("rtmp://user:secret@live.example.org/app/key?token=abc", name,
                                 sizeof name),
              "rtmp://live.example.org/app/key?...");
    CHECK(media_is_url("srt://10.0.0.2:9000"));
    CHECK(media_is_url("HTTPS://example.org/a.m3u8"));
    CHECK(!media_is_url("videos/clip.mp4"));
    CHECK(!media_is_url("C://x"));
    CHECK(!media_is_url("/abs/path.mp4"));
}

/* ---- (e) --no-network and PAVILION_NO_NETWORK ---- */

static void test_no_network(void)
{
    const char *url = "rtmp://live.example.org/app/stream";
    player_env env = {.no_network = true};
    player p;
    CHECK(!player_open_now(&env, &p, url, url, false, false, 1.0f));
    CHECK(p.state == PLAYER_FAILED);
    CHECK(strstr(p.error, "network videos are turned off on this kiosk (--no-network)"));
    CHECK(strstr(p.error, url));
    player_close(&env, &p);
    player_open(&env, &p, url, url, false, false, true, 1.0f);
    CHECK(p.state == PLAYER_FAILED && p.opener == NULL); /* nothing was started */
    player_close(&env, &p);
    env.no_network = false;
    player_open(&env, &p, "videos/none.mp4", "none", false, false, false, 1.0f);
    CHECK(p.state == PLAYER_OPENING); /* files are not affected */
    player_close(&env, &p);

    /* `pavilion check`: a URL video is a warning with it, and is opened without it. */
    http_server s = {.body = s_mp4.bytes, .size = s_mp4.size};
    if (!server_start(&s))
        return;
    char *video = server_url(&s, "clip.mp4");
    enum { W = 256, H = 128 };
    uint8_t *px = pv_calloc(W * H, 3);
    char *pano = pv_path_join(s_dir, "hall.jpg");
    CHECK(stbi_write_jpg(pano, W, H, 3, px, 90) != 0);
    free(px);
    free(pano);
    char *scene = pv_path_join(s_dir, "stream.json");
    char *json = pv_asprintf(
        "{\"format\": \"pavilion/1\", \"start\": \"hall\", \"places\": [\n"
        "  {\"id\": \"hall\", \"panorama\": \"hall.jpg\", \"hotspots\": [\n"
        "    {\"type\": \"video\", \"yaw\": 0, \"video\": \"%s\"}]}]}\n",
        video);
    FILE *f = fopen(scene, "w");
    CHECK(f && fputs(json, f) >= 0);
    if (f)
        fclose(f);
    free(json);
    char *check_argv[] = {"pavilion", "check", scene, NULL};
    char *check_nonet_argv[] = {"pavilion", "check", scene, "--no-network", NULL};
    setenv("PAVILION_NO_NETWORK", "1", 1);
    CHECK(app_main(3, check_argv) == 0);
    CHECK(app_check(scene) == 0);
    CHECK(atomic_load(&s.requests) == 0);
    unsetenv("PAVILION_NO_NETWORK");
    CHECK(app_main(4, check_nonet_argv) == 0);
    CHECK(atomic_load(&s.requests) == 0);
    CHECK(app_main(3, check_argv) == 0);
    int opened = atomic_load(&s.requests);
    printf("pavilion check: no requests with the variable or --no-network, %d without\n",
           opened);
    CHECK(opened > 0);
    free(scene);
    free(video);
    server_stop(&s);
}

/* ---- (f) stream URLs in scene files ---- */

static bool has_diag(const pv_diags *d, pv_severity sev, int line, int col, const char *text)
{
    for (int i = 0; i < d->count; i++) {
        const pv_diag *g = &d->items[i];
        if (g->severity == sev && g->line == line && g->col == col && strstr(g->message, text))
            return true;
    }
    char buf[2048];
    fprintf(stderr, "no diagnostic at %d:%d containing '%s'; there were:\n", line, col, text);
    for (int i = 0; i < d->count; i++) {
        pv_diag_format(&d->items[i], buf, sizeof buf);
        fprintf(stderr, "  %s\n", buf);
    }
    return false;
}

static void test_scene_urls(void)
{
    pv_diags d = {0};
    scene_exhibit *ex = NULL;
    const char *json =
        "{\"format\": \"pavilion/1\", \"start\": \"hall\", \"places\": [\n"
        "  {\"id\": \"hall\", \"panorama\": \"panoramas/hall.jpg\", \"hotspots\": [\n"
        "    {\"type\": \"video\", \"yaw\": 10, \"video\": \"HTTPS://cdn.example.org/live/a.m3u8\"}"
        ",\n"
        "    {\"type\": \"video\", \"yaw\": 50, \"video\": \"videos/clip.mp4\"}]},\n"
        "  {\"id\": \"sky\", \"panorama\": \"rtsp://cam.example.org:8554/360\"},\n"
        "  {\"id\": \"booth\", \"model\": \"models/booth.glb\",\n"
        "   \"screens\": [{\"material\": \"Screen\", \"video\": \"rtmp://live.example.org/app/k\"}"
        "],\n"
        "   \"cinema\": {\"material\": \"Screen\", \"playlist\": [\n"
        "     {\"title\": \"Live\", \"video\": \"srt://10.0.0.2:9000?mode=caller\"},\n"
        "     {\"title\": \"Talk\", \"video\": \"rtmps://live.example.org/app/talk\"}]}}\n"
        "]}\n";
    CHECK(scene_load_string(json, INLINE, &ex, &d) == PV_OK);
    if (ex) {
        const scene_video *h = &ex->places[0].hotspots[0].video;
        CHECK(h->url);
        CHECK_STR(h->path, "https://cdn.example.org/live/a.m3u8"); /* the scheme for FFmpeg */
        CHECK_STR(h->src, "HTTPS://cdn.example.org/live/a.m3u8");
        CHECK(h->line == 3 && h->col == 43);
        const scene_video *file = &ex->places[0].hotspots[1].video;
        CHECK(!file->url && file->path && strstr(file->path, "/fixtures/scene/videos/clip.mp4"));
        const scene_place *sky = &ex->places[1];
        CHECK(sky->panorama_video && sky->panorama_url);
        CHECK_STR(sky->panorama, "rtsp://cam.example.org:8554/360");
        const scene_place *booth = &ex->places[2];
        CHECK(booth->screens[0].video.url);
        CHECK_STR(booth->screens[0].video.path, "rtmp://live.example.org/app/k");
        CHECK(booth->cinema.film_count == 2 && booth->cinema.films[0].video.url &&
              booth->cinema.films[1].video.url);
        CHECK_STR(booth->cinema.films[0].video.path, "srt://10.0.0.2:9000?mode=caller");
    }
    CHECK(d.errors == 0);
    scene_free(&ex);
    pv_diags_free(&d);

    const char *bad =
        "{\"format\": \"pavilion/1\", \"start\": \"a\", \"places\": [\n"
        "  {\"id\": \"a\", \"panorama\": \"panoramas/hall.jpg\", \"hotspots\": [\n"
        "    {\"type\": \"video\", \"yaw\": 0, \"video\": \"ftp://files.example.org/a.mp4\"},\n"
        "    {\"type\": \"video\", \"yaw\": 20, \"video\": \"javascript:alert(1)\"},\n"
        "    {\"type\": \"video\", \"yaw\": 40, \"video\": \"file:///etc/passwd\"},\n"
        "    {\"type\": \"video\", \"yaw\": 60, \"video\": \"http:/example.org/a.mp4\"},\n"
        "    {\"type\": \"video\", \"yaw\": 80, \"video\": \"rtmp://example.org/my show\"},\n"
        "    {\"type\": \"video\", \"yaw\": 90, \"video\": \"C:\\\\videos\\\\a.mp4\"}]},\n"
        "  {\"id\": \"b\", \"model\": \"models/booth.glb\", \"panorama\": \"srt://x.example:1\"},\n"
        "  {\"id\": \"c\", \"panorama\": \"gopher://example.org/pano\"}\n"
        "]}\n";
    CHECK(scene_load_string(bad, INLINE, &ex, &d) != PV_OK);
    CHECK(ex == NULL);
    CHECK(d.errors == 8);
    CHECK(has_diag(&d, PV_SEV_ERROR, 3, 42, "\"ftp:\" is not something a video can play"));
    CHECK(has_diag(&d, PV_SEV_ERROR, 4, 43, "\"javascript:\" is not something a video can play"));
    CHECK(has_diag(&d, PV_SEV_ERROR, 5, 43, "file: URLs are not used"));
    CHECK(has_diag(&d, PV_SEV_ERROR, 6, 43, "is not a complete URL; write it as http://server"));
    CHECK(has_diag(&d, PV_SEV_ERROR, 7, 43, "contains a space"));
    CHECK(has_diag(&d, PV_SEV_ERROR, 8, 43, "is an absolute path")); /* as before */
    CHECK(has_diag(&d, PV_SEV_ERROR, 9, 56, "a model place cannot have a video panorama"));
    CHECK(has_diag(&d, PV_SEV_ERROR, 10, 27, "\"gopher:\" is not something a video can play"));
    scene_free(&ex);
    pv_diags_free(&d);
}

int main(void)
{
    double t0 = pv_now();
    check_tmpdir(s_dir, sizeof s_dir, "stream-test");
    char why[512];
    bool skipped;
    if (!clip_gen_write_all(s_dir, false, true, why, sizeof why) ||
        !clip_gen_write(s_dir, &s_ts_spec, &skipped, why, sizeof why)) {
        fprintf(stderr, "cannot write the test clips: %s\n", why);
        return 1;
    }
    CHECK(load_clip("h264_720p30_aac.mp4", &s_mp4));
    CHECK(load_clip("stream.ts", &s_ts));
    printf("clips written in %.2f s\n", pv_now() - t0);

    static const struct {
        const char *name;
        void (*run)(void);
        bool needs_clips;
    } tests[] = {
        {"scene URLs", test_scene_urls, false},
        {"refused", test_refused, false},
        {"no network", test_no_network, true},
        {"progressive mp4", test_progressive_mp4, true},
        {"stall", test_stall_resumes, true},
        {"drop", test_drop_resumes_with_range, true},
        {"stall past the limit", test_stall_reopens, true},
        {"live reopen", test_live_reopens_then_fails, true},
        {"live jump", test_live_timestamps_jump, true},
        {"no answer", test_no_answer, false},
        {"close while blocked", test_close_while_blocked, true},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (tests[i].needs_clips && !(s_mp4.bytes && s_ts.bytes))
            continue;
        const char *only = getenv("STREAM_TEST_ONLY"); /* while working on one of them */
        if (only && *only && !strstr(tests[i].name, only))
            continue;
        double t = pv_now();
        tests[i].run();
        printf("-- %s: %.2f s\n", tests[i].name, pv_now() - t);
    }
    free(s_mp4.bytes);
    free(s_ts.bytes);
    check_rmdir(s_dir);
    printf("stream_test took %.1f s\n", pv_now() - t0);
    return check_done();
}
