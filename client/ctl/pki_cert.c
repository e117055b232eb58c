/* One certificate of the zone PKI, built and signed with the OpenSSL 3
 * library (pki_cert.h). */
#include "pki_cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "tls.h"

#define BACKDATE_SECS 3600 /* peers whose clock lags still accept new certs */

/* ---- what may be asked for ----------------------------------------- */

int zt_pki_check_days(int days, char *err, size_t errlen)
{
    if (days == 0 || days > ZT_PKI_MAX_DAYS || days < -ZT_PKI_MAX_DAYS)
        return zt_fail(err, errlen, -EINVAL, "--days: %d is not a non-zero number of days within +/-%d", days,
                       ZT_PKI_MAX_DAYS);
    return 0;
}

int zt_pki_check_name(enum zt_role role, const char *name, char *err, size_t errlen)
{
    const char *shown = name ? name : "(null)";
    if (zt_identity_valid(role, name))
        return 0;
    if (role == ZT_ROLE_SCHOOL)
        return zt_fail(err, errlen, -EINVAL, "URN '%s' is not %s", shown, ZT_CERT_URN_RULE);
    if (role == ZT_ROLE_COORDINATOR)
        return zt_fail(err, errlen, -EINVAL, "NAME '%s' is not %s", shown, ZT_CERT_NAME_RULE);
    return zt_fail(err, errlen, -EINVAL, "unknown certificate kind %d", (int)role);
}

static int is_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
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

int zt_pki_valid_host(const char *s)
{
    unsigned char ip[16];
    return s != NULL && (parse_ip(s, ip) > 0 || valid_dns_name(s));
}

int zt_pki_check_hosts(const char *const *hosts, size_t nhosts, char *err, size_t errlen)
{
    for (size_t i = 0; i < nhosts; i++)
        if (!zt_pki_valid_host(hosts[i]))
            return zt_fail(err, errlen, -EINVAL, "--host: '%s' is neither an IP address nor a DNS name",
                           hosts[i] ? hosts[i] : "(null)");
    return 0;
}

/* ---- the certificate's parts --------------------------------------- */

static int set_random_serial(X509 *x, char hex[ZT_PKI_SERIAL_MAX])
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
    if (ai != NULL && h != NULL && strlen(h) < ZT_PKI_SERIAL_MAX && X509_set_serialNumber(x, ai)) {
        memcpy(hex, h, strlen(h) + 1);
        rc = 0;
    }
out:
    ASN1_INTEGER_free(ai);
    OPENSSL_free(h);
    BN_free(bn);
    return rc;
}

/* Subject CN=cn, the only name that says who the certificate is; issuer
 * the issuer's subject, or the same for a root. */
static int set_names(X509 *x, const char *cn, X509 *issuer)
{
    X509_NAME *n = X509_NAME_new();
    int ok = n != NULL &&
             X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0) &&
             X509_set_subject_name(x, n) &&
             X509_set_issuer_name(x, issuer != NULL ? X509_get_subject_name(issuer) : n);
    X509_NAME_free(n);
    return ok ? 0 : -1;
}

/* days > 0: from BACKDATE_SECS ago until now + days. days < 0: expired
 * |days| days ago, having been valid for the one day before that. */
static int set_validity(X509 *x, int days, time_t now)
{
    int nb_days = days > 0 ? 0 : days - 1;
    long nb_secs = days > 0 ? -BACKDATE_SECS : 0;
    if (X509_time_adj_ex(X509_getm_notBefore(x), nb_days, nb_secs, &now) == NULL ||
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
static int push_general_name(GENERAL_NAMES *gens, int type, const unsigned char *data, int len)
{
    GENERAL_NAME *g = GENERAL_NAME_new();
    ASN1_STRING *s = type == GEN_IPADD ? ASN1_OCTET_STRING_new() : ASN1_IA5STRING_new();
    if (g == NULL || s == NULL || !ASN1_STRING_set(s, data, len))
        goto fail;
    GENERAL_NAME_set0_value(g, type, s);
    s = NULL; /* now owned by g */
    for (int i = 0; i < sk_GENERAL_NAME_num(gens); i++)
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
    return push_general_name(gens, GEN_DNS, (const unsigned char *)host, (int)strlen(host));
}

static int add_san(X509 *x, const char *const *hosts, size_t nhosts)
{
    GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
    int ok = gens != NULL && push_host(gens, ZT_CERT_SERVER_DNS) == 0 &&
             push_host(gens, ZT_CERT_SERVER_IP) == 0;
    for (size_t i = 0; ok && i < nhosts; i++)
        ok = push_host(gens, hosts[i]) == 0;
    ok = ok && X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT) == 1;
    sk_GENERAL_NAME_pop_free(gens, GENERAL_NAME_free);
    return ok ? 0 : -1;
}

static int add_extensions(X509 *x, X509 *issuer, const struct zt_pki_cert_spec *sp)
{
    X509V3_CTX ctx;
    memset(&ctx, 0, sizeof ctx); /* also no config db (X509V3_set_ctx_nodb) */
    X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
    if (sp->is_ca)
        return add_ext(x, &ctx, NID_basic_constraints, "critical,CA:TRUE") ||
                       add_ext(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign") ||
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
static X509 *make_cert(const struct zt_pki_cert_spec *sp, EVP_PKEY *key, const struct zt_pki_ca *issuer,
                       time_t now, char serial_hex[ZT_PKI_SERIAL_MAX])
{
    X509 *icert = issuer != NULL ? issuer->cert : NULL;
    EVP_PKEY *ikey = issuer != NULL ? issuer->key : key;
    X509 *x = X509_new();
    if (x == NULL || !X509_set_version(x, X509_VERSION_3) || set_random_serial(x, serial_hex) < 0 ||
        set_names(x, sp->cn, icert) < 0 || set_validity(x, sp->days, now) < 0 ||
        !X509_set_pubkey(x, key) || add_extensions(x, icert, sp) < 0 ||
        X509_sign(x, ikey, EVP_sha256()) <= 0) {
        X509_free(x);
        return NULL;
    }
    return x;
}

/* ---- issuing -------------------------------------------------------- */

int zt_pki_issue_cert(const struct zt_pki_cert_spec *sp, const char *stem, const struct zt_pki_ca *issuer,
                      time_t now, struct zt_pki_issued *is, char *err, size_t errlen)
{
    memset(is, 0, sizeof *is);
    if (zt_pki_entry_name(&is->entry, stem, sp->cn) < 0)
        return zt_fail(err, errlen, -ENAMETOOLONG, "'%s': name too long", stem);
    is->key = EVP_EC_gen("P-256");
    if (is->key == NULL)
        return zt_tls_fail(err, errlen, "cannot generate a P-256 key for '%s'", sp->cn);
    is->cert = make_cert(sp, is->key, issuer, now, is->entry.serial);
    if (is->cert == NULL)
        return zt_tls_fail(err, errlen, "cannot build the certificate for '%s'", sp->cn);
    is->entry.not_after = (long long)now + (long long)sp->days * 86400;
    return 0;
}

void zt_pki_issued_free(struct zt_pki_issued *is)
{
    EVP_PKEY_free(is->key);
    X509_free(is->cert);
    is->key = NULL;
    is->cert = NULL;
}
