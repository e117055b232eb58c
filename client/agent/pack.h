/* zone-agent pack: the family meeting pack (issue #16 §2), one printable
 * page a pupil, made at the school: the child's name from the local
 * pupils.csv, everything else from the zone's record of the pupil
 * (every zone school's), in plain English. */
#ifndef ZT_PACK_H
#define ZT_PACK_H

#include <stdio.h>

#include "family_fetch.h"

/* Writes upn's pack to path. Returns 0, or -1 with one line in err. */
int zt_pack_one(struct zt_family_run *run, const char *upn, const char *path, char *err, size_t errlen);

/* One pack for each open family_meeting alert of the school, into dir as
 * pack-UPN.html; says each file on report. Returns 0, or -1 with err when
 * one could not be made (the others are still written). */
int zt_pack_all_alerts(struct zt_family_run *run, const char *dir, FILE *report, size_t *written, char *err,
                       size_t errlen);

#endif
