/* Operations, for a coordinator only: backup, status, the audit trail,
 * subject access (everything held about one pupil), lawful erasure and the
 * retention purge. Reads of pupil-level data and every change are audited. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alerts.h"
#include "audit.h"
#include "backup.h"
#include "codes.h"
#include "erase.h"
#include "erasures.h"
#include "err.h"
#include "family.h"
#include "handlers.h"
#include "log.h"
#include "pupil_walk.h"
#include "status.h"
#include "support_wire.h"
#include "thresholds.h"
#include "upn.h"
#include "wire.h"

#define BACKUP_CHUNK (4u << 20)

/* --- backup ------------------------------------------------------------- */

/* A new copy for this coordinator alone, made off the event loop. The whole
 * zone's pupil-level data leaves with it: no audit entry, no backup. */
static void start_backup(struct zt_request *r, Zt__BackupChunk *c)
{
    struct zt_backups *b = r->svc->backups;
    if (!zt_require_audit(r, "took a backup of the store"))
        return;
    int rc = b ? zt_backup_start(b, r->who->name, &c->id) : -ENOMEM;
    if (rc == -EBUSY) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "%d backups are under way: try again when one has ended",
                       ZT_BACKUPS_MAX);
        return;
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "backup failed: %s", zt_strerror(rc));
        return;
    }
    zt_info("backup %llu for %s: copying", (unsigned long long)c->id, r->who->name);
    c->has_id = c->has_ready = 1;
    r->resp->body_case = ZT__RESPONSE__BODY_BACKUP;
    r->resp->backup = c;
}

void zt_handle_backup(struct zt_request *r, const Zt__BackupRequest *q)
{
    if (!zt_require_coordinator(r, "taking a backup"))
        return;
    Zt__BackupChunk *c = zt_arena_alloc(r->arena, sizeof *c);
    uint8_t *data = zt_arena_alloc(r->arena, BACKUP_CHUNK);
    uint8_t *sha = zt_arena_alloc(r->arena, ZT_SHA256_LEN);
    if (!c || !data || !sha)
        return;
    zt__backup_chunk__init(c);
    if (q->has_start && q->start) {
        start_backup(r, c);
        return;
    }
    if (!q->has_id) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_BAD_REQUEST, "this zonectl takes backups the old way: upgrade it");
        return;
    }
    struct zt_backup_state st;
    size_t n = 0;
    int rc = r->svc->backups ? zt_backup_read(r->svc->backups, r->who->name, q->id, q->offset, data,
                                              BACKUP_CHUNK, &n, &st)
                             : -ENOENT;
    if (rc == -ENOENT) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "no backup %llu under way for %s: start again",
                       (unsigned long long)q->id, r->who->name);
        return;
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "backup failed: %s", zt_strerror(rc));
        return;
    }
    c->offset = q->offset;
    c->total = st.size;
    c->data.data = data;
    c->data.len = n;
    c->has_id = c->has_ready = 1;
    c->id = q->id;
    c->ready = st.ready != 0;
    if (st.ready) {
        memcpy(sha, st.sha256, ZT_SHA256_LEN);
        c->has_sha256 = 1;
        c->sha256.data = sha;
        c->sha256.len = ZT_SHA256_LEN;
    }
    r->resp->body_case = ZT__RESPONSE__BODY_BACKUP;
    r->resp->backup = c;
}

/* --- status ------------------------------------------------------------- */

