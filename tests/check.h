/* A minimal test harness: CHECK counts, prints the failing file:line, and check_done prints
 * "N passed, M failed" (the closing line CI reads) and gives the exit code. */
#ifndef PV_TEST_CHECK_H
#define PV_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

static int s_check_passed, s_check_failed;

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
static inline void check_tmpdir(char *dir, size_t n, const char *name)
{
    snprintf(dir, n, "%s/pavilion-%s-%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name,
             (int)getpid());
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
    if (system(cmd) != 0) {
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

static inline int check_done(void)
{
    printf("%d passed, %d failed\n", s_check_passed, s_check_failed);
    return s_check_failed ? 1 : 0;
}

#endif
