/* The pack is read aloud in a meeting with a parent, so every line is a
 * sentence a parent would say back: figures with what they mean, the
 * zone's tipping points in words, no internal key or code. */
#include "pack.h"

#include <errno.h>
#include <string.h>

#include "alert_format.h"
#include "codes.h"
#include "html_page.h"
#include "log.h"
#include "pack_siblings.h"
#include "plain_words.h"
#include "private_file.h"
#include "support_codes.h"
#include "svg_chart.h"
#include "term_steps.h"

enum { BELOW_ENGLISH = 1, BELOW_MATHS = 2 }; /* Indicators.below (zonetrack.proto) */

/* The zone's tipping points (SPEC §5), as this page needs them. */
struct tips {
    long min_sessions, att_red, att_amber, beh_red, beh_amber, health_red, health_amber, window;
};

static void load_tips(const struct zt_family_zone *z, struct tips *t)
{
    t->min_sessions = zt_family_threshold(z, "attendance_min_sessions", 20);
    t->att_red = zt_family_threshold(z, "attendance_red_below_pct", 90);
    t->att_amber = zt_family_threshold(z, "attendance_amber_below_pct", 95);
    t->beh_red = zt_family_threshold(z, "behaviour_red_points", 10);
    t->beh_amber = zt_family_threshold(z, "behaviour_amber_points", 5);
    t->health_red = zt_family_threshold(z, "health_red_sessions", 6);
    t->health_amber = zt_family_threshold(z, "health_amber_sessions", 3);
    t->window = zt_family_threshold(z, "window_days", 28);
}

struct pack {
    FILE *out;
    const Zt__PupilReply *p;
    const Zt__PupilHistory *h;
    const Zt__SupportReply *s;
    const struct zt_family_zone *zone;
    const struct zt_export *roll;
    struct tips t;
};

static void text(FILE *out, const char *s)
{
    zt_html_text(out, s);
}

static void header(struct pack *k)
{
    char yg[ZT_WORDS_DATE_LEN], d[ZT_WORDS_DATE_LEN], urn[16];
    long i = zt_export_find(k->roll, k->p->upn);
    const char *name = i >= 0 && k->roll->pupils[i].name[0] ? k->roll->pupils[i].name : NULL;
    int year = i >= 0 ? (int)k->roll->pupils[i].row.year_group : 0;
    const char *school = zt_family_school_name(k->zone, k->p->current_school);
    snprintf(urn, sizeof urn, "%06u", k->p->current_school);
    fputs("<h1>Family meeting: ", k->out);
    text(k->out, name ? name : "a pupil without a name in pupils.csv");
    fputs("</h1>\n<p class=\"who\">School: ", k->out);
    text(k->out, school ? school : "");
    fprintf(k->out, "%s%s%s. Year group: %s. Pupil number (UPN): %s.</p>\n", school ? " (school number " : "school number ",
            urn, school ? ")" : "", zt_words_year_group(year, yg), k->p->upn);
    fprintf(k->out, "<p class=\"note\">Figures as of %s, from every school in the zone the child has attended "
                    "this year. Made by the school; the child's name never leaves the school.</p>\n",
            zt_words_date(k->p->as_of, d));
}

static void attendance(struct pack *k)
{
    const Zt__Indicators *in = k->p->indicators;
    char pct4[32];
    unsigned miss[4] = {0}, possible4 = 0, present4 = 0;
    for (size_t i = 0; k->h && i < k->h->n_weeks; i++) {
        const Zt__AttendanceWeek *w = k->h->weeks[i];
        miss[0] += w->illness, miss[1] += w->appointments, miss[2] += w->other_authorised,
            miss[3] += w->unauthorised;
        if (w->monday > k->p->as_of - 28) /* the four Mondays up to as_of */
            possible4 += w->possible, present4 += w->present;
    }
    fputs("<section><h2>Attendance</h2>\n<p>This school year: ", k->out);
    zt_page_attendance(k->out, in, k->t.min_sessions, k->t.att_red, k->t.att_amber);
    fprintf(k->out, "</p>\n<p>In the last four weeks: <b>%s</b> (%u of %u sessions).</p>\n",
            zt_page_pct(present4, possible4, pct4, sizeof pct4), present4, possible4);
    zt_page_week_chart(k->out, k->h ? k->h->weeks : NULL, k->h ? k->h->n_weeks : 0,
                       zt_academic_year_start(k->p->as_of), k->p->as_of, k->t.att_red, k->t.att_amber);
    fprintf(k->out, "<p>Sessions missed this year, and why:</p>\n<table><tr><th>Illness</th><th>Medical or dental "
                    "appointments</th><th>Other absence the school agreed to</th><th>Unauthorised absence (not "
                    "agreed by the school)</th><th>All sessions missed</th></tr>\n<tr><td>%u</td><td>%u</td>"
                    "<td>%u</td><td>%u</td><td>%u</td></tr></table></section>\n",
            miss[0], miss[1], miss[2], miss[3], in->possible_sessions - in->present_sessions);
}

