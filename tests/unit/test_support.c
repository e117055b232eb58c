/* Support (issue #6) on a real LMDB store: impact figures checked by hand
 * on a two-pupil zone, and school days for overdue meetings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alerts.h"
#include "codes.h"
#include "err.h"
#include "figures.h"
#include "impact.h"
#include "menu.h"
#include "records.h"
#include "stages.h"
#include "store.h"
#include "support_codes.h"
#include "tipping.h"
#include "upn.h"

#define SCHOOL_A 100001
#define SCHOOL_B 100002

static zt_date D(const char *s)
{
    zt_date d;
    assert_int_equal(zt_date_parse(s, strlen(s), &d), 0);
    return d;
}

static void make_upn(char out[14], int n)
{
    snprintf(out, 14, "?87310012%04d", n);
    out[0] = zt_upn_check_letter(out);
}

static void test_school_days(void **state)
{
    (void)state;
    assert_int_equal(zt_school_days_after(D("2026-03-02"), D("2026-03-02")), 0);
    assert_int_equal(zt_school_days_after(D("2026-03-02"), D("2026-03-20")), 14);
    assert_int_equal(zt_school_days_after(D("2026-03-02"), D("2026-03-23")), 15);
    assert_int_equal(zt_school_days_after(D("2026-03-06"), D("2026-03-09")), 1); /* Friday to Monday */
    assert_int_equal(zt_school_days_after(D("2026-03-07"), D("2026-03-08")), 0); /* a weekend */
}

/* --- the impact zone ------------------------------------------------------------- */

struct zone {
    char u[14], v[14]; /* u supported and back on track; v planned, tipped */
};

static void put(struct zt_txn *t, enum zt_db db, const void *k, size_t kl, const void *v, size_t vl)
{
    assert_int_equal(zt_put(t, db, k, kl, v, vl), 0);
}

/* Every weekday from..to gets am and pm marks. */
static void marks(struct zt_txn *t, const char *upn, const char *from, const char *to, const char *am, const char *pm)
{
    for (zt_date d = D(from); d <= D(to); d++) {
        if (zt_date_weekday(d) >= 5)
            continue;
        uint8_t key[ZT_ATT_KEY_LEN], codes[ZT_MONTH_SLOTS] = {0};
        struct zt_val old;
        zt_key_attendance(key, upn, SCHOOL_A, zt_date_month_index(d));
        if (zt_get(t, ZT_DB_ATTENDANCE, key, sizeof key, &old) == 0)
            memcpy(codes, old.data, sizeof codes);
        int y, m, day;
        zt_date_to_ymd(d, &y, &m, &day);
        codes[2 * (day - 1)] = (uint8_t)zt_mark_parse(am, strlen(am));
        codes[2 * (day - 1) + 1] = (uint8_t)zt_mark_parse(pm, strlen(pm));
        put(t, ZT_DB_ATTENDANCE, key, sizeof key, codes, sizeof codes);
    }
}

static void plan(struct zt_txn *t, const char *upn, const char *id, uint32_t offer, const char *start, int status)
{
    struct zt_plan_value p = {.offer = offer, .start = D(start), .review = D(start) + 28, .status = (uint8_t)status};
    uint8_t key[ZT_KEY_MAX];
    size_t kl = zt_key_pupil_event(key, upn, SCHOOL_A, id, strlen(id));
    put(t, ZT_DB_PLAN, key, kl, &p, sizeof p);
}

static void assessment(struct zt_txn *t, const char *upn, const char *date, int step)
{
    uint8_t key[ZT_ASSESS_KEY_LEN];
    struct zt_assessment_value a = {.urn = SCHOOL_A, .step = (uint8_t)step};
    zt_key_assessment(key, upn, ZT_SUBJECT_MATHS, D(date), SCHOOL_A);
    put(t, ZT_DB_ASSESSMENT, key, sizeof key, &a, sizeof a);
}

