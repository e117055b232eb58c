/* `zonectl pki`: the zone's certificate authority, built on the OpenSSL 3
 * library (never the openssl program). See pki.h for the files it keeps. */
#include "pki.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tls.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define STEM_MAX       ZT_PKI_STEM_MAX
#define SERIAL_HEX_MAX 48   /* a 128-bit serial is at most 32 hex digits */
#define BACKDATE_SECS  3600 /* peers whose clock lags still accept new certs */
#define LOCK_NAME      ".pki.lock"
#define CA_CN          "ZoneTrack zone CA"
#define ZONED_STEM     "zoned"

#if defined(__GNUC__)
#define ZT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ZT_PRINTF(a, b)
#endif

/* ------------------------------------------------------------------ */
/* Errors                                                              */

ZT_PRINTF(4, 0)
static void vset_err(char *err, size_t errlen, const char *why,
                     const char *fmt, va_list ap)
{
    size_t n;

    if (err == NULL || errlen == 0)
        return;
    vsnprintf(err, errlen, fmt, ap);
    n = strlen(err);
    if (why != NULL && n + 1 < errlen)
        snprintf(err + n, errlen - n, ": %s", why);
}

/* Formats the message into err and returns -1, so that callers can write
 * `return fail(...)`. */
ZT_PRINTF(3, 4)
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vset_err(err, errlen, NULL, fmt, ap);
    va_end(ap);
    return -1;
}

/* fail() plus ": strerror(errno)"; errno is read before anything else. */
ZT_PRINTF(3, 4)
static int sys_fail(char *err, size_t errlen, const char *fmt, ...)
{
    const char *why = strerror(errno);
    va_list ap;

    va_start(ap, fmt);
    vset_err(err, errlen, why, fmt, ap);
    va_end(ap);
    return -1;
}

/* fail() plus OpenSSL's reason for its latest error. Clears the OpenSSL
 * error queue so that stale entries never explain a later failure. */
ZT_PRINTF(3, 4)
static int ossl_fail(char *err, size_t errlen, const char *fmt, ...)
{
    char buf[256] = "unknown OpenSSL error";
    unsigned long e = ERR_peek_last_error();
    const char *why = buf;
    va_list ap;

    if (e != 0) {
        why = ERR_reason_error_string(e);
        if (why == NULL) {
            ERR_error_string_n(e, buf, sizeof buf);
            why = buf;
        }
    }
    va_start(ap, fmt);
    vset_err(err, errlen, why, fmt, ap);
    va_end(ap);
    ERR_clear_error();
    return -1;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */

/* 1 when zoned would take "prefix:name" for an identity: what pki issues
 * and what the server accepts are then one rule (common/tls.c). */
static int names_identity(const char *prefix, const char *name)
{
    char cn[STEM_MAX];
    struct zt_identity id;
    int n;

    if (name == NULL)
        return 0;
    n = snprintf(cn, sizeof cn, "%s:%s", prefix, name);
    return n > 0 && (size_t)n < sizeof cn && zt_identity_parse(cn, &id) == 0;
}

int zt_pki_valid_urn(const char *s)
{
    return names_identity("school", s);
}

static int is_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9');
}

int zt_pki_valid_name(const char *s)
{
    return names_identity("coordinator", s);
}

/* An RFC 1123 host name, optionally with a leading "*." wildcard label.
 * Checked here because it is copied verbatim into the certificate. */
static int valid_dns_name(const char *s)
{
    size_t len = strlen(s), label = 0, i;

    if (len == 0 || len > 253)
        return 0;
    if (strncmp(s, "*.", 2) == 0)
        s += 2;
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] == '.') {
            if (label == 0 || s[i - 1] == '-')
                return 0;
            label = 0;
        } else if (is_alnum(s[i]) || (s[i] == '-' && label > 0)) {
            if (++label > 63)
                return 0;
        } else {
            return 0;
        }
    }
    return label > 0 && s[i - 1] != '-';
}

/* Parses an IPv4/IPv6 literal into ip[16]; returns its length, 0 if none. */
static int parse_ip(const char *s, unsigned char ip[16])
{
    if (inet_pton(AF_INET, s, ip) == 1)
        return 4;
    if (inet_pton(AF_INET6, s, ip) == 1)
        return 16;
    return 0;
}

static int check_days(int days, char *err, size_t errlen)
{
    if (days == 0 || days > ZT_PKI_MAX_DAYS || days < -ZT_PKI_MAX_DAYS)
        return fail(err, errlen,
                    "--days: %d is not a non-zero number of days within "
                    "+/-%d", days, ZT_PKI_MAX_DAYS);
    return 0;
}

int zt_pki_valid_host(const char *s)
{
    unsigned char ip[16];

    return s != NULL && (parse_ip(s, ip) > 0 || valid_dns_name(s));
}

static int check_hosts(const char *const *hosts, size_t nhosts, char *err,
                       size_t errlen)
{
    size_t i;

    for (i = 0; i < nhosts; i++)
        if (!zt_pki_valid_host(hosts[i]))
            return fail(err, errlen,
                        "--host: '%s' is neither an IP address nor a DNS "
                        "name", hosts[i] ? hosts[i] : "(null)");
    return 0;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static int path_in(char *out, const char *dir, const char *name, char *err,
                   size_t errlen)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

    if (n < 0 || n >= PATH_MAX)
        return fail(err, errlen, "%s: path too long", dir);
    return 0;
}

