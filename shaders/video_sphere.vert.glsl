#version 330 core
// A 360 video on a sphere of latitude-longitude quads around the viewer: each vertex carries its
// direction and its place in the equirectangular picture, so the fragments only look up texels
// (no per-pixel trigonometry).
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec2 a_uv;
uniform mat4 u_mvp;
out vec2 v_uv;
void main()
{
    v_uv = a_uv;
    gl_Position = u_mvp * vec4(a_pos, 1.0);
}
