/* Tests for gfx's glyph batches over text's atlas: a mixed-script layout drawn as quads from
 * atlas pages lands where the layout says, with the ink of the atlas's coverage placed on the
 * CPU, in one draw call per page; glyphs spread over several pages take one call per page.
 * Offscreen GL (EGL). Writes /tmp/pavilion_glyphs.png for a visual check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb/stb_image_write.h>

#include "core/core.h"
#include "gfx/gfx.h"
#include "platform/platform.h"
#include "text/text.h"

#include "check.h"

enum { W = 420, H = 200 };

/* Queues a layout's glyphs with the top-left corner at (x, y), then uploads what the atlas
 * changed. What ui/ will do each frame. Returns the glyphs that did not fit. */
static int queue_layout(gfx *g, gfx_glyphs *b, text_atlas *a, const text_layout *l, float x,
                        float y, const float rgba[4])
{
    int lost = 0;
    for (int i = 0; i < l->glyph_count; i++) {
        const text_glyph *gl = &l->glyphs[i];
        text_atlas_glyph at;
        if (!text_atlas_glyph_get(a, gl->face, gl->id, l->px, &at)) {
            lost++;
            continue;
        }
        if (!at.w)
            continue;
        /* The page must exist on the GPU before a quad can name it. */
        int y0, y1;
        const uint8_t *px = text_atlas_page_take_dirty(a, at.page, &y0, &y1);
        if (y0 < y1)
            gfx_glyphs_upload(g, b, at.page, text_atlas_page_size(a), px, y0, y1);
        gfx_glyphs_quad(b, at.page, x + (float)(int)(gl->x + 0.5f) + at.left,
                        y + (float)(int)(gl->y + 0.5f) - at.top, (float)at.w, (float)at.h, at.x,
                        at.y, rgba);
    }
    return lost;
}

typedef struct ink_box {
    int x0, y0, x1, y1;
    long sum;
} ink_box;

static ink_box ink_of(const uint8_t *rgba, int w, int h, int stride_px)
{
    ink_box b = {w, h, -1, -1, 0};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int v = rgba[((size_t)y * stride_px + x) * 4];
            b.sum += v;
            if (v > 100) {
                b.x0 = x < b.x0 ? x : b.x0;
                b.y0 = y < b.y0 ? y : b.y0;
                b.x1 = x > b.x1 ? x : b.x1;
                b.y1 = y > b.y1 ? y : b.y1;
            }
        }
    return b;
}

