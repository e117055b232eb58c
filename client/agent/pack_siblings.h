/* Brothers and sisters in the meeting pack (issue #16 §1, §2; SPEC §3b):
 * the pupil's alert carries their siblings (UPN, current school, the kind
 * of their open alert). A sibling on this school's own roll is named from
 * pupils.csv; any other is "a brother or sister at another zone school".
 * A pupil without siblings (or without an alert to carry them) gets no
 * section. */
#ifndef ZT_PACK_SIBLINGS_H
#define ZT_PACK_SIBLINGS_H

#include <stdio.h>

#include "export.h"
#include "zonetrack.pb-c.h"

void zt_pack_siblings(FILE *out, const Zt__PupilReply *p, const struct zt_export *roll);

#endif
