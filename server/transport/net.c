/* zoned's network layer: TCP (libuv) -> TLS over memory BIOs -> frames.
 *
 * Life of a connection (state):
 *   HANDSHAKE  accepted; the timer bounds the TLS handshake (handshake_ms).
 *   OPEN       handshake done and the certificate names a known identity;
 *              on_open has run; the timer is the idle timer (idle_ms),
 *              restarted by every whole frame received. Reading pauses
 *              (uv_read_stop) in two cases: the connection has had its
 *              frames_per_turn this loop turn and waits for its next turn
 *              (the idle handle `turns` gives one to each waiting connection
 *              every loop iteration, between polls for everyone else); or
 *              more than max_pending_write of its answers are unsent
 *              ("unread"): then the timer is the unread timer (unread_ms,
 *              restarted whenever a write completes) and it reads again
 *              once half of that has gone out.
 *   CLOSING    polite close under way (zt_conn_close): close_notify queued
 *              if TLS is healthy, then uv_shutdown (sends our FIN once every
 *              queued write is out). Input is read and discarded meanwhile
 *              ("lingering"), so unread input never turns our close into a
 *              RST that would destroy the alert or the last frame we sent.
 *              It ends at the peer's EOF, a write error, or when the timer
 *              (handshake_ms again) runs out.
 *   CLOSED     uv_close called on both handles; the struct is freed, and
 *              on_close called if on_open was, in the last close callback.
 *
 * Nothing is freed synchronously, so a handler may call zt_conn_close or
 * even zt_server_stop from anywhere: the loops below re-check the state
 * after every call out and stop as soon as it is no longer OPEN. */
#include "net.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/in.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "frame.h"
#include "log.h"
#include "sock.h"

#define LISTEN_BACKLOG 128
#define READ_BUF_SIZE 65536
#define TLS_RECORD 16384              /* largest TLS plaintext record */
#define WRITE_CHUNK (4 * TLS_RECORD)  /* bounds what the write BIO holds */
#define KEEP_READER_BUF (256u << 10)  /* a larger idle frame buffer is freed */

enum conn_state { ST_HANDSHAKE, ST_OPEN, ST_CLOSING, ST_CLOSED };

struct zt_conn {
    struct zt_server *srv;
    struct zt_conn *prev, *next; /* srv->conns */
    uv_tcp_t tcp;
    uv_timer_t timer; /* handshake, then idle, then close grace */
    uv_shutdown_t shutdown;
    int handles; /* of tcp and timer, not yet closed */
    enum conn_state state;
    int counted;  /* in srv->nconns */
    int opened;   /* on_open was called, so on_close is owed */
    int tls_dead; /* fatal TLS error: no SSL_shutdown */
    int peer_eof;
    int asked;               /* a whole frame has come */
    int reading;             /* uv_read_start in force */
    int waiting_turn;        /* frames may be left: in line for the next turn */
    int unread;              /* over max_pending_write unsent: reading paused */
    unsigned turn_frames;    /* frames handed out in turn number `turn` */
    uint64_t turn;
    unsigned answers_deferred; /* frames whose answer is still to come (zt_conn_defer_answer) */
    int close_when_answered; /* the peer's EOF came while answers were deferred */
    SSL *ssl;
    struct zt_frame_reader frames;
    struct zt_identity id;
    struct sockaddr_storage addr; /* the peer's, for the per-address limit */
    char peer[64];
    char subject[72]; /* CN of a certificate that failed verification */
    void *data;
};

struct zt_server {
    uv_loop_t *loop;
    uv_tcp_t listener;
    uv_idle_t turns;   /* active while connections wait for a turn */
    uv_prepare_t tick; /* counts loop iterations: a turn is one */
    uint64_t turn;
    unsigned waiting;  /* connections with waiting_turn set */
    int handles;       /* of listener, turns and tick, not yet closed */
    SSL_CTX *ctx;
    struct zt_net_limits lim;
    struct zt_net_handlers h;
    struct zt_conn *conns;
    unsigned nconns;
    int port;
    int stopping;
    void (*done_cb)(void *arg);
    void *done_arg;
    /* Shared by every connection: each read is consumed (copied into the
     * connection's read BIO) before the read callback returns. */
    char rbuf[READ_BUF_SIZE];
};

/* Each uv_write owns its bytes until its callback. */
struct wreq {
    uv_write_t req;
    char data[];
};

static void hard_close(struct zt_conn *c);
static void on_timer(uv_timer_t *t);
static void want_turn(struct zt_conn *c);
static void pause_reading(struct zt_conn *c);
static void resume_reading(struct zt_conn *c);
static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf);
static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);

/* ---- small helpers ---------------------------------------------------- */

