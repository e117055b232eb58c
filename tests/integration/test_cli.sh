#!/usr/bin/env bash
# The command line (issue #14): every zonectl command and subcommand and
# zoned answer --help before reading a configuration or connecting, name an
# unknown option with exit 2, and refuse a bad UPN, URN or date as a usage
# error (2) before asking the zone; every zonectl command, pki and backup
# too, says a usage error in one shape, on one line (issue #18); thresholds set names the keys and counts what it changed;
# audit --who takes a bare name; pupil and alerts show the same stage.
. "$(dirname "$0")/lib.sh"

COMMANDS=(alerts pupil thresholds "thresholds show" "thresholds set" schools "schools list" "schools set"
    "schools import" gaps "gaps snapshot" priorities report menu "menu add" "menu list" "menu retire"
    meeting plan support alert "alert close" impact status audit export-pupil erase-pupil purge
    leavers moves family "gaps target" "gaps target set" "gaps target list" "gaps target clear"
    backup pki "pki init" "pki issue" "pki revoke" "pki crl")
NOWHERE=$WORK/no-such-dir/zonectl.conf    # a configuration that does not exist; no zoned runs yet
mkdir "$WORK/cwd"
cd "$WORK/cwd" || exit 1

# helps CONFIG_ARGS...: every command's --help exits 0 with its usage on stdout.
helps() {
    local cmd out code bad=0
    for cmd in "${COMMANDS[@]}"; do
        code=0
        # shellcheck disable=SC2086 # cmd is the command's words
        out=$("$BIN/zonectl" "$@" $cmd --help 2>"$WORK/help.err") || code=$?
        if [ "$code" != 0 ] || [[ "$out" != "usage: zonectl $cmd"* ]] || [ -s "$WORK/help.err" ]; then
            echo "    zonectl $* $cmd --help: exit $code: $(head -1 <<<"$out") $(head -1 "$WORK/help.err")"
            bad=1
        fi
    done
    return $bad
}
check "every command's --help, with no configuration" helps
check "every command's --help, with a configuration that does not exist" helps --config "$NOWHERE"
"$BIN/zonectl" --config "$NOWHERE" --help >"$WORK/top.txt"
check "zonectl --help exits 0" test $? = 0
top_lists_all() {
    local cmd
    for cmd in "${COMMANDS[@]}"; do
        grep -q "^  ${cmd%% *} " "$WORK/top.txt" || { echo "    zonectl --help does not list ${cmd%% *}"; return 1; }
    done
}
check "zonectl --help lists every command" top_lists_all
check "--help wins over a bad operand" bash -c "'$BIN/zonectl' export-pupil not-a-upn --help | grep -q '^usage: zonectl export-pupil UPN'"

# unknown_options: an unknown option is named, exit 2, for every command.
unknown_options() {
    local cmd bad=0
    for cmd in "${COMMANDS[@]}"; do
        # shellcheck disable=SC2086
        usage_error "'--no-such-option'" "$BIN/zonectl" --config "$NOWHERE" $cmd --no-such-option || {
            echo "    (zonectl $cmd)"
            bad=1
        }
    done
    return $bad
}
check "every command names an unknown option, exit 2" unknown_options
check "zonectl's own unknown option" usage_error "unknown option '--no-such-option'" "$BIN/zonectl" --no-such-option alerts
check "an option missing its value" usage_error "--school needs a value" "$BIN/zonectl" alerts --school
check "gaps --trend has no CSV form" usage_error "--trend has no CSV form" "$BIN/zonectl" gaps --trend --csv
check "an unknown command" usage_error "unknown command 'nonsense'" "$BIN/zonectl" --config "$NOWHERE" nonsense
check "an unknown subcommand" usage_error "unknown subcommand 'nonsense'" "$BIN/zonectl" thresholds nonsense
check "a missing operand" usage_error "usage: zonectl pupil UPN" "$BIN/zonectl" --config "$NOWHERE" pupil
check "a command that needs the zone, without --config" usage_error "give --config FILE" "$BIN/zonectl" status

