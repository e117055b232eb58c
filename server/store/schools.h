/* The zone's schools in ZT_DB_SCHOOL: each URN's name and cluster (pyramid),
 * set by the coordinator and used to group the gap analysis. */
#ifndef ZT_SCHOOLS_H
#define ZT_SCHOOLS_H

#include <stdint.h>

#include "store.h"

#define ZT_SCHOOL_NAME_MAX 64
#define ZT_CLUSTER_MAX 32

/* ZT_DB_SCHOOL: urn(4) -> this value; strings NUL-padded. */
struct zt_school_value {
    char name[ZT_SCHOOL_NAME_MAX];
    char cluster[ZT_CLUSTER_MAX];
};

/* Stores (replacing) a school's name and cluster. -EINVAL when the URN is
 * not 6 digits or a string is empty, too long or holds a control byte. */
int zt_school_put(struct zt_txn *txn, uint32_t urn, const char *name, const char *cluster);

/* 0 with *out filled, -ENOENT when the zone has no settings for urn. */
int zt_school_get(struct zt_txn *txn, uint32_t urn, struct zt_school_value *out);

/* Calls fn for each school in URN order until it returns non-zero. */
typedef int (*zt_school_fn)(uint32_t urn, const struct zt_school_value *s, void *arg);
int zt_schools_each(struct zt_txn *txn, zt_school_fn fn, void *arg);

#endif
