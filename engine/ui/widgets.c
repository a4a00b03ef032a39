/* ui widgets: button, label, slider, list with thumbnails, rich-text panel, tooltip, toast.
 * Each describes itself for this frame (a widget for hit tests and focus, commands for the
 * draw list) and answers what the events since the last frame asked of it.
 * Threads: main thread only. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

static uint32_t mix(uint32_t a, uint32_t b, float t)
{
    uint32_t out = 0;
    for (int sh = 0; sh < 32; sh += 8) {
        float ca = (float)((a >> sh) & 0xFF), cb = (float)((b >> sh) & 0xFF);
        out |= (uint32_t)(ca + (cb - ca) * t + 0.5f) << sh;
    }
    return out;
}

static ui_rect clip_now(const ui *u) { return ui_clip_now(u); }

static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Where a layout goes horizontally in a box (pixels) so its alignment holds there. */
static float text_x(const text_layout *l, float box_x, float box_w)
{
    return box_x + text_layout_box_offset(l, box_w);
}

/* ---- button ---- */

static const char *icon_text(ui_icon icon)
{
    switch (icon) {
    case UI_ICON_PLAY: return "\u25B6";
    case UI_ICON_CLOSE: return "\u2715";
    case UI_ICON_NEXT: return "\u25B6\u25B6";
    default: return NULL;
    }
}

bool ui_button(ui *u, ui_id id, ui_rect r, const ui_button_desc *desc)
{
    ui_button_desc d = desc ? *desc : (ui_button_desc){0};
    const ui_theme *t = &u->theme;
    ui_rect px = ui_rect_px(u, r);
    ui_add_widget(u, &(ui_widget){.id = id, .kind = UI_W_BUTTON, .hit = ui_grow_to_touch(u, px),
                                  .vis = px, .clip = clip_now(u), .focusable = true});
    bool hovered = u->hover == id, pressed = u->active == id && hovered;
    float h = ui_hover_amount(u, id, hovered || (u->focus == id && u->focus_visible));
    uint32_t bg = d.selected ? t->accent
                  : d.quiet  ? ui_color_alpha(t->control_hover, h)
                             : mix(t->control, t->control_hover, h);
    if (pressed)
        bg = t->control_pressed;
    ui_push_rect(u, px, bg, ui_px(u, t->radius), id);

    float size = d.size > 0 ? d.size : t->font_size;
    const text_layout *label = ui_layout(u, d.label, size, false, 0, TEXT_ALIGN_CENTER);
    /* media icons keep their direction in right-to-left languages */
    const char *it = icon_text(d.icon);
    const text_layout *icon = NULL;
    if (it) {
        bool rtl = u->f.rtl;
        u->f.rtl = false;
        icon = ui_layout(u, it, size, false, 0, TEXT_ALIGN_LEFT);
        u->f.rtl = rtl;
    }
    float icon_w = d.icon == UI_ICON_PAUSE ? ui_px(u, size * 0.8f) : icon ? icon->width : 0;
    float gap = icon_w > 0 && label ? ui_px(u, t->spacing) : 0;
    float total = icon_w + gap + (label ? label->width : 0);
    float x0 = px.x + (px.w - total) * 0.5f;
    float icon_x = u->f.rtl ? x0 + total - icon_w : x0;
    float label_x = u->f.rtl ? x0 : x0 + icon_w + gap;
    if (d.icon == UI_ICON_PAUSE) {
        float bh = ui_px(u, size * 0.85f), bw = icon_w * 0.33f;
        float by = px.y + (px.h - bh) * 0.5f;
        ui_push_rect(u, (ui_rect){icon_x, by, bw, bh}, t->text, ui_px(u, 1), id);
        ui_push_rect(u, (ui_rect){icon_x + icon_w - bw, by, bw, bh}, t->text, ui_px(u, 1), id);
    } else if (icon) {
        ui_push_text(u, icon, icon_x, px.y + (px.h - icon->height) * 0.5f, t->text, id);
    }
    if (label)
        ui_push_text(u, label, label_x, px.y + (px.h - label->height) * 0.5f, t->text, id);
    return u->clicked == id;
}

/* ---- plain drawing ---- */