static const char *who(const struct zt_conn *c)
{
    return c->id.name[0] ? c->id.name : "?";
}

/* The limits' defaults are zoned's (server/daemon/zoned_conf.c), one place:
 * here a limit left at zero is the caller's mistake. Returns the first such
 * field's name, or NULL. */
static const char *unset_limit(const struct zt_net_limits *l)
{
    return !l->max_connections ? "max_connections"
           : !l->handshake_ms ? "handshake_ms"
           : !l->idle_ms ? "idle_ms"
           : !l->max_frame ? "max_frame"
           : !l->max_pending_write ? "max_pending_write"
           : !l->max_unauth_per_addr ? "max_unauth_per_addr"
           : !l->frames_per_turn ? "frames_per_turn"
           : !l->unread_ms ? "unread_ms"
                           : NULL;
}

/* "ADDR:PORT" or "[ADDR]:PORT" of a socket address. */
static void addr_text(const struct sockaddr *sa, char *buf, size_t size)
{
    char ip[64] = "?";
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        uv_ip4_name(in, ip, sizeof ip);
        snprintf(buf, size, "%s:%u", ip, (unsigned)ntohs(in->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        uv_ip6_name(in6, ip, sizeof ip);
        snprintf(buf, size, "[%s]:%u", ip, (unsigned)ntohs(in6->sin6_port));
    } else {
        snprintf(buf, size, "unknown peer");
    }
}

/* Certificate text goes into our logs: keep it printable and short, since
 * a refused certificate may come from anyone. */
static void record_subject(struct zt_conn *c, X509 *x)
{
    char cn[256];
    int n = x ? X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn,
                                          sizeof cn)
              : -1;
    if (n < 0)
        snprintf(cn, sizeof cn, "(no CN)");
    size_t i;
    for (i = 0; cn[i] && i < sizeof c->subject - 1; i++)
        c->subject[i] = (cn[i] >= 0x20 && cn[i] < 0x7f && cn[i] != '"') ? cn[i] : '?';
    c->subject[i] = '\0';
    ERR_clear_error();
}

/* ---- writing ---------------------------------------------------------- */

static size_t unsent(struct zt_conn *c)
{
    return uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp);
}

static void on_write(uv_write_t *req, int status)
{
    struct zt_conn *c = req->handle->data;
    free(req); /* req is the first member of its struct wreq */
    if (status < 0 && status != UV_ECANCELED && c->state != ST_CLOSED) {
        zt_debug("%s: write failed: %s", c->peer, uv_strerror(status));
        hard_close(c);
        return;
    }
    if (!c->unread || c->state != ST_OPEN)
        return;
    /* The peer takes its answers, if slowly: the unread timer starts again.
     * Once half the allowance is gone it is asked again (half, so that it
     * is not paused and resumed at every write). */
    if (unsent(c) > c->srv->lim.max_pending_write / 2) {
        uv_timer_start(&c->timer, on_timer, c->srv->lim.unread_ms, 0);
        return;
    }
    c->unread = 0;
    zt_debug("%s (%s) reads its answers again; reading its requests again", c->peer, who(c));
    uv_timer_start(&c->timer, on_timer, c->srv->lim.idle_ms, 0);
    want_turn(c);
}

/* Moves what OpenSSL wrote into the write BIO onto the socket. Called after
 * every SSL call: any of them may produce output (alerts, key updates).
 * Returns 0, or -1 when the connection was hard-closed. */
static int flush(struct zt_conn *c)
{
    if (c->state == ST_CLOSED)
        return -1;
    BIO *wbio = SSL_get_wbio(c->ssl);
    size_t n = BIO_ctrl_pending(wbio);
    if (n == 0)
        return 0;
    struct wreq *w = malloc(sizeof *w + n);
    size_t got = 0;
    if (!w || !BIO_read_ex(wbio, w->data, n, &got) || got != n) {
        zt_err("%s: out of memory sending; closing", c->peer);
        free(w);
        hard_close(c);
        return -1;
    }
    uv_buf_t buf = uv_buf_init(w->data, (unsigned)n);
    int rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, on_write);
    if (rc < 0) {
        free(w);
        zt_debug("%s: write failed: %s", c->peer, uv_strerror(rc));
        hard_close(c);
        return -1;
    }
    return 0;
}

/* One SSL_write (a memory BIO takes it all at once), then flush. */
static int tls_write(struct zt_conn *c, const void *p, size_t n)
{
    size_t done = 0;
    char why[256] = "";
    ERR_clear_error();
    int ok = SSL_write_ex(c->ssl, p, n, &done);
    if (!ok)
        zt_tls_last_error(why, sizeof why);
    if (flush(c) < 0)
        return -1;
    if (!ok || done != n) {
        c->tls_dead = 1;
        zt_err("%s (%s): TLS write failed: %s; closing", c->peer, who(c), why);
        hard_close(c);
        return -1;
    }
    return 0;
}

