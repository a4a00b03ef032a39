/* A minimal test harness: CHECK counts, prints the failing file:line, and check_done prints
 * "N passed, M failed" (the closing line CI reads) and gives the exit code. A test that cannot
 * run some of its checks here (../shared/testdata absent, an encoder missing) says so with
 * check_skip: it then exits with CHECK_SKIP_CODE, which ctest shows as skipped (the
 * SKIP_RETURN_CODE of every test), unless a check failed. */
#ifndef PV_TEST_CHECK_H
#define PV_TEST_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

/* 1 in an AddressSanitizer build (GCC or clang), where memory bounds do not hold. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

static int s_check_passed, s_check_failed, s_check_skipped;

/* The exit code of a test that skipped something; tests/lib.sh's t_skip uses the same. */
#define CHECK_SKIP_CODE 77

/* 1 in a ThreadSanitizer build (`make test-tsan`): checks of memory limits or peaks that its
 * shadow memory makes meaningless are left out there. */
#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (cond) {                                                                         \
            s_check_passed++;                                                               \
        } else {                                                                            \
            s_check_failed++;                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
        }                                                                                   \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                               \
    do {                                                                                    \
        double a_ = (a), b_ = (b);                                                          \
        if (fabs(a_ - b_) <= (tol)) {                                                       \
            s_check_passed++;                                                               \
        } else {                                                                            \
            s_check_failed++;                                                               \
            fprintf(stderr, "%s:%d: check failed: %s = %g, expected %g (+-%g)\n", __FILE__, \
                    __LINE__, #a, a_, b_, (double)(tol));                                   \
        }                                                                                   \
    } while (0)

#define CHECK_STR(a, b)                                                                     \
    do {                                                                                    \
        const char *a_ = (a), *b_ = (b);                                                    \
        if (a_ && b_ && strcmp(a_, b_) == 0) {                                              \
            s_check_passed++;                                                               \
        } else {                                                                            \
            s_check_failed++;                                                               \
            fprintf(stderr, "%s:%d: check failed: %s == \"%s\" (got \"%s\")\n", __FILE__,   \
                    __LINE__, #a, b_ ? b_ : "(null)", a_ ? a_ : "(null)");                  \
        }                                                                                   \
    } while (0)

/* A fresh scratch folder for one test run (TMPDIR or /tmp, named after the test and pid),
 * and its removal. */
/* A new, empty folder of the test's own (never one left by an earlier run whose process had
 * the same id: logs opened for appending would grow across runs). */
static inline void check_tmpdir(char *dir, size_t n, const char *name)
{
    snprintf(dir, n, "%s/pavilion-%s-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             name);
    if (!mkdtemp(dir)) {
        fprintf(stderr, "cannot create %s\n", dir);
        exit(1);
    }
}

static inline void check_rmdir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* Notes a part of the test that cannot run on this machine, and why ("skipped: WHY"). */
static inline void check_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void check_skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("skipped: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    s_check_skipped++;
}

static inline int check_done(void)
{
    if (s_check_skipped)
        printf("%d passed, %d failed, %d skipped\n", s_check_passed, s_check_failed,
               s_check_skipped);
    else
        printf("%d passed, %d failed\n", s_check_passed, s_check_failed);
    return s_check_failed ? 1 : s_check_skipped ? CHECK_SKIP_CODE : 0;
}

#endif
