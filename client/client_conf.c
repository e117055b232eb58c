#include "client_conf.h"

#include <stdio.h>
#include <errno.h>
#include <string.h>

#define AT(field) offsetof(struct zt_client_config, field)
#define REQUIRED ZT_CONF_REQUIRED
#define AGENT ZT_CONF_AGENT_NEEDS

/* Neither program reloads: a run reads its file once. */
const struct zt_conf_key zt_client_conf_keys[] = {
    {"zone", ZT_CONF_STR, AT(zone), "127.0.0.1:7450", 0, 0, 0, "the daemon's HOST:PORT"},
    {"ca", ZT_CONF_PATH, AT(ca), NULL, REQUIRED, 0, 0, "the zone's CA certificate"},
    {"cert", ZT_CONF_PATH, AT(cert), NULL, REQUIRED, 0, 0, "own certificate"},
    {"key", ZT_CONF_PATH, AT(key), NULL, REQUIRED, 0, 0, "own private key"},
    {"timeout_ms", ZT_CONF_INT, AT(timeout_ms), "30000", 0, 100, 3600000, "connect/answer deadline"},
    {"export_dir", ZT_CONF_PATH, AT(export_dir), NULL, AGENT, 0, 0, "agent: the MIS export folder"},
    {"output_dir", ZT_CONF_PATH, AT(output_dir), NULL, AGENT, 0, 0, "agent: where the alert files go"},
    {"state_dir", ZT_CONF_PATH, AT(state_dir), NULL, 0, 0, 0,
     "agent: what the zone acknowledged, and the run lock"},
    {"output_group", ZT_CONF_STR, AT(output_group), NULL, 0, 0, 0, "agent: the group that may read the alert files"},
    {"mapping", ZT_CONF_PATH, AT(mapping), NULL, 0, 0, 0, "agent: how to read the MIS's own reports"},
    {"retry_for_ms", ZT_CONF_INT, AT(retry_for_ms), "300000", 0, 0, 86400000,
     "agent: how long one run retries an unreachable zone"},
    {"settle_ms", ZT_CONF_INT, AT(settle_ms), "5000", 0, 0, 3600000,
     "agent: a file changed this recently is still being written"},
    {"export_wait_ms", ZT_CONF_INT, AT(export_wait_ms), "600000", 0, 0, 86400000,
     "agent: how long to wait for a complete export"},
    {"lock_wait_ms", ZT_CONF_INT, AT(lock_wait_ms), "60000", 0, 0, 86400000,
     "agent: how long a run waits for an earlier one"},
    /* ~100 KiB a batch for a full year of marks */
    {"batch_pupils", ZT_CONF_INT, AT(batch_pupils), "0", 0, 0, 5000, "agent: most pupils in one batch (0: no cap)"},
    {"export_scope", ZT_CONF_STR, AT(export_scope), "snapshot", 0, 0, 0, "agent: snapshot or changes"},
    {"max_delete_pct", ZT_CONF_INT, AT(max_delete_pct), "10", 0, 0, 100,
     "agent: most of a kind of record one run deletes"},
    {"summary_help", ZT_CONF_PATH, AT(summary_help), NULL, 0, 0, 0, "agent: the \"what helps at home\" lines"},
};
const size_t zt_client_conf_nkeys = sizeof zt_client_conf_keys / sizeof zt_client_conf_keys[0];

int zt_client_config_load(const char *path, int agent, struct zt_client_config *c, char *err,
                          size_t errlen)
{
    memset(c, 0, sizeof *c);
    if (zt_conf_load(path, zt_client_conf_keys, zt_client_conf_nkeys, c, err, errlen) ||
        (agent && zt_conf_require(path, zt_client_conf_keys, zt_client_conf_nkeys, c, AGENT, err, errlen)))
        return -EINVAL;
    if (strcmp(c->export_scope, "snapshot") && strcmp(c->export_scope, "changes")) {
        snprintf(err, errlen, "%s: export_scope is 'snapshot' or 'changes', not '%s'", path, c->export_scope);
        return -EINVAL;
    }
    return 0;
}

void zt_client_config_free(struct zt_client_config *c)
{
    zt_conf_free(zt_client_conf_keys, zt_client_conf_nkeys, c);
    memset(c, 0, sizeof *c);
}
