/* zonectl alerts [--school URN] [--kind K] [--all] [--overdue] [--json] */
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "commands.h"
#include "ctl_args.h"

static const char help[] =
    "alerts [--school URN] [--kind family_meeting|watch] [--all] [--overdue] [--json]\n"
    "  The zone's open alerts (a school's certificate sees its own), with each\n"
    "  family_meeting alert's support stage and overdue work.\n"
    "  --school URN    only this school's pupils\n"
    "  --kind KIND     only family_meeting or watch alerts\n"
    "  --all           resolved alerts too\n"
    "  --overdue       only alerts with overdue support work\n"
    "  --json          a JSON array instead of the table\n";

int zt_cmd_alerts(struct zt_ctl *ctl, int argc, char **argv)
{
    static const struct option opts[] = {
        {"school", required_argument, NULL, 's'}, {"kind", required_argument, NULL, 'k'},
        {"all", no_argument, NULL, 'a'},          {"overdue", no_argument, NULL, 'o'},
        {"json", no_argument, NULL, 'j'},         ZT_CTL_OPT_HELP,
        {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("alerts", help, opts, 0, 0);
    Zt__AlertsQuery q = ZT__ALERTS_QUERY__INIT;
    int json = 0, overdue = 0, c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0) {
        if (c == 'j') {
            json = 1;
        } else if (c == 'o') {
            overdue = 1;
        } else if (c == 'a') {
            q.has_all = q.all = 1;
        } else if (c == 's') {
            if (zt_ctl_urn_arg(&args, "--school", optarg, &q.school))
                return 2;
            q.has_school = 1;
        } else if (c == 'k') {
            q.has_kind = 1;
            if (!strcmp(optarg, "family_meeting"))
                q.kind = ZT__ALERT_KIND__ALERT_FAMILY_MEETING;
            else if (!strcmp(optarg, "watch"))
                q.kind = ZT__ALERT_KIND__ALERT_WATCH;
            else
                return zt_ctl_usage_error(&args, "--kind: '%s' is not family_meeting or watch", optarg);
        }
    }
    if (c < 0)
        return args.exit_code;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERTS;
    req.alerts = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_ALERTS, &resp);
    if (rc)
        return rc;
    for (size_t i = 0; i < resp->alerts->n_stale_schools; i++)
        fprintf(stderr, "zonectl: warning: school %06u has not synced for longer than the zone's "
                        "stale_sync_hours: its alerts may be out of date\n",
                resp->alerts->stale_schools[i]);
    Zt__AlertsReply *ar = resp->alerts;
    if (overdue) { /* only alerts with overdue work (issue #6) */
        size_t kept = 0;
        for (size_t i = 0; i < ar->n_alerts; i++) {
            Zt__Alert *a = ar->alerts[i];
            if (a->support && a->support->overdue)
                ar->alerts[kept++] = a;
            else /* freed here: the tail of the array may hold moved pointers */
                zt__alert__free_unpacked(a, NULL);
        }
        ar->n_alerts = kept;
    }
    if (json) {
        struct zt_json w;
        zt_json_init(&w, stdout);
        zt_alerts_json_write(&w, ar->alerts, ar->n_alerts, NULL, NULL);
        rc = zt_ctl_json_done(&w);
    } else {
        zt_alerts_table(stdout, ar->alerts, ar->n_alerts);
    }
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