static int is_suspension(const Zt__BehaviourRow *b)
{
    return b->action == ZT_ACTION_SUSPENSION || b->action == ZT_ACTION_PERMANENT_EXCLUSION;
}

static void behaviour(struct pack *k)
{
    const Zt__Indicators *in = k->p->indicators;
    char d[ZT_WORDS_DATE_LEN], w[80];
    fprintf(k->out, "<section><h2>Behaviour</h2>\n<p>Behaviour points in the last %ld days: <b>%u</b> ", k->t.window,
            in->behaviour_points_28d);
    zt_page_colour(k->out, in->behaviour);
    fputs(".</p>\n<p>Behaviour points week by week, the last eight weeks:</p>\n<table><tr><th>Week of</th>", k->out);
    zt_date this_monday = k->p->as_of - zt_date_weekday(k->p->as_of);
    for (int i = 7; i >= 0; i--)
        fprintf(k->out, "<th>%s</th>", zt_words_date(this_monday - 7 * i, d));
    fputs("</tr>\n<tr><td>Points</td>", k->out);
    for (int i = 7; i >= 0; i--) {
        zt_date from = this_monday - 7 * i;
        unsigned points = 0;
        for (size_t j = 0; k->h && j < k->h->n_behaviour; j++)
            if (k->h->behaviour[j]->date >= from && k->h->behaviour[j]->date < from + 7)
                points += k->h->behaviour[j]->points;
        fprintf(k->out, "<td>%u</td>", points);
    }
    fputs("</tr></table>\n", k->out);
    int any = 0;
    for (size_t j = 0; k->h && j < k->h->n_behaviour; j++) {
        const Zt__BehaviourRow *b = k->h->behaviour[j];
        if (!is_suspension(b))
            continue;
        fputs(any++ ? "" : "<ul>", k->out);
        fprintf(k->out, "<li>%s on %s", b->action == ZT_ACTION_SUSPENSION ? "Suspended" : "Permanently excluded",
                zt_words_date(b->date, d));
        if (b->has_days_x100)
            fprintf(k->out, " for %u.%02u day%s", b->days_x100 / 100, b->days_x100 % 100,
                    b->days_x100 == 100 ? "" : "s");
        fputs(", for ", k->out);
        text(k->out, zt_words_free(b->category, w, sizeof w));
        fputs(".</li>\n", k->out);
    }
    fputs(any ? "</ul>" : "<p>No suspension this year.</p>", k->out);
    fputs("</section>\n", k->out);
}

static const char *severity_words(unsigned s)
{
    return s == ZT_SEVERITY_HIGH ? "a serious concern" : s == ZT_SEVERITY_MEDIUM ? "a moderate concern" : "a minor concern";
}

