/* Unit tests for client/ctl/pki_*.c: the zone CA, checked with the OpenSSL
 * library's own verifier (X509_verify_cert), never by re-reading our code. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "pki.h"

/* Each test gets a fresh zone: base is a mkdtemp directory, dir its "pki"
 * child, which zt_pki_init creates. */
struct zone {
    char base[64];
    char dir[128];
};

#define ERRLEN 512

/* ---- files ---------------------------------------------------------- */

static void rm_tree(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *de;
    char child[PATH_MAX];

    if (lstat(path, &sb) < 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlink(path);
        return;
    }
    d = opendir(path);
    if (d != NULL) {
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            snprintf(child, sizeof child, "%s/%s", path, de->d_name);
            rm_tree(child);
        }
        closedir(d);
    }
    rmdir(path);
}

static void path_of(char *out, const struct zone *z, const char *name)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", z->dir, name);

    assert_true(n > 0 && n < PATH_MAX);
}

static mode_t mode_of(const struct zone *z, const char *name)
{
    char path[PATH_MAX];
    struct stat sb;

    path_of(path, z, name);
    assert_int_equal(stat(path, &sb), 0);
    return sb.st_mode & 07777;
}

/* Whole file as a NUL-terminated string; caller frees. */
static char *slurp(const struct zone *z, const char *name)
{
    char path[PATH_MAX], *buf;
    long len;
    FILE *f;

    path_of(path, z, name);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    len = ftell(f);
    assert_true(len >= 0);
    rewind(f);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    return buf;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;

    for (; *s != '\0'; s++)
        n += *s == '\n';
    return n;
}

static X509 *load_cert(const struct zone *z, const char *name)
{
    char path[PATH_MAX];
    X509 *x;
    FILE *f;

    path_of(path, z, name);
    f = fopen(path, "r");
    assert_non_null(f);
    x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    assert_non_null(x);
    return x;
}

static EVP_PKEY *load_key(const struct zone *z, const char *name)
{
    char path[PATH_MAX];
    EVP_PKEY *k;
    FILE *f;

    path_of(path, z, name);
    f = fopen(path, "r");
    assert_non_null(f);
    k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    assert_non_null(k);
    return k;
}

static X509_CRL *load_crl(const struct zone *z)
{
    char path[PATH_MAX];
    X509_CRL *crl;
    FILE *f;

    path_of(path, z, ZT_PKI_CRL);
    f = fopen(path, "r");
    assert_non_null(f);
    crl = PEM_read_X509_CRL(f, NULL, NULL, NULL);
    fclose(f);
    assert_non_null(crl);
    return crl;
}

/* ---- verification --------------------------------------------------- */

/* Verifies crt against ca.crt for purpose (X509_PURPOSE_SSL_CLIENT/SERVER),
 * with zone.crl when crl_check is set. Returns X509_V_OK or the error. */
static int verify(const struct zone *z, const char *crt, int purpose,
                  int crl_check)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    X509 *ca = load_cert(z, ZT_PKI_CA_CERT);
    X509 *leaf = load_cert(z, crt);
    int rc;

    assert_non_null(store);
    assert_non_null(ctx);
    assert_int_equal(X509_STORE_add_cert(store, ca), 1);
    if (crl_check) {
        X509_CRL *crl = load_crl(z);

        assert_int_equal(X509_STORE_add_crl(store, crl), 1);
        X509_CRL_free(crl);
        X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
    }
    assert_int_equal(X509_STORE_CTX_init(ctx, store, leaf, NULL), 1);
    assert_int_equal(X509_STORE_CTX_set_purpose(ctx, purpose), 1);
    rc = X509_verify_cert(ctx) == 1 ? X509_V_OK
                                    : X509_STORE_CTX_get_error(ctx);
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    X509_free(leaf);
    X509_free(ca);
    return rc;
}

static void assert_cn(const struct zone *z, const char *crt, const char *cn)
{
    char buf[256];
    X509 *x = load_cert(z, crt);

    assert_true(X509_NAME_get_text_by_NID(X509_get_subject_name(x),
                                          NID_commonName, buf,
                                          sizeof buf) > 0);
    assert_string_equal(buf, cn);
    X509_free(x);
}

