#include "export.h"

#include <stdio.h>
#include <string.h>

#include "assessment.h"
#include "calendar.h"
#include "day.h"
#include "err.h"
#include "export_rows.h"
#include "make_dir.h"
#include "out_file.h"

enum { F_PUPILS, F_ATTENDANCE, F_BEHAVIOUR, F_ASSESSMENTS, F_HEALTH, NFILES };

static const struct {
    const char *name, *header;
} files[NFILES] = {
    {"pupils.csv", zg_pupils_header},           {"attendance.csv", zg_attendance_header},
    {"behaviour.csv", zg_behaviour_header},     {"assessments.csv", zg_assessments_header},
    {"health.csv", zg_health_header},
};

/* The rows of every pupil on s's roll on open day d. */
static void write_day(const struct zg_zone *z, const struct zg_school *s, zt_date d, struct zg_out out[NFILES])
{
    char date[ZT_DATE_STRLEN];
    zt_date_format(d, date);
    int assessing = zg_is_assessment_day(s, d);
    for (size_t i = 0; i < s->nroll; i++) {
        const struct zg_roll *e = &s->roll[i];
        if (d < e->entry || d >= e->leave)
            continue;
        const struct zg_pupil *p = &z->pupils[e->pupil];
        struct zg_day day;
        zg_day_data(s, e, p, d, &day);
        zg_write_attendance(&out[F_ATTENDANCE], p->upn, date, &day);
        zg_write_behaviour(&out[F_BEHAVIOUR], p->upn, date, e->row, &day);
        zg_write_health(&out[F_HEALTH], p->upn, date, e->row, &day);
        if (assessing && !(p->pex_date != ZG_NONE && d > p->pex_date)) /* none once excluded */
            zg_write_assessments(&out[F_ASSESSMENTS], p, s->secondary, date, d);
    }
}

int zg_write_school(const struct zg_zone *z, const struct zg_school *s, struct zg_totals *t)
{
    char dir[4096], path[4200];
    struct zg_out out[NFILES];
    int rc = 0, opened = 0;
    snprintf(dir, sizeof dir, "%s/school-%d", z->opt.out, s->urn);
    if ((rc = zg_make_dir(dir))) {
        fprintf(stderr, "zonegen: cannot create %s: %s\n", dir, zt_strerror(rc));
        return rc;
    }
    for (; opened < NFILES; opened++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[opened].name);
        if ((rc = zg_out_open(&out[opened], path))) {
            zg_out_close(&out[opened]); /* names the file */
            break;
        }
        zg_out_put(&out[opened], files[opened].header, strlen(files[opened].header));
    }
    if (rc == 0) {
        zg_write_pupils(&out[F_PUPILS], z, s);
        for (zt_date d = z->opt.from; d <= z->opt.to; d++)
            if (zg_cal_flags(&s->cal, d) & ZG_CAL_OPEN)
                write_day(z, s, d, out);
    }
    for (int f = 0; f < opened; f++) {
        int closed = zg_out_close(&out[f]);
        if (!rc)
            rc = closed;
    }
    if (rc == 0) {
        t->pupils += out[F_PUPILS].rows;
        t->attendance += out[F_ATTENDANCE].rows;
        t->behaviour += out[F_BEHAVIOUR].rows;
        t->assessments += out[F_ASSESSMENTS].rows;
        t->health += out[F_HEALTH].rows;
    }
    return rc;
}
