/* A pupil's register marks on a teaching day before suspensions and
 * exclusion (incidents.h and day.h add those). Spells (illness 1-5 days,
 * unauthorised runs 1-10 days, term-time holidays of 5 or 10 days) are
 * modelled without state: on weekday number k a spell of some kind STARTS
 * with probability p when hash(key, kind, k) says so, and its length comes
 * from the same hash. Day k is in a spell when any start k-j (j < longest
 * spell) has a length > j; so day k needs only a few hashes and never an
 * earlier day's output. */
#ifndef ZG_MARKS_H
#define ZG_MARKS_H

#include "date.h"
#include "pupil.h"
#include "school.h"

/* The AM and PM codes of pupil p on teaching day d of school s. */
void zg_base_marks(const struct zg_school *s, const struct zg_pupil *p, zt_date d, char *am, char *pm);

/* Whether a morning mark means the pupil was in school. */
static inline int zg_attending(char am)
{
    return am == '/' || am == 'L';
}

#endif
