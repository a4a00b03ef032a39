/* media internals shared by the files of the module. */
#ifndef PV_MEDIA_INTERNAL_H
#define PV_MEDIA_INTERNAL_H

/* Routes FFmpeg's own log to ours, at debug level (we report problems ourselves, naming the
 * file). Idempotent; any thread. */
void media_route_ffmpeg_log(void);

#endif
