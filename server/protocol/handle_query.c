/* Reads: the alert listing and one pupil's record. A school sees the alerts
 * of pupils whose current school it is, and the record of those it reads
 * (server/protocol/pupil_access.c); a coordinator sees everything. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts.h"
#include "audit.h"
#include "err.h"
#include "figures.h"
#include "handlers.h"
#include "log.h"
#include "pupil_history.h"
#include "pupil_walk.h"
#include "status.h"
#include "support_wire.h"
#include "thresholds.h"
#include "upn.h"
#include "wire.h"

struct alert_list {
    uint32_t school; /* 0 = every school */
    int kind;        /* 0 = every kind */
    int all;
    int rewound; /* zoned --rewind: the history as it stood on the zone's date */
    struct zt_alert_wire_list wire;
};

static int add_alert(const char *upn, uint32_t seq, const struct zt_alert_value *stored, void *arg)
{
    struct alert_list *l = arg;
    struct zt_alert_value replayed = *stored, *a = &replayed;
    if (l->rewound) { /* the history as it stood on the rewound date */
        if (a->raised > l->wire.as_of)
            return 0;
        if (zt_alert_open_on(a, l->wire.as_of))
            a->open = 1, a->resolved = 0;
    }
    if ((!a->open && !l->all) || (l->school && a->school != l->school) || (l->kind && a->kind != l->kind))
        return 0;
    return zt_alert_wire_add(upn, seq, a, &l->wire);
}

void zt_handle_alerts(struct zt_request *r, const Zt__AlertsQuery *q)
{
    struct alert_list l = {.all = q->has_all && q->all, .rewound = r->zone->rewind,
                           .wire = {.arena = r->arena, .as_of = zt_zone_as_of(r->zone)}};
    if (q->has_kind)
        l.kind = q->kind;
    if (r->who->role == ZT_ROLE_SCHOOL) {
        if (q->has_school && q->school != r->who->urn) {
            zt_reply_forbidden(r, "reading another school's alerts");
            return;
        }
        l.school = r->who->urn;
    } else if (q->has_school) {
        l.school = q->school;
    }
    struct zt_txn *txn;
    uint32_t *stale = NULL;
    size_t nstale = 0;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        l.wire.txn = txn;
        rc = zt_alerts_of_school(txn, l.school, !l.all && !l.rewound, add_alert, &l);
        if (rc == 0)
            rc = zt_stale_schools(txn, (int64_t)time(NULL), &stale, &nstale);
        zt_txn_end(txn);
    }
    Zt__AlertsReply *ar = zt_arena_alloc(r->arena, sizeof *ar);
    uint32_t *stale_copy = zt_arena_alloc(r->arena, (nstale + 1) * sizeof *stale_copy);
    if (rc || !ar || !stale_copy) {
        free(stale);
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read alerts: %s", zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    if (nstale)
        memcpy(stale_copy, stale, nstale * sizeof *stale);
    free(stale);
    if (!zt_require_audit(r, "listed %zu alerts%s", l.wire.n, l.all ? " (with resolved)" : ""))
        return;
    zt__alerts_reply__init(ar);
    ar->stale_schools = stale_copy;
    ar->n_stale_schools = nstale;
    ar->alerts = l.wire.items;
    ar->n_alerts = l.wire.n;
    ar->as_of = zt_zone_as_of(r->zone);
    r->resp->body_case = ZT__RESPONSE__BODY_ALERTS;
    r->resp->alerts = ar;
}

/* --- one pupil ------------------------------------------------------------ */

struct pupil_view {
    struct zt_arena *arena;
    Zt__PupilReply *reply;
    size_t cap_rolls;
    Zt__RecordCounts *counts;
};

static void count_date(Zt__RecordCounts *c, zt_date d)
{
    if (!c->has_first_date || d < c->first_date)
        c->first_date = d, c->has_first_date = 1;
    if (!c->has_last_date || d > c->last_date)
        c->last_date = d, c->has_last_date = 1;
}

static int on_roll(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct pupil_view *pv = arg;
    Zt__PupilReply *rep = pv->reply;
    struct zt_roll_value rv;
    if (k->len != ZT_ROLL_KEY_LEN || zt_value_copy(&rv, sizeof rv, v->data, v->len))
        return ZT_E_CORRUPT;
    if (!(rep->rolls = zt_arena_grow(pv->arena, rep->rolls, rep->n_rolls, &pv->cap_rolls, sizeof *rep->rolls)))
        return -ENOMEM;
    Zt__RollEntry *e = zt_roll_to_wire(rep->upn, zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN), &rv,
                                       pv->arena);
    if (!e)
        return -ENOMEM;
    rep->rolls[rep->n_rolls++] = e;
    return 0;
}

static int on_attendance(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct pupil_view *pv = arg;
    const uint8_t *kb = k->data, *codes = v->data;
    if (k->len != ZT_ATT_KEY_LEN || v->len != ZT_MONTH_SLOTS)
        return ZT_E_CORRUPT;
    zt_date first = zt_month_index_first_day(zt_key_attendance_month(kb));
    for (int slot = 0; slot < ZT_MONTH_SLOTS; slot++)
        if (codes[slot]) {
            pv->counts->attendance_marks++;
            count_date(pv->counts, first + slot / 2);
        }
    return 0;
}

