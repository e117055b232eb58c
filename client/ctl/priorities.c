#include "priorities.h"

#include <math.h>
#include <stdlib.h>

double zt_priority_benchmark(Zt__GapScope *const *scopes, size_t n, const struct zt_benchmarks *b,
                             enum zt_measure m)
{
    if (!isnan(b->national[m]))
        return b->national[m];
    const Zt__GapScope *zone = zt_gap_zone(scopes, n);
    return zone ? zt_gap_measure(zone->all, m) : NAN;
}

static double worse_part(double v)
{
    return isnan(v) || v < 0 ? 0 : v;
}

static int by_score(const void *x, const void *y)
{
    const struct zt_priority *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->school->school < b->school->school ? -1 : 1;
}

size_t zt_priorities_rank(Zt__GapScope *const *scopes, size_t n, const struct zt_benchmarks *b,
                          struct zt_priority *out)
{
    static const enum zt_measure gap_m[] = ZT_PRIORITY_GAP_MEASURES;
    static const enum zt_measure att_m[] = ZT_PRIORITY_ATTAINMENT_MEASURES;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const Zt__GapScope *s = scopes[i];
        if (s->level != ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL)
            continue;
        struct zt_priority *p = &out[k++];
        *p = (struct zt_priority){.school = s};
        const Zt__GapGroup *dis = zt_gap_group(s, zt_gap_groups[ZT_G_DISADVANTAGED].name);
        p->gap_suppressed = !dis || !dis->members || !dis->rest;
        for (size_t j = 0; j < sizeof gap_m / sizeof gap_m[0]; j++) {
            enum zt_measure m = gap_m[j];
            double gap = zt_gap_difference(dis, m);
            p->gap_score += worse_part(zt_measures[m].higher_is_better ? -gap : gap);
        }
        for (size_t j = 0; j < sizeof att_m / sizeof att_m[0]; j++) {
            enum zt_measure m = att_m[j];
            p->attainment_score += worse_part(
                zt_measure_worse_by(m, zt_gap_measure(s->all, m), zt_priority_benchmark(scopes, n, b, m)));
        }
        p->score = p->gap_score + p->attainment_score;
    }
    qsort(out, k, sizeof *out, by_score);
    return k;
}
