#!/bin/sh
# badinput_test: broken scenes, broken images and bad command lines must give a precise message
# and a clean exit code, never a crash. For every broken scene: `pavilion check` exits 1 and names
# file:line:col with the key words of the problem, `pavilion shot` exits 1 with a message, and for
# faults in the scene file itself the viewer refuses with the same message before opening a
# window (it never creates its --events log).
# Environment (set by tests/tests.cmake): PAVILION, TESTS, WORK, DEMO_DIR, SHARED.
TESTS=${TESTS:-$(cd "$(dirname "$0")" && pwd)}
. "$TESTS/lib.sh"
t_init badinput
W=$T_DIR
cd "$W" || exit 1
echo "badinput: working in $W"

t_need_cmd cjpeg head timeout od

# ---- the fixture folder: committed scenes + images made here ----
cp -R "$TESTS/fixtures/bad" scene
t_make_ppm gradient.ppm 256 128
cjpeg -quality 85 gradient.ppm >scene/panoramas/ok.jpg
cp scene/panoramas/ok.jpg ok.jpg # outside the scene folder: the "../" escape would find it
if [ -f "${DEMO_DIR:-}/panoramas/lobby.jpg" ]; then
    src="$DEMO_DIR/panoramas/lobby.jpg"
else
    echo "badinput: no demo panorama in '${DEMO_DIR:-}'; truncating a generated one"
    src=scene/panoramas/ok.jpg
fi
size=$(wc -c <"$src")
head -c $((size / 2)) "$src" >scene/panoramas/truncated.jpg
echo "badinput: truncated $src ($size bytes) to $((size / 2)) bytes"

# t_absent WHAT FILE TEXT: a check that TEXT is not in FILE
t_absent()
{
    if grep -q -F -e "$3" "$2"; then
        t_fail "$1" "found: $(grep -F -e "$3" "$2" | head -n 1)"
    else
        t_pass "$1"
    fi
}

run_pavilion() { t_run env SDL_VIDEODRIVER=offscreen timeout -k 5 20 "$PAVILION" "$@"; }

# check_fault SCENE WHERE TEXT...: `pavilion check SCENE` exits 1, prints "WHERE: error:" and
# every TEXT on stderr and no "ok" line. Sets FIRST to its first error line.
check_fault()
{
    _scene=$1 _where=$2
    shift 2
    run_pavilion check "$_scene"
    t_expect "check $_scene: '$_where: error:' $*" 1 "$_where: error:" "$@"
    t_absent "check $_scene: no 'ok' line on stdout" "$T_STDOUT" ": ok:"
    FIRST=$(grep -m 1 -F "$_where: error:" "$T_STDERR")
    [ -n "$FIRST" ] || FIRST="$_where: error:"
}

# shot_fault SCENE TEXT...: `pavilion shot` exits 1 with every TEXT on stderr, writes no image.
shot_fault()
{
    _scene=$1
    shift
    _png="$W/shot-$(basename "$_scene").png"
    run_pavilion shot "$_scene" --size 64x32 --out "$_png"
    t_expect "shot $_scene: exit 1 with a message" 1 "$@"
    t_check "shot $_scene: wrote no image" test ! -e "$_png"
}

# viewer_fault SCENE TEXT...: the viewer exits 1 with TEXT on stderr before opening anything.
viewer_fault()
{
    _scene=$1
    shift
    _ev="$W/events-$(basename "$_scene").jsonl"
    run_pavilion "$_scene" --size 320x180 --events "$_ev"
    t_expect "viewer $_scene: refuses with exit 1 and the same message" 1 "$@"
    t_check "viewer $_scene: opened nothing (no events log)" test ! -e "$_ev"
}

# scene_fault NAME LINE:COL TEXT...: a fault in the scene file: check, shot and the viewer.
scene_fault()
{
    _f=scene/$1.json
    _pos=$2
    shift 2
    echo "-- $_f: $*"
    check_fault "$_f" "$_f:$_pos" "$@"
    _msg=$FIRST
    shot_fault "$_f" "$_msg"
    viewer_fault "$_f" "$_msg"
}

# image_fault NAME LINE:COL IMAGE TEXT...: the scene is fine but its panorama is not: check
# names the scene's line:col, shot names the image.
image_fault()
{
    _f=scene/$1.json
    _pos=$2
    _img=$3
    shift 3
    echo "-- $_f: $*"
    check_fault "$_f" "$_f:$_pos" "panorama \"panoramas/$_img\"" "$@"
    shot_fault "$_f" "$_img: error: panorama" "$@"
}

echo "== a valid scene (the control)"
run_pavilion check scene/valid.json
t_expect_out "check scene/valid.json: exit 0 and 'ok'" 0 "scene/valid.json: ok: 1 places"
run_pavilion shot scene/valid.json --size 64x32 --out "$W/valid.png"
t_expect "shot scene/valid.json: exit 0" 0
t_check "shot scene/valid.json: wrote a PNG" \
    test "$(od -An -tx1 -N8 "$W/valid.png" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a

