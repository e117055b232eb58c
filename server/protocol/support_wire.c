#include "support_wire.h"

#include <errno.h>

#include "siblings.h"
#include "stages.h"
#include "wire.h"

Zt__Offer *zt_offer_to_wire(uint32_t id, const struct zt_offer_value *v, struct zt_arena *a)
{
    Zt__Offer *w = zt_arena_alloc(a, sizeof *w);
    if (!w)
        return NULL;
    zt__offer__init(w);
    w->has_id = 1, w->id = id;
    w->name = zt_arena_strndup(a, v->name, v->name_len);
    w->provider = zt_arena_strndup(a, v->provider, v->provider_len);
    w->for_whom = v->for_whom;
    w->needs = v->needs;
    w->places = v->places;
    w->cost_pence = v->cost_pence;
    w->has_added = 1, w->added = v->added;
    w->has_retired = v->is_retired != 0, w->retired = v->retired;
    return w;
}

static char *id_of(const struct zt_event_key *k, struct zt_arena *a)
{
    return zt_arena_strndup(a, k->id, k->idlen);
}

Zt__SchoolMeeting *zt_meeting_to_wire(const struct zt_event_key *k, const struct zt_meeting_value *v,
                                      struct zt_arena *a)
{
    Zt__SchoolMeeting *s = zt_arena_alloc(a, sizeof *s);
    Zt__MeetingRow *m = zt_arena_alloc(a, sizeof *m);
    if (!s || !m)
        return NULL;
    zt__meeting_row__init(m);
    m->meeting_id = id_of(k, a);
    m->upn = zt_arena_strdup(a, k->upn);
    m->invited = v->invited;
    m->has_held = v->has_held != 0, m->held = v->held;
    m->attended = v->attended;
    m->actions = zt_arena_strndup(a, v->actions, v->actions_len);
    zt__school_meeting__init(s);
    s->school = k->urn;
    s->meeting = m;
    return s;
}

Zt__SchoolPlan *zt_plan_to_wire(const struct zt_event_key *k, const struct zt_plan_value *v, struct zt_arena *a)
{
    Zt__SchoolPlan *s = zt_arena_alloc(a, sizeof *s);
    Zt__PlanRow *p = zt_arena_alloc(a, sizeof *p);
    if (!s || !p)
        return NULL;
    zt__plan_row__init(p);
    p->action_id = id_of(k, a);
    p->upn = zt_arena_strdup(a, k->upn);
    p->offer = v->offer;
    p->lead = zt_arena_strndup(a, v->lead, v->lead_len);
    p->start = v->start;
    p->review = v->review;
    p->outcome = zt_arena_strndup(a, v->outcome, v->outcome_len);
    p->status = v->status;
    if (v->meeting_len)
        p->meeting_id = zt_arena_strndup(a, v->meeting, v->meeting_len);
    zt__school_plan__init(s);
    s->school = k->urn;
    s->plan = p;
    return s;
}

Zt__StageStep *zt_step_to_wire(uint32_t seq, const struct zt_stage_value *v, struct zt_arena *a)
{
    Zt__StageStep *s = zt_arena_alloc(a, sizeof *s);
    if (!s)
        return NULL;
    zt__stage_step__init(s);
    s->alert_seq = seq;
    s->stage = v->stage;
    s->date = v->date;
    if (v->reason_len)
        s->reason = zt_arena_strndup(a, v->reason, v->reason_len);
    return s;
}

/* The stage and overdue work of a family_meeting alert as of a date into
 * *out (NULL for other kinds). Returns 0 or an error. */
static int alert_support_to_wire(struct zt_txn *txn, const char *upn, uint32_t seq, const struct zt_alert_value *al,
                                 zt_date as_of, struct zt_arena *a, Zt__AlertSupport **out)
{
    *out = NULL;
    if (al->kind != ZT_ALERT_FAMILY_MEETING)
        return 0;
    struct zt_stage_now now;
    uint32_t overdue = 0;
    int rc = zt_stage_current(txn, upn, seq, al, &now);
    if (rc == 0)
        rc = zt_stage_overdue(txn, upn, al, now.stage, as_of, &overdue);
    if (rc)
        return rc;
    Zt__AlertSupport *s = zt_arena_alloc(a, sizeof *s);
    if (!s)
        return -ENOMEM;
    zt__alert_support__init(s);
    s->stage = now.stage;
    s->since = now.since;
    s->overdue = overdue;
    if (now.reason[0])
        s->closed_reason = zt_arena_strdup(a, now.reason);
    *out = s;
    return 0;
}

int zt_alert_wire_add(const char *upn, uint32_t seq, const struct zt_alert_value *a, void *arg)
{
    struct zt_alert_wire_list *l = arg;
    Zt__Alert *w = zt_arena_alloc(l->arena, sizeof *w);
    if (!w || !(l->items = zt_arena_grow(l->arena, l->items, l->n, &l->cap, sizeof *l->items)))
        return -ENOMEM;
    zt_alert_to_wire(w, upn, a, l->arena);
    l->items[l->n++] = w;
    int rc = alert_support_to_wire(l->txn, upn, seq, a, l->as_of, l->arena, &w->support);
    return rc ? rc : zt_alert_family_to_wire(l->txn, upn, l->as_of, l->arena, w);
}

struct support_view {
    struct zt_arena *arena;
    Zt__SupportReply *rep;
    size_t cap_m, cap_p, cap_s;
};

static int view_meeting(const struct zt_event_key *k, const struct zt_meeting_value *v, void *arg)
{
    struct support_view *sv = arg;
    Zt__SupportReply *rep = sv->rep;
    Zt__SchoolMeeting *w = zt_meeting_to_wire(k, v, sv->arena);
    if (!w || !(rep->meetings = zt_arena_grow(sv->arena, rep->meetings, rep->n_meetings, &sv->cap_m, sizeof *rep->meetings)))
        return -ENOMEM;
    rep->meetings[rep->n_meetings++] = w;
    return 0;
}

static int view_plan(const struct zt_event_key *k, const struct zt_plan_value *v, void *arg)
{
    struct support_view *sv = arg;
    Zt__SupportReply *rep = sv->rep;
    Zt__SchoolPlan *w = zt_plan_to_wire(k, v, sv->arena);
    if (!w || !(rep->plans = zt_arena_grow(sv->arena, rep->plans, rep->n_plans, &sv->cap_p, sizeof *rep->plans)))
        return -ENOMEM;
    rep->plans[rep->n_plans++] = w;
    return 0;
}

static int view_step(uint32_t seq, const struct zt_stage_value *v, void *arg)
{
    struct support_view *sv = arg;
    Zt__SupportReply *rep = sv->rep;
    Zt__StageStep *w = zt_step_to_wire(seq, v, sv->arena);
    if (!w || !(rep->stages = zt_arena_grow(sv->arena, rep->stages, rep->n_stages, &sv->cap_s, sizeof *rep->stages)))
        return -ENOMEM;
    rep->stages[rep->n_stages++] = w;
    return 0;
}

int zt_support_read(struct zt_txn *txn, const char *upn, struct zt_arena *a, Zt__SupportReply *rep)
{
    struct support_view sv = {.arena = a, .rep = rep};
    zt__support_reply__init(rep);
    rep->upn = zt_arena_strdup(a, upn);
    int rc = zt_meetings_each(txn, upn, view_meeting, &sv);
    if (rc == 0)
        rc = zt_plans_each(txn, upn, view_plan, &sv);
    return rc ? rc : zt_stages_each(txn, upn, view_step, &sv);
}
