/* The one error space (common/err.h): every project code has a message of
 * its own, and the range clashes neither with errno nor with LMDB's codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <lmdb.h>
#include <string.h>

#include "err.h"
#include "mdb_err.h"

static void test_every_code_has_its_message(void **state)
{
    (void)state;
    for (int a = ZT_E_FIRST; a < ZT_E_LAST; a++) {
        const char *m = zt_strerror(a);
        assert_null(strstr(m, "Unknown error"));
        for (int b = ZT_E_FIRST; b < a; b++)
            assert_string_not_equal(m, zt_strerror(b));
    }
    assert_string_equal(zt_strerror(0), "success");
    assert_string_equal(zt_strerror(-ENOENT), strerror(ENOENT));
}

static void test_range_clashes_with_nothing(void **state)
{
    (void)state;
    assert_true(ZT_E_LAST - 1 < -4095); /* errno ends at 4095 (the kernel's MAX_ERRNO) */
    assert_true(ZT_E_FIRST > MDB_LAST_ERRCODE || ZT_E_LAST < MDB_KEYEXIST);
}

static void test_lmdb_codes_mapped(void **state)
{
    (void)state;
    assert_int_equal(zt_from_mdb(MDB_SUCCESS), 0);
    assert_int_equal(zt_from_mdb(MDB_NOTFOUND), -ENOENT);
    assert_int_equal(zt_from_mdb(MDB_MAP_FULL), ZT_E_MAPFULL);
    assert_int_equal(zt_from_mdb(MDB_INVALID), ZT_E_CORRUPT);
    assert_int_equal(zt_from_mdb(ENOSPC), -ENOSPC);
    assert_int_equal(zt_from_mdb(MDB_READERS_FULL), ZT_E_STORE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_has_its_message),
        cmocka_unit_test(test_range_clashes_with_nothing),
        cmocka_unit_test(test_lmdb_codes_mapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
