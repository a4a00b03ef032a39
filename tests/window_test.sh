#!/bin/sh
# window_test: the viewer in a real X11 window (Xvfb, SDL's x11 driver, GLX on llvmpipe), driven
# with xdotool like a visitor: the window opens with the scene's title and size, a click on the
# goto hotspot in the middle of the view enters the other place, Backspace comes back, a drag
# looks around without logging anything, SIGTERM closes it cleanly; Tab then Enter (no pointer)
# enters the other place through the hotspot, the first stop of the keyboard; and a window
# destroyed from outside ends the program without a crash. What happened is read from the
# --events log.
# Environment (set by tests/tests.cmake): PAVILION, TESTS, WORK.
TESTS=${TESTS:-$(cd "$(dirname "$0")" && pwd)}
. "$TESTS/lib.sh"
t_init window
W=$T_DIR
cd "$W" || exit 1
echo "window: working in $W"

t_need_cmd Xvfb xdotool cjpeg timeout

XVFB_PID=
APP_PID=
cleanup()
{
    [ -n "$APP_PID" ] && kill -KILL "$APP_PID" 2>/dev/null
    [ -n "$XVFB_PID" ] && kill -TERM "$XVFB_PID" 2>/dev/null
    [ -n "$XVFB_PID" ] && wait "$XVFB_PID" 2>/dev/null
    APP_PID= XVFB_PID=
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM HUP

# ---- a two-place scene with panoramas made here ----
# lobby looks at yaw 0, pitch 0 with a 90° fov; its goto hotspot sits at yaw 0, pitch 0, so it is
# exactly in the middle of the window (pv_view_project: x = (tan(0)/tan(45°) + 1) / 2 * W).
mkdir -p scene/panoramas
t_make_ppm gradient.ppm 1024 512
cjpeg -quality 85 gradient.ppm >scene/panoramas/lobby.jpg
cjpeg -quality 85 -grayscale gradient.ppm >scene/panoramas/hall.jpg
TITLE="Pavilion window test $$"
cat >scene/expo.json <<EOF
{
  "format": "pavilion/1",
  "title": "$TITLE",
  "start": "lobby",
  "transition": { "fade": 0.3 },
  "places": [
    {
      "id": "lobby",
      "panorama": "panoramas/lobby.jpg",
      "view": { "yaw": 0, "pitch": 0, "fov": 90 },
      "hotspots": [
        { "type": "goto", "yaw": 0, "pitch": 0, "target": "hall", "label": "To the hall" }
      ]
    },
    {
      "id": "hall",
      "panorama": "panoramas/hall.jpg",
      "hotspots": [ { "type": "goto", "yaw": 180, "target": "lobby" } ]
    }
  ]
}
EOF
run_check() { t_run "$PAVILION" check scene/expo.json; }
run_check
t_expect_out "the test scene passes check" 0 "ok: 2 places, 2 hotspots"
WIDTH=1024 HEIGHT=576
CX=$((WIDTH / 2)) CY=$((HEIGHT / 2))

# ---- Xvfb on a free display (it picks the number itself and writes it to fd 3) ----
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>display.txt >xvfb.log 2>&1 &
XVFB_PID=$!
i=0
while [ ! -s display.txt ] && [ $i -lt 100 ] && kill -0 "$XVFB_PID" 2>/dev/null; do
    sleep 0.1
    i=$((i + 1))
done
if [ ! -s display.txt ]; then
    t_fail "Xvfb starts" "no display after 10 s; its log:"
    sed 's/^/        | /' xvfb.log
    t_finish
fi
DISPLAY=:$(tr -dc 0-9 <display.txt)
export DISPLAY
unset WAYLAND_DISPLAY
t_pass "Xvfb runs on $DISPLAY"

# count_lines FILE TEXT: how many lines of FILE hold TEXT
count_lines() { grep -c -F -e "$2" "$1" 2>/dev/null || true; }

# wait_lines FILE TEXT N SECONDS: true once FILE has N lines holding TEXT
wait_lines()
{
    _n=0
    _limit=$(($4 * 10))
    while [ "$(count_lines "$1" "$2")" -lt "$3" ]; do
        _n=$((_n + 1))
        [ $_n -gt $_limit ] && return 1
        kill -0 "$APP_PID" 2>/dev/null || { sleep 0.2; [ "$(count_lines "$1" "$2")" -ge "$3" ]; return; }
        sleep 0.1
    done
    return 0
}

# show_app: what the app printed and logged, for a failing check
show_app()
{
    echo "        command: SDL_VIDEODRIVER=x11 DISPLAY=$DISPLAY $APP_CMD"
    echo "        app output:"
    sed 's/^/        | /' "$1"
    echo "        events log:"
    sed 's/^/        | /' "$2" 2>/dev/null
}

# start_app LOG EVENTS: starts the viewer in the background; WID is its window or empty
start_app()
{
    APP_CMD="$PAVILION scene/expo.json --size ${WIDTH}x$HEIGHT --events $2"
    SDL_VIDEODRIVER=x11 $APP_CMD >"$1" 2>&1 &
    APP_PID=$!
    WID=$(timeout 20 xdotool search --sync --onlyvisible --name "^$TITLE\$" 2>/dev/null | head -n 1)
}

# stop_app WHAT HOW SECONDS ALLOWED...: after HOW was done, the app must end within SECONDS
# with one of the ALLOWED exit codes ("any" allows every code below 128), never a crash.
stop_app()
{
    _what=$1 _secs=$3
    shift 3
    _n=0
    while kill -0 "$APP_PID" 2>/dev/null && [ $_n -lt $((_secs * 10)) ]; do
        sleep 0.1
        _n=$((_n + 1))
    done
    if kill -0 "$APP_PID" 2>/dev/null; then
        kill -KILL "$APP_PID" 2>/dev/null
        wait "$APP_PID" 2>/dev/null
        APP_PID=
        t_fail "$_what" "still running $_secs s later (killed it)"
        return
    fi
    wait "$APP_PID"
    _rc=$?
    APP_PID=
    _ok=
    for _a in "$@"; do
        { [ "$_a" = any ] && [ $_rc -lt 128 ]; } || [ "$_a" = "$_rc" ] && _ok=1
    done
    if grep -q -E 'Sanitizer|Segmentation|core dumped|Aborted|runtime error:' "$LOG"; then
        _ok=
    fi
    if [ -n "$_ok" ]; then
        t_pass "$_what (exit code $_rc)"
    else
        t_fail "$_what" "exit code $_rc, expected one of: $*"
        show_app "$LOG" "$EV"
    fi
}

echo "== run 1: a visit"
LOG=$W/app1.log EV=$W/events1.jsonl
start_app "$LOG" "$EV"
if [ -z "$WID" ]; then
    t_fail "the window \"$TITLE\" appears within 20 s"
    show_app "$LOG" "$EV"
    t_finish
fi
t_pass "the window \"$TITLE\" appears (id $WID)"
GEOM=$(xdotool getwindowgeometry "$WID" 2>&1)
case "$GEOM" in
*"Geometry: ${WIDTH}x$HEIGHT"*) t_pass "the window is ${WIDTH}x$HEIGHT" ;;
*) t_fail "the window is ${WIDTH}x$HEIGHT" "xdotool getwindowgeometry: $GEOM" ;;
esac

