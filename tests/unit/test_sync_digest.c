/* Delta-sync units: the agent's digest of an export row equals zoned's of
 * the stored record; any field change changes it; bucket sums do not depend
 * on order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "records.h"
#include "wire.h"
#include "sync_digest.h"

#define PINNED_PUPIL 0x7c053ddc19f37245ull
#define PINNED_ATTENDANCE 0xb6d9bb315ab850b0ull

static Zt__PupilRow pupil(char *upn)
{
    Zt__PupilRow p = ZT__PUPIL_ROW__INIT;
    p.upn = upn;
    p.year_group = 8, p.gender = 2, p.entry_date = 20332;
    p.has_fsm = 1, p.fsm = 0;
    p.has_sen = 1, p.sen = 2;
    return p;
}

static void test_stored_pupil_digests_as_sent(void **state)
{
    (void)state;
    char upn[] = "A873100120001";
    Zt__PupilRow sent = pupil(upn), back;
    /* what ingest stores for it: fsm known and no, sen K */
    struct zt_roll_value v = {.entry_date = 20332, .year_group = 8, .gender = 2, .sen = 2, .fsm_bits = 2};
    zt_pupil_row_from_roll(&back, upn, &v);
    struct zt_sync_unit a, b;
    zt_sync_pupil(&a, &sent);
    zt_sync_pupil(&b, &back);
    assert_int_equal(a.klen, b.klen);
    assert_memory_equal(a.key, b.key, a.klen);
    assert_true(a.digest == b.digest);
    v.fsm_bits = 0; /* "not known" is not "no" */
    zt_pupil_row_from_roll(&back, upn, &v);
    zt_sync_pupil(&b, &back);
    assert_true(a.digest != b.digest);
}

static void test_every_field_counts(void **state)
{
    (void)state;
    char upn[] = "A873100120001", id[] = "B1", cat[] = "disruption";
    Zt__BehaviourRow r = ZT__BEHAVIOUR_ROW__INIT;
    r.incident_id = id, r.upn = upn, r.date = 20500, r.category = cat, r.points = 3, r.action = 2;
    struct zt_sync_unit base, u;
    zt_sync_behaviour(&base, &r);
    r.points = 4;
    zt_sync_behaviour(&u, &r);
    assert_true(u.digest != base.digest);
    assert_memory_equal(u.key, base.key, base.klen); /* same incident, changed */
    r.points = 3, r.has_days_x100 = 1, r.days_x100 = 0;
    zt_sync_behaviour(&u, &r);
    assert_true(u.digest != base.digest); /* 0 days differs from no days */
    uint8_t codes[ZT_SYNC_SLOTS] = {0};
    zt_sync_attendance(&base, upn, 314, codes);
    codes[61] = 1;
    zt_sync_attendance(&u, upn, 314, codes);
    assert_true(u.digest != base.digest);
    assert_int_equal(u.month, 314);
}

static void test_bucket_sums_ignore_order(void **state)
{
    (void)state;
    struct zt_sync_buckets x = {0}, y = {0};
    uint64_t d[] = {UINT64_MAX, 7, 0x8000000000000000ull};
    for (int i = 0; i < 3; i++)
        assert_int_equal(zt_sync_buckets_add(&x, ZT_SYNC_ATTENDANCE, 300 + i % 2, d[i]), 0);
    for (int i = 2; i >= 0; i--)
        assert_int_equal(zt_sync_buckets_add(&y, ZT_SYNC_ATTENDANCE, 300 + i % 2, d[i]), 0);
    assert_int_equal(x.n, 2);
    const struct zt_sync_bucket *a = zt_sync_buckets_find(&x, ZT_SYNC_ATTENDANCE, 300),
                                *b = zt_sync_buckets_find(&y, ZT_SYNC_ATTENDANCE, 300);
    assert_non_null(a);
    assert_int_equal(a->count, 2);
    assert_true(a->digest == b->digest);
    assert_null(zt_sync_buckets_find(&x, ZT_SYNC_PUPIL, 0));
    zt_sync_buckets_free(&x);
    zt_sync_buckets_free(&y);
}