void ui_label(ui *u, ui_rect r, const char *utf8, float size, uint32_t color, text_align align)
{
    ui_rect px = ui_rect_px(u, r);
    const text_layout *l = ui_layout(u, utf8, size > 0 ? size : u->theme.font_size, false,
                                     px.w, align);
    if (l)
        ui_push_text(u, l, text_x(l, px.x, px.w), px.y + fmaxf(0, (px.h - l->height) * 0.5f),
                     color ? color : u->theme.text, 0);
}

void ui_text_size(ui *u, const char *utf8, float size, float *w, float *h)
{
    ui_text_size_in(u, utf8, size, 0, w, h);
}

void ui_text_size_in(ui *u, const char *utf8, float size, float max_w, float *w, float *h)
{
    const text_layout *l = ui_layout(u, utf8, size > 0 ? size : u->theme.font_size, false,
                                     max_w > 0 ? ui_px(u, max_w) : 0, TEXT_ALIGN_START);
    *w = l ? l->width / u->scale : 0;
    *h = l ? l->height / u->scale : 0;
}

bool ui_backdrop(ui *u, ui_id id, uint32_t color)
{
    ui_rect px = {0, 0, (float)u->f.width, (float)u->f.height};
    ui_add_widget(u, &(ui_widget){.id = id, .kind = UI_W_BUTTON, .hit = px, .clip = clip_now(u),
                                  .modal = true});
    ui_push_rect(u, px, color, 0, id);
    return u->clicked == id;
}

void ui_fill(ui *u, ui_rect r, uint32_t color, float radius)
{
    ui_rect px = ui_rect_px(u, r);
    ui_push_rect(u, px, color, ui_px(u, radius), 0);
    ui_add_widget(u, &(ui_widget){.kind = UI_W_BLOCK, .hit = px, .clip = clip_now(u)});
}

void ui_paint(ui *u, ui_rect r, uint32_t color, float radius)
{
    ui_push_rect(u, ui_rect_px(u, r), color, ui_px(u, radius), 0);
}

/* The image's rectangle fitted into `box` (pixels), centred, keeping its aspect. */
static ui_rect fit(const gfx_image *img, ui_rect box)
{
    int w = 0, h = 0;
    if (img)
        gfx_image_size(img, &w, &h);
    if (w <= 0 || h <= 0)
        return box;
    float s = fminf(box.w / (float)w, box.h / (float)h);
    float fw = (float)w * s, fh = (float)h * s;
    return (ui_rect){box.x + (box.w - fw) * 0.5f, box.y + (box.h - fh) * 0.5f, fw, fh};
}

void ui_image(ui *u, ui_rect r, const gfx_image *img, float alpha)
{
    if (img)
        ui_push_image(u, img, fit(img, ui_rect_px(u, r)), alpha, 0);
}

/* ---- slider ---- */

int ui_slider(ui *u, ui_id id, ui_rect r, float *value, const ui_slider_desc *desc)
{
    ui_slider_desc d = desc ? *desc : (ui_slider_desc){0};
    const ui_theme *t = &u->theme;
    ui_rect px = ui_rect_px(u, r);
    bool mirror = u->f.rtl && !d.media;
    ui_add_widget(u, &(ui_widget){.id = id, .kind = UI_W_SLIDER, .hit = ui_grow_to_touch(u, px),
                                  .vis = px, .clip = clip_now(u), .focusable = true});
    int flags = 0;
    float v = clampf(*value, 0, 1);
    /* held, or let go since the last frame (where the pointer was let go: a press and release
     * between two frames still seeks there) */
    if ((u->active == id || u->released == id) && px.w > 0) {
        float f = clampf((u->pointer_x - px.x) / px.w, 0, 1);
        v = mirror ? 1 - f : f;
        if (u->active == id)
            flags |= UI_SLIDER_DRAGGING;
    }
    if (u->released == id)
        flags |= UI_SLIDER_RELEASED;
    if (u->focus == id && u->key_delta) {
        float step = d.step > 0 ? d.step : 0.05f;
        v = clampf(v + step * (float)(mirror ? -u->key_delta : u->key_delta), 0, 1);
        flags |= UI_SLIDER_RELEASED;
    }
    if (v != *value) {
        *value = v;
        flags |= UI_SLIDER_CHANGED;
    }

    float th = ui_px(u, 4), ty = px.y + (px.h - th) * 0.5f;
    ui_push_rect(u, (ui_rect){px.x, ty, px.w, th}, t->track, th * 0.5f, id);
    float mark = clampf(d.mark, 0, 1);
    if (mark > 0) {
        float mw = px.w * mark;
        ui_push_rect(u, (ui_rect){mirror ? px.x + px.w - mw : px.x, ty, mw, th}, t->track,
                     th * 0.5f, id);
    }
    float fw = px.w * v, knob_x = mirror ? px.x + px.w - fw : px.x + fw;
    ui_push_rect(u, (ui_rect){mirror ? knob_x : px.x, ty, fw, th}, t->accent, th * 0.5f, id);
    float h = ui_hover_amount(u, id, u->hover == id || u->active == id ||
                                         (u->focus == id && u->focus_visible));
    float kd = ui_px(u, 12 + 4 * h);
    ui_push_rect(u, (ui_rect){knob_x - kd * 0.5f, px.y + (px.h - kd) * 0.5f, kd, kd}, t->text,
                 kd * 0.5f, id);
    return flags;
}

