/* core: logging, allocation, diagnostics, paths, files and time. Any thread. */
#define _XOPEN_SOURCE 700 /* nftw (pv_remove_tree) */
#include "core/core.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <uninorm.h>

static pv_log_level s_log_min = PV_LOG_INFO;
static pthread_mutex_t s_log_lock = PTHREAD_MUTEX_INITIALIZER;

void pv_log_set_level(pv_log_level min) { s_log_min = min; }

void pv_log(pv_log_level level, const char *fmt, ...)
{
    if (level < s_log_min)
        return;
    static const char *names[] = {"debug", "info", "warning", "error"};
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&s_log_lock);
    fprintf(stderr, "pavilion: %s: ", names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    pthread_mutex_unlock(&s_log_lock);
    va_end(ap);
}

static void oom(size_t n)
{
    fprintf(stderr, "pavilion: out of memory (asked for %zu bytes)\n", n);
    abort();
}

void *pv_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *pv_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *pv_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *pv_strdup(const char *s) { return pv_strndup(s, strlen(s)); }

char *pv_strndup(const char *s, size_t n)
{
    char *p = pv_malloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *pv_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = pv_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ---- diagnostics ---- */

void pv_diags_add(pv_diags *d, pv_severity sev, const char *file, int line, int col,
                  const char *fmt, ...)
{
    if (d->count == d->capacity) {
        d->capacity = d->capacity ? d->capacity * 2 : 8;
        d->items = pv_realloc(d->items, sizeof(*d->items) * (size_t)d->capacity);
    }
    pv_diag *g = &d->items[d->count++];
    g->severity = sev;
    g->file = pv_strdup(file ? file : "");
    g->line = line;
    g->col = col;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    g->message = pv_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(g->message, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (sev == PV_SEV_ERROR)
        d->errors++;
    else if (sev == PV_SEV_WARNING)
        d->warnings++;
}

void pv_diags_free(pv_diags *d)
{
    for (int i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    memset(d, 0, sizeof(*d));
}

void pv_diag_format(const pv_diag *g, char *buf, size_t n)
{
    static const char *sev[] = {"note", "warning", "error"};
    const char *file = pv_path_display(g->file);
    if (g->line > 0)
        snprintf(buf, n, "%s:%d:%d: %s: %s", file, g->line, g->col > 0 ? g->col : 1,
                 sev[g->severity], g->message);
    else if (*file)
        snprintf(buf, n, "%s: %s: %s", file, sev[g->severity], g->message);
    else
        snprintf(buf, n, "%s: %s", sev[g->severity], g->message);
}

void pv_diags_print(const pv_diags *d, void *stdio_file)
{
    FILE *f = stdio_file ? stdio_file : stderr;
    char buf[4096];
    for (int i = 0; i < d->count; i++) {
        pv_diag_format(&d->items[i], buf, sizeof(buf));
        fprintf(f, "%s\n", buf);
    }
}

/* ---- paths ---- */

char *pv_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return pv_strdup(".");
    if (slash == path)
        return pv_strdup("/");
    return pv_strndup(path, (size_t)(slash - path));
}

char *pv_path_join(const char *dir, const char *rel)
{
    if (!dir || !*dir || strcmp(dir, ".") == 0)
        return pv_strdup(rel);
    size_t n = strlen(dir);
    if (dir[n - 1] == '/')
        return pv_asprintf("%s%s", dir, rel);
    return pv_asprintf("%s/%s", dir, rel);
}

char *pv_path_normalize(const char *path)
{
    size_t n = strlen(path);
    bool absolute = n > 0 && path[0] == '/';
    /* Split on '/', keep a stack of components. */
    const char **parts = pv_malloc(sizeof(char *) * (n + 1));
    size_t *lens = pv_malloc(sizeof(size_t) * (n + 1));
    int count = 0;
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - start);
        if (len == 1 && start[0] == '.')
            continue;
        if (len == 2 && start[0] == '.' && start[1] == '.') {
            if (count > 0 && !(lens[count - 1] == 2 && parts[count - 1][0] == '.' &&
                               parts[count - 1][1] == '.')) {
                count--;
                continue;
            }
            if (absolute)
                continue; /* "/.." is "/" */
        }
        parts[count] = start;
        lens[count] = len;
        count++;
    }
    char *out = pv_malloc(n + 3);
    size_t o = 0;
    if (absolute)
        out[o++] = '/';
    for (int i = 0; i < count; i++) {
        if (i > 0)
            out[o++] = '/';
        memcpy(out + o, parts[i], lens[i]);
        o += lens[i];
    }
    if (o == 0)
        out[o++] = '.';
    out[o] = 0;
    free(parts);
    free(lens);
    return out;
}

