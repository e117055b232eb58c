/* A Prometheus text exposition of the zone's status (server/protocol/status.h) on a
 * separate local port, plain HTTP, off unless metrics_listen is set. It
 * answers every request on that port with the metrics and closes. */
#ifndef ZT_METRICS_H
#define ZT_METRICS_H

#include <stddef.h>
#include <uv.h>

#include "service.h"

struct zt_metrics;

struct zt_metrics_limits {
    unsigned max_connections; /* scrapes at once; more are closed at once */
    unsigned timeout_ms;      /* a scrape not answered and gone by then is closed */
};

/* Listens on "HOST:PORT"; warns when that is reachable beyond this machine
 * (the endpoint has no TLS). Returns 0 or a negative error with err set. */
int zt_metrics_start(uv_loop_t *loop, const char *listen, struct zt_service *svc,
                     const struct zt_metrics_limits *lim, struct zt_metrics **out, char *err,
                     size_t errlen);

/* Closes the listener and any request in flight; frees m once closed. */
void zt_metrics_stop(struct zt_metrics *m);

/* The exposition text into a malloc'd string (caller frees), or NULL. */
char *zt_metrics_text(struct zt_service *svc);

#endif
