# Helpers for bench/run.sh and bench/scale.sh: timing, medians, memory,
# ports, the zone's configuration files, stopping zoned, running agents.
# Sourced; expects BIN and WORK to be set (stop_zoned: ZONED_PID, ZLOG and
# SAMPLER_PID, as start_zoned leaves them).

die() { echo "bench: $*" >&2; exit 1; }
step() { printf '== %s\n' "$*" >&2; }

now_ns() { date +%s%N; }

# ms_since T0_NS: milliseconds since T0 (one decimal).
ms_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

# median < numbers, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# div A B [DECIMALS]
div() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.*f", d, a / b }'; }

# A port nobody listens on.
free_port() {
    local p
    for _ in $(seq 1 100); do
        p=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# private_kib PID: "TOTAL EXCL_LMDB LMDB_RSS" KiB — private pages of every
# mapping, the same without the LMDB data file's mapping, and the resident
# pages of that mapping.
private_kib() {
    awk '
        /^[0-9a-f]+-[0-9a-f]+ / { lmdb = ($6 ~ /data\.mdb$/) ; next }
        /^Private_(Clean|Dirty):/ { tot += $2; if (!lmdb) ex += $2 }
        /^Rss:/ { if (lmdb) lr += $2 }
        END { printf "%d %d %d\n", tot, ex, lr }' "/proc/$1/smaps" 2>/dev/null
}

# hwm_kib PID: peak resident set (VmHWM).
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# cpu_ms PID: the CPU time (user + system) PID has used so far, in ms: what
# zoned itself spent, apart from the agents sharing the machine with it.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.0f", ($12 + $13) * 1000 / hz }' "/proc/$1/stat"; }

# Samples PID's private memory every 0.1 s into FILE (max kept) until killed.
sample_memory() {
    local pid=$1 out=$2 maxex=0 maxtot=0 tot ex lr
    while kill -0 "$pid" 2>/dev/null; do
        read -r tot ex lr < <(private_kib "$pid") || break
        [ -n "${ex:-}" ] || break
        [ "$ex" -gt "$maxex" ] && maxex=$ex
        [ "$tot" -gt "$maxtot" ] && maxtot=$tot
        echo "$maxtot $maxex" >"$out.tmp" && mv "$out.tmp" "$out"
        sleep 0.1
    done
}

# canon_zoned < alerts.json: "upn kind reasons below" lines, sorted.
canon_zoned() {
    jq -r '.[] | [.upn, .kind, (.reasons | sort | join(",")), (.below | sort | join(","))] | join(" ")' | LC_ALL=C sort
}

kib_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# stop_zoned: the memory sampler stopped, zoned stopped cleanly (SIGTERM, exit 0).
stop_zoned() {
    [ -n "$SAMPLER_PID" ] && { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=; }
    kill -TERM "$ZONED_PID"
    local code=0
    wait "$ZONED_PID" || code=$?
    ZONED_PID=
    [ "$code" = 0 ] || { tail -20 "$ZLOG" >&2; die "zoned exited $code"; }
}

# sync_agent KIND URN: one agent's sync with $WORK/agent-KIND-URN.conf; its
# output in $WORK/out/KIND-URN.log, shown if it failed.
sync_agent() {
    "$BIN/zone-agent" sync --config "$WORK/agent-$1-$2.conf" >"$WORK/out/$1-$2.log" 2>&1 ||
        { cat "$WORK/out/$1-$2.log" >&2; return 1; }
}

# agents_at_once KIND URN...: those schools' agents at once; fails (after
# all have exited) if any failed.
agents_at_once() {
    local kind=$1 pids=() urn p fail=0
    shift
    for urn in "$@"; do sync_agent "$kind" "$urn" & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || fail=1; done
    return "$fail"
}
