/* The mark counts of one pupil's month (every school's records summed),
 * kept in memory between write transactions: the months before the tipping
 * window count whole and seldom change, so an evaluation reads them from
 * here instead of walking them again (server/figures.c).
 *
 * The store owns one and keeps it true: every write to the attendance
 * database forgets the month it touches, and a write transaction that does
 * not commit empties it (what was learnt inside may never have been). It is
 * used inside write transactions only, which zoned runs one at a time and
 * as the store's only writer (server/store.c takes a lock on the folder). */
#ifndef ZT_MONTH_SUMS_H
#define ZT_MONTH_SUMS_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"

struct zt_month_count {
    uint16_t possible, present, unauthorised;
};

struct zt_month_sums;

/* NULL when out of memory: callers then go without. */
struct zt_month_sums *zt_month_sums_new(void);
void zt_month_sums_free(struct zt_month_sums *m);

/* prefix is an attendance key's month|upn (ZT_ATT_PREFIX_LEN bytes).
 * get returns 1 and fills out when known, else 0. */
int zt_month_sums_get(const struct zt_month_sums *m, const uint8_t *prefix,
                      struct zt_month_count *out);
/* Remembers c; may instead forget everything to stay within its bound. */
void zt_month_sums_put(struct zt_month_sums *m, const uint8_t *prefix,
                       const struct zt_month_count *c);
void zt_month_sums_forget(struct zt_month_sums *m, const uint8_t *prefix);
void zt_month_sums_clear(struct zt_month_sums *m);

/* Entries held now (for tests and the metrics). */
size_t zt_month_sums_count(const struct zt_month_sums *m);

#endif
