/* zoned: the zone daemon. Reads its configuration, opens the store,
 * evaluates the whole zone, then serves agents and coordinators until
 * SIGTERM/SIGINT; SIGHUP reloads the certificates and the CRL. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "backup.h"
#include "conf.h"
#include "date.h"
#include "dispatch.h"
#include "group_commit.h"
#include "err.h"
#include "kept_pupils.h"
#include "log.h"
#include "metrics.h"
#include "sock.h"
#include "net.h"
#include "region_publish.h"
#include "service.h"
#include "tls.h"
#include "zone.h"
#include "zoned_conf.h"

#define DATE_CHECK_MS 60000 /* how often to look whether the calendar moved on */

struct daemon {
    uv_loop_t loop;
    uv_signal_t sigterm, sigint, sighup;
    uv_timer_t date_timer;
    struct zt_server *server;
    struct zt_metrics *metrics;
    struct zt_region *region; /* publishes to the county's database; NULL without one */
    SSL_CTX *ctx;
    struct zt_zone zone;
    struct zt_service svc; /* the zone as served: &zone and the daemon's parts */
    struct zt_zoned_config conf;
    const char *conf_path;
    int exit_code;
    int64_t crl_warned; /* when the CRL's expiry was last looked at */
};

static void on_server_stopped(void *arg)
{
    struct daemon *d = arg;
    d->server = NULL;
    d->svc.server = NULL;
    zt_metrics_stop(d->metrics);
    d->metrics = NULL;
    zt_region_stop(d->region);
    d->region = NULL;
    zt_held_close(&d->svc);
    zt_backups_close(d->svc.backups);
    d->svc.backups = NULL;
    uv_close((uv_handle_t *)&d->sigterm, NULL);
    uv_close((uv_handle_t *)&d->sigint, NULL);
    uv_close((uv_handle_t *)&d->sighup, NULL);
    uv_close((uv_handle_t *)&d->date_timer, NULL);
}

static void on_stop_signal(uv_signal_t *h, int signum)
{
    struct daemon *d = h->data;
    if (!d->server)
        return;
    zt_info("%s: shutting down", strsignal(signum));
    zt_held_flush(&d->svc); /* a group lingering for pushes on their way */
    zt_server_stop(d->server, on_server_stopped, d);
}

/* A key SIGHUP does not apply (zoned_conf.c says which): its change waits. */
static void note_restart_key(const struct zt_conf_key *k, void *ud)
{
    (void)ud;
    zt_warn("reload: %s changed; it takes effect when zoned restarts", k->name);
}

/* An expired CRL refuses every peer, coordinators included: say so from
 * ZT_CRL_WARN_DAYS before it runs out, at start, at reload and once a day. */
static void warn_crl_expiry(struct daemon *d)
{
    int64_t when = d->svc.crl_expiry, now = (int64_t)time(NULL);
    d->crl_warned = now;
    if (!when || when - now > (int64_t)ZT_CRL_WARN_DAYS * 86400)
        return;
    char text[32];
    time_t t = (time_t)when;
    struct tm tm;
    strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", gmtime_r(&t, &tm));
    if (when <= now)
        zt_warn("WARNING: CRL %s expired on %s: every client, coordinators included, is refused "
                "until it is re-signed (zonectl pki crl --dir DIR) and zoned reloaded (SIGHUP)",
                d->conf.crl, text);
    else
        zt_warn("WARNING: CRL %s expires on %s, in %lld hour(s): then every client, coordinators "
                "included, will be refused; re-sign it (zonectl pki crl --dir DIR) and reload "
                "zoned (SIGHUP)",
                d->conf.crl, text, (long long)((when - now) / 3600));
}

/* Revocation on and off, in the words an operator needs. */
static void note_crl(struct daemon *d, int had_crl)
{
    if (!d->conf.crl && had_crl)
        zt_warn("reload: WARNING: %s names no crl any more: revocation is now OFF, and revoked "
                "certificates are accepted again",
                d->conf_path);
    else if (!d->conf.crl)
        zt_warn("%s names no crl: revocation is OFF, revoked certificates are accepted",
                d->conf_path);
    d->svc.crl_expiry = zt_tls_crl_expiry(d->ctx);
    warn_crl_expiry(d);
}

/* SIGHUP: the configuration is read again into a new struct and checked;
 * the keys flagged ZT_CONF_RELOAD (the certificates and the CRL) take
 * effect: they serve new connections from now on, and open connections the
 * new CRL revokes are closed. Every other key keeps its running value, and
 * a change to one is logged. A bad file keeps everything as it was. */
