/* Families (SPEC §3b): the family_id each school's roll gives a pupil,
 * kept beside the roll entry (ZT_DB_FAMILY, upn+urn -> id) with an index
 * by family (ZT_DB_FAMILY_INDEX), so the fixed roll value keeps its layout.
 * A pupil's family is the id on their current roll (server/rules/roll_periods.h)
 * as of the date; a family's pupils are those whose current roll carries
 * it, at any school of the zone. */
#ifndef ZT_FAMILY_H
#define ZT_FAMILY_H

#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "family_id.h"
#include "store.h"
#include "zonetrack.pb-c.h"

/* Stores id (NULL or "" clears it) as the family_id of roll entry
 * upn+urn. Returns 1 when that changed anything, 0 when not, or an error. */
int zt_family_set(struct zt_txn *txn, const char *upn, uint32_t urn, const char *id);

/* The family_id of roll entry upn+urn into out: 0, -ENOENT when it has
 * none, or an error. */
int zt_family_of_roll(struct zt_txn *txn, const char *upn, uint32_t urn, char out[ZT_FAMILY_ID_MAX + 1]);

/* The pupil's family as of as_of, and their current school (either may be
 * NULL): 0, -ENOENT when no roll lists them or their current roll names no
 * family, or an error. */
int zt_family_of(struct zt_txn *txn, const char *upn, zt_date as_of, char out[ZT_FAMILY_ID_MAX + 1],
                 uint32_t *school);

/* Calls fn for each pupil of family id as of as_of, in UPN order, with
 * their current school; fn returns non-zero to stop (returned). fn may
 * read any database. */
typedef int (*zt_family_member_fn)(const char *upn, uint32_t school, void *arg);
int zt_family_each(struct zt_txn *txn, const char *id, zt_date as_of, zt_family_member_fn fn, void *arg);

/* Sets each roll entry's pupil->family_id (from arena a) where that
 * school's roll names one: the subject access export. 0 or an error. */
int zt_family_rolls_to_wire(struct zt_txn *txn, const char *upn, Zt__RollEntry **rolls, size_t n, struct zt_arena *a);

/* Removes every family_id of the pupil (erasure), adding the count to
 * *records. */
int zt_family_erase(struct zt_txn *txn, const char *upn, uint32_t *records);

#endif
