/* asset internals shared between image.c, jpeg.c and pano.c. */
#ifndef PV_ASSET_INTERNAL_H
#define PV_ASSET_INTERNAL_H

#include "asset/asset.h"

#include <stdio.h>
#include <setjmp.h>
#include <jpeglib.h>

/* Progress of a decode in rows, for a consumer on another thread. */
typedef struct asset_rows_progress {
    atomic_int rows_done;      /* rows of out->pixels that are final */
    atomic_int failed;         /* set when the decode stopped with an error */
    const atomic_int *cancel;  /* stop early when set */
    /* Called once the size is known and out->pixels is allocated (before any row). */
    void (*on_start)(void *user, const asset_image *img);
    void *user;
    asset_pano_watch *watch;   /* optional outside observer (rows mirrored there) */
} asset_rows_progress;

/* Large buffers (decoded images, cube faces), recycled: a panorama's hundreds of megabytes
 * would otherwise be faulted in page by page at every load, and on a 2-core machine those
 * faults cost as much as decoding. Backed by huge pages where the system allows. A block
 * from asset_big_alloc goes back with asset_big_free (any malloc'd block may be given). */
void *asset_big_alloc(size_t n);
void asset_big_free(void *p, size_t n);

/* libjpeg's error manager for our decoders: an error longjmps to `jump` with its text in
 * `message`; warnings are counted, the first kept, and a premature end sets `truncated`. */
typedef struct asset_jpeg_err {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int truncated;
} asset_jpeg_err;
/* Clears `e` and returns its manager for cinfo.err. */
struct jpeg_error_mgr *asset_jpeg_err_init(asset_jpeg_err *e);

pv_result asset_jpeg_header(FILE *f, int *w, int *h, char *why, size_t why_n);
/* Decodes a JPEG, publishing rows as they are written when `progress` is given. */
pv_result asset_jpeg_decode(const char *path, int scale_denom, asset_rows_progress *progress,
                            asset_image *out, char *why, size_t why_n);

#endif
