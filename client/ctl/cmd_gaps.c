/* zonectl gaps [--by GROUP[,GROUP]] [--level L] [--school URN] [--as-of DATE]
 *              [--trend] [--last-year] [--benchmarks FILE] [--json|--csv]
 * zonectl gaps snapshot [--as-of DATE]
 * Each group beside the rest of its scope and the gap (group minus rest);
 * the all-pupil figures RAG-rated against the zone and national figures. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "date.h"
#include "gaps_view.h"
#include "take_up_view.h"

static int shown_group(const struct zt_gap_opts *o, const Zt__GapGroup *g)
{
    return !o->by || !strcmp(o->by, g->by);
}

static int shown_scope(const struct zt_gap_opts *o, const Zt__GapScope *s)
{
    return o->level < 0 || (int)s->level == o->level;
}

/* Free school meals take-up: with every group, or with --by fsm. */
static int shown_take_up(const struct zt_gap_opts *o)
{
    return !o->by || !strcmp(o->by, "fsm");
}

/* --- plain table ----------------------------------------------------------- */

static void table_values(const char *label, const Zt__GapTally *t)
{
    printf("%-30s %6u", label, t->pupils);
    for (int m = 0; m < ZT_M_COUNT; m++) {
        double v = zt_gap_measure(t, (enum zt_measure)m);
        isnan(v) ? printf(" %8s", "-") : printf(" %8.1f", v);
    }
    putchar('\n');
}

static void table_gap(const char *label, const Zt__GapGroup *g)
{
    printf("%-30s %6s", label, "");
    for (int m = 0; m < ZT_M_COUNT; m++) {
        double v = zt_gap_difference(g, (enum zt_measure)m);
        isnan(v) ? printf(" %8s", "-") : printf(" %+8.1f", v);
    }
    putchar('\n');
}

static void table_rag(const char *label, const Zt__GapScope *s, const Zt__GapScope *zone,
                      const struct zt_benchmarks *b, int national)
{
    printf("%-30s %6s", label, "");
    for (int m = 0; m < ZT_M_COUNT; m++) {
        enum zt_rag r = national ? zt_gap_rag_national(s, (enum zt_measure)m, b)
                                 : zt_gap_rag_zone(s, zone, (enum zt_measure)m, b);
        printf(" %8s", r ? zt_rag_name(r) : "-");
    }
    putchar('\n');
}

static void print_scope_title(const Zt__GapScope *s)
{
    if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL)
        printf("== school %06u %s (cluster %s)\n", s->school, s->name ? s->name : "", s->cluster);
    else if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER)
        printf("== cluster %s\n", s->name);
    else
        printf("== zone\n");
}

static void table(const struct zt_gap_opts *o, const Zt__GapsReply *r)
{
    const Zt__GapScope *zone = zt_gap_zone(r->scopes, r->n_scopes);
    char d[ZT_DATE_STRLEN];
    printf("Gaps as of %s: group minus the rest of its scope; groups or rests under %u pupils suppressed (-),\n"
           "and so is whatever would give them away by subtraction.\n",
           zt_date_format(r->as_of, d), r->min_group);
    if (r->last_year)
        printf("A year before: as of %s.\n", zt_date_format(r->last_year->date, d));
    for (size_t i = 0; i < r->n_scopes; i++) {
        const Zt__GapScope *s = r->scopes[i];
        if (!shown_scope(o, s))
            continue;
        print_scope_title(s);
        printf("%-30s %6s", "", "pupils");
        for (int m = 0; m < ZT_M_COUNT; m++)
            printf(" %8s", zt_measures[m].label);
        putchar('\n');
        if (!s->all) {
            printf("  suppressed: fewer than %u pupils, or they would give a small group away\n", r->min_group);
            continue;
        }
        table_values("all pupils", s->all);
        if (zone && s != zone)
            table_rag("  RAG vs zone", s, zone, &o->bench, 0);
        if (o->bench.source[0])
            table_rag("  RAG vs national", s, zone, &o->bench, 1);
        for (size_t g = 0; g < s->n_groups; g++) {
            const Zt__GapGroup *gr = s->groups[g];
            if (!shown_group(o, gr))
                continue;
            if (!gr->members || !gr->rest) {
                printf("%-30s %6s\n", gr->group, "suppressed");
                continue;
            }
            table_values(gr->group, gr->members);
            table_values("  rest", gr->rest);
            table_gap("  gap", gr);
            if (r->last_year)
                table_gap("  gap a year before", zt_gap_last_year(r, s, gr));
            zt_gap_targets_lines(stdout, r, s, gr, "  ");
        }
    }
    if (shown_take_up(o))
        zt_take_up_table(stdout, r, o->level);
    if (o->bench.source[0])
        printf("National figures: %s\n", o->bench.source);
}

