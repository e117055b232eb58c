#include "tipping.h"

#include "codes.h"
#include "records.h"

/* Integer arithmetic: "exactly 90%" must be amber, never a float's guess. */
static int rate_below(uint32_t present, uint32_t possible, int64_t pct)
{
    return (int64_t)present * 100 < pct * (int64_t)possible;
}

static enum zt_colour attendance_colour(const struct zt_figures *f, const struct zt_thresholds *t)
{
    if (f->possible < t->v[ZT_THR_ATT_MIN_SESSIONS])
        return ZT_GREEN;
    if (rate_below(f->present, f->possible, t->v[ZT_THR_ATT_RED_BELOW_PCT]))
        return ZT_RED;
    if (rate_below(f->present, f->possible, t->v[ZT_THR_ATT_AMBER_BELOW_PCT]))
        return ZT_AMBER;
    return ZT_GREEN;
}

static enum zt_colour behaviour_colour(const struct zt_figures *f, const struct zt_thresholds *t)
{
    if (f->behaviour_points_recent >= t->v[ZT_THR_BEH_RED_POINTS] || f->suspensions_ytd ||
        f->permanent_exclusions_ytd)
        return ZT_RED;
    if (f->behaviour_points_recent >= t->v[ZT_THR_BEH_AMBER_POINTS])
        return ZT_AMBER;
    return ZT_GREEN;
}

static enum zt_colour health_colour(const struct zt_figures *f, const struct zt_thresholds *t)
{
    if (f->health_sessions_recent >= t->v[ZT_THR_HEALTH_RED_SESSIONS] || f->high_health_ytd)
        return ZT_RED;
    if (f->health_sessions_recent >= t->v[ZT_THR_HEALTH_AMBER_SESSIONS] || f->medium_health_recent)
        return ZT_AMBER;
    return ZT_GREEN;
}

static int step_below(uint8_t step)
{
    return step == ZT_STEP_GAP || step == ZT_STEP_EMERGING;
}

static uint32_t below_bits(const struct zt_figures *f)
{
    uint32_t below = 0;
    if (step_below(f->latest_step[ZT_SUBJECT_MATHS]))
        below |= ZT_BELOW_MATHS;
    if (step_below(f->latest_step[ZT_SUBJECT_READING]) ||
        step_below(f->latest_step[ZT_SUBJECT_WRITING]) ||
        step_below(f->latest_step[ZT_SUBJECT_ENGLISH]))
        below |= ZT_BELOW_ENGLISH;
    return below;
}

static uint32_t reasons_at_least(const struct zt_verdict *v, enum zt_colour c)
{
    return (v->attendance >= c ? ZT_REASON_ATTENDANCE : 0u) |
           (v->behaviour >= c ? ZT_REASON_BEHAVIOUR : 0u) | (v->health >= c ? ZT_REASON_HEALTH : 0u);
}

void zt_tipping_decide(const struct zt_figures *f, const struct zt_thresholds *t,
                       struct zt_verdict *v)
{
    v->attendance = attendance_colour(f, t);
    v->behaviour = behaviour_colour(f, t);
    v->health = health_colour(f, t);
    v->below = below_bits(f);
    uint32_t red = reasons_at_least(v, ZT_RED), amber = reasons_at_least(v, ZT_AMBER);
    if (red && v->below) {
        v->kind = ZT_ALERT_FAMILY_MEETING;
        v->reasons = red;
    } else if (red || (amber && v->below)) {
        v->kind = ZT_ALERT_WATCH;
        v->reasons = amber;
    } else {
        v->kind = 0;
        v->reasons = 0;
    }
}
