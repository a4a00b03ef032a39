/* Tests for ui's text field without GL: events in (typed text, input-method composition, keys,
 * clicks) as platform/ delivers them, then the buffer, caret and selection, and the draw list
 * (caret position in Arabic, the composition's underline, dots in password mode). Also
 * text/'s grapheme clusters the caret steps over. Fonts: the project's (DejaVu Sans, with
 * WenQuanYi behind it for CJK) through text/'s private fontconfig. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

#include "check.h"

enum { W = 800, H = 600 };
static const ui_rect BOX = {100, 100, 300, 40};

static void begin(ui *u, bool rtl)
{
    ui_frame_begin(u, &(ui_frame_desc){.width = W, .height = H, .scale = 1, .dpi = 96,
                                       .rtl = rtl, .lang = rtl ? "ar" : "en", .now = 0});
}

/* One frame with one field (and a button after it, for Tab). */
static int frame(ui *u, ui_id id, char *buf, size_t cap, const ui_field_desc *d, bool rtl)
{
    begin(u, rtl);
    ui_rect r = BOX;
    if (d && d->multiline)
        r.h = 120;
    int flags = ui_text_field(u, id, r, buf, cap, d);
    ui_button(u, ui_id_of("after"), (ui_rect){100, 300, 80, 30},
              &(ui_button_desc){.label = "OK"});
    ui_frame_end(u);
    return flags;
}

static bool type(ui *u, const char *s)
{
    platform_event e = {.type = PLATFORM_EV_TEXT_INPUT};
    snprintf(e.text, sizeof e.text, "%s", s);
    return ui_event(u, &e);
}

static bool compose(ui *u, const char *s, int cursor)
{
    platform_event e = {.type = PLATFORM_EV_TEXT_EDIT, .edit_cursor = cursor};
    snprintf(e.text, sizeof e.text, "%s", s);
    return ui_event(u, &e);
}

static bool key(ui *u, platform_key k, bool shift, bool ctrl)
{
    return ui_event(u, &(platform_event){.type = PLATFORM_EV_KEY_DOWN, .key = k, .shift = shift,
                                         .ctrl = ctrl});
}

static void click(ui *u, float x, float y)
{
    ui_event(u, &(platform_event){.type = PLATFORM_EV_POINTER_MOVE, .x = x, .y = y});
    ui_event(u, &(platform_event){.type = PLATFORM_EV_POINTER_DOWN, .x = x, .y = y,
                                  .button = 1});
    ui_event(u, &(platform_event){.type = PLATFORM_EV_POINTER_UP, .x = x, .y = y, .button = 1});
}

/* Shows the field, clicks it at BOX.x + dx (giving it the focus) and shows it again. */
static void click_field(ui *u, ui_id id, char *buf, size_t cap, const ui_field_desc *d,
                        float dx)
{
    frame(u, id, buf, cap, d, false);
    click(u, BOX.x + dx, BOX.y + 20);
    frame(u, id, buf, cap, d, false);
}

static size_t caret(const ui *u, ui_id id)
{
    size_t c = (size_t)-1;
    CHECK(ui_text_field_caret(u, id, &c, NULL));
    return c;
}

/* The field's text layout in the draw list (NULL when it drew none). */
static const ui_draw *field_text(const ui *u, ui_id id)
{
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind == UI_DRAW_TEXT && d->id == id)
            return d;
    }
    return NULL;
}

/* Rectangles drawn for no widget (highlights and underlines) at most max_h tall. */
static int thin_rects(const ui *u, float max_h, ui_rect *first)
{
    int n = 0;
    for (int i = 0; i < ui_draw_count(u); i++) {
        const ui_draw *d = ui_draw_at(u, i);
        if (d->kind == UI_DRAW_RECT && d->id == 0 && d->rect.h <= max_h) {
            if (!n && first)
                *first = d->rect;
            n++;
        }
    }
    return n;
}

