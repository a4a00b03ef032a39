/* Checking diagnostics in scene tests: print them, count those at a line:col, and CHECK_AT,
 * which wants exactly one message of a severity at a line:col containing a text. Include
 * after check.h. */
#ifndef PV_TEST_DIAGS_H
#define PV_TEST_DIAGS_H

#include "core/core.h"

#include <stdio.h>
#include <string.h>

static inline void print_diags(const pv_diags *d)
{
    char buf[2048];
    for (int i = 0; i < d->count; i++) {
        pv_diag_format(&d->items[i], buf, sizeof(buf));
        fprintf(stderr, "    %s\n", buf);
    }
}

/* How many messages of this severity sit at line:col and contain `text`. */
static inline int count_at(const pv_diags *d, pv_severity sev, int line, int col, const char *text)
{
    int n = 0;
    for (int i = 0; i < d->count; i++) {
        const pv_diag *g = &d->items[i];
        n += g->severity == sev && g->line == line && g->col == col && strstr(g->message, text);
    }
    return n;
}

#define CHECK_AT(d, sev, line, col, text)                                                   \
    do {                                                                                    \
        bool found_ = count_at((d), (sev), (line), (col), (text)) == 1;                     \
        CHECK(found_);                                                                      \
        if (!found_) {                                                                      \
            fprintf(stderr, "  wanted once at %d:%d: %s\n  got:\n", (line), (col), (text)); \
            print_diags(d);                                                                 \
        }                                                                                   \
    } while (0)

#endif
