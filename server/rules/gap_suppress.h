/* Disclosure control of the gap tables (SPEC §8): which figures zoned
 * withholds. Primary suppression hides a group (both its members and the
 * rest) when either side has fewer than ZT_GAP_MIN_GROUP pupils, and a
 * scope's all-pupil figures under ZT_GAP_MIN_GROUP. Secondary suppression
 * then hides the fewest further figures, cheapest first, until no figure
 * of 1-4 pupils that is not published can be worked out by subtraction:
 *  - within a scope: every sum of zt_gap_sums (all pupils = the groups of
 *    a dimension split into several + those in none of them; disadvantaged
 *    = FSM + those between, = children in care + those between; IDACI
 *    deciles 1-3 = deciles 1, 2 and 3); members + rest = all;
 *  - between levels, for every figure: the zone = its clusters = its
 *    schools, a cluster = its schools.
 * A hidden figure counts as known when it has no pupil (an attacker may
 * guess an empty group, and an empty group discloses no child), and so
 * does anything that follows from known figures by a chain of such
 * subtractions. The pupils a sum leaves over are never published; a small
 * number of them must not follow either.
 *
 * Overlapping groups (--by A,B) are decided after, on top of the single
 * groups as decided alone, hiding only overlapping figures: whatever A,B
 * is asked, the single groups hide the same, and no overlapping figures
 * let anything hidden among the single groups be worked out (not only the
 * small ones: another pair's table could build on it). Their sums: each
 * group of A = its overlaps with B's split + those in none (and the same
 * the other way), a band of deciles = its deciles, and each overlap lies
 * inside both its groups. */
#ifndef ZT_GAP_SUPPRESS_H
#define ZT_GAP_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "gaps.h"

/* Bits of struct zt_gap_unit.hidden. */
#define ZT_HIDE_ALL 1u                        /* the scope's all-pupil figures */
#define ZT_HIDE_GROUP(g) (1u << (1 + (g)))    /* group g, members and rest */

/* One scope of the table: its sums and the scope it is part of (an index
 * into the same array; -1 for the zone, which must come first). */
struct zt_gap_unit {
    const struct zt_gap_cell *cell;
    const struct zt_gap_tally *cross; /* one per overlapping group, or NULL */
    int parent;
    uint32_t hidden;      /* set by zt_gap_suppress */
    uint8_t *cross_hidden; /* one per overlapping group, set by zt_gap_suppress */
};

/* Sets every unit's hidden bits (and with cross, not NULL, its
 * cross_hidden flags) as described above. The cells are only read.
 * Returns 0 or -ENOMEM. */
int zt_gap_suppress(struct zt_gap_unit *units, size_t n, const struct zt_gap_cross *cross);

/* A count and a part of it per scope (free school meals take-up: the
 * pupils entitled, those of them not registered), the scopes ordered and
 * nested as for zt_gap_suppress, decided by the same rules: the total as a
 * scope's all pupils, the part as its one group, total - part left over. */
struct zt_gap_part {
    uint32_t total, part;
    int parent;
    uint8_t total_hidden, part_hidden; /* set by zt_gap_suppress_part */
};
int zt_gap_suppress_part(struct zt_gap_part *units, size_t n);

#endif