# says LINE CMD...: exit 2 with LINE, exactly, as the one line on stderr.
says() {
    local want=$1 code=0
    shift
    "$@" >/dev/null 2>"$WORK/says.err" || code=$?
    [ "$code" = 2 ] && [ "$(cat "$WORK/says.err")" = "$want" ] && [ "$(wc -l <"$WORK/says.err")" = 1 ] && return 0
    echo "    exit $code, wanted 2 and '$want': $(head -3 "$WORK/says.err")"
    return 1
}
# One shape for every command (issue #18): pki, backup and erase-pupil read
# their options as alerts does.
for cmd in alerts pki "pki issue" backup erase-pupil; do
    # shellcheck disable=SC2086 # cmd is the command's words
    check "zonectl $cmd --bogus: the shared one-line message" \
        says "zonectl $cmd: unknown option '--bogus' (try zonectl $cmd --help)" "$BIN/zonectl" $cmd --bogus
done
# takes_no_value CMD FLAG: CMD FLAG=1, named in the shared shape.
takes_no_value() {
    # shellcheck disable=SC2086 # $1 is the command's words
    says "zonectl $1: $2 takes no value (try zonectl $1 --help)" "$BIN/zonectl" $1 "$2=1"
}
# needs_value CMD OPTION: CMD OPTION with no value, named in the shared shape.
needs_value() {
    # shellcheck disable=SC2086
    says "zonectl $1: $2 needs a value (try zonectl $1 --help)" "$BIN/zonectl" $1 "$2"
}
check "alerts --school with no value" needs_value alerts --school
check "pki issue --dir with no value" needs_value "pki issue" --dir
check "erase-pupil --reason with no value" needs_value erase-pupil --reason
check "alerts --json=1" takes_no_value alerts --json
check "pki crl --help=1" takes_no_value "pki crl" --help
check "backup --force=1" takes_no_value backup --force
check "erase-pupil --lift=1" takes_no_value erase-pupil --lift
check "zonectl pki issue, a URN that is not one" says "zonectl pki issue: URN '12' is not 6 digits naming one school \
(000000 is none: zoned reads it as every school) (try zonectl pki issue --help)" "$BIN/zonectl" pki issue school 12 --dir "$WORK"
check "zonectl backup, a target that reads as an option" \
    says "zonectl backup: '-x' starts with '-': give --force to write a file of that name (try zonectl backup --help)" \
    "$BIN/zonectl" backup -- -x
# An argument a message quotes cannot break its line (a newline shown \n).
check "a newline in an unexpected argument stays on the message's line" \
    says "zonectl pki crl: unexpected argument 'a\\nb': usage: zonectl pki crl --dir DIR" "$BIN/zonectl" pki crl --dir "$WORK" $'a\nb'
check "  and in a value pki refuses" says "zonectl pki issue: URN '1\\n2' is not 6 digits naming one school \
(000000 is none: zoned reads it as every school) (try zonectl pki issue --help)" "$BIN/zonectl" pki issue school $'1\n2' --dir "$WORK"
check "  and in any command's" says "zonectl alerts: unexpected argument 'a\\nb': usage: zonectl alerts [--school URN] \
[--kind family_meeting|watch] [--all] [--overdue] [--json]" "$BIN/zonectl" alerts $'a\nb'

# Bad UPNs, URNs and dates are usage errors, found before any configuration is read.
U=$(upn 31)
check "export-pupil with a bad UPN: exit 2" usage_error "UPN 'X12345' is not valid" "$BIN/zonectl" --config "$NOWHERE" export-pupil X12345
check "a wrong check letter" usage_error "check letter is wrong" "$BIN/zonectl" --config "$NOWHERE" pupil "Z${U:1}"
check "erase-pupil with a bad UPN" usage_error "is not valid" "$BIN/zonectl" --config "$NOWHERE" erase-pupil 123 --reason r
check "support with a bad UPN" usage_error "is not valid" "$BIN/zonectl" --config "$NOWHERE" support 123
check "alert close with a bad UPN" usage_error "is not valid" "$BIN/zonectl" --config "$NOWHERE" alert close 123 --reason r
check "meeting with a bad UPN" usage_error "is not valid" "$BIN/zonectl" --config "$NOWHERE" meeting 123 --id m --invited 2026-03-02
check "plan with a bad date" usage_error "--start: '2026-02-30' is not a date" "$BIN/zonectl" --config "$NOWHERE" plan "$U" \
    --id a --offer 1 --lead L --start 2026-02-30 --review 2026-04-01 --outcome O --status active
