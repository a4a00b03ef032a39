#!/bin/sh
# Looks into the .deb that `make deb` built: the program, the demo, the desktop entry and the
# icon are inside, and its Depends (from dpkg-shlibdeps) names the libraries the program links.
set -e
deb=$1
[ -f "$deb" ] || { echo "check_deb: no package at '$deb'"; exit 1; }
depends=$(dpkg-deb --field "$deb" Depends)
files=$(dpkg-deb --contents "$deb")
bad=0
for lib in libsdl2 libglew libassimp libavcodec libjansson libass libturbojpeg fonts-dejavu-core; do
    case "$depends" in
    *"$lib"*) ;;
    *) echo "check_deb: Depends lacks $lib"; bad=1 ;;
    esac
done
for f in ./usr/bin/pavilion ./usr/libexec/pavilion/pavilion-import \
    ./usr/share/pavilion/demo/expo.json \
    ./usr/share/applications/pavilion.desktop \
    ./usr/share/icons/hicolor/scalable/apps/pavilion.svg; do
    echo "$files" | grep -q -F " $f" || { echo "check_deb: $f is not in the package"; bad=1; }
done
[ $bad -eq 0 ] || exit 1
echo "check_deb: $(basename "$deb"): $(echo "$files" | wc -l) files, $(du -k "$deb" | cut -f1) KB"
echo "check_deb: Depends: $depends"
