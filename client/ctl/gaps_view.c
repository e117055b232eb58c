#include "gaps_view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "date.h"


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
        o->trend = 1;
    } else if (c == 'Y') {
        o->q.has_last_year = o->q.last_year = 1;
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
        if (strchr(v, ',')) {
            if (zt_gap_cross_parse(v, &o->cross))
                return zt_ctl_usage_error(a, "--by A,B needs two different groups, not '%s'", v);
            o->by = o->q.cross_by = o->cross.by;
            return 0;
        }
        if (!zt_gap_by_known(v))
            return zt_ctl_usage_error(a,
                                      "--by is disadvantaged, fsm, ever6, cic, sen, eal, gender, ethnicity, gifted "
                                      "or idaci (or two of them, A,B), not '%s'",
                                      v);
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
    if (rc == 0 && c == 0 && o->csv && o->trend)
        rc = zt_ctl_usage_error(args, "--trend has no CSV form: give --json, or the table");
    if (rc == 0 && c == 0 && o->q.cross_by && o->trend)
        rc = zt_ctl_usage_error(args, "--trend takes one group: the half-term snapshots keep no overlaps");
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

const Zt__GapGroup *zt_gap_last_year(const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g)
{
    if (!r->last_year || !g)
        return NULL;
    return zt_gap_group(zt_gap_same_scope(s, r->last_year->scopes, r->last_year->n_scopes), g->group);
}

const Zt__GapTarget *zt_gap_target_of(const Zt__GapsReply *r, const char *group, enum zt_measure m)
{
    for (size_t i = 0; i < r->n_targets; i++)
        if (!strcmp(r->targets[i]->group, group) && !strcmp(r->targets[i]->measure, zt_measures[m].key))
            return r->targets[i];
    return NULL;
}

double zt_gap_to_target(const Zt__GapTarget *t, enum zt_measure m, double gap)
{
    return t ? zt_measure_worse_by(m, gap, t->value) : NAN;
}

const char *zt_gap_target_outlook(const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g,
                                  enum zt_measure m, const Zt__GapTarget *t)
{
    double now = zt_gap_difference(g, m), short_by = zt_gap_to_target(t, m, now);
    if (isnan(short_by))
        return "";
    if (short_by <= 0)
        return "met";
    if (t->by <= r->as_of)
        return "missed";
    if (!r->n_trend)
        return "";
    const Zt__GapSnapshot *last = r->trend[r->n_trend - 1];
    const Zt__GapScope *then = zt_gap_same_scope(s, last->scopes, last->n_scopes);
    double before = zt_gap_difference(zt_gap_group(then, g->group), m);
    if (isnan(before) || last->date >= r->as_of)
        return "";
    /* straight on from the last half-term end */
    double projected = now + (now - before) * (double)(t->by - r->as_of) / (double)(r->as_of - last->date);
    return zt_gap_to_target(t, m, projected) <= 0 ? "on track" : "off track";
}

const char *zt_gap_target_text(const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g,
                               enum zt_measure m, char *buf, size_t size)
{
    const Zt__GapTarget *t = g ? zt_gap_target_of(r, g->group, m) : NULL;
    if (!t)
        return NULL;
    char d[ZT_DATE_STRLEN], go[32] = "-";
    double to_go = zt_gap_to_target(t, m, zt_gap_difference(g, m));
    if (!isnan(to_go))
        to_go > 0 ? snprintf(go, sizeof go, "%.1f to go", to_go) : snprintf(go, sizeof go, "reached");
    const char *outlook = zt_gap_target_outlook(r, s, g, m, t);
    snprintf(buf, size, "%+.1f by %s: %s%s%s", t->value, zt_date_format(t->by, d), go, *outlook ? ", " : "",
             outlook);
    return buf;
}

void zt_gap_targets_lines(FILE *out, const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g,
                          const char *indent)
{
    char text[128];
    for (int m = 0; m < ZT_M_COUNT; m++)
        if (zt_gap_target_text(r, s, g, (enum zt_measure)m, text, sizeof text))
            fprintf(out, "%starget %s %s\n", indent, zt_measures[m].key, text);
}

void zt_gap_targets_json(struct zt_json *w, const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g)
{
    char d[ZT_DATE_STRLEN];
    int first = 1;
    for (int m = 0; m < ZT_M_COUNT; m++) {
        const Zt__GapTarget *t = zt_gap_target_of(r, g->group, (enum zt_measure)m);
        if (!t)
            continue;
        if (first) {
            zt_json_key(w, "targets");
            zt_json_array(w, ZT_JSON_INLINE);
            first = 0;
        }
        zt_json_object(w, ZT_JSON_INLINE);
        zt_json_kstr(w, "measure", zt_measures[m].key);
        zt_json_knum(w, "target", t->value, 2);
        zt_json_kstr(w, "by", zt_date_format(t->by, d));
        zt_json_knum(w, "to_target", zt_gap_to_target(t, (enum zt_measure)m, zt_gap_difference(g, (enum zt_measure)m)),
                     2);
        const char *outlook = zt_gap_target_outlook(r, s, g, (enum zt_measure)m, t);
        zt_json_kstr(w, "outlook", *outlook ? outlook : NULL);
        zt_json_end(w);
    }
    if (!first)
        zt_json_end(w);
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
