#include "snapshot.h"


#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

#define NFILES 7
#define POLL_MS 200

static const char *const names[NFILES] = {"pupils.csv", "attendance.csv", "behaviour.csv",
                                          "assessments.csv", "health.csv", "leavers.csv", "deletions.csv"};

/* What identifies a version of a file; present 0 when missing. */
struct version {
    int present;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

static long age_ms(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (long)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static int newer(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

static void stat_file(const char *dir, const char *name, struct version *v)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    memset(v, 0, sizeof *v);
    if (stat(path, &st) != 0)
        return;
    *v = (struct version){1, st.st_dev, st.st_ino, st.st_size, st.st_mtim};
}

static int same(const struct version *a, const struct version *b)
{
    return a->present == b->present && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* Reads a whole file; 0, or -1 when it cannot be read as it was stat'ed. */
static int read_file(const char *dir, const char *name, const struct version *v, char **out,
                     size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t want = (size_t)v->size, got = 0;
    char *buf = malloc(want + 1);
    while (buf && got <= want) {
        ssize_t n = read(fd, buf + got, want + 1 - got); /* one byte more: a grown file shows */
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!buf || got != want) {
        free(buf);
        return -1;
    }
    *out = buf;
    *len = got;
    return 0;
}

/* Why the set cannot be taken now, or NULL when it is stable. */
static const char *unsettled(const char *dir, const struct version *v, const struct version *prev,
                             long stable_for, long settle_ms, const char **file)
{
    struct version ready;
    stat_file(dir, ZT_READY_MARKER, &ready);
    for (int i = 0; i < NFILES; i++) {
        *file = names[i];
        if (!v[i].present)
            continue;
        if (ready.present) {
            if (newer(&v[i].mtime, &ready.mtime))
                return "is newer than " ZT_READY_MARKER " (the export job is still writing)";
        } else if (age_ms(&v[i].mtime) < settle_ms && !(same(&v[i], &prev[i]) && stable_for >= settle_ms)) {
            return "changed within the settle interval (settle_ms)";
        }
    }
    return NULL;
}

static void drop(struct zt_snapshot *s)
{
    for (int i = 0; i < NFILES; i++) {
        free(s->files[i].data);
        s->files[i] = (struct zt_snapshot_file){names[i], NULL, 0};
    }
}

int zt_snapshot_take(struct zt_snapshot *s, const char *dir, long settle_ms, long wait_ms,
                     char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    drop(s);
    struct version v[NFILES], prev[NFILES] = {{0}}, after;
    long start = (long)zt_now_ms(), stable_since = start;
    const char *why, *file = "";
    for (;;) {
        for (int i = 0; i < NFILES; i++)
            stat_file(dir, names[i], &v[i]);
        int changed = 0;
        for (int i = 0; i < NFILES; i++)
            changed |= !same(&v[i], &prev[i]);
        if (changed)
            stable_since = (long)zt_now_ms();
        why = unsettled(dir, v, prev, (long)zt_now_ms() - stable_since, settle_ms, &file);
        for (int i = 0; !why && i < NFILES; i++) {
            if (!v[i].present)
                continue;
            if (read_file(dir, names[i], &v[i], &s->files[i].data, &s->files[i].len) ||
                (stat_file(dir, names[i], &after), !same(&after, &v[i])))
                why = "changed while it was read", file = names[i];
        }
        if (!why)
            return 0;
        drop(s);
        memcpy(prev, v, sizeof v);
        if ((long)zt_now_ms() - start >= wait_ms) {
            snprintf(err, errlen, "%s/%s %s; gave up after %.1f s (export_wait_ms), nothing was sent",
                     dir, file, why, (double)((long)zt_now_ms() - start) / 1000);
            return -1;
        }
        zt_sleep_ms(POLL_MS);
    }
}

const struct zt_snapshot_file *zt_snapshot_get(const struct zt_snapshot *s, const char *name)
{
    for (int i = 0; i < NFILES; i++)
        if (s->files[i].name && strcmp(s->files[i].name, name) == 0)
            return &s->files[i];
    return NULL;
}

void zt_snapshot_free(struct zt_snapshot *s)
{
    drop(s);
}

int zt_snapshot_holds(const struct zt_snapshot *s, const char *dir, const char *name)
{
    if (s) {
        const struct zt_snapshot_file *f = zt_snapshot_get(s, name);
        return f && f->data;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}
