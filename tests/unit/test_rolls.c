/* Roll entries as the zone knows them (SPEC §2): an entry counts from its
 * date, a school's records count inside its own roll period, assessments are
 * kept per school, and the earlier school of a dual registration keeps
 * reading the pupil. On a real LMDB store, through the group commit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "records.h"
#include "roll_periods.h"
#include "roll_update.h"
#include "thresholds.h"

#include "store_fixture.h"

#define SCHOOL_C 100003

static uint32_t current(struct fixture *f, const char *upn, const char *on)
{
    struct zt_txn *txn;
    uint32_t urn = 0;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_current_school(txn, upn, D(on), &urn), 0);
    zt_txn_end(txn);
    return urn;
}

static int reads(struct fixture *f, const char *upn, uint32_t urn)
{
    struct zt_txn *txn;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    int rc = zt_school_reads_pupil(txn, upn, urn, f->as_of);
    zt_txn_end(txn);
    assert_true(rc >= 0);
    return rc;
}

struct evaluation {
    zt_date as_of;
};

static int evaluate_txn(struct zt_txn *txn, void *arg)
{
    struct evaluation *e = arg;
    struct zt_thresholds t;
    int rc = zt_thresholds_load(txn, &t);
    return rc ? rc : zt_evaluate_all(txn, e->as_of, &t, NULL);
}

/* A pupil of school A, red on attendance (20 of 24) and below in English:
 * a family_meeting alert. */
static void pupil_at_a(struct fixture *f, const char *upn)
{
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-02-02", "2026-02-13", "/");
    add_days(x, upn, "2026-02-16", "2026-02-17", "U");
    add_assessment(x, upn, ZT_SUBJECT_READING, "2026-01-10", ZT_STEP_GAP);
    push(f, SCHOOL_A, x);
}

static void test_joiner_entered_in_advance_moves_nothing_early(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 101);
    pupil_at_a(f, upn);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2026-03-10"); /* a week after the zone's date */
    push(f, SCHOOL_B, x);
    assert_int_equal(current(f, upn, "2026-03-02"), SCHOOL_A);
    assert_int_equal(alerts_of(f, upn).last_open.school, SCHOOL_A);
    assert_true(reads(f, upn, SCHOOL_A));
    assert_false(reads(f, upn, SCHOOL_B));
    /* on the entry date the pupil moves, and the alert with them */
    struct evaluation e = {D("2026-03-10")};
    assert_int_equal(zt_store_write(f->store, evaluate_txn, &e), 0);
    assert_int_equal(current(f, upn, "2026-03-10"), SCHOOL_B);
    assert_int_equal(alerts_of(f, upn).last_open.school, SCHOOL_B);
}

static void test_entry_more_than_a_year_ahead_is_a_bad_row(void **state)
{
    struct fixture *f = *state;
    char far[14], year[14], past_year[14];
    make_upn(far, 111);
    make_upn(year, 112);
    make_upn(past_year, 113);
    struct builder *x = builder_new();
    add_pupil(x, far, "2199-12-31");
    add_pupil(x, year, "2027-03-02");      /* a year after 2026-03-02: fine */
    add_pupil(x, past_year, "2027-03-03"); /* a day more: refused */
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    assert_int_equal(r.stored, 1);
    assert_int_equal(r.nrejects, 2);
    assert_int_equal(r.rejects[0].index, 0);
    assert_int_equal(r.rejects[1].index, 2);
    assert_non_null(strstr(r.rejects[0].reason, "entry_date"));
    assert_non_null(strstr(r.rejects[1].reason, "entry_date"));
    zt_ingest_result_free(&r);
}

/* Issue 21, high 2: a roll row dated long before the real school's entry
 * keeps the real school current; what the pushing school then records after
 * that entry does not count, and its assessment replaces nothing. */
static void test_old_entry_claims_nothing_after_the_current_school_took_over(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 121);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-02-02", "2026-02-13", "/");
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-02-20", ZT_STEP_EXPECTED);
    add_assessment(x, upn, ZT_SUBJECT_READING, "2026-02-20", ZT_STEP_EXPECTED);
    push(f, SCHOOL_A, x);
    x = builder_new();
    add_pupil(x, upn, "1990-01-02");
    add_behaviour(x, "X1", upn, "2026-02-20", 0, ZT_ACTION_PERMANENT_EXCLUSION);
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-02-20", ZT_STEP_GAP);
    add_days(x, upn, "2026-02-16", "2026-02-27", "U");
    add_health(x, "H1", upn, "2026-02-20", ZT_SEVERITY_HIGH);
    push(f, SCHOOL_B, x);
    assert_int_equal(current(f, upn, "2026-03-02"), SCHOOL_A);
    struct zt_figures fig = figures(f, upn, f->as_of);
    assert_int_equal(fig.permanent_exclusions_ytd, 0);
    assert_int_equal(fig.high_health_ytd, 0);
    assert_int_equal(fig.possible, 20); /* A's 20 sessions; B's 20 do not count */
    assert_int_equal(fig.latest_step[ZT_SUBJECT_MATHS], ZT_STEP_EXPECTED);
    assert_int_equal(alerts_of(f, upn).n_all, 0);
    assert_false(reads(f, upn, SCHOOL_B));
    /* its records dated inside the period it claims do count */
    x = builder_new();
    add_behaviour(x, "X2", upn, "2025-08-20", 7, ZT_ACTION_SUSPENSION);
    push(f, SCHOOL_B, x);
    assert_int_equal(figures(f, upn, D("2025-08-25")).behaviour_points_recent, 7);
}