static void health(struct pack *k)
{
    const Zt__Indicators *in = k->p->indicators;
    char d[ZT_WORDS_DATE_LEN], w[80];
    fprintf(k->out, "<section><h2>Health</h2>\n<p>Sessions missed through illness or medical appointments in the "
                    "last %ld days: <b>%u</b> ", k->t.window, in->health_sessions_28d);
    zt_page_colour(k->out, in->health);
    fputs(".</p>\n", k->out);
    if (!k->h || !k->h->n_health) {
        fputs("<p>No health events recorded this year.</p></section>\n", k->out);
        return;
    }
    fputs("<p>Health events recorded this year:</p><ul>\n", k->out);
    for (size_t j = 0; j < k->h->n_health; j++) {
        const Zt__HealthRow *e = k->h->health[j];
        fprintf(k->out, "<li>%s: ", zt_words_date(e->date, d));
        text(k->out, zt_words_free(e->kind, w, sizeof w));
        fprintf(k->out, ", recorded as %s.</li>\n", severity_words(e->severity));
    }
    fputs("</ul></section>\n", k->out);
}

static void progress(struct pack *k)
{
    struct zt_term_steps t;
    char term[ZT_WORDS_DATE_LEN];
    zt_term_steps(k->h, &t);
    fputs("<section><h2>Progress in maths, reading, writing and English</h2>\n", k->out);
    fputs("<p>Teachers place each subject on one of four steps: <b>Gap</b> (some of the year's learning still to "
          "catch up), <b>Emerging</b> (getting there), <b>Expected</b> (where a child of this year group should "
          "be) and <b>Deepening</b> (beyond it).</p>\n", k->out);
    if (!t.nterms) {
        fputs("<p>No assessment has been recorded yet.</p></section>\n", k->out);
        return;
    }
    fputs("<table><tr><th>Subject</th>", k->out);
    for (size_t i = 0; i < t.nterms; i++)
        fprintf(k->out, "<th>%s</th>", zt_words_term(t.term_date[i], term));
    fputs("<th>Now</th></tr>\n", k->out);
    for (int s = 1; s <= 4; s++) {
        int before, now = zt_term_steps_latest(&t, s, &before);
        fprintf(k->out, "<tr><td>%s</td>", zt_words_subject(s));
        for (size_t i = 0; i < t.nterms; i++)
            fprintf(k->out, "<td>%s</td>", t.step[s][i] ? zt_words_step(t.step[s][i]) : "&ndash;");
        fprintf(k->out, "<td>%s: %s</td></tr>\n", zt_words_step(now), zt_words_step_meaning(now));
    }
    fputs("</table></section>\n", k->out);
}

/* One tipping point: the indicator, its colour and the rule in words. */
static void tip_row(FILE *out, const char *what, int colour, const char *rule)
{
    fprintf(out, "<tr><td>%s</td><td>", what);
    zt_page_colour(out, colour);
    fprintf(out, "%s</td><td>%s</td></tr>\n", colour == ZT__COLOUR__COLOUR_RED ? " reached" : "", rule);
}

static const Zt__Alert *open_alert(const Zt__PupilReply *p)
{
    for (size_t i = 0; i < p->n_alerts; i++)
        if (p->alerts[i]->open)
            return p->alerts[i];
    return NULL;
}

