#include "report_leavers.h"

#include "codes.h"
#include "date.h"

#define TERMS 3
#define DESTS 4

static const char *const dest_words[DESTS] = {"another school in the zone", "elective home education",
                                              "elsewhere (out of the zone, excluded, other)", "not known"};

static void count_cell(FILE *out, uint32_t n, unsigned min_group)
{
    if (n && n < min_group)
        fprintf(out, "<td>fewer than %u</td>", min_group);
    else
        fprintf(out, "<td>%u</td>", n);
}

void zt_report_leavers(FILE *out, const Zt__LeaversReply *l, unsigned min_group)
{
    uint32_t by[DESTS] = {0};
    for (size_t i = 0; i < l->n_schools; i++)
        for (size_t k = 0; k < l->schools[i]->n_counts && k < TERMS * DESTS; k++)
            by[k % DESTS] += l->schools[i]->counts[k];
    char from[ZT_DATE_STRLEN], to[ZT_DATE_STRLEN];
    fprintf(out, "<h2>Pupils who left the zone's schools, %s to %s</h2>\n", zt_date_format(l->from, from),
            zt_date_format(l->to, to));
    fputs("<table><tr><th>Where they went</th><th>Pupils</th></tr>\n", out);
    for (int d = 0; d < DESTS; d++) {
        fprintf(out, "<tr><td>%s</td>", dest_words[d]);
        count_cell(out, by[d], min_group);
        fputs("</tr>\n", out);
    }
    fputs("<tr><td>of whom left for home education while an alert was open</td>", out);
    count_cell(out, (uint32_t)l->n_concerns, min_group);
    fputs("</tr></table>\n<p class=\"note\">Zone totals for the year; counts per school and term, and the "
          "pupils who left for home education with an alert open, are the coordinator's "
          "(<code>zonectl leavers</code>).</p>\n",
          out);
}
