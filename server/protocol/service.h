/* The zone as zoned serves it: the core's state (struct zt_zone) and the
 * daemon's parts the protocol answers from. They live here, not in the
 * core's zone, so that the rules never see a server, a backup or a group
 * commit. zoned owns it; every request handler reads it. */
#ifndef ZT_SERVICE_H
#define ZT_SERVICE_H

#include <stdint.h>

#include "zone.h"

struct zt_server;
struct zt_backups;
struct zt_held;

struct zt_service {
    struct zt_zone *zone;       /* the core's state */
    struct zt_server *server;   /* for the connection count; may be NULL */
    struct zt_backups *backups; /* the copies under way (server/protocol/backup.h) */
    struct zt_held *held;       /* pushes held for this loop turn's group commit
                                   (server/protocol/group_commit.h); NULL: each commits alone */
    int64_t started;            /* unix time zoned started */
    uint64_t pushes, refused;   /* acknowledged pushes and refused requests since start */
    int64_t crl_expiry;         /* unix time the CRL runs out; 0: no CRL */
};

#endif