static void test_copying_the_entry_date_takes_nothing(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 131);
    pupil_at_a(f, upn);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01"); /* the real school's date, stored later */
    add_behaviour(x, "X1", upn, "2026-02-20", 0, ZT_ACTION_PERMANENT_EXCLUSION);
    push(f, SCHOOL_B, x);
    assert_int_equal(current(f, upn, "2026-03-02"), SCHOOL_A);
    assert_int_equal(figures(f, upn, f->as_of).permanent_exclusions_ytd, 0);
    assert_false(reads(f, upn, SCHOOL_B));
    assert_int_equal(alerts_of(f, upn).last_open.school, SCHOOL_A);
}

/* A mover: the earlier school's marks after the move do not count, and it
 * keeps reading the pupil while its roll still lists them. */
static void test_mover_earlier_school_stops_counting_and_keeps_reading(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 141);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-01-05", "2026-01-16", "/");
    add_days(x, upn, "2026-01-19", "2026-01-30", "N"); /* A still marks the child absent */
    push(f, SCHOOL_A, x);
    x = builder_new();
    add_pupil(x, upn, "2026-01-19");
    add_days(x, upn, "2026-01-19", "2026-01-30", "/");
    push(f, SCHOOL_B, x);
    struct zt_figures fig = figures(f, upn, f->as_of);
    assert_int_equal(fig.possible, 40);
    assert_int_equal(fig.present, 40);
    assert_true(reads(f, upn, SCHOOL_A));
    assert_true(reads(f, upn, SCHOOL_B));
    /* an attacker's old entry, stored after both, reads nothing */
    x = builder_new();
    add_pupil(x, upn, "2001-01-02");
    push(f, SCHOOL_C, x);
    assert_false(reads(f, upn, SCHOOL_C));
    assert_true(reads(f, upn, SCHOOL_A));
}

/* The kept month sums were counted inside the roll periods of their time:
 * a move that ends a period is not answered from them. */
struct gathered {
    const char *upn;
    zt_date as_of;
    struct zt_figures out;
};

static int gather_txn(struct zt_txn *txn, void *arg)
{
    struct gathered *g = arg;
    return zt_figures_gather(txn, g->upn, g->as_of, 28, &g->out);
}

static void test_kept_sums_follow_roll_periods(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 151);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2025-10-01", "2025-12-19", "/");
    push(f, SCHOOL_A, x); /* evaluated: whole months kept */
    struct gathered g = {upn, f->as_of, {0}};
    assert_int_equal(zt_store_write(f->store, gather_txn, &g), 0);
    uint32_t before = g.out.possible;
    x = builder_new();
    add_pupil(x, upn, "2025-11-03");
    push(f, SCHOOL_B, x);
    assert_int_equal(zt_store_write(f->store, gather_txn, &g), 0);
    struct zt_figures fresh = figures(f, upn, f->as_of); /* a read: nothing kept */
    assert_true(fresh.possible < before);
    assert_int_equal(g.out.possible, fresh.possible);
}

static uint64_t assessments_stored(struct fixture *f)
{
    struct zt_txn *txn;
    uint64_t n;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_count(txn, ZT_DB_ASSESSMENT, &n), 0);
    zt_txn_end(txn);
    return n;
}

/* Both schools assessed on the same date, inside both periods: each keeps
 * its own, and the current school's counts whichever came first. */
