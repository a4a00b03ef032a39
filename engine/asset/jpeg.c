/* asset/jpeg: libjpeg-turbo decoding in row bands (so a cube can be built while the rest of
 * the file decodes), with DCT scaling for previews. Any thread. */
#include "asset/asset_internal.h"

#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void on_error_exit(j_common_ptr cinfo)
{
    asset_jpeg_err *e = (asset_jpeg_err *)cinfo->err;
    e->mgr.format_message(cinfo, e->message);
    longjmp(e->jump, 1);
}

static void on_emit(j_common_ptr cinfo, int level)
{
    asset_jpeg_err *e = (asset_jpeg_err *)cinfo->err;
    if (level >= 0)
        return; /* trace messages */
    if (e->mgr.msg_code == JWRN_JPEG_EOF)
        e->truncated = 1;
    if (!e->message[0])
        e->mgr.format_message(cinfo, e->message);
    e->mgr.num_warnings++;
}

struct jpeg_error_mgr *asset_jpeg_err_init(asset_jpeg_err *e)
{
    memset(e, 0, sizeof(*e));
    struct jpeg_error_mgr *m = jpeg_std_error(&e->mgr);
    m->error_exit = on_error_exit;
    m->emit_message = on_emit;
    return m;
}

pv_result asset_jpeg_header(FILE *f, int *w, int *h, char *why, size_t why_n)
{
    struct jpeg_decompress_struct cinfo;
    asset_jpeg_err err;
    cinfo.err = asset_jpeg_err_init(&err);
    if (setjmp(err.jump)) {
        snprintf(why, why_n, "is not a readable JPEG (%s)", err.message);
        jpeg_destroy_decompress(&cinfo);
        return PV_ERR_FORMAT;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, f);
    jpeg_read_header(&cinfo, TRUE);
    *w = (int)cinfo.image_width;
    *h = (int)cinfo.image_height;
    jpeg_destroy_decompress(&cinfo);
    /* A decompression bomb: a few kilobytes claiming gigapixels would make the decoder
     * allocate gigabytes before finding out. Every 8x8 block of a real JPEG takes at least a
     * bit or two (a flat 16384x8192 image is about 800 KB), so a file holding less than a byte
     * per 1024 pixels is refused before anything is allocated. */
    struct stat st;
    double pixels = (double)*w * (double)*h;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && pixels > 4096.0 * 4096.0 &&
        (double)st.st_size * 1024.0 < pixels) {
        snprintf(why, why_n,
                 "claims to be %dx%d but holds only %lld bytes: a damaged file or a "
                 "decompression bomb (a real image this large takes at least %.0f KB)",
                 *w, *h, (long long)st.st_size, pixels / 1024.0 / 1024.0);
        return PV_ERR_FORMAT;
    }
    if (pixels > ASSET_MAX_PIXELS) {
        snprintf(why, why_n, "is %dx%d, more than the %.0f megapixels Pavilion opens: cut it "
                 "into tiles (pavilion tile)", *w, *h, ASSET_MAX_PIXELS / 1e6);
        return PV_ERR_LIMIT;
    }
    return PV_OK;
}

pv_result asset_jpeg_decode(const char *path, int scale_denom, asset_rows_progress *progress,
                            asset_image *out, char *why, size_t why_n)
{
    memset(out, 0, sizeof(*out));
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_n, "cannot open the file");
        return PV_ERR_IO;
    }
    struct jpeg_decompress_struct cinfo;
    asset_jpeg_err err;
    cinfo.err = asset_jpeg_err_init(&err);
    /* volatile: modified between setjmp and longjmp */
    uint8_t *volatile pixels = NULL;
    pv_result result = PV_OK;
    if (setjmp(err.jump)) {
        snprintf(why, why_n, "cannot be decoded as JPEG (%s)", err.message);
        result = PV_ERR_FORMAT;
        goto done;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, f);
    jpeg_read_header(&cinfo, TRUE);
    /* RGBX: four bytes a pixel, ready for GL and aligned for the resampler. */
    cinfo.out_color_space = JCS_EXT_RGBX;
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned)(scale_denom == 2 || scale_denom == 4 || scale_denom == 8
                                       ? scale_denom : 1);
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);
    int w = (int)cinfo.output_width, h = (int)cinfo.output_height;
    size_t stride = (size_t)w * 4;
    pixels = asset_big_alloc(stride * (size_t)h);
    out->width = w;
    out->height = h;
    out->pixels = pixels;
    if (progress && progress->on_start)
        progress->on_start(progress->user, out);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[16];
        int n = 0;
        for (; n < 16 && cinfo.output_scanline + (unsigned)n < cinfo.output_height; n++)
            rows[n] = pixels + stride * (cinfo.output_scanline + (unsigned)n);
        unsigned got = 0;
        while (got < (unsigned)n) {
            unsigned before = cinfo.output_scanline;
            jpeg_read_scanlines(&cinfo, rows + got, (JDIMENSION)(n - (int)got));
            got += cinfo.output_scanline - before;
        }
        if (progress) {
            atomic_store_explicit(&progress->rows_done, (int)cinfo.output_scanline,
                                  memory_order_release);
            asset_pano_watch *watch = progress->watch;
            if (watch) {
                atomic_store_explicit(&watch->rows_done, (int)cinfo.output_scanline,
                                      memory_order_release);
                if (watch->on_rows && (cinfo.output_scanline % 256 == 0 ||
                                       cinfo.output_scanline == cinfo.output_height))
                    watch->on_rows(watch->user);
            }
            if (progress->cancel && atomic_load(progress->cancel)) {
                snprintf(why, why_n, "cancelled");
                result = PV_ERR_CANCELLED;
                jpeg_abort_decompress(&cinfo);
                goto done;
            }
        }
    }
    jpeg_finish_decompress(&cinfo);
    if (err.truncated) {
        snprintf(why, why_n, "is truncated: the image data ends early (%s)", err.message);
        result = PV_ERR_FORMAT;
    } else if (err.mgr.num_warnings > 0) {
        snprintf(out->warning, sizeof(out->warning), "has damaged data and shows with flaws (%.*s)",
                 150, err.message);
    }
done:
    jpeg_destroy_decompress(&cinfo);
    fclose(f);
    if (result != PV_OK) {
        if (progress) {
            /* A consumer may still be reading rows: the caller frees out->pixels after it stops.
             * out->pixels already holds the buffer (set before on_start); it is not written
             * again here, where the consumer thread may be reading *out. */
            atomic_store(&progress->failed, 1);
        } else {
            /* out->width/height, not locals: those are indeterminate after longjmp */
            asset_big_free(pixels, (size_t)out->width * (size_t)out->height * 4);
            memset(out, 0, sizeof(*out));
        }
    }
    return result;
}
