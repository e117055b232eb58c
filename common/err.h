/* One error space for the whole project: 0 for success, a negative errno,
 * or a project code from the reserved range below (never clashes with errno
 * nor with LMDB's own -30600..-30800). zt_strerror covers all of them. */
#ifndef ZT_ERR_H
#define ZT_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    ZT_E_FIRST = -4200, /* below errno (up to 4095), room for a hundred codes */
    ZT_E_MAPFULL = ZT_E_FIRST, /* the store's map is full: grow and retry */
    ZT_E_CORRUPT,              /* a stored record is not of its expected form */
    ZT_E_STORE,                /* any other storage engine failure */
    ZT_E_REWOUND,              /* zoned runs rewound (--rewind): nothing is stored */
    ZT_E_CRYPTO,               /* OpenSSL refused a key, certificate or CRL, or failed */
    ZT_E_DRY_RUN,              /* a dry run's transaction: rolled back on purpose */
    ZT_E_LAST,
};

/* Message for a project code or a negative errno. Static string. */
const char *zt_strerror(int err);

/* A failure with its one-line message (no program name, no newline) for
 * the caller to show: formats fmt into err[errlen] when err is not NULL,
 * followed by ": why" when why is not NULL, and returns code, so that
 * `return zt_fail(err, errlen, -ENOENT, "%s: missing", path);` reports
 * and fails at once. */
int zt_fail(char *err, size_t errlen, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int zt_vfail(char *err, size_t errlen, int code, const char *why, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/* zt_fail for a system call that failed: code -errno (-EIO should errno
 * be 0), and strerror(errno) after the message (errno is read before
 * anything else). */
int zt_fail_errno(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
