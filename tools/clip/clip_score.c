/* clip_score: the demo clips' soundtracks, synthesised sample by sample: a soft chord pad
 * (detuned sines with slow swells), a bell-like melody with an echo, and, for the harbour,
 * waves (low-passed noise that swells). Every sample is a function of its index, except the
 * wave filter, which keeps its state in the score's player; the player belongs to one clip
 * and so to one thread. Included by tools/clip_gen.c. */

#define SCORE_MAX_NOTES 6

typedef struct score_chord {
    float start, end;             /* seconds; the pad swells in and out around them */
    float notes[SCORE_MAX_NOTES]; /* Hz, 0 = unused */
} score_chord;

typedef struct score_note {
    float at, freq; /* seconds, Hz */
} score_note;

typedef struct score_desc {
    const score_chord *chords;
    int chord_count;
    const score_note *melody;
    int melody_count;
    float length;    /* seconds */
    float pad_level; /* per note */
    float bell_level;
    float echo;   /* seconds between the melody and its echo */
    float waves;  /* level of the wave noise, 0 for none */
    float period; /* > 0: the score loops with this period (plucks wrap around) */
} score_desc;

typedef struct score_player {
    const score_desc *desc;
    float wave_lp, wave_lp2; /* the wave noise's two low-pass stages */
} score_player;

static inline float score_sine(double freq, double t)
{
    double ph = freq * t;
    return sinf((float)(2.0 * PV_PI * (ph - floor(ph))));
}

/* One struck bell note, dt seconds after it started. */
static inline float score_bell(float freq, double dt)
{
    if (dt < 0 || dt > 4.0)
        return 0;
    float attack = minf((float)dt / 0.012f, 1.0f);
    float body = expf(-(float)dt * 1.6f) * score_sine(freq, dt);
    float shimmer = 0.25f * expf(-(float)dt * 3.5f) * score_sine(freq * 2.0f, dt);
    float glass = 0.08f * expf(-(float)dt * 6.0f) * score_sine(freq * 3.01f, dt);
    return attack * (body + shimmer + glass);
}

static float score_melody(const score_desc *d, double t)
{
    float sum = 0;
    for (int i = 0; i < d->melody_count; i++) {
        double dt = t - d->melody[i].at;
        if (d->period > 0)
            dt -= floor(dt / d->period) * d->period;
        sum += score_bell(d->melody[i].freq, dt);
    }
    return sum;
}

/* Weight of chord c at time t: a raised cosine in over 1.6 s, out over 2 s. */
static float score_chord_env(const score_chord *c, double t, float period)
{
    if (period > 0) { /* a looping pad: the chord is on all the time, breathing */
        return 0.8f + 0.2f * (float)sin(2.0 * PV_PI * t / period);
    }
    float in = smoothstepf(c->start - 0.8f, c->start + 0.8f, (float)t);
    float out = 1 - smoothstepf(c->end - 0.6f, c->end + 1.4f, (float)t);
    return in * out;
}

static void score_render(score_player *p, float *left, float *right, int64_t first, int n, int rate)
{
    const score_desc *d = p->desc;
    for (int i = 0; i < n; i++) {
        double t = (double)(first + i) / rate;
        float l = 0, r = 0;
        for (int c = 0; c < d->chord_count; c++) {
            float env = score_chord_env(&d->chords[c], t, d->period);
            if (env <= 0.0005f)
                continue;
            for (int k = 0; k < SCORE_MAX_NOTES && d->chords[c].notes[k] > 0; k++) {
                float f = d->chords[c].notes[k];
                /* a slow swell per note, so the pad breathes, and a detuned twin; in a loop
                 * both are whole cycles of the period */
                bool loop = d->period > 0;
                double swell_hz = loop ? (1 + k % 2) / d->period : 0.07 + 0.023 * k;
                float twin = loop ? f + 1.0f / d->period : f * 1.0031f;
                float swell = 0.75f + 0.25f * score_sine(swell_hz, t + k * 1.7);
                float v = score_sine(f, t) + 0.45f * score_sine(twin, t + 0.1) +
                          0.12f * score_sine(f * 2.0f, t);
                v *= env * swell * d->pad_level;
                float pan = 0.5f + 0.3f * (float)((k % 3) - 1); /* 0.2, 0.5, 0.8 */
                l += v * (1 - pan) * 1.4f;
                r += v * pan * 1.4f;
            }
        }
        if (d->melody_count) {
            float m = score_melody(d, t) * d->bell_level;
            float e = score_melody(d, t - d->echo) * d->bell_level * 0.35f;
            l += m * 0.65f + e * 0.35f;
            r += m * 0.35f + e * 0.65f;
        }
        if (d->waves > 0) {
            /* white noise from the sample index, low-passed twice, swelling like surf */
            uint32_t hsh = hash_u32((uint32_t)(first + i) * 2654435761u + 17u);
            float white = (float)(hsh >> 8) / 8388608.0f - 1.0f;
            p->wave_lp += (white - p->wave_lp) * 0.06f;
            p->wave_lp2 += (p->wave_lp - p->wave_lp2) * 0.06f;
            float swell = 0.35f + 0.65f * powf(0.5f + 0.5f * score_sine(1.0 / 5.5, t), 2.0f);
            float w = p->wave_lp2 * d->waves * swell * 6.0f;
            l += w * (0.8f + 0.2f * score_sine(0.05, t));
            r += w * (0.8f - 0.2f * score_sine(0.05, t));
        }
        float fade = 1.0f;
        if (d->period <= 0)
            fade = smoothstepf(0.0f, 2.0f, (float)t) *
                   (1 - smoothstepf(d->length - 2.5f, d->length, (float)t));
        left[i] = l * fade;
        right[i] = r * fade;
    }
}

