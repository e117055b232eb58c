/* Pupils erased from the zone stay erased (SPEC §8): later pushes of their
 * UPN from any school are refused until the coordinator lifts the erasure.
 * ZT_DB_ERASED holds a keyed hash of each erased UPN, never the UPN; the key
 * is made once, at random, kept in the store's meta database and never sent
 * or printed. The hash is also the erasure's reference in the audit log. */
#ifndef ZT_ERASURES_H
#define ZT_ERASURES_H

#include <stdint.h>

#include "date.h"
#include "keyed_hash.h"
#include "store.h"

/* A reference to an erasure that names no pupil: hex of the first 8 bytes
 * of the keyed hash. */
#define ZT_ERASURE_REF_LEN 17

/* Records upn as erased on day (a write transaction). ref receives the
 * erasure's reference. Returns 0 or an error. */
int zt_erased_mark(struct zt_txn *t, const char *upn, zt_date day, char ref[ZT_ERASURE_REF_LEN]);

/* Ends upn's erasure. Returns 0, -ENOENT when upn is not erased, or an error. */
int zt_erased_lift(struct zt_txn *t, const char *upn, char ref[ZT_ERASURE_REF_LEN]);

/* 1 with *day set when upn is erased, 0 when not, or an error. */
int zt_erased_check(struct zt_txn *t, const char *upn, zt_date *day);

/* 1 when no pupil is erased (the common case: no hashing needed), 0 when
 * some are, or an error. */
int zt_erased_none(struct zt_txn *t);

#endif
