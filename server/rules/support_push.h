/* Applies a school's meetings and plan actions (SupportPush) in a write
 * transaction: each row validated again, refused unless the pupil's current
 * school is the pushing school, upserted by pupil+school+id so a re-push
 * changes nothing, and the pupils touched re-evaluated (so their alerts'
 * stages move) in the same transaction. */
#ifndef ZT_SUPPORT_PUSH_H
#define ZT_SUPPORT_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "store.h"
#include "zonetrack.pb-c.h"

struct zt_support_reject {
    int plan; /* 0: a meeting */
    uint32_t index;
    char reason[160];
};

struct zt_support_result {
    uint32_t stored, unchanged;
    uint32_t not_on_roll;             /* rows refused for a pupil of another school */
    struct zt_support_reject *rejects; /* owned; free with zt_support_result_free */
    size_t nrejects, cap;
};

/* Resets *res first, so it may run again after a map-full retry. Returns 0
 * (rows may still be rejected) or a store error. */
int zt_support_apply(struct zt_txn *txn, uint32_t urn, const Zt__SupportPush *p, zt_date as_of,
                     struct zt_support_result *res);

void zt_support_result_free(struct zt_support_result *res);

#endif
