/* The store and the tipping engine on a real LMDB environment: key order,
 * upserts, the windows of SPEC §5 at their edges, movers, alert history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alerts.h"
#include "codes.h"
#include "erase.h"
#include "evaluate.h"
#include "figures.h"
#include "ingest.h"
#include "records.h"
#include "roll_update.h"
#include "status.h"
#include "store.h"
#include "upn.h"

#include "store_fixture.h"

/* --- tests ------------------------------------------------------------------ */

static void test_key_order_is_month_pupil_school(void **state)
{
    (void)state;
    uint8_t a[ZT_ATT_KEY_LEN], b[ZT_ATT_KEY_LEN], c[ZT_ATT_KEY_LEN], d[ZT_ATT_KEY_LEN];
    zt_key_attendance(a, "A000000000001", 100001, 300);
    zt_key_attendance(b, "A000000000001", 100002, 300);
    zt_key_attendance(c, "A000000000002", 100001, 300);
    zt_key_attendance(d, "A000000000001", 100001, 301);
    assert_true(memcmp(a, b, sizeof a) < 0);
    assert_true(memcmp(b, c, sizeof a) < 0);
    assert_true(memcmp(c, d, sizeof a) < 0);
    assert_int_equal(zt_key_attendance_month(d), 301);
    assert_memory_equal(a, b, ZT_ATT_PREFIX_LEN); /* one pupil's month: one prefix */
    uint8_t d1[ZT_ASSESS_KEY_LEN], d2[ZT_ASSESS_KEY_LEN];
    zt_key_assessment(d1, "A000000000001", 1, D("1999-12-31"), 100002);
    zt_key_assessment(d2, "A000000000001", 1, D("2026-01-01"), 100001);
    assert_true(memcmp(d1, d2, sizeof d1) < 0);
}

static void test_repush_changes_nothing_and_n_becomes_i(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 1);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-02-02", "2026-02-06", "/");
    add_mark(x, upn, "2026-02-09", 0, "N");
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    assert_int_equal(r.stored, 1 + 10 + 1);
    assert_int_equal(r.nrejects, 0);
    zt_ingest_result_free(&r);
    x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-02-02", "2026-02-06", "/");
    add_mark(x, upn, "2026-02-09", 0, "I");
    r = push(f, SCHOOL_A, x);
    assert_int_equal(r.stored, 1);    /* only the N that became I */
    assert_int_equal(r.unchanged, 11);
    zt_ingest_result_free(&r);
    struct zt_figures fig = figures(f, upn, D("2026-02-09"));
    assert_int_equal(fig.possible, 11);
    assert_int_equal(fig.unauthorised, 0);
    assert_int_equal(fig.health_sessions_recent, 1);
}

/* A month record from a peer is checked slot by slot: a code that is no
 * register code, or a mark on a day past the month's end (29 February 2026;
 * 2028 is a leap year), refuses the record and keeps what it had. */
static void test_bad_month_records_are_rejected(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 4);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_mark(x, upn, "2026-02-02", 0, "/");   /* months[0]: a good February */
    add_mark(x, upn, "2026-02-03", 0, "/");
    x->codes[0][2 * 28] = (uint8_t)zt_mark_parse("/", 1); /* and 29 February: months[0] refused */
    add_mark(x, upn, "2026-01-05", 1, "L");   /* months[1]: January, with a code that is none */
    x->codes[1][7] = ZT_MARK_CODE_MAX;
    add_mark(x, upn, "2028-02-28", 0, "/");   /* months[2]: 29 February 2028 is a day */
    x->codes[2][2 * 28] = (uint8_t)zt_mark_parse("/", 1);
    add_mark(x, upn, "2025-12-01", 0, "/");   /* months[3]: a number below the largest that is no code */
    x->codes[3][9] = ZT_MARK_CODE_MAX - 1;
    assert_string_equal(zt_mark_text(ZT_MARK_CODE_MAX - 1), "");
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    assert_int_equal(r.nrejects, 3);
    assert_non_null(strstr(r.rejects[0].reason, "day the month does not have"));
    assert_non_null(strstr(r.rejects[1].reason, "unknown register code"));
    assert_non_null(strstr(r.rejects[2].reason, "unknown register code"));
    assert_int_equal(r.stored, 3); /* the pupil and two marks of 2028 */
    zt_ingest_result_free(&r);
}

static void test_rows_for_pupils_not_on_roll_are_rejected(void **state)
{
    struct fixture *f = *state;
    char upn[14], other[14];
    make_upn(upn, 2);
    make_upn(other, 3);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_mark(x, other, "2026-02-02", 0, "/");
    add_assessment(x, "B801200005001", ZT_SUBJECT_MATHS, "2026-01-01", ZT_STEP_GAP);
    add_behaviour(x, "X1", upn, "2026-02-02", 101, ZT_ACTION_NONE);
    add_mark(x, upn, "2026-02-02", 0, "/");
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    assert_int_equal(r.nrejects, 3);
    assert_int_equal(r.rejects[0].kind, ZT__RECORD_KIND__REC_ATTENDANCE);
    assert_non_null(strstr(r.rejects[0].reason, "roll"));
    assert_int_equal(r.rejects[1].kind, ZT__RECORD_KIND__REC_BEHAVIOUR);
    assert_int_equal(r.rejects[2].kind, ZT__RECORD_KIND__REC_ASSESSMENT);
    assert_int_equal(r.stored, 2); /* the pupil and the good mark */
    zt_ingest_result_free(&r);
}

