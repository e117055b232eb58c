/* Building and signing one certificate of the zone PKI: a fresh P-256 key,
 * its X.509 v3 certificate as cert_identity.h says a zone server's, a
 * school's or a coordinator's must be, and the register line describing it.
 *
 * Functions returning int return 0, or a negative code (common/err.h)
 * with a one-line message in err[errlen] (err may be NULL). */
#ifndef ZT_PKI_CERT_H
#define ZT_PKI_CERT_H

#include <stddef.h>
#include <time.h>

#include <openssl/types.h>

#include "cert_identity.h"
#include "pki_ca.h"
#include "pki_register.h"

/* What to put in a certificate. */
struct zt_pki_cert_spec {
    const char *cn;
    int days;                 /* see zt_pki_issue (pki.h) */
    int is_ca;
    const char *eku;          /* ZT_CERT_SERVER_EKU or ZT_CERT_CLIENT_EKU; leaves only */
    int with_san;             /* ZT_CERT_SERVER_DNS, ZT_CERT_SERVER_IP + hosts */
    const char *const *hosts;
    size_t nhosts;
};

/* A new key pair, its certificate, and the register line describing it. */
struct zt_pki_issued {
    EVP_PKEY *key;
    X509 *cert;
    struct zt_pki_entry entry;
};

/* Generates a key and its certificate as sp says into *is (zeroed first),
 * signed by issuer, or self-signed when issuer is NULL, with the register
 * line for stem. The caller frees *is with zt_pki_issued_free, also after
 * a failure. */
int zt_pki_issue_cert(const struct zt_pki_cert_spec *sp, const char *stem, const struct zt_pki_ca *issuer,
                      time_t now, struct zt_pki_issued *is, char *err, size_t errlen);
void zt_pki_issued_free(struct zt_pki_issued *is);

/* -EINVAL, named as --days, unless days is a non-zero number of days
 * within +/-ZT_PKI_MAX_DAYS. */
int zt_pki_check_days(int days, char *err, size_t errlen);

/* -EINVAL, named as --host, unless every host is zt_pki_valid_host. */
int zt_pki_check_hosts(const char *const *hosts, size_t nhosts, char *err, size_t errlen);

/* -EINVAL, naming name and the rule ("URN '12345' is not 6 digits..."),
 * unless role (ZT_ROLE_SCHOOL or ZT_ROLE_COORDINATOR) takes name. */
int zt_pki_check_name(enum zt_role role, const char *name, char *err, size_t errlen);

#endif
