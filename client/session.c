#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int zt_client_config_load(const char *path, int agent, struct zt_client_config *c, char *err,
                          size_t errlen)
{
    memset(c, 0, sizeof *c);
    const struct zt_conf_key keys[] = {
        {"zone", ZT_CONF_STR, &c->zone, "127.0.0.1:7450", 0, 0, 0},
        {"ca", ZT_CONF_PATH, &c->ca, NULL, 1, 0, 0},
        {"cert", ZT_CONF_PATH, &c->cert, NULL, 1, 0, 0},
        {"key", ZT_CONF_PATH, &c->key, NULL, 1, 0, 0},
        {"export_dir", ZT_CONF_PATH, &c->export_dir, NULL, agent, 0, 0},
        {"output_dir", ZT_CONF_PATH, &c->output_dir, NULL, agent, 0, 0},
        {"state_dir", ZT_CONF_PATH, &c->state_dir, NULL, 0, 0, 0},
        {"output_group", ZT_CONF_STR, &c->output_group, NULL, 0, 0, 0},
        {"mapping", ZT_CONF_PATH, &c->mapping, NULL, 0, 0, 0},
        {"timeout_ms", ZT_CONF_INT, &c->timeout_ms, "30000", 0, 100, 3600000},
        {"retry_for_ms", ZT_CONF_INT, &c->retry_for_ms, "300000", 0, 0, 86400000},
        {"settle_ms", ZT_CONF_INT, &c->settle_ms, "5000", 0, 0, 3600000},
        {"export_wait_ms", ZT_CONF_INT, &c->export_wait_ms, "600000", 0, 0, 86400000},
        {"lock_wait_ms", ZT_CONF_INT, &c->lock_wait_ms, "60000", 0, 0, 86400000},
        /* ~100 KiB a batch for a full year of marks */
        {"batch_pupils", ZT_CONF_INT, &c->batch_pupils, "0", 0, 0, 5000},
        {"export_scope", ZT_CONF_STR, &c->export_scope, "snapshot", 0, 0, 0},
        {"max_delete_pct", ZT_CONF_INT, &c->max_delete_pct, "10", 0, 0, 100},
        {"summary_help", ZT_CONF_PATH, &c->summary_help, NULL, 0, 0, 0},
    };
    if (zt_conf_load(path, keys, sizeof keys / sizeof keys[0], err, errlen))
        return -EINVAL;
    if (strcmp(c->export_scope, "snapshot") && strcmp(c->export_scope, "changes")) {
        snprintf(err, errlen, "%s: export_scope is 'snapshot' or 'changes', not '%s'", path, c->export_scope);
        return -EINVAL;
    }
    return 0;
}

void zt_client_config_free(struct zt_client_config *c)
{
    free(c->zone), free(c->ca), free(c->cert), free(c->key);
    free(c->export_dir), free(c->output_dir), free(c->state_dir), free(c->output_group);
    free(c->export_scope), free(c->summary_help);
    free(c->mapping);
    memset(c, 0, sizeof *c);
}

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
