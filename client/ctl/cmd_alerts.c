/* zonectl alerts [--school URN] [--kind K] [--all] [--overdue] [--json] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_format.h"
#include "commands.h"
#include "ctl_args.h"

int zt_cmd_alerts(struct zt_session *s, int argc, char **argv)
{
    Zt__AlertsQuery q = ZT__ALERTS_QUERY__INIT;
    int json = 0, overdue = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--overdue")) {
            overdue = 1;
        } else if (!strcmp(argv[i], "--all")) {
            q.has_all = q.all = 1;
        } else if (!strcmp(argv[i], "--school") && i + 1 < argc) {
            if (zt_ctl_parse_urn(argv[++i], &q.school)) {
                fprintf(stderr, "zonectl: alerts --school: '%s' is not a 6-digit URN\n", argv[i]);
                return 2;
            }
            q.has_school = 1;
        } else if (!strcmp(argv[i], "--kind") && i + 1 < argc) {
            const char *k = argv[++i];
            q.has_kind = 1;
            if (!strcmp(k, "family_meeting"))
                q.kind = ZT__ALERT_KIND__ALERT_FAMILY_MEETING;
            else if (!strcmp(k, "watch"))
                q.kind = ZT__ALERT_KIND__ALERT_WATCH;
            else {
                fprintf(stderr, "zonectl: alerts --kind: '%s' is not family_meeting or watch\n", k);
                return 2;
            }
        } else {
            fprintf(stderr, "zonectl: alerts: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERTS;
    req.alerts = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_ALERTS, &resp))
        return 1;
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
    if (json)
        zt_alerts_json(stdout, resp->alerts->alerts, resp->alerts->n_alerts, NULL, NULL);
    else
        zt_alerts_table(stdout, resp->alerts->alerts, resp->alerts->n_alerts);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}
