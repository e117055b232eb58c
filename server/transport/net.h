/* zoned's network layer: a libuv TCP listener, each connection wrapped in
 * TLS over memory BIOs (the loop never blocks on OpenSSL), then split into
 * length-prefixed frames (common/frame.h). Above this layer there are only
 * whole frames from authenticated peers. */
#ifndef ZT_NET_H
#define ZT_NET_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "tls.h"

struct zt_conn;
struct zt_server;

/* Every field is set by the caller (zoned from its configuration table,
 * server/daemon/zoned_conf.c, where the defaults live); zt_server_start
 * refuses a zero one. */
struct zt_net_limits {
    unsigned max_connections;   /* further accepts are closed at once */
    unsigned handshake_ms;      /* TLS handshake must finish within this;
                                   also bounds a polite close (zt_conn_close) */
    unsigned idle_ms;           /* no complete frame for this long: close */
    size_t max_frame;           /* payload bytes; bigger closes the conn
                                   (ZT_FRAME_MAX is the ceiling) */
    size_t max_pending_write;   /* unsent answer bytes; more and no further
                                   request of that peer is read until half
                                   has gone out */
    unsigned unread_ms;         /* over max_pending_write with none of it taken
                                   for this long: close */
    unsigned max_unauth_per_addr; /* connections from one address not yet past
                                   the TLS handshake; more are closed at once */
    unsigned frames_per_turn;   /* frames one connection is handed per loop
                                   iteration before the others' turn */
};

struct zt_net_handlers {
    /* A peer finished its handshake and its certificate names a known
     * identity. Optional. */
    void (*on_open)(struct zt_conn *c, void *ud);
    /* One whole frame's payload; valid only during the call. The handler
     * answers with zt_conn_send (now or later) and may zt_conn_close. */
    void (*on_frame)(struct zt_conn *c, const uint8_t *payload, size_t len, void *ud);
    /* The connection is going away; no more calls for c after this. Called
     * exactly once for each connection that reached on_open (even if
     * on_open closed it), never for one refused before that; it runs from
     * the libuv close callback, after which c is freed. */
    void (*on_close)(struct zt_conn *c, void *ud);
    void *ud;
};

/* Binds listen ("HOST:PORT", IPv4 or [IPv6]:PORT; port 0 picks a free one,
 * see zt_server_port) on loop and starts accepting. ctx is borrowed and must
 * outlive the server (or be swapped with zt_server_set_ctx); limits and h
 * are copied. Returns 0 or a negative errno / libuv error, with a one-line
 * reason in err. *out is NULL on failure, and then no handle is left on
 * loop. Sets SIGPIPE to ignored if it was at its default (libuv writes with
 * write(2)). */
int zt_server_start(uv_loop_t *loop, const char *listen, SSL_CTX *ctx,
                    const struct zt_net_limits *limits, const struct zt_net_handlers *h,
                    struct zt_server **out, char *err, size_t errlen);

/* New connections use ctx from now on (SIGHUP reload of certs and CRL);
 * ctx is borrowed, the caller frees the old one after this call (OpenSSL
 * reference counts keep live connections safe). Open connections whose
 * certificate a CRL of ctx revokes are closed (each logged), and so is a
 * handshake under way when it completes; returns how many were closed now. */
unsigned zt_server_set_ctx(struct zt_server *s, SSL_CTX *ctx);

/* Closes the listener and every connection; done_cb runs once every libuv
 * handle of the server is closed, after which s is freed. Call it once.
 * Open connections are closed politely (queued frames sent, close_notify),
 * each within handshake_ms; handshakes under way are cut at once. done_cb
 * (may be NULL) always runs from a libuv callback, never from inside this
 * call. */
void zt_server_stop(struct zt_server *s, void (*done_cb)(void *arg), void *arg);

/* The port the listener is bound to (the one picked when listen said 0). */
int zt_server_port(const struct zt_server *s);

/* Number of connections accepted and not yet freed, handshakes included
 * (what max_connections counts), for status. */
unsigned zt_server_connections(const struct zt_server *s);
/* Connections a request is still coming from: in the TLS handshake, open
 * with nothing asked yet, or part-way through a frame or with whole frames
 * waiting for their turn; not one whose answers are left unread. For a
 * layer above that gathers requests of several peers into one piece of
 * work (zoned's group commit) and asks whether waiting would bring more.
 * It is the transport's because only the transport sees handshakes and
 * half-read frames; it says nothing of what the requests are. */
unsigned zt_server_requests_coming(const struct zt_server *s);

/* Deferred answers: the layer above may answer a frame after on_frame has
 * returned (zoned's group commit answers pushes at the end of the loop
 * turn). It says so with zt_conn_defer_answer during on_frame, and calls
 * zt_conn_deferred_answered once it has sent that answer (or given up on
 * it); zt_conn_deferred_answers tells how many are still to come. The
 * transport keeps this count, not the layer above, because it is the
 * transport that closes: a peer that half-closes (EOF or close_notify)
 * right after asking still reads, so c is closed only once every deferred
 * answer has been sent. zt_conn_deferred_answered returns how many are
 * still to come. */
void zt_conn_defer_answer(struct zt_conn *c);
unsigned zt_conn_deferred_answered(struct zt_conn *c);
unsigned zt_conn_deferred_answers(const struct zt_conn *c);

/* 1 while c takes and answers frames (not closing or closed). */
int zt_conn_is_open(const struct zt_conn *c);

/* Queues one frame (header added here) for c. The payload is copied.
 * Returns 0 or a negative errno; on failure the connection is being closed
 * (-EPIPE: it already was; -EMSGSIZE: len is 0 or over ZT_FRAME_MAX;
 * -EIO). An answer is always queued: a peer with more than
 * max_pending_write unsent is asked nothing more until it reads (its
 * requests wait), and is closed when it takes none for unread_ms. */
int zt_conn_send(struct zt_conn *c, const uint8_t *payload, size_t len);

/* Sends what is queued, then closes the TLS session and the socket (the
 * peer gets handshake_ms to take it all; then the socket is closed anyway).
 * Safe to call more than once and from any handler; no further on_frame
 * calls follow, and c stays valid until on_close. */
void zt_conn_close(struct zt_conn *c);

/* Both point into c: valid until on_close returns. */
const struct zt_identity *zt_conn_identity(const struct zt_conn *c);
/* "ADDR:PORT" of the peer, for logs. */
const char *zt_conn_peer(const struct zt_conn *c);

/* Per-connection slot for the layer above, which owns what it points to
 * (free it in on_close; this layer never does). */
void zt_conn_set_data(struct zt_conn *c, void *data);
void *zt_conn_get_data(const struct zt_conn *c);

#endif
