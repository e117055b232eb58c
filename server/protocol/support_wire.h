/* Support records (server/rules/support_records.h) as wire messages, allocated in
 * the response's arena; NULL when out of memory. */
#ifndef ZT_SUPPORT_WIRE_H
#define ZT_SUPPORT_WIRE_H

#include "arena.h"
#include "meetings.h"
#include "store.h"
#include "support_records.h"
#include "zonetrack.pb-c.h"

Zt__Offer *zt_offer_to_wire(uint32_t id, const struct zt_offer_value *v, struct zt_arena *a);
Zt__SchoolMeeting *zt_meeting_to_wire(const struct zt_event_key *k, const struct zt_meeting_value *v,
                                      struct zt_arena *a);
Zt__SchoolPlan *zt_plan_to_wire(const struct zt_event_key *k, const struct zt_plan_value *v, struct zt_arena *a);
Zt__StageStep *zt_step_to_wire(uint32_t seq, const struct zt_stage_value *v, struct zt_arena *a);

/* Alerts as every reply shows them (alerts, pupil, export-pupil): the
 * figures, and a family_meeting alert's stage and overdue work as of
 * as_of, so that every view names the same stage. */
struct zt_alert_wire_list {
    struct zt_txn *txn;
    zt_date as_of;
    struct zt_arena *arena;
    Zt__Alert **items;
    size_t n, cap;
};

/* Appends one alert to the list (arg), as a zt_alert_seq_fn for
 * zt_alerts_each_seq. Returns 0 or an error. */
int zt_alert_wire_add(const char *upn, uint32_t seq, const struct zt_alert_value *a, void *arg);

/* Every meeting, plan action and stage step of one pupil into rep (from
 * every school: callers check who may see them). Returns 0 or an error. */
int zt_support_read(struct zt_txn *txn, const char *upn, struct zt_arena *a, Zt__SupportReply *rep);

#endif
