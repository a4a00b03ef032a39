#!/bin/sh
# Installs the Debian packages Pavilion needs to build, test and run, skipping
# what is already there. Called by `make run` and `make test`; safe to run again.
set -e
# Fonts: DejaVu covers Latin, Cyrillic, Greek, Arabic and Hebrew; WenQuanYi Micro Hei (a 1.6 MB
# package) adds the Chinese, Japanese and Korean glyphs (the project's only fonts: core.c's
# pv_font_files). HarfBuzz shapes, FriBidi orders right-to-left text, libunibreak finds line
# breaks (UAX #14, so Chinese and Japanese wrap without spaces); utf8proc finds grapheme
# clusters (UAX #29: a text field's caret and Backspace step over a Korean syllable, a letter
# with its marks or an emoji sequence as one character; libunibreak 1.1 has no grapheme rules).
# gettext: msgfmt checks and compiles the interface's catalogues (assets/i18n/*.po) at build time.
# libunistring: a file name written composed (NFC) in a scene is found when macOS stored it
# decomposed (NFD).
# CI (`make test`) also builds with clang and checks the desktop entry (desktop-file-validate);
# `make deb` runs dpkg-shlibdeps (dpkg-dev, part of build-essential).
# clang and libclang-rt-dev (its libFuzzer and sanitizer runtimes): the fuzz targets in
# tests/fuzz/ are built and run briefly by `make test`, and for long by `make fuzz`.
PKGS="build-essential cmake pkg-config
 libsdl2-dev libglew-dev libcglm-dev libstb-dev libjansson-dev
 libturbojpeg0-dev libjpeg62-turbo-dev libjpeg-turbo-progs libpng-dev libassimp-dev
 libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev libass-dev
 libfreetype-dev libfontconfig-dev fonts-dejavu-core fonts-wqy-microhei
 libharfbuzz-dev libfribidi-dev libunibreak-dev libutf8proc-dev
 libgl1-mesa-dri libegl-mesa0 libegl-dev
 libunistring-dev
 xvfb xauth xdotool
 gettext
 clang libclang-rt-dev desktop-file-utils"
# `make bench` also compares video decoding with the ffmpeg command.
if [ "${1:-}" = bench ]; then PKGS="$PKGS ffmpeg"; fi
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "setup: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
