#!/usr/bin/env bash
# Deletions (SPEC §3a) end to end: a suspension deleted in the MIS leaves the
# zone and resolves the alert it caused; a blanked mark becomes unrecorded
# and the state still agrees with the zone; a truncated attendance.csv
# deletes nothing (the guard) until --allow-deletes; a leaver's records stay;
# export_scope = changes deletes what deletions.csv lists; a deletion
# survives a kill -9 of zoned once acknowledged.
. "$(dirname "$0")/lib.sh"

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf coord coordinator-alice
P=$(upn 51) Q=$(upn 52)
EX=$WORK/export-a
header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
roll() { echo "$header"; for p in "$@"; do echo "$p,,8,F,2025-09-01,N,N,N,N,N,WBRI,N,"; done; }
roll "$P" "$Q" >"$EX/pupils.csv"
{
    echo "upn,date,session,code"
    for d in 2026-02-02 2026-02-03 2026-02-04 2026-02-05 2026-02-06 2026-02-09 2026-02-10 2026-02-11 2026-02-12 2026-02-13; do
        for s in AM PM; do echo "$P,$d,$s,/"; echo "$Q,$d,$s,/"; done
    done
} >"$WORK/attendance.full"
cp "$WORK/attendance.full" "$EX/attendance.csv"
cat >"$EX/behaviour.csv" <<CSV
incident_id,upn,date,category,points,action,days
S1,$P,2026-02-10,assault,0,suspension,2
D1,$Q,2026-02-11,disruption,2,detention,
CSV
# ten more of Q's, so that one incident deleted is under max_delete_pct (10%)
for i in 1 2 3 4 5 6 7 8 9 10; do echo "N$i,$Q,2026-01-1$((i % 10)),lateness,0,none," >>"$EX/behaviour.csv"; done
printf 'upn,subject,date,step\n%s,maths,2026-01-10,gap\n%s,maths,2026-01-10,expected\n' "$P" "$Q" >"$EX/assessments.csv"
printf 'event_id,upn,date,kind,severity\nH1,%s,2026-02-12,school_nurse_referral,low\n' "$Q" >"$EX/health.csv"
agent() { "$BIN/zone-agent" "${2:-sync}" --config "$WORK/a.conf" ${3:-} >"$WORK/$1.out" 2>&1; }
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
marks_of() { ctl pupil "$1" --json | sed -n 's/.*"attendance_marks": \([0-9]*\).*/\1/p'; }

agent first
check "the first sync stores everything" contains "$WORK/first.out" "deleted 0, rejected 0"
ctl alerts --json >"$WORK/alerts1.json"
check "P's suspension and maths gap raise a family meeting" contains "$WORK/alerts1.json" "\"upn\": \"$P\", \"school\": \"100001\", \"kind\": \"family_meeting\""

# The suspension was entered against the wrong child and deleted in the MIS.
sed -i "/^S1,/d" "$EX/behaviour.csv"
agent susp
check "the deleted suspension is deleted from the zone" contains "$WORK/susp.out" "deleted 1, rejected 0"
ctl alerts --json >"$WORK/alerts2.json"
check "  and the alert it caused is resolved" not_contains "$WORK/alerts2.json" "$P"
ctl alerts --all --json >"$WORK/alerts2all.json"
check "  (kept in the history as resolved)" contains "$WORK/alerts2all.json" "\"upn\": \"$P\", \"school\": \"100001\", \"kind\": \"family_meeting\", \"status\": \"resolved\""

# A mark blanked in the register.
before=$(marks_of "$Q")
grep -v "^$Q,2026-02-13,PM" "$WORK/attendance.full" >"$EX/attendance.csv"
agent blank
check "a blanked mark is deleted" contains "$WORK/blank.out" "deleted 1, rejected 0"
check "  the session is unrecorded in the zone" equals "$(marks_of "$Q")" "$((before - 1))"
agent again
check "the next run deletes and sends nothing" grep -q "stored 0, unchanged [0-9]*, deleted 0, rejected 0" "$WORK/again.out"
check "  and the state agrees with the zone" not_contains "$WORK/again.out" "disagreed"

