/* TLS 1.3 with mutual certificates against the zone CA (SPEC §2): context
 * set-up for both ends and the peer identity read from its certificate. */
#ifndef ZT_TLS_H
#define ZT_TLS_H

#include <openssl/ssl.h>
#include <stddef.h>
#include <stdint.h>

#include "cert_identity.h"

/* Identity of the verified peer of ssl (cert_identity.h: who a certificate
 * names). Returns 0, or -1 when the peer sent no certificate or its subject
 * is of no known form. */
int zt_identity_of_peer(SSL *ssl, struct zt_identity *out);

/* Server context: TLS 1.3 only, our cert/key, peers must present a client
 * certificate issued by ca_file; crl_file (may be NULL) is checked for every
 * peer certificate in the chain. Returns a new context (caller frees with
 * SSL_CTX_free) or NULL with a one-line reason naming the file in err.
 * cert_file must be a TLS server certificate issued by ca_file and naming
 * no client identity: a school's certificate, say, is refused here, since
 * every client would refuse zoned's handshake.
 * A certificate that chains fine but whose CN is of no known form is refused
 * during the handshake (verify error X509_V_ERR_CERT_REJECTED), so the peer
 * gets a certificate alert. No session tickets or cache: every connection
 * is verified afresh against the CA and CRL of the context it uses. A key
 * file its group or others may read is a warning (logged), not an error. */
SSL_CTX *zt_tls_server_ctx(const char *ca_file, const char *cert_file, const char *key_file,
                           const char *crl_file, char *err, size_t errlen);

/* 1 when a CRL that ctx holds, from cert's issuer, revokes cert: to close
 * the open connections a reloaded CRL revokes (the handshake checks new
 * ones). */
int zt_tls_revoked(SSL_CTX *ctx, X509 *cert);

/* Unix time the soonest of ctx's CRLs runs out (its nextUpdate), past or
 * not; 0 when ctx holds no CRL. From then on every peer is refused
 * ("CRL has expired") until the CRL is re-signed. */
int64_t zt_tls_crl_expiry(SSL_CTX *ctx);

/* How long before a CRL runs out zoned and zonectl status start warning. */
#define ZT_CRL_WARN_DAYS 7

/* Client context: TLS 1.3 only, our cert/key, the server must present a
 * certificate from ca_file. Caller frees. NULL with reason in err. */
SSL_CTX *zt_tls_client_ctx(const char *ca_file, const char *cert_file, const char *key_file,
                           char *err, size_t errlen);

/* Text of the most recent OpenSSL error (queue is cleared), for logs. */
const char *zt_tls_last_error(char *buf, size_t size);

/* zt_fail (err.h) for an OpenSSL call that failed: returns ZT_E_CRYPTO with
 * the message and zt_tls_last_error's reason in err[errlen] (err may be
 * NULL), the error queue cleared so no stale entry explains a later
 * failure. */
int zt_tls_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
