/* pavilion-demo-gen: generates the demo exhibition from code, with no inputs: a scene file
 * (expo.json) and equirectangular panoramas rendered by a small ray tracer (tools/demo/).
 *
 *   pavilion-demo-gen OUTDIR                     the demo exhibition
 *   pavilion-demo-gen --bench-pano FILE WIDTH    one busy WIDTH x WIDTH/2 JPEG for benchmarks
 *
 * Output is deterministic: the same bytes on every run and machine thread count.
 * Rendering uses all cores (tools/demo/demo_render.c); everything else runs on the main
 * thread. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <stb/stb_image_write.h>
#include <turbojpeg.h>

#include "core/core.h"

#include "demo/demo_math.h"
#include "demo/demo_font.c"
#include "demo/demo_trace.c"
#include "demo/demo_render.c"
#include "demo/demo_scenes.c"

#define PANO_W 4096
#define PANO_H 2048
#define JPEG_QUALITY 90

typedef void (*place_builder)(scene *s, place_def *pd);

static void place_stand_security(scene *s, place_def *pd) { place_stand(s, pd, 0); }
static void place_stand_cloud(scene *s, place_def *pd) { place_stand(s, pd, 1); }
static void place_stand_devices(scene *s, place_def *pd) { place_stand(s, pd, 2); }

static const place_builder place_builders[] = {
    place_lobby,         place_hall,        place_stand_security, place_stand_cloud,
    place_stand_devices, place_hq_entrance, place_hq_atrium,      place_hq_garden,
};
#define PLACE_COUNT ((int)(sizeof place_builders / sizeof place_builders[0]))


static bool write_file(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "pavilion-demo-gen: cannot write %s: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = fwrite(bytes, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        fprintf(stderr, "pavilion-demo-gen: cannot write %s: %s\n", path, strerror(errno));
    return ok;
}

static bool write_jpeg(const char *path, const uint8_t *rgb_px, int w, int h)
{
    tjhandle tj = tjInitCompress();
    if (!tj) {
        fprintf(stderr, "pavilion-demo-gen: cannot start the JPEG encoder: %s\n",
                tjGetErrorStr());
        return false;
    }
    unsigned char *jpeg = NULL;
    unsigned long size = 0;
    bool ok = tjCompress2(tj, rgb_px, w, 0, h, TJPF_RGB, &jpeg, &size, TJSAMP_420, JPEG_QUALITY,
                          TJFLAG_ACCURATEDCT) == 0;
    if (!ok)
        fprintf(stderr, "pavilion-demo-gen: cannot encode %s: %s\n", path, tjGetErrorStr2(tj));
    else
        ok = write_file(path, jpeg, size);
    tjFree(jpeg);
    tjDestroy(tj);
    return ok;
}

/* ---------------------------------------------------------------- scene file */

typedef struct strbuf {
    char *p;
    size_t n, cap;
} strbuf;

static void sb_add(strbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = pv_realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}
static void sb_puts(strbuf *b, const char *s) { sb_add(b, s, strlen(s)); }
static void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(strbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
/* A JSON string literal; UTF-8 passes through, control characters are escaped. */
static void sb_json(strbuf *b, const char *s)
{
    sb_puts(b, "\"");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            char e[2] = {'\\', (char)*c};
            sb_add(b, e, 2);
        } else if (*c < 0x20) {
            sb_printf(b, "\\u%04x", *c);
        } else {
            sb_add(b, (const char *)c, 1);
        }
    }
    sb_puts(b, "\"");
}
static void sb_text(strbuf *b, const char *en, const char *de)
{
    sb_puts(b, "{\"en\": ");
    sb_json(b, en);
    if (de) {
        sb_puts(b, ", \"de\": ");
        sb_json(b, de);
    }
    sb_puts(b, "}");
}
/* Degrees rounded to a tenth, never "-0.0". */
static void sb_deg(strbuf *b, float v)
{
    double r = floor((double)v * 10.0 + 0.5) / 10.0;
    if (r == 0)
        r = 0;
    sb_printf(b, "%.1f", r);
}

/* The 3D places (models made by pavilion-booth-gen into OUTDIR/models) and the hotspots
 * that lead to them from the panoramas. */
