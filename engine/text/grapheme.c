/* text grapheme clusters: boundaries of what a reader counts as one character (UAX #29's
 * extended grapheme clusters), for caret movement and deletion in text fields. utf8proc
 * carries the rules and the property tables (including emoji sequences and Hangul syllables);
 * its state follows regional-indicator pairs and emoji ZWJ sequences across code points.
 * Threads: any (pure functions). */
#include <utf8proc.h>

#include "text/text.h"

/* Boundaries are found scanning from the start: fields are short, and a boundary cannot be
 * decided by looking backwards alone (regional indicators pair from the start). */
size_t text_grapheme_next(const char *s, size_t len, size_t pos)
{
    if (!s || pos >= len)
        return len;
    size_t at = 0;
    utf8proc_int32_t state = 0;
    uint32_t prev = text_utf8_next(s, len, &at);
    while (at < len) {
        size_t start = at;
        uint32_t cp = text_utf8_next(s, len, &at);
        bool brk = utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev,
                                                    (utf8proc_int32_t)cp, &state);
        if (brk && start > pos)
            return start;
        prev = cp;
    }
    return len;
}

size_t text_grapheme_prev(const char *s, size_t len, size_t pos)
{
    if (!s || pos == 0 || len == 0)
        return 0;
    if (pos > len)
        pos = len;
    size_t at = 0, last = 0;
    utf8proc_int32_t state = 0;
    uint32_t prev = text_utf8_next(s, len, &at);
    while (at < len && at < pos) {
        size_t start = at;
        uint32_t cp = text_utf8_next(s, len, &at);
        if (utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev, (utf8proc_int32_t)cp,
                                             &state))
            last = start;
        prev = cp;
    }
    return last;
}

size_t text_grapheme_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t pos = 0; s && pos < len; pos = text_grapheme_next(s, len, pos))
        n++;
    return n;
}
