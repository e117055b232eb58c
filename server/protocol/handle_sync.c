/* Delta sync and leaving the roll (proto/sync.proto): a school compares what
 * the zone holds for it with what it believes was acknowledged, fetches the
 * units of the buckets that disagree, and says which pupils are on its roll. */
#include <errno.h>
#include <string.h>

#include "err.h"
#include "handlers.h"
#include "records.h"
#include "protocol.h"
#include "log.h"
#include "roll_update.h"
#include "sync_units.h"

#define MAX_ROW_BUCKETS 64

static int schools_only(struct zt_request *r, const char *what)
{
    if (r->who->role == ZT_ROLE_SCHOOL)
        return 1;
    zt_reply_forbidden(r, what);
    return 0;
}

static void reply_store_error(struct zt_request *r, const char *what, int rc)
{
    zt_err("%s for %s failed: %s", what, r->who->name, zt_strerror(rc));
    zt_reply_error(r, rc == -ENOSPC ? ZT__ERROR_CODE__ERR_STORAGE : ZT__ERROR_CODE__ERR_INTERNAL,
                   "the zone could not answer the %s (%s); nothing was changed", what, zt_strerror(rc));
}

/* Runs zt_sync_units for the certificate's school in a read transaction. */
static int visit_units(struct zt_request *r, zt_sync_unit_fn fn, void *arg)
{
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc)
        return rc;
    rc = zt_sync_units(txn, r->who->urn, fn, arg);
    zt_txn_end(txn);
    return rc;
}

static int add_to_summary(const struct zt_sync_unit *u, const uint8_t *codes, const char *upn, void *arg)
{
    (void)upn;
    (void)codes;
    return zt_sync_buckets_add(arg, u->kind, u->month, u->digest);
}

/* Whether the zone holds the batch the agent says it last had acknowledged:
 * batches commit in order, so then it holds every row acknowledged before. */
static int holds_batch(struct zt_request *r, const Zt__SyncSummaryQuery *q)
{
    uint8_t key[4 + ZT_BATCH_ID_LEN];
    struct zt_val v;
    struct zt_txn *txn;
    if (!q->has_last_batch || q->last_batch.len != ZT_BATCH_ID_LEN ||
        zt_store_read_begin(r->zone->store, &txn))
        return 0;
    zt_key_event_id(key, r->who->urn, (const char *)q->last_batch.data, ZT_BATCH_ID_LEN);
    int found = zt_get(txn, ZT_DB_BATCH, key, sizeof key, &v) == 0;
    zt_txn_end(txn);
    return found;
}

void zt_handle_sync_summary(struct zt_request *r, const Zt__SyncSummaryQuery *q)
{
    if (!schools_only(r, "a sync summary"))
        return;
    struct zt_sync_buckets b = {0};
    int known = holds_batch(r, q);
    int rc = known ? 0 : visit_units(r, add_to_summary, &b);
    Zt__SyncSummary *sum = zt_arena_alloc(r->arena, sizeof *sum);
    Zt__SyncBucket **list = zt_arena_alloc(r->arena, (b.n + 1) * sizeof *list);
    Zt__SyncBucket *items = zt_arena_alloc(r->arena, (b.n + 1) * sizeof *items);
    if (rc) {
        reply_store_error(r, "sync summary", rc);
    } else if (sum && list && items) {
        zt__sync_summary__init(sum);
        for (size_t i = 0; i < b.n; i++) {
            zt__sync_bucket__init(&items[i]);
            items[i].kind = b.b[i].kind;
            items[i].month = b.b[i].month;
            items[i].count = b.b[i].count;
            items[i].digest = b.b[i].digest;
            list[i] = &items[i];
        }
        sum->buckets = list;
        sum->n_buckets = b.n;
        sum->has_last_batch_known = 1;
        sum->last_batch_known = known;
        r->resp->body_case = ZT__RESPONSE__BODY_SYNC_SUMMARY;
        r->resp->sync_summary = sum;
    }
    zt_sync_buckets_free(&b);
}

struct rows {
    struct zt_request *r;
    struct zt_sync_buckets wanted;
    Zt__SyncRowsReply *reply;
    size_t cap;
};

