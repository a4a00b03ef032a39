/* ui/strings: gettext .mo catalogues read by Pavilion itself, plural rules evaluated from
 * each catalogue's own Plural-Forms header, the interface's language and its fallbacks.
 * See strings.h for why glibc's gettext() is not used.
 *
 * Threads: ui_catalogue_load and the plural/format helpers are reentrant; a loaded
 * catalogue is read-only. A ui_strings belongs to one thread (the interface's).
 * Ownership: a catalogue owns one copy of the file's bytes; keys and forms point into it. */
#include "ui/strings.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MO_MAGIC 0x950412deu
#define MO_MAX_BYTES (16u << 20)     /* a real catalogue is tens of kilobytes */
#define MO_MAX_ENTRIES 100000u
#define PLURAL_MAX_NODES 128
#define PLURAL_MAX_DEPTH 32
#define PLURAL_MAX_FORMS 6           /* Arabic has the most: zero one two few many other */
#define FORMAT_MAX_ARGS 9

/* ------------------------------------------------------------------------------------------ */
/* Plural expressions                                                                         */
/* ------------------------------------------------------------------------------------------ */

typedef enum plural_op {
    PL_NUM, PL_N, PL_NOT, PL_MUL, PL_DIV, PL_MOD, PL_ADD, PL_SUB, PL_LT, PL_GT, PL_LE, PL_GE,
    PL_EQ, PL_NE, PL_AND, PL_OR, PL_COND
} plural_op;

typedef struct plural_node {
    plural_op op;
    unsigned long value;   /* PL_NUM */
    int a, b, c;           /* operand node indices */
} plural_node;

struct ui_plural_rule {
    int nplurals;
    plural_node nodes[PLURAL_MAX_NODES];
    int count, root;
};

typedef struct plural_parser {
    const char *s;
    ui_plural_rule *r;
    int depth;
    bool failed;
    char *why;
    size_t why_n;
} plural_parser;

static void pp_fail(plural_parser *p, const char *what)
{
    if (!p->failed && p->why_n)
        snprintf(p->why, p->why_n, "%s at \"%.20s\"", what, p->s);
    p->failed = true;
}

static void pp_space(plural_parser *p)
{
    while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
        p->s++;
}

