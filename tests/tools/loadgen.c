/* loadgen: many agents at once against a real zoned, for the load test.
 *
 *   loadgen --config CONF --clients N [--slow K] [--deaf K] [--seconds S]
 *
 * N threads each connect with the certificate of CONF (a zone-agent/zonectl
 * configuration), say hello, push one pupil with a month of marks that tips
 * an alert, read the alert list and close. Meanwhile K "slow" peers dribble
 * one byte a second at the TLS handshake, and K "deaf" peers send requests
 * without ever reading the answers; both must be cut off by zoned without
 * starving the others. Prints "ok N, failed N" and exits 0 when every
 * normal client succeeded. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include "codes.h"
#include "date.h"
#include "protocol.h"
#include "session.h"
#include "sock.h"
#include "upn.h"

static struct zt_client_config conf;
static int ok_count, fail_count;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;

static void count(int ok, const char *why)
{
    pthread_mutex_lock(&count_lock);
    if (ok)
        ok_count++;
    else {
        fail_count++;
        fprintf(stderr, "loadgen: client failed: %s\n", why);
    }
    pthread_mutex_unlock(&count_lock);
}

/* One pupil (serial n) with a fortnight of unauthorised absence. */
static void build_push(Zt__PushBatch *b, Zt__PupilRow *p, Zt__AttendanceMonth *m, uint8_t codes[62],
                       char upn[14], uint8_t id[16], int n)
{
    snprintf(upn, 14, "?9991234%05d", n);
    upn[0] = zt_upn_check_letter(upn);
    zt__pupil_row__init(p);
    p->upn = upn;
    p->year_group = 8;
    p->gender = 1;
    p->entry_date = zt_date_from_ymd(2025, 9, 1);
    zt__attendance_month__init(m);
    m->upn = upn;
    m->month = (uint32_t)zt_date_month_index(zt_date_from_ymd(2026, 2, 1));
    memset(codes, 0, 62);
    for (int day = 2; day <= 13; day++)
        codes[2 * (day - 1)] = codes[2 * (day - 1) + 1] = (uint8_t)zt_mark_parse("O", 1);
    m->codes.data = codes;
    m->codes.len = 62;
    zt__push_batch__init(b);
    if (getrandom(id, 16, 0) != 16)
        memset(id, n, 16);
    b->batch_id.data = id;
    b->batch_id.len = 16;
}

static void *normal_client(void *arg)
{
    int n = (int)(long)arg;
    struct zt_session s;
    char err[512];
    if (zt_session_open(&s, &conf, "loadgen", err, sizeof err)) {
        count(0, err);
        return NULL;
    }
    Zt__PushBatch b;
    Zt__PupilRow p, *pp = &p;
    Zt__AttendanceMonth m, *mp = &m;
    uint8_t codes[62], id[16];
    char upn[14];
    build_push(&b, &p, &m, codes, upn, id, n);
    b.n_pupils = 1, b.pupils = &pp, b.n_attendance = 1, b.attendance = &mp;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_PUSH;
    req.push = &b;
    Zt__Response *resp;
    int ok = zt_session_call_ok(&s, &req, &resp, err, sizeof err) == 0;
    if (ok) {
        ok = resp->body_case == ZT__RESPONSE__BODY_PUSH && resp->push->n_rejected == 0;
        zt__response__free_unpacked(resp, NULL);
        Zt__AlertsQuery q = ZT__ALERTS_QUERY__INIT;
        req.body_case = ZT__REQUEST__BODY_ALERTS;
        req.alerts = &q;
        ok = ok && zt_session_call_ok(&s, &req, &resp, err, sizeof err) == 0;
        if (ok)
            zt__response__free_unpacked(resp, NULL);
    }
    zt_session_close(&s);
    count(ok, ok ? "" : err[0] ? err : "push refused");
    return NULL;
}

/* A peer that starts a TLS record (handshake type, 512 bytes long) and then
 * sends its body a byte a second: valid so far, just slow. */
static void *slow_peer(void *arg)
{
    int seconds = (int)(long)arg;
    char host[64];
    unsigned port;
    if (zt_split_hostport(conf.zone, host, sizeof host, &port))
        return NULL;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, host, &sa.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    static const char record_start[] = {0x16, 0x03, 0x01, 0x02, 0x00};
    ssize_t sent = send(fd, record_start, sizeof record_start, MSG_NOSIGNAL);
    for (int i = 0; sent > 0 && i < seconds; i++) {
        sleep(1);
        sent = send(fd, "", 1, MSG_NOSIGNAL); /* fails once we are cut off */
    }
    close(fd);
    return NULL;
}

/* A peer that asks and asks and never reads an answer. */
static void *deaf_peer(void *arg)
{
    (void)arg;
    struct zt_session s;
    char err[512];
    if (zt_session_open(&s, &conf, "loadgen-deaf", err, sizeof err))
        return NULL;
    Zt__AlertsQuery q = ZT__ALERTS_QUERY__INIT;
    Zt__Request req = ZT__REQUEST__INIT;
    req.body_case = ZT__REQUEST__BODY_ALERTS;
    req.alerts = &q;
    uint8_t buf[64];
    size_t n = zt__request__pack(&req, buf);
    enum zt_conn_fail fail;
    for (int i = 0; i < 200000; i++)
        if (zt_client_send(s.conn, buf, n, &fail, err, sizeof err))
            break; /* cut off */
    zt_session_close(&s);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    int clients = 200, slow = 0, deaf = 0, seconds = 30;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--config"))
            path = argv[i + 1];
        else if (!strcmp(argv[i], "--clients"))
            clients = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--slow"))
            slow = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--deaf"))
            deaf = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds"))
            seconds = atoi(argv[i + 1]);
    }
    char err[512];
    if (!path || zt_client_config_load(path, 0, &conf, err, sizeof err)) {
        fprintf(stderr, "usage: loadgen --config CONF --clients N [--slow K] [--deaf K] (%s)\n",
                path ? err : "no config");
        return 2;
    }
    zt_ignore_sigpipe();
    int total = clients + slow + deaf;
    pthread_t *t = calloc((size_t)total, sizeof *t);
    int k = 0;
    for (int i = 0; i < slow; i++)
        pthread_create(&t[k++], NULL, slow_peer, (void *)(long)seconds);
    for (int i = 0; i < deaf; i++)
        pthread_create(&t[k++], NULL, deaf_peer, NULL);
    for (int i = 0; i < clients; i++)
        pthread_create(&t[k++], NULL, normal_client, (void *)(long)i);
    for (int i = 0; i < k; i++)
        pthread_join(t[i], NULL);
    printf("ok %d, failed %d\n", ok_count, fail_count);
    free(t);
    zt_client_config_free(&conf);
    return ok_count == clients ? 0 : 1;
}
