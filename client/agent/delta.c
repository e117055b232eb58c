#include "delta.h"

#include "protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#define ROWS_BUCKETS_PER_CALL 8 /* keeps each answer well under the frame limit */

/* The zone's summary, or *known when the zone still holds the last batch
 * it acknowledged to us (then it holds everything the state records). */
static int ask_summary(struct zt_link *l, const struct zt_state *st, struct zt_sync_buckets *zone,
                       int *known, char *err, size_t errlen)
{
    Zt__SyncSummaryQuery q = ZT__SYNC_SUMMARY_QUERY__INIT;
    uint8_t last[ZT_BATCH_ID_LEN];
    if (zt_state_last_batch(st, last) == 0) {
        q.has_last_batch = 1;
        q.last_batch.data = last;
        q.last_batch.len = sizeof last;
    }
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SYNC_SUMMARY;
    req.sync_summary = &q;
    Zt__Response *resp;
    if (zt_link_call(l, &req, ZT__RESPONSE__BODY_SYNC_SUMMARY, &resp, err, errlen))
        return -1;
    int rc = 0;
    *known = resp->sync_summary->has_last_batch_known && resp->sync_summary->last_batch_known;
    for (size_t i = 0; rc == 0 && i < resp->sync_summary->n_buckets; i++) {
        const Zt__SyncBucket *b = resp->sync_summary->buckets[i];
        if ((rc = zt_sync_buckets_add_n(zone, (uint8_t)b->kind, b->month, b->count, b->digest)))
            snprintf(err, errlen, "out of memory");
    }
    zt__response__free_unpacked(resp, NULL);
    return rc ? -1 : 0;
}

static int differ(const struct zt_sync_bucket *a, const struct zt_sync_bucket *b)
{
    return !a || !b || a->count != b->count || a->digest != b->digest;
}

/* Buckets in either summary whose count or digest sum differ. */
static int disagreeing(const struct zt_sync_buckets *zone, const struct zt_sync_buckets *ours,
                       struct zt_sync_buckets *out)
{
    const struct zt_sync_buckets *sides[2] = {zone, ours};
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < sides[s]->n; i++) {
            const struct zt_sync_bucket *b = &sides[s]->b[i];
            if (differ(zt_sync_buckets_find(zone, b->kind, b->month), zt_sync_buckets_find(ours, b->kind, b->month)) &&
                !zt_sync_buckets_find(out, b->kind, b->month) && zt_sync_buckets_add(out, b->kind, b->month, 0))
                return -1;
        }
    return 0;
}

struct rows {
    struct zt_state_entry *e;
    size_t n, cap;
};

static int take_rows(const Zt__SyncRowsReply *rep, struct rows *out)
{
    for (size_t i = 0; i < rep->n_rows; i++) {
        const Zt__SyncRow *r = rep->rows[i];
        if (r->key.len == 0 || r->key.len > ZT_SYNC_KEY_MAX ||
            (r->has_codes && r->codes.len != ZT_SYNC_SLOTS))
            continue; /* not a unit we know: the next run asks again */
        if (zt_grow(&out->e, out->n, &out->cap, sizeof *out->e, 256))
            return -1;
        struct zt_state_entry *e = &out->e[out->n++];
        memset(e, 0, sizeof *e);
        memcpy(e->key, r->key.data, r->key.len);
        e->klen = (uint8_t)r->key.len;
        e->month = r->month;
        e->digest = r->digest;
        if ((e->has_codes = r->has_codes))
            memcpy(e->codes, r->codes.data, ZT_SYNC_SLOTS);
        zt_state_entry_upn(e, r->upn);
    }
    return 0;
}

static int ask_rows(struct zt_link *l, const struct zt_sync_bucket *b, size_t n, struct rows *out,
                    char *err, size_t errlen)
{
    Zt__SyncBucket items[ROWS_BUCKETS_PER_CALL], *list[ROWS_BUCKETS_PER_CALL];
    for (size_t i = 0; i < n; i++) {
        zt__sync_bucket__init(&items[i]);
        items[i].kind = b[i].kind;
        items[i].month = b[i].month;
        list[i] = &items[i];
    }
    Zt__SyncRowsQuery q = ZT__SYNC_ROWS_QUERY__INIT;
    q.buckets = list;
    q.n_buckets = n;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SYNC_ROWS;
    req.sync_rows = &q;
    Zt__Response *resp;
    if (zt_link_call(l, &req, ZT__RESPONSE__BODY_SYNC_ROWS, &resp, err, errlen))
        return -1;
    int rc = 0;
    if (take_rows(resp->sync_rows, out)) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    zt__response__free_unpacked(resp, NULL);
    return rc;
}

