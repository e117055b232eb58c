/* From frames to handlers: unpacks each request, enforces the version
 * handshake, routes it, packs and sends the response. */
#ifndef ZT_DISPATCH_H
#define ZT_DISPATCH_H

#include "net.h"
#include "zone.h"

/* Handlers for zt_server_start; ud must be the struct zt_zone. */
extern const struct zt_net_handlers zt_dispatch_handlers_template;

void zt_dispatch_on_open(struct zt_conn *c, void *ud);
void zt_dispatch_on_frame(struct zt_conn *c, const uint8_t *payload, size_t len, void *ud);
void zt_dispatch_on_close(struct zt_conn *c, void *ud);

#endif