static void tipping(struct pack *k)
{
    const Zt__Indicators *in = k->p->indicators;
    char rule[400], d[ZT_WORDS_DATE_LEN], d2[ZT_WORDS_DATE_LEN], reasons[64];
    fputs("<section><h2>The zone's tipping points</h2>\n<p>The schools of the zone agreed points at which a family "
          "is offered help early. Red means the point is reached; Amber means close to it; Green means not.</p>\n"
          "<table><tr><th>Area</th><th>Where it is</th><th>The tipping point</th></tr>\n", k->out);
    snprintf(rule, sizeof rule, "Red below %ld%% of sessions attended this year (once %ld sessions have been "
             "possible); Amber below %ld%%.", k->t.att_red, k->t.min_sessions, k->t.att_amber);
    tip_row(k->out, "Attendance", in->attendance, rule);
    snprintf(rule, sizeof rule, "Red at %ld behaviour points in %ld days, or any suspension this year; Amber at %ld "
             "points.", k->t.beh_red, k->t.window, k->t.beh_amber);
    tip_row(k->out, "Behaviour", in->behaviour, rule);
    snprintf(rule, sizeof rule, "Red at %ld sessions missed through illness or appointments in %ld days, or a serious "
             "health event this year; Amber at %ld sessions, or a moderate event in %ld days.",
             k->t.health_red, k->t.window, k->t.health_amber, k->t.window);
    tip_row(k->out, "Health", in->health, rule);
    fprintf(k->out, "<tr><td>Maths</td><td>%s</td><td>Below expected when the latest maths step is Gap or "
                    "Emerging.</td></tr>\n<tr><td>English</td><td>%s</td><td>Below expected when the latest reading, "
                    "writing or English step is Gap or Emerging.</td></tr>\n</table>\n",
            in->below & BELOW_MATHS ? "below expected" : "at or above expected",
            in->below & BELOW_ENGLISH ? "below expected" : "at or above expected");
    const Zt__Alert *a = open_alert(k->p);
    if (a && a->kind == ZT__ALERT_KIND__ALERT_FAMILY_MEETING)
        fprintf(k->out, "<p><b>What this means:</b> since %s, %s and progress together have reached the point "
                        "where the zone asks the school to invite the family to a meeting, to agree what would "
                        "help.</p>\n", zt_words_date(a->raised, d), zt_reason_list(a->reasons, " and ", reasons, sizeof reasons));
    else if (a)
        fprintf(k->out, "<p><b>What this means:</b> since %s, the school has been keeping a closer eye: one step "
                        "short of the point where a family meeting is offered.</p>\n", zt_words_date(a->raised, d));
    else
        fputs("<p><b>What this means:</b> no tipping point is reached now.</p>\n", k->out);
    if (!k->p->n_alerts)
        return (void)fputs("</section>\n", k->out);
    fputs("<p>The zone's record of this child's alerts:</p><ul>\n", k->out);
    for (size_t i = 0; i < k->p->n_alerts; i++) {
        const Zt__Alert *e = k->p->alerts[i];
        fprintf(k->out, "<li>%s from %s%s%s (%s).</li>\n",
                e->kind == ZT__ALERT_KIND__ALERT_FAMILY_MEETING ? "A family meeting was called for" : "Watched closely",
                zt_words_date(e->raised, d), e->has_resolved ? " to " : ", still so",
                e->has_resolved ? zt_words_date(e->resolved, d2) : "",
                e->reasons ? zt_reason_list(e->reasons, " and ", reasons, sizeof reasons) : "progress");
    }
    fputs("</ul></section>\n", k->out);
}

static const char *stage_words(unsigned stage)
{
    static const char *const w[] = {"", "the family is still to be invited", "the family has been invited",
                                    "the meeting has been held", "support is in place", "back on track",
                                    "closed"};
    return stage < sizeof w / sizeof w[0] ? w[stage] : "";
}

static const char *plan_status(unsigned s)
{
    static const char *const w[] = {"", "planned", "under way", "completed", "stopped"};
    return s < sizeof w / sizeof w[0] ? w[s] : "";
}

static void support(struct pack *k)
{
    char d[ZT_WORDS_DATE_LEN], d2[ZT_WORDS_DATE_LEN], roles[200];
    const Zt__Alert *a = open_alert(k->p);
    fputs("<section><h2>Support in place</h2>\n", k->out);
    if (a && a->support)
        fprintf(k->out, "<p>Where things are: %s (since %s).</p>\n", stage_words(a->support->stage),
                zt_words_date(a->support->since, d));
    if (!k->s || !k->s->n_plans)
        fputs("<p>No support has been agreed yet.</p>\n", k->out);
    else {
        fputs("<table><tr><th>Support</th><th>Led by</th><th>Started</th><th>Review date</th><th>Now</th>"
              "<th>What it should achieve</th></tr>\n", k->out);
        for (size_t i = 0; i < k->s->n_plans; i++) {
            const Zt__PlanRow *pl = k->s->plans[i]->plan;
            const char *offer = zt_family_offer_name(k->zone, pl->offer);
            fputs("<tr><td>", k->out);
            text(k->out, offer ? offer : "an offer no longer on the zone's menu");
            fputs("</td><td>", k->out);
            text(k->out, pl->lead);
            fprintf(k->out, "</td><td>%s</td><td>%s</td><td>%s</td><td>", zt_words_date(pl->start, d),
                    zt_words_date(pl->review, d2), plan_status(pl->status));
            text(k->out, pl->outcome);
            fputs("</td></tr>\n", k->out);
        }
        fputs("</table>\n", k->out);
    }
    fputs("<h2>Meetings</h2>\n", k->out);
    if (!k->s || !k->s->n_meetings) {
        fputs("<p>No meeting recorded yet.</p></section>\n", k->out);
        return;
    }
    fputs("<table><tr><th>Invited</th><th>Held</th><th>Who came</th><th>What was agreed</th></tr>\n", k->out);
    for (size_t i = 0; i < k->s->n_meetings; i++) {
        const Zt__MeetingRow *m = k->s->meetings[i]->meeting;
        fprintf(k->out, "<tr><td>%s</td><td>%s</td><td>", zt_words_date(m->invited, d),
                m->has_held ? zt_words_date(m->held, d2) : "not yet");
        text(k->out, m->has_held ? zt_words_roles(m->attended, roles, sizeof roles) : "");
        fputs("</td><td>", k->out);
        text(k->out, m->actions ? m->actions : "");
        fputs("</td></tr>\n", k->out);
    }
    fputs("</table></section>\n", k->out);
}