char *pv_path_resolve_inside(const char *base_dir, const char *from_dir, const char *rel,
                             char *why, size_t why_n)
{
    if (!rel || !*rel) {
        snprintf(why, why_n, "the path is empty");
        return NULL;
    }
    if (rel[0] == '/' || strchr(rel, '\\') || (strlen(rel) > 1 && rel[1] == ':')) {
        snprintf(why, why_n, "\"%s\" is an absolute path; write it relative to the scene file", rel);
        return NULL;
    }
    char *base = pv_path_normalize(base_dir);
    char *joined = pv_path_join(from_dir, rel);
    char *norm = pv_path_normalize(joined);
    free(joined);
    size_t bn = strlen(base);
    bool inside;
    if (strcmp(base, ".") == 0)
        inside = !(norm[0] == '/' || strcmp(norm, "..") == 0 || strncmp(norm, "../", 3) == 0);
    else
        inside = strncmp(norm, base, bn) == 0 && norm[bn] == '/';
    free(base);
    if (!inside) {
        snprintf(why, why_n, "\"%s\" leads outside the scene's folder; keep assets inside it", rel);
        free(norm);
        return NULL;
    }
    return norm;
}

const char *pv_path_reason(const char *why, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(why, path, n) == 0 && why[n] == ':' && why[n + 1] == ' ')
        return why + n + 2;
    return why;
}

const char *pv_path_display(const char *path)
{
    static __thread char cwd[PATH_MAX];
    if (!path || path[0] != '/')
        return path ? path : "";
    if (!getcwd(cwd, sizeof(cwd)))
        return path;
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

bool pv_make_dirs(const char *path)
{
    char *p = pv_strdup(path);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    for (char *c = p + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return false;
        }
        *c = '/';
    }
    bool ok = mkdir(p, 0777) == 0 || errno == EEXIST;
    if (ok) {
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            ok = false;
        }
    }
    free(p);
    return ok;
}

bool pv_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

bool pv_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    struct stat st;
    return lstat(path, &st) != 0;
}

/* What a file that is not a regular file is, completing "<path> ...". */
static void describe_mode(mode_t mode, char *why, size_t why_n)
{
    if (S_ISDIR(mode))
        snprintf(why, why_n, "is a directory");
    else if (S_ISFIFO(mode))
        snprintf(why, why_n, "is a FIFO (a named pipe), not a file");
    else if (S_ISCHR(mode) || S_ISBLK(mode))
        snprintf(why, why_n, "is a device, not a file");
    else if (S_ISSOCK(mode))
        snprintf(why, why_n, "is a socket, not a file");
    else
        snprintf(why, why_n, "is not a regular file");
}

static void describe_errno(int err, char *why, size_t why_n)
{
    if (err == ENOENT)
        snprintf(why, why_n, "was not found");
    else if (err == ENOTDIR)
        snprintf(why, why_n, "was not found (a part of its path is a file, not a folder)");
    else if (err == ELOOP)
        snprintf(why, why_n, "is a symlink loop (symbolic links that lead to each other)");
    else if (err == ENAMETOOLONG)
        snprintf(why, why_n, "is too long a path");
    else
        snprintf(why, why_n, "cannot be read (%s)", strerror(err));
}

