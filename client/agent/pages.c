#include "pages.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "private_file.h"
#include "pack.h"
#include "summary.h"

static int pack(struct zt_family_run *run, const struct zt_agent_args *a, const struct zt_client_config *c)
{
    char dir[4096], path[4200], err[600];
    size_t n;
    snprintf(dir, sizeof dir, "%s/packs", c->output_dir);
    if (a->all_alerts) {
        int rc = zt_pack_all_alerts(run, dir, stdout, &n, err, sizeof err);
        if (rc)
            zt_err("pack failed: %s", err);
        printf("packs %zu, written to %s\n", n, dir);
        return rc ? 1 : 0;
    }
    if (!a->out && zt_private_dir(dir, run->group, err, sizeof err)) {
        zt_err("pack failed: %s", err);
        return 1;
    }
    snprintf(path, sizeof path, "%s/pack-%s.html", dir, a->upn);
    if (zt_pack_one(run, a->upn, a->out ? a->out : path, err, sizeof err)) {
        zt_err("pack failed: %s", err);
        return 1;
    }
    printf("wrote %s\n", a->out ? a->out : path);
    return 0;
}

static int summary(struct zt_family_run *run, const struct zt_agent_args *a, const struct zt_client_config *c,
                   const char *conf)
{
    char dir[4096], err[600];
    size_t n;
    if (!c->summary_help) {
        zt_err("%s: summary needs summary_help = FILE (the \"what helps at home\" lines; summary-help.conf "
               "is shipped with the defaults)", conf);
        return 1;
    }
    if (a->out)
        snprintf(dir, sizeof dir, "%s", a->out);
    else
        snprintf(dir, sizeof dir, "%s/summaries", c->output_dir);
    int rc = zt_summary_write(run, a->year_group, dir, c->summary_help, stdout, &n, err, sizeof err);
    if (rc)
        zt_err("summary failed: %s", err);
    printf("summaries %zu, written to %s\n", n, dir);
    return rc ? 1 : 0;
}

int zt_pages_run(const struct zt_agent_args *a, const struct zt_client_config *c, gid_t group)
{
    char err[600];
    struct zt_export roll = {0};
    if (zt_export_read_roll_quietly(&roll, c->export_dir)) {
        zt_err("%s/pupils.csv unreadable: the pages need the school's roll for names", c->export_dir);
        zt_export_free(&roll);
        return 1;
    }
    struct zt_link l;
    struct zt_family_run run = {.link = &l, .roll = &roll, .group = group};
    int code = 1;
    if (zt_link_open(&l, c, err, sizeof err)) {
        zt_err("cannot reach the zone at %s (%s): %s", c->zone, zt_conn_fail_name(l.fail), err);
    } else {
        if (zt_family_zone_fetch(&l, &run.zone, err, sizeof err))
            zt_err("%s failed: %s", a->command, err);
        else
            code = !strcmp(a->command, "pack") ? pack(&run, a, c) : summary(&run, a, c, a->config);
        zt_family_zone_free(&run.zone);
        zt_link_close(&l);
    }
    zt_export_free(&roll);
    return code;
}
