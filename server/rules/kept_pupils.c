#include "kept_pupils.h"

#include <stdlib.h>
#include <string.h>

#include "kept.h"
#include "records.h"

struct zt_kept_pupils {
    struct zt_kept *table; /* upn -> struct zt_kept_pupil, made on first use */
    size_t max_slots;      /* the table's bound: twice the pupils kept, a power of two */
    int month_max;         /* the latest month ever kept */
};

/* An attendance record's month slot of its pupil's entry. */
static void forget_month(struct zt_kept_pupils *k, const uint8_t *key)
{
    int month = zt_key_attendance_month(key);
    if (month > k->month_max)
        return; /* a month never kept, such as today's: no lookup */
    const uint8_t *upn = zt_key_attendance_upn(key);
    struct zt_kept_pupil kp;
    struct zt_kept_month *slot = &kp.month[month % ZT_KEPT_MONTH_SLOTS];
    if (zt_kept_get(k->table, upn, &kp) && slot->tag == month + 1) {
        slot->tag = 0;
        zt_kept_put(k->table, upn, &kp);
    }
}

/* What a pupil's incidents, health events and assessments add. */
static void forget_events(struct zt_kept_pupils *k, const uint8_t *upn)
{
    struct zt_kept_pupil kp;
    if (zt_kept_get(k->table, upn, &kp) && kp.events_known) {
        kp.events_known = 0;
        zt_kept_put(k->table, upn, &kp);
    }
}

/* The store's watcher: what a write to db changes of a pupil's entry. A
 * key too short to name a pupil (a range) forgets everyone. */
static void on_write(void *ctx, enum zt_db db, const void *key, size_t klen)
{
    struct zt_kept_pupils *k = ctx;
    int attendance = db == ZT_DB_ATTENDANCE;
    if (!k->table)
        return;
    if (klen < (attendance ? ZT_ATT_PREFIX_LEN : ZT_UPN_LEN))
        zt_kept_clear(k->table);
    else if (attendance)
        forget_month(k, key);
    else
        forget_events(k, key); /* their keys start with the upn */
}

static void on_abort(void *ctx)
{
    struct zt_kept_pupils *k = ctx;
    if (k->table)
        zt_kept_clear(k->table);
}

static void on_close(void *ctx)
{
    struct zt_kept_pupils *k = ctx;
    zt_kept_free(k->table);
    free(k);
}

struct zt_kept_pupils *zt_kept_pupils_watch(struct zt_store *s, size_t max_pupils)
{
    struct zt_kept_pupils *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->max_slots = 2; /* a table is kept half full at most */
    while (k->max_slots < 2 * max_pupils && k->max_slots < ((size_t)1 << 30))
        k->max_slots *= 2;
    /* the databases an entry is derived from */
    struct zt_store_watcher w = {
        .ctx = k,
        .dbs = ZT_DB_BIT(ZT_DB_ATTENDANCE) | ZT_DB_BIT(ZT_DB_BEHAVIOUR) |
               ZT_DB_BIT(ZT_DB_ASSESSMENT) | ZT_DB_BIT(ZT_DB_HEALTH),
        .on_write = on_write,
        .on_abort = on_abort,
        .on_close = on_close,
    };
    zt_store_watch(s, &w);
    return k;
}

int zt_kept_pupil_get(struct zt_txn *t, const char *upn, struct zt_kept_pupil *out)
{
    struct zt_kept_pupils *k = zt_txn_watcher(t, on_write);
    if (!k || (!k->table && !(k->table = zt_kept_new(ZT_UPN_LEN, sizeof *out, k->max_slots))))
        return -1;
    if (zt_kept_get(k->table, upn, out))
        return 1;
    memset(out, 0, sizeof *out);
    return 0;
}

void zt_kept_pupil_put(struct zt_txn *t, const char *upn, const struct zt_kept_pupil *kp)
{
    struct zt_kept_pupils *k = zt_txn_watcher(t, on_write);
    if (!k || !k->table)
        return;
    for (int i = 0; i < ZT_KEPT_MONTH_SLOTS; i++)
        if (kp->month[i].tag && kp->month[i].tag - 1 > k->month_max)
            k->month_max = kp->month[i].tag - 1;
    zt_kept_put(k->table, upn, kp);
}

size_t zt_kept_pupils_count(const struct zt_kept_pupils *k)
{
    return k && k->table ? zt_kept_count(k->table) : 0;
}
