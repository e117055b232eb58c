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
#include "date.h"
#include "support_codes.h"

static int usage(const char *text)
{
    fprintf(stderr, "zonectl: usage: %s\n", text);
    return 2;
}

static const char *when_text(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    strftime(buf, size, "%Y-%m-%d %H:%M:%S", localtime(&tt));
    return buf;
}

/* --- status ----------------------------------------------------------------------- */

int zt_cmd_status(struct zt_session *s, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return usage("status");
    Zt__StatusRequest q = ZT__STATUS_REQUEST__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_STATUS;
    req.status = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_STATUS, &resp))
        return 1;
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

int zt_cmd_audit(struct zt_session *s, int argc, char **argv)
{
    Zt__AuditQuery q = ZT__AUDIT_QUERY__INIT;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--since") && i + 1 < argc) {
            zt_date d;
            const char *v = argv[++i];
            if (zt_date_parse(v, strlen(v), &d))
                return usage("audit [--since YYYY-MM-DD] [--who NAME]");
            q.has_since = 1;
            q.since = (int64_t)d * 86400;
        } else if (!strcmp(argv[i], "--who") && i + 1 < argc) {
            q.who = argv[++i];
        } else {
            return usage("audit [--since YYYY-MM-DD] [--who NAME]");
        }
    }
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_AUDIT;
    req.audit = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_AUDIT, &resp))
        return 1;
    char t[32];
    for (size_t i = 0; i < resp->audit->n_entries; i++) {
        const Zt__AuditEntry *e = resp->audit->entries[i];
        printf("%s  %-24s  %s\n", when_text(e->when, t, sizeof t), e->who, e->what);
    }
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* --- export-pupil UPN: everything held, as JSON --------------------------------- */

static void json_record(const Zt__SchoolRecord *r)
{
    char d[ZT_DATE_STRLEN];
    printf("{\"school\": \"%06u\", ", r->school);
    if (r->row_case == ZT__SCHOOL_RECORD__ROW_BEHAVIOUR) {
        const Zt__BehaviourRow *b = r->behaviour;
        printf("\"type\": \"behaviour\", \"incident_id\": ");
        zt_json_string(stdout, b->incident_id);
        printf(", \"date\": \"%s\", \"category\": ", zt_date_format(b->date, d));
        zt_json_string(stdout, b->category);
        printf(", \"points\": %u, \"action\": \"%s\"", b->points, zt_vocab_text(&zt_vocab_action, (int)b->action));
        if (b->has_days_x100)
            printf(", \"days\": %.2f", b->days_x100 / 100.0);
    } else if (r->row_case == ZT__SCHOOL_RECORD__ROW_ASSESSMENT) {
        const Zt__AssessmentRow *a = r->assessment;
        printf("\"type\": \"assessment\", \"subject\": \"%s\", \"date\": \"%s\", \"step\": \"%s\"",
               zt_vocab_text(&zt_vocab_subject, (int)a->subject), zt_date_format(a->date, d),
               zt_vocab_text(&zt_vocab_step, (int)a->step));
    } else if (r->row_case == ZT__SCHOOL_RECORD__ROW_HEALTH) {
        const Zt__HealthRow *h = r->health;
        printf("\"type\": \"health\", \"event_id\": ");
        zt_json_string(stdout, h->event_id);
        printf(", \"date\": \"%s\", \"kind\": ", zt_date_format(h->date, d));
        zt_json_string(stdout, h->kind);
        printf(", \"severity\": \"%s\"", zt_vocab_text(&zt_vocab_severity, (int)h->severity));
    }
    putchar('}');
}

