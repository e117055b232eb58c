/* How the zone is doing, for `zonectl status` and the metrics endpoint:
 * one function gathers it so both say the same thing. */
#ifndef ZT_STATUS_H
#define ZT_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "service.h"

struct zt_school_sync {
    uint32_t school;
    int64_t last_sync;
    int stale;
};

struct zt_status {
    int64_t started, now;
    unsigned connections;
    struct zt_school_sync *schools; /* owned; free with zt_status_free */
    size_t nschools;
    uint64_t store_bytes, map_bytes;
    uint32_t pupils, open_alerts;
    zt_date as_of, evaluated;
    uint64_t pushes, refused;
    int64_t crl_expiry; /* unix time the CRL runs out; 0: no CRL */
};

int zt_status_gather(struct zt_service *svc, struct zt_status *out);
void zt_status_free(struct zt_status *s);

/* Schools whose last push is older than the zone's stale_sync_hours, read in
 * txn: *out (malloc'd, caller frees) and *n. */
struct zt_txn;
int zt_stale_schools(struct zt_txn *txn, int64_t now, uint32_t **out, size_t *n);

#endif
