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

static void print_schools(const Zt__SchoolsReply *r, int json)
{
    if (json)
        fputs("[", stdout);
    for (size_t i = 0; i < r->n_schools; i++) {
        const Zt__School *s = r->schools[i];
        if (!json) {
            printf("%06u  %-12s %s\n", s->urn, s->cluster, s->name);
            continue;
        }
        printf("%s\n  {\"urn\": \"%06u\", \"name\": ", i ? "," : "", s->urn);
        zt_json_string(stdout, s->name);
        fputs(", \"cluster\": ", stdout);
        zt_json_string(stdout, s->cluster);
        fputs("}", stdout);
    }
    if (json)
        fputs(r->n_schools ? "\n]\n" : "]\n", stdout);
}

static int call(struct zt_session *s, Zt__Request *req, int json)
{
    Zt__Response *resp;
    if (zt_ctl_call(s, req, ZT__RESPONSE__BODY_SCHOOLS, &resp))
        return 1;
    print_schools(resp->schools, json);
    zt__response__free_unpacked(resp, NULL);
    return 0;
}

/* Column i's text as a new string (empty when the row is short). */
static char *field(const struct zt_csv *c, int col)
{
    if (col < 0 || (size_t)col >= c->nfields)
        return strdup("");
    return strndup(c->fields[col].s, c->fields[col].len);
}

static int import_file(struct zt_session *s, const char *path)
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
    size_t n = 0;
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
        Zt__School *grown = realloc(items, (n + 1) * sizeof *items);
        if (!grown) {
            rc = 1;
            break;
        }
        items = grown;
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
        rc = call(s, &req, 0);
    }
    for (size_t i = 0; i < n; i++)
        free(items[i].name), free(items[i].cluster);
    free(items);
    free(list);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "zonectl: usage: schools list [--json] | schools set URN --name NAME --cluster CLUSTER |"
                    " schools import FILE\n");
    return 2;
}

int zt_cmd_schools(struct zt_session *s, int argc, char **argv)
{
    Zt__Request req = ZT__REQUEST__INIT;
    if (argc >= 2 && !strcmp(argv[1], "list")) {
        int json = argc == 3 && !strcmp(argv[2], "--json");
        if (argc > 3 || (argc == 3 && !json))
            return usage();
        Zt__SchoolsQuery q = ZT__SCHOOLS_QUERY__INIT;
        req.body_case = ZT__REQUEST__BODY_SCHOOLS;
        req.schools = &q;
        return call(s, &req, json);
    }
    if (argc == 3 && !strcmp(argv[1], "import"))
        return import_file(s, argv[2]);
    if (argc < 3 || strcmp(argv[1], "set"))
        return usage();
    Zt__School school = ZT__SCHOOL__INIT, *list[1] = {&school};
    if (zt_ctl_parse_urn(argv[2], &school.urn)) {
        fprintf(stderr, "zonectl: schools set: '%s' is not a 6-digit URN\n", argv[2]);
        return 2;
    }
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--name") && i + 1 < argc)
            school.name = argv[++i];
        else if (!strcmp(argv[i], "--cluster") && i + 1 < argc)
            school.cluster = argv[++i];
        else
            return usage();
    }
    if (!school.name || !school.cluster) {
        fprintf(stderr, "zonectl: schools set: give both --name and --cluster\n");
        return 2;
    }
    Zt__SchoolsSet set = ZT__SCHOOLS_SET__INIT;
    set.schools = list;
    set.n_schools = 1;
    req.body_case = ZT__REQUEST__BODY_SET_SCHOOLS;
    req.set_schools = &set;
    return call(s, &req, 0);
}
