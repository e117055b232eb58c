/* The tipping rules of SPEC §5 at their boundaries, on figures alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "codes.h"
#include "records.h"
#include "tipping.h"

static struct zt_thresholds defaults(void)
{
    struct zt_thresholds t;
    zt_thresholds_default(&t);
    return t;
}

static struct zt_verdict decide(const struct zt_figures *f)
{
    struct zt_thresholds t = defaults();
    struct zt_verdict v;
    zt_tipping_decide(f, &t, &v);
    return v;
}

static void test_attendance_exactly_90_is_amber(void **state)
{
    (void)state;
    struct zt_figures f = {.possible = 20, .present = 18};
    assert_int_equal(decide(&f).attendance, ZT_AMBER);
    f.present = 17; /* 85% */
    assert_int_equal(decide(&f).attendance, ZT_RED);
    f = (struct zt_figures){.possible = 200, .present = 179}; /* 89.5% */
    assert_int_equal(decide(&f).attendance, ZT_RED);
}

static void test_attendance_95_boundary(void **state)
{
    (void)state;
    struct zt_figures f = {.possible = 20, .present = 19}; /* exactly 95% */
    assert_int_equal(decide(&f).attendance, ZT_GREEN);
    f = (struct zt_figures){.possible = 200, .present = 189}; /* 94.5% */
    assert_int_equal(decide(&f).attendance, ZT_AMBER);
}

static void test_attendance_needs_20_sessions(void **state)
{
    (void)state;
    struct zt_figures f = {.possible = 19, .present = 0};
    assert_int_equal(decide(&f).attendance, ZT_GREEN);
    f.possible = 20;
    assert_int_equal(decide(&f).attendance, ZT_RED);
}

static void test_behaviour_points(void **state)
{
    (void)state;
    struct zt_figures f = {.behaviour_points_recent = 4};
    assert_int_equal(decide(&f).behaviour, ZT_GREEN);
    f.behaviour_points_recent = 5;
    assert_int_equal(decide(&f).behaviour, ZT_AMBER);
    f.behaviour_points_recent = 9;
    assert_int_equal(decide(&f).behaviour, ZT_AMBER);
    f.behaviour_points_recent = 10;
    assert_int_equal(decide(&f).behaviour, ZT_RED);
    f = (struct zt_figures){.suspensions_ytd = 1};
    assert_int_equal(decide(&f).behaviour, ZT_RED);
    f = (struct zt_figures){.permanent_exclusions_ytd = 1};
    assert_int_equal(decide(&f).behaviour, ZT_RED);
}

static void test_health(void **state)
{
    (void)state;
    struct zt_figures f = {.health_sessions_recent = 2};
    assert_int_equal(decide(&f).health, ZT_GREEN);
    f.health_sessions_recent = 3;
    assert_int_equal(decide(&f).health, ZT_AMBER);
    f.health_sessions_recent = 6;
    assert_int_equal(decide(&f).health, ZT_RED);
    f = (struct zt_figures){.high_health_ytd = 1};
    assert_int_equal(decide(&f).health, ZT_RED);
    f = (struct zt_figures){.medium_health_recent = 1};
    assert_int_equal(decide(&f).health, ZT_AMBER);
}

static void test_below_expected(void **state)
{
    (void)state;
    struct zt_figures f = {0};
    f.latest_step[ZT_SUBJECT_MATHS] = ZT_STEP_EXPECTED;
    assert_int_equal(decide(&f).below, 0);
    f.latest_step[ZT_SUBJECT_MATHS] = ZT_STEP_EMERGING;
    assert_int_equal(decide(&f).below, ZT_BELOW_MATHS);
    f.latest_step[ZT_SUBJECT_MATHS] = ZT_STEP_DEEPENING;
    f.latest_step[ZT_SUBJECT_WRITING] = ZT_STEP_GAP; /* English below through writing alone */
    f.latest_step[ZT_SUBJECT_READING] = ZT_STEP_EXPECTED;
    assert_int_equal(decide(&f).below, ZT_BELOW_ENGLISH);
}

static void test_alert_kinds_are_exclusive(void **state)
{
    (void)state;
    /* red + below: family meeting, reasons are the red indicators only */
    struct zt_figures f = {.possible = 100, .present = 80, .behaviour_points_recent = 6};
    f.latest_step[ZT_SUBJECT_MATHS] = ZT_STEP_GAP;
    struct zt_verdict v = decide(&f);
    assert_int_equal(v.kind, ZT_ALERT_FAMILY_MEETING);
    assert_int_equal(v.reasons, ZT_REASON_ATTENDANCE);
    /* red, not below: watch, reasons at amber or red */
    f.latest_step[ZT_SUBJECT_MATHS] = ZT_STEP_EXPECTED;
    v = decide(&f);
    assert_int_equal(v.kind, ZT_ALERT_WATCH);
    assert_int_equal(v.reasons, ZT_REASON_ATTENDANCE | ZT_REASON_BEHAVIOUR);
    /* amber and below: watch */
    f = (struct zt_figures){.possible = 100, .present = 92};
    f.latest_step[ZT_SUBJECT_ENGLISH] = ZT_STEP_EMERGING;
    v = decide(&f);
    assert_int_equal(v.kind, ZT_ALERT_WATCH);
    assert_int_equal(v.reasons, ZT_REASON_ATTENDANCE);
    /* amber, not below: nothing */
    f.latest_step[ZT_SUBJECT_ENGLISH] = ZT_STEP_EXPECTED;
    assert_int_equal(decide(&f).kind, 0);
    /* below, all green: nothing */
    f = (struct zt_figures){.possible = 100, .present = 100};
    f.latest_step[ZT_SUBJECT_MATHS] = ZT_STEP_GAP;
    assert_int_equal(decide(&f).kind, 0);
}

static void test_thresholds_are_used(void **state)
{
    (void)state;
    struct zt_thresholds t = defaults();
    t.v[ZT_THR_ATT_RED_BELOW_PCT] = 80;
    struct zt_figures f = {.possible = 100, .present = 85};
    struct zt_verdict v;
    zt_tipping_decide(&f, &t, &v);
    assert_int_equal(v.attendance, ZT_AMBER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attendance_exactly_90_is_amber),
        cmocka_unit_test(test_attendance_95_boundary),
        cmocka_unit_test(test_attendance_needs_20_sessions),
        cmocka_unit_test(test_behaviour_points),
        cmocka_unit_test(test_health),
        cmocka_unit_test(test_below_expected),
        cmocka_unit_test(test_alert_kinds_are_exclusive),
        cmocka_unit_test(test_thresholds_are_used),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
