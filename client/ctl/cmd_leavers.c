/* zonectl leavers [--json]: who left each school this academic year, per
 * term, by where they went (another zone school, elective home education,
 * elsewhere, not known), and every pupil who left for home education while
 * an alert was open: a safeguarding signal to follow up (issue #15). */
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "codes.h"
#include "commands.h"
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

static void print_json(const Zt__LeaversReply *r)
{
    char from[ZT_DATE_STRLEN], to[ZT_DATE_STRLEN], left[ZT_DATE_STRLEN];
    printf("{\"from\": \"%s\", \"to\": \"%s\", \"schools\": [", zt_date_format(r->from, from),
           zt_date_format(r->to, to));
    for (size_t i = 0; i < r->n_schools; i++) {
        printf("%s\n  {\"school\": \"%06u\"", i ? "," : "", r->schools[i]->urn);
        for (int t = 1; t <= TERMS; t++) {
            printf(", \"%s\": {", zt_vocab_text(&zt_vocab_term, t));
            for (int d = 1; d <= DESTS; d++)
                printf("%s\"%s\": %u", d > 1 ? ", " : "", zt_vocab_text(&zt_vocab_destination, d),
                       count(r->schools[i], t, d));
            putchar('}');
        }
        putchar('}');
    }
    fputs("],\n \"home_education_with_alert\": [", stdout);
    for (size_t i = 0; i < r->n_concerns; i++) {
        const Zt__HomeEducationConcern *c = r->concerns[i];
        printf("%s\n  {\"upn\": ", i ? "," : "");
        zt_json_string(stdout, c->upn);
        printf(", \"school\": \"%06u\", \"left\": \"%s\", \"alert\": \"%s\"}", c->school,
               zt_date_format(c->left, left), alert_kind(c->alert_kind));
    }
    puts("]}");
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

int zt_cmd_leavers(struct zt_session *s, int argc, char **argv)
{
    int json = argc == 2 && !strcmp(argv[1], "--json");
    if (argc > 2 || (argc == 2 && !json)) {
        fprintf(stderr, "zonectl: usage: leavers [--json]\n");
        return 2;
    }
    Zt__LeaversQuery q = ZT__LEAVERS_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_LEAVERS;
    req.leavers = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_LEAVERS, &resp))
        return 1;
    if (json)
        print_json(resp->leavers);
    else
        print_table(resp->leavers);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}
