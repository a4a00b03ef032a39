/* clip_demo: `pavilion-clip-gen --demo OUTDIR`, the demo exhibition's video content, made
 * from code at build time (docs/demo.md):
 *
 *   films/aurora.mp4, films/harbour.mp4      20 s films, 1280x720 30 fps, H.264 + AAC stereo
 *   films/aurora.jpg, films/harbour.jpg      640x360 posters (a frame of the film)
 *   films/aurora.{en,de}.srt, .ja.vtt, .ar.srt, films/harbour.en.vtt, .fr.srt   subtitles
 *   videos/product.mp4                       8 s seamless loop for a booth screen
 *   videos/keynote.mp4                       12 s keynote recording
 *   videos/keynote.jpg                       its poster (the first frame is black: a fade in)
 *   videos/hall-360.mp4                      6 s seamless equirectangular loop, 2048x1024, silent
 *
 * Each clip is a job: its picture state, a canvas, its encoders. Jobs run on as many worker
 * threads as there are cores (at most the number of clips); each encoder is single-threaded
 * with bit-exact flags, so the bytes do not depend on the number of threads. Workers share
 * only the read-only font and the job queue's index, which `lock` guards. Included by
 * tools/clip_gen.c. */

#define DEMO_FPS 30

typedef struct demo_clip {
    const char *file; /* inside OUTDIR */
    int width, height, frames;
    const char *preset; /* libx264 */
    bool audio;
    const char *poster; /* a 640x360 JPEG of poster_frame, or NULL */
    int poster_frame;
    void *(*create)(const booth_font *font, int w, int h, int frames);
    void (*destroy)(void *scene);
    void (*paint)(void *scene, clip_canvas *c, int frame);
    const score_desc *score; /* the soundtrack, or NULL */
    bool voice;              /* the keynote's voice */
} demo_clip;

/* In this order two workers finish at about the same time (the films take longest). */
static const demo_clip demo_clips[] = {
    {"films/harbour.mp4", 1280, 720, 600, "veryfast", true, "films/harbour.jpg", 120,
     harbour_create, harbour_destroy, harbour_paint, &score_harbour, false},
    {"films/aurora.mp4", 1280, 720, 600, "veryfast", true, "films/aurora.jpg", 120, aurora_create,
     aurora_destroy, aurora_paint, &score_aurora, false},
    {"videos/keynote.mp4", 1280, 720, 360, "veryfast", true, "videos/keynote.jpg", 60,
     keynote_create, keynote_destroy, keynote_paint, NULL, true},
    {"videos/hall-360.mp4", 2048, 1024, 180, "veryfast", false, NULL, 0, hall_create, hall_destroy,
     hall_paint, NULL, false},
    {"videos/product.mp4", 1280, 720, 240, "veryfast", true, NULL, 0, product_create,
     product_destroy, product_paint, &score_product, false},
};
#define DEMO_CLIP_COUNT ((int)(sizeof demo_clips / sizeof demo_clips[0]))

typedef struct demo_job {
    const demo_clip *clip;
    const booth_font *font;
    const char *dir;
    void *scene;
    clip_canvas canvas;
    score_player score;
    keynote_voice *voice;
    bool ok;
    double seconds, paint_seconds, sound_seconds; /* in all, drawing, synthesising */
    char why[512];
} demo_job;

typedef struct demo_queue {
    demo_job *jobs;
    int count;
    pthread_mutex_t lock;
    int next; /* guarded by lock */
} demo_queue;

static void demo_draw(void *ctx, AVFrame *f, int number)
{
    demo_job *j = ctx;
    double t0 = pv_now();
    j->clip->paint(j->scene, &j->canvas, number);
    clip_canvas_to_yuv(&j->canvas, f);
    j->paint_seconds += pv_now() - t0;
}

static void demo_sound(void *ctx, float *left, float *right, int64_t first, int n, int rate)
{
    demo_job *j = ctx;
    double t0 = pv_now();
    if (j->clip->score)
        score_render(&j->score, left, right, first, n, rate);
    else if (j->voice)
        keynote_sound(j->voice, left, right, first, n, rate);
    j->sound_seconds += pv_now() - t0;
}

/* A poster: the film's picture function at 640x360, compressed with TurboJPEG. */
static bool demo_write_poster(demo_job *j)
{
    const demo_clip *c = j->clip;
    void *scene = c->create(j->font, 640, 360, c->frames);
    clip_canvas canvas = clip_canvas_create(640, 360);
    c->paint(scene, &canvas, c->poster_frame);
    uint8_t *rgb = clip_canvas_to_rgb8(&canvas);
    unsigned char *jpeg = NULL;
    unsigned long size = 0;
    tjhandle tj = tjInitCompress();
    bool ok = tj && tjCompress2(tj, rgb, 640, 0, 360, TJPF_RGB, &jpeg, &size, TJSAMP_420, 88,
                                TJFLAG_ACCURATEDCT) == 0;
    if (!ok)
        snprintf(j->why, sizeof j->why, "%s: JPEG compression failed: %s", c->poster,
                 tj ? tjGetErrorStr2(tj) : "no TurboJPEG compressor");
    else
        ok = clip_gen_write_bytes(j->dir, c->poster, jpeg, (size_t)size, j->why, sizeof j->why);
    tjFree(jpeg);
    if (tj)
        tjDestroy(tj);
    free(rgb);
    clip_canvas_destroy(&canvas);
    c->destroy(scene);
    return ok;
}

