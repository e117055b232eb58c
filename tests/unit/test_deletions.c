/* Deletions (SPEC §3a) on a real store through the group commit: a deleted
 * suspension resolves the alert it caused, a school blanks only its own
 * marks, cannot delete another school's incident or assessment, a replayed
 * batch deletes nothing twice, and a malformed deletion is refused alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "codes.h"
#include "ingest.h"
#include "records.h"
#include "store.h"

#include "store_fixture.h"

/* A batch of deletions only. */
struct deletions {
    struct builder *x;
    Zt__Deletion d[8], *dp[8];
};

static void del_init(struct deletions *d)
{
    memset(d, 0, sizeof *d);
    d->x = builder_new();
    d->x->b.deletions = d->dp;
}

static Zt__Deletion *del_add(struct deletions *d, Zt__RecordKind kind)
{
    Zt__Deletion *x = &d->d[d->x->b.n_deletions];
    zt__deletion__init(x);
    x->kind = kind;
    d->dp[d->x->b.n_deletions++] = x;
    return x;
}

static void del_marks(struct deletions *d, const char *upn, const char *date, int pm)
{
    zt_date day = D(date);
    int y, m, dd;
    zt_date_to_ymd(day, &y, &m, &dd);
    Zt__Deletion *x = del_add(d, ZT__RECORD_KIND__REC_ATTENDANCE);
    x->upn = (char *)upn;
    x->has_month = x->has_slots = 1;
    x->month = (uint32_t)zt_date_month_index(day);
    x->slots = 1ull << (2 * (dd - 1) + pm);
}

static void del_event(struct deletions *d, Zt__RecordKind kind, const char *id)
{
    del_add(d, kind)->id = (char *)id;
}


static void del_assessment(struct deletions *d, const char *upn, int subject, const char *date)
{
    Zt__Deletion *a = del_add(d, ZT__RECORD_KIND__REC_ASSESSMENT);
    a->upn = (char *)upn;
    a->has_subject = a->has_date = 1;
    a->subject = (uint32_t)subject;
    a->date = D(date);
}

static int count_open(const char *upn, const struct zt_alert_value *a, void *arg)
{
    (void)upn;
    *(int *)arg += a->open;
    return 0;
}

static int open_alerts(struct fixture *f, const char *upn)
{
    struct zt_txn *txn;
    int n = 0;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_alerts_each(txn, upn, count_open, &n), 0);
    zt_txn_end(txn);
    return n;
}

/* The school's month record of upn: 0 with codes, or -ENOENT. */
static int month_of(struct fixture *f, const char *upn, uint32_t urn, const char *date, uint8_t codes[62])
{
    struct zt_txn *txn;
    struct zt_val v;
    uint8_t key[ZT_ATT_KEY_LEN];
    zt_key_attendance(key, upn, urn, zt_date_month_index(D(date)));
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    int rc = zt_get(txn, ZT_DB_ATTENDANCE, key, sizeof key, &v);
    if (rc == 0)
        memcpy(codes, v.data, 62);
    zt_txn_end(txn);
    return rc;
}

static int has_record(struct fixture *f, enum zt_db db, const uint8_t *key, size_t klen)
{
    struct zt_txn *txn;
    struct zt_val v;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    int rc = zt_get(txn, db, key, klen, &v);
    zt_txn_end(txn);
    return rc == 0;
}

static struct zt_ingest_result push_deletions(struct fixture *f, uint32_t urn, struct deletions *d)
{
    return push(f, urn, d->x);
}

static void test_deleted_suspension_resolves_its_alert(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 41);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_behaviour(x, "S1", upn, "2026-02-10", 0, ZT_ACTION_SUSPENSION);
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-01-10", ZT_STEP_GAP);
    push(f, SCHOOL_A, x);
    assert_int_equal(open_alerts(f, upn), 1);
    struct deletions d;
    del_init(&d);
    del_event(&d, ZT__RECORD_KIND__REC_BEHAVIOUR, "S1");
    struct zt_ingest_result r = push_deletions(f, SCHOOL_A, &d);
    assert_int_equal(r.deleted, 1);
    assert_int_equal(r.nrejects, 0);
    assert_int_equal(open_alerts(f, upn), 0); /* resolved in the same transaction */
    zt_ingest_result_free(&r);
}

static void test_a_school_blanks_only_its_own_marks(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 42);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_mark(x, upn, "2026-02-02", 0, "/");
    add_mark(x, upn, "2026-02-02", 1, "/");
    add_mark(x, upn, "2026-02-03", 0, "N");
    push(f, SCHOOL_A, x);
    x = builder_new();
    add_pupil(x, upn, "2026-02-02"); /* a mover with marks at both schools */
    add_mark(x, upn, "2026-02-03", 0, "/");
    push(f, SCHOOL_B, x);
    struct deletions d;
    del_init(&d);
    del_marks(&d, upn, "2026-02-03", 0);
    struct zt_ingest_result r = push_deletions(f, SCHOOL_A, &d);
    assert_int_equal(r.deleted, 1);
    uint8_t a[62], b[62];
    assert_int_equal(month_of(f, upn, SCHOOL_A, "2026-02-01", a), 0);
    assert_int_equal(a[4], 0);          /* A's mark of 3 February: unrecorded */
    assert_int_not_equal(a[2], 0);      /* A's other marks stay */
    assert_int_equal(month_of(f, upn, SCHOOL_B, "2026-02-01", b), 0);
    assert_int_not_equal(b[4], 0);      /* B's mark for the same session stays */
    /* blanking the month's last marks removes A's record */
    del_init(&d);
    del_marks(&d, upn, "2026-02-02", 0);
    del_marks(&d, upn, "2026-02-02", 1);
    zt_ingest_result_free(&r);
    r = push_deletions(f, SCHOOL_A, &d);
    assert_int_equal(r.deleted, 2);
    assert_int_equal(month_of(f, upn, SCHOOL_A, "2026-02-01", a), -ENOENT);
    zt_ingest_result_free(&r);
}

