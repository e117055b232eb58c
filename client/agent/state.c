#include "state.h"

#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "protocol.h"

#define STATE_MAP_BYTES ((size_t)1 << 30) /* sparse: a big school needs a few MiB */
/* Keys no unit has (units start with a kind byte): the last batch id, and
 * the layout of the stored keys. */
static const uint8_t last_batch_key[] = {0xFF, 'b', 'a', 't', 'c', 'h'};
static const uint8_t layout_key[] = {0xFF, 'l', 'a', 'y', 'o', 'u', 't'};
#define LAYOUT 2 /* 2: attendance stored month first; 1 (no layout key): as the unit key */

static int is_key(const MDB_val *k, const uint8_t *key, size_t len)
{
    return k->mv_size == len && memcmp(k->mv_data, key, len) == 0;
}

static int is_last_batch_key(const MDB_val *k)
{
    return is_key(k, last_batch_key, sizeof last_batch_key);
}
#define VALUE_LEN (4 + 8)                 /* month, digest; attendance adds 62 codes */

/* An attendance unit's key is kind, upn, month(2). It is stored as kind,
 * month, upn: a school day's marks then rewrite one month's pages of the
 * state, not every page (the same reason as zoned's attendance keys). */
#define ATT_KEY_LEN (1 + ZT_UPN_LEN + 2)

static int month_first(const uint8_t *key, size_t klen)
{
    return klen == ATT_KEY_LEN && key[0] == ZT_SYNC_ATTENDANCE;
}

/* Unit key -> stored key (a unit key, or its stored form, back again: the
 * swap is its own inverse once the direction is known). */
static void stored_key(const uint8_t *unit, size_t klen, uint8_t *out)
{
    memcpy(out, unit, klen);
    if (month_first(unit, klen)) {
        memcpy(out + 1, unit + 1 + ZT_UPN_LEN, 2);
        memcpy(out + 3, unit + 1, ZT_UPN_LEN);
    }
}

static void unit_key(const uint8_t *stored, size_t klen, uint8_t *out)
{
    memcpy(out, stored, klen);
    if (month_first(stored, klen)) {
        memcpy(out + 1, stored + 3, ZT_UPN_LEN);
        memcpy(out + 1 + ZT_UPN_LEN, stored + 1, 2);
    }
}

/* The order of the stored keys, so memory and LMDB agree. */
static int cmp_entry(const void *a, const void *b)
{
    const struct zt_state_entry *x = a, *y = b;
    if (month_first(x->key, x->klen) && month_first(y->key, y->klen)) {
        int c = memcmp(x->key + 1 + ZT_UPN_LEN, y->key + 1 + ZT_UPN_LEN, 2);
        return c ? c : memcmp(x->key + 1, y->key + 1, ZT_UPN_LEN);
    }
    size_t n = x->klen < y->klen ? x->klen : y->klen;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

static int fail(char *err, size_t errlen, const char *what, int rc)
{
    snprintf(err, errlen, "agent state %s: %s", what, mdb_strerror(rc));
    return -1;
}

static int append(struct zt_state *s, const struct zt_state_entry *e)
{
    if (zt_grow(&s->e, s->n, &s->cap, sizeof *s->e, 1024))
        return -ENOMEM;
    s->e[s->n++] = *e;
    return 0;
}

static void encode(const struct zt_state_entry *e, uint8_t *v, size_t *len)
{
    uint32_t m = (uint32_t)e->month;
    for (int i = 0; i < 4; i++)
        v[i] = (uint8_t)(m >> (24 - 8 * i));
    for (int i = 0; i < 8; i++)
        v[4 + i] = (uint8_t)(e->digest >> (56 - 8 * i));
    *len = VALUE_LEN;
    if (e->has_codes) {
        memcpy(v + VALUE_LEN, e->codes, ZT_SYNC_SLOTS);
        *len += ZT_SYNC_SLOTS;
    }
}

static int decode(const MDB_val *k, const MDB_val *v, struct zt_state_entry *e)
{
    if (k->mv_size == 0 || k->mv_size > ZT_SYNC_KEY_MAX ||
        (v->mv_size != VALUE_LEN && v->mv_size != VALUE_LEN + ZT_SYNC_SLOTS))
        return -1;
    const uint8_t *b = v->mv_data;
    memset(e, 0, sizeof *e);
    unit_key(k->mv_data, k->mv_size, e->key);
    e->klen = (uint8_t)k->mv_size;
    uint32_t m = 0;
    for (int i = 0; i < 4; i++)
        m = m << 8 | b[i];
    e->month = (int32_t)m;
    for (int i = 0; i < 8; i++)
        e->digest = e->digest << 8 | b[4 + i];
    if ((e->has_codes = v->mv_size > VALUE_LEN))
        memcpy(e->codes, b + VALUE_LEN, ZT_SYNC_SLOTS);
    return 0;
}

static int load(struct zt_state *s, char *err, size_t errlen)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn);
    if (rc)
        return fail(err, errlen, "read", rc);
    if ((rc = mdb_cursor_open(txn, s->dbi, &cur))) {
        mdb_txn_abort(txn);
        return fail(err, errlen, "read", rc);
    }
    MDB_val k, v;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct zt_state_entry e;
        if (is_key(&k, layout_key, sizeof layout_key))
            continue;
        if (is_last_batch_key(&k)) {
            s->has_last_batch = v.mv_size == ZT_BATCH_ID_LEN;
            if (s->has_last_batch)
                memcpy(s->last_batch, v.mv_data, ZT_BATCH_ID_LEN);
            continue;
        }
        if (decode(&k, &v, &e))
            continue; /* skipped: the zone's summary will show the gap */
        if (append(s, &e))
            break;
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    if (rc != MDB_NOTFOUND)
        return rc ? fail(err, errlen, "read", rc) : (snprintf(err, errlen, "agent state: out of memory"), -1);
    return 0; /* LMDB's key order is cmp_entry's order */
}

