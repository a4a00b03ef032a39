/* media/subtitle: loading subtitle cues and drawing them with libass (see subtitle.h).
 *
 * Loading reads SRT/WebVTT text with the parser below and containers with FFmpeg; both give
 * cues with a plain text (for media_subs_at and callers) and an ASS text (libass markup: \N for
 * line breaks, {\i1} for italics, braces and backslashes escaped) for drawing.
 * Drawing builds, per renderer, an ASS track of our own style from the cues' ASS texts, asks
 * libass for the images at a time and composes them into a premultiplied RGBA canvas.
 *
 * Threads: media_subs_load may run on any thread (it logs through pv_log); a loaded media_subs is
 * read-only. A renderer is used by one thread at a time. */
#include "media/subtitle.h"
#include "media/media_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ass/ass.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

struct media_subs {
    media_sub_cue *cues;
    char **ass_text; /* per cue, libass markup */
    int count;
    uint64_t key; /* a hash of the times and ASS texts: renderers cache tracks by it */
};

/* ---- logging: FFmpeg's (media_route_ffmpeg_log) and libass's own messages go to our log at
 * debug level ---- */

static void subs_ass_log(int level, const char *fmt, va_list args, void *data)
{
    if (level > 4) /* libass: 0 fatal .. 7 debug; keep errors, warnings and notices */
        return;
    char line[512];
    vsnprintf(line, sizeof line, fmt, args);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (n)
        pv_debug("libass: %s", line);
}

/* ---- a growing string ---- */

typedef struct subs_str {
    char *p;
    size_t len, cap;
} subs_str;

static void str_add(subs_str *s, const char *src, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 64;
        while (s->len + n + 1 > cap)
            cap *= 2;
        s->p = pv_realloc(s->p, cap);
        s->cap = cap;
    }
    memcpy(s->p + s->len, src, n);
    s->len += n;
    s->p[s->len] = '\0';
}

static void str_addc(subs_str *s, char c)
{
    str_add(s, &c, 1);
}

static void str_adds(subs_str *s, const char *z)
{
    str_add(s, z, strlen(z));
}

/* Takes the string (never NULL). */
static char *str_take(subs_str *s)
{
    if (!s->p)
        return pv_strdup("");
    char *p = s->p;
    *s = (subs_str){0};
    return p;
}

/* ---- UTF-8 ---- */

/* Offset of the first byte that is not part of valid UTF-8 (or is NUL), n when all is valid. */
static size_t subs_utf8_bad_at(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        int more;
        uint32_t cp, min;
        if ((c & 0xE0) == 0xC0) {
            more = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            more = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            more = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        if (i + (size_t)more >= n)
            return i;
        for (int k = 1; k <= more; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += (size_t)more + 1;
    }
    return n;
}

static void str_add_utf8(subs_str *s, uint32_t cp)
{
    char b[4];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        str_addc(s, (char)cp);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        str_add(s, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        str_add(s, b, 3);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        str_add(s, b, 4);
    }
}

/* ---- cue texts: plain and ASS ---- */

/* Appends one character of text to both forms. Braces and backslashes are literal text here,
 * so the ASS form escapes them: \{ and \} are libass escapes; a backslash is followed by a word
 * joiner (U+2060, invisible) so that "\N" in the text stays two characters. */
static void text_put(subs_str *plain, subs_str *ass, uint32_t cp)
{
    str_add_utf8(plain, cp);
    if (cp == '{' || cp == '}') {
        str_addc(ass, '\\');
        str_addc(ass, (char)cp);
    } else if (cp == '\\') {
        str_adds(ass, "\\\xE2\x81\xA0");
    } else if (cp == '\n') {
        str_adds(ass, "\\N");
    } else {
        str_add_utf8(ass, cp);
    }
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* An HTML character reference at s ("&amp;", "&#233;", "&#x263A;"): its code point and
 * length, or 0 when s is not one (then '&' is literal). */
static int text_entity(const char *s, uint32_t *cp)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } names[] = {
        {"amp", '&'},   {"lt", '<'},      {"gt", '>'},     {"quot", '"'},
        {"apos", '\''}, {"nbsp", 0x00A0}, {"lrm", 0x200E}, {"rlm", 0x200F},
    };
    const char *semi = NULL;
    for (int i = 1; i < 12 && s[i]; i++)
        if (s[i] == ';') {
            semi = s + i;
            break;
        }
    if (!semi)
        return 0;
    size_t len = (size_t)(semi - s - 1);
    if (s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        const char *d = s + (hex ? 3 : 2);
        if (d == semi)
            return 0;
        uint32_t v = 0;
        for (; d < semi; d++) {
            int digit;
            if (is_digit(*d))
                digit = *d - '0';
            else if (hex && *d >= 'a' && *d <= 'f')
                digit = *d - 'a' + 10;
            else if (hex && *d >= 'A' && *d <= 'F')
                digit = *d - 'A' + 10;
            else
                return 0;
            v = v * (hex ? 16 : 10) + (uint32_t)digit;
            if (v > 0x10FFFF)
                v = 0x110000;
        }
        *cp = v;
        return (int)(semi - s + 1);
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == len && memcmp(names[i].name, s + 1, len) == 0) {
            *cp = names[i].cp;
            return (int)(semi - s + 1);
        }
    return 0;
}

/* Decodes one UTF-8 character; returns its length. A malformed sequence (never in validated
 * text) gives U+FFFD for its first byte. */
static int text_utf8(const char *s, uint32_t *cp)
{
    const uint8_t *u = (const uint8_t *)s;
    int n = u[0] < 0x80             ? 1
            : (u[0] & 0xE0) == 0xC0 ? 2
            : (u[0] & 0xF0) == 0xE0 ? 3
            : (u[0] & 0xF8) == 0xF0 ? 4
                                    : 0;
    for (int k = 1; k < n; k++)
        if ((u[k] & 0xC0) != 0x80)
            n = 0; /* stops at the NUL too */
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    static const uint8_t lead_mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    uint32_t v = u[0] & lead_mask[n];
    for (int k = 1; k < n; k++)
        v = (v << 6) | (u[k] & 0x3F);
    *cp = v;
    return n;
}

/* Drops blank lines and spaces at the start and end of a plain text, and the matching "\N"s
 * of its ASS text. */
