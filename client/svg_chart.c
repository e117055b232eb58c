#include "svg_chart.h"

/* Shapes that draw data carry class="d", so a test can tell a chart that
 * shows something from an empty frame. */

#include <math.h>
#include <string.h>

/* No libm: the build links none. */
static double absd(double v) { return v < 0 ? -v : v; }
static double maxd(double a, double b) { return a > b ? a : b; }
static double mind(double a, double b) { return a < b ? a : b; }

#define RED "#c0392b"
#define GREEN "#2e8b57"
#define INK "#333"
#define GRID "#ccc"
#define GREY "#a6a6a6"
#define GREY_INK "#767676"

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

static void no_data(FILE *out, int y)
{
    /* no shape: a chart without data must read as empty */
    fprintf(out, "<text x=\"8\" y=\"%d\" font-size=\"12\" fill=\"%s\">no group large enough to show</text>\n",
            y + 16, INK);
}

/* Width of s in pixels at font size px, near enough for layout (system
 * fonts average well under 0.6 em a character). */
static int text_w(const char *s, int px)
{
    int chars = 0;
    for (; s && *s; s++)
        chars += ((unsigned char)*s & 0xC0) != 0x80; /* UTF-8: count characters */
    return (int)(chars * px * 0.6 + 0.5);
}

static int widest(const char *const *labels, size_t n, int px)
{
    int w = 0;
    for (size_t i = 0; i < n; i++)
        if (text_w(labels[i], px) > w)
            w = text_w(labels[i], px);
    return w;
}

void zt_svg_gap_bars(FILE *out, const char *title, const struct zt_svg_bar *bars, size_t n, int worse,
                     unsigned small, const char *unit)
{
    int label_w = 0, row = 20, bar_w = 380, side = 86; /* side: room for "+12.3 n=1234" */
    size_t shown = 0, greyed = 0;
    double max = 1;
    for (size_t i = 0; i < n; i++)
        if (!isnan(bars[i].value)) {
            shown++;
            greyed += bars[i].n < small;
            max = maxd(max, absd(bars[i].value));
            if (text_w(bars[i].label, 12) > label_w)
                label_w = text_w(bars[i].label, 12);
        }
    label_w += 14;
    int w = label_w + bar_w, h = 10 + (int)(shown ? shown : 1) * row + 10 + (greyed ? 18 : 0);
    open_svg(out, title, w, h);
    double zero = label_w + bar_w / 2.0, scale = (bar_w / 2.0 - side) / max;
    if (!shown)
        no_data(out, 10);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(bars[i].value))
            continue;
        double v = bars[i].value, y = 10 + (double)k++ * row;
        double x = v < 0 ? zero + v * scale : zero, len = absd(v) * scale;
        int grey = bars[i].n < small;
        const char *fill = grey ? GREY : (v > 0 ? 1 : -1) == worse && v != 0 ? RED : GREEN;
        const char *ink = grey ? GREY_INK : INK;
        fprintf(out, "<text x=\"%d\" y=\"%.0f\" font-size=\"12\" text-anchor=\"end\" fill=\"%s\">", label_w - 6,
                y + 14, ink);
        zt_html_text(out, bars[i].label);
        fprintf(out, "</text><rect class=\"d bar gap\" x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" "
                     "fill=\"%s\"/><text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"%s\" fill=\"%s\">%+.1f%s "
                     "<tspan class=\"n\">n=%u</tspan></text>\n",
                x, y + 3, len < 1 ? 1 : len, row - 6, fill, v < 0 ? x - 4 : x + len + 4, y + 14,
                v < 0 ? "end" : "start", ink, v, unit, bars[i].n);
    }
    fprintf(out, "<line x1=\"%.1f\" y1=\"6\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>\n", zero, zero,
            h - 6 - (greyed ? 18 : 0), INK);
    if (greyed)
        fprintf(out, "<text x=\"8\" y=\"%d\" font-size=\"11\" fill=\"%s\">Grey: fewer than %u pupils in the group, "
                     "so one child moves the figure a long way.</text>\n",
                h - 6, GREY_INK, small);
    close_svg(out, title);
}

static double floor_d(double v)
{
    double i = (double)(long long)v;
    return i > v ? i - 1 : i;
}

/* A round step (1, 2 or 5 times a power of ten) giving about five ticks. */
static double tick_step(double range)
{
    double step = 0.1;
    static const double mult[] = {2, 2.5, 2}; /* 0.1 0.2 0.5 1 2 5 10 ... */
    for (int i = 0; range / step > 6; i = (i + 1) % 3)
        step *= mult[i];
    return step;
}

static const char *mark_colour(const char *mark)
{
    return !strcmp(mark, "widening") ? RED : !strcmp(mark, "narrowing") ? GREEN : INK;
}

static const char *mark_symbol(const char *mark)
{
    return !strcmp(mark, "widening") ? "\u25B2" : !strcmp(mark, "narrowing") ? "\u25BC" : "=";
}

