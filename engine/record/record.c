/* record: the events log (see record.h). Main thread only. */
#include "record/record.h"

#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>

struct record_log {
    FILE *f;
    const scene_exhibit *ex;
    double t0;
};

pv_result record_open(const char *path, const scene_exhibit *ex, double t0, record_log **out,
                      char *why, size_t why_n)
{
    *out = NULL;
    FILE *f = fopen(path, "a");
    if (!f) {
        snprintf(why, why_n, "--events %s: cannot open for appending", path);
        return PV_ERR_IO;
    }
    record_log *r = pv_calloc(1, sizeof(*r));
    r->f = f;
    r->ex = ex;
    r->t0 = t0;
    *out = r;
    return PV_OK;
}

void record_close(record_log **r)
{
    if (!*r)
        return;
    fclose((*r)->f);
    pv_free(r);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static const char *hotspot_type(const scene_hotspot *h)
{
    return h->type == SCENE_HOTSPOT_GOTO   ? "goto"
           : h->type == SCENE_HOTSPOT_INFO ? "info"
           : h->type == SCENE_HOTSPOT_TEAM ? "team"
                                           : "video";
}

void record_event(void *user, const visit_event *e)
{
    record_log *r = user;
    FILE *f = r->f;
    const scene_exhibit *ex = r->ex;
    if (e->kind == VISIT_EVENT_ERROR || e->kind == VISIT_EVENT_CROSSED ||
        e->kind == VISIT_EVENT_WAITING || e->kind == VISIT_EVENT_FADED)
        return; /* errors are on stderr (file and line); a place entered is logged as it shows */
    bool has_place = e->place >= 0 && e->place < ex->place_count;
    fprintf(f, "{\"t\": %.3f, \"event\": \"%s\"", e->t - r->t0, visit_event_name(e->kind));
    if (e->kind == VISIT_EVENT_SCREENSHOT) {
        fprintf(f, ", \"file\": ");
        json_string(f, e->what ? e->what : "");
        fprintf(f, "}\n");
        fflush(f);
        return;
    }
    if (has_place) {
        fprintf(f, ", \"place\": ");
        json_string(f, ex->places[e->place].id);
    }
    switch (e->kind) {
    case VISIT_EVENT_ENTERED:
        fprintf(f, ", \"image\": \"%s\"", e->what ? e->what : "none");
        break;
    case VISIT_EVENT_HOTSPOT:
        if (has_place && e->hotspot >= 0 && e->hotspot < ex->places[e->place].hotspot_count) {
            const scene_hotspot *h = &ex->places[e->place].hotspots[e->hotspot];
            fprintf(f, ", \"hotspot\": %d, \"type\": \"%s\"", e->hotspot, hotspot_type(h));
            if (h->id) {
                fprintf(f, ", \"id\": ");
                json_string(f, h->id);
            }
            if (h->type == SCENE_HOTSPOT_GOTO) {
                fprintf(f, ", \"target\": ");
                json_string(f, ex->places[h->target].id);
            }
        }
        break;
    case VISIT_EVENT_LOADED:
        fprintf(f, ", \"what\": \"%s\", \"seconds\": %.3f", e->what ? e->what : "",
                e->seconds);
        break;
    default: /* the videos */
        fprintf(f, ", \"video\": %d", e->video);
        break;
    }
    fprintf(f, "}\n");
    fflush(f);
}
