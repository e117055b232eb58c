#include "zone.h"

#include <errno.h>
#include <stdlib.h>

#include "calendar.h"
#include "random.h"

static struct zg_pupil *pupil_at(const struct zg_zone *z, int school, int j)
{
    return &z->pupils[(size_t)school * (size_t)z->opt.npupils + (size_t)j];
}

/* Movers (~1%): pupils who were on roll from the start of the year move
 * to another school of the same phase on a teaching day there. */
static void plan_moves(struct zg_zone *z)
{
    zt_date ref_start = zg_ymd(ZG_REF_YEAR, 9, 1);
    for (int i = 0; i < z->opt.nschools; i++) {
        int same[ZG_MAX_SCHOOLS], nsame = 0;
        for (int o = 0; o < z->opt.nschools; o++)
            if (o != i && z->schools[o].secondary == z->schools[i].secondary)
                same[nsame++] = o;
        if (!nsame)
            continue;
        for (int j = 0; j < z->opt.npupils; j++) {
            struct zg_pupil *p = pupil_at(z, i, j);
            if (p->move_u >= 0.01 || p->entry > ref_start)
                continue;
            p->move_to = same[p->move_hash % (uint64_t)nsame];
            p->move_date = zg_pick_teaching(&z->schools[p->move_to].cal, zg_mix64(p->move_hash),
                                            zg_ymd(ZG_REF_YEAR, 9, 22), zg_ymd(ZG_REF_YEAR + 1, 3, 13));
            z->nmovers++;
        }
    }
}

/* Permanent exclusions: at most one per school (about a third of the
 * secondaries, one primary in twenty), the pupil with the worst behaviour. */
static void plan_exclusions(struct zg_zone *z)
{
    for (int i = 0; i < z->opt.nschools; i++) {
        struct zg_school *s = &z->schools[i];
        uint64_t h = zg_khash(zg_stream_key(s->cal.school_key, ZG_ST_PEX), ZG_REF_YEAR);
        if (zg_hu01(h) >= (s->secondary ? 0.35 : 0.05))
            continue;
        zt_date date = zg_pick_teaching(&s->cal, zg_mix64(h), zg_ymd(ZG_REF_YEAR, 11, 3), zg_ymd(ZG_REF_YEAR + 1, 3, 6));
        struct zg_pupil *best = NULL;
        for (int j = 0; j < z->opt.npupils; j++) {
            struct zg_pupil *p = pupil_at(z, i, j);
            if (p->move_to >= 0 || p->entry >= date)
                continue;
            if (!best || p->p_beh > best->p_beh)
                best = p;
        }
        if (!best)
            continue;
        best->pex_date = date;
        zt_date x = date;
        for (int n = 0; n < 6; n++) /* E for 5 teaching days, then off roll */
            do
                x++;
            while (!zg_cal_teaching(&s->cal, x));
        best->pex_leave = x;
        z->npex++;
    }
}

/* Rolls: each school's own pupils, then the pupils moving in. */
static int plan_rolls(struct zg_zone *z)
{
    int n = z->opt.nschools * z->opt.npupils, rc;
    for (int idx = 0; idx < n; idx++) {
        const struct zg_pupil *p = &z->pupils[idx];
        zt_date leave = p->move_to >= 0 ? p->move_date : p->pex_leave;
        if ((rc = zg_roll_add(&z->schools[p->home], idx, p->entry, leave)))
            return rc;
    }
    for (int idx = 0; idx < n; idx++) {
        const struct zg_pupil *p = &z->pupils[idx];
        if (p->move_to >= 0 && (rc = zg_roll_add(&z->schools[p->move_to], idx, p->move_date, ZG_NEVER)))
            return rc;
    }
    return 0;
}

int zg_zone_build(struct zg_zone *z)
{
    const struct zg_options *o = &z->opt;
    z->schools = calloc((size_t)o->nschools, sizeof *z->schools);
    z->pupils = calloc((size_t)o->nschools * (size_t)o->npupils, sizeof *z->pupils);
    if (!z->schools || !z->pupils)
        return -ENOMEM;
    int rc;
    for (int i = 0; i < o->nschools; i++) {
        zg_school_init(&z->schools[i], o->seed, i);
        /* the calendar cache: the output range plus room for look-backs */
        if ((rc = zg_cal_build(&z->schools[i].cal, o->from - 60, o->to + 10)))
            return rc;
    }
    for (int i = 0; i < o->nschools; i++)
        for (int j = 0; j < o->npupils; j++)
            zg_pupil_make(o->seed, o->npupils, &z->schools[i], i, j, pupil_at(z, i, j));
    plan_moves(z);
    plan_exclusions(z);
    return plan_rolls(z);
}

void zg_zone_free(struct zg_zone *z)
{
    if (z->schools)
        for (int i = 0; i < z->opt.nschools; i++)
            zg_school_free(&z->schools[i]);
    free(z->schools);
    free(z->pupils);
    z->schools = NULL;
    z->pupils = NULL;
}
