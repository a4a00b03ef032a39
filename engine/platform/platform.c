/* platform: SDL2 window + GL 3.3 core context, offscreen (EGL) for headless renders,
 * SDL events translated to platform_event, and the audio device (SDL's audio subsystem, started
 * on demand). Main thread only (platform_wake: any; the audio callback: SDL's audio thread). */
#include "platform/platform.h"

#include <SDL2/SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct platform {
    SDL_Window *window;
    SDL_GLContext gl;
    Uint32 wake_event;
    SDL_Cursor *arrow, *hand;
    bool hand_shown;
    bool fullscreen;
    /* Audio: set on the main thread while the device is closed or locked; read by the audio
     * callback. */
    SDL_AudioDeviceID audio;
    bool audio_subsystem;
    platform_audio_fill audio_fill;
    void *audio_user;
};

pv_result platform_create(const platform_desc *desc, platform **out)
{
    *out = NULL;
    if (desc->offscreen)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        pv_error("cannot start the video system: %s%s", SDL_GetError(),
                 desc->offscreen ? "" : " (no display? `pavilion shot` renders without one)");
        return PV_ERR_GL;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24); /* booth models */
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_RESIZABLE;
    if (desc->hidden || desc->offscreen)
        flags |= SDL_WINDOW_HIDDEN;
    if (desc->fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    int w = desc->width > 0 ? desc->width : 1280, h = desc->height > 0 ? desc->height : 720;
    platform *p = pv_calloc(1, sizeof(*p));
    p->fullscreen = desc->fullscreen;
    p->window = SDL_CreateWindow(desc->title ? desc->title : "Pavilion", SDL_WINDOWPOS_CENTERED,
                                 SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!p->window) {
        pv_error("cannot open a window: %s", SDL_GetError());
        goto fail;
    }
    p->gl = SDL_GL_CreateContext(p->window);
    if (!p->gl) {
        pv_error("cannot create an OpenGL 3.3 core context: %s", SDL_GetError());
        goto fail;
    }
    SDL_GL_SetSwapInterval(1);
    p->wake_event = SDL_RegisterEvents(1);
    p->arrow = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_ARROW);
    p->hand = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_HAND);
    SDL_StopTextInput(); /* SDL 2 starts it with the video system: on only for text fields */
    *out = p;
    return PV_OK;
fail:
    platform_destroy(&p);
    return PV_ERR_GL;
}

void platform_destroy(platform **pp)
{
    platform *p = *pp;
    if (!p)
        return;
    platform_audio_close(p);
    if (p->arrow)
        SDL_FreeCursor(p->arrow);
    if (p->hand)
        SDL_FreeCursor(p->hand);
    if (p->gl)
        SDL_GL_DeleteContext(p->gl);
    if (p->window)
        SDL_DestroyWindow(p->window);
    SDL_Quit();
    free(p);
    *pp = NULL;
}

static platform_key map_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_LEFT: return PLATFORM_KEY_LEFT;
    case SDLK_RIGHT: return PLATFORM_KEY_RIGHT;
    case SDLK_UP: return PLATFORM_KEY_UP;
    case SDLK_DOWN: return PLATFORM_KEY_DOWN;
    case SDLK_w: return PLATFORM_KEY_W;
    case SDLK_a: return PLATFORM_KEY_A;
    case SDLK_s: return PLATFORM_KEY_S;
    case SDLK_d: return PLATFORM_KEY_D;
    case SDLK_q: return PLATFORM_KEY_Q;
    case SDLK_e: return PLATFORM_KEY_E;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: return PLATFORM_KEY_PLUS;
    case SDLK_MINUS: case SDLK_KP_MINUS: return PLATFORM_KEY_MINUS;
    case SDLK_BACKSPACE: return PLATFORM_KEY_BACKSPACE;
    case SDLK_ESCAPE: return PLATFORM_KEY_ESCAPE;
    case SDLK_RETURN: case SDLK_KP_ENTER: return PLATFORM_KEY_RETURN;
    case SDLK_SPACE: return PLATFORM_KEY_SPACE;
    case SDLK_F11: return PLATFORM_KEY_F11;
    case SDLK_F12: return PLATFORM_KEY_F12;
    case SDLK_f: return PLATFORM_KEY_F;
    case SDLK_HOME: return PLATFORM_KEY_HOME;
    case SDLK_TAB: return PLATFORM_KEY_TAB;
    case SDLK_END: return PLATFORM_KEY_END;
    case SDLK_DELETE: return PLATFORM_KEY_DELETE;
    default: return PLATFORM_KEY_INVALID;
    }
}

/* Mouse coordinates come in window points; GL works in drawable pixels. */
static void to_pixels(platform *p, float *x, float *y)
{
    int ww, wh, dw, dh;
    SDL_GetWindowSize(p->window, &ww, &wh);
    SDL_GL_GetDrawableSize(p->window, &dw, &dh);
    if (ww > 0 && wh > 0) {
        *x *= (float)dw / (float)ww;
        *y *= (float)dh / (float)wh;
    }
}

