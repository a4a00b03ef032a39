#!/bin/sh
# install_test: `cmake --install` into a staging root (DESTDIR), then the installed program
# checks the installed demo from there. It finds its data from its own location (bin/pavilion
# -> share/pavilion), also after the whole tree is moved to another prefix; the program holds
# no build-tree or test-data path; the desktop entry and the icon are installed (and valid,
# when desktop-file-validate is there).
# Environment (set by tests/tests.cmake): PAVILION, TESTS, WORK, BUILD (the build folder).
. "$TESTS/lib.sh"
t_init install
t_need_cmd cmake
ROOT=$T_DIR/root

t_run env DESTDIR="$ROOT" cmake --install "$BUILD" --prefix /usr --strip
t_expect "cmake --install --prefix /usr into $ROOT" 0
BIN=$ROOT/usr/bin/pavilion
DATA=$ROOT/usr/share/pavilion
t_check "the program is in bin/" test -x "$BIN"
t_check "its model importer is in libexec/pavilion" test -x "$ROOT/usr/libexec/pavilion/pavilion-import"
t_check "the demo's scene is in share/pavilion/demo" test -f "$DATA/demo/expo.json"
t_check "the demo's films and models are installed" \
    test -f "$DATA/demo/films/aurora.mp4" -a -f "$DATA/demo/models/booth-security.glb"
t_check "the scene sources are in share/pavilion/scenes" \
    test -f "$DATA/scenes/pavilion-scene.schema.json"
t_check "the desktop entry is in share/applications" \
    test -f "$ROOT/usr/share/applications/pavilion.desktop"
t_check "the icon is in the hicolor theme" \
    test -f "$ROOT/usr/share/icons/hicolor/scalable/apps/pavilion.svg"

# The installed program checks the installed demo, named and found by itself.
t_run "$BIN" check "$DATA/demo/expo.json"
t_expect_out "installed 'pavilion check DEMO': ok" 0 "share/pavilion/demo/expo.json: ok:"
t_run "$BIN" check
t_expect_out "installed 'pavilion check' finds share/pavilion/demo from bin/" 0 \
    "usr/share/pavilion/demo/expo.json: ok:"

# Moved to another prefix, it finds its data there: no install path is built in either.
rm -rf "$ROOT/moved"
mkdir -p "$ROOT/moved" && mv "$ROOT/usr" "$ROOT/moved/opt"
t_run "$ROOT/moved/opt/bin/pavilion" check
t_expect_out "moved to another prefix, 'pavilion check' finds its demo there" 0 \
    "moved/opt/share/pavilion/demo/expo.json: ok:"
BIN=$ROOT/moved/opt/bin/pavilion

# Without its data, it says so instead of opening a path from the build.
mkdir -p "$ROOT/bare/bin" && cp "$BIN" "$ROOT/bare/bin/"
t_run "$ROOT/bare/bin/pavilion" check
t_expect "without share/pavilion, 'pavilion check' says the demo is missing" 1 \
    "the demo exhibition is neither beside the program"

# No build-tree or test-data path inside the program. A sanitizer build (never installed) keeps
# the generated sources' build path in its instrumentation data, so there only the others.
set -- "$BUILD" "../shared/" "testdata"
if grep -q '^PAVILION_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
    echo "  (a sanitizer build: its instrumentation names $BUILD/generated; not checked)"
    set -- "../shared/" "testdata"
fi
for what in "$@"; do
    if grep -q -F -e "$what" "$BIN" "$ROOT/moved/opt/libexec/pavilion/pavilion-import"; then
        t_fail "the installed program holds no '$what'" \
            "$(grep -a -o -F -e "$what" "$BIN" | head -3)"
    else
        t_pass "the installed program holds no '$what'"
    fi
done

if command -v desktop-file-validate >/dev/null 2>&1; then
    t_run desktop-file-validate "$ROOT/moved/opt/share/applications/pavilion.desktop"
    t_expect "desktop-file-validate pavilion.desktop" 0
else
    t_skip "desktop-file-validate" "not installed (package desktop-file-utils)"
fi
rm -rf "$ROOT"
t_finish
