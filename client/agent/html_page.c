#include "html_page.h"

#include "date.h"
#include "plain_words.h"
#include "svg_chart.h"

/* A4 with 14 mm margins leaves 182 mm: nothing is wider (tables at 100%,
 * the chart scales to the width). Colours print as they show. */
static const char style[] =
    "@page{size:A4;margin:14mm}\n"
    "*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{font:10.5pt/1.35 'DejaVu Sans',Arial,sans-serif;color:#222;margin:0 auto;max-width:182mm}\n"
    "h1{font-size:17pt;margin:0 0 2mm}h2{font-size:12.5pt;margin:5mm 0 1.5mm;border-bottom:1px solid #999}\n"
    "p{margin:1mm 0}table{border-collapse:collapse;width:100%;margin:1mm 0}\n"
    "th,td{border:1px solid #bbb;padding:1mm 1.5mm;text-align:left;vertical-align:top}\n"
    "th{background:#eee}section{break-inside:avoid}\n"
    ".who{font-size:11.5pt;margin-bottom:2mm}.note{color:#555;font-size:9pt}\n"
    ".rag{display:inline-block;padding:0 2mm;border-radius:2mm;font-weight:bold;color:#fff}\n"
    ".rag-Green{background:#2e7d32}.rag-Amber{background:#b26a00}.rag-Red{background:#c62828}\n"
    ".steps{display:flex;gap:1mm}.steps span{flex:1;border:1px solid #999;text-align:center;font-size:8.5pt;"
    "padding:0.5mm;color:#555}\n"
    ".steps span.on{background:#1f5f9e;color:#fff;font-weight:bold;border-color:#1f5f9e}\n"
    "svg{width:100%;height:auto}\n";

void zt_page_begin(FILE *out, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", out);
    zt_html_text(out, title);
    fprintf(out, "</title>\n<style>\n%s</style></head>\n<body>\n", style);
}

void zt_page_end(FILE *out)
{
    fputs("</body></html>\n", out);
}

void zt_page_colour(FILE *out, int colour)
{
    const char *w = zt_words_colour(colour);
    fprintf(out, "<span class=\"rag rag-%s\">%s</span>", w, w);
}

void zt_page_steps(FILE *out, int step)
{
    fputs("<div class=\"steps\">", out);
    for (int s = 1; s <= 4; s++)
        fprintf(out, "<span%s>%s%s</span>", s == step ? " class=\"on\"" : "", zt_words_step(s),
                s == step ? " (now)" : "");
    fputs("</div>", out);
}

char *zt_page_pct(unsigned num, unsigned den, char *buf, size_t size)
{
    if (den)
        snprintf(buf, size, "%.1f%%", 100.0 * num / den);
    else
        snprintf(buf, size, "no sessions yet");
    return buf;
}

int zt_page_rate_colour(unsigned present, unsigned possible, long red_below, long amber_below)
{
    /* integer comparison, as zoned's: present/possible < pct/100 */
    if ((unsigned long long)present * 100 < (unsigned long long)possible * (unsigned long)red_below)
        return ZT__COLOUR__COLOUR_RED;
    if ((unsigned long long)present * 100 < (unsigned long long)possible * (unsigned long)amber_below)
        return ZT__COLOUR__COLOUR_AMBER;
    return ZT__COLOUR__COLOUR_GREEN;
}

void zt_page_attendance(FILE *out, const Zt__Indicators *in, long min_sessions, long red_below, long amber_below)
{
    char pct[32];
    fprintf(out, "<b>%s</b> (%u of %u sessions; a session is a morning or an afternoon) ",
            zt_page_pct(in->present_sessions, in->possible_sessions, pct, sizeof pct), in->present_sessions,
            in->possible_sessions);
    if (in->possible_sessions < (unsigned long)min_sessions) {
        fprintf(out, "&mdash; too few sessions yet for a colour (the zone waits for %ld).", min_sessions);
        return;
    }
    zt_page_colour(out, in->attendance);
    if (in->attendance == ZT__COLOUR__COLOUR_RED)
        fprintf(out, " &mdash; below %ld%%: a lot of school has been missed, past the zone's tipping point. The "
                     "school will talk with you about how to help.", red_below);
    else if (in->attendance == ZT__COLOUR__COLOUR_AMBER)
        fprintf(out, " &mdash; between %ld%% and %ld%%: some school has been missed, close to the zone's tipping "
                     "point; every day counts.", red_below, amber_below);
    else
        fprintf(out, " &mdash; %ld%% or more: good attendance.", amber_below);
}