static bool pp_eat(plural_parser *p, const char *tok)
{
    pp_space(p);
    size_t n = strlen(tok);
    if (strncmp(p->s, tok, n) != 0)
        return false;
    /* "<" must not take the first half of "<=", nor "!" of "!=", nor "=" anything */
    if (n == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!') && p->s[1] == '=')
        return false;
    p->s += n;
    return true;
}

static int pp_node(plural_parser *p, plural_op op, unsigned long value, int a, int b, int c)
{
    if (p->failed)
        return 0;
    if (p->r->count >= PLURAL_MAX_NODES) {
        pp_fail(p, "the plural expression is too long");
        return 0;
    }
    p->r->nodes[p->r->count] = (plural_node){op, value, a, b, c};
    return p->r->count++;
}

static int pp_expr(plural_parser *p);

static int pp_primary(plural_parser *p)
{
    pp_space(p);
    if (p->failed)
        return 0;
    if (pp_eat(p, "(")) {
        int e = pp_expr(p);
        if (!pp_eat(p, ")"))
            pp_fail(p, "expected ')'");
        return e;
    }
    if (*p->s == 'n') {
        p->s++;
        return pp_node(p, PL_N, 0, 0, 0, 0);
    }
    if (*p->s >= '0' && *p->s <= '9') {
        unsigned long v = 0;
        while (*p->s >= '0' && *p->s <= '9') {
            if (v > 100000000ul) {
                pp_fail(p, "a number is too large");
                return 0;
            }
            v = v * 10 + (unsigned long)(*p->s++ - '0');
        }
        return pp_node(p, PL_NUM, v, 0, 0, 0);
    }
    pp_fail(p, "expected n, a number or '('");
    return 0;
}

static int pp_unary(plural_parser *p)
{
    if (pp_eat(p, "!")) {
        if (++p->depth > PLURAL_MAX_DEPTH) {
            pp_fail(p, "the plural expression nests too deeply");
            return 0;
        }
        int a = pp_unary(p);
        p->depth--;
        return pp_node(p, PL_NOT, 0, a, 0, 0);
    }
    return pp_primary(p);
}

/* One level of left-associative binary operators, from the tightest binding upwards. */
typedef struct pp_level {
    const char *tok[4];
    plural_op op[4];
} pp_level;

static const pp_level s_levels[] = {
    {{"*", "/", "%"}, {PL_MUL, PL_DIV, PL_MOD}},
    {{"+", "-"}, {PL_ADD, PL_SUB}},
    {{"<=", ">=", "<", ">"}, {PL_LE, PL_GE, PL_LT, PL_GT}},
    {{"==", "!="}, {PL_EQ, PL_NE}},
    {{"&&"}, {PL_AND}},
    {{"||"}, {PL_OR}},
};

static int pp_binary(plural_parser *p, int level)
{
    if (level < 0)
        return pp_unary(p);
    int a = pp_binary(p, level - 1);
    for (;;) {
        if (p->failed)
            return 0;
        int k = 0;
        while (k < 4 && s_levels[level].tok[k] && !pp_eat(p, s_levels[level].tok[k]))
            k++;
        if (k == 4 || !s_levels[level].tok[k])
            return a;
        int b = pp_binary(p, level - 1);
        a = pp_node(p, s_levels[level].op[k], 0, a, b, 0);
    }
}

static int pp_expr(plural_parser *p)
{
    if (++p->depth > PLURAL_MAX_DEPTH) {
        pp_fail(p, "the plural expression nests too deeply");
        return 0;
    }
    int cond = pp_binary(p, (int)(sizeof(s_levels) / sizeof(s_levels[0])) - 1);
    int e = cond;
    if (pp_eat(p, "?")) {
        int yes = pp_expr(p);
        if (!pp_eat(p, ":"))
            pp_fail(p, "expected ':'");
        int no = pp_expr(p);
        e = pp_node(p, PL_COND, 0, cond, yes, no);
    }
    p->depth--;
    return e;
}

/* Children always come before their parent in the node array, so the depth of the tree is
 * bounded by PLURAL_MAX_NODES and the recursion below by the parser's nesting limit. */
static unsigned long pl_eval(const ui_plural_rule *r, int i, unsigned long n)
{
    const plural_node *x = &r->nodes[i];
    switch (x->op) {
    case PL_NUM: return x->value;
    case PL_N: return n;
    case PL_NOT: return !pl_eval(r, x->a, n);
    case PL_COND: return pl_eval(r, x->a, n) ? pl_eval(r, x->b, n) : pl_eval(r, x->c, n);
    case PL_AND: return pl_eval(r, x->a, n) && pl_eval(r, x->b, n);
    case PL_OR: return pl_eval(r, x->a, n) || pl_eval(r, x->b, n);
    default: break;
    }
    unsigned long a = pl_eval(r, x->a, n), b = pl_eval(r, x->b, n);
    switch (x->op) {
    case PL_MUL: return a * b;
    case PL_DIV: return b ? a / b : 0;
    case PL_MOD: return b ? a % b : 0;
    case PL_ADD: return a + b;
    case PL_SUB: return a - b;
    case PL_LT: return a < b;
    case PL_GT: return a > b;
    case PL_LE: return a <= b;
    case PL_GE: return a >= b;
    case PL_EQ: return a == b;
    case PL_NE: return a != b;
    default: return 0;
    }
}

pv_result ui_plural_parse(const char *value, ui_plural_rule **out, char *why, size_t why_n)
{
    *out = NULL;
    if (!value)
        return PV_ERR_INVALID;
    ui_plural_rule *r = pv_calloc(1, sizeof(*r));
    plural_parser p = {.s = value, .r = r, .why = why, .why_n = why_n};
    pp_space(&p);
    if (strncmp(p.s, "nplurals", 8) != 0) {
        pp_fail(&p, "expected \"nplurals=\"");
        goto done;
    }
    p.s += 8;
    if (!pp_eat(&p, "=")) {
        pp_fail(&p, "expected '=' after nplurals");
        goto done;
    }
    pp_space(&p);
    if (*p.s < '1' || *p.s > '9' || (p.s[1] >= '0' && p.s[1] <= '9')) {
        pp_fail(&p, "nplurals must be a number from 1 to 6");
        goto done;
    }
    r->nplurals = *p.s++ - '0';
    if (r->nplurals > PLURAL_MAX_FORMS) {
        pp_fail(&p, "nplurals must be a number from 1 to 6");
        goto done;
    }
    if (!pp_eat(&p, ";")) {
        pp_fail(&p, "expected ';' after nplurals");
        goto done;
    }
    pp_space(&p);
    if (strncmp(p.s, "plural", 6) != 0) {
        pp_fail(&p, "expected \"plural=\"");
        goto done;
    }
    p.s += 6;
    if (!pp_eat(&p, "=")) {
        pp_fail(&p, "expected '=' after plural");
        goto done;
    }
    r->root = pp_expr(&p);
    pp_eat(&p, ";");
    pp_space(&p);
    if (!p.failed && *p.s)
        pp_fail(&p, "unexpected text after the plural expression");
done:
    if (p.failed) {
        free(r);
        return PV_ERR_FORMAT;
    }
    *out = r;
    return PV_OK;
}

int ui_plural_nplurals(const ui_plural_rule *r) { return r ? r->nplurals : 2; }

int ui_plural_eval(const ui_plural_rule *r, unsigned long n)
{
    if (!r)
        return n == 1 ? 0 : 1;
    unsigned long v = pl_eval(r, r->root, n);
    return v < (unsigned long)r->nplurals ? (int)v : r->nplurals - 1;
}

void ui_plural_free(ui_plural_rule **r) { pv_free(r); }

/* ------------------------------------------------------------------------------------------ */
/* printf formats                                                                             */
/* ------------------------------------------------------------------------------------------ */

/* The argument types a format takes: types[i] for argument i+1 ('i' int, 'u' unsigned,
 * 'l'/'L' long/long long int, 'm'/'M' the unsigned ones, 'z' size_t, 'f' double, 's' string,
 * 'c' char, 'p' pointer; 0 unused). False for what we refuse or cannot read. */
static bool format_signature(const char *f, char types[FORMAT_MAX_ARGS], int *count)
{
    memset(types, 0, FORMAT_MAX_ARGS);
    int next = 0, positional = -1; /* -1 unknown, 0 sequential, 1 positional */
    *count = 0;
    for (const char *s = f; *s; s++) {
        if (*s != '%')
            continue;
        s++;
        if (*s == '%')
            continue;
        int arg;
        const char *q = s;
        int pos = 0;
        while (*q >= '0' && *q <= '9' && pos < 100)
            pos = pos * 10 + (*q++ - '0');
        bool is_pos = q > s && *q == '$';
        if (positional >= 0 && positional != (int)is_pos)
            return false; /* mixing %1$s and %s is undefined */
        positional = is_pos;
        if (is_pos) {
            if (pos < 1 || pos > FORMAT_MAX_ARGS)
                return false;
            arg = pos - 1;
            s = q + 1;
        } else {
            arg = next++;
            if (arg >= FORMAT_MAX_ARGS)
                return false;
        }
        while (*s && strchr("-+ #0'", *s))
            s++;
        while (*s >= '0' && *s <= '9')
            s++;
        if (*s == '.') {
            s++;
            while (*s >= '0' && *s <= '9')
                s++;
        }
        if (*s == '*')
            return false;
        int longs = 0;
        bool size = false;
        while (*s == 'l') {
            longs++;
            s++;
        }
        while (*s == 'h')
            s++;
        if (*s == 'z') {
            size = true;
            s++;
        }
        char t;
        switch (*s) {
        case 'd': case 'i': t = size ? 'z' : longs == 0 ? 'i' : longs == 1 ? 'l' : 'L'; break;
        case 'u': case 'x': case 'X': case 'o':
            t = size ? 'z' : longs == 0 ? 'u' : longs == 1 ? 'm' : 'M';
            break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
            if (longs || size)
                return false;
            t = 'f';
            break;
        case 's': if (longs || size) return false; t = 's'; break;
        case 'c': if (longs || size) return false; t = 'c'; break;
        case 'p': t = 'p'; break;
        default: return false; /* %n, wide strings, a truncated conversion */
        }
        if (types[arg] && types[arg] != t)
            return false;
        types[arg] = t;
        if (arg + 1 > *count)
            *count = arg + 1;
    }
    return true;
}

bool ui_format_compatible(const char *reference, const char *candidate, bool exact)
{
    char rt[FORMAT_MAX_ARGS], ct[FORMAT_MAX_ARGS];
    int rn, cn;
    if (!reference || !candidate || !format_signature(reference, rt, &rn) ||
        !format_signature(candidate, ct, &cn))
        return false;
    for (int i = 0; i < FORMAT_MAX_ARGS; i++) {
        if (ct[i] && ct[i] != rt[i])
            return false;
        if (exact && rt[i] && !ct[i])
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------------------------------ */
/* .mo files                                                                                  */
/* ------------------------------------------------------------------------------------------ */

typedef struct mo_entry {
    const char *key;
    const char *source, *plural_source; /* English msgid, msgid_plural or NULL */
    const char *forms[PLURAL_MAX_FORMS];
    int form_count;
} mo_entry;

struct ui_catalogue {
    char *path;
    char *bytes;          /* the file, with every string NUL-terminated in place */
    mo_entry *entries;    /* sorted by key */
    int count;
    char language[32];
    ui_plural_rule *plural;
};

static uint32_t mo_u32(const unsigned char *p, bool swap)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                 (uint32_t)p[3] << 24;
    return swap ? (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24) : v;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, c &= 0x07;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const mo_entry *)a)->key, ((const mo_entry *)b)->key);
}

