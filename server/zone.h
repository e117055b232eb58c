/* The daemon's shared state, handed to every request handler. */
#ifndef ZT_ZONE_H
#define ZT_ZONE_H

#include "date.h"
#include "store.h"

struct zt_zone {
    struct zt_store *store;
    zt_date fixed_as_of; /* from --as-of, or 0 to follow the calendar */
    zt_date evaluated;   /* date of the last whole-zone evaluation */
};

/* The evaluation date: --as-of when given, else today. */
zt_date zt_zone_as_of(const struct zt_zone *z);

/* Re-evaluates every pupil as of today's evaluation date in one write
 * transaction and logs how long it took. */
int zt_zone_reevaluate(struct zt_zone *z);

#endif
