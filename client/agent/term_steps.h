/* A pupil's assessments as a family reads them: for each subject, the step
 * at the end of each term (the term's latest assessment), oldest term
 * first, and the direction since the term before. */
#ifndef ZT_TERM_STEPS_H
#define ZT_TERM_STEPS_H

#include "date.h"
#include "zonetrack.pb-c.h"

#define ZT_TERMS_SHOWN 6 /* two school years */

struct zt_term_steps {
    size_t nterms;
    zt_date term_date[ZT_TERMS_SHOWN]; /* a date in each term, for its name */
    int step[5][ZT_TERMS_SHOWN];       /* [subject][term], 0: no assessment that term */
};

/* The latest ZT_TERMS_SHOWN terms with an assessment of any subject. */
void zt_term_steps(const Zt__PupilHistory *h, struct zt_term_steps *out);

/* The subject's latest step (0 when never assessed) and the one of the
 * latest earlier term that has one (0 when none). */
int zt_term_steps_latest(const struct zt_term_steps *t, int subject, int *before);

#endif