static void test_no_school_deletes_another_schools_records(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 43);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_behaviour(x, "X1", upn, "2026-02-10", 4, ZT_ACTION_NONE);
    add_health(x, "H1", upn, "2026-02-11", ZT_SEVERITY_LOW);
    add_assessment(x, upn, ZT_SUBJECT_MATHS, "2026-01-10", ZT_STEP_EXPECTED);
    push(f, SCHOOL_A, x);
    x = builder_new();
    add_pupil(x, upn, "2026-02-20");
    push(f, SCHOOL_B, x);
    struct deletions d;
    del_init(&d);
    del_event(&d, ZT__RECORD_KIND__REC_BEHAVIOUR, "X1");
    del_event(&d, ZT__RECORD_KIND__REC_HEALTH, "H1");
    del_assessment(&d, upn, ZT_SUBJECT_MATHS, "2026-01-10");
    struct zt_ingest_result r = push_deletions(f, SCHOOL_B, &d);
    assert_int_equal(r.deleted, 0);
    uint8_t key[ZT_KEY_MAX];
    assert_true(has_record(f, ZT_DB_BEHAVIOUR, key, zt_key_pupil_event(key, upn, SCHOOL_A, "X1", 2)));
    assert_true(has_record(f, ZT_DB_HEALTH, key, zt_key_pupil_event(key, upn, SCHOOL_A, "H1", 2)));
    assert_true(has_record(f, ZT_DB_ASSESSMENT, key, zt_key_assessment(key, upn, ZT_SUBJECT_MATHS, D("2026-01-10"), SCHOOL_A)));
    zt_ingest_result_free(&r);
    /* the school that sent them can */
    del_init(&d);
    del_event(&d, ZT__RECORD_KIND__REC_HEALTH, "H1");
    del_assessment(&d, upn, ZT_SUBJECT_MATHS, "2026-01-10");
    r = push_deletions(f, SCHOOL_A, &d);
    assert_int_equal(r.deleted, 2);
    assert_false(has_record(f, ZT_DB_HEALTH, key, zt_key_pupil_event(key, upn, SCHOOL_A, "H1", 2)));
    zt_ingest_result_free(&r);
}

static void test_a_replayed_deletion_deletes_nothing_twice(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 44);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_behaviour(x, "R1", upn, "2026-02-10", 4, ZT_ACTION_NONE);
    push(f, SCHOOL_A, x);
    struct deletions d;
    del_init(&d);
    del_event(&d, ZT__RECORD_KIND__REC_BEHAVIOUR, "R1");
    struct zt_ingest_result r;
    assert_int_equal(push_batch(f, SCHOOL_A, &d.x->b, &r), 0);
    assert_int_equal(r.deleted, 1);
    zt_ingest_result_free(&r);
    /* the incident comes back, then the same deletion batch arrives again */
    x = builder_new();
    add_behaviour(x, "R1", upn, "2026-02-12", 4, ZT_ACTION_NONE);
    push(f, SCHOOL_A, x);
    assert_int_equal(push_batch(f, SCHOOL_A, &d.x->b, &r), 0);
    assert_true(r.replayed);
    assert_int_equal(r.deleted, 1); /* the first answer, again */
    uint8_t key[ZT_KEY_MAX];
    assert_true(has_record(f, ZT_DB_BEHAVIOUR, key, zt_key_pupil_event(key, upn, SCHOOL_A, "R1", 2)));
    zt_ingest_result_free(&r);
    free(d.x);
}

static void test_a_malformed_deletion_is_refused_alone(void **state)
{
    struct fixture *f = *state;
    char upn[14];
    make_upn(upn, 45);
    struct builder *x = builder_new();
    add_pupil(x, upn, "2025-09-01");
    add_behaviour(x, "M1", upn, "2026-02-10", 4, ZT_ACTION_NONE);
    push(f, SCHOOL_A, x);
    struct deletions d;
    del_init(&d);
    Zt__Deletion *bad = del_add(&d, ZT__RECORD_KIND__REC_ATTENDANCE);
    bad->upn = "not-a-upn";
    del_event(&d, ZT__RECORD_KIND__REC_BEHAVIOUR, "M1");
    struct zt_ingest_result r = push_deletions(f, SCHOOL_A, &d);
    assert_int_equal(r.nrejects, 1);
    assert_int_equal(r.rejects[0].kind, ZT__RECORD_KIND__REC_DELETION);
    assert_int_equal(r.rejects[0].index, 0);
    assert_int_equal(r.deleted, 1);
    zt_ingest_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_deleted_suspension_resolves_its_alert, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_school_blanks_only_its_own_marks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_school_deletes_another_schools_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_replayed_deletion_deletes_nothing_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_malformed_deletion_is_refused_alone, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
