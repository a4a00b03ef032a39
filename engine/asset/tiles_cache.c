/* asset/tiles_cache: multires pyramids cut once from panoramas too large to be shown as one
 * image, kept in the user's cache folder ($XDG_CACHE_HOME/pavilion/tiles, else
 * ~/.cache/pavilion/tiles) so the viewer shows every pixel of them in bounded memory.
 *
 * A pyramid's folder is named by a hash of the file's real path, size, modification time and
 * the cutter's version: a changed file gets a new pyramid (the old one ages out). It is cut
 * into `NAME.tmp-PID-N` and renamed to NAME only once whole (with its `layout` file), so a
 * folder under its final name is always complete; a crash or a kill leaves a temporary folder
 * that is never read, and is removed by the next cut once its process is gone. After a cut,
 * the least recently used pyramids (by their `layout` file's time, touched at each use) are
 * removed until the cache is within its cap (PAVILION_TILE_CACHE_MB, default
 * ASSET_TILES_CACHE_DEFAULT_MB); the one just made always stays.
 * Threads: any; the file system is the only shared state (renames make it safe between
 * processes). */
#define _GNU_SOURCE
#include "asset/tiles.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_int s_tmp_counter;

bool asset_tiles_cache_wanted(asset_image_kind kind, int w, int h, int max_width)
{
    return kind == ASSET_IMAGE_JPEG && asset_equirect_fit_scale(w, h, max_width) > 1;
}

bool asset_tiles_cache_root(char *out, size_t n)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int k;
    if (xdg && xdg[0] == '/')
        k = snprintf(out, n, "%s/pavilion/tiles", xdg);
    else if (home && home[0] == '/')
        k = snprintf(out, n, "%s/.cache/pavilion/tiles", home);
    else
        return false;
    return k > 0 && (size_t)k < n;
}

uint64_t asset_tiles_cache_cap(void)
{
    const char *s = getenv("PAVILION_TILE_CACHE_MB");
    char *end;
    long long mb = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || mb < 0)
        mb = ASSET_TILES_CACHE_DEFAULT_MB;
    return (uint64_t)mb << 20;
}

/* The pyramid's folder name for a panorama: 16 hex digits of FNV-1a over its real path, size,
 * modification time and the cutter's version. */
