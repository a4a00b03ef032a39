/* mixer: the playing audio sources of a visit mixed into one stereo float stream, and a clock
 * per source that says which of its samples is being heard (the master clock for A/V sync).
 *
 * Pure C and pthreads: no SDL, no FFmpeg. Whoever owns the audio device (platform_audio_open)
 * calls media_mixer_mix from its audio thread; sources are pull callbacks (typically
 * media_clip_read_audio).
 *
 * Threads: every function may be called from any thread; one mutex guards the mixer and is held
 * while the pull callbacks run, so after media_mixer_remove returns a source is never pulled
 * again. A pull callback must not call back into the mixer (it would deadlock) and should not
 * block: it runs on the audio thread.
 *
 * Times: a source's `position` is its timeline time (seconds) of the next sample it will give;
 * it advances by exactly the frames it gives (frames / rate), never by silence mixed in for it,
 * so when the decoder falls behind the clock waits for the audio. */
#ifndef PV_MIXER_H
#define PV_MIXER_H

#include <stdbool.h>
#include <stdint.h>

typedef struct media_mixer media_mixer;

/* Pulls up to `frames` stereo float frames (interleaved L,R) for a source; returns how many it
 * wrote (0..frames). Called on the audio thread with the mixer's lock held. */
typedef int (*media_mixer_pull)(void *user, float *out, int frames);

/* rate: frames per second of the mixed stream, 48000 (MEDIA_AUDIO_RATE) in Pavilion. */
media_mixer *media_mixer_create(int rate);
/* Accepts NULL and sets *m to NULL. No mix may be running or start (close the device first). */
void media_mixer_destroy(media_mixer **m);

/* Adds a source, paused, with gain 1. `position` is the source's timeline time (seconds) of the
 * next sample it will give. Returns an id > 0 (ids are never reused by one mixer). */
int media_mixer_add(media_mixer *m, media_mixer_pull pull, void *user, double position);
/* After this returns, pull is never called again for the source (waits out a mix in
 * progress). Unknown ids are ignored, as in every function below. */
void media_mixer_remove(media_mixer *m, int id);
/* Pausing fades the source out over 5 ms (pulling those 5 ms), then stops pulling it and its
 * clock; resuming fades in over 5 ms. */
void media_mixer_set_paused(media_mixer *m, int id, bool paused);
/* Gain changes ramp linearly over 20 ms so there are no clicks. */
void media_mixer_set_gain(media_mixer *m, int id, float gain);
/* Master gain and mute, ramped over 20 ms like a source's gain. */
void media_mixer_set_master(media_mixer *m, float gain, bool muted);
/* After a seek: the next sample pulled is at `position` seconds. The clock is invalid until the
 * next mix and may then go back. Pause the source around the seek if samples already decoded
 * for the old position must not be counted at the new one. */
void media_mixer_set_position(media_mixer *m, int id, double position);
/* Output latency of the device in seconds (the buffer being filled plus what the device still
 * holds), set by whoever opens the device. */
void media_mixer_set_latency(media_mixer *m, double seconds);

/* The audio thread's entry: mixes all unpaused sources into `out` (frames stereo frames, zeroed
 * first), applies gains and master, soft-clips (|x| stays below 1; unchanged below 0.8), and
 * records for each source how many of its samples were consumed and at what time `now`
 * (pv_now() seconds, passed in so tests can drive it). Allocation-free; long requests are
 * mixed in chunks. */
void media_mixer_mix(media_mixer *m, float *out, int frames, double now);

/* The source's timeline time of the sample being heard at `now`: position of the consumed
 * samples at the last mix, minus latency, plus (now - last mix time) while playing and not
 * starved, at most one mix period ahead of what was consumed. Never goes back between calls
 * except after set_position. Returns false when the source has not given samples in a mix
 * since add/set_position/resume (the caller then uses its own clock). */
bool media_mixer_clock(media_mixer *m, int id, double now, double *seconds);

/* For tests and the bench: how many pulls of the source came back short while it played
 * (underruns: silence was mixed for the missing frames). */
int64_t media_mixer_underruns(media_mixer *m, int id);

#endif
