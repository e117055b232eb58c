/* One pupil's day: what pupil p on roll e has on open day d of school s,
 * computed from the pupil's key, the school's calendar and d alone. So
 * --only-day D runs the same code for D alone and writes exactly the rows
 * a full run covering D has for D. (A run whose --from is mid-year can
 * show E marks whose suspension incident is dated before --from, as a real
 * mid-year export would.) */
#ifndef ZG_DAY_H
#define ZG_DAY_H

#include "date.h"
#include "incidents.h"
#include "pupil.h"
#include "school.h"

struct zg_day {
    char am, pm; /* register codes */
    int nincidents;
    struct zg_incident inc[2];
    int health_kind, health_sev; /* health_kind -1: no health event */
};

/* Everything p (on s's roll as e that day) has on open day d into *out. */
void zg_day_data(const struct zg_school *s, const struct zg_roll *e, const struct zg_pupil *p, zt_date d,
                 struct zg_day *out);

#endif
