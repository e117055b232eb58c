/* Behaviour incidents (behaviour.csv) and the suspensions they bring.
 *
 * Suspensions run over school days: an incident on d' with a suspension of
 * n days makes the next n teaching days E (0.5: the afternoon of d').
 * Because whether that incident happened itself depends on the pupil not
 * being suspended on d', an incident is only allowed when no *candidate*
 * suspension (ignoring its own preconditions) covers its day; this keeps
 * the look-back two levels deep (<= 5 + 5 teaching days, same roll and
 * academic year) instead of unbounded. */
#ifndef ZG_INCIDENTS_H
#define ZG_INCIDENTS_H

#include "date.h"
#include "pupil.h"
#include "school.h"

enum { ZG_CAT_DISRUPTION, ZG_CAT_DEFIANCE, ZG_CAT_VERBAL, ZG_CAT_PHYSICAL, ZG_CAT_BULLYING, ZG_CAT_TRUANCY,
       ZG_CAT_DAMAGE, ZG_CAT_RACIST, ZG_CAT_DRUGS, ZG_NCAT };
enum { ZG_ACT_NONE, ZG_ACT_DETENTION, ZG_ACT_INTERNAL, ZG_ACT_SUSPENSION, ZG_ACT_PERMANENT };

struct zg_incident {
    int cat, points, action; /* ZG_CAT_*, ZG_ACT_* */
    int halves;              /* a suspension's length in half days */
};

/* The incidents pupil p (on roll e) really had on teaching day d, whose
 * morning mark before suspensions was base_am: how many (0-2) into out.
 * The permanent exclusion is not among them (day.h adds it). */
int zg_incidents(const struct zg_school *s, const struct zg_roll *e, const struct zg_pupil *p, zt_date d,
                 char base_am, struct zg_incident out[2]);

/* Whether a whole-day suspension from the previous 5 teaching days covers d. */
int zg_suspended(const struct zg_school *s, const struct zg_roll *e, const struct zg_pupil *p, zt_date d);

/* The names behaviour.csv gives a category and an action. */
const char *zg_category_name(int cat);
const char *zg_action_name(int action);

#endif
