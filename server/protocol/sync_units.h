/* The delta-sync units (common/sync_digest.h) the store holds for one
 * school, rebuilt from the stored records: what zoned compares with a
 * school's agent. Only records filed under that school's URN are visited, so
 * a school never learns another school's data. */
#ifndef ZT_SYNC_UNITS_H
#define ZT_SYNC_UNITS_H

#include <stdint.h>

#include "store.h"
#include "sync_digest.h"

/* Called once a unit; codes is the month's 62 marks for attendance, else
 * NULL; upn the pupil of an incident or health event (whose unit key is its
 * id alone), else NULL. A non-zero return stops the walk and is returned. */
typedef int (*zt_sync_unit_fn)(const struct zt_sync_unit *u, const uint8_t *codes, const char *upn, void *arg);

/* Visits every unit of school urn: pupils on its roll who have not left,
 * its attendance months, incidents, assessments and health events. Reads
 * whole databases (there is no per-school index), so run it in a read
 * transaction. Returns 0, fn's value, or a store error. */
int zt_sync_units(struct zt_txn *txn, uint32_t urn, zt_sync_unit_fn fn, void *arg);

#endif
