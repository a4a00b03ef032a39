# tests/lib.sh: shared helpers for the script tests (POSIX sh; source it with `. "$TESTS/lib.sh"`).
#
#   t_run CMD ARGS...        run a command; stdout in $T_STDOUT, stderr in $T_STDERR (files),
#                            exit status in $T_RC, the command line in $T_CMD
#   t_expect WHAT RC [TEXT...]
#                            one check: the last t_run exited with RC, did not crash or hang,
#                            and every TEXT (fixed string) appears in its stderr
#   t_expect_out WHAT RC [TEXT...]   the same, but TEXT must appear in stdout
#   t_check WHAT COND...     a free-form check: passes when the command COND... succeeds
#   t_pass WHAT / t_fail WHAT [DETAIL]   count a check by hand
#   t_crashed                true when the last t_run crashed (signal, sanitizer) or timed out
#   t_skip WHAT WHY          a part that cannot run on this machine (data or tool absent)
#   t_need_cmd CMD...        skip the whole test when a tool is missing
#   t_finish                 print "N passed, M failed" and exit 0 without failures or skips,
#                            T_SKIP_CODE (77: ctest shows it skipped) after a skip, else 1
#
# Needs PAVILION (the binary) and WORK (a scratch folder); T_DIR is this test's own folder in it.

T_PASSED=0
T_FAILED=0
T_SKIPPED=0
T_SKIP_CODE=77 # tests/check.h's CHECK_SKIP_CODE, every test's SKIP_RETURN_CODE
T_RC=0
T_CMD=

# t_init NAME: checks the environment and makes $T_DIR = $WORK/NAME (emptied first).
t_init()
{
    if [ -z "${PAVILION:-}" ] || [ ! -x "$PAVILION" ]; then
        echo "error: PAVILION is not set to the built pavilion binary (got '${PAVILION:-}')"
        echo "0 passed, 1 failed"
        exit 1
    fi
    case "$PAVILION" in
    /*) ;;
    *) PAVILION="$(pwd)/$PAVILION" ;;
    esac
    WORK=${WORK:-${TMPDIR:-/tmp}/pavilion-testwork}
    T_DIR="$WORK/$1"
    rm -rf "$T_DIR"
    mkdir -p "$T_DIR" || { echo "error: cannot create $T_DIR"; echo "0 passed, 1 failed"; exit 1; }
    T_STDOUT="$T_DIR/.stdout"
    T_STDERR="$T_DIR/.stderr"
}

t_run()
{
    T_CMD="$*"
    "$@" >"$T_STDOUT" 2>"$T_STDERR"
    T_RC=$?
}

t_pass()
{
    T_PASSED=$((T_PASSED + 1))
    echo "  ok    $1"
}

t_fail()
{
    T_FAILED=$((T_FAILED + 1))
    echo "  FAIL  $1"
    [ -n "${2:-}" ] && printf '        %s\n' "$2"
    return 0
}

# Prints the last command, its exit status and its output, indented.
t_show_last()
{
    echo "        command: $T_CMD"
    echo "        exit code: $T_RC"
    echo "        stdout:"
    sed 's/^/        | /' "$T_STDOUT"
    echo "        stderr:"
    sed 's/^/        | /' "$T_STDERR"
}

t_skip()
{
    T_SKIPPED=$((T_SKIPPED + 1))
    echo "  SKIP  $1: $2"
}

t_crashed()
{
    [ "$T_RC" -ge 124 ] && return 0
    grep -q -E 'Sanitizer|Segmentation|core dumped|runtime error:|Aborted' "$T_STDOUT" "$T_STDERR"
}

# t_expect_in FILE WHAT RC [TEXT...]
t_expect_in()
{
    _file=$1 _what=$2 _rc=$3
    shift 3
    _why=
    if [ "$T_RC" -eq 124 ] || [ "$T_RC" -eq 137 ]; then
        _why="it hung (killed by timeout)"
    elif t_crashed; then
        _why="it crashed"
    elif [ "$T_RC" -ne "$_rc" ]; then
        _why="exit code $T_RC, expected $_rc"
    else
        for _t in "$@"; do
            if ! grep -q -F -e "$_t" "$_file"; then
                _why="its $(basename "$_file" | tr -d .) lacks: $_t"
                break
            fi
        done
    fi
    if [ -z "$_why" ]; then
        t_pass "$_what"
    else
        t_fail "$_what" "$_why"
        t_show_last
    fi
}

t_expect() { _w=$1 _r=$2; shift 2; t_expect_in "$T_STDERR" "$_w" "$_r" "$@"; }
t_expect_out() { _w=$1 _r=$2; shift 2; t_expect_in "$T_STDOUT" "$_w" "$_r" "$@"; }

t_check()
{
    _what=$1
    shift
    "$@"
    _rc=$?
    if [ $_rc -eq 0 ]; then
        t_pass "$_what"
    else
        t_fail "$_what" "command: $* (exit code $_rc)"
    fi
}

t_need_cmd()
{
    for _c in "$@"; do
        if ! command -v "$_c" >/dev/null 2>&1; then
            t_skip "everything" "$_c not found: run tools/setup.sh (it installs it)"
            t_finish
        fi
    done
}

# t_make_ppm FILE W H: writes a binary-free (P3) gradient image, for cjpeg.
t_make_ppm()
{
    awk -v w="$2" -v h="$3" 'BEGIN {
        printf "P3\n%d %d\n255\n", w, h
        for (y = 0; y < h; y++) {
            line = ""
            for (x = 0; x < w; x++)
                line = line sprintf("%d %d %d ", int(x * 255 / w), int(y * 255 / h), (x + y) % 256)
            print line
        }
    }' >"$1"
}

t_finish()
{
    if [ "$T_SKIPPED" -gt 0 ]; then
        echo "$T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
    else
        echo "$T_PASSED passed, $T_FAILED failed"
    fi
    [ "$T_FAILED" -gt 0 ] && exit 1
    [ "$T_SKIPPED" -gt 0 ] && exit $T_SKIP_CODE
    exit 0
}