static const char *extra_hotspots(const char *place)
{
    if (strcmp(place, "hall") == 0)
        return "       {\"type\": \"goto\", \"yaw\": -38.0, \"pitch\": -14.0, "
               "\"target\": \"booth-security\",\n"
               "        \"label\": {\"en\": \"Security stand in 3D\", "
               "\"de\": \"Sicherheitsstand in 3D\"}},\n"
               "       {\"type\": \"goto\", \"yaw\": 9.0, \"pitch\": -14.0, "
               "\"target\": \"booth-cloud\",\n"
               "        \"label\": {\"en\": \"Cloud stand in 3D\", "
               "\"de\": \"Cloud-Stand in 3D\"}}\n";
    if (strcmp(place, "lobby") == 0)
        return "       {\"type\": \"video\", \"id\": \"keynote\", \"yaw\": -104.0, \"pitch\": 6.0, "
               "\"width\": 30,\n"
               "        \"video\": \"videos/keynote.mp4\", \"open\": \"fullscreen\",\n"
               "        \"title\": {\"en\": \"Opening keynote (video)\", "
               "\"de\": \"Eröffnungs-Keynote (Video)\"}},\n"
               "       {\"type\": \"goto\", \"yaw\": -140.0, \"pitch\": -6.0, "
               "\"target\": \"cinema\",\n"
               "        \"label\": {\"en\": \"Cinema: short films\", "
               "\"de\": \"Kino: Kurzfilme\"}},\n"
               "       {\"type\": \"goto\", \"yaw\": 165.0, \"pitch\": 2.0, "
               "\"target\": \"plaza-360\",\n"
               "        \"label\": {\"en\": \"Live from the plaza (360° video)\", "
               "\"de\": \"Live vom Platz (360°-Video)\"}}\n";
    if (strcmp(place, "hq-entrance") == 0)
        return "       {\"type\": \"goto\", \"yaw\": 14.0, \"pitch\": -8.0, "
               "\"target\": \"hq-lobby\",\n"
               "        \"label\": {\"en\": \"Walk through the HQ lobby (3D)\", "
               "\"de\": \"Durch die HQ-Lobby gehen (3D)\"}}\n";
    return NULL;
}

/* Where the cinema's visitor stands (feet, on the platform behind the last row), in the
 * model's metres (see tools/booth/booth_cinema.c); the way out is its "Door" node. */
#define CINEMA_SEAT "[0, 1.5, 4.8]"

