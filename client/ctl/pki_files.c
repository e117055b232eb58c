/* Writing a PKI directory's files whole or not at all, and its lock
 * (pki_files.h). */
#include "pki_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>

#include "err.h"
#include "tls.h"

#define LOCK_NAME ".pki.lock"

int zt_pki_path(char *out, const char *dir, const char *name, char *err, size_t errlen)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);
    if (n < 0 || n >= PATH_MAX)
        return zt_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", dir);
    return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

void zt_pki_discard(struct zt_pki_staged *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i].pending)
            (void)unlink(s[i].tmp);
        s[i].pending = 0;
    }
}

/* The failure of a staged file's fd: reported, the file closed and gone. */
static int stage_fail(struct zt_pki_staged *s, int fd, int rc)
{
    if (fd >= 0)
        (void)close(fd);
    zt_pki_discard(s, 1);
    return rc;
}

/* mkstemp() creates the file with O_EXCL and mode 0600; certificates are
 * widened once the owner is set. */
int zt_pki_stage_bytes(struct zt_pki_staged *s, const char *dir, const char *name, const char *data,
                       size_t len, mode_t mode, const struct zt_pki_owner *own, char *err,
                       size_t errlen)
{
    s->pending = 0;
    int rc = zt_pki_path(s->dst, dir, name, err, errlen);
    if (rc < 0)
        return rc;
    int n = snprintf(s->tmp, sizeof s->tmp, "%s/.%s.XXXXXX", dir, name);
    if (n < 0 || (size_t)n >= sizeof s->tmp)
        return zt_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", dir);
    int fd = mkstemp(s->tmp);
    if (fd < 0)
        return zt_fail_errno(err, errlen, "%s: cannot create", s->dst);
    s->pending = 1;
    /* owner before mode: the file is 0600 root's until both are set */
    if (own != NULL && fchown(fd, own->uid, own->gid) < 0)
        return stage_fail(s, fd,
                          zt_fail_errno(err, errlen, "%s: cannot give it to user %ld group %ld", s->dst,
                                        own->uid == (uid_t)-1 ? -1L : (long)own->uid,
                                        own->gid == (gid_t)-1 ? -1L : (long)own->gid));
    if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0)
        return stage_fail(s, fd, zt_fail_errno(err, errlen, "%s: cannot write", s->dst));
    if (close(fd) < 0)
        return stage_fail(s, -1, zt_fail_errno(err, errlen, "%s: cannot write", s->dst));
    return 0;
}

int zt_pki_stage_bio(struct zt_pki_staged *s, const char *dir, const char *name, BIO *b, mode_t mode,
                     const struct zt_pki_owner *own, char *err, size_t errlen)
{
    char *data = NULL;
    long len = BIO_get_mem_data(b, &data);
    if (len < 0 || data == NULL)
        return zt_tls_fail(err, errlen, "%s/%s: cannot encode", dir, name);
    return zt_pki_stage_bytes(s, dir, name, data, (size_t)len, mode, own, err, errlen);
}

/* One PEM encoder: writes x (a certificate, key or CRL) into b. */
typedef int pem_writer(BIO *b, const void *x);

static int write_cert(BIO *b, const void *x)
{
    return PEM_write_bio_X509(b, (X509 *)x);
}

/* Unencrypted PKCS#8: the key of a daemon that starts unattended. */
static int write_key(BIO *b, const void *k)
{
    return PEM_write_bio_PrivateKey(b, (EVP_PKEY *)k, NULL, NULL, 0, NULL, NULL);
}

static int write_crl(BIO *b, const void *crl)
{
    return PEM_write_bio_X509_CRL(b, (X509_CRL *)crl);
}

/* Encodes x with write into a memory BIO, and stages that. A key goes
 * through a secure-memory BIO, which wipes its buffer on free so the key's
 * bytes do not linger on the heap. */
static int stage_pem(struct zt_pki_staged *s, const char *dir, const char *name, pem_writer *write,
                     const void *x, int secret, mode_t mode, const struct zt_pki_owner *own, char *err,
                     size_t errlen)
{
    BIO *b = BIO_new(secret ? BIO_s_secmem() : BIO_s_mem());
    if (b == NULL || !write(b, x)) {
        BIO_free(b);
        return zt_tls_fail(err, errlen, "%s/%s: cannot encode", dir, name);
    }
    int rc = zt_pki_stage_bio(s, dir, name, b, mode, own, err, errlen);
    BIO_free(b);
    return rc;
}

