#!/usr/bin/env bash
# The agent as it runs for years unattended: only new or changed rows are
# sent; a lost local state or a zone restored from a backup repairs itself
# with no duplicates; a zone that is down is retried, each attempt said,
# then one clear line;
# two runs never interleave; a half-written export is not read; a pupil who
# leaves the roll is marked as left, with the reason from leavers.csv.
. "$(dirname "$0")/lib.sh"

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf coord coordinator-alice
EX=$WORK/export-a
STATE=$WORK/.zone-agent-state
P1=$(upn 1) P2=$(upn 2) P3=$(upn 3) P4=$(upn 4) NEVER=$(upn 77)
header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
pupil_row() { echo "$1,Pupil $1,5,F,2025-09-01,N,N,N,N,N,WBRI,N,"; }
{ echo "$header"; for p in $P1 $P2 $P3 $P4; do pupil_row "$p"; done; } >"$EX/pupils.csv"
{
    echo "upn,date,session,code"
    for p in $P1 $P2 $P3 $P4; do
        for d in 02 03 04 05 06 09 10 11 12 13; do echo "$p,2026-02-$d,AM,/"; echo "$p,2026-02-$d,PM,/"; done
    done
} >"$EX/attendance.csv"
echo "incident_id,upn,date,category,points,action,days" >"$EX/behaviour.csv"
echo "B1,$P1,2026-02-10,disruption,3,detention," >>"$EX/behaviour.csv"
echo "upn,subject,date,step" >"$EX/assessments.csv"
echo "$P2,maths,2026-01-10,expected" >>"$EX/assessments.csv"
echo "event_id,upn,date,kind,severity" >"$EX/health.csv"

agent() { "$BIN/zone-agent" push --config "$WORK/a.conf"; }
pupil() { "$BIN/zonectl" --config "$WORK/coord.conf" pupil "$1" --json; }

agent >"$WORK/full.out" 2>&1
check "first sync sends everything" contains "$WORK/full.out" "read 86, stored 86, unchanged 0, rejected 0"
check "the state lives beside output_dir" test -s "$STATE/school-100001.mdb"

# Delta: one mark changed, one added, one incident edited.
sed -i "s/^$P1,2026-02-13,PM,\/\$/$P1,2026-02-13,PM,N/" "$EX/attendance.csv"
echo "$P2,2026-03-02,AM,/" >>"$EX/attendance.csv"
sed -i "s/^B1,.*/B1,$P1,2026-02-10,disruption,4,detention,/" "$EX/behaviour.csv"
agent >"$WORK/delta.out" 2>&1
check "a delta sends only what changed" contains "$WORK/delta.out" "read 87, stored 3, unchanged 84, rejected 0"
agent >"$WORK/none.out" 2>&1
check "an unchanged export sends nothing" contains "$WORK/none.out" "read 87, stored 0, unchanged 87, rejected 0"
pupil "$P1" >"$WORK/p1.json"

# The local state lost: the agent repairs it from the zone's summary, no duplicates.
rm -rf "$STATE"
agent >"$WORK/lost.out" 2>&1
check "a lost state is repaired by itself" contains "$WORK/lost.out" "disagreed on"
check "  and nothing is stored twice" contains "$WORK/lost.out" "stored 0, unchanged 87"
pupil "$P1" >"$WORK/p1-after.json"
check "  and the pupil's record is unchanged" same_answer "$WORK/p1.json" "$WORK/p1-after.json"

# A state from before the month-first layout (no layout key): emptied, then
# repaired from the zone like a lost one, sending nothing.
STATE_DB=$STATE/school-100001.mdb
layout_hex=ff6c61796f7574 # the layout key
check "the state records its key layout" bash -c "mdb_dump -n '$STATE_DB' | grep -qx ' $layout_hex'"
mdb_dump -n "$STATE_DB" | awk -v k=" $layout_hex" '$0 == k { skip = 2 } skip { skip--; next } { print }' >"$WORK/old-layout.dump"
rm -f "$STATE_DB" "$STATE_DB-lock"
mdb_load -n -f "$WORK/old-layout.dump" "$STATE_DB" 2>/dev/null # warns of a dump keyword it ignores
check "  (the copy without it)" bash -c "! mdb_dump -n '$STATE_DB' | grep -qx ' $layout_hex'"
agent >"$WORK/layout.out" 2>&1
check "a state of the older layout is rebuilt from the zone" contains "$WORK/layout.out" "disagreed on"
check "  storing nothing twice" contains "$WORK/layout.out" "stored 0, unchanged 87"
check "  and records the layout again" bash -c "mdb_dump -n '$STATE_DB' | grep -qx ' $layout_hex'"
agent >"$WORK/layout2.out" 2>&1
check "  after which a run needs no repair" not_contains "$WORK/layout2.out" "disagreed on"

