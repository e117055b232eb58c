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

void zt_json_roll(FILE *out, const Zt__RollEntry *r)
{
    char d[ZT_DATE_STRLEN];
    const Zt__PupilRow *w = r->pupil;
    fprintf(out, "{\"school\": \"%06u\", \"entry_date\": \"%s\"", r->school, zt_date_format(w->entry_date, d));
    if (r->has_left_date)
        fprintf(out, ", \"left_date\": \"%s\"", zt_date_format(r->left_date, d));
    if (r->has_leaving_reason)
        fprintf(out, ", \"leaving_reason\": \"%s\"", zt_vocab_text(&zt_vocab_leaving, (int)r->leaving_reason));
    fprintf(out,
            ", \"year_group\": \"%s\", \"gender\": \"%s\", \"fsm\": \"%s\", \"ever6\": \"%s\", \"cic\": \"%s\", "
            "\"sen\": \"%s\", \"eal\": \"%s\", \"ethnicity\": \"%s\", \"gifted\": \"%s\"",
            zt_vocab_text(&zt_vocab_year, (int)w->year_group), zt_vocab_text(&zt_vocab_gender, (int)w->gender),
            yn(w->has_fsm, w->fsm), yn(w->has_ever6, w->ever6), yn(w->has_cic, w->cic),
            zt_vocab_text(&zt_vocab_sen, (int)w->sen), yn(w->has_eal, w->eal),
            zt_vocab_text(&zt_vocab_ethnicity, (int)w->ethnicity), yn(w->has_gifted, w->gifted));
    if (w->family_id) { /* the subject access export: what the school sent */
        fputs(", \"family_id\": ", out);
        zt_json_string(out, w->family_id);
    }
    fputc('}', out);
}

static void json_pupil(const Zt__PupilReply *p)
{
    char d[ZT_DATE_STRLEN], bl[32];
    const Zt__Indicators *in = p->indicators;
    const Zt__RecordCounts *c = p->counts;
    printf("{\"upn\": \"%s\", \"current_school\": \"%06u\", \"as_of\": \"%s\",\n", p->upn, p->current_school,
           zt_date_format(p->as_of, d));
    printf(" \"rolls\": [");
    for (size_t i = 0; i < p->n_rolls; i++) {
        fputs(i ? ", " : "", stdout);
        zt_json_roll(stdout, p->rolls[i]);
    }
    printf("],\n \"counts\": {\"attendance_marks\": %u, \"behaviour\": %u, \"assessments\": %u, \"health\": %u",
           c->attendance_marks, c->behaviour, c->assessments, c->health);
    if (c->has_first_date)
        printf(", \"first_date\": \"%s\"", zt_date_format(c->first_date, d));
    if (c->has_last_date)
        printf(", \"last_date\": \"%s\"", zt_date_format(c->last_date, d));
    printf("},\n \"indicators\": {\"attendance\": {\"colour\": \"%s\", \"possible_sessions\": %u, "
           "\"present_sessions\": %u, \"unauthorised_sessions\": %u",
           colour(in->attendance), in->possible_sessions, in->present_sessions, in->unauthorised_sessions);
    if (in->possible_sessions)
        printf(", \"rate\": %.3f", (double)in->present_sessions / in->possible_sessions);
    printf("}, \"behaviour\": {\"colour\": \"%s\", \"points_28d\": %u, \"suspensions_ytd\": %u, "
           "\"permanent_exclusions_ytd\": %u}, \"health\": {\"colour\": \"%s\", \"sessions_28d\": %u, "
           "\"high_events_ytd\": %u, \"medium_events_28d\": %u}, \"below\": \"%s\"},\n \"alerts\": ",
           colour(in->behaviour), in->behaviour_points_28d, in->suspensions_ytd, in->permanent_exclusions_ytd,
           colour(in->health), in->health_sessions_28d, in->high_health_events_ytd, in->medium_health_events_28d,
           zt_below_list(in->below, ",", bl, sizeof bl));
    zt_alerts_json(stdout, p->alerts, p->n_alerts, NULL, NULL);
    printf("}\n");
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
        json_pupil(resp->pupil);
    else
        text_pupil(resp->pupil);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}