static bool translate(platform *p, const SDL_Event *e, platform_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    int dw, dh;
    switch (e->type) {
    case SDL_QUIT:
        ev->type = PLATFORM_EV_QUIT;
        return true;
    case SDL_WINDOWEVENT:
        switch (e->window.event) {
        case SDL_WINDOWEVENT_SIZE_CHANGED:
            ev->type = PLATFORM_EV_RESIZE;
            return true;
        case SDL_WINDOWEVENT_EXPOSED:
        case SDL_WINDOWEVENT_SHOWN:
        case SDL_WINDOWEVENT_RESTORED:
            ev->type = PLATFORM_EV_EXPOSE;
            return true;
        case SDL_WINDOWEVENT_LEAVE:
            ev->type = PLATFORM_EV_POINTER_LEAVE;
            return true;
        default:
            return false;
        }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID)
            return false;
        ev->type = e->type == SDL_MOUSEBUTTONDOWN ? PLATFORM_EV_POINTER_DOWN : PLATFORM_EV_POINTER_UP;
        ev->x = (float)e->button.x;
        ev->y = (float)e->button.y;
        ev->button = e->button.button == SDL_BUTTON_LEFT ? 1 : e->button.button == SDL_BUTTON_MIDDLE ? 2 : 3;
        to_pixels(p, &ev->x, &ev->y);
        return true;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID)
            return false;
        ev->type = PLATFORM_EV_POINTER_MOVE;
        ev->x = (float)e->motion.x;
        ev->y = (float)e->motion.y;
        to_pixels(p, &ev->x, &ev->y);
        return true;
    case SDL_MOUSEWHEEL:
        if (e->wheel.which == SDL_TOUCH_MOUSEID)
            return false;
        ev->type = PLATFORM_EV_WHEEL;
        ev->wheel = e->wheel.preciseY != 0 ? e->wheel.preciseY : (float)e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            ev->wheel = -ev->wheel;
        {
            int mx, my;
            SDL_GetMouseState(&mx, &my);
            ev->x = (float)mx;
            ev->y = (float)my;
            to_pixels(p, &ev->x, &ev->y);
        }
        return true;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        ev->type = e->type == SDL_FINGERDOWN ? PLATFORM_EV_POINTER_DOWN
                   : e->type == SDL_FINGERUP ? PLATFORM_EV_POINTER_UP : PLATFORM_EV_POINTER_MOVE;
        ev->touch = true;
        ev->pointer = (int64_t)e->tfinger.fingerId + 1;
        ev->button = 1;
        SDL_GL_GetDrawableSize(p->window, &dw, &dh);
        ev->x = e->tfinger.x * (float)dw;
        ev->y = e->tfinger.y * (float)dh;
        return true;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        ev->type = e->type == SDL_KEYDOWN ? PLATFORM_EV_KEY_DOWN : PLATFORM_EV_KEY_UP;
        ev->key = map_key(e->key.keysym.sym);
        ev->alt = (e->key.keysym.mod & KMOD_ALT) != 0;
        ev->ctrl = (e->key.keysym.mod & KMOD_CTRL) != 0;
        ev->shift = (e->key.keysym.mod & KMOD_SHIFT) != 0;
        ev->repeat = e->key.repeat != 0;
        return ev->key != PLATFORM_KEY_INVALID;
    case SDL_TEXTINPUT:
        ev->type = PLATFORM_EV_TEXT_INPUT;
        snprintf(ev->text, sizeof ev->text, "%s", e->text.text);
        return ev->text[0] != '\0';
    case SDL_TEXTEDITING:
        ev->type = PLATFORM_EV_TEXT_EDIT;
        snprintf(ev->text, sizeof ev->text, "%s", e->edit.text);
        ev->edit_cursor = e->edit.start;
        return true;
    default:
        if (e->type == p->wake_event) {
            ev->type = PLATFORM_EV_WAKE;
            return true;
        }
        return false;
    }
}

bool platform_next_event(platform *p, platform_event *ev, int timeout_ms)
{
    SDL_Event e;
    double deadline = pv_now() + (timeout_ms > 0 ? timeout_ms / 1000.0 : 0);
    for (;;) {
        int got;
        if (timeout_ms < 0) {
            got = SDL_WaitEvent(&e);
        } else if (timeout_ms == 0) {
            got = SDL_PollEvent(&e);
        } else {
            int left = (int)((deadline - pv_now()) * 1000.0 + 0.5);
            got = left > 0 ? SDL_WaitEventTimeout(&e, left) : SDL_PollEvent(&e);
        }
        if (!got)
            return false;
        if (translate(p, &e, ev))
            return true;
    }
}

void platform_wake(platform *p)
{
    SDL_Event e;
    memset(&e, 0, sizeof(e));
    e.type = p->wake_event;
    SDL_PushEvent(&e);
}

void platform_swap(platform *p) { SDL_GL_SwapWindow(p->window); }

void platform_drawable_size(platform *p, int *w, int *h) { SDL_GL_GetDrawableSize(p->window, w, h); }

