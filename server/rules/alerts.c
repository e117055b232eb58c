#include "alerts.h"

#include <stddef.h>
#include <string.h>

#include "err.h"

struct pupil_alerts {
    uint32_t max_seq;
    int family_meeting; /* alerts of that kind, open or resolved */
    int n;
    uint32_t seq[8];                 /* open alerts: at most one per kind */
    struct zt_alert_value open[8];
};

static int collect_open(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct pupil_alerts *pa = arg;
    struct zt_alert_value a;
    if (k->len != ZT_ALERT_KEY_LEN || zt_value_copy(&a, sizeof a, v->data, v->len))
        return ZT_E_CORRUPT;
    uint32_t seq = zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN);
    if (seq > pa->max_seq)
        pa->max_seq = seq;
    pa->family_meeting += a.kind == ZT_ALERT_FAMILY_MEETING;
    if (a.open && pa->n == sizeof pa->seq / sizeof pa->seq[0])
        return ZT_E_CORRUPT; /* at most one open per kind: more means a broken store */
    if (a.open) {
        pa->seq[pa->n] = seq;
        pa->open[pa->n++] = a;
    }
    return 0;
}

static int put_alert(struct zt_txn *txn, const char *upn, uint32_t seq, const struct zt_alert_value *a)
{
    uint8_t key[ZT_ALERT_KEY_LEN];
    zt_key_alert(key, upn, seq);
    return zt_put(txn, ZT_DB_ALERT, key, sizeof key, a, sizeof *a);
}

/* The alert's current content; raised date and kind are kept by the caller. */
static void fill(struct zt_alert_value *a, uint32_t school, zt_date as_of,
                 const struct zt_verdict *v, const struct zt_figures *f)
{
    a->school = school;
    a->updated = as_of;
    a->reasons = (uint8_t)v->reasons;
    a->below = (uint8_t)v->below;
    a->possible = f->possible;
    a->present = f->present;
    a->behaviour_points_28d = f->behaviour_points_recent;
    a->health_sessions_28d = f->health_sessions_recent;
}

/* Same content apart from the evaluation date. */
static int same_content(const struct zt_alert_value *x, const struct zt_alert_value *y)
{
    struct zt_alert_value a = *x, b = *y;
    a.updated = b.updated = 0;
    return memcmp(&a, &b, sizeof a) == 0;
}

int zt_alerts_reconcile(struct zt_txn *txn, const char *upn, uint32_t school, zt_date as_of,
                        const struct zt_verdict *v, const struct zt_figures *f, struct zt_alert_changes *changes)
{
    struct zt_alert_changes ignored = {0};
    if (!changes)
        changes = &ignored;
    struct pupil_alerts pa = {0};
    int rc = zt_walk(txn, ZT_DB_ALERT, upn, ZT_UPN_LEN, collect_open, &pa);
    int kept = 0;
    for (int i = 0; rc == 0 && i < pa.n; i++) {
        struct zt_alert_value a = pa.open[i];
        if (a.kind == v->kind && !kept) {
            kept = 1;
            fill(&a, school, as_of, v, f);
            if (!same_content(&a, &pa.open[i]))
                rc = put_alert(txn, upn, pa.seq[i], &a);
        } else {
            a.open = 0;
            a.resolved = as_of;
            rc = put_alert(txn, upn, pa.seq[i], &a);
            changes->resolved++;
        }
    }
    if (rc == 0 && v->kind && !kept) {
        struct zt_alert_value a = {.kind = (uint8_t)v->kind, .open = 1, .raised = as_of};
        fill(&a, school, as_of, v, f);
        rc = put_alert(txn, upn, pa.max_seq + 1, &a);
        changes->opened++;
        pa.family_meeting += a.kind == ZT_ALERT_FAMILY_MEETING;
    }
    return rc ? rc : pa.family_meeting;
}

struct each {
    zt_alert_fn fn;
    zt_alert_seq_fn seq_fn; /* used when fn is NULL */
    void *arg;
    uint32_t school; /* 0: every school */
    int open_only;
};

/* Whether the stored value (its length already checked) is one the walk
 * skips: read in place, so the zone's other alerts cost no copy. */
static int passed_over(const struct each *e, const struct zt_val *v)
{
    const uint8_t *b = v->data;
    uint32_t school;
    memcpy(&school, b + offsetof(struct zt_alert_value, school), sizeof school);
    return (e->school && school != e->school) || (e->open_only && !b[offsetof(struct zt_alert_value, open)]);
}

static int on_alert(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct each *e = arg;
    struct zt_alert_value a;
    char upn[ZT_UPN_LEN + 1];
    if (k->len != ZT_ALERT_KEY_LEN || v->len != sizeof a)
        return ZT_E_CORRUPT;
    if (passed_over(e, v))
        return 0;
    memcpy(&a, v->data, sizeof a);
    memcpy(upn, k->data, ZT_UPN_LEN);
    upn[ZT_UPN_LEN] = '\0';
    if (!e->fn)
        return e->seq_fn(upn, zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN), &a, e->arg);
    return e->fn(upn, &a, e->arg);
}

int zt_alerts_each(struct zt_txn *txn, const char *upn, zt_alert_fn fn, void *arg)
{
    struct each e = {.fn = fn, .arg = arg};
    return zt_walk(txn, ZT_DB_ALERT, upn, upn ? ZT_UPN_LEN : 0, on_alert, &e);
}

int zt_alerts_each_seq(struct zt_txn *txn, const char *upn, zt_alert_seq_fn fn, void *arg)
{
    struct each e = {.seq_fn = fn, .arg = arg};
    return zt_walk(txn, ZT_DB_ALERT, upn, upn ? ZT_UPN_LEN : 0, on_alert, &e);
}

int zt_alerts_of_school(struct zt_txn *txn, uint32_t school, int open_only, zt_alert_seq_fn fn, void *arg)
{
    struct each e = {.seq_fn = fn, .arg = arg, .school = school, .open_only = open_only};
    return zt_walk(txn, ZT_DB_ALERT, NULL, 0, on_alert, &e);
}

int zt_alert_open_on(const struct zt_alert_value *a, zt_date day)
{
    return a->raised <= day && (a->open || a->resolved > day);
}
