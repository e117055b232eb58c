/* Transport end to end: zt_server (server/transport/net.c) in a libuv loop on its own
 * thread, echoing frames, and zt_client_* (client/conn.c) on the test
 * thread, with certificates made in-process in a temporary directory.
 *
 * Handlers run on the loop thread, so they never call cmocka asserts; they
 * record what happened in the fixture, read after the thread is joined. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cmocka.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <uv.h>

#include "conn.h"
#include "log.h"
#include "net.h"
#include "tls.h"

#define CLIENT_TIMEOUT_MS 10000
#define REVOKED_SERIAL 99
#define SCHOOL_SERIAL 3
#define BIG_ANSWER (256u << 10)
#define HUGE_ANSWER (8u << 20)

static char dir[64]; /* the certificates of the whole run */

/* ---- certificates ------------------------------------------------------ */

struct pair {
    X509 *cert;
    EVP_PKEY *key;
};

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    assert_non_null(ext);
    assert_int_equal(X509_add_ext(x, ext, -1), 1);
    X509_EXTENSION_free(ext);
}

enum kind { K_CA, K_SERVER, K_CLIENT };

/* An EC P-256 certificate for cn, signed by issuer (self-signed if NULL),
 * valid from `from` to `to` days from now. */
static struct pair make_cert(const char *cn, const struct pair *issuer, enum kind kind, long serial,
                             long from, long to)
{
    struct pair p = {X509_new(), EVP_EC_gen("P-256")};
    assert_non_null(p.cert);
    assert_non_null(p.key);
    X509 *x = p.cert;
    X509_set_version(x, X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
    X509_gmtime_adj(X509_getm_notBefore(x), from * 86400);
    X509_gmtime_adj(X509_getm_notAfter(x), to * 86400);
    X509_set_pubkey(x, p.key);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509 *icert = issuer ? issuer->cert : x;
    X509_set_issuer_name(x, X509_get_subject_name(icert));
    add_ext(x, icert, NID_subject_key_identifier, "hash");
    add_ext(x, icert, NID_authority_key_identifier, "keyid:always");
    if (kind == K_CA) {
        add_ext(x, icert, NID_basic_constraints, "critical,CA:TRUE");
        add_ext(x, icert, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_ext(x, icert, NID_basic_constraints, "critical,CA:FALSE");
        add_ext(x, icert, NID_key_usage, "critical,digitalSignature");
        add_ext(x, icert, NID_ext_key_usage, kind == K_SERVER ? "serverAuth" : "clientAuth");
    }
    if (kind == K_SERVER)
        add_ext(x, icert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    assert_true(X509_sign(x, issuer ? issuer->key : p.key, EVP_sha256()) > 0);
    return p;
}

static void path_of(char *buf, size_t size, const char *stem, const char *ext)
{
    snprintf(buf, size, "%s/%s.%s", dir, stem, ext);
}

static void write_pair(const struct pair *p, const char *stem)
{
    char path[128];
    path_of(path, sizeof path, stem, "crt");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(PEM_write_X509(f, p->cert), 1);
    fclose(f);
    path_of(path, sizeof path, stem, "key");
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(PEM_write_PrivateKey(f, p->key, NULL, NULL, 0, NULL, NULL), 1);
    fclose(f);
    chmod(path, 0600);
}

static void free_pair(struct pair *p)
{
    X509_free(p->cert);
    EVP_PKEY_free(p->key);
}

/* A CRL by ca revoking `serial` and `also` (none when 0). */
static void write_crl(const struct pair *ca, long serial, long also, const char *stem)
{
    X509_CRL *crl = X509_CRL_new();
    ASN1_TIME *now = X509_gmtime_adj(NULL, 0);
    ASN1_TIME *next = X509_gmtime_adj(NULL, 30L * 86400);
    X509_CRL_set_version(crl, X509_CRL_VERSION_2);
    X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca->cert));
    X509_CRL_set1_lastUpdate(crl, now);
    X509_CRL_set1_nextUpdate(crl, next);
    for (long i = 0, list[] = {serial, also}; i < 2; i++) {
        if (!list[i])
            continue;
        X509_REVOKED *r = X509_REVOKED_new();
        ASN1_INTEGER *sn = ASN1_INTEGER_new();
        ASN1_INTEGER_set(sn, list[i]);
        X509_REVOKED_set_serialNumber(r, sn);
        X509_REVOKED_set_revocationDate(r, now);
        X509_CRL_add0_revoked(crl, r);
        ASN1_INTEGER_free(sn);
    }
    X509_CRL_sort(crl);
    assert_true(X509_CRL_sign(crl, ca->key, EVP_sha256()) > 0);
    char path[128];
    path_of(path, sizeof path, stem, "crl");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(PEM_write_X509_CRL(f, crl), 1);
    fclose(f);
    ASN1_TIME_free(now);
    ASN1_TIME_free(next);
    X509_CRL_free(crl);
}

static const char *const stems[] = {"ca",     "ca2",     "zoned",   "school",  "coord",
                                    "hacker", "rogue",   "expired", "revoked", "ca-school"};

static int make_pki(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/zt_test_net.XXXXXX");
    assert_non_null(mkdtemp(dir));
    struct pair ca = make_cert("ZoneTrack test CA", NULL, K_CA, 1, -1, 365);
    struct pair ca2 = make_cert("Some other CA", NULL, K_CA, 1, -1, 365);
    struct pair p[] = {
        make_cert("zoned", &ca, K_SERVER, 2, -1, 30),
        make_cert("school:123456", &ca, K_CLIENT, SCHOOL_SERIAL, -1, 30),
        make_cert("coordinator:alice", &ca, K_CLIENT, 4, -1, 30),
        make_cert("hacker", &ca, K_CLIENT, 5, -1, 30),
        make_cert("school:123456", &ca2, K_CLIENT, 6, -1, 30),
        make_cert("school:111111", &ca, K_CLIENT, 7, -10, -1),
        make_cert("school:222222", &ca, K_CLIENT, REVOKED_SERIAL, -1, 30),
    };
    write_pair(&ca, "ca");
    write_pair(&ca2, "ca2");
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        write_pair(&p[i], stems[i + 2]);
        free_pair(&p[i]);
    }
    write_crl(&ca, REVOKED_SERIAL, 0, "ca");
    write_crl(&ca, REVOKED_SERIAL, SCHOOL_SERIAL, "ca-school"); /* the school revoked too */
    write_crl(&ca2, 0, 0, "ca2");
    free_pair(&ca);
    free_pair(&ca2);
    return 0;
}

