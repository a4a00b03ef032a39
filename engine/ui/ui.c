/* ui: the context of the immediate-mode interface: frames, metrics (dp, touch targets,
 * mirroring), the widgets of the last frame for hit tests, input (pointer, wheel, keyboard
 * focus), state kept by id, tooltips and toasts, and the draw list drawn through gfx from one
 * glyph atlas. The widgets themselves are in widgets.c.
 * Threads: main thread only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

ui_id ui_id_of(const char *name)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++)
        h = (h ^ *p) * 16777619u;
    return h ? h : 1;
}

ui_id ui_id_mix(ui_id parent, uint32_t index)
{
    uint32_t h = parent ^ (index + 0x9e3779b9u + (parent << 6) + (parent >> 2));
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    return h ? h : 1;
}

void ui_theme_default(ui_theme *t)
{
    *t = (ui_theme){
        .text = 0xFFFFFFFF,
        .text_dim = 0xC8CDD6FF,
        .accent = 0x1A73F2FF,
        .panel = 0x0F1218E0,
        .control = 0xFFFFFF24,
        .control_hover = 0xFFFFFF40,
        .control_pressed = 0xFFFFFF60,
        .track = 0xFFFFFF40,
        .focus_ring = 0xFFC933FF,
        .tooltip = 0x202530F0,
        .toast = 0x202530F0,
        .radius = 10,
        .font_size = 16,
        .title_size = 22,
        .small_size = 13,
        .padding = 14,
        .spacing = 8,
        .touch_mm = 9,
    };
}

pv_result ui_create(const ui_desc *d, ui **out)
{
    *out = NULL;
    if (!d || !d->font)
        return PV_ERR_INVALID;
    ui *u = pv_calloc(1, sizeof(*u));
    u->font = d->font;
    u->bold = d->bold ? d->bold : d->font;
    u->cache = text_layout_cache_create(u->font, UI_LAYOUTS);
    u->cache_bold = text_layout_cache_create(u->bold, UI_LAYOUTS / 2);
    if (!u->cache || !u->cache_bold) {
        ui_destroy(&u, NULL);
        return PV_ERR_INVALID;
    }
    if (d->theme)
        u->theme = *d->theme;
    else
        ui_theme_default(&u->theme);
    u->scale = 1;
    u->touch_px = 34;
    *out = u;
    return PV_OK;
}

void ui_destroy(ui **pu, gfx *g)
{
    if (!pu || !*pu)
        return;
    ui *u = *pu;
    text_layout_cache_destroy(&u->cache);
    text_layout_cache_destroy(&u->cache_bold);
    text_atlas_destroy(&u->atlas);
    if (g)
        gfx_glyphs_destroy(g, &u->glyphs);
    free(u->draw);
    free(u);
    *pu = NULL;
}

void ui_set_theme(ui *u, const ui_theme *t)
{
    if (t)
        u->theme = *t;
    else
        ui_theme_default(&u->theme);
}

const ui_theme *ui_get_theme(const ui *u) { return &u->theme; }

/* ---- frames and metrics ---- */

void ui_frame_begin(ui *u, const ui_frame_desc *f)
{
    u->f = *f;
    u->f.lang = NULL; /* not kept: copied below */
    snprintf(u->lang, sizeof(u->lang), "%s", f->lang ? f->lang : "");
    u->scale = f->scale > 0 ? f->scale : 1;
    float dpi = f->dpi;
    if (!(dpi >= 40 && dpi <= 2000)) /* unknown or absurd (a projector reporting 0 or 10000) */
        dpi = UI_FALLBACK_DPI * u->scale;
    u->dpi = dpi;
    u->touch_px = u->theme.touch_mm / 25.4f * dpi;
    double dt = u->frame ? f->now - u->last_now : 0;
    u->dt = dt > 0 && dt < 1 ? (float)dt : 0;
    u->last_now = f->now;
    u->frame++;
    u->cur_n = 0;
    u->draw_n = 0;
    u->animating = false;
    u->closable_cur = 0;
    u->tip_text[0] = '\0';
    if (u->hover != u->hover_seen) {
        u->hover_seen = u->hover;
        u->hover_since = f->now;
    }
}

