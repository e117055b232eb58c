#include "school.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "random.h"

static const char *const school_prefix[] = {
    "Brookfield", "Hillside", "Oakwood", "Riverside", "St Mary's", "Meadowbank", "Ashgrove",
    "Northgate", "Westfield", "Canalside", "Greenacres", "Holy Trinity", "Kingsway",
    "Parkview", "Moorside", "Thornhill", "Beechwood", "Millbrook", "Fairfield", "Sandhill",
    "Crossley", "Larkspur", "Highfield", "Victoria", "Albert Road", "Coalbrook",
    "Marsh Lane", "Willowbank", "St Joseph's", "Foxhill"};
static const char *const primary_suffix[] = {"Primary", "Primary School", "Community Primary", "Junior and Infant"};
static const char *const secondary_suffix[] = {"Academy", "High School", "School", "College"};
static const char *const clusters[] = {"North", "South", "Central"};

void zg_school_init(struct zg_school *s, uint64_t seed, int i)
{
    memset(s, 0, sizeof *s);
    s->urn = 137104 + i * 283 + (i * 37) % 50;
    s->secondary = (i % 10 == 1 || i % 10 == 4 || i % 10 == 7);
    s->estab = (s->secondary ? 4000 : 2000) + 101 + i * 7;
    s->cluster = i % ZG_COUNT(clusters);
    int np = ZG_COUNT(school_prefix);
    const char *suffix = s->secondary ? secondary_suffix[(i / np) % ZG_COUNT(secondary_suffix)]
                                      : primary_suffix[(i / np) % ZG_COUNT(primary_suffix)];
    snprintf(s->name, sizeof s->name, "%s %s", school_prefix[i % np], suffix);
    s->cal.school_key = zg_hash3(seed, (uint64_t)s->urn, ZG_ST_SCHOOL);
}

const char *zg_cluster_name(const struct zg_school *s)
{
    return clusters[s->cluster];
}

int zg_roll_add(struct zg_school *s, int pupil, zt_date entry, zt_date leave)
{
    int rc = zt_grow(&s->roll, s->nroll, &s->cap, sizeof *s->roll, 64);
    if (rc)
        return rc;
    s->roll[s->nroll] = (struct zg_roll){pupil, entry, leave, (int)s->nroll};
    s->nroll++;
    return 0;
}

void zg_school_free(struct zg_school *s)
{
    free(s->roll);
    s->roll = NULL;
    zg_cal_free(&s->cal);
}