/* Aurora: A minor, slow and cold; bells from the pentatonic scale. */
static const score_chord score_aurora_chords[] = {
    {0.0f, 5.0f, {110.0f, 164.81f, 220.0f, 261.63f, 329.63f, 493.88f}},
    {5.0f, 10.0f, {87.31f, 130.81f, 220.0f, 261.63f, 329.63f, 0}},
    {10.0f, 15.0f, {130.81f, 196.0f, 246.94f, 329.63f, 392.0f, 0}},
    {15.0f, 21.0f, {98.0f, 146.83f, 246.94f, 293.66f, 329.63f, 0}},
};
static const score_note score_aurora_melody[] = {
    {2.0f, 659.25f},  {3.3f, 587.33f},  {4.6f, 523.25f},  {6.2f, 440.0f},
    {7.5f, 523.25f},  {8.8f, 659.25f},  {10.4f, 783.99f}, {11.7f, 659.25f},
    {13.0f, 587.33f}, {14.9f, 659.25f}, {16.2f, 587.33f}, {17.6f, 493.88f},
};
static const score_desc score_aurora = {
    score_aurora_chords, 4, score_aurora_melody, 12, 20.0f, 0.055f, 0.2f, 0.42f, 0, 0};

/* Harbour: D major, warmer, with the sea. */
static const score_chord score_harbour_chords[] = {
    {0.0f, 5.0f, {146.83f, 220.0f, 293.66f, 369.99f, 329.63f, 0}},
    {5.0f, 10.0f, {123.47f, 185.0f, 293.66f, 369.99f, 440.0f, 0}},
    {10.0f, 15.0f, {98.0f, 146.83f, 246.94f, 293.66f, 369.99f, 0}},
    {15.0f, 21.0f, {110.0f, 164.81f, 220.0f, 277.18f, 329.63f, 0}},
};
static const score_note score_harbour_melody[] = {
    {1.8f, 587.33f}, {2.6f, 659.25f},  {3.4f, 739.99f},  {5.2f, 880.0f},   {6.8f, 739.99f},
    {7.6f, 659.25f}, {9.4f, 587.33f},  {10.2f, 659.25f}, {11.0f, 739.99f}, {12.8f, 987.77f},
    {14.4f, 880.0f}, {16.0f, 739.99f}, {16.8f, 659.25f}, {17.6f, 587.33f},
};
static const score_desc score_harbour = {
    score_harbour_chords, 4, score_harbour_melody, 14, 20.0f, 0.05f, 0.18f, 0.36f, 0.09f, 0};

/* The product loop: an 8 s cycle. Every frequency is a multiple of 1/8 Hz, so the pad is
 * periodic too, and the plucks wrap around: the loop has no seam. */
static const score_chord score_product_chords[] = {
    {0.0f, 8.0f, {146.875f, 220.0f, 277.125f, 329.625f, 0, 0}},
};
static const score_note score_product_melody[] = {
    {0.0f, 587.375f}, {0.5f, 880.0f},  {1.0f, 659.25f},  {1.5f, 880.0f},
    {2.0f, 554.375f}, {2.5f, 880.0f},  {3.0f, 659.25f},  {3.5f, 739.0f},
    {4.0f, 587.375f}, {4.5f, 880.0f},  {5.0f, 659.25f},  {5.5f, 880.0f},
    {6.0f, 739.0f},   {6.5f, 659.25f}, {7.0f, 554.375f}, {7.5f, 440.0f},
};
static const score_desc score_product = {
    score_product_chords, 1, score_product_melody, 16, 8.0f, 0.05f, 0.11f, 0.25f, 0, 8.0f};
