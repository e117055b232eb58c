/* Pulling the zone's open alerts for the school's pupils into the files
 * staff open: alerts.json and alerts.csv in output_dir, names joined in from
 * pupils.csv locally. */
#ifndef ZT_PULL_H
#define ZT_PULL_H

#include <stddef.h>
#include <sys/types.h>

#include "export.h"
#include "link.h"
#include "session.h"

/* Returns 0 and the number of alerts written in *count, or -1 with err.
 * The files are mode 0600, or 0640 to group unless it is (gid_t)-1.
 * roll is the export a sync has just pushed, whose pupils.csv gives the
 * names; NULL (a plain pull) reads pupils.csv from export_dir. */
int zt_pull_alerts(struct zt_link *l, const struct zt_client_config *c, gid_t group,
                   const struct zt_export *roll, size_t *count, char *err, size_t errlen);

#endif
