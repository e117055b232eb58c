#!/usr/bin/env bash
# Leavers by destination (issue #15): who left each school this year, per
# term, to another zone school, home education, elsewhere or unknown; and
# the pupil who left for home education while an alert was open is named
# for the coordinator. Schools may not ask.
. "$(dirname "$0")/lib.sh"

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf b school-100002
client_conf coord coordinator-alice
E=$(upn 21) Q=$(upn 22) U=$(upn 23) Z=$(upn 24) X=$(upn 25) S=$(upn 26)
header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
row() { echo "$1,,8,F,2025-09-01,N,N,N,N,N,WBRI,N,"; }
{ echo "$header"; for p in $E $Q $U $Z $X $S; do row "$p"; done; } >"$WORK/export-a/pupils.csv"
{
    echo "upn,date,session,code"
    for d in 2026-01-05 2026-01-06 2026-01-07 2026-01-08 2026-01-09 2026-01-12 2026-01-13 2026-01-14 2026-01-15 2026-01-16; do
        for s in AM PM; do echo "$E,$d,$s,O"; echo "$S,$d,$s,/"; done
    done
} >"$WORK/export-a/attendance.csv"
printf 'upn,subject,date,step\n%s,maths,2025-12-18,gap\n' "$E" >"$WORK/export-a/assessments.csv"
for f in export-a/behaviour export-b/behaviour; do echo "incident_id,upn,date,category,points,action,days" >"$WORK/$f.csv"; done
for f in export-a/health export-b/health; do echo "event_id,upn,date,kind,severity" >"$WORK/$f.csv"; done
echo "upn,date,session,code" >"$WORK/export-b/attendance.csv"
echo "upn,subject,date,step" >"$WORK/export-b/assessments.csv"
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a1.out" 2>&1
check "school A syncs, E has an alert" contains "$WORK/a1.out" "alerts 1,"

# Q left for home education in the autumn, E today with an alert open, X
# moved out of the zone; U vanished; Z went to school B.
{ echo "$header"; row "$S"; } >"$WORK/export-a/pupils.csv"
grep -v "^$E" "$WORK/export-a/attendance.csv" >"$WORK/att" && mv "$WORK/att" "$WORK/export-a/attendance.csv"
head -1 "$WORK/export-a/assessments.csv" >"$WORK/ass" && mv "$WORK/ass" "$WORK/export-a/assessments.csv"
cat >"$WORK/export-a/leavers.csv" <<CSV
upn,leaving_date,reason
$Q,2025-11-14,EHE
$E,2026-03-02,EHE
$X,2026-02-20,moved_out_of_zone
CSV
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a2.out" 2>&1
check "five pupils left A" contains "$WORK/a2.out" "left the roll: 5 pupil(s)"
printf '%s\n%s,,8,F,2026-01-26,N,N,N,N,N,WBRI,N,\n' "$header" "$Z" >"$WORK/export-b/pupils.csv"
"$BIN/zone-agent" sync --config "$WORK/b.conf" >"$WORK/b.out" 2>&1

ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
ctl leavers --json >"$WORK/leavers.json"
check "autumn: one left for home education" contains "$WORK/leavers.json" \
    '"school": "100001", "autumn": {"zone_school": 0, "home_education": 1, "elsewhere": 0, "unknown": 0}'
check "spring: E home education, X elsewhere, U unknown, Z to a zone school" contains "$WORK/leavers.json" \
    '"spring": {"zone_school": 1, "home_education": 1, "elsewhere": 1, "unknown": 1}'
check "school B lost nobody" not_contains "$WORK/leavers.json" '"school": "100002"'
check "E left for home education with an alert open" contains "$WORK/leavers.json" \
    "{\"upn\": \"$E\", \"school\": \"100001\", \"left\": \"2026-03-02\", \"alert\": \"family_meeting\"}"
check "  Q (no alert) is not named" not_contains "$WORK/leavers.json" "$Q"
ctl leavers >"$WORK/leavers.txt"
check "the table: school A's spring row" grep -Eq '^100001  spring +1 +1 +1 +1$' "$WORK/leavers.txt"
check "the table names E for follow-up" grep -q "$E  school 100001  left 2026-03-02  family_meeting alert open" "$WORK/leavers.txt"
check "the read is audited" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit | grep -q 'listed leavers (1 left for home education'"
check "leavers --help answers with no configuration" bash -c "'$BIN/zonectl' leavers --help | grep -q '^usage: zonectl leavers \[--json\]'"
check "  an unknown option is a usage error" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' leavers --csv 2>/dev/null; [ \$? = 2 ]"
ctl report --html "$WORK/report.html" >/dev/null 2>&1
check "the HTML report has the year's leavers" contains "$WORK/report.html" "<h2>Pupils who left the zone's schools, 2025-09-01 to 2026-03-02</h2>"
check "  small counts suppressed there" contains "$WORK/report.html" "<tr><td>elective home education</td><td>fewer than 5</td></tr>"
check "  and no UPN" not_contains "$WORK/report.html" "$E"
check "a school may not list leavers" refused "$BIN/zonectl" --config "$WORK/a.conf" leavers
check "SIGTERM stops zoned cleanly" stop_zone
finish
