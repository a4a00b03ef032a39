/* core: logging, allocation, diagnostics, paths, files and time. Any thread. */
#include "core/core.h"

#include <errno.h>
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

pv_result pv_file_read(const char *path, uint8_t **out, size_t *size, char *why, size_t why_n)
{
    *out = NULL;
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_n, "cannot open: %s", strerror(errno));
        return PV_ERR_IO;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, why_n, "not a regular file");
        fclose(f);
        return PV_ERR_IO;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *buf = pv_malloc(n + 1);
    size_t got = fread(buf, 1, n, f);
    fclose(f);
    if (got != n) {
        snprintf(why, why_n, "read %zu of %zu bytes", got, n);
        free(buf);
        return PV_ERR_IO;
    }
    buf[n] = 0;
    *out = buf;
    *size = n;
    return PV_OK;
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
