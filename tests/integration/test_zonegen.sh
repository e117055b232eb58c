#!/usr/bin/env bash
# zonegen, the sample-zone generator of make demo, the tests and make bench:
# its command line (--help before anything else, usage errors named with
# exit 2), the same bytes for the same arguments, --only-day's rows equal to
# a full run's rows of that day, and a file it cannot write named (exit 1).
. "$(dirname "$0")/lib.sh"

gen() { "$BIN/zonegen" "$@" 2>>"$WORK/gen.err"; }
mkdir "$WORK/cwd"
cd "$WORK/cwd" || exit 1

helps() {
    local out code=0
    out=$("$BIN/zonegen" "$@" 2>"$WORK/help.err") || code=$?
    [ "$code" = 0 ] && [[ "$out" == "usage: zonegen --out DIR"* ]] && [ ! -s "$WORK/help.err" ] && return 0
    echo "    zonegen $*: exit $code: $(head -1 <<<"$out") $(head -1 "$WORK/help.err")"
    return 1
}
check "zonegen --help exits 0 with its usage" helps --help
check "-h too" helps -h
check "--help wins over a bad value and an unknown option" helps --out z --schools 0 --no-such-option --help
check "--help wrote nothing" bash -c "[ -z \"\$(ls -A '$WORK/cwd')\" ]"
check "an unknown option, exit 2" usage_error "unknown option '--no-such-option'" "$BIN/zonegen" --out z --no-such-option
check "an unknown short option" usage_error "unknown option '-x'" "$BIN/zonegen" --out z -x
check "an option missing its value" usage_error "--out needs a value" "$BIN/zonegen" --out
check "--help takes no value" usage_error "--help takes no value" "$BIN/zonegen" --help=1
check "an operand" usage_error "unexpected argument 'extra'" "$BIN/zonegen" --out z extra
check "--out is required" usage_error "--out DIR is required" "$BIN/zonegen" --schools 2
check "too many schools" usage_error "--schools: '101' is not a number 1-100" "$BIN/zonegen" --out z --schools 101
check "no pupils" usage_error "--pupils: '0' is not a number 1-5000" "$BIN/zonegen" --out z --pupils 0
check "a signed seed" usage_error "--seed: '-1' is not a whole number" "$BIN/zonegen" --out z --seed -1
check "a seed beyond 64 bits" usage_error "--seed: '18446744073709551616'" "$BIN/zonegen" --out z --seed 18446744073709551616
check "a date that is not one" usage_error "--to: '2026-02-30' is not a date" "$BIN/zonegen" --out z --to 2026-02-30
check "--from after --to" usage_error "--from 2026-03-01 is after --to 2026-02-01" "$BIN/zonegen" --out z --from 2026-03-01 --to 2026-02-01
check "usage errors wrote nothing" bash -c "[ -z \"\$(ls -A '$WORK/cwd')\" ]"
cd "$WORK" || exit 1

# Same arguments, same bytes: the tests and make bench rely on it.
ARGS=(--schools 4 --pupils 60 --from 2025-09-01 --to 2026-03-27)
gen --out "$WORK/a" --seed 4 "${ARGS[@]}"
gen --out "$WORK/b" --seed 4 "${ARGS[@]}"
check "a zone of 4 schools was written" bash -c "[ \$(ls -d '$WORK'/a/school-* | wc -l) = 4 ] && [ -s '$WORK/a/zone.csv' ]"
check "same arguments, same bytes" diff -r "$WORK/a" "$WORK/b"
gen --out "$WORK/c" --seed 5 "${ARGS[@]}"
check "another seed, another zone" bash -c "! diff -rq '$WORK/a' '$WORK/c' >/dev/null"

# --only-day D: the full pupils.csv and exactly the full run's rows dated D
# (make bench's next-day delta). 2026-03-20 is an assessment day and Eid.
only_day_matches() {
    local day=$1 dir f bad=0
    gen --out "$WORK/day-$day" --seed 4 "${ARGS[@]}" --only-day "$day"
    for dir in "$WORK"/a/school-*; do
        for f in pupils attendance behaviour assessments health; do
            if [ $f = pupils ]; then
                cmp -s "$dir/$f.csv" "$WORK/day-$day/${dir##*/}/$f.csv" && continue
            else
                diff -q <(head -1 "$dir/$f.csv"; grep -F ",$day," "$dir/$f.csv") \
                    "$WORK/day-$day/${dir##*/}/$f.csv" >/dev/null && continue
            fi
            echo "    ${dir##*/}/$f.csv differs for $day"
            bad=1
        done
    done
    grep -qF ",$day," "$WORK/day-$day"/school-*/attendance.csv || { echo "    no marks on $day"; bad=1; }
    return $bad
}
check "--only-day 2026-03-20: the full run's rows of that day" only_day_matches 2026-03-20
check "--only-day 2026-01-13: the full run's rows of that day" only_day_matches 2026-01-13

# A file it cannot write is named, exit 1.
mkdir -p "$WORK/blocked/school-137104/health.csv"
check "a file it cannot write: exit 1, named" fails_with "cannot write $WORK/blocked/school-137104/health.csv" \
    "$BIN/zonegen" --out "$WORK/blocked" --schools 1 --pupils 5
check "an --out that cannot be a folder: exit 1" fails_with "cannot create $WORK/a/zone.csv/x" \
    "$BIN/zonegen" --out "$WORK/a/zone.csv/x"
finish
