#include "file_digest.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <unistd.h>

#define READ_BYTES (1u << 20)

int zt_file_sha256(int fd, uint8_t out[ZT_SHA256_LEN], uint64_t *size)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    uint8_t *buf = malloc(READ_BYTES);
    int rc = md && buf && EVP_DigestInit_ex(md, EVP_sha256(), NULL) ? 0 : -ENOMEM;
    uint64_t off = 0;
    while (rc == 0) {
        ssize_t n = pread(fd, buf, READ_BYTES, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = -errno;
        else if (n == 0)
            break;
        else if (!EVP_DigestUpdate(md, buf, (size_t)n))
            rc = -ENOMEM;
        else
            off += (uint64_t)n;
    }
    if (rc == 0 && !EVP_DigestFinal_ex(md, out, NULL))
        rc = -ENOMEM;
    if (rc == 0 && size)
        *size = off;
    EVP_MD_CTX_free(md);
    free(buf);
    return rc;
}

void zt_digest_thread_done(void)
{
    OPENSSL_thread_stop();
}
