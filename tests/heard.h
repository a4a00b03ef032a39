/* tests/heard.h: a listener of a visit's events for tests, keeping the first 64 with copies
 * of their `what`. Inline functions: tests use what they need. */
#ifndef PV_TEST_HEARD_H
#define PV_TEST_HEARD_H

#include "visit/visit.h"

#include <stdio.h>
#include <string.h>

typedef struct heard {
    visit_event e[64];
    char what[64][16];
    int count;
} heard;

/* A visit_listener: `user` is a heard. */
static inline void heard_listen(void *user, const visit_event *e)
{
    heard *h = user;
    if (h->count == 64)
        return;
    h->e[h->count] = *e;
    snprintf(h->what[h->count], sizeof(h->what[0]), "%s", e->what ? e->what : "");
    h->e[h->count].what = h->what[h->count];
    h->count++;
}

/* The index of the first event of `kind` from `from` on, or -1. */
static inline int heard_find(const heard *h, visit_event_kind kind, int from)
{
    for (int i = from; i < h->count; i++)
        if (h->e[i].kind == kind)
            return i;
    return -1;
}

/* The names of the events heard from `from` on ("cross enter"), for compact checks. */
static inline const char *heard_names(const heard *h, int from)
{
    static char buf[512];
    buf[0] = 0;
    for (int i = from; i < h->count && strlen(buf) < sizeof(buf) - 16; i++) {
        if (buf[0])
            strcat(buf, " ");
        strcat(buf, visit_event_name(h->e[i].kind));
    }
    return buf;
}

#endif
