/* SHA-256 of a whole file, read through an open descriptor: what a backup's
 * two ends compare, zoned over its copy and zonectl over what it wrote. */
#ifndef ZT_FILE_DIGEST_H
#define ZT_FILE_DIGEST_H

#include <stdint.h>

#define ZT_SHA256_LEN 32

/* Digest of fd's bytes from offset 0 to its end (the file position is not
 * used); *size (may be NULL) receives how many. Returns 0 or a negative
 * errno. */
int zt_file_sha256(int fd, uint8_t out[ZT_SHA256_LEN], uint64_t *size);

/* Frees what hashing left in the calling thread's OpenSSL state: a job on
 * a worker thread (libuv's pool outlives the job, and OpenSSL's per-thread
 * state would be lost at exit) calls it when done. */
void zt_digest_thread_done(void);

#endif
