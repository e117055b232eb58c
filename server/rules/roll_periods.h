/* A pupil's roll entries as the zone knows them on a date (SPEC §2): which
 * school is current, which earlier school still reads the pupil (a dual
 * registration), and each school's roll period, the dates its records count
 * for. One rule, used by evaluation, reads, alerts and gap analysis.
 *
 * - An entry counts from its entry_date: before it the pupil is not yet on
 *   that roll, so a joiner entered in advance moves nothing early.
 * - The current school is the listed roll (entered, not left on the date)
 *   with the latest entry date; rolls left count only when every roll has
 *   been left, rolls not yet entered only when no roll has been entered. On
 *   equal entry dates the entry the zone stored first stays current: a
 *   school cannot take a pupil by copying the incumbent's entry date.
 * - A school's roll period runs from its entry date through its leaving date.
 *   A school that is not current also stops at the entry of the next school
 *   the pupil joined (a later entry date, or the same date stored earlier):
 *   its records after the pupil moved on do not count, and a roll row dated
 *   long before the current school's entry claims only those old dates.
 * - A dual registration is a pupil listed on two or more rolls on the date.
 *   A listed school that is not current keeps reading the pupil while the
 *   zone stored its entry before the current school's (it had the pupil
 *   first) and the coordinator has not confirmed the move. */
#ifndef ZT_ROLL_PERIODS_H
#define ZT_ROLL_PERIODS_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"
#include "store.h"

/* Rolls kept per pupil; a pupil on more rolls (never seen in a real zone)
 * has the extra schools' records count for nothing. */
#define ZT_ROLLS_MAX 16

struct zt_roll_period {
    uint32_t urn;
    zt_date from, until; /* records count for from <= date < until */
    struct zt_roll_value roll;
};

struct zt_pupil_rolls {
    zt_date as_of;
    size_t n;
    int current; /* index into p, or -1 when no roll lists the pupil */
    struct zt_roll_period p[ZT_ROLLS_MAX];
};

/* School urn's roll entry for upn: 0 with *out set, -ENOENT when the
 * school's roll never listed the pupil, ZT_E_CORRUPT or a store error. */
int zt_roll_get(struct zt_txn *txn, const char *upn, uint32_t urn, struct zt_roll_value *out);

/* Reads upn's roll entries and works out the above for as_of. Returns 0
 * (current is -1 when the pupil is on no roll) or a store error. */
int zt_pupil_rolls_load(struct zt_txn *txn, const char *upn, zt_date as_of, struct zt_pupil_rolls *out);

/* The period of urn's records, or NULL when urn has no roll entry kept. */
const struct zt_roll_period *zt_roll_period_of(const struct zt_pupil_rolls *r, uint32_t urn);

/* 1 when school urn's record dated d counts: inside its roll period. */
int zt_roll_period_counts(const struct zt_pupil_rolls *r, uint32_t urn, zt_date d);

/* 1 when entry i is on its roll on the rolls' date (entered, not left). */
int zt_roll_listed(const struct zt_pupil_rolls *r, size_t i);

/* 1 when entry i is a listed earlier school that keeps reading the pupil
 * (not current, stored before the current school's entry, not confirmed
 * away: confirmed is the ZT_DB_MOVE check, done by the caller). */
int zt_roll_keeps_reading(const struct zt_pupil_rolls *r, size_t i);

/* 1 when the coordinator confirmed that the pupil moved away from the
 * school of period p (ZT_DB_MOVE), 0 when not, or an error. */
int zt_roll_confirmed_away(struct zt_txn *txn, const char *upn, const struct zt_roll_period *p);

/* A digest of the periods, changing whenever any of them does. */
uint32_t zt_pupil_rolls_tag(const struct zt_pupil_rolls *r);

/* The pupil's current school on as_of: 0 with *urn set, -ENOENT when no
 * roll lists them. */
int zt_current_school(struct zt_txn *txn, const char *upn, zt_date as_of, uint32_t *urn);

/* The same choice made one roll entry at a time, for walks that visit the
 * rolls themselves: start zeroed, offer each of one pupil's entries; when
 * found is set, urn is the current school and roll its entry. */
struct zt_current {
    uint32_t urn;
    struct zt_roll_value roll;
    int found;
};
void zt_current_offer(struct zt_current *c, uint32_t urn, const struct zt_roll_value *r, zt_date as_of);

/* 1 when school urn may read upn on as_of: its current school, or an
 * earlier school of an unconfirmed dual registration. 0, or an error. */
int zt_school_reads_pupil(struct zt_txn *txn, const char *upn, uint32_t urn, zt_date as_of);

#endif
