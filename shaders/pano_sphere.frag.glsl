#version 330 core
// A panorama's own equirectangular pixels, looked up exactly per pixel: the ray's longitude and
// latitude, one bilinear (or trilinear) fetch. What an exact render shows, with no resampling
// into cube faces in between. The texture repeats across yaw +-180: no seam.
//
// Side faces (latitudes within 45 degrees of the horizon): the ray is (s, t, 1) in the face's
// frame, so its longitude is the face's plus atan(s) and its latitude atan(t / sqrt(1 + s^2)),
// both arguments within -1..1: an odd polynomial (max error 1.7e-6 rad, 1/240 of a texel of a
// 16384-wide image) replaces two full arctangents with their range reduction and division.
// Per-pixel math was two thirds of a frame's cost on a software rasteriser.
//
// Mip levels are for minification only: level 0 bilinear wherever the screen is about as dense
// as the image or denser (the common case), as an exact render samples it; smaller levels only
// where a pixel covers more than 1.4 texel rows (zoomed far out), so nothing shimmers.
// The side faces take one level for the whole draw (u_lod, from the centre of the view, where
// pixels span the most): a level that varies per pixel costs a software rasteriser 40% more.
// Compiled with PER_PIXEL_LOD for the up and down faces, where rows near a pole are squeezed:
// there the level follows the pixel's footprint (a pixel at angle t off the view's axis spans
// u_k * cos(t)^2 texel rows; a row at latitude p is squeezed by 1 / cos(p)), allowing at most
// u_max_aniso texels of squeeze per pixel before blurring.
in vec3 v_dir;
in vec2 v_st;
flat in float v_turn;
uniform sampler2D u_tex;
uniform float u_alpha;
uniform float u_lod;        // side faces: the level for the whole draw
uniform vec3 u_fwd;         // the view's axis
uniform float u_k;          // texel rows spanned by a pixel at the centre of the view
uniform float u_max_aniso;
uniform float u_lod_bias;
out vec4 o_color;
const float INV_2PI = 0.15915494309;
const float INV_PI = 0.31830988618;

// atan(x) for -1 <= x <= 1 (least-maximum-error fit of degree 11)
float atan1(float x)
{
    float z = x * x;
    return x * (0.999977215 + z * (-0.332622729 + z * (0.193539786 + z * (-0.116425058
                + z * (0.0526458574 + z * -0.0117185682)))));
}

void main()
{
#ifdef PER_PIXEL_LOD
    vec3 d = normalize(v_dir);
    float horiz = length(d.xz);
    vec2 uv = vec2(atan(d.x, -d.z) * INV_2PI + 0.5, atan(horiz, d.y) * INV_PI);
    float c = max(dot(d, u_fwd), 0.05);
    float minor = u_k * c * c;
    float major = u_k * c / max(horiz, 1e-4);
    float lod = max(log2(max(minor, major / u_max_aniso)) - u_lod_bias, 0.0);
#else
    float s = v_st.x;
    vec2 uv = vec2(v_turn + 0.5 + atan1(s) * INV_2PI,
                   0.5 - atan1(v_st.y * inversesqrt(1.0 + s * s)) * INV_PI);
    float lod = u_lod;
#endif
    o_color = vec4(textureLod(u_tex, uv, lod).rgb * u_alpha, u_alpha);
}
