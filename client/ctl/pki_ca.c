/* The zone CA: made once by `zonectl pki init`, opened to sign by every
 * other pki command (pki_ca.h). */
#include "pki_ca.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cert_identity.h"
#include "err.h"
#include "pki.h"
#include "pki_cert.h"
#include "pki_crl.h"
#include "pki_files.h"
#include "pki_register.h"
#include "tls.h"

#define CA_CN "ZoneTrack zone CA"
#define CA_STEM "ca"
#define ZONED_STEM "zoned"

void zt_pki_ca_free(struct zt_pki_ca *ca)
{
    X509_free(ca->cert);
    EVP_PKEY_free(ca->key);
    ca->cert = NULL;
    ca->key = NULL;
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

/* Reads dir/name: a certificate into *cert, or (cert NULL) a key into *key. */
static int read_pem(const char *dir, const char *name, X509 **cert, EVP_PKEY **key, char *err, size_t errlen)
{
    char path[PATH_MAX];
    int rc = zt_pki_path(path, dir, name, err, errlen);
    if (rc < 0)
        return rc;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return zt_fail_errno(err, errlen, "%s: cannot open", path);
    if (cert != NULL)
        *cert = PEM_read_X509(f, NULL, no_password, NULL);
    else
        *key = PEM_read_PrivateKey(f, NULL, no_password, NULL);
    fclose(f);
    if (cert != NULL ? *cert == NULL : *key == NULL)
        return zt_tls_fail(err, errlen, "%s: cannot parse", path);
    return 0;
}

static int ca_load(const char *dir, struct zt_pki_ca *ca, char *err, size_t errlen)
{
    memset(ca, 0, sizeof *ca);
    int rc = read_pem(dir, ZT_PKI_CA_CERT, &ca->cert, NULL, err, errlen);
    if (rc == 0)
        rc = read_pem(dir, ZT_PKI_CA_KEY, NULL, &ca->key, err, errlen);
    if (rc == 0 && X509_check_private_key(ca->cert, ca->key) != 1)
        rc = zt_tls_fail(err, errlen, "%s/%s: does not match %s/%s", dir, ZT_PKI_CA_KEY, dir, ZT_PKI_CA_CERT);
    if (rc < 0)
        zt_pki_ca_free(ca);
    return rc;
}

int zt_pki_ca_open(const char *dir, struct zt_pki_ca *ca, int *lock, char *err, size_t errlen)
{
    char path[PATH_MAX];
    struct stat sb;
    memset(ca, 0, sizeof *ca);
    *lock = -1;
    if (stat(dir, &sb) < 0)
        return zt_fail_errno(err, errlen, "%s: cannot open PKI directory", dir);
    if (!S_ISDIR(sb.st_mode))
        return zt_fail(err, errlen, -ENOTDIR, "%s: not a directory", dir);
    /* checked before locking so a mistyped --dir gets no lock file */
    int rc = zt_pki_path(path, dir, ZT_PKI_CA_KEY, err, errlen);
    if (rc < 0)
        return rc;
    if (access(path, F_OK) < 0)
        return errno == ENOENT ? zt_fail(err, errlen, -ENOENT,
                                         "%s: missing; no zone CA here (run 'zonectl pki init' first)", path)
                               : zt_fail_errno(err, errlen, "%s: cannot access", path);
    if ((rc = zt_pki_lock(dir, lock, err, errlen)) < 0)
        return rc;
    if ((rc = ca_load(dir, ca, err, errlen)) < 0) {
        zt_pki_unlock(*lock);
        *lock = -1;
    }
    return rc;
}

/* Fails, saying so, when dir already holds a CA key. */
static int no_ca_yet(const char *dir, char *err, size_t errlen)
{
    char path[PATH_MAX];
    int rc = zt_pki_path(path, dir, ZT_PKI_CA_KEY, err, errlen);
    if (rc == 0 && access(path, F_OK) == 0)
        rc = zt_fail(err, errlen, -EEXIST, "%s: already exists; refusing to overwrite the zone CA", path);
    return rc;
}

int zt_pki_init(const char *dir, const char *const *hosts, size_t nhosts, int days,
                const struct zt_pki_owner *owner, FILE *out, char *err, size_t errlen)
{
    struct zt_pki_cert_spec ca_spec = {.cn = CA_CN, .days = days, .is_ca = 1};
    struct zt_pki_cert_spec zoned_spec = {.cn = ZT_CERT_SERVER_CN,
                                          .days = days < ZT_PKI_LEAF_DAYS ? days : ZT_PKI_LEAF_DAYS,
                                          .eku = ZT_CERT_SERVER_EKU,
                                          .with_san = 1,
                                          .hosts = hosts,
                                          .nhosts = nhosts};
    struct zt_pki_staged st[6];
    struct zt_pki_issued ca_is, zoned;
    struct zt_pki_register reg = {NULL, 0, 0};
    X509_CRL *crl = NULL;
    int lock = -1;
    time_t now = time(NULL);

    memset(st, 0, sizeof st);
    memset(&ca_is, 0, sizeof ca_is);
    memset(&zoned, 0, sizeof zoned);
    int rc = zt_pki_check_days(days, err, errlen);
    if (!rc)
        rc = zt_pki_check_hosts(hosts, nhosts, err, errlen);
    if (!rc)
        rc = zt_pki_make_dir(dir, err, errlen);
    if (!rc)
        rc = zt_pki_lock(dir, &lock, err, errlen);
    if (!rc)
        rc = no_ca_yet(dir, err, errlen);
    if (!rc)
        rc = zt_pki_issue_cert(&ca_spec, CA_STEM, NULL, now, &ca_is, err, errlen);
    /* ca borrows ca_is's key and certificate */
    struct zt_pki_ca ca = {ca_is.cert, ca_is.key};
    if (!rc)
        rc = zt_pki_issue_cert(&zoned_spec, ZONED_STEM, &ca, now, &zoned, err, errlen);
    if (!rc)
        rc = zt_pki_register_add(&reg, &zoned.entry, err, errlen);
    if (!rc && (crl = zt_pki_crl_make(dir, &ca, &reg, now, err, errlen)) == NULL)
        rc = ZT_E_CRYPTO;
    /* ca.key goes last: until it exists a failed init can simply be rerun */
    if (!rc)
        rc = zt_pki_stage_cert(&st[0], dir, ZT_PKI_CA_CERT, ca.cert, NULL, err, errlen);
    if (!rc)
        rc = zt_pki_stage_key(&st[1], dir, ZT_PKI_ZONED_KEY, zoned.key, owner, err, errlen);
    if (!rc)
        rc = zt_pki_stage_cert(&st[2], dir, ZT_PKI_ZONED_CERT, zoned.cert, owner, err, errlen);
    if (!rc)
        rc = zt_pki_stage_crl(&st[3], dir, crl, err, errlen);
    if (!rc)
        rc = zt_pki_register_stage(&st[4], dir, &reg, err, errlen);
    if (!rc)
        rc = zt_pki_stage_key(&st[5], dir, ZT_PKI_CA_KEY, ca.key, NULL, err, errlen);
    if (!rc)
        rc = zt_pki_publish(st, 6, dir, out, err, errlen);
    if (!rc)
        rc = zt_pki_let_owner_through(dir, owner, out, err, errlen);
    zt_pki_discard(st, 6);
    X509_CRL_free(crl);
    zt_pki_issued_free(&zoned);
    zt_pki_issued_free(&ca_is);
    zt_pki_register_free(&reg);
    zt_pki_unlock(lock);
    return rc;
}