check "alerts with a bad URN" usage_error "--school: '12345' is not a 6-digit URN" "$BIN/zonectl" --config "$NOWHERE" alerts --school 12345
check "schools set with a bad URN" usage_error "'1234567' is not a 6-digit URN" "$BIN/zonectl" --config "$NOWHERE" schools set 1234567 --name N --cluster C
check "audit with a bad date" usage_error "--since: '2026-13-01' is not a date" "$BIN/zonectl" --config "$NOWHERE" audit --since 2026-13-01
check "gaps with a bad date" usage_error "--as-of: 'yesterday' is not a date" "$BIN/zonectl" --config "$NOWHERE" gaps --as-of yesterday
check "nothing was written to the working folder" bash -c "[ -z \"\$(ls -A '$WORK/cwd')\" ]"

# zoned answers --help before reading its configuration, and names an unknown option.
check "zoned --help exits 0, with no configuration read" bash -c "'$BIN/zoned' --config '$NOWHERE' --help | grep -q '^usage: zoned --config FILE'"
check "zoned names an unknown option, exit 2" usage_error "unknown option '--no-such-option'" "$BIN/zoned" --no-such-option
check "zoned names an option missing its value" usage_error "--as-of needs a value" "$BIN/zoned" --config "$NOWHERE" --as-of
check "zoned refuses a bad date" usage_error "'2026-02-30' is not a date" "$BIN/zoned" --config "$NOWHERE" --as-of 2026-02-30
check "zoned without --config" usage_error "--config FILE is required" "$BIN/zoned"
check "zoned wrote nothing to the working folder" bash -c "[ -z \"\$(ls -A '$WORK/cwd')\" ]"
cd "$WORK" || exit 1

# With a zone: pupil M tips (no attendance, behind in maths) and gets support.
make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf coord coordinator-alice
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
M=$(upn 32)
printf 'upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile\n%s,Mo,8,M,2025-09-01,Y,Y,N,N,N,WBRI,N,\n' \
    "$M" >"$WORK/export-a/pupils.csv"
{
    echo "upn,date,session,code"
    for d in 2026-01-05 2026-01-06 2026-01-07 2026-01-08 2026-01-09 2026-01-12 2026-01-13 2026-01-14 2026-01-15 2026-01-16; do
        echo "$M,$d,AM,O"
        echo "$M,$d,PM,O"
    done
} >"$WORK/export-a/attendance.csv"
printf 'incident_id,upn,date,category,points,action,days\n' >"$WORK/export-a/behaviour.csv"
printf 'upn,subject,date,step\n%s,maths,2025-12-18,gap\n' "$M" >"$WORK/export-a/assessments.csv"
printf 'event_id,upn,date,kind,severity\n' >"$WORK/export-a/health.csv"
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a1.out" 2>&1
check "school A syncs: one alert" contains "$WORK/a1.out" "alerts 1,"
ctl menu add --name Mentor --provider "Early Help" --for child --needs attendance --places 2 --cost 100 >/dev/null
"$BIN/zonectl" --config "$WORK/a.conf" meeting "$M" --id m1 --invited 2026-03-02 --held 2026-03-02 --attended parent >"$WORK/meeting.out"
check "the school records a held meeting" contains "$WORK/meeting.out" "recorded"
"$BIN/zonectl" --config "$WORK/a.conf" plan "$M" --id a1 --offer 1 --lead "Ms Khan" --start 2026-03-02 --review 2026-04-01 \
    --outcome "Attends" --status active --meeting m1 >"$WORK/plan.out"
check "and an active plan action" contains "$WORK/plan.out" "recorded"