static void on_reload_signal(uv_signal_t *h, int signum)
{
    (void)signum;
    struct daemon *d = h->data;
    struct zt_zoned_config next = {0};
    char err[512];
    SSL_CTX *ctx = NULL;
    if (zt_zoned_config_load(d->conf_path, &next, err, sizeof err) == 0)
        ctx = zt_tls_server_ctx(next.ca, next.cert, next.key, next.crl, err, sizeof err);
    if (!ctx) {
        zt_err("reload failed, keeping the running configuration: %s", err);
        zt_zoned_config_free(&next);
        return;
    }
    unsigned revoked = zt_server_set_ctx(d->server, ctx);
    SSL_CTX_free(d->ctx);
    d->ctx = ctx;
    int had_crl = d->conf.crl != NULL;
    zt_conf_reload(zt_zoned_conf_keys, zt_zoned_conf_nkeys, &d->conf, &next, note_restart_key, NULL);
    zt_zoned_config_free(&next);
    if (d->conf.crl)
        zt_info("reloaded %s: certificates and CRL; %u open connection(s) revoked and closed",
                d->conf_path, revoked);
    else
        zt_info("reloaded %s: certificates; no revocation list", d->conf_path);
    note_crl(d, had_crl);
}

static void on_date_timer(uv_timer_t *t)
{
    struct daemon *d = t->data;
    if ((int64_t)time(NULL) - d->crl_warned >= 86400)
        warn_crl_expiry(d);
    if (zt_zone_as_of(&d->zone) != d->zone.evaluated)
        zt_zone_reevaluate(&d->zone);
}

static int start_serving(struct daemon *d, char *err, size_t errlen)
{
    struct zt_zoned_config *c = &d->conf;
    struct zt_net_limits limits = {
        .max_connections = (unsigned)c->max_connections,
        .handshake_ms = (unsigned)c->handshake_ms,
        .idle_ms = (unsigned)c->idle_ms,
        .max_frame = (size_t)c->max_frame,
        .max_pending_write = (size_t)c->max_pending,
        .unread_ms = (unsigned)c->unread_ms,
        .max_unauth_per_addr = (unsigned)c->max_unauth,
        .frames_per_turn = (unsigned)c->frames_per_turn,
    };
    note_crl(d, 0);
    int rc = zt_held_init(&d->loop, &d->svc, (unsigned)c->linger_ms, zt_dispatch_answer_held);
    if (rc) {
        snprintf(err, errlen, "cannot set up the group commit: %s", uv_strerror(rc));
        return -1;
    }
    struct zt_net_handlers h = zt_dispatch_handlers_template;
    h.ud = &d->svc;
    if (zt_server_start(&d->loop, c->listen, d->ctx, &limits, &h, &d->server, err, errlen)) {
        zt_held_close(&d->svc);
        uv_run(&d->loop, UV_RUN_DEFAULT); /* lets the handle close */
        return -1;
    }
    d->svc.server = d->server;
    const struct zt_metrics_limits mlim = {(unsigned)c->metrics_max_connections,
                                           (unsigned)c->metrics_timeout_ms};
    if (c->metrics_listen && c->metrics_listen[0] &&
        zt_metrics_start(&d->loop, c->metrics_listen, &d->svc, &mlim, &d->metrics, err, errlen)) {
        zt_server_stop(d->server, NULL, NULL);
        d->server = d->svc.server = NULL;
        zt_held_close(&d->svc);
        uv_run(&d->loop, UV_RUN_DEFAULT);
        return -1;
    }
    if (c->region && c->region[0]) {
        struct zt_region_conf rc = {c->region, c->region_zone, c->region_ca, c->region_cert, c->region_key,
                                    c->region_retry_ms, c->region_connect_timeout};
        char why[256];
        if (zt_region_start(&d->loop, d->zone.store, &rc, &d->region, why, sizeof why)) {
            snprintf(err, errlen, "%s: %s", d->conf_path, why);
            zt_metrics_stop(d->metrics);
            zt_server_stop(d->server, NULL, NULL);
            d->server = d->svc.server = NULL;
            zt_held_close(&d->svc);
            uv_run(&d->loop, UV_RUN_DEFAULT);
            return -1;
        }
    }
    uv_signal_init(&d->loop, &d->sigterm);
    uv_signal_init(&d->loop, &d->sigint);
    uv_signal_init(&d->loop, &d->sighup);
    uv_timer_init(&d->loop, &d->date_timer);
    d->sigterm.data = d->sigint.data = d->sighup.data = d->date_timer.data = d;
    uv_signal_start(&d->sigterm, on_stop_signal, SIGTERM);
    uv_signal_start(&d->sigint, on_stop_signal, SIGINT);
    uv_signal_start(&d->sighup, on_reload_signal, SIGHUP);
    uv_timer_start(&d->date_timer, on_date_timer, DATE_CHECK_MS, DATE_CHECK_MS);
    return 0;
}

