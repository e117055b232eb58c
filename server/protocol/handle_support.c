/* Support requests (issue #6): the menu of support (the coordinator keeps it,
 * everyone reads it), meetings and plan actions (a school records them for
 * pupils whose current school it is; a school reads its own pupils', the
 * coordinator any pupil's, audited), closing an alert, impact figures. The
 * logic is in menu.c, support_push.c, stages.c and impact.c. */
#include <errno.h>
#include <string.h>

#include "audit.h"
#include "err.h"
#include "figures.h"
#include "handlers.h"
#include "impact.h"
#include "log.h"
#include "menu.h"
#include "meetings.h"
#include "stages.h"
#include "support_codes.h"
#include "support_push.h"
#include "support_wire.h"
#include "thresholds.h"
#include "upn.h"

static void reply_offers(struct zt_request *r, Zt__Offer **offers, size_t n)
{
    Zt__MenuReply *m = zt_arena_alloc(r->arena, sizeof *m);
    if (!m)
        return;
    zt__menu_reply__init(m);
    m->offers = offers;
    m->n_offers = n;
    r->resp->body_case = ZT__RESPONSE__BODY_MENU;
    r->resp->menu = m;
}

static void reply_one_offer(struct zt_request *r, uint32_t id, const struct zt_offer_value *v)
{
    Zt__Offer **list = zt_arena_alloc(r->arena, sizeof *list);
    if (list && (list[0] = zt_offer_to_wire(id, v, r->arena)))
        reply_offers(r, list, 1);
}

/* --- the menu ---------------------------------------------------------------- */

struct menu_job {
    struct zt_offer_value v;
    uint32_t id;
    const char *who;
    zt_date today;
};

static int menu_add_txn(struct zt_txn *txn, void *arg)
{
    struct menu_job *j = arg;
    int rc = zt_menu_add(txn, &j->v, &j->id);
    return rc ? rc : zt_audit_add(txn, j->who, "added offer %u (%.*s) to the menu", j->id, j->v.name_len, j->v.name);
}

static const char *offer_invalid(const Zt__Offer *o)
{
    if (!o->name[0] || strlen(o->name) > ZT_OFFER_TEXT_MAX)
        return "an offer's name is 1-64 characters";
    if (!o->provider[0] || strlen(o->provider) > ZT_OFFER_TEXT_MAX)
        return "an offer's provider is 1-64 characters";
    if (o->for_whom < 1 || o->for_whom > (uint32_t)zt_vocab_for.count)
        return "an offer is for the child, the family or both";
    if (!o->needs || o->needs >> zt_vocab_need.count)
        return "an offer addresses at least one known need";
    return NULL;
}

void zt_handle_menu_add(struct zt_request *r, const Zt__MenuAdd *q)
{
    if (!zt_require_coordinator(r, "changing the menu of support"))
        return;
    const Zt__Offer *o = q->offer;
    const char *why = offer_invalid(o);
    if (why) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "%s", why);
        return;
    }
    struct menu_job j = {.who = r->who->name};
    j.v.places = o->places;
    j.v.cost_pence = o->cost_pence;
    j.v.added = zt_zone_as_of(r->zone);
    j.v.for_whom = (uint8_t)o->for_whom;
    j.v.needs = (uint8_t)o->needs;
    j.v.name_len = (uint8_t)strlen(o->name);
    j.v.provider_len = (uint8_t)strlen(o->provider);
    memcpy(j.v.name, o->name, j.v.name_len);
    memcpy(j.v.provider, o->provider, j.v.provider_len);
    int rc = zt_store_write(r->zone->store, menu_add_txn, &j);
    if (rc)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "offer not added: %s", zt_strerror(rc));
    else
        reply_one_offer(r, j.id, &j.v);
}

static int menu_retire_txn(struct zt_txn *txn, void *arg)
{
    struct menu_job *j = arg;
    int rc = zt_menu_retire(txn, j->id, j->today, &j->v);
    return rc ? rc : zt_audit_add(txn, j->who, "retired offer %u from the menu", j->id);
}

void zt_handle_menu_retire(struct zt_request *r, const Zt__MenuRetire *q)
{
    if (!zt_require_coordinator(r, "changing the menu of support"))
        return;
    struct menu_job j = {.id = q->id, .who = r->who->name, .today = zt_zone_as_of(r->zone)};
    int rc = zt_store_write(r->zone->store, menu_retire_txn, &j);
    if (rc == -ENOENT)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "no offer %u on the menu", q->id);
    else if (rc == -EALREADY)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_CONFLICT, "offer %u was retired already", q->id);
    else if (rc)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "offer not retired: %s", zt_strerror(rc));
    else
        reply_one_offer(r, j.id, &j.v);
}

struct offer_list {
    struct zt_arena *arena;
    int all;
    Zt__Offer **items;
    size_t n, cap;
};