static void test_graphemes(void)
{
    const char *nagari = "\u0928\u093F\u0915"; /* नि + क: a consonant with its vowel sign */
    size_t n = strlen(nagari);
    CHECK(text_grapheme_next(nagari, n, 0) == 6);
    CHECK(text_grapheme_prev(nagari, n, n) == 6);
    CHECK(text_grapheme_prev(nagari, n, 6) == 0);
    CHECK(text_grapheme_count(nagari, n) == 2);
    /* a Korean syllable of conjoining jamo (ᄒ ᅡ ᆫ), a family emoji, a flag */
    const char *jamo = "\u1112\u1161\u11AB";
    CHECK(text_grapheme_count(jamo, strlen(jamo)) == 1);
    const char *family = "\U0001F469\u200D\U0001F469\u200D\U0001F467";
    CHECK(text_grapheme_next(family, strlen(family), 0) == strlen(family));
    const char *flags = "\U0001F1EF\U0001F1F5\U0001F1EB\U0001F1F7"; /* JP FR */
    CHECK(text_grapheme_count(flags, strlen(flags)) == 2);
    CHECK(text_grapheme_prev(flags, strlen(flags), strlen(flags)) == 8);
    CHECK(text_grapheme_next("ab", 2, 2) == 2 && text_grapheme_prev("ab", 2, 0) == 0);
    /* a position inside a cluster goes to the cluster's ends */
    CHECK(text_grapheme_next(family, strlen(family), 5) == strlen(family));
    CHECK(text_grapheme_prev(family, strlen(family), 5) == 0);
}

static void test_typing_and_clusters(ui *u)
{
    ui_id id = ui_id_of("name");
    char buf[64] = "";
    frame(u, id, buf, sizeof buf, NULL, false);
    /* text arrives only while a field has the focus */
    CHECK(!type(u, "x"));
    click(u, BOX.x + 10, BOX.y + 20);
    CHECK(frame(u, id, buf, sizeof buf, NULL, false) == 0);
    CHECK(ui_focus(u) == id);
    CHECK(ui_text_input_wanted(u, NULL));
    CHECK(type(u, "ab"));
    CHECK(type(u, "\u0928\u093F"));                        /* नि */
    CHECK(type(u, "\U0001F469\u200D\U0001F469\u200D\U0001F467")); /* 👩‍👩‍👧 */
    CHECK(type(u, "\u1112\u1161\u11AB"));                 /* 한 from jamo */
    CHECK(frame(u, id, buf, sizeof buf, NULL, false) == UI_FIELD_CHANGED);
    size_t len = strlen(buf);
    CHECK(len == 2 + 6 + 18 + 9);
    CHECK(caret(u, id) == len);
    /* Backspace takes the whole syllable, then the whole family; Left steps over नि */
    key(u, PLATFORM_KEY_BACKSPACE, false, false);
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(strlen(buf) == 2 + 6 + 18);
    key(u, PLATFORM_KEY_BACKSPACE, false, false);
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(strcmp(buf, "ab\u0928\u093F") == 0);
    key(u, PLATFORM_KEY_LEFT, false, false);
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(caret(u, id) == 2);
    /* Delete takes the cluster after the caret; Home and End */
    key(u, PLATFORM_KEY_DELETE, false, false);
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(strcmp(buf, "ab") == 0 && caret(u, id) == 2);
    key(u, PLATFORM_KEY_HOME, false, false);
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(caret(u, id) == 0);
    key(u, PLATFORM_KEY_RIGHT, false, false);
    key(u, PLATFORM_KEY_RIGHT, false, false);
    key(u, PLATFORM_KEY_RIGHT, false, false); /* already at the end */
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(caret(u, id) == 2);
    /* keys that turn the view are the field's now; Tab still moves on */
    CHECK(key(u, PLATFORM_KEY_W, false, false));
    CHECK(key(u, PLATFORM_KEY_SPACE, false, false)); /* a space comes as text */
    CHECK(type(u, " "));
    CHECK(frame(u, id, buf, sizeof buf, NULL, false) == UI_FIELD_CHANGED);
    CHECK(strcmp(buf, "ab ") == 0);
    /* the caret stands after the trailing space, not on the b */
    const ui_draw *t = field_text(u, id);
    float c4[4];
    CHECK(t && ui_text_input_wanted(u, c4));
    if (t)
        CHECK(c4[0] > t->rect.x + t->layout->glyphs[1].x + t->layout->glyphs[1].advance + 2);
    /* Return in one line submits */
    key(u, PLATFORM_KEY_RETURN, false, false);
    CHECK(frame(u, id, buf, sizeof buf, NULL, false) == UI_FIELD_SUBMITTED);
    CHECK(key(u, PLATFORM_KEY_TAB, false, false));
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(ui_focus(u) == ui_id_of("after"));
    CHECK(!ui_text_input_wanted(u, NULL));
    CHECK(!key(u, PLATFORM_KEY_W, false, false));
    CHECK(!type(u, "z"));
}

