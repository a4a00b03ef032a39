/* core: results, logging, diagnostics, file paths, files, time, small helpers.
 * Threads: everything here may be called from any thread; the logger serialises
 * its output with a lock. Diagnostics lists are owned by one thread at a time. */
#ifndef PV_CORE_H
#define PV_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum pv_result {
    PV_OK = 0,
    PV_ERR_IO,        /* a file is missing or unreadable */
    PV_ERR_FORMAT,    /* a file is readable but not what it should be */
    PV_ERR_LIMIT,     /* something exceeds a supported size */
    PV_ERR_INVALID,   /* bad argument or value */
    PV_ERR_GL,        /* the graphics context could not do it */
    PV_ERR_CANCELLED,
} pv_result;

/* ---- logging ---- */
typedef enum pv_log_level { PV_LOG_DEBUG, PV_LOG_INFO, PV_LOG_WARN, PV_LOG_ERROR } pv_log_level;
void pv_log_set_level(pv_log_level min);
void pv_log(pv_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define pv_info(...) pv_log(PV_LOG_INFO, __VA_ARGS__)
#define pv_warn(...) pv_log(PV_LOG_WARN, __VA_ARGS__)
#define pv_error(...) pv_log(PV_LOG_ERROR, __VA_ARGS__)
#define pv_debug(...) pv_log(PV_LOG_DEBUG, __VA_ARGS__)

/* Out of memory is not recoverable: these abort with a message. */
void *pv_malloc(size_t n);
void *pv_calloc(size_t count, size_t size);
void *pv_realloc(void *p, size_t n);
char *pv_strdup(const char *s);
char *pv_strndup(const char *s, size_t n);
char *pv_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define pv_free(pp) do { free(*(pp)); *(pp) = NULL; } while (0)

/* ---- diagnostics: compiler-style messages about files ---- */
typedef enum pv_severity { PV_SEV_NOTE, PV_SEV_WARNING, PV_SEV_ERROR } pv_severity;

typedef struct pv_diag {
    pv_severity severity;
    char *file;     /* as the user should see it (relative to the working dir when possible) */
    int line, col;  /* 0 when unknown */
    char *message;
} pv_diag;

typedef struct pv_diags {
    pv_diag *items;
    int count, capacity;
    int errors, warnings;
} pv_diags;

void pv_diags_add(pv_diags *d, pv_severity sev, const char *file, int line, int col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void pv_diags_free(pv_diags *d);
/* "file:line:col: error: message", one per line. */
void pv_diag_format(const pv_diag *diag, char *buf, size_t n);
void pv_diags_print(const pv_diags *d, void *stdio_file);

/* ---- paths ---- */
/* Directory part of a path ("a/b/c.json" -> "a/b", "c.json" -> "."). Caller frees. */
char *pv_path_dir(const char *path);
/* Joins dir and rel with one '/'. Caller frees. */
char *pv_path_join(const char *dir, const char *rel);
/* Resolves `rel`, written in a file inside `base_dir`, against that file's folder `from_dir`
 * lexically (no symlinks followed) and checks it stays inside `base_dir`.
 * Returns NULL and a reason in `why` when it is absolute, escapes, or is empty. */
char *pv_path_resolve_inside(const char *base_dir, const char *from_dir, const char *rel,
                             char *why, size_t why_n);
/* Lexical normalisation: removes "." and resolves ".." where possible. Caller frees. */
char *pv_path_normalize(const char *path);
/* A path as shown to users: relative to the working directory when it is below it. */
const char *pv_path_display(const char *path);
/* A loader's reason without the file name it starts with ("x.glb: has no meshes" -> "has no
 * meshes"), for messages that already name the file. */
const char *pv_path_reason(const char *why, const char *path);
bool pv_file_exists(const char *path);
/* Removes a folder and everything below it (symbolic links themselves, never what they
 * point at), as far as it can; true when it is gone (or was never there). */
bool pv_remove_tree(const char *path);

/* ---- confinement: the files a scene (or a model in it) reaches ----
 * A path is checked by its real path (symbolic links and ".." resolved by the file system),
 * not by its text: it must name a regular file whose real path lies inside one of `roots`
 * (real paths of folders, from pv_path_real). */
typedef enum pv_path_status {
    PV_PATH_OK = 0,
    PV_PATH_NOT_FOUND,
    PV_PATH_DIRECTORY,
    PV_PATH_LOOP,         /* symbolic links that lead round in a circle */
    PV_PATH_NOT_REGULAR,  /* a FIFO, a device or a socket */
    PV_PATH_OUTSIDE,      /* the real path lies outside every root */
    PV_PATH_UNREADABLE,   /* no permission, or another error */
} pv_path_status;

/* The real path of an existing folder or file (caller frees), or NULL with errno set. */
char *pv_path_real(const char *path);
/* Checks `path` (already joined to its folder) against `roots`. On PV_PATH_OK, *found (may be
 * NULL) gets the path to open: `path` itself, or with names corrected when they differ only
 * by Unicode normalisation (a name written composed, NFC, that macOS stored decomposed, NFD,
 * or the reverse); caller frees. Otherwise `why` completes a sentence that starts with the
 * path as written: "is a directory", "is a symlink loop", "not found", "leads outside ...". */
pv_path_status pv_path_confine(const char *const *roots, int root_count, const char *path,
                               char **found, char *why, size_t why_n);
/* True when the names are the same text under Unicode normalisation (NFC). */
bool pv_unicode_same(const char *a, const char *b);

/* Opens a file for reading without ever blocking: a FIFO or a device is refused (opened
 * O_NONBLOCK, checked with fstat, then made blocking again), and with `no_follow` a symbolic
 * link as the last component is refused too. Returns the descriptor (close-on-exec), or -1
 * with the reason in `why` ("is a directory", "is a FIFO, not a file", "not found", ...). */
int pv_file_open(const char *path, bool no_follow, char *why, size_t why_n);
/* mkdir -p; false with errno set when a folder cannot be made (or a file is in the way). */
bool pv_make_dirs(const char *path);
/* Reads a whole file. Returns PV_ERR_IO with errno text in `why`. */
pv_result pv_file_read(const char *path, uint8_t **out, size_t *size, char *why, size_t why_n);

/* ---- fonts ---- */
/* The font files the project draws every label, panel and subtitle with, installed by
 * tools/setup.sh (fonts-dejavu-core: Latin, Greek, Cyrillic, Arabic, Hebrew;
 * fonts-wqy-microhei: Chinese, Japanese, Korean). text/ and the subtitle renderer give
 * fontconfig only these files, so a picture does not depend on what else is installed.
 * NULL-terminated; the first is the default face. */
const char *const *pv_font_files(void);

/* ---- time ---- */
double pv_now(void);  /* monotonic seconds */
void pv_sleep_ms(int ms);

/* ---- small maths ---- */
#define PV_PI 3.14159265358979323846
#define PV_DEG2RAD(d) ((d) * (PV_PI / 180.0))
#define PV_RAD2DEG(r) ((r) * (180.0 / PV_PI))
static inline float pv_clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }
static inline int pv_clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
/* Wraps degrees into [-180, 180). */
float pv_wrap_deg(float deg);

/* Levenshtein distance, for "did you mean" suggestions. */
int pv_edit_distance(const char *a, const char *b);

#endif