static const char *const s_booth_places =
    "    {\"id\": \"booth-security\", \"title\": {\"en\": \"Security stand (3D)\", "
    "\"de\": \"Sicherheitsstand (3D)\"},\n"
    "     \"model\": \"models/booth-security.glb\", \"environment\": \"panoramas/hall.jpg\",\n"
    "     \"camera\": {\"mode\": \"orbit\", \"target\": [0, 1.1, 0], \"yaw\": 25, "
    "\"pitch\": 14},\n"
    "     \"screens\": [{\"material\": \"Screen\", \"video\": \"videos/product.mp4\", "
    "\"autoplay\": true, \"loop\": true, \"volume\": 0.6}],\n"
    "     \"hotspots\": [\n"
    "       {\"type\": \"info\", \"node\": \"Counter\", \"title\": \"Endpoint security\",\n"
    "        \"text\": \"Zero-trust access for every device: talk to the team at the counter.\"},\n"
    "       {\"type\": \"info\", \"node\": \"Screen\", \"title\": \"Product clips\",\n"
    "        \"text\": \"Short films about the security portfolio play here.\"},\n"
    "       {\"type\": \"goto\", \"position\": [0, 0.3, 3.2], \"target\": \"hall\",\n"
    "        \"label\": {\"en\": \"Back to the hall\", \"de\": \"Zurück in die Halle\"}}\n"
    "     ]},\n"
    "    {\"id\": \"booth-cloud\", \"title\": {\"en\": \"Cloud stand (3D)\", "
    "\"de\": \"Cloud-Stand (3D)\"},\n"
    "     \"model\": \"models/booth-cloud.glb\", \"environment\": \"panoramas/hall.jpg\",\n"
    "     \"camera\": {\"mode\": \"orbit\", \"target\": [0, 1.1, 0], \"yaw\": -20, "
    "\"pitch\": 12},\n"
    "     \"hotspots\": [\n"
    "       {\"type\": \"info\", \"node\": \"Counter\", \"title\": \"Cloud platform\",\n"
    "        \"text\": \"Scale anywhere: meet the cloud team at the counter.\"},\n"
    "       {\"type\": \"goto\", \"position\": [0, 0.3, 3.2], \"target\": \"hall\",\n"
    "        \"label\": {\"en\": \"Back to the hall\", \"de\": \"Zurück in die Halle\"}}\n"
    "     ]},\n"
    "    {\"id\": \"hq-lobby\", \"title\": {\"en\": \"HQ lobby (3D)\", "
    "\"de\": \"HQ-Lobby (3D)\"},\n"
    "     \"model\": \"models/hq-lobby.glb\", \"environment\": \"panoramas/hq-atrium.jpg\",\n"
    "     \"camera\": {\"mode\": \"walk\", \"position\": [0, 0, 4.5], \"yaw\": 0},\n"
    "     \"light\": {\"direction\": [-0.3, -1, -0.2], \"intensity\": 2},\n"
    "     \"hotspots\": [\n"
    "       {\"type\": \"info\", \"node\": \"Reception\", \"title\": \"Reception\",\n"
    "        \"text\": \"Visitors sign in here; the team shows you around the building.\"},\n"
    "       {\"type\": \"goto\", \"node\": \"DoorHall\", \"target\": \"hq-entrance\",\n"
    "        \"label\": {\"en\": \"Out to the plaza\", \"de\": \"Hinaus auf den Platz\"}},\n"
    "       {\"type\": \"goto\", \"node\": \"DoorGarden\", \"target\": \"hq-atrium\",\n"
    "        \"label\": {\"en\": \"To the atrium\", \"de\": \"Zum Atrium\"}}\n"
    "     ]},\n"
    "    {\"id\": \"cinema\", \"title\": {\"en\": \"Cinema\", \"de\": \"Kino\"},\n"
    "     \"model\": \"models/cinema.glb\",\n"
    "     \"camera\": {\"mode\": \"walk\", \"position\": " CINEMA_SEAT ", \"yaw\": 0, "
    "\"pitch\": -5},\n"
    "     \"light\": {\"direction\": [0, -1, -0.3], \"intensity\": 0.4},\n"
    "     \"cinema\": {\"material\": \"Screen\", \"playlist\": [\n"
    "       {\"title\": {\"en\": \"Aurora\", \"de\": \"Polarlicht\", \"ja\": \"オーロラ\"},\n"
    "        \"video\": \"films/aurora.mp4\", \"poster\": \"films/aurora.jpg\",\n"
    "        \"subtitles\": {\"en\": \"films/aurora.en.srt\", \"de\": \"films/aurora.de.srt\",\n"
    "                      \"ja\": \"films/aurora.ja.vtt\", \"ar\": \"films/aurora.ar.srt\"}},\n"
    "       {\"title\": {\"en\": \"Harbour\", \"de\": \"Hafen\", \"fr\": \"Le port\"},\n"
    "        \"video\": \"films/harbour.mp4\", \"poster\": \"films/harbour.jpg\",\n"
    "        \"subtitles\": {\"en\": \"films/harbour.en.vtt\", \"fr\": \"films/harbour.fr.srt\"}}\n"
    "     ]},\n"
    "     \"hotspots\": [\n"
    "       {\"type\": \"goto\", \"node\": \"Door\", \"target\": \"lobby\",\n"
    "        \"label\": {\"en\": \"Back to the lobby\", \"de\": \"Zurück in die Lobby\"}}\n"
    "     ]},\n"
    "    {\"id\": \"plaza-360\", \"title\": {\"en\": \"The plaza (360° video)\", "
    "\"de\": \"Der Platz (360°-Video)\"},\n"
    "     \"panorama\": \"videos/hall-360.mp4\",\n"
    "     \"hotspots\": [\n"
    "       {\"type\": \"goto\", \"yaw\": 180, \"pitch\": -10, \"target\": \"lobby\",\n"
    "        \"label\": {\"en\": \"Back to the lobby\", \"de\": \"Zurück in die Lobby\"}}\n"
    "     ]}\n";

