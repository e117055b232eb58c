#!/usr/bin/env bash
# zone-agent check: the export read as a push reads it, without a zone (none
# is started here: check must not need one), and a summary a school's data
# manager can act on: counts, marks per month, the bad rows, the fields the
# gap analysis needs that no pupil has; exit 0 only when clean.
. "$(dirname "$0")/lib.sh"

AGENT=$BIN/zone-agent
PKI=$WORK/no-pki PORT=9 # check never connects: the zone named is unreachable
client_conf a school-100001
EX=$WORK/export-a
P1=$(upn 1) P2=$(upn 2)
{
    echo "upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted"
    echo "$P1,Ann One,5,F,2025-09-01,Y,Y,N,N,N,,N"
    echo "$P2,Ben Two,5,M,2025-09-01,N,N,N,K,N,,N"
} >"$EX/pupils.csv"
{
    echo "upn,date,session,code"
    for p in $P1 $P2; do
        echo "$p,2026-01-05,AM,/"; echo "$p,2026-01-05,PM,/"
        echo "$p,2026-02-02,AM,N"
    done
} >"$EX/attendance.csv"
{ echo "incident_id,upn,date,category,points,action,days"; echo "B1,$P2,2026-02-10,disruption,3,detention,"; } \
    >"$EX/behaviour.csv"
{ echo "upn,subject,date,step"; echo "$P1,maths,2026-01-20,expected"; } >"$EX/assessments.csv"
echo "event_id,upn,date,kind,severity" >"$EX/health.csv"

code=0
"$AGENT" check --config "$WORK/a.conf" >"$WORK/clean.out" 2>&1 || code=$?
check "a clean export: exit 0" equals "$code" 0
check "  pupils counted" contains "$WORK/clean.out" "pupils: 2"
check "  marks per month" contains "$WORK/clean.out" "  2026-01: 4"
check "  marks of February" contains "$WORK/clean.out" "  2026-02: 2"
check "  incidents" contains "$WORK/clean.out" "incidents: 1"
check "  assessments" contains "$WORK/clean.out" "assessments: 1"
check "  health events" contains "$WORK/clean.out" "health events: 0"
check "  ethnicity missing for the gap analysis" contains "$WORK/clean.out" \
    "missing for the gap analysis: ethnicity (no pupil has one)"
check "  nothing sent: no state folder made" test ! -e "$WORK/.zone-agent-state"

echo "$P1,2026-02-03,AM,Q9" >>"$EX/attendance.csv"
code=0
"$AGENT" check -c "$WORK/a.conf" >"$WORK/bad.out" 2>&1 || code=$?
check "a bad row: exit 1" equals "$code" 1
check "  the row named" contains "$WORK/bad.out" "rejected attendance.csv:8: field 'code': 'Q9' is not a national register code"
check "  said not clean" contains "$WORK/bad.out" "not clean"

rm "$EX/health.csv"
code=0
"$AGENT" check --config "$WORK/a.conf" >"$WORK/missing.out" 2>&1 || code=$?
check "a missing file: exit 1" equals "$code" 1
check "  the file named" contains "$WORK/missing.out" "health.csv not found in export_dir"

code=0
"$AGENT" check --help >"$WORK/help.out" 2>&1 || code=$?
check "check --help: exit 0, answered locally" equals "$code" 0
check "  its usage" contains "$WORK/help.out" "usage: zone-agent check [--config FILE]"
finish
