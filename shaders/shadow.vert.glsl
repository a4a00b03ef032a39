#version 330 core
// Depth from the sun, for booth shadows.
layout(location = 0) in vec3 a_pos;
uniform mat4 u_model;
uniform mat4 u_view_proj;
void main()
{
    gl_Position = u_view_proj * u_model * vec4(a_pos, 1.0);
}
