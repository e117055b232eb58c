#!/usr/bin/env bash
# A full disk gives a clear error and no corruption: zoned's store on a tiny
# tmpfs fills up mid-push; the agent is told plainly, nothing half-written
# is kept, zoned goes on serving, and the store opens cleanly afterwards.
# Needs root to mount the tmpfs; exits 77 (skipped) where it cannot.
. "$(dirname "$0")/lib.sh"

SMALL=$WORK/small
mkdir -p "$SMALL"
if ! mount -t tmpfs -o size=400k tmpfs "$SMALL" 2>/dev/null; then
    echo "  skip: cannot mount a tmpfs here"
    exit 77
fi
trap 'umount "$SMALL" 2>/dev/null; cleanup' EXIT

make_pki || exit 1
"$BIN/zonegen" --out "$WORK/zone" --seed 5 --schools 1 --pupils 400 --to 2026-03-02 2>/dev/null
URN=$(tail -n +2 "$WORK/zone/zone.csv" | head -1 | cut -d, -f1)
"$BIN/zonectl" pki issue school "$URN" --dir "$PKI" >/dev/null
ZONED_EXTRA_CONF="data_dir = $SMALL/data"
start_zone --as-of 2026-03-02 || exit 1
client_conf s school-"$URN" "$WORK/zone/school-$URN"
echo "batch_pupils = 20" >>"$WORK/s.conf" # small batches: some commit before the disk fills
client_conf coord coordinator-alice

"$BIN/zone-agent" push --config "$WORK/s.conf" >"$WORK/push.out" 2>"$WORK/push.err"
code=$?
check "the push fails when the disk fills" equals "$code" 1
check "  with a clear reason" grep -q "No space left on device" "$WORK/push.err"
check "  and zoned says so in one line" grep -q "nothing stored: No space left on device" "$WORK/zoned.log"
check "zoned goes on serving" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' alerts --json >/dev/null"
"$BIN/zonectl" --config "$WORK/coord.conf" alerts --all --json >"$WORK/alerts-full.json"
check "batches acknowledged before the disk filled are readable" grep -q '"upn"' "$WORK/alerts-full.json"
check "SIGTERM stops zoned cleanly" stop_zone
check "the store is intact (mdb_stat reads every database)" bash -c "mdb_stat -a '$SMALL/data' >/dev/null"
start_zone --as-of 2026-03-02 || exit 1
"$BIN/zonectl" --config "$WORK/coord.conf" alerts --all --json >"$WORK/alerts-restart.json"
check "what was acknowledged before the disk filled is all there" same_answer "$WORK/alerts-full.json" "$WORK/alerts-restart.json"
check "SIGTERM stops zoned cleanly again" stop_zone
finish
