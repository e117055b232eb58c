#include "pull.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alert_format.h"
#include "export.h"

static const char *name_of(const char *upn, const void *arg)
{
    const struct zt_export *roll = arg;
    long i = zt_export_find(roll, upn);
    return i >= 0 && roll->pupils[i].name[0] ? roll->pupils[i].name : NULL;
}

enum { AS_JSON, AS_CSV };

/* Writes the file next to its final name, then renames: staff never open a
 * half-written list. */
static int write_file(const char *dir, const char *name, int format, Zt__AlertsReply *r,
                      const struct zt_export *roll, char *err, size_t errlen)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        return -1;
    }
    if (format == AS_JSON)
        zt_alerts_json(f, r->alerts, r->n_alerts, name_of, roll);
    else
        zt_alerts_csv(f, r->alerts, r->n_alerts, name_of, roll);
    int bad = ferror(f) | (fflush(f) != 0) | (fsync(fileno(f)) != 0);
    if ((fclose(f) != 0) | bad || rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* The roll alone, from export_dir; without a readable one the alerts still
 * go out, only without names. */
static void read_roll(const struct zt_client_config *c, struct zt_export *roll)
{
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull || zt_export_read_roll(roll, c->export_dir, devnull)) {
        fprintf(stderr, "zone-agent: %s/pupils.csv unreadable: alerts are written without names\n",
                c->export_dir);
        zt_export_free(roll);
        memset(roll, 0, sizeof *roll);
    }
    if (devnull)
        fclose(devnull);
}

int zt_pull_alerts(struct zt_link *l, const struct zt_client_config *c, const struct zt_export *roll,
                   size_t *count, char *err, size_t errlen)
{
    Zt__AlertsQuery q = ZT__ALERTS_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERTS;
    req.alerts = &q;
    Zt__Response *resp;
    if (zt_link_call(l, &req, ZT__RESPONSE__BODY_ALERTS, &resp, err, errlen))
        return -1;
    struct zt_export own = {0};
    if (!roll) {
        read_roll(c, &own);
        roll = &own;
    }
    int rc = write_file(c->output_dir, "alerts.json", AS_JSON, resp->alerts, roll, err, errlen);
    if (rc == 0)
        rc = write_file(c->output_dir, "alerts.csv", AS_CSV, resp->alerts, roll, err, errlen);
    zt_export_free(&own);
    *count = resp->alerts->n_alerts;
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
