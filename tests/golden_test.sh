#!/bin/sh
# golden_test: `pavilion shot` of fixed views of the demo exhibition against reference PNGs in
# tests/golden/ (llvmpipe renders the same picture on one Mesa version; the demo is generated
# deterministically). Prints the measured difference of every shot. To renew the references
# after a deliberate change of look: GOLDEN_UPDATE=1 ctest -R golden, then look at each one.
. "$TESTS/lib.sh"
t_init golden
GOLDEN=$TESTS/golden

if [ ! -f "$DEMO_DIR/expo.json" ]; then
    t_fail "the demo exhibition exists" "$DEMO_DIR/expo.json is missing: build the demo target"
    t_finish
fi

# name place yaw,pitch,fov time: what each shot shows (time: the videos' clock, - = first frame)
while read -r name place view time what; do
    [ -z "$name" ] && continue
    out=$T_DIR/$name.png
    if [ "$time" = - ]; then
        t_run "$PAVILION" shot "$DEMO_DIR/expo.json" --place "$place" --view "$view" \
            --size 320x180 --out "$out"
    else
        t_run "$PAVILION" shot "$DEMO_DIR/expo.json" --place "$place" --view "$view" \
            --size 320x180 --time "$time" --out "$out"
    fi
    t_expect "shot $name ($what)" 0
    if [ -n "${GOLDEN_UPDATE:-}" ]; then
        cp "$out" "$GOLDEN/$name.png"
        echo "        updated $GOLDEN/$name.png"
        continue
    fi
    if [ ! -f "$GOLDEN/$name.png" ]; then
        t_fail "golden $name exists" "no $GOLDEN/$name.png (GOLDEN_UPDATE=1 makes it)"
        continue
    fi
    t_run "$IMGDIFF" "$out" "$GOLDEN/$name.png" --mean 1.0 --share 1.0 --diff "$T_DIR/$name-diff.png"
    echo "        $name: $(cat "$T_STDOUT")"
    t_expect_out "$name matches its golden image" 0 "mean"
done <<'VIEWS'
lobby       lobby           0,0,90     - the lobby's sign, doorway and goto marker
hall        hall            0,0,100    - three stands with their signs
atrium-up   hq-atrium       30,80,100  - looking straight up: nothing pinches at the pole
cloud-seam  stand-cloud     180,-10,80 - across yaw 180: no seam
garden-down hq-garden       -20,-85,110 - looking down at the floor
booth-orbit booth-security  25,14,70   - a 3D booth in orbit: PBR, shadows, node hotspot, its screen's first frame
booth-glass booth-security  -60,10,60  - the glass partition (blended) beside a normal-mapped wall
booth-close booth-cloud     10,5,30    - close to the counter: fabric normal map, screen, node hotspot
lobby-walk  hq-lobby        0,0,75     - walking the HQ lobby at eye height
keynote     lobby           -104,4,75  3  a video hotspot paused at 3 s on its upright screen
keynote-poster lobby        -104,4,75  -  the same hotspot before it is played: its poster, not the clip's black first frame
booth-video booth-security  -10,-2,28  2  the product clip at 2 s on the booth's Screen material
cinema      cinema          0,-5,70    7  the cinema: Aurora at 7 s, its English subtitle, the controls
plaza-360   plaza-360       30,5,90    1  a 360 video place at 1 s
VIEWS

# HiDPI: the lobby at twice the pixels with --scale 2 is the same picture as its golden at 1x,
# once averaged over 2x2 boxes (markers, title and bar twice as large, text drawn at 2x). The
# interface at scale 1 in the larger window measured mean 12.3 and 13.3% of pixels over 24.
out=$T_DIR/lobby-2x.png
t_run "$PAVILION" shot "$DEMO_DIR/expo.json" --place lobby --view 0,0,90 --size 640x360 \
    --scale 2 --out "$out"
t_expect "shot lobby at 640x360 with --scale 2" 0
t_run "$IMGDIFF" "$out" "$GOLDEN/lobby.png" --shrink 2 --mean 5 --share 4 \
    --diff "$T_DIR/lobby-2x-diff.png"
echo "        lobby-2x: $(cat "$T_STDOUT")"
t_expect_out "lobby at --scale 2, averaged 2x2, matches the 1x golden" 0 "mean"

# The floor plan through the command line: --open map draws the plan over the lobby (the
# picture is no longer the lobby's golden), in Arabic; hud_lang_test compares the plan itself.
out=$T_DIR/lobby-map.png
t_run "$PAVILION" shot "$DEMO_DIR/expo.json" --place lobby --view 0,0,90 --size 320x180 \
    --open map --lang ar --out "$out"
t_expect "shot lobby with --open map --lang ar" 0
t_run "$IMGDIFF" "$out" "$GOLDEN/lobby.png" --mean 1.0 --share 1.0
t_expect_out "the shot with the floor plan open differs from the lobby" 1 "mean"

t_finish
