/* zonectl's support commands (issue #6):
 *   menu add --name T --provider T --for child|family|both --needs LIST --places N --cost POUNDS
 *   menu list [--all] [--json] | menu retire ID
 *   meeting UPN --id ID --invited DATE [--held DATE] [--attended LIST] [--actions TEXT]
 *   plan UPN --id ID --offer N --lead T --start DATE --review DATE --outcome T --status S [--meeting ID]
 *   support UPN                 meetings, plans and stage history of one pupil
 *   alert close UPN --reason TEXT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "commands.h"
#include "ctl_args.h"
#include "date.h"
#include "family_id.h"
#include "support_codes.h"
#include "support_view.h"

/* A required option's value, or NULL after naming it (the caller exits 2). */
static const char *needed(const struct zt_ctl_args *a, const char *name, const char *v)
{
    if (!v)
        zt_ctl_usage_error(a, "give %s", name);
    return v;
}

static int date_arg(const struct zt_ctl_args *a, const char *name, const char *s, int32_t *out)
{
    return !needed(a, name, s) || zt_ctl_date_arg(a, name, s, out) ? -1 : 0;
}

static int vocab_arg(const struct zt_ctl_args *a, const char *name, const struct zt_vocab *v, const char *s,
                     uint32_t *out)
{
    if (!needed(a, name, s))
        return -1;
    int code = zt_vocab_parse(v, s, strlen(s));
    if (code) {
        *out = (uint32_t)code;
        return 0;
    }
    char list[256];
    zt_ctl_usage_error(a, "%s: '%s' is not one of %s", name, s, zt_vocab_list(v, list, sizeof list));
    return -1;
}

static int bits_arg(const struct zt_ctl_args *a, const char *name, const struct zt_vocab *v, const char *s,
                    uint32_t *out)
{
    const char *bad;
    size_t badlen;
    if (!needed(a, name, s))
        return -1;
    if (zt_vocab_bits_parse(v, s, strlen(s), out, &bad, &badlen) == 0)
        return 0;
    char list[256];
    zt_ctl_usage_error(a, "%s: '%.*s' is not one of %s", name, (int)badlen, bad, zt_vocab_list(v, list, sizeof list));
    return -1;
}

static int uint_arg(const struct zt_ctl_args *a, const char *name, const char *s, uint32_t *out)
{
    if (!needed(a, name, s))
        return -1;
    char *end;
    unsigned long v = *s >= '0' && *s <= '9' ? strtoul(s, &end, 10) : 0;
    if (*s >= '0' && *s <= '9' && !*end && v <= 1000000) {
        *out = (uint32_t)v;
        return 0;
    }
    zt_ctl_usage_error(a, "%s: '%s' is not a whole number", name, s);
    return -1;
}

/* Pounds and pence, "120" or "45.50", into pence. */
static int money_arg(const struct zt_ctl_args *a, const char *s, uint32_t *out)
{
    unsigned long pounds = 0, pence = 0;
    int places = 0;
    if (!needed(a, "--cost", s))
        return -1;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && pounds < 10000000; p++)
        pounds = pounds * 10 + (unsigned long)(*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9' && places < 2; p++, places++)
            pence = pence * 10 + (unsigned long)(*p - '0');
    if (!*s || *p || pounds >= 10000000) {
        zt_ctl_usage_error(a, "--cost: '%s' is not an amount like 120 or 45.50", s);
        return -1;
    }
    *out = (uint32_t)(pounds * 100 + (places == 1 ? pence * 10 : pence));
    return 0;
}

/* --- menu ------------------------------------------------------------------------------ */

static int offers_json(const Zt__MenuReply *m)
{
    char d[ZT_DATE_STRLEN];
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < m->n_offers; i++) {
        const Zt__Offer *o = m->offers[i];
        zt_json_object(&w, ZT_JSON_INLINE);
        zt_json_kuint(&w, "id", o->id);
        zt_json_kstr(&w, "name", o->name);
        zt_json_kstr(&w, "provider", o->provider);
        zt_json_kstr(&w, "for", zt_vocab_text(&zt_vocab_for, (int)o->for_whom));
        zt_json_key(&w, "needs");
        zt_json_bits(&w, o->needs, zt_vocab_need.words + 1, zt_vocab_need.count);
        zt_json_kuint(&w, "places", o->places);
        zt_json_knum(&w, "cost", o->cost_pence / 100.0, 2);
        if (o->has_retired)
            zt_json_kstr(&w, "retired", zt_date_format(o->retired, d));
        zt_json_end(&w);
    }
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

