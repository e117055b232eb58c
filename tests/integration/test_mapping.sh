#!/usr/bin/env bash
# A school's own MIS reports read through a mapping (issue #17): each
# shipped example (deploy/mappings/*.example) reads its fixture
# (tests/fixtures/mappings/NAME/) clean, and the zone holds what the report
# said in our vocabulary; a value the mapping does not know is one bad row
# naming file, line, column and value; without a mapping nothing changes.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf coord coordinator-alice
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
# school NAME URN: a school whose export is the fixture, read through the example
school() {
    client_conf "$1" "school-$2"
    cp "$ROOT/tests/fixtures/mappings/$1"/*.csv "$WORK/export-$1/"
    echo "mapping = $ROOT/deploy/mappings/$1.example" >>"$WORK/$1.conf"
}
roll_line() { ctl pupil "$1" | grep "  roll "; }

school sims-style 100001
code=0
"$BIN/zone-agent" check --config "$WORK/sims-style.conf" >"$WORK/sims-check.out" 2>&1 || code=$?
check "sims-style example: check reads the fixture clean" equals "$code" 0
check "  every row read" contains "$WORK/sims-check.out" "rows read 14, rejected 0"
"$BIN/zone-agent" sync --config "$WORK/sims-style.conf" >"$WORK/sims.out" 2>&1
check "  syncs" contains "$WORK/sims.out" "read 14, stored 14, unchanged 0, deleted 0, rejected 0"
check "  Female, 01/09/2025, Yes, SEN Support" equals "$(roll_line Q873100120031)" \
    "  roll 100001: entered 2025-09-01, year 5, gender F, fsm Y, ever6 Y, cic N, sen K, eal N, ethnicity WBRI"
check "  Reception, 3/9/2025, false, TRUE, EHC Plan, yes" equals "$(roll_line E873100120032)" \
    "  roll 100001: entered 2025-09-03, year R, gender M, fsm N, ever6 Y, cic Y, sen E, eal Y, ethnicity BCRB"
check "  Morning/Afternoon marks, a Fixed Term Exclusion, a medium health event" \
    bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' pupil E873100120032 | grep -q 'records: 2 register marks, 1 behaviour, 0 assessments, 1 health'"
check "  Working Towards in maths is below expected" \
    bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' pupil Q873100120031 | grep -q 'below expected: maths'"
check "  names stay local: alerts.csv has them" bash -c "grep -q 'Bill Brown' '$WORK/out-sims-style/alerts.csv'"

school arbor-style 100002
code=0
"$BIN/zone-agent" check --config "$WORK/arbor-style.conf" >"$WORK/arbor-check.out" 2>&1 || code=$?
check "arbor-style example: check reads the fixture clean" equals "$code" 0
"$BIN/zone-agent" sync --config "$WORK/arbor-style.conf" >"$WORK/arbor.out" 2>&1
check "  syncs" contains "$WORK/arbor.out" "read 10, stored 10, unchanged 0, deleted 0, rejected 0"
check "  Year 3, True, None, APKN" equals "$(roll_line D873100120041)" \
    "  roll 100002: entered 2025-09-01, year 3, gender F, fsm Y, ever6 Y, cic N, sen N, eal N, ethnicity APKN"
check "  Reception, Other, EHC Plan" equals "$(roll_line T873100120042)" \
    "  roll 100002: entered 2025-09-04, year R, gender X, fsm N, ever6 N, cic Y, sen E, eal Y, ethnicity WROM"

# --- a value the mapping does not know: one bad row naming it ------------------------
EX=$WORK/export-sims-style
sed -i 's/^U873100120033,Cora Cole,6,Female,/U873100120033,Cora Cole,6,Femle,/' "$EX/pupils.csv"
echo "Q873100120031,03/02/2026,AM,/" >>"$EX/attendance.csv"
echo "Q873100120031,2026-02-04,AM,/" >>"$EX/attendance.csv"
code=0
"$BIN/zone-agent" check --config "$WORK/sims-style.conf" >"$WORK/bad.out" 2>&1 || code=$?
check "an unmapped value: exit 1" equals "$code" 1
check "  file, line, column and value" contains "$WORK/bad.out" \
    "rejected pupils.csv:4: column 'Gender': value 'Femle' is not in the mapping (gender: Male=M, Female=F, M=M, F=F)"
check "  a date not as the mapping writes it" contains "$WORK/bad.out" \
    "rejected attendance.csv:9: column 'Date': '2026-02-04' is not a date written DD/MM/YYYY"
check "  the pupil's other rows skipped in one line" contains "$WORK/bad.out" \
    "3 rows for U873100120033 skipped: its pupils.csv row 4 was rejected"
"$BIN/zone-agent" push --config "$WORK/sims-style.conf" >"$WORK/bad-push.out" 2>&1
check "  the pupil is not taken for a leaver" not_contains "$WORK/bad-push.out" "left the roll"

# --- a mapping file that is wrong: one line naming it ---------------------------------
printf 'pupils.upn = "UPN"\npupils.gendre = "Gender"\n' >"$WORK/wrong.map"
sed "s|^mapping = .*|mapping = $WORK/wrong.map|" "$WORK/sims-style.conf" >"$WORK/wrong.conf"
check "a mapping naming an unknown field: exit 1 naming file and line" \
    fails_with "wrong.map:2: unknown field of that file" "$BIN/zone-agent" check --config "$WORK/wrong.conf"

# --- without a mapping nothing changes: the school's headings are not ours ------------
sed -i '/^mapping = /d' "$WORK/arbor-style.conf"
"$BIN/zone-agent" check --config "$WORK/arbor-style.conf" >"$WORK/none.out" 2>&1
check "without the mapping the report is not read as ours" contains "$WORK/none.out" "pupils.csv:1: missing column 'upn'"
check "zoned stops cleanly" stop_zone
finish
