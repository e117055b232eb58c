#include "erase.h"

#include <errno.h>
#include <string.h>

#include "err.h"
#include "family.h"
#include "meeting_covers.h"
#include "pupil_walk.h"
#include "records.h"

/* ZT_DB_META key: the date from which the daily purge is held. */
#define PURGE_HELD "purge_held"

/* A pupil event key is upn+urn+id; its index key is urn+id, the same bytes
 * without the UPN. */
static int drop_behaviour_index(struct zt_txn *t, const struct zt_val *key, void *arg)
{
    (void)arg;
    return zt_del(t, ZT_DB_BEHAVIOUR_ID, (const uint8_t *)key->data + ZT_UPN_LEN, key->len - ZT_UPN_LEN);
}

static int drop_health_index(struct zt_txn *t, const struct zt_val *key, void *arg)
{
    (void)arg;
    return zt_del(t, ZT_DB_HEALTH_ID, (const uint8_t *)key->data + ZT_UPN_LEN, key->len - ZT_UPN_LEN);
}

int zt_erase_pupil(struct zt_txn *txn, const char *upn, uint32_t *records)
{
    static const struct {
        enum zt_db db;
        zt_key_fn also;
    } by_pupil[] = {
        {ZT_DB_ROLL, NULL},
        {ZT_DB_BEHAVIOUR, drop_behaviour_index},
        {ZT_DB_ASSESSMENT, NULL}, {ZT_DB_HEALTH, drop_health_index},
        {ZT_DB_ALERT, NULL},      {ZT_DB_LEAVER, NULL},
        {ZT_DB_MEETING, NULL},    {ZT_DB_PLAN, NULL},       {ZT_DB_ALERT_STAGE, NULL},
        {ZT_DB_MOVE, NULL},
    };
    int rc = zt_attendance_del(txn, upn, records);
    if (rc == 0)
        rc = zt_family_erase(txn, upn, records);
    if (rc == 0)
        rc = zt_covers_erase(txn, upn, records);
    if (rc)
        return rc;
    for (size_t i = 0; i < sizeof by_pupil / sizeof by_pupil[0]; i++) {
        int n = zt_del_prefix(txn, by_pupil[i].db, upn, ZT_UPN_LEN, by_pupil[i].also, NULL);
        if (n < 0)
            return n;
        *records += (uint32_t)n;
    }
    return 0;
}

struct leavers {
    zt_date cutoff;
    struct zt_upn_list *out;
    char upn[ZT_UPN_LEN];
    int have, expired; /* the current pupil: seen, and every roll left before cutoff */
};

static int flush_pupil(struct leavers *l)
{
    int rc = l->have && l->expired ? zt_upn_list_add(l->out, l->upn) : 0;
    l->have = 0;
    return rc;
}

/* Roll keys run by pupil: decide each pupil when the next one starts. */
static int on_roll(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct leavers *l = arg;
    struct zt_roll_value r;
    if (k->len != ZT_ROLL_KEY_LEN || zt_value_copy(&r, sizeof r, v->data, v->len))
        return ZT_E_CORRUPT;
    if (!l->have || memcmp(l->upn, k->data, ZT_UPN_LEN) != 0) {
        int rc = flush_pupil(l);
        if (rc)
            return rc;
        memcpy(l->upn, k->data, ZT_UPN_LEN);
        l->have = l->expired = 1;
    }
    if (!r.has_left || r.left_date >= l->cutoff)
        l->expired = 0;
    return 0;
}

int zt_purge(struct zt_txn *txn, zt_date today, int64_t retention_days, int dry_run,
             struct zt_upn_list *out, uint32_t *records)
{
    struct leavers l = {.cutoff = today - (zt_date)retention_days, .out = out};
    int rc = zt_walk(txn, ZT_DB_ROLL, NULL, 0, on_roll, &l);
    if (rc == 0)
        rc = flush_pupil(&l);
    for (size_t i = 0; rc == 0 && !dry_run && i < out->n; i++) {
        char upn[ZT_UPN_LEN + 1];
        rc = zt_erase_pupil(txn, zt_upn_list_get(out, i, upn), records);
    }
    if (rc == 0 && !dry_run)
        rc = zt_del(txn, ZT_DB_META, PURGE_HELD, strlen(PURGE_HELD));
    return rc;
}

int zt_purge_hold(struct zt_txn *txn, zt_date date)
{
    int32_t d = date;
    return zt_put(txn, ZT_DB_META, PURGE_HELD, strlen(PURGE_HELD), &d, sizeof d);
}

int zt_purge_held(struct zt_txn *txn, zt_date *since)
{
    struct zt_val v;
    int32_t d;
    int rc = zt_get(txn, ZT_DB_META, PURGE_HELD, strlen(PURGE_HELD), &v);
    if (rc == 0 && (rc = zt_value_copy(&d, sizeof d, v.data, v.len)) == 0)
        *since = d;
    return rc;
}
