#include "svg_chart.h"

/* Shapes that draw data carry class="d", so a test can tell a chart that
 * shows something from an empty frame. */

#include <math.h>

/* No libm: the build links none. */
static double absd(double v) { return v < 0 ? -v : v; }
static double maxd(double a, double b) { return a > b ? a : b; }
static double mind(double a, double b) { return a < b ? a : b; }

#define RED "#c0392b"
#define GREEN "#2e8b57"
#define INK "#333"
#define GRID "#ccc"

static const char *const palette[] = {"#1f5f9e", "#e07b00", "#6a3d9a", "#2e8b57", "#b03060", "#5f7f00",
                                      "#8c564b", "#17a2b8"};

void zt_html_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

static void open_svg(FILE *out, const char *title, int w, int h)
{
    fprintf(out, "<figure><svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                 "xmlns=\"http://www.w3.org/2000/svg\"><title>", w, h, w, h);
    zt_html_text(out, title);
    fputs("</title>\n", out);
}

static void close_svg(FILE *out, const char *title)
{
    fputs("</svg><figcaption>", out);
    zt_html_text(out, title);
    fputs("</figcaption></figure>\n", out);
}

static void no_data(FILE *out, int w, int y)
{
    (void)w; /* no shape: a chart without data must read as empty */
    fprintf(out, "<text x=\"8\" y=\"%d\" font-size=\"12\" fill=\"%s\">no group large enough to show</text>\n",
            y + 16, INK);
}

void zt_svg_gap_bars(FILE *out, const char *title, const char *const *labels, const double *values,
                     size_t n, int worse, const char *unit)
{
    const int label_w = 215, bar_w = 290, row = 20, w = label_w + bar_w;
    size_t shown = 0;
    double max = 1;
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i])) {
            shown++;
            max = maxd(max, absd(values[i]));
        }
    int h = 10 + (int)(shown ? shown : 1) * row + 10;
    open_svg(out, title, w, h);
    /* room for the value's text beside the longest bar on either side */
    double zero = label_w + bar_w / 2.0, scale = (bar_w / 2.0 - 42) / max;
    if (!shown)
        no_data(out, w, 10);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(values[i]))
            continue;
        double v = values[i], y = 10 + (double)k++ * row;
        double x = v < 0 ? zero + v * scale : zero, len = absd(v) * scale;
        const char *fill = (v > 0 ? 1 : -1) == worse && v != 0 ? RED : GREEN;
        fprintf(out, "<text x=\"%d\" y=\"%.0f\" font-size=\"12\" text-anchor=\"end\" fill=\"%s\">", label_w - 6,
                y + 14, INK);
        zt_html_text(out, labels[i]);
        fprintf(out, "</text><rect class=\"d\" x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                     "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"%s\" fill=\"%s\">%+.1f%s</text>\n",
                x, y + 3, len < 1 ? 1 : len, row - 6, fill, v < 0 ? x - 4 : x + len + 4, y + 14,
                v < 0 ? "end" : "start", INK, v, unit);
    }
    fprintf(out, "<line x1=\"%.1f\" y1=\"6\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>\n", zero, zero, h - 6, INK);
    close_svg(out, title);
}

void zt_svg_lines(FILE *out, const char *title, const char *const *xlabels, size_t nx,
                  const char *const *series, const double *values, size_t ns)
{
    const int left = 50, top = 12, pw = 420, ph = 160, legend = 150, w = left + pw + legend, h = top + ph + 40;
    double lo = 0, hi = 1;
    size_t points = 0;
    for (size_t i = 0; i < ns * nx; i++)
        if (!isnan(values[i])) {
            lo = mind(lo, values[i]);
            hi = maxd(hi, values[i]);
            points++;
        }
    double pad = (hi - lo) * 0.1;
    lo -= pad, hi += pad;
    open_svg(out, title, w, h);
#define X(i) (left + (nx > 1 ? (double)(i) * pw / (double)(nx - 1) : pw / 2.0))
#define Y(v) (top + ph - ((v) - lo) / (hi - lo) * ph)
    fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"%s\"/>\n", left, top,
            pw, ph, GRID);
    fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>"
                 "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"%s\">0</text>\n",
            left, Y(0.0), left + pw, Y(0.0), INK, left - 4, Y(0.0) + 3, INK);
    fprintf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"%s\">%+.1f</text>"
                 "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"%s\">%+.1f</text>\n",
            left - 4, Y(hi) + 8, INK, hi, left - 4, Y(lo), INK, lo);
    for (size_t x = 0; x < nx; x++) {
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\">", X(x),
                top + ph + 14, INK);
        zt_html_text(out, xlabels[x]);
        fputs("</text>\n", out);
    }
    if (!points)
        no_data(out, pw, top + 20);
    for (size_t s = 0; s < ns; s++) {
        const char *colour = palette[s % (sizeof palette / sizeof palette[0])];
        fprintf(out, "<polyline class=\"d\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", colour);
        for (size_t x = 0; x < nx; x++)
            if (!isnan(values[s * nx + x]))
                fprintf(out, "%.1f,%.1f ", X(x), Y(values[s * nx + x]));
        fputs("\"/>\n", out);
        for (size_t x = 0; x < nx; x++)
            if (!isnan(values[s * nx + x]))
                fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", X(x), Y(values[s * nx + x]),
                        colour);
        fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                     "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">",
                left + pw + 12, top + 6 + (int)s * 16, colour, left + pw + 28, top + 10 + (int)s * 16, INK);
        zt_html_text(out, series[s]);
        fputs("</text>\n", out);
    }
#undef X
#undef Y
    close_svg(out, title);
}

void zt_svg_stacked(FILE *out, const char *title, const char *const *labels, const unsigned *a,
                    const unsigned *b, size_t n, const char *a_name, const char *b_name)
{
    const int label_w = 190, bar_w = 320, row = 20, w = label_w + bar_w + 60;
    int h = 30 + (int)(n ? n : 1) * row + 6;
    unsigned max = 1;
    for (size_t i = 0; i < n; i++)
        if (a[i] + b[i] > max)
            max = a[i] + b[i];
    open_svg(out, title, w, h);
    fprintf(out, "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"14\" "
                 "font-size=\"11\" fill=\"%s\">", label_w, RED, label_w + 16, INK);
    zt_html_text(out, a_name);
    fprintf(out, "</text><rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"#e6a700\"/><text x=\"%d\" "
                 "y=\"14\" font-size=\"11\" fill=\"%s\">", label_w + 140, label_w + 156, INK);
    zt_html_text(out, b_name);
    fputs("</text>\n", out);
    if (!n)
        no_data(out, w, 30);
    for (size_t i = 0; i < n; i++) {
        double y = 30 + (double)i * row, wa = (double)a[i] * bar_w / max, wb = (double)b[i] * bar_w / max;
        fprintf(out, "<text x=\"%d\" y=\"%.0f\" font-size=\"12\" text-anchor=\"end\" fill=\"%s\">", label_w - 6,
                y + 14, INK);
        zt_html_text(out, labels[i]);
        fprintf(out, "</text><rect class=\"d\" x=\"%d\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                     "<rect class=\"d\" x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"#e6a700\"/>"
                     "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" fill=\"%s\">%u + %u</text>\n",
                label_w, y + 3, wa, row - 6, RED, label_w + wa, y + 3, wb, row - 6, label_w + wa + wb + 4, y + 14,
                INK, a[i], b[i]);
    }
    close_svg(out, title);
}
