#include "thresholds.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "err.h"
#include "records.h"

const struct zt_threshold_def zt_threshold_defs[ZT_THR_COUNT] = {
    {"attendance_min_sessions", 20, 1, 1000,
     "possible sessions year to date before attendance can tip"},
    {"attendance_red_below_pct", 90, 1, 100, "attendance red when the rate is below this %"},
    {"attendance_amber_below_pct", 95, 1, 100, "attendance amber when the rate is below this %"},
    {"behaviour_red_points", 10, 1, 10000, "behaviour red at this many points in the window"},
    {"behaviour_amber_points", 5, 1, 10000, "behaviour amber at this many points in the window"},
    {"health_red_sessions", 6, 1, 1000, "health red at this many I+M sessions in the window"},
    {"health_amber_sessions", 3, 1, 1000, "health amber at this many I+M sessions in the window"},
    {"window_days", 28, 1, 366, "length in days of the recent window (\"last 28 days\")"},
    {"retention_days", 2557, 30, 36525,
     "days a pupil's records are kept after they leave every roll in the zone"},
    {"stale_sync_hours", 48, 1, 8760, "a school whose last push is older than this is flagged"},
    {"back_on_track_weeks", 4, 1, 52,
     "weeks a supported pupil must go with no open alert of either kind to count as back on track"},
    {"purge_confirm_above", 5, 0, 1000000,
     "after a date jump, a retention purge of more pupils waits for zonectl purge"},
};

/* Setting log record: who (NUL padded) and when; keyed by a big-endian seq. */
struct setting_log {
    int64_t when;
    int64_t old_value, new_value;
    char key[40];
    char who[72];
};

void zt_thresholds_default(struct zt_thresholds *t)
{
    for (int i = 0; i < ZT_THR_COUNT; i++)
        t->v[i] = zt_threshold_defs[i].def;
}

int zt_threshold_find(const char *key)
{
    for (int i = 0; i < ZT_THR_COUNT; i++)
        if (strcmp(zt_threshold_defs[i].key, key) == 0)
            return i;
    return -1;
}

int zt_threshold_get(struct zt_txn *txn, int id, int64_t *value)
{
    const char *k = zt_threshold_defs[id].key;
    struct zt_val v;
    *value = zt_threshold_defs[id].def;
    int rc = zt_get(txn, ZT_DB_SETTING, k, strlen(k), &v);
    if (rc == -ENOENT)
        return 0;
    return rc ? rc : zt_value_copy(value, sizeof *value, v.data, v.len);
}

int zt_thresholds_load(struct zt_txn *txn, struct zt_thresholds *t)
{
    for (int i = 0; i < ZT_THR_COUNT; i++) {
        int rc = zt_threshold_get(txn, i, &t->v[i]);
        if (rc)
            return rc;
    }
    return 0;
}

/* Amber must be reached before red: amber below % >= red below %, and the
 * amber counts no higher than the red ones. */
static int consistent(const struct zt_thresholds *t)
{
    return t->v[ZT_THR_ATT_AMBER_BELOW_PCT] >= t->v[ZT_THR_ATT_RED_BELOW_PCT] &&
           t->v[ZT_THR_BEH_AMBER_POINTS] <= t->v[ZT_THR_BEH_RED_POINTS] &&
           t->v[ZT_THR_HEALTH_AMBER_SESSIONS] <= t->v[ZT_THR_HEALTH_RED_SESSIONS];
}

static int next_log_seq(struct zt_txn *txn, uint64_t *seq)
{
    uint64_t n;
    int rc = zt_count(txn, ZT_DB_SETTING_LOG, &n);
    *seq = n + 1;
    return rc;
}

int zt_threshold_set(struct zt_txn *txn, int id, int64_t value, const char *who, int64_t when)
{
    const struct zt_threshold_def *d = &zt_threshold_defs[id];
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    if (rc)
        return rc;
    if (value < d->min || value > d->max)
        return -EINVAL;
    struct setting_log log = {.when = when, .old_value = t.v[id], .new_value = value};
    t.v[id] = value;
    if (!consistent(&t))
        return -EINVAL;
    snprintf(log.key, sizeof log.key, "%s", d->key);
    snprintf(log.who, sizeof log.who, "%s", who);
    uint64_t seq;
    uint8_t seqkey[8];
    if ((rc = next_log_seq(txn, &seq)))
        return rc;
    zt_be32(seqkey, (uint32_t)(seq >> 32));
    zt_be32(seqkey + 4, (uint32_t)seq);
    rc = zt_put(txn, ZT_DB_SETTING, d->key, strlen(d->key), &value, sizeof value);
    if (rc == 0)
        rc = zt_put(txn, ZT_DB_SETTING_LOG, seqkey, sizeof seqkey, &log, sizeof log);
    if (rc == 0)
        rc = zt_audit_add(txn, who, "set %s from %lld to %lld", d->key, (long long)log.old_value,
                          (long long)value);
    return rc;
}

struct last_change {
    const char *key;
    struct setting_log found;
    int have;
};

static int find_last(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)k;
    struct last_change *lc = arg;
    struct setting_log log;
    if (zt_value_copy(&log, sizeof log, v->data, v->len))
        return ZT_E_CORRUPT;
    if (strncmp(log.key, lc->key, sizeof log.key) == 0) {
        lc->found = log;
        lc->have = 1;
    }
    return 0;
}

int zt_threshold_last_change(struct zt_txn *txn, int id, char *who, size_t wholen, int64_t *when)
{
    struct last_change lc = {.key = zt_threshold_defs[id].key};
    int rc = zt_walk(txn, ZT_DB_SETTING_LOG, NULL, 0, find_last, &lc);
    if (rc)
        return rc;
    if (!lc.have)
        return -ENOENT;
    snprintf(who, wholen, "%.*s", (int)sizeof lc.found.who, lc.found.who);
    *when = lc.found.when;
    return 0;
}
