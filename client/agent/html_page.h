/* The printable pages the agent writes for families (the meeting pack, the
 * parents' summary): one self-contained HTML page each, inline CSS and SVG,
 * no script, nothing fetched, laid out for A4. Text is escaped by the one
 * HTML escaping function, zt_html_text (client/svg_chart.h). Every
 * colour is written as a word beside it, for a black-and-white printer and
 * for a reader who does not see colour. */
#ifndef ZT_HTML_PAGE_H
#define ZT_HTML_PAGE_H

#include <stdio.h>

#include "zonetrack.pb-c.h"

/* Doctype, head with the page's style, and the opening of the body. */
void zt_page_begin(FILE *out, const char *title);
void zt_page_end(FILE *out);

/* A colour chip: the word on its colour ("Red"). */
void zt_page_colour(FILE *out, int colour);

/* The four steps in a row, the pupil's one marked, each named. */
void zt_page_steps(FILE *out, int step);

/* "87.3%" of num/den into buf, or "no sessions yet"; returns buf. */
char *zt_page_pct(unsigned num, unsigned den, char *buf, size_t size);

/* The year's attendance as a family reads it: the rate, the colour as a
 * chip and what it means against the zone's tipping points; below
 * min_sessions possible, no colour (the zone does not judge so few). */
void zt_page_attendance(FILE *out, const Zt__Indicators *in, long min_sessions, long red_below, long amber_below);

/* The colour of a week's attendance rate against the zone's tipping
 * points (percentages). */
int zt_page_rate_colour(unsigned present, unsigned possible, long red_below, long amber_below);

/* Bars of attendance week by week from year_start to as_of, each coloured
 * (and named in a legend) against the tipping points; weeks without a
 * session drawn as a grey tick. */
void zt_page_week_chart(FILE *out, Zt__AttendanceWeek *const *weeks, size_t n, int year_start, int as_of,
                        long red_below, long amber_below);

#endif
