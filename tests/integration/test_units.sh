#!/usr/bin/env bash
# The systemd units as `make install` installs them: `systemd-analyze
# security` scores zoned at most 4.0 and zone-agent at most 5.0 (lower is
# safer), and a folder a unit only may use is marked "-", so a missing one
# does not stop the unit (the program then names it in its own error).
. "$(dirname "$0")/lib.sh"
REPO=$(cd "$(dirname "$0")/../.." && pwd)

if ! command -v systemd-analyze >/dev/null; then
    echo "skip: systemd-analyze is not installed (Debian package systemd)"
    exit 77
fi
if ! systemd-analyze security --help | grep -q -- --offline; then
    echo "skip: this systemd-analyze cannot score a unit file offline (--offline, systemd 252)"
    exit 77
fi

# Installed from this build, as the README's production steps do.
make -s -C "$REPO" -o all install BUILD="$(dirname "$BIN")" DESTDIR="$WORK/root" PREFIX=/usr \
    >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; exit 1; }
UNITS=$WORK/root/usr/lib/systemd/system

# score_at_most UNIT MAX: the unit's overall exposure is at most MAX.
score_at_most() {
    local out score
    out=$(systemd-analyze security --offline=true "$UNITS/$1" 2>&1)
    score=$(printf '%s\n' "$out" | grep -o "Overall exposure level for $1: [0-9.]*" | grep -o '[0-9.]*$')
    [ -n "$score" ] || { echo "    no score for $1: $(printf '%s\n' "$out" | tail -3)"; return 1; }
    echo "    $1: $score"
    awk -v s="$score" -v m="$2" 'BEGIN { exit !(s <= m) }'
}

# optional_paths UNIT: every path of its *Paths= lines starts with "-".
optional_paths() {
    local bad
    bad=$(grep -E '^(ReadWrite|ReadOnly|Inaccessible|Exec|NoExec)Paths=' "$UNITS/$1" |
        cut -d= -f2- | tr ' ' '\n' | grep -v '^-' | grep -v '^$')
    [ -z "$bad" ] || { echo "    $1: not optional: $bad"; return 1; }
}

check "zoned.service scores at most 4.0" score_at_most zoned.service 4.0
check "zone-agent.service scores at most 5.0" score_at_most zone-agent.service 5.0
check "zone-agent.service: a missing folder does not stop it" optional_paths zone-agent.service
check "zoned.service: a missing folder does not stop it" optional_paths zoned.service
check "the units run the installed programs" \
    contains "$UNITS/zoned.service" "ExecStart=/usr/sbin/zoned --config /etc/zonetrack/zoned.conf"
check "zoned's data_dir is made 0700 for zoned" contains "$UNITS/zoned.service" "StateDirectoryMode=0700"
check "national-benchmarks.conf is installed" \
    cmp -s "$REPO/deploy/national-benchmarks.conf" "$WORK/root/usr/share/zonetrack/national-benchmarks.conf"
finish
