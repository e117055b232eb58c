/* The table zoned keeps between write transactions: it must answer exactly
 * what was last put, through growth, runs of collisions and replacements
 * inside them, and stay within its bound. Checked against a plain array of
 * the same puts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "kept.h"

#define N 60000
#define KEY 15

struct value {
    uint16_t a, b, c;
};

struct model {
    uint8_t key[N][KEY];
    struct value v[N];
    int held[N];
};

static void key_of(uint8_t *p, unsigned i)
{
    memset(p, 'A', KEY);
    p[0] = (uint8_t)(i >> 16), p[1] = (uint8_t)(i >> 8), p[2] = (uint8_t)i;
}

static void check_all(const struct zt_kept *k, const struct model *x)
{
    size_t held = 0;
    for (unsigned i = 0; i < N; i++) {
        struct value got;
        int hit = zt_kept_get(k, x->key[i], &got);
        assert_int_equal(hit, x->held[i]);
        if (hit)
            assert_memory_equal(&got, &x->v[i], sizeof got);
        held += (size_t)x->held[i];
    }
    assert_int_equal(zt_kept_count(k), held);
}

static void test_answers_what_was_put(void **state)
{
    (void)state;
    struct model *x = calloc(1, sizeof *x);
    struct zt_kept *k = zt_kept_new(KEY, sizeof(struct value), 1u << 18);
    assert_non_null(k);
    srand(7);
    for (unsigned i = 0; i < N; i++) {
        key_of(x->key[i], i);
        x->v[i] = (struct value){(uint16_t)i, (uint16_t)(i * 3), (uint16_t)rand()};
        zt_kept_put(k, x->key[i], &x->v[i]);
        x->held[i] = 1;
    }
    check_all(k, x); /* grown from 4,096 slots on the way */
    for (int round = 0; round < 4; round++) {
        for (unsigned i = 0; i < N; i++)
            if (rand() % 2) {
                x->v[i].b = (uint16_t)rand();
                zt_kept_put(k, x->key[i], &x->v[i]); /* replaces */
            }
        check_all(k, x);
    }
    zt_kept_clear(k);
    memset(x->held, 0, sizeof x->held);
    check_all(k, x);
    zt_kept_free(k);
    free(x);
}

static void test_stays_within_its_bound(void **state)
{
    (void)state;
    struct zt_kept *k = zt_kept_new(KEY, sizeof(struct value), 1u << 16);
    struct value v = {1, 2, 3}, got;
    uint8_t key[KEY];
    size_t most = 0;
    for (unsigned i = 0; i < 200000; i++) {
        key_of(key, i);
        zt_kept_put(k, key, &v);
        if (zt_kept_count(k) > most)
            most = zt_kept_count(k);
    }
    assert_true(most <= (1u << 15)); /* half of the largest table */
    assert_true(zt_kept_get(k, key, &got)); /* the last put survives a start-over */
    zt_kept_free(k);
}

static void test_refuses_bounds_it_cannot_keep(void **state)
{
    (void)state;
    assert_null(zt_kept_new(KEY, sizeof(struct value), 0));
    assert_null(zt_kept_new(KEY, sizeof(struct value), 1)); /* one slot could fill: probing would never end */
    assert_null(zt_kept_new(KEY, sizeof(struct value), 3000));
    struct zt_kept *k = zt_kept_new(KEY, sizeof(struct value), 2);
    assert_non_null(k);
    uint8_t a[KEY], b[KEY];
    struct value v = {1, 2, 3}, got;
    key_of(a, 1), key_of(b, 2);
    zt_kept_put(k, a, &v);
    zt_kept_put(k, b, &v); /* starts over rather than filling both slots */
    assert_true(zt_kept_get(k, b, &got));
    assert_false(zt_kept_get(k, a, &got));
    zt_kept_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_what_was_put),
        cmocka_unit_test(test_stays_within_its_bound),
        cmocka_unit_test(test_refuses_bounds_it_cannot_keep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
