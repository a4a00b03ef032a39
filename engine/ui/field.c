/* ui text field: one line or several, with input-method composition, grapheme-cluster caret
 * movement and deletion, a selection, a maximum length and a password mode.
 *
 * The caller owns the buffer; ui keeps only the focused field's caret, selection, composition
 * and scroll (ui_field_edit). Edits arrive as ops queued by ui_event (typed text, composition,
 * keys, a click) and are applied, in order, when the focused field is described. What is drawn
 * is the buffer with the composition spliced in at the caret (each character a dot in password
 * mode), laid out by text/ in bidi order; caret and highlight positions come from the layout's
 * glyphs (a glyph's leading edge is its right edge in a right-to-left run).
 * Threads: main thread only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

static const char BULLET[] = "\u2022";
enum { BULLET_LEN = sizeof(BULLET) - 1 };

/* ---- editing the buffer ---- */

static void clamp_edit(ui_field_edit *e, size_t len)
{
    if (e->caret > len)
        e->caret = len;
    if (e->anchor > len)
        e->anchor = len;
}

static void delete_range(char *buf, size_t a, size_t b)
{
    size_t len = strlen(buf);
    if (b > len)
        b = len;
    if (a >= b)
        return;
    memmove(buf + a, buf + b, len - b + 1);
}

/* Deletes the selection; true when there was one. */
static bool delete_selection(ui_field_edit *e, char *buf)
{
    if (e->caret == e->anchor)
        return false;
    size_t a = e->caret < e->anchor ? e->caret : e->anchor;
    size_t b = e->caret < e->anchor ? e->anchor : e->caret;
    delete_range(buf, a, b);
    e->caret = e->anchor = a;
    return true;
}

/* Inserts text at the caret: control characters dropped (a newline kept in a multi-line
 * field), cut at a grapheme boundary to what the buffer and max_chars allow. */
static bool insert(ui_field_edit *e, char *buf, size_t cap, const char *text,
                   const ui_field_desc *d)
{
    char clean[64];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && n < sizeof clean - 1; p++) {
        unsigned char c = *p == '\r' ? '\n' : *p;
        if ((c < 0x20 && !(c == '\n' && d->multiline)) || c == 0x7F)
            continue;
        clean[n++] = (char)c;
    }
    clean[n] = '\0';
    size_t len = strlen(buf);
    size_t room = cap - 1 - len, keep = 0, chars = 0;
    size_t have = d->max_chars > 0 ? text_grapheme_count(buf, len) : 0;
    for (size_t at = 0; at < n;) {
        size_t next = text_grapheme_next(clean, n, at);
        if (next > room || (d->max_chars > 0 && have + chars + 1 > (size_t)d->max_chars))
            break;
        keep = next;
        chars++;
        at = next;
    }
    if (!keep)
        return false;
    memmove(buf + e->caret + keep, buf + e->caret, len - e->caret + 1);
    memcpy(buf + e->caret, clean, keep);
    e->caret += keep;
    e->anchor = e->caret;
    return true;
}

/* ---- what is shown: the buffer with the composition at the caret ---- */

typedef struct view {
    char *combined;          /* buffer + composition */
    size_t clen, plen;       /* its length, the composition's */
    char *shown;             /* what is laid out (combined, or dots) */
    size_t slen;
    const text_layout *l;
    bool password;
} view;

static void view_free(view *v)
{
    free(v->combined);
    if (v->shown != v->combined)
        free(v->shown);
    *v = (view){0};
}

/* combined offset -> shown offset */
static size_t to_shown(const view *v, size_t o)
{
    return v->password ? BULLET_LEN * text_grapheme_count(v->combined, o) : o;
}

/* shown offset -> combined offset */
static size_t from_shown(const view *v, size_t o)
{
    if (!v->password)
        return o;
    size_t at = 0;
    for (size_t k = o / BULLET_LEN; k > 0 && at < v->clen; k--)
        at = text_grapheme_next(v->combined, v->clen, at);
    return at;
}

