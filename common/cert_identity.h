/* What makes a zone certificate the zone server's, a school's or a
 * coordinator's (SPEC §2): the one rule `zonectl pki` issues by
 * (client/ctl/pki_*.c) and zoned and its clients check by (common/tls.c).
 *
 *   zone server  CN "zoned" (zoned takes any CN that names no school or
 *                coordinator), extended key usage serverAuth, subject
 *                alternative names DNS:localhost, IP:127.0.0.1 and the
 *                hosts agents reach it by
 *   school       CN "school:<URN>", URN 6 ASCII digits and not 000000
 *                (inside zoned URN 0 means "every school"), clientAuth
 *   coordinator  CN "coordinator:<NAME>", NAME 1-64 of [A-Za-z0-9._-]
 *                whatever the locale, clientAuth
 *
 * Only the certificate's single subject CN says who it is: no OU, no
 * subject alternative name names a client. */
#ifndef ZT_CERT_IDENTITY_H
#define ZT_CERT_IDENTITY_H

#include <stddef.h>

#include <openssl/types.h>
#include <openssl/x509v3.h>

enum zt_role { ZT_ROLE_NONE = 0, ZT_ROLE_SCHOOL, ZT_ROLE_COORDINATOR };

#define ZT_CERT_URN_DIGITS 6
#define ZT_CERT_NAME_MAX   64 /* a coordinator's NAME, in characters */

/* The rules in words, for messages and --help. */
#define ZT_CERT_URN_RULE "6 digits naming one school (000000 is none: zoned reads it as every school)"
#define ZT_CERT_STR_(x) #x
#define ZT_CERT_STR(x) ZT_CERT_STR_(x)
#define ZT_CERT_NAME_RULE "1-" ZT_CERT_STR(ZT_CERT_NAME_MAX) " of A-Z a-z 0-9 . _ -"

/* The zone server's certificate. */
#define ZT_CERT_SERVER_CN  "zoned"
#define ZT_CERT_SERVER_DNS "localhost" /* every zoned certificate names these two */
#define ZT_CERT_SERVER_IP  "127.0.0.1"

/* The extended key usage each end's certificate carries, as written into a
 * certificate (an X509v3 configuration value) and as OpenSSL checks it (a
 * purpose): zoned serves, schools and coordinators are its clients. */
#define ZT_CERT_SERVER_EKU     "serverAuth"
#define ZT_CERT_CLIENT_EKU     "clientAuth"
#define ZT_CERT_SERVER_PURPOSE X509_PURPOSE_SSL_SERVER
#define ZT_CERT_CLIENT_PURPOSE X509_PURPOSE_SSL_CLIENT

/* Who is speaking, derived only from the verified certificate subject CN. */
struct zt_identity {
    enum zt_role role;
    unsigned urn;  /* schools only */
    char name[80]; /* the whole CN, e.g. "school:123456"; holds the
                      longest, "coordinator:" + 64 characters */
};

/* Parses a subject CN. Returns 0, or -1 when it is of no known form (out
 * is then zeroed). */
int zt_identity_parse(const char *cn, struct zt_identity *out);

/* The identity role gives name ("school" and "123456": "school:123456").
 * Returns 0, or -1 when name is not what role takes. */
int zt_identity_make(enum zt_role role, const char *name, struct zt_identity *out);

/* 1 when role takes name (zt_identity_make would succeed), else 0. */
int zt_identity_valid(enum zt_role role, const char *name);

/* "school", "coordinator": the word before the colon; NULL for
 * ZT_ROLE_NONE. Static string. */
const char *zt_role_word(enum zt_role role);

/* The single subject CN of x as a C string into buf[size]. Returns 0, or
 * -1 when there is none, more than one (ambiguous), it is too long, or it
 * holds a NUL byte. */
int zt_cert_subject_cn(X509 *x, char *buf, size_t size);

/* The identity x's subject names. Returns 0, or -1 when it names none. */
int zt_cert_identity(X509 *x, struct zt_identity *out);

/* Why x cannot be the zone server's certificate by what it names and what
 * it may be used for (its issuer is the caller's to check). */
enum zt_server_cert_fault {
    ZT_SERVER_CERT_OK = 0,
    ZT_SERVER_CERT_CLIENT,     /* its CN names a school or coordinator */
    ZT_SERVER_CERT_NOT_SERVER, /* it is not for TLS servers (serverAuth) */
};

/* Checks x as above; cn[size] gets its CN, or "no single common name". */
enum zt_server_cert_fault zt_cert_server_fault(X509 *x, char *cn, size_t size);

#endif