static void draw_toasts(ui *u)
{
    float y = ui_height_dp(u) - 24;
    for (int i = UI_TOASTS - 1; i >= 0; i--) {
        ui_toast_state *t = &u->toasts[i];
        if (!t->text[0])
            continue;
        if (u->f.now >= t->until) {
            t->text[0] = '\0';
            continue;
        }
        u->animating = true;
        double age = u->f.now - t->start, left = t->until - u->f.now;
        float a = (float)fmin(1.0, fmin(age / 0.2, left / 0.3));
        const text_layout *l = ui_layout(u, t->text, u->theme.small_size, false,
                                         ui_px(u, 420), TEXT_ALIGN_CENTER);
        if (!l)
            continue;
        float pad = u->theme.padding * 0.75f;
        float w = l->width / u->scale + 2 * pad, h = l->height / u->scale + 2 * pad;
        y -= h;
        ui_rect r = {(ui_width_dp(u) - w) * 0.5f, y, w, h};
        ui_push_rect(u, ui_rect_px(u, r), ui_color_alpha(u->theme.toast, a), u->theme.radius, 0);
        ui_rect px = ui_rect_px(u, r);
        ui_push_text(u, l, px.x + ui_px(u, pad), px.y + ui_px(u, pad),
                     ui_color_alpha(u->theme.text, a), 0);
        y -= u->theme.spacing;
    }
}

static void draw_tooltip(ui *u)
{
    if (!u->tip_text[0])
        return;
    const text_layout *l = ui_layout(u, u->tip_text, u->theme.small_size, false,
                                     ui_px(u, 320), TEXT_ALIGN_START);
    if (!l)
        return;
    float pad = ui_px(u, 6);
    float w = l->width + 2 * pad, h = l->height + 2 * pad;
    ui_rect a = u->tip_anchor;
    float x = a.x + (a.w - w) * 0.5f, y = a.y + a.h + ui_px(u, 4);
    if (y + h > u->f.height)
        y = a.y - h - ui_px(u, 4);
    x = fmaxf(0, fminf(x, u->f.width - w));
    y = fmaxf(0, y);
    ui_push_rect(u, (ui_rect){x, y, w, h}, u->theme.tooltip, ui_px(u, 4), 0);
    ui_push_text(u, l, x + pad, y + pad, u->theme.text, 0);
}

void ui_frame_end(ui *u)
{
    ui_push_clip(u, (ui_rect){0, 0, 0, 0});
    draw_toasts(u);
    draw_tooltip(u);
    u->closable_prev = u->closable_cur;
    /* the widgets just described answer the events that come before the next frame */
    memcpy(u->prev, u->cur, sizeof(u->cur[0]) * (size_t)u->cur_n);
    u->prev_n = u->cur_n;
    /* what the events of the last frame asked for has been answered */
    u->clicked = 0;
    u->released = 0;
    u->close_req = 0;
    u->key_delta = 0;
    u->key_scroll = 0;
    u->wheel = 0;
    u->wheel_target = 0;
    u->op_n = 0; /* edits for a field not described this frame are dropped */
    /* forget the state of widgets not described for a while */
    for (int i = 0; i < UI_STATES; i++)
        if (u->state[i].id && u->frame - u->state[i].frame > 600)
            u->state[i] = (ui_state){0};
    /* focus on something no longer shown falls away */
    if (u->focus && !ui_find(u->cur, u->cur_n, u->focus))
        u->focus = 0;
}

float ui_px(const ui *u, float dp) { return dp * u->scale; }
float ui_touch_px(const ui *u) { return u->touch_px; }
float ui_width_dp(const ui *u) { return (float)u->f.width / u->scale; }
float ui_height_dp(const ui *u) { return (float)u->f.height / u->scale; }
bool ui_rtl(const ui *u) { return u->f.rtl; }

ui_rect ui_rect_px(const ui *u, ui_rect r)
{
    ui_rect p = {r.x * u->scale, r.y * u->scale, r.w * u->scale, r.h * u->scale};
    if (u->f.rtl)
        p.x = (float)u->f.width - p.x - p.w;
    return p;
}