static void test_selection_and_click(ui *u)
{
    ui_id id = ui_id_of("sel");
    char buf[64] = "hello world";
    frame(u, id, buf, sizeof buf, NULL, false);
    click(u, BOX.x + 2, BOX.y + 20); /* before the h */
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(caret(u, id) == 0);
    click(u, BOX.x + 290, BOX.y + 20); /* past the end */
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(caret(u, id) == strlen(buf));
    key(u, PLATFORM_KEY_LEFT, true, false);
    key(u, PLATFORM_KEY_LEFT, true, false);
    frame(u, id, buf, sizeof buf, NULL, false);
    size_t c, a;
    CHECK(ui_text_field_caret(u, id, &c, &a) && c == 9 && a == 11);
    ui_rect hl;
    CHECK(thin_rects(u, 40, &hl) >= 1); /* the highlight behind "ld" */
    type(u, "k!");
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(strcmp(buf, "hello work!") == 0);
    key(u, PLATFORM_KEY_A, false, true);
    key(u, PLATFORM_KEY_BACKSPACE, false, false);
    CHECK(frame(u, id, buf, sizeof buf, NULL, false) == UI_FIELD_CHANGED);
    CHECK(buf[0] == '\0' && caret(u, id) == 0);
    /* a buffer too small keeps whole characters: 5 bytes left for "日本" takes 日 */
    char small[6] = "ab";
    ui_id sid = ui_id_of("small");
    click_field(u, sid, small, sizeof small, NULL, 10);
    key(u, PLATFORM_KEY_END, false, false);
    type(u, "\u65E5\u672C");
    frame(u, sid, small, sizeof small, NULL, false);
    CHECK(strcmp(small, "ab\u65E5") == 0);
}

static void test_arabic(ui *u)
{
    ui_id id = ui_id_of("arabic");
    char buf[64] = "";
    click_field(u, id, buf, sizeof buf, NULL, 10);
    type(u, "\u0645\u0631\u062D\u0628\u0627"); /* مرحبا */
    frame(u, id, buf, sizeof buf, NULL, false);
    const ui_draw *t = field_text(u, id);
    float c[4];
    CHECK(t && ui_text_input_wanted(u, c));
    if (!t)
        return;
    /* the logical end of right-to-left text is its left edge */
    CHECK(fabsf(c[0] - t->rect.x) < 3);
    /* a right-to-left paragraph starts at the right of the box, even in an English form (it
     * was drawn from the left edge) */
    float right = t->rect.x + t->layout->width;
    CHECK(right > BOX.x + BOX.w - 20 && right <= BOX.x + BOX.w);
    CHECK(c[0] > BOX.x + BOX.w / 2);
    /* the first letter (cluster 0) is drawn rightmost */
    const text_layout *l = t->layout;
    int first = 0;
    for (int i = 0; i < l->glyph_count; i++)
        if (l->glyphs[i].cluster < l->glyphs[first].cluster)
            first = i;
    for (int i = 0; i < l->glyph_count; i++)
        CHECK(l->glyphs[i].x <= l->glyphs[first].x);
    /* Right goes backwards in a right-to-left paragraph, Left forwards */
    key(u, PLATFORM_KEY_RIGHT, false, false);
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(caret(u, id) == strlen(buf) - 2);
    float c2[4];
    ui_text_input_wanted(u, c2);
    CHECK(c2[0] > c[0] + 2); /* the caret moved to the right */
    key(u, PLATFORM_KEY_LEFT, false, false);
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(caret(u, id) == strlen(buf));
    /* unfocused, it stays at the right; a Latin paragraph in the same form starts at the left */
    ui_set_focus(u, 0);
    frame(u, id, buf, sizeof buf, NULL, false);
    t = field_text(u, id);
    CHECK(t && t->rect.x + t->layout->width > BOX.x + BOX.w - 20);
    char latin[16] = "Ana";
    ui_id lid = ui_id_of("latin");
    frame(u, lid, latin, sizeof latin, NULL, false);
    t = field_text(u, lid);
    CHECK(t && t->rect.x >= BOX.x && t->rect.x < BOX.x + 20);
    /* in an Arabic interface an empty field's caret waits at the right */
    char empty[16] = "";
    ui_id eid = ui_id_of("empty-ar");
    frame(u, eid, empty, sizeof empty, NULL, true);
    ui_set_focus(u, eid);
    frame(u, eid, empty, sizeof empty, NULL, true);
    CHECK(ui_text_input_wanted(u, c));
    CHECK(c[0] > W - BOX.x - 30 && c[0] < W - BOX.x);
}

