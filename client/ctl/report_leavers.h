/* The report's leavers section: how many pupils left the zone's schools
 * this year, by where they went, and how many left for home education with
 * an alert open — zone totals only, small counts suppressed (SPEC §8). */
#ifndef ZT_REPORT_LEAVERS_H
#define ZT_REPORT_LEAVERS_H

#include <stdio.h>

#include "zonetrack.pb-c.h"

/* Writes the section; counts from 1 to min_group - 1 are written "fewer than
 * min_group". The total is not published, so nothing hidden can be worked
 * out from it. */
void zt_report_leavers(FILE *out, const Zt__LeaversReply *l, unsigned min_group);

#endif
