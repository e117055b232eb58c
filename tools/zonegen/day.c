#include "day.h"

#include "calendar.h"
#include "health.h"
#include "marks.h"
#include "random.h"

/* The day of the permanent exclusion: excluded during the morning, or
 * while already suspended; off roll after 5 more days of E. */
static void exclusion_day(const struct zg_school *s, const struct zg_roll *e, const struct zg_pupil *p,
                          zt_date d, struct zg_day *out)
{
    struct zg_rng r = {zg_khash(zg_stream_key(p->key, ZG_ST_PEX), d)};
    out->am = zg_suspended(s, e, p, d) ? 'E' : '/';
    out->pm = 'E';
    out->nincidents = 1;
    out->inc[0] = (struct zg_incident){zg_rng_u01(&r) < 0.7 ? ZG_CAT_PHYSICAL : ZG_CAT_DRUGS,
                                       50 + zg_rng_below(&r, 31), ZG_ACT_PERMANENT, 0};
}

void zg_day_data(const struct zg_school *s, const struct zg_roll *e, const struct zg_pupil *p, zt_date d,
                 struct zg_day *out)
{
    out->nincidents = 0;
    out->health_kind = -1;
    if (zg_cal_flags(&s->cal, d) & ZG_CAL_INSET) {
        out->am = out->pm = '#';
        return;
    }
    if (p->pex_date != ZG_NONE && d > p->pex_date) {
        out->am = out->pm = 'E'; /* excluded, on roll until the review */
        return;
    }
    /* a health event on any teaching day, in school or not (kind stays -1 without) */
    zg_health_event(p, s->secondary, d, &out->health_kind, &out->health_sev);
    if (d == p->pex_date) {
        exclusion_day(s, e, p, d, out);
        return;
    }
    zg_base_marks(s, p, d, &out->am, &out->pm);
    if (zg_suspended(s, e, p, d)) {
        out->am = out->pm = 'E';
        return;
    }
    out->nincidents = zg_incidents(s, e, p, d, out->am, out->inc);
    for (int i = 0; i < out->nincidents; i++)
        if (out->inc[i].action == ZG_ACT_SUSPENSION && out->inc[i].halves == 1)
            out->pm = 'E'; /* half-day suspension: sent home at lunch */
}
