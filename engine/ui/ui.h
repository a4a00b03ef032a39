/* ui: the interface's widgets, immediate mode.
 *
 * Each frame the hud (or any feature) describes what is on screen between ui_frame_begin and
 * ui_frame_end: buttons, sliders, lists, panels, tooltips, toasts. Nothing is retained from a
 * frame's description except what must persist, keyed by a widget's id: hover and press,
 * keyboard focus, scroll offsets, short animations, toasts. A frame records a draw list
 * (rounded rectangles, text layouts from text/, images) that ui_render draws through gfx, so
 * layout, hit tests, focus order and mirroring are testable without GL (ui_draw_count and
 * ui_draw_at read the list).
 *
 * Input arrives through ui_event before the frame that answers it: pointer and keys are judged
 * against the widgets of the last frame described (their rectangles are kept), so an event is
 * answered by the next frame however slow anything else is (nothing here waits on a decoder or
 * a loader). ui_event says whether the interface took the event; the viewer handles the rest.
 *
 * Units: widget rectangles and theme sizes are in device-independent points ("dp"): ui_px
 * turns them into pixels with the frame's pixel scale (2 on a HiDPI screen). Anything a finger
 * may press is hit-tested over at least 9 mm at the display's density (ui_frame_desc.dpi),
 * centred on what is drawn, even where the drawing is smaller.
 *
 * Right to left: when the frame is right-to-left (Arabic), rectangles are given from the
 * start edge and ui mirrors them: x is measured from the right. A slider grows to the left,
 * a list's thumbnails sit at the right, text is right-aligned. The reading order (Tab) stays
 * the order widgets are described in.
 *
 * Keyboard: Tab and Shift+Tab move the focus through focusable widgets in the order they are
 * described (wrapping), a visible ring shows it; Enter (or Space) activates the focused widget;
 * Left/Right move a focused slider, Up/Down scroll a focused panel or move in a list; Esc
 * closes the top closable panel described last frame.
 *
 * Threads: main thread only (the thread that owns the text fonts and the GL context). */
#ifndef PV_UI_H
#define PV_UI_H

#include <stdint.h>

#include "core/core.h"
#include "gfx/gfx.h"
#include "platform/platform.h"
#include "text/text.h"

typedef struct ui ui;

/* A rectangle: in dp from the start edge for what widgets take, in pixels (mirrored, from the
 * left) for what ui_rect_px and the draw list give back. */
typedef struct ui_rect {
    float x, y, w, h;
} ui_rect;

/* Ids name widgets across frames: a hash of a name, mixed with indices for repeated ones. */
typedef uint32_t ui_id;
ui_id ui_id_of(const char *name);
ui_id ui_id_mix(ui_id parent, uint32_t index);

/* Colours 0xRRGGBBAA (straight sRGB); sizes in dp. */
typedef struct ui_theme {
    uint32_t text, text_dim, accent, panel, control, control_hover, control_pressed;
    uint32_t track, focus_ring, tooltip, toast;
    float radius;               /* corners of panels, buttons, cards */
    float font_size, title_size, small_size;
    float padding, spacing;
    float touch_mm;             /* minimum touch target */
} ui_theme;
/* Pavilion's default look (dark translucent panels, white text, a blue accent, 9 mm targets). */
void ui_theme_default(ui_theme *t);

typedef struct ui_desc {
    text_font *font;            /* required; owned by the caller, must outlive the ui */
    text_font *bold;            /* titles and bold paragraphs; NULL: font */
    const ui_theme *theme;      /* copied; NULL: ui_theme_default */
} ui_desc;
pv_result ui_create(const ui_desc *d, ui **out);
/* Accepts NULL and *u == NULL; sets *u to NULL. Call with the GL context current when
 * ui_render was ever called (it frees the glyph textures). */
void ui_destroy(ui **u, gfx *g);
void ui_set_theme(ui *u, const ui_theme *t);
const ui_theme *ui_get_theme(const ui *u);

/* Display density in pixels per inch when the platform cannot say: 96 per point. */
#define UI_FALLBACK_DPI 96.0f

