/* The audit trail (issue: privacy by design): every coordinator read of
 * pupil-level data and every change of settings, appended to ZT_DB_AUDIT
 * with who and when. Entries are never changed or removed. */
#ifndef ZT_AUDIT_H
#define ZT_AUDIT_H

#include <stdint.h>

#include "store.h"

/* Appends one entry in txn. what is printf-style. */
int zt_audit_add(struct zt_txn *txn, const char *who, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As zt_audit_add in a transaction of its own (for read requests). */
int zt_audit_record(struct zt_store *s, const char *who, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Calls fn for each entry at or after since (unix time) by who (NULL: anyone),
 * oldest first; fn returns non-zero to stop. */
typedef int (*zt_audit_fn)(int64_t when, const char *who, const char *what, void *arg);
int zt_audit_each(struct zt_txn *txn, int64_t since, const char *who, zt_audit_fn fn, void *arg);

#endif
