#!/usr/bin/env bash
# A county of zones (issue #20): three zones, each its own zoned, store,
# certificates and agents, publish their aggregates into a real PostgreSQL
# 15 cluster (deploy/region/*.sql) on a private unix socket. The database
# is stopped in the middle of a publish and restarted, and is down while a
# zone takes its snapshots and restarts: every snapshot arrives exactly
# once, and a dump of the regional database holds no UPN of any zone.
. "$(dirname "$0")/lib.sh"
SQL=$(cd "$(dirname "$0")/../../deploy/region" && pwd)

PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/initdb" ] && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null 2>&1 || true
fi
if [ ! -x "$PG_BIN/initdb" ]; then
    echo "  skip: PostgreSQL 15 is not installed and cannot be (apt-get install postgresql-15 as root)"
    exit 77
fi
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "  skip: PostgreSQL 15 has no postgres user to run as"
    exit 77
fi

TOP=$WORK
chmod 755 "$TOP" # the postgres user reaches its cluster below
PG_DIR=$TOP/pg
PG_PORT=5432 # names the unix socket file; no TCP until the TLS part
ZONES=(north south east)
declare -A ZPID
# as_pg CMD...: PostgreSQL's programs run as the postgres user (initdb refuses root).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

region_cleanup() {
    local z
    for z in "${ZONES[@]}"; do
        [ -n "${ZPID[$z]:-}" ] && kill -KILL "${ZPID[$z]}" 2>/dev/null
    done
    [ -f "$PG_DIR/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    WORK=$TOP
    cleanup
}
trap region_cleanup EXIT

# ---------------------------------------------------------------- the region
# A cluster on a unix socket in its own folder: no TCP port at all (the
# port number only names the socket file).
pg_start() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 start >/dev/null ||
        { cat "$PG_DIR/postgres.log"; return 1; }
}
pg_stop() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m "${1:-fast}" -w stop >/dev/null; }
# psql as USER into the regional database.
pg_as() {
    local user=$1
    shift
    PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR/sock" -p "$PG_PORT" -U "$user" -d region "$@"
}
pg() { pg_as postgres -At "$@"; }

mkdir -p "$PG_DIR/sock"
[ "$(id -u)" = 0 ] && chown -R postgres: "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -E UTF8 --locale=C -A trust -U postgres --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log"; exit 1; }
echo "local all all trust" >"$PG_DIR/data/pg_hba.conf"
cat >>"$PG_DIR/data/postgresql.conf" <<PGCONF
listen_addresses = ''
port = $PG_PORT
unix_socket_directories = '$PG_DIR/sock'
fsync = off
shared_buffers = 16MB
PGCONF
pg_start || exit 1
"$PG_BIN/psql" -X -q -h "$PG_DIR/sock" -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE region" || exit 1
check "the regional schema and roles load" pg -f "$SQL/schema.sql" -f "$SQL/roles.sql"
for z in "${ZONES[@]}"; do pg -c "CREATE ROLE $z LOGIN IN ROLE zone_publisher" >/dev/null; done
pg -c "CREATE ROLE officer LOGIN IN ROLE county_officer" >/dev/null