static void test_windows_and_as_of(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 4);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2024-09-01");
    add_mark(x, upn, "2025-07-15", 0, "U");  /* last academic year: not in YTD */
    add_mark(x, upn, "2026-02-02", 0, "I");  /* day before the window of 2026-03-02 */
    add_mark(x, upn, "2026-02-03", 0, "I");  /* first day of the window */
    add_mark(x, upn, "2026-03-02", 0, "M");  /* last day: the as-of date */
    add_mark(x, upn, "2026-03-03", 0, "I");  /* after as-of: ignored */
    add_mark(x, upn, "2026-02-10", 0, "#");  /* not a possible session */
    add_mark(x, upn, "2026-02-10", 1, "V");  /* approved education: present */
    add_behaviour(x, "B1", upn, "2026-02-02", 7, ZT_ACTION_NONE);
    add_behaviour(x, "B2", upn, "2026-02-03", 3, ZT_ACTION_NONE);
    add_behaviour(x, "B3", upn, "2025-06-01", 1, ZT_ACTION_SUSPENSION);
    push(f, SCHOOL_A, x);
    struct zt_figures fig = figures(f, upn, D("2026-03-02"));
    assert_int_equal(fig.possible, 4);   /* I, I, M, V */
    assert_int_equal(fig.present, 1);
    assert_int_equal(fig.unauthorised, 0);
    assert_int_equal(fig.health_sessions_recent, 2);
    assert_int_equal(fig.behaviour_points_recent, 3);
    assert_int_equal(fig.suspensions_ytd, 0);
    fig = figures(f, upn, D("2026-03-01"));
    assert_int_equal(fig.health_sessions_recent, 2); /* 02-02 now inside, 03-02 outside */
    assert_int_equal(fig.behaviour_points_recent, 10);
}

/* Early in September the window reaches back into the last academic year:
 * those marks count in the window, not in the year to date. */
static void test_window_reaching_last_year(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 5);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2024-09-02");
    add_mark(x, upn, "2025-08-28", 0, "I");
    add_mark(x, upn, "2025-09-03", 0, "/");
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    zt_ingest_result_free(&r);
    struct zt_figures fig = figures(f, upn, D("2025-09-10"));
    assert_int_equal(fig.possible, 1);
    assert_int_equal(fig.present, 1);
    assert_int_equal(fig.possible_recent, 2);
    assert_int_equal(fig.present_recent, 1);
    assert_int_equal(fig.health_sessions_recent, 1);
}

static void test_latest_assessment_wins(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 5);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2025-12-18", ZT_STEP_GAP);
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-02-20", ZT_STEP_EXPECTED);
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-03-20", ZT_STEP_EMERGING); /* after as-of */
    push(f, SCHOOL_A, x);
    struct zt_figures fig = figures(f, upn, D("2026-03-02"));
    assert_int_equal(fig.latest_step[ZT_SUBJECT_MATHS], ZT_STEP_EXPECTED);
    fig = figures(f, upn, D("2026-01-02"));
    assert_int_equal(fig.latest_step[ZT_SUBJECT_MATHS], ZT_STEP_GAP);
}

static void test_alert_raised_updated_resolved(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 6);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-02-02", "2026-02-13", "/");
    add_days(x, upn, "2026-02-16", "2026-02-17", "U"); /* 20 of 24: 83% */
    add_assessment(x, upn, ZT_SUBJECT_READING, "2026-01-10", ZT_STEP_GAP);
    push(f, SCHOOL_A, x);
    struct alert_seen s = alerts_of(f, upn);
    assert_int_equal(s.n_open, 1);
    assert_int_equal(s.last_open.kind, ZT_ALERT_FAMILY_MEETING);
    assert_int_equal(s.last_open.reasons, ZT_REASON_ATTENDANCE);
    assert_int_equal(s.last_open.below, ZT_BELOW_ENGLISH);
    assert_int_equal(s.last_open.school, SCHOOL_A);
    /* a high health event adds a reason to the same open alert */
    x = builder_new();
    add_health(x, "H1", upn, "2026-02-20", ZT_SEVERITY_HIGH);
    push(f, SCHOOL_A, x);
    s = alerts_of(f, upn);
    assert_int_equal(s.n_all, 1);
    assert_int_equal(s.last_open.reasons, ZT_REASON_ATTENDANCE | ZT_REASON_HEALTH);
    /* reading recovers: family meeting resolves, watch (red, not below) opens */
    x = builder_new();
    add_assessment(x, upn, ZT_SUBJECT_READING, "2026-02-25", ZT_STEP_EXPECTED);
    push(f, SCHOOL_A, x);
    s = alerts_of(f, upn);
    assert_int_equal(s.n_all, 2);
    assert_int_equal(s.n_open, 1);
    assert_int_equal(s.last_open.kind, ZT_ALERT_WATCH);
}

static void test_attendance_recovery_resolves(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 7);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-01-05", "2026-01-16", "/");
    add_days(x, upn, "2026-01-19", "2026-01-20", "O"); /* 20/24 */
    push(f, SCHOOL_A, x);
    assert_int_equal(alerts_of(f, upn).last_open.kind, ZT_ALERT_WATCH);
    x = builder_new();
    add_days(x, upn, "2026-01-21", "2026-02-27", "/"); /* 20 absent of many: above 95% */
    push(f, SCHOOL_A, x);
    struct alert_seen s = alerts_of(f, upn);
    assert_int_equal(s.n_open, 0);
    assert_int_equal(s.n_all, 1); /* kept, resolved */
}

