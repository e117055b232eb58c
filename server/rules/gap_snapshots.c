#include "gap_snapshots.h"

#include <errno.h>
#include <string.h>

#include "err.h"
#include "records.h"
#include "region_outbox.h"

/* Last teaching day of each half-term (most English local authorities). */
const char *const zt_half_term_ends[] = {
    "2025-10-24", "2025-12-19", "2026-02-13", "2026-03-27", "2026-05-22", "2026-07-22",
    "2026-10-23", "2026-12-18", "2027-02-12", "2027-03-26", "2027-05-28", "2027-07-21",
};
const size_t zt_half_term_count = sizeof zt_half_term_ends / sizeof zt_half_term_ends[0];

#define SNAP_KEY_LEN 8

static void snap_key(uint8_t *k, zt_date d, uint32_t urn)
{
    zt_put_date_key(k, d);
    zt_be32(k + 4, urn);
}

static int delete_date(struct zt_txn *txn, zt_date d)
{
    uint8_t prefix[4];
    zt_put_date_key(prefix, d);
    int n = zt_del_prefix(txn, ZT_DB_SNAPSHOT, prefix, sizeof prefix, NULL, NULL);
    return n < 0 ? n : 0;
}

static size_t pupils_of(const struct zt_gap_table *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += t->schools[i].cell.all.pupils;
    return n;
}

static int store_table(struct zt_txn *txn, zt_date date, const struct zt_gap_table *t)
{
    int rc = delete_date(txn, date);
    for (size_t i = 0; rc == 0 && i < t->n; i++) {
        uint8_t key[SNAP_KEY_LEN];
        snap_key(key, date, t->schools[i].urn);
        rc = zt_put(txn, ZT_DB_SNAPSHOT, key, sizeof key, &t->schools[i].cell,
                    sizeof t->schools[i].cell);
    }
    /* the region's copy, in the same transaction: sent later, never lost */
    return rc ? rc : zt_region_outbox_put(txn, date, t);
}

int zt_gap_snapshot_take(struct zt_txn *txn, zt_date date, const struct zt_thresholds *t,
                         size_t *pupils)
{
    struct zt_gap_table table;
    int rc = zt_gaps_compute(txn, date, t, 0, &table);
    if (rc)
        return rc;
    rc = store_table(txn, date, &table);
    if (pupils)
        *pupils = pupils_of(&table);
    zt_gap_table_free(&table);
    return rc;
}

static int any_record(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)k, (void)v, (void)arg;
    return 1;
}

int zt_gap_snapshots_due(struct zt_txn *txn, zt_date as_of, const struct zt_thresholds *t,
                         zt_date *taken, size_t max, size_t *ntaken)
{
    *ntaken = 0;
    for (size_t i = 0; i < zt_half_term_count; i++) {
        zt_date d;
        if (zt_date_parse(zt_half_term_ends[i], 10, &d) || d > as_of)
            continue;
        uint8_t prefix[4];
        zt_put_date_key(prefix, d);
        int rc = zt_walk(txn, ZT_DB_SNAPSHOT, prefix, sizeof prefix, any_record, NULL);
        if (rc < 0)
            return rc;
        if (rc == 1)
            continue; /* taken already */
        struct zt_gap_table table;
        if ((rc = zt_gaps_compute(txn, d, t, 0, &table)))
            return rc;
        if (pupils_of(&table) > 0) {
            rc = store_table(txn, d, &table);
            if (rc == 0 && *ntaken < max)
                taken[(*ntaken)++] = d;
        }
        zt_gap_table_free(&table);
        if (rc)
            return rc;
    }
    return 0;
}

struct each {
    uint32_t only_school;
    zt_snapshot_fn fn;
    void *arg;
    zt_date date;
    int have;
    struct zt_gap_table table;
};

static int flush(struct each *e)
{
    int rc = e->have ? e->fn(e->date, &e->table, e->arg) : 0;
    zt_gap_table_free(&e->table);
    e->have = 0;
    return rc;
}

/* A snapshot stored before the later groups were added (they are kept last
 * in enum zt_gap_group) is a prefix of today's cell: read with them empty. */
static int cell_copy(struct zt_gap_cell *c, const void *data, size_t len)
{
    size_t head = sizeof c->all, one = sizeof c->group[0];
    if (len > sizeof *c || len < head + one || (len - head) % one)
        return ZT_E_CORRUPT;
    memset(c, 0, sizeof *c);
    memcpy(c, data, len);
    return 0;
}

static int on_snapshot(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct each *e = arg;
    if (k->len != SNAP_KEY_LEN)
        return ZT_E_CORRUPT;
    const uint8_t *kb = k->data;
    zt_date d = zt_get_date_key(kb);
    uint32_t urn = zt_get_be32(kb + 4);
    int rc;
    if (e->have && d != e->date && (rc = flush(e)))
        return rc;
    e->date = d;
    e->have = 1;
    if (e->only_school && urn != e->only_school)
        return 0;
    struct zt_gap_school *s = zt_gap_table_school(&e->table, urn);
    if (!s)
        return -ENOMEM;
    return cell_copy(&s->cell, v->data, v->len);
}

int zt_gap_snapshots_each(struct zt_txn *txn, uint32_t only_school, zt_snapshot_fn fn, void *arg)
{
    struct each e = {.only_school = only_school, .fn = fn, .arg = arg};
    int rc = zt_walk(txn, ZT_DB_SNAPSHOT, NULL, 0, on_snapshot, &e);
    int frc = rc == 0 ? flush(&e) : (zt_gap_table_free(&e.table), 0);
    return rc ? rc : frc;
}
