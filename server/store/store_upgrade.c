#include "store_upgrade.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "grow.h"
#include "log.h"
#include "records.h"

static const char schema_key[] = "schema";

struct old_assessment {
    uint8_t key[ZT_ASSESS_KEY_LEN_V1];
    struct zt_assessment_value v;
};

struct upgrade {
    uint32_t from;
    struct old_assessment *old;
    size_t n, cap;
};

static int collect_v1(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct upgrade *u = arg;
    if (k->len == ZT_ASSESS_KEY_LEN)
        return 0; /* already keyed by school */
    if (k->len != ZT_ASSESS_KEY_LEN_V1)
        return ZT_E_CORRUPT;
    if (zt_grow(&u->old, u->n, &u->cap, sizeof *u->old, 256))
        return -ENOMEM;
    struct old_assessment *o = &u->old[u->n];
    memcpy(o->key, k->data, sizeof o->key);
    if (zt_value_copy(&o->v, sizeof o->v, v->data, v->len))
        return ZT_E_CORRUPT;
    u->n++;
    return 0;
}

/* 1 -> 2: an assessment's key gains its school (from the value), so that
 * one school's assessment no longer replaces another's. */
static int assessments_by_school(struct zt_txn *txn, struct upgrade *u)
{
    int rc = zt_walk(txn, ZT_DB_ASSESSMENT, NULL, 0, collect_v1, u);
    for (size_t i = 0; rc == 0 && i < u->n; i++) {
        const struct old_assessment *o = &u->old[i];
        uint8_t key[ZT_ASSESS_KEY_LEN];
        memcpy(key, o->key, sizeof o->key);
        zt_be32(key + sizeof o->key, o->v.urn);
        rc = zt_del(txn, ZT_DB_ASSESSMENT, o->key, sizeof o->key);
        if (rc == 0)
            rc = zt_put(txn, ZT_DB_ASSESSMENT, key, sizeof key, &o->v, sizeof o->v);
    }
    return rc;
}

static int upgrade_txn(struct zt_txn *txn, void *arg)
{
    struct upgrade *u = arg;
    u->n = 0;
    u->from = 1; /* stores made before the version was kept */
    struct zt_val v;
    int rc = zt_get(txn, ZT_DB_META, schema_key, sizeof schema_key - 1, &v);
    if (rc == 0 && zt_value_copy(&u->from, sizeof u->from, v.data, v.len))
        return ZT_E_CORRUPT;
    if (rc && rc != -ENOENT)
        return rc;
    if (u->from >= ZT_SCHEMA_VERSION)
        return u->from > ZT_SCHEMA_VERSION ? -EPROTO : 0;
    if (u->from < 2 && (rc = assessments_by_school(txn, u)))
        return rc;
    uint32_t now = ZT_SCHEMA_VERSION;
    return zt_put(txn, ZT_DB_META, schema_key, sizeof schema_key - 1, &now, sizeof now);
}

int zt_store_upgrade(struct zt_store *s, char *err, size_t errlen)
{
    struct upgrade u = {0};
    int rc = zt_store_write(s, upgrade_txn, &u);
    free(u.old);
    if (rc == -EPROTO)
        snprintf(err, errlen, "the store has layout %u, newer than this zoned's %d: run the zoned that wrote it "
                 "(or restore a backup made by this version)", u.from, ZT_SCHEMA_VERSION);
    else if (rc)
        snprintf(err, errlen, "cannot bring the store to layout %d: %s", ZT_SCHEMA_VERSION, zt_strerror(rc));
    else if (u.from < ZT_SCHEMA_VERSION && u.n)
        zt_info("store upgraded from layout %u to %d: %zu assessment(s) now kept per school", u.from,
                ZT_SCHEMA_VERSION, u.n);
    return rc;
}
