#include "gap_wire.h"

#include <math.h>
#include <string.h>

void zt_gap_tally_from_wire(const Zt__GapTally *w, struct zt_gap_tally *t)
{
    memset(t, 0, sizeof *t);
    t->pupils = w->pupils;
    t->pupils_with_sessions = w->pupils_with_sessions;
    t->possible = w->possible_sessions;
    t->present = w->present_sessions;
    t->persistent = w->persistent;
    t->severe = w->severe;
    t->suspensions = w->suspensions;
    t->permanent_exclusions = w->permanent_exclusions;
    t->assessed_maths = w->assessed_maths;
    t->below_maths = w->below_maths;
    t->assessed_english = w->assessed_english;
    t->below_english = w->below_english;
    t->alerts = w->alerts;
}

double zt_gap_measure(const Zt__GapTally *w, enum zt_measure m)
{
    if (!w)
        return NAN;
    struct zt_gap_tally t;
    zt_gap_tally_from_wire(w, &t);
    return zt_measure_value(&t, m);
}
