#!/usr/bin/env bash
# A school with only a Common Transfer File (plus behaviour.csv and
# health.csv) gets what the same school gets from the CSV export (SPEC §3c):
# the same roll characteristics, marks, assessments and alerts in a zone of
# its own. A CTF beside pupils.csv listing the same pupil is one clear line;
# a malformed CTF or one of an unknown version stops the push, nothing sent.
. "$(dirname "$0")/lib.sh"

CTFGEN=$(dirname "$BIN")/tools/ctfgen
[ -x "$CTFGEN" ] || { echo "ctfgen was not built ($CTFGEN)"; exit 1; }
make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf coord coordinator-alice
EX=$WORK/export-a
P1=$(upn 21) P2=$(upn 22) P3=$(upn 23) P4=$(upn 24) P5=$(upn 25)
{
    echo "upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
    echo "$P1,Ann Absent,6,F,2025-09-01,Y,Y,N,K,N,WBRI,,"
    echo "$P2,Bob Ever,6,M,2024-09-02,N,Y,Y,E,Y,APKN,,"
    echo "$P3,Cat Cared,5,F,2025-09-01,N,N,Y,N,Y,,,"
    echo "$P4,Dan Fine,R,M,2025-09-01,N,N,N,N,N,WROM,,"
    echo "$P5,Eve Excluded,6,X,2025-09-01,N,N,N,N,N,BCRB,,"
} >"$EX/pupils.csv"
{
    echo "upn,date,session,code"
    for d in $(weekdays 2026-01-05 2026-02-27); do
        echo "$P1,$d,AM,O"; echo "$P1,$d,PM,N"
        echo "$P2,$d,AM,/"; echo "$P2,$d,PM,\\"
        echo "$P3,$d,AM,I"; echo "$P3,$d,PM,L"
        echo "$P4,$d,AM,/"; echo "$P4,$d,PM,/"
        echo "$P5,$d,AM,/"; echo "$P5,$d,PM,G"
    done
    echo "$P4,2025-12-19,AM,#"; echo "$P4,2025-12-19,PM,#"
} >"$EX/attendance.csv"
{
    echo "incident_id,upn,date,category,points,action,days"
    echo "B1,$P5,2026-02-10,assault,40,suspension,3"
    echo "B2,$P5,2026-02-20,disruption,10,detention,"
} >"$EX/behaviour.csv"
{
    echo "upn,subject,date,step"
    echo "$P1,maths,2025-12-18,gap"; echo "$P1,reading,2025-12-18,emerging"
    echo "$P2,writing,2025-12-18,expected"; echo "$P3,english,2025-12-18,deepening"
    echo "$P5,maths,2026-02-02,emerging"
} >"$EX/assessments.csv"
{ echo "event_id,upn,date,kind,severity"; echo "H1,$P3,2026-02-03,mental_health,high"; } >"$EX/health.csv"

ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
# what the zone holds of each pupil, and the alerts
zone_view() {
    for p in $P1 $P2 $P3 $P4 $P5; do ctl pupil "$p" | sed 's/, as of .*//'; done
    ctl alerts --json
}

"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/csv.out" 2>&1
check "the CSV export syncs clean" contains "$WORK/csv.out" "rejected 0"
zone_view >"$WORK/csv.view"
check "  and raises alerts to compare" contains "$WORK/csv.view" '"kind": "family_meeting"'

# --- the same school from a CTF, in a zone of its own ----------------------------
stop_zone || exit 1
mv "$WORK/data" "$WORK/data-csv"
start_zone --as-of 2026-03-02 || exit 1
CTF=$WORK/export-ctf
mkdir -p "$CTF" "$WORK/out-ctf"
check "ctfgen writes the CTF" "$CTFGEN" from-csv "$EX" "$CTF/school.xml" 2026-03-02 24.0
cp "$EX/behaviour.csv" "$EX/health.csv" "$CTF/"
sed -e "s|^export_dir = .*|export_dir = $CTF|" -e "s|^output_dir = .*|output_dir = $WORK/out-ctf|" \
    "$WORK/a.conf" >"$WORK/ctf.conf"
echo "state_dir = $WORK/state-ctf" >>"$WORK/ctf.conf"

code=0
"$BIN/zone-agent" check --config "$WORK/ctf.conf" >"$WORK/ctf-check.out" 2>&1 || code=$?
check "check reads the CTF clean" equals "$code" 0
check "  names the CTF" contains "$WORK/ctf-check.out" "Common Transfer File: school.xml"
check "  its pupils" contains "$WORK/ctf-check.out" "pupils: 5"
check "  its assessments" contains "$WORK/ctf-check.out" "assessments: 5"
"$BIN/zone-agent" sync --config "$WORK/ctf.conf" >"$WORK/ctf.out" 2>&1
check "the CTF export syncs clean" contains "$WORK/ctf.out" "rejected 0"
check "  the same alerts written for staff" cmp "$WORK/out-a/alerts.csv" "$WORK/out-ctf/alerts.csv"
rm "$WORK/out-ctf/alerts.csv"
"$BIN/zone-agent" pull --config "$WORK/ctf.conf" >"$WORK/ctf-pull.out" 2>&1
check "  a pull alone names the pupils from the CTF" cmp "$WORK/out-a/alerts.csv" "$WORK/out-ctf/alerts.csv"
zone_view >"$WORK/ctf.view"
check "  the zone holds the same roll, records and alerts" cmp "$WORK/csv.view" "$WORK/ctf.view"
[ "$FAILS" = 0 ] || diff "$WORK/csv.view" "$WORK/ctf.view" | head -20

# --- a pupil from both pupils.csv and the CTF: one line naming both ---------------
{ head -1 "$EX/pupils.csv"; grep "^$P2," "$EX/pupils.csv"; } >"$CTF/pupils.csv"
"$BIN/zone-agent" check --config "$WORK/ctf.conf" >"$WORK/both.out" 2>&1
check "a pupil in both: one line naming both files" equals "$(grep -c "$P2" "$WORK/both.out")" 1
check "  that line" contains "$WORK/both.out" \
    "rejected pupils.csv:2: field 'upn': $P2 is also in school.xml (line"
rm "$CTF/pupils.csv"

# --- a CTF that cannot be read whole: the push stops, nothing sent ----------------
cp "$CTF/school.xml" "$WORK/good.xml"
head -c 3000 "$WORK/good.xml" >"$CTF/school.xml"
code=0
"$BIN/zone-agent" push --config "$WORK/ctf.conf" >"$WORK/cut.out" 2>&1 || code=$?
check "a CTF cut short: exit 1" equals "$code" 1
check "  one line naming the file and its line" grep -qE "school.xml: line [0-9]+: malformed XML" "$WORK/cut.out"
check "  nobody marked as left" not_contains "$WORK/cut.out" "left the roll"
sed 's|<CTFversion>24.0</CTFversion>|<CTFversion>17.0</CTFversion>|' "$WORK/good.xml" >"$CTF/school.xml"
code=0
"$BIN/zone-agent" push --config "$WORK/ctf.conf" >"$WORK/old.out" 2>&1 || code=$?
check "an unknown CTF version: exit 1" equals "$code" 1
check "  said in one line" contains "$WORK/old.out" "school.xml: CTF version '17.0' is not one this agent reads (23, 24, 25)"
zone_view >"$WORK/after.view"
check "  the zone unchanged" cmp "$WORK/csv.view" "$WORK/after.view"
check "zoned stops cleanly" stop_zone
finish