static int add_offer(uint32_t id, const struct zt_offer_value *v, void *arg)
{
    struct offer_list *l = arg;
    if (v->is_retired && !l->all)
        return 0;
    Zt__Offer *w = zt_offer_to_wire(id, v, l->arena);
    if (!w || !(l->items = zt_arena_grow(l->arena, l->items, l->n, &l->cap, sizeof *l->items)))
        return -ENOMEM;
    l->items[l->n++] = w;
    return 0;
}

void zt_handle_menu(struct zt_request *r, const Zt__MenuQuery *q)
{
    struct offer_list l = {.arena = r->arena, .all = q->has_all && q->all};
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = zt_menu_each(txn, add_offer, &l);
        zt_txn_end(txn);
    }
    if (rc)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read the menu: %s", zt_strerror(rc));
    else
        reply_offers(r, l.items, l.n);
}

/* --- meetings and plans ------------------------------------------------------------ */

struct push_job {
    uint32_t urn;
    const Zt__SupportPush *p;
    zt_date as_of;
    struct zt_support_result res;
};

static int support_push_txn(struct zt_txn *txn, void *arg)
{
    struct push_job *j = arg;
    return zt_support_apply(txn, j->urn, j->p, j->as_of, &j->res);
}

void zt_handle_support_push(struct zt_request *r, const Zt__SupportPush *p)
{
    if (r->who->role != ZT_ROLE_SCHOOL) {
        zt_reply_forbidden(r, "recording meetings and plans (the pupil's school records them)");
        return;
    }
    struct push_job j = {.urn = r->who->urn, .p = p, .as_of = zt_zone_as_of(r->zone)};
    int rc = zt_store_write(r->zone->store, support_push_txn, &j);
    if (rc) {
        zt_support_result_free(&j.res);
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "meetings and plans not stored: %s", zt_strerror(rc));
        return;
    }
    if (j.res.not_on_roll) {
        zt_warn("refused %u meeting/plan rows from %s (%s): pupils not on its roll", j.res.not_on_roll,
                r->who->name, r->peer);
        r->svc->refused++;
    }
    Zt__SupportPushReply *pr = zt_arena_alloc(r->arena, sizeof *pr);
    Zt__SupportRejected **list = zt_arena_alloc(r->arena, (j.res.nrejects + 1) * sizeof *list);
    Zt__SupportRejected *items = zt_arena_alloc(r->arena, (j.res.nrejects + 1) * sizeof *items);
    if (pr && list && items) {
        zt__support_push_reply__init(pr);
        for (size_t i = 0; i < j.res.nrejects; i++) {
            zt__support_rejected__init(&items[i]);
            items[i].plan = j.res.rejects[i].plan != 0;
            items[i].index = j.res.rejects[i].index;
            items[i].reason = zt_arena_strdup(r->arena, j.res.rejects[i].reason);
            list[i] = &items[i];
        }
        pr->stored = j.res.stored;
        pr->unchanged = j.res.unchanged;
        pr->rejected = list;
        pr->n_rejected = j.res.nrejects;
        r->resp->body_case = ZT__RESPONSE__BODY_SUPPORT_PUSH;
        r->resp->support_push = pr;
    }
    zt_support_result_free(&j.res);
}

/* The pupil's meetings, plans and stage history into rep; -EPERM when a
 * school asks about a pupil of another school. */
static int read_support(struct zt_request *r, struct zt_txn *txn, const char *upn, Zt__SupportReply *rep)
{
    uint32_t school;
    int rc = zt_pupil_readable(r, txn, upn, &school);
    return rc ? rc : zt_support_read(txn, upn, r->arena, rep);
}

static void reply_support(struct zt_request *r, int rc, const char *upn, Zt__SupportReply *rep)
{
    if (rc == -EPERM || rc == -ENOENT)
        zt_reply_pupil_unreadable(r, rc, upn, "meetings and plans");
    else if (rc)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read meetings and plans: %s", zt_strerror(rc));
    else {
        r->resp->body_case = ZT__RESPONSE__BODY_SUPPORT;
        r->resp->support = rep;
    }
}

void zt_handle_support(struct zt_request *r, const Zt__SupportQuery *q)
{
    Zt__SupportReply *rep = zt_arena_alloc(r->arena, sizeof *rep);
    if (!zt_require_upn(r, q->upn) || !rep)
        return;
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = read_support(r, txn, q->upn, rep);
        zt_txn_end(txn);
    }
    if (rc == 0 && !zt_require_audit(r, "read meetings and plans of pupil %s", q->upn))
        return;
    reply_support(r, rc, q->upn, rep);
}

/* --- closing an alert ---------------------------------------------------------- */

struct close_job {
    struct zt_request *r;
    const Zt__AlertClose *q;
    zt_date today;
    Zt__SupportReply *rep;
};

