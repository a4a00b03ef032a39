/* asset/loader: a priority queue of panorama jobs served by one worker thread (each job uses
 * a second thread of its own while it decodes). Results wait in a list for the main thread.
 * A JPEG panorama too large to be shown as one image is shown shrunk at once, and cut once
 * into the tile cache (tiles_cache.c) by a second worker, the cutter, one cut at a time; its
 * result is the pyramid's stream (asset_job_result.tiles_cut). Once cut, a full-resolution
 * job for it opens the cached pyramid instead of decoding the JPEG.
 * Threads: request/poll/peek/drop from the main thread; the worker runs jobs, the cutter cuts.
 * The lock `lock` guards every field below it. */
#include "asset/asset.h"
#include "asset/model.h"
#include "asset/tiles.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct job {
    int place, scale_denom, priority; /* scale_denom 0: a model */
    char *path;
    uint64_t order;
    float model_scale, model_rotate[3];
    bool cube;                        /* a booth's environment: a cube, not the image */
    asset_tiles_source *tiles;        /* a place's cube faces or pyramid (scale_denom 1) */
} job;

struct asset_loader {
    void (*wake)(void *user);
    void *user;
    int max_width;
    char *model_root; /* set before the first request; read by the worker */
    pthread_t thread;
    atomic_int cancel_running;
    pthread_t cutter;
    bool cutter_started;
    atomic_int cancel_cuts;

    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool quit;
    job *queue;
    int queue_count, queue_cap;
    uint64_t next_order;
    bool running;
    job current;
    asset_pano_watch watch;   /* rows of the running full-resolution JPEG */
    asset_job_result *done;
    int done_count, done_cap;
    job *cuts;                /* panoramas to cut into the tile cache, oldest first */
    int cut_count, cut_cap;
    char *cutting;            /* the path being cut */
    pthread_cond_t cut_cond;
};

/* With the lock held: a result for the main thread (the lock is held again on return). */
static void push_done(asset_loader *l, asset_job_result *res)
{
    if (l->done_count == l->done_cap) {
        l->done_cap = l->done_cap ? l->done_cap * 2 : 8;
        l->done = pv_realloc(l->done, sizeof(*l->done) * (size_t)l->done_cap);
    }
    l->done[l->done_count++] = *res;
    pthread_mutex_unlock(&l->lock);
    if (l->wake)
        l->wake(l->user);
    pthread_mutex_lock(&l->lock);
}

/* With the lock held: the running job is over; its result waits for the main thread. The
 * lock is held again on return. */
static void post_result(asset_loader *l, asset_job_result *res)
{
    free(l->current.path);
    l->current.path = NULL;
    l->running = false;
    if (res->result != PV_ERR_CANCELLED) {
        push_done(l, res);
        return;
    }
    asset_cube_free(&res->cube);
    asset_tile_stream_close(&res->tiles);
    asset_equirect_free(&res->equirect);
    asset_model_free(&res->model);
    pv_diags_free(&res->warnings);
    pthread_mutex_unlock(&l->lock);
    if (l->wake)
        l->wake(l->user);
    pthread_mutex_lock(&l->lock);
}

/* Opens a pyramid as the job's result (level 1 decoded, its thread started). */
static pv_result open_stream(asset_loader *l, const asset_tiles_source *src,
                             const atomic_int *cancel, asset_job_result *res)
{
    return asset_tile_stream_open(
        &(asset_tile_stream_desc){.source = src, .wake = l->wake, .user = l->user,
                                  .cancel = cancel},
        &res->tiles, res->why, sizeof(res->why));
}

/* A panorama larger than it can be shown as one image: its cached pyramid (true, with the
 * stream in res), or false (then it is decoded shrunk, and cut afterwards). */
static bool open_cached(asset_loader *l, const char *path, asset_job_result *res, bool *wanted)
{
    asset_image_kind kind;
    int w, h;
    char why[256], dir[PATH_MAX];
    asset_tiles_source src;
    *wanted = asset_image_probe(path, &kind, &w, &h, why, sizeof(why)) == PV_OK &&
              asset_tiles_cache_wanted(kind, w, h, l->max_width);
    if (!*wanted || !asset_tiles_cache_find(path, &src, dir, sizeof(dir)))
        return false;
    if (open_stream(l, &src, &l->cancel_running, res) == PV_OK)
        return true;
    pv_warn("%s: the cached tiles in %s cannot be read (%s): decoding the panorama",
            pv_path_display(path), dir, res->why);
    res->why[0] = '\0';
    return false;
}

