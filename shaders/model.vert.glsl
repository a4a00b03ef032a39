#version 330 core
// Booth models: world-space position, normal and tangent frame for the lighting.
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec2 a_uv;
layout(location = 3) in vec4 a_tangent;
uniform mat4 u_model;
uniform mat3 u_normal_matrix;
uniform mat4 u_view_proj;
out vec3 v_world;
out vec3 v_normal;
out vec2 v_uv;
out vec4 v_tangent;
void main()
{
    vec4 world = u_model * vec4(a_pos, 1.0);
    v_world = world.xyz;
    v_normal = u_normal_matrix * a_normal;
    v_tangent = vec4(mat3(u_model) * a_tangent.xyz, a_tangent.w);
    v_uv = a_uv;
    gl_Position = u_view_proj * world;
}
