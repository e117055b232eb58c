#include "store_check.h"

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"

#define META_PAGES 2 /* LMDB's two meta pages, at the start of the file */
#define MAX_DBS 256  /* named databases the check can open; ours has about 25 */

struct check {
    const char *path;
    char *err;
    size_t errlen;
    MDB_txn *txn;
    uint64_t pages_counted;
    struct zt_store_facts facts;
};

/* Sets the one-line reason and returns rc. */
static int fail(struct check *c, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct check *c, int rc, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s: not a whole store: %s", c->path, why);
    return rc;
}

static int mdb_fail(struct check *c, int mrc, const char *what)
{
    return fail(c, mrc > 0 ? -mrc : ZT_E_CORRUPT, "%s: %s", what, mdb_strerror(mrc));
}

/* A cursor on the tree dbi, whose pages are counted as in use. */
static int open_tree(struct check *c, MDB_dbi dbi, const char *what, MDB_stat *st, MDB_cursor **cur)
{
    int mrc = mdb_stat(c->txn, dbi, st);
    if (mrc == 0)
        mrc = mdb_cursor_open(c->txn, dbi, cur);
    if (mrc)
        return mdb_fail(c, mrc, what);
    c->pages_counted += (uint64_t)st->ms_branch_pages + st->ms_leaf_pages + st->ms_overflow_pages;
    return 0;
}

