/* A client's conversation with the zone: configuration, connection, the
 * version handshake, then request/response calls. Shared by zone-agent and
 * zonectl. */
#ifndef ZT_SESSION_H
#define ZT_SESSION_H

#include <stddef.h>

#include "client_conf.h"
#include "conn.h"
#include "protocol.h"
#include "zonetrack.pb-c.h"

struct zt_session {
    struct zt_client *conn;
    char identity[80];   /* who the zone takes us to be */
    int as_of;           /* the zone's evaluation date */
    enum zt_conn_fail fail;
};

/* Connects and says hello. Returns 0, or a negative error (the failure's
 * code, conn.h) with s->fail and a one-line reason naming what failed in
 * err. */
int zt_session_open(struct zt_session *s, const struct zt_client_config *c, const char *software,
                    char *err, size_t errlen);

/* Sends req and waits for its response (*out, free with
 * zt__response__free_unpacked). Returns 0 when the zone answered (which may
 * be an error response), a negative error on a transport failure (s->fail,
 * err) or -ENOMEM. */
int zt_session_call(struct zt_session *s, const Zt__Request *req, Zt__Response **out, char *err,
                    size_t errlen);

/* As zt_session_call, but an error response is -EREMOTEIO, with the zone's
 * message in err. */
int zt_session_call_ok(struct zt_session *s, const Zt__Request *req, Zt__Response **out, char *err,
                       size_t errlen);

void zt_session_close(struct zt_session *s);

#endif
