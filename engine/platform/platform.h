/* platform: the window and its GL context (windowed, full screen, or offscreen for `shot`),
 * input events in Pavilion's own terms, time and waking the main thread, and the audio device.
 * Threads: everything here is main-thread only, except platform_wake (any thread); the audio
 * fill callback runs on SDL's audio thread. */
#ifndef PV_PLATFORM_H
#define PV_PLATFORM_H

#include "core/core.h"

typedef struct platform platform;

typedef struct platform_desc {
    const char *title;
    int width, height;     /* window size in logical points; 0 = 1280x720 */
    bool fullscreen;
    bool offscreen;        /* no display: SDL's offscreen driver over EGL */
    bool hidden;
} platform_desc;

pv_result platform_create(const platform_desc *desc, platform **out);
void platform_destroy(platform **p);

typedef enum platform_key {
    PLATFORM_KEY_INVALID = 0,
    PLATFORM_KEY_LEFT, PLATFORM_KEY_RIGHT, PLATFORM_KEY_UP, PLATFORM_KEY_DOWN,
    PLATFORM_KEY_W, PLATFORM_KEY_A, PLATFORM_KEY_S, PLATFORM_KEY_D,
    PLATFORM_KEY_PLUS, PLATFORM_KEY_MINUS, PLATFORM_KEY_Q, PLATFORM_KEY_E,
    PLATFORM_KEY_BACKSPACE, PLATFORM_KEY_ESCAPE, PLATFORM_KEY_RETURN, PLATFORM_KEY_SPACE,
    PLATFORM_KEY_F11, PLATFORM_KEY_F12, PLATFORM_KEY_F, PLATFORM_KEY_HOME, PLATFORM_KEY_TAB,
    PLATFORM_KEY_END, PLATFORM_KEY_DELETE,
    PLATFORM_KEY_COUNT
} platform_key;

typedef enum platform_event_type {
    PLATFORM_EV_INVALID = 0,
    PLATFORM_EV_QUIT,
    PLATFORM_EV_RESIZE,        /* drawable size changed */
    PLATFORM_EV_EXPOSE,        /* the window must be redrawn */
    PLATFORM_EV_WAKE,          /* a worker has something for the main thread */
    PLATFORM_EV_POINTER_DOWN,  /* mouse button or touch finger, in drawable pixels */
    PLATFORM_EV_POINTER_MOVE,
    PLATFORM_EV_POINTER_UP,
    PLATFORM_EV_POINTER_LEAVE, /* the mouse left the window */
    PLATFORM_EV_WHEEL,         /* wheel: positive = away from the user (zoom in) */
    PLATFORM_EV_KEY_DOWN,
    PLATFORM_EV_KEY_UP,
    PLATFORM_EV_TEXT_INPUT,    /* text typed or committed by an input method: `text` */
    PLATFORM_EV_TEXT_EDIT,     /* an input method's composition (preedit) so far: `text`, empty
                                * when it ended; the cursor is edit_cursor code points in */
    PLATFORM_EV_COUNT
} platform_event_type;

typedef struct platform_event {
    platform_event_type type;
    float x, y;          /* pointer position in drawable pixels */
    int64_t pointer;     /* 0 = mouse; touch fingers get their own ids (> 0) */
    bool touch;
    int button;          /* 1 left, 2 middle, 3 right (mouse) */
    float wheel;         /* wheel steps */
    platform_key key;
    bool alt, ctrl, shift, repeat;
    char text[32];       /* TEXT_INPUT, TEXT_EDIT: UTF-8, NUL-terminated */
    int edit_cursor;     /* TEXT_EDIT */
} platform_event;

/* Waits up to timeout_ms (-1 = forever, 0 = poll) for the next event; false when none. */
bool platform_next_event(platform *p, platform_event *ev, int timeout_ms);
/* Wakes platform_next_event from another thread (it returns PLATFORM_EV_WAKE). */
void platform_wake(platform *p);
void platform_swap(platform *p);
/* Size of the drawable in pixels, and pixels per logical point (2 on a HiDPI screen). */
void platform_drawable_size(platform *p, int *w, int *h);
float platform_pixel_scale(platform *p);
/* The interface's scale, drawable pixels per point, for text, markers and controls:
 * PAVILION_SCALE when set (0.5..4, for a kiosk whose screen misreports itself), else the
 * pixel scale when the system already scales windows (Wayland, macOS: above 1), else the
 * display's density over 96 dpi in quarter steps from 1.25 up to 3 (X11 gives Xft.dpi there,
 * which desktops set to 192 at 200%), else 1. platform_choose_scale is the rule, pure. */
float platform_ui_scale(platform *p);
float platform_choose_scale(float pixel_scale, float dpi, const char *env);
/* The display's density in drawable pixels per inch (SDL_GetDisplayDPI for the window's
 * display), or 0 when it cannot say (offscreen, some X servers): the caller then assumes 96
 * per point. */
float platform_display_dpi(platform *p);
void platform_set_fullscreen(platform *p, bool on);
bool platform_is_fullscreen(platform *p);
void platform_set_cursor_hand(platform *p, bool hand);
void platform_set_title(platform *p, const char *title);
/* Text input (typing and input methods) is on only while a text field has the focus, so
 * letters stay keys elsewhere and an IME does not catch them; `caret` (drawable pixels: x, y,
 * w, h; may be NULL) is where an input method puts its candidate window. Off at creation. */
void platform_text_input(platform *p, bool on, const float *caret);

/* ---- audio ---- */
/* Fills `frames` interleaved stereo float frames at 48 kHz; `now` is pv_now() at the call.
 * Called on SDL's audio thread (typically media_mixer_mix). */
typedef void (*platform_audio_fill)(void *user, float *out, int frames, double now);
/* Opens the default audio device: 48 kHz stereo float (SDL converts when the device differs),
 * a 1024-frame buffer (about 21 ms), and starts it (fill runs at once). The audio subsystem is
 * started here, not in platform_create, so a machine without sound still opens windows; it
 * works the same with an offscreen platform. SDL_AUDIODRIVER is honoured ("disk", "dummy" for
 * tests). When there is no usable device returns PV_ERR_IO and logs one info line: playback
 * then runs on the system clock. *latency_out (may be NULL) is the output latency estimate:
 * the buffer being filled plus one more buffer held by the device. Opening again closes the
 * previous device first. */
pv_result platform_audio_open(platform *p, platform_audio_fill fill, void *user,
                              double *latency_out);
/* Stops the device (waits out a fill in progress); fill is not called after it returns.
 * Accepts a platform without audio. Also called by platform_destroy. */
void platform_audio_close(platform *p);
void platform_audio_pause(platform *p, bool paused);

#endif
