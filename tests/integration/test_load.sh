#!/usr/bin/env bash
# Load: 200 agents at once, each a handshake, a durable push and a read, all
# served with no error, while peers that dribble a byte a second or never
# read their answers are cut off without starving the others.
. "$(dirname "$0")/lib.sh"
LOADGEN=$BIN/../tools/loadgen
if [ -n "${ZONED_WRAPPER:-}" ]; then
    echo "  skip: load timings mean nothing with zoned under $ZONED_WRAPPER"
    exit 77
fi

# Every agent here comes from 127.0.0.1, where real schools come from an
# address each: the per-address handshake limit is raised to let 200 in.
ZONED_EXTRA_CONF="max_pending_write_bytes = 262144
unread_timeout_ms = 3000
max_unauthenticated_per_address = 256
handshake_timeout_ms = 8000"
make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf coord coordinator-alice

"$LOADGEN" --config "$WORK/a.conf" --clients 200 --slow 4 --deaf 2 --seconds 12 >"$WORK/load.out" 2>"$WORK/load.err"
code=$?
check "200 concurrent agents all served" equals "$code" 0
check "  the tally says so" contains "$WORK/load.out" "ok 200, failed 0"
check "slow peers cut at the handshake deadline" contains "$WORK/zoned.log" "no TLS handshake within 8000 ms"
check "peers that never read are cut off" contains "$WORK/zoned.log" "none taken for 3000 ms; closing"
"$BIN/zonectl" --config "$WORK/coord.conf" alerts --json >"$WORK/alerts.json"
check "every pushed pupil has its alert" equals "$(grep -c '"upn"' "$WORK/alerts.json")" 200
check "SIGTERM stops zoned cleanly after the load" stop_zone
finish
