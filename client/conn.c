/* Blocking client side of the wire: TCP connect with a timeout, TLS 1.3
 * over the socket (kept non-blocking, every wait is a poll bounded by
 * timeout_ms), then frames.
 *
 * Timeouts: connecting (all addresses together) and the handshake each get
 * timeout_ms; after that timeout_ms is the longest wait for progress inside
 * one zt_client_send / zt_client_recv, so a large frame on a slow but
 * moving link is not cut off.
 *
 * SIGPIPE: writing to a socket the zone has reset would raise SIGPIPE, and
 * OpenSSL writes with write(2), not send(MSG_NOSIGNAL). zt_client_connect
 * therefore sets SIGPIPE to ignored when it is at its default; a caller
 * that installed its own handler keeps it. Either way the write then fails
 * with EPIPE, reported as ZT_FAIL_TCP. */
#include "conn.h"
#include "clock.h"
#include "sock.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "frame.h"

#define TLS_RECORD 16384 /* largest TLS plaintext record */

struct zt_client {
    SSL_CTX *ctx;
    SSL *ssl;
    int fd;
    unsigned timeout_ms;
    int connected;             /* handshake completed */
    enum zt_conn_fail dead;    /* a fatal failure already happened */
};

/* Where in the exchange an I/O failure happened, for its wording. */
enum phase { PH_HANDSHAKE, PH_WRITE, PH_READ, PH_MIDFRAME };

/* ---- failures --------------------------------------------------------- */

__attribute__((format(printf, 5, 6))) static int fail_with(enum zt_conn_fail *fail, char *err,
                                                          size_t errlen, enum zt_conn_fail f,
                                                          const char *fmt, ...)
{
    *fail = f;
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return zt_conn_fail_code(f);
}

int zt_conn_fail_code(enum zt_conn_fail f)
{
    switch (f) {
    case ZT_FAIL_NONE: return 0;
    case ZT_FAIL_CONFIG: return -EINVAL;
    case ZT_FAIL_DNS: return -EHOSTUNREACH;
    case ZT_FAIL_TCP: return -ENOTCONN;
    case ZT_FAIL_TLS: return -ECONNABORTED;
    case ZT_FAIL_CERT: return -EACCES;
    case ZT_FAIL_PROTOCOL: return -EPROTO;
    case ZT_FAIL_TIMEOUT: return -ETIMEDOUT;
    }
    return -EIO;
}

const char *zt_conn_fail_name(enum zt_conn_fail f)
{
    switch (f) {
    case ZT_FAIL_NONE: return "none";
    case ZT_FAIL_CONFIG: return "config";
    case ZT_FAIL_DNS: return "dns";
    case ZT_FAIL_TCP: return "tcp";
    case ZT_FAIL_TLS: return "tls";
    case ZT_FAIL_CERT: return "certificate";
    case ZT_FAIL_PROTOCOL: return "protocol";
    case ZT_FAIL_TIMEOUT: return "timeout";
    }
    return "unknown";
}

/* TLS alerts by which the zone tells us it refused our certificate. With
 * TLS 1.3 they arrive after our side of the handshake is complete, so they
 * surface on the first read. */
static const struct {
    int reason;
    const char *what;
} cert_alerts[] = {
    {SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED, "no certificate sent"},
    {SSL_R_SSLV3_ALERT_BAD_CERTIFICATE, "bad certificate"},
    {SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE, "unsupported certificate"},
    {SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED, "certificate revoked"},
    {SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED, "certificate expired"},
    {SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN, "certificate unknown"},
    {SSL_R_TLSV1_ALERT_UNKNOWN_CA, "issued by an unknown CA"},
    {SSL_R_TLSV1_ALERT_ACCESS_DENIED, "access denied"},
};

static const char *cert_alert(unsigned long e)
{
    if (ERR_GET_LIB(e) != ERR_LIB_SSL)
        return NULL;
    for (size_t i = 0; i < sizeof cert_alerts / sizeof cert_alerts[0]; i++)
        if (ERR_GET_REASON(e) == cert_alerts[i].reason)
            return cert_alerts[i].what;
    return NULL;
}

/* Empties the error queue; returns its oldest entry, and in *alert the text
 * of a certificate alert found anywhere in it. */
static unsigned long drain_errors(const char **alert)
{
    unsigned long first = 0, e;
    *alert = NULL;
    while ((e = ERR_get_error()) != 0) {
        if (!first)
            first = e;
        if (!*alert)
            *alert = cert_alert(e);
    }
    return first;
}