static void test_composition(ui *u)
{
    ui_id id = ui_id_of("ime");
    char buf[64] = "ab";
    click_field(u, id, buf, sizeof buf, NULL, 290);
    CHECK(caret(u, id) == 2);
    /* the IME's composition shows at the caret, underlined; the buffer waits for the commit */
    CHECK(compose(u, "\u306B\u307B", 2)); /* にほ */
    CHECK(frame(u, id, buf, sizeof buf, NULL, false) == 0);
    CHECK(strcmp(buf, "ab") == 0);
    const ui_draw *t = field_text(u, id);
    CHECK(t && t->layout->glyph_count == 4);
    ui_rect ul;
    CHECK(thin_rects(u, 3, &ul) == 1);
    if (t) {
        const text_glyph *g = t->layout->glyphs;
        CHECK_NEAR(ul.x, t->rect.x + g[2].x, 1.0);
        CHECK(ul.w > g[2].advance * 1.5f);
        CHECK(ul.y > t->rect.y + g[2].y - 1); /* under the baseline */
    }
    float c[4];
    ui_text_input_wanted(u, c);
    if (t)
        CHECK(c[0] > t->rect.x + t->layout->glyphs[3].x); /* after ほ: the cursor is at 2 */
    /* a cancelled composition leaves nothing; a commit inserts */
    compose(u, "", 0);
    frame(u, id, buf, sizeof buf, NULL, false);
    CHECK(thin_rects(u, 3, NULL) == 0);
    compose(u, "\u306B", 1);
    type(u, "\u65E5\u672C");
    CHECK(frame(u, id, buf, sizeof buf, NULL, false) == UI_FIELD_CHANGED);
    CHECK(strcmp(buf, "ab\u65E5\u672C") == 0);
    CHECK(caret(u, id) == strlen(buf));
    CHECK(thin_rects(u, 3, NULL) == 0);
}

