#!/bin/sh
# run: one libFuzzer run of a target: FUZZ_SECONDS seconds (default: the second argument), new
# inputs kept in the build folder's corpus, the seed corpus read too. A crash, a leak, a
# timeout (10 s for one input) or an input needing over 2 GB fails, and the input is saved in
# WORK/artifacts: copy it to tests/fuzz/crashes/NAME/ with the fix, so it is replayed forever.
# Exit 77 (skipped) when the target was not built (no clang with libFuzzer).
# Usage: run.sh BINARY SECONDS WORK SEEDS CRASHES (the past crashes seed the run too)
bin=$1 seconds=${FUZZ_SECONDS:-$2} work=$3 seeds=$4 crashes=$5
if [ ! -x "$bin" ]; then
    echo "skipping: $bin was not built (needs clang with libFuzzer: tools/setup.sh installs it)"
    exit 77
fi
# A target's seeds may sit in corpus/NAME or corpus/NAME-without-"fuzz_"; none is fine too.
unprefixed() { echo "$(dirname "$1")/$(basename "$1" | sed 's/^fuzz_//')"; }
[ -d "$seeds" ] || seeds=$(unprefixed "$seeds")
[ -d "$seeds" ] || seeds=
[ -d "$crashes" ] || crashes=$(unprefixed "$crashes")
[ -d "$crashes" ] || crashes=
mkdir -p "$work/corpus" "$work/artifacts" || exit 1
exec "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" ${seeds:+"$seeds"} \
    ${crashes:+"$crashes"}