/* A peer that leaves more than max_pending_write of answers unread gets no
 * more answers to make: its requests wait in the socket (TCP pushes back)
 * until it reads. If it takes none of them for unread_ms, it is closed.
 * A big answer to a slow link pauses it too, which is flow control, not
 * a fault: debug only. */
static void note_unread(struct zt_conn *c)
{
    size_t queued = unsent(c);
    if (c->unread || c->state != ST_OPEN || queued <= c->srv->lim.max_pending_write)
        return;
    c->unread = 1;
    pause_reading(c);
    uv_timer_start(&c->timer, on_timer, c->srv->lim.unread_ms, 0);
    zt_debug("%s (%s): %zu bytes of answers unread; its requests wait until it reads them",
             c->peer, who(c), queued);
}

int zt_conn_send(struct zt_conn *c, const uint8_t *payload, size_t len)
{
    if (c->state != ST_OPEN)
        return -EPIPE;
    if (zt_frame_check(len, ZT_FRAME_MAX)) {
        zt_err("%s (%s): refusing to send a frame of %zu bytes; closing", c->peer, who(c), len);
        zt_conn_close(c);
        return -EMSGSIZE;
    }
    /* Header and the start of the payload share the first record. */
    uint8_t first[TLS_RECORD];
    size_t k = zt_frame_start(first, sizeof first, payload, len);
    if (tls_write(c, first, ZT_FRAME_HEADER + k) < 0)
        return -EIO;
    for (size_t off = k; off < len; off += WRITE_CHUNK) {
        size_t n = len - off < WRITE_CHUNK ? len - off : WRITE_CHUNK;
        if (tls_write(c, payload + off, n) < 0)
            return -EIO;
    }
    note_unread(c);
    return 0;
}

/* ---- closing ---------------------------------------------------------- */

static void maybe_done(struct zt_server *s)
{
    if (!s->stopping || s->handles || s->conns)
        return;
    if (s->done_cb)
        s->done_cb(s->done_arg);
    free(s);
}

static void unlink_conn(struct zt_conn *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        c->srv->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
}

/* The one place a connection is freed: after both its handles closed. */
static void on_handle_closed(uv_handle_t *h)
{
    struct zt_conn *c = h->data;
    if (--c->handles > 0)
        return;
    struct zt_server *s = c->srv;
    unlink_conn(c);
    if (c->counted)
        s->nconns--;
    if (c->waiting_turn)
        s->waiting--;
    if (c->opened && s->h.on_close)
        s->h.on_close(c, s->h.ud);
    SSL_free(c->ssl);
    zt_frame_reader_free(&c->frames);
    free(c);
    maybe_done(s);
}

/* Closes the socket now; queued writes are cancelled. */
static void hard_close(struct zt_conn *c)
{
    if (c->state == ST_CLOSED)
        return;
    c->state = ST_CLOSED;
    uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
    uv_close((uv_handle_t *)&c->timer, on_handle_closed);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
    struct zt_conn *c = req->data;
    if (status == UV_ECANCELED || c->state == ST_CLOSED)
        return;
    /* Our last bytes are out. Otherwise linger until the peer's EOF (or
     * the timer), except when the server stops: then don't wait. */
    if (status < 0 || c->peer_eof || c->srv->stopping)
        hard_close(c);
}

void zt_conn_defer_answer(struct zt_conn *c)
{
    c->answers_deferred++;
}

unsigned zt_conn_deferred_answered(struct zt_conn *c)
{
    if (c->answers_deferred)
        c->answers_deferred--;
    if (!c->answers_deferred && c->close_when_answered && c->state == ST_OPEN)
        zt_conn_close(c);
    return c->answers_deferred;
}

unsigned zt_conn_deferred_answers(const struct zt_conn *c)
{
    return c->answers_deferred;
}

int zt_conn_is_open(const struct zt_conn *c)
{
    return c->state == ST_OPEN;
}

void zt_conn_close(struct zt_conn *c)
{
    if (c->state == ST_CLOSING || c->state == ST_CLOSED)
        return;
    int was_open = c->state == ST_OPEN;
    c->state = ST_CLOSING;
    resume_reading(c); /* lingering reads (and drops) until the peer's EOF */
    if (was_open && !c->tls_dead) {
        /* Queues our close_notify; we do not wait for the peer's. */
        ERR_clear_error();
        SSL_shutdown(c->ssl);
        ERR_clear_error();
        if (flush(c) < 0)
            return;
    }
    uv_timer_start(&c->timer, on_timer, c->srv->lim.handshake_ms, 0);
    if (uv_shutdown(&c->shutdown, (uv_stream_t *)&c->tcp, on_shutdown) < 0)
        hard_close(c);
}

