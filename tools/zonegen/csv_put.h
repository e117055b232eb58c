/* Building a CSV row in a caller's buffer: each function appends at dst
 * and returns the new end. The caller sizes the buffer for the row. */
#ifndef ZG_CSV_PUT_H
#define ZG_CSV_PUT_H

/* s as an RFC 4180 field: quoted when it holds a comma, quote or line
 * end. Needs room for 2 * strlen(s) + 2 bytes. */
char *zg_put_field(char *dst, const char *s);

/* s as it is (a code, a date: nothing to quote). */
char *zg_put_str(char *dst, const char *s);

char *zg_put_int(char *dst, int v);

/* A year group: R for Reception (0), else its number. */
char *zg_put_year(char *dst, int year_group);

/* An event id made of the date ("YYYY-MM-DD"), the pupil's row on the roll
 * and a sequence number, e.g. B20251015-0123-1: no running counter, so a
 * day's ids are the same in any run that covers it. */
char *zg_put_id(char *dst, char letter, const char *date, int row, int seq);

#endif
