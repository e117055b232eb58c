#include "state.h"

#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "be32.h"
#include "err.h"
#include "mdb_err.h"
#include "protocol.h"

#define STATE_MAP_BYTES ((size_t)1 << 30) /* sparse: a big school needs a few MiB */
/* Keys no unit has (units start with a kind byte): the last batch id, and
 * the layout of the stored keys. */
static const uint8_t last_batch_key[] = {0xFF, 'b', 'a', 't', 'c', 'h'};
static const uint8_t layout_key[] = {0xFF, 'l', 'a', 'y', 'o', 'u', 't'};
#define LAYOUT 4 /* 4: incidents and health events keep their pupil's UPN; 3: XXH3 digests;
                    2: attendance stored month first, SHA-256 digests; 1 (no layout key): as the
                    unit key */

/* The keys that are not units start with 0xFF and so sort after them. */
static int is_unit_key(const MDB_val *k)
{
    return k->mv_size && *(const uint8_t *)k->mv_data != 0xFF;
}
#define VALUE_LEN (4 + 8) /* month, digest; attendance adds 62 codes, an incident or health event its UPN */

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

/* Says what failed in err; returns rc (an LMDB code) in the house's space. */
static int fail(char *err, size_t errlen, const char *what, int rc)
{
    snprintf(err, errlen, "agent state %s: %s", what, mdb_strerror(rc));
    return zt_from_mdb(rc);
}

static void encode(const struct zt_state_entry *e, uint8_t *v, size_t *len)
{
    zt_be32(v, (uint32_t)e->month);
    zt_be32(v + 4, (uint32_t)(e->digest >> 32));
    zt_be32(v + 8, (uint32_t)e->digest);
    *len = VALUE_LEN;
    if (e->has_codes) {
        memcpy(v + VALUE_LEN, e->codes, ZT_SYNC_SLOTS);
        *len += ZT_SYNC_SLOTS;
    } else if (e->upn[0]) {
        memcpy(v + VALUE_LEN, e->upn, ZT_UPN_LEN);
        *len += ZT_UPN_LEN;
    }
}

static int decode(const MDB_val *k, const MDB_val *v, struct zt_state_entry *e)
{
    if (k->mv_size == 0 || k->mv_size > ZT_SYNC_KEY_MAX ||
        (v->mv_size != VALUE_LEN && v->mv_size != VALUE_LEN + ZT_SYNC_SLOTS &&
         v->mv_size != VALUE_LEN + ZT_UPN_LEN))
        return ZT_E_CORRUPT;
    const uint8_t *b = v->mv_data;
    memset(e, 0, sizeof *e);
    unit_key(k->mv_data, k->mv_size, e->key);
    e->klen = (uint8_t)k->mv_size;
    e->month = (int32_t)zt_get_be32(b);
    e->digest = (uint64_t)zt_get_be32(b + 4) << 32 | zt_get_be32(b + 8);
    if ((e->has_codes = v->mv_size == VALUE_LEN + ZT_SYNC_SLOTS))
        memcpy(e->codes, b + VALUE_LEN, ZT_SYNC_SLOTS);
    else if (v->mv_size == VALUE_LEN + ZT_UPN_LEN)
        memcpy(e->upn, b + VALUE_LEN, ZT_UPN_LEN);
    return 0;
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

/* What finds and walks see: the state as of the last commit. */
static int renew_read(struct zt_state *s)
{
    if (s->read) {
        mdb_txn_reset(s->read);
        int rc = mdb_txn_renew(s->read);
        if (rc) { /* the state is unusable: zt_state_apply reports it, the run stops */
            mdb_txn_abort(s->read);
            s->read = NULL;
        }
        return rc;
    }
    MDB_txn *txn;
    int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn);
    s->read = rc ? NULL : txn;
    return rc;
}

