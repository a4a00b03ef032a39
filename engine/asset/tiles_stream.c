/* asset/tiles_stream: a multires pyramid (tiles.h) streamed by view. Which level a view needs
 * and which tiles of it are in view are pure functions; the stream keeps a slot per tile of
 * the pyramid (indexed directly: face, level, row, column), decodes the tiles the last plan
 * asked for on worker threads of its own (nearest to the view's centre first, stale requests
 * dropped at each plan), and hands decoded pixels to the caller, who uploads them and says
 * which GPU handle holds them. Resident tiles stay within a byte budget, the least recently
 * drawn out first; level 1 and the tiles of the last plan are never evicted. Each tile is handed
 * over with a border of its neighbours' texels (tiles_border.c): the strips along the edges of
 * resident tiles are kept for that, and a resident tile whose neighbour arrives later is handed
 * over again as its border alone.
 * Threads: open on any thread (it decodes level 1 there); everything else on one thread (the
 * main thread), except the workers. `lock` guards the slots' states, the queue and the results;
 * `last_used`, `gpu`, `edges`, the resident and border lists are the caller's thread's alone. */
#include "asset/tiles_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Tile decoding threads per stream, at most (one per core below that). */
enum { TILE_WORKERS_MAX = 3 };

enum { SLOT_NONE, SLOT_QUEUED, SLOT_DECODING, SLOT_DECODED, SLOT_RESIDENT, SLOT_FAILED };

typedef struct slot {
    uint8_t state;              /* lock */
    uint8_t *pixels;            /* SLOT_DECODED: RGBA, owned until placed (lock) */
    uint64_t last_used;         /* the plan that last drew it */
    uint32_t gpu;               /* SLOT_RESIDENT: the caller's handle */
    uint8_t *edges;             /* taken or resident: its texels near its edges (tiles_border.c) */
    bool border_dirty;          /* in `dirty`: its border is to be handed over again */
} slot;

struct asset_tile_stream {
    asset_tiles_source *src;
    char *root;                 /* the pyramid folder's real path: every tile lies inside */
    int level_first[ASSET_TILES_MAX_LEVELS + 2]; /* first slot of each level (1-based) */
    int slot_count;
    slot *slots;
    size_t budget, resident_bytes;
    int *resident;              /* slots with SLOT_RESIDENT, in no order */
    int resident_count;
    uint32_t *evicted;          /* GPU handles the caller must release */
    int evicted_count;
    uint64_t frame;
    asset_cube_frame cube;
    uint8_t *texture;           /* the last tile taken, with its border */
    size_t texture_cap;
    uint8_t *ring;              /* the last border taken: its texture as far as known, */
    size_t ring_cap;
    uint8_t *rects;             /* and the rectangles handed over */
    size_t rects_cap;
    int *dirty, dirty_count;    /* resident tiles whose border gained texels */
    int *fresh;                 /* scratch: tiles whose edges were just kept */
    void (*wake)(void *user);
    void *user;

    pthread_t threads[TILE_WORKERS_MAX];
    int thread_count;
    pthread_mutex_t lock;
    pthread_cond_t cond, idle;
    bool quit;
    int busy;                   /* workers decoding a tile (lock) */
    int *queue, queue_count;    /* slots to decode, first first */
    int *done, done_count;      /* SLOT_DECODED slots waiting for the caller */
    asset_tile_stream_stats stats;
};

/* ---- pure: levels and tiles in view ---- */

int asset_tiles_view_level(const asset_tiles_layout *l, const pv_view *v, int width, int height)
{
    (void)height;
    /* A face spans tangents -1..1 across its size; the screen spans -tan(fov/2)..tan(fov/2)
     * across its width: one texel per pixel at the view's centre takes this face size. */
    double t = tan(PV_DEG2RAD(pv_clampf(v->fov, 1.0f, 179.0f)) * 0.5);
    double need = (double)width / t;
    for (int level = 1; level <= l->levels; level++)
        if (asset_tiles_level_size(l, level) >= need)
            return level;
    return l->levels;
}

/* A face point (u, v in 0..1 from the top-left corner) as a direction. */
static void face_point(int face, double u, double v, float dir[3])
{
    /* asset_cube_texel_dir's texel i of n sits at (i + 0.5) / n. */
    asset_cube_texel_dir(face, 1, (float)(u - 0.5), (float)(v - 0.5), dir);
}

