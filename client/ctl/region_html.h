/* zonectl region report --html: the county picture from the regional
 * database (deploy/region/schema.sql) as one self-contained page: zones and
 * their clusters side by side, RAG against national, the disadvantaged gap
 * by zone, priority schools across the county, and alerts, leavers and
 * impact per zone. Only what the zones published is there: a withheld
 * figure shows as "fewer than 5" or a dash. */
#ifndef ZT_REGION_HTML_H
#define ZT_REGION_HTML_H

#include <libpq-fe.h>
#include <stdio.h>

#include "benchmarks.h"

/* The query results the page is made of, each in the column order of the
 * queries in cmd_region.c. */
struct zt_region_results {
    PGresult *scopes, *schools, *gaps, *alerts, *leavers, *impact;
};

void zt_region_html(FILE *out, const struct zt_region_results *r, const struct zt_benchmarks *b);

#endif