static int eof_fail(enum phase ph, enum zt_conn_fail *fail, char *err, size_t errlen)
{
    if (ph == PH_HANDSHAKE)
        return fail_with(fail, err, errlen, ZT_FAIL_TLS,
                         "the zone closed the connection during the TLS handshake");
    return fail_with(fail, err, errlen, ZT_FAIL_PROTOCOL, "the zone closed the connection%s",
                     ph == PH_MIDFRAME ? " in the middle of a frame" : "");
}

/* Classifies a fatal SSL error e (sys: errno right after the call). */
static int classify(struct zt_client *c, int e, int sys, enum phase ph,
                    enum zt_conn_fail *fail, char *err, size_t errlen)
{
    const char *alert;
    unsigned long first = drain_errors(&alert);
    long v = SSL_get_verify_result(c->ssl);
    if (v != X509_V_OK)
        return fail_with(fail, err, errlen, ZT_FAIL_CERT,
                         "the zone's certificate failed verification: %s",
                         X509_verify_cert_error_string(v));
    if (alert)
        return fail_with(fail, err, errlen, ZT_FAIL_CERT,
                         "the zone refused our certificate (%s)", alert);
    if (e == SSL_ERROR_ZERO_RETURN ||
        (e == SSL_ERROR_SYSCALL && sys == 0 && first == 0) ||
        (ERR_GET_LIB(first) == ERR_LIB_SSL &&
         ERR_GET_REASON(first) == SSL_R_UNEXPECTED_EOF_WHILE_READING))
        return eof_fail(ph, fail, err, errlen);
    if (e == SSL_ERROR_SYSCALL && sys != 0)
        return fail_with(fail, err, errlen, ZT_FAIL_TCP, "connection to the zone lost: %s",
                         strerror(sys));
    const char *why = first ? ERR_reason_error_string(first) : NULL;
    return fail_with(fail, err, errlen, ZT_FAIL_TLS, "TLS %s failed: %s",
                     ph == PH_HANDSHAKE ? "handshake" : "session", why ? why : "unknown error");
}

/* ---- waiting ---------------------------------------------------------- */

/* Waits until deadline for events on fd: 1 ready (or in error: the next
 * call says which), 0 timed out, -1 with errno. */
static int wait_until(int fd, short events, long long deadline)
{
    for (;;) {
        long long left = deadline - zt_now_ms();
        if (left < 0)
            left = 0;
        struct pollfd p = {.fd = fd, .events = events};
        int r = poll(&p, 1, (int)left);
        if (r >= 0 || errno != EINTR)
            return r;
    }
}

/* After an SSL call on c failed with ret: waits for the socket when
 * OpenSSL asks to and returns 0 (retry the call), else classifies the
 * failure, marks c dead and returns its code (zt_conn_fail_code). sys is
 * errno right after the call. */
static int wait_or_fail(struct zt_client *c, int ret, int sys, enum phase ph,
                        enum zt_conn_fail *fail, char *err, size_t errlen)
{
    int e = SSL_get_error(c->ssl, ret);
    short ev = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
    if (ev) {
        int w = wait_until(c->fd, ev, zt_now_ms() + c->timeout_ms);
        if (w > 0)
            return 0;
        if (w == 0)
            fail_with(fail, err, errlen, ZT_FAIL_TIMEOUT, "no answer from the zone within %u ms%s",
                      c->timeout_ms, ph == PH_HANDSHAKE ? " (TLS handshake)" : "");
        else
            fail_with(fail, err, errlen, ZT_FAIL_TCP, "waiting for the zone: %s",
                      strerror(errno));
    } else {
        classify(c, e, sys, ph, fail, err, errlen);
    }
    ERR_clear_error();
    c->dead = *fail;
    return zt_conn_fail_code(*fail);
}

/* ---- connecting ------------------------------------------------------- */

/* Splits "HOST:PORT" or "[V6]:PORT", the port as text for getaddrinfo. */
static int split_zone(const char *zone, char *host, size_t hsize, char *port, size_t psize)
{
    unsigned p;
    if (zt_split_hostport(zone, host, hsize, &p))
        return -1;
    snprintf(port, psize, "%u", p);
    return 0;
}

/* Connects fd to one address before deadline: 0, -1 with errno (ETIMEDOUT
 * when the deadline passed). */
static int connect_one(int fd, const struct addrinfo *ai, long long deadline)
{
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        return 0;
    if (errno != EINPROGRESS)
        return -1;
    int w = wait_until(fd, POLLOUT, deadline);
    if (w <= 0) {
        if (w == 0)
            errno = ETIMEDOUT;
        return -1;
    }
    int soerr = 0;
    socklen_t len = sizeof soerr;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
        return -1;
    errno = soerr;
    return soerr ? -1 : 0;
}

