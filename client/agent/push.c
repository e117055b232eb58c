#include "push.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "delta.h"
#include "grow.h"
#include "progress.h"
#include "protocol.h"

/* One batch is one durable commit in the zone, so a batch is sized by the
 * bytes it carries, not by a count of pupils: a day's delta (the roll and
 * one day's marks) goes as one batch, a full year's export as a few. The
 * wire sizes are generous estimates per row; a batch stays far below the
 * zone's default max_frame_bytes (8 MiB). */
#define BATCH_BYTES (1u << 20)
#define PUPIL_WIRE 48u   /* UPN and eleven small fields */
#define MONTH_WIRE 88u   /* UPN, month, 62 codes */
#define RECORD_WIRE 96u  /* an incident, assessment or health event */

/* The rows of one batch, as pointer arrays protobuf-c can pack, and where
 * each came from for reporting what the zone refused. */
struct batch {
    Zt__PushBatch msg;
    uint8_t id[ZT_BATCH_ID_LEN];
    Zt__PupilRow **pupils;
    Zt__AttendanceMonth *months_msg, **months;
    const struct zt_export_month **month_src;
    Zt__BehaviourRow **behaviour;
    Zt__AssessmentRow **assessments;
    Zt__HealthRow **health;
    const struct zt_export_record **beh_src, **ass_src, **hea_src;
    const struct zt_export_pupil **pupil_src;
    uint64_t rows; /* register marks counted singly, for progress */
};

static int cmp_month(const void *a, const void *b)
{
    const struct zt_export_month *x = a, *y = b;
    if (x->pupil != y->pupil)
        return x->pupil < y->pupil ? -1 : 1;
    return (x->month > y->month) - (x->month < y->month);
}

static int cmp_record(const void *a, const void *b)
{
    const struct zt_export_record *x = a, *y = b;
    if (x->pupil != y->pupil)
        return x->pupil < y->pupil ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* qsort, which may not be given a NULL base even for zero items. */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n)
        qsort(base, n, size, cmp);
}

/* Sorting by pupil lets each batch take a contiguous run of every list.
 * Sorting the months breaks the (pupil, month) hash index, which is not
 * needed once the export has been read. */
static void sort_by_pupil(struct zt_export *e)
{
    sort(e->months, e->nmonths, sizeof *e->months, cmp_month);
    free(e->month_index);
    e->month_index = NULL;
    e->month_index_cap = 0;
    sort(e->behaviour, e->nbehaviour, sizeof *e->behaviour, cmp_record);
    sort(e->assessments, e->nassessments, sizeof *e->assessments, cmp_record);
    sort(e->health, e->nhealth, sizeof *e->health, cmp_record);
}

struct cursor {
    size_t month, behaviour, assessment, health;
};

static size_t run_end(const struct zt_export_record *list, size_t n, size_t from, uint32_t end_pupil)
{
    while (from < n && list[from].pupil < end_pupil)
        from++;
    return from;
}

static int batch_alloc(struct batch *b, size_t np, size_t nm, size_t nb, size_t na, size_t nh)
{
    memset(b, 0, sizeof *b);
    b->pupils = calloc(np + 1, sizeof *b->pupils);
    b->pupil_src = calloc(np + 1, sizeof *b->pupil_src);
    b->months_msg = calloc(nm + 1, sizeof *b->months_msg);
    b->months = calloc(nm + 1, sizeof *b->months);
    b->month_src = calloc(nm + 1, sizeof *b->month_src);
    b->behaviour = calloc(nb + 1, sizeof *b->behaviour);
    b->beh_src = calloc(nb + 1, sizeof *b->beh_src);
    b->assessments = calloc(na + 1, sizeof *b->assessments);
    b->ass_src = calloc(na + 1, sizeof *b->ass_src);
    b->health = calloc(nh + 1, sizeof *b->health);
    b->hea_src = calloc(nh + 1, sizeof *b->hea_src);
    return b->pupils && b->pupil_src && b->months_msg && b->months && b->month_src && b->behaviour &&
                   b->beh_src && b->assessments && b->ass_src && b->health && b->hea_src
               ? 0
               : -1;
}

