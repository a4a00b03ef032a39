/* text drawing: hover labels and info panels composited on the CPU from layouts (see text.h):
 * a rounded-rect background, then each glyph's coverage blended in linear light.
 *
 * Threads: as the fonts used. */
#include "text/text_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_IMAGE_SIDE = 8192 };

#define DEFAULT_LABEL_PX 17.0f
#define DEFAULT_TITLE_PX 24.0f
#define DEFAULT_BODY_PX 17.0f
#define DEFAULT_TEXT_COLOR 0xFFFFFFFFu
#define DEFAULT_BODY_COLOR 0xE4E7ECFFu
#define DEFAULT_BACKGROUND 0x14171DD9u

typedef struct canvas {
    int width, height;
    uint8_t *rgba;
    uint8_t fill[4]; /* the background's inside pixel, for the blending fast path */
} canvas;

typedef struct rgba_f {
    float r, g, b, a;
} rgba_f;

static rgba_f unpack(uint32_t c)
{
    return (rgba_f){(c >> 24 & 255) / 255.0f, (c >> 16 & 255) / 255.0f, (c >> 8 & 255) / 255.0f,
                    (c & 255) / 255.0f};
}

static float rounded_box_distance(float px, float py, float hx, float hy, float r)
{
    float qx = fabsf(px) - (hx - r), qy = fabsf(py) - (hy - r);
    float ox = qx > 0 ? qx : 0, oy = qy > 0 ? qy : 0;
    float inside = qx > qy ? qx : qy;
    return sqrtf(ox * ox + oy * oy) + (inside < 0 ? inside : 0) - r;
}

/* Fills the canvas with an anti-aliased rounded rectangle and a 1px border a little lighter
 * (or darker, on light backgrounds) than the fill. */
static void draw_background(canvas *c, uint32_t color, float radius)
{
    rgba_f fill = unpack(color);
    float lum = 0.2126f * fill.r + 0.7152f * fill.g + 0.0722f * fill.b;
    float toward = lum > 0.6f ? 0.0f : 1.0f, mix = lum > 0.6f ? 0.12f : 0.16f;
    rgba_f border = {fill.r + (toward - fill.r) * mix, fill.g + (toward - fill.g) * mix,
                     fill.b + (toward - fill.b) * mix, fill.a + (1 - fill.a) * fill.a * 0.25f};
    float hx = c->width * 0.5f, hy = c->height * 0.5f;
    float r = pv_clampf(radius, 0, hx < hy ? hx : hy);
    c->fill[0] = (uint8_t)lrintf(255 * fill.r * fill.a);
    c->fill[1] = (uint8_t)lrintf(255 * fill.g * fill.a);
    c->fill[2] = (uint8_t)lrintf(255 * fill.b * fill.a);
    c->fill[3] = (uint8_t)lrintf(255 * fill.a);
    for (int y = 0; y < c->height; y++) {
        uint8_t *row = c->rgba + (size_t)y * c->width * 4;
        bool corner_row = y + 0.5f < r || y + 0.5f > c->height - r;
        bool edge_row = y < 2 || y >= c->height - 2;
        for (int x = 0; x < c->width; x++) {
            /* Away from the corners and the outer two pixels, everything is plain fill. */
            bool corner = corner_row && (x + 0.5f < r || x + 0.5f > c->width - r);
            if (!corner && !edge_row && x >= 2 && x < c->width - 2) {
                memcpy(row + x * 4, c->fill, 4);
                continue;
            }
            float d = rounded_box_distance(x + 0.5f - hx, y + 0.5f - hy, hx, hy, r);
            float outer = pv_clampf(0.5f - d, 0, 1);
            float inner = pv_clampf(-0.5f - d, 0, 1);
            float ring = outer - inner;
            float a = fill.a * inner + border.a * ring;
            uint8_t *p = row + x * 4;
            p[0] = (uint8_t)lrintf(255 * (fill.r * fill.a * inner + border.r * border.a * ring));
            p[1] = (uint8_t)lrintf(255 * (fill.g * fill.a * inner + border.g * border.a * ring));
            p[2] = (uint8_t)lrintf(255 * (fill.b * fill.a * inner + border.b * border.a * ring));
            p[3] = (uint8_t)lrintf(255 * a);
        }
    }
}

/* Composites coverage of one colour over the canvas. Edges are blended in linear light so
 * anti-aliasing keeps the stroke weight the same for light-on-dark and dark-on-light text. */
typedef struct ink {
    const text_font *font; /* for the gamma tables */
    uint8_t srgb[3];
    float linear[3];
    float alpha;
    uint8_t fill[4]; /* most glyph pixels land on this background pixel... */
    uint8_t over_fill[256][4]; /* ...so the result per coverage is computed once */
} ink;