/* A non-blocking socket connected to host:port, or a negative code with the failure set.
 * A refused connection is ZT_FAIL_TCP, and so is one timed out (conn.h). */
static int connect_tcp(const char *zone, const char *host, const char *port, unsigned timeout_ms,
                       enum zt_conn_fail *fail, char *err, size_t errlen)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
    struct addrinfo *res;
    int g = getaddrinfo(host, port, &hints, &res);
    if (g != 0)
        return fail_with(fail, err, errlen, ZT_FAIL_DNS, "cannot resolve %s: %s", host,
                         g == EAI_SYSTEM ? strerror(errno) : gai_strerror(g));
    long long deadline = zt_now_ms() + timeout_ms;
    int fd = -1, e = ECONNREFUSED;
    for (struct addrinfo *ai = res; ai && fd < 0 && e != ETIMEDOUT; ai = ai->ai_next) {
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd >= 0 && connect_one(fd, ai, deadline) < 0) {
            e = errno;
            close(fd);
            fd = -1;
        } else if (fd < 0) {
            e = errno;
        }
    }
    freeaddrinfo(res);
    /* Request/response: without this, the first request after the
     * handshake (written right behind our Finished flight) waits for the
     * zone's delayed ACK — 40 ms on every command. */
    int one = 1;
    if (fd >= 0)
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fd < 0 && e == ETIMEDOUT)
        return fail_with(fail, err, errlen, ZT_FAIL_TCP, "connecting to %s timed out after %u ms",
                         zone, timeout_ms);
    if (fd < 0)
        return fail_with(fail, err, errlen, ZT_FAIL_TCP, "cannot connect to %s: %s", zone,
                         strerror(e));
    return fd;
}

/* The zone's certificate must name host: as an IP SAN for an address
 * literal, else as a DNS name (also sent as SNI). */
static int expect_name(SSL *ssl, const char *host)
{
    unsigned char bin[16];
    if (inet_pton(AF_INET, host, bin) == 1 || inet_pton(AF_INET6, host, bin) == 1)
        return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 ? 0 : -1;
    return SSL_set1_host(ssl, host) == 1 && SSL_set_tlsext_host_name(ssl, host) == 1 ? 0 : -1;
}

static int handshake(struct zt_client *c, const char *host, enum zt_conn_fail *fail, char *err,
                     size_t errlen)
{
    c->ssl = SSL_new(c->ctx);
    if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1 || expect_name(c->ssl, host) < 0) {
        ERR_clear_error();
        return fail_with(fail, err, errlen, ZT_FAIL_TLS, "cannot set up TLS for %s", host);
    }
    SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE);
    SSL_set_connect_state(c->ssl);
    for (;;) {
        ERR_clear_error();
        errno = 0;
        int r = SSL_connect(c->ssl);
        int sys = errno;
        if (r == 1)
            break;
        int rc = wait_or_fail(c, r, sys, PH_HANDSHAKE, fail, err, errlen);
        if (rc < 0)
            return rc;
    }
    c->connected = 1;
    return 0;
}

struct zt_client *zt_client_connect(const char *zone, const char *ca_file, const char *cert_file,
                                    const char *key_file, unsigned timeout_ms,
                                    enum zt_conn_fail *fail, char *err, size_t errlen)
{
    char host[256], port[8];
    enum zt_conn_fail ignored;
    if (!fail)
        fail = &ignored;
    *fail = ZT_FAIL_NONE;
    if (split_zone(zone, host, sizeof host, port, sizeof port) < 0) {
        fail_with(fail, err, errlen, ZT_FAIL_CONFIG, "zone address %s is not HOST:PORT", zone);
        return NULL;
    }
    zt_ignore_sigpipe();
    struct zt_client *c = calloc(1, sizeof *c);
    if (!c) {
        fail_with(fail, err, errlen, ZT_FAIL_CONFIG, "out of memory");
        return NULL;
    }
    c->fd = -1;
    c->timeout_ms = timeout_ms;
    char why[512];
    c->ctx = zt_tls_client_ctx(ca_file, cert_file, key_file, why, sizeof why);
    if (!c->ctx) {
        fail_with(fail, err, errlen, ZT_FAIL_CONFIG, "%s", why);
        zt_client_close(c);
        return NULL;
    }
    c->fd = connect_tcp(zone, host, port, timeout_ms, fail, err, errlen);
    if (c->fd < 0 || handshake(c, host, fail, err, errlen) < 0) {
        zt_client_close(c);
        return NULL;
    }
    return c;
}

