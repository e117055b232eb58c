/* The clients' side of the wire (zone-agent and zonectl): a blocking TLS 1.3
 * connection with mutual certificates and timeouts, carrying frames. Each
 * failure is classified so the one log line can say what failed. */
#ifndef ZT_CONN_H
#define ZT_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "tls.h"

enum zt_conn_fail {
    ZT_FAIL_NONE = 0,
    ZT_FAIL_CONFIG,   /* our own ca/cert/key files unreadable or mismatched */
    ZT_FAIL_DNS,      /* the zone's host name did not resolve */
    ZT_FAIL_TCP,      /* refused, unreachable, timed out connecting */
    ZT_FAIL_TLS,      /* handshake failed for a non-certificate reason */
    ZT_FAIL_CERT,     /* a certificate was refused (ours by the zone, or the zone's by us) */
    ZT_FAIL_PROTOCOL, /* bad frame, oversize, unexpected close mid-frame */
    ZT_FAIL_TIMEOUT,  /* no answer in time */
};

struct zt_client;

/* Connects to zone ("HOST:PORT"), completes the TLS handshake and returns a
 * client, or NULL with *fail set and a one-line reason in err naming what
 * failed. timeout_ms bounds connect, handshake and each later read/write. */
struct zt_client *zt_client_connect(const char *zone, const char *ca_file, const char *cert_file,
                                    const char *key_file, unsigned timeout_ms,
                                    enum zt_conn_fail *fail, char *err, size_t errlen);

/* Sends one frame. Returns 0, or the failure's code (zt_conn_fail_code)
 * with *fail and err set. */
int zt_client_send(struct zt_client *c, const uint8_t *payload, size_t len,
                   enum zt_conn_fail *fail, char *err, size_t errlen);

/* Receives one frame into a malloc'd buffer the caller frees (*out, *len).
 * Returns 0, or the failure's code with *fail and err set (a certificate
 * refusal that TLS 1.3 reports only now, after the handshake, is
 * ZT_FAIL_CERT). */
int zt_client_recv(struct zt_client *c, uint8_t **out, size_t *len, enum zt_conn_fail *fail,
                   char *err, size_t errlen);

/* Shuts TLS down politely and frees c. NULL is fine. */
void zt_client_close(struct zt_client *c);

/* "dns", "tcp", "tls", "certificate", ... for log lines. */
const char *zt_conn_fail_name(enum zt_conn_fail f);

/* Each class of failure in the project's error space (common/err.h), as
 * the calls above return it: 0 for none, -EINVAL config, -EHOSTUNREACH
 * dns, -ENOTCONN tcp, -ECONNABORTED tls, -EACCES certificate, -EPROTO
 * protocol, -ETIMEDOUT timeout. */
int zt_conn_fail_code(enum zt_conn_fail f);

#endif
