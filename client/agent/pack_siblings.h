/* Brothers and sisters in the meeting pack (issue #16 §1 and §2). The
 * zone's record of a pupil does not carry siblings yet: another change
 * (family_id, SPEC §3b) adds them. This reads them by field name when the
 * pupil reply, or its open alert, carries a repeated "siblings" message of
 * "upn", "school" and an alert kind, and writes nothing otherwise. Names
 * only for siblings on this school's own roll. */
#ifndef ZT_PACK_SIBLINGS_H
#define ZT_PACK_SIBLINGS_H

#include <stdio.h>

#include "export.h"
#include "zonetrack.pb-c.h"

void zt_pack_siblings(FILE *out, const Zt__PupilReply *p, const struct zt_export *roll);

#endif
