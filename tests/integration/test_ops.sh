#!/usr/bin/env bash
# Running it for real: a backup taken while zoned serves restores to the
# same zone; the audit log records coordinator reads and changes; subject
# access exports everything held; erasure removes it; status and the
# Prometheus endpoint tell how the zone is; schools get none of it.
. "$(dirname "$0")/lib.sh"

make_pki || exit 1
"$BIN/zonegen" --out "$WORK/zone" --seed 3 --schools 2 --pupils 40 --to 2026-03-02 2>/dev/null
ZONED_EXTRA_CONF="metrics_listen = 127.0.0.1:0"
start_zone --as-of 2026-03-02 || exit 1
MPORT=$(metrics_port)
client_conf coord coordinator-alice
for urn in $(tail -n +2 "$WORK/zone/zone.csv" | cut -d, -f1); do
    "$BIN/zonectl" pki issue school "$urn" --dir "$PKI" >/dev/null
    client_conf "s$urn" "school-$urn" "$WORK/zone/school-$urn"
    "$BIN/zone-agent" sync --config "$WORK/s$urn.conf" >/dev/null 2>&1
done
FIRST=$(tail -n +2 "$WORK/zone/zone.csv" | head -1 | cut -d, -f1)
UPN=$(sed -n 2p "$WORK/zone/school-$FIRST/pupils.csv" | cut -d, -f1)
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }

ctl status >"$WORK/status.txt" 2>&1
check "status shows both schools' last sync" bash -c "grep -c 'last synced' '$WORK/status.txt' | grep -qx 2"
check "status counts the pupils" grep -q ", 80 pupils," "$WORK/status.txt"

(exec 3<>"/dev/tcp/127.0.0.1/$MPORT" && printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 && cat <&3) >"$WORK/metrics.txt" 2>/dev/null
check "metrics endpoint answers in Prometheus form" grep -q '^zoned_pupils 80' "$WORK/metrics.txt"
check "  with each school's last sync" grep -q "zoned_school_last_sync_timestamp_seconds{school=\"$FIRST\"}" "$WORK/metrics.txt"

ctl alerts --all --json >"$WORK/alerts-before.json"
ctl pupil "$UPN" --json >"$WORK/pupil-before.json"
ctl backup "$WORK/zone.backup" >"$WORK/backup.out" 2>&1
check "backup taken while serving" grep -q "backup written" "$WORK/backup.out"

ctl export-pupil "$UPN" >"$WORK/export.json"
marks=$(grep -o '"attendance_marks": [0-9]*' "$WORK/pupil-before.json" | grep -o '[0-9]*$')
check "subject access export holds every register mark" equals "$(grep -o '"session": "[AP]M"' "$WORK/export.json" | wc -l)" "$marks"
check "  and the pupil's roll and alerts" bash -c "grep -q '\"rolls\": \\[{\"school\": \"$FIRST\"' '$WORK/export.json' && grep -q '\"alerts\": ' '$WORK/export.json'"

ctl thresholds set window_days 27 >/dev/null
ctl thresholds set window_days 28 >/dev/null
ctl audit --who coordinator:alice >"$WORK/audit.txt"
check "audit: the pupil read" grep -q "read pupil $UPN" "$WORK/audit.txt"
check "audit: the export" grep -q "exported every record of pupil $UPN" "$WORK/audit.txt"
check "audit: the setting change with old and new values" grep -q "set window_days from 28 to 27" "$WORK/audit.txt"
check "audit: the backup" grep -q "took a backup" "$WORK/audit.txt"

check "a school cannot read the status" refused "$BIN/zonectl" --config "$WORK/s$FIRST.conf" status
check "a school cannot take a backup" refused "$BIN/zonectl" --config "$WORK/s$FIRST.conf" backup "$WORK/x"
check "a school cannot export a pupil" refused "$BIN/zonectl" --config "$WORK/s$FIRST.conf" export-pupil "$UPN"

# SIGHUP reads the configuration again: a broken file changes nothing.
cp "$WORK/zoned.conf" "$WORK/zoned.conf.good"
echo "no such key = 1" >>"$WORK/zoned.conf"
kill -HUP "$ZONED_PID"
for _ in $(seq 1 50); do grep -q "reload failed" "$WORK/zoned.log" && break; sleep 0.1; done
check "SIGHUP with a broken configuration: one clear line" grep -q "reload failed, keeping the running configuration: .*zoned.conf:.*unknown key 'no such key'" "$WORK/zoned.log"
check "  and zoned still serves" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' alerts >/dev/null"
cp "$WORK/zoned.conf.good" "$WORK/zoned.conf"
echo "idle_timeout_ms = 60000" >>"$WORK/zoned.conf"
kill -HUP "$ZONED_PID"
for _ in $(seq 1 50); do grep -q "idle_timeout_ms changed" "$WORK/zoned.log" && break; sleep 0.1; done
check "SIGHUP reloads the configuration and says what needs a restart" grep -q "reload: idle_timeout_ms changed; it takes effect when zoned restarts" "$WORK/zoned.log"
cp "$WORK/zoned.conf.good" "$WORK/zoned.conf"

ctl purge --dry-run >"$WORK/purge.txt"
check "purge dry run says what would go" grep -q "would purge 0 pupil(s) who left the zone more than 2557 days ago" "$WORK/purge.txt"

ctl erase-pupil "$UPN" --reason "court order 2026/17" >"$WORK/erase.txt"
check "erasure removes the pupil's records" grep -q "erased $UPN" "$WORK/erase.txt"
check "  after which the zone holds nothing" fails_with "no school in the zone has $UPN on its roll" "$BIN/zonectl" --config "$WORK/coord.conf" pupil "$UPN"
ctl audit >"$WORK/audit2.txt"
check "  and the erasure is audited with its reason" grep -q "erased a pupil, erasure [0-9a-f]* (.*records): court order 2026/17" "$WORK/audit2.txt"
check "SIGTERM stops zoned cleanly" stop_zone

# Restore: the backup as data.mdb of an empty data_dir gives the zone as it was.
mv "$WORK/data" "$WORK/data.old"
mkdir "$WORK/data"
cp "$WORK/zone.backup" "$WORK/data/data.mdb"
start_zone --as-of 2026-03-02 || exit 1
ctl alerts --all --json >"$WORK/alerts-after.json"
ctl pupil "$UPN" --json >"$WORK/pupil-after.json"
check "restored alerts equal those backed up" same_answer "$WORK/alerts-before.json" "$WORK/alerts-after.json"
check "restored pupil (erased since) is back as it was" same_answer "$WORK/pupil-before.json" "$WORK/pupil-after.json"
check "SIGTERM stops the restored zoned cleanly" stop_zone
finish
