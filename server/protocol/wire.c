#include "wire.h"

#include <errno.h>

#include "err.h"
#include "upn.h"

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
    w->has_fsm = zt_roll_fsm(v) != 0, w->fsm = zt_roll_fsm(v) == 1;
    w->has_fsm_eligible = zt_roll_fsm_eligible(v) != 0, w->fsm_eligible = zt_roll_fsm_eligible(v) == 1;
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

void zt_behaviour_row_from_value(Zt__BehaviourRow *w, char *id, char *upn, char *category,
                                 const struct zt_behaviour_value *b)
{
    zt__behaviour_row__init(w);
    w->incident_id = id;
    w->upn = upn;
    w->date = b->date;
    w->category = category;
    w->points = b->points;
    w->action = b->action;
    w->has_days_x100 = b->has_days != 0;
    w->days_x100 = b->days_x100;
}

void zt_health_row_from_value(Zt__HealthRow *w, char *id, char *upn, char *kind, const struct zt_health_value *h)
{
    zt__health_row__init(w);
    w->event_id = id;
    w->upn = upn;
    w->date = h->date;
    w->kind = kind;
    w->severity = h->severity;
}

/* Assessment keys are upn|subject|date|...: the subject and date come from key. */
void zt_assessment_row_from_value(Zt__AssessmentRow *w, char *upn, const uint8_t *key,
                                  const struct zt_assessment_value *a)
{
    zt__assessment_row__init(w);
    w->upn = upn;
    w->subject = key[ZT_UPN_LEN];
    w->date = zt_key_assessment_date(key);
    w->step = a->step;
}

/* Event keys are upn+urn+id: the id is the rest of the key. */
static char *event_id(struct zt_arena *a, const struct zt_val *k)
{
    return zt_arena_strndup(a, (const char *)k->data + ZT_ROLL_KEY_LEN, k->len - ZT_ROLL_KEY_LEN);
}

int zt_behaviour_to_wire(const struct zt_val *k, const struct zt_val *v, char *upn, struct zt_arena *a,
                         Zt__BehaviourRow **out)
{
    struct zt_behaviour_value b;
    if (k->len <= ZT_ROLL_KEY_LEN || zt_value_copy(&b, sizeof b, v->data, v->len))
        return ZT_E_CORRUPT;
    Zt__BehaviourRow *w = *out = zt_arena_alloc(a, sizeof *w);
    if (!w)
        return -ENOMEM;
    zt_behaviour_row_from_value(w, event_id(a, k), upn, zt_arena_strndup(a, b.category, b.category_len), &b);
    return w->incident_id && w->category ? 0 : -ENOMEM;
}

int zt_health_to_wire(const struct zt_val *k, const struct zt_val *v, char *upn, struct zt_arena *a,
                      Zt__HealthRow **out)
{
    struct zt_health_value h;
    if (k->len <= ZT_ROLL_KEY_LEN || zt_value_copy(&h, sizeof h, v->data, v->len))
        return ZT_E_CORRUPT;
    Zt__HealthRow *w = *out = zt_arena_alloc(a, sizeof *w);
    if (!w)
        return -ENOMEM;
    zt_health_row_from_value(w, event_id(a, k), upn, zt_arena_strndup(a, h.kind, h.kind_len), &h);
    return w->event_id && w->kind ? 0 : -ENOMEM;
}

int zt_assessment_to_wire(const struct zt_val *k, const struct zt_val *v, char *upn, struct zt_arena *a,
                          Zt__AssessmentRow **out, uint32_t *urn)
{
    struct zt_assessment_value s;
    if (k->len != ZT_ASSESS_KEY_LEN || zt_value_copy(&s, sizeof s, v->data, v->len))
        return ZT_E_CORRUPT;
    Zt__AssessmentRow *w = *out = zt_arena_alloc(a, sizeof *w);
    if (!w)
        return -ENOMEM;
    zt_assessment_row_from_value(w, upn, k->data, &s);
    *urn = s.urn;
    return 0;
}
