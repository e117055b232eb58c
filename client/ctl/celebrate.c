#include "celebrate.h"

#include <math.h>
#include <string.h>

static double size_of(double gap)
{
    return gap < 0 ? -gap : gap;
}

/* Keeps out[0..*n) the largest max, largest first. */
static void offer(struct zt_celebration *out, size_t *n, size_t max, const struct zt_celebration *c)
{
    size_t i = *n < max ? (*n)++ : max;
    while (i > 0 && out[i - 1].narrowed < c->narrowed) {
        if (i < max)
            out[i] = out[i - 1];
        i--;
    }
    if (i < max)
        out[i] = *c;
}

size_t zt_celebrate(const Zt__GapsReply *r, struct zt_celebration *out, size_t max)
{
    size_t n = 0;
    if (!r->n_trend || !max)
        return 0;
    const Zt__GapSnapshot *last = r->trend[r->n_trend - 1];
    for (size_t i = 0; i < r->n_scopes; i++) {
        const Zt__GapScope *s = r->scopes[i];
        if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_ZONE)
            continue;
        const Zt__GapScope *then = zt_gap_same_scope(s, last->scopes, last->n_scopes);
        for (int g = 0; then && g < ZT_G_COUNT; g++) {
            const Zt__GapGroup *gnow = zt_gap_group(s, zt_gap_groups[g].name);
            const Zt__GapGroup *gthen = zt_gap_group(then, zt_gap_groups[g].name);
            for (int m = 0; m < ZT_M_COUNT; m++) {
                double before = zt_gap_difference(gthen, (enum zt_measure)m);
                double now = zt_gap_difference(gnow, (enum zt_measure)m);
                /* a gap where the group was behind, that narrowed by the rule */
                if (!(zt_measure_worse_by((enum zt_measure)m, before, 0) > 0) ||
                    strcmp(zt_gap_direction(before, now), "narrowing"))
                    continue;
                struct zt_celebration c = {s, (enum zt_gap_group)g, (enum zt_measure)m, before, now,
                                           size_of(before) - size_of(now)};
                offer(out, &n, max, &c);
            }
        }
    }
    return n;
}
