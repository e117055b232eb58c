/* zonegen: writes a synthetic ZoneTrack "family zone" of school MIS exports
 * for `make demo`, the tests and `make bench`:
 *
 *   zonegen --out DIR [--seed N] [--schools N] [--pupils N]
 *           [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--only-day YYYY-MM-DD]
 *
 * All people are invented from small name tables; all figures come from
 * the model, not from any real school. The same arguments always give the
 * same bytes (random.h), and one day's rows never depend on an earlier
 * day's (day.h), so --only-day D writes exactly a full run's rows for D.
 *
 * The modules: args (the command line), zone (the plan: schools, pupils,
 * rolls, movers and exclusions; school, pupil, names), calendar, day (one
 * pupil's day: marks, incidents, health, assessment), and the writers
 * (export: zone.csv and each school's folder; write_<file>.c one file's
 * rows through out_file and csv_put). No libm: the model uses no <math.h>
 * functions. */
#include <stdio.h>

#include "args.h"
#include "err.h"
#include "export.h"
#include "make_dir.h"
#include "zone.h"

/* Writes the zone: 0, or 1 after naming what failed. */
static int write_zone(const struct zg_zone *z, struct zg_totals *t)
{
    int rc = zg_write_zone_csv(z);
    for (int i = 0; !rc && i < z->opt.nschools; i++)
        rc = zg_write_school(z, &z->schools[i], t);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct zg_zone z = {0};
    int rc;
    if (zg_args_parse(argc, argv, &z.opt, &rc))
        return rc;
    if ((rc = zg_make_dir(z.opt.out))) {
        fprintf(stderr, "zonegen: cannot create %s: %s\n", z.opt.out, zt_strerror(rc));
        return 1;
    }
    struct zg_totals t = {0};
    if ((rc = zg_zone_build(&z)))
        fputs("zonegen: out of memory\n", stderr); /* the plan's only failure */
    else
        rc = write_zone(&z, &t);
    if (!rc)
        fprintf(stderr,
                "zonegen: %d school%s, %d pupils (%d movers on two rolls, %d excluded); rows: "
                "zone.csv %d, pupils.csv %llu, attendance.csv %llu, behaviour.csv %llu, "
                "assessments.csv %llu, health.csv %llu\n",
                z.opt.nschools, z.opt.nschools == 1 ? "" : "s", z.opt.nschools * z.opt.npupils, z.nmovers, z.npex,
                z.opt.nschools, t.pupils, t.attendance, t.behaviour, t.assessments, t.health);
    zg_zone_free(&z);
    return rc ? 1 : 0;
}
