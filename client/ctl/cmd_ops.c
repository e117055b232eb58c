/* zonectl's operations commands: status, audit, export-pupil,
 * erase-pupil, purge. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alert_format.h"
#include "codes.h"
#include "commands.h"
#include "ctl_args.h"
#include "date.h"
#include "support_codes.h"
#include "support_json.h"
#include "tls.h"

static const char *when_text(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    strftime(buf, size, "%Y-%m-%d %H:%M:%S", localtime(&tt));
    return buf;
}

/* The CRL's expiry: past it, zoned refuses every client, this one included. */
static void print_crl(const Zt__StatusReply *st, char *t, size_t size)
{
    if (!st->has_crl_expiry) {
        printf("no CRL: revocation is not checked\n");
        return;
    }
    long left = (long)(st->crl_expiry - st->now);
    if (left <= 0)
        printf("WARNING: the CRL expired %s: every client, coordinators included, is refused; "
               "re-sign it (zonectl pki crl) and reload zoned\n",
               when_text(st->crl_expiry, t, size));
    else if (left <= ZT_CRL_WARN_DAYS * 86400L)
        printf("WARNING: the CRL expires %s (in %ldd %02ldh): then every client, coordinators "
               "included, is refused; re-sign it (zonectl pki crl) and reload zoned\n",
               when_text(st->crl_expiry, t, size), left / 86400, left / 3600 % 24);
    else
        printf("CRL valid until %s\n", when_text(st->crl_expiry, t, size));
}

/* --- status ----------------------------------------------------------------------- */

int zt_cmd_status(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "status\n"
                               "  zoned's uptime and connections, the evaluation date, the store's size, and\n"
                               "  each school's last sync (STALE when older than stale_sync_hours).\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("status", help, zt_ctl_help_only, 0, 0);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    Zt__StatusRequest q = ZT__STATUS_REQUEST__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_STATUS;
    req.status = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_STATUS, &resp);
    if (rc)
        return rc;
    const Zt__StatusReply *st = resp->status;
    char t[32], d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN];
    long up = (long)(st->now - st->started);
    printf("zoned up %ldd %02ld:%02ld:%02ld (since %s), %u connection(s)\n", up / 86400, up / 3600 % 24,
           up / 60 % 60, up % 60, when_text(st->started, t, sizeof t), st->connections);
    /* pushes evaluate their pupils in their own transaction; only a new
     * date leaves the whole zone to re-evaluate */
    printf("as of %s, last whole-zone evaluation %s: %s\n", zt_date_format(st->as_of, d1),
           zt_date_format(st->evaluated, d2),
           st->evaluated < st->as_of ? "a whole-zone re-evaluation is due" : "up to date");
    printf("store %.1f MiB (map %.0f MiB), %u pupils, %u open alerts, %llu pushes and %llu refusals since start\n",
           st->store_bytes / 1048576.0, st->map_bytes / 1048576.0, st->pupils, st->open_alerts,
           (unsigned long long)st->pushes, (unsigned long long)st->refused);
    print_crl(st, t, sizeof t);
    for (size_t i = 0; i < st->n_schools; i++) {
        const Zt__SchoolSync *ss = st->schools[i];
        long ago = (long)(st->now - ss->last_sync);
        printf("  school %06u last synced %s (%ldh %02ldm ago)%s\n", ss->school, when_text(ss->last_sync, t, sizeof t),
               ago / 3600, ago / 60 % 60, ss->stale ? "  STALE: not syncing" : "");
    }
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* --- audit [--since DATE] [--who NAME] ------------------------------------------ */

/* Whose entries --who names: a bare name is a coordinator's, six digits a
 * school's, and "coordinator:NAME" or "school:URN" as the entries say. */
static void who_of(const char *name, char *buf, size_t size)
{
    uint32_t urn;
    if (strchr(name, ':'))
        snprintf(buf, size, "%s", name);
    else if (zt_ctl_parse_urn(name, &urn) == 0)
        snprintf(buf, size, "school:%s", name);
    else
        snprintf(buf, size, "coordinator:%s", name);
}

