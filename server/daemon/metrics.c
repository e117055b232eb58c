#include "metrics.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "grow.h"
#include "log.h"
#include "sock.h"
#include "status.h"

struct scrape;

struct zt_metrics {
    uv_tcp_t listener;
    struct zt_service *svc;
    struct zt_metrics_limits lim;
    struct scrape *scrapes; /* in flight, so stopping can close them */
    unsigned nscrapes;
};

/* One scrape: read whatever the client sends, answer once, close; the
 * timer closes it if that has not happened within timeout_ms. */
struct scrape {
    uv_tcp_t tcp;
    uv_timer_t timer;
    int handles; /* of tcp and timer, not yet closed */
    struct zt_metrics *m;
    struct scrape *prev, *next;
    uv_write_t write;
    char *body;
    int answered;
    char buf[1024];
};

static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    if (!*buf)
        return;
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            free(*buf), *buf = NULL;
            return;
        }
        if ((size_t)n < *cap - *len) {
            *len += (size_t)n;
            return;
        }
        if (ZT_GROW_TO(*buf, *len + (size_t)n + 1, *cap, 4096)) {
            free(*buf), *buf = NULL;
            return;
        }
    }
}

#define GAUGE(name, help, value)                                                                  \
    append(&b, &len, &cap, "# HELP " name " " help "\n# TYPE " name " gauge\n" name " %llu\n",     \
           (unsigned long long)(value))
#define COUNTER(name, help, value)                                                                \
    append(&b, &len, &cap, "# HELP " name " " help "\n# TYPE " name " counter\n" name " %llu\n",   \
           (unsigned long long)(value))

char *zt_metrics_text(struct zt_service *svc)
{
    struct zt_status st;
    if (zt_status_gather(svc, &st)) {
        zt_status_free(&st);
        return NULL;
    }
    size_t len = 0, cap = 4096;
    char *b = malloc(cap);
    GAUGE("zoned_up", "1 while zoned serves.", 1);
    GAUGE("zoned_start_time_seconds", "Unix time zoned started.", st.started);
    GAUGE("zoned_connections", "Open agent and coordinator connections.", st.connections);
    COUNTER("zoned_pushes_total", "Push batches acknowledged since start.", st.pushes);
    COUNTER("zoned_refused_total", "Requests refused as not allowed since start.", st.refused);
    GAUGE("zoned_store_bytes", "Size of the LMDB data in use.", st.store_bytes);
    GAUGE("zoned_map_bytes", "Size of the LMDB map reserved.", st.map_bytes);
    GAUGE("zoned_pupils", "Pupils on any roll in the zone.", st.pupils);
    GAUGE("zoned_open_alerts", "Open family_meeting and watch alerts.", st.open_alerts);
    if (st.crl_expiry)
        append(&b, &len, &cap,
               "# HELP zoned_crl_expires_seconds Seconds until the CRL runs out (negative: it has, "
               "and every client is refused).\n# TYPE zoned_crl_expires_seconds gauge\n"
               "zoned_crl_expires_seconds %lld\n",
               (long long)(st.crl_expiry - st.now));
    append(&b, &len, &cap,
           "# HELP zoned_school_last_sync_timestamp_seconds Unix time of each school's last push.\n"
           "# TYPE zoned_school_last_sync_timestamp_seconds gauge\n");
    for (size_t i = 0; i < st.nschools; i++)
        append(&b, &len, &cap, "zoned_school_last_sync_timestamp_seconds{school=\"%06u\"} %lld\n",
               st.schools[i].school, (long long)st.schools[i].last_sync);
    append(&b, &len, &cap, "# HELP zoned_school_stale 1 when a school has not synced within stale_sync_hours.\n"
                           "# TYPE zoned_school_stale gauge\n");
    for (size_t i = 0; i < st.nschools; i++)
        append(&b, &len, &cap, "zoned_school_stale{school=\"%06u\"} %d\n", st.schools[i].school,
               st.schools[i].stale);
    zt_status_free(&st);
    return b;
}

static void on_scrape_closed(uv_handle_t *h)
{
    struct scrape *s = h->data;
    if (--s->handles > 0)
        return;
    s->m->nscrapes--;
    if (s->prev)
        s->prev->next = s->next;
    else
        s->m->scrapes = s->next;
    if (s->next)
        s->next->prev = s->prev;
    free(s->body);
    free(s);
}

static void close_scrape(struct scrape *s)
{
    if (uv_is_closing((uv_handle_t *)&s->tcp))
        return;
    uv_close((uv_handle_t *)&s->tcp, on_scrape_closed);
    uv_close((uv_handle_t *)&s->timer, on_scrape_closed);
}

static void on_written(uv_write_t *w, int status)
{
    (void)status;
    close_scrape(w->data);
}

