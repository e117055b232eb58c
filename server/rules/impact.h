/* Impact and commissioning evidence (issue #6), as of a date: per offer the
 * pupils supported and their indicators in the six weeks before the start
 * of their support against the six weeks from it (attendance, behaviour
 * points, assessment steps, from server/rules/figures.c), how many came back on
 * track, places taken against places available; demand per offer and
 * school; and the needs of tipped pupils that no offer addresses. */
#ifndef ZT_IMPACT_H
#define ZT_IMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "store.h"
#include "support_records.h"

#define ZT_IMPACT_WINDOW_DAYS 42 /* six weeks */
#define ZT_NEEDS 6

struct zt_offer_impact {
    uint32_t id;
    struct zt_offer_value offer;
    uint32_t pupils;          /* an action active or completed, started by the date */
    uint32_t in_use;          /* actions planned or active: places taken */
    uint32_t possible_before, present_before, possible_after, present_after;
    uint32_t behaviour_before, behaviour_after;
    uint32_t steps_up, steps_down; /* pupils whose latest steps rose / fell overall */
    uint32_t back_on_track;   /* pupils with an alert that reached back on track */
};

struct zt_demand {
    uint32_t offer, school, actions, pupils;
    char last_upn[ZT_UPN_LEN]; /* counts each pupil once */
};

struct zt_impact {
    struct zt_offer_impact *offers; /* by id; owned */
    size_t noffers, cap_offers;
    struct zt_demand *demand;       /* by offer then school; owned */
    size_t ndemand, cap_demand;
    uint32_t need_pupils[ZT_NEEDS]; /* open family_meeting alerts with each need */
    uint32_t need_offers[ZT_NEEDS]; /* offers on the menu (not retired) addressing it */
    uint32_t unmet_pupils;          /* with a need no offer addresses */
};

/* Fills *out (free with zt_impact_free, also on failure). */
int zt_impact_gather(struct zt_txn *txn, zt_date as_of, struct zt_impact *out);
void zt_impact_free(struct zt_impact *im);

#endif