/* A file written under a temporary name beside its destination, published
 * later by rename() so that readers only ever see a whole file. Zeroed
 * (pending == 0) means there is nothing to clean up. */
struct staged {
    char tmp[PATH_MAX];
    char dst[PATH_MAX];
    int pending; /* tmp exists and has not been renamed yet */
};

static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void discard(struct staged *s)
{
    if (s->pending)
        (void)unlink(s->tmp);
    s->pending = 0;
}

static void discard_all(struct staged *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        discard(&s[i]);
}

/* Writes data to a new temporary file and fsyncs it. mkstemp() creates
 * the file with O_EXCL and mode 0600, so a private key is never readable
 * by anyone else, not even for a moment; certificates are then widened. */
static int stage_bytes(struct staged *s, const char *dir, const char *name,
                       const char *data, size_t len, mode_t mode,
                       const struct zt_pki_owner *own, char *err,
                       size_t errlen)
{
    int fd, n;

    s->pending = 0;
    if (path_in(s->dst, dir, name, err, errlen) < 0)
        return -1;
    n = snprintf(s->tmp, sizeof s->tmp, "%s/.%s.XXXXXX", dir, name);
    if (n < 0 || (size_t)n >= sizeof s->tmp)
        return fail(err, errlen, "%s: path too long", dir);
    fd = mkstemp(s->tmp);
    if (fd < 0)
        return sys_fail(err, errlen, "%s: cannot create", s->dst);
    s->pending = 1;
    /* owner before mode: the file is 0600 root's until both are set */
    if (own != NULL && fchown(fd, own->uid, own->gid) < 0) {
        sys_fail(err, errlen, "%s: cannot give it to user %ld group %ld",
                 s->dst, own->uid == (uid_t)-1 ? -1L : (long)own->uid,
                 own->gid == (gid_t)-1 ? -1L : (long)own->gid);
        (void)close(fd);
        discard(s);
        return -1;
    }
    if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 ||
        fsync(fd) < 0) {
        sys_fail(err, errlen, "%s: cannot write", s->dst);
        (void)close(fd);
        discard(s);
        return -1;
    }
    if (close(fd) < 0) {
        sys_fail(err, errlen, "%s: cannot write", s->dst);
        discard(s);
        return -1;
    }
    return 0;
}

static int stage_bio(struct staged *s, const char *dir, const char *name,
                     BIO *b, mode_t mode, const struct zt_pki_owner *own,
                     char *err, size_t errlen)
{
    char *data = NULL;
    long len = BIO_get_mem_data(b, &data);

    if (len < 0 || data == NULL)
        return ossl_fail(err, errlen, "%s/%s: cannot encode", dir, name);
    return stage_bytes(s, dir, name, data, (size_t)len, mode, own, err,
                       errlen);
}

/* own may be NULL: the file stays the writer's. */
static int stage_cert(struct staged *s, const char *dir, const char *name,
                      X509 *x, const struct zt_pki_owner *own, char *err,
                      size_t errlen)
{
    BIO *b = BIO_new(BIO_s_mem());
    int rc;

    if (b == NULL || !PEM_write_bio_X509(b, x)) {
        BIO_free(b);
        return ossl_fail(err, errlen, "%s/%s: cannot encode", dir, name);
    }
    rc = stage_bio(s, dir, name, b, 0644, own, err, errlen);
    BIO_free(b);
    return rc;
}

/* Unencrypted PKCS#8 PEM; the secure-memory BIO wipes its buffer on free
 * so the key's bytes do not linger on the heap. */
static int stage_key(struct staged *s, const char *dir, const char *name,
                     EVP_PKEY *k, const struct zt_pki_owner *own, char *err,
                     size_t errlen)
{
    mode_t mode = own != NULL && own->group_read ? 0640 : 0600;
    BIO *b = BIO_new(BIO_s_secmem());
    int rc;

    if (b == NULL ||
        !PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL)) {
        BIO_free(b);
        return ossl_fail(err, errlen, "%s/%s: cannot encode", dir, name);
    }
    rc = stage_bio(s, dir, name, b, mode, own, err, errlen);
    BIO_free(b);
    return rc;
}

static int stage_crl(struct staged *s, const char *dir, X509_CRL *crl,
                     char *err, size_t errlen)
{
    BIO *b = BIO_new(BIO_s_mem());
    int rc;

    if (b == NULL || !PEM_write_bio_X509_CRL(b, crl)) {
        BIO_free(b);
        return ossl_fail(err, errlen, "%s/%s: cannot encode", dir,
                         ZT_PKI_CRL);
    }
    rc = stage_bio(s, dir, ZT_PKI_CRL, b, 0644, NULL, err, errlen);
    BIO_free(b);
    return rc;
}

/* fsync the directory so that the renames themselves survive a crash.
 * Best effort: some file systems refuse fsync on directories. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);

    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
}

/* Renames the staged files into place in order (callers put the file whose
 * presence matters most last) and reports each one on out. On failure the
 * files not yet renamed stay pending for the caller's discard_all(). */
static int publish(struct staged *s, size_t n, const char *dir, FILE *out,
                   char *err, size_t errlen)
{
    int rc = 0;
    size_t i;

    for (i = 0; i < n && rc == 0; i++) {
        if (rename(s[i].tmp, s[i].dst) < 0) {
            rc = sys_fail(err, errlen, "%s: cannot replace", s[i].dst);
            break;
        }
        s[i].pending = 0;
        if (out != NULL)
            fprintf(out, "wrote %s\n", s[i].dst);
    }
    sync_dir(dir);
    return rc;
}

