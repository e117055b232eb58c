/* Gathers one pupil's figures (server/rules/tipping.h) from the store: every
 * school's records inside that school's roll period (server/rules/roll_periods.h),
 * none dated after as_of, year to date from 1 September of the academic year
 * containing as_of, and the recent window ending on as_of. Of two schools'
 * assessments of a subject on the same latest date, the current school's
 * counts. */
#ifndef ZT_FIGURES_H
#define ZT_FIGURES_H

#include "records.h"
#include "roll_periods.h"
#include "store.h"
#include "tipping.h"

int zt_figures_gather(struct zt_txn *txn, const char *upn, zt_date as_of, int64_t window_days,
                      struct zt_figures *out);

/* The same with the pupil's rolls already loaded for as_of. */
int zt_figures_gather_rolls(struct zt_txn *txn, const char *upn, const struct zt_pupil_rolls *rolls,
                            int64_t window_days, struct zt_figures *out);

#endif
