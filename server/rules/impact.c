#include "impact.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "figures.h"
#include "grow.h"
#include "meetings.h"
#include "menu.h"
#include "stages.h"
#include "support_codes.h"

/* One pupil supported by one offer, from the earliest start. */
struct supported {
    char upn[ZT_UPN_LEN + 1];
    uint32_t offer;
    zt_date start;
};

struct gather {
    struct zt_impact *im;
    zt_date as_of;
    struct supported *sup;
    size_t nsup, capsup;
};

static int add_offer(uint32_t id, const struct zt_offer_value *v, void *arg)
{
    struct zt_impact *im = arg;
    if (ZT_GROW(im->offers, im->noffers, im->cap_offers, 16))
        return -ENOMEM;
    struct zt_offer_impact *o = &im->offers[im->noffers++];
    memset(o, 0, sizeof *o);
    o->id = id;
    o->offer = *v;
    for (int n = 0; n < ZT_NEEDS; n++)
        im->need_offers[n] += !v->is_retired && (v->needs & (1u << n));
    return 0;
}

static struct zt_offer_impact *find_offer(struct zt_impact *im, uint32_t id)
{
    for (size_t i = 0; i < im->noffers; i++)
        if (im->offers[i].id == id)
            return &im->offers[i];
    return NULL;
}

static struct zt_demand *demand_of(struct zt_impact *im, uint32_t offer, uint32_t school)
{
    for (size_t i = 0; i < im->ndemand; i++)
        if (im->demand[i].offer == offer && im->demand[i].school == school)
            return &im->demand[i];
    if (ZT_GROW(im->demand, im->ndemand, im->cap_demand, 16))
        return NULL;
    struct zt_demand *d = &im->demand[im->ndemand++];
    memset(d, 0, sizeof *d);
    d->offer = offer;
    d->school = school;
    return d;
}

static int on_plan(const struct zt_event_key *k, const struct zt_plan_value *p, void *arg)
{
    struct gather *g = arg;
    struct zt_offer_impact *o = find_offer(g->im, p->offer);
    struct zt_demand *d = demand_of(g->im, p->offer, k->urn);
    if (!d)
        return -ENOMEM;
    d->actions++;
    if (memcmp(d->last_upn, k->upn, ZT_UPN_LEN) != 0)
        d->pupils++, memcpy(d->last_upn, k->upn, ZT_UPN_LEN);
    if (o && (p->status == ZT_PLAN_PLANNED || p->status == ZT_PLAN_ACTIVE))
        o->in_use++;
    if (!o || !(p->status == ZT_PLAN_ACTIVE || p->status == ZT_PLAN_COMPLETED) || p->start > g->as_of)
        return 0;
    /* plans run by pupil: this pupil's earlier rows are at the end */
    for (size_t i = g->nsup; i-- > 0 && !strcmp(g->sup[i].upn, k->upn);)
        if (g->sup[i].offer == p->offer) {
            if (p->start < g->sup[i].start)
                g->sup[i].start = p->start;
            return 0;
        }
    if (ZT_GROW(g->sup, g->nsup, g->capsup, 64))
        return -ENOMEM;
    struct supported *s = &g->sup[g->nsup++];
    memcpy(s->upn, k->upn, sizeof s->upn);
    s->offer = p->offer;
    s->start = p->start;
    return 0;
}

/* Back on track after this support started: an alert resolved earlier
 * says nothing about the offer. */
struct back {
    zt_date since;
    int reached;
};

static int note_back(uint32_t seq, const struct zt_stage_value *v, void *arg)
{
    (void)seq;
    struct back *b = arg;
    if (v->stage == ZT_STAGE_BACK_ON_TRACK && v->date >= b->since)
        b->reached = 1;
    return 0;
}

/* Before: the six weeks ending the day before the start; after: the six
 * weeks from the start, cut short at as_of. */
static int measure(struct zt_txn *txn, const struct supported *s, zt_date as_of, struct zt_offer_impact *o)
{
    struct zt_figures b, a;
    zt_date end = s->start + ZT_IMPACT_WINDOW_DAYS - 1 < as_of ? s->start + ZT_IMPACT_WINDOW_DAYS - 1 : as_of;
    struct back back = {s->start, 0};
    int rc = zt_figures_gather(txn, s->upn, s->start - 1, ZT_IMPACT_WINDOW_DAYS, &b);
    if (rc == 0)
        rc = zt_figures_gather(txn, s->upn, end, end - s->start + 1, &a);
    if (rc == 0)
        rc = zt_stages_each(txn, s->upn, note_back, &back);
    if (rc)
        return rc;
    o->pupils++;
    o->possible_before += b.possible_recent, o->present_before += b.present_recent;
    o->possible_after += a.possible_recent, o->present_after += a.present_recent;
    o->behaviour_before += b.behaviour_points_recent, o->behaviour_after += a.behaviour_points_recent;
    int delta = 0;
    for (int subj = 1; subj < ZT_SUBJECTS; subj++)
        if (b.latest_step[subj] && a.latest_step[subj])
            delta += a.latest_step[subj] - b.latest_step[subj];
    o->steps_up += delta > 0;
    o->steps_down += delta < 0;
    o->back_on_track += back.reached;
    return 0;
}

static int on_alert(const char *upn, const struct zt_alert_value *a, void *arg)
{
    (void)upn;
    struct zt_impact *im = arg;
    if (!a->open || a->kind != ZT_ALERT_FAMILY_MEETING)
        return 0;
    uint32_t needs = zt_needs_of_alert(a->reasons, a->below), unmet = 0;
    for (int n = 0; n < ZT_NEEDS; n++)
        if (needs & (1u << n)) {
            im->need_pupils[n]++;
            unmet |= !im->need_offers[n];
        }
    im->unmet_pupils += unmet;
    return 0;
}

int zt_impact_gather(struct zt_txn *txn, zt_date as_of, struct zt_impact *out)
{
    memset(out, 0, sizeof *out);
    struct gather g = {.im = out, .as_of = as_of};
    int rc = zt_menu_each(txn, add_offer, out);
    if (rc == 0)
        rc = zt_plans_each(txn, NULL, on_plan, &g);
    for (size_t i = 0; rc == 0 && i < g.nsup; i++)
        rc = measure(txn, &g.sup[i], as_of, find_offer(out, g.sup[i].offer));
    if (rc == 0)
        rc = zt_alerts_each(txn, NULL, on_alert, out);
    free(g.sup);
    return rc;
}

void zt_impact_free(struct zt_impact *im)
{
    free(im->offers);
    free(im->demand);
    memset(im, 0, sizeof *im);
}