static int remove_pki(void **state)
{
    (void)state;
    char path[128];
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
        path_of(path, sizeof path, stems[i], "crt");
        unlink(path);
        path_of(path, sizeof path, stems[i], "key");
        unlink(path);
        path_of(path, sizeof path, stems[i], "crl");
        unlink(path);
    }
    rmdir(dir);
    return 0;
}

/* ---- the server under test ------------------------------------------- */

struct fx {
    uv_loop_t loop;
    uv_async_t stop;
    pthread_t thread;
    SSL_CTX *ctx;
    struct zt_server *srv;
    char zone[32];
    /* written by the loop thread only, read after the join */
    int done, opens, closes, frames, bad;
    int loop_close_rc;
    uv_check_t answer;     /* answers "later" at the end of the loop turn */
    struct zt_conn *owed;  /* the connection owed that answer */
    uv_async_t reload;     /* swaps in next_ctx (zt_server_set_ctx) */
    SSL_CTX *next_ctx;
    unsigned revoked_closed;
    sem_t reloaded, blocked, unblock; /* the loop thread and the test's */
    char order[256];       /* first byte of each one-byte frame, as handled */
    size_t norder;
};

static void on_open(struct zt_conn *c, void *ud)
{
    struct fx *fx = ud;
    fx->opens++;
    /* on_close must free this, or LeakSanitizer will say so */
    zt_conn_set_data(c, strdup(zt_conn_identity(c)->name));
}

static void on_close(struct zt_conn *c, void *ud)
{
    struct fx *fx = ud;
    fx->closes++;
    if (!zt_conn_get_data(c) || zt_conn_send(c, (const uint8_t *)"x", 1) != -EPIPE)
        fx->bad++;
    free(zt_conn_get_data(c));
    zt_conn_set_data(c, NULL);
}

static int is(const uint8_t *p, size_t n, const char *word)
{
    return n == strlen(word) && memcmp(p, word, n) == 0;
}

/* The answer owed for "later", sent once the loop turn has read all it
 * could, as zoned's group commit answers its pushes. */
static void on_answer(uv_check_t *h)
{
    struct fx *fx = h->data;
    uv_check_stop(h);
    if (!fx->owed)
        return;
    if (zt_conn_send(fx->owed, (const uint8_t *)"later", 5) != 0)
        fx->bad++;
    zt_conn_deferred_answered(fx->owed);
    fx->owed = NULL;
}

/* Echoes, except "whoami" (answers the identity), "close" (closes from
 * inside the handler: nothing after it may be processed), "later"
 * (answered at the end of the loop turn), "arriving" (answers how many
 * connections a request is on its way from, as a decimal), "block" (holds
 * the loop until the test lets it go; no answer), "big" and "huge"
 * (answer BIG_ANSWER and HUGE_ANSWER bytes). One-byte frames are noted in order. */
static void on_frame(struct zt_conn *c, const uint8_t *p, size_t n, void *ud)
{
    struct fx *fx = ud;
    fx->frames++;
    if (n == 1 && fx->norder < sizeof fx->order)
        fx->order[fx->norder++] = (char)p[0];
    if (is(p, n, "block")) {
        sem_post(&fx->blocked);
        sem_wait(&fx->unblock);
        return;
    }
    if (is(p, n, "big") || is(p, n, "huge")) {
        size_t size = n == 3 ? BIG_ANSWER : HUGE_ANSWER;
        uint8_t *big = malloc(size);
        memset(big, 'x', size);
        if (zt_conn_send(c, big, size) != 0)
            fx->bad++;
        free(big);
        return;
    }
    if (is(p, n, "later")) {
        zt_conn_defer_answer(c);
        fx->owed = c;
        uv_check_start(&fx->answer, on_answer);
        return;
    }
    if (is(p, n, "close")) {
        zt_conn_close(c);
        zt_conn_close(c); /* twice is harmless */
        if (zt_conn_send(c, p, n) != -EPIPE)
            fx->bad++;
        return;
    }
    if (is(p, n, "arriving")) {
        char count[16];
        int len = snprintf(count, sizeof count, "%u", zt_server_requests_coming(fx->srv));
        zt_conn_send(c, (const uint8_t *)count, (size_t)len);
        return;
    }
    if (is(p, n, "whoami")) {
        const char *name = zt_conn_identity(c)->name;
        zt_conn_send(c, (const uint8_t *)name, strlen(name));
        return;
    }
    if (zt_conn_send(c, p, n) != 0)
        fx->bad++;
}

static void on_done(void *arg)
{
    struct fx *fx = arg;
    fx->done++;
}

static void on_stop(uv_async_t *a)
{
    struct fx *fx = a->data;
    zt_server_stop(fx->srv, on_done, fx);
    uv_close((uv_handle_t *)a, NULL);
    if (fx->answer.data) /* set up by start() */
        uv_close((uv_handle_t *)&fx->answer, NULL);
    if (fx->reload.data)
        uv_close((uv_handle_t *)&fx->reload, NULL);
}

static void on_reload(uv_async_t *a)
{
    struct fx *fx = a->data;
    fx->revoked_closed = zt_server_set_ctx(fx->srv, fx->next_ctx);
    sem_post(&fx->reloaded);
}

static void *loop_thread(void *arg)
{
    struct fx *fx = arg;
    uv_run(&fx->loop, UV_RUN_DEFAULT);
    return NULL;
}

/* Every field set: the transport has no defaults of its own (zoned's
 * are in its configuration table). */
static const struct zt_net_limits default_limits = {
    .max_connections = 16,
    .handshake_ms = 5000,
    .idle_ms = 20000,
    .max_frame = 2u << 20,
    .max_pending_write = 8u << 20,
    .unread_ms = 30000,
    .max_unauth_per_addr = 32,
    .frames_per_turn = 8,
};

