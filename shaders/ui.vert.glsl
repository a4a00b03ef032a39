#version 330 core
// Screen-space quads in pixels (labels, panels, markers).
layout(location = 0) in vec2 a_pos;   // 0..1 across the quad
uniform vec4 u_rect;                  // x, y, w, h in pixels, y down
uniform vec2 u_screen;
out vec2 v_uv;
void main()
{
    v_uv = a_pos;
    vec2 p = u_rect.xy + a_pos * u_rect.zw;
    gl_Position = vec4(p.x / u_screen.x * 2.0 - 1.0, 1.0 - p.y / u_screen.y * 2.0, 0.0, 1.0);
}
