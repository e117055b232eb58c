#include "report_html.h"
#include "report_leavers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "gaps_view.h"
#include "priorities.h"
#include "svg_chart.h"

/* The measures charted; the RAG grid shows them all. */
static const enum zt_measure charted[] = {ZT_M_ATTENDANCE, ZT_M_PERSISTENT, ZT_M_BELOW_MATHS, ZT_M_BELOW_ENGLISH};
#define NCHARTED (sizeof charted / sizeof charted[0])

static const char *const css =
    "body{font:14px/1.4 system-ui,sans-serif;color:#222;max-width:1100px;margin:24px auto;padding:0 16px}"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #1f5f9e;padding-bottom:2px;"
    "margin-top:28px}p.note{color:#555;font-size:12px}figure{display:inline-block;margin:8px 16px 8px 0;"
    "vertical-align:top}figcaption{font-size:12px;color:#444;text-align:center}"
    "table{border-collapse:collapse;font-size:12px;margin:6px 0}th,td{border:1px solid #ddd;padding:3px 6px;"
    "text-align:right}th{background:#f2f4f7}td.l,th.l{text-align:left}"
    ".green{background:#cfe8d6}.amber{background:#fde3b0}.red{background:#f4c2bd}.cl td{font-weight:600}"
    "@media print{body{margin:0}figure,table{break-inside:avoid}h2{break-after:avoid}}";

static void scope_name(FILE *out, const Zt__GapScope *s)
{
    if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_ZONE) {
        fputs("Zone", out);
    } else if (s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER) {
        fputs("Cluster ", out);
        zt_html_text(out, s->name);
    } else {
        fprintf(out, "%06u ", s->school);
        zt_html_text(out, s->name ? s->name : "");
    }
}

static void value_cell(FILE *out, double v, enum zt_rag r, const char *fmt)
{
    fprintf(out, "<td class=\"%s\">", zt_rag_name(r));
    isnan(v) ? fputs("&ndash;", out) : fprintf(out, fmt, v);
    fputs("</td>", out);
}

static void gaps_section(FILE *out, const Zt__GapScope *zone)
{
    fputs("<h2>Which groups fall behind</h2><p class=\"note\">Zone figures: each group minus the rest of the "
          "zone's pupils, in percentage points. Red: the group does worse.</p>\n", out);
    const char *labels[ZT_G_COUNT];
    double values[ZT_G_COUNT];
    for (size_t c = 0; c < NCHARTED; c++) {
        enum zt_measure m = charted[c];
        for (size_t g = 0; g < ZT_G_COUNT; g++) {
            const Zt__GapGroup *gr = zone && g < zone->n_groups ? zone->groups[g] : NULL;
            labels[g] = zt_gap_groups[g].label;
            values[g] = zt_gap_difference(gr, m);
        }
        char title[96];
        snprintf(title, sizeof title, "Gap in %s", zt_measures[m].key);
        zt_svg_gap_bars(out, title, labels, values, ZT_G_COUNT, zt_measures[m].higher_is_better ? -1 : 1, "");
    }
}

static void rag_row(FILE *out, const Zt__GapScope *s, const Zt__GapScope *zone, const struct zt_benchmarks *b,
                    int national)
{
    fprintf(out, "<tr%s><td class=\"l\">", s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER ? " class=\"cl\"" : "");
    scope_name(out, s);
    s->all ? fprintf(out, "</td><td>%u</td>", s->all->pupils) : fputs("</td><td>&ndash;</td>", out);
    for (int m = 0; m < ZT_M_COUNT; m++) {
        enum zt_rag r = national ? zt_gap_rag_national(s, (enum zt_measure)m, b)
                                 : zt_gap_rag_zone(s, zone, (enum zt_measure)m, b);
        value_cell(out, zt_gap_measure(s->all, (enum zt_measure)m), r, "%.1f");
    }
    const Zt__GapGroup *dis = zt_gap_group(s, zt_gap_groups[ZT_G_DISADVANTAGED].name);
    value_cell(out, zt_gap_difference(dis, ZT_M_BELOW_MATHS), ZT_RAG_NONE, "%+.1f");
    value_cell(out, zt_gap_difference(dis, ZT_M_PERSISTENT), ZT_RAG_NONE, "%+.1f");
    fputs("</tr>\n", out);
}