void zt_svg_lines(FILE *out, const char *title, const char *x_title, const char *y_title,
                  const char *const *xlabels, size_t nx, const char *const *series, const char *const *marks,
                  const double *values, size_t ns)
{
    const int left = 64, top = 12, pw = 420, ph = 160, legend = 200, w = left + pw + legend, h = top + ph + 50;
    double lo = 0, hi = 1;
    size_t points = 0;
    for (size_t i = 0; i < ns * nx; i++)
        if (!isnan(values[i])) {
            lo = mind(lo, values[i]);
            hi = maxd(hi, values[i]);
            points++;
        }
    double step = tick_step(hi - lo);
    lo = floor_d(lo / step) * step;
    hi = -floor_d(-hi / step) * step;
    if (hi - lo < step)
        hi = lo + step;
    open_svg(out, title, w, h);
#define X(i) (left + (nx > 1 ? (double)(i) * pw / (double)(nx - 1) : pw / 2.0))
#define Y(v) (top + ph - ((v) - lo) / (hi - lo) * ph)
    fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"%s\"/>\n", left, top,
            pw, ph, GRID);
    for (double t = lo; t <= hi + step / 2; t += step) {
        double v = absd(t) < step / 2 ? 0 : t;
        fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"%s/>"
                     "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"%s\">%s%g</text>\n",
                left - 3, Y(v), v == 0 ? left + pw : left, Y(v), v == 0 ? INK : GRID,
                v == 0 ? " stroke-dasharray=\"4 3\"" : "", left - 5, Y(v) + 3, INK, v > 0 ? "+" : "", v);
    }
    fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"%s\" "
                 "transform=\"rotate(-90 14 %d)\">",
            14, top + ph / 2, INK, top + ph / 2);
    zt_html_text(out, y_title);
    fputs("</text>\n", out);
    for (size_t x = 0; x < nx; x++) {
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\">", X(x),
                top + ph + 14, INK);
        zt_html_text(out, xlabels[x]);
        fputs("</text>\n", out);
    }
    fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"%s\">", left + pw / 2,
            top + ph + 36, INK);
    zt_html_text(out, x_title);
    fputs("</text>\n", out);
    if (!points)
        no_data(out, top + 20);
    for (size_t s = 0; s < ns; s++) {
        const char *colour = palette[s % (sizeof palette / sizeof palette[0])];
        fprintf(out, "<polyline class=\"d\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", colour);
        size_t last = nx;
        for (size_t x = 0; x < nx; x++)
            if (!isnan(values[s * nx + x])) {
                fprintf(out, "%.1f,%.1f ", X(x), Y(values[s * nx + x]));
                last = x;
            }
        fputs("\"/>\n", out);
        for (size_t x = 0; x < nx; x++)
            if (!isnan(values[s * nx + x]))
                fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", X(x), Y(values[s * nx + x]),
                        colour);
        const char *mark = marks[s] ? marks[s] : "";
        if (*mark && last < nx)
            fprintf(out, "<text class=\"mark\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\">%s</text>\n",
                    X(last) + 6, Y(values[s * nx + last]) + 4, mark_colour(mark), mark_symbol(mark));
        fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                     "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">",
                left + pw + 22, top + 6 + (int)s * 16, colour, left + pw + 38, top + 10 + (int)s * 16, INK);
        zt_html_text(out, series[s]);
        if (last == nx)
            fputs(": no figures (suppressed or none)", out);
        else if (*mark)
            fprintf(out, ": <tspan fill=\"%s\">%s %s</tspan>", mark_colour(mark), mark_symbol(mark), mark);
        fputs("</text>\n", out);
    }
#undef X
#undef Y
    close_svg(out, title);
}

void zt_svg_stacked(FILE *out, const char *title, const char *const *labels, const double *a, const double *b,
                    const unsigned *n, size_t count, const char *a_name, const char *b_name, const char *unit)
{
    const int bar_w = 300, row = 20;
    char text[96];
    int label_w = widest(labels, count, 12) + 14, value_w = 0;
    double max = 0.1;
    for (size_t i = 0; i < count; i++) {
        max = maxd(max, a[i] + b[i]);
        snprintf(text, sizeof text, "%.1f + %.1f %s n=%u", a[i], b[i], unit, n[i]);
        if (text_w(text, 11) > value_w)
            value_w = text_w(text, 11);
    }
    if (label_w < 160)
        label_w = 160; /* room for the legend */
    int w = label_w + bar_w + value_w + 12, h = 30 + (int)(count ? count : 1) * row + 6;
    open_svg(out, title, w, h);
    fprintf(out, "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"14\" "
                 "font-size=\"11\" fill=\"%s\">", label_w, RED, label_w + 16, INK);
    zt_html_text(out, a_name);
    fprintf(out, "</text><rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"#e6a700\"/><text x=\"%d\" "
                 "y=\"14\" font-size=\"11\" fill=\"%s\">", label_w + 140, label_w + 156, INK);
    zt_html_text(out, b_name);
    fputs("</text>\n", out);
    if (!count)
        no_data(out, 30);
    for (size_t i = 0; i < count; i++) {
        double y = 30 + (double)i * row, wa = a[i] * bar_w / max, wb = b[i] * bar_w / max;
        fprintf(out, "<text x=\"%d\" y=\"%.0f\" font-size=\"12\" text-anchor=\"end\" fill=\"%s\">", label_w - 6,
                y + 14, INK);
        zt_html_text(out, labels[i]);
        fprintf(out, "</text><rect class=\"d bar\" x=\"%d\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                     "<rect class=\"d\" x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"#e6a700\"/>"
                     "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" fill=\"%s\">%.1f + %.1f ",
                label_w, y + 3, wa, row - 6, RED, label_w + wa, y + 3, wb, row - 6, label_w + wa + wb + 4, y + 14,
                INK, a[i], b[i]);
        zt_html_text(out, unit);
        fprintf(out, " <tspan class=\"n\">n=%u</tspan></text>\n", n[i]);
    }
    close_svg(out, title);
}
