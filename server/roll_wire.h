/* A stored roll entry as a wire PupilRow: for answering queries and for
 * the delta-sync digest of a pupil, which must match the agent's. */
#ifndef ZT_ROLL_WIRE_H
#define ZT_ROLL_WIRE_H

#include "records.h"
#include "zonetrack.pb-c.h"

/* Fills w from v; w->upn is set to upn, which the caller keeps alive. */
void zt_roll_to_wire(Zt__PupilRow *w, char *upn, const struct zt_roll_value *v);

#endif
