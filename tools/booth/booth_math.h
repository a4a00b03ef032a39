/* booth_math: vectors, colours, hashing and value noise for the booth generator.
 * Pure functions; any thread. Noise uses fixed seeds, so output is deterministic. */
#ifndef BOOTH_MATH_H
#define BOOTH_MATH_H

#include <math.h>
#include <stdint.h>

#define BOOTH_PI 3.14159265358979f

typedef struct vec3 {
    float x, y, z;
} vec3;

static inline vec3 vec3_make(float x, float y, float z) { return (vec3){x, y, z}; }
static inline vec3 vec3_add(vec3 a, vec3 b) { return (vec3){a.x + b.x, a.y + b.y, a.z + b.z}; }
static inline vec3 vec3_sub(vec3 a, vec3 b) { return (vec3){a.x - b.x, a.y - b.y, a.z - b.z}; }
static inline vec3 vec3_scale(vec3 a, float s) { return (vec3){a.x * s, a.y * s, a.z * s}; }
static inline vec3 vec3_madd(vec3 a, vec3 b, float s)
{
    return (vec3){a.x + b.x * s, a.y + b.y * s, a.z + b.z * s};
}
static inline float vec3_dot(vec3 a, vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static inline vec3 vec3_cross(vec3 a, vec3 b)
{
    return (vec3){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
static inline float vec3_len(vec3 a) { return sqrtf(vec3_dot(a, a)); }
static inline vec3 vec3_norm(vec3 a)
{
    float l = vec3_len(a);
    return l > 0 ? vec3_scale(a, 1.0f / l) : a;
}

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

/* Colours are written as sRGB hex, like a designer's swatch. */
typedef struct colour {
    float r, g, b; /* sRGB, 0..1 */
} colour;

static inline colour colour_hex(uint32_t hex)
{
    return (colour){(float)((hex >> 16) & 255) / 255.0f, (float)((hex >> 8) & 255) / 255.0f,
                    (float)(hex & 255) / 255.0f};
}
static inline colour colour_mix(colour a, colour b, float t)
{
    return (colour){mixf(a.r, b.r, t), mixf(a.g, b.g, t), mixf(a.b, b.b, t)};
}
static inline colour colour_scale(colour a, float s)
{
    return (colour){a.r * s, a.g * s, a.b * s};
}
static inline float srgb_to_linear(float c)
{
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}
static inline uint8_t unit_to_byte(float v) { return (uint8_t)(clampf(v, 0, 1) * 255.0f + 0.5f); }

static inline uint32_t hash_u32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}
static inline float hash2(int x, int y, uint32_t seed)
{
    uint32_t h = hash_u32((uint32_t)x * 0x9E3779B1U ^ hash_u32((uint32_t)y + seed * 0x85EBCA77U));
    return (float)(h >> 8) * (1.0f / 16777216.0f);
}

/* Value noise that tiles with period (px, py) lattice cells, so textures repeat seamlessly. */
static inline float noise_tiled(float x, float y, int px, int py, uint32_t seed)
{
    int ix = (int)floorf(x), iy = (int)floorf(y);
    float fx = x - (float)ix, fy = y - (float)iy;
    fx = fx * fx * (3 - 2 * fx);
    fy = fy * fy * (3 - 2 * fy);
    int x0 = ((ix % px) + px) % px, y0 = ((iy % py) + py) % py;
    int x1 = (x0 + 1) % px, y1 = (y0 + 1) % py;
    float a = hash2(x0, y0, seed), b = hash2(x1, y0, seed);
    float c = hash2(x0, y1, seed), d = hash2(x1, y1, seed);
    return mixf(mixf(a, b, fx), mixf(c, d, fx), fy);
}

/* Fractal sum of tiled value noise, 0..1; (px, py) is the period of the first octave. */
static inline float fbm_tiled(float x, float y, int px, int py, int octaves, uint32_t seed)
{
    float sum = 0, amp = 0.5f, norm = 0;
    for (int o = 0; o < octaves; o++) {
        sum += amp * noise_tiled(x, y, px, py, seed + (uint32_t)o * 17u);
        norm += amp;
        x *= 2, y *= 2, px *= 2, py *= 2;
        amp *= 0.5f;
    }
    return sum / norm;
}

#endif