/* Meetings, plan actions and alert stages, as the support records hold them. */
static void json_support(const Zt__SupportReply *r)
{
    char d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN], roles[200];
    printf("{\"meetings\": [");
    for (size_t i = 0; r && i < r->n_meetings; i++) {
        const Zt__MeetingRow *m = r->meetings[i]->meeting;
        printf("%s{\"school\": \"%06u\", \"meeting_id\": ", i ? ",\n   " : "", r->meetings[i]->school);
        zt_json_string(stdout, m->meeting_id);
        printf(", \"invited\": \"%s\", \"held\": ", zt_date_format(m->invited, d1));
        if (m->has_held)
            printf("\"%s\"", zt_date_format(m->held, d2));
        else
            printf("null");
        printf(", \"attended\": ");
        zt_json_string(stdout, zt_vocab_bits_text(&zt_vocab_role, m->attended, ",", roles, sizeof roles));
        printf(", \"actions\": ");
        zt_json_string(stdout, m->actions ? m->actions : "");
        putchar('}');
    }
    printf("],\n  \"plans\": [");
    for (size_t i = 0; r && i < r->n_plans; i++) {
        const Zt__PlanRow *p = r->plans[i]->plan;
        printf("%s{\"school\": \"%06u\", \"action_id\": ", i ? ",\n   " : "", r->plans[i]->school);
        zt_json_string(stdout, p->action_id);
        printf(", \"offer\": %u, \"lead\": ", p->offer);
        zt_json_string(stdout, p->lead);
        printf(", \"start\": \"%s\", \"review\": \"%s\", \"status\": \"%s\", \"outcome\": ",
               zt_date_format(p->start, d1), zt_date_format(p->review, d2),
               zt_vocab_text(&zt_vocab_plan_status, (int)p->status));
        zt_json_string(stdout, p->outcome);
        putchar('}');
    }
    printf("],\n  \"stages\": [");
    for (size_t i = 0; r && i < r->n_stages; i++) {
        const Zt__StageStep *st = r->stages[i];
        printf("%s{\"alert\": %u, \"stage\": \"%s\", \"date\": \"%s\"", i ? ", " : "", st->alert_seq,
               zt_vocab_text(&zt_vocab_stage, (int)st->stage), zt_date_format(st->date, d1));
        if (st->reason) {
            printf(", \"reason\": ");
            zt_json_string(stdout, st->reason);
        }
        putchar('}');
    }
    printf("]}");
}

int zt_cmd_export_pupil(struct zt_session *s, int argc, char **argv)
{
    if (argc != 2)
        return usage("export-pupil UPN");
    Zt__PupilQuery q = ZT__PUPIL_QUERY__INIT;
    q.upn = argv[1];
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_EXPORT_PUPIL;
    req.export_pupil = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_EXPORT_PUPIL, &resp))
        return 1;
    const Zt__PupilExport *x = resp->export_pupil;
    char d[ZT_DATE_STRLEN];
    printf("{\"upn\": \"%s\",\n \"rolls\": [", x->upn);
    for (size_t i = 0; i < x->n_rolls; i++) {
        fputs(i ? ",\n   " : "", stdout);
        zt_json_roll(stdout, x->rolls[i]);
    }
    printf("],\n \"attendance\": [");
    for (size_t i = 0; i < x->n_marks; i++) {
        const Zt__Mark *m = x->marks[i];
        printf("%s{\"school\": \"%06u\", \"date\": \"%s\", \"session\": \"%s\", \"code\": ", i ? ",\n   " : "",
               m->school, zt_date_format(m->date, d), zt_vocab_text(&zt_vocab_session, (int)m->session));
        zt_json_string(stdout, zt_mark_text((int)m->code));
        putchar('}');
    }
    printf("],\n \"records\": [");
    for (size_t i = 0; i < x->n_records; i++) {
        fputs(i ? ",\n   " : "", stdout);
        json_record(x->records[i]);
    }
    printf("],\n \"support\": ");
    json_support(x->support);
    printf(",\n \"alerts\": ");
    zt_alerts_json(stdout, x->alerts, x->n_alerts, NULL, NULL);
    printf("}\n");
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* --- erase-pupil UPN --reason TEXT ---------------------------------------------- */

int zt_cmd_erase_pupil(struct zt_session *s, int argc, char **argv)
{
    if (argc != 4 || strcmp(argv[2], "--reason") != 0 || !argv[3][0])
        return usage("erase-pupil UPN --reason TEXT (the lawful basis, kept in the audit log)");
    Zt__EraseRequest q = ZT__ERASE_REQUEST__INIT;
    q.upn = argv[1];
    q.reason = argv[3];
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ERASE_PUPIL;
    req.erase_pupil = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_ERASE_PUPIL, &resp))
        return 1;
    printf("erased %s: %u records removed\n", argv[1], resp->erase_pupil->records);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* --- purge [--dry-run] ------------------------------------------------------------- */

int zt_cmd_purge(struct zt_session *s, int argc, char **argv)
{
    Zt__PurgeRequest q = ZT__PURGE_REQUEST__INIT;
    if (argc == 2 && !strcmp(argv[1], "--dry-run"))
        q.dry_run = 1;
    else if (argc != 1)
        return usage("purge [--dry-run]");
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PURGE;
    req.purge = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_PURGE, &resp))
        return 1;
    const Zt__PurgeReply *p = resp->purge;
    for (size_t i = 0; i < p->n_upns; i++)
        printf("%s %s\n", q.dry_run ? "would purge" : "purged", p->upns[i]);
    printf("%s %zu pupil(s) who left the zone more than %lld days ago%s\n", q.dry_run ? "would purge" : "purged",
           p->n_upns, (long long)p->retention_days, q.dry_run ? " (dry run: nothing removed)" : "");
    zt__response__free_unpacked(resp, NULL);
    return 0;
}
