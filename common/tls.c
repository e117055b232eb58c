/* TLS contexts for zoned and its clients, and the peer identity.
 *
 * Revocation: X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL, i.e. every
 * certificate of the verified chain needs a current CRL from its issuer,
 * as tls.h promises. The zone PKI has one level (a self-signed CA signing
 * every leaf, client/ctl/pki.h): the CA is the only issuer in any chain,
 * so its zone.crl is all CHECK_ALL needs, as for leaf-only checking (the
 * self-signed CA is the trust anchor and is withdrawn by replacing ca.crt,
 * not by a CRL). Should intermediate CAs ever appear, crl_file
 * must also hold their issuers' CRLs, or every peer is refused ("unable to
 * get certificate CRL"): it fails closed, never open. */
#include "tls.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "log.h"

/* ---- identity ------------------------------------------------------- */

int zt_identity_of_peer(SSL *ssl, struct zt_identity *out)
{
    X509 *peer = SSL_get0_peer_certificate(ssl);
    memset(out, 0, sizeof *out);
    /* Only a verified certificate says who is speaking. */
    if (!peer || SSL_get_verify_result(ssl) != X509_V_OK)
        return -1;
    return zt_cert_identity(peer, out);
}

/* ---- errors --------------------------------------------------------- */

/* Reason text of OpenSSL error e, without the "error:0A000086:..." noise. */
static void error_text(unsigned long e, char *buf, size_t size)
{
    const char *reason = e ? ERR_reason_error_string(e) : NULL;
    if (reason)
        snprintf(buf, size, "%s", reason);
    else if (e)
        ERR_error_string_n(e, buf, size);
    else
        snprintf(buf, size, "unknown error");
}

const char *zt_tls_last_error(char *buf, size_t size)
{
    error_text(ERR_peek_last_error(), buf, size);
    ERR_clear_error();
    return buf;
}

int zt_tls_fail(char *err, size_t errlen, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    zt_vfail(err, errlen, ZT_E_CRYPTO, zt_tls_last_error(why, sizeof why), fmt, ap);
    va_end(ap);
    return ZT_E_CRYPTO;
}

/* For a file that fails to load the oldest error is the cause ("no start
 * line"); later ones only say which call gave up. Clears the queue. */
static void load_fail(char *err, size_t errlen, const char *what, const char *path)
{
    unsigned long e = ERR_peek_error();
    char why[256];
    error_text(e, why, sizeof why);
    ERR_clear_error();
    /* OpenSSL's words for "this is not that kind of PEM file" */
    if ((ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE) ||
        ERR_GET_LIB(e) == ERR_LIB_OSSL_DECODER)
        snprintf(err, errlen, "cannot load %s %s: not a PEM %s", what, path, what);
    else
        snprintf(err, errlen, "cannot load %s %s: %s", what, path, why);
}

/* Checks first that path opens, so a missing file reads "No such file or
 * directory" rather than OpenSSL's wording of it. */
static int readable(const char *what, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s %s: %s", what, path, strerror(errno));
        return -1;
    }
    fclose(f);
    return 0;
}

/* ---- contexts ------------------------------------------------------- */

static SSL_CTX *new_ctx(const SSL_METHOD *method, char *err, size_t errlen)
{
    SSL_CTX *ctx = SSL_CTX_new(method);
    if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) ||
        !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION)) {
        char why[256];
        snprintf(err, errlen, "cannot create a TLS context: %s",
                 zt_tls_last_error(why, sizeof why));
        SSL_CTX_free(ctx);
        return NULL;
    }
    /* Every zone certificate is signed by the zone CA itself, which every
     * peer holds: we send the chain file as it is. Building our own chain
     * anew would verify our certificate (and the CRL) on every handshake. */
    SSL_CTX_set_mode(ctx, SSL_MODE_NO_AUTO_CHAIN);
    return ctx;
}

/* Loads a PEM key of the certificate's key type: naming the type spares
 * OpenSSL 3 building every decoder it knows (~3 M instructions, a tenth of
 * an agent's run). 1 when loaded; otherwise nothing is reported and the
 * caller's generic load gives the error. */
static int use_key_like_cert(SSL_CTX *ctx, const char *key_file)
{
    X509 *cert = SSL_CTX_get0_certificate(ctx);
    EVP_PKEY *pub = cert ? X509_get0_pubkey(cert) : NULL;
    const char *type = pub ? EVP_PKEY_get0_type_name(pub) : NULL;
    EVP_PKEY *key = NULL;
    BIO *in = type ? BIO_new_file(key_file, "r") : NULL;
    OSSL_DECODER_CTX *dec =
        in ? OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", NULL, type, EVP_PKEY_KEYPAIR, NULL, NULL)
           : NULL;
    int ok = dec && OSSL_DECODER_from_bio(dec, in) == 1 && key &&
             SSL_CTX_use_PrivateKey(ctx, key) == 1;
    OSSL_DECODER_CTX_free(dec);
    BIO_free(in);
    EVP_PKEY_free(key);
    ERR_clear_error();
    return ok;
}