/* Deployed agents keep digests in their state and compare them with zoned's:
 * if this fails, the encoding or the hash changed, and ZT_PROTOCOL_VERSION
 * (common/protocol.h) and the agent state's LAYOUT (client/agent/state.c)
 * must be bumped with the new values here. */
static void test_digests_are_pinned(void **state)
{
    (void)state;
    char upn[] = "A873100120001";
    Zt__PupilRow p = pupil(upn);
    uint8_t codes[ZT_SYNC_SLOTS] = {0};
    codes[0] = 1, codes[1] = 2, codes[61] = 3;
    struct zt_sync_unit a, b;
    zt_sync_pupil(&a, &p);
    zt_sync_attendance(&b, upn, 314, codes);
    assert_true(a.digest == PINNED_PUPIL);
    assert_true(b.digest == PINNED_ATTENDANCE);
}

/* family_id (SPEC §3b): a pupil without one digests as before it existed
 * (the pinned value: agents' states stay valid); adding, changing or
 * emptying it changes the unit. */
static void test_family_id_counts_only_when_given(void **state)
{
    (void)state;
    char upn[] = "A873100120001", f1[] = "EH-1001", f2[] = "EH-1002", empty[] = "";
    Zt__PupilRow p = pupil(upn);
    struct zt_sync_unit none, blank, one, two;
    zt_sync_pupil(&none, &p);
    p.family_id = empty;
    zt_sync_pupil(&blank, &p);
    p.family_id = f1;
    zt_sync_pupil(&one, &p);
    p.family_id = f2;
    zt_sync_pupil(&two, &p);
    assert_true(none.digest == PINNED_PUPIL);
    assert_true(blank.digest == none.digest);
    assert_true(one.digest != none.digest);
    assert_true(two.digest != one.digest);
}

/* fsm_eligible (#19) likewise: absent, the pinned digest; Y and N differ;
 * the zone's view of the stored roll record digests as the agent's row. */
static void test_fsm_eligible_counts_only_when_given(void **state)
{
    (void)state;
    char upn[] = "A873100120001";
    Zt__PupilRow p = pupil(upn), back;
    struct zt_sync_unit none, yes, no, stored;
    zt_sync_pupil(&none, &p);
    p.has_fsm_eligible = 1, p.fsm_eligible = 1;
    zt_sync_pupil(&yes, &p);
    assert_true(none.digest == PINNED_PUPIL);
    assert_true(yes.digest != none.digest);
    struct zt_roll_value v = {.entry_date = 20332, .year_group = 8, .gender = 2, .sen = 2,
                              .fsm_bits = zt_roll_fsm_bits(2, 1)};
    zt_pupil_row_from_roll(&back, upn, &v);
    assert_true(back.has_fsm && !back.fsm && back.has_fsm_eligible && back.fsm_eligible);
    zt_sync_pupil(&stored, &back);
    assert_true(stored.digest == yes.digest);
    p.fsm_eligible = 0;
    zt_sync_pupil(&no, &p);
    assert_true(no.digest != yes.digest && no.digest != none.digest);
    v.fsm_bits = 2; /* a record stored before fsm_eligible: not known */
    zt_pupil_row_from_roll(&back, upn, &v);
    assert_false(back.has_fsm_eligible);
    zt_sync_pupil(&stored, &back);
    assert_true(stored.digest == none.digest);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stored_pupil_digests_as_sent),
        cmocka_unit_test(test_every_field_counts),
        cmocka_unit_test(test_bucket_sums_ignore_order),
        cmocka_unit_test(test_digests_are_pinned),
        cmocka_unit_test(test_family_id_counts_only_when_given),
        cmocka_unit_test(test_fsm_eligible_counts_only_when_given),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