# ---------------------------------------------------------------- the zones
# zone_up NAME SEED: a zonegen zone of two schools pushed into its own
# zoned, which publishes as NAME every 300 ms.
zone_up() {
    local z=$1 seed=$2 urn
    WORK=$TOP/$z
    mkdir -p "$WORK"
    PORT=
    "$BIN/zonegen" --out "$WORK/gen" --seed "$seed" --schools 2 --pupils 40 >/dev/null 2>&1 || return 1
    make_pki || return 1
    ZONED_EXTRA_CONF="region = postgresql://$z@/region?host=$PG_DIR/sock&port=$PG_PORT
region_zone = $z
region_retry_ms = 300"
    start_zone --as-of 2026-03-23 || return 1
    client_conf coord coordinator-alice
    for urn in $(tail -n +2 "$WORK/gen/zone.csv" | cut -d, -f1); do
        "$BIN/zonectl" pki issue school "$urn" --dir "$PKI" >/dev/null || return 1
        client_conf "s$urn" "school-$urn" "$WORK/gen/school-$urn"
        "$BIN/zone-agent" push --config "$WORK/s$urn.conf" >"$WORK/push-$urn.out" 2>&1 || { cat "$WORK/push-$urn.out"; return 1; }
    done
    "$BIN/zonectl" --config "$WORK/coord.conf" schools import "$WORK/gen/zone.csv" >/dev/null
}
# in_zone NAME: the zone's folder and zoned become lib.sh's current ones.
in_zone() { WORK=$TOP/$1 PKI=$TOP/$1/pki ZONED_PID=${ZPID[$1]:-} PORT=$(served_port); }
snapshot() { "$BIN/zonectl" --config "$WORK/coord.conf" gaps snapshot >/dev/null; }
count() { pg -c "$1"; }
not() { ! "$@"; }
# not_grep_any WORDS FILE: no line of WORDS occurs in FILE.
not_grep_any() {
    local hits
    hits=$(grep -oFf "$1" "$2" | head -3)
    [ -z "$hits" ] || { echo "    found: $hits"; return 1; }
}
# wait_for SQL VALUE: up to 20 s for the query to answer VALUE.
wait_for() {
    local v
    for _ in $(seq 1 200); do
        v=$(pg -c "$1" 2>/dev/null)
        [ "$v" = "$2" ] && return 0
        sleep 0.1
    done
    echo "    '$1' answered '$v', wanted '$2'"
    return 1
}
HALF_TERMS="'2025-10-24','2025-12-19','2026-02-13'" # the half-term ends up to 2026-03-23

# A zone that would publish without a name does not start.
WORK=$TOP/nameless
mkdir -p "$WORK"
make_pki
ZONED_EXTRA_CONF="region = postgresql://north@/region?host=$PG_DIR/sock&port=$PG_PORT"
check "region without region_zone: zoned refuses to start" not launch_zone 0
check "  saying which file and key" contains "$WORK/zoned.log" "zoned.conf: region_zone: '' is not a zone name"

# North: the region is up; its three snapshots arrive.
zone_up north 11 || exit 1
ZPID[north]=$ZONED_PID
snapshot
check "north: three snapshots published" \
    wait_for "SELECT count(*) FROM region.snapshots WHERE zone = 'north' AND as_of IN ($HALF_TERMS)" 3
check "north: gap figures for the zone, its clusters and its schools" \
    equals "$(count "SELECT string_agg(DISTINCT level, ',' ORDER BY level) FROM region.gap_figures WHERE zone = 'north'")" \
    "cluster,school,zone"
check "north: alert counts, leavers and figures hang off each snapshot" \
    equals "$(count "SELECT count(DISTINCT a.as_of) || '/' || count(DISTINCT l.as_of) FROM region.alert_counts a JOIN region.leavers l USING (zone, as_of) WHERE zone = 'north'")" "3/3"
check "north: no published group has fewer than 5 pupils" \
    equals "$(count "SELECT count(*) FROM region.gap_figures WHERE pupils < 5")" 0
check "north: the outbox is empty once sent" contains "$WORK/zoned.log" "region: published the snapshot of 2026-02-13 as zone north"
# A snapshot the coordinator takes today: this year's alerts by kind and
# stage, small counts withheld (NULL), never a total.
"$BIN/zonectl" --config "$WORK/coord.conf" menu add --name "Breakfast club" --provider "Family Hub" \
    --for child --needs attendance --places 30 --cost 2 >/dev/null
