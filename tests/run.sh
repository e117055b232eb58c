#!/usr/bin/env bash
# Runs every test against one build folder (build/san under `make check`):
# each unit test binary, then each integration script with real processes.
# Ends with the line "N passed, N failed, N skipped" (exit 77 = skipped).
set -u
BUILD=${1:-build}
passed=0 failed=0 skipped=0
failed_names=()

run() {
    local name=$1
    shift
    local start=$SECONDS
    local code=0
    "$@" >"$LOGDIR/$name.log" 2>&1 || code=$?
    if [ $code = 0 ]; then
        passed=$((passed + 1))
        echo "PASS $name ($((SECONDS - start))s)"
    elif [ $code = 77 ]; then # the test cannot run on this machine; it says why
        skipped=$((skipped + 1))
        echo "SKIP $name: $(grep -m1 'skip:' "$LOGDIR/$name.log")"
    else
        failed=$((failed + 1))
        failed_names+=("$name")
        echo "FAIL $name ($((SECONDS - start))s)"
        sed 's/^/    /' "$LOGDIR/$name.log" | tail -40
    fi
}

# VALGRIND=1: unit tests and zoned run under valgrind; any error or definite
# leak fails the test (exit 99).
WRAP=()
if [ -n "${VALGRIND:-}" ]; then
    # a forked child (the store check's) exits with the threads of its
    # parent unreachable: its leak report is noise, and it is not checked
    WRAP=(valgrind -q --child-silent-after-fork=yes --leak-check=full --errors-for-leak-kinds=definite
          --error-exitcode=99)
    export ZONED_WRAPPER="${WRAP[*]}"
fi

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/zt-tests.XXXXXX")
mkdir -p "$LOGDIR/unit" "$LOGDIR/integration"
# Driven by the sources: a unit test whose binary is missing fails.
missing() { echo "$1 was not built"; return 1; }
for src in tests/unit/test_*.c; do
    t=$BUILD/tests/$(basename "$src" .c)
    if [ -x "$t" ]; then
        run "unit/$(basename "$t")" "${WRAP[@]}" "$t"
    else
        run "unit/$(basename "$t")" missing "$t"
    fi
done
# Under valgrind (the second pass of make check, after the whole suite ran
# under ASan+UBSan) the unit tests run with zoned in the integration tests
# that cover its main paths; the rest would double make check's time for
# what ASan has checked already.
VALGRIND_INTEGRATION="push alerts ops security support erasure deletions leavers rolls hostile_input limits"
for t in tests/integration/test_*.sh; do
    name=$(basename "$t" .sh)
    if [ -n "${VALGRIND:-}" ] && [[ " $VALGRIND_INTEGRATION " != *" ${name#test_} "* ]]; then
        continue
    fi
    run "integration/$name" env BIN="$BUILD/bin" bash "$t"
done
[ -z "${VALGRIND:-}" ] || echo "under valgrind: the unit tests and integration/test_{${VALGRIND_INTEGRATION// /,}}"
# Fuzz targets (libFuzzer build), a short bounded run each, when asked for.
if [ -n "${FUZZ_BUILD:-}" ]; then
    mkdir -p "$LOGDIR/fuzz"
    for t in "$FUZZ_BUILD"/fuzz/fuzz_*; do
        name=$(basename "$t")
        mkdir -p "$LOGDIR/fuzz/$name"
        run "fuzz/$name" "$t" -max_total_time="${FUZZ_SECONDS:-8}" -timeout=10 \
            -artifact_prefix="$LOGDIR/fuzz/$name/" "$LOGDIR/fuzz/$name" "tests/fuzz/corpus/${name#fuzz_}"
    done
fi
echo "logs: $LOGDIR"
[ $failed = 0 ] || echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