void zt_handle_status(struct zt_request *r)
{
    if (!zt_require_coordinator(r, "reading the zone's status"))
        return;
    struct zt_status st;
    int rc = zt_status_gather(r->svc, &st);
    Zt__StatusReply *s = zt_arena_alloc(r->arena, sizeof *s);
    Zt__SchoolSync **list = zt_arena_alloc(r->arena, (st.nschools + 1) * sizeof *list);
    Zt__SchoolSync *items = zt_arena_alloc(r->arena, (st.nschools + 1) * sizeof *items);
    if (rc || !s || !list || !items) {
        zt_status_free(&st);
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read status: %s", zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    zt__status_reply__init(s);
    for (size_t i = 0; i < st.nschools; i++) {
        zt__school_sync__init(&items[i]);
        items[i].school = st.schools[i].school;
        items[i].last_sync = st.schools[i].last_sync;
        items[i].stale = st.schools[i].stale != 0;
        list[i] = &items[i];
    }
    s->schools = list;
    s->n_schools = st.nschools;
    s->started = st.started;
    s->now = st.now;
    s->connections = st.connections;
    s->store_bytes = st.store_bytes;
    s->map_bytes = st.map_bytes;
    s->pupils = st.pupils;
    s->open_alerts = st.open_alerts;
    s->as_of = st.as_of;
    s->evaluated = st.evaluated;
    s->pushes = st.pushes;
    s->refused = st.refused;
    s->has_crl_expiry = st.crl_expiry != 0;
    s->crl_expiry = st.crl_expiry;
    zt_status_free(&st);
    r->resp->body_case = ZT__RESPONSE__BODY_STATUS;
    r->resp->status = s;
}

/* --- audit ---------------------------------------------------------------- */

struct audit_list {
    struct zt_arena *arena;
    Zt__AuditEntry **items;
    size_t n, cap;
};

static int add_entry(int64_t when, const char *who, const char *what, void *arg)
{
    struct audit_list *l = arg;
    Zt__AuditEntry *e = zt_arena_alloc(l->arena, sizeof *e);
    if (!e || !(l->items = zt_arena_grow(l->arena, l->items, l->n, &l->cap, sizeof *l->items)))
        return -ENOMEM;
    zt__audit_entry__init(e);
    e->when = when;
    e->who = zt_arena_strdup(l->arena, who);
    e->what = zt_arena_strdup(l->arena, what);
    l->items[l->n++] = e;
    return 0;
}

void zt_handle_audit(struct zt_request *r, const Zt__AuditQuery *q)
{
    if (!zt_require_coordinator(r, "reading the audit log"))
        return;
    struct audit_list l = {.arena = r->arena};
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = zt_audit_each(txn, q->has_since ? q->since : 0, q->who, add_entry, &l);
        zt_txn_end(txn);
    }
    Zt__AuditReply *a = zt_arena_alloc(r->arena, sizeof *a);
    if (rc || !a) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot read the audit log: %s",
                       zt_strerror(rc ? rc : -ENOMEM));
        return;
    }
    zt__audit_reply__init(a);
    a->entries = l.items;
    a->n_entries = l.n;
    r->resp->body_case = ZT__RESPONSE__BODY_AUDIT;
    r->resp->audit = a;
}

/* --- subject access ---------------------------------------------------------- */

struct export_view {
    struct zt_arena *arena;
    Zt__PupilExport *x;
    size_t cap_rolls, cap_marks, cap_records;
    zt_date as_of; /* for the alerts' stages */
};

static int ex_roll(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct export_view *ev = arg;
    struct zt_roll_value rv;
    if (k->len != ZT_ROLL_KEY_LEN || zt_value_copy(&rv, sizeof rv, v->data, v->len))
        return ZT_E_CORRUPT;
    Zt__PupilExport *x = ev->x;
    Zt__RollEntry *e = zt_roll_to_wire(x->upn, zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN), &rv, ev->arena);
    if (!e || !(x->rolls = zt_arena_grow(ev->arena, x->rolls, x->n_rolls, &ev->cap_rolls, sizeof *x->rolls)))
        return -ENOMEM;
    x->rolls[x->n_rolls++] = e;
    return 0;
}

static int ex_marks(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct export_view *ev = arg;
    Zt__PupilExport *x = ev->x;
    const uint8_t *kb = k->data, *codes = v->data;
    if (k->len != ZT_ATT_KEY_LEN || v->len != ZT_MONTH_SLOTS)
        return ZT_E_CORRUPT;
    zt_date first = zt_month_index_first_day(zt_key_attendance_month(kb));
    for (int slot = 0; slot < ZT_MONTH_SLOTS; slot++) {
        if (!codes[slot])
            continue;
        Zt__Mark *m = zt_arena_alloc(ev->arena, sizeof *m);
        if (!m || !(x->marks = zt_arena_grow(ev->arena, x->marks, x->n_marks, &ev->cap_marks, sizeof *x->marks)))
            return -ENOMEM;
        zt__mark__init(m);
        m->school = zt_key_attendance_urn(kb);
        m->date = first + slot / 2;
        m->session = slot % 2 ? ZT_SESSION_PM : ZT_SESSION_AM;
        m->code = codes[slot];
        x->marks[x->n_marks++] = m;
    }
    return 0;
}

static Zt__SchoolRecord *new_record(struct export_view *ev, uint32_t school)
{
    Zt__PupilExport *x = ev->x;
    Zt__SchoolRecord *rec = zt_arena_alloc(ev->arena, sizeof *rec);
    if (!rec || !(x->records = zt_arena_grow(ev->arena, x->records, x->n_records, &ev->cap_records, sizeof *x->records)))
        return NULL;
    zt__school_record__init(rec);
    rec->school = school;
    x->records[x->n_records++] = rec;
    return rec;
}

