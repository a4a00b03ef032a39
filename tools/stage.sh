#!/bin/bash
# stage.sh NAME COMMAND...: runs one step of `make test` and prints how long it took, wall
# clock and CPU (of everything it started), e.g. "stage asan-tests: 212 s wall, 371 s CPU", so
# a CI run that grows shows which step grew. With STAGE_LOG set, the line is also appended to
# that file (`make test` prints the file at its end). Exits with the command's status.
# stage.sh --summary FILE: prints the lines of FILE under a heading, with their sum.
set -u
if [ "${1:-}" = --summary ]; then
    [ -f "${2:-}" ] || exit 0
    echo "== make test, stage by stage =="
    awk '{ print; w += $3; c += $6 } END { printf "total: %d s wall, %d s CPU\n", w, c }' "$2"
    exit 0
fi
name=$1
shift
t0=$(date +%s.%N)
"$@"
rc=$?
t1=$(date +%s.%N)
# bash's `times`: the shell's own user and system time, then its children's (line 2); into
# a file, since in a pipe it would run in a subshell that has no children
tf=$(mktemp)
times > "$tf"
cpu=$(awk 'NR == 2 { split($1, u, "m"); split($2, s, "m");
                     printf "%.0f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$tf")
rm -f "$tf"
line=$(awk -v n="$name" -v a="$t0" -v b="$t1" -v c="$cpu" -v r="$rc" \
    'BEGIN { printf "stage %s: %.0f s wall, %d s CPU%s", n, b - a, c, r ? " (failed)" : "" }')
echo "$line"
[ -n "${STAGE_LOG:-}" ] && echo "$line" >> "$STAGE_LOG"
exit "$rc"