/* The header entry (empty msgid): "Language:" and "Plural-Forms:" lines. */
static pv_result mo_header(ui_catalogue *c, const char *header, char *why, size_t why_n)
{
    for (const char *line = header; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > 9 && strncmp(line, "Language:", 9) == 0) {
            const char *v = line + 9;
            while (*v == ' ')
                v++;
            size_t vn = len - (size_t)(v - line);
            if (vn >= sizeof(c->language))
                vn = sizeof(c->language) - 1;
            memcpy(c->language, v, vn);
            c->language[vn] = 0;
        } else if (len > 13 && strncmp(line, "Plural-Forms:", 13) == 0) {
            char *value = pv_strndup(line + 13, len - 13);
            char reason[160];
            ui_plural_free(&c->plural);
            pv_result r = ui_plural_parse(value, &c->plural, reason, sizeof(reason));
            free(value);
            if (r != PV_OK) {
                snprintf(why, why_n, "%s: the Plural-Forms header is not valid (%s)", c->path,
                         reason);
                return r;
            }
        }
        line += len + (end ? 1 : 0);
    }
    return PV_OK;
}

pv_result ui_catalogue_load(const char *path, ui_catalogue **out, char *why, size_t why_n)
{
    *out = NULL;
    if (!path)
        return PV_ERR_INVALID;
    const char *shown = pv_path_display(path);
    uint8_t *raw = NULL;
    size_t size = 0;
    char reason[256];
    if (pv_file_read(path, &raw, &size, reason, sizeof(reason)) != PV_OK) {
        snprintf(why, why_n, "%s: cannot read the catalogue (%s)", shown, reason);
        return PV_ERR_IO;
    }
    pv_result result = PV_ERR_FORMAT;
    ui_catalogue *c = pv_calloc(1, sizeof(*c));
    c->path = pv_strdup(shown);
    const unsigned char *b = raw;
    if (size > MO_MAX_BYTES) {
        snprintf(why, why_n, "%s: the catalogue is larger than %u MB", shown,
                 MO_MAX_BYTES >> 20);
        result = PV_ERR_LIMIT;
        goto done;
    }
    if (size < 28) {
        snprintf(why, why_n, "%s: not a .mo catalogue (only %zu bytes; build it from the .po "
                 "file with msgfmt)", shown, size);
        goto done;
    }
    bool swap;
    if (mo_u32(b, false) == MO_MAGIC)
        swap = false;
    else if (mo_u32(b, true) == MO_MAGIC)
        swap = true;
    else {
        snprintf(why, why_n, "%s: not a .mo catalogue (wrong magic number; build it from the "
                 ".po file with msgfmt)", shown);
        goto done;
    }
    uint32_t revision = mo_u32(b + 4, swap), n = mo_u32(b + 8, swap);
    uint32_t orig = mo_u32(b + 12, swap), trans = mo_u32(b + 16, swap);
    if (revision >> 16 > 1) {
        snprintf(why, why_n, "%s: .mo revision %u.%u is newer than this reader (0 or 1)",
                 shown, revision >> 16, revision & 0xffff);
        goto done;
    }
    if (n > MO_MAX_ENTRIES || (uint64_t)orig + (uint64_t)n * 8 > size ||
        (uint64_t)trans + (uint64_t)n * 8 > size) {
        snprintf(why, why_n, "%s: truncated or damaged catalogue (its string tables of %u "
                 "entries run past the end of the file, %zu bytes)", shown, n, size);
        goto done;
    }
    /* Strings are copied into one buffer where each ends in a NUL we know is there. */
    c->bytes = pv_malloc(size + 1);
    memcpy(c->bytes, raw, size);
    c->bytes[size] = 0;
    c->entries = pv_calloc(n ? n : 1, sizeof(*c->entries));
    for (uint32_t i = 0; i < n; i++) {
        uint32_t olen = mo_u32(b + orig + i * 8, swap), ooff = mo_u32(b + orig + i * 8 + 4, swap);
        uint32_t tlen = mo_u32(b + trans + i * 8, swap);
        uint32_t toff = mo_u32(b + trans + i * 8 + 4, swap);
        if ((uint64_t)ooff + olen >= size || (uint64_t)toff + tlen >= size || b[ooff + olen] ||
            b[toff + tlen]) {
            snprintf(why, why_n, "%s: truncated or damaged catalogue (string %u lies outside "
                     "the file or has no terminating NUL)", shown, i);
            goto done;
        }
        if (!utf8_valid(b + ooff, olen) || !utf8_valid(b + toff, tlen)) {
            snprintf(why, why_n, "%s: string %u is not valid UTF-8 (write the .po file as "
                     "UTF-8 with \"charset=UTF-8\" in its header)", shown, i);
            goto done;
        }
        char *o = c->bytes + ooff, *t = c->bytes + toff;
        /* "context\4msgid\0msgid_plural" */
        char *eot = memchr(o, 4, olen);
        size_t first = strlen(o);
        if (olen == 0) {
            if ((result = mo_header(c, t, why, why_n)) != PV_OK)
                goto done;
            result = PV_ERR_FORMAT;
            continue;
        }
        mo_entry *e = &c->entries[c->count];
        if (eot && eot < o + first) {
            *eot = 0;
            e->key = o;
            e->source = eot + 1;
        } else {
            e->key = o;
            e->source = o;
        }
        if (!*e->key) {
            snprintf(why, why_n, "%s: string %u has an empty msgctxt key", shown, i);
            goto done;
        }
        if (first < olen)
            e->plural_source = o + first + 1;
        /* forms: NUL-separated inside tlen */
        size_t at = 0;
        while (at <= tlen && e->form_count < PLURAL_MAX_FORMS) {
            e->forms[e->form_count++] = t + at;
            at += strlen(t + at) + 1;
        }
        if (at <= tlen) {
            snprintf(why, why_n, "%s: \"%s\" has more than %d plural forms", shown, e->key,
                     PLURAL_MAX_FORMS);
            goto done;
        }
        c->count++;
    }
    qsort(c->entries, (size_t)c->count, sizeof(*c->entries), entry_cmp);
    for (int i = 1; i < c->count; i++)
        if (strcmp(c->entries[i - 1].key, c->entries[i].key) == 0) {
            snprintf(why, why_n, "%s: the key \"%s\" is there twice", shown, c->entries[i].key);
            goto done;
        }
    /* A translation must take the arguments its English source takes, or printf would read
     * the wrong ones. Such entries go (English shows instead), the rest of the file stays. */
    int kept = 0;
    for (int i = 0; i < c->count; i++) {
        mo_entry *e = &c->entries[i];
        bool ok = true;
        for (int k = 0; k < e->form_count && ok; k++)
            ok = ui_format_compatible(e->source, e->forms[k], false) ||
                 (e->plural_source && ui_format_compatible(e->plural_source, e->forms[k], false));
        if (!ok)
            pv_warn("%s: the translation of \"%s\" does not take the same printf arguments as "
                    "its English source; English is shown instead", shown, e->key);
        else
            c->entries[kept++] = *e;
    }
    c->count = kept;
    result = PV_OK;
done:
    free(raw);
    if (result != PV_OK)
        ui_catalogue_free(&c);
    *out = c;
    return result;
}

