#!/usr/bin/env bash
# Tipping points end to end through real agents: alerts in SPEC §6 form,
# staff files with names joined in locally, a pupil moving school takes their
# history and alert along, a threshold change re-evaluates, resolved alerts
# are kept.
. "$(dirname "$0")/lib.sh"

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf b school-100002
client_conf coord coordinator-alice
M=$(upn 11) S=$(upn 12) G=$(upn 13)   # M moves from A to B; S stays at A; G is fine

header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
printf '%s\n%s,Mo Mover,8,M,2025-09-01,Y,Y,N,N,N,WBRI,N,\n%s,Sam Stayer,8,F,2025-09-01,N,N,N,N,N,WBRI,N,\n%s,Gia Green,8,F,2025-09-01,N,N,N,N,N,WBRI,N,\n' \
    "$header" "$M" "$S" "$G" >"$WORK/export-a/pupils.csv"

{
    echo "upn,date,session,code"
    for d in $(weekdays 2026-01-05 2026-01-16); do
        for s in AM PM; do echo "$M,$d,$s,O"; echo "$S,$d,$s,/"; echo "$G,$d,$s,/"; done
    done
    # S: 2 of 22 sessions unauthorised (90.9%, amber); G stays present
    echo "$S,2026-01-19,AM,G"; echo "$S,2026-01-19,PM,G"
    echo "$G,2026-01-19,AM,/"; echo "$G,2026-01-19,PM,/"
} >"$WORK/export-a/attendance.csv"
printf 'incident_id,upn,date,category,points,action,days\n' >"$WORK/export-a/behaviour.csv"
printf 'upn,subject,date,step\n%s,maths,2025-12-18,gap\n%s,writing,2025-12-18,emerging\n%s,reading,2025-12-18,expected\n' \
    "$M" "$S" "$G" >"$WORK/export-a/assessments.csv"
printf 'event_id,upn,date,kind,severity\n' >"$WORK/export-a/health.csv"

"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a.out" 2>&1
check "school A syncs" contains "$WORK/a.out" "alerts 2,"
"$BIN/zonectl" --config "$WORK/coord.conf" alerts --json >"$WORK/alerts1.json"
check "M: family meeting for attendance, below in maths" contains "$WORK/alerts1.json" \
    "{\"upn\": \"$M\", \"school\": \"100001\", \"kind\": \"family_meeting\", \"status\": \"open\", \"reasons\": [\"attendance\"], \"below\": [\"maths\"], \"raised\": \"2026-03-02\", \"attendance_rate\": 0.000"
check "S: watch at exactly-amber attendance, below in English" contains "$WORK/alerts1.json" \
    "{\"upn\": \"$S\", \"school\": \"100001\", \"kind\": \"watch\", \"status\": \"open\", \"reasons\": [\"attendance\"], \"below\": [\"english\"], \"raised\": \"2026-03-02\", \"attendance_rate\": 0.909"
check "G: no alert" not_contains "$WORK/alerts1.json" "$G"
check "staff file alerts.json has the names" contains "$WORK/out-a/alerts.json" '"name": "Mo Mover"'
check "staff file alerts.csv has the names" contains "$WORK/out-a/alerts.csv" "$S,Sam Stayer,100001,watch,open,attendance,english,2026-03-02,,0.909,0,0"
check "--kind filters" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' alerts --kind watch --json | grep -c '\"upn\"' | grep -qx 1"
check "--school filters" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' alerts --school 100002 --json | grep -qx '\[\]'"
check "the table view lists both" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' alerts | grep -c '^100001' | grep -qx 2"