static void start(struct fx *fx, const struct zt_net_limits *lim)
{
    char ca[128], crt[128], key[128], crl[128], err[256];
    memset(fx, 0, sizeof *fx);
    path_of(ca, sizeof ca, "ca", "crt");
    path_of(crt, sizeof crt, "zoned", "crt");
    path_of(key, sizeof key, "zoned", "key");
    path_of(crl, sizeof crl, "ca", "crl");
    fx->ctx = zt_tls_server_ctx(ca, crt, key, crl, err, sizeof err);
    if (!fx->ctx)
        fail_msg("server context: %s", err);
    assert_int_equal(uv_loop_init(&fx->loop), 0);
    struct zt_net_handlers h = {on_open, on_frame, on_close, fx};
    int rc = zt_server_start(&fx->loop, "127.0.0.1:0", fx->ctx, lim ? lim : &default_limits, &h,
                             &fx->srv, err, sizeof err);
    if (rc < 0)
        fail_msg("zt_server_start: %s", err);
    assert_true(zt_server_port(fx->srv) > 0);
    snprintf(fx->zone, sizeof fx->zone, "127.0.0.1:%d", zt_server_port(fx->srv));
    assert_int_equal(uv_async_init(&fx->loop, &fx->stop, on_stop), 0);
    fx->stop.data = fx;
    assert_int_equal(uv_check_init(&fx->loop, &fx->answer), 0);
    fx->answer.data = fx;
    assert_int_equal(uv_async_init(&fx->loop, &fx->reload, on_reload), 0);
    fx->reload.data = fx;
    sem_init(&fx->reloaded, 0, 0);
    sem_init(&fx->blocked, 0, 0);
    sem_init(&fx->unblock, 0, 0);
    assert_int_equal(pthread_create(&fx->thread, NULL, loop_thread, fx), 0);
}

/* Stops the server from its own thread and checks that everything closed:
 * done_cb once, no handle left, on_close for every on_open. */
static void stop(struct fx *fx)
{
    uv_async_send(&fx->stop);
    assert_int_equal(pthread_join(fx->thread, NULL), 0);
    assert_int_equal(fx->done, 1);
    assert_int_equal(uv_loop_close(&fx->loop), 0);
    assert_int_equal(fx->opens, fx->closes);
    assert_int_equal(fx->bad, 0);
    SSL_CTX_free(fx->ctx);
    if (fx->reload.data) {
        sem_destroy(&fx->reloaded);
        sem_destroy(&fx->blocked);
        sem_destroy(&fx->unblock);
    }
}

/* SIGHUP's swap, done on the loop thread: the CRL is crl_stem's. */
static void reload_with(struct fx *fx, const char *crl_stem)
{
    char ca[128], crt[128], key[128], crl[128], err[256];
    path_of(ca, sizeof ca, "ca", "crt");
    path_of(crt, sizeof crt, "zoned", "crt");
    path_of(key, sizeof key, "zoned", "key");
    path_of(crl, sizeof crl, crl_stem, "crl");
    fx->next_ctx = zt_tls_server_ctx(ca, crt, key, crl, err, sizeof err);
    if (!fx->next_ctx)
        fail_msg("server context: %s", err);
    uv_async_send(&fx->reload);
    sem_wait(&fx->reloaded);
    SSL_CTX_free(fx->ctx); /* the server holds the new one now */
    fx->ctx = fx->next_ctx;
}

/* ---- client helpers ---------------------------------------------------- */

static struct zt_client *connect_with(const char *zone, const char *ca_stem, const char *stem,
                                      enum zt_conn_fail *fail, char *err, size_t errlen)
{
    char ca[128], crt[128], key[128];
    path_of(ca, sizeof ca, ca_stem, "crt");
    path_of(crt, sizeof crt, stem, "crt");
    path_of(key, sizeof key, stem, "key");
    return zt_client_connect(zone, ca, crt, key, CLIENT_TIMEOUT_MS, fail, err, errlen);
}

static struct zt_client *connect_as(struct fx *fx, const char *stem)
{
    enum zt_conn_fail fail;
    char err[256];
    struct zt_client *c = connect_with(fx->zone, "ca", stem, &fail, err, sizeof err);
    if (!c)
        fail_msg("connect as %s: %s: %s", stem, zt_conn_fail_name(fail), err);
    return c;
}

static void send_ok(struct zt_client *c, const void *p, size_t n)
{
    enum zt_conn_fail fail;
    char err[256];
    if (zt_client_send(c, p, n, &fail, err, sizeof err) < 0)
        fail_msg("send: %s: %s", zt_conn_fail_name(fail), err);
}

static void expect_frame(struct zt_client *c, const void *p, size_t n)
{
    enum zt_conn_fail fail;
    char err[256];
    uint8_t *got;
    size_t len;
    if (zt_client_recv(c, &got, &len, &fail, err, sizeof err) < 0)
        fail_msg("recv: %s: %s", zt_conn_fail_name(fail), err);
    assert_int_equal(len, n);
    assert_memory_equal(got, p, n);
    free(got);
}

/* Sends, if it still can, then expects the connection to end: returns the
 * failure class. */
static enum zt_conn_fail expect_refusal(struct zt_client *c, char *err, size_t errlen)
{
    enum zt_conn_fail fail = ZT_FAIL_NONE;
    uint8_t *got = NULL;
    size_t len;
    int rc = zt_client_send(c, (const uint8_t *)"whoami", 6, &fail, err, errlen);
    if (rc == 0)
        rc = zt_client_recv(c, &got, &len, &fail, err, errlen);
    if (rc == 0) {
        free(got);
        return ZT_FAIL_NONE;
    }
    assert_int_equal(rc, zt_conn_fail_code(fail)); /* the code says the class too */
    return fail;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A plain TCP socket connected to the server, with a receive buffer of
 * rcvbuf bytes (0: the system's, which grows to megabytes). */
static int raw_connect_with(struct fx *fx, int rcvbuf)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    if (rcvbuf)
        assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf), 0);
    struct sockaddr_in sin = {.sin_family = AF_INET,
                              .sin_port = htons((uint16_t)zt_server_port(fx->srv))};
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof sin), 0);
    return fd;
}

static int raw_connect(struct fx *fx)
{
    return raw_connect_with(fx, 0);
}

/* Reads and drops until the server closes: 0, or -1 if it did not within
 * timeout_ms. */
static int wait_closed(int fd, int timeout_ms)
{
    long long end = now_ms() + timeout_ms;
    char buf[512];
    for (;;) {
        long long left = end - now_ms();
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, (int)left) == 0)
            return -1;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno == ECONNRESET))
            return 0;
    }
}

/* ---- tests ------------------------------------------------------------- */

