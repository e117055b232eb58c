#!/usr/bin/env bash
# The server's layers run one way (README "Design"): every `#include "x.h"`
# of a folder must name a header of that folder or of a layer below it, and
# the core (server/store, server/rules) includes no libuv, OpenSSL or libpq.
# The Makefile's include paths already refuse most such includes; this says
# which line broke the rule, for every folder, in one pass. Two rules the
# include paths cannot see are checked too: nothing in the protocol calls
# up into its router (dispatch.h), and the core names no daemon part.
set -u
cd "$(dirname "$0")/.."

# folder: the folders whose headers it may include (besides its own)
declare -A below=(
    [common]=""
    [server/store]="common"
    [server/rules]="common server/store"
    [server/transport]="common"
    [server/protocol]="common server/store server/rules server/transport"
    [server/daemon]="common server/store server/rules server/transport server/protocol"
    [client]="common"
    [client/agent]="common client"
    [client/ctl]="common client"
    [tools]="common"
    [tools/zonegen]="common"
)
core="server/store server/rules"

bad=0
for dir in "${!below[@]}"; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*.[ch]; do
        [ -e "$f" ] || continue
        while IFS=: read -r line hdr; do
            case $hdr in *.pb-c.h) continue ;; esac # generated from proto/
            [ -e "$dir/$hdr" ] && continue
            ok=0
            for lower in ${below[$dir]}; do
                [ -e "$lower/$hdr" ] && { ok=1; break; }
            done
            if [ $ok = 0 ]; then
                where=$(ls -d common/"$hdr" server/*/"$hdr" client/"$hdr" client/*/"$hdr" 2>/dev/null | head -1)
                echo "$f:$line: includes \"$hdr\" (${where:-not found}), above or beside its layer" >&2
                bad=1
            fi
        done < <(grep -n '^#include "' "$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1:\2/')
    done
done
for dir in $core; do
    if grep -nE '^#include <(uv\.h|openssl/|libpq)' "$dir"/*.[ch] >&2; then
        echo "layers: the core ($core) must not use libuv, OpenSSL or libpq (above)" >&2
        bad=1
    fi
done
# Inside the protocol the router is on top: handlers and the group commit
# answer through request.h and a callback, never by calling up into it.
for f in server/protocol/*.[ch]; do
    case $f in server/protocol/dispatch.[ch]) continue ;; esac
    if line=$(grep -n '^#include "dispatch.h"' "$f"); then
        echo "$f:${line%%:*}: includes \"dispatch.h\": only zoned calls the router; answer through request.h" >&2
        bad=1
    fi
done
# The core's structs hold core state only: the daemon's parts (server,
# connections, backups, group commit) are the protocol's (service.h).
if grep -nE 'struct zt_(server|conn|backups|held|service)\b' $(for d in $core; do echo "$d"/*.[ch]; done) >&2; then
    echo "layers: the core names a daemon part (above); keep it in server/protocol/service.h" >&2
    bad=1
fi
if [ $bad != 0 ]; then
    echo "layers: includes that run back up a layer (above)" >&2
    exit 1
fi
echo "layers: every include runs down a layer; the core uses no libuv, OpenSSL or libpq"
