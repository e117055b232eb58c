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

#include "alert_format.h"
#include "codes.h"
#include "commands.h"
#include "date.h"
#include "support_codes.h"

static int usage(const char *text)
{
    fprintf(stderr, "zonectl: usage: %s\n", text);
    return 2;
}

/* --option VALUE pairs after the fixed arguments: returns VALUE or NULL.
 * Steps in pairs, as only_opts checks them, so a value is never an option. */
static const char *opt(int argc, char **argv, int from, const char *name)
{
    for (int i = from; i + 1 < argc; i += 2)
        if (!strcmp(argv[i], name))
            return argv[i + 1];
    return NULL;
}

/* Every argument from `from` is a known --option with a value. */
static int only_opts(int argc, char **argv, int from, const char *const *known)
{
    for (int i = from; i < argc; i += 2) {
        int ok = 0;
        for (const char *const *k = known; *k; k++)
            ok |= !strcmp(argv[i], *k);
        if (!ok || i + 1 >= argc) {
            fprintf(stderr, "zonectl: %s: unknown or incomplete argument '%s'\n", argv[0], argv[i]);
            return -1;
        }
    }
    return 0;
}

static int date_arg(const char *cmd, const char *name, const char *s, int32_t *out)
{
    if (s && zt_date_parse(s, strlen(s), out) == 0)
        return 0;
    fprintf(stderr, "zonectl: %s %s: '%s' is not a date (YYYY-MM-DD)\n", cmd, name, s ? s : "");
    return -1;
}

static int vocab_arg(const char *cmd, const char *name, const struct zt_vocab *v, const char *s, uint32_t *out)
{
    int code = s ? zt_vocab_parse(v, s, strlen(s)) : 0;
    if (code) {
        *out = (uint32_t)code;
        return 0;
    }
    char list[256];
    fprintf(stderr, "zonectl: %s %s: '%s' is not one of %s\n", cmd, name, s ? s : "", zt_vocab_list(v, list, sizeof list));
    return -1;
}

static int bits_arg(const char *cmd, const char *name, const struct zt_vocab *v, const char *s, uint32_t *out)
{
    const char *bad;
    size_t badlen;
    if (s && zt_vocab_bits_parse(v, s, strlen(s), out, &bad, &badlen) == 0)
        return 0;
    char list[256];
    fprintf(stderr, "zonectl: %s %s: '%.*s' is not one of %s\n", cmd, name, s ? (int)badlen : 0, s ? bad : "",
            zt_vocab_list(v, list, sizeof list));
    return -1;
}

static int uint_arg(const char *cmd, const char *name, const char *s, uint32_t *out)
{
    char *end;
    unsigned long v = s && *s >= '0' && *s <= '9' ? strtoul(s, &end, 10) : 0;
    if (s && *s >= '0' && *s <= '9' && !*end && v <= 1000000) {
        *out = (uint32_t)v;
        return 0;
    }
    fprintf(stderr, "zonectl: %s %s: '%s' is not a whole number\n", cmd, name, s ? s : "");
    return -1;
}

/* Pounds and pence, "120" or "45.50", into pence. */
static int money_arg(const char *s, uint32_t *out)
{
    unsigned long pounds = 0, pence = 0;
    int places = 0;
    const char *p = s;
    for (; p && *p >= '0' && *p <= '9' && pounds < 10000000; p++)
        pounds = pounds * 10 + (unsigned long)(*p - '0');
    if (p && *p == '.')
        for (p++; *p >= '0' && *p <= '9' && places < 2; p++, places++)
            pence = pence * 10 + (unsigned long)(*p - '0');
    if (!s || !*s || *p || pounds >= 10000000) {
        fprintf(stderr, "zonectl: menu add --cost: '%s' is not an amount like 120 or 45.50\n", s ? s : "");
        return -1;
    }
    *out = (uint32_t)(pounds * 100 + (places == 1 ? pence * 10 : pence));
    return 0;
}

/* --- menu ------------------------------------------------------------------------------ */

static void print_offers(const Zt__MenuReply *m, int json)
{
    char needs[128], d[ZT_DATE_STRLEN];
    if (json)
        fputs("[", stdout);
    else
        printf("%-4s  %-28s  %-20s  %-6s  %-32s  %6s  %9s  %s\n", "id", "name", "provider", "for", "needs", "places",
               "cost", "retired");
    for (size_t i = 0; i < m->n_offers; i++) {
        const Zt__Offer *o = m->offers[i];
        zt_vocab_bits_text(&zt_vocab_need, o->needs, json ? "\", \"" : ",", needs, sizeof needs);
        const char *whom = zt_vocab_text(&zt_vocab_for, (int)o->for_whom);
        if (!json) {
            printf("%-4u  %-28s  %-20s  %-6s  %-32s  %6u  %6u.%02u  %s\n", o->id, o->name, o->provider, whom, needs,
                   o->places, o->cost_pence / 100, o->cost_pence % 100,
                   o->has_retired ? zt_date_format(o->retired, d) : "-");
            continue;
        }
        printf("%s\n  {\"id\": %u, \"name\": ", i ? "," : "", o->id);
        zt_json_string(stdout, o->name);
        fputs(", \"provider\": ", stdout);
        zt_json_string(stdout, o->provider);
        printf(", \"for\": \"%s\", \"needs\": [\"%s\"], \"places\": %u, \"cost\": %u.%02u", whom, needs, o->places,
               o->cost_pence / 100, o->cost_pence % 100);
        if (o->has_retired)
            printf(", \"retired\": \"%s\"", zt_date_format(o->retired, d));
        fputs("}", stdout);
    }
    if (json)
        fputs(m->n_offers ? "\n]\n" : "]\n", stdout);
}

