#include "pupil_walk.h"

#include "upn.h"

int zt_pupil_walk(struct zt_txn *txn, const char *upn, const struct zt_pupil_walkers *w, void *arg)
{
    const struct {
        enum zt_db db;
        zt_walk_fn fn;
    } kinds[] = {
        {ZT_DB_ROLL, w->roll},           {ZT_DB_ATTENDANCE, w->attendance},
        {ZT_DB_BEHAVIOUR, w->behaviour}, {ZT_DB_ASSESSMENT, w->assessment},
        {ZT_DB_HEALTH, w->health},
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].fn)
            rc = zt_walk(txn, kinds[i].db, upn, ZT_UPN_LEN, kinds[i].fn, arg);
    return rc;
}
