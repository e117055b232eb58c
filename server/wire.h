/* Stored records (server/records.h) as wire messages, allocated in the
 * response's arena. */
#ifndef ZT_WIRE_H
#define ZT_WIRE_H

#include "arena.h"
#include "records.h"
#include "zonetrack.pb-c.h"

void zt_alert_to_wire(Zt__Alert *w, const char *upn, const struct zt_alert_value *a,
                      struct zt_arena *arena);

/* Fills w from a stored roll entry; w->upn is set to upn, which the caller
 * keeps alive. Also the delta-sync digest's view of a pupil, which must
 * match the agent's. */
void zt_pupil_row_from_roll(Zt__PupilRow *w, char *upn, const struct zt_roll_value *v);

/* A roll entry with the pupil's characteristics, or NULL when out of memory. */
Zt__RollEntry *zt_roll_to_wire(const char *upn, uint32_t school, const struct zt_roll_value *v,
                               struct zt_arena *a);

#endif