int pv_file_open(const char *path, bool no_follow, char *why, size_t why_n)
{
    /* Look before opening: opening a device can do things (rewind a tape, raise a modem
     * line) and opening a FIFO for reading waits for a writer. */
    struct stat before, after;
    int r = no_follow ? lstat(path, &before) : stat(path, &before);
    if (r != 0) {
        describe_errno(errno, why, why_n);
        return -1;
    }
    if (no_follow && S_ISLNK(before.st_mode)) {
        snprintf(why, why_n, "is a symbolic link, which is not followed here");
        return -1;
    }
    if (!S_ISREG(before.st_mode)) {
        describe_mode(before.st_mode, why, why_n);
        return -1;
    }
    /* It may have been swapped since: open without blocking, then look again at what was
     * opened. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (no_follow ? O_NOFOLLOW : 0));
    if (fd < 0) {
        describe_errno(errno, why, why_n);
        return -1;
    }
    if (fstat(fd, &after) != 0 || !S_ISREG(after.st_mode)) {
        describe_mode(after.st_mode, why, why_n);
        close(fd);
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        describe_errno(errno, why, why_n);
        close(fd);
        return -1;
    }
    return fd;
}

pv_result pv_file_read(const char *path, uint8_t **out, size_t *size, char *why, size_t why_n)
{
    *out = NULL;
    *size = 0;
    int fd = pv_file_open(path, false, why, why_n);
    if (fd < 0)
        return PV_ERR_IO;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        describe_errno(errno, why, why_n);
        close(fd);
        return PV_ERR_IO;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *buf = pv_malloc(n + 1);
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    if (got != n) {
        snprintf(why, why_n, "could be read only in part (%zu of %zu bytes)", got, n);
        free(buf);
        return PV_ERR_IO;
    }
    buf[n] = 0;
    *out = buf;
    *size = n;
    return PV_OK;
}

/* ---- confinement ---- */

char *pv_path_real(const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return NULL;
    char *copy = pv_strdup(real); /* ours to free with the rest: allocated by pv_malloc */
    free(real);
    return copy;
}

static bool ascii_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

bool pv_unicode_same(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    if (ascii_only(a) && ascii_only(b))
        return false;
    size_t na = 0, nb = 0;
    uint8_t *ca = u8_normalize(UNINORM_NFC, (const uint8_t *)a, strlen(a), NULL, &na);
    uint8_t *cb = u8_normalize(UNINORM_NFC, (const uint8_t *)b, strlen(b), NULL, &nb);
    bool same = ca && cb && na == nb && memcmp(ca, cb, na) == 0;
    free(ca);
    free(cb);
    return same;
}

/* `path` with each missing name replaced by the one in its folder that differs only by
 * Unicode normalisation; NULL when some name has no such twin. Only called for paths that
 * were not found, so the folder scans cost nothing on the common path. */
static char *path_find_unicode_twin(const char *path)
{
    if (ascii_only(path))
        return NULL;
    size_t n = strlen(path);
    char *out = pv_malloc(n * 2 + 8); /* grown below when a twin is longer */
    size_t cap = n * 2 + 8, o = 0;
    const char *p = path;
    if (*p == '/')
        out[o++] = *p++;
    out[o] = 0;
    bool changed = false;
    while (*p) {
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - start);
        char *name = pv_strndup(start, len);
        while (*p == '/')
            p++;
        /* The prefix built so far, plus this name. */
        char *probe = pv_asprintf("%s%s", out, name);
        struct stat st;
        const char *use = name;
        char *twin = NULL;
        if (len && lstat(probe, &st) != 0 && errno == ENOENT && !ascii_only(name)) {
            DIR *dir = opendir(o ? out : ".");
            struct dirent *e;
            while (dir && (e = readdir(dir)) != NULL) {
                if (pv_unicode_same(e->d_name, name)) {
                    twin = pv_strdup(e->d_name);
                    break;
                }
            }
            if (dir)
                closedir(dir);
            if (!twin) {
                free(probe);
                free(name);
                free(out);
                return NULL;
            }
            use = twin;
            changed = true;
        }
        size_t ul = strlen(use);
        if (o + ul + 2 > cap) {
            cap = (o + ul + 2) * 2;
            out = pv_realloc(out, cap);
        }
        memcpy(out + o, use, ul);
        o += ul;
        if (*p)
            out[o++] = '/';
        out[o] = 0;
        free(twin);
        free(probe);
        free(name);
    }
    if (!changed) {
        free(out);
        return NULL;
    }
    return out;
}

static bool inside_root(const char *real, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return true;
    return strncmp(real, root, n) == 0 && real[n] == '/';
}

pv_path_status pv_path_confine(const char *const *roots, int root_count, const char *path,
                               char **found, char *why, size_t why_n)
{
    if (found)
        *found = NULL;
    char *twin = NULL;
    char *real = realpath(path, NULL);
    if (!real && errno == ENOENT && (twin = path_find_unicode_twin(path)) != NULL)
        real = realpath(twin, NULL);
    if (!real) {
        int err = errno;
        struct stat st;
        pv_path_status status = err == ENOENT || err == ENOTDIR ? PV_PATH_NOT_FOUND
                                : err == ELOOP                   ? PV_PATH_LOOP
                                                                 : PV_PATH_UNREADABLE;
        if (err == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            ssize_t k = readlink(path, target, sizeof(target) - 1);
            target[k > 0 ? k : 0] = 0;
            snprintf(why, why_n, "is a symbolic link to \"%s\", which does not exist", target);
        } else {
            describe_errno(err, why, why_n);
        }
        free(twin);
        return status;
    }
    struct stat st;
    pv_path_status status = PV_PATH_OK;
    if (stat(real, &st) != 0) {
        describe_errno(errno, why, why_n);
        status = PV_PATH_UNREADABLE;
    } else if (S_ISDIR(st.st_mode)) {
        describe_mode(st.st_mode, why, why_n);
        status = PV_PATH_DIRECTORY;
    } else if (!S_ISREG(st.st_mode)) {
        describe_mode(st.st_mode, why, why_n);
        status = PV_PATH_NOT_REGULAR;
    } else {
        bool inside = false;
        for (int i = 0; i < root_count && !inside; i++)
            inside = roots[i] && inside_root(real, roots[i]);
        if (!inside) {
            snprintf(why, why_n, "leads outside the scene's folder%s (its real path is "
                     "\"%s\"); keep the files inside it", root_count > 1 ? "s" : "", real);
            status = PV_PATH_OUTSIDE;
        }
    }
    free(real);
    if (status == PV_PATH_OK && found)
        *found = twin ? twin : pv_strdup(path);
    else
        free(twin);
    return status;
}

/* ---- time ---- */

double pv_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void pv_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

float pv_wrap_deg(float deg)
{
    float d = fmodf(deg + 180.0f, 360.0f);
    if (d < 0)
        d += 360.0f;
    return d - 180.0f;
}

int pv_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    int prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int d = prev[j] + 1, e = cur[j - 1] + 1;
            cur[j] = c < d ? (c < e ? c : e) : (d < e ? d : e);
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb];
}

const char *const *pv_font_files(void)
{
    static const char *const files[] = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        NULL,
    };
    return files;
}