# one pupil supported by it: a figure of one child, withheld
urn=$(tail -n +2 "$WORK/gen/zone.csv" | head -1 | cut -d, -f1)
pupil=$(tail -n +2 "$WORK/gen/school-$urn/pupils.csv" | head -1 | cut -d, -f1)
"$BIN/zonectl" --config "$WORK/s$urn.conf" plan "$pupil" --id p1 --offer 1 --lead "Ms Lead" --start 2026-02-02 \
    --review 2026-04-01 --outcome "attends every day" --status active >/dev/null
"$BIN/zonectl" --config "$WORK/coord.conf" gaps snapshot --as-of 2026-03-23 >/dev/null
check "north: a snapshot taken on demand is published too" \
    wait_for "SELECT count(*) FROM region.snapshots WHERE zone = 'north' AND as_of = '2026-03-23'" 1
alerts=$(count "SELECT sum(alerts) FROM region.alert_counts WHERE zone = 'north' AND as_of = '2026-03-23'")
open=$("$BIN/zonectl" --config "$WORK/coord.conf" status | sed -n 's/.*pupils, \([0-9]*\) open alerts.*/\1/p')
check "north: this year's alerts are counted ($alerts published, $open open in the zone)" test "${alerts:-0}" -ge 5
check "north: impact per offer, its one pupil's figures withheld" \
    equals "$(count "SELECT offer || ' ' || places || ' ' || coalesce(pupils::text, 'withheld') || ' ' || (attendance_before_pct IS NULL) FROM region.offer_impact WHERE zone = 'north' AND as_of = '2026-03-23'")" \
    "Breakfast club 30 withheld true"
check "north: no published count is 1-4" \
    equals "$(count "SELECT count(*) FROM region.alert_counts WHERE alerts BETWEEN 1 AND 4")" 0

# South: the database stops while the second snapshot is being written.
# A trigger holds its first figure for 3 s; PostgreSQL is stopped (immediate:
# a crash) while it waits, then started again.
pg -c "CREATE FUNCTION region.hold() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS \$\$
       BEGIN
           IF NEW.as_of = '2025-12-19' AND NOT EXISTS (SELECT FROM region.gap_figures g
                                                        WHERE g.zone = NEW.zone AND g.as_of = NEW.as_of) THEN
               PERFORM pg_sleep(3); -- the snapshot's first figure only
           END IF;
           RETURN NEW;
       END \$\$" \
   -c "CREATE TRIGGER hold BEFORE INSERT ON region.gap_figures FOR EACH ROW EXECUTE FUNCTION region.hold()" >/dev/null
zone_up south 12 || exit 1
ZPID[south]=$ZONED_PID
snapshot
check "south: a publish is under way (held by the trigger)" \
    wait_for "SELECT count(*) FROM pg_stat_activity WHERE usename = 'south' AND query LIKE 'INSERT INTO region.gap_figures%' AND state = 'active'" 1
t0=$(date +%s%N)
"$BIN/zonectl" --config "$WORK/coord.conf" status >/dev/null
ms=$((($(date +%s%N) - t0) / 1000000))
check "south: zoned answers at once while its publish waits on the region (${ms} ms)" test "$ms" -lt 1500
check "the region stops in the middle of south's publish" pg_stop immediate
sleep 1
check "south: zoned says the snapshots wait in its outbox" contains "$WORK/zoned.log" "wait in the outbox"
check "  because the region went away mid-write" contains "$WORK/zoned.log" "server closed the connection unexpectedly"
check "south: zoned still serves while the region is down" \
    "$BIN/zonectl" --config "$WORK/coord.conf" status >/dev/null
pg_start
check "south: what was committed before the stop is there, the rest is not" \
    equals "$(count "SELECT string_agg(as_of::text, ',') FROM region.snapshots WHERE zone = 'south'")" "2025-10-24"
pg -c "DROP TRIGGER hold ON region.gap_figures" >/dev/null
check "south: after the restart all three snapshots arrive" \
    wait_for "SELECT count(*) FROM region.snapshots WHERE zone = 'south' AND as_of IN ($HALF_TERMS)" 3