# pupil and alerts name the same stage, from the same function.
ctl alerts >"$WORK/alerts.txt"
ctl pupil "$M" >"$WORK/pupil.txt"
check "alerts: support_in_place" bash -c "grep '$M' '$WORK/alerts.txt' | grep -q support_in_place"
check "pupil shows the same alert row, stage and all" bash -c "grep '^100001 *$M' '$WORK/alerts.txt' >'$WORK/row1' && grep '^100001 *$M' '$WORK/pupil.txt' >'$WORK/row2' && cmp '$WORK/row1' '$WORK/row2'"
check "pupil --json has the stage" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' pupil '$M' --json | grep -q '\"stage\": \"support_in_place\", \"stage_since\"'"
check "export-pupil's alerts have it too" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' export-pupil '$M' | grep -q '\"stage\": \"support_in_place\", \"stage_since\"'"
check "export-pupil with a bad UPN: exit 2, and the zone was not asked" usage_error "is not valid" "$BIN/zonectl" --config "$WORK/coord.conf" export-pupil "Z${M:1}"
check "a valid UPN the zone does not hold: exit 1" fails_with "the zone holds nothing for $U" "$BIN/zonectl" --config "$WORK/coord.conf" export-pupil "$U"

# thresholds set: an unknown key lists the keys; a change counts what it did.
check "an unknown key is input (exit 2) and the keys are listed" usage_error \
    "no tipping point is called 'attendance_red'; the keys are attendance_min_sessions, attendance_red_below_pct," \
    "$BIN/zonectl" --config "$WORK/coord.conf" thresholds set attendance_red 80
check "the list names the last key too" grep -q "stale_sync_hours" "$WORK/usage.err"
check "a value out of range is input (exit 2)" usage_error "window_days must be from 1 to 366" \
    "$BIN/zonectl" --config "$WORK/coord.conf" thresholds set window_days 400
ctl thresholds set attendance_min_sessions 1000 >"$WORK/thr1.out"
check "a change that resolves M's alert says so" contains "$WORK/thr1.out" "re-evaluated 1 pupils: 0 alerts opened, 1 resolved"
ctl thresholds set attendance_min_sessions 20 >"$WORK/thr2.out"
check "and one that raises it again" contains "$WORK/thr2.out" "re-evaluated 1 pupils: 1 alert opened, 0 resolved"
ctl thresholds set attendance_min_sessions 20 >"$WORK/thr3.out"
check "a change to the same value changes no alert" contains "$WORK/thr3.out" "re-evaluated 1 pupils: 0 alerts opened, 0 resolved"
check "zoned logs the counts" grep -q "set attendance_min_sessions = 1000; re-evaluated 1 pupils: 0 alerts opened, 1 resolved" "$WORK/zoned.log"
check "a school's refusal is not a usage error (exit 1)" refused "$BIN/zonectl" --config "$WORK/a.conf" thresholds set window_days 27

# audit --who: a bare name is a coordinator's.
check "audit --who jane runs" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit --who jane >'$WORK/who-jane.txt'"
ctl audit --who alice >"$WORK/who-alice.txt"
ctl audit --who coordinator:alice >"$WORK/who-alice-full.txt"
check "audit --who alice finds alice's entries" contains "$WORK/who-alice.txt" "coordinator:alice"
check "the change is among them" contains "$WORK/who-alice.txt" "set attendance_min_sessions from 20 to 1000"
check "only hers" bash -c "! grep -v 'coordinator:alice' '$WORK/who-alice.txt'"
check "the full form gives the same entries" bash -c "diff <(grep -v 'listed\\|audit' '$WORK/who-alice.txt') <(grep -v 'listed\\|audit' '$WORK/who-alice-full.txt')"
check "someone else's name finds nothing" test ! -s "$WORK/who-jane.txt"
check "a URN is a school's: none of alice's entries" bash -c "out=\$('$BIN/zonectl' --config '$WORK/coord.conf' audit --who 100001) && ! grep -q alice <<<\"\$out\""
check "SIGTERM stops zoned cleanly" stop_zone
finish
