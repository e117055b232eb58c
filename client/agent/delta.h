/* Delta sync on the agent's side: first make the local state agree with
 * what the zone holds (comparing per-bucket summaries and fetching the units
 * of every bucket that disagrees, so a zone restored from a backup or a lost
 * state folder repairs itself), then mark the export's new or changed units
 * to be sent. */
#ifndef ZT_AGENT_DELTA_H
#define ZT_AGENT_DELTA_H

#include <stddef.h>

#include "export.h"
#include "link.h"
#include "state.h"
#include "sync_digest.h"

/* Compares summaries and rewrites the disagreeing buckets of st from the
 * zone's own units. *repaired receives how many buckets disagreed. Returns 0
 * or -1 with err (l->fail tells what failed). */
int zt_delta_reconcile(struct zt_link *l, struct zt_state *st, size_t *repaired, char *err,
                       size_t errlen);

/* Sets send on every unit of e that st does not hold as it is now (st may
 * be NULL: everything is sent) and fills each month's merged marks. */
void zt_delta_mark(struct zt_export *e, const struct zt_state *st);

/* The unit of a month (with its merged marks) and of a record, as the
 * state and the zone key them. */
void zt_delta_month_unit(const struct zt_export *e, const struct zt_export_month *m,
                         struct zt_sync_unit *u);
/* kind: ZT_SYNC_BEHAVIOUR, ZT_SYNC_ASSESSMENT or ZT_SYNC_HEALTH. */
void zt_delta_record_unit(const struct zt_export_record *r, enum zt_sync_kind kind,
                          struct zt_sync_unit *u);

#endif
