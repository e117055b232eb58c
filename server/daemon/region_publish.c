#include "region_publish.h"

#include <libpq-fe.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "err.h"
#include "log.h"
#include "region_outbox.h"

#define MAX_FIELDS 17 /* zone and date, then a gap record's 15 fields */
#define STATEMENT_TIMEOUT "-c statement_timeout=30000"

enum { NOT_TRIED, WRITTEN, WAS_THERE, FAILED };

struct zt_region {
    uv_loop_t *loop;
    struct zt_store *store;
    uv_timer_t timer;
    uv_work_t work;
    char *url, *zone, *ca, *cert, *key, timeout[16];
    long retry_ms;
    int busy, stopping, timer_closed;
    /* one publish: filled on the loop, worked on by the thread */
    struct zt_region_entry *entries;
    size_t n;
    int *result;
    size_t figures;
    char error[256];
    char said[256]; /* the last failure logged: a retry that fails alike says nothing */
};

/* A record type of the outbox and the row it becomes. */
struct record_sql {
    const char *type;
    int fields; /* after the type */
    const char *sql;
};

static const struct record_sql records[] = {
    {"gap", 15,
     "INSERT INTO region.gap_figures (zone, as_of, level, scope, scope_name, cluster, grp, side, pupils,"
     " attendance_pct, persistent_absence_pct, severe_absence_pct, suspensions_per_100,"
     " permanent_exclusions_per_100, below_expected_maths_pct, below_expected_english_pct, alert_pct)"
     " VALUES ($1, $2, $3, coalesce($4, ''), coalesce($5, ''), coalesce($6, ''), $7, $8, $9, $10, $11, $12, $13,"
     " $14, $15, $16, $17)"},
    {"alerts", 3, "INSERT INTO region.alert_counts (zone, as_of, kind, stage, alerts) VALUES ($1, $2, $3, $4, $5)"},
    {"leavers", 2, "INSERT INTO region.leavers (zone, as_of, destination, pupils) VALUES ($1, $2, $3, $4)"},
    {"impact", 7,
     "INSERT INTO region.offer_impact (zone, as_of, offer, places, places_taken, pupils,"
     " attendance_before_pct, attendance_after_pct, back_on_track) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
};

int zt_region_zone_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n > 64)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '-'))
            return -1;
    }
    return 0;
}

/* The first line of libpq's message, into r->error. */
static void pq_error(struct zt_region *r, const char *what, const char *msg)
{
    snprintf(r->error, sizeof r->error, "%s: %.*s", what, (int)strcspn(msg, "\n"), msg);
}

/* Runs sql with params; 0 with *rows (tuples returned), or -1. */
static int exec(struct zt_region *r, PGconn *c, const char *sql, int n, const char *const *params,
                int *rows)
{
    PGresult *res = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        pq_error(r, "the region refused a write", PQresultErrorMessage(res));
    if (rows)
        *rows = ok ? PQntuples(res) : 0;
    PQclear(res);
    return ok ? 0 : -1;
}

/* One line of an entry, split at tabs in place; empty fields become NULL. */
static int split(char *line, const char **field, int max)
{
    int n = 0;
    for (char *p = line;; p++) {
        char *tab = strchr(p, '\t');
        if (n == max)
            return -1;
        if (tab)
            *tab = '\0';
        field[n++] = *p ? p : NULL;
        if (!tab)
            return n;
        p = tab;
    }
}

/* The entry's rows after its snapshot row, inside the transaction. */
static int write_figures(struct zt_region *r, PGconn *c, const char *zone, const char *date, char *text)
{
    const char *param[MAX_FIELDS + 1] = {zone, date};
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        const char *field[MAX_FIELDS];
        int n = split(line, field, MAX_FIELDS);
        if (n < 1 || !field[0])
            continue;
        const struct record_sql *rs = NULL;
        for (size_t i = 0; i < sizeof records / sizeof records[0]; i++)
            if (!strcmp(field[0], records[i].type))
                rs = &records[i];
        if (!rs)
            continue; /* the snapshot line, written first */
        if (n - 1 != rs->fields) {
            snprintf(r->error, sizeof r->error, "an outbox %s record has %d fields, not %d", rs->type, n - 1,
                     rs->fields);
            return -1;
        }
        memcpy(param + 2, field + 1, (size_t)rs->fields * sizeof *param);
        if (exec(r, c, rs->sql, rs->fields + 2, param, NULL))
            return -1;
        r->figures++;
    }
    return 0;
}

