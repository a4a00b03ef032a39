/* hud team cards: the people of a "team" hotspot as cards inside its panel: a portrait (the
 * scene's `photo`, decoded by the host) or, without one, the person's initials on a disc in
 * the accent colour; then the name and the card's lines (role, region, languages spoken,
 * contact) in the visitor's language. Mirrored in right-to-left languages like every ui/
 * rectangle (the portrait at the right). Threads: main thread only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hud/hud_internal.h"

enum { PHOTO_DP = 72 };
/* A line of a card's text: ui lays each '\n'-separated line as a paragraph, 1.4 sizes apart
 * with half a size between paragraphs. */
#define LINE_SIZES 1.9f

static void add_line(char **s, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    char *joined = pv_asprintf("%s%s%s%s%s", *s ? *s : "", *s ? "\n" : "", label ? label : "",
                               label ? ": " : "", value);
    free(*s);
    *s = joined;
}

char *hud_card_lines(const hud_parts *p, const scene_person *person)
{
    char *s = NULL;
    add_line(&s, NULL, scene_text_get(&person->role, p->lang));
    add_line(&s, ui_str(p->strings, "team.region"), scene_text_get(&person->region, p->lang));
    char langs[200] = "";
    for (int k = 0, n = 0; k < person->language_count && n < (int)sizeof(langs) - 1; k++) {
        /* each language by its own name where there is a catalogue ("日本語"), else its code */
        const char *name = p->strings ? ui_strings_language_name(p->strings, person->languages[k])
                                      : person->languages[k];
        n += snprintf(langs + n, sizeof(langs) - (size_t)n, "%s%s", k ? " · " : "", name);
    }
    add_line(&s, ui_str(p->strings, "team.languages"), langs);
    add_line(&s, ui_str(p->strings, "team.contact"), scene_text_get(&person->contact, p->lang));
    return s;
}

void hud_initials(const char *name, char *out, size_t n)
{
    /* the first character (grapheme cluster) of the first and of the last word: "Ana Lima"
     * -> "AL", "佐藤健二" -> "佐" (one word) */
    size_t len = name ? strlen(name) : 0, o = 0, first = len, last = len;
    for (size_t i = 0; i < len; i++)
        if (name[i] != ' ' && (i == 0 || name[i - 1] == ' ')) {
            if (first == len)
                first = i;
            last = i;
        }
    out[0] = '\0';
    size_t starts[2] = {first, last};
    for (int k = 0; k < (first == last ? 1 : 2) && first < len; k++) {
        size_t a = starts[k], b = text_grapheme_next(name, len, a);
        if (o + (b - a) + 1 > n)
            break;
        memcpy(out + o, name + a, b - a);
        o += b - a;
        out[o] = '\0';
    }
    for (size_t i = 0; i < o; i++)
        if (out[i] >= 'a' && out[i] <= 'z')
            out[i] = (char)(out[i] - 'a' + 'A');
}

static int line_count(const char *s)
{
    int n = s && *s ? 1 : 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

float hud_cards_height(const hud_parts *p, char **lines, int count)
{
    const ui_theme *t = ui_get_theme(p->ui);
    float h = 0;
    for (int i = 0; i < count; i++) {
        float text = t->font_size * 1.5f + (float)line_count(lines[i]) * t->small_size * LINE_SIZES;
        h += (text > PHOTO_DP ? text : PHOTO_DP) + 2 * t->spacing + (i ? t->spacing : 0);
    }
    return h;
}

void hud_cards(const hud_parts *p, const scene_hotspot *hs, char **lines, int count, ui_rect r)
{
    ui *u = p->ui;
    const ui_theme *t = ui_get_theme(u);
    float y = r.y, pad = t->spacing;
    for (int i = 0; i < count && i < hs->person_count; i++) {
        const scene_person *person = &hs->people[i];
        float text = t->font_size * 1.5f + (float)line_count(lines[i]) * t->small_size * LINE_SIZES;
        float h = (text > PHOTO_DP ? text : PHOTO_DP) + 2 * pad;
        ui_fill(u, (ui_rect){r.x, y, r.w, h}, t->control, t->radius);
        ui_rect photo = {r.x + pad, y + pad, PHOTO_DP, PHOTO_DP};
        const gfx_image *img = person->photo && p->host->image
                                   ? p->host->image(p->host->user, person->photo)
                                   : NULL;
        const char *name = scene_text_get(&person->name, p->lang);
        if (img) {
            ui_image(u, photo, img, 1);
        } else {
            char ini[32];
            hud_initials(name, ini, sizeof ini);
            ui_fill(u, photo, t->accent, PHOTO_DP * 0.5f);
            ui_label(u, photo, ini, t->title_size, t->text, TEXT_ALIGN_CENTER);
        }
        float tx = photo.x + PHOTO_DP + pad * 1.5f, tw = r.x + r.w - pad - tx;
        ui_label(u, (ui_rect){tx, y + pad, tw, t->font_size * 1.5f}, name, t->font_size,
                 t->text, TEXT_ALIGN_START);
        if (lines[i])
            ui_label(u, (ui_rect){tx, y + pad + t->font_size * 1.5f, tw,
                                  (float)line_count(lines[i]) * t->small_size * LINE_SIZES},
                     lines[i], t->small_size, t->text_dim, TEXT_ALIGN_START);
        y += h + pad;
    }
}
