# A small fixed zone for the gap tests (sourced after lib.sh): school A
# (100001) with 10 pupils, 1-5 on free school meals, 1-2 in care; pupil 1
# absent all fortnight, 2 absent 3 days; maths below expected for 1-3 and 6,
# writing for 1-3; 1-5 live in IDACI decile 2 (most deprived), 6-10 in 7.
# Everyone joined on 2024-09-01; a year before, in 6-10 Jan 2025, pupil 1
# was absent throughout.
# School B (100002) with 6 pupils, none disadvantaged, IDACI decile 9.
# Zone as of 2026-03-02.
make_gap_zone() {
    make_pki && start_zone --as-of 2026-03-02 || return 1
    client_conf a school-100001
    client_conf b school-100002
    client_conf coord coordinator-alice
    local header="upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile"
    local i u d s code
    for school in a b; do
        echo "$header" >"$WORK/export-$school/pupils.csv"
        echo "upn,date,session,code" >"$WORK/export-$school/attendance.csv"
        echo "incident_id,upn,date,category,points,action,days" >"$WORK/export-$school/behaviour.csv"
        echo "upn,subject,date,step" >"$WORK/export-$school/assessments.csv"
        echo "event_id,upn,date,kind,severity" >"$WORK/export-$school/health.csv"
    done
    for i in $(seq 1 16); do
        u=$(upn $((600 + i)))
        school=a
        [ "$i" -gt 10 ] && school=b
        fsm=N cic=N idaci=7
        [ "$i" -le 5 ] && fsm=Y idaci=2
        [ "$i" -gt 10 ] && idaci=9
        [ "$i" -le 2 ] && cic=Y
        echo "$u,Pupil $i,5,F,2024-09-01,$fsm,N,$cic,N,N,WBRI,N,$idaci" >>"$WORK/export-$school/pupils.csv"
        for d in 2025-01-06 2025-01-07 2025-01-08 2025-01-09 2025-01-10; do
            code=/
            [ "$i" = 1 ] && code=O
            for s in AM PM; do echo "$u,$d,$s,$code"; done >>"$WORK/export-$school/attendance.csv"
        done
        for d in 2026-01-05 2026-01-06 2026-01-07 2026-01-08 2026-01-09 2026-01-12 2026-01-13 2026-01-14 \
                 2026-01-15 2026-01-16; do
            code=/
            [ "$i" = 1 ] && code=O
            [ "$i" = 2 ] && [[ "$d" < 2026-01-10 ]] && [[ "$d" > 2026-01-06 ]] && code=O
            for s in AM PM; do echo "$u,$d,$s,$code"; done >>"$WORK/export-$school/attendance.csv"
        done
        step=expected
        case $i in 1) step=gap ;; 2 | 3 | 6) step=emerging ;; 5) step= ;; esac
        [ -n "$step" ] && echo "$u,maths,2025-12-18,$step" >>"$WORK/export-$school/assessments.csv"
        [ "$i" -le 3 ] && step=emerging || step=expected
        echo "$u,writing,2025-12-18,$step" >>"$WORK/export-$school/assessments.csv"
    done
    "$BIN/zone-agent" push --config "$WORK/a.conf" >"$WORK/push-a.out" 2>&1 &&
        "$BIN/zone-agent" push --config "$WORK/b.conf" >"$WORK/push-b.out" 2>&1 &&
        printf 'urn,name,cluster\n100001,"Alpha Primary, Upper",North\n100002,Beta Primary,South\n' >"$WORK/zone.csv" &&
        "$BIN/zonectl" --config "$WORK/coord.conf" schools import "$WORK/zone.csv" >/dev/null
}
