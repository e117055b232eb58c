/* The zone's codes in the plain English a family reads: no internal keys,
 * no jargon. Shared by the meeting pack and the parents' summary. */
#ifndef ZT_PLAIN_WORDS_H
#define ZT_PLAIN_WORDS_H

#include "date.h"

#define ZT_WORDS_DATE_LEN 24

/* "2 March 2026"; returns buf. */
char *zt_words_date(zt_date d, char buf[ZT_WORDS_DATE_LEN]);
/* "Year 5", "Reception", "Nursery 1"; returns buf. */
char *zt_words_year_group(int code, char buf[ZT_WORDS_DATE_LEN]);
/* "Autumn 2025" for the term holding d; returns buf. */
char *zt_words_term(zt_date d, char buf[ZT_WORDS_DATE_LEN]);
/* "Maths", "Reading", "Writing", "English". */
const char *zt_words_subject(int subject);
/* "Gap", "Emerging", "Expected", "Deepening" and what each means. */
const char *zt_words_step(int step);
const char *zt_words_step_meaning(int step);
/* "Green", "Amber", "Red" (Zt__Colour values). */
const char *zt_words_colour(int colour);
/* A school's own word (a behaviour category, a health event's kind) with
 * its underscores as spaces, into buf; returns buf. */
char *zt_words_free(const char *s, char *buf, size_t size);
/* "parent, social worker" for role bits; returns buf. */
char *zt_words_roles(unsigned bits, char *buf, size_t size);

#endif