check "south: the interrupted snapshot has its figures" \
    equals "$(count "SELECT count(*) > 20 FROM region.gap_figures WHERE zone = 'south' AND as_of = '2025-12-19'")" t
check "south: each snapshot published once" \
    equals "$(grep -c 'region: published the snapshot of' "$WORK/zoned.log")" 3

# East: the region is down while the zone takes its snapshots and restarts;
# the outbox survives the restart and empties when the region is back.
pg_stop fast
zone_up east 13 || exit 1
snapshot
sleep 0.7
check "east: zoned serves with the region down" contains "$WORK/zoned.log" "cannot reach the region"
check "east: SIGTERM stops zoned with snapshots waiting" stop_zone
start_zone --as-of 2026-03-23 || exit 1
ZPID[east]=$ZONED_PID
pg_start
check "east: the queued snapshots arrive once the region is back" \
    wait_for "SELECT count(*) FROM region.snapshots WHERE zone = 'east' AND as_of IN ($HALF_TERMS)" 3
# Taking the snapshots again (the coordinator's on-demand snapshot of a
# date already published) writes nothing new: the first stays.
before=$(count "SELECT published FROM region.snapshots WHERE zone = 'east' AND as_of = '2026-02-13'")
"$BIN/zonectl" --config "$WORK/coord.conf" gaps snapshot --as-of 2026-02-13 >/dev/null
check "east: a snapshot taken again is not written twice" \
    wait_for "SELECT count(*) FROM region.snapshots WHERE zone = 'east' AND as_of = '2026-02-13' AND published = '$before'" 1
sleep 0.7
check "  and zoned says so" contains "$WORK/zoned.log" "was in the region already"


