#include "pull.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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

/* Both lists are committed together (private_file.h): staff never open a
 * half-written list, and neither replaces the last pull's until both are
 * written whole. */
static int write_files(const char *dir, gid_t group, Zt__AlertsReply *r, const struct zt_export *roll,
                       char *err, size_t errlen)
{
    struct zt_private_file pf[FORMATS];
    int begun = 0, rc = 0;
    for (int i = 0; rc == 0 && i < FORMATS; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, file_names[i]);
        if (zt_private_begin(&pf[i], path, group, err, errlen)) {
            rc = -1;
            break;
        }
        begun++;
        if (i == AS_JSON && zt_alerts_json(pf[i].f, r->alerts, r->n_alerts, name_of, roll) != 0) {
            snprintf(err, errlen, "%s: %s", path, ferror(pf[i].f) ? strerror(errno) : "out of memory");
            rc = -1;
        } else if (i == AS_CSV) {
            zt_alerts_csv(pf[i].f, r->alerts, r->n_alerts, name_of, roll);
        }
    }
    if (rc == 0)
        return zt_private_commit_all(pf, FORMATS, err, errlen);
    for (int i = 0; i < begun; i++)
        zt_private_abort(&pf[i]);
    return rc;
}

/* The roll alone, from export_dir; without a readable one the alerts still
 * go out, only without names. */
static void read_roll(const struct zt_client_config *c, struct zt_export *roll)
{
    if (zt_export_read_roll_quietly(roll, c->export_dir)) {
        zt_warn("%s/pupils.csv unreadable: alerts are written without names", c->export_dir);
        zt_export_free(roll);
    }
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
