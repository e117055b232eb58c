/* The school calendar. Holidays are the same zone-wide and depend on the
 * date only; INSET (closure) days depend on the school. A school's flags are
 * cached over the run's window; outside it they are recomputed, so the
 * cache changes speed only, never results. */
#ifndef ZG_CALENDAR_H
#define ZG_CALENDAR_H

#include <stdint.h>

#include "date.h"

enum { ZG_CAL_OPEN = 1, ZG_CAL_INSET = 2 };

struct zg_cal {
    uint64_t school_key;  /* the school's hash: its INSET days */
    zt_date lo, hi;       /* the cached window */
    unsigned char *flags; /* ZG_CAL_* of each day lo..hi, owned; NULL: none */
};

static inline zt_date zg_ymd(int y, int m, int d)
{
    return zt_date_from_ymd(y, m, d);
}

/* The first weekday on or after d that is not a holiday. */
zt_date zg_next_open(zt_date d);

/* ZG_CAL_OPEN (a weekday out of the holidays), with ZG_CAL_INSET when the
 * school is closed for training; 0 on a closed day. */
int zg_cal_flags(const struct zg_cal *c, zt_date d);

/* Open and not INSET: a day pupils can attend. */
int zg_cal_teaching(const struct zg_cal *c, zt_date d);

/* Caches c's flags over [lo, hi]. Returns 0 or -ENOMEM. */
int zg_cal_build(struct zg_cal *c, zt_date lo, zt_date hi);

void zg_cal_free(struct zg_cal *c);

/* A teaching day of the school in [lo, hi] chosen by h (lo when none). */
zt_date zg_pick_teaching(const struct zg_cal *c, uint64_t h, zt_date lo, zt_date hi);

/* Weekday number: Mondays-to-Fridays counted from 1970, holidays included;
 * the clock that spells run on. */
int32_t zg_weekday_index(zt_date d);

/* An approximate Eid al-Fitr or al-Adha date (R: religious observance). */
int zg_is_eid(zt_date d);

#endif
