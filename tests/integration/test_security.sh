#!/usr/bin/env bash
# A peer that is not who it claims gets nothing: plaintext, another CA, an
# expired, revoked or oddly named certificate are refused at the handshake
# and logged with the peer address; garbage and oversized frames close that
# connection only; a wrong protocol version gets a clear refusal.
. "$(dirname "$0")/lib.sh"

make_pki || exit 1
"$BIN/zonectl" pki init "$WORK/other" >/dev/null
"$BIN/zonectl" pki issue school 100001 --dir "$WORK/other" >/dev/null
"$BIN/zonectl" pki issue school 100009 --dir "$PKI" --days -1 >/dev/null
"$BIN/zonectl" pki issue school 100008 --dir "$PKI" >/dev/null
# A certificate from our own CA whose subject is of no known form.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=hacker" \
    -keyout "$PKI/odd.key" -out "$WORK/odd.csr" 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >"$WORK/odd.ext"
openssl x509 -req -in "$WORK/odd.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 30 -extfile "$WORK/odd.ext" -out "$PKI/odd.crt" 2>/dev/null
start_zone --as-of 2026-03-02 || exit 1
client_conf coord coordinator-alice

# tls_send CERTSTEM BYTES: a TLS client with our CA sending raw bytes.
tls_send() {
    command -v openssl >/dev/null || { echo "    openssl (the CLI) is missing"; return 1; }
    printf "$2" | timeout 10 openssl s_client -quiet -connect "127.0.0.1:$PORT" -tls1_3 \
        -CAfile "$PKI/ca.crt" -cert "$PKI/$1.crt" -key "$PKI/$1.key" >/dev/null 2>&1
    return 0 # zoned closing on us is the point; what it logged is checked
}

# log_since N TEXT: TEXT appears in zoned's log after its first N lines.
log_since() { tail -n +"$(($1 + 1))" "$WORK/zoned.log" | grep -qF -- "$2"; }

alerts_work() { "$BIN/zonectl" --config "$WORK/coord.conf" alerts >/dev/null 2>&1; }

check "a coordinator is served" alerts_work

# Plain TCP.
(exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET / HTTP/1.0\r\n\r\n' >&3 && timeout 5 cat <&3 >/dev/null) 2>/dev/null
check "plaintext client refused and logged" contains "$WORK/zoned.log" "refused 127.0.0.1:"

client_conf other school-100001
sed -i "s|^ca = .*|ca = $PKI/ca.crt|; s|^cert = .*|cert = $WORK/other/school-100001.crt|; s|^key = .*|key = $WORK/other/school-100001.key|" "$WORK/other.conf"
"$BIN/zone-agent" pull --config "$WORK/other.conf" >/dev/null 2>"$WORK/other.err"
code=$?
check "another CA's certificate: the agent fails" equals "$code" 1
check "  and says it is a certificate problem" contains "$WORK/other.err" "(certificate)"

client_conf expired school-100009
"$BIN/zone-agent" pull --config "$WORK/expired.conf" >/dev/null 2>"$WORK/expired.err"
check "expired certificate refused" equals "$?" 1
check "  and logged as expired" contains "$WORK/zoned.log" "expired"

client_conf odd odd
"$BIN/zone-agent" pull --config "$WORK/odd.conf" >/dev/null 2>"$WORK/odd.err"
check "unknown subject form refused" equals "$?" 1
check "  and logged" contains "$WORK/zoned.log" "hacker"

# Revocation applies on SIGHUP, without a restart, to new connections and
# to the school's connection already open (held open by s_client, whose
# input is a pipe we keep open).
client_conf revoked school-100008
check "school 100008 is served before revocation" "$BIN/zone-agent" pull --config "$WORK/revoked.conf"
lines=$(wc -l <"$WORK/zoned.log")
mkfifo "$WORK/held.in"
timeout 30 openssl s_client -quiet -connect "127.0.0.1:$PORT" -tls1_3 -CAfile "$PKI/ca.crt" \
    -cert "$PKI/school-100008.crt" -key "$PKI/school-100008.key" <"$WORK/held.in" >/dev/null 2>&1 &
held=$!
exec 4>"$WORK/held.in"
for _ in $(seq 1 100); do log_since "$lines" "as school:100008" && break; sleep 0.1; done
check "school 100008 holds a connection open" log_since "$lines" "as school:100008"
"$BIN/zonectl" pki revoke school-100008 --dir "$PKI" >/dev/null
kill -HUP "$ZONED_PID"
for _ in $(seq 1 50); do grep -q "reloaded" "$WORK/zoned.log" && break; sleep 0.1; done
"$BIN/zone-agent" pull --config "$WORK/revoked.conf" >/dev/null 2>&1
check "revoked certificate refused after SIGHUP" equals "$?" 1
check "  and logged as revoked" contains "$WORK/zoned.log" "revoked"
check "  its open connection is closed, and logged" log_since "$lines" "(school:100008): its certificate is revoked by the reloaded CRL"
gone() { for _ in $(seq 1 100); do kill -0 "$held" 2>/dev/null || return 0; sleep 0.1; done; return 1; }
check "  and the school sees it closed" gone
exec 4>&-
wait "$held" 2>/dev/null

# Garbage and oversized frames from an authenticated peer close only that connection.
lines=$(wc -l <"$WORK/zoned.log")
tls_send coordinator-alice '\x00\x00\x00\x05hello'
check "an undecodable frame closes that connection, logged" log_since "$lines" "(coordinator:alice): undecodable request; closing"
tls_send coordinator-alice '\x7f\xff\xff\xffxxxx'
check "an oversized frame closes that connection, logged" log_since "$lines" "(coordinator:alice): frame over"
tls_send coordinator-alice '\x00\x00\x00\x00'
check "a zero-length frame closes that connection, logged" log_since "$lines" "(coordinator:alice): zero-length frame; closing"
check "the daemon still serves others" alerts_work

# Hello with protocol version 99: Request{hello{protocol_version: 99}}.
tls_send coordinator-alice '\x00\x00\x00\x04\x0a\x02\x08\x63'
check "another protocol version is refused clearly" contains "$WORK/zoned.log" "speaks protocol 99; refused"

check "SIGTERM stops zoned cleanly" stop_zone
finish
