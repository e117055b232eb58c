#include "zone.h"

#include <time.h>

#include "err.h"
#include "erase.h"
#include "evaluate.h"
#include "gap_snapshots.h"
#include "log.h"
#include "thresholds.h"

zt_date zt_zone_as_of(const struct zt_zone *z)
{
    return z->fixed_as_of ? z->fixed_as_of : zt_date_today();
}

struct reeval {
    zt_date as_of;
    struct zt_evaluation evaluation;
    struct zt_upn_list purged;
    uint32_t purged_records;
    zt_date snapshots[16]; /* half-term ends passed: gap snapshots taken */
    size_t nsnapshots;
};

static int reevaluate_txn(struct zt_txn *txn, void *arg)
{
    struct reeval *r = arg;
    struct zt_thresholds t;
    zt_upn_list_free(&r->purged);
    r->purged_records = 0;
    int rc = zt_thresholds_load(txn, &t);
    if (rc == 0)
        rc = zt_purge(txn, r->as_of, t.v[ZT_THR_RETENTION_DAYS], 0, &r->purged, &r->purged_records);
    if (rc == 0)
        rc = zt_evaluate_all(txn, r->as_of, &t, &r->evaluation);
    return rc ? rc : zt_gap_snapshots_due(txn, r->as_of, &t, r->snapshots, 16, &r->nsnapshots);
}

int zt_zone_reevaluate(struct zt_zone *z)
{
    struct timespec t0, t1;
    struct reeval r = {.as_of = zt_zone_as_of(z)};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = zt_store_write(z->store, reevaluate_txn, &r);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    char d[ZT_DATE_STRLEN];
    if (r.purged.n)
        zt_info("retention: purged %zu pupils who left the zone (%u records)", r.purged.n,
                r.purged_records);
    zt_upn_list_free(&r.purged);
    if (rc) {
        zt_err("re-evaluation as of %s failed: %s", zt_date_format(r.as_of, d), zt_strerror(rc));
        return rc;
    }
    z->evaluated = r.as_of;
    zt_info("re-evaluated %zu pupils as of %s in %.1f ms: %zu alerts opened, %zu resolved", r.evaluation.pupils,
            zt_date_format(r.as_of, d), (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
            r.evaluation.alerts.opened, r.evaluation.alerts.resolved);
    for (size_t i = 0; i < r.nsnapshots; i++)
        zt_info("gap snapshot taken for the half-term ending %s", zt_date_format(r.snapshots[i], d));
    return 0;
}
