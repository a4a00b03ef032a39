#version 330 core
// A full-screen quad whose corners carry the view rays; rays interpolate linearly on screen.
layout(location = 0) in vec2 a_pos;   // 0..1
uniform mat3 u_rot;                   // camera to world
uniform vec2 u_tan;                   // tan(hfov/2), tan(vfov/2)
out vec3 v_ray;
void main()
{
    vec2 ndc = a_pos * 2.0 - 1.0;
    v_ray = u_rot * vec3(ndc.x * u_tan.x, ndc.y * u_tan.y, -1.0);
    gl_Position = vec4(ndc, 0.0, 1.0);
}
