#!/usr/bin/env bash
# From alert to support (issue #6) end to end: the coordinator's menu, a
# family_meeting alert moving open -> invited -> meeting held -> support in
# place -> back on track through the agent's meetings.csv and support.csv,
# overdue work on fixed dates, bad rows rejected with their line, closing an
# alert with a reason, schools kept to their own pupils, impact figures.
. "$(dirname "$0")/lib.sh"

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf b school-100002
client_conf coord coordinator-alice
M=$(upn 21) P=$(upn 22) X=$(upn 23)   # M and P tip at school A; X is at school B
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
restart() { stop_zone && start_zone --as-of "$1"; }

ctl menu add --name "Attendance mentor" --provider "Early Help" --for both --needs attendance,wellbeing \
    --places 1 --cost 120 >"$WORK/menu1.out" 2>&1
ctl menu add --name "Maths catch-up" --provider "Maths hub" --for child --needs maths --places 5 --cost 45.50 >/dev/null 2>&1
ctl menu add --name "Old offer" --provider "Nobody" --for family --needs health --places 2 --cost 10 >/dev/null 2>&1
check "coordinator adds offers to the menu" contains "$WORK/menu1.out" "Attendance mentor"
check "a school cannot change the menu" refused "$BIN/zonectl" --config "$WORK/a.conf" menu add --name N --provider P --for child --needs maths --places 1 --cost 1
check "bad needs refused with the word" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' menu add --name N --provider P --for child --needs sport --places 1 --cost 1 2>&1 | grep -q \"'sport' is not one of\""
ctl menu retire 3 >/dev/null
ctl menu list >"$WORK/menu.txt"
check "the menu is still listed" test -s "$WORK/menu.txt"
check "retired offers leave the list" not_contains "$WORK/menu.txt" "Old offer"
check "and stay in list --all" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' menu list --all --json | grep -q '\"name\": \"Old offer\".*\"retired\": \"2026-03-02\"'"
check "schools read the menu" bash -c "'$BIN/zonectl' --config '$WORK/a.conf' menu list | grep -q 'Maths catch-up'"

header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
printf '%s\n%s,Mo Mentored,8,M,2025-09-01,Y,Y,N,N,N,WBRI,N,\n%s,Pat Closed,8,F,2025-09-01,N,N,N,N,N,WBRI,N,\n' \
    "$header" "$M" "$P" >"$WORK/export-a/pupils.csv"
printf '%s\n%s,Xan Other,8,F,2025-09-01,N,N,N,N,N,WBRI,N,\n' "$header" "$X" >"$WORK/export-b/pupils.csv"
{
    echo "upn,date,session,code"
    d=2026-01-05
    while [[ ! "$d" > 2026-01-16 ]]; do
        if [ "$(date -d "$d" +%u)" -le 5 ]; then
            for s in AM PM; do echo "$M,$d,$s,O"; echo "$P,$d,$s,O"; done
        fi
        d=$(date -d "$d + 1 day" +%F)
    done
} >"$WORK/export-a/attendance.csv"
printf 'incident_id,upn,date,category,points,action,days\n' >"$WORK/export-a/behaviour.csv"
printf 'upn,subject,date,step\n%s,maths,2025-12-18,gap\n%s,maths,2025-12-18,gap\n' "$M" "$P" >"$WORK/export-a/assessments.csv"
printf 'event_id,upn,date,kind,severity\n' >"$WORK/export-a/health.csv"
for f in attendance behaviour assessments health; do head -1 "$WORK/export-a/$f.csv" >"$WORK/export-b/$f.csv"; done
"$BIN/zone-agent" sync --config "$WORK/b.conf" >/dev/null 2>&1

"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a1.out" 2>&1
check "school A syncs without support files" contains "$WORK/a1.out" "alerts 2,"
check "no support line without the files" not_contains "$WORK/a1.out" "support:"
ctl alerts --json >"$WORK/alerts1.json"
check "a new family_meeting alert is open" contains "$WORK/alerts1.json" \
    "\"upn\": \"$M\", \"school\": \"100001\", \"kind\": \"family_meeting\", \"status\": \"open\", \"reasons\": [\"attendance\"], \"below\": [\"maths\"], \"raised\": \"2026-03-02\""
check "with its stage" contains "$WORK/alerts1.json" '"stage": "open", "stage_since": "2026-03-02", "overdue": []'
check "alerts.csv has stage and overdue columns" bash -c "head -1 '$WORK/out-a/alerts.csv' | grep -q ',health_sessions_28d,stage,overdue,siblings$'"
check "alerts.csv: M is open" contains "$WORK/out-a/alerts.csv" "$M,Mo Mentored,100001,family_meeting,open,attendance,maths,2026-03-02,,0.000,0,0,open,"

