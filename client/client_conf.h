/* zone-agent.conf and zonectl.conf (SPEC §7): one table of the client keys
 * (client_conf.c). zonectl reads the agent's file as well as its own, so
 * both read every key; the agent alone needs export_dir and output_dir. */
#ifndef ZT_CLIENT_CONF_H
#define ZT_CLIENT_CONF_H

#include <stddef.h>

#include "conf.h"

#define ZT_CONF_AGENT_NEEDS ZT_CONF_OWN /* required by the agent, not by zonectl */

struct zt_client_config {
    char *zone, *ca, *cert, *key;
    char *export_dir, *output_dir, *state_dir; /* agent only */
    char *output_group; /* agent only: the group that may read the alert files */
    char *mapping;      /* agent only: the school's report layout (client/agent/mapping.h) */
    long timeout_ms;
    /* agent only: retry budget of one run, export snapshot, run lock */
    long retry_for_ms, settle_ms, export_wait_ms, lock_wait_ms, batch_pupils;
    /* agent only: what the export holds (SPEC §3a), and the mass-deletion guard */
    char *export_scope; /* "snapshot" or "changes" */
    long max_delete_pct;
    char *summary_help; /* agent only: "what helps at home" lines of the parents' summary */
};

extern const struct zt_conf_key zt_client_conf_keys[];
extern const size_t zt_client_conf_nkeys;

/* Loads path; agent = 1 requires export_dir and output_dir. Returns 0 or
 * -EINVAL with "FILE:LINE: reason" in err. Free with zt_client_config_free. */
int zt_client_config_load(const char *path, int agent, struct zt_client_config *c, char *err,
                          size_t errlen);
void zt_client_config_free(struct zt_client_config *c);

#endif
