/* The priority list of schools (README "Gap analysis"): a school's score is
 * how far its disadvantaged pupils fall behind the rest of the school
 * (gap score) plus how far all its pupils fall below the benchmark in maths
 * and English (attainment score), in percentage points, worse sides only. */
#ifndef ZT_PRIORITIES_H
#define ZT_PRIORITIES_H

#include "gaps_view.h"

/* The measures whose disadvantaged gap counts, and those whose all-pupil
 * shortfall counts. */
#define ZT_PRIORITY_GAP_MEASURES {ZT_M_ATTENDANCE, ZT_M_PERSISTENT, ZT_M_BELOW_MATHS, ZT_M_BELOW_ENGLISH}
#define ZT_PRIORITY_ATTAINMENT_MEASURES {ZT_M_BELOW_MATHS, ZT_M_BELOW_ENGLISH}

struct zt_priority {
    const Zt__GapScope *school;
    double gap_score, attainment_score, score;
    int gap_suppressed;       /* the disadvantaged comparison is suppressed */
};

/* Ranks the school scopes of scopes[0..n) into out (room for n), highest
 * score first; benchmark is national where the file gives it, else the
 * zone. Returns how many. */
size_t zt_priorities_rank(Zt__GapScope *const *scopes, size_t n, const struct zt_benchmarks *b,
                          struct zt_priority *out);

/* The benchmark used for measure m: national, else the zone's; NAN if none. */
double zt_priority_benchmark(Zt__GapScope *const *scopes, size_t n, const struct zt_benchmarks *b,
                             enum zt_measure m);

#endif
