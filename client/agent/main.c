/* zone-agent: the school's sync client, run from a timer.
 *   push  - reads the MIS export folder and sends what changed
 *   pull  - writes the zone's alerts for the school's pupils
 *   sync  - push, then pull
 *   check - reads the export without connecting and says what it holds
 *   pack, summary - pages for families (pages.c) */
#include <grp.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "check.h"
#include "export.h"
#include "link.h"
#include "lock.h"
#include "mapping.h"
#include "log.h"
#include "pages.h"
#include "pull.h"
#include "push.h"
#include "session.h"
#include "support_send.h"
#include "snapshot.h"
#include "sock.h"
#include "state.h"
#include "state_dir.h"

/* The one line that says why a run failed, naming what failed. */
static void failed(const char *what, const struct zt_link *l, const char *err)
{
    if (l && l->fail != ZT_FAIL_NONE)
        zt_err("%s failed (%s): %s", what, zt_conn_fail_name(l->fail), err);
    else
        zt_err("%s failed: %s", what, err);
}

static int do_push(struct zt_link *l, const struct zt_client_config *c, struct zt_export *e, int allow_deletes)
{
    const struct zt_deletion_opts del = {.changes = !strcmp(c->export_scope, "changes"),
                                         .max_pct = c->max_delete_pct, .allow = allow_deletes,
                                         .dir = c->export_dir};
    struct zt_state st;
    struct zt_push_totals t;
    char err[512];
    if (zt_state_open(&st, c->state_dir, zt_link_identity(l), err, sizeof err)) {
        failed("push", NULL, err);
        return 1;
    }
    int rc = zt_push_export(l, e, &st, (uint32_t)c->batch_pupils, &del, stdout, &t, err, sizeof err);
    zt_state_close(&st);
    if (rc) {
        failed("push", l, err);
        return 1;
    }
    if (t.repaired)
        printf("the zone and the local state disagreed on %zu month(s) of records: repaired\n", t.repaired);
    if (t.left)
        printf("left the roll: %u pupil(s) no longer in pupils.csv\n", t.left);
    printf("read %u, stored %u, unchanged %u, deleted %u, rejected %u\n", e->read, t.stored, t.unchanged,
           t.deleted, e->rejected + t.rejected);
    return e->failed_files || t.withheld ? 1 : 0;
}

static int do_pull(struct zt_link *l, const struct zt_client_config *c, gid_t group,
                   const struct zt_export *roll)
{
    char err[512];
    size_t n;
    if (zt_pull_alerts(l, c, group, roll, &n, err, sizeof err)) {
        failed("pull", l, err);
        return 1;
    }
    printf("alerts %zu, written to %s/alerts.json and alerts.csv\n", n, c->output_dir);
    return 0;
}

/* state_dir defaults to .zone-agent-state beside output_dir. Returns 1
 * when it is that default, 0 when configured, -1 out of memory. */
static int default_state_dir(struct zt_client_config *c)
{
    if (c->state_dir)
        return 0;
    char *copy = strdup(c->output_dir);
    if (!copy)
        return -1;
    const char *parent = dirname(copy);
    size_t n = strlen(parent) + sizeof "/.zone-agent-state";
    c->state_dir = malloc(n);
    if (c->state_dir)
        snprintf(c->state_dir, n, "%s/.zone-agent-state", parent);
    free(copy);
    return c->state_dir ? 1 : -1;
}

/* output_group's id, or (gid_t)-1 when none is set. */
static int output_group(const struct zt_client_config *c, const char *conf, gid_t *gid)
{
    *gid = (gid_t)-1;
    if (!c->output_group)
        return 0;
    struct group *g = getgrnam(c->output_group);
    if (!g) {
        zt_err("%s: output_group '%s': no such group", conf, c->output_group);
        return -1;
    }
    *gid = g->gr_gid;
    return 0;
}

