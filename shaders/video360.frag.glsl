#version 330 core
// An equirectangular 360 video looked up per pixel from its YUV planes (as video.frag.glsl).
in vec3 v_ray;
uniform sampler2D u_y, u_u, u_v;
uniform int u_nv12;
uniform mat3 u_matrix;
uniform vec3 u_offset;
uniform vec3 u_scale;
uniform float u_alpha;
out vec4 o_color;
const float PI = 3.14159265358979;
void main()
{
    vec3 d = normalize(v_ray);
    float yaw = atan(d.x, -d.z);
    float pitch = asin(clamp(d.y, -1.0, 1.0));
    vec2 uv = vec2(yaw / (2.0 * PI) + 0.5, 0.5 - pitch / PI);
    float y = textureLod(u_y, uv, 0.0).r;
    vec2 c = u_nv12 == 1 ? textureLod(u_u, uv, 0.0).rg
                         : vec2(textureLod(u_u, uv, 0.0).r, textureLod(u_v, uv, 0.0).r);
    vec3 rgb = clamp(u_matrix * ((vec3(y, c) - u_offset) * u_scale), 0.0, 1.0);
    o_color = vec4(rgb * u_alpha, u_alpha);
}
