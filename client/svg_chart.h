/* Small inline SVG charts for the HTML report: no scripts, no external
 * resources, fixed sizes that print well. Labels are escaped here. Every
 * bar carries the number of pupils it stands for ("n=12"), so a small
 * group's big bar is read as what it is. */
#ifndef ZT_SVG_CHART_H
#define ZT_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

/* Writes s with & < > " ' escaped for HTML text and attributes. */
void zt_html_text(FILE *out, const char *s);

/* One bar: its label, value (NAN: left out) and the pupils behind it. */
struct zt_svg_bar {
    const char *label;
    double value;
    unsigned n;
};

/* Horizontal bars around zero, one per bar; a value whose sign is `worse`
 * (+1 or -1) is drawn red, else green, and a bar of fewer than `small`
 * pupils grey (with a note under the chart). unit follows each value. */
void zt_svg_gap_bars(FILE *out, const char *title, const struct zt_svg_bar *bars, size_t n, int worse,
                     unsigned small, const char *unit);

/* Lines over the x labels, one per series (values[s * nx + x], NAN gaps),
 * with the axes titled (x_title, y_title), round values marked on the y
 * axis, a dashed zero line, and each series' mark (its direction, may be
 * "") in the legend and at its last point. */
void zt_svg_lines(FILE *out, const char *title, const char *x_title, const char *y_title,
                  const char *const *xlabels, size_t nx, const char *const *series, const char *const *marks,
                  const double *values, size_t ns);

/* Two stacked horizontal bars per label (a then b, with unit after the
 * figures), with a legend; n[i] pupils beside each. */
void zt_svg_stacked(FILE *out, const char *title, const char *const *labels, const double *a, const double *b,
                    const unsigned *n, size_t count, const char *a_name, const char *b_name, const char *unit);

#endif
