#include "report_html.h"
#include "report_leavers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "celebrate.h"
#include "date.h"
#include "gaps_view.h"
#include "priorities.h"
#include "svg_chart.h"
#include "take_up_view.h"

/* The measures charted; the RAG grid shows them all. */
static const enum zt_measure charted[] = {ZT_M_ATTENDANCE, ZT_M_PERSISTENT, ZT_M_BELOW_MATHS, ZT_M_BELOW_ENGLISH};
#define NCHARTED (sizeof charted / sizeof charted[0])

/* A group of fewer pupils is drawn grey: one child moves its figure by
 * five points or more. */
#define SMALL_GROUP 20

/* The groups of the school-by-school tables. */
static const enum zt_gap_group tabled[] = {ZT_G_DISADVANTAGED, ZT_G_FSM,  ZT_G_CIC,  ZT_G_SEN_SUPPORT,
                                           ZT_G_EHC_PLAN,      ZT_G_EAL,  ZT_G_BOYS, ZT_G_IDACI_1_3};
#define NTABLED (sizeof tabled / sizeof tabled[0])

const char *const zt_report_css =
    "body{font:14px/1.4 system-ui,sans-serif;color:#222;max-width:1100px;margin:24px auto;padding:0 16px}"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #1f5f9e;padding-bottom:2px;"
    "margin-top:28px}p.note{color:#555;font-size:12px}figure{display:inline-block;margin:8px 16px 8px 0;"
    "vertical-align:top}figcaption{font-size:12px;color:#444;text-align:center}"
    "table{border-collapse:collapse;font-size:12px;margin:6px 0}th,td{border:1px solid #ddd;padding:3px 6px;"
    "text-align:right}th{background:#f2f4f7}td.l,th.l{text-align:left}"
    ".green{background:#cfe8d6}.amber{background:#fde3b0}.red{background:#f4c2bd}.cl td{font-weight:600}"
    "b.rag{font-size:10px;margin-left:3px}td.sup{color:#767676;font-style:italic}span.n{color:#555;"
    "font-size:10px;margin-left:3px}td.small{color:#767676}span.ly{color:#555;font-size:10px}"
    "h3{font-size:15px;margin:18px 0 4px}"
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
    if (r) /* the letter too: the grid must read in greyscale and for colour-blind readers */
        fprintf(out, " <b class=\"rag\">%c</b>", "GAR"[r - 1]);
    fputs("</td>", out);
}

