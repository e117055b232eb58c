/* The rows of each export file, one writer a file (write_<file>.c), each
 * with its header line. The rows of a pupil's day come from day.h. */
#ifndef ZG_EXPORT_ROWS_H
#define ZG_EXPORT_ROWS_H

#include "date.h"
#include "day.h"
#include "out_file.h"
#include "zone.h"

extern const char zg_pupils_header[], zg_attendance_header[], zg_behaviour_header[], zg_assessments_header[],
    zg_health_header[];

/* One row per pupil on s's roll, in roll order. */
void zg_write_pupils(struct zg_out *o, const struct zg_zone *z, const struct zg_school *s);

/* The AM and PM marks of the pupil upn on date ("YYYY-MM-DD"). */
void zg_write_attendance(struct zg_out *o, const char *upn, const char *date, const struct zg_day *day);

/* The day's incidents of the pupil upn, row on the roll. */
void zg_write_behaviour(struct zg_out *o, const char *upn, const char *date, int row, const struct zg_day *day);

/* The day's health event of the pupil upn, row on the roll, if any. */
void zg_write_health(struct zg_out *o, const char *upn, const char *date, int row, const struct zg_day *day);

/* Pupil p's step in each subject of the phase on assessment day d. */
void zg_write_assessments(struct zg_out *o, const struct zg_pupil *p, int secondary, const char *date, zt_date d);

#endif