static int close_txn(struct zt_txn *txn, void *arg)
{
    struct close_job *j = arg;
    uint32_t seq;
    int rc = read_support(j->r, txn, j->q->upn, j->rep); /* checks the school may */
    if (rc == 0)
        rc = zt_stage_close(txn, j->q->upn, j->today, j->q->reason, &seq);
    if (rc == 0)
        rc = zt_audit_add(txn, j->r->who->name, "closed family_meeting alert %u of pupil %s: %s", seq, j->q->upn,
                          j->q->reason);
    return rc ? rc : read_support(j->r, txn, j->q->upn, j->rep);
}

void zt_handle_alert_close(struct zt_request *r, const Zt__AlertClose *q)
{
    Zt__SupportReply *rep = zt_arena_alloc(r->arena, sizeof *rep);
    if (!zt_require_upn(r, q->upn) || !rep)
        return;
    if (!q->reason[0] || strlen(q->reason) > ZT_OUTCOME_MAX) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "closing an alert needs a reason of 1-120 characters");
        return;
    }
    struct close_job j = {r, q, zt_zone_as_of(r->zone), rep};
    int rc = zt_store_write(r->zone->store, close_txn, &j);
    if (rc == -EALREADY)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_CONFLICT, "the family_meeting alert of %s is closed already", q->upn);
    else if (rc == -ENOENT)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "%s has no open family_meeting alert", q->upn);
    else
        reply_support(r, rc, q->upn, rep);
}

/* --- impact ---------------------------------------------------------------------- */

static Zt__ImpactReply *impact_to_wire(const struct zt_impact *im, zt_date as_of, struct zt_arena *a)
{
    Zt__ImpactReply *w = zt_arena_alloc(a, sizeof *w);
    Zt__OfferImpact **offers = zt_arena_alloc(a, (im->noffers + 1) * sizeof *offers);
    Zt__SchoolDemand **demand = zt_arena_alloc(a, (im->ndemand + 1) * sizeof *demand);
    Zt__NeedGap **needs = zt_arena_alloc(a, ZT_NEEDS * sizeof *needs);
    if (!w || !offers || !demand || !needs)
        return NULL;
    zt__impact_reply__init(w);
    for (size_t i = 0; i < im->noffers; i++) {
        const struct zt_offer_impact *o = &im->offers[i];
        Zt__OfferImpact *x = offers[i] = zt_arena_alloc(a, sizeof *x);
        if (!x || !(x->offer = zt_offer_to_wire(o->id, &o->offer, a)))
            return NULL;
        Zt__Offer *keep = x->offer;
        zt__offer_impact__init(x);
        x->offer = keep;
        x->pupils = o->pupils, x->in_use = o->in_use;
        x->possible_before = o->possible_before, x->present_before = o->present_before;
        x->possible_after = o->possible_after, x->present_after = o->present_after;
        x->behaviour_before = o->behaviour_before, x->behaviour_after = o->behaviour_after;
        x->steps_up = o->steps_up, x->steps_down = o->steps_down;
        x->back_on_track = o->back_on_track;
    }
    for (size_t i = 0; i < im->ndemand; i++) {
        Zt__SchoolDemand *d = demand[i] = zt_arena_alloc(a, sizeof *d);
        if (!d)
            return NULL;
        zt__school_demand__init(d);
        d->offer = im->demand[i].offer, d->school = im->demand[i].school;
        d->actions = im->demand[i].actions, d->pupils = im->demand[i].pupils;
    }
    for (int n = 0; n < ZT_NEEDS; n++) {
        Zt__NeedGap *g = needs[n] = zt_arena_alloc(a, sizeof *g);
        if (!g)
            return NULL;
        zt__need_gap__init(g);
        g->need = 1u << n, g->pupils = im->need_pupils[n], g->offers = im->need_offers[n];
    }
    w->as_of = as_of;
    w->offers = offers, w->n_offers = im->noffers;
    w->demand = demand, w->n_demand = im->ndemand;
    w->needs = needs, w->n_needs = ZT_NEEDS;
    w->unmet_pupils = im->unmet_pupils;
    return w;
}

void zt_handle_impact(struct zt_request *r)
{
    if (!zt_require_coordinator(r, "reading impact figures"))
        return;
    struct zt_impact im;
    zt_date as_of = zt_zone_as_of(r->zone);
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = zt_impact_gather(txn, as_of, &im);
        zt_txn_end(txn);
    } else {
        memset(&im, 0, sizeof im);
    }
    Zt__ImpactReply *w = rc ? NULL : impact_to_wire(&im, as_of, r->arena);
    zt_impact_free(&im);
    if (!w) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot gather impact figures: %s", zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    r->resp->body_case = ZT__RESPONSE__BODY_IMPACT;
    r->resp->impact = w;
}