static void batch_free(struct batch *b)
{
    free(b->pupils), free(b->pupil_src), free(b->months_msg), free(b->months), free(b->month_src);
    free(b->behaviour), free(b->beh_src), free(b->assessments), free(b->ass_src);
    free(b->health), free(b->hea_src);
}

/* Fills b with pupils [first, last) and every record of theirs. */
static int batch_fill(struct batch *b, struct zt_export *e, uint32_t first, uint32_t last,
                      struct cursor *c)
{
    size_t m_end = c->month;
    while (m_end < e->nmonths && e->months[m_end].pupil < last)
        m_end++;
    /* sized for every unit of the range; only those marked send go in */
    size_t b_end = run_end(e->behaviour, e->nbehaviour, c->behaviour, last);
    size_t a_end = run_end(e->assessments, e->nassessments, c->assessment, last);
    size_t h_end = run_end(e->health, e->nhealth, c->health, last);
    if (batch_alloc(b, last - first, m_end - c->month, b_end - c->behaviour, a_end - c->assessment,
                    h_end - c->health))
        return -1;
    zt__push_batch__init(&b->msg);
    if (getrandom(b->id, sizeof b->id, 0) != (ssize_t)sizeof b->id)
        return -1;
    b->msg.batch_id.data = b->id;
    b->msg.batch_id.len = sizeof b->id;
    for (uint32_t p = first; p < last; p++) {
        if (!e->pupils[p].send)
            continue;
        b->pupil_src[b->msg.n_pupils] = &e->pupils[p];
        b->pupils[b->msg.n_pupils++] = &e->pupils[p].row;
        b->rows++;
    }
    for (; c->month < m_end; c->month++) {
        const struct zt_export_month *src = &e->months[c->month];
        if (!src->send)
            continue;
        b->rows += src->marks;
        Zt__AttendanceMonth *m = &b->months_msg[b->msg.n_attendance];
        zt__attendance_month__init(m);
        m->upn = e->pupils[src->pupil].row.upn;
        m->month = src->month;
        m->codes.data = (uint8_t *)src->codes;
        m->codes.len = sizeof src->codes;
        b->month_src[b->msg.n_attendance] = src;
        b->months[b->msg.n_attendance++] = m;
    }
    for (; c->behaviour < b_end; c->behaviour++) {
        if (!e->behaviour[c->behaviour].send)
            continue;
        b->rows++;
        b->beh_src[b->msg.n_behaviour] = &e->behaviour[c->behaviour];
        b->behaviour[b->msg.n_behaviour++] = &e->behaviour[c->behaviour].u.behaviour;
    }
    for (; c->assessment < a_end; c->assessment++) {
        if (!e->assessments[c->assessment].send)
            continue;
        b->rows++;
        b->ass_src[b->msg.n_assessments] = &e->assessments[c->assessment];
        b->assessments[b->msg.n_assessments++] = &e->assessments[c->assessment].u.assessment;
    }
    for (; c->health < h_end; c->health++) {
        if (!e->health[c->health].send)
            continue;
        b->rows++;
        b->hea_src[b->msg.n_health] = &e->health[c->health];
        b->health[b->msg.n_health++] = &e->health[c->health].u.health;
    }
    b->msg.pupils = b->pupils;
    b->msg.attendance = b->months;
    b->msg.behaviour = b->behaviour;
    b->msg.assessments = b->assessments;
    b->msg.health = b->health;
    return 0;
}

/* The export pupil (index into e->pupils) a refused row belongs to, or -1. */
static long refused_pupil(const struct zt_export *e, const struct batch *b, const Zt__Rejected *r)
{
    switch (r->kind) {
    case ZT__RECORD_KIND__REC_PUPIL:
        return r->index < b->msg.n_pupils ? b->pupil_src[r->index] - e->pupils : -1;
    case ZT__RECORD_KIND__REC_ATTENDANCE:
        return r->index < b->msg.n_attendance ? (long)b->month_src[r->index]->pupil : -1;
    case ZT__RECORD_KIND__REC_BEHAVIOUR:
        return r->index < b->msg.n_behaviour ? (long)b->beh_src[r->index]->pupil : -1;
    case ZT__RECORD_KIND__REC_ASSESSMENT:
        return r->index < b->msg.n_assessments ? (long)b->ass_src[r->index]->pupil : -1;
    case ZT__RECORD_KIND__REC_HEALTH:
        return r->index < b->msg.n_health ? (long)b->hea_src[r->index]->pupil : -1;
    default:
        return -1;
    }
}