static void test_mover_history_follows(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 8);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-01-05", "2026-01-16", "U"); /* 20 unauthorised at the old school */
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2025-12-10", ZT_STEP_GAP);
    push(f, SCHOOL_A, x);
    assert_int_equal(alerts_of(f, upn).last_open.school, SCHOOL_A);
    x = builder_new();
    add_pupil(x, upn, "2026-01-19");
    add_days(x, upn, "2026-01-19", "2026-01-23", "/");
    push(f, SCHOOL_B, x);
    struct zt_txn *txn;
    uint32_t school;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_current_school(txn, upn, f->as_of, &school), 0);
    zt_txn_end(txn);
    assert_int_equal(school, SCHOOL_B);
    struct alert_seen s = alerts_of(f, upn);
    assert_int_equal(s.n_open, 1);
    assert_int_equal(s.last_open.school, SCHOOL_B);     /* the alert moved with the pupil */
    assert_int_equal(s.last_open.possible, 30);         /* both schools' marks count */
    assert_int_equal(s.last_open.kind, ZT_ALERT_FAMILY_MEETING);
}

/* What the latest raise_red_line's evaluation did. */
static struct zt_evaluation raised;

/* Raises the red line to 92% and re-evaluates, as zonectl thresholds set does. */
static int raise_red_line(struct zt_txn *w, void *arg)
{
    struct fixture *f = arg;
    struct zt_thresholds t;
    int rc = zt_threshold_set(w, ZT_THR_ATT_RED_BELOW_PCT, 92, "coordinator:test", 0);
    if (rc == 0)
        rc = zt_thresholds_load(w, &t);
    return rc ? rc : zt_evaluate_all(w, f->as_of, &t, &raised);
}

static void test_threshold_change_reevaluates(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 9);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-01-05", "2026-01-16", "/");
    add_days(x, upn, "2026-01-19", "2026-01-19", "G"); /* 20 of 22: 90.9%, amber */
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2025-12-10", ZT_STEP_GAP);
    push(f, SCHOOL_A, x);
    assert_int_equal(alerts_of(f, upn).last_open.kind, ZT_ALERT_WATCH);
    assert_int_equal(zt_store_write(f->store, raise_red_line, f), 0);
    assert_int_equal(alerts_of(f, upn).last_open.kind, ZT_ALERT_FAMILY_MEETING);
    /* the watch resolved, a family meeting raised: what zonectl is told */
    assert_int_equal(raised.pupils, 1);
    assert_int_equal(raised.alerts.opened, 1);
    assert_int_equal(raised.alerts.resolved, 1);
    assert_int_equal(zt_store_write(f->store, raise_red_line, f), 0); /* the same value again */
    assert_int_equal(raised.alerts.opened + raised.alerts.resolved, 0);
}

/* Amber below red is refused. */
static int amber_below_red(struct zt_txn *w, void *arg)
{
    (void)arg;
    return zt_threshold_set(w, ZT_THR_ATT_AMBER_BELOW_PCT, 85, "coordinator:test", 0);
}

static void test_threshold_validation(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(zt_store_write(f->store, amber_below_red, f), -EINVAL);
}

static void test_replayed_batch_is_not_applied_twice(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 10);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_mark(x, upn, "2026-02-02", 0, "/");
    struct builder *copy = malloc(sizeof *copy);
    memcpy(copy, x, sizeof *x);
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    assert_int_equal(r.stored, 2);
    zt_ingest_result_free(&r);
    /* the copy's pointers still name the original arrays: rebuild them */
    copy->b.pupils = copy->pp;
    copy->pp[0] = &copy->pupils[0];
    copy->b.attendance = copy->mp;
    copy->mp[0] = &copy->months[0];
    copy->months[0].codes.data = copy->codes[0];
    copy->b.batch_id.data = copy->id;
    r = push(f, SCHOOL_A, copy);
    assert_true(r.replayed);
    assert_int_equal(r.stored, 2); /* the first answer, repeated */
    zt_ingest_result_free(&r);
}

/* A store opened with a 256 KiB map takes a push of several MiB by growing. */
static void test_full_map_grows(void **state)
{
    struct fixture *f = *state;
    zt_store_close(f->store);
    char err[256], dir[96];
    snprintf(dir, sizeof dir, "%s/small", f->dir); /* a new file: the small map applies */
    assert_int_equal(fixture_open(f, dir, 256 << 10, err, sizeof err), 0);
    uint64_t file0, map0, file1, map1;
    zt_store_sizes(f->store, &file0, &map0);
    for (int p = 0; p < 64; p++) {
        char upn[14];
        make_upn(upn, 100 + p);
        struct builder *x = builder_new();
        add_pupil(x, upn, "2020-09-01");
        for (int m = 0; m < 60; m++) {
            char d[ZT_DATE_STRLEN];
            zt_date_format(zt_month_index_first_day(240 + m), d);
            add_mark(x, upn, d, 0, "/");
        }
        struct zt_ingest_result r = push(f, SCHOOL_A, x);
        assert_int_equal(r.stored, 61);
        zt_ingest_result_free(&r);
    }
    zt_store_sizes(f->store, &file1, &map1);
    assert_true(map1 > map0);
    struct zt_txn *txn;
    uint64_t n;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_count(txn, ZT_DB_ATTENDANCE, &n), 0);
    zt_txn_end(txn);
    assert_int_equal(n, 64 * 60);
}

