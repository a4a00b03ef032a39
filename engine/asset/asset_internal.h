/* asset internals shared between image.c, jpeg.c and pano.c. */
#ifndef PV_ASSET_INTERNAL_H
#define PV_ASSET_INTERNAL_H

#include "asset/asset.h"

#include <stdio.h>

/* Progress of a decode in rows, for a consumer on another thread. */
typedef struct asset_rows_progress {
    atomic_int rows_done;      /* rows of out->rgb that are final */
    atomic_int failed;         /* set when the decode stopped with an error */
    const atomic_int *cancel;  /* stop early when set */
    /* Called once the size is known and out->rgb is allocated (before any row). */
    void (*on_start)(void *user, const asset_image *img);
    void *user;
} asset_rows_progress;

/* Large buffers (decoded images, cube faces): backed by huge pages where the system allows,
 * which saves most of the page faults of first touching 100+ MB. Freed with free(). */
void *asset_big_alloc(size_t n);

pv_result asset_jpeg_header(FILE *f, int *w, int *h, char *why, size_t why_n);
/* Decodes a JPEG, publishing rows as they are written when `progress` is given. */
pv_result asset_jpeg_decode(const char *path, int scale_denom, asset_rows_progress *progress,
                            asset_image *out, char *why, size_t why_n);

#endif
