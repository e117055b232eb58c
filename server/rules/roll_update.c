#include "roll_update.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "err.h"
#include "evaluate.h"
#include "grow.h"
#include "ingest.h"
#include "records.h"
#include "roll_periods.h"
#include "thresholds.h"
#include "upn.h"
#include "upn_list.h"

struct job {
    uint32_t urn;
    const Zt__RollComplete *m;
    zt_date as_of;
    struct zt_roll_result *res;
    struct zt_txn *txn;
    struct zt_upn_list roll;    /* the school's list, sorted */
    struct zt_upn_list leavers; /* UPNs of accepted leaver rows, sorted */
    struct zt_upn_list missing; /* in the zone's roll, not listed, not left */
    struct zt_upn_list touched;
};

static int reject(struct job *j, size_t index, const char *why)
{
    struct zt_roll_result *r = j->res;
    if (zt_grow(&r->rejects, r->nrejects, &r->cap, sizeof *r->rejects, 8))
        return -ENOMEM;
    r->rejects[r->nrejects].index = (uint32_t)index;
    snprintf(r->rejects[r->nrejects++].reason, sizeof r->rejects->reason, "%s", why);
    return 0;
}

/* Marks the roll entry (upn, urn) as left on date with reason; counts it
 * and queues the pupil for evaluation when anything changed. Returns 1
 * changed, 0 unchanged, negative on error. */
static int mark_left(struct job *j, const char *upn, zt_date date, uint8_t reason,
                     const struct zt_roll_value *old)
{
    struct zt_roll_value v = *old;
    v.has_left = 1;
    v.left_date = date;
    v.leaving_reason = reason;
    if (memcmp(&v, old, sizeof v) == 0)
        return 0;
    uint8_t key[ZT_ROLL_KEY_LEN];
    zt_key_roll(key, upn, j->urn);
    int rc = zt_put(j->txn, ZT_DB_ROLL, key, sizeof key, &v, sizeof v);
    if (rc == 0 && (rc = zt_upn_list_add(&j->touched, upn)) == 0)
        j->res->left += !old->has_left;
    return rc ? rc : 1;
}

static const char *leaver_invalid(const Zt__Leaver *l)
{
    const char *why = zt_upn_invalid(l->upn, strlen(l->upn));
    if (why)
        return why;
    if (l->has_reason && (l->reason < 1 || l->reason > (uint32_t)zt_vocab_leaving.count))
        return "reason out of range";
    if (l->has_leaving_date && !zt_ingest_date_ok(l->leaving_date))
        return "leaving_date out of range";
    return NULL;
}

static int apply_leaver(struct job *j, const Zt__Leaver *l, size_t i)
{
    const char *why = leaver_invalid(l);
    if (!why && zt_upn_list_contains(&j->roll, l->upn))
        why = "the pupil is still on the roll (pupils.csv)";
    if (why)
        return reject(j, i, why);
    struct zt_roll_value old;
    int rc = zt_roll_get(j->txn, l->upn, j->urn, &old);
    if (rc == -ENOENT)
        return reject(j, i, "the pupil was never on the school's roll");
    if (rc)
        return rc;
    zt_date date = l->has_leaving_date ? l->leaving_date : old.has_left ? old.left_date : j->as_of;
    if (date < old.entry_date)
        return reject(j, i, "leaving_date is before the pupil's entry_date");
    rc = mark_left(j, l->upn, date, (uint8_t)(l->has_reason ? l->reason : old.leaving_reason), &old);
    if (rc < 0)
        return rc;
    j->res->leavers_stored += rc;
    j->res->leavers_unchanged += !rc;
    return zt_upn_list_add(&j->leavers, l->upn);
}

/* Pupils of this school's roll in the zone, not left, not listed now. */
static int find_missing(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct job *j = arg;
    const uint8_t *kb = k->data;
    struct zt_roll_value r;
    if (k->len != ZT_ROLL_KEY_LEN || zt_value_copy(&r, sizeof r, v->data, v->len))
        return ZT_E_CORRUPT;
    if (zt_get_be32(kb + ZT_UPN_LEN) != j->urn || r.has_left)
        return 0;
    char upn[ZT_UPN_LEN + 1];
    memcpy(upn, kb, ZT_UPN_LEN);
    upn[ZT_UPN_LEN] = '\0';
    if (zt_upn_list_contains(&j->roll, upn) || zt_upn_list_contains(&j->leavers, upn))
        return 0;
    return zt_upn_list_add(&j->missing, upn);
}

