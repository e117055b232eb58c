#include "args.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help_text[] =
    "usage: zonegen --out DIR [--seed N] [--schools N] [--pupils N]\n"
    "               [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--only-day YYYY-MM-DD]\n"
    "Writes a synthetic zone: DIR/zone.csv and DIR/school-<URN>/{pupils,attendance,\n"
    "behaviour,assessments,health}.csv. Same arguments, same bytes.\n"
    "  --seed N       PRNG seed (default 1)\n"
    "  --schools N    schools, 1-100 (default 10; every 10 has 3 secondaries)\n"
    "  --pupils N     pupils per school, 1-5000 (default 300; ~1% also move school)\n"
    "  --from DATE    first date of records (default 2025-09-01)\n"
    "  --to DATE      last date of records (default 2026-03-20)\n"
    "  --only-day D   records dated D only (the next day's delta), full pupils.csv;\n"
    "                 the rows equal those a full run covering D has for D\n"
    "  -h, --help     this help\n"
    "Rolls always describe academic year 2025/26 whatever the dates.\n";

/* The option values as given, checked once --help is known to be absent. */
struct given {
    const char *seed, *schools, *pupils, *from, *to, *only_day;
};

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("zonegen: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (try zonegen --help)\n", stderr);
    return 2;
}

/* A whole number 0..max in digits only (no sign, no space) into *out. */
static int parse_count(const char *s, unsigned long long max, unsigned long long *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

static int count_arg(const char *opt, const char *s, int lo, int hi, int *out)
{
    unsigned long long v;
    if (parse_count(s, (unsigned long long)hi, &v) || v < (unsigned long long)lo)
        return usage_error("%s: '%s' is not a number %d-%d", opt, s, lo, hi);
    *out = (int)v;
    return 0;
}

static int date_arg(const char *opt, const char *s, zt_date *out)
{
    if (zt_date_parse(s, strlen(s), out))
        return usage_error("%s: '%s' is not a date (YYYY-MM-DD)", opt, s);
    return 0;
}

/* The values given, in *o, or the exit code of the first that is wrong. */
static int check(const struct given *g, struct zg_options *o)
{
    int rc = 0;
    unsigned long long seed;
    if (g->seed && parse_count(g->seed, UINT64_MAX, &seed))
        return usage_error("--seed: '%s' is not a whole number 0-%llu", g->seed, (unsigned long long)UINT64_MAX);
    if (g->seed)
        o->seed = seed;
    if ((g->schools && (rc = count_arg("--schools", g->schools, 1, ZG_MAX_SCHOOLS, &o->nschools))) ||
        (g->pupils && (rc = count_arg("--pupils", g->pupils, 1, ZG_MAX_PUPILS, &o->npupils))) ||
        (g->from && (rc = date_arg("--from", g->from, &o->from))) ||
        (g->to && (rc = date_arg("--to", g->to, &o->to))))
        return rc;
    if (g->only_day) { /* one day's records: the next day's delta */
        if ((rc = date_arg("--only-day", g->only_day, &o->from)))
            return rc;
        o->to = o->from;
    }
    if (!o->out || !*o->out)
        return usage_error("--out DIR is required");
    char from[ZT_DATE_STRLEN], to[ZT_DATE_STRLEN];
    if (o->from > o->to)
        return usage_error("--from %s is after --to %s", zt_date_format(o->from, from), zt_date_format(o->to, to));
    return 0;
}

/* Why getopt_long could not take the option just read, into why[n]. */
static void name_bad_option(char **argv, int c, char *why, size_t n)
{
    const char *arg = argv[optind - 1];
    int name_len = (int)strcspn(arg, "=");
    if (c == ':')
        snprintf(why, n, "%s needs a value", arg);
    else if (!optopt)
        snprintf(why, n, "unknown option '%.*s'", name_len, arg);
    else if (strncmp(arg, "--", 2) == 0) /* --help=x */
        snprintf(why, n, "%.*s takes no value", name_len, arg);
    else
        snprintf(why, n, "unknown option '-%c'", optopt);
}

int zg_args_parse(int argc, char **argv, struct zg_options *o, int *exit_code)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},      {"seed", required_argument, NULL, 's'},
        {"schools", required_argument, NULL, 'S'},  {"pupils", required_argument, NULL, 'p'},
        {"from", required_argument, NULL, 'f'},     {"to", required_argument, NULL, 't'},
        {"only-day", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'},
        {0},
    };
    *o = (struct zg_options){.seed = 1, .nschools = 10, .npupils = 300,
                             .from = zt_date_from_ymd(2025, 9, 1), .to = zt_date_from_ymd(2026, 3, 20)};
    struct given g = {0};
    char why[256] = ""; /* the first bad option: named unless --help is given too */
    int help = 0, c;
    opterr = 0;         /* the messages are ours, one line each */
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': help = 1; break;
        case 'o': o->out = optarg; break;
        case 's': g.seed = optarg; break;
        case 'S': g.schools = optarg; break;
        case 'p': g.pupils = optarg; break;
        case 'f': g.from = optarg; break;
        case 't': g.to = optarg; break;
        case 'd': g.only_day = optarg; break;
        default:
            if (!why[0])
                name_bad_option(argv, c, why, sizeof why);
        }
    }
    *exit_code = 0;
    if (help) {
        fputs(help_text, stdout);
        return -1;
    }
    *exit_code = 2;
    if (why[0])
        usage_error("%s", why);
    else if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    else if (check(&g, o) == 0)
        return 0;
    return -1;
}
