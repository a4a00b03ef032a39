#version 330 core
// The equirectangular image itself, looked up per pixel (exact, but about three times the cost
// of the cube faces): shown only while a panorama's cube is still being prepared.
in vec3 v_ray;
uniform sampler2D u_tex;
uniform float u_alpha;
out vec4 o_color;
const float PI = 3.14159265358979;
void main()
{
    vec3 d = normalize(v_ray);
    float yaw = atan(d.x, -d.z);
    float pitch = asin(clamp(d.y, -1.0, 1.0));
    vec2 uv = vec2(yaw / (2.0 * PI) + 0.5, 0.5 - pitch / PI);
    o_color = vec4(textureLod(u_tex, uv, 0.0).rgb * u_alpha, u_alpha);
}
