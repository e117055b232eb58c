#include "stages.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "alerts.h"
#include "err.h"
#include "meeting_covers.h"
#include "meetings.h"
#include "support_codes.h"
#include "thresholds.h"

#define NOT_REACHED INT32_MAX

int zt_school_days_after(zt_date from, zt_date to)
{
    if (to <= from)
        return 0;
    int days = (to - from) / 7 * 5;
    for (zt_date d = from + 1 + (to - from) / 7 * 7; d <= to; d++)
        days += zt_date_weekday(d) < 5;
    return days;
}

/* --- the recorded steps ----------------------------------------------------- */

struct each_step {
    zt_step_fn fn;
    void *arg;
};

static int on_step(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct each_step *e = arg;
    struct zt_stage_value s;
    if (k->len != ZT_STAGE_KEY_LEN || zt_value_copy(&s, sizeof s, v->data, v->len))
        return ZT_E_CORRUPT;
    return e->fn(zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN), &s, e->arg);
}

static int walk_steps(struct zt_txn *txn, const char *upn, const uint32_t *seq, zt_step_fn fn, void *arg)
{
    uint8_t prefix[ZT_ALERT_KEY_LEN];
    zt_key_alert(prefix, upn, seq ? *seq : 0);
    struct each_step e = {fn, arg};
    return zt_walk(txn, ZT_DB_ALERT_STAGE, prefix, seq ? ZT_ALERT_KEY_LEN : ZT_UPN_LEN, on_step, &e);
}

int zt_stages_each(struct zt_txn *txn, const char *upn, zt_step_fn fn, void *arg)
{
    return walk_steps(txn, upn, NULL, fn, arg);
}

struct last_step {
    uint32_t steps;
    struct zt_stage_value last;
};

static int note_step(uint32_t seq, const struct zt_stage_value *v, void *arg)
{
    (void)seq;
    struct last_step *l = arg;
    l->steps++;
    l->last = *v;
    return 0;
}

static int read_last(struct zt_txn *txn, const char *upn, uint32_t seq, struct last_step *l)
{
    memset(l, 0, sizeof *l);
    return walk_steps(txn, upn, &seq, note_step, l);
}

static int append(struct zt_txn *txn, const char *upn, uint32_t seq, struct last_step *l, uint32_t stage,
                  zt_date on, const char *reason)
{
    struct zt_stage_value v = {.date = on, .stage = (uint8_t)stage};
    if (reason) {
        size_t n = strlen(reason);
        v.reason_len = (uint8_t)(n > ZT_OUTCOME_MAX ? ZT_OUTCOME_MAX : n);
        memcpy(v.reason, reason, v.reason_len);
    }
    uint8_t key[ZT_STAGE_KEY_LEN];
    zt_key_stage(key, upn, seq, l->steps);
    int rc = zt_put(txn, ZT_DB_ALERT_STAGE, key, sizeof key, &v, sizeof v);
    if (rc == 0) {
        l->steps++;
        l->last = v;
    }
    return rc;
}

int zt_stage_current(struct zt_txn *txn, const char *upn, uint32_t seq, const struct zt_alert_value *a,
                     struct zt_stage_now *out)
{
    struct last_step l;
    int rc = read_last(txn, upn, seq, &l);
    memset(out, 0, sizeof *out);
    out->stage = l.steps ? l.last.stage : ZT_STAGE_OPEN;
    out->since = l.steps ? l.last.date : a->raised;
    if (l.steps)
        memcpy(out->reason, l.last.reason, l.last.reason_len);
    return rc;
}

/* --- deriving the stage from the records ------------------------------------ */

struct derive {
    zt_date raised, until; /* records dated in [raised, until] count */
    zt_date reached[ZT_STAGE_CLOSED + 1];
};

static void reach(struct derive *d, int stage, zt_date on)
{
    if (on < d->raised)
        on = d->raised;
    if (on < d->reached[stage])
        d->reached[stage] = on;
}

/* A meeting invited before the alert counts when it is held after it. */
static int on_meeting(const struct zt_event_key *k, const struct zt_meeting_value *m, void *arg)
{
    (void)k;
    struct derive *d = arg;
    zt_date latest = m->has_held && m->held > m->invited ? m->held : m->invited;
    if (m->invited <= d->until && latest >= d->raised)
        reach(d, ZT_STAGE_INVITED, m->invited);
    if (m->has_held && m->held <= d->until && m->held >= d->raised)
        reach(d, ZT_STAGE_MEETING_HELD, m->held);
    return 0;
}

static int on_plan(const struct zt_event_key *k, const struct zt_plan_value *p, void *arg)
{
    (void)k;
    struct derive *d = arg;
    if ((p->status == ZT_PLAN_ACTIVE || p->status == ZT_PLAN_COMPLETED) && p->start <= d->until &&
        p->start >= d->raised)
        reach(d, ZT_STAGE_SUPPORT_IN_PLACE, p->start);
    return 0;
}

/* Back on track: from the day a family_meeting alert resolved, no alert of
 * either kind open on any day for back_on_track_weeks weeks. An alert open
 * in that time (a watch the pupil fell into, a new one) restarts the wait
 * from the day it resolves; one still open means not yet. */
struct clear_run {
    zt_date from, as_of;
    int32_t days;
    int still_open;
};

static int on_any_alert(const char *upn, const struct zt_alert_value *a, void *arg)
{
    (void)upn;
    struct clear_run *c = arg;
    /* in raised order: one raised once the wait is over changes nothing */
    if (c->still_open || a->raised > c->as_of || a->raised >= c->from + c->days)
        return 0;
    if (a->open)
        c->still_open = 1;
    else if (a->resolved > c->from)
        c->from = a->resolved;
    return 0;
}

