#include "gaps_view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ctl_args.h"

static int allowed(const char *more, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = strstr(more, opt); p; p = strstr(p + 1, opt))
        if ((p == more || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static int bad(const char *cmd, const char *what, const char *arg)
{
    fprintf(stderr, "zonectl: %s: %s '%s' (try --help)\n", cmd, what, arg);
    return 2;
}

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

int zt_gap_opts_parse(int argc, char **argv, const char *more, struct zt_gap_opts *o)
{
    memset(o, 0, sizeof *o);
    zt__gaps_query__init(&o->q);
    o->level = -1;
    zt_benchmarks_default(&o->bench);
    const char *cmd = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = !strcmp(a, "--as-of") || !strcmp(a, "--benchmarks") || !strcmp(a, "--by") ||
                    !strcmp(a, "--level") || !strcmp(a, "--school") || !strcmp(a, "--html");
        if (strcmp(a, "--as-of") && !allowed(more, a)) /* each command lists what it uses */
            return bad(cmd, "unknown argument", a);
        if (takes && !v)
            return bad(cmd, "missing value after", a);
        if (takes)
            i++;
        if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--csv")) {
            o->csv = 1;
        } else if (!strcmp(a, "--trend")) {
            o->q.has_trend = o->q.trend = 1;
        } else if (!strcmp(a, "--html")) {
            o->html = v;
        } else if (!strcmp(a, "--as-of")) {
            if (zt_ctl_parse_date(v, &o->q.as_of))
                return bad(cmd, "--as-of wants YYYY-MM-DD, not", v);
            o->q.has_as_of = 1;
        } else if (!strcmp(a, "--school")) {
            if (zt_ctl_parse_urn(v, &o->q.school))
                return bad(cmd, "--school wants a 6-digit URN, not", v);
            o->q.has_school = 1;
        } else if (!strcmp(a, "--level")) {
            if (parse_level(v, &o->level))
                return bad(cmd, "--level is zone, cluster or school, not", v);
        } else if (!strcmp(a, "--by")) {
            if (!zt_gap_by_known(v))
                return bad(cmd, "--by is disadvantaged, fsm, cic, sen, eal, gender, ethnicity or gifted, not", v);
            o->by = v;
        } else if (!strcmp(a, "--benchmarks")) {
            char err[300];
            if (zt_benchmarks_load(v, &o->bench, err, sizeof err)) {
                fprintf(stderr, "zonectl: %s\n", err);
                return 2;
            }
        }
    }
    if (o->json && o->csv) {
        fprintf(stderr, "zonectl: %s: choose one of --json and --csv\n", cmd);
        return 2;
    }
    return 0;
}

void zt_gap_tally_from_wire(const Zt__GapTally *w, struct zt_gap_tally *t)
{
    memset(t, 0, sizeof *t);
    t->pupils = w->pupils;
    t->pupils_with_sessions = w->pupils_with_sessions;
    t->possible = w->possible_sessions;
    t->present = w->present_sessions;
    t->persistent = w->persistent;
    t->severe = w->severe;
    t->suspensions = w->suspensions;
    t->permanent_exclusions = w->permanent_exclusions;
    t->assessed_maths = w->assessed_maths;
    t->below_maths = w->below_maths;
    t->assessed_english = w->assessed_english;
    t->below_english = w->below_english;
    t->alerts = w->alerts;
}

double zt_gap_measure(const Zt__GapTally *w, enum zt_measure m)
{
    if (!w)
        return NAN;
    struct zt_gap_tally t;
    zt_gap_tally_from_wire(w, &t);
    return zt_measure_value(&t, m);
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
