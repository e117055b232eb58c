/* Hostile input (issue #21, low findings): text that is not UTF-8 or holds
 * NUL bytes, control characters on the way to a terminal, spreadsheet
 * formulas in CSV cells, day numbers at the ends of int32, and requests that
 * expand far beyond their frame. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_format.h"
#include "csv.h"
#include "date.h"
#include "inbound.h"
#include "printable.h"
#include "utf8.h"
#include "wire_check.h"

static void test_utf8(void **state)
{
    (void)state;
    assert_null(zt_text_problem("plain", 5));
    assert_null(zt_text_problem("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14));
    assert_string_equal(zt_text_problem("a\0b", 3), "a NUL byte");
    /* past the word-at-a-time stretch, and inside it */
    assert_string_equal(zt_text_problem("abcdefghijklmnop\xff", 17), "invalid UTF-8");
    assert_string_equal(zt_text_problem("abcdefgh\0ijklmnop", 17), "a NUL byte");
    assert_string_equal(zt_text_problem("abc\xc3\xa9" "fgh\x80" "ijklmnop", 17), "invalid UTF-8");
    const char *bad[] = {"\xff", "\xc3", "\xc0\xaf" /* overlong / */, "\xed\xa0\x80" /* surrogate */,
                         "\xf4\x90\x80\x80" /* past U+10FFFF */, "\xf8\x90\x80\x80", "\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_string_equal(zt_text_problem(bad[i], strlen(bad[i])), "invalid UTF-8");
}

/* A bad row names its file's line and the field; the rows around it are read. */
static void test_csv_refuses_bad_text(void **state)
{
    (void)state;
    static const char data[] = "upn,name\nA1,ok\nA2,bad\xff\nA3,nul\0x\nA4,\"quoted \xc3\"\nA5,fine\n";
    struct zt_csv c;
    char err[200];
    assert_int_equal(zt_csv_open_buffer(&c, "pupils.csv", data, sizeof data - 1, err, sizeof err), 0);
    assert_int_equal(zt_csv_next(&c), 1);
    for (unsigned line = 3; line <= 5; line++) {
        assert_int_equal(zt_csv_next(&c), -1);
        assert_int_equal(c.line, line);
        assert_non_null(strstr(c.error, "field 'name': "));
    }
    assert_int_equal(zt_csv_next(&c), 1);
    assert_int_equal(c.line, 6);
    assert_int_equal(zt_csv_next(&c), 0);
    zt_csv_close(&c);
    assert_int_equal(zt_csv_open_buffer(&c, "x.csv", "up\xffn\n1\n", 7, err, sizeof err), -1);
    assert_string_equal(err, "x.csv:1: field 1: invalid UTF-8");
}

/* Every int32 day number converts without overflow (UBSan aborts otherwise). */
static void test_dates_any_int32(void **state)
{
    (void)state;
    const zt_date ends[] = {INT32_MAX, INT32_MIN, INT32_MAX - 1, INT32_MIN + 1, 0, -1};
    char buf[ZT_DATE_STRLEN];
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        int y, m, d;
        zt_date_to_ymd(ends[i], &y, &m, &d);
        assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
        assert_int_equal(zt_date_from_ymd(y, m, d), ends[i]);
        assert_true(zt_date_weekday(ends[i]) >= 0 && zt_date_weekday(ends[i]) < 7);
        zt_date_format(ends[i], buf);
        zt_academic_year_start(ends[i]);
        int mi = zt_date_month_index(ends[i]);
        assert_true(zt_month_index_days(mi) >= 28);
    }
    assert_string_equal(zt_date_format(INT32_MAX, buf), ""); /* beyond 9999 */
    assert_int_equal(zt_date_from_ymd(INT32_MAX, 12, 31), INT32_MAX); /* saturates */
    assert_int_equal(zt_date_from_ymd(INT32_MIN, 1, 1), INT32_MIN);
    zt_month_index_first_day(INT32_MIN);
    zt_month_index_first_day(INT32_MAX);
    assert_int_equal(zt_date_from_ymd(ZT_YEAR_MIN, 1, 1), ZT_DATE_MIN);
    assert_int_equal(zt_date_from_ymd(ZT_YEAR_MAX, 12, 31), ZT_DATE_MAX);
    assert_true(zt_date_valid(ZT_DATE_MAX) && !zt_date_valid(ZT_DATE_MAX + 1) && !zt_date_valid(INT32_MAX));
}

