#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "err.h"
#include "grow.h"
#include "log.h"
#include "mdb_err.h"
#include "store_upgrade.h"
#include "store_check.h"

#define INITIAL_MAP (64ull << 20)
#define MAX_GROWS 12 /* 64 MiB doubled 12 times is 256 GiB */

static const char *const db_names[ZT_DB_COUNT] = {
    "meta", "roll", "attendance_by_month", "behaviour", "behaviour_id", "assessment",
    "health", "health_id", "alert", "batch", "setting", "setting_log",
    "school", "snapshot", "leaver", "audit", "sync", "menu", "meeting", "plan", "alert_stage",
    "roll_check", "erased", "move", "family", "family_index", "cover", "region_outbox",
};

struct zt_store {
    MDB_env *env;
    MDB_dbi dbi[ZT_DB_COUNT];
    size_t map_size;
    int lock_fd;                          /* flock: one zoned per store */
    struct zt_store_watcher watch; /* zt_store_watch; all zero when none */
    /* Backup copies under way in other threads (zt_store_backup): the map
     * is not resized under them. */
    pthread_mutex_t copy_lock;
    pthread_cond_t copy_done;
    unsigned copies;
    int frozen; /* zt_store_freeze */
};

/* A cursor a transaction keeps between walks. Prefixes walked in ascending
 * order (pupils in UPN order) are then found by stepping forward a few
 * records from where the last walk ended, instead of a search from the root
 * and a cursor allocated and freed every walk. */
#define WALK_STEPS 4 /* records stepped over before searching instead (measured: 4 beats 0, 8, 16) */
#define WALK_PREFIX_MAX 64 /* longer prefixes are always searched */
enum { AT_NOTHING, AT_AFTER, AT_END };
struct walk_cursor {
    MDB_cursor *cur;
    int db;
    uint8_t busy;  /* a walk on it is running: a nested walk uses its own */
    uint8_t where; /* AT_AFTER: on the first key after every key starting with last;
                    * AT_END: no key follows those */
    uint8_t last_len;
    uint8_t last[WALK_PREFIX_MAX];
};

struct zt_txn {
    struct zt_store *store;
    MDB_txn *txn;
    int writing;
    struct walk_cursor walk[ZT_DB_COUNT + ZT_WALK_LANES];
    /* For zt_get and zt_put: a positioned cursor first looks on its own
     * page, so keys asked for in order (a batch's rows) skip the search
     * from the root. */
    MDB_cursor *point[ZT_DB_COUNT];
};

/* The boundary: LMDB codes become project codes or negative errno. */
static int from_mdb(int rc)
{
    return zt_from_mdb(rc);
}

static int open_dbs(struct zt_store *s)
{
    MDB_txn *txn;
    int rc = mdb_txn_begin(s->env, NULL, 0, &txn);
    for (int i = 0; rc == 0 && i < ZT_DB_COUNT; i++)
        rc = mdb_dbi_open(txn, db_names[i], MDB_CREATE, &s->dbi[i]);
    if (rc == 0)
        return from_mdb(mdb_txn_commit(txn));
    mdb_txn_abort(txn);
    return from_mdb(rc);
}

/* Only one process may write the store: LMDB would allow two, but zoned
 * keeps what it has derived from the store in memory (zt_store_watch).
 * Returns the locked descriptor or a negative errno, with err set. */
static int lock_folder(const char *dir, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/store.lock", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "%s: %s", path, strerror(e));
        return -e;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        int e = errno;
        if (e == EWOULDBLOCK)
            snprintf(err, errlen, "%s: the store is in use by another zoned", dir);
        else
            snprintf(err, errlen, "%s: %s", path, strerror(e));
        close(fd);
        return e == EWOULDBLOCK ? -EBUSY : -e;
    }
    return fd;
}

/* data_dir holds pupil-level data: created 0700, and an existing one that
 * others may enter is made 0700 again, said once in the log (SPEC §8). */
