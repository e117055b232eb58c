#!/usr/bin/env bash
# Certificates that name the wrong party get nothing: zoned will not start
# with a certificate that is not the zone server's (a school's, another
# CA's), and school 000000 (URN 0 means "every school" inside zoned) is
# never issued, and refused at the handshake when made by hand.
. "$(dirname "$0")/lib.sh"

make_pki || exit 1

# zoned_refuses NAME CERT KEY TEXT: zoned given CERT/KEY as its own (the
# rest of the zone as usual) does not start, and says in one error line
# naming $WORK/as-NAME/zoned.crt: TEXT.
zoned_refuses() {
    local dir=$WORK/as-$1 lines
    mkdir -p "$dir"
    cp "$PKI/ca.crt" "$PKI/zone.crl" "$dir/"
    cp "$2" "$dir/zoned.crt"
    cp "$3" "$dir/zoned.key"
    lines=$(cat "$WORK/zoned.log" 2>/dev/null | wc -l)
    PKI=$dir launch_zone 0 && { echo "    zoned started"; stop_zone; return 1; }
    tail -n +"$((lines + 1))" "$WORK/zoned.log" >"$WORK/$1.log"
    grep "error" "$WORK/$1.log" | grep -F -- "$dir/zoned.crt" | grep -qF -- "$4" && return 0
    echo "    wanted one error line naming $dir/zoned.crt and '$4':"
    sed 's/^/      /' "$WORK/$1.log"
    return 1
}

check "zoned refuses to start with a school's certificate" \
    zoned_refuses school "$PKI/school-100001.crt" "$PKI/school-100001.key" "is school:100001's, not the zone server's"
check "zoned refuses to start with a coordinator's certificate" \
    zoned_refuses coordinator "$PKI/coordinator-alice.crt" "$PKI/coordinator-alice.key" "coordinator:alice"
"$BIN/zonectl" pki init "$WORK/other" >/dev/null
check "zoned refuses to start with another zone's server certificate" \
    zoned_refuses other "$WORK/other/zoned.crt" "$WORK/other/zoned.key" "is not issued by the zone CA"

# pki issue refuses school 000000, as a usage error, writing nothing.
code=0
"$BIN/zonectl" pki issue school 000000 --dir "$PKI" >/dev/null 2>"$WORK/zero.err" || code=$?
check "pki issue school 000000 is refused (exit 2)" equals "$code" 2
check "  saying why" contains "$WORK/zero.err" "000000 is none: zoned reads it as every school"
check "  and writes nothing" test ! -e "$PKI/school-000000.key"

# A school:000000 certificate made by hand, signed by the zone CA.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=school:000000" \
    -keyout "$PKI/school-000000.key" -out "$WORK/zero.csr" 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >"$WORK/zero.ext"
openssl x509 -req -in "$WORK/zero.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 30 -extfile "$WORK/zero.ext" -out "$PKI/school-000000.crt" 2>/dev/null

start_zone --as-of 2026-03-02 || exit 1
client_conf school school-100001
client_conf zero school-000000
check "school 100001 is served" "$BIN/zone-agent" pull --config "$WORK/school.conf"
code=0
"$BIN/zone-agent" pull --config "$WORK/zero.conf" >/dev/null 2>"$WORK/zero-pull.err" || code=$?
check "a hand-made school:000000 certificate is refused" equals "$code" 1
check "  as a certificate problem" contains "$WORK/zero-pull.err" "(certificate)"
check "  and gets no alerts" test ! -e "$WORK/out-zero/alerts.json"
check "  and zoned logs it" contains "$WORK/zoned.log" 'certificate subject "school:000000"'
check "zoned stops cleanly" stop_zone
finish
