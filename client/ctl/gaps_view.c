#include "gaps_view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


static int parse_level(const char *s, int *out)
{
    static const char *const names[] = {"zone", "cluster", "school"};
    for (int i = 0; i < 3; i++)
        if (!strcmp(s, names[i])) {
            *out = i;
            return 0;
        }
    return -1;
}

/* One option of a gap command: 0, or the usage error's exit code. */
static int gap_option(const struct zt_ctl_args *a, int c, const char *v, struct zt_gap_opts *o)
{
    if (c == 'j') {
        o->json = 1;
    } else if (c == 'c') {
        o->csv = 1;
    } else if (c == 't') {
        o->q.has_trend = o->q.trend = 1;
    } else if (c == 'H') {
        o->html = v;
    } else if (c == 'a') {
        if (zt_ctl_date_arg(a, "--as-of", v, &o->q.as_of))
            return 2;
        o->q.has_as_of = 1;
    } else if (c == 's') {
        if (zt_ctl_urn_arg(a, "--school", v, &o->q.school))
            return 2;
        o->q.has_school = 1;
    } else if (c == 'l') {
        if (parse_level(v, &o->level))
            return zt_ctl_usage_error(a, "--level is zone, cluster or school, not '%s'", v);
    } else if (c == 'y') {
        if (!zt_gap_by_known(v))
            return zt_ctl_usage_error(
                a, "--by is disadvantaged, fsm, cic, sen, eal, gender, ethnicity or gifted, not '%s'", v);
        o->by = v;
    } else if (c == 'b') {
        char err[300];
        if (zt_benchmarks_load(v, &o->bench, err, sizeof err)) {
            fprintf(stderr, "zonectl: %s\n", err);
            return 2;
        }
    }
    return 0;
}

int zt_gap_opts_parse(struct zt_ctl_args *args, int argc, char **argv, struct zt_gap_opts *o)
{
    memset(o, 0, sizeof *o);
    zt__gaps_query__init(&o->q);
    o->level = -1;
    zt_benchmarks_default(&o->bench);
    int c, rc = 0;
    while (rc == 0 && (c = zt_ctl_next(args, argc, argv)) > 0)
        rc = gap_option(args, c, optarg, o);
    if (rc == 0 && c == 0 && o->json && o->csv)
        rc = zt_ctl_usage_error(args, "choose one of --json and --csv");
    if (rc)
        args->exit_code = rc;
    return rc || c < 0 ? -1 : 0;
}

double zt_gap_difference(const Zt__GapGroup *g, enum zt_measure m)
{
    return g ? zt_gap_measure(g->members, m) - zt_gap_measure(g->rest, m) : NAN;
}

const Zt__GapScope *zt_gap_zone(Zt__GapScope *const *scopes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (scopes[i]->level == ZT__GAP_LEVEL__GAP_LEVEL_ZONE)
            return scopes[i];
    return NULL;
}

const Zt__GapGroup *zt_gap_group(const Zt__GapScope *s, const char *name)
{
    for (size_t i = 0; s && i < s->n_groups; i++)
        if (!strcmp(s->groups[i]->group, name))
            return s->groups[i];
    return NULL;
}

const Zt__GapScope *zt_gap_same_scope(const Zt__GapScope *s, Zt__GapScope *const *scopes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Zt__GapScope *x = scopes[i];
        if (x->level != s->level)
            continue;
        if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_ZONE ||
            (s->level == ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL && x->school == s->school) ||
            (s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER && x->name && s->name && !strcmp(x->name, s->name)))
            return x;
    }
    return NULL;
}

const char *zt_gap_level_name(Zt__GapLevel l)
{
    return l == ZT__GAP_LEVEL__GAP_LEVEL_ZONE ? "zone" : l == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER ? "cluster" : "school";
}

enum zt_rag zt_gap_rag_zone(const Zt__GapScope *s, const Zt__GapScope *zone, enum zt_measure m,
                            const struct zt_benchmarks *b)
{
    if (!zone || s == zone)
        return ZT_RAG_NONE;
    return zt_rag_rate(m, zt_gap_measure(s->all, m), zt_gap_measure(zone->all, m), b->margin[m]);
}

enum zt_rag zt_gap_rag_national(const Zt__GapScope *s, enum zt_measure m, const struct zt_benchmarks *b)
{
    return zt_rag_rate(m, zt_gap_measure(s->all, m), b->national[m], b->margin[m]);
}