static int build(struct zt_txn *t, void *arg)
{
    struct zone *z = arg;
    struct zt_roll_value roll = {.entry_date = D("2025-09-01"), .year_group = 9};
    uint8_t key[ZT_KEY_MAX];
    put(t, ZT_DB_ROLL, key, zt_key_roll(key, z->u, SCHOOL_A), &roll, sizeof roll);
    put(t, ZT_DB_ROLL, key, zt_key_roll(key, z->v, SCHOOL_A), &roll, sizeof roll);

    struct zt_offer_value mentor = {.places = 1, .for_whom = ZT_FOR_BOTH, .needs = ZT_NEED_ATTENDANCE, .name_len = 6};
    memcpy(mentor.name, "mentor", 6);
    uint32_t id;
    assert_int_equal(zt_menu_add(t, &mentor, &id), 0);
    assert_int_equal(id, 1);

    /* u's support starts Monday 2 February: the six weeks before are
     * 22 December - 1 February, after 2 February - 15 March. */
    plan(t, z->u, "a1", 1, "2026-02-02", ZT_PLAN_ACTIVE);
    marks(t, z->u, "2026-01-05", "2026-01-30", "O", "/");  /* before: 20 of 40 */
    marks(t, z->u, "2026-02-02", "2026-02-27", "/", "/");  /* after: 40 of 40 */
    marks(t, z->u, "2026-03-16", "2026-03-16", "O", "O");  /* past the after window */
    struct zt_behaviour_value b = {.date = D("2026-01-20"), .points = 7};
    put(t, ZT_DB_BEHAVIOUR, key, zt_key_pupil_event(key, z->u, SCHOOL_A, "i1", 2), &b, sizeof b);
    assessment(t, z->u, "2025-12-18", ZT_STEP_GAP);
    assessment(t, z->u, "2026-03-01", ZT_STEP_EXPECTED);
    struct zt_stage_value back = {.date = D("2026-03-10"), .stage = ZT_STAGE_BACK_ON_TRACK};
    put(t, ZT_DB_ALERT_STAGE, key, zt_key_stage(key, z->u, 1, 3), &back, sizeof back);

    /* v: tipped on attendance and below in English; a planned place. */
    plan(t, z->v, "a9", 1, "2026-03-20", ZT_PLAN_PLANNED);
    struct zt_alert_value a = {.school = SCHOOL_A, .raised = D("2026-03-02"), .kind = ZT_ALERT_FAMILY_MEETING,
                               .open = 1, .reasons = ZT_REASON_ATTENDANCE, .below = ZT_BELOW_ENGLISH};
    put(t, ZT_DB_ALERT, key, zt_key_alert(key, z->v, 1), &a, sizeof a);
    return 0;
}

/* A real store in a temporary folder for each test. */
struct tmp_store {
    char dir[32];
    struct zt_store *s;
};

static int open_store(void **state)
{
    struct tmp_store *ts = calloc(1, sizeof *ts);
    char err[256];
    assert_non_null(ts);
    snprintf(ts->dir, sizeof ts->dir, "/tmp/zt-support-XXXXXX");
    assert_non_null(mkdtemp(ts->dir));
    assert_int_equal(zt_store_open(ts->dir, 0, &ts->s, err, sizeof err), 0);
    *state = ts;
    return 0;
}

static int close_store(void **state)
{
    struct tmp_store *ts = *state;
    char cmd[64];
    zt_store_close(ts->s);
    snprintf(cmd, sizeof cmd, "rm -rf %s", ts->dir);
    assert_int_equal(system(cmd), 0);
    free(ts);
    return 0;
}

static void gather_impact(struct zt_store *s, const char *as_of, struct zt_impact *im)
{
    struct zt_txn *t;
    assert_int_equal(zt_store_read_begin(s, &t), 0);
    assert_int_equal(zt_impact_gather(t, D(as_of), im), 0);
    zt_txn_end(t);
}