/* --- trend ------------------------------------------------------------------ */

static void trend_table(const struct zt_gap_opts *o, const Zt__GapsReply *r)
{
    char d[ZT_DATE_STRLEN];
    printf("Gap (group minus rest) at each half-term end and now (%s); direction from the previous point:\n"
           "narrowing or widening when the gap's size changed by a fifth of itself (at least %.1f point,\n"
           "at most %.0f needed), else stable.\n",
           zt_date_format(r->as_of, d), ZT_GAP_TREND_MIN, ZT_GAP_TREND_MAX);
    for (size_t i = 0; i < r->n_scopes; i++) {
        const Zt__GapScope *s = r->scopes[i];
        if (!shown_scope(o, s))
            continue;
        print_scope_title(s);
        for (size_t g = 0; g < s->n_groups; g++) {
            const Zt__GapGroup *now = s->groups[g];
            if (!shown_group(o, now))
                continue;
            printf("%-26s", now->group);
            for (size_t t = 0; t < r->n_trend; t++)
                printf(" %10s", zt_date_format(r->trend[t]->date, d));
            printf(" %10s  direction\n", "now");
            for (int m = 0; m < ZT_M_COUNT; m++) {
                printf("  %-24s", zt_measures[m].key);
                double prev = NAN, last = NAN;
                for (size_t t = 0; t <= r->n_trend; t++) {
                    const Zt__GapGroup *gg = now;
                    if (t < r->n_trend) {
                        const Zt__GapScope *ts = zt_gap_same_scope(s, r->trend[t]->scopes, r->trend[t]->n_scopes);
                        gg = zt_gap_group(ts, now->group);
                    }
                    double v = zt_gap_difference(gg, (enum zt_measure)m);
                    isnan(v) ? printf(" %10s", "-") : printf(" %+10.1f", v);
                    prev = last;
                    last = v;
                }
                printf("  %s\n", zt_gap_direction(prev, last));
            }
        }
    }
}

/* --- JSON and CSV -------------------------------------------------------------- */

static void json_tally(struct zt_json *w, const Zt__GapTally *t)
{
    if (!t) {
        zt_json_null(w);
        return;
    }
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kuint(w, "pupils", t->pupils);
    zt_json_kuint(w, "suspensions", t->suspensions);
    zt_json_kuint(w, "permanent_exclusions", t->permanent_exclusions);
    for (int m = 0; m < ZT_M_COUNT; m++)
        zt_json_knum(w, zt_measures[m].key, zt_gap_measure(t, (enum zt_measure)m), 2);
    zt_json_end(w);
}

static void json_rag(struct zt_json *w, const Zt__GapScope *s, const Zt__GapScope *zone,
                     const struct zt_benchmarks *b, int national)
{
    zt_json_object(w, ZT_JSON_INLINE);
    for (int m = 0; m < ZT_M_COUNT; m++) {
        enum zt_rag r = national ? zt_gap_rag_national(s, (enum zt_measure)m, b)
                                 : zt_gap_rag_zone(s, zone, (enum zt_measure)m, b);
        zt_json_kstr(w, zt_measures[m].key, r ? zt_rag_name(r) : NULL);
    }
    zt_json_end(w);
}

static void json_gap(struct zt_json *w, const Zt__GapGroup *g)
{
    if (!g || !g->members || !g->rest) {
        zt_json_null(w);
        return;
    }
    zt_json_object(w, ZT_JSON_INLINE);
    for (int m = 0; m < ZT_M_COUNT; m++)
        zt_json_knum(w, zt_measures[m].key, zt_gap_difference(g, (enum zt_measure)m), 2);
    zt_json_end(w);
}

