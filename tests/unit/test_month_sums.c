/* The month sums kept between evaluations: a table that must answer exactly
 * what was put and not forgotten, through growth, runs of collisions and
 * deletions inside them. Checked against a plain array of the same puts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "month_sums.h"

#define N 60000

struct model {
    uint8_t prefix[N][ZT_ATT_PREFIX_LEN];
    struct zt_month_count c[N];
    int held[N];
};

static void prefix_of(uint8_t *p, unsigned i)
{
    memset(p, 'A', ZT_ATT_PREFIX_LEN);
    p[0] = (uint8_t)(i >> 16), p[1] = (uint8_t)(i >> 8), p[2] = (uint8_t)i;
}

static void check_all(const struct zt_month_sums *m, const struct model *x)
{
    size_t held = 0;
    for (unsigned i = 0; i < N; i++) {
        struct zt_month_count got;
        int hit = zt_month_sums_get(m, x->prefix[i], &got);
        assert_int_equal(hit, x->held[i]);
        if (hit)
            assert_memory_equal(&got, &x->c[i], sizeof got);
        held += (size_t)x->held[i];
    }
    assert_int_equal(zt_month_sums_count(m), held);
}

static void test_answers_what_was_put(void **state)
{
    (void)state;
    struct model *x = calloc(1, sizeof *x);
    struct zt_month_sums *m = zt_month_sums_new();
    assert_non_null(m);
    srand(7);
    for (unsigned i = 0; i < N; i++) {
        prefix_of(x->prefix[i], i);
        x->c[i] = (struct zt_month_count){(uint16_t)i, (uint16_t)(i * 3), (uint16_t)rand()};
        zt_month_sums_put(m, x->prefix[i], &x->c[i]);
        x->held[i] = 1;
    }
    check_all(m, x); /* grown from 4,096 slots on the way */
    for (int round = 0; round < 4; round++) {
        for (unsigned i = 0; i < N; i++) {
            int r = rand() % 4;
            if (r == 0) {
                zt_month_sums_forget(m, x->prefix[i]);
                x->held[i] = 0;
            } else if (r == 1) {
                x->c[i].present = (uint16_t)rand();
                zt_month_sums_put(m, x->prefix[i], &x->c[i]); /* replaces */
                x->held[i] = 1;
            }
        }
        check_all(m, x);
    }
    zt_month_sums_clear(m);
    memset(x->held, 0, sizeof x->held);
    check_all(m, x);
    zt_month_sums_free(m);
    free(x);
}

static void test_stays_within_its_bound(void **state)
{
    (void)state;
    struct zt_month_sums *m = zt_month_sums_new();
    struct zt_month_count c = {1, 2, 3}, got;
    uint8_t p[ZT_ATT_PREFIX_LEN];
    size_t most = 0;
    for (unsigned i = 0; i < 400000; i++) {
        prefix_of(p, i);
        zt_month_sums_put(m, p, &c);
        if (zt_month_sums_count(m) > most)
            most = zt_month_sums_count(m);
    }
    assert_true(most <= (1u << 17)); /* half of the largest table */
    assert_true(zt_month_sums_get(m, p, &got)); /* the last put survives a start-over */
    zt_month_sums_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_what_was_put),
        cmocka_unit_test(test_stays_within_its_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