/* Clips a polygon in camera space against the half-space a . p >= 0. */
static int clip(const double (*in)[3], int n, const double a[3], double (*out)[3])
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        const double *p = in[i], *q = in[(i + 1) % n];
        double dp = a[0] * p[0] + a[1] * p[1] + a[2] * p[2];
        double dq = a[0] * q[0] + a[1] * q[1] + a[2] * q[2];
        if (dp >= 0)
            memcpy(out[m++], p, sizeof(double) * 3);
        if ((dp >= 0) != (dq >= 0)) {
            double t = dp / (dp - dq);
            for (int k = 0; k < 3; k++)
                out[m][k] = p[k] + (q[k] - p[k]) * t;
            m++;
        }
    }
    return m;
}

/* The view's pyramid as four planes through the eye, in world space, widened by `margin`. */
static void view_planes(const pv_view *v, int width, int height, double margin, double pl[4][3])
{
    float r[9];
    pv_view_rotation(v, r);
    double tx = tan(PV_DEG2RAD(pv_clampf(v->fov, 1.0f, 179.0f)) * 0.5) * (1.0 + margin);
    double ty = tx * (double)height / (double)(width > 0 ? width : 1);
    /* Camera space (looking along -z): tx * -z - x >= 0, tx * -z + x >= 0, same for y. */
    const double cam[4][3] = {{-1, 0, -tx}, {1, 0, -tx}, {0, -1, -ty}, {0, 1, -ty}};
    for (int p = 0; p < 4; p++)
        for (int k = 0; k < 3; k++) /* world normal = R * camera normal */
            pl[p][k] = r[k * 3 + 0] * cam[p][0] + r[k * 3 + 1] * cam[p][1] +
                       r[k * 3 + 2] * cam[p][2];
}

static bool rect_in_view(int face, double u0, double v0, double u1, double v1,
                         const double pl[4][3])
{
    double poly[2][16][3];
    const double uv[4][2] = {{u0, v0}, {u1, v0}, {u1, v1}, {u0, v1}};
    for (int i = 0; i < 4; i++) {
        float d[3];
        face_point(face, uv[i][0], uv[i][1], d);
        for (int k = 0; k < 3; k++)
            poly[0][i][k] = d[k];
    }
    int n = 4, cur = 0;
    for (int p = 0; p < 4 && n > 0; p++) {
        n = clip((const double(*)[3])poly[cur], n, pl[p], poly[cur ^ 1]);
        cur ^= 1;
    }
    return n >= 3;
}

int asset_tiles_in_view(const asset_tiles_layout *l, int level, const pv_view *v, int width,
                        int height, float margin, asset_tile_key *out, int cap)
{
    double pl[4][3];
    view_planes(v, width, height, margin, pl);
    int n = asset_tiles_level_size(l, level), per = asset_tiles_per_side(l, level), count = 0;
    if (n <= 0)
        return 0;
    for (int f = 0; f < ASSET_FACE_COUNT; f++) {
        if (!rect_in_view(f, 0, 0, 1, 1, pl))
            continue;
        for (int y = 0; y < per; y++)
            for (int x = 0; x < per; x++) {
                double u0 = (double)x * l->tile_size / n, v0 = (double)y * l->tile_size / n;
                double u1 = (double)(x * l->tile_size + asset_tiles_extent(l, level, x)) / n;
                double v1 = (double)(y * l->tile_size + asset_tiles_extent(l, level, y)) / n;
                if (!rect_in_view(f, u0, v0, u1, v1, pl))
                    continue;
                if (count < cap)
                    out[count] = (asset_tile_key){f, level, x, y};
                count++;
            }
    }
    return count;
}

/* ---- the stream ---- */

static int slot_of(const asset_tile_stream *s, asset_tile_key k)
{
    int per = asset_tiles_per_side(&s->src->layout, k.level);
    return s->level_first[k.level] + (k.face * per + k.y) * per + k.x;
}

static asset_tile_key key_of(const asset_tile_stream *s, int index)
{
    int level = 1;
    while (level < s->src->layout.levels && index >= s->level_first[level + 1])
        level++;
    int per = asset_tiles_per_side(&s->src->layout, level);
    int i = index - s->level_first[level];
    return (asset_tile_key){i / (per * per), level, i % per, (i / per) % per};
}

static void tile_path(const asset_tile_stream *s, asset_tile_key k, char *out, size_t n)
{
    char rel[512];
    asset_tiles_format(s->src->pattern ? s->src->pattern : ASSET_TILES_DEFAULT_PATTERN, k.face,
                       k.level, k.x, k.y, rel, sizeof(rel));
    snprintf(out, n, "%s%s.%s", s->src->dir, rel, s->src->extension ? s->src->extension : "jpg");
}