/* Serialises zonectl runs on one directory: the register is read, changed
 * and rewritten, and two concurrent issues would otherwise lose a line (a
 * certificate that could then never be revoked). */
static int lock_dir(const char *dir, int *fd_out, char *err, size_t errlen)
{
    char path[PATH_MAX];
    struct flock fl;
    int fd;

    if (path_in(path, dir, LOCK_NAME, err, errlen) < 0)
        return -1;
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return sys_fail(err, errlen, "%s: cannot open", path);
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    while (fcntl(fd, F_SETLKW, &fl) < 0) {
        if (errno == EINTR)
            continue;
        sys_fail(err, errlen, "%s: cannot lock", path);
        (void)close(fd);
        return -1;
    }
    *fd_out = fd;
    return 0;
}

static void unlock_dir(int fd)
{
    if (fd >= 0)
        (void)close(fd); /* closing drops the fcntl lock */
}

/* Creates dir with mode 0700 when missing; an existing dir is kept as is. */
static int make_dir(const char *dir, char *err, size_t errlen)
{
    struct stat sb;

    if (mkdir(dir, 0700) == 0) {
        /* mkdir honours the umask; make the mode exactly 0700 */
        if (chmod(dir, 0700) < 0)
            return sys_fail(err, errlen, "%s: cannot chmod", dir);
        return 0;
    }
    if (errno != EEXIST)
        return sys_fail(err, errlen, "%s: cannot create directory", dir);
    if (stat(dir, &sb) < 0)
        return sys_fail(err, errlen, "%s: cannot stat", dir);
    if (!S_ISDIR(sb.st_mode))
        return fail(err, errlen, "%s: not a directory", dir);
    return 0;
}

/* With files given to another user, that user must be able to pass
 * through dir to reach them: others get search (x) permission, never read,
 * so nobody can list dir and each file's own mode still guards it (ca.key
 * stays 0600). Nothing changes when they have it already. */
static int let_owner_through(const char *dir, const struct zt_pki_owner *own,
                             FILE *out, char *err, size_t errlen)
{
    struct stat sb;
    mode_t mode;

    if (own == NULL)
        return 0;
    if (stat(dir, &sb) < 0)
        return sys_fail(err, errlen, "%s: cannot stat", dir);
    if ((sb.st_mode & 0011) == 0011)
        return 0;
    mode = (sb.st_mode & 07777) | 0011;
    if (chmod(dir, mode) < 0)
        return sys_fail(err, errlen, "%s: cannot chmod", dir);
    if (out != NULL)
        fprintf(out, "made %s mode %04o: its files' owners can reach them, "
                "nobody can list it\n", dir, (unsigned)mode);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Register (index.txt)                                                */

struct reg_entry {
    char serial[SERIAL_HEX_MAX]; /* upper-case hex */
    char stem[STEM_MAX];
    char identity[STEM_MAX];
    long long not_after;  /* unix time */
    long long revoked_at; /* unix time, 0 while valid */
    int just_revoked;     /* not stored: marked by this run */
};

struct reg {
    struct reg_entry *v;
    size_t n, cap;
};

static void reg_free(struct reg *r)
{
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

static int reg_push(struct reg *r, const struct reg_entry *e, char *err,
                    size_t errlen)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        struct reg_entry *v = realloc(r->v, cap * sizeof *v);

        if (v == NULL)
            return fail(err, errlen, "out of memory");
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = *e;
    return 0;
}

static int copy_field(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);

    if (n == 0 || n >= cap)
        return -1;
    memcpy(dst, src, n + 1);
    return 0;
}

static int parse_ll(const char *s, long long *v)
{
    char *end;
    long long x;

    if (*s == '\0' || *s == ' ' || *s == '+')
        return -1;
    errno = 0;
    x = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *v = x;
    return 0;
}

static int is_upper_hex(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'F')))
            return 0;
    return 1;
}

/* Parses one register line (no newline) in place; -1 when malformed. */
static int reg_parse_line(char *line, struct reg_entry *e)
{
    char *f[5], *p = line;
    size_t nf = 0;

    for (;;) {
        if (nf == 5)
            return -1;
        f[nf++] = p;
        p = strchr(p, '\t');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    if (nf != 5)
        return -1;
    memset(e, 0, sizeof *e);
    if (!is_upper_hex(f[0]) || copy_field(e->serial, sizeof e->serial, f[0]) ||
        copy_field(e->stem, sizeof e->stem, f[1]) ||
        copy_field(e->identity, sizeof e->identity, f[2]) ||
        parse_ll(f[3], &e->not_after))
        return -1;
    if (strcmp(f[4], "valid") == 0)
        return 0;
    if (strncmp(f[4], "revoked:", 8) == 0 &&
        parse_ll(f[4] + 8, &e->revoked_at) == 0 && e->revoked_at > 0)
        return 0;
    return -1;
}

/* Loads dir's register into r (empty when the file does not exist). A
 * malformed line is an error: guessing could drop a revocation. */
static int reg_load(const char *dir, struct reg *r, char *err, size_t errlen)
{
    char path[PATH_MAX], *line = NULL;
    unsigned long lineno = 0;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    FILE *f;

    memset(r, 0, sizeof *r);
    if (path_in(path, dir, ZT_PKI_REGISTER, err, errlen) < 0)
        return -1;
    f = fopen(path, "r");
    if (f == NULL)
        return errno == ENOENT ? 0 : sys_fail(err, errlen, "%s: cannot open",
                                              path);
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        struct reg_entry e;

        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (reg_parse_line(line, &e) < 0)
            rc = fail(err, errlen, "%s:%lu: malformed register line", path,
                      lineno);
        else
            rc = reg_push(r, &e, err, errlen);
    }
    if (rc == 0 && ferror(f))
        rc = sys_fail(err, errlen, "%s: cannot read", path);
    free(line);
    fclose(f);
    if (rc < 0)
        reg_free(r);
    return rc;
}

