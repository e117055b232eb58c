/* zonectl impact [--json]: per offer, pupils supported and their figures in
 * the six weeks before and after their support started; demand per offer
 * and school; needs of tipped pupils no offer addresses (issue #6). */
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "commands.h"
#include "ctl_args.h"
#include "date.h"
#include "support_codes.h"

static void rate(char *buf, size_t size, uint32_t present, uint32_t possible, int json)
{
    if (possible)
        snprintf(buf, size, json ? "%.3f" : "%.1f%%", json ? (double)present / possible : 100.0 * present / possible);
    else
        snprintf(buf, size, json ? "null" : "-");
}

static void print_json(const Zt__ImpactReply *r)
{
    char d[ZT_DATE_STRLEN], b[16], a[16], need[32];
    printf("{\"as_of\": \"%s\", \"offers\": [", zt_date_format(r->as_of, d));
    for (size_t i = 0; i < r->n_offers; i++) {
        const Zt__OfferImpact *o = r->offers[i];
        rate(b, sizeof b, o->present_before, o->possible_before, 1);
        rate(a, sizeof a, o->present_after, o->possible_after, 1);
        printf("%s\n  {\"id\": %u, \"name\": ", i ? "," : "", o->offer->id);
        zt_json_string(stdout, o->offer->name);
        printf(", \"places\": %u, \"in_use\": %u, \"over_capacity\": %s, \"pupils\": %u, "
               "\"attendance_before\": %s, \"attendance_after\": %s, \"behaviour_points_before\": %u, "
               "\"behaviour_points_after\": %u, \"steps_up\": %u, \"steps_down\": %u, \"back_on_track\": %u, "
               "\"back_on_track_pct\": ",
               o->offer->places, o->in_use, o->in_use > o->offer->places ? "true" : "false", o->pupils, b, a,
               o->behaviour_before, o->behaviour_after, o->steps_up, o->steps_down, o->back_on_track);
        if (o->pupils)
            printf("%.1f}", 100.0 * o->back_on_track / o->pupils);
        else
            fputs("null}", stdout);
    }
    fputs("],\n \"demand\": [", stdout);
    for (size_t i = 0; i < r->n_demand; i++)
        printf("%s{\"offer\": %u, \"school\": \"%06u\", \"actions\": %u, \"pupils\": %u}", i ? ", " : "",
               r->demand[i]->offer, r->demand[i]->school, r->demand[i]->actions, r->demand[i]->pupils);
    fputs("],\n \"needs\": [", stdout);
    for (size_t i = 0; i < r->n_needs; i++)
        printf("%s{\"need\": \"%s\", \"tipped_pupils\": %u, \"offers\": %u}", i ? ", " : "",
               zt_vocab_bits_text(&zt_vocab_need, r->needs[i]->need, "", need, sizeof need), r->needs[i]->pupils,
               r->needs[i]->offers);
    printf("],\n \"unmet_pupils\": %u}\n", r->unmet_pupils);
}

static void print_table(const Zt__ImpactReply *r)
{
    char d[ZT_DATE_STRLEN], b[16], a[16], need[32];
    printf("impact as of %s\n%-4s  %-28s  %6s  %6s  %6s  %9s  %9s  %7s  %7s  %5s  %5s  %s\n", zt_date_format(r->as_of, d),
           "id", "offer", "places", "in use", "pupils", "att.bef", "att.aft", "beh.bef", "beh.aft", "up", "down",
           "back on track");
    for (size_t i = 0; i < r->n_offers; i++) {
        const Zt__OfferImpact *o = r->offers[i];
        rate(b, sizeof b, o->present_before, o->possible_before, 0);
        rate(a, sizeof a, o->present_after, o->possible_after, 0);
        printf("%-4u  %-28s  %6u  %6u  %6u  %9s  %9s  %7u  %7u  %5u  %5u  %u%s\n", o->offer->id, o->offer->name,
               o->offer->places, o->in_use, o->pupils, b, a, o->behaviour_before, o->behaviour_after, o->steps_up,
               o->steps_down, o->back_on_track, o->in_use > o->offer->places ? "  OVER CAPACITY" : "");
    }
    puts("demand (offer, school, actions, pupils)");
    for (size_t i = 0; i < r->n_demand; i++)
        printf("  %-4u  %06u  %4u  %4u\n", r->demand[i]->offer, r->demand[i]->school, r->demand[i]->actions,
               r->demand[i]->pupils);
    puts("needs of tipped pupils (need, pupils, offers addressing it)");
    for (size_t i = 0; i < r->n_needs; i++)
        printf("  %-11s  %4u  %4u%s\n", zt_vocab_bits_text(&zt_vocab_need, r->needs[i]->need, "", need, sizeof need),
               r->needs[i]->pupils, r->needs[i]->offers,
               r->needs[i]->pupils && !r->needs[i]->offers ? "  UNMET: no offer on the menu" : "");
    printf("tipped pupils with a need no offer addresses: %u\n", r->unmet_pupils);
}

int zt_cmd_impact(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "impact [--json]\n"
        "  Per offer: the pupils supported and their figures in the six weeks before and\n"
        "  after their support started; demand per offer and school; the needs of tipped\n"
        "  pupils that no offer addresses. A coordinator's certificate.\n"
        "  --json          JSON instead of the tables\n";
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("impact", help, opts, 0, 0);
    int json = 0, c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0)
        json = 1;
    if (c < 0)
        return args.exit_code;
    Zt__ImpactQuery q = ZT__IMPACT_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_IMPACT;
    req.impact = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_IMPACT, &resp);
    if (rc)
        return rc;
    if (json)
        print_json(resp->impact);
    else
        print_table(resp->impact);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}
