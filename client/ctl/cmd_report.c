/* zonectl report --html FILE [--as-of DATE] [--benchmarks FILE] [--by A,B]: the
 * gap analysis, its trend, the open alerts and the year's leavers in one
 * self-contained page. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gaps_view.h"
#include "report_html.h"

int zt_cmd_report(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "report --html FILE [--as-of DATE] [--benchmarks FILE] [--by A,B]\n"
        "  The gap analysis, its trend and the open alerts in one self-contained page.\n"
        "  --html FILE        where to write the page\n" ZT_GAP_HELP_AS_OF ZT_GAP_HELP_BENCHMARKS
        "  --by A,B           add the overlaps of two groups, e.g. fsm,gender, school by school\n";
    static const struct option opts[] = {ZT_GAP_OPT_HTML, ZT_GAP_OPT_AS_OF, ZT_GAP_OPT_BENCHMARKS, ZT_GAP_OPT_BY,
                                         ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("report", help, opts, 0, 0);
    struct zt_gap_opts o;
    Zt__Response *gaps, *alerts;
    if (zt_gap_opts_parse(&args, argc, argv, &o))
        return args.exit_code;
    if (!o.html)
        return zt_ctl_usage_error(&args, "give --html FILE");
    if (o.by && !o.q.cross_by)
        return zt_ctl_usage_error(&args, "--by takes two groups here, A,B (the report shows every group)");
    o.q.has_last_year = o.q.last_year = 1;
    int rc = zt_gap_fetch(ctl, &o, &gaps);
    if (rc)
        return rc;
    Zt__AlertsQuery aq = ZT__ALERTS_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERTS;
    req.alerts = &aq;
    if ((rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_ALERTS, &alerts))) {
        zt__response__free_unpacked(gaps, NULL);
        return rc;
    }
    Zt__Response *leavers;
    Zt__LeaversQuery lq = ZT__LEAVERS_QUERY__INIT;
    req.body_case = ZT__REQUEST__BODY_LEAVERS;
    req.leavers = &lq;
    if ((rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_LEAVERS, &leavers))) {
        zt__response__free_unpacked(gaps, NULL);
        zt__response__free_unpacked(alerts, NULL);
        return rc;
    }
    FILE *out = fopen(o.html, "w");
    if (out) {
        zt_report_html(out, gaps->gaps, alerts->alerts, leavers->leavers, &o.bench, o.q.cross_by ? &o.cross : NULL);
        if (fclose(out))
            out = NULL;
    }
    if (!out)
        fprintf(stderr, "zonectl: report: cannot write %s: %s\n", o.html, strerror(errno));
    zt__response__free_unpacked(gaps, NULL);
    zt__response__free_unpacked(alerts, NULL);
    zt__response__free_unpacked(leavers, NULL);
    return out ? 0 : 1;
}