int main(void)
{
    pv_log_set_level(PV_LOG_WARN);
    platform *plat = NULL;
    gfx *g = NULL;
    platform_desc pd = {.width = 64, .height = 64, .offscreen = true};
    if (platform_create(&pd, &plat) != PV_OK || gfx_create(&g) != PV_OK) {
        fprintf(stderr, "no offscreen GL context: cannot test rendering\n");
        return 1;
    }
    text_font *f = NULL;
    CHECK(text_font_open("DejaVu Sans", &f) == PV_OK);
    gfx_glyphs *b = gfx_glyphs_create(g);
    CHECK(b != NULL);
    text_atlas *a = NULL;
    CHECK(text_atlas_create(NULL, &a) == PV_OK);
    gfx_target *t = gfx_target_create(g, W, H);
    uint8_t *out = malloc((size_t)W * H * 4);
    const float black[3] = {0, 0, 0}, white[4] = {1, 1, 1, 1};
    const char *s = "Hall · Зал · قاعة · ホール · 홀 · 大厅";
    text_layout *l = NULL;
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = s, .px = 20}, &l) == PV_OK);
    if (!f || !b || !a || !t || !l)
        return check_done();

    gfx_target_bind(g, t);
    gfx_begin(g, W, H, black);
    text_atlas_begin_frame(a);
    CHECK(queue_layout(g, b, a, l, 10, 10, white) == 0);
    /* Two more labels in the same frame share the page and the draw call. */
    text_layout *l2 = NULL, *l3 = NULL;
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = "オーロラ", .px = 20}, &l2) == PV_OK);
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = "Foyer", .px = 20}, &l3) == PV_OK);
    CHECK(queue_layout(g, b, a, l2, 10, 60, white) == 0);
    CHECK(queue_layout(g, b, a, l3, 10, 110, white) == 0);
    CHECK(text_atlas_page_count(a) == 1);
    CHECK(gfx_glyphs_flush(g, b) == 1);
    CHECK(gfx_glyphs_flush(g, b) == 0); /* the queue is empty after a flush */
    gfx_read_pixels(g, W, H, out);
    CHECK(stbi_write_png("/tmp/pavilion_glyphs.png", W, H, 4, out, W * 4));

    /* The first label's ink sits where the layout says and matches the atlas's coverage. */
    ink_box gpu = ink_of(out, W, 50, W);
    CHECK(gpu.x0 >= 10 && gpu.x0 <= 13);
    CHECK(gpu.x1 <= 10 + (int)l->width + 1 && gpu.x1 >= 10 + (int)l->width - 4);
    CHECK(gpu.y0 >= 10 && gpu.y1 <= 10 + (int)l->height);
    /* The reference: the atlas's coverage placed by the layout on the CPU (max where glyphs
     * overlap), read from the pages' pixels rather than the textures. */
    uint8_t *cpu = calloc((size_t)W * 50 * 4, 1);
    int page_size = text_atlas_page_size(a);
    for (int i = 0; i < l->glyph_count; i++) {
        text_atlas_glyph at;
        if (!text_atlas_glyph_get(a, l->glyphs[i].face, l->glyphs[i].id, l->px, &at) || !at.w)
            continue;
        int y0, y1;
        const uint8_t *page = text_atlas_page_take_dirty(a, at.page, &y0, &y1);
        int gx = 10 + (int)(l->glyphs[i].x + 0.5f) + at.left;
        int gy = 10 + (int)(l->glyphs[i].y + 0.5f) - at.top;
        for (int y = 0; y < at.h; y++)
            for (int x = 0; x < at.w; x++) {
                int px = gx + x, py = gy + y;
                uint8_t c = page[(size_t)(at.y + y) * page_size + at.x + x];
                if (px >= 0 && px < W && py >= 0 && py < 50 && c > cpu[((size_t)py * W + px) * 4])
                    cpu[((size_t)py * W + px) * 4] = c;
            }
    }
    ink_box ref = ink_of(cpu, W, 50, W);
    printf("ink: gpu %dx%d sum %ld, atlas on the cpu %dx%d sum %ld\n", gpu.x1 - gpu.x0,
           gpu.y1 - gpu.y0, gpu.sum, ref.x1 - ref.x0, ref.y1 - ref.y0, ref.sum);
    CHECK(abs(gpu.x0 - ref.x0) <= 1 && abs(gpu.x1 - ref.x1) <= 1);
    CHECK(abs(gpu.y0 - ref.y0) <= 1 && abs(gpu.y1 - ref.y1) <= 1);
    /* White over black: the picture is the coverage itself, within rounding. */
    CHECK(gpu.sum > ref.sum * 0.98 && gpu.sum < ref.sum * 1.02);
    free(cpu);
    /* The second and third labels are drawn too, below it. */
    ink_box second = ink_of(out + (size_t)60 * W * 4, W, 40, W);
    ink_box third = ink_of(out + (size_t)110 * W * 4, W, 40, W);
    CHECK(second.x1 > second.x0 && third.x1 > third.x0);

    /* Small pages: the glyphs spread over several pages, one draw call each. */
    text_atlas *small = NULL;
    CHECK(text_atlas_create(&(text_atlas_desc){.page_size = 128, .max_pages = 8}, &small) ==
          PV_OK);
    text_layout *big = NULL;
    CHECK(text_layout_create(f, &(text_layout_desc){.utf8 = s, .px = 40}, &big) == PV_OK);
    gfx_glyphs *b2 = gfx_glyphs_create(g);
    gfx_begin(g, W, H, black);
    CHECK(big && queue_layout(g, b2, small, big, 0, 0, white) == 0);
    int pages = text_atlas_page_count(small);
    CHECK(pages >= 2);
    CHECK(gfx_glyphs_flush(g, b2) == pages);
    gfx_read_pixels(g, W, H, out);
    ink_box large = ink_of(out, W, H, W);
    CHECK(large.y1 - large.y0 > (gpu.y1 - gpu.y0) * 3 / 2); /* rasterised at the larger size */

    text_layout_destroy(&big);
    text_atlas_destroy(&small);
    gfx_glyphs_destroy(g, &b2);
    text_layout_destroy(&l);
    text_layout_destroy(&l2);
    text_layout_destroy(&l3);
    text_atlas_destroy(&a);
    gfx_glyphs_destroy(g, &b);
    CHECK(b == NULL);
    free(out);
    gfx_target_bind(g, NULL);
    gfx_target_destroy(g, &t);
    text_font_close(&f);
    gfx_destroy(&g);
    platform_destroy(&plat);
    return check_done();
}
