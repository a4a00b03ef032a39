#version 330 core
// The cube around the eye; each corner carries its direction, and directions interpolate
// exactly across a flat face (the ray through each pixel), so the fragment can find its place
// in the equirectangular image exactly. The four side faces also pass the ray's coordinates on
// their own plane (s along the face, t = up, both -1..1: affine in the position, so they too
// interpolate exactly) and the face's longitude, which makes the fragment's lookup cheap.
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec2 a_uv;
uniform mat4 u_mvp;
out vec3 v_dir;
out vec2 v_st;
flat out float v_turn;
void main()
{
    v_dir = a_pos;
    v_st = vec2(a_uv.x * 2.0 - 1.0, a_pos.y);
    // faces front, right, back, left are vertices 0-23, a quarter turn each; the left face's
    // longitudes are given as -0.375..-0.125 turns, so that only the back face crosses the
    // image's edge (u = 1), where the texture repeats
    int face = gl_VertexID / 6;
    v_turn = face == 3 ? -0.25 : float(face) * 0.25;
    gl_Position = u_mvp * vec4(a_pos, 1.0);
}
