#!/usr/bin/env bash
# Limits against a careless or hostile peer and a careless operator: one
# address's unfinished handshakes are capped while others are served; the
# metrics port holds few idle connections, and not for long, and says so
# when it listens beyond loopback; a CRL close to running out is warned of
# in the log, `zonectl status` and the metrics; a key file others may read
# is warned of; reloading without a CRL says loudly that revocation is off.
. "$(dirname "$0")/lib.sh"
HOLD=$BIN/../tools/holdconns

make_pki || exit 1
# A CRL of the zone CA that runs out in 3 days (zonectl pki crl gives 30).
touch "$WORK/index.txt"
printf '[ca]\ndefault_ca = zone\n[zone]\ndatabase = %s/index.txt\ndefault_md = sha256\n' "$WORK" >"$WORK/ca.cnf"
openssl ca -config "$WORK/ca.cnf" -gencrl -keyfile "$PKI/ca.key" -cert "$PKI/ca.crt" -crldays 3 \
    -out "$WORK/short.crl" 2>/dev/null || { echo "    openssl ca -gencrl failed"; exit 1; }
chmod 640 "$PKI/zoned.key"
ZONED_EXTRA_CONF="crl = $WORK/short.crl
max_unauthenticated_per_address = 8
metrics_listen = 127.0.0.1:0
metrics_max_connections = 4
metrics_timeout_ms = 3000"
start_zone --as-of 2026-03-02 || exit 1
MPORT=$(metrics_port)
client_conf coord coordinator-alice

check "a key file its group may read is warned of" contains "$WORK/zoned.log" "zoned.key is readable by its group (mode 640)"
check "a CRL running out within 7 days is warned of at start" contains "$WORK/zoned.log" "WARNING: CRL $WORK/short.crl expires on"
"$BIN/zonectl" --config "$WORK/coord.conf" status >"$WORK/status.txt" 2>&1
check "  and in zonectl status" contains "$WORK/status.txt" "WARNING: the CRL expires"
scrape() { (exec 3<>"/dev/tcp/127.0.0.1/$MPORT" && printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 && timeout 5 cat <&3) 2>/dev/null; }
crl_seconds() { scrape | sed -n 's/^zoned_crl_expires_seconds \([0-9-]*\).*/\1/p'; }
in_three_days() { local s; s=$(crl_seconds); [ -n "$s" ] && [ "$s" -gt 0 ] && [ "$s" -le 259200 ] || { echo "    zoned_crl_expires_seconds '$s'"; return 1; }; }
check "  and in the metrics" in_three_days

# 20 connections from 127.0.0.2 that never start a handshake: 8 are held,
# the rest closed at once; a coordinator from 127.0.0.1 is served meanwhile.
"$HOLD" --to "127.0.0.1:$PORT" --from 127.0.0.2 --count 20 --ms 1500 >"$WORK/hold.out" 2>&1 &
hold=$!
for _ in $(seq 1 50); do grep -q connected "$WORK/hold.out" && break; sleep 0.1; done
check "a coordinator is served while one address stalls its handshakes" \
    "$BIN/zonectl" --config "$WORK/coord.conf" status >/dev/null
wait "$hold"
check "one address's unfinished handshakes are capped" contains "$WORK/hold.out" "open 8, closed 12"
check "  and logged" contains "$WORK/zoned.log" "refused 127.0.0.2:"

# The metrics port: 20 idle connections, 4 held; those are closed later.
"$HOLD" --to "127.0.0.1:$MPORT" --count 20 --ms 1000 >"$WORK/mhold.out" 2>&1
check "the metrics port holds few idle connections" contains "$WORK/mhold.out" "open 4, closed 16"
"$HOLD" --to "127.0.0.1:$MPORT" --count 4 --ms 5000 >"$WORK/mhold2.out" 2>&1
check "  and closes them after metrics_timeout_ms" contains "$WORK/mhold2.out" "open 0, closed 4"
check "  and still answers a scrape" in_three_days

# Reloading without a crl line turns revocation off: loudly. The same
# reload lowers max_unauthenticated_per_address, a key SIGHUP does not
# apply: it is named in the log, and the running limit holds until a restart.
sed -i -e '/^crl = /d' -e 's/^max_unauthenticated_per_address = 8$/max_unauthenticated_per_address = 2/' "$WORK/zoned.conf"
kill -HUP "$ZONED_PID"
for _ in $(seq 1 50); do grep -q "reloaded" "$WORK/zoned.log" && break; sleep 0.1; done
check "reloading without a CRL warns that revocation is off" contains "$WORK/zoned.log" "WARNING: $WORK/zoned.conf names no crl any more: revocation is now OFF"
check "  and does not say it reloaded a CRL" not_contains "$WORK/zoned.log" "certificates and CRL"
"$BIN/zonectl" --config "$WORK/coord.conf" status >"$WORK/status2.txt" 2>&1
check "  and status says so" contains "$WORK/status2.txt" "no CRL: revocation is not checked"
check "a reload names the changed key that waits for a restart" contains "$WORK/zoned.log" "reload: max_unauthenticated_per_address changed; it takes effect when zoned restarts"
check "  and no key that did not change" not_contains "$WORK/zoned.log" "reload: listen changed"
"$HOLD" --to "127.0.0.1:$PORT" --from 127.0.0.2 --count 20 --ms 1500 >"$WORK/hold2.out" 2>&1
check "  and the running limit holds" contains "$WORK/hold2.out" "open 8, closed 12"
check "SIGTERM stops zoned cleanly" stop_zone

# Metrics beyond loopback are warned of (0.0.0.0: every interface).
PORT=
ZONED_EXTRA_CONF="metrics_listen = 0.0.0.0:0"
start_zone --as-of 2026-03-02 || exit 1
check "metrics listening beyond loopback is warned of" contains "$WORK/zoned.log" "WARNING: metrics_listen 0.0.0.0:0 is reachable beyond this machine"
check "SIGTERM stops zoned cleanly" stop_zone
finish
