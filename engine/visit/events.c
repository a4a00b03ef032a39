/* visit/events: the listeners of a visit and the names of its events (see visit.h). Main
 * thread only. */
#include "visit/visit.h"

#include "core/core.h"

bool visit_listen(visit_listeners *l, visit_listener fn, void *user)
{
    if (l->count == VISIT_LISTENERS_MAX) {
        pv_error("visit: more than %d listeners; this one is not added", VISIT_LISTENERS_MAX);
        return false;
    }
    l->at[l->count].fn = fn;
    l->at[l->count].user = user;
    l->count++;
    return true;
}

void visit_unlisten(visit_listeners *l, visit_listener fn, void *user)
{
    for (int i = 0; i < l->count; i++)
        if (l->at[i].fn == fn && l->at[i].user == user) {
            for (int k = i + 1; k < l->count; k++)
                l->at[k - 1] = l->at[k];
            l->count--;
            return;
        }
}

void visit_emit(const visit_listeners *l, const visit_event *e)
{
    for (int i = 0; i < l->count; i++)
        l->at[i].fn(l->at[i].user, e);
}

const char *visit_event_name(visit_event_kind kind)
{
    static const char *const names[VISIT_EVENT_COUNT] = {
        [VISIT_EVENT_ENTERED] = "enter",    [VISIT_EVENT_HOTSPOT] = "hotspot",
        [VISIT_EVENT_LOADED] = "loaded",    [VISIT_EVENT_PLAYED] = "play",
        [VISIT_EVENT_PAUSED] = "pause",     [VISIT_EVENT_SOUGHT] = "seek",
        [VISIT_EVENT_FILM] = "film",        [VISIT_EVENT_CLOSED] = "close",
        [VISIT_EVENT_SCREENSHOT] = "screenshot", [VISIT_EVENT_ERROR] = "error",
        [VISIT_EVENT_CROSSED] = "cross",    [VISIT_EVENT_WAITING] = "wait",
        [VISIT_EVENT_FADED] = "faded",
    };
    return kind > VISIT_EVENT_INVALID && kind < VISIT_EVENT_COUNT ? names[kind] : "invalid";
}
