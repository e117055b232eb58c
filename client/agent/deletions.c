#include "deletions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "be32.h"
#include "codes.h"
#include "delta.h"
#include "fields.h"
#include "grow.h"
#include "log.h"
#include "protocol.h"
#include "upn.h"

#define PER_BATCH 2000 /* deletions a push; a month of marks is one */

static const char *const file_of_kind[ZT_SYNC_KINDS] = {"pupils.csv", "attendance.csv", "behaviour.csv",
                                                       "assessments.csv", "health.csv"};
static const char *const kind_noun[ZT_SYNC_KINDS] = {"pupil", "register mark", "incident", "assessment",
                                                    "health event"};

static Zt__Deletion *add(struct zt_deletions *dl, Zt__RecordKind kind, unsigned line)
{
    size_t d_cap = dl->cap, line_cap = dl->cap; /* two arrays, one capacity */
    if (ZT_GROW(dl->d, dl->n, d_cap, 64) || ZT_GROW(dl->line, dl->n, line_cap, 64))
        return NULL;
    dl->cap = d_cap;
    Zt__Deletion *x = &dl->d[dl->n];
    zt__deletion__init(x);
    x->kind = kind;
    dl->line[dl->n++] = line;
    return x;
}

static int popcount62(uint64_t v)
{
    return __builtin_popcountll(v);
}

/* --- a snapshot compared with the state ---------------------------------- */

struct compare {
    struct zt_deletions *dl;
    const struct zt_export *e;
    int32_t from_month, to_month;
    uint64_t last_month_slots; /* slots of the as_of month up to as_of */
    struct unit_key *keys;     /* the export's records of one kind, keyed as the state keys them */
    size_t nkeys;
    int failed;
};

struct unit_key {
    uint8_t len;
    uint8_t k[ZT_SYNC_KEY_MAX];
};