/* Key file is 0600 PKCS#8 P-256 and matches its certificate. */
static void assert_key_pair(const struct zone *z, const char *stem)
{
    char crt[128], key[128], curve[64];
    EVP_PKEY *k;
    X509 *x;
    char *pem;

    snprintf(crt, sizeof crt, "%s.crt", stem);
    snprintf(key, sizeof key, "%s.key", stem);
    assert_int_equal(mode_of(z, key), 0600);
    assert_int_equal(mode_of(z, crt), 0644);
    pem = slurp(z, key);
    assert_non_null(strstr(pem, "-----BEGIN PRIVATE KEY-----"));
    free(pem);
    k = load_key(z, key);
    x = load_cert(z, crt);
    assert_int_equal(X509_check_private_key(x, k), 1);
    assert_int_equal(EVP_PKEY_get_utf8_string_param(
                         k, "group", curve, sizeof curve, NULL),
                     1);
    assert_string_equal(curve, "prime256v1");
    EVP_PKEY_free(k);
    X509_free(x);
}

/* Fills argv[16] from a NULL-terminated list; returns argc. */
static int collect_args(char **argv, const char *first, va_list ap)
{
    int argc = 0;

    for (const char *a = first; a != NULL; a = va_arg(ap, const char *)) {
        assert_true(argc < 15);
        argv[argc++] = (char *)a;
    }
    argv[argc] = NULL;
    return argc;
}

/* Runs zt_pki_main on a NULL-terminated argument list. */
static int run_main(const char *first, ...)
{
    char *argv[16];
    int argc;
    va_list ap;

    va_start(ap, first);
    argc = collect_args(argv, first, ap);
    va_end(ap);
    return zt_pki_main(argc, argv);
}

/* zt_pki_main on a NULL-terminated list with stdout and stderr caught:
 * the exit code, and what it wrote into out[outlen]. */
static int run_caught(char *out, size_t outlen, const char *first, ...)
{
    char *argv[16], tmpl[] = "/tmp/test_pki_out.XXXXXX";
    int argc, fd, saved_out, saved_err, rc;
    ssize_t n;
    va_list ap;

    va_start(ap, first);
    argc = collect_args(argv, first, ap);
    va_end(ap);
    fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    saved_out = dup(1);
    saved_err = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);
    rc = zt_pki_main(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    n = pread(fd, out, outlen - 1, 0);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(tmpl);
    return rc;
}

/* ---- fixtures ------------------------------------------------------- */

static int setup_zone(void **state)
{
    static const char *const hosts[] = {"zone.example.org", "10.1.2.3",
                                        "::1", "localhost"};
    struct zone *z = calloc(1, sizeof *z);
    char err[ERRLEN] = "";

    if (z == NULL)
        return -1;
    strcpy(z->base, "/tmp/test_pki.XXXXXX");
    if (mkdtemp(z->base) == NULL) {
        free(z);
        return -1;
    }
    snprintf(z->dir, sizeof z->dir, "%s/pki", z->base);
    if (zt_pki_init(z->dir, hosts, 4, ZT_PKI_CA_DAYS, NULL, NULL, err,
                    sizeof err) != 0 ||
        zt_pki_issue(z->dir, ZT_ROLE_SCHOOL, "123456", ZT_PKI_LEAF_DAYS, NULL,
                     NULL, err, sizeof err) != 0 ||
        zt_pki_issue(z->dir, ZT_ROLE_COORDINATOR, "alice", ZT_PKI_LEAF_DAYS,
                     NULL, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "setup: %s\n", err);
        rm_tree(z->base);
        free(z);
        return -1;
    }
    *state = z;
    return 0;
}

static int teardown_zone(void **state)
{
    struct zone *z = *state;

    rm_tree(z->base);
    free(z);
    return 0;
}

/* ---- tests ---------------------------------------------------------- */