static void json_trend(struct zt_json *w, const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *now)
{
    char d[ZT_DATE_STRLEN];
    zt_json_key(w, "trend");
    zt_json_array(w, ZT_JSON_INLINE);
    for (size_t t = 0; t < r->n_trend; t++) {
        const Zt__GapScope *ts = zt_gap_same_scope(s, r->trend[t]->scopes, r->trend[t]->n_scopes);
        zt_json_object(w, ZT_JSON_INLINE);
        zt_json_kstr(w, "date", zt_date_format(r->trend[t]->date, d));
        zt_json_key(w, "gap");
        json_gap(w, zt_gap_group(ts, now->group));
        zt_json_end(w);
    }
    zt_json_end(w);
    const Zt__GapGroup *prev = NULL;
    if (r->n_trend) {
        const Zt__GapScope *ts = zt_gap_same_scope(s, r->trend[r->n_trend - 1]->scopes,
                                                   r->trend[r->n_trend - 1]->n_scopes);
        prev = zt_gap_group(ts, now->group);
    }
    zt_json_key(w, "direction");
    zt_json_object(w, ZT_JSON_INLINE);
    for (int m = 0; m < ZT_M_COUNT; m++) {
        const char *dir = zt_gap_direction(zt_gap_difference(prev, (enum zt_measure)m),
                                           zt_gap_difference(now, (enum zt_measure)m));
        zt_json_kstr(w, zt_measures[m].key, *dir ? dir : NULL);
    }
    zt_json_end(w);
}

static void json_group(struct zt_json *w, const struct zt_gap_opts *o, const Zt__GapsReply *r,
                       const Zt__GapScope *s, const Zt__GapGroup *gr)
{
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kstr(w, "group", gr->group);
    zt_json_kstr(w, "by", gr->by);
    zt_json_kbool(w, "suppressed", !(gr->members && gr->rest));
    zt_json_key(w, "members");
    json_tally(w, gr->members);
    zt_json_key(w, "rest");
    json_tally(w, gr->rest);
    zt_json_key(w, "gap");
    json_gap(w, gr);
    if (r->last_year) {
        zt_json_key(w, "gap_last_year");
        json_gap(w, zt_gap_last_year(r, s, gr));
    }
    zt_gap_targets_json(w, r, s, gr);
    if (o->trend)
        json_trend(w, r, s, gr);
    zt_json_end(w);
}

static void json_scope(struct zt_json *w, const struct zt_gap_opts *o, const Zt__GapsReply *r,
                       const Zt__GapScope *s, const Zt__GapScope *zone)
{
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kstr(w, "level", zt_gap_level_name(s->level));
    if (s->has_school) {
        zt_json_urn(w, "school", s->school);
    }
    zt_json_kstr(w, "name", s->name);
    zt_json_kstr(w, "cluster", s->cluster);
    zt_json_key(w, "all");
    json_tally(w, s->all);
    zt_json_key(w, "rag_zone");
    if (zone && s != zone)
        json_rag(w, s, zone, &o->bench, 0);
    else
        zt_json_null(w);
    zt_json_key(w, "rag_national");
    if (o->bench.source[0])
        json_rag(w, s, zone, &o->bench, 1);
    else
        zt_json_null(w);
    if (shown_take_up(o))
        zt_take_up_json(w, s);
    zt_json_key(w, "groups");
    zt_json_array(w, ZT_JSON_LINES);
    for (size_t g = 0; g < s->n_groups; g++)
        if (shown_group(o, s->groups[g]))
            json_group(w, o, r, s, s->groups[g]);
    zt_json_end(w);
    zt_json_end(w);
}

static int json(const struct zt_gap_opts *o, const Zt__GapsReply *r)
{
    const Zt__GapScope *zone = zt_gap_zone(r->scopes, r->n_scopes);
    char d[ZT_DATE_STRLEN];
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_object(&w, ZT_JSON_LINES);
    zt_json_kstr(&w, "as_of", zt_date_format(r->as_of, d));
    zt_json_kuint(&w, "min_group", r->min_group);
    if (r->last_year)
        zt_json_kstr(&w, "last_year_as_of", zt_date_format(r->last_year->date, d));
    zt_json_kstr(&w, "national_source", o->bench.source[0] ? o->bench.source : NULL);
    zt_json_key(&w, "scopes");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_scopes; i++)
        if (shown_scope(o, r->scopes[i]))
            json_scope(&w, o, r, r->scopes[i], zone);
    zt_json_end(&w);
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