/* ---- spot (a marker drawn elsewhere that the keyboard reaches) ---- */

bool ui_spot(ui *u, ui_id id, float x, float y, float d)
{
    ui_rect px = {x - d * 0.5f, y - d * 0.5f, d, d};
    /* no hit rectangle (the pointer is the place's) and no vis (the ring is round, below) */
    ui_add_widget(u, &(ui_widget){.id = id, .kind = UI_W_BUTTON, .clip = clip_now(u),
                                  .focusable = true});
    if (u->focus == id && u->focus_visible) {
        float g = ui_px(u, 4);
        ui_rect ring = {px.x - g, px.y - g, px.w + 2 * g, px.h + 2 * g};
        ui_push_rect(u, ring, u->theme.focus_ring, ring.w * 0.5f, id);
        u->draw[u->draw_n - 1].border = ui_px(u, 3);
    }
    return u->clicked == id;
}

/* ---- scrolling (lists and panels) ---- */

/* Applies the wheel, keys and a drag (pixels) to a scrolling area and clamps its offset. */
static void scroll_update(ui *u, ui_id id, ui_state *s, float content, float view, float line)
{
    s->content = content;
    s->view = view;
    if (u->wheel_target == id)
        s->scroll -= u->wheel * line * 3;
    if (u->focus == id && u->key_scroll)
        s->scroll += (float)u->key_scroll * line * 3;
    if (u->active == id) {
        if (s->drag_active)
            s->scroll -= u->pointer_y - s->drag_y;
        s->drag_active = true;
        s->drag_y = u->pointer_y;
    } else {
        s->drag_active = false;
    }
    s->scroll = clampf(s->scroll, 0, fmaxf(0, content - view));
}

static void scroll_bar(ui *u, ui_rect area, const ui_state *s)
{
    if (s->content <= s->view + 0.5f)
        return;
    float w = ui_px(u, 4), x = u->f.rtl ? area.x : area.x + area.w - w;
    float h = fmaxf(ui_px(u, 24), area.h * s->view / s->content);
    float y = area.y + (area.h - h) * s->scroll / (s->content - s->view);
    ui_push_rect(u, (ui_rect){x, area.y, w, area.h}, ui_color_alpha(u->theme.track, 0.5f),
                 w * 0.5f, 0);
    ui_push_rect(u, (ui_rect){x, y, w, h}, u->theme.text_dim, w * 0.5f, 0);
}

/* ---- list ---- */

