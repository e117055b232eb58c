/* Calendar dates as day numbers: days since 1970-01-01 (proleptic Gregorian).
 * Day numbers sort like dates, subtract to give distances, and fit big-endian
 * into LMDB keys. */
#ifndef ZT_DATE_H
#define ZT_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t zt_date;

#define ZT_DATE_STRLEN 11 /* "YYYY-MM-DD" and its NUL */

/* The dates the zone takes: what zt_date_parse accepts, 1900-01-01 to
 * 2199-12-31, and so every date field of a request (server/protocol/wire_check.c). */
#define ZT_YEAR_MIN 1900
#define ZT_YEAR_MAX 2199
#define ZT_DATE_MIN (-25567)  /* 1900-01-01 */
#define ZT_DATE_MAX 84005     /* 2199-12-31 */

/* 1 when d is a day number from ZT_DATE_MIN to ZT_DATE_MAX. */
int zt_date_valid(int64_t d);

/* Day number of a civil date; month 1-12, day 1-31 (not range checked).
 * Safe for any year: beyond the int32 range the result saturates. */
zt_date zt_date_from_ymd(int year, int month, int day);
/* Safe for any day number. */
void zt_date_to_ymd(zt_date d, int *year, int *month, int *day);

/* Parses exactly "YYYY-MM-DD" (len bytes, no NUL needed) into *out.
 * Returns 0, or -1 when the text is not a real calendar date in 1900-2199. */
int zt_date_parse(const char *s, size_t len, zt_date *out);

/* Writes "YYYY-MM-DD" and a NUL into buf; returns buf. */
char *zt_date_format(zt_date d, char buf[ZT_DATE_STRLEN]);

/* Today's date on this machine's local calendar. */
zt_date zt_date_today(void);

/* 1 September of the academic year containing d. */
zt_date zt_academic_year_start(zt_date d);

/* Months since January 2000 (0 = 2000-01); the attendance record key unit. */
int zt_date_month_index(zt_date d);
zt_date zt_month_index_first_day(int month_index);
int zt_month_index_days(int month_index);

/* 0 = Monday ... 6 = Sunday. */
int zt_date_weekday(zt_date d);

/* The term (ZT_TERM_* of common/codes.h) of a date: autumn September to
 * December, spring January to March, summer April to August. */
int zt_term_of(zt_date d);

#endif
