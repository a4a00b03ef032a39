/* render/place: drawing a panorama place (its full image, the image streaming in, or its
 * preview), a 360 video place's frame, the video screens on its sphere, and over it a video
 * shown full screen and a film's subtitles. Main thread only. */
#include "render/render.h"

#include <math.h>

bool render_panorama(gfx *g, const render_pano_desc *d)
{
    if (d->full)
        gfx_draw_pano(g, d->full, d->view, d->width, d->height, d->alpha);
    else if (d->stream && gfx_equirect_ready(d->stream, d->view, d->width, d->height))
        gfx_draw_equirect(g, d->stream, d->view, d->width, d->height, d->alpha);
    else if (d->preview)
        gfx_draw_pano(g, d->preview, d->view, d->width, d->height, d->alpha);
    else
        return false;
    return true;
}

bool render_screen(gfx *g, const render_screen_desc *d, float centre[2])
{
    float q[4][2];
    bool visible = true;
    for (int k = 0; k < 4 && visible; k++)
        visible = pv_view_project(d->view, d->width, d->height, d->corners[k], &q[k][0],
                                  &q[k][1]);
    float cx = 0.0f, cy = 0.0f; /* the middle of the quad: the play button, a label */
    if (visible) {
        cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) * 0.25f;
        cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) * 0.25f;
    }
    if (d->picture) {
        gfx_draw_video_sphere(g, d->picture, d->view, d->width, d->height, d->corners,
                              d->alpha);
        if (!visible)
            return false;
        centre[0] = cx, centre[1] = cy;
        if (d->reconnecting || d->failed)
            return true;
    } else if (visible) {
        /* Before the first frame, or when the clip cannot play: a card in its place. */
        float x0 = fminf(q[0][0], q[3][0]), x1 = fmaxf(q[1][0], q[2][0]);
        float y0 = fminf(q[0][1], q[1][1]), y1 = fmaxf(q[2][1], q[3][1]);
        const float card[4] = {0.08f, 0.09f, 0.11f, 0.9f * d->alpha};
        gfx_draw_rect(g, x0, y0, x1 - x0, y1 - y0, 6.0f * d->scale, card);
        centre[0] = (x0 + x1) * 0.5f, centre[1] = (y0 + y1) * 0.5f;
        if (d->failed)
            return true;
    } else {
        return false;
    }
    if (d->playing)
        return true;
    gfx_draw_marker(g, cx, cy, 56.0f * d->scale * (d->hover ? 1.1f : 1.0f), GFX_MARKER_PLAY,
                    d->hover ? 1.0f : 0.0f, d->alpha);
    return true;
}

void render_fullscreen_video(gfx *g, const gfx_video *picture, float aspect, int width,
                             int height)
{
    const float dim[4] = {0.0f, 0.0f, 0.0f, 0.94f};
    gfx_draw_rect(g, 0, 0, (float)width, (float)height, 0.0f, dim);
    if (!picture)
        return;
    float w = (float)width, h = w / aspect;
    if (h > height) {
        h = (float)height;
        w = h * aspect;
    }
    gfx_draw_video(g, picture, roundf((width - w) * 0.5f), roundf((height - h) * 0.5f),
                   roundf(w), roundf(h), 1.0f);
}

void render_video_place(gfx *g, const gfx_video *frame, const pv_view *view, int width,
                        int height, float alpha)
{
    gfx_draw_video_360(g, frame, view, width, height, alpha);
}

void render_subtitles(gfx *g, const gfx_image *subtitles, float x, float y)
{
    int w, h;
    gfx_image_size(subtitles, &w, &h);
    gfx_draw_image(g, subtitles, x, y, (float)w, (float)h, 1.0f);
}
