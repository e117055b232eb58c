#include "date.h"

#include <time.h>

#include "codes.h"

/* Howard Hinnant's days_from_civil / civil_from_days, in 64 bits so that
 * any int32 day number, and any int year, is safe (no overflow). */
zt_date zt_date_from_ymd(int year, int m, int d)
{
    const int64_t y = (int64_t)year - (m <= 2);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * ((int64_t)m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const int64_t z = era * 146097 + doe - 719468;
    return z > INT32_MAX ? INT32_MAX : z < INT32_MIN ? INT32_MIN : (zt_date)z;
}

void zt_date_to_ymd(zt_date day, int *year, int *month, int *day_of_month)
{
    const int64_t z = (int64_t)day + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (m <= 2)); /* |year| < 6 million */
    *month = m;
    *day_of_month = (int)(doy - (153 * mp + 2) / 5 + 1);
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int zt_date_parse(const char *s, size_t len, zt_date *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    const int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < ZT_YEAR_MIN || y > ZT_YEAR_MAX || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *out = zt_date_from_ymd(y, m, d);
    return 0;
}

char *zt_date_format(zt_date d, char buf[ZT_DATE_STRLEN])
{
    int y, m, dd;
    zt_date_to_ymd(d, &y, &m, &dd);
    if (y < 0 || y > 9999) {
        buf[0] = '\0';
        return buf;
    }
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = '\0';
    return buf;
}

zt_date zt_date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return zt_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

zt_date zt_academic_year_start(zt_date d)
{
    int y, m, dd;
    zt_date_to_ymd(d, &y, &m, &dd);
    return zt_date_from_ymd(m >= 9 ? y : y - 1, 9, 1);
}

int zt_date_valid(int64_t d)
{
    return d >= ZT_DATE_MIN && d <= ZT_DATE_MAX;
}

int zt_date_month_index(zt_date d)
{
    int y, m, dd;
    zt_date_to_ymd(d, &y, &m, &dd);
    return (y - 2000) * 12 + (m - 1);
}

/* The year and month (1-12) of month index mi. */
static void month_index_ym(int mi, int *y, int *m)
{
    const int64_t years = mi >= 0 ? mi / 12 : ((int64_t)mi - 11) / 12; /* mi - 11 could overflow */
    *y = (int)(2000 + years);
    *m = (int)(mi - years * 12 + 1);
}

zt_date zt_month_index_first_day(int mi)
{
    int y, m;
    month_index_ym(mi, &y, &m);
    return zt_date_from_ymd(y, m, 1);
}

int zt_month_index_days(int mi)
{
    int y, m;
    month_index_ym(mi, &y, &m);
    return days_in_month(y, m);
}

int zt_date_weekday(zt_date d)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0); d + 3 could overflow. */
    int w = (d % 7 + 3) % 7;
    return w < 0 ? w + 7 : w;
}

int zt_term_of(zt_date d)
{
    int y, m, day;
    zt_date_to_ymd(d, &y, &m, &day);
    return m >= 9 ? ZT_TERM_AUTUMN : m <= 3 ? ZT_TERM_SPRING : ZT_TERM_SUMMER;
}
