#!/usr/bin/env bash
# Gap analysis through zonectl: schools and clusters, figures by group with
# small groups suppressed, RAG against the benchmark file, who may see what,
# snapshots and trend, the priority list.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/gaps_zone.sh"
make_gap_zone || exit 1
CTL=("$BIN/zonectl" --config "$WORK/coord.conf")
BENCH=$(cd "$(dirname "$0")/../.." && pwd)/deploy/national-benchmarks.conf

"${CTL[@]}" schools list >"$WORK/schools.txt"
check "schools imported with their clusters" contains "$WORK/schools.txt" "100001  North        Alpha Primary, Upper"
"${CTL[@]}" schools set 100002 --name "Beta Primary" --cluster North >/dev/null
"${CTL[@]}" schools list --json >"$WORK/schools.json"
check "schools set moves B to North" contains "$WORK/schools.json" '{"urn": "100002", "name": "Beta Primary", "cluster": "North"}'
check "a school cannot change the schools" refused "$BIN/zonectl" --config "$WORK/a.conf" schools set 100001 --name X --cluster Y

"${CTL[@]}" gaps --json --benchmarks "$BENCH" >"$WORK/gaps.json"
check "zone: 16 pupils" contains "$WORK/gaps.json" '"level": "zone", "name": null, "cluster": null, "all": {"pupils": 16,'
check "disadvantaged at A: 74% attendance, 40% persistent absence, 75% below in maths" contains "$WORK/gaps.json" \
    '{"group": "disadvantaged", "by": "disadvantaged", "suppressed": false, "members": {"pupils": 5, "suspensions": 0, "permanent_exclusions": 0, "attendance_pct": 74.00, "persistent_absence_pct": 40.00, "severe_absence_pct": 20.00, "suspensions_per_100": 0.00, "permanent_exclusions_per_100": 0.00, "below_expected_maths_pct": 75.00'
check "rest at A: 100% attendance, 20% below in maths" contains "$WORK/gaps.json" \
    '"rest": {"pupils": 5, "suspensions": 0, "permanent_exclusions": 0, "attendance_pct": 100.00, "persistent_absence_pct": 0.00, "severe_absence_pct": 0.00, "suspensions_per_100": 0.00, "permanent_exclusions_per_100": 0.00, "below_expected_maths_pct": 20.00'
check "gap at A: -26 points attendance, +55 points in maths" contains "$WORK/gaps.json" \
    '"gap": {"attendance_pct": -26.00, "persistent_absence_pct": 40.00, "severe_absence_pct": 20.00, "suspensions_per_100": 0.00, "permanent_exclusions_per_100": 0.00, "below_expected_maths_pct": 55.00'
check "two children in care are suppressed" contains "$WORK/gaps.json" \
    '{"group": "cic", "by": "cic", "suppressed": true, "members": null, "rest": null, "gap": null}'
check "RAG against national figures" contains "$WORK/gaps.json" '"national_source": "DfE, academic year 2023/24'
"${CTL[@]}" gaps --by disadvantaged --level school --csv >"$WORK/gaps.csv"
check "CSV quotes a school name with a comma" contains "$WORK/gaps.csv" 'school,100001,"Alpha Primary, Upper",North,disadvantaged,disadvantaged,gap,,-26.00,40.00'
check "--by filters the groups" not_contains "$WORK/gaps.csv" ",cic,"
check "--level filters the scopes" not_contains "$WORK/gaps.csv" "zone,"
"${CTL[@]}" gaps --level school >"$WORK/gaps.txt"
check "table marks suppressed groups" contains "$WORK/gaps.txt" "cic                            suppressed"

"$BIN/zonectl" --config "$WORK/a.conf" gaps --json >"$WORK/a-gaps.json"
check "a school sees its own breakdown" contains "$WORK/a-gaps.json" '"school": "100001"'
check "and nothing else" not_contains "$WORK/a-gaps.json" '100002'
check "a school cannot ask for another school" fails_with "not allowed for school:100001" "$BIN/zonectl" --config "$WORK/a.conf" gaps --school 100002
check "a school cannot ask for the zone level" refused "$BIN/zonectl" --config "$WORK/a.conf" gaps --level zone
check "zoned logs the refusal" contains "$WORK/zoned.log" "refused reading gaps beyond the school's own from school:100001"
# Deprivation (IDACI): A's pupils 1-5 live in decile 2, the rest in 7 and 9.
"${CTL[@]}" gaps --by idaci --csv >"$WORK/idaci.csv"
check "IDACI 1-3 against the rest at A: -26 points attendance, +40 persistent absence" contains "$WORK/idaci.csv" \
    'school,100001,"Alpha Primary, Upper",North,idaci,idaci_1_3,gap,,-26.00,40.00'