int ui_list(ui *u, ui_id id, ui_rect r, const ui_list_item *items, int count)
{
    const ui_theme *t = &u->theme;
    ui_rect px = ui_rect_px(u, r), saved = clip_now(u);
    float pad = ui_px(u, 6), row_h = fmaxf(u->touch_px, ui_px(u, 56));
    float head_h = ui_px(u, t->small_size * 2.2f);
    float thumb_h = row_h - 2 * pad, thumb_w = roundf(thumb_h * 16 / 9);
    ui_state *s = ui_state_of(u, id);

    /* rows' offsets from the top of the content */
    float content = 0, focus_top = -1;
    for (int i = 0; i < count; i++) {
        const char *prev_group = i ? items[i - 1].group : NULL;
        if (items[i].group && (!prev_group || strcmp(prev_group, items[i].group) != 0))
            content += head_h;
        if (u->focus == ui_id_mix(id, (uint32_t)i))
            focus_top = content;
        content += row_h;
    }
    ui_add_widget(u, &(ui_widget){.id = id, .kind = UI_W_SCROLL, .hit = px, .clip = saved});
    scroll_update(u, id, s, content, px.h, row_h / 3);
    if (focus_top >= 0 && u->focus_visible) { /* keep the row the keyboard is on in view */
        if (focus_top < s->scroll)
            s->scroll = focus_top;
        else if (focus_top + row_h > s->scroll + px.h)
            s->scroll = focus_top + row_h - px.h;
    }

    ui_push_clip(u, px);
    int chosen = -1;
    float y = px.y - s->scroll;
    for (int i = 0; i < count; i++) {
        const ui_list_item *it = &items[i];
        const char *prev_group = i ? items[i - 1].group : NULL;
        if (it->group && (!prev_group || strcmp(prev_group, it->group) != 0)) {
            const text_layout *g = ui_layout(u, it->group, t->small_size, true,
                                             px.w - 2 * pad, TEXT_ALIGN_START);
            if (g && y + head_h > px.y && y < px.y + px.h)
                ui_push_text(u, g, text_x(g, px.x + pad, px.w - 2 * pad),
                             y + head_h - g->height - pad * 0.5f, t->text_dim, 0);
            y += head_h;
        }
        ui_id rid = ui_id_mix(id, (uint32_t)i);
        ui_rect row = {px.x, y, px.w, row_h};
        ui_add_widget(u, &(ui_widget){.id = rid, .kind = UI_W_ROW, .hit = row, .vis = row,
                                      .clip = px, .group = id, .focusable = true});
        if (u->clicked == rid)
            chosen = i;
        if (y + row_h <= px.y || y >= px.y + px.h) {
            y += row_h;
            continue;
        }
        bool hovered = u->hover == rid;
        float h = ui_hover_amount(u, rid, hovered || (u->focus == rid && u->focus_visible));
        uint32_t bg = it->selected ? ui_color_alpha(t->accent, 0.6f)
                                   : ui_color_alpha(t->control_hover, h);
        if (u->active == rid && hovered)
            bg = t->control_pressed;
        ui_push_rect(u, row, bg, ui_px(u, t->radius * 0.6f), rid);
        bool boxed = it->thumb || it->placeholder;
        float tw = boxed ? thumb_w : 0;
        float tx = u->f.rtl ? row.x + row.w - pad - tw : row.x + pad;
        ui_rect thumb = {tx, y + pad, thumb_w, thumb_h};
        if (it->thumb) {
            ui_push_rect(u, thumb, 0x000000FF, ui_px(u, 3), rid);
            ui_push_image(u, it->thumb, fit(it->thumb, thumb), 1, rid);
        } else if (it->placeholder) {
            ui_push_rect(u, thumb, t->control, ui_px(u, 3), rid);
        }
        float gap = boxed ? 2 * pad : pad;
        float bx = u->f.rtl ? row.x + pad : tx + tw + gap;
        float bw = row.w - tw - gap - 2 * pad;
        const text_layout *title = ui_layout(u, it->title, t->font_size, false, bw,
                                             TEXT_ALIGN_START);
        const text_layout *sub = ui_layout(u, it->subtitle, t->small_size, false, bw,
                                           TEXT_ALIGN_START);
        float th = (title ? title->height : 0) + (sub ? sub->height : 0);
        float ty = y + (row_h - th) * 0.5f;
        if (title)
            ui_push_text(u, title, text_x(title, bx, bw), ty, t->text, rid);
        if (sub)
            ui_push_text(u, sub, text_x(sub, bx, bw), ty + (title ? title->height : 0),
                         t->text_dim, rid);
        y += row_h;
    }
    ui_push_clip(u, saved);
    scroll_bar(u, px, s);
    return chosen;
}

