/* text atlas: glyph bitmaps packed into square pages of 8-bit coverage (see text.h), keyed by
 * face, glyph and size, for gfx to upload as textures and draw as batched quads.
 *
 * Packing is by shelves: a glyph goes on the first shelf of its page that is tall enough (and
 * not much taller) with room left, else on a new shelf, else on a new page. A 1-pixel gutter
 * keeps bilinear sampling from bleeding between glyphs. When every page is full the lookup
 * fails for the rest of the frame, and text_atlas_begin_frame starts again empty.
 *
 * Threads: as the fonts whose faces are looked up (one thread at a time). */
#include "text/text_internal.h"

#include <stdlib.h>
#include <string.h>

enum { GUTTER = 1, DEFAULT_PAGE = 1024, DEFAULT_PAGES = 4, MAX_PAGE = 8192, MAX_PAGES = 64 };

typedef struct shelf {
    int y, height, x;
} shelf;

typedef struct page {
    uint8_t *pixels;
    shelf *shelves;
    int shelf_count, shelf_cap;
    int bottom;          /* first row below the last shelf */
    int dirty_y0, dirty_y1;
} page;

typedef struct slot {
    uint32_t serial, id;
    int32_t size; /* 26.6; 0 marks an empty slot */
    text_atlas_glyph where;
} slot;

struct text_atlas {
    int page_size, max_pages;
    page *pages;
    int page_count;
    slot *slots;
    int slot_cap, slot_count;
    bool full; /* a glyph did not fit this frame */
};

pv_result text_atlas_create(const text_atlas_desc *d, text_atlas **out)
{
    if (!out)
        return PV_ERR_INVALID;
    *out = NULL;
    int size = d && d->page_size > 0 ? d->page_size : DEFAULT_PAGE;
    int pages = d && d->max_pages > 0 ? d->max_pages : DEFAULT_PAGES;
    if (size < 64 || size > MAX_PAGE || pages > MAX_PAGES) {
        pv_error("text: atlas pages of %d px (64 to %d) and %d pages (at most %d) are out of "
                 "range", size, MAX_PAGE, pages, MAX_PAGES);
        return PV_ERR_INVALID;
    }
    text_atlas *a = pv_calloc(1, sizeof *a);
    a->page_size = size;
    a->max_pages = pages;
    *out = a;
    return PV_OK;
}

static void clear(text_atlas *a)
{
    for (int i = 0; i < a->page_count; i++) {
        page *p = &a->pages[i];
        memset(p->pixels, 0, (size_t)a->page_size * (size_t)a->page_size);
        p->shelf_count = 0;
        p->bottom = 0;
        p->dirty_y0 = 0;
        p->dirty_y1 = a->page_size;
    }
    if (a->slots)
        memset(a->slots, 0, (size_t)a->slot_cap * sizeof *a->slots);
    a->slot_count = 0;
    a->full = false;
}

void text_atlas_destroy(text_atlas **pa)
{
    if (!pa || !*pa)
        return;
    text_atlas *a = *pa;
    for (int i = 0; i < a->page_count; i++) {
        free(a->pages[i].pixels);
        free(a->pages[i].shelves);
    }
    free(a->pages);
    free(a->slots);
    free(a);
    *pa = NULL;
}

static uint32_t slot_hash(uint32_t serial, uint32_t id, int32_t size)
{
    uint32_t h = id * 2654435761u ^ (serial * 0x85EBCA6Bu) ^ ((uint32_t)size * 40503u);
    return h ^ (h >> 15);
}

static slot *slot_find(text_atlas *a, uint32_t serial, uint32_t id, int32_t size)
{
    uint32_t mask = (uint32_t)a->slot_cap - 1;
    for (uint32_t i = slot_hash(serial, id, size) & mask;; i = (i + 1) & mask) {
        slot *s = &a->slots[i];
        if (s->size == 0 || (s->serial == serial && s->id == id && s->size == size))
            return s;
    }
}

static void slots_grow(text_atlas *a)
{
    slot *old = a->slots;
    int old_cap = a->slot_cap;
    a->slot_cap = old_cap ? old_cap * 2 : 512;
    a->slots = pv_calloc((size_t)a->slot_cap, sizeof *a->slots);
    for (int i = 0; i < old_cap; i++)
        if (old[i].size)
            *slot_find(a, old[i].serial, old[i].id, old[i].size) = old[i];
    free(old);
}

