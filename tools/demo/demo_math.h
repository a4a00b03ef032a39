/* demo_math: small vector maths, colours, hashing and value noise for the demo generator.
 * Pure functions; any thread. Noise is hash-based with fixed seeds, so output is
 * deterministic. */
#ifndef DEMO_MATH_H
#define DEMO_MATH_H

#include <math.h>
#include <stdint.h>

typedef struct v3 {
    float x, y, z;
} v3;

static inline v3 v3_make(float x, float y, float z) { return (v3){x, y, z}; }
static inline v3 v_add(v3 a, v3 b) { return (v3){a.x + b.x, a.y + b.y, a.z + b.z}; }
static inline v3 v_sub(v3 a, v3 b) { return (v3){a.x - b.x, a.y - b.y, a.z - b.z}; }
static inline v3 v_scale(v3 a, float s) { return (v3){a.x * s, a.y * s, a.z * s}; }
static inline v3 v_mul(v3 a, v3 b) { return (v3){a.x * b.x, a.y * b.y, a.z * b.z}; }
static inline v3 v_madd(v3 a, v3 b, float s)
{
    return (v3){a.x + b.x * s, a.y + b.y * s, a.z + b.z * s};
}
static inline float v_dot(v3 a, v3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static inline v3 v_cross(v3 a, v3 b)
{
    return (v3){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
static inline float v_len(v3 a) { return sqrtf(v_dot(a, a)); }
static inline v3 v_norm(v3 a)
{
    float l = v_len(a);
    return l > 0 ? v_scale(a, 1.0f / l) : a;
}
static inline v3 v_lerp(v3 a, v3 b, float t) { return v_madd(a, v_sub(b, a), t); }

/* Plain comparisons: libm's fminf/fmaxf are calls with NaN rules we do not need. */
static inline float minf(float a, float b) { return a < b ? a : b; }
static inline float maxf(float a, float b) { return a > b ? a : b; }
static inline float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }
static inline float mixf(float a, float b, float t) { return a + (b - a) * t; }
static inline float fractf(float v) { return v - floorf(v); }
static inline float smoothstepf(float e0, float e1, float x)
{
    float t = clampf((x - e0) / (e1 - e0), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}
/* Anti-aliased step: 0 below edge, 1 above, blended over filter width w. */
static inline float aa_step(float edge, float x, float w)
{
    return clampf((x - edge) / maxf(w, 1e-5f) + 0.5f, 0.0f, 1.0f);
}
/* 1 inside a thin line of half width hw around every integer of x (period 1), filtered. */
static inline float aa_grid_line(float x, float hw, float w)
{
    float f = fabsf(fractf(x + 0.5f) - 0.5f);
    return 1.0f - aa_step(hw, f, w);
}

/* An sRGB hex colour as linear RGB. */
static inline v3 rgb(uint32_t hex)
{
    float r = (float)((hex >> 16) & 255) / 255.0f;
    float g = (float)((hex >> 8) & 255) / 255.0f;
    float b = (float)(hex & 255) / 255.0f;
    return (v3){powf(r, 2.2f), powf(g, 2.2f), powf(b, 2.2f)};
}

static inline uint32_t hash_u32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}
static inline float hash2i(int x, int y, uint32_t seed)
{
    uint32_t h = hash_u32((uint32_t)x * 0x9E3779B1U ^ hash_u32((uint32_t)y + seed * 0x85EBCA77U));
    return (float)(h >> 8) * (1.0f / 16777216.0f);
}
static inline float hash3i(int x, int y, int z, uint32_t seed)
{
    return hash2i(x, (int)hash_u32((uint32_t)y ^ ((uint32_t)z * 0xC2B2AE3DU)), seed);
}

static inline float vnoise2(float x, float y, uint32_t seed)
{
    float fx = floorf(x), fy = floorf(y);
    int ix = (int)fx, iy = (int)fy;
    float tx = x - fx, ty = y - fy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    float a = hash2i(ix, iy, seed), b = hash2i(ix + 1, iy, seed);
    float c = hash2i(ix, iy + 1, seed), d = hash2i(ix + 1, iy + 1, seed);
    return mixf(mixf(a, b, tx), mixf(c, d, tx), ty);
}
static inline float fbm2(float x, float y, int octaves, uint32_t seed)
{
    float sum = 0, amp = 0.5f, norm = 0;
    for (int i = 0; i < octaves; i++) {
        sum += amp * vnoise2(x, y, seed + (uint32_t)i * 17u);
        norm += amp;
        x = x * 2.03f + 1.7f;
        y = y * 2.03f - 3.1f;
        amp *= 0.5f;
    }
    return sum / norm;
}
static inline float vnoise3(float x, float y, float z, uint32_t seed)
{
    float fx = floorf(x), fy = floorf(y), fz = floorf(z);
    int ix = (int)fx, iy = (int)fy, iz = (int)fz;
    float tx = x - fx, ty = y - fy, tz = z - fz;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    tz = tz * tz * (3 - 2 * tz);
    float c000 = hash3i(ix, iy, iz, seed), c100 = hash3i(ix + 1, iy, iz, seed);
    float c010 = hash3i(ix, iy + 1, iz, seed), c110 = hash3i(ix + 1, iy + 1, iz, seed);
    float c001 = hash3i(ix, iy, iz + 1, seed), c101 = hash3i(ix + 1, iy, iz + 1, seed);
    float c011 = hash3i(ix, iy + 1, iz + 1, seed), c111 = hash3i(ix + 1, iy + 1, iz + 1, seed);
    float a = mixf(mixf(c000, c100, tx), mixf(c010, c110, tx), ty);
    float b = mixf(mixf(c001, c101, tx), mixf(c011, c111, tx), ty);
    return mixf(a, b, tz);
}

#endif
