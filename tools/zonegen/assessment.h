/* Termly teacher assessments (assessments.csv): on the school's four
 * assessment dates a step for each subject of its phase, from the pupil's
 * latent score, a stable subject offset and a little term-to-term noise. */
#ifndef ZG_ASSESSMENT_H
#define ZG_ASSESSMENT_H

#include "date.h"
#include "pupil.h"
#include "school.h"

/* Whether d is one of s's assessment dates: the last teaching day on or
 * before 20 Oct, 18 Dec, 20 Mar and 10 Jul. */
int zg_is_assessment_day(const struct zg_school *s, zt_date d);

/* The subjects of a phase: how many, and each one's name. */
int zg_subject_count(int secondary);
const char *zg_subject_name(int secondary, int subject);

/* The step name ("gap", "emerging", "expected", "deepening") of p in
 * subject on d. */
const char *zg_assessment_step(const struct zg_pupil *p, int secondary, int subject, zt_date d);

#endif