/* Finds room for w x h pixels (gutter included); false when no page has it. */
static bool place(text_atlas *a, int w, int h, int *pi, int *x, int *y)
{
    for (int i = 0; i <= a->page_count; i++) {
        if (i == a->page_count) {
            if (a->page_count >= a->max_pages)
                return false;
            a->pages = pv_realloc(a->pages, (size_t)(a->page_count + 1) * sizeof *a->pages);
            a->pages[a->page_count++] = (page){
                .pixels = pv_calloc((size_t)a->page_size, (size_t)a->page_size),
                .dirty_y1 = a->page_size,
            };
        }
        page *p = &a->pages[i];
        for (int s = 0; s < p->shelf_count; s++) {
            shelf *sh = &p->shelves[s];
            if (h <= sh->height && h * 4 >= sh->height * 3 && sh->x + w <= a->page_size) {
                *pi = i, *x = sh->x, *y = sh->y;
                sh->x += w;
                return true;
            }
        }
        if (p->bottom + h <= a->page_size && w <= a->page_size) {
            if (p->shelf_count == p->shelf_cap) {
                p->shelf_cap = p->shelf_cap ? p->shelf_cap * 2 : 16;
                p->shelves = pv_realloc(p->shelves, (size_t)p->shelf_cap * sizeof *p->shelves);
            }
            p->shelves[p->shelf_count++] = (shelf){p->bottom, h, w};
            *pi = i, *x = 0, *y = p->bottom;
            p->bottom += h;
            return true;
        }
    }
    return false;
}

bool text_atlas_glyph_get(text_atlas *a, const text_face *cface, uint32_t id, float px,
                          text_atlas_glyph *out)
{
    if (!a || !cface || !out || !(px > 0) || px > TEXT_MAX_PX)
        return false;
    text_face *face = (text_face *)cface; /* the font's own face, used on its thread */
    int32_t size = text_px_to_size(px);
    if (!a->slots || (a->slot_count + 1) * 10 > a->slot_cap * 7)
        slots_grow(a);
    slot *s = slot_find(a, face->serial, id, size);
    if (s->size) {
        *out = s->where;
        return true;
    }
    if (a->full || !face->usable || !text_face_set_size(face, size))
        return false;
    const text_glyph_bitmap *bm = text_face_glyph(face, id);
    text_atlas_glyph where = {.left = bm->left, .top = bm->top};
    if (bm->coverage) {
        int pi = 0, x = 0, y = 0;
        if (bm->width + GUTTER > a->page_size || bm->rows + GUTTER > a->page_size ||
            !place(a, bm->width + GUTTER, bm->rows + GUTTER, &pi, &x, &y)) {
            a->full = true;
            return false;
        }
        page *p = &a->pages[pi];
        for (int r = 0; r < bm->rows; r++)
            memcpy(p->pixels + (size_t)(y + r) * a->page_size + x,
                   bm->coverage + (size_t)r * bm->width, (size_t)bm->width);
        if (p->dirty_y0 == p->dirty_y1) {
            p->dirty_y0 = y;
            p->dirty_y1 = y + bm->rows;
        } else {
            if (y < p->dirty_y0)
                p->dirty_y0 = y;
            if (y + bm->rows > p->dirty_y1)
                p->dirty_y1 = y + bm->rows;
        }
        where.page = pi, where.x = x, where.y = y, where.w = bm->width, where.h = bm->rows;
    }
    *s = (slot){.serial = face->serial, .id = id, .size = size, .where = where};
    a->slot_count++;
    *out = where;
    return true;
}

bool text_atlas_begin_frame(text_atlas *a)
{
    if (!a || !a->full)
        return false;
    clear(a);
    return true;
}

int text_atlas_page_count(const text_atlas *a)
{
    return a ? a->page_count : 0;
}

int text_atlas_page_size(const text_atlas *a)
{
    return a ? a->page_size : 0;
}

const uint8_t *text_atlas_page_take_dirty(text_atlas *a, int page_index, int *y0, int *y1)
{
    if (!a || page_index < 0 || page_index >= a->page_count) {
        if (y0)
            *y0 = 0;
        if (y1)
            *y1 = 0;
        return NULL;
    }
    page *p = &a->pages[page_index];
    if (y0)
        *y0 = p->dirty_y0;
    if (y1)
        *y1 = p->dirty_y1;
    p->dirty_y0 = p->dirty_y1 = 0;
    return p->pixels;
}
