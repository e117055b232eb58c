/* zonectl: the zone coordinator's command line. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ctl_args.h"
#include "log.h"
#include "sock.h"
#include "pki.h"
#include "printable.h"
#include "session.h"

static const char help[] =
    "[--config FILE] COMMAND [ARGS...]\n"
    "  The zone coordinator's command line. Every command but pki talks to the zone\n"
    "  named in FILE (zonectl.conf); `zonectl COMMAND --help` describes each one.\n"
    "  --config FILE   the client configuration: zone, ca, cert, key\n"
    "\n"
    "Alerts and pupils:\n"
    "  alerts          the open alerts, by school and kind\n"
    "  pupil           what the zone holds for one pupil, and their alerts\n"
    "  thresholds      show or set the zone's tipping points\n"
    "Support (from alert to support):\n"
    "  menu            the support offers: add, list, retire\n"
    "  meeting         record a family meeting\n"
    "  plan            record a support plan action\n"
    "  support         one pupil's meetings, plan actions and alert stages\n"
    "  alert           close a family_meeting alert\n"
    "  family          one family: its children, alerts, plans and meetings\n"
    "  impact          what each offer did for the pupils it supported\n"
    "Gap analysis:\n"
    "  schools         the zone's schools and clusters: list, set, import\n"
    "  gaps            groups beside the rest of their scope, and the trend\n"
    "  priorities      schools ranked by their gaps and attainment\n"
    "  report          the gap analysis and open alerts as one HTML page\n"
    "  leavers         who left each school this year, and where they went\n"
    "  moves           pupils on two schools' rolls at once; confirm a move\n"
    "Operating the zone:\n"
    "  status          zoned's uptime, store, and each school's last sync\n"
    "  audit           who read or changed what\n"
    "  backup          a consistent copy of the store\n"
    "  export-pupil    everything held on one pupil, as JSON\n"
    "  erase-pupil     erase one pupil (a data subject's request)\n"
    "  purge           remove pupils past the retention period\n"
    "The county (no zone needed):\n"
    "  region          region report: the county's zones side by side, from its database\n"
    "Certificates (no zone needed):\n"
    "  pki             init, issue, revoke, crl\n"
    "\n"
    "Exit codes: 0 ok, 1 runtime failure, 2 usage error (an unknown option, or a\n"
    "value that zonectl or the zone refuses as input).\n";

static const struct zt_ctl_sub commands[] = {
    {"alerts", zt_cmd_alerts},
    {"pupil", zt_cmd_pupil},
    {"thresholds", zt_cmd_thresholds},
    /* gaps commands */
    {"schools", zt_cmd_schools},
    {"gaps", zt_cmd_gaps},
    {"priorities", zt_cmd_priorities},
    {"report", zt_cmd_report},
    {"leavers", zt_cmd_leavers},
    {"moves", zt_cmd_moves},
    /* support commands */
    {"menu", zt_cmd_menu},
    {"meeting", zt_cmd_meeting},
    {"plan", zt_cmd_plan},
    {"support", zt_cmd_support},
    {"alert", zt_cmd_alert},
    {"impact", zt_cmd_impact},
    {"family", zt_cmd_family},
    /* operations commands */
    {"backup", zt_cmd_backup},
    {"status", zt_cmd_status},
    {"audit", zt_cmd_audit},
    {"export-pupil", zt_cmd_export_pupil},
    {"erase-pupil", zt_cmd_erase_pupil},
    {"purge", zt_cmd_purge},
    /* the county */
    {"region", zt_cmd_region},
};

int zt_ctl_raw_text;

/* JSON, CSV and the HTML report keep the zone's text as sent (each
 * escapes it by its own rules); every other output is for a terminal. */
static int writes_raw_text(int argc, char **argv)
{
    if (!strcmp(argv[0], "export-pupil") || !strcmp(argv[0], "report"))
        return 1;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "--csv"))
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    zt_log_init("zonectl");
    zt_ignore_sigpipe();
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args a = ZT_CTL_ARGS("", help, opts, 1, -1);
    a.in_order = 1; /* the command's own options come after it */
    struct zt_ctl ctl = {0};
    int c;
    while ((c = zt_ctl_next(&a, argc, argv)) > 0)
        ctl.conf = optarg;
    if (c < 0)
        return a.exit_code;
    const char *cmd = a.operand[0];
    if (!strcmp(cmd, "pki"))
        return zt_pki_main(a.n_operands, a.operand);
    zt_ctl_raw_text = writes_raw_text(a.n_operands, a.operand);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, cmd)) {
            int code = commands[i].run(&ctl, a.n_operands, a.operand);
            zt_ctl_close(&ctl);
            return code;
        }
    return zt_ctl_usage_error(&a, "unknown command '%s'", cmd);
}
