/* Private files (client/agent/private_file.c), which every list and page
 * the agent writes goes through: files committed together are renamed
 * together or not at all, a failed one leaves the old lists and no
 * temporary file, and the mode is 0600, or 0640 with an output group. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private_file.h"

struct fx {
    char dir[64], path[2][128];
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/zt-private-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path[0], sizeof f->path[0], "%s/alerts.json", f->dir);
    snprintf(f->path[1], sizeof f->path[1], "%s/alerts.csv", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc;
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
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    assert_int_not_equal(access(tmp, F_OK), 0);
}

static void begin_both(struct fx *f, struct zt_private_file pf[2], gid_t group)
{
    char err[300];
    for (int i = 0; i < 2; i++) {
        assert_int_equal(zt_private_begin(&pf[i], f->path[i], group, err, sizeof err), 0);
        fprintf(pf[i].f, "new %d", i);
    }
}

static void both_in_place_0600(void **state)
{
    struct fx *f = *state;
    struct zt_private_file pf[2];
    char err[300];
    begin_both(f, pf, (gid_t)-1);
    assert_int_equal(zt_private_commit_all(pf, 2, err, sizeof err), 0);
    for (int i = 0; i < 2; i++) {
        expect_text(f->path[i], i ? "new 1" : "new 0");
        assert_int_equal(mode_of(f->path[i]), 0600);
        no_temporary(f->path[i]);
    }
}

static void output_group_0640(void **state)
{
    struct fx *f = *state;
    struct zt_private_file pf[2];
    char err[300];
    begin_both(f, pf, getgid());
    assert_int_equal(zt_private_commit_all(pf, 2, err, sizeof err), 0);
    assert_int_equal(mode_of(f->path[0]), 0640);
    assert_int_equal(mode_of(f->path[1]), 0640);
}

/* One list that could not be written whole: neither is replaced. */
static void one_failed_none_renamed(void **state)
{
    struct fx *f = *state;
    put(f->path[0], "old 0");
    put(f->path[1], "old 1");
    struct zt_private_file pf[2];
    char err[300] = "";
    begin_both(f, pf, (gid_t)-1);
    assert_int_equal(fgetc(pf[1].f), EOF); /* a write-only stream: sets its error, as a failed write would */
    assert_true(ferror(pf[1].f));
    assert_int_equal(zt_private_commit_all(pf, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, f->path[1]));
    for (int i = 0; i < 2; i++) {
        expect_text(f->path[i], i ? "old 1" : "old 0");
        no_temporary(f->path[i]);
    }
}

static void abort_leaves_old(void **state)
{
    struct fx *f = *state;
    put(f->path[0], "old 0");
    struct zt_private_file pf;
    char err[300];
    assert_int_equal(zt_private_begin(&pf, f->path[0], (gid_t)-1, err, sizeof err), 0);
    fputs("half", pf.f);
    zt_private_abort(&pf);
    expect_text(f->path[0], "old 0");
    no_temporary(f->path[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(both_in_place_0600, setup, teardown),
        cmocka_unit_test_setup_teardown(output_group_0640, setup, teardown),
        cmocka_unit_test_setup_teardown(one_failed_none_renamed, setup, teardown),
        cmocka_unit_test_setup_teardown(abort_leaves_old, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
