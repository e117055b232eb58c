#!/usr/bin/env bash
# make demo: a sample zone of ten schools end to end on 127.0.0.1 — the
# zone's CA and certificates, zoned, each school's agent syncing its
# generated MIS export, then the zone's alerts, per school.
set -eu
BUILD=${1:-build}
BIN=$(cd "$BUILD/bin" && pwd)
DEMO=$(cd "$BUILD" && pwd)/demo
AS_OF=${AS_OF:-2026-03-20}
PORT=${PORT:-7450}
rm -rf "$DEMO"
mkdir -p "$DEMO"

echo "== the zone's certificate authority"
"$BIN/zonectl" pki init "$DEMO/pki" | tail -1
"$BIN/zonectl" pki issue coordinator coordinator --dir "$DEMO/pki" >/dev/null

echo "== a sample zone: 10 schools, 300 pupils each, 1 September to $AS_OF"
"$BIN/zonegen" --out "$DEMO/zone" --seed 7 --schools 10 --pupils 300 --from 2025-09-01 --to "$AS_OF"

# start_zoned PORT: zoned in the background, waited for until it serves.
start_zoned() {
    cat >"$DEMO/zoned.conf" <<CONF
listen = 127.0.0.1:$1
data_dir = data
ca = pki/ca.crt
cert = pki/zoned.crt
key = pki/zoned.key
crl = pki/zone.crl
CONF
    "$BIN/zoned" --config "$DEMO/zoned.conf" --as-of "$AS_OF" 2>>"$DEMO/zoned.log" &
    ZONED=$!
    for _ in $(seq 1 100); do
        grep -q "serving the zone" "$DEMO/zoned.log" && return 0
        kill -0 $ZONED 2>/dev/null || break
        sleep 0.1
    done
    wait $ZONED 2>/dev/null || true
    return 1
}

echo "== starting zoned, as of $AS_OF"
: >"$DEMO/zoned.log"
if ! start_zoned "$PORT"; then
    grep -qi "address already in use" "$DEMO/zoned.log" || { cat "$DEMO/zoned.log"; exit 1; }
    echo "port $PORT is taken; zoned takes a free port instead"
    start_zoned 0 || { cat "$DEMO/zoned.log"; exit 1; }
fi
trap 'kill -TERM $ZONED 2>/dev/null || true' EXIT
PORT=$(sed -n 's/.*serving the zone on .* (port \([0-9]*\)).*/\1/p' "$DEMO/zoned.log" | tail -1)
echo "zoned serves the zone on 127.0.0.1:$PORT"
cat >"$DEMO/zonectl.conf" <<CONF
zone = 127.0.0.1:$PORT
ca = pki/ca.crt
cert = pki/coordinator-coordinator.crt
key = pki/coordinator-coordinator.key
CONF

echo "== each school's agent syncs its export"
tail -n +2 "$DEMO/zone/zone.csv" | while IFS=, read -r urn name cluster; do
    "$BIN/zonectl" pki issue school "$urn" --dir "$DEMO/pki" >/dev/null
    mkdir -p "$DEMO/alerts-$urn"
    cat >"$DEMO/agent-$urn.conf" <<CONF
zone = 127.0.0.1:$PORT
ca = pki/ca.crt
cert = pki/school-$urn.crt
key = pki/school-$urn.key
export_dir = zone/school-$urn
output_dir = alerts-$urn
settle_ms = 0
CONF
    start=$(date +%s%N)
    out=$("$BIN/zone-agent" sync --config "$DEMO/agent-$urn.conf" | grep -E '^(read|alerts) ' | tr '\n' ' ')
    printf '%s %-26s %s(%d ms)\n' "$urn" "$name" "$out" $((($(date +%s%N) - start) / 1000000))
done

echo "== gap analysis: schools and clusters from zone.csv, half-term snapshots, priorities"
CTL=("$BIN/zonectl" --config "$DEMO/zonectl.conf")
BENCH=$(cd "$(dirname "$0")/.." && pwd)/deploy/national-benchmarks.conf
"${CTL[@]}" schools import "$DEMO/zone/zone.csv" >/dev/null
"${CTL[@]}" gaps snapshot
start=$(date +%s%N)
"${CTL[@]}" gaps --level cluster --by disadvantaged --benchmarks "$BENCH"
echo "(the whole gap analysis answered in $((($(date +%s%N) - start) / 1000000)) ms)"
echo
"${CTL[@]}" priorities --benchmarks "$BENCH"
"${CTL[@]}" report --html "$DEMO/report.html" --benchmarks "$BENCH"
echo "The gap report (open in a browser, prints well): $DEMO/report.html"
echo
echo "== the zone's alert table (first 25 rows; all of it: $DEMO/alerts.json)"
"$BIN/zonectl" --config "$DEMO/zonectl.conf" alerts | head -26
echo
echo
echo "== open alerts, per school"
"$BIN/zonectl" --config "$DEMO/zonectl.conf" alerts --json >"$DEMO/alerts.json"
tail -n +2 "$DEMO/zone/zone.csv" | while IFS=, read -r urn name cluster; do
    fm=$(grep -c "\"school\": \"$urn\", \"kind\": \"family_meeting\"" "$DEMO/alerts.json" || true)
    w=$(grep -c "\"school\": \"$urn\", \"kind\": \"watch\"" "$DEMO/alerts.json" || true)
    printf '%s %-26s %-8s family_meeting %4d   watch %4d\n' "$urn" "$name" "$cluster" "$fm" "$w"
done
echo "Each school's staff files: $DEMO/alerts-<URN>/alerts.csv and alerts.json"
echo "The zone's gap report: $DEMO/report.html"

kill -TERM $ZONED
wait $ZONED
trap - EXIT
echo "zoned stopped cleanly."