static void view_make(ui *u, const ui_field_edit *e, const char *buf, bool focused,
                      const ui_field_desc *d, float size, float wrap_px, view *v)
{
    *v = (view){.password = d->password};
    size_t len = strlen(buf);
    size_t caret = focused ? e->caret : len;
    v->plen = focused ? strlen(e->preedit) : 0;
    v->clen = len + v->plen;
    v->combined = pv_malloc(v->clen + 1);
    memcpy(v->combined, buf, caret);
    memcpy(v->combined + caret, e->preedit, v->plen);
    memcpy(v->combined + caret + v->plen, buf + caret, len - caret + 1);
    if (d->password) {
        size_t n = text_grapheme_count(v->combined, v->clen);
        v->shown = pv_malloc(n * BULLET_LEN + 1);
        for (size_t i = 0; i < n; i++)
            memcpy(v->shown + i * BULLET_LEN, BULLET, BULLET_LEN);
        v->slen = n * BULLET_LEN;
        v->shown[v->slen] = '\0';
    } else {
        v->shown = v->combined;
        v->slen = v->clen;
    }
    v->l = ui_layout_edit(u, v->shown, size, d->multiline ? wrap_px : 0, TEXT_ALIGN_START);
}

/* The line a glyph is on, and whether its run is right to left. */
static int glyph_line(const text_layout *l, int g, bool *rtl)
{
    for (int li = 0; li < l->line_count; li++) {
        const text_layout_line *ln = &l->lines[li];
        for (int r = ln->first_run; r < ln->first_run + ln->run_count; r++)
            if (g >= l->runs[r].first && g < l->runs[r].first + l->runs[r].count) {
                *rtl = l->runs[r].rtl;
                return li;
            }
    }
    *rtl = false;
    return 0;
}

/* The line of the empty paragraph starting at shown offset p: the first line without glyphs
 * after the line of the last glyph before it. */
static int empty_line(const text_layout *l, size_t p)
{
    int after = -1;
    uint32_t best = 0;
    for (int g = 0; g < l->glyph_count; g++)
        if (l->glyphs[g].cluster < p && (after < 0 || l->glyphs[g].cluster >= best)) {
            bool rtl;
            best = l->glyphs[g].cluster;
            after = glyph_line(l, g, &rtl);
        }
    for (int li = after + 1; li < l->line_count; li++)
        if (l->lines[li].run_count == 0)
            return li;
    return l->line_count - 1;
}

/* The caret at shown offset p: x in the layout's pixels and its line. Within p's paragraph the
 * leading edge of the first glyph at or after p, else the trailing edge of the last one. */
static void caret_at(const text_layout *l, const char *s, size_t slen, size_t p, float *x,
                     int *line)
{
    size_t ps = p, pe = p;
    while (ps > 0 && s[ps - 1] != '\n')
        ps--;
    while (pe < slen && s[pe] != '\n')
        pe++;
    int lead = -1, trail = -1;
    for (int g = 0; g < l->glyph_count; g++) {
        uint32_t c = l->glyphs[g].cluster;
        if (c >= p && c < pe && (lead < 0 || c < l->glyphs[lead].cluster))
            lead = g;
        if (c >= ps && c < p && (trail < 0 || c > l->glyphs[trail].cluster))
            trail = g;
    }
    bool rtl;
    if (lead >= 0) {
        const text_glyph *g = &l->glyphs[lead];
        *line = glyph_line(l, lead, &rtl);
        *x = rtl ? g->x + g->advance : g->x;
    } else if (trail >= 0) {
        const text_glyph *g = &l->glyphs[trail];
        *line = glyph_line(l, trail, &rtl);
        *x = rtl ? g->x : g->x + g->advance;
    } else {
        *line = empty_line(l, ps);
        *x = l->lines[*line].x;
    }
}

