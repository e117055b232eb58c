#!/usr/bin/env bash
# A push cut anywhere loses nothing and duplicates nothing: zoned killed -9
# mid-push at several points, the agent killed -9 mid-push, and connections
# cut at random points by a fault-injecting proxy. After each, the zone's
# data equals that of one clean sync of the same export.
. "$(dirname "$0")/lib.sh"

# The zone's data databases, dumped (batch ids and settings excluded).
dump_zone() {
    local db
    for db in roll attendance_by_month behaviour behaviour_id assessment health health_id alert; do
        mdb_dump -s "$db" "$WORK/data" || return 1
    done
}

fresh_zone() {
    rm -rf "$WORK/data" "$WORK/.zone-agent-state"
    start_zone --as-of 2026-03-20
}

same_as_reference() {
    stop_zone && dump_zone >"$WORK/dump" && cmp -s "$WORK/ref.dump" "$WORK/dump" ||
        { echo "    zone differs from the clean sync"; diff "$WORK/ref.dump" "$WORK/dump" | head -5; return 1; }
}

now_ms() { date +%s%3N; }

make_pki || exit 1
"$BIN/zonegen" --out "$WORK/gen" --schools 1 --pupils 300 >/dev/null 2>&1
URN=$(tail -n +2 "$WORK/gen/zone.csv" | cut -d, -f1)
"$BIN/zonectl" pki issue school "$URN" --dir "$PKI" >/dev/null
fresh_zone || exit 1
client_conf s "school-$URN" "$WORK/gen/school-$URN"
sed -i 's/^retry_for_ms = .*/retry_for_ms = 30000/' "$WORK/s.conf"
echo "batch_pupils = 25" >>"$WORK/s.conf" # twelve batches: room to be cut between them, however fast each is

# The reference: one clean sync.
t0=$(now_ms)
"$BIN/zone-agent" push --config "$WORK/s.conf" >"$WORK/ref.out" 2>&1
PUSH_MS=$(($(now_ms) - t0))
check "clean push of ~77k rows" grep -q "^read [0-9]*, stored [1-9][0-9]*, unchanged 0, deleted 0, rejected 0" "$WORK/ref.out"
echo "  (clean push: $(grep -o 'read [0-9]*' "$WORK/ref.out") rows in $PUSH_MS ms)"
stop_zone && dump_zone >"$WORK/ref.dump" || exit 1

# The kill points: the agent is stopped (SIGSTOP) when its state shows a
# share of the work acknowledged, so every kill lands mid-push, however fast
# the machine; a stopped agent proves it had not finished.
state_bytes() { stat -c %s "$WORK/.zone-agent-state/school-$URN.mdb" 2>/dev/null || echo 0; }
FULL_STATE=$(state_bytes) # after the clean push above
# pause_agent_at BYTES PID: stops the agent once its state holds BYTES.
pause_agent_at() {
    for _ in $(seq 1 2000); do
        [ "$(state_bytes)" -ge "$1" ] && break
        kill -0 "$2" 2>/dev/null || break
        sleep 0.005
    done
    kill -STOP "$2" 2>/dev/null || return 1
    for _ in $(seq 1 200); do # the stop is delivered asynchronously
        [ "$(awk '{print $3}' "/proc/$2/stat" 2>/dev/null)" = T ] && return 0
        sleep 0.005
    done
    return 1
}

# zoned killed -9 mid-push and restarted while the agent is paused; the
# same run then reconnects and finishes.
for share in 10 30 50; do
    fresh_zone || exit 1
    rm -rf "$WORK/.zone-agent-state"
    "$BIN/zone-agent" push --config "$WORK/s.conf" >"$WORK/kill.out" 2>&1 &
    agent=$!
    check "zoned killed at ${share}% acknowledged: the agent was mid-push" pause_agent_at $((FULL_STATE * share / 100)) $agent
    kill -KILL "$ZONED_PID"
    wait "$ZONED_PID" 2>/dev/null
    ZONED_PID=
    start_zone --as-of 2026-03-20 || exit 1
    kill -CONT $agent
    wait $agent
    check "  the same run finishes" equals "$?" 0
    check "  after reconnecting" contains "$WORK/kill.out" "made again"
    "$BIN/zone-agent" push --config "$WORK/s.conf" >"$WORK/again.out" 2>&1
    check "  and the next run has nothing left to store" contains "$WORK/again.out" "stored 0,"
    check "  and the zone equals one clean sync" same_as_reference
done

# The agent killed -9 mid-push; the next run completes the work.
for share in 20 45; do
    fresh_zone || exit 1
    rm -rf "$WORK/.zone-agent-state"
    "$BIN/zone-agent" push --config "$WORK/s.conf" >/dev/null 2>&1 &
    agent=$!
    check "agent killed at ${share}% acknowledged: it was mid-push" pause_agent_at $((FULL_STATE * share / 100)) $agent
    kill -KILL $agent
    wait $agent 2>/dev/null
    "$BIN/zone-agent" push --config "$WORK/s.conf" >"$WORK/after.out" 2>&1
    check "  the next run completes" contains "$WORK/after.out" "rejected 0"
    # what the killed run had not seen acknowledged is sent again: stored,
    # or unchanged when zoned had committed it before the kill (a fast
    # agent has its later batches on the wire when it is stopped)
    check "  with the work left to do" grep -Eq "stored [1-9]|unchanged [1-9]" "$WORK/after.out"
    check "  and the zone equals one clean sync" same_as_reference
done

# Connections cut at random points, again and again, through a proxy.
fresh_zone || exit 1
SEED=$RANDOM
echo "  (proxy seed $SEED)"
"$BIN/../tools/faultproxy" 0 "$PORT" --cut-percent 75 --max-bytes 150000 --seed "$SEED" >"$WORK/proxy.out" &
PROXY=$!
for _ in $(seq 1 50); do grep -q ready "$WORK/proxy.out" && break; sleep 0.1; done
PROXY_PORT=$(sed -n 's/^ready //p' "$WORK/proxy.out")
sed "s/^zone = .*/zone = 127.0.0.1:$PROXY_PORT/" "$WORK/s.conf" >"$WORK/cut.conf"
# A run may spend its whole retry budget on a bad line and exit 1 (that is
# its job); what must hold is that the next run completes what it left.
for i in 1 2 3; do
    [ "$i" = 1 ] || rm -rf "$WORK/.zone-agent-state" # a lost state: repaired through the cuts too
    code=1
    for _ in 1 2 3 4; do
        "$BIN/zone-agent" push --config "$WORK/cut.conf" >>"$WORK/cut$i.out" 2>&1 && { code=0; break; }
    done
    check "push through a line cut at random points (round $i) completes within 4 runs" equals "$code" 0
done
kill $PROXY
wait $PROXY 2>/dev/null
check "the cuts really happened" grep -q "made again" "$WORK/cut1.out" "$WORK/cut2.out" "$WORK/cut3.out"
check "  and the zone equals one clean sync" same_as_reference
finish