/* A roll entry that was left in 2018, written directly as a leaver's is. */
struct leaver {
    const char *upn;
    uint32_t urn;
};

static int put_leaver(struct zt_txn *txn, void *arg)
{
    const struct leaver *l = arg;
    struct zt_roll_value v = {.entry_date = D("2015-09-01"), .has_left = 1, .left_date = D("2018-07-20"),
                              .year_group = 10, .gender = 1};
    uint8_t key[ZT_ROLL_KEY_LEN];
    zt_key_roll(key, l->upn, l->urn);
    return zt_put(txn, ZT_DB_ROLL, key, sizeof key, &v, sizeof v);
}

struct purge_run {
    int dry;
    struct zt_upn_list out;
    uint32_t records;
};

static int purge_txn(struct zt_txn *txn, void *arg)
{
    struct purge_run *p = arg;
    zt_upn_list_free(&p->out);
    p->records = 0;
    return zt_purge(txn, D("2026-03-02"), 2557, p->dry, &p->out, &p->records);
}

/* Only pupils who left every roll more than the retention period ago go. */
static void test_purge_removes_only_expired_leavers(void **state)
{
    struct fixture *f = *state;
    char gone[14], moved[14], here[14];
    make_upn(gone, 201);
    make_upn(moved, 202);
    make_upn(here, 203);
    struct builder *x = builder_new();
    add_pupil(x, gone, "2015-09-01");
    add_mark(x, gone, "2018-07-02", 0, "/");
    add_pupil(x, moved, "2015-09-01");
    add_pupil(x, here, "2025-09-01");
    add_mark(x, here, "2026-02-02", 0, "/");
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    zt_ingest_result_free(&r);
    /* gone: left A long ago (rewrite its A entry); moved: left B long ago but still on A */
    struct leaver left_b = {moved, SCHOOL_B}, left_a = {gone, SCHOOL_A};
    assert_int_equal(zt_store_write(f->store, put_leaver, &left_b), 0);
    assert_int_equal(zt_store_write(f->store, put_leaver, &left_a), 0);
    struct purge_run p = {.dry = 1};
    assert_int_equal(zt_store_write(f->store, purge_txn, &p), 0);
    assert_int_equal(p.out.n, 1);
    char got[ZT_UPN_LEN + 1];
    assert_string_equal(zt_upn_list_get(&p.out, 0, got), gone);
    assert_int_equal(p.records, 0); /* a dry run removes nothing */
    p.dry = 0;
    assert_int_equal(zt_store_write(f->store, purge_txn, &p), 0);
    assert_int_equal(p.records, 2); /* the roll entry and the month of marks */
    zt_upn_list_free(&p.out);
    struct zt_txn *txn;
    uint32_t school;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_current_school(txn, gone, f->as_of, &school), -ENOENT);
    assert_int_equal(zt_current_school(txn, moved, f->as_of, &school), 0);
    assert_int_equal(zt_current_school(txn, here, f->as_of, &school), 0);
    zt_txn_end(txn);
}

/* Pupils of the school not on its roll list leave, n of them. */
static void roll_leaves(struct fixture *f, char (*upns)[14], size_t n, uint32_t left)
{
    char *list[8];
    for (size_t i = 0; i < n; i++)
        list[i] = upns[i];
    Zt__RollComplete m = ZT__ROLL_COMPLETE__INIT;
    m.upns = list;
    m.n_upns = n;
    struct zt_roll_result r;
    assert_int_equal(zt_roll_update(f->store, SCHOOL_A, &m, f->as_of, &r), 0);
    assert_int_equal(r.left, left);
    zt_roll_result_free(&r);
}

static int put_on_roll(struct zt_txn *txn, void *arg)
{
    struct zt_roll_value v = {.entry_date = D("2025-09-01"), .year_group = 8, .gender = 1};
    uint8_t key[ZT_ROLL_KEY_LEN];
    zt_key_roll(key, arg, SCHOOL_A);
    return zt_put(txn, ZT_DB_ROLL, key, sizeof key, &v, sizeof v);
}

static void test_roll_check_walks_again_after_a_pupil_row(void **state)
{
    struct fixture *f = *state;
    char p[4][14];
    for (int i = 0; i < 4; i++)
        make_upn(p[i], 301 + i);
    struct builder *x = builder_new();
    add_pupil(x, p[0], "2025-09-01");
    add_pupil(x, p[1], "2025-09-01");
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    zt_ingest_result_free(&r);
    roll_leaves(f, p, 2, 0);
    /* A pupil row stored without a roll list after it (a sync cut off
     * between the two): the same list as before must still find it. */
    x = builder_new();
    add_pupil(x, p[2], "2025-09-01");
    r = push(f, SCHOOL_A, x);
    zt_ingest_result_free(&r);
    roll_leaves(f, p, 2, 1);
    /* The same list again is not walked for: an entry written behind
     * ingest's back (nothing in zoned does) is not seen... */
    assert_int_equal(zt_store_write(f->store, put_on_roll, p[3]), 0);
    roll_leaves(f, p, 2, 0);
    /* ...until the list changes: p[1] and p[3] leave. */
    roll_leaves(f, p, 1, 2);
}

/* Figures in a write transaction, where the months before the window come
 * from the store's month sums; fail makes the transaction abort after. */