static int stage_reg(struct staged *s, const char *dir, const struct reg *r,
                     char *err, size_t errlen)
{
    BIO *b = BIO_new(BIO_s_mem());
    char line[SERIAL_HEX_MAX + 2 * STEM_MAX + 80];
    int rc = 0;
    size_t i;

    if (b == NULL)
        return ossl_fail(err, errlen, "%s/%s: cannot encode", dir,
                         ZT_PKI_REGISTER);
    for (i = 0; i < r->n && rc == 0; i++) {
        const struct reg_entry *e = &r->v[i];
        char status[32] = "valid";
        int n;

        if (e->revoked_at != 0)
            snprintf(status, sizeof status, "revoked:%lld", e->revoked_at);
        n = snprintf(line, sizeof line, "%s\t%s\t%s\t%lld\t%s\n", e->serial,
                     e->stem, e->identity, e->not_after, status);
        if (n < 0 || (size_t)n >= sizeof line || BIO_write(b, line, n) != n)
            rc = ossl_fail(err, errlen, "%s/%s: cannot encode", dir,
                           ZT_PKI_REGISTER);
    }
    if (rc == 0)
        rc = stage_bio(s, dir, ZT_PKI_REGISTER, b, 0644, NULL, err, errlen);
    BIO_free(b);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Certificates                                                        */

struct ca {
    X509 *cert;
    EVP_PKEY *key;
};

static void ca_free(struct ca *ca)
{
    X509_free(ca->cert);
    EVP_PKEY_free(ca->key);
    ca->cert = NULL;
    ca->key = NULL;
}

/* What to put in a certificate. */
struct cert_spec {
    const char *cn;
    int days;                 /* see zt_pki_issue() */
    int is_ca;
    const char *eku;          /* "serverAuth" / "clientAuth"; leaves only */
    int with_san;             /* localhost + 127.0.0.1 + hosts */
    const char *const *hosts;
    size_t nhosts;
};

/* A new key pair, its certificate, and the register line describing it. */
struct issued {
    EVP_PKEY *key;
    X509 *cert;
    struct reg_entry entry;
};

static void issued_free(struct issued *is)
{
    EVP_PKEY_free(is->key);
    X509_free(is->cert);
    is->key = NULL;
    is->cert = NULL;
}

static int set_random_serial(X509 *x, char hex[SERIAL_HEX_MAX])
{
    BIGNUM *bn = BN_new();
    ASN1_INTEGER *ai = NULL;
    char *h = NULL;
    int rc = -1;

    if (bn == NULL)
        return -1;
    do {
        if (!BN_rand(bn, 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY))
            goto out;
    } while (BN_is_zero(bn)); /* serials must be positive */
    ai = BN_to_ASN1_INTEGER(bn, NULL);
    h = BN_bn2hex(bn);
    if (ai != NULL && h != NULL && strlen(h) < SERIAL_HEX_MAX &&
        X509_set_serialNumber(x, ai)) {
        memcpy(hex, h, strlen(h) + 1);
        rc = 0;
    }
out:
    ASN1_INTEGER_free(ai);
    OPENSSL_free(h);
    BN_free(bn);
    return rc;
}

/* Subject CN=cn; issuer is the issuer's subject, or the same for a root. */
static int set_names(X509 *x, const char *cn, X509 *issuer)
{
    X509_NAME *n = X509_NAME_new();
    int ok = n != NULL &&
             X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
                                        (const unsigned char *)cn, -1, -1,
                                        0) &&
             X509_set_subject_name(x, n) &&
             X509_set_issuer_name(x, issuer != NULL
                                         ? X509_get_subject_name(issuer)
                                         : n);

    X509_NAME_free(n);
    return ok ? 0 : -1;
}

/* days > 0: from BACKDATE_SECS ago until now + days. days < 0: expired
 * |days| days ago, having been valid for the one day before that. */
static int set_validity(X509 *x, int days, time_t now)
{
    int nb_days = days > 0 ? 0 : days - 1;
    long nb_secs = days > 0 ? -BACKDATE_SECS : 0;

    if (X509_time_adj_ex(X509_getm_notBefore(x), nb_days, nb_secs, &now) ==
            NULL ||
        X509_time_adj_ex(X509_getm_notAfter(x), days, 0, &now) == NULL)
        return -1;
    return 0;
}

static int add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
    X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
    int ok = ext != NULL && X509_add_ext(x, ext, -1);

    X509_EXTENSION_free(ext);
    return ok ? 0 : -1;
}