/* With the lock held: queues a cut of `path` for `place` unless it is queued or cutting. */
static void queue_cut(asset_loader *l, int place, const char *path)
{
    if (l->cutting && strcmp(l->cutting, path) == 0)
        return;
    for (int i = 0; i < l->cut_count; i++)
        if (strcmp(l->cuts[i].path, path) == 0)
            return;
    if (l->cut_count == l->cut_cap) {
        l->cut_cap = l->cut_cap ? l->cut_cap * 2 : 4;
        l->cuts = pv_realloc(l->cuts, sizeof(*l->cuts) * (size_t)l->cut_cap);
    }
    l->cuts[l->cut_count++] = (job){.place = place, .scale_denom = 1, .path = pv_strdup(path)};
    pthread_cond_signal(&l->cut_cond);
}

/* The cutter: one cut at a time into the tile cache, then the pyramid's stream as a result. */
static void *cutter(void *arg)
{
    asset_loader *l = arg;
    pthread_mutex_lock(&l->lock);
    for (;;) {
        while (!l->quit && l->cut_count == 0)
            pthread_cond_wait(&l->cut_cond, &l->lock);
        if (l->quit)
            break;
        job j = l->cuts[0];
        memmove(l->cuts, l->cuts + 1, sizeof(*l->cuts) * (size_t)--l->cut_count);
        l->cutting = j.path;
        pthread_mutex_unlock(&l->lock);

        asset_job_result res;
        memset(&res, 0, sizeof(res));
        res.place = j.place;
        res.scale_denom = 1;
        res.tiles_cut = true;
        asset_tiles_source src;
        char dir[PATH_MAX];
        double t0 = pv_now();
        asset_tiles_cut_stats st = {0};
        res.result = asset_tiles_cache_make(
            &(asset_tiles_cache_desc){.pano = j.path, .cancel = &l->cancel_cuts, .stats = &st},
            &src, dir, sizeof(dir), res.why, sizeof(res.why));
        if (res.result == PV_OK)
            res.result = open_stream(l, &src, &l->cancel_cuts, &res);
        res.seconds = pv_now() - t0;
        if (res.result == PV_OK)
            pv_info("%s: cut into %d tiles in %s (%.1f s)", pv_path_display(j.path), st.tiles,
                    dir, res.seconds);

        pthread_mutex_lock(&l->lock);
        l->cutting = NULL;
        free(j.path);
        if (res.result == PV_ERR_CANCELLED || l->quit)
            asset_tile_stream_close(&res.tiles);
        else
            push_done(l, &res);
    }
    pthread_mutex_unlock(&l->lock);
    return NULL;
}