/* Decodes one tile; NULL with `why` filled when it is missing, damaged or of the wrong size. */
static uint8_t *decode_tile(const asset_tile_stream *s, asset_tile_key k, bool *missing,
                            char *why, size_t why_n)
{
    char path[4096], reason[384];
    tile_path(s, k, path, sizeof(path));
    *missing = !pv_file_exists(path);
    /* A tile's real path stays in the pyramid's folder (a link out of it is refused). */
    const char *roots[1] = {s->root};
    char *found = NULL;
    if (!*missing && pv_path_confine(roots, 1, path, &found, reason, sizeof(reason)) !=
                         PV_PATH_OK) {
        snprintf(why, why_n, "multires tile %s %s", pv_path_display(path), reason);
        return NULL;
    }
    asset_image img;
    pv_result r = asset_image_load(found ? found : path, 1, &img, reason, sizeof(reason));
    free(found);
    if (r != PV_OK) {
        snprintf(why, why_n, "multires tile %s %s", pv_path_display(path), reason);
        return NULL;
    }
    int w = asset_tiles_extent(&s->src->layout, k.level, k.x);
    int h = asset_tiles_extent(&s->src->layout, k.level, k.y);
    if (img.width != w || img.height != h) {
        snprintf(why, why_n, "multires tile %s is %dx%d; at level %d it must be %dx%d (check "
                 "tile_size, levels and face_size)", pv_path_display(path), img.width,
                 img.height, k.level, w, h);
        asset_image_free(&img);
        return NULL;
    }
    return img.pixels;
}

static void *worker(void *arg)
{
    asset_tile_stream *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->quit && s->queue_count == 0) {
            if (s->busy == 0)
                pthread_cond_broadcast(&s->idle);
            pthread_cond_wait(&s->cond, &s->lock);
        }
        if (s->quit)
            break;
        s->busy++;
        int index = s->queue[0];
        memmove(s->queue, s->queue + 1, sizeof(int) * (size_t)--s->queue_count);
        s->slots[index].state = SLOT_DECODING;
        pthread_mutex_unlock(&s->lock);

        char why[600];
        bool missing;
        double t0 = pv_now();
        uint8_t *px = decode_tile(s, key_of(s, index), &missing, why, sizeof(why));
        double seconds = pv_now() - t0;
        if (!px && !missing)
            pv_warn("%s", why); /* drawn from the coarser level instead */

        pthread_mutex_lock(&s->lock);
        s->busy--;
        s->stats.decoded++;
        s->stats.decode_seconds += seconds;
        if (px) {
            s->slots[index].state = SLOT_DECODED;
            s->slots[index].pixels = px;
            s->done[s->done_count++] = index;
        } else {
            s->slots[index].state = SLOT_FAILED;
        }
        pthread_mutex_unlock(&s->lock);
        if (s->wake)
            s->wake(s->user);
        pthread_mutex_lock(&s->lock);
    }
    pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