# The zone restored from an older backup: what it lost is sent again.
stop_zone
cp -a "$WORK/data" "$WORK/backup"
start_zone --as-of 2026-03-02 || exit 1
echo "$P3,2026-03-02,AM,I" >>"$EX/attendance.csv"
agent >/dev/null 2>&1
stop_zone
rm -rf "$WORK/data" && mv "$WORK/backup" "$WORK/data"
start_zone --as-of 2026-03-02 || exit 1
agent >"$WORK/restored.out" 2>&1
check "a zone restored from a backup gets back what it lost" contains "$WORK/restored.out" "stored 1, unchanged 87"
check "  by itself" contains "$WORK/restored.out" "disagreed on 1 month"

# The zone down at first and up within the retry window.
stop_zone
sed -i 's/^retry_for_ms = .*/retry_for_ms = 20000/' "$WORK/a.conf"
echo "$P4,2026-03-02,AM,/" >>"$EX/attendance.csv"
agent >"$WORK/late.out" 2>&1 &
late=$!
sleep 1.5
start_zone --as-of 2026-03-02 || exit 1
wait $late
check "a zone that comes up within retry_for_ms: the run succeeds" equals "$?" 0
check "  and stores the new row" contains "$WORK/late.out" "stored 1,"

# The zone unreachable for the whole window: exit 1 and one line naming TCP.
stop_zone
sed -i 's/^retry_for_ms = .*/retry_for_ms = 1200/' "$WORK/a.conf"
agent >"$WORK/down.out" 2>"$WORK/down.err"
check "an unreachable zone: exit 1" equals "$?" 1
check "  each attempt said on stderr, then one line" \
    bash -c "tail -1 '$WORK/down.err' | grep -q 'error: cannot reach' && [ \$(grep -vc 'attempt [0-9]*: ' '$WORK/down.err') = 1 ]"
check "  naming what failed and how long it was tried" \
    grep -q "cannot reach the zone at 127.0.0.1:$PORT (tcp): .*gave up after [0-9]* attempts" "$WORK/down.err"
start_zone --as-of 2026-03-02 || exit 1

# Two runs at once: the second waits for the first, neither interleaves.
agent >"$WORK/run1.out" 2>&1 &
r1=$!
agent >"$WORK/run2.out" 2>&1
c2=$?
wait $r1
check "two runs at once both succeed, one after the other" equals "$?$c2" 00
check "  and together store nothing twice" bash -c "cat '$WORK/run1.out' '$WORK/run2.out' | grep -c 'stored 0, unchanged 89' | grep -qx 2"
flock -o "$STATE/zone-agent.lock" sleep 3 &
holder=$!
sleep 0.3
echo "lock_wait_ms = 300" >>"$WORK/a.conf"
agent >/dev/null 2>"$WORK/locked.err"
check "a run that cannot get the lock exits 1" equals "$?" 1
check "  saying who holds it" contains "$WORK/locked.err" "another zone-agent run (pid"
kill $holder 2>/dev/null
wait $holder 2>/dev/null