/* A row's first columns, up to and with the comma before pupils. */
static void csv_head(const Zt__GapScope *s, const char *by, const char *group, const char *side)
{
    printf("%s,", zt_gap_level_name(s->level));
    s->has_school ? printf("%06u,", s->school) : printf(",");
    zt_csv_field(stdout, s->name ? s->name : "");
    fputc(',', stdout);
    zt_csv_field(stdout, s->cluster ? s->cluster : "");
    fputc(',', stdout);
    zt_csv_field(stdout, by); /* a pair "A,B" is quoted */
    printf(",%s,%s,", group, side);
}

static void csv_row(const Zt__GapScope *s, const char *by, const char *group, const char *side,
                    const Zt__GapTally *t, const Zt__GapGroup *gap)
{
    csv_head(s, by, group, side);
    int suppressed = gap ? !gap->members || !gap->rest : !t;
    if (t && !suppressed)
        printf("%u", t->pupils);
    for (int m = 0; m < ZT_M_COUNT; m++) {
        double v = suppressed ? NAN : gap ? zt_gap_difference(gap, (enum zt_measure)m)
                                          : zt_gap_measure(t, (enum zt_measure)m);
        isnan(v) ? fputs(",", stdout) : printf(",%.2f", v);
    }
    printf(",%d\n", suppressed);
}

/* A year before: its gap, suppressed (1) when that date's tables hid it. */
static void csv_last_year(const Zt__GapScope *s, const Zt__GapGroup *now, const Zt__GapGroup *then)
{
    static Zt__GapGroup none = ZT__GAP_GROUP__INIT;
    csv_row(s, now->by, now->group, "gap_last_year", NULL, then ? then : &none);
}

/* With targets: the target and how far to go, by measure (empty where
 * the measure has none or the gap is suppressed). */
static void csv_targets(const Zt__GapsReply *r, const Zt__GapScope *s, const Zt__GapGroup *g)
{
    int any = 0;
    for (int m = 0; m < ZT_M_COUNT; m++)
        any |= zt_gap_target_of(r, g->group, (enum zt_measure)m) != NULL;
    for (int side = 0; any && side < 2; side++) {
        csv_head(s, g->by, g->group, side ? "to_target" : "target");
        for (int m = 0; m < ZT_M_COUNT; m++) {
            const Zt__GapTarget *t = zt_gap_target_of(r, g->group, (enum zt_measure)m);
            double gap = zt_gap_difference(g, (enum zt_measure)m);
            double v = !t ? NAN : side ? zt_gap_to_target(t, (enum zt_measure)m, gap) : t->value;
            isnan(v) ? fputs(",", stdout) : printf(",%.2f", v);
        }
        printf(",%d\n", side && (!g->members || !g->rest));
    }
}

static void csv(const struct zt_gap_opts *o, const Zt__GapsReply *r)
{
    fputs("level,school,name,cluster,by,group,side,pupils", stdout);
    for (int m = 0; m < ZT_M_COUNT; m++)
        printf(",%s", zt_measures[m].key);
    fputs(",suppressed\n", stdout);
    for (size_t i = 0; i < r->n_scopes; i++) {
        const Zt__GapScope *s = r->scopes[i];
        if (!shown_scope(o, s))
            continue;
        csv_row(s, "all", "all", "all", s->all, NULL);
        for (size_t g = 0; g < s->n_groups; g++) {
            const Zt__GapGroup *gr = s->groups[g];
            if (!shown_group(o, gr))
                continue;
            csv_row(s, gr->by, gr->group, "group", gr->members, NULL);
            csv_row(s, gr->by, gr->group, "rest", gr->rest, NULL);
            csv_row(s, gr->by, gr->group, "gap", NULL, gr);
            if (r->last_year)
                csv_last_year(s, gr, zt_gap_last_year(r, s, gr));
            csv_targets(r, s, gr);
        }
    }
}

