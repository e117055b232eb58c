#!/usr/bin/env bash
# A school's export pushed over TLS and kept row for row: every record type,
# bad rows rejected with their line while the rest lands, a re-push stores
# nothing, a later I replaces an N, names never leave the school.
. "$(dirname "$0")/lib.sh"

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf coord coordinator-alice
P1=$(upn 1) P2=$(upn 2) P3=$(upn 3) NOTONROLL=$(upn 99)
EX=$WORK/export-a

cat >"$EX/pupils.csv" <<CSV
upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile,family_id
$P1,Zebedee Quartermaine,5,F,2021-09-01,Y,Y,N,K,N,WBRI,N,2,EH-7731
$P2,"O'Neil, Bartholomew",5,M,2021-09-01,N,N,N,N,Y,APKN,N,,EH-7731
$P3,Marigold Fenwick-Oyelaran,5,X,2025-09-01,N,Y,N,E,N,WIRT,Y,1,
B000000000000,Bad Check,5,F,2021-09-01,N,N,N,N,N,WBRI,N,,
CSV
{
    echo "upn,date,session,code"
    echo "$P1,2026-02-02,AM,/"
    echo "$P1,2026-02-02,PM,N"
    echo "$P2,2026-02-02,AM,L"
    echo "$P2,2026-02-02,PM,ZZ"
    echo "$NOTONROLL,2026-02-02,AM,/"
    echo "$P3,2026-02-30,AM,/"
    echo "$P3,2026-02-03,EVE,/"
    echo "$P3,2026-02-03,AM,#"
} >"$EX/attendance.csv"
cat >"$EX/behaviour.csv" <<CSV
incident_id,upn,date,category,points,action,days
B1,$P1,2026-02-10,disruption,3,detention,
B2,$P2,2026-02-11,physical_assault,20,suspension,1.5
B3,$P2,2026-02-12,disruption,200,none,
B4,$P2,2026-02-12,disruption,2,shouting,
B1,$P2,2026-02-13,defiance,4,none,
CSV
printf 'upn,subject,date,step\r\n%s,maths,2025-12-18,gap\r\n%s,writing,2025-12-18,emerging\r\n%s,science,2025-12-18,gap\r\n' \
    "$P1" "$P2" "$P3" >"$EX/assessments.csv"
cat >"$EX/health.csv" <<CSV
event_id,upn,date,kind,severity
H1,$P3,2026-01-20,mental_health,high
H2,$P3,2026-01-21,asthma,extreme
CSV

"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push1.out" 2>"$WORK/push1.err"
code=$?
check "push exits 0 with bad rows" equals "$code" 0
check "bad UPN check letter rejected at its line" contains "$WORK/push1.out" "rejected pupils.csv:5: field 'upn': 'B000000000000': UPN check letter is wrong"
check "unknown register code rejected" contains "$WORK/push1.out" "rejected attendance.csv:5: field 'code': 'ZZ' is not a national register code"
check "UPN not on roll rejected" contains "$WORK/push1.out" "rejected attendance.csv:6: field 'upn': $NOTONROLL is not on the school's roll"
check "impossible date rejected" contains "$WORK/push1.out" "rejected attendance.csv:7: field 'date': '2026-02-30' is not a date"
check "bad session rejected" contains "$WORK/push1.out" "rejected attendance.csv:8: field 'session'"
check "points out of range rejected" contains "$WORK/push1.out" "rejected behaviour.csv:4: field 'points'"
check "unknown action rejected" contains "$WORK/push1.out" "rejected behaviour.csv:5: field 'action'"
check "a repeated incident id rejected, the first kept" contains "$WORK/push1.out" "rejected behaviour.csv:6: field 'incident_id': B1 is listed again (first on line 2)"
check "unknown subject rejected (CRLF file)" contains "$WORK/push1.out" "rejected assessments.csv:4: field 'subject'"
check "unknown severity rejected" contains "$WORK/push1.out" "rejected health.csv:3: field 'severity'"
check "summary line" contains "$WORK/push1.out" "read 22, stored 12, unchanged 0, deleted 0, rejected 10"

"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push2.out" 2>&1
check "re-push stores nothing" contains "$WORK/push2.out" "read 22, stored 0, unchanged 12, deleted 0, rejected 10"

sed -i "s/^$P1,2026-02-02,PM,N\$/$P1,2026-02-02,PM,I/" "$EX/attendance.csv"
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push3.out" 2>&1
check "an N corrected to I is stored once" contains "$WORK/push3.out" "stored 1, unchanged 11"

