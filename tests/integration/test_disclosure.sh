#!/usr/bin/env bash
# Disclosure control (SPEC §8): a generated zone of 30 small schools, where
# small groups abound (Gender X, children in care, EHC plans, ethnic
# minorities), and the gap tables zonectl prints checked by
# tests/tools/gapcheck, which works out every figure the published ones
# imply (within a school, cluster or the zone, and between them) and fails
# on any suppressed figure of 1-4 pupils it can reach. Every other output
# (each school's own view, JSON, the table, priorities, the HTML report)
# must hide the same figures.
. "$(dirname "$0")/lib.sh"
GAPCHECK=$BIN/../tools/gapcheck

make_pki || exit 1
"$BIN/zonegen" --out "$WORK/zone" --seed 1 --schools 30 --pupils 30 --from 2026-01-05 --to 2026-02-27 2>/dev/null
start_zone --as-of 2026-03-02 || exit 1
client_conf coord coordinator-alice
URNS=$(tail -n +2 "$WORK/zone/zone.csv" | cut -d, -f1)
for urn in $URNS; do
    "$BIN/zonectl" pki issue school "$urn" --dir "$PKI" >/dev/null
    client_conf "s$urn" "school-$urn" "$WORK/zone/school-$urn"
    "$BIN/zone-agent" push --config "$WORK/s$urn.conf" >/dev/null 2>&1
done
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
ctl schools import "$WORK/zone/zone.csv" >/dev/null

# The attacker's side knowledge: every pupil has a recorded gender, so the
# "no gender group" remainder is empty and all - girls - boys = Gender X.
genders() { grep -v '^upn,' "$1" | sed 's/"[^"]*"//g' | cut -d, -f4; } # names may be quoted
check "every generated pupil has a gender" equals "$(for f in "$WORK"/zone/school-*/pupils.csv; do genders "$f"; done | grep -cv '^[FMX]$')" 0
small_x=0
for f in "$WORK"/zone/school-*/pupils.csv; do
    n=$(genders "$f" | grep -c '^X$')
    [ "$n" -ge 1 ] && [ "$n" -le 4 ] && small_x=$((small_x + 1))
done
check "some schools have 1-4 Gender X pupils to protect" test "$small_x" -ge 2

ctl gaps --csv >"$WORK/gaps.csv"
check "no suppressed figure of 1-4 pupils can be worked out from the tables" "$GAPCHECK" --empty gender "$WORK/gaps.csv"

# Overlapping groups (--by A,B): each pair's table, held beside the single
# groups' table, gives no small figure away either; a school's own view of
# a pair hides what the zone's table of it hides.
for pair in fsm,gender ethnicity,gender disadvantaged,idaci sen,ethnicity; do
    ctl gaps --by "$pair" --csv >"$WORK/pair-$pair.csv"
    check "--by $pair: $(grep -c ',group,' "$WORK/pair-$pair.csv") overlaps, nothing small follows with the single groups" \
        "$GAPCHECK" --empty gender "$WORK/gaps.csv" "$WORK/pair-$pair.csv"
done
check "some overlaps are published" grep -q '^school,.*,"fsm,gender",fsm+girls,group,[0-9]' "$WORK/pair-fsm,gender.csv"
check "and some suppressed" grep -q '^school,.*,"fsm,gender",fsm+girls,group,,.*,1$' "$WORK/pair-fsm,gender.csv"
urn=$(echo "$URNS" | head -1)
"$BIN/zonectl" --config "$WORK/s$urn.conf" gaps --by gender,fsm --csv | grep "^school,$urn," >"$WORK/own-pair.csv"
check "a school's own overlaps hide what the zone's table hides" bash -c \
    "[ -s '$WORK/own-pair.csv' ] && grep '^school,$urn,' '$WORK/pair-fsm,gender.csv' | cmp -s - '$WORK/own-pair.csv'"

# Each school sees its own figures suppressed exactly as the zone's table
# has them: put together, the answers give nothing more away.
same=0
for urn in $URNS; do
    "$BIN/zonectl" --config "$WORK/s$urn.conf" gaps --csv | grep "^school,$urn," >"$WORK/own-$urn.csv"
    grep "^school,$urn," "$WORK/gaps.csv" | cmp -s - "$WORK/own-$urn.csv" && [ -s "$WORK/own-$urn.csv" ] && same=$((same + 1))
done
check "each school's own view hides what the zone's table hides" equals "$same" "$(echo "$URNS" | wc -w)"

# The same figures hidden in every output.
hidden=$(grep -c ',group,[0-9]*,.*,1$' "$WORK/gaps.csv")
check "the zone's table suppresses some groups (so the counts below compare something)" test "$hidden" -gt 0
ctl gaps --json >"$WORK/gaps.json"
check "JSON suppresses the same groups" equals "$(grep -o '"suppressed": true' "$WORK/gaps.json" | wc -l)" "$hidden"
ctl gaps >"$WORK/gaps.txt"
check "the table suppresses the same groups" equals "$(grep -cE '^[a-z0-9_]+ +suppressed$' "$WORK/gaps.txt")" "$hidden"
ctl priorities --json >"$WORK/prio.json"
dis_hidden=$(grep -c '^school,.*,disadvantaged,disadvantaged,group,.*,1$' "$WORK/gaps.csv")
check "priorities suppress the same disadvantaged gaps" equals "$(grep -o '"gap_suppressed": true' "$WORK/prio.json" | wc -l)" "$dis_hidden"
ctl report --html "$WORK/report.html" >/dev/null
check "the HTML report says what is suppressed" contains "$WORK/report.html" "whatever would give them away by subtraction"
check "zoned stops cleanly" stop_zone
finish