static void test_impact_by_hand(void **state)
{
    struct zt_store *s = ((struct tmp_store *)*state)->s;
    struct zone z;
    make_upn(z.u, 31);
    make_upn(z.v, 32);
    assert_int_equal(zt_store_write(s, build, &z), 0);

    struct zt_impact im;
    gather_impact(s, "2026-03-31", &im);
    assert_int_equal(im.noffers, 1);
    const struct zt_offer_impact *o = &im.offers[0];
    assert_int_equal(o->pupils, 1);          /* v's action is only planned */
    assert_int_equal(o->in_use, 2);          /* both take a place: over its 1 */
    assert_int_equal(o->possible_before, 40);
    assert_int_equal(o->present_before, 20);
    assert_int_equal(o->possible_after, 40); /* 16 March is outside */
    assert_int_equal(o->present_after, 40);
    assert_int_equal(o->behaviour_before, 7);
    assert_int_equal(o->behaviour_after, 0);
    assert_int_equal(o->steps_up, 1);
    assert_int_equal(o->steps_down, 0);
    assert_int_equal(o->back_on_track, 1);
    assert_int_equal(im.ndemand, 1);
    assert_int_equal(im.demand[0].actions, 2);
    assert_int_equal(im.demand[0].pupils, 2);
    assert_int_equal(im.need_pupils[0], 1);  /* attendance */
    assert_int_equal(im.need_offers[0], 1);
    assert_int_equal(im.need_pupils[4], 1);  /* english */
    assert_int_equal(im.need_offers[4], 0);
    assert_int_equal(im.unmet_pupils, 1);
    zt_impact_free(&im);
}

/* --- back on track: no open alert of either kind for back_on_track_weeks ---------- */

struct back_case {
    char upn[14];
    const char *watch_raised, *watch_resolved; /* a watch after the family_meeting, or NULL */
};

static void alert(struct zt_txn *t, const char *upn, uint32_t seq, int kind, const char *raised, const char *resolved)
{
    uint8_t key[ZT_KEY_MAX];
    struct zt_alert_value a = {.school = SCHOOL_A, .raised = D(raised), .kind = (uint8_t)kind,
                               .open = resolved == NULL, .reasons = ZT_REASON_ATTENDANCE};
    if (resolved)
        a.resolved = D(resolved);
    put(t, ZT_DB_ALERT, key, zt_key_alert(key, upn, seq), &a, sizeof a);
}

/* A family_meeting raised 5 January, support from 12 January, resolved
 * 2 February (maths improved), then the case's watch if any. */
static int build_back(struct zt_txn *t, void *arg)
{
    struct back_case *c = arg;
    plan(t, c->upn, "b1", 1, "2026-01-12", ZT_PLAN_ACTIVE);
    alert(t, c->upn, 1, ZT_ALERT_FAMILY_MEETING, "2026-01-05", "2026-02-02");
    if (c->watch_raised)
        alert(t, c->upn, 2, ZT_ALERT_WATCH, c->watch_raised, c->watch_resolved);
    return 0;
}

static int add_mentor(struct zt_txn *t, void *arg)
{
    (void)arg;
    struct zt_offer_value mentor = {.places = 5, .for_whom = ZT_FOR_BOTH, .needs = ZT_NEED_ATTENDANCE, .name_len = 6};
    memcpy(mentor.name, "mentor", 6);
    uint32_t id;
    return zt_menu_add(t, &mentor, &id);
}

struct stage_at {
    const char *upn;
    zt_date as_of;
    struct zt_stage_now now;
};

static int update_and_read(struct zt_txn *t, void *arg)
{
    struct stage_at *s = arg;
    uint8_t key[ZT_KEY_MAX];
    struct zt_val v;
    struct zt_alert_value a;
    assert_int_equal(zt_stage_update(t, s->upn, s->as_of), 0);
    assert_int_equal(zt_get(t, ZT_DB_ALERT, key, zt_key_alert(key, s->upn, 1), &v), 0);
    memcpy(&a, v.data, sizeof a);
    return zt_stage_current(t, s->upn, 1, &a, &s->now);
}

/* The stage of the case's family_meeting as of each date in turn (stages
 * only move forward, as a zone evaluating day by day would see them). */
static uint32_t stage_as_of(struct zt_store *s, const char *upn, const char *as_of, zt_date *since)
{
    struct stage_at at = {.upn = upn, .as_of = D(as_of)};
    assert_int_equal(zt_store_write(s, update_and_read, &at), 0);
    *since = at.now.since;
    return at.now.stage;
}