static void test_pin_and_multiline(ui *u)
{
    ui_id id = ui_id_of("pin");
    char pin[16] = "";
    ui_field_desc pd = {.password = true, .max_chars = 4};
    click_field(u, id, pin, sizeof pin, &pd, 10);
    type(u, "12");
    type(u, "345");
    frame(u, id, pin, sizeof pin, &pd, false);
    CHECK(strcmp(pin, "1234") == 0);
    const ui_draw *t = field_text(u, id);
    CHECK(t && t->layout->glyph_count == 4);
    if (t)
        for (int i = 1; i < t->layout->glyph_count; i++)
            CHECK(t->layout->glyphs[i].id == t->layout->glyphs[0].id); /* four dots */
    key(u, PLATFORM_KEY_LEFT, false, false);
    key(u, PLATFORM_KEY_BACKSPACE, false, false);
    frame(u, id, pin, sizeof pin, &pd, false);
    CHECK(strcmp(pin, "124") == 0 && caret(u, id) == 2);

    ui_id mid = ui_id_of("comment");
    char text[128] = "";
    ui_field_desc md = {.multiline = true, .placeholder = "Your comment"};
    frame(u, mid, text, sizeof text, &md, false);
    CHECK(field_text(u, mid) != NULL); /* the placeholder */
    ui_set_focus(u, mid);
    frame(u, mid, text, sizeof text, &md, false);
    type(u, "first line");
    key(u, PLATFORM_KEY_RETURN, false, false);
    key(u, PLATFORM_KEY_RETURN, false, false);
    type(u, "third");
    CHECK(frame(u, mid, text, sizeof text, &md, false) == UI_FIELD_CHANGED);
    CHECK(strcmp(text, "first line\n\nthird") == 0);
    t = field_text(u, mid);
    CHECK(t && t->layout->line_count == 3);
    /* Up from the end of "third" to the empty line, again to the first line, where the caret
     * comes back under where it started */
    float before[4], after[4];
    ui_text_input_wanted(u, before);
    key(u, PLATFORM_KEY_UP, false, false);
    frame(u, mid, text, sizeof text, &md, false);
    CHECK(caret(u, mid) == 11);
    key(u, PLATFORM_KEY_UP, false, false);
    frame(u, mid, text, sizeof text, &md, false);
    ui_text_input_wanted(u, after);
    CHECK(caret(u, mid) >= 3 && caret(u, mid) <= 6); /* in "first", under the end of "third" */
    CHECK(fabsf(after[0] - before[0]) < 6 && after[1] < before[1] - 30);
    key(u, PLATFORM_KEY_END, false, false);
    frame(u, mid, text, sizeof text, &md, false);
    CHECK(caret(u, mid) == 10);
    key(u, PLATFORM_KEY_RETURN, false, true); /* Ctrl+Enter sends */
    CHECK(frame(u, mid, text, sizeof text, &md, false) == UI_FIELD_SUBMITTED);
    /* a comment mixing directions: each paragraph starts at its own edge of the box, the
     * Arabic one at the right even though a longer English line sets the layout's width */
    ui_id xid = ui_id_of("mixed");
    char mixed[128] = "";
    ui_set_focus(u, xid);
    frame(u, xid, mixed, sizeof mixed, &md, false);
    type(u, "Thanks for the demo");
    key(u, PLATFORM_KEY_RETURN, false, false);
    type(u, "\u0634\u0643\u0631\u0627"); /* شكرا */
    frame(u, xid, mixed, sizeof mixed, &md, false);
    t = field_text(u, xid);
    CHECK(t && t->layout->line_count == 2);
    if (t && t->layout->line_count == 2) {
        const text_layout_line *en = &t->layout->lines[0], *ar = &t->layout->lines[1];
        CHECK(!en->rtl && ar->rtl);
        CHECK(t->rect.x + en->x < BOX.x + 20);                      /* at the left */
        float ar_right = t->rect.x + ar->x + ar->width;
        CHECK(ar_right > BOX.x + BOX.w - 20 && ar_right <= BOX.x + BOX.w); /* at the right */
        CHECK(t->rect.x + ar->x > t->rect.x + en->x + en->width);   /* past the English */
    }
    /* control characters never enter a one-line field */
    char one[16] = "";
    ui_id oid = ui_id_of("one");
    ui_set_focus(u, oid);
    frame(u, oid, one, sizeof one, NULL, false);
    type(u, "a\nb\tc\x7f");
    frame(u, oid, one, sizeof one, NULL, false);
    CHECK(strcmp(one, "abc") == 0);
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    test_graphemes();
    text_font *f = NULL;
    CHECK(text_font_open("DejaVu Sans", &f) == PV_OK);
    ui *u = NULL;
    CHECK(ui_create(&(ui_desc){.font = f}, &u) == PV_OK);
    if (!u)
        return check_done();
    test_typing_and_clusters(u);
    test_selection_and_click(u);
    test_arabic(u);
    test_composition(u);
    test_pin_and_multiline(u);
    ui_destroy(&u, NULL);
    text_font_close(&f);
    return check_done();
}
