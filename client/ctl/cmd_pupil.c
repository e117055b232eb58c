/* zonectl pupil UPN [--json]: what the zone holds for one pupil, the
 * indicators with their colours, and the alert history. */
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "codes.h"
#include "commands.h"
#include "ctl_args.h"
#include "date.h"

static const char *colour(Zt__Colour c)
{
    return c == ZT__COLOUR__COLOUR_RED ? "red" : c == ZT__COLOUR__COLOUR_AMBER ? "amber" : "green";
}

static const char *yn(protobuf_c_boolean has, protobuf_c_boolean v)
{
    return has ? (v ? "Y" : "N") : "";
}

void zt_json_roll(struct zt_json *w, const Zt__RollEntry *r)
{
    char d[ZT_DATE_STRLEN];
    const Zt__PupilRow *p = r->pupil;
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_urn(w, "school", r->school);
    zt_json_kstr(w, "entry_date", zt_date_format(p->entry_date, d));
    if (r->has_left_date)
        zt_json_kstr(w, "left_date", zt_date_format(r->left_date, d));
    if (r->has_leaving_reason)
        zt_json_kstr(w, "leaving_reason", zt_vocab_text(&zt_vocab_leaving, (int)r->leaving_reason));
    zt_json_kstr(w, "year_group", zt_vocab_text(&zt_vocab_year, (int)p->year_group));
    zt_json_kstr(w, "gender", zt_vocab_text(&zt_vocab_gender, (int)p->gender));
    zt_json_kstr(w, "fsm", yn(p->has_fsm, p->fsm));
    zt_json_kstr(w, "ever6", yn(p->has_ever6, p->ever6));
    zt_json_kstr(w, "cic", yn(p->has_cic, p->cic));
    zt_json_kstr(w, "sen", zt_vocab_text(&zt_vocab_sen, (int)p->sen));
    zt_json_kstr(w, "eal", yn(p->has_eal, p->eal));
    zt_json_kstr(w, "ethnicity", zt_vocab_text(&zt_vocab_ethnicity, (int)p->ethnicity));
    zt_json_kstr(w, "gifted", yn(p->has_gifted, p->gifted));
    if (p->family_id) /* the subject access export: what the school sent */
        zt_json_kstr(w, "family_id", p->family_id);
    zt_json_end(w);
}

static void json_indicators(struct zt_json *w, const Zt__Indicators *in)
{
    char bl[32];
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_key(w, "attendance");
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kstr(w, "colour", colour(in->attendance));
    zt_json_kuint(w, "possible_sessions", in->possible_sessions);
    zt_json_kuint(w, "present_sessions", in->present_sessions);
    zt_json_kuint(w, "unauthorised_sessions", in->unauthorised_sessions);
    if (in->possible_sessions)
        zt_json_knum(w, "rate", (double)in->present_sessions / in->possible_sessions, 3);
    zt_json_end(w);
    zt_json_key(w, "behaviour");
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kstr(w, "colour", colour(in->behaviour));
    zt_json_kuint(w, "points_28d", in->behaviour_points_28d);
    zt_json_kuint(w, "suspensions_ytd", in->suspensions_ytd);
    zt_json_kuint(w, "permanent_exclusions_ytd", in->permanent_exclusions_ytd);
    zt_json_end(w);
    zt_json_key(w, "health");
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kstr(w, "colour", colour(in->health));
    zt_json_kuint(w, "sessions_28d", in->health_sessions_28d);
    zt_json_kuint(w, "high_events_ytd", in->high_health_events_ytd);
    zt_json_kuint(w, "medium_events_28d", in->medium_health_events_28d);
    zt_json_end(w);
    zt_json_kstr(w, "below", zt_below_list(in->below, ",", bl, sizeof bl));
    zt_json_end(w);
}