void ui_catalogue_free(ui_catalogue **c)
{
    if (!c || !*c)
        return;
    free((*c)->path);
    free((*c)->bytes);
    free((*c)->entries);
    ui_plural_free(&(*c)->plural);
    pv_free(c);
}

int ui_catalogue_count(const ui_catalogue *c) { return c ? c->count : 0; }

static const mo_entry *entry_at(const ui_catalogue *c, int i)
{
    return c && i >= 0 && i < c->count ? &c->entries[i] : NULL;
}

const char *ui_catalogue_key(const ui_catalogue *c, int i)
{
    const mo_entry *e = entry_at(c, i);
    return e ? e->key : NULL;
}

const char *ui_catalogue_source(const ui_catalogue *c, int i)
{
    const mo_entry *e = entry_at(c, i);
    return e ? e->source : NULL;
}

const char *ui_catalogue_plural_source(const ui_catalogue *c, int i)
{
    const mo_entry *e = entry_at(c, i);
    return e ? e->plural_source : NULL;
}

int ui_catalogue_form_count(const ui_catalogue *c, int i)
{
    const mo_entry *e = entry_at(c, i);
    return e ? e->form_count : 0;
}

const char *ui_catalogue_form(const ui_catalogue *c, int i, int form)
{
    const mo_entry *e = entry_at(c, i);
    return e && form >= 0 && form < e->form_count ? e->forms[form] : NULL;
}

