/* Dates in store keys (server/store/records.h): what is put is read back,
 * and memcmp order of the key bytes is date order, also across the sign
 * bit (dates before 1970 are negative day numbers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "records.h"

static const zt_date dates[] = {INT32_MIN, -40000, -1, 0, 1, 20386, INT32_MAX};

static void test_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        uint8_t k[4];
        zt_put_date_key(k, dates[i]);
        assert_int_equal(zt_get_date_key(k), dates[i]);
    }
}

static void test_key_order_is_date_order(void **state)
{
    (void)state;
    for (size_t i = 1; i < sizeof dates / sizeof dates[0]; i++) {
        uint8_t a[4], b[4];
        zt_put_date_key(a, dates[i - 1]);
        zt_put_date_key(b, dates[i]);
        assert_true(memcmp(a, b, sizeof a) < 0);
    }
}

static void test_layout_is_big_endian_sign_flipped(void **state)
{
    (void)state;
    uint8_t k[4];
    zt_put_date_key(k, 0); /* 1970-01-01: the middle of the key space */
    assert_memory_equal(k, "\x80\x00\x00\x00", 4);
    zt_put_date_key(k, -1);
    assert_memory_equal(k, "\x7f\xff\xff\xff", 4);
    zt_put_date_key(k, 0x0102);
    assert_memory_equal(k, "\x80\x00\x01\x02", 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_key_order_is_date_order),
        cmocka_unit_test(test_layout_is_big_endian_sign_flipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