check "  and in the cluster" contains "$WORK/idaci.csv" 'cluster,,North,North,idaci,idaci_1_3,gap,,-26.00,40.00'
check "  and in the zone (5 pupils against 11)" contains "$WORK/idaci.csv" 'zone,,,,idaci,idaci_1_3,group,5,74.00'
check "decile 2 is the band's 5 pupils" contains "$WORK/idaci.csv" 'zone,,,,idaci,idaci_2,group,5,74.00'
check "decile 7 against the rest" contains "$WORK/idaci.csv" 'zone,,,,idaci,idaci_7,group,5,100.00'
check "an empty decile is suppressed" contains "$WORK/idaci.csv" 'zone,,,,idaci,idaci_1,group,,,,,,,,,,1'
check "--by idaci shows only deprivation" not_contains "$WORK/idaci.csv" ",fsm,"
"${CTL[@]}" gaps --by idaci --level zone >"$WORK/idaci.txt"
check "the table has the band" grep -qE '^idaci_1_3 +5 +74.0' "$WORK/idaci.txt"
# A year before (2 Mar 2025): pupil 1 missed 6-10 Jan 2025, so A's
# disadvantaged pupils attended 80% against 100%.
"${CTL[@]}" gaps --last-year --by disadvantaged --csv >"$WORK/ly.csv"
check "last year's gap at A" contains "$WORK/ly.csv" \
    'school,100001,"Alpha Primary, Upper",North,disadvantaged,disadvantaged,gap_last_year,,-20.00,'
check "  in the cluster and the zone" test "$(grep -c '^[a-z]*,.*,disadvantaged,gap_last_year,,-20.00,' "$WORK/ly.csv")" = 3
check "  beside this year's" contains "$WORK/ly.csv" 'zone,,,,disadvantaged,disadvantaged,gap,,-26.00,'
check "  suppressed a year before as it is now (B has no disadvantaged pupil)" contains "$WORK/ly.csv" \
    'school,100002,Beta Primary,North,disadvantaged,disadvantaged,gap_last_year,,,,,,,,,,1'
"${CTL[@]}" gaps --last-year --by disadvantaged --json --level zone >"$WORK/ly.json"
check "JSON: the date and the gap a year before" grep -q '"last_year_as_of": "2025-03-02".*' "$WORK/ly.json"
check "  the gap" contains "$WORK/ly.json" '"gap_last_year": {"attendance_pct": -20.00'
"${CTL[@]}" gaps --last-year --by disadvantaged --level zone >"$WORK/ly.txt"
check "the table has the gap a year before" grep -qE '^  gap a year before +-20.0' "$WORK/ly.txt"

# Overlapping groups: every pupil is a girl, so FSM girls are A's FSM pupils.
"${CTL[@]}" gaps --by gender,fsm --csv >"$WORK/pair.csv"
check "FSM girls against the rest at A" contains "$WORK/pair.csv" \
    'school,100001,"Alpha Primary, Upper",North,"fsm,gender",fsm+girls,gap,,-26.00,40.00'
check "  and in the zone" contains "$WORK/pair.csv" 'zone,,,,"fsm,gender",fsm+girls,group,5,74.00'
check "no FSM boys: suppressed" contains "$WORK/pair.csv" 'zone,,,,"fsm,gender",fsm+boys,group,,,,,,,,,,1'
check "--by A,B shows only the overlaps" not_contains "$WORK/pair.csv" ',fsm,fsm,'
"${CTL[@]}" gaps --by fsm,gender --json --level school >"$WORK/pair.json"
check "JSON names the pair" contains "$WORK/pair.json" '{"group": "fsm+girls", "by": "fsm,gender", "suppressed": false, "members": {"pupils": 5,'
"${CTL[@]}" gaps --by fsm,gender --level zone >"$WORK/pair.txt"
check "the table has FSM girls" grep -qE '^fsm\+girls +5 +74.0' "$WORK/pair.txt"
check "a pair of one group twice is a usage error" usage_error "needs two different groups" "${CTL[@]}" gaps --by fsm,fsm
check "a pair has no trend" usage_error "snapshots keep no overlaps" "${CTL[@]}" gaps --by fsm,gender --trend
check "an unknown group is a usage error" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' gaps --by height 2>/dev/null; [ \$? = 2 ]"

"${CTL[@]}" gaps snapshot >"$WORK/snap.txt"
check "snapshots of the half-term ends passed" contains "$WORK/snap.txt" "snapshot taken as of 2026-02-13"
check "an option a command does not use is a usage error" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' gaps snapshot --json 2>/dev/null; [ \$? = 2 ]"
check "a school cannot take snapshots" refused "$BIN/zonectl" --config "$WORK/a.conf" gaps snapshot
"${CTL[@]}" gaps --trend --by disadvantaged --level zone >"$WORK/trend.txt"
check "trend shows the half-term ends and now" contains "$WORK/trend.txt" "2025-12-19 2026-02-13        now  direction"
check "trend: maths gap stable since February" grep -qE "below_expected_maths_pct +.*stable" "$WORK/trend.txt"

