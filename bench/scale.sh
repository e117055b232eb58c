#!/usr/bin/env bash
# BENCH_SCALE=1 make bench: the zone's own ceiling, measured (issue #20).
# The 200,000-pupil zone (zonegen --schools 100 --pupils 2000, 1 September
# 2025 to 2026-03-20): the initial load with ten agents at a time, the next
# school day (2026-03-23) with all hundred agents at once, a full
# re-evaluation for a new date, and zoned's peak private memory in each.
# Figures, not assertions: exits 0 when a target is missed, non-zero when
# something crashed. bench/README.md, "The 200,000-pupil zone".
#
#   bench/scale.sh [BUILD]                 BUILD defaults to build
#   BENCH_SCALE_SCHOOLS=N BENCH_SCALE_PUPILS=N   a smaller zone (a dry run)
#   BENCH_KEEP=1                           keep the work folder
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(cd "$BUILD/bin" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zt-scale.XXXXXX")
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"

SCHOOLS=${BENCH_SCALE_SCHOOLS:-100} PUPILS=${BENCH_SCALE_PUPILS:-2000}
FROM=2025-09-01 TO=2026-03-20 SEED=1 AS_OF=2026-03-23 DAY=2026-03-23
AT_ONCE=10 # initial load: agents at a time
# zoned.conf's kept_pupils, as the README advises a zone of this size: the
# whole roll (BENCH_SCALE_KEPT=65536 measures the default instead)
KEPT_PUPILS=${BENCH_SCALE_KEPT:-$((SCHOOLS * PUPILS + SCHOOLS * PUPILS / 10))}

ZONED_PID= SAMPLER_PID=
cleanup() {
    local code=$?
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
    [ -n "$ZONED_PID" ] && kill -KILL "$ZONED_PID" 2>/dev/null
    wait 2>/dev/null
    if [ "${BENCH_KEEP:-0}" = 1 ] || [ "$code" != 0 ]; then echo "(work folder kept: $WORK)"; else rm -rf "$WORK"; fi
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
declare -A FIG

step "generating the zone: $SCHOOLS schools x $PUPILS pupils, and the next school day"
gen=(--seed "$SEED" --schools "$SCHOOLS" --pupils "$PUPILS" --from "$FROM" --to "$TO")
t=$(now_ns)
"$BIN/zonegen" --out "$WORK/zone" "${gen[@]}" >&2
"$BIN/zonegen" --out "$WORK/day" "${gen[@]}" --only-day "$DAY" >&2
FIG[gen_s]=$(div "$(ms_since "$t")" 1000 1)
mapfile -t URNS < <(tail -n +2 "$WORK/zone/zone.csv" | cut -d, -f1)
[ "${#URNS[@]}" = "$SCHOOLS" ] || die "zonegen wrote ${#URNS[@]} schools"
rows() { local n=0 f; for f in "$@"; do n=$((n + $(wc -l <"$f") - 1)); done; echo "$n"; }
FIG[roll]=$(rows "$WORK"/zone/school-*/pupils.csv)
FIG[marks]=$(rows "$WORK"/zone/school-*/attendance.csv)
FIG[day_marks]=$(rows "$WORK"/day/school-*/attendance.csv)

step "the zone's certificates"
PKI=$WORK/pki
"$BIN/zonectl" pki init "$PKI" >/dev/null
"$BIN/zonectl" pki issue coordinator bench --dir "$PKI" >/dev/null
for urn in "${URNS[@]}"; do "$BIN/zonectl" pki issue school "$urn" --dir "$PKI" >/dev/null; done

# start_zoned DATA [ARGS...]: zoned on a port the kernel picks, read back
# from its log; the agents' configurations follow it.
start_zoned() {
    local data=$1
    shift
    cat >"$WORK/zoned.conf" <<CONF
listen = 127.0.0.1:0
data_dir = $data
ca = $PKI/ca.crt
cert = $PKI/zoned.crt
key = $PKI/zoned.key
max_connections = 1024
kept_pupils = $KEPT_PUPILS
CONF
    ZLOG=$WORK/zoned-$(now_ns).log
    "$BIN/zoned" --config "$WORK/zoned.conf" "$@" 2>"$ZLOG" &
    ZONED_PID=$!
    for _ in $(seq 1 1200); do
        PORT=$(sed -n 's/.*serving the zone on .* (port \([0-9]*\)).*/\1/p' "$ZLOG" 2>/dev/null || true)
        [ -n "$PORT" ] && break
        kill -0 "$ZONED_PID" 2>/dev/null || { cat "$ZLOG" >&2; die "zoned did not start"; }
        sleep 0.05
    done
    [ -n "$PORT" ] || die "zoned did not start"
    local urn kind
    for urn in "${URNS[@]}"; do
        for kind in zone day; do
            mkdir -p "$WORK/out/$kind-$urn"
            cat >"$WORK/agent-$kind-$urn.conf" <<CONF
zone = 127.0.0.1:$PORT
ca = $PKI/ca.crt
cert = $PKI/school-$urn.crt
key = $PKI/school-$urn.key
export_dir = $WORK/$kind/school-$urn
output_dir = $WORK/out/$kind-$urn
state_dir = $WORK/state/$urn
timeout_ms = 600000
settle_ms = 0
CONF
            # the day's folder holds that day's rows only: changes, not the year
            [ "$kind" = day ] && echo "export_scope = changes" >>"$WORK/agent-$kind-$urn.conf"
        done
    done
    sample_memory "$ZONED_PID" "$WORK/mem-$(basename "$data")-$2" &
    SAMPLER_PID=$!
}

mkdir -p "$WORK/state" # the agents' delta-sync state, a folder per school
step "initial load: ${FIG[marks]} register marks, $AT_ONCE agents at a time"
start_zoned "$WORK/data" --as-of "$AS_OF"
t=$(now_ns)
for ((i = 0; i < SCHOOLS; i += AT_ONCE)); do agents_at_once zone "${URNS[@]:i:AT_ONCE}" || die "an agent failed (zone)"; done
FIG[load_ms]=$(ms_since "$t")
FIG[cpu_load]=$(cpu_ms "$ZONED_PID")
FIG[hwm_load]=$(hwm_kib "$ZONED_PID")
stop_zoned
read -r _ FIG[priv_load] <"$WORK/mem-data-$AS_OF"

step "the next school day: ${FIG[day_marks]} marks, all $SCHOOLS agents at once"
start_zoned "$WORK/data" --as-of "$AS_OF"
sleep 0.5 # the start-up re-evaluation is not the day's work
c=$(cpu_ms "$ZONED_PID")
t=$(now_ns)
agents_at_once day "${URNS[@]}" || die "an agent failed (day)"
FIG[day_ms]=$(ms_since "$t")
FIG[cpu_day]=$(($(cpu_ms "$ZONED_PID") - c))
stop_zoned
read -r _ FIG[priv_day] <"$WORK/mem-data-$AS_OF"

step "a full re-evaluation for a new date"
start_zoned "$WORK/data" --as-of 2026-03-24
FIG[reeval_ms]=$(sed -n 's/.*re-evaluated \([0-9]*\) pupils as of .* in \([0-9.]*\) ms.*/\2/p' "$ZLOG" | tail -1)
FIG[reeval_pupils]=$(sed -n 's/.*re-evaluated \([0-9]*\) pupils.*/\1/p' "$ZLOG" | tail -1)
FIG[hwm_reeval]=$(hwm_kib "$ZONED_PID") # the re-evaluation ran before serving
stop_zoned
FIG[lmdb]=$(stat -c %s "$WORK/data/data.mdb")

target() { awk -v v="$1" -v l="$2" 'BEGIN { print (v < l ? "PASS" : "MISS") }'; }
echo
echo "ZoneTrack scale benchmark — $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-58s %12s %s\n' \
    "zone: $SCHOOLS schools x $PUPILS pupils (${FIG[roll]} roll rows)" "${FIG[marks]}" "marks, generated in ${FIG[gen_s]} s" \
    "initial load, $AT_ONCE agents at a time" "$(div "${FIG[load_ms]}" 1000 2) s" "$(div "${FIG[marks]}" "$(div "${FIG[load_ms]}" 1000 6)" 0) marks/s — $(target "$(div "${FIG[load_ms]}" 1000 2)" 30) (< 30 s)" \
    "  of which zoned's own CPU" "$(div "${FIG[cpu_load]}" 1000 2) s" "the rest of the time: the agents, on the same cores" \
    "next school day, all $SCHOOLS agents at once (${FIG[day_marks]} marks)" "${FIG[day_ms]} ms" "$(target "${FIG[day_ms]}" 1000) (< 1 s)" \
    "  of which zoned's own CPU" "${FIG[cpu_day]} ms" "" \
    "full re-evaluation for a new date (${FIG[reeval_pupils]} pupils)" "${FIG[reeval_ms]} ms" "" \
    "zoned peak private (excl. LMDB map), initial load" "$(kib_mib "${FIG[priv_load]}") MiB" "sampled every 0.1 s; VmHWM $(kib_mib "${FIG[hwm_load]}") MiB" \
    "zoned peak private (excl. LMDB map), school day" "$(kib_mib "${FIG[priv_day]}") MiB" "" \
    "zoned peak resident after the re-evaluation (VmHWM)" "$(kib_mib "${FIG[hwm_reeval]}") MiB" "LMDB pages touched included" \
    "LMDB file" "$(div "${FIG[lmdb]}" 1048576) MiB" "" \
    "zoned.conf kept_pupils" "$KEPT_PUPILS" "pupils whose counted figures stay in memory"