static void test_back_on_track(void **state)
{
    struct zt_store *s = ((struct tmp_store *)*state)->s;
    struct back_case clear = {.watch_raised = NULL}, into_watch = {.watch_raised = "2026-02-02"},
                     watch_ends = {.watch_raised = "2026-02-02", .watch_resolved = "2026-02-16"};
    make_upn(clear.upn, 41);
    make_upn(into_watch.upn, 42);
    make_upn(watch_ends.upn, 43);
    assert_int_equal(zt_store_write(s, build_back, &clear), 0);
    assert_int_equal(zt_store_write(s, build_back, &into_watch), 0);
    assert_int_equal(zt_store_write(s, build_back, &watch_ends), 0);
    zt_date since;

    /* No alert since 2 February: three weeks on, not yet; four, back on track. */
    assert_int_equal(stage_as_of(s, clear.upn, "2026-02-23", &since), ZT_STAGE_SUPPORT_IN_PLACE);
    assert_int_equal(stage_as_of(s, clear.upn, "2026-03-01", &since), ZT_STAGE_SUPPORT_IN_PLACE);
    assert_int_equal(stage_as_of(s, clear.upn, "2026-03-02", &since), ZT_STAGE_BACK_ON_TRACK);
    assert_int_equal(since, D("2026-03-02"));

    /* Resolved into a watch still open: never back on track. */
    assert_int_equal(stage_as_of(s, into_watch.upn, "2026-03-02", &since), ZT_STAGE_SUPPORT_IN_PLACE);
    assert_int_equal(stage_as_of(s, into_watch.upn, "2026-06-30", &since), ZT_STAGE_SUPPORT_IN_PLACE);

    /* The watch resolves 16 February: four weeks from then. */
    assert_int_equal(stage_as_of(s, watch_ends.upn, "2026-03-02", &since), ZT_STAGE_SUPPORT_IN_PLACE);
    assert_int_equal(stage_as_of(s, watch_ends.upn, "2026-03-15", &since), ZT_STAGE_SUPPORT_IN_PLACE);
    assert_int_equal(stage_as_of(s, watch_ends.upn, "2026-03-16", &since), ZT_STAGE_BACK_ON_TRACK);
    assert_int_equal(since, D("2026-03-16"));

    /* The impact figures count the two back on track, not the one in a watch. */
    assert_int_equal(zt_store_write(s, add_mentor, NULL), 0);
    struct zt_impact im;
    gather_impact(s, "2026-06-30", &im);
    assert_int_equal(im.noffers, 1);
    assert_int_equal(im.offers[0].pupils, 3);
    assert_int_equal(im.offers[0].back_on_track, 2);
    zt_impact_free(&im);
}

/* --- a school's alert listing, and whom the stage update is for ------------------ */

static int school_alerts(struct zt_txn *t, void *arg)
{
    (void)arg;
    char u[14], v[14];
    make_upn(u, 51);
    make_upn(v, 52);
    uint8_t key[ZT_KEY_MAX];
    alert(t, u, 1, ZT_ALERT_WATCH, "2026-01-05", "2026-02-02");
    alert(t, u, 2, ZT_ALERT_FAMILY_MEETING, "2026-02-02", NULL);
    alert(t, v, 1, ZT_ALERT_WATCH, "2026-01-12", NULL);
    struct zt_alert_value moved = {.school = SCHOOL_B, .raised = D("2026-01-19"), .kind = ZT_ALERT_WATCH, .open = 1};
    put(t, ZT_DB_ALERT, key, zt_key_alert(key, v, 2), &moved, sizeof moved);
    return 0;
}

struct listed {
    uint32_t school;
    int open_only, filter; /* filter: note only what a listing would keep */
    size_t n;
    char seen[8][20]; /* "upn/seq" */
};

static int note_listed(const char *upn, uint32_t seq, const struct zt_alert_value *a, void *arg)
{
    struct listed *l = arg;
    if (l->filter && ((l->school && a->school != l->school) || (l->open_only && !a->open)))
        return 0;
    assert_true(l->n < 8);
    snprintf(l->seen[l->n++], sizeof l->seen[0], "%s/%u", upn, (unsigned)seq);
    return 0;
}

/* The school's listing, checked against the whole zone's walk filtered
 * afterwards: the same alerts in the same order. Returns how many. */
