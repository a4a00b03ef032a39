#version 330 core
in vec2 v_uv;
uniform sampler2D u_tex;
uniform vec2 u_offset;
out vec4 o_color;
void main()
{
    o_color = vec4(texture(u_tex, v_uv + u_offset).rgb, 1.0);
}