static void test_identity_parse(void **state)
{
    (void)state;
    struct zt_identity id;
    assert_int_equal(zt_identity_parse("school:123456", &id), 0);
    assert_int_equal(id.role, ZT_ROLE_SCHOOL);
    assert_int_equal(id.urn, 123456);
    assert_string_equal(id.name, "school:123456");
    assert_int_equal(zt_identity_parse("coordinator:alice.b_c-9", &id), 0);
    assert_int_equal(id.role, ZT_ROLE_COORDINATOR);
    char longest[12 + 64 + 1];
    snprintf(longest, sizeof longest, "coordinator:%064d", 7);
    assert_int_equal(zt_identity_parse(longest, &id), 0);
    assert_string_equal(id.name, longest);
    static const char *const bad[] = {
        "school:12345", "school:1234567", "school:12345a", "school: 12345", "School:123456",
        "school:",      "coordinator:",   "coordinator:a/b", "coordinator:a b", "hacker", "",
        "school:000000", /* URN 0 means "every school" inside zoned */
        "coordinator:0123456789012345678901234567890123456789012345678901234567890123X",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(zt_identity_parse(bad[i], &id), -1);
        assert_int_equal(id.role, ZT_ROLE_NONE);
    }
}

/* Load errors are one line naming the file. */
static void test_context_errors(void **state)
{
    (void)state;
    char ca[128], crt[128], key[128], crl2[128], other_key[128], err[256];
    path_of(ca, sizeof ca, "ca", "crt");
    path_of(crt, sizeof crt, "zoned", "crt");
    path_of(key, sizeof key, "zoned", "key");
    path_of(crl2, sizeof crl2, "ca2", "crl");
    path_of(other_key, sizeof other_key, "school", "key");

    assert_null(zt_tls_server_ctx("/nonexistent/ca.crt", crt, key, NULL, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/ca.crt"));
    assert_null(zt_tls_server_ctx(ca, key, key, NULL, err, sizeof err)); /* key as cert */
    assert_non_null(strstr(err, key));
    assert_null(zt_tls_server_ctx(ca, crt, other_key, NULL, err, sizeof err));
    assert_non_null(strstr(err, other_key));
    assert_null(zt_tls_server_ctx(ca, crt, key, crl2, err, sizeof err));
    assert_non_null(strstr(err, crl2));
    assert_null(zt_tls_server_ctx(ca, crt, key, key, err, sizeof err)); /* no CRL in it */
    assert_non_null(strstr(err, key));
    assert_null(strchr(err, '\n'));

    /* zoned's certificate must be the zone server's: a school's, or one
     * for no server at all, is refused naming the file and what it holds */
    char school_crt[128], school_key[128], odd_crt[128], odd_key[128];
    path_of(school_crt, sizeof school_crt, "school", "crt");
    path_of(school_key, sizeof school_key, "school", "key");
    path_of(odd_crt, sizeof odd_crt, "hacker", "crt");
    path_of(odd_key, sizeof odd_key, "hacker", "key");
    assert_null(zt_tls_server_ctx(ca, school_crt, school_key, NULL, err, sizeof err));
    assert_non_null(strstr(err, school_crt));
    assert_non_null(strstr(err, "school:123456"));
    assert_null(zt_tls_server_ctx(ca, odd_crt, odd_key, NULL, err, sizeof err));
    assert_non_null(strstr(err, odd_crt));
    assert_non_null(strstr(err, "not a TLS server certificate"));

    enum zt_conn_fail fail;
    assert_null(connect_with("127.0.0.1:1", "ca", "nobody", &fail, err, sizeof err));
    assert_int_equal(fail, ZT_FAIL_CONFIG);
    assert_non_null(strstr(err, "nobody.crt"));
    assert_null(connect_with("no-port", "ca", "school", &fail, err, sizeof err));
    assert_int_equal(fail, ZT_FAIL_CONFIG);
}

static void test_round_trip(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    struct zt_client *c = connect_as(&fx, "school");
    send_ok(c, "whoami", 6);
    expect_frame(c, "school:123456", 13);

    /* sizes around the first-record split (16380) and a 1 MiB frame */
    static const size_t sizes[] = {1, 100, 16379, 16380, 16381, 70000, 1u << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t *p = malloc(sizes[i]);
        assert_non_null(p);
        for (size_t j = 0; j < sizes[i]; j++)
            p[j] = (uint8_t)(j * 7 + i);
        send_ok(c, p, sizes[i]);
        expect_frame(c, p, sizes[i]);
        free(p);
    }
    /* several frames in flight at once */
    send_ok(c, "one", 3);
    send_ok(c, "two", 3);
    send_ok(c, "three", 5);
    expect_frame(c, "one", 3);
    expect_frame(c, "two", 3);
    expect_frame(c, "three", 5);

    struct zt_client *k = connect_as(&fx, "coord");
    send_ok(k, "whoami", 6);
    expect_frame(k, "coordinator:alice", 17);

    /* "localhost" matches the DNS name in the server's certificate */
    char zone[64], err[256];
    enum zt_conn_fail fail;
    snprintf(zone, sizeof zone, "localhost:%d", zt_server_port(fx.srv));
    struct zt_client *l = connect_with(zone, "ca", "school", &fail, err, sizeof err);
    if (!l)
        fail_msg("connect to %s: %s", zone, err);
    send_ok(l, "hi", 2);
    expect_frame(l, "hi", 2);

    zt_client_close(c);
    zt_client_close(k);
    zt_client_close(l);
    stop(&fx);
    assert_int_equal(fx.opens, 3);
}

static void expect_cert_refused(struct fx *fx, const char *stem, const char *why)
{
    enum zt_conn_fail fail;
    char err[256] = "";
    struct zt_client *c = connect_with(fx->zone, "ca", stem, &fail, err, sizeof err);
    if (c) /* TLS 1.3: our side was done; the refusal comes on the first read */
        fail = expect_refusal(c, err, sizeof err);
    zt_client_close(c);
    if (fail != ZT_FAIL_CERT)
        fail_msg("%s: expected a certificate failure, got %s: %s", stem, zt_conn_fail_name(fail),
                 err);
    if (why && !strstr(err, why))
        fail_msg("%s: expected \"%s\" in \"%s\"", stem, why, err);
}

static void test_bad_client_certificates_refused(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    expect_cert_refused(&fx, "rogue", "the zone refused our certificate");
    expect_cert_refused(&fx, "hacker", "the zone refused our certificate");
    expect_cert_refused(&fx, "expired", "expired");
    expect_cert_refused(&fx, "revoked", "revoked");
    /* the server keeps serving */
    struct zt_client *c = connect_as(&fx, "school");
    send_ok(c, "still here", 10);
    expect_frame(c, "still here", 10);
    zt_client_close(c);
    stop(&fx);
    assert_int_equal(fx.opens, 1);
}

static void test_server_certificate_checked(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    enum zt_conn_fail fail;
    char err[256];
    /* we trust another CA than the one that issued the zone's certificate */
    assert_null(connect_with(fx.zone, "ca2", "school", &fail, err, sizeof err));
    assert_int_equal(fail, ZT_FAIL_CERT);
    assert_non_null(strstr(err, "the zone's certificate failed verification"));
    stop(&fx);
    assert_int_equal(fx.opens, 0);
}

static void test_refused_tcp_port(void **state)
{
    (void)state;
    /* a port that was free a moment ago: nothing listens there */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin = {.sin_family = AF_INET};
    socklen_t len = sizeof sin;
    inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
    assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
    close(fd);
    char zone[64], err[256];
    enum zt_conn_fail fail;
    snprintf(zone, sizeof zone, "127.0.0.1:%u", (unsigned)ntohs(sin.sin_port));
    assert_null(connect_with(zone, "ca", "school", &fail, err, sizeof err));
    assert_int_equal(fail, ZT_FAIL_TCP);
}

static void test_plaintext_garbage_closed(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    int fd = raw_connect(&fx);
    static const char req[] = "GET / HTTP/1.0\r\nHost: zone\r\n\r\n";
    assert_int_equal(write(fd, req, sizeof req - 1), (ssize_t)(sizeof req - 1));
    assert_int_equal(wait_closed(fd, 10000), 0);
    close(fd);
    stop(&fx);
    assert_int_equal(fx.opens, 0);
}

static void test_oversized_frame_closes_only_that_connection(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    struct zt_client *good = connect_as(&fx, "coord");
    struct zt_client *bad = connect_as(&fx, "school");
    size_t n = default_limits.max_frame + 1;
    uint8_t *big = calloc(1, n);
    assert_non_null(big);
    enum zt_conn_fail fail;
    char err[256];
    uint8_t *got = NULL;
    size_t len;
    if (zt_client_send(bad, big, n, &fail, err, sizeof err) == 0) {
        int rc = zt_client_recv(bad, &got, &len, &fail, err, sizeof err);
        assert_int_equal(rc, zt_conn_fail_code(fail));
    }
    assert_true(fail == ZT_FAIL_PROTOCOL || fail == ZT_FAIL_TCP);
    free(big);
    zt_client_close(bad);

    send_ok(good, "unaffected", 10);
    expect_frame(good, "unaffected", 10);
    zt_client_close(good);
    stop(&fx);
    assert_int_equal(fx.opens, 2);
}

/* A handler closing the connection: the frames behind it in the same read
 * are dropped, the ones before it answered. */
/* A peer that sends its last request and half-closes (TCP EOF, or a TLS
 * close_notify) still gets the answer the server owed it. */
/* A TLS session as the school, on a socket of its own (receive buffer
 * rcvbuf, 0: the system's), for writing frames byte by byte; *fd is the
 * socket. */
static SSL *raw_tls_connect_with(struct fx *fx, SSL_CTX **ctx, int *fd, int rcvbuf)
{
    char ca[128], crt[128], key[128];
    path_of(ca, sizeof ca, "ca", "crt");
    path_of(crt, sizeof crt, "school", "crt");
    path_of(key, sizeof key, "school", "key");
    *ctx = SSL_CTX_new(TLS_client_method());
    assert_non_null(*ctx);
    assert_int_equal(SSL_CTX_use_certificate_file(*ctx, crt, SSL_FILETYPE_PEM), 1);
    assert_int_equal(SSL_CTX_use_PrivateKey_file(*ctx, key, SSL_FILETYPE_PEM), 1);
    assert_int_equal(SSL_CTX_load_verify_file(*ctx, ca), 1);
    *fd = raw_connect_with(fx, rcvbuf);
    /* a read that would wait for ever fails the test instead */
    struct timeval limit = {.tv_sec = 20};
    setsockopt(*fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    SSL *ssl = SSL_new(*ctx);
    SSL_set_fd(ssl, *fd);
    assert_int_equal(SSL_connect(ssl), 1);
    return ssl;
}

static SSL *raw_tls_connect(struct fx *fx, SSL_CTX **ctx, int *fd)
{
    return raw_tls_connect_with(fx, ctx, fd, 0);
}

/* Reads n bytes, whatever records they come in. */
static void ssl_read_all(SSL *ssl, uint8_t *buf, size_t n)
{
    size_t have = 0;
    while (have < n) {
        int got = SSL_read(ssl, buf + have, (int)(n - have));
        assert_true(got > 0);
        have += (size_t)got;
    }
}

static void half_closed_peer_reads_its_answer(struct fx *fx, int with_close_notify)
{
    SSL_CTX *ctx;
    int fd;
    SSL *ssl = raw_tls_connect(fx, &ctx, &fd);
    const uint8_t frame[] = {0, 0, 0, 5, 'l', 'a', 't', 'e', 'r'};
    assert_int_equal(SSL_write(ssl, frame, sizeof frame), (int)sizeof frame);
    if (with_close_notify)
        SSL_shutdown(ssl); /* our close_notify; we still read */
    else
        assert_int_equal(shutdown(fd, SHUT_WR), 0);
    uint8_t got[9];
    size_t have = 0;
    while (have < sizeof got) {
        int n = SSL_read(ssl, got + have, (int)(sizeof got - have));
        if (n <= 0)
            break;
        have += (size_t)n;
    }
    assert_int_equal(have, sizeof got);
    assert_memory_equal(got, frame, sizeof frame);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
}

static void test_half_closed_peer_gets_owed_answer(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    half_closed_peer_reads_its_answer(&fx, 0);
    half_closed_peer_reads_its_answer(&fx, 1);
    stop(&fx);
    assert_int_equal(fx.frames, 2);
}

static void test_close_from_handler(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    struct zt_client *c = connect_as(&fx, "school");
    send_ok(c, "a", 1);
    send_ok(c, "close", 5);
    send_ok(c, "b", 1);
    expect_frame(c, "a", 1);
    enum zt_conn_fail fail;
    char err[256];
    uint8_t *got = NULL;
    size_t len;
    assert_int_equal(zt_client_recv(c, &got, &len, &fail, err, sizeof err), -EPROTO);
    assert_int_equal(fail, ZT_FAIL_PROTOCOL);
    zt_client_close(c);
    stop(&fx);
    assert_int_equal(fx.frames, 2);
}

static void test_handshake_timeout(void **state)
{
    (void)state;
    struct zt_net_limits lim = default_limits;
    lim.handshake_ms = 1000;
    struct fx fx;
    start(&fx, &lim);
    int fd = raw_connect(&fx);
    long long t0 = now_ms();
    assert_int_equal(wait_closed(fd, 10000), 0);
    long long took = now_ms() - t0;
    close(fd);
    if (took < 800)
        fail_msg("closed after %lld ms, before the %u ms handshake limit", took, lim.handshake_ms);
    /* a real client still gets in */
    struct zt_client *c = connect_as(&fx, "school");
    send_ok(c, "x", 1);
    expect_frame(c, "x", 1);
    zt_client_close(c);
    stop(&fx);
}

static void test_idle_timeout(void **state)
{
    (void)state;
    struct zt_net_limits lim = default_limits;
    lim.idle_ms = 1000;
    struct fx fx;
    start(&fx, &lim);
    struct zt_client *c = connect_as(&fx, "school");
    send_ok(c, "x", 1);
    expect_frame(c, "x", 1);
    enum zt_conn_fail fail;
    char err[256];
    uint8_t *got = NULL;
    size_t len;
    long long t0 = now_ms();
    assert_int_equal(zt_client_recv(c, &got, &len, &fail, err, sizeof err), -EPROTO);
    assert_int_equal(fail, ZT_FAIL_PROTOCOL);
    assert_true(now_ms() - t0 >= 500);
    zt_client_close(c);
    stop(&fx);
    assert_int_equal(fx.opens, 1);
}

static void test_max_connections(void **state)
{
    (void)state;
    struct zt_net_limits lim = default_limits;
    lim.max_connections = 2;
    struct fx fx;
    start(&fx, &lim);
    struct zt_client *a = connect_as(&fx, "school");
    struct zt_client *b = connect_as(&fx, "coord");
    enum zt_conn_fail fail;
    char err[256];
    assert_null(connect_with(fx.zone, "ca", "school", &fail, err, sizeof err));
    assert_true(fail == ZT_FAIL_TLS || fail == ZT_FAIL_TCP);
    zt_client_close(a);
    /* the server frees the slot once it sees the close: retry a while */
    struct zt_client *c = NULL;
    for (int i = 0; i < 100 && !c; i++) {
        c = connect_with(fx.zone, "ca", "school", &fail, err, sizeof err);
        if (!c)
            usleep(50 * 1000);
    }
    assert_non_null(c);
    send_ok(c, "in", 2);
    expect_frame(c, "in", 2);
    zt_client_close(b);
    zt_client_close(c);
    stop(&fx);
    assert_int_equal(fx.opens, 3);
}

/* Asks c until the server counts want connections with a request on its
 * way (a connection is accepted a moment after connect returns). */
static void expect_arriving(struct zt_client *c, unsigned want)
{
    char text[16];
    snprintf(text, sizeof text, "%u", want);
    for (int i = 0; i < 200; i++) {
        enum zt_conn_fail fail;
        char err[256];
        uint8_t *got;
        size_t len;
        send_ok(c, "arriving", 8);
        if (zt_client_recv(c, &got, &len, &fail, err, sizeof err) < 0)
            fail_msg("recv: %s: %s", zt_conn_fail_name(fail), err);
        int same = len == strlen(text) && memcmp(got, text, len) == 0;
        free(got);
        if (same)
            return;
        usleep(10 * 1000);
    }
    fail_msg("the server never counted %u connections arriving", want);
}

/* What the group commit waits for: a peer in the TLS handshake, one that
 * has not asked anything yet, or one part-way through a frame counts; one
 * that has asked does not. */
static void test_arriving_connections_counted(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    struct zt_client *a = connect_as(&fx, "school");
    expect_arriving(a, 0); /* a itself has asked */
    int raw = raw_connect(&fx);
    expect_arriving(a, 1); /* raw is in the handshake */
    struct zt_client *b = connect_as(&fx, "coord");
    expect_arriving(a, 2); /* b is open and has asked nothing */
    send_ok(b, "hi", 2);
    expect_frame(b, "hi", 2);
    expect_arriving(a, 1);
    close(raw);
    expect_arriving(a, 0);
    /* a peer that has asked, part-way through its next frame */
    SSL_CTX *ctx;
    int fd;
    SSL *ssl = raw_tls_connect(&fx, &ctx, &fd);
    const uint8_t frame[] = {0, 0, 0, 2, 'h', 'i'};
    uint8_t got[sizeof frame];
    assert_int_equal(SSL_write(ssl, frame, sizeof frame), (int)sizeof frame);
    ssl_read_all(ssl, got, sizeof got); /* the echo */
    expect_arriving(a, 0);
    assert_int_equal(SSL_write(ssl, frame, 3), 3);
    expect_arriving(a, 1);
    assert_int_equal(SSL_write(ssl, frame + 3, 3), 3);
    ssl_read_all(ssl, got, sizeof got);
    expect_arriving(a, 0);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    zt_client_close(a);
    zt_client_close(b);
    stop(&fx);
}

/* A refused start leaves nothing on the loop. */
static void test_start_errors(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    char taken[32], err[256];
    snprintf(taken, sizeof taken, "127.0.0.1:%d", zt_server_port(fx.srv));
    const char *const bad[] = {"localhost:7450", "127.0.0.1", "[::1]7450",
                               "127.0.0.1:99999", "127.0.0.1:", "::1:7450", taken};
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    struct zt_net_handlers h = {NULL, on_frame, NULL, NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct zt_server *s = (struct zt_server *)&loop; /* must be reset */
        err[0] = '\0';
        assert_true(zt_server_start(&loop, bad[i], fx.ctx, &default_limits, &h, &s, err,
                                    sizeof err) < 0);
        assert_null(s);
        assert_non_null(strstr(err, bad[i]));
    }
    /* a limit left at zero has no default here to fall back on */
    struct zt_net_limits unset = default_limits;
    unset.idle_ms = 0;
    struct zt_server *s = NULL;
    assert_int_equal(zt_server_start(&loop, "127.0.0.1:0", fx.ctx, &unset, &h, &s, err, sizeof err), -EINVAL);
    assert_null(s);
    assert_string_equal(err, "limit idle_ms is not set");
    assert_int_equal(uv_run(&loop, UV_RUN_NOWAIT), 0);
    assert_int_equal(uv_loop_close(&loop), 0);
    stop(&fx);
}

/* IPv6 listener, where the host has ::1; the server's certificate names
 * 127.0.0.1 and localhost only, so the client must refuse it by IP. */
static void test_ipv6_and_ip_mismatch(void **state)
{
    (void)state;
    char ca[128], crt[128], key[128], err[256];
    path_of(ca, sizeof ca, "ca", "crt");
    path_of(crt, sizeof crt, "zoned", "crt");
    path_of(key, sizeof key, "zoned", "key");
    SSL_CTX *ctx = zt_tls_server_ctx(ca, crt, key, NULL, err, sizeof err);
    assert_non_null(ctx);
    struct fx fx;
    memset(&fx, 0, sizeof fx);
    assert_int_equal(uv_loop_init(&fx.loop), 0);
    struct zt_net_handlers h = {on_open, on_frame, on_close, &fx};
    if (zt_server_start(&fx.loop, "[::1]:0", ctx, &default_limits, &h, &fx.srv, err,
                        sizeof err) < 0) {
        SSL_CTX_free(ctx);
        assert_int_equal(uv_loop_close(&fx.loop), 0);
        skip(); /* no IPv6 loopback here */
    }
    fx.ctx = ctx;
    snprintf(fx.zone, sizeof fx.zone, "[::1]:%d", zt_server_port(fx.srv));
    assert_int_equal(uv_async_init(&fx.loop, &fx.stop, on_stop), 0);
    fx.stop.data = &fx;
    assert_int_equal(pthread_create(&fx.thread, NULL, loop_thread, &fx), 0);
    enum zt_conn_fail fail;
    assert_null(connect_with(fx.zone, "ca", "school", &fail, err, sizeof err));
    assert_int_equal(fail, ZT_FAIL_CERT);
    assert_non_null(strstr(err, "IP address mismatch"));
    stop(&fx);
    assert_int_equal(fx.opens, 0);
}

/* Stopping with clients still connected closes them and the loop. */
static void test_stop_with_open_connections(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    struct zt_client *c = connect_as(&fx, "school");
    send_ok(c, "x", 1);
    expect_frame(c, "x", 1);
    int fd = raw_connect(&fx); /* and one still in its handshake */
    stop(&fx);
    assert_int_equal(fx.opens, 1);
    enum zt_conn_fail fail;
    char err[256];
    uint8_t *got = NULL;
    size_t len;
    int rc = zt_client_recv(c, &got, &len, &fail, err, sizeof err);
    assert_true(rc < 0);
    assert_int_equal(rc, zt_conn_fail_code(fail));
    zt_client_close(c);
    assert_int_equal(wait_closed(fd, 1000), 0);
    close(fd);
}

/* A reloaded CRL that revokes an open connection's certificate closes that
 * connection; the others carry on, and a new one with it is refused. */
static void test_reload_closes_revoked_connections(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL);
    struct zt_client *school = connect_as(&fx, "school");
    struct zt_client *coord = connect_as(&fx, "coord");
    send_ok(school, "a", 1);
    expect_frame(school, "a", 1);
    reload_with(&fx, "ca");
    assert_int_equal(fx.revoked_closed, 0);
    send_ok(school, "b", 1);
    expect_frame(school, "b", 1);
    reload_with(&fx, "ca-school");
    assert_int_equal(fx.revoked_closed, 1);
    char err[256];
    assert_int_not_equal(expect_refusal(school, err, sizeof err), ZT_FAIL_NONE);
    send_ok(coord, "c", 1);
    expect_frame(coord, "c", 1);
    expect_cert_refused(&fx, "school", "revoked");
    zt_client_close(school);
    zt_client_close(coord);
    stop(&fx);
    assert_int_equal(fx.opens, 2);
}

/* Connections from one address that have not finished a handshake are
 * limited; more are closed at once, not at the handshake deadline, and
 * authenticated ones do not count. */
static void test_unauthenticated_per_address(void **state)
{
    (void)state;
    struct zt_net_limits lim = default_limits;
    lim.max_unauth_per_addr = 3;
    lim.handshake_ms = 8000;
    struct fx fx;
    start(&fx, &lim);
    struct zt_client *a = connect_as(&fx, "school");
    struct zt_client *b = connect_as(&fx, "coord");
    send_ok(b, "b", 1);
    expect_frame(b, "b", 1);
    int raw[3];
    for (int i = 0; i < 3; i++)
        raw[i] = raw_connect(&fx);
    expect_arriving(a, 3);
    int extra = raw_connect(&fx);
    assert_int_equal(wait_closed(extra, 4000), 0);
    close(extra);
    for (int i = 0; i < 3; i++)
        assert_int_equal(wait_closed(raw[i], 50), -1); /* still waiting for a handshake */
    close(raw[0]);
    expect_arriving(a, 2);
    struct zt_client *c = connect_as(&fx, "school");
    send_ok(c, "in", 2);
    expect_frame(c, "in", 2);
    zt_client_close(c);
    close(raw[1]);
    close(raw[2]);
    zt_client_close(a);
    zt_client_close(b);
    stop(&fx);
}

/* A peer with many requests queued takes turns: another's request, read
 * in the same poll, is answered after a few of its requests, not after
 * them all. */
static void test_fair_turns(void **state)
{
    (void)state;
    struct fx fx;
    start(&fx, NULL); /* frames_per_turn: the default, 8 */
    struct zt_client *holder = connect_as(&fx, "coord");
    struct zt_client *other = connect_as(&fx, "coord");
    SSL_CTX *ctx;
    int fd;
    SSL *greedy = raw_tls_connect(&fx, &ctx, &fd);
    enum { N = 64 };
    uint8_t frames[N * 5], got[N * 5];
    for (int i = 0; i < N; i++)
        memcpy(frames + i * 5, "\0\0\0\1a", 5);
    send_ok(holder, "block", 5);
    sem_wait(&fx.blocked); /* the loop is held: both writes wait in the sockets */
    assert_int_equal(SSL_write(greedy, frames, sizeof frames), (int)sizeof frames);
    send_ok(other, "b", 1);
    usleep(100 * 1000); /* let loopback deliver both */
    sem_post(&fx.unblock);
    ssl_read_all(greedy, got, sizeof got);
    assert_memory_equal(got, frames, sizeof frames);
    expect_frame(other, "b", 1);
    SSL_free(greedy);
    close(fd);
    SSL_CTX_free(ctx);
    zt_client_close(holder);
    zt_client_close(other);
    stop(&fx);
    assert_int_equal(fx.norder, N + 1);
    const char *b = memchr(fx.order, 'b', fx.norder);
    assert_non_null(b);
    if (b - fx.order > N / 2)
        fail_msg("the other peer's request was handled after %td of the greedy peer's", b - fx.order);
}

/* Sends n "big" requests in one write on a raw TLS session. */
static SSL *ask_big(struct fx *fx, SSL_CTX **ctx, int *fd, int n)
{
    SSL *ssl = raw_tls_connect(fx, ctx, fd);
    uint8_t *req = malloc((size_t)n * 7);
    for (int i = 0; i < n; i++)
        memcpy(req + i * 7, "\0\0\0\3big", 7);
    assert_int_equal(SSL_write(ssl, req, n * 7), n * 7);
    free(req);
    return ssl;
}

/* A server that lets a peer leave only 64 KiB of answers unread, and
 * none taken for unread_ms. */
static void start_unread(struct fx *fx, unsigned unread_ms)
{
    struct zt_net_limits lim = default_limits;
    lim.max_pending_write = 64u << 10;
    lim.unread_ms = unread_ms;
    start(fx, &lim);
}

/* A peer that leaves its answers unread is asked nothing more until it
 * reads (then it is served in full), and is closed if it never does. */
static void test_unread_answers(void **state)
{
    (void)state;
    struct fx fx;
    start_unread(&fx, 1500);
    enum { N = 40 };
    SSL_CTX *ctx;
    int fd;
    SSL *slow = ask_big(&fx, &ctx, &fd, N);
    usleep(500 * 1000); /* reads nothing for a while */
    uint8_t *got = malloc(4 + BIG_ANSWER);
    for (int i = 0; i < N; i++) {
        ssl_read_all(slow, got, 4 + BIG_ANSWER);
        assert_int_equal(got[1], BIG_ANSWER >> 16);
        assert_int_equal(got[4 + BIG_ANSWER - 1], 'x');
    }
    SSL_free(slow);
    close(fd);
    SSL_CTX_free(ctx);
    /* one that never reads */
    SSL *never = ask_big(&fx, &ctx, &fd, N);
    sleep(3); /* twice unread_ms */
    size_t total = 0;
    for (;;) {
        int n = SSL_read(never, got, 4 + BIG_ANSWER);
        if (n <= 0)
            break;
        total += (size_t)n;
    }
    if (total >= (size_t)N * (4 + BIG_ANSWER))
        fail_msg("a peer that never read was answered in full (%zu bytes)", total);
    SSL_free(never);
    close(fd);
    SSL_CTX_free(ctx);
    free(got);
    stop(&fx);
    if (fx.frames >= 2 * N)
        fail_msg("%d requests handled: the silent peer's were all read", fx.frames);
}

/* One answer far over max_pending_write, taken slowly but steadily for
 * longer than unread_ms: the peer is reading, so it is not cut off. */
static void test_slow_reader_served(void **state)
{
    (void)state;
    if (getenv("VALGRIND")) /* paced in real time: valgrind's slowness is not a slow reader */
        skip();
    struct fx fx;
    start_unread(&fx, 2000);
    SSL_CTX *ctx;
    int fd;
    /* a small window, as a slow link has: the kernel holds little of it */
    SSL *ssl = raw_tls_connect_with(&fx, &ctx, &fd, 64 << 10);
    const uint8_t ask[] = {0, 0, 0, 4, 'h', 'u', 'g', 'e'};
    assert_int_equal(SSL_write(ssl, ask, sizeof ask), (int)sizeof ask);
    enum { STEP = 128 << 10 };
    uint8_t *got = malloc(STEP);
    ssl_read_all(ssl, got, 4);
    assert_int_equal(got[1], HUGE_ANSWER >> 16);
    for (size_t left = HUGE_ANSWER; left; left -= left < STEP ? left : STEP) {
        usleep(100 * 1000); /* 64 steps: three times unread_ms in all */
        ssl_read_all(ssl, got, left < STEP ? left : STEP);
    }
    assert_int_equal(got[0], 'x');
    const uint8_t echo[] = {0, 0, 0, 1, 'e'};
    assert_int_equal(SSL_write(ssl, echo, sizeof echo), (int)sizeof echo);
    ssl_read_all(ssl, got, sizeof echo);
    assert_memory_equal(got, echo, sizeof echo);
    free(got);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    stop(&fx);
}

int main(void)
{
    zt_log_init("test_net");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_parse),
        cmocka_unit_test(test_context_errors),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bad_client_certificates_refused),
        cmocka_unit_test(test_server_certificate_checked),
        cmocka_unit_test(test_refused_tcp_port),
        cmocka_unit_test(test_plaintext_garbage_closed),
        cmocka_unit_test(test_oversized_frame_closes_only_that_connection),
        cmocka_unit_test(test_close_from_handler),
        cmocka_unit_test(test_half_closed_peer_gets_owed_answer),
        cmocka_unit_test(test_handshake_timeout),
        cmocka_unit_test(test_idle_timeout),
        cmocka_unit_test(test_max_connections),
        cmocka_unit_test(test_arriving_connections_counted),
        cmocka_unit_test(test_start_errors),
        cmocka_unit_test(test_ipv6_and_ip_mismatch),
        cmocka_unit_test(test_stop_with_open_connections),
        cmocka_unit_test(test_reload_closes_revoked_connections),
        cmocka_unit_test(test_unauthenticated_per_address),
        cmocka_unit_test(test_fair_turns),
        cmocka_unit_test(test_unread_answers),
        cmocka_unit_test(test_slow_reader_served),
    };
    return cmocka_run_group_tests(tests, make_pki, remove_pki);
}
