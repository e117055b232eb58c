#!/usr/bin/env bash
# Free school meals take-up (#19): pupils.csv's optional fsm_eligible column,
# pushed by real agents, counted per school (entitled but not registered),
# summed for clusters and the zone, suppressed as the gaps are, in zonectl
# gaps, its JSON and the delta-sync digests; a bad value is one line.
# zoned logs at debug level: each push's line says how many rows it got.
. "$(dirname "$0")/lib.sh"

# A (100001, North): 30 pupils, 1-20 entitled, of them 13-20 not registered
#   (8 of 20: shown alone, but B's 2 would follow from the cluster's 10,
#   so A's is suppressed too); pupil 30's entitlement not known.
# B (100002, North): 12 pupils, 1-8 entitled, 1-2 not registered (2: suppressed).
# C (100003, South): 10 pupils, no fsm_eligible column.
# D (100004, South): 10 pupils, all entitled, 1-5 not registered (5 of 10).
make_pki && "$BIN/zonectl" pki issue school 100004 --dir "$PKI" >/dev/null && ZT_DEBUG=1 start_zone --as-of 2026-03-02 || exit 1
client_conf coord coordinator-alice
CTL=("$BIN/zonectl" --config "$WORK/coord.conf")
header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
serial=0
for school in a:100001:30 b:100002:12 c:100003:10 d:100004:10; do
    IFS=: read -r name urn n <<<"$school"
    client_conf "$name" "school-$urn"
    ex=$WORK/export-$name
    echo "$header" >"$ex/pupils.csv"
    echo "upn,date,session,code" >"$ex/attendance.csv"
    echo "incident_id,upn,date,category,points,action,days" >"$ex/behaviour.csv"
    echo "upn,subject,date,step" >"$ex/assessments.csv"
    echo "event_id,upn,date,kind,severity" >"$ex/health.csv"
    for i in $(seq 1 "$n"); do
        serial=$((serial + 1))
        fsm=N
        case $name in
        a) [ "$i" -le 12 ] && fsm=Y ;;
        b) [ "$i" -ge 3 ] && [ "$i" -le 8 ] && fsm=Y ;;
        d) [ "$i" -ge 6 ] && fsm=Y ;;
        esac
        echo "$(upn $((700 + serial))),Pupil $serial,5,F,2025-09-01,$fsm,N,N,N,N,WBRI,N," >>"$ex/pupils.csv"
    done
    "$BIN/zone-agent" push --config "$WORK/$name.conf" >"$WORK/push-$name.out" 2>&1
done
printf 'urn,name,cluster\n100001,Alpha,North\n100002,Beta,North\n100003,Gamma,South\n100004,Delta,South\n' >"$WORK/zone.csv"
"${CTL[@]}" schools import "$WORK/zone.csv" >/dev/null

"${CTL[@]}" gaps >"$WORK/none.txt"
check "no school supplies the column: said, not zeros" contains "$WORK/none.txt" \
    "Free school meals take-up: no school supplies fsm_eligible."
"${CTL[@]}" gaps --json --level zone >"$WORK/none.json"
check "  and in JSON" contains "$WORK/none.json" \
    '"fsm_take_up": {"schools_supplying": 0, "note": "no school supplies fsm_eligible"}'

# The schools add the column (awk: entitled Y/N after each row's fsm).
add_column() { # add_column FILE AWK-CONDITION-FOR-Y [blank row]
    awk -F, -v OFS=, -v blank="${3:-0}" '
        NR == 1 { print $0, "fsm_eligible"; next }
        { print $0, (NR - 1 == blank ? "" : ('"$2"') ? "Y" : "N") }' "$1" >"$1.new" && mv "$1.new" "$1"
}
add_column "$WORK/export-a/pupils.csv" 'NR - 1 <= 20' 30
add_column "$WORK/export-b/pupils.csv" 'NR - 1 <= 8'
add_column "$WORK/export-d/pupils.csv" '1'
echo "$(upn 799),Pupil 99,5,F,2025-09-01,N,N,N,N,N,WBRI,N,,maybe" >>"$WORK/export-a/pupils.csv"
for name in a b d; do "$BIN/zone-agent" push --config "$WORK/$name.conf" >"$WORK/push2-$name.out" 2>&1; done
check "a bad fsm_eligible is one line naming file, line and field" contains "$WORK/push2-a.out" \
    "rejected pupils.csv:32: field 'fsm_eligible': 'maybe' must be Y or N"
