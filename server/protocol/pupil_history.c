#include "pupil_history.h"

#include <errno.h>
#include <string.h>

#include "codes.h"
#include "date.h"
#include "err.h"
#include "pupil_walk.h"
#include "roll_periods.h"
#include "upn.h"
#include "wire.h"

struct history {
    struct zt_arena *arena;
    Zt__PupilHistory *h;
    char *upn; /* the reply's, alive as long as it */
    zt_date year_start, as_of;
    struct zt_pupil_rolls rolls; /* a school's records count inside its roll period */
    size_t cap_weeks, cap_behaviour, cap_health, cap_assessments;
};

/* The week holding d, found or added in Monday order (marks arrive month
 * by month, each month's days in order, so this is nearly always the last). */
static Zt__AttendanceWeek *week_of(struct history *w, zt_date d)
{
    Zt__PupilHistory *h = w->h;
    zt_date monday = d - zt_date_weekday(d);
    size_t i = h->n_weeks;
    while (i > 0 && h->weeks[i - 1]->monday > monday)
        i--;
    if (i > 0 && h->weeks[i - 1]->monday == monday)
        return h->weeks[i - 1];
    Zt__AttendanceWeek *wk = zt_arena_alloc(w->arena, sizeof *wk);
    if (!wk || !(h->weeks = zt_arena_grow(w->arena, h->weeks, h->n_weeks, &w->cap_weeks, sizeof *h->weeks)))
        return NULL;
    zt__attendance_week__init(wk);
    wk->monday = monday;
    memmove(h->weeks + i + 1, h->weeks + i, (h->n_weeks - i) * sizeof *h->weeks);
    h->weeks[i] = wk;
    h->n_weeks++;
    return wk;
}

static int on_marks(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct history *w = arg;
    const uint8_t *codes = v->data;
    if (k->len != ZT_ATT_KEY_LEN || v->len != ZT_MONTH_SLOTS)
        return ZT_E_CORRUPT;
    zt_date first = zt_month_index_first_day(zt_key_attendance_month(k->data));
    uint32_t urn = zt_key_attendance_urn(k->data);
    for (int slot = 0; slot < ZT_MONTH_SLOTS; slot++) {
        zt_date d = first + slot / 2;
        enum zt_mark_class cls = zt_mark_class_of(codes[slot]);
        if (cls == ZT_MARK_NONE || cls == ZT_MARK_NOT_POSSIBLE || d < w->year_start || d > w->as_of ||
            !zt_roll_period_counts(&w->rolls, urn, d))
            continue;
        Zt__AttendanceWeek *wk = week_of(w, d);
        if (!wk)
            return -ENOMEM;
        const char *t = zt_mark_text(codes[slot]);
        wk->possible++;
        if (cls == ZT_MARK_PRESENT || cls == ZT_MARK_APPROVED)
            wk->present++;
        else if (cls == ZT_MARK_UNAUTHORISED)
            wk->unauthorised++;
        else if (!strcmp(t, "I"))
            wk->illness++;
        else if (!strcmp(t, "M"))
            wk->appointments++;
        else
            wk->other_authorised++;
    }
    return 0;
}

/* An incident or health event (keyed upn+urn+id) dated d counts. */
static int counts(const struct history *w, const struct zt_val *k, zt_date d)
{
    return zt_roll_period_counts(&w->rolls, zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN), d);
}

/* Rows of this year up to as_of are kept; the rest are left in the arena,
 * freed with the response. */
static int on_behaviour(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct history *w = arg;
    Zt__PupilHistory *h = w->h;
    Zt__BehaviourRow *r;
    int rc = zt_behaviour_to_wire(k, v, w->upn, w->arena, &r);
    if (rc || r->date < w->year_start || r->date > w->as_of || !counts(w, k, r->date))
        return rc;
    if (!(h->behaviour = zt_arena_grow(w->arena, h->behaviour, h->n_behaviour, &w->cap_behaviour,
                                       sizeof *h->behaviour)))
        return -ENOMEM;
    h->behaviour[h->n_behaviour++] = r;
    return 0;
}

static int on_health(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct history *w = arg;
    Zt__PupilHistory *h = w->h;
    Zt__HealthRow *r;
    int rc = zt_health_to_wire(k, v, w->upn, w->arena, &r);
    if (rc || r->date < w->year_start || r->date > w->as_of || !counts(w, k, r->date))
        return rc;
    if (!(h->health = zt_arena_grow(w->arena, h->health, h->n_health, &w->cap_health, sizeof *h->health)))
        return -ENOMEM;
    h->health[h->n_health++] = r;
    return 0;
}

/* Every assessment up to as_of: progress is shown over the terms before. */
static int on_assessment(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct history *w = arg;
    Zt__PupilHistory *h = w->h;
    Zt__AssessmentRow *r;
    uint32_t urn;
    int rc = zt_assessment_to_wire(k, v, w->upn, w->arena, &r, &urn);
    if (rc || r->date > w->as_of || !zt_roll_period_counts(&w->rolls, urn, r->date))
        return rc;
    if (!(h->assessments = zt_arena_grow(w->arena, h->assessments, h->n_assessments, &w->cap_assessments,
                                         sizeof *h->assessments)))
        return -ENOMEM;
    h->assessments[h->n_assessments++] = r;
    return 0;
}

int zt_pupil_history(struct zt_txn *txn, char *upn, zt_date as_of, struct zt_arena *arena,
                     Zt__PupilHistory **out)
{
    struct history w = {.arena = arena, .upn = upn, .as_of = as_of, .year_start = zt_academic_year_start(as_of)};
    if (!(w.h = zt_arena_alloc(arena, sizeof *w.h)))
        return -ENOMEM;
    zt__pupil_history__init(w.h);
    static const struct zt_pupil_walkers walkers = {
        .behaviour = on_behaviour, .assessment = on_assessment, .health = on_health};
    int rc = zt_pupil_rolls_load(txn, upn, as_of, &w.rolls);
    if (rc == 0)
        rc = zt_attendance_walk(txn, upn, zt_date_month_index(w.year_start), zt_date_month_index(as_of),
                                on_marks, &w);
    if (rc == 0)
        rc = zt_pupil_walk(txn, upn, &walkers, &w);
    *out = rc ? NULL : w.h;
    return rc;
}
