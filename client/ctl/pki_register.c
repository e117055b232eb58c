/* index.txt: read, changed in memory, staged whole (pki_register.h). */
#include "pki_register.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <openssl/bio.h>

#include "err.h"
#include "grow.h"
#include "tls.h"

#define FIELDS 5

void zt_pki_register_free(struct zt_pki_register *r)
{
    free(r->v);
    r->v = NULL;
    r->n = r->cap = 0;
}

int zt_pki_register_add(struct zt_pki_register *r, const struct zt_pki_entry *e, char *err,
                        size_t errlen)
{
    if (zt_grow(&r->v, r->n, &r->cap, sizeof *r->v, 16) < 0)
        return zt_fail(err, errlen, -ENOMEM, "out of memory");
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

int zt_pki_entry_name(struct zt_pki_entry *e, const char *stem, const char *identity)
{
    memset(e, 0, sizeof *e);
    return copy_field(e->stem, sizeof e->stem, stem) || copy_field(e->identity, sizeof e->identity, identity)
               ? -1
               : 0;
}

static int parse_ll(const char *s, long long *v)
{
    if (*s == '\0' || *s == ' ' || *s == '+')
        return -1;
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
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
static int parse_line(char *line, struct zt_pki_entry *e)
{
    char *f[FIELDS], *p = line;
    size_t nf = 0;
    for (;;) {
        if (nf == FIELDS)
            return -1;
        f[nf++] = p;
        p = strchr(p, '\t');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    if (nf != FIELDS)
        return -1;
    if (zt_pki_entry_name(e, f[1], f[2]) < 0 || !is_upper_hex(f[0]) ||
        copy_field(e->serial, sizeof e->serial, f[0]) || parse_ll(f[3], &e->not_after))
        return -1;
    if (strcmp(f[4], "valid") == 0)
        return 0;
    if (strncmp(f[4], "revoked:", 8) == 0 && parse_ll(f[4] + 8, &e->revoked_at) == 0 && e->revoked_at > 0)
        return 0;
    return -1;
}

int zt_pki_register_load(const char *dir, struct zt_pki_register *r, char *err, size_t errlen)
{
    char path[PATH_MAX];
    memset(r, 0, sizeof *r);
    int rc = zt_pki_path(path, dir, ZT_PKI_REGISTER, err, errlen);
    if (rc < 0)
        return rc;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return errno == ENOENT ? 0 : zt_fail_errno(err, errlen, "%s: cannot open", path);
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    ssize_t len;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        struct zt_pki_entry e;
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (parse_line(line, &e) < 0)
            rc = zt_fail(err, errlen, ZT_E_CORRUPT, "%s:%lu: malformed register line", path, lineno);
        else
            rc = zt_pki_register_add(r, &e, err, errlen);
    }
    if (rc == 0 && ferror(f))
        rc = zt_fail_errno(err, errlen, "%s: cannot read", path);
    free(line);
    fclose(f);
    if (rc < 0)
        zt_pki_register_free(r);
    return rc;
}

int zt_pki_register_stage(struct zt_pki_staged *s, const char *dir, const struct zt_pki_register *r,
                          char *err, size_t errlen)
{
    BIO *b = BIO_new(BIO_s_mem());
    if (b == NULL)
        return zt_tls_fail(err, errlen, "%s/%s: cannot encode", dir, ZT_PKI_REGISTER);
    int rc = 0;
    for (size_t i = 0; i < r->n && rc == 0; i++) {
        const struct zt_pki_entry *e = &r->v[i];
        char line[ZT_PKI_SERIAL_MAX + 2 * ZT_PKI_STEM_MAX + 80], status[32] = "valid";
        if (e->revoked_at != 0)
            snprintf(status, sizeof status, "revoked:%lld", e->revoked_at);
        int n = snprintf(line, sizeof line, "%s\t%s\t%s\t%lld\t%s\n", e->serial, e->stem, e->identity,
                         e->not_after, status);
        if (n < 0 || (size_t)n >= sizeof line || BIO_write(b, line, n) != n)
            rc = zt_tls_fail(err, errlen, "%s/%s: cannot encode", dir, ZT_PKI_REGISTER);
    }
    if (rc == 0)
        rc = zt_pki_stage_bio(s, dir, ZT_PKI_REGISTER, b, 0644, NULL, err, errlen);
    BIO_free(b);
    return rc;
}

size_t zt_pki_register_revoke(struct zt_pki_register *r, const char *name, time_t now, int *known)
{
    size_t n = 0;
    *known = 0;
    for (size_t i = 0; i < r->n; i++) {
        struct zt_pki_entry *e = &r->v[i];
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