static int private_folder(const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if ((mkdir(dir, 0700) < 0 && errno != EEXIST) || stat(dir, &st) < 0) {
        int e = errno;
        snprintf(err, errlen, "%s: %s", dir, strerror(e));
        return -e;
    }
    if (S_ISDIR(st.st_mode) && (st.st_mode & 077) != 0) {
        if (chmod(dir, 0700) < 0) {
            int e = errno;
            snprintf(err, errlen, "%s: mode %04o lets others in, and cannot be made 0700: %s",
                     dir, (unsigned)(st.st_mode & 07777), strerror(e));
            return -e;
        }
        zt_warn("data_dir %s was mode %04o: made 0700, it holds pupil-level data", dir,
                (unsigned)(st.st_mode & 07777));
    }
    return 0;
}

static void free_store(struct zt_store *s)
{
    pthread_cond_destroy(&s->copy_done);
    pthread_mutex_destroy(&s->copy_lock);
    free(s);
}

/* A store already there must pass the basic check before LMDB opens it for
 * writing: a truncated or garbled file (a bad restore) is refused, never
 * written to, and never taken for an empty zone. */
static int check_existing(const char *dir, char *err, size_t errlen)
{
    char path[4096];
    struct stat sb;
    snprintf(path, sizeof path, "%s/data.mdb", dir);
    if (stat(path, &sb) < 0 && errno == ENOENT)
        return 0; /* a new store */
    int rc = zt_store_check_file(path, NULL, err, errlen);
    if (rc == ZT_E_CORRUPT) {
        size_t n = strlen(err);
        snprintf(err + n, errlen - n, " (zoned will not start on it: restore a backup that zonectl verified)");
    }
    return rc;
}