static void test_init_files(void **state)
{
    const struct zone *z = *state;
    struct stat sb;
    struct dirent *de;
    DIR *d;
    X509 *ca;

    assert_int_equal(stat(z->dir, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0700);
    assert_int_equal(mode_of(z, ZT_PKI_CA_KEY), 0600);
    assert_int_equal(mode_of(z, ZT_PKI_CA_CERT), 0644);
    assert_int_equal(mode_of(z, ZT_PKI_CRL), 0644);
    assert_key_pair(z, "zoned");
    assert_cn(z, ZT_PKI_CA_CERT, "ZoneTrack zone CA");
    assert_cn(z, ZT_PKI_ZONED_CERT, "zoned");

    ca = load_cert(z, ZT_PKI_CA_CERT);
    assert_int_equal(X509_get_version(ca), X509_VERSION_3);
    assert_int_equal(X509_check_ca(ca), 1);
    assert_true(X509_get_key_usage(ca) & KU_KEY_CERT_SIGN);
    assert_true(X509_get_key_usage(ca) & KU_CRL_SIGN);
    assert_non_null(X509_get0_subject_key_id(ca));
    assert_int_equal(X509_get_signature_nid(ca), NID_ecdsa_with_SHA256);
    X509_free(ca);

    /* no temporary files left behind: the only dot file is the lock */
    d = opendir(z->dir);
    assert_non_null(d);
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] == '.')
            assert_true(strcmp(de->d_name, ".") == 0 ||
                        strcmp(de->d_name, "..") == 0 ||
                        strcmp(de->d_name, ".pki.lock") == 0);
    closedir(d);
}

static void test_zoned_server_cert(void **state)
{
    const struct zone *z = *state;
    X509 *x = load_cert(z, ZT_PKI_ZONED_CERT);
    GENERAL_NAMES *gens;

    assert_int_equal(verify(z, ZT_PKI_ZONED_CERT, X509_PURPOSE_SSL_SERVER, 1),
                     X509_V_OK);
    assert_int_equal(X509_check_host(x, "localhost", 0, 0, NULL), 1);
    assert_int_equal(X509_check_host(x, "zone.example.org", 0, 0, NULL), 1);
    assert_int_equal(X509_check_host(x, "other.example.org", 0, 0, NULL), 0);
    assert_int_equal(X509_check_ip_asc(x, "127.0.0.1", 0), 1);
    assert_int_equal(X509_check_ip_asc(x, "10.1.2.3", 0), 1);
    assert_int_equal(X509_check_ip_asc(x, "::1", 0), 1);
    assert_int_equal(X509_check_ip_asc(x, "10.1.2.4", 0), 0);
    /* "localhost" given again with --host is not duplicated */
    gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    assert_non_null(gens);
    assert_int_equal(sk_GENERAL_NAME_num(gens), 5);
    GENERAL_NAMES_free(gens);
    assert_true(X509_get_extended_key_usage(x) & XKU_SSL_SERVER);
    assert_false(X509_get_extended_key_usage(x) & XKU_SSL_CLIENT);
    X509_free(x);
}

static void test_leaves_verify(void **state)
{
    const struct zone *z = *state;
    X509 *x;

    assert_int_equal(verify(z, "school-123456.crt", X509_PURPOSE_SSL_CLIENT, 0),
                     X509_V_OK);
    assert_int_equal(
        verify(z, "coordinator-alice.crt", X509_PURPOSE_SSL_CLIENT, 1),
        X509_V_OK);
    /* client certificates cannot pose as the server */
    assert_int_equal(verify(z, "school-123456.crt", X509_PURPOSE_SSL_SERVER, 0),
                     X509_V_ERR_INVALID_PURPOSE);
    assert_cn(z, "school-123456.crt", "school:123456");
    assert_cn(z, "coordinator-alice.crt", "coordinator:alice");
    assert_key_pair(z, "school-123456");
    assert_key_pair(z, "coordinator-alice");

    x = load_cert(z, "school-123456.crt");
    assert_int_equal(X509_get_version(x), X509_VERSION_3);
    assert_int_equal(X509_check_ca(x), 0);
    assert_non_null(X509_get0_authority_key_id(x));
    assert_non_null(X509_get0_subject_key_id(x));
    {
        BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);

        assert_non_null(bn);
        assert_false(BN_is_negative(bn));
        assert_false(BN_is_zero(bn));
        assert_true(BN_num_bits(bn) <= 128);
        BN_free(bn);
    }
    /* about 825 days long */
    {
        int days = 0, secs = 0;

        assert_int_equal(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x),
                                        X509_get0_notAfter(x)),
                         1);
        assert_int_equal(days, ZT_PKI_LEAF_DAYS);
    }
    X509_free(x);
}

