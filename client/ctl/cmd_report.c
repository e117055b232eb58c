/* zonectl report --html FILE [--as-of DATE] [--benchmarks FILE]: the gap
 * analysis, its trend and the open alerts in one self-contained page. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gaps_view.h"
#include "report_html.h"

int zt_cmd_report(struct zt_session *s, int argc, char **argv)
{
    struct zt_gap_opts o;
    int rc = zt_gap_opts_parse(argc, argv, "--html", &o);
    if (rc)
        return rc;
    if (!o.html) {
        fprintf(stderr, "zonectl: report: give --html FILE\n");
        return 2;
    }
    o.q.has_trend = o.q.trend = 1;
    Zt__Response *gaps, *alerts;
    if (zt_gap_fetch(s, &o, &gaps))
        return 1;
    Zt__AlertsQuery aq = ZT__ALERTS_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERTS;
    req.alerts = &aq;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_ALERTS, &alerts)) {
        zt__response__free_unpacked(gaps, NULL);
        return 1;
    }
    FILE *out = fopen(o.html, "w");
    if (out) {
        zt_report_html(out, gaps->gaps, alerts->alerts, &o.bench);
        if (fclose(out))
            out = NULL;
    }
    if (!out)
        fprintf(stderr, "zonectl: report: cannot write %s: %s\n", o.html, strerror(errno));
    zt__response__free_unpacked(gaps, NULL);
    zt__response__free_unpacked(alerts, NULL);
    return out ? 0 : 1;
}