static size_t pack_request(const Zt__Request *r, uint8_t **out)
{
    size_t n = zt__request__get_packed_size(r);
    *out = malloc(n ? n : 1);
    assert_non_null(*out);
    zt__request__pack(r, *out);
    return n;
}

/* The zone's checks, on requests built by hand where the clients refuse first. */
static void test_wire_check(void **state)
{
    (void)state;
    char why[200];
    uint8_t *buf;
    size_t n;
    /* gaps --as-of 2147483647 */
    Zt__GapsQuery g = ZT__GAPS_QUERY__INIT;
    g.has_as_of = 1, g.as_of = INT32_MAX;
    Zt__Request r = ZT__REQUEST__INIT;
    r.body_case = ZT__REQUEST__BODY_GAPS, r.gaps = &g;
    n = pack_request(&r, &buf);
    assert_int_equal(zt_wire_check(&zt__request__descriptor, buf, n, why, sizeof why), -1);
    assert_string_equal(why, "field as_of of gaps: day number 2147483647 is not a date from 1900-01-01 to 2199-12-31");
    free(buf);
    g.as_of = ZT_DATE_MAX;
    n = pack_request(&r, &buf);
    assert_int_equal(zt_wire_check(&zt__request__descriptor, buf, n, why, sizeof why), 0);
    free(buf);
    /* a meeting's actions with invalid UTF-8, two messages deep */
    Zt__MeetingRow m = ZT__MEETING_ROW__INIT;
    m.meeting_id = "m1", m.upn = "B801200005001", m.invited = 20000, m.actions = "call \xff home";
    Zt__MeetingRow *rows[] = {&m};
    Zt__SupportPush sp = ZT__SUPPORT_PUSH__INIT;
    sp.meetings = rows, sp.n_meetings = 1;
    r.body_case = ZT__REQUEST__BODY_SUPPORT_PUSH, r.support_push = &sp;
    n = pack_request(&r, &buf);
    assert_int_equal(zt_wire_check(&zt__request__descriptor, buf, n, why, sizeof why), -1);
    assert_string_equal(why, "field actions of support_push.meetings: invalid UTF-8");
    free(buf);
    m.actions = "call home", m.invited = -30000; /* 1887 */
    n = pack_request(&r, &buf);
    assert_int_equal(zt_wire_check(&zt__request__descriptor, buf, n, why, sizeof why), -1);
    assert_non_null(strstr(why, "field invited of support_push.meetings: day number -30000"));
    free(buf);
    /* a NUL inside a string, which unpacking would silently cut at: the
     * close reason "ok\0x" patched into the packed bytes */
    Zt__AlertClose ac = ZT__ALERT_CLOSE__INIT;
    ac.upn = "B801200005001", ac.reason = "okXx";
    r.body_case = ZT__REQUEST__BODY_ALERT_CLOSE, r.alert_close = &ac;
    n = pack_request(&r, &buf);
    uint8_t *x = memchr(buf, 'X', n);
    assert_non_null(x);
    *x = 0;
    assert_int_equal(zt_wire_check(&zt__request__descriptor, buf, n, why, sizeof why), -1);
    assert_string_equal(why, "field reason of alert_close: a NUL byte");
    /* and the unpacked request is refused whole, with that reason */
    struct zt_inbound *in = zt_inbound_unpack(buf, n);
    assert_non_null(in);
    assert_null(in->req);
    assert_string_equal(in->refused, why);
    zt_inbound_free(in);
    free(buf);
    /* sync buckets carry a month index, not a day number */
    Zt__SyncBucket b = ZT__SYNC_BUCKET__INIT, *bs[] = {&b};
    b.kind = 1, b.month = 400;
    Zt__SyncRowsQuery sq = ZT__SYNC_ROWS_QUERY__INIT;
    sq.buckets = bs, sq.n_buckets = 1;
    r.body_case = ZT__REQUEST__BODY_SYNC_ROWS, r.sync_rows = &sq;
    n = pack_request(&r, &buf);
    assert_int_equal(zt_wire_check(&zt__request__descriptor, buf, n, why, sizeof why), 0);
    free(buf);
    b.month = INT32_MIN;
    n = pack_request(&r, &buf);
    assert_int_equal(zt_wire_check(&zt__request__descriptor, buf, n, why, sizeof why), -1);
    assert_non_null(strstr(why, "field month of sync_rows.buckets: month -2147483648"));
    free(buf);
}

