#!/usr/bin/env bash
# Families (SPEC §3b, issue #16 section 1) end to end: family_id in
# pupils.csv, siblings across two schools in every alert listing (zonectl,
# the agent's alerts.json and alerts.csv), a meeting recorded at one school
# that covers a sibling at another, a school refused when it names a child
# not in the family, zonectl family (coordinator only, audited), a sibling
# who moves school, a family_id that changes, and erasure.
. "$(dirname "$0")/lib.sh"

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf b school-100002
client_conf c school-100003
client_conf coord coordinator-alice
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
sync() { "$BIN/zone-agent" sync --config "$WORK/$1.conf" >"$WORK/$1-$2.out" 2>&1; }
# line_of FILE UPN: the alert object (one a line) of the pupil.
line_of() { grep "^  {\"upn\": \"$2\"" "$1"; }
S1=$(upn 41) S2=$(upn 42) S3=$(upn 43) X=$(upn 44) N=$(upn 45)

header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile,family_id"
pupils_a() { # family of S3
    printf '%s\n%s,Sam One,8,M,2025-09-01,N,N,N,N,N,WBRI,N,,EH/F1\n%s,Sue Three,5,F,2025-09-01,N,N,N,N,N,WBRI,N,,%s\n%s,Ned None,8,M,2025-09-01,N,N,N,N,N,WBRI,N,,\n' \
        "$header" "$S1" "$S3" "$1" "$N" >"$WORK/export-a/pupils.csv"
}
pupils_a EH/F1
printf '%s\n%s,Sol Two,7,F,2025-09-01,N,N,N,N,N,WBRI,N,,EH/F1\n%s,Xav Other,7,M,2025-09-01,N,N,N,N,N,WBRI,N,,EH/F9\n' \
    "$header" "$S2" "$X" >"$WORK/export-b/pupils.csv"
printf '%s\n' "$header" >"$WORK/export-c/pupils.csv"
for school in a b; do
    {
        echo "upn,date,session,code"
        for d in $(weekdays 2026-01-05 2026-01-16); do
            for s in AM PM; do
                if [ $school = a ]; then echo "$S1,$d,$s,O"; else echo "$S2,$d,$s,O"; echo "$X,$d,$s,O"; fi
            done
        done
    } >"$WORK/export-$school/attendance.csv"
    printf 'incident_id,upn,date,category,points,action,days\n' >"$WORK/export-$school/behaviour.csv"
    printf 'event_id,upn,date,kind,severity\n' >"$WORK/export-$school/health.csv"
done
printf 'upn,subject,date,step\n%s,maths,2025-12-18,gap\n' "$S1" >"$WORK/export-a/assessments.csv"
printf 'upn,subject,date,step\n%s,maths,2025-12-18,gap\n%s,maths,2025-12-18,gap\n' "$S2" "$X" >"$WORK/export-b/assessments.csv"

# A bad family_id is a bad row of pupils.csv, named by line and field.
cp "$WORK/export-a/pupils.csv" "$WORK/good-a.csv"
printf '%s,Ned None,8,M,2025-09-01,N,N,N,N,N,WBRI,N,,Ned Smith\n' "$N" >>"$WORK/export-a/pupils.csv"
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/a-bad.out" 2>&1
check "a family_id with a space is rejected at its line" contains "$WORK/a-bad.out" \
    "rejected pupils.csv:5: field 'family_id': family_id may hold only letters, digits and - _ / . (a reference, not a name)"
cp "$WORK/good-a.csv" "$WORK/export-a/pupils.csv"

sync b 1 && sync a 1
ctl alerts --json >"$WORK/alerts1.json"
line_of "$WORK/alerts1.json" "$S1" >"$WORK/s1.json"
check "an alert carries its pupil's family" contains "$WORK/s1.json" '"family": "EH/F1", "siblings": ['
check "  a sibling at another school, with their open alert" contains "$WORK/s1.json" \
    "{\"upn\": \"$S2\", \"school\": \"100002\", \"alert\": \"family_meeting\"}"
check "  a sibling at the same school without one" contains "$WORK/s1.json" "{\"upn\": \"$S3\", \"school\": \"100001\", \"alert\": null}"
check "  and no one outside the family" bash -c "grep -q . '$WORK/s1.json' && ! grep -q -e '$X' -e '$N' '$WORK/s1.json'"
check "the sibling's alert names the first pupil back" contains <(line_of "$WORK/alerts1.json" "$S2") \
    "\"family\": \"EH/F1\", \"siblings\": [{\"upn\": \"$S1\", \"school\": \"100001\", \"alert\": \"family_meeting\"}, {\"upn\": \"$S3\", \"school\": \"100001\", \"alert\": null}]"
