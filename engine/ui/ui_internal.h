/* ui's private parts shared by ui.c (context, input, drawing) and widgets.c.
 * Threads: main thread only. */
#ifndef PV_UI_INTERNAL_H
#define PV_UI_INTERNAL_H

#include "ui/ui.h"

enum {
    UI_WIDGETS = 512,  /* interactive things per frame */
    UI_STATES = 256,   /* widgets with state kept across frames */
    UI_LAYOUTS = 512,  /* text layouts cached (regular face; half as many bold) */
    UI_TOASTS = 4,
    UI_FIELD_OPS = 64, /* text field edits waiting for the next frame */
};

typedef enum ui_widget_kind {
    UI_W_BLOCK = 0,    /* takes no input, but hides what lies beneath (panels, bars) */
    UI_W_BUTTON,
    UI_W_SLIDER,
    UI_W_ROW,          /* a list's row: a button that Up/Down move between */
    UI_W_SCROLL,       /* a scrolling area: wheel, Up/Down when focused */
    UI_W_FIELD,        /* a text field: takes text and most keys while focused */
} ui_widget_kind;

/* One widget of a frame, in pixels. */
typedef struct ui_widget {
    ui_id id;
    ui_widget_kind kind;
    ui_rect hit;       /* grown to the touch target */
    ui_rect vis;       /* what is drawn (the focus ring goes around it) */
    ui_rect clip;      /* hits only count inside it (a scrolled list); w == 0: none */
    ui_id group;       /* rows of one list */
    bool focusable;
    bool modal;        /* a backdrop: Tab stays among the widgets described after it */
} ui_widget;

/* What persists for a widget, keyed by id. */
typedef struct ui_state {
    ui_id id;
    uint32_t frame;    /* last frame it was described */
    float hover_t;     /* 0..1, animated */
    float scroll;      /* pixels */
    float content, view; /* pixels at the last frame */
    float drag_y;      /* a drag of the content: the pointer's last y */
    float text_x, text_y; /* a text field: where its layout was drawn (a click places the
                           * caret against it) */
    bool drag_active;
} ui_state;

typedef struct ui_toast_state {
    char text[256];
    double start, until;
} ui_toast_state;

/* An edit asked of the focused text field, answered when it is next described. */
typedef enum ui_field_op_kind {
    UI_OP_TEXT = 0,    /* insert text */
    UI_OP_EDIT,        /* the composition so far (text, cursor in code points) */
    UI_OP_KEY,
    UI_OP_PLACE,       /* put the caret at the point x, y (pixels) */
} ui_field_op_kind;
typedef struct ui_field_op {
    ui_field_op_kind kind;
    ui_id id;
    platform_key key;
    bool shift, ctrl;
    int cursor;
    float x, y;
    char text[32];
} ui_field_op;

/* The focused text field's editing state (one field has the focus at a time). */
typedef struct ui_field_edit {
    ui_id id;
    size_t caret, anchor;     /* byte offsets in the field's buffer */
    char preedit[32];         /* an input method's composition, shown at the caret */
    size_t preedit_cursor;    /* bytes into preedit */
    float scroll_x, scroll_y; /* pixels the text is moved to keep the caret in view */
    float goal_x;             /* Up and Down in a row keep to this x (layout pixels) */
    bool has_goal;
    ui_rect caret_px;
} ui_field_edit;

struct ui {
    text_font *font, *bold;
    text_layout_cache *cache, *cache_bold;
    ui_theme theme;
    ui_frame_desc f;
    char lang[32];
    float scale, dpi, touch_px, dt;
    double last_now;
    uint32_t frame;
    bool animating, warned_full, glyphs_lost;

    /* this frame's widgets, and the last frame's (which events are judged against) */
    ui_widget cur[UI_WIDGETS], prev[UI_WIDGETS];
    int cur_n, prev_n;

    /* input */
    float pointer_x, pointer_y;
    ui_id hover, hover_seen, active, focus;
    ui_widget_kind active_kind;
    double hover_since;
    float grab_dy;           /* a scroll bar drag: pointer offset from the thumb's top */
    bool focus_visible;
    /* asked by events, answered by the next frame's widgets */
    ui_id clicked, released, close_req, wheel_target;
    float wheel;
    int key_delta, key_scroll;
    ui_id closable_cur, closable_prev;

    ui_field_op ops[UI_FIELD_OPS];
    int op_n;
    ui_field_edit edit;

    ui_state state[UI_STATES];
    ui_toast_state toasts[UI_TOASTS];
    char tip_text[256];
    ui_rect tip_anchor;

    /* draw list */
    ui_draw *draw;
    int draw_n, draw_cap;
    bool clipped;
    ui_rect clip;

    /* drawing (created at the first ui_render) */
    text_atlas *atlas;
    gfx_glyphs *glyphs;
};

ui_state *ui_state_of(ui *u, ui_id id);
float ui_hover_amount(ui *u, ui_id id, bool on);
const ui_widget *ui_find(const ui_widget *list, int n, ui_id id);
ui_rect ui_grow_to_touch(const ui *u, ui_rect px);
void ui_add_widget(ui *u, const ui_widget *w);
uint32_t ui_color_alpha(uint32_t c, float a);
void ui_push_rect(ui *u, ui_rect px, uint32_t color, float radius, ui_id id);
void ui_push_text(ui *u, const text_layout *l, float x, float y, uint32_t color, ui_id id);
void ui_push_image(ui *u, const gfx_image *img, ui_rect px, float alpha, ui_id id);
void ui_push_clip(ui *u, ui_rect px);
/* A cached layout of utf8 at size_dp, wrapped at max_px (0: no wrap), in the frame's
 * direction and language; NULL for empty text. Valid until the next frame. */
const text_layout *ui_layout(ui *u, const char *utf8, float size_dp, bool bold, float max_px,
                             text_align align);
/* The same for text being edited: spaces at line ends are placed (the caret goes after them),
 * TEXT_ALIGN_START is each paragraph's own start (the right of Arabic in any frame), and with
 * max_px each line is aligned in that width (the field's box), not in the widest line. */
const text_layout *ui_layout_edit(ui *u, const char *utf8, float size_dp, float max_px,
                                  text_align align);
ui_rect ui_clip_now(const ui *u);

#endif
