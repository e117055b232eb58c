#include "calendar.h"

#include <errno.h>
#include <stdlib.h>

#include "random.h"

static zt_date monday_of(zt_date d)
{
    return d - zt_date_weekday(d);
}

/* Last Friday on or before d. */
static zt_date friday_on_or_before(zt_date d)
{
    return d - (zt_date_weekday(d) - 4 + 7) % 7;
}

static int in_range(zt_date d, zt_date lo, zt_date hi)
{
    return d >= lo && d <= hi;
}

/* School holidays: October half-term (last full week of October), Christmas
 * (20 Dec - 2 Jan, to the weekend when 3 Jan is a Thursday or Friday),
 * February half-term (week of 16 Feb), Easter (two weeks from the Monday of
 * the week of 30 Mar), the May Day bank holiday, May half-term (last full
 * week of May) and summer (22 Jul - 31 Aug). */
static int is_holiday(zt_date d)
{
    int y, m, dd;
    zt_date_to_ymd(d, &y, &m, &dd);
    switch (m) {
    case 10: {
        zt_date fri = friday_on_or_before(zg_ymd(y, 10, 31));
        return in_range(d, fri - 4, fri);
    }
    case 12:
        return dd >= 20;
    case 1: {
        zt_date jan3 = zg_ymd(y, 1, 3);
        int wd = zt_date_weekday(jan3);
        zt_date end = (wd == 3 || wd == 4) ? jan3 + (6 - wd) : jan3 - 1;
        return d <= end;
    }
    case 2: {
        zt_date mon = monday_of(zg_ymd(y, 2, 16));
        return in_range(d, mon, mon + 4);
    }
    case 3:
    case 4: {
        zt_date mon = monday_of(zg_ymd(y, 3, 30));
        return in_range(d, mon, mon + 13);
    }
    case 5: {
        zt_date may1 = zg_ymd(y, 5, 1);
        zt_date mayday = may1 + (7 - zt_date_weekday(may1)) % 7;
        zt_date fri = friday_on_or_before(zg_ymd(y, 5, 31));
        return d == mayday || in_range(d, fri - 4, fri);
    }
    case 7:
        return dd >= 22;
    case 8:
        return 1;
    default:
        return 0;
    }
}

static int is_open(zt_date d)
{
    return zt_date_weekday(d) < 5 && !is_holiday(d);
}

zt_date zg_next_open(zt_date d)
{
    while (!is_open(d))
        d++;
    return d;
}

/* The first day in [lo, hi] that ok() accepts from a day chosen by h, or
 * failing that the last before it; lo when there is none. */
static zt_date pick_day(const struct zg_cal *c, int (*ok)(const struct zg_cal *, zt_date), uint64_t h,
                        zt_date lo, zt_date hi)
{
    zt_date d = lo + (zt_date)(h % (uint64_t)(hi - lo + 1));
    for (zt_date x = d; x <= hi; x++)
        if (ok(c, x))
            return x;
    for (zt_date x = d - 1; x >= lo; x--)
        if (ok(c, x))
            return x;
    return lo;
}

static int open_day(const struct zg_cal *c, zt_date d)
{
    (void)c; /* the holidays are the zone's */
    return is_open(d);
}

/* A school's INSET days in academic year ay: the first day of the autumn
 * term or a day in early October; sometimes the first day back in January;
 * sometimes the Monday after February half-term. */
static int is_inset(uint64_t school_key, zt_date d)
{
    zt_date ay_start = zt_academic_year_start(d);
    int ay, m_, d_;
    zt_date_to_ymd(ay_start, &ay, &m_, &d_);
    uint64_t h = zg_khash(zg_stream_key(school_key, ZG_ST_INSET), ay);
    zt_date a = (h % 100 < 55) ? zg_next_open(ay_start)
                               : pick_day(NULL, open_day, zg_mix64(h), zg_ymd(ay, 10, 1), zg_ymd(ay, 10, 17));
    if (d == a)
        return 1;
    if ((h >> 8) % 100 < 40 && d == zg_next_open(zg_ymd(ay + 1, 1, 2)))
        return 1;
    if ((h >> 16) % 100 < 30 && d == zg_next_open(monday_of(zg_ymd(ay + 1, 2, 16)) + 7))
        return 1;
    return 0;
}

static int flags_of(uint64_t school_key, zt_date d)
{
    if (!is_open(d))
        return 0;
    return ZG_CAL_OPEN | (is_inset(school_key, d) ? ZG_CAL_INSET : 0);
}

int zg_cal_flags(const struct zg_cal *c, zt_date d)
{
    if (c->flags && d >= c->lo && d <= c->hi)
        return c->flags[d - c->lo];
    return flags_of(c->school_key, d);
}

int zg_cal_teaching(const struct zg_cal *c, zt_date d)
{
    return zg_cal_flags(c, d) == ZG_CAL_OPEN;
}

int zg_cal_build(struct zg_cal *c, zt_date lo, zt_date hi)
{
    c->flags = malloc((size_t)(hi - lo + 1));
    if (!c->flags)
        return -ENOMEM;
    for (zt_date d = lo; d <= hi; d++)
        c->flags[d - lo] = (unsigned char)flags_of(c->school_key, d);
    c->lo = lo;
    c->hi = hi;
    return 0;
}

void zg_cal_free(struct zg_cal *c)
{
    free(c->flags);
    c->flags = NULL;
}

zt_date zg_pick_teaching(const struct zg_cal *c, uint64_t h, zt_date lo, zt_date hi)
{
    return pick_day(c, zg_cal_teaching, h, lo, hi);
}

int32_t zg_weekday_index(zt_date d)
{
    int32_t m = d + 3; /* days since Monday 1969-12-29 */
    int32_t w = m >= 0 ? m / 7 : -((-m + 6) / 7);
    int32_t r = m - w * 7;
    return w * 5 + (r < 5 ? r : 5);
}

int zg_is_eid(zt_date d)
{
    static const struct {
        short y, m, d;
    } eid_dates[] = {
        {2023, 4, 21}, {2023, 6, 28}, {2024, 4, 10}, {2024, 6, 17}, {2025, 3, 31}, {2025, 6, 6},
        {2026, 3, 20}, {2026, 5, 27}, {2027, 3, 10}, {2027, 5, 17},
    };
    for (int i = 0; i < ZG_COUNT(eid_dates); i++)
        if (d == zg_ymd(eid_dates[i].y, eid_dates[i].m, eid_dates[i].d))
            return 1;
    return 0;
}
