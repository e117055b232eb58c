/* Private files (client/agent/private_file.c), which every list and page
 * the agent writes goes through: files committed together are renamed
 * together or not at all, a failed one leaves the old lists and no
 * temporary file, and the mode is 0600, or 0640 with an output group. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private_file.h"
#include "tmp_dir.h"

/* The two lists, in the test's folder. */
static void list_paths(void **state, char path[2][128])
{
    const struct tmp_dir *d = *state;
    snprintf(path[0], sizeof path[0], "%s/alerts.json", d->path);
    snprintf(path[1], sizeof path[1], "%s/alerts.csv", d->path);
}

static void put(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    assert_int_equal(fclose(out), 0);
}

static void expect_text(const char *path, const char *text)
{
    char got[64] = "";
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    size_t n = fread(got, 1, sizeof got - 1, in);
    fclose(in);
    got[n] = 0;
    assert_string_equal(got, text);
}

static int mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (int)(st.st_mode & 07777);
}

static void no_temporary(const char *path)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    assert_int_not_equal(access(tmp, F_OK), 0);
}

static void begin_both(char path[2][128], struct zt_private_file pf[2], gid_t group)
{
    char err[300];
    for (int i = 0; i < 2; i++) {
        assert_int_equal(zt_private_begin(&pf[i], path[i], group, err, sizeof err), 0);
        fprintf(pf[i].f, "new %d", i);
    }
}

static void both_in_place_0600(void **state)
{
    char path[2][128];
    list_paths(state, path);
    struct zt_private_file pf[2];
    char err[300];
    begin_both(path, pf, (gid_t)-1);
    assert_int_equal(zt_private_commit_all(pf, 2, err, sizeof err), 0);
    for (int i = 0; i < 2; i++) {
        expect_text(path[i], i ? "new 1" : "new 0");
        assert_int_equal(mode_of(path[i]), 0600);
        no_temporary(path[i]);
    }
}

static void output_group_0640(void **state)
{
    char path[2][128];
    list_paths(state, path);
    struct zt_private_file pf[2];
    char err[300];
    begin_both(path, pf, getgid());
    assert_int_equal(zt_private_commit_all(pf, 2, err, sizeof err), 0);
    assert_int_equal(mode_of(path[0]), 0640);
    assert_int_equal(mode_of(path[1]), 0640);
}

/* One list that could not be written whole: neither is replaced. */
static void one_failed_none_renamed(void **state)
{
    char path[2][128];
    list_paths(state, path);
    put(path[0], "old 0");
    put(path[1], "old 1");
    struct zt_private_file pf[2];
    char err[300] = "";
    begin_both(path, pf, (gid_t)-1);
    assert_int_equal(fgetc(pf[1].f), EOF); /* a write-only stream: sets its error, as a failed write would */
    assert_true(ferror(pf[1].f));
    assert_int_equal(zt_private_commit_all(pf, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, path[1]));
    for (int i = 0; i < 2; i++) {
        expect_text(path[i], i ? "old 1" : "old 0");
        no_temporary(path[i]);
    }
}

static void abort_leaves_old(void **state)
{
    char path[2][128];
    list_paths(state, path);
    put(path[0], "old 0");
    struct zt_private_file pf;
    char err[300];
    assert_int_equal(zt_private_begin(&pf, path[0], (gid_t)-1, err, sizeof err), 0);
    fputs("half", pf.f);
    zt_private_abort(&pf);
    expect_text(path[0], "old 0");
    no_temporary(path[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(both_in_place_0600, tmp_dir_setup, tmp_dir_teardown),
        cmocka_unit_test_setup_teardown(output_group_0640, tmp_dir_setup, tmp_dir_teardown),
        cmocka_unit_test_setup_teardown(one_failed_none_renamed, tmp_dir_setup, tmp_dir_teardown),
        cmocka_unit_test_setup_teardown(abort_leaves_old, tmp_dir_setup, tmp_dir_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