static void read_last_batch(struct zt_state *s)
{
    MDB_val k = {sizeof last_batch_key, (void *)last_batch_key}, v;
    s->has_last_batch = s->read && mdb_get(s->read, s->dbi, &k, &v) == 0 && v.mv_size == ZT_BATCH_ID_LEN;
    if (s->has_last_batch)
        memcpy(s->last_batch, v.mv_data, ZT_BATCH_ID_LEN);
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
    /* MDB_NOTLS: the run's read transaction stays open beside each write */
    if ((rc = mdb_env_set_mapsize(env, STATE_MAP_BYTES)) ||
        (rc = mdb_env_open(env, path, MDB_NOSUBDIR | MDB_NOTLS, 0600)) ||
        (rc = mdb_txn_begin(env, NULL, 0, &txn))) {
        zt_state_close(s);
        return fail(err, errlen, path, rc);
    }
    MDB_dbi dbi = 0;
    if ((rc = mdb_dbi_open(txn, NULL, 0, &dbi)) || (rc = check_layout(txn, dbi)))
        mdb_txn_abort(txn);
    else
        rc = mdb_txn_commit(txn); /* frees txn either way */
    if (rc == 0) {
        s->dbi = dbi;
        rc = renew_read(s);
    }
    if (rc) {
        zt_state_close(s);
        return fail(err, errlen, path, rc);
    }
    read_last_batch(s);
    return 0;
}

void zt_state_close(struct zt_state *s)
{
    if (s->read)
        mdb_txn_abort(s->read);
    if (s->env)
        mdb_env_close(s->env);
    memset(s, 0, sizeof *s);
}

int zt_state_find(const struct zt_state *s, const uint8_t *key, size_t klen, struct zt_state_entry *out)
{
    uint8_t stored[ZT_SYNC_KEY_MAX];
    if (!s->read || klen == 0 || klen > sizeof stored)
        return 0;
    stored_key(key, klen, stored);
    MDB_val k = {klen, stored}, v;
    return mdb_get(s->read, s->dbi, &k, &v) == 0 && decode(&k, &v, out) == 0;
}

/* Every entry whose stored key starts with prefix (plen 0: all of them). */
static int walk(const struct zt_state *s, const uint8_t *prefix, size_t plen,
                int (*fn)(const struct zt_state_entry *e, void *arg), void *arg)
{
    MDB_cursor *cur;
    if (!s->read)
        return ZT_E_STORE; /* the state became unusable: zt_state_apply said why */
    int rc = mdb_cursor_open(s->read, s->dbi, &cur), fn_rc = 0;
    if (rc)
        return zt_from_mdb(rc);
    MDB_val k = {plen, (void *)prefix}, v;
    for (rc = mdb_cursor_get(cur, &k, &v, plen ? MDB_SET_RANGE : MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (plen && (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) != 0))
            break;
        struct zt_state_entry e;
        if (!is_unit_key(&k))
            break;
        if (decode(&k, &v, &e))
            continue; /* skipped: the zone's summary will show the gap */
        if ((fn_rc = fn(&e, arg)) != 0)
            break;
    }
    mdb_cursor_close(cur);
    return fn_rc ? fn_rc : rc == MDB_NOTFOUND ? 0 : zt_from_mdb(rc);
}

int zt_state_each(const struct zt_state *s, int kind,
                  int (*fn)(const struct zt_state_entry *e, void *arg), void *arg)
{
    uint8_t k = (uint8_t)kind;
    return walk(s, &k, 1, fn, arg);
}

static int add_to_summary(const struct zt_state_entry *e, void *arg)
{
    return zt_sync_buckets_add(arg, e->key[0], e->month, e->digest) ? -ENOMEM : 0;
}

int zt_state_summary(const struct zt_state *s, struct zt_sync_buckets *out)
{
    memset(out, 0, sizeof *out);
    return walk(s, NULL, 0, add_to_summary, out);
}

static int dropped(const struct zt_sync_buckets *drop, const struct zt_state_entry *e)
{
    return drop && zt_sync_buckets_find(drop, e->key[0], e->month);
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
        if (!is_unit_key(&k))
            break; /* the batch id and the layout: a repair keeps them */
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
    if ((rc = renew_read(s)))
        return fail(err, errlen, "read", rc);
    read_last_batch(s);
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

void zt_state_entry_upn(struct zt_state_entry *e, const char *upn)
{
    if (upn && strlen(upn) == ZT_UPN_LEN)
        memcpy(e->upn, upn, ZT_UPN_LEN + 1);
}

int zt_state_last_batch(const struct zt_state *s, uint8_t *id)
{
    if (!s->has_last_batch)
        return -ENOENT;
    memcpy(id, s->last_batch, ZT_BATCH_ID_LEN);
    return 0;
}