# A half-written attendance.csv is never read.
sed -i 's/^settle_ms = .*/settle_ms = 1500/' "$WORK/a.conf"
echo "export_wait_ms = 700" >>"$WORK/a.conf"
cp "$EX/attendance.csv" "$WORK/attendance.full"
head -c 500 "$WORK/attendance.full" >"$EX/attendance.csv"
agent >"$WORK/half.out" 2>"$WORK/half.err"
check "a file still being written: exit 1" equals "$?" 1
check "  naming the file" contains "$WORK/half.err" "attendance.csv changed within the settle interval"
check "  and nothing was sent" not_contains "$WORK/half.out" "stored"
sed -i 's/^export_wait_ms = .*/export_wait_ms = 10000/; s/^settle_ms = .*/settle_ms = 600/' "$WORK/a.conf"
head -c 500 "$WORK/attendance.full" >"$EX/attendance.csv"
(sleep 0.4 && tail -c +501 "$WORK/attendance.full" >>"$EX/attendance.csv") &
writer=$!
agent >"$WORK/settled.out" 2>&1
wait $writer
check "the agent waits for the export job to finish, then reads it whole" contains "$WORK/settled.out" "read 89, stored 0, unchanged 89, rejected 0"
touch -d '1 hour ago' "$EX/export.ready"
(sleep 0.5 && touch "$EX/export.ready") &
writer=$!
sed -i 's/^settle_ms = .*/settle_ms = 60000/' "$WORK/a.conf"
agent >"$WORK/ready.out" 2>&1
wait $writer
check "with export.ready the agent waits for the marker, not settle_ms" contains "$WORK/ready.out" "read 89,"
rm -f "$EX/export.ready"
sed -i 's/^settle_ms = .*/settle_ms = 0/' "$WORK/a.conf"

# Leaving the roll: P3 left for home education, P4 vanished without a word.
{ echo "$header"; pupil_row "$P1"; pupil_row "$P2"; } >"$EX/pupils.csv"
grep -v -e "^$P3" -e "^$P4" "$WORK/attendance.full" >"$EX/attendance.csv"
cat >"$EX/leavers.csv" <<CSV
upn,leaving_date,reason
$P3,2026-02-27,EHE
$P1,2026-02-27,EHE
$P2,2026-02-27,holiday
$NEVER,2026-02-27,other
CSV
agent >"$WORK/leave.out" 2>&1
check "leavers.csv: a pupil still on the roll is rejected" contains "$WORK/leave.out" "rejected leavers.csv:3: field 'upn': $P1 is still on the roll (pupils.csv)"
check "leavers.csv: an unknown reason is rejected" contains "$WORK/leave.out" "rejected leavers.csv:4: field 'reason': 'holiday' is not one of EHE, moved_in_zone"
check "leavers.csv: a pupil never on the roll is refused by the zone" contains "$WORK/leave.out" "rejected leavers.csv:5: refused by the zone: the pupil was never on the school's roll"
check "two pupils left the roll" contains "$WORK/leave.out" "left the roll: 2 pupil(s)"
pupil "$P3" >"$WORK/p3.json"
check "the leaver keeps their record, with date and reason" contains "$WORK/p3.json" '"left_date": "2026-02-27", "leaving_reason": "EHE"'
check "  and their history" contains "$WORK/p3.json" '"attendance_marks": 21'
pupil "$P4" >"$WORK/p4.json"
check "a pupil gone from pupils.csv leaves on the zone's date" contains "$WORK/p4.json" '"left_date": "2026-03-02"'
agent >"$WORK/leave2.out" 2>&1
check "  and a second run changes nothing" contains "$WORK/leave2.out" "stored 0,"
{ echo "$header"; pupil_row "$P1"; pupil_row "$P2"; pupil_row "$P4"; } >"$EX/pupils.csv"
agent >"$WORK/back.out" 2>&1
check "the run with the pupil back succeeds" equals "$?" 0
pupil "$P4" >"$WORK/p4-back.json"
check "a pupil back on pupils.csv is on the roll again" contains "$WORK/p4-back.json" '"current_school": "100001"'
check "  with no leaving date" not_contains "$WORK/p4-back.json" left_date

# Progress on a terminal, quiet otherwise (another school, so all is new).
rm -f "$EX/leavers.csv"
client_conf b school-100002 "$EX"
if script -qefc true /dev/null >/dev/null 2>&1; then
    script -qefc "'$BIN/zone-agent' push --config '$WORK/b.conf'" /dev/null >"$WORK/tty.out" 2>&1
    check "progress on a terminal" contains "$WORK/tty.out" "pushing: "
else
    echo "  skip progress on a terminal: no pseudo-terminal can be opened here"
fi
# The same push of everything, into a log: one summary line, no progress.
rm -rf "$WORK/out-b/.zone-agent-state" "$WORK/.zone-agent-state/school-100002.mdb"
"$BIN/zone-agent" push --config "$WORK/b.conf" >"$WORK/log.out" 2>&1
check "into a log: the summary line" grep -q "^read [0-9]*, stored [0-9]*, " "$WORK/log.out"
check "  and no progress" not_contains "$WORK/log.out" "pushing"

check "SIGTERM stops zoned cleanly" stop_zone
finish