int zt_cmd_audit(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "audit [--since YYYY-MM-DD] [--who NAME]\n"
        "  The audit log: every coordinator's read of pupil-level data and every change,\n"
        "  with who and when, oldest first. A coordinator's certificate.\n"
        "  --since DATE    entries from DATE on\n"
        "  --who NAME      one certificate's entries: a coordinator's name (jane), a\n"
        "                  school's URN (100001), or coordinator:jane / school:100001\n";
    static const struct option opts[] = {
        {"since", required_argument, NULL, 's'}, {"who", required_argument, NULL, 'w'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("audit", help, opts, 0, 0);
    Zt__AuditQuery q = ZT__AUDIT_QUERY__INIT;
    char who[128];
    int c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0) {
        if (c == 's') {
            zt_date d;
            if (zt_ctl_date_arg(&args, "--since", optarg, &d))
                return 2;
            q.has_since = 1;
            q.since = (int64_t)d * 86400;
        } else {
            who_of(optarg, who, sizeof who);
            q.who = who;
        }
    }
    if (c < 0)
        return args.exit_code;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_AUDIT;
    req.audit = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_AUDIT, &resp);
    if (rc)
        return rc;
    char t[32];
    for (size_t i = 0; i < resp->audit->n_entries; i++) {
        const Zt__AuditEntry *e = resp->audit->entries[i];
        printf("%s  %-24s  %s\n", when_text(e->when, t, sizeof t), e->who, e->what);
    }
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* --- export-pupil UPN: everything held, as JSON --------------------------------- */

static void json_record(struct zt_json *w, const Zt__SchoolRecord *r)
{
    char d[ZT_DATE_STRLEN];
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_urn(w, "school", r->school);
    if (r->row_case == ZT__SCHOOL_RECORD__ROW_BEHAVIOUR) {
        const Zt__BehaviourRow *b = r->behaviour;
        zt_json_kstr(w, "type", "behaviour");
        zt_json_kstr(w, "incident_id", b->incident_id);
        zt_json_kstr(w, "date", zt_date_format(b->date, d));
        zt_json_kstr(w, "category", b->category);
        zt_json_kuint(w, "points", b->points);
        zt_json_kstr(w, "action", zt_vocab_text(&zt_vocab_action, (int)b->action));
        if (b->has_days_x100)
            zt_json_knum(w, "days", b->days_x100 / 100.0, 2);
    } else if (r->row_case == ZT__SCHOOL_RECORD__ROW_ASSESSMENT) {
        const Zt__AssessmentRow *a = r->assessment;
        zt_json_kstr(w, "type", "assessment");
        zt_json_kstr(w, "subject", zt_vocab_text(&zt_vocab_subject, (int)a->subject));
        zt_json_kstr(w, "date", zt_date_format(a->date, d));
        zt_json_kstr(w, "step", zt_vocab_text(&zt_vocab_step, (int)a->step));
    } else if (r->row_case == ZT__SCHOOL_RECORD__ROW_HEALTH) {
        const Zt__HealthRow *h = r->health;
        zt_json_kstr(w, "type", "health");
        zt_json_kstr(w, "event_id", h->event_id);
        zt_json_kstr(w, "date", zt_date_format(h->date, d));
        zt_json_kstr(w, "kind", h->kind);
        zt_json_kstr(w, "severity", zt_vocab_text(&zt_vocab_severity, (int)h->severity));
    }
    zt_json_end(w);
}

/* Meetings, plan actions and alert stages, as the support records hold them. */
static void json_support(struct zt_json *w, const Zt__SupportReply *r)
{
    zt_json_object(w, ZT_JSON_LINES);
    zt_json_key(w, "meetings");
    zt_json_array(w, ZT_JSON_LINES);
    for (size_t i = 0; r && i < r->n_meetings; i++)
        zt_json_meeting(w, r->meetings[i], NULL);
    zt_json_end(w);
    zt_json_plans(w, r ? r->plans : NULL, r ? r->n_plans : 0, ZT_JSON_LINES);
    zt_json_stages(w, r ? r->stages : NULL, r ? r->n_stages : 0, ZT_JSON_LINES);
    zt_json_end(w);
}

static int json_export(const Zt__PupilExport *x)
{
    char d[ZT_DATE_STRLEN];
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_object(&w, ZT_JSON_LINES);
    zt_json_kstr(&w, "upn", x->upn);
    zt_json_key(&w, "rolls");
    zt_json_array(&w, ZT_JSON_INLINE); /* a pupil has one or two */
    for (size_t i = 0; i < x->n_rolls; i++)
        zt_json_roll(&w, x->rolls[i]);
    zt_json_end(&w);
    zt_json_key(&w, "attendance");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < x->n_marks; i++) {
        const Zt__Mark *m = x->marks[i];
        zt_json_object(&w, ZT_JSON_INLINE);
        zt_json_urn(&w, "school", m->school);
        zt_json_kstr(&w, "date", zt_date_format(m->date, d));
        zt_json_kstr(&w, "session", zt_vocab_text(&zt_vocab_session, (int)m->session));
        zt_json_kstr(&w, "code", zt_mark_text((int)m->code));
        zt_json_end(&w);
    }
    zt_json_end(&w);
    zt_json_key(&w, "records");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < x->n_records; i++)
        json_record(&w, x->records[i]);
    zt_json_end(&w);
    zt_json_key(&w, "support");
    json_support(&w, x->support);
    zt_json_key(&w, "alerts");
    zt_alerts_json_write(&w, x->alerts, x->n_alerts, NULL, NULL);
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