pv_result asset_tile_stream_open(const asset_tile_stream_desc *d, asset_tile_stream **out,
                                 char *why, size_t why_n)
{
    *out = NULL;
    const asset_tiles_layout *lay = &d->source->layout;
    const char *problem = asset_tiles_layout_problem(lay);
    if (!d->source->dir || problem) {
        snprintf(why, why_n, "multires %s: %s",
                 d->source->dir ? pv_path_display(d->source->dir) : "(no path)",
                 problem ? problem : "no folder");
        return PV_ERR_FORMAT;
    }
    char *root = pv_path_real(d->source->dir);
    if (!root) {
        snprintf(why, why_n, "multires %s: not found", pv_path_display(d->source->dir));
        return PV_ERR_IO;
    }
    asset_tile_stream *s = pv_calloc(1, sizeof(*s));
    s->root = root;
    s->src = asset_tiles_source_copy(d->source);
    for (int l = 1; l <= lay->levels; l++) {
        int per = asset_tiles_per_side(lay, l);
        s->level_first[l] = s->slot_count;
        s->slot_count += ASSET_FACE_COUNT * per * per;
    }
    s->level_first[lay->levels + 1] = s->slot_count;
    s->slots = pv_calloc((size_t)s->slot_count, sizeof(*s->slots));
    s->queue = pv_malloc(sizeof(int) * (size_t)s->slot_count);
    s->done = pv_malloc(sizeof(int) * (size_t)s->slot_count);
    s->resident = pv_malloc(sizeof(int) * (size_t)s->slot_count);
    s->evicted = pv_malloc(sizeof(uint32_t) * (size_t)s->slot_count);
    s->dirty = pv_malloc(sizeof(int) * (size_t)s->slot_count);
    s->fresh = pv_malloc(sizeof(int) * (size_t)s->slot_count);
    asset_cube_frame_init(&s->cube);
    s->budget = d->budget_bytes ? d->budget_bytes : ASSET_TILES_DEFAULT_BUDGET;
    s->wake = d->wake;
    s->user = d->user;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    pthread_cond_init(&s->idle, NULL);

    /* Level 1 now, on the caller's thread: the first frame shows the whole panorama. */
    for (int i = s->level_first[1]; i < s->level_first[2]; i++) {
        if (d->cancel && atomic_load(d->cancel)) {
            snprintf(why, why_n, "cancelled");
            asset_tile_stream_close(&s);
            return PV_ERR_CANCELLED;
        }
        bool missing;
        double t0 = pv_now();
        uint8_t *px = decode_tile(s, key_of(s, i), &missing, why, why_n);
        s->stats.decode_seconds += pv_now() - t0;
        s->stats.decoded++;
        if (!px) {
            asset_tile_stream_close(&s);
            return missing ? PV_ERR_IO : PV_ERR_FORMAT;
        }
        s->slots[i].state = SLOT_DECODED;
        s->slots[i].pixels = px;
        s->done[s->done_count++] = i;
    }
    /* Tiles decode in parallel on machines with cores to spare (the time to a sharp view is
     * mostly decoding): one worker per core, at most TILE_WORKERS_MAX. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int workers = cores < 1 ? 1 : cores > TILE_WORKERS_MAX ? TILE_WORKERS_MAX : (int)cores;
    for (int i = 0; i < workers; i++) {
        if (pthread_create(&s->threads[i], NULL, worker, s) != 0) {
            if (i > 0)
                break; /* fewer workers will do */
            pv_error("cannot start a tile decoding thread");
            abort();
        }
        s->thread_count++;
    }
    *out = s;
    return PV_OK;
}

void asset_tile_stream_close(asset_tile_stream **ps)
{
    asset_tile_stream *s = *ps;
    if (!s)
        return;
    if (s->thread_count) {
        pthread_mutex_lock(&s->lock);
        s->quit = true;
        pthread_cond_broadcast(&s->cond);
        pthread_mutex_unlock(&s->lock);
        for (int i = 0; i < s->thread_count; i++)
            pthread_join(s->threads[i], NULL);
    }
    for (int i = 0; i < s->slot_count; i++) {
        free(s->slots[i].pixels);
        free(s->slots[i].edges);
    }
    free(s->texture);
    free(s->ring);
    free(s->rects);
    free(s->dirty);
    free(s->fresh);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->cond);
    pthread_cond_destroy(&s->idle);
    asset_tiles_source_free(&s->src);
    free(s->root);
    free(s->slots);
    free(s->queue);
    free(s->done);
    free(s->resident);
    free(s->evicted);
    free(s);
    *ps = NULL;
}

const asset_tiles_layout *asset_tile_stream_layout(const asset_tile_stream *s)
{
    return &s->src->layout;
}

/* A face rect (normalised) drawn from tile `index`, with its texture coordinates. */
static void emit(const asset_tile_stream *s, int index, int face, double u0, double v0,
                 double u1, double v1, asset_tile_quad *q)
{
    asset_tile_key k = key_of(s, index);
    const asset_tiles_layout *l = &s->src->layout;
    double n = asset_tiles_level_size(l, k.level);
    double x0 = (double)k.x * l->tile_size, y0 = (double)k.y * l->tile_size;
    double w = asset_tiles_texture_extent(asset_tiles_extent(l, k.level, k.x));
    double h = asset_tiles_texture_extent(asset_tiles_extent(l, k.level, k.y));
    const double uv[4][2] = {{u0, v0}, {u1, v0}, {u1, v1}, {u0, v1}};
    for (int c = 0; c < 4; c++) {
        face_point(face, uv[c][0], uv[c][1], q->corner[c]);
        q->uv[c][0] = (float)((ASSET_TILE_BORDER + uv[c][0] * n - x0) / w);
        q->uv[c][1] = (float)((ASSET_TILE_BORDER + uv[c][1] * n - y0) / h);
    }
    q->gpu = s->slots[index].gpu;
    q->level = k.level;
}

