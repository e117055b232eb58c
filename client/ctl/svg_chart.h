/* Small inline SVG charts for the HTML report: no scripts, no external
 * resources, fixed sizes that print well. Labels are escaped here. */
#ifndef ZT_SVG_CHART_H
#define ZT_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

/* Writes s with & < > " ' escaped for HTML text and attributes. */
void zt_html_text(FILE *out, const char *s);

/* Horizontal bars around zero, one per label; a value whose sign is `worse`
 * (+1 or -1) is drawn red, else green. NAN values are left out. */
void zt_svg_gap_bars(FILE *out, const char *title, const char *const *labels, const double *values,
                     size_t n, int worse, const char *unit);

/* Lines over the x labels, one per series (values[s * nx + x], NAN gaps);
 * a dashed zero line. */
void zt_svg_lines(FILE *out, const char *title, const char *const *xlabels, size_t nx,
                  const char *const *series, const double *values, size_t ns);

/* Two stacked horizontal bars per label (a then b), with a legend. */
void zt_svg_stacked(FILE *out, const char *title, const char *const *labels, const unsigned *a,
                    const unsigned *b, size_t n, const char *a_name, const char *b_name);

#endif
