#include "health.h"

static const char *const kind_names[ZG_NHK] = {"school_nurse_referral", "medical_condition", "mental_health",
                                               "camhs_referral", "dental", "asthma"};
static const char *const severities[] = {"low", "medium", "high"};

const char *zg_health_kind_name(int kind)
{
    return kind_names[kind];
}

const char *zg_severity_name(int severity)
{
    return severities[severity];
}

int zg_health_recurring_kind(struct zg_rng *r, int secondary)
{
    int weights[ZG_NHK] = {15, 25, secondary ? 35 : 15, 0, 10, 30};
    return zg_pick_weighted(zg_rng_u01(r), weights, ZG_NHK);
}

int zg_health_event(const struct zg_pupil *p, int secondary, zt_date d, int *kind, int *severity)
{
    uint64_t h = zg_khash(p->k_health, d);
    if (zg_hu01(h) >= p->p_health)
        return 0;
    struct zg_rng r = {h};
    int k = p->health_kind;
    if (zg_rng_u01(&r) >= 0.65) { /* now and then another kind */
        static const int any[ZG_NHK] = {25, 20, 15, 5, 20, 15};
        k = zg_pick_weighted(zg_rng_u01(&r), any, ZG_NHK);
    }
    if (k == ZG_HK_MENTAL && secondary && zg_rng_u01(&r) < 0.3)
        k = ZG_HK_CAMHS;
    static const int sev_mental[3] = {50, 40, 10}, sev_camhs[3] = {20, 60, 20}, sev_other[3] = {70, 27, 3};
    const int *sw = k == ZG_HK_CAMHS ? sev_camhs : k == ZG_HK_MENTAL ? sev_mental : sev_other;
    *kind = k;
    *severity = zg_pick_weighted(zg_rng_u01(&r), sw, 3);
    return 1;
}