/* Appends a name of the given type unless an equal one is already there. */
static int push_general_name(GENERAL_NAMES *gens, int type,
                             const unsigned char *data, int len)
{
    GENERAL_NAME *g = GENERAL_NAME_new();
    ASN1_STRING *s = type == GEN_IPADD ? ASN1_OCTET_STRING_new()
                                       : ASN1_IA5STRING_new();
    int i;

    if (g == NULL || s == NULL || !ASN1_STRING_set(s, data, len))
        goto fail;
    GENERAL_NAME_set0_value(g, type, s);
    s = NULL; /* now owned by g */
    for (i = 0; i < sk_GENERAL_NAME_num(gens); i++)
        if (GENERAL_NAME_cmp(sk_GENERAL_NAME_value(gens, i), g) == 0) {
            GENERAL_NAME_free(g);
            return 0;
        }
    if (sk_GENERAL_NAME_push(gens, g) <= 0)
        goto fail;
    return 0;
fail:
    ASN1_STRING_free(s);
    GENERAL_NAME_free(g);
    return -1;
}

/* Built from GENERAL_NAME objects, not a config string, so that a host
 * name can never smuggle in extra SAN entries. */
static int push_host(GENERAL_NAMES *gens, const char *host)
{
    unsigned char ip[16];
    int iplen = parse_ip(host, ip);

    if (iplen > 0)
        return push_general_name(gens, GEN_IPADD, ip, iplen);
    return push_general_name(gens, GEN_DNS, (const unsigned char *)host,
                             (int)strlen(host));
}

static int add_san(X509 *x, const char *const *hosts, size_t nhosts)
{
    GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
    int ok = gens != NULL && push_host(gens, "localhost") == 0 &&
             push_host(gens, "127.0.0.1") == 0;
    size_t i;

    for (i = 0; ok && i < nhosts; i++)
        ok = push_host(gens, hosts[i]) == 0;
    ok = ok && X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0,
                             X509V3_ADD_DEFAULT) == 1;
    sk_GENERAL_NAME_pop_free(gens, GENERAL_NAME_free);
    return ok ? 0 : -1;
}

