#!/bin/sh
# layers_test: no module of engine/ includes a module above it (docs/architecture.md, "Layers").
# Reads every #include "folder/..." in engine/*/*.c and *.h and checks it against the table
# below; also that only gfx/ includes GL, only platform/ SDL, only media/ FFmpeg and libass,
# that the visit neither reads the clock nor draws, and that the videos read no clock and draw
# through render/. Prints every violation as file:line and fails when there is one. It first
# runs the same check over a small made-up tree with known faults, so a checker that stopped
# seeing includes fails too.
# Environment (set by tests/tests.cmake): TESTS (this folder), WORK (scratch).
TESTS=${TESTS:-$(cd "$(dirname "$0")" && pwd)}
ENGINE=$(cd "$TESTS/../engine" && pwd)
WORK=${WORK:-${TMPDIR:-/tmp}/pavilion-testwork}
PASSED=0
FAILED=0

# What each layer may include besides itself (ARCHITECTURE: lower never includes upper;
# sideways only where listed). "*" = everything.
allowed()
{
    case "$1" in
    core) echo "" ;;
    platform | asset | media | scene | text) echo "core" ;;
    gfx) echo "core asset" ;; # asset's data types (cube faces, models) to upload
    play) echo "core media gfx" ;;
    ui) echo "core gfx text platform" ;;
    visit) echo "core scene asset media play gfx" ;; # gfx: resource handles only
    render) echo "core gfx visit scene asset play" ;;
    hud | video | kiosk | tour | author | record)
        echo "core platform gfx asset media scene text play ui visit render" ;;
    app) echo "*" ;;
    bench) echo "*" ;; # the program's benchmark (drives the viewer); only app/main.c includes it
    *) echo "?" ;;
    esac
}

# Includes that are one layer's alone: "PATTERN LAYER".
OWNED='GL/ gfx
EGL/ gfx
SDL platform
libavcodec/ media
libavformat/ media
libavutil/ media
libswscale/ media
libswresample/ media
ass/ media'