int ui_catalogue_find(const ui_catalogue *c, const char *key)
{
    if (!c || !key)
        return -1;
    int lo = 0, hi = c->count - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int d = strcmp(key, c->entries[mid].key);
        if (d == 0)
            return mid;
        if (d < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return -1;
}

const char *ui_catalogue_language(const ui_catalogue *c) { return c ? c->language : ""; }

int ui_catalogue_nplurals(const ui_catalogue *c)
{
    return c ? ui_plural_nplurals(c->plural) : 2;
}

int ui_catalogue_plural(const ui_catalogue *c, unsigned long n)
{
    return ui_plural_eval(c ? c->plural : NULL, n);
}

/* ------------------------------------------------------------------------------------------ */
/* The interface's strings                                                                    */
/* ------------------------------------------------------------------------------------------ */

#define LANG_MAX 32

typedef struct loaded_lang {
    char code[LANG_MAX];     /* the file's code: "pt" for pt.mo */
    ui_catalogue *cat;
} loaded_lang;

struct ui_strings {
    char *dir;
    ui_catalogue *english;
    loaded_lang *loaded;     /* catalogues read so far (each read once) */
    int loaded_count;
    const ui_catalogue *current; /* English or one of `loaded` */
    char lang[LANG_MAX];
    uint32_t generation;
    char **available;        /* codes of the folder's .mo files, sorted */
    int available_count;
};

void ui_strings_normalize(const char *lang, char *out, size_t n)
{
    if (!n)
        return;
    out[0] = 0;
    if (!lang)
        return;
    size_t len = strcspn(lang, ".@"); /* drop ".UTF-8" and "@euro" */
    if ((len == 1 && lang[0] == 'C') || (len == 5 && strncmp(lang, "POSIX", 5) == 0))
        return;
    /* subtags: the language in lower case, a 2-letter region in upper case ("pt-BR"), a
     * 4-letter script in title case ("zh-Hans"), others as written */
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t sub = i;
        while (sub < len && lang[sub] != '_' && lang[sub] != '-')
            sub++;
        size_t sn = sub - i;
        if (sn == 0 || sn > 8 || o + sn + 2 > n) {
            out[0] = 0;
            return;
        }
        if (i > 0)
            out[o++] = '-';
        for (size_t k = 0; k < sn; k++) {
            char ch = lang[i + k];
            bool upper = ch >= 'A' && ch <= 'Z', lower = ch >= 'a' && ch <= 'z';
            if (!upper && !lower && !(ch >= '0' && ch <= '9')) {
                out[0] = 0; /* not a language name */
                return;
            }
            bool want_upper = i > 0 && (sn == 2 || (sn == 4 && k == 0));
            bool want_lower = i == 0 || (sn == 4 && k > 0);
            if (want_upper && lower)
                ch = (char)(ch - 32);
            else if (want_lower && upper)
                ch = (char)(ch + 32);
            out[o++] = ch;
        }
        i = sub < len ? sub + 1 : sub;
        if (sub < len && i == len) { /* a trailing separator */
            out[0] = 0;
            return;
        }
    }
    out[o] = 0;
}