/* ---- frames ----------------------------------------------------------- */

static int write_all(struct zt_client *c, const uint8_t *p, size_t n, enum zt_conn_fail *fail,
                     char *err, size_t errlen)
{
    size_t off = 0;
    while (off < n) {
        size_t k = 0;
        ERR_clear_error();
        errno = 0;
        int ok = SSL_write_ex(c->ssl, p + off, n - off, &k);
        int sys = errno;
        int rc = 0;
        if (ok)
            off += k; /* a retry after WANT_* repeats the same arguments */
        else if ((rc = wait_or_fail(c, 0, sys, PH_WRITE, fail, err, errlen)) < 0)
            return rc;
    }
    return 0;
}

/* Reads exactly n bytes; started says bytes of this frame came before. */
static int read_exact(struct zt_client *c, uint8_t *p, size_t n, int started,
                      enum zt_conn_fail *fail, char *err, size_t errlen)
{
    size_t got = 0;
    while (got < n) {
        size_t k = 0;
        ERR_clear_error();
        errno = 0;
        int ok = SSL_read_ex(c->ssl, p + got, n - got, &k);
        int sys = errno;
        int rc = 0;
        if (ok)
            got += k;
        else if ((rc = wait_or_fail(c, 0, sys, started || got ? PH_MIDFRAME : PH_READ, fail, err,
                                    errlen)) < 0)
            return rc;
    }
    return 0;
}

static int usable(struct zt_client *c, enum zt_conn_fail *fail, char *err, size_t errlen)
{
    if (!c->dead)
        return 0;
    return fail_with(fail, err, errlen, c->dead, "the connection to the zone already failed");
}

int zt_client_send(struct zt_client *c, const uint8_t *payload, size_t len,
                   enum zt_conn_fail *fail, char *err, size_t errlen)
{
    enum zt_conn_fail ignored;
    if (!fail)
        fail = &ignored;
    int rc = usable(c, fail, err, errlen);
    if (rc < 0)
        return rc;
    if (zt_frame_check(len, ZT_FRAME_MAX))
        return fail_with(fail, err, errlen, ZT_FAIL_PROTOCOL,
                         "cannot send a frame of %zu bytes (1 to %u)", len, ZT_FRAME_MAX);
    /* Header and the start of the payload share the first record. */
    uint8_t first[TLS_RECORD];
    size_t k = zt_frame_start(first, sizeof first, payload, len);
    rc = write_all(c, first, ZT_FRAME_HEADER + k, fail, err, errlen);
    return rc ? rc : write_all(c, payload + k, len - k, fail, err, errlen);
}

int zt_client_recv(struct zt_client *c, uint8_t **out, size_t *len, enum zt_conn_fail *fail,
                   char *err, size_t errlen)
{
    enum zt_conn_fail ignored;
    if (!fail)
        fail = &ignored;
    *out = NULL;
    *len = 0;
    uint8_t hdr[ZT_FRAME_HEADER];
    int rc = usable(c, fail, err, errlen);
    if (rc == 0)
        rc = read_exact(c, hdr, sizeof hdr, 0, fail, err, errlen);
    if (rc < 0)
        return rc;
    uint32_t n = zt_frame_length(hdr);
    int bad = zt_frame_check(n, ZT_FRAME_MAX);
    if (bad) {                      /* checked before allocating */
        c->dead = ZT_FAIL_PROTOCOL; /* the stream is out of step now */
        if (bad == -EPROTO)
            return fail_with(fail, err, errlen, ZT_FAIL_PROTOCOL,
                             "the zone sent a zero-length frame");
        return fail_with(fail, err, errlen, ZT_FAIL_PROTOCOL,
                         "the zone sent a frame of %u bytes, over the maximum %u", n,
                         ZT_FRAME_MAX);
    }
    uint8_t *buf = malloc(n);
    if (!buf)
        return fail_with(fail, err, errlen, ZT_FAIL_PROTOCOL, "out of memory for a %u-byte frame",
                         n);
    if ((rc = read_exact(c, buf, n, 1, fail, err, errlen)) < 0) {
        free(buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return 0;
}

void zt_client_close(struct zt_client *c)
{
    if (!c)
        return;
    if (c->ssl && c->connected && !c->dead) {
        /* One try at close_notify; the socket is non-blocking, we do not
         * wait for the zone's reply. */
        ERR_clear_error();
        SSL_shutdown(c->ssl);
    }
    SSL_free(c->ssl);
    if (c->fd >= 0)
        close(c->fd);
    SSL_CTX_free(c->ctx);
    ERR_clear_error();
    free(c);
}
