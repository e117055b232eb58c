#!/usr/bin/env bash
# A full disk gives a clear error and no corruption: zoned's store on a tiny
# tmpfs fills up mid-push; the agent is told plainly, nothing half-written
# is kept, zoned goes on serving, and the store opens cleanly afterwards.
# While writes fail, coordinator reads that cannot be audited are refused.
# Needs root to mount the tmpfs; exits 77 (skipped) where it cannot.
. "$(dirname "$0")/lib.sh"

SMALL=$WORK/small
mkdir -p "$SMALL"
if ! mount -t tmpfs -o size=600k tmpfs "$SMALL" 2>/dev/null; then
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
check "zoned goes on serving" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' status >/dev/null"
# With writes failing, a coordinator's pupil-level read cannot be audited,
# so it is not served (issue 21, medium 7).
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
UPN=$(sed -n 2p "$WORK/zone/school-$URN/pupils.csv" | cut -d, -f1)
# LMDB would reuse freed pages for a long while; a reader stalled on an old
# snapshot (mdb_dump writing into a pipe nobody reads) stops that, so each
# audit entry soon needs a page the disk cannot give. Read on until then:
# every read served must be in the audit log.
mkfifo "$WORK/stall"
exec 7<>"$WORK/stall"
mdb_dump -a "$SMALL/data" >"$WORK/stall" 2>/dev/null &
STALLED=$!
sleep 0.5
served=0
for _ in $(seq 1 400); do
    ctl pupil "$UPN" >/dev/null 2>"$WORK/read.err" || break
    served=$((served + 1))
done
echo "  ($served reads served and audited before the audit log could not grow)"
check "a pupil read that cannot be audited is refused" grep -q "cannot record this read in its audit log" "$WORK/read.err"
check "  so is the alert listing" fails_with "cannot record this read in its audit log" ctl alerts --json
check "  and a purge dry run" fails_with "cannot record this read in its audit log" ctl purge --dry-run
check "  and the leavers listing (it names pupils)" fails_with "cannot record this read in its audit log" ctl leavers
check "  and the dual registrations" fails_with "cannot record this read in its audit log" ctl moves
check "  and a family" fails_with "cannot record this read in its audit log" ctl family FAM77
check "  and a backup" fails_with "cannot record this read in its audit log" ctl backup "$WORK/refused.mdb"
check "  zoned logs each refusal" grep -q "refused coordinator:alice's read (read pupil $UPN): its audit entry cannot be stored" "$WORK/zoned.log"
# room again: the same reads are served, and audited
kill -KILL "$STALLED" && wait "$STALLED" 2>/dev/null # it catches TERM and restarts its write
exec 7>&-
mount -o remount,size=4m "$SMALL"
ctl alerts --all --json >"$WORK/alerts-full.json"
check "batches acknowledged before the disk filled are readable once there is room" grep -q '"upn"' "$WORK/alerts-full.json"
ctl purge --dry-run >/dev/null
ctl audit >"$WORK/audit.txt"
check "  and the reads are audited, the dry run too" bash -c "grep -q 'listed .* alerts (with resolved)' '$WORK/audit.txt' && grep -q 'a purge would remove (dry run)' '$WORK/audit.txt'"
check "  each read served is in it, none refused" equals "$(grep -c "read pupil $UPN" "$WORK/audit.txt")" "$served"
check "SIGTERM stops zoned cleanly" stop_zone
check "the store is intact (mdb_stat reads every database)" bash -c "mdb_stat -a '$SMALL/data' >/dev/null"
start_zone --as-of 2026-03-02 || exit 1
"$BIN/zonectl" --config "$WORK/coord.conf" alerts --all --json >"$WORK/alerts-restart.json"
check "what was acknowledged before the disk filled is all there" same_answer "$WORK/alerts-full.json" "$WORK/alerts-restart.json"
check "SIGTERM stops zoned cleanly again" stop_zone
finish
