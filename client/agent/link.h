/* The agent's connection to the zone, kept up through one run: a request
 * that fails on the way (connection refused or cut, TLS, a timeout, the
 * zone restarting) is sent again, the same bytes, after reconnecting with
 * exponential backoff and jitter, until the run's retry budget
 * (retry_for_ms) is spent. Resending the same push keeps its batch id, so
 * the zone applies it at most once. A refused certificate, bad local
 * configuration or an error answer from the zone is not retried. */
#ifndef ZT_AGENT_LINK_H
#define ZT_AGENT_LINK_H

#include <stddef.h>

#include "session.h"

struct zt_link {
    const struct zt_client_config *c;
    struct zt_session s;
    int connected;
    long budget_ms;     /* retry time left for this run */
    unsigned attempts;  /* connection attempts so far */
    unsigned reconnects;
    enum zt_conn_fail fail; /* what failed last; ZT_FAIL_NONE for a refusal by the zone */
};

/* Connects (retrying within the budget). Returns 0, or -1 with l->fail and
 * one line in err naming what failed and how long it was tried. */
int zt_link_open(struct zt_link *l, const struct zt_client_config *c, char *err, size_t errlen);

/* Sends req and returns its answer, of kind want, in *out (free with
 * zt__response__free_unpacked). -1 with err on a refusal or an answer of
 * another kind (l->fail is then ZT_FAIL_NONE), or when the budget ran out. */
int zt_link_call(struct zt_link *l, const Zt__Request *req, Zt__Response__BodyCase want,
                 Zt__Response **out, char *err, size_t errlen);

/* The zone's identity for us ("school:123456"); valid while open. */
const char *zt_link_identity(const struct zt_link *l);

void zt_link_close(struct zt_link *l);

#endif
