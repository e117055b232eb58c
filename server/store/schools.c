#include "schools.h"

#include <errno.h>
#include <string.h>

#include "err.h"
#include "records.h"

static int valid_text(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n >= max)
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

int zt_school_put(struct zt_txn *txn, uint32_t urn, const char *name, const char *cluster)
{
    if (urn < 100000 || urn > 999999 || !valid_text(name, ZT_SCHOOL_NAME_MAX) ||
        !valid_text(cluster, ZT_CLUSTER_MAX))
        return -EINVAL;
    struct zt_school_value v;
    memset(&v, 0, sizeof v);
    memcpy(v.name, name, strlen(name));
    memcpy(v.cluster, cluster, strlen(cluster));
    uint8_t key[4];
    zt_be32(key, urn);
    return zt_put(txn, ZT_DB_SCHOOL, key, sizeof key, &v, sizeof v);
}

/* A stored value is trusted for nothing: its strings end inside it. */
static void terminate(struct zt_school_value *s)
{
    s->name[ZT_SCHOOL_NAME_MAX - 1] = '\0';
    s->cluster[ZT_CLUSTER_MAX - 1] = '\0';
}

int zt_school_get(struct zt_txn *txn, uint32_t urn, struct zt_school_value *out)
{
    uint8_t key[4];
    struct zt_val v;
    zt_be32(key, urn);
    int rc = zt_get(txn, ZT_DB_SCHOOL, key, sizeof key, &v);
    if (rc == 0 && (rc = zt_value_copy(out, sizeof *out, v.data, v.len)) == 0)
        terminate(out);
    return rc;
}

struct each {
    zt_school_fn fn;
    void *arg;
};

static int on_school(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct each *e = arg;
    struct zt_school_value s;
    if (k->len != 4 || zt_value_copy(&s, sizeof s, v->data, v->len))
        return ZT_E_CORRUPT;
    terminate(&s);
    return e->fn(zt_get_be32(k->data), &s, e->arg);
}

int zt_schools_each(struct zt_txn *txn, zt_school_fn fn, void *arg)
{
    struct each e = {fn, arg};
    return zt_walk(txn, ZT_DB_SCHOOL, NULL, 0, on_school, &e);
}