static char *scene_json(const place_def *places, int n)
{
    strbuf b = {0};
    sb_puts(&b, "{\n  \"format\": \"pavilion/1\",\n");
    sb_puts(&b, "  \"title\": {\"en\": \"Global Partner Expo\", \"de\": \"Globale Partnermesse\", "
                "\"ja\": \"グローバル パートナー エキスポ\"},\n");
    sb_puts(&b, "  \"start\": \"lobby\",\n  \"transition\": {\"fade\": 0.6},\n  \"places\": [\n");
    for (int i = 0; i < n; i++) {
        const place_def *pd = &places[i];
        sb_puts(&b, "    {\"id\": ");
        sb_json(&b, pd->id);
        sb_puts(&b, ", \"title\": ");
        sb_text(&b, pd->title_en, pd->title_de);
        sb_printf(&b, ", \"panorama\": \"panoramas/%s.jpg\",\n     \"view\": {\"yaw\": ", pd->id);
        sb_deg(&b, pd->view_yaw);
        sb_puts(&b, ", \"pitch\": ");
        sb_deg(&b, pd->view_pitch);
        sb_puts(&b, ", \"fov\": 90},\n     \"hotspots\": [\n");
        for (int k = 0; k < pd->hs_count; k++) {
            const hotspot_def *h = &pd->hs[k];
            sb_printf(&b, "       {\"type\": \"%s\", \"yaw\": ", h->info ? "info" : "goto");
            sb_deg(&b, h->yaw);
            sb_puts(&b, ", \"pitch\": ");
            sb_deg(&b, h->pitch);
            if (h->info) {
                sb_puts(&b, ", \"title\": ");
                sb_text(&b, h->label_en, h->label_de);
                sb_puts(&b, ",\n        \"text\": ");
                sb_text(&b, h->text_en, h->text_de);
            } else {
                sb_puts(&b, ", \"target\": ");
                sb_json(&b, h->target);
                sb_puts(&b, ", \"label\": ");
                sb_text(&b, h->label_en, h->label_de);
            }
            sb_puts(&b, k + 1 < pd->hs_count || extra_hotspots(pd->id) ? "},\n" : "}\n");
        }
        if (extra_hotspots(pd->id))
            sb_puts(&b, extra_hotspots(pd->id));
        sb_puts(&b, "     ]},\n");
    }
    sb_puts(&b, s_booth_places);
    sb_puts(&b, "  ]\n}\n");
    return b.p;
}

/* ---------------------------------------------------------------- commands */

static scene *scene_new(const demo_font *font)
{
    scene *s = pv_calloc(1, sizeof *s);
    s->font = font;
    s->exposure = 1.0f;
    return s;
}

static int generate(const char *outdir, const char *only, int width)
{
    char *pano_dir = pv_path_join(outdir, "panoramas");
    if (!pv_make_dirs(pano_dir)) {
        fprintf(stderr, "pavilion-demo-gen: cannot create the folder %s: %s\n", pano_dir,
                strerror(errno));
        free(pano_dir);
        return 1;
    }
    demo_font *font = pv_calloc(1, sizeof *font);
    font_build(font);
    place_def places[PLACE_COUNT];
    memset(places, 0, sizeof places);
    int status = 0;
    double t0 = pv_now();
    for (int i = 0; i < PLACE_COUNT && status == 0; i++) {
        scene *s = scene_new(font);
        place_builders[i](s, &places[i]);
        if (only && strcmp(only, places[i].id) != 0) {
            free(s);
            continue;
        }
        scene_finish(s);
        double t = pv_now();
        uint8_t *px = render_pano(s, width, width / 2);
        char *name = pv_asprintf("%s.jpg", places[i].id);
        char *path = pv_path_join(pano_dir, name);
        if (write_jpeg(path, px, width, width / 2))
            printf("wrote %s (%.1f s)\n", path, pv_now() - t);
        else
            status = 1;
        fflush(stdout);
        free(path);
        free(name);
        free(px);
        free(s);
    }
    if (status == 0) {
        char *json = scene_json(places, PLACE_COUNT);
        char *path = pv_path_join(outdir, "expo.json");
        if (write_file(path, json, strlen(json)))
            printf("wrote %s (%d places, %.1f s in all)\n", path, PLACE_COUNT, pv_now() - t0);
        else
            status = 1;
        free(path);
        free(json);
    }
    free(font);
    free(pano_dir);
    return status;
}

static int bench_pano(const char *file, int width)
{
    if (width < 64 || width > 16384 || width % 4) {
        fprintf(stderr, "pavilion-demo-gen: --bench-pano WIDTH must be a multiple of 4 from 64 "
                        "to 16384 (got %d)\n", width);
        return 2;
    }
    char *dir = pv_path_dir(file);
    if (!pv_make_dirs(dir)) {
        fprintf(stderr, "pavilion-demo-gen: cannot create the folder %s: %s\n", dir,
                strerror(errno));
        free(dir);
        return 1;
    }
    free(dir);
    demo_font *font = pv_calloc(1, sizeof *font);
    font_build(font);
    scene *s = scene_new(font);
    place_def pd = {0};
    place_hall(s, &pd);
    s->grain = 3.0f;  /* sensor-like noise makes the picture as busy as a photo */
    scene_finish(s);
    double t = pv_now();
    uint8_t *px = render_pano(s, width, width / 2);
    int status = write_jpeg(file, px, width, width / 2) ? 0 : 1;
    if (status == 0)
        printf("wrote %s (%dx%d, %.1f s)\n", file, width, width / 2, pv_now() - t);
    free(px);
    free(s);
    free(font);
    return status;
}