check "  the other rows go through (29 changed, pupil 30's blank unchanged)" contains "$WORK/push2-a.out" \
    "stored 29, unchanged 1, deleted 0, rejected 1"
check "every row of B changed" contains "$WORK/push2-b.out" "read 12, stored 12, unchanged 0"
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push3-a.out" 2>&1
check "pushed again: nothing changed" contains "$WORK/push3-a.out" "stored 0, unchanged 30"
rm -f "$WORK"/.zone-agent-state/school-100001*
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push4-a.out" 2>&1
check "the state lost: nothing changed" contains "$WORK/push4-a.out" "stored 0, unchanged 30"
# zoned's debug line of that push: the zone's digests of the stored rows
# matched the agent's, so the repaired state sent no row again.
check "  and nothing was resent" bash -c "grep 'push from school:100001' '$WORK/zoned.log' | tail -1 |
    grep -q 'stored 0, unchanged 0, rejected 0'"

"${CTL[@]}" gaps >"$WORK/gaps.txt"
sed -n '/^Free school meals take-up/,$p' "$WORK/gaps.txt" >"$WORK/take-up.txt"
row() { grep -qE "^$1 +$2 +$3 +$4 +$5 +$6\$" "$WORK/take-up.txt"; }
check "zone: 15 of 38 entitled not registered, from 3 schools" row zone "" 3 38 15 39.5
check "cluster North: 10 of 28" row cluster North 2 28 10 35.7
check "cluster South: 5 of 10 (C supplies none)" row cluster South 1 10 5 50.0
check "school D: 5 of 10" row school "100004 Delta" 1 10 5 50.0
check "school B: 2 not registered, suppressed" row school "100002 Beta" 1 8 - -
check "school A: suppressed too (B's would follow from the cluster's)" row school "100001 Alpha" 1 20 - -
check "school C says it does not supply the column" grep -qE '^school +100003 Gamma +- +no school supplies fsm_eligible$' \
    "$WORK/take-up.txt"
"${CTL[@]}" gaps --json >"$WORK/gaps.json"
check "JSON: the zone" grep -qF '"level": "zone", "name": null, "cluster": null, "all": {"pupils": 62,' "$WORK/gaps.json"
check "  its take-up" contains "$WORK/gaps.json" \
    '"fsm_take_up": {"schools_supplying": 3, "suppressed": false, "eligible": 38, "not_registered": 15, "not_registered_pct": 39.47}'
check "  a cluster's" contains "$WORK/gaps.json" \
    '"fsm_take_up": {"schools_supplying": 2, "suppressed": false, "eligible": 28, "not_registered": 10, "not_registered_pct": 35.71}'
check "  a school's suppressed" grep -qF '"school": "100002", "name": "Beta", "cluster": "North", "all": {"pupils": 12,' "$WORK/gaps.json"
check "  as null figures" contains "$WORK/gaps.json" \
    '"fsm_take_up": {"schools_supplying": 1, "suppressed": true, "eligible": 8, "not_registered": null, "not_registered_pct": null}'
check "  a school without the column says so" grep -qF '"name": "Gamma", "cluster": "South", "all": {"pupils": 10,' "$WORK/gaps.json"
check "  (C alone)" test "$(grep '"fsm_take_up": {"schools_supplying": 0, "note": "no school supplies fsm_eligible"}' "$WORK/gaps.json" | grep -c '"name": "Gamma"')" = 1
"$BIN/zonectl" --config "$WORK/a.conf" gaps --json >"$WORK/a.json"
check "school A's own view hides what the zone's hides" contains "$WORK/a.json" \
    '"fsm_take_up": {"schools_supplying": 1, "suppressed": true, "eligible": 20, "not_registered": null, "not_registered_pct": null}'
check "  and shows no other school" not_contains "$WORK/a.json" '"eligible": 38'
"${CTL[@]}" gaps --by fsm --level cluster >"$WORK/fsm.txt"
check "--by fsm keeps the take-up, --level filters it" grep -qE '^cluster +North +2 +28 +10 +35.7$' "$WORK/fsm.txt"
check "  only the clusters" not_contains "$WORK/fsm.txt" "100004 Delta"
"${CTL[@]}" gaps --by gender >"$WORK/gender.txt"
check "--by another group leaves it out" not_contains "$WORK/gender.txt" "take-up"
check "zoned stops cleanly" stop_zone
finish