/* ---- reading ---------------------------------------------------------- */

/* One warn line for a failed handshake. code is the OpenSSL error, which
 * tells an alert the peer sent (it refused us) from our own refusal. */
static void log_refusal(struct zt_conn *c, unsigned long code, const char *why)
{
    long v = SSL_get_verify_result(c->ssl);
    struct zt_identity id;
    if (ERR_GET_LIB(code) == ERR_LIB_SSL && ERR_GET_REASON(code) >= SSL_AD_REASON_OFFSET)
        zt_warn("%s ended the TLS handshake: %s", c->peer, why);
    else if (v == X509_V_ERR_CERT_REJECTED && c->subject[0] &&
        zt_identity_parse(c->subject, &id) < 0)
        zt_warn("refused %s: certificate subject \"%s\" is neither school:<URN> nor "
                "coordinator:<name>",
                c->peer, c->subject);
    else if (v != X509_V_OK && c->subject[0])
        zt_warn("refused %s: certificate verify failed: %s (subject \"%s\")", c->peer,
                X509_verify_cert_error_string(v), c->subject);
    else if (v != X509_V_OK)
        zt_warn("refused %s: certificate verify failed: %s", c->peer,
                X509_verify_cert_error_string(v));
    else
        zt_warn("refused %s: TLS handshake failed: %s", c->peer, why);
}

/* The handshake is complete: admit the peer if its certificate names a
 * known identity (tls.c already refuses others during the handshake; this
 * is the check that the layer above relies on). */
static void admit(struct zt_conn *c)
{
    if (zt_identity_of_peer(c->ssl, &c->id) < 0) {
        zt_warn("refused %s: certificate names no known identity", c->peer);
        zt_conn_close(c);
        return;
    }
    /* A handshake that began before a reload was checked against the old CRL. */
    if (SSL_get_SSL_CTX(c->ssl) != c->srv->ctx &&
        zt_tls_revoked(c->srv->ctx, SSL_get0_peer_certificate(c->ssl))) {
        zt_warn("refused %s (%s): certificate revoked by the reloaded CRL", c->peer, c->id.name);
        zt_conn_close(c);
        return;
    }
    c->state = ST_OPEN;
    c->opened = 1; /* before on_open: on_close is owed even if it closes */
    uv_timer_start(&c->timer, on_timer, c->srv->lim.idle_ms, 0);
    zt_info("accepted %s as %s", c->peer, c->id.name);
    if (c->srv->h.on_open)
        c->srv->h.on_open(c, c->srv->h.ud);
}

static void handshake(struct zt_conn *c)
{
    char why[256] = "";
    unsigned long code = 0;
    ERR_clear_error();
    int r = SSL_do_handshake(c->ssl);
    int e = r == 1 ? SSL_ERROR_NONE : SSL_get_error(c->ssl, r);
    if (e != SSL_ERROR_NONE && e != SSL_ERROR_WANT_READ) {
        code = ERR_peek_last_error();
        zt_tls_last_error(why, sizeof why);
    }
    if (flush(c) < 0 || e == SSL_ERROR_WANT_READ)
        return;
    if (e != SSL_ERROR_NONE) {
        c->tls_dead = 1;
        log_refusal(c, code, why);
        zt_conn_close(c); /* politely, so our alert reaches the peer */
        return;
    }
    admit(c);
}

static void frame_error(struct zt_conn *c, int rc)
{
    if (rc == -EMSGSIZE)
        zt_warn("%s (%s): frame over %zu bytes; closing", c->peer, who(c),
                c->srv->lim.max_frame);
    else if (rc == -EPROTO)
        zt_warn("%s (%s): zero-length frame; closing", c->peer, who(c));
    else
        zt_err("%s (%s): cannot buffer a frame: %s; closing", c->peer, who(c), strerror(-rc));
    zt_conn_close(c);
}

/* 1 while c may be handed another frame in this loop iteration: a peer
 * with many requests queued takes turns with everyone else, and one that
 * leaves its answers unread is asked nothing more. */
static int may_take(struct zt_conn *c)
{
    if (c->turn != c->srv->turn) {
        c->turn = c->srv->turn;
        c->turn_frames = 0;
    }
    return c->state == ST_OPEN && !c->unread && c->turn_frames < c->srv->lim.frames_per_turn;
}