static int by_distance_cmp(const void *a, const void *b)
{
    const float *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

int asset_tile_stream_plan(asset_tile_stream *s, const pv_view *v, int width, int height,
                           asset_tile_quad *quads, int cap, asset_tile_plan *plan)
{
    const asset_tiles_layout *l = &s->src->layout;
    int level = asset_tiles_view_level(l, v, width, height);
    int per = asset_tiles_per_side(l, level);
    int max_keys = ASSET_FACE_COUNT * per * per;
    asset_tile_key *keys = pv_malloc(sizeof(*keys) * (size_t)max_keys);
    int count = asset_tiles_in_view(l, level, v, width, height, 0.0f, keys, max_keys);
    s->frame++;
    float centre[3];
    pv_view_dir(v->yaw, v->pitch, centre);
    float (*order)[2] = pv_malloc(sizeof(*order) * (size_t)(count > 0 ? count : 1));
    int quad_count = 0, missing = 0, wanted = 0;
    double n = asset_tiles_level_size(l, level);

    pthread_mutex_lock(&s->lock);
    for (int i = 0; i < s->queue_count; i++) /* requests of earlier plans are dropped */
        if (s->slots[s->queue[i]].state == SLOT_QUEUED)
            s->slots[s->queue[i]].state = SLOT_NONE;
    s->queue_count = 0;
    for (int t = 0; t < count; t++) {
        asset_tile_key k = keys[t];
        double u0 = (double)k.x * l->tile_size / n, v0 = (double)k.y * l->tile_size / n;
        double u1 = (double)(k.x * l->tile_size + asset_tiles_extent(l, level, k.x)) / n;
        double v1 = (double)(k.y * l->tile_size + asset_tiles_extent(l, level, k.y)) / n;
        /* The finest resident tile covering this one: itself, else an ancestor. */
        int use = -1;
        for (int a = level; a >= 1 && use < 0; a--) {
            double na = asset_tiles_level_size(l, a);
            int ax = pv_clampi((int)((u0 + u1) * 0.5 * na / l->tile_size), 0,
                               asset_tiles_per_side(l, a) - 1);
            int ay = pv_clampi((int)((v0 + v1) * 0.5 * na / l->tile_size), 0,
                               asset_tiles_per_side(l, a) - 1);
            int idx = slot_of(s, (asset_tile_key){k.face, a, ax, ay});
            if (s->slots[idx].state == SLOT_RESIDENT)
                use = idx;
            if (a == level) {
                uint8_t st = s->slots[idx].state;
                if (st != SLOT_RESIDENT && st != SLOT_FAILED) {
                    missing++;
                    if (st == SLOT_NONE) {
                        float d[3];
                        face_point(k.face, (u0 + u1) * 0.5, (v0 + v1) * 0.5, d);
                        order[wanted][0] = pv_dir_angle(d, centre);
                        order[wanted][1] = (float)idx;
                        wanted++;
                    }
                }
            }
        }
        if (use >= 0) {
            s->slots[use].last_used = s->frame;
            if (quad_count < cap)
                emit(s, use, k.face, u0, v0, u1, v1, &quads[quad_count]);
            quad_count++;
        }
    }
    qsort(order, (size_t)wanted, sizeof(*order), by_distance_cmp);
    for (int i = 0; i < wanted; i++) {
        int idx = (int)order[i][1];
        s->slots[idx].state = SLOT_QUEUED;
        s->queue[s->queue_count++] = idx;
    }
    if (s->queue_count)
        pthread_cond_broadcast(&s->cond); /* every worker: there may be work for each */
    pthread_mutex_unlock(&s->lock);
    free(order);
    free(keys);

    /* Over the budget: the least recently drawn go, never level 1 nor what this plan drew. */
    while (s->resident_bytes > s->budget) {
        int victim = -1;
        for (int i = 0; i < s->resident_count; i++) {
            int idx = s->resident[i];
            if (idx < s->level_first[2] || s->slots[idx].last_used == s->frame)
                continue;
            if (victim < 0 || s->slots[idx].last_used < s->slots[s->resident[victim]].last_used)
                victim = i;
        }
        if (victim < 0)
            break;
        int idx = s->resident[victim];
        asset_tile_key k = key_of(s, idx);
        s->resident_bytes -= asset_tiles_texture_bytes(l, k.level, k.x, k.y);
        s->resident[victim] = s->resident[--s->resident_count];
        s->evicted[s->evicted_count++] = s->slots[idx].gpu;
        free(s->slots[idx].edges); /* neighbours keep the borders they took from it */
        s->slots[idx].edges = NULL;
        pthread_mutex_lock(&s->lock);
        s->slots[idx].state = SLOT_NONE;
        s->slots[idx].gpu = 0;
        pthread_mutex_unlock(&s->lock);
        s->stats.evicted++;
    }
    if (plan)
        *plan = (asset_tile_plan){.level = level, .tiles = count, .missing = missing};
    return quad_count;
}

/* Texel (fx, fy) of `level`'s face `face` (past its edges: the adjacent face's), from the tile
 * holding it if that tile's edges are kept; else NULL. */
static const uint8_t *level_texel(const asset_tile_stream *s, int level, int face, int fx,
                                  int fy)
{
    const asset_tiles_layout *l = &s->src->layout;
    int f, x, y, t = l->tile_size;
    asset_cube_wrap(&s->cube, asset_tiles_level_size(l, level), face, fx, fy, &f, &x, &y);
    const uint8_t *e = s->slots[slot_of(s, (asset_tile_key){f, level, x / t, y / t})].edges;
    return e ? asset_tile_edges_texel(e, asset_tiles_extent(l, level, x / t),
                                      asset_tiles_extent(l, level, y / t), x % t, y % t)
             : NULL;
}

/* Texel (i, j) of tile `index`'s texture, outside the tile: its neighbour's, else its own
 * nearest edge texel. */
static void border_texel(const asset_tile_stream *s, int index, int i, int j, uint8_t *out)
{
    const asset_tiles_layout *l = &s->src->layout;
    asset_tile_key k = key_of(s, index);
    int w = asset_tiles_extent(l, k.level, k.x), h = asset_tiles_extent(l, k.level, k.y);
    int cx = i - ASSET_TILE_BORDER, cy = j - ASSET_TILE_BORDER;
    const uint8_t *p = level_texel(s, k.level, k.face, k.x * l->tile_size + cx,
                                   k.y * l->tile_size + cy);
    if (!p)
        p = asset_tile_edges_texel(s->slots[index].edges, w, h, pv_clampi(cx, 0, w - 1),
                                   pv_clampi(cy, 0, h - 1));
    memcpy(out, p, 4);
}

static void border_rect(const asset_tile_stream *s, int index, int x, int y, int w, int h,
                        uint8_t *out, size_t stride)
{
    for (int j = 0; j < h; j++)
        for (int i = 0; i < w; i++)
            border_texel(s, index, x + i, y + j, out + (size_t)j * stride + (size_t)i * 4);
}

/* Resident tiles whose borders may take texels from tile `index` (every tile within
 * ASSET_TILE_EDGE_DEPTH of it, across face edges too) are to be handed over again. */
static void mark_neighbours(asset_tile_stream *s, int index)
{
    const asset_tiles_layout *l = &s->src->layout;
    asset_tile_key k = key_of(s, index);
    int w = asset_tiles_extent(l, k.level, k.x), h = asset_tiles_extent(l, k.level, k.y);
    int n = asset_tiles_level_size(l, k.level), t = l->tile_size;
    int x0 = k.x * t, y0 = k.y * t;
    for (int d = 1; d <= ASSET_TILE_EDGE_DEPTH; d++) {
        int side = 2 * (w + h + 4 * d);
        for (int p = 0; p < side; p++) {
            int x, y; /* around the tile at distance d */
            if (p < w + 2 * d)
                x = p - d, y = -d;
            else if (p < 2 * (w + 2 * d))
                x = p - (w + 2 * d) - d, y = h - 1 + d;
            else if (p < 2 * (w + 2 * d) + h)
                x = -d, y = p - 2 * (w + 2 * d);
            else
                x = w - 1 + d, y = p - 2 * (w + 2 * d) - h;
            int f, fx, fy;
            asset_cube_wrap(&s->cube, n, k.face, x0 + x, y0 + y, &f, &fx, &fy);
            int other = slot_of(s, (asset_tile_key){f, k.level, fx / t, fy / t});
            if (other != index && s->slots[other].gpu && !s->slots[other].border_dirty) {
                s->slots[other].border_dirty = true;
                s->dirty[s->dirty_count++] = other;
            }
        }
    }
}

/* A tile's texture, its levels one after the other in `*buf` (grown as needed). */
static void texture_levels(uint8_t **buf, size_t *cap, int tw, int th,
                           uint8_t *level[ASSET_TILE_MIP_LEVELS])
{
    size_t need = 0;
    for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++)
        need += (size_t)(tw >> m) * (size_t)(th >> m) * 4;
    if (need > *cap) {
        free(*buf);
        *buf = pv_malloc(need);
        *cap = need;
    }
    size_t off = 0;
    for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++) {
        level[m] = *buf + off;
        off += (size_t)(tw >> m) * (size_t)(th >> m) * 4;
    }
}