int zt_store_open(const char *dir, size_t initial_map, struct zt_store **out, char *err,
                  size_t errlen)
{
    *out = NULL;
    int prc = private_folder(dir, err, errlen);
    if (prc)
        return prc;
    struct zt_store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    pthread_mutex_init(&s->copy_lock, NULL);
    pthread_cond_init(&s->copy_done, NULL);
    if ((s->lock_fd = lock_folder(dir, err, errlen)) < 0) {
        int lrc = s->lock_fd;
        free_store(s);
        return lrc;
    }
    int rc = check_existing(dir, err, errlen);
    if (rc) {
        close(s->lock_fd);
        free_store(s);
        return rc;
    }
    rc = from_mdb(mdb_env_create(&s->env));
    if (rc == 0)
        rc = from_mdb(mdb_env_set_maxdbs(s->env, ZT_DB_COUNT + 4));
    if (rc == 0)
        rc = from_mdb(mdb_env_set_mapsize(s->env, initial_map ? initial_map : INITIAL_MAP));
    if (rc == 0)
        rc = from_mdb(mdb_env_open(s->env, dir, MDB_NOTLS, 0600));
    if (rc == 0) {
        int dead = 0;
        mdb_reader_check(s->env, &dead);
        if (dead)
            zt_info("cleared %d stale reader slot(s) left by a crashed process", dead);
        MDB_envinfo info;
        mdb_env_info(s->env, &info);
        s->map_size = info.me_mapsize;
        rc = open_dbs(s);
    }
    if (rc) {
        snprintf(err, errlen, "%s: cannot open store: %s", dir, zt_strerror(rc));
        if (s->env)
            mdb_env_close(s->env);
        close(s->lock_fd);
        free_store(s);
        return rc;
    }
    if ((rc = zt_store_upgrade(s, err, errlen))) {
        zt_store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void zt_store_close(struct zt_store *s)
{
    if (!s)
        return;
    mdb_env_close(s->env);
    if (s->watch.on_close)
        s->watch.on_close(s->watch.ctx);
    close(s->lock_fd); /* releases the lock */
    free_store(s);
}

int zt_store_sizes(struct zt_store *s, uint64_t *file_bytes, uint64_t *map_bytes)
{
    MDB_envinfo info;
    MDB_stat st;
    mdb_env_info(s->env, &info);
    mdb_env_stat(s->env, &st);
    *file_bytes = (uint64_t)(info.me_last_pgno + 1) * st.ms_psize;
    *map_bytes = info.me_mapsize;
    return 0;
}

static int grow(struct zt_store *s)
{
    size_t next = s->map_size * 2;
    /* LMDB remaps: no other thread may be reading through the map. This
     * waits for a backup copy to end (rare: the map doubles). */
    pthread_mutex_lock(&s->copy_lock);
    if (s->copies)
        zt_warn("the store's map is full: waiting for %u backup cop%s to finish", s->copies,
                s->copies == 1 ? "y" : "ies");
    while (s->copies)
        pthread_cond_wait(&s->copy_done, &s->copy_lock);
    int rc = from_mdb(mdb_env_set_mapsize(s->env, next));
    pthread_mutex_unlock(&s->copy_lock);
    if (rc == 0) {
        zt_info("store map grown from %zu to %zu MiB", s->map_size >> 20, next >> 20);
        s->map_size = next;
    }
    return rc;
}

/* LMDB reports a write cut short by a full disk as EIO; say what it was,
 * so the operator reads "No space left on device". */
static int name_full_disk(struct zt_store *s, int rc)
{
    const char *path;
    struct statvfs fs;
    if (rc != -EIO || mdb_env_get_path(s->env, &path) != 0 || statvfs(path, &fs) != 0)
        return rc;
    return (uint64_t)fs.f_bavail * fs.f_frsize < (1u << 20) ? -ENOSPC : rc;
}

/* Closed before the transaction ends: a read transaction's cursors are not
 * freed with it. */
static void close_kept_cursors(struct zt_txn *t)
{
    for (size_t i = 0; i < sizeof t->walk / sizeof t->walk[0]; i++)
        if (t->walk[i].cur)
            mdb_cursor_close(t->walk[i].cur);
    memset(t->walk, 0, sizeof t->walk);
    for (size_t i = 0; i < sizeof t->point / sizeof t->point[0]; i++)
        if (t->point[i])
            mdb_cursor_close(t->point[i]);
    memset(t->point, 0, sizeof t->point);
}

static MDB_cursor *point_cursor(struct zt_txn *t, enum zt_db db)
{
    if (!t->point[db] && mdb_cursor_open(t->txn, t->store->dbi[db], &t->point[db]) != 0)
        t->point[db] = NULL;
    return t->point[db];
}

/* Their next walk searches. */
static void forget_positions(struct zt_txn *t, enum zt_db db)
{
    for (size_t i = 0; i < sizeof t->walk / sizeof t->walk[0]; i++)
        if (t->walk[i].cur && t->walk[i].db == (int)db)
            t->walk[i].where = AT_NOTHING;
}

void zt_store_freeze(struct zt_store *s)
{
    s->frozen = 1;
}

int zt_store_write(struct zt_store *s, int (*fn)(struct zt_txn *, void *), void *arg)
{
    return s->frozen ? ZT_E_REWOUND : zt_store_write_frozen(s, fn, arg);
}

int zt_store_write_frozen(struct zt_store *s, int (*fn)(struct zt_txn *, void *), void *arg)
{
    for (int attempt = 0;; attempt++) {
        struct zt_txn t = {.store = s, .writing = 1};
        int rc = from_mdb(mdb_txn_begin(s->env, NULL, 0, &t.txn));
        if (rc)
            return rc;
        rc = fn(&t, arg);
        close_kept_cursors(&t);
        if (rc == 0)
            rc = name_full_disk(s, from_mdb(mdb_txn_commit(t.txn))); /* frees the txn either way */
        else
            mdb_txn_abort(t.txn);
        if (rc && s->watch.on_abort)
            s->watch.on_abort(s->watch.ctx); /* it may hold what was never committed */
        if (rc != ZT_E_MAPFULL || attempt >= MAX_GROWS)
            return rc;
        if ((rc = grow(s)))
            return rc;
    }
}

int zt_store_read_begin(struct zt_store *s, struct zt_txn **out)
{
    struct zt_txn *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
    t->store = s;
    int rc = from_mdb(mdb_txn_begin(s->env, NULL, MDB_RDONLY, &t->txn));
    if (rc) {
        free(t);
        return rc;
    }
    *out = t;
    return 0;
}

void zt_txn_end(struct zt_txn *t)
{
    if (!t)
        return;
    close_kept_cursors(t);
    mdb_txn_abort(t->txn);
    free(t);
}

int zt_get(struct zt_txn *t, enum zt_db db, const void *key, size_t klen, struct zt_val *out)
{
    MDB_val k = {klen, (void *)key}, v;
    MDB_cursor *cur = point_cursor(t, db);
    int rc = from_mdb(cur ? mdb_cursor_get(cur, &k, &v, MDB_SET_KEY)
                          : mdb_get(t->txn, t->store->dbi[db], &k, &v));
    if (rc == 0)
        *out = (struct zt_val){v.mv_data, v.mv_size};
    return rc;
}

_Static_assert(ZT_DB_COUNT <= 64, "a watcher's dbs has a bit for each database");

void zt_store_watch(struct zt_store *s, const struct zt_store_watcher *w)
{
    if (s->watch.on_close)
        s->watch.on_close(s->watch.ctx);
    s->watch = *w;
}

void *zt_txn_watcher(const struct zt_txn *t, zt_watch_write_fn on_write)
{
    const struct zt_store_watcher *w = &t->store->watch;
    return t->writing && w->on_write == on_write ? w->ctx : NULL;
}

/* A write to db moves what the kept cursors stand on, and changes what the
 * watcher derived from the record. */
static void before_write(struct zt_txn *t, enum zt_db db, const void *key, size_t klen)
{
    const struct zt_store_watcher *w = &t->store->watch;
    forget_positions(t, db);
    if (w->dbs & ZT_DB_BIT(db))
        w->on_write(w->ctx, db, key, klen);
}

int zt_put(struct zt_txn *t, enum zt_db db, const void *key, size_t klen, const void *val,
           size_t vlen)
{
    MDB_val k = {klen, (void *)key}, v = {vlen, (void *)val};
    before_write(t, db, key, klen);
    MDB_cursor *cur = point_cursor(t, db);
    return from_mdb(cur ? mdb_cursor_put(cur, &k, &v, 0) : mdb_put(t->txn, t->store->dbi[db], &k, &v, 0));
}

int zt_del(struct zt_txn *t, enum zt_db db, const void *key, size_t klen)
{
    MDB_val k = {klen, (void *)key};
    before_write(t, db, key, klen);
    int rc = from_mdb(mdb_del(t->txn, t->store->dbi[db], &k, NULL));
    return rc == -ENOENT ? 0 : rc;
}

/* <0, 0 or >0 as key sorts before, within or after the keys starting with prefix. */
static int cmp_prefix(const MDB_val *key, const void *prefix, size_t plen)
{
    size_t n = key->mv_size < plen ? key->mv_size : plen;
    int c = memcmp(key->mv_data, prefix, n);
    return c ? c : key->mv_size < plen ? -1 : 0;
}

/* Puts cur on the first key at or after prefix: a few steps forward when the
 * cursor stands just before it, else a search. Returns an MDB code. */
static int seek(struct walk_cursor *w, const void *prefix, size_t plen, MDB_val *k, MDB_val *v)
{
    int ascending = w->where != AT_NOTHING && plen == w->last_len &&
                    memcmp(prefix, w->last, plen) > 0;
    if (ascending && w->where == AT_END)
        return MDB_NOTFOUND;
    if (ascending && mdb_cursor_get(w->cur, k, v, MDB_GET_CURRENT) == 0) {
        int rc = 0;
        for (int step = 0; rc == 0 && step < WALK_STEPS; step++) {
            if (cmp_prefix(k, prefix, plen) >= 0)
                return 0;
            rc = mdb_cursor_get(w->cur, k, v, MDB_NEXT);
        }
        if (rc)
            return rc;
    }
    *k = (MDB_val){plen, (void *)prefix};
    return mdb_cursor_get(w->cur, k, v, plen ? MDB_SET_RANGE : MDB_FIRST);
}

static int walk_on(struct walk_cursor *w, const void *prefix, size_t plen, zt_walk_fn fn, void *arg)
{
    MDB_val k, v;
    int rc = 0, mrc = seek(w, prefix, plen, &k, &v);
    w->where = AT_NOTHING;
    while (mrc == 0) {
        if (plen && cmp_prefix(&k, prefix, plen) != 0)
            break;
        struct zt_val kv = {k.mv_data, k.mv_size}, vv = {v.mv_data, v.mv_size};
        if ((rc = fn(&kv, &vv, arg)) != 0)
            return rc; /* stopped inside the range: the next walk searches */
        mrc = mdb_cursor_get(w->cur, &k, &v, MDB_NEXT);
    }
    if (mrc != 0 && mrc != MDB_NOTFOUND)
        return from_mdb(mrc);
    if (plen && plen <= WALK_PREFIX_MAX) {
        w->where = mrc == MDB_NOTFOUND ? AT_END : AT_AFTER;
        memcpy(w->last, prefix, plen);
        w->last_len = (uint8_t)plen;
    }
    return 0;
}

int zt_walk_lane(struct zt_txn *t, enum zt_db db, unsigned lane, const void *prefix, size_t plen,
                 zt_walk_fn fn, void *arg)
{
    struct walk_cursor *w = &t->walk[lane ? ZT_DB_COUNT + (lane - 1) % ZT_WALK_LANES : db];
    struct walk_cursor own = {0};
    if (w->busy || (w->cur && w->db != (int)db))
        w = &own; /* nested in a walk of the same cursor, or the lane serves another db */
    if (!w->cur) {
        int rc = from_mdb(mdb_cursor_open(t->txn, t->store->dbi[db], &w->cur));
        if (rc)
            return rc;
        w->db = (int)db;
        w->where = AT_NOTHING;
    }
    w->busy = 1;
    int rc = walk_on(w, prefix, plen, fn, arg);
    w->busy = 0;
    if (w == &own)
        mdb_cursor_close(own.cur);
    return rc;
}

int zt_walk(struct zt_txn *t, enum zt_db db, const void *prefix, size_t plen, zt_walk_fn fn,
            void *arg)
{
    return zt_walk_lane(t, db, 0, prefix, plen, fn, arg);
}

int zt_first_last(struct zt_txn *t, enum zt_db db, struct zt_val *first, struct zt_val *last)
{
    MDB_cursor *cur;
    int rc = from_mdb(mdb_cursor_open(t->txn, t->store->dbi[db], &cur));
    if (rc)
        return rc;
    MDB_val k, v;
    rc = from_mdb(mdb_cursor_get(cur, &k, &v, MDB_FIRST));
    if (rc == 0)
        *first = (struct zt_val){k.mv_data, k.mv_size};
    if (rc == 0)
        rc = from_mdb(mdb_cursor_get(cur, &k, &v, MDB_LAST));
    if (rc == 0)
        *last = (struct zt_val){k.mv_data, k.mv_size};
    mdb_cursor_close(cur);
    return rc;
}

int zt_count(struct zt_txn *t, enum zt_db db, uint64_t *out)
{
    MDB_stat st;
    int rc = from_mdb(mdb_stat(t->txn, t->store->dbi[db], &st));
    if (rc == 0)
        *out = st.ms_entries;
    return rc;
}

int zt_store_backup(struct zt_store *s, int fd)
{
    pthread_mutex_lock(&s->copy_lock);
    s->copies++;
    pthread_mutex_unlock(&s->copy_lock);
    int rc = from_mdb(mdb_env_copyfd2(s->env, fd, MDB_CP_COMPACT));
    pthread_mutex_lock(&s->copy_lock);
    if (--s->copies == 0)
        pthread_cond_broadcast(&s->copy_done);
    pthread_mutex_unlock(&s->copy_lock);
    return rc;
}

struct key_list {
    struct zt_val *keys;
    size_t n, cap;
};

static int collect_key(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    (void)v;
    struct key_list *l = arg;
    if (ZT_GROW(l->keys, l->n, l->cap, 64))
        return -ENOMEM;
    void *copy = malloc(k->len);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, k->data, k->len);
    l->keys[l->n++] = (struct zt_val){copy, k->len};
    return 0;
}

/* Keys are copied first: a cursor walk must not see its own deletions. */
int zt_del_prefix(struct zt_txn *t, enum zt_db db, const void *prefix, size_t plen, zt_key_fn fn,
                  void *arg)
{
    struct key_list l = {0};
    int rc = plen ? zt_walk(t, db, prefix, plen, collect_key, &l) : -EINVAL;
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        if (fn)
            rc = fn(t, &l.keys[i], arg);
        if (rc == 0)
            rc = zt_del(t, db, l.keys[i].data, l.keys[i].len);
    }
    for (size_t i = 0; i < l.n; i++)
        free((void *)l.keys[i].data);
    free(l.keys);
    return rc ? rc : (int)l.n;
}