static void blend_pixel(const ink *k, uint8_t *p, uint8_t coverage);

static void make_ink(ink *k, const text_font *f, uint32_t color, const canvas *c)
{
    k->font = f;
    k->srgb[0] = color >> 24 & 255, k->srgb[1] = color >> 16 & 255, k->srgb[2] = color >> 8 & 255;
    for (int i = 0; i < 3; i++)
        k->linear[i] = f->srgb_to_linear[k->srgb[i]];
    k->alpha = (color & 255) / 255.0f;
    memcpy(k->fill, c->fill, 4);
    for (int cov = 0; cov < 256; cov++) {
        memcpy(k->over_fill[cov], c->fill, 4);
        blend_pixel(k, k->over_fill[cov], (uint8_t)cov);
    }
}

static void blend_pixel(const ink *k, uint8_t *p, uint8_t coverage)
{
    float t = k->alpha * (coverage / 255.0f);
    if (t >= 1.0f) {
        p[0] = k->srgb[0], p[1] = k->srgb[1], p[2] = k->srgb[2], p[3] = 255;
        return;
    }
    float da = p[3] / 255.0f;
    float a = t + da * (1 - t);
    if (a <= 0)
        return;
    for (int i = 0; i < 3; i++) {
        float lin = k->linear[i] * t;
        if (p[3]) {
            int straight = (p[i] * 255 + p[3] / 2) / p[3];
            lin += k->font->srgb_to_linear[straight > 255 ? 255 : straight] * da * (1 - t);
        }
        float l = pv_clampf(lin / a, 0, 1);
        uint8_t s = k->font->linear_to_srgb[(int)(l * (TEXT_LIN_TO_SRGB_SIZE - 1) + 0.5f)];
        p[i] = (uint8_t)lrintf(s * a);
    }
    p[3] = (uint8_t)lrintf(a * 255);
}

static void draw_glyph(canvas *c, const ink *k, const text_glyph_bitmap *e, int gx, int gy)
{
    for (int y = 0; y < e->rows; y++) {
        int cy = gy + y;
        if (cy < 0 || cy >= c->height)
            continue;
        const uint8_t *src = e->coverage + (size_t)y * e->width;
        uint8_t *row = c->rgba + (size_t)cy * c->width * 4;
        for (int x = 0; x < e->width; x++) {
            int cx = gx + x;
            if (!src[x] || cx < 0 || cx >= c->width)
                continue;
            uint8_t *p = row + cx * 4;
            if (memcmp(p, k->fill, 4) == 0)
                memcpy(p, k->over_fill[src[x]], 4);
            else
                blend_pixel(k, p, src[x]);
        }
    }
}

/* Draws the layout with its top-left corner at (left, top). */
static void draw_layout(canvas *c, text_font *f, const text_layout *l, uint32_t color,
                        float left, float top)
{
    ink k;
    make_ink(&k, f, color, c);
    int32_t size = text_px_to_size(l->px);
    for (int i = 0; i < l->glyph_count; i++) {
        const text_glyph *g = &l->glyphs[i];
        text_face *face = (text_face *)g->face; /* the font's own face, used on its thread */
        if (!text_face_set_size(face, size))
            continue;
        const text_glyph_bitmap *e = text_face_glyph(face, g->id);
        if (e->coverage)
            draw_glyph(c, &k, e, (int)lrintf(left + g->x) + e->left,
                       (int)lrintf(top + g->y) - e->top);
    }
}

static pv_result canvas_create(canvas *c, float w, float h, const char *what)
{
    int iw = (int)ceilf(w), ih = (int)ceilf(h);
    if (iw < 1)
        iw = 1;
    if (ih < 1)
        ih = 1;
    if (iw > MAX_IMAGE_SIDE || ih > MAX_IMAGE_SIDE) {
        pv_error("text: the %s would be %dx%d pixels, over the %d pixel limit; shorten the text "
                 "or set a max width", what, iw, ih, MAX_IMAGE_SIDE);
        return PV_ERR_LIMIT;
    }
    c->width = iw;
    c->height = ih;
    c->rgba = pv_calloc((size_t)iw * (size_t)ih, 4);
    return PV_OK;
}

/* ---- public rendering ---- */

void text_image_free(text_image *img)
{
    if (!img)
        return;
    free(img->rgba);
    *img = (text_image){0};
}

