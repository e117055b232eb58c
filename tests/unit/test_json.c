/* The JSON writer (common/json.h): escaping, control characters, bytes
 * that are not UTF-8, nesting and its commas, numbers, the two layouts,
 * and misuse reported rather than written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* The text of one string value written alone. */
static char *string_of(const char *s, size_t len)
{
    struct zt_json w;
    zt_json_init(&w, NULL);
    zt_json_strn(&w, s, len);
    char *t = zt_json_take(&w);
    assert_non_null(t);
    return t;
}

static void written_as(const char *in, const char *out)
{
    char *t = string_of(in, strlen(in));
    assert_string_equal(t, out);
    free(t);
}

static void test_escaping(void **state)
{
    (void)state;
    written_as("", "\"\"");
    written_as("Mo Mover", "\"Mo Mover\"");
    written_as("O\"Brien \\ Jr", "\"O\\\"Brien \\\\ Jr\"");
    written_as("a/b", "\"a/b\""); /* '/' needs no escape */
}

static void test_control_characters(void **state)
{
    (void)state;
    written_as("a\x01" "b\nc\rd\te\x1b[2J\x1f", "\"a\\u0001b\\u000ac\\u000dd\\u0009e\\u001b[2J\\u001f\"");
    written_as("\x7f", "\"\x7f\""); /* DEL is not a control character to JSON */
    char *t = string_of("x\0y", 3); /* a NUL inside a counted string */
    assert_string_equal(t, "\"x\\u0000y\"");
    free(t);
}

