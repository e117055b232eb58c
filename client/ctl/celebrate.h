/* What to celebrate (README "Gap analysis"): the schools and clusters
 * whose group's gap narrowed most since the last half-term end, by the
 * trend rule (common/gap_measures.h), where the group was behind. Listed
 * beside the priorities, so the page is not all bad news and the schools
 * that moved can be asked how. */
#ifndef ZT_CELEBRATE_H
#define ZT_CELEBRATE_H

#include "gaps_view.h"

struct zt_celebration {
    const Zt__GapScope *scope;
    enum zt_gap_group group;
    enum zt_measure measure;
    double before, now, narrowed; /* narrowed: points the gap's size shrank */
};

/* Up to max of the largest narrowings in r (which must hold the trend),
 * largest first, into out. Returns how many. */
size_t zt_celebrate(const Zt__GapsReply *r, struct zt_celebration *out, size_t max);

#endif
