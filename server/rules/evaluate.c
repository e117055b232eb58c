#include "evaluate.h"

#include <errno.h>

#include "alerts.h"
#include "err.h"
#include "figures.h"
#include "records.h"
#include "stages.h"
#include "upn_list.h"

static int evaluate_pupil(struct zt_txn *txn, const char *upn, zt_date as_of, const struct zt_thresholds *t,
                          struct zt_alert_changes *changes)
{
    struct zt_pupil_rolls rolls;
    int rc = zt_pupil_rolls_load(txn, upn, as_of, &rolls);
    if (rc || rolls.current < 0)
        return rc; /* on no roll: nothing to evaluate */
    uint32_t school = rolls.p[rolls.current].urn;
    struct zt_figures f;
    struct zt_verdict v;
    if ((rc = zt_figures_gather_rolls(txn, upn, &rolls, t->v[ZT_THR_WINDOW_DAYS], &f)))
        return rc;
    zt_tipping_decide(&f, t, &v);
    rc = zt_alerts_reconcile(txn, upn, school, as_of, &v, &f, changes);
    /* stages are a family_meeting alert's: most pupils have none to walk for */
    return rc > 0 ? zt_stage_update(txn, upn, as_of) : rc;
}

int zt_evaluate_pupil(struct zt_txn *txn, const char *upn, zt_date as_of,
                      const struct zt_thresholds *t)
{
    return evaluate_pupil(txn, upn, as_of, t, NULL);
}

static int evaluate_list(struct zt_txn *txn, struct zt_upn_list *l, zt_date as_of, const struct zt_thresholds *t,
                         struct zt_evaluation *out)
{
    zt_upn_list_unique(l);
    int rc = 0;
    size_t i = 0;
    for (; rc == 0 && i < l->n; i++) {
        char upn[ZT_UPN_LEN + 1];
        rc = evaluate_pupil(txn, zt_upn_list_get(l, i, upn), as_of, t, &out->alerts);
    }
    out->pupils = i;
    return rc;
}

int zt_evaluate_list(struct zt_txn *txn, struct zt_upn_list *l, zt_date as_of,
                     const struct zt_thresholds *t, size_t *evaluated)
{
    struct zt_evaluation e = {0};
    int rc = evaluate_list(txn, l, as_of, t, &e);
    if (evaluated)
        *evaluated = e.pupils;
    return rc;
}

/* Roll keys run by pupil, so one pupil's schools are adjacent. */
static int collect_pupil(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    if (k->len != ZT_ROLL_KEY_LEN)
        return ZT_E_CORRUPT;
    return zt_upn_list_add(arg, k->data);
}

int zt_evaluate_all(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t,
                    struct zt_evaluation *out)
{
    struct zt_evaluation e = {0};
    struct zt_upn_list l = {0};
    int rc = zt_walk(txn, ZT_DB_ROLL, NULL, 0, collect_pupil, &l);
    if (rc == 0)
        rc = evaluate_list(txn, &l, as_of, t, &e);
    zt_upn_list_free(&l);
    if (out)
        *out = e;
    return rc;
}
