/* zonectl schools list [--json] | schools set URN --name NAME --cluster C |
 * schools import FILE: the zone's schools and their clusters (pyramids).
 * FILE is CSV with columns urn, name, cluster (zonegen's zone.csv). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_format.h"
#include "commands.h"
#include "csv.h"
#include "ctl_args.h"
#include "grow.h"

static int print_json(const Zt__SchoolsReply *r)
{
    struct zt_json w;
    zt_json_init(&w, stdout);
    zt_json_array(&w, ZT_JSON_LINES);
    for (size_t i = 0; i < r->n_schools; i++) {
        const Zt__School *s = r->schools[i];
        zt_json_object(&w, ZT_JSON_INLINE);
        zt_json_urn(&w, "urn", s->urn);
        zt_json_kstr(&w, "name", s->name);
        zt_json_kstr(&w, "cluster", s->cluster);
        zt_json_end(&w);
    }
    zt_json_end(&w);
    return zt_ctl_json_done(&w);
}

static void print_table(const Zt__SchoolsReply *r)
{
    for (size_t i = 0; i < r->n_schools; i++)
        printf("%06u  %-12s %s\n", r->schools[i]->urn, r->schools[i]->cluster, r->schools[i]->name);
}

static int call(struct zt_ctl *ctl, Zt__Request *req, int json)
{
    Zt__Response *resp;
    int rc = zt_ctl_request(ctl, req, ZT__RESPONSE__BODY_SCHOOLS, &resp);
    if (rc)
        return rc;
    if (json)
        rc = print_json(resp->schools);
    else
        print_table(resp->schools);
    zt__response__free_unpacked(resp, NULL);
    return rc;
}

/* Column i's text as a new string (empty when the row is short). */
static char *field(const struct zt_csv *c, int col)
{
    if (col < 0 || (size_t)col >= c->nfields)
        return strdup("");
    return strndup(c->fields[col].s, c->fields[col].len);
}

static int import_file(struct zt_ctl *ctl, const char *path)
{
    struct zt_csv c;
    char err[256];
    if (zt_csv_open(&c, path, path, err, sizeof err)) {
        fprintf(stderr, "zonectl: %s\n", err);
        return 1;
    }
    int cu = zt_csv_column(&c, "urn"), cn = zt_csv_column(&c, "name"), cc = zt_csv_column(&c, "cluster");
    if (cu < 0 || cn < 0 || cc < 0) {
        fprintf(stderr, "zonectl: %s: needs the columns urn, name and cluster\n", path);
        zt_csv_close(&c);
        return 1;
    }
    Zt__School *items = NULL, **list = NULL;
    size_t n = 0, cap = 0;
    int rc = 0, row;
    while ((row = zt_csv_next(&c)) != 0) {
        uint32_t urn = 0;
        char *u = row > 0 ? field(&c, cu) : NULL;
        int bad = row < 0 || !u || zt_ctl_parse_urn(u, &urn);
        free(u);
        if (bad) {
            fprintf(stderr, "zonectl: %s:%u: %s\n", path, c.line, row < 0 ? c.error : "urn is not 6 digits");
            rc = 1;
            break;
        }
        if (ZT_GROW(items, n, cap, 16)) {
            rc = 1;
            break;
        }
        zt__school__init(&items[n]);
        items[n].urn = urn;
        items[n].name = field(&c, cn);
        items[n].cluster = field(&c, cc);
        n++;
    }
    zt_csv_close(&c);
    if (rc == 0 && !(list = malloc((n ? n : 1) * sizeof *list)))
        rc = 1;
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            list[i] = &items[i];
        Zt__SchoolsSet set = ZT__SCHOOLS_SET__INIT;
        set.schools = list;
        set.n_schools = n;
        Zt__Request req = ZT__REQUEST__INIT;
        req.body_case = ZT__REQUEST__BODY_SET_SCHOOLS;
        req.set_schools = &set;
        rc = call(ctl, &req, 0);
    }
    for (size_t i = 0; i < n; i++)
        free(items[i].name), free(items[i].cluster);
    free(items);
    free(list);
    return rc;
}

static int list_schools(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "schools list [--json]\n"
                               "  The zone's schools: URN, cluster and name.\n"
                               "  --json          a JSON array instead of the table\n";
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("schools list", help, opts, 0, 0);
    int json = 0, c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0)
        json = 1;
    if (c < 0)
        return args.exit_code;
    Zt__SchoolsQuery q = ZT__SCHOOLS_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SCHOOLS;
    req.schools = &q;
    return call(ctl, &req, json);
}

static int import_schools(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "schools import FILE\n"
                               "  Sets the schools listed in FILE, a CSV file with the columns urn, name and\n"
                               "  cluster (zonegen's zone.csv). A coordinator's certificate.\n";
    struct zt_ctl_args args = ZT_CTL_ARGS("schools import", help, zt_ctl_help_only, 1, 1);
    if (zt_ctl_next(&args, argc, argv) < 0)
        return args.exit_code;
    return import_file(ctl, args.operand[0]);
}

static int set_school(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "schools set URN --name NAME --cluster CLUSTER\n"
                               "  Names one school and puts it in a cluster. A coordinator's certificate.\n"
                               "  --name NAME         the school's name\n"
                               "  --cluster CLUSTER   its cluster (pyramid)\n";
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'}, {"cluster", required_argument, NULL, 'c'}, ZT_CTL_OPT_HELP, {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("schools set", help, opts, 1, 1);
    Zt__School school = ZT__SCHOOL__INIT, *one[1] = {&school};
    int c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0) {
        if (c == 'n')
            school.name = optarg;
        else
            school.cluster = optarg;
    }
    if (c < 0)
        return args.exit_code;
    if (zt_ctl_urn_arg(&args, "URN", args.operand[0], &school.urn))
        return 2;
    if (!school.name || !school.cluster)
        return zt_ctl_usage_error(&args, "give both --name and --cluster");
    Zt__SchoolsSet set = ZT__SCHOOLS_SET__INIT;
    set.schools = one;
    set.n_schools = 1;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_SET_SCHOOLS;
    req.set_schools = &set;
    return call(ctl, &req, 0);
}

int zt_cmd_schools(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "schools list [--json] | schools set URN --name NAME --cluster CLUSTER |\n"
                               "          schools import FILE\n"
                               "  The zone's schools and their clusters (`zonectl schools SUBCOMMAND --help`).\n";
    static const struct zt_ctl_sub subs[] = {{"list", list_schools}, {"set", set_school}, {"import", import_schools}};
    return zt_ctl_subcommand(ctl, "schools", help, subs, 3, argc, argv);
}
