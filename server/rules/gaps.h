/* The gap analysis as of a date: every pupil on a roll that day, counted at
 * their current school, their figures gathered and judged by the same code
 * as the alerts (figures.c, tipping.c), summed per school for the whole
 * pupil population and for each group of common/gap_measures.h. */
#ifndef ZT_GAPS_H
#define ZT_GAPS_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "gap_measures.h"
#include "store.h"
#include "thresholds.h"

/* One school's sums: all pupils, and the members of each group. Fixed
 * layout: the half-term snapshots store it as is. */
struct zt_gap_cell {
    struct zt_gap_tally all;
    struct zt_gap_tally group[ZT_G_COUNT];
};

/* Free school meals take-up at a school (pupils.csv's optional
 * fsm_eligible): figures of now only, never in a snapshot. */
struct zt_fsm_take_up {
    uint32_t supplied;       /* pupils whose fsm_eligible is known: the school supplies it */
    uint32_t eligible;       /* fsm_eligible Y */
    uint32_t not_registered; /* of those, fsm N */
};

struct zt_gap_school {
    uint32_t urn;
    struct zt_gap_cell cell;
    struct zt_fsm_take_up take_up;
    struct zt_gap_tally *cross; /* the table's overlapping groups, or NULL */
};

/* Schools in URN order; owned, free with zt_gap_table_free. cross (may be
 * NULL) names the overlapping groups summed too. */
struct zt_gap_table {
    struct zt_gap_school *schools;
    size_t n, cap;
    const struct zt_gap_cross *cross;
    int take_up; /* the schools' take_up counted (a table read from snapshots has none) */
};

/* Fills *out (reset first) from one walk of the rolls in txn. A pupil counts
 * when a roll lists them on as_of (entered on or before it, not left by it),
 * at the school zt_current_offer chooses among those rolls. only_school
 * (0 for all) keeps one school. */
int zt_gaps_compute(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t,
                    uint32_t only_school, struct zt_gap_table *out);

/* The same with the overlapping groups of cross (--by A,B) summed too. */
int zt_gaps_compute_cross(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t,
                          const struct zt_gap_cross *cross, struct zt_gap_table *out);

/* The table's entry for urn, added (zeroed) when missing; NULL when out of
 * memory. Keeps URN order. */
struct zt_gap_school *zt_gap_table_school(struct zt_gap_table *t, uint32_t urn);

void zt_gap_table_free(struct zt_gap_table *t);

#endif
