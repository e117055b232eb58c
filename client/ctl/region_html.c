#include "region_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gap_measures.h"
#include "priorities.h"
#include "report_html.h"
#include "svg_chart.h"

#define MIN_GROUP 5
#define PRIORITIES_SHOWN 20
#define SCOPE_MEASURES 5 /* first measure column of the scopes query */

static double num(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
}

static const char *text(const PGresult *r, int row, int col)
{
    return PQgetvalue(r, row, col);
}

static void text_cell(FILE *out, const char *s)
{
    fputs("<td class=\"l\">", out);
    zt_html_text(out, s);
    fputs("</td>", out);
}

static void value_cell(FILE *out, double v, enum zt_rag rag)
{
    fprintf(out, "<td class=\"%s\">", zt_rag_name(rag));
    isnan(v) ? fputs("&ndash;", out) : fprintf(out, "%.1f", v);
    fputs("</td>", out);
}

/* A published count: NULL is a count the zone withheld (1-4). */
static void count_cell(FILE *out, const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        fprintf(out, "<td>fewer than %d</td>", MIN_GROUP);
    else
        fprintf(out, "<td>%s</td>", text(r, row, col));
}

static void measure_heads(FILE *out)
{
    for (int m = 0; m < ZT_M_COUNT; m++) {
        fputs("<th>", out);
        zt_html_text(out, zt_measures[m].label);
        fputs("</th>", out);
    }
}