/* Hands out the whole frames the reader holds while c may take them.
 * Returns 0, or -1 when the connection is no longer open (a frame error,
 * or a handler closed it). The reader holds at most max_frame + header +
 * one record beyond what waits for a turn: an oversize length is refused
 * as soon as its header is in. */
static int hand_frames(struct zt_conn *c)
{
    const uint8_t *payload;
    size_t len;
    int rc = 0;
    while (may_take(c) && (rc = zt_frame_next(&c->frames, &payload, &len)) == 1) {
        uv_timer_start(&c->timer, on_timer, c->srv->lim.idle_ms, 0);
        c->asked = 1;
        c->turn_frames++;
        c->srv->h.on_frame(c, payload, len, c->srv->h.ud);
        if (c->state != ST_OPEN)
            return -1;
        rc = 0;
    }
    if (rc < 0) {
        frame_error(c, rc);
        return -1;
    }
    return 0;
}

/* After a big frame, give its buffer back rather than hold it while idle. */
static void trim_reader(struct zt_conn *c)
{
    if (zt_frame_pending(&c->frames) == 0 && c->frames.cap > KEEP_READER_BUF) {
        size_t max = c->frames.max;
        zt_frame_reader_free(&c->frames);
        zt_frame_reader_init(&c->frames, max);
    }
}

/* The peer has said all it will (EOF or close_notify). A half-closed peer
 * still reads: the answers deferred for it go out first (zt_conn_defer_answer). */
static void close_when_answered(struct zt_conn *c)
{
    if (c->answers_deferred)
        c->close_when_answered = 1;
    else
        zt_conn_close(c);
}

static void tls_read_error(struct zt_conn *c, int e, const char *why)
{
    if (e == SSL_ERROR_WANT_READ)
        return;
    if (e == SSL_ERROR_ZERO_RETURN) {
        zt_debug("%s (%s) closed the session", c->peer, who(c));
        close_when_answered(c);
        return;
    }
    c->tls_dead = 1;
    zt_warn("%s (%s): TLS error: %s; closing", c->peer, who(c), why);
    zt_conn_close(c);
}

/* Hands out frames and decrypts what the read BIO holds (SSL_read until
 * WANT_READ) for as long as c may take frames; then reads the socket
 * again, or waits for a turn, or for the peer to read its answers. */
static void read_records(struct zt_conn *c)
{
    uint8_t buf[TLS_RECORD];
    for (;;) {
        if (hand_frames(c) < 0)
            return;
        if (!may_take(c))
            break;
        size_t n = 0;
        char why[256] = "";
        ERR_clear_error();
        int ok = SSL_read_ex(c->ssl, buf, sizeof buf, &n);
        int e = ok ? SSL_ERROR_NONE : SSL_get_error(c->ssl, 0);
        if (e != SSL_ERROR_NONE && e != SSL_ERROR_WANT_READ && e != SSL_ERROR_ZERO_RETURN)
            zt_tls_last_error(why, sizeof why);
        if (flush(c) < 0)
            return;
        if (!ok) {
            tls_read_error(c, e, why);
            break;
        }
        int rc = zt_frame_feed(&c->frames, buf, n);
        if (rc < 0) {
            frame_error(c, rc);
            return;
        }
    }
    if (c->state != ST_OPEN)
        return;
    if (may_take(c)) {
        trim_reader(c);
        resume_reading(c);
    } else {
        pause_reading(c);
        if (!c->unread)
            want_turn(c);
    }
}

/* ---- turns ------------------------------------------------------------- */

static void pause_reading(struct zt_conn *c)
{
    if (c->reading && c->state != ST_CLOSED)
        uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = 0;
}

static void resume_reading(struct zt_conn *c)
{
    if (c->reading || c->state == ST_CLOSED)
        return;
    int rc = uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
    if (rc < 0) {
        zt_err("%s: cannot read: %s", c->peer, uv_strerror(rc));
        hard_close(c);
        return;
    }
    c->reading = 1;
}

static void on_turns(uv_idle_t *idle)
{
    struct zt_server *s = idle->data;
    /* Nothing is freed during the walk (see top); a connection given its
     * turn may join the line again, for the next iteration. */
    for (struct zt_conn *c = s->conns; c && s->waiting; c = c->next) {
        if (!c->waiting_turn)
            continue;
        c->waiting_turn = 0;
        s->waiting--;
        if (c->state == ST_OPEN)
            read_records(c);
    }
    if (!s->waiting)
        uv_idle_stop(idle);
}

/* Frames may be left in c's buffers: it reads on in the next iteration. */
static void want_turn(struct zt_conn *c)
{
    if (c->waiting_turn || c->state != ST_OPEN)
        return;
    c->waiting_turn = 1;
    if (c->srv->waiting++ == 0)
        uv_idle_start(&c->srv->turns, on_turns);
}