/* Level 0 of tile `index`'s texture (tw x th) around the tile (w x h): its border. */
static void fill_border(const asset_tile_stream *s, int index, int w, int h, int tw, int th,
                        uint8_t *l0)
{
    const int b = ASSET_TILE_BORDER;
    size_t stride = (size_t)tw * 4;
    border_rect(s, index, 0, 0, tw, b, l0, stride);
    border_rect(s, index, 0, b + h, tw, th - b - h, l0 + (b + h) * stride, stride);
    border_rect(s, index, 0, b, b, h, l0 + b * stride, stride);
    border_rect(s, index, b + w, b, tw - b - w, h, l0 + b * stride + (size_t)(b + w) * 4, stride);
}

bool asset_tile_stream_take(asset_tile_stream *s, asset_tile_upload *out)
{
    const asset_tiles_layout *l = &s->src->layout;
    int fresh = 0, idx = -1;
    const uint8_t *px = NULL;
    pthread_mutex_lock(&s->lock);
    if (s->done_count > 0) {
        /* The edges of every tile waiting first: tiles that arrive together border each
         * other at once. */
        for (int i = 0; i < s->done_count; i++) {
            int d = s->done[i];
            if (!s->slots[d].edges) {
                asset_tile_key k = key_of(s, d);
                s->slots[d].edges = asset_tile_edges_make(s->slots[d].pixels,
                                                          asset_tiles_extent(l, k.level, k.x),
                                                          asset_tiles_extent(l, k.level, k.y));
                s->fresh[fresh++] = d;
            }
        }
        idx = s->done[--s->done_count];
        px = s->slots[idx].pixels;
    }
    pthread_mutex_unlock(&s->lock);
    if (idx < 0)
        return false;
    for (int i = 0; i < fresh; i++)
        mark_neighbours(s, s->fresh[i]);

    asset_tile_key k = key_of(s, idx);
    int w = asset_tiles_extent(l, k.level, k.x), h = asset_tiles_extent(l, k.level, k.y);
    int tw = asset_tiles_texture_extent(w), th = asset_tiles_texture_extent(h);
    uint8_t *level[ASSET_TILE_MIP_LEVELS];
    texture_levels(&s->texture, &s->texture_cap, tw, th, level);
    fill_border(s, idx, w, h, tw, th, level[0]);
    const int b = ASSET_TILE_BORDER;
    for (int y = 0; y < h; y++)
        memcpy(level[0] + ((size_t)(b + y) * tw + b) * 4, px + (size_t)y * w * 4,
               (size_t)w * 4);
    asset_tile_mips(level, tw, th);
    *out = (asset_tile_upload){.slot = idx, .key = k, .width = tw, .height = th};
    for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++)
        out->pixels[m] = level[m];
    return true;
}