static void scopes_section(FILE *out, const PGresult *r, const struct zt_benchmarks *b)
{
    fputs("<h2>Zones and their clusters side by side</h2>\n<table><tr><th class=\"l\">Zone</th>"
          "<th class=\"l\">Cluster</th><th>As of</th><th>Pupils</th>",
          out);
    measure_heads(out);
    fputs("</tr>\n", out);
    for (int i = 0; i < PQntuples(r); i++) {
        int zone = !strcmp(text(r, i, 2), "zone");
        fprintf(out, "<tr%s>", zone ? " class=\"cl\"" : "");
        text_cell(out, text(r, i, 0));
        text_cell(out, zone ? "(whole zone)" : text(r, i, 3));
        fprintf(out, "<td>%s</td><td>%s</td>", text(r, i, 1), text(r, i, 4));
        for (int m = 0; m < ZT_M_COUNT; m++) {
            double v = num(r, i, SCOPE_MEASURES + m);
            value_cell(out, v, zt_rag_rate((enum zt_measure)m, v, b->national[m], b->margin[m]));
        }
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

struct priority {
    int row;
    double gap, attainment, score;
};

static double worse_part(double v)
{
    return isnan(v) || v < 0 ? 0 : v;
}

static int by_score(const void *x, const void *y)
{
    const struct priority *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->row - b->row;
}

/* The zone's priority rule (client/ctl/priorities.h) on the published
 * figures: the disadvantaged gaps' worse sides plus the shortfall against
 * national in maths and English. */
static void priorities_section(FILE *out, const PGresult *r, const struct zt_benchmarks *b)
{
    static const enum zt_measure gap_m[] = ZT_PRIORITY_GAP_MEASURES;
    static const int gap_col[] = {7, 8, 9, 10}; /* the schools query's gap columns, in gap_m's order */
    static const enum zt_measure att_m[] = ZT_PRIORITY_ATTAINMENT_MEASURES;
    static const int att_col[] = {5, 6};
    int n = PQntuples(r);
    struct priority *p = calloc(n ? (size_t)n : 1, sizeof *p);
    if (!p)
        return;
    for (int i = 0; i < n; i++) {
        p[i].row = i;
        for (size_t j = 0; j < sizeof gap_m / sizeof gap_m[0]; j++) {
            double gap = num(r, i, gap_col[j]);
            p[i].gap += worse_part(zt_measures[gap_m[j]].higher_is_better ? -gap : gap);
        }
        for (size_t j = 0; j < sizeof att_m / sizeof att_m[0]; j++)
            p[i].attainment += worse_part(zt_measure_worse_by(att_m[j], num(r, i, att_col[j]), b->national[att_m[j]]));
        p[i].score = p[i].gap + p[i].attainment;
    }
    qsort(p, (size_t)n, sizeof *p, by_score);
    fputs("<h2>Priority schools across the county</h2>\n<table><tr><th>#</th><th class=\"l\">Zone</th>"
          "<th class=\"l\">School</th><th class=\"l\">Cluster</th><th>Pupils</th><th>Gap score</th>"
          "<th>Attainment score</th><th>Score</th></tr>\n",
          out);
    for (int i = 0; i < n && i < PRIORITIES_SHOWN; i++) {
        int row = p[i].row;
        fprintf(out, "<tr><td>%d</td>", i + 1);
        text_cell(out, text(r, row, 0));
        fputs("<td class=\"l\">", out);
        zt_html_text(out, text(r, row, 2));
        fputs(" (", out);
        zt_html_text(out, text(r, row, 1));
        fputs(")</td>", out);
        text_cell(out, text(r, row, 3));
        fprintf(out, "<td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td></tr>\n", text(r, row, 4), p[i].gap,
                p[i].attainment, p[i].score);
    }
    fputs("</table>\n<p class=\"note\">Gap score: how far each school's disadvantaged pupils fall behind the rest "
          "of the school (attendance, persistent absence, maths, English), worse sides only; attainment score: how "
          "far all its pupils fall below national in maths and English. A school whose disadvantaged comparison the "
          "zone suppressed has no gap score.</p>\n",
          out);
    free(p);
}

static void gaps_section(FILE *out, const PGresult *r)
{
    fputs("<h2>The disadvantaged gap by zone, half-term by half-term</h2>\n<table><tr><th class=\"l\">Zone</th>"
          "<th>As of</th><th>Attendance gap (points)</th><th>Persistent absence gap (points)</th></tr>\n",
          out);
    for (int i = 0; i < PQntuples(r); i++) {
        fputs("<tr>", out);
        text_cell(out, text(r, i, 0));
        fprintf(out, "<td>%s</td>", text(r, i, 1));
        value_cell(out, num(r, i, 3), ZT_RAG_NONE);
        value_cell(out, num(r, i, 4), ZT_RAG_NONE);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* Rows of r (zone, key columns 1..nkeys, count) ordered by key then zone,
 * one table row per key, one column per zone of zones. */
static void pivot(FILE *out, const char *title, const char *const *heads, int nkeys, const PGresult *r,
                  const PGresult *zones)
{
    fprintf(out, "<h2>%s</h2>\n<table><tr>", title);
    for (int k = 0; k < nkeys; k++)
        fprintf(out, "<th class=\"l\">%s</th>", heads[k]);
    for (int z = 0; z < PQntuples(zones); z++)
        if (!strcmp(text(zones, z, 2), "zone")) {
            fputs("<th>", out);
            zt_html_text(out, text(zones, z, 0));
            fputs("</th>", out);
        }
    fputs("</tr>\n", out);
    int n = PQntuples(r), i = 0;
    while (i < n) {
        int end = i;
        while (end < n && !strcmp(text(r, end, 1), text(r, i, 1)) &&
               (nkeys < 2 || !strcmp(text(r, end, 2), text(r, i, 2))))
            end++;
        fputs("<tr>", out);
        for (int k = 1; k <= nkeys; k++)
            text_cell(out, text(r, i, k));
        for (int z = 0; z < PQntuples(zones); z++) {
            if (strcmp(text(zones, z, 2), "zone") != 0)
                continue;
            int row = -1;
            for (int j = i; j < end; j++)
                if (!strcmp(text(r, j, 0), text(zones, z, 0)))
                    row = j;
            if (row < 0)
                fputs("<td>&ndash;</td>", out);
            else
                count_cell(out, r, row, nkeys + 1);
        }
        fputs("</tr>\n", out);
        i = end;
    }
    fputs("</table>\n", out);
}

static void impact_section(FILE *out, const PGresult *r)
{
    fputs("<h2>Impact of what the zones commission</h2>\n<table><tr><th class=\"l\">Zone</th>"
          "<th class=\"l\">Offer</th><th>Places</th><th>Places taken</th><th>Pupils supported</th>"
          "<th>Attendance before (%)</th><th>Attendance after (%)</th><th>Back on track</th></tr>\n",
          out);
    for (int i = 0; i < PQntuples(r); i++) {
        fputs("<tr>", out);
        text_cell(out, text(r, i, 0));
        text_cell(out, text(r, i, 1));
        fprintf(out, "<td>%s</td>", text(r, i, 2));
        count_cell(out, r, i, 3);
        count_cell(out, r, i, 4);
        value_cell(out, num(r, i, 5), ZT_RAG_NONE);
        value_cell(out, num(r, i, 6), ZT_RAG_NONE);
        count_cell(out, r, i, 7);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

void zt_region_html(FILE *out, const struct zt_region_results *r, const struct zt_benchmarks *b)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ZoneTrack county "
                 "picture</title><style>%s</style></head><body>\n<h1>The county picture: its zones side by side</h1>\n"
                 "<p class=\"note\">Each zone's latest snapshot, as the zone published it: aggregates only, groups "
                 "under %d pupils and whatever would give them away suppressed in the zone (&ndash;), counts of 1-4 "
                 "shown as &ldquo;fewer than %d&rdquo;. RAG against national: green at or better, amber worse by at "
                 "most the measure's margin, red worse by more. National figures: ",
            zt_report_css, MIN_GROUP, MIN_GROUP);
    zt_html_text(out, b->source[0] ? b->source : "none given (no RAG)");
    fputs(".</p>\n", out);
    scopes_section(out, r->scopes, b);
    priorities_section(out, r->schools, b);
    gaps_section(out, r->gaps);
    static const char *const alert_heads[] = {"Alert", "Stage reached"};
    pivot(out, "Alerts raised this year, by kind and stage", alert_heads, 2, r->alerts, r->scopes);
    static const char *const leaver_heads[] = {"Where they went"};
    pivot(out, "Pupils who left a roll this year", leaver_heads, 1, r->leavers, r->scopes);
    impact_section(out, r->impact);
    fputs("</body></html>\n", out);
}
