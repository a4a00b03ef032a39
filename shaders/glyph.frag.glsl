#version 330 core
// Coverage from the atlas page (one 8-bit channel) times the glyph's premultiplied colour.
in vec2 v_uv;
in vec4 v_color;
uniform sampler2D u_tex;
out vec4 o_color;
void main()
{
    o_color = v_color * texture(u_tex, v_uv).r;
}