static const char help[] =
    "usage: zoned --config FILE [--as-of YYYY-MM-DD [--rewind]]\n"
    "  Runs the zone daemon in the foreground, logging to stderr.\n"
    "  --config FILE   zoned.conf, its keys below\n"
    "  --as-of DATE    fixes the evaluation date (replaying history); default today\n"
    "  --rewind        serves a date before the zone's latest evaluation, read-only\n"
    "                  (without it such a date is refused: it would rewrite alert history)\n"
    "  SIGTERM/SIGINT stop it cleanly; SIGHUP reloads certificates and the CRL.\n"
    "zoned.conf keys [default]:\n";

/* getopt_long, as every ZoneTrack program reads its options: 0 to run,
 * or the exit code (0 after --help, 2 after a usage error). */
static int parse_args(int argc, char **argv, struct daemon *d)
{
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                         {"as-of", required_argument, NULL, 'a'},
                                         {"rewind", no_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    opterr = 0; /* the messages are ours, one line each */
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'h') {
            fputs(help, stdout);
            zt_conf_help(stdout, zt_zoned_conf_keys, zt_zoned_conf_nkeys);
            return -1;
        } else if (c == 'c') {
            d->conf_path = optarg;
        } else if (c == 'r') {
            d->zone.rewind = 1;
        } else if (c == 'a') {
            if (zt_date_parse(optarg, strlen(optarg), &d->zone.fixed_as_of)) {
                fprintf(stderr, "zoned: --as-of: '%s' is not a date (YYYY-MM-DD)\n", optarg);
                return 2;
            }
        } else {
            const char *arg = argv[optind - 1];
            if (c == ':')
                fprintf(stderr, "zoned: %s needs a value (try zoned --help)\n", arg);
            else if (optopt && strncmp(arg, "--", 2) != 0)
                fprintf(stderr, "zoned: unknown option '-%c' (try zoned --help)\n", optopt);
            else
                fprintf(stderr, "zoned: unknown option '%.*s' (try zoned --help)\n", (int)strcspn(arg, "="), arg);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "zoned: unexpected argument '%s' (try zoned --help)\n", argv[optind]);
        return 2;
    }
    if (!d->conf_path) {
        fprintf(stderr, "zoned: --config FILE is required (try zoned --help)\n");
        return 2;
    }
    return 0;
}

static int run(struct daemon *d)
{
    char err[512];
    if (zt_zoned_config_load(d->conf_path, &d->conf, err, sizeof err)) {
        zt_err("%s", err);
        return 1;
    }
    /* certificates first: a zoned that cannot serve leaves the store as it was */
    d->ctx = zt_tls_server_ctx(d->conf.ca, d->conf.cert, d->conf.key, d->conf.crl, err, sizeof err);
    if (!d->ctx) {
        zt_err("%s", err);
        return 1;
    }
    if (zt_store_open(d->conf.data_dir, 0, &d->zone.store, err, sizeof err)) {
        zt_err("%s", err);
        return 1;
    }
    zt_kept_pupils_watch(d->zone.store, (size_t)d->conf.kept_pupils); /* NULL: out of memory, the evaluations walk every time */
    d->svc.started = (int64_t)time(NULL);
    if (zt_zone_reevaluate(&d->zone))
        return 1;
    uv_loop_init(&d->loop);
    if (zt_backups_init(&d->loop, d->zone.store, d->conf.data_dir, &d->svc.backups) ||
        start_serving(d, err, sizeof err)) {
        zt_err("%s", d->svc.backups ? err : "out of memory");
        zt_backups_close(d->svc.backups);
        uv_loop_close(&d->loop);
        return 1;
    }
    char date[ZT_DATE_STRLEN];
    zt_info("serving the zone on %s (port %d), as of %s", d->conf.listen, zt_server_port(d->server),
            zt_date_format(zt_zone_as_of(&d->zone), date));
    uv_run(&d->loop, UV_RUN_DEFAULT);
    if (uv_loop_close(&d->loop) != 0) {
        zt_err("libuv handles left open at shutdown");
        return 1;
    }
    zt_info("stopped");
    return 0;
}

int main(int argc, char **argv)
{
    static struct daemon d;
    d.svc.zone = &d.zone;
    zt_log_init("zoned");
    zt_ignore_sigpipe();
    int code = parse_args(argc, argv, &d);
    if (code)
        return code < 0 ? 0 : code;
    code = run(&d);
    SSL_CTX_free(d.ctx);
    zt_store_close(d.zone.store);
    zt_zoned_config_free(&d.conf);
    return code;
}