static void demo_run_job(demo_job *j)
{
    const demo_clip *c = j->clip;
    double t0 = pv_now();
    j->scene = c->create(j->font, c->width, c->height, c->frames);
    j->canvas = clip_canvas_create(c->width, c->height);
    j->score = (score_player){.desc = c->score};
    j->voice = c->voice ? pv_calloc(1, sizeof *j->voice) : NULL;
    /* veryfast with a cheaper motion search: a quarter less time, 6 % more bytes */
    clip_gen_spec spec = {c->file,
                          "libx264",
                          c->width,
                          c->height,
                          DEMO_FPS,
                          c->frames,
                          CLIP_GEN_COLOR_BT709,
                          c->preset,
                          c->audio ? "aac" : NULL,
                          0,
                          "subme=1:me=dia"};
    clip_gen_source source = {demo_draw, c->audio ? demo_sound : NULL, j};
    bool skipped = false;
    char why[400];
    j->ok = clip_gen_write_source(j->dir, &spec, &source, &skipped, why, sizeof why);
    if (!j->ok)
        snprintf(j->why, sizeof j->why, "%.80s: %s", c->file, why);
    c->destroy(j->scene);
    clip_canvas_destroy(&j->canvas);
    pv_free(&j->voice);
    if (j->ok && c->poster)
        j->ok = demo_write_poster(j);
    j->seconds = pv_now() - t0;
}

static void *demo_worker(void *arg)
{
    demo_queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        int i = q->next < q->count ? q->next++ : -1;
        pthread_mutex_unlock(&q->lock);
        if (i < 0)
            return NULL;
        demo_run_job(&q->jobs[i]);
    }
}

/* Writes everything into dir (created if missing). Returns false with a reason. */
static bool clip_demo_write_all(const char *dir, bool quiet, char *why, size_t why_n)
{
    static const char *folders[] = {"films", "videos"};
    for (int i = 0; i < 2; i++) {
        char *sub = pv_path_join(dir, folders[i]);
        bool made = pv_make_dirs(sub);
        if (!made)
            snprintf(why, why_n, "cannot create the folder %s: %s", sub, strerror(errno));
        free(sub);
        if (!made)
            return false;
    }
    for (int i = 0; i < SUBTITLE_FILE_COUNT; i++) {
        if (!subtitle_write(dir, &subtitle_files[i], why, why_n))
            return false;
        if (!quiet)
            printf("%s: %d cues\n", subtitle_files[i].name, SUBTITLE_CUES);
    }
    booth_font *font = pv_calloc(1, sizeof *font);
    font_build(font);
    demo_queue q = {pv_calloc(DEMO_CLIP_COUNT, sizeof(demo_job)), DEMO_CLIP_COUNT,
                    PTHREAD_MUTEX_INITIALIZER, 0};
    for (int i = 0; i < DEMO_CLIP_COUNT; i++)
        q.jobs[i] = (demo_job){.clip = &demo_clips[i], .font = font, .dir = dir};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int workers = (int)(cores < 1 ? 1 : cores > DEMO_CLIP_COUNT ? DEMO_CLIP_COUNT : cores);
    pthread_t threads[DEMO_CLIP_COUNT];
    int started = 0;
    for (int i = 1; i < workers; i++)
        if (pthread_create(&threads[started], NULL, demo_worker, &q) == 0)
            started++;
    demo_worker(&q); /* this thread works too */
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);

    bool ok = true;
    for (int i = 0; i < DEMO_CLIP_COUNT && ok; i++) {
        const demo_job *j = &q.jobs[i];
        const demo_clip *c = j->clip;
        if (!j->ok) {
            snprintf(why, why_n, "%s", j->why);
            ok = false;
            break;
        }
        if (quiet)
            continue;
        char *path = pv_path_join(dir, c->file);
        struct stat st;
        long long size = stat(path, &st) == 0 ? (long long)st.st_size : 0;
        printf("%s: libx264 %dx%d %d fps, %d frames (%.1f s)%s, %lld bytes, %.2f s (%.2f s "
               "drawing, %.2f s sound)%s%s\n",
               c->file, c->width, c->height, DEMO_FPS, c->frames, (double)c->frames / DEMO_FPS,
               c->audio ? " + aac" : "", size, j->seconds, j->paint_seconds, j->sound_seconds,
               c->poster ? ", poster " : "", c->poster ? c->poster : "");
        free(path);
    }
    pthread_mutex_destroy(&q.lock);
    free(q.jobs);
    free(font);
    return ok;
}
