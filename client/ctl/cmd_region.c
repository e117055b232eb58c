/* zonectl region report --html FILE --region URL [--benchmarks FILE]: a
 * county officer's picture of every zone that publishes to the regional
 * PostgreSQL database (README "A county of zones"). It reads the database
 * through libpq in a read-only transaction, as a role granted
 * county_officer (deploy/region/roles.sql); it never talks to a zone, so it
 * needs no zonectl.conf. TLS settings go in the URL (sslmode, sslrootcert,
 * sslcert, sslkey) or libpq's PG* variables. */
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "ctl_args.h"
#include "region_html.h"

#define CONNECT_TIMEOUT "10"

/* The queries behind the page; region_html.c reads their columns in order. */
static const char *const q_scopes =
    "SELECT zone, as_of, level, scope_name, pupils, attendance_pct, persistent_absence_pct, severe_absence_pct,"
    " suspensions_per_100, permanent_exclusions_per_100, below_expected_maths_pct, below_expected_english_pct,"
    " alert_pct FROM region.scope_figures WHERE level IN ('zone', 'cluster')"
    " ORDER BY zone, level DESC, scope_name";
static const char *const q_schools =
    "SELECT s.zone, s.scope, s.scope_name, s.cluster, s.pupils, s.below_expected_maths_pct,"
    " s.below_expected_english_pct, d.attendance_gap, d.persistent_absence_gap, d.below_maths_gap,"
    " d.below_english_gap FROM region.scope_figures s LEFT JOIN region.gaps d"
    " ON d.zone = s.zone AND d.level = 'school' AND d.scope = s.scope AND d.grp = 'disadvantaged'"
    " WHERE s.level = 'school' ORDER BY s.zone, s.scope";
static const char *const q_gaps =
    "SELECT zone, as_of, grp, attendance_gap, persistent_absence_gap FROM region.gap_trend"
    " WHERE grp = 'disadvantaged' ORDER BY zone, as_of";
static const char *const q_alerts =
    "SELECT zone, kind, stage, alerts FROM region.alerts_latest ORDER BY kind, stage, zone";
static const char *const q_leavers =
    "SELECT zone, destination, pupils FROM region.leavers_latest ORDER BY destination, zone";
static const char *const q_impact =
    "SELECT zone, offer, places, places_taken, pupils, attendance_before_pct, attendance_after_pct, back_on_track"
    " FROM region.impact_latest ORDER BY zone, offer";

static PGresult *query(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK)
        return r;
    const char *msg = PQresultErrorMessage(r);
    fprintf(stderr, "zonectl: region report: the regional database refused a query: %.*s\n",
            (int)strcspn(msg, "\n"), msg);
    PQclear(r);
    return NULL;
}

static int fetch(PGconn *c, struct zt_region_results *r)
{
    PGresult *begin = query(c, "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!begin)
        return -1;
    PQclear(begin);
    return (r->scopes = query(c, q_scopes)) && (r->schools = query(c, q_schools)) && (r->gaps = query(c, q_gaps)) &&
                   (r->alerts = query(c, q_alerts)) && (r->leavers = query(c, q_leavers)) &&
                   (r->impact = query(c, q_impact))
               ? 0
               : -1;
}

static int report(struct zt_ctl *ctl, int argc, char **argv)
{
    (void)ctl; /* the zone is not asked: the region is */
    static const char help[] =
        "region report --html FILE --region URL [--benchmarks FILE]\n"
        "  The county picture from the regional database: zones and clusters side by\n"
        "  side, RAG against national, the disadvantaged gap by zone, priority schools,\n"
        "  alerts, leavers and impact per zone. Read only; no zone is contacted.\n"
        "  --html FILE        where to write the page\n"
        "  --region URL       the regional database, postgresql://officer@host/region?sslmode=verify-full...\n"
        "  --benchmarks FILE  national figures for the RAG (deploy/national-benchmarks.conf)\n";
    static const struct option opts[] = {{"html", required_argument, NULL, 'H'},
                                         {"region", required_argument, NULL, 'r'},
                                         {"benchmarks", required_argument, NULL, 'b'},
                                         ZT_CTL_OPT_HELP,
                                         {0}};
    struct zt_ctl_args args = ZT_CTL_ARGS("region report", help, opts, 0, 0);
    const char *html = NULL, *url = NULL;
    struct zt_benchmarks bench;
    zt_benchmarks_default(&bench);
    int c;
    while ((c = zt_ctl_next(&args, argc, argv)) > 0) {
        if (c == 'H') {
            html = optarg;
        } else if (c == 'r') {
            url = optarg;
        } else if (c == 'b') {
            char err[512];
            if (zt_benchmarks_load(optarg, &bench, err, sizeof err)) {
                fprintf(stderr, "zonectl: %s\n", err);
                return 2;
            }
        }
    }
    if (c < 0)
        return args.exit_code;
    if (!html)
        return zt_ctl_usage_error(&args, "give --html FILE");
    if (!url)
        return zt_ctl_usage_error(&args, "give --region URL (the regional database)");
    const char *keys[] = {"dbname", "connect_timeout", "application_name", "options", NULL};
    const char *vals[] = {url, CONNECT_TIMEOUT, "zonectl region report", "-c default_transaction_read_only=on", NULL};
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        const char *msg = conn ? PQerrorMessage(conn) : "out of memory";
        fprintf(stderr, "zonectl: region report: cannot reach the regional database: %.*s\n",
                (int)strcspn(msg, "\n"), msg);
        PQfinish(conn);
        return 1;
    }
    struct zt_region_results r = {0};
    int rc = fetch(conn, &r) ? 1 : 0;
    PQfinish(conn);
    if (rc == 0) {
        FILE *out = fopen(html, "w");
        if (out) {
            zt_region_html(out, &r, &bench);
            if (fclose(out))
                out = NULL;
        }
        if (!out) {
            fprintf(stderr, "zonectl: region report: cannot write %s: %s\n", html, strerror(errno));
            rc = 1;
        }
    }
    PQclear(r.scopes), PQclear(r.schools), PQclear(r.gaps);
    PQclear(r.alerts), PQclear(r.leavers), PQclear(r.impact);
    return rc;
}

int zt_cmd_region(struct zt_ctl *ctl, int argc, char **argv)
{
    static const char help[] = "region report --html FILE --region URL [--benchmarks FILE]\n"
                               "  The county's roll-up of its zones, read from the regional PostgreSQL database.\n";
    static const struct zt_ctl_sub subs[] = {{"report", report}};
    return zt_ctl_subcommand(ctl, "region", help, subs, 1, argc, argv);
}