/* Development aid: a perspective view out of a panorama, as PNG. */
static int preview(const char *in, const char *out, float yaw, float pitch, float fov, int ow,
                   int oh)
{
    uint8_t *jpeg = NULL;
    size_t size = 0;
    char why[256];
    if (pv_file_read(in, &jpeg, &size, why, sizeof why) != PV_OK) {
        fprintf(stderr, "pavilion-demo-gen: %s\n", why);
        return 1;
    }
    tjhandle tj = tjInitDecompress();
    int w, h, sub, cs;
    if (!tj || tjDecompressHeader3(tj, jpeg, (unsigned long)size, &w, &h, &sub, &cs) != 0) {
        fprintf(stderr, "pavilion-demo-gen: %s is not a JPEG\n", in);
        return 1;
    }
    uint8_t *px = pv_malloc((size_t)w * h * 3);
    tjDecompress2(tj, jpeg, (unsigned long)size, px, w, 0, h, TJPF_RGB, 0);
    tjDestroy(tj);
    uint8_t *img = pv_malloc((size_t)ow * oh * 3);
    float y0 = yaw * (float)PV_PI / 180, p0 = pitch * (float)PV_PI / 180;
    v3 fwd = pano_dir(y0, p0);
    v3 right = v_norm(v_cross(fwd, v3_make(0, 1, 0)));
    v3 up = v_cross(right, fwd);
    float f = tanf(fov * (float)PV_PI / 360.0f);
    for (int j = 0; j < oh; j++)
        for (int i = 0; i < ow; i++) {
            float sx = ((float)i + 0.5f) / (float)ow * 2 - 1;
            float sy = (1 - ((float)j + 0.5f) / (float)oh * 2) * (float)oh / (float)ow;
            v3 d = v_norm(v_add(fwd, v_add(v_scale(right, sx * f), v_scale(up, sy * f))));
            float ya = atan2f(d.x, -d.z), pa = asinf(clampf(d.y, -1, 1));
            float fx = (ya + (float)PV_PI) / (2 * (float)PV_PI) * (float)w - 0.5f;
            float fy = ((float)PV_PI / 2 - pa) / (float)PV_PI * (float)h - 0.5f;
            int x0 = (int)floorf(fx), yy0 = (int)floorf(fy);
            float tx = fx - (float)x0, ty = fy - (float)yy0;
            for (int c = 0; c < 3; c++) {
                float acc = 0;
                for (int k = 0; k < 4; k++) {
                    int xx = ((x0 + (k & 1)) % w + w) % w;
                    int yy = pv_clampi(yy0 + (k >> 1), 0, h - 1);
                    float wt = ((k & 1) ? tx : 1 - tx) * ((k >> 1) ? ty : 1 - ty);
                    acc += wt * px[((size_t)yy * w + xx) * 3 + c];
                }
                img[((size_t)j * ow + i) * 3 + c] = (uint8_t)pv_clampi((int)(acc + 0.5f), 0, 255);
            }
        }
    int ok = stbi_write_png(out, ow, oh, 3, img, ow * 3);
    free(img);
    free(px);
    free(jpeg);
    return ok ? 0 : 1;
}

static void usage(void)
{
    fprintf(stderr, "usage: pavilion-demo-gen OUTDIR\n"
                    "       pavilion-demo-gen --bench-pano FILE.jpg WIDTH\n");
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--bench-pano") == 0)
        return bench_pano(argv[2], atoi(argv[3]));
    if (argc == 9 && strcmp(argv[1], "--preview") == 0)
        return preview(argv[2], argv[3], strtof(argv[4], NULL), strtof(argv[5], NULL),
                       strtof(argv[6], NULL), atoi(argv[7]), atoi(argv[8]));
    /* development: --only PLACE [WIDTH] OUTDIR renders one place */
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "--only") == 0)
        return generate(argv[argc - 1], argv[2], argc == 5 ? atoi(argv[3]) & ~3 : PANO_W);
    if (argc != 2 || argv[1][0] == '-') {
        usage();
        return 2;
    }
    return generate(argv[1], NULL, PANO_W);
}
