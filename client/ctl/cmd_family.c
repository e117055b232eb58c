/* zonectl family FAMILY_ID [--json]: the coordinator's view of one family
 * (issue #16): every child whose current roll carries the family_id, their
 * alerts with stages, their plan actions, and the family's meetings with
 * the children each covered. Audited by the zone. */
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "commands.h"
#include "ctl_args.h"
#include "date.h"
#include "family_id.h"
#include "support_codes.h"

static void json_list(const char *const *items, size_t n)
{
    putchar('[');
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", stdout);
        zt_json_string(stdout, items[i]);
    }
    putchar(']');
}

static void json_meeting(const char *upn, const Zt__SchoolMeeting *sm, int first)
{
    const Zt__MeetingRow *m = sm->meeting;
    char d[ZT_DATE_STRLEN], roles[160];
    printf("%s\n  {\"meeting_id\": ", first ? "" : ",");
    zt_json_string(stdout, m->meeting_id);
    printf(", \"school\": \"%06u\", \"upn\": \"%s\", \"invited\": \"%s\"", sm->school, upn,
           zt_date_format(m->invited, d));
    if (m->has_held)
        printf(", \"held\": \"%s\"", zt_date_format(m->held, d));
    else
        fputs(", \"held\": null", stdout);
    fputs(", \"attended\": ", stdout);
    zt_json_string(stdout, zt_vocab_bits_text(&zt_vocab_role, m->attended, " ", roles, sizeof roles));
    fputs(", \"actions\": ", stdout);
    zt_json_string(stdout, m->actions ? m->actions : "");
    fputs(", \"covers\": ", stdout);
    json_list((const char *const *)m->covers, m->n_covers);
    putchar('}');
}

static void print_json(const Zt__FamilyReply *r)
{
    char d[ZT_DATE_STRLEN];
    fputs("{\"family\": ", stdout);
    zt_json_string(stdout, r->family_id);
    printf(", \"as_of\": \"%s\", \"children\": [", zt_date_format(r->as_of, d));
    for (size_t i = 0; i < r->n_children; i++) {
        const Zt__FamilyChild *c = r->children[i];
        const Zt__SupportReply *s = c->support;
        printf("%s\n {\"upn\": \"%s\", \"school\": \"%06u\", \"alerts\": ", i ? "," : "", c->upn, c->school);
        zt_alerts_json(stdout, c->alerts, c->n_alerts, NULL, NULL);
        fputs(", \"stages\": [", stdout);
        for (size_t k = 0; k < s->n_stages; k++) {
            const Zt__StageStep *st = s->stages[k];
            printf("%s{\"alert\": %u, \"stage\": \"%s\", \"date\": \"%s\", \"reason\": ", k ? ", " : "", st->alert_seq,
                   zt_vocab_text(&zt_vocab_stage, (int)st->stage), zt_date_format(st->date, d));
            if (st->reason)
                zt_json_string(stdout, st->reason);
            else
                fputs("null", stdout);
            putchar('}');
        }
        fputs("], \"plans\": [", stdout);
        for (size_t k = 0; k < s->n_plans; k++) {
            const Zt__PlanRow *p = s->plans[k]->plan;
            char d2[ZT_DATE_STRLEN];
            printf("%s{\"action_id\": ", k ? ", " : "");
            zt_json_string(stdout, p->action_id);
            printf(", \"school\": \"%06u\", \"offer\": %u, \"status\": \"%s\", \"start\": \"%s\", \"review\": \"%s\", "
                   "\"lead\": ",
                   s->plans[k]->school, p->offer, zt_vocab_text(&zt_vocab_plan_status, (int)p->status),
                   zt_date_format(p->start, d), zt_date_format(p->review, d2));
            zt_json_string(stdout, p->lead);
            fputs(", \"outcome\": ", stdout);
            zt_json_string(stdout, p->outcome);
            putchar('}');
        }
        fputs("]}", stdout);
    }
    fputs("],\n \"meetings\": [", stdout);
    int first = 1;
    for (size_t i = 0; i < r->n_children; i++)
        for (size_t k = 0; k < r->children[i]->support->n_meetings; k++, first = 0)
            json_meeting(r->children[i]->upn, r->children[i]->support->meetings[k], first);
    puts("]}");
}