static void rag_grid(FILE *out, const Zt__GapsReply *g, const Zt__GapScope *zone, const struct zt_benchmarks *b,
                     int national)
{
    fprintf(out, "<h2>RAG: clusters and schools against %s</h2>\n",
            national ? "national figures" : "the zone");
    fputs("<table><tr><th class=\"l\">cluster / school</th><th>pupils</th>", out);
    for (int m = 0; m < ZT_M_COUNT; m++) {
        fputs("<th>", out);
        zt_html_text(out, zt_measures[m].label);
        fputs("</th>", out);
    }
    fputs("<th>dis. gap &lt;maths</th><th>dis. gap PA</th></tr>\n", out);
    if (national && zone)
        rag_row(out, zone, zone, b, 1);
    for (size_t i = 0; i < g->n_scopes; i++)
        if (g->scopes[i] != zone)
            rag_row(out, g->scopes[i], zone, b, national);
    fputs("</table>\n", out);
}

static void priorities_section(FILE *out, const Zt__GapsReply *g, const struct zt_benchmarks *b)
{
    struct zt_priority *p = calloc(g->n_scopes + 1, sizeof *p);
    if (!p)
        return;
    size_t n = zt_priorities_rank(g->scopes, g->n_scopes, b, p);
    fputs("<h2>Priority schools</h2><p class=\"note\">Score: the disadvantaged gap in points, worse side only "
          "(attendance, persistent absence, below expected in maths and in English), plus all pupils' points "
          "below the benchmark in maths and English.</p><table><tr><th>rank</th><th class=\"l\">school</th>"
          "<th class=\"l\">cluster</th><th>score</th><th>gap score</th><th>attainment score</th>"
          "<th>dis. gap attend%</th><th>dis. gap PA%</th><th>dis. gap &lt;maths%</th><th>dis. gap &lt;Eng%</th>"
          "<th>&lt;maths% all</th><th>&lt;Eng% all</th></tr>\n", out);
    static const enum zt_measure gap_m[] = ZT_PRIORITY_GAP_MEASURES;
    for (size_t i = 0; i < n; i++) {
        const Zt__GapScope *s = p[i].school;
        const Zt__GapGroup *dis = zt_gap_group(s, zt_gap_groups[ZT_G_DISADVANTAGED].name);
        fprintf(out, "<tr><td>%zu</td><td class=\"l\">", i + 1);
        scope_name(out, s);
        fputs("</td><td class=\"l\">", out);
        zt_html_text(out, s->cluster);
        fprintf(out, "</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>", p[i].score, p[i].gap_score,
                p[i].attainment_score);
        for (size_t j = 0; j < sizeof gap_m / sizeof gap_m[0]; j++)
            value_cell(out, zt_gap_difference(dis, gap_m[j]), ZT_RAG_NONE, "%+.1f");
        value_cell(out, zt_gap_measure(s->all, ZT_M_BELOW_MATHS), ZT_RAG_NONE, "%.1f");
        value_cell(out, zt_gap_measure(s->all, ZT_M_BELOW_ENGLISH), ZT_RAG_NONE, "%.1f");
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
    free(p);
}

/* Series: the zone and each cluster; points: each snapshot, then now. */
static void trend_section(FILE *out, const Zt__GapsReply *g)
{
    size_t nx = g->n_trend + 1, ns = 0;
    const Zt__GapScope *series[64];
    const char *names[64];
    for (size_t i = 0; i < g->n_scopes && ns < 64; i++)
        if (g->scopes[i]->level != ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL) {
            series[ns] = g->scopes[i];
            names[ns++] = g->scopes[i]->level == ZT__GAP_LEVEL__GAP_LEVEL_ZONE ? "zone" : g->scopes[i]->name;
        }
    char (*dates)[ZT_DATE_STRLEN] = calloc(nx, sizeof *dates);
    const char **xl = calloc(nx, sizeof *xl);
    double *v = calloc(nx * (ns ? ns : 1), sizeof *v);
    if (!dates || !xl || !v)
        goto out;
    for (size_t x = 0; x < nx; x++)
        xl[x] = x < g->n_trend ? zt_date_format(g->trend[x]->date, dates[x]) : "now";
    fprintf(out, "<h2>Are the gaps narrowing?</h2><p class=\"note\">The disadvantaged gap at each half-term end "
                 "and now; a gap is narrowing or widening when its size changed by more than %.0f point.</p>\n",
            ZT_GAP_STABLE_POINTS);
    for (size_t c = 0; c < NCHARTED; c++) {
        for (size_t s = 0; s < ns; s++)
            for (size_t x = 0; x < nx; x++) {
                const Zt__GapScope *sc = series[s];
                if (x < g->n_trend)
                    sc = zt_gap_same_scope(sc, g->trend[x]->scopes, g->trend[x]->n_scopes);
                v[s * nx + x] = zt_gap_difference(zt_gap_group(sc, zt_gap_groups[ZT_G_DISADVANTAGED].name),
                                                  charted[c]);
            }
        char title[96];
        snprintf(title, sizeof title, "Disadvantaged gap in %s", zt_measures[charted[c]].key);
        zt_svg_lines(out, title, xl, nx, names, v, ns);
    }
out:
    free(dates);
    free(xl);
    free(v);
}

static void alerts_section(FILE *out, const Zt__GapsReply *g, const Zt__AlertsReply *a)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_scopes; i++)
        n += g->scopes[i]->level == ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL;
    const char **labels = calloc(n + 1, sizeof *labels);
    char (*text)[96] = calloc(n + 1, sizeof *text);
    unsigned *fm = calloc(n + 1, sizeof *fm), *watch = calloc(n + 1, sizeof *watch);
    if (labels && text && fm && watch) {
        size_t k = 0;
        for (size_t i = 0; i < g->n_scopes; i++) {
            const Zt__GapScope *s = g->scopes[i];
            if (s->level != ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL || !s->all)
                continue; /* a school's alerts count is one of its suppressed figures */
            snprintf(text[k], sizeof text[k], "%06u %s", s->school, s->name ? s->name : "");
            labels[k] = text[k];
            for (size_t j = 0; j < a->n_alerts; j++)
                if (a->alerts[j]->open && a->alerts[j]->school == s->school) {
                    fm[k] += a->alerts[j]->kind == ZT__ALERT_KIND__ALERT_FAMILY_MEETING;
                    watch[k] += a->alerts[j]->kind == ZT__ALERT_KIND__ALERT_WATCH;
                }
            k++;
        }
        fprintf(out, "<h2>Open alerts by school</h2>\n%s", k < n ? "<p class=\"note\">Schools whose figures are "
                                                               "suppressed are left out.</p>\n" : "");
        zt_svg_stacked(out, "Open alerts by school", labels, fm, watch, k, "family meeting", "watch");
    }
    free(labels);
    free(text);
    free(fm);
    free(watch);
}

