/* How every zonectl command reads its arguments: getopt_long over the
 * command's own option table, --help answered before anything is read or
 * connected, an unknown option or a wrong value named with exit 2; and the
 * values commands share (URNs, UPNs, dates). */
#ifndef ZT_CTL_ARGS_H
#define ZT_CTL_ARGS_H

#include <getopt.h>
#include <stddef.h>
#include <stdint.h>

/* The entry every option table ends with, before its {0}. */
#define ZT_CTL_OPT_HELP {"help", no_argument, NULL, 'h'}

/* --reason TEXT, in the table of a command read by zt_ctl_upn_reason. */
#define ZT_CTL_OPT_REASON {"reason", required_argument, NULL, 'r'}

/* One command's arguments. Set the fields up to in_order; zt_ctl_next
 * fills the rest. help is the synopsis after "zonectl " (its first line), then
 * what the command does and its options, one a line. */
struct zt_ctl_args {
    const char *name;              /* as typed: "alerts", "thresholds set";
                                      "" for zonectl's own options */
    const char *help;
    const struct option *longopts; /* ends with ZT_CTL_OPT_HELP, {0} */
    int min_operands, max_operands; /* max -1: any number */
    int in_order;                  /* options end at the first operand: a
                                      subcommand, whose own come after it */
    char **operand;                /* after the options: the operands, in order */
    int n_operands;
    int exit_code;                 /* when zt_ctl_next returned -1 */
    int started;
};

/* The table of a command that takes no option but --help. */
extern const struct option zt_ctl_help_only[];

/* A command's arguments: its name, help, options, and how many operands
 * it takes (max -1: any number). */
#define ZT_CTL_ARGS(name_, help_, opts_, min_, max_) \
    {.name = (name_), .help = (help_), .longopts = (opts_), .min_operands = (min_), .max_operands = (max_)}

/* The next option of argv (argv[0] the command's last word; options and
 * operands may come in any order, `--` ends the options): its val, with
 * its value in optarg. 0 once every option is read and the operands are
 * as many as the command takes (a->operand). -1 when the command is to
 * stop with a->exit_code: 0 after printing the help to stdout (--help,
 * -h), 2 after naming an unknown option, a missing value or a wrong
 * number of operands on stderr. */
int zt_ctl_next(struct zt_ctl_args *a, int argc, char **argv);

/* Reads "UPN --reason TEXT" (erase-pupil, alert close) into *upn and
 * *reason, the UPN checked, with a's option table (ZT_CTL_OPT_REASON and
 * the command's own options): like zt_ctl_next, the val of each of the
 * command's own options (optarg its value), then 0 once all is read and
 * right, or -1 when the command is to stop with a->exit_code. Sets a's
 * operand counts (one). */
int zt_ctl_upn_reason(struct zt_ctl_args *a, int argc, char **argv, char **upn, char **reason);

/* A command made of subcommands ("thresholds show|set", "pki init|..."):
 * reads the command's own --help (help), then runs the subcommand argv[1]
 * names with argv + 1 and ctl (NULL for pki, which needs no zone). */
struct zt_ctl;
struct zt_ctl_sub {
    const char *name;
    int (*run)(struct zt_ctl *ctl, int argc, char **argv);
};
int zt_ctl_subcommand(struct zt_ctl *ctl, const char *name, const char *help, const struct zt_ctl_sub *subs,
                      size_t n, int argc, char **argv);

/* Prints "zonectl NAME: <message> (try zonectl NAME --help)" on stderr, one
 * line (a control character in the message shown escaped); returns 2, the
 * usage error's exit code. */
int zt_ctl_usage_error(const struct zt_ctl_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A 6-digit URN into *out. Returns 0 or -1. */
int zt_ctl_parse_urn(const char *s, uint32_t *out);

/* A YYYY-MM-DD date into *out (a day number). Returns 0 or -1. */
int zt_ctl_parse_date(const char *s, int32_t *out);

/* Checks s as a UPN, a URN, a date: 0, or 2 after naming what (an operand
 * or option such as "--as-of") and the value with zt_ctl_usage_error. */
int zt_ctl_upn_arg(const struct zt_ctl_args *a, const char *what, const char *s);
int zt_ctl_urn_arg(const struct zt_ctl_args *a, const char *what, const char *s, uint32_t *out);
int zt_ctl_date_arg(const struct zt_ctl_args *a, const char *what, const char *s, int32_t *out);

#endif
