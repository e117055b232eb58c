/* Gathers one pupil's figures (server/tipping.h) from the store: every
 * school's records, none dated after as_of, year to date from 1 September of
 * the academic year containing as_of, and the recent window ending on as_of. */
#ifndef ZT_FIGURES_H
#define ZT_FIGURES_H

#include "store.h"
#include "tipping.h"

int zt_figures_gather(struct zt_txn *txn, const char *upn, zt_date as_of, int64_t window_days,
                      struct zt_figures *out);

/* Calls fn (store.h) for each of upn's attendance records, every school's,
 * of months first_month..last_month (month indexes, common/date.h), in
 * month order. The records are keyed month first (server/records.h), so
 * this is one short range per month. */
int zt_attendance_walk(struct zt_txn *txn, const char *upn, int first_month, int last_month,
                       zt_walk_fn fn, void *arg);

/* As zt_attendance_walk over every month the store holds. */
int zt_attendance_walk_all(struct zt_txn *txn, const char *upn, zt_walk_fn fn, void *arg);

/* The pupil's current school: the roll listing them with the latest entry
 * date (rolls they have left count only when every roll has). Returns 0
 * with *urn set, -ENOENT when no roll lists them. */
int zt_current_school(struct zt_txn *txn, const char *upn, uint32_t *urn);

#endif
