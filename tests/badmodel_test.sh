#!/bin/sh
# badmodel_test: broken 3D models must give a clear message naming the file (and the scene's
# line:col where the scene is at fault), never a crash; the place still opens with what could
# be loaded. Models are written here as OBJ text, so the test needs no binary fixtures.
TESTS=${TESTS:-$(cd "$(dirname "$0")" && pwd)}
. "$TESTS/lib.sh"
t_init badmodel
W=$T_DIR
cd "$W" || exit 1
mkdir -p scene/models

# A small room with a named counter, a material whose texture is missing, and a scene per case.
cat >scene/models/room.mtl <<'MTL'
newmtl Painted
Kd 0.8 0.7 0.6
map_Kd textures/missing.png
MTL
{
    echo "mtllib room.mtl"
    echo "o Floor"
    echo "v -3 0 -3"; echo "v 3 0 -3"; echo "v 3 0 3"; echo "v -3 0 3"
    echo "usemtl Painted"
    echo "f 1 4 3 2"
    echo "o Counter"
    echo "v -1 0 -1"; echo "v 1 0 -1"; echo "v 1 1 -1"; echo "v -1 1 -1"
    echo "f 5 6 7 8"
} >scene/models/room.obj
printf 'this is not a model\n' >scene/models/text.glb
: >scene/models/empty.glb
printf 'o Nothing\nv 0 0 0\nv 1 0 0\n' >scene/models/nomesh.obj
printf 'o Bad\nv nan 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 3\nf 2 4 3\n' >scene/models/nan.obj

scene()
{
    # scene NAME MODEL HOTSPOT-NODE
    cat >"scene/$1.json" <<JSON
{"format": "pavilion/1", "title": "Bad models", "places": [
  {"id": "booth", "model": "models/$2",
   "hotspots": [{"type": "info", "node": "$3", "title": "Counter"}]}
]}
JSON
}

scene ok room.obj Counter
t_run "$PAVILION" check scene/ok.json
t_expect_out "a model with a missing texture passes check" 0 "ok: 1 places" "1 model"
t_expect "the missing texture is a warning naming it" 0 "warning" "missing.png"
t_run timeout 60 "$PAVILION" shot scene/ok.json --size 320x180 --out ok.png
t_expect "shot draws it (the texture a visible placeholder)" 0

scene badnode room.obj Countr
t_run "$PAVILION" check scene/badnode.json
t_expect "a node the model lacks: error at the node's line:col, with a suggestion" 1 \
    "scene/badnode.json:3:42: error: node \"Countr\" is not in models/room.obj" \
    "did you mean \"Counter\"?"
t_run timeout 60 "$PAVILION" shot scene/badnode.json --size 320x180 --out badnode.png
t_expect "the viewer opens the place anyway and warns" 0 "node \"Countr\" is not in"

scene nan nan.obj Bad
t_run "$PAVILION" check scene/nan.json
t_expect "NaN vertices: the triangles using them are dropped, with a warning" 0 "warning" \
    "nan.obj"

for case in text.glb empty.glb nomesh.obj; do
    scene bad model-$case Counter
    sed -i "s|models/model-$case|models/$case|" scene/bad.json
    t_run "$PAVILION" check scene/bad.json
    t_expect "check: $case is refused, at the model key's line:col" 1 \
        "scene/bad.json:2:28: error: model \"models/$case\": "
    t_run timeout 60 "$PAVILION" shot scene/bad.json --size 320x180 --out bad.png
    t_expect "shot: $case gives the same message, no crash" 1 "model \"models/$case\""
    # The window opens and stays up, showing the message instead of the model.
    t_run timeout 5 env SDL_VIDEODRIVER=offscreen "$PAVILION" scene/bad.json --size 320x180
    if [ "$T_RC" -eq 124 ] &&
        ! grep -q -E 'Sanitizer|Segmentation|runtime error' "$T_STDOUT" "$T_STDERR"; then
        t_pass "the viewer keeps running with $case (place opens, message shown)"
    else
        t_fail "the viewer keeps running with $case" "exit code $T_RC"
        t_show_last
    fi
done

t_finish
