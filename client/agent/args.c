#include "args.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define OPTIONS "  -c, --config FILE   the agent's configuration (zone-agent.conf)\n" \
                "  -h, --help          this text\n"

#define ALLOW_DELETES "      --allow-deletes deletes even more than max_delete_pct of a kind of record\n" \
                      "                      (the guard against a truncated export)\n"

/* Each command's help; the first line is its usage line. */
static const struct command {
    const char *name, *help;
} commands[] = {
    {"push", "usage: zone-agent push --config FILE [--allow-deletes]\n"
             "Sends what changed in the school's MIS export (export_dir) to the zone, then\n"
             "the roll, so pupils no longer in pupils.csv are marked as left, then what the\n"
             "export no longer holds, deleted (export_scope = snapshot) or listed in\n"
             "deletions.csv (export_scope = changes).\n" OPTIONS ALLOW_DELETES},
    {"pull", "usage: zone-agent pull --config FILE\n"
             "Writes the zone's open alerts for the school's pupils to output_dir as\n"
             "alerts.json and alerts.csv, names joined in from pupils.csv.\n" OPTIONS},
    {"sync", "usage: zone-agent sync --config FILE [--allow-deletes]\n"
             "push, then pull.\n" OPTIONS ALLOW_DELETES},
    {"check", "usage: zone-agent check [--config FILE]\n"
              "Reads the school's MIS export (export_dir: CSV files, CTF files, a mapped\n"
              "report) as a push would, without connecting, and prints what it found:\n"
              "pupils, register marks per month, incidents, assessments, health events,\n"
              "the bad rows and the fields the gap analysis needs that no pupil has.\n"
              "Exit 0 when clean, 1 when a row was rejected or a file is missing.\n"
              "Without --config: " ZT_AGENT_DEFAULT_CONFIG "\n" OPTIONS},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char usage[] =
    "usage: zone-agent push|pull|sync --config FILE\n"
    "       zone-agent check [--config FILE]\n"
    "  push  send what changed in the school's MIS export (export_dir) to the zone\n"
    "  pull  write the zone's open alerts for the school's pupils to output_dir\n"
    "        as alerts.json and alerts.csv, names joined in from pupils.csv\n"
    "  sync  push, then pull\n"
    "  check read the export without connecting and say what it holds\n" OPTIONS
    "zone-agent COMMAND --help says more about a command.\n";

/* A usage error: one line naming it; returns 2, the exit code. */
__attribute__((format(printf, 1, 2))) static int bad_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "zone-agent: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (try zone-agent --help)\n");
    va_end(ap);
    return 2;
}

/* The one operand: the command. Returns 0, or 2 after saying why not. */
static int take_command(const struct command **cmd, const char *word)
{
    if (*cmd)
        return bad_usage("unexpected argument '%s'", word);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, word) == 0) {
            *cmd = &commands[i];
            return 0;
        }
    return bad_usage("unknown command '%s'", word);
}

int zt_agent_args(int argc, char **argv, struct zt_agent_args *out)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {"allow-deletes", no_argument, NULL, 'D'},
        {NULL, 0, NULL, 0},
    };
    const struct command *cmd = NULL;
    int help = 0, o;
    out->config = NULL;
    out->allow_deletes = 0;
    opterr = 0; /* the errors are ours, naming the option */
    /* "-": operands come back in order (as 1), so options may stand before
     * or after the command */
    while ((o = getopt_long(argc, argv, "-:c:h", longopts, NULL)) != -1) {
        switch (o) {
        case 1:
            if (take_command(&cmd, optarg))
                return 2;
            break;
        case 'c':
            out->config = optarg;
            break;
        case 'h':
            help = 1;
            break;
        case 'D':
            out->allow_deletes = 1;
            break;
        case ':':
            return bad_usage("option '%s' needs a value", argv[optind - 1]);
        default:
            if (optopt) /* a short option, maybe inside a group like -hx */
                return bad_usage("unknown option '-%c'", optopt);
            return bad_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    for (; optind < argc; optind++) /* after "--" */
        if (take_command(&cmd, argv[optind]))
            return 2;
    if (help) {
        fputs(cmd ? cmd->help : usage, stdout);
        return 0;
    }
    if (!cmd) {
        fputs(usage, stderr);
        return 2;
    }
    if (!out->config && strcmp(cmd->name, "check") == 0)
        out->config = ZT_AGENT_DEFAULT_CONFIG;
    if (!out->config)
        return bad_usage("%s needs --config FILE", cmd->name);
    if (out->allow_deletes && !strcmp(cmd->name, "pull"))
        return bad_usage("--allow-deletes is for push and sync");
    out->command = cmd->name;
    return -1;
}
