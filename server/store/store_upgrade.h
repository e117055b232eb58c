/* The store's layout version (ZT_SCHEMA_VERSION, kept in ZT_DB_META) and the
 * upgrades from older layouts, run when zoned opens a store. */
#ifndef ZT_STORE_UPGRADE_H
#define ZT_STORE_UPGRADE_H

#include <stddef.h>

#include "store.h"

/* Brings s to ZT_SCHEMA_VERSION in one durable transaction: a store with no
 * version is layout 1. A store written by a newer zoned is refused (nothing
 * changed). Returns 0, or a negative error with a one-line reason in err. */
int zt_store_upgrade(struct zt_store *s, char *err, size_t errlen);

#endif