struct gather {
    struct zt_store *store;
    const char *upn;
    zt_date as_of;
    struct zt_figures out;
    size_t kept, kept_events; /* the pupil's months kept, and whether its events are */
    int fail;
    const uint8_t *codes; /* written over the pupil's October first, when set */
    int step;             /* a maths step written for 2026-02-20 first, when set */
};

static int gather_txn(struct zt_txn *txn, void *arg)
{
    struct gather *g = arg;
    int rc = 0;
    if (g->codes) {
        uint8_t key[ZT_ATT_KEY_LEN];
        zt_key_attendance(key, g->upn, SCHOOL_A, zt_date_month_index(D("2025-10-01")));
        rc = zt_put(txn, ZT_DB_ATTENDANCE, key, sizeof key, g->codes, ZT_MONTH_SLOTS);
    }
    if (rc == 0 && g->step) {
        uint8_t key[ZT_ASSESS_KEY_LEN];
        struct zt_assessment_value a = {.urn = SCHOOL_A, .step = (uint8_t)g->step};
        zt_key_assessment(key, g->upn, ZT_SUBJECT_MATHS, D("2026-02-20"), SCHOOL_A);
        rc = zt_put(txn, ZT_DB_ASSESSMENT, key, sizeof key, &a, sizeof a);
    }
    if (rc == 0)
        rc = zt_figures_gather(txn, g->upn, g->as_of, 28, &g->out);
    struct zt_kept_pupil kp;
    g->kept = g->kept_events = 0;
    if (zt_kept_pupil_get(txn, g->upn, &kp) == 1) {
        for (int i = 0; i < ZT_KEPT_MONTH_SLOTS; i++)
            g->kept += kp.month[i].tag != 0;
        g->kept_events = kp.events_known;
    }
    return rc ? rc : g->fail;
}

static int delete_short_key(struct zt_txn *txn, void *arg)
{
    (void)arg;
    return zt_del(txn, ZT_DB_ATTENDANCE, "x", 1);
}

static void assert_same_figures(struct fixture *f, const char *upn, struct gather *g)
{
    struct zt_figures walked = figures(f, upn, g->as_of); /* a read transaction walks every month */
    g->upn = upn;
    g->store = f->store;
    assert_int_equal(zt_store_write(f->store, gather_txn, g), g->fail);
    if (!g->fail)
        assert_memory_equal(&g->out, &walked, sizeof walked);
}

static void test_month_sums_agree_with_the_records(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 401);
    const char *codes[] = {"/", "\\", "N", "O", "I", "M", "L", "U", "#", "V", "C"};
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    srand(11);
    for (zt_date d = D("2025-09-01"); d <= D("2026-03-02"); d++)
        if (zt_date_weekday(d) < 5) {
            char day[ZT_DATE_STRLEN];
            zt_date_format(d, day);
            add_mark(x, upn, day, 0, codes[rand() % 11]);
            add_mark(x, upn, day, 1, codes[rand() % 11]);
        }
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    zt_ingest_result_free(&r);
    /* the pupil also attended school B in November */
    x = builder_new();
    add_pupil(x, upn, "2025-11-03");
    add_days(x, upn, "2025-11-03", "2025-11-28", "O");
    r = push(f, SCHOOL_B, x);
    zt_ingest_result_free(&r);

    struct gather g = {.as_of = f->as_of};
    assert_same_figures(f, upn, &g); /* learns September to January */
    assert_int_equal(g.kept, 5);
    assert_same_figures(f, upn, &g); /* and answers from them */
    struct zt_figures before = g.out;
    /* windows starting on the 1st, months ending on as_of, an as_of in September */
    const char *dates[] = {"2026-03-28", "2026-01-31", "2026-02-28", "2025-09-30", "2025-10-01"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        struct gather other = {.as_of = D(dates[i])};
        assert_same_figures(f, upn, &other);
    }
    /* a date whose months pass what a key holds must not be kept as the
     * real months they would wrap to */
    struct gather far = {.as_of = zt_date_from_ymd(7487, 5, 7)};
    assert_same_figures(f, upn, &far);
    assert_same_figures(f, upn, &g);
    assert_memory_equal(&g.out, &before, sizeof before);

    /* a corrected October mark reaches the figures */
    x = builder_new();
    add_mark(x, upn, "2025-10-06", 0, "#");
    add_mark(x, upn, "2025-10-06", 1, "#");
    r = push(f, SCHOOL_A, x);
    zt_ingest_result_free(&r);
    assert_same_figures(f, upn, &g);
    assert_true(g.out.possible < before.possible);

    /* an October written and read in a transaction that aborts is forgotten */
    uint8_t all_u[ZT_MONTH_SLOTS];
    memset(all_u, zt_mark_parse("U", 1), sizeof all_u);
    struct gather aborted = {.as_of = f->as_of, .fail = -EIO, .codes = all_u};
    assert_same_figures(f, upn, &aborted);
    assert_true(aborted.out.unauthorised > g.out.unauthorised); /* seen inside it */
    assert_same_figures(f, upn, &g);

    /* a write whose key names no single pupil forgets every pupil */
    assert_true(zt_kept_pupils_count(f->kept) > 0);
    assert_int_equal(zt_store_write(f->store, delete_short_key, NULL), 0);
    assert_int_equal(zt_kept_pupils_count(f->kept), 0);
}