static void test_assessments_per_school_current_wins_a_tie(void **state)
{
    struct fixture *f = *state;
    char upn[14], other[14];
    make_upn(upn, 161);
    make_upn(other, 162);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-10-01");
    add_pupil(x, other, "2025-10-01");
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-01-15", ZT_STEP_GAP);
    add_assessment(x, upn, ZT_SUBJECT_READING, "2026-01-15", ZT_STEP_EXPECTED);
    push(f, SCHOOL_B, x);
    x = builder_new();
    add_pupil(x, upn, "2024-09-02");
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-01-15", ZT_STEP_EXPECTED);
    add_assessment(x, upn, ZT_SUBJECT_READING, "2026-01-15", ZT_STEP_GAP);
    push(f, SCHOOL_A, x);
    assert_int_equal(assessments_stored(f), 4);
    /* B records the pupil as a leaver: A is current again */
    char *list[] = {other};
    Zt__RollComplete m = ZT__ROLL_COMPLETE__INIT;
    m.upns = list;
    m.n_upns = 1;
    struct zt_roll_result rr;
    assert_int_equal(zt_roll_update(f->store, SCHOOL_B, &m, f->as_of, &rr), 0);
    zt_roll_result_free(&rr);
    assert_int_equal(current(f, upn, "2026-03-02"), SCHOOL_A);
    struct zt_figures fig = figures(f, upn, f->as_of);
    assert_int_equal(fig.latest_step[ZT_SUBJECT_MATHS], ZT_STEP_EXPECTED);
    assert_int_equal(fig.latest_step[ZT_SUBJECT_READING], ZT_STEP_GAP);
    assert_false(reads(f, upn, SCHOOL_B)); /* a leaver there */
}

/* A pupil on more rolls than are kept: the current school still is. */
static void test_more_rolls_than_kept(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 181);
    uint32_t last = 0;
    for (int i = 0; i <= ZT_ROLLS_MAX; i++) {
        struct builder *x = builder_new();
        char entry[ZT_DATE_STRLEN];
        zt_date_format(D("2025-09-01") + i, entry);
        add_pupil(x, upn, entry);
        if (i == ZT_ROLLS_MAX)
            add_behaviour(x, "S1", upn, "2026-02-20", 0, ZT_ACTION_SUSPENSION);
        last = 200001 + (uint32_t)i;
        push(f, last, x);
    }
    assert_int_equal(current(f, upn, "2026-03-02"), last);
    assert_int_equal(figures(f, upn, f->as_of).suspensions_ytd, 1);
}

/* --- the layout upgrade ------------------------------------------------------ */

struct v1 {
    const char *upn;
};

/* Writes an assessment the way layout 1 did and forgets the version. */
static int write_v1(struct zt_txn *txn, void *arg)
{
    struct v1 *v = arg;
    uint8_t key[ZT_ASSESS_KEY_LEN]; /* its first ZT_ASSESS_KEY_LEN_V1 bytes */
    struct zt_assessment_value a = {.urn = SCHOOL_A, .step = ZT_STEP_GAP};
    zt_key_assessment(key, v->upn, ZT_SUBJECT_MATHS, D("2026-01-15"), SCHOOL_A);
    int rc = zt_put(txn, ZT_DB_ASSESSMENT, key, ZT_ASSESS_KEY_LEN_V1, &a, sizeof a);
    return rc ? rc : zt_del(txn, ZT_DB_META, "schema", 6);
}

static int write_newer(struct zt_txn *txn, void *arg)
{
    (void)arg;
    uint32_t v = ZT_SCHEMA_VERSION + 1;
    return zt_put(txn, ZT_DB_META, "schema", 6, &v, sizeof v);
}

static void reopen(struct fixture *f, int expect, char *err, size_t errlen)
{
    zt_store_close(f->store);
    f->store = NULL;
    assert_int_equal(fixture_open(f, f->dir, 0, err, errlen), expect);
}

static void test_layout_1_assessments_are_upgraded(void **state)
{
    struct fixture *f = *state;
    char upn[14], err[256];
    make_upn(upn, 171);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    push(f, SCHOOL_A, x);
    struct v1 v = {upn};
    assert_int_equal(zt_store_write(f->store, write_v1, &v), 0);
    reopen(f, 0, err, sizeof err);
    assert_int_equal(assessments_stored(f), 1);
    assert_int_equal(figures(f, upn, f->as_of).latest_step[ZT_SUBJECT_MATHS], ZT_STEP_GAP);
    /* the upgraded record is the school's own: a new push of it changes nothing */
    x = builder_new();
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-01-15", ZT_STEP_GAP);
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    assert_int_equal(r.unchanged, 1);
    assert_int_equal(assessments_stored(f), 1);
    zt_ingest_result_free(&r);
}

static void test_store_from_a_newer_zoned_is_refused(void **state)
{
    struct fixture *f = *state;
    char err[256] = "";
    assert_int_equal(zt_store_write(f->store, write_newer, NULL), 0);
    reopen(f, -EPROTO, err, sizeof err);
    assert_non_null(strstr(err, "newer"));
    assert_null(f->store); /* teardown's close takes NULL */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_joiner_entered_in_advance_moves_nothing_early, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_more_than_a_year_ahead_is_a_bad_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_entry_claims_nothing_after_the_current_school_took_over, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_copying_the_entry_date_takes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mover_earlier_school_stops_counting_and_keeps_reading, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_kept_sums_follow_roll_periods, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assessments_per_school_current_wins_a_tie, setup, teardown),
        cmocka_unit_test_setup_teardown(test_more_rolls_than_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_1_assessments_are_upgraded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_from_a_newer_zoned_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
