/* The gap analysis as it leaves zoned: school sums grouped into the zone,
 * clusters and schools, each group beside the rest of its scope, and every
 * comparison with a side under ZT_GAP_MIN_GROUP pupils suppressed here, so
 * small groups' figures never travel. */
#ifndef ZT_GAPS_REPLY_H
#define ZT_GAPS_REPLY_H

#include "arena.h"
#include "gaps.h"
#include "zonetrack.pb-c.h"

enum { ZT_LEVEL_ZONE = 1, ZT_LEVEL_CLUSTER = 2, ZT_LEVEL_SCHOOL = 4, ZT_LEVEL_ALL = 7 };

/* Scopes of the levels in mask (ZT_LEVEL_* bits) from t, names and clusters
 * from the zone's school settings in txn; zone first, then clusters by
 * name, then schools by URN. Everything is allocated from a. */
int zt_gaps_scopes(struct zt_txn *txn, const struct zt_gap_table *t, int levels,
                   struct zt_arena *a, Zt__GapScope ***out, size_t *n);

#endif