pv_result text_render_label(text_font *f, const text_label_desc *d, text_image *out)
{
    if (out)
        *out = (text_image){0};
    if (!f || !d || !out || !d->utf8)
        return PV_ERR_INVALID;
    float px = d->px != 0 ? d->px : DEFAULT_LABEL_PX;
    pv_result r = text_check_px(px, "label");
    if (r != PV_OK)
        return r;
    uint32_t color = d->color ? d->color : DEFAULT_TEXT_COLOR;
    uint32_t background = d->background ? d->background : DEFAULT_BACKGROUND;
    float pad_y = d->padding > 0 ? d->padding : roundf(px * 0.45f);
    float pad_x = roundf(pad_y * 1.6f);

    text_layout *l = NULL;
    canvas c = {0};
    r = text_layout_create(f, &(text_layout_desc){.utf8 = d->utf8, .px = px,
                                                  .align = TEXT_ALIGN_CENTER}, &l);
    if (r != PV_OK)
        goto done;
    float text_w = ceilf(l->width);
    float w = text_w + 2 * pad_x, h = ceilf(l->height) + 2 * pad_y;
    r = canvas_create(&c, w, h, "label");
    if (r != PV_OK)
        goto done;
    float radius = d->radius > 0 ? d->radius : d->radius < 0 ? 0 : c.height * 0.5f;
    draw_background(&c, background, radius);
    draw_layout(&c, f, l, color, pad_x + roundf((c.width - 2 * pad_x - l->width) * 0.5f), pad_y);
    out->width = c.width;
    out->height = c.height;
    out->rgba = c.rgba;
done:
    text_layout_destroy(&l);
    return r;
}

static bool has_text(const char *s)
{
    return s && *s;
}

pv_result text_render_panel(text_font *title_font, text_font *body_font,
                            const text_panel_desc *d, text_image *out)
{
    if (out)
        *out = (text_image){0};
    if (!d || !out)
        return PV_ERR_INVALID;
    bool with_title = has_text(d->title), with_body = has_text(d->body);
    if ((with_title && !title_font) || (with_body && !body_font))
        return PV_ERR_INVALID;
    float title_px = d->title_px != 0 ? d->title_px : DEFAULT_TITLE_PX;
    float body_px = d->body_px != 0 ? d->body_px : DEFAULT_BODY_PX;
    pv_result r = text_check_px(title_px, "panel title");
    if (r == PV_OK)
        r = text_check_px(body_px, "panel body");
    if (r != PV_OK)
        return r;
    float pad = d->padding > 0 ? d->padding : roundf(body_px * 0.9f);
    float max_w = d->max_width > 0 ? d->max_width : roundf(body_px * 26.0f);
    float content_max = floorf(max_w) - 2 * pad;
    float needed = (with_title ? title_px : 0) > body_px ? title_px : body_px;
    if (content_max < needed) {
        pv_error("text: panel max width %g px leaves %g px for text after %g px padding; "
                 "it needs at least %g px", max_w, content_max, pad, needed);
        return PV_ERR_INVALID;
    }
    uint32_t background = d->background ? d->background : DEFAULT_BACKGROUND;

    text_layout *title = NULL, *body = NULL;
    canvas c = {0};
    /* Body text reads better with more leading than the face's default (~1.16 em). */
    if (with_title &&
        (r = text_layout_create(title_font,
                                &(text_layout_desc){.utf8 = d->title, .px = title_px,
                                                    .max_width = content_max},
                                &title)))
        goto done;
    if (with_body &&
        (r = text_layout_create(body_font,
                                &(text_layout_desc){.utf8 = d->body, .px = body_px,
                                                    .max_width = content_max,
                                                    .line_height = roundf(body_px * 1.4f),
                                                    .paragraph_gap = roundf(body_px * 0.5f)},
                                &body)))
        goto done;

    float widest = 0;
    if (title && title->width > widest)
        widest = title->width;
    if (body && body->width > widest)
        widest = body->width;
    float content_w = ceilf(widest);
    float w = content_w + 2 * pad;
    if (w > floorf(max_w))
        w = floorf(max_w);
    float gap = with_title && with_body ? roundf(body_px * 0.7f) : 0;
    float title_h = title ? ceilf(title->height) : 0, body_h = body ? ceilf(body->height) : 0;
    float h = title_h + gap + body_h + 2 * pad;
    r = canvas_create(&c, w, h, "panel");
    if (r != PV_OK)
        goto done;
    float radius = d->radius > 0 ? d->radius : d->radius < 0 ? 0 : roundf(body_px * 0.6f);
    draw_background(&c, background, radius);
    /* Right-to-left text keeps to the right edge of the panel. */
    if (title)
        draw_layout(&c, title_font, title, d->title_color ? d->title_color : DEFAULT_TEXT_COLOR,
                    pad + roundf(text_layout_box_offset(title, content_w)), pad);
    if (body)
        draw_layout(&c, body_font, body, d->body_color ? d->body_color : DEFAULT_BODY_COLOR,
                    pad + roundf(text_layout_box_offset(body, content_w)), pad + title_h + gap);
    out->width = c.width;
    out->height = c.height;
    out->rgba = c.rgba;
done:
    text_layout_destroy(&title);
    text_layout_destroy(&body);
    return r;
}
