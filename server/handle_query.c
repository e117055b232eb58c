/* Reads: the alert listing and one pupil's record. A school sees only pupils
 * whose current school it is; a coordinator sees everything. */
#include <errno.h>
#include <string.h>

#include "alerts.h"
#include "err.h"
#include "figures.h"
#include "handlers.h"
#include "log.h"
#include "thresholds.h"
#include "upn.h"

void zt_alert_to_wire(Zt__Alert *w, const char *upn, const struct zt_alert_value *a,
                      struct zt_arena *arena)
{
    zt__alert__init(w);
    w->upn = zt_arena_strdup(arena, upn);
    w->school = a->school;
    w->kind = (Zt__AlertKind)a->kind;
    w->open = a->open != 0;
    w->raised = a->raised;
    w->has_resolved = !a->open;
    w->resolved = a->resolved;
    w->reasons = a->reasons;
    w->below = a->below;
    w->possible_sessions = a->possible;
    w->present_sessions = a->present;
    w->behaviour_points_28d = a->behaviour_points_28d;
    w->health_sessions_28d = a->health_sessions_28d;
    w->updated = a->updated;
}

/* Returns items, or a larger copy when full; NULL when out of memory. */
static void *grow(struct zt_arena *a, void *items, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *p = zt_arena_alloc(a, ncap * elem);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, items, n * elem);
    *cap = ncap;
    return p;
}

struct alert_list {
    struct zt_arena *arena;
    uint32_t school; /* 0 = every school */
    int kind;        /* 0 = every kind */
    int all;
    Zt__Alert **items;
    size_t n, cap;
};

static int add_alert(const char *upn, const struct zt_alert_value *a, void *arg)
{
    struct alert_list *l = arg;
    if ((!a->open && !l->all) || (l->school && a->school != l->school) || (l->kind && a->kind != l->kind))
        return 0;
    if (!(l->items = grow(l->arena, l->items, l->n, &l->cap, sizeof *l->items)))
        return -ENOMEM;
    Zt__Alert *w = zt_arena_alloc(l->arena, sizeof *w);
    if (!w)
        return -ENOMEM;
    zt_alert_to_wire(w, upn, a, l->arena);
    l->items[l->n++] = w;
    return 0;
}

void zt_handle_alerts(struct zt_request *r, const Zt__AlertsQuery *q)
{
    struct alert_list l = {.arena = r->arena, .all = q->has_all && q->all};
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
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = zt_alerts_each(txn, NULL, add_alert, &l);
        zt_txn_end(txn);
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read alerts: %s", zt_strerror(rc));
        return;
    }
    Zt__AlertsReply *ar = zt_arena_alloc(r->arena, sizeof *ar);
    if (!ar)
        return;
    zt__alerts_reply__init(ar);
    ar->alerts = l.items;
    ar->n_alerts = l.n;
    ar->as_of = zt_zone_as_of(r->zone);
    r->resp->body_case = ZT__RESPONSE__BODY_ALERTS;
    r->resp->alerts = ar;
}

/* --- one pupil ------------------------------------------------------------ */

struct pupil_view {
    struct zt_arena *arena;
    Zt__PupilReply *reply;
    size_t cap_rolls, cap_alerts;
    Zt__RecordCounts *counts;
};

static void count_date(Zt__RecordCounts *c, zt_date d)
{
    if (!c->has_first_date || d < c->first_date)
        c->first_date = d, c->has_first_date = 1;
    if (!c->has_last_date || d > c->last_date)
        c->last_date = d, c->has_last_date = 1;
}

static void pupil_to_wire(Zt__PupilRow *w, const char *upn, const struct zt_roll_value *v,
                          struct zt_arena *a)
{
    zt__pupil_row__init(w);
    w->upn = zt_arena_strdup(a, upn);
    w->year_group = v->year_group;
    w->gender = v->gender;
    w->entry_date = v->entry_date;
    w->has_fsm = v->fsm != 0, w->fsm = v->fsm == 1;
    w->has_ever6 = v->ever6 != 0, w->ever6 = v->ever6 == 1;
    w->has_cic = v->cic != 0, w->cic = v->cic == 1;
    w->has_eal = v->eal != 0, w->eal = v->eal == 1;
    w->has_gifted = v->gifted != 0, w->gifted = v->gifted == 1;
    w->has_sen = v->sen != 0, w->sen = v->sen;
    w->has_ethnicity = v->ethnicity != 0, w->ethnicity = v->ethnicity;
    w->has_idaci_decile = v->idaci_decile != 0, w->idaci_decile = v->idaci_decile;
}

