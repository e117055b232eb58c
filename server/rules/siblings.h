/* What an alert says of the pupil's family (SPEC §3b): the family_id and,
 * for each sibling, the UPN, current school and the kind of their open
 * alert, nothing more, whoever reads the alert. */
#ifndef ZT_SIBLINGS_H
#define ZT_SIBLINGS_H

#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "store.h"
#include "zonetrack.pb-c.h"

/* The kind of upn's open alert as of as_of (family_meeting before watch),
 * 0 when none is open; or an error. */
int zt_open_alert_kind(struct zt_txn *txn, const char *upn, zt_date as_of, uint32_t *kind);

/* Sets w->family and w->siblings for alert w of pupil upn as of as_of
 * (nothing when their current roll names no family). 0 or an error. */
int zt_alert_family_to_wire(struct zt_txn *txn, const char *upn, zt_date as_of, struct zt_arena *a, Zt__Alert *w);

#endif
