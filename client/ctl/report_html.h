/* zonectl report --html: one self-contained HTML page (inline CSS and SVG,
 * no script, no external resource) of the gap analysis: gaps by group, a
 * RAG grid of clusters and schools by measure, the priority list, the
 * disadvantaged gaps per half-term, open alerts by school, and leavers. */
#ifndef ZT_REPORT_HTML_H
#define ZT_REPORT_HTML_H

#include <stdio.h>

#include "benchmarks.h"
#include "zonetrack.pb-c.h"

/* leavers may be NULL: no leavers section. */
void zt_report_html(FILE *out, const Zt__GapsReply *g, const Zt__AlertsReply *a, const Zt__LeaversReply *leavers,
                    const struct zt_benchmarks *b);

#endif