static int ex_behaviour(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct export_view *ev = arg;
    Zt__BehaviourRow *w;
    int rc = zt_behaviour_to_wire(k, v, ev->x->upn, ev->arena, &w);
    Zt__SchoolRecord *rec = rc ? NULL : new_record(ev, zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN));
    if (rc || !rec)
        return rc ? rc : -ENOMEM;
    rec->row_case = ZT__SCHOOL_RECORD__ROW_BEHAVIOUR;
    rec->behaviour = w;
    return 0;
}

static int ex_health(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct export_view *ev = arg;
    Zt__HealthRow *w;
    int rc = zt_health_to_wire(k, v, ev->x->upn, ev->arena, &w);
    Zt__SchoolRecord *rec = rc ? NULL : new_record(ev, zt_get_be32((const uint8_t *)k->data + ZT_UPN_LEN));
    if (rc || !rec)
        return rc ? rc : -ENOMEM;
    rec->row_case = ZT__SCHOOL_RECORD__ROW_HEALTH;
    rec->health = w;
    return 0;
}

static int ex_assessment(const struct zt_val *k, const struct zt_val *v, void *arg)
{
    struct export_view *ev = arg;
    Zt__AssessmentRow *w;
    uint32_t urn;
    int rc = zt_assessment_to_wire(k, v, ev->x->upn, ev->arena, &w, &urn);
    Zt__SchoolRecord *rec = rc ? NULL : new_record(ev, urn);
    if (rc || !rec)
        return rc ? rc : -ENOMEM;
    rec->row_case = ZT__SCHOOL_RECORD__ROW_ASSESSMENT;
    rec->assessment = w;
    return 0;
}

static int export_pupil(struct zt_txn *txn, struct export_view *ev)
{
    const char *upn = ev->x->upn;
    static const struct zt_pupil_walkers w = {
        .roll = ex_roll, .attendance = ex_marks, .behaviour = ex_behaviour,
        .assessment = ex_assessment, .health = ex_health};
    int rc = zt_pupil_walk(txn, upn, &w, ev);
    if (rc == 0 && ev->x->n_rolls == 0)
        rc = -ENOENT;
    if (rc == 0)
        rc = zt_family_rolls_to_wire(txn, upn, ev->x->rolls, ev->x->n_rolls, ev->arena);
    struct zt_alert_wire_list alerts = {txn, ev->as_of, ev->arena, NULL, 0, 0};
    if (rc == 0)
        rc = zt_alerts_each_seq(txn, upn, zt_alert_wire_add, &alerts);
    ev->x->alerts = alerts.items;
    ev->x->n_alerts = alerts.n;
    if (rc == 0 && !(ev->x->support = zt_arena_alloc(ev->arena, sizeof *ev->x->support)))
        rc = -ENOMEM;
    return rc ? rc : zt_support_read(txn, upn, ev->arena, ev->x->support);
}

void zt_handle_export_pupil(struct zt_request *r, const Zt__PupilQuery *q)
{
    if (!zt_require_coordinator(r, "exporting a pupil's records") || !zt_require_upn(r, q->upn))
        return;
    Zt__PupilExport *x = zt_arena_alloc(r->arena, sizeof *x);
    if (!x)
        return;
    zt__pupil_export__init(x);
    x->upn = zt_arena_strdup(r->arena, q->upn);
    struct export_view ev = {.arena = r->arena, .x = x, .as_of = zt_zone_as_of(r->zone)};
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->zone->store, &txn);
    if (rc == 0) {
        rc = export_pupil(txn, &ev);
        zt_txn_end(txn);
    }
    if (rc == -ENOENT) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND, "the zone holds nothing for %s", q->upn);
        return;
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "cannot export: %s", zt_strerror(rc));
        return;
    }
    if (!zt_require_audit(r, "exported every record of pupil %s", q->upn))
        return;
    r->resp->body_case = ZT__RESPONSE__BODY_EXPORT_PUPIL;
    r->resp->export_pupil = x;
}

/* --- erasure and retention ---------------------------------------------------- */

struct erase_job {
    const char *upn, *who, *reason;
    zt_date today;
    int lift;
    uint32_t records;
    zt_date erased_on; /* set when the pupil was erased already */
    char ref[ZT_ERASURE_REF_LEN];
};

/* Erasure removes every record and keeps the pupil erased (SPEC §8); the
 * audit and the log name the erasure by its reference, never the UPN. */
static int erase_txn(struct zt_txn *txn, void *arg)
{
    struct erase_job *j = arg;
    j->records = 0;
    if (j->lift) {
        int rc = zt_erased_lift(txn, j->upn, j->ref);
        return rc ? rc : zt_audit_add(txn, j->who, "lifted erasure %s: %s", j->ref, j->reason);
    }
    int rc = zt_erased_check(txn, j->upn, &j->erased_on);
    if (rc)
        return rc < 0 ? rc : -EEXIST;
    if ((rc = zt_erase_pupil(txn, j->upn, &j->records)))
        return rc;
    if (j->records == 0)
        return -ENOENT;
    if ((rc = zt_erased_mark(txn, j->upn, j->today, j->ref)))
        return rc;
    return zt_audit_add(txn, j->who, "erased a pupil, erasure %s (%u records): %s", j->ref, j->records, j->reason);
}

