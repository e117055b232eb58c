/* The mapping file of a school's MIS reports (client/agent/mapping.c):
 * its lines, date formats and value maps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapping.h"

static void test_dates(void **state)
{
    (void)state;
    char out[11];
    assert_int_equal(zt_mapping_date("DD/MM/YYYY", "01/09/2025", 10, out), 0);
    assert_string_equal(out, "2025-09-01");
    assert_int_equal(zt_mapping_date("DD/MM/YYYY", "1/9/2025", 8, out), 0);
    assert_string_equal(out, "2025-09-01");
    assert_int_equal(zt_mapping_date("DD/MM/YYYY", "01/09/2025 00:00:00", 19, out), 0); /* a time passed by */
    assert_string_equal(out, "2025-09-01");
    assert_int_equal(zt_mapping_date("MM-DD-YYYY", "09-01-2025", 10, out), 0);
    assert_string_equal(out, "2025-09-01");
    assert_int_equal(zt_mapping_date("YYYYMMDD", "20250901", 8, out), 0);
    assert_string_equal(out, "2025-09-01");
    assert_int_equal(zt_mapping_date("DD/MM/YYYY", "2025-09-01", 10, out), -1);
    assert_int_equal(zt_mapping_date("DD/MM/YYYY", "01/09/25", 8, out), -1);
    assert_int_equal(zt_mapping_date("DD/MM/YYYY", "01/09/2025x", 11, out), -1);
    assert_int_equal(zt_mapping_date("DD.MM.YYYY", "01/09/2025", 10, out), -1);
}

static char path[] = "/tmp/zt-mapping-XXXXXX";

static int load(struct zt_mapping *m, const char *text, char *err, size_t errlen)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    int rc = zt_mapping_load(m, path, err, errlen);
    unlink(path);
    memcpy(path + strlen(path) - 6, "XXXXXX", 6);
    return rc;
}

static void test_file(void **state)
{
    (void)state;
    struct zt_mapping m;
    char err[300];
    assert_int_equal(load(&m,
                          "# a school's reports\n"
                          "pupils.upn = \"UPN\"\n"
                          "pupils.entry_date = \"Date of Admission\"  # when they joined\n"
                          "pupils.dates = DD/MM/YYYY\n"
                          "pupils.gender.values = Male=M, Female=F\n"
                          "pupils.gifted =\n"
                          "attendance.code = \"Mark #1\" # quoted: the # is the column's\n",
                          err, sizeof err),
                     0);
    const struct zt_map_field *f = zt_mapping_field(&m, "pupils.csv", "entry_date");
    assert_non_null(f);
    assert_string_equal(f->column, "Date of Admission");
    assert_string_equal(zt_mapping_field(&m, "pupils.csv", "gifted")->column, "");
    assert_string_equal(zt_mapping_field(&m, "attendance.csv", "code")->column, "Mark #1");
    assert_null(zt_mapping_field(&m, "pupils.csv", "fsm"));
    assert_string_equal(zt_mapping_dates(&m, "pupils.csv"), "DD/MM/YYYY");
    assert_null(zt_mapping_dates(&m, "attendance.csv"));
    const char *out;
    size_t n;
    f = zt_mapping_field(&m, "pupils.csv", "gender");
    assert_int_equal(zt_mapping_value(f, "female", 6, &out, &n), 0); /* case ignored */
    assert_int_equal(n, 1);
    assert_memory_equal(out, "F", 1);
    assert_int_equal(zt_mapping_value(f, "Femle", 5, &out, &n), -1);
    assert_int_equal(zt_mapping_value(f, "", 0, &out, &n), 0); /* empty stays empty: not known */
    assert_int_equal(n, 0);
    zt_mapping_free(&m);

    assert_int_equal(load(&m, "pupils.upn = UPN\npupils.gendre = Gender\n", err, sizeof err), -1);
    assert_non_null(strstr(err, ":2: unknown field of that file"));
    zt_mapping_free(&m);
    assert_int_equal(load(&m, "roll.upn = UPN\n", err, sizeof err), -1);
    assert_non_null(strstr(err, ":1: unknown export file"));
    zt_mapping_free(&m);
    assert_int_equal(load(&m, "pupils.dates = D/M/Y\n", err, sizeof err), -1);
    assert_non_null(strstr(err, ":1: a date format has DD, MM and YYYY"));
    zt_mapping_free(&m);
    assert_int_equal(load(&m, "pupils.fsm.values = Yes\n", err, sizeof err), -1);
    assert_non_null(strstr(err, ":1: values are THEIRS=OURS pairs"));
    zt_mapping_free(&m);
    assert_int_equal(load(&m, "pupils.upn\n", err, sizeof err), -1);
    assert_non_null(strstr(err, ":1: expected FILE.FIELD = COLUMN"));
    zt_mapping_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