ENTER_LOBBY='"event": "enter", "place": "lobby", "image": '
ENTER_HALL='"event": "enter", "place": "hall", "image": '
HOTSPOT='"event": "hotspot", "place": "lobby", "hotspot": 0, "type": "goto", "target": "hall"}'
if wait_lines "$EV" "$ENTER_LOBBY" 1 15; then
    t_pass "the events log starts with: enter lobby"
else
    t_fail "the events log starts with: enter lobby"
    show_app "$LOG" "$EV"
fi

# The hall is linked from the lobby, so it is loaded ahead: wait for that before the click.
if wait_lines "$EV" '"event": "loaded", "place": "hall", "what": "panorama"' 1 30; then
    t_pass "the linked hall is loaded ahead while the lobby is shown"
else
    t_fail "the linked hall is loaded ahead while the lobby is shown"
    show_app "$LOG" "$EV"
fi

# Hover first (the marker highlights), then click the hotspot in the middle of the window.
xdotool windowfocus "$WID" 2>/dev/null
xdotool mousemove --window "$WID" "$CX" "$CY"
sleep 0.3
xdotool click 1
if wait_lines "$EV" "$ENTER_HALL" 1 15; then
    t_pass "a click at the window centre ($CX,$CY) on the goto hotspot enters hall"
else
    t_fail "a click at the window centre ($CX,$CY) on the goto hotspot enters hall"
    show_app "$LOG" "$EV"
fi
t_check "the log records the hotspot: $HOTSPOT" grep -q -F -e "$HOTSPOT" "$EV"
t_check "so the hall opens at full resolution" \
    grep -q -F -e '"event": "enter", "place": "hall", "image": "full"}' "$EV"

sleep 0.5 # let the fade end
xdotool key BackSpace
if wait_lines "$EV" "$ENTER_LOBBY" 2 15; then
    t_pass "Backspace goes back: enter lobby again"
else
    t_fail "Backspace goes back: enter lobby again"
    show_app "$LOG" "$EV"
