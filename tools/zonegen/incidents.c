#include "incidents.h"

#include "calendar.h"
#include "marks.h"
#include "random.h"

#define MAX_SUSP_DAYS 5

static const char *const categories[ZG_NCAT] = {"disruption", "defiance", "verbal_abuse",
                                                "physical_assault", "bullying", "truancy",
                                                "damage", "racist_abuse", "drugs_alcohol"};
static const int cat_weight_primary[ZG_NCAT] = {46, 20, 10, 15, 5, 0, 4, 0, 0};
static const int cat_weight_secondary[ZG_NCAT] = {36, 22, 12, 8, 6, 10, 3, 2, 1};
static const struct {
    short lo, hi;                    /* points */
    short none, det, internal, susp; /* action weights */
} cat_rules[ZG_NCAT] = {
    {1, 3, 30, 70, 0, 0},    {2, 5, 5, 70, 25, 0},   {3, 8, 0, 56, 43, 1},
    {5, 30, 0, 20, 75, 5},   {5, 20, 0, 35, 63, 2},  {3, 5, 0, 60, 40, 0},
    {5, 15, 0, 45, 53, 2},   {10, 20, 0, 0, 93, 7},  {20, 40, 0, 0, 70, 30},
};
static const char *const actions[] = {"none", "detention", "internal_exclusion", "suspension",
                                      "permanent_exclusion"};
/* Suspension lengths in half days: 0.5, 1, 2, 3, 5 days. */
static const int susp_halves[] = {1, 2, 4, 6, 10};
static const int susp_weight[] = {15, 45, 20, 15, 5};

const char *zg_category_name(int cat)
{
    return categories[cat];
}

const char *zg_action_name(int action)
{
    return actions[action];
}

static void make_incident(struct zg_rng *r, int secondary, double susp_mult, struct zg_incident *inc)
{
    const int *cw = secondary ? cat_weight_secondary : cat_weight_primary;
    int cat = zg_pick_weighted(zg_rng_u01(r), cw, ZG_NCAT);
    int lo = cat_rules[cat].lo, hi = cat_rules[cat].hi;
    int aw[4] = {cat_rules[cat].none, cat_rules[cat].det, cat_rules[cat].internal,
                 (int)(cat_rules[cat].susp * (secondary ? 2 : 1) * susp_mult + 0.5)};
    inc->cat = cat;
    inc->points = lo + zg_rng_below(r, hi - lo + 1);
    inc->action = zg_pick_weighted(zg_rng_u01(r), aw, 4);
    inc->halves = 0;
    if (inc->action == ZG_ACT_SUSPENSION) {
        inc->halves = susp_halves[zg_pick_weighted(zg_rng_u01(r), susp_weight, ZG_COUNT(susp_weight))];
        if (inc->points < 10)
            inc->points = 10 + zg_rng_below(r, 6);
    }
}

/* Candidate incidents on d, before asking whether the pupil was there. */
static int candidates(const struct zg_school *s, const struct zg_pupil *p, zt_date d, struct zg_incident out[2])
{
    uint64_t h = zg_khash(p->k_beh, d);
    if (zg_hu01(h) >= p->p_beh)
        return 0;
    struct zg_rng r = {h};
    int n = zg_rng_u01(&r) < 0.06 ? 2 : 1;
    /* Disadvantaged pupils and pupils with SEN are suspended more often for
     * the same incident, as in national data. */
    double susp_mult = (zg_disadvantaged(p) ? 1.5 : 0.7) * (p->sen != 'N' ? 1.5 : 1.0);
    for (int i = 0; i < n; i++)
        make_incident(&r, s->secondary, susp_mult, &out[i]);
    return n;
}

/* Longest whole-day suspension among candidates, in days. */
static int candidate_susp_days(const struct zg_school *s, const struct zg_pupil *p, zt_date d)
{
    struct zg_incident inc[2];
    int n = candidates(s, p, d, inc), best = 0;
    for (int i = 0; i < n; i++)
        if (inc[i].action == ZG_ACT_SUSPENSION && inc[i].halves / 2 > best)
            best = inc[i].halves / 2;
    return best;
}

/* Previous teaching day not before lo, or ZG_NONE. */
static zt_date prev_teaching(const struct zg_school *s, zt_date lo, zt_date d)
{
    for (d--; d >= lo; d--)
        if (zg_cal_teaching(&s->cal, d))
            return d;
    return ZG_NONE;
}

/* Look-backs for suspensions stay on this roll and in this academic year:
 * a suspension does not carry over the summer. */
static zt_date lookback_floor(const struct zg_roll *e, zt_date d)
{
    zt_date ay = zt_academic_year_start(d);
    return e->entry > ay ? e->entry : ay;
}

/* Whether a candidate whole-day suspension from one of the 5 previous
 * teaching days reaches d (level 1 of the look-back). */
static int candidate_cover(const struct zg_school *s, const struct zg_roll *e, const struct zg_pupil *p, zt_date d)
{
    zt_date x = d, lo = lookback_floor(e, d);
    for (int dist = 1; dist <= MAX_SUSP_DAYS; dist++) {
        x = prev_teaching(s, lo, x);
        if (x == ZG_NONE)
            return 0;
        if (candidate_susp_days(s, p, x) >= dist)
            return 1;
    }
    return 0;
}

int zg_incidents(const struct zg_school *s, const struct zg_roll *e, const struct zg_pupil *p, zt_date d,
                 char base_am, struct zg_incident out[2])
{
    if (d == p->pex_date || !zg_attending(base_am))
        return 0;
    int n = candidates(s, p, d, out);
    if (n && candidate_cover(s, e, p, d))
        return 0;
    return n;
}

int zg_suspended(const struct zg_school *s, const struct zg_roll *e, const struct zg_pupil *p, zt_date d)
{
    zt_date x = d, lo = lookback_floor(e, d);
    for (int dist = 1; dist <= MAX_SUSP_DAYS; dist++) {
        x = prev_teaching(s, lo, x);
        if (x == ZG_NONE)
            return 0;
        if (candidate_susp_days(s, p, x) < dist)
            continue; /* cheap test first */
        char am, pm;
        struct zg_incident inc[2];
        zg_base_marks(s, p, x, &am, &pm);
        int n = zg_incidents(s, e, p, x, am, inc);
        for (int i = 0; i < n; i++)
            if (inc[i].action == ZG_ACT_SUSPENSION && inc[i].halves / 2 >= dist)
                return 1;
    }
    return 0;
}
