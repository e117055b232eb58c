/* The zone's settings: the tipping points (SPEC §5) and the operating
 * limits (retention, stale schools). Defaults here, the zone's own values in
 * ZT_DB_SETTING, every change logged in ZT_DB_SETTING_LOG and the audit. */
#ifndef ZT_THRESHOLDS_H
#define ZT_THRESHOLDS_H

#include <stdint.h>

#include "store.h"

enum zt_threshold_id {
    ZT_THR_ATT_MIN_SESSIONS,     /* possible sessions before attendance can tip */
    ZT_THR_ATT_RED_BELOW_PCT,    /* red when rate < this % */
    ZT_THR_ATT_AMBER_BELOW_PCT,  /* amber when rate < this % */
    ZT_THR_BEH_RED_POINTS,       /* red when points in the window >= */
    ZT_THR_BEH_AMBER_POINTS,
    ZT_THR_HEALTH_RED_SESSIONS,  /* red when I+M sessions in the window >= */
    ZT_THR_HEALTH_AMBER_SESSIONS,
    ZT_THR_WINDOW_DAYS,          /* "last 28 days" */
    ZT_THR_RETENTION_DAYS,       /* records kept this long after a pupil leaves the zone */
    ZT_THR_STALE_SYNC_HOURS,     /* a school silent this long is flagged */
    ZT_THR_BACK_ON_TRACK_WEEKS,  /* weeks with no open alert before back on track */
    ZT_THR_PURGE_CONFIRM_ABOVE,  /* after a date jump, an automatic purge of more waits for zonectl purge */
    ZT_THR_COUNT
};

struct zt_thresholds {
    int64_t v[ZT_THR_COUNT];
};

struct zt_threshold_def {
    const char *key;
    int64_t def, min, max;
    const char *description;
};

extern const struct zt_threshold_def zt_threshold_defs[ZT_THR_COUNT];

/* The SPEC's defaults. */
void zt_thresholds_default(struct zt_thresholds *t);

/* Id of a key name, or -1. */
int zt_threshold_find(const char *key);

/* Reads the zone's values (defaults where unset) into *t. */
int zt_thresholds_load(struct zt_txn *txn, struct zt_thresholds *t);

/* One of the zone's values (its default where unset) into *value. */
int zt_threshold_get(struct zt_txn *txn, int id, int64_t *value);

/* Sets one value and logs who changed it and when. Returns 0, -EINVAL when
 * the value is out of range or would put amber beyond red, or a store error. */
int zt_threshold_set(struct zt_txn *txn, int id, int64_t value, const char *who, int64_t when);

/* Last change of a key: who and when (unix time). -ENOENT when never changed. */
int zt_threshold_last_change(struct zt_txn *txn, int id, char *who, size_t wholen, int64_t *when);

#endif
