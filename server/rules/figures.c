#include "figures.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "codes.h"
#include "err.h"
#include "kept_pupils.h"
#include "pupil_walk.h"
#include "records.h"

/* What a mark code counts as, packed one count a byte so that summing a
 * month's 62 slots is one add a slot: no field can carry into the next. */
enum { W_POSSIBLE = 0, W_PRESENT = 8, W_UNAUTHORISED = 16, W_HEALTH = 24 };
static uint32_t mark_weight[256];

static void mark_weights_init(void)
{
    static int ready;
    if (ready)
        return;
    for (int code = 1; code < ZT_MARK_CODE_MAX; code++) {
        enum zt_mark_class cls = zt_mark_class_of(code);
        if (cls == ZT_MARK_NONE || cls == ZT_MARK_NOT_POSSIBLE)
            continue;
        mark_weight[code] = 1u << W_POSSIBLE |
                            (uint32_t)(cls == ZT_MARK_PRESENT || cls == ZT_MARK_APPROVED) << W_PRESENT |
                            (uint32_t)(cls == ZT_MARK_UNAUTHORISED) << W_UNAUTHORISED |
                            (uint32_t)zt_mark_is_health(code) << W_HEALTH;
    }
    ready = 1;
}

static uint32_t count_of(uint32_t sum, int field)
{
    return sum >> field & 0xFF;
}

struct scope {
    zt_date as_of, year_start, window_start;
    int64_t window_days;
    int first_month, last_month; /* every month that counts */
    int whole_first, whole_end;  /* months counted whole in the year, none in the window */
    struct zt_figures *f;
    const struct zt_pupil_rolls *rolls;
    uint32_t current_urn;                /* 0 when no roll lists the pupil */
    uint32_t latest_urn[ZT_SUBJECTS];    /* the school of latest_step */
};

/* Every pupil of an evaluation has the same dates: the last ones worked
 * out are kept (one thread, as for mark_weight). */
static void scope_init(struct scope *s, const struct zt_pupil_rolls *rolls, int64_t window_days,
                       struct zt_figures *f)
{
    zt_date as_of = rolls->as_of;
    static struct scope last;
    static int worked_out;
    mark_weights_init();
    if (!worked_out || last.as_of != as_of || last.window_days != window_days) {
        last.as_of = as_of;
        last.window_days = window_days;
        last.year_start = zt_academic_year_start(as_of);
        last.window_start = as_of - (zt_date)window_days + 1;
        zt_date earliest = last.year_start < last.window_start ? last.year_start : last.window_start;
        last.first_month = zt_date_month_index(earliest);
        last.last_month = zt_date_month_index(as_of);
        /* A month is whole in the year from its first day on year_start, and
         * ends before the window and by as_of when the next one starts by then. */
        zt_date end = last.window_start < as_of + 1 ? last.window_start : as_of + 1;
        last.whole_first = zt_date_month_index(last.year_start - 1) + 1;
        last.whole_end = zt_date_month_index(end);
        worked_out = 1;
    }
    *s = last;
    s->f = f;
    s->rolls = rolls;
    s->current_urn = rolls->current >= 0 ? rolls->p[rolls->current].urn : 0;
}

/* 1 when school urn's record dated d counts: inside its roll period. */
static int in_period(const struct scope *s, uint32_t urn, zt_date d)
{
    return zt_roll_period_counts(s->rolls, urn, d);
}

/* Packed counts of the marks in slots from..to-1. */
static uint32_t sum_slots(const uint8_t *codes, int from, int to)
{
    uint32_t sum = 0;
    for (int slot = from; slot < to; slot++)
        sum += mark_weight[codes[slot]];
    return sum;
}

/* The slot of day d in a month starting on first, clamped to 0..62. */
static int slot_of(zt_date d, zt_date first)
{
    int64_t slot = ((int64_t)d - first) * 2;
    return slot < 0 ? 0 : slot > ZT_MONTH_SLOTS ? ZT_MONTH_SLOTS : (int)slot;
}