static int menu_call(struct zt_session *s, Zt__Request *req, int json)
{
    Zt__Response *resp;
    if (zt_ctl_call(s, req, ZT__RESPONSE__BODY_MENU, &resp))
        return 1;
    print_offers(resp->menu, json);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

static int menu_add(struct zt_session *s, int argc, char **argv)
{
    static const char *const known[] = {"--name", "--provider", "--for", "--needs", "--places", "--cost", NULL};
    Zt__Offer o = ZT__OFFER__INIT;
    if (only_opts(argc, argv, 2, known))
        return 2;
    o.name = (char *)opt(argc, argv, 2, "--name");
    o.provider = (char *)opt(argc, argv, 2, "--provider");
    if (!o.name || !o.provider ||
        vocab_arg("menu add", "--for", &zt_vocab_for, opt(argc, argv, 2, "--for"), &o.for_whom) ||
        bits_arg("menu add", "--needs", &zt_vocab_need, opt(argc, argv, 2, "--needs"), &o.needs) ||
        uint_arg("menu add", "--places", opt(argc, argv, 2, "--places"), &o.places) ||
        money_arg(opt(argc, argv, 2, "--cost"), &o.cost_pence))
        return usage("menu add --name TEXT --provider TEXT --for child|family|both --needs LIST --places N --cost POUNDS");
    Zt__MenuAdd q = ZT__MENU_ADD__INIT;
    q.offer = &o;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_MENU_ADD;
    req.menu_add = &q;
    return menu_call(s, &req, 0);
}

int zt_cmd_menu(struct zt_session *s, int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "add"))
        return menu_add(s, argc, argv);
    Zt__Request req = ZT__REQUEST__INIT;
    if (argc == 3 && !strcmp(argv[1], "retire")) {
        Zt__MenuRetire q = ZT__MENU_RETIRE__INIT;
        if (uint_arg("menu retire", "ID", argv[2], &q.id))
            return 2;
        req.body_case = ZT__REQUEST__BODY_MENU_RETIRE;
        req.menu_retire = &q;
        return menu_call(s, &req, 0);
    }
    if (argc >= 2 && !strcmp(argv[1], "list")) {
        Zt__MenuQuery q = ZT__MENU_QUERY__INIT;
        int json = 0;
        for (int i = 2; i < argc; i++) {
            if (!strcmp(argv[i], "--all"))
                q.has_all = q.all = 1;
            else if (!strcmp(argv[i], "--json"))
                json = 1;
            else
                return usage("menu list [--all] [--json]");
        }
        req.body_case = ZT__REQUEST__BODY_MENU;
        req.menu = &q;
        return menu_call(s, &req, json);
    }
    return usage("menu add ... | menu list [--all] [--json] | menu retire ID");
}

/* --- meetings and plans ------------------------------------------------------------------ */

/* One row sent as a SupportPush, as the agent sends files. */
static int push_one(struct zt_session *s, Zt__SupportPush *p)
{
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SUPPORT_PUSH;
    req.support_push = p;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_SUPPORT_PUSH, &resp))
        return 1;
    const Zt__SupportPushReply *r = resp->support_push;
    int code = r->n_rejected ? 1 : 0;
    if (code)
        fprintf(stderr, "zonectl: refused: %s\n", r->rejected[0]->reason);
    else
        printf("%s\n", r->stored ? "recorded" : "unchanged");
    zt__response__free_unpacked(resp, NULL);
    return code;
}

int zt_cmd_meeting(struct zt_session *s, int argc, char **argv)
{
    static const char *const known[] = {"--id", "--invited", "--held", "--attended", "--actions", NULL};
    const char *text = "meeting UPN --id ID --invited DATE [--held DATE] [--attended ROLES] [--actions TEXT]";
    if (argc < 2 || only_opts(argc, argv, 2, known))
        return usage(text);
    Zt__MeetingRow m = ZT__MEETING_ROW__INIT;
    m.upn = argv[1];
    m.meeting_id = (char *)opt(argc, argv, 2, "--id");
    m.actions = (char *)opt(argc, argv, 2, "--actions");
    const char *held = opt(argc, argv, 2, "--held"), *attended = opt(argc, argv, 2, "--attended");
    if (!m.meeting_id || date_arg("meeting", "--invited", opt(argc, argv, 2, "--invited"), &m.invited) ||
        (held && date_arg("meeting", "--held", held, &m.held)) ||
        (attended && bits_arg("meeting", "--attended", &zt_vocab_role, attended, &m.attended)))
        return usage(text);
    m.has_held = held != NULL;
    Zt__MeetingRow *rows[] = {&m};
    Zt__SupportPush p = ZT__SUPPORT_PUSH__INIT;
    p.meetings = rows, p.n_meetings = 1;
    return push_one(s, &p);
}

