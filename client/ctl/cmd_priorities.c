/* zonectl priorities [--as-of DATE] [--benchmarks FILE] [--json]: schools
 * ranked by their disadvantaged gaps and by low attainment for all, with
 * the figures that put each school there; and the gaps that narrowed most
 * since the last half-term end, to celebrate. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alert_format.h"
#include "celebrate.h"
#include "date.h"
#include "priorities.h"

static const enum zt_measure shown[] = ZT_PRIORITY_GAP_MEASURES;

#define CELEBRATED 10

static const char *since(const Zt__GapsReply *r, char *d)
{
    return r->n_trend ? zt_date_format(r->trend[r->n_trend - 1]->date, d) : "";
}

static void json_celebrate(struct zt_json *w, const Zt__GapsReply *r, const struct zt_celebration *c, size_t n)
{
    char d[ZT_DATE_STRLEN];
    zt_json_key(w, "celebrate");
    zt_json_array(w, ZT_JSON_LINES);
    for (size_t i = 0; i < n; i++) {
        const Zt__GapScope *s = c[i].scope;
        zt_json_object(w, ZT_JSON_INLINE);
        zt_json_kstr(w, "level", zt_gap_level_name(s->level));
        if (s->has_school)
            zt_json_urn(w, "school", s->school);
        else
            zt_json_kstr(w, "school", NULL);
        zt_json_kstr(w, "name", s->name ? s->name : "");
        zt_json_kstr(w, "group", zt_gap_groups[c[i].group].name);
        zt_json_kstr(w, "measure", zt_measures[c[i].measure].key);
        zt_json_kstr(w, "since", since(r, d));
        zt_json_knum(w, "gap_then", c[i].before, 2);
        zt_json_knum(w, "gap_now", c[i].now, 2);
        zt_json_knum(w, "narrowed", c[i].narrowed, 2);
        zt_json_end(w);
    }
    zt_json_end(w);
}

static void print_celebrate(const Zt__GapsReply *r, const struct zt_celebration *c, size_t n)
{
    char d[ZT_DATE_STRLEN];
    if (!n) {
        printf("\nTo celebrate: no gap narrowed since the last half-term end%s%s.\n", r->n_trend ? " " : "",
               since(r, d));
        return;
    }
    printf("\nTo celebrate: the gaps that narrowed most since the last half-term end (%s):\n", since(r, d));
    for (size_t i = 0; i < n; i++) {
        const Zt__GapScope *s = c[i].scope;
        char who[64];
        s->has_school ? snprintf(who, sizeof who, "%06u %s", s->school, s->name ? s->name : "")
                      : snprintf(who, sizeof who, "cluster %s", s->name ? s->name : "");
        printf("  %-34.34s %-22.22s %-30.30s %+6.1f -> %+6.1f (narrowed %.1f)\n", who,
               zt_gap_groups[c[i].group].label, zt_measures[c[i].measure].words, c[i].before, c[i].now,
               c[i].narrowed);
    }
}

static void json_school(struct zt_json *w, const Zt__GapsReply *r, const struct zt_priority *p, size_t rank)
{
    const Zt__GapScope *s = p->school;
    const Zt__GapGroup *dis = zt_gap_group(s, zt_gap_groups[ZT_G_DISADVANTAGED].name);
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kuint(w, "rank", rank);
    zt_json_urn(w, "school", s->school);
    zt_json_kstr(w, "name", s->name ? s->name : "");
    zt_json_kstr(w, "cluster", s->cluster ? s->cluster : "");
    zt_json_knum(w, "score", p->score, 2);
    zt_json_knum(w, "gap_score", p->gap_score, 2);
    zt_json_knum(w, "attainment_score", p->attainment_score, 2);
    zt_json_kbool(w, "gap_suppressed", p->gap_suppressed);
    zt_json_key(w, "disadvantaged_gap");
    zt_json_object(w, ZT_JSON_INLINE);
    for (size_t j = 0; j < sizeof shown / sizeof shown[0]; j++)
        zt_json_knum(w, zt_measures[shown[j]].key, zt_gap_difference(dis, shown[j]), 2);
    zt_json_end(w);
    zt_gap_targets_json(w, r, s, dis);
    zt_json_key(w, "all_pupils");
    zt_json_object(w, ZT_JSON_INLINE);
    for (int m = ZT_M_BELOW_MATHS; m <= ZT_M_BELOW_ENGLISH; m++)
        zt_json_knum(w, zt_measures[m].key, zt_gap_measure(s->all, (enum zt_measure)m), 2);
    zt_json_end(w);
    zt_json_end(w);
}

static int print_json(const Zt__GapsReply *r, const struct zt_priority *p, size_t n, const struct zt_celebration *c,
                      size_t nc)
{
    char d[ZT_DATE_STRLEN];
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_object(&w, ZT_JSON_LINES);
    zt_json_kstr(&w, "as_of", zt_date_format(r->as_of, d));
    zt_json_key(&w, "schools");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < n; i++)
        json_school(&w, r, &p[i], i + 1);
    zt_json_end(&w);
    json_celebrate(&w, r, c, nc);
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

static void print_table(const Zt__GapsReply *r, const struct zt_priority *p, size_t n,
                        const struct zt_benchmarks *b)
{
    char d[ZT_DATE_STRLEN];
    printf("Priority schools as of %s: score = disadvantaged gap points (worse side only: attendance,\n"
           "persistent absence, below expected in maths and English) + all pupils' points below the\n"
           "benchmark in maths and English (%s).\n\n",
           zt_date_format(r->as_of, d), b->source[0] ? b->source : "the zone's own figures");
    printf("%4s %-6s %-26s %-10s %6s %6s %6s | disadvantaged gap:%-12s | all pupils:\n", "rank", "urn", "name",
           "cluster", "score", "gap", "attain", "");
    printf("%70s %7s %7s %7s %7s | %7s %7s\n", "", "attend", "PA", "<maths", "<Eng", "<maths%", "<Eng%");
    for (size_t i = 0; i < n; i++) {
        const Zt__GapScope *s = p[i].school;
        const Zt__GapGroup *dis = zt_gap_group(s, zt_gap_groups[ZT_G_DISADVANTAGED].name);
        printf("%4zu %06u %-26.26s %-10.10s %6.1f %6.1f %6.1f |", i + 1, s->school, s->name ? s->name : "",
               s->cluster ? s->cluster : "", p[i].score, p[i].gap_score, p[i].attainment_score);
        for (size_t j = 0; j < sizeof shown / sizeof shown[0]; j++) {
            double v = zt_gap_difference(dis, shown[j]);
            isnan(v) ? printf(" %7s", "suppr.") : printf(" %+7.1f", v);
        }
        double bm = zt_gap_measure(s->all, ZT_M_BELOW_MATHS), be = zt_gap_measure(s->all, ZT_M_BELOW_ENGLISH);
        isnan(bm) ? printf(" | %7s", "-") : printf(" | %7.1f", bm);
        isnan(be) ? printf(" %7s\n", "-") : printf(" %7.1f\n", be);
        if (dis)
            zt_gap_targets_lines(stdout, r, s, dis, "     disadvantaged gap's ");
    }
}

int zt_cmd_priorities(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "priorities [--as-of DATE] [--benchmarks FILE] [--json]\n"
        "  Schools ranked by their disadvantaged gaps and by low attainment for all,\n"
        "  with the figures that put each school there; then the gaps that narrowed\n"
        "  most since the last half-term end, to celebrate.\n" ZT_GAP_HELP_AS_OF ZT_GAP_HELP_BENCHMARKS
        "  --json             JSON instead of the table\n";
    static const struct option opts[] = {ZT_GAP_OPT_AS_OF, ZT_GAP_OPT_BENCHMARKS, ZT_GAP_OPT_JSON, ZT_CTL_OPT_HELP,
                                         {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("priorities", help, opts, 0, 0);
    struct zt_gap_opts o;
    Zt__Response *resp;
    if (zt_gap_opts_parse(&args, argc, argv, &o))
        return args.exit_code;
    int rc = zt_gap_fetch(ctl, &o, &resp);
    if (rc)
        return rc;
    const Zt__GapsReply *r = resp->gaps;
    struct zt_priority *p = calloc(r->n_scopes + 1, sizeof *p);
    if (!p) {
        zt__response__free_unpacked(resp, NULL);
        fprintf(stderr, "zonectl: out of memory\n");
        return 1;
    }
    size_t n = zt_priorities_rank(r->scopes, r->n_scopes, &o.bench, p);
    struct zt_celebration c[CELEBRATED];
    size_t nc = zt_celebrate(r, c, CELEBRATED);
    if (o.json) {
        rc = print_json(r, p, n, c, nc);
    } else {
        print_table(r, p, n, &o.bench);
        print_celebrate(r, c, nc);
    }
    free(p);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