echo "== broken panoramas"
image_fault truncated 5:34 truncated.jpg "truncated"
image_fault not21 5:34 not21.png "64x48" "not an equirectangular panorama" "twice its height"
image_fault not_image 5:34 text.jpg "neither a JPEG nor a PNG"
image_fault empty_image 5:34 empty.jpg "is empty"

echo "== faults in the scene file"
scene_fault missing_pano 6:33 'panorama file "panoramas/nothere.jpg" not found'
# A missing comma after "title": the parser stops at the end of the next token, "places".
scene_fault malformed 4:10 "expected near" '"places"'
# A missing comma between two places: it stops at the second place's "{".
scene_fault malformed_array 6:5 "expected near '{'"
scene_fault unknown_target 9:47 'hotspot target "hal" is not a place' 'did you mean "hall"?'
scene_fault bad_start 4:12 'start place "foyer" is not a place' '"lobby", "hall"'
scene_fault duplicate_id 7:13 'duplicate place id "hall"' \
    'scene/duplicate_id.json:5:13: note: "hall" is first used here'
scene_fault absolute 5:34 '"/tmp/pavilion-lobby.jpg" is an absolute path'
scene_fault escape 5:34 '"panoramas/../../ok.jpg" leads outside the scene'

echo "== scene files that cannot be read"
# A FIFO as the scene must be refused at once, not wait for a writer (each run has a timeout).
mkfifo pipe.json
ln -s loop-b.json loop-a.json
ln -s loop-a.json loop-b.json
for case in "nothere.json|was not found" "scene|is a directory" "pipe.json|is a FIFO" \
    "loop-a.json|symlink loop"; do
    path=${case%%|*}
    why=${case#*|}
    echo "-- $path: $why"
    check_fault "$path" "$path" "cannot read the scene file" "$why"
    shot_fault "$path" "$FIRST"
    viewer_fault "$path" "$FIRST"
done

echo "== command lines"
# one_line_error WHAT ARGS...: exit 2 and exactly one line on stderr naming the problem
cli_error()
{
    _what=$1 _text=$2
    shift 2
    run_pavilion "$@"
    t_expect "pavilion $*: exit 2, '$_text' ($_what)" 2 "$_text"
    t_check "pavilion $*: the error is one line" test "$(wc -l <"$T_STDERR")" -eq 1
}
cli_error "unknown option" "--bogus" --bogus
cli_error "pitch out of range" "pitch must be within -90..90" --view 10,100,90 x.json
cli_error "empty size" "--size 0x0" --size 0x0
cli_error "interface scale out of range" "--scale 9" --scale 9
cli_error "interface scale not a number" "--scale 2x" shot x.json --out x.png --scale 2x
cli_error "shot without --out" "--out" shot scene/valid.json
cli_error "shot without a scene" "shot needs a scene file" shot --out x.png
cli_error "bench with an unknown option" "--bogus is not an option of bench" bench --bogus
cli_error "bench option without its value" "--pano needs a value" bench --pano
run_pavilion --help
t_expect_out "pavilion --help: exit 0 with the usage" 0 "usage: pavilion" "pavilion check [SCENE]"
run_pavilion --version
t_expect_out "pavilion --version: exit 0 with the version" 0 "pavilion "

echo "== shared test panoramas"
EQ="${SHARED:-}/panoramas/equirect"
if [ -f "$EQ/psv-sphere_cropped_5000x1000.jpg" ] && [ -f "$EQ/aframe-puydesancy_4096x2048.jpg" ]; then
    cp "$EQ/psv-sphere_cropped_5000x1000.jpg" "$EQ/aframe-puydesancy_4096x2048.jpg" scene/panoramas/
    sed 's#panoramas/ok.jpg#panoramas/psv-sphere_cropped_5000x1000.jpg#' scene/valid.json \
        >scene/cropped.json
    sed 's#panoramas/ok.jpg#panoramas/aframe-puydesancy_4096x2048.jpg#' scene/valid.json \
        >scene/aframe.json
    check_fault scene/cropped.json scene/cropped.json:5:34 "5000x1000" "twice its height"
    run_pavilion check scene/aframe.json
    t_expect_out "check scene/aframe.json (4096x2048): exit 0 and 'ok'" 0 \
        "scene/aframe.json: ok: 1 places, 0 hotspots, 1 panoramas checked"
    run_pavilion shot scene/aframe.json --size 320x180 --out "$W/aframe.png"
    t_expect "shot scene/aframe.json: exit 0" 0
    t_check "shot scene/aframe.json: wrote a PNG" \
        test "$(od -An -tx1 -N8 "$W/aframe.png" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a
else
    t_skip "the shared panoramas" "'$EQ' is not there"
fi

t_finish