/* The free list's records are page lists whose first word is their length. */
static int count_free(struct check *c)
{
    MDB_stat st;
    MDB_cursor *cur;
    int rc = open_tree(c, 0, "free list", &st, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc;
    while ((mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
        size_t n;
        if (v.mv_size < sizeof n)
            break;
        memcpy(&n, v.mv_data, sizeof n);
        c->pages_counted += n;
    }
    mdb_cursor_close(cur);
    if (mrc == 0)
        return fail(c, ZT_E_CORRUPT, "a free list record is too short");
    return mrc == MDB_NOTFOUND ? 0 : mdb_fail(c, mrc, "free list");
}

/* Every record of one named database is read; the count must be the one
 * the database keeps. */
static int walk_db(struct check *c, const char *name)
{
    MDB_dbi dbi;
    MDB_stat st;
    MDB_cursor *cur;
    int mrc = mdb_dbi_open(c->txn, name, 0, &dbi);
    int rc = mrc ? mdb_fail(c, mrc, name) : open_tree(c, dbi, name, &st, &cur);
    if (rc)
        return rc;
    uint64_t n = 0;
    MDB_val k, v;
    while ((mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0)
        n++;
    mdb_cursor_close(cur);
    if (mrc != MDB_NOTFOUND)
        return mdb_fail(c, mrc, name);
    if (n != st.ms_entries)
        return fail(c, ZT_E_CORRUPT, "database %s holds %llu records, %llu can be read", name,
                    (unsigned long long)st.ms_entries, (unsigned long long)n);
    c->facts.records += n;
    c->facts.dbs++;
    return 0;
}

/* The main database names the others. */
static int walk_dbs(struct check *c)
{
    MDB_dbi main_dbi;
    MDB_stat st;
    MDB_cursor *cur;
    int mrc = mdb_dbi_open(c->txn, NULL, 0, &main_dbi);
    int rc = mrc ? mdb_fail(c, mrc, "main database") : open_tree(c, main_dbi, "main database", &st, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    while (rc == 0 && (mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
        char name[512];
        if (k.mv_size == 0 || k.mv_size >= sizeof name || memchr(k.mv_data, 0, k.mv_size))
            rc = fail(c, ZT_E_CORRUPT, "the main database holds a record that names no database");
        else {
            memcpy(name, k.mv_data, k.mv_size);
            name[k.mv_size] = '\0';
            rc = walk_db(c, name);
        }
    }
    mdb_cursor_close(cur);
    if (rc == 0 && mrc != MDB_NOTFOUND)
        rc = mdb_fail(c, mrc, "main database");
    return rc;
}

static int check_env(struct check *c, MDB_env *env, uint64_t file_bytes)
{
    int mrc = mdb_env_open(env, c->path, MDB_RDONLY | MDB_NOSUBDIR | MDB_NOLOCK, 0);
    if (mrc)
        return mdb_fail(c, mrc, "LMDB cannot open it");
    MDB_envinfo info;
    MDB_stat st;
    mdb_env_info(env, &info);
    mdb_env_stat(env, &st);
    uint64_t in_use = (uint64_t)info.me_last_pgno + 1, needed = in_use * st.ms_psize;
    /* before any page is read: one past the end of the file would be SIGBUS */
    if (file_bytes < needed)
        return fail(c, ZT_E_CORRUPT, "truncated: %llu bytes, its pages need %llu", (unsigned long long)file_bytes,
                    (unsigned long long)needed);
    if ((mrc = mdb_txn_begin(env, NULL, MDB_RDONLY, &c->txn)))
        return mdb_fail(c, mrc, "read transaction");
    c->pages_counted = META_PAGES;
    int rc = count_free(c);
    if (rc == 0)
        rc = walk_dbs(c);
    mdb_txn_abort(c->txn);
    if (rc == 0 && c->pages_counted != in_use)
        rc = fail(c, ZT_E_CORRUPT, "%llu pages in use, %llu belong to a database or the free list",
                  (unsigned long long)in_use, (unsigned long long)c->pages_counted);
    c->facts.pages = in_use;
    return rc;
}

static int check_here(const char *path, struct zt_store_facts *facts, char *err, size_t errlen)
{
    struct check c = {.path = path, .err = err, .errlen = errlen};
    struct stat sb;
    if (stat(path, &sb) < 0) {
        int e = errno;
        snprintf(err, errlen, "%s: %s", path, strerror(e));
        return -e;
    }
    if (!S_ISREG(sb.st_mode))
        return fail(&c, -EINVAL, "not a regular file");
    if (sb.st_size == 0)
        return fail(&c, ZT_E_CORRUPT, "the file is empty");
    MDB_env *env;
    int mrc = mdb_env_create(&env);
    if (mrc == 0)
        mrc = mdb_env_set_maxdbs(env, MAX_DBS);
    if (mrc)
        return mdb_fail(&c, mrc, "LMDB");
    int rc = check_env(&c, env, (uint64_t)sb.st_size);
    mdb_env_close(env);
    if (rc == 0 && facts)
        *facts = c.facts;
    return rc;
}

/* What the child reports through its pipe. */
struct verdict {
    int rc;
    struct zt_store_facts facts;
    char err[512];
};

static int read_all(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got == n ? 0 : -1;
}

/* LMDB trusts its pages: a damaged one can make it assert (abort) or read
 * through a null pointer. The check therefore runs in a child process,
 * with its stderr silenced, and a child that dies is a damaged store. */
int zt_store_check_file(const char *path, struct zt_store_facts *facts, char *err, size_t errlen)
{
    int p[2];
    if (pipe(p) < 0) {
        int e = errno;
        snprintf(err, errlen, "%s: cannot check: %s", path, strerror(e));
        return -e;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(p[0]), close(p[1]);
        snprintf(err, errlen, "%s: cannot check: %s", path, strerror(e));
        return -e;
    }
    if (pid == 0) {
        /* a crash ends the child, whatever handler the parent set */
        static const int crashes[] = {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE};
        for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
            signal(crashes[i], SIG_DFL);
        close(p[0]);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, STDERR_FILENO);
        struct verdict v = {0};
        v.rc = check_here(path, &v.facts, v.err, sizeof v.err);
        _exit(write(p[1], &v, sizeof v) == (ssize_t)sizeof v ? 0 : 1);
    }
    close(p[1]);
    struct verdict v;
    int got = read_all(p[0], &v, sizeof v);
    close(p[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (got < 0) {
        struct check c = {.path = path, .err = err, .errlen = errlen};
        if (WIFSIGNALED(status))
            return fail(&c, ZT_E_CORRUPT, "a damaged page: LMDB was stopped by signal %d reading it", WTERMSIG(status));
        return fail(&c, ZT_E_CORRUPT, "a damaged page: LMDB gave up reading it (exit %d)", WEXITSTATUS(status));
    }
    snprintf(err, errlen, "%s", v.err);
    if (v.rc == 0 && facts)
        *facts = v.facts;
    return v.rc;
}
