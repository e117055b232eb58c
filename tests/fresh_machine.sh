#!/usr/bin/env bash
# The README's two commands, in the README's order, on a fresh Debian 12:
# a minimal bookworm chroot (debootstrap), a clean clone of this repository's
# HEAD inside it, then `make demo` and `make check` as root, as a new user
# would run them. Not part of `make check` (it downloads a whole system).
#
#   sudo tests/fresh_machine.sh [WORKDIR]
#
# The Debian mirror is the one this machine's apt uses (or $MIRROR). The
# chroot is left in WORKDIR (default: a new temporary folder) for a look;
# its mounts are undone on exit.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "fresh_machine.sh: run as root (debootstrap, chroot, mounts)" >&2; exit 2; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORKDIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/zt-fresh.XXXXXX")}
mkdir -p "$WORKDIR"
ROOT=$WORKDIR/root

host_mirror() {
    local uri
    uri=$(grep -h -m1 '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | head -1)
    [ -n "$uri" ] || uri=$(grep -h -m1 '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -1)
    echo "$uri"
}
MIRROR=${MIRROR:-$(host_mirror)}
[ -n "$MIRROR" ] || { echo "fresh_machine.sh: no Debian mirror found in apt's sources; set MIRROR" >&2; exit 2; }

command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }

MOUNTS=()
undo_mounts() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[i]}" 2>/dev/null || true; done
}
trap undo_mounts EXIT
bind() { mkdir -p "$ROOT$1"; mount --bind "$1" "$ROOT$1"; MOUNTS+=("$ROOT$1"); }

echo "== a minimal Debian 12 in $ROOT (mirror $MIRROR)"
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
    debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$WORKDIR/debootstrap.log" 2>&1 ||
        { tail -20 "$WORKDIR/debootstrap.log" >&2; exit 1; }
fi
echo "deb $MIRROR bookworm main" >"$ROOT/etc/apt/sources.list"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$ROOT/proc" && MOUNTS+=("$ROOT/proc")
bind /sys
bind /dev
bind /dev/pts

echo "== a clean clone of HEAD"
rm -rf "$ROOT/src/zonetrack"
mkdir -p "$ROOT/src"
git clone -q --no-local "$REPO" "$ROOT/src/zonetrack"
git -C "$ROOT/src/zonetrack" log --oneline -1

# A new user has make (the README's commands are make targets); nothing else.
chroot "$ROOT" /bin/bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make >/dev/null'

echo "== make demo"
chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    /bin/bash -c 'cd /src/zonetrack && make demo' >"$WORKDIR/demo.log" 2>&1 ||
    { tail -30 "$WORKDIR/demo.log"; echo "fresh_machine.sh: make demo failed (log: $WORKDIR/demo.log)" >&2; exit 1; }
grep -E "^== |zoned stopped cleanly" "$WORKDIR/demo.log"

echo "== make check"
chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    /bin/bash -c 'cd /src/zonetrack && make check' >"$WORKDIR/check.log" 2>&1 ||
    { tail -40 "$WORKDIR/check.log"; echo "fresh_machine.sh: make check failed (log: $WORKDIR/check.log)" >&2; exit 1; }
grep -E "passed, .* failed" "$WORKDIR/check.log"
echo "fresh_machine.sh: make demo then make check passed on a fresh Debian 12 ($WORKDIR)"
