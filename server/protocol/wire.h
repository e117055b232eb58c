/* Stored records (server/store/records.h) as wire messages, allocated in the
 * response's arena. */
#ifndef ZT_WIRE_H
#define ZT_WIRE_H

#include "arena.h"
#include "records.h"
#include "store.h"
#include "zonetrack.pb-c.h"

void zt_alert_to_wire(Zt__Alert *w, const char *upn, const struct zt_alert_value *a,
                      struct zt_arena *arena);

/* Fills w from a stored roll entry; w->upn is set to upn, which the caller
 * keeps alive. Also the delta-sync digest's view of a pupil, which must
 * match the agent's. */
void zt_pupil_row_from_roll(Zt__PupilRow *w, char *upn, const struct zt_roll_value *v);

/* Fill w from a stored incident, health event or assessment; the strings
 * are the caller's and must outlive w. The one mapping both the replies and
 * the delta-sync digests (which must match the agent's) use. */
void zt_behaviour_row_from_value(Zt__BehaviourRow *w, char *id, char *upn, char *category,
                                 const struct zt_behaviour_value *b);
void zt_health_row_from_value(Zt__HealthRow *w, char *id, char *upn, char *kind, const struct zt_health_value *h);
void zt_assessment_row_from_value(Zt__AssessmentRow *w, char *upn, const uint8_t *key,
                                  const struct zt_assessment_value *a);

/* A roll entry with the pupil's characteristics, or NULL when out of memory. */
Zt__RollEntry *zt_roll_to_wire(const char *upn, uint32_t school, const struct zt_roll_value *v,
                               struct zt_arena *a);

/* A stored behaviour incident, health event or assessment (key k, value v,
 * of ZT_DB_BEHAVIOUR, ZT_DB_HEALTH, ZT_DB_ASSESSMENT) as its wire row in
 * *out; the row's upn is upn, which the caller keeps alive. The
 * assessment's school goes to *urn. Returns 0, ZT_E_CORRUPT or -ENOMEM. */
int zt_behaviour_to_wire(const struct zt_val *k, const struct zt_val *v, char *upn, struct zt_arena *a,
                         Zt__BehaviourRow **out);
int zt_health_to_wire(const struct zt_val *k, const struct zt_val *v, char *upn, struct zt_arena *a,
                      Zt__HealthRow **out);
int zt_assessment_to_wire(const struct zt_val *k, const struct zt_val *v, char *upn, struct zt_arena *a,
                          Zt__AssessmentRow **out, uint32_t *urn);

#endif