# Acknowledged deletions survive a kill -9.
kill -KILL "$ZONED_PID"
wait "$ZONED_PID" 2>/dev/null
ZONED_PID=
start_zone --as-of 2026-03-02 || exit 1
check "after kill -9 the mark is still unrecorded" equals "$(marks_of "$Q")" "$((before - 1))"

# A truncated attendance.csv must never wipe the school's year.
head -c 300 "$WORK/attendance.full" | head -n -1 >"$EX/attendance.csv"
agent cut push
check "a half-written attendance.csv: the run fails" equals "$?" 1
check "  saying the guard held" contains "$WORK/cut.out" "nothing deleted from attendance.csv:"
check "  naming --allow-deletes" contains "$WORK/cut.out" "zone-agent push --allow-deletes"
check "  and the zone keeps every mark" equals "$(marks_of "$Q")" "$((before - 1))"
agent allowed push --allow-deletes
check "--allow-deletes lets the run delete them" grep -q "deleted [1-9][0-9]*, rejected 0" "$WORK/allowed.out"
check "  the marks are gone from the zone" bash -c "[ \"\$('$BIN/zonectl' --config '$WORK/coord.conf' pupil '$Q' --json | sed -n 's/.*\"attendance_marks\": \\([0-9]*\\).*/\\1/p')\" -lt $((before - 1)) ]"
cp "$WORK/attendance.full" "$EX/attendance.csv"
agent restore
check "the full file again stores the marks" grep -q "stored [1-9][0-9]*, .*deleted 0, rejected 0" "$WORK/restore.out"

# A leaver: Q is gone from pupils.csv and from every file; their records stay.
roll "$P" >"$EX/pupils.csv"
grep -v "^$Q" "$WORK/attendance.full" >"$EX/attendance.csv"
sed -i "/$Q/d" "$EX/behaviour.csv" "$EX/assessments.csv" "$EX/health.csv"
agent leaver
check "a leaver's records are not deleted" contains "$WORK/leaver.out" "deleted 0, rejected 0"
check "  Q left the roll" contains "$WORK/leaver.out" "left the roll: 1 pupil(s)"
check "  and keeps their marks" equals "$(marks_of "$Q")" "$before"

# export_scope = changes: the record files hold new and changed rows only
# (pupils.csv is still the whole roll), and deletions come in deletions.csv.
printf 'event_id,upn,date,kind,severity\nH2,%s,2026-02-20,mental_health,medium\n' "$P" >"$EX/health.csv"
agent h2
echo "export_scope = changes" >>"$WORK/a.conf"
for f in attendance behaviour assessments health; do head -1 "$EX/$f.csv" >"$WORK/h" && mv "$WORK/h" "$EX/$f.csv"; done
printf 'file,key\nhealth.csv,H2\nattendance.csv,%s|2026-02-02|AM\nbehaviour.csv,\nregister.csv,X\n' "$P" >"$EX/deletions.csv"
agent changes push
check "changes: deletions.csv's rows are deleted" contains "$WORK/changes.out" "deleted 2,"
check "  a row with no key is rejected with its line" contains "$WORK/changes.out" "rejected deletions.csv:4: field 'key'"
check "  an unknown file is rejected with its line" contains "$WORK/changes.out" "rejected deletions.csv:5: field 'file': 'register.csv'"
check "  P is still on the roll" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' pupil '$P' --json | grep -q '\"current_school\": \"100001\"'"
agent changes2 push
check "  deleting again deletes nothing" contains "$WORK/changes2.out" "stored 0, unchanged 1, deleted 0,"
check "SIGTERM stops zoned cleanly" stop_zone
finish
