/* Input parsing: UPN check letters, register codes, dates, CSV edge cases,
 * configuration files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "codes.h"
#include "conf.h"
#include "csv.h"
#include "date.h"
#include "upn.h"

static void test_upn(void **state)
{
    (void)state;
    assert_null(zt_upn_invalid("B801200005001", 13));
    assert_non_null(zt_upn_invalid("A801200005001", 13));  /* wrong letter */
    assert_non_null(zt_upn_invalid("B80120000500", 12));   /* wrong length */
    assert_non_null(zt_upn_invalid("B8012000050011", 14));
    assert_non_null(zt_upn_invalid("X80120000A001", 13));  /* middle must be digits */
    char temp[14] = "?80120000500A";                       /* temporary UPN: final letter */
    temp[0] = zt_upn_check_letter(temp);
    assert_true(temp[0] != 0);
    assert_null(zt_upn_invalid(temp, 13));
}

static void test_register_codes(void **state)
{
    (void)state;
    const char *present[] = {"/", "\\", "L"}, *approved[] = {"K", "V", "P", "W", "B"},
               *auth[] = {"C", "C1", "C2", "E", "I", "J1", "M", "R", "S", "T"},
               *unauth[] = {"G", "N", "O", "U"},
               *notposs[] = {"D", "X", "Z", "#", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(zt_mark_class_of(zt_mark_parse(present[i], strlen(present[i]))), ZT_MARK_PRESENT);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(zt_mark_class_of(zt_mark_parse(approved[i], strlen(approved[i]))), ZT_MARK_APPROVED);
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(zt_mark_class_of(zt_mark_parse(auth[i], strlen(auth[i]))), ZT_MARK_AUTHORISED);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(zt_mark_class_of(zt_mark_parse(unauth[i], strlen(unauth[i]))), ZT_MARK_UNAUTHORISED);
    for (size_t i = 0; i < 12; i++)
        assert_int_equal(zt_mark_class_of(zt_mark_parse(notposs[i], strlen(notposs[i]))), ZT_MARK_NOT_POSSIBLE);
    assert_int_equal(zt_mark_parse("H", 1), 0);
    assert_int_equal(zt_mark_parse("Y8", 2), 0);
    assert_int_equal(zt_mark_parse("", 0), 0);
    assert_true(zt_mark_is_health(zt_mark_parse("I", 1)));
    assert_true(zt_mark_is_health(zt_mark_parse("M", 1)));
    assert_false(zt_mark_is_health(zt_mark_parse("C", 1)));
}

static void test_dates(void **state)
{
    (void)state;
    zt_date d;
    assert_int_equal(zt_date_parse("2026-03-02", 10, &d), 0);
    char buf[ZT_DATE_STRLEN];
    assert_string_equal(zt_date_format(d, buf), "2026-03-02");
    assert_int_equal(zt_date_parse("2024-02-29", 10, &d), 0);
    assert_int_equal(zt_date_parse("2025-02-29", 10, &d), -1);
    assert_int_equal(zt_date_parse("2026-13-01", 10, &d), -1);
    assert_int_equal(zt_date_parse("2026-3-02", 9, &d), -1);
    assert_int_equal(zt_date_parse("02/03/2026", 10, &d), -1);
    zt_date_parse("2026-03-02", 10, &d);
    zt_date start;
    zt_date_parse("2025-09-01", 10, &start);
    assert_int_equal(zt_academic_year_start(d), start);
    zt_date_parse("2025-09-01", 10, &d);
    assert_int_equal(zt_academic_year_start(d), start);
    zt_date_parse("2025-08-31", 10, &d);
    assert_int_equal(zt_academic_year_start(d), start - 365);
    assert_int_equal(zt_date_weekday(zt_date_from_ymd(2026, 11, 23)), 0); /* a Monday */
    assert_int_equal(zt_month_index_first_day(zt_date_month_index(d)), zt_date_from_ymd(2025, 8, 1));
    /* a month's days, leap Februaries included, for every month to 2199 */
    for (int mi = 0; mi < 200 * 12; mi++)
        assert_int_equal(zt_month_index_days(mi),
                         zt_month_index_first_day(mi + 1) - zt_month_index_first_day(mi));
    assert_int_equal(zt_month_index_days(zt_date_month_index(zt_date_from_ymd(2028, 2, 1))), 29);
    assert_int_equal(zt_month_index_days(zt_date_month_index(zt_date_from_ymd(2100, 2, 1))), 28);
}

static int open_text(struct zt_csv *c, const char *text)
{
    char err[200];
    return zt_csv_open_buffer(c, "t.csv", text, strlen(text), err, sizeof err);
}

static void test_csv_quotes_crlf_bom(void **state)
{
    (void)state;
    struct zt_csv c;
    assert_int_equal(open_text(&c, "\xEF\xBB\xBFupn,name\r\nA1,\"Smith, \"\"Jo\"\"\"\r\n\r\nB2,\"two\nlines\"\r\nC3,x"), 0);
    assert_int_equal(zt_csv_column(&c, "upn"), 0); /* BOM stripped from the first header */
    assert_int_equal(zt_csv_column(&c, "name"), 1);
    assert_int_equal(zt_csv_next(&c), 1);
    assert_int_equal(c.line, 2);
    struct zt_field f = zt_csv_get(&c, 1);
    assert_int_equal(f.len, strlen("Smith, \"Jo\""));
    assert_memory_equal(f.s, "Smith, \"Jo\"", f.len);
    assert_int_equal(zt_csv_next(&c), 1);
    assert_int_equal(c.line, 4); /* the blank line counts */
    f = zt_csv_get(&c, 1);
    assert_memory_equal(f.s, "two\nlines", f.len);
    assert_int_equal(zt_csv_next(&c), 1);
    assert_int_equal(c.line, 6);
    f = zt_csv_get(&c, 0);
    assert_memory_equal(f.s, "C3", 2);
    assert_int_equal(zt_csv_next(&c), 0);
    zt_csv_close(&c);
}

static void test_csv_missing_and_extra_columns(void **state)
{
    (void)state;
    struct zt_csv c;
    assert_int_equal(open_text(&c, "a,b,c\n1,2\n1,2,3,4\n"), 0);
    assert_int_equal(zt_csv_column(&c, "d"), -1);
    assert_int_equal(zt_csv_next(&c), 1);
    assert_int_equal(zt_csv_get(&c, 2).len, 0); /* a short row reads as empty */
    assert_int_equal(zt_csv_next(&c), 1);
    assert_int_equal(c.nfields, 4);
    zt_csv_close(&c);
}

static void test_csv_malformed(void **state)
{
    (void)state;
    struct zt_csv c;
    assert_int_equal(open_text(&c, "a,b\n\"x\"y,1\n2,3\n\"open,4\n"), 0);
    assert_int_equal(zt_csv_next(&c), -1);
    assert_int_equal(c.line, 2);
    assert_int_equal(zt_csv_next(&c), 1); /* the reader recovers at the next line */
    assert_memory_equal(zt_csv_get(&c, 0).s, "2", 1);
    assert_int_equal(zt_csv_next(&c), -1);
    zt_csv_close(&c);
    char err[200];
    assert_int_equal(zt_csv_open_buffer(&c, "e.csv", "", 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "e.csv:1"));
}

static void test_conf(void **state)
{
    (void)state;
    char path[] = "/tmp/zt-conf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "# zone\nlisten = 127.0.0.1:9\n  data_dir=data   # comment\nmax = 7\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct parsed {
        char *listen, *dir;
        long max;
    } c;
    const struct zt_conf_key keys[] = {
        {"listen", ZT_CONF_STR, offsetof(struct parsed, listen), NULL, ZT_CONF_REQUIRED, 0, 0, NULL},
        {"data_dir", ZT_CONF_PATH, offsetof(struct parsed, dir), NULL, ZT_CONF_REQUIRED, 0, 0, NULL},
        {"max", ZT_CONF_INT, offsetof(struct parsed, max), "3", 0, 1, 10, NULL},
    };
    char err[300];
    assert_int_equal(zt_conf_load(path, keys, 3, &c, err, sizeof err), 0);
    assert_string_equal(c.listen, "127.0.0.1:9");
    assert_string_equal(c.dir, "/tmp/data"); /* relative to the file's folder */
    assert_int_equal(c.max, 7);
    zt_conf_free(keys, 3, &c);
    fd = open(path, O_WRONLY | O_TRUNC);
    text = "listen = x\nbogus = 1\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(zt_conf_load(path, keys, 3, &c, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, ":2: unknown key 'bogus'"));
    zt_conf_free(keys, 3, &c);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upn),
        cmocka_unit_test(test_register_codes),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_csv_quotes_crlf_bom),
        cmocka_unit_test(test_csv_missing_and_extra_columns),
        cmocka_unit_test(test_csv_malformed),
        cmocka_unit_test(test_conf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
