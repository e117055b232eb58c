/* zonectl backup [--force] TARGET: the zone's store, copied for this backup
 * alone by zoned, fetched in chunks into a temporary file beside TARGET
 * (mode 0600: it holds every pupil's records), and checked before it is
 * called written: its size and SHA-256 against zoned's copy, then the
 * store's basic check (common/store_check.h). Only then is it synced and
 * renamed over TARGET, so TARGET is either a whole, checked backup or absent. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "ctl_args.h"
#include "file_digest.h"
#include "store_check.h"

#define POLL_FIRST_MS 50
#define POLL_MAX_MS 1000

struct backup_args {
    struct zt_ctl_args args; /* for the usage errors */
    const char *target;
    int force;
    int check; /* --check: the target is a backup to check, here */
};

static const char help[] =
    "backup [--force] TARGET | backup --check FILE\n"
    "  Copies the live zone store into TARGET (mode 0600), checked end to end: size and\n"
    "  SHA-256 against zoned's copy, and the store's own check. Restore: stop zoned, put\n"
    "  TARGET as data.mdb in an empty data_dir, start zoned.\n"
    "  --force   replace TARGET if it exists, or take a name that starts with '-'\n"
    "  --check   check a backup FILE here, without the zone (exit 0 when whole, 1 when not)\n"
    "  --help    this text\n";

/* Returns -1 with *a filled, or the exit code (0 after --help, 2 on bad
 * usage). Reads nothing but argv. */
static int parse(int argc, char **argv, struct backup_args *a)
{
    static const struct option opts[] = {
        {"force", no_argument, NULL, 'f'}, {"check", no_argument, NULL, 'c'}, ZT_CTL_OPT_HELP, {0}};
    *a = (struct backup_args){.args = ZT_CTL_ARGS("backup", help, opts, 1, 1)};
    int c;
    while ((c = zt_ctl_next(&a->args, argc, argv)) > 0) {
        if (c == 'f')
            a->force = 1;
        else
            a->check = 1;
    }
    if (c < 0)
        return a->args.exit_code;
    if (a->check && a->force)
        return zt_ctl_usage_error(&a->args, "--check reads a backup, --force writes one: give one of them");
    a->target = a->args.operand[0];
    return -1;
}

/* A target that would surprise: one that exists, or that reads as an option
 * (`backup --help` once wrote a backup into a file named --help). */
static int check_target(const struct backup_args *a)
{
    struct stat sb;
    if (!a->target[0])
        return zt_ctl_usage_error(&a->args, "the target is an empty name");
    if (a->target[0] == '-' && !a->force)
        return zt_ctl_usage_error(&a->args, "'%s' starts with '-': give --force to write a file of that name",
                                  a->target);
    if (lstat(a->target, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return zt_ctl_usage_error(&a->args, "%s is a folder: name the file to write", a->target);
        if (!a->force)
            return zt_ctl_usage_error(&a->args, "%s exists: give --force to replace it", a->target);
    }
    return -1;
}

/* --check FILE: the store's basic check, as after a fetch. */
static int check_file(const char *path)
{
    struct zt_store_facts facts;
    char err[512];
    if (zt_store_check_file(path, &facts, err, sizeof err)) {
        fprintf(stderr, "zonectl: backup: %s\n", err);
        return 1;
    }
    printf("%s: a whole store: %llu pages, %llu records in %u databases\n", path, (unsigned long long)facts.pages,
           (unsigned long long)facts.records, facts.dbs);
    return 0;
}

/* The arguments alone, before any configuration is read: the exit code
 * after --help, a usage error or `--check FILE`, or -1 to back up (*a
 * filled). */
static int check_args(int argc, char **argv, struct backup_args *a)
{
    int code = parse(argc, argv, a);
    if (code >= 0)
        return code;
    return a->check ? check_file(a->target) : check_target(a);
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

/* What zoned said about its copy: the same on every chunk. */
struct fetched {
    uint64_t total;
    uint8_t sha256[ZT_SHA256_LEN];
    int have_sha;
};

static int ask(struct zt_session *s, Zt__BackupRequest *q, Zt__Response **resp)
{
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_BACKUP;
    req.backup = q;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_BACKUP, resp))
        return 1;
    if (!(*resp)->backup->has_id || !(*resp)->backup->has_ready) {
        fprintf(stderr, "zonectl: backup: the zone is older than this zonectl: upgrade zoned\n");
        zt__response__free_unpacked(*resp, NULL);
        return 1;
    }
    return 0;
}