/* A pupil erased from the zone (SPEC §8) is refused in one line, however
 * many rows they have: "refused UPN: erased from the zone on DATE". A
 * pupil's rows all travel in one batch, so said[] (npupils flags, made on
 * the first erased refusal) covers the pupil's every row. Returns 1 when
 * the refusal was an erasure, said or already said. */
static int report_erased(const struct zt_export *e, const struct batch *b, const Zt__Rejected *r,
                         uint8_t **said, FILE *report)
{
    static const char erased[] = "erased from the zone";
    long p = refused_pupil(e, b, r);
    if (p < 0 || strncmp(r->reason, erased, sizeof erased - 1) != 0)
        return 0;
    if (!*said && !(*said = calloc(e->npupils, 1)))
        return 0;
    if (!(*said)[p])
        fprintf(report, "refused %s: %s\n", e->pupils[p].row.upn, r->reason);
    (*said)[p] = 1;
    return 1;
}

/* Prints one row the zone refused, at its place in the export. */
static uint32_t report_refusal(const struct batch *b, const Zt__Rejected *r, FILE *report)
{
    const char *file = "?";
    unsigned line = 0;
    uint32_t rows = 1;
    switch (r->kind) {
    case ZT__RECORD_KIND__REC_PUPIL:
        if (r->index < b->msg.n_pupils)
            file = b->pupil_src[r->index]->file, line = b->pupil_src[r->index]->line;
        break;
    case ZT__RECORD_KIND__REC_ATTENDANCE:
        if (r->index < b->msg.n_attendance) {
            file = "attendance.csv", line = b->month_src[r->index]->first_line;
            rows = b->month_src[r->index]->marks;
        }
        break;
    case ZT__RECORD_KIND__REC_BEHAVIOUR:
        if (r->index < b->msg.n_behaviour)
            file = "behaviour.csv", line = b->beh_src[r->index]->line;
        break;
    case ZT__RECORD_KIND__REC_ASSESSMENT:
        if (r->index < b->msg.n_assessments)
            file = b->ass_src[r->index]->file, line = b->ass_src[r->index]->line; /* or a CTF */
        break;
    case ZT__RECORD_KIND__REC_HEALTH:
        if (r->index < b->msg.n_health)
            file = "health.csv", line = b->hea_src[r->index]->line;
        break;
    default:
        break;
    }
    if (report)
        fprintf(report, "rejected %s:%u: refused by the zone: %s\n", file, line, r->reason);
    return rows;
}

/* Which rows of each kind the zone refused, by index in the batch. */
struct refused {
    uint8_t *kind[ZT_SYNC_KINDS];
};

static int refused_init(struct refused *f, const struct batch *b, const Zt__PushReply *r)
{
    size_t n[ZT_SYNC_KINDS] = {b->msg.n_pupils, b->msg.n_attendance, b->msg.n_behaviour,
                               b->msg.n_assessments, b->msg.n_health};
    for (int k = 0; k < ZT_SYNC_KINDS; k++)
        if (!(f->kind[k] = calloc(n[k] + 1, 1)))
            return -1;
    for (size_t i = 0; i < r->n_rejected; i++)
        if ((unsigned)r->rejected[i]->kind < ZT_SYNC_KINDS && r->rejected[i]->index < n[r->rejected[i]->kind])
            f->kind[r->rejected[i]->kind][r->rejected[i]->index] = 1;
    return 0;
}

static void refused_free(struct refused *f)
{
    for (int k = 0; k < ZT_SYNC_KINDS; k++)
        free(f->kind[k]);
}

static void remember_records(struct zt_state_entry *out, size_t *n, const struct zt_export_record *const *src,
                             size_t count, const uint8_t *refused, enum zt_sync_kind kind)
{
    for (size_t i = 0; i < count; i++) {
        if (refused[i])
            continue;
        struct zt_sync_unit u;
        zt_delta_record_unit(src[i], kind, &u);
        zt_state_entry_set(&out[*n], &u, NULL);
        if (kind == ZT_SYNC_BEHAVIOUR || kind == ZT_SYNC_HEALTH)
            zt_state_entry_upn(&out[*n], kind == ZT_SYNC_BEHAVIOUR ? src[i]->u.behaviour.upn : src[i]->u.health.upn);
        (*n)++;
    }
}