static void test_register(void **state)
{
    const struct zone *z = *state;
    char *reg = slurp(z, ZT_PKI_REGISTER);
    char serial[64], stem[128], identity[128], status[64];
    long long not_after;
    const char *line;

    assert_int_equal(count_lines(reg), 3);
    line = strstr(reg, "\tschool-123456\tschool:123456\t");
    assert_non_null(line);
    while (line > reg && line[-1] != '\n')
        line--;
    assert_int_equal(sscanf(line, "%63[0-9A-F]\t%127[^\t]\t%127[^\t]\t%lld\t%63s",
                            serial, stem, identity, &not_after, status),
                     5);
    assert_string_equal(status, "valid");
    assert_true(not_after > (long long)time(NULL) + 824LL * 86400);
    assert_non_null(strstr(reg, "\tzoned\tzoned\t"));
    assert_non_null(strstr(reg, "\tcoordinator-alice\tcoordinator:alice\t"));
    /* the serial is the certificate's */
    {
        X509 *x = load_cert(z, "school-123456.crt");
        BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
        char *hex = BN_bn2hex(bn);

        assert_string_equal(hex, serial);
        OPENSSL_free(hex);
        BN_free(bn);
        X509_free(x);
    }
    assert_int_equal(mode_of(z, ZT_PKI_REGISTER), 0644);
    free(reg);
}

static void test_expired(void **state)
{
    const struct zone *z = *state;
    X509 *x;
    time_t now = time(NULL), na;
    struct tm tm;

    assert_int_equal(run_main("pki", "issue", "coordinator", "old", "--dir",
                              z->dir, "--days", "-1", NULL),
                     0);
    assert_int_equal(verify(z, "coordinator-old.crt", X509_PURPOSE_SSL_CLIENT,
                            0),
                     X509_V_ERR_CERT_HAS_EXPIRED);
    x = load_cert(z, "coordinator-old.crt");
    /* expired one day ago, after one day of validity */
    assert_int_equal(ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm), 1);
    assert_int_equal(ASN1_TIME_cmp_time_t(X509_get0_notAfter(x), now), -1);
    na = now - 86400;
    assert_int_equal(ASN1_TIME_cmp_time_t(X509_get0_notAfter(x), na + 5), -1);
    assert_int_equal(ASN1_TIME_cmp_time_t(X509_get0_notAfter(x), na - 5), 1);
    assert_int_equal(ASN1_TIME_cmp_time_t(X509_get0_notBefore(x),
                                          now - 2 * 86400 + 5),
                     -1);
    X509_free(x);
}

static void test_revoke(void **state)
{
    const struct zone *z = *state;
    char err[ERRLEN] = "";
    X509_CRL *crl;
    char *reg;

    assert_int_equal(verify(z, "school-123456.crt", X509_PURPOSE_SSL_CLIENT, 1),
                     X509_V_OK);
    assert_int_equal(run_main("pki", "revoke", "school:123456", "--dir",
                              z->dir, NULL),
                     0);
    assert_int_equal(verify(z, "school-123456.crt", X509_PURPOSE_SSL_CLIENT, 1),
                     X509_V_ERR_CERT_REVOKED);
    assert_int_equal(
        verify(z, "coordinator-alice.crt", X509_PURPOSE_SSL_CLIENT, 1),
        X509_V_OK);
    assert_int_equal(verify(z, ZT_PKI_ZONED_CERT, X509_PURPOSE_SSL_SERVER, 1),
                     X509_V_OK);

    crl = load_crl(z);
    assert_int_equal(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), 1);
    {
        int days = 0, secs = 0;

        assert_int_equal(ASN1_TIME_diff(&days, &secs,
                                        X509_CRL_get0_lastUpdate(crl),
                                        X509_CRL_get0_nextUpdate(crl)),
                         1);
        assert_int_equal(days, ZT_PKI_CRL_DAYS);
        assert_int_equal(secs, 0);
    }
    X509_CRL_free(crl);

    reg = slurp(z, ZT_PKI_REGISTER);
    assert_non_null(strstr(reg, "\tschool:123456\t"));
    assert_non_null(strstr(reg, "\trevoked:"));
    free(reg);

    /* a second revoke finds nothing valid; an unknown name is an error */
    assert_int_equal(zt_pki_revoke(z->dir, "school-123456", NULL, err,
                                   sizeof err),
                     -EALREADY);
    assert_non_null(strstr(err, "already revoked"));
    assert_int_equal(zt_pki_revoke(z->dir, "school-999999", NULL, err,
                                   sizeof err),
                     -ENOENT);
    assert_non_null(strstr(err, ZT_PKI_REGISTER));
    assert_int_equal(run_main("pki", "revoke", "coordinator-bob", "--dir",
                              z->dir, NULL),
                     1);
}

