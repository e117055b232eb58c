# Shared helpers for the integration tests: real zoned, real agents, real
# certificates, 127.0.0.1 only. Each test script sources this file, runs
# its checks with `check`, and ends with `finish`.
set -u

BIN=${BIN:?BIN must name the folder holding zoned, zone-agent and zonectl}
BIN=$(cd "$BIN" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zt-it.XXXXXX")
FAILS=0
ZONED_PID=
PORT=

cleanup() {
    if [ -n "$ZONED_PID" ] && kill -0 "$ZONED_PID" 2>/dev/null; then kill -KILL "$ZONED_PID"; fi
    if [ "$FAILS" = 0 ]; then rm -rf "$WORK"; else echo "  (work folder kept: $WORK)"; fi
}
trap cleanup EXIT

# check DESCRIPTION COMMAND...: runs the command, reports ok/FAIL.
check() {
    local what=$1
    shift
    if "$@"; then
        echo "  ok   $what"
    else
        echo "  FAIL $what"
        FAILS=$((FAILS + 1))
    fi
}

contains() { grep -qF -- "$2" "$1"; }
# not_contains FILE TEXT: FILE was read and holds no TEXT (grep's 1; its 2, a
# file never written or unreadable, is a failure, not a pass).
not_contains() {
    local rc=0
    grep -qF -- "$2" "$1" || rc=$?
    [ "$rc" = 1 ] || { [ "$rc" = 0 ] || echo "    could not read $1"; return 1; }
}
equals() { [ "$1" = "$2" ] || { echo "    expected '$2', got '$1'"; return 1; }; }

# fails_with TEXT CMD...: the command fails as a runtime failure (exit 1)
# saying TEXT — not a usage error, a crash or an unreachable zone.
fails_with() {
    local text=$1 code=0
    shift
    "$@" >/dev/null 2>"$WORK/fails.err" || code=$?
    [ "$code" = 1 ] && grep -qF -- "$text" "$WORK/fails.err" && return 0
    echo "    exit $code, wanted 1 and '$text': $(head -1 "$WORK/fails.err")"
    return 1
}

# usage_error TEXT CMD...: the command refuses its input as a usage error
# (exit 2) saying TEXT, whether zonectl or the zone found it wrong.
usage_error() {
    local text=$1 code=0
    shift
    "$@" >/dev/null 2>"$WORK/usage.err" || code=$?
    [ "$code" = 2 ] && grep -qF -- "$text" "$WORK/usage.err" && return 0
    echo "    exit $code, wanted 2 and '$text': $(head -1 "$WORK/usage.err")"
    return 1
}

# same_answer A B: two saved zonectl answers are equal and hold a pupil, so
# two failures or two empty answers never compare equal.
same_answer() {
    grep -q '"upn"' "$1" && cmp -s "$1" "$2" && return 0
    echo "    $1 and $2 differ, or hold no pupil"
    return 1
}

# refused CMD...: the zone answered "not allowed for this certificate".
refused() { fails_with "not allowed" "$@"; }

finish() {
    [ "$FAILS" = 0 ]
    exit $?
}

# make_pki: the zone's CA in $WORK/pki, schools 100001-100003, coordinator alice.
make_pki() {
    PKI=$WORK/pki
    "$BIN/zonectl" pki init "$PKI" >/dev/null || return 1
    for urn in 100001 100002 100003; do
        "$BIN/zonectl" pki issue school "$urn" --dir "$PKI" >/dev/null || return 1
    done
    "$BIN/zonectl" pki issue coordinator alice --dir "$PKI" >/dev/null
}

# How many times zoned has said it is serving, in this test's log.
serving_lines() {
    cat "$WORK/zoned.log" 2>/dev/null | grep -c "serving the zone" || true
}

# The port of zoned's latest "metrics on http://127.0.0.1:N/metrics" line.
metrics_port() {
    sed -n 's|.*metrics on http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' "$WORK/zoned.log" | tail -1
}

# without_keys_in LINES: stdin without the lines setting a key LINES sets
# (a configuration file refuses a key given twice).
without_keys_in() {
    EXTRA=$1 awk 'BEGIN { n = split(ENVIRON["EXTRA"], l, "\n")
                          for (i = 1; i <= n; i++) { k = l[i]; sub(/[ \t]*=.*/, "", k); set[k] = 1 } }
                  { k = $0; sub(/[ \t]*=.*/, "", k); if (!(k in set)) print }'
}

# The port of zoned's latest "serving the zone ... (port N)" log line.
served_port() {
    sed -n 's/.*serving the zone on .* (port \([0-9]*\)).*/\1/p' "$WORK/zoned.log" 2>/dev/null | tail -1
}

