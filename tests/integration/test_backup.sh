#!/usr/bin/env bash
# Backups for real: two coordinators backing up at once each get a whole
# backup that restores the full zone; `backup --help` answers locally and
# writes nothing; a target that exists or reads as an option is refused
# without --force; backups are mode 0600; a truncated or garbled backup is
# refused by `zonectl backup --check` and by zoned at start, with the reason.
. "$(dirname "$0")/lib.sh"

make_pki || exit 1
"$BIN/zonectl" pki issue coordinator bob --dir "$PKI" >/dev/null || exit 1
# a store of several 4 MiB chunks, so that two backups' chunks can interleave
"$BIN/zonegen" --out "$WORK/zone" --seed 7 --schools 3 --pupils 1500 --to 2026-03-02 2>/dev/null
start_zone --as-of 2026-03-02 || exit 1
client_conf alice coordinator-alice
client_conf bob coordinator-bob
zone_schools push
ctl() { "$BIN/zonectl" --config "$WORK/alice.conf" "$@"; }
pupils() { grep -o ', [0-9]* pupils,' "$1" | grep -o '[0-9]*'; }
ctl status >"$WORK/status.txt"
PUPILS=$(pupils "$WORK/status.txt")
check "the zone holds its 4500 pupils" equals "$PUPILS" 4500

# --- the command line, before any zone is reached -------------------------
cd "$WORK" || exit 1
code=0
"$BIN/zonectl" backup --help >"$WORK/help.out" 2>&1 || code=$?
check "backup --help answers without a configuration, exit 0" equals "$code" 0
check "  with the usage" contains "$WORK/help.out" "usage: zonectl backup [--force] TARGET | backup --check FILE"
code=0
ctl backup --help >/dev/null 2>&1 || code=$?
check "backup --help with a configuration: exit 0" equals "$code" 0
check "  and no file named --help" test ! -e "$WORK/--help"
check "  and no backup taken" not_contains "$WORK/zoned.log" "backup 1"
code=0
ctl backup --frobnicate x >/dev/null 2>"$WORK/unknown.err" || code=$?
check "an unknown option is a usage error (2)" equals "$code" 2
check "  naming it" contains "$WORK/unknown.err" "unknown option '--frobnicate'"
code=0
ctl backup -- -x >/dev/null 2>"$WORK/dash.err" || code=$?
check "a target that starts with '-' is refused (2)" equals "$code" 2
check "  saying --force writes it" contains "$WORK/dash.err" "give --force"
echo keep >"$WORK/exists.mdb"
code=0
ctl backup "$WORK/exists.mdb" >/dev/null 2>"$WORK/exists.err" || code=$?
check "a target that exists is refused (2)" equals "$code" 2
check "  and left as it was" equals "$(cat "$WORK/exists.mdb")" keep
check "  before the zone is asked" not_contains "$WORK/zoned.log" "backup 1"

# --- two coordinators at once ----------------------------------------------
for round in 1 2 3; do
    ctl backup "$WORK/a$round.mdb" >"$WORK/a$round.out" 2>&1 &
    a=$!
    "$BIN/zonectl" --config "$WORK/bob.conf" backup "$WORK/b$round.mdb" >"$WORK/b$round.out" 2>&1 &
    b=$!
    ca=0 cb=0
    wait $a || ca=$?
    wait $b || cb=$?
    check "round $round: both backups at once succeed" equals "$ca $cb" "0 0"
done
check "  each saying it was checked" bash -c "grep -l 'backup written to .* checked: [0-9]* records' '$WORK'/[ab]?.out | wc -l | grep -qx 6"
check "  mode 0600" equals "$(stat -c %a "$WORK/a1.mdb") $(stat -c %a "$WORK/b1.mdb")" "600 600"
check "  no temporary file left" bash -c "! ls -A '$WORK' | grep -q zonectl-backup"
check "  bigger than one 4 MiB chunk" test "$(stat -c %s "$WORK/a1.mdb")" -gt $((8 << 20))
ctl backup --force "$WORK/exists.mdb" >/dev/null 2>&1
quiet() { "$@" >/dev/null; }
check "--force replaces an existing target with a whole backup" quiet "$BIN/zonectl" backup --check "$WORK/exists.mdb"
check "SIGTERM stops zoned cleanly" stop_zone

# Each backup restores the whole zone.
mv "$WORK/data" "$WORK/data.live"
for f in a1 b1 a3 b3; do
    rm -rf "$WORK/data" && mkdir -m 700 "$WORK/data" && cp "$WORK/$f.mdb" "$WORK/data/data.mdb"
    start_zone --as-of 2026-03-02 || exit 1
    ctl status >"$WORK/status-$f.txt"
    check "backup $f restores every pupil" equals "$(pupils "$WORK/status-$f.txt")" "$PUPILS"
    stop_zone
done

# --- a damaged backup --------------------------------------------------------
size=$(stat -c %s "$WORK/a1.mdb")
head -c $((size / 2)) "$WORK/a1.mdb" >"$WORK/truncated.mdb"
cp "$WORK/a1.mdb" "$WORK/garbled.mdb"
# the pages half way through the file, overwritten (bytes of another backup)
dd if="$WORK/a1.mdb" of="$WORK/garbled.mdb" bs=4096 skip=3 seek=$((size / 8192)) count=64 conv=notrunc 2>/dev/null
for f in truncated garbled; do
    check "backup --check refuses the $f file (exit 1)" fails_with "not a whole store" "$BIN/zonectl" backup --check "$WORK/$f.mdb"
    rm -rf "$WORK/data" && mkdir -m 700 "$WORK/data" && cp "$WORK/$f.mdb" "$WORK/data/data.mdb"
    lines=$(wc -l <"$WORK/zoned.log")
    code=0
    timeout 20 "$BIN/zoned" --config "$WORK/zoned.conf" --as-of 2026-03-02 2>>"$WORK/zoned.log" || code=$?
    check "zoned refuses to start on the $f backup (exit 1)" equals "$code" 1
    tail -n +$((lines + 1)) "$WORK/zoned.log" >"$WORK/refused-$f.log"
    check "  in one line saying why" bash -c "[ \$(wc -l <'$WORK/refused-$f.log') = 1 ] && grep -q 'data.mdb: not a whole store: ' '$WORK/refused-$f.log'"
    check "  leaving the file as it was" cmp -s "$WORK/$f.mdb" "$WORK/data/data.mdb"
done
check "backup --check passes a whole backup" quiet "$BIN/zonectl" backup --check "$WORK/a2.mdb"
finish