static const char *fill_of(int colour)
{
    return colour == ZT__COLOUR__COLOUR_RED ? "#c62828" : colour == ZT__COLOUR__COLOUR_AMBER ? "#b26a00" : "#2e7d32";
}

/* One bar: height by the week's rate, a title a screen reader and a
 * hovering mouse read. */
static void week_bar(FILE *out, const Zt__AttendanceWeek *w, double x, double bw, int top, int h, long red,
                     long amber)
{
    char d[ZT_WORDS_DATE_LEN];
    int colour = zt_page_rate_colour(w->present, w->possible, red, amber);
    double bh = (double)h * w->present / w->possible;
    fprintf(out, "<rect class=\"d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                 "<title>Week of %s: %u of %u sessions, %s</title></rect>\n",
            x, top + h - bh, bw, bh < 1 ? 1 : bh, fill_of(colour), zt_words_date(w->monday, d), w->present,
            w->possible, zt_words_colour(colour));
}

void zt_page_week_chart(FILE *out, Zt__AttendanceWeek *const *weeks, size_t n, int year_start, int as_of,
                        long red_below, long amber_below)
{
    const int left = 34, right = 34, top = 8, h = 120, width = 680, bottom = 30;
    zt_date first = year_start - zt_date_weekday(year_start), last = as_of - zt_date_weekday(as_of);
    int nweeks = (last - first) / 7 + 1;
    double slot = (double)(width - left - right - 4) / (nweeks < 20 ? 20 : nweeks), bw = slot * 0.75;
    fprintf(out, "<figure style=\"margin:0\"><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" "
                 "xmlns=\"http://www.w3.org/2000/svg\" font-size=\"10\"><title>Attendance week by week</title>\n",
            width, top + h + bottom);
    static const int marks[] = {0, 50, 100};
    for (size_t i = 0; i < 3; i++) {
        double y = top + h - (double)h * marks[i] / 100;
        fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>"
                     "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n",
                left, width - right, y, y, left - 4, y + 3, marks[i]);
    }
    const long lines[] = {red_below, amber_below};
    for (size_t i = 0; i < 2; i++) {
        double y = top + h - (double)h * lines[i] / 100;
        /* labelled on the right, clear of the 0-50-100 scale on the left */
        fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"3 3\"/>"
                     "<text x=\"%d\" y=\"%.1f\">%ld%%</text>\n",
                left, width - right, y, y, width - right + 3, y + (i ? -1 : 9), lines[i]);
    }
    size_t j = 0;
    int last_month = -1;
    for (int wk = 0; wk < nweeks; wk++) {
        zt_date monday = first + 7 * wk;
        double x = left + 2 + slot * wk;
        while (j < n && weeks[j]->monday < monday)
            j++;
        if (j < n && weeks[j]->monday == monday && weeks[j]->possible)
            week_bar(out, weeks[j], x, bw, top, h, red_below, amber_below);
        else
            fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"2\" fill=\"#999\"/>\n", x, top + h - 2, bw);
        int y, m, d;
        zt_date_to_ymd(monday + 6, &y, &m, &d);
        if (m != last_month) {
            static const char *const abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
            fprintf(out, "<text x=\"%.1f\" y=\"%d\">%s</text>\n", x, top + h + 14, abbr[m - 1]);
            last_month = m;
        }
    }
    fprintf(out, "</svg><figcaption class=\"note\">Each bar is one week: how many of the week's sessions "
                 "(half days) were attended. Green bar: %ld%% or more. Amber bar: %ld%% to %ld%%. Red bar: "
                 "below %ld%%. Grey line: no school that week (a holiday). The dashed lines mark %ld%% and %ld%%."
                 "</figcaption></figure>\n",
            amber_below, red_below, amber_below, red_below, red_below, amber_below);
}
