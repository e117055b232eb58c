/* The zone's tipping points: anyone may read them, a coordinator may change
 * one; every pupil is re-evaluated in the same transaction as the change. */
#include <errno.h>
#include <time.h>

#include "err.h"
#include "evaluate.h"
#include "handlers.h"
#include "log.h"
#include "thresholds.h"

static int list_thresholds(struct zt_request *r, struct zt_txn *txn)
{
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    if (rc)
        return rc;
    Zt__ThresholdsReply *tr = zt_arena_alloc(r->arena, sizeof *tr);
    Zt__Threshold **list = zt_arena_alloc(r->arena, ZT_THR_COUNT * sizeof *list);
    Zt__Threshold *items = zt_arena_alloc(r->arena, ZT_THR_COUNT * sizeof *items);
    if (!tr || !list || !items)
        return -ENOMEM;
    zt__thresholds_reply__init(tr);
    for (int i = 0; i < ZT_THR_COUNT; i++) {
        Zt__Threshold *w = &items[i];
        zt__threshold__init(w);
        w->key = (char *)zt_threshold_defs[i].key;
        w->description = (char *)zt_threshold_defs[i].description;
        w->value = t.v[i];
        char who[72];
        int64_t when;
        if (zt_threshold_last_change(txn, i, who, sizeof who, &when) == 0) {
            w->changed_by = zt_arena_strdup(r->arena, who);
            w->has_changed_at = 1;
            w->changed_at = when;
        }
        list[i] = w;
    }
    tr->thresholds = list;
    tr->n_thresholds = ZT_THR_COUNT;
    r->resp->body_case = ZT__RESPONSE__BODY_THRESHOLDS;
    r->resp->thresholds = tr;
    return 0;
}

void zt_handle_thresholds(struct zt_request *r)
{
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = list_thresholds(r, txn);
        zt_txn_end(txn);
    }
    if (rc)
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read thresholds: %s", zt_strerror(rc));
}

struct set_job {
    int id;
    int64_t value;
    const char *who;
    zt_date as_of;
    struct zt_evaluation evaluation;
};

static int set_txn(struct zt_txn *txn, void *arg)
{
    struct set_job *j = arg;
    struct zt_thresholds t;
    int rc = zt_threshold_set(txn, j->id, j->value, j->who, (int64_t)time(NULL));
    if (rc == 0)
        rc = zt_thresholds_load(txn, &t);
    return rc ? rc : zt_evaluate_all(txn, j->as_of, &t, &j->evaluation);
}

void zt_handle_set_threshold(struct zt_request *r, const Zt__ThresholdSet *s)
{
    if (!zt_require_coordinator(r, "changing the zone's tipping points"))
        return;
    int id = zt_threshold_find(s->key);
    if (id < 0) { /* the user's input: name what they could have meant */
        char keys[ZT_THR_COUNT * 32];
        size_t n = 0;
        for (int i = 0; i < ZT_THR_COUNT; i++)
            n += (size_t)snprintf(keys + n, sizeof keys - n, "%s%s", i ? ", " : "", zt_threshold_defs[i].key);
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "no tipping point is called '%.40s'; the keys are %s",
                       s->key, keys);
        return;
    }
    const struct zt_threshold_def *d = &zt_threshold_defs[id];
    struct set_job j = {id, s->value, r->who->name, zt_zone_as_of(r->zone), {0}};
    int rc = zt_store_write(r->zone->store, set_txn, &j);
    if (rc == -EINVAL) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID,
                       "%s must be from %lld to %lld, and amber must come before red", d->key,
                       (long long)d->min, (long long)d->max);
        return;
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot change %s: %s", d->key, zt_strerror(rc));
        return;
    }
    zt_info("%s set %s = %lld; re-evaluated %zu pupils: %zu alerts opened, %zu resolved", r->who->name, d->key,
            (long long)s->value, j.evaluation.pupils, j.evaluation.alerts.opened, j.evaluation.alerts.resolved);
    zt_handle_thresholds(r);
    if (r->resp->body_case != ZT__RESPONSE__BODY_THRESHOLDS)
        return; /* the list could not be read: the error is the answer */
    Zt__ThresholdsReply *tr = r->resp->thresholds;
    tr->has_pupils_evaluated = tr->has_alerts_opened = tr->has_alerts_resolved = 1;
    tr->pupils_evaluated = (uint32_t)j.evaluation.pupils;
    tr->alerts_opened = (uint32_t)j.evaluation.alerts.opened;
    tr->alerts_resolved = (uint32_t)j.evaluation.alerts.resolved;
}
