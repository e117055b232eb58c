#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int zt_session_call(struct zt_session *s, const Zt__Request *req, Zt__Response **out, char *err,
                    size_t errlen)
{
    size_t n = zt__request__get_packed_size(req);
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    zt__request__pack(req, buf);
    int rc = zt_client_send(s->conn, buf, n, &s->fail, err, errlen);
    free(buf);
    if (rc)
        return rc;
    uint8_t *in;
    size_t inlen;
    if ((rc = zt_client_recv(s->conn, &in, &inlen, &s->fail, err, errlen)))
        return rc;
    *out = zt__response__unpack(NULL, inlen, in);
    free(in);
    if (!*out) {
        s->fail = ZT_FAIL_PROTOCOL;
        snprintf(err, errlen, "the zone sent an undecodable response");
        return zt_conn_fail_code(s->fail);
    }
    return 0;
}

int zt_session_call_ok(struct zt_session *s, const Zt__Request *req, Zt__Response **out, char *err,
                       size_t errlen)
{
    int rc = zt_session_call(s, req, out, err, errlen);
    if (rc)
        return rc;
    if ((*out)->error) {
        snprintf(err, errlen, "the zone refused: %s", (*out)->error->message);
        zt__response__free_unpacked(*out, NULL);
        *out = NULL;
        return -EREMOTEIO;
    }
    return 0;
}

int zt_session_open(struct zt_session *s, const struct zt_client_config *c, const char *software,
                    char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->conn = zt_client_connect(c->zone, c->ca, c->cert, c->key, (unsigned)c->timeout_ms, &s->fail,
                                err, errlen);
    if (!s->conn)
        return zt_conn_fail_code(s->fail);
    Zt__Hello hello = ZT__HELLO__INIT;
    hello.protocol_version = ZT_PROTOCOL_VERSION;
    hello.software = (char *)software;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_HELLO;
    req.hello = &hello;
    Zt__Response *resp;
    int rc = zt_session_call(s, &req, &resp, err, errlen);
    if (rc)
        goto fail;
    if (resp->error || resp->body_case != ZT__RESPONSE__BODY_HELLO) {
        s->fail = ZT_FAIL_PROTOCOL;
        rc = zt_conn_fail_code(s->fail);
        snprintf(err, errlen, "the zone refused our hello: %s",
                 resp->error ? resp->error->message : "unexpected answer");
        zt__response__free_unpacked(resp, NULL);
        goto fail;
    }
    snprintf(s->identity, sizeof s->identity, "%s", resp->hello->identity);
    s->as_of = resp->hello->as_of;
    zt__response__free_unpacked(resp, NULL);
    return 0;
fail:
    zt_client_close(s->conn);
    s->conn = NULL;
    return rc;
}

void zt_session_close(struct zt_session *s)
{
    zt_client_close(s->conn);
    s->conn = NULL;
}