static int write_all(int fd, const uint8_t *p, size_t n, uint64_t off)
{
    while (n) {
        ssize_t w = pwrite(fd, p, n, (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -errno;
        p += w, n -= (size_t)w, off += (uint64_t)w;
    }
    return 0;
}

/* One chunk into fd; *done once the last byte is in. Returns 0 or 1. */
static int take_chunk(const Zt__BackupChunk *c, uint64_t offset, int fd, struct fetched *f, int *done)
{
    if (c->offset != offset || c->total == 0 || (f->total && c->total != f->total) ||
        !c->has_sha256 || c->sha256.len != ZT_SHA256_LEN || (f->have_sha && memcmp(f->sha256, c->sha256.data, ZT_SHA256_LEN))) {
        fprintf(stderr, "zonectl: backup: the zone's chunks do not agree with one another\n");
        return 1;
    }
    f->total = c->total;
    memcpy(f->sha256, c->sha256.data, ZT_SHA256_LEN);
    f->have_sha = 1;
    if (c->data.len == 0 && offset < c->total) {
        fprintf(stderr, "zonectl: backup: the zone sent an empty chunk at %llu of %llu bytes\n",
                (unsigned long long)offset, (unsigned long long)c->total);
        return 1;
    }
    int rc = write_all(fd, c->data.data, c->data.len, offset);
    if (rc) {
        fprintf(stderr, "zonectl: backup: write failed: %s\n", strerror(-rc));
        return 1;
    }
    *done = offset + c->data.len >= c->total;
    return 0;
}

/* Starts a copy, waits for it (zoned makes it off its event loop), and
 * reads it into fd. Returns 0 or 1 (the reason printed). */
static int fetch(struct zt_session *s, int fd, struct fetched *f)
{
    Zt__BackupRequest q = ZT__BACKUP_REQUEST__INIT;
    Zt__Response *resp;
    q.has_start = q.start = 1;
    if (ask(s, &q, &resp))
        return 1;
    q.has_start = q.start = 0;
    q.has_id = 1;
    q.id = resp->backup->id;
    zt__response__free_unpacked(resp, NULL);
    unsigned wait_ms = POLL_FIRST_MS;
    for (int done = 0; !done;) {
        if (ask(s, &q, &resp))
            return 1;
        const Zt__BackupChunk *c = resp->backup;
        int rc = 0;
        if (!c->ready) {
            sleep_ms(wait_ms);
            wait_ms = wait_ms * 2 < POLL_MAX_MS ? wait_ms * 2 : POLL_MAX_MS;
        } else if ((rc = take_chunk(c, q.offset, fd, f, &done)) == 0) {
            q.offset += c->data.len;
        }
        zt__response__free_unpacked(resp, NULL);
        if (rc)
            return rc;
    }
    return 0;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

/* What was written is read back from the disk: its size and digest must be
 * zoned's, and it must pass the store's check. */
static int verify(int fd, const char *tmp, const struct fetched *f, struct zt_store_facts *facts)
{
    uint8_t sha[ZT_SHA256_LEN];
    uint64_t size;
    char err[512];
    int rc = zt_file_sha256(fd, sha, &size);
    if (rc) {
        fprintf(stderr, "zonectl: backup: cannot read back %s: %s\n", tmp, strerror(-rc));
        return 1;
    }
    if (size != f->total || memcmp(sha, f->sha256, sizeof sha)) {
        char want[2 * ZT_SHA256_LEN + 1], got[2 * ZT_SHA256_LEN + 1];
        hex(f->sha256, sizeof sha, want);
        hex(sha, sizeof sha, got);
        fprintf(stderr, "zonectl: backup: the copy differs from zoned's: %llu bytes sha256 %s, zoned had %llu bytes sha256 %s\n",
                (unsigned long long)size, got, (unsigned long long)f->total, want);
        return 1;
    }
    if (zt_store_check_file(tmp, facts, err, sizeof err)) {
        fprintf(stderr, "zonectl: backup: %s\n", err);
        return 1;
    }
    return 0;
}

/* The rename is durable once the folder is synced too. */
static int sync_folder(const char *target)
{
    char *copy = strdup(target);
    int fd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close(fd);
    free(copy);
    return rc;
}

int zt_cmd_backup(struct zt_ctl *ctl, int argc, char **argv)
{
    struct backup_args a;
    int code = check_args(argc, argv, &a);
    if (code >= 0)
        return code;
    struct zt_session *s;
    if ((code = zt_ctl_session(ctl, &s)))
        return code;
    char tmp[4096], *copy = strdup(a.target);
    if (!copy || (size_t)snprintf(tmp, sizeof tmp, "%s/.zonectl-backup-XXXXXX", dirname(copy)) >= sizeof tmp) {
        free(copy);
        return zt_ctl_usage_error(&a.args, "%s: name too long", a.target);
    }
    free(copy);
    int fd = mkstemp(tmp); /* mode 0600 */
    if (fd < 0) {
        fprintf(stderr, "zonectl: backup: cannot create a file beside %s: %s\n", a.target, strerror(errno));
        return 1;
    }
    struct fetched f = {0};
    struct zt_store_facts facts;
    int rc = fetch(s, fd, &f);
    if (rc == 0 && fsync(fd) < 0) {
        fprintf(stderr, "zonectl: backup: %s: %s\n", tmp, strerror(errno));
        rc = 1;
    }
    if (rc == 0)
        rc = verify(fd, tmp, &f, &facts);
    if (close(fd) < 0 && rc == 0)
        rc = 1;
    if (rc == 0 && rename(tmp, a.target) < 0) {
        fprintf(stderr, "zonectl: backup: %s: %s\n", a.target, strerror(errno));
        rc = 1;
    }
    if (rc == 0 && sync_folder(a.target) < 0) {
        fprintf(stderr, "zonectl: backup: %s written, but its folder cannot be synced: %s\n", a.target,
                strerror(errno));
        return 1;
    }
    if (rc) {
        unlink(tmp);
        fprintf(stderr, "zonectl: backup: %s not written\n", a.target);
        return 1;
    }
    char sum[2 * ZT_SHA256_LEN + 1];
    hex(f.sha256, ZT_SHA256_LEN, sum);
    printf("backup written to %s (%llu bytes, sha256 %s; checked: %llu records in %u databases): "
           "restore by placing it as data.mdb in an empty data_dir\n",
           a.target, (unsigned long long)f.total, sum, (unsigned long long)facts.records, facts.dbs);
    return 0;
}
