/* fuzz_subtitle: the SRT and WebVTT parsers (media_subs_load) on any bytes. The first byte picks
 * the format, given by a header the sniffing recognises ("WEBVTT" or an SRT cue number), so
 * every input reaches Pavilion's own parsers and never FFmpeg's demuxers. Loaded cues must be
 * sorted, with start <= end and a text. Single-threaded. */
#include "core/core.h"
#include "media/subtitle.h"

#include "fuzz_memfile.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1 << 20))
        return 0;
    const char *prefix = data[0] & 1 ? "WEBVTT\n\n" : "1\n";
    char path[64];
    int fd = fuzz_memfile(prefix, strlen(prefix), data + 1, size - 1, path, sizeof(path));
    if (fd < 0)
        return 0;
    media_subs *s = NULL;
    char why[512];
    pv_result r = media_subs_load(path, &s, why, sizeof(why));
    if ((r == PV_OK) != (s != NULL))
        abort();
    if (s) {
        int n = media_subs_count(s);
        double last = -1e300;
        for (int i = 0; i < n; i++) {
            const media_sub_cue *c = media_subs_cue(s, i);
            if (!c || !c->text || c->start > c->end || c->start < last)
                abort();
            last = c->start;
            int at = media_subs_at(s, c->start);
            if (c->start < c->end && at < 0)
                abort();
        }
        if (media_subs_cue(s, n) != NULL)
            abort();
    }
    media_subs_free(&s);
    close(fd);
    return 0;
}