static int add_extensions(X509 *x, X509 *issuer, const struct cert_spec *sp)
{
    X509V3_CTX ctx;

    memset(&ctx, 0, sizeof ctx); /* also no config db (X509V3_set_ctx_nodb) */
    X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
    if (sp->is_ca)
        return add_ext(x, &ctx, NID_basic_constraints, "critical,CA:TRUE") ||
                       add_ext(x, &ctx, NID_key_usage,
                               "critical,keyCertSign,cRLSign") ||
                       add_ext(x, &ctx, NID_subject_key_identifier, "hash")
                   ? -1
                   : 0;
    if (add_ext(x, &ctx, NID_basic_constraints, "critical,CA:FALSE") ||
        add_ext(x, &ctx, NID_key_usage, "critical,digitalSignature") ||
        add_ext(x, &ctx, NID_ext_key_usage, sp->eku) ||
        add_ext(x, &ctx, NID_subject_key_identifier, "hash") ||
        add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always"))
        return -1;
    return sp->with_san ? add_san(x, sp->hosts, sp->nhosts) : 0;
}

/* Builds and signs a certificate for key: by issuer, or self-signed when
 * issuer is NULL. Returns it (caller frees) with its serial in hex. */
static X509 *make_cert(const struct cert_spec *sp, EVP_PKEY *key,
                       const struct ca *issuer, time_t now,
                       char serial_hex[SERIAL_HEX_MAX], char *err,
                       size_t errlen)
{
    X509 *icert = issuer != NULL ? issuer->cert : NULL;
    EVP_PKEY *ikey = issuer != NULL ? issuer->key : key;
    X509 *x = X509_new();

    if (x == NULL || !X509_set_version(x, X509_VERSION_3) ||
        set_random_serial(x, serial_hex) < 0 ||
        set_names(x, sp->cn, icert) < 0 ||
        set_validity(x, sp->days, now) < 0 || !X509_set_pubkey(x, key) ||
        add_extensions(x, icert, sp) < 0 ||
        X509_sign(x, ikey, EVP_sha256()) <= 0) {
        ossl_fail(err, errlen, "cannot build the certificate for '%s'",
                  sp->cn);
        X509_free(x);
        return NULL;
    }
    return x;
}

/* Generates a P-256 key and its certificate into *is, plus the register
 * line for stem. */
static int issue_cert(const struct cert_spec *sp, const char *stem,
                      const struct ca *issuer, time_t now, struct issued *is,
                      char *err, size_t errlen)
{
    memset(is, 0, sizeof *is);
    if (copy_field(is->entry.stem, sizeof is->entry.stem, stem) ||
        copy_field(is->entry.identity, sizeof is->entry.identity, sp->cn))
        return fail(err, errlen, "'%s': name too long", stem);
    is->key = EVP_EC_gen("P-256");
    if (is->key == NULL)
        return ossl_fail(err, errlen, "cannot generate a P-256 key for '%s'",
                         sp->cn);
    is->cert = make_cert(sp, is->key, issuer, now, is->entry.serial, err,
                         errlen);
    if (is->cert == NULL) {
        issued_free(is);
        return -1;
    }
    is->entry.not_after = (long long)now + (long long)sp->days * 86400;
    return 0;
}

/* Never prompt on the terminal: a CA key here is never encrypted. */
static int no_password(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

static int read_pem(const char *dir, const char *name, X509 **cert,
                    EVP_PKEY **key, char *err, size_t errlen)
{
    char path[PATH_MAX];
    FILE *f;

    if (path_in(path, dir, name, err, errlen) < 0)
        return -1;
    f = fopen(path, "r");
    if (f == NULL)
        return sys_fail(err, errlen, "%s: cannot open", path);
    if (cert != NULL)
        *cert = PEM_read_X509(f, NULL, no_password, NULL);
    else
        *key = PEM_read_PrivateKey(f, NULL, no_password, NULL);
    fclose(f);
    if (cert != NULL ? *cert == NULL : *key == NULL)
        return ossl_fail(err, errlen, "%s: cannot parse", path);
    return 0;
}

static int ca_load(const char *dir, struct ca *ca, char *err, size_t errlen)
{
    memset(ca, 0, sizeof *ca);
    if (read_pem(dir, ZT_PKI_CA_CERT, &ca->cert, NULL, err, errlen) < 0 ||
        read_pem(dir, ZT_PKI_CA_KEY, NULL, &ca->key, err, errlen) < 0) {
        ca_free(ca);
        return -1;
    }
    if (X509_check_private_key(ca->cert, ca->key) != 1) {
        ca_free(ca);
        return ossl_fail(err, errlen, "%s/%s: does not match %s/%s", dir,
                         ZT_PKI_CA_KEY, dir, ZT_PKI_CA_CERT);
    }
    return 0;
}

/* Checks that dir holds a zone CA, takes its lock and loads the CA. On
 * success the caller owns *ca and *lock. */
static int open_pki(const char *dir, struct ca *ca, int *lock, char *err,
                    size_t errlen)
{
    char path[PATH_MAX];
    struct stat sb;

    if (stat(dir, &sb) < 0)
        return sys_fail(err, errlen, "%s: cannot open PKI directory", dir);
    if (!S_ISDIR(sb.st_mode))
        return fail(err, errlen, "%s: not a directory", dir);
    /* checked before locking so a mistyped --dir gets no lock file */
    if (path_in(path, dir, ZT_PKI_CA_KEY, err, errlen) < 0)
        return -1;
    if (access(path, F_OK) < 0)
        return errno == ENOENT
                   ? fail(err, errlen, "%s: missing; no zone CA here (run "
                          "'zonectl pki init' first)", path)
                   : sys_fail(err, errlen, "%s: cannot access", path);
    if (lock_dir(dir, lock, err, errlen) < 0)
        return -1;
    if (ca_load(dir, ca, err, errlen) < 0) {
        unlock_dir(*lock);
        *lock = -1;
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* CRL                                                                 */

static int crl_add_revoked(X509_CRL *crl, const struct reg_entry *e)
{
    X509_REVOKED *rev = X509_REVOKED_new();
    ASN1_INTEGER *serial = NULL;
    ASN1_TIME *when = NULL;
    BIGNUM *bn = NULL;
    int ok;

    ok = rev != NULL &&
         BN_hex2bn(&bn, e->serial) == (int)strlen(e->serial) &&
         (serial = BN_to_ASN1_INTEGER(bn, NULL)) != NULL &&
         (when = ASN1_TIME_set(NULL, (time_t)e->revoked_at)) != NULL &&
         X509_REVOKED_set_serialNumber(rev, serial) &&
         X509_REVOKED_set_revocationDate(rev, when) &&
         X509_CRL_add0_revoked(crl, rev);
    if (ok)
        rev = NULL; /* owned by crl */
    X509_REVOKED_free(rev);
    ASN1_TIME_free(when);
    ASN1_INTEGER_free(serial);
    BN_free(bn);
    return ok ? 0 : -1;
}

static int crl_add_aki(X509_CRL *crl, X509 *ca)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    int ok;

    memset(&ctx, 0, sizeof ctx); /* also no config db (X509V3_set_ctx_nodb) */
    X509V3_set_ctx(&ctx, ca, NULL, NULL, crl, 0);
    ext = X509V3_EXT_nconf_nid(NULL, &ctx, NID_authority_key_identifier,
                               "keyid:always");
    ok = ext != NULL && X509_CRL_add_ext(crl, ext, -1);
    X509_EXTENSION_free(ext);
    return ok ? 0 : -1;
}

/* CRL numbers must grow. Unix time does so without keeping more state;
 * the previous CRL's number + 1 covers two CRLs within one second. */
static long next_crl_number(const char *dir, time_t now)
{
    char path[PATH_MAX];
    long n = (long)now;
    X509_CRL *old;
    FILE *f;

    if (path_in(path, dir, ZT_PKI_CRL, NULL, 0) < 0 ||
        (f = fopen(path, "r")) == NULL)
        return n;
    old = PEM_read_X509_CRL(f, NULL, NULL, NULL);
    fclose(f);
    if (old != NULL) {
        ASN1_INTEGER *prev =
            X509_CRL_get_ext_d2i(old, NID_crl_number, NULL, NULL);

        if (prev != NULL) {
            long p = ASN1_INTEGER_get(prev);

            if (p >= n && p < LONG_MAX)
                n = p + 1;
            ASN1_INTEGER_free(prev);
        }
        X509_CRL_free(old);
    }
    ERR_clear_error(); /* an unreadable old CRL is simply replaced */
    return n;
}

/* A v2 CRL listing every revoked register entry, valid from now for
 * ZT_PKI_CRL_DAYS. Caller frees. */
static X509_CRL *make_crl(const struct ca *ca, const struct reg *r,
                          time_t now, long number, char *err, size_t errlen)
{
    X509_CRL *crl = X509_CRL_new();
    ASN1_TIME *last = X509_time_adj_ex(NULL, 0, 0, &now);
    ASN1_TIME *next = X509_time_adj_ex(NULL, ZT_PKI_CRL_DAYS, 0, &now);
    ASN1_INTEGER *num = ASN1_INTEGER_new();
    int ok;
    size_t i;

    ok = crl != NULL && last != NULL && next != NULL && num != NULL &&
         X509_CRL_set_version(crl, X509_CRL_VERSION_2) &&
         X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca->cert)) &&
         X509_CRL_set1_lastUpdate(crl, last) &&
         X509_CRL_set1_nextUpdate(crl, next) && ASN1_INTEGER_set(num, number);
    for (i = 0; ok && i < r->n; i++)
        if (r->v[i].revoked_at != 0)
            ok = crl_add_revoked(crl, &r->v[i]) == 0;
    ok = ok && crl_add_aki(crl, ca->cert) == 0 &&
         X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0) > 0 &&
         X509_CRL_sort(crl) && X509_CRL_sign(crl, ca->key, EVP_sha256()) > 0;
    ASN1_TIME_free(last);
    ASN1_TIME_free(next);
    ASN1_INTEGER_free(num);
    if (!ok) {
        ossl_fail(err, errlen, "cannot build the CRL");
        X509_CRL_free(crl);
        return NULL;
    }
    return crl;
}

