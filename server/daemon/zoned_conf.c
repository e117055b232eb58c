#include "zoned_conf.h"

#include <string.h>

#include "kept_pupils.h"

#define AT(field) offsetof(struct zt_zoned_config, field)
#define RELOAD ZT_CONF_RELOAD
#define REQUIRED ZT_CONF_REQUIRED
#define TEXT_(n) #n
#define TEXT(n) TEXT_(n) /* a number's default as the table's text */

/* What SIGHUP applies: the certificates and the CRL (a new TLS context for
 * new connections; open ones the CRL revokes are closed). Everything else is
 * held by a part built once at start (the listener, the store, the limits
 * copied into the transport, the group commit, the metrics port, the region
 * publisher): a change is logged and waits for a restart. */
const struct zt_conf_key zt_zoned_conf_keys[] = {
    {"listen", ZT_CONF_STR, AT(listen), "127.0.0.1:7450", 0, 0, 0, "address to serve on, HOST:PORT"},
    {"data_dir", ZT_CONF_PATH, AT(data_dir), NULL, REQUIRED, 0, 0, "LMDB store folder"},
    {"ca", ZT_CONF_PATH, AT(ca), NULL, REQUIRED | RELOAD, 0, 0, "the zone's CA certificate"},
    {"cert", ZT_CONF_PATH, AT(cert), NULL, REQUIRED | RELOAD, 0, 0, "zoned's certificate"},
    {"key", ZT_CONF_PATH, AT(key), NULL, REQUIRED | RELOAD, 0, 0, "zoned's private key"},
    {"crl", ZT_CONF_PATH, AT(crl), NULL, RELOAD, 0, 0, "revocation list (without one, revocation is off)"},
    {"metrics_listen", ZT_CONF_STR, AT(metrics_listen), NULL, 0, 0, 0, "HOST:PORT of the Prometheus endpoint"},
    {"max_connections", ZT_CONF_INT, AT(max_connections), "512", 0, 1, 100000,
     "connections at once; more are closed and logged"},
    {"handshake_timeout_ms", ZT_CONF_INT, AT(handshake_ms), "10000", 0, 100, 600000, "TLS handshake deadline"},
    {"idle_timeout_ms", ZT_CONF_INT, AT(idle_ms), "120000", 0, 100, 86400000,
     "a connection quiet this long is closed"},
    {"max_frame_bytes", ZT_CONF_INT, AT(max_frame), "8388608", 0, 1024, 16777216, "largest request accepted"},
    {"max_pending_write_bytes", ZT_CONF_INT, AT(max_pending), "4194304", 0, 65536, 1073741824,
     "answers a peer may leave unread before its requests wait"},
    {"unread_timeout_ms", ZT_CONF_INT, AT(unread_ms), "30000", 0, 100, 86400000,
     "a peer over max_pending_write_bytes taking none this long is closed"},
    {"max_unauthenticated_per_address", ZT_CONF_INT, AT(max_unauth), "32", 0, 1, 100000,
     "connections from one address still in the TLS handshake"},
    {"requests_per_turn", ZT_CONF_INT, AT(frames_per_turn), "8", 0, 1, 10000,
     "requests one connection is served before the others' turn"},
    {"metrics_max_connections", ZT_CONF_INT, AT(metrics_max_connections), "8", 0, 1, 1024, "scrapes at once"},
    {"metrics_timeout_ms", ZT_CONF_INT, AT(metrics_timeout_ms), "5000", 0, 100, 600000,
     "a scrape connection open this long is closed"},
    {"kept_pupils", ZT_CONF_INT, AT(kept_pupils), TEXT(ZT_KEPT_PUPILS_DEFAULT), 0, 1024, 4194304,
     "pupils whose counted figures are kept between evaluations (~350 bytes each)"},
    {"group_linger_ms", ZT_CONF_INT, AT(linger_ms), "100", 0, 0, 1000,
     "longest a group commit waits for pushes still arriving"},
    {"region", ZT_CONF_STR, AT(region), NULL, 0, 0, 0, "postgresql://... of the county's regional database"},
    {"region_zone", ZT_CONF_STR, AT(region_zone), NULL, 0, 0, 0, "the zone's name there (required with region)"},
    {"region_ca", ZT_CONF_PATH, AT(region_ca), NULL, 0, 0, 0, "the region's CA certificate"},
    {"region_cert", ZT_CONF_PATH, AT(region_cert), NULL, 0, 0, 0, "the zone's certificate for the region"},
    {"region_key", ZT_CONF_PATH, AT(region_key), NULL, 0, 0, 0, "its private key"},
    {"region_retry_ms", ZT_CONF_INT, AT(region_retry_ms), "60000", 0, 100, 86400000,
     "how often the outbox is looked at"},
    {"region_connect_timeout_s", ZT_CONF_INT, AT(region_connect_timeout), "5", 0, 2, 60,
     "libpq's connect timeout"},
};
const size_t zt_zoned_conf_nkeys = sizeof zt_zoned_conf_keys / sizeof zt_zoned_conf_keys[0];

int zt_zoned_config_load(const char *path, struct zt_zoned_config *c, char *err, size_t errlen)
{
    return zt_conf_load(path, zt_zoned_conf_keys, zt_zoned_conf_nkeys, c, err, errlen);
}

void zt_zoned_config_free(struct zt_zoned_config *c)
{
    zt_conf_free(zt_zoned_conf_keys, zt_zoned_conf_nkeys, c);
    memset(c, 0, sizeof *c);
}
