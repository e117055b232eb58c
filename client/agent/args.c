#include "args.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "upn.h"

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
    {"pack", "usage: zone-agent pack UPN --config FILE [--out FILE]\n"
             "       zone-agent pack --all-alerts --config FILE\n"
             "Writes the family meeting pack: one printable page of the pupil's attendance,\n"
             "behaviour, health, progress, tipping points, support and meetings, in plain\n"
             "English, the name joined in from pupils.csv. The figures come from the zone\n"
             "(the school's current pupils only).\n"
             "      --out FILE      where to write it (default output_dir/packs/pack-UPN.html)\n"
             "      --all-alerts    one pack for each open family_meeting alert, into\n"
             "                      output_dir/packs\n" OPTIONS},
    {"summary", "usage: zone-agent summary --config FILE [--year-group G] [--out DIR]\n"
                "Writes a one-page progress summary for the parents of each pupil in\n"
                "pupils.csv: attendance, each subject's step and its direction since last\n"
                "term, and what helps at home (summary_help in the configuration).\n"
                "      --year-group G  only this year group (N1 N2 R 1-14)\n"
                "      --out DIR       where to write them (default output_dir/summaries)\n" OPTIONS},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char usage[] =
    "usage: zone-agent push|pull|sync --config FILE\n"
    "       zone-agent check [--config FILE]\n"
    "       zone-agent pack UPN|--all-alerts --config FILE\n"
    "       zone-agent summary --config FILE\n"
    "  push  send what changed in the school's MIS export (export_dir) to the zone\n"
    "  pull  write the zone's open alerts for the school's pupils to output_dir\n"
    "        as alerts.json and alerts.csv, names joined in from pupils.csv\n"
    "  sync  push, then pull\n"
    "  check read the export without connecting and say what it holds\n"
    "  pack  write the family meeting pack, a printable page, of a pupil (or of\n"
    "        each pupil with a family_meeting alert) to output_dir/packs\n"
    "  summary\n"
    "        write a one-page progress summary for each pupil's parents to\n"
    "        output_dir/summaries\n" OPTIONS
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

/* The operands: the command, and pack's UPN. Returns 0, or 2 after saying
 * why not. */
static int take_command(const struct command **cmd, const char *word, struct zt_agent_args *out)
{
    if (*cmd && !strcmp((*cmd)->name, "pack") && !out->upn) {
        out->upn = word;
        return 0;
    }
    if (*cmd)
        return bad_usage("unexpected argument '%s'", word);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, word) == 0) {
            *cmd = &commands[i];
            return 0;
        }
    return bad_usage("unknown command '%s'", word);
}

/* pack's and summary's options, checked once the command is known.
 * Returns -1 when they fit, or 2 after saying why not. */
static int page_options(const char *cmd, const char *year, struct zt_agent_args *out)
{
    int pack = !strcmp(cmd, "pack"), summary = !strcmp(cmd, "summary");
    if (out->out && !pack && !summary)
        return bad_usage("--out is for pack and summary");
    if (out->all_alerts && !pack)
        return bad_usage("--all-alerts is for pack");
    if (year && !summary)
        return bad_usage("--year-group is for summary");
    if (year && !(out->year_group = zt_vocab_parse(&zt_vocab_year, year, strlen(year))))
        return bad_usage("--year-group '%s' is not a year group (N1 N2 R 1-14)", year);
    if (pack && !out->upn == !out->all_alerts)
        return bad_usage("pack needs a UPN or --all-alerts, not both");
    if (pack && out->all_alerts && out->out)
        return bad_usage("--all-alerts writes into output_dir/packs; --out is for one pack");
    const char *why = out->upn ? zt_upn_invalid(out->upn, strlen(out->upn)) : NULL;
    if (why)
        return bad_usage("pack: '%s' is not a UPN: %s", out->upn, why);
    return -1;
}

int zt_agent_args(int argc, char **argv, struct zt_agent_args *out)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {"allow-deletes", no_argument, NULL, 'D'},
        {"out", required_argument, NULL, 'o'},
        {"all-alerts", no_argument, NULL, 'A'},
        {"year-group", required_argument, NULL, 'Y'},
        {NULL, 0, NULL, 0},
    };
    const struct command *cmd = NULL;
    int help = 0, o;
    const char *year = NULL;
    memset(out, 0, sizeof *out);
    opterr = 0; /* the errors are ours, naming the option */
    /* "-": operands come back in order (as 1), so options may stand before
     * or after the command */
    while ((o = getopt_long(argc, argv, "-:c:h", longopts, NULL)) != -1) {
        switch (o) {
        case 1:
            if (take_command(&cmd, optarg, out))
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
        case 'o':
            out->out = optarg;
            break;
        case 'A':
            out->all_alerts = 1;
            break;
        case 'Y':
            year = optarg;
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
        if (take_command(&cmd, argv[optind], out))
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
    if (out->allow_deletes && strcmp(cmd->name, "push") && strcmp(cmd->name, "sync"))
        return bad_usage("--allow-deletes is for push and sync");
    out->command = cmd->name;
    return page_options(cmd->name, year, out);
}
