/* Array growth (common/grow.c): doubling from the first capacity, growing
 * to a need several items ahead, and sizes that would overflow refused
 * without touching the array. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "grow.h"

static void test_doubles_from_first(void **state)
{
    (void)state;
    int *a = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 100; i++) {
        assert_int_equal(ZT_GROW(a, n, cap, 8), 0);
        a[n++] = i;
    }
    assert_int_equal(cap, 128); /* 8, 16, 32, 64, 128 */
    for (int i = 0; i < 100; i++)
        assert_int_equal(a[i], i);
    free(a);
}

static void test_grow_to_reaches_need(void **state)
{
    (void)state;
    char *b = NULL;
    size_t cap = 0;
    assert_int_equal(ZT_GROW_TO(b, 5000, cap, 4096), 0);
    assert_int_equal(cap, 8192);
    b[4999] = 'x';
    assert_int_equal(ZT_GROW_TO(b, 8192, cap, 4096), 0); /* fits: unchanged */
    assert_int_equal(cap, 8192);
    free(b);
}

static void test_overflow_refused(void **state)
{
    (void)state;
    uint64_t *a = NULL;
    size_t cap = 0;
    assert_int_equal(ZT_GROW(a, 3, cap, 4), 0);
    uint64_t *before = a;
    /* items * 8 bytes would wrap size_t */
    assert_int_equal(ZT_GROW_TO(a, SIZE_MAX / 4, cap, 4), -ENOMEM);
    assert_int_equal(zt_grow(&a, SIZE_MAX, &cap, sizeof *a, 4), -ENOMEM);
    size_t huge = SIZE_MAX / 2 + 2; /* doubling would wrap */
    assert_int_equal(zt_grow_to(&a, SIZE_MAX, &huge, 1, 4), -ENOMEM);
    assert_ptr_equal(a, before);
    assert_int_equal(cap, 4);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doubles_from_first),
        cmocka_unit_test(test_grow_to_reaches_need),
        cmocka_unit_test(test_overflow_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
