#include "pupil_walk.h"

#include <errno.h>

#include "err.h"
#include "records.h"
#include "upn.h"

int zt_attendance_walk(struct zt_txn *txn, const char *upn, int first_month, int last_month,
                       zt_walk_fn fn, void *arg)
{
    uint8_t key[ZT_ATT_KEY_LEN];
    int rc = 0;
    if (first_month < 0)
        first_month = 0;
    for (int m = first_month; rc == 0 && m <= last_month && m <= 0xFFFF; m++) {
        zt_key_attendance(key, upn, 0, m);
        /* a cursor per month: pupils evaluated in UPN order step along each */
        rc = zt_walk_lane(txn, ZT_DB_ATTENDANCE, 1 + (unsigned)m % ZT_WALK_LANES, key,
                          ZT_ATT_PREFIX_LEN, fn, arg);
    }
    return rc;
}

int zt_attendance_months(struct zt_txn *txn, int *first_month, int *last_month)
{
    struct zt_val first, last;
    int rc = zt_first_last(txn, ZT_DB_ATTENDANCE, &first, &last);
    if (rc)
        return rc;
    if (first.len != ZT_ATT_KEY_LEN || last.len != ZT_ATT_KEY_LEN)
        return ZT_E_CORRUPT;
    *first_month = zt_key_attendance_month(first.data);
    *last_month = zt_key_attendance_month(last.data);
    return 0;
}

int zt_attendance_del(struct zt_txn *txn, const char *upn, uint32_t *records)
{
    int first, last;
    int rc = zt_attendance_months(txn, &first, &last);
    if (rc)
        return rc == -ENOENT ? 0 : rc;
    uint8_t key[ZT_ATT_KEY_LEN];
    for (int m = first; m <= last; m++) {
        zt_key_attendance(key, upn, 0, m);
        int n = zt_del_prefix(txn, ZT_DB_ATTENDANCE, key, ZT_ATT_PREFIX_LEN, NULL, NULL);
        if (n < 0)
            return n;
        *records += (uint32_t)n;
    }
    return 0;
}

static int walk_attendance(struct zt_txn *txn, const char *upn, const struct zt_pupil_walkers *w, void *arg)
{
    int first, last;
    int rc = zt_attendance_months(txn, &first, &last);
    if (rc)
        return rc == -ENOENT ? 0 : rc;
    return zt_attendance_walk(txn, upn, first, last, w->attendance, arg);
}

int zt_pupil_walk(struct zt_txn *txn, const char *upn, const struct zt_pupil_walkers *w, void *arg)
{
    const struct {
        enum zt_db db;
        zt_walk_fn fn;
    } by_upn[] = {
        {ZT_DB_BEHAVIOUR, w->behaviour},
        {ZT_DB_ASSESSMENT, w->assessment},
        {ZT_DB_HEALTH, w->health},
    };
    int rc = w->roll ? zt_walk(txn, ZT_DB_ROLL, upn, ZT_UPN_LEN, w->roll, arg) : 0;
    if (rc == 0 && w->attendance)
        rc = walk_attendance(txn, upn, w, arg);
    for (size_t i = 0; rc == 0 && i < sizeof by_upn / sizeof by_upn[0]; i++)
        if (by_upn[i].fn)
            rc = zt_walk(txn, by_upn[i].db, upn, ZT_UPN_LEN, by_upn[i].fn, arg);
    return rc;
}