"${CTL[@]}" priorities --benchmarks "$BENCH" --json >"$WORK/prio.json"
check "priority list ranks A first with its figures" contains "$WORK/prio.json" '{"rank": 1, "school": "100001", "name": "Alpha Primary, Upper"'
# To celebrate: after the February half-term end, pupils 1 and 2 (FSM) reach
# expected in maths: A's disadvantaged gap in maths goes from +55 (75% below
# against 20%) to +5 (25% against 20%).
printf '%s,maths,2026-02-20,expected\n' "$(upn 601)" "$(upn 602)" >>"$WORK/export-a/assessments.csv"
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push-a2.out" 2>&1
"${CTL[@]}" priorities --json >"$WORK/prio2.json"
check "a narrowed gap is celebrated, with its figures" contains "$WORK/prio2.json" \
    '"school": "100001", "name": "Alpha Primary, Upper", "group": "disadvantaged", "measure": "below_expected_maths_pct", "since": "2026-02-13", "gap_then": 55.00, "gap_now": 5.00, "narrowed": 50.00}'
check "  and not the gaps that stayed" not_contains "$WORK/prio2.json" '"measure": "attendance_pct", "since"'
"${CTL[@]}" priorities >"$WORK/prio2.txt"
check "  in the table too" grep -qE '^  100001 Alpha Primary, Upper +Disadvantaged.*Below expected in maths +\+55.0 -> +\+5.0 \(narrowed 50.0\)' "$WORK/prio2.txt"
check "before the push nothing was to celebrate" equals "$(grep -c '"narrowed"' "$WORK/prio.json")" 0
# Targets (audited): A's disadvantaged attendance gap has stayed at -26
# since 13 Feb (off track for -10); its maths gap went +55 to +5 (on track
# for 0); its persistent absence gap of +40 already meets 50.
"${CTL[@]}" gaps target set attendance_pct disadvantaged -10 --by 2026-07-22 >/dev/null
"${CTL[@]}" gaps target set below_expected_maths_pct disadvantaged 0 --by 2026-07-22 >/dev/null
"${CTL[@]}" gaps target set persistent_absence_pct disadvantaged 50 --by 2026-07-22 >"$WORK/targets.txt"
check "targets listed" grep -qE '^attendance_pct +disadvantaged +-10.0 by 2026-07-22$' "$WORK/targets.txt"
check "a school cannot set a target" refused "$BIN/zonectl" --config "$WORK/a.conf" gaps target set attendance_pct fsm -1 --by 2026-07-22
check "an unknown measure is a usage error" usage_error "no measure is called 'attendance'" \
    "${CTL[@]}" gaps target set attendance disadvantaged -1 --by 2026-07-22
check "a target needs --by" usage_error "give --by DATE" "${CTL[@]}" gaps target set attendance_pct fsm -1
"${CTL[@]}" gaps --by disadvantaged --level school --school 100001 >"$WORK/t.txt"
check "the table: attendance off track" contains "$WORK/t.txt" "  target attendance_pct -10.0 by 2026-07-22: 16.0 to go, off track"
check "  maths on track" contains "$WORK/t.txt" "  target below_expected_maths_pct +0.0 by 2026-07-22: 5.0 to go, on track"
check "  persistent absence met" contains "$WORK/t.txt" "  target persistent_absence_pct +50.0 by 2026-07-22: reached, met"
"${CTL[@]}" gaps --by disadvantaged --json --level zone >"$WORK/t.json"
check "JSON: each target with how far to go" contains "$WORK/t.json" \
    '"targets": [{"measure": "attendance_pct", "target": -10.00, "by": "2026-07-22", "to_target": 16.00, "outlook": "off track"}'
"${CTL[@]}" gaps --by disadvantaged --csv --level zone >"$WORK/t.csv"
check "CSV: how far to go (negative: beyond it)" contains "$WORK/t.csv" 'zone,,,,disadvantaged,disadvantaged,to_target,,16.00,-10.00,'
"${CTL[@]}" report --html "$WORK/t.html"
check "the report: target under the gap" contains "$WORK/t.html" '<span class="ly">target -10.0 by 2026-07-22: 16.0 to go, off track</span>'
"${CTL[@]}" priorities --json >"$WORK/t-prio.json"
check "priorities: the disadvantaged gap's targets too" contains "$WORK/t-prio.json" \
    '"targets": [{"measure": "attendance_pct", "target": -10.00, "by": "2026-07-22", "to_target": 16.00, "outlook": "off track"}'
"${CTL[@]}" priorities >"$WORK/t-prio.txt"
check "  in its table" contains "$WORK/t-prio.txt" "disadvantaged gap's target below_expected_maths_pct +0.0 by 2026-07-22: 5.0 to go, on track"
"${CTL[@]}" audit --who coordinator:alice >"$WORK/t-audit.txt"
check "a target set is audited" grep -q "set the gap target for disadvantaged in attendance_pct to -10.00 by 2026-07-22" "$WORK/t-audit.txt"
"${CTL[@]}" gaps target clear persistent_absence_pct disadvantaged >"$WORK/targets2.txt"
check "a target cleared" not_contains "$WORK/targets2.txt" "persistent_absence_pct"
check "  and audited" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit --who coordinator:alice | grep -q 'cleared the gap target for disadvantaged in persistent_absence_pct'"
check "clearing one not set is refused as input" usage_error "no gap target" "${CTL[@]}" gaps target clear persistent_absence_pct disadvantaged
check "zoned stops cleanly" stop_zone
finish
