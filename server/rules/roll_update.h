/* Leaving the roll: a school's agent says which pupils are on its roll now
 * (the whole list) and, from leavers.csv, why some left. Every pupil of the
 * school's roll in the zone who is missing from the list is marked as having
 * left, never deleted, so their history stays and their current school moves
 * to where they are still listed. */
#ifndef ZT_ROLL_UPDATE_H
#define ZT_ROLL_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "store.h"
#include "zonetrack.pb-c.h"

struct zt_roll_reject {
    uint32_t index; /* in the request's leavers */
    char reason[96];
};

struct zt_roll_result {
    uint32_t left, leavers_stored, leavers_unchanged;
    struct zt_roll_reject *rejects; /* owned; free with zt_roll_result_free */
    size_t nrejects, cap;
    size_t pupils_evaluated;
};

/* Applies m for school urn in one durable write transaction, re-evaluating
 * every pupil whose roll entry changed. A pupil left without a leavers.csv
 * row leaves on as_of. Returns 0 (leaver rows may be rejected, see *res),
 * -EINVAL when the roll list is empty or holds an invalid UPN (nothing
 * changed), or a store error. */
int zt_roll_update(struct zt_store *s, uint32_t urn, const Zt__RollComplete *m, zt_date as_of,
                   struct zt_roll_result *res);

void zt_roll_result_free(struct zt_roll_result *res);

#endif
