/* Backups (server/protocol/backup.c) and the store's basic check
 * (common/store_check.c) on a real store: each backup is a copy of its own,
 * made off the event loop, read only by who asked; a truncated, garbled or
 * empty file fails the check, and zoned's store refuses to open it. */
#include <fcntl.h>
#include <sys/stat.h>
#include <uv.h>

#include "audit.h"
#include "backup.h"
#include "err.h"
#include "file_digest.h"
#include "store_check.h"
#include "store_fixture.h"

#define AUDIT_ENTRIES 3000 /* a store of a few hundred pages */

static void fill(struct fixture *f)
{
    for (int i = 0; i < AUDIT_ENTRIES / 100; i++)
        for (int j = 0; j < 100; j++)
            assert_int_equal(zt_audit_record(f->store, "coordinator:test", "entry %d of a store to copy, %080d", i * 100 + j, j), 0);
}

/* Reads copy id to its end into path; returns its size. */
static uint64_t read_copy(struct zt_backups *b, const char *who, uint64_t id, const char *path,
                          struct zt_backup_state *st)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    static uint8_t buf[1 << 16];
    uint64_t off = 0;
    for (;;) {
        size_t n;
        assert_int_equal(zt_backup_read(b, who, id, off, buf, sizeof buf, &n, st), 0);
        assert_true(st->ready);
        assert_int_equal(write(fd, buf, n), (ssize_t)n);
        off += n;
        if (off == st->size)
            break;
        assert_true(n > 0);
    }
    close(fd);
    return off;
}

static void test_each_backup_is_its_own_copy_made_off_the_loop(void **state)
{
    struct fixture *f = *state;
    fill(f);
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct zt_backups *b;
    assert_int_equal(zt_backups_init(&loop, f->store, f->dir, &b), 0);
    uint64_t id1, id2;
    assert_int_equal(zt_backup_start(b, "coordinator:a", &id1), 0);
    assert_int_equal(zt_backup_start(b, "coordinator:b", &id2), 0);
    assert_true(id1 != id2);

    /* the start returned before the copy was made: the loop has not run */
    struct zt_backup_state st;
    uint8_t buf[16];
    size_t n = 99;
    assert_int_equal(zt_backup_read(b, "coordinator:a", id1, 0, buf, sizeof buf, &n, &st), 0);
    assert_false(st.ready);
    assert_int_equal(n, 0);
    /* another coordinator cannot read it */
    assert_int_equal(zt_backup_read(b, "coordinator:b", id1, 0, buf, sizeof buf, &n, &st), -ENOENT);

    assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0); /* until both copies are made */
    char p1[128], p2[128];
    snprintf(p1, sizeof p1, "%s/one.mdb", f->dir);
    snprintf(p2, sizeof p2, "%s/two.mdb", f->dir);
    struct zt_backup_state st1, st2;
    uint64_t size1 = read_copy(b, "coordinator:a", id1, p1, &st1);
    uint64_t size2 = read_copy(b, "coordinator:b", id2, p2, &st2);
    assert_true(size1 > 100000);
    assert_int_equal(size1, size2);

    /* the digest zoned sends is that of the bytes read */
    uint8_t sha[ZT_SHA256_LEN];
    int fd = open(p1, O_RDONLY);
    assert_int_equal(zt_file_sha256(fd, sha, NULL), 0);
    close(fd);
    assert_memory_equal(sha, st1.sha256, ZT_SHA256_LEN);

    struct zt_store_facts facts;
    char err[512];
    assert_int_equal(zt_store_check_file(p1, &facts, err, sizeof err), 0);
    assert_true(facts.records >= AUDIT_ENTRIES);
    assert_int_equal(zt_store_check_file(p2, NULL, err, sizeof err), 0);

    /* read to its end, a copy is gone */
    assert_int_equal(zt_backup_read(b, "coordinator:a", id1, 0, buf, sizeof buf, &n, &st), -ENOENT);
    zt_backups_close(b);
    assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0);
    assert_int_equal(uv_loop_close(&loop), 0);
}

static void test_backups_at_once_are_bounded_and_closed_while_copying(void **state)
{
    struct fixture *f = *state;
    uv_loop_t loop;
    uv_loop_init(&loop);
    struct zt_backups *b;
    assert_int_equal(zt_backups_init(&loop, f->store, f->dir, &b), 0);
    uint64_t id;
    for (int i = 0; i < ZT_BACKUPS_MAX; i++)
        assert_int_equal(zt_backup_start(b, "coordinator:a", &id), 0);
    assert_int_equal(zt_backup_start(b, "coordinator:a", &id), -EBUSY);
    zt_backups_close(b); /* copies under way: freed when their threads end */
    assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0);
    assert_int_equal(uv_loop_close(&loop), 0);
}

/* A whole backup of the fixture's store in path; returns its size. */
static off_t whole_copy(struct fixture *f, const char *path)
{
    fill(f);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(zt_store_backup(f->store, fd), 0);
    off_t size = lseek(fd, 0, SEEK_END);
    close(fd);
    char err[512];
    assert_int_equal(zt_store_check_file(path, NULL, err, sizeof err), 0);
    return size;
}

static void expect_refused(const char *path, const char *why)
{
    char err[512] = "";
    int rc = zt_store_check_file(path, NULL, err, sizeof err);
    if (rc == 0 || !strstr(err, why))
        fail_msg("%s: rc %d, '%s' (wanted '%s')", path, rc, err, why);
}

static void test_truncated_garbled_or_empty_files_fail_the_check(void **state)
{
    struct fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/copy.mdb", f->dir);
    off_t size = whole_copy(f, path);

    assert_int_equal(truncate(path, size - 4096), 0);
    expect_refused(path, "truncated");

    whole_copy(f, path);
    int fd = open(path, O_WRONLY);
    static uint8_t junk[8192];
    memset(junk, 0x5a, sizeof junk);
    assert_int_equal(pwrite(fd, junk, sizeof junk, size / 2 / 4096 * 4096), (ssize_t)sizeof junk);
    close(fd);
    expect_refused(path, "not a whole store");

    assert_int_equal(truncate(path, 0), 0);
    expect_refused(path, "the file is empty");

    FILE *t = fopen(path, "w");
    fputs("not a store at all\n", t);
    fclose(t);
    expect_refused(path, "LMDB cannot open it");
}

static void test_a_store_that_fails_the_check_is_not_opened(void **state)
{
    struct fixture *f = *state;
    char dir[128], path[160], err[512];
    snprintf(dir, sizeof dir, "%s/restored", f->dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/data.mdb", dir);
    off_t size = whole_copy(f, path);
    assert_int_equal(truncate(path, size / 2), 0);
    struct zt_store *s = NULL;
    assert_int_equal(zt_store_open(dir, 0, &s, err, sizeof err), ZT_E_CORRUPT);
    assert_null(s);
    assert_non_null(strstr(err, "truncated"));
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, size / 2); /* never written to */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_each_backup_is_its_own_copy_made_off_the_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backups_at_once_are_bounded_and_closed_while_copying, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_garbled_or_empty_files_fail_the_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_store_that_fails_the_check_is_not_opened, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
