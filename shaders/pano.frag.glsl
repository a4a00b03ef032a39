#version 330 core
// Plain 2D sampling of a cube face at the mip level that matches the screen.
in vec2 v_uv;
uniform sampler2D u_tex;
uniform float u_alpha;
out vec4 o_color;
void main()
{
    o_color = vec4(texture(u_tex, v_uv).rgb * u_alpha, u_alpha);
}
