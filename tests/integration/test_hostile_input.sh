#!/usr/bin/env bash
# A careless or hostile school's text (issue #21, low findings): control
# characters reach no terminal raw, names that are formulas reach no
# spreadsheet as formulas, text that is not UTF-8 is refused (by the agent
# with its line, by the zone from a hand-built request), a date past the
# calendar is refused, and a frame that would unpack to far more than its
# size is refused and leaves nothing held.
. "$(dirname "$0")/lib.sh"
RAWREQ=$BIN/../tools/rawreq

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf coord coordinator-alice
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
school() { "$BIN/zonectl" --config "$WORK/a.conf" "$@"; }
raw() { "$RAWREQ" --config "$WORK/$1.conf"; }
M=$(upn 31) N=$(upn 32) Q=$(upn 33) J=$(upn 34)
ESC=$'\e'
# not_grep RE FILE: FILE was read and no line matches RE (a missing FILE fails)
not_grep() {
    local rc=0
    grep -q -- "$1" "$2" || rc=$?
    [ "$rc" = 1 ]
}

header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
{
    echo "$header"
    echo "$M,\"=HYPERLINK(\"\"http://evil.example\"\")\",8,M,2025-09-01,N,N,N,N,N,WBRI,N,"
    printf '%s,Bad \377Name,8,F,2025-09-01,N,N,N,N,N,WBRI,N,\n' "$N"
    printf '%s,Nul\000Name,8,F,2025-09-01,N,N,N,N,N,WBRI,N,\n' "$Q"
    echo "$J,\"Jo \"\"JJ\"\" O\\Neill\",8,F,2025-09-01,N,N,N,N,N,WBRI,N,"
} >"$WORK/export-a/pupils.csv"
{
    echo "upn,date,session,code"
    for d in 2026-01-05 2026-01-06 2026-01-07 2026-01-08 2026-01-09 2026-01-12 2026-01-13 2026-01-14 2026-01-15 2026-01-16; do
        echo "$M,$d,AM,O"; echo "$M,$d,PM,O"; echo "$J,$d,AM,O"; echo "$J,$d,PM,O"
    done
} >"$WORK/export-a/attendance.csv"
printf 'incident_id,upn,date,category,points,action,days\n' >"$WORK/export-a/behaviour.csv"
printf 'upn,subject,date,step\n%s,maths,2025-12-18,gap\n%s,maths,2025-12-18,gap\n' "$M" "$J" >"$WORK/export-a/assessments.csv"
printf 'event_id,upn,date,kind,severity\n' >"$WORK/export-a/health.csv"
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/sync.out" 2>&1

# 11: invalid UTF-8 and NUL bytes are bad rows, named by line and field.
check "invalid UTF-8 in pupils.csv is a bad row" contains "$WORK/sync.out" "pupils.csv:3: field 'name': invalid UTF-8"
check "a NUL byte in pupils.csv is a bad row" contains "$WORK/sync.out" "pupils.csv:4: field 'name': a NUL byte"
check "  and neither pupil reaches the zone" fails_with "no school in the zone has $N" ctl pupil "$N"
check "  (nor the one with a NUL byte)" fails_with "no school in the zone has $Q" ctl pupil "$Q"
check "the good row is stored" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' pupil $M >/dev/null"

# 12: a name that is a formula is written as text.
check "alerts.csv: a formula name is prefixed with '" contains "$WORK/out-a/alerts.csv" \
    "$M,\"'=HYPERLINK(\"\"http://evil.example\"\")\",100001,family_meeting"

# 10: a school's meeting actions and close reason with control characters.
forged=$'moved\n2026-03-02 00:00  coordinator:alice         erased pupil '"$M$ESC"'[31m'
school meeting "$M" --id m1 --invited 2026-02-20 --actions $'call\rhome'"$ESC"'[2J' >/dev/null 2>&1
school alert close "$M" --reason "$forged" >/dev/null 2>&1
ctl audit >"$WORK/audit.txt" 2>&1
ctl support "$M" >"$WORK/support.txt" 2>&1
ctl pupil "$M" >"$WORK/pupil.txt" 2>&1
ctl alerts --all >"$WORK/alerts.txt" 2>&1
check "the close reason is in the audit" contains "$WORK/audit.txt" 'moved\n2026-03-02'
check "  escaped: no line of the audit is forged" not_grep '^2026-03-02 00:00' "$WORK/audit.txt"
for f in audit support pupil alerts; do
    check "  no escape character reaches the terminal ($f)" not_contains "$WORK/$f.txt" "$ESC"
done
check "meeting actions escaped in the support view" contains "$WORK/support.txt" 'actions: call\rhome\x1b[2J'
check "close reason escaped in the support view" contains "$WORK/support.txt" 'moved\n2026-03-02'
ctl export-pupil "$M" >"$WORK/export.json"
check "export-pupil escapes them by JSON's rules" contains "$WORK/export.json" 'call\u000dhome\u001b[2J'
check "  and writes valid JSON" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$WORK/export.json"

# Every JSON output (issue #18, common/json.c) escapes a school's quotes,
# backslashes and control characters and stays valid JSON: a name with
# quotes and a backslash in the agent's alerts.json, the close reason with a
# newline and an escape in zonectl alerts, a school's name (in schools,
# gaps and priorities) and a menu offer with both. (Bytes that are not UTF-8 never get this far: the agent and
# the zone refuse them, checked above and below; tests/unit/test_json.c
# checks that the writer would replace them.)
valid_json() { python3 -c 'import json,sys; json.load(sys.stdin)' <"$1"; }
check "alerts.json: the name's quotes and backslash escaped" contains "$WORK/out-a/alerts.json" \
    "\"upn\": \"$J\", \"name\": \"Jo \\\"JJ\\\" O\\\\Neill\""