"$BIN/zonectl" --config "$WORK/coord.conf" pupil "$P1" --json >"$WORK/p1.json" 2>&1
check "pupil record: current school" contains "$WORK/p1.json" '"current_school": "100001"'
check "pupil record: marks counted" contains "$WORK/p1.json" '"attendance_marks": 2, "behaviour": 1, "assessments": 1, "health": 0'
check "pupil record: date range" contains "$WORK/p1.json" '"first_date": "2025-12-18", "last_date": "2026-02-10"'
check "pupil record: the I counts as illness" contains "$WORK/p1.json" '"possible_sessions": 2, "present_sessions": 1, "unauthorised_sessions": 0'
"$BIN/zonectl" --config "$WORK/coord.conf" pupil "$P3" --json >"$WORK/p3.json" 2>&1
check "pupil record: characteristics kept" contains "$WORK/p3.json" '"sen": "E", "eal": "N", "ethnicity": "WIRT", "gifted": "Y"'
check "pupil record: not-possible session out of the denominator" contains "$WORK/p3.json" '"possible_sessions": 0'

# The pages for families ask the zone by UPN alone (issue #16).
check "a meeting pack is made" bash -c "'$BIN/zone-agent' pack '$P1' --config '$WORK/a.conf' >/dev/null"
check "with the name, at the school" contains "$WORK/out-a/packs/pack-$P1.html" "Zebedee Quartermaine"
printf 'maths = m\nreading = r\nwriting = w\nenglish = e\n' >"$WORK/help.conf"
echo "summary_help = $WORK/help.conf" >>"$WORK/a.conf"
"$BIN/zone-agent" summary --config "$WORK/a.conf" >/dev/null 2>&1
check "parents' summaries are made" contains "$WORK/out-a/summaries/summary-$P2.html" "O&#39;Neil, Bartholomew"

# A school certificate writes only under its own URN, whatever the export says.
client_conf b school-100002 "$EX"
"$BIN/zone-agent" push --config "$WORK/b.conf" >"$WORK/pushb.out" 2>&1
"$BIN/zonectl" --config "$WORK/coord.conf" pupil "$P2" --json >"$WORK/p2.json" 2>&1
check "school 100002's push is filed under 100002" contains "$WORK/p2.json" '"school": "100002"'
check "and 100001's record is untouched" contains "$WORK/p2.json" '"school": "100001"'
# 100002 pushed 100001's roll, entry dates and all: stored later, it takes no pupil.
check "a school cannot read a pupil of another school" bash -c \
    "! '$BIN/zonectl' --config '$WORK/b.conf' pupil '$P2' 2>'$WORK/forbidden.err' && grep -q 'not a pupil this school reads' '$WORK/forbidden.err'"
check "the pupil's current school reads them" bash -c "'$BIN/zonectl' --config '$WORK/a.conf' pupil '$P2' >/dev/null"
check "a school cannot read another school's alerts" bash -c \
    "! '$BIN/zonectl' --config '$WORK/a.conf' alerts --school 100002 2>/dev/null"
check "a school cannot change tipping points" bash -c \
    "! '$BIN/zonectl' --config '$WORK/a.conf' thresholds set attendance_red_below_pct 80 2>/dev/null"
check "refusals are logged with the peer" contains "$WORK/zoned.log" "refused changing the zone's tipping points from school:100001"

# An acknowledged push survives kill -9 of the daemon.
"$BIN/zone-agent" push --config "$WORK/a.conf" >/dev/null 2>&1
"$BIN/zonectl" --config "$WORK/coord.conf" pupil "$P2" --json >"$WORK/p2-before.json" 2>&1
kill -KILL "$ZONED_PID"
wait "$ZONED_PID" 2>/dev/null
ZONED_PID=
start_zone --as-of 2026-03-02 || exit 1
"$BIN/zonectl" --config "$WORK/coord.conf" pupil "$P2" --json >"$WORK/p2-after.json" 2>&1
check "everything acknowledged is there after kill -9" same_answer "$WORK/p2-before.json" "$WORK/p2-after.json"
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push4.out" 2>&1
check "and a re-push after the crash stores nothing" contains "$WORK/push4.out" "stored 0, unchanged 12"

check "SIGTERM stops zoned cleanly" stop_zone
check "no pupil name in the zone's LMDB files or its log" bash -c \
    "! grep -a -q -e Zebedee -e Bartholomew -e Marigold '$WORK/data/'* '$WORK/zoned.log'"
check "but UPNs are there" grep -a -q "$P1" "$WORK/data/data.mdb"
check "and so is the family_id (a reference, not a name)" grep -a -q "EH-7731" "$WORK/data/data.mdb"
finish
