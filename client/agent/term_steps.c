#include "term_steps.h"

#include <string.h>

/* Terms counted from year 0: three a school year. */
static long term_number(zt_date d)
{
    int y, m, day;
    zt_date_to_ymd(d, &y, &m, &day);
    int start_year = m >= 9 ? y : y - 1;
    return (long)start_year * 3 + (zt_term_of(d) - 1);
}

void zt_term_steps(const Zt__PupilHistory *h, struct zt_term_steps *out)
{
    memset(out, 0, sizeof *out);
    long terms[ZT_TERMS_SHOWN];
    /* the latest distinct terms, newest first */
    for (size_t pass = 0; pass < ZT_TERMS_SHOWN; pass++) {
        long best = -1;
        zt_date when = 0;
        for (size_t i = 0; h && i < h->n_assessments; i++) {
            long t = term_number(h->assessments[i]->date);
            if (t > best && (pass == 0 || t < terms[pass - 1]))
                best = t, when = h->assessments[i]->date;
        }
        if (best < 0)
            break;
        terms[pass] = best;
        out->term_date[pass] = when;
        out->nterms++;
    }
    /* oldest first */
    for (size_t i = 0; i < out->nterms / 2; i++) {
        long t = terms[i];
        zt_date d = out->term_date[i];
        terms[i] = terms[out->nterms - 1 - i], out->term_date[i] = out->term_date[out->nterms - 1 - i];
        terms[out->nterms - 1 - i] = t, out->term_date[out->nterms - 1 - i] = d;
    }
    zt_date latest[5][ZT_TERMS_SHOWN] = {{0}};
    for (size_t i = 0; h && i < h->n_assessments; i++) {
        const Zt__AssessmentRow *a = h->assessments[i];
        long t = term_number(a->date);
        for (size_t k = 0; k < out->nterms; k++)
            if (terms[k] == t && a->subject >= 1 && a->subject <= 4 &&
                (!out->step[a->subject][k] || a->date >= latest[a->subject][k])) {
                out->step[a->subject][k] = (int)a->step;
                latest[a->subject][k] = a->date;
            }
    }
}

int zt_term_steps_latest(const struct zt_term_steps *t, int subject, int *before)
{
    int now = 0;
    *before = 0;
    for (size_t k = t->nterms; k-- > 0;) {
        int s = t->step[subject][k];
        if (!s)
            continue;
        if (!now)
            now = s;
        else {
            *before = s;
            break;
        }
    }
    return now;
}
