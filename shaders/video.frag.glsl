#version 330 core
// A video frame from its YUV planes (4:2:0 as three planes, or NV12 as Y + interleaved UV),
// with the stream's own matrix (BT.601 or BT.709) and range (limited 16-235 or full).
// Video samples are already gamma-encoded, as the frame buffer expects: no transfer here.
in vec2 v_uv;
uniform sampler2D u_y, u_u, u_v;
uniform int u_nv12;
uniform mat3 u_matrix;     // Y'CbCr (centred) to R'G'B'
uniform vec3 u_offset;     // subtracted first: (16/255, 128/255, 128/255) or (0, 128/255, 128/255)
uniform vec3 u_scale;      // range expansion per component
uniform float u_alpha;
out vec4 o_color;
void main()
{
    float y = texture(u_y, v_uv).r;
    vec2 c = u_nv12 == 1 ? texture(u_u, v_uv).rg : vec2(texture(u_u, v_uv).r, texture(u_v, v_uv).r);
    vec3 ycc = (vec3(y, c) - u_offset) * u_scale;
    vec3 rgb = clamp(u_matrix * ycc, 0.0, 1.0);
    o_color = vec4(rgb * u_alpha, u_alpha);
}
