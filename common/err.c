#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *zt_strerror(int err)
{
    switch (err) {
    case 0:
        return "success";
    case ZT_E_MAPFULL:
        return "store map full";
    case ZT_E_CORRUPT:
        return "stored record corrupt";
    case ZT_E_STORE:
        return "storage engine failure";
    case ZT_E_CRYPTO:
        return "OpenSSL failure";
    case ZT_E_REWOUND:
        return "zoned runs rewound to an earlier date (--rewind): nothing is stored";
    case ZT_E_DRY_RUN:
        return "a dry run: nothing is stored";
    default:
        return err < 0 ? strerror(-err) : "unknown error";
    }
}

int zt_vfail(char *err, size_t errlen, int code, const char *why, const char *fmt, va_list ap)
{
    if (err == NULL || errlen == 0)
        return code;
    vsnprintf(err, errlen, fmt, ap);
    size_t n = strlen(err);
    if (why != NULL && n + 1 < errlen)
        snprintf(err + n, errlen - n, ": %s", why);
    return code;
}

int zt_fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zt_vfail(err, errlen, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int zt_fail_errno(char *err, size_t errlen, const char *fmt, ...)
{
    int e = errno;
    int code = e > 0 ? -e : -EIO; /* never 0, success, by mistake */
    const char *why = strerror(e);
    va_list ap;
    va_start(ap, fmt);
    zt_vfail(err, errlen, code, why, fmt, ap);
    va_end(ap);
    return code;
}