static bool code_is_safe(const char *code)
{
    /* codes become file names: letters, digits and '-' only */
    if (!*code)
        return false;
    for (const char *p = code; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-'))
            return false;
    return true;
}

static bool has_available(const ui_strings *s, const char *code)
{
    for (int i = 0; i < s->available_count; i++)
        if (strcmp(s->available[i], code) == 0)
            return true;
    return false;
}

/* The catalogue code serving a normalised language: "pt-BR" -> "pt-BR" when pt-BR.mo exists,
 * else "pt". Empty when there is none. */
static void catalogue_code(const ui_strings *s, const char *lang, char out[LANG_MAX])
{
    out[0] = 0;
    if (!code_is_safe(lang))
        return;
    if (has_available(s, lang)) {
        snprintf(out, LANG_MAX, "%s", lang);
        return;
    }
    size_t primary = strcspn(lang, "-");
    if (primary < LANG_MAX) {
        char p[LANG_MAX];
        memcpy(p, lang, primary);
        p[primary] = 0;
        if (has_available(s, p))
            snprintf(out, LANG_MAX, "%s", p);
    }
}

static int str_ptr_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void scan_dir(ui_strings *s)
{
    DIR *d = opendir(s->dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 4 || len - 3 >= LANG_MAX || strcmp(de->d_name + len - 3, ".mo") != 0)
            continue;
        char *code = pv_strndup(de->d_name, len - 3);
        if (!code_is_safe(code)) {
            free(code);
            continue;
        }
        s->available = pv_realloc(s->available, sizeof(char *) * (size_t)(s->available_count + 1));
        s->available[s->available_count++] = code;
    }
    closedir(d);
    if (s->available_count > 1) /* qsort's array may not be NULL, even for no elements */
        qsort(s->available, (size_t)s->available_count, sizeof(char *), str_ptr_cmp);
}