static void print_text(const Zt__FamilyReply *r)
{
    char d[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN], rs[64], bl[32], roles[160];
    printf("family %s as of %s: %zu child%s\n", r->family_id, zt_date_format(r->as_of, d), r->n_children,
           r->n_children == 1 ? "" : "ren");
    for (size_t i = 0; i < r->n_children; i++) {
        const Zt__FamilyChild *c = r->children[i];
        printf("\n%s  school %06u\n", c->upn, c->school);
        if (!c->n_alerts)
            puts("  no alert");
        for (size_t k = 0; k < c->n_alerts; k++) {
            const Zt__Alert *a = c->alerts[k];
            printf("  %s %s  raised %s  reasons %s  below %s%s%s\n", zt_alert_kind_name(a->kind),
                   a->open ? "open" : "resolved", zt_date_format(a->raised, d),
                   zt_reason_list(a->reasons, ",", rs, sizeof rs), zt_below_list(a->below, ",", bl, sizeof bl),
                   a->support ? "  stage " : "", a->support ? zt_vocab_text(&zt_vocab_stage, (int)a->support->stage) : "");
        }
        for (size_t k = 0; k < c->support->n_plans; k++) {
            const Zt__PlanRow *p = c->support->plans[k]->plan;
            printf("  action %s (school %06u)  offer %u  %s  lead %s  review %s\n", p->action_id,
                   c->support->plans[k]->school, p->offer, zt_vocab_text(&zt_vocab_plan_status, (int)p->status),
                   p->lead, zt_date_format(p->review, d));
        }
    }
    puts("\nmeetings:");
    int any = 0;
    for (size_t i = 0; i < r->n_children; i++)
        for (size_t k = 0; k < r->children[i]->support->n_meetings; k++, any = 1) {
            const Zt__SchoolMeeting *sm = r->children[i]->support->meetings[k];
            const Zt__MeetingRow *m = sm->meeting;
            printf("  %s (school %06u, for %s)  invited %s  held %s  attended %s\n", m->meeting_id, sm->school,
                   r->children[i]->upn, zt_date_format(m->invited, d), m->has_held ? zt_date_format(m->held, d2) : "-",
                   zt_vocab_bits_text(&zt_vocab_role, m->attended, ", ", roles, sizeof roles));
            if (m->n_covers) {
                fputs("    also covered:", stdout);
                for (size_t j = 0; j < m->n_covers; j++)
                    printf(" %s", m->covers[j]);
                putchar('\n');
            }
        }
    if (!any)
        puts("  none recorded");
}

int zt_cmd_family(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "family FAMILY_ID [--json]\n"
        "  Every child whose current roll carries the family_id, at any zone school:\n"
        "  their alerts and stages, their plan actions, and the family's meetings with\n"
        "  the children each one covered. A coordinator's certificate; audited.\n"
        "  --json          JSON instead of the text\n";
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("family", help, opts, 1, 1);
    int json = 0, c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0)
        json = 1;
    if (c < 0)
        return args.exit_code;
    const char *id = args.operand[0];
    const char *bad = zt_family_id_invalid(id, strlen(id));
    if (bad)
        return zt_ctl_usage_error(&args, "FAMILY_ID '%.40s': %s", id, bad);
    Zt__FamilyQuery q = ZT__FAMILY_QUERY__INIT;
    q.family_id = (char *)id;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_FAMILY;
    req.family = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_FAMILY, &resp);
    if (rc)
        return rc;
    if (json)
        print_json(resp->family);
    else
        print_text(resp->family);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}
