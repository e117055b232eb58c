/* The files of a PKI directory (pki.h). Each is written whole under a
 * temporary name beside it and renamed into place, so a reader never sees
 * half a file; runs on one directory take turns by its lock.
 *
 * Functions returning int return 0, or a negative code (common/err.h)
 * with a one-line message naming the file in err[errlen] (err may be
 * NULL). Strings passed in are only borrowed. */
#ifndef ZT_PKI_FILES_H
#define ZT_PKI_FILES_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <openssl/types.h>

#include "pki.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* "dir/name" into out[PATH_MAX]. */
int zt_pki_path(char *out, const char *dir, const char *name, char *err, size_t errlen);

/* A file written under a temporary name beside its destination, published
 * later by zt_pki_publish. Zeroed (pending 0): nothing to clean up. */
struct zt_pki_staged {
    char tmp[PATH_MAX];
    char dst[PATH_MAX];
    int pending; /* tmp exists and has not been renamed yet */
};

/* Writes data (or, for zt_pki_stage_bio, a memory BIO's contents) to a
 * new temporary file for dir/name with mode, given to own (NULL: the
 * writer keeps it), and fsyncs it. The file is created 0600, so a private
 * key is never readable by anyone else, not even for a moment. */
int zt_pki_stage_bytes(struct zt_pki_staged *s, const char *dir, const char *name, const char *data,
                       size_t len, mode_t mode, const struct zt_pki_owner *own, char *err,
                       size_t errlen);
int zt_pki_stage_bio(struct zt_pki_staged *s, const char *dir, const char *name, BIO *b, mode_t mode,
                     const struct zt_pki_owner *own, char *err, size_t errlen);

/* A certificate (0644), an unencrypted PKCS#8 PEM key (0600, or 0640 when
 * own->group_read), the CRL (zone.crl, 0644), each in PEM. */
int zt_pki_stage_cert(struct zt_pki_staged *s, const char *dir, const char *name, X509 *x,
                      const struct zt_pki_owner *own, char *err, size_t errlen);
int zt_pki_stage_key(struct zt_pki_staged *s, const char *dir, const char *name, EVP_PKEY *k,
                     const struct zt_pki_owner *own, char *err, size_t errlen);
int zt_pki_stage_crl(struct zt_pki_staged *s, const char *dir, X509_CRL *crl, char *err, size_t errlen);

/* Renames s[0..n) into place in order (callers put the file whose presence
 * matters most last), printing "wrote PATH" for each on out (may be NULL).
 * On failure the files not yet renamed stay pending for zt_pki_discard. */
int zt_pki_publish(struct zt_pki_staged *s, size_t n, const char *dir, FILE *out, char *err,
                   size_t errlen);

/* Removes the temporary files of s[0..n) still pending. */
void zt_pki_discard(struct zt_pki_staged *s, size_t n);

/* Takes dir's lock (.pki.lock, waiting for another run to finish) into
 * *fd; zt_pki_unlock(*fd) drops it (fd -1: nothing to drop). */
int zt_pki_lock(const char *dir, int *fd, char *err, size_t errlen);
void zt_pki_unlock(int fd);

/* Creates dir with mode 0700 when missing; an existing dir is kept as is. */
int zt_pki_make_dir(const char *dir, char *err, size_t errlen);

/* With files given to own (not NULL), lets others pass through dir to reach
 * them (mode |= 0011, never read), saying so on out. */
int zt_pki_let_owner_through(const char *dir, const struct zt_pki_owner *own, FILE *out, char *err,
                             size_t errlen);

#endif