# M moves to school B mid-year and attends there.
printf '%s\n%s,Mo Mover,8,M,2026-01-26,Y,Y,N,N,N,WBRI,N,\n' "$header" "$M" >"$WORK/export-b/pupils.csv"
{
    echo "upn,date,session,code"
    for d in $(weekdays 2026-01-26 2026-01-30); do echo "$M,$d,AM,/"; echo "$M,$d,PM,/"; done
} >"$WORK/export-b/attendance.csv"
for f in behaviour assessments health; do head -1 "$WORK/export-a/$f.csv" >"$WORK/export-b/$f.csv"; done
"$BIN/zone-agent" sync --config "$WORK/b.conf" >"$WORK/b.out" 2>&1
check "school B now holds M's alert" contains "$WORK/out-b/alerts.json" "\"upn\": \"$M\", \"name\": \"Mo Mover\", \"school\": \"100002\", \"kind\": \"family_meeting\""
check "with M's history from school A (10 of 30 sessions)" contains "$WORK/out-b/alerts.json" '"attendance_rate": 0.333, "possible_sessions": 30'
"$BIN/zone-agent" pull --config "$WORK/a.conf" >/dev/null 2>&1
check "school A no longer sees M" not_contains "$WORK/out-a/alerts.json" "$M"
check "school A still sees S" contains "$WORK/out-a/alerts.json" "$S"
check "school B can read M" bash -c "'$BIN/zonectl' --config '$WORK/b.conf' pupil '$M' | grep -q 'current school 100002'"
# A's roll still lists M: a dual registration, and A keeps reading M until
# it records M as a leaver.
check "school A still reads M while its roll lists M" bash -c \
    "'$BIN/zonectl' --config '$WORK/a.conf' pupil '$M' | grep -q 'current school 100002'"
grep -v "^$M," "$WORK/export-a/pupils.csv" >"$WORK/pupils-a.csv" && mv "$WORK/pupils-a.csv" "$WORK/export-a/pupils.csv"
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a2.out" 2>&1
check "once A's roll no longer lists M, A cannot read M's record" fails_with "is not a pupil this school reads" \
    "$BIN/zonectl" --config "$WORK/a.conf" pupil "$M"

# The coordinator raises the red line to 92%: S (90.9%) tips into a family meeting.
"$BIN/zonectl" --config "$WORK/coord.conf" thresholds set attendance_red_below_pct 92 >"$WORK/thr.out" 2>&1
check "threshold change recorded with who" contains "$WORK/thr.out" "set by coordinator:alice"
check "the change says what it did: S's watch resolved, a family meeting opened" contains "$WORK/thr.out" \
    "re-evaluated 3 pupils: 1 alert opened, 1 resolved"
"$BIN/zonectl" --config "$WORK/coord.conf" alerts --json >"$WORK/alerts2.json"
check "S re-evaluated: family meeting" contains "$WORK/alerts2.json" "\"upn\": \"$S\", \"school\": \"100001\", \"kind\": \"family_meeting\""
"$BIN/zonectl" --config "$WORK/coord.conf" alerts --all --json >"$WORK/alerts3.json"
check "S's watch kept as resolved with a date" contains "$WORK/alerts3.json" \
    "\"upn\": \"$S\", \"school\": \"100001\", \"kind\": \"watch\", \"status\": \"resolved\", \"reasons\": [\"attendance\"], \"below\": [\"english\"], \"raised\": \"2026-03-02\", \"resolved\": \"2026-03-02\""
check "bad threshold refused as input (exit 2)" usage_error "amber must come before red" "$BIN/zonectl" --config "$WORK/coord.conf" thresholds set attendance_amber_below_pct 80
check "unknown threshold refused as input (exit 2)" usage_error "no tipping point is called 'nonsense'" "$BIN/zonectl" --config "$WORK/coord.conf" thresholds set nonsense 1
"$BIN/zonectl" --config "$WORK/coord.conf" pupil "$S" >"$WORK/s.txt"
check "pupil view shows the red indicator" grep -q "attendance  red" "$WORK/s.txt"

# Alerts survive a restart; the daemon re-evaluates at start-up.
check "SIGTERM stops zoned cleanly" stop_zone
start_zone --as-of 2026-03-02 || exit 1
"$BIN/zonectl" --config "$WORK/coord.conf" alerts --json >"$WORK/alerts4.json"
check "alerts unchanged after a restart" same_answer "$WORK/alerts2.json" "$WORK/alerts4.json"
check "thresholds kept after a restart" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' thresholds show | grep -q 'attendance_red_below_pct *92'"
check "SIGTERM stops zoned cleanly again" stop_zone
finish
