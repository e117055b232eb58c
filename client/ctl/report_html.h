/* zonectl report --html: one self-contained HTML page (inline CSS and SVG,
 * no script, no external resource) of the gap analysis: gaps by group, a
 * RAG grid of clusters and schools by measure, the priority list, the
 * disadvantaged gaps per half-term, school-by-school tables, free school
 * meals take-up, open alerts by school, and the year's leavers. */
#ifndef ZT_REPORT_HTML_H
#define ZT_REPORT_HTML_H

#include <stdio.h>

#include "benchmarks.h"
#include "gap_measures.h"
#include "zonetrack.pb-c.h"

/* The pages' style sheet (inline; the county report shares it). */
extern const char *const zt_report_css;

/* leavers may be NULL: no leavers section. cross (may be NULL): the
 * overlapping groups asked for (report --by A,B), tabled school by school
 * after the single groups. */
void zt_report_html(FILE *out, const Zt__GapsReply *g, const Zt__AlertsReply *a, const Zt__LeaversReply *leavers,
                    const struct zt_benchmarks *b, const struct zt_gap_cross *cross);

#endif