/* The month's 62 codes, its first day and the slots lo..hi-1 of its
 * school's roll period, or ZT_E_CORRUPT. */
static int month_record(const struct scope *s, const struct zt_val *k, const struct zt_val *v,
                        const uint8_t **codes, zt_date *first, int *lo, int *hi)
{
    if (k->len != ZT_ATT_KEY_LEN || v->len != ZT_MONTH_SLOTS)
        return ZT_E_CORRUPT;
    *codes = v->data;
    *first = zt_month_index_first_day(zt_key_attendance_month(k->data));
    const struct zt_roll_period *p = zt_roll_period_of(s->rolls, zt_key_attendance_urn(k->data));
    *lo = p ? slot_of(p->from, *first) : 0;
    *hi = p ? slot_of(p->until, *first) : 0;
    return 0;
}

/* v raised to lo, then lowered to hi: never past hi. */
static int clamp(int v, int lo, int hi)
{
    v = v < lo ? lo : v;
    return v > hi ? hi : v;
}

/* Counts the month's marks in the year to date (possible, present,
 * unauthorised) and in the window (I and M, possible, present), none after
 * as_of. */
static int on_attendance(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct scope *s = arg;
    struct zt_figures *f = s->f;
    const uint8_t *codes;
    zt_date first;
    int lo, hi;
    int rc = month_record(s, k, v, &codes, &first, &lo, &hi);
    if (rc)
        return rc;
    int end = clamp(slot_of(s->as_of + 1, first), 0, hi),
        from_year = clamp(slot_of(s->year_start, first), lo, end),
        from_window = clamp(slot_of(s->window_start, first), lo, end);
    /* the slots both ranges share are summed once (a month's packed counts
     * stay below 256 a field, so partial sums add without carrying) */
    int shared = from_year > from_window ? from_year : from_window;
    uint32_t both = sum_slots(codes, shared, end);
    uint32_t year = both + sum_slots(codes, from_year, shared);
    uint32_t recent = both + sum_slots(codes, from_window, shared);
    f->possible += count_of(year, W_POSSIBLE);
    f->present += count_of(year, W_PRESENT);
    f->unauthorised += count_of(year, W_UNAUTHORISED);
    f->possible_recent += count_of(recent, W_POSSIBLE);
    f->present_recent += count_of(recent, W_PRESENT);
    f->health_sessions_recent += count_of(recent, W_HEALTH);
    return 0;
}

/* What a whole month's marks count (kept), every school's records of it
 * summed: struct zt_kept_month's counts. */
enum { C_POSSIBLE, C_PRESENT, C_UNAUTHORISED };

struct whole_month {
    const struct scope *s;
    uint16_t *count;
};

/* Counts a whole month's marks: one school's record of it, inside its roll
 * period. */
static int on_whole_month(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    const struct whole_month *w = arg;
    uint16_t *count = w->count;
    const uint8_t *codes;
    zt_date first;
    int lo, hi;
    int rc = month_record(w->s, k, v, &codes, &first, &lo, &hi);
    if (rc)
        return rc;
    uint32_t all = sum_slots(codes, lo, hi);
    count[C_POSSIBLE] = (uint16_t)(count[C_POSSIBLE] + count_of(all, W_POSSIBLE));
    count[C_PRESENT] = (uint16_t)(count[C_PRESENT] + count_of(all, W_PRESENT));
    count[C_UNAUTHORISED] = (uint16_t)(count[C_UNAUTHORISED] + count_of(all, W_UNAUTHORISED));
    return 0;
}

/* A month inside the year to date, ended before the window and by as_of,
 * counts whole in the year and not at all in the window: its counts are
 * those on_attendance would sum, and are kept between evaluations (below
 * 0xFFFF, so that its tag, month + 1, fits). */
