/* The zone CA of a PKI directory, loaded to sign with: `zonectl pki init`
 * makes it (zt_pki_init, pki_ca.c); issue, revoke and crl open it. */
#ifndef ZT_PKI_CA_H
#define ZT_PKI_CA_H

#include <stddef.h>

#include <openssl/types.h>

/* ca.crt and ca.key. */
struct zt_pki_ca {
    X509 *cert;
    EVP_PKEY *key;
};

void zt_pki_ca_free(struct zt_pki_ca *ca);

/* Checks that dir holds a zone CA (-ENOENT, saying to run 'zonectl pki
 * init', when it does not), takes dir's lock into *lock and loads the CA
 * into *ca. Returns 0, the caller then owning *ca and *lock (zt_pki_ca_free,
 * zt_pki_unlock), or a negative code (common/err.h) with the message in
 * err[errlen] and nothing held. */
int zt_pki_ca_open(const char *dir, struct zt_pki_ca *ca, int *lock, char *err, size_t errlen);

#endif