static int on_behaviour(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)k;
    struct pupil_view *pv = arg;
    struct zt_behaviour_value b;
    if (zt_value_copy(&b, sizeof b, v->data, v->len))
        return ZT_E_CORRUPT;
    pv->counts->behaviour++;
    count_date(pv->counts, b.date);
    return 0;
}

static int on_health(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)k;
    struct pupil_view *pv = arg;
    struct zt_health_value h;
    if (zt_value_copy(&h, sizeof h, v->data, v->len))
        return ZT_E_CORRUPT;
    pv->counts->health++;
    count_date(pv->counts, h.date);
    return 0;
}

static int on_assessment(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    struct pupil_view *pv = arg;
    if (k->len != ZT_ASSESS_KEY_LEN)
        return ZT_E_CORRUPT;
    pv->counts->assessments++;
    count_date(pv->counts, zt_key_assessment_date(k->data));
    return 0;
}

static void indicators_to_wire(Zt__Indicators *w, const struct zt_figures *f,
                               const struct zt_verdict *v)
{
    zt__indicators__init(w);
    w->possible_sessions = f->possible;
    w->present_sessions = f->present;
    w->unauthorised_sessions = f->unauthorised;
    w->attendance = (Zt__Colour)v->attendance;
    w->behaviour_points_28d = f->behaviour_points_recent;
    w->suspensions_ytd = f->suspensions_ytd;
    w->permanent_exclusions_ytd = f->permanent_exclusions_ytd;
    w->behaviour = (Zt__Colour)v->behaviour;
    w->health_sessions_28d = f->health_sessions_recent;
    w->high_health_events_ytd = f->high_health_ytd;
    w->medium_health_events_28d = f->medium_health_recent;
    w->health = (Zt__Colour)v->health;
    w->below = v->below;
    w->has_latest_maths_step = f->latest_step[1] != 0;
    w->latest_maths_step = f->latest_step[1];
}

/* with_alerts: alerts are the current school's alone (an earlier school of
 * a dual registration reads the rest). */
static int read_pupil(struct zt_txn *txn, struct pupil_view *pv, zt_date as_of, int with_alerts)
{
    Zt__PupilReply *rep = pv->reply;
    const char *upn = rep->upn;
    static const struct zt_pupil_walkers w = {
        .roll = on_roll, .attendance = on_attendance, .behaviour = on_behaviour,
        .assessment = on_assessment, .health = on_health};
    struct zt_alert_wire_list alerts = {txn, as_of, pv->arena, NULL, 0, 0};
    int rc = zt_pupil_walk(txn, upn, &w, pv);
    if (rc == 0 && with_alerts)
        rc = zt_alerts_each_seq(txn, upn, zt_alert_wire_add, &alerts);
    rep->alerts = alerts.items;
    rep->n_alerts = alerts.n;
    struct zt_thresholds t;
    struct zt_figures f;
    struct zt_verdict v;
    if (rc == 0)
        rc = zt_thresholds_load(txn, &t);
    if (rc == 0)
        rc = zt_figures_gather(txn, upn, as_of, t.v[ZT_THR_WINDOW_DAYS], &f);
    if (rc == 0) {
        zt_tipping_decide(&f, &t, &v);
        indicators_to_wire(rep->indicators, &f, &v);
    }
    return rc;
}

void zt_handle_pupil(struct zt_request *r, const Zt__PupilQuery *q)
{
    if (!zt_require_upn(r, q->upn))
        return;
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "%s", zt_strerror(rc));
        return;
    }
    uint32_t school = 0;
    rc = zt_pupil_readable(r, txn, q->upn, &school);
    Zt__PupilReply *rep = zt_arena_alloc(r->arena, sizeof *rep);
    Zt__RecordCounts *counts = zt_arena_alloc(r->arena, sizeof *counts);
    Zt__Indicators *ind = zt_arena_alloc(r->arena, sizeof *ind);
    if (rc == 0 && (!rep || !counts || !ind))
        rc = -ENOMEM;
    if (rc == 0) {
        zt__pupil_reply__init(rep);
        zt__record_counts__init(counts);
        rep->upn = zt_arena_strdup(r->arena, q->upn);
        rep->current_school = school;
        rep->counts = counts;
        rep->indicators = ind;
        rep->as_of = zt_zone_as_of(r->zone);
        struct pupil_view pv = {.arena = r->arena, .reply = rep, .counts = counts};
        rc = read_pupil(txn, &pv, rep->as_of, r->who->role != ZT_ROLE_SCHOOL || school == r->who->urn);
    }
    if (rc == 0 && q->has_history && q->history) /* the family's pages (client/agent/pack.c) */
        rc = zt_pupil_history(txn, rep->upn, rep->as_of, r->arena, &rep->history);
    zt_txn_end(txn);
    if (rc == -EPERM || rc == -ENOENT)
        zt_reply_pupil_unreadable(r, rc, q->upn, "reading");
    else if (rc)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read pupil: %s", zt_strerror(rc));
    else if (zt_require_audit(r, "read pupil %s", q->upn)) {
        r->resp->body_case = ZT__RESPONSE__BODY_PUPIL;
        r->resp->pupil = rep;
    }
}