/* Re-issuing rotates the files; revoking the stem revokes every valid
 * certificate it ever had, and a fresh one after that verifies. */
static void test_rotation(void **state)
{
    const struct zone *z = *state;
    char err[ERRLEN] = "";
    X509 *first, *second;
    X509_CRL *crl;
    char *reg;

    first = load_cert(z, "school-123456.crt");
    assert_int_equal(zt_pki_issue(z->dir, ZT_ROLE_SCHOOL, "123456", 30, NULL,
                                  NULL, err, sizeof err),
                     0);
    second = load_cert(z, "school-123456.crt");
    assert_int_not_equal(ASN1_INTEGER_cmp(X509_get0_serialNumber(first),
                                          X509_get0_serialNumber(second)),
                         0);
    assert_key_pair(z, "school-123456");
    reg = slurp(z, ZT_PKI_REGISTER);
    assert_int_equal(count_lines(reg), 4);
    free(reg);

    assert_int_equal(zt_pki_revoke(z->dir, "school-123456", NULL, err,
                                   sizeof err),
                     0);
    crl = load_crl(z);
    assert_int_equal(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl)), 2);
    X509_CRL_free(crl);

    assert_int_equal(zt_pki_issue(z->dir, ZT_ROLE_SCHOOL, "123456",
                                  ZT_PKI_LEAF_DAYS, NULL, NULL, err, sizeof err),
                     0);
    assert_int_equal(verify(z, "school-123456.crt", X509_PURPOSE_SSL_CLIENT, 1),
                     X509_V_OK);
    X509_free(first);
    X509_free(second);
}

static void test_refresh_crl(void **state)
{
    const struct zone *z = *state;
    char err[ERRLEN] = "";
    X509_CRL *before, *after;
    ASN1_INTEGER *n1, *n2;

    before = load_crl(z);
    assert_int_equal(zt_pki_refresh_crl(z->dir, NULL, err, sizeof err), 0);
    assert_int_equal(run_main("pki", "crl", "--dir", z->dir, NULL), 0);
    after = load_crl(z);
    n1 = X509_CRL_get_ext_d2i(before, NID_crl_number, NULL, NULL);
    n2 = X509_CRL_get_ext_d2i(after, NID_crl_number, NULL, NULL);
    assert_non_null(n1);
    assert_non_null(n2);
    assert_true(ASN1_INTEGER_cmp(n1, n2) < 0); /* CRL numbers only grow */
    assert_int_equal(X509_CRL_get_version(after), X509_CRL_VERSION_2);
    ASN1_INTEGER_free(n1);
    ASN1_INTEGER_free(n2);
    X509_CRL_free(before);
    X509_CRL_free(after);
}