int zt_cmd_export_pupil(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "export-pupil UPN\n"
        "  Everything the zone holds on one pupil, as JSON (a subject access request):\n"
        "  rolls, marks, records, support and alerts. A coordinator's certificate.\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("export-pupil", help, zt_ctl_help_only, 1, 1);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    if (zt_ctl_upn_arg(&args, "UPN", args.operand[0]))
        return 2;
    Zt__PupilQuery q = ZT__PUPIL_QUERY__INIT;
    q.upn = args.operand[0];
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_EXPORT_PUPIL;
    req.export_pupil = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_EXPORT_PUPIL, &resp);
    if (rc)
        return rc;
    rc = json_export(resp->export_pupil);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}

/* --- erase-pupil UPN --reason TEXT ---------------------------------------------- */

int zt_cmd_erase_pupil(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "erase-pupil UPN --reason TEXT [--lift]\n"
        "  Erases every record of one pupil (a data subject's erasure request) and keeps\n"
        "  them erased: later pushes of the UPN from any school are refused. A\n"
        "  coordinator's certificate; audited by an erasure reference, not the UPN.\n"
        "  --reason TEXT   the lawful basis, kept in the audit log\n"
        "  --lift          end the erasure: the zone accepts the UPN again\n";
    static const struct option opts[] = {ZT_CTL_OPT_REASON, {"lift", no_argument, NULL, 'l'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("erase-pupil", help, opts, 1, 1);
    Zt__EraseRequest q = ZT__ERASE_REQUEST__INIT;
    int c;
    while ((c = zt_ctl_upn_reason(&args, argc, argv, &q.upn, &q.reason)) > 0)
        q.has_lift = q.lift = 1; /* --lift, its one option beside --reason */
    if (c < 0)
        return args.exit_code;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ERASE_PUPIL;
    req.erase_pupil = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_ERASE_PUPIL, &resp);
    if (rc)
        return rc;
    const char *ref = resp->erase_pupil->ref ? resp->erase_pupil->ref : "?";
    if (q.lift)
        printf("erasure %s lifted: the zone accepts %s again\n", ref, q.upn);
    else
        printf("erased %s: %u records removed; later pushes of this pupil are refused (erasure %s)\n", q.upn,
               resp->erase_pupil->records, ref);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* --- purge [--dry-run] ------------------------------------------------------------- */

int zt_cmd_purge(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "purge [--dry-run]\n"
        "  Removes the pupils who left every roll in the zone more than retention_days\n"
        "  ago (zoned does it itself each day). A coordinator's certificate.\n"
        "  --dry-run       list who would be purged; remove nothing\n";
    static const struct option opts[] = {{"dry-run", no_argument, NULL, 'n'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("purge", help, opts, 0, 0);
    Zt__PurgeRequest q = ZT__PURGE_REQUEST__INIT;
    int c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0)
        q.dry_run = 1;
    if (c < 0)
        return args.exit_code;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PURGE;
    req.purge = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_PURGE, &resp);
    if (rc)
        return rc;
    const Zt__PurgeReply *p = resp->purge;
    for (size_t i = 0; i < p->n_upns; i++)
        printf("%s %s\n", q.dry_run ? "would purge" : "purged", p->upns[i]);
    printf("%s %zu pupil(s) who left the zone more than %lld days ago%s\n", q.dry_run ? "would purge" : "purged",
           p->n_upns, (long long)p->retention_days, q.dry_run ? " (dry run: nothing removed)" : "");
    zt__response__free_unpacked(resp, NULL);
    return 0;
}
