/* Sends the zone's outbox (server/rules/region_outbox.h) to the regional
 * PostgreSQL database (deploy/region/schema.sql) through libpq, off the
 * event loop: a timer looks at the outbox every retry interval, and when an
 * entry waits a libuv worker thread connects (with a short connect
 * timeout) and writes each snapshot in one transaction, the snapshot row
 * INSERT ... ON CONFLICT DO NOTHING first, so a snapshot the region has
 * already is never written twice. The loop then removes what was written
 * from the outbox; what failed stays there for the next try. */
#ifndef ZT_REGION_PUBLISH_H
#define ZT_REGION_PUBLISH_H

#include <uv.h>

#include "store.h"

struct zt_region_conf {
    const char *url;  /* postgresql://... (libpq connection URI or string) */
    const char *zone; /* the name the zone publishes under */
    const char *ca, *cert, *key; /* TLS: the region's CA, the zone's client certificate */
    long retry_ms;    /* how often the outbox is looked at */
    long connect_timeout_s;
};

struct zt_region;

/* Starts publishing; the first look is at once. Returns 0, or -1 with one
 * line in err (a zone name the region would refuse). */
int zt_region_start(uv_loop_t *loop, struct zt_store *store, const struct zt_region_conf *c,
                    struct zt_region **out, char *err, size_t errlen);

/* Stops the timer; a publish under way finishes (its connection times
 * out at worst) and everything is freed once it has. NULL is allowed. */
void zt_region_stop(struct zt_region *r);

/* 0 when name is a zone name the region accepts (letters, digits, _ . -,
 * 1-64 of them), else -1. */
int zt_region_zone_name_ok(const char *name);

#endif
