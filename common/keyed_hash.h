/* A keyed hash (HMAC-SHA-256 cut to ZT_KEYED_HASH_LEN bytes): a value that
 * stands for a secret-ish string (an erased pupil's UPN) and that nobody
 * without the key can compute, nor invert by trying candidates. */
#ifndef ZT_KEYED_HASH_H
#define ZT_KEYED_HASH_H

#include <stddef.h>
#include <stdint.h>

#define ZT_KEYED_HASH_LEN 16
#define ZT_HASH_KEY_LEN 32

/* Returns 0, or -1 when the hash cannot be computed. */
int zt_keyed_hash(const uint8_t key[ZT_HASH_KEY_LEN], const void *data, size_t len,
                  uint8_t out[ZT_KEYED_HASH_LEN]);

#endif