/* The day the pupil came back on track after an alert resolved on `resolved`,
 * or NOT_REACHED as of as_of. */
static int back_on_track_day(struct zt_txn *txn, const char *upn, zt_date resolved, zt_date as_of, int64_t weeks,
                             zt_date *day)
{
    struct clear_run c = {.from = resolved, .as_of = as_of, .days = (int32_t)(weeks * 7)};
    int rc = zt_alerts_each(txn, upn, on_any_alert, &c);
    *day = !c.still_open && c.from + c.days <= as_of ? c.from + c.days : NOT_REACHED;
    return rc;
}

struct update {
    zt_date as_of;
    struct zt_txn *txn;
    int64_t back_weeks; /* back_on_track_weeks, read once a pupil when first needed; -1 before */
};

static int update_alert(const char *upn, uint32_t seq, const struct zt_alert_value *a, void *arg)
{
    struct update *u = arg;
    if (a->kind != ZT_ALERT_FAMILY_MEETING || a->raised > u->as_of)
        return 0;
    struct last_step l;
    int rc = read_last(u->txn, upn, seq, &l);
    /* closed and back on track are final: nothing left to derive */
    if (rc || (l.steps && (l.last.stage == ZT_STAGE_CLOSED || l.last.stage == ZT_STAGE_BACK_ON_TRACK)))
        return rc;
    struct derive d = {.raised = a->raised, .until = !a->open && a->resolved < u->as_of ? a->resolved : u->as_of};
    for (int s = 0; s <= ZT_STAGE_CLOSED; s++)
        d.reached[s] = NOT_REACHED;
    rc = zt_meetings_each(u->txn, upn, on_meeting, &d);
    if (rc == 0) /* a sibling's meeting that covered this child counts as its own */
        rc = zt_covering_meetings_each(u->txn, upn, u->as_of, on_meeting, &d);
    if (rc == 0)
        rc = zt_plans_each(u->txn, upn, on_plan, &d);
    if (rc == 0 && !a->open && a->resolved <= u->as_of && d.reached[ZT_STAGE_SUPPORT_IN_PLACE] != NOT_REACHED) {
        zt_date back;
        if (u->back_weeks < 0)
            rc = zt_threshold_get(u->txn, ZT_THR_BACK_ON_TRACK_WEEKS, &u->back_weeks);
        if (rc == 0)
            rc = back_on_track_day(u->txn, upn, a->resolved, u->as_of, u->back_weeks, &back);
        if (rc == 0 && back != NOT_REACHED)
            reach(&d, ZT_STAGE_BACK_ON_TRACK, back);
    }
    if (rc == 0 && !l.steps)
        rc = append(u->txn, upn, seq, &l, ZT_STAGE_OPEN, a->raised, NULL);
    for (uint32_t s = l.last.stage + 1u; rc == 0 && s <= ZT_STAGE_BACK_ON_TRACK; s++)
        if (d.reached[s] != NOT_REACHED)
            rc = append(u->txn, upn, seq, &l, s, d.reached[s], NULL);
    return rc;
}

int zt_stage_update(struct zt_txn *txn, const char *upn, zt_date as_of)
{
    struct update u = {as_of, txn, -1};
    return zt_alerts_each_seq(txn, upn, update_alert, &u);
}

/* --- closing ---------------------------------------------------------------- */

struct open_fm {
    int found;
    uint32_t seq;
};

static int find_open(const char *upn, uint32_t seq, const struct zt_alert_value *a, void *arg)
{
    (void)upn;
    struct open_fm *o = arg;
    if (a->kind == ZT_ALERT_FAMILY_MEETING && a->open)
        o->found = 1, o->seq = seq;
    return 0;
}

int zt_stage_close(struct zt_txn *txn, const char *upn, zt_date on, const char *reason, uint32_t *seq)
{
    struct open_fm o = {0};
    int rc = zt_alerts_each_seq(txn, upn, find_open, &o);
    if (rc)
        return rc;
    if (!o.found)
        return -ENOENT;
    *seq = o.seq;
    struct last_step l;
    if ((rc = read_last(txn, upn, o.seq, &l)))
        return rc;
    if (l.steps && l.last.stage == ZT_STAGE_CLOSED)
        return -EALREADY;
    return append(txn, upn, o.seq, &l, ZT_STAGE_CLOSED, on, reason);
}

/* --- overdue work ----------------------------------------------------------- */

struct reviews {
    zt_date as_of;
    int late;
};

static int on_review(const struct zt_event_key *k, const struct zt_plan_value *p, void *arg)
{
    (void)k;
    struct reviews *r = arg;
    if ((p->status == ZT_PLAN_PLANNED || p->status == ZT_PLAN_ACTIVE) && p->review < r->as_of)
        r->late = 1;
    return 0;
}

int zt_stage_overdue(struct zt_txn *txn, const char *upn, const struct zt_alert_value *a, uint32_t stage,
                     zt_date as_of, uint32_t *bits)
{
    *bits = 0;
    if (!a->open || a->kind != ZT_ALERT_FAMILY_MEETING || stage == ZT_STAGE_CLOSED)
        return 0;
    if (stage < ZT_STAGE_MEETING_HELD && zt_school_days_after(a->raised, as_of) >= ZT_MEETING_DUE_SCHOOL_DAYS)
        *bits |= ZT_OVERDUE_MEETING;
    struct reviews r = {as_of, 0};
    int rc = zt_plans_each(txn, upn, on_review, &r);
    if (r.late)
        *bits |= ZT_OVERDUE_REVIEW;
    return rc;
}
