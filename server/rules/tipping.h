/* The tipping rules of SPEC §5 as a pure function: a pupil's figures and the
 * zone's thresholds in, colours and the alert that should be open out. No
 * store, no dates: server/rules/figures.c gathers the figures. */
#ifndef ZT_TIPPING_H
#define ZT_TIPPING_H

#include <stdint.h>

#include "date.h"
#include "thresholds.h"

enum zt_colour { ZT_GREEN = 0, ZT_AMBER = 1, ZT_RED = 2 };

#define ZT_SUBJECTS 5 /* indexed by subject code, 0 unused */

/* What the store says of one pupil as of a date, from every school:
 * attendance counts first, then what events add (server/rules/figures.c keeps
 * that tail between evaluations). */
struct zt_figures {
    uint32_t possible, present, unauthorised;  /* sessions, year to date */
    uint32_t health_sessions_recent;           /* I + M in the window */
    uint32_t possible_recent, present_recent;  /* sessions in the window */
    uint32_t behaviour_points_recent;
    uint32_t suspensions_ytd, permanent_exclusions_ytd;
    uint32_t high_health_ytd, medium_health_recent;
    uint8_t latest_step[ZT_SUBJECTS];          /* 0 = never assessed */
    zt_date latest_step_date[ZT_SUBJECTS];
};

struct zt_verdict {
    enum zt_colour attendance, behaviour, health;
    uint32_t below;   /* ZT_BELOW_* bits */
    int kind;         /* ZT_ALERT_* or 0 */
    uint32_t reasons; /* ZT_REASON_* bits of the alert, 0 when none */
};

void zt_tipping_decide(const struct zt_figures *f, const struct zt_thresholds *t,
                       struct zt_verdict *out);

#endif