/* Records in the state every row of an acknowledged batch the zone kept. */
static int remember(struct zt_state *st, const struct zt_export *e, const struct batch *b,
                    const Zt__PushReply *r, char *err, size_t errlen)
{
    struct refused f = {{0}};
    size_t cap = b->msg.n_pupils + b->msg.n_attendance + b->msg.n_behaviour + b->msg.n_assessments +
                 b->msg.n_health, n = 0;
    struct zt_state_entry *put = malloc((cap + 1) * sizeof *put);
    int rc = put && refused_init(&f, b, r) == 0 ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < b->msg.n_pupils; i++) {
        struct zt_sync_unit u;
        if (f.kind[ZT_SYNC_PUPIL][i])
            continue;
        zt_sync_pupil(&u, &b->pupil_src[i]->row);
        zt_state_entry_set(&put[n++], &u, NULL);
    }
    for (size_t i = 0; rc == 0 && i < b->msg.n_attendance; i++) {
        struct zt_sync_unit u;
        if (f.kind[ZT_SYNC_ATTENDANCE][i])
            continue;
        zt_delta_month_unit(e, b->month_src[i], &u);
        zt_state_entry_set(&put[n++], &u, b->month_src[i]->merged);
    }
    if (rc == 0) {
        remember_records(put, &n, b->beh_src, b->msg.n_behaviour, f.kind[ZT_SYNC_BEHAVIOUR], ZT_SYNC_BEHAVIOUR);
        remember_records(put, &n, b->ass_src, b->msg.n_assessments, f.kind[ZT_SYNC_ASSESSMENT], ZT_SYNC_ASSESSMENT);
        remember_records(put, &n, b->hea_src, b->msg.n_health, f.kind[ZT_SYNC_HEALTH], ZT_SYNC_HEALTH);
        rc = zt_state_apply(st, NULL, NULL, 0, put, n, b->msg.batch_id.data, err, errlen);
    } else {
        snprintf(err, errlen, "out of memory");
    }
    refused_free(&f);
    free(put);
    return rc;
}

/* Sends one batch; a failed connection is retried with the same batch id,
 * so the zone stores it once however often it arrives. */
static int send_batch(struct zt_link *l, struct zt_state *st, const struct zt_export *e,
                      const struct batch *b, FILE *report, struct zt_push_totals *t, char *err,
                      size_t errlen)
{
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PUSH;
    req.push = (Zt__PushBatch *)&b->msg;
    Zt__Response *resp;
    if (zt_link_call(l, &req, ZT__RESPONSE__BODY_PUSH, &resp, err, errlen))
        return -1;
    t->stored += resp->push->stored;
    t->unchanged += resp->push->unchanged;
    uint8_t *erased_said = NULL;
    for (size_t i = 0; i < resp->push->n_rejected; i++) {
        const Zt__Rejected *r = resp->push->rejected[i];
        int erased = report_erased(e, b, r, &erased_said, report);
        t->rejected += report_refusal(b, r, erased ? NULL : report);
    }
    free(erased_said);
    /* A replayed answer has no list of refusals: the next run's summary
     * comparison records what the zone kept. */
    int rc = st && !resp->push->replayed ? remember(st, e, b, resp->push, err, errlen) : 0;
    zt__response__free_unpacked(resp, NULL);
    return rc;
}

/* Rows not sent because the zone already holds them count as unchanged. */
static uint64_t count_unsent(const struct zt_export *e, struct zt_push_totals *t)
{
    uint64_t to_send = 0;
    for (size_t i = 0; i < e->npupils; i++)
        e->pupils[i].send ? to_send++ : t->unchanged++;
    for (size_t i = 0; i < e->nmonths; i++)
        e->months[i].send ? (to_send += e->months[i].marks) : (t->unchanged += e->months[i].marks);
    const struct zt_export_record *lists[3] = {e->behaviour, e->assessments, e->health};
    size_t ns[3] = {e->nbehaviour, e->nassessments, e->nhealth};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < ns[k]; i++)
            lists[k][i].send ? to_send++ : t->unchanged++;
    return to_send;
}

