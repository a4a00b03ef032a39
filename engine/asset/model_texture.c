/* asset/model_texture: a model's textures decoded from their file bytes, which the import
 * helper hands over compressed (model_wire.c) instead of decoded: the bytes are checked here,
 * before any pixel is allocated, the way the panorama decoder checks its files (sides within
 * ASSET_TEXTURE_MAX_SIDE, a JPEG or PNG claiming more pixels than its bytes can hold refused),
 * then decoded by libjpeg-turbo (JPEG) or stb_image (PNG, TGA, BMP...). Any thread (the
 * loader's worker in the viewer); the model is owned by the caller. */
#include "asset/asset_internal.h"
#include "asset/model_internal.h"

#include <limits.h>
#include <stb/stb_image.h>
#include <stdlib.h>
#include <turbojpeg.h>

void model_texture_placeholder(asset_image *img)
{
    /* 2x2 magenta/black checker: impossible to mistake for real content. */
    static const uint8_t px[16] = {255, 0, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 0, 255, 255};
    memset(img, 0, sizeof(*img));
    img->width = img->height = 2;
    img->pixels = pv_malloc(sizeof(px));
    memcpy(img->pixels, px, sizeof(px));
}

static bool texture_size_ok(int w, int h, char *why, size_t why_n)
{
    if (w <= 0 || h <= 0 || w > ASSET_TEXTURE_MAX_SIDE || h > ASSET_TEXTURE_MAX_SIDE) {
        snprintf(why, why_n, "%dx%d is larger than the %dx%d limit for model textures", w, h,
                 ASSET_TEXTURE_MAX_SIDE, ASSET_TEXTURE_MAX_SIDE);
        return false;
    }
    return true;
}

static bool texture_jpeg(const uint8_t *b, size_t n, asset_image *img, char *why, size_t why_n)
{
    tjhandle tj = tjInitDecompress();
    if (!tj) {
        snprintf(why, why_n, "the JPEG decoder could not start");
        return false;
    }
    bool ok = false;
    int w = 0, h = 0, sub, space;
    if (n > ULONG_MAX || tjDecompressHeader3(tj, b, (unsigned long)n, &w, &h, &sub, &space)) {
        snprintf(why, why_n, "not a readable JPEG (%s)", tjGetErrorStr2(tj));
    } else if (texture_size_ok(w, h, why, why_n)) {
        /* As asset_jpeg_header: every 8x8 block takes a bit or two, so a large image in less
         * than a byte per 1024 pixels is damaged or a decompression bomb. */
        double pixels = (double)w * (double)h;
        if (pixels > 4096.0 * 4096.0 && (double)n * 1024.0 < pixels) {
            snprintf(why, why_n, "claims to be %dx%d but holds only %zu bytes: a damaged file "
                     "or a decompression bomb", w, h, n);
        } else {
            uint8_t *px = asset_big_alloc((size_t)w * (size_t)h * 4);
            /* Damaged or cut data is an error, not a half-grey texture. */
            if (tjDecompress2(tj, b, (unsigned long)n, px, w, w * 4, h, TJPF_RGBA,
                              TJFLAG_ACCURATEDCT) != 0) {
                snprintf(why, why_n, "cannot be decoded as JPEG (%s)", tjGetErrorStr2(tj));
                asset_big_free(px, (size_t)w * (size_t)h * 4);
            } else {
                memset(img, 0, sizeof(*img));
                img->width = w;
                img->height = h;
                img->pixels = px;
                ok = true;
            }
        }
    }
    tjDestroy(tj);
    return ok;
}

/* PNG (its header checked by asset_png_check), TGA, BMP and the rest stb_image reads. */
static bool texture_stb(const uint8_t *b, size_t n, asset_image *img, char *why, size_t why_n)
{
    int w, h, comp;
    if (n > INT32_MAX || !stbi_info_from_memory(b, (int)n, &w, &h, &comp)) {
        snprintf(why, why_n, "not a decodable image (%s)",
                 n > INT32_MAX ? "too large" : stbi_failure_reason());
        return false;
    }
    if (!texture_size_ok(w, h, why, why_n))
        return false;
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) {
        char pwhy[256];
        int pw, ph;
        if (asset_png_check(b, n, n, &pw, &ph, pwhy, sizeof(pwhy)) != PV_OK ||
            asset_png_chunks_check(b, n, pwhy, sizeof(pwhy)) != PV_OK) {
            snprintf(why, why_n, "it %s", pwhy);
            return false;
        }
    }
    stbi_uc *px = stbi_load_from_memory(b, (int)n, &w, &h, &comp, 4);
    if (!px) {
        snprintf(why, why_n, "%s", stbi_failure_reason() ? stbi_failure_reason() : "unknown");
        return false;
    }
    /* stb's block is a malloc'd one: asset_image_free hands it back to free(). */
    memset(img, 0, sizeof(*img));
    img->width = w;
    img->height = h;
    img->pixels = px;
    return true;
}

void model_textures_decode(asset_model *m, const char *display, pv_diags *diags)
{
    for (int i = 0; i < m->texture_count; i++) {
        asset_texture *t = &m->textures[i];
        if (!t->file_bytes)
            continue;
        char why[512] = "";
        const uint8_t *b = t->file_bytes;
        size_t n = t->file_size;
        bool ok = n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff
                      ? texture_jpeg(b, n, &t->image, why, sizeof(why))
                      : texture_stb(b, n, &t->image, why, sizeof(why));
        pv_free(&t->file_bytes);
        t->file_size = 0;
        if (ok)
            continue;
        model_texture_placeholder(&t->image);
        t->missing = true;
        if (diags)
            pv_diags_add(diags, PV_SEV_WARNING, display, 0, 0,
                         "texture \"%s\" cannot be used (%s); drawn as a magenta/black "
                         "placeholder until the file is fixed",
                         t->name, why);
    }
}