/* ------------------------------------------------------------------ */
/* Operations                                                          */

int zt_pki_init(const char *dir, const char *const *hosts, size_t nhosts,
                int days, const struct zt_pki_owner *owner, FILE *out,
                char *err, size_t errlen)
{
    struct cert_spec ca_spec = {CA_CN, days, 1, NULL, 0, NULL, 0};
    struct cert_spec zoned_spec = {ZONED_STEM, 0, 0, "serverAuth", 1,
                                   hosts, nhosts};
    struct staged st[6];
    struct issued ca_is, zoned;
    struct ca ca = {NULL, NULL};
    struct reg reg = {NULL, 0, 0};
    X509_CRL *crl = NULL;
    char path[PATH_MAX];
    int lock = -1, rc = -1;
    time_t now;

    memset(st, 0, sizeof st);
    memset(&ca_is, 0, sizeof ca_is);
    memset(&zoned, 0, sizeof zoned);
    zoned_spec.days = days < ZT_PKI_LEAF_DAYS ? days : ZT_PKI_LEAF_DAYS;
    if (check_days(days, err, errlen) < 0 ||
        check_hosts(hosts, nhosts, err, errlen) < 0 ||
        make_dir(dir, err, errlen) < 0 || lock_dir(dir, &lock, err, errlen) < 0 ||
        path_in(path, dir, ZT_PKI_CA_KEY, err, errlen) < 0)
        goto out;
    if (access(path, F_OK) == 0) {
        fail(err, errlen, "%s: already exists; refusing to overwrite the "
             "zone CA", path);
        goto out;
    }
    now = time(NULL);
    if (issue_cert(&ca_spec, "ca", NULL, now, &ca_is, err, errlen) < 0)
        goto out;
    ca.cert = ca_is.cert;
    ca.key = ca_is.key;
    if (issue_cert(&zoned_spec, ZONED_STEM, &ca, now, &zoned, err, errlen) <
            0 ||
        reg_push(&reg, &zoned.entry, err, errlen) < 0)
        goto out;
    crl = make_crl(&ca, &reg, now, next_crl_number(dir, now), err, errlen);
    /* ca.key goes last: until it exists a failed init can simply be rerun */
    if (crl == NULL ||
        stage_cert(&st[0], dir, ZT_PKI_CA_CERT, ca.cert, NULL, err, errlen) ||
        stage_key(&st[1], dir, ZT_PKI_ZONED_KEY, zoned.key, owner, err,
                  errlen) ||
        stage_cert(&st[2], dir, ZT_PKI_ZONED_CERT, zoned.cert, owner, err,
                   errlen) ||
        stage_crl(&st[3], dir, crl, err, errlen) ||
        stage_reg(&st[4], dir, &reg, err, errlen) ||
        stage_key(&st[5], dir, ZT_PKI_CA_KEY, ca.key, NULL, err, errlen))
        goto out;
    rc = publish(st, 6, dir, out, err, errlen);
    if (rc == 0)
        rc = let_owner_through(dir, owner, out, err, errlen);
out:
    discard_all(st, 6);
    X509_CRL_free(crl);
    issued_free(&zoned);
    issued_free(&ca_is); /* ca borrowed ca_is's key and cert */
    reg_free(&reg);
    unlock_dir(lock);
    return rc;
}