static void offers_table(const Zt__MenuReply *m)
{
    char needs[128], d[ZT_DATE_STRLEN];
    printf("%-4s  %-28s  %-20s  %-6s  %-32s  %6s  %9s  %s\n", "id", "name", "provider", "for", "needs", "places",
           "cost", "retired");
    for (size_t i = 0; i < m->n_offers; i++) {
        const Zt__Offer *o = m->offers[i];
        printf("%-4u  %-28s  %-20s  %-6s  %-32s  %6u  %6u.%02u  %s\n", o->id, o->name, o->provider,
               zt_vocab_text(&zt_vocab_for, (int)o->for_whom),
               zt_vocab_bits_text(&zt_vocab_need, o->needs, ",", needs, sizeof needs), o->places,
               o->cost_pence / 100, o->cost_pence % 100, o->has_retired ? zt_date_format(o->retired, d) : "-");
    }
}

static int menu_call(struct zt_ctl *ctl, Zt__Request *req, int json)
{
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, req, ZT__RESPONSE__BODY_MENU, &resp);
    if (rc)
        return rc;
    if (json)
        rc = offers_json(resp->menu);
    else
        offers_table(resp->menu);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}

static int menu_add(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "menu add --name TEXT --provider TEXT --for child|family|both --needs LIST --places N --cost POUNDS\n"
        "  Adds an offer to the zone's menu of support. A coordinator's certificate.\n"
        "  --name TEXT         what the offer is called\n"
        "  --provider TEXT     who provides it\n"
        "  --for WHOM          child, family or both\n"
        "  --needs LIST        the needs it addresses, comma-separated: attendance,\n"
        "                      behaviour, health, maths, english, wellbeing\n"
        "  --places N          how many pupils it can take at once\n"
        "  --cost POUNDS       its cost per pupil, like 120 or 45.50\n";
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},   {"provider", required_argument, NULL, 'p'},
        {"for", required_argument, NULL, 'f'},    {"needs", required_argument, NULL, 'N'},
        {"places", required_argument, NULL, 'P'}, {"cost", required_argument, NULL, 'c'},
        ZT_CTL_OPT_HELP,                          {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("menu add", help, opts, 0, 0);
    const char *whom = NULL, *needs = NULL, *places = NULL, *cost = NULL;
    Zt__Offer o = ZT__OFFER__INIT;
    int c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0) {
        if (c == 'n')
            o.name = optarg;
        else if (c == 'p')
            o.provider = optarg;
        else if (c == 'f')
            whom = optarg;
        else if (c == 'N')
            needs = optarg;
        else if (c == 'P')
            places = optarg;
        else
            cost = optarg;
    }
    if (c < 0)
        return args.exit_code;
    if (!needed(&args, "--name", o.name) || !needed(&args, "--provider", o.provider) ||
        vocab_arg(&args, "--for", &zt_vocab_for, whom, &o.for_whom) ||
        bits_arg(&args, "--needs", &zt_vocab_need, needs, &o.needs) || uint_arg(&args, "--places", places, &o.places) ||
        money_arg(&args, cost, &o.cost_pence))
        return 2;
    Zt__MenuAdd q = ZT__MENU_ADD__INIT;
    q.offer = &o;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_MENU_ADD;
    req.menu_add = &q;
    return menu_call(ctl, &req, 0);
}

static int menu_list(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "menu list [--all] [--json]\n"
                               "  The offers on the zone's menu of support.\n"
                               "  --all           retired offers too\n"
                               "  --json          a JSON array instead of the table\n";
    static const struct option opts[] = {
        {"all", no_argument, NULL, 'a'}, {"json", no_argument, NULL, 'j'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("menu list", help, opts, 0, 0);
    Zt__MenuQuery q = ZT__MENU_QUERY__INIT;
    int json = 0, c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0) {
        if (c == 'a')
            q.has_all = q.all = 1;
        else
            json = 1;
    }
    if (c < 0)
        return args.exit_code;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_MENU;
    req.menu = &q;
    return menu_call(ctl, &req, json);
}

static int menu_retire(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "menu retire ID\n"
                               "  Retires an offer: kept for the plans that name it, offered no more.\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("menu retire", help, zt_ctl_help_only, 1, 1);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    Zt__MenuRetire q = ZT__MENU_RETIRE__INIT;
    if (uint_arg(&args, "ID", args.operand[0], &q.id))
        return 2;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_MENU_RETIRE;
    req.menu_retire = &q;
    return menu_call(ctl, &req, 0);
}

int zt_cmd_menu(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "menu add ... | menu list [--all] [--json] | menu retire ID\n"
                               "  The zone's menu of support offers (`zonectl menu SUBCOMMAND --help`).\n";
    static const struct zt_ctl_sub subs[] = {{"add", menu_add}, {"list", menu_list}, {"retire", menu_retire}};
    return zt_ctl_subcommand(ctl, "menu", help, subs, 3, argc, argv);
}

/* --- meetings and plans ------------------------------------------------------------------ */

/* One row sent as a SupportPush, as the agent sends files. */
static int push_one(struct zt_ctl *ctl, Zt__SupportPush *p)
{
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SUPPORT_PUSH;
    req.support_push = p;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_SUPPORT_PUSH, &resp);
    if (rc)
        return rc;
    const Zt__SupportPushReply *r = resp->support_push;
    int code = r->n_rejected ? 1 : 0;
    if (code)
        fprintf(stderr, "zonectl: refused: %s\n", r->rejected[0]->reason);
    else
        printf("%s\n", r->stored ? "recorded" : "unchanged");
    zt__response__free_unpacked(resp, NULL);
    return code;
}