static int cmp_unit_key(const void *a, const void *b)
{
    const struct unit_key *x = a, *y = b;
    int c = memcmp(x->k, y->k, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* 1 when the export holds the record the state entry stands for. */
static int exported(const struct compare *c, const struct zt_state_entry *s)
{
    struct unit_key k = {.len = s->klen};
    memcpy(k.k, s->key, s->klen);
    return bsearch(&k, c->keys, c->nkeys, sizeof *c->keys, cmp_unit_key) != NULL;
}

static int in_range(const struct compare *c, int32_t month)
{
    return month >= c->from_month && month <= c->to_month;
}

/* The pupil of a state entry, when the export still lists them and no
 * rejected row of the kind's file named them: else the entry is left be. */
static int deletable_pupil(const struct compare *c, int kind, const char *upn)
{
    /* the bad keys of attendance and assessments are UPNs; of incidents and
     * health events, ids (checked by the caller) */
    int by_upn = kind == ZT_SYNC_ATTENDANCE || kind == ZT_SYNC_ASSESSMENT;
    return upn[0] && zt_export_find(c->e, upn) >= 0 && !(by_upn && zt_export_bad_key(c->e, kind, upn));
}

static int on_month(const struct zt_state_entry *s, void *arg)
{
    struct compare *c = arg;
    if (!s->has_codes || s->klen != 1 + ZT_UPN_LEN + 2 || !in_range(c, s->month))
        return 0;
    char upn[ZT_UPN_LEN + 1];
    memcpy(upn, s->key + 1, ZT_UPN_LEN);
    upn[ZT_UPN_LEN] = '\0';
    uint64_t held = 0, kept = 0, bound = s->month == c->to_month ? c->last_month_slots : ~0ull;
    for (int i = 0; i < ZT_SYNC_SLOTS; i++)
        if (s->codes[i])
            held |= 1ull << i;
    held &= bound;
    if (!held || !deletable_pupil(c, ZT_SYNC_ATTENDANCE, upn))
        return 0;
    c->dl->stored[ZT_SYNC_ATTENDANCE] += (uint32_t)popcount62(held);
    long pupil = zt_export_find(c->e, upn);
    const struct zt_export_month *m = zt_export_month_of(c->e, (uint32_t)pupil, (uint32_t)s->month);
    for (int i = 0; m && i < ZT_SYNC_SLOTS; i++)
        if (m->codes[i])
            kept |= 1ull << i;
    uint64_t gone = held & ~kept;
    if (!gone)
        return 0;
    Zt__Deletion *d = add(c->dl, ZT__RECORD_KIND__REC_ATTENDANCE, 0);
    if (!d || !(d->upn = zt_arena_strdup(&c->dl->arena, upn)))
        return c->failed = -1;
    d->has_month = d->has_slots = 1;
    d->month = (uint32_t)s->month;
    d->slots = gone;
    c->dl->count[ZT_SYNC_ATTENDANCE] += (uint32_t)popcount62(gone);
    return 0;
}

static int on_event(const struct zt_state_entry *s, void *arg, int kind)
{
    struct compare *c = arg;
    if (!in_range(c, s->month) || s->klen < 2 || s->klen - 1 > ZT_SYNC_ID_MAX ||
        !deletable_pupil(c, kind, s->upn))
        return 0;
    char id[ZT_SYNC_ID_MAX + 1];
    memcpy(id, s->key + 1, s->klen - 1u);
    id[s->klen - 1] = '\0';
    c->dl->stored[kind]++;
    if (zt_export_bad_key(c->e, kind, id) || exported(c, s))
        return 0;
    Zt__Deletion *d = add(c->dl, (Zt__RecordKind)kind, 0);
    if (!d || !(d->id = zt_arena_strdup(&c->dl->arena, id)))
        return c->failed = -1;
    c->dl->count[kind]++;
    return 0;
}

static int on_incident(const struct zt_state_entry *s, void *arg)
{
    return on_event(s, arg, ZT_SYNC_BEHAVIOUR);
}

static int on_health(const struct zt_state_entry *s, void *arg)
{
    return on_event(s, arg, ZT_SYNC_HEALTH);
}

/* An assessment unit's key: kind, upn, subject, date (big-endian). */
static int on_assessment(const struct zt_state_entry *s, void *arg)
{
    struct compare *c = arg;
    if (s->klen != 1 + ZT_UPN_LEN + 5 || !in_range(c, s->month))
        return 0;
    char upn[ZT_UPN_LEN + 1];
    memcpy(upn, s->key + 1, ZT_UPN_LEN);
    upn[ZT_UPN_LEN] = '\0';
    if (!deletable_pupil(c, ZT_SYNC_ASSESSMENT, upn))
        return 0;
    const uint8_t *k = s->key + 1 + ZT_UPN_LEN;
    uint32_t subject = k[0];
    int32_t date = (int32_t)zt_get_be32(k + 1);
    c->dl->stored[ZT_SYNC_ASSESSMENT]++;
    if (exported(c, s))
        return 0;
    Zt__Deletion *d = add(c->dl, ZT__RECORD_KIND__REC_ASSESSMENT, 0);
    if (!d || !(d->upn = zt_arena_strdup(&c->dl->arena, upn)))
        return c->failed = -1;
    d->has_subject = d->has_date = 1;
    d->subject = subject;
    d->date = date;
    c->dl->count[ZT_SYNC_ASSESSMENT]++;
    return 0;
}

/* The export's unit keys of one kind (common/sync_digest.h), sorted, for
 * looking each state entry up. */
static int collect_keys(struct compare *c, const struct zt_export_record *r, size_t n, int kind)
{
    free(c->keys);
    c->keys = malloc((n + 1) * sizeof *c->keys);
    if (!c->keys)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct zt_sync_unit u;
        zt_delta_record_unit(&r[i], (enum zt_sync_kind)kind, &u);
        c->keys[i].len = (uint8_t)u.klen;
        memcpy(c->keys[i].k, u.key, u.klen);
    }
    c->nkeys = n;
    qsort(c->keys, n, sizeof *c->keys, cmp_unit_key);
    return 0;
}

int zt_deletions_snapshot(struct zt_deletions *dl, const struct zt_export *e, const struct zt_state *st,
                          zt_date as_of, FILE *report)
{
    int y, m, d;
    zt_date_to_ymd(as_of, &y, &m, &d);
    struct compare c = {.dl = dl, .e = e, .from_month = zt_date_month_index(zt_academic_year_start(as_of)),
                        .to_month = zt_date_month_index(as_of),
                        .last_month_slots = d >= 31 ? ~0ull : (1ull << (2 * d)) - 1};
    for (int kind = ZT_SYNC_ATTENDANCE; kind < ZT_SYNC_KINDS; kind++) {
        if (!(e->files_read & (1u << kind)))
            continue; /* a file that is absent deletes nothing */
        if (e->bad[kind].unkeyed) {
            fprintf(report, "nothing deleted from %s: %u rejected row(s) name no readable key\n",
                    file_of_kind[kind], e->bad[kind].unkeyed);
            continue;
        }
        static int (*const walker[ZT_SYNC_KINDS])(const struct zt_state_entry *, void *) = {
            [ZT_SYNC_ATTENDANCE] = on_month, [ZT_SYNC_BEHAVIOUR] = on_incident,
            [ZT_SYNC_ASSESSMENT] = on_assessment, [ZT_SYNC_HEALTH] = on_health};
        const struct zt_export_record *const records[ZT_SYNC_KINDS] = {
            [ZT_SYNC_BEHAVIOUR] = e->behaviour, [ZT_SYNC_ASSESSMENT] = e->assessments, [ZT_SYNC_HEALTH] = e->health};
        const size_t nrecords[ZT_SYNC_KINDS] = {
            [ZT_SYNC_BEHAVIOUR] = e->nbehaviour, [ZT_SYNC_ASSESSMENT] = e->nassessments, [ZT_SYNC_HEALTH] = e->nhealth};
        int rc = kind == ZT_SYNC_ATTENDANCE ? 0 : collect_keys(&c, records[kind], nrecords[kind], kind);
        if (rc == 0)
            rc = zt_state_each(st, kind, walker[kind], &c);
        if (rc || c.failed) {
            free(c.keys);
            return -1;
        }
    }
    free(c.keys);
    return 0;
}

/* --- deletions.csv -------------------------------------------------------- */

enum { D_FILE, D_KEY, D_NCOLS };
static const char *const del_cols[D_NCOLS] = {"file", "key"};

/* The key's parts split at '|' into parts[] (NUL-terminated copies in buf). */
static int split_key(struct zt_field f, char *buf, size_t size, char **parts, int max)
{
    if (f.len >= size)
        return -1;
    memcpy(buf, f.s, f.len);
    buf[f.len] = '\0';
    int n = 0;
    for (char *p = buf; n < max; n++) {
        parts[n] = p;
        char *bar = strchr(p, '|');
        if (!bar)
            return n + 1;
        *bar = '\0';
        p = bar + 1;
    }
    return -1;
}

static int parse_deletion(struct zt_deletions *dl, const struct zt_reader *r, char *why)
{
    struct zt_field file = zt_reader_field(r, D_FILE), key = zt_reader_field(r, D_KEY);
    int kind = 0;
    for (int k = ZT_SYNC_ATTENDANCE; k < ZT_SYNC_KINDS; k++)
        if (file.len == strlen(file_of_kind[k]) && !memcmp(file.s, file_of_kind[k], file.len))
            kind = k;
    if (!kind)
        return zt_why(why, "field 'file': '%.*s' is not attendance.csv, behaviour.csv, assessments.csv or "
                           "health.csv", (int)(file.len > 40 ? 40 : file.len), file.s);
    char buf[128], *p[4];
    int n = split_key(key, buf, sizeof buf, p, 4);
    unsigned line = r->csv.line;
    if (kind == ZT_SYNC_BEHAVIOUR || kind == ZT_SYNC_HEALTH) {
        if (n != 1 || !p[0][0] || strlen(p[0]) > ZT_SYNC_ID_MAX)
            return zt_why(why, "field 'key': an %s is deleted by its id (1-32 characters)", kind_noun[kind]);
        Zt__Deletion *d = add(dl, (Zt__RecordKind)kind, line);
        return d && (d->id = zt_arena_strdup(&dl->arena, p[0])) ? 0 : zt_why(why, "out of memory");
    }
    if (n != 3)
        return zt_why(why, "field 'key': %s", kind == ZT_SYNC_ATTENDANCE ? "UPN|DATE|SESSION expected"
                                                                         : "UPN|SUBJECT|DATE expected");
    const char *bad = zt_upn_invalid(p[0], strlen(p[0]));
    if (bad)
        return zt_why(why, "field 'key': UPN '%.20s': %s", p[0], bad);
    int32_t date;
    const char *date_s = kind == ZT_SYNC_ATTENDANCE ? p[1] : p[2];
    if (zt_date_parse(date_s, strlen(date_s), &date))
        return zt_why(why, "field 'key': '%.20s' is not a date (YYYY-MM-DD)", date_s);
    int session = 0, subject = 0;
    if (kind == ZT_SYNC_ATTENDANCE && !(session = zt_vocab_parse(&zt_vocab_session, p[2], strlen(p[2]))))
        return zt_why(why, "field 'key': session '%.8s' is not AM or PM", p[2]);
    if (kind == ZT_SYNC_ASSESSMENT && !(subject = zt_vocab_parse(&zt_vocab_subject, p[1], strlen(p[1]))))
        return zt_why(why, "field 'key': subject '%.16s' is not maths, reading, writing or english", p[1]);
    Zt__Deletion *d = add(dl, (Zt__RecordKind)kind, line);
    if (!d || !(d->upn = zt_arena_strdup(&dl->arena, p[0])))
        return zt_why(why, "out of memory");
    if (kind == ZT_SYNC_ATTENDANCE) {
        int yy, mm, dd;
        zt_date_to_ymd(date, &yy, &mm, &dd);
        d->has_month = d->has_slots = 1;
        d->month = (uint32_t)zt_date_month_index(date);
        d->slots = 1ull << (2 * (dd - 1) + (session == ZT_SESSION_PM));
    } else {
        d->has_subject = d->has_date = 1;
        d->subject = (uint32_t)subject;
        d->date = date;
    }
    return 0;
}

int zt_deletions_file(struct zt_deletions *dl, struct zt_export *e, const char *dir,
                      const struct zt_snapshot *snap, FILE *report)
{
    if (!zt_snapshot_holds(snap, dir, "deletions.csv"))
        return 0; /* optional: nothing to delete */
    struct zt_rows rows = {report, &e->read, &e->rejected, &e->failed_files, snap, NULL}; /* our own format: never mapped */
    struct zt_reader r;
    if (zt_reader_open(&r, &rows, dir, "deletions.csv", del_cols, D_NCOLS, D_NCOLS))
        return 0;
    char why[ZT_WHY_MAX];
    while (zt_reader_next(&r))
        if (parse_deletion(dl, &r, why))
            zt_rows_reject(&rows, "deletions.csv", r.csv.line, why);
    zt_csv_close(&r.csv);
    return 0;
}

/* --- the guard, sending, the state ---------------------------------------- */

int zt_deletions_guard(struct zt_deletions *dl, long max_pct, FILE *report)
{
    int withheld = 0;
    for (int kind = ZT_SYNC_ATTENDANCE; kind < ZT_SYNC_KINDS; kind++) {
        uint32_t n = dl->count[kind], of = dl->stored[kind];
        if (!n || (uint64_t)n * 100 <= (uint64_t)max_pct * of)
            continue;
        fprintf(report,
                "nothing deleted from %s: %u of the %u %ss the zone holds from this school this year (%.0f%%) "
                "are gone from it, more than max_delete_pct (%ld%%); if the export is right, run "
                "zone-agent push --allow-deletes\n",
                file_of_kind[kind], n, of, kind_noun[kind], of ? 100.0 * n / of : 100.0, max_pct);
        size_t w = 0;
        for (size_t i = 0; i < dl->n; i++)
            if ((int)dl->d[i].kind != kind)
                dl->d[w] = dl->d[i], dl->line[w++] = dl->line[i];
        dl->n = w;
        dl->count[kind] = 0;
        withheld++;
    }
    return withheld;
}

/* The state's copy of what the zone dropped: a month loses its slots (and
 * goes when none is left), any other record goes. */
static int forget(struct zt_state *st, const Zt__Deletion *d, const uint8_t *refused, size_t n, char *err,
                  size_t errlen)
{
    struct zt_state_entry *put = calloc(n + 1, sizeof *put), *del = calloc(n + 1, sizeof *del);
    size_t nput = 0, ndel = 0;
    if (!put || !del) {
        free(put), free(del);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (refused[i])
            continue;
        struct zt_sync_unit u;
        if (d[i].kind == ZT__RECORD_KIND__REC_ATTENDANCE) {
            uint8_t none[ZT_SYNC_SLOTS] = {0};
            zt_sync_attendance(&u, d[i].upn, (int32_t)d[i].month, none);
            struct zt_state_entry held;
            if (!zt_state_find(st, u.key, u.klen, &held) || !held.has_codes)
                continue;
            int left = 0;
            for (int s = 0; s < ZT_SYNC_SLOTS; s++) {
                if ((d[i].slots >> s) & 1)
                    held.codes[s] = 0;
                left |= held.codes[s];
            }
            if (!left) {
                del[ndel++] = held;
                continue;
            }
            zt_sync_attendance(&u, d[i].upn, (int32_t)d[i].month, held.codes);
            zt_state_entry_set(&put[nput++], &u, held.codes);
            continue;
        }
        if (d[i].kind == ZT__RECORD_KIND__REC_ASSESSMENT) {
            Zt__AssessmentRow a = ZT__ASSESSMENT_ROW__INIT;
            a.upn = d[i].upn, a.subject = d[i].subject, a.date = d[i].date;
            zt_sync_assessment(&u, &a);
        } else if (d[i].kind == ZT__RECORD_KIND__REC_BEHAVIOUR) {
            Zt__BehaviourRow b = ZT__BEHAVIOUR_ROW__INIT;
            b.incident_id = d[i].id, b.upn = "", b.category = "";
            zt_sync_behaviour(&u, &b);
        } else {
            Zt__HealthRow h = ZT__HEALTH_ROW__INIT;
            h.event_id = d[i].id, h.upn = "", h.kind = "";
            zt_sync_health(&u, &h);
        }
        zt_state_entry_set(&del[ndel++], &u, NULL);
    }
    int rc = nput + ndel ? zt_state_apply(st, NULL, del, ndel, put, nput, NULL, err, errlen) : 0;
    free(put), free(del);
    return rc;
}

static int send_batch(struct zt_link *l, struct zt_state *st, struct zt_deletions *dl, size_t from, size_t n,
                      FILE *report, uint32_t *deleted, uint32_t *rejected, char *err, size_t errlen)
{
    uint8_t id[ZT_BATCH_ID_LEN];
    Zt__Deletion **list = calloc(n, sizeof *list);
    uint8_t *refused = calloc(n, 1);
    if (!list || !refused || getrandom(id, sizeof id, 0) != (ssize_t)sizeof id) {
        free(list), free(refused);
        snprintf(err, errlen, "cannot make a batch id");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        list[i] = &dl->d[from + i];
    Zt__PushBatch b = ZT__PUSH_BATCH__INIT;
    b.batch_id.data = id, b.batch_id.len = sizeof id;
    b.deletions = list, b.n_deletions = n;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PUSH;
    req.push = &b;
    Zt__Response *resp;
    int rc = zt_link_call(l, &req, ZT__RESPONSE__BODY_PUSH, &resp, err, errlen);
    free(list);
    if (rc) {
        free(refused);
        return -1;
    }
    const Zt__PushReply *r = resp->push;
    *deleted += r->deleted;
    for (size_t i = 0; i < r->n_rejected; i++) {
        const Zt__Rejected *x = r->rejected[i];
        if (x->kind != ZT__RECORD_KIND__REC_DELETION || x->index >= n)
            continue;
        refused[x->index] = 1;
        unsigned line = dl->line[from + x->index];
        if (line)
            fprintf(report, "rejected deletions.csv:%u: refused by the zone: %s\n", line, x->reason);
        else
            fprintf(report, "deletion refused by the zone: %s\n", x->reason);
        (*rejected)++;
    }
    rc = r->replayed ? 0 : forget(st, &dl->d[from], refused, n, err, errlen);
    zt__response__free_unpacked(resp, NULL);
    free(refused);
    return rc;
}

int zt_deletions_send(struct zt_link *l, struct zt_state *st, struct zt_deletions *dl, FILE *report,
                      uint32_t *deleted, uint32_t *rejected, char *err, size_t errlen)
{
    for (size_t from = 0; from < dl->n; from += PER_BATCH) {
        size_t n = dl->n - from < PER_BATCH ? dl->n - from : PER_BATCH;
        if (send_batch(l, st, dl, from, n, report, deleted, rejected, err, errlen))
            return -1;
    }
    return 0;
}

void zt_deletions_free(struct zt_deletions *dl)
{
    free(dl->d);
    free(dl->line);
    zt_arena_free(&dl->arena);
    memset(dl, 0, sizeof *dl);
}