/* 8 MiB of empty strings: refused at the bound, not unpacked to 380 MB;
 * an ordinary roll of 1,000 UPNs unpacks. */
static void test_inbound_bounded(void **state)
{
    (void)state;
    const size_t count = 4u << 20, inner = 2 * count;
    uint8_t *buf = malloc(inner + 8);
    assert_non_null(buf);
    size_t n = 0;
    buf[n++] = 0x4a; /* field 9 (roll_complete), length-delimited */
    for (size_t v = inner; ; v >>= 7) {
        buf[n++] = (uint8_t)(v & 0x7f) | (v >> 7 ? 0x80 : 0);
        if (!(v >> 7))
            break;
    }
    for (size_t i = 0; i < count; i++)
        buf[n++] = 0x0a, buf[n++] = 0x00; /* upns: "" */
    struct zt_inbound *in = zt_inbound_unpack(buf, n);
    assert_non_null(in);
    assert_null(in->req);
    assert_non_null(strstr(in->refused, "send fewer items at a time"));
    assert_true(in->used <= ZT_INBOUND_EXPANSION * n + ZT_INBOUND_SLACK);
    zt_inbound_free(in);
    free(buf);

    static char upns[1000][14];
    char *list[1000];
    for (int i = 0; i < 1000; i++)
        snprintf(upns[i], sizeof upns[i], "B8012%08u", (unsigned)i % 1000u), list[i] = upns[i];
    Zt__RollComplete rc = ZT__ROLL_COMPLETE__INIT;
    rc.upns = list, rc.n_upns = 1000;
    Zt__Request r = ZT__REQUEST__INIT;
    r.body_case = ZT__REQUEST__BODY_ROLL_COMPLETE, r.roll_complete = &rc;
    n = pack_request(&r, &buf);
    in = zt_inbound_unpack(buf, n);
    assert_non_null(in);
    assert_non_null(in->req);
    assert_int_equal(in->req->roll_complete->n_upns, 1000);
    zt_inbound_free(in);
    free(buf);
}

static void test_printable(void **state)
{
    (void)state;
    char *p = zt_printable("done\n2026-03-02 coordinator:alice  \x1b[2Kerased\t\x7f \xc2\x9b \xe2\x80\xae \xff caf\xc3\xa9");
    assert_string_equal(p, "done\\n2026-03-02 coordinator:alice  \\x1b[2Kerased\\t\\x7f \\u009b \\u202e \\xff caf\xc3\xa9");
    free(p);
    /* a whole answer, strings inside nested and repeated messages too; the
     * unpacked copy is malloc'd as zonectl's is */
    Zt__AuditEntry e = ZT__AUDIT_ENTRY__INIT, *es[] = {&e};
    e.who = "school:100001", e.what = "alert close: reason\nforged line";
    Zt__AuditReply ar = ZT__AUDIT_REPLY__INIT;
    ar.entries = es, ar.n_entries = 1;
    Zt__Response resp = ZT__RESPONSE__INIT;
    resp.body_case = ZT__RESPONSE__BODY_AUDIT, resp.audit = &ar;
    size_t n = zt__response__get_packed_size(&resp);
    uint8_t *buf = malloc(n);
    zt__response__pack(&resp, buf);
    Zt__Response *u = zt__response__unpack(NULL, n, buf);
    assert_non_null(u);
    assert_int_equal(zt_printable_message(&u->base), 0);
    assert_string_equal(u->audit->entries[0]->what, "alert close: reason\\nforged line");
    assert_string_equal(u->audit->entries[0]->who, "school:100001");
    zt__response__free_unpacked(u, NULL);
    free(buf);
}

static char *captured(void (*write)(FILE *, const char *), const char *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    write(f, s);
    fclose(f);
    return text;
}

static void test_csv_cells_are_not_formulas(void **state)
{
    (void)state;
    const char *in[] = {"=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "Ann", "O'Neil", "a=b"};
    const char *out[] = {"\"'=HYPERLINK(\"\"http://x\"\")\"", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "Ann", "O'Neil",
                         "a=b"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *t = captured(zt_csv_field, in[i]);
        assert_string_equal(t, out[i]);
        free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_csv_refuses_bad_text),
        cmocka_unit_test(test_dates_any_int32),
        cmocka_unit_test(test_wire_check),
        cmocka_unit_test(test_inbound_bounded),
        cmocka_unit_test(test_printable),
        cmocka_unit_test(test_csv_cells_are_not_formulas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
