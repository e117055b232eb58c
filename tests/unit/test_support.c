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

#include "codes.h"
#include "impact.h"
#include "menu.h"
#include "records.h"
#include "stages.h"
#include "store.h"
#include "support_codes.h"
#include "upn.h"

#define SCHOOL_A 100001

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

static void test_impact_by_hand(void **state)
{
    (void)state;
    char dir[] = "/tmp/zt-support-XXXXXX", err[256];
    assert_non_null(mkdtemp(dir));
    struct zt_store *s;
    assert_int_equal(zt_store_open(dir, 0, &s, err, sizeof err), 0);
    struct zone z;
    make_upn(z.u, 31);
    make_upn(z.v, 32);
    assert_int_equal(zt_store_write(s, build, &z), 0);

    struct zt_txn *t;
    struct zt_impact im;
    assert_int_equal(zt_store_read_begin(s, &t), 0);
    assert_int_equal(zt_impact_gather(t, D("2026-03-31"), &im), 0);
    zt_txn_end(t);
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

    zt_store_close(s);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_school_days),
        cmocka_unit_test(test_impact_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