static size_t listing(struct zt_store *s, uint32_t school, int open_only)
{
    struct zt_txn *t;
    struct listed got = {.school = school, .open_only = open_only};
    struct listed want = {.school = school, .open_only = open_only, .filter = 1};
    assert_int_equal(zt_store_read_begin(s, &t), 0);
    assert_int_equal(zt_alerts_of_school(t, school, open_only, note_listed, &got), 0);
    assert_int_equal(zt_alerts_each_seq(t, NULL, note_listed, &want), 0);
    zt_txn_end(t);
    assert_int_equal(got.n, want.n);
    for (size_t i = 0; i < got.n; i++)
        assert_string_equal(got.seen[i], want.seen[i]);
    return got.n;
}

/* A school's listing passes over the other schools' alerts and, when asked,
 * the resolved ones. */
static void test_school_listing(void **state)
{
    struct zt_store *s = ((struct tmp_store *)*state)->s;
    assert_int_equal(zt_store_write(s, school_alerts, NULL), 0);
    assert_int_equal(listing(s, SCHOOL_A, 1), 2);
    assert_int_equal(listing(s, SCHOOL_A, 0), 3);
    assert_int_equal(listing(s, SCHOOL_B, 1), 1);
    assert_int_equal(listing(s, 0, 1), 3);
    assert_int_equal(listing(s, 0, 0), 4);
}

/* A stored alert of the wrong size is a broken store, whichever school. */
static int broken_alert(struct zt_txn *t, void *arg)
{
    (void)arg;
    char w[14];
    make_upn(w, 53);
    uint8_t key[ZT_KEY_MAX], junk[3] = {0};
    put(t, ZT_DB_ALERT, key, zt_key_alert(key, w, 1), junk, sizeof junk);
    return 0;
}

static void test_school_listing_corrupt(void **state)
{
    struct zt_store *s = ((struct tmp_store *)*state)->s;
    assert_int_equal(zt_store_write(s, broken_alert, NULL), 0);
    struct zt_txn *t;
    struct listed l = {0};
    assert_int_equal(zt_store_read_begin(s, &t), 0);
    assert_int_equal(zt_alerts_of_school(t, SCHOOL_B, 1, note_listed, &l), ZT_E_CORRUPT);
    zt_txn_end(t);
}

struct verdicts {
    char upn[14];
    int kinds[4], counted[4];
};

/* Reconciles the pupil to each verdict in turn, a day apart, noting what
 * the reconcile says of its family_meeting alerts. */
static int reconcile_each(struct zt_txn *t, void *arg)
{
    struct verdicts *c = arg;
    struct zt_figures f = {0};
    for (int i = 0; i < 4; i++) {
        struct zt_verdict v = {.kind = c->kinds[i], .reasons = c->kinds[i] ? ZT_REASON_ATTENDANCE : 0};
        c->counted[i] = zt_alerts_reconcile(t, c->upn, SCHOOL_A, D("2026-03-02") + i, &v, &f, NULL);
    }
    return 0;
}

/* The evaluation updates stages only for a pupil the reconcile says has a
 * family_meeting alert: one just raised, one open, one resolved all count. */
static void test_reconcile_counts_family_meetings(void **state)
{
    struct zt_store *s = ((struct tmp_store *)*state)->s;
    struct verdicts c = {.kinds = {0, ZT_ALERT_WATCH, ZT_ALERT_FAMILY_MEETING, ZT_ALERT_WATCH}};
    make_upn(c.upn, 54);
    assert_int_equal(zt_store_write(s, reconcile_each, &c), 0);
    assert_int_equal(c.counted[0], 0); /* nothing raised */
    assert_int_equal(c.counted[1], 0); /* a watch only */
    assert_int_equal(c.counted[2], 1); /* raised now */
    assert_int_equal(c.counted[3], 1); /* resolved into a watch: still the pupil's */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_school_days),
        cmocka_unit_test_setup_teardown(test_impact_by_hand, open_store, close_store),
        cmocka_unit_test_setup_teardown(test_back_on_track, open_store, close_store),
        cmocka_unit_test_setup_teardown(test_school_listing, open_store, close_store),
        cmocka_unit_test_setup_teardown(test_school_listing_corrupt, open_store, close_store),
        cmocka_unit_test_setup_teardown(test_reconcile_counts_family_meetings, open_store, close_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