bool ui_animating(const ui *u) { return u->animating; }

/* ---- state by id ---- */

ui_state *ui_state_of(ui *u, ui_id id)
{
    int free_slot = -1, oldest = 0;
    for (int i = 0; i < UI_STATES; i++) {
        if (u->state[i].id == id) {
            u->state[i].frame = u->frame;
            return &u->state[i];
        }
        if (!u->state[i].id && free_slot < 0)
            free_slot = i;
        if (u->state[i].frame < u->state[oldest].frame)
            oldest = i;
    }
    int i = free_slot >= 0 ? free_slot : oldest;
    u->state[i] = (ui_state){.id = id, .frame = u->frame};
    return &u->state[i];
}

/* Moves a widget's hover amount towards 1 (hovered or focused) or 0 in about 0.12 s. */
float ui_hover_amount(ui *u, ui_id id, bool on)
{
    ui_state *s = ui_state_of(u, id);
    float target = on ? 1.0f : 0.0f;
    if (u->dt <= 0) {
        s->hover_t = target;
    } else {
        float step = u->dt / 0.12f;
        s->hover_t = s->hover_t < target ? fminf(target, s->hover_t + step)
                                         : fmaxf(target, s->hover_t - step);
    }
    if (s->hover_t != target)
        u->animating = true;
    return s->hover_t;
}

/* ---- widgets of the frame ---- */

const ui_widget *ui_find(const ui_widget *list, int n, ui_id id)
{
    for (int i = 0; i < n; i++)
        if (list[i].id == id)
            return &list[i];
    return NULL;
}

ui_rect ui_grow_to_touch(const ui *u, ui_rect px)
{
    float t = u->touch_px;
    if (px.w < t) {
        px.x -= (t - px.w) * 0.5f;
        px.w = t;
    }
    if (px.h < t) {
        px.y -= (t - px.h) * 0.5f;
        px.h = t;
    }
    return px;
}

void ui_add_widget(ui *u, const ui_widget *w)
{
    if (u->cur_n >= UI_WIDGETS) {
        if (!u->warned_full) {
            pv_warn("ui: more than %d widgets in one frame; the rest ignore input", UI_WIDGETS);
            u->warned_full = true;
        }
        return;
    }
    u->cur[u->cur_n++] = *w;
    /* a focus ring around what the widget draws next */
    if (w->focusable && w->id == u->focus && u->focus_visible && w->vis.w > 0) {
        float g = ui_px(u, 4);
        ui_push_rect(u, (ui_rect){w->vis.x - g, w->vis.y - g, w->vis.w + 2 * g, w->vis.h + 2 * g},
                     u->theme.focus_ring, ui_px(u, u->theme.radius) + g, 0);
        u->draw[u->draw_n - 1].border = ui_px(u, 2.5f);
    }
}