static void test_kept_events_agree_with_the_records(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 402);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_days(x, upn, "2026-02-02", "2026-02-27", "/");
    add_behaviour(x, "K1", upn, "2025-10-06", 5, ZT_ACTION_SUSPENSION);
    add_behaviour(x, "K2", upn, "2026-02-16", 3, ZT_ACTION_DETENTION);
    add_health(x, "H1", upn, "2025-11-03", ZT_SEVERITY_HIGH);
    add_health(x, "H2", upn, "2026-02-18", ZT_SEVERITY_MEDIUM);
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2025-12-12", 2);
    add_assessment(x, upn, ZT_SUBJECT_ENGLISH, "2026-01-09", 4);
    struct zt_ingest_result r = push(f, SCHOOL_A, x);
    zt_ingest_result_free(&r);

    struct gather g = {.as_of = f->as_of};
    assert_same_figures(f, upn, &g); /* learns the events */
    assert_int_equal(g.kept_events, 1);
    assert_same_figures(f, upn, &g); /* and answers from them */
    assert_int_equal(g.out.behaviour_points_recent, 3);
    assert_int_equal(g.out.suspensions_ytd, 1);
    assert_int_equal(g.out.latest_step[ZT_SUBJECT_MATHS], 2);

    /* another date is counted again, and so is each kind of change */
    struct gather earlier = {.as_of = D("2025-12-01")};
    assert_same_figures(f, upn, &earlier);
    assert_int_equal(earlier.out.latest_step[ZT_SUBJECT_MATHS], 0);
    assert_int_equal(earlier.out.suspensions_ytd, 1);
    x = builder_new();
    add_behaviour(x, "K2", upn, "2026-02-16", 9, ZT_ACTION_DETENTION); /* corrected */
    add_behaviour(x, "K3", upn, "2026-02-23", 2, ZT_ACTION_PERMANENT_EXCLUSION);
    add_health(x, "H3", upn, "2026-02-24", ZT_SEVERITY_MEDIUM);
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-02-13", 3);
    r = push(f, SCHOOL_A, x);
    assert_int_equal(r.nrejects, 0);
    zt_ingest_result_free(&r);
    assert_same_figures(f, upn, &g);
    assert_int_equal(g.out.behaviour_points_recent, 11);
    assert_int_equal(g.out.permanent_exclusions_ytd, 1);
    assert_int_equal(g.out.medium_health_recent, 2);
    assert_int_equal(g.out.latest_step[ZT_SUBJECT_MATHS], 3);

    /* an assessment written and read in a transaction that aborts is forgotten */
    struct gather aborted = {.as_of = f->as_of, .fail = -EIO, .step = 4};
    assert_same_figures(f, upn, &aborted);
    assert_int_equal(aborted.out.latest_step[ZT_SUBJECT_MATHS], 4); /* seen inside it */
    assert_same_figures(f, upn, &g);
    assert_int_equal(g.out.latest_step[ZT_SUBJECT_MATHS], 3);
}

/* What a store's watcher (zoned's: server/rules/kept_pupils.h) is told: each
 * write to a database it watches, each write transaction that does not
 * commit, and the store closing; only write transactions hand it out. */
struct told {
    int writes, aborts, closes;
    enum zt_db db;
    size_t klen;
};

static void told_write(void *ctx, enum zt_db db, const void *key, size_t klen)
{
    struct told *t = ctx;
    (void)key;
    t->writes++;
    t->db = db;
    t->klen = klen;
}

static void told_abort(void *ctx)
{
    ((struct told *)ctx)->aborts++;
}

static void told_close(void *ctx)
{
    ((struct told *)ctx)->closes++;
}

static int write_watched(struct zt_txn *txn, void *arg)
{
    const int *fail = arg;
    assert_non_null(zt_txn_watcher(txn, told_write));
    assert_null(zt_txn_watcher(txn, NULL)); /* asked for another watcher */
    assert_int_equal(zt_put(txn, ZT_DB_HEALTH, "0123456789abcdefghij", 20, "v", 1), 0);
    assert_int_equal(zt_put(txn, ZT_DB_META, "unwatched", 9, "v", 1), 0);
    assert_int_equal(zt_del(txn, ZT_DB_HEALTH, "01", 2), 0); /* a missing key, still told */
    return *fail;
}

static void test_a_watcher_is_told_of_writes(void **state)
{
    struct fixture *f = *state;
    struct told t = {0};
    zt_store_watch(f->store, &(struct zt_store_watcher){
                                 &t, ZT_DB_BIT(ZT_DB_HEALTH), told_write, told_abort, told_close});
    f->kept = NULL; /* replaced, and freed by its on_close */
    int fail = 0;
    assert_int_equal(zt_store_write(f->store, write_watched, &fail), 0);
    assert_int_equal(t.writes, 2);
    assert_int_equal(t.db, ZT_DB_HEALTH);
    assert_int_equal(t.klen, 2);
    assert_int_equal(t.aborts, 0);
    fail = -EIO;
    assert_int_equal(zt_store_write(f->store, write_watched, &fail), -EIO);
    assert_int_equal(t.writes, 4);
    assert_int_equal(t.aborts, 1);
    struct zt_txn *txn;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_null(zt_txn_watcher(txn, told_write));
    zt_txn_end(txn);
    assert_int_equal(t.closes, 0);
    zt_store_close(f->store);
    f->store = NULL;
    assert_int_equal(t.closes, 1);
}