float platform_pixel_scale(platform *p)
{
    int ww, wh, dw, dh;
    SDL_GetWindowSize(p->window, &ww, &wh);
    SDL_GL_GetDrawableSize(p->window, &dw, &dh);
    return ww > 0 ? (float)dw / (float)ww : 1.0f;
}

float platform_display_dpi(platform *p)
{
    if (!p->window)
        return 0;
    int display = SDL_GetWindowDisplayIndex(p->window);
    float ddpi = 0, hdpi = 0, vdpi = 0;
    if (display < 0 || SDL_GetDisplayDPI(display, &ddpi, &hdpi, &vdpi) != 0 || hdpi <= 0)
        return 0;
    /* SDL measures the display's own pixels; on a HiDPI window those are the drawable's */
    return hdpi;
}

float platform_choose_scale(float pixel_scale, float dpi, const char *env)
{
    if (env && *env) {
        char *end;
        double e = strtod(env, &end);
        if (*end == '\0' && e >= 0.5 && e <= 4)
            return (float)e;
    }
    if (pixel_scale > 1.01f && pixel_scale <= 8)
        return pixel_scale;
    if (dpi >= 120 && dpi <= 2000) {
        float q = roundf(dpi / 96.0f * 4.0f) / 4.0f;
        return q < 1 ? 1 : q > 3 ? 3 : q;
    }
    return 1;
}

float platform_ui_scale(platform *p)
{
    return platform_choose_scale(platform_pixel_scale(p), platform_display_dpi(p),
                                 getenv("PAVILION_SCALE"));
}

void platform_set_fullscreen(platform *p, bool on)
{
    SDL_SetWindowFullscreen(p->window, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    p->fullscreen = on;
}

bool platform_is_fullscreen(platform *p) { return p->fullscreen; }

void platform_set_cursor_hand(platform *p, bool hand)
{
    if (hand == p->hand_shown)
        return;
    p->hand_shown = hand;
    SDL_SetCursor(hand ? p->hand : p->arrow);
}

void platform_set_title(platform *p, const char *title) { SDL_SetWindowTitle(p->window, title); }

void platform_text_input(platform *p, bool on, const float *caret)
{
    if (!on) {
        if (SDL_IsTextInputActive())
            SDL_StopTextInput();
        return;
    }
    if (caret) {
        /* SDL wants window coordinates (points), the caller gives drawable pixels */
        float s = platform_pixel_scale(p);
        s = s > 0 ? s : 1;
        SDL_Rect r = {(int)(caret[0] / s), (int)(caret[1] / s), (int)(caret[2] / s) + 1,
                      (int)(caret[3] / s) + 1};
        SDL_SetTextInputRect(&r);
    }
    if (!SDL_IsTextInputActive())
        SDL_StartTextInput();
}

/* ---- audio ---- */

static void audio_callback(void *userdata, Uint8 *stream, int len)
{
    platform *p = userdata;
    int frames = len / (int)(2 * sizeof(float));
    p->audio_fill(p->audio_user, (float *)(void *)stream, frames, pv_now());
}

pv_result platform_audio_open(platform *p, platform_audio_fill fill, void *user,
                              double *latency_out)
{
    if (latency_out)
        *latency_out = 0.0;
    if (!p || !fill)
        return PV_ERR_INVALID;
    platform_audio_close(p);
    if (!p->audio_subsystem) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
            pv_info("no sound: cannot start the audio system (%s); videos play silent on the "
                    "system clock",
                    SDL_GetError());
            return PV_ERR_IO;
        }
        p->audio_subsystem = true;
    }
    SDL_AudioSpec want, have;
    SDL_zero(want);
    SDL_zero(have);
    want.freq = 48000;
    want.format = AUDIO_F32SYS;
    want.channels = 2;
    want.samples = 1024;
    want.callback = audio_callback;
    want.userdata = p;
    p->audio_fill = fill;
    p->audio_user = user;
    /* No allowed changes: SDL converts to whatever the device really takes, so the callback
     * always sees 48 kHz stereo float. */
    p->audio = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!p->audio) {
        pv_info("no sound: cannot open an audio device with the %s driver (%s); videos play "
                "silent on the system clock",
                SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "(none)",
                SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        p->audio_subsystem = false;
        return PV_ERR_IO;
    }
    double buffer = (double)have.samples / have.freq;
    if (latency_out)
        *latency_out = 2.0 * buffer;
    pv_info("audio: %s driver, %d Hz, %d channels, %d-frame buffer (%.1f ms)",
            SDL_GetCurrentAudioDriver(), have.freq, have.channels, have.samples, buffer * 1000.0);
    SDL_PauseAudioDevice(p->audio, 0);
    return PV_OK;
}

void platform_audio_close(platform *p)
{
    if (!p)
        return;
    if (p->audio) {
        SDL_CloseAudioDevice(p->audio); /* joins the audio thread */
        p->audio = 0;
    }
    if (p->audio_subsystem) {
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        p->audio_subsystem = false;
    }
    p->audio_fill = NULL;
    p->audio_user = NULL;
}

void platform_audio_pause(platform *p, bool paused)
{
    if (p && p->audio)
        SDL_PauseAudioDevice(p->audio, paused ? 1 : 0);
}