static int snapshot(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "gaps snapshot [--as-of DATE]\n"
        "  Takes the gap snapshots due: one at each half-term end up to DATE that has\n"
        "  none (zoned takes them itself as the dates pass).\n" ZT_GAP_HELP_AS_OF;
    static const struct option opts[] = {ZT_GAP_OPT_AS_OF, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("gaps snapshot", help, opts, 0, 0);
    struct zt_gap_opts o;
    if (zt_gap_opts_parse(&args, argc, argv, &o))
        return args.exit_code;
    Zt__GapsSnapshotRequest q = ZT__GAPS_SNAPSHOT_REQUEST__INIT;
    q.has_date = o.q.has_as_of;
    q.date = o.q.as_of;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_GAPS_SNAPSHOT;
    req.gaps_snapshot = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_GAPS_SNAPSHOT, &resp);
    if (rc)
        return rc;
    char d[ZT_DATE_STRLEN];
    const Zt__GapsSnapshotReply *r = resp->gaps_snapshot;
    if (!r->n_dates)
        printf("no snapshot due: every half-term end so far has one (or had no pupil on a roll)\n");
    for (size_t i = 0; i < r->n_dates; i++)
        printf("snapshot taken as of %s\n", zt_date_format(r->dates[i], d));
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

static const char gaps_help[] =
    "gaps [--by GROUP[,GROUP]] [--level zone|cluster|school] [--school URN] [--as-of DATE]\n"
    "          [--trend] [--last-year] [--benchmarks FILE] [--json|--csv] | gaps snapshot | gaps target\n"
    "  Each group beside the rest of its scope (zone, cluster, school) and the gap\n"
    "  between them; the all-pupil figures rated against the zone and national ones.\n"
    "  A school's certificate sees its own school. `gaps snapshot --help` for snapshots,\n"
    "  `gaps target --help` for targets (each view shows how far a gap is from its target).\n"
    "  Free school meals take-up (entitled but not registered, from the schools that\n"
    "  supply pupils.csv's fsm_eligible) follows the table, and is in --json.\n"
    "  --by GROUP         one group: disadvantaged, fsm, ever6, cic, sen, eal, gender,\n"
    "                     ethnicity, gifted or idaci (deprivation: deciles 1-3,\n"
    "                     the most deprived, and each decile; default every group)\n"
    "  --by A,B           the overlaps of two, e.g. fsm,gender: FSM girls, FSM boys...\n"
    "  --level LEVEL      one level: zone, cluster or school\n"
    "  --school URN       one school\n" ZT_GAP_HELP_AS_OF
    "  --trend            the gap at each half-term end, and its direction\n"
    "  --last-year        each gap a year before too (the same day, the same suppression)\n" ZT_GAP_HELP_BENCHMARKS
    "  --json, --csv      JSON or CSV instead of the table\n";

int zt_cmd_gaps(struct zt_ctl *ctl, int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "snapshot"))
        return snapshot(ctl, argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "target"))
        return zt_cmd_gap_targets(ctl, argc - 1, argv + 1);
    static const struct option opts[] = {ZT_GAP_OPT_BY,    ZT_GAP_OPT_LEVEL, ZT_GAP_OPT_SCHOOL,    ZT_GAP_OPT_AS_OF,
                                         ZT_GAP_OPT_TREND, ZT_GAP_OPT_LAST_YEAR, ZT_GAP_OPT_BENCHMARKS,
                                         ZT_GAP_OPT_JSON,  ZT_GAP_OPT_CSV,   ZT_CTL_OPT_HELP,   {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("gaps", gaps_help, opts, 0, 0);
    struct zt_gap_opts o;
    Zt__Response *resp;
    if (zt_gap_opts_parse(&args, argc, argv, &o))
        return args.exit_code;
    int rc = zt_gap_fetch(ctl, &o, &resp);
    if (rc)
        return rc;
    const Zt__GapsReply *r = resp->gaps;
    if (o.json)
        rc = json(&o, r);
    else if (o.csv)
        csv(&o, r);
    else if (o.trend)
        trend_table(&o, r);
    else
        table(&o, r);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
