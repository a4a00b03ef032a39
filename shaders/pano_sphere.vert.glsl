#version 330 core
// The cube around the eye; each corner carries its direction, and directions interpolate
// exactly across a flat face (the ray through each pixel), so the fragment can find its place
// in the equirectangular image exactly.
layout(location = 0) in vec3 a_pos;
uniform mat4 u_mvp;
out vec3 v_dir;
void main()
{
    v_dir = a_pos;
    gl_Position = u_mvp * vec4(a_pos, 1.0);
}