/* The end (exclusive) of the batch starting at pupil first: whole pupils,
 * at least one, until the estimated wire size of the rows to send reaches
 * BATCH_BYTES or, when per_batch is not 0, per_batch pupils. */
static uint32_t batch_end(const struct zt_export *e, uint32_t first, const struct cursor *c, uint32_t per_batch)
{
    size_t m = c->month, b = c->behaviour, a = c->assessment, h = c->health, bytes = 0;
    uint32_t p = first;
    while (p < e->npupils && (p == first || (bytes < BATCH_BYTES && (!per_batch || p - first < per_batch)))) {
        bytes += e->pupils[p].send ? PUPIL_WIRE : 0;
        p++;
        for (; m < e->nmonths && e->months[m].pupil < p; m++)
            bytes += e->months[m].send ? MONTH_WIRE : 0;
        for (; b < e->nbehaviour && e->behaviour[b].pupil < p; b++)
            bytes += e->behaviour[b].send ? RECORD_WIRE : 0;
        for (; a < e->nassessments && e->assessments[a].pupil < p; a++)
            bytes += e->assessments[a].send ? RECORD_WIRE : 0;
        for (; h < e->nhealth && e->health[h].pupil < p; h++)
            bytes += e->health[h].send ? RECORD_WIRE : 0;
    }
    return p;
}

static int send_rows(struct zt_link *l, struct zt_state *st, struct zt_export *e, uint32_t per_batch,
                     FILE *report, struct zt_push_totals *totals, char *err, size_t errlen)
{
    struct zt_progress pr;
    zt_progress_start(&pr, count_unsent(e, totals));
    struct cursor c = {0};
    int rc = 0, sent = 0;
    /* With nothing new, one empty batch still goes: the zone's "last synced"
     * is the time of the school's last acknowledged batch, and a school with
     * a quiet weekend has not stopped syncing. */
    for (uint32_t first = 0, last; rc == 0 && (first < e->npupils || !sent); first = last) {
        last = first < e->npupils ? batch_end(e, first, &c, per_batch) : first;
        struct batch b;
        rc = batch_fill(&b, e, first, last, &c);
        if (rc)
            snprintf(err, errlen, "out of memory building a batch");
        else if (b.rows || (last == e->npupils && !sent)) {
            rc = send_batch(l, st, e, &b, report, totals, err, errlen);
            sent = 1;
        }
        zt_progress_add(&pr, b.rows);
        batch_free(&b);
    }
    zt_progress_end(&pr);
    return rc;
}

struct leavers {
    const struct zt_export *e;
    struct zt_state_entry *del;
    size_t n, cap;
};

static int note_leaver(const struct zt_state_entry *s, void *arg)
{
    struct leavers *l = arg;
    char upn[ZT_UPN_LEN + 1];
    if (s->klen != 1 + ZT_UPN_LEN)
        return 0;
    memcpy(upn, s->key + 1, ZT_UPN_LEN);
    upn[ZT_UPN_LEN] = '\0';
    if (zt_export_listed(l->e, upn)) /* a pupil whose row was rejected has not left */
        return 0;
    if (zt_grow(&l->del, l->n, &l->cap, sizeof *l->del, 16))
        return -ENOMEM;
    l->del[l->n++] = *s;
    return 0;
}

/* Forgets pupils no longer on the roll: the zone marked them as left. */
static int forget_leavers(struct zt_state *st, const struct zt_export *e, char *err, size_t errlen)
{
    struct leavers l = {e, NULL, 0, 0};
    int rc = zt_state_each(st, ZT_SYNC_PUPIL, note_leaver, &l);
    if (rc)
        snprintf(err, errlen, "agent state: cannot read the pupils it holds");
    else if (l.n)
        rc = zt_state_apply(st, NULL, l.del, l.n, NULL, 0, NULL, err, errlen);
    free(l.del);
    return rc;
}

/* Says the roll is complete, with leavers.csv: the zone marks everyone
 * else of this school's roll as left. The roll is every pupil pupils.csv
 * lists, with the pupils whose row was rejected (listed, so not leavers);
 * only a rejected row whose UPN cannot be read leaves the roll unknown. */
