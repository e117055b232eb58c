/* The gap analysis as it leaves zoned: school sums grouped into the zone,
 * clusters and schools, each group beside the rest of its scope, with
 * small groups' figures, and whatever would give them away by subtraction,
 * suppressed here (server/rules/gap_suppress.h), so they never travel. */
#ifndef ZT_GAPS_REPLY_H
#define ZT_GAPS_REPLY_H

#include "arena.h"
#include "gaps.h"
#include "zonetrack.pb-c.h"

enum { ZT_LEVEL_ZONE = 1, ZT_LEVEL_CLUSTER = 2, ZT_LEVEL_SCHOOL = 4, ZT_LEVEL_ALL = 7 };

/* Scopes of the levels in mask (ZT_LEVEL_* bits) from t, names and clusters
 * from the zone's school settings in txn; zone first, then clusters by
 * name, then schools by URN (only_school, when not 0, keeps that school's).
 * t must hold the whole zone: suppression (server/rules/gap_suppress.h) is
 * decided on all of it. Everything is allocated from a. */
int zt_gaps_scopes(struct zt_txn *txn, const struct zt_gap_table *t, int levels, uint32_t only_school,
                   struct zt_arena *a, Zt__GapScope ***out, size_t *n);

#endif
