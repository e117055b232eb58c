/* The configuration reader refuses what it would otherwise get wrong
 * silently: a line longer than it holds, a key given twice. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"

struct conf_fixture {
    char path[32];
    char *listen, *dir;
    long max;
    struct zt_conf_key keys[3];
    char err[300];
};

static int setup(void **state)
{
    struct conf_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->path, sizeof f->path, "/tmp/zt-conf-XXXXXX");
    int fd = mkstemp(f->path);
    if (fd < 0)
        return -1;
    close(fd);
    struct zt_conf_key keys[3] = {
        {"listen", ZT_CONF_STR, offsetof(struct conf_fixture, listen), NULL, ZT_CONF_REQUIRED, 0, 0, NULL},
        {"data_dir", ZT_CONF_PATH, offsetof(struct conf_fixture, dir), "data", 0, 0, 0, NULL},
        {"max", ZT_CONF_INT, offsetof(struct conf_fixture, max), "3", 0, 1, 10, NULL},
    };
    memcpy(f->keys, keys, sizeof keys);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct conf_fixture *f = *state;
    zt_conf_free(f->keys, 3, f);
    unlink(f->path);
    free(f);
    return 0;
}

static void write_conf(struct conf_fixture *f, const char *text, size_t len)
{
    FILE *out = fopen(f->path, "w");
    assert_non_null(out);
    assert_int_equal(fwrite(text, 1, len, out), len);
    assert_int_equal(fclose(out), 0);
}

static int load(struct conf_fixture *f)
{
    f->err[0] = '\0';
    int rc = zt_conf_load(f->path, f->keys, 3, f, f->err, sizeof f->err);
    zt_conf_free(f->keys, 3, f);
    return rc;
}

static void test_key_given_twice(void **state)
{
    struct conf_fixture *f = *state;
    const char *text = "listen = 127.0.0.1:1\n# a comment\nmax = 4\nlisten = 127.0.0.1:2\n";
    write_conf(f, text, strlen(text));
    assert_int_equal(load(f), -EINVAL);
    char want[128];
    snprintf(want, sizeof want, "%s:4: key 'listen' given twice (first at line 1)", f->path);
    assert_string_equal(f->err, want);
    /* a default is not a line: setting a key that has one is no repeat */
    text = "listen = x\ndata_dir = /d\n";
    write_conf(f, text, strlen(text));
    assert_int_equal(load(f), 0);
}

/* A line of ZT_CONF_LINE_MAX characters is read whole, with or without its
 * newline; one character more is refused, naming the line. */
static void test_line_length(void **state)
{
    struct conf_fixture *f = *state;
    size_t head = strlen("listen = x\ndata_dir = "), size = head + ZT_CONF_LINE_MAX + 8;
    char *text = malloc(size);
    assert_non_null(text);
    memcpy(text, "listen = x\ndata_dir = /", head + 1);
    size_t value = ZT_CONF_LINE_MAX - strlen("data_dir = ");
    memset(text + head + 1, 'a', value - 1); /* the value: '/' and value - 1 letters */
    size_t len = head + value;
    text[len] = '\n';
    write_conf(f, text, len + 1);
    assert_int_equal(zt_conf_load(f->path, f->keys, 3, f, f->err, sizeof f->err), 0);
    assert_int_equal(strlen(f->dir), value); /* not cut */
    zt_conf_free(f->keys, 3, f);
    write_conf(f, text, len); /* the last line, without its newline */
    assert_int_equal(load(f), 0);
    text[len] = 'a'; /* one character too many */
    text[len + 1] = '\n';
    memcpy(text + len + 2, "max = 5\n", 8);
    write_conf(f, text, len + 10);
    assert_int_equal(load(f), -EINVAL);
    char want[128];
    snprintf(want, sizeof want, "%s:2: line longer than %d characters", f->path, ZT_CONF_LINE_MAX);
    assert_string_equal(f->err, want);
    write_conf(f, text, len + 1); /* too long at the end of the file too */
    assert_int_equal(load(f), -EINVAL);
    assert_string_equal(f->err, want);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_key_given_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_length, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