static void on_tick(uv_prepare_t *tick)
{
    ((struct zt_server *)tick->data)->turn++;
}

static void peer_gone(struct zt_conn *c, ssize_t nread)
{
    if (nread == UV_EOF)
        c->peer_eof = 1;
    const char *why = nread == UV_EOF ? "closed the connection" : uv_strerror((int)nread);
    switch (c->state) {
    case ST_HANDSHAKE:
        zt_info("%s: %s during the TLS handshake", c->peer, why);
        hard_close(c);
        break;
    case ST_OPEN:
        zt_debug("%s (%s): %s", c->peer, who(c), why);
        if (nread == UV_EOF)
            close_when_answered(c); /* still send what is queued: it may read on */
        else
            hard_close(c);
        break;
    case ST_CLOSING: /* lingering is over */
        hard_close(c);
        break;
    case ST_CLOSED:
        break;
    }
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    struct zt_conn *c = h->data;
    *buf = uv_buf_init(c->srv->rbuf, sizeof c->srv->rbuf);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    struct zt_conn *c = stream->data;
    if (nread == 0)
        return;
    if (nread < 0) {
        peer_gone(c, nread);
        return;
    }
    if (c->state != ST_HANDSHAKE && c->state != ST_OPEN)
        return; /* lingering: input is discarded */
    size_t put = 0;
    if (!BIO_write_ex(SSL_get_rbio(c->ssl), buf->base, (size_t)nread, &put) ||
        put != (size_t)nread) {
        zt_err("%s: out of memory reading; closing", c->peer);
        hard_close(c);
        return;
    }
    if (c->state == ST_HANDSHAKE)
        handshake(c);
    if (c->state == ST_OPEN) /* frames may have come with the Finished */
        read_records(c);
}

static void on_timer(uv_timer_t *t)
{
    struct zt_conn *c = t->data;
    switch (c->state) {
    case ST_HANDSHAKE:
        zt_warn("refused %s: no TLS handshake within %u ms", c->peer,
                c->srv->lim.handshake_ms);
        hard_close(c);
        break;
    case ST_OPEN:
        if (c->unread) {
            zt_warn("%s (%s): %zu bytes of answers unsent, none taken for %u ms; closing",
                    c->peer, who(c), unsent(c), c->srv->lim.unread_ms);
            hard_close(c); /* a polite close would wait on the same unread answers */
            break;
        }
        zt_info("%s (%s): nothing received for %u ms; closing", c->peer, who(c),
                c->srv->lim.idle_ms);
        zt_conn_close(c);
        break;
    case ST_CLOSING: /* the peer did not let a polite close finish */
        hard_close(c);
        break;
    case ST_CLOSED:
        break;
    }
}

/* ---- accepting -------------------------------------------------------- */

/* Records, for the refusal log line, the subject of a certificate that
 * failed verification; the context's own callback (tls.c) decides. */
static int on_verify(int ok, X509_STORE_CTX *x)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx());
    SSL_verify_cb policy = SSL_CTX_get_verify_callback(SSL_get_SSL_CTX(ssl));
    if (policy)
        ok = policy(ok, x);
    struct zt_conn *c = SSL_get_app_data(ssl);
    if (!ok && c && !c->subject[0])
        record_subject(c, X509_STORE_CTX_get0_cert(x));
    return ok;
}

static int setup_tls(struct zt_conn *c)
{
    BIO *rbio = NULL, *wbio = NULL;
    c->ssl = SSL_new(c->srv->ctx);
    if (!c->ssl || !(rbio = BIO_new(BIO_s_mem())) || !(wbio = BIO_new(BIO_s_mem()))) {
        BIO_free(rbio);
        return -1;
    }
    /* An empty read BIO means "wait for more", never EOF. */
    BIO_set_mem_eof_return(rbio, -1);
    BIO_set_mem_eof_return(wbio, -1);
    SSL_set_bio(c->ssl, rbio, wbio); /* the SSL owns both now */
    SSL_set_accept_state(c->ssl);
    SSL_set_app_data(c->ssl, c);
    SSL_set_verify(c->ssl, SSL_get_verify_mode(c->ssl), on_verify);
    return 0;
}

/* A connection struct with both handles initialised, linked into s. */
static struct zt_conn *new_conn(struct zt_server *s)
{
    struct zt_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->srv = s;
    uv_tcp_init(s->loop, &c->tcp);
    uv_timer_init(s->loop, &c->timer);
    c->handles = 2;
    c->tcp.data = c->timer.data = c->shutdown.data = c;
    zt_frame_reader_init(&c->frames, s->lim.max_frame);
    c->next = s->conns;
    if (s->conns)
        s->conns->prev = c;
    s->conns = c;
    return c;
}

