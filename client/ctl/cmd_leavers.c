/* zonectl leavers [--json]: who left each school this academic year, per
 * term, by where they went (another zone school, elective home education,
 * elsewhere, not known), and every pupil who left for home education while
 * an alert was open: a safeguarding signal to follow up (issue #15). */
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "alert_format.h"
#include "commands.h"
#include "ctl_args.h"
#include "date.h"

#define TERMS 3
#define DESTS 4

static uint32_t count(const Zt__SchoolLeavers *s, int term, int dest)
{
    size_t i = (size_t)(term - 1) * DESTS + (size_t)(dest - 1);
    return i < s->n_counts ? s->counts[i] : 0;
}

static const char *alert_kind(uint32_t k)
{
    return k == 1 ? "family_meeting" : "watch";
}

static int print_json(const Zt__LeaversReply *r)
{
    char d[ZT_DATE_STRLEN];
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_object(&w, ZT_JSON_LINES);
    zt_json_kstr(&w, "from", zt_date_format(r->from, d));
    zt_json_kstr(&w, "to", zt_date_format(r->to, d));
    zt_json_key(&w, "schools");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_schools; i++) {
        zt_json_object(&w, ZT_JSON_INLINE);
        zt_json_urn(&w, "school", r->schools[i]->urn);
        for (int t = 1; t <= TERMS; t++) {
            zt_json_key(&w, zt_vocab_text(&zt_vocab_term, t));
            zt_json_object(&w, ZT_JSON_INLINE);
            for (int dest = 1; dest <= DESTS; dest++)
                zt_json_kuint(&w, zt_vocab_text(&zt_vocab_destination, dest), count(r->schools[i], t, dest));
            zt_json_end(&w);
        }
        zt_json_end(&w);
    }
    zt_json_end(&w);
    zt_json_key(&w, "home_education_with_alert");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_concerns; i++) {
        const Zt__HomeEducationConcern *c = r->concerns[i];
        zt_json_object(&w, ZT_JSON_INLINE);
        zt_json_kstr(&w, "upn", c->upn);
        zt_json_urn(&w, "school", c->school);
        zt_json_kstr(&w, "left", zt_date_format(c->left, d));
        zt_json_kstr(&w, "alert", alert_kind(c->alert_kind));
        zt_json_end(&w);
    }
    zt_json_end(&w);
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

static void print_table(const Zt__LeaversReply *r)
{
    char from[ZT_DATE_STRLEN], to[ZT_DATE_STRLEN], left[ZT_DATE_STRLEN];
    printf("leavers from %s to %s\n%-6s  %-6s  %11s  %14s  %9s  %7s\n", zt_date_format(r->from, from),
           zt_date_format(r->to, to), "school", "term", "zone school", "home education", "elsewhere", "unknown");
    uint32_t zone[DESTS] = {0};
    for (size_t i = 0; i < r->n_schools; i++)
        for (int t = 1; t <= TERMS; t++) {
            uint32_t c[DESTS], sum = 0;
            for (int d = 1; d <= DESTS; d++) {
                c[d - 1] = count(r->schools[i], t, d);
                zone[d - 1] += c[d - 1];
                sum += c[d - 1];
            }
            if (sum)
                printf("%06u  %-6s  %11u  %14u  %9u  %7u\n", r->schools[i]->urn, zt_vocab_text(&zt_vocab_term, t),
                       c[0], c[1], c[2], c[3]);
        }
    printf("%-6s  %-6s  %11u  %14u  %9u  %7u\n", "zone", "year", zone[0], zone[1], zone[2], zone[3]);
    if (!r->n_concerns) {
        puts("no pupil left for home education while an alert was open");
        return;
    }
    printf("left for home education while an alert was open (%zu; follow each up):\n", r->n_concerns);
    for (size_t i = 0; i < r->n_concerns; i++)
        printf("  %s  school %06u  left %s  %s alert open\n", r->concerns[i]->upn, r->concerns[i]->school,
               zt_date_format(r->concerns[i]->left, left), alert_kind(r->concerns[i]->alert_kind));
}

int zt_cmd_leavers(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "leavers [--json]\n"
        "  Who left each school this academic year, per term, by where they went:\n"
        "  another zone school, elective home education, elsewhere, not known; and each\n"
        "  pupil who left for home education while an alert was open, to follow up.\n"
        "  A coordinator's certificate; audited.\n"
        "  --json          JSON instead of the tables\n";
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("leavers", help, opts, 0, 0);
    int json = 0, c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0)
        json = 1;
    if (c < 0)
        return args.exit_code;
    Zt__LeaversQuery q = ZT__LEAVERS_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_LEAVERS;
    req.leavers = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_LEAVERS, &resp);
    if (rc)
        return rc;
    if (json)
        rc = print_json(resp->leavers);
    else
        print_table(resp->leavers);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
