#!/usr/bin/env bash
# The group commit's wait for pushes on their way (group_linger_ms): a push
# made while another peer sits in its TLS handshake is answered once the
# wait runs out, long before that peer's handshake deadline; and a SIGTERM
# while a push waits stores it and answers it before zoned stops.
. "$(dirname "$0")/lib.sh"

export ZT_DEBUG=1 # zoned logs each push it holds
ZONED_EXTRA_CONF="group_linger_ms = 1000
handshake_timeout_ms = 30000"
make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
P1=$(upn 1)
EX=$WORK/export-a
cat >"$EX/pupils.csv" <<CSV
upn,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile
$P1,5,F,2021-09-01,N,N,N,N,N,WBRI,N,5
CSV
printf 'upn,date,session,code\n%s,2026-02-02,AM,/\n' "$P1" >"$EX/attendance.csv"
echo "incident_id,upn,date,category,points,action,days" >"$EX/behaviour.csv"
echo "upn,subject,date,step" >"$EX/assessments.csv"
echo "event_id,upn,date,kind,severity" >"$EX/health.csv"

exec 3<>"/dev/tcp/127.0.0.1/$PORT" # a peer that never starts its handshake
t0=$(date +%s)
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push1.out" 2>&1
code=$?
waited=$(($(date +%s) - t0))
check "a push beside a peer stuck in its handshake is answered" equals "$code" 0
check "  once the wait runs out, not at the peer's deadline (30 s)" test "$waited" -lt 15
check "  and stored" contains "$WORK/push1.out" "stored 2"

# SIGTERM while the second push waits for the stuck peer. The push is
# stored and answered; the agent's next request of that run (the roll) then
# meets a zoned that is stopping, so its run fails, as any run would.
printf 'upn,date,session,code\n%s,2026-02-03,AM,/\n' "$P1" >"$EX/attendance.csv"
held_before=$(grep -c "a push held for the group commit" "$WORK/zoned.log")
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push2.out" 2>&1 &
agent=$!
for _ in $(seq 1 100); do
    [ "$(grep -c "a push held for the group commit" "$WORK/zoned.log")" -gt "$held_before" ] && break
    sleep 0.05
done
check "SIGTERM while a push waits: zoned stops cleanly" stop_zone
wait "$agent"
exec 3>&-
# logged as the answer is routed, to a connection still open
check "  having stored the push and answered it" contains "$WORK/zoned.log" "push from school:100001: stored 1,"

start_zone --as-of 2026-03-02 || exit 1
"$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push3.out" 2>&1
check "after a restart the push is there: nothing new to store" contains "$WORK/push3.out" "stored 0,"
check "SIGTERM stops zoned cleanly" stop_zone
finish
