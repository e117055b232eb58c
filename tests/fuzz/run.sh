#!/usr/bin/env bash
# Runs each libFuzzer target in BUILD/fuzz for SECONDS, starting from the
# seeds in tests/fuzz/corpus/<target>/ (kept read-only: new inputs go to a
# scratch folder). A crash leaves its input in the scratch folder and fails.
set -u
BUILD=${1:-build/fuzz}
SECONDS_EACH=${2:-60}
failed=0
for bin in "$BUILD"/fuzz/fuzz_*; do
    name=$(basename "$bin")
    seeds=tests/fuzz/corpus/${name#fuzz_}
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/zt-$name.XXXXXX")
    if "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$scratch/" "$scratch" "$seeds" >"$scratch/log" 2>&1; then
        echo "PASS fuzz/$name ($(grep -o 'Done [0-9]* runs' "$scratch/log" | tail -1))"
        rm -rf "$scratch"
    else
        echo "FAIL fuzz/$name: see $scratch/log"
        tail -30 "$scratch/log" | sed 's/^/    /'
        failed=1
    fi
done
exit $failed