/* The shown offset nearest the point (layout pixels): the nearest line, then the nearest glyph
 * edge on it (a glyph's leading edge is its cluster, its trailing edge the next boundary). */
static size_t place(const text_layout *l, const char *s, size_t slen, float x, float y)
{
    if (!l || !l->line_count)
        return 0;
    int line = l->line_count - 1;
    for (int li = 0; li < l->line_count; li++) {
        float bottom = li + 1 < l->line_count ? l->lines[li + 1].top : INFINITY;
        if (y < bottom) {
            line = li;
            break;
        }
    }
    const text_layout_line *ln = &l->lines[line];
    if (ln->run_count == 0) { /* an empty paragraph: the offset it starts at */
        for (size_t q = 0; q <= slen; q++)
            if ((q == 0 || s[q - 1] == '\n') && (q == slen || s[q] == '\n') &&
                empty_line(l, q) == line)
                return q;
        return slen;
    }
    size_t best = 0;
    float best_d = INFINITY;
    for (int r = ln->first_run; r < ln->first_run + ln->run_count; r++) {
        const text_run *run = &l->runs[r];
        for (int g = run->first; g < run->first + run->count; g++) {
            const text_glyph *gl = &l->glyphs[g];
            size_t c = gl->cluster, next = text_grapheme_next(s, slen, c);
            float left = gl->x, right = gl->x + gl->advance;
            float lead = run->rtl ? right : left, trail = run->rtl ? left : right;
            if (fabsf(x - lead) < best_d) {
                best_d = fabsf(x - lead);
                best = c;
            }
            if (fabsf(x - trail) < best_d) {
                best_d = fabsf(x - trail);
                best = next;
            }
        }
    }
    return best;
}

/* Draws rectangles under the glyphs showing shown offsets [a, b) (the layout drawn at ox, oy),
 * one per stretch of touching glyphs on a line: a selection's highlight, or an underline. */
static void range_rects(ui *u, const text_layout *l, size_t a, size_t b, float ox, float oy,
                        float top_pad, float height, uint32_t color, bool underline)
{
    if (a >= b)
        return;
    bool open = false;
    ui_rect cur = {0};
    int cur_line = -1;
    for (int g = 0; g <= l->glyph_count; g++) {
        bool in = false, rtl = false;
        int line = -1;
        float x0 = 0, x1 = 0;
        if (g < l->glyph_count) {
            const text_glyph *gl = &l->glyphs[g];
            in = gl->cluster >= a && gl->cluster < b && gl->advance > 0;
            line = glyph_line(l, g, &rtl);
            x0 = gl->x;
            x1 = gl->x + gl->advance;
        }
        if (open && (!in || line != cur_line || fabsf(ox + x0 - (cur.x + cur.w)) > 0.5f)) {
            ui_push_rect(u, cur, color, 0, 0);
            open = false;
        }
        if (!in)
            continue;
        if (!open) {
            const text_layout_line *ln = &l->lines[line];
            float y = underline ? ln->baseline + l->descent * 0.5f : ln->top + top_pad;
            cur = (ui_rect){ox + x0, oy + y, 0, height};
            cur_line = line;
            open = true;
        }
        cur.w = ox + x1 - cur.x;
    }
}