static int whole_past_month(const struct scope *s, int month)
{
    return month >= s->whole_first && month < s->whole_end && month < 0xFFFF;
}

/* kp is the pupil's kept entry, or NULL when nothing is kept; *learned is
 * set when kp has changed. */
static int gather_attendance(struct zt_txn *txn, const char *upn, struct scope *s,
                             struct zt_kept_pupil *kp, int *learned)
{
    int first = s->first_month, last = s->last_month;
    int rc = 0;
    /* months past 0xFFFF have no records (keys hold 16 bits) */
    for (int m = first < 0 ? 0 : first; rc == 0 && m <= last && m <= 0xFFFF; m++) {
        if (!kp || !whole_past_month(s, m)) {
            rc = zt_attendance_walk(txn, upn, m, m, on_attendance, s);
            continue;
        }
        struct zt_kept_month *slot = &kp->month[m % ZT_KEPT_MONTH_SLOTS];
        if (slot->tag != m + 1) {
            memset(slot, 0, sizeof *slot);
            struct whole_month w = {s, slot->count};
            if ((rc = zt_attendance_walk(txn, upn, m, m, on_whole_month, &w)))
                break;
            slot->tag = (uint16_t)(m + 1);
            *learned = 1;
        }
        s->f->possible += slot->count[C_POSSIBLE];
        s->f->present += slot->count[C_PRESENT];
        s->f->unauthorised += slot->count[C_UNAUTHORISED];
    }
    return rc;
}

/* The school of an incident's or health event's key (upn, urn, id). */
static int event_urn(const struct zt_val *k, uint32_t *urn)
{
    if (k->len < ZT_ROLL_KEY_LEN)
        return ZT_E_CORRUPT;
    *urn = zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN);
    return 0;
}

static int on_behaviour(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct scope *s = arg;
    struct zt_behaviour_value b;
    uint32_t urn;
    if (event_urn(k, &urn) || zt_value_copy(&b, sizeof b, v->data, v->len))
        return ZT_E_CORRUPT;
    if (b.date > s->as_of || !in_period(s, urn, b.date))
        return 0;
    if (b.date >= s->window_start)
        s->f->behaviour_points_recent += b.points;
    if (b.date >= s->year_start) {
        s->f->suspensions_ytd += b.action == ZT_ACTION_SUSPENSION;
        s->f->permanent_exclusions_ytd += b.action == ZT_ACTION_PERMANENT_EXCLUSION;
    }
    return 0;
}

static int on_health(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct scope *s = arg;
    struct zt_health_value h;
    uint32_t urn;
    if (event_urn(k, &urn) || zt_value_copy(&h, sizeof h, v->data, v->len))
        return ZT_E_CORRUPT;
    if (h.date > s->as_of || !in_period(s, urn, h.date))
        return 0;
    s->f->high_health_ytd += h.severity == ZT_SEVERITY_HIGH && h.date >= s->year_start;
    s->f->medium_health_recent += h.severity == ZT_SEVERITY_MEDIUM && h.date >= s->window_start;
    return 0;
}

/* Keys run subject, date, school, so the last one on or before as_of wins,
 * except that on one date the current school's stands. */
static int on_assessment(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct scope *s = arg;
    struct zt_assessment_value a;
    if (k->len != ZT_ASSESS_KEY_LEN || zt_value_copy(&a, sizeof a, v->data, v->len))
        return ZT_E_CORRUPT;
    const uint8_t *kb = k->data;
    int subject = kb[ZT_UPN_LEN];
    zt_date d = zt_key_assessment_date(kb);
    uint32_t urn = zt_get_be32(kb + ZT_UPN_LEN + 5);
    if (subject <= 0 || subject >= ZT_SUBJECTS || d > s->as_of || !in_period(s, urn, d))
        return 0;
    if (s->f->latest_step[subject] && s->f->latest_step_date[subject] == d &&
        s->latest_urn[subject] == s->current_urn)
        return 0;
    s->f->latest_step[subject] = a.step;
    s->f->latest_step_date[subject] = d;
    s->latest_urn[subject] = urn;
    return 0;
}