/* A state written with another key layout is emptied: the next run's
 * summary comparison fills it again from the zone (zt_delta_reconcile),
 * without sending anything. */
static int check_layout(MDB_txn *txn, MDB_dbi dbi)
{
    MDB_val k = {sizeof layout_key, (void *)layout_key}, v;
    int rc = mdb_get(txn, dbi, &k, &v);
    if (rc == 0 && v.mv_size == 1 && *(const uint8_t *)v.mv_data == LAYOUT)
        return 0;
    if (rc != 0 && rc != MDB_NOTFOUND)
        return rc;
    if ((rc = mdb_drop(txn, dbi, 0)))
        return rc;
    uint8_t layout = LAYOUT;
    v = (MDB_val){1, &layout};
    return mdb_put(txn, dbi, &k, &v, 0);
}

int zt_state_open(struct zt_state *s, const char *dir, const char *identity, char *err,
                  size_t errlen)
{
    memset(s, 0, sizeof *s);
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/", dir);
    for (const char *p = identity; *p && n < (int)sizeof path - 5; p++)
        path[n++] = (*p == ':' || *p == '/') ? '-' : *p;
    snprintf(path + n, sizeof path - (size_t)n, ".mdb");
    MDB_env *env;
    MDB_txn *txn;
    int rc = mdb_env_create(&env);
    if (rc)
        return fail(err, errlen, path, rc);
    s->env = env;
    if ((rc = mdb_env_set_mapsize(env, STATE_MAP_BYTES)) ||
        (rc = mdb_env_open(env, path, MDB_NOSUBDIR, 0600)) ||
        (rc = mdb_txn_begin(env, NULL, 0, &txn))) {
        zt_state_close(s);
        return fail(err, errlen, path, rc);
    }
    MDB_dbi dbi = 0;
    if ((rc = mdb_dbi_open(txn, NULL, 0, &dbi)) || (rc = check_layout(txn, dbi)))
        mdb_txn_abort(txn);
    else
        rc = mdb_txn_commit(txn); /* frees txn either way */
    if (rc) {
        zt_state_close(s);
        return fail(err, errlen, path, rc);
    }
    s->dbi = dbi;
    if (load(s, err, errlen)) {
        zt_state_close(s);
        return -1;
    }
    return 0;
}

void zt_state_close(struct zt_state *s)
{
    if (s->env)
        mdb_env_close(s->env);
    free(s->e);
    memset(s, 0, sizeof *s);
}

const struct zt_state_entry *zt_state_find(const struct zt_state *s, const uint8_t *key,
                                           size_t klen)
{
    struct zt_state_entry probe;
    if (klen > sizeof probe.key || !s->n)
        return NULL;
    memcpy(probe.key, key, klen);
    probe.klen = (uint8_t)klen;
    return bsearch(&probe, s->e, s->n, sizeof *s->e, cmp_entry);
}

int zt_state_summary(const struct zt_state *s, struct zt_sync_buckets *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < s->n; i++)
        if (zt_sync_buckets_add(out, s->e[i].key[0], s->e[i].month, s->e[i].digest))
            return -ENOMEM;
    return 0;
}

static int dropped(const struct zt_sync_buckets *drop, const struct zt_state_entry *e)
{
    return drop && zt_sync_buckets_find(drop, e->key[0], e->month);
}

struct added {
    const struct zt_state_entry *e;
    size_t order; /* a key put twice in one change keeps its last put */
};