# launch_zone LISTEN_PORT [ARGS...]: zoned with data in $WORK/data, waited
# for until it serves; lines in $ZONED_EXTRA_CONF are added to its
# configuration, replacing the default lines of the keys they set.
launch_zone() {
    local port=$1 before
    shift
    before=$(serving_lines)
    without_keys_in "${ZONED_EXTRA_CONF:-}" >"$WORK/zoned.conf" <<CONF
listen = 127.0.0.1:$port
data_dir = $WORK/data
ca = $PKI/ca.crt
cert = $PKI/zoned.crt
key = $PKI/zoned.key
crl = $PKI/zone.crl
handshake_timeout_ms = 3000
CONF
    echo "${ZONED_EXTRA_CONF:-}" >>"$WORK/zoned.conf"
    # $ZONED_WRAPPER (e.g. valgrind) runs zoned under a checker.
    ${ZONED_WRAPPER:-} "$BIN/zoned" --config "$WORK/zoned.conf" "$@" 2>>"$WORK/zoned.log" &
    ZONED_PID=$!
    for _ in $(seq 1 300); do
        [ "$(serving_lines)" -gt "$before" ] && return 0
        kill -0 "$ZONED_PID" 2>/dev/null || break
        sleep 0.1
    done
    wait "$ZONED_PID" 2>/dev/null
    ZONED_PID=
    return 1
}

# start_zone [ARGS...]: zoned on a port the kernel picks (never a guessed
# one), read back into $PORT. A restart asks for the port the clients know;
# should another process have taken it meanwhile, zoned takes a new one and
# every client configuration in $WORK follows.
start_zone() {
    local old=${PORT:-}
    if launch_zone "${old:-0}" "$@"; then
        PORT=$(served_port)
        return 0
    fi
    if [ -n "$old" ] && tail -3 "$WORK/zoned.log" | grep -qi "address already in use"; then
        if launch_zone 0 "$@"; then
            PORT=$(served_port)
            sed -i "s/^zone = 127.0.0.1:$old\$/zone = 127.0.0.1:$PORT/" "$WORK"/*.conf
            return 0
        fi
    fi
    echo "zoned did not start:"
    cat "$WORK/zoned.log"
    return 1
}

# stop_zone: SIGTERM, and zoned must exit 0 (under ASan that means no leaks).
stop_zone() {
    kill -TERM "$ZONED_PID"
    local code=0
    wait "$ZONED_PID" || code=$?
    ZONED_PID=
    [ "$code" = 0 ] || { echo "    zoned exited $code"; tail -20 "$WORK/zoned.log"; return 1; }
}

# client_conf NAME CERTSTEM [EXPORT]: writes $WORK/NAME.conf.
client_conf() {
    local name=$1 stem=$2 dir=${3:-$WORK/export-$1}
    mkdir -p "$dir" "$WORK/out-$name"
    cat >"$WORK/$name.conf" <<CONF
zone = 127.0.0.1:$PORT
ca = $PKI/ca.crt
cert = $PKI/$stem.crt
key = $PKI/$stem.key
export_dir = $dir
output_dir = $WORK/out-$name
timeout_ms = 10000
settle_ms = 0
retry_for_ms = 2000
CONF
}

# weekdays FROM TO: the school days between two dates.
weekdays() {
    local d=$1
    while [[ ! "$d" > "$2" ]]; do
        [ "$(date -d "$d" +%u)" -le 5 ] && echo "$d"
        d=$(date -d "$d + 1 day" +%F)
    done
}

# upn SERIAL: a valid UPN (check letter computed as the DfE defines it).
upn() {
    local body
    body=$(printf '87310012%04d' "$1")
    local letters=ABCDEFGHJKLMNPQRTUVWXYZ sum=0 i
    for i in $(seq 2 13); do
        sum=$((sum + ${body:i-2:1} * i))
    done
    echo "${letters:sum%23:1}$body"
}

# zone_schools push|sync: for each school of the zonegen zone in $WORK/zone,
# its certificate, its configuration ($WORK/sURN.conf) and one agent run.
zone_schools() {
    local urn
    for urn in $(tail -n +2 "$WORK/zone/zone.csv" | cut -d, -f1); do
        "$BIN/zonectl" pki issue school "$urn" --dir "$PKI" >/dev/null
        client_conf "s$urn" "school-$urn" "$WORK/zone/school-$urn"
        "$BIN/zone-agent" "$1" --config "$WORK/s$urn.conf" >/dev/null 2>&1
    done
}
