#include "gap_targets.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "err.h"
#include "gap_measures.h"
#include "records.h"

#define PREFIX "gap_target/"

/* The stored value: fixed width, no padding. */
struct target_value {
    double value;
    int32_t by;
    uint8_t reserved[4];
};

static int key_of(const struct zt_gap_target *t, char *key, size_t size)
{
    int n = snprintf(key, size, PREFIX "%s/%s", zt_measures[t->measure].key, zt_gap_groups[t->group].name);
    return n > 0 && (size_t)n < size ? n : -EINVAL;
}

int zt_gap_target_set(struct zt_txn *txn, const struct zt_gap_target *t, int clear, const char *who)
{
    char key[96], d[ZT_DATE_STRLEN];
    int klen = key_of(t, key, sizeof key);
    if (klen < 0)
        return klen;
    int rc;
    if (clear) {
        struct zt_val v;
        if ((rc = zt_get(txn, ZT_DB_SETTING, key, (size_t)klen, &v)) == 0)
            rc = zt_del(txn, ZT_DB_SETTING, key, (size_t)klen);
        return rc ? rc
                  : zt_audit_add(txn, who, "cleared the gap target for %s in %s", zt_gap_groups[t->group].name,
                                 zt_measures[t->measure].key);
    }
    struct target_value v = {.value = t->value, .by = t->by};
    rc = zt_put(txn, ZT_DB_SETTING, key, (size_t)klen, &v, sizeof v);
    return rc ? rc
              : zt_audit_add(txn, who, "set the gap target for %s in %s to %+.2f by %s", zt_gap_groups[t->group].name,
                             zt_measures[t->measure].key, t->value, zt_date_format(t->by, d));
}

struct each {
    zt_gap_target_fn fn;
    void *arg;
};

static int find(const char *s, size_t len, int measure)
{
    for (int i = 0; measure && i < ZT_M_COUNT; i++)
        if (strlen(zt_measures[i].key) == len && !memcmp(zt_measures[i].key, s, len))
            return i;
    for (int i = 0; !measure && i < ZT_G_COUNT; i++)
        if (strlen(zt_gap_groups[i].name) == len && !memcmp(zt_gap_groups[i].name, s, len))
            return i;
    return -1;
}

static int on_target(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct each *e = arg;
    struct target_value tv;
    const char *key = (const char *)k->data + strlen(PREFIX), *end = (const char *)k->data + k->len;
    const char *slash = memchr(key, '/', (size_t)(end - key));
    if (!slash || zt_value_copy(&tv, sizeof tv, v->data, v->len))
        return ZT_E_CORRUPT;
    struct zt_gap_target t = {find(key, (size_t)(slash - key), 1), find(slash + 1, (size_t)(end - slash - 1), 0),
                              tv.value, tv.by};
    if (t.measure < 0 || t.group < 0)
        return 0; /* a measure or group no longer known: kept, not shown */
    return e->fn(&t, e->arg);
}

int zt_gap_targets_each(struct zt_txn *txn, zt_gap_target_fn fn, void *arg)
{
    struct each e = {fn, arg};
    return zt_walk(txn, ZT_DB_SETTING, PREFIX, strlen(PREFIX), on_target, &e);
}
