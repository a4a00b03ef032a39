/* play: one video being shown: its clip (opened on a thread of its own, so the main loop
 * never waits for a file or a server), the texture of the frame on screen, and presentation by
 * timestamps against the audio clock (the mixer's count of samples heard) or, for clips without
 * sound, the system clock. Frames that are late when a newer one is due are dropped, never
 * shown late. A network stream that stalls keeps its last frame (`reconnecting`); when frames
 * come again the clock restarts at the first of them. Main thread only (the mixer pulls audio
 * on its own thread). */
#ifndef PV_PLAY_H
#define PV_PLAY_H

#include <stdint.h>
#include <stdio.h>

#include "gfx/gfx.h"
#include "media/media.h"
#include "media/mixer.h"

typedef enum player_state {
    PLAYER_CLOSED = 0,
    PLAYER_OPENING,  /* the file is being opened on the player's thread */
    PLAYER_STOPPED,  /* open, first frame on the texture (a poster), not started */
    PLAYER_PLAYING,
    PLAYER_PAUSED,
    PLAYER_ENDED,    /* the last frame stays on screen */
    PLAYER_FAILED,   /* `error` says why; the place shows a "cannot play" card */
} player_state;

/* What players share: the GL context, the mixer (NULL without an audio device) and the log
 * of presented frames (JSON lines; NULL = none). */
typedef struct player_env {
    gfx *g;
    media_mixer *mixer;
    FILE *frames_log;
    double t0;           /* log times are seconds since this */
    bool no_network;     /* --no-network: URL videos fail without being opened */
    bool hw;             /* --hwdec: decode with VAAPI where the machine offers it */
} player_env;

typedef struct player {
    char *path;
    const char *name;    /* for logs: the path as the scene file gives it */
    bool loop, audio;
    bool want_play;      /* start as soon as the clip is open */
    float volume;        /* the scene's volume, 0..1 */
    float gain;          /* distance or mute factor set by the place, 0..1 */
    player_state state;
    char error[400];
    bool reconnecting;   /* a network stream waits for data or is being reopened; the last
                          * frame stays on the texture */

    /* opening */
    void *opener;        /* the thread opening the file (internal) */

    media_clip *clip;
    media_info info;
    gfx_video *tex;
    bool has_frame;
    double shown_pts;    /* pts of the frame on the texture */
    int64_t shown_number;
    media_frame next;    /* the next frame, held until it is due */
    bool has_next;
    double sys_base;     /* system clock: clip time = now - sys_base */
    double paused_at;    /* clip time where playback paused */
    int mix_id;          /* the clip's source in the mixer, 0 = none */
    bool audio_clock;    /* the last clock reading came from the mixer */
    double audio_stall_t; /* when the audio clock last stopped advancing while frames wait */
    double last_audio_clock;
    int64_t presented, dropped;
    /* a seek running on a thread of its own (player_seek_async); the clip is its until done */
    void *seeker;
    double seek_target;      /* where it goes */
    double seek_next;        /* a later request while one runs (latest wins); < 0 none */
    bool seek_audio;         /* the clip's sound goes back into the mixer when it is done */
} player;

/* Starts opening `path`, a file or a URL (a copy is kept). `name` is kept as given (must
 * outlive the player). With env->no_network a URL fails at once. */
void player_open(const player_env *env, player *p, const char *path, const char *name,
                 bool audio, bool loop, bool autoplay, float volume);
/* Opens now, on this thread (shot, bench); false with p->error on failure. */
bool player_open_now(const player_env *env, player *p, const char *path, const char *name,
                     bool audio, bool loop, float volume);
void player_close(const player_env *env, player *p);

/* Advances: finishes opening, presents the frame due now, notices the end. True when the
 * picture changed (the caller redraws). */
bool player_update(const player_env *env, player *p, double now);
/* Seconds until the next frame is due (0 when it is late or not decoded yet), or -1 when
 * nothing will change without input. */
double player_wait(const player *p, double now);

void player_play(const player_env *env, player *p, double now);
void player_pause(const player_env *env, player *p, double now);
void player_toggle(const player_env *env, player *p, double now);
/* Jumps to clip time t (seconds) and shows its frame at once. Decodes from the keyframe before
 * t on this thread. */
bool player_seek(const player_env *env, player *p, double t, double now);
/* The same without waiting: the seek decodes on a thread of its own while the main loop goes
 * on (the frame on screen stays, the position shows the target); the target frame appears when
 * it is ready. Requests made while one runs are merged (the latest wins). */
bool player_seek_async(const player_env *env, player *p, double t, double now);
bool player_seeking(const player *p);
/* Sets the gain of its sound (distance, mute); ramps in the mixer. */
void player_set_gain(const player_env *env, player *p, float gain);

/* The clip time of the frame on screen, within the clip (looping wraps), and its length. */
double player_position(const player *p);
double player_duration(const player *p);
bool player_is_playing(const player *p);

/* For callers that drive the clock themselves (tests): true while the player waits for one of
 * its threads: the file opening, a seek, the poster, or, while playing, the next frame (call
 * player_update again with the same `now` to take it) or, with sound in the mixer, fewer than
 * `audio_frames` frames of it decoded ahead. Such a caller advances its clock only once this
 * is false, so what it sees does not depend on the machine's speed. A network stream that is
 * reconnecting is not waited for. */
bool player_pending(const player *p, int audio_frames);

#endif
