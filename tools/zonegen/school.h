/* One school of the zone and its roll: who is on it from when to when.
 * URN, establishment number, name, phase and cluster depend on the
 * school's index only (three secondaries in every ten); its INSET days
 * and trips on hash(seed, URN). */
#ifndef ZG_SCHOOL_H
#define ZG_SCHOOL_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "date.h"

struct zg_roll {
    int pupil;            /* index into the zone's pupils */
    zt_date entry, leave; /* on roll for entry <= d < leave */
    int row;              /* 0-based row on this school's roll */
};

struct zg_school {
    int urn, estab, secondary, cluster;
    char name[64];
    struct zg_cal cal;
    struct zg_roll *roll; /* owned */
    size_t nroll, cap;
};

/* School i of a zone of this seed, with an empty roll and no cached
 * calendar. */
void zg_school_init(struct zg_school *s, uint64_t seed, int i);

/* The name of the school's cluster (zone.csv). */
const char *zg_cluster_name(const struct zg_school *s);

/* Puts pupil (an index into the zone's pupils) on s's roll for
 * entry <= d < leave. Returns 0 or -ENOMEM. */
int zg_roll_add(struct zg_school *s, int pupil, zt_date entry, zt_date leave);

/* Frees the roll and the calendar cache. */
void zg_school_free(struct zg_school *s);

#endif