static int cmp_added(const void *a, const void *b)
{
    const struct added *x = a, *y = b;
    int c = cmp_entry(x->e, y->e);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Merges the unsorted entries from index sorted on into the sorted ones:
 * a day's run adds a few entries to thousands, so they alone are sorted. */
static int merge_added(struct zt_state *s, size_t sorted)
{
    size_t nadd = s->n - sorted;
    if (!nadd)
        return 0;
    struct added *add = malloc(nadd * sizeof *add);
    struct zt_state_entry *out = malloc(s->n * sizeof *out);
    if (!add || !out) {
        free(add), free(out);
        return -1;
    }
    for (size_t i = 0; i < nadd; i++)
        add[i] = (struct added){&s->e[sorted + i], i};
    qsort(add, nadd, sizeof *add, cmp_added);
    size_t n = 0, i = 0;
    for (size_t a = 0; a < nadd; a++) {
        if (a + 1 < nadd && cmp_entry(add[a].e, add[a + 1].e) == 0)
            continue; /* a later put of the same key follows */
        for (; i < sorted && cmp_entry(&s->e[i], add[a].e) < 0; i++)
            out[n++] = s->e[i];
        out[n++] = *add[a].e;
    }
    for (; i < sorted; i++)
        out[n++] = s->e[i];
    free(add);
    free(s->e);
    s->e = out;
    s->n = n;
    s->cap = s->n;
    return 0;
}

/* The same change, in memory: drop, delete, then replace or add. */
static int apply_memory(struct zt_state *s, const struct zt_sync_buckets *drop,
                        const struct zt_state_entry *del, size_t ndel,
                        const struct zt_state_entry *put, size_t nput)
{
    for (size_t i = 0; i < ndel; i++) {
        struct zt_state_entry *e = (struct zt_state_entry *)zt_state_find(s, del[i].key, del[i].klen);
        if (e)
            e->klen = 0;
    }
    size_t out = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->e[i].klen && !dropped(drop, &s->e[i]))
            s->e[out++] = s->e[i];
    s->n = out;
    size_t sorted = s->n;
    for (size_t i = 0; i < nput; i++) {
        struct zt_state_entry *e = sorted ? bsearch(&put[i], s->e, sorted, sizeof *s->e, cmp_entry) : NULL;
        if (e)
            *e = put[i];
        else if (append(s, &put[i]))
            return -1;
    }
    return merge_added(s, sorted);
}

static int drop_buckets(MDB_txn *txn, MDB_dbi dbi, const struct zt_sync_buckets *drop)
{
    MDB_cursor *cur;
    int rc = mdb_cursor_open(txn, dbi, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct zt_state_entry e;
        if (is_last_batch_key(&k) || is_key(&k, layout_key, sizeof layout_key))
            continue; /* not a unit: a repair keeps it */
        if ((decode(&k, &v, &e) || dropped(drop, &e)) && (rc = mdb_cursor_del(cur, 0)))
            break;
    }
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

int zt_state_apply(struct zt_state *s, const struct zt_sync_buckets *drop,
                   const struct zt_state_entry *del, size_t ndel,
                   const struct zt_state_entry *put, size_t nput, const uint8_t *batch_id,
                   char *err, size_t errlen)
{
    MDB_txn *txn;
    int rc = mdb_txn_begin(s->env, NULL, 0, &txn);
    if (rc)
        return fail(err, errlen, "write", rc);
    if (drop && drop->n)
        rc = drop_buckets(txn, s->dbi, drop);
    for (size_t i = 0; rc == 0 && i < ndel; i++) {
        uint8_t key[ZT_SYNC_KEY_MAX];
        stored_key(del[i].key, del[i].klen, key);
        MDB_val k = {del[i].klen, key};
        rc = mdb_del(txn, s->dbi, &k, NULL);
        rc = rc == MDB_NOTFOUND ? 0 : rc;
    }
    for (size_t i = 0; rc == 0 && i < nput; i++) {
        uint8_t buf[VALUE_LEN + ZT_SYNC_SLOTS];
        size_t len;
        encode(&put[i], buf, &len);
        uint8_t key[ZT_SYNC_KEY_MAX];
        stored_key(put[i].key, put[i].klen, key);
        MDB_val k = {put[i].klen, key}, v = {len, buf};
        rc = mdb_put(txn, s->dbi, &k, &v, 0);
    }
    if (rc == 0 && batch_id) {
        MDB_val k = {sizeof last_batch_key, (void *)last_batch_key}, v = {ZT_BATCH_ID_LEN, (void *)batch_id};
        rc = mdb_put(txn, s->dbi, &k, &v, 0);
    }
    if (rc) {
        mdb_txn_abort(txn);
        return fail(err, errlen, "write", rc);
    }
    if ((rc = mdb_txn_commit(txn)))
        return fail(err, errlen, "commit", rc);
    if (batch_id) {
        memcpy(s->last_batch, batch_id, ZT_BATCH_ID_LEN);
        s->has_last_batch = 1;
    }
    if (apply_memory(s, drop, del, ndel, put, nput)) {
        snprintf(err, errlen, "agent state: out of memory");
        return -1;
    }
    return 0;
}

void zt_state_entry_set(struct zt_state_entry *e, const struct zt_sync_unit *u,
                        const uint8_t *codes)
{
    memset(e, 0, sizeof *e);
    memcpy(e->key, u->key, u->klen);
    e->klen = (uint8_t)u->klen;
    e->month = u->month;
    e->digest = u->digest;
    if ((e->has_codes = codes != NULL))
        memcpy(e->codes, codes, ZT_SYNC_SLOTS);
}

int zt_state_last_batch(const struct zt_state *s, uint8_t *id)
{
    if (!s->has_last_batch)
        return -1;
    memcpy(id, s->last_batch, ZT_BATCH_ID_LEN);
    return 0;
}