check "  and alerts.json is valid JSON" valid_json "$WORK/out-a/alerts.json"
ctl alerts --all --json >"$WORK/alerts.json"
check "zonectl alerts --json escapes the close reason" contains "$WORK/alerts.json" '"closed_reason": "moved\u000a2026-03-02'
check "  and is valid JSON" valid_json "$WORK/alerts.json"
ctl schools set 100001 --name 'St "Mary" \ Upper' --cluster 'N\"' >/dev/null
ctl menu add --name 'Walk "n" \ talk' --provider $'Zone\x01' --for child --needs attendance --places 2 --cost 1 >/dev/null
J_OUT=(
    "alerts --json" "pupil $M --json" "export-pupil $J" "schools list --json" "gaps --json" "gaps --json --trend"
    "priorities --json" "impact --json" "leavers --json" "moves --json" "menu list --json"
)
for cmd in "${J_OUT[@]}"; do
    # shellcheck disable=SC2086 # the words of the command
    ctl $cmd >"$WORK/out.json" 2>"$WORK/out.err"
    check "zonectl $cmd writes valid JSON" valid_json "$WORK/out.json"
done
ctl schools list --json >"$WORK/schools.json"
check "  the school's name escaped" contains "$WORK/schools.json" \
    '"name": "St \"Mary\" \\ Upper", "cluster": "N\\\""'
ctl menu list --json >"$WORK/menu.json"
check "  the offer's name escaped" contains "$WORK/menu.json" '"name": "Walk \"n\" \\ talk", "provider": "Zone\u0001"'
# A listing that cannot be written (a full disk) is a runtime failure, not
# a truncated file and exit 0.
for cmd in "alerts --all --json" "export-pupil $J" "schools list --json"; do
    # shellcheck disable=SC2086
    check "zonectl $cmd to a full disk: exit 1" fails_with "the JSON could not be written: No space left on device" \
        eval 'ctl '"$cmd"' >/dev/full'
done

# 11 at the zone: a hand-built support push, actions "x\xffy", is refused and nothing stored.
# Request{support_push(23){meetings(1){meeting_id "m9", upn, invited, attended 0, actions "x\xffy"}}}
pb='sub v { my $n = shift; my $s = ""; while ($n >= 128) { $s .= chr(($n & 127) | 128); $n >>= 7 } $s . chr($n) }
    sub f { my ($tag, $bytes) = @_; v($tag) . v(length $bytes) . $bytes }'
perl -e "$pb"'; print f(186, f(0x0a, f(0x0a, "m9") . f(0x12, $ARGV[0]) . "\x18" . v(20500) . "\x28\x00" . f(0x32, "x\xffy")))' "$M" |
    raw a >"$WORK/raw1.out"
check "the zone refuses invalid UTF-8 in a request" contains "$WORK/raw1.out" \
    "error 1: field actions of support_push.meetings: invalid UTF-8"
ctl support "$M" >"$WORK/support2.txt" 2>&1
check "  and stores nothing" not_contains "$WORK/support2.txt" "m9"
check "  and logs the refusal" contains "$WORK/zoned.log" "(school:100001): bad request refused: field actions"

# 13: gaps as_of = 2147483647 (Request{gaps(12){as_of(1) 2147483647}}).
printf '\x62\x06\x08\xff\xff\xff\xff\x07' | raw coord >"$WORK/raw2.out"
check "a date past the calendar is refused clearly" contains "$WORK/raw2.out" \
    "error 1: field as_of of gaps: day number 2147483647 is not a date from 1900-01-01 to 2199-12-31"
check "  and zoned is still serving" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' status >/dev/null"

# 14: one 8 MiB frame of 4 million empty strings (Request{roll_complete(9){upns ""...}}).
rss() { awk "/^${1:-VmRSS}/ {print \$2}" "/proc/$ZONED_PID/status"; }
before=$(rss)
perl -e "$pb"'; print f(0x4a, "\x0a\x00" x 4194300)' | raw a >"$WORK/raw3.out"
check "a frame that unpacks far beyond its size is refused" contains "$WORK/raw3.out" "send fewer items at a time"
"$BIN/zonectl" --config "$WORK/coord.conf" status >/dev/null 2>&1 # the big frame's connection is gone by then
after=$(rss)
if nm -D "$BIN/zoned" 2>/dev/null | grep -q __asan_init || [ -n "${ZONED_WRAPPER:-}" ]; then
    echo "  (resident memory not compared: the sanitizer's or checker's allocator keeps freed memory)"
else
    check "  and zoned's memory is given back (${before} kB resident before, ${after} kB after, peak $(rss VmHWM) kB)" \
        test "$after" -lt $((before + 16384))
fi
check "  and zoned is still serving" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' status >/dev/null"
# A large request within the bound (a roll of 500,000 UPNs, 7.5 MB) is unpacked and answered.
perl -e "$pb"'; print f(0x4a, f(0x0a, $ARGV[0]) x 500000)' "$M" | raw a >"$WORK/raw4.out"
check "a large request within the bound is answered" contains "$WORK/raw4.out" "answer 9"
"$BIN/zonectl" --config "$WORK/coord.conf" status >/dev/null 2>&1
after=$(rss)
if ! nm -D "$BIN/zoned" 2>/dev/null | grep -q __asan_init && [ -z "${ZONED_WRAPPER:-}" ]; then
    check "  and zoned's memory is given back (${before} kB resident before, ${after} kB after)" \
        test "$after" -lt $((before + 16384))
fi

check "SIGTERM stops zoned cleanly" stop_zone
finish
