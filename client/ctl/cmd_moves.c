/* zonectl moves [--json] | moves confirm UPN: the zone's dual registrations
 * (a pupil on two schools' rolls at once, SPEC §2), and the coordinator's
 * confirmation that a pupil moved to their current school, after which the
 * other schools whose rolls still list the pupil stop reading them.
 * A school's certificate lists its own dual registrations. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "alert_format.h"
#include "commands.h"
#include "date.h"
#include "upn.h"

struct moves_args {
    int json;
    const char *confirm; /* the UPN to confirm, or NULL to list */
};

static void moves_usage(FILE *out)
{
    fputs("usage: zonectl --config FILE moves [--json]      list the dual registrations\n"
          "       zonectl --config FILE moves confirm UPN   confirm the pupil moved to their current school\n",
          out);
}

/* -1 when the arguments are good (*a filled in), else the exit code:
 * 0 after --help, 2 on a usage error (one line on stderr). */
static int parse(int argc, char **argv, struct moves_args *a)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    optind = 0; /* GNU: start over (the command may be parsed twice) */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
        if (c == 'h') {
            moves_usage(stdout);
            return 0;
        }
        if (c == 'j') {
            a->json = 1;
            continue;
        }
        fprintf(stderr, "zonectl: moves: unknown option '%s' (try moves --help)\n", argv[optind - 1]);
        return 2;
    }
    if (optind == argc)
        return -1;
    if (strcmp(argv[optind], "confirm") != 0 || optind + 2 != argc) {
        fprintf(stderr, "zonectl: moves: expected nothing or 'confirm UPN', got '%s' (try moves --help)\n",
                argv[optind]);
        return 2;
    }
    a->confirm = argv[optind + 1];
    const char *why = zt_upn_invalid(a->confirm, strlen(a->confirm));
    if (why) {
        fprintf(stderr, "zonectl: moves confirm: UPN '%.20s': %s\n", a->confirm, why);
        return 2;
    }
    return a->json ? (fputs("zonectl: moves confirm takes no --json\n", stderr), 2) : -1;
}

int zt_cmd_moves_check(int argc, char **argv)
{
    struct moves_args a;
    return parse(argc, argv, &a);
}

static void print_list(const Zt__MovesReply *m, int json)
{
    char d1[ZT_DATE_STRLEN], d2[ZT_DATE_STRLEN];
    if (!json && m->n_registrations == 0)
        puts("no dual registrations");
    else if (!json)
        printf("%-13s  %-7s %-10s  %-7s %-10s  %s\n", "upn", "current", "entered", "also on", "entered",
               "still reads");
    if (json)
        fputs("[", stdout);
    for (size_t i = 0; i < m->n_registrations; i++) {
        const Zt__DualRegistration *d = m->registrations[i];
        zt_date_format(d->current_entry, d1);
        zt_date_format(d->other_entry, d2);
        if (!json) {
            printf("%-13s  %06u  %s  %06u  %s  %s\n", d->upn, d->current_school, d1, d->other_school, d2,
                   d->other_reads ? "yes" : "no");
            continue;
        }
        printf("%s\n  {\"upn\": ", i ? "," : "");
        zt_json_string(stdout, d->upn);
        printf(", \"current_school\": \"%06u\", \"current_entry\": \"%s\", \"other_school\": \"%06u\", "
               "\"other_entry\": \"%s\", \"other_reads\": %s}",
               d->current_school, d1, d->other_school, d2, d->other_reads ? "true" : "false");
    }
    if (json)
        fputs(m->n_registrations ? "\n]\n" : "]\n", stdout);
}

static int list(struct zt_session *s, int json)
{
    Zt__MovesQuery q = ZT__MOVES_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_MOVES;
    req.moves = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_MOVES, &resp))
        return 1;
    print_list(resp->moves, json);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

static int confirm(struct zt_session *s, const char *upn)
{
    Zt__MoveConfirm q = ZT__MOVE_CONFIRM__INIT;
    q.upn = (char *)upn;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_MOVE_CONFIRM;
    req.move_confirm = &q;
    Zt__Response *resp;
    if (zt_ctl_call(s, &req, ZT__RESPONSE__BODY_MOVE_CONFIRM, &resp))
        return 1;
    const Zt__MoveConfirmReply *c = resp->move_confirm;
    printf("confirmed the move of %s to %06u:", upn, c->current_school);
    for (size_t i = 0; i < c->n_schools; i++)
        printf(" %06u", c->schools[i]);
    printf(" no longer read%s the pupil\n", c->n_schools == 1 ? "s" : "");
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

int zt_cmd_moves(struct zt_session *s, int argc, char **argv)
{
    struct moves_args a;
    int code = parse(argc, argv, &a);
    if (code >= 0)
        return code;
    return a.confirm ? confirm(s, a.confirm) : list(s, a.json);
}
