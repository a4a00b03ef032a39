/* render/booth: drawing a model place (a 3D booth) from the visit's camera: the environment's
 * panorama turned with the camera's own yaw and look pitch, so the model sits in it, then the
 * model (and its shadows) lit by the scene's light. Main thread only. */
#include "render/render.h"

#include <string.h>

#define BOOTH_MSAA 4 /* samples per pixel on booth places */

bool render_booth(gfx *g, const render_booth_desc *d)
{
    pv_view look = visit_camera_look(d->camera);
    int width = d->width, height = d->height;
    if (!d->model) {
        if (d->background)
            gfx_draw_pano(g, d->background, &look, width, height, 1.0f);
        return d->background != NULL;
    }
    /* While the view moves, a frame without multisampling costs half on a software
     * rasteriser, and a large model draws its proxy (built by the loader); the frame drawn
     * when it stops is multisampled and draws the full model. */
    gfx_msaa_begin(g, width, height, d->moving ? 0 : BOOTH_MSAA);
    if (d->background)
        gfx_draw_pano(g, d->background, &look, width, height, 1.0f);
    const scene_light *l = &d->booth.place->light;
    gfx_scene3d s = {.light_intensity = l->intensity, .exposure = 1.0f, .proxy = d->moving};
    visit_camera_view_proj(d->camera, &d->booth, width, height, s.view_proj);
    visit_camera_eye(d->camera, &d->booth, s.eye);
    memcpy(s.light_dir, l->direction, sizeof(s.light_dir));
    memcpy(s.light_color, l->color, sizeof(s.light_color));
    gfx_draw_model(g, d->model, d->env, &s);
    gfx_msaa_end(g);
    return true;
}
