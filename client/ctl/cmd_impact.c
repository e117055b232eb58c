/* zonectl impact [--json]: per offer, pupils supported and their figures in
 * the six weeks before and after their support started; demand per offer
 * and school; needs of tipped pupils no offer addresses (issue #6). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "commands.h"
#include "ctl_args.h"
#include "date.h"
#include "support_codes.h"

static void rate(char *buf, size_t size, uint32_t present, uint32_t possible)
{
    if (possible)
        snprintf(buf, size, "%.1f%%", 100.0 * present / possible);
    else
        snprintf(buf, size, "-");
}

static double ratio(uint32_t part, uint32_t whole)
{
    return whole ? (double)part / whole : NAN;
}

static void json_offer(struct zt_json *w, const Zt__OfferImpact *o)
{
    zt_json_object(w, ZT_JSON_INLINE);
    zt_json_kuint(w, "id", o->offer->id);
    zt_json_kstr(w, "name", o->offer->name);
    zt_json_kuint(w, "places", o->offer->places);
    zt_json_kuint(w, "in_use", o->in_use);
    zt_json_kbool(w, "over_capacity", o->in_use > o->offer->places);
    zt_json_kuint(w, "pupils", o->pupils);
    zt_json_knum(w, "attendance_before", ratio(o->present_before, o->possible_before), 3);
    zt_json_knum(w, "attendance_after", ratio(o->present_after, o->possible_after), 3);
    zt_json_kuint(w, "behaviour_points_before", o->behaviour_before);
    zt_json_kuint(w, "behaviour_points_after", o->behaviour_after);
    zt_json_kuint(w, "steps_up", o->steps_up);
    zt_json_kuint(w, "steps_down", o->steps_down);
    zt_json_kuint(w, "back_on_track", o->back_on_track);
    zt_json_knum(w, "back_on_track_pct", o->pupils ? 100.0 * o->back_on_track / o->pupils : NAN, 1);
    zt_json_end(w);
}

static int print_json(const Zt__ImpactReply *r)
{
    char d[ZT_DATE_STRLEN], need[32];
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_object(&w, ZT_JSON_LINES);
    zt_json_kstr(&w, "as_of", zt_date_format(r->as_of, d));
    zt_json_key(&w, "offers");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_offers; i++)
        json_offer(&w, r->offers[i]);
    zt_json_end(&w);
    zt_json_key(&w, "demand");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_demand; i++) {
        zt_json_object(&w, ZT_JSON_INLINE);
        zt_json_kuint(&w, "offer", r->demand[i]->offer);
        zt_json_urn(&w, "school", r->demand[i]->school);
        zt_json_kuint(&w, "actions", r->demand[i]->actions);
        zt_json_kuint(&w, "pupils", r->demand[i]->pupils);
        zt_json_end(&w);
    }
    zt_json_end(&w);
    zt_json_key(&w, "needs");
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_needs; i++) {
        zt_json_object(&w, ZT_JSON_INLINE);
        zt_json_kstr(&w, "need", zt_vocab_bits_text(&zt_vocab_need, r->needs[i]->need, "", need, sizeof need));
        zt_json_kuint(&w, "tipped_pupils", r->needs[i]->pupils);
        zt_json_kuint(&w, "offers", r->needs[i]->offers);
        zt_json_end(&w);
    }
    zt_json_end(&w);
    zt_json_kuint(&w, "unmet_pupils", r->unmet_pupils);
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

static void print_table(const Zt__ImpactReply *r)
{
    char d[ZT_DATE_STRLEN], b[16], a[16], need[32];
    printf("impact as of %s\n%-4s  %-28s  %6s  %6s  %6s  %9s  %9s  %7s  %7s  %5s  %5s  %s\n", zt_date_format(r->as_of, d),
           "id", "offer", "places", "in use", "pupils", "att.bef", "att.aft", "beh.bef", "beh.aft", "up", "down",
           "back on track");
    for (size_t i = 0; i < r->n_offers; i++) {
        const Zt__OfferImpact *o = r->offers[i];
        rate(b, sizeof b, o->present_before, o->possible_before);
        rate(a, sizeof a, o->present_after, o->possible_after);
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
        rc = print_json(resp->impact);
    else
        print_table(resp->impact);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