int zt_cmd_plan(struct zt_session *s, int argc, char **argv)
{
    static const char *const known[] = {"--id", "--offer", "--lead", "--start", "--review", "--outcome",
                                        "--status", "--meeting", NULL};
    const char *text = "plan UPN --id ID --offer N --lead TEXT --start DATE --review DATE --outcome TEXT "
                       "--status planned|active|completed|stopped [--meeting ID]";
    if (argc < 2 || only_opts(argc, argv, 2, known))
        return usage(text);
    Zt__PlanRow p = ZT__PLAN_ROW__INIT;
    p.upn = argv[1];
    p.action_id = (char *)opt(argc, argv, 2, "--id");
    p.lead = (char *)opt(argc, argv, 2, "--lead");
    p.outcome = (char *)opt(argc, argv, 2, "--outcome");
    p.meeting_id = (char *)opt(argc, argv, 2, "--meeting");
    if (!p.action_id || !p.lead || !p.outcome || uint_arg("plan", "--offer", opt(argc, argv, 2, "--offer"), &p.offer) ||
        date_arg("plan", "--start", opt(argc, argv, 2, "--start"), &p.start) ||
        date_arg("plan", "--review", opt(argc, argv, 2, "--review"), &p.review) ||
        vocab_arg("plan", "--status", &zt_vocab_plan_status, opt(argc, argv, 2, "--status"), &p.status))
        return usage(text);
    Zt__PlanRow *rows[] = {&p};
    Zt__SupportPush sp = ZT__SUPPORT_PUSH__INIT;
    sp.plans = rows, sp.n_plans = 1;
    return push_one(s, &sp);
}

/* --- one pupil's support, and closing an alert ----------------------------------------------- */

static void print_support(const Zt__SupportReply *r)
{
    char d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN], roles[160];
    printf("pupil %s\n", r->upn);
    for (size_t i = 0; i < r->n_stages; i++) {
        const Zt__StageStep *st = r->stages[i];
        printf("  alert %u  %-16s  %s%s%s\n", st->alert_seq, zt_vocab_text(&zt_vocab_stage, (int)st->stage),
               zt_date_format(st->date, d1), st->reason ? "  " : "", st->reason ? st->reason : "");
    }
    for (size_t i = 0; i < r->n_meetings; i++) {
        const Zt__MeetingRow *m = r->meetings[i]->meeting;
        printf("  meeting %s (school %06u)  invited %s  held %s  attended %s\n    actions: %s\n", m->meeting_id,
               r->meetings[i]->school, zt_date_format(m->invited, d1), m->has_held ? zt_date_format(m->held, d2) : "-",
               zt_vocab_bits_text(&zt_vocab_role, m->attended, ", ", roles, sizeof roles), m->actions ? m->actions : "");
    }
    for (size_t i = 0; i < r->n_plans; i++) {
        const Zt__PlanRow *p = r->plans[i]->plan;
        printf("  action %s (school %06u)  offer %u  %s  lead %s  start %s  review %s\n    outcome: %s\n", p->action_id,
               r->plans[i]->school, p->offer, zt_vocab_text(&zt_vocab_plan_status, (int)p->status), p->lead,
               zt_date_format(p->start, d1), zt_date_format(p->review, d2), p->outcome);
    }
}

static int support_call(struct zt_session *s, Zt__Request *req)
{
    Zt__Response *resp;
    if (zt_ctl_call(s, req, ZT__RESPONSE__BODY_SUPPORT, &resp))
        return 1;
    print_support(resp->support);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

int zt_cmd_support(struct zt_session *s, int argc, char **argv)
{
    if (argc != 2)
        return usage("support UPN");
    Zt__SupportQuery q = ZT__SUPPORT_QUERY__INIT;
    q.upn = argv[1];
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SUPPORT;
    req.support = &q;
    return support_call(s, &req);
}

int zt_cmd_alert(struct zt_session *s, int argc, char **argv)
{
    const char *reason = argc == 5 && !strcmp(argv[3], "--reason") ? argv[4] : NULL;
    if (argc != 5 || strcmp(argv[1], "close") || !reason || !reason[0])
        return usage("alert close UPN --reason TEXT");
    Zt__AlertClose q = ZT__ALERT_CLOSE__INIT;
    q.upn = argv[2];
    q.reason = (char *)reason;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERT_CLOSE;
    req.alert_close = &q;
    return support_call(s, &req);
}