void zt_report_html(FILE *out, const Zt__GapsReply *g, const Zt__AlertsReply *a, const Zt__LeaversReply *leavers,
                    const struct zt_benchmarks *b)
{
    char d[ZT_DATE_STRLEN];
    const Zt__GapScope *zone = zt_gap_zone(g->scopes, g->n_scopes);
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ZoneTrack gap report, "
                 "%s</title><style>%s</style></head><body>\n", zt_date_format(g->as_of, d), css);
    fprintf(out, "<h1>Know the gaps: the family zone as of %s</h1>\n", d);
    fputs("<p class=\"note\">", out);
    if (zone && zone->all)
        fprintf(out, "%u pupils on a roll. ", zone->all->pupils);
    fprintf(out, "Groups or rests under %u pupils are suppressed (&ndash;), and so is whatever would give them "
                 "away by subtraction, so no child can be identified. RAG: green at or better than the benchmark, "
                 "amber worse by at most the measure's margin, red worse by more. National figures: ",
            g->min_group);
    zt_html_text(out, b->source[0] ? b->source : "none given (RAG against the zone only)");
    fputs(".</p>\n", out);
    gaps_section(out, zone);
    if (b->source[0])
        rag_grid(out, g, zone, b, 1);
    rag_grid(out, g, zone, b, 0);
    priorities_section(out, g, b);
    trend_section(out, g);
    alerts_section(out, g, a);
    if (leavers)
        zt_report_leavers(out, leavers, g->min_group);
    fputs("</body></html>\n", out);
}