# Things a layer must not do, as "LAYER REGEX WHY" (grep -E on code lines).
FORBIDDEN='visit pv_now[[:space:]]*\( the visit has no clock of its own: time is passed in
visit gfx_draw_ the visit draws nothing: render/ does
visit SDL_ the visit knows no SDL: input comes as commands
video pv_now[[:space:]]*\( the videos have no clock of their own: time is passed in
video gfx_draw_ the videos draw through render/'

# check_tree DIR: prints one line per violation; the number of them on the last line.
check_tree()
{
    dir=$1
    n=0
    out=$(mktemp)
    for f in "$dir"/*/*.c "$dir"/*/*.h; do
        [ -f "$f" ] || continue
        rel=${f#"$dir"/}
        layer=${rel%%/*}
        ok=$(allowed "$layer")
        if [ "$ok" = "?" ]; then
            echo "$rel: engine/$layer is not a layer in tests/layers_test.sh: add it to the" \
                "table (and to docs/architecture.md)" >>"$out"
            continue
        fi
        # #include "x/y.h": the folder x is the layer included.
        grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
            sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' |
            while read -r line path; do
                case "$path" in
                */*) to=${path%%/*} ;;
                *) to=$layer ;; # a file beside it
                esac
                [ "$to" = "$layer" ] && continue
                [ "$ok" = "*" ] && continue
                case " $ok " in
                *" $to "*) continue ;;
                esac
                echo "$rel:$line: $layer/ includes \"$path\" ($layer may include: ${ok:-nothing})"
            done >>"$out"
        grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' "$f" |
            sed 's/^\([0-9]*\):[^<]*<\([^>]*\)>.*/\1 \2/' |
            while read -r line path; do
                echo "$OWNED" | while read -r pat owner; do
                    case "$path" in
                    "$pat"*) [ "$layer" != "$owner" ] &&
                        echo "$rel:$line: $layer/ includes <$path>, which only $owner/ may" ;;
                    esac
                done
            done >>"$out"
        echo "$FORBIDDEN" | while read -r fl re why; do
            [ "$fl" = "$layer" ] || continue
            # code lines only: drop // and /* */ comment lines
            grep -nE "$re" "$f" | grep -vE '^[0-9]+:[[:space:]]*(/\*|\*|//)' |
                while IFS=: read -r line rest; do
                    echo "$rel:$line: $why"
                done
        done >>"$out"
    done
    cat "$out"
    n=$(wc -l <"$out")
    rm -f "$out"
    echo "$n"
}

# Allowed exceptions, one "FILE FOLDER" a line (FILE may include FOLDER/ for now), each a debt
# with the step that removes it. The list only shrinks: an exception nothing needs any more
# fails the test too. (Empty: nothing in engine/ breaks the table today.)
EXCEPTIONS=''

excused() # VIOLATION: true when an exception covers it
{
    [ -n "$EXCEPTIONS" ] || return 1
    echo "$EXCEPTIONS" | while read -r ef ed; do
        case "$1" in
        "$ef:"*"includes \"$ed/"*) echo yes ;;
        esac
    done | grep -q yes
}

# ---- the checker itself sees faults ----
fake="$WORK/layers/fake"
rm -rf "$WORK/layers"
mkdir -p "$fake/core" "$fake/gfx" "$fake/play" "$fake/visit" "$fake/app" "$fake/hud"
printf '#include "core/core.h"\n#include "gfx/gfx.h"\n' >"$fake/core/core.c"
printf '#include "asset/asset.h"\n#include <GL/glew.h>\n' >"$fake/gfx/gfx.c"
printf '#include "play/play.h"\n  # include "app/app.h"\n#include <SDL2/SDL.h>\n' >"$fake/play/p.c"
printf '#include "visit/visit.h"\n/* pv_now() is not read here */\nx = pv_now();\n' \
    >"$fake/visit/visit.c"
printf '#include "visit/visit.h"\n#include "ui/ui.h"\n#include "hud/hud.h"\n' >"$fake/app/app.c"
printf '#include "ui/ui.h"\n#include "kiosk/kiosk.h"\n' >"$fake/hud/hud.c"
mkdir -p "$fake/video"
printf '#include "render/render.h"\n#include "hud/hud.h"\ngfx_draw_image(g, img);\n' \
    >"$fake/video/video.c"
mkdir -p "$fake/misc"
printf '#include "core/core.h"\n' >"$fake/misc/misc.c"
got=$(check_tree "$fake")
expect() # WHAT TEXT
{
    if echo "$got" | grep -qF "$2"; then
        PASSED=$((PASSED + 1))
    else
        FAILED=$((FAILED + 1))
        echo "FAIL: the checker misses $1 (no \"$2\" in:"
        echo "$got"
        echo ")"
    fi
}
expect "core including gfx" 'core/core.c:2: core/ includes "gfx/gfx.h"'
expect "play including app" 'play/p.c:2: play/ includes "app/app.h"'
expect "SDL outside platform" 'play/p.c:3: play/ includes <SDL2/SDL.h>, which only platform/ may'
expect "a clock read in the visit" 'visit/visit.c:3: the visit has no clock'
expect "features including each other" 'hud/hud.c:2: hud/ includes "kiosk/kiosk.h"'
expect "an unknown folder" 'misc/misc.c: engine/misc is not a layer'
expect "the videos including the hud" 'video/video.c:2: video/ includes "hud/hud.h"'
expect "the videos drawing past render/" 'video/video.c:3: the videos draw through render/'
if [ "$(echo "$got" | tail -n 1)" = 8 ]; then
    PASSED=$((PASSED + 1))
else
    FAILED=$((FAILED + 1))
    echo "FAIL: expected exactly 8 violations in the made-up tree, got:"
    echo "$got"
fi

# ---- engine/ ----
got=$(check_tree "$ENGINE")
count=$(echo "$got" | tail -n 1)
list=$(echo "$got" | sed '$d')
unexcused=0
if [ -n "$list" ]; then
    unexcused=$(echo "$list" | while read -r v; do
        if excused "$v"; then
            echo "$v (allowed for now: EXCEPTIONS)" >&2
        else
            echo "$v" >&2
            echo x
        fi
    done | grep -c x)
fi
[ -n "$EXCEPTIONS" ] && echo "$EXCEPTIONS" | while read -r ef ed; do
    echo "$list" | grep -qF "$ef:" && echo "$list" | grep -F "$ef:" | grep -qF "includes \"$ed/" ||
        echo "FAIL: the exception \"$ef $ed\" is not needed any more: remove it" >&2
done 2>&1 | grep . && FAILED=$((FAILED + 1))
files=$(ls "$ENGINE"/*/*.c "$ENGINE"/*/*.h | wc -l)
echo "layers: $files files in engine/, $count violation(s), $unexcused not excused"
if [ "$unexcused" -eq 0 ]; then
    PASSED=$((PASSED + 1))
else
    FAILED=$((FAILED + 1))
    echo "FAIL: a lower layer includes an upper one (or uses what is not its own); see above"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