/* What a pupil's incidents, health events and assessments add to the
 * figures for one evaluation date and window: they change seldom, so they
 * are kept between evaluations with the date and window they were counted
 * for. They are the tail of struct zt_figures, from behaviour_points_recent. */
#define EVENTS_AT offsetof(struct zt_figures, behaviour_points_recent)
_Static_assert(offsetof(struct zt_figures, present_recent) < EVENTS_AT &&
                   offsetof(struct zt_figures, health_sessions_recent) < EVENTS_AT &&
                   offsetof(struct zt_figures, unauthorised) < EVENTS_AT,
               "the attendance counts come before what events add");
struct event_counts {
    int32_t as_of, window_days;
    uint8_t tail[sizeof(struct zt_figures) - EVENTS_AT];
};
_Static_assert(sizeof(struct event_counts) <= ZT_KEPT_EVENTS_BYTES, "events fit their kept bytes");

/* As gather_attendance, for the events. */
static int gather_events(struct zt_txn *txn, const char *upn, struct scope *s,
                         struct zt_kept_pupil *kp, int *learned)
{
    int64_t window_days = s->window_days;
    struct event_counts e;
    int known = kp && kp->events_known;
    if (known)
        memcpy(&e, kp->events, sizeof e);
    if (known && e.as_of == s->as_of && e.window_days == window_days) {
        memcpy((uint8_t *)s->f + EVENTS_AT, e.tail, sizeof e.tail);
        return 0;
    }
    struct zt_pupil_walkers w = {
        .behaviour = on_behaviour, .assessment = on_assessment, .health = on_health};
    int rc = zt_pupil_walk(txn, upn, &w, s);
    /* The latest date counted is kept: evaluations ask for the zone's date,
     * the gap snapshots for past ones. */
    if (rc == 0 && kp && (!known || e.as_of <= s->as_of) && window_days == (int32_t)window_days) {
        memset(&e, 0, sizeof e);
        e.as_of = s->as_of;
        e.window_days = (int32_t)window_days;
        memcpy(e.tail, (const uint8_t *)s->f + EVENTS_AT, sizeof e.tail);
        memcpy(kp->events, &e, sizeof e);
        kp->events_known = 1;
        *learned = 1;
    }
    return rc;
}

int zt_figures_gather_rolls(struct zt_txn *txn, const char *upn, const struct zt_pupil_rolls *rolls,
                            int64_t window_days, struct zt_figures *out)
{
    memset(out, 0, sizeof *out);
    struct scope s;
    scope_init(&s, rolls, window_days, out);
    struct zt_kept_pupil kp;
    int keeping = zt_kept_pupil_get(txn, upn, &kp) >= 0, learned = 0;
    /* what is kept was counted inside the roll periods of its time */
    uint32_t tag = zt_pupil_rolls_tag(rolls);
    if (keeping && kp.rolls_tag != tag) {
        memset(&kp, 0, sizeof kp);
        kp.rolls_tag = tag;
        learned = 1;
    }
    int rc = gather_attendance(txn, upn, &s, keeping ? &kp : NULL, &learned);
    if (rc == 0)
        rc = gather_events(txn, upn, &s, keeping ? &kp : NULL, &learned);
    if (rc == 0 && learned)
        zt_kept_pupil_put(txn, upn, &kp);
    return rc;
}

int zt_figures_gather(struct zt_txn *txn, const char *upn, zt_date as_of, int64_t window_days,
                      struct zt_figures *out)
{
    struct zt_pupil_rolls rolls;
    int rc = zt_pupil_rolls_load(txn, upn, as_of, &rolls);
    if (rc) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    return zt_figures_gather_rolls(txn, upn, &rolls, window_days, out);
}
