#version 330 core
// glTF metallic-roughness: one directional light (GGX, Smith, Schlick) plus image-based
// ambient from the place's environment (irradiance as 9 spherical harmonics, reflections from
// the environment's cube faces at the mip level of the roughness). Linear light inside;
// tone-mapped and sRGB-encoded on the way out, like the panoramas around it.
in vec3 v_world;
in vec3 v_normal;
in vec2 v_uv;
in vec4 v_tangent;

uniform vec4 u_base_color;
uniform float u_metallic, u_roughness;
uniform vec3 u_emissive;
uniform int u_alpha_mode;          // 0 opaque, 1 mask, 2 blend
uniform float u_alpha_cutoff;
uniform int u_has_normal_map, u_has_tangents;
uniform sampler2D u_tex_base, u_tex_mr, u_tex_normal, u_tex_occlusion, u_tex_emissive;
uniform vec3 u_eye;
uniform vec3 u_light_dir;          // the way the light travels
uniform vec3 u_light_color;        // colour times intensity
uniform vec3 u_sh[9];              // irradiance, linear RGB
uniform sampler2DArray u_env;      // six cube faces (front right back left up down), mipmapped
uniform float u_env_levels;
uniform float u_exposure;
uniform sampler2DShadow u_shadow;
uniform mat4 u_light_vp;
uniform int u_has_shadow;
// A screen: the material shows a video, decoded from its YUV planes (see video.frag.glsl).
uniform int u_is_screen;
uniform sampler2D u_y, u_u, u_v;
uniform int u_nv12;
uniform mat3 u_matrix;
uniform vec3 u_offset;
uniform vec3 u_scale;
out vec4 o_color;

vec3 video_rgb(vec2 uv)
{
    float y = texture(u_y, uv).r;
    vec2 c = u_nv12 == 1 ? texture(u_u, uv).rg : vec2(texture(u_u, uv).r, texture(u_v, uv).r);
    return clamp(u_matrix * ((vec3(y, c) - u_offset) * u_scale), 0.0, 1.0);
}