static void gaps_section(FILE *out, const Zt__GapScope *zone)
{
    fprintf(out, "<h2>Which groups fall behind</h2><p class=\"note\">Zone figures: each group minus the rest of "
                 "the zone's pupils. Red: the group does worse; green: better; grey: fewer than %d pupils in the "
                 "group (n beside each bar), read with care.</p>\n",
            SMALL_GROUP);
    struct zt_svg_bar bars[ZT_G_COUNT];
    for (size_t c = 0; c < NCHARTED; c++) {
        enum zt_measure m = charted[c];
        for (size_t g = 0; g < ZT_G_COUNT; g++) {
            const Zt__GapGroup *gr = zone && g < zone->n_groups ? zone->groups[g] : NULL;
            bars[g].label = zt_gap_groups[g].label;
            bars[g].value = zt_gap_difference(gr, m);
            bars[g].n = gr && gr->members ? gr->members->pupils : 0;
        }
        char title[128];
        snprintf(title, sizeof title, "%s: gap by group (%s)", zt_measures[m].words, zt_measures[m].unit);
        zt_svg_gap_bars(out, title, bars, ZT_G_COUNT, zt_measures[m].higher_is_better ? -1 : 1, SMALL_GROUP, "");
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
    fprintf(out, "<h2>RAG: clusters and schools against %s</h2><p class=\"note\">R red, A amber, G green.</p>\n",
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

static void celebrate_section(FILE *out, const Zt__GapsReply *g)
{
    struct zt_celebration c[10];
    size_t n = zt_celebrate(g, c, 10);
    char d[ZT_DATE_STRLEN];
    fputs("<h2>To celebrate</h2>", out);
    if (!g->n_trend || !n) {
        fputs("<p class=\"note\">No gap narrowed since the last half-term end.</p>\n", out);
        return;
    }
    fprintf(out, "<p class=\"note\">The gaps that narrowed most since the last half-term end (%s), where the "
                 "group was behind: ask these schools what they did.</p><table><tr><th class=\"l\">cluster / "
                 "school</th><th class=\"l\">group</th><th class=\"l\">measure</th><th>gap then</th>"
                 "<th>gap now</th><th>narrowed by</th></tr>\n",
            zt_date_format(g->trend[g->n_trend - 1]->date, d));
    for (size_t i = 0; i < n; i++) {
        fputs("<tr><td class=\"l\">", out);
        scope_name(out, c[i].scope);
        fputs("</td><td class=\"l\">", out);
        zt_html_text(out, zt_gap_groups[c[i].group].label);
        fputs("</td><td class=\"l\">", out);
        zt_html_text(out, zt_measures[c[i].measure].words);
        fprintf(out, "</td><td>%+.1f</td><td>%+.1f</td><td>%.1f</td></tr>\n", c[i].before, c[i].now, c[i].narrowed);
    }
    fputs("</table>\n", out);
}

/* Series: the zone and each cluster; points: each snapshot, then now. */
static void trend_section(FILE *out, const Zt__GapsReply *g)
{
    size_t nx = g->n_trend + 1, ns = 0;
    const Zt__GapScope *series[64];
    const char *names[64], *marks[64];
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
                 "and now, marked by its direction since the previous point: &#9650; widening, &#9660; narrowing, "
                 "= stable, when its size changed by a fifth of itself (at least %.1f point, at most %.0f needed)."
                 "</p>\n",
            ZT_GAP_TREND_MIN, ZT_GAP_TREND_MAX);
    for (size_t c = 0; c < NCHARTED; c++) {
        enum zt_measure m = charted[c];
        for (size_t s = 0; s < ns; s++) {
            for (size_t x = 0; x < nx; x++) {
                const Zt__GapScope *sc = series[s];
                if (x < g->n_trend)
                    sc = zt_gap_same_scope(sc, g->trend[x]->scopes, g->trend[x]->n_scopes);
                v[s * nx + x] = zt_gap_difference(zt_gap_group(sc, zt_gap_groups[ZT_G_DISADVANTAGED].name), m);
            }
            marks[s] = nx > 1 ? zt_gap_direction(v[s * nx + nx - 2], v[s * nx + nx - 1]) : "";
        }
        char title[128], y_title[64];
        snprintf(title, sizeof title, "%s: the disadvantaged gap over the year", zt_measures[m].words);
        snprintf(y_title, sizeof y_title, "gap, %s", zt_measures[m].unit);
        zt_svg_lines(out, title, "half-term end", y_title, xl, nx, names, marks, v, ns);
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
    double *fm = calloc(n + 1, sizeof *fm), *watch = calloc(n + 1, sizeof *watch);
    unsigned *pupils = calloc(n + 1, sizeof *pupils);
    if (labels && text && fm && watch && pupils) {
        size_t k = 0;
        for (size_t i = 0; i < g->n_scopes; i++) {
            const Zt__GapScope *s = g->scopes[i];
            if (s->level != ZT__GAP_LEVEL__GAP_LEVEL_SCHOOL || !s->all || !s->all->pupils)
                continue; /* a school's alerts count is one of its suppressed figures */
            snprintf(text[k], sizeof text[k], "%06u %s", s->school, s->name ? s->name : "");
            labels[k] = text[k];
            pupils[k] = s->all->pupils;
            for (size_t j = 0; j < a->n_alerts; j++)
                if (a->alerts[j]->open && a->alerts[j]->school == s->school) {
                    fm[k] += a->alerts[j]->kind == ZT__ALERT_KIND__ALERT_FAMILY_MEETING;
                    watch[k] += a->alerts[j]->kind == ZT__ALERT_KIND__ALERT_WATCH;
                }
            fm[k] *= 100.0 / pupils[k]; /* rates: a big school's count is no worse */
            watch[k] *= 100.0 / pupils[k];
            k++;
        }
        fprintf(out, "<h2>Open alerts by school, per 100 pupils</h2>\n%s",
                k < n ? "<p class=\"note\">Schools whose figures are suppressed are left out.</p>\n" : "");
        zt_svg_stacked(out, "Open alerts per 100 pupils, by school", labels, fm, watch, pupils, k,
                       "family meeting", "watch", "per 100");
    }
    free(labels);
    free(text);
    free(fm);
    free(watch);
    free(pupils);
}

/* Under a gap with a target: the target, how far to go, the outlook. */
static void target_note(FILE *out, const Zt__GapsReply *g, const Zt__GapScope *s, const Zt__GapGroup *gr,
                        enum zt_measure m)
{
    char text[128];
    if (zt_gap_target_text(g, s, gr, m, text, sizeof text)) {
        fputs("<br><span class=\"ly\">target ", out);
        zt_html_text(out, text);
        fputs("</span>", out);
    }
}

/* A column of the school-by-school tables. */
struct column {
    const char *group, *label;
};

/* One measure's gaps for the groups in cols, for every cluster and school:
 * a suppressed figure says so, a small group is grey with its n. */
static void school_table(FILE *out, const Zt__GapsReply *g, enum zt_measure m, const struct column *cols,
                         size_t ncols)
{
    fprintf(out, "<h3>%s: gap by group (%s)</h3><table><tr><th class=\"l\">cluster / school</th><th>pupils</th>",
            zt_measures[m].words, zt_measures[m].unit);
    for (size_t j = 0; j < ncols; j++) {
        fputs("<th>", out);
        zt_html_text(out, cols[j].label);
        fputs("</th>", out);
    }
    fputs("</tr>\n", out);
    for (size_t i = 0; i < g->n_scopes; i++) {
        const Zt__GapScope *s = g->scopes[i];
        fprintf(out, "<tr%s><td class=\"l\">", s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER ? " class=\"cl\"" : "");
        scope_name(out, s);
        s->all ? fprintf(out, "</td><td>%u</td>", s->all->pupils)
               : fputs("</td><td class=\"sup\">suppressed</td>", out);
        for (size_t j = 0; j < ncols; j++) {
            const Zt__GapGroup *gr = zt_gap_group(s, cols[j].group);
            double v = zt_gap_difference(gr, m);
            if (!gr || !gr->members || !gr->rest) {
                fputs("<td class=\"sup\">suppressed</td>", out);
                continue;
            }
            fprintf(out, "<td%s>", gr->members->pupils < SMALL_GROUP ? " class=\"small\"" : "");
            isnan(v) ? fputs("&ndash;", out) : fprintf(out, "%+.1f", v);
            fprintf(out, "<span class=\"n\">n=%u</span>", gr->members->pupils);
            double ly = zt_gap_difference(zt_gap_last_year(g, s, gr), m);
            if (!isnan(ly))
                fprintf(out, "<br><span class=\"ly\">a year before %+.1f</span>", ly);
            target_note(out, g, s, gr, m);
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

static const char *label_of(const char *name, size_t len)
{
    for (int g = 0; g < ZT_G_COUNT; g++)
        if (strlen(zt_gap_groups[g].name) == len && !strncmp(zt_gap_groups[g].name, name, len))
            return zt_gap_groups[g].label;
    return "";
}

static void schools_section(FILE *out, const Zt__GapsReply *g, const struct zt_gap_cross *cross)
{
    fprintf(out, "<h2>School by school</h2><p class=\"note\">Each group minus the rest of its cluster or school, "
                 "with the group's pupils (n), and the gap a year before where there was one to show. "
                 "<i>suppressed</i>: a group or rest under %u pupils, or a figure "
                 "that would give one away by subtraction. Grey: fewer than %d pupils.</p>\n",
            g->min_group, SMALL_GROUP);
    struct column cols[ZT_GAP_CROSS_MAX > NTABLED ? ZT_GAP_CROSS_MAX : NTABLED];
    char (*labels)[2 * 64] = calloc(cross ? cross->n : 1, sizeof *labels);
    if (!labels)
        return;
    for (size_t j = 0; j < NTABLED; j++)
        cols[j] = (struct column){zt_gap_groups[tabled[j]].name, zt_gap_groups[tabled[j]].label};
    for (size_t c = 0; c < NCHARTED; c++)
        school_table(out, g, charted[c], cols, NTABLED);
    if (cross) {
        for (size_t k = 0; k < cross->n; k++) {
            const char *plus = strchr(cross->name[k], '+');
            snprintf(labels[k], sizeof labels[k], "%s + %s", label_of(cross->name[k], (size_t)(plus - cross->name[k])),
                     label_of(plus + 1, strlen(plus + 1)));
            cols[k] = (struct column){cross->name[k], labels[k]};
        }
        fputs("<h2>Overlapping groups</h2><p class=\"note\">Pupils in both groups, against the rest of their "
              "cluster or school.</p>\n", out);
        for (size_t c = 0; c < NCHARTED; c++)
            school_table(out, g, charted[c], cols, cross->n);
    }
    free(labels);
}

/* Free school meals take-up, every scope: entitled but not registered,
 * with suppression shown; one line when no school supplies fsm_eligible. */
static void take_up_section(FILE *out, const Zt__GapsReply *g)
{
    fputs("<h2>Free school meals take-up</h2>", out);
    if (!zt_take_up_supplied(g)) {
        fputs("<p class=\"note\">No school supplies fsm_eligible: the take-up of free school meals cannot be "
              "shown.</p>\n", out);
        return;
    }
    fprintf(out, "<p class=\"note\">Pupils the school says are entitled to free school meals but who are not "
                 "registered for them, from the schools that supply that column. <i>suppressed</i>: fewer than "
                 "%u pupils on either side, or a figure that would give one away by subtraction.</p>\n"
                 "<table><tr><th class=\"l\">cluster / school</th><th>entitled</th><th>not registered</th>"
                 "<th>%% not registered</th></tr>\n",
            g->min_group);
    for (size_t i = 0; i < g->n_scopes; i++) {
        const Zt__GapScope *s = g->scopes[i];
        const Zt__FsmTakeUp *t = s->fsm_take_up;
        if (!t)
            continue;
        fprintf(out, "<tr%s><td class=\"l\">", s->level == ZT__GAP_LEVEL__GAP_LEVEL_CLUSTER ? " class=\"cl\"" : "");
        scope_name(out, s);
        fputs("</td>", out);
        if (!t->schools_supplying) {
            fputs("<td class=\"sup\" colspan=\"3\">does not supply fsm_eligible</td></tr>\n", out);
            continue;
        }
        t->has_eligible ? fprintf(out, "<td>%u</td>", t->eligible) : fputs("<td class=\"sup\">suppressed</td>", out);
        t->has_not_registered ? fprintf(out, "<td>%u</td>", t->not_registered)
                              : fputs("<td class=\"sup\">suppressed</td>", out);
        double pct = zt_take_up_pct(t);
        isnan(pct) ? fputs("<td class=\"sup\">suppressed</td>", out) : fprintf(out, "<td>%.1f</td>", pct);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

void zt_report_html(FILE *out, const Zt__GapsReply *g, const Zt__AlertsReply *a, const Zt__LeaversReply *leavers,
                    const struct zt_benchmarks *b, const struct zt_gap_cross *cross)
{
    char d[ZT_DATE_STRLEN];
    const Zt__GapScope *zone = zt_gap_zone(g->scopes, g->n_scopes);
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ZoneTrack gap report, "
                 "%s</title><style>%s</style></head><body>\n", zt_date_format(g->as_of, d), zt_report_css);
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
    celebrate_section(out, g);
    trend_section(out, g);
    schools_section(out, g, cross);
    take_up_section(out, g);
    alerts_section(out, g, a);
    if (leavers)
        zt_report_leavers(out, leavers, g->min_group);
    fputs("</body></html>\n", out);
}