# 14 school days on, a meeting is not overdue yet; on the 15th it is.
restart 2026-03-20 || exit 1
check "not overdue after 14 school days" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' alerts --overdue --json | grep -qx '\[\]'"
restart 2026-03-23 || exit 1
ctl alerts --overdue --json >"$WORK/overdue1.json"
check "meeting overdue after 15 school days" contains "$WORK/overdue1.json" '"overdue": ["meeting"]'
check "the overdue table names it" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' alerts --overdue | grep '$M' | grep -q 'open  *meeting'"

# The school invites M's family (held in the future: not counted yet); bad rows go with their line.
cat >"$WORK/export-a/meetings.csv" <<CSV
meeting_id,upn,invited,held,attended,actions
m1,$M,2026-03-04,2026-03-24,parent;social_worker,"Mentor for attendance; maths catch-up"
m2,$M,2026-03-05,,dad,
m3,$M,2026-03-10,2026-03-09,parent,
m4,$X,2026-03-10,,,
m5,$P,2026-03-06,,,
m6,$P,,,,
CSV
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a2.out" 2>&1
check "unknown role rejected with line and field" contains "$WORK/a2.out" "rejected meetings.csv:3: field 'attended': 'dad' is not one of parent, carer"
check "held before invited rejected" contains "$WORK/a2.out" "rejected meetings.csv:4: field 'held'"
check "pupil not on the roll rejected" contains "$WORK/a2.out" "rejected meetings.csv:5: field 'upn': $X is not on the school's roll"
check "missing invited rejected" contains "$WORK/a2.out" "rejected meetings.csv:7: field 'invited' is empty"
check "support summary line" contains "$WORK/a2.out" "support: read 6, stored 2, unchanged 0, rejected 4"
check "good rows still go through and the pull runs" grep -q "alerts 2," "$WORK/a2.out"
check "stage invited in alerts.csv" contains "$WORK/out-a/alerts.csv" "$M,Mo Mentored,100001,family_meeting,open,attendance,maths,2026-03-02,,0.000,0,0,invited,meeting"
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/a3.out" 2>&1
check "a re-push changes nothing" contains "$WORK/a3.out" "support: read 6, stored 0, unchanged 2, rejected 4"

# Schools keep to their own pupils.
check "school B cannot record a meeting for A's pupil, and is told why" fails_with "is not on this school's roll in the zone" "$BIN/zonectl" --config "$WORK/b.conf" meeting "$M" --id b1 --invited 2026-03-10
check "school B cannot read A's pupil's meetings" fails_with "is not a pupil this school reads" \
    "$BIN/zonectl" --config "$WORK/b.conf" support "$M"
check "the refusal is logged" grep -q "refused meetings and plans of $M from school:100002" "$WORK/zoned.log"
check "the coordinator cannot record meetings" refused "$BIN/zonectl" --config "$WORK/coord.conf" meeting "$M" --id c1 --invited 2026-03-10
check "school A records through zonectl too" bash -c "'$BIN/zonectl' --config '$WORK/a.conf' meeting '$P' --id z1 --invited 2026-03-11 | grep -qx recorded"

# The meeting is held; then support starts.
restart 2026-03-25 || exit 1
ctl alerts --json >"$WORK/alerts2.json"
check "meeting held: no longer overdue" contains "$WORK/alerts2.json" '"stage": "meeting_held", "stage_since": "2026-03-24", "overdue": []'
cat >"$WORK/export-a/support.csv" <<CSV
action_id,upn,offer,lead,start,review,outcome,status,meeting_id
a1,$M,1,Ms Khan (attendance lead),2026-03-25,2026-04-22,Attendance above 95% by summer,active,m1
a2,$M,99,Ms Khan,2026-03-25,2026-04-22,Something,planned,m1
a3,$M,2,Mr Shah,2026-03-25,2026-03-01,Maths at expected,planned,m1
a4,$M,3,Mr Shah,2026-03-25,2026-04-22,Old,planned,
a5,$M,2,Mr Shah,2026-03-26,2026-05-20,Maths at expected,planned,m1
CSV
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a4.out" 2>&1
check "an offer not on the menu is refused by the zone, with the line" contains "$WORK/a4.out" "rejected support.csv:3: field 'offer': 99 is not on the zone's menu of support"
check "review before start rejected" contains "$WORK/a4.out" "rejected support.csv:4: field 'review'"
check "a retired offer is refused" contains "$WORK/a4.out" "rejected support.csv:5: field 'offer': 3 (Old offer) has been retired"
check "stage support_in_place in alerts.csv" contains "$WORK/out-a/alerts.csv" "0.000,0,0,support_in_place,"
"$BIN/zonectl" --config "$WORK/a.conf" support "$M" >"$WORK/support1.out"
check "the history keeps every stage with its date" bash -c "grep -c 'alert 1  ' '$WORK/support1.out' | grep -qx 4 && grep -q 'invited           2026-03-04' '$WORK/support1.out'"
check "meeting attendance by role" contains "$WORK/support1.out" "attended parent, social_worker"

