#include "ctl_args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "printable.h"
#include "upn.h"

const struct option zt_ctl_help_only[] = {ZT_CTL_OPT_HELP, {0}};

static const char *gap(const struct zt_ctl_args *a)
{
    return a->name[0] ? " " : "";
}

/* Prints "zonectl NAME: MESSAGE" on stderr as one line, with " (try
 * zonectl NAME --help)" after it when try_help. A message quotes what was
 * typed: a control character in it is shown escaped (printable.h), so an
 * argument can neither break the line nor drive the terminal. */
__attribute__((format(printf, 3, 0))) static void say(const struct zt_ctl_args *a, int try_help, const char *fmt,
                                                      va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    char *shown = zt_printable(msg);
    fprintf(stderr, "zonectl%s%s: %s", gap(a), a->name, shown ? shown : "(out of memory)");
    free(shown);
    if (try_help)
        fprintf(stderr, " (try zonectl%s%s --help)", gap(a), a->name);
    fputc('\n', stderr);
}

int zt_ctl_usage_error(const struct zt_ctl_args *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(a, 1, fmt, ap);
    va_end(ap);
    return 2;
}

/* A wrong number of operands: the message, then the command's synopsis. */
__attribute__((format(printf, 2, 3))) static void operands_error(const struct zt_ctl_args *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(a, 0, fmt, ap);
    va_end(ap);
}

/* The long option an error is about: the element just read when it was a
 * long one (abbreviated, or with "=VALUE"), with val optopt. */
static const struct option *long_option(const struct zt_ctl_args *a, const char *arg)
{
    if (strncmp(arg, "--", 2) != 0)
        return NULL;
    size_t n = strcspn(arg + 2, "=");
    for (const struct option *o = a->longopts; o->name; o++)
        if (o->val == optopt && !o->flag && strncmp(o->name, arg + 2, n) == 0)
            return o;
    return NULL;
}

static int bad_option(const struct zt_ctl_args *a, char **argv, int c)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    const struct option *o = optopt ? long_option(a, arg) : NULL;
    if (o)
        return zt_ctl_usage_error(a, c == ':' ? "--%s needs a value" : "--%s takes no value", o->name);
    if (optopt)
        return zt_ctl_usage_error(a, "unknown option '-%c'", optopt);
    return zt_ctl_usage_error(a, "unknown option '%.*s'", (int)strcspn(arg, "="), arg);
}

int zt_ctl_next(struct zt_ctl_args *a, int argc, char **argv)
{
    if (!a->started) {
        a->started = 1;
        optind = 0; /* glibc: start over, on a new argv */
        opterr = 0; /* the messages are ours */
    }
    int c = getopt_long(argc, argv, a->in_order ? "+:h" : ":h", a->longopts, NULL);
    a->exit_code = 2;
    if (c == 'h') {
        fputs("usage: zonectl ", stdout);
        fputs(a->help, stdout);
        a->exit_code = 0;
        return -1;
    }
    if (c == '?' || c == ':') {
        bad_option(a, argv, c);
        return -1;
    }
    if (c != -1)
        return c;
    a->operand = argv + optind;
    a->n_operands = argc - optind;
    int synopsis = (int)strcspn(a->help, "\n");
    if (a->n_operands < a->min_operands) {
        operands_error(a, "missing arguments: usage: zonectl %.*s", synopsis, a->help);
        return -1;
    }
    if (a->max_operands >= 0 && a->n_operands > a->max_operands) {
        operands_error(a, "unexpected argument '%s': usage: zonectl %.*s", a->operand[a->max_operands], synopsis,
                       a->help);
        return -1;
    }
    return 0;
}

int zt_ctl_subcommand(struct zt_ctl *ctl, const char *name, const char *help, const struct zt_ctl_sub *subs,
                      size_t n, int argc, char **argv)
{
    struct zt_ctl_args a = ZT_CTL_ARGS(name, help, zt_ctl_help_only, 1, -1);
    a.in_order = 1; /* the subcommand's own options come after it */
    if (zt_ctl_next(&a, argc, argv) < 0)
        return a.exit_code;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(subs[i].name, a.operand[0]))
            return subs[i].run(ctl, a.n_operands, a.operand);
    return zt_ctl_usage_error(&a, "unknown subcommand '%s'", a.operand[0]);
}

int zt_ctl_parse_urn(const char *s, uint32_t *out)
{
    if (strlen(s) != 6 || strspn(s, "0123456789") != 6)
        return -1;
    *out = (uint32_t)strtoul(s, NULL, 10);
    return 0;
}

int zt_ctl_parse_date(const char *s, int32_t *out)
{
    zt_date d;
    if (zt_date_parse(s, strlen(s), &d))
        return -1;
    *out = d;
    return 0;
}

int zt_ctl_upn_arg(const struct zt_ctl_args *a, const char *what, const char *s)
{
    const char *why = zt_upn_invalid(s, strlen(s));
    return why ? zt_ctl_usage_error(a, "%s '%s' is not valid: %s", what, s, why) : 0;
}

int zt_ctl_urn_arg(const struct zt_ctl_args *a, const char *what, const char *s, uint32_t *out)
{
    return zt_ctl_parse_urn(s, out) ? zt_ctl_usage_error(a, "%s: '%s' is not a 6-digit URN", what, s) : 0;
}

int zt_ctl_date_arg(const struct zt_ctl_args *a, const char *what, const char *s, int32_t *out)
{
    return zt_ctl_parse_date(s, out) ? zt_ctl_usage_error(a, "%s: '%s' is not a date (YYYY-MM-DD)", what, s) : 0;
}

int zt_ctl_upn_reason(struct zt_ctl_args *a, int argc, char **argv, char **upn, char **reason)
{
    if (!a->started) {
        a->min_operands = a->max_operands = 1;
        *reason = NULL;
    }
    int c;
    while ((c = zt_ctl_next(a, argc, argv)) == 'r')
        *reason = optarg;
    if (c != 0)
        return c; /* the command's own option, or -1 */
    *upn = a->operand[0];
    a->exit_code = 2;
    if (zt_ctl_upn_arg(a, "UPN", *upn))
        return -1;
    if (!*reason || !**reason) {
        zt_ctl_usage_error(a, "give --reason TEXT");
        return -1;
    }
    return 0;
}
