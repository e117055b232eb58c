/* Families (SPEC §3b) in the store: a pupil's family is the family_id on
 * their current roll on the date, a family_id pushed again unchanged is
 * unchanged, a changed one moves the pupil between families, a meeting's
 * covers are replaced whole, and erasure leaves nothing of either. On a
 * real LMDB store, through the group commit. */
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
#include "erase.h"
#include "family.h"
#include "meeting_covers.h"

#include "store_fixture.h"

/* The counts of the push. */
static struct zt_ingest_result push_family(struct fixture *f, uint32_t urn, const char *upn, const char *entry,
                                           const char *family)
{
    struct builder *x = builder_new();
    add_pupil(x, upn, entry);
    x->pupils[0].family_id = (char *)family;
    struct zt_ingest_result r = push(f, urn, x), counts = r;
    assert_int_equal(r.nrejects, 0);
    zt_ingest_result_free(&r);
    counts.rejects = NULL;
    return counts;
}

/* The pupil's family on a date, "" when none. */
static const char *family_on(struct fixture *f, const char *upn, const char *on, char out[ZT_FAMILY_ID_MAX + 1])
{
    struct zt_txn *txn;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    int rc = zt_family_of(txn, upn, D(on), out, NULL);
    zt_txn_end(txn);
    assert_true(rc == 0 || rc == -ENOENT);
    if (rc)
        out[0] = '\0';
    return out;
}

struct members {
    size_t n;
    char upn[4][14];
    uint32_t school[4];
};

static int note_member(const char *upn, uint32_t school, void *arg)
{
    struct members *m = arg;
    if (m->n < 4) {
        memcpy(m->upn[m->n], upn, 14);
        m->school[m->n++] = school;
    }
    return 0;
}

static struct members members_on(struct fixture *f, const char *id, const char *on)
{
    struct members m = {0};
    struct zt_txn *txn;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_family_each(txn, id, D(on), note_member, &m), 0);
    zt_txn_end(txn);
    return m;
}

/* A sibling's open alert (and --rewind's listing) reads the history as it
 * stood on a date: open from the day raised until the day it was resolved. */
static void test_alert_open_on_a_day(void **state)
{
    (void)state;
    struct zt_alert_value a = {.raised = D("2026-01-05"), .resolved = D("2026-02-02"), .open = 0};
    assert_false(zt_alert_open_on(&a, D("2026-01-04")));
    assert_true(zt_alert_open_on(&a, D("2026-01-05")));
    assert_true(zt_alert_open_on(&a, D("2026-02-01")));
    assert_false(zt_alert_open_on(&a, D("2026-02-02")));
    a.open = 1, a.resolved = 0;
    assert_true(zt_alert_open_on(&a, D("2026-03-01")));
    assert_false(zt_alert_open_on(&a, D("2026-01-04")));
}

static void test_family_follows_the_current_roll(void **state)
{
    struct fixture *f = *state;
    char p[14], q[14], id[ZT_FAMILY_ID_MAX + 1];
    make_upn(p, 201);
    make_upn(q, 202);
    push_family(f, SCHOOL_A, p, "2025-09-01", "EH-1");
    push_family(f, SCHOOL_A, q, "2025-09-01", "EH-1");
    /* p joins school B in a week, recorded there in another family */
    push_family(f, SCHOOL_B, p, "2026-03-09", "EH-2");
    assert_string_equal(family_on(f, p, "2026-03-02", id), "EH-1");
    assert_string_equal(family_on(f, p, "2026-03-09", id), "EH-2");
    struct members now = members_on(f, "EH-1", "2026-03-02"), later = members_on(f, "EH-1", "2026-03-09");
    assert_int_equal(now.n, 2);
    assert_int_equal(later.n, 1);
    assert_string_equal(later.upn[0], q);
    struct members moved = members_on(f, "EH-2", "2026-03-09");
    assert_int_equal(moved.n, 1);
    assert_int_equal(moved.school[0], SCHOOL_B);
}

static void test_changed_family_id_is_a_changed_row(void **state)
{
    struct fixture *f = *state;
    char p[14], id[ZT_FAMILY_ID_MAX + 1];
    make_upn(p, 211);
    assert_int_equal(push_family(f, SCHOOL_A, p, "2025-09-01", "EH-1").stored, 1);
    assert_int_equal(push_family(f, SCHOOL_A, p, "2025-09-01", "EH-1").unchanged, 1);
    assert_int_equal(push_family(f, SCHOOL_A, p, "2025-09-01", "EH-3").stored, 1);
    assert_string_equal(family_on(f, p, "2026-03-02", id), "EH-3");
    assert_int_equal(members_on(f, "EH-1", "2026-03-02").n, 0);
    assert_int_equal(push_family(f, SCHOOL_A, p, "2025-09-01", NULL).stored, 1);
    assert_string_equal(family_on(f, p, "2026-03-02", id), "");
    assert_int_equal(members_on(f, "EH-3", "2026-03-02").n, 0);
}

struct covers_job {
    struct zt_event_key k;
    char *list[2];
    size_t n;
    struct zt_upn_list touched;
    int changed;
};

static int set_covers(struct zt_txn *txn, void *arg)
{
    struct covers_job *j = arg;
    zt_upn_list_free(&j->touched);
    j->changed = zt_covers_set(txn, &j->k, j->list, j->n, &j->touched);
    return j->changed < 0 ? j->changed : 0;
}

struct erase_job {
    const char *upn;
    uint32_t records;
};

static int erase_txn(struct zt_txn *txn, void *arg)
{
    struct erase_job *e = arg;
    return zt_erase_pupil(txn, e->upn, &e->records);
}

static void test_covers_replaced_whole_and_erased(void **state)
{
    struct fixture *f = *state;
    char p[14], q[14], r[14];
    make_upn(p, 221);
    make_upn(q, 222);
    make_upn(r, 223);
    struct covers_job j = {.k = {.urn = SCHOOL_A, .id = "m1", .idlen = 2}, .list = {q, r}, .n = 2};
    memcpy(j.k.upn, p, 14);
    assert_int_equal(zt_store_write(f->store, set_covers, &j), 0);
    assert_int_equal(j.changed, 1);
    assert_int_equal(j.touched.n, 2);
    assert_int_equal(zt_store_write(f->store, set_covers, &j), 0);
    assert_int_equal(j.changed, 0);
    j.n = 1, j.list[0] = r; /* q no longer covered: both are touched */
    assert_int_equal(zt_store_write(f->store, set_covers, &j), 0);
    assert_int_equal(j.changed, 1);
    zt_upn_list_unique(&j.touched);
    assert_int_equal(j.touched.n, 2);
    zt_upn_list_free(&j.touched);
    push_family(f, SCHOOL_A, r, "2025-09-01", "EH-9");
    struct erase_job e = {r, 0};
    assert_int_equal(zt_store_write(f->store, erase_txn, &e), 0);
    struct zt_txn *txn;
    uint64_t covers, families, index;
    assert_int_equal(zt_store_read_begin(f->store, &txn), 0);
    assert_int_equal(zt_count(txn, ZT_DB_COVER, &covers), 0);
    assert_int_equal(zt_count(txn, ZT_DB_FAMILY, &families), 0);
    assert_int_equal(zt_count(txn, ZT_DB_FAMILY_INDEX, &index), 0);
    zt_txn_end(txn);
    assert_int_equal(covers + families + index, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alert_open_on_a_day),
        cmocka_unit_test_setup_teardown(test_family_follows_the_current_roll, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_family_id_is_a_changed_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_covers_replaced_whole_and_erased, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
