#include "backup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "log.h"

/* A copy nobody has asked about for this long is dropped (its client gave
 * up part-way), so an abandoned copy does not hold the disk for long. */
#define IDLE_MS (10 * 60 * 1000)

enum { COPYING, READY, FAILED };

struct copy {
    struct zt_backups *set;  /* outlives every copy still being made */
    struct zt_store *store;  /* the thread's: never changed after start */
    uv_work_t work;
    uint64_t id;
    char who[80];
    int state;
    int rc;      /* when FAILED */
    int dropped; /* out of the set while it was being made */
    int fd;
    struct zt_backup_state st;
    uint64_t used_ms; /* loop time it was last asked about */
};

struct zt_backups {
    uv_loop_t *loop;
    struct zt_store *store;
    const char *dir;
    struct copy *copies[ZT_BACKUPS_MAX];
    uint64_t next_id;
    int closing;
    unsigned working; /* copies whose thread has not ended */
};

int zt_backups_init(uv_loop_t *loop, struct zt_store *store, const char *dir, struct zt_backups **out)
{
    struct zt_backups *b = calloc(1, sizeof *b);
    if (!b)
        return -ENOMEM;
    *b = (struct zt_backups){.loop = loop, .store = store, .dir = dir, .next_id = 1};
    *out = b;
    return 0;
}

static void free_copy(struct copy *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c);
}

/* Out of the set; a copy still being made is freed when its thread ends. */
static void drop(struct zt_backups *b, size_t i)
{
    struct copy *c = b->copies[i];
    b->copies[i] = NULL;
    if (c->state == COPYING)
        c->dropped = 1;
    else
        free_copy(c);
}

static void maybe_free_set(struct zt_backups *b)
{
    if (b->closing && b->working == 0)
        free(b);
}

void zt_backups_close(struct zt_backups *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < ZT_BACKUPS_MAX; i++)
        if (b->copies[i])
            drop(b, i);
    if (b->working)
        zt_info("waiting for %u backup cop%s to finish", b->working, b->working == 1 ? "y" : "ies");
    b->closing = 1;
    maybe_free_set(b);
}

/* Worker thread: touches only its copy and the store (zt_store_backup is
 * safe beside the loop's writes). */
static void on_copy(uv_work_t *w)
{
    struct copy *c = w->data;
    int rc = zt_store_backup(c->store, c->fd);
    if (rc == 0)
        rc = zt_file_sha256(c->fd, c->st.sha256, &c->st.size);
    zt_digest_thread_done();
    c->rc = rc;
}

static void on_copied(uv_work_t *w, int status)
{
    struct copy *c = w->data;
    struct zt_backups *b = c->set;
    b->working--;
    if (status && !c->rc)
        c->rc = status == UV_ECANCELED ? -ECANCELED : -EIO;
    c->state = c->rc ? FAILED : READY;
    c->st.ready = c->state == READY;
    if (c->dropped)
        zt_debug("backup %llu for %s: made after it was dropped", (unsigned long long)c->id, c->who);
    else if (c->rc)
        zt_err("backup %llu for %s failed: %s", (unsigned long long)c->id, c->who, zt_strerror(c->rc));
    else
        zt_info("backup %llu for %s: a copy of %llu bytes, ready to read", (unsigned long long)c->id, c->who,
                (unsigned long long)c->st.size);
    c->used_ms = uv_now(b->loop);
    if (c->dropped)
        free_copy(c);
    maybe_free_set(b);
}

/* Copies whose client has not asked for IDLE_MS. */
static void drop_idle(struct zt_backups *b)
{
    uint64_t now = uv_now(b->loop);
    for (size_t i = 0; i < ZT_BACKUPS_MAX; i++) {
        struct copy *c = b->copies[i];
        if (c && c->state != COPYING && now - c->used_ms > IDLE_MS) {
            zt_warn("backup %llu for %s was not read for %d minutes: removed", (unsigned long long)c->id, c->who,
                    IDLE_MS / 60000);
            drop(b, i);
        }
    }
}

static int temp_file(const char *dir)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/.backup-XXXXXX", dir) >= sizeof path)
        return -ENAMETOOLONG;
    int fd = mkstemp(path);
    if (fd < 0)
        return -errno;
    unlink(path);
    return fd;
}

int zt_backup_start(struct zt_backups *b, const char *who, uint64_t *id)
{
    drop_idle(b);
    size_t slot = 0;
    while (slot < ZT_BACKUPS_MAX && b->copies[slot])
        slot++;
    if (slot == ZT_BACKUPS_MAX)
        return -EBUSY;
    struct copy *c = calloc(1, sizeof *c);
    if (!c)
        return -ENOMEM;
    c->fd = temp_file(b->dir);
    if (c->fd < 0) {
        int rc = c->fd;
        free(c);
        return rc;
    }
    c->set = b;
    c->store = b->store;
    c->id = b->next_id++;
    snprintf(c->who, sizeof c->who, "%s", who);
    c->state = COPYING;
    c->work.data = c;
    int rc = uv_queue_work(b->loop, &c->work, on_copy, on_copied);
    if (rc) {
        free_copy(c);
        return rc;
    }
    b->copies[slot] = c;
    b->working++;
    *id = c->id;
    return 0;
}

int zt_backup_read(struct zt_backups *b, const char *who, uint64_t id, uint64_t offset, void *buf, size_t max,
                   size_t *n, struct zt_backup_state *st)
{
    size_t i = 0;
    while (i < ZT_BACKUPS_MAX && !(b->copies[i] && b->copies[i]->id == id && !strcmp(b->copies[i]->who, who)))
        i++;
    if (i == ZT_BACKUPS_MAX)
        return -ENOENT;
    struct copy *c = b->copies[i];
    *n = 0;
    *st = c->st;
    c->used_ms = uv_now(b->loop);
    if (c->state == FAILED) {
        int rc = c->rc;
        drop(b, i);
        return rc;
    }
    if (c->state == COPYING)
        return 0;
    if (offset > c->st.size)
        return -EINVAL;
    size_t want = c->st.size - offset < max ? (size_t)(c->st.size - offset) : max;
    ssize_t got = want ? pread(c->fd, buf, want, (off_t)offset) : 0;
    if (got != (ssize_t)want)
        return got < 0 ? -errno : -EIO;
    *n = want;
    if (offset + want == c->st.size)
        drop(b, i); /* read to the end: the copy goes */
    return 0;
}