int zt_pki_issue(const char *dir, enum zt_pki_kind kind, const char *name,
                 int days, const struct zt_pki_owner *owner, FILE *out,
                 char *err, size_t errlen)
{
    struct cert_spec spec = {NULL, days, 0, "clientAuth", 0, NULL, 0};
    char stem[STEM_MAX], cn[STEM_MAX], crt[STEM_MAX + 8], key[STEM_MAX + 8];
    const char *prefix;
    struct staged st[3];
    struct issued is;
    struct ca ca = {NULL, NULL};
    struct reg reg = {NULL, 0, 0};
    int lock = -1, rc = -1;

    memset(st, 0, sizeof st);
    memset(&is, 0, sizeof is);
    if (kind == ZT_PKI_SCHOOL && zt_pki_valid_urn(name))
        prefix = "school";
    else if (kind == ZT_PKI_COORDINATOR && zt_pki_valid_name(name))
        prefix = "coordinator";
    else if (kind == ZT_PKI_SCHOOL)
        return fail(err, errlen, "URN '%s' is not %s", name ? name : "(null)",
                    ZT_PKI_URN_RULE);
    else if (kind == ZT_PKI_COORDINATOR)
        return fail(err, errlen, "coordinator NAME '%s' is not 1-%d of "
                    "A-Z a-z 0-9 . _ -", name ? name : "(null)",
                    ZT_PKI_NAME_MAX);
    else
        return fail(err, errlen, "unknown certificate kind %d", (int)kind);
    if (check_days(days, err, errlen) < 0)
        return -1;
    snprintf(stem, sizeof stem, "%s-%s", prefix, name);
    snprintf(cn, sizeof cn, "%s:%s", prefix, name);
    snprintf(crt, sizeof crt, "%s.crt", stem);
    snprintf(key, sizeof key, "%s.key", stem);
    spec.cn = cn;
    if (open_pki(dir, &ca, &lock, err, errlen) < 0)
        return -1;
    /* the register goes first: a published certificate is always revocable */
    if (reg_load(dir, &reg, err, errlen) < 0 ||
        issue_cert(&spec, stem, &ca, time(NULL), &is, err, errlen) < 0 ||
        reg_push(&reg, &is.entry, err, errlen) < 0 ||
        stage_reg(&st[0], dir, &reg, err, errlen) < 0 ||
        stage_key(&st[1], dir, key, is.key, owner, err, errlen) < 0 ||
        stage_cert(&st[2], dir, crt, is.cert, owner, err, errlen) < 0)
        goto out;
    rc = publish(st, 3, dir, out, err, errlen);
    if (rc == 0)
        rc = let_owner_through(dir, owner, out, err, errlen);
out:
    discard_all(st, 3);
    issued_free(&is);
    reg_free(&reg);
    ca_free(&ca);
    unlock_dir(lock);
    return rc;
}

/* Rewrites zone.crl from reg, and index.txt too when write_reg is set. */
static int rewrite_crl(const char *dir, const struct ca *ca,
                       const struct reg *reg, int write_reg, time_t now,
                       FILE *out, char *err, size_t errlen)
{
    struct staged st[2];
    X509_CRL *crl;
    size_t n = 0;
    int rc = -1;

    memset(st, 0, sizeof st);
    crl = make_crl(ca, reg, now, next_crl_number(dir, now), err, errlen);
    if (crl == NULL)
        return -1;
    /* register first: if the CRL write fails, `pki crl` repairs it */
    if ((write_reg && stage_reg(&st[n++], dir, reg, err, errlen) < 0) ||
        stage_crl(&st[n++], dir, crl, err, errlen) < 0)
        goto out;
    rc = publish(st, n, dir, out, err, errlen);
out:
    discard_all(st, 2);
    X509_CRL_free(crl);
    return rc;
}

/* Marks every valid entry named name revoked at now. Returns how many;
 * *known tells whether name was in the register at all. */
static size_t mark_revoked(struct reg *reg, const char *name, time_t now,
                           int *known)
{
    size_t i, n = 0;

    *known = 0;
    for (i = 0; i < reg->n; i++) {
        struct reg_entry *e = &reg->v[i];

        if (strcmp(e->stem, name) != 0 && strcmp(e->identity, name) != 0)
            continue;
        *known = 1;
        if (e->revoked_at == 0) {
            e->revoked_at = (long long)now;
            e->just_revoked = 1;
            n++;
        }
    }
    return n;
}

int zt_pki_revoke(const char *dir, const char *name, FILE *out, char *err,
                  size_t errlen)
{
    struct ca ca = {NULL, NULL};
    struct reg reg = {NULL, 0, 0};
    int lock = -1, rc = -1, known;
    time_t now = time(NULL);
    size_t i;

    if (name == NULL || name[0] == '\0' || strlen(name) >= STEM_MAX)
        return fail(err, errlen, "revoke: bad certificate name '%s'",
                    name ? name : "(null)");
    if (open_pki(dir, &ca, &lock, err, errlen) < 0)
        return -1;
    if (reg_load(dir, &reg, err, errlen) < 0)
        goto out;
    if (mark_revoked(&reg, name, now, &known) == 0) {
        fail(err, errlen, known ? "%s/%s: '%s' has no valid certificate left "
                                  "(already revoked)"
                                : "%s/%s: no certificate was issued to '%s'",
             dir, ZT_PKI_REGISTER, name);
        goto out;
    }
    rc = rewrite_crl(dir, &ca, &reg, 1, now, out, err, errlen);
    for (i = 0; rc == 0 && out != NULL && i < reg.n; i++)
        if (reg.v[i].just_revoked)
            fprintf(out, "revoked %s serial %s\n", reg.v[i].stem,
                    reg.v[i].serial);
out:
    reg_free(&reg);
    ca_free(&ca);
    unlock_dir(lock);
    return rc;
}

int zt_pki_refresh_crl(const char *dir, FILE *out, char *err, size_t errlen)
{
    struct ca ca = {NULL, NULL};
    struct reg reg = {NULL, 0, 0};
    int lock = -1, rc = -1;

    if (open_pki(dir, &ca, &lock, err, errlen) < 0)
        return -1;
    if (reg_load(dir, &reg, err, errlen) == 0)
        rc = rewrite_crl(dir, &ca, &reg, 0, time(NULL), out, err, errlen);
    reg_free(&reg);
    ca_free(&ca);
    unlock_dir(lock);
    return rc;
}
