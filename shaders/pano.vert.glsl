#version 330 core
// One face of the panorama cube, seen from its centre.
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec2 a_uv;
uniform mat4 u_mvp;
out vec2 v_uv;
out vec3 v_dir; // the direction of the point on the cube (CUBE_MAP variant of pano.frag)
void main()
{
    v_uv = a_uv;
    v_dir = a_pos;
    gl_Position = u_mvp * vec4(a_pos, 1.0);
}