static int send_roll(struct zt_link *l, struct zt_state *st, const struct zt_export *e, FILE *report,
                     struct zt_push_totals *t, char *err, size_t errlen)
{
    size_t nroll = e->npupils + e->nunread;
    if (e->roll_unknown || !nroll) {
        if (e->roll_unknown)
            fprintf(report, "roll not checked for leavers: %u rejected row(s) of pupils.csv name no readable "
                            "UPN; nobody is marked as left this run\n", e->roll_unknown);
        else
            fprintf(report, "roll not checked for leavers: pupils.csv lists nobody; nobody is marked as left "
                            "this run\n");
        return 0;
    }
    char **upns = calloc(nroll, sizeof *upns);
    Zt__Leaver **leavers = calloc(e->nleavers + 1, sizeof *leavers);
    if (!upns || !leavers) {
        free(upns), free(leavers);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < e->npupils; i++)
        upns[i] = e->pupils[i].row.upn;
    for (size_t i = 0; i < e->nunread; i++)
        upns[e->npupils + i] = (char *)e->unread[i].upn;
    for (size_t i = 0; i < e->nleavers; i++)
        leavers[i] = &e->leavers[i].row;
    Zt__RollComplete m = ZT__ROLL_COMPLETE__INIT;
    m.upns = upns, m.n_upns = nroll;
    m.leavers = leavers, m.n_leavers = e->nleavers;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ROLL_COMPLETE;
    req.roll_complete = &m;
    Zt__Response *resp;
    int rc = zt_link_call(l, &req, ZT__RESPONSE__BODY_ROLL_COMPLETE, &resp, err, errlen);
    free(upns), free(leavers);
    if (rc)
        return -1;
    const Zt__RollReply *r = resp->roll_complete;
    t->left = r->left;
    t->stored += r->leavers_stored;
    t->unchanged += r->leavers_unchanged;
    for (size_t i = 0; i < r->n_rejected; i++) {
        unsigned line = r->rejected[i]->index < e->nleavers ? e->leavers[r->rejected[i]->index].line : 0;
        fprintf(report, "rejected leavers.csv:%u: refused by the zone: %s\n", line, r->rejected[i]->reason);
        t->rejected++;
    }
    zt__response__free_unpacked(resp, NULL);
    return st ? forget_leavers(st, e, err, errlen) : 0;
}

/* Deletions (SPEC §3a) go last: after the roll, so a pupil gone from
 * pupils.csv is a leaver, whose records stay, before anything is deleted. */
static int send_deletions(struct zt_link *l, struct zt_state *st, struct zt_export *e,
                          const struct zt_deletion_opts *o, FILE *report, struct zt_push_totals *t, char *err,
                          size_t errlen)
{
    struct zt_deletions dl = {0};
    int rc = 0;
    if (o->changes) {
        rc = zt_deletions_file(&dl, e, o->dir, e->snap, report);
    } else if (e->roll_unknown || !(e->npupils + e->nunread)) {
        fprintf(report, "nothing deleted this run: the roll is not known (see above)\n");
    } else {
        rc = zt_deletions_snapshot(&dl, e, st, l->s.as_of, report);
        if (rc == 0 && !o->allow)
            t->withheld = zt_deletions_guard(&dl, o->max_pct, report);
    }
    if (rc)
        snprintf(err, errlen, "out of memory");
    else
        rc = zt_deletions_send(l, st, &dl, report, &t->deleted, &t->rejected, err, errlen);
    zt_deletions_free(&dl);
    return rc;
}

int zt_push_export(struct zt_link *l, struct zt_export *e, struct zt_state *st, uint32_t per_batch,
                   const struct zt_deletion_opts *del, FILE *report, struct zt_push_totals *totals, char *err,
                   size_t errlen)
{
    memset(totals, 0, sizeof *totals);
    sort_by_pupil(e);
    if (st && zt_delta_reconcile(l, st, &totals->repaired, err, errlen))
        return -1;
    zt_delta_mark(e, st);
    if (send_rows(l, st, e, per_batch, report, totals, err, errlen) || send_roll(l, st, e, report, totals, err, errlen))
        return -1;
    if (st && del && send_deletions(l, st, e, del, report, totals, err, errlen))
        return -1;
    totals->unchanged += e->superseded;
    return 0;
}