bool asset_tile_stream_take_border(asset_tile_stream *s, asset_tile_border *out)
{
    const asset_tiles_layout *l = &s->src->layout;
    while (s->dirty_count > 0) {
        int idx = s->dirty[--s->dirty_count];
        slot *sl = &s->slots[idx];
        sl->border_dirty = false;
        if (!sl->gpu || !sl->edges)
            continue;
        asset_tile_key k = key_of(s, idx);
        int w = asset_tiles_extent(l, k.level, k.x), h = asset_tiles_extent(l, k.level, k.y);
        int tw = asset_tiles_texture_extent(w), th = asset_tiles_texture_extent(h);
        const int b = ASSET_TILE_BORDER, depth = ASSET_TILE_EDGE_DEPTH;
        /* The texture as far as it is known: the border, and the tile's texels near its
         * edges (kept), which is all the mip texels over the border average. */
        uint8_t *level[ASSET_TILE_MIP_LEVELS];
        texture_levels(&s->ring, &s->ring_cap, tw, th, level);
        memset(level[0], 0, (size_t)tw * th * 4);
        fill_border(s, idx, w, h, tw, th, level[0]);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (y >= depth && y < h - depth && x == depth && w - depth > x)
                    x = w - depth; /* the middle of the tile is not needed */
                const uint8_t *p = asset_tile_edges_texel(sl->edges, w, h, x, y);
                if (p)
                    memcpy(level[0] + ((size_t)(b + y) * tw + b + x) * 4, p, 4);
            }
        asset_tile_mips(level, tw, th);
        size_t need = 0;
        for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++)
            need += (size_t)(tw >> m) * (th >> m) * 4; /* more than the rectangles take */
        if (need > s->rects_cap) {
            free(s->rects);
            s->rects = pv_malloc(need);
            s->rects_cap = need;
        }
        uint8_t *o = s->rects;
        out->gpu = sl->gpu;
        for (int m = 0; m < ASSET_TILE_MIP_LEVELS; m++) {
            int lw = tw >> m, lh = th >> m, lo = b >> m;
            int hi = (tw - b - w + (1 << m) - 1) >> m, hv = (th - b - h + (1 << m) - 1) >> m;
            const int r[4][4] = {{0, 0, lw, lo}, {0, lh - hv, lw, hv}, {0, lo, lo, lh - lo - hv},
                                 {lw - hi, lo, hi, lh - lo - hv}};
            for (int i = 0; i < 4; i++) {
                int rw = r[i][2] > 0 && r[i][3] > 0 ? r[i][2] : 0, rh = rw ? r[i][3] : 0;
                for (int y = 0; y < rh; y++)
                    memcpy(o + (size_t)y * rw * 4,
                           level[m] + ((size_t)(r[i][1] + y) * lw + r[i][0]) * 4,
                           (size_t)rw * 4);
                out->rect[m * 4 + i].level = m;
                out->rect[m * 4 + i].x = r[i][0];
                out->rect[m * 4 + i].y = r[i][1];
                out->rect[m * 4 + i].w = rw;
                out->rect[m * 4 + i].h = rh;
                out->rect[m * 4 + i].pixels = o;
                o += (size_t)rw * rh * 4;
            }
        }
        return true;
    }
    return false;
}

