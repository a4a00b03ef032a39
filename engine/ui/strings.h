/* ui/strings: the words Pavilion itself shows (buttons, menus, hints, messages, the cinema's
 * controls), in the visitor's language, from gettext catalogues (assets/i18n/<code>.po,
 * compiled to <code>.mo at build time).
 *
 * Catalogues are keyed by meaning: each entry's msgctxt is a stable key ("cinema.play"), its
 * msgid the English source text (what the code's printf arguments must match) and its msgstr
 * (or msgstr[i] for plural forms) the translation. A key missing from the visitor's language
 * falls back to English; a key missing from English too comes back as the key itself, so a
 * hole is visible but nothing crashes.
 *
 * Pavilion reads the .mo files itself instead of calling glibc's gettext(): gettext only
 * translates when the machine has the matching locale installed and setlocale() succeeded,
 * and it switches language process-wide, which rules out switching during a visit and tests
 * on machines without those locales. .mo files are treated as hostile: every offset is bounds
 * checked, strings must be UTF-8, and a translation whose printf conversions do not match its
 * English source is dropped (English is shown), so a bad catalogue cannot crash a printf.
 *
 * Typical use (the composition root owns the ui_strings; widgets only read):
 *     char dir[1024], lang[64];
 *     ui_strings_find_dir(exe_dir, dir, sizeof(dir));
 *     ui_strings *s = NULL;
 *     ui_strings_create(&(ui_strings_desc){.dir = dir}, &s, why, sizeof(why));
 *     ui_strings_choose_language(s, opt_lang, getenv, lang, sizeof(lang));
 *     ui_strings_set_language(s, lang, why, sizeof(why));
 *     label = ui_str(s, "cinema.choose_film");
 *     snprintf(buf, sizeof(buf), ui_strn(s, "menu.place_count", n), n);
 *     if (ui_strings_generation(s) != my_generation) ... lay out again ...
 *
 * Threads: a ui_strings belongs to the main thread (the interface's thread); a ui_catalogue
 * may be loaded on any thread and read from several once loaded. No GL, no SDL. */
#ifndef PV_UI_STRINGS_H
#define PV_UI_STRINGS_H

#include "core/core.h"

/* ---- one catalogue (.mo file) ---- */

typedef struct ui_catalogue ui_catalogue;

/* Reads a .mo file (either byte order, revision 0 or 1). Fails with PV_ERR_IO or
 * PV_ERR_FORMAT and a message naming the file in `why` for anything malformed: truncated
 * tables, offsets past the end, strings without their terminating NUL, invalid UTF-8,
 * duplicate keys, a Plural-Forms header that is not a valid expression. Entries whose
 * translation's printf conversions do not match the English source are dropped with a
 * warning in the log (they fall back to English). */
pv_result ui_catalogue_load(const char *path, ui_catalogue **out, char *why, size_t why_n);
void ui_catalogue_free(ui_catalogue **c);

/* Entries in key order. The key is the msgctxt (or the msgid for an entry without one). */
int ui_catalogue_count(const ui_catalogue *c);
const char *ui_catalogue_key(const ui_catalogue *c, int i);
/* The English source of entry i: msgid (plural_source: msgid_plural, or NULL when none). */
const char *ui_catalogue_source(const ui_catalogue *c, int i);
const char *ui_catalogue_plural_source(const ui_catalogue *c, int i);
/* Translated forms of entry i (1 for a plain entry, nplurals for a plural one). */
int ui_catalogue_form_count(const ui_catalogue *c, int i);
const char *ui_catalogue_form(const ui_catalogue *c, int i, int form);
/* Index of the entry with this key, or -1. */
int ui_catalogue_find(const ui_catalogue *c, const char *key);
/* From the header: "Language" (e.g. "pt_BR"; "" when absent) and the plural rule. */
const char *ui_catalogue_language(const ui_catalogue *c);
int ui_catalogue_nplurals(const ui_catalogue *c);
/* Which plural form a count takes (the Plural-Forms expression evaluated for n). */
int ui_catalogue_plural(const ui_catalogue *c, unsigned long n);

/* ---- plural expressions and printf formats (exposed for tests and tools) ---- */