static pv_result cache_name(const char *pano, char *name, size_t n, char *why, size_t why_n)
{
    char *real = pv_path_real(pano);
    struct stat st;
    if (!real || stat(real, &st) != 0) {
        snprintf(why, why_n, "cannot read %s: %s", pv_path_display(pano), strerror(errno));
        free(real);
        return PV_ERR_IO;
    }
    char *key = pv_asprintf("%s\n%lld\n%lld.%09ld\n%d", real, (long long)st.st_size,
                            (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                            ASSET_TILES_CACHE_VERSION);
    uint64_t h = 14695981039346656037ull;
    for (const char *p = key; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ull;
    snprintf(name, n, "%016llx", (unsigned long long)h);
    free(key);
    free(real);
    return PV_OK;
}

static bool read_layout(const char *dir, asset_tiles_layout *lay)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/layout", dir);
    FILE *f = fopen(path, "r");
    int version = 0;
    bool ok = f && fscanf(f, "pavilion-tiles %d face_size %d tile_size %d levels %d", &version,
                          &lay->face_size, &lay->tile_size, &lay->levels) == 4 &&
              version == ASSET_TILES_CACHE_VERSION && !asset_tiles_layout_problem(lay);
    if (f)
        fclose(f);
    if (ok)
        utimensat(AT_FDCWD, path, NULL, 0); /* used now: the last to be evicted */
    return ok;
}

static void fill_source(asset_tiles_source *src, const char *dir, const asset_tiles_layout *l)
{
    memset(src, 0, sizeof(*src));
    src->dir = dir;
    src->layout = *l;
}

bool asset_tiles_cache_find(const char *pano, asset_tiles_source *src, char *dir, size_t dir_n)
{
    char root[PATH_MAX], name[32], why[256];
    if (!asset_tiles_cache_root(root, sizeof(root)) ||
        cache_name(pano, name, sizeof(name), why, sizeof(why)) != PV_OK)
        return false;
    asset_tiles_layout lay;
    int k = snprintf(dir, dir_n, "%s/%s", root, name);
    if (k <= 0 || (size_t)k >= dir_n || !read_layout(dir, &lay))
        return false;
    fill_source(src, dir, &lay);
    return true;
}

static uint64_t s_du; /* nftw has no user pointer: tree_bytes is called under s_du_lock */
static pthread_mutex_t s_du_lock = PTHREAD_MUTEX_INITIALIZER;

static int add_size(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (type == FTW_F)
        s_du += (uint64_t)st->st_blocks * 512;
    return 0;
}

static uint64_t tree_bytes(const char *path)
{
    pthread_mutex_lock(&s_du_lock);
    s_du = 0;
    nftw(path, add_size, 16, FTW_PHYS);
    uint64_t n = s_du;
    pthread_mutex_unlock(&s_du_lock);
    return n;
}

/* "NAME.tmp-PID-N": a cut in progress, or left by a process that died. */
static bool stale_temp(const char *entry)
{
    const char *t = strstr(entry, ".tmp-");
    if (!t)
        return false;
    long pid = strtol(t + 5, NULL, 10);
    if (pid <= 0)
        return true;
    if (pid == (long)getpid())
        return false; /* another cut of this process (a second loader) */
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

typedef struct cached {
    char name[64];
    struct timespec used;
    uint64_t bytes;
} cached;

static int by_use(const void *a, const void *b)
{
    const struct timespec *x = &((const cached *)a)->used, *y = &((const cached *)b)->used;
    if (x->tv_sec != y->tv_sec)
        return x->tv_sec < y->tv_sec ? -1 : 1;
    return x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec;
}

void asset_tiles_cache_tidy(const char *root, const char *keep, uint64_t cap)
{
    DIR *d = opendir(root);
    if (!d)
        return;
    cached *list = NULL;
    int count = 0, capn = 0;
    uint64_t total = 0;
    struct dirent *e;
    char path[PATH_MAX + 80];
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len >= sizeof(list->name))
            continue; /* not one of ours: their names are shorter */
        snprintf(path, sizeof(path), "%s/%s", root, e->d_name);
        if (strstr(e->d_name, ".tmp-")) {
            if (stale_temp(e->d_name))
                pv_remove_tree(path);
            continue;
        }
        if (count == capn) {
            capn = capn ? capn * 2 : 16;
            list = pv_realloc(list, sizeof(*list) * (size_t)capn);
        }
        cached *c = &list[count++];
        memcpy(c->name, e->d_name, len + 1);
        c->bytes = tree_bytes(path);
        total += c->bytes;
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s/layout", root, e->d_name);
        c->used = stat(path, &st) == 0 ? st.st_mtim : (struct timespec){0, 0};
    }
    closedir(d);
    if (count > 1) /* (qsort must not see the NULL of an empty list) */
        qsort(list, (size_t)count, sizeof(*list), by_use);
    for (int i = 0; i < count && total > cap; i++) {
        if (keep && strcmp(list[i].name, keep) == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", root, list[i].name);
        pv_info("tile cache: removing %s (%.0f MB, least recently used)", path,
                list[i].bytes / 1048576.0);
        pv_remove_tree(path);
        total -= list[i].bytes;
    }
    free(list);
}

pv_result asset_tiles_cache_make(const asset_tiles_cache_desc *d, asset_tiles_source *src,
                                 char *dir, size_t dir_n, char *why, size_t why_n)
{
    char root[PATH_MAX], name[32];
    if (!asset_tiles_cache_root(root, sizeof(root))) {
        snprintf(why, why_n, "no cache folder (neither XDG_CACHE_HOME nor HOME is set)");
        return PV_ERR_IO;
    }
    pv_result r = cache_name(d->pano, name, sizeof(name), why, why_n);
    if (r != PV_OK)
        return r;
    int k = snprintf(dir, dir_n, "%s/%s", root, name);
    if (k <= 0 || (size_t)k >= dir_n) {
        snprintf(why, why_n, "the cache folder's path is too long");
        return PV_ERR_LIMIT;
    }
    asset_tiles_layout lay;
    if (read_layout(dir, &lay)) { /* another process cut it meanwhile */
        fill_source(src, dir, &lay);
        return PV_OK;
    }
    if (!pv_make_dirs(root) || access(root, W_OK) != 0) {
        snprintf(why, why_n, "cannot write the tile cache %s: %s", root, strerror(errno));
        return PV_ERR_IO;
    }
    asset_tiles_cache_tidy(root, NULL, UINT64_MAX); /* stale temporary folders only */
    char tmp[PATH_MAX + 64], path[PATH_MAX + 80];
    snprintf(tmp, sizeof(tmp), "%s.tmp-%ld-%d", dir, (long)getpid(),
             atomic_fetch_add(&s_tmp_counter, 1));
    pv_remove_tree(tmp);
    asset_tiles_cut_stats st;
    asset_tiles_cut_desc cd = {.input = d->pano, .out_dir = tmp, .quality = 90,
                               .progress = d->progress, .user = d->user, .cancel = d->cancel};
    r = asset_tiles_cut(&cd, &lay, &st, why, why_n);
    if (r == PV_OK) {
        snprintf(path, sizeof(path), "%s/layout", tmp);
        FILE *f = fopen(path, "w");
        bool ok = f && fprintf(f, "pavilion-tiles %d face_size %d tile_size %d levels %d\n",
                               ASSET_TILES_CACHE_VERSION, lay.face_size, lay.tile_size,
                               lay.levels) > 0;
        ok = f && fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
        if (f && fclose(f) != 0)
            ok = false;
        if (!ok) {
            snprintf(why, why_n, "cannot write %s: %s", path, strerror(errno));
            r = PV_ERR_IO;
        }
    }
    if (r == PV_OK && rename(tmp, dir) != 0) {
        if (errno == EEXIST || errno == ENOTEMPTY) { /* another process was quicker */
            pv_remove_tree(tmp);
            if (read_layout(dir, &lay)) {
                fill_source(src, dir, &lay);
                return PV_OK;
            }
        }
        snprintf(why, why_n, "cannot rename %s: %s", tmp, strerror(errno));
        r = PV_ERR_IO;
    }
    if (r != PV_OK) {
        pv_remove_tree(tmp);
        return r;
    }
    asset_tiles_cache_tidy(root, name, asset_tiles_cache_cap());
    if (d->stats)
        *d->stats = st;
    fill_source(src, dir, &lay);
    return PV_OK;
}