void asset_tile_stream_placed(asset_tile_stream *s, int slot_index, uint32_t gpu)
{
    asset_tile_key k = key_of(s, slot_index);
    pthread_mutex_lock(&s->lock);
    free(s->slots[slot_index].pixels);
    s->slots[slot_index].pixels = NULL;
    s->slots[slot_index].state = SLOT_RESIDENT;
    pthread_mutex_unlock(&s->lock);
    s->slots[slot_index].gpu = gpu;
    s->slots[slot_index].last_used = s->frame;
    s->resident[s->resident_count++] = slot_index;
    s->resident_bytes += asset_tiles_texture_bytes(&s->src->layout, k.level, k.x, k.y);
}

int asset_tile_stream_evicted(asset_tile_stream *s, uint32_t *gpu, int cap)
{
    int n = s->evicted_count < cap ? s->evicted_count : cap;
    memcpy(gpu, s->evicted, sizeof(uint32_t) * (size_t)n);
    memmove(s->evicted, s->evicted + n, sizeof(uint32_t) * (size_t)(s->evicted_count - n));
    s->evicted_count -= n;
    return n;
}

int asset_tile_stream_resident(const asset_tile_stream *s, uint32_t *gpu, int cap)
{
    int n = 0;
    for (int i = 0; i < s->resident_count && n < cap; i++)
        gpu[n++] = s->slots[s->resident[i]].gpu;
    return n;
}

bool asset_tile_stream_is_resident(const asset_tile_stream *s, asset_tile_key k)
{
    return s->slots[slot_of(s, k)].gpu != 0;
}

size_t asset_tile_stream_bytes(const asset_tile_stream *s) { return s->resident_bytes; }

bool asset_tile_stream_pending(asset_tile_stream *s)
{
    pthread_mutex_lock(&s->lock);
    bool p = s->done_count > 0;
    pthread_mutex_unlock(&s->lock);
    return p;
}

void asset_tile_stream_wait(asset_tile_stream *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->queue_count > 0 || s->busy > 0)
        pthread_cond_wait(&s->idle, &s->lock);
    pthread_mutex_unlock(&s->lock);
}

void asset_tile_stream_get_stats(asset_tile_stream *s, asset_tile_stream_stats *out)
{
    pthread_mutex_lock(&s->lock);
    *out = s->stats;
    pthread_mutex_unlock(&s->lock);
    out->resident_bytes = s->resident_bytes;
    out->resident_tiles = s->resident_count;
}