static void *worker(void *arg)
{
    asset_loader *l = arg;
    pthread_mutex_lock(&l->lock);
    for (;;) {
        while (!l->quit && l->queue_count == 0)
            pthread_cond_wait(&l->cond, &l->lock);
        if (l->quit)
            break;
        /* Highest priority first; among equals, the oldest. */
        int best = 0;
        for (int i = 1; i < l->queue_count; i++) {
            const job *a = &l->queue[i], *b = &l->queue[best];
            if (a->priority > b->priority || (a->priority == b->priority && a->order < b->order))
                best = i;
        }
        l->current = l->queue[best];
        l->queue[best] = l->queue[--l->queue_count];
        l->running = true;
        atomic_store(&l->cancel_running, 0);
        pthread_mutex_unlock(&l->lock);

        asset_job_result res;
        memset(&res, 0, sizeof(res));
        res.place = l->current.place;
        res.scale_denom = l->current.scale_denom;
        if (l->current.scale_denom == 0) {
            asset_model_desc md = {.path = l->current.path, .scale = l->current.model_scale,
                                   .root = l->model_root};
            memcpy(md.rotate, l->current.model_rotate, sizeof(md.rotate));
            double t0 = pv_now();
            res.result = asset_model_load(&md, &res.model, &res.warnings, res.why,
                                          sizeof(res.why));
            res.seconds = pv_now() - t0;
            pthread_mutex_lock(&l->lock);
            post_result(l, &res);
            continue;
        }
        if (l->current.tiles) {
            double t0 = pv_now();
            if (l->current.tiles->dir)
                res.result = asset_tile_stream_open(
                    &(asset_tile_stream_desc){.source = l->current.tiles, .wake = l->wake,
                                              .user = l->user, .cancel = &l->cancel_running},
                    &res.tiles, res.why, sizeof(res.why));
            else
                res.result = asset_tiles_load_cube(l->current.tiles, l->max_width / 4,
                                                   &l->cancel_running, &res.cube, res.why,
                                                   sizeof(res.why));
            res.seconds = pv_now() - t0;
            pthread_mutex_lock(&l->lock);
            asset_tiles_source_free(&l->current.tiles);
            post_result(l, &res);
            continue;
        }
        asset_image kept;
        memset(&kept, 0, sizeof(kept));
        bool full = l->current.scale_denom == 1, huge = false;
        if (full && !l->current.cube && open_cached(l, l->current.path, &res, &huge)) {
            pthread_mutex_lock(&l->lock);
            post_result(l, &res);
            continue;
        }
        asset_pano_desc desc = {
            .path = l->current.path, .scale_denom = l->current.scale_denom,
            .max_width = l->max_width, .cancel = &l->cancel_running,
            .watch = full ? &l->watch : NULL, .keep_image = full ? &kept : NULL,
        };
        double t0 = pv_now();
        if (l->current.cube)
            res.result = asset_pano_build_desc(&desc, &res.cube, res.why, sizeof(res.why));
        else
            res.result = asset_equirect_load(&desc, &res.equirect, res.why, sizeof(res.why));
        res.seconds = pv_now() - t0;

        pthread_mutex_lock(&l->lock);
        /* Readers of the rows hold the lock: now nobody reads them. */
        atomic_store(&l->watch.pixels, NULL);
        atomic_store(&l->watch.rows_done, 0);
        if (full)
            asset_image_free(&kept);
        /* Shown shrunk: cut once into the tile cache, then shown from it. */
        if (huge && l->cutter_started && res.equirect && res.equirect->width < res.equirect->source_width)
            queue_cut(l, res.place, l->current.path);
        post_result(l, &res);
    }
    pthread_mutex_unlock(&l->lock);
    return NULL;
}

asset_loader *asset_loader_create(void (*wake)(void *user), void *user, int max_width)
{
    asset_loader *l = pv_calloc(1, sizeof(*l));
    l->wake = wake;
    l->user = user;
    l->max_width = max_width;
    l->watch.on_rows = wake;
    l->watch.user = user;
    pthread_mutex_init(&l->lock, NULL);
    pthread_cond_init(&l->cond, NULL);
    pthread_cond_init(&l->cut_cond, NULL);
    if (pthread_create(&l->thread, NULL, worker, l) != 0) {
        pv_error("cannot start the loader thread");
        abort();
    }
    /* Without it, huge panoramas stay shown shrunk (a warning says why). */
    l->cutter_started = pthread_create(&l->cutter, NULL, cutter, l) == 0;
    return l;
}

void asset_loader_destroy(asset_loader **pl)
{
    asset_loader *l = *pl;
    if (!l)
        return;
    pthread_mutex_lock(&l->lock);
    l->quit = true;
    atomic_store(&l->cancel_running, 1);
    atomic_store(&l->cancel_cuts, 1);
    pthread_cond_broadcast(&l->cond);
    pthread_cond_broadcast(&l->cut_cond);
    pthread_mutex_unlock(&l->lock);
    pthread_join(l->thread, NULL);
    if (l->cutter_started)
        pthread_join(l->cutter, NULL);
    for (int i = 0; i < l->cut_count; i++)
        free(l->cuts[i].path);
    free(l->cuts);
    for (int i = 0; i < l->queue_count; i++) {
        free(l->queue[i].path);
        asset_tiles_source_free(&l->queue[i].tiles);
    }
    for (int i = 0; i < l->done_count; i++) {
        asset_cube_free(&l->done[i].cube);
        asset_tile_stream_close(&l->done[i].tiles);
        asset_equirect_free(&l->done[i].equirect);
        asset_model_free(&l->done[i].model);
        pv_diags_free(&l->done[i].warnings);
    }
    free(l->queue);
    free(l->done);
    pthread_mutex_destroy(&l->lock);
    pthread_cond_destroy(&l->cond);
    pthread_cond_destroy(&l->cut_cond);
    free(l->model_root);
    free(l);
    *pl = NULL;
}