static void test_init_refuses_existing_ca(void **state)
{
    const struct zone *z = *state;
    char err[ERRLEN] = "";
    char *before = slurp(z, ZT_PKI_CA_KEY), *after;

    assert_int_equal(zt_pki_init(z->dir, NULL, 0, ZT_PKI_CA_DAYS, NULL, NULL, err,
                                 sizeof err),
                     -EEXIST);
    assert_non_null(strstr(err, ZT_PKI_CA_KEY));
    assert_int_equal(run_main("pki", "init", z->dir, NULL), 1);
    after = slurp(z, ZT_PKI_CA_KEY);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void test_bad_arguments(void **state)
{
    const struct zone *z = *state;
    char err[ERRLEN] = "", path[PATH_MAX];
    char long_name[ZT_CERT_NAME_MAX + 2];

    memset(long_name, 'a', ZT_CERT_NAME_MAX + 1); /* one too many */
    long_name[ZT_CERT_NAME_MAX + 1] = '\0';
    assert_int_equal(run_main("pki", "issue", "school", "12345", "--dir",
                              z->dir, NULL),
                     2);
    assert_int_equal(run_main("pki", "issue", "school", "1234567", "--dir",
                              z->dir, NULL),
                     2);
    assert_int_equal(run_main("pki", "issue", "school", "12a456", "--dir",
                              z->dir, NULL),
                     2);
    assert_int_equal(zt_pki_issue(z->dir, ZT_ROLE_SCHOOL, "12345", 1, NULL,
                                  NULL, err, sizeof err),
                     -EINVAL);
    assert_non_null(strstr(err, "12345"));
    assert_int_equal(run_main("pki", "issue", "coordinator", "a/b", "--dir",
                              z->dir, NULL),
                     2);
    assert_int_equal(run_main("pki", "issue", "coordinator", long_name,
                              "--dir", z->dir, NULL),
                     2);
    assert_int_equal(run_main("pki", "issue", "coordinator", "", "--dir",
                              z->dir, NULL),
                     2);
    path_of(path, z, "school-12345.crt");
    assert_int_not_equal(access(path, F_OK), 0);

    assert_int_equal(run_main("pki", NULL), 2);
    assert_int_equal(run_main("pki", "--help", NULL), 0);
    assert_int_equal(run_main("pki", "issue", "--help", NULL), 0);
    assert_int_equal(run_main("pki", "frobnicate", NULL), 2);
    assert_int_equal(run_main("pki", "issue", "school", "123456", NULL), 2);
    assert_int_equal(run_main("pki", "issue", "school", "123456", "--dir",
                              z->dir, "--days", "0", NULL),
                     2);
    assert_int_equal(run_main("pki", "issue", "school", "123456", "--dir",
                              z->dir, "--days", "ten", NULL),
                     2);
    assert_int_equal(run_main("pki", "issue", "school", "123456", "--dir",
                              NULL),
                     2);
    assert_int_equal(run_main("pki", "init", "/nonexistent/x", "--host",
                              "bad,host", NULL),
                     2);
    assert_int_equal(run_main("pki", "revoke", "school-123456", NULL), 2);
    /* runtime failure, not usage: the directory holds no CA */
    assert_int_equal(run_main("pki", "issue", "school", "123456", "--dir",
                              z->base, NULL),
                     1);
}

/* Every subcommand answers --help locally (no DIR needed), exit 0; an
 * option it does not take, or none at all, is named with exit 2. */
static void test_help_and_options(void **state)
{
    const struct zone *z = *state;
    static const char *const subs[] = {"init", "issue", "revoke", "crl"};
    char out[8192], path[PATH_MAX];

    assert_int_equal(run_caught(out, sizeof out, "pki", "--help", NULL), 0);
    assert_non_null(strstr(out, "zonectl pki init DIR"));
    assert_int_equal(run_caught(out, sizeof out, "pki", "--frobnicate", NULL), 2);
    assert_non_null(strstr(out, "unknown option '--frobnicate'"));
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        assert_int_equal(run_caught(out, sizeof out, "pki", subs[i], "--help", NULL), 0);
        assert_non_null(strstr(out, "usage: zonectl pki"));
        assert_non_null(strstr(out, subs[i]));
        assert_int_equal(run_caught(out, sizeof out, "pki", subs[i], "--frobnicate", NULL), 2);
        assert_non_null(strstr(out, "--frobnicate"));
        assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1); /* one line */
    }
    assert_int_equal(run_caught(out, sizeof out, "pki", "issue", "school", "123456", "--dir",
                                z->dir, "--host", "x.org", NULL),
                     2);
    assert_non_null(strstr(out, "unknown option '--host'"));
    assert_int_equal(run_caught(out, sizeof out, "pki", "revoke", "school-123456", "--dir",
                                z->dir, "--days", "3", NULL),
                     2);
    assert_non_null(strstr(out, "--days"));
    assert_int_equal(run_caught(out, sizeof out, "pki", "crl", "--dir", NULL), 2);
    assert_non_null(strstr(out, "--dir needs a value"));
    assert_int_equal(run_caught(out, sizeof out, "pki", "crl", "-x", "--dir", z->dir, NULL), 2);
    assert_non_null(strstr(out, "'-x'"));
    /* options before, between and after the operands; --opt=value; -- */
    assert_int_equal(run_caught(out, sizeof out, "pki", "issue", "--dir=x", "--dir", z->dir,
                                "school", "100001", NULL),
                     2);
    assert_non_null(strstr(out, "--dir given twice"));
    assert_int_equal(run_caught(out, sizeof out, "pki", "issue", "--days=-3", "school",
                                "--dir", z->dir, "100001", NULL),
                     0);
    path_of(path, z, "school-100001.crt");
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(run_caught(out, sizeof out, "pki", "issue", "--dir", z->dir, "--",
                                "coordinator", "bob", NULL),
                     0);
    path_of(path, z, "coordinator-bob.key");
    assert_int_equal(access(path, F_OK), 0);
}