check "a pupil alone in their family has no siblings" contains <(line_of "$WORK/alerts1.json" "$X") '"family": "EH/F9", "siblings": []'
line_of "$WORK/out-a/alerts.json" "$S1" >"$WORK/s1-a.json"
check "school A's alerts.json has the family" contains "$WORK/s1-a.json" '"family": "EH/F1", "siblings": ['
check "  and the siblings" contains "$WORK/s1-a.json" "{\"upn\": \"$S2\", \"school\": \"100002\", \"alert\": \"family_meeting\"}"
check "alerts.csv has a siblings column" bash -c "head -1 '$WORK/out-a/alerts.csv' | grep -q ',stage,overdue,siblings$'"
grep "^$S1," "$WORK/out-a/alerts.csv" >"$WORK/s1.csv"
check "  saying where they are and which alert is open" bash -c \
    "grep -q ',2 siblings: 1 at 100002 with a family_meeting alert; 1 at 100001$' '$WORK/s1.csv' || grep -q ',2 siblings: 1 at 100001; 1 at 100002 with a family_meeting alert$' '$WORK/s1.csv'"
# School B sees of S1 the UPN, school and alert kind in S2's siblings: nothing more.
check "school B's files name S1 only as S2's sibling" equals "$(grep -c "$S1" "$WORK/out-b/alerts.json")" 1
check "  and hold no alert of S1's" bash -c "grep -q . '$WORK/out-b/alerts.csv' && ! grep -q '^$S1,' '$WORK/out-b/alerts.csv'"

# One meeting at school A for the family covers S2 at school B; a meeting
# naming a child outside the family is refused whole, with its line.
cat >"$WORK/export-a/meetings.csv" <<CSV
meeting_id,upn,invited,held,attended,actions,covers
fm1,$S1,2026-03-02,2026-03-02,parent,One meeting for the family,$S2|$S3
fm2,$S1,2026-03-02,,,,$X
fm3,$N,2026-03-02,,,,$S1
fm4,$S1,2026-03-02,,,,$S1
CSV
sync a 2
check "a covered child outside the family is refused, naming the row" contains "$WORK/a-2.out" \
    "rejected meetings.csv:3: field 'covers': $X is not in the family of $S1"
check "a meeting of a pupil with no family covers nobody" contains "$WORK/a-2.out" \
    "rejected meetings.csv:4: field 'covers': $N has no family_id on this school's roll, so names no sibling"
check "a meeting cannot cover its own pupil" contains "$WORK/a-2.out" "rejected meetings.csv:5: field 'covers' names the meeting's own pupil $S1"
check "the family's meeting is stored" contains "$WORK/a-2.out" "support: read 4, stored 1, unchanged 0, rejected 3"
ctl alerts --json >"$WORK/alerts2.json"
check "the covered sibling's alert counts the meeting" contains <(line_of "$WORK/alerts2.json" "$S2") '"stage": "meeting_held", "stage_since": "2026-03-02"'
check "  as does the pupil's own" contains <(line_of "$WORK/alerts2.json" "$S1") '"stage": "meeting_held"'
check "X's alert does not" contains <(line_of "$WORK/alerts2.json" "$X") '"stage": "open"'
sync b 2
check "school B's alerts.csv shows the stage the meeting at A reached" bash -c "grep '^$S2,' '$WORK/out-b/alerts.csv' | grep -q ',meeting_held,'"
printf 'meeting_id,upn,invited,held,attended,actions,covers\nbm1,%s,2026-03-02,,,,%s\n' "$S1" "$S2" >"$WORK/export-b/meetings.csv"
sync b 3
check "school B cannot record a meeting for A's pupil" contains "$WORK/b-3.out" "rejected meetings.csv:2: field 'upn': $S1 is not on the school's roll"
rm "$WORK/export-b/meetings.csv"
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/a-3.out" 2>&1
check "a re-push of the meeting changes nothing" contains "$WORK/a-3.out" "support: read 4, stored 0, unchanged 1, rejected 3"
check "zonectl meeting --covers records a meeting for the family" bash -c \
    "'$BIN/zonectl' --config '$WORK/b.conf' meeting '$S2' --id zb1 --invited 2026-03-02 --covers '$S1|$S3' | grep -qx recorded"
check "  and refuses a child not in the family" fails_with "is not in the family of $S2" \
    "$BIN/zonectl" --config "$WORK/b.conf" meeting "$S2" --id zb2 --invited 2026-03-02 --covers "$X"
check "  a list holding something not a UPN is a usage error" usage_error "--covers: field 'covers': 'nope'" \
    "$BIN/zonectl" --config "$WORK/b.conf" meeting "$S2" --id zb3 --invited 2026-03-02 --covers "$S1 nope"

# zonectl family: the coordinator's view, audited; schools are refused.
ctl family EH/F1 --json >"$WORK/family1.json" 2>&1
check "zonectl family lists every child" bash -c "grep -q '\"upn\": \"$S1\", \"school\": \"100001\"' '$WORK/family1.json' && grep -q '\"upn\": \"$S2\", \"school\": \"100002\"' '$WORK/family1.json' && grep -q '\"upn\": \"$S3\", \"school\": \"100001\"' '$WORK/family1.json'"
check "  with their alerts and stages" contains "$WORK/family1.json" '"stage": "meeting_held", "date": "2026-03-02"'
check "  and the family's meetings with what they covered" bash -c \
    "grep '\"meeting_id\": \"fm1\"' '$WORK/family1.json' | grep -q -e '\"covers\": \[\"$S2\", \"$S3\"\]' -e '\"covers\": \[\"$S3\", \"$S2\"\]'"
