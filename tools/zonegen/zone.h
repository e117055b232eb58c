/* The zone's plan: its schools, their pupils and each school's roll,
 * fixed before a single day is written (day.h computes a day from these
 * alone). Rolls always describe academic year 2025/26 (ZG_REF_YEAR)
 * whatever --from and --to say, so pupils.csv is the same for any date
 * range and for --only-day; movers, permanent exclusions and mid-year joins
 * are pupil traits fixed here, so no day needs an earlier day's history. */
#ifndef ZG_ZONE_H
#define ZG_ZONE_H

#include <stdint.h>

#include "date.h"
#include "pupil.h"
#include "school.h"

#define ZG_MAX_SCHOOLS 100
#define ZG_MAX_PUPILS 5000 /* keeps the 3-digit UPN serial per year group */

/* What the command line asks for. */
struct zg_options {
    const char *out; /* the folder to write */
    uint64_t seed;
    int nschools, npupils; /* npupils: per school */
    zt_date from, to;      /* the dates of records, inclusive */
};

struct zg_zone {
    struct zg_options opt;
    struct zg_school *schools; /* opt.nschools, owned */
    struct zg_pupil *pupils;   /* nschools * npupils, school-major, owned */
    int nmovers, npex;
};

/* Plans the zone z->opt asks for into *z (its other fields zero). Returns
 * 0 or -ENOMEM; either way zg_zone_free releases what it holds. */
int zg_zone_build(struct zg_zone *z);
void zg_zone_free(struct zg_zone *z);

#endif