static bool contains(ui_rect r, float x, float y)
{
    return r.w > 0 && r.h > 0 && x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* The top widget of the last frame under the point that takes the pointer (kinds != BLOCK),
 * or NULL; *blocked says whether anything of the interface lies there. */
static const ui_widget *hit(const ui *u, float x, float y, bool *blocked)
{
    *blocked = false;
    for (int i = u->prev_n - 1; i >= 0; i--) {
        const ui_widget *w = &u->prev[i];
        if (!contains(w->hit, x, y))
            continue;
        if (w->clip.w > 0 && !contains(w->clip, x, y))
            continue;
        *blocked = true;
        if (w->kind != UI_W_BLOCK)
            return w;
        return NULL; /* something opaque above what lies beneath */
    }
    return NULL;
}

bool ui_over(const ui *u, float x, float y)
{
    bool blocked;
    return hit(u, x, y, &blocked) || blocked;
}

bool ui_widget_rect(const ui *u, ui_id id, ui_rect *px)
{
    const ui_widget *w = ui_find(u->cur, u->cur_n, id);
    if (!w)
        w = ui_find(u->prev, u->prev_n, id);
    if (!w)
        return false;
    *px = w->hit;
    return true;
}

void ui_forget_widgets(ui *u)
{
    u->prev_n = 0;
    u->active = 0;
    u->hover = 0;
    u->closable_prev = 0;
}

bool ui_clicked(const ui *u, ui_id id) { return id && u->clicked == id; }
ui_id ui_focus(const ui *u) { return u->focus; }
bool ui_focus_visible(const ui *u) { return u->focus_visible; }
ui_id ui_hover(const ui *u) { return u->hover; }

void ui_set_focus(ui *u, ui_id id)
{
    u->focus = id;
    u->focus_visible = id != 0;
}

/* Tab: the next (or previous) focusable widget of the last frame, wrapping; while a backdrop
 * is up (a panel, a menu), only among the widgets described after the last one. */
static void move_focus(ui *u, int dir)
{
    int n = 0, at = -1, first = 0;
    int order[UI_WIDGETS];
    for (int i = 0; i < u->prev_n; i++)
        if (u->prev[i].modal)
            first = i + 1;
    for (int i = first; i < u->prev_n; i++)
        if (u->prev[i].focusable) {
            if (u->prev[i].id == u->focus)
                at = n;
            order[n++] = i;
        }
    if (!n)
        return;
    int next = at < 0 ? (dir > 0 ? 0 : n - 1) : ((at + dir) % n + n) % n;
    u->focus = u->prev[order[next]].id;
    u->focus_visible = true;
}

/* Up/Down in a list: the row before or after the focused one in the same list. */
static bool move_in_group(ui *u, const ui_widget *f, int dir)
{
    int at = (int)(f - u->prev);
    for (int i = at + dir; i >= 0 && i < u->prev_n; i += dir)
        if (u->prev[i].group == f->group && u->prev[i].focusable) {
            u->focus = u->prev[i].id;
            u->focus_visible = true;
            return true;
        }
    return true; /* at the end of the list: the key is still the list's */
}

/* The focused widget of the last frame when it is a text field. */
static const ui_widget *focused_field(const ui *u)
{
    const ui_widget *f = u->focus ? ui_find(u->prev, u->prev_n, u->focus) : NULL;
    return f && f->kind == UI_W_FIELD ? f : NULL;
}

/* Queues an edit for the focused field (NULL when too many wait: the rest of a flood of
 * events is dropped, the field answers the first UI_FIELD_OPS). */
static ui_field_op *queue_op(ui *u, ui_field_op_kind kind)
{
    if (u->op_n >= UI_FIELD_OPS)
        return NULL;
    ui_field_op *op = &u->ops[u->op_n++];
    *op = (ui_field_op){.kind = kind, .id = u->focus};
    return op;
}

static bool key_down(ui *u, const platform_event *e)
{
    const ui_widget *f = u->focus ? ui_find(u->prev, u->prev_n, u->focus) : NULL;
    if (f && f->kind == UI_W_FIELD && e->key != PLATFORM_KEY_TAB &&
        e->key != PLATFORM_KEY_ESCAPE && e->key != PLATFORM_KEY_F11 &&
        e->key != PLATFORM_KEY_F12) {
        ui_field_op *op = queue_op(u, UI_OP_KEY);
        if (op) {
            op->key = e->key;
            op->shift = e->shift;
            op->ctrl = e->ctrl;
        }
        return true; /* letters are text now, not the viewer's keys */
    }
    switch (e->key) {
    case PLATFORM_KEY_TAB:
        for (int i = 0; i < u->prev_n; i++)
            if (u->prev[i].focusable) {
                move_focus(u, e->shift ? -1 : 1);
                return true;
            }
        return false;
    case PLATFORM_KEY_RETURN:
    case PLATFORM_KEY_SPACE:
        if (!f || f->kind == UI_W_SLIDER || f->kind == UI_W_SCROLL)
            return false;
        if (!e->repeat)
            u->clicked = f->id;
        u->focus_visible = true;
        return true;
    case PLATFORM_KEY_ESCAPE:
        if (!u->closable_prev)
            return false;
        u->close_req = u->closable_prev;
        return true;
    case PLATFORM_KEY_LEFT:
    case PLATFORM_KEY_RIGHT:
        if (!f || f->kind != UI_W_SLIDER)
            return false;
        u->key_delta += e->key == PLATFORM_KEY_RIGHT ? 1 : -1;
        return true;
    case PLATFORM_KEY_UP:
    case PLATFORM_KEY_DOWN:
        if (!f)
            return false;
        if (f->kind == UI_W_ROW)
            return move_in_group(u, f, e->key == PLATFORM_KEY_DOWN ? 1 : -1);
        if (f->kind != UI_W_SCROLL)
            return false;
        u->key_scroll += e->key == PLATFORM_KEY_DOWN ? 1 : -1;
        return true;
    default:
        return false;
    }
}

bool ui_event(ui *u, const platform_event *e)
{
    bool blocked = false;
    const ui_widget *w;
    switch (e->type) {
    case PLATFORM_EV_POINTER_MOVE:
        u->pointer_x = e->x;
        u->pointer_y = e->y;
        w = hit(u, e->x, e->y, &blocked);
        u->hover = w ? w->id : 0;
        return u->active != 0 || blocked;
    case PLATFORM_EV_POINTER_LEAVE:
        u->hover = 0;
        return false;
    case PLATFORM_EV_POINTER_DOWN:
        u->pointer_x = e->x;
        u->pointer_y = e->y;
        w = hit(u, e->x, e->y, &blocked);
        u->hover = w ? w->id : 0;
        u->focus_visible = false; /* the ring is for the keyboard */
        if (!w) {
            if (!blocked)
                u->focus = 0;
            return blocked;
        }
        u->active = w->id;
        u->active_kind = w->kind;
        u->grab_dy = 0;
        if (w->focusable)
            u->focus = w->id;
        if (w->kind == UI_W_FIELD) {
            ui_field_op *op = queue_op(u, UI_OP_PLACE);
            if (op) {
                op->x = e->x;
                op->y = e->y;
            }
        }
        return true;
    case PLATFORM_EV_POINTER_UP:
        u->pointer_x = e->x;
        u->pointer_y = e->y;
        if (!u->active) {
            hit(u, e->x, e->y, &blocked);
            return blocked;
        }
        w = ui_find(u->prev, u->prev_n, u->active);
        if (w && (w->kind == UI_W_BUTTON || w->kind == UI_W_ROW) && contains(w->hit, e->x, e->y))
            u->clicked = u->active;
        if (w && w->kind == UI_W_SLIDER)
            u->released = u->active;
        u->active = 0;
        return true;
    case PLATFORM_EV_WHEEL:
        for (int i = u->prev_n - 1; i >= 0; i--) {
            const ui_widget *s = &u->prev[i];
            if (s->kind == UI_W_SCROLL && contains(s->hit, u->pointer_x, u->pointer_y)) {
                u->wheel_target = s->id;
                u->wheel += e->wheel;
                return true;
            }
        }
        return ui_over(u, u->pointer_x, u->pointer_y);
    case PLATFORM_EV_KEY_DOWN:
        return key_down(u, e);
    case PLATFORM_EV_TEXT_INPUT:
    case PLATFORM_EV_TEXT_EDIT: {
        if (!focused_field(u))
            return false;
        ui_field_op *op =
            queue_op(u, e->type == PLATFORM_EV_TEXT_INPUT ? UI_OP_TEXT : UI_OP_EDIT);
        if (op) {
            snprintf(op->text, sizeof op->text, "%s", e->text);
            op->cursor = e->edit_cursor;
        }
        return true;
    }
    default:
        return false;
    }
}

bool ui_text_field_caret(const ui *u, ui_id id, size_t *caret, size_t *anchor)
{
    if (!id || u->focus != id || u->edit.id != id)
        return false;
    if (caret)
        *caret = u->edit.caret;
    if (anchor)
        *anchor = u->edit.anchor;
    return true;
}

bool ui_text_input_wanted(const ui *u, float caret[4])
{
    if (!focused_field(u))
        return false;
    if (caret) {
        ui_rect c = u->edit.id == u->focus ? u->edit.caret_px : (ui_rect){0, 0, 0, 0};
        caret[0] = c.x;
        caret[1] = c.y;
        caret[2] = c.w;
        caret[3] = c.h;
    }
    return true;
}

/* ---- the draw list ---- */

static ui_draw *push(ui *u)
{
    if (u->draw_n == u->draw_cap) {
        u->draw_cap = u->draw_cap ? u->draw_cap * 2 : 256;
        u->draw = pv_realloc(u->draw, sizeof(*u->draw) * (size_t)u->draw_cap);
    }
    ui_draw *d = &u->draw[u->draw_n++];
    *d = (ui_draw){0};
    return d;
}

uint32_t ui_color_alpha(uint32_t c, float a)
{
    float al = (float)(c & 0xFF) * fmaxf(0, fminf(1, a));
    return (c & 0xFFFFFF00u) | (uint32_t)(al + 0.5f);
}

void ui_push_rect(ui *u, ui_rect px, uint32_t color, float radius, ui_id id)
{
    if ((color & 0xFF) == 0 || px.w <= 0 || px.h <= 0)
        return;
    ui_draw *d = push(u);
    d->kind = UI_DRAW_RECT;
    d->rect = px;
    d->color = color;
    d->radius = fminf(radius, fminf(px.w, px.h) * 0.5f);
    d->id = id;
}

void ui_push_text(ui *u, const text_layout *l, float x, float y, uint32_t color, ui_id id)
{
    if (!l || !l->glyph_count)
        return;
    ui_draw *d = push(u);
    d->kind = UI_DRAW_TEXT;
    d->rect = (ui_rect){roundf(x), roundf(y), l->width, l->height};
    d->color = color;
    d->layout = l;
    d->id = id;
}

void ui_push_image(ui *u, const gfx_image *img, ui_rect px, float alpha, ui_id id)
{
    ui_draw *d = push(u);
    d->kind = UI_DRAW_IMAGE;
    d->rect = px;
    d->color = ui_color_alpha(0xFFFFFFFF, alpha);
    d->image = img;
    d->id = id;
}

void ui_push_clip(ui *u, ui_rect px)
{
    if (u->draw_n && u->draw[u->draw_n - 1].kind == UI_DRAW_CLIP)
        u->draw_n--; /* a clip nothing was drawn under */
    else if (px.w <= 0 && !u->clipped)
        return;
    ui_draw *d = push(u);
    d->kind = UI_DRAW_CLIP;
    d->rect = px;
    u->clipped = px.w > 0;
    u->clip = px;
}

int ui_draw_count(const ui *u) { return u->draw_n; }
const ui_draw *ui_draw_at(const ui *u, int i)
{
    return i >= 0 && i < u->draw_n ? &u->draw[i] : NULL;
}

static const text_layout *layout(ui *u, const char *utf8, float size_dp, bool bold,
                                 float max_px, text_align align, bool keep_spaces)
{
    if (!utf8 || !*utf8)
        return NULL;
    /* start and end are the frame's, so a row of Arabic names in a Japanese menu still lines
     * up at the left; but what is being edited starts where its own paragraph starts (Arabic
     * typed in an English form begins at the right, as the caret does) */
    if (align == TEXT_ALIGN_START && !keep_spaces)
        align = u->f.rtl ? TEXT_ALIGN_RIGHT : TEXT_ALIGN_LEFT;
    else if (align == TEXT_ALIGN_END)
        align = u->f.rtl ? TEXT_ALIGN_LEFT : TEXT_ALIGN_RIGHT;
    text_layout_desc d = {
        .utf8 = utf8,
        .px = ui_px(u, size_dp),
        .max_width = max_px > 0 ? max_px : 0,
        .line_height = ui_px(u, size_dp) * 1.4f,
        .paragraph_gap = keep_spaces ? 0 : ui_px(u, size_dp) * 0.5f,
        .dir = u->f.rtl ? TEXT_DIR_RTL : TEXT_DIR_AUTO,
        .align = align,
        .lang = u->lang[0] ? u->lang : NULL,
        .keep_spaces = keep_spaces,
        .fill = keep_spaces && max_px > 0, /* a multi-line field: its lines align in its box */
    };
    return text_layout_cache_get(bold ? u->cache_bold : u->cache, &d);
}

const text_layout *ui_layout(ui *u, const char *utf8, float size_dp, bool bold, float max_px,
                             text_align align)
{
    return layout(u, utf8, size_dp, bold, max_px, align, false);
}

const text_layout *ui_layout_edit(ui *u, const char *utf8, float size_dp, float max_px,
                                  text_align align)
{
    return layout(u, utf8, size_dp, false, max_px, align, true);
}

ui_rect ui_clip_now(const ui *u) { return u->clipped ? u->clip : (ui_rect){0, 0, 0, 0}; }

/* ---- drawing ---- */

static void to_rgba(uint32_t c, float out[4])
{
    out[0] = (float)((c >> 24) & 0xFF) / 255.0f;
    out[1] = (float)((c >> 16) & 0xFF) / 255.0f;
    out[2] = (float)((c >> 8) & 0xFF) / 255.0f;
    out[3] = (float)(c & 0xFF) / 255.0f;
}

/* Queues a layout's glyphs from the atlas (uploading pages as they change); false when the
 * atlas is full for this frame. */
static bool queue_text(ui *u, gfx *g, const ui_draw *d)
{
    const text_layout *l = d->layout;
    float rgba[4];
    to_rgba(d->color, rgba);
    bool all = true;
    for (int i = 0; i < l->glyph_count; i++) {
        const text_glyph *gl = &l->glyphs[i];
        text_atlas_glyph at;
        if (!text_atlas_glyph_get(u->atlas, gl->face, gl->id, l->px, &at)) {
            all = false;
            continue;
        }
        if (!at.w)
            continue;
        int y0, y1;
        const uint8_t *px = text_atlas_page_take_dirty(u->atlas, at.page, &y0, &y1);
        if (y0 < y1)
            gfx_glyphs_upload(g, u->glyphs, at.page, text_atlas_page_size(u->atlas), px, y0, y1);
        gfx_glyphs_quad(u->glyphs, at.page, d->rect.x + roundf(gl->x) + (float)at.left,
                        d->rect.y + roundf(gl->y) - (float)at.top, (float)at.w, (float)at.h,
                        at.x, at.y, rgba);
    }
    return all;
}

void ui_render(ui *u, gfx *g)
{
    if (!u->atlas && text_atlas_create(NULL, &u->atlas) != PV_OK)
        return;
    if (!u->glyphs && !(u->glyphs = gfx_glyphs_create(g)))
        return;
    if (text_atlas_begin_frame(u->atlas))
        u->glyphs_lost = false;
    bool queued = false;
    for (int i = 0; i < u->draw_n; i++) {
        const ui_draw *d = &u->draw[i];
        if (d->kind != UI_DRAW_TEXT && queued) {
            gfx_glyphs_flush(g, u->glyphs);
            queued = false;
        }
        float rgba[4];
        switch (d->kind) {
        case UI_DRAW_RECT:
            to_rgba(d->color, rgba);
            if (d->border > 0)
                gfx_draw_frame(g, d->rect.x, d->rect.y, d->rect.w, d->rect.h, d->radius,
                               d->border, rgba);
            else
                gfx_draw_rect(g, d->rect.x, d->rect.y, d->rect.w, d->rect.h, d->radius, rgba);
            break;
        case UI_DRAW_TEXT:
            if (!queue_text(u, g, d) && !u->glyphs_lost) {
                pv_warn("ui: the glyph atlas is full this frame; some text is missing");
                u->glyphs_lost = true;
            }
            queued = true;
            break;
        case UI_DRAW_IMAGE:
            if (d->image)
                gfx_draw_image(g, d->image, d->rect.x, d->rect.y, d->rect.w, d->rect.h,
                               (float)(d->color & 0xFF) / 255.0f);
            break;
        case UI_DRAW_CLIP:
            gfx_set_clip(g, d->rect.x, d->rect.y, d->rect.w, d->rect.h);
            break;
        default:
            break;
        }
    }
    if (queued)
        gfx_glyphs_flush(g, u->glyphs);
    gfx_set_clip(g, 0, 0, 0, 0);
}
