/* Gathers one pupil's figures (server/tipping.h) from the store: every
 * school's records, none dated after as_of, year to date from 1 September of
 * the academic year containing as_of, and the recent window ending on as_of. */
#ifndef ZT_FIGURES_H
#define ZT_FIGURES_H

#include "records.h"
#include "store.h"
#include "tipping.h"

int zt_figures_gather(struct zt_txn *txn, const char *upn, zt_date as_of, int64_t window_days,
                      struct zt_figures *out);

/* The pupil's current school: the roll listing them with the latest entry
 * date (rolls they have left count only when every roll has). Returns 0
 * with *urn set, -ENOENT when no roll lists them. */
int zt_current_school(struct zt_txn *txn, const char *upn, uint32_t *urn);

/* The same choice made one roll entry at a time, for walks that visit the
 * rolls themselves: start zeroed, offer each of one pupil's entries; when
 * found is set, urn is the current school and roll its entry. */
struct zt_current {
    uint32_t urn;
    struct zt_roll_value roll;
    int found;
};
void zt_current_offer(struct zt_current *c, uint32_t urn, const struct zt_roll_value *r);

#endif