/* Applies a key; returns UI_FIELD_* flags. */
static int apply_key(ui *u, ui_field_edit *e, char *buf, const ui_field_op *op,
                     const ui_field_desc *d, const view *v, size_t cap)
{
    size_t len = strlen(buf);
    bool sel = e->caret != e->anchor;
    size_t lo = e->caret < e->anchor ? e->caret : e->anchor;
    size_t hi = e->caret < e->anchor ? e->anchor : e->caret;
    size_t to = e->caret;
    switch (op->key) {
    case PLATFORM_KEY_LEFT:
    case PLATFORM_KEY_RIGHT: {
        /* forwards is to the right in a left-to-right paragraph, to the left in a right-to-
         * left one (the caret's line says which) */
        bool rtl = false;
        if (v->l && v->l->line_count) {
            float x;
            int line;
            caret_at(v->l, v->shown, v->slen, to_shown(v, e->caret), &x, &line);
            rtl = v->l->lines[line].rtl;
        }
        bool forward = (op->key == PLATFORM_KEY_RIGHT) != rtl;
        if (sel && !op->shift)
            to = forward ? hi : lo;
        else
            to = forward ? text_grapheme_next(buf, len, e->caret)
                         : text_grapheme_prev(buf, len, e->caret);
        break;
    }
    case PLATFORM_KEY_HOME:
        while (to > 0 && buf[to - 1] != '\n')
            to--;
        break;
    case PLATFORM_KEY_END:
        while (to < len && buf[to] != '\n')
            to++;
        break;
    case PLATFORM_KEY_UP:
    case PLATFORM_KEY_DOWN: {
        if (!d->multiline || !v->l || !v->l->line_count)
            return 0;
        float x;
        int line;
        caret_at(v->l, v->shown, v->slen, to_shown(v, e->caret), &x, &line);
        if (e->has_goal)
            x = e->goal_x;
        e->goal_x = x;
        e->has_goal = true;
        line += op->key == PLATFORM_KEY_DOWN ? 1 : -1;
        if (line < 0)
            to = 0;
        else if (line >= v->l->line_count)
            to = len;
        else
            to = from_shown(v, place(v->l, v->shown, v->slen, x, v->l->lines[line].top + 1));
        break;
    }
    case PLATFORM_KEY_A:
        if (!op->ctrl)
            return 0;
        e->anchor = 0;
        e->caret = len;
        return 0;
    case PLATFORM_KEY_BACKSPACE:
    case PLATFORM_KEY_DELETE:
        if (!delete_selection(e, buf)) {
            size_t a = op->key == PLATFORM_KEY_BACKSPACE ? text_grapheme_prev(buf, len, e->caret)
                                                         : e->caret;
            size_t b = op->key == PLATFORM_KEY_BACKSPACE ? e->caret
                                                         : text_grapheme_next(buf, len, e->caret);
            if (a == b)
                return 0;
            delete_range(buf, a, b);
            e->caret = e->anchor = a;
        }
        return UI_FIELD_CHANGED;
    case PLATFORM_KEY_RETURN:
        if (d->multiline && !op->ctrl) {
            bool changed = delete_selection(e, buf);
            return insert(e, buf, cap, "\n", d) || changed ? UI_FIELD_CHANGED : 0;
        }
        return UI_FIELD_SUBMITTED;
    default:
        return 0;
    }
    e->caret = to;
    if (!op->shift)
        e->anchor = to;
    return 0;
}