check "  not the refused ones" not_contains "$WORK/family1.json" '"fm2"'
ctl family EH/F1 >"$WORK/family1.txt" 2>&1
check "the text view says what a meeting covered" grep -q "also covered: " "$WORK/family1.txt"
# One printer of a child's support (issue #18): each line `zonectl support`
# prints for S1 (stages, meeting, actions) is in the family's text, whose
# meeting line also names the child it is for.
ctl support "$S1" | tail -n +2 >"$WORK/support-s1.txt"
check "the family text shows S1's support as zonectl support does" bash -c \
    "grep -q '^  alert ' '$WORK/support-s1.txt' && sed 's/ (school 100001, for $S1)/ (school 100001)/' '$WORK/family1.txt' | grep -vxF -f - '$WORK/support-s1.txt' | { ! grep -q .; }"
check "a school may not read a family" refused "$BIN/zonectl" --config "$WORK/a.conf" family EH/F1
check "an unknown family is not found" fails_with "no pupil's current roll names family EH/F404" ctl family EH/F404
check "a family_id that is not one is a usage error" usage_error "FAMILY_ID 'Ned Smith'" ctl family "Ned Smith"
check "zonectl family --help" bash -c "'$BIN/zonectl' --config /nonexistent family --help | grep -q 'family FAMILY_ID'"
check "reading a family is audited" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit | grep -q 'read family EH/F1 (3 children)'"

# A sibling who moves: S2 joins school C (same family_id) and leaves B.
printf '%s\n%s,Sol Two,7,F,2026-02-23,N,N,N,N,N,WBRI,N,,EH/F1\n' "$header" "$S2" >"$WORK/export-c/pupils.csv"
for f in attendance behaviour health assessments; do head -1 "$WORK/export-b/$f.csv" >"$WORK/export-c/$f.csv"; done
sync c 1
printf '%s\n%s,Xav Other,7,M,2025-09-01,N,N,N,N,N,WBRI,N,,EH/F9\n' "$header" "$X" >"$WORK/export-b/pupils.csv"
sync b 4
sync a 4
ctl alerts --json >"$WORK/alerts3.json"
check "a sibling who moved is listed at their new school" contains <(line_of "$WORK/alerts3.json" "$S1") \
    "{\"upn\": \"$S2\", \"school\": \"100003\", \"alert\": \"family_meeting\"}"
check "  in school A's alerts.csv too" bash -c "grep '^$S1,' '$WORK/out-a/alerts.csv' | grep -q '1 at 100003 with a family_meeting alert'"
check "  and the old school's files no longer hold them" not_contains "$WORK/out-b/alerts.json" "$S2"

# A family_id that changes: S3 is recorded in another family.
pupils_a EH/F2
sync a 5
check "the changed family_id is a changed row" grep -q "stored 1," "$WORK/a-5.out"
ctl alerts --json >"$WORK/alerts4.json"
check "the pupil is no longer the old family's sibling" bash -c "grep -q '^  {\"upn\": \"$S1\"' '$WORK/alerts4.json' && ! grep '^  {\"upn\": \"$S1\"' '$WORK/alerts4.json' | grep -q '$S3'"
check "  in school A's alerts.csv either" bash -c "grep '^$S1,' '$WORK/out-a/alerts.csv' | grep -q ',1 sibling: 1 at 100003 with a family_meeting alert$'"
check "zonectl family follows the change" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' family EH/F2 --json | grep -q '\"upn\": \"$S3\"' && out=\$('$BIN/zonectl' --config '$WORK/coord.conf' family EH/F1 --json) && grep -q '\"upn\": \"$S1\"' <<<\"\$out\" && ! grep -q '\"upn\": \"$S3\"' <<<\"\$out\""
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/a-6.out" 2>&1
check "an unchanged re-push stores nothing" grep -q "stored 0," "$WORK/a-6.out"

# Erasure takes the family_id and every mention in a meeting's covers.
ctl erase-pupil "$S2" --reason "subject request" >/dev/null 2>&1
check "an erased sibling leaves the family's alerts" bash -c "out=\$('$BIN/zonectl' --config '$WORK/coord.conf' alerts --json) && ! grep -q '$S2' <<<\"\$out\""
check "  and the store's family and cover records" bash -c \
    "for db in family family_index cover; do mdb_dump -p -s \$db '$WORK/data' | grep -q '$S2' && exit 1; done; exit 0"
check "the other cover of the meeting stays" bash -c "mdb_dump -p -s cover '$WORK/data' | grep -q '$S3'"

check "SIGTERM stops zoned cleanly" stop_zone
finish
