/* Revocation: the register's revoked entries signed into zone.crl by the
 * zone CA (pki_crl.h), and the two commands that rewrite it, revoke and
 * crl (pki.h). */
#include "pki_crl.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "pki.h"
#include "pki_files.h"
#include "tls.h"

static int add_revoked(X509_CRL *crl, const struct zt_pki_entry *e)
{
    X509_REVOKED *rev = X509_REVOKED_new();
    ASN1_INTEGER *serial = NULL;
    ASN1_TIME *when = NULL;
    BIGNUM *bn = NULL;
    int ok = rev != NULL && BN_hex2bn(&bn, e->serial) == (int)strlen(e->serial) &&
             (serial = BN_to_ASN1_INTEGER(bn, NULL)) != NULL &&
             (when = ASN1_TIME_set(NULL, (time_t)e->revoked_at)) != NULL &&
             X509_REVOKED_set_serialNumber(rev, serial) && X509_REVOKED_set_revocationDate(rev, when) &&
             X509_CRL_add0_revoked(crl, rev);
    if (ok)
        rev = NULL; /* owned by crl */
    X509_REVOKED_free(rev);
    ASN1_TIME_free(when);
    ASN1_INTEGER_free(serial);
    BN_free(bn);
    return ok ? 0 : -1;
}

static int add_aki(X509_CRL *crl, X509 *ca)
{
    X509V3_CTX ctx;
    memset(&ctx, 0, sizeof ctx); /* also no config db (X509V3_set_ctx_nodb) */
    X509V3_set_ctx(&ctx, ca, NULL, NULL, crl, 0);
    X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, &ctx, NID_authority_key_identifier, "keyid:always");
    int ok = ext != NULL && X509_CRL_add_ext(crl, ext, -1);
    X509_EXTENSION_free(ext);
    return ok ? 0 : -1;
}

/* CRL numbers must grow. Unix time does so without keeping more state;
 * the previous CRL's number + 1 covers two CRLs within one second. */
static long next_number(const char *dir, time_t now)
{
    char path[PATH_MAX];
    long n = (long)now;
    FILE *f;
    if (zt_pki_path(path, dir, ZT_PKI_CRL, NULL, 0) < 0 || (f = fopen(path, "r")) == NULL)
        return n;
    X509_CRL *old = PEM_read_X509_CRL(f, NULL, NULL, NULL);
    fclose(f);
    if (old != NULL) {
        ASN1_INTEGER *prev = X509_CRL_get_ext_d2i(old, NID_crl_number, NULL, NULL);
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

X509_CRL *zt_pki_crl_make(const char *dir, const struct zt_pki_ca *ca, const struct zt_pki_register *r,
                          time_t now, char *err, size_t errlen)
{
    long number = next_number(dir, now);
    X509_CRL *crl = X509_CRL_new();
    ASN1_TIME *last = X509_time_adj_ex(NULL, 0, 0, &now);
    ASN1_TIME *next = X509_time_adj_ex(NULL, ZT_PKI_CRL_DAYS, 0, &now);
    ASN1_INTEGER *num = ASN1_INTEGER_new();
    int ok = crl != NULL && last != NULL && next != NULL && num != NULL &&
             X509_CRL_set_version(crl, X509_CRL_VERSION_2) &&
             X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca->cert)) &&
             X509_CRL_set1_lastUpdate(crl, last) && X509_CRL_set1_nextUpdate(crl, next) &&
             ASN1_INTEGER_set(num, number);
    for (size_t i = 0; ok && i < r->n; i++)
        if (r->v[i].revoked_at != 0)
            ok = add_revoked(crl, &r->v[i]) == 0;
    ok = ok && add_aki(crl, ca->cert) == 0 && X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0) > 0 &&
         X509_CRL_sort(crl) && X509_CRL_sign(crl, ca->key, EVP_sha256()) > 0;
    ASN1_TIME_free(last);
    ASN1_TIME_free(next);
    ASN1_INTEGER_free(num);
    if (!ok) {
        zt_tls_fail(err, errlen, "cannot build the CRL");
        X509_CRL_free(crl);
        return NULL;
    }
    return crl;
}

/* Rewrites zone.crl from reg, and index.txt too when write_reg is set. */
static int rewrite_crl(const char *dir, const struct zt_pki_ca *ca, const struct zt_pki_register *reg,
                       int write_reg, time_t now, FILE *out, char *err, size_t errlen)
{
    struct zt_pki_staged st[2];
    size_t n = 0;
    memset(st, 0, sizeof st);
    X509_CRL *crl = zt_pki_crl_make(dir, ca, reg, now, err, errlen);
    if (crl == NULL)
        return ZT_E_CRYPTO;
    /* register first: if the CRL write fails, `pki crl` repairs it */
    int rc = write_reg ? zt_pki_register_stage(&st[n++], dir, reg, err, errlen) : 0;
    if (!rc)
        rc = zt_pki_stage_crl(&st[n++], dir, crl, err, errlen);
    if (!rc)
        rc = zt_pki_publish(st, n, dir, out, err, errlen);
    zt_pki_discard(st, 2);
    X509_CRL_free(crl);
    return rc;
}

int zt_pki_revoke(const char *dir, const char *name, FILE *out, char *err, size_t errlen)
{
    struct zt_pki_ca ca;
    struct zt_pki_register reg = {NULL, 0, 0};
    int lock, known;
    time_t now = time(NULL);

    if (name == NULL || name[0] == '\0' || strlen(name) >= ZT_PKI_STEM_MAX)
        return zt_fail(err, errlen, -EINVAL, "revoke: bad certificate name '%s'", name ? name : "(null)");
    int rc = zt_pki_ca_open(dir, &ca, &lock, err, errlen);
    if (rc < 0)
        return rc;
    rc = zt_pki_register_load(dir, &reg, err, errlen);
    if (!rc && zt_pki_register_revoke(&reg, name, now, &known) == 0)
        rc = known ? zt_fail(err, errlen, -EALREADY, "%s/%s: '%s' has no valid certificate left (already revoked)",
                             dir, ZT_PKI_REGISTER, name)
                   : zt_fail(err, errlen, -ENOENT, "%s/%s: no certificate was issued to '%s'", dir,
                             ZT_PKI_REGISTER, name);
    if (!rc)
        rc = rewrite_crl(dir, &ca, &reg, 1, now, out, err, errlen);
    for (size_t i = 0; rc == 0 && out != NULL && i < reg.n; i++)
        if (reg.v[i].just_revoked)
            fprintf(out, "revoked %s serial %s\n", reg.v[i].stem, reg.v[i].serial);
    zt_pki_register_free(&reg);
    zt_pki_ca_free(&ca);
    zt_pki_unlock(lock);
    return rc;
}

int zt_pki_refresh_crl(const char *dir, FILE *out, char *err, size_t errlen)
{
    struct zt_pki_ca ca;
    struct zt_pki_register reg = {NULL, 0, 0};
    int lock;
    int rc = zt_pki_ca_open(dir, &ca, &lock, err, errlen);
    if (rc < 0)
        return rc;
    rc = zt_pki_register_load(dir, &reg, err, errlen);
    if (!rc)
        rc = rewrite_crl(dir, &ca, &reg, 0, time(NULL), out, err, errlen);
    zt_pki_register_free(&reg);
    zt_pki_ca_free(&ca);
    zt_pki_unlock(lock);
    return rc;
}