typedef struct ui_frame_desc {
    int width, height;          /* drawable pixels */
    float scale;                /* pixels per dp; 0: 1 */
    float dpi;                  /* drawable pixels per inch; 0 or absurd: 96 * scale */
    bool rtl;                   /* mirror the layout (the interface's language) */
    const char *lang;           /* BCP 47 code of the interface's language (line breaking) */
    double now;                 /* seconds, for animations, tooltips and toasts */
} ui_frame_desc;
void ui_frame_begin(ui *u, const ui_frame_desc *f);
void ui_frame_end(ui *u);

/* Takes an event for the interface (before the frame that should answer it). True when the
 * interface used it: the caller must not also treat it as a drag, a click on the place, etc. */
bool ui_event(ui *u, const platform_event *e);

/* The frame's metrics. */
float ui_px(const ui *u, float dp);              /* dp to pixels */
float ui_touch_px(const ui *u);                  /* the minimum touch target, pixels */
float ui_width_dp(const ui *u);                  /* frame size in dp */
float ui_height_dp(const ui *u);
bool ui_rtl(const ui *u);
/* A rectangle in dp from the start edge -> pixels from the left (mirrored in RTL). */
ui_rect ui_rect_px(const ui *u, ui_rect dp);

/* True while something animates or a toast or tooltip is pending: keep drawing frames. */
bool ui_animating(const ui *u);

/* ---- widgets (between ui_frame_begin and ui_frame_end; rectangles in dp) ---- */

typedef enum ui_icon {
    UI_ICON_NONE = 0,
    UI_ICON_PLAY,
    UI_ICON_PAUSE,
    UI_ICON_CLOSE,
    UI_ICON_NEXT,               /* media icons are not mirrored in RTL (as players do) */
    UI_ICON_COUNT
} ui_icon;

typedef struct ui_button_desc {
    const char *label;          /* may be NULL with an icon */
    ui_icon icon;
    bool selected;              /* drawn in the accent colour (a current choice) */
    bool quiet;                 /* no background until hovered or focused */
    float size;                 /* text size dp; 0: theme font_size */
} ui_button_desc;
/* True on the frame after it was clicked, or Enter/Space while focused. */
bool ui_button(ui *u, ui_id id, ui_rect r, const ui_button_desc *d);

/* A plain text label (not focusable). TEXT_ALIGN_START and END follow the frame's direction
 * (START is the right edge in a right-to-left frame), whatever the text's own direction. */
void ui_label(ui *u, ui_rect r, const char *utf8, float size, uint32_t color, text_align align);
/* The size in dp a label of utf8 takes on one line (0 x 0 for empty text). */
void ui_text_size(ui *u, const char *utf8, float size, float *w, float *h);
/* The same wrapped at max_w dp (0: not wrapped). */
void ui_text_size_in(ui *u, const char *utf8, float size, float max_w, float *w, float *h);
/* A veil over the whole frame behind a modal panel or menu: takes every pointer event beneath
 * what is described after it; true when it was clicked (close what it is behind). */
bool ui_backdrop(ui *u, ui_id id, uint32_t color);
/* A filled rounded rectangle (backgrounds of bars and cards). */
void ui_fill(ui *u, ui_rect r, uint32_t color, float radius);
/* The same, but it takes no input: what lies beneath still gets the pointer (the background of
 * a label over the place, such as a note on a video screen). */
void ui_paint(ui *u, ui_rect r, uint32_t color, float radius);
/* An image fitted into r (keeping its aspect), in pixels it is drawn from the start edge. */
void ui_image(ui *u, ui_rect r, const gfx_image *img, float alpha);