static void peer_name(struct zt_conn *c)
{
    int len = sizeof c->addr;
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&c->addr, &len) == 0)
        addr_text((const struct sockaddr *)&c->addr, c->peer, sizeof c->peer);
    else
        snprintf(c->peer, sizeof c->peer, "unknown peer");
}

/* 1 when a and b are the same host (the port aside). */
static int same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    if (a->ss_family != b->ss_family)
        return 0;
    if (a->ss_family == AF_INET)
        return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
               ((const struct sockaddr_in *)b)->sin_addr.s_addr;
    if (a->ss_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
                      &((const struct sockaddr_in6 *)b)->sin6_addr, sizeof(struct in6_addr)) == 0;
    return 0;
}

/* Connections from c's host that have not (yet) shown a good certificate:
 * handshakes under way, and failed ones lingering in their close. */
static unsigned unauthenticated_from(const struct zt_conn *c)
{
    unsigned n = 0;
    for (const struct zt_conn *o = c->srv->conns; o; o = o->next)
        n += o != c && o->counted && !o->opened && o->state != ST_CLOSED &&
             same_host(&o->addr, &c->addr);
    return n;
}

static void on_connection(uv_stream_t *listener, int status)
{
    struct zt_server *s = listener->data;
    if (status < 0) {
        zt_warn("accepting a connection failed: %s", uv_strerror(status));
        return;
    }
    struct zt_conn *c = new_conn(s);
    if (!c) {
        zt_err("out of memory accepting a connection");
        return;
    }
    if (uv_accept(listener, (uv_stream_t *)&c->tcp) < 0) {
        hard_close(c);
        return;
    }
    peer_name(c);
    if (s->nconns >= s->lim.max_connections) {
        zt_warn("refused %s: too many connections (%u)", c->peer, s->lim.max_connections);
        hard_close(c);
        return;
    }
    if (unauthenticated_from(c) >= s->lim.max_unauth_per_addr) {
        zt_warn("refused %s: %u connections from that address have not finished a TLS handshake "
                "(max_unauthenticated_per_address)",
                c->peer, s->lim.max_unauth_per_addr);
        hard_close(c);
        return;
    }
    c->counted = 1;
    s->nconns++;
    if (setup_tls(c) < 0) {
        char why[256];
        zt_err("%s: cannot set up TLS: %s", c->peer, zt_tls_last_error(why, sizeof why));
        hard_close(c);
        return;
    }
    uv_tcp_nodelay(&c->tcp, 1); /* request/response: don't hold small answers back */
    uv_timer_start(&c->timer, on_timer, s->lim.handshake_ms, 0);
    resume_reading(c);
}

/* ---- the server ------------------------------------------------------- */

/* "A.B.C.D:PORT" or "[V6]:PORT", literals only, into ss. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss)
{
    char host[64];
    unsigned port;
    if (zt_split_hostport(listen, host, sizeof host, &port))
        return -EINVAL;
    memset(ss, 0, sizeof *ss);
    if (listen[0] == '[')
        return uv_ip6_addr(host, (int)port, (struct sockaddr_in6 *)ss) ? -EINVAL : 0;
    return uv_ip4_addr(host, (int)port, (struct sockaddr_in *)ss) ? -EINVAL : 0;
}

/* Socket, bind and listen done here rather than by libuv, so that every
 * likely failure happens before a libuv handle exists (nothing to close).
 * On success ss holds the bound address (the port picked for port 0). */
static int bind_listen(struct sockaddr_storage *ss, int *fd_out, int *port)
{
    socklen_t len = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                              : sizeof(struct sockaddr_in);
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (const struct sockaddr *)ss, len) < 0 || listen(fd, LISTEN_BACKLOG) < 0 ||
        getsockname(fd, (struct sockaddr *)ss, &len) < 0) {
        int e = -errno;
        close(fd);
        return e;
    }
    *port = ntohs(ss->ss_family == AF_INET6 ? ((struct sockaddr_in6 *)ss)->sin6_port
                                            : ((struct sockaddr_in *)ss)->sin_port);
    *fd_out = fd;
    return 0;
}

static void on_server_handle_closed(uv_handle_t *h)
{
    struct zt_server *s = h->data;
    s->handles--;
    maybe_done(s);
}

static void free_server(uv_handle_t *h)
{
    free(h->data);
}