void zt_handle_erase_pupil(struct zt_request *r, const Zt__EraseRequest *q)
{
    if (!zt_require_coordinator(r, "erasing a pupil") || !zt_require_upn(r, q->upn))
        return;
    if (!q->reason[0]) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INVALID, "an erasure needs its lawful reason");
        return;
    }
    struct erase_job j = {.upn = q->upn, .who = r->who->name, .reason = q->reason,
                          .today = zt_zone_as_of(r->zone), .lift = q->has_lift && q->lift};
    int rc = zt_store_write(r->zone->store, erase_txn, &j);
    char d[ZT_DATE_STRLEN];
    if (rc == -ENOENT) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_NOT_FOUND,
                       j.lift ? "%s is not erased" : "the zone holds nothing for %s; nothing erased", q->upn);
        return;
    }
    if (rc == -EEXIST) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_CONFLICT, "%s was erased on %s already", q->upn,
                       zt_date_format(j.erased_on, d));
        return;
    }
    if (rc) {
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "%s failed, nothing changed: %s",
                       j.lift ? "lifting the erasure" : "erasure", zt_strerror(rc));
        return;
    }
    if (j.lift)
        zt_info("%s lifted erasure %s", r->who->name, j.ref);
    else
        zt_info("%s erased a pupil, erasure %s: %u records", r->who->name, j.ref, j.records);
    Zt__EraseReply *e = zt_arena_alloc(r->arena, sizeof *e);
    if (!e)
        return;
    zt__erase_reply__init(e);
    e->records = j.records;
    e->ref = zt_arena_strdup(r->arena, j.ref);
    r->resp->body_case = ZT__RESPONSE__BODY_ERASE_PUPIL;
    r->resp->erase_pupil = e;
}

struct purge_job {
    zt_date today;
    int dry_run;
    const char *who;
    struct zt_upn_list upns;
    uint32_t records;
    int64_t retention;
};

static int purge_txn(struct zt_txn *txn, void *arg)
{
    struct purge_job *j = arg;
    struct zt_thresholds t;
    zt_upn_list_free(&j->upns);
    j->records = 0;
    int rc = zt_thresholds_load(txn, &t);
    j->retention = t.v[ZT_THR_RETENTION_DAYS];
    if (rc == 0)
        rc = zt_purge(txn, j->today, j->retention, j->dry_run, &j->upns, &j->records);
    if (rc == 0 && !j->dry_run && j->upns.n)
        rc = zt_audit_add(txn, j->who, "purged %zu pupils past retention (%u records)", j->upns.n, j->records);
    return rc ? rc : j->dry_run ? ZT_E_DRY_RUN : 0; /* a dry run never commits */
}

void zt_handle_purge(struct zt_request *r, const Zt__PurgeRequest *q)
{
    if (!zt_require_coordinator(r, "purging records"))
        return;
    struct purge_job j = {.today = zt_zone_as_of(r->zone), .dry_run = q->dry_run, .who = r->who->name};
    int rc = zt_store_write(r->zone->store, purge_txn, &j);
    if (rc && rc != ZT_E_DRY_RUN) {
        zt_upn_list_free(&j.upns);
        zt_reply_error(r, ZT__ERROR_CODE__ERR_INTERNAL, "purge failed: %s", zt_strerror(rc));
        return;
    }
    /* a dry run's transaction never commits: its list is audited on its own */
    if (j.dry_run && !zt_require_audit(r, "listed %zu pupils a purge would remove (dry run)", j.upns.n)) {
        zt_upn_list_free(&j.upns);
        return;
    }
    Zt__PurgeReply *p = zt_arena_alloc(r->arena, sizeof *p);
    char **upns = zt_arena_alloc(r->arena, (j.upns.n + 1) * sizeof *upns);
    if (p && upns) {
        zt__purge_reply__init(p);
        for (size_t i = 0; i < j.upns.n; i++) {
            char upn[ZT_UPN_LEN + 1];
            upns[i] = zt_arena_strdup(r->arena, zt_upn_list_get(&j.upns, i, upn));
        }
        p->upns = upns;
        p->n_upns = j.upns.n;
        p->records = j.records;
        p->retention_days = j.retention;
        r->resp->body_case = ZT__RESPONSE__BODY_PURGE;
        r->resp->purge = p;
    }
    zt_upn_list_free(&j.upns);
}