static void write_pack(struct pack *k)
{
    long i = zt_export_find(k->roll, k->p->upn);
    char title[200];
    snprintf(title, sizeof title, "Family meeting: %s",
             i >= 0 && k->roll->pupils[i].name[0] ? k->roll->pupils[i].name : k->p->upn);
    zt_page_begin(k->out, title);
    header(k);
    attendance(k);
    behaviour(k);
    health(k);
    progress(k);
    tipping(k);
    support(k);
    zt_pack_siblings(k->out, k->p, k->roll);
    zt_page_end(k->out);
}

int zt_pack_one(struct zt_family_run *run, const char *upn, const char *path, char *err, size_t errlen)
{
    Zt__Response *pr = NULL, *sr = NULL;
    if (zt_family_pupil(run->link, upn, &pr, err, errlen) || zt_family_support(run->link, upn, &sr, err, errlen)) {
        if (pr)
            zt__response__free_unpacked(pr, NULL);
        return -1;
    }
    struct pack k = {.p = pr->pupil, .h = pr->pupil->history, .s = sr->support, .zone = &run->zone,
                     .roll = run->roll};
    load_tips(&run->zone, &k.t);
    struct zt_private_file pf;
    int rc = zt_private_begin(&pf, path, run->group, err, errlen);
    if (rc == 0) {
        k.out = pf.f;
        write_pack(&k);
        rc = zt_private_commit(&pf, err, errlen);
    }
    zt__response__free_unpacked(pr, NULL);
    zt__response__free_unpacked(sr, NULL);
    return rc;
}

int zt_pack_all_alerts(struct zt_family_run *run, const char *dir, FILE *report, size_t *written, char *err,
                       size_t errlen)
{
    Zt__AlertsQuery q = ZT__ALERTS_QUERY__INIT;
    q.has_kind = 1, q.kind = ZT__ALERT_KIND__ALERT_FAMILY_MEETING;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERTS;
    req.alerts = &q;
    Zt__Response *resp;
    *written = 0;
    if (zt_private_dir(dir, run->group, err, errlen) ||
        zt_link_call(run->link, &req, ZT__RESPONSE__BODY_ALERTS, &resp, err, errlen))
        return -1;
    size_t failed = 0;
    /* a lost link fails every pack after it: stop at the first */
    for (size_t i = 0; i < resp->alerts->n_alerts && run->link->fail == ZT_FAIL_NONE; i++) {
        char path[4096], why[512];
        const char *upn = resp->alerts->alerts[i]->upn;
        snprintf(path, sizeof path, "%s/pack-%s.html", dir, upn);
        if (zt_pack_one(run, upn, path, why, sizeof why)) {
            zt_err("no pack for %s: %s", upn, why);
            failed++;
            continue;
        }
        fprintf(report, "wrote %s\n", path);
        (*written)++;
    }
    zt__response__free_unpacked(resp, NULL);
    if (failed)
        snprintf(err, errlen, "%zu of the family_meeting alerts have no pack (said above)", failed);
    return failed ? -1 : 0;
}