# ---------------------------------------------------------------- over TLS
# The region on 127.0.0.1 as well, TLS 1.3 only, the zone CA's certificates
# both ways (as bench/run.sh's peer); no plain TCP line in pg_hba.conf, so
# a snapshot that arrives came over TLS. The port: one the kernel gave a
# listening socket a moment ago (perl-base, essential on Debian).
PG_PORT=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1)->sockport')
NORTH_PKI=$TOP/north/pki
cp "$NORTH_PKI/zoned.crt" "$PG_DIR/server.crt"
cp "$NORTH_PKI/zoned.key" "$PG_DIR/server.key"
cp "$NORTH_PKI/ca.crt" "$PG_DIR/ca.crt"
[ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"/server.* "$PG_DIR/ca.crt"
chmod 600 "$PG_DIR/server.key"
pg_stop fast
echo "hostssl region all 127.0.0.1/32 trust clientcert=verify-ca" >>"$PG_DIR/data/pg_hba.conf"
cat >>"$PG_DIR/data/postgresql.conf" <<PGCONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
ssl = on
ssl_cert_file = '$PG_DIR/server.crt'
ssl_key_file = '$PG_DIR/server.key'
ssl_ca_file = '$PG_DIR/ca.crt'
ssl_min_protocol_version = 'TLSv1.3'
log_connections = on
PGCONF
pg_start || exit 1
in_zone north
stop_zone
ZONED_EXTRA_CONF="region = postgresql://north@127.0.0.1:$PG_PORT/region
region_zone = north
region_ca = $NORTH_PKI/ca.crt
region_cert = $NORTH_PKI/coordinator-alice.crt
region_key = $NORTH_PKI/coordinator-alice.key
region_retry_ms = 300"
start_zone --as-of 2026-03-23 || exit 1
ZPID[north]=$ZONED_PID
"$BIN/zonectl" --config "$WORK/coord.conf" gaps snapshot --as-of 2026-03-20 >/dev/null
check "north: a snapshot published over TLS with the zone's certificates" \
    wait_for "SELECT count(*) FROM region.snapshots WHERE zone = 'north' AND as_of = '2026-03-20'" 1
check "  and the region saw TLS 1.3" \
    contains "$PG_DIR/postgres.log" "user=north database=region application_name=zoned SSL enabled (protocol=TLSv1.3"
# ---------------------------------------------------------------- nothing about a pupil
check "every zone's every snapshot is there exactly once" \
    equals "$(count "SELECT count(*) || ' ' || count(DISTINCT (zone, as_of)) FROM region.snapshots")" "11 11"
as_pg "$PG_BIN/pg_dump" -h "$PG_DIR/sock" -p "$PG_PORT" -U postgres -d region >"$TOP/region.sql"
cut -d, -f1 "$TOP"/*/gen/school-*/pupils.csv | grep -v '^upn$' | sort -u >"$TOP/upns.txt"
check "the dump holds the figures" contains "$TOP/region.sql" "COPY region.gap_figures"
check "there are UPNs to look for ($(wc -l <"$TOP/upns.txt"))" test "$(wc -l <"$TOP/upns.txt")" -ge 80
check "no UPN of any zone is in the regional database" not_grep_any "$TOP/upns.txt" "$TOP/region.sql"

# ---------------------------------------------------------------- the roles
check "a county officer reads the figures" \
    equals "$(pg_as officer -At -c "SELECT count(*) FROM region.scope_figures WHERE level = 'zone'")" 3
check "a county officer cannot write" fails_with "permission denied" \
    pg_as officer -c "DELETE FROM region.snapshots"
check "a zone cannot delete or change what it published" fails_with "permission denied" \
    pg_as north -c "UPDATE region.gap_figures SET pupils = 5"
check "a zone cannot publish under another zone's name" fails_with "row-level security" \
    pg_as north -c "INSERT INTO region.snapshots (zone, as_of, taken, min_group) VALUES ('south', '2020-01-01', now(), 5)"
check "  nor see another zone's figures" \
    equals "$(pg_as north -At -c "SELECT count(DISTINCT zone) FROM region.snapshots")" 1

# ---------------------------------------------------------------- the county picture
NATIONAL=$(cd "$(dirname "$0")/../../deploy" && pwd)/national-benchmarks.conf
# the officer over TLS too, verifying the region's certificate
OFFICER="postgresql://officer@127.0.0.1:$PG_PORT/region?sslmode=verify-full&sslrootcert=$NORTH_PKI/ca.crt&sslcert=$NORTH_PKI/coordinator-alice.crt&sslkey=$NORTH_PKI/coordinator-alice.key"
"$BIN/zonectl" region report --html "$TOP/county.html" --region "$OFFICER" --benchmarks "$NATIONAL" 2>"$TOP/report.err"
check "a county officer's report is written" equals "$?" 0
check "  it puts the three zones side by side" \
    equals "$(grep -c '<tr class="cl"><td class="l">\(north\|south\|east\)</td>' "$TOP/county.html")" 3
check "  with RAG against national" grep -q 'class="red"\|class="amber"\|class="green"' "$TOP/county.html"
check "  and the county's priority schools" contains "$TOP/county.html" "Priority schools across the county"
check "  and alerts by kind and stage per zone" contains "$TOP/county.html" "<td class=\"l\">family_meeting</td><td class=\"l\">open</td>"
check "  and no UPN" not_grep_any "$TOP/upns.txt" "$TOP/county.html"
check "a zone's role cannot read the county picture" fails_with "permission denied" \
    "$BIN/zonectl" region report --html "$TOP/no.html" --region "postgresql://north@/region?host=$PG_DIR/sock&port=$PG_PORT"
check "region report without --region is a usage error" usage_error "give --region URL" \
    "$BIN/zonectl" region report --html "$TOP/no.html"

for z in "${ZONES[@]}"; do
    in_zone "$z"
    check "$z: SIGTERM stops zoned cleanly" stop_zone
    ZPID[$z]=
done
WORK=$TOP
finish
