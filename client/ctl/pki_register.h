/* The register of a PKI directory, index.txt (its format: pki.h): every
 * certificate ever issued, and whether and when it was revoked. The CRL is
 * made from it, so a line is never guessed at nor dropped.
 *
 * Functions returning int return 0, or a negative code (common/err.h)
 * with a one-line message in err[errlen] (err may be NULL). */
#ifndef ZT_PKI_REGISTER_H
#define ZT_PKI_REGISTER_H

#include <stddef.h>
#include <time.h>

#include "pki.h"
#include "pki_files.h"

#define ZT_PKI_SERIAL_MAX 48 /* a 128-bit serial is at most 32 hex digits */

struct zt_pki_entry {
    char serial[ZT_PKI_SERIAL_MAX]; /* upper-case hex, as BN_bn2hex prints it */
    char stem[ZT_PKI_STEM_MAX];     /* "school-123456" */
    char identity[ZT_PKI_STEM_MAX]; /* the CN: "school:123456" */
    long long not_after;            /* unix time */
    long long revoked_at;           /* unix time, 0 while valid */
    int just_revoked;               /* not stored: marked by this run */
};

struct zt_pki_register {
    struct zt_pki_entry *v;
    size_t n, cap;
};

/* Zeroes e, then sets its stem and identity. Returns 0, or -1 when either
 * is empty or does not fit. */
int zt_pki_entry_name(struct zt_pki_entry *e, const char *stem, const char *identity);

/* Loads dir's register into r (empty when the file does not exist); a
 * malformed line is ZT_E_CORRUPT, naming its line: guessing could drop a
 * revocation. On failure r is empty. */
int zt_pki_register_load(const char *dir, struct zt_pki_register *r, char *err, size_t errlen);

/* Appends a copy of e. */
int zt_pki_register_add(struct zt_pki_register *r, const struct zt_pki_entry *e, char *err,
                        size_t errlen);

void zt_pki_register_free(struct zt_pki_register *r);

/* Stages r as dir's index.txt (0644). */
int zt_pki_register_stage(struct zt_pki_staged *s, const char *dir, const struct zt_pki_register *r,
                          char *err, size_t errlen);

/* Marks every valid entry whose stem or identity is name revoked at now
 * (just_revoked set). Returns how many; *known tells whether name was in
 * the register at all. */
size_t zt_pki_register_revoke(struct zt_pki_register *r, const char *name, time_t now, int *known);

#endif