int ui_text_field(ui *u, ui_id id, ui_rect r, char *buf, size_t cap, const ui_field_desc *desc)
{
    if (!buf || cap == 0)
        return 0;
    buf[cap - 1] = '\0';
    ui_field_desc d = desc ? *desc : (ui_field_desc){0};
    const ui_theme *t = &u->theme;
    float size = d.size > 0 ? d.size : t->font_size;
    ui_rect px = ui_rect_px(u, r);
    ui_rect clip = ui_clip_now(u);
    ui_add_widget(u, &(ui_widget){.id = id, .kind = UI_W_FIELD, .hit = ui_grow_to_touch(u, px),
                                  .vis = px, .clip = clip, .focusable = true});
    bool focused = u->focus == id;
    ui_field_edit *e = &u->edit;
    if (focused && e->id != id) {
        size_t len = strlen(buf);
        *e = (ui_field_edit){.id = id, .caret = len, .anchor = len};
    } else if (!focused && e->id == id) {
        e->id = 0; /* focus left: the next focus starts again at the end */
    }
    float pad = ui_px(u, t->padding * 0.6f);
    ui_rect inner = {px.x + pad, px.y + pad * 0.5f, px.w - 2 * pad, px.h - pad};
    int flags = 0;
    view v = {0};
    if (focused) {
        clamp_edit(e, strlen(buf));
        for (int i = 0; i < u->op_n; i++) {
            const ui_field_op *op = &u->ops[i];
            if (op->id != id)
                continue;
            if (!(op->kind == UI_OP_KEY &&
                  (op->key == PLATFORM_KEY_UP || op->key == PLATFORM_KEY_DOWN)))
                e->has_goal = false;
            switch (op->kind) {
            case UI_OP_TEXT: {
                bool changed = delete_selection(e, buf);
                e->preedit[0] = '\0'; /* a commit ends the composition */
                if (insert(e, buf, cap, op->text, &d) || changed)
                    flags |= UI_FIELD_CHANGED;
                break;
            }
            case UI_OP_EDIT: {
                snprintf(e->preedit, sizeof e->preedit, "%s", op->text);
                size_t at = 0, plen = strlen(e->preedit);
                for (int k = 0; k < op->cursor && at < plen; k++)
                    text_utf8_next(e->preedit, plen, &at);
                e->preedit_cursor = at;
                break;
            }
            case UI_OP_KEY:
            case UI_OP_PLACE:
                view_free(&v);
                view_make(u, e, buf, true, &d, size, inner.w, &v);
                if (op->kind == UI_OP_KEY) {
                    flags |= apply_key(u, e, buf, op, &d, &v, cap);
                } else if (v.l) {
                    const ui_state *st = ui_state_of(u, id);
                    size_t o = from_shown(&v, place(v.l, v.shown, v.slen, op->x - st->text_x,
                                                    op->y - st->text_y));
                    /* offsets inside the composition go to the caret */
                    size_t c = o <= e->caret ? o : o >= e->caret + v.plen ? o - v.plen
                                                                         : e->caret;
                    e->caret = e->anchor = c;
                } else {
                    e->caret = e->anchor = 0;
                }
                break;
            }
        }
        clamp_edit(e, strlen(buf));
    }

    /* the box: an accent outline while editing (the focus ring is only for the keyboard) */
    float h = ui_hover_amount(u, id, u->hover == id || focused);
    uint32_t bg = h > 0 ? t->control_hover : t->control;
    ui_push_rect(u, px, bg, ui_px(u, t->radius * 0.6f), id);
    if (focused && !u->focus_visible) {
        ui_push_rect(u, px, t->accent, ui_px(u, t->radius * 0.6f), id);
        u->draw[u->draw_n - 1].border = ui_px(u, 1.5f);
    }

    view_free(&v);
    view_make(u, e, buf, focused, &d, size, inner.w, &v);
    const text_layout *l = v.l;
    float lh = ui_px(u, size) * 1.4f;
    float caret_x = 0;
    int caret_line = 0;
    size_t caret_shown = 0;
    if (focused) {
        caret_shown = to_shown(&v, e->caret + (e->preedit[0] ? e->preedit_cursor : 0));
        if (l)
            caret_at(l, v.shown, v.slen, caret_shown, &caret_x, &caret_line);
    }
    /* place the layout: aligned in the box while it fits, else scrolled to show the caret */
    float lw = l ? l->width : 0, lhgt = l ? l->height : lh;
    float ox, oy;
    if (!d.multiline) {
        float scroll = 0;
        if (lw > inner.w) {
            /* unfocused, the paragraph's start shows: its right end in right-to-left text */
            scroll = focused ? e->scroll_x : (l->lines[0].rtl ? lw - inner.w : 0);
            if (focused) {
                if (caret_x - scroll > inner.w - 1)
                    scroll = caret_x - inner.w + 1;
                if (caret_x - scroll < 0)
                    scroll = caret_x;
            }
            scroll = fmaxf(0, fminf(scroll, lw - inner.w + 1));
            ox = inner.x - scroll;
        } else {
            ox = l ? inner.x + text_layout_box_offset(l, inner.w)
                   : (u->f.rtl ? inner.x + inner.w : inner.x);
        }
        if (focused)
            e->scroll_x = scroll;
        oy = inner.y + (inner.h - lhgt) * 0.5f;
    } else {
        float scroll = focused ? e->scroll_y : 0;
        if (focused && l) {
            const text_layout_line *ln = &l->lines[caret_line];
            if (ln->top - scroll + lh > inner.h)
                scroll = ln->top + lh - inner.h;
            if (ln->top - scroll < 0)
                scroll = ln->top;
            e->scroll_y = scroll = fmaxf(0, scroll);
        }
        ox = l ? inner.x + text_layout_box_offset(l, inner.w)
               : (u->f.rtl ? inner.x + inner.w : inner.x);
        oy = inner.y - scroll;
    }
    ox = roundf(ox);
    oy = roundf(oy);
    ui_state *st = ui_state_of(u, id);
    st->text_x = ox;
    st->text_y = oy;

    /* clipped to the box (and to what clipped it already) */
    ui_rect c = inner;
    if (clip.w > 0) {
        float x0 = fmaxf(c.x, clip.x), y0 = fmaxf(c.y, clip.y);
        float x1 = fminf(c.x + c.w, clip.x + clip.w), y1 = fminf(c.y + c.h, clip.y + clip.h);
        c = (ui_rect){x0, y0, fmaxf(1, x1 - x0), fmaxf(1, y1 - y0)};
    }
    ui_push_clip(u, (ui_rect){c.x - 2, c.y, c.w + 4, c.h});
    float asc = l ? l->ascent : ui_px(u, size), desc_px = l ? l->descent : 0;
    float glyph_h = asc + fabsf(desc_px);
    if (focused && l && e->caret != e->anchor) {
        size_t a = e->caret < e->anchor ? e->caret : e->anchor;
        size_t b = e->caret < e->anchor ? e->anchor : e->caret;
        range_rects(u, l, to_shown(&v, a), to_shown(&v, b), ox, oy,
                    l->lines[0].baseline - l->lines[0].top - asc, glyph_h,
                    ui_color_alpha(t->accent, 0.6f), false);
    }
    if (l)
        ui_push_text(u, l, ox, oy, t->text, id);
    else if (d.placeholder && !(focused && e->preedit[0])) {
        const text_layout *ph = ui_layout(u, d.placeholder, size, false, inner.w,
                                          TEXT_ALIGN_START);
        if (ph)
            ui_push_text(u, ph, inner.x + text_layout_box_offset(ph, inner.w),
                         d.multiline ? inner.y : inner.y + (inner.h - ph->height) * 0.5f,
                         t->text_dim, id);
    }
    if (focused && l && e->preedit[0]) {
        size_t a = to_shown(&v, e->caret), b = to_shown(&v, e->caret + v.plen);
        range_rects(u, l, a, b, ox, oy, 0, fmaxf(1, ui_px(u, 1.5f)), t->text, true);
    }
    if (focused) {
        float top, cx;
        if (l) {
            const text_layout_line *ln = &l->lines[caret_line];
            top = oy + ln->baseline - asc;
            cx = ox + caret_x;
        } else {
            top = inner.y + (d.multiline ? 0 : (inner.h - glyph_h) * 0.5f);
            cx = u->f.rtl ? inner.x + inner.w : inner.x;
        }
        float w = fmaxf(1, roundf(ui_px(u, 1.5f)));
        e->caret_px = (ui_rect){roundf(cx - w * 0.5f), top, w, glyph_h};
        ui_push_rect(u, e->caret_px, t->text, 0, id);
    }
    ui_push_clip(u, clip);
    view_free(&v);
    return flags;
}