/* The walk for missing pupils reads every roll entry of the zone. It finds
 * nothing when this list was checked in full before and no pupil row of the
 * school has been stored since (storing one deletes the record: the entry
 * may be new, or back on the roll). A restored backup restores the record
 * with the entries it describes. */
static void roll_check_of(const struct job *j, struct zt_roll_check_value *v)
{
    memset(v, 0, sizeof *v);
    v->digest = zt_upn_list_digest(&j->roll);
    v->count = (uint32_t)j->roll.n;
}

/* 1 when the check stored for the school is now's, 0 when not, or an error. */
static int checked_before(struct job *j, const uint8_t key[4], const struct zt_roll_check_value *now)
{
    struct zt_roll_check_value was;
    struct zt_val val;
    int rc = zt_get(j->txn, ZT_DB_ROLL_CHECK, key, 4, &val);
    if (rc == -ENOENT)
        return 0;
    if (rc || zt_value_copy(&was, sizeof was, val.data, val.len))
        return rc ? rc : ZT_E_CORRUPT;
    return was.digest == now->digest && was.count == now->count;
}

static int update_txn(struct zt_txn *txn, void *arg)
{
    struct job *j = arg;
    zt_roll_result_free(j->res);
    zt_upn_list_free(&j->leavers);
    zt_upn_list_free(&j->missing);
    zt_upn_list_free(&j->touched);
    j->txn = txn;
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    for (size_t i = 0; rc == 0 && i < j->m->n_leavers; i++)
        rc = apply_leaver(j, j->m->leavers[i], i);
    zt_upn_list_unique(&j->leavers);
    uint8_t check_key[4];
    struct zt_roll_check_value check;
    zt_be32(check_key, j->urn);
    roll_check_of(j, &check);
    int checked = rc == 0 ? checked_before(j, check_key, &check) : 0;
    if (checked < 0)
        rc = checked;
    if (rc == 0 && !checked)
        rc = zt_walk(txn, ZT_DB_ROLL, NULL, 0, find_missing, j);
    for (size_t i = 0; rc == 0 && i < j->missing.n; i++) {
        char upn[ZT_UPN_LEN + 1];
        struct zt_roll_value old;
        zt_upn_list_get(&j->missing, i, upn);
        if ((rc = zt_roll_get(j->txn, upn, j->urn, &old)) == 0)
            rc = mark_left(j, upn, j->as_of, 0, &old);
        rc = rc > 0 ? 0 : rc;
    }
    if (rc == 0 && !checked)
        rc = zt_put(txn, ZT_DB_ROLL_CHECK, check_key, sizeof check_key, &check, sizeof check);
    if (rc == 0)
        rc = zt_evaluate_list(txn, &j->touched, j->as_of, &t, &j->res->pupils_evaluated);
    return rc;
}

int zt_roll_update(struct zt_store *s, uint32_t urn, const Zt__RollComplete *m, zt_date as_of,
                   struct zt_roll_result *res)
{
    memset(res, 0, sizeof *res);
    if (m->n_upns == 0)
        return -EINVAL;
    struct job j = {.urn = urn, .m = m, .as_of = as_of, .res = res};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < m->n_upns; i++)
        rc = zt_upn_invalid(m->upns[i], strlen(m->upns[i])) ? -EINVAL : zt_upn_list_add(&j.roll, m->upns[i]);
    zt_upn_list_unique(&j.roll);
    if (rc == 0)
        rc = zt_store_write(s, update_txn, &j);
    zt_upn_list_free(&j.roll);
    zt_upn_list_free(&j.leavers);
    zt_upn_list_free(&j.missing);
    zt_upn_list_free(&j.touched);
    return rc;
}

void zt_roll_result_free(struct zt_roll_result *res)
{
    free(res->rejects);
    memset(res, 0, sizeof *res);
}
