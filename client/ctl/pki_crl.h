/* The zone's CRL, zone.crl: signed by the CA from the register, listing
 * every revoked serial (zt_pki_revoke and zt_pki_refresh_crl, pki.h, are
 * in pki_crl.c too). */
#ifndef ZT_PKI_CRL_H
#define ZT_PKI_CRL_H

#include <stddef.h>
#include <time.h>

#include <openssl/types.h>

#include "pki_ca.h"
#include "pki_register.h"

/* A v2 CRL of r's revoked entries signed by ca, valid from now for
 * ZT_PKI_CRL_DAYS, numbered after dir's present zone.crl. Returns it
 * (caller frees with X509_CRL_free), or NULL with the reason in
 * err[errlen] (a ZT_E_CRYPTO failure). */
X509_CRL *zt_pki_crl_make(const char *dir, const struct zt_pki_ca *ca, const struct zt_pki_register *r,
                          time_t now, char *err, size_t errlen);

#endif