typedef struct ui_plural_rule ui_plural_rule;
/* Parses a Plural-Forms value ("nplurals=3; plural=(n%10==1 ? 0 : ...);"): C's ?:, ||, &&,
 * == != < > <= >=, + - * / %, !, parentheses, n and decimal numbers, nesting at most 32
 * deep and 128 nodes. Division by zero gives 0. */
pv_result ui_plural_parse(const char *header_value, ui_plural_rule **out, char *why,
                          size_t why_n);
int ui_plural_nplurals(const ui_plural_rule *r);
int ui_plural_eval(const ui_plural_rule *r, unsigned long n); /* always in [0, nplurals) */
void ui_plural_free(ui_plural_rule **r);

/* True when every printf conversion in `candidate` takes an argument the `reference` format
 * passes, with the same type (positional %1$s forms allowed; %n and '*' are refused).
 * With `exact`, candidate must also use every argument of reference. */
bool ui_format_compatible(const char *reference, const char *candidate, bool exact);

/* ---- the interface's strings: a language, English beneath it ---- */

typedef struct ui_strings ui_strings;

typedef struct ui_strings_desc {
    const char *dir;   /* folder of <code>.mo files (required; see ui_strings_find_dir) */
} ui_strings_desc;

/* Loads English (dir/en.mo), which must be there and valid; the language is English until
 * ui_strings_set_language. On failure *out is NULL and `why` names the file; ui_str(NULL, k)
 * still answers (the key), so a caller may carry on. */
pv_result ui_strings_create(const ui_strings_desc *d, ui_strings **out, char *why,
                            size_t why_n);
void ui_strings_destroy(ui_strings **s);

/* The text for `key` in the current language, else English, else the key. Never NULL.
 * The pointer stays valid until the ui_strings is destroyed. */
const char *ui_str(const ui_strings *s, const char *key);
/* The plural form of `key` for count n (negative counts use their magnitude); the format
 * then takes n as its argument: snprintf(b, sz, ui_strn(s, "menu.place_count", n), n). */
const char *ui_strn(const ui_strings *s, const char *key, long n);

/* Switches the language ("ja", "pt-BR", "zh_CN.UTF-8", case and separators as locales write
 * them). Loads <dir>/<code>.mo (for "pt-BR": pt-BR.mo, else pt.mo) once and keeps it.
 * On success the generation goes up (unless the language did not change); on failure
 * the language stays as it was and `why` names the file or says no catalogue exists. */
pv_result ui_strings_set_language(ui_strings *s, const char *lang, char *why, size_t why_n);
/* The language set (normalised: "pt-BR"), "en" at first. */
const char *ui_strings_language(const ui_strings *s);
/* Goes up by one at every change of language: callers that keep laid-out text compare it
 * with the generation they laid out for, and lay out again when it differs. */
uint32_t ui_strings_generation(const ui_strings *s);
/* The current language is written right to left (its catalogue's "language.direction"). */
bool ui_strings_rtl(const ui_strings *s);

/* Languages with a catalogue in the folder, in code order ("ar", "de", "en", ...): writes up
 * to `max` codes (pointers valid until destroy) and returns how many there are. */
int ui_strings_languages(const ui_strings *s, const char **codes, int max);
/* A language's own name ("日本語") from its catalogue's "language.name"; the code when it
 * has no catalogue. */
const char *ui_strings_language_name(ui_strings *s, const char *code);

/* Chooses the starting language into `out` ("en" at worst): `cli` (--lang) when given, else
 * the first of the system's preferences that has a catalogue: each entry of LANGUAGE
 * (colon-separated), then the first set of LC_ALL, LC_MESSAGES, LANG (the "C" and "POSIX"
 * locales mean no preference). `env` reads the environment (getenv, or a fake in tests). */
void ui_strings_choose_language(const ui_strings *s, const char *cli,
                                char *(*env)(const char *name), char *out, size_t n);

/* Normalises a language or locale name: "pt_BR.UTF-8@euro" -> "pt-BR", "ZH_cn" -> "zh-CN",
 * "C"/"POSIX"/"" -> "" (no preference). */
void ui_strings_normalize(const char *lang, char *out, size_t n);

/* Where the catalogues are: $PAVILION_LOCALE_DIR, else <exe_dir>/../share/pavilion/locale
 * (installed), else <exe_dir>/locale (the build tree), the first holding en.mo. Returns
 * false (and the installed path in `out`) when none does. */
bool ui_strings_find_dir(const char *exe_dir, char *out, size_t n);

#endif