static struct zt_server *new_server(uv_loop_t *loop, SSL_CTX *ctx,
                                    const struct zt_net_limits *limits,
                                    const struct zt_net_handlers *h)
{
    struct zt_server *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->loop = loop;
    s->ctx = ctx;
    s->lim = *limits;
    if (s->lim.max_frame > ZT_FRAME_MAX)
        s->lim.max_frame = ZT_FRAME_MAX;
    s->h = *h;
    s->listener.data = s;
    return s;
}

int zt_server_start(uv_loop_t *loop, const char *listen, SSL_CTX *ctx,
                    const struct zt_net_limits *limits, const struct zt_net_handlers *h,
                    struct zt_server **out, char *err, size_t errlen)
{
    *out = NULL;
    const char *unset = unset_limit(limits);
    if (unset) {
        snprintf(err, errlen, "limit %s is not set", unset);
        return -EINVAL;
    }
    struct sockaddr_storage ss;
    if (parse_listen(listen, &ss) < 0) {
        snprintf(err, errlen, "listen address %s is not IPv4:PORT or [IPv6]:PORT", listen);
        return -EINVAL;
    }
    struct zt_server *s = new_server(loop, ctx, limits, h);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    int fd = -1;
    int rc = bind_listen(&ss, &fd, &s->port);
    if (rc < 0) {
        snprintf(err, errlen, "cannot listen on %s: %s", listen, strerror(-rc));
        free(s);
        return rc;
    }
    zt_ignore_sigpipe(); /* libuv writes with write(2) */
    uv_tcp_init(loop, &s->listener);
    rc = uv_tcp_open(&s->listener, fd);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&s->listener, LISTEN_BACKLOG, on_connection);
    if (rc < 0) {
        /* Not expected once listen(2) worked. The handle exists now, so s
         * is freed by its close callback when the loop next runs. */
        snprintf(err, errlen, "cannot listen on %s: %s", listen, uv_strerror(rc));
        if (uv_fileno((uv_handle_t *)&s->listener, &(uv_os_fd_t){0}) < 0)
            close(fd); /* uv_tcp_open did not take it */
        uv_close((uv_handle_t *)&s->listener, free_server);
        return rc;
    }
    uv_idle_init(loop, &s->turns); /* neither can fail */
    uv_prepare_init(loop, &s->tick);
    s->turns.data = s->tick.data = s;
    uv_prepare_start(&s->tick, on_tick);
    s->handles = 3;
    char where[80];
    addr_text((const struct sockaddr *)&ss, where, sizeof where);
    zt_info("listening on %s", where);
    *out = s;
    return 0;
}

unsigned zt_server_set_ctx(struct zt_server *s, SSL_CTX *ctx)
{
    s->ctx = ctx; /* each SSL_new takes its own reference */
    unsigned closed = 0;
    for (struct zt_conn *c = s->conns; c; c = c->next) {
        if (c->state != ST_OPEN || !zt_tls_revoked(ctx, SSL_get0_peer_certificate(c->ssl)))
            continue;
        zt_warn("closing %s (%s): its certificate is revoked by the reloaded CRL", c->peer,
                c->id.name);
        zt_conn_close(c);
        closed++;
    }
    return closed;
}

void zt_server_stop(struct zt_server *s, void (*done_cb)(void *arg), void *arg)
{
    if (s->stopping)
        return;
    s->stopping = 1;
    s->done_cb = done_cb;
    s->done_arg = arg;
    uv_close((uv_handle_t *)&s->listener, on_server_handle_closed);
    uv_close((uv_handle_t *)&s->turns, on_server_handle_closed);
    uv_close((uv_handle_t *)&s->tick, on_server_handle_closed);
    /* No connection is freed before a later close callback, so the list
     * stays intact while we walk it. */
    for (struct zt_conn *c = s->conns; c; c = c->next) {
        if (c->state == ST_HANDSHAKE)
            hard_close(c);
        else
            zt_conn_close(c);
    }
}

int zt_server_port(const struct zt_server *s)
{
    return s->port;
}

unsigned zt_server_connections(const struct zt_server *s)
{
    return s->nconns;
}

unsigned zt_server_requests_coming(const struct zt_server *s)
{
    unsigned n = 0;
    for (const struct zt_conn *c = s->conns; c; c = c->next)
        n += c->state == ST_HANDSHAKE ||
             (c->state == ST_OPEN && !c->unread &&
              (!c->asked || zt_frame_pending(&c->frames) > 0));
    return n;
}

const struct zt_identity *zt_conn_identity(const struct zt_conn *c)
{
    return &c->id;
}

const char *zt_conn_peer(const struct zt_conn *c)
{
    return c->peer;
}

void zt_conn_set_data(struct zt_conn *c, void *data)
{
    c->data = data;
}

void *zt_conn_get_data(const struct zt_conn *c)
{
    return c->data;
}