/* The catalogue for a file code, read on first use. */
static pv_result load_code(ui_strings *s, const char *code, const ui_catalogue **out, char *why,
                           size_t why_n)
{
    for (int i = 0; i < s->loaded_count; i++)
        if (strcmp(s->loaded[i].code, code) == 0) {
            *out = s->loaded[i].cat;
            return PV_OK;
        }
    char *path = pv_asprintf("%s/%s.mo", s->dir, code);
    ui_catalogue *c = NULL;
    pv_result r = ui_catalogue_load(path, &c, why, why_n);
    free(path);
    if (r != PV_OK)
        return r;
    s->loaded = pv_realloc(s->loaded, sizeof(*s->loaded) * (size_t)(s->loaded_count + 1));
    loaded_lang *l = &s->loaded[s->loaded_count++];
    snprintf(l->code, sizeof(l->code), "%s", code);
    l->cat = c;
    *out = c;
    return PV_OK;
}

pv_result ui_strings_create(const ui_strings_desc *d, ui_strings **out, char *why, size_t why_n)
{
    *out = NULL;
    if (!d || !d->dir) {
        snprintf(why, why_n, "ui_strings_create needs the catalogues' folder");
        return PV_ERR_INVALID;
    }
    ui_strings *s = pv_calloc(1, sizeof(*s));
    s->dir = pv_strdup(d->dir);
    scan_dir(s);
    const ui_catalogue *en = NULL;
    pv_result r = load_code(s, "en", &en, why, why_n);
    if (r != PV_OK) {
        ui_strings_destroy(&s);
        return r;
    }
    s->english = (ui_catalogue *)en;
    s->current = en;
    snprintf(s->lang, sizeof(s->lang), "en");
    *out = s;
    return PV_OK;
}

void ui_strings_destroy(ui_strings **s)
{
    if (!s || !*s)
        return;
    ui_strings *x = *s;
    for (int i = 0; i < x->loaded_count; i++)
        ui_catalogue_free(&x->loaded[i].cat);
    free(x->loaded);
    for (int i = 0; i < x->available_count; i++)
        free(x->available[i]);
    free(x->available);
    free(x->dir);
    pv_free(s);
}

static const char *lookup(const ui_catalogue *c, const char *key, bool plural, unsigned long n)
{
    int i = ui_catalogue_find(c, key);
    if (i < 0)
        return NULL;
    const mo_entry *e = &c->entries[i];
    int form = plural && e->plural_source ? ui_catalogue_plural(c, n) : 0;
    if (form >= e->form_count || !*e->forms[form])
        return NULL; /* fewer forms than the rule asks for: English has them */
    return e->forms[form];
}

static const char *str_any(const ui_strings *s, const char *key, bool plural, unsigned long n)
{
    if (!key)
        return "";
    if (!s)
        return key;
    const char *v = lookup(s->current, key, plural, n);
    if (!v && s->current != s->english)
        v = lookup(s->english, key, plural, n);
    return v ? v : key;
}

const char *ui_str(const ui_strings *s, const char *key) { return str_any(s, key, false, 0); }

const char *ui_strn(const ui_strings *s, const char *key, long n)
{
    unsigned long m = n < 0 ? 0ul - (unsigned long)n : (unsigned long)n;
    return str_any(s, key, true, m);
}

