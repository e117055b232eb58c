/* The zone's state the rules work on: its store and its evaluation date.
 * The daemon's parts (server, backups, group commit, counters) are the
 * protocol's (server/protocol/service.h). */
#ifndef ZT_ZONE_H
#define ZT_ZONE_H

#include <stdint.h>

#include "date.h"
#include "store.h"

struct zt_zone {
    struct zt_store *store;
    zt_date fixed_as_of;      /* from --as-of, or 0 to follow the calendar */
    int rewind;               /* --rewind: an as-of date before the zone's latest
                                 evaluation is served read-only (zt_zone_reevaluate) */
    zt_date evaluated;        /* date of the last whole-zone evaluation */
};

/* The evaluation date: --as-of when given, else today (never before the
 * last whole-zone evaluation: a clock set back does not take it back). */
zt_date zt_zone_as_of(const struct zt_zone *z);

/* The daily work, in one write transaction: purges pupils past the
 * retention period (audited; held after a date jump that would purge more
 * than purge_confirm_above), then re-evaluates every pupil as of the
 * evaluation date, and logs how long it took. A date before the zone's
 * latest evaluation would rewrite alert history: it fails (-ERANGE, logged)
 * unless z->rewind, when the evaluation is not stored and the store is
 * frozen (read-only from then on). */
int zt_zone_reevaluate(struct zt_zone *z);

#endif
