#version 330 core
// mode 0: premultiplied image times tint; mode 1: hotspot marker drawn from distances;
// mode 2: rounded rectangle of one colour (only its outline, u_border wide, when u_border > 0).
in vec2 v_uv;
uniform int u_mode;
uniform sampler2D u_tex;
uniform vec4 u_tint;        // premultiplied
uniform vec4 u_rect;
uniform float u_hover;      // 0..1
uniform int u_icon;         // 1 goto (arrow), 2 info (i), 3 play (triangle), 4 pause (bars)
uniform float u_radius;
uniform float u_border;
out vec4 o_color;

float box(vec2 p, vec2 b, float r)
{
    vec2 q = abs(p) - b + r;
    return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
}

void main()
{
    if (u_mode == 0) {
        o_color = texture(u_tex, v_uv) * u_tint;
        return;
    }
    vec2 size = u_rect.zw;
    vec2 p = (v_uv - 0.5) * size;             // pixels from the centre
    float aa = 1.0;
    if (u_mode == 2) {
        float d = box(p, size * 0.5, u_radius);
        float cover = clamp(0.5 - d / aa, 0.0, 1.0);
        if (u_border > 0.0)
            cover -= clamp(0.5 - (d + u_border) / aa, 0.0, 1.0);
        o_color = u_tint * cover;
        return;
    }
    float R = size.x * 0.5 - 2.0;              // outer radius
    float d = length(p);
    // soft shadow, white ring, translucent dark disc, icon
    float shadow = (1.0 - smoothstep(R - 2.0, R + 2.0, d)) * 0.35;
    float ring_w = max(2.0, R * 0.12);
    float disc = clamp(R - ring_w - d + 0.5, 0.0, 1.0);
    float ring = clamp(R - d + 0.5, 0.0, 1.0) - disc;
    vec3 disc_rgb = mix(vec3(0.06, 0.09, 0.14), vec3(0.10, 0.45, 0.95), u_hover);
    float disc_a = mix(0.55, 0.92, u_hover);
    vec4 col = vec4(0.0, 0.0, 0.0, shadow);
    col = col * (1.0 - disc * disc_a) + vec4(disc_rgb * disc_a, disc_a) * disc;
    col = col * (1.0 - ring) + vec4(1.0) * ring;
    // icon in unit coordinates of the inner disc
    vec2 q = vec2(p.x, -p.y) / (R - ring_w);   // y up
    float icon = 0.0;
    float px = 1.0 / (R - ring_w);
    if (u_icon == 1) {
        // chevron pointing up: "walk this way"
        vec2 a = vec2(abs(q.x), q.y);
        float l = abs(a.y - 0.15 + a.x * 0.9) / 1.345;   // distance to the chevron's arms
        float arms = (1.0 - smoothstep(0.11 - px, 0.11 + px, l)) * step(a.x, 0.55);
        icon = arms;
    } else if (u_icon == 3) {
        // triangle pointing right, its centroid on the disc's centre
        vec2 t = q - vec2(0.1, 0.0);
        float d3 = max(-t.x - 0.3, abs(t.y) + t.x * 0.577 - 0.4);
        icon = 1.0 - smoothstep(-px, px, d3);
    } else if (u_icon == 4) {
        float b1 = box(q - vec2(-0.2, 0.0), vec2(0.1, 0.4), 0.03);
        float b2 = box(q - vec2(0.2, 0.0), vec2(0.1, 0.4), 0.03);
        icon = 1.0 - smoothstep(-px, px, min(b1, b2));
    } else {
        float dot_ = 1.0 - smoothstep(0.12 - px, 0.12 + px, length(q - vec2(0.0, 0.42)));
        float stem = 1.0 - smoothstep(-px, px, box(q - vec2(0.0, -0.12), vec2(0.1, 0.38), 0.05));
        icon = max(dot_, stem);
    }
    icon *= disc;
    col = col * (1.0 - icon) + vec4(1.0) * icon;
    o_color = col * u_tint.a;
}