/* Puts pupils 0..n-1's entries into the kept table. */
static int keep_pupils(struct zt_txn *txn, void *arg)
{
    int n = *(int *)arg;
    for (int i = 0; i < n; i++) {
        char upn[14];
        make_upn(upn, i);
        struct zt_kept_pupil kp;
        if (zt_kept_pupil_get(txn, upn, &kp) < 0) /* as an evaluation asks first */
            return -ENOMEM;
        kp.rolls_tag = (uint32_t)i + 1;
        zt_kept_pupil_put(txn, upn, &kp);
    }
    return 0;
}

/* kept_pupils (zoned.conf) bounds the table: up to it every pupil stays,
 * past it the table starts over rather than grow. */
static void test_kept_pupils_bounds_the_table(void **state)
{
    struct fixture *f = *state;
    f->kept = zt_kept_pupils_watch(f->store, 1024); /* replaces (and closes) the fixture's */
    assert_non_null(f->kept);
    int n = 1000;
    assert_int_equal(zt_store_write(f->store, keep_pupils, &n), 0);
    assert_int_equal(zt_kept_pupils_count(f->kept), 1000);
    n = 3000;
    assert_int_equal(zt_store_write(f->store, keep_pupils, &n), 0);
    assert_true(zt_kept_pupils_count(f->kept) <= 1024);
}

static void test_one_writer_per_store(void **state)
{
    struct fixture *f = *state;
    struct zt_store *second;
    char err[256];
    assert_int_equal(zt_store_open(f->dir, 0, &second, err, sizeof err), -EBUSY);
    assert_non_null(strstr(err, "in use by another zoned"));
    assert_null(second);
}

static int put_old_sync(struct zt_txn *txn, void *arg)
{
    (void)arg;
    uint8_t key[4];
    int64_t long_ago = 1000, recent = (int64_t)time(NULL) - 60;
    zt_be32(key, SCHOOL_A);
    int rc = zt_put(txn, ZT_DB_SYNC, key, sizeof key, &long_ago, sizeof long_ago);
    zt_be32(key, SCHOOL_B);
    return rc ? rc : zt_put(txn, ZT_DB_SYNC, key, sizeof key, &recent, sizeof recent);
}

static void test_stale_schools(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(zt_store_write(f->store, put_old_sync, NULL), 0);
    struct zt_txn *txn;
    uint32_t *stale;
    size_t n;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_stale_schools(txn, (int64_t)time(NULL), &stale, &n), 0);
    zt_txn_end(txn);
    assert_int_equal(n, 1);
    assert_int_equal(stale[0], SCHOOL_A);
    free(stale);
}

/* A group commit answers every push on its own: two schools stored in one
 * transaction, a batch with a bad id refused alone, a batch repeated inside
 * the group replayed, and all of it on disk afterwards. */
static void test_group_commit_answers_each_push(void **state)
{
    struct fixture *f = *state;
    char a[14], b[14];
    make_upn(a, 21);
    make_upn(b, 22);
    struct builder *xa = builder_new(), *xb = builder_new(), *bad = builder_new(), *again = builder_new();
    add_pupil(xa, a, "2025-09-01");
    add_mark(xa, a, "2026-02-02", 0, "/");
    add_pupil(xb, b, "2025-09-01");
    add_mark(xb, b, "2026-02-02", 1, "N");
    add_pupil(bad, a, "2025-09-01");
    bad->b.batch_id.len = 3;
    add_pupil(again, a, "2025-09-01");
    memcpy(again->id, xa->id, sizeof again->id);
    struct zt_push_job jobs[] = {
        {.urn = SCHOOL_A, .batch = &xa->b},
        {.urn = SCHOOL_B, .batch = &xb->b},
        {.urn = SCHOOL_A, .batch = &bad->b},
        {.urn = SCHOOL_A, .batch = &again->b},
    };
    zt_ingest_push_group(f->store, jobs, 4, f->as_of);
    assert_int_equal(jobs[0].rc, 0);
    assert_int_equal(jobs[0].res.stored, 2);
    assert_int_equal(jobs[1].rc, 0);
    assert_int_equal(jobs[1].res.stored, 2);
    assert_int_equal(jobs[1].res.pupils_evaluated, 1);
    assert_int_equal(jobs[2].rc, 0); /* refused whole, alone: no store error */
    assert_true(jobs[2].res.bad_id);
    assert_int_equal(jobs[3].rc, 0);
    assert_true(jobs[3].res.replayed);
    for (size_t i = 0; i < 4; i++)
        zt_ingest_result_free(&jobs[i].res);
    free(bad), free(again);
    /* committed: each batch is known to the zone, each pupil on its roll */
    struct zt_ingest_result r;
    assert_int_equal(push_batch(f, SCHOOL_B, &xb->b, &r), 0);
    assert_true(r.replayed);
    zt_ingest_result_free(&r);
    struct builder *check = builder_new();
    add_mark(check, b, "2026-02-03", 0, "/");
    r = push(f, SCHOOL_A, check); /* b is on school B's roll, not A's */
    assert_int_equal(r.nrejects, 1);
    zt_ingest_result_free(&r);
    free(xa), free(xb);
}

/* Kept cursors (zt_walk, zt_walk_lane) give the records of each prefix
 * whatever the order of the walks: ascending (stepping on), descending,
 * the same prefix twice, nested in a walk of the same database, after a
 * write in the same transaction, and across the gap of a missing prefix. */
struct walk_seen {
    int n;
    char keys[64][8];
};

static int note_key(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    struct walk_seen *w = arg;
    assert_true(k->len < 8 && w->n < 64);
    memcpy(w->keys[w->n], k->data, k->len);
    w->keys[w->n++][k->len] = '\0';
    return 0;
}

