/* platform: the window and its GL context (windowed, full screen, or offscreen for `shot`),
 * input events in Pavilion's own terms, time and waking the main thread.
 * Threads: everything here is main-thread only, except platform_wake (any thread). */
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
} platform_event;

/* Waits up to timeout_ms (-1 = forever, 0 = poll) for the next event; false when none. */
bool platform_next_event(platform *p, platform_event *ev, int timeout_ms);
/* Wakes platform_next_event from another thread (it returns PLATFORM_EV_WAKE). */
void platform_wake(platform *p);
void platform_swap(platform *p);
/* Size of the drawable in pixels, and pixels per logical point (2 on a HiDPI screen). */
void platform_drawable_size(platform *p, int *w, int *h);
float platform_pixel_scale(platform *p);
void platform_set_fullscreen(platform *p, bool on);
bool platform_is_fullscreen(platform *p);
void platform_set_cursor_hand(platform *p, bool hand);
void platform_set_title(platform *p, const char *title);

#endif
