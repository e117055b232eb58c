/* Writing the zone: DIR/zone.csv lists the schools; DIR/school-<URN>/
 * holds the school's MIS export (UTF-8, LF, header first, RFC 4180
 * quoting). */
#ifndef ZG_EXPORT_H
#define ZG_EXPORT_H

#include "zone.h"

/* Rows written, per kind of file, over all schools. */
struct zg_totals {
    unsigned long long pupils, attendance, behaviour, assessments, health;
};

/* DIR/zone.csv: urn, name, cluster. Returns 0 or -errno after naming the
 * file on stderr. */
int zg_write_zone_csv(const struct zg_zone *z);

/* DIR/school-<URN>/ with pupils.csv, attendance.csv, behaviour.csv,
 * assessments.csv and health.csv over the run's dates; adds its rows to
 * *t. Returns 0 or -errno after naming what failed on stderr. */
int zg_write_school(const struct zg_zone *z, const struct zg_school *s, struct zg_totals *t);

#endif
