/* Free school meals take-up as zonectl shows it (gaps, gaps --json, report
 * --html): per scope, the pupils entitled (fsm_eligible Y) and how many of
 * them are not registered (fsm N), as the zone suppressed them. */
#ifndef ZT_TAKE_UP_VIEW_H
#define ZT_TAKE_UP_VIEW_H

#include <stdio.h>

#include "zonetrack.pb-c.h"

#define ZT_TAKE_UP_NONE "no school supplies fsm_eligible"

/* 1 when some scope of the reply has a school that supplies fsm_eligible. */
int zt_take_up_supplied(const Zt__GapsReply *r);

/* The share not registered in percent, or NAN when suppressed or none is
 * eligible. */
double zt_take_up_pct(const Zt__FsmTakeUp *t);

/* The table of the scopes at level (ZT__GAP_LEVEL__*, or -1 for all), or
 * the one line saying no school supplies the column. */
void zt_take_up_table(FILE *out, const Zt__GapsReply *r, int level);

/* The "fsm_take_up" member of a scope's JSON object (null from a zone
 * that does not count it). */
struct zt_json;
void zt_take_up_json(struct zt_json *w, const Zt__GapScope *s);

#endif
