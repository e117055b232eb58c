/* zone-agent summary: a one-page progress summary for parents (issue #16
 * §3), one a pupil on the roll, made at the school: attendance with its
 * colour as a word and what it means, each subject's step and its
 * direction since last term, and for a subject below expected one line of
 * what helps at home, from the school's summary_help file. */
#ifndef ZT_SUMMARY_H
#define ZT_SUMMARY_H

#include <stdio.h>

#include "family_fetch.h"

/* Writes summary-UPN.html into dir for each pupil of pupils.csv (of year
 * group year_group, 0 for all), helped by the help file. Says each file
 * on report; a pupil the zone cannot give is one line on stderr and the
 * rest go on. Returns 0, or -1 with err (the help file, the folder, or
 * how many pupils were left out). */
int zt_summary_write(struct zt_family_run *run, int year_group, const char *dir, const char *help_file,
                     FILE *report, size_t *written, char *err, size_t errlen);

#endif
