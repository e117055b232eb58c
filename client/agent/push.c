#include "push.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

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
        b->pupil_src[b->msg.n_pupils] = &e->pupils[p];
        b->pupils[b->msg.n_pupils++] = &e->pupils[p].row;
    }
    for (; c->month < m_end; c->month++) {
        const struct zt_export_month *src = &e->months[c->month];
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
        b->beh_src[b->msg.n_behaviour] = &e->behaviour[c->behaviour];
        b->behaviour[b->msg.n_behaviour++] = &e->behaviour[c->behaviour].u.behaviour;
    }
    for (; c->assessment < a_end; c->assessment++) {
        b->ass_src[b->msg.n_assessments] = &e->assessments[c->assessment];
        b->assessments[b->msg.n_assessments++] = &e->assessments[c->assessment].u.assessment;
    }
    for (; c->health < h_end; c->health++) {
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

/* Prints one row the zone refused, at its place in the export. */
static uint32_t report_refusal(const struct batch *b, const Zt__Rejected *r, FILE *report)
{
    const char *file = "?";
    unsigned line = 0;
    uint32_t rows = 1;
    switch (r->kind) {
    case ZT__RECORD_KIND__REC_PUPIL:
        if (r->index < b->msg.n_pupils)
            file = "pupils.csv", line = b->pupil_src[r->index]->line;
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
            file = "assessments.csv", line = b->ass_src[r->index]->line;
        break;
    case ZT__RECORD_KIND__REC_HEALTH:
        if (r->index < b->msg.n_health)
            file = "health.csv", line = b->hea_src[r->index]->line;
        break;
    default:
        break;
    }
    fprintf(report, "rejected %s:%u: refused by the zone: %s\n", file, line, r->reason);
    return rows;
}

static int send_batch(struct zt_session *s, const struct batch *b, FILE *report,
                      struct zt_push_totals *t, char *err, size_t errlen)
{
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PUSH;
    req.push = (Zt__PushBatch *)&b->msg;
    Zt__Response *resp;
    if (zt_session_call_ok(s, &req, &resp, err, errlen))
        return -1;
    if (resp->body_case != ZT__RESPONSE__BODY_PUSH) {
        snprintf(err, errlen, "the zone answered a push with something else");
        zt__response__free_unpacked(resp, NULL);
        return -1;
    }
    t->stored += resp->push->stored;
    t->unchanged += resp->push->unchanged;
    for (size_t i = 0; i < resp->push->n_rejected; i++)
        t->rejected += report_refusal(b, resp->push->rejected[i], report);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* The end (exclusive) of the batch starting at pupil first: whole pupils,
 * at least one, until the estimated wire size reaches BATCH_BYTES. */
static uint32_t batch_end(const struct zt_export *e, uint32_t first, const struct cursor *c)
{
    size_t m = c->month, b = c->behaviour, a = c->assessment, h = c->health, bytes = 0;
    uint32_t p = first;
    while (p < e->npupils && (p == first || bytes < BATCH_BYTES)) {
        p++;
        bytes += PUPIL_WIRE;
        for (; m < e->nmonths && e->months[m].pupil < p; m++)
            bytes += MONTH_WIRE;
        for (; b < e->nbehaviour && e->behaviour[b].pupil < p; b++)
            bytes += RECORD_WIRE;
        for (; a < e->nassessments && e->assessments[a].pupil < p; a++)
            bytes += RECORD_WIRE;
        for (; h < e->nhealth && e->health[h].pupil < p; h++)
            bytes += RECORD_WIRE;
    }
    return p;
}

int zt_push_export(struct zt_session *s, struct zt_export *e, FILE *report,
                   struct zt_push_totals *totals, char *err, size_t errlen)
{
    memset(totals, 0, sizeof *totals);
    sort_by_pupil(e);
    struct cursor c = {0};
    for (uint32_t first = 0, last; first < e->npupils; first = last) {
        last = batch_end(e, first, &c);
        struct batch b;
        int rc = batch_fill(&b, e, first, last, &c);
        if (rc)
            snprintf(err, errlen, "out of memory building a batch");
        else
            rc = send_batch(s, &b, report, totals, err, errlen);
        batch_free(&b);
        if (rc)
            return -1;
    }
    totals->unchanged += e->superseded;
    return 0;
}