static void test_utf8(void **state)
{
    (void)state;
    /* well-formed: two, three and four bytes, and U+202E, kept as they are */
    written_as("caf\xc3\xa9 \xe2\x80\xae \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x80\xae \xf0\x9f\x98\x80\"");
    /* each bad byte is one U+FFFD: a lone continuation, a stray lead byte,
     * an overlong '/', a surrogate, past U+10FFFF, a truncated end */
    written_as("a\x80z", "\"a\\ufffdz\"");
    written_as("\xff", "\"\\ufffd\"");
    written_as("\xc0\xaf", "\"\\ufffd\\ufffd\"");
    written_as("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
    written_as("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    written_as("ok\xc3", "\"ok\\ufffd\"");
    written_as("\xe2\x80\"", "\"\\ufffd\\ufffd\\\"\""); /* the quote after a cut character is still escaped */
}

/* A byte that needs escaping is found at every place in a run of plain
 * text, and the text around it is kept. */
static void test_every_position(void **state)
{
    (void)state;
    const char special[] = {'"', '\\', '\x01', '\x1f', '\x7f', ' ', '~', '\x80', '\xff'};
    const char *escaped[] = {"\\\"", "\\\\", "\\u0001", "\\u001f", "\x7f", " ", "~", "\\ufffd", "\\ufffd"};
    for (size_t k = 0; k < sizeof special; k++)
        for (size_t at = 0; at < 20; at++) {
            char in[21], out[64];
            memset(in, 'a', 20);
            in[20] = '\0';
            in[at] = special[k];
            snprintf(out, sizeof out, "\"%.*s%s%.*s\"", (int)at, in, escaped[k], (int)(19 - at), in + at + 1);
            written_as(in, out);
        }
}

static char *document(void (*write)(struct zt_json *))
{
    struct zt_json w;
    zt_json_init(&w, NULL);
    write(&w);
    return zt_json_take(&w);
}

static void nested(struct zt_json *w)
{
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kstr(w, "name", "A \"B\"");
    zt_json_kstr(w, "none", NULL);
    zt_json_key(w, "list");
    zt_json_array(w, ZT_JSON_INLINE);
    zt_json_uint(w, 0);
    zt_json_uint(w, 18446744073709551615ull);
    zt_json_array(w, ZT_JSON_INLINE);
    zt_json_end(w);
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_end(w);
    zt_json_bool(w, 1);
    zt_json_bool(w, 0);
    zt_json_null(w);
    zt_json_end(w);
    zt_json_key(w, "inner");
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_knum(w, "rate", 2.0 / 3, 3);
    zt_json_knum(w, "gap", -26, 2);
    zt_json_knum(w, "suppressed", NAN, 2);
    zt_json_knum(w, "endless", INFINITY, 1);
    zt_json_key(w, "text");
    zt_json_str(w, "x");
    zt_json_end(w);
    zt_json_end(w);
}

static void test_nesting(void **state)
{
    (void)state;
    char *t = document(nested);
    assert_non_null(t);
    assert_string_equal(t, "{\"name\": \"A \\\"B\\\"\", \"none\": null, \"list\": [0, 18446744073709551615, [], {}, true, "
                           "false, null], \"inner\": {\"rate\": 0.667, \"gap\": -26.00, \"suppressed\": null, "
                           "\"endless\": null, \"text\": \"x\"}}");
    free(t);
}

static void lines(struct zt_json *w)
{
    zt_json_object(w, ZT_JSON_LINES);
    zt_json_key(w, "alerts");
    zt_json_array(w, ZT_JSON_LINES);
    for (unsigned i = 1; i <= 2; i++) {
        zt_json_object(w, ZT_JSON_INLINE);
        zt_json_kuint(w, "n", i);
        zt_json_key(w, "reasons");
        zt_json_bits(w, i, (const char *const[]){"attendance", "behaviour"}, 2);
        zt_json_end(w);
    }
    zt_json_end(w);
    zt_json_key(w, "empty");
    zt_json_array(w, ZT_JSON_LINES);
    zt_json_end(w);
    zt_json_end(w);
}

/* One record a line, closing brackets on their own; an empty list stays []. */
static void test_lines(void **state)
{
    (void)state;
    char *t = document(lines);
    assert_non_null(t);
    assert_string_equal(t, "{\n  \"alerts\": [\n    {\"n\": 1, \"reasons\": [\"attendance\"]},\n"
                           "    {\"n\": 2, \"reasons\": [\"behaviour\"]}\n  ],\n  \"empty\": []\n}");
    free(t);
}

static void unclosed(struct zt_json *w)
{
    zt_json_array(w, ZT_JSON_INLINE);
}

static void closed_twice(struct zt_json *w)
{
    zt_json_array(w, ZT_JSON_INLINE);
    zt_json_end(w);
    zt_json_end(w);
}

static void value_without_key(struct zt_json *w)
{
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_uint(w, 1);
    zt_json_end(w);
}

static void key_outside_object(struct zt_json *w)
{
    zt_json_array(w, ZT_JSON_INLINE);
    zt_json_key(w, "k");
    zt_json_end(w);
}

static void key_without_value(struct zt_json *w)
{
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_key(w, "k");
    zt_json_end(w);
}

static void too_deep(struct zt_json *w)
{
    for (int i = 0; i <= ZT_JSON_DEPTH; i++)
        zt_json_array(w, ZT_JSON_INLINE);
    for (int i = 0; i <= ZT_JSON_DEPTH; i++)
        zt_json_end(w);
}

/* A misused writer gives no text at all rather than invalid JSON. */
static void test_misuse_refused(void **state)
{
    (void)state;
    void (*bad[])(struct zt_json *) = {unclosed,           closed_twice,      value_without_key,
                                       key_outside_object, key_without_value, too_deep};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *t = document(bad[i]);
        if (t)
            fail_msg("misuse %zu gave %s", i, t);
    }
}

/* A file writer hands its text over in blocks and at the end; a long
 * document comes out whole. */
static void test_file(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    struct zt_json w;
    zt_json_init(&w, f);
    zt_json_array(&w, ZT_JSON_INLINE);
    for (int i = 0; i < 5000; i++)
        zt_json_str(&w, "0123456789");
    zt_json_end(&w);
    assert_int_equal(zt_json_finish(&w), 0);
    fclose(f);
    assert_int_equal(len, 5000 * 14); /* [ ] and 5000 strings of 12, 4999 ", " */
    assert_memory_equal(text, "[\"0123456789\", \"0123456789\"", 27);
    assert_memory_equal(text + len - 13, "\"0123456789\"]", 13);
    free(text);
}

/* A write that fails is reported by zt_json_finish. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0);
    struct zt_json w;
    zt_json_init(&w, f);
    zt_json_str(&w, "lost");
    assert_int_equal(zt_json_finish(&w), -1);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),   cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_utf8),       cmocka_unit_test(test_every_position),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_lines),      cmocka_unit_test(test_misuse_refused),
        cmocka_unit_test(test_file),       cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
