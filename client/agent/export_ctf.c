#include "export_ctf.h"

#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "ctf.h"
#include "fields.h"
#include "grow.h"
#include "log.h"

struct sink_ctx {
    struct zt_export *e;
    const char *file;
};

static int on_pupil(void *ctx, const struct zt_ctf_pupil *p)
{
    struct sink_ctx *s = ctx;
    struct zt_export_pupil *out = zt_export_add_pupil(s->e);
    if (!out)
        return -1;
    out->row = p->row;
    out->row.upn = zt_arena_strndup(&s->e->arena, p->row.upn, strlen(p->row.upn));
    out->name = zt_arena_strndup(&s->e->arena, p->name, strlen(p->name));
    out->file = s->file;
    out->line = p->line;
    s->e->read++;
    return out->row.upn && out->name ? 0 : -1;
}

static int on_unread(void *ctx, const char *upn, unsigned line)
{
    struct sink_ctx *s = ctx;
    if (!upn) {
        s->e->roll_unknown++;
        return 0;
    }
    return zt_export_add_unread(s->e, upn, line);
}

static void on_reject(void *ctx, unsigned line, uint32_t rows, const char *why)
{
    struct sink_ctx *s = ctx;
    zt_export_reject(s->e, s->file, line, rows, why);
    /* a refused CTF element may stand for any of the pupil's marks or
     * assessments: a snapshot deletes none of those kinds this run */
    s->e->bad[ZT_SYNC_ATTENDANCE].unkeyed++;
    s->e->bad[ZT_SYNC_ASSESSMENT].unkeyed++;
}

/* The pupil a record names, as zt_field_on_roll finds them; a pupil whose
 * roll row was rejected has the row counted in their skipped rows. */
static int on_roll(struct sink_ctx *s, const char *upn, unsigned line, uint32_t *idx)
{
    char why[ZT_WHY_MAX];
    if (zt_field_on_roll(s->e, (struct zt_field){upn, strlen(upn)}, idx, why) == 0) {
        s->e->read++;
        return 0;
    }
    zt_export_reject(s->e, s->file, line, 1, why);
    return -1;
}

/* A CTF carries a pupil's attendance at their previous schools too: marks
 * before their entry date here are those schools' to send, not ours. */
static int on_mark(void *ctx, const char *upn, zt_date date, uint32_t session, int code, unsigned line)
{
    struct sink_ctx *s = ctx;
    uint32_t pupil;
    long i = zt_export_find(s->e, upn);
    if (i >= 0 && date < s->e->pupils[i].row.entry_date)
        return 0;
    if (on_roll(s, upn, line, &pupil))
        return 0;
    return zt_export_put_mark(s->e, pupil, date, session, code, line);
}

static int on_assessment(void *ctx, const char *upn, uint32_t subject, zt_date date, uint32_t step, unsigned line)
{
    struct sink_ctx *s = ctx;
    uint32_t pupil;
    if (on_roll(s, upn, line, &pupil))
        return 0;
    struct zt_export_record *rec = zt_export_add_assessment(s->e);
    if (!rec)
        return -1;
    rec->pupil = pupil;
    rec->line = line;
    rec->file = s->file;
    Zt__AssessmentRow *a = &rec->u.assessment;
    zt__assessment_row__init(a);
    a->upn = s->e->pupils[pupil].row.upn;
    a->subject = subject;
    a->date = date;
    a->step = step;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int zt_export_ctf_find(struct zt_export *e, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) /* no CTF then; the missing pupils.csv names the folder */
        return 0;
    size_t cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) && rc == 0) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".xml") != 0 || de->d_name[0] == '.')
            continue;
        if (ZT_GROW(e->ctf, e->nctf, cap, 8)) {
            rc = -1;
            break;
        }
        if (!(e->ctf[e->nctf] = strdup(de->d_name)))
            rc = -1;
        else
            e->nctf++;
    }
    closedir(d);
    if (rc)
        zt_err("export_dir %s: out of memory", dir);
    if (e->nctf)
        qsort(e->ctf, e->nctf, sizeof *e->ctf, cmp_name);
    return rc;
}

/* A CTF's size and modification time when its roll was read: the records
 * pass must read the same file, or the two halves would not agree. */
struct zt_ctf_seen {
    off_t size;
    struct timespec mtime;
};

static int same_file(const char *path, struct zt_ctf_seen *was, int record)
{
    struct stat st;
    if (stat(path, &st))
        return 0;
    if (record) {
        *was = (struct zt_ctf_seen){st.st_size, st.st_mtim};
        return 1;
    }
    return st.st_size == was->size && st.st_mtim.tv_sec == was->mtime.tv_sec &&
           st.st_mtim.tv_nsec == was->mtime.tv_nsec;
}

/* Reads every CTF for parts; returns -1 when one could not be read whole. */
static int read_all(struct zt_export *e, const char *dir, int parts)
{
    int rc = 0;
    if (parts & ZT_CTF_ROLL) {
        free(e->ctf_seen);
        e->ctf_seen = calloc(e->nctf + 1, sizeof *e->ctf_seen);
        if (!e->ctf_seen)
            return -1;
    }
    struct zt_ctf_seen *seen = e->ctf_seen;
    for (size_t i = 0; i < e->nctf; i++) {
        struct sink_ctx ctx = {e, e->ctf[i]};
        const struct zt_ctf_sink sink = {&ctx, on_pupil, on_unread, on_mark, on_assessment, on_reject};
        char path[4096], err[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->ctf[i]);
        int stat_ok = same_file(path, &seen[i], parts & ZT_CTF_ROLL);
        int result = zt_ctf_read_file(path, e->ctf[i], parts, &sink, err, sizeof err);
        if (result == ZT_CTF_OK && (!stat_ok || !same_file(path, &seen[i], 0))) {
            snprintf(err, sizeof err, "%s changed while it was read; nothing sent (the next run reads it again)",
                     e->ctf[i]);
            result = ZT_CTF_FAILED;
        }
        switch (result) {
        case ZT_CTF_OK:
            break;
        case ZT_CTF_NOT_CTF:
            if (parts & ZT_CTF_ROLL)
                zt_warn("%s", err);
            free(e->ctf[i]); /* not ours: the records pass passes it by */
            memmove(&e->ctf[i], &e->ctf[i + 1], (e->nctf - i - 1) * sizeof *e->ctf);
            memmove(&seen[i], &seen[i + 1], (e->nctf - i - 1) * sizeof *seen);
            e->nctf--, i--;
            break;
        default:
            zt_err("%s", err);
            e->failed_files++;
            rc = -1;
        }
    }
    return rc;
}

int zt_export_ctf_roll(struct zt_export *e, const char *dir)
{
    return read_all(e, dir, ZT_CTF_ROLL);
}

int zt_export_ctf_records(struct zt_export *e, const char *dir)
{
    return e->nctf ? read_all(e, dir, ZT_CTF_RECORDS) : 0;
}
