#!/usr/bin/env bash
# A wrong date does no harm (issue 21, medium 8): an as-of date before the
# zone's latest evaluation is refused at start; with --rewind it is served
# read-only, alert history replayed as it stood and nothing rewritten; a
# date jump that would purge more than purge_confirm_above pupils waits for
# `zonectl purge`; every automatic purge is in the audit log.
. "$(dirname "$0")/lib.sh"

make_pki || exit 1
"$BIN/zonegen" --out "$WORK/zone" --seed 11 --schools 2 --pupils 300 --to 2026-03-02 2>/dev/null
start_zone --as-of 2026-03-02 || exit 1
client_conf coord coordinator-alice
zone_schools sync
FIRST=$(tail -n +2 "$WORK/zone/zone.csv" | head -1 | cut -d, -f1)
# eight pupils leave the zone: off their school's roll at the next sync
sed -i '2,9d' "$WORK/zone/school-$FIRST/pupils.csv"
"$BIN/zone-agent" sync --config "$WORK/s$FIRST.conf" >/dev/null 2>&1
UPN=$(sed -n 2p "$WORK/zone/school-$FIRST/pupils.csv" | cut -d, -f1)
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
pupils() { ctl status | grep -o ', [0-9]* pupils,' | grep -o '[0-9]*'; }
ctl alerts --all --json >"$WORK/alerts-before.json"
PUPILS=$(pupils)
stop_zone || exit 1
cp -a "$WORK/data" "$WORK/data.synced"

# --- an earlier date ----------------------------------------------------------
lines=$(wc -l <"$WORK/zoned.log")
code=0
timeout 60 "$BIN/zoned" --config "$WORK/zoned.conf" --as-of 2026-01-15 2>>"$WORK/zoned.log" || code=$?
check "an as-of date before the latest evaluation is refused at start (exit 1)" equals "$code" 1
tail -n +$((lines + 1)) "$WORK/zoned.log" >"$WORK/earlier.log"
check "  saying why in one line" bash -c "[ \$(wc -l <'$WORK/earlier.log') = 1 ] &&
    grep -q 'the evaluation date 2026-01-15 is before the zone.s latest evaluation 2026-03-02' '$WORK/earlier.log'"

start_zone --as-of 2026-01-15 --rewind || exit 1
check "--rewind serves it, saying nothing is stored" grep -q "rewound to 2026-01-15 (the zone's latest evaluation is 2026-03-02): .* nothing stored" "$WORK/zoned.log"
ctl alerts --all --json >"$WORK/alerts-rewound.json"
check "  alerts as they stood then: none raised after the date" not_contains "$WORK/alerts-rewound.json" '"raised": "2026-03'
check "  none resolved after it" not_contains "$WORK/alerts-rewound.json" '"resolved": "2026-0[23]'
check "  a pupil can be read (figures as of the date)" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' pupil '$UPN' --json | grep -q '\"as_of\": \"2026-01-15\"'"
check "  and the read is audited" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit | grep -q 'read pupil $UPN'"
check "  a push is refused: nothing is stored" fails_with "rewound" "$BIN/zone-agent" push --config "$WORK/s$FIRST.conf"
check "  a setting change too" fails_with "rewound" "$BIN/zonectl" --config "$WORK/coord.conf" thresholds set window_days 27
stop_zone || exit 1
start_zone --as-of 2026-03-02 || exit 1
ctl alerts --all --json >"$WORK/alerts-after.json"
check "back at the real date, the alert history is as it was" same_answer "$WORK/alerts-before.json" "$WORK/alerts-after.json"
stop_zone || exit 1

# --- a date jump ----------------------------------------------------------------
start_zone --as-of 2033-09-01 || exit 1
ctl purge --dry-run >"$WORK/due.txt"
DUE=$(grep -c '^would purge [A-Z][0-9]' "$WORK/due.txt")
check "a jump to 2033 puts more than 5 pupils past retention" test "$DUE" -gt 5
check "  they are not purged automatically" equals "$(pupils)" "$PUPILS"
check "  zoned warns and waits for zonectl purge" grep -q "retention: $DUE pupils are past retention as of 2033-09-01, but the purge is held since the date jumped to 2033-09-01" "$WORK/zoned.log"
stop_zone || exit 1
start_zone --as-of 2033-09-02 || exit 1
check "the next day, the purge is still held" equals "$(pupils)" "$PUPILS"
ctl purge >"$WORK/purge.txt"
check "zonectl purge confirms it" grep -q "^purged $DUE pupil(s)" "$WORK/purge.txt"
check "  audited as the coordinator's" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit | grep -q 'coordinator:alice .*purged $DUE pupils past retention'"
check "  and the pupils are gone" equals "$(pupils)" "$((PUPILS - DUE))"
stop_zone || exit 1

# The same jump where the coordinator allows a bigger automatic purge: the
# daily purge removes them itself, and the audit log says so.
rm -rf "$WORK/data" && cp -a "$WORK/data.synced" "$WORK/data"
start_zone --as-of 2026-03-02 || exit 1
ctl thresholds set purge_confirm_above 100 >/dev/null
stop_zone || exit 1
start_zone --as-of 2033-09-01 || exit 1
check "with purge_confirm_above 100, the jump's purge is done at once" equals "$(pupils)" "$((PUPILS - DUE))"
check "  and is in the audit log" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit | grep -q 'zoned .*purged $DUE pupils past retention (.* records): the daily purge as of 2033-09-01'"
check "SIGTERM stops zoned cleanly" stop_zone
finish
