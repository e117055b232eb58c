/* zonectl report --html FILE [--as-of DATE] [--benchmarks FILE]: the gap
 * analysis, its trend and the open alerts in one self-contained page. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gaps_view.h"
#include "report_html.h"

int zt_cmd_report(struct zt_session *s, int argc, char **argv)
{
    int has_html = 0;
    for (int i = 1; i < argc; i++)
        has_html |= !strcmp(argv[i], "--html");
    if (!has_html) {
        fprintf(stderr, "zonectl: report: give --html FILE\n");
        return 2;
    }
    struct zt_gap_opts o;
    Zt__Response *gaps, *alerts;
    int rc = zt_gap_opts_fetch(s, argc, argv, "--html --benchmarks", 1, &o, &gaps);
    if (rc)
        return rc;
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