/* URN 000000 means "every school" inside zoned: never issued. */
static void test_no_school_000000(void **state)
{
    const struct zone *z = *state;
    char out[4096], err[ERRLEN] = "", path[PATH_MAX];

    assert_false(zt_identity_valid(ZT_ROLE_SCHOOL, "000000"));
    assert_true(zt_identity_valid(ZT_ROLE_SCHOOL, "000001"));
    assert_int_equal(run_caught(out, sizeof out, "pki", "issue", "school", "000000", "--dir",
                                z->dir, NULL),
                     2);
    assert_non_null(strstr(out, "'000000'"));
    assert_non_null(strstr(out, "every school"));
    assert_int_equal(zt_pki_issue(z->dir, ZT_ROLE_SCHOOL, "000000", 1, NULL, NULL, err,
                                  sizeof err),
                     -EINVAL);
    assert_non_null(strstr(err, "000000"));
    path_of(path, z, "school-000000.crt");
    assert_int_not_equal(access(path, F_OK), 0);
    path_of(path, z, "school-000000.key");
    assert_int_not_equal(access(path, F_OK), 0);
}

/* --owner/--group give zoned's (or a leaf's) key and certificate to the
 * user a daemon runs as; the folder lets that user through, never lists. */
static void test_owner_and_group(void **state)
{
    const struct zone *z = *state;
    struct passwd *pw = getpwuid(getuid());
    char out[4096], dir[128], path[PATH_MAX], gid[32];
    struct stat sb;

    assert_non_null(pw);
    snprintf(dir, sizeof dir, "%s/owned", z->base);
    assert_int_equal(run_caught(out, sizeof out, "pki", "init", dir, "--owner", pw->pw_name,
                                NULL),
                     0);
    assert_int_equal(stat(dir, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0711);
    snprintf(path, sizeof path, "%s/zoned.key", dir);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_uid, pw->pw_uid);
    assert_int_equal(sb.st_gid, pw->pw_gid);
    assert_int_equal(sb.st_mode & 07777, 0600);
    snprintf(path, sizeof path, "%s/zoned.crt", dir);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_uid, pw->pw_uid);
    snprintf(path, sizeof path, "%s/ca.key", dir);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0600);

    /* --group: the key is 0640 to that group (a number works too) */
    snprintf(gid, sizeof gid, "%u", (unsigned)getgid());
    assert_int_equal(run_caught(out, sizeof out, "pki", "issue", "school", "100002", "--dir",
                                dir, "--group", gid, NULL),
                     0);
    snprintf(path, sizeof path, "%s/school-100002.key", dir);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_gid, getgid());
    assert_int_equal(sb.st_mode & 07777, 0640);

    /* an unknown user is a usage error and writes nothing */
    assert_int_equal(run_caught(out, sizeof out, "pki", "issue", "school", "100003", "--dir",
                                z->dir, "--owner", "no-such-user-zt", NULL),
                     2);
    assert_non_null(strstr(out, "no user 'no-such-user-zt'"));
    path_of(path, z, "school-100003.key");
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(run_caught(out, sizeof out, "pki", "issue", "school", "100003", "--dir",
                                z->dir, "--group", "no-such-group-zt", NULL),
                     2);
    /* without an owner the folder keeps its 0700 */
    assert_int_equal(mode_of(z, "."), 0700);
}

/* What pki issues is what zoned and its clients accept: the certificates
 * read back by common/cert_identity.c, the rule tls.c checks by. */
