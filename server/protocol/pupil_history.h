/* A pupil's year week by week and their dated records (PupilHistory), for
 * the pages a school's agent prints for a family: the meeting pack and the
 * parents' summary (issue #16). Every school's records count inside its
 * roll period, as in the figures (server/rules/roll_periods.h); none dated after
 * as_of. */
#ifndef ZT_PUPIL_HISTORY_H
#define ZT_PUPIL_HISTORY_H

#include "arena.h"
#include "records.h"
#include "store.h"
#include "zonetrack.pb-c.h"

/* Fills *out (arena memory, valid as long as the arena) for upn as of
 * as_of; the rows point at upn, which the caller keeps alive. Returns 0, -ENOMEM or a store error. */
int zt_pupil_history(struct zt_txn *txn, char *upn, zt_date as_of, struct zt_arena *arena,
                     Zt__PupilHistory **out);

#endif
