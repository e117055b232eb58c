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
#include "support_json.h"
#include "support_view.h"

/* A child's support is never NULL here: it is a required field of
 * FamilyChild, and protobuf-c refuses a reply without it. */
static void json_child(struct zt_json *w, const Zt__FamilyChild *c)
{
    const Zt__SupportReply *s = c->support;
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kstr(w, "upn", c->upn);
    zt_json_urn(w, "school", c->school);
    zt_json_key(w, "alerts");
    zt_alerts_json_write(w, c->alerts, c->n_alerts, NULL, NULL);
    zt_json_stages(w, s->stages, s->n_stages, ZT_JSON_INLINE);
    zt_json_plans(w, s->plans, s->n_plans, ZT_JSON_INLINE);
    zt_json_end(w);
}

static int print_json(const Zt__FamilyReply *r)
{
    char d[ZT_DATE_STRLEN];
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_object(&w, ZT_JSON_LINES);
    zt_json_kstr(&w, "family", r->family_id);
    zt_json_kstr(&w, "as_of", zt_date_format(r->as_of, d));
    zt_json_key(&w, "children");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_children; i++)
        json_child(&w, r->children[i]);
    zt_json_end(&w);
    zt_json_key(&w, "meetings");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_children; i++)
        for (size_t k = 0; k < r->children[i]->support->n_meetings; k++)
            zt_json_meeting(&w, r->children[i]->support->meetings[k], r->children[i]->upn);
    zt_json_end(&w);
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

static void print_text(const Zt__FamilyReply *r)
{
    char d[ZT_DATE_STRLEN], rs[64], bl[32];
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
        zt_text_stages(c->support->stages, c->support->n_stages);
        zt_text_plans(c->support->plans, c->support->n_plans);
    }
    puts("\nmeetings:");
    int any = 0;
    for (size_t i = 0; i < r->n_children; i++)
        for (size_t k = 0; k < r->children[i]->support->n_meetings; k++, any = 1)
            zt_text_meeting(r->children[i]->support->meetings[k], r->children[i]->upn);
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
        rc = print_json(resp->family);
    else
        print_text(resp->family);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