static void test_issued_identities(void **state)
{
    const struct zone *z = *state;
    struct zt_identity id;
    char cn[128];
    X509 *x;

    x = load_cert(z, ZT_PKI_ZONED_CERT);
    assert_int_equal(zt_cert_server_fault(x, cn, sizeof cn), ZT_SERVER_CERT_OK);
    assert_string_equal(cn, ZT_CERT_SERVER_CN);
    assert_int_equal(zt_cert_identity(x, &id), -1); /* zoned is no client */
    X509_free(x);

    x = load_cert(z, "school-123456.crt");
    assert_int_equal(zt_cert_identity(x, &id), 0);
    assert_int_equal(id.role, ZT_ROLE_SCHOOL);
    assert_int_equal(id.urn, 123456);
    assert_string_equal(id.name, "school:123456");
    assert_int_equal(X509_check_purpose(x, ZT_CERT_CLIENT_PURPOSE, 0), 1);
    assert_int_equal(zt_cert_server_fault(x, cn, sizeof cn), ZT_SERVER_CERT_CLIENT);
    X509_free(x);

    x = load_cert(z, "coordinator-alice.crt");
    assert_int_equal(zt_cert_identity(x, &id), 0);
    assert_int_equal(id.role, ZT_ROLE_COORDINATOR);
    assert_string_equal(id.name, "coordinator:alice");
    assert_int_equal(X509_check_purpose(x, ZT_CERT_CLIENT_PURPOSE, 0), 1);
    X509_free(x);

    /* the CA is neither a server nor a client identity */
    x = load_cert(z, ZT_PKI_CA_CERT);
    assert_int_equal(zt_cert_identity(x, &id), -1);
    X509_free(x);

    assert_int_equal(zt_identity_make(ZT_ROLE_COORDINATOR, "jane", &id), 0);
    assert_string_equal(id.name, "coordinator:jane");
    assert_int_equal(zt_identity_make(ZT_ROLE_NONE, "jane", &id), -1);
    assert_int_equal(zt_identity_make(ZT_ROLE_SCHOOL, "123456x", &id), -1);
}

/* The library's failures are codes of the one error space (err.h), each
 * with its one-line message. */
static void test_error_codes(void **state)
{
    const struct zone *z = *state;
    char err[ERRLEN] = "", path[PATH_MAX];
    FILE *f;

    /* a malformed register is a corrupt record, named by file and line */
    path_of(path, z, ZT_PKI_REGISTER);
    f = fopen(path, "a");
    assert_non_null(f);
    fputs("not a register line\n", f);
    fclose(f);
    assert_int_equal(zt_pki_refresh_crl(z->dir, NULL, err, sizeof err), ZT_E_CORRUPT);
    assert_non_null(strstr(err, "index.txt:4: malformed register line"));
    assert_int_equal(zt_pki_issue(z->dir, ZT_ROLE_SCHOOL, "100004", 1, NULL, NULL, err, sizeof err),
                     ZT_E_CORRUPT);
    path_of(path, z, "school-100004.crt");
    assert_int_not_equal(access(path, F_OK), 0);

    /* no CA in the folder; a file for a folder; an unreadable CA */
    assert_int_equal(zt_pki_refresh_crl(z->base, NULL, err, sizeof err), -ENOENT);
    assert_non_null(strstr(err, "run 'zonectl pki init' first"));
    path_of(path, z, ZT_PKI_CA_CERT);
    assert_int_equal(zt_pki_refresh_crl(path, NULL, err, sizeof err), -ENOTDIR);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("not PEM\n", f);
    fclose(f);
    assert_int_equal(zt_pki_revoke(z->dir, "coordinator-alice", NULL, err, sizeof err), ZT_E_CRYPTO);
    assert_non_null(strstr(err, "ca.crt: cannot parse: "));
    assert_int_equal(run_main("pki", "crl", "--dir", z->dir, NULL), 1);

    /* arguments the library refuses */
    assert_int_equal(zt_pki_init(z->base, NULL, 0, 0, NULL, NULL, err, sizeof err), -EINVAL);
    assert_non_null(strstr(err, "--days: 0 is not"));
    assert_int_equal(zt_pki_revoke(z->dir, "", NULL, err, sizeof err), -EINVAL);
    assert_string_equal(zt_strerror(ZT_E_CRYPTO), "OpenSSL failure");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init_files, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_zoned_server_cert, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_leaves_verify, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_register, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_expired, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_revoke, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_rotation, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_refresh_crl, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_init_refuses_existing_ca,
                                        setup_zone, teardown_zone),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_help_and_options, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_no_school_000000, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_owner_and_group, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_issued_identities, setup_zone,
                                        teardown_zone),
        cmocka_unit_test_setup_teardown(test_error_codes, setup_zone,
                                        teardown_zone),
    };

    return cmocka_run_group_tests_name("pki", tests, NULL, NULL);
}
