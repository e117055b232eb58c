#include "pull.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alert_format.h"
#include "export.h"
#include "log.h"
#include "private_file.h"

static const char *name_of(const char *upn, const void *arg)
{
    const struct zt_export *roll = arg;
    long i = zt_export_find(roll, upn);
    return i >= 0 && roll->pupils[i].name[0] ? roll->pupils[i].name : NULL;
}

enum { AS_JSON, AS_CSV, FORMATS };
static const char *const file_names[FORMATS] = {"alerts.json", "alerts.csv"};

/* Each list is written next to its final name, then renamed: staff never
 * open a half-written list. Both are written before either is synced, so
 * one journal commit carries both (the second fsync finds little to do). */
static int write_files(const char *dir, gid_t group, Zt__AlertsReply *r, const struct zt_export *roll,
                       char *err, size_t errlen)
{
    char path[FORMATS][4096], tmp[FORMATS][4200];
    FILE *f[FORMATS] = {NULL};
    int rc = 0;
    for (int i = 0; rc == 0 && i < FORMATS; i++) {
        snprintf(path[i], sizeof path[i], "%s/%s", dir, file_names[i]);
        snprintf(tmp[i], sizeof tmp[i], "%s.tmp", path[i]);
        if (!(f[i] = zt_private_open(tmp[i], group))) {
            snprintf(err, errlen, "%s: %s", tmp[i], strerror(errno));
            rc = -1;
        } else if (i == AS_JSON && zt_alerts_json(f[i], r->alerts, r->n_alerts, name_of, roll) != 0) {
            snprintf(err, errlen, "%s: %s", path[i], ferror(f[i]) ? strerror(errno) : "out of memory");
            rc = -1;
        } else if (i == AS_CSV) {
            zt_alerts_csv(f[i], r->alerts, r->n_alerts, name_of, roll);
        }
        if (rc == 0 && f[i] && (ferror(f[i]) || fflush(f[i]) != 0)) {
            snprintf(err, errlen, "%s: %s", path[i], strerror(errno));
            rc = -1;
        }
    }
    for (int i = 0; rc == 0 && i < FORMATS; i++)
        if (fsync(fileno(f[i])) != 0) {
            snprintf(err, errlen, "%s: %s", path[i], strerror(errno));
            rc = -1;
        }
    for (int i = 0; i < FORMATS; i++)
        if (f[i] && fclose(f[i]) != 0 && rc == 0) {
            snprintf(err, errlen, "%s: %s", path[i], strerror(errno));
            rc = -1;
        }
    for (int i = 0; rc == 0 && i < FORMATS; i++)
        if (rename(tmp[i], path[i]) != 0) {
            snprintf(err, errlen, "%s: %s", path[i], strerror(errno));
            rc = -1;
        }
    for (int i = 0; rc && i < FORMATS; i++)
        if (f[i])
            unlink(tmp[i]);
    return rc;
}

/* The roll alone, from export_dir; without a readable one the alerts still
 * go out, only without names. */
static void read_roll(const struct zt_client_config *c, struct zt_export *roll)
{
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull || zt_export_read_roll(roll, c->export_dir, devnull)) {
        zt_warn("%s/pupils.csv unreadable: alerts are written without names", c->export_dir);
        zt_export_free(roll);
        memset(roll, 0, sizeof *roll);
    }
    if (devnull)
        fclose(devnull);
}

int zt_pull_alerts(struct zt_link *l, const struct zt_client_config *c, gid_t group,
                   const struct zt_export *roll, size_t *count, char *err, size_t errlen)
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
    int rc = write_files(c->output_dir, group, resp->alerts, roll, err, errlen);
    zt_export_free(&own);
    *count = resp->alerts->n_alerts;
    zt__response__free_unpacked(resp, NULL);
    return rc;
}