/* Our own certificate chain and key, and that they belong together. */
static int load_own(SSL_CTX *ctx, const char *cert_file, const char *key_file, char *err,
                    size_t errlen)
{
    if (readable("certificate", cert_file, err, errlen) < 0)
        return -1;
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
        load_fail(err, errlen, "certificate", cert_file);
        return -1;
    }
    if (readable("key", key_file, err, errlen) < 0)
        return -1;
    /* OpenSSL checks the pair while loading the key, or else here. */
    if (use_key_like_cert(ctx, key_file) != 1 &&
        SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1 &&
        ERR_GET_REASON(ERR_peek_error()) != X509_R_KEY_VALUES_MISMATCH) {
        load_fail(err, errlen, "key", key_file);
        return -1;
    }
    if (ERR_peek_error() != 0 || SSL_CTX_check_private_key(ctx) != 1) {
        ERR_clear_error();
        snprintf(err, errlen, "key %s does not match certificate %s", key_file, cert_file);
        return -1;
    }
    return 0;
}

static int load_ca(SSL_CTX *ctx, const char *ca_file, char *err, size_t errlen)
{
    if (readable("CA certificate", ca_file, err, errlen) < 0)
        return -1;
    if (SSL_CTX_load_verify_file(ctx, ca_file) != 1) {
        load_fail(err, errlen, "CA certificate", ca_file);
        return -1;
    }
    return 0;
}

/* 1 when one of the store's certificates issued and signed cert or crl
 * (the one that is not NULL). */
static int signed_by_store(X509_STORE *store, X509 *cert, X509_CRL *crl)
{
    const X509_NAME *issuer = cert ? X509_get_issuer_name(cert) : X509_CRL_get_issuer(crl);
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509 *ca = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
        EVP_PKEY *key = ca ? X509_get0_pubkey(ca) : NULL;
        if (key && X509_NAME_cmp(X509_get_subject_name(ca), issuer) == 0 &&
            (cert ? X509_verify(cert, key) : X509_CRL_verify(crl, key)) == 1)
            return 1;
    }
    ERR_clear_error();
    return 0;
}

/* Checks one CRL read from path and adds it to the store. A CRL of another
 * CA is an error now, rather than every client refused later; one past its
 * nextUpdate is loaded (refusing to start would not help: peers are refused
 * with "CRL has expired" until it is re-signed), and zoned warns about it
 * (zt_tls_crl_expiry). */
static int add_crl(X509_STORE *store, X509_CRL *crl, const char *path, char *err, size_t errlen)
{
    if (!signed_by_store(store, NULL, crl)) {
        snprintf(err, errlen, "CRL %s is not signed by the zone CA", path);
        return -1;
    }
    if (X509_STORE_add_crl(store, crl) != 1) {
        load_fail(err, errlen, "CRL", path);
        return -1;
    }
    return 0;
}

/* Loads every PEM CRL in path into the context's store (needs the CA loaded
 * first) and turns revocation checking on for the whole chain (see top). */
static int load_crl(SSL_CTX *ctx, const char *path, char *err, size_t errlen)
{
    if (readable("CRL", path, err, errlen) < 0)
        return -1;
    BIO *b = BIO_new_file(path, "r");
    if (!b) {
        load_fail(err, errlen, "CRL", path);
        return -1;
    }
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    int n = 0, rc = 0;
    X509_CRL *crl;
    while (rc == 0 && (crl = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL)) != NULL) {
        rc = add_crl(store, crl, path, err, errlen);
        X509_CRL_free(crl); /* the store holds its own reference */
        n++;
    }
    BIO_free(b);
    if (rc < 0)
        return -1;
    if (n == 0) {
        load_fail(err, errlen, "CRL", path);
        return -1;
    }
    ERR_clear_error(); /* the read that ended the loop left "no start line" */
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    return 0;
}

/* The CRLs a context's store holds, one at a time: i from 0 on; NULL after
 * the last. */
static X509_CRL *store_crl(SSL_CTX *ctx, int *i)
{
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(SSL_CTX_get_cert_store(ctx));
    while (*i < sk_X509_OBJECT_num(objs)) {
        X509_CRL *crl = X509_OBJECT_get0_X509_CRL(sk_X509_OBJECT_value(objs, (*i)++));
        if (crl)
            return crl;
    }
    return NULL;
}

int zt_tls_revoked(SSL_CTX *ctx, X509 *cert)
{
    X509_REVOKED *entry;
    int i = 0;
    for (X509_CRL *crl; cert && (crl = store_crl(ctx, &i)) != NULL;)
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) == 0 &&
            X509_CRL_get0_by_cert(crl, &entry, cert) == 1)
            return 1;
    return 0;
}