int zt_pki_stage_cert(struct zt_pki_staged *s, const char *dir, const char *name, X509 *x,
                      const struct zt_pki_owner *own, char *err, size_t errlen)
{
    return stage_pem(s, dir, name, write_cert, x, 0, 0644, own, err, errlen);
}

int zt_pki_stage_key(struct zt_pki_staged *s, const char *dir, const char *name, EVP_PKEY *k,
                     const struct zt_pki_owner *own, char *err, size_t errlen)
{
    mode_t mode = own != NULL && own->group_read ? 0640 : 0600;
    return stage_pem(s, dir, name, write_key, k, 1, mode, own, err, errlen);
}

int zt_pki_stage_crl(struct zt_pki_staged *s, const char *dir, X509_CRL *crl, char *err, size_t errlen)
{
    return stage_pem(s, dir, ZT_PKI_CRL, write_crl, crl, 0, 0644, NULL, err, errlen);
}

/* fsync the directory so that the renames themselves survive a crash.
 * Best effort: some file systems refuse fsync on directories. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
}

int zt_pki_publish(struct zt_pki_staged *s, size_t n, const char *dir, FILE *out, char *err,
                   size_t errlen)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rename(s[i].tmp, s[i].dst) < 0) {
            rc = zt_fail_errno(err, errlen, "%s: cannot replace", s[i].dst);
            break;
        }
        s[i].pending = 0;
        if (out != NULL)
            fprintf(out, "wrote %s\n", s[i].dst);
    }
    sync_dir(dir);
    return rc;
}

/* The register is read, changed and rewritten: two concurrent issues would
 * otherwise lose a line (a certificate that could then never be revoked). */
int zt_pki_lock(const char *dir, int *fd_out, char *err, size_t errlen)
{
    char path[PATH_MAX];
    int rc = zt_pki_path(path, dir, LOCK_NAME, err, errlen);
    if (rc < 0)
        return rc;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return zt_fail_errno(err, errlen, "%s: cannot open", path);
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    while (fcntl(fd, F_SETLKW, &fl) < 0) {
        if (errno == EINTR)
            continue;
        rc = zt_fail_errno(err, errlen, "%s: cannot lock", path);
        (void)close(fd);
        return rc;
    }
    *fd_out = fd;
    return 0;
}

void zt_pki_unlock(int fd)
{
    if (fd >= 0)
        (void)close(fd); /* closing drops the fcntl lock */
}

int zt_pki_make_dir(const char *dir, char *err, size_t errlen)
{
    if (mkdir(dir, 0700) == 0) {
        /* mkdir honours the umask; make the mode exactly 0700 */
        if (chmod(dir, 0700) < 0)
            return zt_fail_errno(err, errlen, "%s: cannot chmod", dir);
        return 0;
    }
    if (errno != EEXIST)
        return zt_fail_errno(err, errlen, "%s: cannot create directory", dir);
    struct stat sb;
    if (stat(dir, &sb) < 0)
        return zt_fail_errno(err, errlen, "%s: cannot stat", dir);
    if (!S_ISDIR(sb.st_mode))
        return zt_fail(err, errlen, -ENOTDIR, "%s: not a directory", dir);
    return 0;
}

/* The owner must be able to pass through dir to reach its files: others
 * get search (x) permission, never read, so nobody can list dir and each
 * file's own mode still guards it (ca.key stays 0600). Nothing changes
 * when they have it already. */
int zt_pki_let_owner_through(const char *dir, const struct zt_pki_owner *own, FILE *out, char *err,
                             size_t errlen)
{
    struct stat sb;
    if (own == NULL)
        return 0;
    if (stat(dir, &sb) < 0)
        return zt_fail_errno(err, errlen, "%s: cannot stat", dir);
    if ((sb.st_mode & 0011) == 0011)
        return 0;
    mode_t mode = (sb.st_mode & 07777) | 0011;
    if (chmod(dir, mode) < 0)
        return zt_fail_errno(err, errlen, "%s: cannot chmod", dir);
    if (out != NULL)
        fprintf(out, "made %s mode %04o: its files' owners can reach them, nobody can list it\n", dir,
                (unsigned)mode);
    return 0;
}
