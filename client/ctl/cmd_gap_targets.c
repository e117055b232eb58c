/* zonectl gaps target set MEASURE GROUP VALUE --by DATE | clear MEASURE GROUP | list:
 * the coordinator's targets for gaps (audited in the zone); every gaps
 * view then shows each gap's distance to its target and whether it is on
 * track to reach it. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "gaps_view.h"

static int print_targets(const Zt__GapTargetsReply *r)
{
    char d[ZT_DATE_STRLEN];
    if (!r->n_targets)
        printf("no gap targets set\n");
    for (size_t i = 0; i < r->n_targets; i++)
        printf("%-28s %-18s %+7.1f by %s\n", r->targets[i]->measure, r->targets[i]->group, r->targets[i]->value,
               zt_date_format(r->targets[i]->by, d));
    return 0;
}

static int call(struct zt_ctl *ctl, Zt__GapTargetSet *q)
{
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_GAP_TARGET;
    req.gap_target = q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_GAP_TARGETS, &resp);
    if (rc)
        return rc;
    print_targets(resp->gap_targets);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* MEASURE and GROUP checked here too, so a typing error is a usage error. */
static int check_names(const struct zt_ctl_args *a, const char *measure, const char *group)
{
    int m = 0, g = 0;
    while (m < ZT_M_COUNT && strcmp(zt_measures[m].key, measure))
        m++;
    while (g < ZT_G_COUNT && strcmp(zt_gap_groups[g].name, group))
        g++;
    if (m == ZT_M_COUNT)
        return zt_ctl_usage_error(a, "no measure is called '%s' (attendance_pct, persistent_absence_pct, ...)",
                                  measure);
    if (g == ZT_G_COUNT)
        return zt_ctl_usage_error(a, "no group is called '%s' (disadvantaged, fsm, ...)", group);
    return 0;
}

/* A gap is often negative (-2: two points behind), and getopt would take
 * "-2" for an option: such operands move behind a "--", keeping their
 * order among the operands. out has room for argc + 1. */
static int negatives_last(int argc, char **argv, char **out)
{
    int n = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass)
            out[n++] = "--";
        for (int i = pass ? 1 : 0; i < argc; i++) {
            char *end;
            int negative = i > 0 && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' &&
                           (strtod(argv[i], &end), !*end);
            if (!strcmp(argv[i], "--"))
                return -1; /* the user's own: leave argv as it is */
            if (negative == pass)
                out[n++] = argv[i];
        }
    }
    return n;
}

static int set_parsed(struct zt_ctl *ctl, struct zt_ctl_args *a, Zt__GapTarget *t, int argc, char **argv)
{
    int c, have_by = 0;
    while ((c = zt_ctl_next(a, argc, argv)) > 0)
        if (c == 'b') {
            if (zt_ctl_date_arg(a, "--by", optarg, &t->by))
                return 2;
            have_by = 1;
        }
    if (c < 0)
        return a->exit_code;
    if (!have_by)
        return zt_ctl_usage_error(a, "give --by DATE");
    if (check_names(a, a->operand[0], a->operand[1]))
        return 2;
    char *end;
    errno = 0;
    t->value = strtod(a->operand[2], &end);
    if (errno || end == a->operand[2] || *end || !isfinite(t->value) || t->value < -100 || t->value > 100)
        return zt_ctl_usage_error(a, "VALUE is a gap in points from -100 to 100, not '%s'", a->operand[2]);
    t->measure = a->operand[0];
    t->group = a->operand[1];
    Zt__GapTargetSet q = ZT__GAP_TARGET_SET__INIT;
    q.target = t;
    return call(ctl, &q);
}

static int set_target(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "gaps target set MEASURE GROUP VALUE --by DATE\n"
        "  Sets the zone's target for a gap (group minus rest, as `gaps` shows it), to be\n"
        "  reached by DATE; replaces one for the same measure and group. A coordinator's\n"
        "  certificate; recorded in the audit trail. E.g. attendance_pct disadvantaged -2.\n"
        "  --by DATE          when it is to be reached (YYYY-MM-DD)\n";
    static const struct option opts[] = {{"by", required_argument, NULL, 'b'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("gaps target set", help, opts, 3, 3);
    Zt__GapTarget t = ZT__GAP_TARGET__INIT;
    char **av = calloc((size_t)argc + 2, sizeof *av);
    if (!av) {
        fprintf(stderr, "zonectl: out of memory\n");
        return 1;
    }
    int ac = negatives_last(argc, argv, av), rc = set_parsed(ctl, &args, &t, ac < 0 ? argc : ac, ac < 0 ? argv : av);
    free(av);
    return rc;
}

static int clear_target(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "gaps target clear MEASURE GROUP\n"
                               "  Removes the zone's target for a gap (a coordinator's certificate; audited).\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("gaps target clear", help, zt_ctl_help_only, 2, 2);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    if (check_names(&args, args.operand[0], args.operand[1]))
        return 2;
    Zt__GapTarget t = ZT__GAP_TARGET__INIT;
    t.measure = args.operand[0];
    t.group = args.operand[1];
    Zt__GapTargetSet q = ZT__GAP_TARGET_SET__INIT;
    q.target = &t;
    q.has_clear = q.clear = 1;
    return call(ctl, &q);
}

static int list_targets(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "gaps target list\n  The zone's gap targets.\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("gaps target list", help, zt_ctl_help_only, 0, 0);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    Zt__GapTargetSet q = ZT__GAP_TARGET_SET__INIT;
    return call(ctl, &q);
}

int zt_cmd_gap_targets(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "gaps target set MEASURE GROUP VALUE --by DATE | target clear MEASURE GROUP | "
                               "target list\n"
                               "  The zone's targets for gaps (`zonectl gaps target set --help`, ...).\n";
    static const struct zt_ctl_sub subs[] = {{"set", set_target}, {"clear", clear_target}, {"list", list_targets}};
    return zt_ctl_subcommand(ctl, "gaps target", help, subs, 3, argc, argv);
}
