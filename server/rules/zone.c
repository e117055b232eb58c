#include "zone.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "err.h"
#include "erase.h"
#include "evaluate.h"
#include "gap_snapshots.h"
#include "log.h"
#include "records.h"
#include "thresholds.h"

zt_date zt_zone_as_of(const struct zt_zone *z)
{
    if (z->fixed_as_of)
        return z->fixed_as_of;
    /* a calendar that moves back while zoned runs does not take the
     * evaluations (a push's included) back with it */
    zt_date today = zt_date_today();
    return today < z->evaluated ? z->evaluated : today;
}

/* ZT_DB_META key: the latest date the whole zone was evaluated as of. */
#define LATEST_EVALUATION "latest_evaluation"
#define EARLIER 2 /* reevaluate_txn: the date is before the latest evaluation */
#define REWOUND 1 /* reevaluate_txn: evaluated for a rewound date, nothing kept */

struct reeval {
    zt_date as_of;
    int rewind;     /* --rewind: an earlier date is evaluated, and nothing stored */
    zt_date latest; /* the zone's latest evaluation before this one; 0: not known */
    struct zt_evaluation evaluation;
    struct zt_upn_list purged; /* purged, or past retention while the purge is held */
    uint32_t purged_records;
    int held;       /* the purge waits for zonectl purge, since held_since */
    zt_date held_since;
    zt_date snapshots[16]; /* half-term ends passed: gap snapshots taken */
    size_t nsnapshots;
};

static int latest_evaluation(struct zt_txn *txn, zt_date *out)
{
    struct zt_val v;
    int32_t d = 0;
    int rc = zt_get(txn, ZT_DB_META, LATEST_EVALUATION, strlen(LATEST_EVALUATION), &v);
    if (rc == 0)
        rc = zt_value_copy(&d, sizeof d, v.data, v.len);
    *out = d;
    return rc == -ENOENT ? 0 : rc;
}

/* The daily retention purge, audited. After a date jump (more than a day
 * since the latest evaluation: a clock or --as-of set wrong) a purge of
 * more than purge_confirm_above pupils is held instead, until a purge by
 * hand (zonectl purge) confirms it. */
static int retention_purge(struct zt_txn *txn, struct reeval *r, const struct zt_thresholds *t)
{
    int64_t days = t->v[ZT_THR_RETENTION_DAYS];
    uint32_t none = 0;
    int rc = zt_purge_held(txn, &r->held_since);
    if (rc != -ENOENT) {
        r->held = rc == 0;
        return rc ? rc : zt_purge(txn, r->as_of, days, 1, &r->purged, &none);
    }
    if (r->latest && r->as_of - r->latest > 1) { /* a date jump: count first, hold a large purge */
        rc = zt_purge(txn, r->as_of, days, 1, &r->purged, &none);
        if (rc || (int64_t)r->purged.n > t->v[ZT_THR_PURGE_CONFIRM_ABOVE]) {
            r->held = rc == 0;
            r->held_since = r->as_of;
            return rc ? rc : zt_purge_hold(txn, r->as_of);
        }
        zt_upn_list_free(&r->purged);
    }
    rc = zt_purge(txn, r->as_of, days, 0, &r->purged, &r->purged_records);
    if (rc || r->purged.n == 0)
        return rc;
    char d[ZT_DATE_STRLEN];
    return rc ? rc : zt_audit_add(txn, "zoned", "purged %zu pupils past retention (%u records): the daily purge as of %s",
                                  r->purged.n, r->purged_records, zt_date_format(r->as_of, d));
}

static int reevaluate_txn(struct zt_txn *txn, void *arg)
{
    struct reeval *r = arg;
    struct zt_thresholds t;
    zt_upn_list_free(&r->purged);
    r->purged_records = 0;
    r->held = 0;
    int rc = latest_evaluation(txn, &r->latest);
    if (rc)
        return rc;
    int rewound = r->as_of < r->latest;
    if (rewound && !r->rewind)
        return EARLIER; /* alert history would be rewritten */
    rc = zt_thresholds_load(txn, &t);
    if (rc == 0 && !rewound)
        rc = retention_purge(txn, r, &t);
    if (rc == 0)
        rc = zt_evaluate_all(txn, r->as_of, &t, &r->evaluation);
    if (rc == 0 && rewound)
        return REWOUND; /* aborted: what was evaluated is not kept */
    if (rc == 0 && r->as_of > r->latest) {
        int32_t d = r->as_of;
        rc = zt_put(txn, ZT_DB_META, LATEST_EVALUATION, strlen(LATEST_EVALUATION), &d, sizeof d);
    }
    return rc ? rc : zt_gap_snapshots_due(txn, r->as_of, &t, r->snapshots, 16, &r->nsnapshots);
}

static void log_purge(const struct reeval *r)
{
    char d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN];
    if (r->held && r->purged.n)
        zt_warn("retention: %zu pupils are past retention as of %s, but the purge is held since the date jumped to "
                "%s: check the date, then run zonectl purge to confirm",
                r->purged.n, zt_date_format(r->as_of, d1), zt_date_format(r->held_since, d2));
    else if (r->purged.n)
        zt_info("retention: purged %zu pupils who left the zone (%u records)", r->purged.n, r->purged_records);
}

int zt_zone_reevaluate(struct zt_zone *z)
{
    struct timespec t0, t1;
    struct reeval r = {.as_of = zt_zone_as_of(z), .rewind = z->rewind};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = zt_store_write(z->store, reevaluate_txn, &r);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    char d[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN];
    if (rc == 0)
        log_purge(&r);
    zt_upn_list_free(&r.purged);
    if (rc == EARLIER) {
        zt_err("the evaluation date %s is before the zone's latest evaluation %s: is the clock or --as-of wrong? "
               "(--rewind serves that date read-only)", zt_date_format(r.as_of, d), zt_date_format(r.latest, d2));
        return -ERANGE;
    }
    if (rc == REWOUND) {
        z->evaluated = r.as_of;
        zt_store_freeze(z->store);
        zt_warn("rewound to %s (the zone's latest evaluation is %s): %zu pupils evaluated, nothing stored; "
                "zoned serves that date read-only", zt_date_format(r.as_of, d), zt_date_format(r.latest, d2), r.evaluation.pupils);
        return 0;
    }
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
