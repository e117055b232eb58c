#include "marks.h"

#include "calendar.h"
#include "random.h"

static int un_len(uint64_t h)
{
    static const int w[10] = {30, 20, 15, 10, 10, 3, 3, 3, 3, 3};
    return 1 + zg_pick_weighted(zg_hu01(h), w, 10);
}

static int ill_len(uint64_t h)
{
    static const int w[5] = {20, 32, 24, 14, 10};
    return 1 + zg_pick_weighted(zg_hu01(h), w, 5);
}

/* Whether the school takes year_group out on a trip on weekday number k. */
static int trip_day(const struct zg_school *s, int year_group, int32_t k)
{
    uint64_t key = zg_stream_key(s->cal.school_key, ZG_ST_TRIP + 16 * (year_group + 1));
    return zg_hu01(zg_khash(key, k)) < 0.006;
}

/* G for both sessions when a term-time holiday (starting on a Monday) covers k. */
static char holiday(const struct zg_pupil *p, int32_t k)
{
    for (int j = 0; j < 10; j++) {
        int32_t ks = k - j;
        if (((ks % 5) + 5) % 5 != 0) /* holidays start on a Monday */
            continue;
        uint64_t h = zg_khash(p->k_hol, ks);
        if (zg_hu01(h) < p->p_hol) {
            int len = zg_mix64(h) % 10 < 7 ? 5 : 10;
            if (len > j)
                return 'G';
        }
    }
    return 0;
}

/* N or O for both sessions when an unauthorised run covers k. */
static char unauthorised(const struct zg_pupil *p, int32_t k)
{
    for (int j = 0; j < 10; j++) {
        uint64_t h = zg_khash(p->k_unauth, k - j);
        if (zg_hu01(h) < p->p_unauth) {
            uint64_t h2 = zg_mix64(h);
            int len = un_len(h2);
            if (len > j) {
                int n = (int)((h2 & 0xFFFF) % 10); /* low bits: independent of len */
                return (len == 1 ? n < 4 : n == 0) ? 'N' : 'O';
            }
        }
    }
    return 0;
}

/* I when an illness spell covers k: both sessions, or the afternoon only
 * on its first day now and then (sent home at lunchtime). */
static void illness(const struct zg_pupil *p, int32_t k, char *am, char *pm)
{
    for (int j = 0; j < 5; j++) {
        uint64_t h = zg_khash(p->k_ill, k - j);
        if (zg_hu01(h) < p->p_ill) {
            uint64_t h2 = zg_mix64(h);
            if (ill_len(h2) > j) {
                if (!(j == 0 && (h2 & 0xFFFF) % 100 < 12))
                    *am = 'I';
                *pm = 'I';
                return;
            }
        }
    }
}

/* A whole day's other code: C, R on Eid, B at alternative provision, V on
 * a trip; 0 for none. */
static char whole_day(const struct zg_school *s, const struct zg_pupil *p, zt_date d, int32_t k)
{
    uint64_t h = zg_khash(p->k_day, k);
    if (zg_hu01(h) < p->p_other)
        return 'C';
    if (p->eid && (zg_mix64(h) % 100) < 75 && zg_is_eid(d))
        return 'R';
    if (p->ap_weekday == zt_date_weekday(d))
        return 'B';
    if (trip_day(s, p->year_group, k))
        return 'V';
    return 0;
}

void zg_base_marks(const struct zg_school *s, const struct zg_pupil *p, zt_date d, char *am_out, char *pm_out)
{
    int32_t k = zg_weekday_index(d);
    char am = 0, pm = 0;

    if (p->p_hol > 0)
        am = pm = holiday(p, k);
    if (!am && p->p_unauth > 0)
        am = pm = unauthorised(p, k);
    if (!am && !pm && p->p_ill > 0)
        illness(p, k, &am, &pm);
    if (!am && !pm)
        am = pm = whole_day(s, p, d, k);
    if (!am) {
        double u = zg_hu01(zg_khash(p->k_sess, 2 * (int64_t)k));
        am = u < p->p_med ? 'M' : u < p->p_med + p->p_late ? 'L' : u < p->p_med + p->p_late + p->p_lateu ? 'U' : '/';
    }
    if (!pm) {
        double u = zg_hu01(zg_khash(p->k_sess, 2 * (int64_t)k + 1));
        pm = u < p->p_med ? 'M' : u < p->p_med + p->p_sport ? 'P' : '\\';
    }
    *am_out = am;
    *pm_out = pm;
}