# A review passes its date; then maths recovers and the family_meeting
# resolves, but attendance is still red: it turns into a watch, so M is not
# back on track (no open alert of either kind for back_on_track_weeks weeks).
restart 2026-04-23 || exit 1
check "review overdue" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' alerts --overdue --json | grep -q '\"upn\": \"$M\".*\"overdue\": \[\"review\"\]'"
"$BIN/zone-agent" pull --config "$WORK/a.conf" >/dev/null 2>&1
check "alerts.csv overdue column" contains "$WORK/out-a/alerts.csv" "0.000,0,0,support_in_place,review"
printf 'upn,subject,date,step\n%s,maths,2025-12-18,gap\n%s,maths,2026-04-20,expected\n%s,maths,2025-12-18,gap\n' "$M" "$M" "$P" >"$WORK/export-a/assessments.csv"
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a5.out" 2>&1
ctl alerts --all --json >"$WORK/alerts3.json"
check "resolved after support into a watch: not back on track" bash -c "grep '\"upn\": \"$M\", \"school\": \"100001\", \"kind\": \"family_meeting\", \"status\": \"resolved\"' '$WORK/alerts3.json' | grep -q '\"stage\": \"support_in_place\"'"
check "  the watch is open" grep -q "\"upn\": \"$M\", \"school\": \"100001\", \"kind\": \"watch\", \"status\": \"open\"" "$WORK/alerts3.json"

# P's family moved away: the coordinator closes the alert with a reason.
ctl alerts --overdue --json >"$WORK/overdue3.json"
check "P is overdue before it is closed" contains "$WORK/overdue3.json" "\"upn\": \"$P\""
ctl alert close "$P" --reason "family moved out of the area" >"$WORK/close.out" 2>&1
check "closing records the reason" contains "$WORK/close.out" "closed            2026-04-23  family moved out of the area"
ctl alerts --json >"$WORK/alerts4.json"
check "closed shows in the listing" contains "$WORK/alerts4.json" '"stage": "closed", "stage_since": "2026-04-23", "overdue": [], "closed_reason": "family moved out of the area"'
ctl alerts --overdue --json >"$WORK/overdue4.json"
check "the overdue list is still answered" test -s "$WORK/overdue4.json"
check "closed alerts are not overdue" not_contains "$WORK/overdue4.json" "\"upn\": \"$P\""
check "closing twice is refused" fails_with "already" "$BIN/zonectl" --config "$WORK/coord.conf" alert close "$P" --reason again
ctl support "$M" >/dev/null
check "coordinator reads of meetings are audited" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit | grep -q 'read meetings and plans of pupil $M'"
check "closing is audited" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit | grep -q 'closed family_meeting alert'"

ctl thresholds set back_on_track_weeks 6 >"$WORK/thr.out" 2>&1
ctl thresholds show >"$WORK/thr-show.out" 2>&1
check "back_on_track_weeks is a zone setting the coordinator sets" grep -qE '^back_on_track_weeks +6 ' "$WORK/thr-show.out"
check "  and a school cannot" refused "$BIN/zonectl" --config "$WORK/a.conf" thresholds set back_on_track_weeks 1
ctl thresholds set back_on_track_weeks 4 >/dev/null 2>&1
restart 2026-05-21 || exit 1
ctl alerts --all --json >"$WORK/alerts5.json"
check "four weeks on, the watch still open: still not back on track" bash -c "grep '\"upn\": \"$M\", \"school\": \"100001\", \"kind\": \"family_meeting\", \"status\": \"resolved\"' '$WORK/alerts5.json' | grep -q '\"stage\": \"support_in_place\"'"
ctl impact --json >"$WORK/impact.json"
check "impact: one pupil supported by the mentor" contains "$WORK/impact.json" '"id": 1, "name": "Attendance mentor", "places": 1, "in_use": 1, "over_capacity": false, "pupils": 1'
check "impact: a pupil in a watch is not back on track" contains "$WORK/impact.json" '"back_on_track": 0, "back_on_track_pct": 0.0'
check "impact: demand per school" contains "$WORK/impact.json" '{"offer": 1, "school": "100001", "actions": 1, "pupils": 1}'
check "impact is for the coordinator" refused "$BIN/zonectl" --config "$WORK/a.conf" impact
"$BIN/zonectl" --config "$WORK/coord.conf" export-pupil "$M" >"$WORK/export-m.json"
check "subject access export includes the meetings" grep -q '"meeting_id": "m1", "invited": "2026-03-04", "held": "2026-03-24", "attended": "parent,social_worker"' "$WORK/export-m.json"
check "  the plan actions" grep -q '"action_id": "a1", "offer": 1, "lead": "Ms Khan (attendance lead)"' "$WORK/export-m.json"
check "  and the alert's stages" grep -q '"stage": "support_in_place"' "$WORK/export-m.json"
check "erasure removes meetings and plans too" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' erase-pupil '$M' --reason test >/dev/null && ! '$BIN/zonectl' --config '$WORK/coord.conf' support '$M' 2>/dev/null"
check "SIGTERM stops zoned cleanly" stop_zone
finish
