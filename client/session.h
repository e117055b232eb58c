/* A client's conversation with the zone: configuration, connection, the
 * version handshake, then request/response calls. Shared by zone-agent and
 * zonectl. */
#ifndef ZT_SESSION_H
#define ZT_SESSION_H

#include <stddef.h>

#include "conn.h"
#include "protocol.h"
#include "zonetrack.pb-c.h"

/* The keys of zone-agent.conf and zonectl.conf (SPEC §7). */
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

/* Loads path; agent = 1 requires export_dir and output_dir. Returns 0 or
 * -EINVAL with "FILE:LINE: reason" in err. Free with zt_client_config_free. */
int zt_client_config_load(const char *path, int agent, struct zt_client_config *c, char *err,
                          size_t errlen);
void zt_client_config_free(struct zt_client_config *c);

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
