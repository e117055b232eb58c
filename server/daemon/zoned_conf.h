/* zoned.conf: the daemon's keys, one table (zoned_conf.c) holding each
 * key's type, default, limits and whether SIGHUP applies it. The README's
 * configuration table and deploy/zoned.conf.example say the same. */
#ifndef ZT_ZONED_CONF_H
#define ZT_ZONED_CONF_H

#include <stddef.h>

#include "conf.h"

struct zt_zoned_config {
    char *listen, *data_dir, *ca, *cert, *key, *crl, *metrics_listen;
    long max_connections, handshake_ms, idle_ms, max_frame, max_pending, linger_ms;
    long unread_ms, max_unauth, frames_per_turn, metrics_max_connections, metrics_timeout_ms;
    char *region, *region_zone, *region_ca, *region_cert, *region_key; /* README "A county of zones" */
    long region_retry_ms, region_connect_timeout;
    long kept_pupils;
};

extern const struct zt_conf_key zt_zoned_conf_keys[];
extern const size_t zt_zoned_conf_nkeys;

/* zt_conf_load with zoned's table; free with zt_zoned_config_free either way. */
int zt_zoned_config_load(const char *path, struct zt_zoned_config *c, char *err, size_t errlen);
void zt_zoned_config_free(struct zt_zoned_config *c);

#endif