vec3 srgb_decode(vec3 c)
{
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

const float PI = 3.14159265358979;

vec3 irradiance(vec3 n)
{
    return max(vec3(0.0),
        u_sh[0] * 0.886227 +
        u_sh[1] * 1.023328 * n.y + u_sh[2] * 1.023328 * n.z + u_sh[3] * 1.023328 * n.x +
        u_sh[4] * 0.858086 * n.x * n.y + u_sh[5] * 0.858086 * n.y * n.z +
        u_sh[6] * 0.247708 * (3.0 * n.z * n.z - 1.0) +
        u_sh[7] * 0.858086 * n.x * n.z + u_sh[8] * 0.429043 * (n.x * n.x - n.y * n.y));
}

// The face and texel coordinates of a direction, as asset/pano.c lays the faces out.
vec3 env_coord(vec3 d)
{
    vec3 a = abs(d);
    float face, u, v;
    if (a.x >= a.y && a.x >= a.z) {
        if (d.x > 0.0) { face = 1.0; u = d.z / a.x; v = -d.y / a.x; }
        else { face = 3.0; u = -d.z / a.x; v = -d.y / a.x; }
    } else if (a.y >= a.z) {
        if (d.y > 0.0) { face = 4.0; u = d.x / a.y; v = -d.z / a.y; }
        else { face = 5.0; u = d.x / a.y; v = d.z / a.y; }
    } else {
        if (d.z < 0.0) { face = 0.0; u = d.x / a.z; v = -d.y / a.z; }
        else { face = 2.0; u = -d.x / a.z; v = -d.y / a.z; }
    }
    return vec3(u * 0.5 + 0.5, v * 0.5 + 0.5, face);
}

vec3 srgb_encode(vec3 c)
{
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}

void main()
{
    vec4 base = u_base_color * texture(u_tex_base, v_uv);
    vec3 picture = vec3(0.0);
    if (u_is_screen == 1) {
        picture = srgb_decode(video_rgb(v_uv));
        base = vec4(picture, 1.0);
    }
    if (u_alpha_mode == 1 && base.a < u_alpha_cutoff)
        discard;
    vec3 mr = texture(u_tex_mr, v_uv).rgb;
    float roughness = clamp(u_roughness * mr.g, 0.04, 1.0);
    float metallic = clamp(u_metallic * mr.b, 0.0, 1.0);
    float ao = texture(u_tex_occlusion, v_uv).r;

    vec3 n = normalize(v_normal);
    if (!gl_FrontFacing)
        n = -n;                       // double-sided surfaces light their back too
    if (u_has_normal_map == 1) {
        vec3 t;
        float w;
        if (u_has_tangents == 1) {
            t = normalize(v_tangent.xyz - n * dot(n, v_tangent.xyz));
            w = v_tangent.w;
        } else {                       // derive a frame from the UV gradients
            vec3 dp1 = dFdx(v_world), dp2 = dFdy(v_world);
            vec2 du1 = dFdx(v_uv), du2 = dFdy(v_uv);
            t = normalize(dp1 * du2.t - dp2 * du1.t);
            w = 1.0;
        }
        vec3 b = cross(n, t) * w;
        vec3 m = texture(u_tex_normal, v_uv).xyz * 2.0 - 1.0;
        n = normalize(t * m.x + b * m.y + n * m.z);
    }
    vec3 v = normalize(u_eye - v_world);
    float nv = max(dot(n, v), 1e-4);
    vec3 f0 = mix(vec3(0.04), base.rgb, metallic);
    vec3 diffuse_color = base.rgb * (1.0 - metallic);

    // the sun
    vec3 l = -u_light_dir;
    vec3 h = normalize(l + v);
    float nl = max(dot(n, l), 0.0), nh = max(dot(n, h), 0.0), vh = max(dot(v, h), 0.0);
    float a2 = roughness * roughness * roughness * roughness;
    float dd = nh * nh * (a2 - 1.0) + 1.0;
    float D = a2 / (PI * dd * dd);
    float k = (roughness + 1.0) * (roughness + 1.0) / 8.0;
    float G = (nv / (nv * (1.0 - k) + k)) * (nl / (nl * (1.0 - k) + k));
    vec3 F = f0 + (1.0 - f0) * pow(1.0 - vh, 5.0);
    vec3 spec = D * G * F / max(4.0 * nv * nl, 1e-4);
    float lit = 1.0;
    if (u_has_shadow == 1 && nl > 0.0) {
        vec4 sp = u_light_vp * vec4(v_world + n * 0.02, 1.0);  // offset along the normal
        vec3 sc = sp.xyz / sp.w * 0.5 + 0.5;
        if (all(greaterThan(sc, vec3(0.0))) && all(lessThan(sc, vec3(1.0)))) {
            float texel = 1.0 / float(textureSize(u_shadow, 0).x);
            float bias = 0.0015;
            lit = 0.0;
            for (int y = -1; y <= 1; y++)
                for (int x = -1; x <= 1; x++)
                    lit += texture(u_shadow, vec3(sc.xy + vec2(x, y) * texel, sc.z - bias));
            lit /= 9.0;
        }
    }
    vec3 direct = ((1.0 - F) * diffuse_color / PI + spec) * u_light_color * nl * lit;

    // the environment
    vec3 r = reflect(-v, n);
    vec3 env = textureLod(u_env, env_coord(r), roughness * (u_env_levels - 1.0)).rgb;
    env = pow(env, vec3(2.2));        // the faces are sRGB-encoded
    vec4 c0 = vec4(-1.0, -0.0275, -0.572, 0.022), c1 = vec4(1.0, 0.0425, 1.04, -0.04);
    vec4 rr = roughness * c0 + c1;     // Karis' analytic fit of the split-sum BRDF
    float a004 = min(rr.x * rr.x, exp2(-9.28 * nv)) * rr.x + rr.y;
    vec2 ab = vec2(-1.04, 1.04) * a004 + rr.zw;
    vec3 ambient = (diffuse_color * irradiance(n) / PI + env * (f0 * ab.x + ab.y)) * ao;

    vec3 emissive = u_emissive * texture(u_tex_emissive, v_uv).rgb;
    vec3 shaded = (direct + ambient) * u_exposure;
    vec3 color = shaded + emissive;
    color = color / (1.0 + color * 0.15);   // gentle roll-off of highlights
    if (u_is_screen == 1) // a display shines by itself: its picture, with a faint sheen of the room
        color = picture + 0.04 * shaded / (1.0 + shaded * 0.15);
    float alpha = u_alpha_mode == 2 ? base.a : 1.0;
    o_color = vec4(srgb_encode(clamp(color, 0.0, 1.0)) * alpha, alpha);
}
