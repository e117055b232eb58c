#include "wire.h"

void zt_alert_to_wire(Zt__Alert *w, const char *upn, const struct zt_alert_value *a,
                      struct zt_arena *arena)
{
    zt__alert__init(w);
    w->upn = zt_arena_strdup(arena, upn);
    w->school = a->school;
    w->kind = (Zt__AlertKind)a->kind;
    w->open = a->open != 0;
    w->raised = a->raised;
    w->has_resolved = !a->open;
    w->resolved = a->resolved;
    w->reasons = a->reasons;
    w->below = a->below;
    w->possible_sessions = a->possible;
    w->present_sessions = a->present;
    w->behaviour_points_28d = a->behaviour_points_28d;
    w->health_sessions_28d = a->health_sessions_28d;
    w->updated = a->updated;
}

void zt_pupil_row_from_roll(Zt__PupilRow *w, char *upn, const struct zt_roll_value *v)
{
    zt__pupil_row__init(w);
    w->upn = upn;
    w->year_group = v->year_group;
    w->gender = v->gender;
    w->entry_date = v->entry_date;
    w->has_fsm = v->fsm != 0, w->fsm = v->fsm == 1;
    w->has_ever6 = v->ever6 != 0, w->ever6 = v->ever6 == 1;
    w->has_cic = v->cic != 0, w->cic = v->cic == 1;
    w->has_eal = v->eal != 0, w->eal = v->eal == 1;
    w->has_gifted = v->gifted != 0, w->gifted = v->gifted == 1;
    w->has_sen = v->sen != 0, w->sen = v->sen;
    w->has_ethnicity = v->ethnicity != 0, w->ethnicity = v->ethnicity;
    w->has_idaci_decile = v->idaci_decile != 0, w->idaci_decile = v->idaci_decile;
}

Zt__RollEntry *zt_roll_to_wire(const char *upn, uint32_t school, const struct zt_roll_value *v,
                               struct zt_arena *a)
{
    Zt__RollEntry *e = zt_arena_alloc(a, sizeof *e);
    Zt__PupilRow *w = zt_arena_alloc(a, sizeof *w);
    char *copy = zt_arena_strdup(a, upn);
    if (!e || !w || !copy)
        return NULL;
    zt_pupil_row_from_roll(w, copy, v);
    zt__roll_entry__init(e);
    e->school = school;
    e->pupil = w;
    e->has_left_date = v->has_left != 0;
    e->left_date = v->left_date;
    e->has_leaving_reason = v->leaving_reason != 0;
    e->leaving_reason = v->leaving_reason;
    return e;
}
