/* The gap figures kept over time in ZT_DB_SNAPSHOT: one record per date and
 * school (key date(4) urn(4), value struct zt_gap_cell), taken when the
 * evaluation date passes a half-term end and on demand. Unsuppressed sums
 * stay in the zone; suppression is applied when they are read out. A
 * record kept before groups were added reads with those groups empty. */
#ifndef ZT_GAP_SNAPSHOTS_H
#define ZT_GAP_SNAPSHOTS_H

#include <stddef.h>

#include "gaps.h"

/* The half-term ends zoned snapshots on (README "Gap analysis"): England's
 * usual 2025/26 and 2026/27 dates, in order. */
extern const char *const zt_half_term_ends[];
extern const size_t zt_half_term_count;

/* Computes the figures as of date and stores them, replacing any snapshot
 * of that date. *pupils (may be NULL) receives how many pupils counted. */
int zt_gap_snapshot_take(struct zt_txn *txn, zt_date date, const struct zt_thresholds *t,
                         size_t *pupils);

/* Takes the snapshot of every half-term end on or before as_of that has
 * none, skipping a date on which no pupil was on a roll (an empty zone is
 * not a figure to keep). The dates taken go to taken[0..*ntaken), at most
 * max of them. */
int zt_gap_snapshots_due(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t,
                         zt_date *taken, size_t max, size_t *ntaken);

/* Calls fn for each snapshot date, oldest first, with its schools (only
 * only_school when non-zero); fn returns non-zero to stop. */
typedef int (*zt_snapshot_fn)(zt_date date, const struct zt_gap_table *t, void *arg);
int zt_gap_snapshots_each(struct zt_txn *txn, uint32_t only_school, zt_snapshot_fn fn, void *arg);

#endif
