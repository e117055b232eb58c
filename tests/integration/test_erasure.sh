#!/usr/bin/env bash
# Erasure that lasts (SPEC §8): an erased pupil's records are gone, later
# pushes of the UPN from any school are refused (one line a pupil), a lost
# agent state repaired from scratch does not bring them back, the zone keeps
# no readable UPN for it (a keyed hash; the audit names an erasure
# reference), and --lift ends the refusal. Both are audited.
. "$(dirname "$0")/lib.sh"

make_pki && start_zone --as-of 2026-03-02 || exit 1
client_conf a school-100001
client_conf b school-100002
client_conf coord coordinator-alice
P=$(upn 31) Q=$(upn 32)
header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
for s in a b; do
    { echo "$header"; echo "$P,,8,F,2025-09-01,N,N,N,N,N,WBRI,N,"; echo "$Q,,8,M,2025-09-01,N,N,N,N,N,WBRI,N,"; } >"$WORK/export-$s/pupils.csv"
    {
        echo "upn,date,session,code"
        for d in 2026-01-05 2026-01-06 2026-01-07; do for p in $P $Q; do echo "$p,$d,AM,/"; echo "$p,$d,PM,/"; done; done
    } >"$WORK/export-$s/attendance.csv"
    printf 'incident_id,upn,date,category,points,action,days\n%s-1,%s,2026-01-06,disruption,3,none,\n' "$s" "$P" >"$WORK/export-$s/behaviour.csv"
    printf 'upn,subject,date,step\n%s,maths,2025-12-18,expected\n' "$P" >"$WORK/export-$s/assessments.csv"
    echo "event_id,upn,date,kind,severity" >"$WORK/export-$s/health.csv"
done
ctl() { "$BIN/zonectl" --config "$WORK/coord.conf" "$@"; }
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a1.out" 2>&1
check "school A syncs both pupils" contains "$WORK/a1.out" "rejected 0"

ctl erase-pupil "$P" --reason "subject request 2026/4" >"$WORK/erase.out" 2>&1
check "erasure removes the pupil's records" grep -q "erased $P: [1-9][0-9]* records removed; later pushes of this pupil are refused (erasure [0-9a-f]\{16\})" "$WORK/erase.out"
REF=$(sed -n 's/.*(erasure \([0-9a-f]*\)).*/\1/p' "$WORK/erase.out")
ctl audit >"$WORK/audit.txt"
check "the erasure is audited by its reference and reason" grep -q "erased a pupil, erasure $REF (.*records): subject request 2026/4" "$WORK/audit.txt"
check "  naming no UPN" bash -c "! grep 'erasure $REF' '$WORK/audit.txt' | grep -q '$P'"
check "zoned's log names no erased UPN" bash -c "! grep 'erasure' '$WORK/zoned.log' | grep -q '$P'"
# Every record of every database but the audit log (whose earlier entries
# record who read the pupil, README: erasure) is free of the UPN.
no_record_names() {
    local db
    for db in $(mdb_dump -l "$WORK/data"); do
        [ "$db" = audit ] && continue
        if mdb_dump -p -s "$db" "$WORK/data" | grep -q "$1"; then
            echo "    $db holds $1"
            return 1
        fi
    done
}
check "the store holds no readable UPN of the erased pupil" no_record_names "$P"
check "erasing again says when it was erased" fails_with "$P was erased on 2026-03-02 already" ctl erase-pupil "$P" --reason again

# A lost agent state: the agent repairs from scratch and resends everything.
rm -rf "$WORK/.zone-agent-state" "$WORK/out-a/.zone-agent-state"
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a2.out" 2>&1
check "the repair's push refuses the erased pupil" contains "$WORK/a2.out" "refused $P: erased from the zone on 2026-03-02"
check "  in one line, not one a row" equals "$(grep -c "$P\|erased" "$WORK/a2.out")" 1
check "  and stores the other pupil's rows as before" grep -q "rejected [1-9]" "$WORK/a2.out"
check "the pupil stays erased" fails_with "no school in the zone has $P" ctl pupil "$P" --json
"$BIN/zone-agent" sync --config "$WORK/b.conf" >"$WORK/b.out" 2>&1
check "another school's push of the UPN is refused too" contains "$WORK/b.out" "refused $P: erased from the zone on 2026-03-02"
check "  in one line" equals "$(grep -c "$P\|erased" "$WORK/b.out")" 1
check "  the pupil is still erased" fails_with "no school in the zone has $P" ctl pupil "$P" --json

ctl erase-pupil "$P" --reason "erased in error, DPO ref 9" --lift >"$WORK/lift.out" 2>&1
check "--lift ends the erasure" contains "$WORK/lift.out" "erasure $REF lifted: the zone accepts $P again"
check "  audited" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' audit | grep -q 'lifted erasure $REF: erased in error, DPO ref 9'"
check "lifting what is not erased fails" fails_with "is not erased" ctl erase-pupil "$Q" --reason x --lift
"$BIN/zone-agent" sync --config "$WORK/a.conf" >"$WORK/a3.out" 2>&1
check "after the lift the school's next run stores the pupil again" bash -c "'$BIN/zonectl' --config '$WORK/coord.conf' pupil '$P' --json | grep -q '\"current_school\"'"
check "SIGTERM stops zoned cleanly" stop_zone
finish
