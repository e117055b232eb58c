#include "ctl_args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "upn.h"

const struct option zt_ctl_help_only[] = {ZT_CTL_OPT_HELP, {0}};

static const char *gap(const struct zt_ctl_args *a)
{
    return a->name[0] ? " " : "";
}

int zt_ctl_usage_error(const struct zt_ctl_args *a, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "zonectl%s%s: ", gap(a), a->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try zonectl%s%s --help)\n", gap(a), a->name);
    return 2;
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
        fprintf(stderr, "zonectl%s%s: missing arguments: usage: zonectl %.*s\n", gap(a), a->name, synopsis, a->help);
        return -1;
    }
    if (a->max_operands >= 0 && a->n_operands > a->max_operands) {
        fprintf(stderr, "zonectl%s%s: unexpected argument '%s': usage: zonectl %.*s\n", gap(a), a->name,
                a->operand[a->max_operands], synopsis, a->help);
        return -1;
    }
    return 0;
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
    static const struct option opts[] = {{"reason", required_argument, NULL, 'r'}, ZT_CTL_OPT_HELP, {0}};
    a->longopts = opts;
    a->min_operands = a->max_operands = 1;
    *reason = NULL;
    int c;
    while ((c = zt_ctl_next(a, argc, argv)) > 0)
        *reason = optarg;
    if (c < 0)
        return -1;
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