static void text_trim(char *plain, char *ass)
{
    size_t n = strlen(plain);
    while (n && (plain[n - 1] == '\n' || is_space(plain[n - 1])))
        plain[--n] = '\0';
    size_t lead = strspn(plain, "\n \t");
    memmove(plain, plain + lead, n - lead + 1);
    for (;;) {
        size_t m = strlen(ass);
        if (m >= 2 && ass[m - 2] == '\\' && ass[m - 1] == 'N' && (m < 3 || ass[m - 3] != '\\'))
            ass[m - 2] = '\0';
        else if (m && is_space(ass[m - 1]))
            ass[m - 1] = '\0';
        else
            break;
    }
    for (;;) {
        if (ass[0] == '\\' && ass[1] == 'N')
            memmove(ass, ass + 2, strlen(ass + 2) + 1);
        else if (is_space(ass[0]))
            memmove(ass, ass + 1, strlen(ass + 1) + 1);
        else
            break;
    }
}

/* SRT/WebVTT cue payload (lines joined by \n) to plain and ASS text: HTML-like tags are
 * dropped (<i>, <b>, <u>, <s> become ASS italics, bold, underline, strike-out), WebVTT's
 * <c.class>, <v Speaker>, <00:01.000> and <lang> tags too; character references are decoded;
 * SRT's ASS-style {\an8} blocks are dropped. */
static void text_from_markup(const char *src, char **plain_out, char **ass_out)
{
    subs_str plain = {0}, ass = {0};
    const char *p = src;
    while (*p) {
        if (*p == '<') {
            const char *close = NULL;
            for (const char *q = p + 1; *q && *q != '\n' && *q != '<'; q++)
                if (*q == '>') {
                    close = q;
                    break;
                }
            const char *name = p + 1;
            bool end_tag = *name == '/';
            if (end_tag)
                name++;
            if (close && (is_alpha(*name) || is_digit(*name) || (end_tag && name == close))) {
                size_t len = 0;
                while (name + len < close && is_alpha(name[len]))
                    len++;
                bool plain_tag = name + len == close || name[len] == ' ' || name[len] == '.';
                if (len == 1 && plain_tag && strchr("ibusIBUS", name[0])) {
                    char tag[8];
                    char c = name[0] | 0x20; /* lower case */
                    snprintf(tag, sizeof tag, "{\\%c%d}", c, end_tag ? 0 : 1);
                    str_adds(&ass, tag);
                }
                p = close + 1;
                continue;
            }
        } else if (*p == '{' && p[1] == '\\') {
            const char *close = strchr(p, '}');
            const char *nl = strchr(p, '\n');
            if (close && (!nl || close < nl)) {
                p = close + 1;
                continue;
            }
        } else if (*p == '&') {
            uint32_t cp;
            int n = text_entity(p, &cp);
            if (n) {
                text_put(&plain, &ass, cp);
                p += n;
                continue;
            }
        }
        uint32_t cp;
        p += text_utf8(p, &cp);
        text_put(&plain, &ass, cp);
    }
    char *pl = str_take(&plain), *as = str_take(&ass);
    text_trim(pl, as);
    *plain_out = pl;
    *ass_out = as;
}

/* The Text field of an ASS event from FFmpeg's decoders to plain and ASS text: override blocks
 * are dropped except italics, bold, underline and strike-out toggles; \N and \n are line breaks,
 * \h a space. Positioning and styling of ASS tracks is not kept: all cues use our style. */
static void text_from_ass(const char *src, char **plain_out, char **ass_out)
{
    subs_str plain = {0}, ass = {0};
    const char *p = src;
    while (*p) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (close) {
                for (const char *q = p + 1; q < close; q++) {
                    if (*q != '\\')
                        continue;
                    char c = q[1];
                    if (c && strchr("ibus", c) && (q[2] == '0' || q[2] == '1') &&
                        (q + 3 == close || q[3] == '\\')) {
                        char tag[8];
                        snprintf(tag, sizeof tag, "{\\%c%c}", c, q[2]);
                        str_adds(&ass, tag);
                    }
                }
                p = close + 1;
                continue;
            }
        } else if (*p == '\\' && (p[1] == 'N' || p[1] == 'n')) {
            text_put(&plain, &ass, '\n');
            p += 2;
            continue;
        } else if (*p == '\\' && p[1] == 'h') {
            text_put(&plain, &ass, ' ');
            p += 2;
            continue;
        } else if (*p == '\\' && (p[1] == '{' || p[1] == '}')) {
            text_put(&plain, &ass, (uint32_t)p[1]);
            p += 2;
            continue;
        }
        uint32_t cp;
        p += text_utf8(p, &cp);
        if (cp == '\r')
            continue;
        text_put(&plain, &ass, cp);
    }
    char *pl = str_take(&plain), *as = str_take(&ass);
    text_trim(pl, as);
    *plain_out = pl;
    *ass_out = as;
}

/* ---- building a media_subs ---- */

typedef struct subs_cue_build {
    int64_t start_ms, end_ms;
    char *plain, *ass;
    int order;
} subs_cue_build;

typedef struct subs_build {
    const char *shown;
    subs_cue_build *cues;
    int count, cap;
    int cue_number; /* cues seen, good or bad: the ordinal used in messages */
    int bad, stray; /* cues with bad times; text outside any cue */
    char first_bad[256], first_stray[160];
    bool too_many;
} subs_build;