static int json_pupil(const Zt__PupilReply *p)
{
    char d[ZT_DATE_STRLEN];
    const Zt__RecordCounts *c = p->counts;
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_object(&w, ZT_JSON_LINES);
    zt_json_kstr(&w, "upn", p->upn);
    zt_json_urn(&w, "current_school", p->current_school);
    zt_json_kstr(&w, "as_of", zt_date_format(p->as_of, d));
    zt_json_key(&w, "rolls");
    zt_json_array(&w, ZT_JSON_INLINE);
    for (size_t i = 0; i < p->n_rolls; i++)
        zt_json_roll(&w, p->rolls[i]);
    zt_json_end(&w);
    zt_json_key(&w, "counts");
    zt_json_object(&w, ZT_JSON_INLINE);
    zt_json_kuint(&w, "attendance_marks", c->attendance_marks);
    zt_json_kuint(&w, "behaviour", c->behaviour);
    zt_json_kuint(&w, "assessments", c->assessments);
    zt_json_kuint(&w, "health", c->health);
    if (c->has_first_date)
        zt_json_kstr(&w, "first_date", zt_date_format(c->first_date, d));
    if (c->has_last_date)
        zt_json_kstr(&w, "last_date", zt_date_format(c->last_date, d));
    zt_json_end(&w);
    zt_json_key(&w, "indicators");
    json_indicators(&w, p->indicators);
    zt_json_key(&w, "alerts");
    zt_alerts_json_write(&w, p->alerts, p->n_alerts, NULL, NULL);
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

static void text_pupil(const Zt__PupilReply *p)
{
    char d[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN], bl[32];
    const Zt__Indicators *in = p->indicators;
    const Zt__RecordCounts *c = p->counts;
    printf("pupil %s, current school %06u, as of %s\n", p->upn, p->current_school, zt_date_format(p->as_of, d));
    for (size_t i = 0; i < p->n_rolls; i++) {
        const Zt__RollEntry *r = p->rolls[i];
        const Zt__PupilRow *w = r->pupil;
        printf("  roll %06u: entered %s%s%s, year %s, gender %s, fsm %s, ever6 %s, cic %s, sen %s, eal %s, "
               "ethnicity %s\n",
               r->school, zt_date_format(w->entry_date, d), r->has_left_date ? ", left " : "",
               r->has_left_date ? zt_date_format(r->left_date, d2) : "", zt_vocab_text(&zt_vocab_year, (int)w->year_group),
               zt_vocab_text(&zt_vocab_gender, (int)w->gender), yn(w->has_fsm, w->fsm), yn(w->has_ever6, w->ever6),
               yn(w->has_cic, w->cic), zt_vocab_text(&zt_vocab_sen, (int)w->sen), yn(w->has_eal, w->eal),
               zt_vocab_text(&zt_vocab_ethnicity, (int)w->ethnicity));
    }
    printf("  records: %u register marks, %u behaviour, %u assessments, %u health", c->attendance_marks,
           c->behaviour, c->assessments, c->health);
    if (c->has_first_date && c->has_last_date)
        printf(", from %s to %s", zt_date_format(c->first_date, d), zt_date_format(c->last_date, d2));
    printf("\n  attendance  %-5s  %u of %u possible sessions present", colour(in->attendance), in->present_sessions,
           in->possible_sessions);
    if (in->possible_sessions)
        printf(" (%.1f%%)", 100.0 * in->present_sessions / in->possible_sessions);
    printf(", %u unauthorised\n  behaviour   %-5s  %u points in 28 days, %u suspensions, %u permanent exclusions "
           "this year\n  health      %-5s  %u I/M sessions in 28 days, %u high events this year, %u medium in 28 "
           "days\n  below expected: %s\n",
           in->unauthorised_sessions, colour(in->behaviour), in->behaviour_points_28d, in->suspensions_ytd,
           in->permanent_exclusions_ytd, colour(in->health), in->health_sessions_28d, in->high_health_events_ytd,
           in->medium_health_events_28d, in->below ? zt_below_list(in->below, ", ", bl, sizeof bl) : "none");
    printf("  alerts:%s\n", p->n_alerts ? "" : " none");
    if (p->n_alerts)
        zt_alerts_table(stdout, p->alerts, p->n_alerts);
}

static const char help[] =
    "pupil UPN [--json]\n"
    "  What the zone holds for one pupil: rolls, record counts, the indicators\n"
    "  with their colours, and every alert with its support stage.\n"
    "  --json          JSON instead of text\n";

int zt_cmd_pupil(struct zt_ctl *ctl, int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("pupil", help, opts, 1, 1);
    int json = 0, c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0)
        json = 1;
    if (c < 0)
        return args.exit_code;
    const char *upn = args.operand[0];
    if (zt_ctl_upn_arg(&args, "UPN", upn))
        return 2;
    Zt__PupilQuery q = ZT__PUPIL_QUERY__INIT;
    q.upn = (char *)upn;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PUPIL;
    req.pupil = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_PUPIL, &resp);
    if (rc)
        return rc;
    if (json)
        rc = json_pupil(resp->pupil);
    else
        text_pupil(resp->pupil);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
