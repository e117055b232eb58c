#!/usr/bin/env bash
# The README's production install, with a throwaway system user in place of
# `zoned`: `make install` into a staging root, `zonectl pki init --owner`,
# zoned started as that user from the installed binary with a data_dir of
# its own, and a school's agent syncing with it. Needs root (a user is
# created, and removed at the end).
. "$(dirname "$0")/lib.sh"
REPO=$(cd "$(dirname "$0")/../.." && pwd)

if [ "$(id -u)" != 0 ]; then
    echo "skip: needs root, to create a system user and run zoned as it"
    exit 77
fi
for tool in useradd userdel setpriv; do
    command -v "$tool" >/dev/null || { echo "skip: $tool is missing"; exit 77; }
done

ZUSER=zt-install-$$
remove_user() {
    userdel "$ZUSER" 2>/dev/null
    if getent group "$ZUSER" >/dev/null; then groupdel "$ZUSER"; fi
}
trap 'cleanup; remove_user' EXIT # cleanup (lib.sh) stops zoned first
useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$ZUSER" || exit 1

# The programs of this build, installed as `make install PREFIX=/usr` does.
ROOT=$WORK/root
make -s -C "$REPO" -o all install BUILD="$(dirname "$BIN")" DESTDIR="$ROOT" PREFIX=/usr \
    >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; exit 1; }
chmod 0711 "$WORK" # as / and /etc are: the user passes through to its files
mkdir -p "$ROOT/etc"
PKI=$ROOT/etc/zonetrack
"$ROOT/usr/bin/zonectl" pki init "$PKI" --owner "$ZUSER" >/dev/null || exit 1
"$ROOT/usr/bin/zonectl" pki issue school 100001 --dir "$PKI" >/dev/null || exit 1
"$ROOT/usr/bin/zonectl" pki issue coordinator alice --dir "$PKI" >/dev/null || exit 1

as_user() { setpriv --reuid="$ZUSER" --regid="$ZUSER" --init-groups -- "$@"; }
owner_mode() { stat -c '%U %a' "$1"; }

check "zoned.key is the user's, 0600" equals "$(owner_mode "$PKI/zoned.key")" "$ZUSER 600"
check "zoned.crt is the user's" equals "$(owner_mode "$PKI/zoned.crt" | cut -d' ' -f1)" "$ZUSER"
check "ca.key stays root's, 0600" equals "$(owner_mode "$PKI/ca.key")" "root 600"
check "the user cannot read ca.key" eval '! as_user cat "$PKI/ca.key" >/dev/null 2>&1'
check "the user cannot list the PKI folder" eval '! as_user ls "$PKI" >/dev/null 2>&1'

# data_dir given to the user, too open on purpose: zoned makes it 0700.
install -d -o "$ZUSER" -g "$ZUSER" -m 0755 "$WORK/data"
ZONED_WRAPPER="setpriv --reuid=$ZUSER --regid=$ZUSER --init-groups -- ${ZONED_WRAPPER:-}" \
    BIN=$ROOT/usr/sbin start_zone --as-of 2026-03-02 || exit 1
check "zoned runs as the user" equals "$(ps -o user= -p "$ZONED_PID")" "$ZUSER"
check "data_dir is made 0700" equals "$(owner_mode "$WORK/data")" "$ZUSER 700"
check "  and zoned says so" contains "$WORK/zoned.log" "was mode 0755: made 0700"
check "the store is the user's, 0600" equals "$(owner_mode "$WORK/data/data.mdb")" "$ZUSER 600"

# One school's export, synced by the installed agent.
client_conf school school-100001
client_conf coord coordinator-alice
EX=$WORK/export-school
P1=$(upn 1)
echo "upn,name,year_group,gender,entry_date,fsm,ever6,cic,sen,eal,ethnicity,gifted,idaci_decile" >"$EX/pupils.csv"
echo "$P1,Pupil One,5,F,2025-09-01,N,N,N,N,N,WBRI,N," >>"$EX/pupils.csv"
{ echo "upn,date,session,code"; echo "$P1,2026-02-02,AM,/"; echo "$P1,2026-02-02,PM,N"; } >"$EX/attendance.csv"
echo "incident_id,upn,date,category,points,action,days" >"$EX/behaviour.csv"
echo "upn,subject,date,step" >"$EX/assessments.csv"
echo "event_id,upn,date,kind,severity" >"$EX/health.csv"
"$ROOT/usr/bin/zone-agent" sync --config "$WORK/school.conf" >"$WORK/sync.out" 2>&1
check "the school's agent syncs with it" equals "$?" 0
check "  storing its rows" contains "$WORK/sync.out" "read 3, stored 3, unchanged 0, deleted 0, rejected 0"
"$ROOT/usr/bin/zonectl" --config "$WORK/coord.conf" pupil "$P1" --json >"$WORK/pupil.json" 2>&1
check "the coordinator reads the pupil back" contains "$WORK/pupil.json" "\"$P1\""
check "zoned stops cleanly" stop_zone
finish
