/* The coordinator's gap targets (issue #19, README "Gap analysis"): for a
 * measure and a group, the gap (group minus rest) aimed at and the date
 * it is to be reached by; zone-wide, every scope judged against it. Kept
 * in ZT_DB_SETTING under "gap_target/MEASURE/GROUP" (the tipping points
 * are read by their exact names, so the two never meet). */
#ifndef ZT_GAP_TARGETS_H
#define ZT_GAP_TARGETS_H

#include "date.h"
#include "store.h"

struct zt_gap_target {
    int measure, group; /* enum zt_measure, enum zt_gap_group */
    double value;
    zt_date by;
};

/* Sets (replaces) the target, or with clear removes it (-ENOENT when there
 * was none), and notes it in the audit trail as who's. */
int zt_gap_target_set(struct zt_txn *txn, const struct zt_gap_target *t, int clear, const char *who);

/* Calls fn for each target, by measure then group name; fn returns
 * non-zero to stop. */
typedef int (*zt_gap_target_fn)(const struct zt_gap_target *t, void *arg);
int zt_gap_targets_each(struct zt_txn *txn, zt_gap_target_fn fn, void *arg);

#endif