static int on_roll(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct pupil_view *pv = arg;
    Zt__PupilReply *rep = pv->reply;
    struct zt_roll_value rv;
    if (k->len != ZT_ROLL_KEY_LEN || zt_value_copy(&rv, sizeof rv, v->data, v->len))
        return ZT_E_CORRUPT;
    if (!(rep->rolls = grow(pv->arena, rep->rolls, rep->n_rolls, &pv->cap_rolls, sizeof *rep->rolls)))
        return -ENOMEM;
    Zt__RollEntry *e = zt_arena_alloc(pv->arena, sizeof *e);
    Zt__PupilRow *p = zt_arena_alloc(pv->arena, sizeof *p);
    if (!e || !p)
        return -ENOMEM;
    zt__roll_entry__init(e);
    e->school = zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN);
    pupil_to_wire(p, rep->upn, &rv, pv->arena);
    e->pupil = p;
    e->has_left_date = rv.has_left != 0;
    e->left_date = rv.left_date;
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
    count_date(pv->counts, (zt_date)(zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN + 1) ^ 0x80000000u));
    return 0;
}

static int on_pupil_alert(const char *upn, const struct zt_alert_value *a, void *arg)
{
    struct pupil_view *pv = arg;
    Zt__PupilReply *rep = pv->reply;
    if (!(rep->alerts = grow(pv->arena, rep->alerts, rep->n_alerts, &pv->cap_alerts, sizeof *rep->alerts)))
        return -ENOMEM;
    Zt__Alert *w = zt_arena_alloc(pv->arena, sizeof *w);
    if (!w)
        return -ENOMEM;
    zt_alert_to_wire(w, upn, a, pv->arena);
    rep->alerts[rep->n_alerts++] = w;
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

static int read_pupil(struct zt_txn *txn, struct pupil_view *pv, zt_date as_of)
{
    Zt__PupilReply *rep = pv->reply;
    const char *upn = rep->upn;
    int rc = zt_walk(txn, ZT_DB_ROLL, upn, ZT_UPN_LEN, on_roll, pv);
    if (rc == 0)
        rc = zt_attendance_walk_all(txn, upn, on_attendance, pv);
    if (rc == 0)
        rc = zt_walk(txn, ZT_DB_BEHAVIOUR, upn, ZT_UPN_LEN, on_behaviour, pv);
    if (rc == 0)
        rc = zt_walk(txn, ZT_DB_HEALTH, upn, ZT_UPN_LEN, on_health, pv);
    if (rc == 0)
        rc = zt_walk(txn, ZT_DB_ASSESSMENT, upn, ZT_UPN_LEN, on_assessment, pv);
    if (rc == 0)
        rc = zt_alerts_each(txn, upn, on_pupil_alert, pv);
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
    if (zt_upn_invalid(q->upn, strlen(q->upn))) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "not a valid UPN: %.20s", q->upn);
        return;
    }
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "%s", zt_strerror(rc));
        return;
    }
    uint32_t school = 0;
    rc = zt_current_school(txn, q->upn, &school);
    if (rc == 0 && r->who->role == ZT_ROLE_SCHOOL && school != r->who->urn)
        rc = -EPERM;
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
        rc = read_pupil(txn, &pv, rep->as_of);
    }
    zt_txn_end(txn);
    if (rc == -EPERM)
        zt_reply_forbidden(r, "reading a pupil of another school");
    else if (rc == -ENOENT)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "no school in the zone has %s on its roll", q->upn);
    else if (rc)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read pupil: %s", zt_strerror(rc));
    else {
        r->resp->body_case = ZT__RESPONSE__BODY_PUPIL;
        r->resp->pupil = rep;
    }
}