static void build_bad(subs_build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void build_bad(subs_build *b, const char *fmt, ...)
{
    if (b->bad++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(b->first_bad, sizeof b->first_bad, fmt, ap);
        va_end(ap);
    }
}

/* Copies at most max bytes of a UTF-8 string without cutting a character, with "..." when cut. */
static void quote_cut(char *dst, size_t n, const char *src, size_t max)
{
    size_t len = strlen(src);
    if (len > max) {
        len = max;
        while (len && ((uint8_t)src[len] & 0xC0) == 0x80)
            len--;
    }
    snprintf(dst, n, "%.*s%s", (int)len, src, len < strlen(src) ? "..." : "");
}

/* Takes plain and ass. Cues without text are dropped: they would show nothing. */
static void build_add(subs_build *b, int64_t start_ms, int64_t end_ms, char *plain, char *ass)
{
    if (!plain[0] || b->count >= MEDIA_SUBS_MAX_CUES) {
        if (plain[0])
            b->too_many = true;
        free(plain);
        free(ass);
        return;
    }
    if (b->count == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->cues = pv_realloc(b->cues, sizeof(*b->cues) * (size_t)b->cap);
    }
    b->cues[b->count] = (subs_cue_build){start_ms, end_ms, plain, ass, b->count};
    b->count++;
}

static void build_free(subs_build *b)
{
    for (int i = 0; i < b->count; i++) {
        free(b->cues[i].plain);
        free(b->cues[i].ass);
    }
    free(b->cues);
    b->cues = NULL;
    b->count = b->cap = 0;
}

static int build_cmp(const void *a, const void *b)
{
    const subs_cue_build *x = a, *y = b;
    if (x->start_ms != y->start_ms)
        return x->start_ms < y->start_ms ? -1 : 1;
    return x->order - y->order;
}

static uint64_t hash_bytes(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Hands the cues over to a new media_subs (b is left empty). */
static media_subs *build_finish(subs_build *b)
{
    qsort(b->cues, (size_t)b->count, sizeof *b->cues, build_cmp);
    media_subs *s = pv_calloc(1, sizeof *s);
    s->count = b->count;
    s->cues = pv_calloc((size_t)b->count, sizeof *s->cues);
    s->ass_text = pv_calloc((size_t)b->count, sizeof *s->ass_text);
    uint64_t h = 14695981039346656037ULL;
    for (int i = 0; i < b->count; i++) {
        subs_cue_build *c = &b->cues[i];
        s->cues[i] = (media_sub_cue){c->start_ms / 1000.0, c->end_ms / 1000.0, c->plain};
        s->ass_text[i] = c->ass;
        h = hash_bytes(h, &c->start_ms, sizeof c->start_ms);
        h = hash_bytes(h, &c->end_ms, sizeof c->end_ms);
        h = hash_bytes(h, c->ass, strlen(c->ass) + 1);
    }
    s->key = h;
    free(b->cues);
    b->cues = NULL;
    b->count = b->cap = 0;
    return s;
}

static void format_ms(int64_t ms, char *buf, size_t n)
{
    snprintf(buf, n, "%02lld:%02lld:%02lld.%03lld", (long long)(ms / 3600000),
             (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60), (long long)(ms % 1000));
}

/* ---- SRT and WebVTT text ---- */

typedef enum subs_kind { SUBS_OTHER, SUBS_SRT, SUBS_VTT, SUBS_UTF16 } subs_kind;

/* Recognises the format from the first bytes: WebVTT by its "WEBVTT" line, SRT by a first line
 * that is a cue number or a time line ("... --> ..."). */
static subs_kind subs_sniff(const uint8_t *p, size_t n)
{
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return SUBS_UTF16;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3, n -= 3;
    if (n >= 6 && memcmp(p, "WEBVTT", 6) == 0 &&
        (n == 6 || p[6] == ' ' || p[6] == '\t' || p[6] == '\r' || p[6] == '\n'))
        return SUBS_VTT;
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    size_t eol = i;
    while (eol < n && p[eol] != '\r' && p[eol] != '\n')
        eol++;
    if (eol == i)
        return SUBS_OTHER;
    bool digits = true;
    size_t end = eol;
    while (end > i && is_space((char)p[end - 1]))
        end--;
    for (size_t k = i; k < end; k++) {
        if (!is_digit((char)p[k]))
            digits = false;
        if (k + 3 <= eol && memcmp(p + k, "-->", 3) == 0)
            return SUBS_SRT;
    }
    return digits && end - i <= 9 ? SUBS_SRT : SUBS_OTHER;
}

/* "[h:]mm:ss[.fff]" (also "," before the fraction, as SRT has it; a fraction of 1 to 3 digits
 * is a decimal fraction: ",1" is 100 ms, further digits are dropped) to milliseconds; -1 when
 * unreadable, -2 when negative. Advances *pp past it. */
static int64_t subs_parse_time(const char **pp)
{
    const char *p = *pp;
    if (*p == '-' && is_digit(p[1]))
        return -2;
    int64_t part[3];
    int nparts = 0;
    for (;;) {
        if (!is_digit(*p))
            return -1;
        int64_t v = 0;
        int digits = 0;
        while (is_digit(*p)) {
            if (++digits > 9)
                return -1;
            v = v * 10 + (*p++ - '0');
        }
        part[nparts++] = v;
        if (*p == ':' && nparts < 3) {
            p++;
            continue;
        }
        break;
    }
    if (nparts < 2)
        return -1;
    int64_t frac = 0;
    if (*p == '.' || *p == ',') {
        p++;
        if (!is_digit(*p))
            return -1;
        int64_t scale = 100;
        while (is_digit(*p)) {
            frac += (*p++ - '0') * scale;
            scale /= 10;
        }
    }
    int64_t h = nparts == 3 ? part[0] : 0, m = part[nparts - 2], s = part[nparts - 1];
    if (m >= 60 || s >= 60)
        return -1;
    *pp = p;
    return ((h * 60 + m) * 60 + s) * 1000 + frac;
}

static bool line_blank(const char *l)
{
    while (is_space(*l))
        l++;
    return *l == '\0';
}

static bool line_has_arrow(const char *l)
{
    return strstr(l, "-->") != NULL;
}

static bool line_digits(const char *l)
{
    if (!is_digit(*l))
        return false;
    while (is_digit(*l))
        l++;
    while (is_space(*l))
        l++;
    return *l == '\0';
}

/* Starts with `word` followed by a space, a tab or the end of the line (WebVTT block names). */
static bool line_starts_word(const char *l, const char *word)
{
    size_t n = strlen(word);
    return strncmp(l, word, n) == 0 && (l[n] == '\0' || is_space(l[n]));
}

/* How a cue is named in messages: its identifier when it has one, else its ordinal. */
static void cue_name(char *buf, size_t n, const char *id, int ordinal, int line)
{
    char quoted[64];
    if (id && line_digits(id)) {
        snprintf(buf, n, "cue %.*s (line %d)", (int)strspn(id, "0123456789"), id, line);
    } else if (id) {
        quote_cut(quoted, sizeof quoted, id, 40);
        snprintf(buf, n, "cue \"%s\" (line %d)", quoted, line);
    } else
        snprintf(buf, n, "cue %d (line %d)", ordinal, line);
}

/* Parses a whole SRT or WebVTT text (valid UTF-8, NUL-terminated, BOM removed). Cues run from
 * their time line to a blank line (or to the next time line, for SRT files that leave the blank
 * line out). Cues with bad times are counted in b->bad; a lone line of text after a cue's blank
 * line (a blank line inside a cue's text) is left out, as players do, and counted in b->stray. */
static void subs_parse_text(subs_build *b, char *text, bool vtt)
{
    /* split into lines in place (\n, \r\n or \r) */
    int nlines = 0, cap = 256;
    char **lines = pv_malloc(sizeof(char *) * (size_t)cap);
    for (char *p = text;;) {
        if (nlines == cap) {
            cap *= 2;
            lines = pv_realloc(lines, sizeof(char *) * (size_t)cap);
        }
        lines[nlines++] = p;
        char *e = p + strcspn(p, "\r\n");
        if (*e == '\0')
            break;
        char *next = e + 1;
        if (e[0] == '\r' && e[1] == '\n')
            next++;
        *e = '\0';
        p = next;
    }

    int i = 0;
    if (vtt) { /* the WEBVTT line and the header lines after it, up to a blank line */
        while (i < nlines && !line_blank(lines[i]) && !(i > 0 && line_has_arrow(lines[i])))
            i++;
    }
    subs_str payload = {0};
    char name[96];
    while (i < nlines) {
        if (line_blank(lines[i])) {
            i++;
            continue;
        }
        if (vtt && !line_has_arrow(lines[i]) &&
            (line_starts_word(lines[i], "NOTE") || line_starts_word(lines[i], "STYLE") ||
             line_starts_word(lines[i], "REGION"))) {
            while (i < nlines && !line_blank(lines[i]))
                i++;
            continue;
        }
        b->cue_number++;
        const char *id = NULL;
        int first_line = i + 1;
        if (!line_has_arrow(lines[i])) {
            if (i + 1 < nlines && line_has_arrow(lines[i + 1])) {
                id = lines[i++];
            } else if (line_digits(lines[i]) || (i + 1 < nlines && !line_blank(lines[i + 1]))) {
                /* a numbered block, or several lines: a cue whose time line is missing */
                cue_name(name, sizeof name, lines[i], b->cue_number, first_line);
                build_bad(b, "%s has no time line such as 00:00:01,000 --> 00:00:04,000", name);
                while (i < nlines && !line_blank(lines[i]))
                    i++;
                continue;
            } else {
                /* one line of text after a blank line inside a cue, as players drop it */
                b->cue_number--;
                if (b->stray++ == 0) {
                    char quoted[64];
                    quote_cut(quoted, sizeof quoted, lines[i], 40);
                    snprintf(b->first_stray, sizeof b->first_stray,
                             "line %d (\"%s\") is text outside any cue", first_line, quoted);
                }
                i++;
                continue;
            }
        }
        int time_line = i + 1;
        cue_name(name, sizeof name, id, b->cue_number, time_line);
        const char *p = lines[i++];
        while (is_space(*p))
            p++;
        int64_t start = subs_parse_time(&p);
        int64_t end = -1;
        bool arrow = false;
        if (start >= 0) {
            while (is_space(*p))
                p++;
            arrow = strncmp(p, "-->", 3) == 0;
            if (arrow) {
                p += 3;
                while (is_space(*p))
                    p++;
                end = subs_parse_time(&p);
            }
        }
        /* the cue's text: up to a blank line or the next time line */
        int text_start = i;
        while (i < nlines && !line_blank(lines[i]) && !line_has_arrow(lines[i]))
            i++;
        int text_end = i;
        if (i < nlines && line_has_arrow(lines[i]) && text_end > text_start &&
            line_digits(lines[text_end - 1]))
            i = --text_end; /* that number is the next cue's */

        if (start == -2 || end == -2) {
            build_bad(b, "%s has a negative time", name);
            continue;
        }
        if (start < 0 || end < 0 || (end >= 0 && *p && !is_space(*p))) {
            char quoted[80];
            quote_cut(quoted, sizeof quoted, lines[time_line - 1], 60);
            build_bad(b, "%s: cannot read the times \"%s\"; expected 00:00:01,000 --> 00:00:04,000",
                      name, quoted);
            continue;
        }
        if (end < start) {
            char a[32], z[32];
            format_ms(start, a, sizeof a);
            format_ms(end, z, sizeof z);
            build_bad(b, "%s ends (%s) before it starts (%s)", name, z, a);
            continue;
        }
        payload.len = 0;
        if (payload.p)
            payload.p[0] = '\0';
        for (int k = text_start; k < text_end; k++) {
            if (k > text_start)
                str_addc(&payload, '\n');
            str_adds(&payload, lines[k]);
        }
        char *plain, *ass;
        text_from_markup(payload.p ? payload.p : "", &plain, &ass);
        build_add(b, start, end, plain, ass);
    }
    free(payload.p);
    free(lines);
}

/* Reads an SRT/WebVTT file whole and parses it. */
static pv_result subs_load_text(subs_build *b, const char *path, bool vtt, char *why, size_t why_n)
{
    struct stat info;
    if (stat(path, &info) == 0 && info.st_size > MEDIA_SUBS_MAX_FILE) {
        snprintf(why, why_n, "%s: is %lld MiB; a subtitle file may have at most %d MiB", b->shown,
                 (long long)(info.st_size >> 20), MEDIA_SUBS_MAX_FILE >> 20);
        return PV_ERR_LIMIT;
    }
    uint8_t *data = NULL;
    size_t size = 0;
    char e[256];
    if (pv_file_read(path, &data, &size, e, sizeof e) != PV_OK) {
        snprintf(why, why_n, "%s: cannot read the file (%s)", b->shown, e);
        return PV_ERR_IO;
    }
    pv_result res = PV_ERR_FORMAT;
    size_t skip = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t bad = subs_utf8_bad_at(data + skip, size - skip);
    if (bad < size - skip) {
        int line = 1;
        for (size_t k = 0; k < bad; k++)
            line += data[skip + k] == '\n';
        uint8_t byte = data[skip + bad];
        snprintf(why, why_n, "%s: is not UTF-8 text (line %d has %s 0x%02X%s); save it as UTF-8",
                 b->shown, line, byte ? "the byte" : "a NUL byte", byte,
                 byte ? ", as in Latin-1 or Windows-1252" : ", as in UTF-16");
        goto done;
    }
    /* a NUL-terminated copy the parser may cut into lines */
    char *text = pv_malloc(size - skip + 1);
    memcpy(text, data + skip, size - skip);
    text[size - skip] = '\0';
    subs_parse_text(b, text, vtt);
    free(text);
    res = PV_OK;
done:
    free(data);
    return res;
}

/* ---- containers, through FFmpeg ---- */

static bool codec_is_text(enum AVCodecID id)
{
    const AVCodecDescriptor *d = avcodec_descriptor_get(id);
    return d && (d->props & AV_CODEC_PROP_TEXT_SUB);
}

/* The text part of a subtitle packet, to check it is UTF-8 before FFmpeg sees it. */
static void packet_text(enum AVCodecID id, const AVPacket *pkt, const uint8_t **p, size_t *n)
{
    *p = pkt->data;
    *n = (size_t)pkt->size;
    if (id == AV_CODEC_ID_MOV_TEXT) { /* 16-bit length, text, then style boxes */
        if (pkt->size < 2) {
            *n = 0;
        } else {
            size_t len = (size_t)pkt->data[0] << 8 | pkt->data[1];
            *p = pkt->data + 2;
            *n = len <= (size_t)pkt->size - 2 ? len : (size_t)pkt->size - 2;
        }
    }
    while (*n && (*p)[*n - 1] == '\0') /* some muxers keep a terminating NUL */
        (*n)--;
}

static pv_result subs_load_container(subs_build *b, const char *path, char *why, size_t why_n)
{
    AVFormatContext *fmt = NULL;
    AVCodecContext *dec = NULL;
    AVPacket *pkt = NULL;
    AVDictionary *opts = NULL;
    pv_result res = PV_ERR_FORMAT;
    char e[AV_ERROR_MAX_STRING_SIZE];
    const char *shown = b->shown;

    av_dict_set(&opts, "protocol_whitelist", "file", 0);
    int r = avformat_open_input(&fmt, path, NULL, &opts);
    av_dict_free(&opts);
    if (r < 0) {
        av_strerror(r, e, sizeof e);
        if (r == AVERROR(EACCES)) {
            snprintf(why, why_n, "%s: cannot read the file (%s)", shown, e);
            res = PV_ERR_IO;
        } else {
            snprintf(why, why_n,
                     "%s: not a subtitle file: expected SRT, WebVTT or a video with a subtitle "
                     "track (%s)",
                     shown, e);
        }
        goto done;
    }
    r = avformat_find_stream_info(fmt, NULL);
    if (r < 0) {
        av_strerror(r, e, sizeof e);
        snprintf(why, why_n, "%s: corrupt or truncated: the streams cannot be read (%s)", shown, e);
        goto done;
    }
    int si = -1, picture = -1;
    for (unsigned k = 0; k < fmt->nb_streams; k++) {
        const AVCodecParameters *par = fmt->streams[k]->codecpar;
        if (par->codec_type != AVMEDIA_TYPE_SUBTITLE)
            continue;
        if (codec_is_text(par->codec_id)) {
            si = (int)k;
            break;
        }
        if (picture < 0)
            picture = (int)k;
    }
    if (si < 0) {
        const char *name = fmt->iformat->name;
        if (picture >= 0)
            snprintf(why, why_n,
                     "%s: its subtitles are pictures (%s), not text; convert them to SRT", shown,
                     avcodec_get_name(fmt->streams[picture]->codecpar->codec_id));
        else if (strstr(name, "_pipe") || strcmp(name, "image2") == 0)
            snprintf(why, why_n,
                     "%s: is an image (%s), not a subtitle file; expected SRT, "
                     "WebVTT or a video with a subtitle track",
                     shown, name);
        else
            snprintf(why, why_n,
                     "%s: has no subtitle track; expected SRT, WebVTT or a video "
                     "with a subtitle track",
                     shown);
        goto done;
    }
    AVStream *st = fmt->streams[si];
    for (unsigned k = 0; k < fmt->nb_streams; k++)
        if ((int)k != si)
            fmt->streams[k]->discard = AVDISCARD_ALL;
    enum AVCodecID codec_id = st->codecpar->codec_id;
    const AVCodec *codec = avcodec_find_decoder(codec_id);
    if (!codec) {
        snprintf(why, why_n, "%s: no decoder for its %s subtitles", shown,
                 avcodec_get_name(codec_id));
        goto done;
    }
    dec = avcodec_alloc_context3(codec);
    if (!dec || avcodec_parameters_to_context(dec, st->codecpar) < 0) {
        snprintf(why, why_n, "%s: the %s subtitle decoder cannot start", shown, codec->name);
        goto done;
    }
    dec->pkt_timebase = st->time_base;
    r = avcodec_open2(dec, codec, NULL);
    if (r < 0) {
        av_strerror(r, e, sizeof e);
        snprintf(why, why_n, "%s: the %s subtitle decoder cannot start (%s)", shown, codec->name,
                 e);
        goto done;
    }
    /* times on the video's timeline (media_clip's pts 0 is the video's start) */
    double origin = 0.0;
    int vi = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (vi >= 0 && fmt->streams[vi]->start_time != AV_NOPTS_VALUE)
        origin = (double)fmt->streams[vi]->start_time * av_q2d(fmt->streams[vi]->time_base);

    pkt = av_packet_alloc();
    double tb = av_q2d(st->time_base);
    subs_str text = {0};
    char name[64];
    while ((r = av_read_frame(fmt, pkt)) >= 0) {
        if (pkt->stream_index != si) {
            av_packet_unref(pkt);
            continue;
        }
        b->cue_number++;
        int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
        snprintf(name, sizeof name, "cue %d", b->cue_number);
        if (ts != AV_NOPTS_VALUE) {
            char at[32];
            format_ms(llround(fmin(fmax(0.0, ts * tb), 1e12) * 1000.0), at, sizeof at);
            snprintf(name, sizeof name, "cue %d (at %s)", b->cue_number, at);
        }
        const uint8_t *tp;
        size_t tn;
        packet_text(codec_id, pkt, &tp, &tn);
        size_t bad = subs_utf8_bad_at(tp, tn);
        if (bad < tn) {
            snprintf(why, why_n,
                     "%s: is not UTF-8 text (%s has the byte 0x%02X); save it as "
                     "UTF-8",
                     shown, name, tp[bad]);
            av_packet_unref(pkt);
            free(text.p);
            goto done;
        }
        AVSubtitle sub;
        int got = 0;
        r = avcodec_decode_subtitle2(dec, &sub, &got, pkt);
        if (r < 0) {
            av_strerror(r, e, sizeof e);
            build_bad(b, "%s cannot be decoded (%s)", name, e);
            av_packet_unref(pkt);
            continue;
        }
        if (!got) {
            av_packet_unref(pkt);
            continue;
        }
        text.len = 0;
        for (unsigned k = 0; k < sub.num_rects; k++) {
            const AVSubtitleRect *rect = sub.rects[k];
            const char *t = NULL;
            if (rect->type == SUBTITLE_ASS && rect->ass) {
                t = rect->ass; /* ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text */
                for (int commas = 0; commas < 8 && t; commas++) {
                    t = strchr(t, ',');
                    if (t)
                        t++;
                }
            } else if (rect->type == SUBTITLE_TEXT && rect->text) {
                t = rect->text;
            }
            if (!t)
                continue;
            if (text.len)
                str_adds(&text, "\\N");
            str_adds(&text, t);
        }
        double start = ts != AV_NOPTS_VALUE ? ts * tb - origin : NAN;
        double end = NAN;
        if (!isnan(start)) {
            if (pkt->duration > 0)
                end = start + pkt->duration * tb;
            else if (sub.end_display_time > sub.start_display_time &&
                     sub.end_display_time != UINT32_MAX)
                end = start + sub.end_display_time / 1000.0;
            start += sub.start_display_time / 1000.0;
        }
        avsubtitle_free(&sub);
        av_packet_unref(pkt);
        if (isnan(start)) {
            build_bad(b, "%s has no time", name);
            continue;
        }
        if (isnan(end)) {
            build_bad(b, "%s has no end time", name);
            continue;
        }
        if (end <= 0.0) /* before the video starts: never shows */
            continue;
        if (end > 1e9) { /* 30 years: a broken timestamp */
            build_bad(b, "%s has a time out of range", name);
            continue;
        }
        if (end < start) {
            build_bad(b, "%s ends before it starts", name);
            continue;
        }
        if (start < 0.0)
            start = 0.0;
        char *plain, *ass;
        text_from_ass(text.p ? text.p : "", &plain, &ass);
        build_add(b, llround(start * 1000.0), llround(end * 1000.0), plain, ass);
    }
    free(text.p);
    if (r != AVERROR_EOF) {
        av_strerror(r, e, sizeof e);
        pv_warn("%s: the subtitles stop at a read error (%s); the cues before it are kept", shown,
                e);
    }
    res = PV_OK;
done:
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
    avformat_close_input(&fmt);
    return res;
}

/* ---- loading ---- */

pv_result media_subs_load(const char *path, media_subs **out, char *why, size_t why_n)
{
    *out = NULL;
    if (why_n)
        why[0] = '\0';
    if (!path || !path[0]) {
        snprintf(why, why_n, "no subtitle file given");
        return PV_ERR_INVALID;
    }
    media_route_ffmpeg_log();
    subs_build b = {.shown = pv_path_display(path)};
    pv_result res = PV_ERR_FORMAT;

    /* Never blocks on a FIFO or a device (pv_file_open looks before and after opening). */
    char open_why[200];
    int fd = pv_file_open(path, false, open_why, sizeof open_why);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        if (strcmp(open_why, "was not found") == 0)
            snprintf(why, why_n, "%s: subtitle file not found", b.shown);
        else
            snprintf(why, why_n, "%s: cannot read the file (it %s)", b.shown, open_why);
        return PV_ERR_IO;
    }
    uint8_t head[4096];
    size_t n = fread(head, 1, sizeof head, f);
    bool read_error = ferror(f);
    fclose(f);
    if (read_error) {
        snprintf(why, why_n, "%s: cannot read the file (is it a folder?)", b.shown);
        return PV_ERR_IO;
    }
    size_t body = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (body < n && head[body] && strchr(" \t\r\n", head[body]))
        body++;
    if (body == n && n < sizeof head) {
        snprintf(why, why_n, "%s: is empty; expected SRT or WebVTT cues", b.shown);
        return PV_ERR_FORMAT;
    }

    switch (subs_sniff(head, n)) {
    case SUBS_UTF16:
        snprintf(why, why_n, "%s: is not UTF-8 text (it is UTF-16); save it as UTF-8", b.shown);
        res = PV_ERR_FORMAT;
        break;
    case SUBS_SRT:
        res = subs_load_text(&b, path, false, why, why_n);
        break;
    case SUBS_VTT:
        res = subs_load_text(&b, path, true, why, why_n);
        break;
    default:
        res = subs_load_container(&b, path, why, why_n);
        break;
    }
    if (res != PV_OK)
        goto done;
    if (b.too_many) {
        snprintf(why, why_n, "%s: has more than %d cues", b.shown, MEDIA_SUBS_MAX_CUES);
        res = PV_ERR_LIMIT;
        goto done;
    }
    if (b.count == 0) {
        if (b.bad > 1)
            snprintf(why, why_n, "%s: no usable cue: %s (and %d more bad cues)", b.shown,
                     b.first_bad, b.bad - 1);
        else if (b.bad == 1)
            snprintf(why, why_n, "%s: no usable cue: %s", b.shown, b.first_bad);
        else if (b.stray)
            snprintf(why, why_n, "%s: has no cues: %s", b.shown, b.first_stray);
        else
            snprintf(why, why_n, "%s: has no cues", b.shown);
        res = PV_ERR_FORMAT;
        goto done;
    }
    if (b.bad)
        pv_warn("%s: skipped %d bad cue%s; the first: %s", b.shown, b.bad, b.bad > 1 ? "s" : "",
                b.first_bad);
    if (b.stray)
        pv_warn("%s: left out %d line%s of text outside any cue; the first: %s", b.shown, b.stray,
                b.stray > 1 ? "s" : "", b.first_stray);
    *out = build_finish(&b);
    res = PV_OK;
done:
    build_free(&b);
    return res;
}

void media_subs_free(media_subs **s)
{
    if (!s || !*s)
        return;
    media_subs *m = *s;
    for (int i = 0; i < m->count; i++) {
        free((char *)m->cues[i].text);
        free(m->ass_text[i]);
    }
    free(m->cues);
    free(m->ass_text);
    free(m);
    *s = NULL;
}

int media_subs_count(const media_subs *s)
{
    return s ? s->count : 0;
}

const media_sub_cue *media_subs_cue(const media_subs *s, int i)
{
    return s && i >= 0 && i < s->count ? &s->cues[i] : NULL;
}

int media_subs_at(const media_subs *s, double t)
{
    if (!s || isnan(t))
        return -1;
    /* cues are sorted by start: only those before the first start > t can show */
    for (int i = 0; i < s->count && s->cues[i].start <= t; i++)
        if (t < s->cues[i].end)
            return i;
    return -1;
}

/* ---- drawing ---- */

/* The script the cues are drawn in: 1920x1080 units scaled to the canvas (libass scales fonts
 * by the canvas height and positions by its width). White text, a black outline of 3 units and
 * a half-transparent shadow; bottom-centred (alignment 2), 50 units above the bottom, wrapped
 * 120 units from the sides. Encoding -1 lets libass find each line's direction (Arabic and
 * Hebrew lines run right to left). */
static const char subs_script_header[] =
    "[Script Info]\n"
    "ScriptType: v4.00+\n"
    "PlayResX: 1920\n"
    "PlayResY: 1080\n"
    "WrapStyle: 0\n"
    "ScaledBorderAndShadow: yes\n"
    "YCbCr Matrix: None\n"
    "\n"
    "[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
    "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
    "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,DejaVu Sans,54,&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,0,0,0,0,100,100,"
    "0,0,1,3,1.5,2,120,120,50,-1\n"
    "\n"
    "[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

/* libass sees the project's fonts (pv_font_files) and nothing else: a fontconfig configuration
 * that lists their folders but accepts only their files, written to a temporary file that
 * libass reads (and fontconfig scans) inside ass_set_fonts. Without it libass asks the system
 * for "sans-serif" and the picture depends on which other fonts are installed. */
static void subs_set_project_fonts(ASS_Renderer *ass)
{
    const char *const *files = pv_font_files();
    /* The usual cache folders, so the fonts' folders are not scanned (and complained about)
     * every time. */
    char *xml = pv_strdup("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
                          "<fontconfig>\n  <cachedir>/var/cache/fontconfig</cachedir>\n"
                          "  <cachedir prefix=\"xdg\">fontconfig</cachedir>\n");
    char *accept = pv_strdup("");
    for (int i = 0; files[i]; i++) {
        char *dir = pv_path_dir(files[i]), *next;
        next = pv_asprintf("%s  <dir>%s</dir>\n", xml, dir);
        free(xml);
        xml = next;
        next = pv_asprintf("%s      <glob>%s</glob>\n", accept, files[i]);
        free(accept);
        accept = next;
        free(dir);
    }
    char *all = pv_asprintf("%s  <selectfont>\n    <rejectfont><glob>*</glob></rejectfont>\n"
                            "    <acceptfont>\n%s    </acceptfont>\n  </selectfont>\n"
                            "</fontconfig>\n", xml, accept);
    free(xml);
    free(accept);
    const char *tmp = getenv("TMPDIR");
    char *path = pv_asprintf("%s/pavilion-fonts-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    bool written = fp && fputs(all, fp) >= 0;
    if (fp)
        written = fclose(fp) == 0 && written;
    else if (fd >= 0)
        close(fd);
    if (written) {
        ass_set_fonts(ass, files[0], "DejaVu Sans", ASS_FONTPROVIDER_FONTCONFIG, path, 1);
    } else {
        pv_warn("subtitles: cannot write a font configuration in %s (%s); subtitles use the "
                "system's fonts", tmp && *tmp ? tmp : "/tmp", strerror(errno));
        ass_set_fonts(ass, files[0], "DejaVu Sans", ASS_FONTPROVIDER_AUTODETECT, NULL, 1);
    }
    if (fd >= 0)
        unlink(path);
    free(path);
    free(all);
}

struct media_subs_renderer {
    ASS_Library *lib;
    ASS_Renderer *ass;
    ASS_Track *track; /* built from the media_subs whose key is track_key */
    uint64_t track_key;
    bool have_key; /* track_key is valid (track may still be NULL: no cues) */
    uint8_t *canvas;
    int width, height;
    int bx, by, bw, bh; /* box of non-transparent pixels in canvas */
    bool drawn;         /* a previous call drew the canvas */
};

media_subs_renderer *media_subs_renderer_create(void)
{
    media_subs_renderer *r = pv_calloc(1, sizeof *r);
    r->lib = ass_library_init();
    if (!r->lib) {
        pv_error("subtitles: libass cannot start");
        free(r);
        return NULL;
    }
    ass_set_message_cb(r->lib, subs_ass_log, NULL);
    r->ass = ass_renderer_init(r->lib);
    if (!r->ass) {
        pv_error("subtitles: the libass renderer cannot start (FreeType or HarfBuzz missing?)");
        ass_library_done(r->lib);
        free(r);
        return NULL;
    }
    subs_set_project_fonts(r->ass);
    return r;
}

void media_subs_renderer_destroy(media_subs_renderer **pr)
{
    if (!pr || !*pr)
        return;
    media_subs_renderer *r = *pr;
    if (r->track)
        ass_free_track(r->track);
    ass_renderer_done(r->ass);
    ass_library_done(r->lib);
    free(r->canvas);
    free(r);
    *pr = NULL;
}

/* Chinese and Japanese text has no spaces: lines may break between most characters. */
static bool cjk_wide(uint32_t c)
{
    return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

/* Closing punctuation, small kana and the prolonged sound mark never start a line; opening
 * brackets never end one (the common kinsoku rules). */
static bool cjk_no_break_before(uint32_t c)
{
    static const uint32_t list[] = {
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0x30FB, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01,
        0x30FC, 0x300D, 0x300F, 0xFF09, 0x3011, 0x3015, 0x3009, 0x300B, 0x3005,
        0x301C, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
        0x3087, 0x308E, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3,
        0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6, 0x309D, 0x309E, 0x30FD, 0x30FE,
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (list[i] == c)
            return true;
    return false;
}

static bool cjk_no_break_after(uint32_t c)
{
    return c == 0x300C || c == 0x300E || c == 0xFF08 || c == 0x3010 || c == 0x3014 || c == 0x3008 ||
           c == 0x300A;
}

/* libass built without libunibreak breaks lines only at spaces: this puts a space scaled to
 * zero width between CJK characters where a line may break. Caller frees. */
static char *ass_with_cjk_breaks(const char *ass)
{
    subs_str out = {0};
    uint32_t prev = 0;
    const char *p = ass;
    while (*p) {
        if (*p == '{') { /* an override block: copied as it is */
            const char *close = strchr(p, '}');
            size_t n = close ? (size_t)(close - p) + 1 : strlen(p);
            str_add(&out, p, n);
            p += n;
            continue;
        }
        if (*p == '\\' && p[1]) { /* \N, \h, \{, \}: copied; \N starts a line */
            str_add(&out, p, 2);
            prev = p[1] == 'N' ? 0 : (uint8_t)p[1];
            p += 2;
            continue;
        }
        uint32_t cp;
        int n = text_utf8(p, &cp);
        if (cjk_wide(prev) && cjk_wide(cp) && !cjk_no_break_after(prev) && !cjk_no_break_before(cp))
            str_adds(&out, "{\\fscx0} {\\fscx100}");
        str_add(&out, p, (size_t)n);
        prev = cp;
        p += n;
    }
    return str_take(&out);
}

/* A libass track holding the cues of s in our style. */
static ASS_Track *subs_make_track(media_subs_renderer *r, const media_subs *s)
{
    ASS_Track *track = ass_new_track(r->lib);
    if (!track)
        return NULL;
    char *header = pv_strdup(subs_script_header);
    ass_process_codec_private(track, header, (int)strlen(header));
    free(header);
    /* CJK lines break between characters: libass does it with libunibreak, else we help */
    bool cjk_breaks = ass_track_set_feature(track, ASS_FEATURE_WRAP_UNICODE, 1) != 0;
    subs_str line = {0};
    for (int i = 0; i < s->count; i++) {
        char prefix[48];
        snprintf(prefix, sizeof prefix, "%d,0,Default,,0,0,0,,", i);
        line.len = 0;
        str_adds(&line, prefix);
        if (cjk_breaks) {
            char *text = ass_with_cjk_breaks(s->ass_text[i]);
            str_adds(&line, text);
            free(text);
        } else {
            str_adds(&line, s->ass_text[i]);
        }
        long long start = llround(s->cues[i].start * 1000.0);
        long long end = llround(s->cues[i].end * 1000.0);
        ass_process_chunk(track, line.p, (int)line.len, start, end - start);
    }
    free(line.p);
    return track;
}

static inline uint32_t div255(uint32_t v)
{
    v += 128;
    return (v + (v >> 8)) >> 8;
}

/* Composes libass's images (back to front: shadow, outline, text) over the canvas. */
static void subs_compose(media_subs_renderer *r, const ASS_Image *img)
{
    int W = r->width, H = r->height;
    int x0 = INT_MAX, y0 = INT_MAX, x1 = -1, y1 = -1;
    for (; img; img = img->next) {
        uint32_t cr = img->color >> 24, cg = (img->color >> 16) & 255, cb = (img->color >> 8) & 255,
                 ca = 255 - (img->color & 255);
        if (!ca || img->w <= 0 || img->h <= 0)
            continue;
        int sx = img->dst_x < 0 ? -img->dst_x : 0, sy = img->dst_y < 0 ? -img->dst_y : 0;
        int ex = img->w, ey = img->h;
        if (img->dst_x + ex > W)
            ex = W - img->dst_x;
        if (img->dst_y + ey > H)
            ey = H - img->dst_y;
        for (int y = sy; y < ey; y++) {
            const uint8_t *src = img->bitmap + (size_t)y * img->stride;
            int dy = img->dst_y + y;
            uint8_t *row = r->canvas + ((size_t)dy * W + img->dst_x) * 4;
            for (int x = sx; x < ex; x++) {
                if (!src[x])
                    continue;
                uint32_t a = div255(src[x] * ca);
                if (!a)
                    continue;
                uint8_t *d = row + (size_t)x * 4;
                uint32_t k = 255 - a;
                d[0] = (uint8_t)(div255(cr * a) + div255(d[0] * k));
                d[1] = (uint8_t)(div255(cg * a) + div255(d[1] * k));
                d[2] = (uint8_t)(div255(cb * a) + div255(d[2] * k));
                d[3] = (uint8_t)(a + div255(d[3] * k));
                int dx = img->dst_x + x;
                if (dx < x0)
                    x0 = dx;
                if (dx > x1)
                    x1 = dx;
                if (dy < y0)
                    y0 = dy;
                if (dy > y1)
                    y1 = dy;
            }
        }
    }
    if (x1 < 0) {
        r->bx = r->by = r->bw = r->bh = 0;
    } else {
        r->bx = x0, r->by = y0, r->bw = x1 - x0 + 1, r->bh = y1 - y0 + 1;
    }
}

int media_subs_render(media_subs_renderer *r, const media_subs *s, double t, int width, int height,
                      const uint8_t **rgba, int *x, int *y, int *w, int *h)
{
    *x = *y = *w = *h = 0;
    *rgba = NULL;
    if (!r || width < 1 || height < 1 || width > MEDIA_SUBS_MAX_CANVAS ||
        height > MEDIA_SUBS_MAX_CANVAS)
        return 0;
    bool changed = !r->drawn;
    if (width != r->width || height != r->height) {
        free(r->canvas);
        r->canvas = pv_calloc((size_t)width * (size_t)height, 4);
        r->width = width;
        r->height = height;
        r->bx = r->by = r->bw = r->bh = 0;
        ass_set_frame_size(r->ass, width, height);
        ass_set_storage_size(r->ass, width, height);
        changed = true;
    }
    bool has_cues = s && s->count > 0;
    if (!r->have_key || r->track_key != (has_cues ? s->key : 0)) {
        if (r->track)
            ass_free_track(r->track);
        r->track = has_cues ? subs_make_track(r, s) : NULL;
        r->track_key = has_cues ? s->key : 0;
        r->have_key = true;
        changed = true;
    }
    ASS_Image *img = NULL;
    if (r->track && isfinite(t) && fabs(t) < 1e12) {
        int detect = 0;
        long long now = (long long)floor(t * 1000.0 + 1e-6);
        img = ass_render_frame(r->ass, r->track, now, &detect);
        if (detect)
            changed = true;
    } else if (r->bw) {
        changed = true; /* something showed before */
    }
    if (changed) {
        for (int row = r->by; row < r->by + r->bh; row++)
            memset(r->canvas + ((size_t)row * width + r->bx) * 4, 0, (size_t)r->bw * 4);
        subs_compose(r, img);
        r->drawn = true;
    }
    *rgba = r->canvas;
    *x = r->bx, *y = r->by, *w = r->bw, *h = r->bh;
    return changed ? 1 : 0;
}