static void on_scrape_timeout(uv_timer_t *t)
{
    close_scrape(t->data);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    struct scrape *s = h->data;
    *buf = uv_buf_init(s->buf, sizeof s->buf);
}

static void on_request(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    (void)buf;
    struct scrape *s = stream->data;
    if (nread == 0)
        return;
    if (nread < 0 || s->answered) {
        if (!s->answered)
            close_scrape(s);
        return;
    }
    s->answered = 1;
    uv_read_stop(stream);
    char *text = zt_metrics_text(s->m->svc);
    const char *body = text ? text : "zoned_up 0\n";
    size_t n = strlen(body) + 128;
    s->body = malloc(n);
    if (!s->body) {
        free(text);
        close_scrape(s);
        return;
    }
    int len = snprintf(s->body, n,
                       "HTTP/1.0 %s\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: %zu\r\n\r\n%s",
                       text ? "200 OK" : "503 Service Unavailable", strlen(body), body);
    free(text);
    uv_buf_t out = uv_buf_init(s->body, (unsigned)len);
    s->write.data = s;
    if (uv_write(&s->write, stream, &out, 1, on_written) < 0)
        close_scrape(s);
}

/* Every connection is accepted, so none waits in the backlog holding a
 * descriptor; over max_connections it is closed at once. */
static void on_connection(uv_stream_t *listener, int status)
{
    if (status < 0)
        return;
    struct scrape *s = calloc(1, sizeof *s);
    if (!s)
        return;
    struct zt_metrics *m = listener->data;
    uv_tcp_init(listener->loop, &s->tcp);
    uv_timer_init(listener->loop, &s->timer);
    s->handles = 2;
    s->tcp.data = s->timer.data = s;
    s->m = m;
    s->next = m->scrapes;
    if (s->next)
        s->next->prev = s;
    m->scrapes = s;
    int over = m->nscrapes++ >= m->lim.max_connections;
    if (uv_accept(listener, (uv_stream_t *)&s->tcp) < 0 || over ||
        uv_read_start((uv_stream_t *)&s->tcp, on_alloc, on_request) < 0) {
        if (over)
            zt_debug("metrics: %u scrapes under way; one more closed", m->lim.max_connections);
        close_scrape(s);
        return;
    }
    uv_timer_start(&s->timer, on_scrape_timeout, m->lim.timeout_ms, 0);
}

/* 1 for 127.0.0.0/8 and ::1, the addresses only this machine reaches. */
static int loopback(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
    return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

int zt_metrics_start(uv_loop_t *loop, const char *listen, struct zt_service *svc,
                     const struct zt_metrics_limits *lim, struct zt_metrics **out, char *err,
                     size_t errlen)
{
    char host[64];
    unsigned port;
    struct sockaddr_storage ss;
    *out = NULL;
    if (zt_split_hostport(listen, host, sizeof host, &port) ||
        (listen[0] == '[' ? uv_ip6_addr(host, (int)port, (struct sockaddr_in6 *)&ss)
                          : uv_ip4_addr(host, (int)port, (struct sockaddr_in *)&ss))) {
        snprintf(err, errlen, "metrics_listen: '%s' is not ADDRESS:PORT", listen);
        return -EINVAL;
    }
    struct zt_metrics *m = calloc(1, sizeof *m);
    if (!m)
        return -ENOMEM;
    m->svc = svc;
    m->lim = *lim;
    uv_tcp_init(loop, &m->listener);
    m->listener.data = m;
    int rc = uv_tcp_bind(&m->listener, (struct sockaddr *)&ss, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&m->listener, 16, on_connection);
    if (rc) {
        snprintf(err, errlen, "metrics_listen %s: %s", listen, uv_strerror(rc));
        zt_metrics_stop(m);
        return rc;
    }
    /* Port 0 binds a port the kernel picks: name the one it picked. */
    struct sockaddr_storage bound;
    int blen = sizeof bound;
    if (uv_tcp_getsockname(&m->listener, (struct sockaddr *)&bound, &blen) == 0)
        port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                 : ((struct sockaddr_in *)&bound)->sin_port);
    zt_info(listen[0] == '[' ? "metrics on http://[%s]:%u/metrics" : "metrics on http://%s:%u/metrics",
            host, port);
    if (!loopback(&ss))
        zt_warn("WARNING: metrics_listen %s is reachable beyond this machine: the metrics (school "
                "sync times, pupil counts) are served without TLS or a certificate check; listen "
                "on 127.0.0.1 or firewall the port",
                listen);
    *out = m;
    return 0;
}

static void on_listener_closed(uv_handle_t *h)
{
    free(h->data);
}

void zt_metrics_stop(struct zt_metrics *m)
{
    if (!m)
        return;
    for (struct scrape *s = m->scrapes; s; s = s->next)
        close_scrape(s);
    uv_close((uv_handle_t *)&m->listener, on_listener_closed);
}