/* The keys under prefix, joined by spaces. */
static const char *walk_keys(struct zt_txn *t, unsigned lane, const char *prefix, char *out)
{
    struct walk_seen w = {0};
    assert_int_equal(zt_walk_lane(t, ZT_DB_SETTING, lane, prefix, strlen(prefix), note_key, &w), 0);
    out[0] = '\0';
    for (int i = 0; i < w.n; i++)
        strcat(strcat(out, i ? " " : ""), w.keys[i]);
    return out;
}

static int nested_walk(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    struct zt_txn *t = arg;
    char got[512];
    if (((const char *)k->data)[1] == '1') /* inside a walk of "b", walk "d" */
        assert_string_equal(walk_keys(t, 0, "d", got), "d1 d2");
    return 0;
}

struct walk_job {
    int phase;
};

static int walk_orders(struct zt_txn *t, void *arg)
{
    struct walk_job *j = arg;
    char got[512];
    const char *keys[] = {"a1", "a2", "b1", "b2", "b3", "d1", "d2", "f1", "g1"};
    if (j->phase == 0) {
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            assert_int_equal(zt_put(t, ZT_DB_SETTING, keys[i], 2, "v", 1), 0);
        return 0;
    }
    for (unsigned lane = 0; lane <= 2; lane++) {
        assert_string_equal(walk_keys(t, lane, "a", got), "a1 a2");
        assert_string_equal(walk_keys(t, lane, "b", got), "b1 b2 b3");
        assert_string_equal(walk_keys(t, lane, "c", got), "");
        assert_string_equal(walk_keys(t, lane, "f", got), "f1");
        assert_string_equal(walk_keys(t, lane, "f", got), "f1");
        assert_string_equal(walk_keys(t, lane, "b", got), "b1 b2 b3");
        assert_string_equal(walk_keys(t, lane, "g", got), "g1");
        assert_string_equal(walk_keys(t, lane, "h", got), "");
        assert_string_equal(walk_keys(t, lane, "i", got), "");
        assert_string_equal(walk_keys(t, lane, "a", got), "a1 a2");
    }
    /* a write between walks: the kept cursor must not skip the new key */
    assert_string_equal(walk_keys(t, 0, "b", got), "b1 b2 b3");
    assert_int_equal(zt_put(t, ZT_DB_SETTING, "c1", 2, "v", 1), 0);
    assert_string_equal(walk_keys(t, 0, "c", got), "c1");
    assert_int_equal(zt_del(t, ZT_DB_SETTING, "d1", 2), 0);
    assert_string_equal(walk_keys(t, 0, "d", got), "d2");
    assert_int_equal(zt_put(t, ZT_DB_SETTING, "d1", 2, "v", 1), 0);
    /* point reads and writes on their kept cursor, in any order */
    struct zt_val v;
    assert_int_equal(zt_get(t, ZT_DB_SETTING, "g1", 2, &v), 0);
    assert_int_equal(zt_get(t, ZT_DB_SETTING, "a2", 2, &v), 0);
    assert_int_equal(zt_get(t, ZT_DB_SETTING, "e1", 2, &v), -ENOENT);
    assert_int_equal(zt_put(t, ZT_DB_SETTING, "a2", 2, "w", 1), 0);
    assert_int_equal(zt_get(t, ZT_DB_SETTING, "a2", 2, &v), 0);
    assert_true(v.len == 1 && memcmp(v.data, "w", 1) == 0);
    assert_int_equal(zt_get(t, ZT_DB_SETTING, "c1", 2, &v), 0);
    struct walk_seen w = {0};
    assert_int_equal(zt_walk(t, ZT_DB_SETTING, "b", 1, nested_walk, t), 0);
    assert_int_equal(zt_walk(t, ZT_DB_SETTING, "a", 1, note_key, &w), 0);
    assert_int_equal(w.n, 2);
    return 0;
}

static void test_kept_cursors_walk_in_any_order(void **state)
{
    struct fixture *f = *state;
    struct walk_job j = {0};
    assert_int_equal(zt_store_write(f->store, walk_orders, &j), 0);
    j.phase = 1;
    assert_int_equal(zt_store_write(f->store, walk_orders, &j), 0);
    struct zt_txn *t;
    assert_int_equal(zt_store_read_begin(f->store, &t), 0);
    char got[512];
    assert_string_equal(walk_keys(t, 0, "c", got), "c1");
    assert_string_equal(walk_keys(t, 0, "d", got), "d1 d2");
    assert_string_equal(walk_keys(t, 0, "b", got), "b1 b2 b3");
    zt_txn_end(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_order_is_month_pupil_school),
        cmocka_unit_test_setup_teardown(test_kept_pupils_bounds_the_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repush_changes_nothing_and_n_becomes_i, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows_for_pupils_not_on_roll_are_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_month_records_are_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_windows_and_as_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_reaching_last_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latest_assessment_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alert_raised_updated_resolved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attendance_recovery_resolves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mover_history_follows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threshold_change_reevaluates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threshold_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replayed_batch_is_not_applied_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_map_grows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge_removes_only_expired_leavers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_schools, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roll_check_walks_again_after_a_pupil_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_month_sums_agree_with_the_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kept_events_agree_with_the_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_watcher_is_told_of_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_writer_per_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kept_cursors_walk_in_any_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_commit_answers_each_push, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