fi

# The window shows what `pavilion shot` renders for the same view and size: F12 saves the
# window's frame (the pointer parked in a corner, so nothing is hovered).
sleep 0.8
xdotool mousemove --window "$WID" 3 $((HEIGHT - 3))
sleep 0.3
xdotool key F12
if wait_lines "$EV" '"event": "screenshot"' 1 10; then
    t_pass "F12 saves a screenshot of the window"
    SHOT_FILE=$(sed -n 's/.*"event": "screenshot", "file": "\([^"]*\)".*/\1/p' "$EV" | head -n 1)
    t_run "$PAVILION" shot scene/expo.json --size ${WIDTH}x$HEIGHT --out "$W/shot-lobby.png"
    t_expect "pavilion shot renders the same view offscreen" 0
    t_run "$IMGDIFF" "$W/$SHOT_FILE" "$W/shot-lobby.png" --mean 0.5 --share 0.2 \
        --diff "$W/window-vs-shot.png"
    t_expect_out "the window's frame matches the offscreen shot" 0 "mean"
    sed 's/^/        /' "$T_STDOUT"
else
    t_fail "F12 saves a screenshot of the window"
    show_app "$LOG" "$EV"
fi

before=$(wc -l <"$EV")
xdotool mousemove --window "$WID" 300 300 mousedown 1 sleep 0.05 \
    mousemove --window "$WID" 340 300 sleep 0.05 mousemove --window "$WID" 420 310 sleep 0.05 \
    mousemove --window "$WID" 520 330 sleep 0.05 mousemove --window "$WID" "$CX" "$CY" \
    sleep 0.05 mouseup 1
sleep 1.5
after=$(wc -l <"$EV")
t_check "a drag logs nothing (log lines: $before before, $after after)" test "$before" -eq "$after"
t_check "the app is still running after the drag" kill -0 "$APP_PID"

# Every line of the log is one JSON object of the documented shape.
bad=$(grep -v -e '"event": "screenshot"' -e '"event": "loaded"' "$EV" | grep -c -v -E '^\{"t": [0-9]+\.[0-9]{3}, "event": "(enter|hotspot)", "place": "(lobby|hall)"(, "image": "(full|preview)"|, "hotspot": [0-9]+, "type": "goto", "target": "(lobby|hall)")\}$')
t_check "every events log line has the documented shape ($bad do not)" test "$bad" -eq 0
t_check "the log has exactly 4 lines and a screenshot (enter, hotspot, enter, enter)" \
    test "$(grep -c -v -e screenshot -e '"loaded"' "$EV")" -eq 4

kill -TERM "$APP_PID"
stop_app "SIGTERM closes the viewer within 5 s, cleanly" TERM 5 0 143
t_check "the app printed no error" sh -c "! grep -q -i -E 'error|warning' '$LOG'"

echo "== run 2: the keyboard alone: Tab reaches the hotspot, Enter uses it"
LOG=$W/app3.log EV=$W/events3.jsonl
start_app "$LOG" "$EV"
if [ -z "$WID" ]; then
    t_fail "the window appears for the keyboard run"
    show_app "$LOG" "$EV"
else
    wait_lines "$EV" "$ENTER_LOBBY" 1 15
    wait_lines "$EV" '"event": "loaded", "place": "hall", "what": "panorama"' 1 30
    sleep 0.5
    xdotool windowfocus "$WID" 2>/dev/null
    xdotool mousemove --window "$WID" 3 $((HEIGHT - 3)) # nothing hovered
    sleep 0.3
    xdotool key Tab
    sleep 0.3
    xdotool key Return
    if wait_lines "$EV" "$ENTER_HALL" 1 15; then
        t_pass "Tab then Enter enters hall through the lobby's hotspot"
    else
        t_fail "Tab then Enter enters hall through the lobby's hotspot"
        show_app "$LOG" "$EV"
    fi
    t_check "the log records the hotspot used from the keyboard: $HOTSPOT" \
        grep -q -F -e "$HOTSPOT" "$EV"
    kill -TERM "$APP_PID"
    stop_app "SIGTERM closes the viewer after the keyboard run" TERM 5 0 143
fi

echo "== run 3: the window destroyed from outside"
LOG=$W/app2.log EV=$W/events2.jsonl
start_app "$LOG" "$EV"
if [ -z "$WID" ]; then
    t_fail "the window appears again"
    show_app "$LOG" "$EV"
else
    wait_lines "$EV" "$ENTER_LOBBY" 1 15
    xdotool windowclose "$WID"
    stop_app "xdotool windowclose: the viewer ends within 5 s without crashing" windowclose 5 any
fi

t_finish
