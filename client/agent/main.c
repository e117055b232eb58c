/* zone-agent: the school's sync client, run from a timer.
 *   push  - reads the MIS export folder and sends what it holds
 *   pull  - writes the zone's alerts for the school's pupils
 *   sync  - push, then pull */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "log.h"
#include "sock.h"
#include "pull.h"
#include "push.h"
#include "session.h"
#include "support_send.h"

static int usage(FILE *out, int code)
{
    fprintf(out, "usage: zone-agent push|pull|sync --config FILE\n"
                 "  push  send the school's MIS export (export_dir) to the zone\n"
                 "  pull  write the zone's open alerts for the school's pupils to output_dir\n"
                 "        as alerts.json and alerts.csv, names joined in from pupils.csv\n"
                 "  sync  push, then pull\n");
    return code;
}

static int do_push(struct zt_session *s, const struct zt_client_config *c)
{
    struct zt_export e;
    char err[512];
    if (zt_export_read(&e, c->export_dir, stdout)) {
        zt_export_free(&e);
        return 1;
    }
    struct zt_push_totals t;
    int rc = zt_push_export(s, &e, stdout, &t, err, sizeof err);
    if (rc)
        fprintf(stderr, "zone-agent: push failed (%s): %s\n", zt_conn_fail_name(s->fail), err);
    else
        printf("read %u, stored %u, unchanged %u, rejected %u\n", e.read, t.stored, t.unchanged,
               e.rejected + t.rejected);
    int failed_files = e.failed_files;
    zt_export_free(&e);
    return rc || failed_files ? 1 : 0;
}

static int do_pull(struct zt_session *s, const struct zt_client_config *c)
{
    char err[512];
    size_t n;
    if (zt_pull_alerts(s, c, &n, err, sizeof err)) {
        fprintf(stderr, "zone-agent: pull failed: %s\n", err);
        return 1;
    }
    printf("alerts %zu, written to %s/alerts.json and alerts.csv\n", n, c->output_dir);
    return 0;
}

int main(int argc, char **argv)
{
    zt_log_init("zone-agent");
    zt_ignore_sigpipe();
    const char *cmd = NULL, *conf = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(stdout, 0);
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            conf = argv[++i];
        else if (!cmd && (!strcmp(argv[i], "push") || !strcmp(argv[i], "pull") || !strcmp(argv[i], "sync")))
            cmd = argv[i];
        else {
            fprintf(stderr, "zone-agent: unknown argument '%s' (try --help)\n", argv[i]);
            return 2;
        }
    }
    if (!cmd || !conf)
        return usage(stderr, 2);
    struct zt_client_config c;
    struct zt_session s;
    char err[512];
    if (zt_client_config_load(conf, 1, &c, err, sizeof err)) {
        fprintf(stderr, "zone-agent: %s\n", err);
        zt_client_config_free(&c);
        return 1;
    }
    if (zt_session_open(&s, &c, "zone-agent", err, sizeof err)) {
        fprintf(stderr, "zone-agent: cannot reach the zone at %s (%s): %s\n", c.zone,
                zt_conn_fail_name(s.fail), err);
        zt_client_config_free(&c);
        return 1;
    }
    int code = 0;
    if (strcmp(cmd, "pull") != 0)
        code = do_push(&s, &c);
    if (strcmp(cmd, "pull") != 0 && zt_support_send(&s, &c, stdout))
        code = 1;
    if (strcmp(cmd, "push") != 0 && code == 0)
        code = do_pull(&s, &c);
    zt_session_close(&s);
    zt_client_config_free(&c);
    return code;
}
