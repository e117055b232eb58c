#!/usr/bin/env bash
# make bench: the standard zone (10 schools x 1,000 pupils, 1 September 2025
# to 2026-03-20, plus the next school day 2026-03-23) through zoned and,
# side by side, through the PostgreSQL peer (bench/pg/), then the machine's
# ceilings (raw LMDB durable puts, AES-GCM). Prints one table of figures;
# bench/README.md explains each. Exits 0 even when a target is missed, non-zero
# when something crashed or the two systems' alerts differ.
#
#   bench/run.sh [BUILD]        BUILD defaults to build (build/bin/...)
#   BENCH_PG=0 bench/run.sh     skip the PostgreSQL peer
#   BENCH_KEEP=1 bench/run.sh   keep the work folder (logs, stores, alerts)
#   BENCH_SCALE=1 bench/run.sh  the 200,000-pupil zone instead (bench/scale.sh)
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
[ "${BENCH_SCALE:-0}" = 1 ] && exec "$HERE/scale.sh" "$BUILD"
BIN=$(cd "$BUILD/bin" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zt-bench.XXXXXX")
chmod 755 "$WORK" # the postgres user reads its cluster's certificates below
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"

AS_OF=2026-03-23 # zoned's date throughout: the next school day counts
DAY=2026-03-23   # the next school day's data (zonegen --only-day)
SCHOOLS=10 PUPILS=1000 FROM=2025-09-01 TO=2026-03-20 SEED=1
RUNS=${BENCH_RUNS:-7}             # repetitions of each query
DAILY_RUNS=${BENCH_DAILY_RUNS:-3} # repetitions of the daily sync
LOAD_RUNS=${BENCH_LOAD_RUNS:-3}   # repetitions of each initial load

ZONED_PID= SAMPLER_PID= PG_DIR=
cleanup() {
    local code=$?
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
    [ -n "$ZONED_PID" ] && kill -KILL "$ZONED_PID" 2>/dev/null
    if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    wait 2>/dev/null
    if [ "${BENCH_KEEP:-0}" = 1 ] || [ "$code" != 0 ]; then
        echo "(work folder kept: $WORK)"
    else
        rm -rf "$WORK"
    fi
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- figures
declare -A FIG
ROWS=()
# row LABEL VALUE UNIT [NOTE]: one line of the final table.
row() { ROWS+=("$(printf '%-52s %12s %-8s %s' "$1" "$2" "$3" "${4:-}")"); }
section() { ROWS+=("" "$1"); }
# target VALUE OP LIMIT: PASS or MISS (OP: lt or ge).
target() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = op == "lt" ? v < l : v >= l; print (v == "n/a" ? "MISS" : ok ? "PASS" : "MISS") }'; }

# ---------------------------------------------------------------- the zone
step "generating the standard zone and the next school day ($DAY)"
gen_args=(--seed "$SEED" --schools "$SCHOOLS" --pupils "$PUPILS" --from "$FROM" --to "$TO")
"$BIN/zonegen" --out "$WORK/zone" "${gen_args[@]}" >&2
"$BIN/zonegen" --out "$WORK/day" "${gen_args[@]}" --only-day "$DAY" >&2
mapfile -t URNS < <(tail -n +2 "$WORK/zone/zone.csv" | cut -d, -f1)
[ "${#URNS[@]}" = "$SCHOOLS" ] || die "zonegen wrote ${#URNS[@]} schools"
count_rows() { local n=0 f; for f in "$@"; do n=$((n + $(wc -l <"$f") - 1)); done; echo "$n"; }
MARKS=$(count_rows "$WORK"/zone/school-*/attendance.csv)
DAY_MARKS=$(count_rows "$WORK"/day/school-*/attendance.csv)
ALL_ROWS=$(count_rows "$WORK"/zone/school-*/*.csv)
DAY_ROWS=$(count_rows "$WORK"/day/school-*/*.csv)

step "the zone's certificates"
PKI=$WORK/pki
"$BIN/zonectl" pki init "$PKI" >/dev/null
"$BIN/zonectl" pki issue coordinator bench --dir "$PKI" >/dev/null
for urn in "${URNS[@]}"; do "$BIN/zonectl" pki issue school "$urn" --dir "$PKI" >/dev/null; done
PORT=$(free_port) || die "no free port"

cat >"$WORK/zonectl.conf" <<CONF
zone = 127.0.0.1:$PORT
ca = $PKI/ca.crt
cert = $PKI/coordinator-bench.crt
key = $PKI/coordinator-bench.key
CONF
# The next school day as a snapshot export (SPEC §3a): the whole year so far
# and the day, what a MIS writes with export_scope = snapshot; the day
# folder alone is a changes export (the day's records, the whole roll).
for urn in "${URNS[@]}"; do
    mkdir -p "$WORK/snap/school-$urn"
    for f in "$WORK/zone/school-$urn"/*.csv; do
        b=$(basename "$f")
        if [ "$b" = pupils.csv ]; then
            cp "$WORK/day/school-$urn/$b" "$WORK/snap/school-$urn/$b"
        else
            { cat "$f"; tail -n +2 "$WORK/day/school-$urn/$b"; } >"$WORK/snap/school-$urn/$b"
        fi
    done
done
# agent_conf URN KIND(zone|day|snap): the school's agent, exporting KIND's folder.
for urn in "${URNS[@]}"; do
    for kind in zone day snap; do
        scope=snapshot
        [ "$kind" = day ] && scope=changes
        mkdir -p "$WORK/out/$kind-$urn"
        cat >"$WORK/agent-$kind-$urn.conf" <<CONF
zone = 127.0.0.1:$PORT
ca = $PKI/ca.crt
cert = $PKI/school-$urn.crt
key = $PKI/school-$urn.key
export_dir = $WORK/$kind/school-$urn
export_scope = $scope
output_dir = $WORK/out/$kind-$urn
# each school's agent runs on its own server: its own state (and run lock),
# shared by its initial load and its daily sync
state_dir = $WORK/state/$urn
timeout_ms = 600000
# zonegen has finished writing: nothing to wait for (a real MIS job would
# touch export.ready instead)
settle_ms = 0
CONF
    done
done

# start_zoned DATA [ARGS...]: zoned on $PORT with its store in DATA.
start_zoned() {
    local data=$1
    shift
    cat >"$WORK/zoned.conf" <<CONF
listen = 127.0.0.1:$PORT
data_dir = $data
ca = $PKI/ca.crt
cert = $PKI/zoned.crt
key = $PKI/zoned.key
crl = $PKI/zone.crl
CONF
    ZLOG=$WORK/zoned-$(basename "$data")-$(now_ns).log
    "$BIN/zoned" --config "$WORK/zoned.conf" "$@" 2>"$ZLOG" &
    ZONED_PID=$!
    for _ in $(seq 1 600); do
        grep -q "serving the zone" "$ZLOG" && return 0
        kill -0 "$ZONED_PID" 2>/dev/null || break
        sleep 0.05
    done
    cat "$ZLOG" >&2
    die "zoned did not start"
}

# counted WORD KIND: the push lines' count named WORD (rejected, deleted...),
# all schools; rejected KIND: rows the agents or the zone refused.
counted() {
    cat "$WORK"/out/"$2"-*.log |
        awk -v w="$1" '/^read /{ gsub(",", ""); for (i = 1; i < NF; i++) if ($i == w) n += $(i + 1) } END { print n + 0 }'
}
rejected() { counted rejected "$1"; }

ctl() { "$BIN/zonectl" --config "$WORK/zonectl.conf" "$@"; }

# sync_all KIND seq|par: every school's agent, one after another or at once.
# Timing stops when the last agent has exited: its push was acknowledged
# after the durable commit that re-evaluated its pupils, and it has pulled
# its school's alerts — every alert is readable.
sync_all() {
    local kind=$1 how=$2 urn fail=0
    if [ "$how" = seq ]; then
        for urn in "${URNS[@]}"; do sync_agent "$kind" "$urn" || fail=1; done
    else
        agents_at_once "$kind" "${URNS[@]}" || fail=1
    fi
    [ "$fail" = 0 ] || die "an agent failed ($kind, $how)"
}

# ---------------------------------------------------------------- zoned: initial load
# first_load seq|par: the first initial load of its kind into $WORK/data-KIND,
# zoned's memory sampled into $WORK/mem-KIND, its alerts in
# $WORK/alerts-zoned-KIND.json; zoned is left running.
# The agents' delta-sync state, a folder per school.
AGENT_STATE=$WORK/state

first_load() {
    rm -rf "$AGENT_STATE" # a first sync: the agents have acknowledged nothing yet
    mkdir -p "$AGENT_STATE"
    start_zoned "$WORK/data-$1" --as-of "$AS_OF"
    sample_memory "$ZONED_PID" "$WORK/mem-$1" &
    SAMPLER_PID=$!
    local t
    t=$(now_ns)
    sync_all zone "$1"
    FIG[load_$1_ms]=$(ms_since "$t")
    ctl alerts --json >"$WORK/alerts-zoned-$1.json"
}

step "zoned: initial load, schools one after another ($MARKS register marks)"
first_load seq
mv "$WORK/alerts-zoned-seq.json" "$WORK/alerts-zoned-initial.json"
FIG[load_rejected]=$(rejected zone)
canon_zoned <"$WORK/alerts-zoned-initial.json" >"$WORK/alerts-zoned-initial.txt"
FIG[alerts_initial]=$(wc -l <"$WORK/alerts-zoned-initial.txt")

step "zoned: queries (median of $RUNS runs each)"
ctl alerts --json >/dev/null # warm
UPN=$(jq -r '[.[] | select(.kind == "family_meeting")][0].upn' "$WORK/alerts-zoned-initial.json")
[ -n "$UPN" ] && [ "$UPN" != null ] || die "no family_meeting alert to look a pupil up by"
time_cmd() { local t; t=$(now_ns); "$@" >/dev/null || die "failed: $*"; ms_since "$t"; }
FIG[q_alerts_ms]=$(for _ in $(seq "$RUNS"); do time_cmd ctl alerts --json; echo; done | median)
FIG[q_pupil_ms]=$(for _ in $(seq "$RUNS"); do time_cmd ctl pupil "$UPN"; echo; done | median)
FIG[q_thresholds_ms]=$(for _ in $(seq "$RUNS"); do time_cmd ctl thresholds show; echo; done | median)
FIG[q_help_ms]=$(for _ in $(seq "$RUNS"); do time_cmd "$BIN/zonectl" --help; echo; done | median)
# Handshakes alone: full TLS 1.3 mutual-certificate handshakes, no request,
# back to back from one process (no process start).
hs=$(openssl s_time -connect "127.0.0.1:$PORT" -new -time 2 -tls1_3 -CAfile "$PKI/ca.crt" \
    -cert "$PKI/coordinator-bench.crt" -key "$PKI/coordinator-bench.key" 2>/dev/null |
    awk '/connections in [0-9.]+s;/ { print $1, $4 }' | head -1) || true
if [ -n "$hs" ]; then
    read -r n secs <<<"$hs"
    FIG[handshake_ms]=$(awk -v n="$n" -v s="${secs%s;}" 'BEGIN { printf "%.2f", s * 1000 / n }')
else
    FIG[handshake_ms]=n/a
fi

read -r tot ex lr < <(private_kib "$ZONED_PID")
FIG[hwm_kib]=$(hwm_kib "$ZONED_PID")
read -r FIG[priv_peak_kib] FIG[priv_ex_peak_kib] <"$WORK/mem-seq"
FIG[priv_now_kib]=$tot FIG[priv_ex_now_kib]=$ex FIG[lmdb_rss_kib]=$lr
stop_zoned

# start_loaded_day: zoned on a fresh copy of the loaded zone, the agents'
# state that goes with it restored. The copies' own writes are not the
# daily sync's (the peer takes a CHECKPOINT for the same reason):
# yesterday's run left its files synced.
start_loaded_day() {
    rm -rf "$WORK/data-day" "$AGENT_STATE"
    cp -a "$WORK/data-loaded" "$WORK/data-day"
    cp -a "$WORK/state-loaded" "$AGENT_STATE"
    find "$WORK/data-day" "$AGENT_STATE" -type f -exec sync {} +
    start_zoned "$WORK/data-day" --as-of "$AS_OF"
}

# The daily sync, DAILY_RUNS times from a copy of the loaded store (the
# machine may be shared: the median is the figure).
step "zoned: daily sync, ten agents at once ($DAY_MARKS marks of $DAY), median of $DAILY_RUNS"
cp -a "$WORK/data-seq" "$WORK/data-loaded"
cp -a "$AGENT_STATE" "$WORK/state-loaded" # the agents' state that goes with it
daily=()
for r in $(seq "$DAILY_RUNS"); do
    start_loaded_day
    t0=$(now_ns)
    sync_all day par
    daily+=("$(ms_since "$t0")")
    if [ "$r" = 1 ]; then
        ctl alerts --json >"$WORK/alerts-zoned-daily.json"
        FIG[daily_rejected]=$(rejected day)
        canon_zoned <"$WORK/alerts-zoned-daily.json" >"$WORK/alerts-zoned-daily.txt"
        FIG[alerts_daily]=$(wc -l <"$WORK/alerts-zoned-daily.txt")
    fi
    [ "$r" = "$DAILY_RUNS" ] || stop_zoned
done
FIG[daily_ms]=$(printf '%s\n' "${daily[@]}" | median)
FIG[daily_all]=$(IFS=/; echo "${daily[*]}")
stop_zoned

# The same day from snapshot exports: each agent reads the whole year and
# compares it with its state for deletions (there are none).
step "zoned: daily sync from snapshot exports (export_scope = snapshot), median of $DAILY_RUNS"
daily=()
for r in $(seq "$DAILY_RUNS"); do
    start_loaded_day
    t0=$(now_ns)
    sync_all snap par
    daily+=("$(ms_since "$t0")")
    [ "$r" = 1 ] && FIG[daily_snap_deleted]=$(counted deleted snap)
    [ "$r" = "$DAILY_RUNS" ] || stop_zoned
done
FIG[daily_snap_ms]=$(printf '%s\n' "${daily[@]}" | median)
FIG[daily_snap_all]=$(IFS=/; echo "${daily[*]}")

step "zoned: daily sync again, agents one after another (a re-push: nothing changes)"
t0=$(now_ns)
sync_all day seq
FIG[daily_repush_ms]=$(ms_since "$t0")
FIG[lmdb_file]=$(stat -c %s "$WORK/data-day/data.mdb")
FIG[lmdb_du]=$(($(du -k "$WORK/data-day/data.mdb" | cut -f1) * 1024))
stop_zoned

step "zoned: full re-evaluation for a new date (restarts with another --as-of)"
reeval=()
for d in 2026-03-24 2026-03-25 2026-03-26; do
    start_zoned "$WORK/data-day" --as-of "$d"
    reeval+=("$(sed -n 's/.*re-evaluated \([0-9]*\) pupils as of .* in \([0-9.]*\) ms.*/\2/p' "$ZLOG" | tail -1)")
    FIG[reeval_pupils]=$(sed -n 's/.*re-evaluated \([0-9]*\) pupils.*/\1/p' "$ZLOG" | tail -1)
    stop_zoned
done
FIG[reeval_ms]=$(printf '%s\n' "${reeval[@]}" | median)

# more_loads FN PREFIX WHO: LOAD_RUNS-1 more initial loads of each kind with
# FN seq|par (which leaves its ms in LAST_MS), the first runs being
# FIG[PREFIX_seq_ms] and FIG[PREFIX_par_ms]; then those figures become the
# medians, and FIG[PREFIX_{seq,par}_all] lists every run in seconds.
more_loads() {
    local fn=$1 prefix=$2
    local -a seq_runs=("${FIG[${prefix}_seq_ms]}") par_runs=("${FIG[${prefix}_par_ms]}")
    for _ in $(seq 2 "$LOAD_RUNS"); do
        step "$3: the initial loads again (median of $LOAD_RUNS)"
        "$fn" seq
        seq_runs+=("$LAST_MS")
        "$fn" par
        par_runs+=("$LAST_MS")
    done
    FIG[${prefix}_seq_ms]=$(printf '%s\n' "${seq_runs[@]}" | median)
    FIG[${prefix}_par_ms]=$(printf '%s\n' "${par_runs[@]}" | median)
    FIG[${prefix}_seq_all]=$(seconds_list "${seq_runs[@]}")
    FIG[${prefix}_par_all]=$(seconds_list "${par_runs[@]}")
}

# seconds_list MS...: the runs in seconds, "1.07/1.33/1.44".
seconds_list() { printf '%s\n' "$@" | awk '{ printf("%s%.2f", (NR > 1 ? "/" : ""), $1 / 1000) }'; }

# load_again seq|par: one more initial load into a fresh store; ms in LAST_MS.
load_again() {
    rm -rf "$WORK/data-again" "$AGENT_STATE"
    mkdir -p "$AGENT_STATE"
    start_zoned "$WORK/data-again" --as-of "$AS_OF"
    local t
    t=$(now_ns)
    sync_all zone "$1"
    LAST_MS=$(ms_since "$t")
    stop_zoned
    rm -rf "$WORK/data-again"
}

step "zoned: initial load, all ten schools at once (fresh store)"
first_load par
canon_zoned <"$WORK/alerts-zoned-par.json" | cmp -s - "$WORK/alerts-zoned-initial.txt" ||
    die "zoned's alerts after the parallel load differ from the sequential load's"
FIG[hwm_par_kib]=$(hwm_kib "$ZONED_PID")
read -r FIG[priv_par_peak_kib] FIG[priv_ex_par_peak_kib] <"$WORK/mem-par"
stop_zoned
more_loads load_again load zoned

# ---------------------------------------------------------------- the PostgreSQL peer
PG_BIN=
if [ "${BENCH_PG:-1}" = 1 ]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
    if [ -z "$PG_BIN" ]; then
        [ "$(id -u)" = 0 ] || die "PostgreSQL 15 is missing; run as root to install it, or BENCH_PG=0"
        step "installing PostgreSQL 15 (Debian's postgresql)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null
        PG_BIN=/usr/lib/postgresql/15/bin
    fi
    [ "$(id -u)" = 0 ] || die "the PostgreSQL peer needs root (runuser -u postgres); or BENCH_PG=0"
    id postgres >/dev/null 2>&1 || die "no postgres user"
fi

# pg_start: a private cluster in $WORK/pg, TLS 1.3 with the zone's CA on
# 127.0.0.1 only, mutual certificates like zoned (bench/README.md: tuning).
pg_start() {
    PG_DIR=$WORK/pg
    PG_PORT=$(free_port) || die "no free port"
    mkdir -p "$PG_DIR/sock"
    cp "$PKI/zoned.crt" "$PG_DIR/server.crt"
    cp "$PKI/zoned.key" "$PG_DIR/server.key"
    cp "$PKI/ca.crt" "$PG_DIR/ca.crt"
    chmod 600 "$PG_DIR/server.key"
    chown -R postgres: "$PG_DIR"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -E UTF8 --locale=C -A reject --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
        { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    cat >"$PG_DIR/data/pg_hba.conf" <<HBA
hostssl all postgres 127.0.0.1/32 trust clientcert=verify-ca
HBA
    cat >>"$PG_DIR/data/postgresql.conf" <<PGCONF
# bench/run.sh — see bench/README.md
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR/sock'
ssl = on
ssl_cert_file = '$PG_DIR/server.crt'
ssl_key_file = '$PG_DIR/server.key'
ssl_ca_file = '$PG_DIR/ca.crt'
ssl_min_protocol_version = 'TLSv1.3'
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = minimal
max_wal_senders = 0
max_wal_size = 4GB
checkpoint_timeout = 30min
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 512MB
effective_cache_size = 4GB
random_page_cost = 1.1
max_parallel_workers_per_gather = 2
max_parallel_maintenance_workers = 2
jit = off
PGCONF
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 start >/dev/null ||
        { cat "$PG_DIR/postgres.log" >&2; die "PostgreSQL did not start"; }
}

pg_stop() {
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null
}

# psql over hostssl with the coordinator's certificate, verifying the server's.
pg() {
    PGSSLMODE=verify-full PGSSLROOTCERT=$PKI/ca.crt PGSSLCERT=$PKI/coordinator-bench.crt \
        PGSSLKEY=$PKI/coordinator-bench.key PGCONNECT_TIMEOUT=30 PGOPTIONS='-c client_min_messages=warning' \
        "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

# pg_fresh: an empty database "zone" with the peer's schema.
pg_fresh() {
    pg -d postgres -c "DROP DATABASE IF EXISTS zone" -c "CREATE DATABASE zone"
    pg -d zone -v urns="$(IFS=,; echo "${URNS[*]}")" -f "$HERE/pg/schema.sql"
}

# pg_script FILE KIND URN: FILE with @URN@ and @DIR@ filled in for KIND's folder.
pg_script() {
    local out=$WORK/pg-$(basename "$1" .sql)-$2-$3.sql
    sed -e "s|@URN@|$3|g" -e "s|@DIR@|$WORK/$2/school-$3|g" "$1" >"$out"
    echo "$out"
}

# pg_all SCRIPT KIND seq|par: one psql per school, one after another or at once,
# into database $PGDB.
PGDB=zone
pg_all() {
    local script=$1 kind=$2 how=$3 pids=() urn fail=0 f p
    for urn in "${URNS[@]}"; do
        f=$(pg_script "$HERE/pg/$script" "$kind" "$urn")
        if [ "$how" = seq ]; then
            pg -d "$PGDB" -f "$f" >>"$WORK/pg-$kind.log" 2>&1 || fail=1
        else
            pg -d "$PGDB" -f "$f" >>"$WORK/pg-$kind.log" 2>&1 &
            pids+=($!)
        fi
    done
    for p in "${pids[@]}"; do wait "$p" || fail=1; done
    [ "$fail" = 0 ] || { cat "$WORK/pg-$kind.log" >&2; die "PostgreSQL: $script failed ($kind, $how)"; }
}

pg_alerts() { pg -d "$PGDB" -v asof="$AS_OF" -f "$HERE/pg/alerts.sql"; }

# canon_pg: the peer's alerts, as canon_zoned prints zoned's.
canon_pg() {
    pg -d "$PGDB" -At -c "SELECT upn || ' ' || kind || ' ' || array_to_string(reasons, ',') || ' ' || array_to_string(below, ',') FROM alerts" |
        LC_ALL=C sort
}

# same_alerts ZONED_TXT WHAT: the peer's alerts must be zoned's, exactly.
same_alerts() {
    canon_pg >"$WORK/alerts-pg-$2.txt"
    if ! cmp -s "$1" "$WORK/alerts-pg-$2.txt"; then
        echo "bench: ALERTS DIFFER between zoned and PostgreSQL ($2): < zoned, > PostgreSQL" >&2
        diff "$1" "$WORK/alerts-pg-$2.txt" | head -20 >&2
        BENCH_KEEP=1
        die "the alert sets differ ($2)"
    fi
}

if [ -n "$PG_BIN" ]; then
    step "PostgreSQL 15 peer: a private cluster on 127.0.0.1 over TLS"
    pg_start
    FIG[pg_version]=$(pg -d postgres -At -c "SHOW server_version" | cut -d' ' -f1)
    pg_fresh

    step "PostgreSQL: initial load, schools one after another, indexes, ANALYZE, alerts"
    t0=$(now_ns)
    pg_all load_school.sql zone seq
    FIG[pg_copy_seq_ms]=$(ms_since "$t0")
    t1=$(now_ns)
    pg -d zone -f "$HERE/pg/index.sql"
    FIG[pg_index_ms]=$(ms_since "$t1")
    t1=$(now_ns)
    pg_alerts
    FIG[pg_alerts_ms]=$(ms_since "$t1")
    FIG[pg_load_seq_ms]=$(ms_since "$t0")
    same_alerts "$WORK/alerts-zoned-initial.txt" initial
    FIG[pg_alerts_n]=$(wc -l <"$WORK/alerts-pg-initial.txt")
    # The alert query alone, warm, median of 3 (for the re-evaluation row).
    FIG[pg_alerts_warm_ms]=$(for _ in 1 2 3; do t1=$(now_ns); pg_alerts; ms_since "$t1"; echo; done | median)

    step "PostgreSQL: daily sync, ten sessions at once, then the alerts recomputed, median of $DAILY_RUNS"
    FIG[pg_query_ms]=$(for _ in $(seq "$RUNS"); do t1=$(now_ns); pg -d zone -At -c "SELECT * FROM alerts" >/dev/null; ms_since "$t1"; echo; done | median)
    daily=()
    for r in $(seq "$DAILY_RUNS"); do
        PGDB=zone_day
        pg -d postgres -c "DROP DATABASE IF EXISTS zone_day" -c "CREATE DATABASE zone_day TEMPLATE zone"
        pg -d zone_day -c "CHECKPOINT" # the copy's writes are not the daily sync's
        t0=$(now_ns)
        pg_all daily_school.sql day par
        pg_alerts
        daily+=("$(ms_since "$t0")")
        [ "$r" = 1 ] && same_alerts "$WORK/alerts-zoned-daily.txt" daily
        FIG[pg_db_bytes]=$(pg -d zone_day -At -c "SELECT pg_database_size('zone_day')")
        PGDB=zone
    done
    pg -d postgres -c "DROP DATABASE zone_day"
    FIG[pg_daily_ms]=$(printf '%s\n' "${daily[@]}" | median)
    FIG[pg_daily_all]=$(IFS=/; echo "${daily[*]}")

    # pg_load_again seq|par: a fresh database loaded, indexed, alerts
    # computed; ms in LAST_MS.
    pg_load_again() {
        pg_fresh
        local t
        t=$(now_ns)
        pg_all load_school.sql zone "$1"
        pg -d zone -f "$HERE/pg/index.sql"
        pg_alerts
        LAST_MS=$(ms_since "$t")
    }
    step "PostgreSQL: initial load, all ten at once (fresh database)"
    pg_load_again par
    FIG[pg_load_par_ms]=$LAST_MS
    same_alerts "$WORK/alerts-zoned-initial.txt" initial-par
    more_loads pg_load_again pg_load PostgreSQL
    pg_stop
    PG_DIR=
fi

# ---------------------------------------------------------------- ceilings
step "ceilings: raw LMDB durable puts, AES-GCM"
mkdir -p "$BUILD/bench"
cc -std=c11 -Wall -Wextra -Werror -O2 -D_POSIX_C_SOURCE=200809L -o "$BUILD/bench/lmdb_puts" "$HERE/lmdb_puts.c" -llmdb
for order in seq random; do
    rm -rf "$WORK/lmdb-puts"
    out=$("$BUILD/bench/lmdb_puts" "$WORK/lmdb-puts" 1000000 10000 18 "$order") || die "lmdb_puts failed"
    FIG[lmdb_puts_$order]=$(awk '{ print $(NF - 1) }' <<<"$out")
done
rm -rf "$WORK/lmdb-puts"
for c in aes-128-gcm aes-256-gcm; do
    FIG[$c]=$(openssl speed -seconds 1 -bytes 16384 -evp "$c" 2>/dev/null | awk 'END { sub(/k$/, "", $NF); printf "%.0f", $NF / 1000 }')
done

# ---------------------------------------------------------------- the table
mps() { div "$MARKS" "$(div "$1" 1000 6)" 0; }
section "zoned — the standard zone: $SCHOOLS schools x $PUPILS pupils, $FROM..$TO ($MARKS marks, $ALL_ROWS rows), as of $AS_OF"
row "initial load, one school after another" "$(div "${FIG[load_seq_ms]}" 1000 2)" s "$(mps "${FIG[load_seq_ms]}") marks/s end to end; median of ${FIG[load_seq_all]} s; rejected ${FIG[load_rejected]}"
row "initial load, all ten at once (fresh store)" "$(div "${FIG[load_par_ms]}" 1000 2)" s "$(mps "${FIG[load_par_ms]}") marks/s end to end; median of ${FIG[load_par_all]} s"
row "open alerts after the load" "${FIG[alerts_initial]}" alerts
row "daily sync, ten agents at once ($DAY_MARKS marks)" "${FIG[daily_ms]}" ms "median of ${FIG[daily_all]} ms; until the last alert is readable; rejected ${FIG[daily_rejected]}"
row "daily sync from snapshot exports (the whole year read)" "${FIG[daily_snap_ms]}" ms "median of ${FIG[daily_snap_all]} ms; deleted ${FIG[daily_snap_deleted]}"
row "daily re-push (unchanged), one after another" "${FIG[daily_repush_ms]}" ms
row "open alerts after the daily sync" "${FIG[alerts_daily]}" alerts
row "zonectl alerts --json" "${FIG[q_alerts_ms]}" ms "median of $RUNS; process start + TLS + query — $(target "${FIG[q_alerts_ms]}" lt 50) (< 50 ms)"
row "zonectl pupil UPN" "${FIG[q_pupil_ms]}" ms "median of $RUNS — $(target "${FIG[q_pupil_ms]}" lt 50) (< 50 ms)"
row "zonectl thresholds show (a trivial request)" "${FIG[q_thresholds_ms]}" ms "median of $RUNS"
row "zonectl --help (process start only)" "${FIG[q_help_ms]}" ms "median of $RUNS"
row "TLS 1.3 mutual handshake alone" "${FIG[handshake_ms]}" ms "openssl s_time, back to back"
row "full re-evaluation for a new date" "${FIG[reeval_ms]}" ms "${FIG[reeval_pupils]} pupils, median of 3 — $(target "${FIG[reeval_ms]}" lt 500) (< 500 ms)"
hwm=$(( FIG[hwm_kib] > FIG[hwm_par_kib] ? FIG[hwm_kib] : FIG[hwm_par_kib] ))
pex=$(( FIG[priv_ex_peak_kib] > FIG[priv_ex_par_peak_kib] ? FIG[priv_ex_peak_kib] : FIG[priv_ex_par_peak_kib] ))
ptot=$(( FIG[priv_peak_kib] > FIG[priv_par_peak_kib] ? FIG[priv_peak_kib] : FIG[priv_par_peak_kib] ))
row "zoned peak resident (VmHWM, LMDB pages included)" "$(kib_mib "$hwm")" MiB
row "zoned peak private, LMDB map's file pages excluded" "$(kib_mib "$pex")" MiB "sampled every 0.1 s — $(target "$(kib_mib "$pex")" lt 64) (< 64 MiB)"
row "zoned peak private, LMDB map's file pages included" "$(kib_mib "$ptot")" MiB "sampled every 0.1 s"
row "zoned private at the end (excl. / incl. LMDB)" "$(kib_mib "${FIG[priv_ex_now_kib]}") / $(kib_mib "${FIG[priv_now_kib]}")" MiB "LMDB map resident: $(kib_mib "${FIG[lmdb_rss_kib]}") MiB"
row "LMDB file size (apparent / allocated)" "$(div "${FIG[lmdb_file]}" 1048576) / $(div "${FIG[lmdb_du]}" 1048576)" MiB

if [ -n "$PG_BIN" ]; then
    ratio() { div "$1" "$2" 1; }
    section "the PostgreSQL ${FIG[pg_version]} peer (bench/pg/): same CSV files, COPY via psql over TLS 1.3, same alerts (checked: ${FIG[pg_alerts_n]} identical)"
    row "initial load, one school after another" "$(div "${FIG[pg_load_seq_ms]}" 1000 2)" s "$(mps "${FIG[pg_load_seq_ms]}") marks/s; median of ${FIG[pg_load_seq_all]} s"
    row "  first run: COPY + indexes/ANALYZE + alerts" "$(div "${FIG[pg_copy_seq_ms]}" 1000 2)+$(div "${FIG[pg_index_ms]}" 1000 2)+$(div "${FIG[pg_alerts_ms]}" 1000 2)" s
    row "initial load, all ten at once (fresh database)" "$(div "${FIG[pg_load_par_ms]}" 1000 2)" s "$(mps "${FIG[pg_load_par_ms]}") marks/s; median of ${FIG[pg_load_par_all]} s"
    row "daily sync, ten sessions at once + alerts" "${FIG[pg_daily_ms]}" ms "median of ${FIG[pg_daily_all]} ms; upserts, then the alerts recomputed"
    row "alerts recomputed for the whole zone (warm)" "${FIG[pg_alerts_warm_ms]}" ms "median of 3; zoned's re-evaluation: ${FIG[reeval_ms]} ms"
    row "psql: SELECT * FROM alerts" "${FIG[pg_query_ms]}" ms "median of $RUNS; process start + TLS + query"
    row "database size" "$(div "${FIG[pg_db_bytes]}" 1048576)" MiB "pg_database_size; zoned's LMDB file: $(div "${FIG[lmdb_file]}" 1048576) MiB"
    section "zoned vs the peer (how many times faster; targets on 2 cores)"
    r=$(ratio "${FIG[pg_load_seq_ms]}" "${FIG[load_seq_ms]}")
    row "initial load, one after another" "$r" x "$(target "$r" ge 5) (>= 5x)"
    r=$(ratio "${FIG[pg_load_par_ms]}" "${FIG[load_par_ms]}")
    row "initial load, all at once" "$r" x "$(target "$r" ge 5) (>= 5x)"
    r=$(ratio "${FIG[pg_daily_ms]}" "${FIG[daily_ms]}")
    row "daily sync" "$r" x "$(target "$r" ge 20) (>= 20x)"
    r=$(ratio "${FIG[pg_alerts_warm_ms]}" "${FIG[reeval_ms]}")
    row "whole-zone evaluation" "$r" x
fi

section "ceilings on this machine"
row "raw LMDB durable puts, key order" "${FIG[lmdb_puts_seq]}" puts/s "bench/lmdb_puts: 1M puts, 18-byte keys, 62-byte values, a commit per 10k"
row "raw LMDB durable puts, scattered order" "${FIG[lmdb_puts_random]}" puts/s "the same, keys in scattered order"
row "zoned's initial load against it" "$(div "$(mps "${FIG[load_seq_ms]}")" "${FIG[lmdb_puts_seq]}" 2)" x "marks/s end to end (one after another) / raw puts/s"
row "openssl speed -evp aes-128-gcm (16 KiB blocks)" "${FIG[aes-128-gcm]}" MB/s
row "openssl speed -evp aes-256-gcm (16 KiB blocks)" "${FIG[aes-256-gcm]}" MB/s

echo
echo "ZoneTrack benchmark — $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%s\n' "${ROWS[@]}"