int zt_cmd_meeting(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "meeting UPN --id ID --invited DATE [--held DATE] [--attended ROLES] [--actions TEXT] [--covers UPNS]\n"
        "  Records a family meeting for one of the school's pupils (a school's\n"
        "  certificate; the agent sends meetings.csv the same way).\n"
        "  --id ID             the school's id for the meeting\n"
        "  --invited DATE      when the family was invited (YYYY-MM-DD)\n"
        "  --held DATE         when it was held\n"
        "  --attended ROLES    who came, comma-separated: parent, carer, social_worker,\n"
        "                      school_nurse, early_help_worker, teacher, senco, pupil, other\n"
        "  --actions TEXT      what was agreed\n"
        "  --covers UPNS       the family's other children the meeting also served,\n"
        "                      separated by spaces or '|' (siblings at any zone school)\n";
    static const struct option opts[] = {
        {"id", required_argument, NULL, 'i'},       {"invited", required_argument, NULL, 'v'},
        {"held", required_argument, NULL, 'd'},     {"attended", required_argument, NULL, 'a'},
        {"actions", required_argument, NULL, 'x'},  {"covers", required_argument, NULL, 'c'},
        ZT_CTL_OPT_HELP,                            {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("meeting", help, opts, 1, 1);
    Zt__MeetingRow m = ZT__MEETING_ROW__INIT;
    const char *invited = NULL, *held = NULL, *attended = NULL;
    char *covers = NULL;
    int c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0) {
        if (c == 'c')
            covers = optarg;
        else if (c == 'i')
            m.meeting_id = optarg;
        else if (c == 'v')
            invited = optarg;
        else if (c == 'd')
            held = optarg;
        else if (c == 'a')
            attended = optarg;
        else
            m.actions = optarg;
    }
    if (c < 0)
        return args.exit_code;
    m.upn = args.operand[0];
    if (zt_ctl_upn_arg(&args, "UPN", m.upn) || !needed(&args, "--id", m.meeting_id) ||
        date_arg(&args, "--invited", invited, &m.invited) || (held && date_arg(&args, "--held", held, &m.held)) ||
        (attended && bits_arg(&args, "--attended", &zt_vocab_role, attended, &m.attended)))
        return 2;
    m.has_held = held != NULL;
    struct zt_span span[ZT_COVERS_MAX];
    char *list[ZT_COVERS_MAX], why[160];
    int n = covers ? zt_covers_split(covers, strlen(covers), span, why, sizeof why) : 0;
    if (n < 0)
        return zt_ctl_usage_error(&args, "--covers: %s", why);
    for (int i = 0; i < n; i++) { /* cut the list in place at its separators */
        list[i] = covers + span[i].start;
        list[i][span[i].len] = '\0';
    }
    m.covers = list, m.n_covers = (size_t)n;
    Zt__MeetingRow *rows[] = {&m};
    Zt__SupportPush p = ZT__SUPPORT_PUSH__INIT;
    p.meetings = rows, p.n_meetings = 1;
    return push_one(ctl, &p);
}

int zt_cmd_plan(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "plan UPN --id ID --offer N --lead TEXT --start DATE --review DATE --outcome TEXT\n"
        "          --status planned|active|completed|stopped [--meeting ID]\n"
        "  Records a support plan action for one of the school's pupils (a school's\n"
        "  certificate; the agent sends plans.csv the same way).\n"
        "  --id ID             the school's id for the action\n"
        "  --offer N           the offer on the zone's menu (`zonectl menu list`)\n"
        "  --lead TEXT         who leads it\n"
        "  --start DATE        when it starts (YYYY-MM-DD)\n"
        "  --review DATE       when it is reviewed\n"
        "  --outcome TEXT      the outcome it aims for\n"
        "  --status STATUS     planned, active, completed or stopped\n"
        "  --meeting ID        the family meeting that agreed it\n";
    static const struct option opts[] = {
        {"id", required_argument, NULL, 'i'},      {"offer", required_argument, NULL, 'o'},
        {"lead", required_argument, NULL, 'l'},    {"start", required_argument, NULL, 's'},
        {"review", required_argument, NULL, 'r'},  {"outcome", required_argument, NULL, 'O'},
        {"status", required_argument, NULL, 'S'},  {"meeting", required_argument, NULL, 'm'},
        ZT_CTL_OPT_HELP,                           {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("plan", help, opts, 1, 1);
    Zt__PlanRow p = ZT__PLAN_ROW__INIT;
    const char *offer = NULL, *start = NULL, *review = NULL, *status = NULL;
    int c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0) {
        if (c == 'i')
            p.action_id = optarg;
        else if (c == 'o')
            offer = optarg;
        else if (c == 'l')
            p.lead = optarg;
        else if (c == 's')
            start = optarg;
        else if (c == 'r')
            review = optarg;
        else if (c == 'O')
            p.outcome = optarg;
        else if (c == 'S')
            status = optarg;
        else
            p.meeting_id = optarg;
    }
    if (c < 0)
        return args.exit_code;
    p.upn = args.operand[0];
    if (zt_ctl_upn_arg(&args, "UPN", p.upn) || !needed(&args, "--id", p.action_id) ||
        uint_arg(&args, "--offer", offer, &p.offer) || !needed(&args, "--lead", p.lead) ||
        date_arg(&args, "--start", start, &p.start) || date_arg(&args, "--review", review, &p.review) ||
        !needed(&args, "--outcome", p.outcome) ||
        vocab_arg(&args, "--status", &zt_vocab_plan_status, status, &p.status))
        return 2;
    Zt__PlanRow *rows[] = {&p};
    Zt__SupportPush sp = ZT__SUPPORT_PUSH__INIT;
    sp.plans = rows, sp.n_plans = 1;
    return push_one(ctl, &sp);
}

/* --- one pupil's support, and closing an alert ----------------------------------------------- */

static void print_support(const Zt__SupportReply *r)
{
    printf("pupil %s\n", r->upn);
    zt_text_stages(r->stages, r->n_stages);
    for (size_t i = 0; i < r->n_meetings; i++)
        zt_text_meeting(r->meetings[i], NULL);
    zt_text_plans(r->plans, r->n_plans);
}

static int support_call(struct zt_ctl *ctl, Zt__Request *req)
{
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, req, ZT__RESPONSE__BODY_SUPPORT, &resp);
    if (rc)
        return rc;
    print_support(resp->support);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

int zt_cmd_support(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "support UPN\n"
                               "  One pupil's family meetings, plan actions and alert stage history.\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("support", help, zt_ctl_help_only, 1, 1);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    if (zt_ctl_upn_arg(&args, "UPN", args.operand[0]))
        return 2;
    Zt__SupportQuery q = ZT__SUPPORT_QUERY__INIT;
    q.upn = args.operand[0];
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SUPPORT;
    req.support = &q;
    return support_call(ctl, &req);
}

static int alert_close(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "alert close UPN --reason TEXT\n"
        "  Closes a pupil's open family_meeting alert by hand (a coordinator's\n"
        "  certificate), with the reason kept in its stage history and the audit log.\n"
        "  --reason TEXT       why (1-120 characters)\n";
    static const struct option opts[] = {ZT_CTL_OPT_REASON, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("alert close", help, opts, 1, 1);
    Zt__AlertClose q = ZT__ALERT_CLOSE__INIT;
    if (zt_ctl_upn_reason(&args, argc, argv, &q.upn, &q.reason))
        return args.exit_code;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERT_CLOSE;
    req.alert_close = &q;
    return support_call(ctl, &req);
}

int zt_cmd_alert(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "alert close UPN --reason TEXT\n"
                               "  Closes a family_meeting alert (`zonectl alert close --help`).\n";
    static const struct zt_ctl_sub subs[] = {{"close", alert_close}};
    return zt_ctl_subcommand(ctl, "alert", help, subs, 1, argc, argv);
}
