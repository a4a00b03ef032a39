/* clip_subtitles: the films' subtitle files (SubRip and WebVTT, UTF-8), in English, German,
 * Japanese and Arabic for "Aurora", English and French for "Harbour". Cues follow the
 * pictures: title card, what the camera shows, the ending. Pure data and a writer; any
 * thread. Included by tools/clip_gen.c. */

#define SUBTITLE_CUES 5

typedef struct subtitle_file {
    const char *name; /* inside OUTDIR; .srt or .vtt picks the format */
    const char *lines[SUBTITLE_CUES];
    const float (*times)[2];
} subtitle_file;

static const float subtitle_aurora_times[SUBTITLE_CUES][2] = {
    {1.5f, 5.0f}, {6.5f, 9.8f}, {10.2f, 13.4f}, {13.8f, 16.6f}, {17.0f, 19.5f}};
static const float subtitle_harbour_times[SUBTITLE_CUES][2] = {
    {1.5f, 5.0f}, {6.0f, 9.0f}, {9.4f, 12.4f}, {12.9f, 15.9f}, {16.4f, 19.5f}};

static const subtitle_file subtitle_files[] = {
    {"films/aurora.en.srt",
     {
         "It is the middle of winter, far in the north.",
         "Above the lake, the night sky begins to move.",
         "Green curtains of light drift over the mountains.",
         "The still water holds a second sky.",
         "Then the lights fade, and only the stars remain.",
     },
     subtitle_aurora_times},
    {"films/aurora.de.srt",
     {
         "Es ist mitten im Winter, hoch im Norden.",
         "Über dem See beginnt der Nachthimmel sich zu bewegen.",
         "Grüne Lichtvorhänge ziehen über die Berge.",
         "Das stille Wasser trägt einen zweiten Himmel.",
         "Dann verblassen die Lichter, und nur die Sterne bleiben.",
     },
     subtitle_aurora_times},
    {"films/aurora.ja.vtt",
     {
         "真冬、遥か北の地。",
         "湖の上で、夜空が動き始める。",
         "緑の光のカーテンが、山々の上を漂う。",
         "静かな水面に、もうひとつの空が映る。",
         "やがて光は消え、星だけが残る。",
     },
     subtitle_aurora_times},
    {"films/aurora.ar.srt",
     {
         "إنه منتصف الشتاء، في أقصى الشمال.",
         "فوق البحيرة، تبدأ سماء الليل بالتحرك.",
         "ستائر خضراء من الضوء تنساب فوق الجبال.",
         "الماء الساكن يحمل سماءً ثانية.",
         "ثم يخبو الضوء، ولا يبقى سوى النجوم.",
     },
     subtitle_aurora_times},
    {"films/harbour.en.vtt",
     {
         "Evening falls over the old harbour.",
         "The last boats come home before dark.",
         "One by one, the lamps along the pier light up.",
         "Out on the point, the lighthouse begins its watch.",
         "Tomorrow the boats will sail again.",
     },
     subtitle_harbour_times},
    {"films/harbour.fr.srt",
     {
         "Le soir tombe sur le vieux port.",
         "Les derniers bateaux rentrent avant la nuit.",
         "Une à une, les lanternes du quai s'allument.",
         "Sur la pointe, le phare commence sa veille.",
         "Demain, les bateaux reprendront la mer.",
     },
     subtitle_harbour_times},
};
#define SUBTITLE_FILE_COUNT ((int)(sizeof subtitle_files / sizeof subtitle_files[0]))

/* "HH:MM:SS,mmm" (SubRip) or "HH:MM:SS.mmm" (WebVTT). */
static void subtitle_time(char *out, size_t n, float seconds, bool vtt)
{
    unsigned ms = (unsigned)lroundf(maxf(seconds, 0) * 1000.0f) % 360000000u; /* < 100 h */
    snprintf(out, n, "%02u:%02u:%02u%c%03u", ms / 3600000u, ms / 60000u % 60u, ms / 1000u % 60u,
             vtt ? '.' : ',', ms % 1000u);
}

static bool subtitle_write(const char *dir, const subtitle_file *sf, char *why, size_t why_n)
{
    size_t len = strlen(sf->name);
    bool vtt = len > 4 && strcmp(sf->name + len - 4, ".vtt") == 0;
    char text[4096];
    size_t used = 0;
    if (vtt)
        used += (size_t)snprintf(text + used, sizeof text - used, "WEBVTT\n\n");
    for (int i = 0; i < SUBTITLE_CUES; i++) {
        char a[32], b[32];
        subtitle_time(a, sizeof a, sf->times[i][0], vtt);
        subtitle_time(b, sizeof b, sf->times[i][1], vtt);
        if (!vtt)
            used += (size_t)snprintf(text + used, sizeof text - used, "%d\n", i + 1);
        used += (size_t)snprintf(text + used, sizeof text - used, "%s --> %s\n%s\n\n", a, b,
                                 sf->lines[i]);
    }
    return clip_gen_write_bytes(dir, sf->name, (const uint8_t *)text, used, why, why_n);
}
