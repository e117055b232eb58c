/* zonectl: the zone coordinator's command line. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "log.h"
#include "sock.h"
#include "pki.h"
#include "session.h"

static int usage(FILE *out, int code)
{
    fprintf(out,
            "usage: zonectl pki init DIR [--host NAME]... | pki issue school URN --dir DIR |\n"
            "               pki issue coordinator NAME --dir DIR | pki revoke NAME --dir DIR\n"
            "       zonectl --config FILE alerts [--school URN] [--kind family_meeting|watch] [--all] [--overdue] [--json]\n"
            "       zonectl --config FILE pupil UPN [--json]\n"
            "       zonectl --config FILE thresholds show | thresholds set KEY VALUE\n"
            "       zonectl --config FILE status | audit [--since YYYY-MM-DD] [--who NAME]\n"
            "       zonectl --config FILE backup [--force] FILE | purge [--dry-run] | zonectl backup --check FILE\n"
            "       zonectl --config FILE export-pupil UPN | erase-pupil UPN --reason TEXT\n"
            "       zonectl --config FILE schools list [--json] | schools set URN --name NAME --cluster C |\n"
            "               schools import FILE\n"
            "       zonectl --config FILE gaps [--by GROUP] [--level zone|cluster|school] [--school URN]\n"
            "               [--as-of DATE] [--trend] [--benchmarks FILE] [--json|--csv] | gaps snapshot [--as-of DATE]\n"
            "       zonectl --config FILE priorities [--as-of DATE] [--benchmarks FILE] [--json]\n"
            "       zonectl --config FILE report --html FILE [--as-of DATE] [--benchmarks FILE]\n"
            "       zonectl --config FILE menu add|list|retire ... | meeting UPN ... | plan UPN ... |\n"
            "               support UPN | alert close UPN --reason TEXT | impact [--json]\n");
    return code;
}

static const struct {
    const char *name;
    int (*run)(struct zt_session *, int, char **);
} commands[] = {
    {"alerts", zt_cmd_alerts},
    {"pupil", zt_cmd_pupil},
    {"thresholds", zt_cmd_thresholds},
    /* gaps commands */
    {"schools", zt_cmd_schools},
    {"gaps", zt_cmd_gaps},
    {"priorities", zt_cmd_priorities},
    {"report", zt_cmd_report},
    /* support commands */
    {"menu", zt_cmd_menu},
    {"meeting", zt_cmd_meeting},
    {"plan", zt_cmd_plan},
    {"support", zt_cmd_support},
    {"alert", zt_cmd_alert},
    {"impact", zt_cmd_impact},
    /* operations commands */
    {"backup", zt_cmd_backup},
    {"status", zt_cmd_status},
    {"audit", zt_cmd_audit},
    {"export-pupil", zt_cmd_export_pupil},
    {"erase-pupil", zt_cmd_erase_pupil},
    {"purge", zt_cmd_purge},
};

/* Commands whose arguments are checked before the configuration is read
 * or the zone reached: `--help` answers locally, bad usage costs nothing. */
static const struct {
    const char *name;
    int (*check)(int, char **);
} local_checks[] = {
    {"backup", zt_cmd_backup_check},
};

int zt_ctl_call(struct zt_session *s, const Zt__Request *req, int want, Zt__Response **resp)
{
    char err[512];
    if (zt_session_call_ok(s, req, resp, err, sizeof err)) {
        fprintf(stderr, "zonectl: %s\n", err);
        return 1;
    }
    if ((int)(*resp)->body_case != want) {
        fprintf(stderr, "zonectl: the zone answered with something unexpected\n");
        zt__response__free_unpacked(*resp, NULL);
        return 1;
    }
    return 0;
}

static int run_remote(const char *conf, int argc, char **argv)
{
    size_t i = 0;
    while (i < sizeof commands / sizeof commands[0] && strcmp(commands[i].name, argv[0]) != 0)
        i++;
    if (i == sizeof commands / sizeof commands[0]) {
        fprintf(stderr, "zonectl: unknown command '%s' (try --help)\n", argv[0]);
        return 2;
    }
    for (size_t k = 0; k < sizeof local_checks / sizeof local_checks[0]; k++) {
        int code = strcmp(local_checks[k].name, argv[0]) ? -1 : local_checks[k].check(argc, argv);
        if (code >= 0)
            return code;
    }
    if (!conf) {
        fprintf(stderr, "zonectl: %s needs --config FILE\n", argv[0]);
        return 2;
    }
    struct zt_client_config c;
    struct zt_session s;
    char err[512];
    if (zt_client_config_load(conf, 0, &c, err, sizeof err)) {
        fprintf(stderr, "zonectl: %s\n", err);
        zt_client_config_free(&c);
        return 1;
    }
    int code = 1;
    if (zt_session_open(&s, &c, "zonectl", err, sizeof err) == 0) {
        code = commands[i].run(&s, argc, argv);
        zt_session_close(&s);
    } else {
        fprintf(stderr, "zonectl: cannot reach the zone at %s (%s): %s\n", c.zone, zt_conn_fail_name(s.fail), err);
    }
    zt_client_config_free(&c);
    return code;
}

int main(int argc, char **argv)
{
    zt_log_init("zonectl");
    zt_ignore_sigpipe();
    const char *conf = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(stdout, 0);
        if (!strcmp(argv[i], "--config") && i + 1 < argc) {
            conf = argv[++i];
        } else {
            fprintf(stderr, "zonectl: unknown option '%s' (try --help)\n", argv[i]);
            return 2;
        }
    }
    if (i == argc)
        return usage(stderr, 2);
    if (!strcmp(argv[i], "pki"))
        return zt_pki_main(argc - i, argv + i);
    return run_remote(conf, argc - i, argv + i);
}