enum {
    UI_SLIDER_CHANGED = 1,      /* *value changed this frame */
    UI_SLIDER_DRAGGING = 2,     /* the pointer holds the knob */
    UI_SLIDER_RELEASED = 4,     /* the drag ended (or a key moved it): commit the value */
};
typedef struct ui_slider_desc {
    float step;                 /* Left/Right step; 0: 0.05 */
    float mark;                 /* a second fill (a buffered part), 0..1; 0: none */
    bool media;                 /* a film's time or volume: not mirrored in RTL (as players do) */
} ui_slider_desc;
/* A horizontal slider holding *value in [0, 1], growing from the start edge; a press moves the
 * knob to the pointer, a drag follows it, and the frame of the release gives the value where
 * it was let go (with UI_SLIDER_RELEASED), even for a click quicker than a frame. Returns
 * UI_SLIDER_* flags. */
int ui_slider(ui *u, ui_id id, ui_rect r, float *value, const ui_slider_desc *d);

/* A place on screen the keyboard can reach, drawn by someone else (a hotspot's marker): a
 * circle of diameter `d` pixels centred on (x, y) in pixels (never mirrored). It takes no
 * pointer (the place beneath handles clicks on its markers) and draws nothing but the focus
 * ring around the circle when the keyboard is on it. True when Enter or Space activated it. */
bool ui_spot(ui *u, ui_id id, float x, float y, float d);

typedef struct ui_list_item {
    const char *title, *subtitle; /* subtitle may be NULL */
    const gfx_image *thumb;       /* may be NULL */
    bool placeholder;             /* without a thumb: an empty box keeps the rows aligned */
    const char *group;            /* a heading is drawn when it differs from the item before */
    bool selected;
} ui_list_item;
/* A vertical scrolling list of rows with thumbnails; returns the index activated this frame
 * (click, or Enter on a focused row), -1 otherwise. Each row is focusable. */
int ui_list(ui *u, ui_id id, ui_rect r, const ui_list_item *items, int count);

typedef enum ui_block_kind {
    UI_BLOCK_PARAGRAPH = 0,
    UI_BLOCK_BOLD,              /* a paragraph in the bold face */
    UI_BLOCK_HEADING,           /* bold, title size */
    UI_BLOCK_IMAGE,
} ui_block_kind;
typedef struct ui_block {
    ui_block_kind kind;
    const char *utf8;
    const gfx_image *image;     /* UI_BLOCK_IMAGE: drawn at the panel's width */
    float aspect;               /* width / height; 0: the image's own (1 without an image) */
} ui_block;
typedef struct ui_panel_desc {
    const char *title;
    const ui_block *blocks;
    int block_count;
    bool closable;              /* a close button, and Esc closes it */
    float reserve;              /* dp of room after the blocks for widgets the caller adds */
    ui_rect *reserved;          /* receives that room (dp from the start edge, like r) */
} ui_panel_desc;
/* A panel of rich text in r (its height is the most it takes: shorter content shrinks it
 * from the bottom, longer content scrolls with the wheel, a drag of the scroll bar, or Up and
 * Down while focused; one narrower than its padding still wraps its text at its width). Returns
 * false when the visitor closed it this frame. */
bool ui_panel(ui *u, ui_id id, ui_rect r, const ui_panel_desc *d);
/* The panel's content height and scroll offset in dp at the last frame (tests, scroll bar). */
bool ui_panel_scroll(const ui *u, ui_id id, float *content, float *offset);

enum {
    UI_FIELD_CHANGED = 1,       /* the text changed this frame */
    UI_FIELD_SUBMITTED = 2,     /* Enter (Ctrl+Enter in a multi-line field) */
};
typedef struct ui_field_desc {
    const char *placeholder;    /* drawn dimmed while the field is empty; may be NULL */
    int max_chars;              /* most characters (grapheme clusters); 0: the buffer's size */
    bool password;              /* each character shown as a dot (a kiosk PIN) */
    bool multiline;             /* wraps; Enter starts a new line, Up/Down move between lines */
    float size;                 /* text size dp; 0: theme font_size */
} ui_field_desc;
/* A text field editing buf (NUL-terminated UTF-8, cap bytes with the NUL) in place. It takes
 * the focus when clicked or reached with Tab; while focused it takes typed and committed text
 * (PLATFORM_EV_TEXT_INPUT) and shows an input method's composition underlined at the caret
 * (PLATFORM_EV_TEXT_EDIT). The caret moves and Backspace/Delete delete by grapheme cluster;
 * Left/Right go backwards/forwards in a right-to-left paragraph the other way round, Home and
 * End to the paragraph's ends; Shift extends a selection, Ctrl+A selects all; a click places
 * the caret. Text is drawn in bidi order (Arabic reads right to left); the caret does not
 * blink (render on demand draws nothing while nothing changes). While a field is focused every
 * key but Tab, Esc, F11 and F12 is the field's. Returns UI_FIELD_* flags. */
