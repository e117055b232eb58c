#include "summary.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "conf.h"
#include "html_page.h"
#include "log.h"
#include "plain_words.h"
#include "private_file.h"
#include "svg_chart.h"
#include "term_steps.h"

/* The school's "what helps at home" lines, one a subject (ZT_SUBJECT_*). */
struct help {
    char *line[5];
};

static int help_load(const char *path, struct help *h, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    const struct zt_conf_key keys[] = {
        {"maths", ZT_CONF_STR, offsetof(struct help, line[1]), NULL, ZT_CONF_REQUIRED, 0, 0, NULL},
        {"reading", ZT_CONF_STR, offsetof(struct help, line[2]), NULL, ZT_CONF_REQUIRED, 0, 0, NULL},
        {"writing", ZT_CONF_STR, offsetof(struct help, line[3]), NULL, ZT_CONF_REQUIRED, 0, 0, NULL},
        {"english", ZT_CONF_STR, offsetof(struct help, line[4]), NULL, ZT_CONF_REQUIRED, 0, 0, NULL},
    };
    int rc = zt_conf_load(path, keys, 4, h, err, errlen);
    if (rc)
        zt_conf_free(keys, 4, h);
    return rc;
}

static void help_free(struct help *h)
{
    for (int i = 0; i < 5; i++)
        free(h->line[i]);
}

static const char *direction(int now, int before)
{
    return !now ? "no assessment yet" : !before ? "first assessment" : now > before ? "up" : now < before ? "down" : "the same";
}

static void page(FILE *out, const struct zt_family_run *run, const Zt__PupilReply *p, const struct zt_export_pupil *row,
                 const struct help *help)
{
    char title[200], yg[ZT_WORDS_DATE_LEN], d[ZT_WORDS_DATE_LEN];
    const char *name = row->name[0] ? row->name : p->upn;
    const char *school = zt_family_school_name(&run->zone, p->current_school);
    long red = zt_family_threshold(&run->zone, "attendance_red_below_pct", 90),
         amber = zt_family_threshold(&run->zone, "attendance_amber_below_pct", 95);
    const Zt__Indicators *in = p->indicators;
    snprintf(title, sizeof title, "Progress summary: %s", name);
    zt_page_begin(out, title);
    fputs("<h1>Progress summary: ", out);
    zt_html_text(out, name);
    fputs("</h1>\n<p class=\"who\">", out);
    if (school)
        zt_html_text(out, school);
    else
        fprintf(out, "School number %06u", p->current_school);
    fprintf(out, ". %s. As of %s.</p>\n", zt_words_year_group((int)row->row.year_group, yg),
            zt_words_date(p->as_of, d));
    fputs("<section><h2>Attendance</h2>\n<p>This school year: ", out);
    zt_page_attendance(out, in, zt_family_threshold(&run->zone, "attendance_min_sessions", 20), red, amber);
    fprintf(out, "</p>\n<p class=\"note\">Green: %ld%% or more. Amber: %ld%% to %ld%%. Red: below %ld%%.</p></section>\n",
            amber, red, amber, red);
    struct zt_term_steps t;
    zt_term_steps(p->history, &t);
    fputs("<section><h2>Progress</h2>\n<p>Each subject is on one of four steps: Gap, Emerging, Expected (where a "
          "child of this year group should be) and Deepening.</p>\n<table><tr><th>Subject</th><th>Step now</th>"
          "<th>Since last term</th></tr>\n", out);
    int below[5] = {0};
    for (int s = 1; s <= 4; s++) {
        int before, now = zt_term_steps_latest(&t, s, &before);
        below[s] = now && now < ZT_STEP_EXPECTED;
        fprintf(out, "<tr><td>%s</td><td>", zt_words_subject(s));
        zt_page_steps(out, now);
        fprintf(out, "</td><td>%s", direction(now, before));
        if (before && before != now)
            fprintf(out, " (from %s)", zt_words_step(before));
        fputs("</td></tr>\n", out);
    }
    fputs("</table></section>\n", out);
    if (below[1] || below[2] || below[3] || below[4]) {
        fputs("<section><h2>What helps at home</h2>\n<ul>\n", out);
        for (int s = 1; s <= 4; s++)
            if (below[s]) {
                fprintf(out, "<li><b>%s:</b> ", zt_words_subject(s));
                zt_html_text(out, help->line[s]);
                fputs("</li>\n", out);
            }
        fputs("</ul></section>\n", out);
    }
    fputs("<p class=\"note\">Made by the school from the zone's record of attendance and assessments. Please "
          "talk to your child's class teacher about anything on this page.</p>\n", out);
    zt_page_end(out);
}

int zt_summary_write(struct zt_family_run *run, int year_group, const char *dir, const char *help_file,
                     FILE *report, size_t *written, char *err, size_t errlen)
{
    struct help help;
    *written = 0;
    if (help_load(help_file, &help, err, errlen))
        return -1;
    int rc = zt_private_dir(dir, run->group, err, errlen);
    size_t missing = 0;
    for (size_t i = 0; rc == 0 && i < run->roll->npupils; i++) {
        const struct zt_export_pupil *row = &run->roll->pupils[i];
        if (year_group && (int)row->row.year_group != year_group)
            continue;
        Zt__Response *resp;
        char why[512], path[4096];
        if (zt_family_pupil(run->link, row->row.upn, &resp, why, sizeof why)) {
            if (run->link->fail != ZT_FAIL_NONE) { /* the zone is gone: the rest would fail too */
                snprintf(err, errlen, "%s", why);
                rc = -1;
                break;
            }
            zt_err("no summary for %s: %s", row->row.upn, why);
            missing++;
            continue;
        }
        snprintf(path, sizeof path, "%s/summary-%s.html", dir, row->row.upn);
        struct zt_private_file pf;
        if ((rc = zt_private_begin(&pf, path, run->group, err, errlen)) == 0) {
            page(pf.f, run, resp->pupil, row, &help);
            rc = zt_private_commit(&pf, err, errlen);
        }
        zt__response__free_unpacked(resp, NULL);
        if (rc == 0) {
            fprintf(report, "wrote %s\n", path);
            (*written)++;
        }
    }
    help_free(&help);
    if (rc == 0 && missing) {
        snprintf(err, errlen, "%zu pupil(s) of pupils.csv have no summary (said above)", missing);
        rc = -1;
    }
    return rc;
}