int zt_delta_reconcile(struct zt_link *l, struct zt_state *st, size_t *repaired, char *err,
                       size_t errlen)
{
    struct zt_sync_buckets zone = {0}, ours = {0}, bad = {0};
    struct rows rows = {0};
    *repaired = 0;
    int known = 0;
    int rc = ask_summary(l, st, &zone, &known, err, errlen);
    if (rc == 0 && !known && (zt_state_summary(st, &ours) || disagreeing(&zone, &ours, &bad))) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < bad.n; i += ROWS_BUCKETS_PER_CALL) {
        size_t n = bad.n - i < ROWS_BUCKETS_PER_CALL ? bad.n - i : ROWS_BUCKETS_PER_CALL;
        rc = ask_rows(l, &bad.b[i], n, &rows, err, errlen);
    }
    if (rc == 0 && bad.n)
        rc = zt_state_apply(st, &bad, NULL, 0, rows.e, rows.n, NULL, err, errlen);
    *repaired = bad.n;
    free(rows.e);
    zt_sync_buckets_free(&zone);
    zt_sync_buckets_free(&ours);
    zt_sync_buckets_free(&bad);
    return rc;
}

void zt_delta_month_unit(const struct zt_export *e, const struct zt_export_month *m,
                         struct zt_sync_unit *u)
{
    zt_sync_attendance(u, e->pupils[m->pupil].row.upn, (int32_t)m->month, m->merged);
}

static int changed(const struct zt_state *st, const struct zt_sync_unit *u)
{
    struct zt_state_entry e;
    return !st || !zt_state_find(st, u->key, u->klen, &e) || e.digest != u->digest;
}

/* A month is sent when the export carries a mark the zone does not hold;
 * the zone keeps marks the export no longer has (a later mark replaces, a
 * missing one deletes nothing), and so does merged. */
static void mark_month(const struct zt_export *e, struct zt_export_month *m, const struct zt_state *st)
{
    struct zt_sync_unit u;
    zt_sync_attendance(&u, e->pupils[m->pupil].row.upn, (int32_t)m->month, m->codes);
    struct zt_state_entry held;
    int known = st && zt_state_find(st, u.key, u.klen, &held) && held.has_codes;
    if (known)
        memcpy(m->merged, held.codes, sizeof m->merged);
    else
        memset(m->merged, 0, sizeof m->merged);
    int differs = !known;
    for (int i = 0; i < ZT_SYNC_SLOTS; i++)
        if (m->codes[i] && m->merged[i] != m->codes[i]) {
            m->merged[i] = m->codes[i];
            differs = 1;
        }
    m->send = differs;
}

static void mark_records(struct zt_export_record *list, size_t n, const struct zt_state *st,
                         void (*unit)(struct zt_sync_unit *, const struct zt_export_record *))
{
    for (size_t i = 0; i < n; i++) {
        struct zt_sync_unit u;
        unit(&u, &list[i]);
        list[i].send = changed(st, &u);
    }
}

static void behaviour_unit(struct zt_sync_unit *u, const struct zt_export_record *r)
{
    zt_sync_behaviour(u, &r->u.behaviour);
}

static void assessment_unit(struct zt_sync_unit *u, const struct zt_export_record *r)
{
    zt_sync_assessment(u, &r->u.assessment);
}

static void health_unit(struct zt_sync_unit *u, const struct zt_export_record *r)
{
    zt_sync_health(u, &r->u.health);
}

void zt_delta_mark(struct zt_export *e, const struct zt_state *st)
{
    for (size_t i = 0; i < e->npupils; i++) {
        struct zt_sync_unit u;
        zt_sync_pupil(&u, &e->pupils[i].row);
        e->pupils[i].send = changed(st, &u);
    }
    for (size_t i = 0; i < e->nmonths; i++)
        mark_month(e, &e->months[i], st);
    mark_records(e->behaviour, e->nbehaviour, st, behaviour_unit);
    mark_records(e->assessments, e->nassessments, st, assessment_unit);
    mark_records(e->health, e->nhealth, st, health_unit);
}

void zt_delta_record_unit(const struct zt_export_record *r, enum zt_sync_kind kind,
                          struct zt_sync_unit *u)
{
    if (kind == ZT_SYNC_BEHAVIOUR)
        behaviour_unit(u, r);
    else if (kind == ZT_SYNC_ASSESSMENT)
        assessment_unit(u, r);
    else
        health_unit(u, r);
}
