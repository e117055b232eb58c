/* The certificate identity rules (cert_identity.h): one place for what
 * pki issues and what zoned and its clients accept. */
#include "cert_identity.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#define SCHOOL_WORD "school"
#define COORD_WORD "coordinator"

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* [A-Za-z0-9._-], ASCII only whatever the locale. */
static int name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '_' || ch == '-';
}

static int valid_coord_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > ZT_CERT_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!name_char(s[i]))
            return 0;
    return 1;
}

/* cn after "word:", or NULL when cn does not start so. */
static const char *after_word(const char *cn, const char *word)
{
    size_t n = strlen(word);
    return strncmp(cn, word, n) == 0 && cn[n] == ':' ? cn + n + 1 : NULL;
}

int zt_identity_parse(const char *cn, struct zt_identity *out)
{
    const char *rest;
    memset(out, 0, sizeof *out);
    if ((rest = after_word(cn, SCHOOL_WORD)) != NULL) {
        if (strlen(rest) != ZT_CERT_URN_DIGITS || !all_digits(rest, ZT_CERT_URN_DIGITS))
            return -1;
        unsigned v = 0;
        for (const char *p = rest; *p; p++)
            v = v * 10 + (unsigned)(*p - '0');
        if (v == 0) /* URN 0 stands for "every school" inside zoned */
            return -1;
        out->role = ZT_ROLE_SCHOOL;
        out->urn = v;
    } else if ((rest = after_word(cn, COORD_WORD)) != NULL) {
        if (!valid_coord_name(rest))
            return -1;
        out->role = ZT_ROLE_COORDINATOR;
    } else {
        return -1;
    }
    /* Both forms are at most 12 + 64 characters, which name holds. */
    snprintf(out->name, sizeof out->name, "%s", cn);
    return 0;
}

const char *zt_role_word(enum zt_role role)
{
    switch (role) {
    case ZT_ROLE_SCHOOL:
        return SCHOOL_WORD;
    case ZT_ROLE_COORDINATOR:
        return COORD_WORD;
    default:
        return NULL;
    }
}

int zt_identity_make(enum zt_role role, const char *name, struct zt_identity *out)
{
    const char *word = zt_role_word(role);
    char cn[sizeof out->name];
    memset(out, 0, sizeof *out);
    if (!word || !name)
        return -1;
    int n = snprintf(cn, sizeof cn, "%s:%s", word, name);
    /* parsed, so that what is made and what is accepted are one rule */
    if (n < 0 || (size_t)n >= sizeof cn || zt_identity_parse(cn, out) < 0)
        return -1;
    return 0;
}

int zt_identity_valid(enum zt_role role, const char *name)
{
    struct zt_identity id;
    return zt_identity_make(role, name, &id) == 0;
}

int zt_cert_subject_cn(X509 *x, char *buf, size_t size)
{
    X509_NAME *name = X509_get_subject_name(x);
    int i = name ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
    if (i < 0 || X509_NAME_get_index_by_NID(name, NID_commonName, i) >= 0)
        return -1;
    const ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    int len = ASN1_STRING_length(s);
    const unsigned char *data = ASN1_STRING_get0_data(s);
    if (len < 0 || (size_t)len >= size || memchr(data, '\0', (size_t)len))
        return -1;
    memcpy(buf, data, (size_t)len);
    buf[len] = '\0';
    return 0;
}

int zt_cert_identity(X509 *x, struct zt_identity *out)
{
    char cn[sizeof out->name];
    memset(out, 0, sizeof *out);
    if (zt_cert_subject_cn(x, cn, sizeof cn) < 0)
        return -1;
    return zt_identity_parse(cn, out);
}

enum zt_server_cert_fault zt_cert_server_fault(X509 *x, char *cn, size_t size)
{
    struct zt_identity id;
    if (zt_cert_subject_cn(x, cn, size) < 0)
        snprintf(cn, size, "no single common name");
    if (zt_identity_parse(cn, &id) == 0)
        return ZT_SERVER_CERT_CLIENT;
    if (X509_check_purpose(x, ZT_CERT_SERVER_PURPOSE, 0) != 1) {
        ERR_clear_error();
        return ZT_SERVER_CERT_NOT_SERVER;
    }
    return ZT_SERVER_CERT_OK;
}