/* ---- panel ---- */

enum { PANEL_BLOCKS = 64 };

bool ui_panel(ui *u, ui_id id, ui_rect r, const ui_panel_desc *d)
{
    const ui_theme *t = &u->theme;
    ui_rect px = ui_rect_px(u, r), saved = clip_now(u);
    /* a panel narrower than its padding keeps its text inside: less padding, lines wrapped at
     * (nearly) nothing and clipped, never running off across the picture unwrapped */
    float pad = fminf(ui_px(u, t->padding), fmaxf(0, (px.w - 1) * 0.5f));
    float gap = ui_px(u, t->spacing);
    float close_dp = 32, close = ui_px(u, close_dp);
    float inner = fmaxf(1, px.w - 2 * pad);
    bool closed = d->closable && u->close_req == id;

    float title_w = fmaxf(1, inner - (d->closable ? close + gap : 0));
    const text_layout *title = ui_layout(u, d->title, t->title_size, true, title_w,
                                         TEXT_ALIGN_START);
    float header = fmaxf(title ? title->height : 0, d->closable ? close : 0);

    /* the content: each block's layout (or image) and height */
    float body_w = fmaxf(1, inner - ui_px(u, 8)); /* room for the scroll bar */
    const text_layout *lay[PANEL_BLOCKS] = {0};
    float bh[PANEL_BLOCKS] = {0}, content = 0;
    int n = d->block_count < PANEL_BLOCKS ? d->block_count : PANEL_BLOCKS;
    for (int i = 0; i < n; i++) {
        const ui_block *b = &d->blocks[i];
        if (b->kind == UI_BLOCK_IMAGE) {
            float aspect = b->aspect;
            int iw = 0, ih = 0;
            if (aspect <= 0 && b->image)
                gfx_image_size(b->image, &iw, &ih);
            if (aspect <= 0)
                aspect = iw > 0 && ih > 0 ? (float)iw / (float)ih : 1;
            bh[i] = roundf(body_w / aspect);
        } else {
            float size = b->kind == UI_BLOCK_HEADING ? t->font_size * 1.2f : t->font_size;
            lay[i] = ui_layout(u, b->utf8, size, b->kind != UI_BLOCK_PARAGRAPH, body_w,
                               TEXT_ALIGN_START);
            bh[i] = lay[i] ? lay[i]->height : 0;
        }
        content += bh[i] + (i ? gap : 0);
    }
    float reserve = d->reserve > 0 ? ui_px(u, d->reserve) : 0;
    float blocks_h = content;
    if (reserve > 0)
        content += reserve + (n ? gap : 0);
    float top = px.y + pad + header + (n || d->reserve > 0 ? gap : 0);
    float view = fminf(content, fmaxf(0, px.y + px.h - pad - top));
    ui_rect panel = {px.x, px.y, px.w, (top - px.y) + view + pad};
    ui_rect area = {px.x + pad, top, inner, view};

    ui_add_widget(u, &(ui_widget){.id = 0, .kind = UI_W_BLOCK, .hit = panel, .clip = saved});
    ui_push_rect(u, panel, t->panel, ui_px(u, t->radius), id);
    ui_state *s = ui_state_of(u, id);
    bool scrolls = content > view + 0.5f;
    if (scrolls)
        ui_add_widget(u, &(ui_widget){.id = id, .kind = UI_W_SCROLL, .hit = area, .vis = area,
                                      .clip = saved, .focusable = true});
    scroll_update(u, id, s, content, view, ui_px(u, t->font_size * 1.4f));

    if (title) {
        float bx = u->f.rtl ? px.x + px.w - pad - title_w : px.x + pad;
        ui_push_text(u, title, text_x(title, bx, title_w),
                     px.y + pad + (header - title->height) * 0.5f, t->text, id);
    }
    if (d->closable) {
        ui_rect cr = {r.x + r.w - t->padding - close_dp, r.y + t->padding, close_dp, close_dp};
        if (ui_button(u, ui_id_mix(id, 0xC105E), cr,
                      &(ui_button_desc){.icon = UI_ICON_CLOSE, .quiet = true,
                                        .size = t->font_size}))
            closed = true;
        if (!closed) /* Esc is for what stays open */
            u->closable_cur = id;
    }

    ui_push_clip(u, area);
    float y = top - s->scroll;
    float bx = u->f.rtl ? area.x + area.w - body_w : area.x;
    for (int i = 0; i < n; i++) {
        const ui_block *b = &d->blocks[i];
        if (y + bh[i] > area.y && y < area.y + area.h) {
            if (b->kind == UI_BLOCK_IMAGE) {
                ui_rect ir = {bx, y, body_w, bh[i]};
                if (b->image)
                    ui_push_image(u, b->image, ir, 1, id);
                else
                    ui_push_rect(u, ir, t->control, ui_px(u, 4), id);
            } else if (lay[i]) {
                uint32_t c = b->kind == UI_BLOCK_PARAGRAPH ? t->text_dim : t->text;
                ui_push_text(u, lay[i], text_x(lay[i], bx, body_w), y, c, id);
            }
        }
        y += bh[i] + gap;
    }
    ui_push_clip(u, saved);
    scroll_bar(u, area, s);
    if (d->reserved) {
        float ry = top - s->scroll + blocks_h + (n && reserve > 0 ? gap : 0);
        *d->reserved = (ui_rect){r.x + t->padding, ry / u->scale, body_w / u->scale,
                                 reserve / u->scale};
    }
    return !closed;
}

