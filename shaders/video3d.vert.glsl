#version 330 core
// A video on a flat quad in 3D (a screen on the panorama sphere): the four corners come as
// uniforms, in the order top-left, top-right, bottom-right, bottom-left.
uniform mat4 u_mvp;
uniform vec3 u_corners[4];
out vec2 v_uv;
void main()
{
    const int idx[6] = int[6](0, 1, 2, 0, 2, 3);
    const vec2 uvs[4] = vec2[4](vec2(0.0, 0.0), vec2(1.0, 0.0), vec2(1.0, 1.0), vec2(0.0, 1.0));
    int k = idx[gl_VertexID];
    v_uv = uvs[k];
    gl_Position = u_mvp * vec4(u_corners[k], 1.0);
}
