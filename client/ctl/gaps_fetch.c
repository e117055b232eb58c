/* The gap analysis request (kept apart from gaps_view.c so the figures can
 * be unit-tested without zonectl's main). */
#include <string.h>

#include "gaps_view.h"

int zt_gap_fetch(struct zt_ctl *ctl, struct zt_gap_opts *o, Zt__Response **resp)
{
    struct zt_session *s;
    int rc = zt_ctl_session(ctl, &s);
    if (rc)
        return rc;
    /* The zone refuses a school anything beyond its own school's breakdown;
     * the coordinator asks for every level, so RAG can compare with the zone. */
    if (!strncmp(s->identity, "school:", 7) && !o->q.has_level) {
        o->q.has_level = 1;
        o->q.level = o->level >= 0 ? (Zt__GapLevel)o->level : ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL;
    }
    if (o->q.has_school && !o->q.has_level) {
        o->q.has_level = 1;
        o->q.level = ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL;
    }
    /* The snapshots too, always: whether a gap is on track for its target
     * is judged from the last half-term end to now. */
    o->q.has_trend = o->q.trend = 1;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_GAPS;
    req.gaps = &o->q;
    return zt_ctl_call(s, &req, ZT__RESPONSE__BODY_GAPS, resp);
}
