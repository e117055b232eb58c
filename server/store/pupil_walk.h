/* Every record of one pupil, database by database: the one place that
 * knows which databases hold pupil records under a UPN prefix. */
#ifndef ZT_PUPIL_WALK_H
#define ZT_PUPIL_WALK_H

#include "store.h"

/* A callback per kind of record; NULL skips that kind. Attendance is
 * walked for every month the store holds (the tipping engine walks the
 * months it counts itself: server/rules/figures.c). */
struct zt_pupil_walkers {
    zt_walk_fn roll, attendance, behaviour, assessment, health;
};

/* Walks the pupil's records in that order, stopping at the first non-zero
 * return, which is returned. */
int zt_pupil_walk(struct zt_txn *txn, const char *upn, const struct zt_pupil_walkers *w, void *arg);

/* Calls fn for each of upn's attendance records, every school's, of months
 * first_month..last_month, in month order. Attendance is keyed month first
 * (server/store/records.h), so this is one short range per month. */
int zt_attendance_walk(struct zt_txn *txn, const char *upn, int first_month, int last_month,
                       zt_walk_fn fn, void *arg);

/* The first and last month any attendance record is kept for; -ENOENT when
 * there is none. */
int zt_attendance_months(struct zt_txn *txn, int *first_month, int *last_month);

/* Deletes every attendance record of upn, every school's; adds to *records
 * how many. Returns 0 or a store error. */
int zt_attendance_del(struct zt_txn *txn, const char *upn, uint32_t *records);

#endif
