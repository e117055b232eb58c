/* Deletions (SPEC §3a): a school's records it no longer has — a register
 * mark blanked, an incident or health event removed, an assessment
 * withdrawn — deleted from the zone. Every key carries the pushing school's
 * URN, so a school can delete only what it sent; another school's marks for
 * a mover are never touched; nor are the records of a pupil who has left
 * the school's roll. Deleting what the zone does not hold is no
 * error and counts nothing (a replayed batch is answered from its record
 * anyway). */
#ifndef ZT_DELETIONS_H
#define ZT_DELETIONS_H

#include <stdint.h>

#include "store.h"
#include "upn.h"
#include "zonetrack.pb-c.h"

struct zt_deletion_result {
    uint32_t deleted;              /* records (register marks singly) deleted */
    const char *why;               /* set when the deletion is refused as malformed */
    char upn[ZT_UPN_LEN + 1];      /* the pupil to re-evaluate, when deleted > 0 */
};

/* Applies d for school urn in t. Returns 0 (see *res) or a store error. */
int zt_deletion_apply(struct zt_txn *t, uint32_t urn, const Zt__Deletion *d, struct zt_deletion_result *res);

#endif