/* One snapshot, all or nothing: WRITTEN, WAS_THERE or FAILED. */
static int publish_one(struct zt_region *r, PGconn *c, const struct zt_region_entry *e)
{
    char date[ZT_DATE_STRLEN];
    zt_date_format(e->date, date);
    char *text = malloc(e->len + 1);
    if (!text) {
        snprintf(r->error, sizeof r->error, "out of memory");
        return FAILED;
    }
    memcpy(text, e->text, e->len);
    text[e->len] = '\0';
    char taken[32] = "0", min_group[16] = "5";
    if (sscanf(text, "snapshot\t%31[0-9]\t%15[0-9]", taken, min_group) != 2) {
        snprintf(r->error, sizeof r->error, "the outbox entry of %s has no snapshot line", date);
        free(text);
        return FAILED;
    }
    const char *snap[] = {r->zone, date, taken, min_group};
    int rows = 0, result = FAILED;
    if (exec(r, c, "BEGIN", 0, NULL, NULL) == 0 &&
        exec(r, c, "INSERT INTO region.zones (zone) VALUES ($1) ON CONFLICT DO NOTHING", 1, snap, NULL) == 0 &&
        exec(r, c,
             "INSERT INTO region.snapshots (zone, as_of, taken, min_group) VALUES ($1, $2, to_timestamp($3), $4)"
             " ON CONFLICT DO NOTHING RETURNING 1",
             4, snap, &rows) == 0 &&
        (rows == 0 || write_figures(r, c, r->zone, date, text) == 0) &&
        exec(r, c, "COMMIT", 0, NULL, NULL) == 0)
        result = rows ? WRITTEN : WAS_THERE;
    if (result == FAILED && PQstatus(c) == CONNECTION_OK)
        PQclear(PQexec(c, "ROLLBACK"));
    free(text);
    return result;
}

/* The server's notices (a shutdown's WARNING) would go to stderr from this
 * thread; what matters reaches the log through the results. */
static void quiet(void *arg, const char *message)
{
    (void)arg, (void)message;
}

static void publish_work(uv_work_t *w)
{
    struct zt_region *r = w->data;
    /* the URL first: the keys after it are zoned.conf's and win */
    const char *keys[10] = {"dbname", "connect_timeout", "application_name", "options"};
    const char *vals[10] = {r->url, r->timeout, "zoned", STATEMENT_TIMEOUT};
    int n = 4;
    if (r->ca) {
        keys[n] = "sslmode";
        vals[n++] = "verify-full";
        keys[n] = "sslrootcert";
        vals[n++] = r->ca;
    }
    if (r->cert) {
        keys[n] = "sslcert";
        vals[n++] = r->cert;
    }
    if (r->key) {
        keys[n] = "sslkey";
        vals[n++] = r->key;
    }
    keys[n] = vals[n] = NULL;
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        pq_error(r, "cannot reach the region", c ? PQerrorMessage(c) : "out of memory");
    } else {
        PQsetNoticeProcessor(c, quiet, NULL);
        for (size_t i = 0; i < r->n; i++)
            if ((r->result[i] = publish_one(r, c, &r->entries[i])) == FAILED)
                break;
    }
    PQfinish(c);
    /* libpq's TLS left OpenSSL state (its random generator) on this pool
     * thread, which lives until exit: free it with the connection */
    OPENSSL_thread_stop();
}

static void region_free(struct zt_region *r)
{
    free(r->url), free(r->zone), free(r->ca), free(r->cert), free(r->key);
    free(r);
}

static int remove_sent(struct zt_txn *txn, void *arg)
{
    const struct zt_region *r = arg;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->n; i++)
        if (r->result[i] == WRITTEN || r->result[i] == WAS_THERE)
            rc = zt_region_outbox_done(txn, r->entries[i].date);
    return rc;
}

