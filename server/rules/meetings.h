/* Family meetings (ZT_DB_MEETING) and support plan actions (ZT_DB_PLAN) as
 * the schools record them, keyed upn+urn+the school's own id. */
#ifndef ZT_MEETINGS_H
#define ZT_MEETINGS_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "support_records.h"

/* One record's pupil, school and id (id is not NUL-terminated). */
struct zt_event_key {
    char upn[ZT_UPN_LEN + 1];
    uint32_t urn;
    const char *id;
    size_t idlen;
};

typedef int (*zt_meeting_fn)(const struct zt_event_key *k, const struct zt_meeting_value *v, void *arg);
typedef int (*zt_plan_fn)(const struct zt_event_key *k, const struct zt_plan_value *v, void *arg);

/* Each meeting / plan action of one pupil (upn non-NULL) or of the zone, in
 * pupil, school, id order; fn returns non-zero to stop. */
int zt_meetings_each(struct zt_txn *txn, const char *upn, zt_meeting_fn fn, void *arg);
int zt_plans_each(struct zt_txn *txn, const char *upn, zt_plan_fn fn, void *arg);

#endif