pv_result ui_strings_set_language(ui_strings *s, const char *lang, char *why, size_t why_n)
{
    if (!s || !lang)
        return PV_ERR_INVALID;
    char norm[LANG_MAX], code[LANG_MAX];
    ui_strings_normalize(lang, norm, sizeof(norm));
    if (!norm[0]) {
        snprintf(why, why_n, "\"%s\" is not a language code (expected e.g. \"ja\" or \"pt-BR\")",
                 lang);
        return PV_ERR_INVALID;
    }
    catalogue_code(s, norm, code);
    if (!code[0]) {
        snprintf(why, why_n, "%s: no catalogue for \"%s\" (looked for %s.mo)",
                 pv_path_display(s->dir), norm, norm);
        return PV_ERR_IO;
    }
    const ui_catalogue *c = NULL;
    pv_result r = load_code(s, code, &c, why, why_n);
    if (r != PV_OK)
        return r;
    if (strcmp(s->lang, norm) != 0 || s->current != c) {
        snprintf(s->lang, sizeof(s->lang), "%s", norm);
        s->current = c;
        s->generation++;
    }
    return PV_OK;
}

const char *ui_strings_language(const ui_strings *s) { return s ? s->lang : "en"; }

uint32_t ui_strings_generation(const ui_strings *s) { return s ? s->generation : 0; }

bool ui_strings_rtl(const ui_strings *s)
{
    return strcmp(ui_str(s, "language.direction"), "rtl") == 0;
}

int ui_strings_languages(const ui_strings *s, const char **codes, int max)
{
    if (!s)
        return 0;
    for (int i = 0; i < s->available_count && i < max; i++)
        codes[i] = s->available[i];
    return s->available_count;
}

const char *ui_strings_language_name(ui_strings *s, const char *code)
{
    if (!s || !code)
        return code ? code : "";
    char norm[LANG_MAX], file[LANG_MAX], why[256];
    ui_strings_normalize(code, norm, sizeof(norm));
    catalogue_code(s, norm, file);
    const ui_catalogue *c = NULL;
    if (!file[0] || load_code(s, file, &c, why, sizeof(why)) != PV_OK)
        return code;
    const char *name = lookup(c, "language.name", false, 0);
    return name ? name : code;
}

/* Writes `lang` normalised into out when a catalogue serves it. */
static bool try_lang(const ui_strings *s, const char *lang, char *out, size_t n)
{
    char norm[LANG_MAX], code[LANG_MAX];
    ui_strings_normalize(lang, norm, sizeof(norm));
    if (!norm[0])
        return false;
    catalogue_code(s, norm, code);
    if (!code[0])
        return false;
    snprintf(out, n, "%s", norm);
    return true;
}

void ui_strings_choose_language(const ui_strings *s, const char *cli,
                                char *(*env)(const char *name), char *out, size_t n)
{
    if (!n)
        return;
    snprintf(out, n, "en");
    if (cli && *cli) {
        /* what the visitor asked for, even without a catalogue: scene texts may have it */
        char norm[LANG_MAX];
        ui_strings_normalize(cli, norm, sizeof(norm));
        if (norm[0])
            snprintf(out, n, "%s", norm);
        return;
    }
    if (!env || !s)
        return;
    const char *list = env("LANGUAGE");
    while (list && *list) {
        size_t len = strcspn(list, ":");
        if (len > 0 && len < LANG_MAX) {
            char one[LANG_MAX];
            memcpy(one, list, len);
            one[len] = 0;
            if (try_lang(s, one, out, n))
                return;
        }
        list += len + (list[len] == ':');
    }
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (int i = 0; i < 3; i++) {
        const char *v = env(vars[i]);
        if (v && *v) {
            try_lang(s, v, out, n);
            return; /* the first one set decides, as in POSIX */
        }
    }
}

static bool dir_has_english(const char *dir)
{
    char *p = pv_asprintf("%s/en.mo", dir);
    bool ok = pv_file_exists(p);
    free(p);
    return ok;
}

bool ui_strings_find_dir(const char *exe_dir, char *out, size_t n)
{
    const char *env = getenv("PAVILION_LOCALE_DIR");
    if (env && *env && dir_has_english(env)) {
        snprintf(out, n, "%s", env);
        return true;
    }
    const char *base = exe_dir && *exe_dir ? exe_dir : ".";
    char *installed = pv_asprintf("%s/../share/pavilion/locale", base);
    char *build = pv_asprintf("%s/locale", base);
    bool found = true;
    if (dir_has_english(installed))
        snprintf(out, n, "%s", installed);
    else if (dir_has_english(build))
        snprintf(out, n, "%s", build);
    else {
        snprintf(out, n, "%s", installed);
        found = false;
    }
    free(installed);
    free(build);
    return found;
}