/* Copies a wanted unit into the reply: values die with the transaction. */
static int add_row(const struct zt_sync_unit *u, const uint8_t *codes, const char *upn, void *arg)
{
    struct rows *w = arg;
    if (!zt_sync_buckets_find(&w->wanted, u->kind, u->month))
        return 0;
    struct zt_arena *a = w->r->arena;
    Zt__SyncRowsReply *rep = w->reply;
    Zt__SyncRow *row = zt_arena_alloc(a, sizeof *row);
    uint8_t *key = zt_arena_alloc(a, u->klen);
    rep->rows = zt_arena_grow(a, rep->rows, rep->n_rows, &w->cap, sizeof *rep->rows);
    if (!row || !key || !rep->rows)
        return -ENOMEM;
    zt__sync_row__init(row);
    row->kind = u->kind;
    row->month = u->month;
    memcpy(key, u->key, u->klen);
    row->key.data = key;
    row->key.len = u->klen;
    row->digest = u->digest;
    if (codes) {
        uint8_t *c = zt_arena_alloc(a, ZT_SYNC_SLOTS);
        if (!c)
            return -ENOMEM;
        memcpy(c, codes, ZT_SYNC_SLOTS);
        row->has_codes = 1;
        row->codes.data = c;
        row->codes.len = ZT_SYNC_SLOTS;
    }
    if (upn && !(row->upn = zt_arena_strdup(a, upn)))
        return -ENOMEM;
    rep->rows[rep->n_rows++] = row;
    return 0;
}

void zt_handle_sync_rows(struct zt_request *r, const Zt__SyncRowsQuery *q)
{
    if (!schools_only(r, "sync rows"))
        return;
    if (q->n_buckets > MAX_ROW_BUCKETS) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "ask for at most %d buckets at once", MAX_ROW_BUCKETS);
        return;
    }
    struct rows w = {.r = r, .reply = zt_arena_alloc(r->arena, sizeof *w.reply)};
    int rc = w.reply ? 0 : -ENOMEM;
    if (w.reply)
        zt__sync_rows_reply__init(w.reply);
    for (size_t i = 0; rc == 0 && i < q->n_buckets; i++)
        rc = zt_sync_buckets_add(&w.wanted, (uint8_t)q->buckets[i]->kind, q->buckets[i]->month, 0);
    if (rc == 0)
        rc = visit_units(r, add_row, &w);
    if (rc) {
        reply_store_error(r, "sync rows", rc);
    } else {
        r->resp->body_case = ZT__RESPONSE__BODY_SYNC_ROWS;
        r->resp->sync_rows = w.reply;
    }
    zt_sync_buckets_free(&w.wanted);
}

static void reply_roll(struct zt_request *r, const struct zt_roll_result *res)
{
    Zt__RollReply *rr = zt_arena_alloc(r->arena, sizeof *rr);
    Zt__LeaverRejected **list = zt_arena_alloc(r->arena, (res->nrejects + 1) * sizeof *list);
    Zt__LeaverRejected *items = zt_arena_alloc(r->arena, (res->nrejects + 1) * sizeof *items);
    if (!rr || !list || !items)
        return;
    zt__roll_reply__init(rr);
    rr->left = res->left;
    rr->leavers_stored = res->leavers_stored;
    rr->leavers_unchanged = res->leavers_unchanged;
    for (size_t i = 0; i < res->nrejects; i++) {
        zt__leaver_rejected__init(&items[i]);
        items[i].index = res->rejects[i].index;
        items[i].reason = zt_arena_strdup(r->arena, res->rejects[i].reason);
        list[i] = &items[i];
    }
    rr->rejected = list;
    rr->n_rejected = res->nrejects;
    r->resp->body_case = ZT__RESPONSE__BODY_ROLL_COMPLETE;
    r->resp->roll_complete = rr;
}

void zt_handle_roll_complete(struct zt_request *r, const Zt__RollComplete *m)
{
    if (!schools_only(r, "updating the roll"))
        return;
    struct zt_roll_result res;
    int rc = zt_roll_update(r->zone->store, r->who->urn, m, zt_zone_as_of(r->zone), &res);
    if (rc == -EINVAL) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID,
                       "the roll must list at least one pupil, each by a valid UPN; nothing was changed");
    } else if (rc) {
        reply_store_error(r, "roll update", rc);
    } else {
        zt_info("%s: roll of %zu pupils, %u newly left, leavers stored %u, rejected %zu", r->who->name,
                m->n_upns, res.left, res.leavers_stored, res.nrejects);
        reply_roll(r, &res);
    }
    zt_roll_result_free(&res);
}