static void publish_done(uv_work_t *w, int status)
{
    struct zt_region *r = w->data;
    (void)status;
    size_t waiting = 0;
    for (size_t i = 0; i < r->n; i++) {
        char d[ZT_DATE_STRLEN];
        zt_date_format(r->entries[i].date, d);
        if (r->result[i] == WRITTEN)
            zt_info("region: published the snapshot of %s as zone %s", d, r->zone);
        else if (r->result[i] == WAS_THERE)
            zt_info("region: the snapshot of %s was in the region already; not written again", d);
        else
            waiting++;
    }
    int rc = waiting == r->n ? 0 : zt_store_write(r->store, remove_sent, r);
    if (rc)
        zt_err("region: cannot clear the outbox (it is sent again next time): %s", zt_strerror(rc));
    if (waiting && strcmp(r->error, r->said) != 0)
        zt_warn("region: %s; %zu snapshot(s) wait in the outbox, retrying every %ld ms", r->error, waiting,
                r->retry_ms);
    snprintf(r->said, sizeof r->said, "%s", waiting ? r->error : "");
    zt_region_entries_free(r->entries, r->n);
    free(r->result);
    r->entries = NULL, r->result = NULL, r->n = 0;
    r->busy = 0;
    if (r->stopping && r->timer_closed)
        region_free(r);
}

static void on_timer(uv_timer_t *t)
{
    struct zt_region *r = t->data;
    if (r->busy || r->stopping)
        return;
    struct zt_txn *txn;
    int rc = zt_store_read_begin(r->store, &txn);
    if (rc == 0) {
        rc = zt_region_outbox_list(txn, &r->entries, &r->n);
        zt_txn_end(txn);
    }
    if (rc) {
        zt_err("region: cannot read the outbox: %s", zt_strerror(rc));
        return;
    }
    if (r->n == 0)
        return;
    if (!(r->result = calloc(r->n, sizeof *r->result))) {
        zt_region_entries_free(r->entries, r->n);
        r->entries = NULL, r->n = 0;
        return;
    }
    r->error[0] = '\0';
    r->figures = 0;
    r->work.data = r;
    if ((rc = uv_queue_work(r->loop, &r->work, publish_work, publish_done)) != 0) {
        zt_err("region: cannot start a publish: %s", uv_strerror(rc));
        zt_region_entries_free(r->entries, r->n);
        free(r->result);
        r->entries = NULL, r->result = NULL, r->n = 0;
        return;
    }
    r->busy = 1;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

int zt_region_start(uv_loop_t *loop, struct zt_store *store, const struct zt_region_conf *c,
                    struct zt_region **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!c->zone || zt_region_zone_name_ok(c->zone)) {
        snprintf(err, errlen, "region_zone: '%s' is not a zone name (1-64 letters, digits, _ . -)",
                 c->zone ? c->zone : "");
        return -1;
    }
    struct zt_region *r = calloc(1, sizeof *r);
    if (!r || !(r->url = strdup(c->url)) || !(r->zone = strdup(c->zone))) {
        if (r)
            region_free(r);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    r->ca = dup_or_null(c->ca), r->cert = dup_or_null(c->cert), r->key = dup_or_null(c->key);
    r->loop = loop;
    r->store = store;
    r->retry_ms = c->retry_ms;
    snprintf(r->timeout, sizeof r->timeout, "%ld", c->connect_timeout_s);
    uv_timer_init(loop, &r->timer);
    r->timer.data = r;
    uv_timer_start(&r->timer, on_timer, 0, (uint64_t)c->retry_ms);
    *out = r;
    return 0;
}

static void on_timer_closed(uv_handle_t *h)
{
    struct zt_region *r = h->data;
    r->timer_closed = 1;
    if (!r->busy)
        region_free(r);
}

void zt_region_stop(struct zt_region *r)
{
    if (!r || r->stopping)
        return;
    r->stopping = 1;
    uv_close((uv_handle_t *)&r->timer, on_timer_closed);
}