/* Reads one consistent snapshot of the export. Returns 0, or 1 (reported). */
static int read_export(const struct zt_client_config *c, struct zt_snapshot *snap, struct zt_export *e)
{
    char err[600];
    if (zt_snapshot_take(snap, c->export_dir, c->settle_ms, c->export_wait_ms, err, sizeof err)) {
        zt_err("push failed: %s", err);
        return 1;
    }
    return zt_export_read(e, c->export_dir, snap, stdout) ? 1 : 0;
}

/* pack and summary only read: no state, no lock. */
static int run_pages(const struct zt_agent_args *a, const struct zt_client_config *c)
{
    gid_t group;
    return output_group(c, a->config, &group) ? 1 : zt_pages_run(a, c, group);
}

static int run(const char *cmd, struct zt_client_config *c, const char *conf, int allow_deletes)
{
    char err[600];
    int pushing = strcmp(cmd, "pull") != 0, pulling = strcmp(cmd, "push") != 0;
    int ours = default_state_dir(c);
    gid_t group;
    if (ours < 0) {
        zt_err("out of memory");
        return 1;
    }
    if (output_group(c, conf, &group))
        return 1;
    if (zt_state_dir_prepare(c->state_dir, ours, err, sizeof err)) {
        zt_err("%s", err);
        return 1;
    }
    int lock = zt_agent_lock(c->state_dir, c->lock_wait_ms, err, sizeof err);
    if (lock < 0) {
        zt_err("%s", err);
        return 1;
    }
    struct zt_snapshot snap = {0};
    struct zt_export e = {0};
    struct zt_link l;
    int code = pushing ? read_export(c, &snap, &e) : 0;
    if (code == 0 && zt_link_open(&l, c, err, sizeof err)) {
        zt_err("cannot reach the zone at %s (%s): %s", c->zone, zt_conn_fail_name(l.fail), err);
        code = 1;
    } else if (code == 0) {
        if (pushing)
            code = do_push(&l, c, &e, allow_deletes);
        if (pushing && zt_support_send(&l, c, &e, stdout))
            code = 1;
        if (pulling && code == 0) /* a sync names pupils from the roll it pushed */
            code = do_pull(&l, c, group, pushing ? &e : NULL);
        if (l.reconnects)
            printf("the connection to the zone failed and was made again %u time(s)\n", l.reconnects);
        zt_link_close(&l);
    }
    zt_export_free(&e);
    zt_snapshot_free(&snap);
    close(lock);
    return code;
}

/* check: no state, no lock, no zone; the export read straight from the folder. */
static int check(const struct zt_client_config *c)
{
    struct zt_export e;
    int code = zt_export_read(&e, c->export_dir, NULL, stdout) ? 1 : zt_check_report(&e, c->export_dir, stdout);
    zt_export_free(&e);
    return code;
}

int main(int argc, char **argv)
{
    zt_log_init("zone-agent");
    zt_ignore_sigpipe();
    setvbuf(stdout, NULL, _IOLBF, 0); /* the report and the log lines in order, in a cron log */
    struct zt_agent_args args;
    int code = zt_agent_args(argc, argv, &args);
    if (code >= 0)
        return code;
    struct zt_client_config c;
    struct zt_mapping map = {0};
    char err[512];
    code = 1;
    if (zt_client_config_load(args.config, 1, &c, err, sizeof err) ||
        (c.mapping && zt_mapping_load(&map, c.mapping, err, sizeof err))) {
        zt_err("%s", err);
    } else {
        zt_export_set_mapping(c.mapping ? &map : NULL); /* the school's report layout, for every read */
        if (strcmp(args.command, "check") == 0)
            code = check(&c);
        else if (!strcmp(args.command, "pack") || !strcmp(args.command, "summary"))
            code = run_pages(&args, &c);
        else
            code = run(args.command, &c, args.config, args.allow_deletes);
    }
    zt_export_set_mapping(NULL);
    zt_mapping_free(&map);
    zt_client_config_free(&c);
    return code;
}
