/* The agent's state (client/agent/state.c, state_dir.c) answers in the
 * project's error space (common/err.h): a missing folder, a file that is
 * not a state, no batch known yet each give their own code, and the
 * one-line reason the agent prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "protocol.h"
#include "state.h"
#include "state_dir.h"
#include "tmp_dir.h"

/* Writes n bytes of 'x' to dir/name, its path in path. */
static void make_file(const char *dir, const char *name, int n, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (int i = 0; i < n; i++)
        fputc('x', fp);
    fclose(fp);
}

static void test_fresh_state_knows_no_batch(void **state)
{
    const struct tmp_dir *f = *state;
    struct zt_state s;
    char err[256];
    assert_int_equal(zt_state_open(&s, f->path, "school:100001", err, sizeof err), 0);
    uint8_t id[ZT_BATCH_ID_LEN];
    assert_int_equal(zt_state_last_batch(&s, id), -ENOENT);
    struct zt_sync_buckets b;
    assert_int_equal(zt_state_summary(&s, &b), 0);
    assert_int_equal(b.n, 0);
    zt_sync_buckets_free(&b);
    zt_state_close(&s);
}

static void test_missing_folder_is_enoent(void **state)
{
    const struct tmp_dir *f = *state;
    char missing[128], err[256] = "";
    snprintf(missing, sizeof missing, "%s/none", f->path);
    struct zt_state s;
    assert_int_equal(zt_state_open(&s, missing, "school:100001", err, sizeof err), -ENOENT);
    assert_non_null(strstr(err, "agent state "));
    assert_non_null(strstr(err, "No such file or directory"));
}

static void test_foreign_file_is_corrupt(void **state)
{
    const struct tmp_dir *f = *state;
    char path[128], err[256] = "";
    make_file(f->path, "school-100001.mdb", 8192, path, sizeof path);
    struct zt_state s;
    int rc = zt_state_open(&s, f->path, "school:100001", err, sizeof err);
    assert_int_equal(rc, ZT_E_CORRUPT);
    assert_non_null(strstr(err, path));
}

static void test_state_dir_not_a_folder(void **state)
{
    const struct tmp_dir *f = *state;
    char path[128], err[256] = "";
    make_file(f->path, "file", 0, path, sizeof path);
    assert_int_equal(zt_state_dir_prepare(path, 1, err, sizeof err), -ENOTDIR);
    assert_non_null(strstr(err, "not a folder"));
    snprintf(path, sizeof path, "%s/no/such", f->path);
    assert_int_equal(zt_state_dir_prepare(path, 1, err, sizeof err), -ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fresh_state_knows_no_batch, tmp_dir_setup, tmp_dir_teardown),
        cmocka_unit_test_setup_teardown(test_missing_folder_is_enoent, tmp_dir_setup, tmp_dir_teardown),
        cmocka_unit_test_setup_teardown(test_foreign_file_is_corrupt, tmp_dir_setup, tmp_dir_teardown),
        cmocka_unit_test_setup_teardown(test_state_dir_not_a_folder, tmp_dir_setup, tmp_dir_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