int64_t zt_tls_crl_expiry(SSL_CTX *ctx)
{
    int64_t soonest = 0, now = (int64_t)time(NULL);
    int i = 0, days, secs;
    for (X509_CRL *crl; (crl = store_crl(ctx, &i)) != NULL;) {
        const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
        if (!next || !ASN1_TIME_diff(&days, &secs, NULL, next))
            continue; /* no nextUpdate: it never runs out */
        int64_t when = now + (int64_t)days * 86400 + secs;
        if (!soonest || when < soonest)
            soonest = when;
    }
    ERR_clear_error();
    return soonest;
}

/* A private key others may read has perhaps been copied: say so, but
 * serve (the operator may be part-way through fixing it). */
static void warn_if_key_shared(const char *key_file)
{
    struct stat st;
    if (stat(key_file, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)))
        zt_warn("key %s is readable by %s (mode %03o): make it private (chmod 600)", key_file,
                (st.st_mode & S_IRWXO) ? "others" : "its group",
                (unsigned)(st.st_mode & 0777));
}

/* Refuses a client certificate that verified but names no known identity,
 * while still in the handshake so the client receives an alert about its
 * certificate instead of a bare close afterwards. */
static int server_verify_cb(int ok, X509_STORE_CTX *x)
{
    if (!ok || X509_STORE_CTX_get_error_depth(x) != 0)
        return ok;
    struct zt_identity id;
    if (zt_cert_identity(X509_STORE_CTX_get_current_cert(x), &id) == 0)
        return 1;
    X509_STORE_CTX_set_error(x, X509_V_ERR_CERT_REJECTED);
    return 0;
}

/* Every handshake is a full one: a resumed session would skip the
 * certificate and CRL checks, and a reload (zt_server_set_ctx) must apply to
 * every later connection. TLS 1.3 clients learn that their certificate was
 * refused only on their first read, so no tickets also keeps that first
 * read's answer meaningful. */
static void no_resumption(SSL_CTX *ctx)
{
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(ctx, 0);
}

/* zoned's own certificate must be one every client accepts: a server
 * certificate of the zone CA. A school's or coordinator's certificate (or
 * another CA's) would start and then fail every handshake, so it is refused
 * here, naming the file and what it holds. */
static int check_server_cert(SSL_CTX *ctx, const char *ca_file, const char *cert_file,
                             char *err, size_t errlen)
{
    X509 *x = SSL_CTX_get0_certificate(ctx);
    char cn[128] = "";
    enum zt_server_cert_fault fault = zt_cert_server_fault(x, cn, sizeof cn);
    if (fault == ZT_SERVER_CERT_CLIENT)
        snprintf(err, errlen,
                 "certificate %s is %s's, not the zone server's: give zoned the zoned.crt "
                 "that 'zonectl pki init' wrote",
                 cert_file, cn);
    else if (fault == ZT_SERVER_CERT_NOT_SERVER)
        snprintf(err, errlen, "certificate %s (\"%s\") is not a TLS server certificate, not "
                 "the zone server's: give zoned the zoned.crt that 'zonectl pki init' wrote",
                 cert_file, cn);
    else if (!signed_by_store(SSL_CTX_get_cert_store(ctx), x, NULL))
        snprintf(err, errlen, "certificate %s (\"%s\") is not issued by the zone CA %s: "
                 "every client would refuse it", cert_file, cn, ca_file);
    else
        return 0;
    ERR_clear_error();
    return -1;
}

SSL_CTX *zt_tls_server_ctx(const char *ca_file, const char *cert_file, const char *key_file,
                           const char *crl_file, char *err, size_t errlen)
{
    SSL_CTX *ctx = new_ctx(TLS_server_method(), err, errlen);
    if (!ctx)
        return NULL;
    if (load_own(ctx, cert_file, key_file, err, errlen) < 0 ||
        load_ca(ctx, ca_file, err, errlen) < 0 ||
        check_server_cert(ctx, ca_file, cert_file, err, errlen) < 0 ||
        (crl_file && load_crl(ctx, crl_file, err, errlen) < 0)) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    /* Names the acceptable CA in the CertificateRequest; a failure here
     * only loses that hint. */
    STACK_OF(X509_NAME) *cas = SSL_load_client_CA_file(ca_file);
    if (cas)
        SSL_CTX_set_client_CA_list(ctx, cas);
    ERR_clear_error();
    SSL_CTX_set_purpose(ctx, ZT_CERT_CLIENT_PURPOSE);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, server_verify_cb);
    no_resumption(ctx);
    warn_if_key_shared(key_file);
    return ctx;
}

SSL_CTX *zt_tls_client_ctx(const char *ca_file, const char *cert_file, const char *key_file,
                           char *err, size_t errlen)
{
    /* A client exits soon after: freeing OpenSSL's tables at exit is work
     * the kernel does anyway (1.4 M instructions an agent run). */
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
    SSL_CTX *ctx = new_ctx(TLS_client_method(), err, errlen);
    if (!ctx)
        return NULL;
    if (load_own(ctx, cert_file, key_file, err, errlen) < 0 ||
        load_ca(ctx, ca_file, err, errlen) < 0) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    SSL_CTX_set_purpose(ctx, ZT_CERT_SERVER_PURPOSE);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    return ctx;
}
