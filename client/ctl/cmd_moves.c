/* zonectl moves [--json] | moves confirm UPN: the zone's dual registrations
 * (a pupil on two schools' rolls at once, SPEC §2), and the coordinator's
 * confirmation that a pupil moved to their current school, after which the
 * other schools whose rolls still list the pupil stop reading them.
 * A school's certificate lists its own dual registrations. */
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "commands.h"
#include "ctl_args.h"
#include "date.h"
#include "upn.h"

static int print_json(const Zt__MovesReply *m)
{
    char d[ZT_DATE_STRLEN];
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < m->n_registrations; i++) {
        const Zt__DualRegistration *r = m->registrations[i];
        zt_json_object(&w, ZT_JSON_INLINE);
        zt_json_kstr(&w, "upn", r->upn);
        zt_json_urn(&w, "current_school", r->current_school);
        zt_json_kstr(&w, "current_entry", zt_date_format(r->current_entry, d));
        zt_json_urn(&w, "other_school", r->other_school);
        zt_json_kstr(&w, "other_entry", zt_date_format(r->other_entry, d));
        zt_json_kbool(&w, "other_reads", r->other_reads);
        zt_json_end(&w);
    }
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

static void print_table(const Zt__MovesReply *m)
{
    char d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN];
    if (m->n_registrations == 0)
        puts("no dual registrations");
    else
        printf("%-13s  %-7s %-10s  %-7s %-10s  %s\n", "upn", "current", "entered", "also on", "entered",
               "still reads");
    for (size_t i = 0; i < m->n_registrations; i++) {
        const Zt__DualRegistration *d = m->registrations[i];
        printf("%-13s  %06u  %s  %06u  %s  %s\n", d->upn, d->current_school, zt_date_format(d->current_entry, d1),
               d->other_school, zt_date_format(d->other_entry, d2), d->other_reads ? "yes" : "no");
    }
}

static int list(struct zt_ctl *ctl, int json)
{
    Zt__MovesQuery q = ZT__MOVES_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_MOVES;
    req.moves = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_MOVES, &resp);
    if (rc)
        return rc;
    if (json)
        rc = print_json(resp->moves);
    else
        print_table(resp->moves);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}

static int confirm(struct zt_ctl *ctl, const char *upn)
{
    Zt__MoveConfirm q = ZT__MOVE_CONFIRM__INIT;
    q.upn = (char *)upn;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_MOVE_CONFIRM;
    req.move_confirm = &q;
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, &req, ZT__RESPONSE__BODY_MOVE_CONFIRM, &resp);
    if (rc)
        return rc;
    const Zt__MoveConfirmReply *c = resp->move_confirm;
    printf("confirmed the move of %s to %06u:", upn, c->current_school);
    if (!c->n_schools)
        puts(" no other school read the pupil");
    for (size_t i = 0; i < c->n_schools; i++)
        printf(" %06u", c->schools[i]);
    if (c->n_schools)
        printf(" no longer read%s the pupil\n", c->n_schools == 1 ? "s" : "");
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

int zt_cmd_moves(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] =
        "moves [--json] | moves confirm UPN\n"
        "  The dual registrations: pupils on two schools' rolls at once (the current\n"
        "  school is the latest entry; the earlier one keeps reading the pupil until\n"
        "  its roll drops them or the move is confirmed). A school lists its own.\n"
        "  `moves confirm UPN` (coordinator, audited): the pupil moved to their current\n"
        "  school; the others whose rolls still list them stop reading them.\n"
        "  --json          JSON instead of the table (the list)\n";
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("moves", help, opts, 0, 2);
    int json = 0, c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0)
        json = 1;
    if (c < 0)
        return args.exit_code;
    if (args.n_operands == 0)
        return list(ctl, json);
    if (args.n_operands != 2 || strcmp(args.operand[0], "confirm") != 0)
        return zt_ctl_usage_error(&args, "expected nothing or 'confirm UPN', got '%s'", args.operand[0]);
    if (json)
        return zt_ctl_usage_error(&args, "moves confirm takes no --json");
    if (zt_ctl_upn_arg(&args, "UPN", args.operand[1]))
        return 2;
    return confirm(ctl, args.operand[1]);
}