bool ui_panel_scroll(const ui *u, ui_id id, float *content, float *offset)
{
    for (int i = 0; i < UI_STATES; i++)
        if (u->state[i].id == id) {
            *content = u->state[i].content / u->scale;
            *offset = u->state[i].scroll / u->scale;
            return true;
        }
    return false;
}

/* ---- tooltip and toast ---- */

void ui_tooltip(ui *u, ui_id id, const char *utf8)
{
    if (!utf8 || !*utf8 || u->hover != id || u->active)
        return;
    const ui_widget *w = ui_find(u->cur, u->cur_n, id);
    if (!w)
        return;
    if (u->f.now - u->hover_since < 0.5) {
        u->animating = true; /* a frame is due when the delay is over */
        return;
    }
    snprintf(u->tip_text, sizeof(u->tip_text), "%s", utf8);
    u->tip_anchor = w->vis;
}

void ui_callout(ui *u, ui_id id, float x, float y, float gap, bool below, const char *utf8)
{
    if (!utf8 || !*utf8)
        return;
    const text_layout *l = ui_layout(u, utf8, u->theme.font_size, false, ui_px(u, 360),
                                     TEXT_ALIGN_CENTER);
    if (!l)
        return;
    /* a pill as wide as the text and half a line of padding around it */
    float pad_y = roundf(l->px * 0.45f), pad_x = roundf(pad_y * 1.6f), m = ui_px(u, 4);
    float w = l->width + 2 * pad_x, h = l->height + 2 * pad_y;
    float top = below ? y + gap : y - gap - h;
    if (top < m) /* no room above: below the point */
        top = y + gap;
    float left = fmaxf(m, fminf(x - w * 0.5f, u->f.width - w - m));
    ui_push_rect(u, (ui_rect){left, top, w, h}, u->theme.tooltip,
                 fminf(h * 0.5f, ui_px(u, u->theme.radius * 2)), id);
    ui_push_text(u, l, left + pad_x, top + pad_y, u->theme.text, id);
}

void ui_toast(ui *u, const char *utf8, double seconds)
{
    if (!utf8 || !*utf8)
        return;
    int slot = 0;
    for (int i = 0; i < UI_TOASTS; i++) {
        if (!u->toasts[i].text[0]) {
            slot = i;
            break;
        }
        if (u->toasts[i].until < u->toasts[slot].until)
            slot = i;
    }
    ui_toast_state *t = &u->toasts[slot];
    snprintf(t->text, sizeof(t->text), "%s", utf8);
    t->start = u->f.now;
    t->until = u->f.now + (seconds > 0 ? seconds : 3);
    u->animating = true;
}
