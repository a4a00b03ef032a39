/* record: the events log (--events FILE), a listener of the visit's events. One JSON object a
 * line, appended and flushed as each event happens:
 *   {"t": 1.234, "event": "enter", "place": "hall", "image": "full"}
 *   {"t": ..., "event": "hotspot", "place": ..., "hotspot": 0, "type": "goto", "id": ...,
 *    "target": ...}
 *   {"t": ..., "event": "loaded", "place": ..., "what": "panorama", "seconds": 0.123}
 *   {"t": ..., "event": "play" | "pause" | "seek" | "film" | "close", "place": ..., "video": 2}
 *   {"t": ..., "event": "screenshot", "file": ...}
 * t is seconds since the log's start time. Main thread only. */
#ifndef PV_RECORD_H
#define PV_RECORD_H

#include "scene/scene.h"
#include "visit/visit.h"

#include <stddef.h>

typedef struct record_log record_log;

/* Opens `path` for appending; the exhibit names places and hotspots (it must outlive the
 * log). false with a message in `why` when the file cannot be opened. */
pv_result record_open(const char *path, const scene_exhibit *ex, double t0, record_log **out,
                      char *why, size_t why_n);
void record_close(record_log **r);
/* A visit_listener: `user` is the record_log. */
void record_event(void *user, const visit_event *e);

#endif