int ui_text_field(ui *u, ui_id id, ui_rect r, char *buf, size_t cap, const ui_field_desc *d);
/* The focused field's caret and selection anchor (byte offsets into its buffer); false when
 * `id` is not the focused field. */
bool ui_text_field_caret(const ui *u, ui_id id, size_t *caret, size_t *anchor);
/* True while a text field has the focus (the host turns text input on: platform_text_input);
 * caret (may be NULL) receives the caret's rectangle in pixels: x, y, w, h. */
bool ui_text_input_wanted(const ui *u, float caret[4]);

/* A tooltip for widget `id` once it has been hovered for 0.5 s (drawn above everything). */
void ui_tooltip(ui *u, ui_id id, const char *utf8);
/* A name at a point of the picture that is not a widget (a marker of the place the pointer is
 * over or the keyboard is on): the text in a pill above (x, y), `gap` pixels off it (below it
 * when `below`, or when there is no room above), kept inside the frame; pixels from the left.
 * Takes no pointer. Drawn at once, in order with the widgets; its draws carry `id`. */
void ui_callout(ui *u, ui_id id, float x, float y, float gap, bool below, const char *utf8);
/* A short message at the bottom for `seconds` (persists across frames until it expires). */
void ui_toast(ui *u, const char *utf8, double seconds);

/* The last frame's widgets no longer stand (a panel was closed by a command): until the next
 * frame, events fall through to what lies beneath instead of reaching them. */
void ui_forget_widgets(ui *u);

/* ---- state (for the hud and tests) ---- */
/* True when the events since the last frame clicked widget `id` (or Enter activated it):
 * what ui_button will return for it this frame, known before it is described, so a control
 * can act first and then draw the state its action made (a Pause that became Play). */
bool ui_clicked(const ui *u, ui_id id);
ui_id ui_focus(const ui *u);
void ui_set_focus(ui *u, ui_id id);
bool ui_focus_visible(const ui *u);
ui_id ui_hover(const ui *u);
/* The widget's hit rectangle in pixels at the last frame (false when it was not described). */
bool ui_widget_rect(const ui *u, ui_id id, ui_rect *px);
/* True when the point (pixels) lies over anything the interface drew last frame. */
bool ui_over(const ui *u, float x, float y);

/* ---- the draw list ---- */
typedef enum ui_draw_kind {
    UI_DRAW_INVALID = 0,
    UI_DRAW_RECT,               /* rect, color, radius; only its outline when border > 0 */
    UI_DRAW_TEXT,               /* layout with its top-left at rect.x, rect.y; color */
    UI_DRAW_IMAGE,              /* image into rect; color's alpha */
    UI_DRAW_CLIP,               /* later commands are clipped to rect (w == 0: no clip) */
    UI_DRAW_COUNT
} ui_draw_kind;
typedef struct ui_draw {
    ui_draw_kind kind;
    ui_rect rect;               /* pixels, from the left */
    uint32_t color;
    float radius, border;
    const text_layout *layout;  /* valid until the next frame */
    const gfx_image *image;
    ui_id id;                   /* the widget that recorded it (0 for none) */
} ui_draw;
int ui_draw_count(const ui *u);
const ui_draw *ui_draw_at(const ui *u, int i);

/* Draws the last frame's list over what is on the target (call after ui_frame_end, with the
 * frame's size bound; gfx_begin already called). Text comes from one glyph atlas, batched. */
void ui_render(ui *u, gfx *g);

#endif