static void request(asset_loader *l, int place, const char *path, int scale_denom, int priority,
                    float model_scale, const float model_rotate[3], bool cube,
                    const asset_tiles_source *tiles)
{
    pthread_mutex_lock(&l->lock);
    if (l->running && l->current.place == place && l->current.scale_denom == scale_denom)
        goto done;
    for (int i = 0; i < l->queue_count; i++) {
        if (l->queue[i].place == place && l->queue[i].scale_denom == scale_denom) {
            if (priority > l->queue[i].priority)
                l->queue[i].priority = priority;
            goto done;
        }
    }
    if (l->queue_count == l->queue_cap) {
        l->queue_cap = l->queue_cap ? l->queue_cap * 2 : 16;
        l->queue = pv_realloc(l->queue, sizeof(*l->queue) * (size_t)l->queue_cap);
    }
    l->queue[l->queue_count++] = (job){
        .place = place, .scale_denom = scale_denom, .priority = priority,
        .path = pv_strdup(path), .order = l->next_order++, .model_scale = model_scale,
        .model_rotate = {model_rotate[0], model_rotate[1], model_rotate[2]}, .cube = cube,
        .tiles = tiles ? asset_tiles_source_copy(tiles) : NULL,
    };
    pthread_cond_signal(&l->cond);
done:
    pthread_mutex_unlock(&l->lock);
}

void asset_loader_set_root(asset_loader *l, const char *root)
{
    pthread_mutex_lock(&l->lock);
    free(l->model_root);
    l->model_root = root ? pv_strdup(root) : NULL;
    pthread_mutex_unlock(&l->lock);
}

void asset_loader_request(asset_loader *l, int place, const char *path, int scale_denom,
                          int priority)
{
    static const float none[3] = {0, 0, 0};
    request(l, place, path, scale_denom > 0 ? scale_denom : 1, priority, 1.0f, none, false,
            NULL);
}

void asset_loader_request_cube(asset_loader *l, int place, const char *path, int scale_denom,
                               int priority)
{
    static const float none[3] = {0, 0, 0};
    request(l, place, path, scale_denom > 0 ? scale_denom : 1, priority, 1.0f, none, true,
            NULL);
}

void asset_loader_request_tiles(asset_loader *l, int place, const asset_tiles_source *tiles,
                                int priority)
{
    static const float none[3] = {0, 0, 0};
    request(l, place, tiles->dir ? tiles->dir : tiles->faces[0], 1, priority, 1.0f, none, false,
            tiles);
}

void asset_loader_request_model(asset_loader *l, int place, const char *path, float scale,
                                const float rotate[3], int priority)
{
    request(l, place, path, 0, priority, scale, rotate, false, NULL);
}

void asset_loader_drop_below(asset_loader *l, int min_priority)
{
    pthread_mutex_lock(&l->lock);
    for (int i = 0; i < l->queue_count;) {
        if (l->queue[i].priority < min_priority) {
            free(l->queue[i].path);
            asset_tiles_source_free(&l->queue[i].tiles);
            l->queue[i] = l->queue[--l->queue_count];
        } else {
            i++;
        }
    }
    pthread_mutex_unlock(&l->lock);
}

bool asset_loader_poll(asset_loader *l, asset_job_result *result)
{
    pthread_mutex_lock(&l->lock);
    bool got = l->done_count > 0;
    if (got) {
        *result = l->done[0];
        memmove(l->done, l->done + 1, sizeof(*l->done) * (size_t)(l->done_count - 1));
        l->done_count--;
    }
    pthread_mutex_unlock(&l->lock);
    return got;
}

bool asset_loader_busy(asset_loader *l)
{
    pthread_mutex_lock(&l->lock);
    bool busy = l->running || l->queue_count > 0 || l->done_count > 0;
    pthread_mutex_unlock(&l->lock);
    return busy;
}

bool asset_loader_stream(asset_loader *l, int place,
                         void (*use)(void *user, const uint8_t *rgba, int w, int h, int rows),
                         void *user)
{
    pthread_mutex_lock(&l->lock);
    const uint8_t *px = atomic_load(&l->watch.pixels);
    bool ok = l->running && l->current.place == place && l->current.scale_denom == 1 && px;
    if (ok)
        use(user, px, atomic_load(&l->watch.width), atomic_load(&l->watch.height),
            atomic_load_explicit(&l->watch.rows_done, memory_order_acquire));
    pthread_mutex_unlock(&l->lock);
    return ok;
}
