#version 330 core
// Plain 2D sampling of a cube face (a multires tile) at the mip level that matches the screen;
// with CUBE_MAP, the whole cube as one cube map sampled by direction, filtered across face
// edges (GL_TEXTURE_CUBE_MAP_SEAMLESS).
in vec2 v_uv;
in vec3 v_dir;
#ifdef CUBE_MAP
uniform samplerCube u_tex;
#else
uniform sampler2D u_tex;
#endif
uniform float u_alpha;
out vec4 o_color;
void main()
{
#ifdef CUBE_MAP
    // GL's cube faces and their texel orientation are ours with z turned round: front is +Z,
    // right +X, back -Z, left -X, up +Y, down -Y, each face's rows and columns as they are.
    vec3 c = texture(u_tex, vec3(v_dir.xy, -v_dir.z)).rgb;
#else
    vec3 c = texture(u_tex, v_uv).rgb;
#endif
    o_color = vec4(c * u_alpha, u_alpha);
}
