#version 330 core
// A panorama's own equirectangular pixels, looked up exactly per pixel: the ray's longitude and
// latitude, one bilinear (or trilinear) fetch. What an exact render shows, with no resampling
// into cube faces in between. The texture repeats across yaw +-180: no seam.
//
// Mip levels are for minification only: level 0 bilinear wherever the screen is about as dense
// as the image or denser (the common case), as an exact render samples it; smaller levels only
// where a pixel covers more than 1.4 texel rows (zoomed far out), so nothing shimmers.
// The four side faces (latitudes within 45 degrees) take one level for the whole draw (u_lod,
// from the centre of the view, where pixels span the most): a level that varies per pixel costs
// a software rasteriser 40% more. Compiled with PER_PIXEL_LOD for the up and down faces, where
// rows near a pole are squeezed: there the level follows the pixel's footprint (a pixel at angle
// t off the view's axis spans u_k * cos(t)^2 texel rows; a row at latitude p is squeezed by
// 1 / cos(p)), allowing at most u_max_aniso texels of squeeze per pixel before blurring.
in vec3 v_dir;
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
void main()
{
    vec3 d = normalize(v_dir);
    float horiz = length(d.xz);
    vec2 uv = vec2(atan(d.x, -d.z) * INV_2PI + 0.5, atan(horiz, d.y) * INV_PI);
#ifdef PER_PIXEL_LOD
    float c = max(dot(d, u_fwd), 0.05);
    float minor = u_k * c * c;
    float major = u_k * c / max(horiz, 1e-4);
    float lod = max(log2(max(minor, major / u_max_aniso)) - u_lod_bias, 0.0);
#else
    float lod = u_lod;
#endif
    o_color = vec4(textureLod(u_tex, uv, lod).rgb * u_alpha, u_alpha);
}
